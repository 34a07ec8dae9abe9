// Package archtest holds the test that keeps the layout's import rules
// (docs/architecture.md) true as the code grows.
package archtest

import (
	"encoding/json"
	"os/exec"
	"slices"
	"strings"
	"testing"
)

type pkg struct {
	ImportPath string
	Imports    []string
	Deps       []string
}

func listPackages(t *testing.T) map[string]pkg {
	out, err := exec.Command("go", "list", "-json=ImportPath,Imports,Deps", "gongkai/...").Output()
	if err != nil {
		t.Fatalf("go list: %v", err)
	}
	pkgs := map[string]pkg{}
	dec := json.NewDecoder(strings.NewReader(string(out)))
	for dec.More() {
		var p pkg
		if err := dec.Decode(&p); err != nil {
			t.Fatal(err)
		}
		pkgs[p.ImportPath] = p
	}
	return pkgs
}

// TestDomainPackagesStayPure: the domain packages reach neither HTTP nor SQL,
// not even through a dependency.
func TestDomainPackagesStayPure(t *testing.T) {
	pkgs := listPackages(t)
	domain := []string{"gongkai/internal/calendar", "gongkai/internal/auth", "gongkai/internal/audit", "gongkai/internal/errs", "gongkai/internal/publish", "gongkai/internal/foi"}
	forbidden := []string{"net/http", "database/sql", "html/template", "modernc.org/sqlite", "github.com/jackc/pgx/v5"}
	for _, d := range domain {
		p, ok := pkgs[d]
		if !ok {
			t.Fatalf("package %s not found", d)
		}
		for _, dep := range p.Deps {
			for _, f := range forbidden {
				if dep == f || strings.HasPrefix(dep, f+"/") {
					t.Errorf("%s depends on %s", d, dep)
				}
			}
		}
	}
}

// TestOnlyWebSpeaksHTTPAndOnlyStoreSpeaksSQL: net/http and html/template are
// imported only by web (and the program and test helpers around it);
// database/sql only by store.
func TestOnlyWebSpeaksHTTPAndOnlyStoreSpeaksSQL(t *testing.T) {
	rules := map[string][]string{
		"net/http":      {"gongkai/internal/web", "gongkai/cmd/gongkai"},
		"html/template": {"gongkai/internal/web"},
		"database/sql":  {"gongkai/internal/store", "gongkai/internal/store/storetest"},
	}
	for path, p := range listPackages(t) {
		for imp, allowed := range rules {
			if slices.Contains(p.Imports, imp) && !slices.Contains(allowed, path) {
				t.Errorf("%s imports %s; only %v may", path, imp, allowed)
			}
		}
	}
}
