package store

import (
	"context"
	"database/sql"
	"fmt"
	"strconv"
	"strings"
	"time"

	"gongkai/internal/auth"
	"gongkai/internal/calendar"
	"gongkai/internal/errs"
	"gongkai/internal/publish"
	"gongkai/internal/richtext"
)

const documentColumns = "id, index_number, dept_id, published_rev, open_rev, withdrawn, replaced_by, validity, validity_on, validity_link, first_published, last_published, version"

func scanDocument(sc interface{ Scan(...any) error }) (*publish.Document, error) {
	var d publish.Document
	dest, finish := documentDest(&d)
	if err := sc.Scan(dest...); err != nil {
		return nil, translate(err)
	}
	finish()
	return &d, nil
}

// documentDest returns the scan destinations of documentColumns for d, and
// the function that converts them once scanned (shared by the joined
// document and revision rows of the listings).
func documentDest(d *publish.Document) (dest []any, finish func()) {
	var index sql.NullString
	var validityOn string
	var first, last int64
	return []any{&d.ID, &index, &d.DeptID, &d.PublishedRev, &d.OpenRev, &d.Withdrawn, &d.ReplacedBy, &d.Validity,
			&validityOn, &d.ValidityLink, &first, &last, &d.Version}, func() {
			d.IndexNumber = index.String
			d.ValidityOn, _ = calendar.ParseDate(validityOn)
			d.FirstPublished, d.LastPublished = fromMicros(first), fromMicros(last)
		}
}

const revisionColumns = `id, doc_id, no, state, title, doc_number, written_on, effective_on, published_on, theme, genre, keywords, summary, body,
	attribute, withheld_reason, classified, needs_interp, interprets, interpret_form, audience, change_note, author_id, reviewer_id, review_note,
	publish_at, created_at, updated_at`

func scanRevision(sc interface{ Scan(...any) error }) (*publish.Revision, error) {
	var r publish.Revision
	dest, finish := revisionDest(&r)
	if err := sc.Scan(dest...); err != nil {
		return nil, translate(err)
	}
	finish()
	return &r, nil
}

// revisionDest is documentDest for revisionColumns.
func revisionDest(r *publish.Revision) (dest []any, finish func()) {
	c := &r.Content
	var written, effective, published string
	var publishAt, created, updated int64
	return []any{&r.ID, &r.DocID, &r.No, &r.State, &c.Title, &c.DocNumber, &written, &effective, &published, &c.Theme, &c.Genre,
			&c.Keywords, &c.Summary, &c.Body, &c.Attribute, &c.WithheldReason, &c.Classified, &c.NeedsInterpret, &c.Interprets, &c.InterpretForm,
			&c.Audience, &r.ChangeNote, &r.AuthorID, &r.ReviewerID, &r.ReviewNote, &publishAt, &created, &updated}, func() {
			c.WrittenOn, _ = calendar.ParseDate(written)
			c.EffectiveOn, _ = calendar.ParseDate(effective)
			r.PublishedOn, _ = calendar.ParseDate(published)
			r.PublishAt, r.Created, r.Updated = fromMicros(publishAt), fromMicros(created), fromMicros(updated)
		}
}

// loadLinks fills a revision's organ, column, catalog and point lists.
func loadLinks(q querier, r *publish.Revision) error {
	lists := []struct {
		sql string
		dst *[]int64
	}{
		{"SELECT dept_id FROM revision_organs WHERE rev_id = ? ORDER BY position", &r.Content.OrganIDs},
		{"SELECT column_id FROM revision_columns WHERE rev_id = ? ORDER BY column_id", &r.Content.ColumnIDs},
		{"SELECT item_id FROM revision_catalog WHERE rev_id = ? ORDER BY item_id", &r.Content.CatalogIDs},
		{"SELECT point_id FROM revision_points WHERE rev_id = ? ORDER BY point_id", &r.Content.PointIDs},
		{"SELECT user_id FROM revision_editors WHERE rev_id = ? ORDER BY user_id", &r.Editors},
	}
	for _, l := range lists {
		ids, err := q.ids(l.sql, r.ID)
		if err != nil {
			return err
		}
		*l.dst = ids
	}
	return nil
}

