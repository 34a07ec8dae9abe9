package demo

import (
	"bytes"
	"embed"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"path"
	"regexp"
	"strings"

	"gongkai/internal/calendar"
)

// files holds the demo dataset; data/README.md describes it. A district
// replaces the demo by replacing these files.
//
//go:embed data
var files embed.FS

// dataFS is the data directory of files, the root the readers expect.
func dataFS() fs.FS {
	sub, err := fs.Sub(files, "data")
	if err != nil {
		panic(err) // "data" is a valid path; fs.Sub cannot fail on it
	}
	return sub
}

// dataset is the demo content as read from the data files, in file order.
type dataset struct {
	Departments []demoDept
	Columns     []demoColumn
	Catalog     []demoCatalog
	Points      []demoPoint
	Pages       []demoPage
	Documents   []demoDoc
}

// keyRe is the form of every code, slug and key: lower-case, no path
// separators, so that a key is also a safe file name.
var keyRe = regexp.MustCompile(`^[a-z0-9][a-z0-9_.-]{0,63}$`)

// readDepartments reads departments.json and checks that it defines the
// departments of Accounts.
func readDepartments(fsys fs.FS) ([]demoDept, error) {
	depts, err := decodeList(fsys, "departments.json", "department", func(d *demoDept) string { return d.Code })
	if err != nil {
		return nil, err
	}
	known := map[string]bool{}
	for _, d := range depts {
		if d.Parent != "" && !known[d.Parent] {
			return nil, fmt.Errorf("departments.json: department %q: parent %q is not listed before it", d.Code, d.Parent)
		}
		known[d.Code] = true
	}
	for _, a := range Accounts {
		if a.Dept != "" && !known[a.Dept] {
			return nil, fmt.Errorf("departments.json: department %q of demo account %s is not defined", a.Dept, a.Username)
		}
	}
	return depts, nil
}

// readDataset reads and checks every data file of fsys.
func readDataset(fsys fs.FS) (*dataset, error) {
	ds := &dataset{}
	var err error
	if ds.Departments, err = readDepartments(fsys); err != nil {
		return nil, err
	}
	if ds.Columns, err = decodeList(fsys, "columns.json", "column", func(c *demoColumn) string { return c.Code }); err != nil {
		return nil, err
	}
	if ds.Catalog, err = decodeList(fsys, "catalog.json", "catalog item", func(c *demoCatalog) string { return c.Code }); err != nil {
		return nil, err
	}
	if ds.Points, err = decodeList(fsys, "points.json", "point", func(p *demoPoint) string { return p.Code }); err != nil {
		return nil, err
	}
	if ds.Pages, err = decodeList(fsys, "pages.json", "page", func(p *demoPage) string { return p.Slug }); err != nil {
		return nil, err
	}
	if ds.Documents, err = decodeList(fsys, "documents.json", "document", func(d *demoDoc) string { return d.Key }); err != nil {
		return nil, err
	}
	if err := readBodies(fsys, "pages", ds.Pages, func(p *demoPage) (string, *string) { return p.Slug, &p.Body }); err != nil {
		return nil, err
	}
	if err := readBodies(fsys, "documents", ds.Documents, func(d *demoDoc) (string, *string) { return d.Key, &d.Body }); err != nil {
		return nil, err
	}
	if err := ds.check(); err != nil {
		return nil, err
	}
	return ds, nil
}

// decodeList decodes the JSON array in file name strictly: an unknown field,
// trailing data, an empty, malformed or repeated key is an error that names
// the file and the entry (what and its key).
func decodeList[T any](fsys fs.FS, name, what string, key func(*T) string) ([]T, error) {
	b, err := fs.ReadFile(fsys, name)
	if err != nil {
		return nil, err
	}
	var raw []json.RawMessage
	if err := decodeStrict(b, &raw); err != nil {
		if se, ok := errors.AsType[*json.SyntaxError](err); ok {
			return nil, fmt.Errorf("%s:%d: %w", name, 1+bytes.Count(b[:min(se.Offset, int64(len(b)))], []byte("\n")), err)
		}
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	list := make([]T, len(raw))
	seen := map[string]bool{}
	for i, r := range raw {
		if err := decodeStrict(r, &list[i]); err != nil {
			// A lenient decode still finds the key of an entry with a
			// misspelt or mistyped field.
			var probe T
			_ = json.Unmarshal(r, &probe)
			return nil, fmt.Errorf("%s: %s %q (entry %d): %w", name, what, key(&probe), i+1, err)
		}
		k := key(&list[i])
		switch {
		case !keyRe.MatchString(k):
			return nil, fmt.Errorf("%s: %s %q (entry %d): key must match %s", name, what, k, i+1, keyRe)
		case seen[k]:
			return nil, fmt.Errorf("%s: %s %q (entry %d): duplicate key", name, what, k, i+1)
		}
		seen[k] = true
	}
	return list, nil
}

// decodeStrict decodes exactly one JSON value, rejecting unknown fields.
func decodeStrict(b []byte, v any) error {
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return err
	}
	if _, err := dec.Token(); err != io.EOF {
		return errors.New("data after the end of the JSON value")
	}
	return nil
}

