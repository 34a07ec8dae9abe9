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
	"fmt"
	"net/url"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"gongkai/internal/browsertest"
	"gongkai/internal/demo"
	"gongkai/internal/web/webtest"
)

// TestBrowserAccessibility audits the portal and the back office with
// axe-core in a real browser, for each kind of visitor, in the normal and in
// the 长辈版 mode (switched on with the header button).
func TestBrowserAccessibility(t *testing.T) {
	e := webtest.BrowserServer(t)

	// The visitors run in parallel, each in its own tab (own cookies).
	t.Run("anonymous", func(t *testing.T) {
		t.Parallel()
		ctx := browsertest.Browser(t)
		pages := []webtest.BrowserPage{
			{Name: "home", Path: "/", Status: 200, Sel: `#home-q`, Shot: "web-home"},
			{Name: "workdays", Path: "/workdays", Status: 200, Sel: `#from`},
			{Name: "workdays-result", Path: "/workdays?from=2024-09-27&n=20", Status: 200, Sel: `.result[role=status]`},
			{Name: "workdays-bad-date", Path: "/workdays?from=2024-13-01&n=5", Status: 400, Sel: `.error-box[role=alert]`},
			{Name: "login", Path: "/admin/login", Status: 200, Sel: `#username`},
			{Name: "not-found", Path: "/no-such-page", Status: 404, Sel: `.error-box[role=alert]`},
		}
		for _, elder := range []bool{false, true} {
			if elder {
				webtest.SetElder(t, ctx, e.Base, "/", true)
			}
			webtest.AuditPages(t, ctx, e.Base, elder, pages)

			// The login form after a wrong password, with its error.
			name := map[bool]string{false: "normal", true: "elder"}[elder] + "/login-failed"
			t.Run(name, func(t *testing.T) {
				webtest.Go(t, ctx, e.Base+"/admin/login")
				webtest.Type(t, ctx, "#username", "editor")
				webtest.Type(t, ctx, "#password", "not-the-password")
				if status := webtest.Click(t, ctx, `form[action="/admin/login"] button[type=submit]`); status != 401 {
					t.Errorf("wrong password: status %d, want 401", status)
				}
				if got := webtest.Text(t, ctx, `.error-box[role=alert]`); got != "用户名或密码错误。" {
					t.Errorf("wrong password: error %q, want 用户名或密码错误。", got)
				}
				if got := webtest.IsElder(t, ctx); got != elder {
					t.Errorf("<html class=elder> is %v, want %v", got, elder)
				}
				webtest.Accessible(t, ctx, name)
			})
		}
		// And back: the button in 长辈版 switches it off again.
		webtest.SetElder(t, ctx, e.Base, "/", false)
	})

	// Each role logged in through the form.
	roles := []struct {
		username string
		pages    []webtest.BrowserPage
	}{
		{"admin", []webtest.BrowserPage{
			{Name: "dashboard", Path: "/admin/", Status: 200, Sel: `#h-tasks`},
			{Name: "departments", Path: "/admin/departments", Status: 200, Sel: `#d-code`},
			{Name: "users", Path: "/admin/users", Status: 200, Sel: `#u-username`, Shot: "web-admin-users"},
			{Name: "user", Path: fmt.Sprintf("/admin/users/%d", e.UserID(t, "editor")), Status: 200, Sel: `#u-name`},
			{Name: "calendar", Path: "/admin/calendar", Status: 200, Sel: `#c-date`},
			{Name: "password", Path: "/admin/password", Status: 200, Sel: `#current`},
			{Name: "forbidden", Path: "/admin/audit", Status: 403, Sel: `.error-box[role=alert]`},
		}},
		{"auditor", []webtest.BrowserPage{
			{Name: "dashboard", Path: "/admin/", Status: 200, Sel: `#h-tasks`},
			{Name: "audit", Path: "/admin/audit", Status: 200, Sel: `table tbody tr`},
			{Name: "audit-verify", Path: "/admin/audit?verify=1", Status: 200, Sel: `.flash[role=status]`},
		}},
		{"security", []webtest.BrowserPage{
			{Name: "users", Path: "/admin/users", Status: 200, Sel: `table tbody tr`},
			{Name: "user-roles", Path: fmt.Sprintf("/admin/users/%d", e.UserID(t, "editor")), Status: 200,
				Sel: `fieldset input[type=checkbox][name=role]`},
		}},
	}
	for _, r := range roles {
		t.Run(r.username, func(t *testing.T) {
			t.Parallel()
			ctx := browsertest.Browser(t)
			webtest.BrowserLogin(t, ctx, e.Base, r.username)
			// The switch in the back-office header works too (its form
			// carries the session's CSRF token).
			webtest.AuditBothModes(t, ctx, e.Base, r.pages)
		})
	}
}

