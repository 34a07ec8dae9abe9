package extract_test

import (
	"archive/zip"
	"bytes"
	"compress/flate"
	"compress/zlib"
	"errors"
	"fmt"
	"os"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/go-pdf/fpdf"
	"github.com/xuri/excelize/v2"

	"gongkai/internal/extract"
	"gongkai/internal/notice"
)

const (
	mimeDOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
	mimeXLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
)

// zipOf builds a ZIP container of the given entries, in order.
func zipOf(t testing.TB, entries ...[2]string) []byte {
	t.Helper()
	var b bytes.Buffer
	z := zip.NewWriter(&b)
	for _, e := range entries {
		f, err := z.Create(e[0])
		if err != nil {
			t.Fatal(err)
		}
		if _, err := f.Write([]byte(e[1])); err != nil {
			t.Fatal(err)
		}
	}
	if err := z.Close(); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

const contentTypes = `<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>`

// documentXML wraps WordprocessingML body content as word/document.xml.
func documentXML(body string) string {
	return `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"
 xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006"><w:body>` + body + `</w:body></w:document>`
}

func docxOf(t testing.TB, body string) []byte {
	return zipOf(t, [2]string{"[Content_Types].xml", contentTypes}, [2]string{"word/document.xml", documentXML(body)})
}

// para is a paragraph of runs.
func para(runs ...string) string {
	var b strings.Builder
	b.WriteString("<w:p>")
	for _, r := range runs {
		fmt.Fprintf(&b, `<w:r><w:t xml:space="preserve">%s</w:t></w:r>`, r)
	}
	b.WriteString("</w:p>")
	return b.String()
}

func TestDOCX(t *testing.T) {
	body := para("关于禁止", "飞线充电的通知") +
		para("第二段 ", "second") +
		`<w:p><w:r><w:t>保留</w:t></w:r><w:del><w:r><w:delText>删除的文字</w:delText></w:r></w:del></w:p>` +
		`<w:tbl><w:tr><w:tc>` + para("序号") + `</w:tc><w:tc>` + para("地点") + `</w:tc></w:tr>` +
		`<w:tr><w:tc>` + para("1") + `</w:tc><w:tc>` + para("菊园新区", "一号楼") + para("车棚") + `</w:tc></w:tr></w:tbl>` +
		`<w:p><w:r><mc:AlternateContent><mc:Choice><w:t>文本框</w:t></mc:Choice><mc:Fallback><w:t>文本框</w:t></mc:Fallback></mc:AlternateContent></w:r></w:p>` +
		`<w:p><w:r><w:t>甲</w:t><w:tab/><w:t>乙</w:t><w:br/><w:t>丙</w:t></w:r></w:p>`
	got, err := extract.Text("通知.docx", mimeDOCX, docxOf(t, body))
	if err != nil {
		t.Fatal(err)
	}
	want := "关于禁止飞线充电的通知\n第二段 second\n保留\n序号 地点\n1 菊园新区一号楼 车棚\n文本框\n甲 乙\n丙"
	if got != want {
		t.Errorf("got\n%q\nwant\n%q", got, want)
	}
}

func TestXLSX(t *testing.T) {
	f := excelize.NewFile()
	rows := map[string][][]any{
		"Sheet1": {{"序号", "小区", "充电桩"}, {1, "菊园一村", 12}},
		"汇总":     {{"合计", nil, 12}},
	}
	if _, err := f.NewSheet("汇总"); err != nil {
		t.Fatal(err)
	}
	for sheet, rs := range rows {
		for i, r := range rs {
			cell, _ := excelize.CoordinatesToCellName(1, i+1)
			if err := f.SetSheetRow(sheet, cell, &r); err != nil {
				t.Fatal(err)
			}
		}
	}
	var b bytes.Buffer
	if err := f.Write(&b); err != nil {
		t.Fatal(err)
	}
	got, err := extract.Text("统计.xlsx", mimeXLSX, b.Bytes())
	if err != nil {
		t.Fatal(err)
	}
	if want := "序号 小区 充电桩\n1 菊园一村 12\n合计 12"; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
}

func pdfOf(t testing.TB, font string, lines ...string) []byte {
	t.Helper()
	p := fpdf.New("P", "mm", "A4", "")
	family := "Helvetica"
	if font != "" {
		family = "cjk"
		ttf, err := os.ReadFile(font)
		if err != nil {
			t.Fatal(err)
		}
		p.AddUTF8FontFromBytes(family, "", ttf)
	}
	p.AddPage()
	p.SetFont(family, "", 14)
	for i, l := range lines {
		if i == 2 {
			p.AddPage() // the text of every page is read
		}
		p.CellFormat(0, 10, l, "", 1, "L", false, 0, "")
	}
	var b bytes.Buffer
	if err := p.Output(&b); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func TestPDFLatin(t *testing.T) {
	data := pdfOf(t, "", "Notice on charging electric bicycles", "Juyuan District 2026", "Second page text")
	got, err := extract.Text("notice.pdf", "application/pdf", data)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"Notice on charging electric bicycles", "Juyuan District 2026", "Second page text"} {
		if !strings.Contains(got, want) {
			t.Errorf("%q lacks %q", got, want)
		}
	}
}

func TestPDFChinese(t *testing.T) {
	if _, err := os.Stat(notice.DefaultFont); err != nil {
		if os.Getenv("GONGKAI_REQUIRE_BROWSER") == "1" {
			t.Fatal("fonts-arphic-gbsn00lp is not installed")
		}
		t.Skip("fonts-arphic-gbsn00lp is not installed")
	}
	data := pdfOf(t, notice.DefaultFont, "关于禁止电动自行车飞线充电的通告", "菊园新区管理委员会")
	got, err := extract.Text("通告.pdf", "application/pdf", data)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"关于禁止电动自行车飞线充电的通告", "菊园新区管理委员会"} {
		if !strings.Contains(got, want) {
			t.Errorf("%q lacks %q", got, want)
		}
	}
}

