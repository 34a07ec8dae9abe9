package web

import (
	"bytes"
	"compress/gzip"
	"container/list"
	"crypto/sha256"
	"encoding/hex"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"gongkai/internal/calendar"
	"gongkai/internal/web/kit"
)

// pageCacheBytes is the memory the page cache may use; a page over an
// eighth of it is not kept.
const pageCacheBytes = 64 << 20

// cached serves a public GET from the page cache. The key is the content
// version (store.ContentVersion, bumped by every public change), today's
// date (the home page counts working days from it), the 长辈版 choice, the
// origin of absolute links (kit.Site.Origin, a bounded set), the path and
// the route's own query parameters in a fixed order (params; a request
// with others, with q, or with a flash message to show is answered
// without the cache). A miss renders the page once and keeps a 200 that
// sets no cookie; errors and anything else pass through uncached.
func (s *Server) cached(h kit.Handler, params []string) kit.Handler {
	return func(w http.ResponseWriter, r *http.Request) error {
		query, ok := cacheQuery(r.URL.Query(), params)
		if _, err := r.Cookie(kit.FlashCookie); !ok || err == nil { // a flash message is shown once
			return h(w, r)
		}
		version, changed, err := s.site.Store.ContentVersion(r.Context())
		if err != nil {
			return err
		}
		today := calendar.Today(s.site.Now())
		key := strconv.FormatInt(version, 10) + "|" + today.String() + "|" + strconv.FormatBool(kit.Elder(r)) + "|" +
			s.site.Origin(r) + "|" + r.URL.EscapedPath() + "?" + query
		page := s.pages.get(key)
		if page == nil {
			// The handler sees no conditional header: it renders in full.
			plain := r.Clone(r.Context())
			for _, k := range []string{"If-None-Match", "If-Modified-Since", "Range"} {
				plain.Header.Del(k)
			}
			rec := &recorder{header: http.Header{}, status: http.StatusOK}
			if err := h(rec, plain); err != nil {
				return err
			}
			if rec.status != http.StatusOK || rec.header.Get("Set-Cookie") != "" || rec.body.Len() > pageCacheBytes/8 {
				rec.copyTo(w)
				return nil
			}
			for _, k := range []string{"ETag", "Last-Modified", "Cache-Control", "Vary", "Content-Length"} {
				rec.header.Del(k)
			}
			page = s.pages.newPage(rec.header, rec.body.Bytes())
			s.pages.put(key, page)
		}
		// The page also depends on the day: its Last-Modified is never
		// before today's start, so If-Modified-Since cannot keep
		// yesterday's home page.
		if start := time.Date(today.Year, today.Month, today.Day, 0, 0, 0, 0, calendar.Zone); changed.Before(start) {
			changed = start
		}
		page.serve(w, r, changed)
		return nil
	}
}

// cacheQuery is the query as part of a cache key: the route's parameters
// that are set, in params order, re-encoded. ok is false when the request
// has another parameter, a repeated one, or the free-text q.
func cacheQuery(q url.Values, params []string) (string, bool) {
	var b strings.Builder
	for k, vs := range q {
		if !slices.Contains(params, k) || len(vs) != 1 {
			return "", false
		}
	}
	for _, k := range params {
		if v, set := q[k]; set {
			b.WriteString(url.QueryEscape(k) + "=" + url.QueryEscape(v[0]) + "&")
		}
	}
	return b.String(), true
}

// recorder keeps a handler's response for the cache.
type recorder struct {
	header http.Header
	status int
	wrote  bool
	body   bytes.Buffer
}

func (r *recorder) Header() http.Header { return r.header }

func (r *recorder) WriteHeader(status int) {
	if !r.wrote {
		r.status, r.wrote = status, true
	}
}

func (r *recorder) Write(b []byte) (int, error) {
	r.wrote = true
	return r.body.Write(b)
}

// copyTo sends what was recorded as the response.
func (r *recorder) copyTo(w http.ResponseWriter) {
	for k, vs := range r.header {
		w.Header()[k] = vs
	}
	w.WriteHeader(r.status)
	_, _ = w.Write(r.body.Bytes())
}

