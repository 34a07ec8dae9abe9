// Package webtest is the test environment of the web areas: a real server
// on a real store (SQLite, and PostgreSQL under `make test`), a
// browser-like HTTP client, the dialect runner, and the helpers of the
// Chromium tests. The demo data is loaded once per test binary and copied
// for each test (storetest.Prepared), so a test costs a file copy or a
// CREATE DATABASE … TEMPLATE, not a load.
package webtest

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
	"sync"
	"testing"
	"time"

	"gongkai/internal/auth"
	"gongkai/internal/browsertest"
	"gongkai/internal/demo"
	"gongkai/internal/store"
	"gongkai/internal/store/storetest"
	"gongkai/internal/web"
)

// Main runs a web test binary: one headless Chromium for its browser
// tests, and the template databases removed afterwards.
func Main(m *testing.M) int {
	defer storetest.Cleanup()
	return browsertest.Main(m)
}

// Data is what a test's store holds when it starts.
type Data int

// The datasets.
const (
	People Data = iota // the demo's departments and accounts only
	Demo               // the whole demo: people and content
)

// Start is when the test clock stands unless a test says otherwise.
var Start = time.Date(2026, 3, 2, 1, 0, 0, 0, time.UTC)

// Options change the environment of NewWith.
type Options struct {
	Data   Data
	Start  time.Time  // zero: Start
	Config web.Config // SiteName defaults to the demo's
}

type templateKey struct {
	d     store.Dialect
	data  Data
	start time.Time
}

// templates holds the prepared databases of this test binary. It is the
// one piece of shared state of the test environment, and only test
// binaries have it.
var templates sync.Map // templateKey → *storetest.Prepared

func prepared(d store.Dialect, data Data, start time.Time) *storetest.Prepared {
	k := templateKey{d, data, start}
	if p, ok := templates.Load(k); ok {
		return p.(*storetest.Prepared)
	}
	load := demo.LoadPeople
	if data == Demo {
		load = demo.Load
	}
	p, _ := templates.LoadOrStore(k, storetest.Prepare(d, start, func(ctx context.Context, st *store.Store) error {
		_, err := load(ctx, st)
		return err
	}))
	return p.(*storetest.Prepared)
}

// Env is a real server on a real store loaded with demo data.
type Env struct {
	T     testing.TB
	St    *store.Store
	Srv   *web.Server
	TS    *httptest.Server
	Clock *storetest.Clock
	Logs  *bytes.Buffer // the server's log

	opts     Options
	template *storetest.Prepared
	dsn      string
}

// New is an environment with the demo's people on dialect d.
func New(t testing.TB, d store.Dialect) *Env { return NewWith(t, d, Options{}) }

// NewDemo is an environment with the whole demo on dialect d.
func NewDemo(t testing.TB, d store.Dialect) *Env { return NewWith(t, d, Options{Data: Demo}) }

// NewWith builds the environment o describes.
func NewWith(t testing.TB, d store.Dialect, o Options) *Env {
	t.Helper()
	if o.Start.IsZero() {
		o.Start = Start
	}
	tmpl := prepared(d, o.Data, o.Start)
	st, dsn := tmpl.OpenURL(t)
	e := serve(t, st, storetest.NewClock(o.Start), o)
	e.template, e.dsn = tmpl, dsn
	return e
}

// Instance is a second server on the same database, as a second instance
// of the program behind a load balancer: its own store connections, page
// cache and clock (starting where e's stands).
func (e *Env) Instance(t testing.TB) *Env {
	t.Helper()
	f := serve(t, e.template.Reopen(t, e.dsn), storetest.NewClock(e.Clock.Now()), e.opts)
	f.template, f.dsn = e.template, e.dsn
	return f
}

func serve(t testing.TB, st *store.Store, clock *storetest.Clock, o Options) *Env {
	t.Helper()
	st.Now = clock.Now
	logs := &bytes.Buffer{}
	if o.Config.SiteName == "" {
		o.Config.SiteName = demo.SiteName
	}
	st.SiteName = o.Config.SiteName
	svc := &auth.Service{Repo: st, Policy: auth.DefaultPolicy, Now: clock.Now, Hasher: auth.CheapHasher}
	srv, err := web.New(o.Config, st, svc, slog.New(slog.NewTextHandler(logs, nil)))
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(srv)
	t.Cleanup(ts.Close)
	return &Env{T: t, St: st, Srv: srv, TS: ts, Clock: clock, Logs: logs, opts: o}
}

// Dialects runs fn as a subtest per dialect, in parallel.
func Dialects(t *testing.T, fn func(t *testing.T, d store.Dialect)) {
	for _, d := range storetest.Dialects(t) {
		t.Run(string(d), func(t *testing.T) {
			t.Parallel()
			fn(t, d)
		})
	}
}

// Client is a browser-like HTTP client with cookies that does not follow
// redirects, so tests see them.
type Client struct {
	E    *Env
	HTTP *http.Client
	CSRF string // the CSRF token of the last page seen
}

// Client returns a new visitor.
func (e *Env) Client() *Client {
	jar, _ := cookiejar.New(nil)
	return &Client{E: e, HTTP: &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}}
}

// Response is what a request got back.
type Response struct {
	Status int
	Body   string
	Header http.Header
}

var csrfRe = regexp.MustCompile(`name="csrf" value="([^"]+)"`)

