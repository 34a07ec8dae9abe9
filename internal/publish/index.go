package publish

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"

	"gongkai/internal/errs"
)

// DefaultIndexPattern reproduces the national and Shanghai form of the
// 索引号, e.g. 00001434-9/2024-00000030: organisation code, year, and an
// 8-digit yearly sequence per organ.
const DefaultIndexPattern = "{org}/{year}-{seq:8}"

var segmentRe = regexp.MustCompile(`\{([a-z]+)(?::([0-9]+))?\}`)

// ValidateIndexPattern checks an index-number rule: it must contain exactly
// one {seq:N} (N from 3 to 12) and a {year}, so numbers are unique per organ
// and year, and only known segments.
func ValidateIndexPattern(p string) error {
	const op = "publish.ValidateIndexPattern"
	seqs, years := 0, 0
	for _, m := range segmentRe.FindAllStringSubmatch(p, -1) {
		switch m[1] {
		case "seq":
			n, _ := strconv.Atoi(m[2])
			if n < 3 || n > 12 {
				return errs.New(errs.Invalid, op, "invalid_index_pattern", "流水号位数应为 3–12，如 {seq:8}。")
			}
			seqs++
		case "year":
			years++
		case "org", "dept":
		default:
			return errs.Newf(errs.Invalid, op, "invalid_index_pattern", "未知的索引号段“{%s}”，可用 {org}、{dept}、{year}、{seq:N}。", m[1])
		}
	}
	rest := segmentRe.ReplaceAllString(p, "")
	if seqs != 1 || years != 1 || strings.ContainsAny(rest, "{} \t\r\n") || len([]rune(rest)) > 10 {
		return errs.New(errs.Invalid, op, "invalid_index_pattern", "索引号规则须含一个 {year} 和一个 {seq:N}，分隔符不超过 10 个字符，例如 {org}/{year}-{seq:8}。")
	}
	return nil
}

// FormatIndexNumber renders a pattern for one organ, year and sequence number.
func FormatIndexNumber(pattern, orgCode, deptCode string, year int, seq int64) (string, error) {
	if err := ValidateIndexPattern(pattern); err != nil {
		return "", err
	}
	if orgCode == "" && strings.Contains(pattern, "{org}") {
		return "", errs.New(errs.Invalid, "publish.FormatIndexNumber", "org_code_required",
			"发布机构尚未登记组织机构代码，无法生成索引号。请系统管理员在部门管理中补充。")
	}
	var err error
	out := segmentRe.ReplaceAllStringFunc(pattern, func(seg string) string {
		m := segmentRe.FindStringSubmatch(seg)
		switch m[1] {
		case "org":
			return orgCode
		case "dept":
			return deptCode
		case "year":
			return strconv.Itoa(year)
		}
		width, _ := strconv.Atoi(m[2])
		s := fmt.Sprintf("%0*d", width, seq)
		if len(s) > width {
			err = errs.New(errs.Conflict, "publish.FormatIndexNumber", "index_sequence_exhausted", "本年度索引号流水号已用尽，请调整索引号规则的位数。")
		}
		return s
	})
	return out, err
}
