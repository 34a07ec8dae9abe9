package store_test

import (
	"encoding/json"
	"fmt"
	"testing"
	"time"

	"gongkai/internal/auth"
	"gongkai/internal/calendar"
	"gongkai/internal/errs"
	"gongkai/internal/foi"
	"gongkai/internal/publish"
	"gongkai/internal/report"
	"gongkai/internal/store"
	"gongkai/internal/store/storetest"
)

// annualCase is one generated application as the test knows it: its
// applicant column, first receipt (zero: never confirmed), conclusion
// (zero: open at the end of the data) and outcome, and whether it was
// assigned to the sub-department.
type annualCase struct {
	col        string
	received   calendar.Date
	concluded  calendar.Date
	outcome    foi.Outcome
	subsidiary bool
}

// annualColumns are the applicant columns and the applicant of each.
var annualColumns = []string{"person", "business", "research", "nonprofit", "legal", "other_org"}

func annualApplicant(col string) foi.Applicant {
	if col == "person" {
		return applicant
	}
	cat := col
	if col == "other_org" {
		cat = "other"
	}
	return foi.Applicant{Kind: "org", Name: "上海某某" + col + "单位", OrgCategory: cat, IDType: "统一社会信用代码",
		IDNumber: "91310114MA1GT35K5B", LegalRep: "王建国", Contact: "李小红", Phone: "021-59990000", Email: "office@example.com"}
}

