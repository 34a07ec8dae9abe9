package foi_test

import (
	"testing"

	"gongkai/internal/errs"
	"gongkai/internal/foi"
)

func TestStaffSees(t *testing.T) {
	for _, c := range []struct {
		who  foi.Staff
		dept int64
		want bool
	}{
		{foi.Staff{Head: true, DeptID: 3}, 7, true},
		{foi.Staff{Office: true, DeptID: 1}, 7, true},
		{foi.Staff{DeptID: 7}, 7, true},
		{foi.Staff{DeptID: 3}, 7, false},
		{foi.Staff{DeptID: 0}, 0, false}, // no department sees nothing
	} {
		if got := c.who.Sees(c.dept); got != c.want {
			t.Errorf("%+v sees a case of department %d: %v, want %v", c.who, c.dept, got, c.want)
		}
	}
}

// TestPermit is the sign-off as a table: who may review a draft and who
// may record the answer, with and without one-step answering.
func TestPermit(t *testing.T) {
	pending := &foi.Clock{DraftSeq: 3, Draft: &foi.Event{Type: foi.Draft, Outcome: foi.Disclose}}
	approved := &foi.Clock{DraftSeq: 3, Draft: &foi.Event{Type: foi.Draft, Outcome: foi.Disclose}, DraftApproved: true}
	none := &foi.Clock{}
	officer, office, head := foi.Staff{DeptID: 7}, foi.Staff{Office: true, DeptID: 1}, foi.Staff{Head: true, DeptID: 1}
	drafter := foi.Staff{Office: true, DeptID: 1, Drafted: true}
	two, one := &foi.Office{}, &foi.Office{OneStep: true}
	answer, sign := foi.Event{Type: foi.Answer, Outcome: foi.Disclose}, foi.Event{Type: foi.Answer, Draft: 3}
	approve := foi.Event{Type: foi.DraftApproved}
	for _, c := range []struct {
		name string
		c    *foi.Clock
		e    foi.Event
		who  foi.Staff
		o    *foi.Office
		code string // "" allowed
	}{
		{"officer answers", none, answer, officer, two, "answer_needs_signoff"},
		{"office answers", none, answer, office, two, "answer_needs_signoff"},
		{"head answers directly", none, answer, head, two, ""},
		{"officer answers in one step", none, answer, officer, one, ""},
		{"officer reviews", pending, approve, officer, two, "review_needs_office"},
		{"office reviews", pending, approve, office, two, ""},
		{"drafter reviews own draft", pending, approve, drafter, two, "review_needs_another"},
		{"drafter reviews in one step", pending, approve, drafter, one, ""},
		{"head signs an unreviewed draft", pending, sign, head, two, "draft_not_approved"},
		{"office signs the reviewed draft", approved, sign, office, two, "answer_needs_head"},
		{"head signs the reviewed draft", approved, sign, head, two, ""},
		{"head signs another draft", approved, foi.Event{Type: foi.Answer, Draft: 2}, head, two, "draft_not_approved"},
		{"officer extends", none, foi.Event{Type: foi.Extend}, officer, one, "extension_needs_head"},
		{"officer records a call", none, foi.Event{Type: foi.Contact}, officer, two, ""},
	} {
		err := foi.Permit(c.c, c.e, c.who, c.o)
		if code, _ := errs.Public(err); (c.code == "") != (err == nil) || err != nil && code != c.code {
			t.Errorf("%s: %v, want %q", c.name, err, c.code)
		}
	}
}

func TestOfficeNoticeNumber(t *testing.T) {
	o := foi.Office{NoticePattern: "菊园依申〔{year}〕{seq}号"}
	o.Normalize()
	if err := o.Validate(); err != nil {
		t.Fatal(err)
	}
	if got := o.NoticeNumber(2026, 12); got != "菊园依申〔2026〕12号" {
		t.Errorf("number %q", got)
	}
	for _, p := range []string{"依申{seq}号", "依申〔{year}〕号", "依申〔{year}〕{seq}-{seq}号"} {
		bad := foi.Office{NoticePattern: p}
		if code, _ := errs.Public(bad.Validate()); code != "invalid_notice_pattern" {
			t.Errorf("pattern %q: %q", p, code)
		}
	}
	var empty foi.Office
	empty.Normalize()
	if empty.NoticePattern != foi.DefaultNoticePattern || empty.Validate() != nil {
		t.Errorf("the default pattern: %q", empty.NoticePattern)
	}
}
