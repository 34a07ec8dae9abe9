package foi_test

// The pages of 依申请公开, driven as a browser would: the public form, its
// receipt and the tracking page; the staff inbox, registration and case page
// with every kind of event posted through its form.

import (
	"bytes"
	"mime/multipart"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"gongkai/internal/browsertest"
	"gongkai/internal/foi"
	"gongkai/internal/store"
	"gongkai/internal/store/storetest"
	"gongkai/internal/web/webtest"
)

// fpPersonal is the applicant's data of fpForm, none of which may appear on
// a public page, in a list or in the log.
var fpPersonal = []string{"李明", "11010519491231002X", "1101051949", "13812345678", "liming@", "平城路"}

// fpForm is a complete, valid application.
func fpForm() url.Values {
	return url.Values{
		"kind": {"person"}, "name": {"李明"}, "org_category": {""}, "id_type": {"居民身份证"}, "id_number": {"11010519491231002X"},
		"phone": {"13812345678"}, "email": {"liming@example.com"}, "address": {"上海市嘉定区平城路811号"},
		"description": {"2024年菊园新区加装电梯补贴发放名单"}, "purpose": {"了解政策"}, "format": {"electronic"}, "delivery": {"email"},
		"consent": {"1"},
	}
}

func fpPNG(size int) []byte {
	b := make([]byte, size)
	copy(b, "\x89PNG\r\n\x1a\n")
	return b
}

// fpPost submits a multipart form (with the CSRF token of the last page
// seen) and an optional file in field.
func fpPost(c *webtest.Client, path string, form url.Values, field, name string, data []byte) webtest.Response {
	var files []fpFile
	if field != "" {
		files = append(files, fpFile{field, name, data})
	}
	return fpMultipart(c, path, form, files...)
}

// fpFile is one file part of a multipart form.
type fpFile struct {
	field, name string
	data        []byte
}

// fpMultipart posts form and files as multipart/form-data, with the
// client's CSRF token unless form has one.
func fpMultipart(c *webtest.Client, path string, form url.Values, files ...fpFile) webtest.Response {
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	if _, ok := form["csrf"]; !ok {
		_ = mw.WriteField("csrf", c.CSRF)
	}
	for k, vs := range form {
		for _, v := range vs {
			_ = mw.WriteField(k, v)
		}
	}
	for _, f := range files {
		fw, _ := mw.CreateFormFile(f.field, f.name)
		_, _ = fw.Write(f.data)
	}
	_ = mw.Close()
	req, _ := http.NewRequest("POST", c.E.TS.URL+path, &buf)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	return c.Do(req)
}

var (
	fpNumberRe = regexp.MustCompile(`id="receipt-number">([^<]+)<`)
	fpCodeRe   = regexp.MustCompile(`id="receipt-code">([^<]+)<`)
)

// fpReceipt returns the number and code a receipt shows.
func fpReceipt(t *testing.T, r webtest.Response) (number, code string) {
	t.Helper()
	n, c := fpNumberRe.FindStringSubmatch(r.Body), fpCodeRe.FindStringSubmatch(r.Body)
	if r.Status != 200 || n == nil || c == nil {
		t.Fatalf("no receipt: %d\n%s", r.Status, webtest.Alert(r.Body))
	}
	if !strings.Contains(r.Header.Get("Cache-Control"), "no-store") {
		t.Error("the receipt may be cached")
	}
	for _, h := range []string{"Location", "Set-Cookie"} {
		if strings.Contains(r.Header.Get(h), c[1]) {
			t.Errorf("the query code is in the %s header", h)
		}
	}
	return n[1], c[1]
}

// fpApply submits form through the public page and returns the receipt.
func fpApply(t *testing.T, e *webtest.Env, form url.Values) (number, code string) {
	t.Helper()
	c := e.Client()
	c.Get("/foi/apply")
	return fpReceipt(t, fpPost(c, "/foi/apply", form, "", "", nil))
}

// fpTrack posts the tracking form.
func fpTrack(c *webtest.Client, number, code string) webtest.Response {
	c.Get("/foi/track")
	return c.Post("/foi/track", url.Values{"number": {number}, "code": {code}})
}

// fpNoPersonal fails if body shows any of the applicant's data.
func fpNoPersonal(t *testing.T, where, body string) {
	t.Helper()
	for _, p := range fpPersonal {
		if strings.Contains(body, p) {
			t.Errorf("%s shows personal data %q", where, p)
		}
	}
}

// fpSetToday moves the test clock to the given day (10:00 in Shanghai).
func fpSetToday(e *webtest.Env, day string) {
	d, _ := time.ParseInLocation("2006-01-02 15:04", day+" 10:00", time.FixedZone("CST", 8*3600))
	e.Clock.Advance(d.Sub(e.Clock.Now()))
}

func fpVersion(t *testing.T, e *webtest.Env, number string) string {
	t.Helper()
	a, err := e.St.FOIApplicationByNumber(ctx, number)
	if err != nil {
		t.Fatal(err)
	}
	return webtest.Itoa(a.Version)
}

