package foi_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"gongkai/internal/foi"
	"gongkai/internal/notice/noticetest"
	"gongkai/internal/store"
	"gongkai/internal/store/storetest"
	"gongkai/internal/web/webtest"
)

// trackPost posts a tracking form with files (field "files").
func trackPost(c *webtest.Client, path string, form url.Values, files map[string][]byte) webtest.Response {
	var parts []fpFile
	for name, data := range files {
		parts = append(parts, fpFile{"files", name, data})
	}
	return fpMultipart(c, path, form, parts...)
}

// TestTrackSupplementAndDownloads: the applicant sees what to supplement
// and by when, supplements online (text and files; refused with reasons
// when wrong), an officer confirms it, and after the signed answer the
// applicant downloads the notice and the released file; every step is in
// the trail without personal data, and a wrong code opens nothing.
func TestTrackSupplementAndDownloads(t *testing.T) {
	for _, d := range storetest.Dialects(t) {
		t.Run(string(d), func(t *testing.T) {
			e := webtest.New(t, d)
			fpSetToday(e, "2025-09-26")
			number, code := fpApply(t, e, fpForm())
			// Staff sign in again after each move of the clock (sessions expire).
			var officer, head *webtest.Client
			at := func(day string) {
				fpSetToday(e, day)
				officer, head = e.Login("foi"), e.Login("foihead")
			}
			for _, f := range []url.Values{
				{"type": {"confirm"}, "on": {"2025-09-26"}},
				{"type": {"request_supplement"}, "on": {"2025-09-29"}, "reply_by": {"2025-10-20"}, "reason": {"写明补贴发放的年度\n写明所在小区的名称"}},
			} {
				at(f.Get("on"))
				if r := fpEvent(t, e, officer, number, f); r.Status != http.StatusSeeOther {
					t.Fatalf("%v: %d %s", f, r.Status, webtest.Alert(r.Body))
				}
			}
			anon := e.Client()
			r := fpTrack(anon, number, code)
			fpMust(t, r, 200, "awaiting supplement", "请补正您的申请", "写明补贴发放的年度", "写明所在小区的名称", "2025-10-20", `action="/foi/track/supplement"`,
				"补正通知书（PDF）")
			fpNoPersonal(t, "tracking", r.Body)
			webtest.AccessibleHTML(t, "tracking with a supplement form", r.Body)

			// Bad supplements are refused with the reason, the text kept.
			creds := url.Values{"number": {number}, "code": {code}}
			with := func(kv ...string) url.Values {
				v := url.Values{"number": {number}, "code": {code}}
				for i := 0; i < len(kv); i += 2 {
					v.Set(kv[i], kv[i+1])
				}
				return v
			}
			fpMust(t, trackPost(anon, "/foi/track/supplement", creds, nil), 400, "empty", "请填写补正内容或上传补正材料")
			fpMust(t, trackPost(anon, "/foi/track/supplement", with("text", "2024年，菊园一村"), map[string][]byte{"a.exe": []byte("MZ\x90\x00 not a document")}),
				400, "wrong type", "PDF", "2024年，菊园一村")
			fpMust(t, trackPost(anon, "/foi/track/supplement", with("text", "x"), map[string][]byte{"1.png": fpPNG(100), "2.png": fpPNG(100), "3.png": fpPNG(100), "4.png": fpPNG(100)}),
				400, "too many files", "最多 3 个")
			fpMust(t, trackPost(anon, "/foi/track/supplement", with("text", "x\x00y"), nil), 400, "control character")
			if r := trackPost(anon, "/foi/track/supplement", url.Values{"number": {number}, "code": {"WRONGCOD"}, "text": {"x"}}, nil); r.Status != http.StatusNotFound {
				t.Fatalf("wrong code: %d", r.Status)
			}
			at("2025-10-09")
			r = trackPost(anon, "/foi/track/supplement", with("text", "2024年度，菊园一村"), map[string][]byte{"小区证明.png": fpPNG(2048)})
			fpMust(t, r, 200, "supplemented", "补正已提交")
			fpMust(t, trackPost(anon, "/foi/track/supplement", with("text", "again"), nil), 409, "twice", "工作人员确认前不能再次提交")
			fpMust(t, fpTrack(anon, number, code), 200, "pending", "2025-10-09 在网上提交补正")

			// The officer sees and confirms it; the clock restarts on the day it was sent.
			page := "/admin/foi/" + number
			fpMust(t, officer.Get(page), 200, "staff view", "申请人网上补正", "2024年度，菊园一村", "小区证明.png", "待确认")
			at("2025-10-10")
			sups, err := e.St.FOISupplements(ctx, number)
			if err != nil || len(sups) != 1 {
				t.Fatalf("supplements: %v %v", sups, err)
			}
			confirm := page + "/supplements/" + webtest.Itoa(sups[0].ID) + "/confirm"
			if r := officer.Post(confirm, url.Values{"version": {fpVersion(t, e, number)}}); r.Status != http.StatusSeeOther {
				t.Fatalf("confirm: %d %s", r.Status, webtest.Alert(r.Body))
			}
			if r := officer.Post(confirm, url.Values{"version": {fpVersion(t, e, number)}}); r.Status != http.StatusConflict {
				t.Errorf("confirmed twice: %d", r.Status)
			}
			app, _ := e.St.FOIApplicationByNumber(ctx, number)
			if app.Clock.Status != foi.InProgress || app.Clock.ReceivedOn.String() != "2025-10-09" {
				t.Fatalf("after the supplement: %s, R = %s", app.Clock.Status, app.Clock.ReceivedOn)
			}

			// Nothing to download before the answer; then the signed answer.
			if r := anon.Post("/foi/track/file", url.Values{"number": {number}, "code": {code}, "file": {"1"}}); r.Status != http.StatusNotFound {
				t.Errorf("a file before the answer: %d", r.Status)
			}
			if r := anon.Post("/foi/track/notice", url.Values{"number": {number}, "code": {code}, "kind": {"answer"}}); r.Status != http.StatusConflict {
				t.Errorf("the answer notice before the answer: %d", r.Status)
			}
			r = fpPost(officer, page+"/released", url.Values{}, "file", "补贴名单（已遮盖）.pdf", []byte("%PDF-1.4\n% released list\n%%EOF\n"))
			if r.Status != http.StatusSeeOther {
				t.Fatalf("released file: %d %s", r.Status, webtest.Alert(r.Body))
			}
			for _, f := range []struct {
				c    *webtest.Client
				form url.Values
			}{
				{officer, url.Values{"type": {"draft"}, "on": {"2025-10-10"}, "outcome": {"partial"}, "reason": {"名单中的身份证号码属于个人隐私，已遮盖"}}},
				{head, url.Values{"type": {"draft_approved"}, "on": {"2025-10-10"}}},
			} {
				if r := fpEvent(t, e, f.c, number, f.form); r.Status != http.StatusSeeOther {
					t.Fatalf("%v: %d %s", f.form, r.Status, webtest.Alert(r.Body))
				}
			}
			app, _ = e.St.FOIApplicationByNumber(ctx, number)
			if r := fpEvent(t, e, head, number, url.Values{"type": {"answer"}, "on": {"2025-10-10"}, "draft": {webtest.Itoa(int64(app.Clock.DraftSeq))}}); r.Status != http.StatusSeeOther {
				t.Fatalf("签发: %d %s", r.Status, webtest.Alert(r.Body))
			}
			r = fpTrack(anon, number, code)
			fpMust(t, r, 200, "answered", "部分公开", "答复附件：补贴名单（已遮盖）.pdf", "答复告知书（PDF）")
			fpNoPersonal(t, "answered tracking", r.Body)
			files, _ := e.St.FOIFiles(ctx, number)
			var released int64
			for _, f := range files {
				if f.Kind == foi.FileReleased {
					released = f.ID
				}
			}
			got := anon.Post("/foi/track/file", url.Values{"number": {number}, "code": {code}, "file": {webtest.Itoa(released)}})
			if got.Status != 200 || !strings.HasPrefix(got.Body, "%PDF-1.4") || !strings.Contains(got.Header.Get("Cache-Control"), "no-store") {
				t.Fatalf("released file download: %d %q", got.Status, got.Header)
			}
			// Another of the case's files is not the applicant's to download.
			for _, f := range files {
				if f.Kind != foi.FileReleased {
					if r := anon.Post("/foi/track/file", url.Values{"number": {number}, "code": {code}, "file": {webtest.Itoa(f.ID)}}); r.Status != http.StatusNotFound {
						t.Errorf("a %s file through tracking: %d", f.Kind, r.Status)
					}
				}
			}
			if r := anon.Post("/foi/track/file", url.Values{"number": {number}, "code": {"WRONGCOD"}, "file": {webtest.Itoa(released)}}); r.Status != http.StatusNotFound {
				t.Errorf("a wrong code downloads: %d", r.Status)
			}
			pdf := anon.Post("/foi/track/notice", url.Values{"number": {number}, "code": {code}, "kind": {"answer"}})
			if pdf.Status != 200 || !strings.HasPrefix(pdf.Body, "%PDF") {
				t.Fatalf("answer notice download: %d", pdf.Status)
			}
			// The applicant's own notice names them in full, with its number,
			// the specific reason and the released file.
			if txt := noticetest.Text(t, []byte(pdf.Body)); !strings.Contains(txt, "李明") || !strings.Contains(txt, "菊园依申〔2025〕") ||
				!strings.Contains(txt, "身份证号码属于个人隐私") || !strings.Contains(txt, "补贴名单（已遮盖）") {
				t.Errorf("the downloaded notice:\n%s", txt)
			}
			if r := anon.Post("/foi/track/notice", url.Values{"number": {number}, "code": {code}, "kind": {"consultation"}}); r.Status != http.StatusNotFound {
				t.Errorf("a 征求意见书 through tracking: %d", r.Status)
			}
			// The trail records the applicant's steps, never their data.
			trail, _ := e.St.AuditEvents(ctx, store.AuditFilter{Action: "foi.", Object: "foi:" + number, Limit: 100})
			seen := map[string]int{}
			for _, ev := range trail {
				seen[ev.Action]++
				for _, v := range ev.Detail {
					fpNoPersonal(t, "trail "+ev.Action, v)
				}
			}
			if seen["foi.supplement_submitted"] != 1 || seen["foi.applicant_download"] != 2 {
				t.Errorf("trail: %v", seen)
			}
			fpMust(t, officer.Get(page), 200, "case page", "申请人下载答复附件", "申请人下载告知书（answer）", "网上补正")
		})
	}
}

