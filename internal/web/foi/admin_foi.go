package foi

// The back office of 依申请公开: the inbox with its lights, registration of
// applications that arrive on paper, and the case page where every step is
// recorded. The store holds the rules (the clock replays the events, a stale
// version is refused, only a foi_head extends); handlers parse, call and
// redirect, or re-render the case page with the refusal in Chinese. The two
// views that open sealed personal data (the applicant in full, a file) answer
// their POST directly and are never cached or linked.

import (
	"context"
	"maps"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"gongkai/internal/audit"
	"gongkai/internal/auth"
	"gongkai/internal/calendar"
	"gongkai/internal/errs"
	"gongkai/internal/foi"
	"gongkai/internal/remind"
	"gongkai/internal/store"
	"gongkai/internal/web/kit"
)

// foiTrailText says what an audit event of a case recorded, in words.
func foiTrailText(e *audit.Event) string {
	d := e.Detail
	switch e.Action {
	case "foi.create":
		t := foiChannelLabels[foi.Channel(d["channel"])]
		if d["received_on"] != "" {
			t += "，收到申请之日 " + d["received_on"]
		}
		return t
	case "foi.assign":
		if d["note"] != "" {
			return d["department"] + "：" + d["note"]
		}
		return d["department"]
	case "foi.supplement_submitted":
		return "申请人网上提交补正（" + d["files"] + " 个文件）"
	case "foi.applicant_download":
		if d["file"] != "" {
			return "申请人下载答复附件（编号 " + d["file"] + "）"
		}
		return "申请人下载告知书（" + d["notice"] + "）"
	case "foi.event":
		t := foi.EventType(d["type"]).Label() + "（" + d["on"] + "）"
		if o := foi.Outcome(d["outcome"]).Label(); o != "" {
			t += "：" + o
		}
		return t
	case "foi.review":
		return foi.ReviewKindLabel(d["kind"]) + "，" + d["filed_on"] + "，" + foi.ReviewResultLabel(d["result"])
	case "foi.file":
		f := foi.File{Kind: d["kind"]}
		return f.KindLabel() + "（" + d["size"] + " 字节）"
	case "foi.notice_sent":
		// The detail holds the masked address only (notices.go).
		return d["title"] + "，以电子邮件发送至 " + d["to"]
	case "foi.view_personal_data":
		if d["file"] != "" {
			return "下载申请材料（编号 " + d["file"] + "）"
		}
		return "查看完整个人信息"
	}
	keys := slices.Sorted(maps.Keys(d))
	parts := make([]string, len(keys))
	for i, k := range keys {
		parts[i] = k + "=" + d[k]
	}
	return strings.Join(parts, "，")
}

var (
	foiActionLabels = map[string]string{
		"foi.create": "登记申请", "foi.assign": "分配或转办", "foi.event": "登记办理环节", "foi.review": "登记复议或诉讼",
		"foi.file": "保存文件", "foi.view_personal_data": "查看完整个人信息或申请材料", "foi.notice_sent": "发送告知书",
		"foi.supplement_submitted": "网上补正", "foi.applicant_download": "申请人下载",
	}
	foiConsultKinds = map[string]string{"third_party": "第三方（第三十二条）", "organ": "其他机关（第三十四条）"}
	// foiContactKinds is the order the communication form offers.
	foiContactKinds = []string{"phone", "meeting", "message", "email", "letter", "other"}
)

// foiLight is a case's light with the words that say the same thing, so the
// colour is never the only signal.
type foiLight struct {
	Light foi.Light
	Text  string
}