// fpEvent posts an event form of the case page with the current version.
func fpEvent(t *testing.T, e *webtest.Env, c *webtest.Client, number string, form url.Values) webtest.Response {
	t.Helper()
	c.Get("/admin/foi/" + number)
	if form.Get("version") == "" {
		form.Set("version", fpVersion(t, e, number))
	}
	return c.Post("/admin/foi/"+number+"/events", form)
}

func fpMust(t *testing.T, r webtest.Response, status int, what string, want ...string) {
	t.Helper()
	if r.Status != status {
		t.Fatalf("%s: %d, want %d\n%s", what, r.Status, status, webtest.Alert(r.Body))
	}
	for _, w := range want {
		if !strings.Contains(r.Body, w) {
			t.Errorf("%s: the page does not say %q", what, w)
		}
	}
}

// fpVisitPages renders every FOI template for testEveryPageRenders.
func fpVisitPages(t *testing.T, e *webtest.Env, check func(c *webtest.Client, path string, want int, template string), rendered map[string]bool) {
	anon := e.Client()
	check(anon, "/foi", 200, "foi_guide")
	check(anon, "/foi/apply", 200, "foi_apply")
	check(anon, "/foi/track", 200, "foi_track")
	number, _ := fpReceipt(t, fpPost(anon, "/foi/apply", fpForm(), "", "", nil))
	rendered["foi_receipt"] = true
	officer := e.Login("foi")
	check(officer, "/admin/foi", 200, "admin_foi_inbox")
	check(officer, "/admin/foi/new", 200, "foi_apply")
	check(officer, "/admin/foi/"+number, 200, "admin_foi_case")
	check(e.Login("foihead"), "/admin/foi/settings", 200, "admin_foi_settings")
}

// TestFOIPagesPublic: the notes, the form with an ID scan, the receipt, and
// tracking through each stage the staff record, without personal data.
func TestFOIPagesPublic(t *testing.T) {
	for _, d := range storetest.Dialects(t) {
		t.Run(string(d), func(t *testing.T) {
			e := webtest.New(t, d)
			fpSetToday(e, "2025-09-26") // submitted on the day the case below confirms
			anon := e.Client()
			r := anon.Get("/foi")
			fpMust(t, r, 200, "须知", "一事一申请", "第二十九条", "第三十一条", "双方确认", "20 个工作日", "第三十三条", "不计算",
				"第三十条", "补正", "第四十二条", "109号", `href="/foi/apply"`, `href="/foi/track"`)
			webtest.AccessibleHTML(t, "/foi", r.Body)
			r = anon.Get("/foi/apply")
			fpMust(t, r, 200, "form", "<legend>申请人类型", "组织类别", "本人承诺所填信息真实有效", `enctype="multipart/form-data"`)
			webtest.AccessibleHTML(t, "/foi/apply", r.Body)
			// A scan of 2 MB fits the form's own body limit.
			scan := fpPNG(2 << 20)
			r = fpPost(anon, "/foi/apply", fpForm(), "id_scan", "身份证.png", scan)
			number, code := fpReceipt(t, r)
			fpMust(t, r, 200, "receipt", "只在本页显示这一次", "20 个工作日", "身份证明扫描件已随申请保存", `href="/foi/track?number=`+number+`"`)
			fpNoPersonal(t, "the receipt", r.Body)
			files, err := e.St.FOIFiles(ctx, number)
			if err != nil || len(files) != 1 || files[0].Kind != "id_scan" || files[0].Size != int64(len(scan)) {
				t.Fatalf("scan not stored: %v %+v", err, files)
			}
			// Tracking: the code in either case; no personal data.
			r = anon.Get("/foi/track?number=" + number)
			fpMust(t, r, 200, "track form", `value="`+number+`"`)
			webtest.AccessibleHTML(t, "/foi/track", r.Body)
			r = fpTrack(anon, number, strings.ToLower(code))
			fpMust(t, r, 200, "tracking", "待确认收到", "提交申请", "确认收到申请后开始计算")
			fpNoPersonal(t, "tracking", r.Body)
			if !strings.Contains(r.Header.Get("Cache-Control"), "no-store") {
				t.Error("the tracking result may be cached")
			}
			webtest.AccessibleHTML(t, "tracking result", r.Body)
			// Staff walk the case; the applicant sees each stage.
			fpSetToday(e, "2025-12-31")
			officer, head := e.Login("foi"), e.Login("foihead")
			for _, step := range []struct {
				c    *webtest.Client
				form url.Values
			}{
				{officer, url.Values{"type": {"confirm"}, "on": {"2025-09-26"}}},
				{officer, url.Values{"type": {"request_supplement"}, "on": {"2025-10-13"}, "reply_by": {"2025-10-31"}, "reason": {"写明补贴的年度"}}},
				{officer, url.Values{"type": {"supplement_received"}, "on": {"2025-10-20"}}},
				{officer, url.Values{"type": {"consult_start"}, "on": {"2025-10-22"}, "party": {"某物业公司"}, "kind": {"third_party"}}},
				{officer, url.Values{"type": {"consult_end"}, "on": {"2025-10-29"}, "party": {"某物业公司"}}},
				{head, url.Values{"type": {"extend"}, "on": {"2025-11-10"}, "reason": {"涉及多个小区，需要汇总"}}},
				{officer, url.Values{"type": {"draft"}, "on": {"2025-12-01"}, "outcome": {"partial"}, "reason": {"身份证号码属于个人隐私"}}},
				{head, url.Values{"type": {"draft_approved"}, "on": {"2025-12-01"}}},
				{head, url.Values{"type": {"answer"}, "on": {"2025-12-01"}, "draft": {"7"}}},
				{officer, url.Values{"type": {"mail"}, "on": {"2025-12-02"}, "carrier": {"中国邮政EMS"}, "tracking_no": {"EA123456789CN"}}},
				{officer, url.Values{"type": {"archive"}, "on": {"2025-12-03"}, "location": {"2025-依申请-031"}}},
			} {
				if r := fpEvent(t, e, step.c, number, step.form); r.Status != http.StatusSeeOther {
					t.Fatalf("%v: %d %s", step.form, r.Status, webtest.Alert(r.Body))
				}
			}
			r = fpTrack(anon, number, code)
			fpMust(t, r, 200, "final tracking", "已答复", "部分公开", "2025-10-20", "2025-12-22", "（已延长）",
				"确认收到申请", "告知补正", "收到补正材料", "征求意见", "征求意见结束", "延长答复期限", "作出答复", "寄出答复", "归档")
			fpNoPersonal(t, "final tracking", r.Body)
			for _, secret := range []string{"某物业公司", "涉及多个小区", "EA123456789CN", "2025-依申请-031", "foihead"} {
				if strings.Contains(r.Body, secret) {
					t.Errorf("tracking shows %q", secret)
				}
			}
			// A wrong pair is a 404 page in Chinese, whichever half is wrong.
			for _, pair := range [][2]string{{number, "AAAAAAAA"}, {"YSQ2025-99999", code}, {number, strings.Repeat("码", 200)}} {
				r := fpTrack(anon, pair[0], pair[1])
				fpMust(t, r, 404, "wrong pair", `role="alert"`, "申请编号或查询码不正确")
				if strings.Contains(r.Body, "已答复") {
					t.Error("a wrong pair shows the case")
				}
			}
			fpMust(t, fpTrack(anon, "", ""), 400, "empty tracking", "请填写申请编号")
			if logs := e.Logs.String(); strings.Contains(logs, "level=ERROR") || strings.Contains(logs, code) {
				t.Errorf("the log has an error or the query code:\n%s", logs)
			}
			fpNoPersonal(t, "the log", e.Logs.String())
		})
	}
}

