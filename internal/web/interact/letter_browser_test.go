package interact_test

import (
	"context"
	"strconv"
	"strings"
	"testing"

	"gongkai/internal/browsertest"
	"gongkai/internal/web/webtest"
)

// TestBrowserLetterFlow is a mailbox letter in Chromium from the citizen's
// form to 留言选登: written with consent, triaged as normal, replied by the
// department, selected, and shown with 留言时间, 答复时间, 答复单位 and the
// reply but without the writer's phone or e-mail. axe-core audits the form,
// the receipt, the tracking page, the staff's letter page and the public
// list and letter.
func TestBrowserLetterFlow(t *testing.T) {
	e := webtest.BrowserServer(t)
	tab := browsertest.Browser(t)
	base := e.Base

	webtest.Go(t, tab, base+"/hudong")
	if status := webtest.Click(t, tab, `a[href="/hudong/write?kind=mailbox"]`); status != 200 {
		t.Fatalf("领导信箱 link: %d", status)
	}
	webtest.Accessible(t, tab, "letter form")
	webtest.Select(t, tab, "#lt-target", "fuzhuren")
	webtest.Type(t, tab, "#lt-name", "赵晓燕")
	webtest.Type(t, tab, "#lt-phone", "13700001111")
	webtest.Type(t, tab, "#lt-email", "zhaoxy@example.com")
	webtest.Type(t, tab, "#lt-subject", "社区卫生服务站的开放时间")
	webtest.Type(t, tab, "#lt-content", "请问社区卫生服务站周末是否开放？")
	webtest.Tick(t, tab, "#lt-publish_ok")
	webtest.Type(t, tab, "#lt-challenge", challengeAnswer(t, tab, "lt-challenge"))
	webtest.Screenshot(t, tab, "letter-form")
	if status := webtest.Click(t, tab, `form[action="/hudong/write"] button[type=submit]`); status != 201 {
		t.Fatalf("submit: %d, page says %q", status, webtest.Text(t, tab, "main"))
	}
	webtest.Accessible(t, tab, "letter receipt")
	number, code := webtest.Text(t, tab, "#receipt-number"), webtest.Text(t, tab, "#receipt-code")
	if number == "" || len(code) != 8 {
		t.Fatalf("receipt: %q %q", number, code)
	}
	letter := base + "/admin/letters/" + number
	submit := func(action string) {
		t.Helper()
		if status := webtest.Click(t, tab, `form:has(input[name=action][value=`+action+`]) button[type=submit]`); status != 200 {
			t.Fatalf("%s: %d, page says %q", action, status, webtest.Text(t, tab, "main"))
		}
		if flash := webtest.Text(t, tab, ".flash"); !strings.Contains(flash, "已办理") {
			t.Fatalf("%s: no confirmation; page says %q", action, webtest.Text(t, tab, "main"))
		}
	}
	logout := func() {
		t.Helper()
		webtest.Click(t, tab, `form[action="/admin/logout"] button`)
	}

	webtest.BrowserLogin(t, tab, base, "supervisor")
	webtest.Go(t, tab, letter)
	webtest.Accessible(t, tab, "staff letter page")
	webtest.Screenshot(t, tab, "letter-staff")
	submit("accept") // normal: the 简单问题 box stays unticked
	if got := webtest.Text(t, tab, "main"); !strings.Contains(got, "办理中") || strings.Contains(got, "（简单问题）") {
		t.Fatalf("after triage: %s", got)
	}
	logout()

	webtest.BrowserLogin(t, tab, base, "replier")
	webtest.Go(t, tab, letter)
	webtest.Type(t, tab, "#ls-reply", "您好！社区卫生服务站周六上午开放，周日休息。")
	submit("reply")
	logout()

	webtest.BrowserLogin(t, tab, base, "supervisor")
	webtest.Go(t, tab, letter)
	submit("publish")
	logout()

	webtest.Go(t, tab, base+"/hudong/letters")
	webtest.Accessible(t, tab, "留言选登 list")
	if status := webtest.Click(t, tab, `a[href="/hudong/letters/`+number+`"]`); status != 200 {
		t.Fatalf("published letter: %d", status)
	}
	webtest.Accessible(t, tab, "published letter")
	webtest.Screenshot(t, tab, "letter-published")
	page := webtest.Text(t, tab, "main")
	for _, want := range []string{"留言时间", "答复时间", "答复单位", "社区事务受理服务中心", "社区卫生服务站周六上午开放", "请问社区卫生服务站周末是否开放"} {
		if !strings.Contains(page, want) {
			t.Errorf("published letter lacks %q:\n%s", want, page)
		}
	}
	for _, leak := range []string{"13700001111", "zhaoxy@example.com", "赵晓燕"} {
		if strings.Contains(page, leak) {
			t.Errorf("published letter shows the writer's %q", leak)
		}
	}

	webtest.Go(t, tab, base+"/hudong/track")
	webtest.Type(t, tab, "#tr-number", number)
	webtest.Type(t, tab, "#tr-code", code)
	if status := webtest.Click(t, tab, `form[action="/hudong/track"] button[type=submit]`); status != 200 {
		t.Fatalf("tracking: %d", status)
	}
	webtest.Accessible(t, tab, "tracking page with the reply")
	if got := webtest.Text(t, tab, "main"); !strings.Contains(got, "已答复") || !strings.Contains(got, "您对答复是否满意") {
		t.Fatalf("tracking: %s", got)
	}
}

// challengeAnswer reads the sum in the form's question, as a person does.
func challengeAnswer(t *testing.T, tab context.Context, field string) string {
	t.Helper()
	q := webtest.Text(t, tab, `label[for="`+field+`"]`)
	words := map[rune]int{'一': 1, '二': 2, '三': 3, '四': 4, '五': 5, '六': 6, '七': 7, '八': 8, '九': 9, '十': 10}
	_, rest, _ := strings.Cut(q, "请计算：")
	a, b, ok := strings.Cut(strings.Split(rest, "等于")[0], "加")
	if !ok || len([]rune(a)) != 1 || len([]rune(b)) != 1 {
		t.Fatalf("challenge question %q", q)
	}
	return strconv.Itoa(words[[]rune(a)[0]] + words[[]rune(b)[0]])
}
