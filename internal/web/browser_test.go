package web_test

// Browser tests: the real server with the demo data, driven by a real
// headless Chromium (internal/browsertest). They check what a person sees
// and can do — accessibility (axe-core, WCAG 2.1 AA) in the normal and the
// 长辈版 (elder) mode, the login flow with the keyboard and the mouse, and a
// back-office form with its Chinese error message.
//
// Run them with
//
//	GONGKAI_REQUIRE_BROWSER=1 go test -race -count=1 -run 'TestBrowser' ./internal/web/

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http/httptest"
	"net/url"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"gongkai/internal/auth"
	"gongkai/internal/browsertest"
	"gongkai/internal/demo"
	"gongkai/internal/store"
	"gongkai/internal/store/storetest"
	"gongkai/internal/web"
)

// btTimeout bounds one browser step (a navigation, a click that submits a
// form), so that a step that never completes fails quickly and readably
// instead of waiting for the test binary's deadline.
const btTimeout = 30 * time.Second

// btEnv is one real server over a SQLite store holding the demo data.
type btEnv struct {
	base string // http://127.0.0.1:port
	st   *store.Store
}

// btServer starts the real web server with the demo data; it stops when the
// test ends.
func btServer(t *testing.T) *btEnv {
	t.Helper()
	st := storetest.Open(t, store.SQLite)
	if _, err := demo.Load(context.Background(), st); err != nil {
		t.Fatalf("load demo data: %v", err)
	}
	authSvc := &auth.Service{Repo: st, Policy: auth.DefaultPolicy, Now: time.Now, Hasher: auth.CheapHasher}
	srv, err := web.New(web.Config{SiteName: demo.SiteName}, st, authSvc, slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err != nil {
		t.Fatalf("web.New: %v", err)
	}
	ts := httptest.NewServer(srv)
	t.Cleanup(ts.Close)
	return &btEnv{base: ts.URL, st: st}
}

// btUserID returns the id of a demo account.
func (e *btEnv) btUserID(t *testing.T, username string) int64 {
	t.Helper()
	u, err := e.st.UserByUsername(context.Background(), username)
	if err != nil {
		t.Fatalf("user %s: %v", username, err)
	}
	return u.ID
}

// btGo opens a URL in the tab, waits for the page to load and returns the
// HTTP status of the document (after redirects).
func btGo(t *testing.T, ctx context.Context, u string) int {
	t.Helper()
	sctx, cancel := context.WithTimeout(ctx, btTimeout)
	defer cancel()
	resp, err := chromedp.Run(sctx, chromedp.NavigateResponse(u))
	if err != nil {
		t.Fatalf("open %s: %v", u, err)
	}
	if resp == nil {
		t.Fatalf("open %s: no response", u)
	}
	return int(resp.Status)
}

// btClick clicks the element (a submit button) with the mouse, waits for the
// page that the click loads and returns its HTTP status.
func btClick(t *testing.T, ctx context.Context, sel string) int {
	t.Helper()
	sctx, cancel := context.WithTimeout(ctx, btTimeout)
	defer cancel()
	resp, err := chromedp.RunResponse(sctx, chromedp.Click(chromedp.CSS(sel)))
	if err != nil {
		t.Fatalf("click %s: %v", sel, err)
	}
	if resp == nil {
		t.Fatalf("click %s: no response", sel)
	}
	return int(resp.Status)
}

// btType types text into a field key by key, as a person does.
func btType(t *testing.T, ctx context.Context, sel, text string) {
	t.Helper()
	sctx, cancel := context.WithTimeout(ctx, btTimeout)
	defer cancel()
	if err := chromedp.Do(sctx, chromedp.SendKeys(chromedp.CSS(sel), text)); err != nil {
		t.Fatalf("type into %s: %v", sel, err)
	}
}

// btEval evaluates a JavaScript expression in the page (no waiting).
func btEval[T any](t *testing.T, ctx context.Context, expr string) T {
	t.Helper()
	sctx, cancel := context.WithTimeout(ctx, btTimeout)
	defer cancel()
	v, err := chromedp.Run(sctx, chromedp.Evaluate[T](expr))
	if err != nil {
		t.Fatalf("evaluate %s: %v", expr, err)
	}
	return v
}

// btJS quotes a Go string as a JavaScript string literal.
func btJS(s string) string {
	b, _ := json.Marshal(s)
	return string(b)
}

// btText is the visible text of the first element matching sel, or "" when
// there is none. It does not wait: the pages are rendered by the server.
func btText(t *testing.T, ctx context.Context, sel string) string {
	t.Helper()
	return btEval[string](t, ctx, `(() => { const e = document.querySelector(`+btJS(sel)+`); return e ? e.innerText.trim() : ""; })()`)
}

// btCount is the number of elements matching sel.
func btCount(t *testing.T, ctx context.Context, sel string) int {
	t.Helper()
	return btEval[int](t, ctx, `document.querySelectorAll(`+btJS(sel)+`).length`)
}

// btPath is the path and query of the page in the tab.
func btPath(t *testing.T, ctx context.Context) string {
	t.Helper()
	return btEval[string](t, ctx, `location.pathname + location.search`)
}

// btWaitFocus waits up to a second for the element with the id to have the
// focus, and returns the id of the element that has it.
func btWaitFocus(t *testing.T, ctx context.Context, id string) string {
	t.Helper()
	var got string
	for range 50 {
		if got = btEval[string](t, ctx, `document.activeElement ? document.activeElement.id : ""`); got == id {
			break
		}
		time.Sleep(20 * time.Millisecond)
	}
	return got
}

// btSkipLinkFirst presses Tab once on the freshly loaded page and checks that
// the skip link gets the focus, shows it (an outline, on screen), and that
// Enter on it moves the focus to <main>.
func btSkipLinkFirst(t *testing.T, ctx context.Context, what string) {
	t.Helper()
	if err := chromedp.Do(ctx, chromedp.KeyEvent(kb.Tab)); err != nil {
		t.Fatal(err)
	}
	type focused struct {
		Tag     string  `json:"tag"`
		Class   string  `json:"class"`
		Href    string  `json:"href"`
		Text    string  `json:"text"`
		Outline string  `json:"outline"`
		Width   string  `json:"width"`
		Left    float64 `json:"left"`
		Top     float64 `json:"top"`
	}
	f := btEval[focused](t, ctx, `(() => {
		const a = document.activeElement, cs = getComputedStyle(a), r = a.getBoundingClientRect();
		return {tag: a.tagName, class: a.className, href: a.getAttribute("href") || "", text: a.innerText.trim(),
			outline: cs.outlineStyle, width: cs.outlineWidth, left: r.left, top: r.top};
	})()`)
	if f.Tag != "A" || f.Class != "skip" || f.Href != "#main" || f.Text != "跳到主要内容" {
		t.Errorf("%s: the first Tab focuses <%s class=%q href=%q>%s, want the skip link to #main", what, f.Tag, f.Class, f.Href, f.Text)
		return
	}
	if f.Outline == "none" || f.Width == "0px" {
		t.Errorf("%s: the focused skip link has outline %s %s: no visible focus", what, f.Outline, f.Width)
	}
	if f.Left < 0 || f.Top < 0 {
		t.Errorf("%s: the focused skip link is off screen at (%v, %v)", what, f.Left, f.Top)
	}
	if err := chromedp.Do(ctx, chromedp.KeyEvent(kb.Enter)); err != nil {
		t.Fatal(err)
	}
	if id := btWaitFocus(t, ctx, "main"); id != "main" {
		t.Errorf("%s: after Enter on the skip link, focus is on #%s, want #main", what, id)
	}
}

// btIsElder reports whether the page is in 长辈版: <html class="elder">.
func btIsElder(t *testing.T, ctx context.Context) bool {
	t.Helper()
	return btEval[bool](t, ctx, `document.documentElement.classList.contains("elder")`)
}

// btCookie returns the value of a cookie the browser holds for base, and
// whether it has it (HttpOnly cookies included).
func btCookie(t *testing.T, ctx context.Context, base, name string) (string, bool) {
	t.Helper()
	sctx, cancel := context.WithTimeout(ctx, btTimeout)
	defer cancel()
	res, err := chromedp.Call(sctx, network.GetCookies, network.GetCookiesParams{URLs: []string{base + "/"}})
	if err != nil {
		t.Fatalf("cookies: %v", err)
	}
	for _, c := range res.Cookies {
		if c.Name == name {
			return c.Value, true
		}
	}
	return "", false
}

// btScreenshot saves a full-page PNG to .test/screenshots/NAME.png.
func btScreenshot(t *testing.T, ctx context.Context, name string) {
	t.Helper()
	root, err := browsertest.RepoRoot()
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(root, ".test", "screenshots", name+".png")
	browsertest.Screenshot(t, ctx, path)
	t.Logf("screenshot: %s", path)
}

// btAccessible runs axe-core on the page and fails the test (without
// stopping it, so every page is reported) on serious or critical
// violations; minor and moderate ones are logged.
func btAccessible(t *testing.T, ctx context.Context, what string) {
	t.Helper()
	all := browsertest.Axe(t, ctx)
	if serious := browsertest.SeriousViolations(all); len(serious) > 0 {
		t.Errorf("%s: %d serious/critical axe-core violations:%s", what, len(serious), browsertest.Describe(serious))
	}
	if len(all) > 0 {
		t.Logf("%s: axe-core violations (minor/moderate are not failures):%s", what, browsertest.Describe(all))
	}
}

// btLogin signs in through the login form, as a person does, and checks that
// the dashboard greets the user.
func btLogin(t *testing.T, ctx context.Context, base, username string) {
	t.Helper()
	btGo(t, ctx, base+"/admin/login")
	btType(t, ctx, "#username", username)
	btType(t, ctx, "#password", demo.Password)
	if status := btClick(t, ctx, `form[action="/admin/login"] button[type=submit]`); status != 200 {
		t.Fatalf("login as %s: status %d, page says %q", username, status, btText(t, ctx, "main"))
	}
	if p := btPath(t, ctx); p != "/admin/" {
		t.Fatalf("login as %s: landed on %s, want /admin/; page says %q", username, p, btText(t, ctx, "main"))
	}
}

// btSetElder switches 长辈版 on or off with the button in the header of the
// page at path, and checks that the same page comes back in the new mode and
// that the cookie that keeps the choice is set or gone.
func btSetElder(t *testing.T, ctx context.Context, base, path string, on bool) {
	t.Helper()
	btGo(t, ctx, base+path)
	if btIsElder(t, ctx) == on {
		t.Fatalf("长辈版 is already %v before the toggle", on)
	}
	want := "长辈版（大字高对比）"
	if !on {
		want = "退出长辈版"
	}
	const button = `form[action="/elder"] button[type=submit]`
	if got := btText(t, ctx, button); got != want {
		t.Fatalf("header button reads %q, want %q", got, want)
	}
	if status := btClick(t, ctx, button); status != 200 {
		t.Fatalf("长辈版 toggle: status %d, page says %q", status, btText(t, ctx, "main"))
	}
	if p := btPath(t, ctx); p != path {
		t.Errorf("长辈版 toggle returned to %s, want %s (the page it was clicked on)", p, path)
	}
	if got := btIsElder(t, ctx); got != on {
		t.Fatalf("after the toggle, <html class=elder> is %v, want %v", got, on)
	}
	v, ok := btCookie(t, ctx, base, "gk_elder")
	if on && (!ok || v != "1") {
		t.Fatalf("after switching 长辈版 on, cookie gk_elder = %q (present %v), want 1", v, ok)
	}
	if !on && ok {
		t.Fatalf("after switching 长辈版 off, cookie gk_elder = %q is still there", v)
	}
}

// btPage is a page to audit, and what it must show.
type btPage struct {
	name   string // subtest name
	path   string
	status int
	// sel must match at least one element on the page (proves the page is
	// the one meant: a result, an error, a form).
	sel string
	// shot, if set, saves a screenshot under this name (+"-elder" in 长辈版).
	shot string
}

// btAuditPages opens each page, checks its status, mode and content, and
// runs axe-core on it, in the current mode of the tab.
func btAuditPages(t *testing.T, ctx context.Context, base string, elder bool, pages []btPage) {
	t.Helper()
	mode, fontSize := "normal", "16px"
	if elder {
		mode, fontSize = "elder", "22px"
	}
	for _, p := range pages {
		t.Run(mode+"/"+p.name, func(t *testing.T) {
			if status := btGo(t, ctx, base+p.path); status != p.status {
				t.Errorf("GET %s: status %d, want %d; page says %q", p.path, status, p.status, btText(t, ctx, "main"))
			}
			if got := btIsElder(t, ctx); got != elder {
				t.Errorf("GET %s: <html class=elder> is %v, want %v", p.path, got, elder)
			}
			if got := btEval[string](t, ctx, `getComputedStyle(document.documentElement).fontSize`); got != fontSize {
				t.Errorf("GET %s: root font size %s, want %s in %s mode", p.path, got, fontSize, mode)
			}
			if p.sel != "" && btCount(t, ctx, p.sel) == 0 {
				t.Errorf("GET %s: nothing matches %s; page says %q", p.path, p.sel, btText(t, ctx, "main"))
			}
			btAccessible(t, ctx, mode+" "+p.path)
			if p.shot != "" {
				name := p.shot
				if elder {
					name += "-elder"
				}
				btScreenshot(t, ctx, name)
			}
		})
	}
}

// TestBrowserAccessibility audits the portal and the back office with
// axe-core in a real browser, for each kind of visitor, in the normal and in
// the 长辈版 mode (switched on with the header button).
func TestBrowserAccessibility(t *testing.T) {
	e := btServer(t)

	// The visitors run in parallel, each in its own tab (own cookies).
	t.Run("anonymous", func(t *testing.T) {
		t.Parallel()
		ctx := browsertest.Browser(t)
		pages := []btPage{
			{"home", "/", 200, `form[action="/workdays"]`, "web-home"},
			{"workdays", "/workdays", 200, `#from`, ""},
			{"workdays-result", "/workdays?from=2024-09-27&n=20", 200, `.result[role=status]`, ""},
			{"workdays-bad-date", "/workdays?from=2024-13-01&n=5", 400, `.error-box[role=alert]`, ""},
			{"login", "/admin/login", 200, `#username`, ""},
			{"not-found", "/no-such-page", 404, `.error-box[role=alert]`, ""},
		}
		for _, elder := range []bool{false, true} {
			if elder {
				btSetElder(t, ctx, e.base, "/", true)
			}
			btAuditPages(t, ctx, e.base, elder, pages)

			// The login form after a wrong password, with its error.
			name := map[bool]string{false: "normal", true: "elder"}[elder] + "/login-failed"
			t.Run(name, func(t *testing.T) {
				btGo(t, ctx, e.base+"/admin/login")
				btType(t, ctx, "#username", "editor")
				btType(t, ctx, "#password", "not-the-password")
				if status := btClick(t, ctx, `form[action="/admin/login"] button[type=submit]`); status != 401 {
					t.Errorf("wrong password: status %d, want 401", status)
				}
				if got := btText(t, ctx, `.error-box[role=alert]`); got != "用户名或密码错误。" {
					t.Errorf("wrong password: error %q, want 用户名或密码错误。", got)
				}
				if got := btIsElder(t, ctx); got != elder {
					t.Errorf("<html class=elder> is %v, want %v", got, elder)
				}
				btAccessible(t, ctx, name)
			})
		}
		// And back: the button in 长辈版 switches it off again.
		btSetElder(t, ctx, e.base, "/", false)
	})

	// Each role logged in through the form.
	roles := []struct {
		username string
		pages    []btPage
	}{
		{"admin", []btPage{
			{"dashboard", "/admin/", 200, `#h-tasks`, ""},
			{"departments", "/admin/departments", 200, `#d-code`, ""},
			{"users", "/admin/users", 200, `#u-username`, "web-admin-users"},
			{"user", fmt.Sprintf("/admin/users/%d", e.btUserID(t, "editor")), 200, `#u-name`, ""},
			{"calendar", "/admin/calendar", 200, `#c-date`, ""},
			{"password", "/admin/password", 200, `#current`, ""},
			{"forbidden", "/admin/audit", 403, `.error-box[role=alert]`, ""},
		}},
		{"auditor", []btPage{
			{"dashboard", "/admin/", 200, `#h-tasks`, ""},
			{"audit", "/admin/audit", 200, `table tbody tr`, ""},
			{"audit-verify", "/admin/audit?verify=1", 200, `.flash[role=status]`, ""},
		}},
		{"security", []btPage{
			{"users", "/admin/users", 200, `table tbody tr`, ""},
			{"user-roles", fmt.Sprintf("/admin/users/%d", e.btUserID(t, "editor")), 200,
				`fieldset input[type=checkbox][name=role]`, ""},
		}},
	}
	for _, r := range roles {
		t.Run(r.username, func(t *testing.T) {
			t.Parallel()
			ctx := browsertest.Browser(t)
			btLogin(t, ctx, e.base, r.username)
			btAuditPages(t, ctx, e.base, false, r.pages)
			// The switch in the back-office header works too (its form
			// carries the session's CSRF token).
			btSetElder(t, ctx, e.base, r.pages[0].path, true)
			btAuditPages(t, ctx, e.base, true, r.pages)
			btSetElder(t, ctx, e.base, r.pages[0].path, false)
		})
	}
}

// TestBrowserLoginFlow is a member of staff signing in and out with the
// keyboard and the mouse: the skip link comes first and shows its focus,
// /admin/ asks for a login, a wrong password is explained in Chinese, the
// right one leads back to /admin/, and 退出登录 ends the session.
func TestBrowserLoginFlow(t *testing.T) {
	e := btServer(t)
	ctx := browsertest.Browser(t)

	t.Run("skip-link", func(t *testing.T) {
		for _, path := range []string{"/", "/workdays?from=2024-09-27&n=20", "/no-such-page"} {
			btGo(t, ctx, e.base+path)
			btSkipLinkFirst(t, ctx, path)
		}
		// The login form focuses the user name field on load (autofocus),
		// so Tab from there goes on to the password; the skip link is
		// still the first element of the tab order.
		path := "/admin/login?next=%2Fadmin%2F"
		btGo(t, ctx, e.base+path)
		if got := btWaitFocus(t, ctx, "username"); got != "username" {
			t.Errorf("%s: focus on load is on #%s, want #username (autofocus)", path, got)
		}
		first := btEval[string](t, ctx, `(() => {
			const e = document.querySelector('a[href], button, input:not([type=hidden]), select, textarea, [tabindex]:not([tabindex="-1"])');
			return e ? e.outerHTML : "";
		})()`)
		if !strings.HasPrefix(first, `<a class="skip" href="#main">`) {
			t.Errorf("%s: the first focusable element is %s, want the skip link", path, first)
		}
	})

	t.Run("login-logout", func(t *testing.T) {
		// The back office asks for a login and remembers where to go.
		if status := btGo(t, ctx, e.base+"/admin/"); status != 200 {
			t.Errorf("/admin/ without a session: status %d after the redirect, want 200", status)
		}
		if p := btPath(t, ctx); p != "/admin/login?next="+url.QueryEscape("/admin/") {
			t.Fatalf("/admin/ without a session went to %s, want the login form", p)
		}
		if h := btText(t, ctx, "h1"); h != "工作人员登录" {
			t.Errorf("login page heading %q", h)
		}

		// A wrong password: the form comes back with a Chinese error and
		// keeps the user name.
		btType(t, ctx, "#username", "admin")
		btType(t, ctx, "#password", "Wrong-Password-1")
		if status := btClick(t, ctx, `form[action="/admin/login"] button[type=submit]`); status != 401 {
			t.Errorf("wrong password: status %d, want 401", status)
		}
		if got := btText(t, ctx, `main .error-box[role=alert]`); got != "用户名或密码错误。" {
			t.Errorf("wrong password: page shows %q, want 用户名或密码错误。", got)
		}
		if got := btEval[string](t, ctx, `document.getElementById("username").value`); got != "admin" {
			t.Errorf("wrong password: user name field holds %q, want admin", got)
		}
		if got := btEval[string](t, ctx, `document.getElementById("password").value`); got != "" {
			t.Errorf("wrong password: the password field was filled back in (%q)", got)
		}

		// The right password leads to /admin/, which greets the user.
		btType(t, ctx, "#password", demo.Password)
		if status := btClick(t, ctx, `form[action="/admin/login"] button[type=submit]`); status != 200 {
			t.Fatalf("login: status %d; page says %q", status, btText(t, ctx, "main"))
		}
		if p := btPath(t, ctx); p != "/admin/" {
			t.Fatalf("after login: on %s, want /admin/", p)
		}
		if h := btText(t, ctx, "h1"); h != "工作台" {
			t.Errorf("after login: heading %q, want 工作台", h)
		}
		if got := btText(t, ctx, "main"); !strings.Contains(got, "您好，王磊。") {
			t.Errorf("after login: dashboard does not greet 王磊: %q", got)
		}
		if got := btText(t, ctx, "header .who"); got != "王磊（admin）" {
			t.Errorf("after login: header shows %q, want 王磊（admin）", got)
		}
		if _, ok := btCookie(t, ctx, e.base, "gk_session"); !ok {
			t.Error("after login: no session cookie")
		}
		// The back office has the skip link first too.
		btGo(t, ctx, e.base+"/admin/")
		btSkipLinkFirst(t, ctx, "/admin/ (signed in)")

		// 退出登录 ends the session and says so.
		if status := btClick(t, ctx, `form[action="/admin/logout"] button[type=submit]`); status != 200 {
			t.Fatalf("logout: status %d; page says %q", status, btText(t, ctx, "main"))
		}
		if p := btPath(t, ctx); p != "/admin/login" {
			t.Errorf("after logout: on %s, want /admin/login", p)
		}
		if got := btText(t, ctx, `main .flash[role=status]`); got != "您已安全退出。" {
			t.Errorf("after logout: page shows %q, want 您已安全退出。", got)
		}
		if btCount(t, ctx, `form[action="/admin/logout"]`) != 0 {
			t.Error("after logout: the header still has a logout button")
		}
		if _, ok := btCookie(t, ctx, e.base, "gk_session"); ok {
			t.Error("after logout: the session cookie is still there")
		}
		btGo(t, ctx, e.base+"/admin/")
		if p := btPath(t, ctx); !strings.HasPrefix(p, "/admin/login") {
			t.Errorf("after logout, /admin/ shows %s instead of asking for a login", p)
		}
	})
}

// TestBrowserSysadminCreatesDepartment fills in the new-department form as
// the system administrator, then submits the same code again and gets the
// Chinese conflict message on the page, with the form kept.
func TestBrowserSysadminCreatesDepartment(t *testing.T) {
	e := btServer(t)
	ctx := browsertest.Browser(t)
	btLogin(t, ctx, e.base, "admin")

	const code, name, org = "jy-csbgs", "测试办公室", "00001434-9"
	fill := func() string {
		t.Helper()
		btGo(t, ctx, e.base+"/admin/departments")
		btType(t, ctx, "#d-code", code)
		btType(t, ctx, "#d-name", name)
		btType(t, ctx, "#d-org", org)
		parent := btEval[string](t, ctx, `(() => {
			const o = [...document.querySelectorAll("#d-parent option")].find(o => o.textContent.startsWith("菊园新区"));
			return o ? o.value : "";
		})()`)
		if parent == "" {
			t.Fatal("the parent list has no 菊园新区")
		}
		if err := chromedp.Do(ctx, chromedp.SetValue(chromedp.ID("d-parent"), parent)); err != nil {
			t.Fatal(err)
		}
		for id, want := range map[string]string{"d-code": code, "d-name": name, "d-org": org, "d-parent": parent} {
			if got := btEval[string](t, ctx, `document.getElementById(`+btJS(id)+`).value`); got != want {
				t.Fatalf("field #%s holds %q after typing, want %q", id, got, want)
			}
		}
		return parent
	}
	const submit = `form[action="/admin/departments"] button[type=submit]`
	// rows lists the table rows of the department: [name cell, code, org code].
	rows := func() [][]string {
		t.Helper()
		return btEval[[][]string](t, ctx, `[...document.querySelectorAll("main table tbody tr")]
			.map(tr => [...tr.cells].map(c => c.textContent))
			.filter(c => c[1] === `+btJS(code)+`)`)
	}

	// Create it.
	parent := fill()
	if status := btClick(t, ctx, submit); status != 200 {
		t.Fatalf("create: status %d; page says %q", status, btText(t, ctx, "main"))
	}
	if p := btPath(t, ctx); p != "/admin/departments" {
		t.Errorf("after create: on %s, want /admin/departments", p)
	}
	if got := btText(t, ctx, `main .flash[role=status]`); got != "已创建。" {
		t.Errorf("after create: flash %q, want 已创建。", got)
	}
	got := rows()
	if len(got) != 1 {
		t.Fatalf("after create: %d rows with code %s in the list, want 1", len(got), code)
	}
	// The tree indents a child of 菊园新区 (itself under 嘉定区人民政府)
	// by two ideographic spaces.
	if got[0][0] != "　　"+name || got[0][2] != org {
		t.Errorf("after create: row %q, want name %q indented twice, org code %s", got[0], name, org)
	}
	d, err := e.st.DepartmentByCode(context.Background(), code)
	if err != nil {
		t.Fatalf("stored department: %v", err)
	}
	if fmt.Sprint(d.ParentID) != parent || d.Name != name || d.OrgCode != org {
		t.Errorf("stored department %+v, want parent %s, name %s, org code %s", d, parent, name, org)
	}

	// The same code again: a conflict, explained on the page in Chinese.
	fill()
	if status := btClick(t, ctx, submit); status != 409 {
		t.Errorf("duplicate: status %d, want 409", status)
	}
	want := "部门编码“" + code + "”已被使用。"
	if got := btText(t, ctx, `main .error-box[role=alert]`); got != want {
		t.Errorf("duplicate: page shows error %q, want %q", got, want)
	}
	if h := btText(t, ctx, "h1"); h != "部门管理" {
		t.Errorf("duplicate: heading %q, want the departments page again", h)
	}
	body := btText(t, ctx, "body")
	for _, raw := range []string{"UNIQUE", "constraint", "duplicate", "sqlite", "SQL", "store."} {
		if strings.Contains(body, raw) {
			t.Errorf("duplicate: the page shows the raw error text %q: %q", raw, body)
		}
	}
	for id, want := range map[string]string{"d-code": code, "d-name": name, "d-org": org, "d-parent": parent} {
		if got := btEval[string](t, ctx, `document.getElementById(`+btJS(id)+`).value`); got != want {
			t.Errorf("duplicate: the form lost field #%s: %q, want %q", id, got, want)
		}
	}
	if n := len(rows()); n != 1 {
		t.Errorf("duplicate: %d rows with code %s, want still 1", n, code)
	}
	btAccessible(t, ctx, "departments page with the conflict error")
}
