package web

import (
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"

	"gongkai/internal/auth"
	"gongkai/internal/calendar"
	"gongkai/internal/errs"
	"gongkai/internal/publish"
	"gongkai/internal/remind"
	"gongkai/internal/store"
)

func (s *Server) loginPage(w http.ResponseWriter, r *http.Request) error {
	s.render(w, r, http.StatusOK, "login", map[string]any{"Title": "工作人员登录", "Next": localPath(r.URL.Query().Get("next"))})
	return nil
}

func (s *Server) login(w http.ResponseWriter, r *http.Request) error {
	username := r.PostFormValue("username")
	next := localPath(r.PostFormValue("next"))
	sess, _, err := s.auth.Login(r.Context(), username, r.PostFormValue("password"))
	if err != nil {
		if !errs.Is(err, errs.Unauthenticated) {
			return err
		}
		_, msg := errs.Public(err)
		s.render(w, r, http.StatusUnauthorized, "login", map[string]any{"Title": "工作人员登录", "Error": msg, "Username": username, "Next": next})
		return nil
	}
	s.setSessionCookie(w, sess.Token)
	if next == "/" || strings.HasPrefix(next, "/admin/login") {
		next = "/admin/"
	}
	return redirect(w, r, next, "")
}

func (s *Server) logout(w http.ResponseWriter, r *http.Request) error {
	if err := s.auth.Logout(r.Context(), currentSession(r), actor(r)); err != nil {
		return err
	}
	s.clearSessionCookie(w)
	return redirect(w, r, "/admin/login", "loggedout")
}

func (s *Server) dashboard(w http.ResponseWriter, r *http.Request) error {
	u := currentUser(r)
	data := map[string]any{"Title": "工作台"}
	if u.Can(auth.DraftDocuments) || u.Can(auth.ReviewDocuments) || u.Can(auth.Supervise) {
		publishing, err := s.adminPublishingData(r)
		if err != nil {
			return err
		}
		data["Publishing"] = publishing
	}
	if u.Can(auth.HandleFOI) {
		due, err := s.foiReminders(r, u)
		if err != nil {
			return err
		}
		data["FOIDue"] = due
	}
	if u.DeptID != 0 {
		d, err := s.store.Department(r.Context(), u.DeptID)
		if err != nil {
			return err
		}
		data["Dept"] = d
	}
	s.render(w, r, http.StatusOK, "dashboard", data)
	return nil
}

func (s *Server) passwordPage(w http.ResponseWriter, r *http.Request) error {
	s.render(w, r, http.StatusOK, "password", map[string]any{"Title": "修改密码"})
	return nil
}

func (s *Server) changePassword(w http.ResponseWriter, r *http.Request) error {
	u := currentUser(r)
	fail := func(msg string) error {
		s.render(w, r, http.StatusBadRequest, "password", map[string]any{"Title": "修改密码", "Error": msg})
		return nil
	}
	if !auth.VerifyPassword(u.PasswordHash, r.PostFormValue("current")) {
		return fail("当前密码不正确。")
	}
	if r.PostFormValue("new") != r.PostFormValue("confirm") {
		return fail("两次输入的新密码不一致。")
	}
	if err := s.store.SetPassword(r.Context(), u.Username, u.ID, r.PostFormValue("new"), currentSession(r).ID); err != nil {
		if errs.Is(err, errs.Invalid) {
			_, msg := errs.Public(err)
			return fail(msg)
		}
		return err
	}
	return redirect(w, r, "/admin/", "password")
}

func pathID(r *http.Request) (int64, error) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || id <= 0 {
		return 0, errs.New(errs.NotFound, "web.pathID", "not_found", "您访问的记录不存在。")
	}
	return id, nil
}

func formID(v string) int64 {
	id, _ := strconv.ParseInt(strings.TrimSpace(v), 10, 64)
	return id
}