// readBodies sets the body of each entry from dir/<key>.html (surrounding
// white space removed, so an editor's final newline does not count) and
// rejects a body file that no entry names, most likely a misspelt key.
func readBodies[T any](fsys fs.FS, dir string, list []T, body func(*T) (string, *string)) error {
	used := map[string]bool{}
	for i := range list {
		key, dst := body(&list[i])
		name := path.Join(dir, key+".html")
		b, err := fs.ReadFile(fsys, name)
		if err != nil {
			return fmt.Errorf("%s.json: %q has no body: %w", dir, key, err)
		}
		*dst = strings.TrimSpace(string(b))
		if *dst == "" {
			return fmt.Errorf("%s: empty body", name)
		}
		used[name] = true
	}
	names, err := fs.Glob(fsys, dir+"/*")
	if err != nil {
		return err
	}
	for _, n := range names {
		if !used[n] {
			return fmt.Errorf("%s: no entry in %s.json has this body file", n, dir)
		}
	}
	return nil
}

// check rejects references to codes and keys that the dataset does not
// define and dates that do not parse, which the loader would otherwise
// turn into zero ids and zero dates.
func (ds *dataset) check() error {
	codes := func(n int, code func(int) string) map[string]bool {
		m := map[string]bool{}
		for i := range n {
			m[code(i)] = true
		}
		return m
	}
	deptSet := codes(len(ds.Departments), func(i int) string { return ds.Departments[i].Code })
	colSet := codes(len(ds.Columns), func(i int) string { return ds.Columns[i].Code })
	catSet := codes(len(ds.Catalog), func(i int) string { return ds.Catalog[i].Code })
	pointSet := codes(len(ds.Points), func(i int) string { return ds.Points[i].Code })
	docSet := codes(len(ds.Documents), func(i int) string { return ds.Documents[i].Key })

	var problems []string
	ref := func(entry, field string, set map[string]bool, vals ...string) {
		for _, v := range vals {
			if v != "" && !set[v] {
				problems = append(problems, fmt.Sprintf("%s: %s %q is not defined", entry, field, v))
			}
		}
	}
	dates := func(entry string, vals ...string) {
		for _, v := range vals {
			if _, err := calendar.ParseDate(v); v != "" && err != nil {
				problems = append(problems, fmt.Sprintf("%s: date %q is not YYYY-MM-DD", entry, v))
			}
		}
	}
	seenCol := map[string]bool{}
	for _, c := range ds.Columns {
		entry := fmt.Sprintf("columns.json: column %q", c.Code)
		ref(entry, "parent (listed before it)", seenCol, c.Parent)
		ref(entry, "dept", deptSet, c.Dept)
		seenCol[c.Code] = true
	}
	for _, c := range ds.Catalog {
		ref(fmt.Sprintf("catalog.json: catalog item %q", c.Code), "dept", deptSet, c.Dept)
	}
	for _, p := range ds.Points {
		ref(fmt.Sprintf("points.json: point %q", p.Code), "dept", deptSet, p.Dept)
	}
	for _, p := range ds.Pages {
		dates(fmt.Sprintf("pages.json: page %q", p.Slug), p.RevisedOn)
	}
	for _, d := range ds.Documents {
		entry := fmt.Sprintf("documents.json: document %q", d.Key)
		ref(entry, "organ", deptSet, d.Organs...)
		ref(entry, "column", colSet, d.Columns...)
		ref(entry, "catalog item", catSet, d.Catalog...)
		ref(entry, "point", pointSet, d.Points...)
		ref(entry, "document", docSet, d.Interprets, d.ValidityBy, d.ReplacedBy)
		dates(entry, d.Written, d.Published, d.Effective, d.ValidityOn)
		for _, f := range d.Figures {
			if _, ok := figures[f]; !ok {
				problems = append(problems, fmt.Sprintf("%s: figure %q is not one of %s", entry, f, strings.Join(figureNames(), ", ")))
			}
		}
	}
	if len(problems) > 0 {
		return errors.New(strings.Join(problems, "\n"))
	}
	return nil
}
