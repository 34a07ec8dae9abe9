package report_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"gongkai/internal/calendar"
	"gongkai/internal/report"
	"gongkai/internal/store"
	"gongkai/internal/web/webtest"
)

var ctx = context.Background()

func regDept(t *testing.T, e *webtest.Env, code string) int64 {
	t.Helper()
	d, err := e.St.DepartmentByCode(ctx, code)
	if err != nil {
		t.Fatal(err)
	}
	return d.ID
}

func regOfficer(t *testing.T, e *webtest.Env, o report.Officer) *report.Officer {
	t.Helper()
	got, err := e.St.CreateOfficer(ctx, "tester", o)
	if err != nil {
		t.Fatal(err)
	}
	return got
}

// registryVisitPages renders the registry pages for TestEveryPageRenders.
func registryVisitPages(t *testing.T, e *webtest.Env, check func(c *webtest.Client, path string, want int, template string), rendered map[string]bool) {
	today := calendar.Today(e.Clock.Now())
	sqfw := regDept(t, e, "jy-sqfw")
	a := regOfficer(t, e, report.Officer{Name: "孙伟", DeptID: sqfw, Duty: report.DutyInteract, Username: "replier", From: today.AddDays(-100)})
	b := regOfficer(t, e, report.Officer{Name: "钱多", DeptID: sqfw, Duty: report.DutyInteract, From: today})
	h, err := e.St.CreateHandover(ctx, "tester", a.ID, b.ID, today, report.NewChecklist(nil), "")
	if err != nil {
		t.Fatal(err)
	}
	m, err := e.St.CreateNewMediaAccount(ctx, "tester", report.NewMediaAccount{Platform: report.PlatformWeibo, Name: "菊园发布", DeptID: sqfw,
		Tier: report.TierTown, StatusDate: today.AddDays(-30)})
	if err != nil {
		t.Fatal(err)
	}
	sup := e.Login("supervisor")
	check(sup, "/admin/registry/officers", 200, "registry_officers")
	check(sup, "/admin/registry/officers/"+webtest.Itoa(a.ID), 200, "registry_officer")
	check(sup, "/admin/registry/handovers", 200, "registry_handovers")
	check(sup, "/admin/registry/handovers/"+webtest.Itoa(h.ID), 200, "registry_handover")
	check(sup, "/admin/registry/newmedia", 200, "newmedia")
	check(sup, "/admin/registry/newmedia/"+webtest.Itoa(m.ID), 200, "newmedia_account")
}

// TestRegistryOfficerPages: the supervisor registers officers through the
// form; a department without an active officer is listed until one is;
// bad input is refused next to its field in Chinese with what was typed
// kept; other roles are refused.
func TestRegistryOfficerPages(t *testing.T) {
	webtest.Dialects(t, func(t *testing.T, d store.Dialect) {
		e := webtest.New(t, d)
		sqfw := regDept(t, e, "jy-sqfw")
		sup := e.Login("supervisor")
		page := sup.Get("/admin/registry/officers")
		if page.Status != 200 || !strings.Contains(page.Body, "没有在任信息员的部门") || !strings.Contains(page.Body, "社区事务受理服务中心") {
			t.Fatalf("list: %d %s", page.Status, page.Body)
		}
		bad := url.Values{"name": {""}, "dept_id": {webtest.Itoa(sqfw)}, "duty": {"foi"}, "username": {"nobody.here"}, "from": {"2026-02-30"},
			"trainee": {"1"}, "trainee_note": {"待备案"}}
		r := sup.Post("/admin/registry/officers", bad)
		if r.Status != http.StatusBadRequest || !strings.Contains(r.Body, `id="rg-from-error"`) || !strings.Contains(r.Body, "任职起始日期") ||
			!strings.Contains(r.Body, ">待备案</textarea>") {
			t.Fatalf("a bad date: %d %s", r.Status, webtest.Alert(r.Body))
		}
		bad.Set("from", "2026-01-05")
		r = sup.Post("/admin/registry/officers", bad)
		if r.Status != http.StatusBadRequest || !strings.Contains(r.Body, `id="rg-name-error"`) || !strings.Contains(r.Body, "请填写信息员姓名。") ||
			!strings.Contains(r.Body, "实习信息员须填写实习备案日期。") || !strings.Contains(r.Body, `id="rg-trainee_filed" name="trainee_filed" value="" aria-invalid="true"`) {
			t.Fatalf("bad officer: %d %s", r.Status, webtest.Alert(r.Body))
		}
		bad.Set("name", "孙伟")
		bad.Set("trainee_filed", "2026-01-06")
		if r := sup.Post("/admin/registry/officers", bad); r.Status != http.StatusBadRequest || !strings.Contains(r.Body, "没有这个系统账户") {
			t.Fatalf("an unknown account: %d %s", r.Status, webtest.Alert(r.Body))
		}
		bad.Set("username", "replier")
		if r := sup.Post("/admin/registry/officers", bad); r.Status != http.StatusSeeOther {
			t.Fatalf("create: %d %s", r.Status, webtest.Alert(r.Body))
		}
		page = sup.Get("/admin/registry/officers")
		missing := between(page.Body, `id="h-missing"`, "</section>")
		if !strings.Contains(page.Body, "孙伟") || !strings.Contains(page.Body, "2026-01-06 备案") || strings.Contains(missing, "社区事务受理服务中心") ||
			!strings.Contains(missing, "党政办公室") {
			t.Fatalf("after create: %s", page.Body)
		}
		webtest.AccessibleHTML(t, "officers", page.Body)
		for _, who := range []string{"editor", "replier", "admin"} {
			if r := e.Login(who).Get("/admin/registry/officers"); r.Status != http.StatusForbidden {
				t.Fatalf("%s: %d", who, r.Status)
			}
		}
		if dash := sup.Get("/admin/"); !strings.Contains(dash.Body, "没有在任信息员的部门") {
			t.Fatal("the dashboard misses the departments without an officer")
		}
	})
}

