package web

import (
	"gongkai/internal/auth"
	foiarea "gongkai/internal/web/foi"
	iaarea "gongkai/internal/web/interact"
	"gongkai/internal/web/kit"
)

// block is one of the parts of the site; each has its own chain.
type block int

const (
	portal      block = iota // public pages: no login, no cookie, cacheable (see cacheable)
	portalForm               // public pages with a form that posts: cookie-bound CSRF token
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
	case "POST /hudong/write":
		return iaarea.LetterBody, true // up to 3 files of 5 MB
	case "POST /foi/track/supplement":
		return foiarea.SupplementBody, true // up to 3 files of 5 MB
	}
	return 0, false
}

// cacheable names the routes whose GET responses may be served from the
// page cache, with the query parameters each reads: public pages and API
// answers that depend only on public content, those parameters, the date
// and the 长辈版 choice. A request with any other parameter, or with the
// free-text q (an unbounded key space, and the search's to serve), is
// answered without the cache. Not cached at all: forms (their CSRF token
// is per visitor), kiosk pages (keyed URLs), attachments and static files
// (their own validators), health checks, the 长辈版 switch, the
// working-day calculator and its API (any date and count), the 404 of
// unknown paths, and FOI tracking.
func cacheable(pattern string) (params []string, ok bool) {
	switch pattern {
	case "GET /{$}", "GET /foi", "GET /xxgk", "GET /xxgk/guide", "GET /xxgk/system", "GET /xxgk/catalog",
		"GET /columns/{code}/feed.xml", "GET /docs/{index...}", "GET /sitemap.xml", "GET /sitemaps/{file}",
		"GET /sitemap.html", "GET /accessibility", "GET /hudong", "GET /hudong/faq/{id}",
		"GET /api/v1/openapi.json", "GET /api/v1/public/documents/{index...}":
		return nil, true
	case "GET /hudong/letters/{number}":
		return nil, true
	case "GET /hudong/faq": // q (the search) is never a cache parameter
		return []string{"tag", "dept", "page"}, true
	case "GET /xxgk/catalog/{code}", "GET /columns/{code}", "GET /hudong/letters", "GET /api/v1/public/letters", "GET /hudong/solicitations":
		return []string{"page"}, true
	case "GET /enforcement/decisions/{id}", "GET /enforcement/draws", "GET /enforcement/draws/how", "GET /enforcement/draws/{id}",
		"GET /api/v1/public/enforcement/decisions/{id}":
		return nil, true
	case "GET /enforcement/decisions", "GET /api/v1/public/enforcement/decisions":
		return []string{"kind", "dept", "category", "after"}, true
	case "GET /policies":
		return []string{"organ", "theme", "genre", "year", "validity", "page"}, true
	case "GET /api/v1/public/documents":
		return []string{"organ", "theme", "genre", "year", "validity", "column", "catalog", "page", "size"}, true
	}
	return nil, false
}

