package publish

// The back office of active disclosure (主动公开): documents and their
// review workflow. Handlers parse forms, call the store — which holds every
// workflow rule (separation of author and reviewer, 三同步, withheld never
// published, optimistic versions) — and render or redirect.

import (
	"errors"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"gongkai/internal/auth"
	"gongkai/internal/calendar"
	"gongkai/internal/errs"
	"gongkai/internal/publish"
	"gongkai/internal/store"
	"gongkai/internal/web/kit"
)

// apDocStates are the states the document list filters by, in workflow order.
var apDocStates = []struct{ Code, Label string }{
	{"draft", "草稿"}, {"submitted", "待审核"}, {"returned", "已退回"}, {"approved", "已审核"},
	{"scheduled", "定时发布"}, {"published", "已发布"}, {"withdrawn", "已撤回"},
}

// apDocRow is one line of a staff list.
type apDocRow struct {
	Doc  *publish.Document
	Rev  *publish.Revision
	Dept string
	// Author is the working revision's author.
	Author string
}

// StateLabel is the document's state as staff see it: withdrawal first,
// else the working revision's state.
func (d apDocRow) StateLabel() string { return apDocStateLabel(d.Doc, d.Rev) }

func apDocStateLabel(doc *publish.Document, rev *publish.Revision) string {
	if doc.Withdrawn != "" {
		return "已撤回（" + doc.Withdrawn.Label() + "）"
	}
	if rev == nil {
		return ""
	}
	return rev.State.Label()
}

// apPubRefs is the reference data document pages name things with.
type apPubRefs struct {
	Depts       []kit.DeptNode
	DeptName    map[int64]string
	Themes      []themeGroup
	ThemeName   map[string]string
	Genres      []publish.Genre
	GenreName   map[string]string
	Columns     []apColumnNode
	ColumnName  map[int64]string
	Catalog     []*publish.CatalogItem
	CatalogName map[int64]string
	Points      []*publish.Point
	PointName   map[int64]string
	UserName    map[int64]string
}

// themeGroup is a first-level theme with its second-level children, for
// an <optgroup>.
type themeGroup struct {
	publish.Theme
	Children []publish.Theme
}

// apColumnNode is a column with its depth in the tree.
type apColumnNode struct {
	*publish.Column
	Depth  int
	Indent string
}

func apColumnTree(cols []*publish.Column) []apColumnNode {
	children := map[int64][]*publish.Column{}
	known := map[int64]bool{}
	for _, c := range cols {
		known[c.ID] = true
	}
	for _, c := range cols {
		p := c.ParentID
		if !known[p] {
			p = 0
		}
		children[p] = append(children[p], c)
	}
	var out []apColumnNode
	var walk func(parent int64, depth int)
	walk = func(parent int64, depth int) {
		for _, c := range children[parent] {
			out = append(out, apColumnNode{c, depth, strings.Repeat("　", depth)})
			if depth < 16 {
				walk(c.ID, depth+1)
			}
		}
	}
	walk(0, 0)
	return out
}

// themeGroups groups the themes under their first level, for the selects
// of the editor and the policy library and the taxonomy page.
func themeGroups(themes []publish.Theme) []themeGroup {
	var out []themeGroup
	idx := map[string]int{}
	for _, t := range themes {
		if t.Parent() == "" {
			idx[t.Code] = len(out)
			out = append(out, themeGroup{Theme: t})
		}
	}
	for _, t := range themes {
		if i, ok := idx[t.Parent()]; ok {
			out[i].Children = append(out[i].Children, t)
		}
	}
	return out
}

func (s *Handler) adminLoadRefs(r *http.Request) (*apPubRefs, error) {
	ctx := r.Context()
	ref := &apPubRefs{DeptName: map[int64]string{}, ThemeName: map[string]string{}, GenreName: map[string]string{},
		ColumnName: map[int64]string{}, CatalogName: map[int64]string{}, PointName: map[int64]string{}, UserName: map[int64]string{}}
	depts, err := s.Store.Departments(ctx)
	if err != nil {
		return nil, err
	}
	ref.Depts = kit.DepartmentTree(depts)
	for _, d := range depts {
		ref.DeptName[d.ID] = d.Name
	}
	themes, err := s.Store.Themes(ctx)
	if err != nil {
		return nil, err
	}
	ref.Themes = themeGroups(themes)
	for _, t := range themes {
		ref.ThemeName[t.Code] = t.Name
	}
	if ref.Genres, err = s.Store.Genres(ctx); err != nil {
		return nil, err
	}
	for _, g := range ref.Genres {
		ref.GenreName[g.Code] = g.Name
	}
	cols, err := s.Store.Columns(ctx)
	if err != nil {
		return nil, err
	}
	ref.Columns = apColumnTree(cols)
	for _, c := range cols {
		ref.ColumnName[c.ID] = c.Name
	}
	if ref.Catalog, err = s.Store.CatalogItems(ctx); err != nil {
		return nil, err
	}
	for _, c := range ref.Catalog {
		name := c.Level1
		if c.Level2 != "" {
			name += " / " + c.Level2
		}
		ref.CatalogName[c.ID] = name
	}
	if ref.Points, err = s.Store.Points(ctx); err != nil {
		return nil, err
	}
	for _, p := range ref.Points {
		ref.PointName[p.ID] = p.Name
	}
	users, err := s.Store.Users(ctx)
	if err != nil {
		return nil, err
	}
	for _, u := range users {
		ref.UserName[u.ID] = u.Name
	}
	return ref, nil
}

