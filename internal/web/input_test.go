package web_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"gongkai/internal/store"
	"gongkai/internal/web/webtest"
)

// TestInputLayerRefusesBadText: invalid UTF-8 and control characters in a
// path, a query, a form or a JSON body are a 400 with a Chinese message on
// both engines — never a 500 from PostgreSQL, never bytes kept by SQLite.
func TestInputLayerRefusesBadText(t *testing.T) {
	webtest.Dialects(t, func(t *testing.T, d store.Dialect) {
		e := webtest.New(t, d)
		anon := e.Client()
		for _, p := range []string{"/policies?q=%FF", "/policies?q=%00", "/docs/%FF%FE", "/docs/a%00b", "/columns/%C0%AF",
			"/api/v1/public/documents?q=%FF", "/workdays?from=2024-01-01%00&n=1"} {
			r := anon.Get(p)
			if r.Status != http.StatusBadRequest || !webtest.HanRe.MatchString(r.Body) {
				t.Errorf("GET %s: %d", p, r.Status)
			}
		}
		officer := e.Token("foi")
		for _, body := range []string{
			`{"channel":"in_person","received_on":"2026-03-02","applicant":{"kind":"person","name":"李\u0000明"}}`,
			"{\"channel\":\"in_person\",\"applicant\":{\"name\":\"\xff\xfe\"}}",
		} {
			status, out := e.API("POST", "/api/v1/foi/applications", officer, body)
			if code, _ := webtest.ErrorCode(out); status != http.StatusBadRequest || code != "invalid_text" {
				t.Errorf("JSON %q: %d %v", body, status, out)
			}
		}
		c := e.Login("admin")
		r := c.Post("/admin/departments", url.Values{"code": {"nul-1"}, "name": {"部门\x00名"}})
		if r.Status != http.StatusBadRequest || !strings.Contains(r.Body, "无效字符") {
			t.Errorf("form with NUL: %d", r.Status)
		}
		// Newlines and tabs are text.
		if r := anon.Get("/policies?q=" + url.QueryEscape("加装电梯")); r.Status != 200 {
			t.Errorf("a clean query: %d", r.Status)
		}
	})
}

// FuzzPublicRequests sends arbitrary paths and queries to the real server
// (SQLite): whatever arrives, the answer is never a server error.
func FuzzPublicRequests(f *testing.F) {
	for _, s := range []string{"/policies?q=%FF", "/docs/%FF%FE", "/columns/zwdt?page=2", "/api/v1/public/documents?size=0", "/xxgk/catalog/%00", "/workdays?from=2099-13-40&n=-1"} {
		f.Add(s)
	}
	e := webtest.New(f, store.SQLite)
	f.Fuzz(func(t *testing.T, path string) {
		if !strings.HasPrefix(path, "/") || strings.HasPrefix(path, "//") || strings.ContainsAny(path, " #\r\n") {
			return
		}
		u, err := url.ParseRequestURI(path)
		if err != nil {
			return
		}
		req, err := http.NewRequest("GET", e.TS.URL+u.RequestURI(), nil)
		if err != nil {
			return
		}
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			return
		}
		res.Body.Close()
		if res.StatusCode >= 500 {
			t.Errorf("GET %q: %d", path, res.StatusCode)
		}
	})
}
