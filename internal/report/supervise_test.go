package report_test

import (
	"testing"
	"time"

	"gongkai/internal/auth"
	"gongkai/internal/calendar"
	"gongkai/internal/foi"
	"gongkai/internal/interact"
	"gongkai/internal/publish"
	"gongkai/internal/remind"
	"gongkai/internal/report"
)

// TestAlerts: each kind of red item lands on its department's line, yellow
// items are counted beside them, cautions and fresh columns are not, a
// link on pages of two departments counts for both, what no department
// owns goes to the office's line, and lines sort by red items.
func TestAlerts(t *testing.T) {
	now := time.Date(2026, 6, 15, 10, 0, 0, 0, calendar.Zone)
	today := calendar.DateOf(now)
	a, b, c, idle := &auth.Department{ID: 1, Code: "a", Name: "党政办"}, &auth.Department{ID: 2, Code: "b", Name: "规划建设办"},
		&auth.Department{ID: 3, Code: "c", Name: "社区事务中心"}, &auth.Department{ID: 4, Code: "d", Name: "财务所"}
	letter := &interact.Letter{Number: "ZX2026-00001"}
	f := report.AlertFacts{
		Today: today, Now: now, Depts: []*auth.Department{a, b, c, idle},
		FOI: map[int64][]remind.Reminder{
			1: {{Number: "1", Light: foi.Red}, {Number: "2", Light: foi.Yellow}},
			0: {{Number: "3", Light: foi.Red}},
		},
		Letters: map[int64]*interact.Due{2: {DeptID: 2, Red: []*interact.Letter{letter}, Escalated: []*interact.Letter{letter}}},
		Columns: []report.InspectColumn{
			{Column: publish.Column{Name: "工作动态", Kind: publish.KindNews, DeptID: 2}, Last: now.Add(-20 * 24 * time.Hour)},
			{Column: publish.Column{Name: "通知公告", Kind: publish.KindNotice, DeptID: 1}, Last: now.Add(-3 * 24 * time.Hour)},
			{Column: publish.Column{Name: "机构职能", Kind: publish.KindStatic, DeptID: 1}},
		},
		Latest: &report.Inspection{Crawl: report.Crawl{Problems: []report.Link{
			{URL: "/a.pdf", Class: "broken", Depts: []int64{1, 2}},
			{URL: "/b", Class: "broken"},
			{URL: "https://x.example/", Class: "caution", Depts: []int64{1}},
		}}},
		Officers: []*report.Officer{{DeptID: 1, From: today.AddDays(-100)}, {DeptID: 3, From: today.AddDays(-100)}, {DeptID: 4, From: today.AddDays(-100)},
			{DeptID: 2, From: today.AddDays(-100), To: today.AddDays(-1)}},
		Accounts: []*report.NewMediaAccount{
			{Name: "菊园发布", DeptID: 3, Status: report.StatusOpen, StatusDate: today.AddDays(-200), LastPost: today.AddDays(-20)},
			{Name: "菊园社区", DeptID: 3, Status: report.StatusOpen, StatusDate: today.AddDays(-200), LastPost: today.AddDays(-2)},
		},
	}
	got := report.Alerts(f)
	type line struct {
		name                                            string
		red, foiRed, foiSoon, lRed, lEsc, broken, stale int
		noOfficer                                       bool
		silent                                          int
	}
	want := []line{
		{"规划建设办", 4, 0, 0, 1, 1, 1, 1, true, 0}, // the letter overdue and past 3 months is one red item
		{"党政办", 2, 1, 1, 0, 0, 1, 0, false, 0},
		{report.Unassigned, 2, 1, 0, 0, 0, 1, 0, false, 0},
		{"社区事务中心", 1, 0, 0, 0, 0, 0, 0, false, 1},
	}
	if len(got) != len(want) {
		t.Fatalf("got %d lines, want %d: %+v", len(got), len(want), got)
	}
	for i, w := range want {
		g := got[i]
		have := line{g.Name, g.Red(), g.FOIOverdue, g.FOIDueSoon, g.LettersOverdue, g.LettersEscalated, g.BrokenLinks, len(g.StaleColumns), g.NoOfficer, len(g.SilentAccounts)}
		if have != w {
			t.Errorf("line %d: got %+v, want %+v", i, have, w)
		}
	}
	if got[0].StaleColumns[0] != "工作动态" || got[3].SilentAccounts[0] != "菊园发布" {
		t.Errorf("names: %v %v", got[0].StaleColumns, got[3].SilentAccounts)
	}
	if len(report.Alerts(report.AlertFacts{Today: today, Now: now, Depts: []*auth.Department{idle}, Officers: f.Officers})) != 0 {
		t.Error("a department with nothing to do has a line")
	}
}
