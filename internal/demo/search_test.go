package demo_test

import (
	"context"
	"slices"
	"testing"

	"gongkai/internal/demo"
	"gongkai/internal/search"
	"gongkai/internal/store"
	"gongkai/internal/store/storetest"
)

// demoQueries are searches over the demo corpus with a document each must
// find (by title); the hits of every query must be the same on both
// stores.
var demoQueries = map[string]string{
	"飞线充电":         "菊园新区住宅小区电动自行车集中充电设施建设补助办法", // in the regulation's text, not its title
	"加装电梯 补贴":      "菊园新区既有多层住宅加装电梯补贴实施办法",
	"菊管规[2025]1号":  "菊园新区既有多层住宅加装电梯补贴实施办法",
	"菊管规（2026）1号":  "菊园新区住宅小区电动自行车集中充电设施建设补助办法",
	"2024年":        "2024年菊园新区政务公开工作要点",
	"抽查":           "", // two characters inside longer words; compared across stores
	"垃圾分类 -2026":   "关于进一步加强菊园新区居民区生活垃圾分类工作的实施意见",
	"\"政务公开工作要点\"": "2024年菊园新区政务公开工作要点",
	"征兵":           "关于做好2026年下半年征兵报名工作的通告",
	"犬":            "关于开展文明养犬宣传和犬只狂犬病免疫工作的通告",
	"预算":           "菊园新区管委会2026年部门预算",
}

// demoFirst are queries whose first hit must be the given document: a
// 发文字号 typed with other brackets or spaces leads its results.
var demoFirst = map[string]string{
	"菊管发(2026)4号":   "关于进一步加强菊园新区居民区生活垃圾分类工作的实施意见（2026年修订）",
	"菊管发［2023］15 号": "关于进一步加强菊园新区居民区生活垃圾分类工作的实施意见",
	"菊管规【2026】1号":   "菊园新区住宅小区电动自行车集中充电设施建设补助办法",
}

// demoKnown are the known-item queries of the relevance test: what a
// citizen types for a document they know of, and that document, which
// must be among the first three hits (synonyms as the demo sets them).
var demoKnown = map[string]string{
	"加装电梯 补贴":          "菊园新区既有多层住宅加装电梯补贴实施办法",
	"增设电梯 补贴":          "菊园新区既有多层住宅加装电梯补贴实施办法", // a synonym of 加装电梯
	"电动自行车 充电 补助":      "菊园新区住宅小区电动自行车集中充电设施建设补助办法",
	"政务公开工作要点 2024":    "2024年菊园新区政务公开工作要点",
	"2026年部门预算":        "菊园新区管委会2026年部门预算",
	"部门决算":             "菊园新区管委会2025年部门决算",
	"政府信息公开 年度报告 2024": "菊园新区2024年政府信息公开工作年度报告",
	"征兵":               "关于做好2026年下半年征兵报名工作的通告",
	"养犬":               "关于开展文明养犬宣传和犬只狂犬病免疫工作的通告",
	"垃圾分类 实施意见":        "关于进一步加强菊园新区居民区生活垃圾分类工作的实施意见（2026年修订）",
	"防汛防台 应急预案":        "关于印发《菊园新区防汛防台专项应急预案（2024年修订）》的通知",
	"校外培训机构 白名单":       "菊园新区学科类校外培训机构白名单（2025年）",
	"双随机 检查结果":         "菊园新区2026年上半年生态环境“双随机、一公开”检查结果公示",
	"绿道":               "菊园新区绿道建设三年行动计划（2024—2026年）",
	"十五五 规划纲要":         "菊园新区国民经济和社会发展第十五个五年规划纲要",
	"社会救助 标准调整":        "关于做好2026年度社会救助标准调整落实工作的通知",
}

