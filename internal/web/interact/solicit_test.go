package interact_test

import (
	"archive/zip"
	"bytes"
	"html"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"gongkai/internal/auth"
	"gongkai/internal/calendar"
	"gongkai/internal/interact"
	"gongkai/internal/store"
	"gongkai/internal/web/webtest"
)

// solicitCreate creates a solicitation of the demo's 社区服务办 (the
// replier's department) through the staff form and returns its id.
func solicitCreate(t *testing.T, e *webtest.Env, sup *webtest.Client, form url.Values) string {
	t.Helper()
	sup.Get("/admin/solicitations/new")
	r := sup.Post("/admin/solicitations/new", form)
	if r.Status != http.StatusSeeOther {
		t.Fatalf("create: %d %s", r.Status, webtest.Alert(r.Body))
	}
	return strings.TrimPrefix(r.Header.Get("Location"), "/admin/solicitations/")
}

func solicitForm(t *testing.T, e *webtest.Env, kind, opens, closes string) url.Values {
	dept, err := e.St.DepartmentByCode(ctx, "jy-sqfw")
	if err != nil {
		t.Fatal(err)
	}
	return url.Values{"title": {"菊园新区社区停车管理办法（征求意见稿）"}, "dept": {webtest.Itoa(dept.ID)}, "kind": {kind},
		"draft_text": {"第一条 为规范社区停车秩序，制定本办法。"}, "opens_on": {opens}, "closes_on": {closes}}
}

func solicitComment(c *webtest.Client, id, name, phone, email, content string) webtest.Response {
	page := c.Get("/hudong/solicitations/" + id)
	form := url.Values{"name": {name}, "phone": {phone}, "email": {email}, "content": {content}}
	if m := tokenRe.FindStringSubmatch(page.Body); m != nil {
		a, _ := strconv.Atoi(m[1])
		b, _ := strconv.Atoi(m[2])
		form.Set("challenge_token", m[1]+"."+m[2]+"."+html.UnescapeString(m[3]))
		form.Set("challenge", strconv.Itoa(a+b))
	}
	return c.Post("/hudong/solicitations/"+id, form)
}

