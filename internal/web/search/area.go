// Package search is the web area of site-wide search: the portal's search
// page and the search API. The tokens and the query language are the
// search domain package's; the index and its queries are the store's.
package search

import (
	"embed"
	"io/fs"
	"time"

	"gongkai/internal/web/kit"
)

//go:embed templates
var templates embed.FS

// Handler serves the area's routes.
type Handler struct {
	*kit.Site
	// limit bounds searches per client: each is an index query.
	limit *kit.Limiter
}

// New returns the area's handlers on site.
func New(site *kit.Site) *Handler {
	return &Handler{Site: site, limit: kit.NewLimiter(120, time.Minute)}
}

// Area describes the area's pages.
func Area() kit.Area {
	sub, _ := fs.Sub(templates, "templates")
	return kit.Area{Name: "search", Templates: sub}
}
