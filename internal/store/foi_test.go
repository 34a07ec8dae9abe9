package store_test

import (
	"strings"
	"testing"
	"time"

	"gongkai/internal/auth"
	"gongkai/internal/calendar"
	"gongkai/internal/errs"
	"gongkai/internal/foi"
	"gongkai/internal/store"
	"gongkai/internal/store/storetest"
)

var applicant = foi.Applicant{Kind: "person", Name: "李明", IDType: "居民身份证", IDNumber: "11010519491231002X", Phone: "13812345678",
	Email: "liming@example.com", Address: "上海市嘉定区平城路811号"}

var request = foi.Request{Description: "2024年菊园新区加装电梯补贴发放名单", Purpose: "了解政策执行", Format: "electronic", Delivery: "email"}

// TestFOISuite runs the 依申请公开 store tests on each dialect.
func TestFOISuite(t *testing.T) {
	for _, d := range storetest.Dialects(t) {
		t.Run(string(d), func(t *testing.T) {
			t.Run("PersonalDataSealed", func(t *testing.T) { testFOIPersonalData(t, storetest.Open(t, d)) })
			t.Run("ClockThroughEvents", func(t *testing.T) { testFOIClock(t, storetest.Open(t, d)) })
			t.Run("EventNotBeforeSubmission", func(t *testing.T) { testFOIEventNotBeforeSubmission(t, storetest.Open(t, d)) })
		})
	}
}

func testFOIPersonalData(t *testing.T, s *store.Store) {
	app, code, err := s.CreateApplication(ctx, "anonymous", foi.Online, calendar.Date{}, applicant, request)
	if err != nil || !strings.HasPrefix(app.Number, "YSQ") || len(code) != 8 || app.Clock.Status != foi.AwaitingConfirmation {
		t.Fatalf("create: %+v %q %v", app, code, err)
	}
	// The raw row holds none of the personal data in clear, nor the code.
	var row string
	err = rawDB(t, s).QueryRow(rebindFor(s, `SELECT name_sealed || id_number_sealed || phone_sealed || email_sealed || address_sealed || code_hash
		|| name_mask || id_number_mask || phone_mask FROM foi_applications WHERE number = ?`), app.Number).Scan(&row)
	if err != nil {
		t.Fatal(err)
	}
	for _, clear := range []string{"李明", "11010519491231002X", "13812345678", "liming@example.com", "平城路", code} {
		if strings.Contains(row, clear) {
			t.Fatalf("%q stored in clear", clear)
		}
	}
	if app.Applicant.IDNumber != "1101**********002X" || app.Applicant.Phone != "138****5678" || app.Applicant.Name != "李*" {
		t.Fatalf("masked: %+v", app.Applicant)
	}
	// Tracking needs the right code; the trail never names the applicant.
	if _, err := s.TrackFOI(ctx, app.Number, "WRONGCOD"); !errs.Is(err, errs.NotFound) {
		t.Fatalf("wrong code: %v", err)
	}
	if got, err := s.TrackFOI(ctx, app.Number, strings.ToLower(code)); err != nil || got.Number != app.Number {
		t.Fatalf("track: %v", err)
	}
	full, err := s.FOIApplicant(ctx, "foi.officer", app.Number)
	if err != nil || full.IDNumber != applicant.IDNumber || full.Address != applicant.Address {
		t.Fatalf("open: %+v %v", full, err)
	}
	ev, _ := s.AuditEvents(ctx, store.AuditFilter{Object: app.Number})
	if len(ev) != 2 || ev[0].Action != "foi.view_personal_data" || ev[0].Actor != "foi.officer" {
		t.Fatalf("viewing personal data not audited: %+v", ev)
	}
	for _, e := range ev {
		for _, v := range e.Detail {
			if strings.Contains(v, "李明") || strings.Contains(v, "1101") {
				t.Fatalf("personal data in the trail: %v", e.Detail)
			}
		}
	}
	_, _, err = s.CreateApplication(ctx, "anonymous", foi.Online, calendar.Date{}, applicant, foi.Request{Description: strings.Repeat("长", 3000), Format: "paper", Delivery: "pickup"})
	wantCode(t, err, errs.Invalid, "description_too_long")
}

