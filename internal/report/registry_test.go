package report_test

import (
	"strings"
	"testing"
	"time"

	"gongkai/internal/auth"
	"gongkai/internal/calendar"
	"gongkai/internal/errs"
	"gongkai/internal/report"
)

var day = calendar.MustParse

func TestOfficerValidate(t *testing.T) {
	o := report.Officer{Name: "  ", Duty: "boss", From: day("2026-05-01"), To: day("2026-04-30"), Trainee: true}
	o.Normalize()
	all := errs.All(o.Validate())
	var codes, fields []string
	for _, e := range all {
		codes, fields = append(codes, e.Code), append(fields, e.Field)
		if !strings.HasSuffix(e.Message, "。") || strings.ContainsAny(e.Message, "abcdefghijklmnopqrstuvwxyz") {
			t.Errorf("message not Chinese: %q", e.Message)
		}
	}
	if strings.Join(codes, ",") != "name_required,department_required,invalid_duty,to_before_from,trainee_filed_required" ||
		strings.Join(fields, ",") != "name,dept_id,duty,to,trainee_filed" {
		t.Fatalf("codes %v fields %v", codes, fields)
	}
	ok := report.Officer{Name: "李娜", DeptID: 3, Duty: report.DutyFOI, From: day("2026-05-01"), TraineeNote: "x", TraineeFiled: day("2026-05-01")}
	ok.Normalize()
	if err := ok.Validate(); err != nil || !ok.TraineeFiled.IsZero() || ok.TraineeNote != "" {
		t.Fatalf("a regular officer: %v %+v", err, ok)
	}
}

// TestNoActiveOfficerWarning: a department is warned when its every term
// has ended or not yet begun; the last day of a term still counts.
func TestNoActiveOfficerWarning(t *testing.T) {
	depts := []*auth.Department{{ID: 1, Name: "党政办"}, {ID: 2, Name: "社区中心"}, {ID: 3, Name: "经发办"}, {ID: 4, Name: "城建办"}}
	officers := []*report.Officer{
		{DeptID: 1, From: day("2025-01-01")},                        // open-ended
		{DeptID: 2, From: day("2025-01-01"), To: day("2026-06-30")}, // ends today
		{DeptID: 3, From: day("2025-01-01"), To: day("2026-06-29")}, // ended yesterday
		{DeptID: 4, From: day("2026-07-01")},                        // begins tomorrow
	}
	names := func(today string) string {
		var out []string
		for _, d := range report.DepartmentsWithoutOfficer(depts, officers, day(today)) {
			out = append(out, d.Name)
		}
		return strings.Join(out, ",")
	}
	if got := names("2026-06-30"); got != "经发办,城建办" {
		t.Fatalf("on 06-30: %s", got)
	}
	if got := names("2026-07-01"); got != "社区中心,经发办" {
		t.Fatalf("on 07-01: %s", got)
	}
}

func handover(t *testing.T) *report.Handover {
	t.Helper()
	from := &report.Officer{ID: 1, Name: "王强", DeptID: 5, DeptName: "社区中心", Username: "wangq", From: day("2024-01-01")}
	to := &report.Officer{ID: 2, Name: "李娜", DeptID: 5, DeptName: "社区中心", From: day("2026-06-01")}
	h, err := report.NewHandover(from, to, day("2026-06-15"), report.NewChecklist(map[string]bool{"accounts": true}), "")
	if err != nil {
		t.Fatal(err)
	}
	return h
}

// TestHandoverRequiresBoth: one sign-off leaves the handover open and the
// outgoing term running; the second completes it and ends the term on
// the handover date.
func TestHandoverRequiresBoth(t *testing.T) {
	h := handover(t)
	at := time.Date(2026, 6, 15, 9, 0, 0, 0, time.UTC)
	wang := &auth.User{Username: "wangq", Roles: []auth.Role{auth.Editor}}
	sup := &auth.User{Username: "sup", Roles: []auth.Role{auth.Supervisor}}
	if err := h.Confirm(report.Outgoing, wang, "", at); err != nil {
		t.Fatal(err)
	}
	if h.Complete() {
		t.Fatal("complete with one sign-off")
	}
	if _, ends := h.EndsTerm(); ends {
		t.Fatal("one sign-off ends the outgoing term")
	}
	// The outgoing officer cannot sign for the incoming one.
	if err := h.Confirm(report.Incoming, wang, "", at); !errs.Is(err, errs.Forbidden) {
		t.Fatalf("the other side's sign-off: %v", err)
	}
	if err := h.Confirm(report.Outgoing, wang, "", at); !errs.Is(err, errs.Conflict) {
		t.Fatalf("signing twice: %v", err)
	}
	// 李娜 has no account: the supervisor signs for her, with a reason.
	err := h.Confirm(report.Incoming, sup, " ", at)
	if e := errs.All(err); len(e) != 1 || e[0].Code != "behalf_note_required" || e[0].Field != "note" {
		t.Fatalf("on behalf without a note: %v", err)
	}
	if err := h.Confirm(report.Incoming, sup, "接收人尚未开通账户，当面确认", at.Add(time.Hour)); err != nil {
		t.Fatal(err)
	}
	if !h.Complete() || !h.In.OnBehalf || h.In.By != "sup" || h.Out.OnBehalf || h.Out.By != "wangq" {
		t.Fatalf("after both: %+v %+v", h.Out, h.In)
	}
	if end, ends := h.EndsTerm(); !ends || end != day("2026-06-15") {
		t.Fatalf("term end %v %v", end, ends)
	}
	if err := h.Confirm(report.Incoming, sup, "again", at); !errs.Is(err, errs.Conflict) {
		t.Fatalf("confirming a complete handover: %v", err)
	}
	if p := h.Pending(); len(p) != 4 || p[0].Label != "在办依申请公开件" {
		t.Fatalf("pending %v", p)
	}
}

func TestNewHandoverRefuses(t *testing.T) {
	a := &report.Officer{ID: 1, DeptID: 5, DeptName: "社区中心", From: day("2024-01-01"), To: day("2026-01-31")}
	b := &report.Officer{ID: 2, DeptID: 6, DeptName: "经发办", From: day("2026-01-01")}
	_, err := report.NewHandover(a, b, day("2026-02-01"), nil, "")
	var codes []string
	for _, e := range errs.All(err) {
		codes = append(codes, e.Code)
	}
	if strings.Join(codes, ",") != "other_department,from_not_active" || !strings.Contains(errs.All(err)[0].Message, "经发办") {
		t.Fatalf("refusal: %v", err)
	}
	if _, err := report.NewHandover(a, a, day("2026-01-15"), nil, ""); errs.All(err)[0].Code != "same_officer" {
		t.Fatalf("self handover: %v", err)
	}
}
