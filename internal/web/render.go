package web

import (
	"bytes"
	"html/template"
	"io/fs"
	"net/http"
	"path"
	"strings"
	"time"

	"gongkai/internal/auth"
	"gongkai/internal/calendar"
)

// page is what every template receives: the layout's needs plus the
// handler's own data under .Data.
type page struct {
	Site  string
	Title string
	User  *auth.User
	CSRF  string
	Elder bool
	Path  string
	Flash string
	Data  map[string]any
	// Admin marks back-office pages, which get the back-office navigation.
	Admin bool
}

// Can lets templates show only the links a user may follow (the server
// still checks every request).
func (p page) Can(perm string) bool { return p.User.Can(auth.Permission(perm)) }

var funcs = template.FuncMap{
	"datetime": func(t time.Time) string {
		if t.IsZero() {
			return ""
		}
		return t.In(calendar.Zone).Format("2006-01-02 15:04:05")
	},
	"roleLabel": func(r auth.Role) string { return r.Label() },
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

// parsePages parses each page template together with the shared layout.
func parsePages() (map[string]*template.Template, error) {
	files, err := fs.Glob(assets, "templates/*.html")
	if err != nil {
		return nil, err
	}
	pages := map[string]*template.Template{}
	for _, f := range files {
		name := strings.TrimSuffix(path.Base(f), ".html")
		if name == "layout" || name == "forms" || strings.HasSuffix(name, "_partials") {
			continue
		}
		t, err := template.New(name).Funcs(funcs).ParseFS(assets, "templates/layout.html", "templates/forms.html", "templates/*_partials.html", f)
		if err != nil {
			return nil, err
		}
		pages[name] = t
	}
	return pages, nil
}

// PageNames lists the page templates (for the test that renders them all).
func (s *Server) PageNames() []string {
	names := make([]string, 0, len(s.pages))
	for n := range s.pages {
		names = append(names, n)
	}
	return names
}

// render writes a page. It renders to a buffer first so a template error
// becomes a clean 500 instead of half a page.
func (s *Server) render(w http.ResponseWriter, r *http.Request, status int, name string, data map[string]any) {
	t, ok := s.pages[name]
	if !ok {
		s.log.Error("unknown template", "name", name, "request_id", requestID(r.Context()))
		http.Error(w, "服务器内部错误", http.StatusInternalServerError)
		return
	}
	title, _ := data["Title"].(string)
	p := page{
		Site:  s.cfg.SiteName,
		Title: title,
		User:  currentUser(r),
		Elder: elderMode(r),
		Path:  r.URL.RequestURI(),
		Data:  data,
		Admin: strings.HasPrefix(r.URL.Path, "/admin/"),
	}
	p.CSRF, _ = r.Context().Value(keyCSRF).(string)
	if c, err := r.Cookie("gk_flash"); err == nil {
		p.Flash = flashText[c.Value]
		http.SetCookie(w, &http.Cookie{Name: "gk_flash", Path: "/", MaxAge: -1})
	}
	var buf bytes.Buffer
	if err := t.ExecuteTemplate(&buf, "layout", p); err != nil {
		s.log.Error("render", "template", name, "err", err, "request_id", requestID(r.Context()))
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

// flashText holds the one-line confirmations shown after a redirect. The
// cookie carries only a key, so no user text is ever reflected from it.
var flashText = map[string]string{
	"saved":     "已保存。",
	"created":   "已创建。",
	"unlocked":  "账户已解锁。",
	"password":  "密码已更新。",
	"roles":     "角色已更新，该用户需重新登录后生效。",
	"deleted":   "已删除。",
	"loggedout": "您已安全退出。",
}

// redirect answers a successful POST (post/redirect/get) with a flash key.
func redirect(w http.ResponseWriter, r *http.Request, to, flash string) error {
	if flash != "" {
		http.SetCookie(w, &http.Cookie{Name: "gk_flash", Value: flash, Path: "/", HttpOnly: true, SameSite: http.SameSiteLaxMode})
	}
	http.Redirect(w, r, to, http.StatusSeeOther)
	return nil
}

func elderMode(r *http.Request) bool {
	c, err := r.Cookie(elderCookie)
	return err == nil && c.Value == "1"
}

// view is the handler of a page that only shows data: load gathers it,
// the template renders it.
func (s *Server) view(name string, load func(*http.Request) (map[string]any, error)) handler {
	return func(w http.ResponseWriter, r *http.Request) error {
		data, err := load(r)
		if err != nil {
			return err
		}
		s.render(w, r, http.StatusOK, name, data)
		return nil
	}
}
