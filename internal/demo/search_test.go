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
			q, err := search.Parse(text)
			if err != nil {
				t.Fatalf("%s: %v", text, err)
			}
			docs, _, err := s.SearchDocuments(ctx, q, 1, 20)
			if err != nil || len(docs) == 0 || docs[0].Rev.Content.Title != want {
				var got []string
				for _, d := range docs {
					got = append(got, d.Rev.Content.Title)
				}
				t.Errorf("%s on %s: first of %q, want %q", text, d, got, want)
			}
		}
		for text, want := range demoQueries {
			q, err := search.Parse(text)
			if err != nil {
				t.Fatalf("%s: %v", text, err)
			}
			docs, total, err := s.SearchDocuments(ctx, q, 1, 100)
			if err != nil || total != len(docs) {
				t.Fatalf("%s on %s: %d of %d, %v", text, d, len(docs), total, err)
			}
			var titles []string
			for _, doc := range docs {
				p, _, err := s.PublicDocument(ctx, doc.Doc.IndexNumber, 0)
				if err != nil || p == nil {
					t.Fatalf("%s on %s found %s, which the portal does not show: %v", text, d, doc.Doc.IndexNumber, err)
				}
				titles = append(titles, doc.Rev.Content.Title)
			}
			if want != "" && !slices.Contains(titles, want) {
				t.Errorf("%s on %s: %q not among %q", text, d, want, titles)
			}
			results[d][text] = titles
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