func TestPlainText(t *testing.T) {
	got, err := extract.Text("名单.csv", "", []byte("\uFEFF序号,小区\r\n1,菊园\xff一村\x00\n\n  \t\n2,  嘉定  "))
	if err != nil {
		t.Fatal(err)
	}
	if want := "序号,小区\n1,菊园一村\n2, 嘉定"; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
	got, _ = extract.Text("说明.TXT", "", []byte("第一行\n第二行"))
	if got != "第一行\n第二行" {
		t.Errorf("txt: %q", got)
	}
}

func TestOtherTypesHaveNoText(t *testing.T) {
	for name, mime := range map[string]string{"图.png": "image/png", "a.jpg": "image/jpeg", "run.exe": "", "noext": ""} {
		got, err := extract.Text(name, mime, []byte("\x89PNG\r\n\x1a\n飞线充电"))
		if got != "" || err != nil {
			t.Errorf("%s: %q %v", name, got, err)
		}
	}
}

// The type comes from the MIME type when it names one; the name decides
// otherwise.
func TestTypeFromMIME(t *testing.T) {
	got, err := extract.Text("上传", mimeDOCX, docxOf(t, para("正文")))
	if err != nil || got != "正文" {
		t.Errorf("docx by MIME: %q %v", got, err)
	}
}

func TestTextIsCapped(t *testing.T) {
	long := strings.Repeat("飞线充电", extract.MaxText/4) // 3 MiB
	got, err := extract.Text("长.txt", "", []byte(long))
	if err != nil {
		t.Fatal(err)
	}
	if len(got) > extract.MaxText || len(got) < extract.MaxText-utf8.UTFMax || !utf8.ValidString(got) {
		t.Errorf("%d bytes, valid %v", len(got), utf8.ValidString(got))
	}
	got, err = extract.Text("长.docx", mimeDOCX, docxOf(t, strings.Repeat(para("飞线充电，飞线充电。"), 200000)))
	if err != nil {
		t.Fatal(err)
	}
	if len(got) > extract.MaxText || len(got) < extract.MaxText-100 || !utf8.ValidString(got) || !strings.HasPrefix(got, "飞线充电，飞线充电。\n") {
		t.Errorf("docx: %d bytes, valid %v", len(got), utf8.ValidString(got))
	}
}

