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
// document's id) with the columns head, body and tails (search.Index);
// PostgreSQL in one tsvector with the head weighted A, the body B and the
// tails C (search.Query.TSQuery).
//
// PostgreSQL keeps positions up to 16,383 and clamps later ones; phrases
// past that point of a very long document match on SQLite only.

func (tx *Tx) deleteSearch(docID int64) error {
	delete(tx.search, docID)
	q := "DELETE FROM search_docs WHERE doc_id = ?"
	if tx.s.dialect == SQLite {
		q = "DELETE FROM search_docs WHERE rowid = ?"
	}
	_, err := tx.exec(q, docID)
	return err
}

// searchRow is a document's index row waiting for the end of its
// transaction.
type searchRow struct {
	head, body, tails string // tokens
	headText, text    string // the head as written, and the body for snippets
}

// writeSearch queues p's index row; flushSearch writes the queue just
// before the transaction commits. SQLite's FTS5 writes its pending terms
// to a new segment at every statement savepoint (an UPDATE … RETURNING
// opens one), so rows written between the other statements of a batch
// import made one segment per document and constant merging; written
// together they make one.
func (tx *Tx) writeSearch(p *publicRow) error {
	if !p.Portal {
		return nil // targeted at an audience only, or not public: never searched
	}
	// Both engines index the same text, within maxIndexedText (a body of
	// very many distinct bigrams would pass PostgreSQL's tsvector limit).
	text := cutText(p.Body, max(0, maxIndexedText-len(p.Head)))
	head, body, tails := search.Index(p.Head, text)
	if tx.search == nil {
		tx.search = map[int64]searchRow{}
	}
	if _, queued := tx.search[p.DocID]; !queued {
		tx.searchOrder = append(tx.searchOrder, p.DocID)
	}
	tx.search[p.DocID] = searchRow{head, body, tails, head, text}
	return nil
}

// flushSearch writes the queued index rows, in the order first queued.
func (tx *Tx) flushSearch() error {
	q := "INSERT INTO search_docs (rowid, head, body, tails, plain) VALUES (?, ?, ?, ?, ?)"
	if tx.s.dialect == Postgres {
		q = `INSERT INTO search_docs (doc_id, tsv, plain, head_tsv) VALUES (?, setweight(to_tsvector('simple', ?), 'A') ||
			setweight(to_tsvector('simple', ?), 'B') || setweight(to_tsvector('simple', ?), 'C'), ?, to_tsvector('simple', ?))`
	}
	for _, id := range tx.searchOrder {
		r, ok := tx.search[id]
		if !ok {
			continue // deleted again in the same transaction
		}
		delete(tx.search, id)
		args := []any{id, r.head, r.body, r.tails, r.text}
		if tx.s.dialect == Postgres {
			args = append(args, r.headText)
		}
		if _, err := tx.exec(q, args...); err != nil {
			return err
		}
	}
	tx.searchOrder = nil
	return nil
}

// SearchCandidates is how many matches a search ranks at most: the most
// recently added documents that match, together with as many whose
// heading (title, 发文字号, keywords) matches and the document whose
// 发文字号 the query is. A query matching more is answered from them and
// says so (SearchResult.Capped), so a very common word costs what a rare
// one does.
const SearchCandidates = 1000

// SearchFilter narrows a search. Zero fields do not filter.
type SearchFilter struct {
	OrganID          int64
	Theme            string // a first-level code matches all its children
	Genre            string
	YearFrom, YearTo int
	Validity         publish.Validity
}

// SearchRequest is one search: the parsed query (synonyms expanded), its
// filter, the order and the page.
type SearchRequest struct {
	Query  *search.Query
	Filter SearchFilter
	ByDate bool // newest first instead of by relevance
	Page   int  // from 1
	Size   int  // 1–100
	// Candidates is how many matches are ranked at most (0: the
	// SearchCandidates default; tests set fewer).
	Candidates int
}

// SearchFacet is one value of a facet and how many results have it.
type SearchFacet struct {
	Value string
	Count int
}

// SearchResult is a page of hits in order, how many match, and the facets
// of the results: "genre", "theme" (first-level codes), "year",
// "validity" and "organ" (names, as the documents carry them), each
// value with its count, most frequent first.
type SearchResult struct {
	Docs  []*publish.PublicDoc
	Total int
	// Capped: more documents match than were ranked; Total and the facets
	// count the SearchCandidates ranked.
	Capped bool
	Facets map[string][]SearchFacet
}

