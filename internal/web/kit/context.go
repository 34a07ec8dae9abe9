package kit

import (
	"context"
	"net"
	"net/http"
	"net/netip"
	"net/url"
	"strings"
	"unicode"
	"unicode/utf8"

	"gongkai/internal/auth"
	"gongkai/internal/errs"
)

type ctxKey int

const (
	keyRequestID ctxKey = iota
	keyUser
	keySession
	keyCSRF
	keyClient
)

// Cookie and field names shared by the middleware and the pages.
const (
	SessionCookie = "gk_session"
	CSRFCookie    = "gk_csrf"
	ElderCookie   = "gk_elder"
	FlashCookie   = "gk_flash"
	CSRFField     = "csrf"
	CSRFHeader    = "X-CSRF-Token"
)

// WithRequestID returns ctx carrying the request id.
func WithRequestID(ctx context.Context, id string) context.Context {
	return context.WithValue(ctx, keyRequestID, id)
}

// RequestID returns the id of the request ctx belongs to.
func RequestID(ctx context.Context) string {
	id, _ := ctx.Value(keyRequestID).(string)
	return id
}

// WithUser returns r carrying the signed-in user and, for browser
// sessions, the session (nil for a bearer token).
func WithUser(r *http.Request, u *auth.User, sess *auth.Session) *http.Request {
	ctx := context.WithValue(r.Context(), keyUser, u)
	if sess != nil {
		ctx = context.WithValue(ctx, keySession, sess)
	}
	return r.WithContext(ctx)
}

// WithCSRF returns r carrying the CSRF token its forms must send back.
func WithCSRF(r *http.Request, token string) *http.Request {
	return r.WithContext(context.WithValue(r.Context(), keyCSRF, token))
}

// User returns the signed-in user, or nil.
func User(r *http.Request) *auth.User {
	u, _ := r.Context().Value(keyUser).(*auth.User)
	return u
}

// Session returns the browser session, or nil.
func Session(r *http.Request) *auth.Session {
	s, _ := r.Context().Value(keySession).(*auth.Session)
	return s
}

// CSRF returns the request's CSRF token, or "".
func CSRF(r *http.Request) string {
	t, _ := r.Context().Value(keyCSRF).(string)
	return t
}

// Actor names the user behind a request in the audit trail.
func Actor(r *http.Request) string {
	if u := User(r); u != nil {
		return u.Username
	}
	return "anonymous"
}

// ClientAddr is the address of the visitor behind a request: the one the
// server resolved (WithClient, from a trusted proxy's X-Forwarded-For), or
// else the connection's remote address.
func ClientAddr(r *http.Request) string {
	if a, ok := r.Context().Value(keyClient).(string); ok && a != "" {
		return a
	}
	if host, _, err := net.SplitHostPort(r.RemoteAddr); err == nil {
		return host
	}
	return r.RemoteAddr
}

// WithClient returns r carrying the visitor's address. Behind the
// configured proxies (trusted) it is the right-most X-Forwarded-For entry
// that is not itself a trusted proxy; a header from anyone else is
// ignored, so a visitor cannot choose its own rate-limit budget.
func WithClient(r *http.Request, trusted []netip.Prefix) *http.Request {
	if len(trusted) == 0 {
		return r
	}
	isTrusted := func(s string) bool {
		a, err := netip.ParseAddr(strings.TrimSpace(s))
		if err != nil {
			return false
		}
		for _, p := range trusted {
			if p.Contains(a.Unmap()) {
				return true
			}
		}
		return false
	}
	client := ClientAddr(r)
	if !isTrusted(client) {
		return r
	}
	hops := strings.Split(strings.Join(r.Header.Values("X-Forwarded-For"), ","), ",")
	for i := len(hops) - 1; i >= 0; i-- {
		hop := strings.TrimSpace(hops[i])
		if _, err := netip.ParseAddr(hop); err != nil {
			break // a malformed entry: trust nothing to its left
		}
		client = hop
		if !isTrusted(hop) {
			break
		}
	}
	return r.WithContext(context.WithValue(r.Context(), keyClient, client))
}

// ParseProxies reads a comma-separated list of addresses and CIDR
// prefixes of trusted reverse proxies.
func ParseProxies(list string) ([]netip.Prefix, error) {
	var out []netip.Prefix
	for _, f := range strings.Split(list, ",") {
		f = strings.TrimSpace(f)
		if f == "" {
			continue
		}
		if !strings.Contains(f, "/") {
			a, err := netip.ParseAddr(f)
			if err != nil {
				return nil, err
			}
			out = append(out, netip.PrefixFrom(a.Unmap(), a.Unmap().BitLen()))
			continue
		}
		p, err := netip.ParsePrefix(f)
		if err != nil {
			return nil, err
		}
		out = append(out, p.Masked())
	}
	return out, nil
}

// Elder reports whether the visitor chose the 长辈版 (elderly-friendly) mode.
func Elder(r *http.Request) bool {
	c, err := r.Cookie(ElderCookie)
	return err == nil && c.Value == "1"
}

// LocalPath keeps a redirect target on this site (no open redirect): a
// path starting with a single "/", parsed by net/url with no scheme and no
// host, and — raw or percent-decoded — without backslashes, whitespace or
// control characters, which browsers strip or read as slashes ("/\t/evil"
// and "/\\evil" are other hosts to them). Anything else becomes "/".
func LocalPath(p string) string {
	if !strings.HasPrefix(p, "/") || strings.HasPrefix(p, "//") || !safeTarget(p) {
		return "/"
	}
	u, err := url.Parse(p)
	if err != nil || u.Scheme != "" || u.Host != "" || u.User != nil || u.Opaque != "" {
		return "/"
	}
	dec, err := url.PathUnescape(u.EscapedPath())
	if err != nil || strings.HasPrefix(dec, "//") || !safeTarget(dec) {
		return "/"
	}
	return p
}

// safeTarget reports whether s has no backslash, whitespace, control or
// invalid UTF-8 character.
func safeTarget(s string) bool {
	if !utf8.ValidString(s) {
		return false
	}
	for _, r := range s {
		if r == '\\' || unicode.IsSpace(r) || unicode.IsControl(r) || unicode.In(r, unicode.Zl, unicode.Zp, unicode.Cf) {
			return false
		}
	}
	return true
}

// SetSessionCookie gives the browser its session token.
func (s *Site) SetSessionCookie(w http.ResponseWriter, token string) {
	http.SetCookie(w, &http.Cookie{Name: SessionCookie, Value: token, Path: "/", HttpOnly: true,
		Secure: s.Cfg.SecureCookie, SameSite: http.SameSiteLaxMode})
}

// ClearSessionCookie removes the session cookie.
func (s *Site) ClearSessionCookie(w http.ResponseWriter) {
	http.SetCookie(w, &http.Cookie{Name: SessionCookie, Value: "", Path: "/", MaxAge: -1, HttpOnly: true,
		Secure: s.Cfg.SecureCookie, SameSite: http.SameSiteLaxMode})
}

// BearerUser resolves an "Authorization: Bearer" token; no header is
// (nil, nil), a malformed or unknown token an error.
func (s *Site) BearerUser(r *http.Request) (*auth.User, error) {
	h := r.Header.Get("Authorization")
	if h == "" {
		return nil, nil
	}
	token, ok := strings.CutPrefix(h, "Bearer ")
	if !ok {
		return nil, errs.New(errs.Unauthenticated, "web.bearerUser", "bad_token", "Authorization 头应为“Bearer 令牌”。")
	}
	return s.Auth.AuthenticateToken(r.Context(), strings.TrimSpace(token))
}
