package web_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"gongkai/internal/auth"
	"gongkai/internal/demo"
	"gongkai/internal/store"
	"gongkai/internal/store/storetest"
	"gongkai/internal/web/account"
	"gongkai/internal/web/webtest"
)

var ctx = context.Background()

// TestWeb runs the handler tests on every dialect.
func TestWeb(t *testing.T) {
	tests := []struct {
		name string
		fn   func(t *testing.T, e *webtest.Env)
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
				t.Run(tc.name, func(t *testing.T) { tc.fn(t, webtest.New(t, d)) })
			}
		})
	}
}

// testEveryPageRenders visits every page template of the site's own
// pages and of the account area through a real route (the other areas
// check their own pages in their packages).
func testEveryPageRenders(t *testing.T, e *webtest.Env) {
	webtest.EveryPageRenders(t, e, append(account.Area().PageNames(), "error"), visitAccountPages)
	anon := e.Client()
	// Security headers on every response.
	r := anon.Get("/")
	for h, want := range map[string]string{
		"Content-Security-Policy": "frame-ancestors 'none'",
		"X-Content-Type-Options":  "nosniff",
		"Referrer-Policy":         "strict-origin",
	} {
		if !strings.Contains(r.Header.Get(h), want) {
			t.Errorf("header %s = %q, want it to contain %q", h, r.Header.Get(h), want)
		}
	}
	if !strings.Contains(r.Header.Get("Content-Security-Policy"), "default-src 'self'") || r.Header.Get("X-Request-Id") == "" {
		t.Error("CSP default-src or request id missing")
	}
}

// visitAccountPages renders the site's error page and the account area's
// pages.
func visitAccountPages(t *testing.T, e *webtest.Env, check func(c *webtest.Client, path string, want int, template string), _ map[string]bool) {
	anon := e.Client()
	check(anon, "/workdays?from=2024-09-27&n=20", 200, "workdays")
	if r := anon.Get("/workdays?from=2024-09-27&n=20"); !strings.Contains(r.Body, "2024-10-30") {
		t.Fatal("calculator result missing")
	}
	check(anon, "/no-such-page", 404, "error")
	if r := anon.Get("/no-such-page"); !strings.Contains(r.Body, "<title>页面不存在 - ") {
		t.Error("the error page has no title of its own")
	}
	check(anon, "/admin/login", 200, "login")
	admin := e.Login("admin")
	check(admin, "/admin/", 200, "dashboard")
	check(admin, "/admin/password", 200, "password")
	check(admin, "/admin/departments", 200, "departments")
	depts, _ := e.St.Departments(ctx)
	check(admin, "/admin/departments/"+webtest.Itoa(depts[0].ID), 200, "department")
	check(admin, "/admin/users", 200, "users")
	u, _ := e.St.UserByUsername(ctx, "editor")
	check(admin, "/admin/users/"+webtest.Itoa(u.ID), 200, "user")
	check(admin, "/admin/calendar", 200, "calendar")
	check(e.Login("auditor"), "/admin/audit?verify=1", 200, "audit")
}

