package foi_test

// The application form's two applicant blocks and its report of every
// problem at once, as a browser without script would post it, and in a
// real browser with the site's script.

import (
	"context"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"gongkai/internal/browsertest"
	"gongkai/internal/store"
	"gongkai/internal/web/webtest"
)

// ffOrgForm is a complete, valid application of an organisation.
func ffOrgForm() url.Values {
	f := fpForm()
	for _, k := range []string{"name", "id_type", "id_number"} {
		f.Del(k)
	}
	for k, v := range map[string]string{"kind": "org", "org_category": "business", "org_name": "上海某某科技有限公司", "org_id_type": "统一社会信用代码",
		"org_id_number": "91310114MA1GT35K5B", "legal_rep": "王建国", "contact": "欧阳小红", "phone": "021-59990000", "email": "office@example.com"} {
		f.Set(k, v)
	}
	return f
}

// ffFieldError checks that the page shows msg next to the field with the
// id: an error paragraph of its own, named by the field's
// aria-describedby, and the field marked invalid and linked from the summary.
func ffFieldError(t *testing.T, body, id, msg string) {
	t.Helper()
	p := regexp.MustCompile(`<p class="field-error" id="` + id + `-error">(.*?)</p>\s*<(?:input|select|textarea)\b[^>]*\bid="` + id + `"[^>]*>`).FindStringSubmatch(body)
	if p == nil {
		t.Errorf("%s: no error message right before the field", id)
		return
	}
	if !strings.Contains(p[1], msg) {
		t.Errorf("%s: message %q, want one saying %q", id, p[1], msg)
	}
	if !regexp.MustCompile(`aria-describedby="[^"]*\b`+id+`-error"`).MatchString(p[0]) || !strings.Contains(p[0], `aria-invalid="true"`) {
		t.Errorf("%s: the field does not point at its message or is not marked: %s", id, p[0])
	}
	if !regexp.MustCompile(`<a href="#` + id + `">[^<]*` + regexp.QuoteMeta(msg)).MatchString(body) {
		t.Errorf("%s: the summary does not link the message to the field", id)
	}
}

// TestFOIFormAllErrors: three bad fields are answered with all three
// messages, each next to its field, and everything typed kept.
func TestFOIFormAllErrors(t *testing.T) {
	e := webtest.New(t, store.SQLite)
	c := e.Client()
	c.Get("/foi/apply")
	f := fpForm()
	f.Set("name", "")
	f.Set("id_number", "110105194912310021")
	f.Set("phone", "12")
	f.Set("purpose", "了解政策执行情况")
	r := fpPost(c, "/foi/apply", f, "", "", nil)
	if r.Status != 400 {
		t.Fatalf("status %d", r.Status)
	}
	alert := webtest.Alert(r.Body)
	if !strings.Contains(alert, "有 3 处需要修改") {
		t.Errorf("summary: %q", alert)
	}
	ffFieldError(t, r.Body, "fa-name", "姓名")
	ffFieldError(t, r.Body, "fa-id_number", "校验位")
	ffFieldError(t, r.Body, "fa-phone", "联系电话")
	// The summary lists them in the order of the page.
	if i, j, k := strings.Index(r.Body, `href="#fa-name"`), strings.Index(r.Body, `href="#fa-id_number"`), strings.Index(r.Body, `href="#fa-phone"`); !(i >= 0 && i < j && j < k) {
		t.Errorf("summary order: %d %d %d", i, j, k)
	}
	for _, kept := range []string{`value="110105194912310021"`, `value="12"`, `value="liming@example.com"`, `value="上海市嘉定区平城路811号"`,
		"2024年菊园新区加装电梯补贴发放名单</textarea>", "了解政策执行情况</textarea>", `id="fa-format-electronic" name="format" value="electronic" checked`,
		`id="fa-delivery-email" name="delivery" value="email" checked`, `name="consent" value="1" checked`} {
		if !strings.Contains(r.Body, kept) {
			t.Errorf("the input %s was not kept", kept)
		}
	}
	for _, ok := range []string{"fa-email", "fa-description", "fa-address"} {
		if strings.Contains(r.Body, `id="`+ok+`-error"`) || regexp.MustCompile(`id="`+ok+`"[^>]*aria-invalid`).MatchString(r.Body) {
			t.Errorf("%s is marked though it is right", ok)
		}
	}
	if !strings.Contains(r.Body, `id="fa-error" tabindex="-1" autofocus`) {
		t.Error("the summary cannot take the focus")
	}
	webtest.AccessibleHTML(t, "/foi/apply (3 errors)", r.Body)

	// The organisation's block: its own fields carry its problems.
	o := ffOrgForm()
	o.Set("org_id_number", "91310114MA1GT35K5C")
	o.Del("legal_rep")
	o.Set("contact", "")
	r = fpPost(c, "/foi/apply", o, "", "", nil)
	if r.Status != 400 || !strings.Contains(webtest.Alert(r.Body), "有 3 处需要修改") {
		t.Fatalf("org: %d %q", r.Status, webtest.Alert(r.Body))
	}
	ffFieldError(t, r.Body, "fa-org_id_number", "统一社会信用代码")
	ffFieldError(t, r.Body, "fa-legal_rep", "法定代表人")
	ffFieldError(t, r.Body, "fa-contact", "联系人")
	if !strings.Contains(r.Body, `value="91310114MA1GT35K5C"`) || !strings.Contains(r.Body, `value="上海某某科技有限公司"`) ||
		!strings.Contains(r.Body, `id="fa-kind-org" name="kind" value="org" checked`) {
		t.Error("the organisation's input was not kept")
	}
	if apps, err := e.St.FOIApplications(ctx, store.FOIFilter{}); err != nil || len(apps) != 0 {
		t.Fatalf("refused submissions created %d applications (%v)", len(apps), err)
	}

	// Staff registration: the counter's own fields join the list.
	officer := e.Login("foi")
	officer.Get("/admin/foi/new")
	s := fpForm()
	s.Set("channel", "in_person")
	s.Set("received_on", "2026-02-30")
	s.Set("phone", "")
	r = fpPost(officer, "/admin/foi/new", s, "", "", nil)
	if r.Status != 400 || !strings.Contains(webtest.Alert(r.Body), "有 2 处需要修改") {
		t.Fatalf("staff: %d %q", r.Status, webtest.Alert(r.Body))
	}
	ffFieldError(t, r.Body, "fa-received_on", "收到申请之日")
	ffFieldError(t, r.Body, "fa-phone", "联系电话")
}

