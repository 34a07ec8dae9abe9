package report_test

import (
	"context"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"gongkai/internal/auth"
	"gongkai/internal/browsertest"
	"gongkai/internal/calendar"
	"gongkai/internal/demo"
	"gongkai/internal/publish"
	"gongkai/internal/store"
	"gongkai/internal/web/webtest"
)

// TestAnnualReportTexts: the supervisor's text refuses unknown
// placeholders by name, previews the filled-in report without saving, and
// saves; the report's draft goes to the 年报 column through the review and
// is published at its document address; generating it again revises the
// same document.
func TestAnnualReportTexts(t *testing.T) {
	webtest.Dialects(t, func(t *testing.T, d store.Dialect) {
		e := webtest.NewDemo(t, d)
		annualCase(t, e)
		ctx := context.Background()
		sup := e.Login("supervisor")
		form := url.Values{"year": {"2026"}, "overview": {"{机关}{年度}年新收申请{新收申请}件，结转下年{结转下年}件。\n\n主动公开{主动公开}条。"},
			"problems": {"{问题数}"}, "other": {"无。"}}
		bad := sup.Post("/admin/reports/annual/texts", form)
		if bad.Status != 400 || !strings.Contains(bad.Body, "未知的占位符：{问题数}") {
			t.Fatalf("unknown placeholder: %d %s", bad.Status, webtest.Alert(bad.Body))
		}
		form.Set("problems", "公开工作仍有不足。")
		form.Set("action", "preview")
		pre := sup.Post("/admin/reports/annual/texts", form)
		if pre.Status != 200 || !strings.Contains(pre.Body, "<p>菊园新区2026年新收申请1件，结转下年0件。</p>") || !strings.Contains(pre.Body, "（未保存的正文）") {
			t.Fatalf("preview: %d %s", pre.Status, webtest.Alert(pre.Body))
		}
		if saved, _ := e.St.AnnualTexts(ctx, 2026, ""); saved.Overview != "" {
			t.Errorf("the preview saved: %q", saved.Overview)
		}
		form.Set("action", "save")
		if r := sup.Post("/admin/reports/annual/texts", form); r.Status != 303 {
			t.Fatalf("save: %d %s", r.Status, webtest.Alert(r.Body))
		}
		page := sup.Get("/admin/reports/annual?year=2026")
		if !strings.Contains(page.Body, "报告正文已保存") || !strings.Contains(page.Body, "公开工作仍有不足。</textarea>") {
			t.Errorf("saved page: %s", webtest.Alert(page.Body))
		}
		webtest.AccessibleHTML(t, "/admin/reports/annual (texts)", page.Body)

		// A supervisor who is no editor may not draft.
		if r := sup.Post("/admin/reports/annual/document", url.Values{"year": {"2026"}}); r.Status != 403 || !strings.Contains(r.Body, "信息员角色") {
			t.Errorf("supervisor without drafting: %d %s", r.Status, webtest.Alert(r.Body))
		}
		office, err := e.St.DepartmentByCode(ctx, "jy-zwgk")
		if err != nil {
			t.Fatal(err)
		}
		e.User(t, "zwgkeditor", office.ID, auth.Supervisor, auth.Editor)
		ed := e.Login("zwgkeditor")
		gen := ed.Post("/admin/reports/annual/document", url.Values{"year": {"2026"}})
		if gen.Status != 303 || !strings.HasPrefix(gen.Header.Get("Location"), "/admin/documents/") {
			t.Fatalf("generate: %d %s", gen.Status, webtest.Alert(gen.Body))
		}
		doc, err := e.St.AnnualDocument(ctx, 2026, "")
		if err != nil || doc == nil {
			t.Fatalf("document: %v %v", doc, err)
		}
		if gen.Header.Get("Location") != "/admin/documents/"+webtest.Itoa(doc.ID) {
			t.Errorf("went to %s", gen.Header.Get("Location"))
		}
		rev, err := e.St.Revision(ctx, doc.OpenRev)
		if err != nil {
			t.Fatal(err)
		}
		if rev.Content.Title != "菊园新区2026年政府信息公开工作年度报告" || !strings.Contains(rev.Content.Body, `<th scope="rowgroup" rowspan="22">三、本年度办理结果</th>`) ||
			!strings.Contains(rev.Content.Body, "<caption>2026 年收到和处理政府信息公开申请情况（件）</caption>") || !strings.Contains(rev.Content.Body, "<p>公开工作仍有不足。</p>") {
			t.Errorf("draft: %q\n%s", rev.Content.Title, rev.Content.Body)
		}
		// Again: the same document, still one draft.
		if r := ed.Post("/admin/reports/annual/document", url.Values{"year": {"2026"}}); r.Status != 303 || r.Header.Get("Location") != gen.Header.Get("Location") {
			t.Fatalf("regenerate: %d %v", r.Status, r.Header.Get("Location"))
		}
		again, _ := e.St.Document(ctx, doc.ID)
		if again.OpenRev != doc.OpenRev {
			t.Errorf("regenerating a draft opened revision %d (was %d)", again.OpenRev, doc.OpenRev)
		}
		u, _ := e.St.UserByUsername(ctx, "zwgkeditor")
		if err := e.St.SubmitDocument(ctx, u, doc.ID, again.Version); err != nil {
			t.Fatal(err)
		}
		reviewer, _ := e.St.UserByUsername(ctx, "reviewer")
		if err := e.St.ReviewDocument(ctx, reviewer, doc.ID, again.Version+1, true, "保密审查通过。", e.Clock.Now().Add(-1)); err != nil {
			t.Fatal(err)
		}
		pub, _ := e.St.Document(ctx, doc.ID)
		if pub.IndexNumber == "" || pub.PublishedRev == 0 {
			t.Fatalf("not published: %+v", pub)
		}
		public := e.Client().Get("/docs/" + pub.IndexNumber)
		if public.Status != 200 || !strings.Contains(public.Body, "<caption>2026 年政府信息公开行政复议、行政诉讼情况（件）</caption>") {
			t.Fatalf("public page: %d", public.Status)
		}
		webtest.AccessibleHTML(t, "/docs/"+pub.IndexNumber, public.Body)
		if col := e.Client().Get("/columns/ndbg"); col.Status != 200 || !strings.Contains(col.Body, "菊园新区2026年政府信息公开工作年度报告") {
			t.Errorf("column: %d", col.Status)
		}
		// After publication, generating again opens a new revision of it.
		if r := ed.Post("/admin/reports/annual/document", url.Values{"year": {"2026"}}); r.Status != 303 || r.Header.Get("Location") != gen.Header.Get("Location") {
			t.Fatalf("regenerate after publication: %d %s", r.Status, webtest.Alert(r.Body))
		}
		if next, _ := e.St.Document(ctx, doc.ID); next.OpenRev == 0 || next.OpenRev == doc.OpenRev || next.PublishedRev != pub.PublishedRev {
			t.Errorf("after publication: %+v", next)
		}
	})
}

