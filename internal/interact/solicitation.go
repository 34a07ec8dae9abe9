package interact

import (
	"fmt"
	"strings"
	"time"

	"gongkai/internal/calendar"
	"gongkai/internal/errs"
)

// Solicitations (意见征集): a draft document put out for public comment
// from an open date through a close date (both civil dates in
// Asia/Shanghai, both days included). The comments themselves are letters
// of kind Comment whose target is the solicitation's id; after the close
// date the drafting department publishes its feedback (反馈).

// DraftKind is what kind of document the draft is; it sets the minimum
// comment period.
type DraftKind string

// The kinds of drafts.
const (
	DraftNormative       DraftKind = "normative"        // 行政规范性文件
	DraftNormativeMarket DraftKind = "normative_market" // 规范性文件（涉及市场主体权利义务）
	DraftRule            DraftKind = "rule"             // 规章
	DraftMajor           DraftKind = "major"            // 重大行政决策
	DraftOther           DraftKind = "other"            // 其他
)

var draftKindLabels = map[DraftKind]string{
	DraftNormative: "规范性文件", DraftNormativeMarket: "规范性文件（涉及市场主体）", DraftRule: "规章",
	DraftMajor: "重大行政决策", DraftOther: "其他",
}

// Label is the kind's Chinese name.
func (k DraftKind) Label() string { return draftKindLabels[k] }

// Valid reports whether k is one of the kinds.
func (k DraftKind) Valid() bool { return k.Label() != "" }

// DraftKinds lists the kinds in the order forms offer them.
func DraftKinds() []DraftKind {
	return []DraftKind{DraftNormative, DraftNormativeMarket, DraftRule, DraftMajor, DraftOther}
}

// MinimumPeriod is the shortest comment period a kind of draft should
// have: Days calendar days, or working days when Workdays is set, counted
// over the open period with both ends included.
type MinimumPeriod struct {
	Days     int
	Workdays bool
	Source   string // the rule that sets it, as staff are told
}

// MinimumPeriods are the minimum comment periods by kind of draft; a kind
// not listed has none. Each is "一般不少于", so staff may set less with a
// recorded reason (Solicitation.ShortReason), never silently.
var MinimumPeriods = map[DraftKind]MinimumPeriod{
	// 《上海市行政规范性文件管理规定》: 公开征求意见的期限一般不少于 7 个工作日.
	DraftNormative: {7, true, "《上海市行政规范性文件管理规定》"},
	// 《优化营商环境条例》第六十二条: 涉及市场主体权利义务的行政法规、规章、
	// 行政规范性文件, 征求意见时间一般不少于 30 日.
	DraftNormativeMarket: {30, false, "《优化营商环境条例》第六十二条"},
	// 《规章制定程序条例》第十五条: 向社会公布征求意见的期限一般不少于 30 日.
	DraftRule: {30, false, "《规章制定程序条例》第十五条"},
	// 《重大行政决策程序暂行条例》第十四条: 征求意见期限一般不少于 30 日.
	DraftMajor: {30, false, "《重大行政决策程序暂行条例》第十四条"},
}

// Text is the minimum as a phrase, e.g. "7 个工作日" or "30 日".
func (m MinimumPeriod) Text() string {
	if m.Workdays {
		return fmt.Sprintf("%d 个工作日", m.Days)
	}
	return fmt.Sprintf("%d 日", m.Days)
}

// PeriodLength is the open period opens..closes, both days included: its
// calendar days and its working days by cal.
func PeriodLength(cal *calendar.Calendar, opens, closes calendar.Date) (days, workdays int) {
	if opens.IsZero() || closes.IsZero() || closes.Before(opens) {
		return 0, 0
	}
	work, _ := cal.CountWorkdays(opens.AddDays(-1), closes)
	return daysBetween(opens, closes) + 1, work
}

