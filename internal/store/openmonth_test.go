package store_test

import (
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"gongkai/internal/auth"
	"gongkai/internal/calendar"
	"gongkai/internal/errs"
	"gongkai/internal/interact"
	"gongkai/internal/store"
	"gongkai/internal/store/storetest"
)

// omToday is the open-month tests' day: 2026-07-20 in Shanghai.
var omToday = time.Date(2026, 7, 20, 2, 0, 0, 0, time.UTC)

// TestOpenMonthSuite runs the 政府开放月 store tests on each dialect.
func TestOpenMonthSuite(t *testing.T) {
	for _, d := range storetest.Dialects(t) {
		t.Run(string(d), func(t *testing.T) {
			t.Run("OneVotePerPerson", func(t *testing.T) { testOMOneVote(t, storetest.Open(t, d)) })
			t.Run("VoteWindow", func(t *testing.T) { testOMVoteWindow(t, storetest.Open(t, d)) })
			t.Run("CapacityAndWaitlist", func(t *testing.T) { testOMCapacity(t, storetest.Open(t, d)) })
			t.Run("RegistrationWindow", func(t *testing.T) { testOMRegistrationWindow(t, storetest.Open(t, d)) })
			t.Run("ConcurrentRegistrations", func(t *testing.T) { testOMConcurrent(t, storetest.Open(t, d)) })
			t.Run("CheckInAndReport", func(t *testing.T) { testOMCheckInReport(t, storetest.Open(t, d)) })
		})
	}
}

// omSetup puts the clock on omToday and adds a department.
func omSetup(t *testing.T, s *store.Store) (*storetest.Clock, int64) {
	t.Helper()
	clock := storetest.NewClock(omToday)
	s.Now = clock.Now
	d := &auth.Department{Code: "om-test", Name: "开放月测试办"}
	if err := s.CreateDepartment(ctx, "admin", d); err != nil {
		t.Fatal(err)
	}
	return clock, d.ID
}

func omPoll(t *testing.T, s *store.Store, dept int64) *interact.Poll {
	t.Helper()
	p := &interact.Poll{Title: "今年开放月您最想了解什么", DeptID: dept, OpensOn: calendar.MustParse("2026-07-01"), ClosesOn: calendar.MustParse("2026-07-31"),
		Options: []interact.PollOption{{Text: "垃圾分类处置"}, {Text: "12345 热线"}, {Text: "  "}, {Text: "社区食堂"}}}
	if err := s.CreatePoll(ctx, "supervisor", p); err != nil {
		t.Fatal(err)
	}
	return p
}

func omEvent(t *testing.T, s *store.Store, dept int64, on string, capacity int) *interact.Event {
	t.Helper()
	e := &interact.Event{Topic: "走进垃圾分类处置中心", DeptID: dept, On: calendar.MustParse(on), Starts: "09:30", Ends: "11:30",
		Place: "菊园新区环卫所", Form: interact.Visit, Capacity: capacity,
		RegOpens: calendar.MustParse("2026-07-01"), RegCloses: calendar.MustParse(on).AddDays(-1)}
	if err := s.CreateOpenEvent(ctx, "supervisor", e); err != nil {
		t.Fatal(err)
	}
	return e
}

func omRegister(t *testing.T, s *store.Store, eventID int64, name, phone string) (*interact.Registration, string) {
	t.Helper()
	r, code, err := s.RegisterForEvent(ctx, eventID, interact.Registrant{Name: name, Phone: phone})
	if err != nil {
		t.Fatalf("register %s: %v", name, err)
	}
	return r, code
}

