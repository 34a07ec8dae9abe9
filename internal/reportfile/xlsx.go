// Package reportfile writes the annual report's tables (report.Annual) as
// files: an XLSX workbook with the tables of sections 二, 三 and 四 laid
// out, headed and merged as the notice (国办公开办函〔2021〕30号) prints them.
package reportfile

import (
	"io"
	"strconv"

	"github.com/xuri/excelize/v2"

	"gongkai/internal/report"
)

// The sheets, one per table.
const (
	Sheet2 = "二、主动公开"
	Sheet3 = "三、依申请公开"
	Sheet4 = "四、复议诉讼"
)

// Title is the report's title for year and organ (its name, "" for none).
func Title(year int, organ string) string {
	return organ + strconv.Itoa(year) + "年政府信息公开工作年度报告"
}

// XLSX writes a's tables as a workbook titled for organName.
func XLSX(w io.Writer, a *report.Annual, organName string) error {
	f := excelize.NewFile()
	defer f.Close()
	x := &book{f: f}
	if err := x.styles(); err != nil {
		return err
	}
	if err := f.SetDocProps(&excelize.DocProperties{Title: Title(a.Year, organName), Creator: organName, Language: "zh-CN"}); err != nil {
		return err
	}
	if err := f.SetSheetName("Sheet1", Sheet2); err != nil {
		return err
	}
	for _, s := range []string{Sheet3, Sheet4} {
		if _, err := f.NewSheet(s); err != nil {
			return err
		}
	}
	x.section2(a.Section2)
	x.section3(a.Section3)
	x.section4(a.Section4)
	if x.err != nil {
		return x.err
	}
	_, err := f.WriteTo(w)
	return err
}

// book writes cells and keeps the first error.
type book struct {
	f          *excelize.File
	head, cell int
	err        error
}

func (x *book) styles() error {
	border := []excelize.Border{{Type: "left", Style: 1, Color: "000000"}, {Type: "right", Style: 1, Color: "000000"},
		{Type: "top", Style: 1, Color: "000000"}, {Type: "bottom", Style: 1, Color: "000000"}}
	var err error
	if x.head, err = x.f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true}, Border: border,
		Alignment: &excelize.Alignment{Horizontal: "center", Vertical: "center", WrapText: true}}); err != nil {
		return err
	}
	x.cell, err = x.f.NewStyle(&excelize.Style{Border: border, Alignment: &excelize.Alignment{Vertical: "center", WrapText: true}})
	return err
}

// name is the cell name of column col (1-based) and row.
func name(col, row int) string {
	n, _ := excelize.CoordinatesToCellName(col, row)
	return n
}

// put writes v at (col, row), spanning to (col2, row2) when larger, with
// the heading or the plain style.
func (x *book) put(sheet string, col, row, col2, row2 int, v any, head bool) {
	if x.err != nil {
		return
	}
	style := x.cell
	if head {
		style = x.head
	}
	from, to := name(col, row), name(col2, row2)
	if from != to {
		if x.err = x.f.MergeCell(sheet, from, to); x.err != nil {
			return
		}
	}
	if x.err = x.f.SetCellValue(sheet, from, v); x.err != nil {
		return
	}
	x.err = x.f.SetCellStyle(sheet, from, to, style)
}

func (x *book) widths(sheet string, w ...float64) {
	for i, v := range w {
		if x.err == nil {
			c, _ := excelize.ColumnNumberToName(i + 1)
			x.err = x.f.SetColWidth(sheet, c, c, v)
		}
	}
}

