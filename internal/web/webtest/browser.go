package webtest

// Helpers of the browser tests: the real server with the demo data, driven
// by a real headless Chromium (internal/browsertest), one step at a time,
// as a person uses it.

import (
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http/httptest"
	"path/filepath"
	"testing"
	"time"

	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"gongkai/internal/auth"
	"gongkai/internal/browsertest"
	"gongkai/internal/demo"
	"gongkai/internal/store"
	"gongkai/internal/web"
)

// StepTimeout bounds one browser step (a navigation, a click that submits a
// form), so that a step that never completes fails quickly and readably
// instead of waiting for the test binary's deadline.
const StepTimeout = 30 * time.Second

// BrowserEnv is one real server over a SQLite store holding the demo data.
type BrowserEnv struct {
	Base string // http://127.0.0.1:port
	St   *store.Store
}

// BrowserServer starts the real web server with the demo data; it stops when the
// test ends.
func BrowserServer(t *testing.T) *BrowserEnv {
	t.Helper()
	st := prepared(store.SQLite, Demo, Start).Open(t) // the store's clock is the real one
	authSvc := &auth.Service{Repo: st, Policy: auth.DefaultPolicy, Now: time.Now, Hasher: auth.CheapHasher}
	srv, err := web.New(web.Config{SiteName: demo.SiteName}, st, authSvc, slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err != nil {
		t.Fatalf("web.New: %v", err)
	}
	ts := httptest.NewServer(srv)
	t.Cleanup(ts.Close)
	return &BrowserEnv{Base: ts.URL, St: st}
}

// UserID returns the id of a demo account.
func (e *BrowserEnv) UserID(t *testing.T, username string) int64 {
	t.Helper()
	u, err := e.St.UserByUsername(context.Background(), username)
	if err != nil {
		t.Fatalf("user %s: %v", username, err)
	}
	return u.ID
}

// Go opens a URL in the tab, waits for the page to load and returns the
// HTTP status of the document (after redirects).
func Go(t *testing.T, ctx context.Context, u string) int {
	t.Helper()
	sctx, cancel := context.WithTimeout(ctx, StepTimeout)
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

// Click clicks the element (a submit button) with the mouse, waits for the
// page that the click loads and returns its HTTP status.
func Click(t *testing.T, ctx context.Context, sel string) int {
	t.Helper()
	sctx, cancel := context.WithTimeout(ctx, StepTimeout)
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

// Type types text into a field key by key, as a person does.
func Type(t *testing.T, ctx context.Context, sel, text string) {
	t.Helper()
	sctx, cancel := context.WithTimeout(ctx, StepTimeout)
	defer cancel()
	if err := chromedp.Do(sctx, chromedp.SendKeys(chromedp.CSS(sel), text)); err != nil {
		t.Fatalf("type into %s: %v", sel, err)
	}
}

// Eval evaluates a JavaScript expression in the page (no waiting).
func Eval[T any](t *testing.T, ctx context.Context, expr string) T {
	t.Helper()
	sctx, cancel := context.WithTimeout(ctx, StepTimeout)
	defer cancel()
	v, err := chromedp.Run(sctx, chromedp.Evaluate[T](expr))
	if err != nil {
		t.Fatalf("evaluate %s: %v", expr, err)
	}
	return v
}

// JS quotes a Go string as a JavaScript string literal.
func JS(s string) string {
	b, _ := json.Marshal(s)
	return string(b)
}

// Text is the visible text of the first element matching sel, or "" when
// there is none. It does not wait: the pages are rendered by the server.
func Text(t *testing.T, ctx context.Context, sel string) string {
	t.Helper()
	return Eval[string](t, ctx, `(() => { const e = document.querySelector(`+JS(sel)+`); return e ? e.innerText.trim() : ""; })()`)
}

// Count is the number of elements matching sel.
func Count(t *testing.T, ctx context.Context, sel string) int {
	t.Helper()
	return Eval[int](t, ctx, `document.querySelectorAll(`+JS(sel)+`).length`)
}

// Path is the path and query of the page in the tab.
func Path(t *testing.T, ctx context.Context) string {
	t.Helper()
	return Eval[string](t, ctx, `location.pathname + location.search`)
}

// WaitFocus waits up to a second for the element with the id to have the
// focus, and returns the id of the element that has it.
func WaitFocus(t *testing.T, ctx context.Context, id string) string {
	t.Helper()
	var got string
	for range 50 {
		if got = Eval[string](t, ctx, `document.activeElement ? document.activeElement.id : ""`); got == id {
			break
		}
		time.Sleep(20 * time.Millisecond)
	}
	return got
}

// SkipLinkFirst presses Tab once on the freshly loaded page and checks that
// the skip link gets the focus, shows it (an outline, on screen), and that
// Enter on it moves the focus to <main>.
func SkipLinkFirst(t *testing.T, ctx context.Context, what string) {
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
	f := Eval[focused](t, ctx, `(() => {
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
	if id := WaitFocus(t, ctx, "main"); id != "main" {
		t.Errorf("%s: after Enter on the skip link, focus is on #%s, want #main", what, id)
	}
}

// IsElder reports whether the page is in 长辈版: <html class="elder">.
func IsElder(t *testing.T, ctx context.Context) bool {
	t.Helper()
	return Eval[bool](t, ctx, `document.documentElement.classList.contains("elder")`)
}

// Cookie returns the value of a cookie the browser holds for base, and
// whether it has it (HttpOnly cookies included).
func Cookie(t *testing.T, ctx context.Context, base, name string) (string, bool) {
	t.Helper()
	sctx, cancel := context.WithTimeout(ctx, StepTimeout)
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

// Screenshot saves a full-page PNG to .test/screenshots/NAME.png.
func Screenshot(t *testing.T, ctx context.Context, name string) {
	t.Helper()
	root, err := browsertest.RepoRoot()
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(root, ".test", "screenshots", name+".png")
	browsertest.Screenshot(t, ctx, path)
	t.Logf("screenshot: %s", path)
}

// Accessible runs axe-core on the page and fails the test (without
// stopping it, so every page is reported) on serious or critical
// violations; minor and moderate ones are logged.
func Accessible(t *testing.T, ctx context.Context, what string) {
	t.Helper()
	all := browsertest.Axe(t, ctx)
	if serious := browsertest.SeriousViolations(all); len(serious) > 0 {
		t.Errorf("%s: %d serious/critical axe-core violations:%s", what, len(serious), browsertest.Describe(serious))
	}
	if len(all) > 0 {
		t.Logf("%s: axe-core violations (minor/moderate are not failures):%s", what, browsertest.Describe(all))
	}
}

// BrowserLogin signs in through the login form, as a person does, and checks that
// the dashboard greets the user.
func BrowserLogin(t *testing.T, ctx context.Context, base, username string) {
	t.Helper()
	Go(t, ctx, base+"/admin/login")
	Type(t, ctx, "#username", username)
	Type(t, ctx, "#password", demo.Password)
	if status := Click(t, ctx, `form[action="/admin/login"] button[type=submit]`); status != 200 {
		t.Fatalf("login as %s: status %d, page says %q", username, status, Text(t, ctx, "main"))
	}
	if p := Path(t, ctx); p != "/admin/" {
		t.Fatalf("login as %s: landed on %s, want /admin/; page says %q", username, p, Text(t, ctx, "main"))
	}
}

// SetElder switches 长辈版 on or off with the button in the header of the
// page at path, and checks that the same page comes back in the new mode and
// that the cookie that keeps the choice is set or gone.
func SetElder(t *testing.T, ctx context.Context, base, path string, on bool) {
	t.Helper()
	Go(t, ctx, base+path)
	if IsElder(t, ctx) == on {
		t.Fatalf("长辈版 is already %v before the toggle", on)
	}
	want := "长辈版（大字高对比）"
	if !on {
		want = "退出长辈版"
	}
	const button = `a.elder-switch`
	if got := Text(t, ctx, button); got != want {
		t.Fatalf("header button reads %q, want %q", got, want)
	}
	if status := Click(t, ctx, button); status != 200 {
		t.Fatalf("长辈版 toggle: status %d, page says %q", status, Text(t, ctx, "main"))
	}
	if p := Path(t, ctx); p != path {
		t.Errorf("长辈版 toggle returned to %s, want %s (the page it was clicked on)", p, path)
	}
	if got := IsElder(t, ctx); got != on {
		t.Fatalf("after the toggle, <html class=elder> is %v, want %v", got, on)
	}
	v, ok := Cookie(t, ctx, base, "gk_elder")
	if on && (!ok || v != "1") {
		t.Fatalf("after switching 长辈版 on, cookie gk_elder = %q (present %v), want 1", v, ok)
	}
	if !on && ok {
		t.Fatalf("after switching 长辈版 off, cookie gk_elder = %q is still there", v)
	}
}

// BrowserPage is a page to audit, and what it must show.
type BrowserPage struct {
	Name   string // subtest name
	Path   string
	Status int
	// sel must match at least one element on the page (proves the page is
	// the one meant: a result, an error, a form).
	Sel string
	// shot, if set, saves a screenshot under this name (+"-elder" in 长辈版).
	Shot string
}

// AuditPages opens each page, checks its status, mode and content, and
// runs axe-core on it, in the current mode of the tab.
func AuditPages(t *testing.T, ctx context.Context, base string, elder bool, pages []BrowserPage) {
	t.Helper()
	mode, fontSize := "normal", "16px"
	if elder {
		mode, fontSize = "elder", "22px"
	}
	for _, p := range pages {
		t.Run(mode+"/"+p.Name, func(t *testing.T) {
			if status := Go(t, ctx, base+p.Path); status != p.Status {
				t.Errorf("GET %s: status %d, want %d; page says %q", p.Path, status, p.Status, Text(t, ctx, "main"))
			}
			if got := IsElder(t, ctx); got != elder {
				t.Errorf("GET %s: <html class=elder> is %v, want %v", p.Path, got, elder)
			}
			if got := Eval[string](t, ctx, `getComputedStyle(document.documentElement).fontSize`); got != fontSize {
				t.Errorf("GET %s: root font size %s, want %s in %s mode", p.Path, got, fontSize, mode)
			}
			if p.Sel != "" && Count(t, ctx, p.Sel) == 0 {
				t.Errorf("GET %s: nothing matches %s; page says %q", p.Path, p.Sel, Text(t, ctx, "main"))
			}
			Accessible(t, ctx, mode+" "+p.Path)
			if p.Shot != "" {
				name := p.Shot
				if elder {
					name += "-elder"
				}
				Screenshot(t, ctx, name)
			}
		})
	}
}

// Select chooses an option of a <select> (or sets a field) by value.
func Select(t *testing.T, ctx context.Context, sel, value string) {
	t.Helper()
	sctx, cancel := context.WithTimeout(ctx, StepTimeout)
	defer cancel()
	if err := chromedp.Do(sctx, chromedp.SetValue(chromedp.CSS(sel), value)); err != nil {
		t.Fatalf("set %s: %v", sel, err)
	}
}

// Tick ticks a checkbox or radio button with the mouse.
func Tick(t *testing.T, ctx context.Context, sel string) {
	t.Helper()
	sctx, cancel := context.WithTimeout(ctx, StepTimeout)
	defer cancel()
	if err := chromedp.Do(sctx, chromedp.Click(chromedp.CSS(sel))); err != nil {
		t.Fatalf("tick %s: %v", sel, err)
	}
}

// AuditBothModes audits pages in the tab's normal mode, switches 长辈版 on
// with the header button on the first page, audits them again, and
// switches it off.
func AuditBothModes(t *testing.T, ctx context.Context, base string, pages []BrowserPage) {
	t.Helper()
	AuditPages(t, ctx, base, false, pages)
	SetElder(t, ctx, base, pages[0].Path, true)
	AuditPages(t, ctx, base, true, pages)
	SetElder(t, ctx, base, pages[0].Path, false)
}
