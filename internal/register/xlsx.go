package register

import (
	"io"
	"time"

	"github.com/xuri/excelize/v2"

	"gongkai/internal/calendar"
	"gongkai/internal/foi"
)

// The workbook has two sheets: 台账, one row per case with the columns of
// caseColumns, and 办理环节, one row per event with eventColumns. Row 1 of
// each is the header, frozen; dates are real dates (yyyy-mm-dd), counts
// and amounts numbers, everything else text (never a formula).
const (
	CaseSheet  = "台账"
	EventSheet = "办理环节"
)

// column is one column of a sheet: its header, width and cell.
type column[T any] struct {
	head  string
	width float64
	cell  func(T) any // string, int, bool (是/否) or calendar.Date
}

type caseCol = column[*foi.RegisterRow]

// caseColumns are the columns of the 台账 sheet, in order.
var caseColumns = []caseCol{
	{"申请编号", 16, func(r *foi.RegisterRow) any { return r.Number }},
	{"收件渠道", 12, func(r *foi.RegisterRow) any { return ChannelLabel(r.Channel) }},
	{"申请人类型", 14, func(r *foi.RegisterRow) any { return KindLabel(r.ApplicantKind) }},
	{"组织类别", 12, func(r *foi.RegisterRow) any { return foi.OrgCategories[r.OrgCategory] }},
	{"承办部门代码", 12, func(r *foi.RegisterRow) any { return r.DeptCode }},
	{"承办部门", 18, func(r *foi.RegisterRow) any { return r.DeptName }},
	{"所需信息描述", 40, func(r *foi.RegisterRow) any { return r.Description }},
	{"信息载体", 8, func(r *foi.RegisterRow) any { return formatLabels[r.Format] }},
	{"获取方式", 12, func(r *foi.RegisterRow) any { return deliveryLabels[r.Delivery] }},
	{"登记日期", 12, func(r *foi.RegisterRow) any { return dateOf(r.Created) }},
	{"收到申请之日", 12, func(r *foi.RegisterRow) any { return r.ReceivedOn }},
	{"确认收到日期", 12, func(r *foi.RegisterRow) any { return r.ConfirmedOn }},
	{"答复期限", 12, func(r *foi.RegisterRow) any { return r.DueOn }},
	{"办理状态", 10, func(r *foi.RegisterRow) any { return r.Status.Label() }},
	{"告知补正日期", 12, func(r *foi.RegisterRow) any { return r.SupplementRequestedOn }},
	{"补正期限", 12, func(r *foi.RegisterRow) any { return r.SupplementReplyBy }},
	{"补正事项", 30, func(r *foi.RegisterRow) any { return r.SupplementItems }},
	{"收到补正日期", 12, func(r *foi.RegisterRow) any { return r.SupplementReceivedOn }},
	{"补正通知书编号", 18, func(r *foi.RegisterRow) any { return r.SupplementNoticeNo }},
	{"征求意见", 36, func(r *foi.RegisterRow) any { return consultationsText(r) }},
	{"延期日期", 12, func(r *foi.RegisterRow) any { return r.ExtendedOn }},
	{"延期理由", 24, func(r *foi.RegisterRow) any { return r.ExtensionReason }},
	{"延期告知书编号", 18, func(r *foi.RegisterRow) any { return r.ExtensionNoticeNo }},
	{"收费通知日期", 12, func(r *foi.RegisterRow) any { return r.FeeNoticeOn }},
	{"收费金额（元）", 10, func(r *foi.RegisterRow) any { return r.FeeAmountYuan }},
	{"缴费日期", 12, func(r *foi.RegisterRow) any { return r.FeePaidOn }},
	{"收费通知书编号", 18, func(r *foi.RegisterRow) any { return r.FeeNoticeNo }},
	{"拟办日期", 12, func(r *foi.RegisterRow) any { return r.DraftedOn }},
	{"拟办人", 12, func(r *foi.RegisterRow) any { return r.DraftedBy }},
	{"审核日期", 12, func(r *foi.RegisterRow) any { return r.ApprovedOn }},
	{"审核人", 12, func(r *foi.RegisterRow) any { return r.ApprovedBy }},
	{"签发日期", 12, func(r *foi.RegisterRow) any { return r.SignedOn }},
	{"签发人", 12, func(r *foi.RegisterRow) any { return r.SignedBy }},
	{"答复日期", 12, func(r *foi.RegisterRow) any { return r.AnsweredOn }},
	{"办理结果代码", 18, func(r *foi.RegisterRow) any { return string(r.Outcome) }},
	{"办理结果", 30, func(r *foi.RegisterRow) any { return r.Outcome.Label() }},
	{"答复告知书编号", 18, func(r *foi.RegisterRow) any { return r.AnswerNoticeNo }},
	{"是否延期", 8, func(r *foi.RegisterRow) any { return r.Extended }},
	{"不计入期限的工作日", 10, func(r *foi.RegisterRow) any { return r.PausedWorkdays }},
	{"是否逾期答复", 8, func(r *foi.RegisterRow) any { return r.Late }},
	{"寄送日期", 12, func(r *foi.RegisterRow) any { return r.MailedOn }},
	{"寄送单位", 12, func(r *foi.RegisterRow) any { return r.MailCarrier }},
	{"邮件单号", 18, func(r *foi.RegisterRow) any { return r.MailTrackingNo }},
	{"归档日期", 12, func(r *foi.RegisterRow) any { return r.ArchivedOn }},
	{"归档位置", 18, func(r *foi.RegisterRow) any { return r.ArchiveLocation }},
	{"撤回日期", 12, func(r *foi.RegisterRow) any { return r.WithdrawnOn }},
	{"撤回告知书编号", 18, func(r *foi.RegisterRow) any { return r.WithdrawalNoticeNo }},
	{"沟通记录（条）", 10, func(r *foi.RegisterRow) any { return r.Contacts }},
	{"行政复议和行政诉讼", 36, func(r *foi.RegisterRow) any { return reviewsText(r) }},
}

