package search

import (
	"slices"
	"strings"
	"unicode"
)

// Fragment is a piece of a snippet; Mark pieces are what the query found.
type Fragment struct {
	Text string
	Mark bool
}

// Snippet is about width characters of text around the first place a
// positive term of q occurs, with every occurrence of the terms in it
// marked. It is cut from the original text (folding keeps one rune for
// one rune, so a match in the folded text is the same runes of the
// original); runs of white space become one space. Without an occurrence
// (a match across a line break, say) it is the start of the text.
func Snippet(text string, q *Query, width int) []Fragment {
	rs := []rune(text)
	folded := []rune(Fold(text))
	var needles [][]rune
	for _, c := range q.Clauses {
		for _, f := range c.Forms {
			if n := []rune(f.Text); !c.Not && len(n) > 0 {
				needles = append(needles, n)
			}
		}
	}
	marked := make([]bool, len(rs))
	first := -1
	for _, n := range needles {
		for i := 0; i+len(n) <= len(folded); i++ {
			if slices.Equal(folded[i:i+len(n)], n) {
				for j := i; j < i+len(n); j++ {
					marked[j] = true
				}
				if first < 0 || i < first {
					first = i
				}
			}
		}
	}
	start := 0
	if first > width/3 {
		start = first - width/3
	}
	end := min(len(rs), start+width)
	var out []Fragment
	add := func(r rune, mark bool) {
		if unicode.IsSpace(r) {
			r = ' '
			if n := len(out); n == 0 || strings.HasSuffix(out[n-1].Text, " ") || strings.HasSuffix(out[n-1].Text, "…") {
				return
			}
		}
		if n := len(out); n > 0 && out[n-1].Mark == mark {
			out[n-1].Text += string(r)
			return
		}
		out = append(out, Fragment{string(r), mark})
	}
	if start > 0 {
		add('…', false)
	}
	for i := start; i < end; i++ {
		add(rs[i], marked[i])
	}
	if end < len(rs) {
		add('…', false)
	}
	return out
}
