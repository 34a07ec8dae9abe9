package engine

import (
	"context"
	"path/filepath"
	"reflect"
	"slices"
	"testing"

	"gongkai/bench/corpus"
)

func TestClauses(t *testing.T) {
	got := Clauses(`  防汛 "政府信息 公开"  -通知 -“台风” 2024年`)
	want := []Clause{{"防汛", false}, {"政府信息 公开", false}, {"通知", true}, {"台风", true}, {"2024年", false}}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("Clauses = %+v, want %+v", got, want)
	}
}

func load(t *testing.T, e Engine, c *corpus.Corpus) {
	t.Helper()
	ctx := context.Background()
	var batch []*corpus.Doc
	for d := range c.Docs() {
		if batch = append(batch, d); len(batch) == 100 {
			if err := e.Load(ctx, batch); err != nil {
				t.Fatal(err)
			}
			batch = nil
		}
	}
	if err := e.Load(ctx, batch); err != nil {
		t.Fatal(err)
	}
	if err := e.Flush(ctx); err != nil {
		t.Fatal(err)
	}
}

// Both engines load the same corpus and read the queries alike: the same
// hit counts for every unfiltered query whose reading they share, filtered
// hits that pass the filter, and the known items found by their 发文字号.
func TestEnginesAgree(t *testing.T) {
	ctx := context.Background()
	c := corpus.New(400, 5)
	docs := map[string]*corpus.Doc{}
	for d := range c.Docs() {
		docs[d.ID] = d
	}
	dir := t.TempDir()
	b, err := OpenBleve(filepath.Join(dir, "bleve"))
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	g, err := OpenGongkai(ctx, "gongkai-sqlite", filepath.Join(dir, "gongkai.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer g.Close()
	load(t, b, c)
	load(t, g, c)
	for _, e := range []Engine{b, g} {
		all, index, err := e.Size(ctx)
		if err != nil || all <= 0 || index <= 0 || index > all {
			t.Errorf("%s: size %d, index %d, %v", e.Name(), all, index, err)
		}
	}

	for _, q := range c.Queries() {
		bIDs, bTotal, err := b.Search(ctx, q.Text, q.Filter)
		if err != nil {
			t.Fatalf("bleve %q: %v", q.Text, err)
		}
		gIDs, gTotal, err := g.Search(ctx, q.Text, q.Filter)
		if err != nil {
			t.Fatalf("gongkai %q: %v", q.Text, err)
		}
		switch {
		case !q.Filter.IsZero():
			for name, ids := range map[string][]string{"bleve": bIDs, "gongkai": gIDs} {
				for _, id := range ids {
					if d := docs[id]; d == nil || !q.Filter.Match(d.Genre, d.Year) {
						t.Errorf("%s %q %+v: hit %s does not pass the filter", name, q.Text, q.Filter, id)
					}
				}
			}
			if len(bIDs) != len(gIDs) {
				t.Errorf("%q %+v: bleve %d hits on the page, gongkai %d", q.Text, q.Filter, len(bIDs), len(gIDs))
			}
		case q.Class == corpus.ClassYear:
			// 2024年: gongkai also finds 2024年度 and 2024年防汛 (the
			// last character as a prefix); Bleve's bigrams do not.
			if gTotal < bTotal {
				t.Errorf("%q: gongkai %d hits, bleve %d", q.Text, gTotal, bTotal)
			}
		case bTotal != gTotal:
			t.Errorf("%q (%s): bleve %d hits, gongkai %d", q.Text, q.Class, bTotal, gTotal)
		}
		if q.Class == corpus.ClassKnownNo {
			if i := slices.Index(bIDs, q.Want); i < 0 || i >= 3 {
				t.Errorf("bleve %q: %s at %d, want in the top 3", q.Text, q.Want, i)
			}
			if len(gIDs) == 0 || gIDs[0] != q.Want {
				t.Errorf("gongkai %q: %s not first in %v", q.Text, q.Want, gIDs)
			}
		}
	}
}
