package enforcement_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"gongkai/internal/auth"
	"gongkai/internal/enforcement"
	"gongkai/internal/store"
	"gongkai/internal/web/webtest"
)

const (
	testSeed       = "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f"
	testCommitment = "630dcd2966c4336691125448bbb25b4ff412a49c732db2c8abc1b8581bd710dd"
	testObjects    = "id,name,unit\nO1,甲餐馆,U1\nO2,乙超市,U2\nO3,丙药房,U1\nO4,丁工厂,U3\nO5,戊诊所,U2\n"
	testInspectors = "id,name,unit\nI1,检查员一,U1\nI2,检查员二,U2\nI3,检查员三,U3\nI4,检查员四,U1\n"
)

func mustPlan(t *testing.T, st *store.Store, drawn bool) *enforcement.Plan {
	t.Helper()
	dept, err := st.DepartmentByCode(ctx, "jy-dzb")
	if err != nil {
		t.Fatal(err)
	}
	p, err := st.CreatePlan(ctx, "tester", dept.ID, enforcement.Plan{Title: "餐饮单位食品安全随机抽查", N: 3, PerObject: 2,
		Commitment: testCommitment, ObjectsCSV: testObjects, InspectorsCSV: testInspectors})
	if err != nil {
		t.Fatal(err)
	}
	if drawn {
		if err := st.DrawPlan(ctx, "tester", p.ID, testSeed); err != nil {
			t.Fatal(err)
		}
	}
	return p
}

func drawVisitPages(t *testing.T, e *webtest.Env, check func(c *webtest.Client, path string, want int, template string), rendered map[string]bool) {
	p := mustPlan(t, e.St, true)
	check(e.Client(), "/enforcement/draws", 200, "enforcement_draws")
	check(e.Client(), "/enforcement/draws/how", 200, "enforcement_draw_how")
	check(e.Client(), "/enforcement/draws/"+webtest.Itoa(p.ID), 200, "enforcement_draw")
	check(e.Login("editor"), "/admin/enforcement/draws", 200, "admin_enforcement_draws")
}

// TestDrawPages: an editor creates a plan with a commitment and the lists;
// the plan's page publishes them with their hashes before the draw; a
// wrong seed is refused; the right one draws, and the page and the files
// give what anyone needs to recompute the result (the expected selection
// was computed independently in Python).
func TestDrawPages(t *testing.T) {
	webtest.Dialects(t, func(t *testing.T, d store.Dialect) {
		e := webtest.New(t, d)
		ed := e.Login("editor")
		ed.Get("/admin/enforcement/draws")
		form := url.Values{"title": {"餐饮单位食品安全随机抽查"}, "objects_n": {"3"}, "per_object": {"2"}, "commitment": {testCommitment},
			"objects_csv": {strings.ReplaceAll(testObjects, "\n", "\r\n")}, "inspectors_csv": {testInspectors}}
		r := ed.Post("/admin/enforcement/draws", form)
		if r.Status != http.StatusSeeOther {
			t.Fatalf("create: %d %s", r.Status, webtest.Alert(r.Body))
		}
		page := r.Header.Get("Location")
		body := e.Client().Get(page).Body
		if !strings.Contains(body, testCommitment) || !strings.Contains(body, enforcement.HashList([]byte(testObjects))) || !strings.Contains(body, "尚未抽取") {
			t.Fatalf("plan page before the draw lacks the commitment or the list hash")
		}
		file := e.Client().Get(page + "/objects.csv")
		if file.Body != testObjects {
			t.Errorf("objects.csv = %q, want the list as published (line ends normalised)", file.Body)
		}
		id := strings.TrimPrefix(page, "/enforcement/draws/")
		ed.Get("/admin/enforcement/draws")
		r = ed.Post("/admin/enforcement/draws/"+id+"/draw", url.Values{"seed": {"ff" + testSeed[2:]}})
		if r.Status != http.StatusBadRequest || !strings.Contains(r.Body, "承诺值不符") {
			t.Errorf("wrong seed: %d %s", r.Status, webtest.Alert(r.Body))
		}
		if r := ed.Post("/admin/enforcement/draws/"+id+"/draw", url.Values{"seed": {testSeed}}); r.Status != http.StatusSeeOther {
			t.Fatalf("draw: %d %s", r.Status, webtest.Alert(r.Body))
		}
		body = e.Client().Get(page).Body
		for _, want := range []string{testSeed, "O1 甲餐馆", "I2 检查员二、I3 检查员三", "O4 丁工厂", "I1 检查员一、I4 检查员四", "O3 丙药房", "I3：与检查对象同属一个单位"} {
			if !strings.Contains(body, want) {
				t.Errorf("drawn page lacks %q", want)
			}
		}
		if got := e.Client().Get(page + "/result.csv").Body; got != "object_id,inspector_id\nO1,I2\nO1,I3\nO4,I1\nO4,I4\nO3,I2\nO3,I3\n" {
			t.Errorf("result.csv = %q", got)
		}
		ed.Get("/admin/enforcement/draws")
		if r := ed.Post("/admin/enforcement/draws/"+id+"/results", url.Values{"inspection_end": {today(e).String()}, "results_text": {"抽查 3 家，均未发现问题。"}}); r.Status != http.StatusSeeOther {
			t.Fatalf("results: %d %s", r.Status, webtest.Alert(r.Body))
		}
		if body := e.Client().Get(page).Body; !strings.Contains(body, "均未发现问题") {
			t.Error("results not on the plan page")
		}
		// Another department's editor may not draw or publish this plan.
		e.User(t, "editor2", deptID(t, e, "jy-sqfw"), auth.Editor)
		other := e.Login("editor2")
		other.Get("/admin/enforcement/draws")
		if r := other.Post("/admin/enforcement/draws/"+id+"/results", url.Values{"inspection_end": {today(e).String()}, "results_text": {"x"}}); r.Status != http.StatusForbidden {
			t.Errorf("other department: %d", r.Status)
		}
	})
}
