// Package linkcheck crawls a running website over HTTP, as a visitor would,
// and checks every link it finds: the pages of the site itself (followed
// from the home page), and the images, attachments, scripts, style sheets
// and external links those pages point to.
//
// Each link is classed ok, caution or broken. Broken means a visitor gets
// nothing: a 4xx or 5xx answer, a name that does not resolve, a refused
// connection, no answer within the timeout, a redirect loop or too many
// redirects. Caution means the link may work but needs a person's eye: it
// redirects to another host, it answers 401/403/429 (a site that blocks
// automatic checks must not be reported as a broken link), or it answered
// slowly. The crawl is polite: requests to one host are limited in number
// and spaced by a delay.
//
// The result does not depend on timing or scheduling: pages are crawled
// level by level from the home page in sorted order, and problems are
// sorted by URL.
package linkcheck

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"os"
	"slices"
	"strings"
	"sync"
	"time"

	"gongkai/internal/report"
)

// Class is the verdict on one link.
type Class string

// The classes.
const (
	OK      Class = "ok"
	Caution Class = "caution"
	Broken  Class = "broken"
)

// Options tune a crawl. Zero fields take the defaults.
type Options struct {
	Timeout      time.Duration // per request; default 15 s (秘函〔2019〕19号's 15 s)
	Slow         time.Duration // an answer slower than this is caution; default 5 s
	MaxRedirects int           // default 8
	MaxPages     int           // pages of the site parsed for links; default 500
	PerHost      int           // requests in flight to one host; default 2
	Delay        time.Duration // between the starts of two requests to one host; default 100 ms
	Workers      int           // requests in flight in all; default 8
	UserAgent    string        // default "gongkai-linkcheck/1"
	// Transport sends the requests; nil is http.DefaultTransport's clone.
	Transport http.RoundTripper
}

func (o Options) withDefaults() Options {
	if o.Timeout <= 0 {
		o.Timeout = 15 * time.Second
	}
	if o.Slow <= 0 {
		o.Slow = 5 * time.Second
	}
	if o.MaxRedirects <= 0 {
		o.MaxRedirects = 8
	}
	if o.MaxPages <= 0 {
		o.MaxPages = 500
	}
	if o.PerHost <= 0 {
		o.PerHost = 2
	}
	if o.Delay < 0 {
		o.Delay = 0
	} else if o.Delay == 0 {
		o.Delay = 100 * time.Millisecond
	}
	if o.Workers <= 0 {
		o.Workers = 8
	}
	if o.UserAgent == "" {
		o.UserAgent = "gongkai-linkcheck/1"
	}
	if o.Transport == nil {
		o.Transport = http.DefaultTransport.(*http.Transport).Clone()
	}
	return o
}

// NoDelay as Options.Delay turns the per-host delay off (a zero Delay is the default).
const NoDelay = -1

// Problem is one link that is not ok.
type Problem struct {
	URL     string   `json:"url"`
	Class   Class    `json:"class"`
	Reason  string   `json:"reason"`           // Chinese, for the report
	Status  int      `json:"status,omitempty"` // the last HTTP status, if any
	Final   string   `json:"final,omitempty"`  // where redirects ended, if elsewhere
	FoundOn []string `json:"found_on"`         // the pages that link to it, sorted
	OnHome  bool     `json:"on_home"`          // linked from (or is) the home page
}

// Result is a finished crawl.
type Result struct {
	Home      string    `json:"home"`
	Pages     int       `json:"pages"`     // pages parsed for links
	Links     int       `json:"links"`     // distinct URLs checked, pages included
	Truncated bool      `json:"truncated"` // the page limit stopped the crawl
	Problems  []Problem `json:"problems"`  // sorted by URL
}

// Count returns how many problems have class c, and how many of those are on the home page.
func (r *Result) Count(c Class) (all, home int) {
	for _, p := range r.Problems {
		if p.Class == c {
			all++
			if p.OnHome {
				home++
			}
		}
	}
	return all, home
}

// outcome is what checking one URL found.
type outcome struct {
	class  Class
	reason string
	status int
	final  *url.URL
	body   []byte // the page's HTML when asked for and same-origin HTML
}

