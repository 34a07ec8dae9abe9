package publish

// Machine-readable views of the public documents: an Atom feed per column
// and the sitemap. Both list only what store.PublicDocuments returns, so a
// draft, a targeted or a withdrawn document never appears in them.

import (
	"encoding/xml"
	"net/http"
	"net/url"
	"strings"
	"time"

	"gongkai/internal/calendar"
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
	docs, _, err := s.Store.PublicDocuments(ctx, store.PublicFilter{ColumnID: col.ID, Size: 20})
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

type sitemapURL struct {
	Loc     string `xml:"loc"`
	LastMod string `xml:"lastmod,omitempty"`
}

type sitemapSet struct {
	XMLName xml.Name     `xml:"http://www.sitemaps.org/schemas/sitemap/0.9 urlset"`
	URLs    []sitemapURL `xml:"url"`
}

// Sitemap lists the portal's section pages, every column and every public
// document, paging through PublicDocuments (which applies the public rule).
func (s *Handler) Sitemap(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	stamp, err := s.Store.PublicStamp(ctx)
	if err != nil {
		return err
	}
	cols, err := s.Store.Columns(ctx)
	if err != nil {
		return err
	}
	var shape strings.Builder
	for _, c := range cols {
		shape.WriteString(c.Code + "\x00")
	}
	w.Header().Set("Cache-Control", "no-cache")
	if kit.Validators(w, r, stamp, shape.String()) {
		return nil
	}
	set := sitemapSet{}
	for _, p := range []string{"/", "/xxgk", "/xxgk/guide", "/xxgk/system", "/xxgk/catalog", "/policies"} {
		set.URLs = append(set.URLs, sitemapURL{Loc: s.absURL(r, p)})
	}
	for _, c := range cols {
		set.URLs = append(set.URLs, sitemapURL{Loc: s.absURL(r, "/columns/"+url.PathEscape(c.Code))})
	}
	for page := 1; ; page++ {
		docs, total, err := s.Store.PublicDocuments(ctx, store.PublicFilter{Page: page, Size: 100})
		if err != nil {
			return err
		}
		for _, p := range docs {
			set.URLs = append(set.URLs, sitemapURL{Loc: s.absURL(r, docPath(p.Doc.IndexNumber)), LastMod: calendar.DateOf(docTime(p)).String()})
		}
		if len(docs) == 0 || page*100 >= total || len(set.URLs) >= 50_000 {
			break
		}
	}
	return writeXML(w, r, "application/xml; charset=utf-8", set)
}
