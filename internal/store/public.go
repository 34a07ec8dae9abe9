package store

import (
	"cmp"
	"context"
	"database/sql"
	"errors"
	"slices"
	"sort"
	"strings"
	"time"

	"gongkai/internal/calendar"
	"gongkai/internal/errs"
	"gongkai/internal/publish"
)

// publicWhere is the one definition of "the public may see this
// revision", used by every public query of the base tables and by the
// listing projection's maintenance (Tx.refreshPublic): the document's
// current published revision, not withdrawn in error or replaced, actively
// disclosed, not classified, and not targeted at points or an audience.
const publicWhere = listedWhere + ` AND r.audience = ''
	AND NOT EXISTS (SELECT 1 FROM revision_points rp WHERE rp.rev_id = r.id)`

// pointWhere is what a point's kiosk shows: published, not withdrawn,
// actively disclosed, unclassified, and targeted at that point (argument).
const pointWhere = listedWhere + ` AND EXISTS (SELECT 1 FROM revision_points rp WHERE rp.rev_id = r.id AND rp.point_id = ?)`

// MaxPublicPage is the deepest page number a public list serves by
// OFFSET; deeper pages are reached by narrowing the filter or, for
// programs, by the keyset cursor (PublicFilter.After).
const MaxPublicPage = 500

// PublicCursor is a position in the newest-first order of public lists:
// the last row a caller has seen.
type PublicCursor struct {
	PublishedOn string // YYYY-MM-DD
	DocID       int64
}

// CursorOf is the cursor that continues a list after p.
func CursorOf(p *publish.PublicDoc) *PublicCursor {
	return &PublicCursor{PublishedOn: p.Rev.PublishedOn.String(), DocID: p.Doc.ID}
}

// PublicFilter narrows a public listing. Zero fields do not filter.
type PublicFilter struct {
	ColumnID  int64 // includes the column's direct children
	CatalogID int64
	OrganID   int64
	Theme     string // a first-level code matches all its children
	Genre     string
	Year      int
	Validity  publish.Validity
	Policy    bool          // the 政策文件库: genres marked as policy only
	Query     string        // words in the title, document number or keywords
	PointID   int64         // kiosk listing instead of the open portal
	Page      int           // from 1, at most MaxPublicPage
	Size      int           // 1–100
	After     *PublicCursor // when set, the rows after it (Page is ignored)
}

// rowConds appends the conditions on the projection's row p that the
// public lists and search share: a theme (a first-level code matches its
// children), a genre, a range of years (0: open), a validity; empty
// values do not filter.
func rowConds(conds []string, args []any, theme, genre string, yearFrom, yearTo int, validity publish.Validity) ([]string, []any) {
	if theme != "" {
		if strings.Contains(theme, ".") {
			conds, args = append(conds, "p.theme = ?"), append(args, theme)
		} else {
			conds, args = append(conds, "p.theme_top = ?"), append(args, theme)
		}
	}
	if genre != "" {
		conds, args = append(conds, "p.genre = ?"), append(args, genre)
	}
	switch {
	case yearFrom != 0 && yearFrom == yearTo:
		conds, args = append(conds, "p.year = ?"), append(args, yearFrom)
	default:
		if yearFrom != 0 {
			conds, args = append(conds, "p.year >= ?"), append(args, yearFrom)
		}
		if yearTo != 0 {
			conds, args = append(conds, "p.year <= ?"), append(args, yearTo)
		}
	}
	if validity != "" {
		conds, args = append(conds, "p.validity = ?"), append(args, string(validity))
	}
	return conds, args
}

// publicList is a list query over the projection: the table that drives
// it (an index range in list order) and the conditions.
type publicList struct {
	from string // FROM … with the driving table aliased x (or p itself)
	side string // the driving side table alone, "" when p drives
	key  string // the driving table's alias, whose (published_on, doc_id) orders
	// needsRow says a condition reads the projection's row p; joinPage
	// keeps p in the page query even when none does (kiosk lists).
	needsRow, joinPage bool
	conds              []string
	args               []any
}

// inner is the FROM of the query that walks the index range: the side
// table alone when no condition needs the projection's row, so skipped
// rows of a deep page cost an index entry each, not a row lookup.
func (l publicList) inner() string {
	if l.side == "" || l.needsRow {
		return l.from
	}
	return l.side + " x"
}

