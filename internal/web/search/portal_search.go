package search

import (
	"context"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"gongkai/internal/auth"
	"gongkai/internal/calendar"
	"gongkai/internal/errs"
	"gongkai/internal/publish"
	domain "gongkai/internal/search"
	"gongkai/internal/store"
	"gongkai/internal/web/kit"
)

// pageSize is the portal's results per page.
const pageSize = 20

// hit is one result as the page and the API show it.
type hit struct {
	Type        string        `json:"type"`
	ID          string        `json:"id"` // the document's index number
	Title       string        `json:"title"`
	URL         string        `json:"url"`
	DocNumber   string        `json:"doc_number,omitempty"`
	Summary     string        `json:"summary,omitempty"`
	PublishedOn calendar.Date `json:"published_on"`
	Organ       string        `json:"organ"`
	// Snippet is the text around the first match; Fragments the same with
	// the matches marked, for the page.
	Snippet   string            `json:"snippet"`
	Fragments []domain.Fragment `json:"-"`
}

// facet is one value of a facet as the page and the API show it.
type facet struct {
	Value string `json:"value"`
	Label string `json:"label"`
	Count int    `json:"count"`
	// Link is the page's URL with this value chosen (or, when chosen,
	// cleared); the API leaves it out.
	Link     string `json:"-"`
	Selected bool   `json:"-"`
}

// snippetWidth is about how many characters a result's snippet shows.
const snippetWidth = 90

// form is what a visitor asked, as typed; Query renders it back.
type form struct {
	Q, Type, Organ, Theme, Genre, YearFrom, YearTo, Validity, Sort string
}

// params are the query-string names of the form's fields, in form order.
var params = []string{"q", "type", "organ", "theme", "genre", "year_from", "year_to", "validity", "sort"}

func (f *form) fields() []*string {
	return []*string{&f.Q, &f.Type, &f.Organ, &f.Theme, &f.Genre, &f.YearFrom, &f.YearTo, &f.Validity, &f.Sort}
}

// With is the form's query string with one field changed ("" clears it).
func (f form) With(name, value string) string {
	v := url.Values{}
	for i, p := range f.fields() {
		if *p != "" {
			v.Set(params[i], *p)
		}
	}
	if value == "" {
		v.Del(name)
	} else {
		v.Set(name, value)
	}
	return "/search?" + v.Encode()
}

// Filtered reports whether a filter beyond the words is set.
func (f form) Filtered() bool {
	g := f
	g.Q, g.Sort = "", ""
	return g != form{}
}

// answer is one search's outcome: the hits of the page (documents, or
// catalog items or pages when asked for), and on the first page of all
// types the catalog items and pages that match, shown apart.
type answer struct {
	Hits   []hit
	Total  int
	Capped bool
	Facets map[string][]facet
	Other  []hit
}

// typeLabels name the kinds of hit.
var typeLabels = map[string]string{"document": "公开文件", "catalog": "公开目录事项", "page": "指南与制度"}

// otherShown is how many matching catalog items and pages the first page
// of all types shows.
const otherShown = 5

// pagePaths are the portal's pages kept in the store, by slug.
var pagePaths = map[string]string{"guide": "/xxgk/guide", "system": "/xxgk/system"}

// otherHits are the hits outside the document index: the items of the
// standard catalog (公开目录, a bounded list of reference data, every item
// public) whose 领域, 事项 and 公开内容 match, then the pages (公开指南,
// 公开制度) whose title and text match. Both lists are small and fixed in
// size, whatever the number of documents.
func (s *Handler) otherHits(ctx context.Context, q *domain.Query) ([]hit, error) {
	items, err := s.Store.CatalogItems(ctx)
	if err != nil {
		return nil, err
	}
	var out []hit
	for _, it := range items {
		title := strings.Join(slices.DeleteFunc([]string{it.Area, it.Level1, it.Level2}, func(s string) bool { return s == "" }), " · ")
		if !q.Matches(title + "\n" + it.Content) {
			continue
		}
		h := hit{Type: "catalog", ID: it.Code, Title: title, URL: "/xxgk/catalog/" + it.Code, Organ: it.Subject}
		h.Fragments = domain.Snippet(it.Content, q, snippetWidth)
		h.Snippet = snippetText(h.Fragments)
		out = append(out, h)
	}
	for _, slug := range []string{"guide", "system"} {
		p, err := s.Store.PageBySlug(ctx, slug)
		if errs.Is(err, errs.NotFound) {
			continue
		} else if err != nil {
			return nil, err
		}
		text := domain.PlainText(p.Body)
		if !q.Matches(p.Title + "\n" + text) {
			continue
		}
		h := hit{Type: "page", ID: slug, Title: p.Title, URL: pagePaths[slug]}
		h.PublishedOn, _ = calendar.ParseDate(p.RevisedOn)
		h.Fragments = domain.Snippet(text, q, snippetWidth)
		h.Snippet = snippetText(h.Fragments)
		out = append(out, h)
	}
	return out, nil
}