// candidate is a match as ranking and facets read it.
type candidate struct {
	id                                     int64
	title, number, keywords, published     string
	genre, themeTop, validity, organs, key string
	year                                   int
	notInForce                             bool
	tier, score                            int
}

const candidateColumns = `p.doc_id, p.title, p.doc_number, p.keywords, p.published_on, p.genre, p.theme_top,
	p.validity, p.organs, p.doc_key, p.year, p.not_in_force`

// Search runs a search over the portal's documents. Every match is joined
// to the listing projection's portal rows, so only what the portal lists
// can be found, counted or faceted. The ranking reads the documents'
// own fields (search.Query.Relevance), not an engine's statistics, so both
// stores return the same hits in the same order: the document whose
// 发文字号 the query is first, then by relevance, then newest first.
func (s *Store) Search(ctx context.Context, r SearchRequest) (*SearchResult, error) {
	const op = "store.Search"
	if r.Size < 1 || r.Size > 100 {
		r.Size = 20
	}
	r.Page = max(r.Page, 1)
	limit := cmp.Or(r.Candidates, SearchCandidates)
	conds, args := searchConds(r.Filter)
	key := r.Query.DocNumberKey()

	// The index drives, newest added first, each match looked up in the
	// projection; SQLite's CROSS JOIN keeps that order of the loops.
	walk := func(expr string) (string, []any) {
		return "SELECT " + candidateColumns + " FROM search_docs CROSS JOIN public_docs p WHERE p.doc_id = search_docs.rowid AND search_docs MATCH ?" +
			conds + " ORDER BY search_docs.rowid DESC LIMIT ?", append(append([]any{expr}, args...), limit)
	}
	// The head's walk only adds candidates, so it looks at a window of the
	// newest head matches (five times the candidates): with a filter few
	// pass, it would otherwise read every one.
	window := func(expr string) (string, []any) {
		return "SELECT " + candidateColumns + " FROM (SELECT rowid AS id FROM search_docs WHERE search_docs MATCH ? ORDER BY rowid DESC LIMIT ?) k" +
			" CROSS JOIN public_docs p WHERE p.doc_id = k.id" + conds + " ORDER BY k.id DESC LIMIT ?", append(append([]any{expr, 5 * limit}, args...), limit)
	}
	all, head := r.Query.FTS5(), r.Query.FTS5Head()
	if s.dialect == Postgres {
		all, head = r.Query.TSQuery(), r.Query.TSQueryHead()
	}
	seen := map[int64]bool{}
	var cands []*candidate
	read := func(q string, args []any) (int, error) {
		n := 0
		err := s.queryAll(ctx, op, q, args, func(rows *sql.Rows) error {
			c := &candidate{}
			if err := rows.Scan(&c.id, &c.title, &c.number, &c.keywords, &c.published, &c.genre, &c.themeTop,
				&c.validity, &c.organs, &c.key, &c.year, &c.notInForce); err != nil {
				return err
			}
			n++
			if !seen[c.id] {
				seen[c.id] = true
				cands = append(cands, c)
			}
			return nil
		})
		return n, err
	}
	var matched int
	var err error
	if s.dialect == Postgres {
		matched, err = s.pgWalk(ctx, read, all, conds, args, limit)
	} else {
		matched, err = read(walk(all))
	}
	if err != nil {
		return nil, errs.Wrap(op, translate(err))
	}
	res := &SearchResult{Capped: matched == limit}
	if matched == 0 {
		return res, nil
	}
	if res.Capped {
		// The walk stopped early: add the older documents whose heading
		// matches and the one whose number the query is.
		q, a := window(head)
		if s.dialect == Postgres {
			q = "SELECT " + candidateColumns + " FROM (SELECT doc_id AS id FROM search_docs WHERE head_tsv @@ to_tsquery('simple', ?) AND tsv @@ to_tsquery('simple', ?)" +
				" ORDER BY doc_id DESC LIMIT ?) k JOIN public_docs p ON p.doc_id = k.id WHERE TRUE" + conds + " ORDER BY k.id DESC LIMIT ?"
			a = append(append([]any{head, all, 5 * limit}, args...), limit)
		}
		if _, err := read(q, a); err != nil {
			return nil, errs.Wrap(op, translate(err))
		}
		if key != "" && key != "-" {
			// doc_key <> '' lets the partial index serve the lookup; SQLite
			// is told to use it (its planner would rather walk an index on
			// portal, every portal row).
			from := "public_docs p INDEXED BY public_docs_doc_key"
			if s.dialect == Postgres {
				from = "public_docs p"
			}
			q := "SELECT " + candidateColumns + " FROM " + from + " WHERE p.doc_key = ? AND p.doc_key <> ''" + conds
			if _, err := read(q, append([]any{key}, args...)); err != nil {
				return nil, errs.Wrap(op, translate(err))
			}
		}
	}
	for _, c := range cands {
		c.tier = 1
		if key != "" && c.key == key {
			c.tier = 0
		}
		c.score = r.Query.Relevance(c.title, c.number, c.keywords)
	}
	slices.SortFunc(cands, func(a, b *candidate) int {
		if !r.ByDate {
			if n := cmp.Compare(a.tier, b.tier); n != 0 {
				return n
			}
			if n := cmp.Compare(b.score, a.score); n != 0 {
				return n
			}
		}
		if n := cmp.Compare(b.published, a.published); n != 0 {
			return n
		}
		return cmp.Compare(b.id, a.id)
	})
	res.Total, res.Facets = len(cands), facetsOf(cands)

	from := min((r.Page-1)*r.Size, len(cands))
	pageOf := cands[from:min(from+r.Size, len(cands))]
	if len(pageOf) == 0 {
		return res, nil
	}
	ids := make([]any, len(pageOf))
	rank := map[int64]int{}
	for i, c := range pageOf {
		ids[i], rank[c.id] = c.id, i
	}
	list := "SELECT " + publicListColumns + " FROM public_docs p LEFT JOIN themes t ON t.code = p.theme LEFT JOIN genres g ON g.code = p.genre" +
		" WHERE p.portal = TRUE AND p.doc_id IN " + placeholders(len(ids))
	docs, err := s.publicListRows(ctx, op, list, ids)
	if err != nil {
		return nil, err
	}
	slices.SortFunc(docs, func(a, b *publish.PublicDoc) int { return cmp.Compare(rank[a.Doc.ID], rank[b.Doc.ID]) })
	res.Docs = docs
	return res, nil
}

