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
		// Portal: 依申请公开 (portal_foi.go).
		// @portal-foi-routes
		{"GET /foi", portal, nil, s.foiGuidePage},
		{"GET /foi/apply", portal, nil, s.foiApplyPage},
		{"POST /foi/apply", portal, nil, s.foiApply},
		{"GET /foi/track", portal, nil, s.foiTrackPage},
		{"POST /foi/track", portal, nil, s.foiTrack},
		// Portal: active disclosure (portal_publish.go).
		// @portal-publish-routes
		{"GET /xxgk", portal, nil, s.xxgkPage},
		{"GET /xxgk/guide", portal, nil, s.guidePage},
		{"GET /xxgk/system", portal, nil, s.systemPage},
		{"GET /xxgk/catalog", portal, nil, s.catalogPage},
		{"GET /xxgk/catalog/{code}", portal, nil, s.catalogItemPage},
		{"GET /columns/{code}", portal, nil, s.columnPage},
		{"GET /columns/{code}/feed.xml", portal, nil, s.columnFeed},
		{"GET /policies", portal, nil, s.policiesPage},
		{"GET /docs/{index...}", portal, nil, s.docPage},
		{"GET /files/{id}/{name}", portal, nil, s.filePage},
		{"GET /points/{code}", portal, nil, s.kioskPage},
		{"GET /points/{code}/docs/{index...}", portal, nil, s.kioskDocPage},
		{"GET /points/{code}/files/{id}/{name}", portal, nil, s.kioskFile},
		{"GET /sitemap.xml", portal, nil, s.sitemap},
		{"/", portal, nil, s.notFound},

		// Back office.
		{"GET /admin/login", adminPublic, nil, s.loginPage},
		{"POST /admin/login", adminPublic, nil, s.login},
		{"POST /admin/logout", admin, nil, s.logout},
		{"GET /admin/{$}", admin, nil, s.dashboard},
		{"GET /admin/password", admin, nil, s.passwordPage},
		{"POST /admin/password", admin, nil, s.changePassword},
		{"GET /admin/departments", admin, perms(auth.ManageDepartments), s.view("departments", s.departmentsData)},
		{"POST /admin/departments", admin, perms(auth.ManageDepartments), s.createDepartment},
		{"GET /admin/departments/{id}", admin, perms(auth.ManageDepartments), s.departmentPage},
		{"POST /admin/departments/{id}", admin, perms(auth.ManageDepartments), s.updateDepartment},
		{"POST /admin/departments/{id}/index-rule", admin, perms(auth.ManageDepartments), s.setIndexRule},
		{"GET /admin/users", admin, perms(auth.ManageUsers, auth.AssignRoles, auth.UnlockAccounts), s.view("users", s.usersData)},
		{"POST /admin/users", admin, perms(auth.ManageUsers), s.createUser},
		{"GET /admin/users/{id}", admin, perms(auth.ManageUsers, auth.AssignRoles, auth.UnlockAccounts), s.userPage},
		{"POST /admin/users/{id}", admin, perms(auth.ManageUsers), s.updateUser},
		{"POST /admin/users/{id}/roles", admin, perms(auth.AssignRoles), s.setUserRoles},
		{"POST /admin/users/{id}/unlock", admin, perms(auth.UnlockAccounts), s.unlockUser},
		{"POST /admin/users/{id}/password", admin, perms(auth.UnlockAccounts), s.resetPassword},
		{"GET /admin/calendar", admin, perms(auth.ManageSettings), s.view("calendar", s.calendarData)},
		{"POST /admin/calendar", admin, perms(auth.ManageSettings), s.setOverride},
		{"POST /admin/calendar/{date}/delete", admin, perms(auth.ManageSettings), s.deleteOverride},
		{"GET /admin/audit", admin, perms(auth.ReadAudit), s.auditPage},
		// Back office: 依申请公开 (admin_foi.go, notices.go).
		// @admin-foi-routes
		{"GET /admin/foi/{number}/notices/{kind}", admin, perms(auth.HandleFOI), s.noticePage},
		{"GET /admin/foi/{number}/notices/{kind}/pdf", admin, perms(auth.HandleFOI), s.noticePDF},
		{"POST /admin/foi/{number}/notices/{kind}/send", admin, perms(auth.HandleFOI), s.sendNotice},
		{"GET /admin/foi", admin, perms(auth.HandleFOI), s.adminFOIInbox},
		{"GET /admin/foi/new", admin, perms(auth.HandleFOI), s.adminFOINewPage},
		{"POST /admin/foi/new", admin, perms(auth.HandleFOI), s.adminFOICreate},
		{"GET /admin/foi/{number}", admin, perms(auth.HandleFOI), s.adminFOICase},
		{"POST /admin/foi/{number}/personal", admin, perms(auth.HandleFOI), s.adminFOIPersonal},
		{"POST /admin/foi/{number}/files/{id}", admin, perms(auth.HandleFOI), s.adminFOIFile},
		{"POST /admin/foi/{number}/events", admin, perms(auth.HandleFOI), s.adminFOIEvent},
		{"POST /admin/foi/{number}/assign", admin, perms(auth.HandleFOI), s.adminFOIAssign},
		{"POST /admin/foi/{number}/reviews", admin, perms(auth.HandleFOI), s.adminFOIReview},
		// Back office: active disclosure (admin_publish.go).
		// @admin-publish-routes
		{"POST /admin/documents/{id}/reopen", admin, perms(auth.DraftDocuments, auth.ReviewDocuments), s.adminReopenDocument},
		{"GET /admin/documents/{id}/attachments/{aid}", admin, perms(auth.DraftDocuments, auth.ReviewDocuments, auth.Supervise), s.adminAttachmentFile},
		{"POST /admin/documents/{id}/attachments/{aid}/delete", admin, perms(auth.DraftDocuments), s.adminRemoveAttachment},
		{"GET /admin/publishing", admin, perms(auth.DraftDocuments, auth.ReviewDocuments, auth.Supervise), s.view("admin_publishing", s.adminPublishingData)},
		{"GET /admin/documents", admin, perms(auth.DraftDocuments, auth.ReviewDocuments, auth.Supervise), s.adminDocumentsPage},
		{"GET /admin/documents/new", admin, perms(auth.DraftDocuments), s.adminNewDocumentPage},
		{"POST /admin/documents/new", admin, perms(auth.DraftDocuments), s.adminCreateDocument},
		{"GET /admin/documents/{id}", admin, perms(auth.DraftDocuments, auth.ReviewDocuments, auth.Supervise), s.adminDocumentPage},
		{"GET /admin/documents/{id}/edit", admin, perms(auth.DraftDocuments), s.adminEditDocumentPage},
		{"POST /admin/documents/{id}/edit", admin, perms(auth.DraftDocuments), s.adminSaveDocument},
		{"POST /admin/documents/{id}/attachments", admin, perms(auth.DraftDocuments), s.adminUploadAttachment},
		{"POST /admin/documents/{id}/submit", admin, perms(auth.DraftDocuments), s.adminSubmitDocument},
		{"POST /admin/documents/{id}/review", admin, perms(auth.ReviewDocuments), s.adminReviewDocument},
		{"POST /admin/documents/{id}/revise", admin, perms(auth.DraftDocuments), s.adminReviseDocument},
		{"POST /admin/documents/{id}/withdraw", admin, perms(auth.ReviewDocuments, auth.Supervise), s.adminWithdrawDocument},
		{"POST /admin/documents/{id}/validity", admin, perms(auth.DraftDocuments, auth.ReviewDocuments), s.adminSetDocumentValidity},
		{"GET /admin/documents/{id}/revisions/{no}", admin, perms(auth.DraftDocuments, auth.ReviewDocuments, auth.Supervise), s.adminRevisionPage},
		{"GET /admin/documents/{id}/revisions/{no}/diff", admin, perms(auth.DraftDocuments, auth.ReviewDocuments, auth.Supervise), s.adminRevisionDiffPage},
		{"GET /admin/review", admin, perms(auth.ReviewDocuments), s.adminReviewPage},
		{"GET /admin/columns", admin, perms(auth.Supervise), s.adminColumnsPage},
		{"GET /admin/columns/new", admin, perms(auth.Supervise), s.adminNewColumnPage},
		{"POST /admin/columns", admin, perms(auth.Supervise), s.adminCreateColumn},
		{"GET /admin/columns/{id}", admin, perms(auth.Supervise), s.adminColumnPage},
		{"POST /admin/columns/{id}", admin, perms(auth.Supervise), s.adminUpdateColumn},
		{"GET /admin/catalog", admin, perms(auth.Supervise), s.view("admin_catalog", s.adminCatalogData)},
		{"GET /admin/catalog/new", admin, perms(auth.Supervise), s.adminNewCatalogItemPage},
		{"POST /admin/catalog", admin, perms(auth.Supervise), s.adminCreateCatalogItem},
		{"GET /admin/catalog.csv", admin, perms(auth.Supervise), s.adminCatalogExport("csv")},
		{"GET /admin/catalog.xlsx", admin, perms(auth.Supervise), s.adminCatalogExport("xlsx")},
		{"GET /admin/catalog.json", admin, perms(auth.Supervise), s.adminCatalogExport("json")},
		{"POST /admin/catalog/import", admin, perms(auth.Supervise), s.adminImportCatalog},
		{"GET /admin/catalog/items/{code}", admin, perms(auth.Supervise), s.adminCatalogItemPage},
		{"POST /admin/catalog/items/{code}", admin, perms(auth.Supervise), s.adminUpdateCatalogItem},
		{"GET /admin/taxonomy", admin, perms(auth.Supervise), s.view("admin_taxonomy", s.adminTaxonomyData)},
		{"POST /admin/taxonomy/themes", admin, perms(auth.Supervise), s.adminSaveTerm("theme")},
		{"POST /admin/taxonomy/genres", admin, perms(auth.Supervise), s.adminSaveTerm("genre")},
		{"GET /admin/points", admin, perms(auth.Supervise), s.view("admin_points", s.adminPointsData)},
		{"POST /admin/points", admin, perms(auth.Supervise), s.adminCreatePoint},
		{"GET /admin/pages/{slug}", admin, perms(auth.Supervise), s.adminGuidePage},
		{"POST /admin/pages/{slug}", admin, perms(auth.Supervise), s.adminSaveGuidePage},

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
		// API: 依申请公开 (api_foi.go).
		{"POST /api/v1/foi/applications", apiPublic, nil, s.apiCreateFOI},
		{"GET /api/v1/foi/track", apiPublic, nil, s.apiTrackFOI},
		{"GET /api/v1/foi/applications/{number}", api, perms(auth.HandleFOI), s.apiFOIApplication},
		{"POST /api/v1/foi/applications/{number}/events", api, perms(auth.HandleFOI), s.apiAddFOIEvent},
		{"POST /api/v1/foi/applications/{number}/reviews", api, perms(auth.HandleFOI), s.apiAddFOIReview},
		// API: active disclosure (api_publish.go).
		// @api-publish-routes
		{"GET /api/v1/public/documents", apiPublic, nil, s.apiPublicDocuments},
		{"GET /api/v1/public/documents/{index...}", apiPublic, nil, s.apiPublicDocument},
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
