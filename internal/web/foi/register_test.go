package foi_test

import (
	"bytes"
	"encoding/json"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"gongkai/internal/browsertest"
	"gongkai/internal/calendar"
	"gongkai/internal/foi"
	"gongkai/internal/secret"
	"gongkai/internal/store"
	"gongkai/internal/web/webtest"
)

// rgApplicant is the applicant of the register tests' case: none of this
// may leave in the register.
var rgApplicant = foi.Applicant{Kind: "person", Name: "钱多多", IDType: "居民身份证", IDNumber: "11010519491231002X", Phone: "13987654321",
	Email: "qdd@example.com", Address: "上海市嘉定区叶城路1288号"}

// rgCase registers a case today, logs a call whose note names the
// applicant, and answers it as the head; it returns its number.
func rgCase(t *testing.T, e *webtest.Env) string {
	t.Helper()
	today := calendar.Today(e.Clock.Now())
	app, _, err := e.St.CreateApplication(ctx, "foi", foi.InPerson, today, rgApplicant,
		foi.Request{Description: "菊园新区2026年道路养护计划", Format: "electronic", Delivery: "email"})
	if err != nil {
		t.Fatal(err)
	}
	head, err := e.St.UserByUsername(ctx, "foihead")
	if err != nil {
		t.Fatal(err)
	}
	for _, ev := range []foi.Event{
		{Type: foi.Contact, On: today, Kind: "phone", Note: "已致电 13987654321 钱多多"},
		{Type: foi.Answer, On: today, Outcome: foi.Disclose},
	} {
		if _, err := e.St.AddFOIEvent(ctx, head, app.Number, 0, ev); err != nil {
			t.Fatal(err)
		}
	}
	return app.Number
}

// rgSecrets are the applicant's data and their masks.
func rgSecrets() []string {
	a := rgApplicant
	return []string{a.Name, a.IDNumber, a.Phone, a.Email, a.Address, "叶城路", secret.MaskName(a.Name), secret.MaskID(a.IDNumber), secret.MaskPhone(a.Phone)}
}

