package publish

// Machine-readable views of the public documents: an Atom feed per column
// and the sitemap. Both list only what the store's public lists return
// (PublicLatest, PublicSitemap), so a draft, a targeted or a withdrawn
// document never appears in them.

import (
	"encoding/xml"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"gongkai/internal/calendar"
	"gongkai/internal/errs"
	"gongkai/internal/publish"
	"gongkai/internal/store"
	"gongkai/internal/web/kit"
)

// absURL makes an absolute URL of a site path under the site's origin
// (kit.Site.Origin: the configured base URL or a trusted host).
func (s *Handler) absURL(r *http.Request, path string) string {
	return s.Origin(r) + path
}

type atomLink struct {
	Rel  string `xml:"rel,attr,omitempty"`
	Type string `xml:"type,attr,omitempty"`
	Href string `xml:"href,attr"`
}

type atomPerson struct {
	Name string `xml:"name"`
}

type atomText struct {
	Type string `xml:"type,attr,omitempty"`
	Body string `xml:",chardata"`
}

type atomCategory struct {
	Term  string `xml:"term,attr"`
	Label string `xml:"label,attr,omitempty"`
}

type atomEntry struct {
	Title     atomText      `xml:"title"`
	ID        string        `xml:"id"`
	Link      atomLink      `xml:"link"`
	Updated   string        `xml:"updated"`
	Published string        `xml:"published,omitempty"`
	Author    *atomPerson   `xml:"author,omitempty"`
	Category  *atomCategory `xml:"category,omitempty"`
	Summary   *atomText     `xml:"summary,omitempty"`
}

type atomFeed struct {
	XMLName xml.Name    `xml:"http://www.w3.org/2005/Atom feed"`
	Lang    string      `xml:"xml:lang,attr"`
	Title   atomText    `xml:"title"`
	ID      string      `xml:"id"`
	Links   []atomLink  `xml:"link"`
	Updated string      `xml:"updated"`
	Author  atomPerson  `xml:"author"`
	Entries []atomEntry `xml:"entry"`
}

// docTime is when a public document last changed on the portal.
func docTime(p *publish.PublicDoc) time.Time {
	if !p.Doc.LastPublished.IsZero() {
		return p.Doc.LastPublished
	}
	d := p.Rev.PublishedOn
	return time.Date(d.Year, d.Month, d.Day, 0, 0, 0, 0, calendar.Zone)
}

// ColumnFeed serves GET /columns/{code}/feed.xml.
func (s *Handler) ColumnFeed(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	col, err := s.Store.ColumnByCode(ctx, r.PathValue("code"))
	if err != nil {
		return err
	}
	stamp, err := s.Store.PublicStamp(ctx)
	if err != nil {
		return err
	}
	w.Header().Set("Cache-Control", "no-cache")
	if kit.Validators(w, r, stamp, col.Name, s.Cfg.SiteName) {
		return nil
	}
	docs, _, err := s.Store.PublicLatest(ctx, store.PublicFilter{ColumnID: col.ID, Size: 20})
	if err != nil {
		return err
	}
	themes, _, err := s.themeNames(ctx)
	if err != nil {
		return err
	}
	page := s.absURL(r, "/columns/"+url.PathEscape(col.Code))
	feed := atomFeed{
		Lang:  "zh-CN",
		Title: atomText{Body: s.Cfg.SiteName + " - " + col.Name},
		ID:    page,
		Links: []atomLink{
			{Rel: "self", Type: "application/atom+xml", Href: s.absURL(r, r.URL.Path)},
			{Rel: "alternate", Type: "text/html", Href: page},
		},
		Author: atomPerson{Name: s.Cfg.SiteName},
	}
	updated := stamp
	for i, p := range docs {
		t := docTime(p)
		if i == 0 || t.After(updated) {
			updated = t
		}
		c := &p.Rev.Content
		e := atomEntry{
			Title:   atomText{Body: c.Title},
			ID:      s.absURL(r, docPath(p.Doc.IndexNumber)),
			Link:    atomLink{Rel: "alternate", Type: "text/html", Href: s.absURL(r, docPath(p.Doc.IndexNumber))},
			Updated: t.UTC().Format(time.RFC3339),
		}
		if !p.Doc.FirstPublished.IsZero() {
			e.Published = p.Doc.FirstPublished.UTC().Format(time.RFC3339)
		}
		if len(p.Organs) > 0 {
			e.Author = &atomPerson{Name: strings.Join(p.Organs, "、")}
		}
		if c.Theme != "" {
			e.Category = &atomCategory{Term: c.Theme, Label: themes[c.Theme]}
		}
		summary := c.Summary
		if c.DocNumber != "" {
			summary = strings.TrimSpace(c.DocNumber + " " + summary)
		}
		if summary != "" {
			e.Summary = &atomText{Type: "text", Body: summary}
		}
		feed.Entries = append(feed.Entries, e)
	}
	if updated.IsZero() {
		updated = time.Unix(0, 0)
	}
	feed.Updated = updated.UTC().Format(time.RFC3339)
	return writeXML(w, r, "application/atom+xml; charset=utf-8", feed)
}

func writeXML(w http.ResponseWriter, r *http.Request, contentType string, v any) error {
	b, err := xml.MarshalIndent(v, "", " ")
	if err != nil {
		return err
	}
	w.Header().Set("Content-Type", contentType)
	w.WriteHeader(http.StatusOK)
	if r.Method != http.MethodHead {
		_, _ = w.Write([]byte(xml.Header))
		_, _ = w.Write(b)
		_, _ = w.Write([]byte("\n"))
	}
	return nil
}

