package remind_test

import (
	"strings"
	"testing"

	"gongkai/internal/calendar"
	"gongkai/internal/foi"
	"gongkai/internal/remind"
)

var (
	cal = calendar.New(nil)
	d   = calendar.MustParse
)

func app(t *testing.T, number string, dept int64, received string, events ...foi.Event) *foi.Application {
	t.Helper()
	a := &foi.Application{Number: number, DeptID: dept, Channel: foi.InPerson, ReceivedOn: d(received)}
	for i, e := range events {
		a.Events = append(a.Events, foi.RecordedEvent{Event: e, Seq: i + 1})
	}
	c, err := foi.Compute(cal, foi.DefaultSettings, a.Channel, a.ReceivedOn, func() []foi.Event {
		var out []foi.Event
		for _, e := range a.Events {
			out = append(out, e.Event)
		}
		return out
	}())
	if err != nil {
		t.Fatal(err)
	}
	a.Clock = c
	return a
}

// TestDue: as of Monday 2025-12-15, with due dates counted by hand (no
// holiday between 2025-10-20 and 2025-12-31).
func TestDue(t *testing.T) {
	today := d("2025-12-15")
	apps := []*foi.Application{
		app(t, "A", 1, "2025-11-03"), // due 12-01: 10 working days late
		app(t, "B", 1, "2025-11-14"), // due 12-12 (Friday): 1 late
		app(t, "C", 1, "2025-11-21"), // due 12-19: 4 left, yellow
		app(t, "D", 2, "2025-11-24"), // due 12-22: 5 left, still yellow
		app(t, "E", 2, "2025-11-25"), // due 12-23: 6 left, green
		app(t, "H", 0, "2025-11-17"), // due today, unassigned
		// In consultation since 10-21, no reply: the pause runs its 15
		// working days, so due 10-20 + 35 = 12-08: 5 late.
		app(t, "I", 2, "2025-10-20", foi.Event{Type: foi.ConsultStart, On: d("2025-10-21"), Party: "某公司", Kind: "third_party"}),
		// Answered late, awaiting a 补正, withdrawn: no running clock.
		app(t, "F", 1, "2025-10-01", foi.Event{Type: foi.Answer, On: d("2025-12-10"), Outcome: foi.Disclose}),
		app(t, "G", 1, "2025-11-03", foi.Event{Type: foi.RequestSupplement, On: d("2025-11-04"), ReplyBy: d("2025-11-20")}),
		app(t, "W", 1, "2025-11-03", foi.Event{Type: foi.Withdraw, On: d("2025-11-04")}),
		nil,
	}
	got := remind.Due(apps, cal, today)
	type row struct {
		number string
		light  foi.Light
		due    string
		left   int
	}
	want := map[int64][]row{
		1: {{"A", foi.Red, "2025-12-01", -10}, {"B", foi.Red, "2025-12-12", -1}, {"C", foi.Yellow, "2025-12-19", 4}},
		2: {{"I", foi.Red, "2025-12-08", -5}, {"D", foi.Yellow, "2025-12-22", 5}},
		0: {{"H", foi.Yellow, "2025-12-15", 0}},
	}
	if len(got) != len(want) {
		t.Fatalf("departments: %v", got)
	}
	for dept, rows := range want {
		rs := got[dept]
		if len(rs) != len(rows) {
			t.Fatalf("dept %d: %+v", dept, rs)
		}
		for i, w := range rows {
			r := rs[i]
			if r.Number != w.number || r.Light != w.light || r.DueOn != d(w.due) || r.Left != w.left || r.DeptID != dept {
				t.Errorf("dept %d #%d: %+v, want %+v", dept, i, r, w)
			}
		}
	}
	if red, yellow := remind.Counts(got[1]); red != 2 || yellow != 1 {
		t.Errorf("counts %d %d", red, yellow)
	}
	if got[2][0].Status != foi.InConsultation || got[2][0].Describe() != "已逾期 5 个工作日" || got[0][0].Describe() != "今天到期" || got[1][2].Describe() != "剩余 4 个工作日" {
		t.Errorf("describe: %+v", got)
	}

	subject := remind.Subject("党政办公室", today, got[1])
	if subject != "依申请公开到期提醒（党政办公室，2025-12-15）：逾期 2 件，即将到期 1 件" {
		t.Errorf("subject %q", subject)
	}
	text := remind.Text("党政办公室", today, got[1], "https://gk.example.gov.cn/")
	for _, w := range []string{"【红灯】A  答复期限 2025-12-01（已逾期 10 个工作日），办理中", "【黄灯】C", "https://gk.example.gov.cn/admin/foi/B", "2 件依申请公开已逾期"} {
		if !strings.Contains(text, w) {
			t.Errorf("text lacks %q:\n%s", w, text)
		}
	}
	if len(remind.Due(nil, cal, today)) != 0 {
		t.Error("reminders without cases")
	}
}