// testSeparationOfDuties spells out the statements of 三员分立 that matter
// most (the whole route × role matrix is TestRouteRoleMatrix's golden file)
// and that no administration role holds a business permission.
func testSeparationOfDuties(t *testing.T, e *webtest.Env) {
	tokens := map[string]string{}
	clients := map[string]*webtest.Client{}
	for _, a := range demo.Accounts {
		tokens[a.Username] = e.Token(a.Username)
		clients[a.Username] = e.Login(a.Username)
	}
	// The statements of the acceptance list, spelled out.
	if s := clients["admin"].Get("/admin/audit").Status; s != http.StatusForbidden {
		t.Errorf("sysadmin read the audit trail: %d", s)
	}
	if s, _ := e.API("GET", "/api/v1/audit/events", tokens["admin"], ""); s != http.StatusForbidden {
		t.Errorf("sysadmin read the audit API: %d", s)
	}
	for _, p := range auth.BusinessPermissions {
		for _, r := range []auth.Role{auth.Sysadmin, auth.Secadmin, auth.Auditor} {
			if auth.RoleCan(r, p) {
				t.Errorf("administration role %s holds business permission %s", r, p)
			}
		}
	}
	if s := clients["auditor"].Post("/admin/calendar", url.Values{"date": {"2027-01-04"}, "kind": {"rest"}}).Status; s != http.StatusForbidden {
		t.Errorf("auditor changed the calendar: %d", s)
	}
	if s, _ := e.API("POST", "/api/v1/departments", tokens["auditor"], `{"code":"x","name":"x"}`); s != http.StatusForbidden {
		t.Errorf("auditor created a department: %d", s)
	}
	if s := clients["editor"].Get("/admin/users").Status; s != http.StatusForbidden {
		t.Errorf("editor opened user administration: %d", s)
	}
	if s, _ := e.API("GET", "/api/v1/users", tokens["editor"], ""); s != http.StatusForbidden {
		t.Errorf("editor listed users through the API: %d", s)
	}
	// Without any credentials: the back office redirects to login, the API says 401.
	if r := e.Client().Get("/admin/users"); r.Status != http.StatusSeeOther || !strings.Contains(r.Header.Get("Location"), "/admin/login") {
		t.Errorf("anonymous /admin/users: %d %s", r.Status, r.Header.Get("Location"))
	}
	if s, body := e.API("GET", "/api/v1/users", "", ""); s != http.StatusUnauthorized {
		t.Errorf("anonymous API: %d %v", s, body)
	}
}

func testCSRF(t *testing.T, e *webtest.Env) {
	admin := e.Login("admin")
	form := url.Values{"code": {"csrf-test"}, "name": {"跨站测试"}}
	// Missing token.
	form.Set("csrf", "")
	if r := admin.Post("/admin/departments", form); r.Status != http.StatusForbidden || !strings.Contains(r.Body, "CSRF") {
		t.Fatalf("missing CSRF token: %d", r.Status)
	}
	// A token of another session.
	other := e.Login("admin")
	form.Set("csrf", other.CSRF)
	if r := admin.Post("/admin/departments", form); r.Status != http.StatusForbidden {
		t.Fatalf("foreign CSRF token: %d", r.Status)
	}
	if _, err := e.St.DepartmentByCode(ctx, "csrf-test"); err == nil {
		t.Fatal("a forged request created a department")
	}
	// The right token works.
	form.Del("csrf")
	if r := admin.Post("/admin/departments", form); r.Status != http.StatusSeeOther {
		t.Fatalf("valid CSRF token refused: %d %s", r.Status, r.Body)
	}
	// The login form is protected too (by the cookie-bound token).
	anon := e.Client()
	anon.Get("/admin/login")
	if r := anon.Post("/admin/login", url.Values{"username": {"admin"}, "password": {demo.Password}, "csrf": {"forged"}}); r.Status != http.StatusForbidden {
		t.Fatalf("login with forged token: %d", r.Status)
	}
	// A browser session on the API must send X-CSRF-Token for writes.
	req, _ := http.NewRequest("POST", e.TS.URL+"/api/v1/departments", strings.NewReader(`{"code":"api-csrf","name":"接口"}`))
	req.Header.Set("Content-Type", "application/json")
	if r := admin.Do(req); r.Status != http.StatusForbidden {
		t.Fatalf("session API write without header: %d", r.Status)
	}
	req, _ = http.NewRequest("POST", e.TS.URL+"/api/v1/departments", strings.NewReader(`{"code":"api-csrf","name":"接口"}`))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("X-CSRF-Token", admin.CSRF)
	if r := admin.Do(req); r.Status != http.StatusCreated {
		t.Fatalf("session API write with header: %d %s", r.Status, r.Body)
	}
}

func testSessionIdleTimeout(t *testing.T, e *webtest.Env) {
	c := e.Login("auditor")
	e.Clock.Advance(29 * time.Minute)
	if r := c.Get("/admin/audit"); r.Status != 200 {
		t.Fatalf("after 29 idle minutes: %d", r.Status)
	}
	e.Clock.Advance(29 * time.Minute) // activity above refreshed the timer
	if r := c.Get("/admin/"); r.Status != 200 {
		t.Fatalf("after another 29 minutes: %d", r.Status)
	}
	e.Clock.Advance(31 * time.Minute)
	r := c.Get("/admin/audit")
	if r.Status != http.StatusSeeOther || !strings.HasPrefix(r.Header.Get("Location"), "/admin/login") {
		t.Fatalf("after 31 idle minutes: %d %s", r.Status, r.Header.Get("Location"))
	}
	if r := c.Get("/admin/"); r.Status != http.StatusSeeOther {
		t.Fatalf("the expired session came back: %d", r.Status)
	}
}

