package report

import (
	"bytes"
	"context"
	"html/template"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"gongkai/internal/auth"
	"gongkai/internal/calendar"
	"gongkai/internal/errs"
	"gongkai/internal/publish"
	"gongkai/internal/report"
	"gongkai/internal/reportfile"
	"gongkai/internal/web/kit"
)

// The annual report's text sections (一, 五, 六) with their placeholders,
// the preview of the whole report, and the report's document in the 年报
// column (生成年报稿件), which then goes through the documents' review.

// siteOrgan is the organ the site belongs to (report.SiteOrgan).
func (h *Handler) siteOrgan() string { return report.SiteOrgan(h.Cfg.Organ, h.Cfg.SiteName) }

// reportOrganName is the name a report of organ carries and the
// department it is published under (report.OrganName).
func (h *Handler) reportOrganName(ctx context.Context, organ string) (string, int64, error) {
	depts, err := h.Store.Departments(ctx)
	if err != nil {
		return "", 0, err
	}
	name, id, found := report.OrganName(h.siteOrgan(), organ, depts)
	if !found {
		return "", 0, errs.InField("organ", errs.New(errs.NotFound, "web.reportOrganName", "organ_not_found", "没有该部门（organ 应为部门代码）。"))
	}
	return name, id, nil
}

// filledTexts are organ's texts of a's year with the figures in place.
func (h *Handler) filledTexts(ctx context.Context, a *report.Annual, name string, t report.Texts) (report.Texts, error) {
	public, err := h.Store.AnnualPublicCount(ctx, a.Year, a.Organ)
	if err != nil {
		return t, err
	}
	return t.Filled(report.Values(a, name, public)), nil
}

// annualHTML is the body of the report of a with organ's saved texts.
func (h *Handler) annualHTML(ctx context.Context, a *report.Annual, name string, t report.Texts) (string, error) {
	filled, err := h.filledTexts(ctx, a, name, t)
	if err != nil {
		return "", err
	}
	var buf bytes.Buffer
	if err := reportfile.HTML(&buf, a, filled); err != nil {
		return "", err
	}
	return buf.String(), nil
}

// annualTextData is the page's part for the texts: the form's values
// (texts, else the saved ones), the placeholders, the preview of the
// whole report and the report's document.
func (h *Handler) annualTextData(r *http.Request, a *report.Annual, year int, organ, organLabel string, texts *report.Texts) (map[string]any, error) {
	ctx := r.Context()
	if texts == nil {
		saved, err := h.Store.AnnualTexts(ctx, year, organ)
		if err != nil {
			return nil, err
		}
		texts = saved
	}
	name, _, err := h.reportOrganName(ctx, organ)
	if err != nil {
		return nil, err
	}
	body, err := h.annualHTML(ctx, a, name, *texts)
	if err != nil {
		return nil, err
	}
	doc, err := h.Store.AnnualDocument(ctx, year, organ)
	if err != nil {
		return nil, err
	}
	u := kit.User(r)
	return map[string]any{"Texts": texts, "Placeholders": report.Placeholders, "ReportTitle": reportfile.Title(year, name),
		// The body is built with every text escaped (reportfile.HTML).
		"Preview": template.HTML(body), "Doc": doc, "CanDraft": u != nil && u.Can(auth.DraftDocuments)}, nil
}

// annualQuery is the page's address for year and organ.
func annualQuery(year int, organ string) string {
	q := url.Values{"year": {strconv.Itoa(year)}}
	if organ != "" {
		q.Set("organ", organ)
	}
	return "/admin/reports/annual?" + q.Encode()
}