type checker struct {
	opt    Options
	client *http.Client
	origin *url.URL
	all    chan struct{}

	mu    sync.Mutex
	hosts map[string]*hostGate
	done  map[string]outcome // by URL
	found map[string]map[string]bool
	parse map[string]bool // final URLs already parsed
}

type hostGate struct {
	sem  chan struct{}
	mu   sync.Mutex
	next time.Time
}

// Check crawls the site at home and checks every link found.
func Check(ctx context.Context, home string, opt Options) (*Result, error) {
	opt = opt.withDefaults()
	u, err := url.Parse(home)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return nil, fmt.Errorf("linkcheck: 首页地址 %q 无效，应为 http:// 或 https:// 开头的完整地址", home)
	}
	u.Fragment = ""
	if u.Path == "" {
		u.Path = "/"
	}
	c := &checker{
		opt: opt,
		client: &http.Client{Transport: opt.Transport, CheckRedirect: func(*http.Request, []*http.Request) error {
			return http.ErrUseLastResponse
		}},
		origin: u,
		all:    make(chan struct{}, opt.Workers),
		hosts:  map[string]*hostGate{},
		done:   map[string]outcome{},
		found:  map[string]map[string]bool{},
		parse:  map[string]bool{},
	}
	res := &Result{Home: u.String()}
	level := []string{u.String()}
	seen := map[string]bool{u.String(): true}
	for len(level) > 0 && ctx.Err() == nil {
		type found struct {
			page  string
			links []link
		}
		results := make([]found, len(level))
		var wg sync.WaitGroup
		for i, p := range level {
			wg.Go(func() {
				out := c.check(ctx, p, true)
				c.record(p, out)
				if out.body != nil {
					results[i] = found{page: out.final.String(), links: extract(out.final, out.body)}
				}
			})
		}
		wg.Wait()
		// Decide, in sorted order, what the next level crawls and what is only checked.
		pageLink := map[string]bool{}
		var fresh []string
		for _, f := range results {
			if f.page == "" {
				continue
			}
			res.Pages++
			for _, l := range f.links {
				c.mu.Lock()
				if c.found[l.url] == nil {
					c.found[l.url] = map[string]bool{}
				}
				c.found[l.url][f.page] = true
				c.mu.Unlock()
				if l.page && c.sameOrigin(l.url) {
					pageLink[l.url] = true
				}
				if !seen[l.url] {
					seen[l.url] = true
					fresh = append(fresh, l.url)
				}
			}
		}
		slices.Sort(fresh)
		level = nil
		var only []string
		for _, l := range fresh {
			if pageLink[l] && res.Pages+len(level) < opt.MaxPages {
				level = append(level, l)
				continue
			}
			if pageLink[l] {
				res.Truncated = true
			}
			only = append(only, l)
		}
		for _, l := range only {
			wg.Go(func() { c.record(l, c.check(ctx, l, false)) })
		}
		wg.Wait()
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	res.Links = len(c.done)
	for l, out := range c.done {
		if out.class == OK {
			continue
		}
		p := Problem{URL: l, Class: out.class, Reason: out.reason, Status: out.status, FoundOn: []string{}}
		if out.final != nil && out.final.String() != l {
			p.Final = out.final.String()
		}
		for page := range c.found[l] {
			p.FoundOn = append(p.FoundOn, page)
		}
		slices.Sort(p.FoundOn)
		p.OnHome = l == res.Home || slices.Contains(p.FoundOn, res.Home)
		res.Problems = append(res.Problems, p)
	}
	slices.SortFunc(res.Problems, func(a, b Problem) int { return strings.Compare(a.URL, b.URL) })
	return res, nil
}

func (c *checker) record(l string, out outcome) {
	c.mu.Lock()
	defer c.mu.Unlock()
	out.body = nil
	c.done[l] = out
}

func (c *checker) sameOrigin(raw string) bool {
	u, err := url.Parse(raw)
	return err == nil && u.Scheme == c.origin.Scheme && u.Host == c.origin.Host
}

