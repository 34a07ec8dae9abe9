package web_test

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
)

func init() { pageVisitors = append(pageVisitors, apVisitPages) }

// TestAdminPublish runs the back-office scenarios on every dialect.
func TestAdminPublish(t *testing.T) {
	tests := []struct {
		name string
		fn   func(t *testing.T, e *env)
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
					e := newEnv(t, d)
					tc.fn(t, e)
					if strings.Contains(e.logs.String(), "level=ERROR") {
						t.Errorf("a request failed with a server error:\n%s", e.logs.String())
					}
				})
			}
		})
	}
}

// apWorld is what the scenarios share: logged-in clients and two columns
// made through the supervisor's form.
type apWorld struct {
	e                    *env
	editor, rev, sup     *client
	dzb                  *auth.Department
	policyCol, interpCol int64
}

func apSetup(t *testing.T, e *env) *apWorld {
	t.Helper()
	w := &apWorld{e: e, editor: e.login("editor"), rev: e.login("reviewer"), sup: e.login("supervisor")}
	var err error
	if w.dzb, err = e.st.DepartmentByCode(ctx, "jy-dzb"); err != nil {
		t.Fatal(err)
	}
	w.sup.get("/admin/columns/new")
	for _, c := range []url.Values{
		{"code": {"zcwj"}, "name": {"政策文件"}, "kind": {"policy"}, "dept_id": {itoa(w.dzb.ID)}},
		{"code": {"zcjd"}, "name": {"政策解读"}, "kind": {"policy"}, "dept_id": {itoa(w.dzb.ID)}},
	} {
		if r := w.sup.post("/admin/columns", c); r.status != http.StatusSeeOther {
			t.Fatalf("create column %v: %d %s", c, r.status, r.body)
		}
	}
	w.policyCol = apColumnID(t, e, "zcwj")
	w.interpCol = apColumnID(t, e, "zcjd")
	return w
}

func apColumnID(t *testing.T, e *env, code string) int64 {
	t.Helper()
	c, err := e.st.ColumnByCode(ctx, code)
	if err != nil {
		t.Fatal(err)
	}
	return c.ID
}

// apForm is a complete, valid editor form for a document of genre.
func (w *apWorld) apForm(title, genre string, column int64) url.Values {
	return url.Values{
		"title": {title}, "organ": {itoa(w.dzb.ID)}, "written_on": {"2026-02-27"}, "theme": {"02.01"}, "genre": {genre},
		"keywords": {"测试"}, "summary": {"概述"}, "body": {"<p>第一段</p><p>第二段</p>"}, "attribute": {"active"},
		"column": {itoa(column)},
	}
}

var apDocURL = regexp.MustCompile(`^/admin/documents/([0-9]+)`)

// apCreate creates a document through the form and returns its id.
func (w *apWorld) apCreate(t *testing.T, c *client, form url.Values) int64 {
	t.Helper()
	c.get("/admin/documents/new")
	r := c.post("/admin/documents/new", form)
	m := apDocURL.FindStringSubmatch(r.header.Get("Location"))
	if r.status != http.StatusSeeOther || m == nil {
		t.Fatalf("create %q: %d %s\n%s", form.Get("title"), r.status, r.header.Get("Location"), apAlert(r.body))
	}
	id, _ := strconv.ParseInt(m[1], 10, 64)
	return id
}

