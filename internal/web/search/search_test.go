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
			"，。！":                      "请输入要查找的文字",
			"-电梯":                      "请至少输入一个要查找的词",
			strings.Repeat("长", 300):   "不超过 200 个字",
			strings.Repeat("长", 10000): "不超过 200 个字",
			strings.Repeat("a ", 5000): "不超过 200 个字",
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

func apiHits(t *testing.T, out map[string]any) []map[string]any {
	t.Helper()
	raw, _ := out["hits"].([]any)
	hits := make([]map[string]any, len(raw))
	for i, h := range raw {
		hits[i] = h.(map[string]any)
	}
	return hits
}

// TestSearchFiltersAndFacets: filters narrow, facets count the results,
// date order is newest first, synonyms find each other, and every bad
// filter is a 400 with its code and field.
func TestSearchFiltersAndFacets(t *testing.T) {
	e := webtest.NewDemo(t, store.SQLite)
	get := func(query string) map[string]any {
		t.Helper()
		status, out := e.API("GET", "/api/v1/search?"+query, "", "")
		if status != 200 {
			t.Fatalf("%s: %d %v", query, status, out)
		}
		return out
	}
	all := get("q=" + url.QueryEscape("政务公开") + "&size=100")
	total := int(all["total"].(float64))
	facets := all["facets"].(map[string]any)
	genres := facets["genre"].([]any)
	if total < 5 || len(genres) < 2 || all["total_relation"] != "eq" {
		t.Fatalf("政务公开: total %d, genres %v", total, genres)
	}
	sum := 0
	for _, g := range genres {
		sum += int(g.(map[string]any)["count"].(float64))
	}
	if sum != total {
		t.Errorf("genre facet counts %d, total %d", sum, total)
	}
	// Choosing a facet's value gives as many hits as it counted.
	g0 := genres[0].(map[string]any)
	narrowed := get("q=" + url.QueryEscape("政务公开") + "&size=100&genre=" + g0["value"].(string))
	if int(narrowed["total"].(float64)) != int(g0["count"].(float64)) || g0["label"] == "" {
		t.Errorf("genre %v: %v hits", g0, narrowed["total"])
	}
	// Year range.
	ranged := get("q=" + url.QueryEscape("政务公开") + "&size=100&year_from=2025&year_to=2025")
	for _, h := range apiHits(t, ranged) {
		if !strings.HasPrefix(h["published_on"].(string), "2025-") {
			t.Errorf("year 2025 range: %v", h)
		}
	}
	if n := int(ranged["total"].(float64)); n == 0 || n >= total {
		t.Errorf("year range total %d of %d", n, total)
	}
	// Date order.
	dated := apiHits(t, get("q="+url.QueryEscape("政务公开")+"&size=100&sort=date"))
	for i := 1; i < len(dated); i++ {
		if dated[i]["published_on"].(string) > dated[i-1]["published_on"].(string) {
			t.Errorf("date order: %v after %v", dated[i]["published_on"], dated[i-1]["published_on"])
		}
	}
	// Relevance: a title match leads a body match.
	rel := apiHits(t, get("q="+url.QueryEscape("加装电梯")+"&size=100"))
	if len(rel) < 2 || !strings.Contains(rel[0]["title"].(string), "加装电梯") {
		t.Errorf("relevance: %v", rel)
	}
	// The demo's synonym table: 增设电梯 finds the 加装电梯 documents.
	syn := get("q=" + url.QueryEscape("增设电梯"))
	if len(apiHits(t, syn)) == 0 || !strings.Contains(apiHits(t, syn)[0]["title"].(string), "加装电梯") {
		t.Errorf("synonym 增设电梯: %v", syn["hits"])
	}
	for query, want := range map[string][2]string{
		"q=a&genre=nosuch":                   {"invalid_genre", "genre"},
		"q=a&theme=99.99":                    {"invalid_theme", "theme"},
		"q=a&organ=nosuch":                   {"invalid_organ", "organ"},
		"q=a&validity=forever":               {"invalid_validity", "validity"},
		"q=a&year_from=24":                   {"invalid_year", "year_from"},
		"q=a&year_from=2025&year_to=2024":    {"invalid_year_range", "year_to"},
		"q=a&sort=random":                    {"invalid_sort", "sort"},
		"q=a&type=letter":                    {"invalid_type", "type"},
		"q=" + url.QueryEscape("，") + "&x=1": {"empty_query", "q"},
	} {
		status, out := e.API("GET", "/api/v1/search?"+query, "", "")
		code, _ := webtest.ErrorCode(out)
		field, _ := out["error"].(map[string]any)["field"].(string)
		if status != 400 || code != want[0] || field != want[1] {
			t.Errorf("%s: %d %s %s, want 400 %s %s", query, status, code, field, want[0], want[1])
		}
	}
	// The page: filters chosen show in the form, facets link, accessible.
	c := e.Client()
	r := c.Get("/search?q=" + url.QueryEscape("政务公开") + "&genre=" + g0["value"].(string))
	if r.Status != 200 || !strings.Contains(r.Body, `aria-current="true"`) || !strings.Contains(r.Body, "缩小范围") {
		t.Fatalf("filtered page: %d %s", r.Status, webtest.Alert(r.Body))
	}
	webtest.AccessibleHTML(t, "filtered search", r.Body)
	if r := c.Get("/search?q=a&year_from=2025&year_to=2024"); r.Status != 400 || !strings.Contains(r.Body, "结束年份不能早于起始年份") {
		t.Errorf("bad range on the page: %d %s", r.Status, webtest.Alert(r.Body))
	}
}