// annualFixture records, through the store's FOI methods and on the days
// the steps happened, a generated 2025: every outcome in turn across the
// applicant columns (and each column once more with a disclosure), plus
// cases straddling the years — received in December 2024 and answered or
// withdrawn in January 2025, a 补正 asked in December and received in
// January, an online application submitted on 31 December and confirmed
// in January, one received in 2023 and still open, one received in
// December 2025 and answered in January 2026, one received in December 2025
// and still open, and one never confirmed. It returns what it recorded.
func annualFixture(t *testing.T, s *store.Store) []annualCase {
	t.Helper()
	var now time.Time
	s.Now = func() time.Time { return now }
	at := func(d calendar.Date) { now = time.Date(d.Year, d.Month, d.Day, 2, 0, 0, 0, time.UTC) }
	d := calendar.MustParse
	at(d("2023-01-03"))
	top := mustDept(t, s, "jy", "菊园新区管委会", "00001434-9", 0)
	sub := mustDept(t, s, "jy-jsb", "建设管理办公室", "", top.ID)
	officer := mustUser(t, s, "foi.officer", top.ID, auth.FOIOfficer)
	head := mustUser(t, s, "foi.head", top.ID, auth.FOIOfficer, auth.FOIHead)
	var cases []annualCase
	type step struct {
		u *auth.User
		e foi.Event
	}
	record := func(c annualCase, ch foi.Channel, created calendar.Date, steps ...step) {
		t.Helper()
		at(created)
		received := c.received
		if ch.NeedsConfirmation() {
			received = calendar.Date{}
		}
		app, _, err := s.CreateApplication(ctx, "foi.officer", ch, received, annualApplicant(c.col), request)
		if err != nil {
			t.Fatal(err)
		}
		if c.subsidiary {
			if err := s.AssignFOI(ctx, "foi.head", app.Number, sub.ID, "转建设管理办公室办理"); err != nil {
				t.Fatal(err)
			}
		}
		for _, st := range steps {
			at(st.e.On)
			if _, err := s.AddFOIEvent(ctx, st.u, app.Number, 0, st.e); err != nil {
				t.Fatalf("%s %s: %v", app.Number, st.e.Type, err)
			}
		}
		cases = append(cases, c)
	}
	answer := func(on calendar.Date, o foi.Outcome) step {
		e := foi.Event{Type: foi.Answer, On: on, Outcome: o}
		if o.NeedsReason() {
			e.Reason = "涉及第三方合法权益，依法不予公开相关部分"
		}
		return step{head, e}
	}
	// Every outcome, received in 2025 and concluded in 2025.
	base := d("2025-03-03")
	for i, o := range foi.Outcomes {
		r := base.AddDays(7 * i)
		c := annualCase{col: annualColumns[i%6], received: r, outcome: o.Code, subsidiary: i%4 == 0}
		switch o.Code {
		case foi.OtherNoSupplement:
			c.concluded = r.AddDays(12)
			record(c, foi.InPerson, r,
				step{officer, foi.Event{Type: foi.RequestSupplement, On: r.AddDays(1), ReplyBy: r.AddDays(10), Reason: "请写明文件名称"}},
				step{head, foi.Event{Type: foi.Answer, On: c.concluded, Outcome: o.Code}})
		case foi.OtherFeeUnpaid:
			c.concluded = r.AddDays(50)
			record(c, foi.InPerson, r,
				step{officer, foi.Event{Type: foi.FeeNotice, On: r.AddDays(1), AmountYuan: 200}},
				step{head, foi.Event{Type: foi.Answer, On: c.concluded, Outcome: o.Code}})
		case foi.Other:
			// A withdrawal, online: R is the confirmation.
			c.concluded = r.AddDays(3)
			record(c, foi.Online, r,
				step{officer, foi.Event{Type: foi.Confirm, On: r}},
				step{officer, foi.Event{Type: foi.Withdraw, On: c.concluded, Note: "申请人书面撤回"}})
		default:
			c.concluded = r.AddDays(6)
			record(c, foi.InPerson, r, answer(c.concluded, o.Code))
		}
	}
	for i, col := range annualColumns {
		r := d("2025-08-04").AddDays(i)
		c := annualCase{col: col, received: r, concluded: r.AddDays(8), outcome: foi.Disclose}
		record(c, foi.MailSigned, r, answer(c.concluded, foi.Disclose))
	}
	// 2023: received, never concluded (carried through 2024 and 2025).
	record(annualCase{col: "legal", received: d("2023-11-06")}, foi.InPerson, d("2023-11-06"),
		step{officer, foi.Event{Type: foi.ConsultStart, On: d("2023-11-08"), Kind: "organ", Party: "区规划资源局"}})
	// 2024: one concluded within the year, three straddling into 2025.
	record(annualCase{col: "person", received: d("2024-11-04"), concluded: d("2024-11-20"), outcome: foi.Disclose}, foi.InPerson, d("2024-11-04"),
		answer(d("2024-11-20"), foi.Disclose))
	record(annualCase{col: "business", received: d("2024-12-23"), concluded: d("2025-01-08"), outcome: foi.Partial, subsidiary: true},
		foi.InPerson, d("2024-12-23"), answer(d("2025-01-08"), foi.Partial))
	record(annualCase{col: "person", received: d("2024-12-20"), concluded: d("2025-01-03"), outcome: foi.Other},
		foi.Online, d("2024-12-20"),
		step{officer, foi.Event{Type: foi.Confirm, On: d("2024-12-20")}},
		step{officer, foi.Event{Type: foi.Withdraw, On: d("2025-01-03"), Note: "申请人电话撤回并已记录"}})
	// A 补正 asked in December and received in January: R stays in 2024.
	record(annualCase{col: "research", received: d("2024-12-24"), concluded: d("2025-02-10"), outcome: foi.UnableNotHeld},
		foi.InPerson, d("2024-12-24"),
		step{officer, foi.Event{Type: foi.RequestSupplement, On: d("2024-12-26"), ReplyBy: d("2025-01-10"), Reason: "请写明年份"}},
		step{officer, foi.Event{Type: foi.SupplementReceived, On: d("2025-01-06")}},
		answer(d("2025-02-10"), foi.UnableNotHeld))
	// Submitted online on 31 December 2024, confirmed on 2 January 2025.
	record(annualCase{col: "nonprofit", received: d("2025-01-02"), concluded: d("2025-01-20"), outcome: foi.Disclose},
		foi.Online, d("2024-12-31"),
		step{officer, foi.Event{Type: foi.Confirm, On: d("2025-01-02")}}, answer(d("2025-01-20"), foi.Disclose))
	// December 2025: one answered in January 2026, one still open, one
	// never confirmed.
	record(annualCase{col: "other_org", received: d("2025-12-22"), concluded: d("2026-01-07"), outcome: foi.RejectDuplicate, subsidiary: true},
		foi.InPerson, d("2025-12-22"), answer(d("2026-01-07"), foi.RejectDuplicate))
	record(annualCase{col: "person", received: d("2025-12-30")}, foi.MailSigned, d("2025-12-30"))
	record(annualCase{col: "business"}, foi.Online, d("2025-12-29"))
	// Reviews: filed and closed in 2025, filed in 2025 and still pending,
	// filed in 2024 and closed in 2025, filed in 2025 and closed in 2026.
	numbers, err := s.FOIRegister(ctx, 2025)
	if err != nil || len(numbers) == 0 {
		t.Fatal(err)
	}
	at(d("2026-02-02"))
	for _, rv := range []struct {
		i int
		r foi.Review
	}{
		{0, foi.Review{Kind: "reconsideration", FiledOn: d("2025-04-01"), Result: "upheld", ClosedOn: d("2025-06-01")}},
		{1, foi.Review{Kind: "reconsideration", FiledOn: d("2025-05-01"), Result: "corrected", ClosedOn: d("2025-07-01")}},
		{2, foi.Review{Kind: "reconsideration", FiledOn: d("2025-06-01"), Result: "pending"}},
		{3, foi.Review{Kind: "litigation_direct", FiledOn: d("2024-12-01"), Result: "other", ClosedOn: d("2025-03-01")}},
		{4, foi.Review{Kind: "litigation_direct", FiledOn: d("2025-09-01"), Result: "upheld", ClosedOn: d("2026-01-15")}},
		{5, foi.Review{Kind: "litigation_after_reconsideration", FiledOn: d("2025-08-01"), Result: "corrected", ClosedOn: d("2025-11-01")}},
	} {
		if err := s.AddFOIReview(ctx, "foi.head", numbers[rv.i].Number, rv.r); err != nil {
			t.Fatal(err)
		}
	}
	return cases
}

