package report

import (
	"net/http"

	"gongkai/internal/calendar"
	"gongkai/internal/errs"
	"gongkai/internal/interact"
	"gongkai/internal/remind"
	"gongkai/internal/report"
)

// SupervisePage serves GET /admin/supervise: the 政务公开办's overview —
// the latest self-inspection's verdict, every department's red items, and
// the way to the annual report, the bulletin and the registries.
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
	data := map[string]any{"Title": "政务公开监督", "Today": today, "Alerts": alerts, "Red": red, "Inspection": f.Latest, "PassScore": report.PassScore}
	h.Render(w, r, http.StatusOK, "supervise", data)
	return nil
}
