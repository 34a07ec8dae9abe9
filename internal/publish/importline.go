package publish

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"path"
	"regexp"
	"strings"
	"unicode/utf8"

	"gongkai/internal/calendar"
	"gongkai/internal/errs"
)

// A bulk import (`gongkai import documents`) brings documents published by
// an earlier system in, one record per line. This file turns one record
// into what the store imports, checking it as a staff edit would be
// checked; reading files and the database is the caller's, through
// ImportRefs.

// ImportRecord is one document of an import file, with the field names of
// the file (JSON lines, or the header row of a spreadsheet).
type ImportRecord struct {
	IndexNumber string          `json:"index_number"`
	Title       string          `json:"title"`
	Organs      []string        `json:"organs"`
	DocNumber   string          `json:"doc_number"`
	WrittenOn   string          `json:"written_on"`
	PublishedOn string          `json:"published_on"`
	EffectiveOn string          `json:"effective_on"`
	Theme       string          `json:"theme"`
	Genre       string          `json:"genre"`
	Keywords    string          `json:"keywords"`
	Summary     string          `json:"summary"`
	BodyHTML    string          `json:"body_html"`
	Columns     []string        `json:"columns"`
	Catalog     []string        `json:"catalog"`
	Validity    string          `json:"validity"`
	Attachments []ImportFileRef `json:"attachments"`
}

// ImportFileRef names an attachment of an import record: its file name as
// shown and its path relative to the attachments directory.
type ImportFileRef struct {
	Name string `json:"name"`
	Path string `json:"path"`
}

// ImportFields are the record's field names in file order: the columns of
// the spreadsheet template.
var ImportFields = []string{"index_number", "title", "organs", "doc_number", "written_on", "published_on", "effective_on",
	"theme", "genre", "keywords", "summary", "body_html", "columns", "catalog", "validity", "attachments"}

// ImportRefs is what resolving a record needs from outside: the codes the
// store knows (loaded once per import), the HTML policy and the reader of
// attachment files.
type ImportRefs struct {
	Departments map[string]int64 // department code → id
	Columns     map[string]int64 // column code → id
	Catalog     map[string]int64 // catalog item code → id
	Themes      map[string]bool  // active theme codes
	Genres      map[string]bool  // active genre codes
	Today       calendar.Date    // nothing published later than today is imported
	Sanitize    func(html string) string
	// ReadFile returns an attachment's bytes by its path as written in the
	// record (already checked to stay inside the attachments directory).
	// Nil: a record with attachments is refused.
	ReadFile func(path string) ([]byte, error)
}

// Imported is a record resolved and checked: what the store imports.
type Imported struct {
	Line        int // in the file, for messages
	IndexNumber string
	PublishedOn calendar.Date
	Validity    Validity
	Content     Content
	Attachments []ImportedFile
}

// ImportedFile is an attachment of an imported document.
type ImportedFile struct {
	Name string
	Data []byte
}

// MaxImportIndexNumber is the longest index number accepted (runes).
const MaxImportIndexNumber = 60

var importIndexRe = regexp.MustCompile(`^[0-9A-Za-z][0-9A-Za-z./_-]*$`)

// CheckImportedIndexNumber checks an index number of an earlier system:
// letters, digits and the separators . / _ -, with at least one digit.
// Any such form is kept as it was; the organ's own series is pushed past
// it when it is written in the organ's form.
func CheckImportedIndexNumber(s string) error {
	if utf8.RuneCountInString(s) > MaxImportIndexNumber || !importIndexRe.MatchString(s) || !strings.ContainsAny(s, "0123456789") {
		return errs.New(errs.Invalid, "publish.CheckImportedIndexNumber", "invalid_index_number",
			"索引号“"+s+"”格式不对：只能由字母、数字和 . / _ - 组成，须含数字，不超过 60 个字符，例如 00001434-9/2024-00000030。")
	}
	return nil
}

// LineError says which line of an imported file err is about: its
// message gets the line number, its kind and code stay. An internal error
// keeps its cause as the message (it is shown to the operator running the
// import, not to the public).
func LineError(line int, err error) error {
	code, msg := errs.Public(err)
	if code == "internal" {
		msg = err.Error()
	}
	kind := errs.Invalid
	var e *errs.Error
	if errors.As(err, &e) && e.Kind != "" {
		kind = e.Kind
	}
	return errs.New(kind, "publish.import", code, fmt.Sprintf("第 %d 行：%s", line, msg)).WithErr(err)
}

func importInvalid(line int, code, msg string) error {
	return LineError(line, errs.New(errs.Invalid, "publish.import", code, msg))
}

// ParseImportLine reads one JSON line of an import file. Unknown fields
// are refused (a misspelt field would otherwise be lost silently).
func ParseImportLine(line int, b []byte) (*ImportRecord, error) {
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	var r ImportRecord
	if err := dec.Decode(&r); err != nil {
		msg := err.Error()
		if f, ok := strings.CutPrefix(msg, "json: unknown field "); ok {
			return nil, importInvalid(line, "unknown_field", "未知字段 "+f+"；可用字段："+strings.Join(ImportFields, "、")+"。")
		}
		return nil, importInvalid(line, "invalid_json", "不是一个有效的 JSON 对象（"+msg+"）。")
	}
	if _, err := dec.Token(); err != io.EOF {
		return nil, importInvalid(line, "invalid_json", "一行只能有一个 JSON 对象。")
	}
	return &r, nil
}

