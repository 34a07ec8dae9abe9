package foi_test

import (
	"slices"
	"strings"
	"testing"

	"gongkai/internal/errs"
	"gongkai/internal/foi"
)

// TestValidCreditCode checks GB 32100-2015's structure and check character.
// The valid codes' check characters were computed by hand from the
// standard's table (values 0–30, weights 3^(i-1) mod 31), not by this
// package: the first is the standard's own worked example.
func TestValidCreditCode(t *testing.T) {
	valid := []string{
		"91350100M000100Y43", // GB 32100-2015, the example of the check-character calculation
		"91310114MA1GT35K5B", // 企业 (工商), 嘉定区
		"11310114002461830F", // 机关 (机构编制)
		"123101144250316379", // 事业单位
		"52310114MJ4990871C", // 民办非企业单位 (民政)
		"93310114MA1N2W3X4B", // 农民专业合作社
		"Y1310114MA1FL0004U", // 其他登记管理部门
	}
	for _, s := range valid {
		if !foi.ValidCreditCode(s) {
			t.Errorf("%s refused", s)
		}
	}
	invalid := map[string]string{
		"91350100M000100Y4Z":  "the standard's example of a wrong check character",
		"91350100M000100Y44":  "check character off by one",
		"91350100M000100Y4":   "17 characters",
		"91350100M000100Y433": "19 characters",
		"91350100M0001O0Y43":  "O is not in the alphabet",
		"91350100m000100Y43":  "lower case",
		"B1310114MA1GT35K5B":  "B is no registration authority",
		"94310114MA1GT35K5B":  "9 (工商) registers no kind 4",
		"9131A114MA1GT35K5B":  "a letter in the region code",
		"":                    "empty",
	}
	for s, why := range invalid {
		if foi.ValidCreditCode(s) {
			t.Errorf("%q accepted (%s)", s, why)
		}
	}
	// A single changed character is always caught (MOD 31 with weights prime
	// to 31): every substitution in the example's first 17 characters.
	const alphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY"
	base := "91350100M000100Y43"
	for i := 8; i < 17; i++ {
		for _, c := range alphabet {
			if byte(c) == base[i] {
				continue
			}
			s := base[:i] + string(c) + base[i+1:]
			if foi.ValidCreditCode(s) {
				t.Errorf("%s (position %d changed) accepted", s, i+1)
			}
		}
	}
}

func goodOrg() (foi.Applicant, foi.Request) {
	return foi.Applicant{Kind: "org", Name: "上海某某科技有限公司", OrgCategory: "business", IDType: "统一社会信用代码",
			IDNumber: "91310114MA1GT35K5B", LegalRep: "王建国", Contact: "李小红", Phone: "021-59990000", Address: "上海市嘉定区平城路811号"},
		foi.Request{Description: "2024年菊园新区加装电梯补贴发放明细", Format: "electronic", Delivery: "post"}
}

// problems is the (field, code) pairs of a check, in order.
func problems(err error) []string {
	var out []string
	for _, e := range errs.All(err) {
		out = append(out, e.Field+":"+e.Code)
	}
	return out
}