func daysBetween(a, b calendar.Date) int {
	ta := time.Date(a.Year, a.Month, a.Day, 12, 0, 0, 0, time.UTC)
	tb := time.Date(b.Year, b.Month, b.Day, 12, 0, 0, 0, time.UTC)
	return int(tb.Sub(ta).Hours() / 24)
}

// PeriodWarning is the warning for a period shorter than its kind's
// minimum, or "" when the period is long enough (or the kind has none).
func PeriodWarning(cal *calendar.Calendar, kind DraftKind, opens, closes calendar.Date) string {
	m, ok := MinimumPeriods[kind]
	if !ok || opens.IsZero() || closes.IsZero() || closes.Before(opens) {
		return ""
	}
	days, work := PeriodLength(cal, opens, closes)
	have, unit := days, "日"
	if m.Workdays {
		have, unit = work, "个工作日"
	}
	if have >= m.Days {
		return ""
	}
	return fmt.Sprintf("%s公开征求意见的期限一般不少于 %s（%s），本次征求意见期只有 %d %s。", kind.Label(), m.Text(), m.Source, have, unit)
}

// Field limits of a solicitation and its feedback.
const (
	MaxSolicitationTitle = 200
	MaxSummary           = 2000
	MaxDraftText         = 50000
	MaxShortReason       = 500
	MaxFeedbackText      = 10000
	MaxPoints            = 200
	MaxPoint             = 1000
	MaxPointReason       = 2000
)

// Solicitation is a draft out for comment.
type Solicitation struct {
	ID     int64
	Title  string
	DeptID int64 // the drafting department; its repliers answer the comments
	Kind   DraftKind
	// The draft: a published document of active disclosure (DocID), or,
	// when none is linked, its full text here (DraftText). Summary is the
	// optional 起草说明 shown above it.
	DocID     int64
	DocIndex  string // the linked document's 索引号 and title while it is public (read only)
	DocTitle  string
	Summary   string
	DraftText string
	OpensOn   calendar.Date
	ClosesOn  calendar.Date
	// ShortReason is why staff set a period below the kind's minimum;
	// it is required then and recorded in the audit trail.
	ShortReason string
	Feedback    *Feedback // nil until published
	Version     int64
	CreatedBy   string
	CreatedAt   time.Time
	UpdatedAt   time.Time
}

// Normalize trims the fields.
func (s *Solicitation) Normalize() {
	s.Title = strings.TrimSpace(s.Title)
	s.Summary = strings.TrimSpace(strings.ReplaceAll(s.Summary, "\r\n", "\n"))
	s.DraftText = strings.TrimSpace(strings.ReplaceAll(s.DraftText, "\r\n", "\n"))
	s.ShortReason = strings.TrimSpace(s.ShortReason)
}

