package store_test

import (
	"archive/zip"
	"bytes"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"gongkai/internal/auth"
	"gongkai/internal/calendar"
	"gongkai/internal/errs"
	"gongkai/internal/publish"
	"gongkai/internal/search"
	"gongkai/internal/store"
	"gongkai/internal/store/storetest"
)

// TestPublishSuite runs the active-disclosure store tests on each dialect.
func TestPublishSuite(t *testing.T) {
	tests := []struct {
		name string
		fn   func(t *testing.T, w *world)
	}{
		{"InterpretationTogether", testInterpretationTogether},
		{"NothingUnpublishedLeaks", testNothingUnpublishedLeaks},
		{"RevisionKeepsHistory", testRevisionKeepsHistory},
		{"WithdrawAndValidity", testWithdrawAndValidity},
		{"ConcurrentIndexNumbers", testConcurrentIndexNumbers},
		{"StaleVersion", testStaleVersion},
		{"Attachments", testAttachments},
		{"ImportKeepsIndexNumber", testImportKeepsIndexNumber},
		{"ScheduledPublishing", testScheduledPublishing},
	}
	for _, d := range storetest.Dialects(t) {
		t.Run(string(d), func(t *testing.T) {
			for _, tc := range tests {
				t.Run(tc.name, func(t *testing.T) { tc.fn(t, newWorld(t, storetest.Open(t, d))) })
			}
		})
	}
}

// world is a small district: one organ, an editor, a reviewer, a second
// department's editor, a policy column and an interpretation column.
type world struct {
	t                          *testing.T
	s                          *store.Store
	clock                      *storetest.Clock
	organ, other               *auth.Department
	editor, reviewer, outsider *auth.User
	policyCol, interpCol       *publish.Column
	point                      *publish.Point
}

func newWorld(t *testing.T, s *store.Store) *world {
	w := &world{t: t, s: s}
	w.clock = storetest.NewClock(time.Date(2026, 3, 2, 2, 0, 0, 0, time.UTC))
	s.Now = w.clock.Now
	w.organ = mustDept(t, s, "jy", "菊园新区管委会", "00001434-9", 0)
	w.other = mustDept(t, s, "jy-other", "其他部门", "00242431-7", 0)
	w.editor = mustUser(t, s, "editor", w.organ.ID, auth.Editor)
	w.reviewer = mustUser(t, s, "reviewer", w.organ.ID, auth.Reviewer)
	w.outsider = mustUser(t, s, "outsider", w.other.ID, auth.Editor)
	w.policyCol = &publish.Column{Code: "zcwj", Name: "政策文件", Kind: publish.KindPolicy}
	w.interpCol = &publish.Column{Code: "zcjd", Name: "政策解读", Kind: publish.KindPolicy}
	for _, c := range []*publish.Column{w.policyCol, w.interpCol} {
		if err := s.SaveColumn(ctx, "admin", c); err != nil {
			t.Fatal(err)
		}
	}
	w.point = &publish.Point{Code: "jy-cyd", Name: "社区事务受理服务中心查阅点", DeptID: w.organ.ID}
	if _, err := s.CreatePoint(ctx, "admin", w.point); err != nil {
		t.Fatal(err)
	}
	return w
}

func (w *world) content(title, genre string) publish.Content {
	return publish.Content{Title: title, OrganIDs: []int64{w.organ.ID}, WrittenOn: calendar.MustParse("2026-02-27"),
		Theme: "02.01", Genre: genre, Attribute: publish.Active, ColumnIDs: []int64{w.policyCol.ID}, Body: "<p>正文</p>"}
}

func (w *world) draft(c publish.Content) *publish.Document {
	w.t.Helper()
	d, err := w.s.CreateDocument(ctx, w.editor, c)
	if err != nil {
		w.t.Fatal(err)
	}
	return d
}

func (w *world) doc(id int64) *publish.Document {
	w.t.Helper()
	d, err := w.s.Document(ctx, id)
	if err != nil {
		w.t.Fatal(err)
	}
	return d
}

func (w *world) submit(id int64) error {
	return w.s.SubmitDocument(ctx, w.editor, id, w.doc(id).Version)
}

func (w *world) approve(id int64) error {
	return w.s.ReviewDocument(ctx, w.reviewer, id, w.doc(id).Version, true, "", time.Time{})
}

// publishSimple takes a plain document through the whole workflow.
func (w *world) publishSimple(c publish.Content) *publish.Document {
	w.t.Helper()
	d := w.draft(c)
	if err := w.submit(d.ID); err != nil {
		w.t.Fatal(err)
	}
	if err := w.approve(d.ID); err != nil {
		w.t.Fatal(err)
	}
	return w.doc(d.ID)
}