// formPage re-renders a form with the error of a failed POST, keeping what
// the user typed; errors other than bad input go to the error page.
func (s *Server) formPage(w http.ResponseWriter, r *http.Request, err error, load func() (string, map[string]any, error)) error {
	if !errs.Is(err, errs.Invalid) && !errs.Is(err, errs.Conflict) && !(errs.Is(err, errs.NotFound) && r.PathValue("id") == "") {
		return err
	}
	name, data, lerr := load()
	if lerr != nil {
		return lerr
	}
	_, data["Error"] = errs.Public(err)
	s.render(w, r, statusOf(err), name, data)
	return nil
}

func (s *Server) departmentsData(r *http.Request) (map[string]any, error) {
	depts, err := s.store.Departments(r.Context())
	if err != nil {
		return nil, err
	}
	return map[string]any{"Title": "部门管理", "Departments": depts, "Tree": departmentTree(depts)}, nil
}

func departmentFromForm(r *http.Request) *auth.Department {
	return &auth.Department{
		Code:     r.PostFormValue("code"),
		Name:     r.PostFormValue("name"),
		OrgCode:  r.PostFormValue("org_code"),
		ParentID: formID(r.PostFormValue("parent_id")),
	}
}

func (s *Server) createDepartment(w http.ResponseWriter, r *http.Request) error {
	d := departmentFromForm(r)
	if err := s.store.CreateDepartment(r.Context(), actor(r), d); err != nil {
		return s.formPage(w, r, err, func() (string, map[string]any, error) {
			data, err := s.departmentsData(r)
			if data != nil {
				data["Form"] = d
			}
			return "departments", data, err
		})
	}
	return redirect(w, r, "/admin/departments", "created")
}

func (s *Server) departmentData(r *http.Request, id int64) (map[string]any, error) {
	d, err := s.store.Department(r.Context(), id)
	if err != nil {
		return nil, err
	}
	depts, err := s.store.Departments(r.Context())
	if err != nil {
		return nil, err
	}
	rule, err := s.store.IndexRule(r.Context(), id)
	if err != nil {
		return nil, err
	}
	data := map[string]any{"Title": "编辑部门：" + d.Name, "Dept": d, "Form": d, "Departments": depts, "IndexRule": rule,
		"DefaultRule": publish.DefaultIndexPattern}
	if example, err := publish.FormatIndexNumber(rule, d.OrgCode, d.Code, calendar.Today(s.now()).Year, 1); err == nil {
		data["IndexExample"] = example
	} else {
		_, data["IndexProblem"] = errs.Public(err)
	}
	return data, nil
}

// setIndexRule sets the department's 索引号 rule as an organ that publishes.
func (s *Server) setIndexRule(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	pattern := r.PostFormValue("pattern")
	if err := s.store.SetIndexRule(r.Context(), actor(r), id, pattern); err != nil {
		return s.formPage(w, r, err, func() (string, map[string]any, error) {
			data, err := s.departmentData(r, id)
			if data != nil {
				data["IndexRule"] = pattern
			}
			return "department", data, err
		})
	}
	return redirect(w, r, "/admin/departments/"+strconv.FormatInt(id, 10), "saved")
}

func (s *Server) departmentPage(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	data, err := s.departmentData(r, id)
	if err != nil {
		return err
	}
	s.render(w, r, http.StatusOK, "department", data)
	return nil
}

func (s *Server) updateDepartment(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	cur, err := s.store.Department(r.Context(), id)
	if err != nil {
		return err
	}
	d := departmentFromForm(r)
	d.ID, d.Code = id, cur.Code
	if err := s.store.UpdateDepartment(r.Context(), actor(r), d); err != nil {
		return s.formPage(w, r, err, func() (string, map[string]any, error) {
			data, err := s.departmentData(r, id)
			if data != nil {
				data["Form"] = d
			}
			return "department", data, err
		})
	}
	return redirect(w, r, "/admin/departments", "saved")
}

// deptNode is a department with its depth, for an indented list.
type deptNode struct {
	*auth.Department
	Depth  int
	Indent string
}

// departmentTree orders departments parent-first with their depth.
func departmentTree(depts []*auth.Department) []deptNode {
	children := map[int64][]*auth.Department{}
	for _, d := range depts {
		children[d.ParentID] = append(children[d.ParentID], d)
	}
	var out []deptNode
	var walk func(parent int64, depth int)
	walk = func(parent int64, depth int) {
		for _, d := range children[parent] {
			out = append(out, deptNode{d, depth, strings.Repeat("　", depth)})
			walk(d.ID, depth+1)
		}
	}
	walk(0, 0)
	return out
}

