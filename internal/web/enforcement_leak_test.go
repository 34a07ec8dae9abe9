package web_test

import (
	"strconv"
	"testing"

	"gongkai/internal/calendar"
	"gongkai/internal/enforcement"
	"gongkai/internal/web/webtest"
)

// plantEnforcementMarkers adds 双公示 entries that must show nowhere: one
// whose 公示期 has ended, one taken down early on credit repair, and the
// full name of a natural person whose entry is public (masked). It returns
// them and the number of that public entry, which the crawl must reach.
func plantEnforcementMarkers(t *testing.T, e *webtest.Env, stamp string) ([]*leakMarker, string) {
	t.Helper()
	editor, err := e.St.UserByUsername(ctx, "editor")
	if err != nil {
		t.Fatal(err)
	}
	today := calendar.Today(e.Clock.Now())
	entry := func(number string, decided calendar.Date, kind, name, code string) *enforcement.Decision {
		d, err := e.St.CreateDecision(ctx, "editor", editor.DeptID, enforcement.Decision{Kind: enforcement.Penalty, Number: number,
			DecidedOn: decided, PartyKind: kind, PartyName: name, CreditCode: code, Basis: "泄漏测试依据", Content: "泄漏测试内容",
			Category: "penalty_general"})
		if err != nil {
			t.Fatal(err)
		}
		return d
	}
	pages := func(id int64) []string {
		s := strconv.FormatInt(id, 10)
		return []string{"/enforcement/decisions/" + s, "/api/v1/public/enforcement/decisions/" + s}
	}
	expired := entry("泄漏测试-公示期满-"+stamp, today.AddDays(-400), enforcement.PartyOrg, "上海泄漏测试期满有限公司", "91310114MA1GT35K5B")
	repaired := entry("泄漏测试-信用修复-"+stamp, today.AddDays(-120), enforcement.PartyOrg, "上海泄漏测试修复有限公司", "91310114MA1GT35K5B")
	if err := e.St.RepairDecision(ctx, "editor", repaired.ID, "泄漏测试修复决定"); err != nil {
		t.Fatal(err)
	}
	name := "泄漏测试自然人" + stamp
	public := entry("泄漏测试-公示中-"+stamp, today, enforcement.PartyPerson, name, "")
	return []*leakMarker{
		{state: "公示期满", title: expired.Number, pages: pages(expired.ID)},
		{state: "信用修复", title: repaired.Number, pages: pages(repaired.ID)},
		{state: "自然人全名", title: name},
		{state: "公示期满的当事人", title: "上海泄漏测试期满有限公司"},
	}, public.Number
}