// searched returns the titles of the documents a search for text finds.
func (w *world) searched(text string) map[string]bool {
	w.t.Helper()
	q, err := search.Parse(text)
	if err != nil {
		w.t.Fatal(err)
	}
	res, err := w.s.Search(ctx, store.SearchRequest{Query: q, Size: 100})
	if err != nil {
		w.t.Fatal(err)
	}
	if res.Total != len(res.Docs) {
		w.t.Fatalf("search %s: total %d, listed %d", text, res.Total, len(res.Docs))
	}
	out := map[string]bool{}
	for _, d := range res.Docs {
		p, _, err := w.s.PublicDocument(ctx, d.Doc.IndexNumber, 0)
		if err != nil || p == nil {
			w.t.Fatalf("search %s found %s, which the portal does not show: %v", text, d.Doc.IndexNumber, err)
		}
		out[d.Rev.Content.Title] = true
	}
	return out
}

func (w *world) public() map[string]bool {
	w.t.Helper()
	docs, total, err := w.s.PublicDocuments(ctx, store.PublicFilter{Size: 100})
	if err != nil {
		w.t.Fatal(err)
	}
	if total != len(docs) {
		w.t.Fatalf("total %d, listed %d", total, len(docs))
	}
	out := map[string]bool{}
	for _, p := range docs {
		out[p.Rev.Content.Title] = true
	}
	return out
}

func testInterpretationTogether(t *testing.T, w *world) {
	policy := w.draft(w.content("菊园新区加装电梯补贴办法", publish.GenreNormative))
	wantCode(t, w.submit(policy.ID), errs.Conflict, "interpretation_required")

	ic := w.content("《菊园新区加装电梯补贴办法》简明问答", publish.GenreInterpretation)
	ic.Interprets, ic.InterpretForm, ic.ColumnIDs = policy.ID, publish.FormQA, []int64{w.interpCol.ID}
	interp := w.draft(ic)
	if err := w.submit(policy.ID); err != nil {
		t.Fatal(err)
	}
	if err := w.submit(interp.ID); err != nil {
		t.Fatal(err)
	}
	// The author cannot approve their own draft, even holding both roles.
	both := mustUser(t, w.s, "both", w.organ.ID, auth.Editor, auth.Reviewer)
	own := w.draft(w.content("自审测试", "tongzhi"))
	if _, err := w.s.SetRoles(ctx, "sec", w.editor.ID, []auth.Role{auth.Editor, auth.Reviewer}); err != nil {
		t.Fatal(err)
	}
	w.editor, _ = w.s.UserByID(ctx, w.editor.ID)
	if err := w.submit(own.ID); err != nil {
		t.Fatal(err)
	}
	wantCode(t, w.s.ReviewDocument(ctx, w.editor, own.ID, w.doc(own.ID).Version, true, "", time.Time{}), errs.Forbidden, "own_draft")
	_ = both

	// Approving the policy alone publishes nothing: its interpretation is not approved yet.
	if err := w.approve(policy.ID); err != nil {
		t.Fatal(err)
	}
	if w.doc(policy.ID).Public() || len(w.public()) != 0 {
		t.Fatal("policy went out without its interpretation")
	}
	w.clock.Advance(time.Hour)
	if err := w.approve(interp.ID); err != nil {
		t.Fatal(err)
	}
	p, i := w.doc(policy.ID), w.doc(interp.ID)
	if !p.Public() || !i.Public() || !p.LastPublished.Equal(i.LastPublished) {
		t.Fatalf("not published together: %+v %+v", p, i)
	}
	if p.IndexNumber != "00001434-9/2026-00000001" || i.IndexNumber != "00001434-9/2026-00000002" {
		t.Fatalf("index numbers %q %q", p.IndexNumber, i.IndexNumber)
	}
	pub, _, err := w.s.PublicDocument(ctx, p.IndexNumber, 0)
	if err != nil || len(pub.Interpretations) != 1 || pub.Interpretations[0].IndexNumber != i.IndexNumber {
		t.Fatalf("policy does not link its interpretation: %+v %v", pub, err)
	}
	ipub, _, _ := w.s.PublicDocument(ctx, i.IndexNumber, 0)
	if ipub.Interprets == nil || ipub.Interprets.IndexNumber != p.IndexNumber {
		t.Fatal("interpretation does not link its policy")
	}
	// A 解读 without its policy, or a non-解读 pointing at one, is refused.
	bad := w.content("孤立解读", publish.GenreInterpretation)
	bad.InterpretForm = publish.FormText
	_, err = w.s.CreateDocument(ctx, w.editor, bad)
	wantCode(t, err, errs.Invalid, "interprets_required")
}