func (s *Server) usersData(r *http.Request) (map[string]any, error) {
	users, err := s.store.Users(r.Context())
	if err != nil {
		return nil, err
	}
	depts, err := s.store.Departments(r.Context())
	if err != nil {
		return nil, err
	}
	names := map[int64]string{}
	for _, d := range depts {
		names[d.ID] = d.Name
	}
	return map[string]any{"Title": "用户与角色", "Users": users, "DeptNames": names, "Departments": departmentTree(depts),
		"Roles": auth.AllRoles, "Now": s.now()}, nil
}

func (s *Server) createUser(w http.ResponseWriter, r *http.Request) error {
	// The system administrator opens the account; roles are the security
	// administrator's to give, so a new account starts with none.
	u := &auth.User{Username: r.PostFormValue("username"), Name: r.PostFormValue("name"), DeptID: formID(r.PostFormValue("dept_id"))}
	err := s.store.CreateUser(r.Context(), actor(r), u, r.PostFormValue("password"))
	if err != nil {
		return s.formPage(w, r, err, func() (string, map[string]any, error) {
			data, err := s.usersData(r)
			if data != nil {
				data["Form"] = u
			}
			return "users", data, err
		})
	}
	return redirect(w, r, "/admin/users/"+strconv.FormatInt(u.ID, 10), "created")
}

func (s *Server) userData(r *http.Request, id int64) (map[string]any, error) {
	u, err := s.store.UserByID(r.Context(), id)
	if err != nil {
		return nil, err
	}
	depts, err := s.store.Departments(r.Context())
	if err != nil {
		return nil, err
	}
	held := map[auth.Role]bool{}
	for _, role := range u.Roles {
		held[role] = true
	}
	return map[string]any{"Title": "用户：" + u.Name, "Account": u, "Departments": departmentTree(depts),
		"Roles": auth.AllRoles, "Held": held, "Locked": u.Locked(s.now())}, nil
}

func (s *Server) userPage(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	data, err := s.userData(r, id)
	if err != nil {
		return err
	}
	s.render(w, r, http.StatusOK, "user", data)
	return nil
}

// userAction runs one change to the account in the URL and comes back to
// its page, or re-renders the page with the error.
func (s *Server) userAction(w http.ResponseWriter, r *http.Request, flash string, do func(id int64) error) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	if err := do(id); err != nil {
		return s.formPage(w, r, err, func() (string, map[string]any, error) {
			data, err := s.userData(r, id)
			return "user", data, err
		})
	}
	return redirect(w, r, "/admin/users/"+strconv.FormatInt(id, 10), flash)
}

func (s *Server) updateUser(w http.ResponseWriter, r *http.Request) error {
	return s.userAction(w, r, "saved", func(id int64) error {
		_, err := s.store.UpdateUserProfile(r.Context(), actor(r), id, r.PostFormValue("name"),
			formID(r.PostFormValue("dept_id")), r.PostFormValue("disabled") == "1")
		return err
	})
}

func (s *Server) setUserRoles(w http.ResponseWriter, r *http.Request) error {
	return s.userAction(w, r, "roles", func(id int64) error {
		if err := r.ParseForm(); err != nil {
			return errs.New(errs.Invalid, "web.setUserRoles", "bad_form", "表单内容有误。")
		}
		roles, err := auth.ParseRoles(strings.Join(r.PostForm["role"], ","))
		if err != nil {
			return err
		}
		_, err = s.store.SetRoles(r.Context(), actor(r), id, roles)
		return err
	})
}

func (s *Server) unlockUser(w http.ResponseWriter, r *http.Request) error {
	return s.userAction(w, r, "unlocked", func(id int64) error { return s.store.Unlock(r.Context(), actor(r), id) })
}

func (s *Server) resetPassword(w http.ResponseWriter, r *http.Request) error {
	return s.userAction(w, r, "password", func(id int64) error {
		return s.store.SetPassword(r.Context(), actor(r), id, r.PostFormValue("password"), "")
	})
}