func snippetText(fs []domain.Fragment) string {
	var b strings.Builder
	for _, f := range fs {
		b.WriteString(f.Text)
	}
	return b.String()
}

// request reads and checks the form: every field of the query string, as
// the page and the API take them.
func (s *Handler) request(ctx context.Context, q url.Values) (store.SearchRequest, form, error) {
	const op = "web.searchRequest"
	var f form
	for i, p := range f.fields() {
		*p = strings.TrimSpace(q.Get(params[i]))
	}
	var req store.SearchRequest
	query, err := domain.Parse(f.Q)
	if err != nil {
		return req, f, errs.InField("q", err)
	}
	syn, err := s.Store.SearchSynonyms(ctx)
	if err != nil {
		return req, f, err
	}
	query.Expand(syn)
	req.Query = query
	if _, ok := typeLabels[f.Type]; !ok && f.Type != "" {
		return req, f, errs.InField("type", errs.New(errs.Invalid, op, "invalid_type", "类型 type 应为 document（公开文件）、catalog（公开目录事项）或 page（公开指南等页面）。"))
	}
	c, err := s.ParseChoices(ctx, f.Organ, f.Theme, f.Genre, f.Validity)
	if err != nil {
		return req, f, err
	}
	req.Filter = store.SearchFilter{OrganID: c.OrganID, Theme: c.Theme, Genre: c.Genre, Validity: c.Validity}
	if req.Filter.YearFrom, err = kit.ParseYear("year_from", f.YearFrom); err != nil {
		return req, f, err
	}
	if req.Filter.YearTo, err = kit.ParseYear("year_to", f.YearTo); err != nil {
		return req, f, err
	}
	if req.Filter.YearFrom != 0 && req.Filter.YearTo != 0 && req.Filter.YearFrom > req.Filter.YearTo {
		return req, f, errs.InField("year_to", errs.New(errs.Invalid, op, "invalid_year_range", "结束年份不能早于起始年份。"))
	}
	switch f.Sort {
	case "", "relevance":
	case "date":
		req.ByDate = true
	default:
		return req, f, errs.InField("sort", errs.New(errs.Invalid, op, "invalid_sort", "排序 sort 应为 relevance（相关度）或 date（发布日期）。"))
	}
	if req.Page, err = kit.PageParam(q); err != nil {
		return req, f, err
	}
	return req, f, nil
}