func testNothingUnpublishedLeaks(t *testing.T, w *world) {
	w.publishSimple(w.content("公开的通知", "tongzhi"))
	w.draft(w.content("草稿", "tongzhi"))
	sub := w.draft(w.content("待审核", "tongzhi"))
	if err := w.submit(sub.ID); err != nil {
		t.Fatal(err)
	}
	ret := w.draft(w.content("被退回", "tongzhi"))
	if err := w.submit(ret.ID); err != nil {
		t.Fatal(err)
	}
	wantCode(t, w.s.ReviewDocument(ctx, w.reviewer, ret.ID, w.doc(ret.ID).Version, false, "", time.Time{}), errs.Invalid, "note_required")
	if err := w.s.ReviewDocument(ctx, w.reviewer, ret.ID, w.doc(ret.ID).Version, false, "请补充依据", time.Time{}); err != nil {
		t.Fatal(err)
	}
	withheld := w.content("不予公开的内部事务", "tongzhi")
	withheld.Attribute, withheld.WithheldReason = publish.Withheld, "internal_affairs"
	wd := w.publishSimple(withheld)
	onreq := w.content("依申请公开的文件", "tongzhi")
	onreq.Attribute = publish.OnRequest
	w.publishSimple(onreq)
	targeted := w.content("定点公开的低保名单", "tongzhi")
	targeted.PointIDs, targeted.ColumnIDs = []int64{w.point.ID}, nil
	td := w.publishSimple(targeted)
	audience := w.content("定向公开给村居", "tongzhi")
	audience.Audience = "菊园新区各村居委会"
	w.publishSimple(audience)
	wrong := w.publishSimple(w.content("发布错误的文件", "tongzhi"))
	if err := w.s.WithdrawDocument(ctx, w.reviewer, wrong.ID, wrong.Version, publish.WithdrawError, 0, "标题错误"); err != nil {
		t.Fatal(err)
	}

	if got := w.public(); len(got) != 1 || !got["公开的通知"] {
		t.Fatalf("public listing: %v", got)
	}
	// Search finds what the listing lists and nothing else: every document
	// has the body 正文; each title is searched for.
	if got := w.searched("正文"); len(got) != 1 || !got["公开的通知"] {
		t.Fatalf("search: %v", got)
	}
	for _, title := range []string{"草稿", "待审核", "被退回", "不予公开的内部事务", "依申请公开的文件", "定点公开的低保名单", "定向公开给村居", "发布错误的文件"} {
		if got := w.searched(title); len(got) != 0 {
			t.Errorf("search for %s finds %v", title, got)
		}
	}
	if wd.IndexNumber != "" || wd.PublishedRev != 0 {
		t.Fatalf("withheld document was published: %+v", wd)
	}
	_, _, err := w.s.PublicDocument(ctx, td.IndexNumber, 0)
	wantCode(t, err, errs.NotFound, "document_not_found")
	_, _, err = w.s.PublicDocument(ctx, w.doc(wrong.ID).IndexNumber, 0)
	wantCode(t, err, errs.NotFound, "document_not_found")
	// The point's kiosk sees its targeted document.
	kiosk, _, err := w.s.PublicDocuments(ctx, store.PublicFilter{PointID: w.point.ID})
	if err != nil || len(kiosk) != 1 || kiosk[0].Rev.Content.Title != "定点公开的低保名单" {
		t.Fatalf("kiosk: %v %v", kiosk, err)
	}
	if _, _, err := w.s.PublicDocument(ctx, td.IndexNumber, w.point.ID); err != nil {
		t.Fatalf("kiosk document: %v", err)
	}
}