func (s *Server) calendarData(r *http.Request) (map[string]any, error) {
	list, err := s.store.CalendarOverrides(r.Context())
	if err != nil {
		return nil, err
	}
	cal, err := s.store.Calendar(r.Context())
	if err != nil {
		return nil, err
	}
	today := calendar.Today(s.now())
	return map[string]any{"Title": "工作日历", "Overrides": list, "Year": today.Year,
		"NextYear": today.Year + 1, "NextCovered": cal.Covered(today.Year + 1)}, nil
}

func (s *Server) setOverride(w http.ResponseWriter, r *http.Request) error {
	d, err := parseDateParam("日期", r.PostFormValue("date"))
	if err == nil {
		kind := r.PostFormValue("kind")
		if kind != "workday" && kind != "rest" {
			err = errs.New(errs.Invalid, "web.setOverride", "invalid_kind", "请选择“上班”或“休息”。")
		} else {
			err = s.store.SetCalendarOverride(r.Context(), actor(r), calendar.Override{Date: d, Workday: kind == "workday", Note: strings.TrimSpace(r.PostFormValue("note"))})
		}
	}
	if err != nil {
		return s.formPage(w, r, err, func() (string, map[string]any, error) {
			data, err := s.calendarData(r)
			return "calendar", data, err
		})
	}
	return redirect(w, r, "/admin/calendar", "saved")
}

func (s *Server) deleteOverride(w http.ResponseWriter, r *http.Request) error {
	d, err := parseDateParam("日期", r.PathValue("date"))
	if err != nil {
		return err
	}
	if err := s.store.DeleteCalendarOverride(r.Context(), actor(r), d); err != nil {
		return err
	}
	return redirect(w, r, "/admin/calendar", "deleted")
}

// auditFilter reads the trail filters shared by the page and the API.
func auditFilter(r *http.Request) (store.AuditFilter, error) {
	q := r.URL.Query()
	f := store.AuditFilter{Actor: strings.TrimSpace(q.Get("actor")), Action: strings.TrimSpace(q.Get("action")),
		Object: strings.TrimSpace(q.Get("object")), Limit: 100}
	if v := q.Get("from"); v != "" {
		d, err := parseDateParam("开始日期", v)
		if err != nil {
			return f, err
		}
		f.From = time.Date(d.Year, d.Month, d.Day, 0, 0, 0, 0, calendar.Zone)
	}
	if v := q.Get("to"); v != "" {
		d, err := parseDateParam("结束日期", v)
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

func (s *Server) auditPage(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	data := map[string]any{"Title": "审计日志", "Q": map[string]string{"actor": q.Get("actor"), "action": q.Get("action"),
		"object": q.Get("object"), "from": q.Get("from"), "to": q.Get("to")}}
	f, err := auditFilter(r)
	if err != nil {
		_, data["Error"] = errs.Public(err)
		s.render(w, r, http.StatusBadRequest, "audit", data)
		return nil
	}
	events, err := s.store.AuditEvents(r.Context(), f)
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
		res, err := s.store.VerifyAudit(r.Context())
		if err != nil {
			return err
		}
		data["Verify"] = res
	}
	s.render(w, r, http.StatusOK, "audit", data)
	return nil
}

// foiReminders lists the requests near or past their deadline that the user
// should see: their department's and the unassigned ones, or all for the
// office head.
func (s *Server) foiReminders(r *http.Request, u *auth.User) ([]remind.Reminder, error) {
	apps, err := s.store.OpenFOIApplications(r.Context())
	if err != nil {
		return nil, err
	}
	cal, err := s.store.Calendar(r.Context())
	if err != nil {
		return nil, err
	}
	var out []remind.Reminder
	for dept, rs := range remind.Due(apps, cal, calendar.Today(s.now())) {
		if dept == 0 || dept == u.DeptID || u.Can(auth.ApproveExtensions) {
			out = append(out, rs...)
		}
	}
	slices.SortFunc(out, func(a, b remind.Reminder) int { return a.DueOn.Compare(b.DueOn) })
	return out, nil
}
