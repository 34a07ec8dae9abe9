package interact

// The staff side of letters: the inbox (with lights and the escalation
// list), a letter's page with the forms of every step, the audited views
// of the writer's contact and attachments, and the settings. The office
// (政务公开办, supervise) sees every letter; a department's replier sees
// the department's, here and in the store.

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"gongkai/internal/auth"
	"gongkai/internal/calendar"
	"gongkai/internal/errs"
	"gongkai/internal/interact"
	"gongkai/internal/store"
	"gongkai/internal/web/kit"
)

func letterURL(number string) string { return "/admin/letters/" + url.PathEscape(number) }

// staffFilter holds a replier to their department.
func staffFilter(u *auth.User, f *store.LetterFilter) {
	if !u.Can(auth.Supervise) {
		f.DeptID = u.DeptID
	}
}

// Inbox is the staff's list of letters: open ones most urgent first by
// default; ?status=escalated is the list of letters unanswered for more
// than three months.
func (h *Handler) Inbox(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	page, err := kit.PageParam(q)
	if err != nil {
		return err
	}
	u := kit.User(r)
	f := store.LetterFilter{Status: q.Get("status"), Kind: interact.Kind(q.Get("kind")), Light: interact.Light(q.Get("light")), Page: page, Size: 30}
	if d := q.Get("dept"); d != "" {
		f.DeptID = kit.FormID(d)
	}
	staffFilter(u, &f)
	letters, total, err := h.Store.Letters(r.Context(), f)
	if err != nil {
		return err
	}
	counts := f
	counts.Status, counts.Light = "open", interact.None
	red, yellow, err := h.Store.LetterLights(r.Context(), counts)
	if err != nil {
		return err
	}
	esc := f
	esc.Status, esc.Light, esc.Kind = "escalated", interact.None, ""
	_, escalated, err := h.Store.Letters(r.Context(), esc)
	if err != nil {
		return err
	}
	cal, err := h.Store.Calendar(r.Context())
	if err != nil {
		return err
	}
	today := calendar.DateOf(h.Now())
	lights := map[string]interact.Light{}
	for _, l := range letters {
		lights[l.Number] = interact.LightOf(cal, l.DueOn, today)
	}
	names, err := h.deptNames(r)
	if err != nil {
		return err
	}
	depts, err := h.Store.Departments(r.Context())
	if err != nil {
		return err
	}
	h.Render(w, r, http.StatusOK, "admin_letters", map[string]any{"Title": "政民互动留言办理", "Letters": letters, "Lights": lights,
		"Depts": names, "Departments": depts, "Filter": f, "Red": red, "Yellow": yellow, "Escalated": escalated,
		"Statuses": interact.Statuses(), "Pager": kit.NewPager(r, page, 30, total), "Office": u.Can(auth.Supervise)})
	return nil
}

// letterFor loads the letter of the path for u, not found when u may not see it.
func (h *Handler) letterFor(r *http.Request) (*interact.Letter, error) {
	l, err := h.Store.Letter(r.Context(), r.PathValue("number"))
	if err != nil {
		return nil, err
	}
	if !store.StaffOf(kit.User(r)).Sees(l) {
		return nil, errs.New(errs.NotFound, "web.letter", "letter_not_found", "留言不存在。")
	}
	return l, nil
}

func (h *Handler) letterPageData(r *http.Request, l *interact.Letter) (map[string]any, error) {
	ctx := r.Context()
	u := kit.User(r)
	names, err := h.deptNames(r)
	if err != nil {
		return nil, err
	}
	depts, err := h.Store.Departments(ctx)
	if err != nil {
		return nil, err
	}
	files, err := h.Store.LetterFiles(ctx, l.Number)
	if err != nil {
		return nil, err
	}
	cal, err := h.Store.Calendar(ctx)
	if err != nil {
		return nil, err
	}
	set, err := h.Store.LetterSettings(ctx)
	if err != nil {
		return nil, err
	}
	who := store.StaffOf(u)
	data := map[string]any{"Title": "留言 " + l.Number, "Letter": l, "Depts": names, "Departments": depts, "Files": files,
		"Light": interact.LightOf(cal, l.DueOn, calendar.DateOf(h.Now())), "Office": who.Triage,
		"CanReply": who.Replier && who.DeptID != 0 && who.DeptID == l.DeptID, "Reasons": interact.RejectReasons(), "Review": set.Review,
		"DueSimple": interact.DueOn(cal, l.ReceivedOn, true), "DueNormal": interact.DueOn(cal, l.ReceivedOn, false)}
	if l.Kind == interact.Mailbox {
		if leader, ok := set.Leader(l.Target); ok {
			data["Leader"] = leader
		}
	}
	if l.PolicyID != 0 {
		index, title, err := h.Store.LetterPolicy(ctx, l.PolicyID)
		if err != nil {
			return nil, err
		}
		data["Policy"] = map[string]string{"Index": index, "Title": title}
	}
	return data, nil
}

