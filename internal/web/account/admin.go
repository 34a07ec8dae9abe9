package account

import (
	"net/http"
	"strconv"
	"strings"
	"time"

	"gongkai/internal/auth"
	"gongkai/internal/calendar"
	"gongkai/internal/errs"
	"gongkai/internal/publish"
	"gongkai/internal/store"
	"gongkai/internal/web/kit"
)

// LoginPage serves GET /admin/login.
func (s *Handler) LoginPage(w http.ResponseWriter, r *http.Request) error {
	s.Render(w, r, http.StatusOK, "login", map[string]any{"Title": "工作人员登录", "Next": kit.LocalPath(r.URL.Query().Get("next"))})
	return nil
}

// Login serves POST /admin/login.
func (s *Handler) Login(w http.ResponseWriter, r *http.Request) error {
	username := r.PostFormValue("username")
	next := kit.LocalPath(r.PostFormValue("next"))
	sess, u, err := s.Auth.Login(r.Context(), username, r.PostFormValue("password"), kit.ClientAddr(r))
	if err != nil {
		if !errs.Is(err, errs.Unauthenticated) {
			return err
		}
		_, msg := errs.Public(err)
		s.Render(w, r, http.StatusUnauthorized, "login", map[string]any{"Title": "工作人员登录", "Error": msg, "Username": username, "Next": next})
		return nil
	}
	s.SetSessionCookie(w, sess.Token)
	if u.MustChangePassword {
		return kit.Redirect(w, r, "/admin/password", "temporary")
	}
	if next == "/" || strings.HasPrefix(next, "/admin/login") {
		next = "/admin/"
	}
	return kit.Redirect(w, r, next, "")
}

// Logout serves POST /admin/logout.
func (s *Handler) Logout(w http.ResponseWriter, r *http.Request) error {
	if err := s.Auth.Logout(r.Context(), kit.Session(r), kit.Actor(r)); err != nil {
		return err
	}
	s.ClearSessionCookie(w)
	return kit.Redirect(w, r, "/admin/login", "loggedout")
}

// Dashboard serves GET /admin/{$}.
func (s *Handler) Dashboard(w http.ResponseWriter, r *http.Request) error {
	u := kit.User(r)
	data := map[string]any{"Title": "工作台"}
	for _, wg := range s.Widgets {
		key, v, err := wg(r, u)
		if err != nil {
			return err
		}
		if key != "" {
			data[key] = v
		}
	}
	if u.DeptID != 0 {
		d, err := s.Store.Department(r.Context(), u.DeptID)
		if err != nil {
			return err
		}
		data["Dept"] = d
	}
	s.Render(w, r, http.StatusOK, "dashboard", data)
	return nil
}

func (s *Handler) passwordData(r *http.Request) (map[string]any, error) {
	u := kit.User(r)
	tokens, err := s.Store.Tokens(r.Context(), u.ID)
	if err != nil {
		return nil, err
	}
	return map[string]any{"Title": "修改密码", "Temporary": u.MustChangePassword, "Tokens": tokens, "Now": s.Now(),
		"CanRevoke": true}, nil
}

// PasswordPage serves GET /admin/password: the password form and the
// user's own API tokens.
func (s *Handler) PasswordPage(w http.ResponseWriter, r *http.Request) error {
	data, err := s.passwordData(r)
	return s.Show(w, r, "password", data, err)
}

// ChangePassword serves POST /admin/password. A wrong current password
// counts as a failed login; too many end the session.
func (s *Handler) ChangePassword(w http.ResponseWriter, r *http.Request) error {
	u := kit.User(r)
	fail := func(err error) error {
		return s.FormPage(w, r, err, func() (string, map[string]any, error) {
			data, err := s.passwordData(r)
			return "password", data, err
		})
	}
	if err := s.Auth.CheckPassword(r.Context(), u, r.PostFormValue("current"), kit.ClientAddr(r)); err != nil {
		if errs.Is(err, errs.Unauthenticated) {
			if lerr := s.Auth.Logout(r.Context(), kit.Session(r), kit.Actor(r)); lerr != nil {
				return lerr
			}
			s.ClearSessionCookie(w)
			return kit.Redirect(w, r, "/admin/login", "")
		}
		return fail(err)
	}
	if r.PostFormValue("new") != r.PostFormValue("confirm") {
		return fail(errs.New(errs.Invalid, "web.changePassword", "password_mismatch", "两次输入的新密码不一致。").WithField("confirm"))
	}
	if err := s.Store.ChangePassword(r.Context(), u, r.PostFormValue("new"), kit.Session(r).ID); err != nil {
		return fail(err)
	}
	return kit.Redirect(w, r, "/admin/", "password")
}

