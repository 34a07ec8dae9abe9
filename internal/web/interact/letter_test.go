package interact_test

import (
	"bytes"
	"fmt"
	"html"
	"mime/multipart"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"gongkai/internal/auth"
	"gongkai/internal/calendar"
	"gongkai/internal/store"
	"gongkai/internal/web/webtest"

	"github.com/xuri/excelize/v2"
)

var (
	tokenRe   = regexp.MustCompile(`name="challenge_token" value="(\d+)\.(\d+)\.([^"]+)"`)
	receiptRe = regexp.MustCompile(`id="receipt-number">([^<]+)</dd>[\s\S]*id="receipt-code">([^<]+)</dd>`)
)

// solve reads the form's challenge and answers it, as a visitor would.
func solve(t *testing.T, page string) (token, answer string) {
	t.Helper()
	m := tokenRe.FindStringSubmatch(page)
	if m == nil {
		t.Fatalf("no challenge on the form:\n%s", page)
	}
	a, _ := strconv.Atoi(m[1])
	b, _ := strconv.Atoi(m[2])
	return m[1] + "." + m[2] + "." + html.UnescapeString(m[3]), strconv.Itoa(a + b)
}

// writeLetter fills the letter form of kind and returns the response.
func writeLetter(t *testing.T, c *webtest.Client, kind string, form url.Values) webtest.Response {
	t.Helper()
	page := c.Get("/hudong/write?kind=" + kind)
	if page.Status != http.StatusOK {
		t.Fatalf("form: %d", page.Status)
	}
	token, answer := solve(t, page.Body)
	form.Set("kind", kind)
	form.Set("challenge_token", token)
	if form.Get("challenge") == "" {
		form.Set("challenge", answer)
	}
	return c.Post("/hudong/write", form)
}

func goodLetter(subject string, consent bool) url.Values {
	f := url.Values{"name": {"李明华"}, "phone": {"13912345678"}, "email": {"liminghua@example.com"}, "subject": {subject},
		"content": {"请问小区加装电梯的申请流程？我的电话 13912345678，邮箱 liminghua@example.com。"}}
	if consent {
		f.Set("publish_ok", "yes")
	}
	return f
}

func receipt(t *testing.T, r webtest.Response) (number, code string) {
	t.Helper()
	if r.Status != http.StatusCreated {
		t.Fatalf("letter not accepted: %d\n%s", r.Status, r.Body)
	}
	m := receiptRe.FindStringSubmatch(r.Body)
	if m == nil {
		t.Fatalf("no number and code on the receipt:\n%s", r.Body)
	}
	return m[1], m[2]
}

// step posts one step of the letter page with the version it shows.
func step(t *testing.T, c *webtest.Client, number string, form url.Values) webtest.Response {
	t.Helper()
	page := c.Get("/admin/letters/" + number)
	m := regexp.MustCompile(`name="version" value="(\d+)"`).FindStringSubmatch(page.Body)
	if m == nil {
		t.Fatalf("letter page %s has no step form: %d\n%s", number, page.Status, page.Body)
	}
	form.Set("version", m[1])
	return c.Post("/admin/letters/"+number+"/steps", form)
}

func wantRedirect(t *testing.T, r webtest.Response, what string) {
	t.Helper()
	if r.Status != http.StatusSeeOther {
		t.Fatalf("%s: %d\n%s", what, r.Status, r.Body)
	}
}

func deptID(t *testing.T, e *webtest.Env, code string) string {
	t.Helper()
	d, err := e.St.DepartmentByCode(ctx, code)
	if err != nil {
		t.Fatal(err)
	}
	return strconv.FormatInt(d.ID, 10)
}