// SaveAnnualTexts serves POST /admin/reports/annual/texts: the
// supervisor's text sections of a year and organ; with action=preview the
// page shows the filled-in report of the form's text without saving it.
func (h *Handler) SaveAnnualTexts(w http.ResponseWriter, r *http.Request) error {
	year, err := h.pageYear(r)
	if err != nil {
		return err
	}
	organ := strings.TrimSpace(r.PostFormValue("organ"))
	t := report.Texts{Overview: r.PostFormValue("overview"), Problems: r.PostFormValue("problems"), Other: r.PostFormValue("other")}
	t.Normalize()
	err = t.Validate()
	preview := r.PostFormValue("action") == "preview"
	if err == nil && !preview {
		err = h.Store.SetAnnualTexts(r.Context(), kit.Actor(r), year, organ, t)
	}
	if err != nil || preview {
		load := func() (string, map[string]any, error) {
			data, lerr := h.annualData(r, year, organ, nil, &t)
			if lerr == nil {
				data["Previewing"], data["ErrorFor"] = preview, "texts"
			}
			return "admin_report_annual", data, lerr
		}
		if err == nil {
			_, data, lerr := load()
			if lerr != nil {
				return lerr
			}
			h.Render(w, r, http.StatusOK, "admin_report_annual", data)
			return nil
		}
		return h.FormPage(w, r, err, load)
	}
	return kit.Redirect(w, r, annualQuery(year, organ), "annual_texts")
}

// GenerateAnnualDocument serves POST /admin/reports/annual/document
// (生成年报稿件): the whole report as the body of a draft in the 年报
// column, the organ as its 发布机构, drafted by the supervisor as an
// editor of their department; when the year's report already has a
// document, its draft is saved over (or its published version revised).
// The draft then goes through submission and review like any document.
func (h *Handler) GenerateAnnualDocument(w http.ResponseWriter, r *http.Request) error {
	const op = "web.GenerateAnnualDocument"
	year, err := h.pageYear(r)
	if err != nil {
		return err
	}
	organ := strings.TrimSpace(r.PostFormValue("organ"))
	u := kit.User(r)
	c, err := h.annualContent(r, year, organ)
	if err == nil && !u.Can(auth.DraftDocuments) {
		err = errs.New(errs.Forbidden, op, "draft_role_required", "生成年报稿件需要同时具有信息员角色（稿件由您所在部门起草，再经审核员审核发布）。")
	}
	var doc *publish.Document
	if err == nil {
		doc, _, err = h.Store.SaveAnnualDraft(r.Context(), u, year, organ, c)
	}
	if err != nil {
		return h.FormPage(w, r, err, func() (string, map[string]any, error) {
			data, lerr := h.annualData(r, year, organ, nil, nil)
			if lerr == nil {
				data["ErrorFor"] = "document"
			}
			return "admin_report_annual", data, lerr
		})
	}
	return kit.Redirect(w, r, "/admin/documents/"+strconv.FormatInt(doc.ID, 10), "annual_document")
}

// annualContent is the document of year's report of organ: its title,
// body, organ, the 年报 column, 综合政务/政务公开 and 报告, written today.
func (h *Handler) annualContent(r *http.Request, year int, organ string) (publish.Content, error) {
	ctx := r.Context()
	a, err := h.Store.AnnualReport(ctx, year, organ)
	if err != nil {
		return publish.Content{}, err
	}
	name, organID, err := h.reportOrganName(ctx, organ)
	if err != nil {
		return publish.Content{}, err
	}
	texts, err := h.Store.AnnualTexts(ctx, year, organ)
	if err != nil {
		return publish.Content{}, err
	}
	body, err := h.annualHTML(ctx, a, name, *texts)
	if err != nil {
		return publish.Content{}, err
	}
	col, err := h.Store.ColumnByCode(ctx, publish.ColumnAnnualReports)
	if err != nil {
		return publish.Content{}, err
	}
	if organID == 0 {
		organID = kit.User(r).DeptID
	}
	return publish.Content{Title: reportfile.Title(year, name), OrganIDs: []int64{organID}, WrittenOn: calendar.Today(h.Now()),
		Theme: annualTheme, Genre: annualGenre, Keywords: "政府信息公开;年度报告", Body: body, Attribute: publish.Active,
		ColumnIDs: []int64{col.ID}}, nil
}

// The classification of the report's document: 综合政务 / 政务公开, 报告.
const (
	annualTheme = "02.01"
	annualGenre = "baogao"
)
