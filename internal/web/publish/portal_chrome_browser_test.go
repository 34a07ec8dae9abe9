package publish_test

import (
	"context"
	"net/url"
	"testing"

	"github.com/chromedp/chromedp"

	"gongkai/internal/browsertest"
	"gongkai/internal/demo"
	"gongkai/internal/publish"
	"gongkai/internal/web/webtest"
)

// TestBrowserPortalChrome audits the portal's chrome in a real browser:
// the full footer on the home page, the human sitemap, the accessibility
// statement and a point's signage screen at 1280 px; then the phone
// layout at 390 px — the menu closed behind its button and opening without
// script, the document's metadata one label above its value, and in 长辈版
// headlines that wrap instead of being cut.
func TestBrowserPortalChrome(t *testing.T) {
	e := webtest.BrowserServer(t)
	info := publish.SiteInfo{Sponsor: demo.Organ, Operator: "菊园新区党政办公室", Address: "上海市嘉定区菊园新区（示例地址）",
		Postcode: "000000", Phone: "021-00000000", SiteCode: "3101149999", ICP: "沪ICP备00000000号-9",
		Police: "沪公网安备 31011400000000号", ConacURL: "https://bszs.conac.cn/sitename?method=show&id=TEST"}
	if err := e.St.SetSiteInfo(context.Background(), "test", info); err != nil {
		t.Fatal(err)
	}
	ctx := browsertest.Browser(t)
	doc := "/docs/00001434-9/2024-00000030"
	webtest.AuditPages(t, ctx, e.Base, false, []webtest.BrowserPage{
		{Name: "home-footer", Path: "/", Status: 200, Sel: `footer a.conac`, Shot: "chrome-home-1280"},
		{Name: "document", Path: doc, Status: 200, Sel: `table.doc-meta`, Shot: "chrome-doc-1280"},
		{Name: "sitemap", Path: "/sitemap.html", Status: 200, Sel: `.sitemap a[href^="/columns/"]`, Shot: "chrome-sitemap"},
		{Name: "accessibility", Path: "/accessibility", Status: 200, Sel: `.statement h2`},
		{Name: "not-found", Path: "/no-such-page", Status: 404, Sel: `.error-next a[href="/sitemap.html"]`},
	})
	// The signage screen turns its pages by script, with a button that
	// pauses the turning (WCAG 2.2.1), and is clean under axe-core.
	t.Run("signage", func(t *testing.T) {
		if status := webtest.Go(t, ctx, e.Base+"/points/dzp-yx?mode=signage&key="+url.QueryEscape(demo.PointKey)); status != 200 {
			t.Fatalf("signage: %d", status)
		}
		if webtest.Count(t, ctx, ".signage-title") == 0 || webtest.Count(t, ctx, `a.signage-stop`) != 1 || webtest.Count(t, ctx, `a.signage-next[rel=next]`) != 1 {
			t.Error("signage screen without items, its next link or its link to the kiosk pages")
		}
		if webtest.Count(t, ctx, `button.signage-pause[aria-pressed="false"]`) != 1 {
			t.Fatal("signage screen without its pause button")
		}
		if _, err := chromedp.Run(ctx, chromedp.Click(chromedp.CSS("button.signage-pause"))); err != nil {
			t.Fatal(err)
		}
		if webtest.Count(t, ctx, `button.signage-pause[aria-pressed="true"]`) != 1 {
			t.Error("the pause button does not pause")
		}
		webtest.Accessible(t, ctx, "signage")
		webtest.Screenshot(t, ctx, "chrome-signage")
	})
	// On a wide screen the menu is the plain list.
	webtest.Go(t, ctx, e.Base+"/")
	if !webtest.Eval[bool](t, ctx, `getComputedStyle(document.querySelector('.nav-wide')).display !== 'none' && getComputedStyle(document.querySelector('.nav-narrow')).display === 'none'`) {
		t.Error("at 1280 px the menu is not the plain list")
	}

	if _, err := chromedp.Run(ctx, chromedp.EmulateViewport(390, 844)); err != nil {
		t.Fatal(err)
	}
	t.Run("phone", func(t *testing.T) {
		webtest.Go(t, ctx, e.Base+"/")
		// checkVisibility also sees the content of a closed <details>.
		visible := `(sel) => document.querySelector(sel).checkVisibility({contentVisibilityAuto: true, visibilityProperty: true})`
		shown := func(sel string) bool {
			return webtest.Eval[bool](t, ctx, `(`+visible+`)(`+webtest.JS(sel)+`)`)
		}
		if shown(".nav-wide") || !shown(".nav-narrow summary") {
			t.Fatal("at 390 px the menu is not behind its button")
		}
		if shown(`.nav-narrow a[href="/policies"]`) {
			t.Error("at 390 px the menu starts open")
		}
		if w := webtest.Eval[int](t, ctx, `document.documentElement.scrollWidth`); w > 390 {
			t.Errorf("home page is %d px wide at 390 px", w)
		}
		webtest.Accessible(t, ctx, "phone home, menu closed")
		webtest.Screenshot(t, ctx, "chrome-home-390")
		// A click on the button, no script of ours involved (it opens in place).
		if _, err := chromedp.Run(ctx, chromedp.Click(chromedp.CSS(".nav-narrow summary"))); err != nil {
			t.Fatal(err)
		}
		if !shown(`.nav-narrow a[href="/policies"]`) {
			t.Error("the menu button does not open the menu")
		}
		webtest.Accessible(t, ctx, "phone home, menu open")

		webtest.Go(t, ctx, e.Base+doc)
		// Each label sits above its value, at the same left edge.
		stacked := webtest.Eval[bool](t, ctx, `(() => {
			const th = document.querySelector('.doc-meta th'), td = th.nextElementSibling;
			const a = th.getBoundingClientRect(), b = td.getBoundingClientRect();
			return b.top >= a.bottom - 1 && Math.abs(a.left - b.left) < 2;
		})()`)
		if !stacked {
			t.Error("at 390 px the metadata table is not one label above its value")
		}
		if w := webtest.Eval[int](t, ctx, `document.documentElement.scrollWidth`); w > 390 {
			t.Errorf("document page is %d px wide at 390 px", w)
		}
		webtest.Accessible(t, ctx, "phone document")
		webtest.Screenshot(t, ctx, "chrome-doc-390")

		webtest.SetElder(t, ctx, e.Base, "/", true)
		cut := webtest.Eval[int](t, ctx, `[...document.querySelectorAll('.latest-list a')].filter(a => a.scrollWidth > a.clientWidth + 1).length`)
		n := webtest.Count(t, ctx, ".latest-list a")
		if n == 0 || cut > 0 {
			t.Errorf("长辈版 at 390 px: %d of %d headlines cut", cut, n)
		}
		webtest.Accessible(t, ctx, "phone home, 长辈版")
		webtest.Screenshot(t, ctx, "chrome-home-390-elder")
		webtest.SetElder(t, ctx, e.Base, "/", false)
	})
}
