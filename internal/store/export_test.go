package store

import (
	"context"
	"database/sql"
	"fmt"
	"strings"

	"gongkai/internal/publish"
)

// RawForTest exposes the write pool to the external tests, which need to
// tamper with rows the way someone with database access could.
func RawForTest(s *Store) (*sql.DB, error) { return s.write, nil }

// FillPublicForTest adds n synthetic listed documents of organ deptID
// straight into documents and the projection, with one set-based statement
// per table (for plans and benchmarks; they have no revisions). Every 50th
// is a kiosk row of point 1; the others are spread over 10 columns, 20
// organ ids, 12 genres, 10 themes, 25 years, and one in 20 each expired,
// repealed and amended.
func FillPublicForTest(ctx context.Context, s *Store, n int, deptID int64) error {
	var base int64
	if err := s.queryRow(ctx, "SELECT COALESCE(MAX(id), 0) FROM documents").Scan(&base); err != nil {
		return err
	}
	series := "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ?) "
	date := "CAST(2000 + i % 25 AS TEXT) || '-' || CAST(10 + i % 3 AS TEXT) || '-' || CAST(10 + i % 19 AS TEXT)"
	stmts := []string{
		series + `INSERT INTO documents (id, index_number, dept_id, published_rev, created_at, updated_at)
			SELECT ? + i, 'bench/' || CAST(? + i AS TEXT), ?, 0, 1, 1 FROM n`,
		series + `INSERT INTO public_docs (doc_id, rev_id, portal, index_number, title, doc_number, keywords, summary, organs,
			written_on, published_on, effective_on, year, theme, theme_top, genre, validity, not_in_force, first_published, last_published, policy)
			SELECT ? + i, 0, i % 50 <> 0, 'bench/' || CAST(? + i AS TEXT), '测试文件第' || CAST(i AS TEXT) || '号', '', '', '摘要', '测试部门',
			` + date + `, ` + date + `, '', 2000 + i % 25, '0' || CAST(i % 10 AS TEXT) || '.01', '0' || CAST(i % 10 AS TEXT),
			CASE i % 12 WHEN 1 THEN 'guifan' WHEN 2 THEN 'jiedu' ELSE 'g' || CAST(i % 12 AS TEXT) END,
			CASE i % 20 WHEN 1 THEN 'expired' WHEN 2 THEN 'repealed' WHEN 3 THEN 'amended' ELSE 'valid' END, FALSE, 1, 1, i % 3 <> 0 FROM n`,
		series + `INSERT INTO public_doc_columns (column_id, published_on, doc_id) SELECT 1 + i % 10, ` + date + `, ? + i FROM n WHERE i % 50 <> 0`,
		series + `INSERT INTO public_doc_organs (dept_id, published_on, doc_id) SELECT 1000 + i % 20, ` + date + `, ? + i FROM n WHERE i % 50 <> 0`,
		series + `INSERT INTO public_doc_catalog (item_id, published_on, doc_id) SELECT 1 + i % 20, ` + date + `, ? + i FROM n WHERE i % 50 <> 0`,
		series + `INSERT INTO public_doc_points (point_id, published_on, doc_id) SELECT 1, ` + date + `, ? + i FROM n WHERE i % 50 = 0`,
		`DELETE FROM public_counts`,
		`INSERT INTO public_counts (facet, key, n) ` + recountSQL,
		"ANALYZE",
	}
	if s.dialect == Postgres {
		// Fresh statistics and visibility map, as autovacuum leaves them.
		stmts[len(stmts)-1] = "VACUUM ANALYZE"
	}
	for i, q := range stmts {
		var args []any
		switch {
		case i == 0:
			args = []any{n, base, base, deptID}
		case i == 1:
			args = []any{n, base, base}
		case strings.HasPrefix(q, "WITH"):
			args = []any{n, base}
		}
		if _, err := s.write.ExecContext(ctx, s.rebind(q), args...); err != nil {
			return fmt.Errorf("%.60s: %w", q, err)
		}
	}
	return nil
}

// PublicQueryForTest is a public query shape's SQL and arguments.
type PublicQueryForTest struct {
	Name string
	SQL  string
	Args []any
}

// PublicQueriesForTest returns every public list query shape: each list
// filter's page and count, a keyset page, the home block and feed, the
// facets and a sitemap chunk. Not among them: words (LIKE '%…%' cannot
// use a b-tree; the list index still gives the order on SQLite, PostgreSQL
// may sort the few matches) and combined filters, which range over one
// filter's index and check the others, where an engine may rightly sort a
// small intersection.
func PublicQueriesForTest() []PublicQueryForTest {
	var out []PublicQueryForTest
	for _, c := range []struct {
		name string
		f    PublicFilter
	}{
		{"unfiltered", PublicFilter{}},
		{"column (home block, feed)", PublicFilter{ColumnID: 3}},
		{"catalog", PublicFilter{CatalogID: 3}},
		{"organ", PublicFilter{OrganID: 1003}},
		{"theme", PublicFilter{Theme: "03.01"}},
		{"theme group", PublicFilter{Theme: "03"}},
		{"genre", PublicFilter{Genre: "guifan"}},
		{"year", PublicFilter{Year: 2010}},
		{"validity", PublicFilter{Validity: publish.Repealed}},
		{"kiosk", PublicFilter{PointID: 1}},
		{"policy library", PublicFilter{Policy: true}},
		{"policy library, theme", PublicFilter{Policy: true, Theme: "03.01"}},
	} {
		l := c.f.list()
		q, args := l.listSQL(nil)
		out = append(out, PublicQueryForTest{c.name, q, append(args, 21, 20)})
		q, args = l.listSQL(&PublicCursor{PublishedOn: "2010-11-15", DocID: 2500})
		out = append(out, PublicQueryForTest{c.name + ", keyset", q, append(args, 20, 0)})
	}
	// Totals: a one-filter list's is kept in public_counts (a primary-key
	// read); a combined filter's is counted over the first filter's index.
	// (A side table combined with a row filter is left to the planner: on
	// PostgreSQL it hash-joins the projection, which is the cheaper plan
	// for a count over many rows.)
	q, args := (&PublicFilter{Genre: "guifan", Validity: publish.Repealed}).list().countSQL()
	out = append(out, PublicQueryForTest{"genre and validity, count", q, args})
	q, args = (&PublicFilter{Policy: true, Genre: "guifan"}).list().countSQL()
	out = append(out, PublicQueryForTest{"policy library and genre, count", q, args})
	return append(out,
		PublicQueryForTest{"facet organs", publicOrgansSQL, nil},
		PublicQueryForTest{"facet years", publicOldestSQL, nil},
		PublicQueryForTest{"sitemap chunk", publicSitemapSQL, []any{PublicSitemapSize, PublicSitemapSize}},
	)
}

// ExplainForTest returns the engine's plan of q, one line per node.
func ExplainForTest(ctx context.Context, s *Store, q string, args ...any) ([]string, error) {
	prefix := "EXPLAIN "
	if s.dialect == SQLite {
		prefix = "EXPLAIN QUERY PLAN "
	}
	rows, err := s.read.QueryContext(ctx, s.rebind(prefix+q), args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	cols, _ := rows.Columns()
	var out []string
	for rows.Next() {
		vals := make([]any, len(cols))
		for i := range vals {
			vals[i] = new(any)
		}
		if err := rows.Scan(vals...); err != nil {
			return nil, err
		}
		out = append(out, fmt.Sprint(*vals[len(vals)-1].(*any)))
	}
	return out, rows.Err()
}
