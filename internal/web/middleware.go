package web

import (
	"crypto/rand"
	"crypto/subtle"
	"encoding/hex"
	"errors"
	"log/slog"
	"net/http"
	"runtime/debug"
	"slices"
	"strings"
	"time"

	"gongkai/internal/auth"
	"gongkai/internal/errs"
	"gongkai/internal/publish"
	"gongkai/internal/web/kit"
)

// statusWriter remembers the status for the access log.
type statusWriter struct {
	http.ResponseWriter
	status int
	wrote  bool
}

func (w *statusWriter) WriteHeader(code int) {
	if !w.wrote {
		w.status, w.wrote = code, true
	}
	w.ResponseWriter.WriteHeader(code)
}

func (w *statusWriter) Write(b []byte) (int, error) {
	if !w.wrote {
		w.status, w.wrote = http.StatusOK, true
	}
	return w.ResponseWriter.Write(b)
}

// common is the middleware every response gets: a request id, security
// headers, panic recovery and one access-log line. The log line has the
// method, the path without its query (queries may carry personal data),
// the status and the duration — never a body, a cookie or a form value.
func (s *Server) common(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		id := newRequestID()
		ctx := kit.WithRequestID(r.Context(), id)
		r = kit.WithClient(r.WithContext(ctx), s.site.Cfg.TrustedProxies)
		h := w.Header()
		h.Set("X-Request-Id", id)
		h.Set("Content-Security-Policy", "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'")
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("Referrer-Policy", "strict-origin-when-cross-origin")
		h.Set("X-Frame-Options", "DENY")
		h.Set("Cross-Origin-Opener-Policy", "same-origin")
		h.Set("Permissions-Policy", "camera=(), microphone=(), geolocation=(), payment=(), usb=(), interest-cohort=()")
		if s.site.Cfg.SecureCookie {
			h.Set("Strict-Transport-Security", "max-age=31536000")
		}
		sw := &statusWriter{ResponseWriter: w}
		defer func() {
			if v := recover(); v != nil {
				s.site.Log.Error("panic", "request_id", id, "panic", v, "stack", string(debug.Stack()))
				if !sw.wrote {
					s.fail(sw, r, blockOf(r.URL.Path), errs.New(errs.Internal, "web.recover", "internal", ""))
				}
			}
			s.site.Log.LogAttrs(ctx, slog.LevelInfo, "request",
				slog.String("request_id", id), slog.String("method", r.Method), slog.String("path", r.URL.Path),
				slog.Int("status", sw.status), slog.Duration("duration", time.Since(start)))
		}()
		next.ServeHTTP(sw, r)
	})
}

func newRequestID() string {
	b := make([]byte, 8)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}

// blockOf guesses the block from a path, for errors raised before routing.
func blockOf(path string) block {
	switch {
	case strings.HasPrefix(path, "/api/"):
		return apiPublic
	case strings.HasPrefix(path, "/admin/"):
		return admin
	}
	return portal
}

// chain builds the handler of one route with its block's middleware.
func (s *Server) chain(rt route) http.Handler {
	h := rt.h
	if params, ok := cacheable(rt.pattern); ok {
		h = s.cached(h, params)
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		err := kit.CheckURL(r)
		switch {
		case err != nil:
		case rt.block == portalForm || rt.block == adminPublic:
			limit := bodyLimit(rt)
			if limit > maxForm && r.Method == http.MethodPost {
				// Large public bodies (an ID scan) are read a few at a time,
				// so a flood of them cannot fill the memory; the area's
				// rate limit then counts each client's submissions.
				select {
				case s.uploads <- struct{}{}:
					defer func() { <-s.uploads }()
				default:
					err = errBusy
				}
			}
			if err == nil {
				r, err = s.withCookieCSRF(w, r, limit)
			}
		case rt.block == admin:
			r, err = s.withSession(w, r)
		case rt.block == api:
			r, err = s.withAPIAuth(r)
		}
		if err == nil {
			err = s.checkPermission(r, rt)
		}
		if err == nil {
			err = h(w, r)
		}
		if err != nil {
			s.fail(w, r, rt.block, err)
		}
	})
}

func (s *Server) checkPermission(r *http.Request, rt route) error {
	if len(rt.anyOf) == 0 {
		return nil
	}
	u := kit.User(r)
	if slices.ContainsFunc(rt.anyOf, u.Can) {
		return nil
	}
	return errs.New(errs.Forbidden, "web.checkPermission", "forbidden", "您的角色没有执行此操作的权限。")
}

var errBusy = errs.New(errs.Unavailable, "web.uploads", "busy", "当前提交的人数较多，请稍后再试。")

var errCSRF = errs.New(errs.Forbidden, "web.csrf", "csrf_failed", "表单已失效或来源不明（CSRF 校验失败），请返回刷新页面后重试。")

