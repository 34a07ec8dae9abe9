package enforcement

// 双公示: the publication of administrative licence (行政许可) and
// penalty (行政处罚) decisions. A decision is published within 7 working
// days of its date (publish_by on the working-day calendar; published
// later, it is flagged late), stays public for its category's 公示期
// counted from the decision date, and leaves every public list when that
// period ends or when the party's credit is repaired (信用修复) early.

import (
	"strings"
	"time"
	"unicode/utf8"

	"gongkai/internal/calendar"
	"gongkai/internal/errs"
	"gongkai/internal/foi"
	"gongkai/internal/secret"
)

// PublishWorkdays is the publication clock of 双公示: within 7 working
// days of the decision.
const PublishWorkdays = 7

// YellowWorkdays: the light turns yellow this many working days before
// publish_by.
const YellowWorkdays = 2

// Field limits of a decision, in characters.
const (
	MaxNumber    = 100
	MaxPartyName = 100
	MaxFacts     = 2000
	MaxBasis     = 1000
	MaxContent   = 2000
	MaxReason    = 500
)

// Kind is a decision's kind.
type Kind string

// The kinds of decisions.
const (
	Penalty Kind = "penalty" // 行政处罚
	Licence Kind = "licence" // 行政许可
)

// Label is the kind's Chinese name.
func (k Kind) Label() string {
	switch k {
	case Penalty:
		return "行政处罚"
	case Licence:
		return "行政许可"
	}
	return ""
}

// Kinds lists the kinds in the order forms offer them.
func Kinds() []Kind { return []Kind{Licence, Penalty} }

// Party kinds.
const (
	PartyOrg    = "org"    // 法人或其他组织
	PartyPerson = "person" // 自然人
)

// PartyKindLabel is a party kind's Chinese name.
func PartyKindLabel(k string) string {
	switch k {
	case PartyOrg:
		return "法人或其他组织"
	case PartyPerson:
		return "自然人"
	}
	return ""
}

// Category sets a decision's 公示期: Months from the decision date, and
// MinMonths before which credit repair cannot end it early.
type Category struct {
	Code      string
	Label     string
	Kind      Kind
	Months    int
	MinMonths int
	Source    string
}

// Categories is the 公示期 table. Penalties follow 发改办财金〔2019〕527号
// (一般失信: at least 3 months, at most 1 year; 严重失信: at least 6 months,
// at most 3 years); 特种设备, 安全生产 and 消防 penalties are public for at
// least a year. A decision's period is its category's Months; repair may
// end it early, not before MinMonths.
var Categories = []Category{
	{Code: "licence", Label: "行政许可", Kind: Licence, Months: 36,
		Source: "各地“双公示”规范的通行做法：行政许可信息公示期三年（待核实）"},
	{Code: "penalty_general", Label: "一般失信行为的行政处罚", Kind: Penalty, Months: 12, MinMonths: 3,
		Source: "发改办财金〔2019〕527号：最短公示期三个月，最长一年"},
	{Code: "penalty_serious", Label: "严重失信行为的行政处罚", Kind: Penalty, Months: 36, MinMonths: 6,
		Source: "发改办财金〔2019〕527号：最短公示期六个月，最长三年"},
	{Code: "special_equipment", Label: "特种设备安全领域的行政处罚", Kind: Penalty, Months: 12, MinMonths: 12,
		Source: "特种设备、安全生产、消防领域行政处罚信息最短公示期一年"},
	{Code: "work_safety", Label: "安全生产领域的行政处罚", Kind: Penalty, Months: 12, MinMonths: 12,
		Source: "特种设备、安全生产、消防领域行政处罚信息最短公示期一年"},
	{Code: "fire", Label: "消防安全领域的行政处罚", Kind: Penalty, Months: 12, MinMonths: 12,
		Source: "特种设备、安全生产、消防领域行政处罚信息最短公示期一年"},
}

// CategoryOf returns the category with code.
func CategoryOf(code string) (Category, bool) {
	for _, c := range Categories {
		if c.Code == code {
			return c, true
		}
	}
	return Category{}, false
}

// CategoriesOf lists the categories of kind k.
func CategoriesOf(k Kind) []Category {
	var out []Category
	for _, c := range Categories {
		if c.Kind == k {
			out = append(out, c)
		}
	}
	return out
}

// Repair is the record of a credit repair that ended a penalty's
// publication early.
type Repair struct {
	By     string
	At     time.Time
	Reason string
}