// run runs a checked request: the hits of one page with their snippets,
// the total and the facets with their labels.
func (s *Handler) run(ctx context.Context, rf *refs, req store.SearchRequest, f form) (*answer, error) {
	other, err := s.otherHits(ctx, req.Query)
	if err != nil {
		return nil, err
	}
	counts := map[string]int{}
	for _, h := range other {
		counts[h.Type]++
	}
	if f.Type == "catalog" || f.Type == "page" {
		kind := slices.DeleteFunc(other, func(h hit) bool { return h.Type != f.Type })
		s.log.add(s.Now(), f.Q, len(kind) == 0)
		from := min((req.Page-1)*req.Size, len(kind))
		a := &answer{Hits: kind[from:min(from+req.Size, len(kind))], Total: len(kind)}
		a.Facets = map[string][]facet{"type": {{Value: f.Type, Label: typeLabels[f.Type], Count: len(kind), Selected: true, Link: f.With("type", "")}}}
		return a, nil
	}
	res, err := s.Store.Search(ctx, req)
	if err != nil {
		return nil, err
	}
	s.log.add(s.Now(), f.Q, res.Total == 0 && len(other) == 0)
	if due := s.log.due(s.Now(), false); len(due) > 0 {
		go s.writeLog(due) // the search does not wait for the write
	}
	ids := make([]int64, len(res.Docs))
	for i, d := range res.Docs {
		ids[i] = d.Doc.ID
	}
	texts, err := s.Store.SearchTexts(ctx, ids)
	if err != nil {
		return nil, err
	}
	a := &answer{Hits: make([]hit, len(res.Docs)), Total: res.Total, Capped: res.Capped}
	for i, d := range res.Docs {
		a.Hits[i] = hitOf(d)
		a.Hits[i].Fragments = domain.Snippet(texts[d.Doc.ID], req.Query, snippetWidth)
		a.Hits[i].Snippet = snippetText(a.Hits[i].Fragments)
	}
	a.Facets = facets(rf, res, f)
	if f.Type == "" {
		for _, kind := range []string{"catalog", "page"} {
			if counts[kind] > 0 {
				a.Facets["type"] = append(a.Facets["type"], facet{Value: kind, Label: typeLabels[kind], Count: counts[kind], Link: f.With("type", kind)})
			}
		}
		if req.Page == 1 {
			a.Other = other[:min(otherShown, len(other))]
		}
	}
	return a, nil
}

func hitOf(p *publish.PublicDoc) hit {
	return hit{Type: "document", ID: p.Doc.IndexNumber, Title: p.Rev.Content.Title, URL: kit.DocPath(p.Doc.IndexNumber),
		DocNumber: p.Rev.Content.DocNumber, Summary: p.Rev.Content.Summary, PublishedOn: p.Rev.PublishedOn, Organ: strings.Join(p.Organs, "、")}
}

// refs are the reference lists a search request reads once: the form's
// choices and the facets' labels come from the same lists.
type refs struct {
	genres []publish.Genre
	themes []publish.Theme
	depts  []*auth.Department
}

func (s *Handler) loadRefs(ctx context.Context) (*refs, error) {
	var rf refs
	var err error
	if rf.genres, err = s.Store.Genres(ctx); err != nil {
		return nil, err
	}
	if rf.themes, err = s.Store.Themes(ctx); err != nil {
		return nil, err
	}
	if rf.depts, err = s.Store.Departments(ctx); err != nil {
		return nil, err
	}
	return &rf, nil
}

// facetLimit is how many values of a facet are shown.
const facetLimit = 12

// facets labels the store's facets: genres, themes and organs by their
// names (organs link by department code), years and validity in words.
func facets(rf *refs, res *store.SearchResult, f form) map[string][]facet {
	genreName, themeName, organCode := map[string]string{}, map[string]string{}, map[string]string{}
	for _, g := range rf.genres {
		genreName[g.Code] = g.Name
	}
	for _, t := range rf.themes {
		themeName[t.Code] = t.Name
	}
	for _, d := range rf.depts {
		organCode[d.Name] = d.Code
	}
	out := map[string][]facet{"type": {{Value: "document", Label: typeLabels["document"], Count: res.Total, Selected: f.Type == "document"}}}
	out["type"][0].Link = f.With("type", "document")
	if f.Type == "document" {
		out["type"][0].Link = f.With("type", "")
	}
	for _, name := range []string{"genre", "theme", "organ", "year", "validity"} {
		list := []facet{}
		for _, v := range res.Facets[name] {
			fc := facet{Value: v.Value, Label: v.Value, Count: v.Count}
			param, chosen := name, ""
			switch name {
			case "genre":
				fc.Label, chosen = genreName[v.Value], f.Genre
			case "theme":
				fc.Label, chosen = themeName[v.Value], f.Theme
			case "organ":
				code, ok := organCode[v.Value]
				if !ok {
					continue // an organ outside the department list cannot be chosen
				}
				fc.Value, chosen = code, f.Organ
			case "year":
				fc.Label, param = v.Value+"年", "year"
				if f.YearFrom == f.YearTo {
					chosen = f.YearFrom
				}
			case "validity":
				fc.Label, chosen = publish.Validity(v.Value).Label(), f.Validity
			}
			if fc.Label == "" {
				fc.Label = v.Value
			}
			fc.Selected = chosen != "" && chosen == fc.Value
			if param == "year" {
				g := f
				g.YearFrom, g.YearTo = fc.Value, fc.Value
				if fc.Selected {
					g.YearFrom, g.YearTo = "", ""
				}
				fc.Link = g.With("page", "")
			} else if fc.Selected {
				fc.Link = f.With(param, "")
			} else {
				fc.Link = f.With(param, fc.Value)
			}
			list = append(list, fc)
			if len(list) == facetLimit {
				break
			}
		}
		out[name] = list
	}
	return out
}

