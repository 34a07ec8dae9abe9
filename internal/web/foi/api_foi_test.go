package foi_test

import (
	"encoding/json"
	"fmt"
	"gongkai/internal/auth"
	"strings"
	"testing"

	"gongkai/internal/store"
	"gongkai/internal/store/storetest"
	"gongkai/internal/web/webtest"
)

const foiBody = `{"applicant":{"kind":"person","name":"李明","id_type":"居民身份证","id_number":"11010519491231002X","phone":"13812345678",
	"email":"liming@example.com","address":"上海市嘉定区平城路811号"},"description":"2024年菊园新区加装电梯补贴发放名单","purpose":"了解政策",
	"format":"electronic","delivery":"email"}`

// TestFOIAPI walks an online application through the statutory clock over
// the JSON API on each dialect: confirm, 补正, supplement, third-party
// consultation, an extension refused to an officer and granted by the head,
// a partial answer, mail and archive; the applicant's tracking shows each
// stage and no personal data.
func TestFOIAPI(t *testing.T) {
	for _, d := range storetest.Dialects(t) {
		t.Run(string(d), func(t *testing.T) {
			e := webtest.New(t, d)
			fpSetToday(e, "2025-09-26") // submitted on the day the case below confirms
			status, created := e.API("POST", "/api/v1/foi/applications", "", foiBody)
			if status != 201 || created["status"] != "awaiting_confirmation" {
				t.Fatalf("create: %d %v", status, created)
			}
			fpSetToday(e, "2025-12-31")
			officer, head := e.Token("foi"), e.Token("foihead")
			number, code := created["number"].(string), created["query_code"].(string)
			path := "/api/v1/foi/applications/" + number
			track := func(want string) map[string]any {
				t.Helper()
				s, body := e.API("GET", "/api/v1/foi/track?number="+number+"&code="+code, "", "")
				raw, _ := json.Marshal(body)
				if s != 200 || body["status"] != want {
					t.Fatalf("track: %d %v, want %s", s, body, want)
				}
				for _, pd := range []string{"李明", "1101", "13812345678", "liming", "平城路"} {
					if strings.Contains(string(raw), pd) {
						t.Fatalf("tracking shows personal data %q: %s", pd, raw)
					}
				}
				return body
			}
			track("awaiting_confirmation")
			// The client sends the version it read; each recorded event
			// returns the next one.
			version := float64(1)
			event := func(token, body string, want int) map[string]any {
				t.Helper()
				s, out := e.API("POST", path+"/events", token, fmt.Sprintf(`{"version":%v,`, version)+strings.TrimPrefix(body, "{"))
				if s != want {
					t.Fatalf("event %s: %d %v, want %d", body, s, out, want)
				}
				if s == 201 {
					version = out["version"].(float64)
				}
				return out
			}
			// R = 2025-09-26; the 补正 is due within 7 working days (by 2025-10-13).
			event(officer, `{"type":"confirm","on":"2025-09-26"}`, 201)
			event(officer, `{"type":"request_supplement","on":"2025-10-14","reply_by":"2025-10-31","reason":"写明年度"}`, 409)
			event(officer, `{"type":"request_supplement","on":"2025-10-13","reply_by":"2025-10-31"}`, 400)
			event(officer, `{"type":"request_supplement","on":"2025-10-13","reply_by":"2025-10-31","reason":"写明年度"}`, 201)
			if got := track("awaiting_supplement"); got["supplement_by"] != "2025-10-31" || fmt.Sprint(got["supplement_items"]) != "[写明年度]" {
				t.Fatalf("tracking while awaiting the supplement: %v", got)
			}
			// A client that read the case before the last event is refused.
			if s, out := e.API("POST", path+"/events", officer, fmt.Sprintf(`{"version":%v,"type":"supplement_received","on":"2025-10-20"}`, version-1)); s != 409 {
				t.Fatalf("stale version: %d %v", s, out)
			} else if code, _ := webtest.ErrorCode(out); code != "stale_version" {
				t.Fatalf("stale version: %v", out)
			}
			event(officer, `{"type":"supplement_received","on":"2025-10-20"}`, 201)
			event(officer, `{"type":"consult_start","on":"2025-10-22","party":"某物业公司","kind":"third_party"}`, 201)
			track("in_consultation")
			event(officer, `{"type":"consult_end","on":"2025-10-29","party":"某物业公司"}`, 201)
			event(officer, `{"type":"extend","on":"2025-11-10","reason":"涉及多个小区，需要汇总"}`, 403)
			got := event(head, `{"type":"extend","on":"2025-11-10","reason":"涉及多个小区，需要汇总"}`, 201)
			// R 10-20, 20 + 5 paused (10-23…10-29) + 20 working days.
			if got["due_on"] != "2025-12-22" || got["paused_workdays"] != float64(5) || got["extended"] != true {
				t.Fatalf("due date: %v", got)
			}
			event(head, `{"type":"extend","on":"2025-11-11","reason":"再次"}`, 409)
			// The answer is signed off: 拟办 by the officer, 审核 by the
			// office, 签发 by the head.
			event(officer, `{"type":"answer","on":"2025-12-01","outcome":"partial","reason":"身份证号码属于个人隐私"}`, 403)
			event(officer, `{"type":"draft","on":"2025-12-01","outcome":"partial","reason":"身份证号码属于个人隐私"}`, 201)
			event(officer, `{"type":"contact","on":"2025-12-01","kind":"phone","note":"电话告知即将答复"}`, 201)
			event(head, `{"type":"answer","on":"2025-12-01","draft":7}`, 409)
			event(head, `{"type":"draft_approved","on":"2025-12-01"}`, 201)
			signed := event(head, `{"type":"answer","on":"2025-12-01","draft":7}`, 201)
			evs := signed["events"].([]any)
			if n, _ := evs[len(evs)-1].(map[string]any)["notice_no"].(string); !strings.HasPrefix(n, "菊园依申〔2025〕") {
				t.Fatalf("the answer's 文书编号 %q, want the demo office's pattern", n)
			}
			event(officer, `{"type":"mail","on":"2025-12-02","carrier":"中国邮政EMS","tracking_no":"EA123456789CN"}`, 201)
			event(officer, `{"type":"archive","on":"2025-12-03","location":"2025-依申请-031"}`, 201)
			final := track("answered")
			if final["outcome"] != "partial" || final["due_on"] != "2025-12-22" {
				t.Fatalf("final tracking: %v", final)
			}
			_, full := e.API("GET", path, officer, "")
			expl, _ := full["explanation"].([]any)
			if full["late"] != false || len(expl) < 6 || full["applicant"].(map[string]any)["id_number"] != "1101**********002X" {
				t.Fatalf("staff view: %v", full)
			}
			// Wrong code → 404; the audit trail verifies.
			if s, _ := e.API("GET", "/api/v1/foi/track?number="+number+"&code=AAAAAAAA", "", ""); s != 404 {
				t.Fatalf("wrong code: %d", s)
			}
			if _, v := e.API("GET", "/api/v1/audit/verify", e.Token("auditor"), ""); v["ok"] != true {
				t.Fatalf("trail: %v", v)
			}
			if strings.Contains(e.Logs.String(), "13812345678") || strings.Contains(e.Logs.String(), "李明") {
				t.Fatal("personal data in the log")
			}
		})
	}
}