// gate waits for a turn at host and returns the function that ends it.
func (c *checker) gate(ctx context.Context, host string) (func(), error) {
	c.mu.Lock()
	g := c.hosts[host]
	if g == nil {
		g = &hostGate{sem: make(chan struct{}, c.opt.PerHost)}
		c.hosts[host] = g
	}
	c.mu.Unlock()
	select {
	case c.all <- struct{}{}:
	case <-ctx.Done():
		return nil, ctx.Err()
	}
	select {
	case g.sem <- struct{}{}:
	case <-ctx.Done():
		<-c.all
		return nil, ctx.Err()
	}
	g.mu.Lock()
	now := time.Now()
	start := now
	if g.next.After(now) {
		start = g.next
	}
	g.next = start.Add(c.opt.Delay)
	g.mu.Unlock()
	if wait := time.Until(start); wait > 0 {
		t := time.NewTimer(wait)
		select {
		case <-t.C:
		case <-ctx.Done():
			t.Stop()
			<-g.sem
			<-c.all
			return nil, ctx.Err()
		}
	}
	return func() { <-g.sem; <-c.all }, nil
}

// maxPage bounds the HTML read from one page.
const maxPage = 8 << 20

// check follows raw through its redirects and classes the answer. With
// page set it asks with GET and keeps the body of a same-origin HTML page;
// otherwise it asks with HEAD and falls back to GET where HEAD is refused.
func (c *checker) check(ctx context.Context, raw string, page bool) outcome {
	cur, err := url.Parse(raw)
	if err != nil {
		return outcome{class: Broken, reason: "链接地址无效"}
	}
	visited := map[string]bool{raw: true}
	var elapsed time.Duration
	for hops := 0; ; hops++ {
		method := http.MethodHead
		if page {
			method = http.MethodGet
		}
		resp, took, err := c.do(ctx, method, cur)
		if err == nil && method == http.MethodHead && (resp.StatusCode == http.StatusMethodNotAllowed || resp.StatusCode == http.StatusForbidden || resp.StatusCode == http.StatusNotImplemented) {
			resp.Body.Close()
			elapsed += took
			resp, took, err = c.do(ctx, http.MethodGet, cur)
		}
		elapsed += took
		if err != nil {
			return outcome{class: Broken, reason: c.reasonOf(err), final: cur}
		}
		st := resp.StatusCode
		if st >= 300 && st < 400 && st != http.StatusNotModified {
			resp.Body.Close()
			loc := resp.Header.Get("Location")
			next, perr := cur.Parse(loc)
			if loc == "" || perr != nil {
				return outcome{class: Broken, status: st, final: cur, reason: fmt.Sprintf("重定向（%d）缺少有效的目标地址", st)}
			}
			next.Fragment = ""
			if visited[next.String()] {
				return outcome{class: Broken, status: st, final: next, reason: "重定向循环"}
			}
			if hops+1 > c.opt.MaxRedirects {
				return outcome{class: Broken, status: st, final: next, reason: fmt.Sprintf("重定向超过 %d 次", c.opt.MaxRedirects)}
			}
			visited[next.String()] = true
			cur = next
			continue
		}
		out := classify(st)
		out.final = cur
		if out.class == OK && cur.Host != c.hostOf(raw) {
			out = outcome{class: Caution, status: st, final: cur, reason: "重定向到其他网站：" + cur.Host}
		}
		if out.class == OK && elapsed > c.opt.Slow {
			out = outcome{class: Caution, status: st, final: cur, reason: fmt.Sprintf("响应缓慢（超过 %s）", seconds(c.opt.Slow))}
		}
		if page && st >= 200 && st < 300 && c.sameOrigin(cur.String()) && isHTML(resp.Header.Get("Content-Type")) {
			c.mu.Lock()
			first := !c.parse[cur.String()]
			c.parse[cur.String()] = true
			c.mu.Unlock()
			if first {
				body, rerr := io.ReadAll(io.LimitReader(resp.Body, maxPage))
				if rerr != nil {
					resp.Body.Close()
					return outcome{class: Broken, status: st, final: cur, reason: c.reasonOf(rerr)}
				}
				out.body = body
			}
		}
		resp.Body.Close()
		return out
	}
}

