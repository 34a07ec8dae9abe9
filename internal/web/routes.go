package web

import (
	"net/http"

	"gongkai/internal/auth"
)

// block is one of the three parts of the site; each has its own chain.
type block int

const (
	portal      block = iota // public pages: no login, forms carry a cookie-bound CSRF token
	adminPublic              // back-office pages open without login (the login form)
	admin                    // back office: session, CSRF on every POST, permission
	apiPublic                // JSON API open to anyone
	api                      // JSON API: bearer token or session (+ X-CSRF-Token), permission
)

// handler is a route's handler. It returns an error instead of writing one,
// so each block renders errors its own way (a page or JSON) from one mapping.
type handler func(w http.ResponseWriter, r *http.Request) error

// route is one line of the route table.
type route struct {
	pattern string
	block   block
	anyOf   []auth.Permission // the user needs at least one; empty = any signed-in user
	h       handler
}

func perms(p ...auth.Permission) []auth.Permission { return p }

// routes is the whole site, in one place.
func (s *Server) routes() []route {
	return []route{
		// Portal.
		{"GET /{$}", portal, nil, s.home},
		{"GET /workdays", portal, nil, s.workdaysPage},
		{"POST /elder", portal, nil, s.toggleElder},
		{"GET /static/", portal, nil, s.serveStatic},
		{"GET /healthz", portal, nil, s.healthz},
		{"GET /readyz", portal, nil, s.readyz},
		// Portal: active disclosure (portal_publish.go).
		// @portal-publish-routes
		{"/", portal, nil, s.notFound},

		// Back office.
		{"GET /admin/login", adminPublic, nil, s.loginPage},
		{"POST /admin/login", adminPublic, nil, s.login},
		{"POST /admin/logout", admin, nil, s.logout},
		{"GET /admin/{$}", admin, nil, s.dashboard},
		{"GET /admin/password", admin, nil, s.passwordPage},
		{"POST /admin/password", admin, nil, s.changePassword},
		{"GET /admin/departments", admin, perms(auth.ManageDepartments), s.departmentsPage},
		{"POST /admin/departments", admin, perms(auth.ManageDepartments), s.createDepartment},
		{"GET /admin/departments/{id}", admin, perms(auth.ManageDepartments), s.departmentPage},
		{"POST /admin/departments/{id}", admin, perms(auth.ManageDepartments), s.updateDepartment},
		{"GET /admin/users", admin, perms(auth.ManageUsers, auth.AssignRoles, auth.UnlockAccounts), s.usersPage},
		{"POST /admin/users", admin, perms(auth.ManageUsers), s.createUser},
		{"GET /admin/users/{id}", admin, perms(auth.ManageUsers, auth.AssignRoles, auth.UnlockAccounts), s.userPage},
		{"POST /admin/users/{id}", admin, perms(auth.ManageUsers), s.updateUser},
		{"POST /admin/users/{id}/roles", admin, perms(auth.AssignRoles), s.setUserRoles},
		{"POST /admin/users/{id}/unlock", admin, perms(auth.UnlockAccounts), s.unlockUser},
		{"POST /admin/users/{id}/password", admin, perms(auth.UnlockAccounts), s.resetPassword},
		{"GET /admin/calendar", admin, perms(auth.ManageSettings), s.calendarPage},
		{"POST /admin/calendar", admin, perms(auth.ManageSettings), s.setOverride},
		{"POST /admin/calendar/{date}/delete", admin, perms(auth.ManageSettings), s.deleteOverride},
		{"GET /admin/audit", admin, perms(auth.ReadAudit), s.auditPage},
		// Back office: active disclosure (admin_publish.go).
		// @admin-publish-routes

		// JSON API.
		{"GET /api/v1/openapi.json", apiPublic, nil, s.openAPI},
		{"GET /api/v1/calendar/days/{date}", apiPublic, nil, s.apiDay},
		{"GET /api/v1/calendar/add", apiPublic, nil, s.apiAddWorkdays},
		{"GET /api/v1/calendar/count", apiPublic, nil, s.apiCountWorkdays},
		{"GET /api/v1/me", api, nil, s.apiMe},
		{"GET /api/v1/departments", api, perms(auth.ViewStaffData, auth.ManageDepartments), s.apiDepartments},
		{"POST /api/v1/departments", api, perms(auth.ManageDepartments), s.apiCreateDepartment},
		{"GET /api/v1/users", api, perms(auth.ManageUsers, auth.AssignRoles, auth.UnlockAccounts), s.apiUsers},
		{"POST /api/v1/users", api, perms(auth.ManageUsers), s.apiCreateUser},
		{"PUT /api/v1/users/{username}/roles", api, perms(auth.AssignRoles), s.apiSetRoles},
		{"POST /api/v1/users/{username}/unlock", api, perms(auth.UnlockAccounts), s.apiUnlock},
		{"GET /api/v1/calendar/overrides", api, perms(auth.ManageSettings), s.apiOverrides},
		{"PUT /api/v1/calendar/overrides/{date}", api, perms(auth.ManageSettings), s.apiSetOverride},
		{"DELETE /api/v1/calendar/overrides/{date}", api, perms(auth.ManageSettings), s.apiDeleteOverride},
		{"GET /api/v1/audit/events", api, perms(auth.ReadAudit), s.apiAuditEvents},
		{"GET /api/v1/audit/verify", api, perms(auth.ReadAudit), s.apiAuditVerify},
		// API: active disclosure (api_publish.go).
		// @api-publish-routes
		{"/api/", apiPublic, nil, s.apiNotFound},
	}
}

// RouteInfo describes one route for tests and documentation.
type RouteInfo struct {
	Pattern string            // e.g. "GET /admin/users"
	API     bool              // under /api/
	Public  bool              // served without login
	AnyOf   []auth.Permission // permissions of which the user needs one
}

// Routes lists the route table.
func (s *Server) Routes() []RouteInfo {
	rts := s.routes()
	out := make([]RouteInfo, len(rts))
	for i, rt := range rts {
		out[i] = RouteInfo{Pattern: rt.pattern, API: rt.block == api || rt.block == apiPublic,
			Public: rt.block == portal || rt.block == adminPublic || rt.block == apiPublic, AnyOf: rt.anyOf}
	}
	return out
}
