package search

import (
	"strings"
	"unicode"
)

// LogText is a query as the search dashboard keeps it: folded, spaces
// collapsed, and without what could identify a person: a run of six or
// more digits (a phone, an ID or a case number) becomes ＊, and a query
// with an e-mail address is not kept at all (""). 发文字号 years and
// numbers stay.
func LogText(q string) string {
	q = strings.Join(strings.Fields(Fold(q)), " ")
	if strings.Contains(q, "@") {
		return ""
	}
	rs := []rune(q)
	var b strings.Builder
	for i := 0; i < len(rs); {
		j := i
		for j < len(rs) && (unicode.IsDigit(rs[j]) || (j > i && (rs[j] == 'x'))) {
			j++
		}
		if j-i >= 6 {
			b.WriteRune('＊')
			i = j
			continue
		}
		if j == i {
			j = i + 1
		}
		b.WriteString(string(rs[i:j]))
		i = j
	}
	return b.String()
}
