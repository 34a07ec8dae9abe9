package publish_test

import (
	"archive/zip"
	"bytes"
	"testing"
	"time"

	"gongkai/internal/calendar"
	"gongkai/internal/errs"
	"gongkai/internal/publish"
)

func code(err error) string {
	c, _ := errs.Public(err)
	if err == nil {
		return ""
	}
	return c
}

func TestIndexNumbers(t *testing.T) {
	// The seed document's number, from the default rule.
	got, err := publish.FormatIndexNumber(publish.DefaultIndexPattern, "00001434-9", "jy", 2024, 30)
	if err != nil || got != "00001434-9/2024-00000030" {
		t.Fatalf("seed form: %q %v", got, err)
	}
	if got, _ := publish.FormatIndexNumber("{dept}-{year}{seq:3}", "", "jy", 2026, 7); got != "jy-2026007" {
		t.Fatalf("custom: %q", got)
	}
	if _, err := publish.FormatIndexNumber("{org}/{year}-{seq:3}", "x", "jy", 2026, 1000); code(err) != "index_sequence_exhausted" {
		t.Fatalf("overflow: %v", err)
	}
	if _, err := publish.FormatIndexNumber(publish.DefaultIndexPattern, "", "jy", 2026, 1); code(err) != "org_code_required" {
		t.Fatalf("missing org code: %v", err)
	}
	for _, bad := range []string{"", "{org}", "{year}-{seq:2}", "{year}-{seq:13}", "{year}{year}-{seq:4}", "{year}-{seq:4}-{seq:4}",
		"{year}-{seq:4}{x}", "{year} {seq:4}", "a very long separator {year}{seq:4}"} {
		if err := publish.ValidateIndexPattern(bad); code(err) != "invalid_index_pattern" {
			t.Errorf("pattern %q accepted", bad)
		}
	}
}

func officeZip(parts ...string) []byte {
	var b bytes.Buffer
	z := zip.NewWriter(&b)
	for _, p := range parts {
		f, _ := z.Create(p)
		f.Write([]byte("<x/>"))
	}
	z.Close()
	return b.Bytes()
}

