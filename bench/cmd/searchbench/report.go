package main

import (
	"fmt"
	"strings"
	"time"
	"unicode"

	"gongkai/bench/corpus"
)

// render is the report: the comparison table, then the hits of every
// query on every engine (where the engines read a query differently, the
// counts differ).
func render(o options, c *corpus.Corpus, queries []corpus.Query, rs []*result, notes []string) string {
	var b strings.Builder
	fmt.Fprintf(&b, "Search benchmark: %d documents (seed %d), %d queries (%d known items × 2), top %d, %s\n",
		c.N(), o.seed, len(queries), c.Known(), 20, time.Now().Format("2006-01-02 15:04"))
	fmt.Fprintf(&b, "%s; latency: %d timed runs of every query after one untimed; throughput: %s per run\n",
		runtimeLine(), o.reps, o.duration)
	for _, n := range notes {
		b.WriteString(n + "\n")
	}
	b.WriteString("\n")
	if len(rs) == 0 {
		return b.String()
	}
	t := &table{}
	head := []string{""}
	for _, r := range rs {
		head = append(head, r.name)
	}
	t.row(head...)
	t.rule()
	t.each(rs, "documents", func(r *result) string { return fmt.Sprint(r.docs) })
	t.each(rs, "index time", func(r *result) string { return fmt.Sprintf("%.1f s", r.indexTime.Seconds()) })
	t.each(rs, "docs/s", func(r *result) string { return fmt.Sprintf("%.0f", float64(r.docs)/r.indexTime.Seconds()) })
	t.each(rs, "size on disk", func(r *result) string { return mib(r.size) })
	t.each(rs, "  of it the search index", func(r *result) string { return mib(r.index) })
	t.rule()
	t.row("latency p50 / p99")
	for _, class := range corpus.Classes {
		label := "  " + class
		t.each(rs, label, func(r *result) string {
			ds := r.latency[class]
			return ms(percentile(ds, 50)) + " / " + ms(percentile(ds, 99))
		})
	}
	t.rule()
	t.each(rs, "QPS, 1 client", func(r *result) string { return fmt.Sprintf("%.0f", r.qps1) })
	t.each(rs, fmt.Sprintf("QPS, %d clients", o.clients), func(r *result) string { return fmt.Sprintf("%.0f", r.qpsN) })
	t.rule()
	for _, class := range []string{corpus.ClassKnownTitle, corpus.ClassKnownNo} {
		t.each(rs, "recall@3  "+strings.TrimPrefix(class, "known item: "), func(r *result) string {
			return fmt.Sprintf("%d/%d", r.found3[class], c.Known())
		})
		t.each(rs, "recall@10 "+strings.TrimPrefix(class, "known item: "), func(r *result) string {
			return fmt.Sprintf("%d/%d", r.found10[class], c.Known())
		})
	}
	b.WriteString(t.String())
	b.WriteString("\ngongkai ranks at most 1,000 of the newest matches plus the older ones whose title, number or keywords match;\n" +
		"a hit count with + is a lower bound (more documents match than it ranked).\n")
	b.WriteString("QPS: the class queries (not the known items) in turn; each client starts at another one.\n")
	b.WriteString("Size: gongkai, the whole database (documents, revisions, audit trail, listing projection, search table);\n" +
		"the search index is the search table with its indexes (SQLite: its FTS5 tables; PostgreSQL: table, TOAST and GIN index).\n\n")

	t = &table{}
	head = []string{"hits per query", "class"}
	for _, r := range rs {
		head = append(head, r.name)
	}
	t.row(head...)
	t.rule()
	for i, q := range queries {
		if q.Want != "" {
			continue
		}
		text := q.Text
		if q.Filter.Genre != "" {
			text += " [genre " + q.Filter.Genre + "]"
		}
		if q.Filter.YearFrom != 0 {
			text += fmt.Sprintf(" [%d–%d]", q.Filter.YearFrom, q.Filter.YearTo)
		}
		cells := []string{text, q.Class}
		for _, r := range rs {
			if r.totals[i] < 0 {
				cells = append(cells, fmt.Sprintf("%d+", -r.totals[i]))
			} else {
				cells = append(cells, fmt.Sprint(r.totals[i]))
			}
		}
		t.row(cells...)
	}
	b.WriteString(t.String())
	return b.String()
}

func ms(d time.Duration) string {
	v := float64(d) / float64(time.Millisecond)
	switch {
	case v < 10:
		return fmt.Sprintf("%.2f", v)
	case v < 100:
		return fmt.Sprintf("%.1f", v)
	}
	return fmt.Sprintf("%.0f", v)
}

func mib(n int64) string {
	if n < 0 {
		return "?"
	}
	return fmt.Sprintf("%.1f MiB", float64(n)/(1<<20))
}

// table lines up cells in columns by their width on a terminal (a Han
// character takes two).
type table struct {
	rows [][]string // nil: a rule
}

func (t *table) row(cells ...string) { t.rows = append(t.rows, cells) }
func (t *table) rule()               { t.rows = append(t.rows, nil) }
func (t *table) each(rs []*result, label string, f func(*result) string) {
	cells := []string{label}
	for _, r := range rs {
		cells = append(cells, f(r))
	}
	t.row(cells...)
}

func width(s string) int {
	n := 0
	for _, r := range s {
		if unicode.Is(unicode.Han, r) || (r >= 0x3000 && r <= 0x303f) || (r >= 0xff00 && r <= 0xffef) {
			n += 2
		} else {
			n++
		}
	}
	return n
}

func (t *table) String() string {
	var w []int
	for _, row := range t.rows {
		for i, c := range row {
			if i >= len(w) {
				w = append(w, 0)
			}
			w[i] = max(w[i], width(c))
		}
	}
	total := 0
	for _, x := range w {
		total += x + 3
	}
	var b strings.Builder
	for _, row := range t.rows {
		if row == nil {
			b.WriteString(strings.Repeat("-", total-3) + "\n")
			continue
		}
		line := ""
		for i, c := range row {
			pad := strings.Repeat(" ", w[i]-width(c))
			if i == 0 {
				line += c + pad
			} else {
				line += "   " + pad + c
			}
		}
		b.WriteString(strings.TrimRight(line, " ") + "\n")
	}
	return b.String()
}