func testRevisionKeepsHistory(t *testing.T, w *world) {
	d := w.publishSimple(w.content("补贴标准通知", "tongzhi"))
	first := d.IndexNumber
	w.clock.Advance(72 * time.Hour)
	if err := w.s.ReviseDocument(ctx, w.editor, d.ID, d.Version); err != nil {
		t.Fatal(err)
	}
	wantCode(t, w.s.ReviseDocument(ctx, w.editor, d.ID, w.doc(d.ID).Version), errs.Conflict, "revision_open")
	c := w.content("补贴标准通知（修订）", "tongzhi")
	if err := w.s.SaveDraft(ctx, w.editor, d.ID, w.doc(d.ID).Version, c, ""); err != nil {
		t.Fatal(err)
	}
	wantCode(t, w.submit(d.ID), errs.Invalid, "change_note_required")
	if err := w.s.SaveDraft(ctx, w.editor, d.ID, w.doc(d.ID).Version, c, "更正补贴标准"); err != nil {
		t.Fatal(err)
	}
	// Until approved, the public keeps the old version.
	if err := w.submit(d.ID); err != nil {
		t.Fatal(err)
	}
	if got := w.public(); !got["补贴标准通知"] {
		t.Fatalf("old version gone before approval: %v", got)
	}
	if err := w.approve(d.ID); err != nil {
		t.Fatal(err)
	}
	if got := w.public(); !got["补贴标准通知（修订）"] || got["补贴标准通知"] || w.doc(d.ID).IndexNumber != first {
		t.Fatalf("after revision: %v %s", got, w.doc(d.ID).IndexNumber)
	}
	if p, _, _ := w.s.PublicDocument(ctx, first, 0); p.Rev.PublishedOn.String() != "2026-03-02" {
		t.Fatalf("a revision changed the 发布日期 to %s", p.Rev.PublishedOn)
	}
	revs, err := w.s.Revisions(ctx, d.ID)
	if err != nil || len(revs) != 2 || revs[0].State != publish.Published || revs[1].State != publish.Superseded || revs[0].ChangeNote != "更正补贴标准" {
		t.Fatalf("history: %+v %v", revs, err)
	}
	// Other departments cannot touch it.
	wantCode(t, w.s.ReviseDocument(ctx, w.outsider, d.ID, w.doc(d.ID).Version), errs.Forbidden, "forbidden")
}

func testWithdrawAndValidity(t *testing.T, w *world) {
	old := w.publishSimple(w.content("旧办法", "tongzhi"))
	repl := w.publishSimple(w.content("新办法", "tongzhi"))
	wantCode(t, w.s.WithdrawDocument(ctx, w.editor, old.ID, w.doc(old.ID).Version, publish.WithdrawReplaced, repl.ID, ""), errs.Forbidden, "forbidden")
	wantCode(t, w.s.WithdrawDocument(ctx, w.reviewer, old.ID, w.doc(old.ID).Version, publish.WithdrawReplaced, 0, ""), errs.Invalid, "replacement_required")
	if err := w.s.WithdrawDocument(ctx, w.reviewer, old.ID, w.doc(old.ID).Version, publish.WithdrawReplaced, repl.ID, ""); err != nil {
		t.Fatal(err)
	}
	p, to, err := w.s.PublicDocument(ctx, old.IndexNumber, 0)
	if err != nil || p != nil || to != repl.IndexNumber {
		t.Fatalf("replaced document: %v %q %v", p, to, err)
	}
	if got := w.searched("办法"); len(got) != 1 || !got["新办法"] {
		t.Errorf("search after the replacement: %v", got)
	}
	rep := w.publishSimple(w.content("被废止的规定", "tongzhi"))
	wantCode(t, w.s.SetValidity(ctx, w.editor, rep.ID, rep.Version, publish.Repealed, calendar.Date{}, repl.ID), errs.Invalid, "validity_date_required")
	// 有效性 is a fact about a published document only.
	unpublished := w.draft(w.content("未发布的通知", "tongzhi"))
	wantCode(t, w.s.SetValidity(ctx, w.reviewer, unpublished.ID, unpublished.Version, publish.Expired, calendar.MustParse("2026-03-01"), 0), errs.Conflict, "not_published")
	if err := w.s.SetValidity(ctx, w.editor, rep.ID, w.doc(rep.ID).Version, publish.Repealed, calendar.MustParse("2026-03-01"), repl.ID); err != nil {
		t.Fatal(err)
	}
	p, _, err = w.s.PublicDocument(ctx, rep.IndexNumber, 0)
	if err != nil || p.Doc.Validity != publish.Repealed || p.Doc.ValidityOn.String() != "2026-03-01" || p.ValidityBy == nil || p.ValidityBy.Title != "新办法" {
		t.Fatalf("repealed: %+v %v", p, err)
	}
	docs, _, _ := w.s.PublicDocuments(ctx, store.PublicFilter{Validity: publish.Repealed})
	if len(docs) != 1 {
		t.Fatalf("validity filter: %d", len(docs))
	}
}

