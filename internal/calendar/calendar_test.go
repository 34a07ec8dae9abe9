package calendar_test

import (
	"math/rand/v2"
	"testing"
	"time"

	"gongkai/internal/calendar"
)

var d = calendar.MustParse

func TestBriefExamples(t *testing.T) {
	c := calendar.New(nil)
	if got, prov := c.AddWorkdays(d("2024-09-27"), 20); got != d("2024-10-30") || prov {
		t.Errorf("AddWorkdays(2024-09-27, 20) = %v, %v; want 2024-10-30, false", got, prov)
	}
	if got, prov := c.AddWorkdays(d("2026-02-13"), 1); got != d("2026-02-14") || prov {
		t.Errorf("AddWorkdays(2026-02-13, 1) = %v, %v; want 2026-02-14 (Saturday make-up), false", got, prov)
	}
	if !c.IsWorkday(d("2026-10-10")) {
		t.Error("2026-10-10 (Saturday make-up) should be a workday")
	}
	if n, prov := c.CountWorkdays(d("2024-09-27"), d("2024-10-30")); n != 20 || prov {
		t.Errorf("CountWorkdays(2024-09-27, 2024-10-30) = %d, %v; want 20, false", n, prov)
	}
}

// The expectations are derived by hand from the State Council notices,
// not from the implementation; the comments show the walk.
func TestAddWorkdays(t *testing.T) {
	c := calendar.New(nil)
	tests := []struct {
		from string
		n    int
		want string
		prov bool
		why  string
	}{
		{"2024-09-27", 0, "2024-09-27", false, "n=0 returns d"},
		{"2024-10-01", 0, "2024-10-01", false, "n=0 returns d even on a holiday"},
		// National Day 2024: 10-01..10-07 off, 09-29 (Sun) and 10-12 (Sat) worked.
		{"2024-09-27", 1, "2024-09-29", false, "Sunday make-up day"},
		{"2024-09-30", 1, "2024-10-08", false, "skips the whole week"},
		{"2024-10-03", 1, "2024-10-08", false, "counting from inside the holiday"},
		{"2024-10-11", 1, "2024-10-12", false, "Saturday make-up day"},
		{"2024-10-12", 1, "2024-10-14", false, "Sunday after it rests"},
		{"2024-10-08", -1, "2024-09-30", false, "back over the holiday"},
		{"2024-10-08", -2, "2024-09-29", false, "back onto the Sunday make-up day"},
		{"2024-10-30", -20, "2024-09-27", false, "inverse of the brief example (09-27 is a workday)"},
		// New Year 2025 (Wed 01-01 off) and Spring Festival 2025:
		// 01-28..02-04 off, 01-26 (Sun) and 02-08 (Sat) worked.
		{"2024-12-31", 1, "2025-01-02", false, "New Year's Day"},
		{"2025-01-24", 1, "2025-01-26", false, "Sunday make-up day"},
		{"2025-01-24", 2, "2025-01-27", false, "Monday"},
		{"2025-01-24", 3, "2025-02-05", false, "over Spring Festival"},
		{"2025-01-27", 4, "2025-02-08", false, "02-05, 06, 07, Saturday 08"},
		{"2025-01-27", 5, "2025-02-10", false, "Sunday 02-09 rests"},
		{"2025-02-05", -1, "2025-01-27", false, "back over Spring Festival"},
		{"2025-02-05", -2, "2025-01-26", false, "back onto the Sunday make-up day"},
		// Spring Festival 2026: 02-15..02-23 off, 02-14 and 02-28 (Sat) worked.
		{"2026-02-13", 2, "2026-02-24", false, "nine days off"},
		{"2026-02-13", 6, "2026-02-28", false, "02-24..27, Saturday 28"},
		{"2026-02-13", 7, "2026-03-02", false, "Sunday 03-01 rests"},
		{"2026-02-24", -1, "2026-02-14", false, "back onto the Saturday make-up day"},
		{"2026-02-24", -2, "2026-02-13", false, "Friday before"},
		// National Day and Mid-Autumn 2025: 10-01..10-08 off, 09-28 (Sun)
		// and 10-11 (Sat) worked.
		{"2025-09-26", 1, "2025-09-28", false, "Sunday make-up day"},
		{"2025-09-26", 3, "2025-09-30", false, "Mon, Tue"},
		{"2025-09-26", 4, "2025-10-09", false, "eight days off"},
		{"2025-09-26", 6, "2025-10-11", false, "Thu, Fri, Saturday make-up"},
		{"2025-09-26", 7, "2025-10-13", false, "Sunday 10-12 rests"},
		{"2025-10-09", -1, "2025-09-30", false, "back over the holiday"},
		{"2025-10-13", -1, "2025-10-11", false, "back onto the Saturday make-up day"},
		// 2027 is in lunar-go, 2028 is not: results touching 2028 are estimates.
		{"2027-12-30", 1, "2027-12-31", false, "still 2027"},
		{"2027-12-30", 2, "2028-01-03", true, "crosses into 2028"},
		{"2028-03-01", 5, "2028-03-08", true, "Wed 03-01: Thu, Fri, Mon, Tue, Wed"},
		{"2028-01-04", -2, "2027-12-31", true, "backwards out of 2028 (01-03, then 12-31)"},
		{"2028-01-03", -1, "2027-12-31", true, "examines 2028-01-01 and 02 on the way"},
		{"2028-01-01", -1, "2027-12-31", false, "d is not examined, so only 2027 is"},
	}
	for _, tc := range tests {
		got, prov := c.AddWorkdays(d(tc.from), tc.n)
		if got != d(tc.want) || prov != tc.prov {
			t.Errorf("AddWorkdays(%s, %d) = %v, %v; want %s, %v (%s)", tc.from, tc.n, got, prov, tc.want, tc.prov, tc.why)
		}
	}
}