// pgWalk is the index walk on PostgreSQL: the newest matches first, as on
// SQLite, over windows of document ids, the first the newest 4 × limit
// ids, each next one four times wider. Whatever plan the planner picks
// from its estimate of a window's matches (for phrases and words common in
// bodies it can be far off), a window bounds the rows it reads, and a
// common word fills the candidates in the first. When a window finds
// matches in fewer than 1 % of its ids the word is rare: the rest is one
// query, which the planner answers from the GIN index.
func (s *Store) pgWalk(ctx context.Context, read func(string, []any) (int, error), expr, conds string, args []any, limit int) (int, error) {
	var top sql.NullInt64
	if err := s.queryRow(ctx, "SELECT MAX(doc_id) FROM search_docs").Scan(&top); err != nil {
		return 0, err
	}
	q := "SELECT " + candidateColumns + " FROM search_docs s JOIN public_docs p ON p.doc_id = s.doc_id WHERE s.tsv @@ to_tsquery('simple', ?)" +
		" AND s.doc_id > ? AND s.doc_id <= ?" + conds + " ORDER BY s.doc_id DESC LIMIT ?"
	found := 0
	for hi, width := top.Int64, int64(4*limit); hi > 0 && found < limit; hi, width = hi-width, width*4 {
		lo := max(hi-width, 0)
		n, err := read(q, append(append([]any{expr, lo, hi}, args...), limit-found))
		if err != nil {
			return found, err
		}
		found += n
		if found < limit && lo > 0 && int64(n)*100 < hi-lo {
			n, err := read(q, append(append([]any{expr, 0, lo}, args...), limit-found))
			return found + n, err
		}
	}
	return found, nil
}

// searchConds are the filter's conditions on the projection's row p,
// each starting with AND, and their arguments.
func searchConds(f SearchFilter) (string, []any) {
	conds, args := []string{"p.portal = TRUE"}, []any{}
	if f.OrganID != 0 {
		conds, args = append(conds, "EXISTS (SELECT 1 FROM public_doc_organs o WHERE o.doc_id = p.doc_id AND o.dept_id = ?)"), append(args, f.OrganID)
	}
	conds, args = rowConds(conds, args, f.Theme, f.Genre, f.YearFrom, f.YearTo, f.Validity)
	return " AND " + strings.Join(conds, " AND "), args
}