// TestFOIPagesBadInput: every refusal re-renders the form with the user's
// input and a message naming the field; a refused file creates nothing.
func TestFOIPagesBadInput(t *testing.T) {
	e := webtest.New(t, store.SQLite)
	c := e.Client()
	c.Get("/foi/apply")
	with := func(kv ...string) url.Values {
		f := fpForm()
		for i := 0; i+1 < len(kv); i += 2 {
			if kv[i+1] == "" {
				f.Del(kv[i])
			} else {
				f.Set(kv[i], kv[i+1])
			}
		}
		return f
	}
	cases := []struct {
		name      string
		form      url.Values
		file      string
		data      []byte
		want      string
		fieldID   string
		keepValue string
	}{
		{"missing name", with("name", ""), "", nil, "姓名或名称", "fa-name", "13812345678"},
		{"missing phone", with("phone", ""), "", nil, "联系电话", "fa-phone", "李明"},
		{"bad id number", with("id_number", "110105194912310021"), "", nil, "校验位", "fa-id_number", "110105194912310021"},
		{"unknown id type", with("id_type", "驾驶证"), "", nil, "证件类型", "fa-id_type", "李明"},
		{"no kind", with("kind", ""), "", nil, "申请人类型", "fa-kind-person", "李明"},
		{"org without category", with("kind", "org", "name", "某某科技有限公司", "id_type", "统一社会信用代码", "id_number", "91310114MA1GT35K5B"), "", nil, "组织类别", "fa-org_category", "某某科技有限公司"},
		{"missing description", with("description", ""), "", nil, "特征", "fa-description", "李明"},
		{"huge description", with("description", strings.Repeat("长", 2500)), "", nil, "2000", "fa-description", "长长长长"},
		{"email delivery without email", with("email", ""), "", nil, "电子邮箱", "fa-email", "李明"},
		{"post without address", with("delivery", "post", "address", ""), "", nil, "通讯地址", "fa-address", "李明"},
		{"no format", with("format", ""), "", nil, "信息载体", "fa-format-paper", "李明"},
		{"bad delivery", with("delivery", "pigeon"), "", nil, "获取信息的方式", "fa-delivery-post", "李明"},
		{"no consent", with("consent", ""), "", nil, "承诺", "fa-consent", "李明"},
		{"script in fields", with("name", "<script>alert(1)</script>", "phone", "x"), "", nil, "联系电话", "fa-phone", "&lt;script&gt;alert(1)&lt;/script&gt;"},
		{"text file", fpForm(), "id.txt", []byte("hello"), "PDF", "fa-id_scan", "李明"},
		{"renamed file", fpForm(), "id.pdf", []byte("MZ\x90\x00 not a pdf"), "不符", "fa-id_scan", "李明"},
		{"gif", fpForm(), "id.gif", []byte("GIF89a......"), "PNG", "fa-id_scan", "李明"},
		{"too large", fpForm(), "id.png", fpPNG(5<<20 + 1), "5 MB", "fa-id_scan", "李明"},
	}
	for _, tc := range cases {
		field := ""
		if tc.file != "" {
			field = "id_scan"
		}
		r := fpPost(c, "/foi/apply", tc.form, field, tc.file, tc.data)
		if r.Status != 400 || !strings.Contains(r.Body, `role="alert"`) || !strings.Contains(webtest.Alert(r.Body), tc.want) {
			t.Errorf("%s: %d, want 400 with an alert saying %q: %s", tc.name, r.Status, tc.want, webtest.Alert(r.Body))
			continue
		}
		if !regexp.MustCompile(`id="`+tc.fieldID+`"[^>]*aria-invalid="true"`).MatchString(r.Body) || !strings.Contains(r.Body, `href="#`+tc.fieldID+`"`) {
			t.Errorf("%s: field %s not marked and linked", tc.name, tc.fieldID)
		}
		if !strings.Contains(r.Body, tc.keepValue) {
			t.Errorf("%s: the input %q was not kept", tc.name, tc.keepValue)
		}
		if strings.Contains(r.Body, "<script>alert(1)") {
			t.Errorf("%s: script not escaped", tc.name)
		}
		if !strings.Contains(r.Header.Get("Cache-Control"), "no-store") {
			t.Errorf("%s: the re-rendered form (with personal data) may be cached", tc.name)
		}
		if tc.file != "" && !strings.Contains(r.Body, "之前选择的文件没有保留") {
			t.Errorf("%s: the page does not ask for the file again", tc.name)
		}
	}
	if apps, err := e.St.FOIApplications(ctx, store.FOIFilter{}); err != nil || len(apps) != 0 {
		t.Fatalf("a refused submission created %d applications (%v)", len(apps), err)
	}
	// Script in the description is accepted as data and shown escaped to staff.
	number, _ := fpReceipt(t, fpPost(c, "/foi/apply", with("description", `<script>alert("x")</script>申请某文件`), "", "", nil))
	r := e.Login("foi").Get("/admin/foi/" + number)
	if strings.Contains(r.Body, `<script>alert("x")`) || !strings.Contains(r.Body, "&lt;script&gt;") {
		t.Error("the description is not escaped on the case page")
	}
	// A form without its CSRF token is refused and creates nothing.
	if r := fpPost(c, "/foi/apply", url.Values{"csrf": {"forged"}, "name": {"x"}}, "", "", nil); r.Status != 403 {
		t.Errorf("forged token: %d", r.Status)
	}
	if strings.Contains(e.Logs.String(), "level=ERROR") {
		t.Errorf("bad input caused a server error:\n%s", e.Logs.String())
	}
}

