package publish

// Machine-readable views of the public documents: an Atom feed per column
// and the sitemap. Both list only what the store's public lists return
// (PublicLatest, PublicSitemap), so a draft, a targeted or a withdrawn
// document never appears in them.

import (
	"bytes"
	"encoding/xml"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"gongkai/internal/calendar"
	"gongkai/internal/errs"
	"gongkai/internal/publish"
	"gongkai/internal/store"
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
	stamp, err := s.Store.PublicStamp(ctx) // the feed's <updated> when it lists nothing newer
	if err != nil {
		return err
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
	_, _ = w.Write([]byte(xml.Header))
	_, _ = w.Write(b)
	_, _ = w.Write([]byte("\n"))
	return nil
}

// The sitemap is a sitemap index (/sitemap.xml) of files under /sitemaps/:
// pages.xml (the section pages and every column) and N.xml, the portal's
// documents in chunks of store.PublicSitemapSize, each written from one
// query (and kept in the page cache).

// Sitemap serves GET /sitemap.xml, the sitemap index.
func (s *Handler) Sitemap(w http.ResponseWriter, r *http.Request) error {
	chunks, err := s.Store.PublicSitemapChunks(r.Context())
	if err != nil {
		return err
	}
	x := newSitemapXML("sitemapindex")
	x.entry("sitemap", s.absURL(r, "/sitemaps/pages.xml"), "")
	for n := 1; n <= chunks; n++ {
		x.entry("sitemap", s.absURL(r, "/sitemaps/"+strconv.Itoa(n)+".xml"), "")
	}
	return x.send(w, "sitemapindex")
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
	x := newSitemapXML("urlset")
	if n == 0 {
		cols, err := s.Store.Columns(r.Context())
		if err != nil {
			return err
		}
		items, err := s.Store.CatalogItems(r.Context())
		if err != nil {
			return err
		}
		// Every kind of public page: the sections, the information-request
		// pages, the calculator, each column and each catalog item.
		for _, p := range []string{"/", "/xxgk", "/xxgk/guide", "/xxgk/system", "/xxgk/catalog", "/policies",
			"/foi", "/foi/apply", "/foi/track", "/workdays", "/sitemap.html", "/accessibility"} {
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
		return err
	}
	return x.send(w, "urlset")
}

// sitemapXML builds a sitemap file; send writes it. It is built whole
// before anything is sent, so a failure midway is an error page, never a
// file cut short (nor one kept in the page cache).
type sitemapXML struct{ b bytes.Buffer }

func newSitemapXML(root string) *sitemapXML {
	x := &sitemapXML{}
	x.b.WriteString(xml.Header)
	x.b.WriteString(`<` + root + ` xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">` + "\n")
	return x
}

// entry adds <tag><loc>loc</loc><lastmod>lastmod</lastmod></tag>.
func (x *sitemapXML) entry(tag, loc, lastmod string) {
	x.b.WriteString(" <" + tag + "><loc>")
	_ = xml.EscapeText(&x.b, []byte(loc))
	x.b.WriteString("</loc>")
	if lastmod != "" {
		x.b.WriteString("<lastmod>" + lastmod + "</lastmod>")
	}
	x.b.WriteString("</" + tag + ">\n")
}

func (x *sitemapXML) send(w http.ResponseWriter, root string) error {
	x.b.WriteString("</" + root + ">\n")
	w.Header().Set("Content-Type", "application/xml; charset=utf-8")
	w.WriteHeader(http.StatusOK)
	_, err := w.Write(x.b.Bytes())
	return err
}
