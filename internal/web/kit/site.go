package kit

import (
	"bytes"
	"embed"
	"fmt"
	"html/template"
	"io/fs"
	"log/slog"
	"maps"
	"net/http"
	"net/netip"
	"net/url"
	"path"
	"slices"
	"strings"
	"time"

	"gongkai/internal/auth"
	"gongkai/internal/calendar"
	"gongkai/internal/publish"
	"gongkai/internal/store"
)

//go:embed templates
var shared embed.FS

// Config is what the web layer needs to know about its deployment.
type Config struct {
	SiteName     string // shown in the header and titles
	SecureCookie bool   // set the Secure flag (behind HTTPS)
	BaseURL      string // public address, e.g. https://www.jiading.gov.cn/jyxq; absolute links in feeds and the sitemap
	// Hosts are the host[:port]s a request may name for absolute links
	// when there is no BaseURL; another Host header gets the first one, so
	// a forged header never plants another address in a feed or a cache.
	Hosts []string
	// Description is the default meta description of pages.
	Description string
	// TrustedProxies are the reverse proxies whose X-Forwarded-For names
	// the visitor (for rate limits and login throttles).
	TrustedProxies []netip.Prefix
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

// Area is what an area package gives the server besides its handlers: its
// page templates, the template functions they use and its flash messages.
type Area struct {
	Name      string
	Templates fs.FS // the area's *.html; *_partials.html are parsed with every page of the area
	Funcs     template.FuncMap
	Flash     map[string]string
}

// PageNames lists the area's page templates (for the test that renders
// every page).
func (a Area) PageNames() []string {
	files, _ := fs.Glob(a.Templates, "*.html")
	var out []string
	for _, f := range files {
		if name := strings.TrimSuffix(f, ".html"); !strings.HasSuffix(name, "_partials") {
			out = append(out, name)
		}
	}
	return out
}

// Site holds what every handler needs: configuration, the store, the login
// service, the logger, the clock and the parsed pages.
type Site struct {
	Cfg   Config
	Store *store.Store
	Auth  *auth.Service
	Log   *slog.Logger
	Now   func() time.Time
	pages map[string]*template.Template
	flash map[string]string
}

// NewSite returns a site without pages; Install adds them.
func NewSite(cfg Config, st *store.Store, authSvc *auth.Service, log *slog.Logger) *Site {
	if cfg.SiteName == "" {
		cfg.SiteName = "政务公开"
	}
	if cfg.Description == "" {
		cfg.Description = cfg.SiteName + "：依法公开政府信息，回应群众关切，提供政策文件、依申请公开和便民查询服务。"
	}
	return &Site{Cfg: cfg, Store: st, Auth: authSvc, Log: log, Now: authSvc.Now,
		pages: map[string]*template.Template{}, flash: map[string]string{}}
}

// baseFuncs are the template functions of the layout and shared forms.
func baseFuncs() template.FuncMap {
	return template.FuncMap{
		"datetime": func(t time.Time) string {
			if t.IsZero() {
				return ""
			}
			return t.In(calendar.Zone).Format("2006-01-02 15:04:05")
		},
		"roleLabel": func(r auth.Role) string { return r.Label() },
		"zfwzzcURL": ZfwzzcURL,
		// dict passes several values to a shared sub-template.
		"dict": func(kv ...any) map[string]any {
			m := map[string]any{}
			for i := 0; i+1 < len(kv); i += 2 {
				k, _ := kv[i].(string)
				m[k] = kv[i+1]
			}
			return m
		},
		"weekday": func(d calendar.Date) string {
			return [...]string{"星期日", "星期一", "星期二", "星期三", "星期四", "星期五", "星期六"}[d.Weekday()]
		},
	}
}

// Install parses every area's pages, each together with the shared layout,
// the shared forms and the area's partials, with the template functions of
// all areas. Two areas that define the same page, function or flash key
// are an error: the site must stay one namespace a reader can grep.
func (s *Site) Install(areas ...Area) error {
	funcs := baseFuncs()
	for _, a := range areas {
		for k, f := range a.Funcs {
			if _, dup := funcs[k]; dup {
				return fmt.Errorf("web: template function %q defined twice (area %s)", k, a.Name)
			}
			funcs[k] = f
		}
		for k, v := range a.Flash {
			if _, dup := s.flash[k]; dup {
				return fmt.Errorf("web: flash key %q defined twice (area %s)", k, a.Name)
			}
			s.flash[k] = v
		}
	}
	for _, a := range areas {
		if a.Templates == nil {
			continue
		}
		files, err := fs.Glob(a.Templates, "*.html")
		if err != nil {
			return err
		}
		partials, _ := fs.Glob(a.Templates, "*_partials.html")
		for _, f := range files {
			name := strings.TrimSuffix(path.Base(f), ".html")
			if strings.HasSuffix(name, "_partials") {
				continue
			}
			if _, dup := s.pages[name]; dup {
				return fmt.Errorf("web: page %q defined twice (area %s)", name, a.Name)
			}
			t, err := template.New(name).Funcs(funcs).ParseFS(shared, "templates/layout.html", "templates/forms.html")
			if err == nil && len(partials) > 0 {
				t, err = t.ParseFS(a.Templates, partials...)
			}
			if err == nil {
				t, err = t.ParseFS(a.Templates, f)
			}
			if err != nil {
				return fmt.Errorf("web: area %s: %w", a.Name, err)
			}
			s.pages[name] = t
		}
	}
	return nil
}

// Origin is the scheme and host (and base path) of absolute links: the
// configured BaseURL, or else the request's Host if it is one of Hosts, or
// else the first of Hosts.
func (s *Site) Origin(r *http.Request) string {
	if s.Cfg.BaseURL != "" {
		return strings.TrimSuffix(s.Cfg.BaseURL, "/")
	}
	scheme := "http"
	if r.TLS != nil || s.Cfg.SecureCookie {
		scheme = "https"
	}
	host := r.Host
	if !slices.Contains(s.Cfg.Hosts, host) && len(s.Cfg.Hosts) > 0 {
		host = s.Cfg.Hosts[0]
	}
	return scheme + "://" + host
}

// PageNames lists the page templates (for the test that renders them all).
func (s *Site) PageNames() []string { return slices.Sorted(maps.Keys(s.pages)) }

// page is what every template receives: the layout's needs plus the
// handler's own data under .Data.
type page struct {
	Site  string
	Title string
	// Description is the page's meta description (Data["Description"], or
	// the site's).
	Description string
	User        *auth.User
	CSRF        string
	Elder       bool
	Path        string
	Flash       string
	Data        map[string]any
	// Admin marks back-office pages, which get the back-office navigation.
	Admin bool
	// Kiosk marks the pages of a 定点公开 point's screen (/points/…): no
	// site menu, search or staff link.
	Kiosk bool
	// Info is the portal's footer and meta-tag settings; Domain the host
	// of its public address (the SiteDomain meta tag); Meta the page's
	// column and article (Data["Meta"]).
	Info   *publish.SiteInfo
	Domain string
	Meta   PageMeta
}

// PageMeta is what a page tells the layout for the 政府网站 meta tags
// beyond the site's own: the column it belongs to and, on a document
// page, the article's title, publication time (YYYY-MM-DD HH:MM) and
// publishing organ. Handlers put it in their data as "Meta".
type PageMeta struct {
	ColumnName, ArticleTitle, PubDate, ContentSource string
}

// Can lets templates show only the links a user may follow (the server
// still checks every request).
func (p page) Can(perm string) bool { return p.User.Can(auth.Permission(perm)) }

// Render writes a page. It renders to a buffer first so a template error
// becomes a clean 500 instead of half a page.
func (s *Site) Render(w http.ResponseWriter, r *http.Request, status int, name string, data map[string]any) {
	t, ok := s.pages[name]
	if !ok {
		s.Log.Error("unknown template", "name", name, "request_id", RequestID(r.Context()))
		http.Error(w, "服务器内部错误", http.StatusInternalServerError)
		return
	}
	title, _ := data["Title"].(string)
	desc, _ := data["Description"].(string)
	if desc == "" {
		desc = s.Cfg.Description
	}
	p := page{
		Site:        s.Cfg.SiteName,
		Title:       title,
		Description: desc,
		User:        User(r),
		Elder:       Elder(r),
		Path:        r.URL.RequestURI(),
		Data:        data,
		Admin:       strings.HasPrefix(r.URL.Path, "/admin/"),
		Kiosk:       strings.HasPrefix(r.URL.Path, "/points/"),
		CSRF:        CSRF(r),
	}
	p.Meta, _ = data["Meta"].(PageMeta)
	if p.Admin {
		p.Info = &publish.SiteInfo{}
	} else {
		p.Info = s.siteInfo(r)
	}
	if u, err := url.Parse(s.Origin(r)); err == nil {
		p.Domain = u.Host
	}
	if c, err := r.Cookie(FlashCookie); err == nil {
		p.Flash = s.flash[c.Value]
		http.SetCookie(w, &http.Cookie{Name: FlashCookie, Path: "/", MaxAge: -1})
	}
	var buf bytes.Buffer
	if err := t.ExecuteTemplate(&buf, "layout", p); err != nil {
		s.Log.Error("render", "template", name, "err", err, "request_id", RequestID(r.Context()))
		http.Error(w, "服务器内部错误", http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	if p.User != nil || p.Admin {
		w.Header().Set("Cache-Control", "no-store")
	}
	w.WriteHeader(status)
	_, _ = w.Write(buf.Bytes())
}

// siteInfo is the portal's settings for the layout; a page still renders
// (without them) if they cannot be read.
func (s *Site) siteInfo(r *http.Request) *publish.SiteInfo {
	info, err := s.Store.SiteInfo(r.Context())
	if err != nil {
		s.Log.Error("site settings", "err", err, "request_id", RequestID(r.Context()))
		return &publish.SiteInfo{}
	}
	return info
}

// ZfwzzcURL is the address of 我为政府网站找错, the State Council's
// error-report service for government websites, for the site with the
// 网站标识码 code ("" : the service's front page).
func ZfwzzcURL(code string) string {
	if code == "" {
		return "https://zfwzzc.www.gov.cn/"
	}
	return "https://zfwzzc.www.gov.cn/check_web/errorInfo_querySiteInfo.action?" + url.Values{"sitecode": {code}}.Encode()
}

// Show renders the page name with data, or returns err (the block then
// shows the error instead).
func (s *Site) Show(w http.ResponseWriter, r *http.Request, name string, data map[string]any, err error) error {
	if err != nil {
		return err
	}
	s.Render(w, r, http.StatusOK, name, data)
	return nil
}

// Redirect answers a successful POST (post/redirect/get) with a flash key.
// The cookie carries only a key, so no user text is ever reflected from it.
func Redirect(w http.ResponseWriter, r *http.Request, to, flash string) error {
	if flash != "" {
		http.SetCookie(w, &http.Cookie{Name: FlashCookie, Value: flash, Path: "/", HttpOnly: true, SameSite: http.SameSiteLaxMode})
	}
	http.Redirect(w, r, to, http.StatusSeeOther)
	return nil
}

// View is the handler of a page that only shows data: load gathers it,
// the template renders it.
func (s *Site) View(name string, load func(*http.Request) (map[string]any, error)) Handler {
	return func(w http.ResponseWriter, r *http.Request) error {
		data, err := load(r)
		return s.Show(w, r, name, data, err)
	}
}