// expectSection3 counts, from what the fixture recorded, the cells of
// year's section 三 by the report's definitions, case by case.
func expectSection3(year int, cases []annualCase, subsidiaryOnly bool) map[string]map[string]int {
	want := map[string]map[string]int{}
	inc := func(row, col string) {
		if want[row] == nil {
			want[row] = map[string]int{}
		}
		want[row][col]++
		want[row]["total"]++
	}
	jan1, dec31 := calendar.Date{Year: year, Month: 1, Day: 1}, calendar.Date{Year: year, Month: 12, Day: 31}
	for _, c := range cases {
		if c.received.IsZero() || subsidiaryOnly && !c.subsidiary {
			continue
		}
		open := func(on calendar.Date) bool { return c.concluded.IsZero() || c.concluded.After(on) }
		if !c.received.Before(jan1) && !c.received.After(dec31) {
			inc("new", c.col)
		}
		if c.received.Before(jan1) && !c.concluded.Before(jan1) || c.received.Before(jan1) && c.concluded.IsZero() {
			inc("carried_over", c.col)
		}
		if !c.concluded.IsZero() && c.concluded.Year == year {
			inc(string(c.outcome), c.col)
			inc("results_total", c.col)
		}
		if !c.received.After(dec31) && open(dec31) {
			inc("carry_forward", c.col)
		}
	}
	return want
}

