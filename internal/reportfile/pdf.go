package reportfile

import (
	"bytes"
	"fmt"
	"io"
	"strconv"
	"time"

	"github.com/go-pdf/fpdf"

	"gongkai/internal/calendar"
	"gongkai/internal/errs"
	"gongkai/internal/report"
)

// The PDF: A4 landscape, the title on the first page, then each table
// under its section heading, on a page of its own, ruled and headed as
// the notice prints it.
const (
	pdfMargin   = 15.0
	pdfTitle    = 18.0
	pdfHeading  = 13.0
	pdfBody     = 9.5
	pdfLine     = 5.0 // mm per line of a cell
	pdfCellPad  = 1.2 // mm each side of a cell's text
	pdfMinCellH = 7.0
	// Section 三's 28 rows fit one landscape page in smaller cells.
	pdfLine3, pdfMinCellH3 = 4.2, 5.6
)

// PDF writes a's tables as a PDF titled for organName, in the TrueType
// font (notice.LoadFont's bytes), dated on.
func PDF(w io.Writer, a *report.Annual, organName string, font []byte, on calendar.Date) error {
	const op = "reportfile.PDF"
	title := Title(a.Year, organName)
	pdf, err := landscape(op, title, "统计表（国办公开办函〔2021〕30号格式）  制表日期："+on.String(), organName, font, on, 4)
	if err != nil {
		return err
	}
	g := &grid{pdf: pdf, line: pdfLine, minH: pdfMinCellH}
	width, _ := pdf.GetPageSize()
	g.width = width - 2*pdfMargin

	g.heading("二、主动公开政府信息情况")
	g.section2(a.Section2)
	pdf.AddPage()
	g.heading("三、收到和处理政府信息公开申请情况")
	g.section3(a.Section3)
	pdf.AddPage()
	g.heading("四、政府信息公开行政复议、行政诉讼情况")
	g.section4(a.Section4)
	if err := pdf.Error(); err != nil {
		return errs.Wrap(op, err)
	}
	var buf bytes.Buffer
	if err := pdf.Output(&buf); err != nil {
		return errs.Wrap(op, err)
	}
	_, err = buf.WriteTo(w)
	return err
}

// grid draws ruled tables: cells given by column and row, spanning
// several of each, their text wrapped and centred.
type grid struct {
	pdf        *fpdf.Fpdf
	width      float64
	line, minH float64   // a text line's and a row's least height (mm)
	cols       []float64 // x of each column's left edge, and the right edge last
	rows       []float64 // y of each row's top edge, and the bottom edge last
}

func (g *grid) heading(text string) {
	g.pdf.SetFont("song", "", pdfHeading)
	g.pdf.CellFormat(0, 8, text, "", 1, "L", false, 0, "")
	g.pdf.SetFont("song", "", pdfBody)
	g.pdf.Ln(1)
}

// lines wraps text to width w (mm).
func (g *grid) lines(text string, w float64) []string {
	out := g.pdf.SplitText(text, w-2*pdfCellPad)
	if len(out) == 0 {
		out = []string{""}
	}
	return out
}

// table starts a table of columns with widths (relative; scaled to the
// page) and rows of heights, at the current position.
func (g *grid) table(widths []float64, heights []float64) {
	sum := 0.0
	for _, w := range widths {
		sum += w
	}
	x := pdfMargin
	g.cols = []float64{x}
	for _, w := range widths {
		x += w * g.width / sum
		g.cols = append(g.cols, x)
	}
	y := g.pdf.GetY()
	g.rows = []float64{y}
	for _, h := range heights {
		y += h
		g.rows = append(g.rows, y)
	}
}

// end moves below the table.
func (g *grid) end() { g.pdf.SetXY(pdfMargin, g.rows[len(g.rows)-1]+6) }

// cell draws the cell from (col, row) spanning cs columns and rs rows.
func (g *grid) cell(col, row, cs, rs int, text string, align string) {
	x, y := g.cols[col], g.rows[row]
	w, h := g.cols[col+cs]-x, g.rows[row+rs]-y
	g.pdf.Rect(x, y, w, h, "D")
	ls := g.lines(text, w)
	top := y + (h-float64(len(ls))*g.line)/2
	for i, l := range ls {
		g.pdf.SetXY(x+pdfCellPad, top+float64(i)*g.line)
		g.pdf.CellFormat(w-2*pdfCellPad, g.line, l, "", 0, align, false, 0, "")
	}
}

