package publish

// The portal's own pages: the human sitemap (网站地图) and the
// accessibility statement (无障碍声明), which every page's footer links.

import (
	"net/http"
)

// SitemapPage serves GET /sitemap.html: every section, column and catalog
// item of the portal on one page, for people (/sitemap.xml is for
// crawlers).
func (s *Handler) SitemapPage(w http.ResponseWriter, r *http.Request) error {
	cols, err := s.Store.Columns(r.Context())
	if err != nil {
		return err
	}
	items, err := s.Store.CatalogItems(r.Context())
	if err != nil {
		return err
	}
	areas := catalogAreas(items)
	s.Render(w, r, http.StatusOK, "portal_sitemap", map[string]any{
		"Title":   "网站地图",
		"Columns": columnTree(cols),
		"Areas":   areas,
	})
	return nil
}

// AccessibilityPage serves GET /accessibility, the 无障碍声明: what the
// site does for people with disabilities and older people, what it does
// not yet do, and whom to tell when something is in the way.
func (s *Handler) AccessibilityPage(w http.ResponseWriter, r *http.Request) error {
	s.Render(w, r, http.StatusOK, "portal_accessibility", map[string]any{"Title": "无障碍声明"})
	return nil
}
