package report

// The registries (信息员名录, 政务新媒体) shared pieces: template functions,
// flash messages, the form-error map and the supervisor's dashboard
// widget. The officers and handovers are in officers.go, the new-media
// accounts in newmedia.go.

import (
	"html/template"
	"net/http"

	"gongkai/internal/auth"
	"gongkai/internal/calendar"
	"gongkai/internal/errs"
	"gongkai/internal/report"
)

// registryFuncs are the registry pages' template functions.
func registryFuncs() template.FuncMap {
	return template.FuncMap{
		"regDate": func(d calendar.Date) string {
			if d.IsZero() {
				return ""
			}
			return d.String()
		},
		"regDuties":    func() []report.Duty { return report.Duties },
		"regPlatforms": func() []report.Platform { return report.Platforms },
		"regTiers":     func() []report.Tier { return report.Tiers },
		"regChecklist": func() []report.ChecklistItem { return report.HandoverChecklist },
		// regNextStatuses lists the statuses an account in s may move to.
		"regNextStatuses": func(s report.AccountStatus) []report.AccountStatus {
			var out []report.AccountStatus
			for _, to := range report.Statuses {
				if report.CanChangeStatus(s, to) {
					out = append(out, to)
				}
			}
			return out
		},
	}
}

// registryFlash are the registry pages' flash messages.
func registryFlash() map[string]string {
	return map[string]string{
		"officer_created":   "信息员已登记。",
		"officer_saved":     "信息员记录已保存。",
		"handover_created":  "交接记录已创建，请交出人和接收人分别确认。",
		"handover_signed":   "已确认；另一方确认后交接完成。",
		"handover_complete": "双方均已确认，交接完成；交出人的任职已于交接日期结束。",
		"newmedia_created":  "新媒体账号已登记。",
		"newmedia_status":   "账号状态已更新。",
		"newmedia_posted":   "最近更新日期已保存。",
	}
}

// registryProblems puts err's messages into data: Errors for the summary,
// FE (field → first message) next to each field.
func registryProblems(data map[string]any, err error) {
	fe := map[string]string{}
	all := errs.All(err)
	for _, e := range all {
		if e.Field != "" && fe[e.Field] == "" {
			fe[e.Field] = e.Message
		}
	}
	data["FE"], data["Errors"] = fe, all
}

// registryFail re-renders page name (data from load) with err.
func (h *Handler) registryFail(w http.ResponseWriter, r *http.Request, name string, err error, load func() (map[string]any, error)) error {
	return h.FormPage(w, r, err, func() (string, map[string]any, error) {
		data, lerr := load()
		if data != nil {
			registryProblems(data, err)
		}
		return name, data, lerr
	})
}

// RegistryWidget is the dashboard's registry panel (as "Registry"): for
// the supervisor, the departments without an active officer, the stale
// new-media accounts and the open handovers; for anyone, the handovers
// waiting for their own sign-off. Nothing when there is nothing to do.
func (h *Handler) RegistryWidget(r *http.Request, u *auth.User) (string, any, error) {
	ctx := r.Context()
	today := calendar.Today(h.Now())
	data := map[string]any{}
	handovers, err := h.Store.Handovers(ctx)
	if err != nil {
		return "", nil, err
	}
	var mine, open []*report.Handover
	for _, ho := range handovers {
		if ho.Complete() {
			continue
		}
		open = append(open, ho)
		if side := ho.SideOf(u); side != "" && !ho.SignoffOf(side).Signed() {
			mine = append(mine, ho)
		}
	}
	if len(mine) > 0 {
		data["Mine"] = mine
	}
	if u.Can(auth.Supervise) {
		officers, err := h.Store.Officers(ctx)
		if err != nil {
			return "", nil, err
		}
		depts, err := h.Store.Departments(ctx)
		if err != nil {
			return "", nil, err
		}
		accounts, err := h.Store.NewMediaAccounts(ctx)
		if err != nil {
			return "", nil, err
		}
		if m := report.DepartmentsWithoutOfficer(depts, officers, today); len(m) > 0 {
			data["Missing"] = m
		}
		if s := report.StaleAccounts(accounts, today); len(s) > 0 {
			data["Stale"] = s
		}
		if len(open) > 0 {
			data["Open"] = len(open)
		}
	}
	if len(data) == 0 {
		return "", nil, nil
	}
	return "Registry", data, nil
}
