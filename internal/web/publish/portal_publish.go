package publish

// The public side of active disclosure (主动公开): the 政府信息公开 section,
// column pages, the policy library, document pages, attachments and the
// kiosk pages of on-site points. Every document shown here comes from the
// store's Public* functions, which hold the one definition of what the
// public may see; this file never reads a document or revision directly.

import (
	"bytes"
	"cmp"
	"context"
	"crypto/subtle"
	"fmt"
	"html/template"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"gongkai/internal/auth"
	"gongkai/internal/calendar"
	"gongkai/internal/errs"
	"gongkai/internal/publish"
	"gongkai/internal/richtext"
	"gongkai/internal/store"
	"gongkai/internal/web/kit"
)

// ppPageSize is the length of every public listing page.
const ppPageSize = 20

// pubDate writes a civil date (or the China date of an instant) the way
// Chinese portals do: 2024年04月19日. Zero dates are "".
func pubDate(v any) string {
	switch d := v.(type) {
	case calendar.Date:
		if d.IsZero() {
			return ""
		}
		return fmt.Sprintf("%04d年%02d月%02d日", d.Year, int(d.Month), d.Day)
	case time.Time:
		if d.IsZero() {
			return ""
		}
		return pubDate(calendar.DateOf(d))
	case string:
		if dd, err := calendar.ParseDate(d); err == nil {
			return pubDate(dd)
		}
		return d
	}
	return ""
}

// escapeSegments escapes each "/"-separated part of an index number, so
// the slashes stay path separators and anything else is safe in a URL.
func escapeSegments(s string) string {
	parts := strings.Split(s, "/")
	for i, p := range parts {
		parts[i] = url.PathEscape(p)
	}
	return strings.Join(parts, "/")
}

// docPath is the portal page of a document.
func docPath(index string) string { return kit.DocPath(index) }

// filePath is the public URL of an attachment.
func filePath(a *publish.Attachment) string { return publish.AttachmentPath(a) }

// humanSize writes a file size for people.
func humanSize(n int64) string {
	switch {
	case n >= 1<<20:
		return fmt.Sprintf("%.1f MB", float64(n)/(1<<20))
	case n >= 1<<10:
		return fmt.Sprintf("%.0f KB", float64(n)/(1<<10))
	}
	return fmt.Sprintf("%d 字节", n)
}

// errHidden is the one answer for anything the public may not see: the
// same code and message as an unknown URL, so a 404 never tells whether
// the thing exists.
var errHidden = errs.New(errs.NotFound, "web.portal", "not_found", "您访问的页面不存在，可能已被移动或删除。")

// errNoFile is the one answer for an attachment that is not public,
// whether or not the file exists.
var errNoFile = errs.New(errs.NotFound, "web.file", "attachment_not_found", "附件不存在或已不再公开。")

// hideNotFound turns a store's not-found into errHidden.
func hideNotFound(err error, hidden error) error {
	if errs.Is(err, errs.NotFound) {
		return hidden
	}
	return err
}

// ---- listings ----

// ppRow is one line of a document listing.
type ppRow struct {
	URL, Title, Index, DocNumber, Organs string
	Written, Published                   calendar.Date
	Validity                             publish.Validity
	NotInForce                           bool           // withdrawn as 不再有效
	Status                               publish.Status // what 有效性 reads today (尚未施行 before the 实施日期)
}

func ppRows(docs []*publish.PublicDoc, link func(index string) string, today calendar.Date) []ppRow {
	out := make([]ppRow, len(docs))
	for i, p := range docs {
		notInForce := p.Doc.Withdrawn == publish.WithdrawNotInForce
		out[i] = ppRow{
			URL: link(p.Doc.IndexNumber), Title: p.Rev.Content.Title, Index: p.Doc.IndexNumber,
			DocNumber: p.Rev.Content.DocNumber, Organs: strings.Join(p.Organs, "、"),
			Written: p.Rev.Content.WrittenOn, Published: p.Rev.PublishedOn,
			Validity: p.Doc.Validity, NotInForce: notInForce,
			Status: publish.StatusOn(p.Doc.Validity, notInForce, p.Rev.Content.EffectiveOn, today),
		}
	}
	return out
}

