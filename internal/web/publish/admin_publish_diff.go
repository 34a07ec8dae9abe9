package publish

import (
	"html"
	"regexp"
	"strings"
)

// apDiffKind says whether a line of a diff is kept, added or removed.
type apDiffKind int

const (
	apDiffSame apDiffKind = iota
	apDiffAdd
	apDiffDel
)

// apDiffOp is one line of a line diff.
type apDiffOp struct {
	Kind apDiffKind
	Text string
}

// Added and Removed let templates choose <ins> and <del>.
func (o apDiffOp) Added() bool   { return o.Kind == apDiffAdd }
func (o apDiffOp) Removed() bool { return o.Kind == apDiffDel }

// apMaxDiffCells bounds the LCS table (lines × lines); beyond it the changed
// middle is shown as removed-then-added, which is still a correct diff.
const apMaxDiffCells = 4_000_000

// apDiffLines returns an edit script from a to b by the longest common
// subsequence of lines, after trimming the common head and tail so the
// table covers only the changed middle.
func apDiffLines(a, b []string) []apDiffOp {
	var head, tail []apDiffOp
	for len(a) > 0 && len(b) > 0 && a[0] == b[0] {
		head = append(head, apDiffOp{apDiffSame, a[0]})
		a, b = a[1:], b[1:]
	}
	for len(a) > 0 && len(b) > 0 && a[len(a)-1] == b[len(b)-1] {
		tail = append(tail, apDiffOp{apDiffSame, a[len(a)-1]})
		a, b = a[:len(a)-1], b[:len(b)-1]
	}
	out := head
	if (len(a)+1)*(len(b)+1) > apMaxDiffCells {
		for _, l := range a {
			out = append(out, apDiffOp{apDiffDel, l})
		}
		for _, l := range b {
			out = append(out, apDiffOp{apDiffAdd, l})
		}
	} else {
		out = append(out, apLcsDiff(a, b)...)
	}
	for i := len(tail) - 1; i >= 0; i-- {
		out = append(out, tail[i])
	}
	return out
}

// apLcsDiff is the textbook dynamic programme: n[i][j] is the LCS length of
// a[i:] and b[j:]; walking it forward yields removals before additions.
func apLcsDiff(a, b []string) []apDiffOp {
	w := len(b) + 1
	n := make([]int32, (len(a)+1)*w)
	for i := len(a) - 1; i >= 0; i-- {
		for j := len(b) - 1; j >= 0; j-- {
			if a[i] == b[j] {
				n[i*w+j] = n[(i+1)*w+j+1] + 1
			} else {
				n[i*w+j] = max(n[(i+1)*w+j], n[i*w+j+1])
			}
		}
	}
	var out []apDiffOp
	i, j := 0, 0
	for i < len(a) && j < len(b) {
		switch {
		case a[i] == b[j]:
			out = append(out, apDiffOp{apDiffSame, a[i]})
			i, j = i+1, j+1
		case n[(i+1)*w+j] >= n[i*w+j+1]:
			out = append(out, apDiffOp{apDiffDel, a[i]})
			i++
		default:
			out = append(out, apDiffOp{apDiffAdd, b[j]})
			j++
		}
	}
	for ; i < len(a); i++ {
		out = append(out, apDiffOp{apDiffDel, a[i]})
	}
	for ; j < len(b); j++ {
		out = append(out, apDiffOp{apDiffAdd, b[j]})
	}
	return out
}

var (
	apBlockEnd = regexp.MustCompile(`(?i)<br\s*/?>|</(p|h[1-6]|li|tr|div|blockquote|table|caption|ol|ul)>`)
	apCellEnd  = regexp.MustCompile(`(?i)</t[dh]>`)
	apAnyTag   = regexp.MustCompile(`<[^>]*>`)
)

// apTextLines turns a stored HTML body into its lines of text: block ends
// break lines, table cells are separated by a tab-like gap, tags go.
func apTextLines(body string) []string {
	s := apBlockEnd.ReplaceAllString(body, "\n")
	s = apCellEnd.ReplaceAllString(s, "　")
	s = apAnyTag.ReplaceAllString(s, "")
	s = html.UnescapeString(s)
	var out []string
	for _, l := range strings.Split(s, "\n") {
		if l = strings.TrimSpace(l); l != "" {
			out = append(out, l)
		}
	}
	return out
}
