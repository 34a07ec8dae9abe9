package report

import (
	"bytes"
	"html/template"
	"net/http"
	"strconv"
	"strings"

	"gongkai/internal/calendar"
	"gongkai/internal/errs"
	"gongkai/internal/report"
	"gongkai/internal/reportfile"
	"gongkai/internal/web/kit"
)

// inspectHistory is how many kept inspections the page lists.
const inspectHistory = 60

// inspectFuncs are the template functions of the inspection pages.
func inspectFuncs() template.FuncMap {
	return template.FuncMap{
		"inspectClass": func(c string) string {
			return map[string]string{"broken": "不可用", "caution": "需人工核对"}[c]
		},
		"inspectJoin":       func(list []string) string { return strings.Join(list, " ") },
		"inspectRuleFields": func() []string { return inspectRuleFields },
		"inspectRuleField":  inspectRuleField,
		"inspectRuleLabel": func(f string) string {
			return map[string]string{"veto_at": "否决阈值", "points": "每项扣分", "cap": "扣分上限", "fix_workdays": "整改期限（工作日）"}[f]
		},
		"inspectRuleDefault": func(f string, r report.Rule) string { return inspectRuleValues(r)[f] },
	}
}

// AdminInspectPage serves GET /admin/inspect: the history of the website
// self-inspections and the latest one in full.
func (h *Handler) AdminInspectPage(w http.ResponseWriter, r *http.Request) error {
	return h.inspectPage(w, r, 0)
}

// AdminInspectionPage serves GET /admin/inspect/{id}: one kept inspection.
func (h *Handler) AdminInspectionPage(w http.ResponseWriter, r *http.Request) error {
	id, err := kit.PathID(r)
	if err != nil {
		return err
	}
	return h.inspectPage(w, r, id)
}

func (h *Handler) inspectPage(w http.ResponseWriter, r *http.Request, id int64) error {
	ctx := r.Context()
	list, err := h.Store.Inspections(ctx, inspectHistory)
	if err != nil {
		return err
	}
	data := map[string]any{"Title": "网站自查", "History": list, "ID": id, "PassScore": report.PassScore}
	ins, err := h.Store.Inspection(ctx, id)
	switch {
	case err == nil:
		data["Inspection"] = ins
		data["FileID"] = id
		if id == 0 && len(list) > 0 {
			data["FileID"] = list[0].ID // the latest, as Inspection(0) reads it
		}
	case errs.KindOf(err) == errs.NotFound && id == 0:
		// Nothing kept yet: the page explains how an inspection is run.
	default:
		return err
	}
	if id != 0 {
		data["Title"] = "网站自查：" + ins.At.In(calendar.Zone).Format("2006-01-02 15:04")
	}
	h.Render(w, r, http.StatusOK, "admin_inspect", data)
	return nil
}

// AdminInspectionFile serves POST /admin/inspect/{id}/xlsx: the kept
// inspection as a workbook (结论, 问题清单, 链接) for the departments.
func (h *Handler) AdminInspectionFile(w http.ResponseWriter, r *http.Request) error {
	id, err := kit.PathID(r)
	if err != nil {
		return err
	}
	ins, err := h.Store.Inspection(r.Context(), id)
	if err != nil {
		return err
	}
	var buf bytes.Buffer
	if err := reportfile.InspectionXLSX(&buf, ins); err != nil {
		return err
	}
	day := ins.At.In(calendar.Zone).Format("2006-01-02")
	return kit.Download(w, reportfile.ContentType, "inspection-"+strconv.FormatInt(id, 10)+".xlsx", "网站自查结果"+day+".xlsx", &buf)
}