// apSeesAllDepartments reports whether the user works across departments
// (reviewers and the 政务公开办); editors see their own department only.
func apSeesAllDepartments(u *auth.User) bool {
	return u.Can(auth.ReviewDocuments) || u.Can(auth.Supervise)
}

var apErrDocNotFound = errs.New(errs.NotFound, "web.document", "document_not_found", "文件不存在。")

// adminLoadDocument reads the document in the URL. An editor asking for another
// department's document is told it does not exist: drafts of other
// departments are not theirs to read.
func (s *Handler) adminLoadDocument(r *http.Request) (*publish.Document, error) {
	id, err := kit.PathID(r)
	if err != nil {
		return nil, err
	}
	doc, err := s.Store.Document(r.Context(), id)
	if err != nil {
		return nil, err
	}
	if u := kit.User(r); !apSeesAllDepartments(u) && doc.DeptID != u.DeptID {
		return nil, apErrDocNotFound
	}
	return doc, nil
}

func apDocURL(id int64) string { return "/admin/documents/" + strconv.FormatInt(id, 10) }

// AdminDocumentsPage lists documents: an editor's department, or for reviewers
// and the 政务公开办 every department (with a department filter).
func (s *Handler) AdminDocumentsPage(w http.ResponseWriter, r *http.Request) error {
	u := kit.User(r)
	q := r.URL.Query()
	f := store.StaffFilter{DeptID: u.DeptID}
	if apSeesAllDepartments(u) {
		f.DeptID = kit.FormID(q.Get("dept"))
	}
	state := q.Get("state")
	switch state {
	case "":
	case "withdrawn":
		f.Withdrawn = true
	default:
		if publish.State(state).Label() == "" {
			return errs.New(errs.Invalid, "web.adminDocumentsPage", "invalid_state", "未知的文件状态。")
		}
		f.State = publish.State(state)
	}
	list, err := s.Store.StaffDocuments(r.Context(), f)
	if err != nil {
		return err
	}
	ref, err := s.adminLoadRefs(r)
	if err != nil {
		return err
	}
	rows := make([]apDocRow, len(list))
	for i, d := range list {
		rows[i] = apDocRow{Doc: d.Doc, Rev: d.Rev, Dept: ref.DeptName[d.Doc.DeptID], Author: ref.UserName[d.Rev.AuthorID]}
	}
	s.Render(w, r, http.StatusOK, "admin_documents", map[string]any{"Title": "文件管理", "Rows": rows, "States": apDocStates,
		"State": state, "Dept": f.DeptID, "AllDepts": apSeesAllDepartments(u), "Refs": ref})
	return nil
}

// AdminReviewPage is the reviewer's inbox: submitted revisions, oldest first.
func (s *Handler) AdminReviewPage(w http.ResponseWriter, r *http.Request) error {
	list, err := s.Store.StaffDocuments(r.Context(), store.StaffFilter{State: publish.Submitted, Oldest: true})
	if err != nil {
		return err
	}
	ref, err := s.adminLoadRefs(r)
	if err != nil {
		return err
	}
	rows := make([]apDocRow, len(list))
	for i, d := range list {
		rows[i] = apDocRow{Doc: d.Doc, Rev: d.Rev, Dept: ref.DeptName[d.Doc.DeptID], Author: ref.UserName[d.Rev.AuthorID]}
	}
	s.Render(w, r, http.StatusOK, "admin_review", map[string]any{"Title": "待审核文件", "Rows": rows, "Refs": ref})
	return nil
}

// apDocForm is the editor form as typed: the parsed content plus the raw
// text of the fields that failed to parse, so a re-rendered form shows
// exactly what the user entered.
type apDocForm struct {
	publish.Content
	WrittenRaw, EffectiveRaw string
	ChangeNote               string
	Version                  int64
}

