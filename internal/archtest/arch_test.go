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
		"gongkai/internal/notice", "gongkai/internal/remind", "gongkai/internal/secret", "gongkai/internal/search", "gongkai/internal/extract", "gongkai/internal/interact", "gongkai/internal/report", "gongkai/internal/enforcement"}
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
// imported only by web and its area packages (and the program around
// it); database/sql only by store. A path ending in "/..." allows the
// package and everything below it.
func TestOnlyWebSpeaksHTTPAndOnlyStoreSpeaksSQL(t *testing.T) {
	rules := map[string][]string{
		"net/http":      {"gongkai/internal/web/...", "gongkai/cmd/gongkai", "gongkai/cmd/crashtest", "gongkai/internal/linkcheck"},
		"html/template": {"gongkai/internal/web/..."},
		"database/sql":  {"gongkai/internal/store", "gongkai/internal/store/storetest"},
	}
	allowedBy := func(allowed []string, path string) bool {
		for _, a := range allowed {
			if a == path || strings.HasSuffix(a, "/...") && (path == strings.TrimSuffix(a, "/...") || strings.HasPrefix(path, strings.TrimSuffix(a, "..."))) {
				return true
			}
		}
		return false
	}
	for path, p := range listPackages(t) {
		for imp, allowed := range rules {
			if slices.Contains(p.Imports, imp) && !allowedBy(allowed, path) {
				t.Errorf("%s imports %s; only %v may", path, imp, allowed)
			}
		}
	}
}

// webPackages are the packages of the web layer that serve requests; the
// test helper webtest is not one of them.
var webPackages = []string{"web", "web/kit", "web/account", "web/publish", "web/foi", "web/search", "web/interact", "web/report", "web/enforcement"}

// TestWebHasNoGlobalState: the web layer's packages have no init function
// and no package-level mutable state — only embedded files, compiled
// regular expressions, errs values and literal lookup tables, none of which
// any code writes to — so every server built in one process (the tests
// build hundreds) is independent, and everything a handler uses is handed
// to it by the server.
func TestWebHasNoGlobalState(t *testing.T) {
	for _, dir := range webPackages {
		files, err := filepath.Glob(filepath.Join("..", filepath.FromSlash(dir), "*.go"))
		if err != nil || len(files) == 0 {
			t.Fatalf("%s: no Go files (%v)", dir, err)
		}
		globals := map[string]string{} // name → file
		topSpecs := map[any]bool{}     // the package-level ValueSpecs
		var parsed []*ast.File
		for _, f := range files {
			if strings.HasSuffix(f, "_test.go") {
				continue
			}
			file, err := parser.ParseFile(token.NewFileSet(), f, nil, parser.ParseComments)
			if err != nil {
				t.Fatal(err)
			}
			parsed = append(parsed, file)
			for _, d := range file.Decls {
				switch d := d.(type) {
				case *ast.FuncDecl:
					if d.Name.Name == "init" && d.Recv == nil {
						t.Errorf("%s: func init; build what it sets up in the server instead", f)
					}
				case *ast.GenDecl:
					if d.Tok != token.VAR {
						continue
					}
					embedded := d.Doc != nil && slices.ContainsFunc(d.Doc.List, func(c *ast.Comment) bool { return strings.HasPrefix(c.Text, "//go:embed") })
					for _, spec := range d.Specs {
						vs := spec.(*ast.ValueSpec)
						topSpecs[vs] = true
						for _, n := range vs.Names {
							globals[n.Name] = f
						}
						if !embedded && !immutableInit(vs) {
							t.Errorf("%s: package-level variable %s; keep state in the server or its areas", f, vs.Names[0].Name)
						}
					}
				}
			}
		}
		// Nothing assigns to a package-level variable.
		for _, file := range parsed {
			ast.Inspect(file, func(n ast.Node) bool {
				var lhs []ast.Expr
				switch n := n.(type) {
				case *ast.AssignStmt:
					if n.Tok == token.DEFINE {
						return true
					}
					lhs = n.Lhs
				case *ast.IncDecStmt:
					lhs = []ast.Expr{n.X}
				}
				for _, e := range lhs {
					// An identifier resolved in its file is global when it names a
					// package-level spec; unresolved, it is declared in another
					// file of the package.
					id := rootIdent(e)
					if id != nil && globals[id.Name] != "" && (id.Obj == nil || topSpecs[id.Obj.Decl]) {
						t.Errorf("%s: writes the package-level variable %s", dir, id.Name)
					}
				}
				return true
			})
		}
	}
}

// rootIdent is the variable an assignment target starts from (m in m[k].f).
func rootIdent(e ast.Expr) *ast.Ident {
	for {
		switch x := e.(type) {
		case *ast.Ident:
			return x
		case *ast.IndexExpr:
			e = x.X
		case *ast.SelectorExpr:
			e = x.X
		case *ast.StarExpr:
			e = x.X
		default:
			return nil
		}
	}
}

// immutableInit accepts the initialisers of values nothing changes: literal
// tables, compiled regular expressions and errs values.
func immutableInit(vs *ast.ValueSpec) bool {
	if len(vs.Values) == 0 {
		return false
	}
	for _, v := range vs.Values {
		switch v := v.(type) {
		case *ast.CompositeLit:
			continue
		case *ast.CallExpr:
			sel, ok := v.Fun.(*ast.SelectorExpr)
			if !ok {
				return false
			}
			pkg, _ := sel.X.(*ast.Ident)
			if pkg == nil || !(pkg.Name == "regexp" && sel.Sel.Name == "MustCompile" || pkg.Name == "errs" && (sel.Sel.Name == "New" || sel.Sel.Name == "Newf")) {
				return false
			}
		default:
			return false
		}
	}
	return true
}

// storeTypes are the exported types store may define: the store itself,
// its transaction and dialect, and the filters and results of its
// queries. Aggregates and read models belong to their domain package.
var storeTypes = []string{"Store", "Tx", "Dialect", "AuditFilter", "VerifyResult", "DailyJobRun", "FOIFilter", "PublicFilter", "PublicCursor", "StaffFilter", "SearchFilter", "SearchRequest", "SearchResult", "SearchFacet", "SearchCount", "LetterFilter"}

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
