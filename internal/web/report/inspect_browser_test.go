package report_test

import (
	"context"
	"testing"
	"time"

	"gongkai/internal/browsertest"
	"gongkai/internal/report"
	"gongkai/internal/web/webtest"
)

// TestBrowserInspect audits the self-inspection page with a kept
// inspection, one record and the rule table, with axe-core in both modes.
func TestBrowserInspect(t *testing.T) {
	e := webtest.BrowserServer(t)
	crawl := report.Crawl{Home: "https://www.example.gov.cn/", Pages: 12, Links: 40, Problems: []report.Link{
		{URL: "https://www.example.gov.cn/files/a.pdf", Class: "broken", Reason: "页面或文件不存在（404）", FoundOn: []string{"https://www.example.gov.cn/"}, OnHome: true},
	}}
	ins := report.Inspect(report.SiteFacts{Now: time.Now()}, crawl, report.DefaultRules())
	id, err := e.St.SaveInspection(context.Background(), "tester", &ins)
	if err != nil {
		t.Fatal(err)
	}
	tab := browsertest.Browser(t)
	webtest.BrowserLogin(t, tab, e.Base, "supervisor")
	webtest.AuditBothModes(t, tab, e.Base, []webtest.BrowserPage{
		{Name: "latest", Path: "/admin/inspect", Status: 200, Sel: `a[href="/admin/inspect/` + webtest.Itoa(id) + `"]`, Shot: "admin-inspect"},
		{Name: "record", Path: "/admin/inspect/" + webtest.Itoa(id), Status: 200, Sel: "#h-verdict"},
		{Name: "rules", Path: "/admin/inspect/rules", Status: 200, Sel: "#ir-points-broken_link_home"},
	})
}
