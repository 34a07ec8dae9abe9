package enforcement_test

import (
	"errors"
	"slices"
	"testing"

	"gongkai/internal/calendar"
	"gongkai/internal/enforcement"
	"gongkai/internal/errs"
)

var d = calendar.MustParse

// The clocks were counted by hand on the State Council's 2026 holiday
// notice (the CSV pinned by internal/calendar).
func TestPublicationClocks(t *testing.T) {
	cal := calendar.New(nil)
	for _, tc := range []struct{ decided, publishBy string }{
		// 09-30; 10-01..07 国庆; 10-08, 10-09, 10-10 (make-up Saturday), 10-12, 10-13, 10-14.
		{"2026-09-29", "2026-10-14"},
		// 02-13, 02-14 (make-up Saturday); 02-15..23 春节; 02-24..27, 02-28 (make-up Saturday).
		{"2026-02-12", "2026-02-28"},
		// An ordinary week: Mon + 7 working days = the next Wednesday.
		{"2026-03-02", "2026-03-11"},
	} {
		e := enforcement.Decision{DecidedOn: d(tc.decided), Category: "penalty_general"}
		e.Schedule(cal, d(tc.decided))
		if e.PublishBy != d(tc.publishBy) {
			t.Errorf("decided %s: publish_by %s, want %s", tc.decided, e.PublishBy, tc.publishBy)
		}
	}
	// 20 working days for 双随机 results: 09-20 (make-up Sunday), 09-21..24,
	// 09-25..27 中秋, 09-28..30, 国庆, 10-08, 10-09, 10-10, 10-12..16, 10-19..22.
	if got := enforcement.ResultDue(cal, d("2026-09-18")); got != d("2026-10-22") {
		t.Errorf("ResultDue(2026-09-18) = %s, want 2026-10-22", got)
	}
	// 02-14 (make-up, 1), 春节, 02-24..27 (5), 02-28 (make-up, 6), 03-02..06 (11), 03-09..13 (16), 03-16..19 (20).
	if got := enforcement.ResultDue(cal, d("2026-02-13")); got != d("2026-03-19") {
		t.Errorf("ResultDue(2026-02-13) = %s, want 2026-03-19", got)
	}
}

func TestLateAndLight(t *testing.T) {
	cal := calendar.New(nil)
	for _, tc := range []struct {
		published string
		light     string
		late      bool
	}{
		{"2026-09-30", "green", false},
		{"2026-10-12", "yellow", false}, // two working days left
		{"2026-10-14", "yellow", false}, // the last day is on time
		{"2026-10-15", "red", true},
	} {
		e := enforcement.Decision{DecidedOn: d("2026-09-29"), Category: "licence"}
		e.Schedule(cal, d(tc.published))
		if e.Light != tc.light || e.Late != tc.late {
			t.Errorf("published %s: light %q late %v, want %q %v", tc.published, e.Light, e.Late, tc.light, tc.late)
		}
	}
}

func TestPublicPeriod(t *testing.T) {
	for _, tc := range []struct{ category, decided, until string }{
		{"penalty_general", "2026-03-15", "2027-03-14"},
		{"penalty_serious", "2026-03-15", "2029-03-14"},
		{"licence", "2024-02-29", "2027-02-27"}, // no 2027-02-29: three years end on 02-28, the last public day is the 27th
		{"fire", "2026-01-31", "2027-01-30"},
	} {
		c, ok := enforcement.CategoryOf(tc.category)
		if !ok {
			t.Fatalf("no category %s", tc.category)
		}
		if got := enforcement.PublicUntil(c, d(tc.decided)); got != d(tc.until) {
			t.Errorf("%s decided %s: public until %s, want %s", tc.category, tc.decided, got, tc.until)
		}
	}
	if got := enforcement.AddMonths(d("2026-01-31"), 1); got != d("2026-02-28") {
		t.Errorf("AddMonths(01-31, 1) = %s", got)
	}
	if got := enforcement.AddMonths(d("2026-11-30"), 3); got != d("2027-02-28") {
		t.Errorf("AddMonths(11-30, 3) = %s", got)
	}
	for _, c := range enforcement.Categories {
		if c.Months < 3 || c.Months > 36 || c.Source == "" {
			t.Errorf("%s: %d months (%q); the 公示期 is 3 months to 3 years, with a source", c.Code, c.Months, c.Source)
		}
		if (c.Code == "special_equipment" || c.Code == "work_safety" || c.Code == "fire") && (c.Months < 12 || c.MinMonths < 12) {
			t.Errorf("%s: %d/%d months, want at least a year", c.Code, c.Months, c.MinMonths)
		}
	}
	e := enforcement.Decision{DecidedOn: d("2026-03-15"), Category: "penalty_general"}
	e.Schedule(calendar.New(nil), d("2026-03-16"))
	if !e.Public(d("2027-03-14")) || e.Public(d("2027-03-15")) {
		t.Error("the entry should be public through 2027-03-14 and not after")
	}
}

