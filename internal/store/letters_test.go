package store_test

import (
	"cmp"
	"slices"
	"testing"
	"time"

	"gongkai/internal/calendar"
	"gongkai/internal/interact"
	"gongkai/internal/store"
	"gongkai/internal/store/storetest"
)

// TestLetterInboxPaging pages through the inbox in small pages, across the
// boundary of running clocks and the rest, and compares the pages with
// the order worked out from all letters: due date ascending while a reply
// is owed, then newest first; totals and the published count agree.
func TestLetterInboxPaging(t *testing.T) {
	now := time.Date(2026, 3, 2, 2, 0, 0, 0, time.UTC)
	today := calendar.DateOf(now)
	for _, d := range storetest.Dialects(t) {
		t.Run(string(d), func(t *testing.T) {
			s := storetest.Open(t, d)
			s.Now = storetest.NewClock(now).Now
			a := mustDept(t, s, "jy-a", "党政办公室", "", 0)
			c := mustDept(t, s, "jy-b", "社区事务受理服务中心", "", 0)
			if err := store.FillLettersForTest(ctx, s, 1200, today, []int64{a.ID, c.ID}); err != nil {
				t.Fatal(err)
			}
			published := 0
			for _, f := range []store.LetterFilter{{Status: "all"}, {Status: "open"}, {Status: "all", DeptID: c.ID}, {Status: "replied"}} {
				var all []*interact.Letter
				for page := 1; ; page++ {
					f.Page, f.Size = page, 100
					ls, total, err := s.Letters(ctx, f)
					if err != nil {
						t.Fatal(err)
					}
					all = append(all, ls...)
					if len(all) >= total || len(ls) == 0 {
						if len(all) != total {
							t.Fatalf("%+v: %d letters paged, total %d", f, len(all), total)
						}
						break
					}
				}
				if f.Status == "all" && f.DeptID == 0 {
					for _, l := range all {
						if l.Published {
							published++
						}
					}
				}
				want := slices.Clone(all)
				slices.SortFunc(want, func(x, y *interact.Letter) int {
					switch xr, yr := !x.DueOn.IsZero(), !y.DueOn.IsZero(); {
					case xr && yr:
						return cmp.Or(x.DueOn.Compare(y.DueOn), cmp.Compare(x.ID, y.ID))
					case xr:
						return -1
					case yr:
						return 1
					}
					return cmp.Compare(y.ID, x.ID)
				})
				var small []*interact.Letter
				for page := 1; len(small) < len(all); page++ {
					f.Page, f.Size = page, 7
					ls, _, err := s.Letters(ctx, f)
					if err != nil || len(ls) == 0 {
						t.Fatalf("%+v page %d: %d %v", f, page, len(ls), err)
					}
					small = append(small, ls...)
				}
				for i := range want {
					if small[i].ID != want[i].ID {
						t.Fatalf("%+v: position %d is %s (due %s), want %s (due %s)", f, i, small[i].Number, small[i].DueOn, want[i].Number, want[i].DueOn)
					}
				}
			}
			if _, n, err := s.PublishedLetters(ctx, 1, 20); err != nil || n != published || n < 300 {
				t.Fatalf("published letters: kept count %d %v, %d published", n, err, published)
			}
		})
	}
}
