package search

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"gongkai/internal/errs"
)

// Limits of a query: what a person types, not what a program could.
const (
	MaxQueryRunes = 200 // characters of the whole query
	MaxClauses    = 10  // terms and phrases
	MaxTokens     = 64  // tokens over all clauses
)

// Clause is one term or quoted phrase of a query: its tokens must stand at
// consecutive positions. Prefix: the last token may be the start of a
// longer one (a query that ends in one Han character, as in 2024年, is
// found in 2024年度). Single: the clause is one Han character, found as
// the start of a bigram or as a run's tail.
type Clause struct {
	Text   string // as typed, for messages and highlighting
	Tokens []string
	Prefix bool
	Single bool
	Not    bool // -term: documents with it are excluded
}

// Query is a parsed query: every positive clause must match, no negative
// one may.
type Query struct {
	Clauses []Clause
}

func invalid(code, msg string) error { return errs.New(errs.Invalid, "search.Parse", code, msg) }

// Parse reads a query as people type it: words separated by spaces (all
// must match), "quoted phrases" (also “”), and -word or -"phrase" to
// exclude. Text without tokens (only punctuation) is ignored; a query
// with nothing to look for is refused with a Chinese message.
func Parse(q string) (*Query, error) {
	if !utf8.ValidString(q) {
		return nil, invalid("invalid_query", "搜索词含有无法识别的字符。")
	}
	if utf8.RuneCountInString(q) > MaxQueryRunes {
		return nil, invalid("query_too_long", "搜索词不超过 200 个字，请缩短后重试。")
	}
	var out Query
	tokens := 0
	for _, p := range pieces(q) {
		c := clauseOf(p.text, p.quoted)
		if len(c.Tokens) == 0 {
			continue
		}
		c.Not = p.not
		if len(out.Clauses) == MaxClauses {
			return nil, invalid("too_many_terms", "搜索词最多 10 个，请减少后重试。")
		}
		if tokens += len(c.Tokens); tokens > MaxTokens {
			return nil, invalid("query_too_long", "搜索词过长，请缩短后重试。")
		}
		out.Clauses = append(out.Clauses, c)
	}
	positive := false
	for _, c := range out.Clauses {
		positive = positive || !c.Not
	}
	switch {
	case len(out.Clauses) == 0:
		return nil, invalid("empty_query", "请输入要查找的文字（标点符号不参与搜索）。")
	case !positive:
		return nil, invalid("only_exclusions", "请至少输入一个要查找的词；前面带减号的词表示排除。")
	}
	return &out, nil
}

// piece is a term or a phrase as typed.
type piece struct {
	text   string
	quoted bool
	not    bool
}

func isQuote(r rune) bool { return r == '"' || r == '“' || r == '”' || r == '＂' }

// pieces splits a query at spaces outside quotes; an unclosed quote runs
// to the end.
func pieces(q string) []piece {
	var out []piece
	rs := []rune(q)
	for i := 0; i < len(rs); {
		r := rs[i]
		if unicode.IsSpace(r) || r == '\u3000' {
			i++
			continue
		}
		not := false
		if (r == '-' || r == '－') && i+1 < len(rs) && !unicode.IsSpace(rs[i+1]) {
			not = true
			i++
		}
		if i < len(rs) && isQuote(rs[i]) {
			j := i + 1
			for j < len(rs) && !isQuote(rs[j]) {
				j++
			}
			out = append(out, piece{string(rs[i+1 : min(j, len(rs))]), true, not})
			i = j + 1
			continue
		}
		j := i
		for j < len(rs) && !unicode.IsSpace(rs[j]) && rs[j] != '\u3000' && !isQuote(rs[j]) {
			j++
		}
		out = append(out, piece{string(rs[i:j]), false, not})
		i = j
	}
	return out
}

// clauseOf tokenizes one term or phrase as the index does, without the
// tails: bigrams already cover every character but a run's last, and a
// phrase's runs follow each other. Inside a phrase, spaces between Han
// characters are dropped (Chinese text has none).
func clauseOf(text string, quoted bool) Clause {
	c := Clause{Text: strings.TrimSpace(text)}
	if quoted {
		text = joinHan(text)
	}
	rs := runs(text)
	for i, r := range rs {
		switch {
		case r.class == word:
			c.Tokens = append(c.Tokens, string(r.runes))
		case len(r.runes) == 1:
			c.Tokens = append(c.Tokens, string(r.runes))
			if i == len(rs)-1 {
				c.Prefix = true
			}
		default:
			for j := 0; j+1 < len(r.runes); j++ {
				c.Tokens = append(c.Tokens, string(r.runes[j:j+2]))
			}
		}
	}
	c.Single = len(rs) == 1 && rs[0].class == han && len(rs[0].runes) == 1
	return c
}

// joinHan drops the spaces that stand between two Han characters.
func joinHan(s string) string {
	rs := []rune(s)
	var b strings.Builder
	for i, r := range rs {
		if unicode.IsSpace(r) {
			prev, next := i-1, i+1
			for prev >= 0 && unicode.IsSpace(rs[prev]) {
				prev--
			}
			for next < len(rs) && unicode.IsSpace(rs[next]) {
				next++
			}
			if prev >= 0 && next < len(rs) && unicode.Is(unicode.Han, rs[prev]) && unicode.Is(unicode.Han, rs[next]) {
				continue
			}
		}
		b.WriteRune(r)
	}
	return b.String()
}

// FTS5 is the query as an SQLite FTS5 MATCH expression over a table whose
// columns are named tokens and tails (see Index).
func (q *Query) FTS5() string {
	var pos, neg []string
	for _, c := range q.Clauses {
		phrase := `tokens : "` + strings.Join(c.Tokens, " ") + `"`
		if c.Prefix {
			phrase += "*"
		}
		if c.Single {
			phrase = "(" + phrase + ` OR tails : "` + c.Tokens[0] + `")`
		}
		if c.Not {
			neg = append(neg, phrase)
		} else {
			pos = append(pos, phrase)
		}
	}
	expr := strings.Join(pos, " AND ")
	for _, n := range neg {
		expr += " NOT " + n
	}
	return expr
}

// TSQuery is the query as a PostgreSQL tsquery over a tsvector built as
// setweight(to_tsvector('simple', tokens), 'A') ||
// setweight(to_tsvector('simple', tails), 'B'): phrases over the A
// tokens, a single character as an A prefix or a B tail.
func (q *Query) TSQuery() string {
	var parts []string
	for _, c := range q.Clauses {
		lex := make([]string, len(c.Tokens))
		for i, t := range c.Tokens {
			lex[i] = "'" + t + "':A"
			if c.Prefix && i == len(c.Tokens)-1 {
				lex[i] = "'" + t + "':*A"
			}
		}
		phrase := strings.Join(lex, " <-> ")
		if len(lex) > 1 {
			phrase = "(" + phrase + ")"
		}
		if c.Single {
			phrase = "('" + c.Tokens[0] + "':*A | '" + c.Tokens[0] + "':B)"
		}
		if c.Not {
			phrase = "!" + phrase
		}
		parts = append(parts, phrase)
	}
	return strings.Join(parts, " & ")
}

// DocNumberKey is the query read as one 发文字号 (its terms joined, as a
// number may be typed with spaces), for the document whose number it is;
// "-" (which no key holds) when a term is excluded.
func (q *Query) DocNumberKey() string {
	var b strings.Builder
	for _, c := range q.Clauses {
		if c.Not {
			return "-"
		}
		b.WriteString(c.Text)
	}
	return DocNumberKey(b.String())
}
