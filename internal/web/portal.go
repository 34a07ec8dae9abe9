package web

import (
	"io/fs"
	"net/http"
	"strconv"
	"strings"

	"gongkai/internal/calendar"
	"gongkai/internal/errs"
)

func (s *Server) home(w http.ResponseWriter, r *http.Request) error {
	cal, err := s.store.Calendar(r.Context())
	if err != nil {
		return err
	}
	today := calendar.Today(s.now())
	next, _ := cal.AddWorkdays(today, 20)
	latest, err := s.homeColumns(r.Context())
	if err != nil {
		return err
	}
	s.render(w, r, http.StatusOK, "home", map[string]any{
		"Today":        today,
		"TodayWorkday": cal.IsWorkday(today),
		"Plus20":       next,
		"Latest":       latest,
	})
	return nil
}

const maxWorkdays = 3650

// parseDateParam and parseWorkdays are shared by the calculator page and the
// API, so both accept and reject the same inputs with the same messages.
func parseDateParam(name, v string) (calendar.Date, error) {
	d, err := calendar.ParseDate(strings.TrimSpace(v))
	if err != nil {
		return d, errs.Newf(errs.Invalid, "web.parseDateParam", "invalid_date", "“%s”不是有效日期：应为 YYYY-MM-DD 格式，且在 1901 至 2099 年之间，例如 2024-09-27。", name)
	}
	return d, nil
}

func parseWorkdays(v string) (int, error) {
	n, err := strconv.Atoi(strings.TrimSpace(v))
	if err != nil || n < -maxWorkdays || n > maxWorkdays {
		return 0, errs.Newf(errs.Invalid, "web.parseWorkdays", "invalid_workdays", "工作日数应为 -%d 到 %d 之间的整数。", maxWorkdays, maxWorkdays)
	}
	return n, nil
}

// workdaysPage is the public calculator: the N-th working day after a date,
// by the law's convention that the starting day is not counted.
func (s *Server) workdaysPage(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	data := map[string]any{"Title": "工作日计算", "From": q.Get("from"), "N": q.Get("n")}
	if q.Get("from") != "" || q.Get("n") != "" {
		from, err := parseDateParam("起算日期", q.Get("from"))
		if err == nil {
			var n int
			if n, err = parseWorkdays(q.Get("n")); err == nil {
				cal, cerr := s.store.Calendar(r.Context())
				if cerr != nil {
					return cerr
				}
				due, provisional := cal.AddWorkdays(from, n)
				data["Result"] = map[string]any{"From": from, "N": n, "Due": due, "Provisional": provisional}
			}
		}
		if err != nil {
			_, data["Error"] = errs.Public(err)
			s.render(w, r, http.StatusBadRequest, "workdays", data)
			return nil
		}
	}
	s.render(w, r, http.StatusOK, "workdays", data)
	return nil
}

// toggleElder switches the 长辈版 (larger type, high contrast) and returns
// to the page the visitor came from. The choice lives in a cookie for a year.
func (s *Server) toggleElder(w http.ResponseWriter, r *http.Request) error {
	on := r.PostFormValue("on") == "1"
	c := &http.Cookie{Name: elderCookie, Value: "1", Path: "/", MaxAge: 365 * 24 * 3600, HttpOnly: true,
		Secure: s.cfg.SecureCookie, SameSite: http.SameSiteLaxMode}
	if !on {
		c.Value, c.MaxAge = "", -1
	}
	http.SetCookie(w, c)
	return redirect(w, r, localPath(r.PostFormValue("back")), "")
}

// localPath keeps a redirect target on this site (no open redirect).
func localPath(p string) string {
	if !strings.HasPrefix(p, "/") || strings.HasPrefix(p, "//") || strings.HasPrefix(p, "/\\") || strings.ContainsAny(p, "\r\n") {
		return "/"
	}
	return p
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
	if err := s.store.Ping(r.Context()); err != nil {
		s.log.Warn("not ready", "err", err.Error(), "request_id", requestID(r.Context()))
		http.Error(w, "store unavailable", http.StatusServiceUnavailable)
		return nil
	}
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	_, _ = w.Write([]byte("ready\n"))
	return nil
}
