package report_test

import (
	"testing"

	"gongkai/internal/errs"
	"gongkai/internal/report"
)

// TestStaleAccount: an operating account is flagged on the 14th calendar
// day after its last post (or its opening, if it never posted), never
// when suspended or cancelled.
func TestStaleAccount(t *testing.T) {
	a := report.NewMediaAccount{Status: report.StatusOpen, StatusDate: day("2026-03-01"), LastPost: day("2026-06-01")}
	if a.Stale(day("2026-06-14")) {
		t.Fatal("stale after 13 days")
	}
	if !a.Stale(day("2026-06-15")) {
		t.Fatal("not stale after 14 days")
	}
	a.Status = report.StatusChanged
	if !a.Stale(day("2026-07-30")) {
		t.Fatal("a changed account is not flagged")
	}
	for _, st := range []report.AccountStatus{report.StatusSuspended, report.StatusCancelled} {
		a.Status = st
		if a.Stale(day("2026-07-30")) {
			t.Fatalf("%s flagged", st)
		}
	}
	never := report.NewMediaAccount{Status: report.StatusOpen, StatusDate: day("2026-06-10")}
	if never.Stale(day("2026-06-23")) || !never.Stale(day("2026-06-24")) {
		t.Fatal("an account that never posted counts from its opening")
	}
	list := report.StaleAccounts([]*report.NewMediaAccount{&a, &never}, day("2026-06-24"))
	if len(list) != 1 || list[0] != &never {
		t.Fatalf("stale list %v", list)
	}
}

func TestAccountStatusChanges(t *testing.T) {
	a := report.NewMediaAccount{Status: report.StatusOpen, StatusDate: day("2026-03-01")}
	if err := a.ChangeStatus(report.StatusSuspended, day("2026-02-28"), ""); errs.All(err)[0].Code != "status_date_before_last" {
		t.Fatalf("a date before the last change: %v", err)
	}
	if err := a.ChangeStatus(report.StatusSuspended, day("2026-04-01"), "暂停运营"); err != nil || a.Status != report.StatusSuspended {
		t.Fatal(err)
	}
	if err := a.ChangeStatus(report.StatusChanged, day("2026-04-02"), ""); errs.All(err)[0].Code != "status_not_allowed" {
		t.Fatalf("a suspended account changed: %v", err)
	}
	if err := a.ChangeStatus(report.StatusCancelled, day("2026-05-01"), ""); err != nil {
		t.Fatal(err)
	}
	if report.CanChangeStatus(report.StatusCancelled, report.StatusOpen) {
		t.Fatal("a cancelled account reopens")
	}
	bad := report.NewMediaAccount{Platform: "myspace", Tier: "x"}
	var fields []string
	for _, e := range errs.All(bad.Validate()) {
		fields = append(fields, e.Field)
	}
	if len(fields) != 5 || fields[0] != "platform" || fields[4] != "status_date" {
		t.Fatalf("fields %v", fields)
	}
}