// foiLightOf describes the clock of a case as of today.
func foiLightOf(cal *calendar.Calendar, c *foi.Clock, today calendar.Date) foiLight {
	switch c.Status {
	case foi.Answered:
		if c.Late {
			return foiLight{foi.None, "已答复（逾期答复）"}
		}
		return foiLight{foi.None, "已答复"}
	case foi.Withdrawn:
		return foiLight{foi.None, "已撤回"}
	}
	if c.DueOn.IsZero() {
		return foiLight{foi.None, "暂停计时（" + c.Status.Label() + "）"}
	}
	l := foi.LightOf(cal, c.DueOn, today)
	left, _ := cal.CountWorkdays(today, c.DueOn)
	switch l {
	case foi.Red:
		return foiLight{l, "红灯：" + foi.DescribeDue(l, left)}
	case foi.Yellow:
		return foiLight{l, "黄灯：" + foi.DescribeDue(l, left)}
	}
	return foiLight{l, "绿灯：" + foi.DescribeDue(l, left)}
}

// AdminNewPage serves GET /admin/foi/new.
func (s *Handler) AdminNewPage(w http.ResponseWriter, r *http.Request) error {
	f := &foiForm{A: foi.Applicant{Kind: "person"}, Channel: string(foi.InPerson), ReceivedOn: calendar.Today(s.Now()).String()}
	s.Render(w, r, http.StatusOK, "foi_apply", foiFormData(f, true))
	return nil
}

// AdminCreate registers an application that came in person, by mail or
// by fax. Like the online form, it answers with the receipt (the query code
// is shown once, to be handed to the applicant).
func (s *Handler) AdminCreate(w http.ResponseWriter, r *http.Request) error {
	f := foiFormOf(r)
	ch, received, rerr := f.receipt()
	scan, err := foiScanOf(r)
	if err := foiJoin(rerr, f.check(calendar.Today(s.Now())), err); err != nil {
		return s.foiFormFailed(w, r, f, true, err)
	}
	u := kit.User(r)
	app, code, err := s.Store.CreateApplication(r.Context(), u.Username, ch, received, f.A, f.R)
	if err != nil {
		return s.foiFormFailed(w, r, f, true, err)
	}
	return s.foiReceipt(w, r, app, code, scan, u.Username, true)
}

// foiPosted is the form of a failed POST on the case page, so that form
// keeps what the user typed.
type foiPosted struct {
	For  string
	Form url.Values
}

// Val is the value of key in form, as posted if form is the one that failed.
func (p foiPosted) Val(form, key, def string) string {
	if p.For == form && p.Form != nil {
		return p.Form.Get(key)
	}
	return def
}

// foiCaseEvent is a recorded event for the case page.
type foiCaseEvent struct {
	foi.RecordedEvent
	Label string
}

// foiCaseData gathers the case page.
func (s *Handler) foiCaseData(r *http.Request, number string) (map[string]any, error) {
	ctx := r.Context()
	app, err := s.Store.FOIApplicationByNumber(ctx, number)
	if err != nil {
		return nil, err
	}
	all, err := s.Store.FOIFiles(ctx, number)
	if err != nil {
		return nil, err
	}
	var files, released []*foi.File
	for _, f := range all {
		switch {
		case f.Kind == foi.FileReleased:
			released = append(released, f)
		case f.SupplementID == 0:
			files = append(files, f)
		}
	}
	supplements, err := s.Store.FOISupplements(ctx, number)
	if err != nil {
		return nil, err
	}
	who, office, err := s.staff(r)
	if err != nil {
		return nil, err
	}
	dups, dupTotal, err := s.Store.FOIDuplicates(ctx, number)
	if err != nil {
		return nil, err
	}
	// The same applicant's other cases, as far as the user may see them.
	dups = slices.DeleteFunc(dups, func(d *foi.Application) bool { return !who.Sees(d.DeptID) })
	depts, err := s.Store.Departments(ctx)
	if err != nil {
		return nil, err
	}
	names, codes := map[int64]string{}, map[string]string{}
	for _, d := range depts {
		names[d.ID], codes[d.Code] = d.Name, d.Name
	}
	cal, err := s.Store.Calendar(ctx)
	if err != nil {
		return nil, err
	}
	// The case's own trail: every change and every opening of its personal
	// data, as the audit chain holds them (its object names the case).
	trail, err := s.Store.AuditEvents(ctx, store.AuditFilter{ObjectIs: "foi:" + number, Limit: 500})
	if err != nil {
		return nil, err
	}
	slices.Reverse(trail)
	var reviews []*audit.Event
	for _, e := range trail {
		if e.Action == "foi.review" {
			reviews = append(reviews, e)
		}
		if d := e.Detail["department"]; d != "" && codes[d] != "" {
			e.Detail["department"] = codes[d] + "（" + d + "）"
		}
	}
	events := make([]foiCaseEvent, len(app.Events))
	for i, e := range app.Events {
		events[i] = foiCaseEvent{e, e.Type.Label()}
	}
	who.Drafted = app.DraftedBy() == kit.User(r).Username
	open := app.Clock.OpenConsultations()
	archived := slices.ContainsFunc(app.Events, func(e foi.RecordedEvent) bool { return e.Type == foi.Archive })
	today := calendar.Today(s.Now())
	return map[string]any{
		"Title": "依申请公开 " + app.Number, "App": app, "Clock": app.Clock, "Light": foiLightOf(cal, app.Clock, today),
		"Dept": names[app.DeptID], "Depts": kit.DepartmentTree(depts), "Files": files, "Dups": dups, "Events": events,
		"OpenConsults": open, "Outcomes": foi.Outcomes, "Today": today.String(), "Trail": trail, "Reviews": reviews,
		"ReviewKinds": foi.ReviewKinds(), "ReviewResults": foi.ReviewResults(), "Archived": archived,
		"Posted": foiPosted{}, "Staff": who, "DupTotal": dupTotal, "Office": office, "OfficeDept": names[office.DeptID], "Released": released,
		"Supplements": supplements, "ContactKinds": foiContactKinds,
	}, nil
}