// TestFOIFormKinds: without script both blocks are posted; the server
// reads the chosen one and drops the other. Staff see the organisation's
// people masked, and in full on the audited view.
func TestFOIFormKinds(t *testing.T) {
	e := webtest.New(t, store.SQLite)
	c := e.Client()
	page := c.Get("/foi/apply")
	for _, want := range []string{`<legend>自然人填写</legend>`, `<legend>法人或其他组织填写</legend>`, `id="fa-person"`, `id="fa-org"`, `<script src="/static/site.js" defer></script>`} {
		if !strings.Contains(page.Body, want) {
			t.Errorf("the form lacks %s", want)
		}
	}
	if regexp.MustCompile(`<fieldset[^>]*\bhidden\b`).MatchString(page.Body) {
		t.Error("the server hides a block: without script it could never be shown")
	}
	if r := c.Get("/static/site.js"); r.Status != 200 || !strings.Contains(r.Body, "data-foi-kind") {
		t.Fatalf("site.js: %d", r.Status)
	}

	// An organisation, with leftovers in the person's block.
	o := ffOrgForm()
	o.Set("name", "张三")
	o.Set("id_number", "not checked")
	orgNumber, _ := fpReceipt(t, fpPost(c, "/foi/apply", o, "", "", nil))
	// A person, with leftovers in the organisation's block.
	p := fpForm()
	for k, v := range map[string]string{"org_category": "business", "org_name": "某公司", "org_id_number": "bad", "legal_rep": "王建国", "contact": "欧阳小红"} {
		p.Set(k, v)
	}
	personNumber, _ := fpReceipt(t, fpPost(c, "/foi/apply", p, "", "", nil))

	org, err := e.St.FOIApplicant(ctx, "test", orgNumber)
	if err != nil || org.Kind != "org" || org.Name != "上海某某科技有限公司" || org.IDType != "统一社会信用代码" || org.IDNumber != "91310114MA1GT35K5B" ||
		org.LegalRep != "王建国" || org.Contact != "欧阳小红" || org.OrgCategory != "business" {
		t.Errorf("organisation stored as %+v (%v)", org, err)
	}
	person, err := e.St.FOIApplicant(ctx, "test", personNumber)
	if err != nil || person.Kind != "person" || person.Name != "李明" || person.OrgCategory != "" || person.LegalRep != "" || person.Contact != "" {
		t.Errorf("person stored as %+v (%v)", person, err)
	}

	officer := e.Login("foi")
	r := officer.Get("/admin/foi/" + orgNumber)
	fpMust(t, r, 200, "case page", "法定代表人或负责人", "王**", "欧***", "9131**********5K5B")
	for _, clear := range []string{"王建国", "欧阳小红"} {
		if strings.Contains(r.Body, clear) {
			t.Errorf("the case page shows %q unmasked", clear)
		}
	}
	webtest.AccessibleHTML(t, "/admin/foi/"+orgNumber, r.Body)
	r = officer.Post("/admin/foi/"+orgNumber+"/personal", nil)
	fpMust(t, r, 200, "full view", "王建国", "欧阳小红", "91310114MA1GT35K5B", "上海某某科技有限公司")
	if r := officer.Get("/admin/foi/" + personNumber); strings.Contains(r.Body, "法定代表人") {
		t.Error("a person's case shows the organisation's fields")
	}
	if r := officer.Get("/admin/foi"); strings.Contains(r.Body, "欧阳小红") || strings.Contains(r.Body, "王建国") {
		t.Error("the inbox shows the organisation's people")
	}
}

