package store

import (
	"context"
	"database/sql"
	"strings"
	"time"

	"gongkai/internal/errs"
	"gongkai/internal/publish"
)

// publicWhere is the one definition of "the public may see this
// revision", used by every public query: the document's current published
// revision, not withdrawn in error or replaced, actively disclosed, not
// classified, and not targeted at points or an audience.
const publicWhere = `d.published_rev = r.id AND r.state = 'published' AND d.withdrawn IN ('', 'not_in_force')
	AND r.attribute = 'active' AND r.classified = FALSE AND r.audience = ''
	AND NOT EXISTS (SELECT 1 FROM revision_points rp WHERE rp.rev_id = r.id)`

// pointWhere is what a point's kiosk shows: published, not withdrawn,
// actively disclosed, unclassified, and targeted at that point (argument).
const pointWhere = `d.published_rev = r.id AND r.state = 'published' AND d.withdrawn IN ('', 'not_in_force')
	AND r.attribute = 'active' AND r.classified = FALSE
	AND EXISTS (SELECT 1 FROM revision_points rp WHERE rp.rev_id = r.id AND rp.point_id = ?)`

// PublicFilter narrows a public listing. Zero fields do not filter.
type PublicFilter struct {
	ColumnID  int64 // includes the column's direct children
	CatalogID int64
	OrganID   int64
	Theme     string // a first-level code matches all its children
	Genre     string
	Year      int
	Validity  publish.Validity
	Query     string // words in the title or document number
	PointID   int64  // kiosk listing instead of the open portal
	Page      int    // from 1
	Size      int    // 1–100
}

func (f *PublicFilter) where() (string, []any) {
	var conds []string
	var args []any
	if f.PointID != 0 {
		conds, args = append(conds, pointWhere), append(args, f.PointID)
	} else {
		conds = append(conds, publicWhere)
	}
	if f.ColumnID != 0 {
		conds = append(conds, `EXISTS (SELECT 1 FROM revision_columns rc JOIN columns c ON c.id = rc.column_id
			WHERE rc.rev_id = r.id AND (c.id = ? OR c.parent_id = ?))`)
		args = append(args, f.ColumnID, f.ColumnID)
	}
	if f.CatalogID != 0 {
		conds, args = append(conds, "EXISTS (SELECT 1 FROM revision_catalog rk WHERE rk.rev_id = r.id AND rk.item_id = ?)"), append(args, f.CatalogID)
	}
	if f.OrganID != 0 {
		conds, args = append(conds, "EXISTS (SELECT 1 FROM revision_organs ro WHERE ro.rev_id = r.id AND ro.dept_id = ?)"), append(args, f.OrganID)
	}
	if f.Theme != "" {
		if strings.Contains(f.Theme, ".") {
			conds, args = append(conds, "r.theme = ?"), append(args, f.Theme)
		} else {
			conds, args = append(conds, `r.theme LIKE ? ESCAPE '\'`), append(args, escapeLike(f.Theme)+".%")
		}
	}
	if f.Genre != "" {
		conds, args = append(conds, "r.genre = ?"), append(args, f.Genre)
	}
	if f.Year != 0 {
		conds, args = append(conds, "r.published_on LIKE ?"), append(args, itoa(int64(f.Year))+"-%")
	}
	if f.Validity != "" {
		conds, args = append(conds, "d.validity = ?"), append(args, string(f.Validity))
	}
	for _, w := range strings.Fields(f.Query) {
		p := "%" + escapeLike(w) + "%"
		conds = append(conds, `(r.title LIKE ? ESCAPE '\' OR r.doc_number LIKE ? ESCAPE '\' OR r.keywords LIKE ? ESCAPE '\')`)
		args = append(args, p, p, p)
	}
	return strings.Join(conds, " AND "), args
}