// querier is what reads need, inside or outside a transaction.
type querier interface {
	ids(q string, args ...any) ([]int64, error)
	row(q string, args ...any) *sql.Row
}

// reader is a place to read rows from: the store's read pool (storeQ) or a
// write transaction (*Tx), so one query serves both.
type reader interface {
	row(q string, args ...any) *sql.Row
	rowsOf(q string, args ...any) (*sql.Rows, error)
}

type storeQ struct {
	s   *Store
	ctx context.Context
}

func (q storeQ) row(query string, args ...any) *sql.Row { return q.s.queryRow(q.ctx, query, args...) }
func (q storeQ) ids(query string, args ...any) ([]int64, error) {
	var out []int64
	err := q.s.queryAll(q.ctx, "store.ids", query, args, func(rows *sql.Rows) error {
		var id int64
		out = append(out, 0)
		err := rows.Scan(&id)
		out[len(out)-1] = id
		return err
	})
	return out, err
}

func (tx *Tx) row(query string, args ...any) *sql.Row { return tx.queryRow(query, args...) }
func (tx *Tx) ids(query string, args ...any) ([]int64, error) {
	rows, err := tx.tx.QueryContext(tx.ctx, tx.s.rebind(query), args...)
	if err != nil {
		return nil, translate(err)
	}
	defer rows.Close()
	var out []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return nil, translate(err)
		}
		out = append(out, id)
	}
	return out, translate(rows.Err())
}

func getDocument(q querier, id int64) (*publish.Document, error) {
	d, err := scanDocument(q.row("SELECT "+documentColumns+" FROM documents WHERE id = ?", id))
	return d, notFound(err, "document_not_found", "文件不存在。")
}

func getRevision(q querier, id int64) (*publish.Revision, error) {
	r, err := scanRevision(q.row("SELECT "+revisionColumns+" FROM revisions WHERE id = ?", id))
	if err != nil {
		return nil, notFound(err, "revision_not_found", "版本不存在。")
	}
	return r, loadLinks(q, r)
}

// Document returns a document for staff.
func (s *Store) Document(ctx context.Context, id int64) (*publish.Document, error) {
	d, err := getDocument(storeQ{s, ctx}, id)
	return d, errs.Wrap("store.Document", err)
}

// Revision returns one revision with its links.
func (s *Store) Revision(ctx context.Context, id int64) (*publish.Revision, error) {
	r, err := getRevision(storeQ{s, ctx}, id)
	return r, errs.Wrap("store.Revision", err)
}

// Revisions lists a document's revisions, newest first (the history staff see).
func (s *Store) Revisions(ctx context.Context, docID int64) ([]*publish.Revision, error) {
	var out []*publish.Revision
	err := s.queryAll(ctx, "store.Revisions", "SELECT "+revisionColumns+" FROM revisions WHERE doc_id = ? ORDER BY no DESC", []any{docID}, func(rows *sql.Rows) error {
		r, err := scanRevision(rows)
		out = append(out, r)
		return err
	})
	if err != nil {
		return nil, err
	}
	for _, r := range out {
		if err := loadLinks(storeQ{s, ctx}, r); err != nil {
			return nil, errs.Wrap("store.Revisions", err)
		}
	}
	return out, nil
}

// ActorOf states what the workflow (publish.Can) needs to know about a user;
// the back office asks with the same facts to decide what it offers.
func ActorOf(u *auth.User) publish.Actor {
	return publish.Actor{UserID: u.ID, DeptID: u.DeptID, CanDraft: u.Can(auth.DraftDocuments), CanReview: u.Can(auth.ReviewDocuments),
		CanSupervise: u.Can(auth.Supervise)}
}

