package web

import (
	"gongkai/internal/auth"
	"gongkai/internal/web/kit"
)

// block is one of the parts of the site; each has its own chain.
type block int

const (
	portal      block = iota // public pages: no login, forms carry a cookie-bound CSRF token
	adminPublic              // back-office pages open without login (the login form)
	admin                    // back office: session, CSRF on every POST, permission
	apiPublic                // JSON API open to anyone
	api                      // JSON API: bearer token or session (+ X-CSRF-Token), permission
)

// route is one line of the route table.
type route struct {
	pattern string
	block   block
	anyOf   []auth.Permission // the user needs at least one; empty = any signed-in user
	h       kit.Handler
}

func perms(p ...auth.Permission) []auth.Permission { return p }

// publicUpload is the body limit of a public form that carries a file;
// every other public form is limited to maxForm.
func publicUpload(pattern string) (int64, bool) {
	switch pattern {
	case "POST /foi/apply":
		return 6 << 20, true // an ID scan of up to 5 MB
	}
	return 0, false
}

// routes is the whole site, in one place. Handlers live in their area
// packages (web/account, web/publish, web/foi); the handlers of the site
// itself (static files, health, the 404s) are the Server's own.
func (s *Server) routes() []route {
	acc, pub, foi := s.account, s.publish, s.foi
	return []route{
		// Portal.
		{"GET /{$}", portal, nil, pub.Home},
		{"GET /workdays", portal, nil, acc.WorkdaysPage},
		{"POST /elder", portal, nil, s.toggleElder},
		{"GET /static/", portal, nil, s.serveStatic},
		{"GET /healthz", portal, nil, s.healthz},
		{"GET /readyz", portal, nil, s.readyz},
		// Portal: 依申请公开 (portal_foi.go).
		// @portal-foi-routes
		{"GET /foi", portal, nil, foi.FoiGuidePage},
		{"GET /foi/apply", portal, nil, foi.FoiApplyPage},
		{"POST /foi/apply", portal, nil, foi.FoiApply},
		{"GET /foi/track", portal, nil, foi.FoiTrackPage},
		{"POST /foi/track", portal, nil, foi.FoiTrack},
		// Portal: active disclosure (portal_publish.go).
		// @portal-publish-routes
		{"GET /xxgk", portal, nil, pub.XxgkPage},
		{"GET /xxgk/guide", portal, nil, pub.GuidePage},
		{"GET /xxgk/system", portal, nil, pub.SystemPage},
		{"GET /xxgk/catalog", portal, nil, pub.CatalogPage},
		{"GET /xxgk/catalog/{code}", portal, nil, pub.CatalogItemPage},
		{"GET /columns/{code}", portal, nil, pub.ColumnPage},
		{"GET /columns/{code}/feed.xml", portal, nil, pub.ColumnFeed},
		{"GET /policies", portal, nil, pub.PoliciesPage},
		{"GET /docs/{index...}", portal, nil, pub.DocPage},
		{"GET /files/{id}/{name}", portal, nil, pub.FilePage},
		{"GET /points/{code}", portal, nil, pub.KioskPage},
		{"GET /points/{code}/docs/{index...}", portal, nil, pub.KioskDocPage},
		{"GET /points/{code}/files/{id}/{name}", portal, nil, pub.KioskFile},
		{"GET /sitemap.xml", portal, nil, pub.Sitemap},
		{"/", portal, nil, s.notFound},

		// Back office.
		{"GET /admin/login", adminPublic, nil, acc.LoginPage},
		{"POST /admin/login", adminPublic, nil, acc.Login},
		{"POST /admin/logout", admin, nil, acc.Logout},
		{"GET /admin/{$}", admin, nil, acc.Dashboard},
		{"GET /admin/password", admin, nil, acc.PasswordPage},
		{"POST /admin/password", admin, nil, acc.ChangePassword},
		{"GET /admin/departments", admin, perms(auth.ManageDepartments), acc.View("departments", acc.DepartmentsData)},
		{"POST /admin/departments", admin, perms(auth.ManageDepartments), acc.CreateDepartment},
		{"GET /admin/departments/{id}", admin, perms(auth.ManageDepartments), acc.DepartmentPage},
		{"POST /admin/departments/{id}", admin, perms(auth.ManageDepartments), acc.UpdateDepartment},
		{"POST /admin/departments/{id}/index-rule", admin, perms(auth.ManageDepartments), acc.SetIndexRule},
		{"GET /admin/users", admin, perms(auth.ManageUsers, auth.AssignRoles, auth.UnlockAccounts), acc.View("users", acc.UsersData)},
		{"POST /admin/users", admin, perms(auth.ManageUsers), acc.CreateUser},
		{"GET /admin/users/{id}", admin, perms(auth.ManageUsers, auth.AssignRoles, auth.UnlockAccounts), acc.UserPage},
		{"POST /admin/users/{id}", admin, perms(auth.ManageUsers), acc.UpdateUser},
		{"POST /admin/users/{id}/roles", admin, perms(auth.AssignRoles), acc.SetUserRoles},
		{"POST /admin/users/{id}/unlock", admin, perms(auth.UnlockAccounts), acc.UnlockUser},
		{"POST /admin/users/{id}/password", admin, perms(auth.UnlockAccounts), acc.ResetPassword},
		{"GET /admin/calendar", admin, perms(auth.ManageSettings), acc.View("calendar", acc.CalendarData)},
		{"POST /admin/calendar", admin, perms(auth.ManageSettings), acc.SetOverride},
		{"POST /admin/calendar/{date}/delete", admin, perms(auth.ManageSettings), acc.DeleteOverride},
		{"GET /admin/audit", admin, perms(auth.ReadAudit), acc.AuditPage},
		// Back office: 依申请公开 (admin_foi.go, notices.go).
		// @admin-foi-routes
		{"GET /admin/foi/{number}/notices/{kind}", admin, perms(auth.HandleFOI), foi.NoticePage},
		{"GET /admin/foi/{number}/notices/{kind}/pdf", admin, perms(auth.HandleFOI), foi.NoticePDF},
		{"POST /admin/foi/{number}/notices/{kind}/send", admin, perms(auth.HandleFOI), foi.SendNotice},
		{"GET /admin/foi", admin, perms(auth.HandleFOI), foi.AdminFOIInbox},
		{"GET /admin/foi/new", admin, perms(auth.HandleFOI), foi.AdminFOINewPage},
		{"POST /admin/foi/new", admin, perms(auth.HandleFOI), foi.AdminFOICreate},
		{"GET /admin/foi/{number}", admin, perms(auth.HandleFOI), foi.AdminFOICase},
		{"POST /admin/foi/{number}/personal", admin, perms(auth.HandleFOI), foi.AdminFOIPersonal},
		{"POST /admin/foi/{number}/files/{id}", admin, perms(auth.HandleFOI), foi.AdminFOIFile},
		{"POST /admin/foi/{number}/events", admin, perms(auth.HandleFOI), foi.AdminFOIEvent},
		{"POST /admin/foi/{number}/assign", admin, perms(auth.HandleFOI), foi.AdminFOIAssign},
		{"POST /admin/foi/{number}/reviews", admin, perms(auth.HandleFOI), foi.AdminFOIReview},
		// Back office: active disclosure (admin_publish.go).
		// @admin-publish-routes
		{"POST /admin/documents/{id}/reopen", admin, perms(auth.DraftDocuments, auth.ReviewDocuments), pub.AdminReopenDocument},
		{"GET /admin/documents/{id}/attachments/{aid}", admin, perms(auth.DraftDocuments, auth.ReviewDocuments, auth.Supervise), pub.AdminAttachmentFile},
		{"POST /admin/documents/{id}/attachments/{aid}/delete", admin, perms(auth.DraftDocuments), pub.AdminRemoveAttachment},
		{"GET /admin/publishing", admin, perms(auth.DraftDocuments, auth.ReviewDocuments, auth.Supervise), pub.View("admin_publishing", pub.AdminPublishingData)},
		{"GET /admin/documents", admin, perms(auth.DraftDocuments, auth.ReviewDocuments, auth.Supervise), pub.AdminDocumentsPage},
		{"GET /admin/documents/new", admin, perms(auth.DraftDocuments), pub.AdminNewDocumentPage},
		{"POST /admin/documents/new", admin, perms(auth.DraftDocuments), pub.AdminCreateDocument},
		{"GET /admin/documents/{id}", admin, perms(auth.DraftDocuments, auth.ReviewDocuments, auth.Supervise), pub.AdminDocumentPage},
		{"GET /admin/documents/{id}/edit", admin, perms(auth.DraftDocuments), pub.AdminEditDocumentPage},
		{"POST /admin/documents/{id}/edit", admin, perms(auth.DraftDocuments), pub.AdminSaveDocument},
		{"POST /admin/documents/{id}/attachments", admin, perms(auth.DraftDocuments), pub.AdminUploadAttachment},
		{"POST /admin/documents/{id}/submit", admin, perms(auth.DraftDocuments), pub.AdminSubmitDocument},
		{"POST /admin/documents/{id}/review", admin, perms(auth.ReviewDocuments), pub.AdminReviewDocument},
		{"POST /admin/documents/{id}/revise", admin, perms(auth.DraftDocuments), pub.AdminReviseDocument},
		{"POST /admin/documents/{id}/withdraw", admin, perms(auth.ReviewDocuments, auth.Supervise), pub.AdminWithdrawDocument},
		{"POST /admin/documents/{id}/validity", admin, perms(auth.DraftDocuments, auth.ReviewDocuments), pub.AdminSetDocumentValidity},
		{"GET /admin/documents/{id}/revisions/{no}", admin, perms(auth.DraftDocuments, auth.ReviewDocuments, auth.Supervise), pub.AdminRevisionPage},
		{"GET /admin/documents/{id}/revisions/{no}/diff", admin, perms(auth.DraftDocuments, auth.ReviewDocuments, auth.Supervise), pub.AdminRevisionDiffPage},
		{"GET /admin/review", admin, perms(auth.ReviewDocuments), pub.AdminReviewPage},
		{"GET /admin/columns", admin, perms(auth.Supervise), pub.AdminColumnsPage},
		{"GET /admin/columns/new", admin, perms(auth.Supervise), pub.AdminNewColumnPage},
		{"POST /admin/columns", admin, perms(auth.Supervise), pub.AdminCreateColumn},
		{"GET /admin/columns/{id}", admin, perms(auth.Supervise), pub.AdminColumnPage},
		{"POST /admin/columns/{id}", admin, perms(auth.Supervise), pub.AdminUpdateColumn},
		{"GET /admin/catalog", admin, perms(auth.Supervise), pub.View("admin_catalog", pub.AdminCatalogData)},
		{"GET /admin/catalog/new", admin, perms(auth.Supervise), pub.AdminNewCatalogItemPage},
		{"POST /admin/catalog", admin, perms(auth.Supervise), pub.AdminCreateCatalogItem},
		{"GET /admin/catalog.csv", admin, perms(auth.Supervise), pub.AdminCatalogExport("csv")},
		{"GET /admin/catalog.xlsx", admin, perms(auth.Supervise), pub.AdminCatalogExport("xlsx")},
		{"GET /admin/catalog.json", admin, perms(auth.Supervise), pub.AdminCatalogExport("json")},
		{"POST /admin/catalog/import", admin, perms(auth.Supervise), pub.AdminImportCatalog},
		{"GET /admin/catalog/items/{code}", admin, perms(auth.Supervise), pub.AdminCatalogItemPage},
		{"POST /admin/catalog/items/{code}", admin, perms(auth.Supervise), pub.AdminUpdateCatalogItem},
		{"GET /admin/taxonomy", admin, perms(auth.Supervise), pub.View("admin_taxonomy", pub.AdminTaxonomyData)},
		{"POST /admin/taxonomy/themes", admin, perms(auth.Supervise), pub.AdminSaveTerm("theme")},
		{"POST /admin/taxonomy/genres", admin, perms(auth.Supervise), pub.AdminSaveTerm("genre")},
		{"GET /admin/points", admin, perms(auth.Supervise), pub.View("admin_points", pub.AdminPointsData)},
		{"POST /admin/points", admin, perms(auth.Supervise), pub.AdminCreatePoint},
		{"GET /admin/pages/{slug}", admin, perms(auth.Supervise), pub.AdminGuidePage},
		{"POST /admin/pages/{slug}", admin, perms(auth.Supervise), pub.AdminSaveGuidePage},

		// JSON API.
		{"GET /api/v1/openapi.json", apiPublic, nil, s.openAPI},
		{"GET /api/v1/calendar/days/{date}", apiPublic, nil, acc.ApiDay},
		{"GET /api/v1/calendar/add", apiPublic, nil, acc.ApiAddWorkdays},
		{"GET /api/v1/calendar/count", apiPublic, nil, acc.ApiCountWorkdays},
		{"GET /api/v1/me", api, nil, acc.ApiMe},
		{"GET /api/v1/departments", api, perms(auth.ViewStaffData, auth.ManageDepartments), acc.ApiDepartments},
		{"POST /api/v1/departments", api, perms(auth.ManageDepartments), acc.ApiCreateDepartment},
		{"GET /api/v1/users", api, perms(auth.ManageUsers, auth.AssignRoles, auth.UnlockAccounts), acc.ApiUsers},
		{"POST /api/v1/users", api, perms(auth.ManageUsers), acc.ApiCreateUser},
		{"PUT /api/v1/users/{username}/roles", api, perms(auth.AssignRoles), acc.ApiSetRoles},
		{"POST /api/v1/users/{username}/unlock", api, perms(auth.UnlockAccounts), acc.ApiUnlock},
		{"GET /api/v1/calendar/overrides", api, perms(auth.ManageSettings), acc.ApiOverrides},
		{"PUT /api/v1/calendar/overrides/{date}", api, perms(auth.ManageSettings), acc.ApiSetOverride},
		{"DELETE /api/v1/calendar/overrides/{date}", api, perms(auth.ManageSettings), acc.ApiDeleteOverride},
		{"GET /api/v1/audit/events", api, perms(auth.ReadAudit), acc.ApiAuditEvents},
		{"GET /api/v1/audit/verify", api, perms(auth.ReadAudit), acc.ApiAuditVerify},
		// API: 依申请公开 (api_foi.go).
		{"POST /api/v1/foi/applications", apiPublic, nil, foi.ApiCreateFOI},
		{"GET /api/v1/foi/track", apiPublic, nil, foi.ApiTrackFOI},
		{"GET /api/v1/foi/applications/{number}", api, perms(auth.HandleFOI), foi.ApiFOIApplication},
		{"POST /api/v1/foi/applications/{number}/events", api, perms(auth.HandleFOI), foi.ApiAddFOIEvent},
		{"POST /api/v1/foi/applications/{number}/reviews", api, perms(auth.HandleFOI), foi.ApiAddFOIReview},
		// API: active disclosure (api_publish.go).
		// @api-publish-routes
		{"GET /api/v1/public/documents", apiPublic, nil, pub.ApiPublicDocuments},
		{"GET /api/v1/public/documents/{index...}", apiPublic, nil, pub.ApiPublicDocument},
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
