package foi_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"gongkai/internal/auth"
	"gongkai/internal/store"
	"gongkai/internal/web/webtest"
)

// TestFOISettings: a head keeps the office's settings (validated, audited);
// an officer may not.
func TestFOISettings(t *testing.T) {
	e := webtest.New(t, store.SQLite)
	head := e.Login("foihead")
	r := head.Get("/admin/foi/settings")
	if r.Status != 200 || !strings.Contains(r.Body, "菊园依申〔{year}〕{seq}号") || !strings.Contains(r.Body, "上海市嘉定区人民政府") {
		t.Fatalf("settings page: %d %s", r.Status, webtest.Alert(r.Body))
	}
	webtest.AccessibleHTML(t, "FOI settings", r.Body)
	dzb, _ := e.St.DepartmentByCode(ctx, "jy-dzb")
	form := url.Values{"dept_id": {webtest.Itoa(dzb.ID)}, "contact": {"周涛"}, "phone": {"021-59530000"}, "address": {"菊园新区某路1号"},
		"review_organ": {"上海市嘉定区人民政府"}, "court": {"上海市嘉定区人民法院"}, "notice_pattern": {"菊园依申"}}
	r = head.Post("/admin/foi/settings", form)
	if r.Status != http.StatusBadRequest || !strings.Contains(r.Body, "{seq}") || !strings.Contains(r.Body, `value="菊园新区某路1号"`) {
		t.Fatalf("a pattern without {seq}: %d %s", r.Status, webtest.Alert(r.Body))
	}
	form.Set("notice_pattern", "菊园依申第{seq}号") // without the year, numbers repeat each year
	if r := head.Post("/admin/foi/settings", form); r.Status != http.StatusBadRequest || !strings.Contains(r.Body, "会重号") {
		t.Fatalf("a pattern without {year}: %d %s", r.Status, webtest.Alert(r.Body))
	}
	form.Set("notice_pattern", "菊园依申〔{year}〕第{seq}号")
	form.Set("phone", "021 59530000\x01")
	if r := head.Post("/admin/foi/settings", form); r.Status != http.StatusBadRequest {
		t.Fatalf("a control character: %d", r.Status)
	}
	form.Set("phone", "021-59530000")
	if r := head.Post("/admin/foi/settings", form); r.Status != http.StatusSeeOther {
		t.Fatalf("save: %d %s", r.Status, webtest.Alert(r.Body))
	}
	o, err := e.St.FOIOffice(ctx)
	if err != nil || o.Phone != "021-59530000" || o.NoticeNumber(2026, 7) != "菊园依申〔2026〕第7号" {
		t.Fatalf("saved office: %+v %v", o, err)
	}
	if evs, _ := e.St.AuditEvents(ctx, store.AuditFilter{Action: "settings.foi_office"}); len(evs) == 0 || evs[0].Actor != "foihead" {
		t.Errorf("the change is not audited: %+v", evs)
	}
	if r := e.Login("foi").Get("/admin/foi/settings"); r.Status != http.StatusForbidden {
		t.Errorf("an officer opens the settings: %d", r.Status)
	}
}

