package foi_test

import (
	"strings"
	"testing"

	"gongkai/internal/calendar"
	"gongkai/internal/errs"
	"gongkai/internal/foi"
)

var (
	cal = calendar.New(nil)
	set = foi.DefaultSettings
	d   = calendar.MustParse
)

func compute(t *testing.T, ch foi.Channel, received string, events ...foi.Event) *foi.Clock {
	t.Helper()
	var r calendar.Date
	if received != "" {
		r = d(received)
	}
	c, err := foi.Compute(cal, set, ch, r, events)
	if err != nil {
		t.Fatalf("compute: %v", err)
	}
	return c
}

func refused(t *testing.T, code string, ch foi.Channel, received string, events ...foi.Event) {
	t.Helper()
	var r calendar.Date
	if received != "" {
		r = d(received)
	}
	_, err := foi.Compute(cal, set, ch, r, events)
	if err == nil {
		t.Fatalf("accepted, want %s", code)
	}
	if c, msg := errs.Public(err); c != code || msg == "" {
		t.Fatalf("got %s (%v), want %s", c, err, code)
	}
}

func TestReceiptDateByChannel(t *testing.T) {
	c := compute(t, foi.Online, "")
	if c.Status != foi.AwaitingConfirmation || !c.DueOn.IsZero() {
		t.Fatalf("online before confirmation: %+v", c)
	}
	// Across National Day 2024 (make-up Sundays 09-29 and 10-12 count).
	c = compute(t, foi.Online, "", foi.Event{Type: foi.Confirm, On: d("2024-09-27")})
	if c.ReceivedOn != d("2024-09-27") || c.DueOn != d("2024-10-30") || c.Status != foi.InProgress {
		t.Fatalf("online confirmed: R=%s due=%s %s", c.ReceivedOn, c.DueOn, c.Status)
	}
	// Across the 2026 Spring Festival with the make-up Saturdays 02-14 and 02-28.
	c = compute(t, foi.InPerson, "2026-02-13")
	if c.DueOn != d("2026-03-19") {
		t.Fatalf("in person 2026-02-13: due %s", c.DueOn)
	}
	refused(t, "invalid_transition", foi.InPerson, "2026-02-13", foi.Event{Type: foi.Confirm, On: d("2026-02-14")})
	refused(t, "received_on_required", foi.MailSigned, "")
	refused(t, "invalid_transition", foi.Fax, "", foi.Event{Type: foi.Confirm, On: d("2026-03-02")}, foi.Event{Type: foi.Confirm, On: d("2026-03-03")})
}

func TestSupplementRestartsTheClock(t *testing.T) {
	// R 2025-09-26; the 补正 limit is the 7th working day: 2025-10-13 (across National Day 2025).
	refused(t, "invalid_transition", foi.InPerson, "2025-09-26", foi.Event{Type: foi.RequestSupplement, On: d("2025-10-14"), ReplyBy: d("2025-10-31")})
	ask := foi.Event{Type: foi.RequestSupplement, On: d("2025-10-13"), ReplyBy: d("2025-10-31")}
	c := compute(t, foi.InPerson, "2025-09-26", ask)
	if c.Status != foi.AwaitingSupplement || !c.DueOn.IsZero() || c.SupplementBy != d("2025-10-31") {
		t.Fatalf("awaiting supplement: %+v", c)
	}
	c = compute(t, foi.InPerson, "2025-09-26", ask, foi.Event{Type: foi.SupplementReceived, On: d("2025-10-20")})
	if c.ReceivedOn != d("2025-10-20") || c.DueOn != d("2025-11-17") {
		t.Fatalf("after supplement: R=%s due=%s", c.ReceivedOn, c.DueOn)
	}
	// Only once.
	refused(t, "invalid_transition", foi.InPerson, "2025-09-26", ask, foi.Event{Type: foi.SupplementReceived, On: d("2025-10-20")},
		foi.Event{Type: foi.RequestSupplement, On: d("2025-10-21"), ReplyBy: d("2025-11-05")})
	refused(t, "reply_by_required", foi.InPerson, "2025-09-26", foi.Event{Type: foi.RequestSupplement, On: d("2025-10-09")})
	// Not supplemented by the reply-by date: closed as other_no_supplement, and not before.
	refused(t, "invalid_transition", foi.InPerson, "2025-09-26", ask, foi.Event{Type: foi.Answer, On: d("2025-10-31"), Outcome: foi.OtherNoSupplement})
	c = compute(t, foi.InPerson, "2025-09-26", ask, foi.Event{Type: foi.Answer, On: d("2025-11-03"), Outcome: foi.OtherNoSupplement})
	if c.Status != foi.Answered || c.Outcome != foi.OtherNoSupplement || c.Late {
		t.Fatalf("closed without supplement: %+v", c)
	}
}

