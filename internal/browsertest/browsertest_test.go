package browsertest

import (
	"context"
	"image/png"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/chromedp/chromedp"
)

func TestMain(m *testing.M) { os.Exit(Main(m)) }

const goodPage = `<!doctype html>
<html lang="zh-CN">
<head><meta charset="utf-8"><title>政府信息公开 - 测试页</title></head>
<body>
<header><nav aria-label="主导航"><a href="/">首页</a> <a href="/apply">依申请公开</a></nav></header>
<main>
<h1>政府信息公开目录</h1>
<p>本页面用于检查无障碍测试的接线：中文文本、语言属性、图片替代文本和表单标签。</p>
<img src="data:image/gif;base64,R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7" alt="机关印章" width="16" height="16">
<form>
<label for="q">关键词</label> <input id="q" name="q" type="search">
<button type="submit">检索</button>
</form>
<div style="height:1600px">（长页面，用于整页截图）</div>
<p>页面底部</p>
</main>
</body>
</html>`

const badPage = `<!doctype html>
<html lang="zh-CN">
<head><meta charset="utf-8"><title>错误示例</title></head>
<body>
<main>
<h1>错误示例</h1>
<img src="data:image/gif;base64,R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7" width="16" height="16">
<input type="text" name="name">
</main>
</body>
</html>`

func server(t *testing.T) *httptest.Server {
	t.Helper()
	mux := http.NewServeMux()
	page := func(body string) http.HandlerFunc {
		return func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			w.Write([]byte(body))
		}
	}
	mux.HandleFunc("/good", page(goodPage))
	mux.HandleFunc("/bad", page(badPage))
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	return srv
}

func open(t *testing.T, url string) context.Context {
	t.Helper()
	ctx := Browser(t)
	if err := chromedp.Do(ctx, chromedp.Navigate(url), chromedp.WaitVisible(chromedp.CSS("h1"))); err != nil {
		t.Fatalf("navigate %s: %v", url, err)
	}
	return ctx
}

func ids(v []Violation) []string {
	var out []string
	for _, x := range v {
		out = append(out, x.ID)
	}
	return out
}

func TestBrowsertestAxeGoodPage(t *testing.T) {
	srv := server(t)
	ctx := open(t, srv.URL+"/good")

	title, err := chromedp.Run(ctx, chromedp.Title())
	if err != nil {
		t.Fatal(err)
	}
	if title != "政府信息公开 - 测试页" {
		t.Errorf("title = %q", title)
	}
	v := Axe(t, ctx)
	if s := SeriousViolations(v); len(s) > 0 {
		t.Fatalf("good page has serious violations:%s", Describe(s))
	}
	if len(v) > 0 {
		t.Logf("minor violations:%s", Describe(v))
	}
	// A second run on the same page reuses the injected axe.
	RequireAccessible(t, ctx)
}

func TestBrowsertestAxeBadPage(t *testing.T) {
	srv := server(t)
	ctx := open(t, srv.URL+"/bad")

	v := Axe(t, ctx)
	got := ids(v)
	for _, want := range []string{"image-alt", "label"} {
		if !slices.Contains(got, want) {
			t.Errorf("axe did not report %q on the bad page; got %v", want, got)
		}
	}
	serious := SeriousViolations(v)
	if !slices.Contains(ids(serious), "image-alt") {
		t.Errorf("image-alt is not among the serious violations %v", ids(serious))
	}
	for _, x := range v {
		if x.ID == "image-alt" && (len(x.Nodes) != 1 || len(x.Nodes[0].Target) == 0 || x.Nodes[0].HTML == "") {
			t.Errorf("image-alt nodes = %+v, want the one <img> with its selector and HTML", x.Nodes)
		}
	}
	t.Logf("violations on the bad page (expected):%s", Describe(v))
}

// Each tab has its own browser context: a cookie set in one is not seen in another.
func TestBrowsertestTabsIsolated(t *testing.T) {
	srv := server(t)
	a := open(t, srv.URL+"/good")
	b := open(t, srv.URL+"/good")
	if err := chromedp.Do(a, chromedp.Evaluate[chromedp.Void](`document.cookie = "session=a; path=/"`)); err != nil {
		t.Fatal(err)
	}
	ca, err := chromedp.Run(a, chromedp.Evaluate[string](`document.cookie`))
	if err != nil {
		t.Fatal(err)
	}
	cb, err := chromedp.Run(b, chromedp.Evaluate[string](`document.cookie`))
	if err != nil {
		t.Fatal(err)
	}
	if ca != "session=a" || cb != "" {
		t.Errorf("cookies: tab a %q (want session=a), tab b %q (want none)", ca, cb)
	}
}

// Screenshot captures the whole page, not only the 900px viewport. The file
// stays in .test/screenshots/ for a person to look at (fonts, layout).
func TestBrowsertestScreenshot(t *testing.T) {
	srv := server(t)
	ctx := open(t, srv.URL+"/good")
	root, err := RepoRoot()
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(root, ".test", "screenshots", "browsertest-good.png")
	Screenshot(t, ctx, path)

	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	cfg, err := png.DecodeConfig(f)
	if err != nil {
		t.Fatalf("%s is not a PNG: %v", path, err)
	}
	if cfg.Width < 1000 || cfg.Height <= 1600 {
		t.Errorf("screenshot is %dx%d, want the full page (>1600px high)", cfg.Width, cfg.Height)
	}
}
