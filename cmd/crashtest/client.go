package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"regexp"
	"strings"
	"time"

	"gongkai/internal/demo"
)

// client talks to one server as a browser (cookies, CSRF token, no
// redirects followed) or as an API client (bearer token).
type client struct {
	base  string
	http  *http.Client
	token string // bearer token, API clients
	csrf  string // the session's CSRF token, signed-in browsers
}

// answer is what a request got back. err is a transport error: no answer
// (the server is gone), so the write may or may not have happened.
type answer struct {
	status int
	header http.Header
	body   []byte
	err    error
}

func newClient(base string) *client {
	jar, _ := cookiejar.New(nil)
	return &client{base: base, http: &http.Client{
		Jar:           jar,
		Timeout:       time.Minute,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	}}
}

func (c *client) do(ctx context.Context, method, path, ctype string, body []byte, header map[string]string) answer {
	req, err := http.NewRequestWithContext(ctx, method, c.base+path, bytes.NewReader(body))
	if err != nil {
		return answer{err: err}
	}
	if ctype != "" {
		req.Header.Set("Content-Type", ctype)
	}
	if c.token != "" {
		req.Header.Set("Authorization", "Bearer "+c.token)
	}
	for k, v := range header {
		req.Header.Set(k, v)
	}
	res, err := c.http.Do(req)
	if err != nil {
		return answer{err: err}
	}
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	return answer{status: res.StatusCode, header: res.Header, body: b, err: err}
}

func (c *client) get(ctx context.Context, path string) answer {
	return c.do(ctx, http.MethodGet, path, "", nil, nil)
}

// postJSON sends v as JSON.
func (c *client) postJSON(ctx context.Context, path string, v any, header map[string]string) answer {
	b, err := json.Marshal(v)
	if err != nil {
		return answer{err: err}
	}
	return c.do(ctx, http.MethodPost, path, "application/json", b, header)
}

// postForm submits a back-office form with the session's CSRF token.
func (c *client) postForm(ctx context.Context, path string, form url.Values) answer {
	form.Set("csrf", c.csrf)
	return c.do(ctx, http.MethodPost, path, "application/x-www-form-urlencoded", []byte(form.Encode()), nil)
}

var csrfRE = regexp.MustCompile(`name="csrf" value="([^"]+)"`)

// login signs a demo account in through the login form and keeps the
// session's CSRF token from the dashboard.
func (c *client) login(ctx context.Context, username string) error {
	a := c.get(ctx, "/admin/login")
	m := csrfRE.FindSubmatch(a.body)
	if a.err != nil || m == nil {
		return fmt.Errorf("GET /admin/login: %d %v", a.status, a.err)
	}
	c.csrf = string(m[1])
	a = c.postForm(ctx, "/admin/login", url.Values{"username": {username}, "password": {demo.Password}})
	if a.err != nil || a.status != http.StatusSeeOther {
		return fmt.Errorf("login %s: %d %v", username, a.status, a.err)
	}
	a = c.get(ctx, "/admin/")
	if m = csrfRE.FindSubmatch(a.body); a.err != nil || a.status != http.StatusOK || m == nil {
		return fmt.Errorf("GET /admin/ as %s: %d %v", username, a.status, a.err)
	}
	c.csrf = string(m[1])
	return nil
}

// flash is the flash message a redirect set ("" for none).
func (a answer) flash() string {
	for _, sc := range a.header.Values("Set-Cookie") {
		if name, rest, ok := strings.Cut(sc, "="); ok && name == "gk_flash" {
			v, _, _ := strings.Cut(rest, ";")
			return v
		}
	}
	return ""
}

// short is an answer for a report line.
func (a answer) short() string {
	if a.err != nil {
		return a.err.Error()
	}
	b := bytes.TrimSpace(a.body)
	if len(b) > 200 {
		b = b[:200]
	}
	return fmt.Sprintf("%d %s", a.status, b)
}