func TestOrgApplicant(t *testing.T) {
	cases := []struct {
		name   string
		change func(a *foi.Applicant)
		want   []string
	}{
		{"complete", func(a *foi.Applicant) {}, nil},
		{"lower-case code is normalised", func(a *foi.Applicant) { a.IDNumber = "91310114ma1gt35k5b" }, nil},
		{"no legal representative", func(a *foi.Applicant) { a.LegalRep = " " }, []string{"legal_rep:invalid_legal_rep"}},
		{"no contact", func(a *foi.Applicant) { a.Contact = "" }, []string{"contact:invalid_contact"}},
		{"control character in contact", func(a *foi.Applicant) { a.Contact = "李\x1b小红" }, []string{"contact:invalid_contact"}},
		{"contact too long", func(a *foi.Applicant) { a.Contact = strings.Repeat("李", foi.MaxName+1) }, []string{"contact:invalid_contact"}},
		{"no name", func(a *foi.Applicant) { a.Name = "" }, []string{"name:invalid_name"}},
		{"no phone", func(a *foi.Applicant) { a.Phone = "" }, []string{"phone:invalid_phone"}},
		{"wrong check character", func(a *foi.Applicant) { a.IDNumber = "91310114MA1GT35K5C" }, []string{"id_number:invalid_credit_code"}},
		{"no code", func(a *foi.Applicant) { a.IDNumber = "" }, []string{"id_number:invalid_id"}},
		{"no category", func(a *foi.Applicant) { a.OrgCategory = "" }, []string{"org_category:invalid_org_category"}},
		// An organisation without a credit code (registered abroad, or not
		// registered in China) shows another registration document; its
		// number is not checked by GB 32100.
		{"other document", func(a *foi.Applicant) { a.IDType, a.IDNumber = "其他", "HK-CR-1234567" }, nil},
		{"a person's document", func(a *foi.Applicant) { a.IDType, a.IDNumber = "居民身份证", "11010519491231002X" }, []string{"id_type:invalid_id_type"}},
		{"several at once", func(a *foi.Applicant) { a.Name, a.LegalRep, a.Contact, a.Phone = "", "", "", "x" },
			[]string{"name:invalid_name", "legal_rep:invalid_legal_rep", "contact:invalid_contact", "phone:invalid_phone"}},
	}
	for _, tc := range cases {
		a, r := goodOrg()
		tc.change(&a)
		a.Normalize()
		r.Normalize()
		if got := problems(foi.CheckApplication(&a, &r, today)); !slices.Equal(got, tc.want) {
			t.Errorf("%s: %v, want %v", tc.name, got, tc.want)
		}
	}
}

func TestPersonApplicantHasNoOrgFields(t *testing.T) {
	a := foi.Applicant{Kind: "person", Name: "张三", IDType: "居民身份证", IDNumber: "11010519491231002X", Phone: "13812345678",
		LegalRep: "王建国", Contact: "李小红", OrgCategory: "business"}
	got := problems(a.Validate(today))
	want := []string{"org_category:invalid_org_category", "legal_rep:invalid_legal_rep", "contact:invalid_contact"}
	if !slices.Equal(got, want) {
		t.Errorf("person with org fields: %v, want %v", got, want)
	}
	a = foi.Applicant{Kind: "person", Name: "张三", IDType: "统一社会信用代码", IDNumber: "91310114MA1GT35K5B", Phone: "13812345678"}
	if got := problems(a.Validate(today)); !slices.Equal(got, []string{"id_type:invalid_id_type"}) {
		t.Errorf("person with a credit code: %v", got)
	}
}

// TestProblemsAllAtOnce: every bad field is reported in one pass, in form
// order, each with its field; as one error the list is its first problem.
func TestProblemsAllAtOnce(t *testing.T) {
	a := foi.Applicant{Kind: "person", Name: "", IDType: "居民身份证", IDNumber: "110105194912310021", Phone: "12", Email: "not an email"}
	r := foi.Request{Description: "", Format: "fax", Delivery: "post"}
	err := foi.CheckApplication(&a, &r, today)
	want := []string{"name:invalid_name", "id_number:invalid_id_number", "phone:invalid_phone", "email:invalid_email",
		"description:description_required", "format:invalid_format", "address:address_required"}
	if got := problems(err); !slices.Equal(got, want) {
		t.Fatalf("problems %v, want %v", got, want)
	}
	for _, e := range errs.All(err) {
		if e.Kind != errs.Invalid || !strings.ContainsFunc(e.Message, func(r rune) bool { return r >= 0x4e00 && r <= 0x9fff }) {
			t.Errorf("%s: kind %s, message %q", e.Field, e.Kind, e.Message)
		}
	}
	if code, _ := errs.Public(err); code != "invalid_name" || errs.FieldOf(err) != "name" || !errs.Is(err, errs.Invalid) {
		t.Errorf("as one error: code %q field %q kind %s", code, errs.FieldOf(err), errs.KindOf(err))
	}
	if got := problems(errs.Wrap("store.CreateApplication", err)); !slices.Equal(got, want) {
		t.Errorf("wrapped: %v", got)
	}
	if n := len(a.Problems(today)); n != 4 {
		t.Errorf("applicant alone: %d problems, want 4", n)
	}
}

func TestMaskContact(t *testing.T) {
	for in, want := range map[string]string{"李小红": "李**", "王五": "王*", "欧阳娜娜": "欧***", "": ""} {
		if got := foi.MaskContact(in); got != want {
			t.Errorf("MaskContact(%q) = %q, want %q", in, got, want)
		}
	}
}
