package store_test

import (
	"errors"
	"testing"
	"time"

	"gongkai/internal/calendar"
	"gongkai/internal/enforcement"
	"gongkai/internal/errs"
	"gongkai/internal/store"
	"gongkai/internal/store/storetest"
)

// TestEnforcementSuite runs the 双公示 store tests on each dialect.
func TestEnforcementSuite(t *testing.T) {
	for _, d := range storetest.Dialects(t) {
		t.Run(string(d), func(t *testing.T) {
			t.Run("ClockAndPeriod", func(t *testing.T) { testDecisionClockAndPeriod(t, storetest.Open(t, d)) })
			t.Run("ListsAndRepair", func(t *testing.T) { testDecisionListsAndRepair(t, storetest.Open(t, d)) })
		})
	}
}

func penaltyEntry(number, decided string) enforcement.Decision {
	return enforcement.Decision{Kind: enforcement.Penalty, Number: number, DecidedOn: calendar.MustParse(decided),
		PartyKind: enforcement.PartyOrg, PartyName: "上海某某餐饮有限公司", CreditCode: "91310114MA1GT35K5B",
		Facts: "超范围经营", Basis: "《中华人民共和国食品安全法》第一百二十六条", Content: "警告，罚款人民币五千元", Category: "penalty_general"}
}

func decisionNumbers(t *testing.T, s *store.Store, f enforcement.DecisionFilter) []string {
	t.Helper()
	list, _, err := s.Decisions(ctx, f)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, e := range list {
		out = append(out, e.Number)
	}
	return out
}

func testDecisionClockAndPeriod(t *testing.T, s *store.Store) {
	dept := mustDept(t, s, "jy-scjg", "市场监管所", "", 0)
	clock := storetest.NewClock(time.Date(2026, 10, 15, 2, 0, 0, 0, time.UTC))
	s.Now = clock.Now
	// The store's calendar decides: an override making 2026-10-12 a rest
	// day moves publish_by from 10-14 to 10-15, so publishing on 10-15 is on time.
	if err := s.SetCalendarOverride(ctx, "tester", calendar.Override{Date: calendar.MustParse("2026-10-12"), Workday: false, Note: "测试"}); err != nil {
		t.Fatal(err)
	}
	e, err := s.CreateDecision(ctx, "editor1", dept.ID, penaltyEntry("嘉菊市监罚〔2026〕1号", "2026-09-29"))
	if err != nil {
		t.Fatal(err)
	}
	if e.PublishBy.String() != "2026-10-15" || e.Late || e.Light != "yellow" || e.PublishedOn.String() != "2026-10-15" ||
		e.PublicUntil.String() != "2027-09-28" || e.DeptName != "市场监管所" || e.PartyName != "上海某某餐饮有限公司" {
		t.Fatalf("created: %+v", e)
	}
	late, err := s.CreateDecision(ctx, "editor1", dept.ID, penaltyEntry("嘉菊市监罚〔2026〕2号", "2026-09-28"))
	if err != nil {
		t.Fatal(err)
	}
	if !late.Late || late.Light != "red" || late.PublishBy.String() != "2026-10-14" {
		t.Errorf("late entry: late %v light %s publish_by %s", late.Late, late.Light, late.PublishBy)
	}
	lights, err := s.DecisionLights(ctx, 2026)
	if err != nil {
		t.Fatal(err)
	}
	if got := lights[dept.ID]; got["yellow"] != 1 || got["red"] != 1 {
		t.Errorf("lights: %v", got)
	}
	_, err = s.CreateDecision(ctx, "editor1", dept.ID, penaltyEntry("嘉菊市监罚〔2026〕1号", "2026-09-29"))
	if e := (*errs.Error)(nil); !errors.As(err, &e) || e.Code != "duplicate_number" {
		t.Errorf("same number again: %v", err)
	}
	// The last public day, then the day after.
	if _, err := s.PublicDecision(ctx, e.ID, calendar.MustParse("2027-09-28")); err != nil {
		t.Errorf("on the last day: %v", err)
	}
	if _, err := s.PublicDecision(ctx, e.ID, calendar.MustParse("2027-09-29")); !errs.Is(err, errs.NotFound) {
		t.Errorf("after the period: %v, want not found", err)
	}
	if got := decisionNumbers(t, s, enforcement.DecisionFilter{Today: calendar.MustParse("2027-09-29")}); len(got) != 0 {
		t.Errorf("public list after the period: %v", got)
	}
	if got := decisionNumbers(t, s, enforcement.DecisionFilter{Staff: true}); len(got) != 2 {
		t.Errorf("staff list: %v", got)
	}
}

