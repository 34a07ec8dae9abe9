package calendar_test

import (
	"encoding/json"
	"slices"
	"testing"
	"time"

	"gongkai/internal/calendar"
	"gongkai/internal/errs"
)

func TestParseDate(t *testing.T) {
	good := map[string]calendar.Date{
		"2024-09-27": {2024, time.September, 27},
		"2024-02-29": {2024, time.February, 29},
		"2000-02-29": {2000, time.February, 29},
		"1901-01-01": {1901, time.January, 1},
		"2099-12-31": {2099, time.December, 31},
		"2026-10-10": {2026, time.October, 10},
	}
	for s, want := range good {
		got, err := calendar.ParseDate(s)
		if err != nil || got != want {
			t.Errorf("ParseDate(%q) = %v, %v; want %v", s, got, err, want)
		}
		if got.String() != s {
			t.Errorf("String() = %q, want %q", got.String(), s)
		}
	}
	bad := []string{
		"", "2024-1-5", "2024-01-5", "2024-02-30", "2023-02-29", "1900-02-29", "2024-04-31",
		"2024-00-10", "2024-13-01", "2024-09-00", "1900-12-31", "2100-01-01", "0024-09-27",
		"2024/09/27", "20240927", "2024-09-27T00:00:00", " 2024-09-27", "2024-09-27 ",
		"+024-09-27", "2024-+9-27", "2024-09-2a", "２０２４-09-27", "24-09-27", "null",
	}
	for _, s := range bad {
		got, err := calendar.ParseDate(s)
		if err == nil {
			t.Errorf("ParseDate(%q) = %v, want error", s, got)
			continue
		}
		if !got.IsZero() {
			t.Errorf("ParseDate(%q) returned %v with its error", s, got)
		}
		if !errs.Is(err, errs.Invalid) {
			t.Errorf("ParseDate(%q): kind %v, want invalid", s, errs.KindOf(err))
		}
		code, msg := errs.Public(err)
		if code != "invalid_date" || !containsFormat(msg) {
			t.Errorf("ParseDate(%q): public %q %q; want invalid_date naming YYYY-MM-DD", s, code, msg)
		}
	}
}

func containsFormat(msg string) bool {
	for i := 0; i+len("YYYY-MM-DD") <= len(msg); i++ {
		if msg[i:i+len("YYYY-MM-DD")] == "YYYY-MM-DD" {
			return true
		}
	}
	return false
}

func TestMustParsePanics(t *testing.T) {
	defer func() {
		if recover() == nil {
			t.Error("MustParse of a bad date did not panic")
		}
	}()
	calendar.MustParse("2024-02-30")
}

func TestDateBasics(t *testing.T) {
	var z calendar.Date
	if !z.IsZero() || z.String() != "" || d("2024-01-01").IsZero() {
		t.Error("zero Date handling")
	}
	if !z.AddDays(3).IsZero() {
		t.Error("AddDays on the zero Date invented a day")
	}
	for _, tc := range []struct {
		from string
		n    int
		want string
	}{
		{"2024-02-28", 1, "2024-02-29"},
		{"2024-02-29", 1, "2024-03-01"},
		{"2023-02-28", 1, "2023-03-01"},
		{"2024-12-31", 1, "2025-01-01"},
		{"2025-01-01", -1, "2024-12-31"},
		{"2024-01-01", 366, "2025-01-01"},
		{"2024-09-27", 0, "2024-09-27"},
	} {
		if got := d(tc.from).AddDays(tc.n); got != d(tc.want) {
			t.Errorf("%s.AddDays(%d) = %v, want %s", tc.from, tc.n, got, tc.want)
		}
	}
	if d("2024-09-27").Weekday() != time.Friday || d("2026-02-14").Weekday() != time.Saturday {
		t.Error("Weekday")
	}
	a, b := d("2024-09-27"), d("2024-10-30")
	if a.Compare(b) != -1 || b.Compare(a) != 1 || a.Compare(a) != 0 || !a.Before(b) || a.After(b) || !b.After(a) || a.Before(a) {
		t.Error("Compare/Before/After")
	}
	if d("2024-12-31").Compare(d("2025-01-01")) != -1 || d("2024-02-01").Compare(d("2024-01-31")) != 1 {
		t.Error("Compare across month and year")
	}
	s := []calendar.Date{d("2025-01-01"), d("2024-12-31"), d("2024-02-29")}
	slices.SortFunc(s, calendar.Date.Compare)
	if s[0] != d("2024-02-29") || s[2] != d("2025-01-01") {
		t.Errorf("sorted: %v", s)
	}
	m := map[calendar.Date]int{d("2024-09-27"): 1}
	if m[calendar.Date{Year: 2024, Month: time.September, Day: 27}] != 1 {
		t.Error("Date as map key")
	}
}

