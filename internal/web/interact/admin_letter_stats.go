package interact

import (
	"fmt"
	"net/http"

	"github.com/xuri/excelize/v2"

	"gongkai/internal/calendar"
	"gongkai/internal/errs"
	"gongkai/internal/interact"
	"gongkai/internal/web/kit"
)

// statsPeriod reads ?from=&to= (default: this year up to today); a period
// is at most three years, so one page reads a bounded set of letters.
func (h *Handler) statsPeriod(r *http.Request) (from, to calendar.Date, err error) {
	today := calendar.DateOf(h.Now())
	from, to = calendar.Date{Year: today.Year, Month: 1, Day: 1}, today
	q := r.URL.Query()
	if r.Method == http.MethodPost {
		q = r.PostForm
	}
	if v := q.Get("from"); v != "" {
		if from, err = kit.DateParam("from", v); err != nil {
			return
		}
	}
	if v := q.Get("to"); v != "" {
		if to, err = kit.DateParam("to", v); err != nil {
			return
		}
	}
	if to.Before(from) || from.AddDays(3*366).Before(to) {
		err = errs.InField("to", errs.New(errs.Invalid, "web.statsPeriod", "invalid_period", "统计期间的结束日期应不早于开始日期，且期间不超过三年。"))
	}
	return
}

func (h *Handler) letterStats(r *http.Request) (map[string]any, error) {
	from, to, err := h.statsPeriod(r)
	if err != nil {
		return nil, err
	}
	ctx := r.Context()
	letters, err := h.Store.LettersReceived(ctx, from, to)
	if err != nil {
		return nil, err
	}
	cal, err := h.Store.Calendar(ctx)
	if err != nil {
		return nil, err
	}
	policies, err := h.Store.PolicyQuestions(ctx, from, to)
	if err != nil {
		return nil, err
	}
	names, err := h.deptNames(r)
	if err != nil {
		return nil, err
	}
	names[0], names[-1] = "待分办", "合计"
	return map[string]any{"Title": "留言办理统计", "From": from, "To": to, "Stats": interact.Stats(cal, letters, calendar.DateOf(h.Now())),
		"Depts": names, "Policies": policies}, nil
}

// LetterStatsPage shows, per department, the letters received in a
// period: answered, on time, mean working days, overdue; and the policies
// that drew the most letters.
func (h *Handler) LetterStatsPage(w http.ResponseWriter, r *http.Request) error {
	data, err := h.letterStats(r)
	return h.Show(w, r, "admin_letter_stats", data, err)
}

// LetterStatsXLSX downloads the same table (a POST: it is audited like
// every export of staff data… and no link triggers it).
func (h *Handler) LetterStatsXLSX(w http.ResponseWriter, r *http.Request) error {
	data, err := h.letterStats(r)
	if err != nil {
		return err
	}
	f := excelize.NewFile()
	defer f.Close()
	const sheet = "留言办理统计"
	if err := f.SetSheetName("Sheet1", sheet); err != nil {
		return err
	}
	rows := [][]any{{fmt.Sprintf("统计期间：%s 至 %s（按收到留言之日）", data["From"], data["To"])},
		{"部门", "收到", "已答复", "按期答复", "按期率（%）", "平均答复用时（工作日）", "逾期", "不予受理", "办理中"}}
	names := data["Depts"].(map[int64]string)
	for _, s := range data["Stats"].([]interact.DeptStats) {
		rows = append(rows, []any{names[s.DeptID], s.Received, s.Answered, s.OnTime, round1(s.OnTimePercent()), round1(s.AvgDays), s.Overdue, s.Rejected, s.Open})
	}
	for i, row := range rows {
		cell, _ := excelize.CoordinatesToCellName(1, i+1)
		if err := f.SetSheetRow(sheet, cell, &row); err != nil {
			return err
		}
	}
	_ = f.SetColWidth(sheet, "A", "A", 28)
	_ = f.SetColWidth(sheet, "B", "I", 14)
	w.Header().Set("Content-Type", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
	w.Header().Set("Content-Disposition", `attachment; filename="letters-stats.xlsx"`)
	w.Header().Set("Cache-Control", "no-store")
	return f.Write(w)
}

func round1(v float64) float64 { return float64(int(v*10+0.5)) / 10 }