func apFormIDs(vals []string) []int64 {
	var out []int64
	for _, v := range vals {
		if id := kit.FormID(v); id > 0 {
			out = append(out, id)
		}
	}
	return out
}

// apParseDocForm reads the editor form. Dates that do not parse are
// reported in Chinese, naming the field; everything else is checked by the
// domain and the store.
func apParseDocForm(r *http.Request) (*apDocForm, error) {
	if err := r.ParseForm(); err != nil {
		return &apDocForm{}, errs.New(errs.Invalid, "web.apParseDocForm", "bad_form", "表单内容有误。")
	}
	p := r.PostForm
	f := &apDocForm{
		Content: publish.Content{
			Title:          p.Get("title"),
			OrganIDs:       apFormIDs(p["organ"]),
			DocNumber:      p.Get("doc_number"),
			Theme:          strings.TrimSpace(p.Get("theme")),
			Genre:          strings.TrimSpace(p.Get("genre")),
			Keywords:       p.Get("keywords"),
			Summary:        p.Get("summary"),
			Body:           p.Get("body"),
			Attribute:      publish.Attribute(p.Get("attribute")),
			Classified:     p.Get("classified") == "1",
			ColumnIDs:      apFormIDs(p["column"]),
			CatalogIDs:     apFormIDs(p["catalog"]),
			NeedsInterpret: p.Get("needs_interp") == "1",
			PointIDs:       apFormIDs(p["point"]),
			Audience:       p.Get("audience"),
		},
		WrittenRaw:   strings.TrimSpace(p.Get("written_on")),
		EffectiveRaw: strings.TrimSpace(p.Get("effective_on")),
		ChangeNote:   strings.TrimSpace(p.Get("change_note")),
		Version:      kit.FormID(p.Get("version")),
	}
	if f.Attribute == publish.Withheld {
		f.WithheldReason = publish.WithheldReason(p.Get("withheld_reason"))
	}
	if f.Genre == publish.GenreInterpretation {
		f.Interprets = kit.FormID(p.Get("interprets"))
		f.InterpretForm = publish.InterpretationForm(p.Get("interpret_form"))
	}
	var err error
	if f.WrittenRaw != "" {
		if f.WrittenOn, err = kit.DateParam("成文日期", f.WrittenRaw); err != nil {
			return f, err
		}
	}
	if f.EffectiveRaw != "" {
		if f.EffectiveOn, err = kit.DateParam("实施日期", f.EffectiveRaw); err != nil {
			return f, err
		}
	}
	return f, nil
}

// apFormOf fills the editor form from stored content.
func apFormOf(c publish.Content, changeNote string, version int64) *apDocForm {
	return &apDocForm{Content: c, WrittenRaw: c.WrittenOn.String(), EffectiveRaw: c.EffectiveOn.String(), ChangeNote: changeNote, Version: version}
}

// adminEditorData is what the editor page needs besides the form.
func (s *Handler) adminEditorData(r *http.Request, doc *publish.Document, form *apDocForm) (map[string]any, error) {
	ref, err := s.adminLoadRefs(r)
	if err != nil {
		return nil, err
	}
	u := kit.User(r)
	// Candidate policies for a 解读: the department's documents that need
	// an interpretation (三同步), with their state so the editor picks the
	// right one.
	list, err := s.Store.StaffDocuments(r.Context(), store.StaffFilter{DeptID: u.DeptID})
	if err != nil {
		return nil, err
	}
	var policies []apDocRow
	for _, d := range list {
		if d.Rev.Content.NeedsInterpretation() && d.Rev.Content.Genre != publish.GenreInterpretation && (doc == nil || d.Doc.ID != doc.ID) {
			policies = append(policies, apDocRow{Doc: d.Doc, Rev: d.Rev})
		}
	}
	data := map[string]any{"Refs": ref, "Form": form, "Policies": policies, "Reasons": publish.WithheldReasons,
		"Forms":      []publish.InterpretationForm{publish.FormText, publish.FormGraphic, publish.FormQA, publish.FormMedia},
		"Attributes": []publish.Attribute{publish.Active, publish.OnRequest, publish.Withheld}}
	if doc == nil {
		data["Title"] = "新建文件"
		data["Action"] = "/admin/documents/new"
		return data, nil
	}
	data["Doc"] = doc
	if doc.OpenRev != 0 {
		open, err := s.Store.Revision(r.Context(), doc.OpenRev)
		if err != nil {
			return nil, err
		}
		data["Can"] = apAllowed(store.ActorOf(u), doc, open)
	}
	data["Action"] = apDocURL(doc.ID) + "/edit"
	data["Revising"] = doc.PublishedRev != 0
	data["Title"] = "编辑文件：" + form.Title
	if doc.OpenRev != 0 {
		rev, err := s.Store.Revision(r.Context(), doc.OpenRev)
		if err != nil {
			return nil, err
		}
		data["Rev"] = rev
		if data["Attachments"], err = s.Store.RevisionAttachments(r.Context(), rev.ID); err != nil {
			return nil, err
		}
	}
	return data, nil
}