// TestBrowserAnnualReportPublished: an editor of the 政务公开办 who
// supervises generates the report on the page, the reviewer approves it,
// and axe-core finds nothing serious on its public page.
func TestBrowserAnnualReportPublished(t *testing.T) {
	e := webtest.BrowserServer(t)
	ctx := context.Background()
	office, err := e.St.DepartmentByCode(ctx, "jy-zwgk")
	if err != nil {
		t.Fatal(err)
	}
	u := &auth.User{Username: "zwgkeditor", Name: "测试", DeptID: office.ID, Roles: []auth.Role{auth.Supervisor, auth.Editor}}
	if err := e.St.CreateDemoUser(ctx, u, demo.Password); err != nil {
		t.Fatal(err)
	}
	tab := browsertest.Browser(t)
	webtest.BrowserLogin(t, tab, e.Base, "zwgkeditor")
	// This year's: last year's is the demo's published report, which only
	// its own department's editors may revise.
	webtest.Go(t, tab, e.Base+"/admin/reports/annual?year="+strconv.Itoa(calendar.Today(time.Now()).Year))
	if status := webtest.Click(t, tab, `form[action="/admin/reports/annual/document"] button`); status != 200 {
		t.Fatalf("generate: %d %s", status, webtest.Text(t, tab, "main"))
	}
	if p := webtest.Path(t, tab); !strings.HasPrefix(p, "/admin/documents/") {
		t.Fatalf("landed on %s: %s", p, webtest.Text(t, tab, "main"))
	}
	var doc = mustAnnualDoc(t, e)
	if err := e.St.SubmitDocument(ctx, u, doc.ID, doc.Version); err != nil {
		t.Fatal(err)
	}
	reviewer, _ := e.St.UserByUsername(ctx, "reviewer")
	if err := e.St.ReviewDocument(ctx, reviewer, doc.ID, doc.Version+1, true, "保密审查通过。", timeZero); err != nil {
		t.Fatal(err)
	}
	pub := mustAnnualDoc(t, e)
	webtest.AuditPages(t, tab, e.Base, false, []webtest.BrowserPage{
		{Name: "published annual report", Path: "/docs/" + pub.IndexNumber, Status: 200, Sel: "table caption"},
		{Name: "年报 column", Path: "/columns/ndbg", Status: 200, Sel: "main"},
	})
}

// timeZero publishes on approval.
var timeZero time.Time

// mustAnnualDoc is the document of this year's district report.
func mustAnnualDoc(t *testing.T, e *webtest.BrowserEnv) *publish.Document {
	t.Helper()
	doc, err := e.St.AnnualDocument(context.Background(), calendar.Today(time.Now()).Year, "")
	if err != nil || doc == nil {
		t.Fatalf("annual document: %v %v", doc, err)
	}
	return doc
}
