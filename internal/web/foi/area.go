// Package foi is the web area of information requests (依申请公开): the
// public 须知, application form, receipt and tracking; the staff inbox,
// registration, case page with every event form, assignment, reviews and
// audited views of personal data; the notices as pages, PDF and e-mail; and
// the FOI API. Handlers parse, call foi and the store, and render; the
// clock and every rule live in the foi domain package.
package foi

import (
	"cmp"
	"embed"
	"fmt"
	"html/template"
	"io/fs"
	"time"

	"gongkai/internal/foi"
	"gongkai/internal/notice"
	"gongkai/internal/web/kit"
)

//go:embed templates
var templates embed.FS

// Handler serves the area's routes.
type Handler struct {
	*kit.Site
	// limit bounds submissions and query-code guesses per client.
	limit *kit.Limiter
}

// New returns the area's handlers on site.
func New(site *kit.Site) *Handler {
	return &Handler{Site: site, limit: kit.NewLimiter(30, time.Minute)}
}

// Area describes the area's pages, template functions and flash messages.
func Area() kit.Area {
	sub, _ := fs.Sub(templates, "templates")
	return kit.Area{
		Name:      "foi",
		Templates: sub,
		Funcs: template.FuncMap{
			"foiActionLabel": func(a string) string {
				if l := foiActionLabels[a]; l != "" {
					return l
				}
				return a
			},
			"foiReviewKind":   func(s string) string { return cmp.Or(foi.ReviewKindLabel(s), s) },
			"foiReviewResult": func(s string) string { return cmp.Or(foi.ReviewResultLabel(s), s) },
			"foiConsultKind":  func(s string) string { return foiConsultKinds[s] },
			"foiContactKind":  func(s string) string { return foi.ContactKinds[s] },
			"foiTrailText":    foiTrailText,
			"foiActor": func(a string) string {
				if a == "anonymous" {
					return "申请人（网上提交）"
				}
				return a
			},
			// noticeRefs lists the notices a case has (for the foi-notices partial).
			"noticeRefs": func(app *foi.Application) []notice.Ref { return notice.Available(app) },
			// noticePath is the address of a notice's page; with "pdf" or
			// "send", of its PDF or its e-mail form.
			"noticePath": func(number string, ref notice.Ref, what ...string) string {
				return noticePath(number, ref.Kind, ref.Seq, what...)
			},
			// These take any: templates pass both typed values and strings
			// from the audit trail's details.
			"foiEventLabel":    func(t any) string { return foi.EventType(fmt.Sprint(t)).Label() },
			"foiChannelLabel":  func(c any) string { return foiChannelLabels[foi.Channel(fmt.Sprint(c))] },
			"foiFormatLabel":   func(s string) string { return foiFormatLabels[s] },
			"foiDeliveryLabel": func(s string) string { return foiDeliveryLabels[s] },
			"foiOrgLabel":      func(s string) string { return foi.OrgCategories[s] },
			"foiKindLabel":     func(s string) string { return foiKindLabels[s] },
			// foiMax is a field's length limit for its maxlength attribute.
			"foiMax": func(field string) (int, error) {
				if n := foiMaxLen[field]; n > 0 {
					return n, nil
				}
				return 0, fmt.Errorf("foiMax: no limit for %q", field)
			},
			// foiInvalid marks the field a failed submission names.
			"foiInvalid": func(errField any, field string) bool { s, _ := errField.(string); return s != "" && s == field },
		},
		Flash: map[string]string{
			"foi_event":            "已登记。答复期限已按新的办理环节重新计算。",
			"foi_assigned":         "承办部门已更新。",
			"foi_review":           "行政复议或行政诉讼情况已登记。",
			"notice_sent":          "告知书已通过电子邮件发送给申请人，发送已记入办理留痕。",
			"foi_released":         "答复附件已保存。签发答复（予以公开或部分公开）后申请人可在进度查询中下载。",
			"foi_released_removed": "答复附件已删除。",
			"foi_settings":         "依申请公开设置已保存。",
		},
	}
}
