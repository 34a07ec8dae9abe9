package store_test

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"gongkai/internal/calendar"
	"gongkai/internal/demo"
	"gongkai/internal/publish"
	"gongkai/internal/store"
	"gongkai/internal/store/storetest"
)

// checkProjection fails the test if the listing projection differs from
// what publicWhere and pointWhere admit.
func checkProjection(t *testing.T, s *store.Store, when string) {
	t.Helper()
	diffs, err := store.CheckPublicProjection(ctx, s)
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range diffs {
		t.Errorf("%s: %s", when, d)
	}
}

// TestPublicProjection loads the demo, plants documents in every
// non-public state, and after each kind of change checks that the
// projection holds exactly what publicWhere admits, with equal fields.
func TestPublicProjection(t *testing.T) {
	for _, d := range storetest.Dialects(t) {
		t.Run(string(d), func(t *testing.T) {
			s := storetest.Open(t, d)
			if _, err := demo.Load(ctx, s); err != nil {
				t.Fatal(err)
			}
			checkProjection(t, s, "demo")
			w := &world{t: t, s: s}
			var err error
			if w.editor, err = s.UserByUsername(ctx, "editor"); err != nil {
				t.Fatal(err)
			}
			if w.reviewer, err = s.UserByUsername(ctx, "reviewer"); err != nil {
				t.Fatal(err)
			}
			w.organ, _ = s.Department(ctx, w.editor.DeptID)
			cols, _ := s.Columns(ctx)
			var child *publish.Column
			for _, c := range cols {
				if c.ParentID != 0 && c.Kind != publish.KindStatic {
					child = c
					break
				}
			}
			w.policyCol = child
			points, _ := s.Points(ctx)
			content := func(title string) publish.Content {
				c := w.content("投影测试-"+title, "tongzhi")
				c.Keywords, c.Summary, c.DocNumber = "关键词", "摘要", "菊府〔2026〕1号"
				return c
			}
			version := func(id int64) int64 { return w.doc(id).Version }
			must := func(err error) {
				t.Helper()
				if err != nil {
					t.Fatal(err)
				}
			}
			w.draft(content("草稿"))
			sub := w.draft(content("待审核"))
			must(w.submit(sub.ID))
			withheld := content("不予公开")
			withheld.Attribute, withheld.WithheldReason = publish.Withheld, "internal_affairs"
			w.publishSimple(withheld)
			targeted := content("定点")
			targeted.PointIDs = []int64{points[0].ID}
			w.publishSimple(targeted)
			audience := content("定向")
			audience.Audience = "各村居委会"
			w.publishSimple(audience)
			wrong := w.publishSimple(content("发布错误"))
			must(s.WithdrawDocument(ctx, w.reviewer, wrong.ID, version(wrong.ID), publish.WithdrawError, 0, ""))
			stale := w.publishSimple(content("不再有效"))
			must(s.WithdrawDocument(ctx, w.reviewer, stale.ID, version(stale.ID), publish.WithdrawNotInForce, 0, ""))
			kept := w.publishSimple(content("替代"))
			old := w.publishSimple(content("被替代"))
			must(s.WithdrawDocument(ctx, w.reviewer, old.ID, version(old.ID), publish.WithdrawReplaced, kept.ID, ""))
			repealed := w.publishSimple(content("废止"))
			must(s.SetValidity(ctx, w.reviewer, repealed.ID, version(repealed.ID), publish.Repealed, calendar.MustParse("2026-03-01"), kept.ID))
			checkProjection(t, s, "planted")
			// A revision in review leaves the public row; its publication changes it.
			must(s.ReviseDocument(ctx, w.editor, kept.ID, version(kept.ID)))
			must(s.SaveDraft(ctx, w.editor, kept.ID, version(kept.ID), content("替代（修订）"), "修订"))
			checkProjection(t, s, "revision in review")
			must(w.submit(kept.ID))
			must(w.approve(kept.ID))
			checkProjection(t, s, "revision published")
			// Names a row carries, and the column set's parents.
			w.organ.Name = "改名后的机关"
			must(s.UpdateDepartment(ctx, "admin", w.organ))
			child.ParentID = 0
			must(s.SaveColumn(ctx, "admin", child))
			checkProjection(t, s, "department renamed, column moved")
			docs, _, err := s.PublicDocuments(ctx, store.PublicFilter{OrganID: w.organ.ID, Size: 1})
			must(err)
			if len(docs) == 0 || !strings.Contains(strings.Join(docs[0].Organs, "、"), "改名后的机关") {
				t.Errorf("the list does not carry the new organ name: %+v", docs)
			}
			// Imported documents are listed at once.
			if _, err := s.ImportDocument(ctx, "import", w.editor, content("导入"), "", calendar.MustParse("2020-05-06")); err != nil {
				t.Fatal(err)
			}
			checkProjection(t, s, "imported")
		})
	}
}

