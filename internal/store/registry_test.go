package store_test

import (
	"testing"
	"time"

	"gongkai/internal/auth"
	"gongkai/internal/calendar"
	"gongkai/internal/errs"
	"gongkai/internal/report"
	"gongkai/internal/store"
	"gongkai/internal/store/storetest"
)

// TestRegistrySuite runs the officer and new-media registries' store
// tests on each dialect.
func TestRegistrySuite(t *testing.T) {
	for _, d := range storetest.Dialects(t) {
		t.Run(string(d), func(t *testing.T) {
			t.Run("Officers", func(t *testing.T) { testRegistryOfficers(t, storetest.Open(t, d)) })
			t.Run("HandoverRequiresBoth", func(t *testing.T) { testRegistryHandoverRequiresBoth(t, storetest.Open(t, d)) })
			t.Run("NewMedia", func(t *testing.T) { testRegistryNewMedia(t, storetest.Open(t, d)) })
		})
	}
}

var regDay = calendar.MustParse

func mustOfficer(t *testing.T, s *store.Store, o report.Officer) *report.Officer {
	t.Helper()
	got, err := s.CreateOfficer(ctx, "tester", o)
	if err != nil {
		t.Fatal(err)
	}
	return got
}

func testRegistryOfficers(t *testing.T, s *store.Store) {
	sqfw := mustDept(t, s, "jy-sqfw", "社区事务受理服务中心", "", 0)
	jjfz := mustDept(t, s, "jy-jjfz", "经济发展办公室", "", 0)
	mustUser(t, s, "li.na", sqfw.ID, auth.Editor)
	o := mustOfficer(t, s, report.Officer{Name: " 李娜 ", DeptID: sqfw.ID, Duty: report.DutyPublish, Username: "li.na", From: regDay("2026-01-05"),
		Trainee: true, TraineeFiled: regDay("2026-01-06"), TraineeNote: "区政务公开办备案"})
	if o.Name != "李娜" || o.DeptName != "社区事务受理服务中心" || !o.Trainee || o.TraineeFiled != regDay("2026-01-06") || o.Version != 1 || !o.To.IsZero() {
		t.Fatalf("created: %+v", o)
	}
	mustOfficer(t, s, report.Officer{Name: "赵伟", DeptID: jjfz.ID, Duty: report.DutyFOI, From: regDay("2025-01-01"), To: regDay("2025-12-31")})
	list, err := s.Officers(ctx)
	if err != nil || len(list) != 2 {
		t.Fatalf("list: %v %v", list, err)
	}
	depts, _ := s.Departments(ctx)
	missing := report.DepartmentsWithoutOfficer(depts, list, regDay("2026-02-01"))
	if len(missing) != 1 || missing[0].ID != jjfz.ID {
		t.Fatalf("departments without an officer: %v", missing)
	}
	// Refusals: an unknown account, a stale version, bad fields in Chinese.
	_, err = s.CreateOfficer(ctx, "tester", report.Officer{Name: "甲", DeptID: sqfw.ID, Duty: report.DutyFOI, Username: "nobody", From: regDay("2026-01-01")})
	wantCode(t, err, errs.Invalid, "account_not_found")
	if errs.FieldOf(err) != "username" {
		t.Fatalf("field %q", errs.FieldOf(err))
	}
	mustUser(t, s, "admin.one", 0, auth.Sysadmin)
	_, err = s.CreateOfficer(ctx, "tester", report.Officer{Name: "甲", DeptID: sqfw.ID, Duty: report.DutyFOI, Username: "admin.one", From: regDay("2026-01-01")})
	wantCode(t, err, errs.Invalid, "administrative_account")
	o.To = regDay("2026-03-31")
	if _, err := s.UpdateOfficer(ctx, "tester", *o); err != nil {
		t.Fatal(err)
	}
	_, err = s.UpdateOfficer(ctx, "tester", *o)
	wantCode(t, err, errs.Conflict, "stale_version")
	_, err = s.CreateOfficer(ctx, "tester", report.Officer{DeptID: 99999, Duty: report.DutyFOI, From: regDay("2026-01-01")})
	if all := errs.All(err); len(all) != 1 || all[0].Code != "name_required" {
		t.Fatalf("bad officer: %v", err)
	}
	_, err = s.CreateOfficer(ctx, "tester", report.Officer{Name: "甲", DeptID: 99999, Duty: report.DutyFOI, From: regDay("2026-01-01")})
	wantCode(t, err, errs.Invalid, "department_not_found")
	evs, _ := s.AuditEvents(ctx, store.AuditFilter{Action: "officer."})
	if len(evs) != 3 || evs[0].Action != "officer.update" || evs[0].Detail["to"] != "2026-03-31" || evs[2].Detail["trainee_filed"] != "2026-01-06" {
		t.Fatalf("audit: %+v", evs)
	}
	for _, e := range evs {
		for _, v := range e.Detail {
			if v == "李娜" || v == "赵伟" {
				t.Fatal("the audit trail names the officer")
			}
		}
	}
}