// testLoginLockout: five failures stop this address trying the account,
// with the same answer as a wrong password (no "locked" to enumerate);
// the security administrator's unlock lifts the stop.
func testLoginLockout(t *testing.T, e *webtest.Env) {
	c := e.Client()
	c.Get("/admin/login")
	for i := 1; i <= 5; i++ {
		r := c.Post("/admin/login", url.Values{"username": {"editor"}, "password": {"wrong-password"}})
		if r.Status != http.StatusUnauthorized || !strings.Contains(r.Body, "用户名或密码错误") {
			t.Fatalf("failure %d: %d", i, r.Status)
		}
	}
	if r := c.Post("/admin/login", url.Values{"username": {"editor"}, "password": {demo.Password}}); r.Status != http.StatusUnauthorized || !strings.Contains(r.Body, "用户名或密码错误") {
		t.Fatalf("a stopped address logged in: %d", r.Status)
	}
	// The security administrator lifts it.
	sec := e.Login("security")
	u, _ := e.St.UserByUsername(ctx, "editor")
	if r := sec.Post("/admin/users/"+webtest.Itoa(u.ID)+"/unlock", nil); r.Status != http.StatusSeeOther {
		t.Fatalf("unlock: %d", r.Status)
	}
	e.Login("editor")
	// Passwords never reach the log.
	if strings.Contains(e.Logs.String(), "wrong-password") || strings.Contains(e.Logs.String(), demo.Password) {
		t.Fatal("a password was logged")
	}
}

func testAPIBadInput(t *testing.T, e *webtest.Env) {
	admin := e.Token("admin")
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
		{"roles null", "PUT", "/api/v1/users/editor/roles", e.Token("security"), `{}`, 400, "roles_required"},
		{"roles not separated", "PUT", "/api/v1/users/editor/roles", e.Token("security"), `{"roles":["auditor","editor"]}`, 400, "roles_not_separated"},
		{"unknown role", "PUT", "/api/v1/users/editor/roles", e.Token("security"), `{"roles":["king"]}`, 400, "unknown_role"},
		{"unknown user", "PUT", "/api/v1/users/nobody/roles", e.Token("security"), `{"roles":[]}`, 404, "user_not_found"},
		{"weak password", "POST", "/api/v1/users", admin, `{"username":"new.user","name":"新人","password":"123"}`, 400, "weak_password"},
		{"bad username", "POST", "/api/v1/users", admin, `{"username":"A B","name":"新人","password":"Gongkai-2024!"}`, 400, "invalid_username"},
		{"bad token", "GET", "/api/v1/me", "gk_not-a-token", "", 401, "bad_token"},
		{"unknown endpoint", "GET", "/api/v1/nothing", "", "", 404, "no_such_endpoint"},
		{"audit bad date", "GET", "/api/v1/audit/events?from=soon", e.Token("auditor"), "", 400, "invalid_date"},
	}
	for _, tc := range cases {
		status, body := e.API(tc.method, tc.path, tc.token, tc.body)
		code, msg := webtest.ErrorCode(body)
		if status != tc.status || code != tc.code {
			t.Errorf("%s: %d %q, want %d %q (%v)", tc.name, status, code, tc.status, tc.code, body)
			continue
		}
		if tc.code != "" && !webtest.HanRe.MatchString(msg) {
			t.Errorf("%s: message is not Chinese: %q", tc.name, msg)
		}
	}
	// Stored text comes back as data and is escaped in pages.
	r := e.Login("admin").Get("/admin/departments")
	if strings.Contains(r.Body, "<script>alert(1)</script>") || !strings.Contains(r.Body, "&lt;script&gt;alert(1)&lt;/script&gt;") {
		t.Error("department name not escaped in the page")
	}
	if strings.Contains(e.Logs.String(), "level=ERROR") {
		t.Errorf("bad input caused a server error:\n%s", e.Logs.String())
	}
}