// systemActor is the scheduler publishing due revisions.
var systemActor = publish.Actor{System: true}

// lockDocument loads a document for a change and checks the version the
// user last saw, so concurrent edits are detected, never silently lost.
func (tx *Tx) lockDocument(id, version int64) (*publish.Document, error) {
	r, err := tx.exec("UPDATE documents SET version = version + 1, updated_at = ? WHERE id = ? AND version = ?", micros(tx.now), id, version)
	if err != nil {
		return nil, err
	}
	if n, _ := r.RowsAffected(); n == 0 {
		if _, err := getDocument(tx, id); err != nil {
			return nil, err
		}
		return nil, errs.New(errs.Conflict, "store.lockDocument", "stale_version", "该文件已被他人修改，请刷新页面查看最新内容后再操作。")
	}
	return getDocument(tx, id)
}

// checkContentRefs verifies that the content's codes and ids exist and that
// an interpretation's policy is one this department may interpret.
func (tx *Tx) checkContentRefs(c *publish.Content, deptID int64) error {
	const op = "store.checkContentRefs"
	exists := func(q string, arg any, code, msg string) error {
		key := q + "\x00" + fmt.Sprint(arg)
		if tx.exists[key] {
			return nil
		}
		var one int
		if err := tx.queryRow(q, arg).Scan(&one); err != nil {
			return notFound(translate(err), code, msg)
		}
		if tx.exists == nil {
			tx.exists = map[string]bool{}
		}
		tx.exists[key] = true
		return nil
	}
	if c.Theme != "" {
		if err := exists("SELECT 1 FROM themes WHERE code = ? AND active = TRUE", c.Theme, "unknown_theme", "主题分类“"+c.Theme+"”不存在或已停用。"); err != nil {
			return invalid(err)
		}
	}
	if c.Genre != "" {
		if err := exists("SELECT 1 FROM genres WHERE code = ? AND active = TRUE", c.Genre, "unknown_genre", "体裁“"+c.Genre+"”不存在或已停用。"); err != nil {
			return invalid(err)
		}
	}
	checks := []struct {
		table string
		ids   []int64
		msg   string
	}{
		{"departments", c.OrganIDs, "所选发布机构不存在。"},
		{"columns", c.ColumnIDs, "所选栏目不存在。"},
		{"catalog_items", c.CatalogIDs, "所选目录事项不存在。"},
		{"points", c.PointIDs, "所选查阅点不存在。"},
	}
	for _, ch := range checks {
		for _, id := range ch.ids {
			if err := exists("SELECT 1 FROM "+ch.table+" WHERE id = ?", id, "unknown_reference", ch.msg); err != nil {
				return invalid(err)
			}
		}
	}
	if c.Interprets != 0 {
		var dept, published int64
		var attribute, withdrawn string
		err := tx.queryRow(`SELECT d.dept_id, d.published_rev, d.withdrawn, r.attribute FROM documents d
			JOIN revisions r ON r.id = CASE WHEN d.open_rev <> 0 THEN d.open_rev ELSE d.published_rev END WHERE d.id = ?`, c.Interprets).
			Scan(&dept, &published, &withdrawn, &attribute)
		if err != nil {
			return invalid(notFound(translate(err), "unknown_policy", "所解读的文件不存在。"))
		}
		switch {
		case dept != deptID && (published == 0 || withdrawn != ""):
			return errs.New(errs.Invalid, op, "unknown_policy", "只能解读本部门的文件或已公开的文件。")
		case attribute != string(publish.Active):
			return errs.New(errs.Invalid, op, "policy_not_active", "所解读的文件不是主动公开的文件，解读无法与其同步发布。")
		}
	}
	return nil
}

// invalid turns a not-found reference into bad input: the request named
// something that does not exist.
func invalid(err error) error {
	if errs.Is(err, errs.NotFound) {
		code, msg := errs.Public(err)
		return errs.New(errs.Invalid, "store", code, msg).WithErr(err)
	}
	return err
}