// list builds the query for f. The driving table is the side table of the
// kiosk, column, catalog item or organ filter if any (its primary key is
// the page's index range), else public_docs by the index of its filter;
// the other filters are checked on the rows the range yields.
func (f *PublicFilter) list() publicList {
	l := publicList{from: "public_docs p", key: "p"}
	drive := func(table, key string, id int64) {
		l.from, l.side, l.key = table+" x JOIN public_docs p ON p.doc_id = x.doc_id", table, "x"
		l.conds, l.args = append(l.conds, "x."+key+" = ?"), append(l.args, id)
	}
	// The first link filter drives; further ones are checked in their
	// side tables by the driving row's document.
	links := []struct {
		id           int64
		table, field string
	}{
		{f.ColumnID, "public_doc_columns", "column_id"},
		{f.CatalogID, "public_doc_catalog", "item_id"},
		{f.OrganID, "public_doc_organs", "dept_id"},
	}
	if f.PointID != 0 {
		drive("public_doc_points", "point_id", f.PointID)
		// A point's list is a handful of targeted documents: no deep pages
		// to walk, and the join keeps PostgreSQL on the index order.
		l.joinPage = true
	}
	for _, k := range links {
		switch {
		case k.id == 0:
		case l.key == "p":
			drive(k.table, k.field, k.id)
		default:
			l.conds = append(l.conds, "EXISTS (SELECT 1 FROM "+k.table+" y WHERE y.doc_id = x.doc_id AND y."+k.field+" = ?)")
			l.args = append(l.args, k.id)
		}
	}
	if l.key == "p" {
		// The side tables hold portal rows only.
		l.conds = append(l.conds, "p.portal = TRUE")
	}
	// The remaining filters read the projection's row.
	l.needsRow = f.Theme != "" || f.Genre != "" || f.Year != 0 || f.Validity != "" || f.Policy || strings.TrimSpace(f.Query) != ""
	if f.Policy {
		l.conds = append(l.conds, "p.policy = TRUE")
	}
	l.conds, l.args = rowConds(l.conds, l.args, f.Theme, f.Genre, f.Year, f.Year, f.Validity)
	for _, w := range strings.Fields(f.Query) {
		q := "%" + escapeLike(w) + "%"
		l.conds = append(l.conds, `(p.title LIKE ? ESCAPE '\' OR p.doc_number LIKE ? ESCAPE '\' OR p.keywords LIKE ? ESCAPE '\')`)
		l.args = append(l.args, q, q, q)
	}
	return l
}

// publicListColumns are what a list row reads: the projection's columns
// and the theme and genre names.
const publicListColumns = `p.doc_id, p.rev_id, p.index_number, p.title, p.doc_number, p.summary, p.organs, p.written_on,
	p.published_on, p.effective_on, p.theme, p.genre, p.validity, p.not_in_force, p.first_published, p.last_published,
	COALESCE(t.name, ''), COALESCE(g.name, '')`

// countSQL counts l's rows over the same range as the list (the side
// table's index alone when no condition needs the projection's row).
func (l publicList) countSQL() (string, []any) {
	return "SELECT COUNT(*) FROM " + l.inner() + " WHERE " + strings.Join(l.conds, " AND "), l.args
}

// listSQL is the page query of l: newest first, from the cursor when
// given. The inner query walks the index range to the page (skipped rows
// are index entries only, so a deep OFFSET stays cheap); the outer one
// reads the page's rows. The page is put in order by publicRows, so no
// plan sorts.
func (l publicList) listSQL(after *PublicCursor) (string, []any) {
	conds, args := l.conds, l.args
	if after != nil {
		conds = append(conds[:len(conds):len(conds)], "("+l.key+".published_on, "+l.key+".doc_id) < (?, ?)")
		args = append(args[:len(args):len(args)], after.PublishedOn, after.DocID)
	}
	from := l.inner()
	if l.joinPage {
		from = l.from
	}
	return "SELECT " + publicListColumns + " FROM (SELECT " + l.key + ".doc_id AS id FROM " + from +
		" WHERE " + strings.Join(conds, " AND ") +
		" ORDER BY " + l.key + ".published_on DESC, " + l.key + ".doc_id DESC LIMIT ? OFFSET ?) k" +
		" JOIN public_docs p ON p.doc_id = k.id LEFT JOIN themes t ON t.code = p.theme LEFT JOIN genres g ON g.code = p.genre", args
}

