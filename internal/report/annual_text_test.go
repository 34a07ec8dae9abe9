package report_test

import (
	"strings"
	"testing"

	"gongkai/internal/errs"
	"gongkai/internal/foi"
	"gongkai/internal/report"
)

// TestTextsPlaceholders: unknown names in braces are refused with their
// names, known ones are filled from the tables, and every placeholder the
// page documents has a value.
func TestTextsPlaceholders(t *testing.T) {
	bad := report.Texts{Overview: "本年新收{新收申请}件，{新收}件，{新收}件。", Problems: "无", Other: "{收费}与{收费金额}"}
	err := bad.Validate()
	all := errs.All(err)
	if len(all) != 2 {
		t.Fatalf("Validate = %v, want two errors", err)
	}
	if all[0].Field != "overview" || all[0].Code != "unknown_placeholder" || !strings.Contains(all[0].Message, "{新收}") || strings.Contains(all[0].Message, "{新收}、{新收}") {
		t.Errorf("overview: %+v", all[0])
	}
	if all[1].Field != "other" || !strings.Contains(all[1].Message, "{收费}") || strings.Contains(all[1].Message, "收费金额") {
		t.Errorf("other: %+v", all[1])
	}
	long := report.Texts{Problems: strings.Repeat("字", report.MaxTextRunes+1)}
	if e := errs.All(long.Validate()); len(e) != 1 || e[0].Field != "problems" || e[0].Code != "text_too_long" {
		t.Errorf("long: %v", long.Validate())
	}
	if err := (&report.Texts{Overview: "JSON 里的 {} 和 { 空格 } 不是占位符。"}).Validate(); err != nil {
		t.Errorf("braces without a name: %v", err)
	}

	a := &report.Annual{Year: 2025, Section3: report.NewSection3()}
	a.Section2.Rules.Issued, a.Section2.Fees.AmountWanYuan = 2, 1.25
	rows := a.Section3.Rows
	rows[report.RowNew] = report.Cells{Person: 3, Legal: 1, Total: 4}
	rows[string(foi.WithholdStateSecret)] = report.Cells{Person: 1, Total: 1}
	rows[string(foi.WithholdThirdParty)] = report.Cells{Person: 2, Total: 2}
	rows[string(foi.Other)] = report.Cells{Legal: 1, Total: 1}
	a.Section4.LitigationDirect.Total, a.Section4.LitigationAfterReconsideration.Total = 1, 2
	v := report.Values(a, "菊园新区", 57)
	for _, p := range report.Placeholders {
		if _, ok := v[p.Name]; !ok {
			t.Errorf("no value for {%s}", p.Name)
		}
	}
	if len(v) != len(report.Placeholders) {
		t.Errorf("%d values for %d placeholders", len(v), len(report.Placeholders))
	}
	got := report.Fill("{机关}{年度}年主动公开{主动公开}条，制发规章{制发规章}件，收费{收费金额}万元；新收{新收申请}件，不予公开{不予公开}件，其他处理{其他处理}件，行政诉讼{行政诉讼}件。{未知}", v)
	want := "菊园新区2025年主动公开57条，制发规章2件，收费1.25万元；新收4件，不予公开3件，其他处理1件，行政诉讼3件。{未知}"
	if got != want {
		t.Errorf("Fill =\n%s\nwant\n%s", got, want)
	}
	if p := report.Paragraphs(" 甲 \n\n 乙\n"); strings.Join(p, "|") != "甲|乙" {
		t.Errorf("Paragraphs = %q", p)
	}
}