// TestSearchDashboard: staff see the week's queries and the ones without
// results, without personal data; the synonym table is edited there and
// bad lines are refused with their line number.
func TestSearchDashboard(t *testing.T) {
	e := webtest.NewDemo(t, store.SQLite)
	c := e.Client()
	for _, q := range []string{"加装电梯", "加装电梯", "量子纠缠", "电话13812345678", "a@b.cn 电梯"} {
		c.Get("/search?q=" + url.QueryEscape(q))
	}
	if r := c.Get("/admin/search"); r.Status == 200 {
		t.Fatal("the dashboard is public")
	}
	sup := e.Login("supervisor")
	r := sup.Get("/admin/search")
	if r.Status != 200 {
		t.Fatalf("dashboard: %d", r.Status)
	}
	webtest.AccessibleHTML(t, "search dashboard", r.Body)
	for _, want := range []string{"<td>加装电梯</td><td>2</td>", "<td>量子纠缠</td><td>1</td>", "电话＊"} {
		if !strings.Contains(r.Body, want) {
			t.Errorf("dashboard lacks %s", want)
		}
	}
	for _, leak := range []string{"13812345678", "a@b.cn"} {
		if strings.Contains(r.Body, leak) {
			t.Errorf("dashboard shows %s", leak)
		}
	}
	bad := sup.Post("/admin/search/synonyms", url.Values{"synonyms": {"加装电梯 增设电梯\n孤词\n" + strings.Repeat("长", 21) + " 短"}})
	if bad.Status != 400 || !strings.Contains(bad.Body, "第 2 行") || !strings.Contains(bad.Body, "孤词") {
		t.Errorf("bad synonyms: %d %s", bad.Status, webtest.Alert(bad.Body))
	}
	if r := sup.Post("/admin/search/synonyms", url.Values{"synonyms": {"飞线充电 私拉电线"}}); r.Status != 303 {
		t.Fatalf("save synonyms: %d %s", r.Status, webtest.Alert(r.Body))
	}
	status, out := e.API("GET", "/api/v1/search?q="+url.QueryEscape("私拉电线"), "", "")
	if status != 200 || len(apiHits(t, out)) == 0 {
		t.Errorf("the new synonym finds nothing: %d %v", status, out)
	}
	if r := sup.Get("/admin/search"); !strings.Contains(r.Body, ">飞线充电 私拉电线</textarea>") {
		t.Error("the dashboard does not show the saved table")
	}
}

// TestSearchCatalogAndPages: the standard catalog's items and the guide
// pages are found too, apart from the documents, and by type.
func TestSearchCatalogAndPages(t *testing.T) {
	e := webtest.NewDemo(t, store.SQLite)
	r := e.Client().Get("/search?q=" + url.QueryEscape("公开指南"))
	if r.Status != 200 || !strings.Contains(r.Body, `href="/xxgk/guide"`) || !strings.Contains(r.Body, "公开目录与指南") {
		t.Fatalf("公开指南: %d %s", r.Status, webtest.Alert(r.Body))
	}
	webtest.AccessibleHTML(t, "search with pages", r.Body)
	status, out := e.API("GET", "/api/v1/search?type=page&q="+url.QueryEscape("公开指南"), "", "")
	hits := apiHits(t, out)
	if status != 200 || len(hits) != 1 || hits[0]["type"] != "page" || hits[0]["url"] != "/xxgk/guide" {
		t.Errorf("type=page: %d %v", status, out)
	}
	status, out = e.API("GET", "/api/v1/search?type=catalog&q="+url.QueryEscape("财政预决算"), "", "")
	hits = apiHits(t, out)
	if status != 200 || len(hits) == 0 || hits[0]["type"] != "catalog" || !strings.HasPrefix(hits[0]["url"].(string), "/xxgk/catalog/") {
		t.Errorf("type=catalog: %d %v", status, out)
	}
	// The document search counts the other kinds in its type facet.
	_, out = e.API("GET", "/api/v1/search?q="+url.QueryEscape("财政预决算"), "", "")
	types := out["facets"].(map[string]any)["type"].([]any)
	if len(types) < 2 || types[1].(map[string]any)["value"] != "catalog" {
		t.Errorf("type facet: %v", types)
	}
}