// TestFOIFormBrowser: with the site's script, a person sees only the
// person's block and an organisation only its own; the error summary
// takes the focus; axe-core is clean on the form in both variants.
func TestFOIFormBrowser(t *testing.T) {
	e := webtest.BrowserServer(t)
	tab := browsertest.Browser(t)
	visible := func(sel string) bool {
		t.Helper()
		return webtest.Eval[bool](t, tab, `(() => { const e = document.querySelector(`+webtest.JS(sel)+`); return !!e && e.getClientRects().length > 0; })()`)
	}
	webtest.Go(t, tab, e.Base+"/foi/apply")
	if !visible("#fa-name") || visible("#fa-org") || visible("#fa-legal_rep") {
		t.Errorf("a person sees: name %v, organisation block %v, legal representative %v", visible("#fa-name"), visible("#fa-org"), visible("#fa-legal_rep"))
	}
	webtest.Screenshot(t, tab, "foi-form-person")
	webtest.Accessible(t, tab, "form, person")

	webtest.Tick(t, tab, "#fa-kind-org")
	if visible("#fa-person") || visible("#fa-name") || !visible("#fa-org") || !visible("#fa-legal_rep") || !visible("#fa-contact") {
		t.Errorf("an organisation sees: person block %v, organisation block %v", visible("#fa-person"), visible("#fa-org"))
	}
	webtest.Screenshot(t, tab, "foi-form-org")
	webtest.Accessible(t, tab, "form, organisation")
	// 长辈版 too (the person's variant is audited in both modes by TestFOIPagesBrowser).
	webtest.SetElder(t, tab, e.Base, "/foi/apply", true)
	webtest.Tick(t, tab, "#fa-kind-org")
	if visible("#fa-person") || !visible("#fa-org") {
		t.Error("长辈版: the organisation still sees the person's block")
	}
	webtest.Accessible(t, tab, "form, organisation, 长辈版")
	webtest.SetElder(t, tab, e.Base, "/foi/apply", false)
	webtest.Tick(t, tab, "#fa-kind-org")

	// Back and forth keeps what was typed; the hidden block is not sent.
	webtest.Type(t, tab, "#fa-org_name", "上海某某科技有限公司")
	webtest.Tick(t, tab, "#fa-kind-person")
	webtest.Type(t, tab, "#fa-name", "张三")
	webtest.Tick(t, tab, "#fa-kind-org")
	if got := webtest.Eval[string](t, tab, `document.querySelector("#fa-org_name").value`); got != "上海某某科技有限公司" {
		t.Errorf("the organisation's name after switching: %q", got)
	}
	if sent := webtest.Eval[bool](t, tab, `new FormData(document.querySelector("form.foi-form")).has("name")`); sent {
		t.Error("the hidden person's block would be sent")
	}

	// An organisation's submission with problems: every message, the
	// summary focused, the organisation's block still the one shown.
	webtest.Type(t, tab, "#fa-org_id_number", "91310114MA1GT35K5C")
	webtest.Type(t, tab, "#fa-phone", "021-59990000")
	webtest.Type(t, tab, "#fa-description", "2024年菊园新区加装电梯补贴发放名单")
	webtest.Tick(t, tab, "#fa-format-electronic")
	webtest.Tick(t, tab, "#fa-delivery-pickup")
	webtest.Tick(t, tab, "#fa-consent")
	const submit = `form.foi-form button[type=submit]`
	if status := webtest.Click(t, tab, submit); status != 400 {
		t.Fatalf("submit: %d, page says %q", status, webtest.Text(t, tab, "main"))
	}
	if id := webtest.WaitFocus(t, tab, "fa-error"); id != "fa-error" {
		t.Errorf("focus is on #%s, want the error summary", id)
	}
	if n := webtest.Count(t, tab, "#fa-error li a"); n != 4 {
		t.Errorf("summary links: %d, want 4 (category, code, legal representative, contact): %s", n, webtest.Text(t, tab, "#fa-error"))
	}
	if visible("#fa-person") || !visible("#fa-org_category-error") {
		t.Error("after the error the organisation's block is not the one shown")
	}
	webtest.Screenshot(t, tab, "foi-form-org-errors")
	webtest.Accessible(t, tab, "form, organisation, with errors")

	webtest.Select(t, tab, "#fa-org_category", "research")
	webtest.Select(t, tab, "#fa-org_id_number", "12310114425031637"+"9")
	webtest.Type(t, tab, "#fa-legal_rep", "王建国")
	webtest.Type(t, tab, "#fa-contact", "欧阳小红")
	if status := webtest.Click(t, tab, submit); status != 200 {
		t.Fatalf("corrected: %d, page says %q", status, webtest.Text(t, tab, "main"))
	}
	number := webtest.Text(t, tab, "#receipt-number")
	app, err := e.St.FOIApplicant(context.Background(), "test", number)
	if err != nil || app.Kind != "org" || app.Name != "上海某某科技有限公司" || app.OrgCategory != "research" || app.Contact != "欧阳小红" {
		t.Fatalf("stored: %+v %v", app, err)
	}
}
