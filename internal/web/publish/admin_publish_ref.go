package publish

// The 政务公开办's registries of active disclosure: columns (栏目), the
// standard catalog (标准目录), taxonomies, on-site points and the guide
// pages, and the publishing overview (stale columns, empty catalog items).

import (
	"bytes"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"gongkai/internal/auth"
	"gongkai/internal/calendar"
	"gongkai/internal/errs"
	"gongkai/internal/publish"
	"gongkai/internal/richtext"
	"gongkai/internal/store"
	"gongkai/internal/web/kit"
)

// apColumnRow is a column with its freshness.
type apColumnRow struct {
	apColumnNode
	KindLabel string
	Dept      string
	Last      time.Time
	Stale     bool
}

func apKindLabel(k publish.ColumnKind) string {
	for _, c := range publish.ColumnKinds {
		if c.Kind == k {
			return c.Label
		}
	}
	return string(k)
}

// adminColumnRows lists the columns with their last publication; deptID ≠ 0
// keeps one department's columns.
func (s *Handler) adminColumnRows(r *http.Request, ref *apPubRefs, deptID int64) ([]apColumnRow, error) {
	fresh, err := s.Store.ColumnFreshness(r.Context())
	if err != nil {
		return nil, err
	}
	now := s.Now()
	var out []apColumnRow
	for _, n := range ref.Columns {
		if deptID != 0 && n.DeptID != deptID {
			continue
		}
		last := fresh[n.ID]
		out = append(out, apColumnRow{apColumnNode: n, KindLabel: apKindLabel(n.Kind), Dept: ref.DeptName[n.DeptID], Last: last, Stale: n.Stale(last, now)})
	}
	return out, nil
}

// AdminColumnsPage serves GET /admin/columns.
func (s *Handler) AdminColumnsPage(w http.ResponseWriter, r *http.Request) error {
	ref, err := s.adminLoadRefs(r)
	if err != nil {
		return err
	}
	rows, err := s.adminColumnRows(r, ref, 0)
	if err != nil {
		return err
	}
	s.Render(w, r, http.StatusOK, "admin_columns", map[string]any{"Title": "栏目管理", "Rows": rows})
	return nil
}

func apColumnFromForm(r *http.Request) *publish.Column {
	pos, _ := strconv.Atoi(strings.TrimSpace(r.PostFormValue("position")))
	return &publish.Column{Code: r.PostFormValue("code"), Name: r.PostFormValue("name"), ParentID: kit.FormID(r.PostFormValue("parent_id")),
		Kind: publish.ColumnKind(r.PostFormValue("kind")), DeptID: kit.FormID(r.PostFormValue("dept_id")), Position: pos}
}

// adminColumnData is the column form; c is nil for a new column.
func (s *Handler) adminColumnData(r *http.Request, c, form *publish.Column) (map[string]any, error) {
	ref, err := s.adminLoadRefs(r)
	if err != nil {
		return nil, err
	}
	data := map[string]any{"Title": "新建栏目", "Column": c, "Form": form, "Refs": ref, "Kinds": publish.ColumnKinds}
	if c != nil {
		data["Title"] = "编辑栏目：" + c.Name
	}
	return data, nil
}

// AdminNewColumnPage serves GET /admin/columns/new.
func (s *Handler) AdminNewColumnPage(w http.ResponseWriter, r *http.Request) error {
	data, err := s.adminColumnData(r, nil, &publish.Column{Kind: publish.KindNews})
	return s.Show(w, r, "admin_column", data, err)
}

// AdminCreateColumn serves POST /admin/columns.
func (s *Handler) AdminCreateColumn(w http.ResponseWriter, r *http.Request) error {
	c := apColumnFromForm(r)
	if err := s.Store.SaveColumn(r.Context(), kit.Actor(r), c); err != nil {
		return s.FormPage(w, r, err, func() (string, map[string]any, error) {
			data, err := s.adminColumnData(r, nil, c)
			return "admin_column", data, err
		})
	}
	return kit.Redirect(w, r, "/admin/columns", "created")
}