// TestSolicitationFlow runs a solicitation through the real router on each
// engine: created by the office (a short period only with a reason), a
// comment taken while open and answered in bulk by the drafting
// department, a comment after the close date refused with the date and
// not stored, the feedback published with its counts and shown on the
// public page and list (the page cache follows).
func TestSolicitationFlow(t *testing.T) {
	webtest.Dialects(t, func(t *testing.T, d store.Dialect) {
		e := webtest.New(t, d) // Monday 2 March 2026
		sup := e.Login("supervisor")
		form := solicitForm(t, e, "normative", "2026-03-02", "2026-03-04")
		sup.Get("/admin/solicitations/new")
		r := sup.Post("/admin/solicitations/new", form)
		if r.Status != http.StatusBadRequest || !strings.Contains(r.Body, "一般不少于 7 个工作日") || !strings.Contains(r.Body, "只有 3 个工作日") {
			t.Fatalf("short period without confirmation: %d %s", r.Status, webtest.Alert(r.Body))
		}
		form.Set("confirm_short", "yes")
		form.Set("short_reason", "区政府要求月内出台")
		id := solicitCreate(t, e, sup, form)

		citizen := e.Client()
		if r := citizen.Get("/hudong/solicitations"); r.Status != 200 || !strings.Contains(r.Body, `/hudong/solicitations/`+id+`"`) || !strings.Contains(r.Body, "征集中") {
			t.Fatalf("public list: %d", r.Status)
		}
		if r := citizen.Get("/hudong/solicitations/" + id); r.Status != 200 || !strings.Contains(r.Body, `id="solicit-form"`) {
			t.Fatalf("open solicitation page has no form: %d", r.Status)
		}
		r = solicitComment(citizen, id, "欧阳明月", "", "", "建议夜间开放路边停车。")
		if r.Status != http.StatusBadRequest || !strings.Contains(r.Body, `id="sc-phone-error"`) {
			t.Fatalf("comment without phone: %d %s", r.Status, webtest.Alert(r.Body))
		}
		r = solicitComment(citizen, id, "欧阳明月", "13912345678", "oymy@example.com", "建议夜间开放路边停车，联系人欧阳明月。")
		m := receiptRe.FindStringSubmatch(r.Body)
		if r.Status != 200 || m == nil || !strings.Contains(r.Body, `id="receipt-code"`) {
			t.Fatalf("comment receipt: %d %s", r.Status, webtest.Alert(r.Body))
		}
		number := m[1]

		// The drafting department sees it masked, exports it without
		// personal data and answers it from the template.
		replier := e.Login("replier")
		page := replier.Get("/admin/solicitations/" + id)
		if page.Status != 200 || !strings.Contains(page.Body, number) || strings.Contains(page.Body, "13912345678") || strings.Contains(page.Body, "oymy@example.com") {
			t.Fatalf("staff page: %d", page.Status)
		}
		r = replier.Post("/admin/solicitations/"+id+"/reply", url.Values{"content": {"感谢您的意见，我们将认真研究。"}})
		if r.Status != http.StatusSeeOther {
			t.Fatalf("bulk reply: %d %s", r.Status, webtest.Alert(r.Body))
		}
		if l, err := e.St.Letter(ctx, number); err != nil || l.Status != interact.Replied || l.Reply != "感谢您的意见，我们将认真研究。" {
			t.Fatalf("after the bulk reply: %+v %v", l, err)
		}

		// After the close date: no form, and a POST is refused with the date.
		e.Clock.Advance(3 * 24 * time.Hour) // Thursday 5 March
		if r := citizen.Get("/hudong/solicitations/" + id); strings.Contains(r.Body, `id="solicit-form"`) || !strings.Contains(r.Body, "已于 2026-03-04 截止") {
			t.Fatalf("closed page still offers the form: %d", r.Status)
		}
		r = citizen.Post("/hudong/solicitations/"+id, url.Values{"name": {"迟到者"}, "phone": {"13800001111"}, "content": {"截止后的意见"}})
		if r.Status != http.StatusConflict || !strings.Contains(r.Body, "本次意见征集已于 2026-03-04 截止，不再接收意见。") {
			t.Fatalf("late comment: %d %s", r.Status, webtest.Alert(r.Body))
		}
		if cs, err := e.St.SolicitationComments(ctx, mustID(t, id)); err != nil || len(cs) != 1 {
			t.Fatalf("the late comment was stored: %d %v", len(cs), err)
		}

		if r := citizen.Get("/hudong/solicitations"); !strings.Contains(r.Body, "已截止") {
			t.Fatal("the public list does not show the solicitation closed")
		}
		sup = e.Login("supervisor") // the session of three days ago has expired
		if r := sup.Get("/admin/solicitations/" + id); !strings.Contains(r.Body, `action="/admin/solicitations/`+id+`/feedback"`) {
			t.Fatalf("no feedback form after the close: %d", r.Status)
		}
		sol, _ := e.St.Solicitation(ctx, mustID(t, id))
		r = sup.Post("/admin/solicitations/"+id+"/feedback", url.Values{"version": {webtest.Itoa(sol.Version)}, "adopted": {"1"},
			"point": {"夜间开放路边停车", ""}, "outcome": {"partial", "adopted"}, "reason": {"主干道除外", ""}, "text": {"感谢社会各界的参与。"}})
		if r.Status != http.StatusSeeOther {
			t.Fatalf("feedback: %d %s", r.Status, webtest.Alert(r.Body))
		}
		pub := citizen.Get("/hudong/solicitations/" + id)
		if !strings.Contains(pub.Body, `id="fb-received">1<`) || !strings.Contains(pub.Body, `id="fb-adopted">1<`) ||
			!strings.Contains(pub.Body, "主干道除外") || !strings.Contains(pub.Body, "部分采纳") {
			t.Fatalf("public page without the feedback:\n%s", pub.Body)
		}
		if r := citizen.Get("/hudong/solicitations"); !strings.Contains(r.Body, "已反馈") {
			t.Fatal("the cached public list does not show the feedback")
		}
		// A replier of another department does not see it.
		e.User(t, "other-replier", mustDeptID(t, e, "jy-dzb"), auth.Replier)
		if r := e.Login("other-replier").Get("/admin/solicitations/" + id); r.Status != http.StatusNotFound {
			t.Fatalf("another department's replier: %d", r.Status)
		}
	})
}

