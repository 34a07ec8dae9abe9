package publish

import (
	"regexp"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"gongkai/internal/calendar"
	"gongkai/internal/errs"
)

// Attribute is a document's 公开属性, decided while it is drafted.
type Attribute string

// The three disclosure attributes.
const (
	Active    Attribute = "active"     // 主动公开
	OnRequest Attribute = "on_request" // 依申请公开
	Withheld  Attribute = "withheld"   // 不予公开
)

// Label is the Chinese name.
func (a Attribute) Label() string {
	return map[Attribute]string{Active: "主动公开", OnRequest: "依申请公开", Withheld: "不予公开"}[a]
}

// WithheldReason is the legal ground for 不予公开.
type WithheldReason string

// WithheldReasons lists the legal grounds in the order of 条例 articles 14–16.
var WithheldReasons = []struct {
	Code  WithheldReason
	Label string
}{
	{"state_secret", "国家秘密"},
	{"law_prohibited", "法律、行政法规禁止公开"},
	{"security_stability", "危及国家安全、公共安全、经济安全、社会稳定"},
	{"trade_secret", "商业秘密"},
	{"privacy", "个人隐私"},
	{"internal_affairs", "内部事务信息"},
	{"process_info", "过程性信息"},
	{"enforcement_file", "行政执法案卷"},
}

// ReasonLabel returns the label of a withheld reason, "" if unknown.
func ReasonLabel(r WithheldReason) string {
	for _, w := range WithheldReasons {
		if w.Code == r {
			return w.Label
		}
	}
	return ""
}

// Validity is a document's 有效性.
type Validity string

// The validity states.
const (
	Valid    Validity = "valid"    // 有效
	Expired  Validity = "expired"  // 失效
	Repealed Validity = "repealed" // 废止
	Amended  Validity = "amended"  // 已修订
)

// Label is the Chinese name.
func (v Validity) Label() string {
	return map[Validity]string{Valid: "有效", Expired: "失效", Repealed: "废止", Amended: "已修订"}[v]
}

// InterpretationForm is the form of a 解读.
type InterpretationForm string

// The forms of interpretation the plan names.
const (
	FormText    InterpretationForm = "text"    // 文字解读
	FormGraphic InterpretationForm = "graphic" // 图解
	FormQA      InterpretationForm = "qa"      // 简明问答
	FormMedia   InterpretationForm = "media"   // 音视频
)

// Label is the Chinese name.
func (f InterpretationForm) Label() string {
	return map[InterpretationForm]string{FormText: "文字解读", FormGraphic: "图解", FormQA: "简明问答", FormMedia: "音视频解读"}[f]
}

// Genre codes with rules attached.
const (
	GenreRegulation     = "guizhang"   // 规章
	GenreNormative      = "guifanxing" // 行政规范性文件
	GenreInterpretation = "jiedu"      // 解读
	GenreGraphic        = "tujie"      // 图解: lists show a 图解 interpretation under it
)

// ListingGenre is the genre lists file the content under: a 解读 in the
// form of a 图解 is listed as 图解 (so the 政策文件库's genre=tujie finds
// it), everything else under its own genre.
func (c *Content) ListingGenre() string {
	if c.Genre == GenreInterpretation && c.InterpretForm == FormGraphic {
		return GenreGraphic
	}
	return c.Genre
}

// Content is everything an editor writes in one revision of a document.
type Content struct {
	Title          string
	OrganIDs       []int64 // 发布机构 (departments), several for joint documents
	DocNumber      string  // 发文字号, e.g. 嘉府发〔2024〕3号
	WrittenOn      calendar.Date
	EffectiveOn    calendar.Date
	Theme          string // 主题分类 code (second level)
	Genre          string // 体裁 code
	Keywords       string
	Summary        string // 内容概述
	Body           string // sanitised HTML
	Attribute      Attribute
	WithheldReason WithheldReason
	Classified     bool // 涉密状态; a classified document is never stored here in clear and never published
	ColumnIDs      []int64
	CatalogIDs     []int64
	NeedsInterpret bool               // "needs interpretation" flag (三同步) beyond the genres that always need one
	Interprets     int64              // for a 解读: the document it interprets
	InterpretForm  InterpretationForm // for a 解读
	PointIDs       []int64            // 定点公开: on-site points only
	Audience       string             // 定向公开: named audience
}

// Targeted reports whether the content is for named points or audiences only.
func (c *Content) Targeted() bool { return len(c.PointIDs) > 0 || strings.TrimSpace(c.Audience) != "" }