func testConcurrentIndexNumbers(t *testing.T, w *world) {
	const n = 12
	var ids []int64
	for i := 0; i < n; i++ {
		d := w.draft(w.content(fmt.Sprintf("并发发布 %d", i), "tongzhi"))
		if err := w.submit(d.ID); err != nil {
			t.Fatal(err)
		}
		ids = append(ids, d.ID)
	}
	var wg sync.WaitGroup
	errc := make(chan error, n)
	for _, id := range ids {
		wg.Add(1)
		go func() {
			defer wg.Done()
			v := w.doc(id).Version
			errc <- w.s.ReviewDocument(ctx, w.reviewer, id, v, true, "", time.Time{})
		}()
	}
	wg.Wait()
	close(errc)
	for err := range errc {
		if err != nil {
			t.Fatal(err)
		}
	}
	seen := map[string]bool{}
	for _, id := range ids {
		seen[w.doc(id).IndexNumber] = true
	}
	for i := 1; i <= n; i++ {
		if want := fmt.Sprintf("00001434-9/2026-%08d", i); !seen[want] {
			t.Errorf("missing %s in %v", want, seen)
		}
	}
	// The other organ has its own sequence.
	c := w.content("另一机构的文件", "tongzhi")
	c.OrganIDs = []int64{w.other.ID, w.organ.ID}
	if d := w.publishSimple(c); d.IndexNumber != "00242431-7/2026-00000001" {
		t.Fatalf("second organ: %s", d.IndexNumber)
	}
}

func testStaleVersion(t *testing.T, w *world) {
	d := w.draft(w.content("并发编辑", "tongzhi"))
	v := d.Version
	if err := w.s.SaveDraft(ctx, w.editor, d.ID, v, w.content("甲的修改", "tongzhi"), ""); err != nil {
		t.Fatal(err)
	}
	wantCode(t, w.s.SaveDraft(ctx, w.editor, d.ID, v, w.content("乙的修改", "tongzhi"), ""), errs.Conflict, "stale_version")
	rev, _ := w.s.Revision(ctx, w.doc(d.ID).OpenRev)
	if rev.Content.Title != "甲的修改" {
		t.Fatalf("overwritten: %s", rev.Content.Title)
	}
	bad := w.content("未知主题", "tongzhi")
	bad.Theme = "99.99"
	_, err := w.s.CreateDocument(ctx, w.editor, bad)
	wantCode(t, err, errs.Invalid, "unknown_theme")
}

func docx() []byte {
	var b bytes.Buffer
	z := zip.NewWriter(&b)
	for _, name := range []string{"[Content_Types].xml", "word/document.xml"} {
		f, _ := z.Create(name)
		f.Write([]byte("<x/>"))
	}
	z.Close()
	return b.Bytes()
}

func testAttachments(t *testing.T, w *world) {
	d := w.draft(w.content("带附件的文件", "tongzhi"))
	pdf := []byte("%PDF-1.4\n% 测试\n")
	a, err := w.s.AddAttachment(ctx, w.editor, d.ID, w.doc(d.ID).Version, "../../补贴申请表.pdf", pdf)
	if err != nil || a.Name != "补贴申请表.pdf" || a.MIME != "application/pdf" {
		t.Fatalf("pdf: %+v %v", a, err)
	}
	if _, err := w.s.AddAttachment(ctx, w.editor, d.ID, w.doc(d.ID).Version, "说明.docx", docx()); err != nil {
		t.Fatal(err)
	}
	_, err = w.s.AddAttachment(ctx, w.editor, d.ID, w.doc(d.ID).Version, "表格.pdf", []byte("MZ\x90\x00 this is an exe"))
	wantCode(t, err, errs.Invalid, "attachment_mismatch")
	_, err = w.s.AddAttachment(ctx, w.editor, d.ID, w.doc(d.ID).Version, "run.exe", []byte("MZ"))
	wantCode(t, err, errs.Invalid, "attachment_type")
	// Not public while the document is a draft …
	_, _, err = w.s.PublicAttachment(ctx, a.ID, 0)
	wantCode(t, err, errs.NotFound, "attachment_not_found")
	if err := w.submit(d.ID); err != nil {
		t.Fatal(err)
	}
	if err := w.approve(d.ID); err != nil {
		t.Fatal(err)
	}
	// … public once published, and kept through a revision.
	got, data, err := w.s.PublicAttachment(ctx, a.ID, 0)
	if err != nil || !bytes.Equal(data, pdf) || got.Size != int64(len(pdf)) {
		t.Fatalf("public attachment: %v", err)
	}
	doc := w.doc(d.ID)
	if err := w.s.ReviseDocument(ctx, w.editor, d.ID, doc.Version); err != nil {
		t.Fatal(err)
	}
	list, _ := w.s.RevisionAttachments(ctx, w.doc(d.ID).OpenRev)
	if len(list) != 2 {
		t.Fatalf("revision lost attachments: %d", len(list))
	}
	_, _, err = w.s.PublicAttachment(ctx, 999999, 0)
	wantCode(t, err, errs.NotFound, "attachment_not_found")
}

