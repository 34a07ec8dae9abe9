package enforcement_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"gongkai/internal/calendar"
	"gongkai/internal/enforcement"
	"gongkai/internal/store"
	"gongkai/internal/web/webtest"
)

func deptID(t *testing.T, e *webtest.Env, code string) int64 {
	t.Helper()
	d, err := e.St.DepartmentByCode(ctx, code)
	if err != nil {
		t.Fatal(err)
	}
	return d.ID
}

func today(e *webtest.Env) calendar.Date { return calendar.Today(e.Clock.Now()) }

func mustDecision(t *testing.T, e *webtest.Env, dept int64, d enforcement.Decision) *enforcement.Decision {
	t.Helper()
	got, err := e.St.CreateDecision(ctx, "tester", dept, d)
	if err != nil {
		t.Fatal(err)
	}
	return got
}

func personPenalty(e *webtest.Env, number string) enforcement.Decision {
	return enforcement.Decision{Kind: enforcement.Penalty, Number: number, DecidedOn: today(e), PartyKind: enforcement.PartyPerson,
		PartyName: "欧阳明华", Facts: "占道经营", Basis: "《上海市市容环境卫生管理条例》第二十二条", Content: "罚款人民币二百元", Category: "penalty_general"}
}

func decisionVisitPages(t *testing.T, e *webtest.Env, check func(c *webtest.Client, path string, want int, template string), rendered map[string]bool) {
	d := mustDecision(t, e, deptID(t, e, "jy-dzb"), personPenalty(e, "嘉菊城管罚〔2026〕1号"))
	check(e.Client(), "/enforcement/decisions", 200, "enforcement_decisions")
	check(e.Client(), "/enforcement/decisions/"+webtest.Itoa(d.ID), 200, "enforcement_decision")
	check(e.Login("editor"), "/admin/enforcement/decisions", 200, "admin_enforcement_decisions")
}

// TestDecisionPages: an editor enters decisions for their department
// through the form; the public list and page show them with a natural
// person masked; bad input is refused in Chinese per field; the entry
// leaves every public surface when its period ends or on credit repair.
func TestDecisionPages(t *testing.T) {
	webtest.Dialects(t, func(t *testing.T, d store.Dialect) {
		e := webtest.New(t, d)
		ed := e.Login("editor")
		ed.Get("/admin/enforcement/decisions")
		form := url.Values{"kind": {"penalty"}, "number": {"嘉菊罚〔2026〕7号"}, "decided_on": {today(e).String()}, "party_kind": {"person"},
			"party_name": {"欧阳明华"}, "facts": {"占道经营"}, "basis": {"《上海市市容环境卫生管理条例》"}, "content": {"罚款人民币二百元"}, "category": {"penalty_general"}}
		if r := ed.Post("/admin/enforcement/decisions", form); r.Status != http.StatusSeeOther {
			t.Fatalf("create: %d %s", r.Status, webtest.Alert(r.Body))
		}
		bad := url.Values{"kind": {"penalty"}, "number": {"嘉菊罚〔2026〕8号"}, "decided_on": {"2026-13-01"}, "party_kind": {"org"},
			"party_name": {"上海某某有限公司"}, "credit_code": {"91310114MA1GT35K5C"}, "basis": {"x"}, "content": {"x"}, "category": {"penalty_general"}}
		r := ed.Post("/admin/enforcement/decisions", bad)
		if r.Status != http.StatusBadRequest || !strings.Contains(r.Body, "不是有效日期") || !strings.Contains(r.Body, "上海某某有限公司") {
			t.Errorf("bad date: %d %s", r.Status, webtest.Alert(r.Body))
		}
		bad.Set("decided_on", today(e).String())
		if r := ed.Post("/admin/enforcement/decisions", bad); r.Status != http.StatusBadRequest || !strings.Contains(r.Body, "校验位正确") {
			t.Errorf("bad credit code: %d %s", r.Status, webtest.Alert(r.Body))
		}

		list := e.Client().Get("/enforcement/decisions")
		if !strings.Contains(list.Body, "嘉菊罚〔2026〕7号") || !strings.Contains(list.Body, "欧***") || strings.Contains(list.Body, "欧阳明华") {
			t.Fatalf("public list: %s", list.Body)
		}
		mine, _, err := e.St.Decisions(ctx, enforcement.DecisionFilter{Staff: true})
		if err != nil || len(mine) != 1 {
			t.Fatalf("entries: %v %v", mine, err)
		}
		page := "/enforcement/decisions/" + webtest.Itoa(mine[0].ID)
		if r := e.Client().Get(page); r.Status != 200 || strings.Contains(r.Body, "欧阳明华") || !strings.Contains(r.Body, "欧***") {
			t.Errorf("decision page: %d", r.Status)
		}
		api := "/api/v1/public/enforcement/decisions/" + webtest.Itoa(mine[0].ID)
		if _, _, raw := e.RawAPI("GET", api, "", ""); strings.Contains(string(raw), "欧阳明华") {
			t.Errorf("the API shows the name: %s", raw)
		}
		// Filters.
		if r := e.Client().Get("/enforcement/decisions?kind=licence"); strings.Contains(r.Body, "嘉菊罚〔2026〕7号") {
			t.Error("a penalty listed under licences")
		}
		if r := e.Client().Get("/enforcement/decisions?kind=fine"); r.Status != http.StatusBadRequest {
			t.Errorf("bad kind: %d", r.Status)
		}

		// The period (12 months) ends: the entry is gone from the page, the list and the API.
		e.Clock.Advance(366 * 24 * time.Hour)
		if r := e.Client().Get(page); r.Status != http.StatusNotFound {
			t.Errorf("expired page: %d", r.Status)
		}
		if r := e.Client().Get("/enforcement/decisions"); strings.Contains(r.Body, "嘉菊罚〔2026〕7号") {
			t.Error("expired entry still listed")
		}
		if status, _ := e.API("GET", api, "", ""); status != http.StatusNotFound {
			t.Errorf("expired API: %d", status)
		}
	})
}