// TestReleasedFilesFollowTheOutcome: the files attached for release reach
// the applicant only with an answer that gives information; after 签发 they
// can be neither added nor removed; before it they can be removed.
func TestReleasedFilesFollowTheOutcome(t *testing.T) {
	e := webtest.New(t, store.SQLite)
	fpSetToday(e, "2025-09-26")
	number, code := fpApply(t, e, fpForm())
	officer, head := e.Login("foi"), e.Login("foihead")
	page := "/admin/foi/" + number
	pdf := []byte("%PDF-1.4\n% list\n%%EOF\n")
	upload := func(c *webtest.Client, name string) webtest.Response {
		c.Get(page)
		return fpPost(c, page+"/released", url.Values{}, "file", name, pdf)
	}
	if r := fpEvent(t, e, officer, number, url.Values{"type": {"confirm"}, "on": {"2025-09-26"}}); r.Status != http.StatusSeeOther {
		t.Fatalf("confirm: %d", r.Status)
	}
	for _, n := range []string{"a.pdf", "b.pdf"} {
		if r := upload(officer, n); r.Status != http.StatusSeeOther {
			t.Fatalf("upload %s: %d %s", n, r.Status, webtest.Alert(r.Body))
		}
	}
	files, _ := e.St.FOIFiles(ctx, number)
	if len(files) != 2 {
		t.Fatalf("files: %v", files)
	}
	officer.Get(page)
	if r := officer.Post(page+"/released/"+webtest.Itoa(files[1].ID)+"/delete", nil); r.Status != http.StatusSeeOther {
		t.Fatalf("remove before 签发: %d %s", r.Status, webtest.Alert(r.Body))
	}
	// A logged call after the draft does not hold up later steps.
	for _, f := range []url.Values{
		{"type": {"contact"}, "on": {"2025-09-26"}, "kind": {"phone"}, "note": {"说明将不予公开"}},
	} {
		if r := fpEvent(t, e, officer, number, f); r.Status != http.StatusSeeOther {
			t.Fatalf("%v: %d", f, r.Status)
		}
	}
	if r := fpEvent(t, e, head, number, url.Values{"type": {"answer"}, "on": {"2025-09-26"}, "outcome": {"withhold_third_party"},
		"reason": {"名单载有第三方个人信息，第三方不同意公开"}}); r.Status != http.StatusSeeOther {
		t.Fatalf("answer: %d %s", r.Status, webtest.Alert(r.Body))
	}
	fpMust(t, officer.Get(page), 200, "withheld", "以上文件不向申请人提供")
	if r := upload(officer, "c.pdf"); r.Status != http.StatusConflict {
		t.Errorf("upload after 签发: %d", r.Status)
	}
	officer.Get(page)
	if r := officer.Post(page+"/released/"+webtest.Itoa(files[0].ID)+"/delete", nil); r.Status != http.StatusConflict {
		t.Errorf("remove after 签发: %d", r.Status)
	}
	anon := e.Client()
	if r := fpTrack(anon, number, code); strings.Contains(r.Body, "a.pdf") || strings.Contains(r.Body, "答复附件：") {
		t.Error("tracking offers a file of a 不予公开 answer")
	}
	if r := anon.Post("/foi/track/file", url.Values{"number": {number}, "code": {code}, "file": {webtest.Itoa(files[0].ID)}}); r.Status != http.StatusNotFound {
		t.Errorf("a file of a 不予公开 answer downloads: %d", r.Status)
	}
}