// TestPublicListShapes checks the list API over the projection: the
// keyset cursor continues where OFFSET pages do, deep OFFSET pages are
// refused, the latest list says whether there are more, and the sitemap
// chunk lists every portal document once.
func TestPublicListShapes(t *testing.T) {
	for _, d := range storetest.Dialects(t) {
		t.Run(string(d), func(t *testing.T) {
			s := storetest.Open(t, d)
			dept := mustDept(t, s, "jy", "菊园新区管委会", "00001434-9", 0)
			if err := store.FillPublicForTest(ctx, s, 300, dept.ID); err != nil {
				t.Fatal(err)
			}
			p1, total, err := s.PublicDocuments(ctx, store.PublicFilter{Size: 10, Page: 2})
			if err != nil || total != 294 || len(p1) != 10 {
				t.Fatalf("page 2: %d rows of %d, %v", len(p1), total, err)
			}
			p2, _, err := s.PublicDocuments(ctx, store.PublicFilter{Size: 10, Page: 3})
			if err != nil {
				t.Fatal(err)
			}
			k, _, err := s.PublicDocuments(ctx, store.PublicFilter{Size: 10, Page: 99, After: store.CursorOf(p1[9])})
			if err != nil || len(k) != 10 {
				t.Fatalf("keyset: %d %v", len(k), err)
			}
			for i := range k {
				if k[i].Doc.ID != p2[i].Doc.ID {
					t.Fatalf("keyset row %d is %d, page 3 has %d", i, k[i].Doc.ID, p2[i].Doc.ID)
				}
			}
			prev := p1[0]
			for _, p := range append(p1[1:], p2...) {
				a, b := prev.Rev.PublishedOn.String(), p.Rev.PublishedOn.String()
				if a < b || (a == b && prev.Doc.ID < p.Doc.ID) {
					t.Fatalf("not newest first: %s/%d before %s/%d", a, prev.Doc.ID, b, p.Doc.ID)
				}
				prev = p
			}
			if _, _, err := s.PublicDocuments(ctx, store.PublicFilter{Page: store.MaxPublicPage + 1}); err == nil {
				t.Error("a page beyond the bound was served")
			}
			if _, n, err := s.PublicDocuments(ctx, store.PublicFilter{ColumnID: 3, Genre: "g10"}); err != nil || n == 0 {
				t.Errorf("column and genre: %d %v", n, err)
			}
			if kiosk, n, err := s.PublicDocuments(ctx, store.PublicFilter{PointID: 1}); err != nil || n != 6 || len(kiosk) != 6 {
				t.Errorf("kiosk: %d %v", n, err)
			}
			latest, more, err := s.PublicLatest(ctx, store.PublicFilter{ColumnID: 3, Size: 5})
			if err != nil || len(latest) != 5 || !more {
				t.Errorf("latest: %d %v %v", len(latest), more, err)
			}
			organs, oldest, err := s.PublicFacets(ctx)
			if err != nil || oldest != 2000 || len(organs) != 0 {
				// The synthetic organ ids name no department.
				t.Errorf("facets: %v %d %v", organs, oldest, err)
			}
			chunks, err := s.PublicSitemapChunks(ctx)
			if err != nil || chunks != 1 {
				t.Fatalf("chunks: %d %v", chunks, err)
			}
			seen := map[string]bool{}
			if err := s.PublicSitemap(ctx, 1, func(index string, changed time.Time) error {
				if seen[index] || changed.IsZero() {
					return fmt.Errorf("%s twice or undated", index)
				}
				seen[index] = true
				return nil
			}); err != nil || len(seen) != 294 {
				t.Errorf("sitemap: %d %v", len(seen), err)
			}
		})
	}
}

// TestPublicPlans asserts that every public query shape is answered from
// an index, with no full scan and no sort of the projection, on a
// projection of 5,000 rows with fresh statistics.
func TestPublicPlans(t *testing.T) {
	for _, d := range storetest.Dialects(t) {
		t.Run(string(d), func(t *testing.T) {
			s := storetest.Open(t, d)
			dept := mustDept(t, s, "jy", "菊园新区管委会", "00001434-9", 0)
			if err := store.FillPublicForTest(ctx, s, 5000, dept.ID); err != nil {
				t.Fatal(err)
			}
			for _, q := range store.PublicQueriesForTest() {
				plan, err := store.ExplainForTest(ctx, s, q.SQL, q.Args...)
				if err != nil {
					t.Fatalf("%s: %v", q.Name, err)
				}
				if testing.Verbose() {
					t.Logf("%s:\n%s", q.Name, strings.Join(plan, "\n"))
				}
				if bad := badPlan(d, plan); bad != "" {
					t.Errorf("%s: %s\n%s\n%s", q.Name, bad, q.SQL, strings.Join(plan, "\n"))
				}
			}
		})
	}
}

// badPlan says what is wrong with a plan: a full scan of a projection or
// documents table, a sort, or no index at all. Scanning k (the page's ids,
// at most 100) and departments (the facet's outer loop) is expected.
func badPlan(d store.Dialect, plan []string) string {
	all := strings.Join(plan, "\n")
	if d == store.SQLite {
		for _, l := range plan {
			l = strings.TrimSpace(l)
			if strings.Contains(l, "TEMP B-TREE") {
				return "sorts: " + l
			}
			if f := strings.Fields(l); len(f) == 2 && f[0] == "SCAN" && f[1] != "d" && f[1] != "k" {
				return "full scan: " + l
			}
		}
		if !strings.Contains(all, "INDEX") && !strings.Contains(all, "PRIMARY KEY") {
			return "uses no index"
		}
		return ""
	}
	for _, l := range plan {
		// Kiosk rows are few by nature (targeted documents); scanning
		// their small table is the planner's right choice.
		if (strings.Contains(l, "Seq Scan on public_doc") && !strings.Contains(l, "Seq Scan on public_doc_points")) ||
			strings.Contains(l, "Seq Scan on documents") {
			return "full scan: " + l
		}
		if strings.Contains(l, "Sort") && !strings.Contains(l, "Sort Key") {
			return "sorts: " + l
		}
	}
	if !strings.Contains(all, "Index") && !strings.Contains(all, "Result") && !strings.Contains(all, "public_state") && !strings.Contains(all, "on public_doc_points") {
		return "uses no index"
	}
	return ""
}
