package interact

// The 12345 hotline import (12345 工单导入) for the 政务公开办: the upload
// page with the imported orders (by month, department and category) and
// their counts for a period; the import itself. A file with bad rows
// imports nothing: the page lists every bad row and offers to import the
// good rows only, which takes the same file again (the user chooses it
// once more) together with the SHA-256 of the file that was checked, so
// the confirmation applies to that file and no other. Work orders are
// staff-only: their content may hold personal data.

import (
	"bytes"
	"crypto/sha256"
	"encoding/csv"
	"encoding/hex"
	"errors"
	"html/template"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"

	"gongkai/internal/calendar"
	"gongkai/internal/errs"
	"gongkai/internal/interact"
	"gongkai/internal/web/kit"
)

// hotlineShownProblems bounds the problems the check page lists.
const hotlineShownProblems = 1000

func hotlineFuncs() template.FuncMap {
	return template.FuncMap{
		// hotlineShort is the start of a work order's text for the list.
		"hotlineShort": func(s string) string {
			if r := []rune(s); len(r) > 60 {
				return string(r[:60]) + "…"
			}
			return s
		},
	}
}

// hotlineFilter reads the list's filters: month (YYYY-MM), dept, category,
// page.
func hotlineFilter(q url.Values) (interact.HotlineFilter, string, error) {
	const op = "web.hotlineFilter"
	page, err := kit.PageParam(q)
	if err != nil {
		return interact.HotlineFilter{}, "", err
	}
	f := interact.HotlineFilter{Page: page, Category: strings.TrimSpace(q.Get("category")), DeptID: kit.FormID(q.Get("dept"))}
	month := strings.TrimSpace(q.Get("month"))
	if month != "" {
		from, err := calendar.ParseDate(month + "-01")
		if err != nil || len(month) != 7 {
			return f, month, errs.New(errs.Invalid, op, "invalid_month", "月份应为 YYYY-MM 格式，例如 2026-03。")
		}
		f.From, f.To = from, monthEnd(from)
	}
	return f, month, nil
}

// monthEnd is the last day of d's month.
func monthEnd(d calendar.Date) calendar.Date {
	next := calendar.Date{Year: d.Year, Month: d.Month, Day: 1}.AddDays(32)
	return calendar.Date{Year: next.Year, Month: next.Month, Day: 1}.AddDays(-1)
}

// hotlineData is the page's data: the filtered list and the counts of
// the period from–to (default: this month).
func (h *Handler) hotlineData(r *http.Request) (map[string]any, error) {
	ctx := r.Context()
	q := r.URL.Query()
	f, month, err := hotlineFilter(q)
	if err != nil {
		return nil, err
	}
	today := calendar.Today(h.Now())
	from, to := calendar.Date{Year: today.Year, Month: today.Month, Day: 1}, monthEnd(today)
	if v := q.Get("from"); v != "" {
		if from, err = kit.DateParam("统计起始日", v); err != nil {
			return nil, err
		}
	}
	if v := q.Get("to"); v != "" {
		if to, err = kit.DateParam("统计截止日", v); err != nil {
			return nil, err
		}
	}
	list, total, err := h.Store.HotlineOrders(ctx, f)
	if err != nil {
		return nil, err
	}
	counts, err := h.Store.HotlineCounts(ctx, from, to)
	if err != nil {
		return nil, err
	}
	byCat, byDept, sum := interact.HotlineTotals(counts)
	depts, err := h.Store.Departments(ctx)
	if err != nil {
		return nil, err
	}
	cats, err := h.Store.HotlineCategories(ctx)
	if err != nil {
		return nil, err
	}
	data := map[string]any{"Title": "12345 热线工单导入", "List": list, "Filter": f, "Month": month, "Depts": kit.DepartmentTree(depts),
		"Categories": cats, "Pager": kit.NewPager(r, f.Page, interact.DefaultHotlinePageSize, total), "Total": total,
		"From": from, "To": to, "ByCategory": byCat, "ByDept": byDept, "Sum": sum,
		"MaxMB": interact.MaxHotlineFile >> 20, "MaxRows": interact.MaxHotlineRows, "Columns": strings.Join(interact.HotlineColumns, "、")}
	if n, err := strconv.Atoi(q.Get("imported")); err == nil && n > 0 {
		data["Imported"] = n
		if k, err := strconv.Atoi(q.Get("skipped")); err == nil && k > 0 {
			data["Skipped"] = k
		}
	}
	return data, nil
}

