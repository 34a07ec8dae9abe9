package interact

import (
	"cmp"
	"fmt"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"gongkai/internal/calendar"
)

// HotlineOrder is one 12345 hotline work order as the city platform
// exports it: the day, a category, the department that handled it, what
// the caller asked and the answer. Content and Reply may hold personal
// data in free text: staff only, never on a public page.
type HotlineOrder struct {
	ID       int64
	Number   string // 工单号, optional; unique when given
	Date     calendar.Date
	Category string
	DeptID   int64
	Content  string
	Reply    string
	// Row is the order's row in the imported file (for messages).
	Row        int
	ImportedBy string
	Imported   time.Time

	DeptName string // read model
}

// The limits of a work order's fields and of one import.
const (
	MaxHotlineNumber   = 40
	MaxHotlineCategory = 30
	MaxHotlineContent  = 5000
	MaxHotlineReply    = 5000
	MaxHotlineRows     = 20000
	MaxHotlineFile     = 5 << 20
)

// HotlineColumns are the columns an import reads: the required ones, in
// the platform's order, then the optional 工单号.
var HotlineColumns = []string{"日期", "类别", "部门", "内容", "答复"}

// HotlineNumberColumn is the optional column of the work-order number.
const HotlineNumberColumn = "工单号"

// HotlineProblem is what is wrong with one row of an import: its number as
// the spreadsheet shows it (the header is row 1), the column ("" for the
// row as a whole) and a Chinese message.
type HotlineProblem struct {
	Row     int
	Column  string
	Message string
}

// HotlineDepts resolves the 部门 cell (a department's name or code) to its
// id; ok is false for a department the platform does not know.
type HotlineDepts func(nameOrCode string) (id int64, ok bool)

// ParseHotline reads the rows of an export (rows[0] the header, columns
// in any order) into work orders. Every bad cell of every row is reported,
// each row's problems in column order; a row with a problem gives no
// order. Empty rows are skipped. A header without a required column, or
// no header at all, is one problem of row 1 and no orders. A date after
// today is refused (an export holds past calls), as is a 工单号 that an
// earlier row already has.
func ParseHotline(rows [][]string, depts HotlineDepts, today calendar.Date) ([]HotlineOrder, []HotlineProblem) {
	if len(rows) == 0 {
		return nil, []HotlineProblem{{Row: 1, Message: "文件为空：第 1 行应为表头（" + strings.Join(HotlineColumns, "、") + "）。"}}
	}
	col := map[string]int{}
	for i, h := range rows[0] {
		h = strings.TrimSpace(strings.TrimPrefix(h, "\ufeff"))
		if _, dup := col[h]; !dup && h != "" {
			col[h] = i
		}
	}
	var missing []string
	for _, h := range HotlineColumns {
		if _, ok := col[h]; !ok {
			missing = append(missing, "“"+h+"”")
		}
	}
	if len(missing) > 0 {
		return nil, []HotlineProblem{{Row: 1, Message: fmt.Sprintf("表头缺少%s列。第 1 行应为：%s（可另加“工单号”列）。",
			strings.Join(missing, "、"), strings.Join(HotlineColumns, "、"))}}
	}
	numberCol, hasNumber := col[HotlineNumberColumn]
	var orders []HotlineOrder
	var problems []HotlineProblem
	seen := map[string]int{}
	for i, row := range rows[1:] {
		n := i + 2
		if strings.TrimSpace(strings.Join(row, "")) == "" {
			continue
		}
		cell := func(j int) string {
			if j < len(row) {
				return strings.TrimSpace(row[j])
			}
			return ""
		}
		var ps []HotlineProblem
		bad := func(column, format string, args ...any) {
			ps = append(ps, HotlineProblem{Row: n, Column: column, Message: fmt.Sprintf(format, args...)})
		}
		o := HotlineOrder{Row: n, Category: cell(col["类别"]), Content: cell(col["内容"]), Reply: cell(col["答复"])}
		for _, v := range row {
			if !utf8.ValidString(v) || strings.ContainsFunc(v, func(r rune) bool { return r < 0x20 && r != '\n' && r != '\r' && r != '\t' }) {
				bad("", "含有无法识别的字符（控制字符或非 UTF-8 编码）。")
				break
			}
		}
		if hasNumber {
			o.Number = cell(numberCol)
			switch {
			case tooLong(o.Number, MaxHotlineNumber):
				bad(HotlineNumberColumn, "工单号不能超过 %d 个字符。", MaxHotlineNumber)
			case o.Number != "":
				if prev, dup := seen[o.Number]; dup {
					bad(HotlineNumberColumn, "工单号“%s”与第 %d 行重复。", o.Number, prev)
				} else {
					seen[o.Number] = n
				}
			}
		}
		switch d, err := calendar.ParseDate(cell(col["日期"])); {
		case cell(col["日期"]) == "":
			bad("日期", "日期为空。")
		case err != nil:
			bad("日期", "日期“%s”无效，应为 YYYY-MM-DD 格式，例如 2026-03-02。", cell(col["日期"]))
		case d.After(today):
			bad("日期", "日期 %s 晚于今天。", d)
		default:
			o.Date = d
		}
		switch {
		case o.Category == "":
			bad("类别", "类别为空。")
		case tooLong(o.Category, MaxHotlineCategory):
			bad("类别", "类别不能超过 %d 个字。", MaxHotlineCategory)
		}
		switch dept := cell(col["部门"]); {
		case dept == "":
			bad("部门", "部门为空。")
		default:
			id, ok := depts(dept)
			if !ok {
				bad("部门", "没有名称或编码为“%s”的部门。", dept)
			}
			o.DeptID = id
		}
		switch {
		case o.Content == "":
			bad("内容", "内容为空。")
		case tooLong(o.Content, MaxHotlineContent):
			bad("内容", "内容不能超过 %d 个字。", MaxHotlineContent)
		}
		if tooLong(o.Reply, MaxHotlineReply) {
			bad("答复", "答复不能超过 %d 个字。", MaxHotlineReply)
		}
		if len(ps) > 0 {
			problems = append(problems, ps...)
			continue
		}
		orders = append(orders, o)
	}
	if len(orders) == 0 && len(problems) == 0 {
		problems = append(problems, HotlineProblem{Row: 2, Message: "表头以下没有数据行。"})
	}
	return orders, problems
}

