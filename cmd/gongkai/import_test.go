package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"gongkai/internal/store"
	"gongkai/internal/web/webtest"
)

// importLine is one record of an import file as a test writes it.
type importLine map[string]any

func writeJSONL(t *testing.T, lines ...any) string {
	t.Helper()
	var b bytes.Buffer
	for _, l := range lines {
		if s, ok := l.(string); ok { // a raw line, possibly broken
			b.WriteString(s + "\n")
			continue
		}
		raw, err := json.Marshal(l)
		if err != nil {
			t.Fatal(err)
		}
		b.Write(append(raw, '\n'))
	}
	path := filepath.Join(t.TempDir(), "import.jsonl")
	if err := os.WriteFile(path, b.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// goodLine is a valid record of the demo's 党政办公室 (org code MB2F1203-3).
func goodLine(index, title string) importLine {
	return importLine{"index_number": index, "title": title, "organs": []string{"jy-dzb"}, "doc_number": "嘉菊发〔2020〕7号",
		"written_on": "2020-04-01", "published_on": "2020-04-03", "theme": "02.05", "genre": "tongzhi",
		"keywords": "防汛", "summary": "部署汛期工作。", "body_html": `<p>各居委会：</p><script>alert(1)</script><p>现通知如下。</p>`,
		"columns": []string{"tzgg"}, "validity": "active"}
}

// runImport runs `import documents` on the environment's store.
func runImport(t *testing.T, e *webtest.Env, o importOptions) (stdout, stderr string, err error) {
	t.Helper()
	var out, errb bytes.Buffer
	if o.As == "" {
		o.As = "supervisor"
	}
	err = importDocuments(context.Background(), e.St, o, &out, &errb)
	return out.String(), errb.String(), err
}

func exitCode(err error) int {
	var ee *exitError
	if errors.As(err, &ee) {
		return ee.code
	}
	if err != nil {
		return 1
	}
	return 0
}

func publicDoc(t *testing.T, e *webtest.Env, index string) (int, map[string]any) {
	t.Helper()
	return e.API("GET", "/api/v1/public/documents/"+index, "", "")
}

func TestImportRoundTrip(t *testing.T) {
	webtest.Dialects(t, testImportRoundTrip)
}

func testImportRoundTrip(t *testing.T, d store.Dialect) {
	e := webtest.NewDemo(t, d)
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "a.pdf"), []byte("%PDF-1.4\n1 0 obj<<>>endobj\n%%EOF\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	first := goodLine("MB2F1203-3/2020-00000500", "菊园新区关于做好2020年防汛防台工作的通知")
	first["attachments"] = []map[string]string{{"name": "防汛预案.pdf", "path": "a.pdf"}}
	second := goodLine("OLD-CMS-2019-0042", "菊园新区2019年垃圾分类工作方案")
	second["validity"] = "expired"
	second["effective_on"] = "2020-05-01"
	delete(second, "doc_number")
	third := importLine{"title": "菊园新区关于公布2020年第一批养老服务补贴名单的公告", "organs": []string{"jy-dzb"},
		"written_on": "2020-06-01", "published_on": "2020-06-02", "theme": "02.05", "genre": "gonggao",
		"body_html": "<p>名单如下。</p>", "columns": []string{"tzgg"}}
	file := writeJSONL(t, first, second, "", third)

	out, errOut, err := runImport(t, e, importOptions{File: file, Attachments: dir})
	if err != nil {
		t.Fatalf("import: %v\n%s%s", err, out, errOut)
	}
	if !strings.Contains(out, "已导入 3 份文件") || !strings.Contains(out, "每秒") {
		t.Errorf("stdout = %q", out)
	}
	for _, l := range []importLine{first, second} {
		index := l["index_number"].(string)
		code, doc := publicDoc(t, e, index)
		if code != 200 {
			t.Fatalf("GET %s: %d %v", index, code, doc)
		}
		if doc["title"] != l["title"] || doc["index_number"] != index || doc["published_on"] != l["published_on"] {
			t.Errorf("%s: %v", index, doc)
		}
		if body := doc["body_html"].(string); strings.Contains(body, "script") || !strings.Contains(body, "现通知如下") {
			t.Errorf("%s: body not sanitised: %q", index, body)
		}
		if organs, _ := doc["organs"].([]any); len(organs) != 1 || organs[0] != "党政办公室" {
			t.Errorf("%s: organs %v", index, doc["organs"])
		}
	}
	_, doc := publicDoc(t, e, "OLD-CMS-2019-0042")
	if doc["validity"] != "expired" || doc["effective_on"] != "2020-05-01" || doc["doc_number"] != "" {
		t.Errorf("second document: %v", doc)
	}
	_, doc = publicDoc(t, e, "MB2F1203-3/2020-00000500")
	if atts, _ := doc["attachments"].([]any); len(atts) != 1 || atts[0].(map[string]any)["mime"] != "application/pdf" || atts[0].(map[string]any)["name"] != "防汛预案.pdf" {
		t.Errorf("attachments: %v", doc["attachments"])
	}
	// The line without a number got the next of its organ's 2020 series,
	// which the imported 500 pushed along.
	if code, doc := publicDoc(t, e, "MB2F1203-3/2020-00000501"); code != 200 || doc["title"] != third["title"] {
		t.Errorf("third document: %d %v", code, doc)
	}
	// Importing the same file again clashes on every number, reported before
	// anything is written.
	_, errOut, err = runImport(t, e, importOptions{File: file, Attachments: dir})
	if exitCode(err) != 1 || !strings.Contains(errOut, "第 1 行：索引号“MB2F1203-3/2020-00000500”已被使用") || !strings.Contains(errOut, "第 2 行") {
		t.Errorf("second import: %v\n%s", err, errOut)
	}
}

func TestImportBadLines(t *testing.T) {
	webtest.Dialects(t, testImportBadLines)
}

func testImportBadLines(t *testing.T, d store.Dialect) {
	e := webtest.NewDemo(t, d)
	dir := t.TempDir()
	// An executable renamed to .pdf.
	if err := os.WriteFile(filepath.Join(dir, "virus.pdf"), []byte("MZ\x90\x00\x03\x00\x00\x00"), 0o644); err != nil {
		t.Fatal(err)
	}
	withAttachment := goodLine("B-0004", "附件是改了名的可执行文件")
	withAttachment["attachments"] = []map[string]string{{"name": "通知.pdf", "path": "virus.pdf"}}
	badDept := goodLine("B-0002", "发布机构不存在")
	badDept["organs"] = []string{"no-such-dept"}
	badDate := goodLine("B-0003", "日期不对")
	badDate["written_on"] = "2020/04/01"
	unknownField := goodLine("B-0005", "多了一个字段")
	unknownField["author"] = "张三"
	badIndex := goodLine("索引 号", "索引号不对")
	outside := goodLine("B-0007", "附件在目录外")
	outside["attachments"] = []map[string]string{{"name": "x.pdf", "path": "../x.pdf"}}
	badValidity := goodLine("B-0008", "有效性不对")
	badValidity["validity"] = "valid"
	future := goodLine("B-0009", "将来发布")
	future["published_on"] = "2030-01-01"
	file := writeJSONL(t, goodLine("B-0001", "这一行没有问题"), badDept, badDate, withAttachment, unknownField, badIndex,
		outside, badValidity, future, goodLine("B-0001", "索引号重复"), `{"title": "断了的 JSON`)

	for _, partial := range []bool{false, true} {
		out, errOut, err := runImport(t, e, importOptions{File: file, Attachments: dir, Partial: partial})
		if exitCode(err) != 1 {
			t.Fatalf("partial=%v: %v\n%s", partial, err, out)
		}
		for _, want := range []string{"第 2 行：发布机构（organs）编码“no-such-dept”不存在", "第 3 行：成文日期", "第 4 行：附件“virus.pdf”：附件内容与其扩展名不符",
			"第 5 行：未知字段 \"author\"", "第 6 行：索引号“索引 号”格式不对", "第 7 行：附件“../x.pdf”：附件路径", "第 8 行：有效性", "第 9 行：发布日期“2030-01-01”晚于今天",
			"第 10 行：索引号“B-0001”与第 1 行重复", "第 11 行：不是一个有效的 JSON 对象"} {
			if !strings.Contains(errOut, want) {
				t.Errorf("partial=%v: stderr lacks %q:\n%s", partial, want, errOut)
			}
		}
		if !strings.Contains(out, "10 行有误") {
			t.Errorf("partial=%v: stdout = %q", partial, out)
		}
		code, _ := publicDoc(t, e, "B-0001")
		if partial != (code == 200) {
			t.Errorf("partial=%v: the good line: GET %d", partial, code)
		}
		if !partial && !strings.Contains(out, "未导入任何文件") {
			t.Errorf("stdout = %q", out)
		}
	}
}

func TestImportDryRunAndActor(t *testing.T) {
	t.Parallel()
	e := webtest.NewDemo(t, store.SQLite)
	file := writeJSONL(t, goodLine("D-0001", "只校验"))
	out, _, err := runImport(t, e, importOptions{File: file, DryRun: true})
	if err != nil || !strings.Contains(out, "1 行无误") || !strings.Contains(out, "未导入任何文件") {
		t.Fatalf("dry run: %v %q", err, out)
	}
	if code, _ := publicDoc(t, e, "D-0001"); code != 404 {
		t.Errorf("dry run imported: %d", code)
	}
	// Only the 政务公开办 imports (publish.Can, ActImport).
	if _, _, err := runImport(t, e, importOptions{File: file, As: "editor"}); !strings.Contains(errorMessage(err), "政务公开办") {
		t.Errorf("editor import: %v", err)
	}
}

func errorMessage(err error) string {
	if err == nil {
		return ""
	}
	return err.Error()
}

func TestImportXLSXAndGenerator(t *testing.T) {
	t.Parallel()
	e := webtest.NewDemo(t, store.SQLite)
	dir := t.TempDir()
	// The template's example row is an importable document once its
	// attachment exists.
	tmpl := filepath.Join(dir, "template.xlsx")
	if err := writeImportTemplate(tmpl); err != nil {
		t.Fatal(err)
	}
	if err := os.MkdirAll(filepath.Join(dir, "fujian"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "fujian", "2019-12-1.pdf"), []byte("%PDF-1.7\n%%EOF\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	x, err := excelize.OpenFile(tmpl)
	if err != nil {
		t.Fatal(err)
	}
	_ = x.SetCellStr(x.GetSheetName(0), "A3", "X-0003")
	_ = x.SetCellStr(x.GetSheetName(0), "B3", "第二行只填了必填字段")
	for col, v := range map[string]string{"C3": "jy-dzb;jy-jjfz", "E3": "2021-01-04", "F3": "2021-01-05", "H3": "02.05", "I3": "tongzhi", "M3": "tzgg"} {
		_ = x.SetCellStr(x.GetSheetName(0), col, v)
	}
	if err := x.Save(); err != nil {
		t.Fatal(err)
	}
	x.Close()
	if out, errOut, err := runImport(t, e, importOptions{File: tmpl, Attachments: dir}); err != nil {
		t.Fatalf("xlsx: %v\n%s%s", err, out, errOut)
	}
	if code, doc := publicDoc(t, e, "00001434-9/2019-00000101"); code != 200 || len(doc["attachments"].([]any)) != 1 {
		t.Errorf("template row: %d %v", code, doc)
	}
	if _, doc := publicDoc(t, e, "X-0003"); len(doc["organs"].([]any)) != 2 {
		t.Errorf("second row: %v", doc)
	}

	// The generator is deterministic for a seed, and what it writes imports.
	refs, err := loadImportRefs(context.Background(), e.St)
	if err != nil {
		t.Fatal(err)
	}
	var a, b bytes.Buffer
	if err := generateImport(&a, refs, 300, 7); err != nil {
		t.Fatal(err)
	}
	_ = generateImport(&b, refs, 300, 7)
	if !bytes.Equal(a.Bytes(), b.Bytes()) {
		t.Error("generator: same seed, different output")
	}
	gen := filepath.Join(dir, "gen.jsonl")
	if err := os.WriteFile(gen, a.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	if out, errOut, err := runImport(t, e, importOptions{File: gen, Batch: 64}); err != nil || !strings.Contains(out, "已导入 300 份文件") {
		t.Fatalf("generated: %v\n%s%s", err, out, errOut)
	}
}

func TestImportUsage(t *testing.T) {
	t.Parallel()
	data := []string{"--data", t.TempDir()}
	for _, args := range [][]string{{"import"}, {"import", "documents"}, {"import", "documents", "--file", "x.jsonl"}, {"import", "bogus"}} {
		if _, errOut, code := gongkai(t, "", append(args, data...)...); code != 2 || !strings.Contains(errOut, "用法") {
			t.Errorf("%v: exit %d, %q", args, code, errOut)
		}
	}
	// A file naming nothing the fresh store knows: exit 1, the line named.
	file := writeJSONL(t, goodLine("U-0001", "无此部门"))
	mustGongkai(t, "", append([]string{"dept", "add", "--code", "zwgk", "--name", "政务公开办"}, data...)...)
	mustGongkai(t, "Yingtao-Test-2024-pw\n", append([]string{"user", "add", "--username", "gkb", "--role", "supervisor", "--dept", "zwgk"}, data...)...)
	_, errOut, code := gongkai(t, "", append([]string{"import", "documents", "--file", file, "--as", "gkb"}, data...)...)
	if code != 1 || !strings.Contains(errOut, "第 1 行：") {
		t.Errorf("exit %d, %q", code, errOut)
	}
}