// Problems lists what is wrong with s, in form order. A period shorter
// than the minimum is a problem only while no reason is given: confirmed
// says staff ticked the box that they set it on purpose.
func (s *Solicitation) Problems(cal *calendar.Calendar, confirmed bool) []*errs.Error {
	var out []*errs.Error
	switch {
	case s.Title == "":
		out = append(out, problem("title", "title_required", "请填写征集标题。"))
	case tooLong(s.Title, MaxSolicitationTitle) || !plainText(s.Title, false):
		out = append(out, problem("title", "invalid_title", "征集标题不超过 200 个字，不含换行等特殊字符。"))
	}
	if s.DeptID == 0 {
		out = append(out, problem("dept", "dept_required", "请选择起草部门。"))
	}
	if !s.Kind.Valid() {
		out = append(out, problem("kind", "invalid_draft_kind", "请选择草案类别。"))
	}
	if tooLong(s.Summary, MaxSummary) || !plainText(s.Summary, true) {
		out = append(out, problem("summary", "invalid_summary", "起草说明不超过 2000 个字，不含控制字符。"))
	}
	switch {
	case s.DocID == 0 && s.DraftText == "":
		out = append(out, problem("draft_text", "draft_required", "请关联已公开的草案文件，或填写草案全文。"))
	case tooLong(s.DraftText, MaxDraftText) || !plainText(s.DraftText, true):
		out = append(out, problem("draft_text", "invalid_draft_text", "草案全文不超过 50000 个字，不含控制字符。"))
	}
	switch {
	case s.OpensOn.IsZero():
		out = append(out, problem("opens_on", "opens_on_required", "请填写征集开始日期。"))
	case s.ClosesOn.IsZero():
		out = append(out, problem("closes_on", "closes_on_required", "请填写征集截止日期。"))
	case s.ClosesOn.Before(s.OpensOn):
		out = append(out, problem("closes_on", "closes_before_opens", "截止日期不能早于开始日期。"))
	case s.Kind.Valid():
		if w := PeriodWarning(cal, s.Kind, s.OpensOn, s.ClosesOn); w == "" {
			s.ShortReason = ""
		} else if !confirmed {
			out = append(out, problem("closes_on", "period_too_short", w+"如确需缩短，请勾选确认并写明理由。"))
		} else if s.ShortReason == "" {
			out = append(out, problem("short_reason", "short_reason_required", "请写明征求意见期限少于规定期限的理由。"))
		}
	}
	if tooLong(s.ShortReason, MaxShortReason) || !plainText(s.ShortReason, true) {
		out = append(out, problem("short_reason", "invalid_short_reason", "理由不超过 500 个字，不含控制字符。"))
	}
	return out
}

// SolicitationState is where a solicitation stands, by the dates.
type SolicitationState string

// The states.
const (
	Upcoming        SolicitationState = "upcoming" // 尚未开始
	Open            SolicitationState = "open"     // 征集中
	Closed          SolicitationState = "closed"   // 已截止
	FeedbackPublish SolicitationState = "feedback" // 已反馈
)

var stateLabels = map[SolicitationState]string{Upcoming: "尚未开始", Open: "征集中", Closed: "已截止", FeedbackPublish: "已反馈"}

// Label is the state's Chinese name.
func (s SolicitationState) Label() string { return stateLabels[s] }

// State is where s stands on today.
func (s *Solicitation) State(today calendar.Date) SolicitationState {
	switch {
	case s.Feedback != nil:
		return FeedbackPublish
	case today.Before(s.OpensOn):
		return Upcoming
	case today.After(s.ClosesOn):
		return Closed
	}
	return Open
}

// Accepts reports whether s takes a comment on today: refused before the
// open date and after the close date, with the reason the writer is told.
func (s *Solicitation) Accepts(today calendar.Date) error {
	const op = "interact.Accepts"
	switch {
	case today.Before(s.OpensOn):
		return errs.InField("target", errs.New(errs.Conflict, op, "solicitation_not_open",
			"本次意见征集自 "+s.OpensOn.String()+" 起接收意见，目前尚未开始。"))
	case today.After(s.ClosesOn):
		return errs.InField("target", errs.New(errs.Conflict, op, "solicitation_closed",
			"本次意见征集已于 "+s.ClosesOn.String()+" 截止，不再接收意见。"))
	}
	return nil
}

// CommentSubject is the subject a comment letter gets: the comment form
// asks for none.
func CommentSubject(title string) string {
	s := "对《" + title + "》的意见"
	if r := []rune(s); len(r) > MaxSubject {
		s = string(r[:MaxSubject-1]) + "…"
	}
	return s
}

// Outcome is what became of one point of the comments.
type Outcome string

// The outcomes.
const (
	Adopted    Outcome = "adopted"  // 采纳
	Partial    Outcome = "partial"  // 部分采纳
	NotAdopted Outcome = "rejected" // 未采纳
)

var outcomeLabels = map[Outcome]string{Adopted: "采纳", Partial: "部分采纳", NotAdopted: "未采纳"}

// Label is the outcome's Chinese name.
func (o Outcome) Label() string { return outcomeLabels[o] }

