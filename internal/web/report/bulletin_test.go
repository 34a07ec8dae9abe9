package report_test

import (
	"bytes"
	"net/url"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"gongkai/internal/browsertest"
	"gongkai/internal/calendar"
	"gongkai/internal/notice/noticetest"
	"gongkai/internal/report"
	"gongkai/internal/reportfile"
	"gongkai/internal/store"
	"gongkai/internal/web/webtest"
)

// TestBulletinPage: the supervisor sees the quarter's ranking with the
// department that answered an FOI case on time, downloads it as a
// workbook and a PDF, and edits the indicators (bad rows refused with
// their message); the FOI head sees the ranking without the form and may
// not edit; an editor may not see; a bad quarter is refused.
func TestBulletinPage(t *testing.T) {
	webtest.Dialects(t, func(t *testing.T, d store.Dialect) {
		e := webtest.New(t, d)
		q := report.QuarterOf(calendar.Today(e.Clock.Now())).String()
		sup := e.Login("supervisor")
		before := sup.Get("/admin/reports/bulletin")
		if before.Status != 200 || strings.Contains(before.Body, "<td>100.0%</td>") {
			t.Fatalf("before: %d", before.Status)
		}
		annualCase(t, e)
		r := sup.Get("/admin/reports/bulletin?quarter=" + q)
		if r.Status != 200 {
			t.Fatalf("page: %d %s", r.Status, r.Body)
		}
		for _, want := range []string{"<caption>" + report.QuarterOf(calendar.Today(e.Clock.Now())).Label() + "各部门政务公开工作排名",
			`<th scope="colgroup" colspan="2">依申请公开按期答复率（%）（权重 15）</th>`, "<td>100.0%</td><td>100.0</td>",
			`action="/admin/reports/bulletin/indicators"`, "<td>名次不变 →<br>得分 0.0</td>"} {
			if !strings.Contains(r.Body, want) {
				t.Errorf("page lacks %s", want)
			}
		}
		webtest.AccessibleHTML(t, "/admin/reports/bulletin", r.Body)
		if bad := sup.Get("/admin/reports/bulletin?quarter=2026Q5"); bad.Status != 400 || !strings.Contains(bad.Body, "季度应写作") {
			t.Errorf("bad quarter: %d %s", bad.Status, webtest.Alert(bad.Body))
		}

		x := sup.Post("/admin/reports/bulletin.xlsx", url.Values{"quarter": {q}})
		if x.Status != 200 || x.Header.Get("Cache-Control") != "no-store" || !strings.HasPrefix(x.Header.Get("Content-Disposition"), "attachment;") {
			t.Fatalf("xlsx: %d %v", x.Status, x.Header)
		}
		f, err := excelize.OpenReader(bytes.NewReader([]byte(x.Body)))
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		rows, err := f.GetRows(reportfile.SheetBulletin)
		if err != nil || len(rows) < 3 {
			t.Fatalf("sheet: %v %v", rows, err)
		}
		if !strings.Contains(rows[0][0], "政务公开工作通报") || rows[1][0] != "排名" || rows[1][1] != "部门" || rows[2][0] != "1" {
			t.Errorf("sheet head: %v / %v / %v", rows[0], rows[1], rows[2])
		}
		foiCol := -1
		for i, h := range rows[1] {
			if h == "依申请公开按期答复率（%）" {
				foiCol = i
			}
		}
		found := false
		for _, row := range rows[2:] {
			found = found || foiCol >= 0 && foiCol < len(row) && row[foiCol] == "100.0%"
		}
		if !found {
			t.Errorf("no department answered on time in the workbook: %v", rows)
		}

		p := sup.Post("/admin/reports/bulletin.pdf", url.Values{"quarter": {q}})
		if p.Status != 200 || !strings.HasPrefix(p.Body, "%PDF-") || p.Header.Get("Content-Type") != "application/pdf" {
			t.Fatalf("pdf: %d %v", p.Status, p.Header)
		}
		if text := strings.Join(strings.Fields(noticetest.Layout(t, []byte(p.Body))), " "); !strings.Contains(text, "政务公开工作通报") || !strings.Contains(text, "100.0%") {
			t.Errorf("pdf text: %s", text)
		}

		form := url.Values{"quarter": {q}, "code": {"published", "foi_on_time", ""}, "label": {"主动公开信息数", "依申请公开按期答复率", ""},
			"weight": {"abc", "50", ""}, "scale": {"count_up", "percent", "percent"}, "deduct": {"", "", ""}}
		if bad := sup.Post("/admin/reports/bulletin/indicators", form); bad.Status != 400 || !strings.Contains(bad.Body, "第 1 项指标：权重请填写数字。") {
			t.Errorf("bad weight: %d %s", bad.Status, webtest.Alert(bad.Body))
		}
		form["weight"] = []string{"0", "50", ""}
		form["scale"] = []string{"count_up", "count_down", "percent"}
		if bad := sup.Post("/admin/reports/bulletin/indicators", form); bad.Status != 400 || !strings.Contains(bad.Body, "第 1 项指标：权重应大于 0、不超过 100。") ||
			!strings.Contains(bad.Body, "第 2 项指标：按问题数扣分的指标须设置每个问题扣的分数。") {
			t.Errorf("bad rows: %d %s", bad.Status, webtest.Alert(bad.Body))
		}
		form["weight"] = []string{"50", "50", ""}
		form["scale"] = []string{"count_up", "percent", "percent"}
		saved := sup.Post("/admin/reports/bulletin/indicators", form)
		if saved.Status != 303 || saved.Header.Get("Location") != "/admin/reports/bulletin?quarter="+q {
			t.Fatalf("saving: %d %v %s", saved.Status, saved.Header, webtest.Alert(saved.Body))
		}
		ok := sup.Get(saved.Header.Get("Location"))
		if ok.Status != 200 || !strings.Contains(ok.Body, "通报指标已保存") || !strings.Contains(ok.Body, "依申请公开按期答复率（权重 50）") ||
			strings.Contains(ok.Body, "留言按期答复率") {
			t.Errorf("saved indicators: %d %s", ok.Status, webtest.Alert(ok.Body))
		}

		head := e.Login("foihead")
		if r := head.Get("/admin/reports/bulletin"); r.Status != 200 || strings.Contains(r.Body, `action="/admin/reports/bulletin/indicators"`) {
			t.Errorf("head's page: %d", r.Status)
		}
		if r := head.Post("/admin/reports/bulletin/indicators", form); r.Status != 403 {
			t.Errorf("head edited indicators: %d", r.Status)
		}
		if r := head.Post("/admin/reports/bulletin.xlsx", url.Values{"quarter": {q}}); r.Status != 200 {
			t.Errorf("head's download: %d", r.Status)
		}
		editor := e.Login("editor")
		if r := editor.Get("/admin/reports/bulletin"); r.Status != 403 {
			t.Errorf("editor: %d", r.Status)
		}
		if r := editor.Post("/admin/reports/bulletin/indicators", form); r.Status != 403 {
			t.Errorf("editor edited indicators: %d", r.Status)
		}
	})
}

// bulletinVisitPages renders the bulletin's page for the every-page test.
func bulletinVisitPages(t *testing.T, e *webtest.Env, check func(c *webtest.Client, path string, want int, template string), _ map[string]bool) {
	check(e.Login("supervisor"), "/admin/reports/bulletin", 200, "admin_bulletin")
}

// TestBrowserBulletinPage: axe-core finds nothing serious on the page.
func TestBrowserBulletinPage(t *testing.T) {
	e := webtest.BrowserServer(t)
	tab := browsertest.Browser(t)
	webtest.BrowserLogin(t, tab, e.Base, "supervisor")
	webtest.AuditPages(t, tab, e.Base, false, []webtest.BrowserPage{{Name: "bulletin", Path: "/admin/reports/bulletin", Status: 200, Sel: "#bl-ranking"}})
}