func TestConsultationsDoNotCount(t *testing.T) {
	// Two overlapping consultations: (03-05, 03-15] has 8 working days, counted once.
	c := compute(t, foi.InPerson, "2024-03-01",
		foi.Event{Type: foi.ConsultStart, On: d("2024-03-05"), Party: "某公司", Kind: "third_party"},
		foi.Event{Type: foi.ConsultStart, On: d("2024-03-08"), Party: "区规划资源局", Kind: "organ"},
		foi.Event{Type: foi.ConsultEnd, On: d("2024-03-12"), Party: "某公司"},
		foi.Event{Type: foi.ConsultEnd, On: d("2024-03-15"), Party: "区规划资源局"})
	if c.PausedWorkdays != 8 || c.DueOn != d("2024-04-11") || c.Status != foi.InProgress {
		t.Fatalf("overlapping consultations: paused %d, due %s", c.PausedWorkdays, c.DueOn)
	}
	// Without an end, the pause runs the statutory 15 working days: 04-03 → 04-25 (across 清明 2024).
	c = compute(t, foi.InPerson, "2024-04-01", foi.Event{Type: foi.ConsultStart, On: d("2024-04-03"), Party: "某公司", Kind: "third_party"})
	if c.PausedWorkdays != 15 || c.DueOn != d("2024-05-22") || c.Status != foi.InConsultation {
		t.Fatalf("open consultation: paused %d, due %s", c.PausedWorkdays, c.DueOn)
	}
	refused(t, "invalid_consult_kind", foi.InPerson, "2024-04-01", foi.Event{Type: foi.ConsultStart, On: d("2024-04-03"), Party: "x", Kind: "friend"})
	refused(t, "invalid_transition", foi.InPerson, "2024-04-01", foi.Event{Type: foi.ConsultEnd, On: d("2024-04-03"), Party: "nobody"})
	refused(t, "invalid_transition", foi.InPerson, "2024-04-01", foi.Event{Type: foi.ConsultStart, On: d("2024-04-03"), Party: "某公司", Kind: "third_party"},
		foi.Event{Type: foi.Answer, On: d("2024-04-10"), Outcome: foi.Disclose})
}

// TestConsultEndWithoutParty: consult_end without a party ends the only
// open consultation; with none or several open it is refused, naming them.
func TestConsultEndWithoutParty(t *testing.T) {
	start := func(on, party string) foi.Event {
		return foi.Event{Type: foi.ConsultStart, On: d(on), Party: party, Kind: "third_party"}
	}
	end := foi.Event{Type: foi.ConsultEnd, On: d("2024-03-12")}
	c := compute(t, foi.InPerson, "2024-03-01", start("2024-03-05", "某公司"), end)
	if c.Status != foi.InProgress || c.PausedWorkdays != 5 {
		t.Fatalf("the only consultation: %s, paused %d", c.Status, c.PausedWorkdays)
	}
	named := false
	for _, st := range c.Explanation {
		named = named || strings.Contains(st.Text, "“某公司”的意见收到")
	}
	if !named {
		t.Errorf("the explanation does not name the party: %+v", c.Explanation)
	}
	refused(t, "invalid_transition", foi.InPerson, "2024-03-01", end)
	_, err := foi.Compute(cal, set, foi.InPerson, d("2024-03-01"), []foi.Event{start("2024-03-05", "某公司"), start("2024-03-06", "区规划资源局"), end})
	if _, msg := errs.Public(err); errs.KindOf(err) != errs.Conflict || !strings.Contains(msg, "某公司") || !strings.Contains(msg, "区规划资源局") {
		t.Errorf("several open: %v", err)
	}
}

