package report_test

import (
	"testing"

	"gongkai/internal/errs"
	"gongkai/internal/report"
)

// TestRank works a small quarter out by hand: three departments, one
// indicator of each scale, one department without data for one indicator,
// and the comparison with the previous quarter.
func TestRank(t *testing.T) {
	ins := []report.Indicator{
		{Code: "published", Label: "主动公开信息数", Weight: 20, Scale: report.CountUp},
		{Code: "foi_on_time", Label: "依申请公开按期答复率", Weight: 50, Scale: report.Percent},
		{Code: "broken_links", Label: "错链断链", Weight: 30, Scale: report.CountDown, Deduct: 10},
	}
	depts := []report.DeptValues{
		// A: 40/40 → 100; 90 %; 2 broken → 80. (20×100 + 50×90 + 30×80) / 100 = 89.
		{DeptID: 1, Name: "甲", Values: map[string]float64{"published": 40, "foi_on_time": 90, "broken_links": 2}},
		// B: 10/40 → 25; no FOI cases; 0 broken → 100. (20×25 + 30×100) / 50 = 70.
		{DeptID: 2, Name: "乙", Values: map[string]float64{"published": 10, "broken_links": 0}},
		// C: 20/40 → 50; 100 %; 15 broken → 0 (not below). (20×50 + 50×100 + 0) / 100 = 60.
		{DeptID: 3, Name: "丙", Values: map[string]float64{"published": 20, "foi_on_time": 100, "broken_links": 15}},
	}
	previous := []report.Ranked{{DeptID: 1, Score: 92, Rank: 1}, {DeptID: 3, Score: 55, Rank: 2}}
	got := report.Rank(ins, depts, previous)
	want := []struct {
		id           int64
		score        float64
		rank         int
		prev         bool
		delta        float64
		rankDelta    int
		brokenPoints float64
	}{{1, 89, 1, true, -3, 0, 80}, {2, 70, 2, false, 0, 0, 100}, {3, 60, 3, true, 5, -1, 0}}
	if len(got) != len(want) {
		t.Fatalf("%d lines", len(got))
	}
	for i, w := range want {
		g := got[i]
		if g.DeptID != w.id || g.Score != w.score || g.Rank != w.rank || g.Previous != w.prev || g.ScoreDelta != w.delta || g.RankDelta != w.rankDelta || g.Points["broken_links"] != w.brokenPoints {
			t.Errorf("line %d: %+v, want %+v", i+1, g, w)
		}
	}
	if _, ok := got[1].Points["foi_on_time"]; ok {
		t.Error("a department without FOI cases got points for them")
	}
	// Equal scores share a rank.
	tie := report.Rank(ins[:1], []report.DeptValues{{DeptID: 1, Name: "甲", Values: map[string]float64{"published": 5}}, {DeptID: 2, Name: "乙", Values: map[string]float64{"published": 5}}}, nil)
	if tie[0].Rank != 1 || tie[1].Rank != 1 {
		t.Errorf("tie: %+v", tie)
	}
}

func TestValidateIndicators(t *testing.T) {
	if err := report.ValidateIndicators(report.DefaultIndicators()); err != nil {
		t.Fatalf("the defaults: %v", err)
	}
	bad := []report.Indicator{{Code: "a", Label: "甲", Weight: 10, Scale: report.Percent}, {Code: "a", Label: "乙", Weight: 10, Scale: report.Percent},
		{Code: "b", Label: "丙", Weight: 0, Scale: report.Percent}, {Code: "c", Label: "丁", Weight: 5, Scale: report.CountDown}}
	if n := len(errs.All(report.ValidateIndicators(bad))); n != 3 {
		t.Fatalf("%d problems, want 3 (repeated code, zero weight, count of faults without deduction): %v", n, report.ValidateIndicators(bad))
	}
	if q := (report.Quarter{Year: 2026, Q: 1}); q.Label() != "2026年第一季度" || q.Previous() != (report.Quarter{Year: 2025, Q: 4}) {
		t.Errorf("quarter: %s %v", q.Label(), q.Previous())
	}
}