func testDecisionListsAndRepair(t *testing.T, s *store.Store) {
	a := mustDept(t, s, "jy-scjg", "市场监管所", "", 0)
	b := mustDept(t, s, "jy-cg", "城管中队", "", 0)
	s.Now = storetest.NewClock(time.Date(2026, 6, 1, 2, 0, 0, 0, time.UTC)).Now
	for i, day := range []string{"2026-05-20", "2026-05-21", "2026-05-22", "2026-05-25", "2026-05-26"} {
		e := penaltyEntry("罚〔2026〕"+string(rune('A'+i))+"号", day)
		dept := a.ID
		if i%2 == 1 {
			dept = b.ID
		}
		if i == 4 {
			e.Kind, e.Category = enforcement.Licence, "licence"
			e.PartyKind, e.PartyName, e.CreditCode = enforcement.PartyPerson, "王小明", ""
		}
		if _, err := s.CreateDecision(ctx, "editor1", dept, e); err != nil {
			t.Fatal(err)
		}
	}
	today := calendar.MustParse("2026-06-01")
	list, more, err := s.Decisions(ctx, enforcement.DecisionFilter{Today: today, Size: 2})
	if err != nil || !more || len(list) != 2 || list[0].Number != "罚〔2026〕E号" || list[1].Number != "罚〔2026〕D号" {
		t.Fatalf("first page: %v more %v err %v", list, more, err)
	}
	if list[0].PartyName != "" || list[0].PublicParty() != "王**" {
		t.Errorf("a natural person as listed: name %q public %q", list[0].PartyName, list[0].PublicParty())
	}
	next := decisionNumbers(t, s, enforcement.DecisionFilter{Today: today, Size: 2, AfterDate: list[1].DecidedOn, AfterID: list[1].ID})
	if len(next) != 2 || next[0] != "罚〔2026〕C号" || next[1] != "罚〔2026〕B号" {
		t.Errorf("second page: %v", next)
	}
	if got := decisionNumbers(t, s, enforcement.DecisionFilter{Today: today, DeptID: b.ID}); len(got) != 2 {
		t.Errorf("department filter: %v", got)
	}
	if got := decisionNumbers(t, s, enforcement.DecisionFilter{Today: today, Kind: enforcement.Licence}); len(got) != 1 || got[0] != "罚〔2026〕E号" {
		t.Errorf("kind filter: %v", got)
	}
	if got := decisionNumbers(t, s, enforcement.DecisionFilter{Today: today, Category: "penalty_general"}); len(got) != 4 {
		t.Errorf("category filter: %v", got)
	}
	first := list[1] // D, a penalty decided 2026-05-25
	if err := s.RepairDecision(ctx, "editor1", first.ID, "沪信修〔2026〕9号"); err == nil {
		t.Fatal("repaired within the minimum period")
	}
	s.Now = storetest.NewClock(time.Date(2026, 9, 1, 2, 0, 0, 0, time.UTC)).Now
	if err := s.RepairDecision(ctx, "editor1", first.ID, "沪信修〔2026〕9号"); err != nil {
		t.Fatal(err)
	}
	if _, err := s.PublicDecision(ctx, first.ID, calendar.MustParse("2026-09-01")); !errs.Is(err, errs.NotFound) {
		t.Errorf("a repaired entry is still public: %v", err)
	}
	got, err := s.Decision(ctx, first.ID)
	if err != nil || got.Repair == nil || got.Repair.By != "editor1" || got.Repair.Reason != "沪信修〔2026〕9号" {
		t.Fatalf("repair record: %+v %v", got, err)
	}
	if err := s.RepairDecision(ctx, "editor1", first.ID, "again"); err == nil {
		t.Error("repaired twice")
	}
	evs, err := s.AuditEvents(ctx, store.AuditFilter{Action: "enforcement.decision.repair"})
	if err != nil || len(evs) != 1 || evs[0].Actor != "editor1" {
		t.Errorf("repair audit: %v %v", evs, err)
	}
}

