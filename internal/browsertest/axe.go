package browsertest

import (
	"context"
	"encoding/json"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/chromedp/chromedp"
)

// AxeTags are the rule sets that [Axe] runs: WCAG 2.0 and 2.1, levels A and AA
// (the level that GB/T 37668 and WCAG-based government requirements ask for).
var AxeTags = []string{"wcag2a", "wcag2aa", "wcag21a", "wcag21aa"}

// Violation is one failed axe-core rule, with the elements that fail it.
type Violation struct {
	ID          string          `json:"id"`     // rule id, e.g. "image-alt"
	Impact      string          `json:"impact"` // minor, moderate, serious or critical
	Description string          `json:"description"`
	Help        string          `json:"help"`
	HelpURL     string          `json:"helpUrl"`
	Nodes       []ViolationNode `json:"nodes"`
}

// ViolationNode is one element that fails a rule.
type ViolationNode struct {
	// Target is the selector path of the element (one entry per frame or
	// shadow root; nested selectors are joined with " >>> ").
	Target         []string `json:"target"`
	HTML           string   `json:"html"`
	FailureSummary string   `json:"failureSummary"`
}

// axeScript is the run of axe.run; it returns only what Violation holds.
const axeScript = `(async () => {
	const r = await axe.run(document, {
		runOnly: {type: 'tag', values: %TAGS%},
		resultTypes: ['violations'],
	});
	return r.violations.map(v => ({
		id: v.id, impact: v.impact || '', description: v.description,
		help: v.help, helpUrl: v.helpUrl,
		nodes: v.nodes.map(n => ({
			target: n.target.map(s => Array.isArray(s) ? s.join(' >>> ') : String(s)),
			html: n.html,
			failureSummary: n.failureSummary || '',
		})),
	}));
})()`

var (
	axeOnce sync.Once
	axeSrc  string
	axeErr  error
)

// axeSource reads node_modules/axe-core/axe.min.js of the repository once.
func axeSource() (string, error) {
	axeOnce.Do(func() {
		root, err := RepoRoot()
		if err != nil {
			axeErr = err
			return
		}
		b, err := os.ReadFile(filepath.Join(root, "node_modules", "axe-core", "axe.min.js"))
		if err != nil {
			axeErr = err
			return
		}
		axeSrc = string(b)
	})
	return axeSrc, axeErr
}

// Axe checks the page loaded in ctx (a tab from [Browser]) with axe-core
// against [AxeTags] and returns the violations; none is an empty slice.
//
// If node_modules/axe-core is missing the test is skipped, or fails when
// GONGKAI_REQUIRE_BROWSER=1.
func Axe(t testing.TB, ctx context.Context) []Violation {
	t.Helper()
	src, err := axeSource()
	if errors.Is(err, fs.ErrNotExist) {
		unavailable(t, "axe-core not installed: %v (run `npm ci` in the repository root)", err)
	}
	if err != nil {
		t.Fatalf("axe: %v", err)
	}

	// Inject only where the page does not have it yet (e.g. after a
	// navigation the tab needs it again).
	has, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`typeof window.axe === 'object' && typeof axe.run === 'function'`))
	if err != nil {
		t.Fatalf("axe: %v", err)
	}
	if !has {
		if err := chromedp.Do(ctx, chromedp.Evaluate[chromedp.Void](src)); err != nil {
			t.Fatalf("axe: inject axe.min.js: %v", err)
		}
	}

	tags, err := json.Marshal(AxeTags)
	if err != nil {
		t.Fatalf("axe: %v", err)
	}
	script := strings.Replace(axeScript, "%TAGS%", string(tags), 1)
	v, err := chromedp.Run(ctx, chromedp.Evaluate[[]Violation](script, chromedp.EvalAwaitPromise))
	if err != nil {
		t.Fatalf("axe: run: %v", err)
	}
	if v == nil {
		v = []Violation{}
	}
	return v
}

// SeriousViolations returns the violations whose impact is serious or critical.
func SeriousViolations(v []Violation) []Violation {
	var out []Violation
	for _, x := range v {
		if x.Impact == "serious" || x.Impact == "critical" {
			out = append(out, x)
		}
	}
	return out
}

// RequireAccessible fails the test if axe-core finds serious or critical
// violations on the page in ctx, listing them; it logs the minor and
// moderate ones.
func RequireAccessible(t testing.TB, ctx context.Context) {
	t.Helper()
	all := Axe(t, ctx)
	serious := SeriousViolations(all)
	if len(serious) > 0 {
		t.Fatalf("accessibility: %d serious/critical axe-core violations:%s", len(serious), Describe(serious))
	}
	if len(all) > 0 {
		t.Logf("accessibility: %d minor/moderate axe-core violations:%s", len(all), Describe(all))
	}
}