// height is the height a row needs for texts in columns of widths (mm).
func (g *grid) height(widths []float64, texts ...string) float64 {
	h := g.minH
	for i, t := range texts {
		if n := float64(len(g.lines(t, widths[i])))*g.line + 1.4; t != "" && n > h {
			h = n
		}
	}
	return h
}

func n(v int) string { return strconv.Itoa(v) }

func (g *grid) section2(s report.Section2) {
	widths := []float64{3, 2, 2, 2}
	type block struct {
		title string
		cols  []string
		rows  [][]string
	}
	blocks := []block{
		{"第二十条第（一）项", []string{"本年制发件数", "本年废止件数", "现行有效件数"}, [][]string{
			{"规章", n(s.Rules.Issued), n(s.Rules.Repealed), n(s.Rules.InForce)},
			{"行政规范性文件", n(s.Normative.Issued), n(s.Normative.Repealed), n(s.Normative.InForce)}}},
		{"第二十条第（五）项", []string{"本年处理决定数量"}, [][]string{{"行政许可", n(s.Licensing.Decisions)}}},
		{"第二十条第（六）项", []string{"本年处理决定数量"}, [][]string{{"行政处罚", n(s.Penalty.Decisions)}, {"行政强制", n(s.Enforcement.Decisions)}}},
		{"第二十条第（八）项", []string{"本年收费金额（单位：万元）"}, [][]string{{"行政事业性收费", strconv.FormatFloat(s.Fees.AmountWanYuan, 'f', -1, 64)}}},
	}
	var heights []float64
	for _, b := range blocks {
		heights = append(heights, pdfMinCellH, pdfMinCellH)
		for range b.rows {
			heights = append(heights, pdfMinCellH)
		}
	}
	g.table(widths, heights)
	row := 0
	for _, b := range blocks {
		g.cell(0, row, 4, 1, b.title, "C")
		g.cell(0, row+1, 1, 1, "信息内容", "C")
		if len(b.cols) == 1 {
			g.cell(1, row+1, 3, 1, b.cols[0], "C")
		} else {
			for i, c := range b.cols {
				g.cell(1+i, row+1, 1, 1, c, "C")
			}
		}
		row += 2
		for _, r := range b.rows {
			g.cell(0, row, 1, 1, r[0], "C")
			if len(r) == 2 {
				g.cell(1, row, 3, 1, r[1], "C")
			} else {
				for i, v := range r[1:] {
					g.cell(1+i, row, 1, 1, v, "C")
				}
			}
			row++
		}
	}
	g.end()
}

func (g *grid) section3(s report.Section3) {
	g.line, g.minH = pdfLine3, pdfMinCellH3
	defer func() { g.line, g.minH = pdfLine, pdfMinCellH }()
	widths := []float64{22, 36, 97, 16, 16, 16, 16, 16, 16, 16}
	lines := report.Lines()
	sum := 0.0
	for _, w := range widths {
		sum += w
	}
	mm := func(ws ...float64) []float64 {
		out := make([]float64, len(ws))
		for i, w := range ws {
			out[i] = w * g.width / sum
		}
		return out
	}
	var labels []string
	for _, c := range report.ApplicantColumns[1:] {
		labels = append(labels, report.ColumnLabels[c])
	}
	heights := []float64{g.minH, g.minH, g.height(mm(widths[4:9]...), labels...)}
	for _, l := range lines {
		switch {
		case l.Group == "":
			heights = append(heights, g.height(mm(widths[0]+widths[1]+widths[2]), l.Part))
		case l.Item == "":
			heights = append(heights, g.height(mm(widths[1]+widths[2]), l.Group))
		default:
			heights = append(heights, g.height(mm(widths[2]), l.Item))
		}
	}
	g.table(widths, heights)
	g.cell(0, 0, 3, 3, "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）", "C")
	g.cell(3, 0, 7, 1, "申请人情况", "C")
	g.cell(3, 1, 1, 2, report.ColumnLabels[report.ColPerson], "C")
	g.cell(4, 1, 5, 1, "法人或其他组织", "C")
	for i, col := range report.ApplicantColumns[1:] {
		g.cell(4+i, 2, 1, 1, report.ColumnLabels[col], "C")
	}
	g.cell(9, 1, 1, 2, report.ColumnLabels[report.ColTotal], "C")
	cols := append(append([]string{}, report.ApplicantColumns...), report.ColTotal)
	for i, l := range lines {
		row := 3 + i
		switch {
		case l.Group == "":
			g.cell(0, row, 3, 1, l.Part, "L")
		default:
			if lines[i-1].Part != l.Part {
				span := 0
				for _, m := range lines[i:] {
					if m.Part == l.Part {
						span++
					}
				}
				g.cell(0, row, 1, span, l.Part, "C")
			}
			switch {
			case l.Item == "":
				g.cell(1, row, 2, 1, l.Group, "L")
			default:
				if lines[i-1].Group != l.Group {
					span := 0
					for _, m := range lines[i:] {
						if m.Group == l.Group && m.Item != "" {
							span++
						}
					}
					g.cell(1, row, 1, span, l.Group, "L")
				}
				g.cell(2, row, 1, 1, l.Item, "L")
			}
		}
		for j, c := range cols {
			g.cell(3+j, row, 1, 1, n(s.Rows[l.Key].Get(c)), "C")
		}
	}
	g.end()
}

