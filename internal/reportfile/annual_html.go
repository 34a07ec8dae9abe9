package reportfile

import (
	"fmt"
	"html"
	"io"
	"strconv"
	"strings"

	"gongkai/internal/report"
)

// The annual report as HTML: sections 一 to 六 with the tables of 二, 三
// and 四 in the notice's layout. The body uses only what a document body
// may hold (richtext's policy: headings, paragraphs, tables with caption,
// thead, tbody, th with scope, rowspan and colspan), so the same text is a
// standalone page (Page) and the body of the document published in the
// 年报 column. Every heading cell has its scope; no table is used for
// layout.

// HeadCell is a heading cell of section 三's table.
type HeadCell struct {
	Text             string
	Rowspan, Colspan int
	Scope            string // row | rowgroup
}

// LayoutRow is a row of section 三's table: its headings and its counts
// (the six applicant columns, then the total).
type LayoutRow struct {
	Heads  []HeadCell
	Counts []int
}

// Section3Layout lays out section 三 as the notice does: the part 三 spans
// its 22 rows, each group with items spans its items, and a heading
// without a group or item spans the columns it leaves free.
func Section3Layout(s report.Section3) []LayoutRow {
	lines := report.Lines()
	cols := append(append([]string{}, report.ApplicantColumns...), report.ColTotal)
	out := make([]LayoutRow, len(lines))
	for i, l := range lines {
		var heads []HeadCell
		switch {
		case l.Group == "":
			heads = append(heads, HeadCell{Text: l.Part, Colspan: 3, Scope: "row"})
		default:
			if i == 0 || lines[i-1].Part != l.Part {
				n := 0
				for _, m := range lines[i:] {
					if m.Part == l.Part {
						n++
					}
				}
				heads = append(heads, HeadCell{Text: l.Part, Rowspan: n, Scope: "rowgroup"})
			}
			switch {
			case l.Item == "":
				heads = append(heads, HeadCell{Text: l.Group, Colspan: 2, Scope: "row"})
			default:
				if lines[i-1].Group != l.Group {
					n := 0
					for _, m := range lines[i:] {
						if m.Group == l.Group && m.Item != "" {
							n++
						}
					}
					heads = append(heads, HeadCell{Text: l.Group, Rowspan: n, Scope: "rowgroup"})
				}
				heads = append(heads, HeadCell{Text: l.Item, Scope: "row"})
			}
		}
		counts := make([]int, len(cols))
		for j, c := range cols {
			counts[j] = s.Rows[l.Key].Get(c)
		}
		out[i] = LayoutRow{Heads: heads, Counts: counts}
	}
	return out
}

// htmlWriter writes escaped HTML, keeping the first error.
type htmlWriter struct {
	w   io.Writer
	err error
}

func (h *htmlWriter) raw(format string, args ...any) {
	if h.err == nil {
		_, h.err = fmt.Fprintf(h.w, format, args...)
	}
}

func esc(s string) string { return html.EscapeString(s) }

func (h *htmlWriter) text(tag, s string) { h.raw("<%s>%s</%s>\n", tag, esc(s), tag) }

func (h *htmlWriter) paragraphs(text, empty string) {
	ps := report.Paragraphs(text)
	if len(ps) == 0 {
		ps = []string{empty}
	}
	for _, p := range ps {
		h.text("p", p)
	}
}

func (h *htmlWriter) row(head string, cells ...string) {
	h.raw(`<tr><th scope="row">%s</th>`, esc(head))
	for _, c := range cells {
		h.raw("<td>%s</td>", esc(c))
	}
	h.raw("</tr>\n")
}