// testRegistryHandoverRequiresBoth: one sign-off leaves the handover open
// and the outgoing officer in office; the second completes it and ends
// the term on the handover date, in the same transaction.
func testRegistryHandoverRequiresBoth(t *testing.T, s *store.Store) {
	s.Now = storetest.NewClock(time.Date(2026, 6, 15, 2, 0, 0, 0, time.UTC)).Now
	sqfw := mustDept(t, s, "jy-sqfw", "社区事务受理服务中心", "", 0)
	jjfz := mustDept(t, s, "jy-jjfz", "经济发展办公室", "", 0)
	wang := mustUser(t, s, "wang.q", sqfw.ID, auth.Editor)
	li := mustUser(t, s, "li.na", sqfw.ID, auth.Replier)
	sup := mustUser(t, s, "sup.one", jjfz.ID, auth.Supervisor)
	from := mustOfficer(t, s, report.Officer{Name: "王强", DeptID: sqfw.ID, Duty: report.DutyPublish, Username: "wang.q", From: regDay("2024-01-01")})
	to := mustOfficer(t, s, report.Officer{Name: "李娜", DeptID: sqfw.ID, Duty: report.DutyPublish, Username: "li.na", From: regDay("2026-06-01")})
	other := mustOfficer(t, s, report.Officer{Name: "赵伟", DeptID: jjfz.ID, Duty: report.DutyPublish, From: regDay("2024-01-01")})

	_, err := s.CreateHandover(ctx, "sup.one", from.ID, other.ID, regDay("2026-06-15"), nil, "")
	wantCode(t, err, errs.Invalid, "other_department")
	h, err := s.CreateHandover(ctx, "sup.one", from.ID, to.ID, regDay("2026-06-15"), report.NewChecklist(map[string]bool{"accounts": true, "secrecy": true}), "当面交接")
	if err != nil {
		t.Fatal(err)
	}
	if len(h.Items) != 5 || !h.Items[0].Done || h.Items[1].Done || h.Complete() {
		t.Fatalf("created: %+v", h)
	}
	// Someone else's sign-off is refused; one party's is not enough.
	_, err = s.ConfirmHandover(ctx, li, h.ID, report.Outgoing, "")
	wantCode(t, err, errs.Forbidden, "not_party")
	h, err = s.ConfirmHandover(ctx, wang, h.ID, report.Outgoing, "")
	if err != nil {
		t.Fatal(err)
	}
	if h.Complete() || h.Out.By != "wang.q" || h.Out.OnBehalf || h.Out.At.IsZero() {
		t.Fatalf("after one: %+v", h.Out)
	}
	if o, _ := s.Officer(ctx, from.ID); !o.To.IsZero() {
		t.Fatalf("one sign-off ended the outgoing term: %v", o.To)
	}
	_, err = s.ConfirmHandover(ctx, wang, h.ID, report.Outgoing, "")
	wantCode(t, err, errs.Conflict, "already_confirmed")
	// The supervisor signs for 李娜 only with a reason.
	_, err = s.ConfirmHandover(ctx, sup, h.ID, report.Incoming, "")
	wantCode(t, err, errs.Invalid, "behalf_note_required")
	h, err = s.ConfirmHandover(ctx, sup, h.ID, report.Incoming, "本人出差，电话确认")
	if err != nil {
		t.Fatal(err)
	}
	if !h.Complete() || !h.In.OnBehalf || h.In.By != "sup.one" || h.In.Note != "本人出差，电话确认" {
		t.Fatalf("after both: %+v", h.In)
	}
	if o, _ := s.Officer(ctx, from.ID); o.To != regDay("2026-06-15") {
		t.Fatalf("the outgoing term ends %v", o.To)
	}
	if o, _ := s.Officer(ctx, to.ID); !o.To.IsZero() {
		t.Fatalf("the incoming term ends %v", o.To)
	}
	list, err := s.Handovers(ctx)
	if err != nil || len(list) != 1 || list[0].To.Name != "李娜" {
		t.Fatalf("list %v %v", list, err)
	}
	evs, _ := s.AuditEvents(ctx, store.AuditFilter{Action: "handover.confirm"})
	if len(evs) != 2 || evs[0].Detail["complete"] != "true" || evs[0].Detail["on_behalf"] != "true" || evs[1].Detail["complete"] != "" {
		t.Fatalf("audit %+v", evs)
	}
}

