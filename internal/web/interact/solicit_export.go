package interact

// The export of a solicitation's comments for the drafting office.

import (
	"bytes"
	"encoding/csv"
	"io"
	"strings"

	"github.com/xuri/excelize/v2"

	"gongkai/internal/errs"
	"gongkai/internal/interact"
)

// The export formats.
const (
	exportXLSX = "xlsx"
	exportCSV  = "csv"
)

// commentHeads are the columns of both formats.
var commentHeads = []string{"留言编号", "收到日期", "意见内容", "办理状态"}

// csvFormula are the first characters a spreadsheet reads as a formula; a
// cell starting with one is prefixed with an apostrophe so an opened CSV
// never runs what a writer typed.
const csvFormula = "=+-@\t\r"

// writeComments writes the comments of the solicitation titled title in
// format (exportXLSX or exportCSV) to w.
func writeComments(w io.Writer, format, title string, rows []interact.CommentRow) error {
	const op = "web.writeComments"
	switch format {
	case exportCSV:
		var buf bytes.Buffer
		buf.WriteString("\uFEFF") // so spreadsheet programs read UTF-8
		cw := csv.NewWriter(&buf)
		_ = cw.Write(commentHeads)
		for _, r := range rows {
			cells := []string{r.Number, r.ReceivedOn.String(), r.Content, r.Status.Label()}
			for i, c := range cells {
				if c != "" && strings.ContainsRune(csvFormula, rune(c[0])) {
					cells[i] = "'" + c
				}
			}
			_ = cw.Write(cells)
		}
		cw.Flush()
		if err := cw.Error(); err != nil {
			return errs.Wrap(op, err)
		}
		_, err := buf.WriteTo(w)
		return err
	case exportXLSX:
		f := excelize.NewFile()
		defer f.Close()
		sheet := "意见"
		if err := f.SetSheetName(f.GetSheetName(0), sheet); err != nil {
			return errs.Wrap(op, err)
		}
		_ = f.SetDocProps(&excelize.DocProperties{Title: title + " 意见汇总", Language: "zh-CN"})
		head, _ := f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true}})
		wrap, _ := f.NewStyle(&excelize.Style{Alignment: &excelize.Alignment{WrapText: true, Vertical: "top"}})
		for i, width := range []float64{16, 12, 80, 12} {
			col, _ := excelize.ColumnNumberToName(i + 1)
			_ = f.SetColWidth(sheet, col, col, width)
		}
		for i, h := range commentHeads {
			cell, _ := excelize.CoordinatesToCellName(i+1, 1)
			_ = f.SetCellStr(sheet, cell, h)
			_ = f.SetCellStyle(sheet, cell, cell, head)
		}
		for n, r := range rows {
			for i, v := range []string{r.Number, r.ReceivedOn.String(), r.Content, r.Status.Label()} {
				cell, _ := excelize.CoordinatesToCellName(i+1, n+2)
				// SetCellStr keeps every value text: nothing a writer typed
				// becomes a formula.
				if err := f.SetCellStr(sheet, cell, v); err != nil {
					return errs.Wrap(op, err)
				}
				if i == 2 {
					_ = f.SetCellStyle(sheet, cell, cell, wrap)
				}
			}
		}
		_ = f.SetPanes(sheet, &excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft"})
		_, err := f.WriteTo(w)
		return errs.Wrap(op, err)
	}
	return errs.New(errs.Invalid, op, "invalid_format", "导出格式应为 xlsx 或 csv。")
}

// exportContentType is the media type of a format.
func exportContentType(format string) string {
	if format == exportCSV {
		return "text/csv; charset=utf-8"
	}
	return "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
}
