// Package search is the web area of site-wide search: the portal's search
// page, the search API, and the staff's search dashboard with the synonym
// table. The tokens, the query language and the relevance rule are the
// search domain package's; the index and its queries are the store's.
package search

import (
	"embed"
	"io/fs"
	"sync"
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
	// log counts the queries of the current week until they are written.
	log queryLog
}

// New returns the area's handlers on site.
func New(site *kit.Site) *Handler {
	return &Handler{Site: site, limit: kit.NewLimiter(120, time.Minute), log: queryLog{counts: map[string]*logCount{}, flushed: site.Now()}}
}

// Area describes the area's pages.
func Area() kit.Area {
	sub, _ := fs.Sub(templates, "templates")
	return kit.Area{Name: "search", Templates: sub, Flash: map[string]string{
		"synonyms_saved": "同义词表已保存，新的搜索即按新表扩展。",
	}}
}

// queryLog gathers the week's queries in memory and writes them in one
// transaction at most once a minute (a search never waits for a write;
// counts of the last minute before a stop are lost, which statistics can
// bear).
type queryLog struct {
	mu      sync.Mutex
	week    string
	counts  map[string]*logCount
	flushed time.Time
	pending []batch // earlier weeks' counts not yet written
}

type logCount struct{ searches, empty int64 }

// maxLogged bounds the distinct queries held between two writes.
const maxLogged = 2000