func between(s, from, to string) string {
	_, rest, _ := strings.Cut(s, from)
	v, _, _ := strings.Cut(rest, to)
	return v
}

// TestRegistryHandoverPages: the supervisor opens a handover; the
// outgoing officer signs as themselves from their dashboard's link; the
// handover stays open and their term runs until the supervisor signs for
// the incoming officer (who has no account) with a reason; someone else
// cannot see it.
func TestRegistryHandoverPages(t *testing.T) {
	webtest.Dialects(t, func(t *testing.T, d store.Dialect) {
		e := webtest.New(t, d)
		today := calendar.Today(e.Clock.Now())
		sqfw, dzb := regDept(t, e, "jy-sqfw"), regDept(t, e, "jy-dzb")
		out := regOfficer(t, e, report.Officer{Name: "孙伟", DeptID: sqfw, Duty: report.DutyInteract, Username: "replier", From: today.AddDays(-300)})
		in := regOfficer(t, e, report.Officer{Name: "钱多", DeptID: sqfw, Duty: report.DutyInteract, From: today})
		elsewhere := regOfficer(t, e, report.Officer{Name: "张敏", DeptID: dzb, Duty: report.DutyPublish, Username: "editor", From: today.AddDays(-10)})

		sup := e.Login("supervisor")
		sup.Get("/admin/registry/handovers")
		form := url.Values{"from_id": {webtest.Itoa(out.ID)}, "to_id": {webtest.Itoa(elsewhere.ID)}, "date": {today.String()},
			"item_accounts": {"1"}, "item_letters": {"1"}, "note": {"岗位调整"}}
		r := sup.Post("/admin/registry/handovers", form)
		if r.Status != http.StatusBadRequest || !strings.Contains(r.Body, `id="rg-to_id-error"`) || !strings.Contains(r.Body, "接收人须与交出人同属一个部门") ||
			!strings.Contains(r.Body, `name="item_letters" value="1" checked`) {
			t.Fatalf("another department: %d %s", r.Status, webtest.Alert(r.Body))
		}
		form.Set("to_id", webtest.Itoa(in.ID))
		r = sup.Post("/admin/registry/handovers", form)
		if r.Status != http.StatusSeeOther {
			t.Fatalf("create: %d %s", r.Status, webtest.Alert(r.Body))
		}
		path := r.Header.Get("Location")

		if r := e.Login("editor").Get(path); r.Status != http.StatusNotFound {
			t.Fatalf("a stranger sees the handover: %d", r.Status)
		}
		replier := e.Login("replier")
		dash := replier.Get("/admin/")
		if !strings.Contains(dash.Body, `href="`+path+`"`) {
			t.Fatalf("the outgoing officer's dashboard: %s", dash.Body)
		}
		page := replier.Get(path)
		if page.Status != 200 || !strings.Contains(page.Body, "我是交出人，确认交接") || strings.Contains(page.Body, "我是接收人") ||
			!strings.Contains(page.Body, "未办妥</span>：在办依申请公开件") {
			t.Fatalf("the outgoing officer's page: %d %s", page.Status, page.Body)
		}
		if r := replier.Post(path+"/confirm", url.Values{"side": {"incoming"}}); r.Status != http.StatusForbidden {
			t.Fatalf("signing the other side: %d", r.Status)
		}
		if r := replier.Post(path+"/confirm", url.Values{"side": {"outgoing"}}); r.Status != http.StatusSeeOther {
			t.Fatalf("outgoing sign-off: %d %s", r.Status, webtest.Alert(r.Body))
		}
		if o, _ := e.St.Officer(ctx, out.ID); !o.To.IsZero() {
			t.Fatal("one sign-off ended the outgoing term")
		}
		page = sup.Get(path)
		if !strings.Contains(page.Body, "交接未完成") || !strings.Contains(page.Body, "（本人确认）") || !strings.Contains(page.Body, "代接收人确认") {
			t.Fatalf("after one sign-off: %s", page.Body)
		}
		r = sup.Post(path+"/confirm", url.Values{"side": {"incoming"}, "note": {" "}})
		if r.Status != http.StatusBadRequest || !strings.Contains(r.Body, `id="rg-note-incoming-error"`) || !strings.Contains(r.Body, "请写明原因") {
			t.Fatalf("on behalf without a reason: %d %s", r.Status, webtest.Alert(r.Body))
		}
		if r := sup.Post(path+"/confirm", url.Values{"side": {"incoming"}, "note": {"钱多尚未开通账户，当面确认"}}); r.Status != http.StatusSeeOther {
			t.Fatalf("incoming sign-off: %d %s", r.Status, webtest.Alert(r.Body))
		}
		page = sup.Get(path)
		if !strings.Contains(page.Body, "交接已完成") || !strings.Contains(page.Body, "政务公开办代为确认：钱多尚未开通账户，当面确认") {
			t.Fatalf("complete: %s", page.Body)
		}
		webtest.AccessibleHTML(t, "handover", page.Body)
		if o, _ := e.St.Officer(ctx, out.ID); o.To != today {
			t.Fatalf("the outgoing term ends %v", o.To)
		}
		if dash := replier.Get("/admin/"); strings.Contains(dash.Body, path) {
			t.Fatal("a complete handover is still on the dashboard")
		}
	})
}