// TestLetterToPublication is the whole path of a mailbox letter through
// the real server: written with consent, triaged as normal across the
// 国庆 holiday, replied by the assigned department, selected, and shown
// under 留言选登 with the four fields and without the writer's details;
// a letter without consent can never be selected.
func TestLetterToPublication(t *testing.T) {
	webtest.Dialects(t, func(t *testing.T, d store.Dialect) {
		// Monday 30 September 2024, 10:00 in Shanghai.
		e := webtest.NewWith(t, d, webtest.Options{Start: time.Date(2024, 9, 30, 2, 0, 0, 0, time.UTC)})
		citizen := e.Client()
		number, code := receipt(t, writeLetter(t, citizen, "mailbox", func() url.Values {
			f := goodLetter("关于加装电梯的建议", true)
			f.Set("target", "fuzhuren")
			return f
		}()))
		noConsent, _ := receipt(t, writeLetter(t, citizen, "consult", goodLetter("不同意公开的咨询", false)))

		office := e.Login("supervisor")
		inbox := office.Get("/admin/letters")
		if !strings.Contains(inbox.Body, number) || strings.Contains(inbox.Body, "13912345678") || !strings.Contains(inbox.Body, "李**") {
			t.Fatalf("inbox: the letter with a masked name and no phone expected\n%s", inbox.Body)
		}
		wantRedirect(t, step(t, office, number, url.Values{"action": {"accept"}, "dept": {"0"}}), "accept")
		l, err := e.St.Letter(ctx, number)
		if err != nil {
			t.Fatal(err)
		}
		// 30 Sep + 5 working days: 8, 9, 10, 11 October and the make-up Saturday 12 October.
		if l.DueOn.String() != "2024-10-12" || l.Simple {
			t.Fatalf("triaged as normal on 30 Sep 2024: due %s simple %v, want 2024-10-12", l.DueOn, l.Simple)
		}
		replier := e.Login("replier") // 社区事务受理服务中心, the deputy's department
		if code := replier.Get("/admin/letters/" + noConsent).Status; code != http.StatusNotFound {
			t.Fatalf("a replier opening a letter not assigned to the department: %d, want 404", code)
		}
		if r := replier.Post("/admin/letters/"+noConsent+"/steps", url.Values{"action": {"reply"}, "text": {"x"}, "version": {"1"}}); r.Status != http.StatusNotFound {
			t.Fatalf("a replier answering a letter not assigned to the department: %d, want 404", r.Status)
		}
		wantRedirect(t, step(t, replier, number, url.Values{"action": {"reply"}, "text": {"您好！加装电梯可向所在居委会申请，具体流程见菊园新区加装电梯工作指引。"}}), "reply")

		wantRedirect(t, step(t, office, noConsent, url.Values{"action": {"accept"}, "dept": {deptID(t, e, "jy-sqfw")}, "simple": {"yes"}}), "accept simple")
		wantRedirect(t, step(t, replier, noConsent, url.Values{"action": {"reply"}, "text": {"已答复。"}}), "reply 2")
		refused := step(t, office, noConsent, url.Values{"action": {"publish"}})
		if refused.Status != http.StatusConflict || !strings.Contains(refused.Body, "留言人未同意公开") {
			t.Fatalf("selecting a letter without consent: %d, want 409 with the reason\n%s", refused.Status, refused.Body)
		}
		if status, body := e.API("POST", "/api/v1/letters/"+noConsent+"/triage", e.Token("supervisor"), `{"accept":true}`); status != http.StatusConflict {
			t.Fatalf("triage of a replied letter: %d %v, want 409", status, body)
		}

		wantRedirect(t, step(t, office, number, url.Values{"action": {"publish"}}), "publish")
		list := e.Client().Get("/hudong/letters")
		if list.Status != http.StatusOK || !strings.Contains(list.Body, "关于加装电梯的建议") || strings.Contains(list.Body, "不同意公开的咨询") {
			t.Fatalf("留言选登 list:\n%s", list.Body)
		}
		page := e.Client().Get("/hudong/letters/" + number)
		for _, want := range []string{"留言时间", "2024-09-30", "答复时间", "答复单位", "社区事务受理服务中心", "加装电梯可向所在居委会申请"} {
			if !strings.Contains(page.Body, want) {
				t.Errorf("published letter lacks %q", want)
			}
		}
		for _, leak := range []string{"13912345678", "liminghua@example.com", "李明华"} {
			if strings.Contains(page.Body, leak) || strings.Contains(list.Body, leak) {
				t.Errorf("published letter shows the writer's %q", leak)
			}
		}
		if st := e.Client().Get("/hudong/letters/" + noConsent).Status; st != http.StatusNotFound {
			t.Errorf("an unpublished letter's public page: %d", st)
		}
		status, body := e.API("GET", "/api/v1/public/letters", "", "")
		raw := fmt.Sprint(body)
		if status != http.StatusOK || !strings.Contains(raw, number) || strings.Contains(raw, "13912345678") || strings.Contains(raw, noConsent) {
			t.Fatalf("public letters API: %d %s", status, raw)
		}

		// One step from the answered letter to a FAQ draft, hidden until published.
		r := replier.Post("/admin/letters/"+number+"/faq", url.Values{})
		if r.Status != http.StatusSeeOther || !strings.HasPrefix(r.Header.Get("Location"), "/admin/faq/") {
			t.Fatalf("FAQ from the letter: %d %s", r.Status, r.Header.Get("Location"))
		}
		faqID, _ := strconv.ParseInt(strings.TrimPrefix(r.Header.Get("Location"), "/admin/faq/"), 10, 64)
		faq, err := e.St.FAQ(ctx, faqID)
		if err != nil || faq.SourceLetter != number || faq.Question != "关于加装电梯的建议" || !strings.Contains(faq.Answer, "加装电梯可向所在居委会申请") || faq.State != "hidden" {
			t.Fatalf("FAQ drafted from the letter: %+v %v", faq, err)
		}
		if st := e.Client().Get("/hudong/faq/" + strconv.FormatInt(faqID, 10)).Status; st != http.StatusNotFound {
			t.Fatalf("the draft FAQ is public: %d", st)
		}
		if r := replier.Post("/admin/letters/"+noConsent+"/faq", url.Values{}); r.Status != http.StatusSeeOther {
			t.Fatalf("FAQ from the replier's own answered letter: %d", r.Status)
		}

		// The writer follows and rates.
		c := e.Client()
		c.Get("/hudong/track")
		tr := c.Post("/hudong/track", url.Values{"number": {number}, "code": {code}})
		if tr.Status != http.StatusOK || !strings.Contains(tr.Body, "已答复") || !strings.Contains(tr.Body, "加装电梯可向所在居委会申请") {
			t.Fatalf("tracking: %d\n%s", tr.Status, tr.Body)
		}
		if bad := c.Post("/hudong/track", url.Values{"number": {number}, "code": {"WRONGCODE"}}); bad.Status != http.StatusNotFound || !strings.Contains(bad.Body, "查询码不正确") {
			t.Fatalf("a wrong code: %d", bad.Status)
		}
		if r := c.Post("/hudong/track/rate", url.Values{"number": {number}, "code": {code}, "rating": {"5"}}); r.Status != http.StatusOK || !strings.Contains(r.Body, "感谢您的评价") {
			t.Fatalf("rating: %d\n%s", r.Status, r.Body)
		}
		if r := c.Post("/hudong/track/rate", url.Values{"number": {number}, "code": {code}, "rating": {"1"}}); r.Status != http.StatusConflict {
			t.Fatalf("a second rating: %d", r.Status)
		}
	})
}

