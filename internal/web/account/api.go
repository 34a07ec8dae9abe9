package account

import (
	"net/http"
	"strings"
	"time"

	"gongkai/internal/audit"
	"gongkai/internal/auth"
	"gongkai/internal/calendar"
	"gongkai/internal/errs"
	"gongkai/internal/web/kit"
)

type dayJSON struct {
	Date        calendar.Date `json:"date"`
	Workday     bool          `json:"workday"`
	Holiday     string        `json:"holiday,omitempty"`
	Provisional bool          `json:"provisional"`
}

// APIDay serves GET /api/v1/calendar/days/{date}.
func (s *Handler) APIDay(w http.ResponseWriter, r *http.Request) error {
	d, err := kit.DateParam("date", r.PathValue("date"))
	if err != nil {
		return err
	}
	cal, err := s.Store.Calendar(r.Context())
	if err != nil {
		return err
	}
	name, _ := cal.Holiday(d)
	kit.WriteJSON(w, http.StatusOK, dayJSON{Date: d, Workday: cal.IsWorkday(d), Holiday: name, Provisional: !cal.Covered(d.Year)})
	return nil
}

// APIAddWorkdays serves GET /api/v1/calendar/add.
func (s *Handler) APIAddWorkdays(w http.ResponseWriter, r *http.Request) error {
	from, err := kit.DateParam("from", r.URL.Query().Get("from"))
	if err != nil {
		return err
	}
	n, err := parseWorkdays(r.URL.Query().Get("n"))
	if err != nil {
		return err
	}
	cal, err := s.Store.Calendar(r.Context())
	if err != nil {
		return err
	}
	due, provisional := cal.AddWorkdays(from, n)
	kit.WriteJSON(w, http.StatusOK, map[string]any{"from": from, "n": n, "date": due, "provisional": provisional})
	return nil
}

// APICountWorkdays serves GET /api/v1/calendar/count.
func (s *Handler) APICountWorkdays(w http.ResponseWriter, r *http.Request) error {
	from, err := kit.DateParam("from", r.URL.Query().Get("from"))
	if err != nil {
		return err
	}
	to, err := kit.DateParam("to", r.URL.Query().Get("to"))
	if err != nil {
		return err
	}
	cal, err := s.Store.Calendar(r.Context())
	if err != nil {
		return err
	}
	n, provisional := cal.CountWorkdays(from, to)
	kit.WriteJSON(w, http.StatusOK, map[string]any{"from": from, "to": to, "workdays": n, "provisional": provisional})
	return nil
}

type userJSON struct {
	Username string      `json:"username"`
	Name     string      `json:"name"`
	DeptID   int64       `json:"dept_id,omitempty"`
	Roles    []auth.Role `json:"roles"`
	Disabled bool        `json:"disabled"`
	Locked   bool        `json:"locked"`
}

func (s *Handler) userJSON(u *auth.User) userJSON {
	roles := u.Roles
	if roles == nil {
		roles = []auth.Role{}
	}
	return userJSON{Username: u.Username, Name: u.Name, DeptID: u.DeptID, Roles: roles, Disabled: u.Disabled, Locked: u.Locked(s.Now())}
}

// APIMe serves GET /api/v1/me.
func (s *Handler) APIMe(w http.ResponseWriter, r *http.Request) error {
	kit.WriteJSON(w, http.StatusOK, s.userJSON(kit.User(r)))
	return nil
}

type departmentJSON struct {
	ID       int64  `json:"id"`
	Code     string `json:"code"`
	Name     string `json:"name"`
	OrgCode  string `json:"org_code"`
	ParentID int64  `json:"parent_id"`
}

// APIDepartments serves GET /api/v1/departments.
func (s *Handler) APIDepartments(w http.ResponseWriter, r *http.Request) error {
	depts, err := s.Store.Departments(r.Context())
	if err != nil {
		return err
	}
	out := make([]departmentJSON, len(depts))
	for i, d := range depts {
		out[i] = departmentJSON{d.ID, d.Code, d.Name, d.OrgCode, d.ParentID}
	}
	kit.WriteJSON(w, http.StatusOK, map[string]any{"items": out})
	return nil
}