// PublicDocuments lists what the public may see, newest first, with the
// total count for paging. It reads the listing projection only: the rows
// carry the list's fields (no bodies, links or attachments; PublicDocument
// loads those). Pages beyond MaxPublicPage are refused unless f.After
// is set.
func (s *Store) PublicDocuments(ctx context.Context, f PublicFilter) ([]*publish.PublicDoc, int, error) {
	const op = "store.PublicDocuments"
	f.normalize()
	if f.After == nil && f.Page > MaxPublicPage {
		return nil, 0, errs.Newf(errs.Invalid, op, "page_too_deep", "只能翻到第 %d 页。请缩小筛选范围（如选择年份、发布机构或主题）后再查看。", MaxPublicPage)
	}
	l := f.list()
	var total int
	var err error
	if fc, ok := f.onlyFacet(); ok {
		total, err = s.listCount(ctx, fc)
	} else {
		q, args := l.countSQL()
		err = s.queryRow(ctx, q, args...).Scan(&total)
	}
	if err != nil {
		return nil, 0, errs.Wrap(op, translate(err))
	}
	offset := (f.Page - 1) * f.Size
	if f.After != nil {
		offset = 0
	}
	out, err := s.publicRows(ctx, op, l, f.After, f.Size, offset)
	return out, total, err
}

// PublicLatest returns the newest f.Size documents of a list (for home
// blocks and feeds) and whether there are more, in one bounded query.
func (s *Store) PublicLatest(ctx context.Context, f PublicFilter) ([]*publish.PublicDoc, bool, error) {
	f.normalize()
	out, err := s.publicRows(ctx, "store.PublicLatest", f.list(), nil, f.Size+1, 0)
	if len(out) > f.Size {
		return out[:f.Size], true, err
	}
	return out, false, err
}

func (f *PublicFilter) normalize() {
	if f.Size < 1 || f.Size > 100 {
		f.Size = 20
	}
	if f.Page < 1 {
		f.Page = 1
	}
}

// publicRows runs a page query and makes its rows list documents.
func (s *Store) publicRows(ctx context.Context, op string, l publicList, after *PublicCursor, limit, offset int) ([]*publish.PublicDoc, error) {
	q, args := l.listSQL(after)
	return s.publicListRows(ctx, op, q, append(args, limit, offset))
}

// publicListRows runs a query selecting publicListColumns and makes its
// rows list documents, newest first.
func (s *Store) publicListRows(ctx context.Context, op, q string, args []any) ([]*publish.PublicDoc, error) {
	var out []*publish.PublicDoc
	err := s.queryAll(ctx, op, q, args, func(rows *sql.Rows) error {
		d, r := &publish.Document{}, &publish.Revision{State: publish.Published}
		c := &r.Content
		var organs, written, published, effective string
		var notInForce bool
		var first, last int64
		p := &publish.PublicDoc{Doc: d, Rev: r}
		if err := rows.Scan(&d.ID, &r.ID, &d.IndexNumber, &c.Title, &c.DocNumber, &c.Summary, &organs, &written, &published, &effective,
			&c.Theme, &c.Genre, &d.Validity, &notInForce, &first, &last, &p.ThemeName, &p.GenreName); err != nil {
			return err
		}
		d.PublishedRev, r.DocID = r.ID, d.ID
		if notInForce {
			d.Withdrawn = publish.WithdrawNotInForce
		}
		d.FirstPublished, d.LastPublished = fromMicros(first), fromMicros(last)
		c.WrittenOn, _ = calendar.ParseDate(written)
		c.EffectiveOn, _ = calendar.ParseDate(effective)
		r.PublishedOn, _ = calendar.ParseDate(published)
		if organs != "" {
			p.Organs = strings.Split(organs, organSep)
		}
		out = append(out, p)
		return nil
	})
	slices.SortFunc(out, func(a, b *publish.PublicDoc) int {
		if c := b.Rev.PublishedOn.Compare(a.Rev.PublishedOn); c != 0 {
			return c
		}
		return cmp.Compare(b.Doc.ID, a.Doc.ID)
	})
	return out, err
}

