package store

import (
	"context"
	"database/sql"
	"fmt"
	"gongkai/internal/publish"
	"slices"
	"sort"
	"strconv"
	"strings"

	"gongkai/internal/errs"
)

// The integrity checks look for what a torn transaction would leave: rows
// that one transaction writes together (Store.update with Tx.record, the
// listing projection with Tx.refreshPublic, a sequence with the row it
// numbers) of which only a part is present. They read one snapshot, so
// they may run while the server writes. The crash-safety harness
// (cmd/crashtest) runs them after every kill; the projection tests run
// CheckPublicProjection after every kind of change.

// CheckIntegrity returns every half-written change it finds (none on a
// sound store): an information request without its foi.create audit event
// or the other way round, a case whose recorded events, their audit events
// and its version disagree, a year's FOI sequence that does not count its
// requests, listing columns (status, due date) that are not what the
// case's events give, a document without its creation event, a published document
// without its publication event or the other way round, and any difference
// between the listing projection and the base tables.
func (s *Store) CheckIntegrity(ctx context.Context) ([]string, error) {
	sn, err := s.snapshot(ctx)
	if err != nil {
		return nil, err
	}
	defer sn.tx.Rollback() //nolint:errcheck // read-only
	var diffs []string
	for _, check := range []func() ([]string, error){sn.checkFOI, sn.checkFOIListing, sn.checkDocuments, sn.checkProjection, sn.checkLetterCounts} {
		d, err := check()
		if err != nil {
			return nil, errs.Wrap("store.CheckIntegrity", err)
		}
		diffs = append(diffs, d...)
	}
	return diffs, nil
}

// CheckPublicProjection compares the listing projection with what
// publicWhere and pointWhere admit from the base tables, field by field,
// and returns the differences (none when they agree).
func CheckPublicProjection(ctx context.Context, s *Store) ([]string, error) {
	sn, err := s.snapshot(ctx)
	if err != nil {
		return nil, err
	}
	defer sn.tx.Rollback() //nolint:errcheck // read-only
	return sn.checkProjection()
}

// snapshot is a read transaction: every query of a check sees the same
// committed state (REPEATABLE READ on PostgreSQL; on SQLite in WAL mode a
// read transaction keeps the snapshot of its first read).
type snapshot struct {
	s  *Store
	tx *sql.Tx
}

func (s *Store) snapshot(ctx context.Context) (*snapshot, error) {
	var opts *sql.TxOptions
	if s.dialect == Postgres {
		opts = &sql.TxOptions{Isolation: sql.LevelRepeatableRead, ReadOnly: true}
	}
	tx, err := s.read.BeginTx(ctx, opts)
	if err != nil {
		return nil, errs.Wrap("store.snapshot", translate(err))
	}
	return &snapshot{s: s, tx: tx}, nil
}

func (sn *snapshot) row(q string, args ...any) *sql.Row {
	return sn.tx.QueryRow(sn.s.rebind(q), args...)
}

func (sn *snapshot) rowsOf(q string, args ...any) (*sql.Rows, error) {
	rows, err := sn.tx.Query(sn.s.rebind(q), args...)
	return rows, translate(err)
}