func TestFOIAPIBadInput(t *testing.T) {
	e := webtest.New(t, store.SQLite)
	officer := e.Token("foi")
	_, created := e.API("POST", "/api/v1/foi/applications", officer,
		strings.Replace(foiBody, `"delivery":"email"}`, `"delivery":"email","channel":"in_person","received_on":"2026-02-27"}`, 1))
	number, _ := created["number"].(string)
	if number == "" {
		t.Fatalf("staff registration: %v", created)
	}
	path := "/api/v1/foi/applications/" + number + "/events"
	cases := []struct {
		name, path, token, body string
		status                  int
		code                    string
	}{
		{"missing applicant", "/api/v1/foi/applications", "", `{"description":"x","format":"paper","delivery":"pickup"}`, 400, "invalid_applicant_kind"},
		{"wrong kind", "/api/v1/foi/applications", "", strings.Replace(foiBody, `"person"`, `"robot"`, 1), 400, "invalid_applicant_kind"},
		{"unknown field", "/api/v1/foi/applications", "", strings.Replace(foiBody, `"purpose"`, `"colour":"red","purpose"`, 1), 400, "unknown_field"},
		{"channel without token", "/api/v1/foi/applications", "", strings.Replace(foiBody, `"delivery":"email"}`, `"delivery":"email","channel":"in_person"}`, 1), 400, "channel_staff_only"},
		{"huge description", "/api/v1/foi/applications", "", strings.Replace(foiBody, "2024年菊园新区加装电梯补贴发放名单", strings.Repeat("长", 2500), 1), 400, "description_too_long"},
		{"bad id number", "/api/v1/foi/applications", "", strings.Replace(foiBody, "11010519491231002X", "110105194912310021", 1), 400, "invalid_id_number"},
		{"future received_on", "/api/v1/foi/applications", officer, strings.Replace(foiBody, `"delivery":"email"}`, `"delivery":"email","channel":"in_person","received_on":"2099-01-01"}`, 1), 400, "date_in_future"},
		{"bad date", path, officer, `{"version":1,"type":"answer","on":"2026-02-30","outcome":"disclose"}`, 400, "invalid_date"},
		{"future event", path, officer, `{"version":1,"type":"answer","on":"2099-01-05","outcome":"disclose"}`, 400, "date_in_future"},
		{"before receipt", path, officer, `{"version":1,"type":"answer","on":"2026-02-26","outcome":"disclose"}`, 400, "before_receipt"},
		{"unknown event", path, officer, `{"version":1,"type":"dance","on":"2026-03-02"}`, 400, "unknown_event"},
		{"unknown outcome", path, officer, `{"version":1,"type":"answer","on":"2026-03-02","outcome":"maybe"}`, 400, "invalid_outcome"},
		{"confirm in person", path, officer, `{"version":1,"type":"confirm","on":"2026-03-02"}`, 409, "invalid_transition"},
		{"mail before answer", path, officer, `{"version":1,"type":"mail","on":"2026-03-02","carrier":"EMS","tracking_no":"1"}`, 409, "invalid_transition"},
		{"no token", path, "", `{"version":1,"type":"answer","on":"2026-03-02","outcome":"disclose"}`, 401, "unauthenticated"},
		{"editor", path, e.Token("editor"), `{"version":1,"type":"answer","on":"2026-03-02","outcome":"disclose"}`, 403, "forbidden"},
		{"unknown case", "/api/v1/foi/applications/YSQ2026-99999/events", officer, `{"version":1,"type":"answer","on":"2026-03-02","outcome":"disclose"}`, 404, "application_not_found"},
		{"no version", path, officer, `{"type":"answer","on":"2026-03-02","outcome":"disclose"}`, 400, "version_required"},
		{"stale version", path, officer, `{"version":7,"type":"answer","on":"2026-03-02","outcome":"disclose"}`, 409, "stale_version"},
		{"review kind", "/api/v1/foi/applications/" + number + "/reviews", officer, `{"kind":"appeal","filed_on":"2026-03-02","result":"pending"}`, 400, "invalid_review_kind"},
	}
	for _, tc := range cases {
		status, body := e.API("POST", tc.path, tc.token, tc.body)
		code, msg := webtest.ErrorCode(body)
		if status != tc.status || code != tc.code || !webtest.HanRe.MatchString(msg) {
			t.Errorf("%s: %d %q %q, want %d %q", tc.name, status, code, msg, tc.status, tc.code)
		}
	}
	// Guessing query codes is throttled.
	limited := false
	for i := 0; i < 40 && !limited; i++ {
		s, _ := e.API("GET", "/api/v1/foi/track?number="+number+"&code=GUESS"+string(rune('A'+i%26)), "", "")
		limited = s == 429
	}
	if !limited {
		t.Fatal("40 guesses a minute were not throttled")
	}
	if strings.Contains(e.Logs.String(), "level=ERROR") {
		t.Fatalf("bad input caused a server error:\n%s", e.Logs.String())
	}
}

