package publish_test

import (
	"context"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"gongkai/internal/auth"
	"gongkai/internal/browsertest"
	"gongkai/internal/demo"
	"gongkai/internal/web/webtest"
)

// wfDraft fills the editor form as a person would and creates the draft;
// it returns the new document's id (from the editor page it lands on).
func wfDraft(t *testing.T, ctx context.Context, base, title, genre string, column int64, extra func()) int64 {
	t.Helper()
	webtest.Go(t, ctx, base+"/admin/documents/new")
	webtest.Type(t, ctx, "#f-title", title)
	webtest.Type(t, ctx, "#f-written", "2026-03-02")
	webtest.Select(t, ctx, "#f-theme", "02.01")
	webtest.Select(t, ctx, "#f-genre", genre)
	webtest.Type(t, ctx, "#f-body", "<p>"+title+"的正文。</p>")
	webtest.Tick(t, ctx, `input[name=column][value="`+strconv.FormatInt(column, 10)+`"]`)
	if extra != nil {
		extra()
	}
	if status := webtest.Click(t, ctx, `form.ap-wide button[type=submit]`); status != 200 {
		t.Fatalf("create %s: %d %s", title, status, webtest.Text(t, ctx, "main"))
	}
	p := webtest.Path(t, ctx) // /admin/documents/{id}/edit
	id, err := strconv.ParseInt(strings.TrimSuffix(strings.TrimPrefix(p, "/admin/documents/"), "/edit"), 10, 64)
	if err != nil {
		t.Fatalf("after creating %s the browser is at %s: %s", title, p, webtest.Text(t, ctx, "main"))
	}
	return id
}

