package web_test

import (
	"strings"
	"testing"

	"gongkai/internal/store"
	"gongkai/internal/web"
	"gongkai/internal/web/webtest"
)

// TestWebStandards: robots.txt names the sitemap, the favicon exists, every
// page has a meta description (a document's is its summary), the security
// headers are there (HSTS only behind HTTPS).
func TestWebStandards(t *testing.T) {
	e := webtest.NewDemo(t, store.SQLite)
	c := e.Client()
	r := c.Get("/robots.txt")
	if r.Status != 200 || !strings.Contains(r.Body, "Sitemap: "+e.TS.URL+"/sitemap.xml") || !strings.Contains(r.Body, "Disallow: /admin/") {
		t.Errorf("robots.txt: %d %q", r.Status, r.Body)
	}
	if r := c.Get("/favicon.ico"); r.Status != 301 || r.Header.Get("Location") != "/static/favicon.svg" {
		t.Errorf("favicon.ico: %d %s", r.Status, r.Header.Get("Location"))
	}
	if r := c.Get("/static/favicon.svg"); r.Status != 200 || !strings.Contains(r.Header.Get("Content-Type"), "svg") {
		t.Errorf("favicon: %d %s", r.Status, r.Header.Get("Content-Type"))
	}
	home := c.Get("/")
	if !strings.Contains(home.Body, `<meta name="description" content="`) || !strings.Contains(home.Body, `rel="icon"`) {
		t.Error("home page without meta description or icon")
	}
	doc := c.Get("/docs/00001434-9/2024-00000030")
	if !strings.Contains(doc.Body, `<meta name="description" content="明确2024年菊园新区政务公开工作的总体要求`) {
		t.Error("a document's meta description is not its summary")
	}
	if !strings.Contains(home.Header.Get("Permissions-Policy"), "camera=()") || home.Header.Get("Strict-Transport-Security") != "" {
		t.Errorf("headers over plain HTTP: %v", home.Header)
	}
	https := webtest.NewWith(t, store.SQLite, webtest.Options{Config: web.Config{SecureCookie: true}})
	if got := https.Client().Get("/").Header.Get("Strict-Transport-Security"); !strings.Contains(got, "max-age=") {
		t.Errorf("HSTS behind HTTPS: %q", got)
	}
}

// TestAbsoluteLinksTrustOnlyKnownHosts: without a base URL, feeds and the
// sitemap name the request's host only when it is a configured one, so a
// forged Host header cannot plant another address (nor fill the cache
// with variants).
func TestAbsoluteLinksTrustOnlyKnownHosts(t *testing.T) {
	e := webtest.NewWith(t, store.SQLite, webtest.Options{Data: webtest.Demo, Config: web.Config{Hosts: []string{"www.jyxq.example"}}})
	for host, want := range map[string]string{"www.jyxq.example": "http://www.jyxq.example/", "evil.example": "http://www.jyxq.example/"} {
		req := webtest.NewRequest(t, e, "GET", "/sitemap.xml")
		req.Host = host
		r := e.Client().Do(req)
		if r.Status != 200 || !strings.Contains(r.Body, "<loc>"+want) || strings.Contains(r.Body, "evil.example") {
			t.Errorf("Host %s: %d, links not under %s", host, r.Status, want)
		}
	}
}