func testAdminFormsBadInput(t *testing.T, e *webtest.Env) {
	admin := e.Login("admin")
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
		r := admin.Post(tc.path, tc.form)
		if r.Status < 400 || r.Status >= 500 || !strings.Contains(r.Body, tc.want) || !strings.Contains(r.Body, `role="alert"`) {
			t.Errorf("POST %s %v: %d, want a 4xx page saying %q", tc.path, tc.form, r.Status, tc.want)
		}
	}
	// What the user typed is kept on the re-rendered form.
	r := admin.Post("/admin/departments", url.Values{"code": {"keep-me"}, "name": {"保留输入"}, "org_code": {"bad"}})
	if !strings.Contains(r.Body, `value="keep-me"`) || !strings.Contains(r.Body, `value="保留输入"`) {
		t.Error("form input not kept after an error")
	}
	// Unknown ids are 404 pages, not errors.
	for _, p := range []string{"/admin/users/999999", "/admin/users/abc", "/admin/departments/0"} {
		if r := admin.Get(p); r.Status != 404 {
			t.Errorf("GET %s: %d", p, r.Status)
		}
	}
	anon := e.Client()
	for _, p := range []string{"/workdays?from=2024-13-01&n=5", "/workdays?from=2024-01-01&n=abc", "/workdays?from=&n=5"} {
		if r := anon.Get(p); r.Status != 400 || !strings.Contains(r.Body, `role="alert"`) {
			t.Errorf("GET %s: %d", p, r.Status)
		}
	}
	// The 长辈版 switch keeps visitors on this site.
	anon.Get("/")
	r = anon.Get("/elder?on=1&back=" + url.QueryEscape("//evil.example/"))
	if r.Status != http.StatusSeeOther || r.Header.Get("Location") != "/" {
		t.Errorf("open redirect through /elder: %s", r.Header.Get("Location"))
	}
	if r := anon.Get("/workdays"); !strings.Contains(r.Body, `class="elder"`) {
		t.Error("长辈版 not remembered")
	}
	// The switch in the back-office header works the same.
	r = admin.Get("/elder?on=1&back=" + url.QueryEscape("/admin/users"))
	if r.Status != http.StatusSeeOther || r.Header.Get("Location") != "/admin/users" {
		t.Errorf("长辈版 switch from the back office: %d %s", r.Status, r.Header.Get("Location"))
	}
}

func testCalendarOverrideAudited(t *testing.T, e *webtest.Env) {
	admin := e.Token("admin")
	status, body := e.API("GET", "/api/v1/calendar/add?from=2026-10-09&n=1", "", "")
	if status != 200 || body["date"] != "2026-10-10" {
		t.Fatalf("before: %d %v", status, body)
	}
	if s, b := e.API("PUT", "/api/v1/calendar/overrides/2026-10-10", admin, `{"workday":false,"note":"演示：取消调休"}`); s != 200 {
		t.Fatalf("override: %d %v", s, b)
	}
	if _, body := e.API("GET", "/api/v1/calendar/add?from=2026-10-09&n=1", "", ""); body["date"] != "2026-10-12" {
		t.Fatalf("override not applied at once: %v", body)
	}
	if _, body := e.API("GET", "/api/v1/calendar/days/2026-10-10", "", ""); body["workday"] != false || body["holiday"] != "演示：取消调休" {
		t.Fatalf("day: %v", body)
	}
	_, ev := e.API("GET", "/api/v1/audit/events?action=calendar.", e.Token("auditor"), "")
	items, _ := ev["items"].([]any)
	if len(items) != 1 || items[0].(map[string]any)["actor"] != "admin" {
		t.Fatalf("override not in the trail: %v", ev)
	}
	if s, _ := e.API("DELETE", "/api/v1/calendar/overrides/2026-10-10", admin, ""); s != 204 {
		t.Fatalf("delete: %d", s)
	}
	if _, body := e.API("GET", "/api/v1/calendar/days/2026-10-10", "", ""); body["workday"] != true {
		t.Fatalf("after delete: %v", body)
	}
	if _, body := e.API("GET", "/api/v1/calendar/days/2028-05-01", "", ""); body["provisional"] != true {
		t.Fatalf("2028 not provisional: %v", body)
	}
	if _, body := e.API("GET", "/api/v1/audit/verify", e.Token("auditor"), ""); body["ok"] != true {
		t.Fatalf("trail: %v", body)
	}
}