// TestLetterDueDatesThroughAPI triages letters through the API on dates
// around holidays and make-up days and reads the due dates back.
func TestLetterDueDatesThroughAPI(t *testing.T) {
	cases := []struct {
		start  time.Time // the submission, UTC
		simple bool
		want   string
	}{
		{time.Date(2024, 9, 30, 2, 0, 0, 0, time.UTC), true, "2024-10-08"},   // before 国庆
		{time.Date(2024, 9, 28, 2, 0, 0, 0, time.UTC), true, "2024-09-29"},   // a Saturday; Sunday 29 Sep is a make-up day
		{time.Date(2025, 1, 27, 2, 0, 0, 0, time.UTC), false, "2025-02-10"},  // before 春节 2025, through the make-up 8 Feb
		{time.Date(2025, 1, 25, 17, 0, 0, 0, time.UTC), true, "2025-01-27"},  // 01:00 on Sunday 26 Jan in Shanghai (a make-up day): received 26 Jan, not the Saturday
		{time.Date(2026, 2, 13, 2, 0, 0, 0, time.UTC), false, "2026-02-27"},  // 春节 2026
		{time.Date(2026, 3, 2, 2, 0, 0, 0, time.UTC), false, "2026-03-09"},   // an ordinary week
		{time.Date(2026, 3, 2, 2, 0, 0, 0, time.UTC), true, "2026-03-03"},    // an ordinary day
		{time.Date(2024, 12, 31, 10, 0, 0, 0, time.UTC), true, "2025-01-02"}, // 18:00 on New Year's Eve; 1 Jan is a holiday
	}
	webtest.Dialects(t, func(t *testing.T, d store.Dialect) {
		for _, c := range cases {
			e := webtest.NewWith(t, d, webtest.Options{Start: c.start})
			status, body := e.API("POST", "/api/v1/letters", "", `{"kind":"consult","target":"jy-sqfw","name":"王芳","phone":"021-59990000","subject":"咨询","content":"请问办理时间？","publish_ok":false}`)
			if status != http.StatusCreated {
				t.Fatalf("create: %d %v", status, body)
			}
			number := body["number"].(string)
			if body["query_code"] == "" || body["status"] != "received" {
				t.Fatalf("create answer: %v", body)
			}
			status, body = e.API("POST", "/api/v1/letters/"+number+"/triage", e.Token("supervisor"), fmt.Sprintf(`{"accept":true,"simple":%v,"dept":""}`, c.simple))
			if status != http.StatusOK || body["due_on"] != c.want {
				t.Errorf("received %s simple %v: %d due %v, want %s", c.start.In(time.FixedZone("CST", 8*3600)).Format("2006-01-02 15:04"), c.simple, status, body["due_on"], c.want)
			}
		}
	})
}

