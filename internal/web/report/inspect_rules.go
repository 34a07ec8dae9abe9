package report

// The self-inspection's rule table as a district keeps it: every rule of
// report.DefaultRules with its current numbers (veto threshold, points per
// finding, cap, working days to fix), saved as overrides in the settings;
// codes, items and groups are fixed.

import (
	"math"
	"net/http"
	"strconv"
	"strings"

	"gongkai/internal/errs"
	"gongkai/internal/report"
	"gongkai/internal/web/kit"
)

// inspectFlash are the rule page's flash messages.
func inspectFlash() map[string]string {
	return map[string]string{
		"inspect_rules_saved": "检查规则已保存，下一次自查按新规则计分。",
		"inspect_rules_reset": "检查规则已恢复为默认值。",
	}
}

// inspectRuleFields are the numbers of a rule a district may change, in
// form order.
var inspectRuleFields = []string{"veto_at", "points", "cap", "fix_workdays"}

// inspectRuleRow is one rule on the page: its current numbers (as typed,
// when the form comes back with errors), its defaults and its errors.
type inspectRuleRow struct {
	Rule, Default report.Rule
	Value         map[string]string // field → the input's value
	FE            map[string]string // field → message
}

// inspectRuleField is the form name of field of rule code.
func inspectRuleField(field, code string) string { return field + "-" + code }

func inspectRuleValues(r report.Rule) map[string]string {
	return map[string]string{
		"veto_at": strconv.Itoa(r.VetoAt), "points": inspectNumber(r.Points),
		"cap": inspectNumber(r.Cap), "fix_workdays": strconv.Itoa(r.FixWorkdays),
	}
}

func inspectNumber(v float64) string { return strconv.FormatFloat(v, 'f', -1, 64) }

// inspectRulesData is the page's data: rows in the table's order grouped
// as the notice groups them.
func inspectRulesData(current []report.Rule, rows map[string]*inspectRuleRow, err error) map[string]any {
	defaults := report.DefaultRules()
	type group struct {
		Name string
		Rows []*inspectRuleRow
	}
	var groups []*group
	for i, d := range defaults {
		row := rows[d.Code]
		if row == nil {
			row = &inspectRuleRow{Rule: current[i], Value: inspectRuleValues(current[i]), FE: map[string]string{}}
		}
		row.Default = d
		if len(groups) == 0 || groups[len(groups)-1].Name != d.Group {
			groups = append(groups, &group{Name: d.Group})
		}
		groups[len(groups)-1].Rows = append(groups[len(groups)-1].Rows, row)
	}
	data := map[string]any{"Title": "网站自查：检查规则", "Groups": groups, "PassScore": report.PassScore,
		"MaxVetoAt": report.MaxVetoAt, "MaxPoints": report.MaxRulePoints, "MaxFix": report.MaxFixWorkdays}
	if err != nil {
		data["Errors"] = errs.All(err)
	}
	return data
}

// AdminInspectRulesPage serves GET /admin/inspect/rules.
func (h *Handler) AdminInspectRulesPage(w http.ResponseWriter, r *http.Request) error {
	rules, err := h.Store.InspectRules(r.Context())
	if err != nil {
		return err
	}
	h.Render(w, r, http.StatusOK, "admin_inspect_rules", inspectRulesData(rules, nil, nil))
	return nil
}

// SaveInspectRules serves POST /admin/inspect/rules: the whole table, or
// with reset=1 back to the defaults. Only rows that differ from the
// defaults are kept as overrides, so a later change of a default applies
// wherever the district has not set its own number.
func (h *Handler) SaveInspectRules(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	if r.PostFormValue("reset") == "1" {
		if err := h.Store.SaveInspectRules(ctx, kit.Actor(r), nil); err != nil {
			return err
		}
		return kit.Redirect(w, r, "/admin/inspect/rules", "inspect_rules_reset")
	}
	rows, override, err := inspectRulesForm(r)
	if err == nil {
		err = h.Store.SaveInspectRules(ctx, kit.Actor(r), override)
	}
	if err != nil {
		return h.FormPage(w, r, err, func() (string, map[string]any, error) {
			current, lerr := h.Store.InspectRules(ctx)
			if lerr != nil {
				return "", nil, lerr
			}
			return "admin_inspect_rules", inspectRulesData(current, rows, err), nil
		})
	}
	return kit.Redirect(w, r, "/admin/inspect/rules", "inspect_rules_saved")
}

// inspectRulesForm reads every rule's numbers. A value that is not a
// number, or out of bounds (report.CheckOverride), is reported next to its
// input, all at once, with the form names as fields.
func inspectRulesForm(r *http.Request) (map[string]*inspectRuleRow, []report.Rule, error) {
	const op = "web.inspectRulesForm"
	rows := map[string]*inspectRuleRow{}
	var override []report.Rule
	var bad []*errs.Error
	for _, d := range report.DefaultRules() {
		row := &inspectRuleRow{Rule: d, Value: map[string]string{}, FE: map[string]string{}}
		rows[d.Code] = row
		o := report.Rule{Code: d.Code, Item: d.Item}
		fail := func(field string, e *errs.Error) {
			if row.FE[field] == "" {
				row.FE[field] = e.Message
				bad = append(bad, e.WithField(inspectRuleField(field, d.Code)))
			}
		}
		for _, field := range inspectRuleFields {
			v := strings.TrimSpace(r.PostFormValue(inspectRuleField(field, d.Code)))
			row.Value[field] = v
			notNumber := errs.New(errs.Invalid, op, "invalid_inspect_number", "自查规则“"+d.Item+"”：请填写数字。")
			switch field {
			case "veto_at", "fix_workdays":
				n, err := strconv.Atoi(v)
				if err != nil {
					notNumber.Message = "自查规则“" + d.Item + "”：请填写整数。"
					fail(field, notNumber)
					continue
				}
				if field == "veto_at" {
					o.VetoAt = n
				} else if o.FixWorkdays = n; n == 0 {
					fail(field, errs.New(errs.Invalid, op, "invalid_inspect_fix", "自查规则“"+d.Item+"”：整改期限至少 1 个工作日。"))
				}
			default:
				x, err := strconv.ParseFloat(v, 64)
				if err != nil || math.IsNaN(x) || math.IsInf(x, 0) {
					fail(field, notNumber)
					continue
				}
				if field == "points" {
					o.Points = x
				} else {
					o.Cap = x
				}
			}
		}
		for _, e := range errs.All(report.CheckOverride(o)) {
			fail(e.Field, e)
		}
		if o.VetoAt != d.VetoAt || o.Points != d.Points || o.Cap != d.Cap || o.FixWorkdays != d.FixWorkdays {
			override = append(override, o)
		}
	}
	return rows, override, errs.Join(bad...)
}