// Resolve turns the record on line into an Imported: codes to ids, dates
// parsed, the body sanitised, the content checked as for submission and
// publication, the attachments read and typed by their content.
func (r *ImportRecord) Resolve(line int, ref *ImportRefs) (*Imported, error) {
	it := &Imported{Line: line, IndexNumber: strings.TrimSpace(r.IndexNumber)}
	if it.IndexNumber != "" {
		if err := CheckImportedIndexNumber(it.IndexNumber); err != nil {
			return nil, LineError(line, err)
		}
	}
	date := func(field, label, s string, required bool) (calendar.Date, error) {
		s = strings.TrimSpace(s)
		if s == "" {
			if required {
				return calendar.Date{}, importInvalid(line, field+"_required", "请填写"+label+"（"+field+"）。")
			}
			return calendar.Date{}, nil
		}
		d, err := calendar.ParseDate(s)
		if err != nil {
			return d, importInvalid(line, "invalid_date", label+"（"+field+"）“"+s+"”应为 YYYY-MM-DD 格式的日期。")
		}
		return d, nil
	}
	var err error
	c := &it.Content
	if c.WrittenOn, err = date("written_on", "成文日期", r.WrittenOn, true); err != nil {
		return nil, err
	}
	if it.PublishedOn, err = date("published_on", "发布日期", r.PublishedOn, true); err != nil {
		return nil, err
	}
	if c.EffectiveOn, err = date("effective_on", "实施日期", r.EffectiveOn, false); err != nil {
		return nil, err
	}
	if it.PublishedOn.Before(c.WrittenOn) {
		return nil, importInvalid(line, "published_before_written", "发布日期不能早于成文日期。")
	}
	if !ref.Today.IsZero() && ref.Today.Before(it.PublishedOn) {
		return nil, importInvalid(line, "published_in_future", "发布日期“"+it.PublishedOn.String()+"”晚于今天：导入的只能是已经发布的文件。")
	}
	switch strings.TrimSpace(r.Validity) {
	case "", "active":
		it.Validity = Valid
	case string(Expired), string(Repealed), string(Amended):
		it.Validity = Validity(strings.TrimSpace(r.Validity))
	default:
		return nil, importInvalid(line, "invalid_validity", "有效性（validity）“"+r.Validity+"”应为 active、expired、repealed 或 amended。")
	}
	codes := func(field, label string, list []string, m map[string]int64) ([]int64, error) {
		var ids []int64
		for _, code := range list {
			code = strings.TrimSpace(code)
			if code == "" {
				continue
			}
			id, ok := m[code]
			if !ok {
				return nil, importInvalid(line, "unknown_reference", label+"（"+field+"）编码“"+code+"”不存在。")
			}
			ids = append(ids, id)
		}
		return ids, nil
	}
	if c.OrganIDs, err = codes("organs", "发布机构", r.Organs, ref.Departments); err != nil {
		return nil, err
	}
	if c.ColumnIDs, err = codes("columns", "栏目", r.Columns, ref.Columns); err != nil {
		return nil, err
	}
	if c.CatalogIDs, err = codes("catalog", "目录事项", r.Catalog, ref.Catalog); err != nil {
		return nil, err
	}
	c.Theme, c.Genre = strings.TrimSpace(r.Theme), strings.TrimSpace(r.Genre)
	if c.Theme != "" && !ref.Themes[c.Theme] {
		return nil, importInvalid(line, "unknown_theme", "主题分类（theme）“"+c.Theme+"”不存在或已停用。")
	}
	if c.Genre != "" && !ref.Genres[c.Genre] {
		return nil, importInvalid(line, "unknown_genre", "体裁（genre）“"+c.Genre+"”不存在或已停用。")
	}
	c.Title, c.DocNumber, c.Keywords, c.Summary = r.Title, r.DocNumber, r.Keywords, r.Summary
	c.Body, c.Attribute = r.BodyHTML, Active
	if ref.Sanitize != nil {
		c.Body = ref.Sanitize(c.Body)
	}
	if err := PrepareImported(c); err != nil {
		return nil, LineError(line, err)
	}
	for _, a := range r.Attachments {
		f, err := readImportFile(a, ref)
		if err != nil {
			code, msg := errs.Public(err)
			return nil, importInvalid(line, code, "附件“"+a.Path+"”："+msg)
		}
		it.Attachments = append(it.Attachments, f)
	}
	return it, nil
}

// PrepareImported normalises and sanitises imported content and checks it
// as review and publication would: the store runs it again inside its
// transaction, so no caller can skip it.
func PrepareImported(c *Content) error {
	c.Normalize()
	if err := c.ValidateForSubmit(); err != nil {
		return err
	}
	return CheckPublishable(c)
}

func readImportFile(a ImportFileRef, ref *ImportRefs) (ImportedFile, error) {
	const op = "publish.readImportFile"
	name, p := strings.TrimSpace(a.Name), strings.TrimSpace(a.Path)
	if p == "" {
		return ImportedFile{}, errs.New(errs.Invalid, op, "attachment_path_required", "附件须写明路径（path）。")
	}
	if clean := path.Clean(strings.ReplaceAll(p, `\`, "/")); path.IsAbs(clean) || clean == ".." || strings.HasPrefix(clean, "../") {
		return ImportedFile{}, errs.New(errs.Invalid, op, "attachment_path_outside", "附件路径“"+p+"”须是附件目录内的相对路径。")
	}
	if name == "" {
		name = path.Base(p)
	}
	if ref.ReadFile == nil {
		return ImportedFile{}, errs.New(errs.Invalid, op, "attachments_dir_required", "文件带有附件，请用 --attachments 指明附件目录。")
	}
	data, err := ref.ReadFile(p)
	if err != nil {
		return ImportedFile{}, errs.New(errs.Invalid, op, "attachment_unreadable", "附件“"+p+"”无法读取（"+err.Error()+"）。")
	}
	if _, err := DetectAttachment(name, data); err != nil {
		return ImportedFile{}, err
	}
	return ImportedFile{Name: name, Data: data}, nil
}
