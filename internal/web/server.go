// Package web is the only importer of net/http and html/template. It serves
// three blocks, each with its own middleware chain: the public portal (/),
// the back office (/admin/) and the JSON API (/api/v1/). Handlers parse the
// request, call the domain or the store, and render or redirect; they hold
// no SQL and no business rules.
package web

import (
	"context"
	"embed"
	"html/template"
	"io/fs"
	"log/slog"
	"net/http"
	"time"

	"gongkai/internal/auth"
	"gongkai/internal/store"
)

//go:embed templates static openapi.json
var assets embed.FS

// Config is what the web layer needs to know about its deployment.
type Config struct {
	SiteName     string // shown in the header and titles
	SecureCookie bool   // set the Secure flag (behind HTTPS)
	BaseURL      string // public address, e.g. https://www.jiading.gov.cn/jyxq; absolute links in feeds and the sitemap
	// Organ signs the FOI notices (发文机关), e.g. 上海市嘉定区菊园新区管理委员会
	// (GONGKAI_ORGAN); "" signs with SiteName less a trailing “政务公开”.
	Organ string
	// The SMTP server FOI notices are e-mailed through: host:port
	// (GONGKAI_SMTP_ADDR; "" means no e-mail), the sender
	// (GONGKAI_SMTP_FROM) and, optionally, the login (GONGKAI_SMTP_USER,
	// GONGKAI_SMTP_PASSWORD). See mailer.Config.
	SMTPAddr, SMTPFrom, SMTPUser, SMTPPassword string
	// PDFFont is the TrueType font of PDF notices (GONGKAI_PDF_FONT); ""
	// is notice.DefaultFont, Debian's fonts-arphic-gbsn00lp.
	PDFFont string
}

// Server holds the dependencies of the handlers.
type Server struct {
	cfg    Config
	store  *store.Store
	auth   *auth.Service
	log    *slog.Logger
	pages  map[string]*template.Template
	static http.Handler
	mux    *http.ServeMux
	now    func() time.Time
	// foiLimit bounds submissions and query-code guesses per client.
	foiLimit *limiter
}

// New builds a server: templates are parsed once here, and a template error
// stops the program at start rather than on the first visitor.
func New(cfg Config, st *store.Store, authSvc *auth.Service, log *slog.Logger) (*Server, error) {
	if cfg.SiteName == "" {
		cfg.SiteName = "政务公开"
	}
	s := &Server{cfg: cfg, store: st, auth: authSvc, log: log, now: authSvc.Now, foiLimit: newLimiter(30, time.Minute)}
	var err error
	if s.pages, err = parsePages(); err != nil {
		return nil, err
	}
	sub, _ := fs.Sub(assets, "static")
	s.static = http.StripPrefix("/static/", http.FileServerFS(sub))
	s.mux = http.NewServeMux()
	for _, rt := range s.routes() {
		s.mux.Handle(rt.pattern, s.chain(rt))
	}
	return s, nil
}

// ServeHTTP runs the middleware every response gets, then the mux.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	s.common(s.mux).ServeHTTP(w, r)
}

type ctxKey int

const (
	keyRequestID ctxKey = iota
	keyUser
	keySession
	keyCSRF
)

func requestID(ctx context.Context) string {
	id, _ := ctx.Value(keyRequestID).(string)
	return id
}

func currentUser(r *http.Request) *auth.User {
	u, _ := r.Context().Value(keyUser).(*auth.User)
	return u
}

func currentSession(r *http.Request) *auth.Session {
	s, _ := r.Context().Value(keySession).(*auth.Session)
	return s
}

// actor names the user behind a request in the audit trail.
func actor(r *http.Request) string {
	if u := currentUser(r); u != nil {
		return u.Username
	}
	return "anonymous"
}
