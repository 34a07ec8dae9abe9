// Package archtest holds the test that keeps the layout's import rules
// (docs/architecture.md) true as the code grows.
package archtest

import (
	"encoding/json"
	"go/ast"
	"go/parser"
	"go/token"
	"os/exec"
	"path/filepath"
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
	domain := []string{"gongkai/internal/calendar", "gongkai/internal/auth", "gongkai/internal/audit", "gongkai/internal/errs", "gongkai/internal/publish", "gongkai/internal/foi",
		"gongkai/internal/notice", "gongkai/internal/remind", "gongkai/internal/secret"}
	forbidden := []string{"net/http", "database/sql", "html/template", "modernc.org/sqlite", "github.com/jackc/pgx/v5", "gongkai/internal/store"}
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

// storeTypes are the exported types store may define: the store itself,
// its transaction and dialect, and the filters and results of its
// queries. Aggregates and read models belong to their domain package.
var storeTypes = []string{"Store", "Tx", "Dialect", "AuditFilter", "VerifyResult", "FOIFilter", "PublicFilter", "StaffFilter"}

// TestStoreReturnsDomainTypes: store declares no exported type outside
// storeTypes, so every aggregate it returns is defined in its domain.
func TestStoreReturnsDomainTypes(t *testing.T) {
	files, err := filepath.Glob("../store/*.go")
	if err != nil || len(files) == 0 {
		t.Fatalf("store sources: %v %v", files, err)
	}
	fset := token.NewFileSet()
	for _, name := range files {
		if strings.HasSuffix(name, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, name, nil, parser.SkipObjectResolution)
		if err != nil {
			t.Fatal(err)
		}
		for _, d := range f.Decls {
			g, ok := d.(*ast.GenDecl)
			if !ok || g.Tok != token.TYPE {
				continue
			}
			for _, sp := range g.Specs {
				ts := sp.(*ast.TypeSpec)
				if ts.Name.IsExported() && !slices.Contains(storeTypes, ts.Name.Name) {
					t.Errorf("%s: store exports type %s; define aggregates in their domain package (store keeps only %v)",
						fset.Position(ts.Pos()), ts.Name.Name, storeTypes)
				}
			}
		}
	}
}