// TestDecisionRepairAndAPI: the API's 201 and 400 answers, and an early
// removal on credit repair by the department's editor only.
func TestDecisionRepairAndAPI(t *testing.T) {
	webtest.Dialects(t, func(t *testing.T, d store.Dialect) {
		e := webtest.New(t, d)
		tok := e.Token("editor")
		status, out := e.API("POST", "/api/v1/enforcement/decisions", tok, `{"kind":"licence","number":"嘉菊许〔2026〕3号","decided_on":"`+today(e).String()+
			`","party_kind":"org","party_name":"上海某某餐饮有限公司","credit_code":"91310114MA1GT35K5B","content":"食品经营许可","basis":"《食品经营许可管理办法》","category":"licence"}`)
		want, _ := e.St.Calendar(ctx)
		publishBy, _ := want.AddWorkdays(today(e), 7)
		if status != http.StatusCreated || out["publish_by"] != publishBy.String() || out["public_until"] != enforcement.AddMonths(today(e), 36).AddDays(-1).String() {
			t.Fatalf("create: %d %v", status, out)
		}
		status, out = e.API("POST", "/api/v1/enforcement/decisions", tok, `{"kind":"penalty","number":"x","decided_on":"`+today(e).String()+
			`","party_kind":"org","party_name":"某公司","credit_code":"91310114MA1GT35K5C","content":"x","basis":"x","category":"licence"}`)
		if code, msg := webtest.ErrorCode(out); status != http.StatusBadRequest || code != "invalid_credit_code" || !strings.Contains(msg, "统一社会信用代码") {
			t.Errorf("bad credit code: %d %v", status, out)
		}
		if errs, _ := out["errors"].([]any); len(errs) != 2 {
			t.Errorf("want both field errors (credit_code, category): %v", out["errors"])
		}
		if status, _ := e.API("POST", "/api/v1/enforcement/decisions", e.Token("foi"), `{}`); status != http.StatusForbidden {
			t.Errorf("an FOI officer: %d", status)
		}

		pen := mustDecision(t, e, deptID(t, e, "jy-dzb"), personPenalty(e, "嘉菊罚〔2026〕9号"))
		e.Clock.Advance(100 * 24 * time.Hour) // past the 3-month minimum
		ed := e.Login("editor")
		ed.Get("/admin/enforcement/decisions")
		if r := ed.Post("/admin/enforcement/decisions/"+webtest.Itoa(pen.ID)+"/repair", url.Values{"reason": {""}}); r.Status != http.StatusBadRequest || !strings.Contains(r.Body, "信用修复的依据") {
			t.Errorf("no reason: %d %s", r.Status, webtest.Alert(r.Body))
		}
		if r := ed.Post("/admin/enforcement/decisions/"+webtest.Itoa(pen.ID)+"/repair", url.Values{"reason": {"沪信修〔2026〕5号"}}); r.Status != http.StatusSeeOther {
			t.Fatalf("repair: %d %s", r.Status, webtest.Alert(r.Body))
		}
		if r := e.Client().Get("/enforcement/decisions/" + webtest.Itoa(pen.ID)); r.Status != http.StatusNotFound {
			t.Errorf("repaired page: %d", r.Status)
		}
		if r := ed.Get("/admin/enforcement/decisions"); !strings.Contains(r.Body, "沪信修〔2026〕5号") {
			t.Error("the staff list lacks the repair record")
		}
	})
}