// AdminHotlinePage serves GET /admin/hotline.
func (h *Handler) AdminHotlinePage(w http.ResponseWriter, r *http.Request) error {
	data, err := h.hotlineData(r)
	return h.Show(w, r, "admin_hotline", data, err)
}

// AdminImportHotline serves POST /admin/hotline: check the file; import
// it when every row is good, or its good rows when the user confirmed
// skipping the bad ones of this very file.
func (h *Handler) AdminImportHotline(w http.ResponseWriter, r *http.Request) error {
	const op = "web.adminImportHotline"
	ctx := r.Context()
	fail := func(err error) error {
		return h.FormPage(w, r, err, func() (string, map[string]any, error) {
			data, err := h.hotlineData(r)
			return "admin_hotline", data, err
		})
	}
	if r.MultipartForm == nil || len(r.MultipartForm.File["file"]) == 0 || r.MultipartForm.File["file"][0].Size == 0 {
		return fail(errs.New(errs.Invalid, op, "file_required", "请选择要导入的工单文件（.xlsx 或 .csv）。"))
	}
	hdr := r.MultipartForm.File["file"][0]
	if hdr.Size > interact.MaxHotlineFile {
		return fail(errs.Newf(errs.Invalid, op, "file_too_large", "文件不能超过 %d MB：请分月导出后分批导入。", interact.MaxHotlineFile>>20))
	}
	file, err := hdr.Open()
	if err != nil {
		return fail(errs.New(errs.Invalid, op, "bad_upload", "文件读取失败，请重新上传。"))
	}
	defer file.Close()
	data, err := io.ReadAll(io.LimitReader(file, interact.MaxHotlineFile+1))
	if err != nil || len(data) > interact.MaxHotlineFile {
		return fail(errs.New(errs.Invalid, op, "bad_upload", "文件读取失败，请重新上传。"))
	}
	rows, err := hotlineRows(hdr.Filename, data)
	if err != nil {
		return fail(err)
	}
	depts, err := h.Store.Departments(ctx)
	if err != nil {
		return err
	}
	ids := map[string]int64{}
	for _, d := range depts {
		ids[d.Code], ids[d.Name] = d.ID, d.ID
	}
	orders, problems := interact.ParseHotline(rows, func(s string) (int64, bool) { id, ok := ids[s]; return id, ok }, calendar.Today(h.Now()))
	var numbers []string
	for _, o := range orders {
		if o.Number != "" {
			numbers = append(numbers, o.Number)
		}
	}
	exists, err := h.Store.HotlineNumbersExist(ctx, numbers)
	if err != nil {
		return err
	}
	orders, problems = interact.DropExisting(orders, problems, exists)
	sum := sha256.Sum256(data)
	digest := hex.EncodeToString(sum[:])
	confirmed := r.PostFormValue("skip_bad") == "1" && r.PostFormValue("sha256") == digest
	if len(problems) > 0 && (!confirmed || len(orders) == 0) {
		shown := problems
		if len(shown) > hotlineShownProblems {
			shown = shown[:hotlineShownProblems]
		}
		h.Render(w, r, http.StatusBadRequest, "admin_hotline_check", map[string]any{"Title": "工单文件检查结果", "Problems": shown,
			"AllProblems": len(problems), "BadRows": interact.BadRows(problems), "Good": len(orders), "SHA256": digest,
			"FileName": hdr.Filename, "Changed": r.PostFormValue("skip_bad") == "1" && !confirmed})
		return nil
	}
	n, err := h.Store.ImportHotline(ctx, kit.Actor(r), orders)
	if err != nil {
		return fail(err)
	}
	to := "/admin/hotline?imported=" + strconv.Itoa(n)
	if len(problems) > 0 {
		to += "&skipped=" + strconv.Itoa(interact.BadRows(problems))
	}
	return kit.Redirect(w, r, to, "")
}