// testFOIEventNotBeforeSubmission: a confirm dated 1999 on an application
// submitted online in 2026 is refused, and so is a NUL in a name.
func testFOIEventNotBeforeSubmission(t *testing.T, s *store.Store) {
	s.Now = storetest.NewClock(time.Date(2026, 3, 2, 2, 0, 0, 0, time.UTC)).Now
	d := mustDept(t, s, "jy", "菊园新区管委会", "00001434-9", 0)
	officer := mustUser(t, s, "foi.officer", d.ID, auth.FOIOfficer)
	app, _, err := s.CreateApplication(ctx, "anonymous", foi.Online, calendar.Date{}, applicant, request)
	if err != nil {
		t.Fatal(err)
	}
	_, err = s.AddFOIEvent(ctx, officer, app.Number, app.Version, foi.Event{Type: foi.Confirm, On: calendar.MustParse("1999-01-01")})
	wantCode(t, err, errs.Invalid, "before_submission")
	if _, err := s.AddFOIEvent(ctx, officer, app.Number, 0, foi.Event{Type: foi.Confirm, On: calendar.MustParse("2026-03-02")}); err != nil {
		t.Fatalf("confirm on the day of submission: %v", err)
	}
	nul := applicant
	nul.Name = "李\x00明"
	_, _, err = s.CreateApplication(ctx, "anonymous", foi.Online, calendar.Date{}, nul, request)
	wantCode(t, err, errs.Invalid, "invalid_name")
}

