package foi

import (
	"net/http"
	"net/url"

	"gongkai/internal/calendar"
	"gongkai/internal/foi"
	"gongkai/internal/store"
	"gongkai/internal/web/kit"
)

// foiInboxSize is the number of cases on a page of the inbox.
const foiInboxSize = 50

// foiRow is a line of the inbox.
type foiRow struct {
	App   *foi.Application
	Light foiLight
	Dept  string
}

// foiChoice is an option of the inbox's filters.
type foiChoice struct{ Value, Label string }

// foiInboxStatuses are the inbox's scopes: the open cases, all, or one status.
var foiInboxStatuses = []foiChoice{
	{"open", "办理中（未答复、未撤回）"}, {"all", "全部申请"},
	{string(foi.AwaitingConfirmation), foi.AwaitingConfirmation.Label()}, {string(foi.InProgress), foi.InProgress.Label()},
	{string(foi.InConsultation), foi.InConsultation.Label()}, {string(foi.AwaitingSupplement), foi.AwaitingSupplement.Label()},
	{string(foi.AwaitingFee), foi.AwaitingFee.Label()}, {string(foi.Answered), foi.Answered.Label()}, {string(foi.Withdrawn), foi.Withdrawn.Label()},
}

// foiInboxLights are the light filter's options, with words.
var foiInboxLights = []foiChoice{
	{"", "不限"}, {string(foi.Red), "红灯（已逾期）"}, {string(foi.Yellow), "黄灯（剩余 5 个工作日以内）"}, {string(foi.Green), "绿灯（剩余 5 个工作日以上）"},
}

// foiCount is one light's number in the legend, with the link that lists
// exactly those cases.
type foiCount struct {
	Light foi.Light
	Word  string // what the colour means, so it is never the only signal
	N     int
	Href  string
}

// AdminInbox serves GET /admin/foi: the cases of a scope (open by
// default), a department and a light, most urgent first, a page at a time.
// The counts of the lights are over every matching case, not the page.
func (s *Handler) AdminInbox(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	page, err := kit.PageParam(q)
	if err != nil {
		return err
	}
	status := q.Get("status")
	if status == "" {
		status = "open"
	}
	today := calendar.Today(s.Now())
	f := store.FOIFilter{Status: status, DeptID: kit.FormID(q.Get("dept")), Light: foi.Light(q.Get("light")), Today: today, Page: page, Size: foiInboxSize}
	ctx := r.Context()
	who, _, err := s.staff(r)
	if err != nil {
		return err
	}
	if !who.SeesAll() {
		f.DeptID = who.DeptID // an officer outside the office sees their department's cases only
	}
	scope := f
	scope.Light = ""
	red, yellow, green, total, err := s.Store.FOICounts(ctx, scope)
	if err != nil {
		return err
	}
	matching := map[foi.Light]int{"": total, foi.Red: red, foi.Yellow: yellow, foi.Green: green}[f.Light]
	list, err := s.Store.FOIApplications(ctx, f) // refuses an unknown light
	if err != nil {
		return err
	}
	depts, err := s.Store.Departments(ctx)
	if err != nil {
		return err
	}
	names := map[int64]string{}
	for _, d := range depts {
		names[d.ID] = d.Name
	}
	cal, err := s.Store.Calendar(ctx)
	if err != nil {
		return err
	}
	rows := make([]foiRow, len(list))
	for i, a := range list {
		rows[i] = foiRow{App: a, Light: foiLightOf(cal, a.Clock, today), Dept: names[a.DeptID]}
	}
	lightLink := func(l foi.Light) string {
		v := url.Values{"status": {status}, "light": {string(l)}}
		if f.DeptID != 0 {
			v.Set("dept", q.Get("dept"))
		}
		return r.URL.Path + "?" + v.Encode()
	}
	counts := []foiCount{
		{foi.Red, "已逾期", red, lightLink(foi.Red)},
		{foi.Yellow, "剩余 5 个工作日以内", yellow, lightLink(foi.Yellow)},
		{foi.Green, "剩余 5 个工作日以上", green, lightLink(foi.Green)},
	}
	scopeLabel := map[string]string{"open": "办理中的申请", "all": "全部申请"}[status]
	if scopeLabel == "" {
		scopeLabel = foi.Status(status).Label() + "的申请"
	}
	lightLabel := ""
	for _, c := range foiInboxLights {
		if c.Value == string(f.Light) && c.Value != "" {
			lightLabel = c.Label
		}
	}
	s.Render(w, r, http.StatusOK, "admin_foi_inbox", map[string]any{"Title": "依申请公开", "Rows": rows, "Status": status,
		"Statuses": foiInboxStatuses, "Lights": foiInboxLights, "Light": string(f.Light), "ScopeLabel": scopeLabel, "LightLabel": lightLabel,
		"Dept": f.DeptID, "Depts": kit.DepartmentTree(depts), "Today": today, "Counts": counts, "Total": total, "Matching": matching,
		"Pager": kit.NewPager(r, page, foiInboxSize, matching)})
	return nil
}