// facetsOf counts the candidates' values, most frequent first (ties by
// value, so the order is the same on both stores).
func facetsOf(cands []*candidate) map[string][]SearchFacet {
	counts := map[string]map[string]int{"genre": {}, "theme": {}, "year": {}, "validity": {}, "organ": {}}
	for _, c := range cands {
		counts["genre"][c.genre]++
		counts["theme"][c.themeTop]++
		counts["year"][itoa(int64(c.year))]++
		counts["validity"][c.validity]++
		if c.organs != "" {
			for _, o := range strings.Split(c.organs, organSep) {
				counts["organ"][o]++
			}
		}
	}
	out := map[string][]SearchFacet{}
	for name, m := range counts {
		list := []SearchFacet{}
		for v, n := range m {
			if v != "" && v != "0" {
				list = append(list, SearchFacet{v, n})
			}
		}
		slices.SortFunc(list, func(a, b SearchFacet) int {
			if n := cmp.Compare(b.Count, a.Count); n != 0 {
				return n
			}
			if name == "year" {
				return cmp.Compare(b.Value, a.Value)
			}
			return cmp.Compare(a.Value, b.Value)
		})
		out[name] = list
	}
	return out
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
	q := "SELECT rowid, plain FROM search_docs WHERE rowid IN " + placeholders(len(ids))
	if s.dialect == Postgres {
		q = "SELECT doc_id, plain FROM search_docs WHERE doc_id IN " + placeholders(len(ids))
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

const synonymsSetting = "search.synonyms"

// SearchSynonyms returns the synonym table (empty until staff set one).
func (s *Store) SearchSynonyms(ctx context.Context) (search.Synonyms, error) {
	const op = "store.SearchSynonyms"
	var out search.Synonyms
	if _, err := readSetting(storeQ{s, ctx}, synonymsSetting, &out); err != nil {
		return nil, errs.Wrap(op, err)
	}
	return out, nil
}

// SetSearchSynonyms replaces the synonym table (validated; audited with
// the number of groups).
func (s *Store) SetSearchSynonyms(ctx context.Context, actor string, syn search.Synonyms) error {
	const op = "store.SetSearchSynonyms"
	if err := syn.Validate(); err != nil {
		return err
	}
	return s.update(ctx, op, func(tx *Tx) error {
		if err := tx.writeSetting(synonymsSetting, actor, syn); err != nil {
			return err
		}
		return tx.record(actor, "search.synonyms", synonymsSetting, map[string]string{"groups": itoa(int64(len(syn)))})
	})
}

// SearchCount is how often a query was searched in a week and how often
// it found nothing.
type SearchCount struct {
	Query           string
	Searches, Empty int64
}

// LogSearches adds counts of one week's queries (already stripped of
// personal data by search.LogText) to the dashboard's table.
func (s *Store) LogSearches(ctx context.Context, week string, counts []SearchCount) error {
	if len(counts) == 0 {
		return nil
	}
	return s.update(ctx, "store.LogSearches", func(tx *Tx) error {
		for _, c := range counts {
			if _, err := tx.exec(`INSERT INTO search_queries (week, query, searches, empty) VALUES (?, ?, ?, ?)
				ON CONFLICT (week, query) DO UPDATE SET searches = search_queries.searches + excluded.searches,
				empty = search_queries.empty + excluded.empty`, week, c.Query, c.Searches, c.Empty); err != nil {
				return err
			}
		}
		return nil
	})
}

// SearchStats returns a week's most searched queries and its most
// searched queries that found nothing, limit of each, and the weeks that
// have counts, newest first.
func (s *Store) SearchStats(ctx context.Context, week string, limit int) (top, empty []SearchCount, weeks []string, err error) {
	const op = "store.SearchStats"
	scan := func(dst *[]SearchCount) func(*sql.Rows) error {
		return func(rows *sql.Rows) error {
			var c SearchCount
			if err := rows.Scan(&c.Query, &c.Searches, &c.Empty); err != nil {
				return err
			}
			*dst = append(*dst, c)
			return nil
		}
	}
	if err = s.queryAll(ctx, op, "SELECT query, searches, empty FROM search_queries WHERE week = ? ORDER BY searches DESC, query LIMIT ?",
		[]any{week, limit}, scan(&top)); err != nil {
		return
	}
	if err = s.queryAll(ctx, op, "SELECT query, searches, empty FROM search_queries WHERE week = ? AND empty > 0 ORDER BY empty DESC, query LIMIT ?",
		[]any{week, limit}, scan(&empty)); err != nil {
		return
	}
	err = s.queryAll(ctx, op, "SELECT DISTINCT week FROM search_queries ORDER BY week DESC LIMIT 52", nil, func(rows *sql.Rows) error {
		var w string
		if err := rows.Scan(&w); err != nil {
			return err
		}
		weeks = append(weeks, w)
		return nil
	})
	return
}