// writeRevisionContent stores content into revision rev (replacing links).
func (tx *Tx) writeRevisionContent(revID int64, c *publish.Content, changeNote string) error {
	return tx.writeContent(revID, c, changeNote, false)
}

// writeContent stores content into revision rev; a fresh revision has no
// links to replace.
func (tx *Tx) writeContent(revID int64, c *publish.Content, changeNote string, fresh bool) error {
	if _, err := tx.exec(`UPDATE revisions SET title = ?, doc_number = ?, written_on = ?, effective_on = ?, theme = ?, genre = ?, keywords = ?,
		summary = ?, body = ?, attribute = ?, withheld_reason = ?, classified = ?, needs_interp = ?, interprets = ?, interpret_form = ?,
		audience = ?, change_note = ?, updated_at = ? WHERE id = ?`,
		c.Title, c.DocNumber, c.WrittenOn.String(), c.EffectiveOn.String(), c.Theme, c.Genre, c.Keywords, c.Summary, c.Body,
		string(c.Attribute), string(c.WithheldReason), c.Classified, c.NeedsInterpret, c.Interprets, string(c.InterpretForm),
		c.Audience, changeNote, micros(tx.now), revID); err != nil {
		return err
	}
	for _, t := range []string{"revision_organs", "revision_columns", "revision_catalog", "revision_points"} {
		if fresh {
			break
		}
		if _, err := tx.exec("DELETE FROM "+t+" WHERE rev_id = ?", revID); err != nil {
			return err
		}
	}
	for i, id := range c.OrganIDs {
		if _, err := tx.exec("INSERT INTO revision_organs (rev_id, dept_id, position) VALUES (?, ?, ?)", revID, id, i); err != nil {
			return err
		}
	}
	links := []struct {
		q   string
		ids []int64
	}{
		{"INSERT INTO revision_columns (rev_id, column_id) VALUES (?, ?)", c.ColumnIDs},
		{"INSERT INTO revision_catalog (rev_id, item_id) VALUES (?, ?)", c.CatalogIDs},
		{"INSERT INTO revision_points (rev_id, point_id) VALUES (?, ?)", c.PointIDs},
	}
	for _, l := range links {
		for _, id := range l.ids {
			if _, err := tx.exec(l.q, revID, id); err != nil {
				return err
			}
		}
	}
	return nil
}

// newRevision inserts revision number no of doc in state Draft.
func (tx *Tx) newRevision(docID int64, no int, authorID int64, c *publish.Content, changeNote string) (int64, error) {
	id, err := tx.insert(`INSERT INTO revisions (doc_id, no, state, title, attribute, author_id, created_at, updated_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?)`, docID, no, string(publish.Draft), c.Title, string(c.Attribute), authorID, micros(tx.now), micros(tx.now))
	if err != nil {
		return 0, err
	}
	if err := tx.noteEditor(id, authorID); err != nil {
		return 0, err
	}
	return id, tx.writeContent(id, c, changeNote, true)
}

// keepImages lets every image through the HTML policy; the transaction
// then keeps those that are the revision's own (Tx.resolveImages).
func keepImages(src string) (string, bool) { return src, true }

// resolveImages keeps the <img> of c's body that point at revision revID's
// own image attachments (rewritten to their paths) and drops the others:
// another document's file is never shown, whatever its state.
func (tx *Tx) resolveImages(revID int64, c *publish.Content) error {
	if !strings.Contains(c.Body, "<img") {
		return nil
	}
	atts, err := revisionAttachments(tx, revID)
	if err != nil {
		return err
	}
	c.Body = richtext.ResolveImages(c.Body, publish.OwnImages(atts))
	return nil
}

// noteEditor records that a user wrote or submitted a revision.
func (tx *Tx) noteEditor(revID, userID int64) error {
	_, err := tx.exec("INSERT INTO revision_editors (rev_id, user_id) VALUES (?, ?) ON CONFLICT (rev_id, user_id) DO NOTHING", revID, userID)
	return err
}

