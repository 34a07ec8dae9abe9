package web_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"gongkai/internal/browsertest"
	"gongkai/internal/calendar"
	"gongkai/internal/publish"
	"gongkai/internal/store"
	"gongkai/internal/web/kit"
	"gongkai/internal/web/webtest"
)

// TestValidateHTML runs the W3C Nu Html Checker (node_modules/vnu-jar, on
// Debian's JRE) over a representative set of rendered pages: every kind of
// public page, the 长辈版 variant, the 404 page and the main back-office
// pages. Any error fails, with the page, line and message. Like the browser
// tests it skips without Java or the jar unless GONGKAI_REQUIRE_BROWSER=1
// (make test).
func TestValidateHTML(t *testing.T) {
	java, jar := vnu(t)
	e := webtest.NewDemo(t, store.SQLite)
	doc := publishWithAttachment(t, e)
	interp := firstPublicDocument(t, e, "genre=jiedu")

	anon := e.Client()
	elder := func(path string) webtest.Response {
		req := webtest.NewRequest(t, e, "GET", path)
		req.AddCookie(&http.Cookie{Name: kit.ElderCookie, Value: "1"})
		return e.Client().Do(req)
	}
	type page struct {
		name string
		get  func() webtest.Response
		want int
	}
	public := func(name, path string, want int) page {
		return page{name, func() webtest.Response { return anon.Get(path) }, want}
	}
	pages := []page{
		public("home", "/", 200),
		public("xxgk", "/xxgk", 200),
		public("guide", "/xxgk/guide", 200),
		public("system", "/xxgk/system", 200),
		public("catalog", "/xxgk/catalog", 200),
		public("catalog-item", "/xxgk/catalog/czyjs-01", 200),
		public("column", "/columns/zcwj", 200),
		public("policies", "/policies", 200),
		public("policies-filtered", "/policies?validity=valid&theme=02&q="+url.QueryEscape("政务公开"), 200),
		public("policies-page2", "/policies?page=2", 200),
		public("document-attachments", "/docs/"+doc.IndexNumber, 200),
		public("interpretation", "/docs/"+interp, 200),
		public("foi", "/foi", 200),
		public("foi-apply", "/foi/apply", 200),
		public("foi-track", "/foi/track", 200),
		public("workdays", "/workdays?from=2024-09-27&n=20", 200),
		public("not-found", "/no/such/page", 404),
		{"elder-home", func() webtest.Response { return elder("/") }, 200},
		{"elder-document", func() webtest.Response { return elder("/docs/" + doc.IndexNumber) }, 200},
		{"elder-policies", func() webtest.Response { return elder("/policies") }, 200},
		public("admin-login", "/admin/login", 200),
	}
	editor, officer := e.Login("editor"), e.Login("foi")
	staff := func(name string, c *webtest.Client, path string) page {
		return page{name, func() webtest.Response { return c.Get(path) }, 200}
	}
	pages = append(pages,
		staff("admin-dashboard", editor, "/admin/"),
		staff("admin-document", editor, "/admin/documents/"+strconv.FormatInt(doc.ID, 10)),
		staff("admin-foi-inbox", officer, "/admin/foi"),
	)

	dir := t.TempDir()
	files := make([]string, 0, len(pages))
	for _, p := range pages {
		r := p.get()
		if r.Status != p.want || !strings.Contains(r.Header.Get("Content-Type"), "text/html") {
			t.Fatalf("%s: %d %s, want %d text/html", p.name, r.Status, r.Header.Get("Content-Type"), p.want)
		}
		f := filepath.Join(dir, p.name+".html")
		if err := os.WriteFile(f, []byte(r.Body), 0o644); err != nil {
			t.Fatal(err)
		}
		files = append(files, f)
	}

	// One JVM for all pages: vnu prints its JSON report on stderr and
	// exits 1 when it found errors.
	cmd := exec.Command(java, append([]string{"-jar", jar, "--errors-only", "--format", "json"}, files...)...)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	runErr := cmd.Run()
	var report struct {
		Messages []struct {
			Type, URL, Message, Extract string
			LastLine                    int
		}
	}
	if err := json.Unmarshal(stderr.Bytes(), &report); err != nil {
		t.Fatalf("vnu: %v, output %q: %v", runErr, stderr.String(), err)
	}
	for _, m := range report.Messages {
		t.Errorf("%s:%d: %s: %s\n\t%s", strings.TrimSuffix(filepath.Base(m.URL), ".html"), m.LastLine, m.Type, m.Message, strings.TrimSpace(m.Extract))
	}
	if runErr != nil && len(report.Messages) == 0 {
		t.Fatalf("vnu: %v: %s", runErr, stderr.String())
	}
}