// RevokeToken serves POST /admin/tokens/{id}/revoke, from the owner's
// password page or the user page of the security administrator, and goes
// back to the page it came from.
func (s *Handler) RevokeToken(w http.ResponseWriter, r *http.Request) error {
	id, err := kit.PathID(r)
	if err != nil {
		return err
	}
	t, err := s.Store.RevokeToken(r.Context(), kit.User(r), id)
	if err != nil {
		return err
	}
	if t.UserID == kit.User(r).ID {
		return kit.Redirect(w, r, "/admin/password", "revoked")
	}
	return kit.Redirect(w, r, "/admin/users/"+strconv.FormatInt(t.UserID, 10), "revoked")
}

// DepartmentsData gathers the data of the page GET /admin/departments shows.
func (s *Handler) DepartmentsData(r *http.Request) (map[string]any, error) {
	depts, err := s.Store.Departments(r.Context())
	if err != nil {
		return nil, err
	}
	return map[string]any{"Title": "部门管理", "Departments": depts, "Tree": kit.DepartmentTree(depts)}, nil
}

func departmentFromForm(r *http.Request) *auth.Department {
	return &auth.Department{
		Code:     r.PostFormValue("code"),
		Name:     r.PostFormValue("name"),
		OrgCode:  r.PostFormValue("org_code"),
		ParentID: kit.FormID(r.PostFormValue("parent_id")),
		Head:     r.PostFormValue("head"),
		Phone:    r.PostFormValue("phone"),
		Address:  r.PostFormValue("address"),
	}
}

// CreateDepartment serves POST /admin/departments.
func (s *Handler) CreateDepartment(w http.ResponseWriter, r *http.Request) error {
	d := departmentFromForm(r)
	if err := s.Store.CreateDepartment(r.Context(), kit.Actor(r), d); err != nil {
		return s.FormPage(w, r, err, func() (string, map[string]any, error) {
			data, err := s.DepartmentsData(r)
			if data != nil {
				data["Form"] = d
			}
			return "departments", data, err
		})
	}
	return kit.Redirect(w, r, "/admin/departments", "created")
}

func (s *Handler) departmentData(r *http.Request, id int64) (map[string]any, error) {
	d, err := s.Store.Department(r.Context(), id)
	if err != nil {
		return nil, err
	}
	depts, err := s.Store.Departments(r.Context())
	if err != nil {
		return nil, err
	}
	rule, err := s.Store.IndexRule(r.Context(), id)
	if err != nil {
		return nil, err
	}
	data := map[string]any{"Title": "编辑部门：" + d.Name, "Dept": d, "Form": d, "Departments": depts, "IndexRule": rule,
		"DefaultRule": publish.DefaultIndexPattern}
	if example, err := publish.FormatIndexNumber(rule, d.OrgCode, d.Code, calendar.Today(s.Now()).Year, 1); err == nil {
		data["IndexExample"] = example
	} else {
		_, data["IndexProblem"] = errs.Public(err)
	}
	return data, nil
}

// SetIndexRule sets the department's 索引号 rule as an organ that publishes.
func (s *Handler) SetIndexRule(w http.ResponseWriter, r *http.Request) error {
	id, err := kit.PathID(r)
	if err != nil {
		return err
	}
	pattern := r.PostFormValue("pattern")
	if err := s.Store.SetIndexRule(r.Context(), kit.Actor(r), id, pattern); err != nil {
		return s.FormPage(w, r, err, func() (string, map[string]any, error) {
			data, err := s.departmentData(r, id)
			if data != nil {
				data["IndexRule"] = pattern
			}
			return "department", data, err
		})
	}
	return kit.Redirect(w, r, "/admin/departments/"+strconv.FormatInt(id, 10), "saved")
}

// DepartmentPage serves GET /admin/departments/{id}.
func (s *Handler) DepartmentPage(w http.ResponseWriter, r *http.Request) error {
	id, err := kit.PathID(r)
	if err != nil {
		return err
	}
	data, err := s.departmentData(r, id)
	return s.Show(w, r, "department", data, err)
}

// UpdateDepartment serves POST /admin/departments/{id}.
func (s *Handler) UpdateDepartment(w http.ResponseWriter, r *http.Request) error {
	id, err := kit.PathID(r)
	if err != nil {
		return err
	}
	cur, err := s.Store.Department(r.Context(), id)
	if err != nil {
		return err
	}
	d := departmentFromForm(r)
	d.ID, d.Code = id, cur.Code
	if err := s.Store.UpdateDepartment(r.Context(), kit.Actor(r), d); err != nil {
		return s.FormPage(w, r, err, func() (string, map[string]any, error) {
			data, err := s.departmentData(r, id)
			if data != nil {
				data["Form"] = d
			}
			return "department", data, err
		})
	}
	return kit.Redirect(w, r, "/admin/departments", "saved")
}

