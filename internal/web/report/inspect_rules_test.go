package report_test

import (
	"context"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"gongkai/internal/report"
	"gongkai/internal/store"
	"gongkai/internal/web/webtest"
)

// inspectRulesForm is the rule page's form with every default number,
// changed by set (form name → value).
func inspectRulesForm(set map[string]string) url.Values {
	form := url.Values{}
	for _, r := range report.DefaultRules() {
		form.Set("veto_at-"+r.Code, webtest.Itoa(int64(r.VetoAt)))
		form.Set("points-"+r.Code, formatFloat(r.Points))
		form.Set("cap-"+r.Code, formatFloat(r.Cap))
		form.Set("fix_workdays-"+r.Code, webtest.Itoa(int64(r.FixWorkdays)))
	}
	for k, v := range set {
		form.Set(k, v)
	}
	return form
}

func formatFloat(v float64) string { return strconv.FormatFloat(v, 'f', -1, 64) }

// TestInspectRules: the supervisor sees every rule with its number and
// default; bad numbers come back next to their rows, in Chinese, and
// nothing is saved; a saved change (broken links on the home page −3 each)
// scores the next inspection of the same crawl 97 instead of 99 and moves
// its fix-by date; reset brings the defaults back; an editor gets 403.
func TestInspectRules(t *testing.T) {
	webtest.Dialects(t, func(t *testing.T, d store.Dialect) {
		e := webtest.New(t, d)
		ctx := context.Background()
		sup := e.Login("supervisor")
		r := sup.Get("/admin/inspect/rules")
		if r.Status != http.StatusOK {
			t.Fatalf("page: %d", r.Status)
		}
		for _, rule := range report.DefaultRules() {
			if !strings.Contains(r.Body, rule.Item) || !strings.Contains(r.Body, `name="points-`+rule.Code+`"`) {
				t.Errorf("rule %s missing", rule.Code)
			}
		}
		webtest.AccessibleHTML(t, "/admin/inspect/rules", r.Body)

		bad := sup.Post("/admin/inspect/rules", inspectRulesForm(map[string]string{
			"points-" + report.FindBrokenHome: "三", "cap-" + report.FindBrokenOther: "-1", "fix_workdays-" + report.FindHomeStale: "0"}))
		if bad.Status != http.StatusBadRequest {
			t.Fatalf("bad numbers: %d", bad.Status)
		}
		for _, want := range []string{
			`id="ir-points-broken_link_home-error"><span class="sr-only">错误：</span>自查规则“链接可用性：首页不可用链接（含图片、附件、外部链接）”：请填写数字。`,
			`id="ir-cap-broken_link_other-error"><span class="sr-only">错误：</span>自查规则“链接可用性：其他页面不可用链接”：扣分上限应为 0–100 之间的数。`,
			`id="ir-fix_workdays-home_stale-error"`, `value="三"`, `aria-invalid="true"`} {
			if !strings.Contains(bad.Body, want) {
				t.Errorf("bad form lacks %q", want)
			}
		}
		webtest.AccessibleHTML(t, "/admin/inspect/rules (errors)", bad.Body)

		crawl := report.Crawl{Home: "https://www.example.gov.cn/", Problems: []report.Link{
			{URL: "https://www.example.gov.cn/a.pdf", Class: "broken", FoundOn: []string{"https://www.example.gov.cn/"}, OnHome: true}}}
		next := func() report.Inspection {
			rules, err := e.St.InspectRules(ctx)
			if err != nil {
				t.Fatal(err)
			}
			return report.Inspect(report.SiteFacts{Now: e.Clock.Now(), NewestPublic: e.Clock.Now()}, crawl, rules)
		}
		before := next()
		if before.Verdict.Score != 99 {
			t.Fatalf("after refused form: score %v", before.Verdict.Score)
		}

		ok := sup.Post("/admin/inspect/rules", inspectRulesForm(map[string]string{
			"points-" + report.FindBrokenHome: "3", "fix_workdays-" + report.FindBrokenHome: "10"}))
		if ok.Status != http.StatusSeeOther {
			t.Fatalf("save: %d %s", ok.Status, ok.Body)
		}
		after := next()
		if after.Verdict.Score != 97 || !after.Findings[0].FixBy.After(before.Findings[0].FixBy) {
			t.Errorf("after the change: score %v, fix by %s (was %s)", after.Verdict.Score, after.Findings[0].FixBy, before.Findings[0].FixBy)
		}
		if page := sup.Get("/admin/inspect/rules"); !strings.Contains(page.Body, `name="points-broken_link_home" value="3"`) {
			t.Error("the saved number is not shown")
		}

		if r := sup.Post("/admin/inspect/rules", url.Values{"reset": {"1"}}); r.Status != http.StatusSeeOther {
			t.Fatalf("reset: %d", r.Status)
		}
		if s := next().Verdict.Score; s != 99 {
			t.Errorf("after reset: score %v", s)
		}

		ed := e.Login("editor")
		if r := ed.Get("/admin/inspect/rules"); r.Status != http.StatusForbidden {
			t.Errorf("editor GET: %d", r.Status)
		}
		if r := ed.Post("/admin/inspect/rules", inspectRulesForm(map[string]string{"points-" + report.FindBrokenHome: "50"})); r.Status != http.StatusForbidden {
			t.Errorf("editor POST: %d", r.Status)
		}
		if s := next().Verdict.Score; s != 99 {
			t.Errorf("the editor's post changed the rules: score %v", s)
		}
	})
}

// TestInspectionFile downloads a kept inspection as a workbook: it opens
// with excelize and holds the kept findings; the editor gets 403.
func TestInspectionFile(t *testing.T) {
	webtest.Dialects(t, func(t *testing.T, d store.Dialect) {
		e := webtest.New(t, d)
		id := keepInspection(t, e)
		sup := e.Login("supervisor")
		if page := sup.Get("/admin/inspect"); !strings.Contains(page.Body, `action="/admin/inspect/`+webtest.Itoa(id)+`/xlsx"`) {
			t.Error("no download button for the latest inspection")
		}
		r := sup.Post("/admin/inspect/"+webtest.Itoa(id)+"/xlsx", url.Values{})
		if r.Status != http.StatusOK || !strings.Contains(r.Header.Get("Content-Disposition"), "attachment") {
			t.Fatalf("download: %d %v", r.Status, r.Header)
		}
		f, err := excelize.OpenReader(strings.NewReader(r.Body))
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		rows, err := f.GetRows("问题清单")
		if err != nil {
			t.Fatal(err)
		}
		var subjects []string
		for _, row := range rows[1:] {
			subjects = append(subjects, row[2]+" "+row[4])
		}
		want := []string{"首页 " + report.Unowned, "https://www.example.gov.cn/files/<b>.pdf " + report.Unowned}
		if !slices.Equal(subjects, want) {
			t.Errorf("findings %v, want %v", subjects, want)
		}
		if links, _ := f.GetRows("链接"); len(links) != 3 {
			t.Errorf("links sheet %v", links)
		}
		if r := e.Login("editor").Post("/admin/inspect/"+webtest.Itoa(id)+"/xlsx", url.Values{}); r.Status != http.StatusForbidden {
			t.Errorf("editor: %d", r.Status)
		}
		if r := sup.Post("/admin/inspect/"+webtest.Itoa(id+1)+"/xlsx", url.Values{}); r.Status != http.StatusNotFound {
			t.Errorf("unknown: %d", r.Status)
		}
	})
}