// DropExisting removes the orders whose 工单号 is already stored (exists
// says which) and reports each as a problem of its row, in row order
// with the others.
func DropExisting(orders []HotlineOrder, problems []HotlineProblem, exists map[string]bool) ([]HotlineOrder, []HotlineProblem) {
	var kept []HotlineOrder
	for _, o := range orders {
		if o.Number != "" && exists[o.Number] {
			problems = append(problems, HotlineProblem{Row: o.Row, Column: HotlineNumberColumn, Message: fmt.Sprintf("工单号“%s”已导入过，不能重复导入。", o.Number)})
			continue
		}
		kept = append(kept, o)
	}
	slices.SortStableFunc(problems, func(a, b HotlineProblem) int { return cmp.Compare(a.Row, b.Row) })
	return kept, problems
}

// BadRows is the number of distinct rows with a problem.
func BadRows(problems []HotlineProblem) int {
	rows := map[int]bool{}
	for _, p := range problems {
		rows[p.Row] = true
	}
	return len(rows)
}

// HotlineFilter narrows the list of imported orders. The zero value is
// every order, newest day first.
type HotlineFilter struct {
	From, To calendar.Date // the days From ≤ day ≤ To; zero: unbounded
	DeptID   int64
	Category string
	Page     int // from 1
	Size     int // 1–MaxHotlinePageSize; 0 is DefaultHotlinePageSize
}

// The list's page sizes.
const (
	DefaultHotlinePageSize = 50
	MaxHotlinePageSize     = 500
)

// HotlineCount is the number of orders of one category handled by one
// department in a period.
type HotlineCount struct {
	Category string
	DeptID   int64
	DeptName string
	N        int
}

// HotlineTotal is a sum of counts under one label (a category or a
// department).
type HotlineTotal struct {
	Label string
	N     int
}

// HotlineTotals sums counts per category and per department, largest
// first (ties by label).
func HotlineTotals(counts []HotlineCount) (byCategory, byDept []HotlineTotal, total int) {
	cat, dept := map[string]int{}, map[string]int{}
	for _, c := range counts {
		cat[c.Category] += c.N
		dept[c.DeptName] += c.N
		total += c.N
	}
	sorted := func(m map[string]int) []HotlineTotal {
		out := make([]HotlineTotal, 0, len(m))
		for k, n := range m {
			out = append(out, HotlineTotal{k, n})
		}
		slices.SortFunc(out, func(a, b HotlineTotal) int { return cmp.Or(cmp.Compare(b.N, a.N), strings.Compare(a.Label, b.Label)) })
		return out
	}
	return sorted(cat), sorted(dept), total
}