func testOMOneVote(t *testing.T, s *store.Store) {
	_, dept := omSetup(t, s)
	p := omPoll(t, s, dept)
	if len(p.Options) != 3 {
		t.Fatalf("blank option kept: %+v", p.Options)
	}
	if err := s.Vote(ctx, p.ID, p.Options[1].ID, "138 1234 5678"); err != nil {
		t.Fatal(err)
	}
	// The same person, typed differently, for another option: refused.
	err := s.Vote(ctx, p.ID, p.Options[0].ID, "13812345678")
	wantCode(t, err, errs.Conflict, "already_voted")
	if errs.FieldOf(err) != "phone" {
		t.Fatalf("field %q", errs.FieldOf(err))
	}
	if err := s.Vote(ctx, p.ID, p.Options[1].ID, "13900001111"); err != nil {
		t.Fatal(err)
	}
	wantCode(t, s.Vote(ctx, p.ID, p.Options[0].ID, "2381234567"), errs.Invalid, "phone_invalid")
	wantCode(t, s.Vote(ctx, p.ID, 0, "13700001111"), errs.Invalid, "option_required")
	got, err := s.Poll(ctx, p.ID)
	if err != nil || got.Total() != 2 || got.Options[1].Votes != 2 || got.Options[0].Votes != 0 || got.Percent(got.Options[1]) != 100 {
		t.Fatalf("counts: %+v %v", got, err)
	}
	// The number is nowhere in clear.
	var macs string
	if err := rawDB(t, s).QueryRow(rebindFor(s, "SELECT MIN(voter_mac) || MAX(voter_mac) FROM om_votes WHERE poll_id = ?"), p.ID).Scan(&macs); err != nil {
		t.Fatal(err)
	}
	if strings.Contains(macs, "13812345678") || strings.Contains(macs, "5678") {
		t.Fatalf("phone in clear: %q", macs)
	}
	// Options are frozen once someone has voted.
	got.Options = append(got.Options, interact.PollOption{Text: "新增议题"})
	wantCode(t, s.UpdatePoll(ctx, "supervisor", got), errs.Conflict, "poll_has_votes")
}

func testOMVoteWindow(t *testing.T, s *store.Store) {
	clock, dept := omSetup(t, s)
	p := &interact.Poll{Title: "九月议题", DeptID: dept, OpensOn: calendar.MustParse("2026-08-01"), ClosesOn: calendar.MustParse("2026-08-10"),
		Options: []interact.PollOption{{Text: "甲"}, {Text: "乙"}}}
	if err := s.CreatePoll(ctx, "supervisor", p); err != nil {
		t.Fatal(err)
	}
	wantCode(t, s.Vote(ctx, p.ID, p.Options[0].ID, "13812345678"), errs.Conflict, "poll_not_open")
	clock.Advance(12 * 24 * time.Hour) // 2026-08-01
	if err := s.Vote(ctx, p.ID, p.Options[0].ID, "13812345678"); err != nil {
		t.Fatal(err)
	}
	clock.Advance(10 * 24 * time.Hour) // 2026-08-11
	wantCode(t, s.Vote(ctx, p.ID, p.Options[0].ID, "13900001111"), errs.Conflict, "poll_closed")
	bad := &interact.Poll{Title: "", DeptID: dept, OpensOn: calendar.MustParse("2026-08-10"), ClosesOn: calendar.MustParse("2026-08-01"),
		Options: []interact.PollOption{{Text: "甲"}}}
	all := errs.All(s.CreatePoll(ctx, "supervisor", bad))
	var codes []string
	for _, e := range all {
		codes = append(codes, e.Code)
	}
	if strings.Join(codes, ",") != "title_required,too_few_options,window_reversed" {
		t.Fatalf("codes: %v", codes)
	}
}