// withCookieCSRF gives anonymous visitors a CSRF token bound to a cookie
// (double submit), and checks it on POST.
func (s *Server) withCookieCSRF(w http.ResponseWriter, r *http.Request, limit int64) (*http.Request, error) {
	token, fresh := "", false
	if c, err := r.Cookie(kit.CSRFCookie); err == nil && len(c.Value) >= 32 {
		token = c.Value
	} else {
		fresh = true
		token = auth.NewSecret()
		http.SetCookie(w, &http.Cookie{Name: kit.CSRFCookie, Value: token, Path: "/", HttpOnly: true,
			Secure: s.site.Cfg.SecureCookie, SameSite: http.SameSiteStrictMode})
	}
	r = kit.WithCSRF(r, token)
	// The page carries a token bound to this visitor's cookie: no cache
	// may keep it for another.
	w.Header().Set("Cache-Control", "no-store")
	if r.Method != http.MethodPost {
		return r, nil
	}
	// A post without the cookie-bound token cannot come from our form (a
	// browser that loaded it has the cookie; SameSite=Strict keeps it off
	// cross-site posts): refuse it before reading a byte of its body.
	if fresh {
		return r, errCSRF
	}
	if err := parseForm(w, r, limit); err != nil {
		return r, err
	}
	got := r.PostFormValue(kit.CSRFField)
	if sameToken(got, token) {
		return r, nil
	}
	// Back-office pages carry the session's token in the shared header
	// forms (the 长辈版 switch), so a signed-in user's token is good here too.
	if c, err := r.Cookie(kit.SessionCookie); err == nil {
		if sess, _, err := s.site.Auth.Authenticate(r.Context(), c.Value); err == nil && sameToken(got, sess.CSRF) {
			return r, nil
		}
	}
	return r, errCSRF
}

// withSession requires a valid session; POSTs must carry its CSRF token.
func (s *Server) withSession(w http.ResponseWriter, r *http.Request) (*http.Request, error) {
	c, _ := r.Cookie(kit.SessionCookie)
	token := ""
	if c != nil {
		token = c.Value
	}
	sess, u, err := s.site.Auth.Authenticate(r.Context(), token)
	if err != nil {
		if c != nil {
			s.site.ClearSessionCookie(w)
		}
		return r, err
	}
	r = kit.WithCSRF(kit.WithUser(r, u, sess), sess.CSRF)
	if r.Method == http.MethodPost {
		if err := parseForm(w, r, maxUpload); err != nil {
			return r, err
		}
		if !sameToken(r.PostFormValue(kit.CSRFField), sess.CSRF) {
			return r, errCSRF
		}
	}
	return r, nil
}

// Body limits: back-office forms may carry one attachment of
// publish.MaxAttachment; public forms are small, except those whose route
// is named by publicUpload.
const (
	maxUploads = 4 // large public bodies read at the same time
	maxForm    = 1 << 20
	maxUpload  = publish.MaxAttachment + 1<<20
)

// bodyLimit is the largest POST body the route's form may have.
func bodyLimit(rt route) int64 {
	if n, ok := publicUpload(rt.pattern); ok {
		return n
	}
	return maxForm
}

// parseForm reads a POST body once, within limit, before the CSRF check
// looks at it, so an oversized or malformed body is refused before any
// handler runs (413 or 400) instead of being spooled to disk.
func parseForm(w http.ResponseWriter, r *http.Request, limit int64) error {
	r.Body = http.MaxBytesReader(w, r.Body, limit)
	var err error
	if strings.HasPrefix(r.Header.Get("Content-Type"), "multipart/form-data") {
		// Held in memory up to the limit: an applicant's ID scan must never
		// be spooled to a temporary file in clear.
		err = r.ParseMultipartForm(limit)
	} else {
		err = r.ParseForm()
	}
	var tooBig *http.MaxBytesError
	switch {
	case errors.As(err, &tooBig):
		return err
	case err != nil:
		return errs.New(errs.Invalid, "web.parseForm", "bad_form", "表单内容有误，请返回重新提交。")
	}
	return kit.CheckForm(r)
}

// withAPIAuth accepts a bearer token, or a browser session whose
// state-changing requests carry the X-CSRF-Token header.
func (s *Server) withAPIAuth(r *http.Request) (*http.Request, error) {
	if u, err := s.site.BearerUser(r); err != nil || u != nil {
		if err != nil {
			return r, err
		}
		return kit.WithUser(r, u, nil), nil
	}
	c, err := r.Cookie(kit.SessionCookie)
	if err != nil {
		return r, errs.New(errs.Unauthenticated, "web.withAPIAuth", "unauthenticated", "需要登录或提供 API 令牌。")
	}
	sess, u, err := s.site.Auth.Authenticate(r.Context(), c.Value)
	if err != nil {
		return r, err
	}
	safe := r.Method == http.MethodGet || r.Method == http.MethodHead
	if !safe && !sameToken(r.Header.Get(kit.CSRFHeader), sess.CSRF) {
		return r, errCSRF
	}
	return kit.WithUser(r, u, sess), nil
}

func sameToken(got, want string) bool {
	return got != "" && subtle.ConstantTimeCompare([]byte(got), []byte(want)) == 1
}