// today is the civil date of the request, for statuses that depend on it
// (the page cache keys on the date, so a cached page turns with the day).
func (s *Handler) today() calendar.Date { return calendar.Today(s.Now()) }

// ppForm is what a visitor chose in the policy library's filters (and
// what the public API accepts), as typed.
type ppForm struct {
	Organ, Theme, Genre, Year, Validity, Q, Column, Catalog string
}

// Query is the form as a query string (without page), for links.
func (f ppForm) Query() string {
	q := url.Values{}
	for k, v := range map[string]string{"organ": f.Organ, "theme": f.Theme, "genre": f.Genre, "year": f.Year,
		"validity": f.Validity, "q": f.Q, "column": f.Column, "catalog": f.Catalog} {
		if v != "" {
			q.Set(k, v)
		}
	}
	return q.Encode()
}

// Empty reports whether no filter is set.
func (f ppForm) Empty() bool { return f == ppForm{} }

// parsePublicFilter reads the filters of the policy library and the public
// API. Unknown codes and malformed values are bad input with a Chinese
// message; scope adds the column and catalog filters (API only).
func (s *Handler) parsePublicFilter(ctx context.Context, q url.Values, scope bool) (store.PublicFilter, ppForm, error) {
	const op = "web.parsePublicFilter"
	var f store.PublicFilter
	get := func(k string) string { return strings.TrimSpace(q.Get(k)) }
	form := ppForm{Organ: get("organ"), Theme: get("theme"), Genre: get("genre"), Year: get("year"), Validity: get("validity"), Q: get("q")}
	if scope {
		form.Column, form.Catalog = get("column"), get("catalog")
	}
	c, err := s.ParseChoices(ctx, form.Organ, form.Theme, form.Genre, form.Validity)
	if err != nil {
		return f, form, err
	}
	f.OrganID, f.Theme, f.Genre, f.Validity = c.OrganID, c.Theme, c.Genre, c.Validity
	if f.Year, err = kit.ParseYear("year", form.Year); err != nil {
		return f, form, err
	}
	if utf8.RuneCountInString(form.Q) > 100 {
		return f, form, errs.New(errs.Invalid, op, "query_too_long", "关键词不超过 100 个字。")
	}
	f.Query = form.Q
	if form.Column != "" {
		c, err := s.Store.ColumnByCode(ctx, strings.ToLower(form.Column))
		if err != nil {
			if errs.Is(err, errs.NotFound) {
				return f, form, errs.New(errs.Invalid, op, "invalid_column", "栏目不存在。")
			}
			return f, form, err
		}
		f.ColumnID = c.ID
	}
	if form.Catalog != "" {
		c, err := s.Store.CatalogItem(ctx, strings.ToLower(form.Catalog))
		if err != nil {
			if errs.Is(err, errs.NotFound) {
				return f, form, errs.New(errs.Invalid, op, "invalid_catalog", "目录事项不存在。")
			}
			return f, form, err
		}
		f.CatalogID = c.ID
	}
	page, err := kit.PageParam(q)
	if err != nil {
		return f, form, err
	}
	f.Page, f.Size = page, ppPageSize
	return f, form, nil
}

// ---- conditional GET ----

// ---- reference data helpers ----