// adminColumnByID finds the column in the URL.
func (s *Handler) adminColumnByID(r *http.Request) (*publish.Column, error) {
	id, err := kit.PathID(r)
	if err != nil {
		return nil, err
	}
	cols, err := s.Store.Columns(r.Context())
	if err != nil {
		return nil, err
	}
	for _, c := range cols {
		if c.ID == id {
			return c, nil
		}
	}
	return nil, errs.New(errs.NotFound, "web.adminColumnByID", "column_not_found", "栏目不存在。")
}

// AdminColumnPage serves GET /admin/columns/{id}.
func (s *Handler) AdminColumnPage(w http.ResponseWriter, r *http.Request) error {
	c, err := s.adminColumnByID(r)
	if err != nil {
		return err
	}
	data, err := s.adminColumnData(r, c, c)
	return s.Show(w, r, "admin_column", data, err)
}

// AdminUpdateColumn serves POST /admin/columns/{id}.
func (s *Handler) AdminUpdateColumn(w http.ResponseWriter, r *http.Request) error {
	cur, err := s.adminColumnByID(r)
	if err != nil {
		return err
	}
	c := apColumnFromForm(r)
	c.ID, c.Code = cur.ID, cur.Code
	if err := s.Store.SaveColumn(r.Context(), kit.Actor(r), c); err != nil {
		return s.FormPage(w, r, err, func() (string, map[string]any, error) {
			data, err := s.adminColumnData(r, cur, c)
			return "admin_column", data, err
		})
	}
	return kit.Redirect(w, r, "/admin/columns", "saved")
}

// AdminCatalogData gathers the data of the page GET /admin/catalog shows.
func (s *Handler) AdminCatalogData(r *http.Request) (map[string]any, error) {
	ref, err := s.adminLoadRefs(r)
	if err != nil {
		return nil, err
	}
	return map[string]any{"Title": "标准目录管理", "Items": ref.Catalog, "Refs": ref, "Modes": publish.ModeLabel, "Levels": publish.LevelLabel}, nil
}

// adminCatalogItemData is the item form; item is nil for a new one.
func (s *Handler) adminCatalogItemData(r *http.Request, item, form *publish.CatalogItem) (map[string]any, error) {
	ref, err := s.adminLoadRefs(r)
	if err != nil {
		return nil, err
	}
	data := map[string]any{"Title": "新增目录事项", "Item": item, "Form": form, "Refs": ref, "Channels": publish.Channels,
		"Audiences": publish.AudienceLabel, "Modes": publish.ModeLabel, "Levels": publish.LevelLabel}
	if item != nil {
		data["Title"] = "编辑目录事项：" + item.Level1
	}
	return data, nil
}

// AdminNewCatalogItemPage serves GET /admin/catalog/new.
func (s *Handler) AdminNewCatalogItemPage(w http.ResponseWriter, r *http.Request) error {
	data, err := s.adminCatalogItemData(r, nil, &publish.CatalogItem{Audience: "all", Mode: "active", Level: "township"})
	return s.Show(w, r, "admin_catalog_item", data, err)
}

func apCatalogFromForm(r *http.Request) *publish.CatalogItem {
	_ = r.ParseForm()
	p := r.PostForm
	pos, _ := strconv.Atoi(strings.TrimSpace(p.Get("position")))
	return &publish.CatalogItem{Code: p.Get("code"), Area: p.Get("area"), Level1: p.Get("level1"), Level2: p.Get("level2"),
		Content: p.Get("content"), Basis: p.Get("basis"), TimeLimit: p.Get("time_limit"), Subject: p.Get("subject"),
		Channels: p["channel"], Audience: p.Get("audience"), Mode: p.Get("mode"), Level: p.Get("level"),
		DeptID: kit.FormID(p.Get("dept_id")), Position: pos}
}

