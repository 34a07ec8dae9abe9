package store

import (
	"context"
	"database/sql"
	"errors"
	"slices"
	"strings"

	"gongkai/internal/publish"
	"gongkai/internal/search"
)

// The public listing projection (public_docs and its side tables) holds,
// per listed document, exactly what lists show, so a list page is one
// indexed range. It is derived data: publicWhere and pointWhere stay the
// definition of what is public, and Tx.refreshPublic, called in the
// transaction of every change that can alter a row, writes what they admit.
// The maintenance points are: publishRevision (publication, revision,
// scheduled publication), ImportDocument, WithdrawDocument, SetValidity,
// UpdateDepartment (the organ names a row carries) and SaveColumn (a
// column's parent, which a row's column set includes).

// listedWhere is what publicWhere and pointWhere share: a current published
// revision, not withdrawn in error or replaced, actively disclosed and
// unclassified.
const listedWhere = `d.published_rev = r.id AND r.state = 'published' AND d.withdrawn IN ('', 'not_in_force')
	AND r.attribute = 'active' AND r.classified = FALSE`

// publicRow is a document's row of the projection, with its side rows.
type publicRow struct {
	DocID, RevID                        int64
	Portal                              bool
	IndexNumber, Title, DocNumber       string
	Keywords, Summary, Organs           string
	WrittenOn, PublishedOn, EffectiveOn string
	Year                                int
	Theme, ThemeTop, Genre, Validity    string
	NotInForce                          bool
	Policy                              bool // the 政策文件库 lists it (its listing genre's mark)
	FirstPublished, LastPublished       int64
	Columns, Catalog, OrganIDs, Points  []int64
	// Head and Body are what search indexes of a portal document (not
	// stored in public_docs): the heading (title, 发文字号, keywords), whose
	// matches weigh more, and the text (summary, body).
	Head, Body string
	// DocKey is the 发文字号 as search compares it.
	DocKey string
}

// searchText joins a document's fields for the index; each ends in a full
// stop, so no Han run spans two of them.
func searchText(fields ...string) string {
	return strings.Join(slices.DeleteFunc(fields, func(s string) bool { return strings.TrimSpace(s) == "" }), "。\n")
}

// organSep joins a row's organ names, as the pages show them.
const organSep = "、"

// publicRowOf computes the projection row of a listed document: doc, its
// published revision with its links loaded, the names of its organs in
// order, and the parent of each of its columns (0 for none). portal says
// whether publicWhere admits it; otherwise only its points list it. It is
// the one place a row is made. policy is the mark of the row's listing
// genre (publish.Content.ListingGenre).
func publicRowOf(doc *publish.Document, rev *publish.Revision, organNames []string, parents map[int64]int64, portal, policy bool) publicRow {
	c := &rev.Content
	p := publicRow{
		DocID: doc.ID, RevID: rev.ID, Portal: portal,
		IndexNumber: doc.IndexNumber, Title: c.Title, DocNumber: c.DocNumber, DocKey: search.DocNumberKey(c.DocNumber), Keywords: c.Keywords, Summary: c.Summary,
		Organs:    strings.Join(organNames, organSep),
		WrittenOn: c.WrittenOn.String(), PublishedOn: rev.PublishedOn.String(), EffectiveOn: c.EffectiveOn.String(),
		Year:  rev.PublishedOn.Year,
		Theme: c.Theme, Genre: c.ListingGenre(), Validity: string(doc.Validity), Policy: policy,
		NotInForce:     doc.Withdrawn == publish.WithdrawNotInForce,
		FirstPublished: micros(doc.FirstPublished), LastPublished: micros(doc.LastPublished),
	}
	if top, _, ok := strings.Cut(c.Theme, "."); ok {
		p.ThemeTop = top
	}
	if !portal {
		p.Points = c.PointIDs
		return p
	}
	// Fields end in a full stop, so no Han run spans two of them.
	p.Head, p.Body = searchText(c.Title, c.DocNumber, c.Keywords), searchText(c.Summary, search.PlainText(c.Body))
	seen := map[int64]bool{}
	for _, id := range c.ColumnIDs {
		for _, col := range []int64{id, parents[id]} {
			if col != 0 && !seen[col] {
				seen[col] = true
				p.Columns = append(p.Columns, col)
			}
		}
	}
	p.Catalog, p.OrganIDs = c.CatalogIDs, c.OrganIDs
	return p
}

// publicSides are the side tables of the projection: table, key column and
// the row's ids for it.
var publicSides = []struct {
	table, key string
	field      func(*publicRow) *[]int64
}{
	{"public_doc_columns", "column_id", func(p *publicRow) *[]int64 { return &p.Columns }},
	{"public_doc_catalog", "item_id", func(p *publicRow) *[]int64 { return &p.Catalog }},
	{"public_doc_organs", "dept_id", func(p *publicRow) *[]int64 { return &p.OrganIDs }},
	{"public_doc_points", "point_id", func(p *publicRow) *[]int64 { return &p.Points }},
}

// refreshPublic rewrites document docID's projection rows from the base
// tables (removing them if no public list may show it any more) and moves
// it between the lists' counts. Every change that can alter what a list
// shows of a document calls it in its own transaction.
func (tx *Tx) refreshPublic(docID int64) error {
	old, has, err := tx.oldFacets(docID)
	if err != nil {
		return err
	}
	if has { // a first publication has nothing to remove
		tx.count(old, -1)
		if err := tx.deleteSearch(docID); err != nil {
			return err
		}
		for _, side := range publicSides {
			if _, err := tx.exec("DELETE FROM "+side.table+" WHERE doc_id = ?", docID); err != nil {
				return err
			}
		}
		if _, err := tx.exec("DELETE FROM public_docs WHERE doc_id = ?", docID); err != nil {
			return err
		}
	}
	p, ok, err := tx.computePublic(docID)
	if err != nil || !ok {
		return err
	}
	tx.count(p.facets(), +1)
	if err := tx.addAttachmentText(&p); err != nil {
		return err
	}
	if err := tx.writeSearch(&p); err != nil {
		return err
	}
	return tx.writePublic(&p)
}

