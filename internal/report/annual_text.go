package report

import (
	"regexp"
	"strconv"
	"strings"
	"unicode/utf8"

	"gongkai/internal/errs"
	"gongkai/internal/foi"
)

// The text sections of the annual report: 一、总体情况, 五、存在的主要问题及改进
// 情况 and 六、其他需要报告的事项 are written by staff for a year and organ.
// The text may name figures of the report in braces, such as {新收申请};
// Fill puts the year's numbers in their place, so the prose and the
// tables never disagree.

// Texts are the three text sections of one year's report of one organ.
type Texts struct {
	Overview string `json:"overview"` // 一、总体情况
	Problems string `json:"problems"` // 五、存在的主要问题及改进情况
	Other    string `json:"other"`    // 六、其他需要报告的事项
}

// MaxTextRunes bounds each text section.
const MaxTextRunes = 10_000

// Placeholder is a figure the text may name in braces.
type Placeholder struct {
	Name string // as written in the text, without braces
	Help string // what it stands for
}

// Placeholders are the figures the text sections may name, in the order
// the staff's page lists them.
var Placeholders = []Placeholder{
	{"年度", "报告的年度，如 2025"},
	{"机关", "报告的机关名称"},
	{"主动公开", "本年在门户网站主动公开的政府信息条数（本机关及下级部门，按发布日期）"},
	{"制发规章", "本年制发的规章件数"},
	{"制发规范性文件", "本年制发的行政规范性文件件数"},
	{"现行有效规章", "年末现行有效的规章件数"},
	{"现行有效规范性文件", "年末现行有效的行政规范性文件件数"},
	{"行政许可", "行政许可本年处理决定数量"},
	{"行政处罚", "行政处罚本年处理决定数量"},
	{"行政强制", "行政强制本年处理决定数量"},
	{"收费金额", "行政事业性收费本年收费金额（万元）"},
	{"新收申请", "本年新收政府信息公开申请数量"},
	{"上年结转", "上年结转政府信息公开申请数量"},
	{"办结申请", "本年度办理结果总计"},
	{"结转下年", "结转下年度继续办理的申请数量"},
	{"予以公开", "办理结果“予以公开”的数量"},
	{"部分公开", "办理结果“部分公开”的数量"},
	{"不予公开", "办理结果“不予公开”各项之和"},
	{"无法提供", "办理结果“无法提供”各项之和"},
	{"不予处理", "办理结果“不予处理”各项之和"},
	{"其他处理", "办理结果“其他处理”各项之和（含撤回）"},
	{"行政复议", "政府信息公开行政复议总计"},
	{"行政诉讼", "政府信息公开行政诉讼总计（直接起诉与复议后起诉）"},
}

// placeholderRe matches a brace pair with a short name inside.
var placeholderRe = regexp.MustCompile(`\{([^{}\s]{1,30})\}`)

// known reports whether name is a placeholder.
func known(name string) bool {
	for _, p := range Placeholders {
		if p.Name == name {
			return true
		}
	}
	return false
}

// Unknown lists, once each and in order, the names in braces in text that
// are not placeholders.
func Unknown(text string) []string {
	var out []string
	for _, m := range placeholderRe.FindAllStringSubmatch(text, -1) {
		if !known(m[1]) && !contains(out, m[1]) {
			out = append(out, m[1])
		}
	}
	return out
}

func contains(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}

// Normalize trims the sections and unifies their line ends.
func (t *Texts) Normalize() {
	for _, p := range []*string{&t.Overview, &t.Problems, &t.Other} {
		*p = strings.TrimSpace(strings.ReplaceAll(strings.ReplaceAll(*p, "\r\n", "\n"), "\r", "\n"))
	}
}

// Validate checks each section's length and refuses names in braces that
// are not placeholders, naming them.
func (t *Texts) Validate() error {
	const op = "report.Texts.Validate"
	var list []*errs.Error
	for _, s := range []struct{ field, name, text string }{
		{"overview", "一、总体情况", t.Overview}, {"problems", "五、存在的主要问题及改进情况", t.Problems}, {"other", "六、其他需要报告的事项", t.Other}} {
		if utf8.RuneCountInString(s.text) > MaxTextRunes {
			list = append(list, errs.Newf(errs.Invalid, op, "text_too_long", "“%s”不超过 %d 个字。", s.name, MaxTextRunes).WithField(s.field))
			continue
		}
		if bad := Unknown(s.text); len(bad) > 0 {
			list = append(list, errs.Newf(errs.Invalid, op, "unknown_placeholder", "“%s”中有未知的占位符：{%s}。可用的占位符见表单下方的说明。",
				s.name, strings.Join(bad, "}、{")).WithField(s.field))
		}
	}
	return errs.Join(list...)
}

// Values are the figures of a report by placeholder name: a for the
// tables, organ for the organ's name and public for the number of
// documents the organ published on the portal in the year.
func Values(a *Annual, organ string, public int) map[string]string {
	n := strconv.Itoa
	s2, s3, s4 := a.Section2, a.Section3.Rows, a.Section4
	group := func(prefix string) int {
		sum := 0
		for _, o := range foi.Outcomes {
			if strings.HasPrefix(o.Label, prefix) {
				sum += s3[string(o.Code)].Total
			}
		}
		return sum
	}
	return map[string]string{
		"年度": n(a.Year), "机关": organ, "主动公开": n(public),
		"制发规章": n(s2.Rules.Issued), "制发规范性文件": n(s2.Normative.Issued),
		"现行有效规章": n(s2.Rules.InForce), "现行有效规范性文件": n(s2.Normative.InForce),
		"行政许可": n(s2.Licensing.Decisions), "行政处罚": n(s2.Penalty.Decisions), "行政强制": n(s2.Enforcement.Decisions),
		"收费金额": strconv.FormatFloat(s2.Fees.AmountWanYuan, 'f', -1, 64),
		"新收申请": n(s3[RowNew].Total), "上年结转": n(s3[RowCarriedOver].Total), "办结申请": n(s3[RowResultsTotal].Total),
		"结转下年": n(s3[RowCarryForward].Total),
		"予以公开": n(group("予以公开")), "部分公开": n(group("部分公开")), "不予公开": n(group("不予公开")),
		"无法提供": n(group("无法提供")), "不予处理": n(group("不予处理")), "其他处理": n(group("其他处理")),
		"行政复议": n(s4.Reconsideration.Total), "行政诉讼": n(s4.LitigationDirect.Total + s4.LitigationAfterReconsideration.Total),
	}
}

// Fill replaces each placeholder in text by its value; braces around
// other names stay as written (Validate refuses them on save).
func Fill(text string, values map[string]string) string {
	return placeholderRe.ReplaceAllStringFunc(text, func(m string) string {
		if v, ok := values[m[1:len(m)-1]]; ok {
			return v
		}
		return m
	})
}

// Paragraphs splits a filled text section into its paragraphs: one per
// non-blank line.
func Paragraphs(text string) []string {
	var out []string
	for _, l := range strings.Split(text, "\n") {
		if l = strings.TrimSpace(l); l != "" {
			out = append(out, l)
		}
	}
	return out
}

// Filled is t with every section filled from values.
func (t Texts) Filled(values map[string]string) Texts {
	return Texts{Overview: Fill(t.Overview, values), Problems: Fill(t.Problems, values), Other: Fill(t.Other, values)}
}