// TestFOIOfficerScope: an officer of a department other than the FOI
// office sees only the cases assigned to that department; every route of
// a case (pages, files, notices, events, the API) answers 404 on the
// others, and their inbox does not list them.
func TestFOIOfficerScope(t *testing.T) {
	e := webtest.New(t, store.SQLite)
	sqfw, _ := e.St.DepartmentByCode(ctx, "jy-sqfw")
	jjfz, _ := e.St.DepartmentByCode(ctx, "jy-jjfz")
	e.User(t, "sqfw.foi", sqfw.ID, auth.FOIOfficer)
	e.User(t, "jjfz.foi", jjfz.ID, auth.FOIOfficer)
	head := e.Token("foihead")
	status, created := e.API("POST", "/api/v1/foi/applications", "", foiBody)
	if status != 201 {
		t.Fatalf("apply: %d %v", status, created)
	}
	number := created["number"].(string)
	path := "/api/v1/foi/applications/" + number
	if s, out := e.API("POST", path+"/assign", head, `{"dept":"nope"}`); s != 400 {
		t.Fatalf("assign to an unknown department: %d %v", s, out)
	}
	if s, out := e.API("POST", path+"/assign", head, `{"dept":"jy-sqfw","note":"涉及社区事务"}`); s != 200 || out["dept_name"] != sqfw.Name {
		t.Fatalf("assign: %d %v", s, out)
	}
	page := "/admin/foi/" + number
	stranger, assigned := e.Login("jjfz.foi"), e.Login("sqfw.foi")
	for _, c := range []struct {
		method, path string
	}{
		{"GET", page}, {"POST", page + "/personal"}, {"POST", page + "/files/1"}, {"POST", page + "/events"}, {"POST", page + "/assign"},
		{"POST", page + "/reviews"}, {"POST", page + "/released"}, {"POST", page + "/supplements/1/confirm"},
		{"GET", page + "/notices/answer"}, {"GET", page + "/notices/answer/pdf"}, {"POST", page + "/notices/answer/send"},
	} {
		var r webtest.Response
		if c.method == "GET" {
			r = stranger.Get(c.path)
		} else {
			r = stranger.Post(c.path, url.Values{"type": {"contact"}, "kind": {"phone"}, "note": {"x"}, "on": {"2026-03-02"}, "version": {"1"}, "dept_id": {webtest.Itoa(jjfz.ID)}})
		}
		if r.Status != http.StatusNotFound || strings.Contains(r.Body, number+"</") {
			t.Errorf("%s %s by another department's officer: %d", c.method, c.path, r.Status)
		}
	}
	token := e.Token("jjfz.foi")
	for _, c := range []struct{ method, path, body string }{
		{"GET", path, ""}, {"POST", path + "/events", `{"version":1,"type":"contact","on":"2026-03-02","kind":"phone","note":"x"}`},
		{"POST", path + "/reviews", `{"kind":"reconsideration","filed_on":"2026-03-02","result":"pending"}`}, {"POST", path + "/assign", `{"dept":"jy-jjfz"}`},
	} {
		if s, out := e.API(c.method, c.path, token, c.body); s != 404 {
			t.Errorf("API %s %s by another department's officer: %d %v", c.method, c.path, s, out)
		}
	}
	if r := stranger.Get("/admin/foi?status=all"); strings.Contains(r.Body, number) {
		t.Error("another department's inbox lists the case")
	}
	if r := assigned.Get(page); r.Status != 200 {
		t.Errorf("the assigned department's officer: %d", r.Status)
	}
	if r := assigned.Get("/admin/foi?status=all"); !strings.Contains(r.Body, number) {
		t.Error("the assigned department's inbox does not list the case")
	}
	if r := e.Login("foi").Get(page); r.Status != 200 {
		t.Errorf("the office's officer: %d", r.Status)
	}
	// The same applicant asks again; that case goes to a third department.
	// Its page warns of the earlier case only to those who may see it.
	status, again := e.API("POST", "/api/v1/foi/applications", "", strings.Replace(foiBody, "发放名单", "的发放名单", 1))
	if status != 201 {
		t.Fatalf("apply again: %d %v", status, again)
	}
	second := again["number"].(string)
	if s, out := e.API("POST", "/api/v1/foi/applications/"+second+"/assign", head, `{"dept":"jy-jjfz"}`); s != 200 {
		t.Fatalf("assign: %d %v", s, out)
	}
	if r := stranger.Get("/admin/foi/" + second); r.Status != 200 || strings.Contains(r.Body, number) {
		t.Errorf("the duplicate warning names a case the officer may not see: %d", r.Status)
	}
	if r := e.Login("foi").Get("/admin/foi/" + second); !strings.Contains(r.Body, "相似申请") || !strings.Contains(r.Body, number) {
		t.Error("the office does not see the duplicate warning")
	}
}