// AdminCreateCatalogItem adds an item. The store saves by code, so an
// existing code is refused here rather than silently overwritten.
func (s *Handler) AdminCreateCatalogItem(w http.ResponseWriter, r *http.Request) error {
	c := apCatalogFromForm(r)
	code := strings.ToLower(strings.TrimSpace(c.Code))
	var err error = errs.New(errs.Conflict, "web.adminCreateCatalogItem", "catalog_code_taken", "目录编码“"+code+"”已被使用；修改现有事项请在列表中点击该事项。")
	if _, lerr := s.Store.CatalogItem(r.Context(), code); errs.Is(lerr, errs.NotFound) || code == "" {
		err = s.Store.SaveCatalogItems(r.Context(), kit.Actor(r), []*publish.CatalogItem{c})
	} else if lerr != nil {
		return lerr
	}
	if err != nil {
		return s.FormPage(w, r, err, func() (string, map[string]any, error) {
			data, err := s.adminCatalogItemData(r, nil, c)
			return "admin_catalog_item", data, err
		})
	}
	return kit.Redirect(w, r, "/admin/catalog", "catalog_saved")
}

// AdminCatalogItemPage serves GET /admin/catalog/items/{code}.
func (s *Handler) AdminCatalogItemPage(w http.ResponseWriter, r *http.Request) error {
	item, err := s.Store.CatalogItem(r.Context(), r.PathValue("code"))
	if err != nil {
		return err
	}
	data, err := s.adminCatalogItemData(r, item, item)
	return s.Show(w, r, "admin_catalog_item", data, err)
}

// AdminUpdateCatalogItem serves POST /admin/catalog/items/{code}.
func (s *Handler) AdminUpdateCatalogItem(w http.ResponseWriter, r *http.Request) error {
	item, err := s.Store.CatalogItem(r.Context(), r.PathValue("code"))
	if err != nil {
		return err
	}
	c := apCatalogFromForm(r)
	c.ID, c.Code = item.ID, item.Code
	if err := s.Store.SaveCatalogItems(r.Context(), kit.Actor(r), []*publish.CatalogItem{c}); err != nil {
		return s.FormPage(w, r, err, func() (string, map[string]any, error) {
			data, err := s.adminCatalogItemData(r, item, c)
			return "admin_catalog_item", data, err
		})
	}
	return kit.Redirect(w, r, "/admin/catalog", "catalog_saved")
}

// adminDeptCodes maps department ids to codes and back, for the catalog files.
func (s *Handler) adminDeptCodes(r *http.Request) (map[int64]string, map[string]int64, error) {
	depts, err := s.Store.Departments(r.Context())
	if err != nil {
		return nil, nil, err
	}
	byID, byCode := map[int64]string{}, map[string]int64{}
	for _, d := range depts {
		byID[d.ID], byCode[d.Code] = d.Code, d.ID
	}
	return byID, byCode, nil
}

// adminCatalogExport answers one of the three export formats.
func (s *Handler) AdminCatalogExport(format string) kit.Handler {
	return func(w http.ResponseWriter, r *http.Request) error {
		items, err := s.Store.CatalogItems(r.Context())
		if err != nil {
			return err
		}
		codes, _, err := s.adminDeptCodes(r)
		if err != nil {
			return err
		}
		var buf bytes.Buffer
		var ctype string
		switch format {
		case "csv":
			ctype, err = "text/csv; charset=utf-8", apWriteCatalogCSV(&buf, items, codes)
		case "xlsx":
			ctype, err = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", apWriteCatalogXLSX(&buf, items, codes)
		default:
			ctype, err = "application/json; charset=utf-8", apWriteCatalogJSON(&buf, items, codes)
		}
		if err != nil {
			return errs.Wrap("web.adminCatalogExport", err)
		}
		name := "政务公开标准目录-" + calendar.Today(s.Now()).String() + "." + format
		h := w.Header()
		h.Set("Content-Type", ctype)
		h.Set("Content-Disposition", "attachment; filename=\"catalog."+format+"\"; filename*=UTF-8''"+url.PathEscape(name))
		h.Set("Cache-Control", "no-store")
		_, err = w.Write(buf.Bytes())
		return err
	}
}

