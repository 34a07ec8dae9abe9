package store_test

import (
	"os"
	"strconv"
	"testing"
	"time"

	"gongkai/internal/calendar"
	"gongkai/internal/foi"
	"gongkai/internal/store"
	"gongkai/internal/store/storetest"
)

// BenchmarkFOIInbox times the staff inbox's reads over 10,000 applications
// (ten years of a district; about 200 open), on PostgreSQL too when
// GONGKAI_TEST_POSTGRES is set, and a calendar override, which rewrites
// the open cases' due dates in its transaction. GONGKAI_BENCH_FOI_N sets
// another size (a city: 100000).
//
//	go test ./internal/store -run '^$' -bench FOIInbox
func BenchmarkFOIInbox(b *testing.B) {
	n := 10_000
	if v, err := strconv.Atoi(os.Getenv("GONGKAI_BENCH_FOI_N")); err == nil && v > 0 {
		n = v
	}
	now := time.Date(2026, 3, 2, 2, 0, 0, 0, time.UTC)
	today := calendar.DateOf(now)
	for _, d := range storetest.Dialects(b) {
		s := storetest.Open(b, d)
		s.Now = storetest.NewClock(now).Now
		a := mustDept(b, s, "jy-a", "党政办公室", "", 0)
		c := mustDept(b, s, "jy-b", "建设管理办公室", "", 0)
		if err := store.FillFOIForTest(ctx, s, n, today, []int64{a.ID, c.ID}); err != nil {
			b.Fatal(err)
		}
		_, _, _, open, err := s.FOICounts(ctx, store.FOIFilter{Status: "open", Today: today})
		if err != nil {
			b.Fatal(err)
		}
		b.Logf("%s: %d open cases of %d", d, open, n)
		page := func(f store.FOIFilter) func(*testing.B) {
			f.Today = today
			return func(b *testing.B) {
				for b.Loop() {
					if apps, err := s.FOIApplications(ctx, f); err != nil || len(apps) == 0 {
						b.Fatal(len(apps), err)
					}
				}
			}
		}
		counts := func(f store.FOIFilter) func(*testing.B) {
			f.Today = today
			return func(b *testing.B) {
				for b.Loop() {
					if _, _, _, n, err := s.FOICounts(ctx, f); err != nil || n == 0 {
						b.Fatal(n, err)
					}
				}
			}
		}
		name := string(d) + "/" + strconv.Itoa(n)
		b.Run(name+"/open/page1", page(store.FOIFilter{Status: "open"}))
		b.Run(name+"/open/counts", counts(store.FOIFilter{Status: "open"}))
		b.Run(name+"/open/dept", page(store.FOIFilter{Status: "open", DeptID: a.ID}))
		b.Run(name+"/red/page1", page(store.FOIFilter{Status: "open", Light: foi.Red}))
		b.Run(name+"/all/page1", page(store.FOIFilter{Status: "all"}))
		b.Run(name+"/all/page100", page(store.FOIFilter{Status: "all", Page: 100}))
		b.Run(name+"/all/counts", counts(store.FOIFilter{Status: "all"}))
		b.Run(name+"/all/dept/page50", page(store.FOIFilter{Status: "all", DeptID: c.ID, Page: 50}))
		b.Run(name+"/due", func(b *testing.B) {
			for b.Loop() {
				if apps, err := s.DueFOIApplications(ctx, today); err != nil || len(apps) == 0 {
					b.Fatal(len(apps), err)
				}
			}
		})
		b.Run(name+"/calendar_override", func(b *testing.B) {
			day := today.AddDays(3)
			for i := 0; b.Loop(); i++ {
				if err := s.SetCalendarOverride(ctx, "admin", calendar.Override{Date: day, Workday: i%2 == 1, Note: "调休"}); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