// vnu finds Java and the Nu checker's jar, or skips (fails when required).
func vnu(t *testing.T) (java, jar string) {
	t.Helper()
	unavailable := func(msg string) {
		t.Helper()
		if browsertest.Required() {
			t.Fatalf("%s (%s=1; run `make setup`)", msg, browsertest.EnvRequire)
		}
		t.Skipf("%s (set %s=1 to make this a failure)", msg, browsertest.EnvRequire)
	}
	java, err := exec.LookPath("java")
	if err != nil {
		unavailable("no java on PATH (Debian: apt-get install default-jre-headless)")
	}
	root, err := browsertest.RepoRoot()
	if err != nil {
		unavailable(err.Error())
	}
	jar = filepath.Join(root, "node_modules", "vnu-jar", "build", "dist", "vnu.jar")
	if _, err := os.Stat(jar); err != nil {
		unavailable("no Nu Html Checker: " + err.Error() + " (run npm ci)")
	}
	return java, jar
}

// publishWithAttachment publishes a demo-like notice with two attachments
// (the demo has none) and returns it.
func publishWithAttachment(t *testing.T, e *webtest.Env) *publish.Document {
	t.Helper()
	editor, _ := e.St.UserByUsername(ctx, "editor")
	reviewer, _ := e.St.UserByUsername(ctx, "reviewer")
	col, err := e.St.ColumnByCode(ctx, "tzgg")
	if err != nil {
		t.Fatal(err)
	}
	d, err := e.St.CreateDocument(ctx, editor, publish.Content{Title: "关于公布2026年菊园新区公共查阅点开放时间的通知",
		OrganIDs: []int64{editor.DeptID}, WrittenOn: calendar.MustParse("2026-02-27"), Theme: "02.01", Genre: "tongzhi",
		Summary: "公布公共查阅点开放时间。", Attribute: publish.Active, ColumnIDs: []int64{col.ID}, Body: "<p>现将开放时间公布如下。</p>"})
	if err != nil {
		t.Fatal(err)
	}
	step := func(f func(version int64) error) {
		t.Helper()
		cur, err := e.St.Document(ctx, d.ID)
		if err == nil {
			err = f(cur.Version)
		}
		if err != nil {
			t.Fatal(err)
		}
	}
	for _, name := range []string{"附件一：开放时间表.pdf", "附件二：查阅点地址.pdf"} {
		step(func(v int64) error {
			_, err := e.St.AddAttachment(ctx, editor, d.ID, v, name, []byte("%PDF-1.4\n%%EOF\n"))
			return err
		})
	}
	step(func(v int64) error { return e.St.SubmitDocument(ctx, editor, d.ID, v) })
	step(func(v int64) error { return e.St.ReviewDocument(ctx, reviewer, d.ID, v, true, "", time.Time{}) })
	if d, err = e.St.Document(ctx, d.ID); err != nil || !d.Public() {
		t.Fatalf("the notice was not published: %v", err)
	}
	return d
}

// firstPublicDocument is the index number of the first document the
// public API lists for query.
func firstPublicDocument(t *testing.T, e *webtest.Env, query string) string {
	t.Helper()
	status, list := e.API("GET", "/api/v1/public/documents?"+query, "", "")
	items, _ := list["items"].([]any)
	if status != 200 || len(items) == 0 {
		t.Fatalf("no public document for %s: %d %v", query, status, list)
	}
	return fmt.Sprint(items[0].(map[string]any)["index_number"])
}
