package publish

// The standard catalog (政务公开标准目录) as files: staff keep it in Excel.
// Export writes CSV, XLSX and JSON with the national template's column
// names; import reads XLSX back, mapping the Chinese labels to codes. These
// are pure functions over []*publish.CatalogItem; the handlers that call
// them are in admin_publish_ref.go.

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"io"
	"strings"

	"github.com/xuri/excelize/v2"

	"gongkai/internal/errs"
	"gongkai/internal/publish"
)

// apCatalogSheet is the name of the worksheet the XLSX holds.
const apCatalogSheet = "标准目录"

// apCatalogHeader is the header row, in the national template's order.
var apCatalogHeader = []string{"编码", "领域", "一级事项", "二级事项", "公开内容（要素）", "公开依据", "公开时限", "公开主体",
	"公开渠道和载体", "公开对象", "公开方式", "公开层级", "责任部门"}

// apMaxCatalogRows bounds an import; a district catalog has a few hundred rows.
const apMaxCatalogRows = 5000

// apCatalogRow is one item as the text cells of the header's columns.
func apCatalogRow(c *publish.CatalogItem, deptCode map[int64]string) []string {
	return []string{c.Code, c.Area, c.Level1, c.Level2, c.Content, c.Basis, c.TimeLimit, c.Subject,
		strings.Join(c.Channels, "、"), publish.AudienceLabel[c.Audience], publish.ModeLabel[c.Mode], publish.LevelLabel[c.Level],
		deptCode[c.DeptID]}
}