func (g *grid) section4(s report.Section4) {
	widths := make([]float64, 15)
	for i := range widths {
		widths[i] = 1
	}
	g.table(widths, []float64{pdfMinCellH, pdfMinCellH, pdfMinCellH, pdfMinCellH})
	g.cell(0, 0, 5, 2, "行政复议", "C")
	g.cell(5, 0, 10, 1, "行政诉讼", "C")
	g.cell(5, 1, 5, 1, "未经复议直接起诉", "C")
	g.cell(10, 1, 5, 1, "复议后起诉", "C")
	for b, c := range []report.ReviewCounts{s.Reconsideration, s.LitigationDirect, s.LitigationAfterReconsideration} {
		for i, h := range []string{"结果维持", "结果纠正", "其他结果", "尚未审结", "总计"} {
			g.cell(5*b+i, 2, 1, 1, h, "C")
		}
		for i, v := range []int{c.Upheld, c.Corrected, c.Other, c.Pending, c.Total} {
			g.cell(5*b+i, 3, 1, 1, n(v), "C")
		}
	}
	g.end()
}

// landscape starts an A4 landscape PDF titled title, by organName, in the
// TrueType font, dated on (so the same data gives the same bytes), with
// page numbers in its footer, and opens its first page with the title, the
// subtitle under it and gap millimetres of space.
func landscape(op, title, subtitle, organName string, font []byte, on calendar.Date, gap float64) (*fpdf.Fpdf, error) {
	pdf := fpdf.New("L", "mm", "A4", "")
	pdf.SetMargins(pdfMargin, pdfMargin, pdfMargin)
	pdf.SetAutoPageBreak(false, pdfMargin)
	pdf.AddUTF8FontFromBytes("song", "", font)
	if pdf.SetFont("song", "", pdfBody); pdf.Error() != nil {
		return nil, errs.New(errs.Unavailable, op, "pdf_font_invalid", "PDF 字体文件无法使用（须为 TrueType 格式）。").WithErr(pdf.Error())
	}
	stamp := time.Date(on.Year, on.Month, on.Day, 12, 0, 0, 0, calendar.Zone)
	pdf.SetCreationDate(stamp)
	pdf.SetModificationDate(stamp)
	pdf.SetTitle(title, true)
	pdf.SetAuthor(organName, true)
	pdf.SetCreator("gongkai", true)
	pdf.SetFooterFunc(func() {
		pdf.SetY(-pdfMargin + 4)
		pdf.SetFont("song", "", pdfBody)
		pdf.CellFormat(0, pdfLine, fmt.Sprintf("第 %d 页", pdf.PageNo()), "", 0, "C", false, 0, "")
	})
	pdf.AddPage()
	pdf.SetFont("song", "", pdfTitle)
	pdf.CellFormat(0, 12, title, "", 1, "C", false, 0, "")
	pdf.SetFont("song", "", pdfBody)
	pdf.CellFormat(0, pdfLine, subtitle, "", 1, "C", false, 0, "")
	pdf.Ln(gap)
	return pdf, nil
}
