package foi_test

import (
	"net/http"
	"strings"
	"testing"
	"time"

	"gongkai/internal/calendar"
	"gongkai/internal/foi"
	"gongkai/internal/notice/noticetest"
	"gongkai/internal/store"
	"gongkai/internal/store/storetest"
	"gongkai/internal/web"
)

// TestNoticePageGETOpensNothing: the notice page (GET) names the applicant
// masked, shows no address and writes nothing to the audit trail, so a
// link from another site cannot add to it; the full notice and its PDF
// are POSTs (forms with the CSRF token), each one audited opening; the PDF
// is no longer served on GET.
func TestNoticePageGETOpensNothing(t *testing.T) {
	for _, d := range storetest.Dialects(t) {
		t.Run(string(d), func(t *testing.T) {
			e := noticeEnv(t, d, web.Config{Organ: "上海市嘉定区菊园新区管理委员会"})
			e.Clock.Advance(-e.Clock.Now().Sub(time.Date(2026, 3, 2, 1, 0, 0, 0, time.UTC)))
			app, _, err := e.St.CreateApplication(ctx, "foihead", foi.InPerson, calendar.MustParse("2026-01-05"), foi.Applicant{Kind: "person", Name: "王芳",
				IDType: "居民身份证", IDNumber: "11010519491231002X", Phone: "13900001111", Address: "上海市嘉定区菊园路1号"},
				foi.Request{Description: "2025年菊园新区道路养护经费", Format: "paper", Delivery: "post"})
			if err != nil {
				t.Fatal(err)
			}
			head, _ := e.St.UserByUsername(ctx, "foihead")
			if _, err := e.St.AddFOIEvent(ctx, head, app.Number, 0, foi.Event{Type: foi.Answer, On: calendar.MustParse("2026-01-20"), Outcome: foi.Disclose}); err != nil {
				t.Fatal(err)
			}
			trail := func() int {
				t.Helper()
				evs, err := e.St.AuditEvents(ctx, store.AuditFilter{Limit: 1000})
				if err != nil {
					t.Fatal(err)
				}
				return len(evs)
			}
			opened := func() int {
				t.Helper()
				evs, err := e.St.AuditEvents(ctx, store.AuditFilter{Action: "foi.view_personal_data", Object: app.Number, Limit: 100})
				if err != nil {
					t.Fatal(err)
				}
				return len(evs)
			}
			c := e.Login("foihead")
			path := "/admin/foi/" + app.Number + "/notices/answer"

			before := trail()
			page := c.Get(path)
			if page.Status != http.StatusOK {
				t.Fatalf("page: %d %s", page.Status, page.Body)
			}
			if got := trail() - before; got != 0 {
				t.Errorf("GET of the notice page wrote %d audit events", got)
			}
			if !strings.Contains(page.Body, "王*：") || strings.Contains(page.Body, "王芳") || strings.Contains(page.Body, "菊园路1号") {
				t.Errorf("the page names the applicant or their address:\n%s", page.Body)
			}
			for _, form := range []string{`<form method="post" action="` + path + `">`, `<form method="post" action="` + path + `/pdf">`} {
				if !strings.Contains(page.Body, form) {
					t.Errorf("page lacks %s", form)
				}
			}
			if strings.Contains(page.Body, `href="`+path+`/pdf"`) {
				t.Error("the PDF is still a link")
			}
			// The PDF on GET is gone, and opens nothing.
			if r := c.Get(path + "/pdf"); r.Status != http.StatusNotFound && r.Status != http.StatusMethodNotAllowed {
				t.Errorf("GET pdf: %d", r.Status)
			}
			// A POST without the CSRF token (a cross-site form) is refused.
			if r := c.Post(path, map[string][]string{"csrf": {"forged"}}); r.Status != http.StatusForbidden {
				t.Errorf("POST without the token: %d", r.Status)
			}
			if got := trail() - before; got != 0 || opened() != 0 {
				t.Errorf("refused requests wrote %d audit events", got)
			}

			full := c.Post(path, nil)
			if full.Status != http.StatusOK || !strings.Contains(full.Body, "王芳：") || !strings.Contains(full.Body, "送达地址：上海市嘉定区菊园路1号") {
				t.Fatalf("full notice: %d %s", full.Status, full.Body)
			}
			if opened() != 1 {
				t.Errorf("the full notice: %d openings, want 1", opened())
			}
			res, pdf := noticeRaw(c, http.MethodPost, path+"/pdf")
			if res.StatusCode != http.StatusOK || res.Header.Get("Content-Type") != "application/pdf" || res.Header.Get("Cache-Control") != "no-store" {
				t.Fatalf("pdf: %d %v", res.StatusCode, res.Header)
			}
			if text := noticetest.Text(t, pdf); !strings.Contains(text, "王芳：") || !strings.Contains(text, "政府信息公开告知书") {
				t.Errorf("pdf text: %s", text)
			}
			if opened() != 2 {
				t.Errorf("the PDF: %d openings, want 2", opened())
			}
		})
	}
}