// routes is the whole site, in one place. Handlers live in their area
// packages (web/account, web/publish, web/foi); the handlers of the site
// itself (static files, health, the 404s) are the Server's own.
func (s *Server) routes() []route {
	acc, pub, foi, search, ia, rp := s.account, s.publish, s.foi, s.search, s.interact, s.report
	return []route{
		// Portal.
		{"GET /{$}", portal, nil, pub.Home},
		{"GET /workdays", portal, nil, acc.WorkdaysPage},
		{"GET /elder", portal, nil, s.toggleElder},
		{"GET /static/", portal, nil, s.serveStatic},
		{"GET /robots.txt", portal, nil, s.robots},
		{"GET /favicon.ico", portal, nil, s.favicon},
		{"GET /healthz", portal, nil, s.healthz},
		{"GET /readyz", portal, nil, s.readyz},
		// Portal: site-wide search (web/search). Not cached: q is free text.
		{"GET /search", portal, nil, search.Page},
		// Portal: 依申请公开 (web/foi).
		{"GET /foi", portal, nil, foi.GuidePage},
		{"GET /foi/apply", portalForm, nil, foi.ApplyPage},
		{"POST /foi/apply", portalForm, nil, foi.Apply},
		{"GET /foi/track", portalForm, nil, foi.TrackPage},
		{"POST /foi/track", portalForm, nil, foi.Track},
		{"POST /foi/track/supplement", portalForm, nil, foi.Supplement},
		{"POST /foi/track/notice", portalForm, nil, foi.TrackNotice},
		{"POST /foi/track/file", portalForm, nil, foi.TrackFile},
		// Portal: 政民互动 (web/interact).
		{"GET /hudong", portal, nil, ia.IndexPage},
		{"GET /hudong/write", portalForm, nil, ia.WritePage},
		{"POST /hudong/write", portalForm, nil, ia.Write},
		{"GET /hudong/track", portalForm, nil, ia.TrackPage},
		{"POST /hudong/track", portalForm, nil, ia.Track},
		{"POST /hudong/track/rate", portalForm, nil, ia.Rate},
		{"GET /hudong/letters", portal, nil, ia.LettersPage},
		{"GET /hudong/letters/{number}", portal, nil, ia.PublicLetterPage},
		// 政府开放月: the page and event pages are not cached (counts and
		// places change with every vote and registration).
		{"GET /hudong/events", portal, nil, ia.OpenMonthPage},
		{"GET /hudong/polls/{id}", portalForm, nil, ia.PollPage},
		{"POST /hudong/polls/{id}", portalForm, nil, ia.Vote},
		{"GET /hudong/events/{id}", portalForm, nil, ia.EventPage},
		{"POST /hudong/events/{id}", portalForm, nil, ia.Register},
		{"GET /hudong/events/register/lookup", portalForm, nil, ia.LookupPage},
		{"POST /hudong/events/register/lookup", portalForm, nil, ia.Lookup},
		{"POST /hudong/events/register/cancel", portalForm, nil, ia.CancelRegistration},
		{"GET /hudong/faq", portal, nil, ia.FAQListPage},
		{"GET /hudong/faq/{id}", portal, nil, ia.FAQPage},
		{"GET /hudong/solicitations", portal, nil, ia.SolicitationsPage},
		{"GET /hudong/solicitations/{id}", portalForm, nil, ia.SolicitationPage},
		{"POST /hudong/solicitations/{id}", portalForm, nil, ia.SolicitationComment},
		// Portal: 双公示 and 双随机 (web/enforcement).
		{"GET /enforcement/decisions", portal, nil, s.enforce.DecisionsPage},
		{"GET /enforcement/decisions/{id}", portal, nil, s.enforce.DecisionPage},
		{"GET /enforcement/draws", portal, nil, s.enforce.DrawsPage},
		{"GET /enforcement/draws/how", portal, nil, s.enforce.DrawHowPage},
		{"GET /enforcement/draws/{id}", portal, nil, s.enforce.DrawPage},
		{"GET /enforcement/draws/{id}/{file}", portal, nil, s.enforce.DrawFile},
		// Portal: active disclosure (web/publish).
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
		{"GET /sitemaps/{file}", portal, nil, pub.SitemapPart},
		{"GET /sitemap.html", portal, nil, pub.SitemapPage},
		{"GET /accessibility", portal, nil, pub.AccessibilityPage},
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
		{"POST /admin/tokens/{id}/revoke", admin, nil, acc.RevokeToken},
		{"GET /admin/calendar", admin, perms(auth.ManageSettings), acc.View("calendar", acc.CalendarData)},
		{"POST /admin/calendar", admin, perms(auth.ManageSettings), acc.SetOverride},
		{"POST /admin/calendar/{date}/delete", admin, perms(auth.ManageSettings), acc.DeleteOverride},
		{"GET /admin/audit", admin, perms(auth.ReadAudit), acc.AuditPage},
		// Back office: 依申请公开 (web/foi).
		{"GET /admin/foi/{number}/notices/{kind}", admin, perms(auth.HandleFOI), foi.Scoped(foi.NoticePage)},
		{"POST /admin/foi/{number}/notices/{kind}", admin, perms(auth.HandleFOI), foi.Scoped(foi.NoticeFull)},
		{"POST /admin/foi/{number}/notices/{kind}/pdf", admin, perms(auth.HandleFOI), foi.Scoped(foi.NoticePDF)},
		{"POST /admin/foi/{number}/notices/{kind}/send", admin, perms(auth.HandleFOI), foi.Scoped(foi.SendNotice)},
		{"GET /admin/foi", admin, perms(auth.HandleFOI), foi.AdminInbox},
		{"GET /admin/foi/register", admin, perms(auth.ApproveExtensions), foi.RegisterPage},
		// Downloads are POSTs: each is audited, so no link may cause one.
		{"POST /admin/foi/register.xlsx", admin, perms(auth.ApproveExtensions), foi.RegisterExport("xlsx")},
		{"POST /admin/foi/register.json", admin, perms(auth.ApproveExtensions), foi.RegisterExport("json")},
		{"GET /admin/foi/new", admin, perms(auth.HandleFOI), foi.AdminNewPage},
		{"POST /admin/foi/new", admin, perms(auth.HandleFOI), foi.AdminCreate},
		{"GET /admin/foi/{number}", admin, perms(auth.HandleFOI), foi.Scoped(foi.AdminCase)},
		{"POST /admin/foi/{number}/personal", admin, perms(auth.HandleFOI), foi.Scoped(foi.AdminPersonal)},
		{"POST /admin/foi/{number}/files/{id}", admin, perms(auth.HandleFOI), foi.Scoped(foi.AdminFile)},
		{"POST /admin/foi/{number}/events", admin, perms(auth.HandleFOI), foi.Scoped(foi.AdminEvent)},
		{"POST /admin/foi/{number}/assign", admin, perms(auth.HandleFOI), foi.Scoped(foi.AdminAssign)},
		{"POST /admin/foi/{number}/reviews", admin, perms(auth.HandleFOI), foi.Scoped(foi.AdminReview)},
		{"POST /admin/foi/{number}/released", admin, perms(auth.HandleFOI), foi.Scoped(foi.AdminReleased)},
		{"POST /admin/foi/{number}/released/{id}/delete", admin, perms(auth.HandleFOI), foi.Scoped(foi.AdminRemoveReleased)},
		{"POST /admin/foi/{number}/supplements/{id}/confirm", admin, perms(auth.HandleFOI), foi.Scoped(foi.AdminConfirmSupplement)},
		{"GET /admin/foi/settings", admin, perms(auth.ApproveExtensions), foi.SettingsPage},
		{"POST /admin/foi/settings", admin, perms(auth.ApproveExtensions), foi.SaveSettings},
		// Back office: 政民互动 (web/interact).
		{"GET /admin/letters", admin, perms(auth.Supervise, auth.ReplyLetters), ia.Inbox},
		{"GET /admin/letters/settings", admin, perms(auth.Supervise), ia.LetterSettingsPage},
		{"POST /admin/letters/settings", admin, perms(auth.Supervise), ia.SaveLetterSettings},
		{"GET /admin/letters/stats", admin, perms(auth.Supervise), ia.LetterStatsPage},
		{"POST /admin/letters/stats.xlsx", admin, perms(auth.Supervise), ia.LetterStatsXLSX},
		{"GET /admin/letters/{number}", admin, perms(auth.Supervise, auth.ReplyLetters), ia.LetterPage},
		{"POST /admin/letters/{number}/steps", admin, perms(auth.Supervise, auth.ReplyLetters), ia.LetterStep},
		{"POST /admin/letters/{number}/writer", admin, perms(auth.Supervise, auth.ReplyLetters), ia.LetterWriter},
		{"POST /admin/letters/{number}/files/{id}", admin, perms(auth.Supervise, auth.ReplyLetters), ia.LetterFile},
		{"POST /admin/letters/{number}/faq", admin, perms(auth.Supervise, auth.ReplyLetters), ia.LetterToFAQ},
		{"GET /admin/faq", admin, perms(auth.Supervise, auth.ReplyLetters), ia.AdminFAQList},
		{"GET /admin/faq/new", admin, perms(auth.Supervise, auth.ReplyLetters), ia.AdminNewFAQPage},
		{"POST /admin/faq/new", admin, perms(auth.Supervise, auth.ReplyLetters), ia.AdminCreateFAQ},
		{"GET /admin/faq/{id}", admin, perms(auth.Supervise, auth.ReplyLetters), ia.AdminFAQPage},
		{"POST /admin/faq/{id}", admin, perms(auth.Supervise, auth.ReplyLetters), ia.AdminSaveFAQ},
		{"POST /admin/faq/{id}/state", admin, perms(auth.Supervise, auth.ReplyLetters), ia.AdminFAQState},
		{"GET /admin/hotline", admin, perms(auth.Supervise), ia.AdminHotlinePage},
		// Back office: 网站自查 (web/report).
		{"GET /admin/inspect", admin, perms(auth.Supervise), s.report.AdminInspectPage},
		{"GET /admin/inspect/{id}", admin, perms(auth.Supervise), s.report.AdminInspectionPage},
		{"POST /admin/inspect/{id}/xlsx", admin, perms(auth.Supervise), s.report.AdminInspectionFile},
		{"GET /admin/inspect/rules", admin, perms(auth.Supervise), s.report.AdminInspectRulesPage},
		{"POST /admin/inspect/rules", admin, perms(auth.Supervise), s.report.SaveInspectRules},
		{"POST /admin/hotline", admin, perms(auth.Supervise), ia.AdminImportHotline},
		// Back office: 意见征集 (web/interact). Downloads are POSTs, audited.
		{"GET /admin/solicitations", admin, perms(auth.Supervise, auth.ReplyLetters), ia.AdminSolicitations},
		{"GET /admin/solicitations/new", admin, perms(auth.Supervise), ia.AdminNewSolicitationPage},
		{"POST /admin/solicitations/new", admin, perms(auth.Supervise), ia.AdminCreateSolicitation},
		{"GET /admin/solicitations/{id}", admin, perms(auth.Supervise, auth.ReplyLetters), ia.AdminSolicitation},
		{"POST /admin/solicitations/{id}", admin, perms(auth.Supervise), ia.AdminUpdateSolicitation},
		{"POST /admin/solicitations/{id}/feedback", admin, perms(auth.Supervise), ia.AdminSolicitationFeedback},
		{"POST /admin/solicitations/{id}/comments.xlsx", admin, perms(auth.Supervise, auth.ReplyLetters), ia.AdminSolicitationExport("xlsx")},
		{"POST /admin/solicitations/{id}/comments.csv", admin, perms(auth.Supervise, auth.ReplyLetters), ia.AdminSolicitationExport("csv")},
		{"POST /admin/solicitations/{id}/reply", admin, perms(auth.ReplyLetters), ia.AdminSolicitationReply},
		// Back office: active disclosure (web/publish).
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
		{"GET /admin/search", admin, perms(auth.Supervise), search.View("admin_search", search.DashboardData)},
		{"POST /admin/search/synonyms", admin, perms(auth.Supervise), search.SaveSynonyms},
		{"POST /admin/taxonomy/themes", admin, perms(auth.Supervise), pub.AdminSaveTerm("theme")},
		{"POST /admin/taxonomy/genres", admin, perms(auth.Supervise), pub.AdminSaveTerm("genre")},
		{"GET /admin/points", admin, perms(auth.Supervise), pub.View("admin_points", pub.AdminPointsData)},
		{"POST /admin/points", admin, perms(auth.Supervise), pub.AdminCreatePoint},
		{"GET /admin/pages/{slug}", admin, perms(auth.Supervise), pub.AdminGuidePage},
		{"POST /admin/pages/{slug}", admin, perms(auth.Supervise), pub.AdminSaveGuidePage},
		{"GET /admin/site/settings", admin, perms(auth.Supervise), pub.SiteSettingsPage},
		{"POST /admin/site/settings", admin, perms(auth.Supervise), pub.SaveSiteSettings},

		// Back office: supervision (web/report).
		{"GET /admin/supervise", admin, perms(auth.Supervise), rp.SupervisePage},
		{"GET /admin/reports/annual", admin, perms(auth.Supervise, auth.ApproveExtensions), rp.AnnualPage},
		{"POST /admin/reports/annual/figures", admin, perms(auth.Supervise), rp.SaveAnnualFigures},
		{"POST /admin/reports/annual/texts", admin, perms(auth.Supervise), rp.SaveAnnualTexts},
		{"POST /admin/reports/annual/document", admin, perms(auth.Supervise), rp.GenerateAnnualDocument},
		{"POST /admin/reports/annual.xlsx", admin, perms(auth.Supervise, auth.ApproveExtensions), rp.AnnualFile("xlsx")},
		{"POST /admin/reports/annual.pdf", admin, perms(auth.Supervise, auth.ApproveExtensions), rp.AnnualFile("pdf")},
		{"GET /admin/reports/bulletin", admin, perms(auth.Supervise, auth.ApproveExtensions), rp.BulletinPage},
		{"POST /admin/reports/bulletin/indicators", admin, perms(auth.Supervise), rp.SaveBulletinIndicators},
		{"POST /admin/reports/bulletin.xlsx", admin, perms(auth.Supervise, auth.ApproveExtensions), rp.BulletinFile("xlsx")},
		{"POST /admin/reports/bulletin.pdf", admin, perms(auth.Supervise, auth.ApproveExtensions), rp.BulletinFile("pdf")},

		// Back office: 政府开放月 (web/interact).
		{"GET /admin/openmonth", admin, perms(auth.Supervise), ia.AdminOpenMonth},
		{"GET /admin/openmonth/polls/new", admin, perms(auth.Supervise), ia.AdminNewPoll},
		{"POST /admin/openmonth/polls/new", admin, perms(auth.Supervise), ia.AdminSavePoll},
		{"GET /admin/openmonth/polls/{id}", admin, perms(auth.Supervise), ia.AdminPoll},
		{"POST /admin/openmonth/polls/{id}", admin, perms(auth.Supervise), ia.AdminSavePoll},
		{"GET /admin/openmonth/events/new", admin, perms(auth.Supervise), ia.AdminNewEvent},
		{"POST /admin/openmonth/events/new", admin, perms(auth.Supervise), ia.AdminSaveEvent},
		{"GET /admin/openmonth/events/{id}", admin, perms(auth.Supervise), ia.AdminEvent},
		{"POST /admin/openmonth/events/{id}", admin, perms(auth.Supervise), ia.AdminSaveEvent},
		{"POST /admin/openmonth/events/{id}/checkin", admin, perms(auth.Supervise), ia.AdminCheckIn},
		{"POST /admin/openmonth/events/{id}/report", admin, perms(auth.Supervise), ia.AdminReport},

		// Back office: 信息员名录, 交接 and 政务新媒体 (web/report). A
		// handover's page and sign-off are also open to its two parties.
		{"GET /admin/registry/officers", admin, perms(auth.Supervise), rp.OfficersPage},
		{"POST /admin/registry/officers", admin, perms(auth.Supervise), rp.CreateOfficer},
		{"GET /admin/registry/officers/{id}", admin, perms(auth.Supervise), rp.OfficerPage},
		{"POST /admin/registry/officers/{id}", admin, perms(auth.Supervise), rp.SaveOfficer},
		{"GET /admin/registry/handovers", admin, perms(auth.Supervise), rp.HandoversPage},
		{"POST /admin/registry/handovers", admin, perms(auth.Supervise), rp.CreateHandover},
		{"GET /admin/registry/handovers/{id}", admin, perms(auth.Supervise, auth.ViewStaffData), rp.HandoverPage},
		{"POST /admin/registry/handovers/{id}/confirm", admin, perms(auth.Supervise, auth.ViewStaffData), rp.ConfirmHandover},
		{"GET /admin/registry/newmedia", admin, perms(auth.Supervise), rp.NewMediaPage},
		{"POST /admin/registry/newmedia", admin, perms(auth.Supervise), rp.CreateNewMedia},
		{"GET /admin/registry/newmedia/{id}", admin, perms(auth.Supervise), rp.NewMediaAccountPage},
		{"POST /admin/registry/newmedia/{id}/status", admin, perms(auth.Supervise), rp.NewMediaStatus},
		{"POST /admin/registry/newmedia/{id}/last-post", admin, perms(auth.Supervise), rp.NewMediaLastPost},

		// Back office: 双公示 and 双随机 (web/enforcement); the handlers
		// keep an editor to their own department.
		{"GET /admin/enforcement/decisions", admin, perms(auth.DraftDocuments), s.enforce.AdminDecisionsPage},
		{"POST /admin/enforcement/decisions", admin, perms(auth.DraftDocuments), s.enforce.AdminCreateDecision},
		{"POST /admin/enforcement/decisions/{id}/repair", admin, perms(auth.DraftDocuments), s.enforce.AdminRepairDecision},
		{"GET /admin/enforcement/draws", admin, perms(auth.DraftDocuments), s.enforce.AdminDrawsPage},
		{"POST /admin/enforcement/draws", admin, perms(auth.DraftDocuments), s.enforce.AdminCreatePlan},
		{"POST /admin/enforcement/draws/{id}/draw", admin, perms(auth.DraftDocuments), s.enforce.AdminDrawPlan},
		{"POST /admin/enforcement/draws/{id}/results", admin, perms(auth.DraftDocuments), s.enforce.AdminPlanResults},

		// JSON API.
		{"GET /api/v1/openapi.json", apiPublic, nil, s.openAPI},
		{"GET /api/v1/calendar/days/{date}", apiPublic, nil, acc.APIDay},
		{"GET /api/v1/calendar/add", apiPublic, nil, acc.APIAddWorkdays},
		{"GET /api/v1/calendar/count", apiPublic, nil, acc.APICountWorkdays},
		{"GET /api/v1/me", api, nil, acc.APIMe},
		{"GET /api/v1/tokens", api, nil, acc.APITokens},
		{"DELETE /api/v1/tokens/{id}", api, nil, acc.APIRevokeToken},
		{"GET /api/v1/departments", api, perms(auth.ViewStaffData, auth.ManageDepartments), acc.APIDepartments},
		{"POST /api/v1/departments", api, perms(auth.ManageDepartments), acc.APICreateDepartment},
		{"GET /api/v1/users", api, perms(auth.ManageUsers, auth.AssignRoles, auth.UnlockAccounts), acc.APIUsers},
		{"POST /api/v1/users", api, perms(auth.ManageUsers), acc.APICreateUser},
		{"PUT /api/v1/users/{username}/roles", api, perms(auth.AssignRoles), acc.APISetRoles},
		{"POST /api/v1/users/{username}/unlock", api, perms(auth.UnlockAccounts), acc.APIUnlock},
		{"GET /api/v1/calendar/overrides", api, perms(auth.ManageSettings), acc.APIOverrides},
		{"PUT /api/v1/calendar/overrides/{date}", api, perms(auth.ManageSettings), acc.APISetOverride},
		{"DELETE /api/v1/calendar/overrides/{date}", api, perms(auth.ManageSettings), acc.APIDeleteOverride},
		{"GET /api/v1/audit/events", api, perms(auth.ReadAudit), acc.APIAuditEvents},
		{"GET /api/v1/audit/verify", api, perms(auth.ReadAudit), acc.APIAuditVerify},
		// API: site-wide search (web/search).
		{"GET /api/v1/search", apiPublic, nil, search.API},
		// API: 依申请公开 (web/foi).
		{"POST /api/v1/foi/applications", apiPublic, nil, foi.APICreate},
		{"GET /api/v1/foi/track", apiPublic, nil, foi.APITrack},
		{"GET /api/v1/foi/register", api, perms(auth.ApproveExtensions), foi.APIRegister},
		{"GET /api/v1/foi/applications/{number}", api, perms(auth.HandleFOI), foi.Scoped(foi.APIApplication)},
		{"POST /api/v1/foi/applications/{number}/events", api, perms(auth.HandleFOI), foi.Scoped(foi.APIAddEvent)},
		{"POST /api/v1/foi/applications/{number}/reviews", api, perms(auth.HandleFOI), foi.Scoped(foi.APIAddReview)},
		{"POST /api/v1/foi/applications/{number}/assign", api, perms(auth.HandleFOI), foi.Scoped(foi.APIAssign)},
		// API: 政民互动 (web/interact).
		{"POST /api/v1/letters", apiPublic, nil, ia.APICreateLetter},
		{"GET /api/v1/letters/track", apiPublic, nil, ia.APITrackLetter},
		{"GET /api/v1/public/letters", apiPublic, nil, ia.APIPublicLetters},
		{"GET /api/v1/letters/{number}", api, perms(auth.Supervise, auth.ReplyLetters), ia.APILetter},
		{"POST /api/v1/letters/{number}/triage", api, perms(auth.Supervise), ia.APITriage},
		{"POST /api/v1/letters/{number}/reply", api, perms(auth.ReplyLetters), ia.APIReply},
		// API: supervision (web/report).
		{"GET /api/v1/reports/annual/{year}", api, perms(auth.Supervise, auth.ApproveExtensions), rp.APIAnnual},
		// API: active disclosure (web/publish).
		// API: 政务新媒体 (web/report).
		{"PUT /api/v1/newmedia/{id}/last-post", api, perms(auth.Supervise), rp.APINewMediaLastPost},
		// API: 双公示 (web/enforcement).
		{"POST /api/v1/enforcement/decisions", api, perms(auth.DraftDocuments), s.enforce.APICreateDecision},
		{"GET /api/v1/public/enforcement/decisions", apiPublic, nil, s.enforce.APIPublicDecisions},
		{"GET /api/v1/public/enforcement/decisions/{id}", apiPublic, nil, s.enforce.APIPublicDecision},
		{"GET /api/v1/public/documents", apiPublic, nil, pub.APIPublicDocuments},
		{"GET /api/v1/public/documents/{index...}", apiPublic, nil, pub.APIPublicDocument},
		{"/api/", apiPublic, nil, s.apiNotFound},
	}
}

// passwordChangeRoutes are what an account with a temporary password may
// still do: change it, or leave.
var passwordChangeRoutes = map[string]bool{"GET /admin/password": true, "POST /admin/password": true, "POST /admin/logout": true}

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
			Public: rt.block == portal || rt.block == portalForm || rt.block == adminPublic || rt.block == apiPublic, AnyOf: rt.anyOf}
	}
	return out
}
