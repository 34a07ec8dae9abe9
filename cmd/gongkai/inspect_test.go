package main

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"gongkai/internal/report"
	"gongkai/internal/store"
)

// TestInspectCommand inspects a small site with one missing attachment
// on its home page, against an empty store (nothing ever published, so the
// home page is not updated: a veto). The JSON names the broken link and
// the veto; the exit status is 3; the HTML file escapes what the site
// wrote; bad arguments are usage errors.
func TestInspectCommand(t *testing.T) {
	t.Parallel()
	site := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/" {
			http.NotFound(w, r)
			return
		}
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		fmt.Fprint(w, `<a href="/files/a<b>.pdf">附件</a>`)
	}))
	defer site.Close()
	args, dsn := storeArgs(t, store.SQLite)
	mustGongkai(t, "", append([]string{"migrate"}, args...)...)

	out, errOut, code := gongkai(t, "", append([]string{"inspect", "--base-url", site.URL}, args...)...)
	if code != 3 || !strings.Contains(errOut, "不合格") {
		t.Fatalf("exit %d, stderr %q", code, errOut)
	}
	var ins struct {
		Verdict struct {
			Pass   bool    `json:"pass"`
			Score  float64 `json:"score"`
			Reason string  `json:"reason"`
		} `json:"verdict"`
		Findings []struct {
			Code, Subject string
			FixBy         string `json:"fix_by"`
		} `json:"findings"`
		Crawl struct {
			Pages    int `json:"pages"`
			Problems []struct {
				URL     string   `json:"url"`
				Class   string   `json:"class"`
				FoundOn []string `json:"found_on"`
				OnHome  bool     `json:"on_home"`
			} `json:"problems"`
		} `json:"crawl"`
	}
	if err := json.Unmarshal([]byte(out), &ins); err != nil {
		t.Fatalf("%v: %s", err, out)
	}
	broken := site.URL + "/files/a%3Cb%3E.pdf"
	if ins.Verdict.Pass || ins.Verdict.Score != 99 || !strings.Contains(ins.Verdict.Reason, "首页不更新") {
		t.Errorf("verdict %+v", ins.Verdict)
	}
	if p := ins.Crawl.Problems; ins.Crawl.Pages != 1 || len(p) != 1 || p[0].URL != broken || p[0].Class != "broken" || !p[0].OnHome || p[0].FoundOn[0] != site.URL+"/" {
		t.Errorf("crawl %+v", ins.Crawl)
	}
	want := []string{"home_stale 首页", "broken_link_home " + broken} // in the rule table's order
	var got []string
	for _, f := range ins.Findings {
		got = append(got, f.Code+" "+f.Subject)
		if f.FixBy == "" {
			t.Errorf("finding %s without a fix-by date", f.Code)
		}
	}
	if strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("findings %v, want %v", got, want)
	}

	file := filepath.Join(t.TempDir(), "r.html")
	out, _, code = gongkai(t, "", append([]string{"inspect", "--base-url", site.URL, "--format", "html", "--out", file, "--save"}, args...)...)
	page, _ := os.ReadFile(file)
	if code != 3 || !strings.Contains(out, "不合格，得分 99.0") || !strings.Contains(string(page), "a%3Cb%3E.pdf") || strings.Contains(string(page), "<b>") {
		t.Errorf("html: exit %d, stdout %q, file %s", code, out, page)
	}
	st := openTestStore(t, dsn)
	if list, err := st.Inspections(context.Background(), 5); err != nil || len(list) != 1 || list[0].Score != 99 {
		t.Errorf("saved: %+v %v (only the run with --save is kept)", list, err)
	}
	if _, _, code := gongkai(t, "", append([]string{"inspect", "--base-url", site.URL, "--format", "html", "--out", file}, args...)...); code != 1 {
		t.Errorf("existing file overwritten? exit %d", code)
	}
	book := filepath.Join(t.TempDir(), "r.xlsx")
	if _, _, code := gongkai(t, "", append([]string{"inspect", "--base-url", site.URL, "--format", "xlsx", "--out", book}, args...)...); code != 3 {
		t.Errorf("xlsx: exit %d", code)
	}
	x, err := excelize.OpenFile(book)
	if err != nil {
		t.Fatal(err)
	}
	defer x.Close()
	rows, _ := x.GetRows("问题清单")
	if len(rows) != 3 || rows[2][2] != broken || rows[2][4] != report.Unowned || rows[2][5] == "" {
		t.Errorf("workbook findings %v", rows)
	}
	for _, bad := range [][]string{{"inspect"}, {"inspect", "--base-url", site.URL, "--format", "pdf"}, {"inspect", "--base-url", site.URL, "extra"},
		{"inspect", "--base-url", site.URL, "--format", "xlsx"}} {
		if _, _, code := gongkai(t, "", append(bad, args...)...); code != 2 {
			t.Errorf("%v: exit %d, want 2", bad, code)
		}
	}
}