// TestRegisterPageAndDownloads: a head sees the year's count and downloads
// both files, each audited without personal data; a plain officer is
// refused the page, the files and the API.
func TestRegisterPageAndDownloads(t *testing.T) {
	webtest.Dialects(t, func(t *testing.T, d store.Dialect) {
		e := webtest.New(t, d)
		number := rgCase(t, e)
		head := e.Login("foihead")
		r := head.Get("/admin/foi/register?year=2026")
		fpMust(t, r, 200, "依申请公开台账", `id="register-count"`, "共 <strong>1</strong> 件", `action="/admin/foi/register.xlsx"`,
			`action="/admin/foi/register.json"`, `name="year" value="2026"`)
		webtest.AccessibleHTML(t, "/admin/foi/register", r.Body)
		if r := head.Get("/admin/foi/register?year=1999"); r.Status != 400 {
			t.Errorf("year 1999: %d", r.Status)
		}
		if r := head.Get("/admin/foi"); !strings.Contains(r.Body, `href="/admin/foi/register"`) {
			t.Error("the inbox does not link the register for a head")
		}

		// A GET (a link, a cross-site request) exports nothing.
		if r := head.Get("/admin/foi/register.xlsx?year=2026"); r.Status != http.StatusMethodNotAllowed && r.Status != http.StatusNotFound {
			t.Errorf("GET of the export: %d", r.Status)
		}
		x := head.Post("/admin/foi/register.xlsx", url.Values{"year": {"2026"}})
		if x.Status != 200 || !strings.HasPrefix(x.Header.Get("Content-Disposition"), "attachment;") || x.Header.Get("Cache-Control") != "no-store" ||
			!strings.Contains(x.Header.Get("Content-Type"), "spreadsheetml") {
			t.Fatalf("xlsx: %d %v", x.Status, x.Header)
		}
		f, err := excelize.OpenReader(bytes.NewReader([]byte(x.Body)))
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		if got := strings.Join(f.GetSheetList(), ","); got != "台账,办理环节" {
			t.Errorf("sheets %s", got)
		}
		if v, _ := f.GetCellValue("台账", "A1"); v != "申请编号" {
			t.Errorf("A1 = %q", v)
		}
		if v, _ := f.GetCellValue("台账", "A2"); v != number {
			t.Errorf("A2 = %q, want %s", v, number)
		}
		if p, err := f.GetPanes("台账"); err != nil || !p.Freeze || p.YSplit != 1 {
			t.Errorf("header not frozen: %+v %v", p, err)
		}
		// 收到申请之日 is a real date: a serial number shown as yyyy-mm-dd.
		rows, _ := f.GetRows("台账")
		col := -1
		for i, h := range rows[0] {
			if h == "收到申请之日" {
				col = i
			}
		}
		cell, _ := excelize.CoordinatesToCellName(col+1, 2)
		shown, _ := f.GetCellValue("台账", cell)
		raw, _ := f.GetCellValue("台账", cell, excelize.Options{RawCellValue: true})
		if col < 0 || shown != "2026-03-02" || raw != "46083" {
			t.Errorf("收到申请之日 (column %d): shown %q, raw %q; want 2026-03-02 as serial 46083", col, shown, raw)
		}
		events, _ := f.GetRows("办理环节")
		if len(events) != 3 || events[1][0] != number || events[2][2] != "作出答复" {
			t.Errorf("events sheet: %v", events)
		}
		cells := ""
		for _, sheet := range f.GetSheetList() {
			all, _ := f.GetRows(sheet)
			for _, row := range all {
				cells += strings.Join(row, "\n") + "\n"
			}
		}

		j := head.Post("/admin/foi/register.json", url.Values{"year": {"2026"}})
		if j.Status != 200 || !strings.HasPrefix(j.Header.Get("Content-Disposition"), "attachment;") || j.Header.Get("Cache-Control") != "no-store" {
			t.Fatalf("json: %d %v", j.Status, j.Header)
		}
		var doc struct {
			Year  int              `json:"year"`
			Organ string           `json:"organ"`
			Rows  []map[string]any `json:"rows"`
		}
		if err := json.Unmarshal([]byte(j.Body), &doc); err != nil || doc.Year != 2026 || doc.Organ == "" || len(doc.Rows) != 1 ||
			doc.Rows[0]["number"] != number || doc.Rows[0]["received_on"] != "2026-03-02" || doc.Rows[0]["outcome"] != "disclose" ||
			doc.Rows[0]["signed_by"] != "foihead" || doc.Rows[0]["contacts"] != float64(1) {
			t.Fatalf("json: %v %+v", err, doc)
		}
		for _, s := range rgSecrets() {
			for what, text := range map[string]string{"xlsx": cells, "json": j.Body} {
				if strings.Contains(text, s) {
					t.Errorf("%s holds %q", what, s)
				}
			}
		}

		// Each download is in the trail, with the year and the count only.
		evs, err := e.St.AuditEvents(ctx, store.AuditFilter{Action: "foi.register_export"})
		if err != nil || len(evs) != 2 {
			t.Fatalf("audit: %d %v", len(evs), err)
		}
		for _, ev := range evs {
			if ev.Actor != "foihead" || ev.Detail["year"] != "2026" || ev.Detail["rows"] != "1" || len(ev.Detail) != 3 {
				t.Errorf("audit event: %+v", ev)
			}
		}

		// A plain officer: no page, no files, no API, no link.
		officer := e.Login("foi")
		if r := officer.Get("/admin/foi/register"); r.Status != 403 {
			t.Errorf("officer GET the register: %d", r.Status)
		}
		for _, path := range []string{"/admin/foi/register.xlsx", "/admin/foi/register.json"} {
			if r := officer.Post(path, url.Values{"year": {"2026"}}); r.Status != 403 {
				t.Errorf("officer POST %s: %d", path, r.Status)
			}
		}
		if r := officer.Get("/admin/foi"); strings.Contains(r.Body, "/admin/foi/register") {
			t.Error("the inbox links the register for a plain officer")
		}
		if status, _ := e.API("GET", "/api/v1/foi/register?year=2026", e.Token("foi"), ""); status != 403 {
			t.Errorf("officer API: %d", status)
		}
		status, body := e.API("GET", "/api/v1/foi/register?year=2026", e.Token("foihead"), "")
		if rows, _ := body["rows"].([]any); status != 200 || len(rows) != 1 {
			t.Errorf("head API: %d %v", status, body)
		}
	})
}

// registerVisitPages renders the register page for the every-page test.
func registerVisitPages(t *testing.T, e *webtest.Env, check func(c *webtest.Client, path string, want int, template string), _ map[string]bool) {
	check(e.Login("foihead"), "/admin/foi/register", 200, "admin_foi_register")
}

// TestBrowserRegisterPage: axe-core finds nothing serious on the page.
func TestBrowserRegisterPage(t *testing.T) {
	e := webtest.BrowserServer(t)
	tab := browsertest.Browser(t)
	webtest.BrowserLogin(t, tab, e.Base, "foihead")
	webtest.AuditPages(t, tab, e.Base, false, []webtest.BrowserPage{{Name: "register", Path: "/admin/foi/register", Status: 200, Sel: "#register-count"}})
}