func testFOIClock(t *testing.T, s *store.Store) {
	clock := storetest.NewClock(time.Date(2024, 11, 20, 2, 0, 0, 0, time.UTC))
	s.Now = clock.Now
	d := mustDept(t, s, "jy", "菊园新区管委会", "00001434-9", 0)
	officer := mustUser(t, s, "foi.officer", d.ID, auth.FOIOfficer)
	head := mustUser(t, s, "foi.head", d.ID, auth.FOIOfficer, auth.FOIHead)
	app, _, err := s.CreateApplication(ctx, "foi.officer", foi.InPerson, calendar.MustParse("2024-09-27"), applicant, request)
	if err != nil || app.Clock.DueOn.String() != "2024-10-30" {
		t.Fatalf("in person: %+v %v", app, err)
	}
	add := func(u *auth.User, e foi.Event) (*foi.Application, error) {
		cur, err := s.FOIApplicationByNumber(ctx, app.Number)
		if err != nil {
			t.Fatal(err)
		}
		return s.AddFOIEvent(ctx, u, app.Number, cur.Version, e)
	}
	// Only the head may extend.
	_, err = add(officer, foi.Event{Type: foi.Extend, On: calendar.MustParse("2024-10-08"), Reason: "需要调档"})
	wantCode(t, err, errs.Forbidden, "extension_needs_head")
	got, err := add(head, foi.Event{Type: foi.Extend, On: calendar.MustParse("2024-10-08"), Reason: "需要调档"})
	if err != nil || !got.Clock.Extended {
		t.Fatalf("extend: %v", err)
	}
	// The case comes back with the version it now has, for the next event.
	if reread, _ := s.FOIApplicationByNumber(ctx, app.Number); reread.Version != got.Version {
		t.Fatalf("returned version %d, stored %d", got.Version, reread.Version)
	}
	_, err = add(head, foi.Event{Type: foi.Extend, On: calendar.MustParse("2024-10-09"), Reason: "再次"})
	wantCode(t, err, errs.Conflict, "invalid_transition")
	_, err = add(head, foi.Event{Type: foi.Answer, On: calendar.MustParse("2024-11-21"), Outcome: foi.Disclose})
	wantCode(t, err, errs.Invalid, "date_in_future")
	// The event texts have the limits of the forms.
	_, err = add(officer, foi.Event{Type: foi.ConsultStart, On: calendar.MustParse("2024-10-09"), Kind: "third_party", Party: strings.Repeat("方", foi.MaxParty+1)})
	wantCode(t, err, errs.Invalid, "field_too_long")
	// consult_end without a party is recorded as the end of the only open
	// consultation, and nothing is left open.
	if _, err := add(officer, foi.Event{Type: foi.ConsultStart, On: calendar.MustParse("2024-10-09"), Kind: "third_party", Party: "某物业公司"}); err != nil {
		t.Fatal(err)
	}
	ended, err := add(officer, foi.Event{Type: foi.ConsultEnd, On: calendar.MustParse("2024-10-10")})
	if err != nil {
		t.Fatal(err)
	}
	if last := ended.Events[len(ended.Events)-1]; last.Party != "某物业公司" || len(ended.Clock.OpenConsultations()) != 0 {
		t.Fatalf("consult_end recorded for %q, still open %v", last.Party, ended.Clock.OpenConsultations())
	}
	// A stale version is refused.
	_, err = s.AddFOIEvent(ctx, officer, app.Number, 1, foi.Event{Type: foi.Answer, On: calendar.MustParse("2024-11-01"), Outcome: foi.Partial})
	wantCode(t, err, errs.Conflict, "stale_version")
	// A calendar change moves the due date at once.
	before := got.Clock.DueOn
	if err := s.SetCalendarOverride(ctx, "admin", calendar.Override{Date: calendar.MustParse("2024-10-14"), Workday: false, Note: "测试"}); err != nil {
		t.Fatal(err)
	}
	after, _ := s.FOIApplicationByNumber(ctx, app.Number)
	if !after.Clock.DueOn.After(before) {
		t.Fatalf("due date did not follow the calendar: %s → %s", before, after.Clock.DueOn)
	}
	// The answer is drafted (拟办), reviewed by the office (审核) and signed
	// by the head (签发); an officer cannot answer or sign.
	_, err = add(officer, foi.Event{Type: foi.Answer, On: calendar.MustParse("2024-11-01"), Outcome: foi.Partial, Reason: "第三方个人信息"})
	wantCode(t, err, errs.Forbidden, "answer_needs_signoff")
	_, err = add(officer, foi.Event{Type: foi.Draft, On: calendar.MustParse("2024-11-01"), Outcome: foi.Partial})
	wantCode(t, err, errs.Invalid, "reason_required")
	drafted, err := add(officer, foi.Event{Type: foi.Draft, On: calendar.MustParse("2024-11-01"), Outcome: foi.Partial, Reason: "名单中的身份证号码属于个人隐私"})
	if err != nil || drafted.Clock.DraftSeq == 0 || drafted.Clock.Status == foi.Answered {
		t.Fatalf("draft: %+v %v", drafted, err)
	}
	_, err = add(head, foi.Event{Type: foi.Answer, On: calendar.MustParse("2024-11-01"), Draft: drafted.Clock.DraftSeq})
	wantCode(t, err, errs.Conflict, "draft_not_approved")
	// The drafter may not review their own draft; another of the office may.
	_, err = add(officer, foi.Event{Type: foi.DraftApproved, On: calendar.MustParse("2024-11-01"), Note: "同意"})
	wantCode(t, err, errs.Forbidden, "review_needs_another")
	reviewer := mustUser(t, s, "foi.reviewer", d.ID, auth.FOIOfficer)
	if _, err := add(reviewer, foi.Event{Type: foi.DraftApproved, On: calendar.MustParse("2024-11-01"), Note: "同意"}); err != nil {
		t.Fatal(err)
	}
	_, err = add(officer, foi.Event{Type: foi.Answer, On: calendar.MustParse("2024-11-01"), Draft: drafted.Clock.DraftSeq})
	wantCode(t, err, errs.Forbidden, "answer_needs_head")
	got, err = add(head, foi.Event{Type: foi.Answer, On: calendar.MustParse("2024-11-01"), Draft: drafted.Clock.DraftSeq, Outcome: foi.Disclose, Reason: "另一个理由"})
	if err != nil || got.Clock.Status != foi.Answered || got.Clock.Late || got.Clock.Outcome != foi.Partial {
		t.Fatalf("answer: %+v %v", got, err)
	}
	if signed := got.Events[len(got.Events)-1]; signed.Reason != "名单中的身份证号码属于个人隐私" || signed.Actor != "foi.head" || signed.NoticeNo == "" {
		t.Fatalf("the signed answer: %+v", signed)
	}
	// Every notice took its own 文书编号 (the extension and the answer).
	if ext := got.Events[0]; ext.Type != foi.Extend || ext.NoticeNo == "" || ext.NoticeNo == got.Events[len(got.Events)-1].NoticeNo {
		t.Fatalf("notice numbers: extension %q, answer %q", ext.NoticeNo, got.Events[len(got.Events)-1].NoticeNo)
	}
	if err := s.AddFOIReview(ctx, "foi.head", app.Number, foi.Review{Kind: "reconsideration", FiledOn: calendar.MustParse("2024-11-10"), Result: "pending"}); err != nil {
		t.Fatal(err)
	}
	wantCode(t, s.AddFOIReview(ctx, "foi.head", app.Number, foi.Review{Kind: "appeal", FiledOn: calendar.MustParse("2024-11-10"), Result: "pending"}), errs.Invalid, "invalid_review_kind")
	list, err := s.FOIApplications(ctx, store.FOIFilter{Status: "open"})
	if err != nil || len(list) != 0 {
		t.Fatalf("open list after the answer: %d %v", len(list), err)
	}
}