// HTML writes the report of a (its tables) with the filled text sections
// t as a document body: sections 一 to 六 under <h2>, the tables under
// <h3> where a section has several.
func HTML(w io.Writer, a *report.Annual, t report.Texts) error {
	h := &htmlWriter{w: w}
	n := strconv.Itoa
	year := n(a.Year)

	h.text("h2", "一、总体情况")
	h.paragraphs(t.Overview, "（未填写）")

	s2 := a.Section2
	h.text("h2", "二、主动公开政府信息情况")
	h.raw("<table>\n<caption>%s 年主动公开政府信息情况：第二十条第（一）项</caption>\n", year)
	h.raw(`<thead><tr><th scope="col">信息内容</th><th scope="col">本年制发件数</th><th scope="col">本年废止件数</th><th scope="col">现行有效件数</th></tr></thead>` + "\n<tbody>\n")
	h.row("规章", n(s2.Rules.Issued), n(s2.Rules.Repealed), n(s2.Rules.InForce))
	h.row("行政规范性文件", n(s2.Normative.Issued), n(s2.Normative.Repealed), n(s2.Normative.InForce))
	h.raw("</tbody>\n</table>\n")
	h.raw("<table>\n<caption>%s 年主动公开政府信息情况：第二十条第（五）项</caption>\n", year)
	h.raw(`<thead><tr><th scope="col">信息内容</th><th scope="col">本年处理决定数量</th></tr></thead>` + "\n<tbody>\n")
	h.row("行政许可", n(s2.Licensing.Decisions))
	h.raw("</tbody>\n</table>\n")
	h.raw("<table>\n<caption>%s 年主动公开政府信息情况：第二十条第（六）项</caption>\n", year)
	h.raw(`<thead><tr><th scope="col">信息内容</th><th scope="col">本年处理决定数量</th></tr></thead>` + "\n<tbody>\n")
	h.row("行政处罚", n(s2.Penalty.Decisions))
	h.row("行政强制", n(s2.Enforcement.Decisions))
	h.raw("</tbody>\n</table>\n")
	h.raw("<table>\n<caption>%s 年主动公开政府信息情况：第二十条第（八）项</caption>\n", year)
	h.raw(`<thead><tr><th scope="col">信息内容</th><th scope="col">本年收费金额（单位：万元）</th></tr></thead>` + "\n<tbody>\n")
	h.row("行政事业性收费", strconv.FormatFloat(s2.Fees.AmountWanYuan, 'f', -1, 64))
	h.raw("</tbody>\n</table>\n")

	h.text("h2", "三、收到和处理政府信息公开申请情况")
	h.raw("<table>\n<caption>%s 年收到和处理政府信息公开申请情况（件）</caption>\n<thead>\n", year)
	h.raw(`<tr><td colspan="3" rowspan="3">（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）</td><th scope="colgroup" colspan="7">申请人情况</th></tr>` + "\n")
	h.raw(`<tr><th scope="col" rowspan="2">%s</th><th scope="colgroup" colspan="5">法人或其他组织</th><th scope="col" rowspan="2">%s</th></tr>`+"\n",
		esc(report.ColumnLabels[report.ColPerson]), esc(report.ColumnLabels[report.ColTotal]))
	h.raw("<tr>")
	for _, c := range report.ApplicantColumns[1:] {
		h.raw(`<th scope="col">%s</th>`, esc(report.ColumnLabels[c]))
	}
	h.raw("</tr>\n</thead>\n<tbody>\n")
	for _, r := range Section3Layout(a.Section3) {
		h.raw("<tr>")
		for _, c := range r.Heads {
			var span strings.Builder
			if c.Rowspan > 1 {
				fmt.Fprintf(&span, ` rowspan="%d"`, c.Rowspan)
			}
			if c.Colspan > 1 {
				fmt.Fprintf(&span, ` colspan="%d"`, c.Colspan)
			}
			h.raw(`<th scope="%s"%s>%s</th>`, c.Scope, span.String(), esc(c.Text))
		}
		for _, v := range r.Counts {
			h.raw("<td>%d</td>", v)
		}
		h.raw("</tr>\n")
	}
	h.raw("</tbody>\n</table>\n")

	s4 := a.Section4
	h.text("h2", "四、政府信息公开行政复议、行政诉讼情况")
	h.raw("<table>\n<caption>%s 年政府信息公开行政复议、行政诉讼情况（件）</caption>\n<thead>\n", year)
	labels := []string{"结果维持", "结果纠正", "其他结果", "尚未审结", "总计"}
	h.raw(`<tr><th scope="colgroup" colspan="5">行政复议</th><th scope="colgroup" colspan="10">行政诉讼</th></tr>` + "\n<tr>")
	for _, l := range labels {
		h.raw(`<th scope="col" rowspan="2">%s</th>`, l)
	}
	h.raw(`<th scope="colgroup" colspan="5">未经复议直接起诉</th><th scope="colgroup" colspan="5">复议后起诉</th></tr>` + "\n<tr>")
	for range 2 {
		for _, l := range labels {
			h.raw(`<th scope="col">%s</th>`, l)
		}
	}
	h.raw("</tr>\n</thead>\n<tbody>\n<tr>")
	for _, b := range []report.ReviewCounts{s4.Reconsideration, s4.LitigationDirect, s4.LitigationAfterReconsideration} {
		for _, v := range []int{b.Upheld, b.Corrected, b.Other, b.Pending, b.Total} {
			h.raw("<td>%d</td>", v)
		}
	}
	h.raw("</tr>\n</tbody>\n</table>\n")

	h.text("h2", "五、存在的主要问题及改进情况")
	h.paragraphs(t.Problems, "（未填写）")
	h.text("h2", "六、其他需要报告的事项")
	h.paragraphs(t.Other, "无。")
	return h.err
}

// Page writes the report as a standalone HTML page titled title.
func Page(w io.Writer, title string, a *report.Annual, t report.Texts) error {
	h := &htmlWriter{w: w}
	h.raw(`<!DOCTYPE html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>%s</title>
<style>
body { font-family: "AR PL UMing CN", "Noto Serif CJK SC", serif; line-height: 1.7; max-width: 60rem; margin: 2rem auto; padding: 0 1rem; color: #111; }
h1 { text-align: center; font-size: 1.6rem; }
table { border-collapse: collapse; margin: 1rem 0; width: 100%%; }
caption { font-weight: bold; text-align: left; padding: .3rem 0; }
th, td { border: 1px solid #333; padding: .25rem .4rem; }
td { text-align: center; }
th[scope="row"], th[scope="rowgroup"] { text-align: left; font-weight: normal; }
</style>
</head>
<body>
<main>
<h1>%s</h1>
`, esc(title), esc(title))
	if h.err != nil {
		return h.err
	}
	if err := HTML(w, a, t); err != nil {
		return err
	}
	h.raw("</main>\n</body>\n</html>\n")
	return h.err
}