// CreateDocument starts a document with its first draft, owned by the
// author's department.
func (s *Store) CreateDocument(ctx context.Context, u *auth.User, c publish.Content) (*publish.Document, error) {
	if err := newDocumentContent(u, &c); err != nil {
		return nil, err
	}
	var doc *publish.Document
	err := s.update(ctx, "store.CreateDocument", func(tx *Tx) (err error) {
		doc, err = tx.createDocument(u, &c)
		return err
	})
	return doc, err
}

// newDocumentContent readies c for a new document by u: normalised,
// sanitised, valid, and u allowed to draft.
func newDocumentContent(u *auth.User, c *publish.Content) error {
	c.Normalize()
	// A new document has no attachments yet: no image can be its own.
	c.Body = richtext.Sanitize(c.Body)
	if err := c.Validate(); err != nil {
		return err
	}
	return publish.Can(ActorOf(u), nil, nil, publish.ActCreate)
}

// createDocument drafts a new document of u's department with c (readied
// by newDocumentContent) as its first revision.
func (tx *Tx) createDocument(u *auth.User, c *publish.Content) (*publish.Document, error) {
	if err := tx.checkContentRefs(c, u.DeptID); err != nil {
		return nil, err
	}
	id, err := tx.insert("INSERT INTO documents (dept_id, validity, version, created_at, updated_at) VALUES (?, 'valid', 1, ?, ?)",
		u.DeptID, micros(tx.now), micros(tx.now))
	if err != nil {
		return nil, err
	}
	revID, err := tx.newRevision(id, 1, u.ID, c, "")
	if err != nil {
		return nil, err
	}
	if _, err := tx.exec("UPDATE documents SET open_rev = ? WHERE id = ?", revID, id); err != nil {
		return nil, err
	}
	doc, err := getDocument(tx, id)
	if err != nil {
		return nil, err
	}
	return doc, tx.record(u.Username, "document.create", docObject(id), map[string]string{"title": c.Title, "attribute": string(c.Attribute)})
}

func docObject(id int64) string { return "document:" + strconv.FormatInt(id, 10) }

// lockFor locks a document at the version the user saw and returns it with
// its open revision (nil when none) once publish.Can allows the action.
func (tx *Tx) lockFor(u *auth.User, docID, version int64, action publish.Action) (*publish.Document, *publish.Revision, error) {
	doc, err := tx.lockDocument(docID, version)
	if err != nil {
		return nil, nil, err
	}
	var rev *publish.Revision
	if doc.OpenRev != 0 {
		if rev, err = getRevision(tx, doc.OpenRev); err != nil {
			return nil, nil, err
		}
	}
	return doc, rev, publish.Can(ActorOf(u), doc, rev, action)
}

// SaveDraft replaces the content of the document's open revision.
func (s *Store) SaveDraft(ctx context.Context, u *auth.User, docID, version int64, c publish.Content, changeNote string) error {
	c.Normalize()
	c.Body = richtext.SanitizeBody(c.Body, keepImages)
	if err := c.Validate(); err != nil {
		return err
	}
	return s.update(ctx, "store.SaveDraft", func(tx *Tx) error {
		_, rev, err := tx.lockFor(u, docID, version, publish.ActEdit)
		if err != nil {
			return err
		}
		// Images stay only when they are this revision's own attachments.
		if err := tx.resolveImages(rev.ID, &c); err != nil {
			return err
		}
		if err := tx.noteEditor(rev.ID, u.ID); err != nil {
			return err
		}
		if err := tx.checkContentRefs(&c, u.DeptID); err != nil {
			return err
		}
		if err := tx.writeRevisionContent(rev.ID, &c, strings.TrimSpace(changeNote)); err != nil {
			return err
		}
		return tx.record(u.Username, "document.save", docObject(docID), map[string]string{"revision": strconv.Itoa(rev.No), "title": c.Title})
	})
}