func testOMCapacity(t *testing.T, s *store.Store) {
	_, dept := omSetup(t, s)
	e := omEvent(t, s, dept, "2026-08-12", 2)
	a, codeA := omRegister(t, s, e.ID, "张三", "13800000001")
	b, _ := omRegister(t, s, e.ID, "李四", "13800000002")
	c, codeC := omRegister(t, s, e.ID, "王五", "13800000003")
	if a.Status != interact.Confirmed || b.Status != interact.Confirmed || c.Status != interact.Waitlisted || c.Position != 1 {
		t.Fatalf("statuses: %s %s %s(%d)", a.Status, b.Status, c.Status, c.Position)
	}
	if a.Name != "张*" || a.Phone != "138****0001" || a.Number == b.Number {
		t.Fatalf("masks or numbers: %+v %+v", a, b)
	}
	_, _, err := s.RegisterForEvent(ctx, e.ID, interact.Registrant{Name: "张三", Phone: "13800000001"})
	wantCode(t, err, errs.Conflict, "already_registered")
	// A wrong code finds nothing and changes nothing.
	_, err = s.CancelEventRegistration(ctx, a.Number, "WRONGCOD")
	wantCode(t, err, errs.NotFound, "registration_not_found")
	_, err = s.CancelEventRegistration(ctx, "KF999-001", codeA)
	wantCode(t, err, errs.NotFound, "registration_not_found")
	if got, _ := s.EventRegistration(ctx, c.Number, strings.ToLower(codeC)); got == nil || got.Status != interact.Waitlisted {
		t.Fatalf("look-up: %+v", got)
	}
	// Cancelling a confirmed place moves the waitlist up.
	gone, err := s.CancelEventRegistration(ctx, a.Number, codeA)
	if err != nil || gone.Status != interact.Cancelled {
		t.Fatalf("cancel: %+v %v", gone, err)
	}
	_, err = s.CancelEventRegistration(ctx, a.Number, codeA)
	wantCode(t, err, errs.Conflict, "already_cancelled")
	if got, _ := s.EventRegistration(ctx, c.Number, codeC); got == nil || got.Status != interact.Confirmed {
		t.Fatalf("waitlisted not promoted: %+v", got)
	}
	list, err := s.EventRegistrations(ctx, e.ID)
	if err != nil || len(list) != 3 || list[0].Number != b.Number || list[1].Number != c.Number || list[2].Status != interact.Cancelled {
		t.Fatalf("check-in list: %+v %v", list, err)
	}
	ev, _ := s.OpenEvent(ctx, e.ID)
	if ev.Confirmed != 2 || ev.Waitlisted != 0 {
		t.Fatalf("counts: %d %d", ev.Confirmed, ev.Waitlisted)
	}
	// The capacity cannot fall below the confirmed places.
	ev.Capacity = 1
	wantCode(t, s.UpdateOpenEvent(ctx, "supervisor", ev), errs.Conflict, "capacity_below_confirmed")
	// The trail names registrations, never people.
	events, _ := s.AuditEvents(ctx, store.AuditFilter{Object: fmt.Sprintf("openevent:%d", e.ID)})
	if len(events) < 6 {
		t.Fatalf("trail: %d events", len(events))
	}
	for _, a := range events {
		if a.Action != "openmonth.event_create" && a.Actor != "anonymous" {
			t.Fatalf("public action by %q", a.Actor)
		}
		for _, v := range a.Detail {
			if strings.Contains(v, "张三") || strings.Contains(v, "1380000") {
				t.Fatalf("personal data in the trail: %v", a.Detail)
			}
		}
	}
	var raw string
	if err := rawDB(t, s).QueryRow(rebindFor(s, "SELECT name_sealed || phone_sealed || name_mask || phone_mask || code_hash FROM om_registrations WHERE number = ?"), b.Number).Scan(&raw); err != nil {
		t.Fatal(err)
	}
	if strings.Contains(raw, "李四") || strings.Contains(raw, "13800000002") {
		t.Fatalf("registrant stored in clear")
	}
}

func testOMRegistrationWindow(t *testing.T, s *store.Store) {
	clock, dept := omSetup(t, s)
	e := &interact.Event{Topic: "社区食堂体验", DeptID: dept, On: calendar.MustParse("2026-08-20"), Starts: "11:00", Ends: "12:30",
		Place: "菊园社区食堂", Form: interact.Experience, Capacity: 5,
		RegOpens: calendar.MustParse("2026-08-01"), RegCloses: calendar.MustParse("2026-08-15")}
	if err := s.CreateOpenEvent(ctx, "supervisor", e); err != nil {
		t.Fatal(err)
	}
	_, _, err := s.RegisterForEvent(ctx, e.ID, interact.Registrant{Name: "赵六", Phone: "13800000006"})
	wantCode(t, err, errs.Conflict, "registration_not_open")
	clock.Advance(27 * 24 * time.Hour) // 2026-08-16
	_, _, err = s.RegisterForEvent(ctx, e.ID, interact.Registrant{Name: "赵六", Phone: "13800000006"})
	wantCode(t, err, errs.Conflict, "registration_closed")
	clock.Advance(4 * 24 * time.Hour) // 2026-08-20, the day itself
	_, _, err = s.RegisterForEvent(ctx, e.ID, interact.Registrant{Name: "赵六", Phone: "13800000006"})
	wantCode(t, err, errs.Conflict, "event_past")
	_, _, err = s.RegisterForEvent(ctx, e.ID, interact.Registrant{Name: "", Phone: "1380000"})
	if all := errs.All(err); len(all) != 2 || all[0].Field != "name" || all[1].Code != "phone_invalid" {
		t.Fatalf("form errors: %v", err)
	}
	bad := *e
	bad.ID, bad.Ends, bad.Form, bad.RegCloses = 0, "10:00", "lecture", calendar.MustParse("2026-08-21")
	all := errs.All(s.CreateOpenEvent(ctx, "supervisor", &bad))
	var codes []string
	for _, x := range all {
		codes = append(codes, x.Code)
	}
	if strings.Join(codes, ",") != "ends_before_starts,form_invalid,registration_after_event" {
		t.Fatalf("codes: %v", codes)
	}
}