// apCatalogImportLimit bounds an uploaded catalog workbook.
const apCatalogImportLimit = 5 << 20

// AdminImportCatalog serves POST /admin/catalog/import.
func (s *Handler) AdminImportCatalog(w http.ResponseWriter, r *http.Request) error {
	fail := func(err error) error {
		return s.FormPage(w, r, err, func() (string, map[string]any, error) {
			data, err := s.AdminCatalogData(r)
			return "admin_catalog", data, err
		})
	}
	const op = "web.adminImportCatalog"
	r.Body = http.MaxBytesReader(w, r.Body, apCatalogImportLimit+1<<20)
	if err := r.ParseMultipartForm(1 << 20); err != nil {
		return fail(errs.New(errs.Invalid, op, "file_required", "请选择要导入的 Excel 文件（.xlsx）。"))
	}
	file, hdr, err := r.FormFile("file")
	if err != nil {
		return fail(errs.New(errs.Invalid, op, "file_required", "请选择要导入的 Excel 文件（.xlsx）。"))
	}
	defer file.Close()
	if hdr.Size > apCatalogImportLimit {
		return fail(errs.New(errs.Invalid, op, "file_too_large", "导入文件不能超过 5 MB。"))
	}
	data, err := io.ReadAll(file)
	if err != nil || !apIsXLSX(data) {
		return fail(errs.New(errs.Invalid, op, "bad_xlsx", "无法读取该文件：请上传 Excel 工作簿（.xlsx）。"))
	}
	_, codes, err := s.adminDeptCodes(r)
	if err != nil {
		return err
	}
	items, err := apReadCatalogXLSX(bytes.NewReader(data), codes)
	if err == nil {
		err = s.Store.SaveCatalogItems(r.Context(), kit.Actor(r), items)
	}
	if err != nil {
		return fail(err)
	}
	return kit.Redirect(w, r, "/admin/catalog", "imported")
}

// AdminTaxonomyData gathers the data of the page GET /admin/taxonomy shows.
func (s *Handler) AdminTaxonomyData(r *http.Request) (map[string]any, error) {
	themes, err := s.Store.Themes(r.Context())
	if err != nil {
		return nil, err
	}
	genres, err := s.Store.Genres(r.Context())
	if err != nil {
		return nil, err
	}
	return map[string]any{"Title": "主题分类与体裁", "Themes": themeGroups(themes), "Genres": genres}, nil
}

// adminSaveTerm adds, renames, retires or restores a theme or genre.
func (s *Handler) AdminSaveTerm(kind string) kit.Handler {
	return func(w http.ResponseWriter, r *http.Request) error {
		code, name := strings.TrimSpace(r.PostFormValue("code")), strings.TrimSpace(r.PostFormValue("name"))
		active := r.PostFormValue("active") != "0"
		var err error
		if kind == "theme" {
			err = s.Store.SaveTheme(r.Context(), kit.Actor(r), publish.Theme{Code: code, Name: name, Active: active})
		} else {
			// policy=1 lists the genre in the 政策文件库 (the checkbox and
			// each row's forms send it).
			err = s.Store.SaveGenre(r.Context(), kit.Actor(r), publish.Genre{Code: code, Name: name, Active: active, Policy: r.PostFormValue("policy") == "1"})
		}
		if err != nil {
			return s.FormPage(w, r, err, func() (string, map[string]any, error) {
				data, err := s.AdminTaxonomyData(r)
				if data != nil {
					data["Failed"] = kind
					data["FormCode"], data["FormName"] = code, name
				}
				return "admin_taxonomy", data, err
			})
		}
		return kit.Redirect(w, r, "/admin/taxonomy#"+kind+"s", "term_saved")
	}
}