// TestBrowserLoginFlow is a member of staff signing in and out with the
// keyboard and the mouse: the skip link comes first and shows its focus,
// /admin/ asks for a login, a wrong password is explained in Chinese, the
// right one leads back to /admin/, and 退出登录 ends the session.
func TestBrowserLoginFlow(t *testing.T) {
	e := webtest.BrowserServer(t)
	ctx := browsertest.Browser(t)

	t.Run("skip-link", func(t *testing.T) {
		for _, path := range []string{"/", "/workdays?from=2024-09-27&n=20", "/no-such-page"} {
			webtest.Go(t, ctx, e.Base+path)
			webtest.SkipLinkFirst(t, ctx, path)
		}
		// The login form focuses the user name field on load (autofocus),
		// so Tab from there goes on to the password; the skip link is
		// still the first element of the tab order.
		path := "/admin/login?next=%2Fadmin%2F"
		webtest.Go(t, ctx, e.Base+path)
		if got := webtest.WaitFocus(t, ctx, "username"); got != "username" {
			t.Errorf("%s: focus on load is on #%s, want #username (autofocus)", path, got)
		}
		first := webtest.Eval[string](t, ctx, `(() => {
			const e = document.querySelector('a[href], button, input:not([type=hidden]), select, textarea, [tabindex]:not([tabindex="-1"])');
			return e ? e.outerHTML : "";
		})()`)
		if !strings.HasPrefix(first, `<a class="skip" href="#main">`) {
			t.Errorf("%s: the first focusable element is %s, want the skip link", path, first)
		}
	})

	t.Run("login-logout", func(t *testing.T) {
		// The back office asks for a login and remembers where to go.
		if status := webtest.Go(t, ctx, e.Base+"/admin/"); status != 200 {
			t.Errorf("/admin/ without a session: status %d after the redirect, want 200", status)
		}
		if p := webtest.Path(t, ctx); p != "/admin/login?next="+url.QueryEscape("/admin/") {
			t.Fatalf("/admin/ without a session went to %s, want the login form", p)
		}
		if h := webtest.Text(t, ctx, "h1"); h != "工作人员登录" {
			t.Errorf("login page heading %q", h)
		}

		// A wrong password: the form comes back with a Chinese error and
		// keeps the user name.
		webtest.Type(t, ctx, "#username", "admin")
		webtest.Type(t, ctx, "#password", "Wrong-Password-1")
		if status := webtest.Click(t, ctx, `form[action="/admin/login"] button[type=submit]`); status != 401 {
			t.Errorf("wrong password: status %d, want 401", status)
		}
		if got := webtest.Text(t, ctx, `main .error-box[role=alert]`); got != "用户名或密码错误。" {
			t.Errorf("wrong password: page shows %q, want 用户名或密码错误。", got)
		}
		if got := webtest.Eval[string](t, ctx, `document.getElementById("username").value`); got != "admin" {
			t.Errorf("wrong password: user name field holds %q, want admin", got)
		}
		if got := webtest.Eval[string](t, ctx, `document.getElementById("password").value`); got != "" {
			t.Errorf("wrong password: the password field was filled back in (%q)", got)
		}

		// The right password leads to /admin/, which greets the user.
		webtest.Type(t, ctx, "#password", demo.Password)
		if status := webtest.Click(t, ctx, `form[action="/admin/login"] button[type=submit]`); status != 200 {
			t.Fatalf("login: status %d; page says %q", status, webtest.Text(t, ctx, "main"))
		}
		if p := webtest.Path(t, ctx); p != "/admin/" {
			t.Fatalf("after login: on %s, want /admin/", p)
		}
		if h := webtest.Text(t, ctx, "h1"); h != "工作台" {
			t.Errorf("after login: heading %q, want 工作台", h)
		}
		if got := webtest.Text(t, ctx, "main"); !strings.Contains(got, "您好，王磊。") {
			t.Errorf("after login: dashboard does not greet 王磊: %q", got)
		}
		if got := webtest.Text(t, ctx, "header .who"); got != "王磊（admin）" {
			t.Errorf("after login: header shows %q, want 王磊（admin）", got)
		}
		if _, ok := webtest.Cookie(t, ctx, e.Base, "gk_session"); !ok {
			t.Error("after login: no session cookie")
		}
		// The back office has the skip link first too.
		webtest.Go(t, ctx, e.Base+"/admin/")
		webtest.SkipLinkFirst(t, ctx, "/admin/ (signed in)")

		// 退出登录 ends the session and says so.
		if status := webtest.Click(t, ctx, `form[action="/admin/logout"] button[type=submit]`); status != 200 {
			t.Fatalf("logout: status %d; page says %q", status, webtest.Text(t, ctx, "main"))
		}
		if p := webtest.Path(t, ctx); p != "/admin/login" {
			t.Errorf("after logout: on %s, want /admin/login", p)
		}
		if got := webtest.Text(t, ctx, `main .flash[role=status]`); got != "您已安全退出。" {
			t.Errorf("after logout: page shows %q, want 您已安全退出。", got)
		}
		if webtest.Count(t, ctx, `form[action="/admin/logout"]`) != 0 {
			t.Error("after logout: the header still has a logout button")
		}
		if _, ok := webtest.Cookie(t, ctx, e.Base, "gk_session"); ok {
			t.Error("after logout: the session cookie is still there")
		}
		webtest.Go(t, ctx, e.Base+"/admin/")
		if p := webtest.Path(t, ctx); !strings.HasPrefix(p, "/admin/login") {
			t.Errorf("after logout, /admin/ shows %s instead of asking for a login", p)
		}
	})
}

