package web

import (
	"bytes"
	"net/http"
	"strconv"

	"gongkai/internal/calendar"
	"gongkai/internal/web/kit"
)

// pageCacheBytes is the memory the page cache may use.
const pageCacheBytes = 64 << 20

// cached serves a public GET from the page cache. The key is the content
// version (store.ContentVersion, bumped by every public change), today's
// date (the home page counts working days from it), the 长辈版 choice, the
// origin of absolute links (feeds carry them; kit.Site.Origin, a bounded
// set) and the URL. A miss renders the page once, without the visitor's conditional
// headers, and keeps a 200 that sets no cookie; errors and anything else
// pass through uncached.
func (s *Server) cached(h kit.Handler) kit.Handler {
	return func(w http.ResponseWriter, r *http.Request) error {
		if r.Method != http.MethodGet && r.Method != http.MethodHead {
			return h(w, r)
		}
		version, changed, err := s.site.Store.ContentVersion(r.Context())
		if err != nil {
			return err
		}
		key := strconv.FormatInt(version, 10) + "|" + calendar.Today(s.site.Now()).String() + "|" +
			strconv.FormatBool(kit.Elder(r)) + "|" + s.site.Origin(r) + "|" + r.URL.RequestURI()
		page := s.pages.Get(key)
		if page == nil {
			rec := &recorder{header: http.Header{}, status: http.StatusOK}
			plain := r.Clone(r.Context())
			plain.Method = http.MethodGet
			for _, k := range []string{"If-None-Match", "If-Modified-Since", "Range"} {
				plain.Header.Del(k)
			}
			if err := h(rec, plain); err != nil {
				return err
			}
			if rec.status != http.StatusOK || rec.header.Get("Set-Cookie") != "" {
				rec.copyTo(w)
				return nil
			}
			for _, k := range []string{"ETag", "Last-Modified", "Cache-Control", "Vary"} {
				rec.header.Del(k)
			}
			page = kit.NewCachedPage(rec.status, rec.header, rec.body.Bytes())
			s.pages.Put(key, page)
		}
		page.Serve(w, r, changed)
		return nil
	}
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