// A document.xml that inflates past MaxEntry is refused.
func TestZipBombRefused(t *testing.T) {
	huge := documentXML(para(strings.Repeat("啊", (extract.MaxEntry+1024)/3)))
	bomb := docxOf(t, huge)
	if len(bomb) > 1<<20 {
		t.Fatalf("the bomb is %d bytes compressed", len(bomb))
	}
	if _, err := extract.Text("炸弹.docx", mimeDOCX, bomb); !errors.Is(err, extract.ErrTooLarge) {
		t.Errorf("docx bomb: %v", err)
	}
	// A workbook whose sheet inflates past the bound.
	xlsx := zipOf(t, [2]string{"[Content_Types].xml", contentTypes}, [2]string{"xl/workbook.xml", "<workbook/>"},
		[2]string{"xl/worksheets/sheet1.xml", strings.Repeat(" ", extract.MaxEntry+1)})
	if _, err := extract.Text("炸弹.xlsx", mimeXLSX, xlsx); !errors.Is(err, extract.ErrTooLarge) {
		t.Errorf("xlsx bomb: %v", err)
	}
	// Too many entries.
	var many [][2]string
	for i := range extract.MaxEntries + 1 {
		many = append(many, [2]string{fmt.Sprintf("word/e%d.xml", i), ""})
	}
	if _, err := extract.Text("多.docx", mimeDOCX, zipOf(t, many...)); !errors.Is(err, extract.ErrTooLarge) {
		t.Errorf("entries: %v", err)
	}
}

// An entry that declares a small size but inflates to more is not read
// past what it declares.
func TestZipEntryLyingAboutItsSize(t *testing.T) {
	body := []byte(documentXML(para(strings.Repeat("啊", (extract.MaxEntry+1024)/3))))
	var packed bytes.Buffer
	fw, _ := flate.NewWriter(&packed, flate.BestCompression)
	fw.Write(body)
	fw.Close()
	var b bytes.Buffer
	z := zip.NewWriter(&b)
	f, _ := z.Create("[Content_Types].xml")
	f.Write([]byte(contentTypes))
	w, err := z.CreateRaw(&zip.FileHeader{Name: "word/document.xml", Method: zip.Deflate,
		CompressedSize64: uint64(packed.Len()), UncompressedSize64: 1000})
	if err != nil {
		t.Fatal(err)
	}
	w.Write(packed.Bytes())
	z.Close()
	got, err := extract.Text("假.docx", mimeDOCX, b.Bytes())
	if err == nil || len(got) > 1000 {
		t.Errorf("got %d bytes, %v", len(got), err)
	}
}

// rawPDF assembles a PDF from numbered objects (1 is the catalog).
func rawPDF(objects ...string) []byte {
	var b bytes.Buffer
	b.WriteString("%PDF-1.4\n")
	offsets := make([]int, len(objects))
	for i, o := range objects {
		offsets[i] = b.Len()
		fmt.Fprintf(&b, "%d 0 obj\n%s\nendobj\n", i+1, o)
	}
	xref := b.Len()
	fmt.Fprintf(&b, "xref\n0 %d\n0000000000 65535 f \n", len(objects)+1)
	for _, off := range offsets {
		fmt.Fprintf(&b, "%010d 00000 n \n", off)
	}
	fmt.Fprintf(&b, "trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n", len(objects)+1, xref)
	return b.Bytes()
}

func flateStream(data string) string {
	var b bytes.Buffer
	zw, _ := zlib.NewWriterLevel(&b, zlib.BestCompression)
	zw.Write([]byte(data))
	zw.Close()
	return fmt.Sprintf("<< /Length %d /Filter /FlateDecode >>\nstream\n%s\nendstream", b.Len(), b.String())
}

const pdfFont = "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>"

func TestRawPDF(t *testing.T) {
	data := rawPDF("<< /Type /Catalog /Pages 2 0 R >>", "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
		"<< /Type /Page /Parent 2 0 R /Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>",
		flateStream("BT /F1 12 Tf (Hand made) Tj ET"), pdfFont)
	got, err := extract.Text("a.pdf", "application/pdf", data)
	if err != nil || got != "Hand made" {
		t.Errorf("%q %v", got, err)
	}
}

// A content stream that inflates past MaxPDFStreams is refused before the
// parser expands it.
func TestPDFBombRefused(t *testing.T) {
	content := "BT /F1 12 Tf (x) Tj ET\n" + strings.Repeat(" ", extract.MaxPDFStreams)
	data := rawPDF("<< /Type /Catalog /Pages 2 0 R >>", "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
		"<< /Type /Page /Parent 2 0 R /Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>",
		flateStream(content), pdfFont)
	if len(data) > 1<<20 {
		t.Fatalf("the bomb is %d bytes", len(data))
	}
	if _, err := extract.Text("炸弹.pdf", "application/pdf", data); !errors.Is(err, extract.ErrTooLarge) {
		t.Errorf("pdf bomb: %v", err)
	}
}

