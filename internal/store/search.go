package store

import (
	"cmp"
	"context"
	"database/sql"
	"slices"
	"strings"

	"gongkai/internal/errs"
	"gongkai/internal/publish"
	"gongkai/internal/search"
)

// The search index holds a row per document the portal shows, written by
// refreshPublic in the transaction of every publication, revision,
// withdrawal and validity change, so a document leaves search the moment it
// leaves the portal. SQLite keeps the tokens in an FTS5 table (rowid = the
// document's id, columns tokens and tails); PostgreSQL in a tsvector with
// the tokens weighted A and the tails B (search.Query.TSQuery).
//
// PostgreSQL keeps positions up to 16,383 and clamps later ones; phrases
// past that point of a very long document match on SQLite only.

func (tx *Tx) deleteSearch(docID int64) error {
	q := "DELETE FROM search_docs WHERE doc_id = ?"
	if tx.s.dialect == SQLite {
		q = "DELETE FROM search_docs WHERE rowid = ?"
	}
	_, err := tx.exec(q, docID)
	return err
}

func (tx *Tx) writeSearch(p *publicRow) error {
	if !p.Portal {
		return nil // targeted at an audience only, or not public: never searched
	}
	tokens, tails := search.Index(p.Text)
	q := "INSERT INTO search_docs (rowid, tokens, tails, plain) VALUES (?, ?, ?, ?)"
	if tx.s.dialect == Postgres {
		q = "INSERT INTO search_docs (doc_id, tsv, plain) VALUES (?, setweight(to_tsvector('simple', ?), 'A') || setweight(to_tsvector('simple', ?), 'B'), ?)"
	}
	_, err := tx.exec(q, p.DocID, tokens, tails, p.Text)
	return err
}

// SearchDocuments returns the portal documents that match q, newest
// first (by publication date, then id) — but a query that is one 发文字号,
// typed with any brackets, has that document first — one page of them as
// the lists show them, and how many match in all. Every hit is joined to the
// listing projection's portal rows, so only what the portal lists can be
// found.
func (s *Store) SearchDocuments(ctx context.Context, q *search.Query, page, size int) ([]*publish.PublicDoc, int, error) {
	const op = "store.SearchDocuments"
	if size < 1 || size > 100 {
		size = 20
	}
	page = max(page, 1)
	// The index drives: its matches, each looked up in the projection.
	from, expr := " FROM search_docs JOIN public_docs p ON p.doc_id = search_docs.rowid WHERE search_docs MATCH ? AND p.portal = TRUE", q.FTS5()
	if s.dialect == Postgres {
		from, expr = " FROM search_docs s JOIN public_docs p ON p.doc_id = s.doc_id WHERE s.tsv @@ to_tsquery('simple', ?) AND p.portal = TRUE", q.TSQuery()
	}
	var total int
	if err := s.queryRow(ctx, "SELECT COUNT(*)"+from, expr).Scan(&total); err != nil {
		return nil, 0, errs.Wrap(op, translate(err))
	}
	if total == 0 {
		return nil, 0, nil
	}
	key := q.DocNumberKey()
	list := "SELECT " + publicListColumns + " FROM (SELECT p.doc_id AS id" + from +
		" ORDER BY CASE WHEN p.doc_key = ? THEN 0 ELSE 1 END, p.published_on DESC, p.doc_id DESC LIMIT ? OFFSET ?) k" +
		" JOIN public_docs p ON p.doc_id = k.id LEFT JOIN themes t ON t.code = p.theme LEFT JOIN genres g ON g.code = p.genre"
	out, err := s.publicListRows(ctx, op, list, []any{expr, key, size, (page - 1) * size})
	// The rows come back newest first; the document of the number leads.
	slices.SortStableFunc(out, func(a, b *publish.PublicDoc) int {
		return cmp.Compare(docKeyRank(a, key), docKeyRank(b, key))
	})
	return out, total, err
}

func docKeyRank(p *publish.PublicDoc, key string) int {
	if search.DocNumberKey(p.Rev.Content.DocNumber) == key {
		return 0
	}
	return 1
}

// SearchTexts returns the indexed text of the given documents (a page of
// hits), for their snippets.
func (s *Store) SearchTexts(ctx context.Context, ids []int64) (map[int64]string, error) {
	out := map[int64]string{}
	if len(ids) == 0 {
		return out, nil
	}
	args := make([]any, len(ids))
	for i, id := range ids {
		args[i] = id
	}
	in := "(" + strings.TrimSuffix(strings.Repeat("?, ", len(ids)), ", ") + ")"
	q := "SELECT rowid, plain FROM search_docs WHERE rowid IN " + in
	if s.dialect == Postgres {
		q = "SELECT doc_id, plain FROM search_docs WHERE doc_id IN " + in
	}
	err := s.queryAll(ctx, "store.SearchTexts", q, args, func(rows *sql.Rows) error {
		var id int64
		var text string
		if err := rows.Scan(&id, &text); err != nil {
			return err
		}
		out[id] = text
		return nil
	})
	return out, err
}
