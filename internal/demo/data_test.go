package demo

import (
	"strings"
	"testing"
	"testing/fstest"
)

// minimalData is the smallest valid dataset: one of everything.
func minimalData() fstest.MapFS {
	file := func(s string) *fstest.MapFile { return &fstest.MapFile{Data: []byte(s)} }
	return fstest.MapFS{
		"departments.json": file(`[{"code": "jy", "name": "菊园新区", "org_code": "00001434-9"},
			{"code": "jy-dzb", "name": "党政办公室", "parent": "jy"},
			{"code": "jy-sqfw", "name": "社区事务受理服务中心", "parent": "jy"},
			{"code": "jy-zwgk", "name": "政务公开办公室", "parent": "jy-dzb"}]`),
		"columns.json": file(`[{"code": "zwdt", "name": "政务动态", "kind": "news", "dept": "jy-dzb"}]`),
		"catalog.json": file(`[{"code": "c-01", "area": "就业", "level1": "a", "level2": "b", "content": "c", "basis": "d",
			"time_limit": "e", "subject": "f", "channels": ["政府网站"], "audience": "all", "mode": "active", "level": "township", "dept": "jy"}]`),
		"points.json":           file(`[{"code": "p1", "name": "查阅点", "address": "嘉定区", "hours": "全天", "dept": "jy"}]`),
		"pages.json":            file(`[{"slug": "guide", "title": "指南", "revised_on": "2024-03-15"}]`),
		"pages/guide.html":      file("<p>指南</p>\n"),
		"documents.json":        file(`[{"key": "news-1", "title": "动态", "organs": ["jy"], "written": "2024-01-02", "published": "2024-01-02", "theme": "02.01", "genre": "gongzuodongtai", "columns": ["zwdt"]}]`),
		"documents/news-1.html": file("<p>正文</p>\n"),
	}
}

func TestReadMinimal(t *testing.T) {
	ds, err := readDataset(minimalData())
	if err != nil {
		t.Fatal(err)
	}
	if len(ds.Documents) != 1 || ds.Documents[0].Body != "<p>正文</p>" || ds.Pages[0].Body != "<p>指南</p>" {
		t.Errorf("read %+v", ds)
	}
}

// TestReadMalformed checks that each kind of mistake in a district's data
// files is reported with the file and the entry it is in.
func TestReadMalformed(t *testing.T) {
	for _, tc := range []struct {
		name   string
		change func(fstest.MapFS)
		want   []string // substrings of the error
	}{
		{"unknown field", func(m fstest.MapFS) {
			set(m, "documents.json", `[{"key": "news-1", "titel": "动态", "organs": ["jy"], "written": "2024-01-02", "theme": "02.01", "genre": "gongzuodongtai"}]`)
		}, []string{"documents.json", `"news-1"`, `unknown field "titel"`}},
		{"body in the metadata", func(m fstest.MapFS) {
			set(m, "pages.json", `[{"slug": "guide", "title": "指南", "revised_on": "2024-03-15", "body": "<p>x</p>"}]`)
		}, []string{"pages.json", `"guide"`, `unknown field "body"`}},
		{"wrong type", func(m fstest.MapFS) {
			set(m, "points.json", `[{"code": "p1", "name": "查阅点", "address": "嘉定区", "hours": 24, "dept": "jy"}]`)
		}, []string{"points.json", `"p1"`, "hours"}},
		{"missing body file", func(m fstest.MapFS) {
			delete(m, "documents/news-1.html")
		}, []string{"documents.json", `"news-1"`, "documents/news-1.html"}},
		{"empty body file", func(m fstest.MapFS) {
			set(m, "documents/news-1.html", " \n")
		}, []string{"documents/news-1.html", "empty body"}},
		{"body file without an entry", func(m fstest.MapFS) {
			set(m, "documents/news-2.html", "<p>x</p>")
		}, []string{"documents/news-2.html", "no entry in documents.json"}},
		{"duplicate key", func(m fstest.MapFS) {
			set(m, "columns.json", `[{"code": "zwdt", "name": "政务动态", "kind": "news", "dept": "jy"},
				{"code": "zwdt", "name": "通知公告", "kind": "notice", "dept": "jy"}]`)
		}, []string{"columns.json", `column "zwdt" (entry 2)`, "duplicate key"}},
		{"key not a file name", func(m fstest.MapFS) {
			set(m, "catalog.json", `[{"code": "../c", "area": "就业", "level1": "a", "level2": "b", "content": "c", "basis": "d",
				"time_limit": "e", "subject": "f", "channels": ["政府网站"], "audience": "all", "mode": "active", "level": "township", "dept": "jy"}]`)
		}, []string{"catalog.json", `"../c"`, "key must match"}},
		{"syntax error", func(m fstest.MapFS) {
			set(m, "points.json", `[{"code": "p1",}]`)
		}, []string{"points.json:1:", "invalid character"}},
		{"two values", func(m fstest.MapFS) {
			set(m, "pages.json", `[] []`)
		}, []string{"pages.json", "data after the end"}},
		{"missing file", func(m fstest.MapFS) {
			delete(m, "catalog.json")
		}, []string{"catalog.json"}},
		{"unknown reference", func(m fstest.MapFS) {
			set(m, "documents.json", `[{"key": "news-1", "title": "动态", "organs": ["jy-x"], "written": "2024-01-02", "theme": "02.01", "genre": "gongzuodongtai", "columns": ["zwgd"], "interprets": "news-0"}]`)
		}, []string{`documents.json: document "news-1": organ "jy-x" is not defined`, `column "zwgd"`, `document "news-0"`}},
		{"malformed date", func(m fstest.MapFS) {
			set(m, "documents.json", `[{"key": "news-1", "title": "动态", "organs": ["jy"], "written": "2024-1-2", "theme": "02.01", "genre": "gongzuodongtai"}]`)
		}, []string{`documents.json: document "news-1": date "2024-1-2"`}},
		{"parent after child", func(m fstest.MapFS) {
			set(m, "departments.json", `[{"code": "jy-dzb", "name": "党政办公室", "parent": "jy"}, {"code": "jy", "name": "菊园新区"}]`)
		}, []string{"departments.json", `"jy-dzb"`, `parent "jy"`}},
		{"account's department missing", func(m fstest.MapFS) {
			set(m, "departments.json", `[{"code": "jy", "name": "菊园新区"}]`)
		}, []string{"departments.json", `"jy-dzb"`, "editor"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			m := minimalData()
			tc.change(m)
			_, err := readDataset(m)
			if err == nil {
				t.Fatal("no error")
			}
			for _, w := range tc.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q lacks %q", err, w)
				}
			}
		})
	}
}

func set(m fstest.MapFS, name, data string) { m[name] = &fstest.MapFile{Data: []byte(data)} }