func (c *checker) hostOf(raw string) string {
	u, err := url.Parse(raw)
	if err != nil {
		return ""
	}
	return u.Host
}

// do sends one request within the host's limits and the timeout. The
// response body stays readable until it is closed.
func (c *checker) do(ctx context.Context, method string, u *url.URL) (*http.Response, time.Duration, error) {
	release, err := c.gate(ctx, u.Host)
	if err != nil {
		return nil, 0, err
	}
	defer release()
	rctx, cancel := context.WithTimeout(ctx, c.opt.Timeout)
	req, err := http.NewRequestWithContext(rctx, method, u.String(), nil)
	if err != nil {
		cancel()
		return nil, 0, err
	}
	req.Header.Set("User-Agent", c.opt.UserAgent)
	req.Header.Set("Accept", "text/html,application/xhtml+xml,*/*;q=0.8")
	start := time.Now()
	resp, err := c.client.Do(req)
	took := time.Since(start)
	if err != nil {
		cancel()
		return nil, took, err
	}
	resp.Body = &cancelBody{ReadCloser: resp.Body, cancel: cancel}
	return resp, took, nil
}

type cancelBody struct {
	io.ReadCloser
	cancel context.CancelFunc
}

func (b *cancelBody) Close() error { err := b.ReadCloser.Close(); b.cancel(); return err }

func classify(st int) outcome {
	switch {
	case st >= 200 && st < 300, st == http.StatusNotModified:
		return outcome{class: OK, status: st}
	case st == http.StatusUnauthorized, st == http.StatusForbidden, st == http.StatusTooManyRequests:
		return outcome{class: Caution, status: st, reason: fmt.Sprintf("访问受限（%d），可能拒绝自动检查，请人工核对", st)}
	case st == http.StatusNotFound, st == http.StatusGone:
		return outcome{class: Broken, status: st, reason: fmt.Sprintf("页面或文件不存在（%d）", st)}
	case st >= 400 && st < 500:
		return outcome{class: Broken, status: st, reason: fmt.Sprintf("请求被拒绝（%d）", st)}
	case st >= 500:
		return outcome{class: Broken, status: st, reason: fmt.Sprintf("服务器错误（%d）", st)}
	}
	return outcome{class: Broken, status: st, reason: fmt.Sprintf("无法识别的应答（%d）", st)}
}

func (c *checker) reasonOf(err error) string {
	var dns *net.DNSError
	var op *net.OpError
	switch {
	case errors.Is(err, context.DeadlineExceeded), errors.Is(err, os.ErrDeadlineExceeded), isTimeout(err):
		return fmt.Sprintf("超过 %s未响应", seconds(c.opt.Timeout))
	case errors.As(err, &dns):
		return "域名无法解析"
	case errors.As(err, &op) && op.Op == "dial":
		return "无法连接服务器"
	case strings.Contains(err.Error(), "tls:") || strings.Contains(err.Error(), "x509:"):
		return "安全连接（HTTPS 证书）失败"
	}
	return "连接中断"
}

func isTimeout(err error) bool {
	var t interface{ Timeout() bool }
	return errors.As(err, &t) && t.Timeout()
}

func seconds(d time.Duration) string {
	if d%time.Second == 0 {
		return fmt.Sprintf("%d 秒", int(d/time.Second))
	}
	return fmt.Sprintf("%g 秒", d.Seconds())
}

func isHTML(ct string) bool {
	ct = strings.ToLower(strings.TrimSpace(ct))
	return strings.HasPrefix(ct, "text/html") || strings.HasPrefix(ct, "application/xhtml+xml")
}

// Report returns the crawl as the self-inspection reads it.
func (r *Result) Report() report.Crawl {
	c := report.Crawl{Home: r.Home, Pages: r.Pages, Links: r.Links, Truncated: r.Truncated, Problems: []report.Link{}}
	for _, p := range r.Problems {
		c.Problems = append(c.Problems, report.Link{URL: p.URL, Class: string(p.Class), Reason: p.Reason, Status: p.Status,
			FoundOn: p.FoundOn, IsHome: p.URL == r.Home, OnHome: p.OnHome})
	}
	return c
}