// TestBrowserPublishWithInterpretation is the 三同步 story through the
// browser: an editor drafts a 行政规范性文件 with an attachment, is refused
// when submitting it without an interpretation, drafts the interpretation,
// cannot approve their own draft, and a reviewer's approval puts both on
// the portal at once, linked both ways, each with a generated 索引号.
func TestBrowserPublishWithInterpretation(t *testing.T) {
	e := webtest.BrowserServer(t)
	bg := context.Background()
	// The author holds both roles, to prove the server, not the role list,
	// stops self-approval.
	dept, _ := e.St.DepartmentByCode(bg, "jy-dzb")
	author := &auth.User{Username: "zhang.min", Name: "张敏敏", DeptID: dept.ID, Roles: []auth.Role{auth.Editor, auth.Reviewer}}
	if err := e.St.CreateDemoUser(bg, author, demo.Password); err != nil {
		t.Fatal(err)
	}
	policyCol, _ := e.St.ColumnByCode(bg, "gfxwj")
	interpCol, _ := e.St.ColumnByCode(bg, "zcjd")
	ctx := browsertest.Browser(t)
	webtest.BrowserLogin(t, ctx, e.Base, "zhang.min")

	const policyTitle = "菊园新区公共充电设施建设管理办法（浏览器测试）"
	policy := wfDraft(t, ctx, e.Base, policyTitle, "guifanxing", policyCol.ID, nil)
	// Attach the signed text.
	pdf := filepath.Join(t.TempDir(), "管理办法签发稿.pdf")
	if err := os.WriteFile(pdf, []byte("%PDF-1.4\n% 浏览器测试\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	sctx, cancel := context.WithTimeout(ctx, webtest.StepTimeout)
	err := chromedp.Do(sctx, chromedp.SetUploadFiles(chromedp.CSS("#f-file"), []string{pdf}))
	cancel()
	if err != nil {
		t.Fatalf("choose file: %v", err)
	}
	if status := webtest.Click(t, ctx, `form[enctype="multipart/form-data"] button[type=submit]`); status != 200 || !strings.Contains(webtest.Text(t, ctx, "main"), "管理办法签发稿.pdf") {
		t.Fatalf("upload: %d %s", status, webtest.Text(t, ctx, "main"))
	}

	// Submitting the policy alone is refused (三同步).
	docURL := e.Base + "/admin/documents/" + strconv.FormatInt(policy, 10)
	webtest.Go(t, ctx, docURL)
	if status := webtest.Click(t, ctx, `form[action$="/submit"] button`); status != 409 || !strings.Contains(webtest.Text(t, ctx, "main"), "三同步") {
		t.Fatalf("submit without interpretation: %d %s", status, webtest.Text(t, ctx, "main"))
	}

	// The editor drafts the interpretation beside it and submits both.
	const interpTitle = "《菊园新区公共充电设施建设管理办法》简明问答（浏览器测试）"
	interp := wfDraft(t, ctx, e.Base, interpTitle, "jiedu", interpCol.ID, func() {
		webtest.Select(t, ctx, "#f-interprets", strconv.FormatInt(policy, 10))
		webtest.Select(t, ctx, "#f-iform", "qa")
	})
	for _, id := range []int64{interp, policy} {
		webtest.Go(t, ctx, e.Base+"/admin/documents/"+strconv.FormatInt(id, 10))
		if status := webtest.Click(t, ctx, `form[action$="/submit"] button`); status != 200 {
			t.Fatalf("submit %d: %d %s", id, status, webtest.Text(t, ctx, "main"))
		}
	}

	// The author, though a reviewer too, is offered no approval of their own draft.
	webtest.Go(t, ctx, docURL)
	if n := webtest.Count(t, ctx, `form[action$="/review"]`); n != 0 {
		t.Fatal("the author is offered the review form on their own draft")
	}
	if !strings.Contains(webtest.Text(t, ctx, "main"), "须由其他审核员") {
		t.Fatalf("no own-draft notice: %s", webtest.Text(t, ctx, "main"))
	}

	// A reviewer approves both from the inbox.
	ctx2 := browsertest.Browser(t)
	webtest.BrowserLogin(t, ctx2, e.Base, "reviewer")
	webtest.Go(t, ctx2, e.Base+"/admin/review")
	inbox := webtest.Text(t, ctx2, "main")
	if !strings.Contains(inbox, policyTitle) || !strings.Contains(inbox, interpTitle) {
		t.Fatalf("review inbox: %s", inbox)
	}
	for _, id := range []int64{policy, interp} {
		webtest.Go(t, ctx2, e.Base+"/admin/documents/"+strconv.FormatInt(id, 10))
		if status := webtest.Click(t, ctx2, `button[name=approve][value="1"]`); status != 200 {
			t.Fatalf("approve %d: %d %s", id, status, webtest.Text(t, ctx2, "main"))
		}
	}
	pd, _ := e.St.Document(bg, policy)
	id, _ := e.St.Document(bg, interp)
	if !pd.Public() || !id.Public() || !pd.LastPublished.Equal(id.LastPublished) {
		t.Fatalf("not published together: %+v / %+v", pd, id)
	}
	year := strconv.Itoa(time.Now().In(time.FixedZone("CST", 8*3600)).Year())
	for _, n := range []string{pd.IndexNumber, id.IndexNumber} {
		if !strings.HasPrefix(n, "MB2F1203-3/"+year+"-") || len(n) != len("MB2F1203-3/2026-00000001") {
			t.Fatalf("generated index number %q", n)
		}
	}

	// The public sees both, each linking to the other, and the attachment.
	pub := browsertest.Browser(t)
	webtest.Go(t, pub, e.Base+"/docs/"+pd.IndexNumber)
	page := webtest.Text(t, pub, "main")
	if !strings.Contains(page, policyTitle) || !strings.Contains(page, pd.IndexNumber) || !strings.Contains(page, "管理办法签发稿.pdf") {
		t.Fatalf("policy page: %s", page)
	}
	if webtest.Count(t, pub, `a[href="/docs/`+id.IndexNumber+`"]`) == 0 {
		t.Fatal("the policy page does not link its interpretation")
	}
	webtest.Screenshot(t, pub, "workflow-policy")
	webtest.Go(t, pub, e.Base+"/docs/"+id.IndexNumber)
	if webtest.Count(t, pub, `a[href="/docs/`+pd.IndexNumber+`"]`) == 0 {
		t.Fatal("the interpretation page does not link its policy")
	}
	webtest.Accessible(t, pub, "interpretation page")
}
