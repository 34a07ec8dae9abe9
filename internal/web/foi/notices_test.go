package foi_test

import (
	"bytes"
	"context"
	"encoding/base64"
	"io"
	"mime"
	"mime/multipart"
	"net/http"
	"net/mail"
	"net/url"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"gongkai/internal/browsertest"
	"gongkai/internal/calendar"
	"gongkai/internal/foi"
	"gongkai/internal/mailer/mailtest"
	"gongkai/internal/notice"
	"gongkai/internal/notice/noticetest"
	"gongkai/internal/store"
	"gongkai/internal/store/storetest"
	"gongkai/internal/web"
	"gongkai/internal/web/webtest"
)

// noticeVisitPages renders the notice page of an answered case. The
// foi-notices partial is not a page of its own (the case page includes
// it); TestNoticePartial renders it.
func noticeVisitPages(t *testing.T, e *webtest.Env, check func(c *webtest.Client, path string, want int, template string), rendered map[string]bool) {
	number := noticeAnsweredCase(t, e)
	check(e.Login("foi"), "/admin/foi/"+number+"/notices/answer", 200, "notice_view")
	rendered["notice_partials"] = true
}

// noticeAnsweredCase registers an application handed in on 2026-01-05 and
// answered (予以公开) on 2026-01-20.
func noticeAnsweredCase(t *testing.T, e *webtest.Env) string {
	t.Helper()
	app, _, err := e.St.CreateApplication(ctx, "foi", foi.InPerson, calendar.MustParse("2026-01-05"), foi.Applicant{Kind: "person", Name: "王芳",
		IDType: "居民身份证", IDNumber: "11010519491231002X", Phone: "13900001111", Address: "上海市嘉定区菊园路1号"},
		foi.Request{Description: "2025年菊园新区道路养护经费", Format: "paper", Delivery: "post"})
	if err != nil {
		t.Fatal(err)
	}
	u, _ := e.St.UserByUsername(ctx, "foihead") // a head may answer directly (the 签发 is theirs)
	if _, err := e.St.AddFOIEvent(ctx, u, app.Number, 0, foi.Event{Type: foi.Answer, On: calendar.MustParse("2026-01-20"), Outcome: foi.Disclose}); err != nil {
		t.Fatal(err)
	}
	return app.Number
}

// noticeEnv is webtest.New with the notice settings of cfg (SMTP, font,
// organ), on a clock at the last working day of 2025.
func noticeEnv(t *testing.T, d store.Dialect, cfg web.Config) *webtest.Env {
	t.Helper()
	return webtest.NewWith(t, d, webtest.Options{Start: time.Date(2025, 12, 31, 2, 0, 0, 0, time.UTC), Config: cfg})
}

