package foi_test

import (
	"encoding/json"
	"strings"
	"testing"

	"gongkai/internal/store"
	"gongkai/internal/web/webtest"
)

const foiOrgBody = `{"applicant":{"kind":"org","name":"上海某某科技有限公司","org_category":"business","id_type":"统一社会信用代码",
	"id_number":"91310114MA1GT35K5B","legal_rep":"王建国","contact":"欧阳小红","phone":"021-59990000","email":"office@example.com"},
	"description":"2024年菊园新区加装电梯补贴发放名单","format":"electronic","delivery":"email"}`

// TestFOIAPIOrgApplicant: an organisation applies with its 法定代表人 and
// 联系人; staff read them masked.
func TestFOIAPIOrgApplicant(t *testing.T) {
	e := webtest.New(t, store.SQLite)
	status, created := e.API("POST", "/api/v1/foi/applications", "", foiOrgBody)
	if status != 201 {
		t.Fatalf("create: %d %v", status, created)
	}
	_, _, body := e.RawAPI("GET", "/api/v1/foi/applications/"+created["number"].(string), e.Token("foi"), "")
	var app struct {
		Applicant map[string]string `json:"applicant"`
	}
	if err := json.Unmarshal(body, &app); err != nil || app.Applicant["legal_rep"] != "王**" || app.Applicant["contact"] != "欧***" {
		t.Fatalf("staff view: %v %s", err, body)
	}
	for _, pd := range []string{"王建国", "欧阳小红", "小红"} {
		if strings.Contains(string(body), pd) {
			t.Errorf("staff JSON shows %q unmasked", pd)
		}
	}
}

// TestFOIAPIAllErrors: a body with several bad fields is answered 400 with
// the first in "error" (its field included) and every one in "errors",
// each naming its JSON key.
func TestFOIAPIAllErrors(t *testing.T) {
	e := webtest.New(t, store.SQLite)
	body := strings.NewReplacer(`"legal_rep":"王建国",`, ``, `"91310114MA1GT35K5B"`, `"91310114MA1GT35K5C"`,
		`"format":"electronic"`, `"format":"fax"`).Replace(foiOrgBody)
	_, _, raw := e.RawAPI("POST", "/api/v1/foi/applications", "", body)
	var got struct {
		Error struct {
			Code, Message, Field string
		} `json:"error"`
		Errors []struct {
			Field, Code, Message string
		} `json:"errors"`
	}
	if err := json.Unmarshal(raw, &got); err != nil {
		t.Fatalf("%v: %s", err, raw)
	}
	want := [][2]string{{"applicant.id_number", "invalid_credit_code"}, {"applicant.legal_rep", "invalid_legal_rep"}, {"format", "invalid_format"}}
	if len(got.Errors) != len(want) {
		t.Fatalf("errors: %s", raw)
	}
	for i, w := range want {
		g := got.Errors[i]
		if g.Field != w[0] || g.Code != w[1] || !webtest.HanRe.MatchString(g.Message) {
			t.Errorf("errors[%d] = %+v, want field %s code %s with a Chinese message", i, g, w[0], w[1])
		}
	}
	if got.Error.Code != "invalid_credit_code" || got.Error.Field != "applicant.id_number" || got.Error.Message != got.Errors[0].Message {
		t.Errorf("error: %+v, want the first problem", got.Error)
	}
	// A single problem comes as a list of one, too.
	status, one := e.API("POST", "/api/v1/foi/applications", "", strings.Replace(foiOrgBody, `"contact":"欧阳小红",`, ``, 1))
	if list, _ := one["errors"].([]any); status != 400 || len(list) != 1 {
		t.Errorf("one problem: %d %v", status, one)
	}
	if apps, err := e.St.FOIApplications(ctx, store.FOIFilter{}); err != nil || len(apps) != 0 {
		t.Fatalf("refused bodies created %d applications (%v)", len(apps), err)
	}
}