// TestFOIPagesRateLimit: guessing query codes ends in 429.
func TestFOIPagesRateLimit(t *testing.T) {
	e := webtest.New(t, store.SQLite)
	c := e.Client()
	var r webtest.Response
	for i := 0; i < 40; i++ {
		if r = fpTrack(c, "YSQ2026-00001", "AAAAAAAA"); r.Status == http.StatusTooManyRequests {
			break
		}
		if r.Status != 404 {
			t.Fatalf("guess %d: %d", i, r.Status)
		}
	}
	fpMust(t, r, 429, "guessing", `role="alert"`, "请求过于频繁")
	e.Clock.Advance(2 * time.Minute)
	fpMust(t, fpTrack(c, "YSQ2026-00001", "AAAAAAAA"), 404, "after a minute")
}

// TestFOIPagesStaff: the inbox with lights, the masked case page, the
// audited full view and file, events through the forms with the store's
// refusals shown, assignment, reviews, duplicates, and registration.
func TestFOIPagesStaff(t *testing.T) {
	for _, d := range storetest.Dialects(t) {
		t.Run(string(d), func(t *testing.T) {
			e := webtest.New(t, d)
			fpSetToday(e, "2025-09-26") // submitted on the day the case below confirms
			anon := e.Client()
			anon.Get("/foi/apply")
			number, _ := fpReceipt(t, fpPost(anon, "/foi/apply", fpForm(), "id_scan", "id.pdf", []byte("%PDF-1.7\nscan")))
			fpSetToday(e, "2025-12-31")
			officer, head := e.Login("foi"), e.Login("foihead")
			page := "/admin/foi/" + number

			// Staff registration of an application handed in on 12-29.
			r := officer.Get("/admin/foi/new")
			fpMust(t, r, 200, "registration form", "收件渠道", "收到申请之日")
			webtest.AccessibleHTML(t, "/admin/foi/new", r.Body)
			reg := fpForm()
			reg.Set("channel", "in_person")
			reg.Set("received_on", "2025-12-29")
			reg.Set("id_number", "310101199001011234")
			reg.Set("name", "王芳")
			reg.Set("description", "菊园新区2025年道路养护计划")
			bad := url.Values{}
			for k, v := range reg {
				bad[k] = v
			}
			bad.Set("received_on", "")
			fpMust(t, fpPost(officer, "/admin/foi/new", bad, "", "", nil), 400, "registration without R", `role="alert"`, "收到申请之日")
			bad.Set("channel", "pigeon")
			fpMust(t, fpPost(officer, "/admin/foi/new", bad, "", "", nil), 400, "bad channel", "收件渠道")
			bad.Set("channel", "in_person")
			bad.Set("received_on", "2026-01-05")
			fpMust(t, fpPost(officer, "/admin/foi/new", bad, "", "", nil), 400, "future R", "不能晚于今天")
			r = fpPost(officer, "/admin/foi/new", reg, "", "", nil)
			regNumber, _ := fpReceipt(t, r)
			fpMust(t, r, 200, "staff receipt", "申请已登记", "书面收件回执", "/admin/foi/"+regNumber)
			fpMust(t, officer.Get("/admin/foi/"+regNumber), 200, "registered case", "2025-12-29", "当面提交", "2026-01-27")

			// The inbox: masked names, lights with words.
			r = officer.Get("/admin/foi")
			fpMust(t, r, 200, "inbox", number, regNumber, "李*", "王*", "暂停计时（待确认收到）", "绿灯：剩余 18 个工作日", "foi-light-green")
			fpNoPersonal(t, "the inbox", r.Body)
			webtest.AccessibleHTML(t, "/admin/foi", r.Body)

			// The case page is masked; the full view is audited and not cached.
			r = officer.Get(page)
			fpMust(t, r, 200, "case page", "1101**********002X", "138****5678", "查看完整信息", "尚无可出具的告知书", "身份证明扫描件")
			fpNoPersonal(t, "the case page", r.Body)
			webtest.AccessibleHTML(t, page, r.Body)
			r = officer.Post(page+"/personal", nil)
			fpMust(t, r, 200, "full view", "11010519491231002X", "13812345678", "liming@example.com", "上海市嘉定区平城路811号", "已记入审计日志")
			if !strings.Contains(r.Header.Get("Cache-Control"), "no-store") {
				t.Error("the full view may be cached")
			}
			views, err := e.St.AuditEvents(ctx, store.AuditFilter{Action: "foi.view_personal_data", Object: "foi:" + number})
			if err != nil || len(views) != 1 || views[0].Actor != "foi" {
				t.Fatalf("full view not audited: %v %+v", err, views)
			}
			files, _ := e.St.FOIFiles(ctx, number)
			if len(files) != 1 {
				t.Fatalf("files: %+v", files)
			}
			officer.Get(page)
			r = officer.Post(page+"/files/"+webtest.Itoa(files[0].ID), nil)
			if r.Status != 200 || r.Body != "%PDF-1.7\nscan" || r.Header.Get("Content-Type") != "application/pdf" ||
				!strings.HasPrefix(r.Header.Get("Content-Disposition"), "attachment") || r.Header.Get("Cache-Control") != "no-store" {
				t.Fatalf("file: %d %q %v", r.Status, r.Body, r.Header)
			}
			if views, _ := e.St.AuditEvents(ctx, store.AuditFilter{Action: "foi.view_personal_data", Object: "foi:" + number}); len(views) != 2 {
				t.Fatalf("file opening not audited: %d", len(views))
			}
			if r := officer.Get(page); !strings.Contains(r.Body, "查看完整个人信息或申请材料") {
				t.Error("the case's trail does not show the views")
			}
			if r := officer.Post(page+"/files/999999", nil); r.Status != 404 {
				t.Errorf("unknown file: %d", r.Status)
			}

			// Events through the forms, with the clock's refusals in Chinese.
			ok := func(c *webtest.Client, form url.Values) {
				t.Helper()
				r := fpEvent(t, e, c, number, form)
				if r.Status != http.StatusSeeOther || r.Header.Get("Location") != page+"#h-events" {
					t.Fatalf("%v: %d %s", form, r.Status, webtest.Alert(r.Body))
				}
			}
			refused := func(c *webtest.Client, form url.Values, status int, want string) {
				t.Helper()
				r := fpEvent(t, e, c, number, form)
				fpMust(t, r, status, form.Get("type")+" refused", `role="alert"`, want)
				fpNoPersonal(t, "a refusal", r.Body)
			}
			ok(officer, url.Values{"type": {"confirm"}, "on": {"2025-09-26"}})
			refused(officer, url.Values{"type": {"confirm"}, "on": {"2025-09-27"}}, 409, "已确认收到")
			refused(officer, url.Values{"type": {"request_supplement"}, "on": {"2025-10-14"}, "reply_by": {"2025-10-31"}, "reason": {"写明年度"}}, 409, "7 个工作日内")
			refused(officer, url.Values{"type": {"request_supplement"}, "on": {"2025-10-13"}, "reply_by": {"2025-10-31"}}, 400, "需要补正的事项")
			ok(officer, url.Values{"type": {"request_supplement"}, "on": {"2025-10-13"}, "reply_by": {"2025-10-31"}, "reason": {"写明补贴的年度\n写明小区名称"}})
			fpMust(t, officer.Get(page), 200, "awaiting supplement", "待补正", "暂停计时（待补正）", "2025-10-31")
			ok(officer, url.Values{"type": {"supplement_received"}, "on": {"2025-10-20"}})
			ok(officer, url.Values{"type": {"consult_start"}, "on": {"2025-10-22"}, "party": {"某物业公司"}, "kind": {"third_party"}})
			fpMust(t, officer.Get(page), 200, "in consultation", "征求意见中", `<option value="某物业公司"`, "第三方（第三十二条）：某物业公司")
			refused(officer, url.Values{"type": {"consult_end"}, "on": {"2025-10-29"}, "party": {"别的公司"}}, 409, "没有对“别的公司”")
			ok(officer, url.Values{"type": {"consult_end"}, "on": {"2025-10-29"}, "party": {"某物业公司"}})
			if r := officer.Get(page); strings.Contains(r.Body, `value="extend"`) || !strings.Contains(r.Body, "须由依申请公开负责人") {
				t.Error("an officer is offered the extension form")
			}
			refused(officer, url.Values{"type": {"extend"}, "on": {"2025-11-10"}, "reason": {"涉及多个小区"}}, 403, "负责人")
			if r := head.Get(page); !strings.Contains(r.Body, `value="extend"`) {
				t.Error("the head is not offered the extension form")
			}
			// Two officers at once: the second form is stale.
			stale := fpVersion(t, e, number)
			ok(head, url.Values{"type": {"extend"}, "on": {"2025-11-10"}, "reason": {"涉及多个小区，需要汇总"}})
			r = fpEvent(t, e, officer, number, url.Values{"type": {"draft"}, "on": {"2025-12-01"}, "outcome": {"partial"}, "reason": {"个人隐私"}, "version": {stale}})
			fpMust(t, r, 409, "stale version", `role="alert"`, "已被他人更新", `value="partial" selected`)
			refused(head, url.Values{"type": {"extend"}, "on": {"2025-11-11"}, "reason": {"再次"}}, 409, "只能延长一次")
			r = officer.Get(page)
			fpMust(t, r, 200, "extended", "2025-12-22", "已延长 20 个工作日", "不计入的工作日</dt><dd>5 个", "经负责人同意延长答复期限")
			// Bad input to the event forms.
			refused(officer, url.Values{"type": {"answer"}, "on": {"2025-13-01"}, "outcome": {"partial"}}, 400, "不是有效日期")
			refused(officer, url.Values{"type": {"answer"}, "on": {"2025-12-01"}, "outcome": {"maybe"}}, 400, "请选择办理结果")
			refused(officer, url.Values{"type": {"teleport"}, "on": {"2025-12-01"}}, 400, "请选择要登记的办理环节")
			refused(officer, url.Values{"type": {"fee_notice"}, "on": {"2025-12-01"}, "amount_yuan": {"abc"}}, 400, "正整数")
			refused(officer, url.Values{"type": {"answer"}, "on": {"2026-02-01"}, "outcome": {"partial"}}, 400, "不能晚于今天")
			refused(officer, url.Values{"type": {"archive"}, "on": {"2025-12-01"}, "location": {strings.Repeat("柜", 101)}}, 400, "不超过 100 个字")
			r = officer.Post(page+"/events", url.Values{"type": {"answer"}, "on": {"2025-12-01"}, "outcome": {"partial"}})
			fpMust(t, r, 400, "no version", "版本")
			// The sign-off: an officer may not answer; the draft is reviewed
			// by the office and signed by the head, each step on the page.
			refused(officer, url.Values{"type": {"answer"}, "on": {"2025-12-01"}, "outcome": {"partial"}, "reason": {"个人隐私"}}, 403, "签发")
			refused(officer, url.Values{"type": {"draft"}, "on": {"2025-12-01"}, "outcome": {"partial"}}, 400, "具体理由")
			ok(officer, url.Values{"type": {"draft"}, "on": {"2025-12-01"}, "outcome": {"partial"}, "reason": {"名单中的身份证号码属于个人隐私"}})
			fpMust(t, officer.Get(page), 200, "drafted", "待政府信息公开工作机构审核", "名单中的身份证号码属于个人隐私", "由拟办人以外的人审核")
			if r := officer.Get(page); strings.Contains(r.Body, `value="draft_approved"`) {
				t.Error("the drafter is offered the review of their own draft")
			}
			refused(officer, url.Values{"type": {"draft_approved"}, "on": {"2025-12-01"}}, 403, "拟办人以外")
			fpMust(t, head.Get(page), 200, "review offered", `value="draft_approved"`)
			if r := officer.Get(page); strings.Contains(r.Body, "签发答复</legend>") {
				t.Error("an officer is offered the 签发")
			}
			ok(head, url.Values{"type": {"draft_approved"}, "on": {"2025-12-01"}})
			fpMust(t, head.Get(page), 200, "approved", "待负责人签发", "签发答复</legend>", `name="draft" value="7"`)
			ok(head, url.Values{"type": {"answer"}, "on": {"2025-12-01"}, "draft": {"7"}})
			ok(officer, url.Values{"type": {"contact"}, "on": {"2025-12-01"}, "kind": {"phone"}, "note": {"电话告知已答复"}})
			ok(officer, url.Values{"type": {"mail"}, "on": {"2025-12-02"}, "carrier": {"中国邮政EMS"}, "tracking_no": {"EA123456789CN"}})
			ok(officer, url.Values{"type": {"archive"}, "on": {"2025-12-03"}, "location": {"2025-依申请-031"}})
			r = officer.Get(page)
			fpMust(t, r, 200, "archived", "已答复", "部分公开", "（在期限内）", "本申请已归档", "EA123456789CN", "2025-依申请-031", "涉及多个小区，需要汇总", "foihead")
			if strings.Contains(r.Body, `action="`+page+`/events"`) {
				t.Error("an archived case still offers event forms")
			}
			// The notice documents of the steps taken, from the notices' partial.
			for _, k := range []string{"supplement", "consultation", "extension", "answer"} {
				if !strings.Contains(r.Body, `href="`+page+`/notices/`+k) {
					t.Errorf("the case page has no link to the %s notice", k)
				}
			}
			if r := officer.Get(page + "/notices/answer"); r.Status != 200 {
				t.Errorf("the answer notice: %d", r.Status)
			}
			app, _ := e.St.FOIApplicationByNumber(ctx, number)
			if len(app.Events) != 12 || app.Clock.Outcome != foi.Partial || app.Clock.DueOn.String() != "2025-12-22" {
				t.Fatalf("case: %d events, %s, %s", len(app.Events), app.Clock.Outcome, app.Clock.DueOn)
			}

			// Assignment and transfer: the case starts with the FOI office
			// (the demo's 党政办公室) and may be assigned on, with a note.
			sqfw, _ := e.St.DepartmentByCode(ctx, "jy-sqfw")
			fpMust(t, officer.Get(page), 200, "the office handles it", "党政办公室（政府信息公开工作机构）")
			fpMust(t, officer.Post(page+"/assign", url.Values{"dept_id": {"999999"}}), 400, "unknown department", `role="alert"`, "部门不存在")
			fpMust(t, officer.Post(page+"/assign", url.Values{"dept_id": {"0"}}), 400, "no department", "请选择承办部门")
			if r := officer.Post(page+"/assign", url.Values{"dept_id": {webtest.Itoa(sqfw.ID)}, "note": {"涉及社区事务"}}); r.Status != http.StatusSeeOther {
				t.Fatalf("assign: %d %s", r.Status, webtest.Alert(r.Body))
			}
			fpMust(t, officer.Get(page), 200, "assigned", "承办部门已更新", sqfw.Name+"（jy-sqfw）：涉及社区事务")
			r = officer.Get("/admin/foi?status=all&dept=" + webtest.Itoa(sqfw.ID))
			if !strings.Contains(r.Body, number) || strings.Contains(r.Body, regNumber) {
				t.Error("the department filter does not work")
			}
			if r := officer.Get("/admin/foi"); strings.Contains(r.Body, ">"+number+"<") {
				t.Error("an answered case is in the open inbox")
			}

			// Reviews.
			fpMust(t, officer.Post(page+"/reviews", url.Values{"kind": {"reconsideration"}, "filed_on": {"2025-12-20"}, "result": {"upheld"}}), 400,
				"review without closing date", `role="alert"`, "结案日期")
			fpMust(t, officer.Post(page+"/reviews", url.Values{"kind": {"reconsideration"}, "filed_on": {"someday"}, "result": {"pending"}}), 400,
				"review bad date", "不是有效日期")
			if r := officer.Post(page+"/reviews", url.Values{"kind": {"reconsideration"}, "filed_on": {"2025-12-20"}, "result": {"pending"}}); r.Status != http.StatusSeeOther {
				t.Fatalf("review: %d %s", r.Status, webtest.Alert(r.Body))
			}
			fpMust(t, officer.Get(page), 200, "review", "已登记的复议、诉讼（1 件）", "行政复议", "尚未审结")

			// Duplicate warning: the same applicant asks again in similar words.
			again := fpForm()
			again.Set("description", "菊园新区2024年加装电梯补贴发放名单")
			dup, _ := fpApply(t, e, again)
			fpMust(t, officer.Get("/admin/foi/"+dup), 200, "duplicate", "同一申请人 12 个月内有相似申请", number)
			if r := officer.Get("/admin/foi/" + regNumber); strings.Contains(r.Body, "相似申请") {
				t.Error("a different applicant is flagged as a duplicate")
			}

			// Unknown cases are 404 pages; a reviewer may not open the inbox.
			if r := officer.Get("/admin/foi/YSQ2025-99999"); r.Status != 404 {
				t.Errorf("unknown case: %d", r.Status)
			}
			if r := officer.Post("/admin/foi/YSQ2025-99999/events", url.Values{"type": {"confirm"}, "on": {"2025-12-01"}, "version": {"1"}}); r.Status != 404 {
				t.Errorf("event on an unknown case: %d", r.Status)
			}
			if r := e.Login("reviewer").Get("/admin/foi"); r.Status != 403 {
				t.Errorf("reviewer opened the inbox: %d", r.Status)
			}
			if _, v := e.API("GET", "/api/v1/audit/verify", e.Token("auditor"), ""); v["ok"] != true {
				t.Fatalf("trail: %v", v)
			}
			logs := e.Logs.String()
			if strings.Contains(logs, "level=ERROR") {
				t.Errorf("a request failed with a server error:\n%s", logs)
			}
			fpNoPersonal(t, "the log", logs)
		})
	}
}