// NeedsInterpretation reports whether 三同步 applies: the policy may not go
// out without an approved interpretation.
func (c *Content) NeedsInterpretation() bool {
	return c.Genre == GenreRegulation || c.Genre == GenreNormative || c.NeedsInterpret
}

var docNumberRe = regexp.MustCompile(`^[\p{Han}A-Za-z]{1,20}〔[12][0-9]{3}〕[0-9]{1,5}号$`)

// Normalize trims the content's text fields.
func (c *Content) Normalize() {
	c.Title = strings.TrimSpace(c.Title)
	c.DocNumber = strings.TrimSpace(c.DocNumber)
	// Editors type brackets in many ways; the standard is 〔〕.
	c.DocNumber = strings.NewReplacer("[", "〔", "]", "〕", "［", "〔", "］", "〕", "【", "〔", "】", "〕", "(", "〔", ")", "〕", "（", "〔", "）", "〕").Replace(c.DocNumber)
	c.Keywords = strings.TrimSpace(c.Keywords)
	c.Summary = strings.TrimSpace(c.Summary)
	c.Audience = strings.TrimSpace(c.Audience)
	c.OrganIDs = uniq(c.OrganIDs)
	c.ColumnIDs = uniq(c.ColumnIDs)
	c.CatalogIDs = uniq(c.CatalogIDs)
	c.PointIDs = uniq(c.PointIDs)
}

func uniq(ids []int64) []int64 {
	var out []int64
	for _, id := range ids {
		if id > 0 && !slices.Contains(out, id) {
			out = append(out, id)
		}
	}
	return out
}

// Validate checks content that is being saved as a draft. Stricter checks
// (organ, columns) apply when it is submitted: see ValidateForSubmit.
func (c *Content) Validate() error {
	const op = "publish.Content.Validate"
	n := utf8.RuneCountInString(c.Title)
	if n == 0 || n > 200 {
		return errs.New(errs.Invalid, op, "invalid_title", "标题不能为空，且不超过 200 个字。")
	}
	if strings.ContainsAny(c.Title, "\r\n\t") {
		return errs.New(errs.Invalid, op, "invalid_title", "标题不能包含换行或制表符。")
	}
	if c.DocNumber != "" && !docNumberRe.MatchString(c.DocNumber) {
		return errs.New(errs.Invalid, op, "invalid_doc_number", "发文字号格式应如“嘉府发〔2024〕3号”。")
	}
	if utf8.RuneCountInString(c.Keywords) > 100 {
		return errs.New(errs.Invalid, op, "keywords_too_long", "关键词不超过 100 个字。")
	}
	if utf8.RuneCountInString(c.Summary) > 500 {
		return errs.New(errs.Invalid, op, "summary_too_long", "内容概述不超过 500 个字。")
	}
	if len(c.Body) > 2<<20 {
		return errs.New(errs.Invalid, op, "body_too_long", "正文过长（上限 2 MB）。")
	}
	if err := checkImageAlts(c.Body); err != nil {
		return errs.InField("body", err)
	}
	switch c.Attribute {
	case Active, OnRequest:
		if c.WithheldReason != "" {
			return errs.New(errs.Invalid, op, "reason_not_allowed", "只有“不予公开”的信息需要填写不予公开理由。")
		}
	case Withheld:
		if ReasonLabel(c.WithheldReason) == "" {
			return errs.New(errs.Invalid, op, "reason_required", "不予公开的信息必须选择法定理由。")
		}
	default:
		return errs.New(errs.Invalid, op, "invalid_attribute", "请选择公开属性：主动公开、依申请公开或不予公开。")
	}
	if !c.EffectiveOn.IsZero() && !c.WrittenOn.IsZero() && c.EffectiveOn.Before(c.WrittenOn) {
		return errs.New(errs.Invalid, op, "effective_before_written", "实施日期不能早于成文日期。")
	}
	if c.Genre == GenreInterpretation {
		if c.Interprets == 0 {
			return errs.New(errs.Invalid, op, "interprets_required", "解读必须关联所解读的政策文件。")
		}
		if c.InterpretForm.Label() == "" {
			return errs.New(errs.Invalid, op, "interpret_form_required", "请选择解读形式：文字解读、图解、简明问答或音视频解读。")
		}
	} else if c.Interprets != 0 {
		return errs.New(errs.Invalid, op, "not_an_interpretation", "只有体裁为“解读”的文件才能关联被解读的文件。")
	}
	return nil
}