// Outcomes lists the outcomes in the order forms offer them.
func Outcomes() []Outcome { return []Outcome{Adopted, Partial, NotAdopted} }

// FeedbackPoint is one row of the feedback's table.
type FeedbackPoint struct {
	Point   string  // 意见要点
	Outcome Outcome // 采纳情况
	Reason  string  // 理由
}

// Feedback is the drafting department's published answer to the comments.
type Feedback struct {
	Received    int // comments received (counted from the letters when published)
	Adopted     int // comments adopted, in whole or in part
	Text        string
	Points      []FeedbackPoint
	PublishedBy string
	PublishedAt time.Time
}

// Normalize trims the feedback and drops empty rows.
func (f *Feedback) Normalize() {
	f.Text = strings.TrimSpace(strings.ReplaceAll(f.Text, "\r\n", "\n"))
	var kept []FeedbackPoint
	for _, p := range f.Points {
		p.Point = strings.TrimSpace(strings.ReplaceAll(p.Point, "\r\n", "\n"))
		p.Reason = strings.TrimSpace(strings.ReplaceAll(p.Reason, "\r\n", "\n"))
		if p.Point == "" && p.Reason == "" {
			continue
		}
		kept = append(kept, p)
	}
	f.Points = kept
}

// Problems lists what is wrong with the feedback.
func (f *Feedback) Problems() []*errs.Error {
	var out []*errs.Error
	if f.Adopted < 0 || f.Adopted > f.Received {
		out = append(out, problem("adopted", "invalid_adopted", fmt.Sprintf("采纳的意见条数应在 0 至 %d（收到的意见条数）之间。", f.Received)))
	}
	if tooLong(f.Text, MaxFeedbackText) || !plainText(f.Text, true) {
		out = append(out, problem("text", "invalid_feedback_text", "反馈说明不超过 10000 个字，不含控制字符。"))
	}
	if f.Text == "" && len(f.Points) == 0 {
		out = append(out, problem("text", "feedback_required", "请填写意见采纳情况表，或写明反馈说明。"))
	}
	if len(f.Points) > MaxPoints {
		out = append(out, problem("points", "too_many_points", "意见采纳情况表最多 200 行。"))
	}
	for i, p := range f.Points {
		at := fmt.Sprintf("第 %d 行：", i+1)
		switch {
		case p.Point == "":
			out = append(out, problem("points", "point_required", at+"请填写意见要点。"))
		case tooLong(p.Point, MaxPoint) || !plainText(p.Point, true):
			out = append(out, problem("points", "invalid_point", at+"意见要点不超过 1000 个字，不含控制字符。"))
		case p.Outcome.Label() == "":
			out = append(out, problem("points", "invalid_outcome", at+"请选择采纳情况：采纳、部分采纳或未采纳。"))
		case p.Outcome != Adopted && p.Reason == "":
			out = append(out, problem("points", "reason_required", at+"部分采纳或未采纳的，请写明理由。"))
		case tooLong(p.Reason, MaxPointReason) || !plainText(p.Reason, true):
			out = append(out, problem("points", "invalid_reason", at+"理由不超过 2000 个字，不含控制字符。"))
		}
	}
	return out
}

// CommentRow is one comment as the drafting office receives it: no name,
// phone or e-mail, and the text with any personal details the writer typed
// into it removed (PublicText).
type CommentRow struct {
	Number     string
	ReceivedOn calendar.Date
	Content    string
	Status     Status
}

// CanPublishFeedback refuses feedback before the period is over: the
// feedback answers every comment, so it waits for the last one.
func (s *Solicitation) CanPublishFeedback(today calendar.Date) error {
	if !today.After(s.ClosesOn) {
		return errs.New(errs.Conflict, "interact.CanPublishFeedback", "solicitation_not_closed",
			"意见征集于 "+s.ClosesOn.String()+" 截止，截止之后才能发布反馈。")
	}
	return nil
}
