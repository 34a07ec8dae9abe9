package main

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"gongkai/internal/calendar"
	"gongkai/internal/foi"
	"gongkai/internal/report"
	"gongkai/internal/reportfile"
)

// TestReportAnnualCommand writes a year's tables as JSON and XLSX from a
// store holding one open case received today by an organisation (a 法律服务
// 机构), and refuses bad arguments, an unknown organ and an existing file.
func TestReportAnnualCommand(t *testing.T) {
	t.Parallel()
	args, st := sealedStore(t)
	today := calendar.Today(st.Now())
	if _, _, err := st.CreateApplication(context.Background(), "cli", foi.InPerson, today,
		foi.Applicant{Kind: "org", Name: "上海某律师事务所", OrgCategory: "legal", IDType: "统一社会信用代码", IDNumber: "91310114MA1GT35K5B",
			LegalRep: "王建国", Contact: "李小红", Phone: "021-59990000"},
		foi.Request{Description: "2025年菊园新区财政预算", Format: "paper", Delivery: "pickup"}); err != nil {
		t.Fatal(err)
	}
	if err := st.SetAnnualTexts(context.Background(), "cli", today.Year, "", report.Texts{Overview: "本年新收申请{新收申请}件。"}); err != nil {
		t.Fatal(err)
	}
	st.Close()

	dir := t.TempDir()
	year := strconv.Itoa(today.Year)
	j := filepath.Join(dir, "r.json")
	if out := mustGongkai(t, "", append([]string{"report", "annual", "--year", year, "--organ", "jy", "--format", "json", "--out", j}, args...)...); !strings.Contains(out, "已导出") {
		t.Errorf("printed %q", out)
	}
	data, _ := os.ReadFile(j)
	var doc struct {
		Year     int    `json:"year"`
		Organ    string `json:"organ"`
		Section3 struct {
			Rows map[string]map[string]int `json:"rows"`
		} `json:"section3"`
	}
	if err := json.Unmarshal(data, &doc); err != nil || doc.Year != today.Year || doc.Organ != "jy" {
		t.Fatalf("json: %v %s", err, data)
	}
	if r := doc.Section3.Rows; r["new"]["legal"] != 1 || r["new"]["total"] != 1 || r["carry_forward"]["legal"] != 1 || r["disclose"]["total"] != 0 || len(r) != 25 {
		t.Errorf("section 三: %v", r)
	}
	x := filepath.Join(dir, "r.xlsx")
	mustGongkai(t, "", append([]string{"report", "annual", "--year", year, "--format", "xlsx", "--out", x}, args...)...)
	f, err := excelize.OpenFile(x)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	for _, c := range []struct{ sheet, cell, want string }{
		{reportfile.Sheet2, "A1", "第二十条第（一）项"},
		{reportfile.Sheet2, "A4", "行政规范性文件"},
		{reportfile.Sheet2, "B13", "本年收费金额（单位：万元）"},
		{reportfile.Sheet3, "D1", "申请人情况"},
		{reportfile.Sheet3, "H3", "法律服务机构"},
		{reportfile.Sheet3, "A4", "一、本年新收政府信息公开申请数量"},
		{reportfile.Sheet3, "H4", "1"}, // new, 法律服务机构
		{reportfile.Sheet3, "J4", "1"}, // new, 总计
		{reportfile.Sheet3, "A6", "三、本年度办理结果"},
		{reportfile.Sheet3, "B8", "（三）不予公开"},
		{reportfile.Sheet3, "C8", "1.属于国家秘密"},
		{reportfile.Sheet3, "B27", "（七）总计"},
		{reportfile.Sheet3, "A28", "四、结转下年度继续办理"},
		{reportfile.Sheet3, "H28", "1"},
		{reportfile.Sheet4, "F2", "未经复议直接起诉"},
		{reportfile.Sheet4, "O3", "总计"},
	} {
		if v, _ := f.GetCellValue(c.sheet, c.cell); v != c.want {
			t.Errorf("%s!%s = %q, want %q", c.sheet, c.cell, v, c.want)
		}
	}
	merged, _ := f.GetMergeCells(reportfile.Sheet3)
	spans := map[string]string{}
	for _, m := range merged {
		spans[m.GetStartAxis()] = m.GetEndAxis()
	}
	for from, to := range map[string]string{"A1": "C3", "A6": "A27", "B8": "B15", "B16": "B18", "B19": "B23", "B24": "B26", "B6": "C6"} {
		if spans[from] != to {
			t.Errorf("三: %s merged to %q, want %s", from, spans[from], to)
		}
	}
	p := filepath.Join(dir, "r.pdf")
	mustGongkai(t, "", append([]string{"report", "annual", "--year", year, "--format", "pdf", "--out", p}, args...)...)
	if b, _ := os.ReadFile(p); !strings.HasPrefix(string(b), "%PDF-") {
		t.Errorf("not a PDF: %.20q", b)
	}
	h := filepath.Join(dir, "r.html")
	mustGongkai(t, "", append([]string{"report", "annual", "--year", year, "--format", "html", "--out", h}, args...)...)
	if b, _ := os.ReadFile(h); !strings.HasPrefix(string(b), "<!DOCTYPE html>") || !strings.Contains(string(b), "<p>本年新收申请1件。</p>") ||
		!strings.Contains(string(b), "<caption>"+year+" 年收到和处理政府信息公开申请情况（件）</caption>") || !strings.Contains(string(b), "<h2>六、其他需要报告的事项</h2>") {
		t.Errorf("html: %.300s", b)
	}
	if _, errOut, code := gongkai(t, "", append([]string{"report", "annual", "--year", year, "--format", "json", "--out", j}, args...)...); code != 1 || !strings.Contains(errOut, "不会覆盖") {
		t.Errorf("existing file: %d %s", code, errOut)
	}
	if _, errOut, code := gongkai(t, "", append([]string{"report", "annual", "--year", year, "--organ", "nope", "--format", "json", "--out", filepath.Join(dir, "n")}, args...)...); code != 1 || !strings.Contains(errOut, "organ_not_found") {
		t.Errorf("unknown organ: %d %s", code, errOut)
	}
	for _, bad := range [][]string{{"annual", "--year", year, "--format", "csv", "--out", filepath.Join(dir, "a")}, {"annual", "--format", "json", "--out", filepath.Join(dir, "b")},
		{"monthly"}} {
		if _, errOut, code := gongkai(t, "", append(append([]string{"report"}, bad...), args...)...); code != 2 || !strings.Contains(errOut, "用法") {
			t.Errorf("%v: %d %s", bad, code, errOut)
		}
	}
}