// eventRow is one event with its case, a row of the 办理环节 sheet.
type eventRow struct {
	number string
	e      *foi.RecordedEvent
}

// eventColumns are the columns of the 办理环节 sheet, in order.
var eventColumns = []column[eventRow]{
	{"申请编号", 16, func(x eventRow) any { return x.number }},
	{"序号", 6, func(x eventRow) any { return x.e.Seq }},
	{"环节", 16, func(x eventRow) any { return x.e.Type.Label() }},
	{"环节代码", 18, func(x eventRow) any { return string(x.e.Type) }},
	{"日期", 12, func(x eventRow) any { return x.e.On }},
	{"经办人", 12, func(x eventRow) any { return x.e.Actor }},
	{"文书编号", 18, func(x eventRow) any { return x.e.NoticeNo }},
	{"内容", 60, func(x eventRow) any { return eventDetail(x.e) }},
	{"登记时间", 18, func(x eventRow) any { return x.e.At }},
}

// CaseHeaders and EventHeaders are the header rows of the two sheets.
func CaseHeaders() []string  { return heads(caseColumns) }
func EventHeaders() []string { return heads(eventColumns) }

func heads[T any](cols []column[T]) []string {
	out := make([]string, len(cols))
	for i, c := range cols {
		out[i] = c.head
	}
	return out
}

// XLSXWriter writes the workbook row by row; Close writes it out.
type XLSXWriter struct {
	w              io.Writer
	f              *excelize.File
	cases, events  *excelize.StreamWriter
	caseN, eventN  int
	date, datetime int // cell styles
	wrap, head     int
	err            error
}

// NewXLSX starts a workbook that Close writes to w.
func NewXLSX(w io.Writer, h Header) (*XLSXWriter, error) {
	f := excelize.NewFile()
	x := &XLSXWriter{w: w, f: f}
	fail := func(err error) (*XLSXWriter, error) {
		f.Close()
		return nil, err
	}
	if err := f.SetSheetName(f.GetSheetName(0), CaseSheet); err != nil {
		return fail(err)
	}
	if _, err := f.NewSheet(EventSheet); err != nil {
		return fail(err)
	}
	if err := f.SetDocProps(&excelize.DocProperties{Title: h.Title(), Creator: h.Organ,
		Created: h.GeneratedAt.UTC().Format(time.RFC3339), Language: "zh-CN"}); err != nil {
		return fail(err)
	}
	dateFmt, datetimeFmt := "yyyy-mm-dd", "yyyy-mm-dd hh:mm"
	var err error
	if x.date, err = f.NewStyle(&excelize.Style{CustomNumFmt: &dateFmt}); err != nil {
		return fail(err)
	}
	if x.datetime, err = f.NewStyle(&excelize.Style{CustomNumFmt: &datetimeFmt}); err != nil {
		return fail(err)
	}
	if x.wrap, err = f.NewStyle(&excelize.Style{Alignment: &excelize.Alignment{WrapText: true, Vertical: "top"}}); err != nil {
		return fail(err)
	}
	if x.head, err = f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true},
		Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"DDE4EE"}}, Alignment: &excelize.Alignment{WrapText: true, Vertical: "center"}}); err != nil {
		return fail(err)
	}
	if x.cases, err = x.sheet(CaseSheet, widths(caseColumns), CaseHeaders()); err != nil {
		return fail(err)
	}
	if x.events, err = x.sheet(EventSheet, widths(eventColumns), EventHeaders()); err != nil {
		return fail(err)
	}
	return x, nil
}

