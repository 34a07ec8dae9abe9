package search

import (
	"strings"
)

// Relevance weights of where a clause is found (see Relevance).
const (
	weightTitle  = 4
	weightNumber = 2 // 发文字号 or keywords
)

// Relevance scores a document that matches q by where its positive
// clauses stand: each found in the title counts weightTitle, else in the
// 发文字号 or the keywords weightNumber, else (only in the body) nothing.
// A clause is found where one of its forms' folded text stands in the
// folded field (as a Han phrase is a run of bigrams, a substring). It
// reads the document's own fields, not an engine's statistics, so both
// stores rank alike; the caller breaks ties by recency.
func (q *Query) Relevance(title, number, keywords string) int {
	title, other := Fold(title), Fold(number+"\n"+keywords)
	score := 0
	for _, c := range q.Clauses {
		switch {
		case c.Not:
		case c.foundIn(title):
			score += weightTitle
		case c.foundIn(other):
			score += weightNumber
		}
	}
	return score
}

func (c Clause) foundIn(folded string) bool {
	for _, f := range c.Forms {
		if f.Text != "" && strings.Contains(folded, f.Text) {
			return true
		}
	}
	return false
}

// MaxSynonyms is how many terms a synonym group holds at most.
const MaxSynonyms = 8

// Expand adds to each clause typed as a term of a synonym group the
// group's other terms as further forms, so 加装电梯 also finds 增设电梯.
// A group is compared whole with the clause as typed (folded), not with
// part of it; an exclusion (-term) stays literal.
func (q *Query) Expand(groups Synonyms) {
	for i := range q.Clauses {
		c := &q.Clauses[i]
		if c.Not {
			continue
		}
		typed := c.Forms[0].Text
		for _, g := range groups {
			if !containsFolded(g, typed) {
				continue
			}
			for _, term := range g {
				f := formOf(term, true)
				if f.Text == typed || len(f.Tokens) == 0 || c.hasForm(f.Text) {
					continue
				}
				c.Forms = append(c.Forms, f)
			}
		}
	}
}

func containsFolded(group []string, folded string) bool {
	for _, t := range group {
		if Fold(joinHan(strings.TrimSpace(t))) == folded {
			return true
		}
	}
	return false
}

func (c *Clause) hasForm(text string) bool {
	for _, f := range c.Forms {
		if f.Text == text {
			return true
		}
	}
	return false
}

// Matches reports whether text, a short record searched outside the
// index (a catalog item), holds every positive clause and no excluded
// one, by the same substring rule as Relevance.
func (q *Query) Matches(text string) bool {
	folded := Fold(text)
	for _, c := range q.Clauses {
		if c.foundIn(folded) == c.Not {
			return false
		}
	}
	return true
}
