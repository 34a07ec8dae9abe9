package web_test

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"gongkai/internal/auth"
	"gongkai/internal/demo"
	"gongkai/internal/publish"
	"gongkai/internal/store"
	"gongkai/internal/store/storetest"
	"gongkai/internal/web"
)

var ctx = context.Background()

// env is a real server on a real store loaded with the demo data.
type env struct {
	t     testing.TB
	st    *store.Store
	srv   *web.Server
	ts    *httptest.Server
	clock *storetest.Clock
	logs  *bytes.Buffer
}

func newEnv(t testing.TB, d store.Dialect) *env {
	t.Helper()
	return newEnvWith(t, d, demo.LoadPeople)
}

// newEnvWith builds the server on a store filled by load (demo.Load for the
// whole demo with its documents, demo.LoadPeople for accounts only).
func newEnvWith(t testing.TB, d store.Dialect, load func(context.Context, *store.Store) (bool, error)) *env {
	t.Helper()
	st := storetest.Open(t, d)
	clock := storetest.NewClock(time.Date(2026, 3, 2, 1, 0, 0, 0, time.UTC))
	st.Now = clock.Now
	if _, err := load(ctx, st); err != nil {
		t.Fatal(err)
	}
	logs := &bytes.Buffer{}
	svc := &auth.Service{Repo: st, Policy: auth.DefaultPolicy, Now: clock.Now, Hasher: auth.CheapHasher}
	srv, err := web.New(web.Config{SiteName: demo.SiteName}, st, svc, slog.New(slog.NewTextHandler(logs, nil)))
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(srv)
	t.Cleanup(ts.Close)
	return &env{t: t, st: st, srv: srv, ts: ts, clock: clock, logs: logs}
}

// client is a browser-like HTTP client with cookies that does not follow
// redirects, so tests see them.
type client struct {
	e    *env
	http *http.Client
	csrf string
}

func (e *env) client() *client {
	jar, _ := cookiejar.New(nil)
	return &client{e: e, http: &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}}
}

type response struct {
	status int
	body   string
	header http.Header
}

var csrfRe = regexp.MustCompile(`name="csrf" value="([^"]+)"`)

