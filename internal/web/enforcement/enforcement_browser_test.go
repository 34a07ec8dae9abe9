package enforcement_test

import (
	"testing"

	"gongkai/internal/browsertest"
	"gongkai/internal/calendar"
	"gongkai/internal/enforcement"
	"gongkai/internal/web/webtest"
)

// TestBrowserEnforcement audits the 双公示 list and decision page, the
// draw list, a drawn plan's page and the explanation with axe-core in
// both modes, and the staff's entry forms.
func TestBrowserEnforcement(t *testing.T) {
	e := webtest.BrowserServer(t)
	dept, err := e.St.DepartmentByCode(ctx, "jy-dzb")
	if err != nil {
		t.Fatal(err)
	}
	d, err := e.St.CreateDecision(ctx, "tester", dept.ID, enforcement.Decision{Kind: enforcement.Penalty, Number: "嘉菊罚〔2026〕1号",
		DecidedOn: calendar.Today(e.St.Now()), PartyKind: enforcement.PartyOrg, PartyName: "上海某某餐饮有限公司", CreditCode: "91310114MA1GT35K5B",
		Facts: "超范围经营", Basis: "《中华人民共和国食品安全法》第一百二十六条", Content: "警告", Category: "penalty_general"})
	if err != nil {
		t.Fatal(err)
	}
	p := mustPlan(t, e.St, true)
	tab := browsertest.Browser(t)
	page := "/enforcement/decisions/" + webtest.Itoa(d.ID)
	draw := "/enforcement/draws/" + webtest.Itoa(p.ID)
	webtest.AuditBothModes(t, tab, e.Base, []webtest.BrowserPage{
		{Name: "decisions", Path: "/enforcement/decisions", Status: 200, Sel: `a[href="` + page + `"]`},
		{Name: "filtered", Path: "/enforcement/decisions?kind=penalty&category=penalty_general", Status: 200, Sel: `a[href="` + page + `"]`},
		{Name: "decision", Path: page, Status: 200, Sel: "article dl"},
		{Name: "draws", Path: "/enforcement/draws", Status: 200, Sel: `a[href="` + draw + `"]`},
		{Name: "draw", Path: draw, Status: 200, Sel: "#h-result"},
		{Name: "how", Path: "/enforcement/draws/how", Status: 200, Sel: "article ol"},
	})
	webtest.BrowserLogin(t, tab, e.Base, "editor")
	webtest.AuditPages(t, tab, e.Base, false, []webtest.BrowserPage{
		{Name: "admin decisions", Path: "/admin/enforcement/decisions", Status: 200, Sel: `form[action="/admin/enforcement/decisions"]`},
		{Name: "admin draws", Path: "/admin/enforcement/draws", Status: 200, Sel: `form[action="/admin/enforcement/draws"]`},
	})
}
