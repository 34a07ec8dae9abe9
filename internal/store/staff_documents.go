package store

import (
	"context"
	"database/sql"
	"strings"

	"gongkai/internal/publish"
)

// StaffFilter narrows a staff listing. Zero fields do not filter.
type StaffFilter struct {
	DeptID    int64         // the owning department
	State     publish.State // the working revision's state (Published excludes withdrawn documents)
	Withdrawn bool          // only withdrawn documents
	Oldest    bool          // least recently changed first (the review inbox), else newest first
	Query     string        // words in the title
	Limit     int           // 1–1000, default 500
}

// StaffDocuments lists documents for staff, whatever their state. It is the
// back office's view: callers decide who may see which department's rows.
func (s *Store) StaffDocuments(ctx context.Context, f StaffFilter) ([]*publish.StaffDoc, error) {
	if f.Limit < 1 || f.Limit > 1000 {
		f.Limit = 500
	}
	conds := []string{"1 = 1"}
	var args []any
	if f.DeptID != 0 {
		conds, args = append(conds, "d.dept_id = ?"), append(args, f.DeptID)
	}
	if f.State != "" {
		conds, args = append(conds, "r.state = ?"), append(args, string(f.State))
		if f.State == publish.Published {
			conds = append(conds, "d.withdrawn = ''")
		}
	}
	if f.Withdrawn {
		conds = append(conds, "d.withdrawn <> ''")
	}
	for _, w := range strings.Fields(f.Query) {
		conds, args = append(conds, `r.title LIKE ? ESCAPE '\'`), append(args, "%"+escapeLike(w)+"%")
	}
	order := "d.updated_at DESC, d.id DESC"
	if f.Oldest {
		order = "r.updated_at ASC, d.id ASC"
	}
	q := "SELECT " + prefixed("d.", documentColumns) + ", " + prefixed("r.", revisionColumns) +
		" FROM documents d JOIN revisions r ON r.id = CASE WHEN d.open_rev <> 0 THEN d.open_rev ELSE d.published_rev END WHERE " +
		strings.Join(conds, " AND ") + " ORDER BY " + order + " LIMIT ?"
	var out []*publish.StaffDoc
	err := s.queryAll(ctx, "store.StaffDocuments", q, append(args, f.Limit), func(rows *sql.Rows) error {
		p, err := scanPublic(rows)
		if err == nil {
			out = append(out, &publish.StaffDoc{Doc: p.Doc, Rev: p.Rev})
		}
		return err
	})
	return out, err
}
