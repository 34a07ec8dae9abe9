package reportfile_test

import (
	"bytes"
	"strings"
	"testing"

	"gongkai/internal/calendar"
	"gongkai/internal/notice"
	"gongkai/internal/notice/noticetest"
	"gongkai/internal/report"
	"gongkai/internal/reportfile"
)

// TestPDF renders a year's tables and reads them back with pdftotext: the
// title, each section on its page, every row of section 三 on one page
// with its counts, the figures and section 四's blocks.
func TestPDF(t *testing.T) {
	font, err := notice.LoadFont("")
	if err != nil {
		t.Skip("font not installed:", err)
	}
	s3 := report.NewSection3()
	s3.Rows["new"] = report.Cells{Person: 37, Legal: 4, Total: 41}
	s3.Rows["carried_over"] = report.Cells{Person: 2, Total: 2}
	s3.Rows["other_fee_unpaid"] = report.Cells{Business: 3, Total: 3}
	a := &report.Annual{Year: 2025, Section3: s3,
		Section2: report.Section2{Normative: report.DocCounts{Issued: 11, Repealed: 5, InForce: 64}, Fees: report.Fees{AmountWanYuan: 12.75}},
		Section4: report.Section4{LitigationDirect: report.ReviewCounts{Corrected: 6, Pending: 1, Total: 7}}}
	var buf bytes.Buffer
	if err := reportfile.PDF(&buf, a, "菊园新区管委会", font, calendar.MustParse("2026-01-20")); err != nil {
		t.Fatal(err)
	}
	if !bytes.HasPrefix(buf.Bytes(), []byte("%PDF-")) {
		t.Fatal("not a PDF")
	}
	pages := strings.Split(strings.TrimRight(noticetest.Layout(t, buf.Bytes()), "\f\n"), "\f")
	if len(pages) != 3 {
		t.Fatalf("%d pages, want 3", len(pages))
	}
	flat := func(s string) string { return strings.Join(strings.Fields(s), " ") }
	for i, wants := range [][]string{
		{"菊园新区管委会2025年政府信息公开工作年度报告", "二、主动公开政府信息情况", "第二十条第（一）项", "行政规范性文件 11 5 64", "12.75", "第 1 页"},
		{"三、收到和处理政府信息公开申请情况", "一、本年新收政府信息公开申请数量 37 0 0 0 4 0 41", "二、上年结转政府信息公开申请数量 2 0 0 0 0 0 2",
			"1.属于国家秘密", "（七）总计", "四、结转下年度继续办理", "第 2 页"},
		{"四、政府信息公开行政复议、行政诉讼情况", "未经复议直接起诉", "复议后起诉", "第 3 页"},
	} {
		got := flat(pages[i])
		for _, w := range wants {
			if !strings.Contains(got, w) {
				t.Errorf("page %d lacks %q:\n%s", i+1, w, pages[i])
			}
		}
	}
	// The fee-unpaid row (its label wraps, the counts between its lines)
	// with its 商业企业 count.
	if got := flat(pages[1]); !strings.Contains(got, "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理 0 3 0 0 0 0 3") {
		t.Errorf("fee row missing:\n%s", pages[1])
	}
	if got := flat(pages[2]); !strings.Contains(got, "0 6 0 1 7") {
		t.Errorf("section 四's direct litigation counts missing:\n%s", pages[2])
	}
}