// AdminCase serves GET /admin/foi/{number}.
func (s *Handler) AdminCase(w http.ResponseWriter, r *http.Request) error {
	data, err := s.foiCaseData(r, r.PathValue("number"))
	return s.Show(w, r, "admin_foi_case", data, err)
}

// foiCaseFail re-renders the case page with a refusal (bad input, a rule of
// the clock, a stale version, an extension by an officer); other errors go
// to the error page.
func (s *Handler) foiCaseFail(w http.ResponseWriter, r *http.Request, err error, form, what string) error {
	if !errs.Is(err, errs.Invalid) && !errs.Is(err, errs.Conflict) && !errs.Is(err, errs.Forbidden) {
		return err
	}
	data, lerr := s.foiCaseData(r, r.PathValue("number"))
	if lerr != nil {
		return lerr
	}
	_, msg := errs.Public(err)
	data["Error"] = what + "未成功：" + msg
	data["Posted"] = foiPosted{For: form, Form: r.PostForm}
	s.Render(w, r, kit.StatusOf(err), "admin_foi_case", data)
	return nil
}

func foiCaseURL(number string) string { return "/admin/foi/" + url.PathEscape(number) }

// AdminPersonal shows the applicant's full data on this response only;
// the store records who looked.
func (s *Handler) AdminPersonal(w http.ResponseWriter, r *http.Request) error {
	number := r.PathValue("number")
	data, err := s.foiCaseData(r, number)
	if err != nil {
		return err
	}
	full, err := s.Store.FOIApplicant(r.Context(), kit.Actor(r), number)
	if err != nil {
		return err
	}
	data["Full"] = full
	w.Header().Set("Cache-Control", "no-store")
	s.Render(w, r, http.StatusOK, "admin_foi_case", data)
	return nil
}

// AdminFile sends a file of the application (audited by the store).
func (s *Handler) AdminFile(w http.ResponseWriter, r *http.Request) error {
	id, err := kit.PathID(r)
	if err != nil {
		return err
	}
	f, data, err := s.Store.OpenFOIFile(r.Context(), kit.Actor(r), r.PathValue("number"), id)
	if err != nil {
		return err
	}
	sendFile(w, "attachment", f.Name, f.MIME, data)
	return nil
}

