package store

import (
	"context"
	"database/sql"
	"strings"

	"gongkai/internal/errs"
	"gongkai/internal/publish"
)

// StaffFilter narrows the back office's document list. Zero fields do not filter.
type StaffFilter struct {
	DeptID int64         // owning department
	State  publish.State // state of the open revision, or "published"/"superseded" of the public one
	Query  string        // words in the title
	Limit  int           // at most 500, default 100
}

// StaffDoc is a row of the back office's document list: the document and
// its current revision (the open one if any, else the published one).
type StaffDoc struct {
	Doc *publish.Document
	Rev *publish.Revision
}

// StaffDocuments lists documents for staff, most recently changed first.
// Unlike the public listings it includes drafts, withheld and withdrawn
// documents: it must only ever be reached by signed-in staff.
func (s *Store) StaffDocuments(ctx context.Context, f StaffFilter) ([]*StaffDoc, error) {
	const op = "store.StaffDocuments"
	conds := []string{"r.id = CASE WHEN d.open_rev <> 0 THEN d.open_rev ELSE d.published_rev END"}
	var args []any
	if f.DeptID != 0 {
		conds, args = append(conds, "d.dept_id = ?"), append(args, f.DeptID)
	}
	if f.State != "" {
		conds, args = append(conds, "r.state = ?"), append(args, string(f.State))
	}
	for _, w := range strings.Fields(f.Query) {
		conds, args = append(conds, `r.title LIKE ? ESCAPE '\'`), append(args, "%"+escapeLike(w)+"%")
	}
	if f.Limit <= 0 || f.Limit > 500 {
		f.Limit = 100
	}
	q := "SELECT " + prefixed("d.", documentColumns) + ", " + prefixed("r.", revisionColumns) +
		" FROM documents d JOIN revisions r ON r.doc_id = d.id WHERE " + strings.Join(conds, " AND ") +
		" ORDER BY r.updated_at DESC, d.id DESC LIMIT ?"
	var out []*StaffDoc
	err := s.queryAll(ctx, op, q, append(args, f.Limit), func(rows *sql.Rows) error {
		p, err := scanPublic(rows)
		if err == nil {
			out = append(out, &StaffDoc{Doc: p.Doc, Rev: p.Rev})
		}
		return err
	})
	if err != nil {
		return nil, err
	}
	for _, d := range out {
		if err := loadLinks(storeQ{s, ctx}, d.Rev); err != nil {
			return nil, errs.Wrap(op, err)
		}
	}
	return out, nil
}
