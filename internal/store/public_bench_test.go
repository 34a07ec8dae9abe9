package store_test

import (
	"strconv"
	"testing"
	"time"

	"gongkai/internal/store"
	"gongkai/internal/store/storetest"
)

// BenchmarkPublic times the public reads over a projection of 1,000 and
// 100,000 documents (on PostgreSQL too when GONGKAI_TEST_POSTGRES is set):
// the goal is the same cost at both sizes.
//
//	go test ./internal/store -run '^$' -bench Public -benchtime 20x
func BenchmarkPublic(b *testing.B) {
	for _, d := range storetest.Dialects(b) {
		for _, n := range []int{1_000, 100_000} {
			s := storetest.Open(b, d)
			dept := mustDept(b, s, "jy", "菊园新区管委会", "00001434-9", 0)
			if err := store.FillPublicForTest(ctx, s, n, dept.ID); err != nil {
				b.Fatal(err)
			}
			list := func(f store.PublicFilter) func(*testing.B) {
				return func(b *testing.B) {
					for b.Loop() {
						if docs, _, err := s.PublicDocuments(ctx, f); err != nil || len(docs) == 0 {
							b.Fatal(len(docs), err)
						}
					}
				}
			}
			name := string(d) + "/" + strconv.Itoa(n)
			b.Run(name+"/page1", list(store.PublicFilter{}))
			b.Run(name+"/page50", list(store.PublicFilter{Page: 50, Size: 10}))
			b.Run(name+"/genre", list(store.PublicFilter{Genre: "guifan", Page: 2}))
			b.Run(name+"/column", list(store.PublicFilter{ColumnID: 3}))
			b.Run(name+"/latest", func(b *testing.B) {
				for b.Loop() {
					if _, _, err := s.PublicLatest(ctx, store.PublicFilter{ColumnID: 3, Size: 5}); err != nil {
						b.Fatal(err)
					}
				}
			})
			b.Run(name+"/facets", func(b *testing.B) {
				for b.Loop() {
					if _, _, err := s.PublicFacets(ctx); err != nil {
						b.Fatal(err)
					}
				}
			})
			b.Run(name+"/sitemap", func(b *testing.B) {
				for b.Loop() {
					if err := s.PublicSitemap(ctx, 1, func(string, time.Time) error { return nil }); err != nil {
						b.Fatal(err)
					}
				}
			})
		}
	}
}