// hotlineRows reads the cells of an XLSX workbook's first sheet or of a
// UTF-8 CSV file, at most one header and MaxHotlineRows rows.
func hotlineRows(name string, data []byte) ([][]string, error) {
	const op = "web.hotlineRows"
	lower := strings.ToLower(name)
	tooMany := errs.Newf(errs.Invalid, op, "too_many_rows", "一个文件最多 %d 行工单：请分月导出后分批导入。", interact.MaxHotlineRows)
	switch {
	case strings.HasSuffix(lower, ".xlsx") && bytes.HasPrefix(data, []byte("PK\x03\x04")):
		f, err := excelize.OpenReader(bytes.NewReader(data), excelize.Options{UnzipSizeLimit: 128 << 20, UnzipXMLSizeLimit: 64 << 20})
		if err != nil {
			return nil, errs.New(errs.Invalid, op, "bad_xlsx", "无法读取该 Excel 文件：请确认是 .xlsx 工作簿且未加密。").WithErr(err)
		}
		defer f.Close()
		it, err := f.Rows(f.GetSheetName(0))
		if err != nil {
			return nil, errs.New(errs.Invalid, op, "bad_xlsx", "无法读取该 Excel 文件的第一个工作表。").WithErr(err)
		}
		defer it.Close()
		var rows [][]string
		for it.Next() {
			if len(rows) > interact.MaxHotlineRows {
				return nil, tooMany
			}
			cells, err := it.Columns()
			if err != nil {
				return nil, errs.New(errs.Invalid, op, "bad_xlsx", "无法读取该 Excel 文件的第一个工作表。").WithErr(err)
			}
			rows = append(rows, cells)
		}
		if err := it.Error(); err != nil {
			return nil, errs.New(errs.Invalid, op, "bad_xlsx", "无法读取该 Excel 文件的第一个工作表。").WithErr(err)
		}
		return rows, nil
	case strings.HasSuffix(lower, ".csv"):
		data = bytes.TrimPrefix(data, []byte("\ufeff"))
		if !utf8.Valid(data) || bytes.IndexByte(data, 0) >= 0 {
			return nil, errs.New(errs.Invalid, op, "csv_not_utf8", "CSV 文件应为 UTF-8 编码：在 Excel 中选择“另存为”→“CSV UTF-8（逗号分隔）”，或直接上传 .xlsx 文件。")
		}
		cr := csv.NewReader(bytes.NewReader(data))
		cr.FieldsPerRecord = -1
		var rows [][]string
		for {
			rec, err := cr.Read()
			if err == io.EOF {
				return rows, nil
			}
			var pe *csv.ParseError
			if errors.As(err, &pe) {
				return nil, errs.Newf(errs.Invalid, op, "bad_csv", "CSV 文件第 %d 行格式有误（引号不成对或多余）。", pe.StartLine)
			}
			if err != nil {
				return nil, errs.New(errs.Invalid, op, "bad_csv", "无法读取该 CSV 文件。").WithErr(err)
			}
			if len(rows) > interact.MaxHotlineRows {
				return nil, tooMany
			}
			rows = append(rows, rec)
		}
	}
	return nil, errs.New(errs.Invalid, op, "unsupported_file", "只能导入 Excel 工作簿（.xlsx）或 UTF-8 编码的 CSV 文件（.csv）。")
}
