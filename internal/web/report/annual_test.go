package report_test

import (
	"bytes"
	"encoding/json"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"gongkai/internal/browsertest"
	"gongkai/internal/calendar"
	"gongkai/internal/foi"
	"gongkai/internal/reportfile"
	"gongkai/internal/store"
	"gongkai/internal/web/webtest"
)

// annualCase records one answered application of a legal-services firm,
// received and answered today.
func annualCase(t *testing.T, e *webtest.Env) {
	t.Helper()
	today := calendar.Today(e.Clock.Now())
	app, _, err := e.St.CreateApplication(ctx, "foi", foi.InPerson, today,
		foi.Applicant{Kind: "org", Name: "上海某律师事务所", OrgCategory: "legal", IDType: "统一社会信用代码", IDNumber: "91310114MA1GT35K5B",
			LegalRep: "王建国", Contact: "李小红", Phone: "021-59990000"},
		foi.Request{Description: "菊园新区2026年道路养护计划", Format: "paper", Delivery: "pickup"})
	if err != nil {
		t.Fatal(err)
	}
	head, err := e.St.UserByUsername(ctx, "foihead")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := e.St.AddFOIEvent(ctx, head, app.Number, 0, foi.Event{Type: foi.Answer, On: today, Outcome: foi.Disclose}); err != nil {
		t.Fatal(err)
	}
}

var cellsRe = regexp.MustCompile(`<td>(\d+)</td>`)

// rowCounts are the counts of the section 三 row whose last heading is
// head.
func rowCounts(t *testing.T, body, head string) []string {
	t.Helper()
	i := strings.Index(body, ">"+head+"</th>")
	if i < 0 {
		t.Fatalf("row %q not found", head)
	}
	row := body[i:]
	row = row[:strings.Index(row, "</tr>")]
	var out []string
	for _, m := range cellsRe.FindAllStringSubmatch(row, -1) {
		out = append(out, m[1])
	}
	return out
}