// staff is the signed-in user as the case rules see them, with the office.
func (s *Handler) staff(r *http.Request) (foi.Staff, *foi.Office, error) {
	o, err := s.office(r.Context())
	if err != nil {
		return foi.Staff{}, nil, err
	}
	return store.FOIStaff(kit.User(r), o), o, nil
}

// office is the FOI office's settings: as Scoped read them for this
// request, or from the store.
func (s *Handler) office(ctx context.Context) (*foi.Office, error) {
	if o, ok := ctx.Value(officeKey{}).(*foi.Office); ok {
		return o, nil
	}
	return s.Store.FOIOffice(ctx)
}

// officeKey keys the FOI office settings in a request's context.
type officeKey struct{}

// Scoped guards every route of one case: an officer outside the FOI office
// who is not of the case's 承办部门 gets 404, as for a document they may
// not see, before the handler reads anything.
func (s *Handler) Scoped(h kit.Handler) kit.Handler {
	return func(w http.ResponseWriter, r *http.Request) error {
		who, office, err := s.staff(r)
		if err != nil {
			return err
		}
		dept, err := s.Store.FOIDeptOf(r.Context(), r.PathValue("number"))
		if err != nil {
			return err
		}
		if !who.Sees(dept) {
			return errs.New(errs.NotFound, "web.foiScoped", "application_not_found", "申请不存在。")
		}
		return h(w, r.WithContext(context.WithValue(r.Context(), officeKey{}, office)))
	}
}

// foiEventOf parses an event form.
func foiEventOf(r *http.Request) (foi.Event, error) {
	const op = "web.foiEventOf"
	v := func(k string) string { return strings.TrimSpace(r.PostFormValue(k)) }
	e := foi.Event{Type: foi.EventType(v("type"))}
	if e.Type.Label() == "" {
		return e, errs.New(errs.Invalid, op, "unknown_event", "请选择要登记的办理环节。")
	}
	var err error
	if e.On, err = kit.DateParam("日期", v("on")); err != nil {
		return e, err
	}
	switch e.Type {
	case foi.RequestSupplement:
		if e.ReplyBy, err = kit.DateParam("补正期限", v("reply_by")); err != nil {
			return e, err
		}
		e.Reason = v("reason")
	case foi.ConsultStart:
		e.Party, e.Kind = v("party"), v("kind")
	case foi.ConsultEnd:
		e.Party = v("party")
	case foi.Extend:
		e.Reason = v("reason")
	case foi.FeeNotice:
		n, perr := strconv.Atoi(v("amount_yuan"))
		if perr != nil || n <= 0 {
			return e, errs.New(errs.Invalid, op, "invalid_amount", "收费金额应为正整数（元）。")
		}
		e.AmountYuan = n
	case foi.Answer, foi.Draft:
		// The 签发 of a draft names the draft; its outcome comes with it.
		if e.Draft = int(kit.FormID(v("draft"))); e.Draft == 0 || v("outcome") != "" {
			e.Outcome, e.Reason = foi.Outcome(v("outcome")), v("reason")
			if e.Outcome.Label() == "" {
				return e, errs.New(errs.Invalid, op, "invalid_outcome", "请选择办理结果。")
			}
		}
	case foi.DraftApproved, foi.DraftReturned, foi.SupplementReceived, foi.Withdraw:
		e.Note = v("note")
	case foi.Contact:
		e.Kind, e.Note = v("kind"), v("note")
	case foi.Mail:
		e.Carrier, e.TrackingNo = v("carrier"), v("tracking_no")
	case foi.Archive:
		e.Location = v("location")
	}
	return e, e.Validate()
}

