package kit

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// Validators sets ETag and Last-Modified for a response that depends only
// on the public document set (whose latest change is stamp), the request
// URL and parts, and answers 304 when the client's copy is current.
// Pages that carry a fresh CSRF cookie are never answered 304: the cached
// copy would hold another token.
func Validators(w http.ResponseWriter, r *http.Request, stamp time.Time, parts ...string) bool {
	h := sha256.New()
	fmt.Fprintf(h, "%d\x00%s\x00%s", stamp.UnixMicro(), r.Host, r.URL.RequestURI())
	for _, p := range parts {
		h.Write([]byte{0})
		h.Write([]byte(p))
	}
	etag := `"` + hex.EncodeToString(h.Sum(nil)[:16]) + `"`
	hd := w.Header()
	hd.Set("ETag", etag)
	if !stamp.IsZero() {
		hd.Set("Last-Modified", stamp.UTC().Format(http.TimeFormat))
	}
	if token := CSRF(r); token != "" {
		if c, err := r.Cookie(CSRFCookie); err != nil || c.Value != token {
			return false
		}
	}
	fresh := false
	if inm := r.Header.Get("If-None-Match"); inm != "" {
		fresh = ETagMatches(inm, etag)
	} else if ims := r.Header.Get("If-Modified-Since"); ims != "" && !stamp.IsZero() {
		t, err := http.ParseTime(ims)
		fresh = err == nil && !stamp.Truncate(time.Second).After(t)
	}
	if fresh {
		w.WriteHeader(http.StatusNotModified)
	}
	return fresh
}

// ETagMatches implements the weak comparison of If-None-Match.
func ETagMatches(header, etag string) bool {
	for _, t := range strings.Split(header, ",") {
		t = strings.TrimSpace(t)
		if t == "*" || strings.TrimPrefix(t, "W/") == etag {
			return true
		}
	}
	return false
}

// PageValidators is Validators for an HTML page: its bytes also depend
// on the visitor's CSRF token and 长辈版 choice.
func PageValidators(w http.ResponseWriter, r *http.Request, stamp time.Time, parts ...string) bool {
	w.Header().Set("Cache-Control", "private, no-cache")
	w.Header().Add("Vary", "Cookie")
	return Validators(w, r, stamp, append(parts, CSRF(r), strconv.FormatBool(Elder(r)))...)
}
