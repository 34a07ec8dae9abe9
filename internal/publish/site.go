package publish

import (
	"strings"
	"unicode/utf8"

	"gongkai/internal/calendar"
	"gongkai/internal/errs"
)

// Point is a 公共查阅点 or 电子信息屏: a device that shows the documents
// targeted at it, and authenticates with its key (only the hash is kept).
type Point struct {
	ID                         int64
	Code, Name, Address, Hours string
	DeptID                     int64
	KeyHash                    string
}

// Validate normalises a new point's code (lower case, trimmed) and name and
// checks them: the code appears in the kiosk's URL.
func (p *Point) Validate() error {
	p.Code, p.Name = strings.ToLower(strings.TrimSpace(p.Code)), strings.TrimSpace(p.Name)
	if p.Code == "" || len(p.Code) > 32 || strings.ContainsAny(p.Code, " /?#") || p.Name == "" {
		return errs.New(errs.Invalid, "publish.Point.Validate", "invalid_point", "请填写查阅点编码（字母、数字、连字符）和名称。")
	}
	return nil
}

// MaxPageTitle is the longest title of a static page, in characters.
const MaxPageTitle = 100

// Page is an editable static page (政府信息公开指南, 制度 …).
type Page struct {
	Slug, Title, Body string
	RevisedOn         string // YYYY-MM-DD
	UpdatedBy         string
}

// Validate trims the title and checks it and the revision date.
func (p *Page) Validate() error {
	if p.RevisedOn != "" {
		if _, err := calendar.ParseDate(p.RevisedOn); err != nil {
			return err
		}
	}
	if p.Title = strings.TrimSpace(p.Title); p.Title == "" || utf8.RuneCountInString(p.Title) > MaxPageTitle {
		return errs.Newf(errs.Invalid, "publish.Page.Validate", "invalid_title", "标题不能为空，且不超过 %d 个字。", MaxPageTitle)
	}
	return nil
}

// DocLink names another document for a link.
type DocLink struct {
	IndexNumber string
	Title       string
}

// PublicDoc is a document as the public sees it: its published revision
// with the names and links a page shows.
type PublicDoc struct {
	Doc             *Document
	Rev             *Revision
	Organs          []string
	ThemeName       string
	GenreName       string
	Attachments     []*Attachment
	Interpretations []DocLink // published interpretations of this policy
	Interprets      *DocLink  // for a 解读: its policy
	ValidityBy      *DocLink  // the document that repealed or amended it
}

// StaffDoc is a document as the back-office lists show it: the document and
// its working revision — the open one if there is one, else the public one.
// The revision's link lists (organs, columns, catalog, points) are not
// loaded; open the document for those.
type StaffDoc struct {
	Doc *Document
	Rev *Revision
}
