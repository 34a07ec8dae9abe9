// Package interact is the web area of 政民互动: the portal's letter forms
// (网上咨询, 领导信箱, comments on a 意见征集), tracking and the published
// letters; the FAQ library; solicitations with their feedback; the open
// month's polls and events; and the staff's letter inbox, handling,
// statistics and hotline import, with the API. Handlers parse, call the
// interact domain package and the store, and render; the deadlines and
// every rule live in the domain package.
package interact

import (
	"embed"
	"html/template"
	"io/fs"
	"maps"
	"time"

	"gongkai/internal/web/kit"
)

//go:embed templates
var templates embed.FS

// Handler serves the area's routes.
type Handler struct {
	*kit.Site
	// limit bounds submissions (letters, votes, registrations) and
	// query-code guesses per client.
	limit *kit.Limiter
}

// New returns the area's handlers on site.
func New(site *kit.Site) *Handler {
	return &Handler{Site: site, limit: kit.NewLimiter(20, time.Minute)}
}

// Area describes the area's pages, template functions and flash messages.
// Each resource file keeps its own functions and messages (letterFuncs,
// letterFlash …); they are joined here.
func Area() kit.Area {
	sub, _ := fs.Sub(templates, "templates")
	funcs := template.FuncMap{}
	flash := map[string]string{}
	for _, f := range []template.FuncMap{letterFuncs, openMonthFuncs, faqFuncs(), hotlineFuncs(), solicitFuncs()} {
		maps.Copy(funcs, f)
	}
	for _, f := range []map[string]string{letterFlash, openMonthFlash, faqFlash(), solicitFlash} {
		maps.Copy(flash, f)
	}
	return kit.Area{Name: "interact", Templates: sub, Funcs: funcs, Flash: flash}
}