func TestCountWorkdays(t *testing.T) {
	c := calendar.New(nil)
	tests := []struct {
		from, to string
		want     int
		prov     bool
	}{
		{"2024-09-27", "2024-09-27", 0, false},
		{"2024-09-27", "2024-09-28", 0, false},
		{"2024-09-27", "2024-09-29", 1, false},
		{"2024-09-29", "2024-09-27", -1, false},
		{"2024-09-30", "2024-10-07", 0, false},
		{"2025-01-24", "2025-02-10", 7, false}, // 01-26, 01-27, 02-05..08, 02-10
		{"2025-02-10", "2025-01-24", -7, false},
		{"2026-02-13", "2026-03-02", 7, false}, // 02-14, 02-24..28, 03-02
		{"2026-03-02", "2026-02-13", -7, false},
		{"2025-09-26", "2025-10-13", 7, false}, // 09-28..30, 10-09..11, 10-13
		// 2028 starts on a Saturday and has 366 days, so (01-01, 12-31]
		// is 52 whole weeks from Sunday 01-02 plus Sunday 12-31: 260.
		{"2028-01-01", "2028-12-31", 260, true},
		{"2027-12-31", "2028-01-01", 0, true},
		{"2027-12-30", "2027-12-31", 1, false},
	}
	for _, tc := range tests {
		got, prov := c.CountWorkdays(d(tc.from), d(tc.to))
		if got != tc.want || prov != tc.prov {
			t.Errorf("CountWorkdays(%s, %s) = %d, %v; want %d, %v", tc.from, tc.to, got, prov, tc.want, tc.prov)
		}
	}
}