// TestBrowserSysadminCreatesDepartment fills in the new-department form as
// the system administrator, then submits the same code again and gets the
// Chinese conflict message on the page, with the form kept.
func TestBrowserSysadminCreatesDepartment(t *testing.T) {
	e := webtest.BrowserServer(t)
	ctx := browsertest.Browser(t)
	webtest.BrowserLogin(t, ctx, e.Base, "admin")

	const code, name, org = "jy-csbgs", "测试办公室", "00001434-9"
	fill := func() string {
		t.Helper()
		webtest.Go(t, ctx, e.Base+"/admin/departments")
		webtest.Type(t, ctx, "#d-code", code)
		webtest.Type(t, ctx, "#d-name", name)
		webtest.Type(t, ctx, "#d-org", org)
		parent := webtest.Eval[string](t, ctx, `(() => {
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
			if got := webtest.Eval[string](t, ctx, `document.getElementById(`+webtest.JS(id)+`).value`); got != want {
				t.Fatalf("field #%s holds %q after typing, want %q", id, got, want)
			}
		}
		return parent
	}
	const submit = `form[action="/admin/departments"] button[type=submit]`
	// rows lists the table rows of the department: [name cell, code, org code].
	rows := func() [][]string {
		t.Helper()
		return webtest.Eval[[][]string](t, ctx, `[...document.querySelectorAll("main table tbody tr")]
			.map(tr => [...tr.cells].map(c => c.textContent))
			.filter(c => c[1] === `+webtest.JS(code)+`)`)
	}

	// Create it.
	parent := fill()
	if status := webtest.Click(t, ctx, submit); status != 200 {
		t.Fatalf("create: status %d; page says %q", status, webtest.Text(t, ctx, "main"))
	}
	if p := webtest.Path(t, ctx); p != "/admin/departments" {
		t.Errorf("after create: on %s, want /admin/departments", p)
	}
	if got := webtest.Text(t, ctx, `main .flash[role=status]`); got != "已创建。" {
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
	d, err := e.St.DepartmentByCode(context.Background(), code)
	if err != nil {
		t.Fatalf("stored department: %v", err)
	}
	if fmt.Sprint(d.ParentID) != parent || d.Name != name || d.OrgCode != org {
		t.Errorf("stored department %+v, want parent %s, name %s, org code %s", d, parent, name, org)
	}

	// The same code again: a conflict, explained on the page in Chinese.
	fill()
	if status := webtest.Click(t, ctx, submit); status != 409 {
		t.Errorf("duplicate: status %d, want 409", status)
	}
	want := "部门编码“" + code + "”已被使用。"
	if got := webtest.Text(t, ctx, `main .error-box[role=alert]`); got != want {
		t.Errorf("duplicate: page shows error %q, want %q", got, want)
	}
	if h := webtest.Text(t, ctx, "h1"); h != "部门管理" {
		t.Errorf("duplicate: heading %q, want the departments page again", h)
	}
	body := webtest.Text(t, ctx, "body")
	for _, raw := range []string{"UNIQUE", "constraint", "duplicate", "sqlite", "SQL", "store."} {
		if strings.Contains(body, raw) {
			t.Errorf("duplicate: the page shows the raw error text %q: %q", raw, body)
		}
	}
	for id, want := range map[string]string{"d-code": code, "d-name": name, "d-org": org, "d-parent": parent} {
		if got := webtest.Eval[string](t, ctx, `document.getElementById(`+webtest.JS(id)+`).value`); got != want {
			t.Errorf("duplicate: the form lost field #%s: %q, want %q", id, got, want)
		}
	}
	if n := len(rows()); n != 1 {
		t.Errorf("duplicate: %d rows with code %s, want still 1", n, code)
	}
	webtest.Accessible(t, ctx, "departments page with the conflict error")
}
