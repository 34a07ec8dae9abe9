package report

import (
	"net/http"
	"strconv"
	"strings"

	"gongkai/internal/foi"
	"gongkai/internal/report"
	"gongkai/internal/web/kit"
)

// The annual report (政府信息公开工作年度报告): its tables as JSON for the
// supervisor (auth.Supervise) and the FOI office's head
// (auth.ApproveExtensions), who see every department's cases.

// annualYear parses a year given as four digits.
func annualYear(v string) (int, error) {
	v = strings.TrimSpace(v)
	year, err := strconv.Atoi(v)
	if err != nil || len(v) != 4 {
		return 0, foi.CheckRegisterYear(-1)
	}
	return year, foi.CheckRegisterYear(year)
}

// annual loads the tables of the request's year and organ.
func (h *Handler) annual(r *http.Request, year string) (*report.Annual, error) {
	y, err := annualYear(year)
	if err != nil {
		return nil, err
	}
	return h.Store.AnnualReport(r.Context(), y, strings.TrimSpace(r.URL.Query().Get("organ")))
}

// APIAnnual serves GET /api/v1/reports/annual/{year}?organ=CODE.
func (h *Handler) APIAnnual(w http.ResponseWriter, r *http.Request) error {
	a, err := h.annual(r, r.PathValue("year"))
	if err != nil {
		return err
	}
	w.Header().Set("Cache-Control", "no-store")
	kit.WriteJSON(w, http.StatusOK, a)
	return nil
}