// UsersData gathers the data of the page GET /admin/users shows.
func (s *Handler) UsersData(r *http.Request) (map[string]any, error) {
	users, err := s.Store.Users(r.Context())
	if err != nil {
		return nil, err
	}
	depts, err := s.Store.Departments(r.Context())
	if err != nil {
		return nil, err
	}
	names := map[int64]string{}
	for _, d := range depts {
		names[d.ID] = d.Name
	}
	return map[string]any{"Title": "用户与角色", "Users": users, "DeptNames": names, "Departments": kit.DepartmentTree(depts),
		"Roles": auth.AllRoles, "Now": s.Now()}, nil
}

// CreateUser serves POST /admin/users.
func (s *Handler) CreateUser(w http.ResponseWriter, r *http.Request) error {
	// The system administrator opens the account; roles are the security
	// administrator's to give, so a new account starts with none.
	u := &auth.User{Username: r.PostFormValue("username"), Name: r.PostFormValue("name"), DeptID: kit.FormID(r.PostFormValue("dept_id"))}
	err := s.Store.CreateUser(r.Context(), kit.Actor(r), u, r.PostFormValue("password"))
	if err != nil {
		return s.FormPage(w, r, err, func() (string, map[string]any, error) {
			data, err := s.UsersData(r)
			if data != nil {
				data["Form"] = u
			}
			return "users", data, err
		})
	}
	return kit.Redirect(w, r, "/admin/users/"+strconv.FormatInt(u.ID, 10), "created")
}

func (s *Handler) userData(r *http.Request, id int64) (map[string]any, error) {
	u, err := s.Store.UserByID(r.Context(), id)
	if err != nil {
		return nil, err
	}
	depts, err := s.Store.Departments(r.Context())
	if err != nil {
		return nil, err
	}
	held := map[auth.Role]bool{}
	for _, role := range u.Roles {
		held[role] = true
	}
	tokens, err := s.Store.Tokens(r.Context(), u.ID)
	if err != nil {
		return nil, err
	}
	me := kit.User(r)
	return map[string]any{"Title": "用户：" + u.Name, "Account": u, "Departments": kit.DepartmentTree(depts),
		"Roles": auth.AllRoles, "Held": held, "Locked": u.Locked(s.Now()), "Tokens": tokens, "Now": s.Now(),
		"CanRevoke": auth.CanRevokeToken(me, u.ID), "CanReset": auth.CanResetPassword(me, u) == nil}, nil
}

// UserPage serves GET /admin/users/{id}.
func (s *Handler) UserPage(w http.ResponseWriter, r *http.Request) error {
	id, err := kit.PathID(r)
	if err != nil {
		return err
	}
	data, err := s.userData(r, id)
	return s.Show(w, r, "user", data, err)
}

// userAction runs one change to the account in the URL and comes back to
// its page, or re-renders the page with the error.
func (s *Handler) userAction(w http.ResponseWriter, r *http.Request, flash string, do func(id int64) error) error {
	id, err := kit.PathID(r)
	if err != nil {
		return err
	}
	if err := do(id); err != nil {
		return s.FormPage(w, r, err, func() (string, map[string]any, error) {
			data, err := s.userData(r, id)
			return "user", data, err
		})
	}
	return kit.Redirect(w, r, "/admin/users/"+strconv.FormatInt(id, 10), flash)
}

// UpdateUser serves POST /admin/users/{id}.
func (s *Handler) UpdateUser(w http.ResponseWriter, r *http.Request) error {
	return s.userAction(w, r, "saved", func(id int64) error {
		_, err := s.Store.UpdateUserProfile(r.Context(), kit.Actor(r), id, r.PostFormValue("name"),
			kit.FormID(r.PostFormValue("dept_id")), r.PostFormValue("disabled") == "1")
		return err
	})
}

// SetUserRoles serves POST /admin/users/{id}/roles.
func (s *Handler) SetUserRoles(w http.ResponseWriter, r *http.Request) error {
	return s.userAction(w, r, "roles", func(id int64) error {
		if err := r.ParseForm(); err != nil {
			return errs.New(errs.Invalid, "web.setUserRoles", "bad_form", "表单内容有误。")
		}
		roles, err := auth.ParseRoles(strings.Join(r.PostForm["role"], ","))
		if err != nil {
			return err
		}
		_, err = s.Store.SetRoles(r.Context(), kit.Actor(r), id, roles)
		return err
	})
}

