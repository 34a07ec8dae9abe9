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

// Form is one way a clause is found: its tokens at consecutive
// positions. Prefix: the last token may be the start of a longer one (a
// query that ends in one Han character, as in 2024年, is found in
// 2024年度). Single: the form is one Han character, found as the start of
// a bigram or as a run's tail.
type Form struct {
	Text   string // folded, for highlighting and relevance
	Tokens []string
	Prefix bool
	Single bool
}

// Clause is one term or quoted phrase of a query, found in any of its
// forms: as typed, or as one of its synonyms (Expand).
type Clause struct {
	Text  string // as typed, for messages
	Forms []Form // the typed form first
	Not   bool   // -term: documents with it are excluded
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
		f := formOf(p.text, p.quoted)
		if len(f.Tokens) == 0 {
			continue
		}
		c := Clause{Text: strings.TrimSpace(p.text), Forms: []Form{f}, Not: p.not}
		if len(out.Clauses) == MaxClauses {
			return nil, invalid("too_many_terms", "搜索词最多 10 个，请减少后重试。")
		}
		if tokens += len(f.Tokens); tokens > MaxTokens {
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

// formOf tokenizes one term or phrase as the index does, without the
// tails: bigrams already cover every character but a run's last, and a
// phrase's runs follow each other. Inside a phrase, spaces between Han
// characters are dropped (Chinese text has none).
func formOf(text string, quoted bool) Form {
	if quoted {
		text = joinHan(text)
	}
	f := Form{Text: Fold(strings.TrimSpace(joinHan(text)))}
	rs := runs(text)
	for i, r := range rs {
		switch {
		case r.class == word:
			f.Tokens = append(f.Tokens, string(r.runes))
		case len(r.runes) == 1:
			f.Tokens = append(f.Tokens, string(r.runes))
			if i == len(rs)-1 {
				f.Prefix = true
			}
		default:
			for j := 0; j+1 < len(r.runes); j++ {
				f.Tokens = append(f.Tokens, string(r.runes[j:j+2]))
			}
		}
	}
	f.Single = len(rs) == 1 && rs[0].class == han && len(rs[0].runes) == 1
	return f
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

// The index has three fields (see Index): head (title, 发文字号,
// keywords), body (summary, text, attachments) and the tails of both.

// FTS5 is the query as an SQLite FTS5 MATCH expression over a table with
// the columns head, body and tails: each clause in the head or the body.
func (q *Query) FTS5() string { return q.fts5(false) }

// FTS5Head is the same query with every positive clause in the head (the
// title, 发文字号 and keywords), for the candidates whose heading matches.
func (q *Query) FTS5Head() string { return q.fts5(true) }

func (q *Query) fts5(head bool) string {
	var pos, neg []string
	for _, c := range q.Clauses {
		var alts []string
		for _, f := range c.Forms {
			cols := "{head body}"
			if head && !c.Not {
				cols = "head"
			}
			phrase := cols + ` : "` + strings.Join(f.Tokens, " ") + `"`
			if f.Prefix {
				phrase += "*"
			}
			if f.Single && cols != "head" {
				phrase = "(" + phrase + ` OR tails : "` + f.Tokens[0] + `")`
			}
			alts = append(alts, phrase)
		}
		expr := alts[0]
		if len(alts) > 1 {
			expr = "(" + strings.Join(alts, " OR ") + ")"
		}
		if c.Not {
			neg = append(neg, expr)
		} else {
			pos = append(pos, expr)
		}
	}
	expr := strings.Join(pos, " AND ")
	for _, n := range neg {
		expr += " NOT " + n
	}
	return expr
}

// TSQuery is the query as a PostgreSQL tsquery over a tsvector built as
// setweight(to_tsvector('simple', head), 'A') ||
// setweight(to_tsvector('simple', body), 'B') ||
// setweight(to_tsvector('simple', tails), 'C'): a phrase within the A
// tokens or within the B tokens (never across), a single character as a
// prefix or a C tail.
func (q *Query) TSQuery() string { return q.tsquery(false) }

// TSQueryHead is the positive clauses alone over a tsvector of the head
// only (to_tsvector('simple', head), unweighted, so PostgreSQL estimates
// its matches from that column's own statistics): for the head's walk,
// which requires TSQuery as well for the exclusions.
func (q *Query) TSQueryHead() string { return q.tsquery(true) }

func (q *Query) tsquery(head bool) string {
	var parts []string
	for _, c := range q.Clauses {
		weights := []string{"A", "B"}
		if head {
			if c.Not {
				continue
			}
			weights = []string{""}
		}
		var alts []string
		for _, f := range c.Forms {
			if f.Single {
				alt := "'" + f.Tokens[0] + "':*" + strings.Join(weights, "")
				if !head {
					alt = "(" + alt + " | '" + f.Tokens[0] + "':C)"
				}
				alts = append(alts, alt)
				continue
			}
			for _, w := range weights {
				lex := make([]string, len(f.Tokens))
				for i, t := range f.Tokens {
					lex[i] = "'" + t + "'"
					if w != "" {
						lex[i] += ":" + w
					}
					if f.Prefix && i == len(f.Tokens)-1 {
						lex[i] = "'" + t + "':*" + w
					}
				}
				alt := strings.Join(lex, " <-> ")
				if len(lex) > 1 {
					alt = "(" + alt + ")"
				}
				alts = append(alts, alt)
			}
		}
		expr := alts[0]
		if len(alts) > 1 {
			expr = "(" + strings.Join(alts, " | ") + ")"
		}
		if c.Not {
			expr = "!" + expr
		}
		parts = append(parts, expr)
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