// TestFOIDashboardReminders: the officer's home page lists overdue requests.
func TestFOIDashboardReminders(t *testing.T) {
	e := webtest.New(t, store.SQLite) // today is 2026-03-02
	body := strings.Replace(foiBody, `"delivery":"email"}`, `"delivery":"email","channel":"in_person","received_on":"2026-01-05"}`, 1)
	s, created := e.API("POST", "/api/v1/foi/applications", e.Token("foi"), body)
	if s != 201 {
		t.Fatalf("register: %d %v", s, created)
	}
	r := e.Login("foi").Get("/admin/")
	if !strings.Contains(r.Body, created["number"].(string)) || !strings.Contains(r.Body, "红灯") || strings.Contains(r.Body, "李明") {
		t.Fatalf("dashboard reminders missing or not masked:\n%s", r.Body)
	}
	if r := e.Login("editor").Get("/admin/"); strings.Contains(r.Body, created["number"].(string)) {
		t.Fatal("an editor sees information requests")
	}
	// A backlog: the dashboard lists the most urgent 20 and counts them all.
	officer := e.Token("foi")
	for range 24 {
		if s, out := e.API("POST", "/api/v1/foi/applications", officer, body); s != 201 {
			t.Fatalf("register: %d %v", s, out)
		}
	}
	r = e.Login("foi").Get("/admin/")
	if n := strings.Count(r.Body, `<span class="bad">红灯</span>`); n != 20 || !strings.Contains(r.Body, `href="/admin/foi?light=red">25 件</a>`) ||
		!strings.Contains(r.Body, "以下为最紧急的 20 件") {
		t.Errorf("dashboard with 25 red cases lists %d:\n%s", n, webtest.Alert(r.Body))
	}
	// An officer of another department sees none of them.
	sqfw, _ := e.St.DepartmentByCode(ctx, "jy-sqfw")
	e.User(t, "sqfw.foi", sqfw.ID, auth.FOIOfficer)
	if r := e.Login("sqfw.foi").Get("/admin/"); strings.Contains(r.Body, "h-foi-due") {
		t.Error("another department's officer is reminded of the office's cases")
	}
}

// withVersion puts the case's current version into an event body, as a
// client does after reading the case.
func withVersion(t *testing.T, e *webtest.Env, token, number, body string) string {
	t.Helper()
	s, app := e.API("GET", "/api/v1/foi/applications/"+number, token, "")
	if s != 200 {
		t.Fatalf("read %s: %d %v", number, s, app)
	}
	return fmt.Sprintf(`{"version":%v,`, app["version"]) + strings.TrimPrefix(body, "{")
}