func TestHoliday(t *testing.T) {
	c := calendar.New(nil)
	for _, tc := range []struct {
		date string
		name string
		ok   bool
	}{
		{"2024-10-01", "国庆节", true},
		{"2024-10-12", "国庆节", true},
		{"2025-10-01", "国庆节、中秋节", true},
		{"2026-01-01", "元旦", true},
		{"2026-02-14", "春节", true},
		{"2024-10-14", "", false},
		{"2028-10-02", "", false},
	} {
		name, ok := c.Holiday(d(tc.date))
		if name != tc.name || ok != tc.ok {
			t.Errorf("Holiday(%s) = %q, %v; want %q, %v", tc.date, name, ok, tc.name, tc.ok)
		}
	}
}

func TestCovered(t *testing.T) {
	c := calendar.New(nil)
	for y, want := range map[int]bool{1900: false, 1901: false, 2001: false, 2002: true, 2024: true, 2025: true, 2026: true, 2027: true, 2028: false, 2030: false, 2100: false} {
		if got := c.Covered(y); got != want {
			t.Errorf("Covered(%d) = %v, want %v", y, got, want)
		}
	}
}

func TestOverrides(t *testing.T) {
	plain := calendar.New(nil)
	c := calendar.New([]calendar.Override{
		{Date: d("2026-10-12"), Workday: false, Note: "临时放假"},
		{Date: d("2026-10-17"), Workday: true},
		{Date: d("2030-01-01"), Workday: false, Note: "元旦"},
	})
	if d("2026-10-12").Weekday() != time.Monday || d("2026-10-17").Weekday() != time.Saturday {
		t.Fatal("test dates are not the intended weekdays")
	}

	if c.IsWorkday(d("2026-10-12")) {
		t.Error("override should make Monday 2026-10-12 a rest day")
	}
	if !plain.IsWorkday(d("2026-10-12")) {
		t.Error("an override leaked into a Calendar built without it")
	}
	// 10-09 Fri, then Saturday 10-10 make-up (1), Monday 10-12 (2).
	if got, _ := plain.AddWorkdays(d("2026-10-09"), 2); got != d("2026-10-12") {
		t.Errorf("without override: got %v, want 2026-10-12", got)
	}
	if got, prov := c.AddWorkdays(d("2026-10-09"), 2); got != d("2026-10-13") || prov {
		t.Errorf("with override: got %v, %v; want 2026-10-13, false", got, prov)
	}
	if name, ok := c.Holiday(d("2026-10-12")); name != "临时放假" || !ok {
		t.Errorf("Holiday(2026-10-12) = %q, %v; want the override note", name, ok)
	}

	if !c.IsWorkday(d("2026-10-17")) {
		t.Error("override should make Saturday 2026-10-17 a workday")
	}
	if got, _ := c.AddWorkdays(d("2026-10-16"), 1); got != d("2026-10-17") {
		t.Errorf("AddWorkdays(2026-10-16, 1) = %v, want the Saturday override 2026-10-17", got)
	}
	if got, _ := plain.AddWorkdays(d("2026-10-16"), 1); got != d("2026-10-19") {
		t.Errorf("without override: AddWorkdays(2026-10-16, 1) = %v, want 2026-10-19", got)
	}
	if n, _ := c.CountWorkdays(d("2026-10-09"), d("2026-10-19")); n != 7 {
		// 10-10 (make-up), 10-13..16, 10-17 (override), 10-19; 10-12 rests.
		t.Errorf("CountWorkdays with overrides = %d, want 7", n)
	}

	// An override may overrule lunar-go in either direction and keeps the
	// official name when it has no note.
	c2 := calendar.New([]calendar.Override{{Date: d("2024-10-07"), Workday: true}, {Date: d("2024-10-12"), Workday: false}})
	if !c2.IsWorkday(d("2024-10-07")) || c2.IsWorkday(d("2024-10-12")) {
		t.Error("overrides did not win over lunar-go")
	}
	if name, _ := c2.Holiday(d("2024-10-07")); name != "国庆节" {
		t.Errorf("override without note: Holiday = %q, want the official name", name)
	}

	// Later overrides of the same date win.
	c3 := calendar.New([]calendar.Override{{Date: d("2026-10-12"), Workday: false}, {Date: d("2026-10-12"), Workday: true}})
	if !c3.IsWorkday(d("2026-10-12")) {
		t.Error("the later of two overrides should win")
	}

	if plain.Covered(2030) {
		t.Error("Covered(2030) without overrides")
	}
	if !c.Covered(2030) {
		t.Error("an override in 2030 should make 2030 covered")
	}
	if c.Covered(2029) {
		t.Error("an override in 2030 must not cover 2029")
	}
	if _, prov := c.AddWorkdays(d("2030-03-01"), 10); prov {
		t.Error("walk inside covered 2030 reported provisional")
	}
	if _, prov := plain.AddWorkdays(d("2030-03-01"), 10); !prov {
		t.Error("walk inside uncovered 2030 not reported provisional")
	}
	if _, prov := c.CountWorkdays(d("2029-12-01"), d("2030-01-31")); !prov {
		t.Error("count through uncovered 2029 not reported provisional")
	}
	if c.IsWorkday(d("2030-01-01")) {
		t.Error("override 2030-01-01 rest ignored")
	}

	// Overrides that cannot be days are ignored rather than corrupting anything.
	c4 := calendar.New([]calendar.Override{{}, {Date: calendar.Date{Year: 2150, Month: 1, Day: 1}, Workday: false}})
	if !c4.IsWorkday(calendar.Date{Year: 2150, Month: 1, Day: 1}) || c4.Covered(2150) {
		t.Error("out-of-range override was applied")
	}
}