func TestExtension(t *testing.T) {
	ext := foi.Event{Type: foi.Extend, On: d("2024-10-30"), Reason: "需要调取档案"}
	c := compute(t, foi.InPerson, "2024-09-27", ext)
	if !c.Extended || c.DueOn != cal2(d("2024-09-27"), 40) {
		t.Fatalf("extended: %+v", c)
	}
	refused(t, "invalid_transition", foi.InPerson, "2024-09-27", foi.Event{Type: foi.Extend, On: d("2024-10-31"), Reason: "晚了"})
	refused(t, "invalid_transition", foi.InPerson, "2024-09-27", ext, foi.Event{Type: foi.Extend, On: d("2024-11-01"), Reason: "第二次"})
	refused(t, "reason_required", foi.InPerson, "2024-09-27", foi.Event{Type: foi.Extend, On: d("2024-10-08")})
	if !strings.Contains(c.Explanation[len(c.Explanation)-1].Text, "加延长的 20 个工作日") {
		t.Fatalf("explanation: %+v", c.Explanation)
	}
}

func cal2(from calendar.Date, n int) calendar.Date {
	x, _ := cal.AddWorkdays(from, n)
	return x
}

func TestFeesAndAnswers(t *testing.T) {
	notice := foi.Event{Type: foi.FeeNotice, On: d("2026-03-02"), AmountYuan: 3000}
	c := compute(t, foi.InPerson, "2026-02-27", notice)
	if c.Status != foi.AwaitingFee || !c.DueOn.IsZero() || c.FeePayBy != cal2(d("2026-03-02"), 20) {
		t.Fatalf("fee notice: %+v", c)
	}
	c = compute(t, foi.InPerson, "2026-02-27", notice, foi.Event{Type: foi.FeePaid, On: d("2026-03-10")})
	if c.ReceivedOn != d("2026-03-10") || c.DueOn != cal2(d("2026-03-10"), 20) {
		t.Fatalf("fee paid (109号: period runs from payment): %+v", c)
	}
	pause := set
	pause.FeeRestarts = false
	cp, err := foi.Compute(cal, pause, foi.InPerson, d("2026-02-27"), []foi.Event{notice, {Type: foi.FeePaid, On: d("2026-03-10")}})
	if err != nil || cp.PausedWorkdays != 6 || cp.DueOn != cal2(d("2026-02-27"), 26) {
		t.Fatalf("fee as a pause: %+v %v", cp, err)
	}
	refused(t, "invalid_transition", foi.InPerson, "2026-02-27", notice, foi.Event{Type: foi.Answer, On: d("2026-03-05"), Outcome: foi.OtherFeeUnpaid})
	c = compute(t, foi.InPerson, "2026-02-27", notice, foi.Event{Type: foi.Answer, On: cal2(d("2026-03-02"), 21), Outcome: foi.OtherFeeUnpaid})
	if c.Outcome != foi.OtherFeeUnpaid {
		t.Fatal("unpaid fee not closed")
	}
	// A late answer is allowed and marked.
	c = compute(t, foi.InPerson, "2024-09-27", foi.Event{Type: foi.Answer, On: d("2024-10-31"), Outcome: foi.Partial})
	if !c.Late || c.Outcome != foi.Partial {
		t.Fatalf("late answer: %+v", c)
	}
	c = compute(t, foi.InPerson, "2024-09-27", foi.Event{Type: foi.Answer, On: d("2024-10-30"), Outcome: foi.Disclose},
		foi.Event{Type: foi.Mail, On: d("2024-10-31"), Carrier: "中国邮政EMS", TrackingNo: "EA123456789CN"},
		foi.Event{Type: foi.Archive, On: d("2024-11-01"), Location: "2024-依申请-015"})
	if c.Late || c.Status != foi.Answered {
		t.Fatalf("on-time answer: %+v", c)
	}
	refused(t, "invalid_outcome", foi.InPerson, "2024-09-27", foi.Event{Type: foi.Answer, On: d("2024-10-08"), Outcome: "maybe"})
	refused(t, "invalid_transition", foi.InPerson, "2024-09-27", foi.Event{Type: foi.Mail, On: d("2024-10-08"), Carrier: "EMS", TrackingNo: "1"})
	refused(t, "invalid_transition", foi.InPerson, "2024-09-27", foi.Event{Type: foi.Answer, On: d("2024-10-08"), Outcome: foi.Disclose},
		foi.Event{Type: foi.Extend, On: d("2024-10-09"), Reason: "晚了"})
	w := compute(t, foi.Online, "", foi.Event{Type: foi.Withdraw, On: d("2024-10-08")})
	if w.Status != foi.Withdrawn || w.Outcome != foi.Other {
		t.Fatalf("withdrawn: %+v", w)
	}
}

