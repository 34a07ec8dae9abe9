package engine

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"html"
	"os"
	"strings"

	"gongkai/bench/corpus"
	"gongkai/internal/auth"
	"gongkai/internal/calendar"
	"gongkai/internal/demo"
	"gongkai/internal/publish"
	"gongkai/internal/richtext"
	"gongkai/internal/search"
	"gongkai/internal/store"
)

// Gongkai is gongkai's store, SQLite or PostgreSQL, with the demo's
// departments and accounts and two columns, into which the corpus is
// imported as `gongkai import documents` imports a file (the records
// resolved against the store's reference data, then ImportDocuments in
// batches, as the supervisor).
type Gongkai struct {
	name string
	url  string // SQLite file or postgres:// URL
	st   *store.Store
	as   *auth.User
	refs *publish.ImportRefs
	line int
}

// OpenGongkai creates the store at url — a SQLite file that does not exist
// yet, or an empty PostgreSQL database — and gives it what an import needs.
func OpenGongkai(ctx context.Context, name, url string) (*Gongkai, error) {
	pg := strings.HasPrefix(url, "postgres://") || strings.HasPrefix(url, "postgresql://")
	if pg {
		if err := checkEmptyPostgres(ctx, url); err != nil {
			return nil, err
		}
	} else if _, err := os.Stat(url); err == nil {
		return nil, fmt.Errorf("%s: %s already exists; the benchmark needs a new store", name, url)
	}
	st, err := store.Open(ctx, url)
	if err != nil {
		return nil, err
	}
	g := &Gongkai{name: name, url: url, st: st}
	if err := g.prepare(ctx); err != nil {
		st.Close()
		return nil, err
	}
	return g, nil
}

func checkEmptyPostgres(ctx context.Context, url string) error {
	db, err := sql.Open("pgx", url)
	if err != nil {
		return err
	}
	defer db.Close()
	var n int
	if err := db.QueryRowContext(ctx, "SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = current_schema()").Scan(&n); err != nil {
		return err
	}
	if n > 0 {
		return errors.New("gongkai-postgres: the database is not empty; the benchmark needs an empty one (make bench-search creates one)")
	}
	return nil
}

func (g *Gongkai) prepare(ctx context.Context) error {
	st := g.st
	st.Hasher = auth.CheapHasher // the demo accounts are never logged in to
	if err := st.Migrate(ctx); err != nil {
		return err
	}
	if _, err := demo.LoadPeople(ctx, st); err != nil {
		return err
	}
	refs := &publish.ImportRefs{Departments: map[string]int64{}, Columns: map[string]int64{}, Catalog: map[string]int64{},
		Themes: map[string]bool{}, Genres: map[string]bool{}, Today: calendar.Today(st.Now()), Sanitize: richtext.Sanitize}
	depts, err := st.Departments(ctx)
	if err != nil {
		return err
	}
	for _, d := range depts {
		refs.Departments[d.Code] = d.ID
	}
	for i, c := range []*publish.Column{{Code: "tzgg", Name: "通知公告", Kind: publish.KindNotice}, {Code: "zcwj", Name: "政策文件", Kind: publish.KindPolicy}} {
		c.DeptID, c.Position = refs.Departments["jy-dzb"], i
		if err := st.SaveColumn(ctx, "bench", c); err != nil {
			return err
		}
		refs.Columns[c.Code] = c.ID
	}
	themes, err := st.Themes(ctx)
	if err != nil {
		return err
	}
	for _, t := range themes {
		refs.Themes[t.Code] = t.Active
	}
	genres, err := st.Genres(ctx)
	if err != nil {
		return err
	}
	for _, x := range genres {
		refs.Genres[x.Code] = x.Active
	}
	g.refs = refs
	g.as, err = st.UserByUsername(ctx, "supervisor")
	return err
}

func (g *Gongkai) Name() string { return g.name }