// cachedPage is a rendered public response: its bytes, gzipped once, and
// the strong ETag of each encoding.
type cachedPage struct {
	key    string
	header http.Header // what the handler set (Content-Type …)
	body   []byte
	gzip   []byte // nil when compressing does not pay
	etag   string // of body; the gzip body's is etag with "-gz"
}

// newPage makes a cacheable page of a response, compressing it once.
func (c *pageCache) newPage(header http.Header, body []byte) *cachedPage {
	sum := sha256.Sum256(body)
	p := &cachedPage{header: header, body: body, etag: hex.EncodeToString(sum[:16])}
	if len(body) > 512 {
		var b bytes.Buffer
		zw, _ := c.gzip.Get().(*gzip.Writer)
		if zw == nil {
			zw = gzip.NewWriter(&b)
		} else {
			zw.Reset(&b)
		}
		_, _ = zw.Write(body)
		if zw.Close() == nil && b.Len() < len(body) {
			p.gzip = b.Bytes()
		}
		c.gzip.Put(zw)
	}
	return p
}

func (p *cachedPage) size() int { return len(p.key) + len(p.body) + len(p.gzip) + 256 }

// serve writes the page as a response to r: 304 when the client's copy is
// current, gzip when the client takes it. lastModified is when public
// content (or the day) last changed.
func (p *cachedPage) serve(w http.ResponseWriter, r *http.Request, lastModified time.Time) {
	h := w.Header()
	for k, vs := range p.header {
		h[k] = vs
	}
	body, etag := p.body, `"`+p.etag+`"`
	if p.gzip != nil && acceptsGzip(r) {
		h.Set("Content-Encoding", "gzip")
		body, etag = p.gzip, `"`+p.etag+`-gz"`
	}
	// Every visitor gets the same bytes for the same URL and 长辈版 choice;
	// shared caches may keep them but must ask again each time (a 304
	// costs one small query).
	h.Set("Cache-Control", "public, no-cache")
	h.Set("Vary", "Accept-Encoding, Cookie")
	h.Set("ETag", etag)
	h.Set("Last-Modified", lastModified.UTC().Format(http.TimeFormat))
	if kit.NotModified(r, etag, lastModified) {
		w.WriteHeader(http.StatusNotModified)
		return
	}
	w.WriteHeader(http.StatusOK)
	_, _ = w.Write(body)
}

func acceptsGzip(r *http.Request) bool {
	for part := range strings.SplitSeq(r.Header.Get("Accept-Encoding"), ",") {
		coding, q, _ := strings.Cut(strings.TrimSpace(part), ";")
		if strings.EqualFold(strings.TrimSpace(coding), "gzip") && strings.ReplaceAll(q, " ", "") != "q=0" {
			return true
		}
	}
	return false
}

// pageCache keeps rendered public pages in memory, least recently used
// first out, within a byte budget. Keys carry the content version, so a
// change to public content makes every older page unreachable at once;
// the budget then evicts them.
type pageCache struct {
	mu      sync.Mutex
	max     int
	size    int
	entries map[string]*list.Element
	lru     list.List // front: most recently used *cachedPage
	gzip    sync.Pool // *gzip.Writer, reused across misses
}

func newPageCache(maxBytes int) *pageCache {
	return &pageCache{max: maxBytes, entries: map[string]*list.Element{}}
}

func (c *pageCache) get(key string) *cachedPage {
	c.mu.Lock()
	defer c.mu.Unlock()
	e, ok := c.entries[key]
	if !ok {
		return nil
	}
	c.lru.MoveToFront(e)
	return e.Value.(*cachedPage)
}

func (c *pageCache) put(key string, p *cachedPage) {
	p.key = key
	n := p.size()
	c.mu.Lock()
	defer c.mu.Unlock()
	if old, ok := c.entries[key]; ok {
		c.size -= old.Value.(*cachedPage).size()
		c.lru.Remove(old)
	}
	c.entries[key] = c.lru.PushFront(p)
	c.size += n
	for c.size > c.max {
		last := c.lru.Back()
		lp := last.Value.(*cachedPage)
		c.lru.Remove(last)
		delete(c.entries, lp.key)
		c.size -= lp.size()
	}
}