func testImportKeepsIndexNumber(t *testing.T, w *world) {
	c := w.content("2024年菊园新区政务公开工作要点", "tongzhi")
	c.Theme = "02.10"
	d, err := w.s.ImportDocument(ctx, "demo", w.editor, c, "00001434-9/2024-00000030", calendar.MustParse("2024-04-19"))
	if err != nil || d.IndexNumber != "00001434-9/2024-00000030" {
		t.Fatalf("import: %+v %v", d, err)
	}
	p, _, err := w.s.PublicDocument(ctx, d.IndexNumber, 0)
	if err != nil || p.Rev.PublishedOn.String() != "2024-04-19" || p.ThemeName != "政务公告" || strings.Join(p.Organs, ",") != "菊园新区管委会" {
		t.Fatalf("imported document: %+v %v", p, err)
	}
	// The 2024 sequence continues after the imported number.
	next, err := w.s.ImportDocument(ctx, "demo", w.editor, w.content("2024年的另一份文件", "tongzhi"), "", calendar.MustParse("2024-05-06"))
	if err != nil || next.IndexNumber != "00001434-9/2024-00000031" {
		t.Fatalf("next 2024 number: %+v %v", next, err)
	}
	_, err = w.s.ImportDocument(ctx, "demo", w.editor, w.content("重复索引号", "tongzhi"), "00001434-9/2024-00000030", calendar.MustParse("2024-04-19"))
	wantCode(t, err, errs.Conflict, "index_number_taken")
}

func testScheduledPublishing(t *testing.T, w *world) {
	d := w.draft(w.content("定时发布的通知", "tongzhi"))
	if err := w.submit(d.ID); err != nil {
		t.Fatal(err)
	}
	at := w.clock.Now().Add(time.Hour)
	if err := w.s.ReviewDocument(ctx, w.reviewer, d.ID, w.doc(d.ID).Version, true, "", at); err != nil {
		t.Fatal(err)
	}
	rev, _ := w.s.Revision(ctx, w.doc(d.ID).OpenRev)
	if rev.State != publish.Scheduled || len(w.public()) != 0 {
		t.Fatalf("scheduled revision: %s, public %v", rev.State, w.public())
	}
	w.clock.Advance(30 * time.Minute)
	if n, err := w.s.PublishDue(ctx); err != nil || n != 0 {
		t.Fatalf("published early: %d %v", n, err)
	}
	w.clock.Advance(31 * time.Minute)
	if n, err := w.s.PublishDue(ctx); err != nil || n != 1 || !w.public()["定时发布的通知"] {
		t.Fatalf("not published on time: %d %v", n, err)
	}
	if n, _ := w.s.PublishDue(ctx); n != 0 {
		t.Fatalf("published twice: %d", n)
	}
}

func TestStaffDocuments(t *testing.T) {
	w := newWorld(t, storetest.Open(t, store.SQLite))
	w.publishSimple(w.content("已发布", "tongzhi"))
	d := w.draft(w.content("草稿中", "tongzhi"))
	all, err := w.s.StaffDocuments(ctx, store.StaffFilter{DeptID: w.organ.ID})
	if err != nil || len(all) != 2 || all[0].Rev.Content.Title != "草稿中" {
		t.Fatalf("staff list: %v %v", all, err)
	}
	drafts, _ := w.s.StaffDocuments(ctx, store.StaffFilter{State: publish.Draft, Query: "草稿"})
	if len(drafts) != 1 || drafts[0].Doc.ID != d.ID {
		t.Fatalf("draft filter: %v", drafts)
	}
	other, _ := w.s.StaffDocuments(ctx, store.StaffFilter{DeptID: w.other.ID})
	if len(other) != 0 {
		t.Fatalf("other department sees %d", len(other))
	}
}