// LetterPage is one letter for staff, with the forms its state allows.
func (h *Handler) LetterPage(w http.ResponseWriter, r *http.Request) error {
	l, err := h.letterFor(r)
	if err != nil {
		return err
	}
	data, err := h.letterPageData(r, l)
	return h.Show(w, r, "admin_letter", data, err)
}

// letterStepOf reads a step from the letter page's forms.
func letterStepOf(ctx context.Context, st *store.Store, r *http.Request) (interact.Step, error) {
	s := interact.Step{Action: interact.Action(r.PostFormValue("action")), Text: r.PostFormValue("text"), Reason: r.PostFormValue("reason"),
		Simple: r.PostFormValue("simple") == "yes", DeptID: kit.FormID(r.PostFormValue("dept"))}
	if s.Action == interact.ActLink {
		if v := strings.TrimSpace(r.PostFormValue("policy")); v != "" {
			id, err := st.PolicyByIndex(ctx, v)
			if err != nil {
				return s, errs.InField("policy", errs.New(errs.Invalid, "web.letterStep", "invalid_policy", "没有索引号为 "+v+" 的公开文件。"))
			}
			s.Policy = id
		}
	}
	if s.Action == interact.ActReply && len([]rune(s.Text)) > interact.MaxReply {
		return s, errs.InField("text", errs.New(errs.Invalid, "web.letterStep", "invalid_reply", "答复内容不超过 10000 个字。"))
	}
	return s, nil
}

// LetterStep takes one step on a letter from its page.
func (h *Handler) LetterStep(w http.ResponseWriter, r *http.Request) error {
	number := r.PathValue("number")
	st, err := letterStepOf(r.Context(), h.Store, r)
	if err == nil {
		version, _ := strconv.ParseInt(r.PostFormValue("version"), 10, 64)
		_, err = h.Store.LetterStep(r.Context(), kit.User(r), number, version, st)
	}
	if err != nil {
		return h.FormPage(w, r, err, func() (string, map[string]any, error) {
			l, lerr := h.letterFor(r)
			if lerr != nil {
				return "", nil, lerr
			}
			data, lerr := h.letterPageData(r, l)
			if lerr == nil {
				data["ErrorField"] = errs.FieldOf(err)
				data["Posted"] = st
			}
			return "admin_letter", data, lerr
		})
	}
	return kit.Redirect(w, r, letterURL(number), "letter_step")
}

// LetterWriter shows the writer's contact, audited (a POST, so no link
// opens it).
func (h *Handler) LetterWriter(w http.ResponseWriter, r *http.Request) error {
	l, err := h.letterFor(r)
	if err != nil {
		return err
	}
	name, phone, email, err := h.Store.LetterWriter(r.Context(), kit.Actor(r), l.Number)
	if err != nil {
		return err
	}
	data, err := h.letterPageData(r, l)
	if err != nil {
		return err
	}
	data["Writer"] = map[string]string{"Name": name, "Phone": phone, "Email": email}
	w.Header().Set("Cache-Control", "no-store")
	h.Render(w, r, http.StatusOK, "admin_letter", data)
	return nil
}

// LetterFile sends one attachment of a letter, audited.
func (h *Handler) LetterFile(w http.ResponseWriter, r *http.Request) error {
	l, err := h.letterFor(r)
	if err != nil {
		return err
	}
	id, err := kit.PathID(r)
	if err != nil {
		return err
	}
	a, data, err := h.Store.OpenLetterFile(r.Context(), kit.Actor(r), l.Number, id)
	if err != nil {
		return err
	}
	w.Header().Set("Content-Type", a.MIME)
	w.Header().Set("Content-Disposition", "attachment; filename*=UTF-8''"+url.PathEscape(a.Name))
	w.Header().Set("Cache-Control", "no-store")
	_, _ = w.Write(data)
	return nil
}

// LetterSettingsPage shows the leaders of the 领导信箱 and the review switch.
func (h *Handler) LetterSettingsPage(w http.ResponseWriter, r *http.Request) error {
	data, err := h.letterSettingsData(r, nil)
	return h.Show(w, r, "admin_letter_settings", data, err)
}

func (h *Handler) letterSettingsData(r *http.Request, posted *interact.Settings) (map[string]any, error) {
	set, err := h.Store.LetterSettings(r.Context())
	if err != nil {
		return nil, err
	}
	if posted != nil {
		set = posted
	}
	depts, err := h.Store.Departments(r.Context())
	if err != nil {
		return nil, err
	}
	codes := map[int64]string{}
	for _, d := range depts {
		codes[d.ID] = d.Code
	}
	var lines []string
	for _, l := range set.Leaders {
		lines = append(lines, strings.Join([]string{l.ID, l.Name, l.Title, codes[l.DeptID]}, "|"))
	}
	return map[string]any{"Title": "政民互动设置", "Settings": set, "Leaders": strings.Join(lines, "\n"), "Departments": depts}, nil
}

