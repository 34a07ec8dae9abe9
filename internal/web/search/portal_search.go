package search

import (
	"net/http"
	"strconv"
	"strings"
	"time"

	"gongkai/internal/calendar"
	"gongkai/internal/errs"
	"gongkai/internal/publish"
	domain "gongkai/internal/search"
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

// snippetWidth is about how many characters a result's snippet shows.
const snippetWidth = 90

func hitOf(p *publish.PublicDoc) hit {
	return hit{Type: "document", ID: p.Doc.IndexNumber, Title: p.Rev.Content.Title, URL: kit.DocPath(p.Doc.IndexNumber),
		DocNumber: p.Rev.Content.DocNumber, Summary: p.Rev.Content.Summary, PublishedOn: p.Rev.PublishedOn, Organ: strings.Join(p.Organs, "、")}
}

// run parses and runs a query: the hits of one page and the total.
func (s *Handler) run(r *http.Request, text string, page, size int) ([]hit, int, error) {
	q, err := domain.Parse(text)
	if err != nil {
		return nil, 0, err
	}
	docs, total, err := s.Store.SearchDocuments(r.Context(), q, page, size)
	if err != nil {
		return nil, 0, err
	}
	ids := make([]int64, len(docs))
	for i, d := range docs {
		ids[i] = d.Doc.ID
	}
	texts, err := s.Store.SearchTexts(r.Context(), ids)
	if err != nil {
		return nil, 0, err
	}
	hits := make([]hit, len(docs))
	for i, d := range docs {
		hits[i] = hitOf(d)
		hits[i].Fragments = domain.Snippet(texts[d.Doc.ID], q, snippetWidth)
		var b strings.Builder
		for _, f := range hits[i].Fragments {
			b.WriteString(f.Text)
		}
		hits[i].Snippet = b.String()
	}
	return hits, total, nil
}

// Page serves GET /search: the form, and with q the results, newest
// first. Bad input (an empty or too long query, a bad page) is said on the
// page with a 400; it works without JavaScript.
func (s *Handler) Page(w http.ResponseWriter, r *http.Request) error {
	query := r.URL.Query()
	text := strings.TrimSpace(query.Get("q"))
	data := map[string]any{"Title": "站内搜索", "Q": text}
	if text == "" {
		s.Render(w, r, http.StatusOK, "search", data)
		return nil
	}
	data["Title"] = "搜索：" + text
	fail := func(err error) error {
		if !errs.Is(err, errs.Invalid) && !errs.Is(err, errs.RateLimited) {
			return err
		}
		_, data["Error"] = errs.Public(err)
		s.Render(w, r, kit.StatusOf(err), "search", data)
		return nil
	}
	if err := s.limit.Allow(r, s.Now()); err != nil {
		return fail(err)
	}
	page, err := kit.PageParam(query)
	if err != nil {
		return fail(err)
	}
	hits, total, err := s.run(r, text, page, pageSize)
	if err != nil {
		return fail(err)
	}
	data["Hits"], data["Total"], data["Searched"] = hits, total, true
	data["Pager"] = kit.NewPager(r, page, pageSize, total)
	s.Render(w, r, http.StatusOK, "search", data)
	return nil
}

// API serves GET /api/v1/search?q=&page=&size=.
func (s *Handler) API(w http.ResponseWriter, r *http.Request) error {
	started := time.Now()
	if err := s.limit.Allow(r, s.Now()); err != nil {
		return err
	}
	query := r.URL.Query()
	page, err := kit.PageParam(query)
	if err != nil {
		return err
	}
	size := pageSize
	if v := strings.TrimSpace(query.Get("size")); v != "" {
		if size, err = strconv.Atoi(v); err != nil || size < 1 || size > 100 {
			return errs.InField("size", errs.New(errs.Invalid, "web.apiSearch", "invalid_size", "每页条数 size 应为 1 至 100 的整数。"))
		}
	}
	hits, total, err := s.run(r, query.Get("q"), page, size)
	if err != nil {
		return errs.InField("q", err)
	}
	if hits == nil {
		hits = []hit{}
	}
	kit.WriteJSON(w, http.StatusOK, map[string]any{"total": total, "page": page, "size": size, "hits": hits,
		"took_ms": time.Since(started).Milliseconds()})
	return nil
}