// strs runs q and returns each row as its columns joined by "|".
func (sn *snapshot) strs(q string, args ...any) ([]string, error) {
	rows, err := sn.tx.Query(sn.s.rebind(q), args...)
	if err != nil {
		return nil, translate(err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		cols, _ := rows.Columns()
		vals := make([]any, len(cols))
		for i := range vals {
			vals[i] = new(any)
		}
		if err := rows.Scan(vals...); err != nil {
			return nil, translate(err)
		}
		parts := make([]string, len(vals))
		for i, v := range vals {
			switch x := (*v.(*any)).(type) {
			case []byte:
				parts[i] = string(x)
			case bool:
				parts[i] = strconv.FormatBool(x)
			case int64:
				parts[i] = strconv.FormatInt(x, 10)
			default:
				parts[i] = fmt.Sprint(x)
			}
		}
		out = append(out, strings.Join(parts, "|"))
	}
	return out, translate(rows.Err())
}

// counts tallies the first column of rows.
func counts(rows []string) map[string]int {
	n := map[string]int{}
	for _, r := range rows {
		k, _, _ := strings.Cut(r, "|")
		n[k]++
	}
	return n
}

// sortedKeys returns m's keys in order, so reports are stable.
func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// checkFOI: CreateApplication numbers a request from its year's sequence,
// inserts it and records foi.create; AddFOIEvent bumps the version, inserts
// the event (seq = the case's next) and records foi.event; AssignFOI bumps
// the version and records foi.assign. Nothing else writes these rows.
func (sn *snapshot) checkFOI() ([]string, error) {
	var diffs []string
	apps, err := sn.strs("SELECT number, version FROM foi_applications")
	if err != nil {
		return nil, err
	}
	created, err := sn.strs("SELECT object FROM audit_events WHERE action = 'foi.create'")
	if err != nil {
		return nil, err
	}
	eventAudits, err := sn.strs("SELECT object FROM audit_events WHERE action = 'foi.event'")
	if err != nil {
		return nil, err
	}
	assignAudits, err := sn.strs("SELECT object FROM audit_events WHERE action = 'foi.assign'")
	if err != nil {
		return nil, err
	}
	events, err := sn.strs("SELECT a.number, e.seq FROM foi_events e JOIN foi_applications a ON a.id = e.app_id")
	if err != nil {
		return nil, err
	}
	seqs, err := sn.strs("SELECT year, last FROM foi_sequences")
	if err != nil {
		return nil, err
	}
	creates, evAudit, asAudit := counts(created), counts(eventAudits), counts(assignAudits)
	evSeqs := map[string][]int{}
	for _, e := range events {
		number, seq, _ := strings.Cut(e, "|")
		n, _ := strconv.Atoi(seq)
		evSeqs[number] = append(evSeqs[number], n)
	}
	perYear := map[string]int{}
	known := map[string]bool{}
	for _, a := range apps {
		number, v, _ := strings.Cut(a, "|")
		version, _ := strconv.Atoi(v)
		known[number] = true
		obj := "foi:" + number
		if n := creates[obj]; n != 1 {
			diffs = append(diffs, fmt.Sprintf("foi %s: %d foi.create audit events, want 1", number, n))
		}
		got := evSeqs[number]
		slices.Sort(got)
		for i, s := range got {
			if s != i+1 {
				diffs = append(diffs, fmt.Sprintf("foi %s: event seqs %v, want 1..%d", number, got, len(got)))
				break
			}
		}
		if n := evAudit[obj]; n != len(got) {
			diffs = append(diffs, fmt.Sprintf("foi %s: %d events, %d foi.event audit events", number, len(got), n))
		}
		if want := 1 + evAudit[obj] + asAudit[obj]; version != want {
			diffs = append(diffs, fmt.Sprintf("foi %s: version %d, want %d (1 + %d events + %d assignments audited)", number, version, want, evAudit[obj], asAudit[obj]))
		}
		if len(number) > 7 && strings.HasPrefix(number, "YSQ") {
			perYear[number[3:7]]++
		}
	}
	for _, obj := range sortedKeys(creates) {
		if !known[strings.TrimPrefix(obj, "foi:")] {
			diffs = append(diffs, "audit event foi.create of "+obj+", which does not exist")
		}
	}
	for _, obj := range sortedKeys(evAudit) {
		if !known[strings.TrimPrefix(obj, "foi:")] {
			diffs = append(diffs, "audit event foi.event of "+obj+", which does not exist")
		}
	}
	for _, row := range seqs {
		year, last, _ := strings.Cut(row, "|")
		if n, _ := strconv.Atoi(last); n != perYear[year] {
			diffs = append(diffs, fmt.Sprintf("foi sequence %s is at %d, but %d requests of that year exist", year, n, perYear[year]))
		}
		delete(perYear, year)
	}
	for _, year := range sortedKeys(perYear) {
		diffs = append(diffs, fmt.Sprintf("%d requests of %s, but no sequence row for the year", perYear[year], year))
	}
	return diffs, nil
}

// checkFOIListing: the listing columns (status, due_on) are what the
// case's events give on the calendar (Tx.refreshFOIListing, in the
// transaction of every event; a calendar change rewrites the open cases in
// its own). A case whose events the calendar no longer admits keeps its
// columns (refreshFOIWhere leaves it) and is not compared.
func (sn *snapshot) checkFOIListing() ([]string, error) {
	cal, err := calendarFrom(sn)
	if err != nil {
		return nil, err
	}
	apps, err := loadFOIWhere(sn, "1 = 1", "a.id")
	if err != nil {
		return nil, err
	}
	rows, err := sn.strs("SELECT number, status, due_on FROM foi_applications")
	if err != nil {
		return nil, err
	}
	stored := map[string]string{}
	for _, r := range rows {
		number, rest, _ := strings.Cut(r, "|")
		stored[number] = rest
	}
	var diffs []string
	for _, a := range apps {
		if a.ComputeClock(cal) != nil {
			continue
		}
		status, due := foiListing(a.Clock)
		if want := status + "|" + due; stored[a.Number] != want {
			diffs = append(diffs, fmt.Sprintf("foi %s: listing columns %q, its events give %q", a.Number, stored[a.Number], want))
		}
	}
	return diffs, nil
}

// checkDocuments: CreateDocument and ImportDocument insert a document and
// record its event in one transaction; publication (publishRevision, an
// import) sets published_rev and first_published and records
// document.publish or document.import. published_rev never returns to 0.
func (sn *snapshot) checkDocuments() ([]string, error) {
	var diffs []string
	docs, err := sn.strs("SELECT id, published_rev, first_published, COALESCE(index_number, '') FROM documents")
	if err != nil {
		return nil, err
	}
	born, err := sn.strs("SELECT object FROM audit_events WHERE action IN ('document.create', 'document.import')")
	if err != nil {
		return nil, err
	}
	published, err := sn.strs("SELECT object FROM audit_events WHERE action IN ('document.publish', 'document.import')")
	if err != nil {
		return nil, err
	}
	births, pubs := counts(born), counts(published)
	known := map[string]bool{}
	for _, d := range docs {
		f := strings.Split(d, "|")
		id, obj := f[0], "document:"+f[0]
		known[id] = true
		if births[obj] != 1 {
			diffs = append(diffs, fmt.Sprintf("document %s: %d creation audit events, want 1", id, births[obj]))
		}
		isPublished := f[1] != "0"
		switch {
		case isPublished && pubs[obj] == 0:
			diffs = append(diffs, fmt.Sprintf("document %s: published (revision %s) without a publication audit event", id, f[1]))
		case !isPublished && pubs[obj] > 0:
			diffs = append(diffs, fmt.Sprintf("document %s: %d publication audit events but not published", id, pubs[obj]))
		}
		if isPublished != (f[2] != "0") || isPublished != (f[3] != "") {
			diffs = append(diffs, fmt.Sprintf("document %s: published_rev %s, first_published %s, index number %q disagree", id, f[1], f[2], f[3]))
		}
	}
	for _, obj := range sortedKeys(births) {
		if !known[strings.TrimPrefix(obj, "document:")] {
			diffs = append(diffs, "creation audit event of "+obj+", which does not exist")
		}
	}
	return diffs, nil
}

// checkProjection compares the listing projection with what publicWhere
// and pointWhere admit from the base tables, field by field, and returns
// the differences (none when they agree).
func (sn *snapshot) checkProjection() ([]string, error) {
	var diffs []string
	compare := func(what string, want, got []string) {
		w, g := map[string]bool{}, map[string]bool{}
		for _, x := range want {
			w[x] = true
		}
		for _, x := range got {
			g[x] = true
			if !w[x] {
				diffs = append(diffs, what+": projection has "+x)
			}
		}
		for _, x := range want {
			if !g[x] {
				diffs = append(diffs, what+": projection lacks "+x)
			}
		}
	}
	// The rows' fields, as the base tables give them (organs and flags
	// checked below and through the side tables).
	// (A 图解 interpretation is listed as 图解: publish.Content.ListingGenre.)
	want, err := sn.strs(`SELECT d.id, r.id, d.index_number, r.title, r.doc_number, r.keywords, r.summary, r.written_on, r.published_on,
		r.effective_on, r.theme, x.genre, d.validity, CASE WHEN d.withdrawn = 'not_in_force' THEN 1 ELSE 0 END, d.first_published, d.last_published,
		CASE WHEN COALESCE(g.policy, FALSE) THEN 1 ELSE 0 END
		FROM documents d JOIN revisions r ON r.id = d.published_rev
		JOIN (SELECT id, CASE WHEN genre = '` + publish.GenreInterpretation + `' AND interpret_form = '` + string(publish.FormGraphic) + `' THEN '` + publish.GenreGraphic + `' ELSE genre END AS genre FROM revisions) x ON x.id = r.id
		LEFT JOIN genres g ON g.code = x.genre WHERE ` + publicWhere)
	if err != nil {
		return nil, err
	}
	got, err := sn.strs(`SELECT doc_id, rev_id, index_number, title, doc_number, keywords, summary, written_on, published_on,
		effective_on, theme, genre, validity, CASE WHEN not_in_force THEN 1 ELSE 0 END, first_published, last_published,
		CASE WHEN policy THEN 1 ELSE 0 END
		FROM public_docs WHERE portal = TRUE`)
	if err != nil {
		return nil, err
	}
	compare("portal rows", want, got)
	// The kept totals are what counting the rows gives.
	if want, err = sn.strs(recountSQL); err != nil {
		return nil, err
	}
	if got, err = sn.strs("SELECT facet, key, n FROM public_counts WHERE n <> 0"); err != nil {
		return nil, err
	}
	compare("list totals", want, got)
	for _, side := range []struct{ what, want, got string }{
		{"organ names", `SELECT d.id, dp.name, ro.position FROM documents d JOIN revisions r ON r.id = d.published_rev
			JOIN revision_organs ro ON ro.rev_id = r.id JOIN departments dp ON dp.id = ro.dept_id WHERE ` + listedWhere + ` AND d.id IN (SELECT doc_id FROM public_docs)`, ""},
		{"organs", `SELECT d.id, ro.dept_id FROM documents d JOIN revisions r ON r.id = d.published_rev JOIN revision_organs ro ON ro.rev_id = r.id WHERE ` + publicWhere,
			"SELECT doc_id, dept_id FROM public_doc_organs"},
		{"catalog", `SELECT d.id, rk.item_id FROM documents d JOIN revisions r ON r.id = d.published_rev JOIN revision_catalog rk ON rk.rev_id = r.id WHERE ` + publicWhere,
			"SELECT doc_id, item_id FROM public_doc_catalog"},
		{"columns", `SELECT d.id, c.id FROM documents d JOIN revisions r ON r.id = d.published_rev JOIN revision_columns rc ON rc.rev_id = r.id
			JOIN columns c ON c.id = rc.column_id OR c.id = (SELECT parent_id FROM columns WHERE id = rc.column_id) WHERE ` + publicWhere,
			"SELECT doc_id, column_id FROM public_doc_columns"},
		{"points", `SELECT d.id, rp.point_id FROM documents d JOIN revisions r ON r.id = d.published_rev JOIN revision_points rp ON rp.rev_id = r.id WHERE ` + listedWhere,
			"SELECT doc_id, point_id FROM public_doc_points"},
		{"sort keys", `SELECT p.doc_id, p.published_on FROM public_docs p`,
			`SELECT doc_id, published_on FROM public_doc_columns UNION SELECT doc_id, published_on FROM public_doc_catalog
			UNION SELECT doc_id, published_on FROM public_doc_organs UNION SELECT doc_id, published_on FROM public_doc_points`},
	} {
		want, err := sn.strs(side.want)
		if err != nil {
			return nil, err
		}
		if side.got == "" {
			// Organ names: the joined text of each row.
			names := map[string][]string{}
			for _, x := range want {
				f := strings.Split(x, "|")
				pos, _ := strconv.Atoi(f[2])
				for len(names[f[0]]) <= pos {
					names[f[0]] = append(names[f[0]], "")
				}
				names[f[0]][pos] = f[1]
			}
			want = nil
			for id, n := range names {
				want = append(want, id+"|"+strings.Join(slices.DeleteFunc(n, func(s string) bool { return s == "" }), organSep))
			}
			if got, err = sn.strs("SELECT doc_id, organs FROM public_docs WHERE organs <> ''"); err != nil {
				return nil, err
			}
		} else if got, err = sn.strs(side.got); err != nil {
			return nil, err
		}
		if side.what == "sort keys" {
			// Every side row carries its document's sort key.
			all, _ := sn.strs(side.want)
			keys := map[string]bool{}
			for _, k := range all {
				keys[k] = true
			}
			for _, g := range got {
				if !keys[g] {
					diffs = append(diffs, "side row with a stale sort key: "+g)
				}
			}
			continue
		}
		compare(side.what, want, got)
	}
	// Each point's kiosk rows are what pointWhere admits.
	points, err := sn.strs("SELECT id FROM points")
	if err != nil {
		return nil, err
	}
	for _, pt := range points {
		id, _ := strconv.ParseInt(pt, 10, 64)
		want, err := sn.strs("SELECT d.id FROM documents d JOIN revisions r ON r.id = d.published_rev WHERE "+pointWhere, id)
		if err != nil {
			return nil, err
		}
		got, err := sn.strs("SELECT x.doc_id FROM public_doc_points x JOIN public_docs p ON p.doc_id = x.doc_id WHERE x.point_id = ? AND p.portal = FALSE", id)
		if err != nil {
			return nil, err
		}
		compare("kiosk "+pt, want, got)
	}
	return diffs, nil
}

// checkLetterCounts compares the kept count of published letters with the
// letters.
func (sn *snapshot) checkLetterCounts() ([]string, error) {
	var kept, counted int
	if err := sn.row("SELECT n FROM letter_counts WHERE name = 'published'").Scan(&kept); err != nil {
		return nil, translate(err)
	}
	if err := sn.row("SELECT COUNT(*) FROM letters WHERE published = ?", true).Scan(&counted); err != nil {
		return nil, translate(err)
	}
	if kept != counted {
		return []string{fmt.Sprintf("letter_counts: published %d, but %d letters are published", kept, counted)}, nil
	}
	return nil, nil
}
