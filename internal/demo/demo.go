// Package demo owns the demonstration dataset of 菊园新区 (嘉定区, 上海):
// its department tree, one account per role, and its 政务公开 content
// (columns, standard catalog, points, guide and about 70 documents), loaded by
// `gongkai serve --demo` into an empty database. Everything but the accounts
// is data, embedded from data/ (described in data/README.md), so a district
// can replace the demo without writing Go.
package demo

import (
	"context"

	"gongkai/internal/auth"
	"gongkai/internal/errs"
	"gongkai/internal/foi"
	"gongkai/internal/interact"
	"gongkai/internal/publish"
	"gongkai/internal/store"
)

// SiteName is the portal name the demo runs under.
const SiteName = "嘉定区菊园新区 政务公开"

// Organ signs the demo's FOI notices.
const Organ = "上海市嘉定区菊园新区管理委员会"

// Password is the password of every demo account. It is printed at start;
// the demo is never a production deployment. Being published, it is on the
// password blocklist: only the demo's own accounts get it
// (store.CreateDemoUser), and no account can be given it afterwards.
const Password = "Gongkai-Demo-2024"

// Account is one demo login, printed for the person trying the demo.
type Account struct {
	Username, Name, Dept string
	Roles                []auth.Role
}

// Accounts are the demo logins, one per role. Dept is the code of a
// department of data/departments.json.
var Accounts = []Account{
	{"admin", "王磊", "", []auth.Role{auth.Sysadmin}},
	{"security", "李静", "", []auth.Role{auth.Secadmin}},
	{"auditor", "赵强", "", []auth.Role{auth.Auditor}},
	{"editor", "张敏", "jy-dzb", []auth.Role{auth.Editor}},
	{"reviewer", "陈洁", "jy-dzb", []auth.Role{auth.Reviewer}},
	{"foi", "周涛", "jy-dzb", []auth.Role{auth.FOIOfficer}},
	{"foihead", "吴芳", "jy-dzb", []auth.Role{auth.FOIOfficer, auth.FOIHead}},
	{"replier", "孙伟", "jy-sqfw", []auth.Role{auth.Replier}},
	{"supervisor", "刘洋", "jy-zwgk", []auth.Role{auth.Supervisor}},
}

// Office is the demo organ's FOI office: the 党政办公室 of 菊园新区, where
// the demo FOI accounts work. The contact details are the demo's own.
func Office(ids map[string]int64) foi.Office {
	return foi.Office{DeptID: ids["jy-dzb"], Contact: "周涛", Phone: "021-00000000", Address: "上海市嘉定区菊园新区（示例地址）",
		ReviewOrgan: "上海市嘉定区人民政府", Court: "上海市嘉定区人民法院", NoticePattern: "菊园依申〔{year}〕{seq}号"}
}

// Letters is the demo's 领导信箱: the director of 菊园新区 (letters answered
// by the 党政办公室) and a deputy for community affairs (answered by the
// 社区事务受理服务中心, where the demo replier works). The deputy's name
// is the demo's own.
func Letters(ids map[string]int64) interact.Settings {
	return interact.Settings{Leaders: []interact.Leader{
		{ID: "zhuren", Name: "徐建国", Title: "菊园新区管委会主任", DeptID: ids["jy-dzb"]},
		{ID: "fuzhuren", Name: "林海", Title: "菊园新区管委会副主任（分管社区事务）", DeptID: ids["jy-sqfw"]},
	}}
}

// Site is the demo portal's footer settings. The 网站标识码, the ICP and
// 公安 registration numbers and the 党政机关网站标识 link are left empty:
// they are issued to real sites, and a made-up one in their format could
// be someone's. The contact lines are the demo's own, as for the office.
func Site() publish.SiteInfo {
	return publish.SiteInfo{Sponsor: Organ, Operator: "菊园新区党政办公室",
		Address: "上海市嘉定区菊园新区（示例地址）", Postcode: "000000", Phone: "021-00000000"}
}

// Load fills an empty store with the demo data: people and content. It
// reports false without changing anything when the store already has
// users, so restarting the demo keeps whatever was done in it.
func Load(ctx context.Context, s *store.Store) (bool, error) {
	data, err := readDataset(dataFS())
	if err != nil {
		return false, errs.Wrap("demo.Load", err)
	}
	ids, loaded, err := loadPeople(ctx, s, data.Departments)
	if err != nil {
		return false, err
	}
	if !loaded {
		// A demo store from before the FOI office was a setting gets the
		// demo's office, so its FOI accounts see the cases; one from before
		// the site settings gets the demo's footer.
		if err := upgradeOffice(ctx, s); err != nil {
			return false, err
		}
		return false, upgradeSite(ctx, s)
	}
	if err := loadContent(ctx, s, ids, data); err != nil {
		return false, errs.Wrap("demo.Load", err)
	}
	return true, errs.Wrap("demo.Load", s.SetSiteInfo(ctx, "demo", Site()))
}

func upgradeOffice(ctx context.Context, s *store.Store) error {
	set, err := s.FOIOfficeSet(ctx)
	if err != nil || set {
		return err
	}
	depts, err := s.Departments(ctx)
	if err != nil {
		return err
	}
	ids := map[string]int64{}
	for _, d := range depts {
		ids[d.Code] = d.ID
	}
	if ids["jy-dzb"] == 0 {
		return nil // not the demo's departments
	}
	return errs.Wrap("demo.Load", s.SetFOIOffice(ctx, "demo", Office(ids)))
}

func upgradeSite(ctx context.Context, s *store.Store) error {
	info, err := s.SiteInfo(ctx)
	if err != nil || *info != (publish.SiteInfo{}) {
		return err
	}
	return errs.Wrap("demo.Load", s.SetSiteInfo(ctx, "demo", Site()))
}

// LoadPeople loads only the departments and the accounts, for tests that
// bring their own content.
func LoadPeople(ctx context.Context, s *store.Store) (bool, error) {
	depts, err := readDepartments(dataFS())
	if err != nil {
		return false, errs.Wrap("demo.LoadPeople", err)
	}
	_, loaded, err := loadPeople(ctx, s, depts)
	return loaded, err
}

func loadPeople(ctx context.Context, s *store.Store, departments []demoDept) (map[string]int64, bool, error) {
	const op = "demo.loadPeople"
	users, err := s.Users(ctx)
	if err != nil {
		return nil, false, errs.Wrap(op, err)
	}
	if len(users) > 0 {
		return nil, false, nil
	}
	ids := map[string]int64{}
	for _, d := range departments {
		dep := &auth.Department{Code: d.Code, Name: d.Name, OrgCode: d.OrgCode, ParentID: ids[d.Parent], Head: d.Head, Phone: d.Phone, Address: d.Address}
		if err := s.CreateDepartment(ctx, "demo", dep); err != nil {
			return nil, false, errs.Wrap(op, err)
		}
		ids[d.Code] = dep.ID
	}
	for _, a := range Accounts {
		u := &auth.User{Username: a.Username, Name: a.Name, DeptID: ids[a.Dept], Roles: a.Roles}
		if err := s.CreateDemoUser(ctx, u, Password); err != nil {
			return nil, false, errs.Wrap(op, err)
		}
	}
	if err := s.SetFOIOffice(ctx, "demo", Office(ids)); err != nil {
		return nil, false, errs.Wrap(op, err)
	}
	if err := s.SaveLetterSettings(ctx, "demo", Letters(ids)); err != nil {
		return nil, false, errs.Wrap(op, err)
	}
	return ids, true, nil
}