// AdminEvent records one step of the case.
func (s *Handler) AdminEvent(w http.ResponseWriter, r *http.Request) error {
	number := r.PathValue("number")
	typ := foi.EventType(strings.TrimSpace(r.PostFormValue("type")))
	what := "登记"
	if l := typ.Label(); l != "" {
		what = "登记“" + l + "”"
	}
	// Version 0 would skip the store's check; a form always carries one.
	version := kit.FormID(r.PostFormValue("version"))
	if version <= 0 {
		return s.foiCaseFail(w, r, errs.New(errs.Invalid, "web.adminFOIEvent", "version_required", "表单缺少版本信息，请刷新页面后重新登记。"), string(typ), what)
	}
	e, err := foiEventOf(r)
	if err == nil {
		_, err = s.Store.AddFOIEvent(r.Context(), kit.User(r), number, version, e)
	}
	if err != nil {
		return s.foiCaseFail(w, r, err, string(typ), what)
	}
	return kit.Redirect(w, r, foiCaseURL(number)+"#h-events", "foi_event")
}

// AdminAssign routes the case to a department (or transfers it).
func (s *Handler) AdminAssign(w http.ResponseWriter, r *http.Request) error {
	number := r.PathValue("number")
	dept := kit.FormID(r.PostFormValue("dept_id"))
	var err error
	if dept <= 0 {
		err = errs.New(errs.Invalid, "web.adminFOIAssign", "department_required", "请选择承办部门。")
	} else {
		err = s.Store.AssignFOI(r.Context(), kit.Actor(r), number, dept, r.PostFormValue("note"))
	}
	if err != nil {
		return s.foiCaseFail(w, r, err, "assign", "分配承办部门")
	}
	return kit.Redirect(w, r, foiCaseURL(number), "foi_assigned")
}

// AdminReview records a 行政复议 or 行政诉讼 over the case.
func (s *Handler) AdminReview(w http.ResponseWriter, r *http.Request) error {
	number := r.PathValue("number")
	v := func(k string) string { return strings.TrimSpace(r.PostFormValue(k)) }
	rv := foi.Review{Kind: v("kind"), Result: v("result")}
	var err error
	rv.FiledOn, err = kit.DateParam("申请或立案日期", v("filed_on"))
	if err == nil && v("closed_on") != "" {
		rv.ClosedOn, err = kit.DateParam("结案日期", v("closed_on"))
	}
	if err == nil {
		err = s.Store.AddFOIReview(r.Context(), kit.Actor(r), number, rv)
	}
	if err != nil {
		return s.foiCaseFail(w, r, err, "review", "登记复议或诉讼")
	}
	return kit.Redirect(w, r, foiCaseURL(number)+"#h-reviews", "foi_review")
}

// foiDue is the dashboard's block of requests near or past their deadline:
// the most urgent few, with the totals.
type foiDue struct {
	List        []remind.Reminder
	Red, Yellow int
	More        bool // more than List holds; the inbox lists them all
}

// dashboardDue is how many urgent requests the dashboard lists.
const dashboardDue = 20

// Reminders is the dashboard's block of the requests near or past their
// deadline that the user may see — all for the FOI office and the heads,
// their department's for other officers (as "FOIDue") — the most urgent
// first, so its cost is a page however many are late.
func (s *Handler) Reminders(r *http.Request, u *auth.User) (string, any, error) {
	if !u.Can(auth.HandleFOI) {
		return "", nil, nil
	}
	who, _, err := s.staff(r)
	if err != nil {
		return "", nil, err
	}
	today := calendar.Today(s.Now())
	f := store.FOIFilter{Status: "open", Today: today, Size: dashboardDue}
	if !who.SeesAll() {
		f.DeptID = who.DeptID
	}
	apps, err := s.Store.FOIApplications(r.Context(), f)
	if err != nil {
		return "", nil, err
	}
	red, yellow, _, _, err := s.Store.FOICounts(r.Context(), f)
	if err != nil {
		return "", nil, err
	}
	if red+yellow == 0 {
		return "", nil, nil
	}
	cal, err := s.Store.Calendar(r.Context())
	if err != nil {
		return "", nil, err
	}
	due := &foiDue{Red: red, Yellow: yellow}
	for _, rs := range remind.Due(apps, cal, today) {
		due.List = append(due.List, rs...)
	}
	slices.SortFunc(due.List, func(a, b remind.Reminder) int { return a.DueOn.Compare(b.DueOn) })
	due.More = len(due.List) < red+yellow
	return "FOIDue", due, nil
}
