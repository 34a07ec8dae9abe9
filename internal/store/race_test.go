package store_test

import (
	"strings"
	"sync"
	"testing"
	"time"

	"gongkai/internal/auth"
	"gongkai/internal/errs"
	"gongkai/internal/store"
	"gongkai/internal/store/storetest"
)

// twoInstances opens two stores on one database, as two `gongkai serve`
// instances on one PostgreSQL primary, sharing clock.
func twoInstances(t *testing.T, d store.Dialect, clock *storetest.Clock) (*store.Store, *store.Store) {
	t.Helper()
	s := storetest.OpenInstances(t, d, 2)
	s[0].Now, s[1].Now = clock.Now, clock.Now
	return s[0], s[1]
}

// TestPublishDueRace: two instances run the scheduler at the same moment on
// the same due revisions; each revision is published once and takes one
// index number.
func TestPublishDueRace(t *testing.T) {
	for _, d := range storetest.Dialects(t) {
		t.Run(string(d), func(t *testing.T) {
			a, b := twoInstances(t, d, storetest.NewClock(time.Now()))
			w := newWorld(t, a)
			b.Now = w.clock.Now
			const n = 6
			for i := range n {
				doc := w.draft(w.content("定时发布的通知"+string(rune('甲'+i)), "tongzhi"))
				if err := w.submit(doc.ID); err != nil {
					t.Fatal(err)
				}
				if err := a.ReviewDocument(ctx, w.reviewer, doc.ID, w.doc(doc.ID).Version, true, "", w.clock.Now().Add(time.Hour)); err != nil {
					t.Fatal(err)
				}
			}
			w.clock.Advance(2 * time.Hour)
			for round := 0; round < 3; round++ {
				var wg sync.WaitGroup
				counts := make([]int, 4)
				for i := range counts {
					wg.Add(1)
					go func() {
						defer wg.Done()
						s := a
						if i%2 == 1 {
							s = b
						}
						c, err := s.PublishDue(ctx)
						if err != nil && !errs.Is(err, errs.Conflict) {
							t.Errorf("PublishDue: %v", err)
						}
						counts[i] = c
					}()
				}
				wg.Wait()
				if round == 0 {
					if total := counts[0] + counts[1] + counts[2] + counts[3]; total != n {
						t.Errorf("published %d revisions in all (%v), want %d", total, counts, n)
					}
				}
			}
			ev, err := a.AuditEvents(ctx, store.AuditFilter{Action: "document.publish", Limit: 100})
			if err != nil || len(ev) != n {
				t.Errorf("%d publish events, want %d (%v)", len(ev), n, err)
			}
			var numbers int
			if err := rawDB(t, a).QueryRow("SELECT COUNT(DISTINCT index_number) FROM documents WHERE index_number <> ''").Scan(&numbers); err != nil || numbers != n {
				t.Errorf("%d index numbers, want %d (%v)", numbers, n, err)
			}
			var maxSeq string
			_ = rawDB(t, a).QueryRow("SELECT MAX(index_number) FROM documents").Scan(&maxSeq)
			if !strings.HasSuffix(maxSeq, "-0000000"+string(rune('0'+n))) {
				t.Errorf("index numbers skipped: the highest is %s", maxSeq)
			}
		})
	}
}

// TestSetRolesRace: two security administrators demote each other at the
// same moment; the last-admin guard keeps one of them (no write skew).
func TestSetRolesRace(t *testing.T) {
	for _, d := range storetest.Dialects(t) {
		t.Run(string(d), func(t *testing.T) {
			for round := range 5 {
				clock := storetest.NewClock(time.Date(2026, 3, 2, 2, 0, 0, 0, time.UTC))
				a, b := twoInstances(t, d, clock)
				one := mustUser(t, a, "sec.one", 0, auth.Secadmin)
				two := mustUser(t, a, "sec.two", 0, auth.Secadmin)
				var wg sync.WaitGroup
				wg.Add(2)
				go func() { defer wg.Done(); _, _ = a.SetRoles(ctx, one.Username, two.ID, nil) }()
				go func() { defer wg.Done(); _, _ = b.SetRoles(ctx, two.Username, one.ID, nil) }()
				wg.Wait()
				left := 0
				for _, id := range []int64{one.ID, two.ID} {
					u, err := a.UserByID(ctx, id)
					if err != nil {
						t.Fatal(err)
					}
					if u.HasRole(auth.Secadmin) {
						left++
					}
				}
				if left != 1 {
					t.Fatalf("round %d: %d security administrators left, want 1", round, left)
				}
			}
		})
	}
}