// Record is the import record of a document, as an import file would
// carry it: the text indexed is the title, the number and the body (no
// keywords or summary, so every engine indexes the same text).
func Record(d *corpus.Doc) *publish.ImportRecord {
	var body strings.Builder
	for _, p := range d.Paragraphs {
		body.WriteString("<p>" + html.EscapeString(p) + "</p>")
	}
	column := "tzgg"
	if d.Genre == "yijian" || d.Genre == "guihua" {
		column = "zcwj"
	}
	return &publish.ImportRecord{IndexNumber: d.ID, Title: d.Title, Organs: []string{d.Organ}, DocNumber: d.Number, WrittenOn: d.Written,
		PublishedOn: d.Published, Theme: d.Theme, Genre: d.Genre, BodyHTML: body.String(), Columns: []string{column}, Validity: "active"}
}

func (g *Gongkai) Load(ctx context.Context, docs []*corpus.Doc) error {
	batch := make([]*publish.Imported, 0, len(docs))
	for _, d := range docs {
		g.line++
		it, err := Record(d).Resolve(g.line, g.refs)
		if err != nil {
			return err
		}
		batch = append(batch, it)
	}
	_, err := g.st.ImportDocuments(ctx, g.as, batch)
	return err
}

// Flush: on PostgreSQL, ANALYZE (what autovacuum would do after a large
// import, here at once so the plans are those of a settled database).
// SQLite commits are durable already.
func (g *Gongkai) Flush(ctx context.Context) error {
	if g.st.Dialect() != store.Postgres {
		return nil
	}
	db, err := sql.Open("pgx", g.url)
	if err != nil {
		return err
	}
	defer db.Close()
	_, err = db.ExecContext(ctx, "ANALYZE")
	return err
}

func (g *Gongkai) Search(ctx context.Context, q string, f corpus.Filter) ([]string, int, error) {
	return storeSearch(ctx, g.st, q, f)
}

// storeSearch is the benchmark's one call of the store's search: the query
// parsed as the portal parses it, the filter as the portal's, the first
// page of TopK hits by relevance. A total that is a lower bound (more
// matches than the store ranks) is returned negated.
func storeSearch(ctx context.Context, st *store.Store, q string, f corpus.Filter) ([]string, int, error) {
	pq, err := search.Parse(q)
	if err != nil {
		return nil, 0, err
	}
	res, err := st.Search(ctx, store.SearchRequest{Query: pq, Size: TopK,
		Filter: store.SearchFilter{Genre: f.Genre, YearFrom: f.YearFrom, YearTo: f.YearTo}})
	if err != nil {
		return nil, 0, err
	}
	ids := make([]string, len(res.Docs))
	for i, d := range res.Docs {
		ids[i] = d.Doc.IndexNumber
	}
	if res.Capped {
		return ids, -res.Total, nil // a lower bound, shown as N+
	}
	return ids, res.Total, nil
}

// Size: the database files (SQLite: the file and its WAL after a
// checkpoint; PostgreSQL: the database) and the search table with its
// indexes (SQLite: the FTS5 table's shadow tables, from dbstat).
func (g *Gongkai) Size(ctx context.Context) (int64, int64, error) {
	if g.st.Dialect() == store.Postgres {
		db, err := sql.Open("pgx", g.url)
		if err != nil {
			return 0, 0, err
		}
		defer db.Close()
		var all, index int64
		err = db.QueryRowContext(ctx, "SELECT pg_database_size(current_database()), pg_total_relation_size('search_docs')").Scan(&all, &index)
		return all, index, err
	}
	db, err := sql.Open("sqlite", "file:"+g.url+"?_pragma=busy_timeout(10000)")
	if err != nil {
		return 0, 0, err
	}
	defer db.Close()
	if _, err := db.ExecContext(ctx, "PRAGMA wal_checkpoint(TRUNCATE)"); err != nil {
		return 0, 0, err
	}
	var all int64
	for _, suffix := range []string{"", "-wal"} {
		if info, err := os.Stat(g.url + suffix); err == nil {
			all += info.Size()
		}
	}
	index := int64(-1)
	var n sql.NullInt64
	if err := db.QueryRowContext(ctx, "SELECT SUM(pgsize) FROM dbstat WHERE name LIKE 'search_docs%'").Scan(&n); err == nil && n.Valid {
		index = n.Int64
	}
	return all, index, nil
}

func (g *Gongkai) Close() error { return g.st.Close() }