// SaveLetterSettings saves the settings: one leader per line as
// 代码|姓名|职务|部门编码.
func (h *Handler) SaveLetterSettings(w http.ResponseWriter, r *http.Request) error {
	set := interact.Settings{Review: r.PostFormValue("review") == "yes"}
	var bad error
	for i, line := range strings.Split(strings.ReplaceAll(r.PostFormValue("leaders"), "\r\n", "\n"), "\n") {
		if strings.TrimSpace(line) == "" {
			continue
		}
		parts := strings.Split(line, "|")
		if len(parts) != 4 {
			bad = errs.InField("leaders", errs.Newf(errs.Invalid, "web.SaveLetterSettings", "invalid_leader", "第 %d 行应为“代码|姓名|职务|部门编码”四项，用竖线分隔。", i+1))
			break
		}
		l := interact.Leader{ID: strings.TrimSpace(parts[0]), Name: strings.TrimSpace(parts[1]), Title: strings.TrimSpace(parts[2])}
		if d, err := h.Store.DepartmentByCode(r.Context(), strings.TrimSpace(parts[3])); err == nil {
			l.DeptID = d.ID
		}
		set.Leaders = append(set.Leaders, l)
	}
	err := bad
	if err == nil {
		err = h.Store.SaveLetterSettings(r.Context(), kit.Actor(r), set)
	}
	if err != nil {
		return h.FormPage(w, r, err, func() (string, map[string]any, error) {
			data, lerr := h.letterSettingsData(r, &set)
			if lerr == nil {
				data["Leaders"] = r.PostFormValue("leaders")
			}
			return "admin_letter_settings", data, lerr
		})
	}
	return kit.Redirect(w, r, "/admin/letters/settings", "letter_settings")
}

// LetterToFAQ drafts an entry of the FAQ library from a replied letter in
// one step (hidden until published) and opens it for editing.
func (h *Handler) LetterToFAQ(w http.ResponseWriter, r *http.Request) error {
	l, err := h.letterFor(r)
	if err != nil {
		return err
	}
	draft, err := h.Store.LetterFAQDraft(r.Context(), l.Number)
	if err != nil {
		return err
	}
	u := kit.User(r)
	if !interact.CanEditFAQ(u, draft.DeptID) {
		return errs.New(errs.Forbidden, "web.LetterToFAQ", "forbidden", "只有答复部门或政务公开办可以把这封留言整理为常见问题。")
	}
	f, err := h.Store.CreateFAQ(r.Context(), kit.Actor(r), draft)
	if err != nil {
		return err
	}
	return kit.Redirect(w, r, "/admin/faq/"+strconv.FormatInt(f.ID, 10), "faq_created")
}

// letterDue is the dashboard's letters block.
type letterDue struct {
	Red, Yellow, Escalated int
	List                   []*interact.Letter // the most urgent open letters
	Lights                 map[string]interact.Light
}

// LetterWidget shows the office and each department's repliers their red
// and yellow letters and those unanswered for three months, most urgent
// first (one page of the inbox and two counts).
func (h *Handler) LetterWidget(r *http.Request, u *auth.User) (string, any, error) {
	if !u.Can(auth.Supervise) && !u.Can(auth.ReplyLetters) {
		return "", nil, nil
	}
	f := store.LetterFilter{Status: "open", Size: 10}
	staffFilter(u, &f)
	red, yellow, err := h.Store.LetterLights(r.Context(), f)
	if err != nil {
		return "", nil, err
	}
	esc := f
	esc.Status = "escalated"
	_, escalated, err := h.Store.Letters(r.Context(), esc)
	if err != nil {
		return "", nil, err
	}
	if red+yellow+escalated == 0 {
		return "", nil, nil
	}
	list, _, err := h.Store.Letters(r.Context(), f)
	if err != nil {
		return "", nil, err
	}
	cal, err := h.Store.Calendar(r.Context())
	if err != nil {
		return "", nil, err
	}
	due := &letterDue{Red: red, Yellow: yellow, Escalated: escalated, Lights: map[string]interact.Light{}}
	today := calendar.DateOf(h.Now())
	for _, l := range list {
		if light := interact.LightOf(cal, l.DueOn, today); light == interact.Red || light == interact.Yellow {
			due.List = append(due.List, l)
			due.Lights[l.Number] = light
		}
	}
	return "LetterDue", due, nil
}
