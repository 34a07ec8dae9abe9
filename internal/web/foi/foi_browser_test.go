package foi_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"gongkai/internal/browsertest"
	"gongkai/internal/calendar"
	"gongkai/internal/web/webtest"
)

// fbEvent fills and submits the case page's form for one event type.
func fbEvent(t *testing.T, ctx context.Context, base, number, typ string, fields map[string]string) int {
	t.Helper()
	webtest.Go(t, ctx, base+"/admin/foi/"+number)
	form := `form:has(input[name=type][value="` + typ + `"])`
	for sel, v := range fields {
		webtest.Select(t, ctx, form+" "+sel, v)
	}
	return webtest.Click(t, ctx, form+" button[type=submit]")
}

// fbSubmit asks for the information electronically by e-mail, signs the
// declaration, submits the filled form and returns the receipt's number
// and query code.
func fbSubmit(t *testing.T, citizen context.Context) (number, code string) {
	t.Helper()
	webtest.Tick(t, citizen, "#fa-format-electronic")
	webtest.Tick(t, citizen, "#fa-delivery-email")
	webtest.Tick(t, citizen, "#fa-consent")
	if status := webtest.Click(t, citizen, `form[action="/foi/apply"] button[type=submit]`); status != 200 {
		t.Fatalf("apply: %d %s", status, webtest.Text(t, citizen, "main"))
	}
	number, code = webtest.Text(t, citizen, "#receipt-number"), webtest.Text(t, citizen, "#receipt-code")
	if !strings.HasPrefix(number, "YSQ") || len(code) != 8 {
		t.Fatalf("receipt: %q %q", number, code)
	}
	return number, code
}

// fbTracker returns a function that looks the case up on the tracking page
// in ctx, fails unless the page says every want, and fails if it shows any
// of personal; it returns the page's text.
func fbTracker(t *testing.T, ctx context.Context, base, number, code string, personal ...string) func(want ...string) string {
	return func(want ...string) string {
		t.Helper()
		webtest.Go(t, ctx, base+"/foi/track")
		webtest.Type(t, ctx, "#ft-number", number)
		webtest.Type(t, ctx, "#ft-code", code)
		if status := webtest.Click(t, ctx, `form[action="/foi/track"] button[type=submit]`); status != 200 {
			t.Fatalf("track: %d", status)
		}
		page := webtest.Text(t, ctx, "main")
		for _, w := range want {
			if !strings.Contains(page, w) {
				t.Fatalf("tracking page does not say %q:\n%s", w, page)
			}
		}
		for _, pd := range personal {
			if strings.Contains(page, pd) {
				t.Fatalf("tracking page shows %q", pd)
			}
		}
		return page
	}
}

