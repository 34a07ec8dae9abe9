// Package search turns text into the tokens both stores index and turns a
// citizen's query into the match expression both stores run, so SQLite
// (FTS5) and PostgreSQL (tsvector 'simple') return the same hits.
//
// Chinese has no spaces, so a run of Han characters is indexed as its
// overlapping pairs (bigrams: 加装电梯 → 加装 装电 电梯); a phrase of
// bigrams at consecutive positions is a substring, so every word inside a
// longer one is found (抽查 in 双随机抽查) and nothing else is (广州 is
// not 惠州). A run of one character is indexed as that character. The last
// character of a longer run also goes into a second field, the tails, so
// a one-character query finds it at the end of a run, where no bigram
// starts with it. Latin words and numbers are whole tokens. Every rune is
// folded on its own (full-width to half-width, upper to lower case), so a
// token's byte offsets are offsets into the original text, for snippets.
package search

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/width"
)

// Token is one indexed token: its text, its position (phrases are
// consecutive positions) and its bytes in the original text.
type Token struct {
	Text       string
	Pos        int
	Start, End int
}

// fold normalises one rune: full-width forms to half-width (ＡＢＣ１２３ →
// abc123), upper to lower case, and the brackets of document numbers
// (〔〕［］[]()（）【】) to 〔〕.
func fold(r rune) rune {
	if f := width.LookupRune(r).Folded(); f != 0 {
		r = f
	}
	switch r {
	case '[', '(', '【', '［', '（', '〔', '﹝':
		return '〔'
	case ']', ')', '】', '］', '）', '〕', '﹞':
		return '〕'
	}
	return unicode.ToLower(r)
}

// Fold returns s with every rune folded as the index folds it.
func Fold(s string) string {
	return strings.Map(fold, s)
}

// class is how the tokenizer treats a folded rune.
type class int

const (
	other class = iota // separator: punctuation, space, symbols
	han                // a CJK ideograph: paired with its neighbours
	word               // a letter or digit of another script: part of a word
)

func classOf(r rune) class {
	switch {
	case unicode.Is(unicode.Han, r):
		return han
	case unicode.IsLetter(r) || unicode.IsDigit(r):
		return word
	}
	return other
}

// run is a maximal stretch of runes of one class.
type run struct {
	class class
	runes []rune
	start []int // byte offset of each rune in the original text
	end   int   // byte offset after the last rune
}

// runs splits s into its Han runs and word runs; separators split runs.
func runs(s string) []run {
	var out []run
	var cur *run
	for i, r := range s {
		f := fold(r)
		c := classOf(f)
		if cur != nil && c != cur.class {
			out, cur = append(out, *cur), nil
		}
		if c == other {
			continue
		}
		if cur == nil {
			cur = &run{class: c}
		}
		cur.runes, cur.start = append(cur.runes, f), append(cur.start, i)
		cur.end = i + utf8.RuneLen(r)
	}
	if cur != nil {
		out = append(out, *cur)
	}
	return out
}

// Tokens are the tokens of text as the index holds them, and the tails:
// the last character of every Han run of two or more characters.
func Tokens(text string) (tokens, tails []Token) {
	pos := 0
	for _, r := range runs(text) {
		at := func(i int) int {
			if i < len(r.start) {
				return r.start[i]
			}
			return r.end
		}
		switch {
		case r.class == word:
			tokens = append(tokens, Token{string(r.runes), pos, r.start[0], r.end})
			pos++
		case len(r.runes) == 1:
			tokens = append(tokens, Token{string(r.runes), pos, r.start[0], r.end})
			pos++
		default:
			for i := 0; i+1 < len(r.runes); i++ {
				tokens = append(tokens, Token{string(r.runes[i : i+2]), pos, at(i), at(i + 2)})
				pos++
			}
			n := len(r.runes) - 1
			tails = append(tails, Token{string(r.runes[n]), pos - 1, at(n), r.end})
		}
	}
	return tokens, tails
}

// Index returns the three fields a store indexes of a document, each as
// space-separated tokens (what FTS5's unicode61 tokenizer and
// PostgreSQL's to_tsvector('simple', …) split back into the same
// tokens): the head's tokens (title, 发文字号, keywords: what relevance
// weighs), the body's, and the tails of both.
func Index(head, body string) (headTokens, bodyTokens, tails string) {
	h, ht := Tokens(head)
	b, bt := Tokens(body)
	return join(h), join(b), join(append(ht, bt...))
}

func join(ts []Token) string {
	var b strings.Builder
	for i, t := range ts {
		if i > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(t.Text)
	}
	return b.String()
}

// DocNumberKey is a 发文字号 as it is compared: folded, brackets of any
// kind as 〔〕, spaces and the connecting marks dropped, so 菊府发[2024]3号,
// 菊府发（2024）3号 and 菊府发〔2024〕3 号 have one key.
func DocNumberKey(s string) string {
	return strings.Map(func(r rune) rune {
		r = fold(r)
		if unicode.IsSpace(r) || r == '-' || r == '—' || r == '·' {
			return -1
		}
		return r
	}, s)
}