// AdminNewDocumentPage serves GET /admin/documents/new.
func (s *Handler) AdminNewDocumentPage(w http.ResponseWriter, r *http.Request) error {
	u := kit.User(r)
	form := &apDocForm{Content: publish.Content{Attribute: publish.Active}}
	if u.DeptID != 0 {
		form.OrganIDs = []int64{u.DeptID}
	}
	data, err := s.adminEditorData(r, nil, form)
	return s.Show(w, r, "admin_document_form", data, err)
}

// AdminCreateDocument serves POST /admin/documents/new.
func (s *Handler) AdminCreateDocument(w http.ResponseWriter, r *http.Request) error {
	form, err := apParseDocForm(r)
	var doc *publish.Document
	if err == nil {
		doc, err = s.Store.CreateDocument(r.Context(), kit.User(r), form.Content)
	}
	if err != nil {
		return s.adminEditorError(w, r, err, nil, form)
	}
	return kit.Redirect(w, r, apDocURL(doc.ID)+"/edit", "doc_created")
}

// adminEditorError re-renders the editor with the user's input and the error.
// Only bad input and conflicts (a stale version) come back to the form.
func (s *Handler) adminEditorError(w http.ResponseWriter, r *http.Request, err error, doc *publish.Document, form *apDocForm) error {
	if !errs.Is(err, errs.Invalid) && !errs.Is(err, errs.Conflict) {
		return err
	}
	data, lerr := s.adminEditorData(r, doc, form)
	if lerr != nil {
		return lerr
	}
	code, msg := errs.Public(err)
	data["Error"] = msg
	data["Stale"] = code == "stale_version"
	s.Render(w, r, kit.StatusOf(err), "admin_document_form", data)
	return nil
}

// adminEditableDocument loads the document of an edit request; an editor of
// the department may edit the open revision while it is a draft or
// returned.
func (s *Handler) adminEditableDocument(r *http.Request) (*publish.Document, *publish.Revision, error) {
	doc, err := s.adminLoadDocument(r)
	if err != nil {
		return nil, nil, err
	}
	var rev *publish.Revision
	if doc.OpenRev != 0 {
		if rev, err = s.Store.Revision(r.Context(), doc.OpenRev); err != nil {
			return nil, nil, err
		}
	}
	if err := publish.Can(store.ActorOf(kit.User(r)), doc, rev, publish.ActEdit); err != nil {
		if code, _ := errs.Public(err); code == "other_department" {
			return nil, nil, apErrDocNotFound // another department's drafts are not shown to editors
		}
		return nil, nil, err
	}
	return doc, rev, nil
}

// apAllowed is what the actor may do with the document now, by action name,
// for the pages to show exactly the buttons the store would accept
// (publish.Can decides both).
func apAllowed(a publish.Actor, doc *publish.Document, open *publish.Revision) map[string]bool {
	can := map[string]bool{}
	for act, ok := range publish.Allowed(a, doc, open) {
		can[string(act)] = ok
	}
	return can
}

// AdminEditDocumentPage serves GET /admin/documents/{id}/edit.
func (s *Handler) AdminEditDocumentPage(w http.ResponseWriter, r *http.Request) error {
	doc, rev, err := s.adminEditableDocument(r)
	if err != nil {
		return err
	}
	data, err := s.adminEditorData(r, doc, apFormOf(rev.Content, rev.ChangeNote, doc.Version))
	return s.Show(w, r, "admin_document_form", data, err)
}

// AdminSaveDocument serves POST /admin/documents/{id}/edit.
func (s *Handler) AdminSaveDocument(w http.ResponseWriter, r *http.Request) error {
	doc, err := s.adminLoadDocument(r)
	if err != nil {
		return err
	}
	form, err := apParseDocForm(r)
	if err == nil {
		err = s.Store.SaveDraft(r.Context(), kit.User(r), doc.ID, form.Version, form.Content, form.ChangeNote)
	}
	if err != nil {
		return s.adminEditorError(w, r, err, doc, form)
	}
	return kit.Redirect(w, r, apDocURL(doc.ID), "doc_saved")
}

// apUploadLimit bounds an attachment request: the largest attachment and
// room for the form around it.
const apUploadLimit = publish.MaxAttachment + 1<<20