func TestDetectAttachment(t *testing.T) {
	cases := []struct {
		name string
		data []byte
		want string // MIME type, or error code
	}{
		{"办法.pdf", []byte("%PDF-1.7 ..."), "application/pdf"},
		{"图.PNG", []byte("\x89PNG\r\n\x1a\nxxxx"), "image/png"},
		{"照片.jpeg", []byte{0xFF, 0xD8, 0xFF, 0xE0}, "image/jpeg"},
		{"说明.docx", officeZip("[Content_Types].xml", "word/document.xml"), "application/vnd.openxmlformats-officedocument.wordprocessingml.document"},
		{"名单.xlsx", officeZip("[Content_Types].xml", "xl/workbook.xml"), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"},
		{"伪装.pdf", []byte("MZ\x90\x00"), "attachment_mismatch"},
		{"伪装.docx", officeZip("[Content_Types].xml", "xl/workbook.xml"), "attachment_mismatch"},
		{"压缩包.docx", officeZip("readme.txt"), "attachment_mismatch"},
		{"程序.exe", []byte("MZ"), "attachment_type"},
		{"无扩展名", []byte("%PDF-"), "attachment_type"},
		{"空.pdf", nil, "empty_attachment"},
		{"大.pdf", append([]byte("%PDF-"), make([]byte, publish.MaxAttachment)...), "attachment_too_large"},
	}
	for _, c := range cases {
		got, err := publish.DetectAttachment(c.name, c.data)
		if err != nil {
			got = code(err)
		}
		if got != c.want {
			t.Errorf("%s: %q, want %q", c.name, got, c.want)
		}
	}
	for in, want := range map[string]string{`C:\文件\通知.pdf`: "通知.pdf", "../../etc/passwd": "passwd", "a\x00b.pdf": "ab.pdf", "": "附件"} {
		if got := publish.CleanFileName(in); got != want {
			t.Errorf("CleanFileName(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestContentRules(t *testing.T) {
	base := func() publish.Content {
		return publish.Content{Title: "通知", OrganIDs: []int64{1}, WrittenOn: calendar.MustParse("2026-03-02"), Theme: "02.01", Genre: "tongzhi",
			Attribute: publish.Active, ColumnIDs: []int64{1}}
	}
	cases := []struct {
		name   string
		change func(c *publish.Content)
		want   string
	}{
		{"ok", func(c *publish.Content) {}, ""},
		{"doc number", func(c *publish.Content) { c.DocNumber = "嘉府发[2024]3号" }, ""}, // brackets normalised
		{"bad doc number", func(c *publish.Content) { c.DocNumber = "2024年第3号" }, "invalid_doc_number"},
		{"no title", func(c *publish.Content) { c.Title = " " }, "invalid_title"},
		{"newline in title", func(c *publish.Content) { c.Title = "甲\n乙" }, "invalid_title"},
		{"withheld without reason", func(c *publish.Content) { c.Attribute = publish.Withheld }, "reason_required"},
		{"reason without withheld", func(c *publish.Content) { c.WithheldReason = "privacy" }, "reason_not_allowed"},
		{"no attribute", func(c *publish.Content) { c.Attribute = "" }, "invalid_attribute"},
		{"effective before written", func(c *publish.Content) { c.EffectiveOn = calendar.MustParse("2026-01-01") }, "effective_before_written"},
		{"interpretation without policy", func(c *publish.Content) { c.Genre = publish.GenreInterpretation; c.InterpretForm = publish.FormQA }, "interprets_required"},
		{"no organ", func(c *publish.Content) { c.OrganIDs = nil }, "organ_required"},
		{"no column", func(c *publish.Content) { c.ColumnIDs = nil }, "column_required"},
		{"targeted needs no column", func(c *publish.Content) { c.ColumnIDs, c.PointIDs = nil, []int64{3} }, ""},
	}
	for _, tc := range cases {
		c := base()
		tc.change(&c)
		c.Normalize()
		if got := code(c.ValidateForSubmit()); got != tc.want {
			t.Errorf("%s: %q, want %q", tc.name, got, tc.want)
		}
	}
	c := base()
	c.Genre = publish.GenreNormative
	if !c.NeedsInterpretation() {
		t.Error("a 行政规范性文件 must need an interpretation")
	}
}

func TestWorkflowRules(t *testing.T) {
	doc := &publish.Document{DeptID: 1}
	draft := &publish.Revision{State: publish.Draft, AuthorID: 7}
	editor := publish.Actor{UserID: 7, DeptID: 1, CanDraft: true}
	if code(publish.Can(publish.Actor{UserID: 8, DeptID: 2, CanDraft: true}, doc, draft, publish.ActEdit)) != "other_department" {
		t.Error("another department edited")
	}
	if publish.Can(editor, doc, &publish.Revision{State: publish.Submitted}, publish.ActEdit) == nil {
		t.Error("a submitted revision was editable")
	}
	if code(publish.Can(publish.Actor{UserID: 8, CanDraft: true}, nil, nil, publish.ActCreate)) != "forbidden" {
		t.Error("an editor without a department drafted")
	}
	sub := &publish.Revision{State: publish.Submitted, AuthorID: 7}
	if code(publish.Can(publish.Actor{UserID: 7, CanReview: true}, doc, sub, publish.ActReview)) != "own_draft" {
		t.Error("the author reviewed their own draft")
	}
	if code(publish.CheckReviewInput(false, " ")) != "note_required" {
		t.Error("returned without a note")
	}
	if publish.Can(publish.Actor{UserID: 9, CanReview: true}, doc, sub, publish.ActReview) != nil || publish.CheckReviewInput(true, "") != nil {
		t.Error("a reviewer could not approve")
	}
	for _, c := range []publish.Content{{Attribute: publish.Withheld}, {Attribute: publish.OnRequest}, {Attribute: publish.Active, Classified: true}} {
		if publish.CheckPublishable(&c) == nil {
			t.Errorf("publishable: %+v", c)
		}
		if publish.Can(publish.Actor{System: true}, doc, &publish.Revision{State: publish.Approved, Content: c}, publish.ActPublish) == nil {
			t.Errorf("published: %+v", c)
		}
	}
}

func TestColumnFreshness(t *testing.T) {
	now := time.Date(2026, 11, 26, 0, 0, 0, 0, time.UTC)
	news := &publish.Column{Kind: publish.KindNews}
	if news.Stale(now.Add(-13*24*time.Hour), now) || !news.Stale(now.Add(-15*24*time.Hour), now) || !news.Stale(time.Time{}, now) {
		t.Error("news window is not two weeks")
	}
	static := &publish.Column{Kind: publish.KindStatic}
	if static.Stale(time.Time{}, now) {
		t.Error("a static column went stale")
	}
}

func TestPointAndPageValidate(t *testing.T) {
	p := publish.Point{Code: "  JY-Hall ", Name: " 大厅 "}
	if err := p.Validate(); err != nil || p.Code != "jy-hall" || p.Name != "大厅" {
		t.Fatalf("point: %v %+v", err, p)
	}
	for _, bad := range []publish.Point{{Code: "", Name: "x"}, {Code: "a/b", Name: "x"}, {Code: "ok"}, {Code: string(bytes.Repeat([]byte("a"), 33)), Name: "x"}} {
		if got := code(bad.Validate()); got != "invalid_point" {
			t.Errorf("point %+v: %q", bad, got)
		}
	}
	pg := publish.Page{Title: " 指南 ", RevisedOn: "2026-01-05"}
	if err := pg.Validate(); err != nil || pg.Title != "指南" {
		t.Fatalf("page: %v %+v", err, pg)
	}
	if got := code((&publish.Page{Title: ""}).Validate()); got != "invalid_title" {
		t.Errorf("empty title: %q", got)
	}
	if (&publish.Page{Title: "x", RevisedOn: "2026-02-30"}).Validate() == nil {
		t.Error("bad revision date accepted")
	}
}
