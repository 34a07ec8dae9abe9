package report_test

import (
	"strings"
	"testing"

	"gongkai/internal/errs"
	"gongkai/internal/report"
)

// TestCheckFindsBrokenTables: a balanced table passes; each kind of
// imbalance is reported, in Chinese, naming the row or column.
func TestCheckFindsBrokenTables(t *testing.T) {
	balanced := func() report.Section3 {
		s := report.NewSection3()
		s.Rows["new"] = report.Cells{Person: 3, Legal: 1, Total: 4}
		s.Rows["carried_over"] = report.Cells{Person: 1, Total: 1}
		s.Rows["disclose"] = report.Cells{Person: 2, Total: 2}
		s.Rows["reject_duplicate"] = report.Cells{Legal: 1, Total: 1}
		s.Rows["results_total"] = report.Cells{Person: 2, Legal: 1, Total: 3}
		s.Rows["carry_forward"] = report.Cells{Person: 2, Total: 2}
		return s
	}
	if p := report.Check(balanced()); p != nil {
		t.Fatalf("balanced table refused: %v", p)
	}
	for name, c := range map[string]struct {
		change func(s *report.Section3)
		want   string
	}{
		"row total": {func(s *report.Section3) { s.Rows["new"] = report.Cells{Person: 3, Legal: 1, Total: 5} }, "“一、本年新收政府信息公开申请数量”行：各列之和 4 不等于总计 5"},
		"results":   {func(s *report.Section3) { s.Rows["disclose"] = report.Cells{Person: 1, Total: 1} }, "“自然人”列：各办理结果之和 1 不等于办理结果总计 2"},
		"balance":   {func(s *report.Section3) { s.Rows["carry_forward"] = report.Cells{Person: 1, Total: 1} }, "“自然人”列：本年新收与上年结转之和 4 不等于办理结果总计与结转下年度之和 3"},
		"missing":   {func(s *report.Section3) { delete(s.Rows, "partial") }, "缺少“部分公开”行"},
	} {
		s := balanced()
		c.change(&s)
		if p := report.Check(s); !strings.Contains(strings.Join(p, "\n"), c.want) {
			t.Errorf("%s: %v, want %q", name, p, c.want)
		}
	}
	last := balanced()
	this := balanced()
	this.Rows["carried_over"] = report.Cells{Person: 2, Total: 2}
	if p := report.CheckCarry(last, this); len(p) != 0 {
		t.Errorf("carry matches: %v", p)
	}
	this.Rows["carried_over"] = report.Cells{Person: 1, Total: 1}
	if p := report.CheckCarry(last, this); len(p) != 2 {
		t.Errorf("carry mismatch in person and total: %v", p)
	}
}

func TestFiguresValidate(t *testing.T) {
	ok := report.Figures{Licensing: 3, FeesWanYuan: 0.0123}
	if err := ok.Validate(); err != nil {
		t.Fatal(err)
	}
	bad := report.Figures{Penalty: -1, FeesWanYuan: 0.00001}
	var fields []string
	for _, e := range errs.All(bad.Validate()) {
		fields = append(fields, e.Field)
	}
	if strings.Join(fields, ",") != "penalty,fees_wan_yuan" {
		t.Errorf("fields: %v", fields)
	}
}

// TestLinesFollowTheNotice: 25 rows, the 三 part's 22 rows with the
// groups and items of the notice (regulatory rules §2.2).
func TestLinesFollowTheNotice(t *testing.T) {
	lines := report.Lines()
	if len(lines) != 25 {
		t.Fatalf("%d lines", len(lines))
	}
	results, items := 0, 0
	for _, l := range lines {
		if l.Part == "三、本年度办理结果" {
			results++
		}
		if l.Item != "" {
			items++
		}
	}
	if results != 22 || items != 19 {
		t.Errorf("三 has %d rows, %d items; want 22 and 19", results, items)
	}
	for i, want := range map[int]report.Line{
		2:  {Key: "disclose", Part: "三、本年度办理结果", Group: "（一）予以公开"},
		4:  {Key: "withhold_state_secret", Part: "三、本年度办理结果", Group: "（三）不予公开", Item: "1.属于国家秘密"},
		14: {Key: "unable_unclear_after_supplement", Part: "三、本年度办理结果", Group: "（四）无法提供", Item: "3.补正后申请内容仍不明确"},
		22: {Key: "other", Part: "三、本年度办理结果", Group: "（六）其他处理", Item: "3.其他"},
		23: {Key: "results_total", Part: "三、本年度办理结果", Group: "（七）总计"},
		24: {Key: "carry_forward", Part: "四、结转下年度继续办理"},
	} {
		if lines[i] != want {
			t.Errorf("line %d = %+v, want %+v", i, lines[i], want)
		}
	}
}