// AdminUploadAttachment serves POST /admin/documents/{id}/attachments.
func (s *Handler) AdminUploadAttachment(w http.ResponseWriter, r *http.Request) error {
	doc, err := s.adminLoadDocument(r)
	if err != nil {
		return err
	}
	fail := func(err error) error {
		if !errs.Is(err, errs.Invalid) && !errs.Is(err, errs.Conflict) {
			return err
		}
		_, msg := errs.Public(err)
		return s.adminAttachError(w, r, msg, kit.StatusOf(err))
	}
	r.Body = http.MaxBytesReader(w, r.Body, apUploadLimit)
	if err := r.ParseMultipartForm(1 << 20); err != nil {
		if tooBig := new(http.MaxBytesError); errors.As(err, &tooBig) {
			return s.adminAttachError(w, r, "附件不能超过 20 MB。", http.StatusRequestEntityTooLarge)
		}
		return fail(errs.New(errs.Invalid, "web.adminUploadAttachment", "bad_upload", "请选择要上传的附件文件。"))
	}
	file, hdr, err := r.FormFile("file")
	if err != nil {
		return fail(errs.New(errs.Invalid, "web.adminUploadAttachment", "file_required", "请选择要上传的附件文件。"))
	}
	defer file.Close()
	if hdr.Size > publish.MaxAttachment {
		return s.adminAttachError(w, r, "附件不能超过 20 MB。", http.StatusRequestEntityTooLarge)
	}
	data := make([]byte, hdr.Size)
	if _, err := io.ReadFull(file, data); err != nil {
		return fail(errs.New(errs.Invalid, "web.adminUploadAttachment", "bad_upload", "附件读取失败，请重新上传。"))
	}
	if _, err := s.Store.AddAttachment(r.Context(), kit.User(r), doc.ID, kit.FormID(r.PostFormValue("version")), hdr.Filename, data); err != nil {
		return fail(err)
	}
	return kit.Redirect(w, r, apDocURL(doc.ID)+"/edit#attachments", "doc_attached")
}

// adminAttachError shows the editor page with an upload error beside the
// upload form.
func (s *Handler) adminAttachError(w http.ResponseWriter, r *http.Request, msg string, status int) error {
	doc, rev, err := s.adminEditableDocument(r)
	if err != nil {
		return err
	}
	data, err := s.adminEditorData(r, doc, apFormOf(rev.Content, rev.ChangeNote, doc.Version))
	if err != nil {
		return err
	}
	data["AttachError"] = msg
	s.Render(w, r, status, "admin_document_form", data)
	return nil
}

// adminDetailData is everything the document page shows.
func (s *Handler) adminDetailData(r *http.Request, doc *publish.Document) (map[string]any, error) {
	ctx := r.Context()
	ref, err := s.adminLoadRefs(r)
	if err != nil {
		return nil, err
	}
	revs, err := s.Store.Revisions(ctx, doc.ID)
	if err != nil {
		return nil, err
	}
	var open, pub *publish.Revision
	for _, rv := range revs {
		switch rv.ID {
		case doc.OpenRev:
			open = rv
		case doc.PublishedRev:
			pub = rv
		}
	}
	cur := open
	if cur == nil {
		cur = pub
	}
	if cur == nil && len(revs) > 0 {
		cur = revs[0]
	}
	if cur == nil {
		return nil, apErrDocNotFound
	}
	u := kit.User(r)
	data := map[string]any{"Title": "文件：" + cur.Content.Title, "Doc": doc, "Open": open, "Pub": pub, "Cur": cur, "Revisions": revs,
		"Refs": ref, "State": apDocStateLabel(doc, cur), "Dept": ref.DeptName[doc.DeptID],
		"Withdraws":  []publish.WithdrawReason{publish.WithdrawError, publish.WithdrawReplaced, publish.WithdrawNotInForce},
		"Validities": []publish.Validity{publish.Valid, publish.Expired, publish.Repealed, publish.Amended}}
	if data["Attachments"], err = s.Store.RevisionAttachments(ctx, cur.ID); err != nil {
		return nil, err
	}
	if cur.Content.Interprets != 0 {
		if p, err := s.Store.Document(ctx, cur.Content.Interprets); err == nil {
			data["Interprets"] = s.adminDocTitle(r, p)
		}
	}
	if cur.Content.NeedsInterpretation() {
		// The interpretations drafted for this policy (三同步), from its department.
		list, err := s.Store.StaffDocuments(ctx, store.StaffFilter{DeptID: doc.DeptID})
		if err != nil {
			return nil, err
		}
		var interps []apDocRow
		for _, d := range list {
			if d.Rev.Content.Genre == publish.GenreInterpretation && d.Rev.Content.Interprets == doc.ID {
				interps = append(interps, apDocRow{Doc: d.Doc, Rev: d.Rev})
			}
		}
		data["Interpretations"] = interps
	}
	for _, link := range []struct {
		key string
		id  int64
	}{{"ReplacedBy", doc.ReplacedBy}, {"ValidityBy", doc.ValidityLink}} {
		if link.id != 0 {
			if p, err := s.Store.Document(ctx, link.id); err == nil {
				data[link.key] = s.adminDocTitle(r, p)
			}
		}
	}
	a := store.ActorOf(u)
	data["Can"] = apAllowed(a, doc, open)
	code, _ := errs.Public(publish.Can(a, doc, open, publish.ActReview))
	data["OwnDraft"] = open != nil && open.State == publish.Submitted && code == "own_draft"
	data["PublicURL"] = ""
	if doc.Public() && doc.IndexNumber != "" {
		data["PublicURL"] = "/docs/" + url.PathEscape(doc.IndexNumber)
	}
	return data, nil
}