// AdminPointsData gathers the data of the page GET /admin/points shows.
func (s *Handler) AdminPointsData(r *http.Request) (map[string]any, error) {
	ref, err := s.adminLoadRefs(r)
	if err != nil {
		return nil, err
	}
	return map[string]any{"Title": "公共查阅点", "Points": ref.Points, "Refs": ref, "Form": &publish.Point{}}, nil
}

// AdminCreatePoint registers a point and shows its device key on the answer
// itself, once: only its hash is stored, so there is nothing to show later
// and nothing to carry through a redirect.
func (s *Handler) AdminCreatePoint(w http.ResponseWriter, r *http.Request) error {
	p := &publish.Point{Code: r.PostFormValue("code"), Name: r.PostFormValue("name"), Address: strings.TrimSpace(r.PostFormValue("address")),
		Hours: strings.TrimSpace(r.PostFormValue("hours")), DeptID: kit.FormID(r.PostFormValue("dept_id"))}
	key, err := s.Store.CreatePoint(r.Context(), kit.Actor(r), p)
	if err != nil {
		return s.FormPage(w, r, err, func() (string, map[string]any, error) {
			data, err := s.AdminPointsData(r)
			if data != nil {
				data["Form"] = p
			}
			return "admin_points", data, err
		})
	}
	kiosk := "/points/" + url.PathEscape(p.Code) + "?key=" + url.QueryEscape(key)
	s.Render(w, r, http.StatusCreated, "admin_point_key", map[string]any{"Title": "查阅点已登记", "Point": p, "Key": key, "Kiosk": kiosk})
	return nil
}

// apGuidePages are the editable pages and their default titles.
var apGuidePages = map[string]string{"guide": "政府信息公开指南", "system": "政府信息公开制度"}

func (s *Handler) adminPageData(r *http.Request) (map[string]any, error) {
	slug := r.PathValue("slug")
	title, ok := apGuidePages[slug]
	if !ok {
		return nil, errs.New(errs.NotFound, "web.adminPageData", "page_not_found", "页面不存在。")
	}
	p, err := s.Store.PageBySlug(r.Context(), slug)
	if errs.Is(err, errs.NotFound) {
		p, err = &publish.Page{Slug: slug, Title: title}, nil
	}
	if err != nil {
		return nil, err
	}
	stored := p.RevisedOn
	if p.RevisedOn == "" {
		p.RevisedOn = calendar.Today(s.Now()).String()
	}
	return map[string]any{"Title": "编辑：" + title, "Page": p, "Form": p, "StoredRevised": stored}, nil
}

// AdminGuidePage serves GET /admin/pages/{slug}.
func (s *Handler) AdminGuidePage(w http.ResponseWriter, r *http.Request) error {
	data, err := s.adminPageData(r)
	if err != nil {
		return err
	}
	// Each edit is a new revision: the date offered is today's.
	data["Form"].(*publish.Page).RevisedOn = calendar.Today(s.Now()).String()
	s.Render(w, r, http.StatusOK, "admin_page", data)
	return nil
}