// APICreateDepartment serves POST /api/v1/departments.
func (s *Handler) APICreateDepartment(w http.ResponseWriter, r *http.Request) error {
	var in struct {
		Code       string `json:"code"`
		Name       string `json:"name"`
		OrgCode    string `json:"org_code"`
		ParentCode string `json:"parent_code"`
	}
	if err := kit.DecodeJSON(w, r, &in); err != nil {
		return err
	}
	d := &auth.Department{Code: in.Code, Name: in.Name, OrgCode: in.OrgCode}
	if in.ParentCode != "" {
		p, err := s.Store.DepartmentByCode(r.Context(), strings.ToLower(strings.TrimSpace(in.ParentCode)))
		if err != nil {
			return errs.Newf(errs.Invalid, "web.apiCreateDepartment", "parent_not_found", "上级部门“%s”不存在。", in.ParentCode)
		}
		d.ParentID = p.ID
	}
	if err := s.Store.CreateDepartment(r.Context(), kit.Actor(r), d); err != nil {
		return err
	}
	kit.WriteJSON(w, http.StatusCreated, departmentJSON{d.ID, d.Code, d.Name, d.OrgCode, d.ParentID})
	return nil
}

// APIUsers serves GET /api/v1/users.
func (s *Handler) APIUsers(w http.ResponseWriter, r *http.Request) error {
	users, err := s.Store.Users(r.Context())
	if err != nil {
		return err
	}
	out := make([]userJSON, len(users))
	for i, u := range users {
		out[i] = s.userJSON(u)
	}
	kit.WriteJSON(w, http.StatusOK, map[string]any{"items": out})
	return nil
}

// APICreateUser serves POST /api/v1/users.
func (s *Handler) APICreateUser(w http.ResponseWriter, r *http.Request) error {
	var in struct {
		Username string `json:"username"`
		Name     string `json:"name"`
		DeptCode string `json:"dept_code"`
		Password string `json:"password"`
	}
	if err := kit.DecodeJSON(w, r, &in); err != nil {
		return err
	}
	u := &auth.User{Username: in.Username, Name: in.Name}
	if in.DeptCode != "" {
		d, err := s.Store.DepartmentByCode(r.Context(), strings.ToLower(strings.TrimSpace(in.DeptCode)))
		if err != nil {
			return errs.Newf(errs.Invalid, "web.apiCreateUser", "department_not_found", "部门“%s”不存在。", in.DeptCode)
		}
		u.DeptID = d.ID
	}
	if err := s.Store.CreateUser(r.Context(), kit.Actor(r), u, in.Password); err != nil {
		return err
	}
	kit.WriteJSON(w, http.StatusCreated, s.userJSON(u))
	return nil
}

// userByPath resolves {username}; an unknown one is 404.
func (s *Handler) userByPath(r *http.Request) (*auth.User, error) {
	return s.Store.UserByUsername(r.Context(), strings.ToLower(r.PathValue("username")))
}

// APISetRoles serves PUT /api/v1/users/{username}/roles.
func (s *Handler) APISetRoles(w http.ResponseWriter, r *http.Request) error {
	var in struct {
		Roles []auth.Role `json:"roles"`
	}
	if err := kit.DecodeJSON(w, r, &in); err != nil {
		return err
	}
	if in.Roles == nil {
		return errs.New(errs.Invalid, "web.apiSetRoles", "roles_required", "请提供 roles 数组（可为空数组，表示撤销全部角色）。")
	}
	u, err := s.userByPath(r)
	if err != nil {
		return err
	}
	u, err = s.Store.SetRoles(r.Context(), kit.Actor(r), u.ID, in.Roles)
	if err != nil {
		return err
	}
	kit.WriteJSON(w, http.StatusOK, s.userJSON(u))
	return nil
}

// APIUnlock serves POST /api/v1/users/{username}/unlock.
func (s *Handler) APIUnlock(w http.ResponseWriter, r *http.Request) error {
	u, err := s.userByPath(r)
	if err != nil {
		return err
	}
	if err := s.Store.Unlock(r.Context(), kit.Actor(r), u.ID); err != nil {
		return err
	}
	u.LockedUntil = time.Time{}
	kit.WriteJSON(w, http.StatusOK, s.userJSON(u))
	return nil
}

type tokenJSON struct {
	ID       int64      `json:"id"`
	Name     string     `json:"name"`
	Created  time.Time  `json:"created"`
	LastUsed *time.Time `json:"last_used,omitempty"`
	Expires  time.Time  `json:"expires"`
	Revoked  *time.Time `json:"revoked,omitempty"`
	Active   bool       `json:"active"`
}

func (s *Handler) tokenJSON(t *auth.APIToken) tokenJSON {
	out := tokenJSON{ID: t.ID, Name: t.Name, Created: t.Created, Expires: t.Expires, Active: t.Active(s.Now())}
	if !t.LastUsed.IsZero() {
		out.LastUsed = &t.LastUsed
	}
	if !t.Revoked.IsZero() {
		out.Revoked = &t.Revoked
	}
	return out
}

