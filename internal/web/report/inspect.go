package report

import (
	"html/template"
	"net/http"
	"strings"

	"gongkai/internal/calendar"
	"gongkai/internal/errs"
	"gongkai/internal/report"
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
		"inspectJoin": func(list []string) string { return strings.Join(list, " ") },
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
