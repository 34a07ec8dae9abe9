package store

import (
	"cmp"
	"database/sql"
	"errors"
	"slices"
	"strconv"
	"strings"
)

// The totals of public lists (public_counts): for each facet a list can be
// filtered by alone, how many documents it holds. refreshPublic moves a
// document's facets out of the old counts and into the new ones; the
// transaction adds the deltas up and writes them once before it commits.

// facet is one count of public_counts.
type facet struct{ name, key string }

// facets are the counts a projection row belongs to.
func (p *publicRow) facets() []facet {
	var out []facet
	for _, id := range p.Points {
		out = append(out, facet{"point", itoa(id)})
	}
	if !p.Portal {
		return out
	}
	out = append(out, facet{"all", ""}, facet{"genre", p.Genre}, facet{"year", strconv.Itoa(p.Year)}, facet{"validity", p.Validity})
	if p.Theme != "" {
		out = append(out, facet{"theme", p.Theme})
	}
	if p.ThemeTop != "" {
		out = append(out, facet{"theme_top", p.ThemeTop})
	}
	if p.Policy {
		// The 政策文件库's own list and its theme filter (PolicyThemes).
		out = append(out, facet{"policy", ""})
		if p.Theme != "" {
			out = append(out, facet{"policy_theme", p.Theme})
		}
		if p.ThemeTop != "" {
			out = append(out, facet{"policy_theme_top", p.ThemeTop})
		}
	}
	for _, side := range []struct {
		name string
		ids  []int64
	}{{"column", p.Columns}, {"catalog", p.Catalog}, {"organ", p.OrganIDs}} {
		for _, id := range side.ids {
			out = append(out, facet{side.name, itoa(id)})
		}
	}
	return out
}

// count adds delta to each of fs in the transaction's pending counts.
func (tx *Tx) count(fs []facet, delta int64) {
	if tx.counts == nil {
		tx.counts = map[facet]int64{}
	}
	for _, f := range fs {
		tx.counts[f] += delta
	}
}

// flushCounts writes the pending counts, in a fixed order (so two
// transactions on PostgreSQL lock the rows in the same order).
func (tx *Tx) flushCounts() error {
	keys := make([]facet, 0, len(tx.counts))
	for f, n := range tx.counts {
		if n != 0 {
			keys = append(keys, f)
		}
	}
	slices.SortFunc(keys, func(a, b facet) int { return cmp.Or(cmp.Compare(a.name, b.name), cmp.Compare(a.key, b.key)) })
	for _, f := range keys {
		if _, err := tx.exec(`INSERT INTO public_counts (facet, key, n) VALUES (?, ?, ?)
			ON CONFLICT (facet, key) DO UPDATE SET n = public_counts.n + excluded.n`, f.name, f.key, tx.counts[f]); err != nil {
			return err
		}
	}
	tx.counts = nil
	return nil
}

// oldFacets are the counts document docID's current projection rows
// belong to; has is false when it has no row (and so, by the foreign keys
// of the side tables and by refreshPublic writing the search row with
// it, no side or search rows either).
func (tx *Tx) oldFacets(docID int64) (old []facet, has bool, err error) {
	p := publicRow{DocID: docID}
	err = tx.queryRow("SELECT portal, theme, theme_top, genre, year, validity, policy FROM public_docs WHERE doc_id = ?", docID).
		Scan(&p.Portal, &p.Theme, &p.ThemeTop, &p.Genre, &p.Year, &p.Validity, &p.Policy)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, false, nil
	}
	if err != nil {
		return nil, false, translate(err)
	}
	for _, side := range publicSides {
		ids, err := tx.ids("SELECT "+side.key+" FROM "+side.table+" WHERE doc_id = ?", docID)
		if err != nil {
			return nil, false, err
		}
		*side.field(&p) = ids
	}
	return p.facets(), true, nil
}

// onlyFacet is the count that is the total of f's list, when f filters by
// one facet alone (and no words).
func (f *PublicFilter) onlyFacet() (facet, bool) {
	var set []facet
	add := func(on bool, name, key string) {
		if on {
			set = append(set, facet{name, key})
		}
	}
	add(f.PointID != 0, "point", itoa(f.PointID))
	add(f.ColumnID != 0, "column", itoa(f.ColumnID))
	add(f.CatalogID != 0, "catalog", itoa(f.CatalogID))
	add(f.OrganID != 0, "organ", itoa(f.OrganID))
	if f.Theme != "" {
		if strings.Contains(f.Theme, ".") {
			add(true, "theme", f.Theme)
		} else {
			add(true, "theme_top", f.Theme)
		}
	}
	add(f.Genre != "", "genre", f.Genre)
	add(f.Year != 0, "year", strconv.Itoa(f.Year))
	add(f.Validity != "", "validity", string(f.Validity))
	if f.Policy {
		// The policy library alone, or with its theme: a kept count.
		switch {
		case len(set) == 0 && f.Query == "":
			return facet{"policy", ""}, true
		case len(set) == 1 && f.Query == "" && set[0].name == "theme":
			return facet{"policy_theme", set[0].key}, true
		case len(set) == 1 && f.Query == "" && set[0].name == "theme_top":
			return facet{"policy_theme_top", set[0].key}, true
		}
		return facet{}, false
	}
	switch {
	case f.Query != "" || len(set) > 1:
		return facet{}, false
	case len(set) == 0:
		return facet{"all", ""}, true
	}
	return set[0], true
}

// recountSQL recomputes every count from the projection (for a store
// filled without its transactions, and to check the kept counts).
const recountSQL = `SELECT 'all', '', COUNT(*) FROM public_docs WHERE portal = TRUE
	UNION ALL SELECT 'theme', theme, COUNT(*) FROM public_docs WHERE portal = TRUE AND theme <> '' GROUP BY theme
	UNION ALL SELECT 'theme_top', theme_top, COUNT(*) FROM public_docs WHERE portal = TRUE AND theme_top <> '' GROUP BY theme_top
	UNION ALL SELECT 'genre', genre, COUNT(*) FROM public_docs WHERE portal = TRUE GROUP BY genre
	UNION ALL SELECT 'policy', '', COUNT(*) FROM public_docs WHERE portal = TRUE AND policy = TRUE HAVING COUNT(*) > 0
	UNION ALL SELECT 'policy_theme', theme, COUNT(*) FROM public_docs WHERE portal = TRUE AND policy = TRUE AND theme <> '' GROUP BY theme
	UNION ALL SELECT 'policy_theme_top', theme_top, COUNT(*) FROM public_docs WHERE portal = TRUE AND policy = TRUE AND theme_top <> '' GROUP BY theme_top
	UNION ALL SELECT 'year', CAST(year AS TEXT), COUNT(*) FROM public_docs WHERE portal = TRUE GROUP BY year
	UNION ALL SELECT 'validity', validity, COUNT(*) FROM public_docs WHERE portal = TRUE GROUP BY validity
	UNION ALL SELECT 'column', CAST(column_id AS TEXT), COUNT(*) FROM public_doc_columns GROUP BY column_id
	UNION ALL SELECT 'catalog', CAST(item_id AS TEXT), COUNT(*) FROM public_doc_catalog GROUP BY item_id
	UNION ALL SELECT 'organ', CAST(dept_id AS TEXT), COUNT(*) FROM public_doc_organs GROUP BY dept_id
	UNION ALL SELECT 'point', CAST(point_id AS TEXT), COUNT(*) FROM public_doc_points GROUP BY point_id`
