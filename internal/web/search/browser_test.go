package search_test

import (
	"net/url"
	"testing"

	"github.com/chromedp/chromedp"

	"gongkai/internal/browsertest"
	"gongkai/internal/web/webtest"
)

// TestBrowserSearch audits the search pages with axe-core in both modes —
// results with facets, no results, the catalog and guide block, a
// refused filter — and the results on a phone: one column, no sideways
// scrolling, the filters folded behind their summary.
func TestBrowserSearch(t *testing.T) {
	e := webtest.BrowserServer(t)
	ctx := browsertest.Browser(t)
	q := func(s string) string { return "/search?q=" + url.QueryEscape(s) }
	webtest.AuditBothModes(t, ctx, e.Base, []webtest.BrowserPage{
		{Name: "form", Path: "/search", Status: 200, Sel: `form[role=search] #s-q`},
		{Name: "results", Path: q("政务公开"), Status: 200, Sel: `.facets a`, Shot: "search-results"},
		{Name: "zero", Path: q("量子纠缠"), Status: 200, Sel: `a[href="/foi"]`, Shot: "search-zero"},
		{Name: "guide", Path: q("公开指南"), Status: 200, Sel: `.search-other a[href="/xxgk/guide"]`},
		{Name: "filtered", Path: q("政务公开") + "&year_from=2025&year_to=2025&sort=date", Status: 200, Sel: `details.search-filters[open]`},
		{Name: "bad-range", Path: q("政务公开") + "&year_from=2025&year_to=2024", Status: 400, Sel: `.error-box[role=alert]`},
	})
	if _, err := chromedp.Run(ctx, chromedp.EmulateViewport(390, 844)); err != nil {
		t.Fatal(err)
	}
	webtest.Go(t, ctx, e.Base+q("政务公开"))
	if w := webtest.Eval[int](t, ctx, `document.documentElement.scrollWidth`); w > 390 {
		t.Errorf("results are %d px wide at 390 px", w)
	}
	if open := webtest.Eval[bool](t, ctx, `document.querySelector('details.search-filters').open`); open {
		t.Error("at 390 px the filters start open without a filter chosen")
	}
	// One column: the facets come below the results, not beside them.
	if below := webtest.Eval[bool](t, ctx, `document.querySelector('.facets').getBoundingClientRect().top > document.querySelector('.search-results').getBoundingClientRect().top`); !below {
		t.Error("at 390 px the facets are not below the results")
	}
	webtest.Accessible(t, ctx, "search results at 390 px")
	webtest.Screenshot(t, ctx, "search-results-390")
	// The staff's dashboard, after those searches, with a refused table.
	if _, err := chromedp.Run(ctx, chromedp.EmulateViewport(1280, 900)); err != nil {
		t.Fatal(err)
	}
	webtest.BrowserLogin(t, ctx, e.Base, "supervisor")
	// The 政务公开办 reaches it from the back office's menu.
	webtest.Go(t, ctx, e.Base+"/admin/")
	if webtest.Count(t, ctx, `.nav-wide a[href="/admin/search"]`) != 1 {
		t.Error("the back office's menu has no link to the search dashboard")
	}
	webtest.AuditPages(t, ctx, e.Base, false, []webtest.BrowserPage{
		{Name: "dashboard", Path: "/admin/search", Status: 200, Sel: `#syn`, Shot: "search-dashboard"},
	})
	if n := webtest.Count(t, ctx, `#h-top ~ table tbody tr`); n == 0 {
		t.Error("the dashboard lists no query after the searches above")
	}
}
