package linkcheck

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"
)

// testSite is a small site with planted faults, and the hosts it links to.
type testSite struct {
	site, other, blocked, hung *httptest.Server
}

func newTestSite(t *testing.T) *testSite {
	t.Helper()
	ts := &testSite{}
	// A host that answers every request after the client has given up.
	ts.hung = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-r.Context().Done():
		case <-time.After(30 * time.Second):
		}
	}))
	// A host that blocks robots with 403 on every method.
	ts.blocked = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		http.Error(w, "forbidden", http.StatusForbidden)
	}))
	// A healthy external host that refuses HEAD.
	ts.other = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method == http.MethodHead {
			w.WriteHeader(http.StatusMethodNotAllowed)
			return
		}
		fmt.Fprint(w, "ok")
	}))
	mux := http.NewServeMux()
	page := func(body string) http.HandlerFunc {
		return func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			fmt.Fprint(w, "<!doctype html><html><head><title>t</title>"+`<link rel="stylesheet" href="/site.css"><link rel="preconnect" href="https://unreachable.invalid">`+"</head><body>"+body+"</body></html>")
		}
	}
	file := func(ct string) http.HandlerFunc {
		return func(w http.ResponseWriter, r *http.Request) { w.Header().Set("Content-Type", ct); fmt.Fprint(w, "x") }
	}
	mux.HandleFunc("GET /{$}", page(`
		<a href="/about">关于</a> <a href="/about#top">关于</a>
		<a href="/files/missing.pdf">附件</a>
		<a href="/loop/a">循环</a>
		<a href="/hop/0">多次跳转</a>
		<a href="/slow">慢页面</a>
		<a href="`+ts.blocked.URL+`/gov">外部网站</a>
		<a href="`+ts.hung.URL+`/x">慢网站</a>
		<a href="mailto:office@example.org">信箱</a> <a href="tel:12345">电话</a> <a href="javascript:void(0)">脚本</a> <a href="#main">跳到正文</a>
		<img src="/logo.png" alt="">
		<script src="/site.js"></script>`))
	mux.HandleFunc("GET /about", page(`
		<a href="/">首页</a> <a href="news?page=2">下一页</a>
		<a href="/files/ok.pdf">附件</a> <a href="/old">旧页面</a>
		<a href="/gone.docx">已删除附件</a>
		<a href="/away">外链跳转</a>
		<a href="`+ts.other.URL+`/page">外部</a>
		<video src="/v.mp4" poster="/v.jpg"><source src="/v.webm"></video>
		<audio src="/a.mp3"></audio>`))
	mux.HandleFunc("GET /news", page(`<a href="/about">返回</a><img src="/missing.png" alt="">`))
	mux.HandleFunc("GET /slow", func(w http.ResponseWriter, r *http.Request) {
		time.Sleep(1200 * time.Millisecond)
		page(`<a href="/">首页</a>`)(w, r)
	})
	mux.HandleFunc("GET /old", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "/about", http.StatusMovedPermanently)
	})
	mux.HandleFunc("GET /away", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, ts.other.URL+"/landing", http.StatusFound)
	})
	mux.HandleFunc("GET /loop/a", func(w http.ResponseWriter, r *http.Request) { http.Redirect(w, r, "/loop/b", http.StatusFound) })
	mux.HandleFunc("GET /loop/b", func(w http.ResponseWriter, r *http.Request) { http.Redirect(w, r, "/loop/a", http.StatusFound) })
	mux.HandleFunc("GET /hop/{n}", func(w http.ResponseWriter, r *http.Request) {
		var n int
		fmt.Sscan(r.PathValue("n"), &n)
		http.Redirect(w, r, fmt.Sprintf("/hop/%d", n+1), http.StatusFound)
	})
	for _, p := range []string{"/files/ok.pdf", "/logo.png", "/site.js", "/site.css", "/v.mp4", "/v.jpg", "/v.webm", "/a.mp3"} {
		mux.HandleFunc("GET "+p, file("application/octet-stream"))
	}
	ts.site = httptest.NewServer(mux)
	t.Cleanup(func() {
		ts.site.Close()
		ts.other.Close()
		ts.blocked.Close()
		ts.hung.Close()
	})
	return ts
}