func TestDateOf(t *testing.T) {
	for _, tc := range []struct {
		t    time.Time
		want string
	}{
		{time.Date(2024, 9, 26, 15, 59, 59, 0, time.UTC), "2024-09-26"},
		{time.Date(2024, 9, 26, 16, 0, 0, 0, time.UTC), "2024-09-27"},
		{time.Date(2024, 9, 27, 0, 0, 0, 0, calendar.Zone), "2024-09-27"},
		{time.Date(2024, 12, 31, 12, 0, 0, 0, time.FixedZone("EST", -5*3600)), "2025-01-01"},
	} {
		if got := calendar.DateOf(tc.t); got != d(tc.want) {
			t.Errorf("DateOf(%v) = %v, want %s", tc.t, got, tc.want)
		}
		if got := calendar.Today(tc.t); got != d(tc.want) {
			t.Errorf("Today(%v) = %v, want %s", tc.t, got, tc.want)
		}
	}
}

func TestJSON(t *testing.T) {
	type doc struct {
		Due     calendar.Date  `json:"due"`
		Unset   calendar.Date  `json:"unset"`
		Ptr     *calendar.Date `json:"ptr"`
		ByDate  map[calendar.Date]string
		Dates   []calendar.Date
		Omitted calendar.Date `json:"omitted,omitzero"`
	}
	due := d("2024-10-30")
	in := doc{Due: due, Ptr: &due, ByDate: map[calendar.Date]string{d("2024-10-01"): "国庆节"}, Dates: []calendar.Date{d("2026-02-14")}}
	b, err := json.Marshal(in)
	if err != nil {
		t.Fatal(err)
	}
	want := `{"due":"2024-10-30","unset":null,"ptr":"2024-10-30","ByDate":{"2024-10-01":"国庆节"},"Dates":["2026-02-14"]}`
	if string(b) != want {
		t.Errorf("Marshal = %s\nwant      %s", b, want)
	}
	var out doc
	if err := json.Unmarshal(b, &out); err != nil {
		t.Fatal(err)
	}
	if out.Due != due || !out.Unset.IsZero() || out.Ptr == nil || *out.Ptr != due || out.ByDate[d("2024-10-01")] != "国庆节" || out.Dates[0] != d("2026-02-14") {
		t.Errorf("round trip: %+v", out)
	}

	for _, bad := range []string{`"2024-02-30"`, `"2024-9-1"`, `""`, `20240930`, `true`, `{}`, `"2100-01-01"`} {
		var x calendar.Date
		err := json.Unmarshal([]byte(bad), &x)
		if err == nil {
			t.Errorf("Unmarshal(%s) succeeded: %v", bad, x)
			continue
		}
		if code, _ := errs.Public(err); code != "invalid_date" || !errs.Is(err, errs.Invalid) {
			t.Errorf("Unmarshal(%s): %v, want invalid_date", bad, err)
		}
	}
	// Inside a struct encoding/json wraps nothing for Unmarshaler errors, so
	// the web layer still sees our error.
	var o struct{ D calendar.Date }
	if err := json.Unmarshal([]byte(`{"D":"2024-13-01"}`), &o); !errs.Is(err, errs.Invalid) {
		t.Errorf("nested Unmarshal error: %v", err)
	}
	x := d("2024-01-01")
	if err := json.Unmarshal([]byte("null"), &x); err != nil || !x.IsZero() {
		t.Errorf("null: %v, %v", x, err)
	}
}

func TestText(t *testing.T) {
	b, err := d("2024-09-27").MarshalText()
	if err != nil || string(b) != "2024-09-27" {
		t.Errorf("MarshalText = %q, %v", b, err)
	}
	if b, _ := (calendar.Date{}).MarshalText(); len(b) != 0 {
		t.Errorf("MarshalText(zero) = %q", b)
	}
	var x calendar.Date
	if err := x.UnmarshalText([]byte("2026-02-14")); err != nil || x != d("2026-02-14") {
		t.Errorf("UnmarshalText = %v, %v", x, err)
	}
	if err := x.UnmarshalText(nil); err != nil || !x.IsZero() {
		t.Errorf("UnmarshalText(empty) = %v, %v", x, err)
	}
	if err := x.UnmarshalText([]byte("2026-2-14")); !errs.Is(err, errs.Invalid) {
		t.Errorf("UnmarshalText(bad) = %v", err)
	}
}
