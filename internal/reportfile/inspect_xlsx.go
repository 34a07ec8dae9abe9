package reportfile

import (
	"io"
	"strings"

	"github.com/xuri/excelize/v2"

	"gongkai/internal/calendar"
	"gongkai/internal/report"
)

// The sheets of the self-inspection's workbook.
const (
	SheetVerdict  = "结论"
	SheetFindings = "问题清单"
	SheetLinks    = "链接"
)

// InspectionXLSX writes ins as a workbook for the departments that fix its
// problems: the verdict with every rule line, the findings with their
// department and fix-by date, and the problem links.
func InspectionXLSX(w io.Writer, ins *report.Inspection) error {
	f := excelize.NewFile()
	defer f.Close()
	x := &book{f: f}
	if err := x.styles(); err != nil {
		return err
	}
	at := ins.At.In(calendar.Zone).Format("2006-01-02 15:04")
	if err := f.SetDocProps(&excelize.DocProperties{Title: "网站自查结果 " + at, Language: "zh-CN"}); err != nil {
		return err
	}
	if err := f.SetSheetName("Sheet1", SheetVerdict); err != nil {
		return err
	}
	for _, s := range []string{SheetFindings, SheetLinks} {
		if _, err := f.NewSheet(s); err != nil {
			return err
		}
	}
	x.inspectVerdict(ins, at)
	x.inspectFindings(ins)
	x.inspectLinks(ins)
	if x.err != nil {
		return x.err
	}
	_, err := f.WriteTo(w)
	return err
}

// row writes one line of cells from column 1.
func (x *book) row(sheet string, row int, head bool, cells ...any) {
	for i, v := range cells {
		x.put(sheet, i+1, row, i+1, row, v, head)
	}
}

func (x *book) inspectVerdict(ins *report.Inspection, at string) {
	const sh = SheetVerdict
	v := ins.Verdict
	x.widths(sh, 12, 60, 10, 10, 10, 8)
	x.put(sh, 1, 1, 6, 1, "网站自查结果（国办秘函〔2019〕19号）", true)
	x.row(sh, 2, false, "受检地址", ins.Crawl.Home)
	x.row(sh, 3, false, "检查时间", at)
	x.row(sh, 4, false, "结论", v.Result)
	x.row(sh, 5, false, "得分", v.Score)
	x.row(sh, 6, false, "说明", v.Reason)
	x.row(sh, 7, false, "检查范围", "页面 "+n(ins.Crawl.Pages)+" 个，链接 "+n(ins.Crawl.Links)+" 个")
	x.row(sh, 9, true, "类别", "指标", "问题数", "计入否决", "扣分", "否决")
	for i, l := range v.Lines {
		veto := ""
		if l.Veto {
			veto = "是"
		}
		x.row(sh, 10+i, false, l.Group, l.Item, l.Count, l.Counted, l.Deducted, veto)
	}
}

func (x *book) inspectFindings(ins *report.Inspection) {
	const sh = SheetFindings
	x.widths(sh, 6, 20, 36, 50, 24, 12)
	x.row(sh, 1, true, "序号", "类型", "对象", "说明", "责任部门", "整改期限")
	item := map[string]string{}
	for _, l := range ins.Verdict.Lines {
		item[l.Code] = l.Item
	}
	for i, f := range ins.Findings {
		kind := item[f.Code]
		if kind == "" {
			kind = f.Code
		}
		fix := ""
		if !f.FixBy.IsZero() {
			fix = f.FixBy.String()
		}
		x.row(sh, 2+i, false, i+1, kind, f.Subject, f.Detail, ins.Owner(f.Depts), fix)
	}
}

func (x *book) inspectLinks(ins *report.Inspection) {
	const sh = SheetLinks
	x.widths(sh, 50, 12, 40, 8, 50, 18, 24)
	x.row(sh, 1, true, "链接", "结论", "原因", "状态码", "所在页面", "首次发现", "责任部门")
	for i, l := range ins.Crawl.Problems {
		class := map[string]string{"broken": "不可用", "caution": "需人工核对"}[l.Class]
		if l.OnHome {
			class += "（首页）"
		}
		var status any = ""
		if l.Status != 0 {
			status = l.Status
		}
		since := ""
		if !l.Since.IsZero() {
			since = l.Since.In(calendar.Zone).Format("2006-01-02 15:04")
		}
		x.row(sh, 2+i, false, l.URL, class, l.Reason, status, strings.Join(l.FoundOn, "\n"), since, ins.Owner(l.Depts))
	}
}