// apDocLink names another document for staff: its title and index number.
type apDocLink struct {
	ID          int64
	Title       string
	IndexNumber string
	State       string
}

func (s *Handler) adminDocTitle(r *http.Request, d *publish.Document) *apDocLink {
	l := &apDocLink{ID: d.ID, IndexNumber: d.IndexNumber}
	rid := d.OpenRev
	if rid == 0 {
		rid = d.PublishedRev
	}
	if rid != 0 {
		if rv, err := s.Store.Revision(r.Context(), rid); err == nil {
			l.Title, l.State = rv.Content.Title, apDocStateLabel(d, rv)
		}
	}
	return l
}

// AdminDocumentPage serves GET /admin/documents/{id}.
func (s *Handler) AdminDocumentPage(w http.ResponseWriter, r *http.Request) error {
	doc, err := s.adminLoadDocument(r)
	if err != nil {
		return err
	}
	data, err := s.adminDetailData(r, doc)
	return s.Show(w, r, "admin_document", data, err)
}

// adminDocAction runs one workflow step on the document in the URL and comes
// back to its page, or re-renders the page with the store's message.
func (s *Handler) adminDocAction(w http.ResponseWriter, r *http.Request, do func(doc *publish.Document, version int64) (string, error)) error {
	doc, err := s.adminLoadDocument(r)
	if err != nil {
		return err
	}
	flash, err := do(doc, kit.FormID(r.PostFormValue("version")))
	if err != nil {
		if !errs.Is(err, errs.Invalid) && !errs.Is(err, errs.Conflict) {
			return err
		}
		if doc, err2 := s.Store.Document(r.Context(), doc.ID); err2 == nil {
			data, lerr := s.adminDetailData(r, doc)
			if lerr != nil {
				return lerr
			}
			_, data["Error"] = errs.Public(err)
			data["Form"] = r.PostForm
			s.Render(w, r, kit.StatusOf(err), "admin_document", data)
			return nil
		}
		return err
	}
	return kit.Redirect(w, r, apDocURL(doc.ID), flash)
}

// AdminSubmitDocument serves POST /admin/documents/{id}/submit.
func (s *Handler) AdminSubmitDocument(w http.ResponseWriter, r *http.Request) error {
	return s.adminDocAction(w, r, func(doc *publish.Document, version int64) (string, error) {
		return "doc_submitted", s.Store.SubmitDocument(r.Context(), kit.User(r), doc.ID, version)
	})
}

// apParsePublishAt reads an optional 定时发布 time "YYYY-MM-DD HH:MM" in
// Beijing time.
func apParsePublishAt(v string) (time.Time, error) {
	v = strings.TrimSpace(strings.Replace(v, "T", " ", 1))
	if v == "" {
		return time.Time{}, nil
	}
	t, err := time.ParseInLocation("2006-01-02 15:04", v, calendar.Zone)
	if err != nil {
		return time.Time{}, errs.New(errs.Invalid, "web.apParsePublishAt", "invalid_publish_at", "定时发布时间格式应为“YYYY-MM-DD HH:MM”（北京时间），例如 2026-03-05 09:00。")
	}
	return t, nil
}

