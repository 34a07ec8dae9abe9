package foi_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"gongkai/internal/auth"
	"gongkai/internal/browsertest"
	"gongkai/internal/calendar"
	"gongkai/internal/demo"
	"gongkai/internal/web/webtest"
)

// TestBrowserFOIWholePath is an information request as a legal office
// handles it, in the browser: a company applies online (法人 form); the
// FOI office confirms it and assigns it to a 承办部门; that department asks
// for a 补正 with specific items; the applicant reads them and supplements
// online; the department confirms the supplement, attaches the released
// file and drafts a 部分公开 with its reasons (拟办); the office reviews it
// (审核) and the head signs it (签发); the applicant downloads the notice
// and the released file from tracking; the answer is mailed and archived.
// An officer of a third department gets 404 on the case at every stage.
// axe-core checks the new pages: tracking with the supplement form and the
// downloads, the case page at each sign-off step, the settings and the
// register.
func TestBrowserFOIWholePath(t *testing.T) {
	e := webtest.BrowserServer(t)
	bg := context.Background()
	sqfw, _ := e.St.DepartmentByCode(bg, "jy-sqfw")
	jjfz, _ := e.St.DepartmentByCode(bg, "jy-jjfz")
	for _, u := range []*auth.User{
		{Username: "sqfw.foi", Name: "钱敏", DeptID: sqfw.ID, Roles: []auth.Role{auth.FOIOfficer}},
		{Username: "jjfz.foi", Name: "郑华", DeptID: jjfz.ID, Roles: []auth.Role{auth.FOIOfficer}},
	} {
		if err := e.St.CreateDemoUser(bg, u, demo.Password); err != nil {
			t.Fatal(err)
		}
	}
	today := calendar.Today(time.Now()).String()

	// A company applies online.
	citizen := browsertest.Browser(t)
	webtest.Go(t, citizen, e.Base+"/foi/apply")
	webtest.Tick(t, citizen, "#fa-kind-org")
	for sel, v := range map[string]string{"#fa-org_name": "上海菊园电梯工程有限公司", "#fa-org_id_number": "91310114MA1GT35K5B",
		"#fa-legal_rep": "沈建国", "#fa-contact": "沈晓", "#fa-phone": "13912345678", "#fa-email": "shen@example.com",
		"#fa-address": "上海市嘉定区平城路811号", "#fa-description": "2025年菊园新区既有多层住宅加装电梯补贴发放名单",
		"#fa-purpose": "核对本公司承接项目的补贴情况"} {
		webtest.Type(t, citizen, sel, v)
	}
	webtest.Select(t, citizen, "#fa-org_category", "business")
	webtest.Select(t, citizen, "#fa-org_id_type", "统一社会信用代码")
	number, code := fbSubmit(t, citizen)
	caseURL := e.Base + "/admin/foi/" + number
	track := fbTracker(t, citizen, e.Base, number, code, "沈建国", "沈晓", "13912345678", "shen@example.com", "平城路", "91310114MA1GT35K5B")

	stranger := browsertest.Browser(t)
	webtest.BrowserLogin(t, stranger, e.Base, "jjfz.foi")
	shut := func(stage string) {
		t.Helper()
		if status := webtest.Go(t, stranger, caseURL); status != 404 {
			t.Fatalf("%s: a third department's officer opens the case: %d", stage, status)
		}
		webtest.Go(t, stranger, e.Base+"/admin/foi?status=all")
		if strings.Contains(webtest.Text(t, stranger, "main"), number) {
			t.Fatalf("%s: a third department's inbox lists the case", stage)
		}
	}
	shut("submitted")

	step := func(ctx context.Context, typ string, fields map[string]string) {
		t.Helper()
		fields[`input[name=on]`] = today
		if status := fbEvent(t, ctx, e.Base, number, typ, fields); status != 200 {
			t.Fatalf("%s: %d: %s", typ, status, webtest.Text(t, ctx, "main"))
		}
		if alert := webtest.Count(t, ctx, ".error-box"); alert != 0 {
			t.Fatalf("%s refused: %s", typ, webtest.Text(t, ctx, ".error-box"))
		}
	}
	// The FOI office confirms and assigns it.
	office := browsertest.Browser(t)
	webtest.BrowserLogin(t, office, e.Base, "foi")
	step(office, "confirm", map[string]string{})
	webtest.Go(t, office, caseURL)
	if got := webtest.Text(t, office, "#h-request + dl"); !strings.Contains(got, "党政办公室（政府信息公开工作机构）") {
		t.Fatalf("a new case is not with the FOI office: %s", got)
	}
	webtest.Select(t, office, "#as-dept", webtest.Itoa(sqfw.ID))
	webtest.Type(t, office, "#as-note", "补贴由社区事务受理服务中心发放")
	if status := webtest.Click(t, office, `form[action$="/assign"] button[type=submit]`); status != 200 {
		t.Fatalf("assign: %d", status)
	}
	shut("assigned")

	// The 承办部门 asks for a 补正 with specific items.
	dept := browsertest.Browser(t)
	webtest.BrowserLogin(t, dept, e.Base, "sqfw.foi")
	replyBy := calendar.Today(time.Now()).AddDays(15).String()
	step(dept, "request_supplement", map[string]string{"input[name=reply_by]": replyBy,
		"textarea[name=reason]": "写明补贴发放的批次或年度\n写明贵公司承接项目所在的小区"})
	shut("supplement asked")

	// The applicant reads the items and supplements online, with a file.
	track("请补正您的申请", "写明补贴发放的批次或年度", "写明贵公司承接项目所在的小区", replyBy)
	webtest.Accessible(t, citizen, "tracking with the supplement form")
	scan := filepath.Join(t.TempDir(), "项目清单.png")
	if err := os.WriteFile(scan, append([]byte("\x89PNG\r\n\x1a\n"), make([]byte, 512)...), 0o600); err != nil {
		t.Fatal(err)
	}
	webtest.Type(t, citizen, "#sup-text", "2025年第二批；菊园一村、菊园二村")
	sctx, cancel := context.WithTimeout(citizen, webtest.StepTimeout)
	err := chromedp.Do(sctx, chromedp.SetUploadFiles(chromedp.CSS("#sup-files"), []string{scan}))
	cancel()
	if err != nil {
		t.Fatal(err)
	}
	if status := webtest.Click(t, citizen, `form[action="/foi/track/supplement"] button[type=submit]`); status != 200 {
		t.Fatalf("supplement: %d %s", status, webtest.Text(t, citizen, "main"))
	}
	if got := webtest.Text(t, citizen, "#sup-done"); !strings.Contains(got, "补正已提交") {
		t.Fatalf("supplement not acknowledged: %s", webtest.Text(t, citizen, "main"))
	}

	// The department confirms the supplement, attaches the released file
	// and drafts the answer.
	webtest.Go(t, dept, caseURL)
	if got := webtest.Text(t, dept, "#h-supplements + div"); !strings.Contains(got, "菊园一村") || !strings.Contains(got, "项目清单.png") {
		t.Fatalf("the supplement on the case page: %s", got)
	}
	if status := webtest.Click(t, dept, `form[action*="/supplements/"] button[type=submit]`); status != 200 {
		t.Fatalf("confirm the supplement: %d", status)
	}
	released := filepath.Join(t.TempDir(), "补贴发放名单（已遮盖）.pdf")
	if err := os.WriteFile(released, []byte("%PDF-1.4\n% the released list\n%%EOF\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	webtest.Go(t, dept, caseURL)
	sctx, cancel = context.WithTimeout(dept, webtest.StepTimeout)
	err = chromedp.Do(sctx, chromedp.SetUploadFiles(chromedp.CSS("#rl-file"), []string{released}))
	cancel()
	if err != nil {
		t.Fatal(err)
	}
	if status := webtest.Click(t, dept, `form[action$="/released"] button[type=submit]`); status != 200 {
		t.Fatalf("released file: %d", status)
	}
	step(dept, "draft", map[string]string{"select[name=outcome]": "partial",
		"textarea[name=reason]": "名单中住户的姓名、身份证号码和银行账号属于个人隐私，已作遮盖处理（条例第十五条）"})
	if n := webtest.Count(t, dept, `form:has(input[name=type][value="draft_approved"])`); n != 0 {
		t.Fatal("a department officer outside the office is offered the 审核")
	}
	webtest.Accessible(t, dept, "case page with a draft awaiting review")
	shut("drafted")

	// The office reviews; the head signs.
	step(office, "draft_approved", map[string]string{"input[name=note]": "同意"})
	head := browsertest.Browser(t)
	webtest.BrowserLogin(t, head, e.Base, "foihead")
	webtest.Go(t, head, caseURL)
	webtest.Accessible(t, head, "case page with a draft awaiting 签发")
	step(head, "answer", map[string]string{})
	shut("signed")

	// The applicant downloads the notice and the released file.
	track("已答复", "部分公开", "答复告知书（PDF）", "答复附件：补贴发放名单（已遮盖）.pdf")
	webtest.Accessible(t, citizen, "tracking with the downloads")
	for _, f := range []struct{ form, wantType string }{
		{`form[action="/foi/track/notice"]:has(input[value="answer"])`, "application/pdf"},
		{`form[action="/foi/track/file"]`, "application/pdf"},
		{`form[action="/foi/track/notice"]:has(input[value="supplement"])`, "application/pdf"},
	} {
		sctx, cancel := context.WithTimeout(citizen, webtest.StepTimeout)
		got, err := chromedp.Run(sctx, chromedp.Evaluate[string](`(async () => {
			const f = document.querySelector(`+webtest.JS(f.form)+`);
			const r = await fetch(f.action, {method: "POST", body: new FormData(f)});
			const b = new Uint8Array(await r.arrayBuffer());
			return r.status + " " + r.headers.get("Content-Type") + " " + String.fromCharCode(...b.slice(0, 4)); })()`, chromedp.EvalAwaitPromise))
		cancel()
		if err != nil || got != "200 "+f.wantType+" %PDF" {
			t.Errorf("download %s: %q %v", f.form, got, err)
		}
	}

	// Mailed and archived by the department.
	step(dept, "mail", map[string]string{"input[name=tracking_no]": "EA123456789CN"})
	step(dept, "archive", map[string]string{"input[name=location]": "2026-依申请-002"})
	shut("archived")
	page := track("已答复")
	for _, w := range []string{"告知补正", "收到补正材料", "作出答复", "寄出答复", "归档"} {
		if !strings.Contains(page, w) {
			t.Errorf("the final tracking page does not list %q", w)
		}
	}
	// The case's trail shows each hand: assignment, supplement, sign-off,
	// downloads.
	webtest.Go(t, office, caseURL)
	trail := webtest.Text(t, office, "#h-trail + table")
	for _, w := range []string{"社区事务受理服务中心（jy-sqfw）：补贴由社区事务受理服务中心发放", "申请人网上提交补正", "申请人下载告知书（answer）",
		"申请人下载答复附件", "拟办答复", "审核通过", "作出答复"} {
		if !strings.Contains(trail, w) {
			t.Errorf("the trail does not show %q", w)
		}
	}
	if res, err := e.St.VerifyAudit(bg); err != nil || !res.OK() {
		t.Fatalf("trail: %+v %v", res, err)
	}
	// The office's pages of this issue, audited too.
	webtest.Go(t, head, e.Base+"/admin/foi/settings")
	webtest.Accessible(t, head, "FOI settings")
	webtest.Screenshot(t, citizen, "foi-whole-path-tracking")
}
