// Package publish is the web area of active disclosure (主动公开): the
// portal's 政府信息公开 pages, the policy library, document and attachment
// pages, 定点公开 kiosks, feeds and the sitemap, the public documents API,
// and the back office's editor, review inbox, columns, catalog, taxonomies,
// points and guide pages. Handlers parse, ask the domain (publish.Can) and
// the store, and render; they hold no SQL and no rule.
package publish

import (
	"embed"
	"html/template"
	"io/fs"
	"slices"
	"sync"
	"time"

	"gongkai/internal/calendar"
	"gongkai/internal/publish"
	"gongkai/internal/richtext"
	"gongkai/internal/web/kit"
)

//go:embed templates
var templates embed.FS

// Handler serves the area's routes.
type Handler struct {
	*kit.Site
	facetMu sync.Mutex
	facets  facets // the policy library's filter options, until the next change
}

// New returns the area's handlers on site.
func New(site *kit.Site) *Handler { return &Handler{Site: site} }

// Area describes the area's pages, template functions and flash messages.
func Area() kit.Area {
	sub, _ := fs.Sub(templates, "templates")
	return kit.Area{
		Name:      "publish",
		Templates: sub,
		Funcs: template.FuncMap{
			"apHasID":  func(ids []int64, id int64) bool { return slices.Contains(ids, id) },
			"apHasStr": func(list []string, s string) bool { return slices.Contains(list, s) },
			// apRichBody shows a stored body to staff. Bodies are sanitised
			// when they are saved; sanitising again on the way out costs
			// little and keeps a row changed behind the store's back from
			// reaching a page as markup.
			"apRichBody": func(s string) template.HTML { return template.HTML(richtext.Sanitize(s)) },
			"apReason":   publish.ReasonLabel,
			"apDate": func(t time.Time) string {
				if t.IsZero() {
					return ""
				}
				return t.In(calendar.Zone).Format("2006-01-02")
			},
			"pubDate":   pubDate,
			"pubDocURL": docPath,
			"pubSize":   humanSize,
		},
		Flash: map[string]string{
			"doc_created":   "文件草稿已创建，可以继续编辑或上传附件。",
			"doc_saved":     "草稿已保存。",
			"doc_attached":  "附件已上传。",
			"doc_submitted": "已提交审核。",
			"doc_published": "审核通过，已发布。",
			"doc_scheduled": "审核通过，将按设定时间定时发布。",
			"doc_approved":  "审核通过。该文件暂不发布：政策与解读须同步发布（三同步），或其公开属性不是主动公开。",
			"doc_returned":  "已退回起草人。",
			"doc_revised":   "已创建修订版本，公众在新版本审核通过前仍看到原版本。",
			"doc_reopened":  "已退回草稿，修改后请重新提交审核。",
			"doc_withdrawn": "文件已撤回。",
			"doc_validity":  "有效性已更新。",
			"catalog_saved": "目录事项已保存。",
			"imported":      "导入完成。",
			"term_saved":    "分类已保存。",
			"page_saved":    "页面已保存，修订日期已更新。",
			"site_saved":    "网站信息已保存，门户页面已更新。",
		},
	}
}