// demoHidden are documents of the demo the portal does not show, and
// queries that would find them if search leaked: they must not be among
// the hits, on either store.
var demoHidden = map[string]string{
	"停水":        "关于菊园新区部分区域临时停水的通知",                 // withdrawn in error
	"最低生活保障":    "园新居委会2026年第三季度拟新增最低生活保障对象公示",       // only at its 公共查阅点
	"停车管理 实施意见": "关于规范菊园新区住宅小区停车管理的实施意见（草稿）",         // a draft
	"办公会议纪要":    "菊园新区管委会机关2025年第3次办公会议纪要（机关内部管理事项）", // not public
	"集体资产租赁":    "菊园新区2024年度集体资产租赁情况报告",              // 依申请公开
}

// search runs text on s with the demo's synonyms, relevance first.
func searchDemo(t *testing.T, s *store.Store, text string, size int) *store.SearchResult {
	t.Helper()
	ctx := context.Background()
	q, err := search.Parse(text)
	if err != nil {
		t.Fatalf("%s: %v", text, err)
	}
	syn, err := s.SearchSynonyms(ctx)
	if err != nil {
		t.Fatal(err)
	}
	q.Expand(syn)
	res, err := s.Search(ctx, store.SearchRequest{Query: q, Size: size})
	if err != nil {
		t.Fatalf("%s: %v", text, err)
	}
	return res
}

func titles(res *store.SearchResult) []string {
	var out []string
	for _, d := range res.Docs {
		out = append(out, d.Rev.Content.Title)
	}
	return out
}

// TestSearchSameOnBothStores loads the demo on each store, runs the same
// queries and requires the same documents, in the same order, on both.
func TestSearchSameOnBothStores(t *testing.T) {
	ctx := context.Background()
	results := map[store.Dialect]map[string][]string{}
	for _, d := range storetest.Dialects(t) {
		s := storetest.Open(t, d)
		if _, err := demo.Load(ctx, s); err != nil {
			t.Fatal(err)
		}
		results[d] = map[string][]string{}
		for text, want := range demoFirst {
			if got := titles(searchDemo(t, s, text, 20)); len(got) == 0 || got[0] != want {
				t.Errorf("%s on %s: first of %q, want %q", text, d, got, want)
			}
		}
		for text, want := range demoKnown {
			got := titles(searchDemo(t, s, text, 20))
			if !slices.Contains(got[:min(3, len(got))], want) {
				t.Errorf("known item %s on %s: %q not in the first three of %q", text, d, want, got)
			}
			results[d]["known:"+text] = got
		}
		for text, hidden := range demoHidden {
			res := searchDemo(t, s, text, 100)
			if slices.Contains(titles(res), hidden) {
				t.Errorf("%s on %s finds %q, which the portal does not show", text, d, hidden)
			}
			if text == "停水" && (res.Total != 0 || len(res.Facets["genre"]) != 0) {
				t.Errorf("停水 on %s: %d hits, facets %v; the only document is withdrawn", d, res.Total, res.Facets)
			}
		}
		for text, want := range demoQueries {
			res := searchDemo(t, s, text, 100)
			if res.Total != len(res.Docs) || res.Capped {
				t.Fatalf("%s on %s: %d of %d", text, d, len(res.Docs), res.Total)
			}
			for _, doc := range res.Docs {
				p, _, err := s.PublicDocument(ctx, doc.Doc.IndexNumber, 0)
				if err != nil || p == nil {
					t.Fatalf("%s on %s found %s, which the portal does not show: %v", text, d, doc.Doc.IndexNumber, err)
				}
			}
			got := titles(res)
			if want != "" && !slices.Contains(got, want) {
				t.Errorf("%s on %s: %q not among %q", text, d, want, got)
			}
			results[d][text] = got
		}
	}
	if pg, ok := results[store.Postgres]; ok {
		for text, lite := range results[store.SQLite] {
			if !slices.Equal(lite, pg[text]) {
				t.Errorf("%s: SQLite %q, PostgreSQL %q", text, lite, pg[text])
			}
		}
	}
}
