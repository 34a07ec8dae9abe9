// Package report is the web area of supervision: the annual report's
// pages and API, the self-inspection results, the quarterly bulletin, the
// officer and new-media registries, and the supervisor's dashboard.
// Handlers parse, call the report domain package and the store, and
// render; every count and rule lives in the domain package.
package report

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
// Each resource file keeps its own functions and messages; they are
// joined here.
func Area() kit.Area {
	sub, _ := fs.Sub(templates, "templates")
	funcs := template.FuncMap{}
	flash := map[string]string{}
	for _, f := range []template.FuncMap{registryFuncs(), inspectFuncs()} {
		maps.Copy(funcs, f)
	}
	for _, f := range []map[string]string{registryFlash(), annualFlash, bulletinFlash, inspectFlash()} {
		maps.Copy(flash, f)
	}
	return kit.Area{Name: "report", Templates: sub, Funcs: funcs, Flash: flash}
}