// TestAnnualReportPage: the supervisor sees the year's three tables with
// the case in its column, enters the figures of section 二 (bad input
// refused with its message), and downloads the workbook; the FOI head sees
// the tables without the form and may not enter; an editor may not see.
func TestAnnualReportPage(t *testing.T) {
	webtest.Dialects(t, func(t *testing.T, d store.Dialect) {
		e := webtest.New(t, d)
		annualCase(t, e)
		year := strconv.Itoa(calendar.Today(e.Clock.Now()).Year)
		sup := e.Login("supervisor")
		r := sup.Get("/admin/reports/annual?year=" + year)
		if r.Status != 200 {
			t.Fatalf("page: %d %s", r.Status, r.Body)
		}
		for _, want := range []string{"<caption>" + year + " 年收到和处理政府信息公开申请情况（件）</caption>", `id="ar-check"`, `scope="rowgroup" rowspan="22"`,
			`scope="rowgroup" rowspan="8">（三）不予公开</th>`, `action="/admin/reports/annual/figures"`} {
			if !strings.Contains(r.Body, want) {
				t.Errorf("page lacks %s", want)
			}
		}
		webtest.AccessibleHTML(t, "/admin/reports/annual", r.Body)
		// person, business, research, nonprofit, legal, other, total
		if got := strings.Join(rowCounts(t, r.Body, "一、本年新收政府信息公开申请数量"), ","); got != "0,0,0,0,1,0,1" {
			t.Errorf("new: %s", got)
		}
		if got := strings.Join(rowCounts(t, r.Body, "（一）予以公开"), ","); got != "0,0,0,0,1,0,1" {
			t.Errorf("disclose: %s", got)
		}
		if got := strings.Join(rowCounts(t, r.Body, "四、结转下年度继续办理"), ","); got != "0,0,0,0,0,0,0" {
			t.Errorf("carry forward: %s", got)
		}
		bad := sup.Post("/admin/reports/annual/figures", url.Values{"year": {year}, "licensing": {"十二"}, "penalty": {"1"}, "enforcement": {"0"}, "fees_wan_yuan": {"0"}})
		if bad.Status != 400 || !strings.Contains(bad.Body, "请填写整数") {
			t.Errorf("bad figures: %d %s", bad.Status, webtest.Alert(bad.Body))
		}
		saved := sup.Post("/admin/reports/annual/figures", url.Values{"year": {year}, "licensing": {"12"}, "penalty": {"3"}, "enforcement": {"1"}, "fees_wan_yuan": {"2.5"}})
		if saved.Status != 303 || saved.Header.Get("Location") != "/admin/reports/annual?year="+year {
			t.Fatalf("saving: %d %v", saved.Status, saved.Header)
		}
		ok := sup.Get(saved.Header.Get("Location"))
		if ok.Status != 200 || !strings.Contains(ok.Body, "填报的数字已保存") || !strings.Contains(ok.Body, `<th scope="row">行政许可（第五项）</th><td>12</td>`) ||
			!strings.Contains(ok.Body, `<td>2.5</td>`) {
			t.Errorf("saved figures: %d %s", ok.Status, webtest.Alert(ok.Body))
		}
		status, body := e.API("GET", "/api/v1/reports/annual/"+year, e.Token("supervisor"), "")
		raw, _ := json.Marshal(body["section2"])
		if status != 200 || !strings.Contains(string(raw), `"licensing":{"decisions":12}`) || !strings.Contains(string(raw), `"amount_wan_yuan":2.5`) {
			t.Errorf("API section 二: %d %s", status, raw)
		}
		x := sup.Post("/admin/reports/annual.xlsx", url.Values{"year": {year}})
		if x.Status != 200 || x.Header.Get("Cache-Control") != "no-store" || !strings.HasPrefix(x.Header.Get("Content-Disposition"), "attachment;") {
			t.Fatalf("xlsx: %d %v", x.Status, x.Header)
		}
		f, err := excelize.OpenReader(bytes.NewReader([]byte(x.Body)))
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		if v, _ := f.GetCellValue(reportfile.Sheet3, "H6"); v != "1" { // 予以公开, 法律服务机构
			t.Errorf("三!H6 = %q", v)
		}
		if v, _ := f.GetCellValue(reportfile.Sheet2, "B7"); v != "12" { // 行政许可
			t.Errorf("二!B7 = %q", v)
		}

		if p := sup.Post("/admin/reports/annual.pdf", url.Values{"year": {year}}); p.Status != 200 || !strings.HasPrefix(p.Body, "%PDF-") ||
			p.Header.Get("Content-Type") != "application/pdf" || p.Header.Get("Cache-Control") != "no-store" {
			t.Errorf("pdf: %d %v", p.Status, p.Header)
		}
		head := e.Login("foihead")
		if r := head.Get("/admin/reports/annual?year=" + year); r.Status != 200 || strings.Contains(r.Body, `action="/admin/reports/annual/figures"`) {
			t.Errorf("head's page: %d", r.Status)
		}
		if r := head.Post("/admin/reports/annual/figures", url.Values{"year": {year}, "licensing": {"1"}, "penalty": {"1"}, "enforcement": {"1"}, "fees_wan_yuan": {"1"}}); r.Status != 403 {
			t.Errorf("head entered figures: %d", r.Status)
		}
		if r := e.Login("editor").Get("/admin/reports/annual"); r.Status != 403 {
			t.Errorf("editor: %d", r.Status)
		}
		if r := sup.Get("/admin/reports/annual?year=1999"); r.Status != 400 {
			t.Errorf("1999: %d", r.Status)
		}
		if r := sup.Get("/admin/reports/annual?organ=nope"); r.Status != 404 {
			t.Errorf("unknown organ: %d", r.Status)
		}
	})
}

// annualVisitPages renders the annual report's page for the every-page test.
func annualVisitPages(t *testing.T, e *webtest.Env, check func(c *webtest.Client, path string, want int, template string), _ map[string]bool) {
	check(e.Login("supervisor"), "/admin/reports/annual", 200, "admin_report_annual")
}

// TestBrowserAnnualReportPage: axe-core finds nothing serious on the page.
func TestBrowserAnnualReportPage(t *testing.T) {
	e := webtest.BrowserServer(t)
	tab := browsertest.Browser(t)
	webtest.BrowserLogin(t, tab, e.Base, "supervisor")
	webtest.AuditPages(t, tab, e.Base, false, []webtest.BrowserPage{{Name: "annual report", Path: "/admin/reports/annual", Status: 200, Sel: "#ar-section3"}})
}
