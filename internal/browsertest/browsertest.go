// Package browsertest runs tests in a real headless Chromium: page checks,
// accessibility audits with axe-core, and screenshots. It is a test helper,
// imported by the _test.go files of other packages.
//
// One Chromium runs per test binary. It starts on the first call of [Browser],
// and each call of Browser opens a new tab (in a fresh browser context, so
// cookies and storage do not leak between tests) that closes when the test
// ends. Stop the browser at the end with [Main] or [Close]:
//
//	func TestMain(m *testing.M) { os.Exit(browsertest.Main(m)) }
//
//	func TestHomePage(t *testing.T) {
//		srv := httptest.NewServer(handler)
//		defer srv.Close()
//		ctx := browsertest.Browser(t)
//		if err := chromedp.Do(ctx, chromedp.Navigate(srv.URL)); err != nil {
//			t.Fatal(err)
//		}
//		browsertest.RequireAccessible(t, ctx)
//	}
//
// Environment:
//
//	GONGKAI_CHROMIUM         path of the browser (default /usr/bin/chromium, then chromium on PATH)
//	GONGKAI_REQUIRE_BROWSER  "1": a missing browser or axe-core fails the test
//	                         instead of skipping it (make test and CI set it)
//
// axe-core comes from node_modules/axe-core/axe.min.js in the repository root
// (`npm ci`, which scripts/setup.sh runs).
package browsertest

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
)

// Environment variables read by this package.
const (
	EnvChromium = "GONGKAI_CHROMIUM"
	EnvRequire  = "GONGKAI_REQUIRE_BROWSER"
)

// Required reports whether GONGKAI_REQUIRE_BROWSER=1, i.e. whether a missing
// browser or axe-core must fail the tests instead of skipping them.
func Required() bool { return os.Getenv(EnvRequire) == "1" }

// unavailable skips the test, or fails it when the browser is required.
func unavailable(t testing.TB, format string, args ...any) {
	t.Helper()
	msg := fmt.Sprintf(format, args...)
	if Required() {
		t.Fatalf("%s (%s=1; run `make setup`)", msg, EnvRequire)
	}
	t.Skipf("%s (set %s=1 to make this a failure)", msg, EnvRequire)
}

// errNoChromium marks a browser that is not installed, as opposed to one that
// failed to start.
var errNoChromium = errors.New("chromium not found")

// ChromiumPath returns the browser binary: $GONGKAI_CHROMIUM, else
// /usr/bin/chromium, else chromium (or chromium-browser) on PATH.
func ChromiumPath() (string, error) {
	if p := os.Getenv(EnvChromium); p != "" {
		if full, err := exec.LookPath(p); err == nil {
			return full, nil
		}
		return "", fmt.Errorf("%w: %s=%q is not an executable", errNoChromium, EnvChromium, p)
	}
	if fi, err := os.Stat("/usr/bin/chromium"); err == nil && !fi.IsDir() {
		return "/usr/bin/chromium", nil
	}
	for _, name := range []string{"chromium", "chromium-browser"} {
		if full, err := exec.LookPath(name); err == nil {
			return full, nil
		}
	}
	return "", fmt.Errorf("%w: set %s, or install it (Debian: apt-get install chromium)", errNoChromium, EnvChromium)
}

// The one browser of this test binary.
var (
	mu            sync.Mutex
	allocCancel   context.CancelFunc
	browserCtx    context.Context
	browserCancel context.CancelFunc
)

// startLocked starts Chromium if it is not running. mu must be held.
func startLocked() (context.Context, error) {
	if browserCtx != nil && browserCtx.Err() == nil {
		return browserCtx, nil
	}
	closeLocked() // a browser that crashed or was closed: start a new one

	path, err := ChromiumPath()
	if err != nil {
		return nil, err
	}
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(path),
		chromedp.Headless,
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.NoFirstRun,
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.WindowSize(1280, 900),
		// No UserDataDir option: chromedp then uses a fresh temporary
		// profile directory and removes it when the browser stops.
	)
	actx, acancel := chromedp.NewExecAllocator(context.Background(), opts...)
	bctx, bcancel := chromedp.NewContext(actx)
	// The first Run starts the browser; its lifetime is bctx's.
	if err := chromedp.Do(bctx); err != nil {
		bcancel()
		acancel()
		return nil, fmt.Errorf("start %s: %w", path, err)
	}
	allocCancel, browserCtx, browserCancel = acancel, bctx, bcancel
	return bctx, nil
}