func TestZeroDate(t *testing.T) {
	c := calendar.New(nil)
	var z calendar.Date
	if c.IsWorkday(z) {
		t.Error("zero Date is a workday")
	}
	if got, prov := c.AddWorkdays(z, 5); !got.IsZero() || prov {
		t.Errorf("AddWorkdays(zero, 5) = %v, %v", got, prov)
	}
	if n, _ := c.CountWorkdays(z, d("2024-01-01")); n != 0 {
		t.Errorf("CountWorkdays(zero, ...) = %d", n)
	}
	if _, ok := c.Holiday(z); ok {
		t.Error("zero Date has a holiday")
	}
}

// randomDate picks a day from 1899 to 2101 so that the edges of the stored
// range, where arithmetic takes over from the bitmap, are exercised too.
func randomDate(r *rand.Rand) calendar.Date {
	return calendar.Date{Year: 1899, Month: 1, Day: 1}.AddDays(r.IntN(203 * 366))
}

func TestProperties(t *testing.T) {
	c := calendar.New([]calendar.Override{{Date: d("2026-10-12")}, {Date: d("2026-10-17"), Workday: true}})
	r := rand.New(rand.NewPCG(1, 2))
	for i := 0; i < 20000; i++ {
		start := randomDate(r)
		if i%4 == 0 {
			start = d("2023-06-01").AddDays(r.IntN(4 * 365)) // dense holiday data
		}
		n := r.IntN(61)
		res, _ := c.AddWorkdays(start, n)
		if got, _ := c.CountWorkdays(start, res); got != n {
			t.Fatalf("CountWorkdays(%v, AddWorkdays(%v, %d) = %v) = %d", start, start, n, res, got)
		}
		if n > 0 && !c.IsWorkday(res) {
			t.Fatalf("AddWorkdays(%v, %d) = %v is not a workday", start, n, res)
		}
		back, _ := c.AddWorkdays(res, -n)
		if c.IsWorkday(start) || n == 0 {
			if back != start {
				t.Fatalf("AddWorkdays(AddWorkdays(%v, %d), %d) = %v", start, n, -n, back)
			}
		} else if back.After(start) || !c.IsWorkday(back) {
			t.Fatalf("backwards from %v landed on %v, want the last workday before %v", res, back, start)
		} else if k, _ := c.CountWorkdays(back, start); k != 0 {
			t.Fatalf("backwards from %v landed on %v, but %d workdays lie between it and %v", res, back, k, start)
		}
		if got, _ := c.CountWorkdays(res, start); got != -n {
			t.Fatalf("CountWorkdays(%v, %v) = %d, want %d", res, start, got, -n)
		}
	}
}

