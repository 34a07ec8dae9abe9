package web

import (
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"strings"
	"time"

	"gongkai/internal/audit"
	"gongkai/internal/auth"
	"gongkai/internal/calendar"
	"gongkai/internal/errs"
)

// maxJSON is the largest JSON body the API reads.
const maxJSON = 1 << 20

// decodeJSON reads exactly one JSON object into v: unknown fields, trailing
// data, wrong types and bodies over 1 MB are refused with a Chinese message.
func decodeJSON(w http.ResponseWriter, r *http.Request, v any) error {
	const op = "web.decodeJSON"
	if ct := r.Header.Get("Content-Type"); ct != "" && !strings.HasPrefix(ct, "application/json") {
		return errs.New(errs.Invalid, op, "unsupported_media_type", "请求体应为 JSON（Content-Type: application/json）。")
	}
	dec := json.NewDecoder(http.MaxBytesReader(w, r.Body, maxJSON))
	dec.DisallowUnknownFields()
	err := dec.Decode(v)
	if err == nil && dec.More() {
		err = errors.New("trailing data")
	}
	if err == nil {
		if _, terr := dec.Token(); terr != io.EOF {
			err = errors.New("trailing data")
		}
	}
	if err == nil {
		return nil
	}
	var tooBig *http.MaxBytesError
	var typeErr *json.UnmarshalTypeError
	var e *errs.Error
	switch {
	case errors.As(err, &tooBig):
		return err // statusOf answers 413 with its own message
	case errors.As(err, &e):
		return err // a field's own decoder (e.g. a date) explained the problem
	case errors.As(err, &typeErr):
		return errs.Newf(errs.Invalid, op, "invalid_field_type", "字段“%s”的类型不正确。", typeErr.Field).WithErr(err)
	case strings.HasPrefix(err.Error(), "json: unknown field "):
		field := strings.Trim(strings.TrimPrefix(err.Error(), "json: unknown field "), `"`)
		return errs.Newf(errs.Invalid, op, "unknown_field", "不认识的字段“%s”。", field).WithErr(err)
	case errors.Is(err, io.EOF):
		return errs.New(errs.Invalid, op, "empty_body", "请求体为空，应为一个 JSON 对象。")
	}
	return errs.New(errs.Invalid, op, "malformed_json", "请求体不是有效的 JSON。").WithErr(err)
}

func (s *Server) openAPI(w http.ResponseWriter, r *http.Request) error {
	b, err := assets.ReadFile("openapi.json")
	if err != nil {
		return err
	}
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	_, _ = w.Write(b)
	return nil
}

func (s *Server) apiNotFound(w http.ResponseWriter, r *http.Request) error {
	return errs.New(errs.NotFound, "web.apiNotFound", "no_such_endpoint", "没有这个接口，请查阅 /api/v1/openapi.json。")
}

type dayJSON struct {
	Date        calendar.Date `json:"date"`
	Workday     bool          `json:"workday"`
	Holiday     string        `json:"holiday,omitempty"`
	Provisional bool          `json:"provisional"`
}

func (s *Server) apiDay(w http.ResponseWriter, r *http.Request) error {
	d, err := parseDateParam("date", r.PathValue("date"))
	if err != nil {
		return err
	}
	cal, err := s.store.Calendar(r.Context())
	if err != nil {
		return err
	}
	name, _ := cal.Holiday(d)
	writeJSON(w, http.StatusOK, dayJSON{Date: d, Workday: cal.IsWorkday(d), Holiday: name, Provisional: !cal.Covered(d.Year)})
	return nil
}

func (s *Server) apiAddWorkdays(w http.ResponseWriter, r *http.Request) error {
	from, err := parseDateParam("from", r.URL.Query().Get("from"))
	if err != nil {
		return err
	}
	n, err := parseWorkdays(r.URL.Query().Get("n"))
	if err != nil {
		return err
	}
	cal, err := s.store.Calendar(r.Context())
	if err != nil {
		return err
	}
	due, provisional := cal.AddWorkdays(from, n)
	writeJSON(w, http.StatusOK, map[string]any{"from": from, "n": n, "date": due, "provisional": provisional})
	return nil
}