// AdminReviewDocument serves POST /admin/documents/{id}/review.
func (s *Handler) AdminReviewDocument(w http.ResponseWriter, r *http.Request) error {
	return s.adminDocAction(w, r, func(doc *publish.Document, version int64) (string, error) {
		const op = "web.adminReviewDocument"
		var approve bool
		switch r.PostFormValue("approve") {
		case "1":
			approve = true
		case "0":
		default:
			return "", errs.New(errs.Invalid, op, "decision_required", "请选择“审核通过”或“退回”。")
		}
		at, err := apParsePublishAt(r.PostFormValue("publish_at"))
		if err != nil {
			return "", err
		}
		if !at.IsZero() && !approve {
			return "", errs.New(errs.Invalid, op, "publish_at_on_return", "退回时不能设定定时发布时间。")
		}
		if !at.IsZero() && !at.After(s.Now()) {
			return "", errs.New(errs.Invalid, op, "publish_at_past", "定时发布时间应晚于当前时间；立即发布请留空。")
		}
		if err := s.Store.ReviewDocument(r.Context(), kit.User(r), doc.ID, version, approve, r.PostFormValue("note"), at); err != nil {
			return "", err
		}
		if !approve {
			return "doc_returned", nil
		}
		after, err := s.Store.Document(r.Context(), doc.ID)
		if err != nil {
			return "", err
		}
		switch {
		case after.OpenRev == 0 && after.PublishedRev != 0:
			return "doc_published", nil
		case !at.IsZero():
			if rv, err := s.Store.Revision(r.Context(), after.OpenRev); err == nil && rv.State == publish.Scheduled {
				return "doc_scheduled", nil
			}
		}
		return "doc_approved", nil
	})
}

// AdminReviseDocument serves POST /admin/documents/{id}/revise.
func (s *Handler) AdminReviseDocument(w http.ResponseWriter, r *http.Request) error {
	doc, err := s.adminLoadDocument(r)
	if err != nil {
		return err
	}
	if err := s.Store.ReviseDocument(r.Context(), kit.User(r), doc.ID, kit.FormID(r.PostFormValue("version"))); err != nil {
		return s.adminDocAction(w, r, func(*publish.Document, int64) (string, error) { return "", err })
	}
	return kit.Redirect(w, r, apDocURL(doc.ID)+"/edit", "doc_revised")
}

// AdminReopenDocument sends an approved or scheduled version back to draft.
func (s *Handler) AdminReopenDocument(w http.ResponseWriter, r *http.Request) error {
	return s.adminDocAction(w, r, func(doc *publish.Document, version int64) (string, error) {
		return "doc_reopened", s.Store.ReopenDocument(r.Context(), kit.User(r), doc.ID, version)
	})
}

// adminDocByIndex resolves an index number typed by staff to a published
// document.
func (s *Handler) adminDocByIndex(r *http.Request, field, v string) (int64, error) {
	v = strings.TrimSpace(v)
	if v == "" {
		return 0, nil
	}
	p, repl, err := s.Store.PublicDocument(r.Context(), v, 0)
	if err != nil || p == nil {
		if errs.Is(err, errs.NotFound) || (err == nil && repl != "") {
			return 0, errs.Newf(errs.Invalid, "web.adminDocByIndex", "unknown_index_number", "%s“%s”不是一份已发布的文件。", field, v)
		}
		return 0, err
	}
	return p.Doc.ID, nil
}

// AdminWithdrawDocument serves POST /admin/documents/{id}/withdraw.
func (s *Handler) AdminWithdrawDocument(w http.ResponseWriter, r *http.Request) error {
	return s.adminDocAction(w, r, func(doc *publish.Document, version int64) (string, error) {
		reason := publish.WithdrawReason(r.PostFormValue("reason"))
		if reason.Label() == "" {
			return "", errs.New(errs.Invalid, "web.adminWithdrawDocument", "invalid_withdraw_reason", "请选择撤回原因：发布错误、被替代或不再有效。")
		}
		var repl int64
		if reason == publish.WithdrawReplaced {
			var err error
			if repl, err = s.adminDocByIndex(r, "替代文件索引号", r.PostFormValue("replaced_by")); err != nil {
				return "", err
			}
		}
		return "doc_withdrawn", s.Store.WithdrawDocument(r.Context(), kit.User(r), doc.ID, version, reason, repl, r.PostFormValue("note"))
	})
}

// AdminSetDocumentValidity serves POST /admin/documents/{id}/validity.
func (s *Handler) AdminSetDocumentValidity(w http.ResponseWriter, r *http.Request) error {
	return s.adminDocAction(w, r, func(doc *publish.Document, version int64) (string, error) {
		v := publish.Validity(r.PostFormValue("validity"))
		if v.Label() == "" {
			return "", errs.New(errs.Invalid, "web.adminSetDocumentValidity", "invalid_validity", "请选择有效性：有效、失效、废止或已修订。")
		}
		var on calendar.Date
		if raw := strings.TrimSpace(r.PostFormValue("on")); raw != "" {
			var err error
			if on, err = kit.DateParam("有效性变更日期", raw); err != nil {
				return "", err
			}
		}
		link, err := s.adminDocByIndex(r, "关联文件索引号", r.PostFormValue("link"))
		if err != nil {
			return "", err
		}
		return "doc_validity", s.Store.SetValidity(r.Context(), kit.User(r), doc.ID, version, v, on, link)
	})
}