// TestLetterBadInput: every field's problem at once in Chinese, markup kept
// as text, a wrong challenge, oversized and wrong-type attachments, a
// closed target, floods from one address — and nothing stored for any of
// them.
func TestLetterBadInput(t *testing.T) {
	webtest.Dialects(t, func(t *testing.T, d store.Dialect) {
		e := webtest.New(t, d)
		c := e.Client()
		r := writeLetter(t, c, "consult", url.Values{"phone": {"123"}, "email": {"bad@"}})
		if r.Status != http.StatusBadRequest {
			t.Fatalf("empty form: %d", r.Status)
		}
		for _, msg := range []string{"请填写姓名", "联系电话应为", "电子邮箱格式不正确", "请填写标题", "请填写留言内容"} {
			if !strings.Contains(r.Body, msg) {
				t.Errorf("empty form lacks %q", msg)
			}
		}
		if !strings.Contains(r.Body, `id="lt-name" name="name" value=""`) {
			t.Errorf("the form is shown again")
		}
		wrong := goodLetter("验证", false)
		wrong.Set("challenge", "999")
		if r := writeLetter(t, c, "consult", wrong); r.Status != http.StatusBadRequest || !strings.Contains(r.Body, "验证问题的答案不正确") {
			t.Fatalf("wrong challenge: %d", r.Status)
		}
		forged := goodLetter("伪造", false)
		forged.Set("challenge_token", "1.1.99999999999.forged")
		forged.Set("challenge", "2")
		forged.Set("kind", "consult")
		c.Get("/hudong/write")
		if r := c.Post("/hudong/write", forged); r.Status != http.StatusBadRequest {
			t.Fatalf("forged challenge: %d", r.Status)
		}
		mb := goodLetter("无此领导", false)
		mb.Set("target", "nobody")
		if r := writeLetter(t, c, "mailbox", mb); r.Status != http.StatusBadRequest || !strings.Contains(r.Body, "所选领导不存在") {
			t.Fatalf("unknown leader: %d", r.Status)
		}
		// Markup is text: stored as typed, shown escaped.
		hostile := goodLetter(`<script>alert("x")</script>标题`, false)
		hostile.Set("content", `<img src=x onerror=alert(1)>内容`)
		number, _ := receipt(t, writeLetter(t, c, "consult", hostile))
		page := e.Login("supervisor").Get("/admin/letters/" + number)
		if strings.Contains(page.Body, `<script>alert("x")`) || strings.Contains(page.Body, "<img src=x") || !strings.Contains(page.Body, "&lt;script&gt;") {
			t.Fatalf("markup in a letter must be shown as text")
		}

		// Attachments: too large, wrong type.
		big := bytes.Repeat([]byte("%PDF-1.4\n"), 5<<20/9+10)
		if st, body := postFiles(t, e, map[string][]byte{"scan.pdf": big}); st != http.StatusBadRequest || !strings.Contains(body, "5 MB") {
			t.Fatalf("oversized attachment: %d", st)
		}
		if st, body := postFiles(t, e, map[string][]byte{"virus.exe": []byte("MZ\x90\x00")}); st != http.StatusBadRequest || !strings.Contains(body, "附件只能是") {
			t.Fatalf("wrong attachment type: %d\n%s", st, body)
		}
		if st, _ := postFiles(t, e, map[string][]byte{"scan.png": pngBytes}); st != http.StatusCreated {
			t.Fatalf("a small PNG: %d", st)
		}

		// API: all problems with codes.
		status, body := e.API("POST", "/api/v1/letters", "", `{"kind":"petition","name":"","phone":"1","subject":"","content":""}`)
		errsList, _ := body["errors"].([]any)
		if status != http.StatusBadRequest || len(errsList) < 4 {
			t.Fatalf("API bad input: %d %v", status, body)
		}
		if code, _ := webtest.ErrorCode(body); code != "invalid_kind" {
			t.Fatalf("first code %q", code)
		}
		before, _, err := e.St.Letters(ctx, store.LetterFilter{Status: "all", Size: 100})
		if err != nil {
			t.Fatal(err)
		}
		// A flood from one address is held back with 429 and a Chinese message.
		limited := 0
		for i := range 40 {
			status, body := e.API("POST", "/api/v1/letters", "", fmt.Sprintf(`{"kind":"consult","name":"刷屏","phone":"13800000000","subject":"第%d封","content":"内容"}`, i))
			if status == http.StatusTooManyRequests {
				if _, msg := webtest.ErrorCode(body); !strings.Contains(msg, "请求过于频繁") {
					t.Fatalf("429 message: %q", msg)
				}
				limited++
			}
		}
		if limited == 0 {
			t.Fatal("40 letters in a row from one address were all accepted")
		}
		after, _, _ := e.St.Letters(ctx, store.LetterFilter{Status: "all", Size: 100})
		if got := len(after) - len(before); got != 40-limited {
			t.Fatalf("%d letters stored, want the %d acknowledged", got, 40-limited)
		}
	})
}