func (s *Server) apiCountWorkdays(w http.ResponseWriter, r *http.Request) error {
	from, err := parseDateParam("from", r.URL.Query().Get("from"))
	if err != nil {
		return err
	}
	to, err := parseDateParam("to", r.URL.Query().Get("to"))
	if err != nil {
		return err
	}
	cal, err := s.store.Calendar(r.Context())
	if err != nil {
		return err
	}
	n, provisional := cal.CountWorkdays(from, to)
	writeJSON(w, http.StatusOK, map[string]any{"from": from, "to": to, "workdays": n, "provisional": provisional})
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

func (s *Server) userJSON(u *auth.User) userJSON {
	roles := u.Roles
	if roles == nil {
		roles = []auth.Role{}
	}
	return userJSON{Username: u.Username, Name: u.Name, DeptID: u.DeptID, Roles: roles, Disabled: u.Disabled, Locked: u.Locked(s.now())}
}

func (s *Server) apiMe(w http.ResponseWriter, r *http.Request) error {
	writeJSON(w, http.StatusOK, s.userJSON(currentUser(r)))
	return nil
}

type departmentJSON struct {
	ID       int64  `json:"id"`
	Code     string `json:"code"`
	Name     string `json:"name"`
	OrgCode  string `json:"org_code"`
	ParentID int64  `json:"parent_id"`
}

func (s *Server) apiDepartments(w http.ResponseWriter, r *http.Request) error {
	depts, err := s.store.Departments(r.Context())
	if err != nil {
		return err
	}
	out := make([]departmentJSON, len(depts))
	for i, d := range depts {
		out[i] = departmentJSON{d.ID, d.Code, d.Name, d.OrgCode, d.ParentID}
	}
	writeJSON(w, http.StatusOK, map[string]any{"items": out})
	return nil
}

func (s *Server) apiCreateDepartment(w http.ResponseWriter, r *http.Request) error {
	var in struct {
		Code       string `json:"code"`
		Name       string `json:"name"`
		OrgCode    string `json:"org_code"`
		ParentCode string `json:"parent_code"`
	}
	if err := decodeJSON(w, r, &in); err != nil {
		return err
	}
	d := &auth.Department{Code: in.Code, Name: in.Name, OrgCode: in.OrgCode}
	if in.ParentCode != "" {
		p, err := s.store.DepartmentByCode(r.Context(), strings.ToLower(strings.TrimSpace(in.ParentCode)))
		if err != nil {
			return errs.Newf(errs.Invalid, "web.apiCreateDepartment", "parent_not_found", "上级部门“%s”不存在。", in.ParentCode)
		}
		d.ParentID = p.ID
	}
	if err := s.store.CreateDepartment(r.Context(), actor(r), d); err != nil {
		return err
	}
	writeJSON(w, http.StatusCreated, departmentJSON{d.ID, d.Code, d.Name, d.OrgCode, d.ParentID})
	return nil
}

func (s *Server) apiUsers(w http.ResponseWriter, r *http.Request) error {
	users, err := s.store.Users(r.Context())
	if err != nil {
		return err
	}
	out := make([]userJSON, len(users))
	for i, u := range users {
		out[i] = s.userJSON(u)
	}
	writeJSON(w, http.StatusOK, map[string]any{"items": out})
	return nil
}

func (s *Server) apiCreateUser(w http.ResponseWriter, r *http.Request) error {
	var in struct {
		Username string `json:"username"`
		Name     string `json:"name"`
		DeptCode string `json:"dept_code"`
		Password string `json:"password"`
	}
	if err := decodeJSON(w, r, &in); err != nil {
		return err
	}
	u := &auth.User{Username: in.Username, Name: in.Name}
	if in.DeptCode != "" {
		d, err := s.store.DepartmentByCode(r.Context(), strings.ToLower(strings.TrimSpace(in.DeptCode)))
		if err != nil {
			return errs.Newf(errs.Invalid, "web.apiCreateUser", "department_not_found", "部门“%s”不存在。", in.DeptCode)
		}
		u.DeptID = d.ID
	}
	if err := s.store.CreateUser(r.Context(), actor(r), u, in.Password); err != nil {
		return err
	}
	writeJSON(w, http.StatusCreated, s.userJSON(u))
	return nil
}

// userByPath resolves {username}; an unknown one is 404.
func (s *Server) userByPath(r *http.Request) (*auth.User, error) {
	return s.store.UserByUsername(r.Context(), strings.ToLower(r.PathValue("username")))
}

func (s *Server) apiSetRoles(w http.ResponseWriter, r *http.Request) error {
	var in struct {
		Roles []auth.Role `json:"roles"`
	}
	if err := decodeJSON(w, r, &in); err != nil {
		return err
	}
	if in.Roles == nil {
		return errs.New(errs.Invalid, "web.apiSetRoles", "roles_required", "请提供 roles 数组（可为空数组，表示撤销全部角色）。")
	}
	u, err := s.userByPath(r)
	if err != nil {
		return err
	}
	u, err = s.store.SetRoles(r.Context(), actor(r), u.ID, in.Roles)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, s.userJSON(u))
	return nil
}