// Do sends req, remembering a CSRF token in the answer.
func (c *Client) Do(req *http.Request) Response {
	c.E.T.Helper()
	res, err := c.HTTP.Do(req)
	if err != nil {
		c.E.T.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	if m := csrfRe.FindSubmatch(b); m != nil {
		c.CSRF = string(m[1])
	}
	return Response{res.StatusCode, string(b), res.Header}
}

// NewRequest is a request to path on e's server.
func NewRequest(t testing.TB, e *Env, method, path string) *http.Request {
	t.Helper()
	req, err := http.NewRequest(method, e.TS.URL+path, nil)
	if err != nil {
		t.Fatal(err)
	}
	return req
}

// Get fetches a path.
func (c *Client) Get(path string) Response {
	req, _ := http.NewRequest("GET", c.E.TS.URL+path, nil)
	return c.Do(req)
}

// Post submits a form with the CSRF token of the last page seen.
func (c *Client) Post(path string, form url.Values) Response {
	if form == nil {
		form = url.Values{}
	}
	if _, ok := form["csrf"]; !ok {
		form.Set("csrf", c.CSRF)
	}
	req, _ := http.NewRequest("POST", c.E.TS.URL+path, strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	return c.Do(req)
}

// Login signs a demo account in through the login form.
func (e *Env) Login(username string) *Client {
	c := e.Client()
	c.Get("/admin/login")
	r := c.Post("/admin/login", url.Values{"username": {username}, "password": {demo.Password}})
	if r.Status != http.StatusSeeOther {
		e.T.Fatalf("login %s: %d %s", username, r.Status, r.Body)
	}
	c.Get("/admin/")
	return c
}

// User adds an account with the demo password, for Login and Token.
func (e *Env) User(t testing.TB, username string, dept int64, roles ...auth.Role) *auth.User {
	t.Helper()
	u := &auth.User{Username: username, Name: "测试" + username, DeptID: dept, Roles: roles}
	if err := e.St.CreateDemoUser(context.Background(), u, demo.Password); err != nil {
		t.Fatal(err)
	}
	return u
}

// Token creates an API token for a demo account.
func (e *Env) Token(username string) string {
	ctx := context.Background()
	u, err := e.St.UserByUsername(ctx, username)
	if err != nil {
		e.T.Fatal(err)
	}
	tok, err := e.St.CreateToken(ctx, "test", u.ID, "test", 0)
	if err != nil {
		e.T.Fatal(err)
	}
	return tok
}

// API sends a JSON API request with a bearer token ("" for none).
func (e *Env) API(method, path, token, body string) (int, map[string]any) {
	e.T.Helper()
	status, _, raw := e.RawAPI(method, path, token, body)
	var out map[string]any
	if len(raw) > 0 {
		if err := json.Unmarshal(raw, &out); err != nil {
			e.T.Fatalf("%s %s: not JSON (%d): %s", method, path, status, raw)
		}
	}
	return status, out
}

// RawAPI is API with the answer's headers and its body as sent.
func (e *Env) RawAPI(method, path, token, body string) (int, http.Header, []byte) {
	e.T.Helper()
	req, _ := http.NewRequest(method, e.TS.URL+path, strings.NewReader(body))
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		e.T.Fatal(err)
	}
	defer res.Body.Close()
	raw, _ := io.ReadAll(res.Body)
	return res.StatusCode, res.Header, raw
}

// ErrorCode reads the code and message of an API error body.
func ErrorCode(body map[string]any) (code, message string) {
	e, _ := body["error"].(map[string]any)
	code, _ = e["code"].(string)
	message, _ = e["message"].(string)
	return
}

// Itoa formats an id for a path.
func Itoa(n int64) string { return strconv.FormatInt(n, 10) }

// HanRe matches a Chinese character.
var HanRe = regexp.MustCompile(`\p{Han}`)

// Visitor visits an area's page templates for the every-page test: check
// fetches path as c, expects the status and marks template rendered. A page
// that only a POST renders is marked in rendered by the visitor itself.
type Visitor func(t *testing.T, e *Env, check func(c *Client, path string, want int, template string), rendered map[string]bool)

// EveryPageOnEachDialect runs EveryPageRenders on each engine, on the
// demo's people, for an area's TestEveryPageRenders.
func EveryPageOnEachDialect(t *testing.T, names []string, visitors ...Visitor) {
	Dialects(t, func(t *testing.T, d store.Dialect) {
		EveryPageRenders(t, New(t, d), names, visitors...)
	})
}

// EveryPageRenders runs the visitors and fails for each of names (the page
// templates of the area under test) that none of them rendered. Each page
// must be a Chinese page with a main landmark.
func EveryPageRenders(t *testing.T, e *Env, names []string, visitors ...Visitor) {
	rendered := map[string]bool{}
	check := func(c *Client, path string, want int, template string) {
		t.Helper()
		r := c.Get(path)
		if r.Status != want {
			t.Fatalf("GET %s: %d, want %d\n%s", path, r.Status, want, r.Body)
		}
		if !strings.Contains(r.Body, `<html lang="zh-CN"`) || !strings.Contains(r.Body, `id="main"`) || !HanRe.MatchString(r.Body) {
			t.Fatalf("GET %s: not a Chinese page with a main landmark", path)
		}
		rendered[template] = true
	}
	for _, visit := range visitors {
		visit(t, e, check, rendered)
	}
	for _, name := range names {
		if !rendered[name] {
			t.Errorf("page template %q is not rendered by any test", name)
		}
	}
}
