// Package enforcement is the web area of enforcement disclosure: the
// portal's 双公示 list and decision pages, the 双随机 draws with their
// explanation, the staff's forms, and the decisions API. Handlers parse,
// call the enforcement domain package and the store, and render; every
// rule lives in the domain package.
package enforcement

import (
	"embed"
	"html/template"
	"io/fs"
	"maps"

	"gongkai/internal/web/kit"
)

//go:embed templates
var templates embed.FS

// Handler serves the area's routes.
type Handler struct {
	*kit.Site
}

// New returns the area's handlers on site.
func New(site *kit.Site) *Handler { return &Handler{Site: site} }

// Area describes the area's pages, template functions and flash messages.
func Area() kit.Area {
	sub, _ := fs.Sub(templates, "templates")
	funcs := template.FuncMap{}
	flash := map[string]string{}
	for _, f := range []template.FuncMap{decisionFuncs(), drawFuncs()} {
		maps.Copy(funcs, f)
	}
	for _, f := range []map[string]string{decisionFlash(), drawFlash()} {
		maps.Copy(flash, f)
	}
	return kit.Area{Name: "enforcement", Templates: sub, Funcs: funcs, Flash: flash}
}