// Decision is one 双公示 entry.
type Decision struct {
	ID          int64
	Kind        Kind
	Number      string // 决定书文号
	DecidedOn   calendar.Date
	PartyKind   string
	PartyName   string // a person's name only in the staff's view; Masked is the public one
	PartyMasked string
	CreditCode  string // an organisation's 统一社会信用代码
	Facts       string // 事由 (违法事实 or 许可事项)
	Basis       string
	Content     string // 处罚内容 or 许可内容
	Category    string
	DeptID      int64
	DeptName    string // the deciding organ
	PublishBy   calendar.Date
	PublishedOn calendar.Date
	Late        bool
	Light       string // calendar.Light of publish_by on the day of publication
	PublicUntil calendar.Date
	Repair      *Repair
	CreatedBy   string
	Created     time.Time
}

// KindLabel is the decision's kind in Chinese.
func (d *Decision) KindLabel() string { return d.Kind.Label() }

// CategoryLabel is the decision's category in Chinese.
func (d *Decision) CategoryLabel() string {
	c, _ := CategoryOf(d.Category)
	return c.Label
}

// PublicParty is the party as the public sees it: an organisation's name,
// a natural person's masked name.
func (d *Decision) PublicParty() string {
	if d.PartyKind == PartyPerson {
		return d.PartyMasked
	}
	return d.PartyName
}

// Public reports whether the entry is on the public lists today.
func (d *Decision) Public(today calendar.Date) bool {
	return d.Repair == nil && !today.After(d.PublicUntil)
}

// Normalize trims the fields and fills the masked party.
func (d *Decision) Normalize() {
	for _, p := range []*string{&d.Number, &d.PartyKind, &d.PartyName, &d.CreditCode, &d.Facts, &d.Basis, &d.Content, &d.Category} {
		*p = strings.TrimSpace(*p)
	}
	d.Kind = Kind(strings.TrimSpace(string(d.Kind)))
	d.CreditCode = strings.ToUpper(d.CreditCode)
	d.PartyMasked = MaskParty(d.PartyKind, d.PartyName)
}

// MaskParty is the public form of a party's name: a natural person's is
// masked as every other name of a private person on the site
// (secret.MaskName, 张**); an organisation's is shown whole.
func MaskParty(kind, name string) string {
	if kind == PartyPerson {
		return secret.MaskName(name)
	}
	return name
}

func problem(field, code, msg string) *errs.Error {
	return errs.New(errs.Invalid, "enforcement.Validate", code, msg).WithField(field)
}

func tooLong(s string, n int) bool { return utf8.RuneCountInString(s) > n }

// Validate checks an entry as entered, all fields at once; today bounds
// the decision date.
func (d *Decision) Validate(today calendar.Date) error {
	var ps []*errs.Error
	add := func(p *errs.Error) { ps = append(ps, p) }
	if d.Kind.Label() == "" {
		add(problem("kind", "invalid_kind", "决定类型应为 licence（行政许可）或 penalty（行政处罚）。"))
	}
	switch {
	case d.Number == "":
		add(problem("number", "number_required", "请填写决定书文号。"))
	case tooLong(d.Number, MaxNumber):
		add(problem("number", "number_too_long", "决定书文号不能超过 100 个字。"))
	}
	switch {
	case d.DecidedOn.IsZero():
		add(problem("decided_on", "decided_on_required", "请填写决定日期（YYYY-MM-DD）。"))
	case d.DecidedOn.After(today):
		add(problem("decided_on", "decided_on_future", "决定日期不能晚于今天。"))
	}
	switch d.PartyKind {
	case PartyOrg, PartyPerson:
	default:
		add(problem("party_kind", "invalid_party_kind", "相对人类型应为 org（法人或其他组织）或 person（自然人）。"))
	}
	switch {
	case d.PartyName == "":
		add(problem("party_name", "party_name_required", "请填写行政相对人名称或姓名。"))
	case tooLong(d.PartyName, MaxPartyName):
		add(problem("party_name", "party_name_too_long", "行政相对人名称不能超过 100 个字。"))
	}
	switch {
	case d.PartyKind == PartyOrg && d.CreditCode == "":
		add(problem("credit_code", "credit_code_required", "法人或其他组织请填写统一社会信用代码。"))
	case d.PartyKind == PartyOrg && !foi.ValidCreditCode(d.CreditCode):
		add(problem("credit_code", "invalid_credit_code", "统一社会信用代码应为 18 位数字或大写字母（不含 I、O、S、V、Z），前两位为登记管理部门和机构类别代码，且校验位正确。"))
	case d.PartyKind == PartyPerson && d.CreditCode != "":
		add(problem("credit_code", "credit_code_for_person", "自然人不填写统一社会信用代码，证件号码不予公示。"))
	}
	if tooLong(d.Facts, MaxFacts) {
		add(problem("facts", "facts_too_long", "事由不能超过 2000 个字。"))
	}
	switch {
	case d.Basis == "":
		add(problem("basis", "basis_required", "请填写决定依据。"))
	case tooLong(d.Basis, MaxBasis):
		add(problem("basis", "basis_too_long", "决定依据不能超过 1000 个字。"))
	}
	switch {
	case d.Content == "":
		add(problem("content", "content_required", "请填写决定内容。"))
	case tooLong(d.Content, MaxContent):
		add(problem("content", "content_too_long", "决定内容不能超过 2000 个字。"))
	}
	c, ok := CategoryOf(d.Category)
	switch {
	case !ok:
		add(problem("category", "invalid_category", "请选择公示类别（决定公示期）。"))
	case d.Kind.Label() != "" && c.Kind != d.Kind:
		add(problem("category", "category_kind_mismatch", "所选公示类别不适用于该决定类型。"))
	}
	return errs.Join(ps...)
}

