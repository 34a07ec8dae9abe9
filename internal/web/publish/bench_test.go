package publish_test

import (
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"gongkai/internal/demo"
	"gongkai/internal/store"
	"gongkai/internal/web/webtest"
)

// benchEnv builds the same real server the tests use, on SQLite.
func benchEnv(b *testing.B) *webtest.Env { return webtest.New(b, store.SQLite) }

// BenchmarkHomePage renders the portal home page through the whole router
// (middleware, calendar from the store, template).
func BenchmarkHomePage(b *testing.B) {
	e := benchEnv(b)
	req := httptest.NewRequest("GET", "/", nil)
	b.ReportAllocs()
	for b.Loop() {
		w := httptest.NewRecorder()
		e.Srv.ServeHTTP(w, req)
		if w.Code != 200 {
			b.Fatal(w.Code)
		}
	}
}

// BenchmarkLogin is one successful staff login: argon2id verification plus
// the session insert and its audit event.
func BenchmarkLogin(b *testing.B) {
	e := benchEnv(b)
	c := e.Client()
	c.Get("/admin/login")
	form := url.Values{"username": {"editor"}, "password": {demo.Password}, "csrf": {c.CSRF}}.Encode()
	cookies := c.HTTP.Jar.Cookies(mustURL(e.TS.URL))
	b.ReportAllocs()
	for b.Loop() {
		req := httptest.NewRequest("POST", "/admin/login", strings.NewReader(form))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		for _, ck := range cookies {
			req.AddCookie(ck)
		}
		w := httptest.NewRecorder()
		e.Srv.ServeHTTP(w, req)
		if w.Code != http.StatusSeeOther {
			b.Fatal(w.Code, w.Body.String())
		}
	}
}

func mustURL(s string) *url.URL {
	u, err := url.Parse(s)
	if err != nil {
		panic(err)
	}
	return u
}

// benchDemo is a server on SQLite with the whole demo loaded.
func benchDemo(b *testing.B) *webtest.Env { return webtest.NewDemo(b, store.SQLite) }

func benchGet(b *testing.B, e *webtest.Env, path string) {
	req := httptest.NewRequest("GET", path, nil)
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		w := httptest.NewRecorder()
		e.Srv.ServeHTTP(w, req)
		if w.Code != 200 {
			b.Fatal(path, w.Code)
		}
	}
}

// BenchmarkDocumentPage renders the seed document's page (metadata table,
// body of about 4,000 characters) from the store.
func BenchmarkDocumentPage(b *testing.B) {
	benchGet(b, benchDemo(b), "/docs/00001434-9/2024-00000030")
}

// BenchmarkColumnPage renders the first page of a column list.
func BenchmarkColumnPage(b *testing.B) { benchGet(b, benchDemo(b), "/columns/zwdt") }

// BenchmarkPolicyLibrary renders the policy library with a filter.
func BenchmarkPolicyLibrary(b *testing.B) { benchGet(b, benchDemo(b), "/policies?validity=valid") }

// BenchmarkPublicAPIList serves the public JSON list of 20 documents.
func BenchmarkPublicAPIList(b *testing.B) { benchGet(b, benchDemo(b), "/api/v1/public/documents") }