func (w *apWorld) apVersion(t *testing.T, id int64) string {
	t.Helper()
	d, err := w.e.st.Document(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	return itoa(d.Version)
}

// apAct posts a workflow form of the document page with the current version.
func (w *apWorld) apAct(t *testing.T, c *client, id int64, action string, form url.Values) response {
	t.Helper()
	c.get("/admin/documents/" + itoa(id))
	if form == nil {
		form = url.Values{}
	}
	if form.Get("version") == "" {
		form.Set("version", w.apVersion(t, id))
	}
	return c.post("/admin/documents/"+itoa(id)+"/"+action, form)
}

func (w *apWorld) apMust(t *testing.T, r response, what string) {
	t.Helper()
	if r.status != http.StatusSeeOther {
		t.Fatalf("%s: %d\n%s", what, r.status, apAlert(r.body))
	}
}

var alertRe = regexp.MustCompile(`(?s)role="alert"[^>]*>(.*?)</`)

// apAlert returns the text of the page's alert, for failure messages.
func apAlert(body string) string {
	if m := alertRe.FindStringSubmatch(body); m != nil {
		return m[1]
	}
	if len(body) > 600 {
		return body[:600]
	}
	return body
}

// apUpload posts a multipart form with one file, with the CSRF token of
// the last page seen.
func apUpload(c *client, path string, fields url.Values, name string, data []byte) response {
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	_ = mw.WriteField("csrf", c.csrf)
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
	req, _ := http.NewRequest("POST", c.e.ts.URL+path, &buf)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	return c.do(req)
}

func apPDF(size int) []byte {
	b := make([]byte, size)
	copy(b, "%PDF-1.7\n")
	for i := 9; i < size; i++ {
		b[i] = 'x'
	}
	return b
}

func apState(t *testing.T, e *env, id int64) (*publish.Document, *publish.Revision) {
	t.Helper()
	d, err := e.st.Document(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	revID := d.OpenRev
	if revID == 0 {
		revID = d.PublishedRev
	}
	r, err := e.st.Revision(ctx, revID)
	if err != nil {
		t.Fatal(err)
	}
	return d, r
}

// testAPWorkflow: draft → edit → attachments → 三同步 refusal → the
// interpretation → both submitted → both approved → both published.
func testAPWorkflow(t *testing.T, e *env) {
	w := apSetup(t, e)
	ed := w.editor
	if r := ed.get("/admin/documents/new"); r.status != 200 || !strings.Contains(r.body, "<optgroup label=\"综合政务\">") ||
		!strings.Contains(r.body, `value="`+itoa(w.dzb.ID)+`" selected`) {
		t.Fatalf("editor form: %d; themes grouped and the editor's department preselected expected", r.status)
	}
	form := w.apForm("关于加强政务公开工作的若干规定", publish.GenreNormative, w.policyCol)
	form.Set("doc_number", "嘉菊规〔2026〕1号")
	policy := w.apCreate(t, ed, form)

	// Edit: the form shows the stored content, a save changes it.
	r := ed.get("/admin/documents/" + itoa(policy) + "/edit")
	if r.status != 200 || !strings.Contains(r.body, `value="嘉菊规〔2026〕1号"`) || !strings.Contains(r.body, `enctype="multipart/form-data"`) {
		t.Fatalf("edit page: %d", r.status)
	}
	form.Set("summary", "修改后的概述")
	form.Set("version", w.apVersion(t, policy))
	w.apMust(t, ed.post("/admin/documents/"+itoa(policy)+"/edit", form), "save draft")
	if _, rv := apState(t, e, policy); rv.Content.Summary != "修改后的概述" {
		t.Fatalf("summary not saved: %q", rv.Content.Summary)
	}

	// Attachments: a PDF is taken, an executable renamed .pdf is refused.
	ed.get("/admin/documents/" + itoa(policy) + "/edit")
	r = apUpload(ed, "/admin/documents/"+itoa(policy)+"/attachments", url.Values{"version": {w.apVersion(t, policy)}}, "附件一.pdf", apPDF(2048))
	w.apMust(t, r, "attach pdf")
	r = ed.get("/admin/documents/" + itoa(policy) + "/edit")
	if !strings.Contains(r.body, "附件一.pdf") || !strings.Contains(r.body, "application/pdf") {
		t.Fatal("attachment not listed on the edit page")
	}
	exe := append([]byte("MZ\x90\x00\x03\x00\x00\x00"), make([]byte, 512)...)
	r = apUpload(ed, "/admin/documents/"+itoa(policy)+"/attachments", url.Values{"version": {w.apVersion(t, policy)}}, "通知.pdf", exe)
	if r.status != http.StatusBadRequest || !strings.Contains(r.body, "附件内容与其扩展名不符") || !strings.Contains(r.body, `role="alert"`) {
		t.Fatalf("renamed executable: %d %s", r.status, apAlert(r.body))
	}
	r = apUpload(ed, "/admin/documents/"+itoa(policy)+"/attachments", url.Values{"version": {w.apVersion(t, policy)}}, "", nil)
	if r.status != http.StatusBadRequest || !strings.Contains(r.body, "请选择要上传的附件文件") {
		t.Fatalf("upload without a file: %d %s", r.status, apAlert(r.body))
	}

	// 三同步: a normative document cannot go to review without its interpretation.
	r = w.apAct(t, ed, policy, "submit", nil)
	if r.status != http.StatusConflict || !strings.Contains(r.body, "三同步") || !strings.Contains(r.body, `role="alert"`) {
		t.Fatalf("submit without interpretation: %d %s", r.status, apAlert(r.body))
	}
	// The interpretation: the form offers the policy with its state.
	if r := ed.get("/admin/documents/new"); !strings.Contains(r.body, "关于加强政务公开工作的若干规定（草稿）") {
		t.Fatal("the policy is not offered for interpretation")
	}
	iform := w.apForm("《关于加强政务公开工作的若干规定》政策解读", publish.GenreInterpretation, w.interpCol)
	iform.Set("interprets", itoa(policy))
	iform.Set("interpret_form", "qa")
	interp := w.apCreate(t, ed, iform)
	w.apMust(t, w.apAct(t, ed, interp, "submit", nil), "submit interpretation")
	e.clock.Advance(time.Minute)
	w.apMust(t, w.apAct(t, ed, policy, "submit", nil), "submit policy")

	// The reviewer's inbox lists both, oldest submission first.
	r = w.rev.get("/admin/review")
	i1, i2 := strings.Index(r.body, "政策解读</a>"), strings.Index(r.body, "若干规定</a>")
	if r.status != 200 || i1 < 0 || i2 < 0 || i1 > i2 {
		t.Fatalf("inbox: %d, interpretation at %d, policy at %d", r.status, i1, i2)
	}
	// The editor cannot review; the reviewer sees the buttons.
	if r := ed.get("/admin/documents/" + itoa(policy)); strings.Contains(r.body, "审核通过") || !strings.Contains(r.body, "待审核") {
		t.Fatal("editor sees review buttons, or the state is not shown")
	}
	if r := w.rev.get("/admin/documents/" + itoa(policy)); !strings.Contains(r.body, `name="approve" value="1"`) {
		t.Fatal("reviewer sees no review buttons")
	}
	// Approving the policy alone keeps it back (三同步) …
	r = w.apAct(t, w.rev, policy, "review", url.Values{"approve": {"1"}})
	w.apMust(t, r, "approve policy")
	if d, rv := apState(t, e, policy); d.PublishedRev != 0 || rv.State != publish.Approved {
		t.Fatalf("policy published before its interpretation: %+v %s", d, rv.State)
	}
	if r := w.rev.get(r.header.Get("Location")); !strings.Contains(r.body, "三同步") {
		t.Error("the flash does not explain why the approved policy waits")
	}
	// … approving the interpretation publishes both.
	w.apMust(t, w.apAct(t, w.rev, interp, "review", url.Values{"approve": {"1"}}), "approve interpretation")
	for _, id := range []int64{policy, interp} {
		d, rv := apState(t, e, id)
		if d.IndexNumber == "" || rv.State != publish.Published || !strings.HasPrefix(d.IndexNumber, "MB2F1203-3/2026-") {
			t.Fatalf("document %d not published with an index number: %q %s", id, d.IndexNumber, rv.State)
		}
		r := ed.get("/admin/documents/" + itoa(id))
		if !strings.Contains(r.body, d.IndexNumber) || !strings.Contains(r.body, `href="/docs/`+url.PathEscape(d.IndexNumber)+`"`) || !strings.Contains(r.body, "已发布") {
			t.Fatalf("detail of %d does not show the index number and the public link", id)
		}
	}
	// The list shows the states and filters by them.
	if r := ed.get("/admin/documents?state=published"); !strings.Contains(r.body, "若干规定") || !strings.Contains(r.body, "已发布") {
		t.Fatal("published filter")
	}
	if r := ed.get("/admin/documents?state=draft"); strings.Contains(r.body, "若干规定") {
		t.Fatal("draft filter lists a published document")
	}
	if r := ed.get("/admin/documents?state=nonsense"); r.status != 400 {
		t.Fatalf("unknown state filter: %d", r.status)
	}
}

// testAPOwnDraftAndConflict: an author holding both roles cannot approve
// their own draft; concurrent edits are detected and the input kept.
func testAPOwnDraftAndConflict(t *testing.T, e *env) {
	w := apSetup(t, e)
	both := &auth.User{Username: "both", Name: "兼职人员", DeptID: w.dzb.ID, Roles: []auth.Role{auth.Editor, auth.Reviewer}}
	if err := e.st.CreateUser(ctx, "test", both, demo.Password); err != nil {
		t.Fatal(err)
	}
	bc := e.login("both")
	id := w.apCreate(t, bc, w.apForm("本人起草的通知", "tongzhi", w.policyCol))
	w.apMust(t, w.apAct(t, bc, id, "submit", nil), "submit")
	r := bc.get("/admin/documents/" + itoa(id))
	if strings.Contains(r.body, `name="approve"`) || !strings.Contains(r.body, "本人起草") {
		t.Fatal("the author is offered to approve their own draft")
	}
	if r := bc.get("/admin/review"); !strings.Contains(r.body, "本人起草，须由他人审核") {
		t.Fatal("the inbox does not mark the author's own draft")
	}
	r = w.apAct(t, bc, id, "review", url.Values{"approve": {"1"}})
	if r.status != http.StatusForbidden || !strings.Contains(r.body, "不能审核自己起草的文件") {
		t.Fatalf("own approval: %d %s", r.status, apAlert(r.body))
	}
	// Returning needs a note; with one it goes back to the author.
	r = w.apAct(t, w.rev, id, "review", url.Values{"approve": {"0"}})
	if r.status != http.StatusBadRequest || !strings.Contains(r.body, "退回时请填写退回意见") {
		t.Fatalf("return without note: %d %s", r.status, apAlert(r.body))
	}
	w.apMust(t, w.apAct(t, w.rev, id, "review", url.Values{"approve": {"0"}, "note": {"请补充实施日期"}}), "return")
	if r := bc.get("/admin/documents/" + itoa(id)); !strings.Contains(r.body, "已退回") || !strings.Contains(r.body, "请补充实施日期") {
		t.Fatal("returned state or note not shown")
	}

	// Two editors open the same draft; the second save loses nothing.
	doc := w.apCreate(t, w.editor, w.apForm("并发编辑的文件", "tongzhi", w.policyCol))
	other := e.login("editor")
	w.editor.get("/admin/documents/" + itoa(doc) + "/edit")
	seen := w.apVersion(t, doc)
	f1 := w.apForm("第一位的标题", "tongzhi", w.policyCol)
	f1.Set("version", seen)
	w.apMust(t, other.post("/admin/documents/"+itoa(doc)+"/edit", f1), "first save")
	f2 := w.apForm("第二位的标题", "tongzhi", w.policyCol)
	f2.Set("version", seen)
	r = w.editor.post("/admin/documents/"+itoa(doc)+"/edit", f2)
	if r.status != http.StatusConflict || !strings.Contains(r.body, "该文件已被他人修改") || !strings.Contains(r.body, `value="第二位的标题"`) {
		t.Fatalf("stale save: %d %s", r.status, apAlert(r.body))
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
func testAPReviseDiffWithdrawValidity(t *testing.T, e *env) {
	w := apSetup(t, e)
	id, _ := w.apPublish(t, "关于开展政务开放月活动的通知")
	r := w.apAct(t, w.editor, id, "revise", nil)
	if r.status != http.StatusSeeOther || !strings.HasSuffix(r.header.Get("Location"), "/edit") {
		t.Fatalf("revise: %d %s", r.status, apAlert(r.body))
	}
	r = w.editor.get(r.header.Get("Location"))
	if !strings.Contains(r.body, `name="change_note"`) || !strings.Contains(r.body, "修订说明") {
		t.Fatal("the revision form has no change note")
	}
	form := w.apForm("关于开展2026年政务开放月活动的通知", "tongzhi", w.policyCol)
	form.Set("body", "<p>第一段</p><p>第二段（已修改）</p>")
	form.Set("version", w.apVersion(t, id))
	w.apMust(t, w.editor.post("/admin/documents/"+itoa(id)+"/edit", form), "save revision")
	// Submitting a revision without a change note is refused with the store's message.
	r = w.apAct(t, w.editor, id, "submit", nil)
	if r.status != http.StatusBadRequest || !strings.Contains(r.body, "请填写修订说明") {
		t.Fatalf("submit without change note: %d %s", r.status, apAlert(r.body))
	}
	form.Set("change_note", "标题补充年份，正文第二段修改")
	form.Set("version", w.apVersion(t, id))
	w.apMust(t, w.editor.post("/admin/documents/"+itoa(id)+"/edit", form), "save change note")
	// While the revision is open the public still sees version 1.
	if r := w.editor.get("/admin/documents/" + itoa(id)); !strings.Contains(r.body, "公众仍看到第 1 版") {
		t.Error("the page does not say the public still sees version 1")
	}
	w.apMust(t, w.apAct(t, w.editor, id, "submit", nil), "submit revision")
	w.apMust(t, w.apAct(t, w.rev, id, "review", url.Values{"approve": {"1"}}), "approve revision")

	r = w.editor.get("/admin/documents/" + itoa(id))
	if !strings.Contains(r.body, "全部版本（2 个）") || !strings.Contains(r.body, "标题补充年份") || !strings.Contains(r.body, "历史版本") {
		t.Fatalf("history: %s", apAlert(r.body))
	}
	r = w.editor.get("/admin/documents/" + itoa(id) + "/revisions/1")
	if r.status != 200 || !strings.Contains(r.body, "关于开展政务开放月活动的通知") {
		t.Fatalf("revision 1: %d", r.status)
	}
	r = w.editor.get("/admin/documents/" + itoa(id) + "/revisions/2/diff")
	if r.status != 200 ||
		!strings.Contains(r.body, "<del><span class=\"ap-mark\">［删除］</span>标题：关于开展政务开放月活动的通知</del>") ||
		!strings.Contains(r.body, "<ins><span class=\"ap-mark\">［新增］</span>标题：关于开展2026年政务开放月活动的通知</ins>") ||
		!strings.Contains(r.body, "［新增］</span>第二段（已修改）") || !strings.Contains(r.body, "［删除］</span>第二段</del>") ||
		strings.Contains(r.body, "［删除］</span>第一段") {
		t.Fatalf("diff: %d\n%s", r.status, r.body)
	}
	if r := w.editor.get("/admin/documents/" + itoa(id) + "/revisions/9"); r.status != 404 {
		t.Fatalf("missing revision: %d", r.status)
	}

	// Withdrawal as 被替代 names the replacement by its index number.
	repl, replIndex := w.apPublish(t, "关于开展政务开放月活动的补充通知")
	r = w.apAct(t, w.rev, id, "withdraw", url.Values{"reason": {"replaced"}, "replaced_by": {"00000000-0/2026-99999999"}})
	if r.status != http.StatusBadRequest || !strings.Contains(r.body, "不是一份已发布的文件") {
		t.Fatalf("unknown replacement: %d %s", r.status, apAlert(r.body))
	}
	if r := w.editor.get("/admin/documents/" + itoa(id)); strings.Contains(r.body, `action="/admin/documents/`+itoa(id)+`/withdraw"`) {
		t.Error("an editor is offered to withdraw")
	}
	w.apMust(t, w.apAct(t, w.rev, id, "withdraw", url.Values{"reason": {"replaced"}, "replaced_by": {replIndex}, "note": {"已被补充通知替代"}}), "withdraw")
	if d, _ := apState(t, e, id); d.Withdrawn != publish.WithdrawReplaced || d.ReplacedBy != repl {
		t.Fatalf("withdrawal not stored: %+v", d)
	}
	if r := w.editor.get("/admin/documents/" + itoa(id)); !strings.Contains(r.body, "已撤回（被替代）") || !strings.Contains(r.body, "补充通知</a>") {
		t.Fatal("withdrawal not shown")
	}

	// Validity 废止, linked to the document that repealed it (never itself).
	if r := w.apAct(t, w.rev, repl, "validity", url.Values{"validity": {"repealed"}, "on": {"2026-03-01"}, "link": {replIndex}}); r.status != 400 {
		t.Fatalf("repealed by itself: %d", r.status)
	}
	repealer, repealerIndex := w.apPublish(t, "关于废止政务开放月补充通知的决定")
	w.apMust(t, w.apAct(t, w.rev, repl, "validity", url.Values{"validity": {"repealed"}, "on": {"2026-03-01"}, "link": {repealerIndex}}), "validity")
	if d, _ := apState(t, e, repl); d.Validity != publish.Repealed || d.ValidityOn.String() != "2026-03-01" || d.ValidityLink != repealer {
		t.Fatalf("validity not stored: %+v", d)
	}
	if r := w.rev.get("/admin/documents/" + itoa(repl)); !strings.Contains(r.body, "废止（2026-03-01）") {
		t.Fatal("validity not shown")
	}
	r = w.apAct(t, w.rev, repl, "validity", url.Values{"validity": {"expired"}, "on": {"2026-02-30"}})
	if r.status != http.StatusBadRequest || !strings.Contains(r.body, "不是有效日期") {
		t.Fatalf("bad validity date: %d %s", r.status, apAlert(r.body))
	}
}

// apCatalogForm is a catalog item as the supervisor's form sends it.
func apCatalogForm(code, level1 string, dept int64) url.Values {
	return url.Values{"code": {code}, "area": {"财政预决算"}, "level1": {level1}, "level2": {"部门预算"},
		"content": {"部门预算报表及说明"}, "basis": {"《中华人民共和国预算法》"}, "time_limit": {"批复后20日内"},
		"subject": {"菊园新区管委会"}, "channel": {"政府网站", "公开查阅点"}, "audience": {"all"}, "mode": {"active"},
		"level": {"township"}, "dept_id": {itoa(dept)}}
}

// testAPCatalog: create items, export CSV/JSON/XLSX, and the XLSX round
// trip into a fresh store.
func testAPCatalog(t *testing.T, e *env) {
	w := apSetup(t, e)
	w.sup.get("/admin/catalog/new")
	items := []url.Values{apCatalogForm("czyjs-01", "预算", w.dzb.ID), apCatalogForm("czyjs-02", "决算", 0)}
	items[1].Set("audience", "specific")
	items[1].Set("mode", "on_request")
	items[1].Set("level", "village")
	items[1]["channel"] = []string{"社区/企事业单位/村公示栏（电子屏）", "政府网站", "12345热线"}
	items[1].Set("basis", "=HYPERLINK(\"http://evil\")")
	for _, f := range items {
		w.apMust(t, w.sup.post("/admin/catalog", f), "create catalog item")
	}
	// A second item with an existing code is refused, not overwritten.
	if r := w.sup.post("/admin/catalog", apCatalogForm("czyjs-01", "重复", 0)); r.status != http.StatusConflict || !strings.Contains(r.body, "已被使用") {
		t.Fatalf("duplicate code: %d", r.status)
	}
	// Edit.
	edit := apCatalogForm("ignored", "预算（修改）", w.dzb.ID)
	w.sup.get("/admin/catalog/items/czyjs-01")
	w.apMust(t, w.sup.post("/admin/catalog/items/czyjs-01", edit), "edit catalog item")
	if it, _ := e.st.CatalogItem(ctx, "czyjs-01"); it.Level1 != "预算（修改）" {
		t.Fatalf("edit not saved: %+v", it)
	}

	r := w.sup.get("/admin/catalog.csv")
	if r.status != 200 || !strings.HasPrefix(r.body, "\ufeff编码,领域,一级事项") || !strings.Contains(r.header.Get("Content-Disposition"), "attachment") ||
		!strings.Contains(r.body, "政府网站、公开查阅点") || !strings.Contains(r.body, "'=HYPERLINK") || !strings.Contains(r.body, "jy-dzb") {
		t.Fatalf("csv: %d %q", r.status, r.body)
	}
	r = w.sup.get("/admin/catalog.json")
	var js struct {
		Items []map[string]any `json:"items"`
	}
	if err := json.Unmarshal([]byte(r.body), &js); err != nil || len(js.Items) != 2 || js.Items[0]["dept"] != "jy-dzb" {
		t.Fatalf("json: %v %s", err, r.body)
	}
	r = w.sup.get("/admin/catalog.xlsx")
	if r.status != 200 || !strings.Contains(r.header.Get("Content-Type"), "spreadsheetml") {
		t.Fatalf("xlsx: %d %s", r.status, r.header.Get("Content-Type"))
	}
	xlsx := []byte(r.body)
	f, err := excelize.OpenReader(bytes.NewReader(xlsx))
	if err != nil {
		t.Fatal(err)
	}
	rows, err := f.GetRows("标准目录")
	if err != nil || len(rows) != 3 || strings.Join(rows[0], "|") != "编码|领域|一级事项|二级事项|公开内容（要素）|公开依据|公开时限|公开主体|公开渠道和载体|公开对象|公开方式|公开层级|责任部门" ||
		rows[2][9] != "特定群体" || rows[2][10] != "依申请" || rows[2][11] != "村级" {
		t.Fatalf("xlsx rows: %v %v", err, rows)
	}
	if r := w.editor.get("/admin/catalog.xlsx"); r.status != http.StatusForbidden {
		t.Fatalf("editor exported the catalog: %d", r.status)
	}

	// Round trip: import the exported workbook into a fresh store.
	e2 := newEnv(t, e.st.Dialect())
	sup2 := e2.login("supervisor")
	sup2.get("/admin/catalog")
	w.apMust(t, apUpload(sup2, "/admin/catalog/import", nil, "标准目录.xlsx", xlsx), "import")
	apSameCatalog(t, e, e2)
	// Importing it again updates in place.
	sup2.get("/admin/catalog")
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
		_ = bad.SetSheetRow("标准目录", "A"+itoa(int64(i+1)), &cells)
	}
	_ = bad.SetSheetRow("标准目录", "A4", &[]any{"new-item", "领域", "一级", "", "内容", "", "", "", "政府网站", "全社会", "随便", "乡级", ""})
	var buf bytes.Buffer
	_ = bad.Write(&buf)
	e3 := newEnv(t, e.st.Dialect())
	sup3 := e3.login("supervisor")
	sup3.get("/admin/catalog")
	r = apUpload(sup3, "/admin/catalog/import", nil, "bad.xlsx", buf.Bytes())
	if r.status != http.StatusBadRequest || !strings.Contains(r.body, "第 4 行") || !strings.Contains(r.body, "公开方式") {
		t.Fatalf("bad row: %d %s", r.status, apAlert(r.body))
	}
	if got, _ := e3.st.CatalogItems(ctx); len(got) != 0 {
		t.Fatalf("a failed import applied %d rows", len(got))
	}
	sup3.get("/admin/catalog")
	if r := apUpload(sup3, "/admin/catalog/import", nil, "x.xlsx", []byte("not a workbook")); r.status != 400 || !strings.Contains(r.body, "无法读取该文件") {
		t.Fatalf("garbage upload: %d %s", r.status, apAlert(r.body))
	}
}

// apSameCatalog compares two stores' catalogs field by field (departments
// by code, since ids are the stores' own).
func apSameCatalog(t *testing.T, a, b *env) {
	t.Helper()
	deptCode := func(e *env, id int64) string {
		if id == 0 {
			return ""
		}
		d, err := e.st.Department(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		return d.Code
	}
	x, _ := a.st.CatalogItems(ctx)
	y, _ := b.st.CatalogItems(ctx)
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
func testAPRegistries(t *testing.T, e *env) {
	w := apSetup(t, e)
	// A news column with no publication is overdue; policy columns too (no
	// item ever), until a document is published in them.
	w.apMust(t, w.sup.post("/admin/columns", url.Values{"code": {"zwdt"}, "name": {"政务动态"}, "kind": {"news"}, "dept_id": {itoa(w.dzb.ID)}}), "news column")
	r := w.sup.get("/admin/columns")
	if r.status != 200 || !strings.Contains(r.body, "政务动态") || !strings.Contains(r.body, "动态、要闻（2 周内更新）") || !strings.Contains(r.body, "过期") {
		t.Fatalf("columns page: %d", r.status)
	}
	w.apPublish(t, "新区召开工作会议")
	rows := apColumnRows(w.sup.get("/admin/columns").body)
	if !strings.Contains(rows["政策文件"], "正常") || !strings.Contains(rows["政策文件"], "2026-03-02") || !strings.Contains(rows["政务动态"], "过期") {
		t.Fatalf("freshness: %v", rows)
	}
	// Edit a column: rename, move under another.
	zwdt := apColumnID(t, e, "zwdt")
	w.sup.get("/admin/columns/" + itoa(zwdt))
	w.apMust(t, w.sup.post("/admin/columns/"+itoa(zwdt), url.Values{"name": {"工作动态"}, "kind": {"news"}, "parent_id": {itoa(w.policyCol)}, "dept_id": {itoa(w.dzb.ID)}}), "edit column")
	if c, _ := e.st.ColumnByCode(ctx, "zwdt"); c.Name != "工作动态" || c.ParentID != w.policyCol {
		t.Fatalf("column edit: %+v", c)
	}
	if r := w.sup.post("/admin/columns/"+itoa(w.policyCol), url.Values{"name": {"政策文件"}, "kind": {"policy"}, "parent_id": {itoa(zwdt)}}); r.status != 400 || !strings.Contains(r.body, "上级栏目不能是本栏目或其下级栏目") {
		t.Fatalf("column cycle: %d %s", r.status, apAlert(r.body))
	}

	// The overview: the news column is stale; a catalog item has no document.
	w.sup.get("/admin/catalog/new")
	w.apMust(t, w.sup.post("/admin/catalog", apCatalogForm("ghjh-01", "规划计划", w.dzb.ID)), "catalog item")
	for _, c := range []*client{w.sup, w.editor, w.rev} {
		r := c.get("/admin/publishing")
		if r.status != 200 || !strings.Contains(r.body, "工作动态") || !strings.Contains(r.body, "ghjh-01") {
			t.Fatalf("overview: %d\n%s", r.status, apAlert(r.body))
		}
	}
	if r := w.editor.get("/admin/publishing"); !strings.Contains(r.body, "本部门草稿") {
		t.Error("the editor's overview has no task counts")
	}
	if r := w.editor.get("/admin/"); !strings.Contains(r.body, `href="/admin/publishing"`) || !strings.Contains(r.body, `href="/admin/documents/new"`) {
		t.Error("dashboard has no publishing tasks")
	}

	// Points: the key is shown once, on the answer itself.
	w.sup.get("/admin/points")
	r = w.sup.post("/admin/points", url.Values{"code": {"jy-sqfw-cyd"}, "name": {"社区事务受理服务中心查阅点"}, "address": {"菊园新区某路1号"}, "dept_id": {itoa(w.dzb.ID)}})
	m := regexp.MustCompile(`/points/jy-sqfw-cyd\?key=([A-Za-z0-9_%-]+)`).FindStringSubmatch(r.body)
	if r.status != http.StatusCreated || m == nil || !strings.Contains(r.body, "只显示这一次") {
		t.Fatalf("point: %d %s", r.status, apAlert(r.body))
	}
	key, _ := url.QueryUnescape(m[1])
	if p, _ := e.st.PointByCode(ctx, "jy-sqfw-cyd"); p == nil || p.KeyHash != auth.HashSecret(key) {
		t.Fatal("the key shown is not the point's key")
	}
	if r := w.sup.get("/admin/points"); strings.Contains(r.body, key) || !strings.Contains(r.body, "社区事务受理服务中心查阅点") {
		t.Fatal("the list shows the key again, or not the point")
	}
	if r := w.sup.post("/admin/points", url.Values{"code": {"jy-sqfw-cyd"}, "name": {"重复"}}); r.status != http.StatusConflict || !strings.Contains(r.body, "已被使用") {
		t.Fatalf("duplicate point: %d", r.status)
	}

	// Taxonomy: add, rename and retire a genre; a new second-level theme.
	w.sup.get("/admin/taxonomy")
	w.apMust(t, w.sup.post("/admin/taxonomy/genres", url.Values{"code": {"huiyi"}, "name": {"会议纪要"}}), "add genre")
	w.apMust(t, w.sup.post("/admin/taxonomy/genres", url.Values{"code": {"huiyi"}, "name": {"会议"}, "active": {"0"}}), "retire genre")
	w.apMust(t, w.sup.post("/admin/taxonomy/themes", url.Values{"code": {"02.11"}, "name": {"营商环境"}}), "add theme")
	r = w.sup.get("/admin/taxonomy")
	if !strings.Contains(r.body, "营商环境") || !strings.Contains(r.body, "已停用") {
		t.Fatal("taxonomy changes not shown")
	}
	if r := w.editor.get("/admin/documents/new"); strings.Contains(r.body, `value="huiyi"`) || !strings.Contains(r.body, `value="02.11"`) {
		t.Fatal("the editor form offers a retired genre or lacks the new theme")
	}
	if r := w.sup.post("/admin/taxonomy/themes", url.Values{"code": {"88.01"}, "name": {"无上级"}}); r.status/100 != 4 || !strings.Contains(r.body, "上级主题分类") {
		t.Fatalf("theme without parent: %d %s", r.status, apAlert(r.body))
	}
	if ev, _ := e.st.AuditEvents(ctx, store.AuditFilter{Action: "genre.", Limit: 10}); len(ev) != 2 {
		t.Fatalf("taxonomy changes audited: %d events", len(ev))
	}

	// Guide page: sanitised body, revision date defaults to today.
	r = w.sup.get("/admin/pages/guide")
	if r.status != 200 || !strings.Contains(r.body, `value="2026-03-02"`) || !strings.Contains(r.body, "政府信息公开指南") {
		t.Fatalf("guide page: %d", r.status)
	}
	w.apMust(t, w.sup.post("/admin/pages/guide", url.Values{"title": {"菊园新区政府信息公开指南"}, "body": {"<h2>一、公开主体</h2><script>alert(1)</script><p>正文</p>"}, "revised_on": {""}}), "save guide")
	p, err := e.st.PageBySlug(ctx, "guide")
	if err != nil || p.RevisedOn != "2026-03-02" || strings.Contains(p.Body, "script") || !strings.Contains(p.Body, "<h2>一、公开主体</h2>") {
		t.Fatalf("guide stored: %v %+v", err, p)
	}
	if r := w.sup.post("/admin/pages/system", url.Values{"title": {"制度"}, "body": {"<p>x</p>"}, "revised_on": {"2026-13-01"}}); r.status != 400 || !strings.Contains(r.body, "修订日期") {
		t.Fatalf("bad revision date: %d", r.status)
	}
	if r := w.sup.get("/admin/pages/other"); r.status != 404 {
		t.Fatalf("unknown page: %d", r.status)
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
func testAPBadInput(t *testing.T, e *env) {
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
	w.editor.get("/admin/documents/new")
	for _, tc := range cases {
		f := w.apForm("保留我输入的标题", "tongzhi", w.policyCol)
		for k, v := range tc.change {
			f.Set(k, v)
		}
		r := w.editor.post("/admin/documents/new", f)
		if r.status != tc.status || !strings.Contains(r.body, tc.want) || !strings.Contains(r.body, `role="alert"`) || !hanRe.MatchString(apAlert(r.body)) {
			t.Errorf("%s: %d, want %d saying %q; got %s", tc.name, r.status, tc.status, tc.want, apAlert(r.body))
			continue
		}
		if tc.name != "missing title" && !strings.Contains(r.body, `value="保留我输入的标题"`) {
			t.Errorf("%s: the title typed was not kept", tc.name)
		}
	}
	// Script in a title is stored as text and shown escaped.
	id := w.apCreate(t, w.editor, w.apForm("<script>alert(1)</script>标题", "tongzhi", w.policyCol))
	for _, p := range []string{"/admin/documents/" + itoa(id), "/admin/documents", "/admin/documents/" + itoa(id) + "/edit", "/admin/documents/" + itoa(id) + "/revisions/1/diff"} {
		r := w.editor.get(p)
		if strings.Contains(r.body, "<script>alert(1)</script>") || !strings.Contains(r.body, "&lt;script&gt;alert(1)&lt;/script&gt;标题") {
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
		if r.status != 400 || !strings.Contains(r.body, tc.want) {
			t.Errorf("review %v: %d %s", tc.form, r.status, apAlert(r.body))
		}
	}
	if r := w.apAct(t, w.rev, id, "review", url.Values{"approve": {"1"}, "version": {"1"}}); r.status != http.StatusConflict || !strings.Contains(r.body, "该文件已被他人修改") {
		t.Errorf("stale review: %d %s", r.status, apAlert(r.body))
	}
	// Scheduled publication: approved now, published at the time set.
	w.apMust(t, w.apAct(t, w.rev, id, "review", url.Values{"approve": {"1"}, "publish_at": {"2026-03-05 09:00"}}), "schedule")
	if _, rv := apState(t, e, id); rv.State != publish.Scheduled || !rv.PublishAt.Equal(time.Date(2026, 3, 5, 1, 0, 0, 0, time.UTC)) {
		t.Fatalf("schedule: %s %v", rv.State, rv.PublishAt)
	}
	// Unknown and foreign documents are not found; editing a scheduled one conflicts.
	if r := w.editor.get("/admin/documents/999999"); r.status != 404 {
		t.Errorf("unknown document: %d", r.status)
	}
	if r := w.editor.get("/admin/documents/" + itoa(id) + "/edit"); r.status != http.StatusConflict || !strings.Contains(r.body, "不能再修改") {
		t.Errorf("edit a scheduled document: %d", r.status)
	}
	outsiderDept, _ := e.st.DepartmentByCode(ctx, "jy-jjfz")
	outsider := &auth.User{Username: "outsider", Name: "外部门信息员", DeptID: outsiderDept.ID, Roles: []auth.Role{auth.Editor}}
	if err := e.st.CreateUser(ctx, "test", outsider, demo.Password); err != nil {
		t.Fatal(err)
	}
	oc := e.login("outsider")
	if r := oc.get("/admin/documents/" + itoa(clean)); r.status != 404 {
		t.Errorf("another department's draft: %d", r.status)
	}
	if r := oc.get("/admin/documents"); strings.Contains(r.body, "正文清理") {
		t.Error("another department's draft listed")
	}
	// Catalog and column forms.
	w.sup.get("/admin/catalog/new")
	if r := w.sup.post("/admin/catalog", url.Values{"code": {"x-1"}, "audience": {"all"}, "mode": {"active"}, "level": {"township"}}); r.status != 400 || !strings.Contains(r.body, "一级事项") {
		t.Errorf("incomplete catalog item: %d", r.status)
	}
	if r := w.sup.post("/admin/catalog", url.Values{"code": {"Bad Code"}, "level1": {"x"}, "content": {"y"}}); r.status != 400 || !strings.Contains(r.body, "目录编码") || !strings.Contains(r.body, `value="x"`) {
		t.Errorf("bad catalog code: %d", r.status)
	}
	if r := w.sup.post("/admin/columns", url.Values{"code": {"zcwj"}, "name": {"重复"}, "kind": {"news"}}); r.status != http.StatusConflict || !strings.Contains(r.body, "已被使用") || !strings.Contains(r.body, `value="重复"`) {
		t.Errorf("duplicate column: %d", r.status)
	}
	if r := w.sup.get("/admin/catalog/items/none"); r.status != 404 {
		t.Errorf("unknown catalog item: %d", r.status)
	}
}

// testAPLargeUpload: a 15 MB attachment goes through the multipart form
// (the CSRF token is read from the multipart body by the session
// middleware), and one over 20 MB is refused with a Chinese message.
func testAPLargeUpload(t *testing.T, e *env) {
	w := apSetup(t, e)
	id := w.apCreate(t, w.editor, w.apForm("附有大附件的文件", "tongzhi", w.policyCol))
	w.editor.get("/admin/documents/" + itoa(id) + "/edit")
	r := apUpload(w.editor, "/admin/documents/"+itoa(id)+"/attachments", url.Values{"version": {w.apVersion(t, id)}}, "扫描件.pdf", apPDF(15<<20))
	w.apMust(t, r, "15 MB upload")
	d, _ := e.st.Document(ctx, id)
	atts, _ := e.st.RevisionAttachments(ctx, d.OpenRev)
	if len(atts) != 1 || atts[0].Size != 15<<20 {
		t.Fatalf("15 MB attachment not stored: %+v", atts)
	}
	w.editor.get("/admin/documents/" + itoa(id) + "/edit")
	r = apUpload(w.editor, "/admin/documents/"+itoa(id)+"/attachments", url.Values{"version": {w.apVersion(t, id)}}, "过大.pdf", apPDF(publish.MaxAttachment+1))
	if r.status != http.StatusRequestEntityTooLarge || !strings.Contains(r.body, "附件不能超过 20 MB") {
		t.Fatalf("over 20 MB: %d %s", r.status, apAlert(r.body))
	}
	// A forged token is refused before anything is stored.
	w.editor.csrf = "forged"
	if r := apUpload(w.editor, "/admin/documents/"+itoa(id)+"/attachments", url.Values{"version": {w.apVersion(t, id)}}, "a.pdf", apPDF(100)); r.status != http.StatusForbidden {
		t.Fatalf("forged token on upload: %d", r.status)
	}
}

// apVisitPages renders every back-office page of active disclosure for
// testEveryPageRenders.
func apVisitPages(t *testing.T, e *env, check func(c *client, path string, want int, template string), rendered map[string]bool) {
	w := apSetup(t, e)
	id, _ := w.apPublish(t, "页面检查用的通知")
	draft := w.apCreate(t, w.editor, w.apForm("页面检查用的草稿", "tongzhi", w.policyCol))
	check(w.editor, "/admin/documents", 200, "admin_documents")
	check(w.editor, "/admin/documents/new", 200, "admin_document_form")
	check(w.editor, "/admin/documents/"+itoa(draft)+"/edit", 200, "admin_document_form")
	check(w.editor, "/admin/documents/"+itoa(id), 200, "admin_document")
	check(w.editor, "/admin/documents/"+itoa(id)+"/revisions/1", 200, "admin_revision")
	check(w.editor, "/admin/documents/"+itoa(id)+"/revisions/1/diff", 200, "admin_diff")
	check(w.editor, "/admin/publishing", 200, "admin_publishing")
	check(w.rev, "/admin/review", 200, "admin_review")
	check(w.sup, "/admin/columns", 200, "admin_columns")
	check(w.sup, "/admin/columns/new", 200, "admin_column")
	check(w.sup, "/admin/columns/"+itoa(w.policyCol), 200, "admin_column")
	check(w.sup, "/admin/catalog", 200, "admin_catalog")
	check(w.sup, "/admin/catalog/new", 200, "admin_catalog_item")
	check(w.sup, "/admin/taxonomy", 200, "admin_taxonomy")
	check(w.sup, "/admin/points", 200, "admin_points")
	check(w.sup, "/admin/pages/guide", 200, "admin_page")
	check(w.sup, "/admin/pages/system", 200, "admin_page")
	r := w.sup.post("/admin/points", url.Values{"code": {"kiosk-1"}, "name": {"电子信息屏"}})
	if r.status != http.StatusCreated || !strings.Contains(r.body, `<html lang="zh-CN"`) || !strings.Contains(r.body, "设备密钥") {
		t.Fatalf("point key page: %d", r.status)
	}
	rendered["admin_point_key"] = true
}

// TestAdminPublishBrowser audits the back-office pages of active
// disclosure with axe-core in a real browser, for each role that uses them,
// in the normal and the 长辈版 mode.
func TestAdminPublishBrowser(t *testing.T) {
	e := btServer(t)
	dzb, err := e.st.DepartmentByCode(ctx, "jy-dzb")
	if err != nil {
		t.Fatal(err)
	}
	docs, err := e.st.StaffDocuments(ctx, store.StaffFilter{DeptID: dzb.ID, State: publish.Published})
	if err != nil || len(docs) == 0 {
		t.Fatalf("demo documents: %v", err)
	}
	doc := "/admin/documents/" + itoa(docs[0].Doc.ID)
	roles := []struct {
		username string
		pages    []btPage
	}{
		{"editor", []btPage{
			{"ap-documents", "/admin/documents", 200, `table tbody tr`, ""},
			{"ap-new", "/admin/documents/new", 200, `#f-title`, "web-admin-document-form"},
			{"ap-document", doc, 200, `#h-history`, "web-admin-document"},
			{"ap-revision", doc + "/revisions/1", 200, `.ap-meta`, ""},
			{"ap-diff", doc + "/revisions/1/diff", 200, `.ap-diff`, ""},
			{"ap-publishing", "/admin/publishing", 200, `#h-stale`, ""},
		}},
		{"reviewer", []btPage{
			{"ap-review", "/admin/review", 200, `table`, "web-admin-review"},
		}},
		{"supervisor", []btPage{
			{"ap-columns", "/admin/columns", 200, `table tbody tr`, ""},
			{"ap-column-new", "/admin/columns/new", 200, `#c-code`, ""},
			{"ap-catalog", "/admin/catalog", 200, `#i-file`, ""},
			{"ap-catalog-new", "/admin/catalog/new", 200, `#k-code`, ""},
			{"ap-taxonomy", "/admin/taxonomy", 200, `#t-code`, ""},
			{"ap-points", "/admin/points", 200, `#p-code`, ""},
			{"ap-guide", "/admin/pages/guide", 200, `#g-body`, ""},
		}},
	}
	for _, r := range roles {
		t.Run(r.username, func(t *testing.T) {
			t.Parallel()
			bctx := browsertest.Browser(t)
			btLogin(t, bctx, e.base, r.username)
			btAuditPages(t, bctx, e.base, false, r.pages)
			btSetElder(t, bctx, e.base, r.pages[0].path, true)
			btAuditPages(t, bctx, e.base, true, r.pages)
		})
	}
}