// testOptions keep the test short: a 2 s timeout and 600 ms for slow.
func testOptions() Options {
	return Options{Timeout: 2 * time.Second, Slow: 600 * time.Millisecond, Delay: NoDelay, PerHost: 4}
}

func TestCheckFindsEachPlantedFaultAndNothingElse(t *testing.T) {
	ts := newTestSite(t)
	res, err := Check(context.Background(), ts.site.URL, testOptions())
	if err != nil {
		t.Fatal(err)
	}
	s, home := ts.site.URL, ts.site.URL+"/"
	about := s + "/about"
	type want struct {
		url     string
		class   Class
		reason  string
		foundOn []string
		onHome  bool
	}
	wants := []want{
		{s + "/files/missing.pdf", Broken, "页面或文件不存在（404）", []string{home}, true},
		{s + "/loop/a", Broken, "重定向循环", []string{home}, true},
		{s + "/hop/0", Broken, "重定向超过 8 次", []string{home}, true},
		{s + "/slow", Caution, "响应缓慢（超过 0.6 秒）", []string{home}, true},
		{ts.blocked.URL + "/gov", Caution, "访问受限（403），可能拒绝自动检查，请人工核对", []string{home}, true},
		{ts.hung.URL + "/x", Broken, "超过 2 秒未响应", []string{home}, true},
		{s + "/gone.docx", Broken, "页面或文件不存在（404）", []string{about}, false},
		{s + "/away", Caution, "重定向到其他网站：" + strings.TrimPrefix(ts.other.URL, "http://"), []string{about}, false},
		{s + "/missing.png", Broken, "页面或文件不存在（404）", []string{s + "/news?page=2"}, false},
	}
	var got, exp []string
	for _, p := range res.Problems {
		got = append(got, fmt.Sprintf("%s %s %s %v %v", p.URL, p.Class, p.Reason, p.FoundOn, p.OnHome))
	}
	for _, w := range wants {
		exp = append(exp, fmt.Sprintf("%s %s %s %v %v", w.url, w.class, w.reason, w.foundOn, w.onHome))
	}
	slices.Sort(exp)
	if !slices.Equal(got, exp) {
		t.Errorf("problems:\n got %s\nwant %s", strings.Join(got, "\n     "), strings.Join(exp, "\n     "))
	}
	// Pages: /, /about, /news?page=2, /slow (and /old lands on /about, parsed once).
	if res.Pages != 4 || res.Truncated {
		t.Errorf("pages = %d truncated = %v, want 4 false", res.Pages, res.Truncated)
	}
	if b, bh := res.Count(Broken); b != 6 || bh != 4 {
		t.Errorf("broken = %d (home %d), want 6 (4)", b, bh)
	}
}

func TestCheckIsDeterministic(t *testing.T) {
	ts := newTestSite(t)
	opt := testOptions()
	opt.Timeout = 800 * time.Millisecond // both runs time out on the same links (the hung host, /slow)
	opt.Slow = 10 * time.Second
	var first string
	for i := range 2 {
		res, err := Check(context.Background(), ts.site.URL, opt)
		if err != nil {
			t.Fatal(err)
		}
		out := fmt.Sprint(res)
		if i == 0 {
			first = out
		} else if out != first {
			t.Errorf("second run differs:\n%s\n%s", first, out)
		}
	}
}