// interpretationsOf returns the ids of the open or published revisions that
// interpret docID, with their states.
func (tx *Tx) interpretationsOf(docID int64) ([]*publish.Revision, error) {
	ids, err := tx.ids(`SELECT r.id FROM revisions r JOIN documents d ON d.id = r.doc_id
		WHERE r.interprets = ? AND r.genre = ? AND (r.id = d.open_rev OR r.id = d.published_rev) AND d.withdrawn = ''`, docID, publish.GenreInterpretation)
	if err != nil {
		return nil, err
	}
	var out []*publish.Revision
	for _, id := range ids {
		r, err := getRevision(tx, id)
		if err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	return out, nil
}

// SubmitDocument sends the open revision to review. A policy that needs an
// interpretation (三同步) can only go with one drafted beside it.
func (s *Store) SubmitDocument(ctx context.Context, u *auth.User, docID, version int64) error {
	return s.update(ctx, "store.SubmitDocument", func(tx *Tx) error {
		doc, rev, err := tx.lockFor(u, docID, version, publish.ActSubmit)
		if err != nil {
			return err
		}
		if err := publish.CheckSubmitInput(doc, rev); err != nil {
			return err
		}
		if err := tx.noteEditor(rev.ID, u.ID); err != nil {
			return err
		}
		if err := tx.checkContentRefs(&rev.Content, u.DeptID); err != nil {
			return err
		}
		interps, err := tx.interpretationsOf(docID)
		if err != nil {
			return err
		}
		if err := publish.CheckDraftedTogether(rev, interps); err != nil {
			return err
		}
		atts, err := revisionAttachments(tx, rev.ID)
		if err != nil {
			return err
		}
		if err := publish.CheckInterpretationFiles(&rev.Content, atts); err != nil {
			return err
		}
		if _, err := tx.exec("UPDATE revisions SET state = ?, review_note = '', updated_at = ? WHERE id = ?", string(publish.Submitted), micros(tx.now), rev.ID); err != nil {
			return err
		}
		return tx.record(u.Username, "document.submit", docObject(docID), map[string]string{"revision": strconv.Itoa(rev.No)})
	})
}

// ReviewDocument records the confidentiality and attribute review of the
// open revision: approve publishes it (with its interpretations, 三同步) or
// schedules it for publishAt; return sends it back with a note.
func (s *Store) ReviewDocument(ctx context.Context, u *auth.User, docID, version int64, approve bool, note string, publishAt time.Time) error {
	note = strings.TrimSpace(note)
	return s.update(ctx, "store.ReviewDocument", func(tx *Tx) error {
		doc, rev, err := tx.lockFor(u, docID, version, publish.ActReview)
		if err != nil {
			return err
		}
		if err := publish.CheckReviewInput(approve, note); err != nil {
			return err
		}
		if !approve {
			if _, err := tx.exec("UPDATE revisions SET state = ?, reviewer_id = ?, review_note = ?, updated_at = ? WHERE id = ?",
				string(publish.Returned), u.ID, note, micros(tx.now), rev.ID); err != nil {
				return err
			}
			return tx.record(u.Username, "document.return", docObject(docID), map[string]string{"revision": strconv.Itoa(rev.No), "note": note})
		}
		if _, err := tx.exec("UPDATE revisions SET state = ?, reviewer_id = ?, review_note = ?, updated_at = ? WHERE id = ?",
			string(publish.Approved), u.ID, note, micros(tx.now), rev.ID); err != nil {
			return err
		}
		if err := tx.record(u.Username, "document.approve", docObject(docID), map[string]string{"revision": strconv.Itoa(rev.No)}); err != nil {
			return err
		}
		rev.State = publish.Approved
		a := ActorOf(u)
		if publish.Can(a, doc, rev, publish.ActPublish) != nil {
			return nil // withheld and on-request documents stop at approved
		}
		if publishAt.After(tx.now) {
			if _, err := tx.exec("UPDATE revisions SET state = ?, publish_at = ? WHERE id = ?", string(publish.Scheduled), micros(publishAt), rev.ID); err != nil {
				return err
			}
			return tx.record(u.Username, "document.schedule", docObject(docID), map[string]string{"at": publishAt.UTC().Format(time.RFC3339)})
		}
		return tx.publishTogether(a, u.Username, doc, rev)
	})
}

// publishTogether publishes an approved revision as publish.PlanPublication
// decides (三同步): it loads the policy and its interpretations and
// publishes what the plan says, in one transaction, so together means at
// the same instant.
func (tx *Tx) publishTogether(a publish.Actor, actor string, doc *publish.Document, rev *publish.Revision) error {
	ap := publish.Approval{Doc: doc, Rev: rev}
	policyID := doc.ID
	if rev.Content.Genre == publish.GenreInterpretation {
		policy, err := getDocument(tx, rev.Content.Interprets)
		if err != nil {
			return err
		}
		ap.Policy.Doc, policyID = policy, policy.ID
		if policy.OpenRev != 0 {
			if ap.Policy.Rev, err = getRevision(tx, policy.OpenRev); err != nil {
				return err
			}
		}
	}
	// Only 三同步 needs the interpretations: an interpretation, or a policy
	// that must be published with its own.
	if rev.Content.Genre != publish.GenreInterpretation && !rev.Content.NeedsInterpretation() {
		return tx.publishPlanned(a, actor, ap)
	}
	interps, err := tx.interpretationsOf(policyID)
	if err != nil {
		return err
	}
	for _, ir := range interps {
		idoc, err := getDocument(tx, ir.DocID)
		if err != nil {
			return err
		}
		ap.Interpretations = append(ap.Interpretations, publish.Publication{Doc: idoc, Rev: ir})
	}
	return tx.publishPlanned(a, actor, ap)
}

// publishPlanned publishes what publish.PlanPublication says goes out now.
func (tx *Tx) publishPlanned(a publish.Actor, actor string, ap publish.Approval) error {
	plan, err := publish.PlanPublication(ap)
	if err != nil {
		return err
	}
	for _, p := range plan.Now {
		if err := tx.publishRevision(a, actor, p.Doc, p.Rev); err != nil {
			return err
		}
	}
	return nil
}

// publishRevision makes rev the public version of doc, giving the document
// its index number on first publication.
func (tx *Tx) publishRevision(a publish.Actor, actor string, doc *publish.Document, rev *publish.Revision) error {
	if err := publish.Can(a, doc, rev, publish.ActPublish); err != nil {
		return err
	}
	today := calendar.DateOf(tx.now)
	index := doc.IndexNumber
	if index == "" {
		var err error
		if index, err = tx.nextIndexNumber(rev.Content.OrganIDs, today.Year); err != nil {
			return err
		}
	}
	// A revision keeps the document's 发布日期; the change is dated by the
	// revision itself (and the audit trail).
	published := rev.PublishedOn
	if doc.PublishedRev != 0 {
		var prev string
		if err := tx.queryRow("SELECT published_on FROM revisions WHERE id = ?", doc.PublishedRev).Scan(&prev); err != nil {
			return translate(err)
		}
		published, _ = calendar.ParseDate(prev)
		if _, err := tx.exec("UPDATE revisions SET state = ? WHERE id = ?", string(publish.Superseded), doc.PublishedRev); err != nil {
			return err
		}
	}
	if published.IsZero() {
		published = today
	}
	if _, err := tx.exec("UPDATE revisions SET state = ?, published_on = ?, updated_at = ? WHERE id = ?",
		string(publish.Published), published.String(), micros(tx.now), rev.ID); err != nil {
		return err
	}
	first := doc.FirstPublished
	if first.IsZero() {
		first = tx.now
	}
	if _, err := tx.exec(`UPDATE documents SET index_number = ?, published_rev = ?, open_rev = 0, withdrawn = '', first_published = ?,
		last_published = ?, version = version + 1, updated_at = ? WHERE id = ?`,
		index, rev.ID, micros(first), micros(tx.now), micros(tx.now), doc.ID); err != nil {
		return duplicate(err, "index_number_taken", "索引号“"+index+"”已被使用。")
	}
	doc.IndexNumber, doc.PublishedRev, doc.OpenRev = index, rev.ID, 0
	if err := tx.refreshPublic(doc.ID); err != nil {
		return err
	}
	return tx.record(actor, "document.publish", docObject(doc.ID), map[string]string{"index_number": index, "revision": strconv.Itoa(rev.No)})
}

// nextIndexNumber takes the next number for the first organ under its rule.
func (tx *Tx) nextIndexNumber(organs []int64, year int) (string, error) {
	if len(organs) == 0 {
		return "", errs.New(errs.Invalid, "store.nextIndexNumber", "organ_required", "请选择发布机构。")
	}
	r, err := tx.indexRule(organs[0])
	if err != nil {
		return "", err
	}
	return tx.nextInSeries(r.pattern, r.orgCode, r.deptCode, year)
}

// indexRule is what numbering needs of an organ.
type indexRule struct{ pattern, orgCode, deptCode string }

// indexRule reads an organ's codes and rule, once per transaction.
func (tx *Tx) indexRule(organ int64) (indexRule, error) {
	if r, ok := tx.rules[organ]; ok {
		return r, nil
	}
	r := indexRule{pattern: publish.DefaultIndexPattern}
	if err := tx.queryRow("SELECT org_code, code FROM departments WHERE id = ?", organ).Scan(&r.orgCode, &r.deptCode); err != nil {
		return r, translate(err)
	}
	if err := tx.queryRow("SELECT pattern FROM index_rules WHERE dept_id = ?", organ).Scan(&r.pattern); err != nil && !errs.Is(translate(err), errs.NotFound) {
		return r, translate(err)
	}
	if tx.rules == nil {
		tx.rules = map[int64]indexRule{}
	}
	tx.rules[organ] = r
	return r, nil
}

// seriesOf is the number's form with everything but the sequence filled in.
func seriesOf(pattern, orgCode, deptCode string, year int) string {
	return strings.NewReplacer("{org}", orgCode, "{dept}", deptCode, "{year}", strconv.Itoa(year)).Replace(pattern)
}

// nextInSeries takes the series' next number. The series row is created if
// missing and incremented with UPDATE … RETURNING, whose row lock
// serialises concurrent publications; a number already taken (an imported
// one in another form) is skipped, never reused.
func (tx *Tx) nextInSeries(pattern, orgCode, deptCode string, year int) (string, error) {
	series := seriesOf(pattern, orgCode, deptCode, year)
	if _, err := tx.exec("INSERT INTO index_series (series, year, last) VALUES (?, ?, 0) ON CONFLICT (series, year) DO NOTHING", series, year); err != nil {
		return "", err
	}
	for range 1000 {
		var seq int64
		if err := tx.queryRow("UPDATE index_series SET last = last + 1 WHERE series = ? AND year = ? RETURNING last", series, year).Scan(&seq); err != nil {
			return "", translate(err)
		}
		number, err := publish.FormatIndexNumber(pattern, orgCode, deptCode, year, seq)
		if err != nil {
			return "", err
		}
		var taken int
		if err := tx.queryRow("SELECT COUNT(*) FROM documents WHERE index_number = ?", number).Scan(&taken); err != nil {
			return "", translate(err)
		}
		if taken == 0 {
			return number, nil
		}
	}
	return "", errs.New(errs.Conflict, "store.nextInSeries", "index_sequence_exhausted", "索引号流水号连续被占用，请检查索引号规则。")
}