// pngBytes is a 1×1 PNG.
var pngBytes = []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N\x00\x00\x00\x00IEND\xaeB`\x82")

// postFiles sends a good letter with files through the multipart form.
func postFiles(t *testing.T, e *webtest.Env, files map[string][]byte) (int, string) {
	t.Helper()
	c := e.Client()
	page := c.Get("/hudong/write")
	token, answer := solve(t, page.Body)
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	for k, v := range goodLetter("附件", false) {
		_ = mw.WriteField(k, v[0])
	}
	for k, v := range map[string]string{"kind": "consult", "challenge_token": token, "challenge": answer, "csrf": c.CSRF} {
		_ = mw.WriteField(k, v)
	}
	for name, data := range files {
		w, _ := mw.CreateFormFile("files", name)
		_, _ = w.Write(data)
	}
	mw.Close()
	req, _ := http.NewRequest("POST", e.TS.URL+"/hudong/write", &buf)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	r := c.Do(req)
	return r.Status, r.Body
}

func letterVisitPages(t *testing.T, e *webtest.Env, check func(c *webtest.Client, path string, want int, template string), rendered map[string]bool) {
	c := e.Client()
	check(c, "/hudong/write", 200, "letter_write")
	check(c, "/hudong/write?kind=mailbox", 200, "letter_write")
	check(c, "/hudong/track", 200, "letter_track")
	number, _ := receipt(t, writeLetter(t, c, "mailbox", func() url.Values {
		f := goodLetter("页面", true)
		f.Set("target", "fuzhuren")
		return f
	}()))
	rendered["letter_receipt"] = true
	office := e.Login("supervisor")
	check(office, "/admin/letters", 200, "admin_letters")
	check(office, "/admin/letters?status=escalated", 200, "admin_letters")
	check(office, "/admin/letters/"+number, 200, "admin_letter")
	check(office, "/admin/letters/settings", 200, "admin_letter_settings")
	check(office, "/admin/letters/stats", 200, "admin_letter_stats")
	wantRedirect(t, step(t, office, number, url.Values{"action": {"accept"}}), "accept")
	wantRedirect(t, step(t, e.Login("replier"), number, url.Values{"action": {"reply"}, "text": {"答复"}}), "reply")
	wantRedirect(t, step(t, office, number, url.Values{"action": {"publish"}}), "publish")
	check(c, "/hudong/letters", 200, "letters_public")
	check(c, "/hudong/letters/"+number, 200, "letter_public")
}

// TestLetterDashboard: an overdue letter lights red on the office's and
// the replying department's dashboards, and one unanswered for three
// months is on the escalation list.
func TestLetterDashboard(t *testing.T) {
	webtest.Dialects(t, func(t *testing.T, d store.Dialect) {
		e := webtest.New(t, d) // Monday 2 March 2026
		number, _ := receipt(t, writeLetter(t, e.Client(), "consult", goodLetter("逾期的咨询", false)))
		office := e.Login("supervisor")
		wantRedirect(t, step(t, office, number, url.Values{"action": {"accept"}, "dept": {deptID(t, e, "jy-sqfw")}, "simple": {"yes"}}), "accept")
		if body := office.Get("/admin/").Body; strings.Contains(body, "h-letter-due") && strings.Contains(body, "红灯（已逾期）<a href=\"/admin/letters?light=red\">1") {
			t.Fatal("a letter due tomorrow is not overdue")
		}
		e.Clock.Advance(2 * 24 * time.Hour) // Wednesday: due Tuesday
		for _, who := range []string{"supervisor", "replier"} {
			body := e.Login(who).Get("/admin/").Body
			if !strings.Contains(body, `<a href="/admin/letters?light=red">1 件</a>`) || !strings.Contains(body, number) {
				t.Errorf("%s's dashboard does not show the overdue letter", who)
			}
		}
		if due, err := e.St.DueLetters(ctx, calendar.DateOf(e.Clock.Now())); err != nil || len(due) != 1 || due[0].Number != number {
			t.Errorf("the daily reminder's letters: %v %v", due, err)
		}
		if body := e.Login("editor").Get("/admin/").Body; strings.Contains(body, "h-letter-due") {
			t.Error("an editor sees the letters block")
		}
		e.Clock.Advance(95 * 24 * time.Hour)
		office = e.Login("supervisor")
		esc := office.Get("/admin/letters?status=escalated")
		if !strings.Contains(esc.Body, number) || !strings.Contains(office.Get("/admin/").Body, "超过三个月未答复 1 件") {
			t.Fatalf("three months unanswered: not escalated\n%s", esc.Body)
		}
	})
}

// TestLetterStats counts a period's letters per department through the
// statistics page and its XLSX, and lists the policy the letters were
// linked to.
func TestLetterStats(t *testing.T) {
	webtest.Dialects(t, func(t *testing.T, d store.Dialect) {
		e := webtest.NewDemo(t, d) // Monday 2 March 2026
		citizen := e.Client()
		// The demo's letters are in other departments: this one has only the test's.
		dzb := deptID(t, e, "jy-dzb")
		id, _ := strconv.ParseInt(dzb, 10, 64)
		e.User(t, "dzb-replier", id, auth.Replier)
		office, replier := e.Login("supervisor"), e.Login("dzb-replier")
		sqfw := dzb
		docs, _, err := e.St.PublicDocuments(ctx, store.PublicFilter{Size: 1})
		if err != nil || len(docs) == 0 {
			t.Fatal("no public document to link", err)
		}
		policy := docs[0].Doc.IndexNumber
		var numbers []string
		for i := range 3 {
			n, _ := receipt(t, writeLetter(t, citizen, "consult", goodLetter("统计"+strconv.Itoa(i), false)))
			numbers = append(numbers, n)
			wantRedirect(t, step(t, office, n, url.Values{"action": {"accept"}, "dept": {sqfw}, "simple": {"yes"}}), "accept")
			wantRedirect(t, step(t, office, n, url.Values{"action": {"link"}, "policy": {policy}}), "link")
		}
		// One answered on the day (on time), one two working days later
		// (late: due the next working day), one still open and overdue.
		wantRedirect(t, step(t, replier, numbers[0], url.Values{"action": {"reply"}, "text": {"答复"}}), "reply")
		e.Clock.Advance(2 * 24 * time.Hour) // Wednesday
		replier = e.Login("dzb-replier")
		wantRedirect(t, step(t, replier, numbers[1], url.Values{"action": {"reply"}, "text": {"答复"}}), "reply")
		office = e.Login("supervisor")
		page := office.Get("/admin/letters/stats?from=2026-03-01&to=2026-03-31")
		row := regexp.MustCompile(`<th scope="row">党政办公室</th>((?:<td>[^<]*</td>\s*)+)`).FindStringSubmatch(page.Body)
		if row == nil {
			t.Fatalf("no row for the department:\n%s", page.Body)
		}
		cells := regexp.MustCompile(`<td>([^<]*)</td>`).FindAllStringSubmatch(row[1], -1)
		got := []string{}
		for _, c := range cells {
			got = append(got, c[1])
		}
		// received, answered, on time, on-time %, mean working days, overdue, rejected, open
		want := []string{"3", "2", "1", "50.0%", "1.0", "2", "0", "1"}
		if strings.Join(got, "|") != strings.Join(want, "|") {
			t.Fatalf("department row %v, want %v", got, want)
		}
		if !strings.Contains(page.Body, `<a href="/docs/`+policy+`"`) || !regexp.MustCompile(`</a></td><td>3</td>`).MatchString(page.Body) {
			t.Fatalf("the linked policy with its 3 letters is not listed")
		}
		x := office.Post("/admin/letters/stats.xlsx", url.Values{"from": {"2026-03-01"}, "to": {"2026-03-31"}})
		if x.Status != http.StatusOK || !strings.Contains(x.Header.Get("Content-Type"), "spreadsheetml") {
			t.Fatalf("XLSX: %d %s", x.Status, x.Header.Get("Content-Type"))
		}
		f, err := excelize.OpenReader(strings.NewReader(x.Body))
		if err != nil {
			t.Fatal(err)
		}
		rows, _ := f.GetRows("留言办理统计")
		found := false
		for _, r := range rows {
			if len(r) >= 7 && r[0] == "党政办公室" && r[1] == "3" && r[2] == "2" && r[3] == "1" && r[6] == "2" {
				found = true
			}
		}
		if !found {
			t.Fatalf("XLSX rows: %v", rows)
		}
		if r := office.Get("/admin/letters/stats?from=2026-03-31&to=2026-03-01"); r.Status != http.StatusBadRequest {
			t.Fatalf("a period ending before it starts: %d", r.Status)
		}
	})
}
