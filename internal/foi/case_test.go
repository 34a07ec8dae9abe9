package foi_test

import (
	"strings"
	"testing"

	"gongkai/internal/calendar"
	"gongkai/internal/errs"
	"gongkai/internal/foi"
)

func codeOf(err error) string {
	if err == nil {
		return ""
	}
	c, _ := errs.Public(err)
	return c
}

// TestEventValidate: the event texts have one set of limits, whichever
// way the event arrives.
func TestEventValidate(t *testing.T) {
	long := func(n int) string { return strings.Repeat("字", n) }
	cases := []struct {
		name string
		e    foi.Event
		code string
	}{
		{"party at the limit", foi.Event{Type: foi.ConsultStart, Party: long(foi.MaxParty)}, ""},
		{"party too long", foi.Event{Type: foi.ConsultStart, Party: long(foi.MaxParty + 1)}, "field_too_long"},
		{"reason too long", foi.Event{Type: foi.Extend, Reason: long(foi.MaxReason + 1)}, "field_too_long"},
		{"carrier too long", foi.Event{Type: foi.Mail, Carrier: long(foi.MaxShort + 1)}, "field_too_long"},
		{"tracking number too long", foi.Event{Type: foi.Mail, TrackingNo: long(foi.MaxShort + 1)}, "field_too_long"},
		{"location too long", foi.Event{Type: foi.Archive, Location: long(foi.MaxLocation + 1)}, "field_too_long"},
		{"amount too large", foi.Event{Type: foi.FeeNotice, AmountYuan: foi.MaxAmountYuan + 1}, "invalid_amount"},
		{"amount at the limit", foi.Event{Type: foi.FeeNotice, AmountYuan: foi.MaxAmountYuan}, ""},
	}
	for _, tc := range cases {
		if got := codeOf(tc.e.Validate()); got != tc.code {
			t.Errorf("%s: %q, want %q", tc.name, got, tc.code)
		}
	}
}

func TestReviewValidate(t *testing.T) {
	d := calendar.MustParse
	cases := []struct {
		r    foi.Review
		code string
	}{
		{foi.Review{Kind: "reconsideration", FiledOn: d("2024-11-10"), Result: "pending"}, ""},
		{foi.Review{Kind: "litigation_direct", FiledOn: d("2024-11-10"), Result: "upheld", ClosedOn: d("2024-12-10")}, ""},
		{foi.Review{Kind: "appeal", FiledOn: d("2024-11-10"), Result: "pending"}, "invalid_review_kind"},
		{foi.Review{Kind: "reconsideration", FiledOn: d("2024-11-10"), Result: "won"}, "invalid_review_result"},
		{foi.Review{Kind: "reconsideration", Result: "pending"}, "invalid_date"},
		{foi.Review{Kind: "reconsideration", FiledOn: d("2024-11-10"), Result: "upheld"}, "invalid_closed_on"},
		{foi.Review{Kind: "reconsideration", FiledOn: d("2024-11-10"), Result: "upheld", ClosedOn: d("2024-11-01")}, "invalid_closed_on"},
	}
	for _, tc := range cases {
		if got := codeOf(tc.r.Validate()); got != tc.code {
			t.Errorf("%+v: %q, want %q", tc.r, got, tc.code)
		}
	}
	for _, k := range foi.ReviewKinds() {
		if foi.ReviewKindLabel(k) == "" {
			t.Errorf("review kind %s has no label", k)
		}
	}
	if len(foi.ReviewResults()) != 4 || foi.ReviewResultLabel("pending") != "尚未审结" {
		t.Errorf("review results: %v", foi.ReviewResults())
	}
}

func TestFileValidate(t *testing.T) {
	cases := []struct {
		f    foi.File
		code string
	}{
		{foi.File{Kind: "id_scan", MIME: "application/pdf", Size: 10}, ""},
		{foi.File{Kind: "other", MIME: "image/png", Size: foi.MaxFileSize}, ""},
		{foi.File{Kind: "photo", MIME: "image/png", Size: 10}, "invalid_file_kind"},
		{foi.File{Kind: "id_scan", MIME: "image/png", Size: foi.MaxFileSize + 1}, "file_too_large"},
		{foi.File{Kind: "id_scan", MIME: "application/vnd.openxmlformats-officedocument.wordprocessingml.document", Size: 10}, "attachment_type"},
		{foi.File{Kind: "id_scan", Size: 10}, ""}, // not yet detected
	}
	for _, tc := range cases {
		if got := codeOf(tc.f.Validate()); got != tc.code {
			t.Errorf("%+v: %q, want %q", tc.f, got, tc.code)
		}
	}
}

func TestDescribeDue(t *testing.T) {
	cases := []struct {
		l    foi.Light
		left int
		want string
	}{
		{foi.Red, -2, "已逾期 2 个工作日"},
		{foi.Red, 0, "已逾期 0 个工作日"}, // the rest day after the due day
		{foi.Yellow, 0, "今天到期"},
		{foi.Yellow, 3, "剩余 3 个工作日"},
		{foi.Green, 12, "剩余 12 个工作日"},
	}
	for _, tc := range cases {
		if got := foi.DescribeDue(tc.l, tc.left); got != tc.want {
			t.Errorf("%s %d: %q, want %q", tc.l, tc.left, got, tc.want)
		}
	}
}