// apWriteCatalogCSV writes UTF-8 with a byte-order mark, which Excel needs to
// read Chinese correctly. Cells that a spreadsheet would take for a
// formula are prefixed with an apostrophe (CSV injection).
func apWriteCatalogCSV(w io.Writer, items []*publish.CatalogItem, deptCode map[int64]string) error {
	if _, err := io.WriteString(w, "\ufeff"); err != nil {
		return err
	}
	cw := csv.NewWriter(w)
	cw.UseCRLF = true
	if err := cw.Write(apCatalogHeader); err != nil {
		return err
	}
	for _, c := range items {
		row := apCatalogRow(c, deptCode)
		for i, v := range row {
			if v != "" && strings.ContainsRune("=+-@\t\r", rune(v[0])) {
				row[i] = "'" + v
			}
		}
		if err := cw.Write(row); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

// apWriteCatalogXLSX writes one worksheet "标准目录" with the header row.
// Every cell is written as a string, so nothing is evaluated as a formula.
func apWriteCatalogXLSX(w io.Writer, items []*publish.CatalogItem, deptCode map[int64]string) error {
	f := excelize.NewFile()
	defer f.Close()
	if err := f.SetSheetName(f.GetSheetName(0), apCatalogSheet); err != nil {
		return err
	}
	sw, err := f.NewStreamWriter(apCatalogSheet)
	if err != nil {
		return err
	}
	if err := sw.SetColWidth(1, len(apCatalogHeader), 18); err != nil {
		return err
	}
	put := func(row int, cells []string) error {
		vals := make([]any, len(cells))
		for i, c := range cells {
			vals[i] = excelize.Cell{Value: c}
		}
		axis, _ := excelize.CoordinatesToCellName(1, row)
		return sw.SetRow(axis, vals)
	}
	if err := put(1, apCatalogHeader); err != nil {
		return err
	}
	for i, c := range items {
		if err := put(i+2, apCatalogRow(c, deptCode)); err != nil {
			return err
		}
	}
	if err := sw.Flush(); err != nil {
		return err
	}
	_, err = f.WriteTo(w)
	return err
}

func apWriteCatalogJSON(w io.Writer, items []*publish.CatalogItem, deptCode map[int64]string) error {
	out := make([]publish.CatalogRecord, len(items))
	for i, c := range items {
		out[i] = c.Record(deptCode[c.DeptID])
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(map[string]any{"items": out})
}

// apCodeOf maps a label (or the code itself) back to its code.
func apCodeOf(labels map[string]string, v string) (string, bool) {
	v = strings.TrimSpace(v)
	for code, label := range labels {
		if v == label || v == code {
			return code, true
		}
	}
	return "", false
}

func apRowError(row int, format string, args ...any) error {
	return publish.LineError(row, errs.Newf(errs.Invalid, "web.apReadCatalogXLSX", "invalid_catalog_row", format, args...))
}

// apReadCatalogXLSX reads the sheet "标准目录" (or else the first sheet). The
// first row names the columns, in any order; every column of the header
// must be there. Rows are numbered as Excel shows them in error messages.
// Empty rows are skipped; positions follow the rows.
func apReadCatalogXLSX(r io.Reader, deptID map[string]int64) ([]*publish.CatalogItem, error) {
	const op = "web.apReadCatalogXLSX"
	f, err := excelize.OpenReader(r)
	if err != nil {
		return nil, errs.New(errs.Invalid, op, "bad_xlsx", "无法读取该文件：请上传 Excel 工作簿（.xlsx）。").WithErr(err)
	}
	defer f.Close()
	sheet := apCatalogSheet
	if idx, _ := f.GetSheetIndex(sheet); idx < 0 {
		sheet = f.GetSheetName(0)
	}
	rows, err := f.GetRows(sheet)
	if err != nil {
		return nil, errs.New(errs.Invalid, op, "bad_xlsx", "无法读取工作表“"+sheet+"”。").WithErr(err)
	}
	if len(rows) == 0 {
		return nil, errs.New(errs.Invalid, op, "empty_xlsx", "工作表为空：第 1 行应为表头（编码、领域、一级事项……）。")
	}
	if len(rows) > apMaxCatalogRows+1 {
		return nil, errs.Newf(errs.Invalid, op, "too_many_rows", "一次最多导入 %d 行。", apMaxCatalogRows)
	}
	col := map[string]int{}
	for i, h := range rows[0] {
		col[strings.TrimSpace(strings.TrimPrefix(h, "\ufeff"))] = i
	}
	for _, h := range apCatalogHeader {
		if _, ok := col[h]; !ok {
			return nil, errs.Newf(errs.Invalid, op, "missing_column", "第 1 行（表头）缺少“%s”列。表头应为：%s。", h, strings.Join(apCatalogHeader, "、"))
		}
	}
	var items []*publish.CatalogItem
	seen := map[string]int{}
	for i, row := range rows[1:] {
		n := i + 2
		cell := func(h string) string {
			if j := col[h]; j < len(row) {
				return strings.TrimSpace(row[j])
			}
			return ""
		}
		if strings.TrimSpace(strings.Join(row, "")) == "" {
			continue
		}
		c := &publish.CatalogItem{Code: cell("编码"), Area: cell("领域"), Level1: cell("一级事项"), Level2: cell("二级事项"),
			Content: cell("公开内容（要素）"), Basis: cell("公开依据"), TimeLimit: cell("公开时限"), Subject: cell("公开主体"),
			Position: len(items) + 1}
		for _, ch := range strings.FieldsFunc(cell("公开渠道和载体"), func(r rune) bool { return r == '、' || r == '\n' || r == '；' || r == ';' }) {
			c.Channels = append(c.Channels, strings.TrimSpace(ch))
		}
		var ok bool
		if c.Audience, ok = apCodeOf(publish.AudienceLabel, cell("公开对象")); !ok {
			return nil, apRowError(n, "公开对象“%s”应为“全社会”或“特定群体”。", cell("公开对象"))
		}
		if c.Mode, ok = apCodeOf(publish.ModeLabel, cell("公开方式")); !ok {
			return nil, apRowError(n, "公开方式“%s”应为“主动”或“依申请”。", cell("公开方式"))
		}
		if c.Level, ok = apCodeOf(publish.LevelLabel, cell("公开层级")); !ok {
			return nil, apRowError(n, "公开层级“%s”应为县级、乡级或村级。", cell("公开层级"))
		}
		if dept := cell("责任部门"); dept != "" {
			if c.DeptID, ok = deptID[dept]; !ok {
				return nil, apRowError(n, "责任部门“%s”不存在，请填写部门编码（如 jy-dzb）。", dept)
			}
		}
		c.Normalize()
		if err := c.Validate(); err != nil {
			_, msg := errs.Public(err)
			return nil, apRowError(n, "%s", msg)
		}
		if prev, dup := seen[c.Code]; dup {
			return nil, apRowError(n, "编码“%s”与第 %d 行重复。", c.Code, prev)
		}
		seen[c.Code] = n
		items = append(items, c)
	}
	if len(items) == 0 {
		return nil, errs.New(errs.Invalid, op, "empty_xlsx", "表头以下没有数据行。")
	}
	return items, nil
}

// apIsXLSX reports whether data looks like a ZIP container (an .xlsx is one).
func apIsXLSX(data []byte) bool { return bytes.HasPrefix(data, []byte("PK\x03\x04")) }