const (
	publicOrgansSQL = `SELECT d.id FROM departments d WHERE EXISTS (SELECT 1 FROM public_doc_organs o WHERE o.dept_id = d.id)`
	publicOldestSQL = `SELECT COALESCE(MIN(year), 0) FROM public_docs WHERE portal = TRUE`
)

// PublicFacets returns the organs that have portal documents (in no
// particular order) and the year of the oldest one (0 when there are
// none), for the policy library's selects: one index probe per department
// and one for the year.
func (s *Store) PublicFacets(ctx context.Context) (organs []int64, oldest int, err error) {
	const op = "store.PublicFacets"
	if err := s.queryRow(ctx, publicOldestSQL).Scan(&oldest); err != nil {
		return nil, 0, errs.Wrap(op, translate(err))
	}
	err = s.queryAll(ctx, op, publicOrgansSQL, nil, func(rows *sql.Rows) error {
		var id int64
		err := rows.Scan(&id)
		organs = append(organs, id)
		return err
	})
	return organs, oldest, err
}

const policyThemesSQL = `SELECT key FROM public_counts WHERE facet IN ('policy_theme', 'policy_theme_top') AND n > 0`

// PolicyThemes returns the themes (second-level codes and first-level
// ones) that have documents in the 政策文件库, for its theme filter: the
// kept counts' policy facets: public_counts has one row per facet key
// (themes, genres, years, organs, columns, catalog items, points), so the
// read is bounded by the reference data, whatever the number of documents
// (PostgreSQL scans that small table rather than its primary key, which is
// why TestPublicPlans does not list this query).
func (s *Store) PolicyThemes(ctx context.Context) (map[string]bool, error) {
	out := map[string]bool{}
	err := s.queryAll(ctx, "store.PolicyThemes", policyThemesSQL, nil,
		func(rows *sql.Rows) error {
			var k string
			err := rows.Scan(&k)
			out[k] = true
			return err
		})
	return out, err
}

// listCount is the kept total of a one-facet list.
func (s *Store) listCount(ctx context.Context, f facet) (int, error) {
	var n int
	err := s.queryRow(ctx, "SELECT n FROM public_counts WHERE facet = ? AND key = ?", f.name, f.key).Scan(&n)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, nil
	}
	return n, translate(err)
}

// PublicSitemapSize is the most documents one sitemap file lists (the
// sitemap protocol's limit is 50,000 URLs).
const PublicSitemapSize = 50_000

// PublicSitemapChunks is how many sitemap files the portal's documents need.
func (s *Store) PublicSitemapChunks(ctx context.Context) (int, error) {
	total, err := s.listCount(ctx, facet{"all", ""})
	if err != nil {
		return 0, errs.Wrap("store.PublicSitemapChunks", err)
	}
	return (total + PublicSitemapSize - 1) / PublicSitemapSize, nil
}

const publicSitemapSQL = `SELECT index_number, published_on, last_published FROM public_docs
	WHERE portal = TRUE ORDER BY doc_id LIMIT ? OFFSET ?`

// PublicSitemap streams chunk n (from 1) of the portal's documents in id
// order, PublicSitemapSize per chunk, from one query: each document's index
// number and when it last changed on the portal.
func (s *Store) PublicSitemap(ctx context.Context, n int, fn func(index string, changed time.Time) error) error {
	const op = "store.PublicSitemap"
	if n < 1 {
		return errs.New(errs.NotFound, op, "sitemap_not_found", "网站地图不存在。")
	}
	return s.queryAll(ctx, op, publicSitemapSQL, []any{PublicSitemapSize, (n - 1) * PublicSitemapSize}, func(rows *sql.Rows) error {
		var index, published string
		var last int64
		if err := rows.Scan(&index, &published, &last); err != nil {
			return err
		}
		changed := fromMicros(last)
		if changed.IsZero() {
			d, _ := calendar.ParseDate(published)
			changed = time.Date(d.Year, d.Month, d.Day, 0, 0, 0, 0, calendar.Zone)
		}
		return fn(index, changed)
	})
}

func prefixed(prefix, cols string) string {
	parts := strings.Split(cols, ",")
	for i, p := range parts {
		parts[i] = prefix + strings.TrimSpace(p)
	}
	return strings.Join(parts, ", ")
}

