package publish_test

// Back-office tests of active disclosure: the forms driven as a browser
// would (login, CSRF token of the last page, post/redirect/get), the
// workflow rules the store enforces shown on the pages, and the catalog
// files.

import (
	"bytes"
	"encoding/json"
	"mime/multipart"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"gongkai/internal/auth"
	"gongkai/internal/browsertest"
	"gongkai/internal/demo"
	"gongkai/internal/publish"
	"gongkai/internal/store"
	"gongkai/internal/store/storetest"
	"gongkai/internal/web/webtest"
)

// TestAdminPublish runs the back-office scenarios on every dialect.
func TestAdminPublish(t *testing.T) {
	tests := []struct {
		name string
		fn   func(t *testing.T, e *webtest.Env)
	}{
		{"Workflow", testAPWorkflow},
		{"OwnDraftAndConflict", testAPOwnDraftAndConflict},
		{"ReviseDiffWithdrawValidity", testAPReviseDiffWithdrawValidity},
		{"Catalog", testAPCatalog},
		{"Registries", testAPRegistries},
		{"BadInput", testAPBadInput},
		{"LargeUpload", testAPLargeUpload},
	}
	for _, d := range storetest.Dialects(t) {
		t.Run(string(d), func(t *testing.T) {
			for _, tc := range tests {
				t.Run(tc.name, func(t *testing.T) {
					e := webtest.New(t, d)
					tc.fn(t, e)
					if strings.Contains(e.Logs.String(), "level=ERROR") {
						t.Errorf("a request failed with a server error:\n%s", e.Logs.String())
					}
				})
			}
		})
	}
}

// apWorld is what the scenarios share: logged-in clients and two columns
// made through the supervisor's form.
type apWorld struct {
	e                    *webtest.Env
	editor, rev, sup     *webtest.Client
	dzb                  *auth.Department
	policyCol, interpCol int64
}

func apSetup(t *testing.T, e *webtest.Env) *apWorld {
	t.Helper()
	w := &apWorld{e: e, editor: e.Login("editor"), rev: e.Login("reviewer"), sup: e.Login("supervisor")}
	var err error
	if w.dzb, err = e.St.DepartmentByCode(ctx, "jy-dzb"); err != nil {
		t.Fatal(err)
	}
	w.sup.Get("/admin/columns/new")
	for _, c := range []url.Values{
		{"code": {"zcwj"}, "name": {"政策文件"}, "kind": {"policy"}, "dept_id": {webtest.Itoa(w.dzb.ID)}},
		{"code": {"zcjd"}, "name": {"政策解读"}, "kind": {"policy"}, "dept_id": {webtest.Itoa(w.dzb.ID)}},
	} {
		if r := w.sup.Post("/admin/columns", c); r.Status != http.StatusSeeOther {
			t.Fatalf("create column %v: %d %s", c, r.Status, r.Body)
		}
	}
	w.policyCol = apColumnID(t, e, "zcwj")
	w.interpCol = apColumnID(t, e, "zcjd")
	return w
}

func apColumnID(t *testing.T, e *webtest.Env, code string) int64 {
	t.Helper()
	c, err := e.St.ColumnByCode(ctx, code)
	if err != nil {
		t.Fatal(err)
	}
	return c.ID
}

// apForm is a complete, valid editor form for a document of genre.
func (w *apWorld) apForm(title, genre string, column int64) url.Values {
	return url.Values{
		"title": {title}, "organ": {webtest.Itoa(w.dzb.ID)}, "written_on": {"2026-02-27"}, "theme": {"02.01"}, "genre": {genre},
		"keywords": {"测试"}, "summary": {"概述"}, "body": {"<p>第一段</p><p>第二段</p>"}, "attribute": {"active"},
		"column": {webtest.Itoa(column)},
	}
}

var apDocURL = regexp.MustCompile(`^/admin/documents/([0-9]+)`)

// apCreate creates a document through the form and returns its id.
func (w *apWorld) apCreate(t *testing.T, c *webtest.Client, form url.Values) int64 {
	t.Helper()
	c.Get("/admin/documents/new")
	r := c.Post("/admin/documents/new", form)
	m := apDocURL.FindStringSubmatch(r.Header.Get("Location"))
	if r.Status != http.StatusSeeOther || m == nil {
		t.Fatalf("create %q: %d %s\n%s", form.Get("title"), r.Status, r.Header.Get("Location"), webtest.Alert(r.Body))
	}
	id, _ := strconv.ParseInt(m[1], 10, 64)
	return id
}