// APITokens serves GET /api/v1/tokens: the caller's own API tokens.
func (s *Handler) APITokens(w http.ResponseWriter, r *http.Request) error {
	tokens, err := s.Store.Tokens(r.Context(), kit.User(r).ID)
	if err != nil {
		return err
	}
	out := make([]tokenJSON, len(tokens))
	for i, t := range tokens {
		out[i] = s.tokenJSON(t)
	}
	kit.WriteJSON(w, http.StatusOK, map[string]any{"items": out})
	return nil
}

// APIRevokeToken serves DELETE /api/v1/tokens/{id}: the owner's, or the
// security administrator's for any account.
func (s *Handler) APIRevokeToken(w http.ResponseWriter, r *http.Request) error {
	id, err := kit.PathID(r)
	if err != nil {
		return err
	}
	if _, err := s.Store.RevokeToken(r.Context(), kit.User(r), id); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}

type overrideJSON struct {
	Date      calendar.Date `json:"date"`
	Workday   bool          `json:"workday"`
	Note      string        `json:"note"`
	UpdatedBy string        `json:"updated_by,omitempty"`
}

// APIOverrides serves GET /api/v1/calendar/overrides.
func (s *Handler) APIOverrides(w http.ResponseWriter, r *http.Request) error {
	list, err := s.Store.CalendarOverrides(r.Context())
	if err != nil {
		return err
	}
	out := make([]overrideJSON, len(list))
	for i, o := range list {
		out[i] = overrideJSON{o.Date, o.Workday, o.Note, o.UpdatedBy}
	}
	kit.WriteJSON(w, http.StatusOK, map[string]any{"items": out})
	return nil
}

// APISetOverride serves PUT /api/v1/calendar/overrides/{date}.
func (s *Handler) APISetOverride(w http.ResponseWriter, r *http.Request) error {
	d, err := kit.DateParam("date", r.PathValue("date"))
	if err != nil {
		return err
	}
	var in struct {
		Workday *bool  `json:"workday"`
		Note    string `json:"note"`
	}
	if err := kit.DecodeJSON(w, r, &in); err != nil {
		return err
	}
	if in.Workday == nil {
		return errs.New(errs.Invalid, "web.apiSetOverride", "workday_required", "请提供 workday（true 为上班，false 为休息）。")
	}
	o := calendar.Override{Date: d, Workday: *in.Workday, Note: strings.TrimSpace(in.Note)}
	if err := s.Store.SetCalendarOverride(r.Context(), kit.Actor(r), o); err != nil {
		return err
	}
	kit.WriteJSON(w, http.StatusOK, overrideJSON{o.Date, o.Workday, o.Note, kit.Actor(r)})
	return nil
}

// APIDeleteOverride serves DELETE /api/v1/calendar/overrides/{date}.
func (s *Handler) APIDeleteOverride(w http.ResponseWriter, r *http.Request) error {
	d, err := kit.DateParam("date", r.PathValue("date"))
	if err != nil {
		return err
	}
	if err := s.Store.DeleteCalendarOverride(r.Context(), kit.Actor(r), d); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}

type eventJSON struct {
	Seq    int64             `json:"seq"`
	At     time.Time         `json:"at"`
	Actor  string            `json:"actor"`
	Action string            `json:"action"`
	Object string            `json:"object"`
	Detail map[string]string `json:"detail"`
	Hash   string            `json:"hash"`
}

// APIAuditEvents serves GET /api/v1/audit/events.
func (s *Handler) APIAuditEvents(w http.ResponseWriter, r *http.Request) error {
	f, err := auditFilter(r)
	if err != nil {
		return err
	}
	events, err := s.Store.AuditEvents(r.Context(), f)
	if err != nil {
		return err
	}
	out := make([]eventJSON, len(events))
	for i, e := range events {
		out[i] = toEventJSON(e)
	}
	kit.WriteJSON(w, http.StatusOK, map[string]any{"items": out})
	return nil
}

func toEventJSON(e *audit.Event) eventJSON {
	return eventJSON{e.Seq, e.At, e.Actor, e.Action, e.Object, e.Detail, e.Hash}
}

// APIAuditVerify serves GET /api/v1/audit/verify.
func (s *Handler) APIAuditVerify(w http.ResponseWriter, r *http.Request) error {
	res, err := s.Store.VerifyAudit(r.Context())
	if err != nil {
		return err
	}
	kit.WriteJSON(w, http.StatusOK, map[string]any{"ok": res.OK(), "count": res.Count, "bad_seq": res.BadSeq, "reason": res.Reason})
	return nil
}