func codes(err error) []string {
	var out []string
	for _, e := range errs.All(err) {
		out = append(out, e.Field+":"+e.Code)
	}
	return out
}

func TestDecisionValidate(t *testing.T) {
	today := d("2026-06-01")
	good := enforcement.Decision{Kind: enforcement.Penalty, Number: "嘉菊市监罚〔2026〕12号", DecidedOn: d("2026-05-28"),
		PartyKind: enforcement.PartyOrg, PartyName: "上海某某餐饮有限公司", CreditCode: "91310114ma1gt35k5b",
		Basis: "《中华人民共和国食品安全法》第一百二十六条", Content: "警告，罚款人民币五千元", Category: "penalty_general"}
	good.Normalize()
	if err := good.Validate(today); err != nil {
		t.Fatalf("good entry: %v", err)
	}
	bad := good
	bad.CreditCode = "91310114MA1GT35K5C"
	bad.DecidedOn = d("2026-06-02")
	bad.Category = "licence"
	bad.Basis = ""
	want := []string{"decided_on:decided_on_future", "credit_code:invalid_credit_code", "basis:basis_required", "category:category_kind_mismatch"}
	if got := codes(bad.Validate(today)); !slices.Equal(got, want) {
		t.Errorf("bad entry: %v, want %v", got, want)
	}
	person := good
	person.PartyKind, person.PartyName, person.CreditCode = enforcement.PartyPerson, "张三丰", ""
	person.Normalize()
	if err := person.Validate(today); err != nil {
		t.Fatalf("person: %v", err)
	}
	if person.PartyMasked != "张**" || person.PublicParty() != "张**" {
		t.Errorf("person shown as %q, want 张**", person.PublicParty())
	}
	person.CreditCode = "310101199001011234"
	if got := codes(person.Validate(today)); !slices.Equal(got, []string{"credit_code:credit_code_for_person"}) {
		t.Errorf("person with an ID number: %v", got)
	}
}

func TestCanRepair(t *testing.T) {
	e := enforcement.Decision{Kind: enforcement.Penalty, DecidedOn: d("2026-01-10"), Category: "penalty_general"}
	e.Schedule(calendar.New(nil), d("2026-01-12"))
	code := func(err error) string {
		var x *errs.Error
		if errors.As(err, &x) {
			return x.Code
		}
		return ""
	}
	if got := code(e.CanRepair(d("2026-04-09"), "沪信修〔2026〕1号")); got != "repair_too_early" {
		t.Errorf("before 3 months: %q", got)
	}
	if err := e.CanRepair(d("2026-04-10"), "沪信修〔2026〕1号"); err != nil {
		t.Errorf("after 3 months: %v", err)
	}
	if got := code(e.CanRepair(d("2026-04-10"), " ")); got != "reason_required" {
		t.Errorf("no reason: %q", got)
	}
	if got := code(e.CanRepair(d("2027-01-10"), "x")); got != "period_over" {
		t.Errorf("after the period: %q", got)
	}
	fire := enforcement.Decision{Kind: enforcement.Penalty, DecidedOn: d("2026-01-10"), Category: "fire"}
	fire.Schedule(calendar.New(nil), d("2026-01-12"))
	if got := code(fire.CanRepair(d("2026-12-01"), "x")); got != "repair_too_early" {
		t.Errorf("fire penalty within a year: %q", got)
	}
	lic := enforcement.Decision{Kind: enforcement.Licence, DecidedOn: d("2026-01-10"), Category: "licence"}
	lic.Schedule(calendar.New(nil), d("2026-01-12"))
	if got := code(lic.CanRepair(d("2026-12-01"), "x")); got != "repair_not_penalty" {
		t.Errorf("licence: %q", got)
	}
}