// AddMonths is d plus n calendar months; a day past the end of the
// target month falls back to its last day (2026-01-31 + 1 → 2026-02-28).
func AddMonths(d calendar.Date, n int) calendar.Date {
	m := int(d.Month) - 1 + n
	y := d.Year + m/12
	m %= 12
	if m < 0 {
		m += 12
		y--
	}
	last := time.Date(y, time.Month(m+2), 0, 0, 0, 0, 0, time.UTC).Day()
	return calendar.Date{Year: y, Month: time.Month(m + 1), Day: min(d.Day, last)}
}

// PublicUntil is the last day a decision of category c decided on d is
// public: its period of Months runs from the decision date, so the day
// before the same date Months later.
func PublicUntil(c Category, d calendar.Date) calendar.Date {
	return AddMonths(d, c.Months).AddDays(-1)
}

// Schedule fills the entry's clock as published on the given day:
// publish_by (7 working days after the decision), the light on that day,
// the late flag and the end of its period.
func (d *Decision) Schedule(cal *calendar.Calendar, publishedOn calendar.Date) {
	d.PublishBy, _ = cal.AddWorkdays(d.DecidedOn, PublishWorkdays)
	d.PublishedOn = publishedOn
	d.Light = cal.Light(d.PublishBy, publishedOn, YellowWorkdays)
	d.Late = publishedOn.After(d.PublishBy)
	c, _ := CategoryOf(d.Category)
	d.PublicUntil = PublicUntil(c, d.DecidedOn)
}

// CanRepair checks that a credit repair may end the entry's publication
// today: only a penalty, still public, and not before its category's
// minimum period.
func (d *Decision) CanRepair(today calendar.Date, reason string) error {
	const op = "enforcement.CanRepair"
	c, _ := CategoryOf(d.Category)
	switch {
	case d.Kind != Penalty:
		return errs.New(errs.Invalid, op, "repair_not_penalty", "信用修复只适用于行政处罚信息。")
	case d.Repair != nil:
		return errs.New(errs.Conflict, op, "already_repaired", "该信息已因信用修复撤下。")
	case !d.Public(today):
		return errs.New(errs.Conflict, op, "period_over", "该信息的公示期已届满，无需信用修复。")
	case today.Before(AddMonths(d.DecidedOn, c.MinMonths)):
		return errs.Newf(errs.Invalid, op, "repair_too_early", "该类处罚信息最短公示期为 %d 个月，%s 前不能提前撤下。", c.MinMonths, AddMonths(d.DecidedOn, c.MinMonths))
	case strings.TrimSpace(reason) == "":
		return errs.InField("reason", errs.New(errs.Invalid, op, "reason_required", "请填写信用修复的依据（如修复决定文号）。"))
	case tooLong(reason, MaxReason):
		return errs.InField("reason", errs.New(errs.Invalid, op, "reason_too_long", "信用修复依据不能超过 500 个字。"))
	}
	return nil
}

// DecisionFilter narrows a public list: zero fields do not filter. The
// list runs newest decision first and pages by a cursor (the last row's
// decision date and id), so a page costs its own rows.
type DecisionFilter struct {
	Kind     Kind
	DeptID   int64
	Category string
	Today    calendar.Date // the public period's reference day
	Staff    bool          // staff list: expired and repaired entries too
	// After is the cursor: rows strictly after (AfterDate, AfterID) in
	// list order.
	AfterDate calendar.Date
	AfterID   int64
	Size      int
}

// Page sizes of the lists.
const (
	DefaultPageSize = 20
	MaxPageSize     = 100
)

// ResultWorkdays is the publication clock of 双随机 results (抽查情况,
// 查处结果): within 20 working days of the inspection's end.
const ResultWorkdays = 20

// ResultDue is the day by which the results of an inspection that ended
// on end are to be published.
func ResultDue(cal *calendar.Calendar, end calendar.Date) calendar.Date {
	due, _ := cal.AddWorkdays(end, ResultWorkdays)
	return due
}
