package store_test

import (
	"os"
	"strconv"
	"testing"
	"time"

	"gongkai/internal/calendar"
	"gongkai/internal/interact"
	"gongkai/internal/store"
	"gongkai/internal/store/storetest"
)

// BenchmarkLetters times the reads of letters over 10,000 letters (three
// years of a district), on PostgreSQL too when GONGKAI_TEST_POSTGRES is
// set: 留言选登's pages (public: an index range and a count), the staff
// inbox, its lights, the escalation list and the daily reminder's query.
// GONGKAI_BENCH_LETTERS_N sets another size (a city: 100000).
//
//	go test ./internal/store -run '^$' -bench Letters
func BenchmarkLetters(b *testing.B) {
	n := 10_000
	if v, err := strconv.Atoi(os.Getenv("GONGKAI_BENCH_LETTERS_N")); err == nil && v > 0 {
		n = v
	}
	now := time.Date(2026, 3, 2, 2, 0, 0, 0, time.UTC)
	today := calendar.DateOf(now)
	for _, d := range storetest.Dialects(b) {
		s := storetest.Open(b, d)
		s.Now = storetest.NewClock(now).Now
		a := mustDept(b, s, "jy-a", "党政办公室", "", 0)
		c := mustDept(b, s, "jy-b", "社区事务受理服务中心", "", 0)
		if err := store.FillLettersForTest(ctx, s, n, today, []int64{a.ID, c.ID}); err != nil {
			b.Fatal(err)
		}
		name := string(d) + "/" + strconv.Itoa(n)
		public := func(page int) func(*testing.B) {
			return func(b *testing.B) {
				for b.Loop() {
					if ls, total, err := s.PublishedLetters(ctx, page, 20); err != nil || len(ls) == 0 || total == 0 {
						b.Fatal(len(ls), total, err)
					}
				}
			}
		}
		inbox := func(f store.LetterFilter) func(*testing.B) {
			f.Today, f.Size = today, 30
			return func(b *testing.B) {
				for b.Loop() {
					if ls, _, err := s.Letters(ctx, f); err != nil || len(ls) == 0 {
						b.Fatal(len(ls), err)
					}
				}
			}
		}
		b.Run(name+"/public/page1", public(1))
		b.Run(name+"/public/page50", public(50))
		b.Run(name+"/public/letter", func(b *testing.B) {
			for b.Loop() {
				if _, err := s.PublishedLetter(ctx, "BENCH-0000001"); err != nil {
					b.Fatal(err)
				}
			}
		})
		b.Run(name+"/inbox/open", inbox(store.LetterFilter{Status: "open"}))
		b.Run(name+"/inbox/open/dept", inbox(store.LetterFilter{Status: "open", DeptID: c.ID}))
		b.Run(name+"/inbox/red", inbox(store.LetterFilter{Status: "open", Light: interact.Red}))
		b.Run(name+"/inbox/escalated", inbox(store.LetterFilter{Status: "escalated"}))
		b.Run(name+"/inbox/all/page100", inbox(store.LetterFilter{Status: "all", Page: 100}))
		b.Run(name+"/lights", func(b *testing.B) {
			for b.Loop() {
				if _, _, err := s.LetterLights(ctx, store.LetterFilter{Status: "open", Today: today}); err != nil {
					b.Fatal(err)
				}
			}
		})
		b.Run(name+"/due", func(b *testing.B) {
			for b.Loop() {
				if ls, err := s.DueLetters(ctx, today); err != nil || len(ls) == 0 {
					b.Fatal(len(ls), err)
				}
			}
		})
	}
}