// TestBrowserFOIFlow is the information-request story in the browser: a
// citizen applies online; staff confirm, ask for a 补正, receive it, consult
// a third party, extend (refused to an officer, granted by the head),
// answer 部分公开 with a PDF notice, mail and archive; the citizen's
// tracking page shows each stage and no personal data; the trail verifies.
func TestBrowserFOIFlow(t *testing.T) {
	e := webtest.BrowserServer(t)
	today := calendar.Today(time.Now()).String()
	citizen := browsertest.Browser(t)
	webtest.Go(t, citizen, e.Base+"/foi/apply")
	for sel, v := range map[string]string{"#fa-name": "王晓明", "#fa-id_number": "11010519491231002X", "#fa-phone": "13912345678",
		"#fa-email": "wxm@example.com", "#fa-address": "上海市嘉定区平城路811号",
		"#fa-description": "2025年菊园新区既有多层住宅加装电梯补贴发放情况", "#fa-purpose": "了解补贴政策执行情况"} {
		webtest.Type(t, citizen, sel, v)
	}
	number, code := fbSubmit(t, citizen)
	track := fbTracker(t, citizen, e.Base, number, code, "王晓明", "11010519491231002X", "13912345678", "wxm@example.com", "平城路", "某物业公司")
	track("待确认")

	officer := browsertest.Browser(t)
	webtest.BrowserLogin(t, officer, e.Base, "foi")
	step := func(ctx context.Context, typ string, fields map[string]string, want int) {
		t.Helper()
		fields[`input[name=on]`] = today
		if status := fbEvent(t, ctx, e.Base, number, typ, fields); status != want {
			t.Fatalf("%s: %d, want %d: %s", typ, status, want, webtest.Text(t, ctx, "main"))
		}
	}
	step(officer, "confirm", map[string]string{}, 200)
	track("办理中")
	replyBy := calendar.Today(time.Now()).AddDays(10).String()
	step(officer, "request_supplement", map[string]string{"input[name=reply_by]": replyBy, "textarea[name=reason]": "写明补贴发放的年度"}, 200)
	track("补正")
	step(officer, "supplement_received", map[string]string{}, 200)
	step(officer, "consult_start", map[string]string{"select[name=kind]": "third_party", "input[name=party]": "某物业公司"}, 200)
	track("征求意见")
	step(officer, "consult_end", map[string]string{"select[name=party]": "某物业公司"}, 200)

	// The officer is not offered the extension, and the server refuses it.
	webtest.Go(t, officer, e.Base+"/admin/foi/"+number)
	if n := webtest.Count(t, officer, `form:has(input[name=type][value="extend"])`); n != 0 {
		t.Fatal("an officer is offered the extension")
	}
	sctx, cancel := context.WithTimeout(officer, webtest.StepTimeout)
	status, err := chromedp.Run(sctx, chromedp.Evaluate[int](`(async () => {
		const f = document.querySelector('form:has(input[name=type][value="draft"])');
		const body = new URLSearchParams({csrf: f.csrf.value, version: f.version.value, type: "extend", on: "`+today+`", reason: "强行延期"});
		return (await fetch(location.pathname + "/events", {method: "POST", body})).status; })()`, chromedp.EvalAwaitPromise))
	cancel()
	if err != nil || status != 403 {
		t.Fatalf("extension by an officer: %d %v", status, err)
	}
	head := browsertest.Browser(t)
	webtest.BrowserLogin(t, head, e.Base, "foihead")
	step(head, "extend", map[string]string{"textarea[name=reason]": "涉及多个小区的补贴数据，需要汇总核对"}, 200)

	step(officer, "draft", map[string]string{"select[name=outcome]": "partial", "textarea[name=reason]": "名单中的身份证号码属于个人隐私"}, 200)
	step(head, "draft_approved", map[string]string{}, 200)
	step(head, "answer", map[string]string{}, 200)
	// The PDF is a POST from the notice page (its form carries the token).
	if status := webtest.Go(t, officer, e.Base+"/admin/foi/"+number+"/notices/answer"); status != 200 {
		t.Fatalf("notice page: %d", status)
	}
	sctx, cancel = context.WithTimeout(officer, webtest.StepTimeout)
	status, err = chromedp.Run(sctx, chromedp.Evaluate[int](`(async () => {
		const f = document.querySelector('form[action$="/notices/answer/pdf"]');
		return (await fetch(f.action, {method: "POST", body: new URLSearchParams({csrf: f.csrf.value})})).status; })()`, chromedp.EvalAwaitPromise))
	cancel()
	if err != nil || status != 200 {
		t.Fatalf("PDF notice: %d %v", status, err)
	}
	step(officer, "mail", map[string]string{"input[name=tracking_no]": "EA123456789CN"}, 200)
	step(officer, "archive", map[string]string{"input[name=location]": "2026-依申请-001"}, 200)
	page := track("已答复")
	if !strings.Contains(page, "部分公开") {
		t.Fatalf("tracking does not show the outcome:\n%s", page)
	}
	webtest.Accessible(t, citizen, "tracking result")
	if res, err := e.St.VerifyAudit(context.Background()); err != nil || !res.OK() {
		t.Fatalf("trail: %+v %v", res, err)
	}
}
