package main

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"gongkai/internal/calendar"
	"gongkai/internal/foi"
	"gongkai/internal/secret"
	"gongkai/internal/store"
)

// TestFOIRegisterCommand exports a year's register as JSON and XLSX from
// a store holding one case, refuses bad arguments and an existing file,
// and leaves the applicant's data out.
func TestFOIRegisterCommand(t *testing.T) {
	t.Parallel()
	args, st := sealedStore(t)
	today := calendar.Today(st.Now())
	app, _, err := st.CreateApplication(context.Background(), "cli", foi.InPerson, today,
		foi.Applicant{Kind: "person", Name: "孙小红", IDType: "居民身份证", IDNumber: "11010519491231002X", Phone: "13700001111", Email: "sxh@example.com", Address: "上海市嘉定区城中路1号"},
		foi.Request{Description: "2025年菊园新区财政预算", Format: "paper", Delivery: "pickup"})
	if err != nil {
		t.Fatal(err)
	}
	st.Close()

	dir := t.TempDir()
	year := strconv.Itoa(today.Year)
	j := filepath.Join(dir, "t.json")
	out := mustGongkai(t, "", append([]string{"foi", "register", "--year", year, "--format", "json", "--out", j}, args...)...)
	if !strings.Contains(out, "1 件") {
		t.Errorf("printed %q", out)
	}
	data, _ := os.ReadFile(j)
	var doc struct {
		Year int              `json:"year"`
		Rows []map[string]any `json:"rows"`
	}
	if err := json.Unmarshal(data, &doc); err != nil || doc.Year != today.Year || len(doc.Rows) != 1 || doc.Rows[0]["number"] != app.Number {
		t.Fatalf("json: %v %s", err, data)
	}
	x := filepath.Join(dir, "t.xlsx")
	mustGongkai(t, "", append([]string{"foi", "register", "--year", year, "--format", "xlsx", "--out", x}, args...)...)
	f, err := excelize.OpenFile(x)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if v, _ := f.GetCellValue("台账", "A2"); v != app.Number {
		t.Errorf("台账!A2 = %q", v)
	}
	for _, s := range []string{"孙小红", "11010519491231002X", "13700001111", "sxh@example.com", "城中路"} {
		if strings.Contains(string(data), s) {
			t.Errorf("the JSON register holds %q", s)
		}
	}
	// An existing file is not overwritten; bad arguments are usage errors.
	if _, errOut, code := gongkai(t, "", append([]string{"foi", "register", "--year", year, "--format", "json", "--out", j}, args...)...); code != 1 || !strings.Contains(errOut, "不会覆盖") {
		t.Errorf("existing file: %d %s", code, errOut)
	}
	for _, bad := range [][]string{{"--year", year, "--format", "csv", "--out", filepath.Join(dir, "a")}, {"--format", "json", "--out", filepath.Join(dir, "b")},
		{"--year", year, "--format", "json"}} {
		if _, errOut, code := gongkai(t, "", append(append([]string{"foi", "register"}, bad...), args...)...); code != 2 || !strings.Contains(errOut, "用法") {
			t.Errorf("%v: %d %s", bad, code, errOut)
		}
	}
	if _, errOut, code := gongkai(t, "", append([]string{"foi", "register", "--year", "1999", "--format", "json", "--out", filepath.Join(dir, "c")}, args...)...); code != 1 || !strings.Contains(errOut, "invalid_year") {
		t.Errorf("1999: %d %s", code, errOut)
	}
}

// sealedStore is a SQLite store with one department (jy) made through the
// CLI, opened with the data directory's key as the program does, so cases
// created through it are sealed like the program's.
func sealedStore(t *testing.T) ([]string, *store.Store) {
	t.Helper()
	args, url := storeArgs(t, store.SQLite)
	mustGongkai(t, "", append([]string{"dept", "add", "--code", "jy", "--name", "菊园新区管委会"}, args...)...)
	st := openTestStore(t, url)
	key, err := secret.LoadKey("", filepath.Dir(url))
	if err != nil {
		t.Fatal(err)
	}
	if st.Secrets, err = secret.New(key); err != nil {
		t.Fatal(err)
	}
	return args, st
}