// The sitemap is a sitemap index (/sitemap.xml) of files under /sitemaps/:
// pages.xml (the section pages and every column) and N.xml, the portal's
// documents in chunks of store.PublicSitemapSize, each streamed from one
// query as it is read.

// sitemapValidators answers a conditional request for any sitemap file;
// the files change when a document or the set of columns does.
func (s *Handler) sitemapValidators(w http.ResponseWriter, r *http.Request) (cols []*publish.Column, done bool, err error) {
	ctx := r.Context()
	stamp, err := s.Store.PublicStamp(ctx)
	if err != nil {
		return nil, false, err
	}
	if cols, err = s.Store.Columns(ctx); err != nil {
		return nil, false, err
	}
	var shape strings.Builder
	for _, c := range cols {
		shape.WriteString(c.Code + "\x00")
	}
	w.Header().Set("Cache-Control", "no-cache")
	return cols, kit.Validators(w, r, stamp, shape.String(), r.URL.Path), nil
}

// Sitemap serves GET /sitemap.xml, the sitemap index.
func (s *Handler) Sitemap(w http.ResponseWriter, r *http.Request) error {
	_, done, err := s.sitemapValidators(w, r)
	if err != nil || done {
		return err
	}
	chunks, err := s.Store.PublicSitemapChunks(r.Context())
	if err != nil {
		return err
	}
	x := startXML(w, r)
	x.line(`<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">`)
	x.entry("sitemap", s.absURL(r, "/sitemaps/pages.xml"), "")
	for n := 1; n <= chunks; n++ {
		x.entry("sitemap", s.absURL(r, "/sitemaps/"+strconv.Itoa(n)+".xml"), "")
	}
	x.line(`</sitemapindex>`)
	return nil
}

// SitemapPart serves GET /sitemaps/{file}: pages.xml or a chunk N.xml of
// the portal's documents (which the store lists by the public rule).
func (s *Handler) SitemapPart(w http.ResponseWriter, r *http.Request) error {
	file := r.PathValue("file")
	n := 0
	if file != "pages.xml" {
		var err error
		if n, err = strconv.Atoi(strings.TrimSuffix(file, ".xml")); err != nil || n < 1 || !strings.HasSuffix(file, ".xml") {
			return errs.New(errs.NotFound, "web.SitemapPart", "sitemap_not_found", "网站地图不存在。")
		}
		if chunks, err := s.Store.PublicSitemapChunks(r.Context()); err != nil {
			return err
		} else if n > chunks {
			return errs.New(errs.NotFound, "web.SitemapPart", "sitemap_not_found", "网站地图不存在。")
		}
	}
	cols, done, err := s.sitemapValidators(w, r)
	if err != nil || done {
		return err
	}
	var items []*publish.CatalogItem
	if n == 0 {
		if items, err = s.Store.CatalogItems(r.Context()); err != nil {
			return err
		}
	}
	x := startXML(w, r)
	x.line(`<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">`)
	if n == 0 {
		// Every kind of public page: the sections, the information-request
		// pages, the calculator, each column and each catalog item.
		for _, p := range []string{"/", "/xxgk", "/xxgk/guide", "/xxgk/system", "/xxgk/catalog", "/policies",
			"/foi", "/foi/apply", "/foi/track", "/workdays"} {
			x.entry("url", s.absURL(r, p), "")
		}
		for _, c := range cols {
			x.entry("url", s.absURL(r, "/columns/"+url.PathEscape(c.Code)), "")
		}
		for _, it := range items {
			x.entry("url", s.absURL(r, "/xxgk/catalog/"+url.PathEscape(it.Code)), "")
		}
	} else if err := s.Store.PublicSitemap(r.Context(), n, func(index string, changed time.Time) error {
		x.entry("url", s.absURL(r, docPath(index)), calendar.DateOf(changed).String())
		return nil
	}); err != nil {
		// The status is sent; a failure mid-stream can only cut the file short.
		return nil
	}
	x.line(`</urlset>`)
	return nil
}

// xmlStream writes an XML answer as it goes (nothing for HEAD).
type xmlStream struct {
	w    io.Writer
	head bool
}

func startXML(w http.ResponseWriter, r *http.Request) *xmlStream {
	w.Header().Set("Content-Type", "application/xml; charset=utf-8")
	w.WriteHeader(http.StatusOK)
	x := &xmlStream{w: w, head: r.Method == http.MethodHead}
	x.line(strings.TrimSuffix(xml.Header, "\n"))
	return x
}

func (x *xmlStream) line(s string) {
	if !x.head {
		_, _ = io.WriteString(x.w, s+"\n")
	}
}

// entry writes <tag><loc>loc</loc><lastmod>lastmod</lastmod></tag>.
func (x *xmlStream) entry(tag, loc, lastmod string) {
	if x.head {
		return
	}
	var b strings.Builder
	b.WriteString(" <" + tag + "><loc>")
	_ = xml.EscapeText(&b, []byte(loc))
	b.WriteString("</loc>")
	if lastmod != "" {
		b.WriteString("<lastmod>" + lastmod + "</lastmod>")
	}
	b.WriteString("</" + tag + ">\n")
	_, _ = io.WriteString(x.w, b.String())
}