func TestIndexRulePerOrgan(t *testing.T) {
	for _, d := range storetest.Dialects(t) {
		t.Run(string(d), func(t *testing.T) {
			w := newWorld(t, storetest.Open(t, d))
			wantCode(t, w.s.SetIndexRule(ctx, "admin", w.organ.ID, "{org}-{seq:8}"), errs.Invalid, "invalid_index_pattern")
			wantCode(t, w.s.SetIndexRule(ctx, "admin", w.organ.ID, "{org}/{year}/{bogus}/{seq:5}"), errs.Invalid, "invalid_index_pattern")
			if err := w.s.SetIndexRule(ctx, "admin", w.organ.ID, "JY-{dept}-{year}-{seq:5}"); err != nil {
				t.Fatal(err)
			}
			if d := w.publishSimple(w.content("按本机构规则编号", "tongzhi")); d.IndexNumber != "JY-jy-2026-00001" {
				t.Fatalf("custom rule: %s", d.IndexNumber)
			}
			// Back to the default: its own series (nothing was numbered in it yet).
			if err := w.s.SetIndexRule(ctx, "admin", w.organ.ID, ""); err != nil {
				t.Fatal(err)
			}
			if d := w.publishSimple(w.content("恢复默认规则", "tongzhi")); d.IndexNumber != "00001434-9/2026-00000001" {
				t.Fatalf("default rule: %s", d.IndexNumber)
			}
			if p, _ := w.s.IndexRule(ctx, w.other.ID); p != publish.DefaultIndexPattern {
				t.Fatalf("other organ: %s", p)
			}
			ev, _ := w.s.AuditEvents(ctx, store.AuditFilter{Action: "index_rule."})
			if len(ev) != 2 {
				t.Fatalf("rule changes audited: %d", len(ev))
			}
		})
	}
}

// TestSharedOrgCode: offices without a code of their own carry their
// parent's, and a rule may leave the code out; numbers still never collide.
func TestSharedOrgCode(t *testing.T) {
	for _, d := range storetest.Dialects(t) {
		t.Run(string(d), func(t *testing.T) {
			w := newWorld(t, storetest.Open(t, d))
			office := mustDept(t, w.s, "jy-jjfz", "经济发展办公室", "00001434-9", 0)
			seen := map[string]bool{}
			for i := 0; i < 3; i++ {
				for _, organ := range []int64{w.organ.ID, office.ID} {
					c := w.content(fmt.Sprintf("共用代码 %d-%d", organ, i), "tongzhi")
					c.OrganIDs = []int64{organ}
					n := w.publishSimple(c).IndexNumber
					if seen[n] || n == "" {
						t.Fatalf("number %q given twice", n)
					}
					seen[n] = true
				}
			}
			if err := w.s.SetIndexRule(ctx, "admin", office.ID, "{year}-{seq:4}"); err != nil {
				t.Fatal(err)
			}
			if err := w.s.SetIndexRule(ctx, "admin", w.other.ID, "{year}-{seq:4}"); err != nil {
				t.Fatal(err)
			}
			for _, organ := range []int64{office.ID, w.other.ID} {
				c := w.content(fmt.Sprintf("无代码规则 %d", organ), "tongzhi")
				c.OrganIDs = []int64{organ}
				if n := w.publishSimple(c).IndexNumber; seen[n] {
					t.Fatalf("number %q given twice", n)
				} else {
					seen[n] = true
				}
			}
		})
	}
}

// TestCoEditorCannotReview: whoever rewrote or submitted a draft is as
// barred from reviewing it as its creator.
func TestCoEditorCannotReview(t *testing.T) {
	w := newWorld(t, storetest.Open(t, store.SQLite))
	editrev := mustUser(t, w.s, "editrev", w.organ.ID, auth.Editor, auth.Reviewer)
	d := w.draft(w.content("他人起草", "tongzhi"))
	if err := w.s.SaveDraft(ctx, editrev, d.ID, w.doc(d.ID).Version, w.content("被改写", "tongzhi"), ""); err != nil {
		t.Fatal(err)
	}
	if err := w.s.SubmitDocument(ctx, editrev, d.ID, w.doc(d.ID).Version); err != nil {
		t.Fatal(err)
	}
	wantCode(t, w.s.ReviewDocument(ctx, editrev, d.ID, w.doc(d.ID).Version, true, "", time.Time{}), errs.Forbidden, "own_draft")
	if err := w.approve(d.ID); err != nil {
		t.Fatalf("an uninvolved reviewer: %v", err)
	}
}

