package report

import (
	"bytes"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"gongkai/internal/auth"
	"gongkai/internal/calendar"
	"gongkai/internal/errs"
	"gongkai/internal/foi"
	"gongkai/internal/notice"
	"gongkai/internal/report"
	"gongkai/internal/reportfile"
	"gongkai/internal/web/kit"
)

// The staff's page of the annual report: the three tables of a year and
// organ, the invariants' check, the figures staff enter (the supervisor
// only) and the workbook's download.

// annualFlash are the page's flash messages.
var annualFlash = map[string]string{"annual_figures": "填报的数字已保存，统计表已更新。", "annual_texts": "报告正文已保存。",
	"annual_document": "年报稿件已生成，请在文件页面核对后提交审核。"}

// pageYear is the year a request asks for: ?year=, else last year (the
// report is made in January for the year before).
func (h *Handler) pageYear(r *http.Request) (int, error) {
	v := strings.TrimSpace(r.FormValue("year"))
	if v == "" {
		return calendar.Today(h.Now()).Year - 1, nil
	}
	return annualYear(v)
}

// annualData gathers the page's data for year and organ.
func (h *Handler) annualData(r *http.Request, year int, organ string, figures *report.Figures, texts *report.Texts) (map[string]any, error) {
	a, err := h.Store.AnnualReport(r.Context(), year, organ)
	if err != nil {
		return nil, err
	}
	depts, err := h.Store.Departments(r.Context())
	if err != nil {
		return nil, err
	}
	organName := "全区"
	for _, d := range depts {
		if d.Code == organ {
			organName = d.Name
		}
	}
	if figures == nil {
		if figures, err = h.Store.AnnualFigures(r.Context(), year, organ); err != nil {
			return nil, err
		}
	}
	type review struct {
		Label  string
		Counts report.ReviewCounts
	}
	s4 := a.Section4
	reviews := []review{{"行政复议", s4.Reconsideration}, {"行政诉讼：未经复议直接起诉", s4.LitigationDirect}, {"行政诉讼：复议后起诉", s4.LitigationAfterReconsideration}}
	u := kit.User(r)
	text, err := h.annualTextData(r, a, year, organ, organName, texts)
	if err != nil {
		return nil, err
	}
	return map[string]any{"Text": text, "Title": "政府信息公开工作年度报告", "Report": a, "Year": year, "Organ": organ, "OrganName": organName,
		"Departments": kit.DepartmentTree(depts), "MinYear": foi.MinRegisterYear, "MaxYear": calendar.Today(h.Now()).Year,
		"Rows": reportfile.Section3Layout(a.Section3), "Columns": report.ApplicantColumns, "ColumnLabels": report.ColumnLabels,
		"Problems": report.Check(a.Section3), "Reviews": reviews, "Figures": figures, "CanEnter": u != nil && u.Can(auth.Supervise)}, nil
}

// AnnualPage serves GET /admin/reports/annual?year=&organ=.
func (h *Handler) AnnualPage(w http.ResponseWriter, r *http.Request) error {
	year, err := h.pageYear(r)
	if err != nil {
		return err
	}
	data, err := h.annualData(r, year, strings.TrimSpace(r.FormValue("organ")), nil, nil)
	if err != nil {
		return err
	}
	h.Render(w, r, http.StatusOK, "admin_report_annual", data)
	return nil
}

// SaveAnnualFigures serves POST /admin/reports/annual/figures: the
// supervisor's figures of section 二 for a year and organ.
func (h *Handler) SaveAnnualFigures(w http.ResponseWriter, r *http.Request) error {
	year, err := h.pageYear(r)
	if err != nil {
		return err
	}
	organ := strings.TrimSpace(r.PostFormValue("organ"))
	var f report.Figures
	var bad []*errs.Error
	count := func(field string) int {
		n, err := strconv.Atoi(strings.TrimSpace(r.PostFormValue(field)))
		if err != nil {
			bad = append(bad, errs.New(errs.Invalid, "web.SaveAnnualFigures", "invalid_count", "请填写整数（没有的填 0）。").WithField(field))
		}
		return n
	}
	f.Licensing, f.Penalty, f.Enforcement = count("licensing"), count("penalty"), count("enforcement")
	if f.FeesWanYuan, err = strconv.ParseFloat(strings.TrimSpace(r.PostFormValue("fees_wan_yuan")), 64); err != nil {
		bad = append(bad, errs.New(errs.Invalid, "web.SaveAnnualFigures", "invalid_amount", "本年收费金额请填写数字（万元，没有的填 0）。").WithField("fees_wan_yuan"))
	}
	err = errs.Join(bad...)
	if err == nil {
		err = h.Store.SetAnnualFigures(r.Context(), kit.Actor(r), year, organ, f)
	}
	if err != nil {
		return h.FormPage(w, r, err, func() (string, map[string]any, error) {
			data, lerr := h.annualData(r, year, organ, &f, nil)
			return "admin_report_annual", data, lerr
		})
	}
	q := url.Values{"year": {strconv.Itoa(year)}}
	if organ != "" {
		q.Set("organ", organ)
	}
	return kit.Redirect(w, r, "/admin/reports/annual?"+q.Encode(), "annual_figures")
}

// AnnualFile serves POST /admin/reports/annual.xlsx and .pdf: the
// tables as the notice's workbook or as a PDF, never cached.
func (h *Handler) AnnualFile(format string) kit.Handler {
	return func(w http.ResponseWriter, r *http.Request) error {
		year, err := h.pageYear(r)
		if err != nil {
			return err
		}
		organ := strings.TrimSpace(r.PostFormValue("organ"))
		a, err := h.Store.AnnualReport(r.Context(), year, organ)
		if err != nil {
			return err
		}
		name, _, err := h.reportOrganName(r.Context(), organ)
		if err != nil {
			return err
		}
		var buf bytes.Buffer
		ctype := reportfile.ContentType
		if format == "pdf" {
			ctype = "application/pdf"
			font, err := notice.LoadFont(h.Cfg.PDFFont)
			if err != nil {
				return err
			}
			err = reportfile.PDF(&buf, a, name, font, calendar.Today(h.Now()))
			if err != nil {
				return err
			}
		} else if err := reportfile.XLSX(&buf, a, name); err != nil {
			return err
		}
		file := reportfile.Title(year, name) + "统计表." + format
		return kit.Download(w, ctype, "annual-report-"+strconv.Itoa(year)+"."+format, file, &buf)
	}
}