// TestAgainstNaiveWalk compares the bitmap walk with the obvious
// day-by-day definition, over wide ranges that cross the ends of the table.
func TestAgainstNaiveWalk(t *testing.T) {
	c := calendar.New([]calendar.Override{{Date: d("2099-12-31")}, {Date: d("1901-01-05"), Workday: true}})
	naiveAdd := func(from calendar.Date, n int) calendar.Date {
		x := from
		for n > 0 {
			x = x.AddDays(1)
			if c.IsWorkday(x) {
				n--
			}
		}
		for n < 0 {
			x = x.AddDays(-1)
			if c.IsWorkday(x) {
				n++
			}
		}
		return x
	}
	r := rand.New(rand.NewPCG(3, 4))
	starts := []calendar.Date{d("1901-01-01"), d("2099-12-31"), d("2099-12-30"), d("1901-01-02"), {Year: 1900, Month: 12, Day: 31}, {Year: 2100, Month: 1, Day: 1}}
	for i := 0; i < 3000; i++ {
		starts = append(starts, randomDate(r))
	}
	for _, s := range starts {
		for _, n := range []int{1, 2, 5, 63, 64, 65, 300, -1, -2, -5, -63, -64, -65, -300, r.IntN(800) - 400} {
			got, _ := c.AddWorkdays(s, n)
			if want := naiveAdd(s, n); got != want {
				t.Fatalf("AddWorkdays(%v, %d) = %v, naive walk gives %v", s, n, got, want)
			}
		}
		e := s.AddDays(r.IntN(1500) - 750)
		want := 0
		for x := s; x.Before(e); {
			x = x.AddDays(1)
			if c.IsWorkday(x) {
				want++
			}
		}
		for x := e; x.Before(s); {
			x = x.AddDays(1)
			if c.IsWorkday(x) {
				want--
			}
		}
		if got, _ := c.CountWorkdays(s, e); got != want {
			t.Fatalf("CountWorkdays(%v, %v) = %d, naive count gives %d", s, e, got, want)
		}
	}
}

func TestHugeNTerminates(t *testing.T) {
	c := calendar.New(nil)
	start := d("2024-01-02") // a workday, so backwards is the exact inverse
	res, prov := c.AddWorkdays(start, 1_000_000)
	if !prov || res.Year < 5000 {
		t.Errorf("AddWorkdays(2024-01-02, 1e6) = %v, %v", res, prov)
	}
	if n, _ := c.CountWorkdays(start, res); n != 1_000_000 {
		t.Errorf("round trip of a huge n gave %d", n)
	}
	if back, _ := c.AddWorkdays(res, -1_000_000); back != start {
		t.Errorf("back from %v gave %v", res, back)
	}
	res, _ = c.AddWorkdays(start, -1_000_000)
	if n, _ := c.CountWorkdays(res, start); n != 1_000_000 {
		t.Errorf("round trip of a huge negative n gave %d", n)
	}
}

func TestConcurrentUse(t *testing.T) {
	c := calendar.New([]calendar.Override{{Date: d("2026-10-12")}})
	done := make(chan bool)
	for g := 0; g < 8; g++ {
		go func() {
			x, _ := c.AddWorkdays(d("2026-10-09"), 2)
			_, ok := c.Holiday(d("2026-10-01"))
			done <- x == d("2026-10-13") && ok && !calendar.New(nil).IsWorkday(d("2026-10-01"))
		}()
	}
	for g := 0; g < 8; g++ {
		if !<-done {
			t.Error("concurrent use gave a wrong answer")
		}
	}
}