func TestAnnualReportSection3(t *testing.T) {
	var answers []string
	for _, dl := range storetest.Dialects(t) {
		t.Run(string(dl), func(t *testing.T) {
			s := storetest.Open(t, dl)
			cases := annualFixture(t, s)
			reports := map[int]*report.Annual{}
			for _, year := range []int{2023, 2024, 2025, 2026} {
				got, err := s.AnnualReport(ctx, year, "")
				if err != nil {
					t.Fatal(err)
				}
				reports[year] = got
				want := expectSection3(year, cases, false)
				compareSection3(t, fmt.Sprint(year), got.Section3, want)
				if p := report.Check(got.Section3); p != nil {
					t.Errorf("%d: invariants broken: %v", year, p)
				}
				if year > 2023 {
					if p := report.CheckCarry(reports[year-1].Section3, got.Section3); p != nil {
						t.Errorf("%d: carried over ≠ last year's carry forward: %v", year, p)
					}
				}
			}
			// Hand-counted totals of 2025: new are the 21 + 6 of the year,
			// the one confirmed on 2 January and the two of December; carried
			// over the one of 2023 and three of December 2024.
			r := reports[2025].Section3.Rows
			if r["new"].Total != 30 || r["carried_over"].Total != 4 || r["results_total"].Total != 31 || r["carry_forward"].Total != 3 {
				t.Errorf("2025 totals: new %d carried %d results %d forward %d", r["new"].Total, r["carried_over"].Total, r["results_total"].Total, r["carry_forward"].Total)
			}
			if r["unable_not_held"].Research != 1 || r["partial"].Business != 2 || r["other"].Person != 1 || r["disclose"].Nonprofit != 2 {
				t.Errorf("2025 straddling cases in the wrong cells: %+v %+v %+v %+v", r["unable_not_held"], r["partial"], r["other"], r["disclose"])
			}
			// The sub-department alone, and its parent covering it.
			subOnly, err := s.AnnualReport(ctx, 2025, "jy-jsb")
			if err != nil {
				t.Fatal(err)
			}
			compareSection3(t, "2025 jy-jsb", subOnly.Section3, expectSection3(2025, cases, true))
			parent, err := s.AnnualReport(ctx, 2025, "jy")
			if err != nil {
				t.Fatal(err)
			}
			if a, b := mustJSON(t, parent.Section3), mustJSON(t, reports[2025].Section3); a != b {
				t.Errorf("the top department's table differs from the district's:\n%s\n%s", a, b)
			}
			_, err = s.AnnualReport(ctx, 2025, "nope")
			wantCode(t, err, errs.NotFound, "organ_not_found")
			_, err = s.AnnualReport(ctx, 1999, "")
			wantCode(t, err, errs.Invalid, "invalid_year")

			// Section 四 of 2025, counted by hand from the fixture.
			s4 := reports[2025].Section4
			if s4.Reconsideration != (report.ReviewCounts{Upheld: 1, Corrected: 1, Pending: 1, Total: 3}) ||
				s4.LitigationDirect != (report.ReviewCounts{Other: 1, Pending: 1, Total: 2}) ||
				s4.LitigationAfterReconsideration != (report.ReviewCounts{Corrected: 1, Total: 1}) {
				t.Errorf("section 四 2025: %+v", s4)
			}
			if s4 := reports[2026].Section4; s4.LitigationDirect != (report.ReviewCounts{Upheld: 1, Total: 1}) || s4.Reconsideration.Total != 0 {
				t.Errorf("section 四 2026: %+v", s4)
			}
			answers = append(answers, mustJSON(t, reports[2025]))
		})
	}
	if len(answers) == 2 && answers[0] != answers[1] {
		t.Errorf("the engines disagree:\n%s\n%s", answers[0], answers[1])
	}
}

func compareSection3(t *testing.T, name string, got report.Section3, want map[string]map[string]int) {
	t.Helper()
	if len(got.Rows) != 2+len(foi.Outcomes)+2 {
		t.Errorf("%s: %d rows", name, len(got.Rows))
	}
	for row, cells := range got.Rows {
		for _, col := range append(append([]string{}, annualColumns...), "total") {
			if g, w := cells.Get(col), want[row][col]; g != w {
				t.Errorf("%s: row %s column %s = %d, want %d", name, row, col, g, w)
			}
		}
	}
	for row := range want {
		if _, ok := got.Rows[row]; !ok {
			t.Errorf("%s: row %s missing", name, row)
		}
	}
}