// noticeRaw fetches path as c without reading it as a page; a POST sends
// the CSRF token of the last page seen.
func noticeRaw(c *webtest.Client, method, path string) (*http.Response, []byte) {
	c.E.T.Helper()
	var body io.Reader
	if method == http.MethodPost {
		body = strings.NewReader(url.Values{"csrf": {c.CSRF}}.Encode())
	}
	req, _ := http.NewRequest(method, c.E.TS.URL+path, body)
	if body != nil {
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	res, err := c.HTTP.Do(req)
	if err != nil {
		c.E.T.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return res, b
}

// TestNoticeRoutes walks the case of the API test through its notices:
// each is refused (409) before its event, then shown as a page and a PDF
// whose text carries the number, the dates and the digits; the page (GET)
// names the applicant masked and opens nothing, the full notice and the
// PDF (POST) are each an audited opening; a 征求意见书 opens nothing and
// never names the applicant; only FOI staff reach them.
func TestNoticeRoutes(t *testing.T) {
	for _, d := range storetest.Dialects(t) {
		t.Run(string(d), func(t *testing.T) {
			e := noticeEnv(t, d, web.Config{Organ: "上海市嘉定区菊园新区管理委员会"})
			fpSetToday(e, "2025-09-26") // submitted on the day the case below confirms
			status, created := e.API("POST", "/api/v1/foi/applications", "", foiBody)
			if status != 201 {
				t.Fatalf("create: %d %v", status, created)
			}
			fpSetToday(e, "2025-12-31")
			officer, head := e.Token("foi"), e.Token("foihead")
			number := created["number"].(string)
			base := "/admin/foi/" + number + "/notices/"
			event := func(token, body string) {
				t.Helper()
				if s, out := e.API("POST", "/api/v1/foi/applications/"+number+"/events", token, withVersion(t, e, token, number, body)); s != 201 {
					t.Fatalf("event %s: %d %v", body, s, out)
				}
			}
			c := e.Login("foi")
			refused := func(kind, want string) {
				t.Helper()
				r := c.Get(base + kind)
				if r.Status != http.StatusConflict || !strings.Contains(r.Body, want) {
					t.Fatalf("%s before its event: %d %s", kind, r.Status, r.Body)
				}
			}
			refused("supplement", "没有告知补正")
			event(officer, `{"type":"confirm","on":"2025-09-26"}`)
			event(officer, `{"type":"request_supplement","on":"2025-10-13","reply_by":"2025-10-31","reason":"请写明补贴发放的年度"}`)
			event(officer, `{"type":"supplement_received","on":"2025-10-20"}`)
			refused("consultation", "没有征求第三方或其他机关的意见")
			event(officer, `{"type":"consult_start","on":"2025-10-22","party":"某物业公司","kind":"third_party"}`)
			event(officer, `{"type":"consult_end","on":"2025-10-29","party":"某物业公司"}`)
			refused("extension", "没有延长答复期限")
			event(head, `{"type":"extend","on":"2025-11-10","reason":"涉及多个小区，需要汇总"}`)
			refused("answer", "尚未答复")
			event(head, `{"type":"answer","on":"2025-12-01","outcome":"partial","reason":"名单中的身份证号码属于个人隐私"}`)

			opened := func() int {
				evs, err := e.St.AuditEvents(ctx, store.AuditFilter{Action: "foi.view_personal_data", Object: number, Limit: 100})
				if err != nil {
					t.Fatal(err)
				}
				return len(evs)
			}
			for _, tc := range []struct {
				kind string
				want []string
			}{
				{"supplement", []string{"政府信息公开申请补正通知书", "李明：", "（一）请写明补贴发放的年度。", "请您于2025年10月31日前", "2025年10月13日"}},
				{"consultation", []string{"政府信息公开征求意见书", "某物业公司：", "第三十二条", "2025年11月12日前", "2025年10月22日"}},
				{"extension", []string{"政府信息公开申请延期答复告知书", "李明：", "延长后的答复期限至2025年12月22日", "2025年11月10日"}},
				{"answer", []string{"政府信息部分公开告知书", "李明：", "第三十七条", "2025年12月1日", "上海市嘉定区菊园新区管理委员会"}},
			} {
				before := opened()
				if r := c.Get(base + tc.kind); r.Status != 200 || opened() != before || strings.Contains(r.Body, "李明") {
					t.Fatalf("%s page (GET): %d, %d openings", tc.kind, r.Status, opened()-before)
				}
				r := c.Post(base+tc.kind, nil)
				if r.Status != 200 {
					t.Fatalf("%s: %d %s", tc.kind, r.Status, r.Body)
				}
				for _, w := range append(tc.want, number, `action="/admin/foi/`+number+"/notices/"+tc.kind+`/pdf"`) {
					if !strings.Contains(r.Body, w) {
						t.Errorf("%s page lacks %q", tc.kind, w)
					}
				}
				if r.Header.Get("Cache-Control") != "no-store" {
					t.Errorf("%s page cacheable", tc.kind)
				}
				res, pdf := noticeRaw(c, "POST", base+tc.kind+"/pdf")
				if res.StatusCode != 200 || res.Header.Get("Content-Type") != "application/pdf" || res.Header.Get("Cache-Control") != "no-store" {
					t.Fatalf("%s pdf: %d %v", tc.kind, res.StatusCode, res.Header)
				}
				if _, params, err := mime.ParseMediaType(res.Header.Get("Content-Disposition")); err != nil || params["filename"] != number+"-"+notice.Kind(tc.kind).Label()+".pdf" {
					t.Errorf("%s pdf disposition %q", tc.kind, res.Header.Get("Content-Disposition"))
				}
				text := noticetest.Text(t, pdf)
				for _, w := range append(tc.want, number) {
					if !strings.Contains(text, w) {
						t.Errorf("%s PDF lacks %q:\n%s", tc.kind, w, text)
					}
				}
				// Full page and PDF each open the applicant's data once, audited;
				// a 征求意见书 opens nothing and names nobody.
				want := 2
				if tc.kind == "consultation" {
					want = 0
					if strings.Contains(r.Body, "李明") || strings.Contains(text, "李明") || strings.Contains(r.Body, "平城路") {
						t.Error("the consultation notice names the applicant")
					}
				}
				if got := opened() - before; got != want {
					t.Errorf("%s: %d audited openings, want %d", tc.kind, got, want)
				}
			}

			// Bad requests.
			for path, want := range map[string]int{
				base + "receipt":                          404,
				base + "fee":                              409, // no fee notice in this case
				base + "consultation?seq=x":               400,
				base + "consultation?seq=2":               409, // seq 2 is the 补正
				"/admin/foi/YSQ2099-99999/notices/answer": 404,
			} {
				if r := c.Get(path); r.Status != want || !webtest.HanRe.MatchString(r.Body) {
					t.Errorf("GET %s: %d, want %d", path, r.Status, want)
				}
			}
			if r := c.Post(base+"consultation?seq=4", nil); r.Status != 200 || !strings.Contains(r.Body, "某物业公司") {
				t.Errorf("consultation by seq: %d", r.Status)
			}
			// Only FOI staff.
			if r := e.Login("editor").Get(base + "answer"); r.Status != 403 {
				t.Errorf("editor: %d", r.Status)
			}
			if r := e.Client().Get(base + "answer"); r.Status != http.StatusSeeOther {
				t.Errorf("anonymous: %d", r.Status)
			}
			// No SMTP configured: the page says so and sending is refused.
			page := c.Get(base + "answer")
			if !strings.Contains(page.Body, "服务器未配置电子邮件") || strings.Contains(page.Body, "/notices/answer/send") {
				t.Error("the page offers e-mail without SMTP")
			}
			if r := c.Post(base+"answer/send", nil); r.Status != http.StatusServiceUnavailable || !strings.Contains(r.Body, "发送未成功：服务器未配置电子邮件") {
				t.Errorf("send without SMTP: %d", r.Status)
			}
			if r := c.Post(base+"consultation/send", nil); r.Status != http.StatusConflict || !strings.Contains(r.Body, "打印盖章后送达") {
				t.Errorf("send a consultation: %d", r.Status)
			}
			if strings.Contains(e.Logs.String(), "李明") || strings.Contains(e.Logs.String(), "liming") {
				t.Error("personal data in the log")
			}
			if _, v := e.API("GET", "/api/v1/audit/verify", e.Token("auditor"), ""); v["ok"] != true {
				t.Fatalf("trail: %v", v)
			}
		})
	}
}

// TestNoticePDFWithoutFont: a missing font is a 503 page that says which
// package to install.
func TestNoticePDFWithoutFont(t *testing.T) {
	e := noticeEnv(t, store.SQLite, web.Config{PDFFont: filepath.Join(t.TempDir(), "missing.ttf")})
	e.Clock.Advance(-e.Clock.Now().Sub(time.Date(2026, 3, 2, 1, 0, 0, 0, time.UTC)))
	number := noticeAnsweredCase(t, e)
	c := e.Login("foi")
	c.Get("/admin/foi/" + number + "/notices/answer")
	r := c.Post("/admin/foi/"+number+"/notices/answer/pdf", nil)
	if r.Status != http.StatusServiceUnavailable || !strings.Contains(r.Body, "未安装 fonts-arphic-gbsn00lp 字体，无法生成 PDF") {
		t.Fatalf("%d %s", r.Status, r.Body)
	}
	// The organ defaults to the site name less 政务公开.
	if r := e.Login("foi").Get("/admin/foi/" + number + "/notices/answer"); !strings.Contains(r.Body, "嘉定区菊园新区<br>2026年1月20日") {
		t.Errorf("organ: %s", r.Body)
	}
}

// TestNoticeSend e-mails notices through a local SMTP server: the
// applicant receives the text and the PDF under a Chinese subject, the
// trail records the delivery (without the address in clear), an applicant
// without e-mail gets a message instead.
func TestNoticeSend(t *testing.T) {
	smtp := mailtest.Start(t, &mailtest.Server{})
	e := noticeEnv(t, store.SQLite, web.Config{SMTPAddr: smtp.Addr, SMTPFrom: "菊园新区政务公开 <gongkai@jy.example.gov.cn>"})
	e.Clock.Advance(-e.Clock.Now().Sub(time.Date(2026, 3, 2, 1, 0, 0, 0, time.UTC)))
	officer := e.Token("foi")
	status, created := e.API("POST", "/api/v1/foi/applications", officer, strings.Replace(foiBody, `"delivery":"email"`,
		`"delivery":"email","channel":"in_person","received_on":"2026-01-05"`, 1))
	if status != 201 {
		t.Fatalf("create: %d %v", status, created)
	}
	number := created["number"].(string)
	head := e.Token("foihead")
	if s, out := e.API("POST", "/api/v1/foi/applications/"+number+"/events", head, withVersion(t, e, head, number, `{"type":"answer","on":"2026-01-20","outcome":"unable_not_held","reason":"经检索，该政府信息不存在"}`)); s != 201 {
		t.Fatalf("answer: %d %v", s, out)
	}
	c := e.Login("foi")
	path := "/admin/foi/" + number + "/notices/answer"
	if page := c.Get(path); !strings.Contains(page.Body, "通过电子邮件发送给申请人</button>") {
		t.Fatalf("no e-mail form: %s", page.Body)
	}
	if page := c.Post(path, nil); !strings.Contains(page.Body, "通过电子邮件发送给申请人（l*****@example.com）") {
		t.Fatalf("the full notice does not show where it goes: %s", page.Body)
	}
	r := c.Post(path+"/send", nil)
	if r.Status != http.StatusSeeOther || r.Header.Get("Location") != path {
		t.Fatalf("send: %d %s", r.Status, r.Body)
	}
	if r := c.Get(path); !strings.Contains(r.Body, "告知书已通过电子邮件发送给申请人") {
		t.Error("no confirmation after sending")
	}
	msg, err := mail.ReadMessage(bytes.NewReader(smtp.Next(t).Data))
	if err != nil {
		t.Fatal(err)
	}
	var dec mime.WordDecoder
	if subject, _ := dec.DecodeHeader(msg.Header.Get("Subject")); subject != "政府信息无法提供告知书（申请编号："+number+"）" {
		t.Errorf("subject %q", subject)
	}
	if to, _ := msg.Header.AddressList("To"); len(to) != 1 || to[0].Address != "liming@example.com" {
		t.Errorf("to %v", to)
	}
	_, params, _ := mime.ParseMediaType(msg.Header.Get("Content-Type"))
	mr := multipart.NewReader(msg.Body, params["boundary"])
	text, _ := mr.NextPart()
	body, _ := io.ReadAll(text)
	if !strings.Contains(string(body), "李明：") || !strings.Contains(string(body), "第三十六条第（四）项") {
		t.Errorf("body %q", body)
	}
	att, err := mr.NextPart()
	if err != nil || att.FileName() != number+"-答复告知书.pdf" {
		t.Fatalf("attachment %v %v", att, err)
	}
	pdf, _ := io.ReadAll(base64.NewDecoder(base64.StdEncoding, att))
	if txt := noticetest.Text(t, pdf); !strings.Contains(txt, "政府信息无法提供告知书") || !strings.Contains(txt, "2026年1月20日") {
		t.Errorf("attached PDF: %s", txt)
	}
	evs, _ := e.St.AuditEvents(ctx, store.AuditFilter{Action: "foi.notice_sent", Object: number})
	if len(evs) != 1 || evs[0].Actor != "foi" || evs[0].Detail["kind"] != "answer" || strings.Contains(evs[0].Detail["to"], "liming") {
		t.Errorf("trail: %+v", evs)
	}
	// An applicant who gave no e-mail address.
	status, created = e.API("POST", "/api/v1/foi/applications", officer, `{"applicant":{"kind":"person","name":"张伟","id_type":"居民身份证",
		"id_number":"11010519491231002X","phone":"13812345678","address":"上海市嘉定区平城路811号"},"description":"某信息","format":"paper",
		"delivery":"post","channel":"in_person","received_on":"2026-01-05"}`)
	if status != 201 {
		t.Fatalf("create: %d %v", status, created)
	}
	other := created["number"].(string)
	if s, out := e.API("POST", "/api/v1/foi/applications/"+other+"/events", head, withVersion(t, e, head, other, `{"type":"answer","on":"2026-01-20","outcome":"disclose"}`)); s != 201 {
		t.Fatalf("answer: %d %v", s, out)
	}
	if r := c.Post("/admin/foi/"+other+"/notices/answer/send", nil); r.Status != http.StatusConflict || !strings.Contains(r.Body, "申请人没有留下电子邮箱") {
		t.Errorf("no e-mail: %d", r.Status)
	}
}

// TestNoticeBrowserAccessibility audits a notice page with axe-core in
// Chromium, in the normal and the 长辈版 mode, and saves screenshots.
func TestNoticeBrowserAccessibility(t *testing.T) {
	e := webtest.BrowserServer(t)
	ctx := browsertest.Browser(t)
	app, _, err := e.St.CreateApplication(context.Background(), "foi", foi.InPerson, calendar.MustParse("2026-01-05"), foi.Applicant{Kind: "person", Name: "王芳",
		IDType: "居民身份证", IDNumber: "11010519491231002X", Phone: "13900001111", Address: "上海市嘉定区菊园路1号"},
		foi.Request{Description: "2025年菊园新区道路养护经费", Format: "paper", Delivery: "post"})
	if err != nil {
		t.Fatal(err)
	}
	u, _ := e.St.UserByUsername(context.Background(), "foihead")
	if _, err := e.St.AddFOIEvent(context.Background(), u, app.Number, 0, foi.Event{Type: foi.Answer, On: calendar.MustParse("2026-01-20"), Outcome: foi.WithholdThirdParty,
		Reason: "所申请经费明细载有承包人员的个人银行账号，属于个人隐私"}); err != nil {
		t.Fatal(err)
	}
	webtest.BrowserLogin(t, ctx, e.Base, "foi")
	pages := []webtest.BrowserPage{
		{Name: "answer", Path: "/admin/foi/" + app.Number + "/notices/answer", Status: 200, Sel: "#notice-title", Shot: "notice-answer"},
		{Name: "not-due", Path: "/admin/foi/" + app.Number + "/notices/extension", Status: 409, Sel: "main"},
	}
	webtest.AuditBothModes(t, ctx, e.Base, pages)
}
