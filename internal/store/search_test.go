package store_test

import (
	"fmt"
	"testing"

	"gongkai/internal/publish"
	"gongkai/internal/search"
	"gongkai/internal/store"
	"gongkai/internal/store/storetest"
)

// TestSearchBounded checks the search's bounded path on each store: with
// fewer candidates than matches it still puts the document whose 发文字号
// the query is first and finds an old title match, says the total is a
// lower bound, orders by date when asked, never shows a withdrawn
// document, and filters inside the walk.
func TestSearchBounded(t *testing.T) {
	for _, d := range storetest.Dialects(t) {
		t.Run(string(d), func(t *testing.T) {
			w := newWorld(t, storetest.Open(t, d))
			number := w.content("关于加装电梯的实施意见", "yijian")
			number.DocNumber = "菊府发〔2020〕1号"
			first := w.publishSimple(number)
			gone := w.content("加装电梯补贴办法（错发）", "tongzhi")
			goneDoc := w.publishSimple(gone)
			if err := w.s.WithdrawDocument(ctx, w.reviewer, goneDoc.ID, w.doc(goneDoc.ID).Version, publish.WithdrawError, 0, ""); err != nil {
				t.Fatal(err)
			}
			for i := range 24 {
				w.clock.Advance(24 * 3600e9)
				c := w.content(fmt.Sprintf("社区工作简报第%d期", i+1), "tongzhi")
				c.Body = "<p>本期介绍加装电梯工作进展，依据菊府发〔2020〕1号推进。</p>"
				w.publishSimple(c)
			}
			run := func(text string, r store.SearchRequest) *store.SearchResult {
				t.Helper()
				q, err := search.Parse(text)
				if err != nil {
					t.Fatal(err)
				}
				r.Query, r.Size = q, 20
				res, err := w.s.Search(ctx, r)
				if err != nil {
					t.Fatal(err)
				}
				for _, doc := range res.Docs {
					if doc.Doc.ID == goneDoc.ID {
						t.Errorf("%s: the withdrawn document is a hit", text)
					}
				}
				return res
			}
			full := run("加装电梯", store.SearchRequest{})
			if full.Capped || full.Total != 25 || full.Docs[0].Doc.ID != first.ID {
				t.Errorf("uncapped: total %d capped %v first %v", full.Total, full.Capped, full.Docs[0].Rev.Content.Title)
			}
			if n := full.Facets["genre"]; len(n) != 2 || n[0].Value != "tongzhi" || n[0].Count != 24 || n[1].Count != 1 {
				t.Errorf("genre facet %v", n)
			}
			capped := run("加装电梯", store.SearchRequest{Candidates: 10})
			if !capped.Capped || capped.Total < 10 || capped.Total >= 25 || capped.Docs[0].Doc.ID != first.ID {
				t.Errorf("capped: total %d capped %v first %q", capped.Total, capped.Capped, capped.Docs[0].Rev.Content.Title)
			}
			byNumber := run("菊府发(2020)1号", store.SearchRequest{Candidates: 5})
			if !byNumber.Capped || byNumber.Docs[0].Doc.ID != first.ID {
				t.Errorf("number: capped %v first %q", byNumber.Capped, byNumber.Docs[0].Rev.Content.Title)
			}
			dated := run("加装电梯", store.SearchRequest{Candidates: 10, ByDate: true})
			for i := 1; i < len(dated.Docs); i++ {
				if dated.Docs[i].Rev.PublishedOn.String() > dated.Docs[i-1].Rev.PublishedOn.String() {
					t.Errorf("date order broken at %d", i)
				}
			}
			if dated.Docs[0].Rev.Content.Title != "社区工作简报第24期" {
				t.Errorf("newest first: %q", dated.Docs[0].Rev.Content.Title)
			}
			filtered := run("加装电梯", store.SearchRequest{Candidates: 10, Filter: store.SearchFilter{Genre: "yijian"}})
			if filtered.Capped || filtered.Total != 1 || filtered.Docs[0].Doc.ID != first.ID {
				t.Errorf("filtered: %d %v", filtered.Total, filtered.Capped)
			}
			if res := run("错发", store.SearchRequest{}); res.Total != 0 || len(res.Facets["genre"]) != 0 {
				t.Errorf("the withdrawn document is counted: %d %v", res.Total, res.Facets)
			}
		})
	}
}
