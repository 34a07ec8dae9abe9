package interact_test

import (
	"strconv"
	"strings"
	"testing"

	"gongkai/internal/calendar"
	"gongkai/internal/errs"
	"gongkai/internal/interact"
)

var depts = map[string]int64{"jy-sqfw": 3, "社区事务受理服务中心": 3, "jy-jjfz": 4}

func lookup(s string) (int64, bool) { id, ok := depts[s]; return id, ok }

// TestParseHotline: good rows become orders; every bad cell is reported
// with its row (as the spreadsheet numbers it) and column, in Chinese.
func TestParseHotline(t *testing.T) {
	today := calendar.MustParse("2026-03-02")
	rows := [][]string{
		{"工单号", "日期", "类别", "部门", "内容", "答复"},
		{"GD1", "2026-02-01", "噪声扰民", "社区事务受理服务中心", "夜间施工", "已处理"},
		{"", "", "", "", "", ""},
		{"GD2", "2026/02/01", "", "jy-nope", "", ""},
		{"GD1", "2026-03-03", "交通", "jy-jjfz", "占道", ""},
		{"", "2026-03-02", "营商环境", "jy-jjfz", "咨询补贴"},
	}
	orders, problems := interact.ParseHotline(rows, lookup, today)
	if len(orders) != 2 || orders[0].Number != "GD1" || orders[0].DeptID != 3 || orders[0].Row != 2 ||
		orders[1].Row != 6 || orders[1].Reply != "" || orders[1].Date != today {
		t.Fatalf("orders: %+v", orders)
	}
	var got []string
	for _, p := range problems {
		got = append(got, p.Column+"@"+strconv.Itoa(p.Row))
	}
	want := "日期@4|类别@4|部门@4|内容@4|工单号@5|日期@5"
	if strings.Join(got, "|") != want {
		t.Fatalf("problems %v, want %s: %+v", got, want, problems)
	}
	if !strings.Contains(problems[0].Message, "YYYY-MM-DD") || !strings.Contains(problems[2].Message, "jy-nope") ||
		!strings.Contains(problems[4].Message, "第 2 行重复") || !strings.Contains(problems[5].Message, "晚于今天") {
		t.Fatalf("messages: %+v", problems)
	}
	if interact.BadRows(problems) != 2 {
		t.Fatalf("bad rows: %d", interact.BadRows(problems))
	}

	// A header without its columns is one problem and no orders.
	orders, problems = interact.ParseHotline([][]string{{"日期", "内容"}, {"2026-01-01", "x"}}, lookup, today)
	if len(orders) != 0 || len(problems) != 1 || problems[0].Row != 1 || !strings.Contains(problems[0].Message, "“类别”、“部门”、“答复”") {
		t.Fatalf("header: %+v %+v", orders, problems)
	}
	// Numbers already stored are dropped and reported in row order.
	orders, problems = interact.ParseHotline(rows[:2], lookup, today)
	kept, problems := interact.DropExisting(orders, problems, map[string]bool{"GD1": true})
	if len(kept) != 0 || len(problems) != 1 || problems[0].Row != 2 || !strings.Contains(problems[0].Message, "已导入过") {
		t.Fatalf("existing: %+v %+v", kept, problems)
	}
}

// TestFAQValidate: the domain's checks and the review flag.
func TestFAQValidate(t *testing.T) {
	today := calendar.MustParse("2026-03-02")
	f := interact.FAQ{Question: " 问题\n第二行 ", Answer: " 答 ", DeptID: 1, Tags: []string{"a、b, a", strings.Repeat("长", 13)}}
	f.Normalize(today)
	var codes []string
	for _, e := range errs.All(f.Validate()) {
		codes = append(codes, e.Field+":"+e.Code)
	}
	if strings.Join(codes, " ") != "question:question_multiline tags:tag_too_long" {
		t.Fatalf("problems: %v", codes)
	}
	if strings.Join(f.Tags, "|") != "a|b|"+strings.Repeat("长", 13) || f.ReviewBy != today.AddDays(365) || f.State != interact.FAQPublished {
		t.Fatalf("normalised: %+v", f)
	}
	f.ReviewBy = today
	if f.Overdue(today) || !f.Overdue(today.AddDays(1)) {
		t.Fatal("overdue is the day after the review date")
	}
	f.State = interact.FAQHidden
	if f.NeedsReview(today.AddDays(1)) {
		t.Fatal("a hidden entry needs no review")
	}
}