// TestRegistryNewMediaPages: an account registered through the form is
// flagged once it has not posted for 14 days, the flag goes with a new
// post date, status changes are kept in the history, and a change the
// rules forbid is refused next to its field.
func TestRegistryNewMediaPages(t *testing.T) {
	webtest.Dialects(t, func(t *testing.T, d store.Dialect) {
		e := webtest.New(t, d)
		today := calendar.Today(e.Clock.Now())
		sqfw := regDept(t, e, "jy-sqfw")
		sup := e.Login("supervisor")
		sup.Get("/admin/registry/newmedia")
		form := url.Values{"platform": {"douyin"}, "name": {""}, "dept_id": {webtest.Itoa(sqfw)}, "tier": {"town"},
			"status_date": {today.AddDays(-40).String()}, "last_post": {today.AddDays(-14).String()}}
		r := sup.Post("/admin/registry/newmedia", form)
		if r.Status != http.StatusBadRequest || !strings.Contains(r.Body, `id="rg-name-error"`) || !strings.Contains(r.Body, "请填写账号名称。") {
			t.Fatalf("no name: %d %s", r.Status, webtest.Alert(r.Body))
		}
		form.Set("name", "菊园新区")
		r = sup.Post("/admin/registry/newmedia", form)
		if r.Status != http.StatusSeeOther {
			t.Fatalf("create: %d %s", r.Status, webtest.Alert(r.Body))
		}
		path := r.Header.Get("Location")
		list := sup.Get("/admin/registry/newmedia")
		stale := between(list.Body, `id="h-stale"`, "</section>")
		if !strings.Contains(stale, "抖音：菊园新区") || !strings.Contains(stale, today.AddDays(-14).String()) {
			t.Fatalf("14 days without a post is not flagged: %s", list.Body)
		}
		if dash := sup.Get("/admin/"); !strings.Contains(dash.Body, "菊园新区（抖音）") {
			t.Fatal("the dashboard misses the stale account")
		}
		sup.Get(path)
		if r := sup.Post(path+"/last-post", url.Values{"last_post": {today.AddDays(-13).String()}}); r.Status != http.StatusSeeOther {
			t.Fatalf("last post: %d %s", r.Status, webtest.Alert(r.Body))
		}
		if list := sup.Get("/admin/registry/newmedia"); strings.Contains(list.Body, `id="h-stale"`) {
			t.Fatal("still flagged after a post 13 days ago")
		}
		page := sup.Get(path)
		version := between(page.Body, `name="version" value="`, `"`)
		if r := sup.Post(path+"/status", url.Values{"status": {"open"}, "status_date": {today.String()}, "version": {version}}); r.Status != http.StatusBadRequest ||
			!strings.Contains(r.Body, `id="rg-status-error"`) || !strings.Contains(r.Body, "不能改为“开设”") {
			t.Fatalf("a forbidden change: %d %s", r.Status, webtest.Alert(r.Body))
		}
		if r := sup.Post(path+"/status", url.Values{"status": {"suspended"}, "status_date": {today.String()}, "note": {"机构调整暂停"}, "version": {version}}); r.Status != http.StatusSeeOther {
			t.Fatalf("suspend: %d %s", r.Status, webtest.Alert(r.Body))
		}
		page = sup.Get(path)
		if !strings.Contains(page.Body, "<td>关停</td><td>机构调整暂停</td>") || !strings.Contains(page.Body, "<td>开设</td>") {
			t.Fatalf("history: %s", page.Body)
		}
		webtest.AccessibleHTML(t, "newmedia account", page.Body)
		if r := e.Login("replier").Get(path); r.Status != http.StatusForbidden {
			t.Fatalf("a replier: %d", r.Status)
		}
	})
}

