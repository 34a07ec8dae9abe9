package report_test

import (
	"context"
	"regexp"
	"strings"
	"testing"
	"time"

	"gongkai/internal/browsertest"
	"gongkai/internal/calendar"
	"gongkai/internal/foi"
	"gongkai/internal/report"
	"gongkai/internal/store"
	"gongkai/internal/web/webtest"
)

// superviseFixture makes one department red twice over: an 依申请公开 case
// received 60 days ago and assigned to it (overdue), and a broken link on
// its pages in a kept inspection. It returns that department's name.
func superviseFixture(t *testing.T, st *store.Store, now time.Time) string {
	t.Helper()
	ctx := context.Background()
	depts, err := st.Departments(ctx)
	if err != nil || len(depts) < 2 {
		t.Fatalf("departments: %v %d", err, len(depts))
	}
	late := depts[1]
	today := calendar.Today(now)
	app, _, err := st.CreateApplication(ctx, "foi", foi.InPerson, today.AddDays(-60),
		foi.Applicant{Kind: "person", Name: "张三", IDType: "居民身份证", IDNumber: "310114199001011236", Phone: "13900000000"},
		foi.Request{Description: "菊园新区道路养护合同", Format: "paper", Delivery: "pickup"})
	if err != nil {
		t.Fatal(err)
	}
	if err := st.AssignFOI(ctx, "foi", app.Number, late.ID, ""); err != nil {
		t.Fatal(err)
	}
	crawl := report.Crawl{Home: "http://127.0.0.1/", Pages: 3, Links: 9, Problems: []report.Link{
		{URL: "http://127.0.0.1/files/9", Class: "broken", Reason: "页面或文件不存在（404）", FoundOn: []string{"http://127.0.0.1/docs/x"}},
	}}
	ins := report.Inspect(report.SiteFacts{Now: now}, crawl, report.DefaultRules())
	ins.Crawl.Problems[0].Depts = []int64{late.ID} // as report.PageOwners routes a link on that department's document page
	if _, err := st.SaveInspection(ctx, "tester", &ins); err != nil {
		t.Fatal(err)
	}
	return late.Name
}

var firstAlertRe = regexp.MustCompile(`<table id="sv-alerts">.*?<tbody><tr><th scope="row">([^<]+)</th><td>(\d+)</td><td>(\d+)</td>.*?<td>(\d+)</td><td>(无在任信息员|—)</td>`)

var reportRowRe = regexp.MustCompile(`<table id="sv-reports">.*?<tbody><tr><th scope="row"><a [^>]*>([^<]+)</a></th><td>[^<]*</td><td>(.*?)</td>`)

// TestSupervisePage: the supervisor sees the inspection's verdict and the
// department with the most red items first, its overdue case and broken
// link counted; an editor and the FOI head may not see the page.
func TestSupervisePage(t *testing.T) {
	webtest.Dialects(t, func(t *testing.T, d store.Dialect) {
		e := webtest.New(t, d)
		name := superviseFixture(t, e.St, e.Clock.Now())
		r := e.Login("supervisor").Get("/admin/supervise")
		if r.Status != 200 {
			t.Fatalf("page: %d %s", r.Status, webtest.Alert(r.Body))
		}
		webtest.AccessibleHTML(t, "/admin/supervise", r.Body)
		if !strings.Contains(r.Body, "<strong>不合格</strong>") && !strings.Contains(r.Body, "<strong>合格</strong>") {
			t.Error("no inspection verdict")
		}
		m := firstAlertRe.FindStringSubmatch(strings.ReplaceAll(r.Body, "\n", ""))
		// red = the overdue case + the broken link + no officer registered
		if m == nil || m[1] != name || m[2] != "3" || m[3] != "1" || m[4] != "1" || m[5] != "无在任信息员" {
			t.Errorf("first line: %q", m)
		}
		flat := strings.ReplaceAll(r.Body, "\n", "")
		if !strings.Contains(flat, `<table id="sv-rank">`) || !strings.Contains(flat, `<th scope="row">`+name+`</th>`) {
			t.Error("no ranking of this quarter")
		}
		// No report of last year has been made; the organs' are past 31 January.
		if m := reportRowRe.FindStringSubmatch(flat); m == nil || !strings.Contains(m[1], "（全区）") || !strings.Contains(m[2], "未生成稿件") {
			t.Errorf("report status: %q", m)
		}
		for _, who := range []string{"editor", "foihead"} {
			if r := e.Login(who).Get("/admin/supervise"); r.Status != 403 {
				t.Errorf("%s: %d", who, r.Status)
			}
		}
	})
}

func superviseVisitPages(t *testing.T, e *webtest.Env, check func(c *webtest.Client, path string, want int, template string), _ map[string]bool) {
	check(e.Login("supervisor"), "/admin/supervise", 200, "supervise")
}

// TestBrowserSupervise audits the supervisor's dashboard, with red items
// on it, with axe-core in both modes.
func TestBrowserSupervise(t *testing.T) {
	e := webtest.BrowserServer(t)
	superviseFixture(t, e.St, time.Now())
	// The demo's published report of 2025 stands for last year's, whatever
	// year the test runs in.
	ctx := context.Background()
	doc, err := e.St.AnnualDocument(ctx, 2025, "")
	if err != nil || doc == nil {
		t.Fatalf("the demo's 2025 report: %v %v", doc, err)
	}
	today := calendar.Today(time.Now()) // in China, as the page reckons
	if err := e.St.SetAnnualDocument(ctx, "tester", today.Year-1, "", doc.ID); err != nil {
		t.Fatal(err)
	}
	// 党政办公室 made its report of the year before last here, so it is an
	// organ that reports, and last year's is missing.
	if err := e.St.SetAnnualDocument(ctx, "tester", today.Year-2, "jy-dzb", doc.ID); err != nil {
		t.Fatal(err)
	}
	tab := browsertest.Browser(t)
	webtest.BrowserLogin(t, tab, e.Base, "supervisor")
	webtest.AuditBothModes(t, tab, e.Base, []webtest.BrowserPage{
		{Name: "dashboard", Path: "/admin/supervise", Status: 200, Sel: "#sv-alerts", Shot: "admin-supervise"},
	})
	if got := webtest.Text(t, tab, "#sv-reports tbody tr:first-child"); !strings.Contains(got, "已发布") {
		t.Errorf("the district's report: %q", got)
	}
	if n := webtest.Count(t, tab, "#sv-reports tbody tr"); n != 2 {
		t.Errorf("%d organs listed, want the district and 党政办公室", n)
	}
	late := today.Month > time.January // due on 31 January
	if got := webtest.Text(t, tab, "#sv-reports tbody tr:nth-child(2)"); !strings.Contains(got, "党政办公室") || !strings.Contains(got, "未生成稿件") ||
		strings.Contains(got, "逾期") != late {
		t.Errorf("党政办公室's report: %q", got)
	}
}
