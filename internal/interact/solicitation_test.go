package interact_test

import (
	"strings"
	"testing"

	"gongkai/internal/calendar"
	"gongkai/internal/errs"
	"gongkai/internal/interact"
)

// TestMinimumPeriods checks the warning of each kind of draft against
// periods counted by hand from the State Council's holiday notices: a
// normative document needs 7 working days (国庆 2024 and its make-up
// Saturday inside), the others 30 calendar days whatever the holidays,
// both ends of the period included; "other" has no minimum.
func TestMinimumPeriods(t *testing.T) {
	cases := []struct {
		kind          interact.DraftKind
		opens, closes string
		warn          string // "" no warning; else a phrase the warning holds
		why           string
	}{
		{interact.DraftNormative, "2026-03-02", "2026-03-10", "", "Mon 2 to Tue 10 March: 7 working days"},
		{interact.DraftNormative, "2026-03-02", "2026-03-09", "只有 6 个工作日", "one working day short"},
		{interact.DraftNormative, "2024-09-30", "2024-10-09", "只有 3 个工作日", "30 Sep, then 8 and 9 Oct after the 国庆 holiday"},
		{interact.DraftNormative, "2024-09-30", "2024-10-12", "只有 6 个工作日", "the make-up Saturday 12 Oct counts"},
		{interact.DraftNormative, "2024-09-30", "2024-10-14", "", "Monday 14 Oct is the seventh"},
		{interact.DraftNormative, "2024-10-01", "2024-10-07", "只有 0 个工作日", "inside the holiday"},
		{interact.DraftNormativeMarket, "2026-03-02", "2026-03-31", "", "30 days, both ends included"},
		{interact.DraftNormativeMarket, "2026-03-02", "2026-03-30", "只有 29 日", "29 days"},
		{interact.DraftNormativeMarket, "2024-09-30", "2024-10-29", "", "calendar days: the holiday counts"},
		{interact.DraftRule, "2024-02-01", "2024-03-01", "", "30 days across a leap February"},
		{interact.DraftRule, "2024-02-01", "2024-02-29", "《规章制定程序条例》第十五条", "29 days"},
		{interact.DraftMajor, "2025-12-15", "2026-01-13", "", "30 days across the new year"},
		{interact.DraftMajor, "2025-12-15", "2026-01-12", "《重大行政决策程序暂行条例》第十四条", "29 days"},
		{interact.DraftNormativeMarket, "2026-03-02", "2026-03-02", "《优化营商环境条例》第六十二条", "one day"},
		{interact.DraftOther, "2026-03-02", "2026-03-02", "", "no minimum"},
	}
	for _, c := range cases {
		got := interact.PeriodWarning(cal, c.kind, calendar.MustParse(c.opens), calendar.MustParse(c.closes))
		switch {
		case c.warn == "" && got != "":
			t.Errorf("%s %s–%s: warning %q, want none (%s)", c.kind, c.opens, c.closes, got, c.why)
		case c.warn != "" && !strings.Contains(got, c.warn):
			t.Errorf("%s %s–%s: warning %q, want one with %q (%s)", c.kind, c.opens, c.closes, got, c.warn, c.why)
		}
	}
	for _, k := range interact.DraftKinds() {
		if m, ok := interact.MinimumPeriods[k]; ok && (m.Days <= 0 || m.Source == "") {
			t.Errorf("%s: minimum %+v has no length or source", k, m)
		}
	}
}

// TestSolicitationProblems: a short period is saved only when confirmed
// with a reason; feedback rows need a reason unless adopted.
func TestSolicitationProblems(t *testing.T) {
	s := interact.Solicitation{Title: "草案", DeptID: 1, Kind: interact.DraftNormative, DraftText: "全文",
		OpensOn: calendar.MustParse("2026-03-02"), ClosesOn: calendar.MustParse("2026-03-04")}
	codes := func(ps []*errs.Error) string {
		var out []string
		for _, p := range ps {
			out = append(out, p.Code)
		}
		return strings.Join(out, ",")
	}
	if got := codes(s.Problems(cal, false)); got != "period_too_short" {
		t.Fatalf("unconfirmed short period: %s", got)
	}
	if got := codes(s.Problems(cal, true)); got != "short_reason_required" {
		t.Fatalf("confirmed without reason: %s", got)
	}
	s.ShortReason = "紧急"
	if got := codes(s.Problems(cal, true)); got != "" {
		t.Fatalf("confirmed with reason: %s", got)
	}
	s.ClosesOn = calendar.MustParse("2026-03-01")
	if got := codes(s.Problems(cal, true)); got != "closes_before_opens" {
		t.Fatalf("closes before opens: %s", got)
	}
	s.DraftText = ""
	if got := codes((&interact.Solicitation{}).Problems(cal, false)); got != "title_required,dept_required,invalid_draft_kind,draft_required,opens_on_required" {
		t.Fatalf("empty: %s", got)
	}
	fb := interact.Feedback{Received: 2, Adopted: 1, Points: []interact.FeedbackPoint{{Point: "甲", Outcome: interact.Adopted}, {Point: "乙", Outcome: interact.NotAdopted}}}
	if got := codes(fb.Problems()); got != "reason_required" {
		t.Fatalf("rejected point without reason: %s", got)
	}
}
