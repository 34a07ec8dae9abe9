package reportfile

import (
	"io"

	"github.com/xuri/excelize/v2"

	"gongkai/internal/report"
)

// SheetBulletin is the bulletin workbook's one sheet.
const SheetBulletin = "季度通报"

// BulletinTitle is the bulletin's title for organ (its name, "" for none).
func BulletinTitle(q report.Quarter, organ string) string {
	return organ + q.Label() + "政务公开工作通报"
}

// BulletinHeads are the ranking table's headings: rank, department, each
// indicator's value and points, score and change.
func BulletinHeads(ins []report.Indicator) []string {
	heads := []string{"排名", "部门"}
	for _, in := range ins {
		heads = append(heads, in.Label, in.Label+"得分")
	}
	return append(heads, "总分", "较上季度")
}

// BulletinRow is one line of the ranking as text, in BulletinHeads' order.
func BulletinRow(b *report.Bulletin, r report.Ranked) []string {
	vals := b.ValuesOf(r.DeptID)
	row := []string{n(r.Rank), r.Name}
	for _, in := range b.Indicators {
		v, ok := vals[in.Code]
		p, pok := r.Points[in.Code]
		row = append(row, report.FormatValue(in, v, ok), report.FormatPoints(p, pok))
	}
	change := r.Change()
	if s := r.ScoreChange(); s != "" {
		change += "，" + s
	}
	return append(row, report.FormatPoints(r.Score, true), change)
}

// BulletinXLSX writes b's ranking as a workbook titled for organName: the
// title, the headings and one row per department, best first.
func BulletinXLSX(w io.Writer, b *report.Bulletin, organName string) error {
	f := excelize.NewFile()
	defer f.Close()
	x := &book{f: f}
	if err := x.styles(); err != nil {
		return err
	}
	title := BulletinTitle(b.Quarter, organName)
	if err := f.SetDocProps(&excelize.DocProperties{Title: title, Creator: organName, Language: "zh-CN"}); err != nil {
		return err
	}
	if err := f.SetSheetName("Sheet1", SheetBulletin); err != nil {
		return err
	}
	heads := BulletinHeads(b.Indicators)
	x.put(SheetBulletin, 1, 1, len(heads), 1, title, true)
	for i, h := range heads {
		x.put(SheetBulletin, i+1, 2, i+1, 2, h, true)
	}
	for j, r := range b.Ranking {
		for i, v := range BulletinRow(b, r) {
			x.put(SheetBulletin, i+1, j+3, i+1, j+3, v, false)
		}
	}
	widths := []float64{6, 22}
	for range b.Indicators {
		widths = append(widths, 14, 8)
	}
	x.widths(SheetBulletin, append(widths, 8, 22)...)
	if x.err != nil {
		return x.err
	}
	_, err := f.WriteTo(w)
	return err
}
