package calendar

import (
	"testing"
	"time"
)

// TestDayNumbersAgreeWithTime pins the hand-written civil-date arithmetic to
// the standard library over a range wider than anything the package stores,
// including normalisation of out-of-range fields.
func TestDayNumbersAgreeWithTime(t *testing.T) {
	for tm := time.Date(1600, 1, 1, 0, 0, 0, 0, time.UTC); tm.Year() < 2500; tm = tm.AddDate(0, 0, 1) {
		want := floorDiv(int(tm.Unix()), 86400)
		d := Date{tm.Year(), tm.Month(), tm.Day()}
		if got := d.days(); got != want {
			t.Fatalf("days(%v) = %d, want %d", d, got, want)
		}
		if got := fromDays(want); got != d {
			t.Fatalf("fromDays(%d) = %v, want %v", want, got, d)
		}
		if got := d.Weekday(); got != tm.Weekday() {
			t.Fatalf("Weekday(%v) = %v, want %v", d, got, tm.Weekday())
		}
	}
	for _, tc := range []Date{{2024, 2, 30}, {2024, 13, 1}, {2024, 0, 0}, {2023, -1, 45}, {2024, 1, -400}} {
		want := time.Date(tc.Year, tc.Month, tc.Day, 0, 0, 0, 0, time.UTC)
		got := tc.AddDays(0)
		if got != (Date{want.Year(), want.Month(), want.Day()}) {
			t.Errorf("normalising %+v: got %v, want %v", tc, got, want.Format(time.DateOnly))
		}
	}
}

func TestWeekdayArithmetic(t *testing.T) {
	for x := -3000; x < 3000; x++ {
		naive := 0
		for i := m0; i < x; i++ {
			if wd := weekdayOf(i); wd != time.Saturday && wd != time.Sunday {
				naive++
			}
		}
		for i := x; i < m0; i++ {
			if wd := weekdayOf(i); wd != time.Saturday && wd != time.Sunday {
				naive--
			}
		}
		if got := weekdaysBefore(x); got != naive {
			t.Fatalf("weekdaysBefore(%d) = %d, want %d", x, got, naive)
		}
		if wd := weekdayOf(x); wd != time.Saturday && wd != time.Sunday {
			if got := nthWeekday(naive); got != x {
				t.Fatalf("nthWeekday(%d) = %d, want %d", naive, got, x)
			}
		}
	}
}