// adminRevisionOf finds revision number {no} of the document in the URL.
func (s *Handler) adminRevisionOf(r *http.Request) (*publish.Document, *publish.Revision, []*publish.Revision, error) {
	doc, err := s.adminLoadDocument(r)
	if err != nil {
		return nil, nil, nil, err
	}
	no, err := strconv.Atoi(r.PathValue("no"))
	if err != nil || no < 1 {
		return nil, nil, nil, errs.New(errs.NotFound, "web.adminRevisionOf", "revision_not_found", "版本不存在。")
	}
	revs, err := s.Store.Revisions(r.Context(), doc.ID)
	if err != nil {
		return nil, nil, nil, err
	}
	for _, rv := range revs {
		if rv.No == no {
			return doc, rv, revs, nil
		}
	}
	return nil, nil, nil, errs.New(errs.NotFound, "web.adminRevisionOf", "revision_not_found", "版本不存在。")
}

// AdminRevisionPage serves GET /admin/documents/{id}/revisions/{no}.
func (s *Handler) AdminRevisionPage(w http.ResponseWriter, r *http.Request) error {
	doc, rev, _, err := s.adminRevisionOf(r)
	if err != nil {
		return err
	}
	ref, err := s.adminLoadRefs(r)
	if err != nil {
		return err
	}
	atts, err := s.Store.RevisionAttachments(r.Context(), rev.ID)
	if err != nil {
		return err
	}
	s.Render(w, r, http.StatusOK, "admin_revision", map[string]any{"Title": "第 " + strconv.Itoa(rev.No) + " 版：" + rev.Content.Title,
		"Doc": doc, "Rev": rev, "Refs": ref, "Attachments": atts})
	return nil
}

// AdminRevisionDiffPage serves GET /admin/documents/{id}/revisions/{no}/diff.
func (s *Handler) AdminRevisionDiffPage(w http.ResponseWriter, r *http.Request) error {
	doc, rev, revs, err := s.adminRevisionOf(r)
	if err != nil {
		return err
	}
	ref, err := s.adminLoadRefs(r)
	if err != nil {
		return err
	}
	var prev *publish.Revision
	for _, rv := range revs {
		if rv.No < rev.No && (prev == nil || rv.No > prev.No) {
			prev = rv
		}
	}
	var old []string
	if prev != nil {
		old = apRevisionLines(prev, ref)
	}
	ops := apDiffLines(old, apRevisionLines(rev, ref))
	changed := 0
	for _, o := range ops {
		if o.Kind != apDiffSame {
			changed++
		}
	}
	s.Render(w, r, http.StatusOK, "admin_diff", map[string]any{"Title": "第 " + strconv.Itoa(rev.No) + " 版的修改：" + rev.Content.Title,
		"Doc": doc, "Rev": rev, "Prev": prev, "Ops": ops, "Changed": changed})
	return nil
}

// apRevisionLines renders a revision's fields as the lines the diff compares.
func apRevisionLines(rv *publish.Revision, ref *apPubRefs) []string {
	c := &rv.Content
	names := func(ids []int64, m map[int64]string) string {
		var out []string
		for _, id := range ids {
			out = append(out, m[id])
		}
		return strings.Join(out, "、")
	}
	attr := c.Attribute.Label()
	if c.Attribute == publish.Withheld {
		attr += "（" + publish.ReasonLabel(c.WithheldReason) + "）"
	}
	lines := []string{
		"标题：" + c.Title,
		"发布机构：" + names(c.OrganIDs, ref.DeptName),
		"发文字号：" + c.DocNumber,
		"成文日期：" + c.WrittenOn.String(),
		"实施日期：" + c.EffectiveOn.String(),
		"主题分类：" + ref.ThemeName[c.Theme],
		"体裁：" + ref.GenreName[c.Genre],
		"关键词：" + c.Keywords,
		"内容概述：" + c.Summary,
		"公开属性：" + attr,
		"栏目：" + names(c.ColumnIDs, ref.ColumnName),
		"目录事项：" + names(c.CatalogIDs, ref.CatalogName),
	}
	if c.Classified {
		lines = append(lines, "涉密状态：涉密")
	}
	if c.Audience != "" || len(c.PointIDs) > 0 {
		lines = append(lines, "定点公开："+names(c.PointIDs, ref.PointName), "定向公开："+c.Audience)
	}
	if rv.ChangeNote != "" {
		lines = append(lines, "修订说明："+rv.ChangeNote)
	}
	lines = append(lines, "正文：")
	return append(lines, apTextLines(c.Body)...)
}