// ValidateForSubmit checks what review needs on top of Validate.
func (c *Content) ValidateForSubmit() error {
	const op = "publish.Content.ValidateForSubmit"
	if err := c.Validate(); err != nil {
		return err
	}
	if len(c.OrganIDs) == 0 {
		return errs.New(errs.Invalid, op, "organ_required", "请选择发布机构。")
	}
	if c.WrittenOn.IsZero() {
		return errs.New(errs.Invalid, op, "written_on_required", "请填写成文日期。")
	}
	if c.Theme == "" || c.Genre == "" {
		return errs.New(errs.Invalid, op, "classification_required", "请选择主题分类和体裁。")
	}
	if c.Attribute == Active && len(c.ColumnIDs) == 0 && !c.Targeted() {
		return errs.New(errs.Invalid, op, "column_required", "主动公开的信息请至少选择一个栏目。")
	}
	if c.Genre == GenreInterpretation && c.InterpretForm == FormMedia && bodyText(c.Body) == "" {
		// Accessibility: what is said in the audio or video must be
		// readable by those who cannot hear it or play it.
		return errs.InField("body", errs.New(errs.Invalid, op, "transcript_required",
			"音视频解读须在正文中提供完整的文字实录，供听障读者和无法播放音视频的读者阅读。"))
	}
	return nil
}

// State is where a revision stands in the workflow.
type State string

// The workflow states of a revision.
const (
	Draft      State = "draft"      // being written by its author
	Submitted  State = "submitted"  // waiting for confidentiality/attribute review
	Returned   State = "returned"   // sent back with a note; the author edits and resubmits
	Approved   State = "approved"   // reviewed; may be published (or scheduled)
	Scheduled  State = "scheduled"  // approved with a publish time in the future
	Published  State = "published"  // the public version
	Superseded State = "superseded" // an earlier public version, kept for history
)

// Label is the Chinese name.
func (s State) Label() string {
	return map[State]string{Draft: "草稿", Submitted: "待审核", Returned: "已退回", Approved: "已审核", Scheduled: "定时发布",
		Published: "已发布", Superseded: "历史版本"}[s]
}

// Editable reports whether the author may still change the revision.
func (s State) Editable() bool { return s == Draft || s == Returned }

// WithdrawReason says why a published document came off the portal.
type WithdrawReason string

// The reasons for withdrawal.
const (
	WithdrawError      WithdrawReason = "error"        // 发布错误: gone from every public surface
	WithdrawReplaced   WithdrawReason = "replaced"     // 被替代: its page redirects to the replacement
	WithdrawNotInForce WithdrawReason = "not_in_force" // 不再有效: the page stays with a notice
)

// Label is the Chinese name.
func (w WithdrawReason) Label() string {
	return map[WithdrawReason]string{WithdrawError: "发布错误", WithdrawReplaced: "被替代", WithdrawNotInForce: "不再有效"}[w]
}

// Document is the logical document: its identity, index number and public
// state. Its text lives in revisions.
type Document struct {
	ID             int64
	IndexNumber    string // assigned at first publication, never reused
	DeptID         int64  // owning department (the author's)
	PublishedRev   int64  // revision shown to the public, 0 if none
	OpenRev        int64  // the one revision being worked on, 0 if none
	Withdrawn      WithdrawReason
	ReplacedBy     int64
	Validity       Validity
	ValidityOn     calendar.Date // date of 失效/废止/修订
	ValidityLink   int64         // the document that repealed or amended it
	FirstPublished time.Time
	LastPublished  time.Time
	Version        int64 // optimistic lock: every change increments it
}

// Public reports whether the document may appear on public surfaces at all
// (targeted documents are further limited to their points).
func (d *Document) Public() bool {
	return d.PublishedRev != 0 && (d.Withdrawn == "" || d.Withdrawn == WithdrawNotInForce)
}

// Revision is one version of a document's content in the workflow.
type Revision struct {
	ID          int64
	DocID       int64
	No          int // 1, 2, … per document
	State       State
	Content     Content
	ChangeNote  string // what changed against the previous public version
	AuthorID    int64
	Editors     []int64 // everyone who wrote or submitted this revision, the author included
	ReviewerID  int64
	ReviewNote  string
	PublishAt   time.Time // for Scheduled
	PublishedOn calendar.Date
	Created     time.Time
	Updated     time.Time
}

// EditedBy reports whether the user wrote or submitted the revision, which
// bars them from reviewing it.
func (r *Revision) EditedBy(userID int64) bool {
	return r.AuthorID == userID || slices.Contains(r.Editors, userID)
}
