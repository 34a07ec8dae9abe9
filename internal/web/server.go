// Package web is the server: it serves three blocks, each with its own
// middleware chain — the public portal (/), the back office (/admin/) and
// the JSON API (/api/v1/) — from the one route table in routes.go, whose
// handlers live in the area packages (web/account, web/publish, web/foi)
// on the shared kit. Only web and its sub-packages import net/http and
// html/template. Handlers parse the request, call the domain or the store,
// and render or redirect; they hold no SQL and no business rules.
package web

import (
	"embed"
	"io/fs"
	"log/slog"
	"net/http"

	"gongkai/internal/auth"
	"gongkai/internal/store"
	"gongkai/internal/web/account"
	"gongkai/internal/web/enforcement"
	"gongkai/internal/web/foi"
	"gongkai/internal/web/interact"
	"gongkai/internal/web/kit"
	"gongkai/internal/web/publish"
	"gongkai/internal/web/report"
	"gongkai/internal/web/search"
)

//go:embed templates static openapi.json
var assets embed.FS

// Config is what the web layer needs to know about its deployment.
type Config = kit.Config

// Server is the site: the middleware, the route table and the areas.
type Server struct {
	site     *kit.Site
	static   http.Handler
	mux      *http.ServeMux
	account  *account.Handler
	publish  *publish.Handler
	foi      *foi.Handler
	search   *search.Handler
	interact *interact.Handler
	report   *report.Handler
	enforce  *enforcement.Handler
	pages    *pageCache // rendered public pages (cache.go)
	// uploads bounds the large public bodies read at once (middleware.go).
	uploads chan struct{}
}

// New builds a server: templates are parsed once here, and a template error
// stops the program at start rather than on the first visitor.
func New(cfg Config, st *store.Store, authSvc *auth.Service, log *slog.Logger) (*Server, error) {
	site := kit.NewSite(cfg, st, authSvc, log)
	s := &Server{site: site, account: account.New(site), publish: publish.New(site), foi: foi.New(site), search: search.New(site), interact: interact.New(site), report: report.New(site), enforce: enforcement.New(site),
		pages: newPageCache(pageCacheBytes), uploads: make(chan struct{}, maxUploads)}
	s.account.Widgets = []kit.Widget{s.publish.PublishingWidget, s.foi.Reminders, s.interact.LetterWidget, s.interact.FAQWidget, s.report.RegistryWidget}
	siteArea, _ := fs.Sub(assets, "templates")
	if err := site.Install(kit.Area{Name: "site", Templates: siteArea}, account.Area(), publish.Area(), foi.Area(), search.Area(), interact.Area(), report.Area(), enforcement.Area()); err != nil {
		return nil, err
	}
	sub, _ := fs.Sub(assets, "static")
	s.static = http.StripPrefix("/static/", http.FileServerFS(sub))
	s.mux = http.NewServeMux()
	for _, rt := range s.routes() {
		if (rt.block == admin || rt.block == api) && !passwordChangeRoutes[rt.pattern] {
			rt.h = requirePasswordChange(rt.h)
		}
		s.mux.Handle(rt.pattern, s.chain(rt))
	}
	return s, nil
}

// requirePasswordChange refuses h to an account whose password is
// temporary (auth.RequirePasswordChange); the back office sends it to the
// password form, the API answers 403 password_change_required.
func requirePasswordChange(h kit.Handler) kit.Handler {
	return func(w http.ResponseWriter, r *http.Request) error {
		if err := auth.RequirePasswordChange(kit.User(r)); err != nil {
			return err
		}
		return h(w, r)
	}
}

// ServeHTTP runs the middleware every response gets, then the mux.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	s.common(s.mux).ServeHTTP(w, r)
}

// PageNames lists the page templates (for the test that renders them all).
func (s *Server) PageNames() []string { return s.site.PageNames() }

// UploadsInProgress is the number of large public bodies being read now.
func (s *Server) UploadsInProgress() int { return len(s.uploads) }
