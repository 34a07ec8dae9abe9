package calendar_test

import (
	"encoding/csv"
	"os"
	"testing"
	"time"

	"gongkai/internal/calendar"
)

// TestOfficialDataMatchesCSV checks lunar-go against an independently
// transcribed list of the State Council notices for 2024-2026, day by day:
// a wrong bit here is a wrong legal deadline.
func TestOfficialDataMatchesCSV(t *testing.T) {
	f, err := os.Open("testdata/cn-holidays-2024-2026.csv")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) < 2 || rows[0][0] != "date" || rows[0][1] != "kind" || rows[0][2] != "name" {
		t.Fatalf("unexpected header %v", rows[0])
	}
	c := calendar.New(nil)
	listed := map[calendar.Date]bool{}
	for _, r := range rows[1:] {
		d, err := calendar.ParseDate(r[0])
		if err != nil {
			t.Fatalf("bad date in CSV: %q: %v", r[0], err)
		}
		listed[d] = true
		switch r[1] {
		case "holiday":
			if c.IsWorkday(d) {
				t.Errorf("%s (%s) is a holiday (%s) in the CSV but a workday in lunar-go", d, d.Weekday(), r[2])
			}
		case "workday":
			if !c.IsWorkday(d) {
				t.Errorf("%s (%s) is a make-up workday (%s) in the CSV but a rest day in lunar-go", d, d.Weekday(), r[2])
			}
		default:
			t.Fatalf("unknown kind %q for %s", r[1], r[0])
		}
		if name, ok := c.Holiday(d); !ok || name != r[2] {
			t.Errorf("Holiday(%s) = %q, %v; CSV names it %q", d, name, ok, r[2])
		}
	}
	for d := calendar.MustParse("2024-01-01"); d.Year <= 2026; d = d.AddDays(1) {
		if listed[d] {
			continue
		}
		wd := d.Weekday()
		want := wd != time.Saturday && wd != time.Sunday
		if got := c.IsWorkday(d); got != want {
			t.Errorf("%s (%s) is not in the CSV, so it should follow Mon-Fri (workday=%v), but lunar-go says workday=%v", d, wd, want, got)
		}
	}
	for y := 2024; y <= 2026; y++ {
		if !c.Covered(y) {
			t.Errorf("Covered(%d) = false", y)
		}
	}
}