func (c *client) do(req *http.Request) response {
	c.e.t.Helper()
	res, err := c.http.Do(req)
	if err != nil {
		c.e.t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	if m := csrfRe.FindSubmatch(b); m != nil {
		c.csrf = string(m[1])
	}
	return response{res.StatusCode, string(b), res.Header}
}

func (c *client) get(path string) response {
	req, _ := http.NewRequest("GET", c.e.ts.URL+path, nil)
	return c.do(req)
}

// post submits a form with the CSRF token of the last page seen.
func (c *client) post(path string, form url.Values) response {
	if form == nil {
		form = url.Values{}
	}
	if _, ok := form["csrf"]; !ok {
		form.Set("csrf", c.csrf)
	}
	req, _ := http.NewRequest("POST", c.e.ts.URL+path, strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	return c.do(req)
}

func (e *env) login(username string) *client {
	c := e.client()
	c.get("/admin/login")
	r := c.post("/admin/login", url.Values{"username": {username}, "password": {demo.Password}})
	if r.status != http.StatusSeeOther {
		e.t.Fatalf("login %s: %d %s", username, r.status, r.body)
	}
	c.get("/admin/")
	return c
}

func (e *env) token(username string) string {
	u, err := e.st.UserByUsername(ctx, username)
	if err != nil {
		e.t.Fatal(err)
	}
	tok, err := e.st.CreateToken(ctx, "test", u.ID, "test")
	if err != nil {
		e.t.Fatal(err)
	}
	return tok
}

// api sends a JSON API request with a bearer token ("" for none).
func (e *env) api(method, path, token, body string) (int, map[string]any) {
	e.t.Helper()
	req, _ := http.NewRequest(method, e.ts.URL+path, strings.NewReader(body))
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		e.t.Fatal(err)
	}
	defer res.Body.Close()
	var out map[string]any
	raw, _ := io.ReadAll(res.Body)
	if len(raw) > 0 {
		if err := json.Unmarshal(raw, &out); err != nil {
			e.t.Fatalf("%s %s: not JSON (%d): %s", method, path, res.StatusCode, raw)
		}
	}
	return res.StatusCode, out
}

func errorCode(body map[string]any) (code, message string) {
	e, _ := body["error"].(map[string]any)
	code, _ = e["code"].(string)
	message, _ = e["message"].(string)
	return
}

var hanRe = regexp.MustCompile(`\p{Han}`)

// TestWeb runs the handler tests on every dialect.
func TestWeb(t *testing.T) {
	tests := []struct {
		name string
		fn   func(t *testing.T, e *env)
	}{
		{"EveryPageRenders", testEveryPageRenders},
		{"SeparationOfDuties", testSeparationOfDuties},
		{"CSRF", testCSRF},
		{"SessionIdleTimeout", testSessionIdleTimeout},
		{"LoginLockout", testLoginLockout},
		{"APIBadInput", testAPIBadInput},
		{"AdminFormsBadInput", testAdminFormsBadInput},
		{"CalendarOverrideAudited", testCalendarOverrideAudited},
		{"RoleChangeEndsSessions", testRoleChangeEndsSessions},
	}
	for _, d := range storetest.Dialects(t) {
		t.Run(string(d), func(t *testing.T) {
			for _, tc := range tests {
				t.Run(tc.name, func(t *testing.T) { tc.fn(t, newEnv(t, d)) })
			}
		})
	}
}

// testEveryPageRenders visits every page template through a real route.
func testEveryPageRenders(t *testing.T, e *env) {
	rendered := map[string]bool{}
	check := func(c *client, path string, want int, template string) {
		t.Helper()
		r := c.get(path)
		if r.status != want {
			t.Fatalf("GET %s: %d, want %d\n%s", path, r.status, want, r.body)
		}
		if !strings.Contains(r.body, `<html lang="zh-CN"`) || !strings.Contains(r.body, `id="main"`) || !hanRe.MatchString(r.body) {
			t.Fatalf("GET %s: not a Chinese page with a main landmark", path)
		}
		rendered[template] = true
	}
	anon := e.client()
	check(anon, "/", 200, "home")
	check(anon, "/workdays?from=2024-09-27&n=20", 200, "workdays")
	if r := anon.get("/workdays?from=2024-09-27&n=20"); !strings.Contains(r.body, "2024-10-30") {
		t.Fatal("calculator result missing")
	}
	check(anon, "/no-such-page", 404, "error")
	if r := anon.get("/no-such-page"); !strings.Contains(r.body, "<title>页面不存在 - ") {
		t.Error("the error page has no title of its own")
	}
	check(anon, "/admin/login", 200, "login")
	admin := e.login("admin")
	check(admin, "/admin/", 200, "dashboard")
	check(admin, "/admin/password", 200, "password")
	check(admin, "/admin/departments", 200, "departments")
	depts, _ := e.st.Departments(ctx)
	check(admin, "/admin/departments/"+itoa(depts[0].ID), 200, "department")
	check(admin, "/admin/users", 200, "users")
	u, _ := e.st.UserByUsername(ctx, "editor")
	check(admin, "/admin/users/"+itoa(u.ID), 200, "user")
	check(admin, "/admin/calendar", 200, "calendar")
	check(e.login("auditor"), "/admin/audit?verify=1", 200, "audit")
	for _, visit := range pageVisitors {
		visit(t, e, check, rendered)
	}
	for _, name := range e.srv.PageNames() {
		if !rendered[name] {
			t.Errorf("page template %q is not rendered by any test", name)
		}
	}
	// Security headers on every response.
	r := anon.get("/")
	for h, want := range map[string]string{
		"Content-Security-Policy": "frame-ancestors 'none'",
		"X-Content-Type-Options":  "nosniff",
		"Referrer-Policy":         "strict-origin",
	} {
		if !strings.Contains(r.header.Get(h), want) {
			t.Errorf("header %s = %q, want it to contain %q", h, r.header.Get(h), want)
		}
	}
	if !strings.Contains(r.header.Get("Content-Security-Policy"), "default-src 'self'") || r.header.Get("X-Request-Id") == "" {
		t.Error("CSP default-src or request id missing")
	}
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }

// pageVisitors let a feature's test file visit its own page templates in
// testEveryPageRenders (register them from an init function there). A page
// that only a POST renders is marked in rendered by the visitor itself.
var pageVisitors []func(t *testing.T, e *env, check func(c *client, path string, want int, template string), rendered map[string]bool)

// testSeparationOfDuties walks the route table: for every route that needs
// a permission and every demo account, the server answers 403 exactly when
// none of the account's roles grants one of the route's permissions.
func testSeparationOfDuties(t *testing.T, e *env) {
	tokens := map[string]string{}
	clients := map[string]*client{}
	for _, a := range demo.Accounts {
		tokens[a.Username] = e.token(a.Username)
		clients[a.Username] = e.login(a.Username)
	}
	// Allowed requests really run, so they act on an account of their own.
	dept, _ := e.st.DepartmentByCode(ctx, "jy")
	target := &auth.User{Username: "target", Name: "目标账户", DeptID: dept.ID, Roles: []auth.Role{auth.Editor}}
	if err := e.st.CreateUser(ctx, "test", target, demo.Password); err != nil {
		t.Fatal(err)
	}
	fill := strings.NewReplacer("{id}", itoa(target.ID), "{username}", "target", "{date}", "2027-01-04")
	// Document routes act on a real draft of the demo editor's department.
	editor, _ := e.st.UserByUsername(ctx, "editor")
	doc, err := e.st.CreateDocument(ctx, editor, publish.Content{Title: "职责分离测试", Attribute: publish.Active})
	if err != nil {
		t.Fatal(err)
	}
	fillDoc := strings.NewReplacer("{id}", itoa(doc.ID), "{no}", "1")
	checked := 0
	for _, rt := range e.srv.Routes() {
		if len(rt.AnyOf) == 0 {
			continue
		}
		method, path, _ := strings.Cut(rt.Pattern, " ")
		if strings.HasPrefix(path, "/admin/documents/{id}") {
			path = fillDoc.Replace(path)
		}
		path = fill.Replace(path)
		if strings.HasPrefix(path, "/admin/departments/") {
			path = "/admin/departments/" + itoa(dept.ID)
		}
		for _, a := range demo.Accounts {
			u := &auth.User{Roles: a.Roles}
			allowed := false
			for _, p := range rt.AnyOf {
				allowed = allowed || u.Can(p)
			}
			var status int
			if rt.API {
				body := ""
				if method != "GET" && method != "DELETE" {
					body = "{}"
				}
				status, _ = e.api(method, path, tokens[a.Username], body)
			} else if method == "GET" {
				status = clients[a.Username].get(path).status
			} else {
				// An empty but CSRF-valid form: the permission check comes first.
				status = clients[a.Username].post(path, url.Values{}).status
			}
			if (status == http.StatusForbidden) == allowed {
				t.Errorf("%s as %s (%v): status %d, allowed=%v", rt.Pattern, a.Username, a.Roles, status, allowed)
			}
			checked++
		}
	}
	if checked < 100 {
		t.Fatalf("only %d route/role pairs checked", checked)
	}
	// The statements of the acceptance list, spelled out.
	if s := clients["admin"].get("/admin/audit").status; s != http.StatusForbidden {
		t.Errorf("sysadmin read the audit trail: %d", s)
	}
	if s, _ := e.api("GET", "/api/v1/audit/events", tokens["admin"], ""); s != http.StatusForbidden {
		t.Errorf("sysadmin read the audit API: %d", s)
	}
	for _, p := range auth.BusinessPermissions {
		for _, r := range []auth.Role{auth.Sysadmin, auth.Secadmin, auth.Auditor} {
			if auth.RoleCan(r, p) {
				t.Errorf("administration role %s holds business permission %s", r, p)
			}
		}
	}
	if s := clients["auditor"].post("/admin/calendar", url.Values{"date": {"2027-01-04"}, "kind": {"rest"}}).status; s != http.StatusForbidden {
		t.Errorf("auditor changed the calendar: %d", s)
	}
	if s, _ := e.api("POST", "/api/v1/departments", tokens["auditor"], `{"code":"x","name":"x"}`); s != http.StatusForbidden {
		t.Errorf("auditor created a department: %d", s)
	}
	if s := clients["editor"].get("/admin/users").status; s != http.StatusForbidden {
		t.Errorf("editor opened user administration: %d", s)
	}
	if s, _ := e.api("GET", "/api/v1/users", tokens["editor"], ""); s != http.StatusForbidden {
		t.Errorf("editor listed users through the API: %d", s)
	}
	// Without any credentials: the back office redirects to login, the API says 401.
	if r := e.client().get("/admin/users"); r.status != http.StatusSeeOther || !strings.Contains(r.header.Get("Location"), "/admin/login") {
		t.Errorf("anonymous /admin/users: %d %s", r.status, r.header.Get("Location"))
	}
	if s, body := e.api("GET", "/api/v1/users", "", ""); s != http.StatusUnauthorized {
		t.Errorf("anonymous API: %d %v", s, body)
	}
}

func testCSRF(t *testing.T, e *env) {
	admin := e.login("admin")
	form := url.Values{"code": {"csrf-test"}, "name": {"跨站测试"}}
	// Missing token.
	form.Set("csrf", "")
	if r := admin.post("/admin/departments", form); r.status != http.StatusForbidden || !strings.Contains(r.body, "CSRF") {
		t.Fatalf("missing CSRF token: %d", r.status)
	}
	// A token of another session.
	other := e.login("admin")
	form.Set("csrf", other.csrf)
	if r := admin.post("/admin/departments", form); r.status != http.StatusForbidden {
		t.Fatalf("foreign CSRF token: %d", r.status)
	}
	if _, err := e.st.DepartmentByCode(ctx, "csrf-test"); err == nil {
		t.Fatal("a forged request created a department")
	}
	// The right token works.
	form.Del("csrf")
	if r := admin.post("/admin/departments", form); r.status != http.StatusSeeOther {
		t.Fatalf("valid CSRF token refused: %d %s", r.status, r.body)
	}
	// The login form is protected too (by the cookie-bound token).
	anon := e.client()
	anon.get("/admin/login")
	if r := anon.post("/admin/login", url.Values{"username": {"admin"}, "password": {demo.Password}, "csrf": {"forged"}}); r.status != http.StatusForbidden {
		t.Fatalf("login with forged token: %d", r.status)
	}
	// A browser session on the API must send X-CSRF-Token for writes.
	req, _ := http.NewRequest("POST", e.ts.URL+"/api/v1/departments", strings.NewReader(`{"code":"api-csrf","name":"接口"}`))
	req.Header.Set("Content-Type", "application/json")
	if r := admin.do(req); r.status != http.StatusForbidden {
		t.Fatalf("session API write without header: %d", r.status)
	}
	req, _ = http.NewRequest("POST", e.ts.URL+"/api/v1/departments", strings.NewReader(`{"code":"api-csrf","name":"接口"}`))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("X-CSRF-Token", admin.csrf)
	if r := admin.do(req); r.status != http.StatusCreated {
		t.Fatalf("session API write with header: %d %s", r.status, r.body)
	}
}

func testSessionIdleTimeout(t *testing.T, e *env) {
	c := e.login("auditor")
	e.clock.Advance(29 * time.Minute)
	if r := c.get("/admin/audit"); r.status != 200 {
		t.Fatalf("after 29 idle minutes: %d", r.status)
	}
	e.clock.Advance(29 * time.Minute) // activity above refreshed the timer
	if r := c.get("/admin/"); r.status != 200 {
		t.Fatalf("after another 29 minutes: %d", r.status)
	}
	e.clock.Advance(31 * time.Minute)
	r := c.get("/admin/audit")
	if r.status != http.StatusSeeOther || !strings.HasPrefix(r.header.Get("Location"), "/admin/login") {
		t.Fatalf("after 31 idle minutes: %d %s", r.status, r.header.Get("Location"))
	}
	if r := c.get("/admin/"); r.status != http.StatusSeeOther {
		t.Fatalf("the expired session came back: %d", r.status)
	}
}

func testLoginLockout(t *testing.T, e *env) {
	c := e.client()
	c.get("/admin/login")
	for i := 1; i <= 5; i++ {
		r := c.post("/admin/login", url.Values{"username": {"editor"}, "password": {"wrong-password"}})
		if r.status != http.StatusUnauthorized {
			t.Fatalf("failure %d: %d", i, r.status)
		}
		want := "用户名或密码错误"
		if i == 5 {
			want = "已锁定"
		}
		if !strings.Contains(r.body, want) {
			t.Fatalf("failure %d: page does not say %q", i, want)
		}
	}
	if r := c.post("/admin/login", url.Values{"username": {"editor"}, "password": {demo.Password}}); r.status != http.StatusUnauthorized || !strings.Contains(r.body, "已锁定") {
		t.Fatalf("locked account logged in: %d", r.status)
	}
	// The security administrator sees the lock and lifts it.
	sec := e.login("security")
	u, _ := e.st.UserByUsername(ctx, "editor")
	if r := sec.get("/admin/users/" + itoa(u.ID)); !strings.Contains(r.body, "已锁定") {
		t.Fatal("user page does not show the lock")
	}
	if r := sec.post("/admin/users/"+itoa(u.ID)+"/unlock", nil); r.status != http.StatusSeeOther {
		t.Fatalf("unlock: %d", r.status)
	}
	e.login("editor")
	// Passwords never reach the log.
	if strings.Contains(e.logs.String(), "wrong-password") || strings.Contains(e.logs.String(), demo.Password) {
		t.Fatal("a password was logged")
	}
}

func testAPIBadInput(t *testing.T, e *env) {
	admin := e.token("admin")
	huge := `{"code":"big","name":"` + strings.Repeat("大", 400_000) + `"}`
	cases := []struct {
		name, method, path, token, body string
		status                          int
		code                            string
	}{
		{"malformed JSON", "POST", "/api/v1/departments", admin, `{"code":`, 400, "malformed_json"},
		{"not an object", "POST", "/api/v1/departments", admin, `[1,2]`, 400, "invalid_field_type"},
		{"unknown field", "POST", "/api/v1/departments", admin, `{"code":"a","name":"b","colour":"red"}`, 400, "unknown_field"},
		{"wrong type", "POST", "/api/v1/departments", admin, `{"code":1,"name":"b"}`, 400, "invalid_field_type"},
		{"trailing data", "POST", "/api/v1/departments", admin, `{"code":"a","name":"b"} {}`, 400, "malformed_json"},
		{"empty body", "POST", "/api/v1/departments", admin, ``, 400, "empty_body"},
		{"oversized body", "POST", "/api/v1/departments", admin, huge, 413, "body_too_large"},
		{"bad code", "POST", "/api/v1/departments", admin, `{"code":"含中文","name":"b"}`, 400, "invalid_department_code"},
		{"bad org code", "POST", "/api/v1/departments", admin, `{"code":"ok","name":"b","org_code":"123"}`, 400, "invalid_org_code"},
		{"script in name is data", "POST", "/api/v1/departments", admin, `{"code":"xss","name":"<script>alert(1)</script>"}`, 201, ""},
		{"duplicate", "POST", "/api/v1/departments", admin, `{"code":"jy","name":"重复"}`, 409, "department_code_taken"},
		{"bad date in path", "GET", "/api/v1/calendar/days/2024-02-30", "", "", 400, "invalid_date"},
		{"garbage date", "GET", "/api/v1/calendar/days/yesterday", "", "", 400, "invalid_date"},
		{"missing n", "GET", "/api/v1/calendar/add?from=2024-09-27", "", "", 400, "invalid_workdays"},
		{"huge n", "GET", "/api/v1/calendar/add?from=2024-09-27&n=99999999999", "", "", 400, "invalid_workdays"},
		{"bad from", "GET", "/api/v1/calendar/count?from=2024-9-1&to=2024-10-01", "", "", 400, "invalid_date"},
		{"override without workday", "PUT", "/api/v1/calendar/overrides/2027-01-04", admin, `{"note":"x"}`, 400, "workday_required"},
		{"override bad date", "PUT", "/api/v1/calendar/overrides/2027-13-04", admin, `{"workday":true}`, 400, "invalid_date"},
		{"override note too long", "PUT", "/api/v1/calendar/overrides/2027-01-04", admin, `{"workday":true,"note":"` + strings.Repeat("长", 101) + `"}`, 400, "note_too_long"},
		{"roles null", "PUT", "/api/v1/users/editor/roles", e.token("security"), `{}`, 400, "roles_required"},
		{"roles not separated", "PUT", "/api/v1/users/editor/roles", e.token("security"), `{"roles":["auditor","editor"]}`, 400, "roles_not_separated"},
		{"unknown role", "PUT", "/api/v1/users/editor/roles", e.token("security"), `{"roles":["king"]}`, 400, "unknown_role"},
		{"unknown user", "PUT", "/api/v1/users/nobody/roles", e.token("security"), `{"roles":[]}`, 404, "user_not_found"},
		{"weak password", "POST", "/api/v1/users", admin, `{"username":"new.user","name":"新人","password":"123"}`, 400, "weak_password"},
		{"bad username", "POST", "/api/v1/users", admin, `{"username":"A B","name":"新人","password":"Gongkai-2024!"}`, 400, "invalid_username"},
		{"bad token", "GET", "/api/v1/me", "gk_not-a-token", "", 401, "bad_token"},
		{"unknown endpoint", "GET", "/api/v1/nothing", "", "", 404, "no_such_endpoint"},
		{"audit bad date", "GET", "/api/v1/audit/events?from=soon", e.token("auditor"), "", 400, "invalid_date"},
	}
	for _, tc := range cases {
		status, body := e.api(tc.method, tc.path, tc.token, tc.body)
		code, msg := errorCode(body)
		if status != tc.status || code != tc.code {
			t.Errorf("%s: %d %q, want %d %q (%v)", tc.name, status, code, tc.status, tc.code, body)
			continue
		}
		if tc.code != "" && !hanRe.MatchString(msg) {
			t.Errorf("%s: message is not Chinese: %q", tc.name, msg)
		}
	}
	// Stored text comes back as data and is escaped in pages.
	r := e.login("admin").get("/admin/departments")
	if strings.Contains(r.body, "<script>alert(1)</script>") || !strings.Contains(r.body, "&lt;script&gt;alert(1)&lt;/script&gt;") {
		t.Error("department name not escaped in the page")
	}
	if strings.Contains(e.logs.String(), "level=ERROR") {
		t.Errorf("bad input caused a server error:\n%s", e.logs.String())
	}
}

func testAdminFormsBadInput(t *testing.T, e *env) {
	admin := e.login("admin")
	cases := []struct {
		path string
		form url.Values
		want string
	}{
		{"/admin/departments", url.Values{"code": {"jy"}, "name": {"重复"}}, "已被使用"},
		{"/admin/departments", url.Values{"code": {"ok-1"}, "name": {""}}, "部门名称不能为空"},
		{"/admin/departments", url.Values{"code": {"ok-2"}, "name": {"x"}, "org_code": {"00001434-8"}}, "校验位"},
		{"/admin/departments", url.Values{"code": {"ok-3"}, "name": {"x"}, "parent_id": {"99999"}}, "上级部门不存在"},
		{"/admin/users", url.Values{"username": {"x"}, "name": {"短"}, "password": {"Gongkai-2024!"}}, "用户名应为"},
		{"/admin/users", url.Values{"username": {"new.one"}, "name": {"新人"}, "password": {"password"}}, "密码"},
		{"/admin/calendar", url.Values{"date": {"2027-02-30"}, "kind": {"rest"}}, "不是有效日期"},
		{"/admin/calendar", url.Values{"date": {"2027-02-03"}, "kind": {"holiday"}}, "请选择"},
	}
	for _, tc := range cases {
		r := admin.post(tc.path, tc.form)
		if r.status < 400 || r.status >= 500 || !strings.Contains(r.body, tc.want) || !strings.Contains(r.body, `role="alert"`) {
			t.Errorf("POST %s %v: %d, want a 4xx page saying %q", tc.path, tc.form, r.status, tc.want)
		}
	}
	// What the user typed is kept on the re-rendered form.
	r := admin.post("/admin/departments", url.Values{"code": {"keep-me"}, "name": {"保留输入"}, "org_code": {"bad"}})
	if !strings.Contains(r.body, `value="keep-me"`) || !strings.Contains(r.body, `value="保留输入"`) {
		t.Error("form input not kept after an error")
	}
	// Unknown ids are 404 pages, not errors.
	for _, p := range []string{"/admin/users/999999", "/admin/users/abc", "/admin/departments/0"} {
		if r := admin.get(p); r.status != 404 {
			t.Errorf("GET %s: %d", p, r.status)
		}
	}
	anon := e.client()
	for _, p := range []string{"/workdays?from=2024-13-01&n=5", "/workdays?from=2024-01-01&n=abc", "/workdays?from=&n=5"} {
		if r := anon.get(p); r.status != 400 || !strings.Contains(r.body, `role="alert"`) {
			t.Errorf("GET %s: %d", p, r.status)
		}
	}
	// The 长辈版 switch keeps visitors on this site.
	anon.get("/")
	r = anon.post("/elder", url.Values{"on": {"1"}, "back": {"//evil.example/"}})
	if r.status != http.StatusSeeOther || r.header.Get("Location") != "/" {
		t.Errorf("open redirect through /elder: %s", r.header.Get("Location"))
	}
	if r := anon.get("/workdays"); !strings.Contains(r.body, `class="elder"`) {
		t.Error("长辈版 not remembered")
	}
	// The switch in the back-office header carries the session's token.
	r = admin.post("/elder", url.Values{"on": {"1"}, "back": {"/admin/users"}})
	if r.status != http.StatusSeeOther || r.header.Get("Location") != "/admin/users" {
		t.Errorf("长辈版 switch from the back office: %d %s", r.status, r.header.Get("Location"))
	}
}

func testCalendarOverrideAudited(t *testing.T, e *env) {
	admin := e.token("admin")
	status, body := e.api("GET", "/api/v1/calendar/add?from=2026-10-09&n=1", "", "")
	if status != 200 || body["date"] != "2026-10-10" {
		t.Fatalf("before: %d %v", status, body)
	}
	if s, b := e.api("PUT", "/api/v1/calendar/overrides/2026-10-10", admin, `{"workday":false,"note":"演示：取消调休"}`); s != 200 {
		t.Fatalf("override: %d %v", s, b)
	}
	if _, body := e.api("GET", "/api/v1/calendar/add?from=2026-10-09&n=1", "", ""); body["date"] != "2026-10-12" {
		t.Fatalf("override not applied at once: %v", body)
	}
	if _, body := e.api("GET", "/api/v1/calendar/days/2026-10-10", "", ""); body["workday"] != false || body["holiday"] != "演示：取消调休" {
		t.Fatalf("day: %v", body)
	}
	_, ev := e.api("GET", "/api/v1/audit/events?action=calendar.", e.token("auditor"), "")
	items, _ := ev["items"].([]any)
	if len(items) != 1 || items[0].(map[string]any)["actor"] != "admin" {
		t.Fatalf("override not in the trail: %v", ev)
	}
	if s, _ := e.api("DELETE", "/api/v1/calendar/overrides/2026-10-10", admin, ""); s != 204 {
		t.Fatalf("delete: %d", s)
	}
	if _, body := e.api("GET", "/api/v1/calendar/days/2026-10-10", "", ""); body["workday"] != true {
		t.Fatalf("after delete: %v", body)
	}
	if _, body := e.api("GET", "/api/v1/calendar/days/2028-05-01", "", ""); body["provisional"] != true {
		t.Fatalf("2028 not provisional: %v", body)
	}
	if _, body := e.api("GET", "/api/v1/audit/verify", e.token("auditor"), ""); body["ok"] != true {
		t.Fatalf("trail: %v", body)
	}
}

func testRoleChangeEndsSessions(t *testing.T, e *env) {
	editor := e.login("editor")
	sec := e.login("security")
	u, _ := e.st.UserByUsername(ctx, "editor")
	r := sec.post("/admin/users/"+itoa(u.ID)+"/roles", url.Values{"role": {"editor", "reviewer"}})
	if r.status != http.StatusSeeOther {
		t.Fatalf("set roles: %d %s", r.status, r.body)
	}
	if r := editor.get("/admin/"); r.status != http.StatusSeeOther {
		t.Fatalf("old session survived a role change: %d", r.status)
	}
	got, _ := e.st.UserByUsername(ctx, "editor")
	if !got.HasRole(auth.Reviewer) {
		t.Fatal("role not saved")
	}
	// 三员分立 through the form.
	r = sec.post("/admin/users/"+itoa(u.ID)+"/roles", url.Values{"role": {"sysadmin", "editor"}})
	if r.status != 400 || !strings.Contains(r.body, "三员分立") {
		t.Fatalf("combined roles: %d", r.status)
	}
}

func TestOpenAPIDescribesEveryRoute(t *testing.T) {
	e := newEnv(t, store.SQLite)
	status, doc := e.api("GET", "/api/v1/openapi.json", "", "")
	if status != 200 {
		t.Fatal(status)
	}
	paths, _ := doc["paths"].(map[string]any)
	described := map[string]bool{}
	for p, ops := range paths {
		for m := range ops.(map[string]any) {
			described[strings.ToUpper(m)+" "+p] = true
		}
	}
	routed := map[string]bool{}
	for _, rt := range e.srv.Routes() {
		if !rt.API || !strings.HasPrefix(rt.Pattern, "GET /api/v1/") && !strings.Contains(rt.Pattern, " /api/v1/") {
			continue
		}
		routed[rt.Pattern] = true
		if !described[rt.Pattern] {
			t.Errorf("route %s is not in openapi.json", rt.Pattern)
		}
		op, _ := paths[strings.SplitN(rt.Pattern, " ", 2)[1]].(map[string]any)
		entry, _ := op[strings.ToLower(strings.SplitN(rt.Pattern, " ", 2)[0])].(map[string]any)
		if entry["summary"] == "" || entry["responses"] == nil {
			t.Errorf("route %s has no summary or responses", rt.Pattern)
		}
	}
	for d := range described {
		if !routed[d] {
			t.Errorf("openapi.json describes %s, which has no route", d)
		}
	}
}

func TestHealth(t *testing.T) {
	e := newEnv(t, store.SQLite)
	c := e.client()
	if r := c.get("/healthz"); r.status != 200 || r.body != "ok\n" {
		t.Fatalf("healthz %d %q", r.status, r.body)
	}
	if r := c.get("/readyz"); r.status != 200 {
		t.Fatalf("readyz %d", r.status)
	}
	e.st.Close()
	if r := c.get("/readyz"); r.status != 503 {
		t.Fatalf("readyz with a closed store: %d", r.status)
	}
	if r := c.get("/healthz"); r.status != 200 {
		t.Fatalf("healthz must not depend on the store: %d", r.status)
	}
}

func TestIndexRuleForm(t *testing.T) {
	e := newEnv(t, store.SQLite)
	admin := e.login("admin")
	d, _ := e.st.DepartmentByCode(ctx, "jy")
	page := "/admin/departments/" + itoa(d.ID)
	if r := admin.get(page); !strings.Contains(r.body, "00001434-9/2026-00000001") {
		t.Fatal("the department page does not show the index number example")
	}
	if r := admin.post(page+"/index-rule", url.Values{"pattern": {"{org}-{seq:8}"}}); r.status != 400 || !strings.Contains(r.body, "{year}") {
		t.Fatalf("bad rule: %d", r.status)
	}
	if r := admin.post(page+"/index-rule", url.Values{"pattern": {"JY{year}-{seq:4}"}}); r.status != http.StatusSeeOther {
		t.Fatalf("good rule: %d %s", r.status, r.body)
	}
	if r := admin.get(page); !strings.Contains(r.body, "JY2026-0001") {
		t.Fatal("the new rule's example is not shown")
	}
}

// TestStaticFiles: missing assets and directories get the site's 404 page, never a listing.
func TestStaticFiles(t *testing.T) {
	e := newEnv(t, store.SQLite)
	c := e.client()
	for _, p := range []string{"/static/", "/static/nope.css", "/static/templates/"} {
		if r := c.get(p); r.status != 404 || !hanRe.MatchString(r.body) {
			t.Errorf("GET %s: %d", p, r.status)
		}
	}
	if r := c.get("/static/site.css"); r.status != 200 {
		t.Errorf("site.css: %d", r.status)
	}
}
