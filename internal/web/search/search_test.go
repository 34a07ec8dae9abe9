package search_test

import (
	"net/url"
	"strings"
	"testing"

	"gongkai/internal/store"
	"gongkai/internal/web/webtest"
)

// TestSearchPage: a citizen finds a regulation by a phrase of its text and
// by its 发文字号 typed with other brackets; no result says what to try;
// bad queries are said on the page, never a 500; the pages are accessible.
func TestSearchPage(t *testing.T) {
	webtest.Dialects(t, func(t *testing.T, d store.Dialect) {
		e := webtest.NewDemo(t, d)
		c := e.Client()
		get := func(q string) webtest.Response { return c.Get("/search?q=" + url.QueryEscape(q)) }
		r := get("飞线充电")
		if r.Status != 200 || !strings.Contains(r.Body, "菊园新区住宅小区电动自行车集中充电设施建设补助办法") || !strings.Contains(r.Body, "找到 ") {
			t.Fatalf("飞线充电: %d %s", r.Status, webtest.Alert(r.Body))
		}
		webtest.AccessibleHTML(t, "search results", r.Body)
		if !strings.Contains(r.Body, "<mark>飞线充电</mark>") {
			t.Error("the snippet does not mark the match")
		}
		if r := get("菊管规[2025]1号"); !strings.Contains(r.Body, "菊园新区既有多层住宅加装电梯补贴实施办法") {
			t.Error("a 发文字号 typed with [] is not found")
		}
		r = get("量子纠缠")
		if r.Status != 200 || !strings.Contains(r.Body, "没有找到与“量子纠缠”相关的公开信息") || !strings.Contains(r.Body, `href="/foi"`) {
			t.Fatalf("no results: %d", r.Status)
		}
		webtest.AccessibleHTML(t, "search without results", r.Body)
		for q, want := range map[string]string{
			"，。！":                    "请输入要查找的文字",
			"-电梯":                    "请至少输入一个要查找的词",
			strings.Repeat("长", 300): "不超过 200 个字",
		} {
			if r := get(q); r.Status != 400 || !strings.Contains(r.Body, want) || !strings.Contains(r.Body, `role="alert"`) {
				t.Errorf("%.12q: %d %s", q, r.Status, webtest.Alert(r.Body))
			}
		}
		if r := c.Get("/search?q=" + url.QueryEscape("电梯") + "&page=x"); r.Status != 400 {
			t.Errorf("bad page: %d", r.Status)
		}
		for _, q := range []string{`"`, `*`, `NEAR(a b)`, `tokens:x`, `'; DROP TABLE documents; --`, `a OR b AND NOT c`, "\u3000", `"""""`, `-"-"`, "(", "^年"} {
			if r := get(q); r.Status >= 500 {
				t.Errorf("%q: %d", q, r.Status)
			}
		}
		// The empty page is the form.
		if r := c.Get("/search"); r.Status != 200 || !strings.Contains(r.Body, `role="search"`) {
			t.Errorf("empty search page: %d", r.Status)
		}
	})
}

// TestSearchAPI: the API returns the hits as JSON with stable error codes.
func TestSearchAPI(t *testing.T) {
	e := webtest.NewDemo(t, store.SQLite)
	status, out := e.API("GET", "/api/v1/search?q="+url.QueryEscape("加装电梯 补贴")+"&size=5", "", "")
	if status != 200 {
		t.Fatalf("%d %v", status, out)
	}
	hits, _ := out["hits"].([]any)
	if total, _ := out["total"].(float64); total < 1 || len(hits) == 0 || len(hits) > 5 {
		t.Fatalf("search API: %v", out)
	}
	first := hits[0].(map[string]any)
	if !strings.HasPrefix(first["url"].(string), "/docs/") || first["type"] != "document" || first["title"] == "" {
		t.Errorf("hit: %v", first)
	}
	for q, code := range map[string]string{"": "empty_query", strings.Repeat("长", 300): "query_too_long", "-电梯": "only_exclusions"} {
		status, out := e.API("GET", "/api/v1/search?q="+url.QueryEscape(q), "", "")
		if got, _ := webtest.ErrorCode(out); status != 400 || got != code {
			t.Errorf("%.10q: %d %v, want 400 %s", q, status, out, code)
		}
	}
	if status, _ := e.API("GET", "/api/v1/search?q=x&size=1000", "", ""); status != 400 {
		t.Errorf("size 1000: %d", status)
	}
}