// themeNames maps theme codes to their full Chinese names, "一级\二级"
// as gov.cn shows them.
func (s *Handler) themeNames(ctx context.Context) (map[string]string, []publish.Theme, error) {
	themes, err := s.Store.Themes(ctx)
	if err != nil {
		return nil, nil, err
	}
	names := map[string]string{}
	for _, t := range themes {
		names[t.Code] = t.Name
	}
	full := map[string]string{}
	for _, t := range themes {
		if p := t.Parent(); p != "" && names[p] != "" {
			full[t.Code] = names[p] + `\` + t.Name
		} else {
			full[t.Code] = t.Name
		}
	}
	return full, themes, nil
}

// facets are the organs and years that occur in public documents, for the
// policy library's selects (store.PublicFacets), kept until any document
// changes (PublicStamp).
type facets struct {
	stamp  time.Time
	organs []int64
	oldest int
}

func (s *Handler) publicFacets(ctx context.Context, stamp time.Time) (facets, error) {
	s.facetMu.Lock()
	cached := s.facets
	s.facetMu.Unlock()
	if cached.stamp.Equal(stamp) && !stamp.IsZero() {
		return cached, nil
	}
	fc := facets{stamp: stamp}
	var err error
	if fc.organs, fc.oldest, err = s.Store.PublicFacets(ctx); err != nil {
		return fc, err
	}
	s.facetMu.Lock()
	s.facets = fc
	s.facetMu.Unlock()
	return fc, nil
}

// validityOptions lists the validity states for the select.
var validityOptions = []publish.Validity{publish.Valid, publish.Expired, publish.Repealed, publish.Amended}

// ---- home ----

// ppHomeColumn is one block of latest items on the home page.
type ppHomeColumn struct {
	Column *publish.Column
	Rows   []ppRow
	More   bool
}

// homeColumns returns the newest five items of the main top-level columns
// (those that have items and are not static), at most six columns.
func (s *Handler) homeColumns(ctx context.Context) ([]ppHomeColumn, error) {
	cols, err := s.Store.Columns(ctx)
	if err != nil {
		return nil, err
	}
	var out []ppHomeColumn
	for _, c := range cols {
		if c.ParentID != 0 || c.Kind == publish.KindStatic {
			continue
		}
		docs, more, err := s.Store.PublicLatest(ctx, store.PublicFilter{ColumnID: c.ID, Size: 5})
		if err != nil {
			return nil, err
		}
		if len(docs) == 0 {
			continue
		}
		out = append(out, ppHomeColumn{Column: c, Rows: ppRows(docs, docPath, s.today()), More: more})
		if len(out) == 6 {
			break
		}
	}
	return out, nil
}

// ---- 政府信息公开 section ----

// ppColumnNode is a column with its children.
type ppColumnNode struct {
	*publish.Column
	Children []*publish.Column
}

func columnTree(cols []*publish.Column) []ppColumnNode {
	var out []ppColumnNode
	idx := map[int64]int{}
	for _, c := range cols {
		if c.ParentID == 0 {
			idx[c.ID] = len(out)
			out = append(out, ppColumnNode{Column: c})
		}
	}
	for _, c := range cols {
		if i, ok := idx[c.ParentID]; ok && c.ParentID != 0 {
			out[i].Children = append(out[i].Children, c)
		}
	}
	return out
}

// XxgkPage serves GET /xxgk.
func (s *Handler) XxgkPage(w http.ResponseWriter, r *http.Request) error {
	cols, err := s.Store.Columns(r.Context())
	if err != nil {
		return err
	}
	// The 年报 card links to the annual reports' column, and says the
	// column is being built only while it has no public report.
	var reports *publish.Column
	var nReports int
	for _, c := range cols {
		if c.Code == publish.ColumnAnnualReports {
			reports = c
		}
	}
	if reports != nil {
		if _, nReports, err = s.Store.PublicDocuments(r.Context(), store.PublicFilter{ColumnID: reports.ID, Size: 1}); err != nil {
			return err
		}
	}
	s.Render(w, r, http.StatusOK, "portal_xxgk", map[string]any{
		"Title":    "政府信息公开",
		"Columns":  columnTree(cols),
		"Reports":  reports,
		"NReports": nReports,
	})
	return nil
}

// staticPage renders an editable page (指南, 制度) by slug.
func (s *Handler) staticPage(w http.ResponseWriter, r *http.Request, slug, crumb string) error {
	p, err := s.Store.PageBySlug(r.Context(), slug)
	if err != nil {
		if errs.Is(err, errs.NotFound) {
			return errs.Newf(errs.NotFound, "web.staticPage", "page_not_found", "“%s”尚未发布，请稍后再来查看。", crumb)
		}
		return err
	}
	title := p.Title
	if title == "" {
		title = crumb
	}
	s.Render(w, r, http.StatusOK, "portal_guide", map[string]any{
		"Title":   title,
		"Crumb":   crumb,
		"Guide":   slug == "guide",
		"Revised": pubDate(p.RevisedOn), "RevisedOn": p.RevisedOn,
		// The store keeps pages as given; sanitising here (pages are short
		// and rarely read) keeps a page saved by any path safe to show.
		"Body": template.HTML(richtext.Sanitize(p.Body)),
	})
	return nil
}

// GuidePage serves GET /foi, GET /xxgk/guide.
func (s *Handler) GuidePage(w http.ResponseWriter, r *http.Request) error {
	return s.staticPage(w, r, "guide", "政府信息公开指南")
}

// SystemPage serves GET /xxgk/system.
func (s *Handler) SystemPage(w http.ResponseWriter, r *http.Request) error {
	return s.staticPage(w, r, "system", "政府信息公开制度")
}

// ppCatalogArea is one 领域 of the standard catalog.
type ppCatalogArea struct {
	Area  string
	Items []*publish.CatalogItem
}

// catalogAreas groups the catalog's items by 领域, in catalog order
// (items without one under 其他).
func catalogAreas(items []*publish.CatalogItem) []ppCatalogArea {
	var areas []ppCatalogArea
	idx := map[string]int{}
	for _, it := range items {
		a := it.Area
		if a == "" {
			a = "其他"
		}
		i, ok := idx[a]
		if !ok {
			i = len(areas)
			idx[a] = i
			areas = append(areas, ppCatalogArea{Area: a})
		}
		areas[i].Items = append(areas[i].Items, it)
	}
	return areas
}

// CatalogPage serves GET /xxgk/catalog.
func (s *Handler) CatalogPage(w http.ResponseWriter, r *http.Request) error {
	items, err := s.Store.CatalogItems(r.Context())
	if err != nil {
		return err
	}
	areas := catalogAreas(items)
	for i := range areas {
		// Group the rows of an area by 一级事项, keeping the catalog's order otherwise.
		first := map[string]int{}
		for j, it := range areas[i].Items {
			if _, ok := first[it.Level1]; !ok {
				first[it.Level1] = j
			}
		}
		slices.SortStableFunc(areas[i].Items, func(a, b *publish.CatalogItem) int { return first[a.Level1] - first[b.Level1] })
	}
	s.Render(w, r, http.StatusOK, "portal_catalog", map[string]any{
		"Title":      "法定主动公开内容",
		"Areas":      areas,
		"ModeLabel":  publish.ModeLabel,
		"LevelLabel": publish.LevelLabel,
	})
	return nil
}

// CatalogItemPage serves GET /xxgk/catalog/{code}.
func (s *Handler) CatalogItemPage(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	item, err := s.Store.CatalogItem(ctx, r.PathValue("code"))
	if err != nil {
		return err
	}
	page, err := kit.PageParam(r.URL.Query())
	if err != nil {
		return err
	}
	docs, total, err := s.Store.PublicDocuments(ctx, store.PublicFilter{CatalogID: item.ID, Page: page, Size: ppPageSize})
	if err != nil {
		return err
	}
	title := item.Level1
	if item.Level2 != "" {
		title += "：" + item.Level2
	}
	s.Render(w, r, http.StatusOK, "portal_catalog_item", map[string]any{
		"Title":    title,
		"Item":     item,
		"Audience": publish.AudienceLabel[item.Audience],
		"Mode":     publish.ModeLabel[item.Mode],
		"Level":    publish.LevelLabel[item.Level],
		"Rows":     ppRows(docs, docPath, s.today()),
		"Pager":    kit.NewPagerUpTo(r, page, ppPageSize, total, store.MaxPublicPage),
	})
	return nil
}

// ---- column pages ----

// ColumnPage serves GET /columns/{code}.
func (s *Handler) ColumnPage(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	col, err := s.Store.ColumnByCode(ctx, r.PathValue("code"))
	if err != nil {
		return err
	}
	page, err := kit.PageParam(r.URL.Query())
	if err != nil {
		return err
	}
	cols, err := s.Store.Columns(ctx)
	if err != nil {
		return err
	}
	var parent *publish.Column
	var children []*publish.Column
	for _, c := range cols {
		if c.ID == col.ParentID {
			parent = c
		}
		if c.ParentID == col.ID {
			children = append(children, c)
		}
	}
	docs, total, err := s.Store.PublicDocuments(ctx, store.PublicFilter{ColumnID: col.ID, Page: page, Size: ppPageSize})
	if err != nil {
		return err
	}
	var organs []*auth.Department
	if col.Code == publish.ColumnOrgans {
		if organs, err = s.contactOrgans(ctx); err != nil {
			return err
		}
	}
	s.Render(w, r, http.StatusOK, "portal_column", map[string]any{
		"Title":    col.Name,
		"Organs":   organs,
		"Column":   col,
		"Parent":   parent,
		"Children": children,
		"Rows":     ppRows(docs, docPath, s.today()),
		"Pager":    kit.NewPagerUpTo(r, page, ppPageSize, total, store.MaxPublicPage),
		"AtomFeed": "/columns/" + url.PathEscape(col.Code) + "/feed.xml",
		"Meta":     kit.PageMeta{ColumnName: col.Name},
	})
	return nil
}

// contactOrgans are the departments whose public contact is set (any of
// 负责人, 电话, 地址), in the department tree's order, for the 机构职能
// column (条例第二十条).
func (s *Handler) contactOrgans(ctx context.Context) ([]*auth.Department, error) {
	depts, err := s.Store.Departments(ctx)
	if err != nil {
		return nil, err
	}
	var out []*auth.Department
	for _, n := range kit.DepartmentTree(depts) {
		if d := n.Department; d.Head != "" || d.Phone != "" || d.Address != "" {
			out = append(out, d)
		}
	}
	return out, nil
}

// ---- the policy library ----

// PoliciesPage serves GET /policies.
func (s *Handler) PoliciesPage(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	stamp, err := s.Store.PublicStamp(ctx)
	if err != nil {
		return err
	}
	fc, err := s.publicFacets(ctx, stamp)
	if err != nil {
		return err
	}
	depts, err := s.Store.Departments(ctx)
	if err != nil {
		return err
	}
	var organs []*auth.Department
	for _, d := range depts {
		if slices.Contains(fc.organs, d.ID) {
			organs = append(organs, d)
		}
	}
	_, themes, err := s.themeNames(ctx)
	if err != nil {
		return err
	}
	// The theme filter offers the themes that have policy documents (kept
	// counts: one bounded read), and the genre filter the policy genres.
	withDocs, err := s.Store.PolicyThemes(ctx)
	if err != nil {
		return err
	}
	chosen := strings.TrimSpace(r.URL.Query().Get("theme"))
	themes = slices.DeleteFunc(themes, func(t publish.Theme) bool { return !withDocs[t.Code] && t.Code != chosen })
	all, err := s.Store.Genres(ctx)
	if err != nil {
		return err
	}
	var genres []publish.Genre
	for _, g := range all {
		if g.Policy {
			genres = append(genres, g)
		}
	}
	var years []string
	if fc.oldest > 0 {
		for y := max(calendar.Today(s.Now()).Year, fc.oldest); y >= fc.oldest; y-- {
			years = append(years, strconv.Itoa(y))
		}
	}
	data := map[string]any{
		"Title":      "政策文件库",
		"Organs":     organs,
		"Themes":     themeGroups(themes),
		"Genres":     genres,
		"Years":      years,
		"Validities": validityOptions,
	}
	f, form, err := s.parsePublicFilter(ctx, r.URL.Query(), false)
	f.Policy = true
	if err == nil && f.Genre != "" && !slices.ContainsFunc(genres, func(g publish.Genre) bool { return g.Code == f.Genre }) {
		err = errs.New(errs.Invalid, "web.PoliciesPage", "not_policy_genre", "所选体裁不属于政策文件，请从列表中选择；其他信息请到相应栏目或全站搜索查找。")
	}
	data["Form"] = form
	if err != nil {
		if !errs.Is(err, errs.Invalid) {
			return err
		}
		_, data["Error"] = errs.Public(err)
		s.Render(w, r, http.StatusBadRequest, "portal_policies", data)
		return nil
	}
	docs, total, err := s.Store.PublicDocuments(ctx, f)
	if err != nil {
		return err
	}
	data["Rows"] = ppRows(docs, docPath, s.today())
	data["Pager"] = kit.NewPagerUpTo(r, f.Page, f.Size, total, store.MaxPublicPage)
	data["Filtered"] = !form.Empty()
	s.Render(w, r, http.StatusOK, "portal_policies", data)
	return nil
}

// ---- document pages ----

// ppKiosk is the point a kiosk request was made for.
type ppKiosk struct {
	Point *publish.Point
	Key   string
}

// base is the kiosk's own URL prefix.
func (k *ppKiosk) base() string { return "/points/" + url.PathEscape(k.Point.Code) }

// withKey adds the device key to a kiosk URL.
func (k *ppKiosk) withKey(p string) string { return p + "?" + url.Values{"key": {k.Key}}.Encode() }

// ppAttachment is an attachment as a page lists it.
type ppAttachment struct {
	Name, URL, MIME string
	Size            int64
}

// ppMedia is an audio or video attachment as a page plays it.
type ppMedia struct {
	Video           bool
	Name, URL, MIME string
}

// ppFigure is an image attachment the body does not show, shown after it.
type ppFigure struct {
	URL, Alt string
}

// ppLink is a related document as a page links it.
type ppLink struct {
	Title, URL string
}

// DocPage serves GET /docs/{index...}.
func (s *Handler) DocPage(w http.ResponseWriter, r *http.Request) error {
	return s.showDocument(w, r, nil)
}

// showDocument renders a document page for the portal or, with k, for a
// point's kiosk.
func (s *Handler) showDocument(w http.ResponseWriter, r *http.Request, k *ppKiosk) error {
	ctx := r.Context()
	index := r.PathValue("index")
	if index == "" {
		return errHidden
	}
	var pointID int64
	if k != nil {
		pointID = k.Point.ID
	}
	p, repl, err := s.Store.PublicDocument(ctx, index, pointID)
	if err != nil {
		return err
	}
	if p == nil {
		// 被替代: the page moves to the replacement (a public document).
		if k == nil {
			w.Header().Set("Cache-Control", "private, max-age=3600")
		}
		http.Redirect(w, r, docPath(repl), http.StatusMovedPermanently)
		return nil
	}
	themes, _, err := s.themeNames(ctx)
	if err != nil {
		return err
	}
	cols, err := s.Store.Columns(ctx)
	if err != nil {
		return err
	}
	var column *publish.Column
	for _, c := range cols {
		if len(p.Rev.Content.ColumnIDs) > 0 && c.ID == p.Rev.Content.ColumnIDs[0] {
			column = c
		}
	}
	fileURL := func(a *publish.Attachment) string {
		if k != nil {
			return k.withKey(k.base() + filePath(a))
		}
		return filePath(a)
	}
	var atts []ppAttachment
	var media []ppMedia
	for _, a := range p.Attachments {
		atts = append(atts, ppAttachment{Name: a.Name, URL: fileURL(a), MIME: mimeLabel(a.MIME), Size: a.Size})
		switch {
		case publish.IsVideo(a.MIME):
			media = append(media, ppMedia{Video: true, Name: a.Name, URL: fileURL(a), MIME: a.MIME})
		case publish.IsAudio(a.MIME):
			media = append(media, ppMedia{Name: a.Name, URL: fileURL(a), MIME: a.MIME})
		}
	}
	// The body shows the revision's own images where it names them (an
	// attachment removed since, or any other file, is dropped again here);
	// the images it does not name follow it, described by the title.
	shown := map[int64]bool{}
	body := richtext.ResolveImages(p.Rev.Content.Body, func(src string) (string, bool) {
		a := publish.FindImage(p.Attachments, src)
		if a == nil {
			return "", false
		}
		shown[a.ID] = true
		return fileURL(a), true
	})
	var figures []ppFigure
	for _, a := range p.Attachments {
		if publish.IsImage(a.MIME) && !shown[a.ID] {
			figures = append(figures, ppFigure{URL: fileURL(a), Alt: fmt.Sprintf("%s（图%d）", p.Rev.Content.Title, len(figures)+1)})
		}
	}
	link := func(l *publish.DocLink) *ppLink {
		if l == nil {
			return nil
		}
		return &ppLink{Title: l.Title, URL: docPath(l.IndexNumber)}
	}
	var interps []ppLink
	for i := range p.Interpretations {
		interps = append(interps, *link(&p.Interpretations[i]))
	}
	c := &p.Rev.Content
	data := map[string]any{
		"Title":            c.Title,
		"Description":      cmp.Or(c.Summary, c.Title),
		"P":                p,
		"Theme":            themes[c.Theme],
		"Column":           column,
		"Attachments":      atts,
		"Interpretations":  interps,
		"Interprets":       link(p.Interprets),
		"ValidityBy":       link(p.ValidityBy),
		"IsInterpretation": c.Genre == publish.GenreInterpretation,
		"InterpretForm":    c.InterpretForm.Label(),
		"NotInForce":       p.Doc.Withdrawn == publish.WithdrawNotInForce,
		"Status":           publish.StatusOn(p.Doc.Validity, p.Doc.Withdrawn == publish.WithdrawNotInForce, c.EffectiveOn, s.today()),
		"Media":            media,
		"Figures":          figures,
		// A media interpretation's body is its 文字实录.
		"Transcript": c.Genre == publish.GenreInterpretation && c.InterpretForm == publish.FormMedia,
		// Bodies are sanitised when they are saved (internal/richtext);
		// only their images are resolved again, against the public files.
		"Body": template.HTML(body),
	}
	data["Meta"] = docMeta(p, column)
	if k != nil {
		data["Kiosk"] = k
		data["KioskHome"] = k.withKey(k.base())
	}
	s.Render(w, r, http.StatusOK, "portal_doc", data)
	return nil
}

// mimeLabel names a file type for people.
func mimeLabel(m string) string {
	switch {
	case m == "application/pdf":
		return "PDF"
	case strings.Contains(m, "wordprocessingml"):
		return "Word"
	case strings.Contains(m, "spreadsheetml"):
		return "Excel"
	case strings.HasPrefix(m, "image/"):
		return "图片"
	case strings.HasPrefix(m, "audio/"):
		return "音频"
	case strings.HasPrefix(m, "video/"):
		return "视频"
	}
	return "文件"
}

// ---- attachments ----

// FilePage serves GET /files/{id}/{name}.
func (s *Handler) FilePage(w http.ResponseWriter, r *http.Request) error {
	return s.serveAttachment(w, r, nil)
}

// serveAttachment sends a public (or, with k, that point's) attachment.
// Anything else is errNoFile, whether or not the file exists.
func (s *Handler) serveAttachment(w http.ResponseWriter, r *http.Request, k *ppKiosk) error {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || id <= 0 {
		return errNoFile
	}
	var pointID int64
	if k != nil {
		pointID = k.Point.ID
	}
	a, data, err := s.Store.PublicAttachment(r.Context(), id, pointID)
	if err != nil {
		return hideNotFound(err, errNoFile)
	}
	if r.PathValue("name") != a.Name {
		to := filePath(a)
		if k != nil {
			to = k.withKey(k.base() + to)
		}
		http.Redirect(w, r, to, http.StatusMovedPermanently)
		return nil
	}
	h := w.Header()
	if k == nil {
		// Revalidated on every use, so a file taken off the portal stops
		// being served from caches at once.
		h.Set("Cache-Control", "no-cache")
		h.Set("ETag", `"`+a.SHA256+`"`)
	} else {
		h.Set("Cache-Control", "no-store")
	}
	h.Set("Content-Type", a.MIME)
	h.Set("Content-Disposition", contentDisposition(a.MIME, a.Name))
	h.Set("X-Content-Type-Options", "nosniff")
	// ServeContent answers If-None-Match (by the ETag above), HEAD and
	// Range requests (a large PDF read page by page, a resumed download).
	http.ServeContent(w, r, "", time.Time{}, bytes.NewReader(data))
	return nil
}

// contentDisposition shows PDFs and images in the browser and downloads
// the rest, with an ASCII fallback name and the real (often Chinese) name
// in RFC 5987 form.
func contentDisposition(mime, name string) string {
	disp := "attachment"
	if mime == "application/pdf" || strings.HasPrefix(mime, "image/") {
		disp = "inline"
	}
	return disp + `; filename="` + asciiName(name) + `"; filename*=UTF-8''` + rfc5987(name)
}

func asciiName(name string) string {
	ext := ""
	if i := strings.LastIndexByte(name, '.'); i >= 0 {
		ext = name[i:]
		name = name[:i]
	}
	clean := func(s string) string {
		var b strings.Builder
		for _, r := range s {
			if r >= 0x20 && r < 0x7f && r != '"' && r != '\\' && r != ';' && r != '%' {
				b.WriteRune(r)
			} else {
				b.WriteByte('_')
			}
		}
		return b.String()
	}
	name, ext = clean(name), clean(ext)
	if strings.Trim(name, "_ ") == "" {
		name = "attachment"
	}
	return name + ext
}

func rfc5987(s string) string {
	const attr = "!#$&+-.^_`|~"
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || strings.IndexByte(attr, c) >= 0 {
			b.WriteByte(c)
		} else {
			fmt.Fprintf(&b, "%%%02X", c)
		}
	}
	return b.String()
}

// ---- kiosks of on-site points (定点公开) ----

// kiosk checks the device key of the point named in the path. A missing or
// wrong key, or an unknown point, is the plain 404 of an unknown URL, so
// the answer does not tell which points exist.
func (s *Handler) kiosk(w http.ResponseWriter, r *http.Request) (*ppKiosk, error) {
	h := w.Header()
	h.Set("Cache-Control", "no-store")
	h.Set("X-Robots-Tag", "noindex, nofollow")
	key := r.URL.Query().Get("key")
	p, err := s.Store.PointByCode(r.Context(), r.PathValue("code"))
	if err != nil && !errs.Is(err, errs.NotFound) {
		return nil, err
	}
	want := strings.Repeat("0", 64) // compared anyway, so an unknown point takes as long
	if p != nil && err == nil {
		want = p.KeyHash
	}
	ok := subtle.ConstantTimeCompare([]byte(auth.HashSecret(key)), []byte(want)) == 1
	if key == "" || !ok || p == nil || err != nil {
		return nil, errHidden
	}
	return &ppKiosk{Point: p, Key: key}, nil
}

// KioskPage serves GET /points/{code}.
func (s *Handler) KioskPage(w http.ResponseWriter, r *http.Request) error {
	k, err := s.kiosk(w, r)
	if err != nil {
		return err
	}
	page, err := kit.PageParam(r.URL.Query())
	if err != nil {
		return err
	}
	if r.URL.Query().Get("mode") == "signage" {
		return s.signage(w, r, k, page)
	}
	docs, total, err := s.Store.PublicDocuments(r.Context(), store.PublicFilter{PointID: k.Point.ID, Page: page, Size: ppPageSize})
	if err != nil {
		return err
	}
	rows := ppRows(docs, func(index string) string { return k.withKey(k.base() + docPath(index)) }, s.today())
	s.Render(w, r, http.StatusOK, "portal_kiosk", map[string]any{
		"Title": k.Point.Name,
		"Point": k.Point,
		"Rows":  rows,
		"Pager": kit.NewPagerUpTo(r, page, ppPageSize, total, store.MaxPublicPage),
	})
	return nil
}

// KioskDocPage serves GET /points/{code}/docs/{index...}.
func (s *Handler) KioskDocPage(w http.ResponseWriter, r *http.Request) error {
	k, err := s.kiosk(w, r)
	if err != nil {
		return err
	}
	return s.showDocument(w, r, k)
}

// KioskFile serves GET /points/{code}/files/{id}/{name}.
func (s *Handler) KioskFile(w http.ResponseWriter, r *http.Request) error {
	k, err := s.kiosk(w, r)
	if err != nil {
		return hideNotFound(err, errNoFile)
	}
	return s.serveAttachment(w, r, k)
}

// Home is the portal's front page: the search, the two ways to
// information (公开 and 依申请) and the newest items of the main columns.
// The working-day calculator and the staff login are in the footer.
func (s *Handler) Home(w http.ResponseWriter, r *http.Request) error {
	latest, err := s.homeColumns(r.Context())
	if err != nil {
		return err
	}
	s.Render(w, r, http.StatusOK, "home", map[string]any{
		"Latest": latest,
	})
	return nil
}