func TestEnforcementPlanSuite(t *testing.T) {
	for _, d := range storetest.Dialects(t) {
		t.Run(string(d), func(t *testing.T) { testPlanDraw(t, storetest.Open(t, d)) })
	}
}

func testPlanDraw(t *testing.T, s *store.Store) {
	dept := mustDept(t, s, "jy-sthj", "生态环境所", "", 0)
	s.Now = storetest.NewClock(time.Date(2026, 10, 23, 2, 0, 0, 0, time.UTC)).Now
	seed := "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f"
	p, err := s.CreatePlan(ctx, "editor1", dept.ID, enforcement.Plan{Title: "排污单位随机抽查", N: 3, PerObject: 2,
		Commitment: "630DCD2966C4336691125448BBB25B4FF412A49C732DB2C8ABC1B8581BD710DD",
		ObjectsCSV: "id,name,unit\nO1,甲,U1\nO2,b,U2\nO3,c,U1\nO4,d,U3\nO5,e,U2\n", InspectorsCSV: "id,name,unit\nI1,x,U1\nI2,y,U2\nI3,z,U3\nI4,w,U1\n"})
	if err != nil {
		t.Fatal(err)
	}
	if p.Seed != "" || p.Commitment != "630dcd2966c4336691125448bbb25b4ff412a49c732db2c8abc1b8581bd710dd" {
		t.Fatalf("created: %+v", p)
	}
	if err := s.PublishPlanResults(ctx, "editor1", p.ID, calendar.MustParse("2026-09-18"), "未发现问题"); !errs.Is(err, errs.Conflict) {
		t.Errorf("results before the draw: %v", err)
	}
	err = s.DrawPlan(ctx, "editor1", p.ID, "ff"+seed[2:])
	if e := (*errs.Error)(nil); !errors.As(err, &e) || e.Code != "commitment_mismatch" {
		t.Fatalf("wrong seed: %v", err)
	}
	if err := s.DrawPlan(ctx, "editor1", p.ID, seed); err != nil {
		t.Fatal(err)
	}
	if err := s.DrawPlan(ctx, "editor1", p.ID, seed); !errs.Is(err, errs.Conflict) {
		t.Errorf("drawn twice: %v", err)
	}
	p, _ = s.Plan(ctx, p.ID)
	if want := "object_id,inspector_id\nO3,I2\nO3,I3\nO2,I1\nO2,I3\nO5,I4\nO5,I3\n"; p.ResultCSV != want || p.Seed != seed {
		t.Errorf("result %q seed %q", p.ResultCSV, p.Seed)
	}
	if err := s.PublishPlanResults(ctx, "editor1", p.ID, calendar.MustParse("2026-09-18"), "抽查 3 家，均未发现问题。"); err != nil {
		t.Fatal(err)
	}
	p, _ = s.Plan(ctx, p.ID)
	if p.ResultsDue.String() != "2026-10-22" || p.ResultsOn.String() != "2026-10-23" || p.ResultsLight(calendar.New(nil), calendar.MustParse("2026-10-30")) != "red" {
		t.Errorf("results clock: due %s on %s", p.ResultsDue, p.ResultsOn)
	}
}
