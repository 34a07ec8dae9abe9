package report

import (
	"net/http"

	"gongkai/internal/auth"
	"gongkai/internal/calendar"
	"gongkai/internal/errs"
	"gongkai/internal/interact"
	"gongkai/internal/publish"
	"gongkai/internal/remind"
	"gongkai/internal/report"
)

// SupervisePage serves GET /admin/supervise: the 政务公开办's overview —
// the latest self-inspection's verdict, every department's red items, this
// quarter's bulletin ranking, where each organ's annual report of last year
// stands, and the way to the reports and the registries.
func (h *Handler) SupervisePage(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	now := h.Now()
	today := calendar.Today(now)
	f := report.AlertFacts{Today: today, Now: now}
	var err error
	if f.Depts, err = h.Store.Departments(ctx); err != nil {
		return err
	}
	cal, err := h.Store.Calendar(ctx)
	if err != nil {
		return err
	}
	apps, err := h.Store.DueFOIApplications(ctx, today)
	if err != nil {
		return err
	}
	f.FOI = remind.Due(apps, cal, today)
	letters, err := h.Store.DueLetters(ctx, today)
	if err != nil {
		return err
	}
	f.Letters = interact.DueByDept(cal, letters, today)
	if f.Columns, err = h.Store.InspectColumns(ctx); err != nil {
		return err
	}
	switch f.Latest, err = h.Store.Inspection(ctx, 0); {
	case errs.KindOf(err) == errs.NotFound:
		f.Latest = nil
	case err != nil:
		return err
	}
	if f.Officers, err = h.Store.Officers(ctx); err != nil {
		return err
	}
	if f.Accounts, err = h.Store.NewMediaAccounts(ctx); err != nil {
		return err
	}
	alerts := report.Alerts(f)
	red := 0
	for _, a := range alerts {
		red += a.Red()
	}
	q := report.QuarterOf(today)
	bulletin, err := h.Store.Bulletin(ctx, q)
	if err != nil {
		return err
	}
	year := today.Year - 1
	reports, err := h.reportStatuses(r, year, today, f.Depts)
	if err != nil {
		return err
	}
	data := map[string]any{"Title": "政务公开监督", "Today": today, "Alerts": alerts, "Red": red, "Inspection": f.Latest, "PassScore": report.PassScore,
		"Bulletin": bulletin, "ReportYear": year, "Reports": reports}
	h.Render(w, r, http.StatusOK, "supervise", data)
	return nil
}

// reportStatuses is where year's annual report stands for the district as
// a whole, and for every other organ that makes its reports here: a
// department with an organisation code (as the 索引号 needs) that has a
// report document of year or of the year before. Departments that never
// made one are internal offices reporting through the district, so they
// are not listed as late.
func (h *Handler) reportStatuses(r *http.Request, year int, today calendar.Date, depts []*auth.Department) ([]report.ReportStatus, error) {
	ctx := r.Context()
	name, self, err := h.reportOrganName(ctx, "")
	if err != nil {
		return nil, err
	}
	status := func(code, name string) (report.ReportStatus, bool, error) {
		doc, err := h.Store.AnnualDocument(ctx, year, code)
		if err != nil {
			return report.ReportStatus{}, false, err
		}
		if doc == nil && code != "" {
			before, err := h.Store.AnnualDocument(ctx, year-1, code)
			if err != nil || before == nil {
				return report.ReportStatus{}, false, err
			}
		}
		var open publish.State
		if doc != nil && doc.OpenRev != 0 {
			rev, err := h.Store.Revision(ctx, doc.OpenRev)
			if err != nil {
				return report.ReportStatus{}, false, err
			}
			open = rev.State
		}
		return report.StatusOf(year, code, name, today, doc, open), true, nil
	}
	district, _, err := status("", name+"（全区）")
	if err != nil {
		return nil, err
	}
	out := []report.ReportStatus{district}
	for _, d := range depts {
		if d.OrgCode == "" || d.ID == self { // the district's own department reports as the whole
			continue
		}
		s, reports, err := status(d.Code, d.Name)
		if err != nil {
			return nil, err
		}
		if reports {
			out = append(out, s)
		}
	}
	return out, nil
}
