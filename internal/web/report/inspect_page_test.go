package report_test

import (
	"context"
	"net/http"
	"strconv"
	"strings"
	"testing"

	"gongkai/internal/report"
	"gongkai/internal/store"
	"gongkai/internal/web/webtest"
)

// inspectVisitPages renders the inspection page for TestEveryPageRenders,
// before any inspection is kept and with one.
func inspectVisitPages(t *testing.T, e *webtest.Env, check func(c *webtest.Client, path string, want int, template string), rendered map[string]bool) {
	sup := e.Login("supervisor")
	check(sup, "/admin/inspect", http.StatusOK, "admin_inspect")
	id := keepInspection(t, e)
	check(sup, "/admin/inspect/"+strconv.FormatInt(id, 10), http.StatusOK, "admin_inspect")
	check(sup, "/admin/inspect/rules", http.StatusOK, "admin_inspect_rules")
}

// keepInspection keeps an inspection with a veto, a broken link on the
// home page whose address holds markup, and a caution link.
func keepInspection(t *testing.T, e *webtest.Env) int64 {
	t.Helper()
	crawl := report.Crawl{Home: "https://www.example.gov.cn/", Pages: 12, Links: 40, Problems: []report.Link{
		{URL: "https://www.example.gov.cn/files/<b>.pdf", Class: "broken", Reason: "页面或文件不存在（404）", FoundOn: []string{"https://www.example.gov.cn/"}, OnHome: true},
		{URL: "https://other.example.org/", Class: "caution", Reason: "访问受限（403），可能拒绝自动检查，请人工核对", FoundOn: []string{"https://www.example.gov.cn/about"}},
	}}
	ins := report.Inspect(report.SiteFacts{Now: e.Clock.Now()}, crawl, report.DefaultRules())
	id, err := e.St.SaveInspection(context.Background(), "tester", &ins)
	if err != nil {
		t.Fatal(err)
	}
	return id
}

// TestInspectPage: the supervisor sees that nothing is kept yet, then the
// latest inspection in full (verdict naming the veto, the broken link
// escaped and marked as on the home page, the caution link), its row in
// the history linking to it; an unknown record is 404.
func TestInspectPage(t *testing.T) {
	webtest.Dialects(t, func(t *testing.T, d store.Dialect) {
		e := webtest.New(t, d)
		sup := e.Login("supervisor")
		if r := sup.Get("/admin/inspect"); r.Status != http.StatusOK || !strings.Contains(r.Body, "还没有自查记录") {
			t.Fatalf("empty: %d %s", r.Status, r.Body)
		}
		id := keepInspection(t, e)
		r := sup.Get("/admin/inspect")
		for _, want := range []string{"<strong>不合格</strong>，得分 99.0。单项否决：首页不更新", "files/&lt;b&gt;.pdf", "不可用（首页）", "需人工核对",
			`href="/admin/inspect/` + strconv.FormatInt(id, 10) + `"`, "页面或文件不存在（404）"} {
			if !strings.Contains(r.Body, want) {
				t.Errorf("page lacks %q", want)
			}
		}
		if strings.Contains(r.Body, "<b>.pdf") {
			t.Error("link address not escaped")
		}
		webtest.AccessibleHTML(t, "/admin/inspect", r.Body)
		if r := sup.Get("/admin/inspect/" + strconv.FormatInt(id+1, 10)); r.Status != http.StatusNotFound {
			t.Errorf("unknown inspection: %d", r.Status)
		}
	})
}