func widths[T any](cols []column[T]) []float64 {
	out := make([]float64, len(cols))
	for i, c := range cols {
		out[i] = c.width
	}
	return out
}

// sheet opens the stream of a sheet: widths, the frozen header row.
func (x *XLSXWriter) sheet(name string, widths []float64, head []string) (*excelize.StreamWriter, error) {
	sw, err := x.f.NewStreamWriter(name)
	if err != nil {
		return nil, err
	}
	if err := sw.SetPanes(&excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft"}); err != nil {
		return nil, err
	}
	for i, w := range widths {
		if err := sw.SetColWidth(i+1, i+1, w); err != nil {
			return nil, err
		}
	}
	cells := make([]any, len(head))
	for i, h := range head {
		cells[i] = excelize.Cell{StyleID: x.head, Value: h}
	}
	return sw, sw.SetRow("A1", cells, excelize.RowOpts{Height: 30})
}

// cellOf is a value as a typed cell.
func (x *XLSXWriter) cellOf(v any) excelize.Cell {
	switch v := v.(type) {
	case calendar.Date:
		if v.IsZero() {
			return excelize.Cell{}
		}
		return excelize.Cell{StyleID: x.date, Value: time.Date(v.Year, v.Month, v.Day, 0, 0, 0, 0, time.UTC)}
	case time.Time:
		if v.IsZero() {
			return excelize.Cell{}
		}
		t := v.In(calendar.Zone)
		return excelize.Cell{StyleID: x.datetime, Value: time.Date(t.Year(), t.Month(), t.Day(), t.Hour(), t.Minute(), t.Second(), 0, time.UTC)}
	case bool:
		if v {
			return excelize.Cell{Value: "是"}
		}
		return excelize.Cell{Value: "否"}
	case string:
		if v == "" {
			return excelize.Cell{}
		}
		return excelize.Cell{StyleID: x.wrap, Value: v}
	}
	return excelize.Cell{Value: v}
}

// Add writes a case to 台账 and its events to 办理环节.
func (x *XLSXWriter) Add(r *foi.RegisterRow) error {
	if x.err != nil {
		return x.err
	}
	cells := make([]any, len(caseColumns))
	for i, c := range caseColumns {
		cells[i] = x.cellOf(c.cell(r))
	}
	x.caseN++
	axis, _ := excelize.CoordinatesToCellName(1, x.caseN+1)
	if x.err = x.cases.SetRow(axis, cells); x.err != nil {
		return x.err
	}
	for i := range r.Events {
		row := eventRow{r.Number, &r.Events[i]}
		cells := make([]any, len(eventColumns))
		for j, c := range eventColumns {
			cells[j] = x.cellOf(c.cell(row))
		}
		x.eventN++
		axis, _ := excelize.CoordinatesToCellName(1, x.eventN+1)
		if x.err = x.events.SetRow(axis, cells); x.err != nil {
			return x.err
		}
	}
	return nil
}

// Rows is how many cases were written.
func (x *XLSXWriter) Rows() int { return x.caseN }

// Close finishes both sheets and writes the workbook.
func (x *XLSXWriter) Close() error {
	defer x.f.Close()
	if x.err != nil {
		return x.err
	}
	for _, sw := range []*excelize.StreamWriter{x.cases, x.events} {
		if err := sw.Flush(); err != nil {
			return err
		}
	}
	_, err := x.f.WriteTo(x.w)
	x.err = errClosed
	return err
}
