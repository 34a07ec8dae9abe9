package interact_test

import (
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"gongkai/internal/store"
	"gongkai/internal/web/webtest"
)

// TestLettersNeverLeak plants letters in every state the public must not
// see — without consent, consented but not selected, selected and then
// taken out, rejected, open — next to one selected letter, crawls every
// public page reachable from the portal plus the public API, and checks
// that no writer's name, phone or e-mail and no unselected letter shows
// anywhere, and that the unselected letters' pages answer 404.
func TestLettersNeverLeak(t *testing.T) {
	webtest.Dialects(t, func(t *testing.T, d store.Dialect) {
		e := webtest.New(t, d)
		citizen := e.Client()
		office, replier := e.Login("supervisor"), e.Login("replier")
		sqfw := deptID(t, e, "jy-sqfw")
		type planted struct{ subject, name, phone, email string }
		var secret []planted
		letter := func(p planted, consent bool) string {
			t.Helper()
			f := url.Values{"name": {p.name}, "phone": {p.phone}, "email": {p.email}, "subject": {p.subject},
				"content": {"内容含有我的电话 " + p.phone + " 和姓名 " + p.name + "。"}}
			if consent {
				f.Set("publish_ok", "yes")
			}
			e.Clock.Advance(time.Minute) // a new window of the per-client limit
			n, _ := receipt(t, writeLetter(t, citizen, "consult", f))
			return n
		}
		answer := func(n string) {
			t.Helper()
			wantRedirect(t, step(t, office, n, url.Values{"action": {"accept"}, "dept": {sqfw}}), "accept")
			wantRedirect(t, step(t, replier, n, url.Values{"action": {"reply"}, "text": {"答复：" + n}}), "reply")
		}
		public := planted{"选登的留言对照组", "钱公开", "13600000001", "qian@example.com"}
		pub := letter(public, true)
		answer(pub)
		wantRedirect(t, step(t, office, pub, url.Values{"action": {"publish"}}), "publish")
		secret = append(secret, public) // its writer's details stay secret even when the letter is public
		hidden := []planted{
			{"未同意公开的留言甲", "孙未允", "13600000002", "sun@example.com"},
			{"同意但未选登的留言乙", "周待选", "13600000003", "zhou@example.com"},
			{"选登后撤下的留言丙", "吴撤下", "13600000004", "wu@example.com"},
			{"不予受理的留言丁", "郑拒绝", "13600000005", "zheng@example.com"},
			{"办理中的留言戊", "王办理", "13600000006", "wang@example.com"},
		}
		var numbers []string
		for i, p := range hidden {
			n := letter(p, i != 0)
			numbers = append(numbers, n)
			switch i {
			case 0, 1:
				answer(n)
			case 2:
				answer(n)
				wantRedirect(t, step(t, office, n, url.Values{"action": {"publish"}}), "publish")
				wantRedirect(t, step(t, office, n, url.Values{"action": {"hide"}}), "hide")
			case 3:
				wantRedirect(t, step(t, office, n, url.Values{"action": {"reject"}, "reason": {"spam"}}), "reject")
			}
		}
		secret = append(secret, hidden...)

		pages := crawlPortal(t, e, 400)
		t.Logf("crawled %d public URLs", len(pages))
		if len(pages) < 20 {
			t.Fatalf("the crawl reached only %d pages", len(pages))
		}
		if !strings.Contains(strings.Join(mapValues(pages), ""), public.subject) {
			t.Fatal("the crawl never reached the selected letter: the crawler is broken")
		}
		for u, body := range pages {
			for _, p := range secret {
				for _, leak := range []string{p.name, p.phone, p.email} {
					if strings.Contains(body, leak) {
						t.Errorf("%q of %q is shown at %s", leak, p.subject, u)
					}
				}
			}
			for _, p := range hidden {
				if strings.Contains(body, p.subject) {
					t.Errorf("unselected letter %q is shown at %s", p.subject, u)
				}
			}
		}
		for _, n := range numbers {
			for _, p := range []string{"/hudong/letters/" + n} {
				if r := e.Client().Get(p); r.Status != http.StatusNotFound {
					t.Errorf("unselected letter %s: %d", p, r.Status)
				}
			}
		}
	})
}

var hrefRe = regexp.MustCompile(`href="(/[^"#]*)"`)

// crawlPortal fetches the public pages reachable from the home page and
// 政民互动 (no back office, no static files), and the public letters API.
func crawlPortal(t *testing.T, e *webtest.Env, limit int) map[string]string {
	t.Helper()
	c := e.Client()
	seen := map[string]string{}
	queue := []string{"/", "/hudong", "/hudong/letters", "/api/v1/public/letters", "/sitemap.html"}
	for len(queue) > 0 && len(seen) < limit {
		u := queue[0]
		queue = queue[1:]
		if _, ok := seen[u]; ok || strings.HasPrefix(u, "/admin") || strings.HasPrefix(u, "/static/") || strings.HasPrefix(u, "/files/") || strings.HasPrefix(u, "/elder") {
			continue
		}
		r := c.Get(u)
		seen[u] = r.Body
		if r.Status != http.StatusOK {
			continue
		}
		for _, m := range hrefRe.FindAllStringSubmatch(r.Body, -1) {
			queue = append(queue, strings.ReplaceAll(m[1], "&amp;", "&"))
		}
	}
	return seen
}

func mapValues(m map[string]string) []string {
	out := make([]string, 0, len(m))
	for _, v := range m {
		out = append(out, v)
	}
	return out
}
