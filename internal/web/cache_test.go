package web_test

import (
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"gongkai/internal/calendar"
	"gongkai/internal/publish"
	"gongkai/internal/store"
	"gongkai/internal/web/webtest"
)

// TestPublicPagesAreCookieFree: no public page, feed, sitemap, API answer
// or static file sets a cookie; only the pages with a form that posts
// (formPages) and the back office's login do.
func TestPublicPagesAreCookieFree(t *testing.T) {
	e := webtest.NewDemo(t, store.SQLite)
	pages := crawl(t, e, 300)
	if len(pages) < 80 {
		t.Fatalf("crawled only %d pages", len(pages))
	}
	anon := e.Client()
	for u := range pages {
		r := anon.Get(u)
		if slices.ContainsFunc(formPages, func(p string) bool { return strings.HasPrefix(u, p) }) {
			continue
		}
		if c := r.Header.Get("Set-Cookie"); c != "" {
			t.Errorf("GET %s sets a cookie: %s", u, c)
		}
	}
	for _, u := range []string{"/foi/apply", "/foi/track", "/hudong/write", "/hudong/track"} {
		if r := e.Client().Get(u); !strings.Contains(r.Header.Get("Set-Cookie"), "gk_csrf=") {
			t.Errorf("the form page %s carries no CSRF cookie", u)
		}
	}
}

// formPages are the paths (prefixes) of the public pages with a form that
// posts (the portalForm block of routes.go): they carry a CSRF cookie.
var formPages = []string{"/foi/apply", "/foi/track", "/hudong/write", "/hudong/track", "/hudong/polls/", "/hudong/events/", "/hudong/solicitations/"}

// TestCacheFollowsEveryPublicChange warms the page cache of a second
// instance on the same database, changes public content through the
// first — publishing, withdrawing, revising, renaming a column, renaming a
// theme — and checks that the second instance shows each change at once.
func TestCacheFollowsEveryPublicChange(t *testing.T) {
	webtest.Dialects(t, func(t *testing.T, d store.Dialect) {
		a := webtest.NewDemo(t, d)
		b := a.Instance(t)
		visitor := b.Client()
		get := func(path string) string {
			t.Helper()
			first, again := visitor.Get(path), visitor.Get(path)
			if first.Status != 200 || again.Body != first.Body {
				t.Fatalf("GET %s: %d, the cached copy differs", path, first.Status)
			}
			return first.Body
		}
		editor, _ := a.St.UserByUsername(ctx, "editor")
		reviewer, _ := a.St.UserByUsername(ctx, "reviewer")
		col, err := a.St.ColumnByCode(ctx, "tzgg")
		if err != nil {
			t.Fatal(err)
		}
		version := func(id int64) int64 {
			doc, err := a.St.Document(ctx, id)
			if err != nil {
				t.Fatal(err)
			}
			return doc.Version
		}
		must := func(err error) {
			t.Helper()
			if err != nil {
				t.Fatal(err)
			}
		}
		stamp := strconv.FormatInt(time.Now().UnixNano()%1e9, 36)
		content := func(title string) publish.Content {
			return publish.Content{Title: title, OrganIDs: []int64{editor.DeptID}, WrittenOn: calendar.MustParse("2026-02-27"),
				Theme: "02.01", Genre: "tongzhi", Attribute: publish.Active, ColumnIDs: []int64{col.ID}, Body: "<p>缓存测试正文。</p>"}
		}
		publishDoc := func(id int64) {
			must(a.St.SubmitDocument(ctx, editor, id, version(id)))
			must(a.St.ReviewDocument(ctx, reviewer, id, version(id), true, "", time.Time{}))
		}
		column := "/columns/tzgg"

		// Publishing.
		title := "缓存测试-新发布-" + stamp
		if strings.Contains(get(column), title) {
			t.Fatal("the document is listed before it exists")
		}
		doc, err := a.St.CreateDocument(ctx, editor, content(title))
		must(err)
		publishDoc(doc.ID)
		if !strings.Contains(get(column), title) || !strings.Contains(get("/"), title) {
			t.Fatal("a published document is missing from the other instance's cached pages")
		}
		pub, err := a.St.Document(ctx, doc.ID)
		must(err)
		page := "/docs/" + pub.IndexNumber

		// Revising: the approved revision replaces the text everywhere.
		get(page)
		revised := "缓存测试-修订后-" + stamp
		must(a.St.ReviseDocument(ctx, editor, doc.ID, version(doc.ID)))
		must(a.St.SaveDraft(ctx, editor, doc.ID, version(doc.ID), content(revised), "修订标题"))
		publishDoc(doc.ID)
		if body := get(page); !strings.Contains(body, revised) || strings.Contains(body, title) {
			t.Error("the revised text is not on the other instance's document page")
		}
		if !strings.Contains(get(column), revised) {
			t.Error("the revised title is not in the column list")
		}

		// Withdrawing.
		must(a.St.WithdrawDocument(ctx, reviewer, doc.ID, version(doc.ID), publish.WithdrawError, 0, "缓存测试"))
		if strings.Contains(get(column), revised) || strings.Contains(get("/"), revised) {
			t.Error("a withdrawn document is still on the other instance's cached pages")
		}
		if r := visitor.Get(page); r.Status != http.StatusNotFound {
			t.Errorf("withdrawn document page: %d", r.Status)
		}

		// Renaming a column.
		get("/xxgk")
		col.Name = "通知公告（缓存测试）"
		must(a.St.SaveColumn(ctx, "test", col))
		if !strings.Contains(get("/xxgk"), col.Name) || !strings.Contains(get(column), col.Name) {
			t.Error("a renamed column keeps its old name on the other instance")
		}

		// Renaming a theme.
		get("/policies")
		must(a.St.SaveTheme(ctx, "test", publish.Theme{Code: "02.01", Name: "缓存测试主题-" + stamp, Active: true}))
		if !strings.Contains(get("/policies"), "缓存测试主题-"+stamp) {
			t.Error("a renamed theme keeps its old name in the other instance's policy library")
		}
	})
}

