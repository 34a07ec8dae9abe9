package interact_test

import (
	"strconv"
	"strings"
	"testing"
	"time"

	"gongkai/internal/browsertest"
	"gongkai/internal/calendar"
	"gongkai/internal/interact"
	"gongkai/internal/web/webtest"
)

// TestBrowserSolicitation audits the public solicitation pages with
// axe-core in both modes, then sends a comment through the form in the
// browser: first without a phone (the error is next to the field and in
// the summary), then complete, to the receipt with its number and code;
// and audits the staff pages.
func TestBrowserSolicitation(t *testing.T) {
	e := webtest.BrowserServer(t)
	dept, err := e.St.DepartmentByCode(ctx, "jy-sqfw")
	if err != nil {
		t.Fatal(err)
	}
	today := calendar.Today(time.Now())
	sol, err := e.St.CreateSolicitation(ctx, "supervisor", interact.Solicitation{Title: "菊园新区社区停车管理办法（征求意见稿）", DeptID: dept.ID,
		Kind: interact.DraftNormativeMarket, Summary: "为规范社区停车秩序，起草了本办法。", DraftText: "第一条 为规范社区停车秩序，制定本办法。\n第二条 本办法适用于菊园新区各住宅小区。",
		OpensOn: today, ClosesOn: today.AddDays(40)}, false)
	if err != nil {
		t.Fatal(err)
	}
	path := "/hudong/solicitations/" + strconv.FormatInt(sol.ID, 10)
	tab := browsertest.Browser(t)
	webtest.AuditBothModes(t, tab, e.Base, []webtest.BrowserPage{
		{Name: "list", Path: "/hudong/solicitations", Status: 200, Sel: "#solicit-list"},
		{Name: "solicitation", Path: path, Status: 200, Sel: "#solicit-form"},
	})

	webtest.Go(t, tab, e.Base+path)
	webtest.Type(t, tab, "#sc-name", "王晓明")
	webtest.Type(t, tab, "#sc-content", "建议在小区出入口增设临时停车位。")
	if status := webtest.Click(t, tab, "#solicit-form button[type=submit]"); status != 400 {
		t.Fatalf("comment without phone: %d", status)
	}
	if webtest.Count(t, tab, "#sc-phone-error") != 1 || !strings.Contains(webtest.Text(t, tab, "#sc-error"), "联系电话") {
		t.Fatalf("the phone's error is not shown: %s", webtest.Text(t, tab, "main"))
	}
	webtest.Accessible(t, tab, "comment form with errors")
	webtest.Type(t, tab, "#sc-phone", "13912345678")
	webtest.Type(t, tab, "#sc-challenge", challengeAnswer(t, tab, "sc-challenge"))
	if status := webtest.Click(t, tab, "#solicit-form button[type=submit]"); status != 200 {
		t.Fatalf("comment: %d %s", status, webtest.Text(t, tab, "main"))
	}
	number, code := webtest.Text(t, tab, "#receipt-number"), webtest.Text(t, tab, "#receipt-code")
	if !strings.HasPrefix(number, "XX") || code == "" {
		t.Fatalf("receipt: %q %q", number, code)
	}
	webtest.Accessible(t, tab, "comment receipt")

	staff := browsertest.Browser(t)
	webtest.BrowserLogin(t, staff, e.Base, "supervisor")
	webtest.AuditPages(t, staff, e.Base, false, []webtest.BrowserPage{
		{Name: "admin list", Path: "/admin/solicitations", Status: 200, Sel: "#solicit-admin-list"},
		{Name: "admin new", Path: "/admin/solicitations/new", Status: 200, Sel: "#se-title"},
		{Name: "admin solicitation", Path: "/admin/solicitations/" + strconv.FormatInt(sol.ID, 10), Status: 200, Sel: "#solicit-comments"},
	})
}
