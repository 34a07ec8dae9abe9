package web_test

import (
	"flag"
	"fmt"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"gongkai/internal/demo"
	"gongkai/internal/store"
	"gongkai/internal/web/webtest"
)

var update = flag.Bool("update", false, "rewrite testdata/routes.golden from what the server answers")

// routeFill puts values that name nothing into a route's path parameters,
// so that a request the route lets through reaches its handler and ends
// there (404, 400…) without changing anything, and a refused one is
// refused by the route's permission alone.
var routeFill = strings.NewReplacer(
	"{id}", "999999", "{aid}", "999999", "{no}", "1", "{number}", "YSQ2099-99999",
	"{kind}", "answer", "{code}", "no-such-code", "{index...}", "no/such-index", "{name}", "x.pdf",
	"{slug}", "guide", "{date}", "2099-01-05", "{username}", "no-such-user", "{$}", "")

// TestRouteRoleMatrix asks the server, for every route of the table and
// every demo role (and an anonymous visitor), whether it lets the request
// through, and compares the answers with testdata/routes.golden. A route
// whose permissions change, or a new route without a row there, fails until
// the file says so: run `go test ./internal/web -run TestRouteRoleMatrix
// -update` and review the diff like any other change.
//
// A cell is "ok" (let through: the handler answered), "403" (refused) or
// "login" (the back office's redirect to the login form, or the API's 401).
func TestRouteRoleMatrix(t *testing.T) {
	e := webtest.New(t, store.SQLite)
	roles := []string{"anonymous"}
	tokens := map[string]string{}
	clients := map[string]*webtest.Client{"anonymous": e.Client()}
	for _, a := range demo.Accounts {
		roles = append(roles, a.Username)
		tokens[a.Username] = e.Token(a.Username)
		clients[a.Username] = e.Login(a.Username)
	}
	clients["anonymous"].Get("/") // a CSRF cookie and token, as a visitor has

	// Fixed columns, so a new route changes one line of the file only.
	var b strings.Builder
	line := func(cells []string) {
		l := fmt.Sprintf("%-52s", cells[0])
		for _, c := range cells[1:] {
			l += fmt.Sprintf(" %-10s", c)
		}
		b.WriteString(strings.TrimRight(l, " ") + "\n")
	}
	line(append([]string{"route"}, roles...))
	for _, rt := range e.Srv.Routes() {
		method, path, ok := strings.Cut(rt.Pattern, " ")
		if !ok {
			method, path = "GET", rt.Pattern+"no-such-page"
		}
		path = routeFill.Replace(path)
		if path == "/static/" {
			path = "/static/site.css"
		}
		row := []string{rt.Pattern}
		for _, role := range roles {
			c := clients[role]
			if rt.Pattern == "POST /admin/logout" && role != "anonymous" {
				c = e.Login(role) // logging out ends the session the other rows use
			}
			var status int
			var location string
			switch {
			case rt.API:
				body := ""
				if method != "GET" && method != "DELETE" {
					body = "{}"
				}
				status, _ = e.API(method, path, tokens[role], body)
			case method == "GET":
				r := c.Get(path)
				status, location = r.Status, r.Header.Get("Location")
			default:
				// An empty but CSRF-valid form: the permission check comes first.
				r := c.Post(path, url.Values{})
				status, location = r.Status, r.Header.Get("Location")
			}
			switch {
			case status == http.StatusForbidden:
				row = append(row, "403")
			case rt.Public:
				row = append(row, "ok") // a 401 here is a failed login, not a refusal
			case status == http.StatusUnauthorized, status == http.StatusSeeOther && strings.HasPrefix(location, "/admin/login?"):
				row = append(row, "login")
			default:
				row = append(row, "ok")
			}
		}
		line(row)
	}
	got := b.String()
	golden := filepath.Join("testdata", "routes.golden")
	if *update {
		if err := os.WriteFile(golden, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatalf("%v (create it with -update)", err)
	}
	if got != string(want) {
		gotLines, wantLines := strings.Split(got, "\n"), strings.Split(string(want), "\n")
		wantSet := map[string]bool{}
		for _, l := range wantLines {
			wantSet[l] = true
		}
		gotSet := map[string]bool{}
		for _, l := range gotLines {
			gotSet[l] = true
			if !wantSet[l] {
				t.Errorf("the server answers, but %s does not say:\n  %s", golden, l)
			}
		}
		for _, l := range wantLines {
			if !gotSet[l] {
				t.Errorf("%s says, but the server does not answer:\n  %s", golden, l)
			}
		}
		t.Log("if the change is meant, rerun with -update and review the diff of testdata/routes.golden")
	}
}