// visibleWhere is publicWhere, or with a point pointWhere, with its argument.
func visibleWhere(pointID int64) (string, []any) {
	if pointID != 0 {
		return pointWhere, []any{pointID}
	}
	return publicWhere, nil
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

// fillPublic adds a document page's names, links, attachments and related
// documents.
func (s *Store) fillPublic(ctx context.Context, p *publish.PublicDoc) error {
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
	// A document has a few interpretations: they are found through the
	// revisions_interprets index and put in order here. (With ORDER BY in
	// the query SQLite would walk every document in id order instead.)
	var ids []int64
	err = s.queryAll(ctx, "store.fillPublic", "SELECT d.id, d.index_number, r.title FROM revisions r JOIN documents d ON d.id = r.doc_id WHERE r.interprets = ? AND "+publicWhere,
		[]any{p.Doc.ID}, func(rows *sql.Rows) error {
			var l publish.DocLink
			var id int64
			err := rows.Scan(&id, &l.IndexNumber, &l.Title)
			ids, p.Interpretations = append(ids, id), append(p.Interpretations, l)
			return err
		})
	sort.Sort(byID{ids, p.Interpretations})
	return err
}

// byID orders links by their documents' ids.
type byID struct {
	ids   []int64
	links []publish.DocLink
}

func (b byID) Len() int           { return len(b.ids) }
func (b byID) Less(i, j int) bool { return b.ids[i] < b.ids[j] }
func (b byID) Swap(i, j int) {
	b.ids[i], b.ids[j] = b.ids[j], b.ids[i]
	b.links[i], b.links[j] = b.links[j], b.links[i]
}

// PublicDocument returns one document by index number as the public (or,
// with pointID, that point's kiosk) sees it. For a document withdrawn as
// replaced it returns no document and the replacement's index number, so
// the page can redirect there.
func (s *Store) PublicDocument(ctx context.Context, indexNumber string, pointID int64) (*publish.PublicDoc, string, error) {
	const op = "store.PublicDocument"
	gone := errs.New(errs.NotFound, op, "document_not_found", "该信息不存在或已撤回。")
	where, args := visibleWhere(pointID)
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
	return p, "", errs.Wrap(op, s.fillPublic(ctx, p))
}

// PublicAttachment returns a file only while a public (or, with pointID,
// that point's) revision lists it; anything else is not found, whether or
// not the file exists.
func (s *Store) PublicAttachment(ctx context.Context, id, pointID int64) (*publish.Attachment, []byte, error) {
	const op = "store.PublicAttachment"
	where, args := visibleWhere(pointID)
	var a publish.Attachment
	var data []byte
	// From the file to its document's published revision: primary keys
	// all the way (revision_attachments is keyed by revision first).
	err := s.queryRow(ctx, `SELECT a.id, a.doc_id, a.name, a.mime, a.size, a.sha256, a.data FROM attachments a
		JOIN documents d ON d.id = a.doc_id JOIN revisions r ON r.id = d.published_rev
		JOIN revision_attachments ra ON ra.rev_id = r.id AND ra.attachment_id = a.id
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

// ColumnFreshness returns, per column id, when its newest public items
// were last published (columns without any are absent). A column counts
// its direct children's items, as its page lists them. It reads the 20
// newest items of each column in the listing projection, so it costs the
// number of columns, not of documents (an old item revised today does not
// make its column fresh).
func (s *Store) ColumnFreshness(ctx context.Context) (map[int64]time.Time, error) {
	out := map[int64]time.Time{}
	err := s.queryAll(ctx, "store.ColumnFreshness", `SELECT c.id, (SELECT MAX(p.last_published) FROM
		(SELECT x.doc_id FROM public_doc_columns x WHERE x.column_id = c.id ORDER BY x.published_on DESC, x.doc_id DESC LIMIT 20) k
		JOIN public_docs p ON p.doc_id = k.doc_id) FROM columns c`, nil, func(rows *sql.Rows) error {
		var id int64
		var us sql.NullInt64
		if err := rows.Scan(&id, &us); err != nil {
			return err
		}
		if us.Valid {
			out[id] = fromMicros(us.Int64)
		}
		return nil
	})
	return out, err
}
