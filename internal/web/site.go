// The handlers of the site itself rather than of an area: static files,
// the 长辈版 switch, health checks, the API description and the 404s.

package web

import (
	"io"
	"io/fs"
	"net/http"
	"strings"

	"gongkai/internal/errs"
	"gongkai/internal/web/kit"
)

// toggleElder switches the 长辈版 (larger type, high contrast) and returns
// to the page the visitor came from. It is a link, not a form, so public
// pages need no per-visitor token and stay cacheable; the choice is a
// preference cookie for a year, set only here.
func (s *Server) toggleElder(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	c := &http.Cookie{Name: kit.ElderCookie, Value: "1", Path: "/", MaxAge: 365 * 24 * 3600, HttpOnly: true,
		Secure: s.site.Cfg.SecureCookie, SameSite: http.SameSiteLaxMode}
	if q.Get("on") != "1" {
		c.Value, c.MaxAge = "", -1
	}
	http.SetCookie(w, c)
	w.Header().Set("Cache-Control", "no-store")
	w.Header().Set("X-Robots-Tag", "noindex")
	return kit.Redirect(w, r, kit.LocalPath(q.Get("back")), "")
}

// serveStatic serves the embedded assets; a missing file or a directory is
// the site's own 404 page, not a listing.
func (s *Server) serveStatic(w http.ResponseWriter, r *http.Request) error {
	name := strings.TrimPrefix(r.URL.Path, "/static/")
	if st, err := fs.Stat(assets, "static/"+name); err != nil || st.IsDir() || name == "" {
		return s.notFound(w, r)
	}
	w.Header().Set("Cache-Control", "public, max-age=3600")
	s.static.ServeHTTP(w, r)
	return nil
}

func (s *Server) notFound(w http.ResponseWriter, r *http.Request) error {
	return errs.New(errs.NotFound, "web.notFound", "not_found", "您访问的页面不存在，可能已被移动或删除。")
}

func (s *Server) healthz(w http.ResponseWriter, r *http.Request) error {
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	_, _ = w.Write([]byte("ok\n"))
	return nil
}

func (s *Server) readyz(w http.ResponseWriter, r *http.Request) error {
	w.Header().Set("Cache-Control", "no-store")
	if err := s.site.Store.Ping(r.Context()); err != nil {
		s.site.Log.Warn("not ready", "err", err.Error(), "request_id", kit.RequestID(r.Context()))
		http.Error(w, "store unavailable", http.StatusServiceUnavailable)
		return nil
	}
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	_, _ = w.Write([]byte("ready\n"))
	return nil
}

func (s *Server) openAPI(w http.ResponseWriter, r *http.Request) error {
	b, err := assets.ReadFile("openapi.json")
	if err != nil {
		return err
	}
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	_, _ = w.Write(b)
	return nil
}

func (s *Server) apiNotFound(w http.ResponseWriter, r *http.Request) error {
	return errs.New(errs.NotFound, "web.apiNotFound", "no_such_endpoint", "没有这个接口，请查阅 /api/v1/openapi.json。")
}

// robots tells crawlers where the sitemap is and what is not for them: the
// back office, the 长辈版 switch and the kiosk pages of on-site points.
func (s *Server) robots(w http.ResponseWriter, r *http.Request) error {
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.Header().Set("Cache-Control", "public, max-age=3600")
	_, _ = io.WriteString(w, "User-agent: *\nDisallow: /admin/\nDisallow: /elder\nDisallow: /points/\nSitemap: "+s.site.Origin(r)+"/sitemap.xml\n")
	return nil
}

// favicon answers the browsers that ask for /favicon.ico before reading
// the page's icon link.
func (s *Server) favicon(w http.ResponseWriter, r *http.Request) error {
	http.Redirect(w, r, "/static/favicon.svg", http.StatusMovedPermanently)
	return nil
}