// TestRegistryNewMediaAPI: a publishing tool reports an account's last
// post through the API; bad dates, other roles and unknown accounts are
// refused with their codes.
func TestRegistryNewMediaAPI(t *testing.T) {
	webtest.Dialects(t, func(t *testing.T, d store.Dialect) {
		e := webtest.New(t, d)
		today := calendar.Today(e.Clock.Now())
		a, err := e.St.CreateNewMediaAccount(ctx, "tester", report.NewMediaAccount{Platform: report.PlatformToutiao, Name: "菊园头条",
			DeptID: regDept(t, e, "jy-sqfw"), Tier: report.TierTown, StatusDate: today.AddDays(-60)})
		if err != nil {
			t.Fatal(err)
		}
		path := "/api/v1/newmedia/" + webtest.Itoa(a.ID) + "/last-post"
		tok := e.Token("supervisor")
		status, body := e.API("PUT", path, tok, `{"last_post":"`+today.AddDays(-2).String()+`"}`)
		if status != 200 || body["last_post"] != today.AddDays(-2).String() || body["stale"] != false || body["department"] != "社区事务受理服务中心" {
			t.Fatalf("set: %d %v", status, body)
		}
		status, body = e.API("PUT", path, tok, `{"last_post":"2026-13-01"}`)
		if code, msg := webtest.ErrorCode(body); status != 400 || code != "invalid_date" || !strings.Contains(msg, "最近更新日期") {
			t.Fatalf("a bad date: %d %v", status, body)
		}
		status, body = e.API("PUT", path, tok, `{"last_post":"`+today.AddDays(1).String()+`"}`)
		if code, _ := webtest.ErrorCode(body); status != 400 || code != "last_post_future" {
			t.Fatalf("a future date: %d %v", status, body)
		}
		if status, _ := e.API("PUT", path, e.Token("replier"), `{"last_post":"`+today.String()+`"}`); status != http.StatusForbidden {
			t.Fatalf("a replier: %d", status)
		}
		if status, _ := e.API("PUT", "/api/v1/newmedia/99999/last-post", tok, `{"last_post":"`+today.String()+`"}`); status != http.StatusNotFound {
			t.Fatalf("an unknown account: %d", status)
		}
		if got, _ := e.St.NewMediaAccount(ctx, a.ID); got.LastPost != today.AddDays(-2) {
			t.Fatalf("stored %v", got.LastPost)
		}
	})
}