func testRoleChangeEndsSessions(t *testing.T, e *webtest.Env) {
	editor := e.Login("editor")
	sec := e.Login("security")
	u, _ := e.St.UserByUsername(ctx, "editor")
	r := sec.Post("/admin/users/"+webtest.Itoa(u.ID)+"/roles", url.Values{"role": {"editor", "reviewer"}})
	if r.Status != http.StatusSeeOther {
		t.Fatalf("set roles: %d %s", r.Status, r.Body)
	}
	if r := editor.Get("/admin/"); r.Status != http.StatusSeeOther {
		t.Fatalf("old session survived a role change: %d", r.Status)
	}
	got, _ := e.St.UserByUsername(ctx, "editor")
	if !got.HasRole(auth.Reviewer) {
		t.Fatal("role not saved")
	}
	// 三员分立 through the form.
	r = sec.Post("/admin/users/"+webtest.Itoa(u.ID)+"/roles", url.Values{"role": {"sysadmin", "editor"}})
	if r.Status != 400 || !strings.Contains(r.Body, "三员分立") {
		t.Fatalf("combined roles: %d", r.Status)
	}
}

func TestOpenAPIDescribesEveryRoute(t *testing.T) {
	e := webtest.New(t, store.SQLite)
	status, doc := e.API("GET", "/api/v1/openapi.json", "", "")
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
	for _, rt := range e.Srv.Routes() {
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
	e := webtest.New(t, store.SQLite)
	c := e.Client()
	if r := c.Get("/healthz"); r.Status != 200 || r.Body != "ok\n" {
		t.Fatalf("healthz %d %q", r.Status, r.Body)
	}
	if r := c.Get("/readyz"); r.Status != 200 {
		t.Fatalf("readyz %d", r.Status)
	}
	e.St.Close()
	if r := c.Get("/readyz"); r.Status != 503 {
		t.Fatalf("readyz with a closed store: %d", r.Status)
	}
	if r := c.Get("/healthz"); r.Status != 200 {
		t.Fatalf("healthz must not depend on the store: %d", r.Status)
	}
}

func TestIndexRuleForm(t *testing.T) {
	e := webtest.New(t, store.SQLite)
	admin := e.Login("admin")
	d, _ := e.St.DepartmentByCode(ctx, "jy")
	page := "/admin/departments/" + webtest.Itoa(d.ID)
	if r := admin.Get(page); !strings.Contains(r.Body, "00001434-9/2026-00000001") {
		t.Fatal("the department page does not show the index number example")
	}
	if r := admin.Post(page+"/index-rule", url.Values{"pattern": {"{org}-{seq:8}"}}); r.Status != 400 || !strings.Contains(r.Body, "{year}") {
		t.Fatalf("bad rule: %d", r.Status)
	}
	if r := admin.Post(page+"/index-rule", url.Values{"pattern": {"JY{year}-{seq:4}"}}); r.Status != http.StatusSeeOther {
		t.Fatalf("good rule: %d %s", r.Status, r.Body)
	}
	if r := admin.Get(page); !strings.Contains(r.Body, "JY2026-0001") {
		t.Fatal("the new rule's example is not shown")
	}
}

// TestStaticFiles: missing assets and directories get the site's 404 page, never a listing.
func TestStaticFiles(t *testing.T) {
	e := webtest.New(t, store.SQLite)
	c := e.Client()
	for _, p := range []string{"/static/", "/static/nope.css", "/static/templates/"} {
		if r := c.Get(p); r.Status != 404 || !webtest.HanRe.MatchString(r.Body) {
			t.Errorf("GET %s: %d", p, r.Status)
		}
	}
	if r := c.Get("/static/site.css"); r.Status != 200 {
		t.Errorf("site.css: %d", r.Status)
	}
}