// A page tree that contains itself ends (the parser's own walk would not).
func TestPDFCyclicPageTree(t *testing.T) {
	data := rawPDF("<< /Type /Catalog /Pages 2 0 R >>", "<< /Type /Pages /Kids [3 0 R 2 0 R] /Count 5 >>",
		"<< /Type /Page /Parent 2 0 R /Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>",
		flateStream("BT /F1 12 Tf (Loop) Tj ET"), pdfFont)
	got, err := extract.Text("环.pdf", "application/pdf", data)
	if err != nil || !strings.HasPrefix(got, "Loop") {
		t.Errorf("%.40q %v", got, err)
	}
}

// Truncated and garbage files are errors, never panics.
func TestBrokenFiles(t *testing.T) {
	good := map[string][]byte{
		"a.docx": docxOf(t, para("正文")),
		"a.pdf":  pdfOf(t, "", "Some text here"),
	}
	f := excelize.NewFile()
	f.SetCellValue("Sheet1", "A1", "表")
	var b bytes.Buffer
	f.Write(&b)
	good["a.xlsx"] = b.Bytes()
	for name, data := range good {
		for _, n := range []int{0, 10, len(data) / 2, len(data) - 30} {
			if _, err := extract.Text(name, "", data[:n]); err == nil {
				t.Errorf("%s cut at %d of %d: no error", name, n, len(data))
			}
		}
	}
	for _, name := range []string{"a.docx", "a.xlsx", "a.pdf"} {
		garbage := append([]byte("%PDF-1.7\nPK\x03\x04"), bytes.Repeat([]byte{0xde, 0xad, 0xbe, 0xef}, 1000)...)
		if _, err := extract.Text(name, "", garbage); err == nil {
			t.Errorf("%s of garbage: no error", name)
		}
	}
	// A document.xml that is not XML.
	if _, err := extract.Text("a.docx", "", zipOf(t, [2]string{"word/document.xml", "<w:document><w:p>"})); err == nil {
		t.Error("broken XML: no error")
	}
}

// FuzzText: any bytes under any of the read types give an error or text
// within the bounds — valid UTF-8, no control characters but new lines, no
// empty lines — and never a panic or a hang.
func FuzzText(f *testing.F) {
	f.Add(uint8(0), docxOf(f, para("关于", "飞线充电")+`<w:tbl><w:tr><w:tc>`+para("格")+`</w:tc></w:tr></w:tbl>`))
	f.Add(uint8(2), pdfOf(f, "", "Fuzz me"))
	f.Add(uint8(2), rawPDF("<< /Type /Catalog /Pages 2 0 R >>", "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
		"<< /Type /Page /Parent 2 0 R /Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>",
		"<< /Length 30 >>\nstream\nBT /F1 12 Tf (Hand made) Tj ET\nendstream", pdfFont))
	x := excelize.NewFile()
	x.SetCellValue("Sheet1", "B2", "飞线")
	var b bytes.Buffer
	x.Write(&b)
	f.Add(uint8(1), b.Bytes())
	f.Add(uint8(3), []byte("a,b\n\xff\x00c"))
	names := []string{"a.docx", "a.xlsx", "a.pdf", "a.csv", "a.png"}
	f.Fuzz(func(t *testing.T, k uint8, data []byte) {
		got, err := extract.Text(names[int(k)%len(names)], "", data)
		if err != nil {
			if got != "" {
				t.Fatalf("text with an error: %q", got)
			}
			return
		}
		if len(got) > extract.MaxText || !utf8.ValidString(got) {
			t.Fatalf("%d bytes, valid %v", len(got), utf8.ValidString(got))
		}
		for line := range strings.SplitSeq(got, "\n") {
			if strings.TrimSpace(line) == "" && got != "" {
				t.Fatalf("empty line in %q", got)
			}
			for _, r := range line {
				if r < 0x20 || r == 0x7f {
					t.Fatalf("control character %U in %q", r, line)
				}
			}
		}
	})
}
