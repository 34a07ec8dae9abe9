package interact

import (
	"slices"
	"strings"
	"time"
	"unicode"

	"gongkai/internal/auth"
	"gongkai/internal/calendar"
	"gongkai/internal/errs"
)

// FAQState says whether the portal shows an entry of the FAQ library.
type FAQState string

// The states of an entry.
const (
	FAQPublished FAQState = "published"
	FAQHidden    FAQState = "hidden"
)

// Label is the state's name for staff.
func (s FAQState) Label() string {
	switch s {
	case FAQPublished:
		return "已发布"
	case FAQHidden:
		return "已隐藏"
	}
	return string(s)
}

// The limits of an entry's fields, checked by Validate for forms and the
// store alike.
const (
	MaxFAQQuestion     = 200
	MaxFAQAnswer       = 5000
	MaxFAQTags         = 5
	MaxFAQTag          = 12
	MaxFAQSourceLetter = 40
)

// FAQReviewPeriod is how long after its writing an entry is due for
// review when no date is given (a year: policies and procedures change).
const FAQReviewPeriod = 365

// FAQ is one entry of the 常见问题解答库: a question and its answer in
// plain text, owned by a department, with a few tags and a date by which
// the department checks it is still right (复核日期). It may come from a
// letter (SourceLetter, the letter's number) and name a policy document
// it explains (PolicyDocID).
type FAQ struct {
	ID           int64
	Question     string
	Answer       string
	DeptID       int64
	Tags         []string
	ReviewBy     calendar.Date
	State        FAQState
	SourceLetter string
	PolicyDocID  int64
	Version      int64
	CreatedBy    string
	Created      time.Time
	UpdatedBy    string
	Updated      time.Time

	// Read model: the owning department's name, and the policy document's
	// index number and title while the public may see it.
	DeptName    string
	PolicyIndex string
	PolicyTitle string
}

// Overdue reports whether the entry's review date has passed on today.
func (f *FAQ) Overdue(today calendar.Date) bool {
	return !f.ReviewBy.IsZero() && f.ReviewBy.Before(today)
}

// NeedsReview reports whether staff are asked to review the entry: it is
// published and overdue (a hidden entry is not on the portal).
func (f *FAQ) NeedsReview(today calendar.Date) bool {
	return f.State == FAQPublished && f.Overdue(today)
}

// Normalize trims the fields, unifies line breaks and cleans the tags:
// split on commas, 、 and spaces, trimmed, each once, in the order given.
// A zero review date becomes FAQReviewPeriod days after today; an empty
// state is published.
func (f *FAQ) Normalize(today calendar.Date) {
	f.Question = strings.TrimSpace(f.Question)
	f.Answer = strings.TrimSpace(strings.ReplaceAll(strings.ReplaceAll(f.Answer, "\r\n", "\n"), "\r", "\n"))
	f.SourceLetter = strings.TrimSpace(f.SourceLetter)
	f.Tags = SplitTags(strings.Join(f.Tags, ","))
	if f.ReviewBy.IsZero() {
		f.ReviewBy = today.AddDays(FAQReviewPeriod)
	}
	if f.State == "" {
		f.State = FAQPublished
	}
}

// SplitTags reads the tags a form's field holds, as Normalize cleans them.
func SplitTags(s string) []string {
	var out []string
	for _, t := range strings.FieldsFunc(s, func(r rune) bool {
		return r == ',' || r == '，' || r == '、' || r == ';' || r == '；' || unicode.IsSpace(r)
	}) {
		if !slices.Contains(out, t) {
			out = append(out, t)
		}
	}
	return out
}

// Validate reports every problem of the entry at once, in form order.
func (f *FAQ) Validate() error {
	var ps []*errs.Error
	add := func(field, code, msg string) { ps = append(ps, problem(field, code, msg)) }
	switch {
	case f.Question == "":
		add("question", "question_required", "请填写问题。")
	case tooLong(f.Question, MaxFAQQuestion):
		add("question", "question_too_long", "问题不能超过 200 个字。")
	case strings.ContainsAny(f.Question, "\r\n"):
		add("question", "question_multiline", "问题应为一行文字。")
	}
	switch {
	case f.Answer == "":
		add("answer", "answer_required", "请填写答复内容。")
	case tooLong(f.Answer, MaxFAQAnswer):
		add("answer", "answer_too_long", "答复内容不能超过 5000 个字。")
	}
	if f.DeptID <= 0 {
		add("dept_id", "department_required", "请选择负责答复的部门。")
	}
	switch {
	case len(f.Tags) > MaxFAQTags:
		add("tags", "too_many_tags", "标签最多 5 个。")
	case slices.ContainsFunc(f.Tags, func(t string) bool { return tooLong(t, MaxFAQTag) }):
		add("tags", "tag_too_long", "每个标签不能超过 12 个字，多个标签用逗号或空格分隔。")
	}
	if f.ReviewBy.IsZero() {
		add("review_by", "review_by_required", "请填写复核日期。")
	}
	if f.State != FAQPublished && f.State != FAQHidden {
		add("state", "invalid_state", "状态应为“已发布”或“已隐藏”。")
	}
	if tooLong(f.SourceLetter, MaxFAQSourceLetter) {
		add("source_letter", "source_letter_too_long", "来源信件编号不能超过 40 个字符。")
	}
	if f.PolicyDocID < 0 {
		add("policy_doc_id", "invalid_policy_doc", "关联政策文件的编号应为正整数。")
	}
	return errs.Join(ps...)
}

// CanEditFAQ reports whether u may write, edit, hide or publish the
// entries of department dept: the 政务公开办 (auth.Supervise) every
// department's, a department's replier (auth.ReplyLetters) their own.
func CanEditFAQ(u *auth.User, dept int64) bool {
	if u.Can(auth.Supervise) {
		return true
	}
	return u.Can(auth.ReplyLetters) && u.DeptID != 0 && u.DeptID == dept
}

// FAQFilter narrows a listing of the library. The zero value is every
// entry, newest change first.
type FAQFilter struct {
	// Q keeps the entries whose question or answer holds it (case folded).
	Q string
	// Tag keeps the entries with exactly this tag.
	Tag string
	// DeptID keeps one department's entries; 0 every department's.
	DeptID int64
	// State keeps one state; "" both (the public list is always published).
	State FAQState
	// ReviewFirst puts the published entries past their review date on
	// Today first, the oldest review date first (the staff list).
	ReviewFirst bool
	// Overdue keeps only the published entries past their review date on
	// Today.
	Overdue bool
	Today   calendar.Date
	Page    int // from 1
	Size    int // 1–MaxFAQPageSize; 0 is DefaultFAQPageSize
}

// The library's page sizes.
const (
	DefaultFAQPageSize = 20
	MaxFAQPageSize     = 200
)