// TestFOIPagesBrowser: a citizen applies and tracks in a real browser and a
// member of staff opens the case, with axe-core on every page (the receipt,
// the tracking result and the full view exist only as answers to a POST).
func TestFOIPagesBrowser(t *testing.T) {
	e := webtest.BrowserServer(t)
	ctx := browsertest.Browser(t)
	pages := []webtest.BrowserPage{
		{Name: "guide", Path: "/foi", Status: 200, Sel: `a[href="/foi/apply"]`},
		{Name: "form", Path: "/foi/apply", Status: 200, Sel: `#fa-name`},
		{Name: "track", Path: "/foi/track", Status: 200, Sel: `#ft-code`},
	}
	webtest.AuditBothModes(t, ctx, e.Base, pages)

	// The form, first with a wrong ID number.
	webtest.Go(t, ctx, e.Base+"/foi/apply")
	webtest.Type(t, ctx, "#fa-name", "李明")
	webtest.Type(t, ctx, "#fa-id_number", "110105194912310021")
	webtest.Type(t, ctx, "#fa-phone", "13812345678")
	webtest.Type(t, ctx, "#fa-email", "liming@example.com")
	webtest.Type(t, ctx, "#fa-description", "2024年菊园新区加装电梯补贴发放名单")
	webtest.Tick(t, ctx, "#fa-format-electronic")
	webtest.Tick(t, ctx, "#fa-delivery-email")
	webtest.Tick(t, ctx, "#fa-consent")
	const submit = `form.foi-form button[type=submit]`
	if status := webtest.Click(t, ctx, submit); status != 400 {
		t.Fatalf("wrong ID number: %d, page says %q", status, webtest.Text(t, ctx, "main"))
	}
	if got := webtest.Text(t, ctx, `.error-box[role=alert]`); !strings.Contains(got, "校验位") {
		t.Errorf("alert: %q", got)
	}
	if webtest.Count(t, ctx, `#fa-id_number[aria-invalid=true]`) != 1 || webtest.Count(t, ctx, `#fa-consent:checked`) != 1 {
		t.Error("the field is not marked, or the input was lost")
	}
	webtest.Accessible(t, ctx, "form with an error")
	webtest.Select(t, ctx, "#fa-id_number", "11010519491231002X")
	if status := webtest.Click(t, ctx, submit); status != 200 {
		t.Fatalf("submit: %d, page says %q", status, webtest.Text(t, ctx, "main"))
	}
	number, code := webtest.Text(t, ctx, "#receipt-number"), webtest.Text(t, ctx, "#receipt-code")
	if !strings.HasPrefix(number, "YSQ") || len(code) != 8 {
		t.Fatalf("receipt: %q %q", number, code)
	}
	if p := webtest.Path(t, ctx); p != "/foi/apply" {
		t.Errorf("the receipt is at %s", p)
	}
	webtest.Accessible(t, ctx, "receipt")

	// Tracking.
	webtest.Go(t, ctx, e.Base+"/foi/track")
	webtest.Type(t, ctx, "#ft-number", number)
	webtest.Type(t, ctx, "#ft-code", strings.ToLower(code))
	if status := webtest.Click(t, ctx, `form[action="/foi/track"] button[type=submit]`); status != 200 {
		t.Fatalf("track: %d, page says %q", status, webtest.Text(t, ctx, "main"))
	}
	if got := webtest.Text(t, ctx, ".foi-track-result"); !strings.Contains(got, "待确认收到") || strings.Contains(got, "李明") {
		t.Errorf("tracking: %q", got)
	}
	webtest.Accessible(t, ctx, "tracking result")

	// Staff: inbox, case page, confirmation, full view.
	webtest.BrowserLogin(t, ctx, e.Base, "foi")
	webtest.AuditPages(t, ctx, e.Base, false, []webtest.BrowserPage{
		{Name: "inbox", Path: "/admin/foi", Status: 200, Sel: `.foi-inbox a[href="/admin/foi/` + number + `"]`},
		{Name: "register", Path: "/admin/foi/new", Status: 200, Sel: `#fa-channel`},
		{Name: "case", Path: "/admin/foi/" + number, Status: 200, Sel: `form[action$="/personal"]`},
	})
	if status := webtest.Click(t, ctx, `form.foi-ev:has(input[name=type][value=confirm]) button[type=submit]`); status != 200 {
		t.Fatalf("confirm: %d, page says %q", status, webtest.Text(t, ctx, "main"))
	}
	if got := webtest.Text(t, ctx, ".flash"); !strings.Contains(got, "已登记") {
		t.Errorf("after confirming: flash %q", got)
	}
	if webtest.Count(t, ctx, ".foi-light-green") == 0 {
		t.Error("the confirmed case shows no green light")
	}
	webtest.Accessible(t, ctx, "case page with a running clock")
	if status := webtest.Click(t, ctx, `form[action$="/personal"] button[type=submit]`); status != 200 {
		t.Fatalf("full view: %d", status)
	}
	if got := webtest.Text(t, ctx, ".foi-full"); !strings.Contains(got, "11010519491231002X") {
		t.Errorf("full view: %q", got)
	}
	webtest.Accessible(t, ctx, "full view")
}
