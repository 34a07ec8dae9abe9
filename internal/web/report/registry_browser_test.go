package report_test

import (
	"strconv"
	"strings"
	"testing"
	"time"

	"gongkai/internal/browsertest"
	"gongkai/internal/calendar"
	"gongkai/internal/report"
	"gongkai/internal/web/webtest"
)

// TestBrowserRegistry audits the officers page (with its warning: the demo
// leaves one village committee without an officer), the new-media register
// (with the demo's stale account) and a handover page with
// axe-core, and submits the officer form with an unknown account: the
// message stands next to the field, which is marked invalid.
func TestBrowserRegistry(t *testing.T) {
	e := webtest.BrowserServer(t)
	today := calendar.Today(time.Now())
	dept, err := e.St.DepartmentByCode(ctx, "jy-sqfw")
	if err != nil {
		t.Fatal(err)
	}
	out, err := e.St.CreateOfficer(ctx, "tester", report.Officer{Name: "孙伟", DeptID: dept.ID, Duty: report.DutyInteract, Username: "replier", From: today.AddDays(-200)})
	if err != nil {
		t.Fatal(err)
	}
	in, err := e.St.CreateOfficer(ctx, "tester", report.Officer{Name: "钱多", DeptID: dept.ID, Duty: report.DutyInteract, From: today})
	if err != nil {
		t.Fatal(err)
	}
	h, err := e.St.CreateHandover(ctx, "tester", out.ID, in.ID, today, report.NewChecklist(map[string]bool{"accounts": true}), "")
	if err != nil {
		t.Fatal(err)
	}
	tab := browsertest.Browser(t)
	webtest.BrowserLogin(t, tab, e.Base, "supervisor")
	webtest.AuditPages(t, tab, e.Base, false, []webtest.BrowserPage{
		{Name: "officers", Path: "/admin/registry/officers", Status: 200, Sel: "#h-missing"},
		{Name: "handover", Path: "/admin/registry/handovers/" + strconv.FormatInt(h.ID, 10), Status: 200, Sel: "#rg-note-incoming"},
		{Name: "newmedia", Path: "/admin/registry/newmedia", Status: 200, Sel: "#h-stale"},
	})
	webtest.Go(t, tab, e.Base+"/admin/registry/officers")
	webtest.Type(t, tab, "#rg-name", "李娜")
	webtest.Select(t, tab, "#rg-dept_id", strconv.FormatInt(dept.ID, 10))
	webtest.Type(t, tab, "#rg-username", "nobody.here")
	if status := webtest.Click(t, tab, `form[action="/admin/registry/officers"] button[type=submit]`); status != 400 {
		t.Fatalf("submit: %d %s", status, webtest.Text(t, tab, "main"))
	}
	if got := webtest.Text(t, tab, "#rg-username-error"); !strings.Contains(got, "没有这个系统账户") {
		t.Fatalf("the field's message: %q", got)
	}
	if got := webtest.Eval[string](t, tab, `document.querySelector("#rg-username").getAttribute("aria-invalid")`); got != "true" {
		t.Fatalf("aria-invalid %q", got)
	}
	webtest.Accessible(t, tab, "officer form with an error")
}
