package foi

import (
	"strconv"
	"strings"
	"unicode/utf8"

	"gongkai/internal/errs"
)

// Office is the organ's 政府信息公开工作机构 as its notices and its rules
// need it: which department it is (its officers see every case, the
// officers of other departments only the cases assigned to them), who
// answers the applicant's questions, where a decision can be challenged,
// how notices are numbered and whether officers may answer in one step.
// It is a setting an administrator keeps, not a constant: every organ
// differs.
type Office struct {
	DeptID      int64  `json:"dept_id"`      // 0: the single top department
	Contact     string `json:"contact"`      // 联系人
	Phone       string `json:"phone"`        // 联系电话
	Address     string `json:"address"`      // 通信地址
	ReviewOrgan string `json:"review_organ"` // 行政复议机关
	Court       string `json:"court"`        // 有管辖权的人民法院
	// NoticePattern numbers the notices (文书编号): {year} and {seq} are
	// replaced, e.g. 菊园依申〔{year}〕{seq}号. Numbers run per year and are
	// never reused.
	NoticePattern string `json:"notice_pattern"`
	// OneStep lets an officer record the answer without 审核 and 签发 (a
	// small organ whose office is one person).
	OneStep bool `json:"one_step"`
}

// DefaultNoticePattern numbers notices when an organ has not chosen its own.
const DefaultNoticePattern = "依申〔{year}〕{seq}号"

// MaxOfficeText is the limit of each text setting of the office.
const MaxOfficeText = 100

// Normalize trims the texts and fills the default pattern.
func (o *Office) Normalize() {
	for _, p := range []*string{&o.Contact, &o.Phone, &o.Address, &o.ReviewOrgan, &o.Court, &o.NoticePattern} {
		*p = strings.TrimSpace(*p)
	}
	if o.NoticePattern == "" {
		o.NoticePattern = DefaultNoticePattern
	}
}

// Validate checks the settings as entered; the messages name the field.
func (o *Office) Validate() error {
	const op = "foi.Office.Validate"
	for _, f := range []struct{ value, name, field string }{
		{o.Contact, "联系人", "contact"}, {o.Phone, "联系电话", "phone"}, {o.Address, "通信地址", "address"},
		{o.ReviewOrgan, "行政复议机关", "review_organ"}, {o.Court, "人民法院", "court"}, {o.NoticePattern, "文书编号格式", "notice_pattern"},
	} {
		if utf8.RuneCountInString(f.value) > MaxOfficeText {
			return errs.InField(f.field, errs.Newf(errs.Invalid, op, "field_too_long", "“%s”不超过 %d 个字。", f.name, MaxOfficeText))
		}
		if !plainText(f.value, false) {
			return errs.InField(f.field, errs.Newf(errs.Invalid, op, "invalid_text", "“%s”含有不可见的控制字符。", f.name))
		}
	}
	if strings.Count(o.NoticePattern, "{seq}") != 1 || !strings.Contains(o.NoticePattern, "{year}") {
		// The sequence starts again each year: without the year, numbers repeat.
		return errs.InField("notice_pattern", errs.New(errs.Invalid, op, "invalid_notice_pattern",
			"文书编号格式须含 {year}（年份）和一处 {seq}（当年序号），例如 菊园依申〔{year}〕{seq}号；序号每年重新编排，不含年份会重号。"))
	}
	if o.Phone != "" && !phoneRe.MatchString(o.Phone) {
		return errs.InField("phone", errs.New(errs.Invalid, op, "invalid_phone", "联系电话只能含数字、空格、连字符和开头的 +。"))
	}
	return nil
}

// NoticeNumber is the 文书编号 of the seq-th notice of year.
func (o *Office) NoticeNumber(year, seq int) string {
	p := o.NoticePattern
	if p == "" {
		p = DefaultNoticePattern
	}
	p = strings.ReplaceAll(p, "{year}", strconv.Itoa(year))
	return strings.ReplaceAll(p, "{seq}", strconv.Itoa(seq))
}

// Staff is a member of staff as the case rules see them.
type Staff struct {
	Head   bool  // a foi_head: sees every case, approves extensions, signs answers (签发)
	Office bool  // an officer of the 政府信息公开工作机构: sees every case, reviews drafts (审核)
	DeptID int64 // the officer's department
	// Drafted: the pending draft is theirs, so (unless a head, who may
	// sign without a review) they may not review it.
	Drafted bool
}

// Sees reports whether the member of staff may see and act on a case
// assigned to caseDept: heads and the office see every case, the officers
// of other departments only the ones assigned to their department.
func (w Staff) Sees(caseDept int64) bool {
	return w.SeesAll() || caseDept != 0 && caseDept == w.DeptID
}

// SeesAll reports whether the member of staff sees every case.
func (w Staff) SeesAll() bool { return w.Head || w.Office }

// Permit applies the sign-off rules to a new event e by who on the case
// as its clock stands: an answer is drafted (拟办), reviewed by the office
// (审核) and signed by a head (签发); a head may record the answer directly
// (the 签发 is theirs); with o.OneStep an officer may too.
func Permit(c *Clock, e Event, who Staff, o *Office) error {
	const op = "foi.Permit"
	switch e.Type {
	case Extend:
		if !who.Head {
			return errs.New(errs.Forbidden, op, "extension_needs_head", "延期须经政府信息公开工作机构负责人（依申请公开负责人）同意。")
		}
	case DraftApproved, DraftReturned:
		if !who.Head && !who.Office {
			return errs.New(errs.Forbidden, op, "review_needs_office", "拟办意见由政府信息公开工作机构审核。")
		}
		if e.Type == DraftApproved && who.Drafted && !who.Head && (o == nil || !o.OneStep) {
			return errs.New(errs.Forbidden, op, "review_needs_another", "拟办意见须由拟办人以外的人审核。")
		}
	case Answer:
		switch {
		case e.Draft != 0 && (c.DraftSeq != e.Draft || !c.DraftApproved):
			return errs.New(errs.Conflict, op, "draft_not_approved", "只能签发已审核通过的拟办意见；请刷新页面查看最新的拟办情况。")
		case who.Head, o != nil && o.OneStep:
		case c.DraftApproved:
			return errs.New(errs.Forbidden, op, "answer_needs_head", "拟办意见已审核，须由负责人签发。")
		default:
			return errs.New(errs.Forbidden, op, "answer_needs_signoff", "答复须先拟办，经政府信息公开工作机构审核后由负责人签发。")
		}
	}
	return nil
}
