package reportfile

import (
	"bytes"
	"io"

	"gongkai/internal/calendar"
	"gongkai/internal/errs"
	"gongkai/internal/report"
)

// BulletinPDF writes b's ranking as a PDF titled for organName, in the
// TrueType font (notice.LoadFont's bytes), dated on: A4 landscape, the
// annual report's ruled grid, the headings repeated on each page.
func BulletinPDF(w io.Writer, b *report.Bulletin, organName string, font []byte, on calendar.Date) error {
	const op = "reportfile.BulletinPDF"
	title := BulletinTitle(b.Quarter, organName)
	pdf, err := landscape(op, title, "制表日期："+on.String()+"  “—”为本季度无可计量的事项，不计入该部门得分", organName, font, on, 3)
	if err != nil {
		return err
	}
	g := &grid{pdf: pdf, line: pdfLine3, minH: pdfMinCellH3}
	width, height := pdf.GetPageSize()
	g.width = width - 2*pdfMargin

	heads := BulletinHeads(b.Indicators)
	widths := []float64{2.2, 6}
	for range b.Indicators {
		widths = append(widths, 3.6, 2.4)
	}
	widths = append(widths, 2.6, 5)
	mm := make([]float64, len(widths))
	sum := 0.0
	for _, v := range widths {
		sum += v
	}
	for i, v := range widths {
		mm[i] = v * g.width / sum
	}
	bottom := height - pdfMargin - 6
	header := func() {
		g.table(widths, []float64{g.height(mm, heads...)})
		for i, h := range heads {
			g.cell(i, 0, 1, 1, h, "C")
		}
		pdf.SetXY(pdfMargin, g.rows[1])
	}
	header()
	for _, r := range b.Ranking {
		row := BulletinRow(b, r)
		h := g.height(mm, row...)
		if pdf.GetY()+h > bottom {
			pdf.AddPage()
			header()
		}
		g.table(widths, []float64{h})
		for i, v := range row {
			g.cell(i, 0, 1, 1, v, "C")
		}
		pdf.SetXY(pdfMargin, g.rows[1])
	}
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