// PublicDocuments lists what the public may see, newest first, with the
// total count for paging.
func (s *Store) PublicDocuments(ctx context.Context, f PublicFilter) ([]*publish.PublicDoc, int, error) {
	const op = "store.PublicDocuments"
	if f.Size < 1 || f.Size > 100 {
		f.Size = 20
	}
	if f.Page < 1 {
		f.Page = 1
	}
	where, args := f.where()
	var total int
	if err := s.queryRow(ctx, "SELECT COUNT(*) FROM documents d JOIN revisions r ON r.id = d.published_rev WHERE "+where, args...).Scan(&total); err != nil {
		return nil, 0, errs.Wrap(op, translate(err))
	}
	q := "SELECT " + prefixed("d.", documentColumns) + ", " + prefixed("r.", revisionColumns) +
		" FROM documents d JOIN revisions r ON r.id = d.published_rev WHERE " + where +
		" ORDER BY r.published_on DESC, d.id DESC LIMIT ? OFFSET ?"
	var out []*publish.PublicDoc
	err := s.queryAll(ctx, op, q, append(args, f.Size, (f.Page-1)*f.Size), func(rows *sql.Rows) error {
		p, err := scanPublic(rows)
		out = append(out, p)
		return err
	})
	if err != nil {
		return nil, 0, err
	}
	for _, p := range out {
		if err := s.fillPublic(ctx, p, false); err != nil {
			return nil, 0, errs.Wrap(op, err)
		}
	}
	return out, total, nil
}

func prefixed(prefix, cols string) string {
	parts := strings.Split(cols, ",")
	for i, p := range parts {
		parts[i] = prefix + strings.TrimSpace(p)
	}
	return strings.Join(parts, ", ")
}

// scanPublic reads a joined documents+revisions row.
func scanPublic(rows *sql.Rows) (*publish.PublicDoc, error) {
	var d publish.Document
	var r publish.Revision
	docDest, docDone := documentDest(&d)
	revDest, revDone := revisionDest(&r)
	if err := rows.Scan(append(docDest, revDest...)...); err != nil {
		return nil, translate(err)
	}
	docDone()
	revDone()
	return &publish.PublicDoc{Doc: &d, Rev: &r}, nil
}

// fillPublic adds names and links; full adds attachments and related documents.
func (s *Store) fillPublic(ctx context.Context, p *publish.PublicDoc, full bool) error {
	q := storeQ{s, ctx}
	if err := loadLinks(q, p.Rev); err != nil {
		return err
	}
	err := s.queryAll(ctx, "store.fillPublic", "SELECT dp.name FROM revision_organs ro JOIN departments dp ON dp.id = ro.dept_id WHERE ro.rev_id = ? ORDER BY ro.position",
		[]any{p.Rev.ID}, func(rows *sql.Rows) error {
			var n string
			err := rows.Scan(&n)
			p.Organs = append(p.Organs, n)
			return err
		})
	if err != nil {
		return err
	}
	_ = s.queryRow(ctx, "SELECT name FROM themes WHERE code = ?", p.Rev.Content.Theme).Scan(&p.ThemeName)
	_ = s.queryRow(ctx, "SELECT name FROM genres WHERE code = ?", p.Rev.Content.Genre).Scan(&p.GenreName)
	if !full {
		return nil
	}
	if p.Attachments, err = s.RevisionAttachments(ctx, p.Rev.ID); err != nil {
		return err
	}
	link := func(id int64) *publish.DocLink {
		var l publish.DocLink
		err := s.queryRow(ctx, "SELECT d.index_number, r.title FROM documents d JOIN revisions r ON r.id = d.published_rev WHERE d.id = ? AND "+publicWhere, id).
			Scan(&l.IndexNumber, &l.Title)
		if err != nil {
			return nil
		}
		return &l
	}
	if p.Rev.Content.Interprets != 0 {
		p.Interprets = link(p.Rev.Content.Interprets)
	}
	if p.Doc.ValidityLink != 0 {
		p.ValidityBy = link(p.Doc.ValidityLink)
	}
	return s.queryAll(ctx, "store.fillPublic", "SELECT d.index_number, r.title FROM documents d JOIN revisions r ON r.id = d.published_rev WHERE r.interprets = ? AND "+publicWhere+" ORDER BY d.id",
		[]any{p.Doc.ID}, func(rows *sql.Rows) error {
			var l publish.DocLink
			err := rows.Scan(&l.IndexNumber, &l.Title)
			p.Interpretations = append(p.Interpretations, l)
			return err
		})
}