// TestScheduleFailureIsolated: a scheduled item that can no longer go out
// returns to approved with the reason; the others are published.
func TestScheduleFailureIsolated(t *testing.T) {
	w := newWorld(t, storetest.Open(t, store.SQLite))
	policy := w.draft(w.content("政策", publish.GenreNormative))
	ic := w.content("政策解读", publish.GenreInterpretation)
	ic.Interprets, ic.InterpretForm = policy.ID, publish.FormText
	interp := w.draft(ic)
	for _, id := range []int64{interp.ID, policy.ID} {
		if err := w.submit(id); err != nil {
			t.Fatal(err)
		}
	}
	for _, id := range []int64{policy.ID, interp.ID} {
		if err := w.approve(id); err != nil {
			t.Fatal(err)
		}
	}
	// A second interpretation and an unrelated notice, both scheduled.
	ic.Title = "政策图解"
	second := w.draft(ic)
	victim := w.draft(w.content("无关的定时通知", "tongzhi"))
	at := w.clock.Now().Add(time.Hour)
	for _, id := range []int64{second.ID, victim.ID} {
		if err := w.submit(id); err != nil {
			t.Fatal(err)
		}
		if err := w.s.ReviewDocument(ctx, w.reviewer, id, w.doc(id).Version, true, "", at); err != nil {
			t.Fatal(err)
		}
	}
	// The policy is withdrawn in error: the second interpretation can no longer go out.
	if err := w.s.WithdrawDocument(ctx, w.reviewer, policy.ID, w.doc(policy.ID).Version, publish.WithdrawError, 0, ""); err != nil {
		t.Fatal(err)
	}
	w.clock.Advance(2 * time.Hour)
	n, err := w.s.PublishDue(ctx)
	if n != 1 || err == nil || !w.public()["无关的定时通知"] {
		t.Fatalf("published %d, err %v, public %v", n, err, w.public())
	}
	rev, _ := w.s.Revision(ctx, w.doc(second.ID).OpenRev)
	if rev.State != publish.Approved || !strings.Contains(rev.ReviewNote, "定时发布未能完成") {
		t.Fatalf("failed item: %s %q", rev.State, rev.ReviewNote)
	}
	if n, err := w.s.PublishDue(ctx); n != 0 || err != nil {
		t.Fatalf("the failure repeats: %d %v", n, err)
	}
}

func TestInterpretationTargetsAndSelfRepeal(t *testing.T) {
	w := newWorld(t, storetest.Open(t, store.SQLite))
	withheld := w.content("内部文件", "tongzhi")
	withheld.Attribute, withheld.WithheldReason = publish.Withheld, "internal_affairs"
	hidden := w.draft(withheld)
	ic := w.content("对内部文件的解读", publish.GenreInterpretation)
	ic.Interprets, ic.InterpretForm = hidden.ID, publish.FormText
	_, err := w.s.CreateDocument(ctx, w.editor, ic)
	wantCode(t, err, errs.Invalid, "policy_not_active")
	// Another department's draft is not theirs to interpret.
	mine := w.draft(w.content("本部门草稿", publish.GenreNormative))
	ic.Interprets = mine.ID
	_, err = w.s.CreateDocument(ctx, w.outsider, ic)
	wantCode(t, err, errs.Invalid, "unknown_policy")
	d := w.publishSimple(w.content("自我废止", "tongzhi"))
	wantCode(t, w.s.SetValidity(ctx, w.editor, d.ID, d.Version, publish.Repealed, calendar.MustParse("2026-03-02"), d.ID), errs.Invalid, "validity_link_self")
}

// TestReopen: an approved on-request document can be decided anew, and a
// scheduled one taken back before it goes out.
func TestReopen(t *testing.T) {
	w := newWorld(t, storetest.Open(t, store.SQLite))
	onreq := w.content("原为依申请公开", "tongzhi")
	onreq.Attribute = publish.OnRequest
	d := w.publishSimple(onreq)
	if d.PublishedRev != 0 {
		t.Fatal("an on-request document was published")
	}
	if err := w.s.ReopenDocument(ctx, w.editor, d.ID, w.doc(d.ID).Version); err != nil {
		t.Fatal(err)
	}
	c := w.content("改为主动公开", "tongzhi")
	if err := w.s.SaveDraft(ctx, w.editor, d.ID, w.doc(d.ID).Version, c, ""); err != nil {
		t.Fatal(err)
	}
	if err := w.submit(d.ID); err != nil {
		t.Fatal(err)
	}
	if err := w.approve(d.ID); err != nil {
		t.Fatal(err)
	}
	if !w.public()["改为主动公开"] {
		t.Fatal("not published after the new decision")
	}
	wantCode(t, w.s.ReopenDocument(ctx, w.editor, d.ID, w.doc(d.ID).Version), errs.Conflict, "no_open_revision")
	s := w.draft(w.content("定时的通知", "tongzhi"))
	if err := w.submit(s.ID); err != nil {
		t.Fatal(err)
	}
	if err := w.s.ReviewDocument(ctx, w.reviewer, s.ID, w.doc(s.ID).Version, true, "", w.clock.Now().Add(time.Hour)); err != nil {
		t.Fatal(err)
	}
	if err := w.s.ReopenDocument(ctx, w.reviewer, s.ID, w.doc(s.ID).Version); err != nil {
		t.Fatal(err)
	}
	w.clock.Advance(2 * time.Hour)
	if n, _ := w.s.PublishDue(ctx); n != 0 || w.public()["定时的通知"] {
		t.Fatal("a reopened scheduled document went out")
	}
}
