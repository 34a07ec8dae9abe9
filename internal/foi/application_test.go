package foi_test

import (
	"strings"
	"testing"

	"gongkai/internal/calendar"
	"gongkai/internal/errs"
	"gongkai/internal/foi"
)

func TestApplicantValidation(t *testing.T) {
	good := func() (foi.Applicant, foi.Request) {
		return foi.Applicant{Kind: "person", Name: "张三", IDType: "居民身份证", IDNumber: "11010519491231002X", Phone: "13812345678",
				Address: "上海市嘉定区平城路811号"},
			foi.Request{Description: "2024年菊园新区加装电梯补贴发放明细", Format: "electronic", Delivery: "post"}
	}
	cases := []struct {
		name   string
		change func(a *foi.Applicant, r *foi.Request)
		code   string
	}{
		{"ok", func(a *foi.Applicant, r *foi.Request) {}, ""},
		{"org without category", func(a *foi.Applicant, r *foi.Request) { a.Kind = "org" }, "invalid_org_category"},
		{"org", func(a *foi.Applicant, r *foi.Request) {
			a.Kind, a.OrgCategory, a.IDType, a.IDNumber = "org", "business", "统一社会信用代码", "91350100M000100Y43"
			a.Name, a.LegalRep, a.Contact = "某某科技有限公司", "王建国", "李小红"
		}, ""},
		{"wrong kind", func(a *foi.Applicant, r *foi.Request) { a.Kind = "robot" }, "invalid_applicant_kind"},
		{"bad id check digit", func(a *foi.Applicant, r *foi.Request) { a.IDNumber = "110105194912310021" }, "invalid_id_number"},
		{"no phone", func(a *foi.Applicant, r *foi.Request) { a.Phone = "" }, "invalid_phone"},
		{"bad email", func(a *foi.Applicant, r *foi.Request) { a.Email = "not an email" }, "invalid_email"},
		{"post without address", func(a *foi.Applicant, r *foi.Request) { a.Address = "" }, "address_required"},
		{"email delivery without email", func(a *foi.Applicant, r *foi.Request) { r.Delivery = "email" }, "email_required"},
		{"no description", func(a *foi.Applicant, r *foi.Request) { r.Description = " " }, "description_required"},
		{"huge description", func(a *foi.Applicant, r *foi.Request) { r.Description = strings.Repeat("长", 2001) }, "description_too_long"},
		{"bad format", func(a *foi.Applicant, r *foi.Request) { r.Format = "fax" }, "invalid_format"},
		{"script is text", func(a *foi.Applicant, r *foi.Request) { r.Description = "<script>alert(1)</script>" }, ""},
		// Birth dates inside the 居民身份证 number (GB 11643), each with a correct check character.
		{"id birth 2024-02-30", func(a *foi.Applicant, r *foi.Request) { a.IDNumber = withCheck("11010520240230002") }, "invalid_id_number"},
		{"id birth 2099", func(a *foi.Applicant, r *foi.Request) { a.IDNumber = withCheck("11010520990101002") }, "invalid_id_number"},
		{"id birth after today", func(a *foi.Applicant, r *foi.Request) { a.IDNumber = withCheck("11010520260303002") }, "invalid_id_number"},
		{"id birth 1800", func(a *foi.Applicant, r *foi.Request) { a.IDNumber = withCheck("11010518000101002") }, "invalid_id_number"},
		{"id birth month 13", func(a *foi.Applicant, r *foi.Request) { a.IDNumber = withCheck("11010519901301002") }, "invalid_id_number"},
		{"id birth 2000-02-29", func(a *foi.Applicant, r *foi.Request) { a.IDNumber = withCheck("11010520000229002") }, ""},
		{"id born today", func(a *foi.Applicant, r *foi.Request) { a.IDNumber = withCheck("11010520260302002") }, ""},
		// Control characters are refused in every field; long text keeps newlines and tabs.
		{"NUL in name", func(a *foi.Applicant, r *foi.Request) { a.Name = "张\x00三" }, "invalid_name"},
		{"escape in name", func(a *foi.Applicant, r *foi.Request) { a.Name = "张\x1b[31m三" }, "invalid_name"},
		{"newline in name", func(a *foi.Applicant, r *foi.Request) { a.Name = "张\n三" }, "invalid_name"},
		{"NUL in address", func(a *foi.Applicant, r *foi.Request) { a.Address = "上海\x00" }, "invalid_address"},
		{"NUL in id type", func(a *foi.Applicant, r *foi.Request) { a.IDType, a.IDNumber = "护照\x00", "E1234" }, "invalid_id"},
		{"NUL in description", func(a *foi.Applicant, r *foi.Request) { r.Description = "明细\x00" }, "invalid_description"},
		{"bidi override in description", func(a *foi.Applicant, r *foi.Request) { r.Description = "明细\u202e" }, "invalid_description"},
		{"NUL in purpose", func(a *foi.Applicant, r *foi.Request) { r.Purpose = "用途\x00" }, "invalid_purpose"},
		{"invalid UTF-8 in name", func(a *foi.Applicant, r *foi.Request) { a.Name = "张\xff" }, "invalid_name"},
		{"lines and tabs in description", func(a *foi.Applicant, r *foi.Request) { r.Description = "一、明细\n二、\t名单" }, ""},
		{"lines in purpose", func(a *foi.Applicant, r *foi.Request) { r.Purpose = "科研\n教学" }, ""},
	}
	for _, tc := range cases {
		a, r := good()
		tc.change(&a, &r)
		a.Normalize()
		r.Normalize()
		err := a.Validate(today)
		if err == nil {
			err = r.Validate(&a)
		}
		code := ""
		if err != nil {
			code, _ = errs.Public(err)
		}
		if code != tc.code {
			t.Errorf("%s: %q (%v), want %q", tc.name, code, err, tc.code)
		}
	}
}

// today is the date the applicant validation tests stand on.
var today = calendar.MustParse("2026-03-02")

// withCheck appends the GB 11643 check character to the first 17 digits.
func withCheck(s string) string {
	weights := [17]int{7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2}
	sum := 0
	for i := range 17 {
		sum += int(s[i]-'0') * weights[i]
	}
	return s + string("10X98765432"[sum%11])
}

func TestSimilar(t *testing.T) {
	if !foi.Similar("2024年菊园新区加装电梯补贴发放名单", "请提供2024年菊园新区加装电梯补贴的发放名单") {
		t.Error("near-identical requests not similar")
	}
	if foi.Similar("2024年菊园新区加装电梯补贴发放名单", "菊园新区2025年财政预算执行情况") {
		t.Error("different requests similar")
	}
}