// PublicDocument returns one document by index number as the public (or,
// with pointID, that point's kiosk) sees it. For a document withdrawn as
// replaced it returns no document and the replacement's index number, so
// the page can redirect there.
func (s *Store) PublicDocument(ctx context.Context, indexNumber string, pointID int64) (*publish.PublicDoc, string, error) {
	const op = "store.PublicDocument"
	gone := errs.New(errs.NotFound, op, "document_not_found", "该信息不存在或已撤回。")
	f := PublicFilter{PointID: pointID}
	where, args := f.where()
	rows, err := s.query(ctx, "SELECT "+prefixed("d.", documentColumns)+", "+prefixed("r.", revisionColumns)+
		" FROM documents d JOIN revisions r ON r.id = d.published_rev WHERE d.index_number = ? AND "+where, append([]any{indexNumber}, args...)...)
	if err != nil {
		return nil, "", errs.Wrap(op, err)
	}
	var p *publish.PublicDoc
	if rows.Next() {
		p, err = scanPublic(rows)
	}
	rows.Close()
	if err != nil {
		return nil, "", errs.Wrap(op, err)
	}
	if p == nil {
		// A replaced document sends visitors on to its replacement, if
		// that one is public.
		var repl string
		err := s.queryRow(ctx, `SELECT d.index_number FROM documents d1 JOIN documents d ON d.id = d1.replaced_by
			JOIN revisions r ON r.id = d.published_rev
			WHERE d1.index_number = ? AND d1.withdrawn = 'replaced' AND `+publicWhere, indexNumber).Scan(&repl)
		if err == nil && repl != "" {
			return nil, repl, nil
		}
		return nil, "", gone
	}
	return p, "", errs.Wrap(op, s.fillPublic(ctx, p, true))
}

// PublicAttachment returns a file only while a public (or, with pointID,
// that point's) revision lists it; anything else is not found, whether or
// not the file exists.
func (s *Store) PublicAttachment(ctx context.Context, id, pointID int64) (*publish.Attachment, []byte, error) {
	const op = "store.PublicAttachment"
	f := PublicFilter{PointID: pointID}
	where, args := f.where()
	var a publish.Attachment
	var data []byte
	err := s.queryRow(ctx, `SELECT a.id, a.doc_id, a.name, a.mime, a.size, a.sha256, a.data FROM attachments a
		JOIN revision_attachments ra ON ra.attachment_id = a.id
		JOIN revisions r ON r.id = ra.rev_id JOIN documents d ON d.id = r.doc_id
		WHERE a.id = ? AND `+where, append([]any{id}, args...)...).Scan(&a.ID, &a.DocID, &a.Name, &a.MIME, &a.Size, &a.SHA256, &data)
	if err != nil {
		return nil, nil, errs.Wrap(op, notFound(translate(err), "attachment_not_found", "附件不存在。"))
	}
	return &a, data, nil
}

// PublicStamp is when public content last changed (ContentVersion), for
// the Last-Modified of public responses; staff-only changes (drafts,
// withheld documents) do not move it.
func (s *Store) PublicStamp(ctx context.Context) (time.Time, error) {
	_, at, err := s.ContentVersion(ctx)
	return at, err
}

// ContentVersion returns the version of public content and when it last
// changed (zero before any change). It is one row, read per request by the
// page cache, so every instance sees a change the moment it commits.
func (s *Store) ContentVersion(ctx context.Context) (int64, time.Time, error) {
	var v, at int64
	if err := s.queryRow(ctx, "SELECT version, changed_at FROM content_version WHERE id = 1").Scan(&v, &at); err != nil {
		return 0, time.Time{}, errs.Wrap("store.ContentVersion", translate(err))
	}
	return v, fromMicros(at), nil
}

// ColumnFreshness returns, per column id, when its newest public item was
// published (columns without any are absent).
func (s *Store) ColumnFreshness(ctx context.Context) (map[int64]time.Time, error) {
	out := map[int64]time.Time{}
	err := s.queryAll(ctx, "store.ColumnFreshness", `SELECT rc.column_id, MAX(d.last_published) FROM documents d
		JOIN revisions r ON r.id = d.published_rev JOIN revision_columns rc ON rc.rev_id = r.id
		WHERE `+publicWhere+` GROUP BY rc.column_id`, nil, func(rows *sql.Rows) error {
		var id, us int64
		err := rows.Scan(&id, &us)
		out[id] = fromMicros(us)
		return err
	})
	return out, err
}