// TestPageCacheKeys: the cache keys on the route's own parameters in a
// fixed order; anything else (an unknown parameter, the free-text q, a
// flash message to show) is answered without it, so nobody can fill the
// cache through the query string. Each encoding has its own strong ETag,
// and Last-Modified is never before the start of today.
func TestPageCacheKeys(t *testing.T) {
	e := webtest.NewDemo(t, store.SQLite)
	c := e.Client()
	get := func(path string, hdr ...string) webtest.Response {
		t.Helper()
		req := webtest.NewRequest(t, e, "GET", path)
		for i := 0; i+1 < len(hdr); i += 2 {
			req.Header.Set(hdr[i], hdr[i+1])
		}
		r := c.Do(req)
		if r.Status != 200 {
			t.Fatalf("GET %s: %d", path, r.Status)
		}
		return r
	}
	a, b := get("/policies?theme=02&page=2"), get("/policies?page=2&theme=02")
	if a.Header.Get("ETag") == "" || a.Header.Get("ETag") != b.Header.Get("ETag") {
		t.Errorf("one page, two parameter orders: %q %q", a.Header.Get("ETag"), b.Header.Get("ETag"))
	}
	for _, p := range []string{"/?x=1", "/policies?q=" + url.QueryEscape("加装电梯"), "/policies?page=1&page=2"} {
		if r := get(p); r.Header.Get("ETag") != "" {
			t.Errorf("GET %s was served from the cache", p)
		}
	}
	if r := get("/", "Cookie", "gk_flash=saved"); r.Header.Get("ETag") != "" {
		t.Error("a page with a flash message to show was served from the cache")
	}
	// (Go's client asks for gzip itself unless told otherwise.)
	plain, zipped := get("/", "Accept-Encoding", "identity"), get("/", "Accept-Encoding", "gzip")
	if zipped.Header.Get("Content-Encoding") != "gzip" || zipped.Header.Get("ETag") == plain.Header.Get("ETag") ||
		!strings.HasSuffix(zipped.Header.Get("ETag"), `-gz"`) {
		t.Errorf("gzip ETag %q, plain %q", zipped.Header.Get("ETag"), plain.Header.Get("ETag"))
	}
	req := webtest.NewRequest(t, e, "GET", "/")
	req.Header.Set("Accept-Encoding", "gzip")
	req.Header.Set("If-None-Match", plain.Header.Get("ETag"))
	if r := c.Do(req); r.Status == http.StatusNotModified {
		t.Error("the plain body's ETag validated the gzip body")
	}
	lm, err := http.ParseTime(plain.Header.Get("Last-Modified"))
	today := calendar.Today(e.Clock.Now())
	start := time.Date(today.Year, today.Month, today.Day, 0, 0, 0, 0, calendar.Zone)
	if err != nil || lm.Before(start) {
		t.Errorf("Last-Modified %s is before the start of today %s", plain.Header.Get("Last-Modified"), start)
	}
}