func (w *apWorld) apVersion(t *testing.T, id int64) string {
	t.Helper()
	d, err := w.e.St.Document(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	return webtest.Itoa(d.Version)
}

// apAct posts a workflow form of the document page with the current version.
func (w *apWorld) apAct(t *testing.T, c *webtest.Client, id int64, action string, form url.Values) webtest.Response {
	t.Helper()
	c.Get("/admin/documents/" + webtest.Itoa(id))
	if form == nil {
		form = url.Values{}
	}
	if form.Get("version") == "" {
		form.Set("version", w.apVersion(t, id))
	}
	return c.Post("/admin/documents/"+webtest.Itoa(id)+"/"+action, form)
}

func (w *apWorld) apMust(t *testing.T, r webtest.Response, what string) {
	t.Helper()
	if r.Status != http.StatusSeeOther {
		t.Fatalf("%s: %d\n%s", what, r.Status, webtest.Alert(r.Body))
	}
}

// apUpload posts a multipart form with one file, with the CSRF token of
// the last page seen.
func apUpload(c *webtest.Client, path string, fields url.Values, name string, data []byte) webtest.Response {
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	_ = mw.WriteField("csrf", c.CSRF)
	for k, vs := range fields {
		for _, v := range vs {
			_ = mw.WriteField(k, v)
		}
	}
	if name != "" {
		fw, _ := mw.CreateFormFile("file", name)
		_, _ = fw.Write(data)
	}
	_ = mw.Close()
	req, _ := http.NewRequest("POST", c.E.TS.URL+path, &buf)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	return c.Do(req)
}

func apPDF(size int) []byte {
	b := make([]byte, size)
	copy(b, "%PDF-1.7\n")
	for i := 9; i < size; i++ {
		b[i] = 'x'
	}
	return b
}

func apState(t *testing.T, e *webtest.Env, id int64) (*publish.Document, *publish.Revision) {
	t.Helper()
	d, err := e.St.Document(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	revID := d.OpenRev
	if revID == 0 {
		revID = d.PublishedRev
	}
	r, err := e.St.Revision(ctx, revID)
	if err != nil {
		t.Fatal(err)
	}
	return d, r
}

// testAPWorkflow: draft → edit → attachments → 三同步 refusal → the
// interpretation → both submitted → both approved → both published.
func testAPWorkflow(t *testing.T, e *webtest.Env) {
	w := apSetup(t, e)
	ed := w.editor
	if r := ed.Get("/admin/documents/new"); r.Status != 200 || !strings.Contains(r.Body, "<optgroup label=\"综合政务\">") ||
		!strings.Contains(r.Body, `value="`+webtest.Itoa(w.dzb.ID)+`" selected`) {
		t.Fatalf("editor form: %d; themes grouped and the editor's department preselected expected", r.Status)
	}
	form := w.apForm("关于加强政务公开工作的若干规定", publish.GenreNormative, w.policyCol)
	form.Set("doc_number", "嘉菊规〔2026〕1号")
	policy := w.apCreate(t, ed, form)

	// Edit: the form shows the stored content, a save changes it.
	r := ed.Get("/admin/documents/" + webtest.Itoa(policy) + "/edit")
	if r.Status != 200 || !strings.Contains(r.Body, `value="嘉菊规〔2026〕1号"`) || !strings.Contains(r.Body, `enctype="multipart/form-data"`) {
		t.Fatalf("edit page: %d", r.Status)
	}
	form.Set("summary", "修改后的概述")
	form.Set("version", w.apVersion(t, policy))
	w.apMust(t, ed.Post("/admin/documents/"+webtest.Itoa(policy)+"/edit", form), "save draft")
	if _, rv := apState(t, e, policy); rv.Content.Summary != "修改后的概述" {
		t.Fatalf("summary not saved: %q", rv.Content.Summary)
	}

	// Attachments: a PDF is taken, an executable renamed .pdf is refused.
	ed.Get("/admin/documents/" + webtest.Itoa(policy) + "/edit")
	r = apUpload(ed, "/admin/documents/"+webtest.Itoa(policy)+"/attachments", url.Values{"version": {w.apVersion(t, policy)}}, "附件一.pdf", apPDF(2048))
	w.apMust(t, r, "attach pdf")
	r = ed.Get("/admin/documents/" + webtest.Itoa(policy) + "/edit")
	if !strings.Contains(r.Body, "附件一.pdf") || !strings.Contains(r.Body, "application/pdf") {
		t.Fatal("attachment not listed on the edit page")
	}
	exe := append([]byte("MZ\x90\x00\x03\x00\x00\x00"), make([]byte, 512)...)
	r = apUpload(ed, "/admin/documents/"+webtest.Itoa(policy)+"/attachments", url.Values{"version": {w.apVersion(t, policy)}}, "通知.pdf", exe)
	if r.Status != http.StatusBadRequest || !strings.Contains(r.Body, "附件内容与其扩展名不符") || !strings.Contains(r.Body, `role="alert"`) {
		t.Fatalf("renamed executable: %d %s", r.Status, webtest.Alert(r.Body))
	}
	r = apUpload(ed, "/admin/documents/"+webtest.Itoa(policy)+"/attachments", url.Values{"version": {w.apVersion(t, policy)}}, "", nil)
	if r.Status != http.StatusBadRequest || !strings.Contains(r.Body, "请选择要上传的附件文件") {
		t.Fatalf("upload without a file: %d %s", r.Status, webtest.Alert(r.Body))
	}

	// 三同步: a normative document cannot go to review without its interpretation.
	r = w.apAct(t, ed, policy, "submit", nil)
	if r.Status != http.StatusConflict || !strings.Contains(r.Body, "三同步") || !strings.Contains(r.Body, `role="alert"`) {
		t.Fatalf("submit without interpretation: %d %s", r.Status, webtest.Alert(r.Body))
	}
	// The interpretation: the form offers the policy with its state.
	if r := ed.Get("/admin/documents/new"); !strings.Contains(r.Body, "关于加强政务公开工作的若干规定（草稿）") {
		t.Fatal("the policy is not offered for interpretation")
	}
	iform := w.apForm("《关于加强政务公开工作的若干规定》政策解读", publish.GenreInterpretation, w.interpCol)
	iform.Set("interprets", webtest.Itoa(policy))
	iform.Set("interpret_form", "qa")
	interp := w.apCreate(t, ed, iform)
	w.apMust(t, w.apAct(t, ed, interp, "submit", nil), "submit interpretation")
	e.Clock.Advance(time.Minute)
	w.apMust(t, w.apAct(t, ed, policy, "submit", nil), "submit policy")

	// The reviewer's inbox lists both, oldest submission first.
	r = w.rev.Get("/admin/review")
	i1, i2 := strings.Index(r.Body, "政策解读</a>"), strings.Index(r.Body, "若干规定</a>")
	if r.Status != 200 || i1 < 0 || i2 < 0 || i1 > i2 {
		t.Fatalf("inbox: %d, interpretation at %d, policy at %d", r.Status, i1, i2)
	}
	// The editor cannot review; the reviewer sees the buttons.
	if r := ed.Get("/admin/documents/" + webtest.Itoa(policy)); strings.Contains(r.Body, "审核通过") || !strings.Contains(r.Body, "待审核") {
		t.Fatal("editor sees review buttons, or the state is not shown")
	}
	if r := w.rev.Get("/admin/documents/" + webtest.Itoa(policy)); !strings.Contains(r.Body, `name="approve" value="1"`) {
		t.Fatal("reviewer sees no review buttons")
	}
	// Approving the policy alone keeps it back (三同步) …
	r = w.apAct(t, w.rev, policy, "review", url.Values{"approve": {"1"}})
	w.apMust(t, r, "approve policy")
	if d, rv := apState(t, e, policy); d.PublishedRev != 0 || rv.State != publish.Approved {
		t.Fatalf("policy published before its interpretation: %+v %s", d, rv.State)
	}
	if r := w.rev.Get(r.Header.Get("Location")); !strings.Contains(r.Body, "三同步") {
		t.Error("the flash does not explain why the approved policy waits")
	}
	// … approving the interpretation publishes both.
	w.apMust(t, w.apAct(t, w.rev, interp, "review", url.Values{"approve": {"1"}}), "approve interpretation")
	for _, id := range []int64{policy, interp} {
		d, rv := apState(t, e, id)
		if d.IndexNumber == "" || rv.State != publish.Published || !strings.HasPrefix(d.IndexNumber, "MB2F1203-3/2026-") {
			t.Fatalf("document %d not published with an index number: %q %s", id, d.IndexNumber, rv.State)
		}
		r := ed.Get("/admin/documents/" + webtest.Itoa(id))
		if !strings.Contains(r.Body, d.IndexNumber) || !strings.Contains(r.Body, `href="/docs/`+url.PathEscape(d.IndexNumber)+`"`) || !strings.Contains(r.Body, "已发布") {
			t.Fatalf("detail of %d does not show the index number and the public link", id)
		}
	}
	// The list shows the states and filters by them.
	if r := ed.Get("/admin/documents?state=published"); !strings.Contains(r.Body, "若干规定") || !strings.Contains(r.Body, "已发布") {
		t.Fatal("published filter")
	}
	if r := ed.Get("/admin/documents?state=draft"); strings.Contains(r.Body, "若干规定") {
		t.Fatal("draft filter lists a published document")
	}
	if r := ed.Get("/admin/documents?state=nonsense"); r.Status != 400 {
		t.Fatalf("unknown state filter: %d", r.Status)
	}
}

// testAPOwnDraftAndConflict: an author holding both roles cannot approve
// their own draft; concurrent edits are detected and the input kept.
func testAPOwnDraftAndConflict(t *testing.T, e *webtest.Env) {
	w := apSetup(t, e)
	both := &auth.User{Username: "both", Name: "兼职人员", DeptID: w.dzb.ID, Roles: []auth.Role{auth.Editor, auth.Reviewer}}
	if err := e.St.CreateDemoUser(ctx, both, demo.Password); err != nil {
		t.Fatal(err)
	}
	bc := e.Login("both")
	id := w.apCreate(t, bc, w.apForm("本人起草的通知", "tongzhi", w.policyCol))
	w.apMust(t, w.apAct(t, bc, id, "submit", nil), "submit")
	r := bc.Get("/admin/documents/" + webtest.Itoa(id))
	if strings.Contains(r.Body, `name="approve"`) || !strings.Contains(r.Body, "本人起草") {
		t.Fatal("the author is offered to approve their own draft")
	}
	if r := bc.Get("/admin/review"); !strings.Contains(r.Body, "本人起草，须由他人审核") {
		t.Fatal("the inbox does not mark the author's own draft")
	}
	r = w.apAct(t, bc, id, "review", url.Values{"approve": {"1"}})
	if r.Status != http.StatusForbidden || !strings.Contains(r.Body, "不能审核自己起草的文件") {
		t.Fatalf("own approval: %d %s", r.Status, webtest.Alert(r.Body))
	}
	// Returning needs a note; with one it goes back to the author.
	r = w.apAct(t, w.rev, id, "review", url.Values{"approve": {"0"}})
	if r.Status != http.StatusBadRequest || !strings.Contains(r.Body, "退回时请填写退回意见") {
		t.Fatalf("return without note: %d %s", r.Status, webtest.Alert(r.Body))
	}
	w.apMust(t, w.apAct(t, w.rev, id, "review", url.Values{"approve": {"0"}, "note": {"请补充实施日期"}}), "return")
	if r := bc.Get("/admin/documents/" + webtest.Itoa(id)); !strings.Contains(r.Body, "已退回") || !strings.Contains(r.Body, "请补充实施日期") {
		t.Fatal("returned state or note not shown")
	}

	// Two editors open the same draft; the second save loses nothing.
	doc := w.apCreate(t, w.editor, w.apForm("并发编辑的文件", "tongzhi", w.policyCol))
	other := e.Login("editor")
	w.editor.Get("/admin/documents/" + webtest.Itoa(doc) + "/edit")
	seen := w.apVersion(t, doc)
	f1 := w.apForm("第一位的标题", "tongzhi", w.policyCol)
	f1.Set("version", seen)
	w.apMust(t, other.Post("/admin/documents/"+webtest.Itoa(doc)+"/edit", f1), "first save")
	f2 := w.apForm("第二位的标题", "tongzhi", w.policyCol)
	f2.Set("version", seen)
	r = w.editor.Post("/admin/documents/"+webtest.Itoa(doc)+"/edit", f2)
	if r.Status != http.StatusConflict || !strings.Contains(r.Body, "该文件已被他人修改") || !strings.Contains(r.Body, `value="第二位的标题"`) {
		t.Fatalf("stale save: %d %s", r.Status, webtest.Alert(r.Body))
	}
	if _, rv := apState(t, e, doc); rv.Content.Title != "第一位的标题" {
		t.Fatalf("a stale save overwrote: %q", rv.Content.Title)
	}
}

// apPublish takes a plain notice through the forms and returns its id and
// index number.
func (w *apWorld) apPublish(t *testing.T, title string) (int64, string) {
	t.Helper()
	id := w.apCreate(t, w.editor, w.apForm(title, "tongzhi", w.policyCol))
	w.apMust(t, w.apAct(t, w.editor, id, "submit", nil), "submit "+title)
	w.apMust(t, w.apAct(t, w.rev, id, "review", url.Values{"approve": {"1"}}), "approve "+title)
	d, _ := apState(t, w.e, id)
	if d.IndexNumber == "" {
		t.Fatalf("%s not published", title)
	}
	return id, d.IndexNumber
}

// testAPReviseDiffWithdrawValidity: a revision with its change note, the
// history and the diff; withdrawal as 被替代; validity 废止.
func testAPReviseDiffWithdrawValidity(t *testing.T, e *webtest.Env) {
	w := apSetup(t, e)
	id, _ := w.apPublish(t, "关于开展政务开放月活动的通知")
	r := w.apAct(t, w.editor, id, "revise", nil)
	if r.Status != http.StatusSeeOther || !strings.HasSuffix(r.Header.Get("Location"), "/edit") {
		t.Fatalf("revise: %d %s", r.Status, webtest.Alert(r.Body))
	}
	r = w.editor.Get(r.Header.Get("Location"))
	if !strings.Contains(r.Body, `name="change_note"`) || !strings.Contains(r.Body, "修订说明") {
		t.Fatal("the revision form has no change note")
	}
	form := w.apForm("关于开展2026年政务开放月活动的通知", "tongzhi", w.policyCol)
	form.Set("body", "<p>第一段</p><p>第二段（已修改）</p>")
	form.Set("version", w.apVersion(t, id))
	w.apMust(t, w.editor.Post("/admin/documents/"+webtest.Itoa(id)+"/edit", form), "save revision")
	// Submitting a revision without a change note is refused with the store's message.
	r = w.apAct(t, w.editor, id, "submit", nil)
	if r.Status != http.StatusBadRequest || !strings.Contains(r.Body, "请填写修订说明") {
		t.Fatalf("submit without change note: %d %s", r.Status, webtest.Alert(r.Body))
	}
	form.Set("change_note", "标题补充年份，正文第二段修改")
	form.Set("version", w.apVersion(t, id))
	w.apMust(t, w.editor.Post("/admin/documents/"+webtest.Itoa(id)+"/edit", form), "save change note")
	// While the revision is open the public still sees version 1.
	if r := w.editor.Get("/admin/documents/" + webtest.Itoa(id)); !strings.Contains(r.Body, "公众仍看到第 1 版") {
		t.Error("the page does not say the public still sees version 1")
	}
	w.apMust(t, w.apAct(t, w.editor, id, "submit", nil), "submit revision")
	w.apMust(t, w.apAct(t, w.rev, id, "review", url.Values{"approve": {"1"}}), "approve revision")

	r = w.editor.Get("/admin/documents/" + webtest.Itoa(id))
	if !strings.Contains(r.Body, "全部版本（2 个）") || !strings.Contains(r.Body, "标题补充年份") || !strings.Contains(r.Body, "历史版本") {
		t.Fatalf("history: %s", webtest.Alert(r.Body))
	}
	r = w.editor.Get("/admin/documents/" + webtest.Itoa(id) + "/revisions/1")
	if r.Status != 200 || !strings.Contains(r.Body, "关于开展政务开放月活动的通知") {
		t.Fatalf("revision 1: %d", r.Status)
	}
	r = w.editor.Get("/admin/documents/" + webtest.Itoa(id) + "/revisions/2/diff")
	if r.Status != 200 ||
		!strings.Contains(r.Body, "<del><span class=\"ap-mark\">［删除］</span>标题：关于开展政务开放月活动的通知</del>") ||
		!strings.Contains(r.Body, "<ins><span class=\"ap-mark\">［新增］</span>标题：关于开展2026年政务开放月活动的通知</ins>") ||
		!strings.Contains(r.Body, "［新增］</span>第二段（已修改）") || !strings.Contains(r.Body, "［删除］</span>第二段</del>") ||
		strings.Contains(r.Body, "［删除］</span>第一段") {
		t.Fatalf("diff: %d\n%s", r.Status, r.Body)
	}
	if r := w.editor.Get("/admin/documents/" + webtest.Itoa(id) + "/revisions/9"); r.Status != 404 {
		t.Fatalf("missing revision: %d", r.Status)
	}

	// Withdrawal as 被替代 names the replacement by its index number.
	repl, replIndex := w.apPublish(t, "关于开展政务开放月活动的补充通知")
	r = w.apAct(t, w.rev, id, "withdraw", url.Values{"reason": {"replaced"}, "replaced_by": {"00000000-0/2026-99999999"}})
	if r.Status != http.StatusBadRequest || !strings.Contains(r.Body, "不是一份已发布的文件") {
		t.Fatalf("unknown replacement: %d %s", r.Status, webtest.Alert(r.Body))
	}
	if r := w.editor.Get("/admin/documents/" + webtest.Itoa(id)); strings.Contains(r.Body, `action="/admin/documents/`+webtest.Itoa(id)+`/withdraw"`) {
		t.Error("an editor is offered to withdraw")
	}
	w.apMust(t, w.apAct(t, w.rev, id, "withdraw", url.Values{"reason": {"replaced"}, "replaced_by": {replIndex}, "note": {"已被补充通知替代"}}), "withdraw")
	if d, _ := apState(t, e, id); d.Withdrawn != publish.WithdrawReplaced || d.ReplacedBy != repl {
		t.Fatalf("withdrawal not stored: %+v", d)
	}
	if r := w.editor.Get("/admin/documents/" + webtest.Itoa(id)); !strings.Contains(r.Body, "已撤回（被替代）") || !strings.Contains(r.Body, "补充通知</a>") {
		t.Fatal("withdrawal not shown")
	}

	// Validity 废止, linked to the document that repealed it (never itself).
	if r := w.apAct(t, w.rev, repl, "validity", url.Values{"validity": {"repealed"}, "on": {"2026-03-01"}, "link": {replIndex}}); r.Status != 400 {
		t.Fatalf("repealed by itself: %d", r.Status)
	}
	repealer, repealerIndex := w.apPublish(t, "关于废止政务开放月补充通知的决定")
	w.apMust(t, w.apAct(t, w.rev, repl, "validity", url.Values{"validity": {"repealed"}, "on": {"2026-03-01"}, "link": {repealerIndex}}), "validity")
	if d, _ := apState(t, e, repl); d.Validity != publish.Repealed || d.ValidityOn.String() != "2026-03-01" || d.ValidityLink != repealer {
		t.Fatalf("validity not stored: %+v", d)
	}
	if r := w.rev.Get("/admin/documents/" + webtest.Itoa(repl)); !strings.Contains(r.Body, "废止（2026-03-01）") {
		t.Fatal("validity not shown")
	}
	r = w.apAct(t, w.rev, repl, "validity", url.Values{"validity": {"expired"}, "on": {"2026-02-30"}})
	if r.Status != http.StatusBadRequest || !strings.Contains(r.Body, "不是有效日期") {
		t.Fatalf("bad validity date: %d %s", r.Status, webtest.Alert(r.Body))
	}
}

// apCatalogForm is a catalog item as the supervisor's form sends it.
func apCatalogForm(code, level1 string, dept int64) url.Values {
	return url.Values{"code": {code}, "area": {"财政预决算"}, "level1": {level1}, "level2": {"部门预算"},
		"content": {"部门预算报表及说明"}, "basis": {"《中华人民共和国预算法》"}, "time_limit": {"批复后20日内"},
		"subject": {"菊园新区管委会"}, "channel": {"政府网站", "公开查阅点"}, "audience": {"all"}, "mode": {"active"},
		"level": {"township"}, "dept_id": {webtest.Itoa(dept)}}
}

// testAPCatalog: create items, export CSV/JSON/XLSX, and the XLSX round
// trip into a fresh store.
func testAPCatalog(t *testing.T, e *webtest.Env) {
	w := apSetup(t, e)
	w.sup.Get("/admin/catalog/new")
	items := []url.Values{apCatalogForm("czyjs-01", "预算", w.dzb.ID), apCatalogForm("czyjs-02", "决算", 0)}
	items[1].Set("audience", "specific")
	items[1].Set("mode", "on_request")
	items[1].Set("level", "village")
	items[1]["channel"] = []string{"社区/企事业单位/村公示栏（电子屏）", "政府网站", "12345热线"}
	items[1].Set("basis", "=HYPERLINK(\"http://evil\")")
	for _, f := range items {
		w.apMust(t, w.sup.Post("/admin/catalog", f), "create catalog item")
	}
	// A second item with an existing code is refused, not overwritten.
	if r := w.sup.Post("/admin/catalog", apCatalogForm("czyjs-01", "重复", 0)); r.Status != http.StatusConflict || !strings.Contains(r.Body, "已被使用") {
		t.Fatalf("duplicate code: %d", r.Status)
	}
	// Edit.
	edit := apCatalogForm("ignored", "预算（修改）", w.dzb.ID)
	w.sup.Get("/admin/catalog/items/czyjs-01")
	w.apMust(t, w.sup.Post("/admin/catalog/items/czyjs-01", edit), "edit catalog item")
	if it, _ := e.St.CatalogItem(ctx, "czyjs-01"); it.Level1 != "预算（修改）" {
		t.Fatalf("edit not saved: %+v", it)
	}

	r := w.sup.Get("/admin/catalog.csv")
	if r.Status != 200 || !strings.HasPrefix(r.Body, "\ufeff编码,领域,一级事项") || !strings.Contains(r.Header.Get("Content-Disposition"), "attachment") ||
		!strings.Contains(r.Body, "政府网站、公开查阅点") || !strings.Contains(r.Body, "'=HYPERLINK") || !strings.Contains(r.Body, "jy-dzb") {
		t.Fatalf("csv: %d %q", r.Status, r.Body)
	}
	r = w.sup.Get("/admin/catalog.json")
	var js struct {
		Items []map[string]any `json:"items"`
	}
	if err := json.Unmarshal([]byte(r.Body), &js); err != nil || len(js.Items) != 2 || js.Items[0]["dept"] != "jy-dzb" {
		t.Fatalf("json: %v %s", err, r.Body)
	}
	r = w.sup.Get("/admin/catalog.xlsx")
	if r.Status != 200 || !strings.Contains(r.Header.Get("Content-Type"), "spreadsheetml") {
		t.Fatalf("xlsx: %d %s", r.Status, r.Header.Get("Content-Type"))
	}
	xlsx := []byte(r.Body)
	f, err := excelize.OpenReader(bytes.NewReader(xlsx))
	if err != nil {
		t.Fatal(err)
	}
	rows, err := f.GetRows("标准目录")
	if err != nil || len(rows) != 3 || strings.Join(rows[0], "|") != "编码|领域|一级事项|二级事项|公开内容（要素）|公开依据|公开时限|公开主体|公开渠道和载体|公开对象|公开方式|公开层级|责任部门" ||
		rows[2][9] != "特定群体" || rows[2][10] != "依申请" || rows[2][11] != "村级" {
		t.Fatalf("xlsx rows: %v %v", err, rows)
	}
	if r := w.editor.Get("/admin/catalog.xlsx"); r.Status != http.StatusForbidden {
		t.Fatalf("editor exported the catalog: %d", r.Status)
	}

	// Round trip: import the exported workbook into a fresh store.
	e2 := webtest.New(t, e.St.Dialect())
	sup2 := e2.Login("supervisor")
	sup2.Get("/admin/catalog")
	w.apMust(t, apUpload(sup2, "/admin/catalog/import", nil, "标准目录.xlsx", xlsx), "import")
	apSameCatalog(t, e, e2)
	// Importing it again updates in place.
	sup2.Get("/admin/catalog")
	w.apMust(t, apUpload(sup2, "/admin/catalog/import", nil, "标准目录.xlsx", xlsx), "second import")
	apSameCatalog(t, e, e2)

	// A bad row is named, and nothing of the file is applied.
	bad := excelize.NewFile()
	_ = bad.SetSheetName("Sheet1", "标准目录")
	for i, row := range rows {
		cells := make([]any, len(row))
		for j, c := range row {
			cells[j] = c
		}
		_ = bad.SetSheetRow("标准目录", "A"+webtest.Itoa(int64(i+1)), &cells)
	}
	_ = bad.SetSheetRow("标准目录", "A4", &[]any{"new-item", "领域", "一级", "", "内容", "", "", "", "政府网站", "全社会", "随便", "乡级", ""})
	var buf bytes.Buffer
	_ = bad.Write(&buf)
	e3 := webtest.New(t, e.St.Dialect())
	sup3 := e3.Login("supervisor")
	sup3.Get("/admin/catalog")
	r = apUpload(sup3, "/admin/catalog/import", nil, "bad.xlsx", buf.Bytes())
	if r.Status != http.StatusBadRequest || !strings.Contains(r.Body, "第 4 行") || !strings.Contains(r.Body, "公开方式") {
		t.Fatalf("bad row: %d %s", r.Status, webtest.Alert(r.Body))
	}
	if got, _ := e3.St.CatalogItems(ctx); len(got) != 0 {
		t.Fatalf("a failed import applied %d rows", len(got))
	}
	sup3.Get("/admin/catalog")
	if r := apUpload(sup3, "/admin/catalog/import", nil, "x.xlsx", []byte("not a workbook")); r.Status != 400 || !strings.Contains(r.Body, "无法读取该文件") {
		t.Fatalf("garbage upload: %d %s", r.Status, webtest.Alert(r.Body))
	}
}

// apSameCatalog compares two stores' catalogs field by field (departments
// by code, since ids are the stores' own).
func apSameCatalog(t *testing.T, a, b *webtest.Env) {
	t.Helper()
	deptCode := func(e *webtest.Env, id int64) string {
		if id == 0 {
			return ""
		}
		d, err := e.St.Department(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		return d.Code
	}
	x, _ := a.St.CatalogItems(ctx)
	y, _ := b.St.CatalogItems(ctx)
	if len(x) != len(y) {
		t.Fatalf("catalog sizes %d and %d", len(x), len(y))
	}
	for i := range x {
		p, q := *x[i], *y[i]
		if deptCode(a, p.DeptID) != deptCode(b, q.DeptID) {
			t.Errorf("item %s: department %d vs %d", p.Code, p.DeptID, q.DeptID)
		}
		p.ID, q.ID, p.DeptID, q.DeptID, p.Position, q.Position = 0, 0, 0, 0, 0, 0
		pj, _ := json.Marshal(p)
		qj, _ := json.Marshal(q)
		if string(pj) != string(qj) {
			t.Errorf("item %d differs after the round trip:\n%s\n%s", i, pj, qj)
		}
	}
}

// testAPRegistries: columns with their staleness, points and their key,
// taxonomy, the guide pages and the publishing overview.
func testAPRegistries(t *testing.T, e *webtest.Env) {
	w := apSetup(t, e)
	// A news column with no publication is overdue; policy columns too (no
	// item ever), until a document is published in them.
	w.apMust(t, w.sup.Post("/admin/columns", url.Values{"code": {"zwdt"}, "name": {"政务动态"}, "kind": {"news"}, "dept_id": {webtest.Itoa(w.dzb.ID)}}), "news column")
	r := w.sup.Get("/admin/columns")
	if r.Status != 200 || !strings.Contains(r.Body, "政务动态") || !strings.Contains(r.Body, "动态、要闻（2 周内更新）") || !strings.Contains(r.Body, "过期") {
		t.Fatalf("columns page: %d", r.Status)
	}
	w.apPublish(t, "新区召开工作会议")
	rows := apColumnRows(w.sup.Get("/admin/columns").Body)
	if !strings.Contains(rows["政策文件"], "正常") || !strings.Contains(rows["政策文件"], "2026-03-02") || !strings.Contains(rows["政务动态"], "过期") {
		t.Fatalf("freshness: %v", rows)
	}
	// Edit a column: rename, move under another.
	zwdt := apColumnID(t, e, "zwdt")
	w.sup.Get("/admin/columns/" + webtest.Itoa(zwdt))
	w.apMust(t, w.sup.Post("/admin/columns/"+webtest.Itoa(zwdt), url.Values{"name": {"工作动态"}, "kind": {"news"}, "parent_id": {webtest.Itoa(w.policyCol)}, "dept_id": {webtest.Itoa(w.dzb.ID)}}), "edit column")
	if c, _ := e.St.ColumnByCode(ctx, "zwdt"); c.Name != "工作动态" || c.ParentID != w.policyCol {
		t.Fatalf("column edit: %+v", c)
	}
	if r := w.sup.Post("/admin/columns/"+webtest.Itoa(w.policyCol), url.Values{"name": {"政策文件"}, "kind": {"policy"}, "parent_id": {webtest.Itoa(zwdt)}}); r.Status != 400 || !strings.Contains(r.Body, "上级栏目不能是本栏目或其下级栏目") {
		t.Fatalf("column cycle: %d %s", r.Status, webtest.Alert(r.Body))
	}

	// The overview: the news column is stale; a catalog item has no document.
	w.sup.Get("/admin/catalog/new")
	w.apMust(t, w.sup.Post("/admin/catalog", apCatalogForm("ghjh-01", "规划计划", w.dzb.ID)), "catalog item")
	for _, c := range []*webtest.Client{w.sup, w.editor, w.rev} {
		r := c.Get("/admin/publishing")
		if r.Status != 200 || !strings.Contains(r.Body, "工作动态") || !strings.Contains(r.Body, "ghjh-01") {
			t.Fatalf("overview: %d\n%s", r.Status, webtest.Alert(r.Body))
		}
	}
	if r := w.editor.Get("/admin/publishing"); !strings.Contains(r.Body, "本部门草稿") {
		t.Error("the editor's overview has no task counts")
	}
	if r := w.editor.Get("/admin/"); !strings.Contains(r.Body, `href="/admin/publishing"`) || !strings.Contains(r.Body, `href="/admin/documents/new"`) {
		t.Error("dashboard has no publishing tasks")
	}

	// Points: the key is shown once, on the answer itself.
	w.sup.Get("/admin/points")
	r = w.sup.Post("/admin/points", url.Values{"code": {"jy-sqfw-cyd"}, "name": {"社区事务受理服务中心查阅点"}, "address": {"菊园新区某路1号"}, "dept_id": {webtest.Itoa(w.dzb.ID)}})
	m := regexp.MustCompile(`/points/jy-sqfw-cyd\?key=([A-Za-z0-9_%-]+)`).FindStringSubmatch(r.Body)
	if r.Status != http.StatusCreated || m == nil || !strings.Contains(r.Body, "只显示这一次") {
		t.Fatalf("point: %d %s", r.Status, webtest.Alert(r.Body))
	}
	key, _ := url.QueryUnescape(m[1])
	if p, _ := e.St.PointByCode(ctx, "jy-sqfw-cyd"); p == nil || p.KeyHash != auth.HashSecret(key) {
		t.Fatal("the key shown is not the point's key")
	}
	if r := w.sup.Get("/admin/points"); strings.Contains(r.Body, key) || !strings.Contains(r.Body, "社区事务受理服务中心查阅点") {
		t.Fatal("the list shows the key again, or not the point")
	}
	if r := w.sup.Post("/admin/points", url.Values{"code": {"jy-sqfw-cyd"}, "name": {"重复"}}); r.Status != http.StatusConflict || !strings.Contains(r.Body, "已被使用") {
		t.Fatalf("duplicate point: %d", r.Status)
	}

	// Taxonomy: add, rename and retire a genre; a new second-level theme.
	w.sup.Get("/admin/taxonomy")
	w.apMust(t, w.sup.Post("/admin/taxonomy/genres", url.Values{"code": {"huiyi"}, "name": {"会议纪要"}}), "add genre")
	w.apMust(t, w.sup.Post("/admin/taxonomy/genres", url.Values{"code": {"huiyi"}, "name": {"会议"}, "active": {"0"}}), "retire genre")
	w.apMust(t, w.sup.Post("/admin/taxonomy/themes", url.Values{"code": {"02.11"}, "name": {"营商环境"}}), "add theme")
	r = w.sup.Get("/admin/taxonomy")
	if !strings.Contains(r.Body, "营商环境") || !strings.Contains(r.Body, "已停用") {
		t.Fatal("taxonomy changes not shown")
	}
	if r := w.editor.Get("/admin/documents/new"); strings.Contains(r.Body, `value="huiyi"`) || !strings.Contains(r.Body, `value="02.11"`) {
		t.Fatal("the editor form offers a retired genre or lacks the new theme")
	}
	if r := w.sup.Post("/admin/taxonomy/themes", url.Values{"code": {"88.01"}, "name": {"无上级"}}); r.Status/100 != 4 || !strings.Contains(r.Body, "上级主题分类") {
		t.Fatalf("theme without parent: %d %s", r.Status, webtest.Alert(r.Body))
	}
	if ev, _ := e.St.AuditEvents(ctx, store.AuditFilter{Action: "genre.", Limit: 10}); len(ev) != 2 {
		t.Fatalf("taxonomy changes audited: %d events", len(ev))
	}

	// Guide page: sanitised body, revision date defaults to today.
	r = w.sup.Get("/admin/pages/guide")
	if r.Status != 200 || !strings.Contains(r.Body, `value="2026-03-02"`) || !strings.Contains(r.Body, "政府信息公开指南") {
		t.Fatalf("guide page: %d", r.Status)
	}
	w.apMust(t, w.sup.Post("/admin/pages/guide", url.Values{"title": {"菊园新区政府信息公开指南"}, "body": {"<h2>一、公开主体</h2><script>alert(1)</script><p>正文</p>"}, "revised_on": {""}}), "save guide")
	p, err := e.St.PageBySlug(ctx, "guide")
	if err != nil || p.RevisedOn != "2026-03-02" || strings.Contains(p.Body, "script") || !strings.Contains(p.Body, "<h2>一、公开主体</h2>") {
		t.Fatalf("guide stored: %v %+v", err, p)
	}
	if r := w.sup.Post("/admin/pages/system", url.Values{"title": {"制度"}, "body": {"<p>x</p>"}, "revised_on": {"2026-13-01"}}); r.Status != 400 || !strings.Contains(r.Body, "修订日期") {
		t.Fatalf("bad revision date: %d", r.Status)
	}
	if r := w.sup.Get("/admin/pages/other"); r.Status != 404 {
		t.Fatalf("unknown page: %d", r.Status)
	}
}

var apRowRe = regexp.MustCompile(`(?s)<tr>\s*<th scope="row">[^<]*<a href="/admin/columns/[0-9]+">([^<]+)</a></th>(.*?)</tr>`)

// apColumnRows maps column names to their row's HTML on the columns page.
func apColumnRows(body string) map[string]string {
	out := map[string]string{}
	for _, m := range apRowRe.FindAllStringSubmatch(body, -1) {
		out[m[1]] = m[2]
	}
	return out
}

// testAPBadInput: bad dates, unknown references, missing title, script in
// the title — 4xx pages with Chinese messages and the input kept.
func testAPBadInput(t *testing.T, e *webtest.Env) {
	w := apSetup(t, e)
	cases := []struct {
		name   string
		change map[string]string
		status int
		want   string
	}{
		{"bad written date", map[string]string{"written_on": "2026-02-30"}, 400, "“成文日期”不是有效日期"},
		{"bad effective date", map[string]string{"effective_on": "明天"}, 400, "“实施日期”不是有效日期"},
		{"effective before written", map[string]string{"effective_on": "2026-01-01"}, 400, "实施日期不能早于成文日期"},
		{"unknown theme", map[string]string{"theme": "99.99"}, 400, "主题分类“99.99”不存在"},
		{"unknown genre", map[string]string{"genre": "nope"}, 400, "体裁“nope”不存在"},
		{"missing title", map[string]string{"title": " "}, 400, "标题不能为空"},
		{"bad doc number", map[string]string{"doc_number": "2026年3号"}, 400, "发文字号格式"},
		{"no attribute", map[string]string{"attribute": ""}, 400, "请选择公开属性"},
		{"withheld without reason", map[string]string{"attribute": "withheld"}, 400, "法定理由"},
		{"unknown column", map[string]string{"column": "999999"}, 400, "所选栏目不存在"},
		{"interpretation without policy", map[string]string{"genre": "jiedu"}, 400, "解读必须关联"},
	}
	w.editor.Get("/admin/documents/new")
	for _, tc := range cases {
		f := w.apForm("保留我输入的标题", "tongzhi", w.policyCol)
		for k, v := range tc.change {
			f.Set(k, v)
		}
		r := w.editor.Post("/admin/documents/new", f)
		if r.Status != tc.status || !strings.Contains(r.Body, tc.want) || !strings.Contains(r.Body, `role="alert"`) || !webtest.HanRe.MatchString(webtest.Alert(r.Body)) {
			t.Errorf("%s: %d, want %d saying %q; got %s", tc.name, r.Status, tc.status, tc.want, webtest.Alert(r.Body))
			continue
		}
		if tc.name != "missing title" && !strings.Contains(r.Body, `value="保留我输入的标题"`) {
			t.Errorf("%s: the title typed was not kept", tc.name)
		}
	}
	// Script in a title is stored as text and shown escaped.
	id := w.apCreate(t, w.editor, w.apForm("<script>alert(1)</script>标题", "tongzhi", w.policyCol))
	for _, p := range []string{"/admin/documents/" + webtest.Itoa(id), "/admin/documents", "/admin/documents/" + webtest.Itoa(id) + "/edit", "/admin/documents/" + webtest.Itoa(id) + "/revisions/1/diff"} {
		r := w.editor.Get(p)
		if strings.Contains(r.Body, "<script>alert(1)</script>") || !strings.Contains(r.Body, "&lt;script&gt;alert(1)&lt;/script&gt;标题") {
			t.Errorf("%s: title not escaped", p)
		}
	}
	// The body keeps its structure and loses scripts.
	f := w.apForm("正文清理", "tongzhi", w.policyCol)
	f.Set("body", `<p class="MsoNormal" style="font-family:宋体" onclick="x()">段落<script>alert(2)</script></p>`)
	clean := w.apCreate(t, w.editor, f)
	if _, rv := apState(t, e, clean); rv.Content.Body != "<p>段落</p>" {
		t.Errorf("body not sanitised: %q", rv.Content.Body)
	}
	// Workflow forms.
	w.apMust(t, w.apAct(t, w.editor, id, "submit", nil), "submit")
	for _, tc := range []struct {
		form url.Values
		want string
	}{
		{url.Values{}, "请选择“审核通过”或“退回”"},
		{url.Values{"approve": {"1"}, "publish_at": {"下周一"}}, "定时发布时间格式"},
		{url.Values{"approve": {"1"}, "publish_at": {"2026-03-01 09:00"}}, "应晚于当前时间"},
	} {
		r := w.apAct(t, w.rev, id, "review", tc.form)
		if r.Status != 400 || !strings.Contains(r.Body, tc.want) {
			t.Errorf("review %v: %d %s", tc.form, r.Status, webtest.Alert(r.Body))
		}
	}
	if r := w.apAct(t, w.rev, id, "review", url.Values{"approve": {"1"}, "version": {"1"}}); r.Status != http.StatusConflict || !strings.Contains(r.Body, "该文件已被他人修改") {
		t.Errorf("stale review: %d %s", r.Status, webtest.Alert(r.Body))
	}
	// Scheduled publication: approved now, published at the time set.
	w.apMust(t, w.apAct(t, w.rev, id, "review", url.Values{"approve": {"1"}, "publish_at": {"2026-03-05 09:00"}}), "schedule")
	if _, rv := apState(t, e, id); rv.State != publish.Scheduled || !rv.PublishAt.Equal(time.Date(2026, 3, 5, 1, 0, 0, 0, time.UTC)) {
		t.Fatalf("schedule: %s %v", rv.State, rv.PublishAt)
	}
	// Unknown and foreign documents are not found; editing a scheduled one conflicts.
	if r := w.editor.Get("/admin/documents/999999"); r.Status != 404 {
		t.Errorf("unknown document: %d", r.Status)
	}
	if r := w.editor.Get("/admin/documents/" + webtest.Itoa(id) + "/edit"); r.Status != http.StatusConflict || !strings.Contains(r.Body, "不能再修改") {
		t.Errorf("edit a scheduled document: %d", r.Status)
	}
	outsiderDept, _ := e.St.DepartmentByCode(ctx, "jy-jjfz")
	outsider := &auth.User{Username: "outsider", Name: "外部门信息员", DeptID: outsiderDept.ID, Roles: []auth.Role{auth.Editor}}
	if err := e.St.CreateDemoUser(ctx, outsider, demo.Password); err != nil {
		t.Fatal(err)
	}
	oc := e.Login("outsider")
	if r := oc.Get("/admin/documents/" + webtest.Itoa(clean)); r.Status != 404 {
		t.Errorf("another department's draft: %d", r.Status)
	}
	if r := oc.Get("/admin/documents"); strings.Contains(r.Body, "正文清理") {
		t.Error("another department's draft listed")
	}
	// Catalog and column forms.
	w.sup.Get("/admin/catalog/new")
	if r := w.sup.Post("/admin/catalog", url.Values{"code": {"x-1"}, "audience": {"all"}, "mode": {"active"}, "level": {"township"}}); r.Status != 400 || !strings.Contains(r.Body, "一级事项") {
		t.Errorf("incomplete catalog item: %d", r.Status)
	}
	if r := w.sup.Post("/admin/catalog", url.Values{"code": {"Bad Code"}, "level1": {"x"}, "content": {"y"}}); r.Status != 400 || !strings.Contains(r.Body, "目录编码") || !strings.Contains(r.Body, `value="x"`) {
		t.Errorf("bad catalog code: %d", r.Status)
	}
	if r := w.sup.Post("/admin/columns", url.Values{"code": {"zcwj"}, "name": {"重复"}, "kind": {"news"}}); r.Status != http.StatusConflict || !strings.Contains(r.Body, "已被使用") || !strings.Contains(r.Body, `value="重复"`) {
		t.Errorf("duplicate column: %d", r.Status)
	}
	if r := w.sup.Get("/admin/catalog/items/none"); r.Status != 404 {
		t.Errorf("unknown catalog item: %d", r.Status)
	}
}

// testAPLargeUpload: a 15 MB attachment goes through the multipart form
// (the CSRF token is read from the multipart body by the session
// middleware), and one over 20 MB is refused with a Chinese message.
func testAPLargeUpload(t *testing.T, e *webtest.Env) {
	w := apSetup(t, e)
	id := w.apCreate(t, w.editor, w.apForm("附有大附件的文件", "tongzhi", w.policyCol))
	w.editor.Get("/admin/documents/" + webtest.Itoa(id) + "/edit")
	r := apUpload(w.editor, "/admin/documents/"+webtest.Itoa(id)+"/attachments", url.Values{"version": {w.apVersion(t, id)}}, "扫描件.pdf", apPDF(15<<20))
	w.apMust(t, r, "15 MB upload")
	d, _ := e.St.Document(ctx, id)
	atts, _ := e.St.RevisionAttachments(ctx, d.OpenRev)
	if len(atts) != 1 || atts[0].Size != 15<<20 {
		t.Fatalf("15 MB attachment not stored: %+v", atts)
	}
	w.editor.Get("/admin/documents/" + webtest.Itoa(id) + "/edit")
	r = apUpload(w.editor, "/admin/documents/"+webtest.Itoa(id)+"/attachments", url.Values{"version": {w.apVersion(t, id)}}, "过大.pdf", apPDF(publish.MaxAttachment+1))
	if r.Status != http.StatusRequestEntityTooLarge || !strings.Contains(r.Body, "附件不能超过 20 MB") {
		t.Fatalf("over 20 MB: %d %s", r.Status, webtest.Alert(r.Body))
	}
	// A forged token is refused before anything is stored.
	w.editor.CSRF = "forged"
	if r := apUpload(w.editor, "/admin/documents/"+webtest.Itoa(id)+"/attachments", url.Values{"version": {w.apVersion(t, id)}}, "a.pdf", apPDF(100)); r.Status != http.StatusForbidden {
		t.Fatalf("forged token on upload: %d", r.Status)
	}
}

// apVisitPages renders every back-office page of active disclosure for
// testEveryPageRenders.
func apVisitPages(t *testing.T, e *webtest.Env, check func(c *webtest.Client, path string, want int, template string), rendered map[string]bool) {
	w := apSetup(t, e)
	id, _ := w.apPublish(t, "页面检查用的通知")
	draft := w.apCreate(t, w.editor, w.apForm("页面检查用的草稿", "tongzhi", w.policyCol))
	check(w.editor, "/admin/documents", 200, "admin_documents")
	check(w.editor, "/admin/documents/new", 200, "admin_document_form")
	check(w.editor, "/admin/documents/"+webtest.Itoa(draft)+"/edit", 200, "admin_document_form")
	check(w.editor, "/admin/documents/"+webtest.Itoa(id), 200, "admin_document")
	check(w.editor, "/admin/documents/"+webtest.Itoa(id)+"/revisions/1", 200, "admin_revision")
	check(w.editor, "/admin/documents/"+webtest.Itoa(id)+"/revisions/1/diff", 200, "admin_diff")
	check(w.editor, "/admin/publishing", 200, "admin_publishing")
	check(w.rev, "/admin/review", 200, "admin_review")
	check(w.sup, "/admin/columns", 200, "admin_columns")
	check(w.sup, "/admin/columns/new", 200, "admin_column")
	check(w.sup, "/admin/columns/"+webtest.Itoa(w.policyCol), 200, "admin_column")
	check(w.sup, "/admin/catalog", 200, "admin_catalog")
	check(w.sup, "/admin/catalog/new", 200, "admin_catalog_item")
	check(w.sup, "/admin/taxonomy", 200, "admin_taxonomy")
	check(w.sup, "/admin/points", 200, "admin_points")
	check(w.sup, "/admin/pages/guide", 200, "admin_page")
	check(w.sup, "/admin/pages/system", 200, "admin_page")
	r := w.sup.Post("/admin/points", url.Values{"code": {"kiosk-1"}, "name": {"电子信息屏"}})
	if r.Status != http.StatusCreated || !strings.Contains(r.Body, `<html lang="zh-CN"`) || !strings.Contains(r.Body, "设备密钥") {
		t.Fatalf("point key page: %d", r.Status)
	}
	rendered["admin_point_key"] = true
}

// TestAdminPublishBrowser audits the back-office pages of active
// disclosure with axe-core in a real browser, for each role that uses them,
// in the normal and the 长辈版 mode.
func TestAdminPublishBrowser(t *testing.T) {
	e := webtest.BrowserServer(t)
	dzb, err := e.St.DepartmentByCode(ctx, "jy-dzb")
	if err != nil {
		t.Fatal(err)
	}
	docs, err := e.St.StaffDocuments(ctx, store.StaffFilter{DeptID: dzb.ID, State: publish.Published})
	if err != nil || len(docs) == 0 {
		t.Fatalf("demo documents: %v", err)
	}
	doc := "/admin/documents/" + webtest.Itoa(docs[0].Doc.ID)
	roles := []struct {
		username string
		pages    []webtest.BrowserPage
	}{
		{"editor", []webtest.BrowserPage{
			{Name: "ap-documents", Path: "/admin/documents", Status: 200, Sel: `table tbody tr`},
			{Name: "ap-new", Path: "/admin/documents/new", Status: 200, Sel: `#f-title`, Shot: "web-admin-document-form"},
			{Name: "ap-document", Path: doc, Status: 200, Sel: `#h-history`, Shot: "web-admin-document"},
			{Name: "ap-revision", Path: doc + "/revisions/1", Status: 200, Sel: `.ap-meta`},
			{Name: "ap-diff", Path: doc + "/revisions/1/diff", Status: 200, Sel: `.ap-diff`},
			{Name: "ap-publishing", Path: "/admin/publishing", Status: 200, Sel: `#h-stale`},
		}},
		{"reviewer", []webtest.BrowserPage{
			{Name: "ap-review", Path: "/admin/review", Status: 200, Sel: `table`, Shot: "web-admin-review"},
		}},
		{"supervisor", []webtest.BrowserPage{
			{Name: "ap-columns", Path: "/admin/columns", Status: 200, Sel: `table tbody tr`},
			{Name: "ap-column-new", Path: "/admin/columns/new", Status: 200, Sel: `#c-code`},
			{Name: "ap-catalog", Path: "/admin/catalog", Status: 200, Sel: `#i-file`},
			{Name: "ap-catalog-new", Path: "/admin/catalog/new", Status: 200, Sel: `#k-code`},
			{Name: "ap-taxonomy", Path: "/admin/taxonomy", Status: 200, Sel: `#t-code`},
			{Name: "ap-points", Path: "/admin/points", Status: 200, Sel: `#p-code`},
			{Name: "ap-guide", Path: "/admin/pages/guide", Status: 200, Sel: `#g-body`},
		}},
	}
	for _, r := range roles {
		t.Run(r.username, func(t *testing.T) {
			t.Parallel()
			bctx := browsertest.Browser(t)
			webtest.BrowserLogin(t, bctx, e.Base, r.username)
			webtest.AuditBothModes(t, bctx, e.Base, r.pages)
		})
	}
}