func mustJSON(t *testing.T, v any) string {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// TestAnnualReportSection2 imports 规章 and 规范性文件 of the other
// department and of the organ, published, taking effect, repealed and
// expired on days either side of the year's ends, and enters the staff's
// figures; the counts are the documents the test planted for each cell.
func TestAnnualReportSection2(t *testing.T) {
	for _, dl := range storetest.Dialects(t) {
		t.Run(string(dl), func(t *testing.T) {
			s := storetest.Open(t, dl)
			w := newWorld(t, s)
			d := calendar.MustParse
			type doc struct {
				genre, published, effective string
				validity                    publish.Validity
				on                          string
				other                       bool
			}
			docs := []doc{
				{genre: publish.GenreRegulation, published: "2024-06-03"},                                               // in force
				{genre: publish.GenreRegulation, published: "2025-03-03"},                                               // issued, in force
				{genre: publish.GenreRegulation, published: "2025-12-30", effective: "2026-02-01"},                      // issued, not yet in effect
				{genre: publish.GenreRegulation, published: "2023-05-05", validity: publish.Repealed, on: "2025-07-01"}, // repealed
				{genre: publish.GenreNormative, published: "2025-01-02"},                                                // issued, in force
				{genre: publish.GenreNormative, published: "2024-02-02", validity: publish.Expired, on: "2025-12-31"},   // repealed
				{genre: publish.GenreNormative, published: "2024-02-05", validity: publish.Expired, on: "2026-01-01"},   // in force at 31 Dec
				{genre: publish.GenreNormative, published: "2024-03-01", validity: publish.Amended, on: "2025-04-01"},   // neither
				{genre: publish.GenreNormative, published: "2025-04-01", other: true},                                   // another organ
				{genre: "tongzhi", published: "2025-04-01"},                                                             // another genre
			}
			var ids []int64
			for i, x := range docs {
				c := w.content(fmt.Sprintf("第%d号文件", i+1), x.genre)
				c.WrittenOn = d(x.published)
				if x.other {
					c.OrganIDs = []int64{w.other.ID}
				}
				if x.effective != "" {
					c.EffectiveOn = d(x.effective)
				}
				author := w.editor
				if x.other {
					author = w.outsider
				}
				got, err := s.ImportDocument(ctx, "import", author, c, "", d(x.published))
				if err != nil {
					t.Fatalf("import %d: %v", i, err)
				}
				ids = append(ids, got.ID)
			}
			for i, x := range docs {
				if x.validity == "" {
					continue
				}
				link := int64(0)
				if x.validity == publish.Repealed || x.validity == publish.Amended {
					link = ids[0]
				}
				if err := s.SetValidity(ctx, w.reviewer, ids[i], w.doc(ids[i]).Version, x.validity, d(x.on), link); err != nil {
					t.Fatalf("validity %d: %v", i, err)
				}
			}
			wantCode(t, s.SetAnnualFigures(ctx, "supervisor", 2025, "jy", report.Figures{Licensing: -1, FeesWanYuan: 0.12345}), errs.Invalid, "invalid_count")
			wantCode(t, s.SetAnnualFigures(ctx, "supervisor", 2025, "nope", report.Figures{}), errs.NotFound, "organ_not_found")
			if err := s.SetAnnualFigures(ctx, "supervisor", 2025, "jy", report.Figures{Licensing: 120, Penalty: 7, Enforcement: 2, FeesWanYuan: 1.25}); err != nil {
				t.Fatal(err)
			}
			got, err := s.AnnualReport(ctx, 2025, "jy")
			if err != nil {
				t.Fatal(err)
			}
			want := report.Section2{Rules: report.DocCounts{Issued: 2, Repealed: 1, InForce: 2}, Normative: report.DocCounts{Issued: 1, Repealed: 1, InForce: 2},
				Licensing: report.Decisions{Decisions: 120}, Penalty: report.Decisions{Decisions: 7}, Enforcement: report.Decisions{Decisions: 2},
				Fees: report.Fees{AmountWanYuan: 1.25}}
			if got.Section2 != want {
				t.Errorf("section 二 of jy:\n got %+v\nwant %+v", got.Section2, want)
			}
			all, err := s.AnnualReport(ctx, 2025, "")
			if err != nil {
				t.Fatal(err)
			}
			// The district adds the other organ's document; the figures
			// entered for jy are jy's alone.
			if all.Section2.Normative != (report.DocCounts{Issued: 2, Repealed: 1, InForce: 3}) || all.Section2.Licensing.Decisions != 0 {
				t.Errorf("section 二 of the district: %+v", all.Section2)
			}
			trail, err := s.AuditEvents(ctx, store.AuditFilter{Action: "report.annual_figures"})
			if err != nil || len(trail) != 1 || trail[0].Detail["licensing"] != "120" {
				t.Errorf("figures not audited: %+v %v", trail, err)
			}
		})
	}
}