// testOMConcurrent: ten people register at once for three places; exactly
// three get one and seven wait, in distinct positions.
func testOMConcurrent(t *testing.T, s *store.Store) {
	_, dept := omSetup(t, s)
	e := omEvent(t, s, dept, "2026-08-12", 3)
	var wg sync.WaitGroup
	regs := make([]*interact.Registration, 10)
	errList := make([]error, 10)
	for i := range regs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			regs[i], _, errList[i] = s.RegisterForEvent(ctx, e.ID, interact.Registrant{Name: "市民", Phone: fmt.Sprintf("1390000%04d", i)})
		}()
	}
	wg.Wait()
	confirmed, positions := 0, map[int]bool{}
	for i, r := range regs {
		if errList[i] != nil {
			t.Fatalf("registration %d: %v", i, errList[i])
		}
		if r.Status == interact.Confirmed {
			confirmed++
		} else {
			positions[r.Position] = true
		}
	}
	ev, _ := s.OpenEvent(ctx, e.ID)
	if confirmed != 3 || ev.Confirmed != 3 || ev.Waitlisted != 7 || len(positions) != 7 {
		t.Fatalf("confirmed %d (stored %d), waitlisted %d, positions %v", confirmed, ev.Confirmed, ev.Waitlisted, positions)
	}
}

func testOMCheckInReport(t *testing.T, s *store.Store) {
	clock, dept := omSetup(t, s)
	e := omEvent(t, s, dept, "2026-08-12", 1)
	a, _ := omRegister(t, s, e.ID, "张三", "13800000001")
	w, _ := omRegister(t, s, e.ID, "李四", "13800000002")
	wantCode(t, s.SaveEventReport(ctx, "supervisor", e.ID, "活动顺利举行。"), errs.Conflict, "event_not_held")
	if err := s.CheckInRegistration(ctx, "supervisor", e.ID, a.ID); err != nil {
		t.Fatal(err)
	}
	wantCode(t, s.CheckInRegistration(ctx, "supervisor", e.ID, a.ID), errs.Conflict, "already_checked_in")
	wantCode(t, s.CheckInRegistration(ctx, "supervisor", e.ID, w.ID), errs.Conflict, "not_confirmed")
	wantCode(t, s.CheckInRegistration(ctx, "supervisor", e.ID+1, a.ID), errs.NotFound, "registration_not_found")
	list, _ := s.EventRegistrations(ctx, e.ID)
	if list[0].CheckedIn.IsZero() || !list[1].CheckedIn.IsZero() {
		t.Fatalf("check-in not recorded: %+v", list)
	}
	clock.Advance(24 * 24 * time.Hour) // 2026-08-13
	if err := s.SaveEventReport(ctx, "supervisor", e.ID, "  30 位市民参观了处置中心。  "); err != nil {
		t.Fatal(err)
	}
	got, _ := s.OpenEvent(ctx, e.ID)
	if got.Report != "30 位市民参观了处置中心。" || got.ReportAt.IsZero() {
		t.Fatalf("report: %q %v", got.Report, got.ReportAt)
	}
	depts, _ := s.Departments(ctx)
	events, _ := s.OpenEvents(ctx)
	lines := interact.OpenMonthOf(depts, events, 2026, calendar.DateOf(clock.Now()))
	for _, l := range lines {
		if (l.Dept.ID == dept) != l.HasHeld() {
			t.Fatalf("dashboard line %s held=%v", l.Dept.Name, l.HasHeld())
		}
	}
}