func TestFOIRoutingAndDuplicates(t *testing.T) {
	for _, d := range storetest.Dialects(t) {
		t.Run(string(d), func(t *testing.T) {
			s := storetest.Open(t, d)
			top := mustDept(t, s, "jy", "菊园新区管委会", "", 0)
			dept := mustDept(t, s, "jy-dzb", "党政办公室", "", top.ID)
			first, _, err := s.CreateApplication(ctx, "anonymous", foi.Online, calendar.Date{}, applicant, request)
			if err != nil {
				t.Fatal(err)
			}
			// A case starts with the FOI office (by default the top
			// department) as its 承办部门, never unassigned.
			if first.DeptID != top.ID {
				t.Fatalf("new case's department %d, want the office %d", first.DeptID, top.ID)
			}
			again := request
			again.Description = "请提供2024年菊园新区加装电梯补贴的发放名单"
			second, _, _ := s.CreateApplication(ctx, "anonymous", foi.Online, calendar.Date{}, applicant, again)
			other := applicant
			other.IDNumber = "310101199001011234"
			third, _, err := s.CreateApplication(ctx, "anonymous", foi.Online, calendar.Date{}, other, request)
			if err != nil {
				t.Fatal(err)
			}
			dups, total, err := s.FOIDuplicates(ctx, second.Number)
			if err != nil || len(dups) != 1 || dups[0].Number != first.Number || total != 1 {
				t.Fatalf("duplicates of %s: %v %v", second.Number, dups, err)
			}
			if dups, _, _ := s.FOIDuplicates(ctx, third.Number); len(dups) != 0 {
				t.Fatalf("another applicant flagged as a duplicate: %v", dups)
			}
			if err := s.AssignFOI(ctx, "foi.head", first.Number, dept.ID, ""); err != nil {
				t.Fatal(err)
			}
			wantCode(t, s.AssignFOI(ctx, "foi.head", first.Number, 99999, ""), errs.Invalid, "department_not_found")
			mine, _ := s.FOIApplications(ctx, store.FOIFilter{DeptID: dept.ID})
			if len(mine) != 1 || mine[0].Number != first.Number {
				t.Fatalf("department inbox: %v", mine)
			}
			// An officer of a third department neither sees nor acts on
			// the case (not found, as for a document); the assigned
			// department's officer and the office's do.
			far := mustDept(t, s, "jy-jsb", "建设管理办公室", "", top.ID)
			stranger := mustUser(t, s, "jsb.officer", far.ID, auth.FOIOfficer)
			assigned := mustUser(t, s, "dzb.officer", dept.ID, auth.FOIOfficer)
			office := mustUser(t, s, "office.officer", top.ID, auth.FOIOfficer)
			contact := foi.Event{Type: foi.Contact, On: calendar.DateOf(s.Now()), Kind: "phone", Note: "电话说明办理进度"}
			_, err = s.AddFOIEvent(ctx, stranger, first.Number, 0, contact)
			wantCode(t, err, errs.NotFound, "application_not_found")
			for _, u := range []*auth.User{assigned, office} {
				if _, err := s.AddFOIEvent(ctx, u, first.Number, 0, contact); err != nil {
					t.Fatalf("%s: %v", u.Username, err)
				}
			}
		})
	}
}

func TestFOIFiles(t *testing.T) {
	s := storetest.Open(t, store.SQLite)
	app, _, err := s.CreateApplication(ctx, "anonymous", foi.Online, calendar.Date{}, applicant, request)
	if err != nil {
		t.Fatal(err)
	}
	scan := []byte("\x89PNG\r\n\x1a\n身份证扫描件")
	f, err := s.AddFOIFile(ctx, "anonymous", app.Number, "id_scan", "身份证.png", scan)
	if err != nil {
		t.Fatal(err)
	}
	var raw string
	if err := rawDB(t, s).QueryRow("SELECT data_sealed FROM foi_files").Scan(&raw); err != nil || strings.Contains(raw, "身份证扫描件") {
		t.Fatalf("file stored in clear: %v", err)
	}
	_, data, err := s.OpenFOIFile(ctx, "foi.officer", app.Number, f.ID)
	if err != nil || string(data) != string(scan) {
		t.Fatalf("open: %v", err)
	}
	_, err = s.AddFOIFile(ctx, "anonymous", app.Number, "id_scan", "身份证.png", []byte("MZ"))
	wantCode(t, err, errs.Invalid, "attachment_mismatch")
	list, _ := s.FOIFiles(ctx, app.Number)
	if len(list) != 1 {
		t.Fatalf("files: %d", len(list))
	}
}

func TestClaimDailyJob(t *testing.T) {
	for _, d := range storetest.Dialects(t) {
		t.Run(string(d), func(t *testing.T) {
			s := storetest.Open(t, d)
			day := calendar.MustParse("2026-11-26")
			if ok, err := s.ClaimDailyJob(ctx, "foi_reminders", day); !ok || err != nil {
				t.Fatalf("first claim: %v %v", ok, err)
			}
			if ok, _ := s.ClaimDailyJob(ctx, "foi_reminders", day); ok {
				t.Fatal("claimed twice on one day")
			}
			if ok, _ := s.ClaimDailyJob(ctx, "foi_reminders", day.AddDays(1)); !ok {
				t.Fatal("next day not claimable")
			}
		})
	}
}