func TestCheckKeepsPerHostLimitAndPageLimit(t *testing.T) {
	var mu sync.Mutex
	inFlight, peak := 0, 0
	mux := http.NewServeMux()
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		inFlight++
		peak = max(peak, inFlight)
		mu.Unlock()
		defer func() { mu.Lock(); inFlight--; mu.Unlock() }()
		time.Sleep(5 * time.Millisecond)
		w.Header().Set("Content-Type", "text/html")
		var b strings.Builder
		for i := range 30 {
			fmt.Fprintf(&b, `<a href="/p%d">p</a><img src="/i%d.png">`, i, i)
		}
		fmt.Fprint(w, b.String())
	})
	srv := httptest.NewServer(mux)
	defer srv.Close()
	res, err := Check(context.Background(), srv.URL, Options{PerHost: 2, Delay: NoDelay, MaxPages: 5, Workers: 16})
	if err != nil {
		t.Fatal(err)
	}
	if peak > 2 || peak == 0 {
		t.Errorf("peak requests in flight to one host = %d, want 1 or 2", peak)
	}
	if res.Pages != 5 || !res.Truncated || len(res.Problems) != 0 {
		t.Errorf("pages = %d truncated = %v problems = %v, want 5 true none", res.Pages, res.Truncated, res.Problems)
	}
	if res.Links != 61 {
		t.Errorf("links = %d, want 61 (home, 30 pages, 30 images)", res.Links)
	}
}

func TestCheckSpacesRequestsToOneHost(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		fmt.Fprint(w, `<img src="/1.png"><img src="/2.png"><img src="/3.png">`)
	}))
	defer srv.Close()
	var mu sync.Mutex
	var starts []time.Time
	rt := roundTripper(func(r *http.Request) (*http.Response, error) {
		mu.Lock()
		starts = append(starts, time.Now())
		mu.Unlock()
		return http.DefaultTransport.RoundTrip(r)
	})
	if _, err := Check(context.Background(), srv.URL, Options{PerHost: 4, Delay: 50 * time.Millisecond, Transport: rt}); err != nil {
		t.Fatal(err)
	}
	slices.SortFunc(starts, func(a, b time.Time) int { return a.Compare(b) })
	if len(starts) != 4 {
		t.Fatalf("requests = %d, want 4", len(starts))
	}
	// The home page goes alone; the three images, though four may be in
	// flight, start 50 ms apart after it. A delay is a lower bound, so a
	// slow machine only makes the span longer.
	if span := starts[3].Sub(starts[0]); span < 140*time.Millisecond {
		t.Errorf("four requests spanned %s, want ≥ 150 ms", span)
	}
}

type roundTripper func(*http.Request) (*http.Response, error)

func (f roundTripper) RoundTrip(r *http.Request) (*http.Response, error) { return f(r) }

func TestCheckDNSFailureAndBadHome(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		fmt.Fprint(w, `<a href="http://no-such-host.invalid/">x</a>`)
	}))
	defer srv.Close()
	res, err := Check(context.Background(), srv.URL, Options{Delay: NoDelay, Timeout: 5 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Problems) != 1 || res.Problems[0].Class != Broken || res.Problems[0].URL != "http://no-such-host.invalid/" {
		t.Fatalf("problems = %+v, want one broken no-such-host.invalid", res.Problems)
	}
	if r := res.Problems[0].Reason; r != "域名无法解析" && r != "无法连接服务器" {
		t.Errorf("reason = %q", r)
	}
	if _, err := Check(context.Background(), "ftp://example.org", Options{}); err == nil {
		t.Error("ftp home accepted")
	}
	// A home page that is down is itself the problem, on the home page.
	down := httptest.NewServer(http.NotFoundHandler())
	down.Close()
	res, err = Check(context.Background(), down.URL, Options{Delay: NoDelay})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Problems) != 1 || !res.Problems[0].OnHome || res.Problems[0].Reason != "无法连接服务器" {
		t.Errorf("down home: %+v", res.Problems)
	}
}

func TestExtract(t *testing.T) {
	base, _ := url.Parse("http://site.test/dir/page")
	got := extract(base, []byte(`<base href="/dir/"><a href="x">x</a><a href=" ../y#f ">y</a><img src="x"><iframe src="//cdn.test/f"></iframe>
		<link rel="dns-prefetch" href="//cdn.test"><link rel="icon" href="/favicon.ico"><a>none</a><a href="data:text/plain,x">d</a>`))
	want := []link{{"http://site.test/dir/x", true}, {"http://site.test/y", true}, {"http://cdn.test/f", true}, {"http://site.test/favicon.ico", false}}
	if !slices.Equal(got, want) {
		t.Errorf("extract = %v, want %v", got, want)
	}
}
