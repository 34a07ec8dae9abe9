package kit

import (
	"bytes"
	"compress/gzip"
	"container/list"
	"crypto/sha256"
	"encoding/hex"
	"net/http"
	"strings"
	"sync"
	"time"
)

// CachedPage is a rendered public response: its bytes, gzipped once, and
// the strong ETag of the bytes.
type CachedPage struct {
	key    string
	Status int
	Header http.Header // what the handler set (Content-Type …)
	Body   []byte
	Gzip   []byte // nil when compressing does not pay
	ETag   string
}

// NewCachedPage makes a cacheable page of a response, compressing it.
func NewCachedPage(status int, header http.Header, body []byte) *CachedPage {
	sum := sha256.Sum256(body)
	p := &CachedPage{Status: status, Header: header, Body: body, ETag: `"` + hex.EncodeToString(sum[:16]) + `"`}
	if len(body) > 512 {
		var b bytes.Buffer
		zw, _ := gzip.NewWriterLevel(&b, gzip.BestCompression)
		_, _ = zw.Write(body)
		if zw.Close() == nil && b.Len() < len(body) {
			p.Gzip = b.Bytes()
		}
	}
	return p
}

func (p *CachedPage) size() int { return len(p.key) + len(p.Body) + len(p.Gzip) + 256 }

// Serve writes the page as a response to r: 304 when the client's copy is
// current, gzip when the client takes it. lastModified (zero: none) is when
// public content last changed.
func (p *CachedPage) Serve(w http.ResponseWriter, r *http.Request, lastModified time.Time) {
	h := w.Header()
	for k, vs := range p.Header {
		h[k] = vs
	}
	// Every visitor gets the same bytes for the same URL and 长辈版 choice;
	// shared caches may keep them but must ask again each time (a 304
	// costs one small query).
	h.Set("Cache-Control", "public, no-cache")
	h.Set("Vary", "Accept-Encoding, Cookie")
	h.Set("ETag", p.ETag)
	if !lastModified.IsZero() {
		h.Set("Last-Modified", lastModified.UTC().Format(http.TimeFormat))
	}
	if inm := r.Header.Get("If-None-Match"); inm != "" {
		if ETagMatches(inm, p.ETag) {
			w.WriteHeader(http.StatusNotModified)
			return
		}
	} else if ims := r.Header.Get("If-Modified-Since"); ims != "" && !lastModified.IsZero() {
		if t, err := http.ParseTime(ims); err == nil && !lastModified.Truncate(time.Second).After(t) {
			w.WriteHeader(http.StatusNotModified)
			return
		}
	}
	body := p.Body
	if p.Gzip != nil && acceptsGzip(r) {
		h.Set("Content-Encoding", "gzip")
		body = p.Gzip
	}
	w.WriteHeader(p.Status)
	_, _ = w.Write(body)
}

func acceptsGzip(r *http.Request) bool {
	for _, part := range strings.Split(r.Header.Get("Accept-Encoding"), ",") {
		coding, q, _ := strings.Cut(strings.TrimSpace(part), ";")
		if strings.EqualFold(strings.TrimSpace(coding), "gzip") && strings.ReplaceAll(q, " ", "") != "q=0" {
			return true
		}
	}
	return false
}

// PageCache keeps rendered public pages in memory, least recently used
// first out, within a byte budget. Keys carry the content version, so a
// change to public content makes every older page unreachable at once;
// the budget then evicts them.
type PageCache struct {
	mu      sync.Mutex
	max     int
	size    int
	entries map[string]*list.Element
	lru     list.List // front: most recently used *CachedPage
}

// NewPageCache returns a cache holding at most maxBytes of pages.
func NewPageCache(maxBytes int) *PageCache {
	return &PageCache{max: maxBytes, entries: map[string]*list.Element{}}
}

// Get returns the page stored under key, or nil.
func (c *PageCache) Get(key string) *CachedPage {
	c.mu.Lock()
	defer c.mu.Unlock()
	e, ok := c.entries[key]
	if !ok {
		return nil
	}
	c.lru.MoveToFront(e)
	return e.Value.(*CachedPage)
}

// Put stores p under key; a page larger than an eighth of the budget is
// not kept.
func (c *PageCache) Put(key string, p *CachedPage) {
	p.key = key
	n := p.size()
	if n > c.max/8 {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if old, ok := c.entries[key]; ok {
		c.size -= old.Value.(*CachedPage).size()
		c.lru.Remove(old)
	}
	c.entries[key] = c.lru.PushFront(p)
	c.size += n
	for c.size > c.max {
		last := c.lru.Back()
		lp := last.Value.(*CachedPage)
		c.lru.Remove(last)
		delete(c.entries, lp.key)
		c.size -= lp.size()
	}
}

// Len is the number of pages held.
func (c *PageCache) Len() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.lru.Len()
}