func TestEventOrder(t *testing.T) {
	refused(t, "out_of_order", foi.InPerson, "2024-09-27",
		foi.Event{Type: foi.ConsultStart, On: d("2024-10-10"), Party: "甲", Kind: "organ"},
		foi.Event{Type: foi.ConsultEnd, On: d("2024-10-09"), Party: "甲"})
	refused(t, "before_receipt", foi.InPerson, "2024-09-27", foi.Event{Type: foi.Answer, On: d("2024-09-26"), Outcome: foi.Disclose})
	err := foi.Check(cal, set, foi.InPerson, d("2024-09-27"), d("2024-09-27"), nil, foi.Event{Type: foi.Answer, On: d("2024-10-08"), Outcome: foi.Disclose}, d("2024-10-07"))
	if c, _ := errs.Public(err); c != "date_in_future" {
		t.Fatalf("future event: %v", err)
	}
}

// TestEventNotBeforeSubmission refuses a confirmation, or any step, dated
// before the application reached the organ: a 1999 confirm of an online
// application of 2026 would start the clock 27 years early.
func TestEventNotBeforeSubmission(t *testing.T) {
	submitted, today := d("2026-03-02"), d("2026-03-05")
	for _, e := range []foi.Event{
		{Type: foi.Confirm, On: d("1999-01-01")},
		{Type: foi.Confirm, On: d("2026-03-01")},
		{Type: foi.Withdraw, On: d("2026-02-27")},
	} {
		err := foi.Check(cal, set, foi.Online, calendar.Date{}, submitted, nil, e, today)
		if c, _ := errs.Public(err); c != "before_submission" {
			t.Errorf("%s on %s: %v, want before_submission", e.Type, e.On, err)
		}
	}
	if err := foi.Check(cal, set, foi.Online, calendar.Date{}, submitted, nil, foi.Event{Type: foi.Confirm, On: submitted}, today); err != nil {
		t.Fatalf("confirm on the day of submission: %v", err)
	}
	if err := foi.Check(cal, set, foi.Online, calendar.Date{}, submitted, nil, foi.Event{Type: foi.Confirm, On: d("2026-03-06")}, today); err == nil {
		t.Fatal("a confirm dated tomorrow was accepted")
	}
}

func TestLights(t *testing.T) {
	due := d("2024-10-30")
	for today, want := range map[string]foi.Light{"2024-09-27": foi.Green, "2024-10-22": foi.Green, "2024-10-23": foi.Yellow, "2024-10-30": foi.Yellow, "2024-10-31": foi.Red} {
		if got := foi.LightOf(cal, due, d(today)); got != want {
			t.Errorf("light on %s: %s, want %s", today, got, want)
		}
	}
}

// TestProvisional marks due dates that reach into a year without official data.
func TestProvisional(t *testing.T) {
	if c := compute(t, foi.InPerson, "2026-11-26"); c.Provisional {
		t.Fatal("2026 is covered")
	}
	c := compute(t, foi.InPerson, "2027-12-20")
	if !c.Provisional || !strings.Contains(c.Explanation[len(c.Explanation)-1].Text, "暂定") {
		t.Fatalf("a due date in 2028, a year without official data, must be provisional: %+v", c)
	}
}
