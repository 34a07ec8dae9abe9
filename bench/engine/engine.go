// Package engine puts the search engines the benchmark compares behind one
// interface: gongkai's own search on SQLite and on PostgreSQL, and Bleve
// with its CJK analyzer.
package engine

import (
	"context"
	"io/fs"
	"path/filepath"
	"strings"
	"unicode"

	"gongkai/bench/corpus"
)

// TopK is how many hits a search returns: one page of the portal.
const TopK = 20

// Engine is one search engine loaded with the corpus.
type Engine interface {
	Name() string
	// Load indexes a batch of documents; it is called batch after batch.
	Load(ctx context.Context, docs []*corpus.Doc) error
	// Flush makes everything loaded durable and ready to be searched.
	Flush(ctx context.Context) error
	// Search returns the IDs of the first TopK documents that match q
	// (every term, none of the excluded ones) and pass f, and how many
	// match in all (negated when it is a lower bound: more match than
	// the engine ranked).
	Search(ctx context.Context, q string, f corpus.Filter) (ids []string, total int, err error)
	// Size is the bytes on disk: all of the engine's files, and of them
	// the search index (-1: not known).
	Size(ctx context.Context) (all, index int64, err error)
	Close() error
}

// Clause is a term or quoted phrase of a query as typed.
type Clause struct {
	Text string
	Not  bool
}

// Clauses splits a query as the portal reads it: terms at spaces, "quoted
// phrases" (also “”), and -term or -"phrase" to exclude.
func Clauses(q string) []Clause {
	var out []Clause
	rs := []rune(q)
	isQuote := func(r rune) bool { return r == '"' || r == '“' || r == '”' }
	for i := 0; i < len(rs); {
		if unicode.IsSpace(rs[i]) {
			i++
			continue
		}
		var c Clause
		if rs[i] == '-' && i+1 < len(rs) && !unicode.IsSpace(rs[i+1]) {
			c.Not = true
			i++
		}
		j := i
		if isQuote(rs[i]) {
			i++
			for j = i; j < len(rs) && !isQuote(rs[j]); j++ {
			}
			c.Text = string(rs[i:j])
			j++
		} else {
			for ; j < len(rs) && !unicode.IsSpace(rs[j]) && !isQuote(rs[j]); j++ {
			}
			c.Text = string(rs[i:j])
		}
		i = j
		if c.Text = strings.TrimSpace(c.Text); c.Text != "" {
			out = append(out, c)
		}
	}
	return out
}

// dirSize is the bytes of the regular files under dir.
func dirSize(dir string) (int64, error) {
	var n int64
	err := filepath.WalkDir(dir, func(_ string, d fs.DirEntry, err error) error {
		if err != nil || !d.Type().IsRegular() {
			return err
		}
		info, err := d.Info()
		if err == nil {
			n += info.Size()
		}
		return err
	})
	return n, err
}