// Page serves GET /search: the form, and with q the results, most
// relevant first (or newest first), with facets to narrow them. Bad input
// (an empty or too long query, an unknown filter, a bad page) is said on
// the page with a 400; it works without JavaScript.
func (s *Handler) Page(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	data := map[string]any{"Title": "站内搜索"}
	fail := func(err error) error {
		if !errs.Is(err, errs.Invalid) && !errs.Is(err, errs.RateLimited) {
			return err
		}
		_, data["Error"] = errs.Public(err)
		s.Render(w, r, kit.StatusOf(err), "search", data)
		return nil
	}
	rf, err := s.loadRefs(ctx)
	if err != nil {
		return err
	}
	options(rf, data)
	if strings.TrimSpace(r.URL.Query().Get("q")) == "" {
		data["Form"] = form{}
		s.Render(w, r, http.StatusOK, "search", data)
		return nil
	}
	req, f, err := s.request(ctx, r.URL.Query())
	data["Form"], data["Q"] = f, f.Q
	data["Title"] = "搜索：" + f.Q
	if err == nil {
		err = s.limit.Allow(r, s.Now())
	}
	if err != nil {
		return fail(err)
	}
	req.Size = pageSize
	a, err := s.run(ctx, rf, req, f)
	if err != nil {
		return fail(err)
	}
	data["Answer"], data["Searched"] = a, true
	data["Pager"] = kit.NewPager(r, req.Page, pageSize, a.Total)
	s.Render(w, r, http.StatusOK, "search", data)
	return nil
}

// options are the choices of the form's selects.
func options(rf *refs, data map[string]any) {
	var top []publish.Theme
	for _, t := range rf.themes {
		if !strings.Contains(t.Code, ".") && t.Active {
			top = append(top, t)
		}
	}
	var active []publish.Genre
	for _, g := range rf.genres {
		if g.Active {
			active = append(active, g)
		}
	}
	data["Genres"], data["Themes"], data["Organs"] = active, top, rf.depts
	data["Validities"] = []publish.Validity{publish.Valid, publish.Expired, publish.Repealed, publish.Amended}
}

// API serves GET /api/v1/search?q=&type=&organ=&theme=&genre=&year_from=&year_to=&validity=&sort=&page=&size=.
func (s *Handler) API(w http.ResponseWriter, r *http.Request) error {
	started := time.Now()
	if err := s.limit.Allow(r, s.Now()); err != nil {
		return err
	}
	query := r.URL.Query()
	req, f, err := s.request(r.Context(), query)
	if err != nil {
		return err
	}
	req.Size = pageSize
	if v := strings.TrimSpace(query.Get("size")); v != "" {
		if req.Size, err = strconv.Atoi(v); err != nil || req.Size < 1 || req.Size > 100 {
			return errs.InField("size", errs.New(errs.Invalid, "web.apiSearch", "invalid_size", "每页条数 size 应为 1 至 100 的整数。"))
		}
	}
	rf, err := s.loadRefs(r.Context())
	if err != nil {
		return err
	}
	a, err := s.run(r.Context(), rf, req, f)
	if err != nil {
		return err
	}
	if a.Hits == nil {
		a.Hits = []hit{}
	}
	relation := "eq"
	if a.Capped {
		relation = "gte"
	}
	kit.WriteJSON(w, http.StatusOK, map[string]any{"total": a.Total, "total_relation": relation, "page": req.Page, "size": req.Size,
		"hits": a.Hits, "facets": a.Facets, "took_ms": time.Since(started).Milliseconds()})
	return nil
}