func testRegistryNewMedia(t *testing.T, s *store.Store) {
	s.Now = storetest.NewClock(time.Date(2026, 6, 15, 2, 0, 0, 0, time.UTC)).Now
	sqfw := mustDept(t, s, "jy-sqfw", "社区事务受理服务中心", "", 0)
	a, err := s.CreateNewMediaAccount(ctx, "tester", report.NewMediaAccount{Platform: report.PlatformWeChat, Name: " 菊园新区发布 ",
		DeptID: sqfw.ID, Tier: report.TierTown, StatusDate: regDay("2026-05-01")})
	if err != nil {
		t.Fatal(err)
	}
	if a.Name != "菊园新区发布" || a.Status != report.StatusOpen || len(a.History) != 1 || a.History[0].By != "tester" {
		t.Fatalf("created %+v", a)
	}
	_, err = s.CreateNewMediaAccount(ctx, "tester", report.NewMediaAccount{Platform: report.PlatformWeChat, Name: "菊园新区发布",
		DeptID: sqfw.ID, Tier: report.TierTown, StatusDate: regDay("2026-05-01")})
	wantCode(t, err, errs.Conflict, "account_exists")
	if !a.Stale(regDay("2026-06-15")) {
		t.Fatal("never posted since 05-01 and not stale")
	}
	if a, err = s.SetNewMediaLastPost(ctx, "tester", a.ID, regDay("2026-06-10")); err != nil || a.LastPost != regDay("2026-06-10") || a.Stale(regDay("2026-06-15")) {
		t.Fatalf("last post %+v %v", a, err)
	}
	if a, _ = s.SetNewMediaLastPost(ctx, "tester", a.ID, regDay("2026-06-01")); a.LastPost != regDay("2026-06-10") {
		t.Fatal("an older post moved the date back")
	}
	_, err = s.SetNewMediaLastPost(ctx, "tester", a.ID, regDay("2026-06-16"))
	wantCode(t, err, errs.Invalid, "last_post_future")
	_, err = s.ChangeNewMediaStatus(ctx, "tester", a.ID, a.Version, report.StatusOpen, regDay("2026-06-12"), "")
	wantCode(t, err, errs.Invalid, "status_not_allowed")
	a, err = s.ChangeNewMediaStatus(ctx, "tester", a.ID, a.Version, report.StatusSuspended, regDay("2026-06-12"), "停止更新")
	if err != nil {
		t.Fatal(err)
	}
	_, err = s.ChangeNewMediaStatus(ctx, "tester", a.ID, a.Version-1, report.StatusCancelled, regDay("2026-06-13"), "")
	wantCode(t, err, errs.Conflict, "stale_version")
	if a, err = s.ChangeNewMediaStatus(ctx, "tester", a.ID, a.Version, report.StatusCancelled, regDay("2026-06-13"), "已注销"); err != nil {
		t.Fatal(err)
	}
	if len(a.History) != 3 || a.History[1].Status != report.StatusSuspended || a.History[1].Date != regDay("2026-06-12") || a.History[2].Note != "已注销" {
		t.Fatalf("history %+v", a.History)
	}
	list, err := s.NewMediaAccounts(ctx)
	if err != nil || len(list) != 1 || list[0].Status != report.StatusCancelled || len(report.StaleAccounts(list, regDay("2026-12-01"))) != 0 {
		t.Fatalf("list %v %v", list, err)
	}
}