// TestSolicitationExportHasNoPersonalData: the XLSX and the CSV hold the
// comment but not the writer's name, phone or e-mail, not even where the
// writer typed them into the text; a comment that starts like a formula
// stays text in the CSV; every download is audited.
func TestSolicitationExportHasNoPersonalData(t *testing.T) {
	webtest.Dialects(t, func(t *testing.T, d store.Dialect) {
		e := webtest.New(t, d)
		sup := e.Login("supervisor")
		id := solicitCreate(t, e, sup, solicitForm(t, e, "other", "2026-03-02", "2026-03-31"))
		r := solicitComment(e.Client(), id, "欧阳明月", "13912345678", "oymy@example.com",
			"我是欧阳明月，电话13912345678，邮箱 oymy@example.com ，建议增设充电桩。")
		if r.Status != 200 {
			t.Fatalf("comment: %d %s", r.Status, webtest.Alert(r.Body))
		}
		if r := solicitComment(e.Client(), id, "张三", "13812345678", "", "=1+1 以等号开头的意见"); r.Status != 200 {
			t.Fatalf("second comment: %d", r.Status)
		}
		replier := e.Login("replier")
		replier.Get("/admin/solicitations/" + id)
		for _, format := range []string{"csv", "xlsx"} {
			res := replier.Post("/admin/solicitations/"+id+"/comments."+format, nil)
			if res.Status != 200 || !strings.Contains(res.Header.Get("Content-Disposition"), "attachment") || res.Header.Get("Cache-Control") != "no-store" {
				t.Fatalf("%s: %d %v", format, res.Status, res.Header)
			}
			text := res.Body
			if format == "xlsx" { // the workbook is a zip: read every part
				zr, err := zip.NewReader(bytes.NewReader([]byte(res.Body)), int64(len(res.Body)))
				if err != nil {
					t.Fatalf("xlsx: %v", err)
				}
				var all strings.Builder
				for _, f := range zr.File {
					rc, err := f.Open()
					if err != nil {
						t.Fatal(err)
					}
					b, _ := io.ReadAll(rc)
					rc.Close()
					all.Write(b)
				}
				text = all.String()
			}
			if !strings.Contains(text, "建议增设充电桩") {
				t.Fatalf("%s: the comment is missing", format)
			}
			if format == "csv" && !strings.Contains(text, ",'=1+1 以等号开头的意见,") {
				t.Fatalf("csv: a comment starting with = is not kept as text:\n%s", text)
			}
			for _, personal := range []string{"欧阳明月", "13912345678", "oymy@example.com"} {
				if strings.Contains(text, personal) {
					t.Fatalf("%s export holds %q", format, personal)
				}
			}
		}
		evs, err := e.St.AuditEvents(ctx, store.AuditFilter{Action: "solicitation.export"})
		if err != nil || len(evs) != 2 {
			t.Fatalf("export audit: %d %v", len(evs), err)
		}
	})
}

func mustID(t *testing.T, id string) int64 {
	t.Helper()
	n, err := strconv.ParseInt(id, 10, 64)
	if err != nil {
		t.Fatalf("not an id: %q", id)
	}
	return n
}

func mustDeptID(t *testing.T, e *webtest.Env, code string) int64 {
	t.Helper()
	d, err := e.St.DepartmentByCode(ctx, code)
	if err != nil {
		t.Fatal(err)
	}
	return d.ID
}

// solicitVisitPages renders every solicitation page for TestEveryPageRenders.
func solicitVisitPages(t *testing.T, e *webtest.Env, check func(c *webtest.Client, path string, want int, template string), rendered map[string]bool) {
	sup := e.Login("supervisor")
	// Other visitors may have moved the clock: the period starts today.
	today := calendar.DateOf(e.Clock.Now())
	id := solicitCreate(t, e, sup, solicitForm(t, e, "major", today.String(), today.AddDays(60).String()))
	check(sup, "/admin/solicitations", 200, "admin_solicit_list")
	check(sup, "/admin/solicitations/new", 200, "admin_solicit_new")
	check(sup, "/admin/solicitations/"+id, 200, "admin_solicit")
	citizen := e.Client()
	check(citizen, "/hudong/solicitations", 200, "solicit_list")
	check(citizen, "/hudong/solicitations/"+id, 200, "solicit_page")
	// The other visitors' posts came from the same address: start a new
	// window of the per-client limit.
	e.Clock.Advance(2 * time.Minute)
	r := solicitComment(citizen, id, "张三", "13812345678", "", "意见")
	if r.Status != 200 || !strings.Contains(r.Body, `id="receipt-code"`) {
		t.Fatalf("comment receipt: %d %s", r.Status, webtest.Alert(r.Body))
	}
	rendered["solicit_receipt"] = true
}