// UnlockUser serves POST /admin/users/{id}/unlock.
func (s *Handler) UnlockUser(w http.ResponseWriter, r *http.Request) error {
	return s.userAction(w, r, "unlocked", func(id int64) error { return s.Store.Unlock(r.Context(), kit.Actor(r), id) })
}

// ResetPassword serves POST /admin/users/{id}/password.
func (s *Handler) ResetPassword(w http.ResponseWriter, r *http.Request) error {
	return s.userAction(w, r, "password", func(id int64) error {
		return s.Store.ResetPassword(r.Context(), kit.User(r), id, r.PostFormValue("password"))
	})
}

// CalendarData gathers the data of the page GET /admin/calendar shows.
func (s *Handler) CalendarData(r *http.Request) (map[string]any, error) {
	list, err := s.Store.CalendarOverrides(r.Context())
	if err != nil {
		return nil, err
	}
	cal, err := s.Store.Calendar(r.Context())
	if err != nil {
		return nil, err
	}
	today := calendar.Today(s.Now())
	return map[string]any{"Title": "工作日历", "Overrides": list, "Year": today.Year,
		"NextYear": today.Year + 1, "NextCovered": cal.Covered(today.Year + 1)}, nil
}

// SetOverride serves POST /admin/calendar.
func (s *Handler) SetOverride(w http.ResponseWriter, r *http.Request) error {
	d, err := kit.DateParam("日期", r.PostFormValue("date"))
	if err == nil {
		kind := r.PostFormValue("kind")
		if kind != "workday" && kind != "rest" {
			err = errs.New(errs.Invalid, "web.setOverride", "invalid_kind", "请选择“上班”或“休息”。")
		} else {
			err = s.Store.SetCalendarOverride(r.Context(), kit.Actor(r), calendar.Override{Date: d, Workday: kind == "workday", Note: strings.TrimSpace(r.PostFormValue("note"))})
		}
	}
	if err != nil {
		return s.FormPage(w, r, err, func() (string, map[string]any, error) {
			data, err := s.CalendarData(r)
			return "calendar", data, err
		})
	}
	return kit.Redirect(w, r, "/admin/calendar", "saved")
}

// DeleteOverride serves POST /admin/calendar/{date}/delete.
func (s *Handler) DeleteOverride(w http.ResponseWriter, r *http.Request) error {
	d, err := kit.DateParam("日期", r.PathValue("date"))
	if err != nil {
		return err
	}
	if err := s.Store.DeleteCalendarOverride(r.Context(), kit.Actor(r), d); err != nil {
		return err
	}
	return kit.Redirect(w, r, "/admin/calendar", "deleted")
}

// auditFilter reads the trail filters shared by the page and the API.
func auditFilter(r *http.Request) (store.AuditFilter, error) {
	q := r.URL.Query()
	f := store.AuditFilter{Actor: strings.TrimSpace(q.Get("actor")), Action: strings.TrimSpace(q.Get("action")),
		Object: strings.TrimSpace(q.Get("object")), Limit: 100}
	if v := q.Get("from"); v != "" {
		d, err := kit.DateParam("开始日期", v)
		if err != nil {
			return f, err
		}
		f.From = time.Date(d.Year, d.Month, d.Day, 0, 0, 0, 0, calendar.Zone)
	}
	if v := q.Get("to"); v != "" {
		d, err := kit.DateParam("结束日期", v)
		if err != nil {
			return f, err
		}
		f.To = time.Date(d.Year, d.Month, d.Day, 0, 0, 0, 0, calendar.Zone).AddDate(0, 0, 1)
	}
	if v := q.Get("before"); v != "" {
		f.BeforeSeq, _ = strconv.ParseInt(v, 10, 64)
	}
	return f, nil
}

// AuditPage serves GET /admin/audit.
func (s *Handler) AuditPage(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	data := map[string]any{"Title": "审计日志", "Q": map[string]string{"actor": q.Get("actor"), "action": q.Get("action"),
		"object": q.Get("object"), "from": q.Get("from"), "to": q.Get("to")}}
	f, err := auditFilter(r)
	if err != nil {
		_, data["Error"] = errs.Public(err)
		s.Render(w, r, http.StatusBadRequest, "audit", data)
		return nil
	}
	events, err := s.Store.AuditEvents(r.Context(), f)
	if err != nil {
		return err
	}
	data["Events"] = events
	if len(events) == f.Limit {
		next := r.URL.Query()
		next.Set("before", strconv.FormatInt(events[len(events)-1].Seq, 10))
		data["Older"] = "/admin/audit?" + next.Encode()
	}
	if q.Get("verify") == "1" {
		res, err := s.Store.VerifyAudit(r.Context())
		if err != nil {
			return err
		}
		data["Verify"] = res
	}
	s.Render(w, r, http.StatusOK, "audit", data)
	return nil
}