func (x *book) section2(s report.Section2) {
	const sh = Sheet2
	x.widths(sh, 24, 18, 18, 18)
	row := 1
	block := func(title string, cols []string, lines [][]any) {
		x.put(sh, 1, row, 4, row, title, true)
		row++
		x.put(sh, 1, row, 1, row, "信息内容", true)
		if len(cols) == 1 {
			x.put(sh, 2, row, 4, row, cols[0], true)
		} else {
			for i, c := range cols {
				x.put(sh, 2+i, row, 2+i, row, c, true)
			}
		}
		row++
		for _, l := range lines {
			x.put(sh, 1, row, 1, row, l[0], false)
			if len(l) == 2 {
				x.put(sh, 2, row, 4, row, l[1], false)
			} else {
				for i, v := range l[1:] {
					x.put(sh, 2+i, row, 2+i, row, v, false)
				}
			}
			row++
		}
	}
	block("第二十条第（一）项", []string{"本年制发件数", "本年废止件数", "现行有效件数"}, [][]any{
		{"规章", s.Rules.Issued, s.Rules.Repealed, s.Rules.InForce},
		{"行政规范性文件", s.Normative.Issued, s.Normative.Repealed, s.Normative.InForce}})
	block("第二十条第（五）项", []string{"本年处理决定数量"}, [][]any{{"行政许可", s.Licensing.Decisions}})
	block("第二十条第（六）项", []string{"本年处理决定数量"}, [][]any{{"行政处罚", s.Penalty.Decisions}, {"行政强制", s.Enforcement.Decisions}})
	block("第二十条第（八）项", []string{"本年收费金额（单位：万元）"}, [][]any{{"行政事业性收费", s.Fees.AmountWanYuan}})
}

func (x *book) section3(s report.Section3) {
	const sh = Sheet3
	x.widths(sh, 16, 22, 34, 10, 10, 10, 12, 12, 10, 10)
	x.put(sh, 1, 1, 3, 3, "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）", true)
	x.put(sh, 4, 1, 10, 1, "申请人情况", true)
	x.put(sh, 4, 2, 4, 3, report.ColumnLabels[report.ColPerson], true)
	x.put(sh, 5, 2, 9, 2, "法人或其他组织", true)
	for i, col := range report.ApplicantColumns[1:] {
		x.put(sh, 5+i, 3, 5+i, 3, report.ColumnLabels[col], true)
	}
	x.put(sh, 10, 2, 10, 3, report.ColumnLabels[report.ColTotal], true)
	lines := report.Lines()
	first := 4
	for i, l := range lines {
		row := first + i
		switch {
		case l.Group == "":
			x.put(sh, 1, row, 3, row, l.Part, true)
		case l.Item == "":
			x.put(sh, 2, row, 3, row, l.Group, true)
		default:
			x.put(sh, 3, row, 3, row, l.Item, false)
		}
		cells := s.Rows[l.Key]
		for j, col := range append(append([]string{}, report.ApplicantColumns...), report.ColTotal) {
			x.put(sh, 4+j, row, 4+j, row, cells.Get(col), false)
		}
	}
	// The part 三 and each group with items span their rows.
	span := func(col int, match func(report.Line) bool, label func(report.Line) string, colTo int) {
		for i := 0; i < len(lines); {
			if !match(lines[i]) {
				i++
				continue
			}
			j := i
			for j+1 < len(lines) && match(lines[j+1]) && label(lines[j+1]) == label(lines[i]) {
				j++
			}
			if j > i || colTo > col {
				x.put(sh, col, first+i, colTo, first+j, label(lines[i]), true)
			}
			i = j + 1
		}
	}
	span(1, func(l report.Line) bool { return l.Group != "" }, func(l report.Line) string { return l.Part }, 1)
	span(2, func(l report.Line) bool { return l.Item != "" }, func(l report.Line) string { return l.Group }, 2)
}

func (x *book) section4(s report.Section4) {
	const sh = Sheet4
	x.widths(sh, 10, 10, 10, 10, 10, 10, 10, 10, 10, 10, 10, 10, 10, 10, 10)
	x.put(sh, 1, 1, 5, 2, "行政复议", true)
	x.put(sh, 6, 1, 15, 1, "行政诉讼", true)
	x.put(sh, 6, 2, 10, 2, "未经复议直接起诉", true)
	x.put(sh, 11, 2, 15, 2, "复议后起诉", true)
	for b, c := range []report.ReviewCounts{s.Reconsideration, s.LitigationDirect, s.LitigationAfterReconsideration} {
		for i, h := range []string{"结果维持", "结果纠正", "其他结果", "尚未审结", "总计"} {
			x.put(sh, 1+5*b+i, 3, 1+5*b+i, 3, h, true)
		}
		for i, v := range []int{c.Upheld, c.Corrected, c.Other, c.Pending, c.Total} {
			x.put(sh, 1+5*b+i, 4, 1+5*b+i, 4, v, false)
		}
	}
}

// ContentType is the media type of an XLSX file.
const ContentType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