func (s *Server) apiUnlock(w http.ResponseWriter, r *http.Request) error {
	u, err := s.userByPath(r)
	if err != nil {
		return err
	}
	if err := s.store.Unlock(r.Context(), actor(r), u.ID); err != nil {
		return err
	}
	u.LockedUntil = time.Time{}
	writeJSON(w, http.StatusOK, s.userJSON(u))
	return nil
}

type overrideJSON struct {
	Date      calendar.Date `json:"date"`
	Workday   bool          `json:"workday"`
	Note      string        `json:"note"`
	UpdatedBy string        `json:"updated_by,omitempty"`
}

func (s *Server) apiOverrides(w http.ResponseWriter, r *http.Request) error {
	list, err := s.store.CalendarOverrides(r.Context())
	if err != nil {
		return err
	}
	out := make([]overrideJSON, len(list))
	for i, o := range list {
		out[i] = overrideJSON{o.Date, o.Workday, o.Note, o.UpdatedBy}
	}
	writeJSON(w, http.StatusOK, map[string]any{"items": out})
	return nil
}

func (s *Server) apiSetOverride(w http.ResponseWriter, r *http.Request) error {
	d, err := parseDateParam("date", r.PathValue("date"))
	if err != nil {
		return err
	}
	var in struct {
		Workday *bool  `json:"workday"`
		Note    string `json:"note"`
	}
	if err := decodeJSON(w, r, &in); err != nil {
		return err
	}
	if in.Workday == nil {
		return errs.New(errs.Invalid, "web.apiSetOverride", "workday_required", "请提供 workday（true 为上班，false 为休息）。")
	}
	o := calendar.Override{Date: d, Workday: *in.Workday, Note: strings.TrimSpace(in.Note)}
	if err := s.store.SetCalendarOverride(r.Context(), actor(r), o); err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, overrideJSON{o.Date, o.Workday, o.Note, actor(r)})
	return nil
}

func (s *Server) apiDeleteOverride(w http.ResponseWriter, r *http.Request) error {
	d, err := parseDateParam("date", r.PathValue("date"))
	if err != nil {
		return err
	}
	if err := s.store.DeleteCalendarOverride(r.Context(), actor(r), d); err != nil {
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

func (s *Server) apiAuditEvents(w http.ResponseWriter, r *http.Request) error {
	f, err := auditFilter(r)
	if err != nil {
		return err
	}
	events, err := s.store.AuditEvents(r.Context(), f)
	if err != nil {
		return err
	}
	out := make([]eventJSON, len(events))
	for i, e := range events {
		out[i] = toEventJSON(e)
	}
	writeJSON(w, http.StatusOK, map[string]any{"items": out})
	return nil
}

func toEventJSON(e *audit.Event) eventJSON {
	return eventJSON{e.Seq, e.At, e.Actor, e.Action, e.Object, e.Detail, e.Hash}
}

func (s *Server) apiAuditVerify(w http.ResponseWriter, r *http.Request) error {
	res, err := s.store.VerifyAudit(r.Context())
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, map[string]any{"ok": res.OK(), "count": res.Count, "bad_seq": res.BadSeq, "reason": res.Reason})
	return nil
}