// AdminSaveGuidePage serves POST /admin/pages/{slug}.
func (s *Handler) AdminSaveGuidePage(w http.ResponseWriter, r *http.Request) error {
	const op = "web.adminSaveGuidePage"
	data, err := s.adminPageData(r)
	if err != nil {
		return err
	}
	p := &publish.Page{Slug: r.PathValue("slug"), Title: strings.TrimSpace(r.PostFormValue("title")), Body: r.PostFormValue("body"),
		RevisedOn: strings.TrimSpace(r.PostFormValue("revised_on"))}
	switch {
	case p.Title == "" || len([]rune(p.Title)) > 100:
		err = errs.New(errs.Invalid, op, "invalid_title", "标题不能为空，且不超过 100 个字。")
	case strings.TrimSpace(p.Body) == "":
		err = errs.New(errs.Invalid, op, "body_required", "正文不能为空。")
	case len(p.Body) > 2<<20:
		err = errs.New(errs.Invalid, op, "body_too_long", "正文过长（上限 2 MB）。")
	}
	if err == nil {
		if p.RevisedOn == "" {
			p.RevisedOn = calendar.Today(s.Now()).String()
		}
		var d calendar.Date
		if d, err = kit.DateParam("修订日期", p.RevisedOn); err == nil {
			p.RevisedOn = d.String()
			p.Body = richtext.Sanitize(p.Body)
			err = s.Store.SavePage(r.Context(), kit.Actor(r), p)
		}
	}
	if err != nil {
		if !errs.Is(err, errs.Invalid) {
			return err
		}
		data["Form"] = p
		_, data["Error"] = errs.Public(err)
		s.Render(w, r, kit.StatusOf(err), "admin_page", data)
		return nil
	}
	return kit.Redirect(w, r, "/admin/pages/"+p.Slug, "page_saved")
}

// adminPublishingData is the publishing overview: the user's tasks, the
// columns overdue for an update and the catalog items with no public
// document. Editors see their department's; reviewers and the 政务公开办
// see all. The dashboard may show it too (see adminPublishingPage).
// PublishingWidget is the dashboard's publishing summary (as "Publishing").
func (s *Handler) PublishingWidget(r *http.Request, u *auth.User) (string, any, error) {
	if !u.Can(auth.DraftDocuments) && !u.Can(auth.ReviewDocuments) && !u.Can(auth.Supervise) {
		return "", nil, nil
	}
	data, err := s.AdminPublishingData(r)
	return "Publishing", data, err
}

// AdminPublishingData gathers the data of the page GET /admin/publishing shows.
func (s *Handler) AdminPublishingData(r *http.Request) (map[string]any, error) {
	ctx := r.Context()
	u := kit.User(r)
	ref, err := s.adminLoadRefs(r)
	if err != nil {
		return nil, err
	}
	scope := u.DeptID
	if apSeesAllDepartments(u) {
		scope = 0
	}
	data := map[string]any{"Title": "公开工作台", "Refs": ref, "AllDepts": scope == 0}
	if u.Can(auth.DraftDocuments) && u.DeptID != 0 {
		counts := map[string]int{}
		for _, st := range []publish.State{publish.Draft, publish.Returned, publish.Submitted} {
			list, err := s.Store.StaffDocuments(ctx, store.StaffFilter{DeptID: u.DeptID, State: st})
			if err != nil {
				return nil, err
			}
			counts[string(st)] = len(list)
		}
		data["Mine"] = counts
	}
	if u.Can(auth.ReviewDocuments) {
		list, err := s.Store.StaffDocuments(ctx, store.StaffFilter{State: publish.Submitted})
		if err != nil {
			return nil, err
		}
		n := 0
		for _, d := range list {
			if d.Rev.AuthorID != u.ID {
				n++
			}
		}
		data["Inbox"] = n
	}
	cols, err := s.adminColumnRows(r, ref, scope)
	if err != nil {
		return nil, err
	}
	var stale []apColumnRow
	for _, c := range cols {
		if c.Stale {
			stale = append(stale, c)
		}
	}
	data["Stale"] = stale
	var empty []*publish.CatalogItem
	for _, c := range ref.Catalog {
		if scope != 0 && c.DeptID != scope {
			continue
		}
		_, total, err := s.Store.PublicDocuments(ctx, store.PublicFilter{CatalogID: c.ID, Size: 1})
		if err != nil {
			return nil, err
		}
		if total == 0 {
			empty = append(empty, c)
		}
	}
	data["EmptyCatalog"] = empty
	return data, nil
}
