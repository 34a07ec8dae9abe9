package reportfile_test

import (
	"bytes"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"gongkai/internal/calendar"
	"gongkai/internal/publish"
	"gongkai/internal/report"
	"gongkai/internal/reportfile"
)

// TestInspectionXLSX writes an inspection with a planted blank column of
// one department, a broken attachment on a document page of another and
// a caution link, and reads the workbook back: the verdict and its rule
// lines, each finding with its department and fix-by date, each link with
// its class, status, page, date and department.
func TestInspectionXLSX(t *testing.T) {
	now := time.Date(2026, 12, 1, 10, 0, 0, 0, calendar.Zone)
	home := "https://www.example.gov.cn/"
	facts := report.SiteFacts{Now: now, NewestPublic: now, Calendar: calendar.New(nil),
		Departments: map[int64]string{3: "党政办公室", 5: "社区服务办公室"},
		Columns:     []report.InspectColumn{{Column: publish.Column{Code: "gzdt", Name: "工作动态", Kind: publish.KindNews, DeptID: 5}}},
		Docs:        []report.InspectDoc{{IndexNumber: "A/2026-00000001", Title: "通知", PublishedOn: "2026-11-30", Organs: []int64{3}}}}
	crawl := report.Crawl{Home: home, Pages: 9, Links: 30, Problems: []report.Link{
		{URL: home + "files/9/a.pdf", Class: "broken", Reason: "页面或文件不存在（404）", Status: 404, FoundOn: []string{home + "docs/A/2026-00000001"}},
		{URL: "https://other.example.org/", Class: "caution", Reason: "访问受限（403）", Status: 403, FoundOn: []string{home}, OnHome: true},
	}}
	ins := report.Inspect(facts, crawl, report.DefaultRules())
	report.CarrySince(nil, &ins)
	var buf bytes.Buffer
	if err := reportfile.InspectionXLSX(&buf, &ins); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(&buf)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if got := f.GetSheetList(); !slices.Equal(got, []string{"结论", "问题清单", "链接"}) {
		t.Fatalf("sheets %v", got)
	}
	rows := func(sheet string) [][]string {
		r, err := f.GetRows(sheet)
		if err != nil {
			t.Fatal(err)
		}
		return r
	}
	verdict := rows("结论")
	if verdict[3][1] != "合格" || verdict[4][1] != "97.9" || verdict[1][1] != home {
		t.Errorf("verdict rows %v", verdict[:7])
	}
	lines := verdict[9:]
	if len(lines) != len(report.DefaultRules()) {
		t.Fatalf("%d rule lines", len(lines))
	}
	for _, l := range lines {
		switch l[1] {
		case "链接可用性：其他页面不可用链接":
			if l[2] != "1" || l[4] != "0.1" {
				t.Errorf("broken-link line %v", l)
			}
		case "栏目不更新：空白栏目 5 个及以上":
			if l[2] != "1" || l[4] != "2" {
				t.Errorf("blank-column line %v", l)
			}
		}
	}
	findings := rows("问题清单")
	want := [][]string{
		{"序号", "类型", "对象", "说明", "责任部门", "整改期限"},
		{"1", "栏目不更新：空白栏目 5 个及以上", "工作动态（gzdt）", "栏目没有任何信息", "社区服务办公室", "2026-12-08"},
		{"2", "链接可用性：其他页面不可用链接", home + "files/9/a.pdf", "页面或文件不存在（404）", "党政办公室", "2026-12-08"},
	}
	if len(findings) != len(want) {
		t.Fatalf("findings %v", findings)
	}
	for i := range want {
		if !slices.Equal(findings[i], want[i]) {
			t.Errorf("finding row %d: %v, want %v", i, findings[i], want[i])
		}
	}
	links := rows("链接")
	if len(links) != 3 || strings.Join(links[1], "|") != home+"files/9/a.pdf|不可用|页面或文件不存在（404）|404|"+home+"docs/A/2026-00000001|2026-12-01 10:00|党政办公室" ||
		strings.Join(links[2], "|") != "https://other.example.org/|需人工核对（首页）|访问受限（403）|403|"+home+"|2026-12-01 10:00|"+report.Unowned {
		t.Errorf("links %v", links)
	}
}