func closeLocked() {
	if browserCtx != nil {
		ctx, cancel := context.WithTimeout(browserCtx, 10*time.Second)
		_ = chromedp.Cancel(ctx) // graceful close; errors do not matter here
		cancel()
		browserCancel()
	}
	if allocCancel != nil {
		allocCancel() // kills the process if it is still there, waits, removes the profile
	}
	allocCancel, browserCtx, browserCancel = nil, nil, nil
}

// Close stops the browser, if one runs. Call it at the end of TestMain (or use
// [Main]). A later [Browser] call starts a new one.
func Close() {
	mu.Lock()
	defer mu.Unlock()
	closeLocked()
}

// Main runs the tests and then stops the browser. Use it as
//
//	func TestMain(m *testing.M) { os.Exit(browsertest.Main(m)) }
func Main(m *testing.M) int {
	defer Close()
	return m.Run()
}

// Browser returns the context of a new tab of the shared headless Chromium,
// starting the browser on first use. The tab has its own browser context
// (no shared cookies or storage) and closes when the test ends.
//
// If Chromium is not installed, the test is skipped, or fails when
// GONGKAI_REQUIRE_BROWSER=1.
//
// Run actions with chromedp.Do / chromedp.Run on the returned context. It
// ends shortly before the test's deadline (go test -timeout), so that a hung
// page gives an error instead of a test binary panic.
func Browser(t testing.TB) context.Context {
	t.Helper()
	mu.Lock()
	bctx, err := startLocked()
	mu.Unlock()
	if errors.Is(err, errNoChromium) {
		unavailable(t, "browser test: %v", err)
	}
	if err != nil {
		t.Fatalf("browser test: %v", err)
	}

	tab, cancel := chromedp.NewContext(bctx, chromedp.WithNewBrowserContext())
	t.Cleanup(cancel)
	if err := chromedp.Do(tab); err != nil { // opens the tab now
		t.Fatalf("browser test: open tab: %v", err)
	}
	if d, ok := t.(interface{ Deadline() (time.Time, bool) }); ok {
		if deadline, ok := d.Deadline(); ok {
			margin := min(time.Until(deadline)/20, 10*time.Second)
			ctx, cancelDeadline := context.WithDeadline(tab, deadline.Add(-margin))
			t.Cleanup(cancelDeadline)
			return ctx
		}
	}
	return tab
}

// RepoRoot returns the directory of go.mod, found by walking up from the
// working directory (a package directory, while tests run).
func RepoRoot() (string, error) {
	dir, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir, nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", errors.New("no go.mod in the working directory or above it")
		}
		dir = parent
	}
}

// Screenshot saves a PNG of the whole page (not only the viewport) to path,
// creating its directory. Look at it with an image viewer to see what a user
// sees.
func Screenshot(t testing.TB, ctx context.Context, path string) {
	t.Helper()
	png, err := chromedp.Run(ctx, fullPagePNG())
	if err != nil {
		t.Fatalf("screenshot: %v", err)
	}
	if dir := filepath.Dir(path); dir != "" {
		if err := os.MkdirAll(dir, 0o755); err != nil {
			t.Fatalf("screenshot: %v", err)
		}
	}
	if err := os.WriteFile(path, png, 0o644); err != nil {
		t.Fatalf("screenshot: %v", err)
	}
}

// fullPagePNG captures the whole scrollable area of the page.
func fullPagePNG() chromedp.Action[[]byte] {
	return func(ctx context.Context, t *chromedp.Target) ([]byte, error) {
		m, err := cdp.Call(ctx, t, page.GetLayoutMetrics, cdp.Empty{})
		if err != nil {
			return nil, err
		}
		params := page.CaptureScreenshotParams{
			Format:                page.CaptureScreenshotFormatPng,
			FromSurface:           new(true),
			CaptureBeyondViewport: new(true),
		}
		if s := m.CSSContentSize; s != nil && s.Width > 0 && s.Height > 0 {
			params.Clip = &page.Viewport{Width: s.Width, Height: s.Height, Scale: 1}
		}
		r, err := cdp.Call(ctx, t, page.CaptureScreenshot, params)
		if err != nil {
			return nil, err
		}
		return r.Data, nil
	}
}

// Describe formats violations for a test failure message, one block each.
func Describe(v []Violation) string {
	var b strings.Builder
	for _, x := range v {
		fmt.Fprintf(&b, "\n[%s] %s: %s\n    %s\n", x.Impact, x.ID, x.Help, x.HelpURL)
		for _, n := range x.Nodes {
			fmt.Fprintf(&b, "    at %s: %s\n", strings.Join(n.Target, " "), n.HTML)
		}
	}
	return b.String()
}