// computePublic loads what publicRowOf needs; ok is false when no public
// list may show the document.
func (tx *Tx) computePublic(docID int64) (publicRow, bool, error) {
	rows, err := tx.rowsOf("SELECT "+prefixed("d.", documentColumns)+", "+prefixed("r.", revisionColumns)+
		", CASE WHEN "+publicWhere+" THEN 1 ELSE 0 END FROM documents d JOIN revisions r ON r.id = d.published_rev WHERE d.id = ? AND "+listedWhere, docID)
	if err != nil {
		return publicRow{}, false, err
	}
	var doc publish.Document
	var rev publish.Revision
	var portal int
	found := rows.Next()
	if found {
		docDest, docDone := documentDest(&doc)
		revDest, revDone := revisionDest(&rev)
		if err := rows.Scan(append(append(docDest, revDest...), &portal)...); err != nil {
			rows.Close()
			return publicRow{}, false, translate(err)
		}
		docDone()
		revDone()
	}
	rows.Close()
	if err := rows.Err(); err != nil || !found {
		return publicRow{}, false, translate(err)
	}
	if err := loadLinks(tx, &rev); err != nil {
		return publicRow{}, false, err
	}
	if portal == 0 && len(rev.Content.PointIDs) == 0 {
		return publicRow{}, false, nil // targeted at an audience only: no list shows it
	}
	var names []string
	if err := tx.each("SELECT dp.name FROM revision_organs ro JOIN departments dp ON dp.id = ro.dept_id WHERE ro.rev_id = ? ORDER BY ro.position",
		[]any{rev.ID}, func(rows *sql.Rows) error {
			var n string
			err := rows.Scan(&n)
			names = append(names, n)
			return err
		}); err != nil {
		return publicRow{}, false, err
	}
	parents := map[int64]int64{}
	if err := tx.each("SELECT c.id, c.parent_id FROM revision_columns rc JOIN columns c ON c.id = rc.column_id WHERE rc.rev_id = ?",
		[]any{rev.ID}, func(rows *sql.Rows) error {
			var id int64
			var parent sql.NullInt64
			err := rows.Scan(&id, &parent)
			parents[id] = parent.Int64
			return err
		}); err != nil {
		return publicRow{}, false, err
	}
	var policy bool
	if err := tx.queryRow("SELECT policy FROM genres WHERE code = ?", rev.Content.ListingGenre()).Scan(&policy); err != nil && !errors.Is(err, sql.ErrNoRows) {
		return publicRow{}, false, translate(err)
	}
	return publicRowOf(&doc, &rev, names, parents, portal == 1, policy), true, nil
}

// writePublic inserts a computed row and its side rows.
func (tx *Tx) writePublic(p *publicRow) error {
	if _, err := tx.exec(`INSERT INTO public_docs (doc_id, rev_id, portal, index_number, title, doc_number, keywords, summary, organs,
		written_on, published_on, effective_on, year, theme, theme_top, genre, validity, not_in_force, first_published, last_published, doc_key, policy)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		p.DocID, p.RevID, p.Portal, p.IndexNumber, p.Title, p.DocNumber, p.Keywords, p.Summary, p.Organs,
		p.WrittenOn, p.PublishedOn, p.EffectiveOn, p.Year, p.Theme, p.ThemeTop, p.Genre, p.Validity, p.NotInForce,
		p.FirstPublished, p.LastPublished, p.DocKey, p.Policy); err != nil {
		return err
	}
	for _, side := range publicSides {
		for _, id := range *side.field(p) {
			if _, err := tx.exec("INSERT INTO "+side.table+" ("+side.key+", published_on, doc_id) VALUES (?, ?, ?)", id, p.PublishedOn, p.DocID); err != nil {
				return err
			}
		}
	}
	return nil
}

// refreshPublicWhere refreshes the projection rows of the listed documents
// that query (selecting doc ids) returns: those naming a renamed organ, or
// filed in a column that moved.
func (tx *Tx) refreshPublicWhere(query string, args ...any) error {
	ids, err := tx.ids(query, args...)
	if err != nil {
		return err
	}
	for _, id := range ids {
		if err := tx.refreshPublic(id); err != nil {
			return err
		}
	}
	return nil
}

// each runs a query in the transaction and calls scan for every row.
func (tx *Tx) each(query string, args []any, scan func(*sql.Rows) error) error {
	rows, err := tx.rowsOf(query, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		if err := scan(rows); err != nil {
			return translate(err)
		}
	}
	return translate(rows.Err())
}

// buildPublic fills the projection once for the data that existed before
// it (migration 00009 leaves public_state.built false). Instances starting
// together queue on the state row; the first builds, the others see it done.
func (s *Store) buildPublic(ctx context.Context) error {
	return s.update(ctx, "store.buildPublic", func(tx *Tx) error {
		r, err := tx.exec("UPDATE public_state SET built = TRUE WHERE id = 1 AND built = FALSE")
		if err != nil {
			return err
		}
		if n, _ := r.RowsAffected(); n == 0 {
			return nil
		}
		return tx.refreshPublicWhere("SELECT id FROM documents WHERE published_rev <> 0 ORDER BY id")
	})
}