// TestSupplementConfirmedAfterACall: an online supplement is confirmed as
// of the day it was sent, even after a call logged the next day.
func TestSupplementConfirmedAfterACall(t *testing.T) {
	e := webtest.New(t, store.SQLite)
	fpSetToday(e, "2025-09-26")
	number, code := fpApply(t, e, fpForm())
	fpSetToday(e, "2025-09-29")
	officer := e.Login("foi")
	for _, f := range []url.Values{
		{"type": {"confirm"}, "on": {"2025-09-26"}},
		{"type": {"request_supplement"}, "on": {"2025-09-29"}, "reply_by": {"2025-10-20"}, "reason": {"写明年度"}},
	} {
		if r := fpEvent(t, e, officer, number, f); r.Status != http.StatusSeeOther {
			t.Fatalf("%v: %d %s", f, r.Status, webtest.Alert(r.Body))
		}
	}
	anon := e.Client()
	fpTrack(anon, number, code)
	if r := trackPost(anon, "/foi/track/supplement", url.Values{"number": {number}, "code": {code}, "text": {"2024年度"}}, nil); r.Status != 200 {
		t.Fatalf("supplement: %d", r.Status)
	}
	fpSetToday(e, "2025-10-09")
	officer = e.Login("foi")
	if r := fpEvent(t, e, officer, number, url.Values{"type": {"contact"}, "on": {"2025-10-09"}, "kind": {"phone"}, "note": {"电话核实补正内容"}}); r.Status != http.StatusSeeOther {
		t.Fatalf("contact: %d", r.Status)
	}
	sups, _ := e.St.FOISupplements(ctx, number)
	officer.Get("/admin/foi/" + number)
	if r := officer.Post("/admin/foi/"+number+"/supplements/"+webtest.Itoa(sups[0].ID)+"/confirm", url.Values{"version": {fpVersion(t, e, number)}}); r.Status != http.StatusSeeOther {
		t.Fatalf("confirm after a later call: %d %s", r.Status, webtest.Alert(r.Body))
	}
	if app, _ := e.St.FOIApplicationByNumber(ctx, number); app.Clock.ReceivedOn.String() != "2025-09-29" {
		t.Errorf("R after the supplement = %s, want the day it was sent", app.Clock.ReceivedOn)
	}
}
