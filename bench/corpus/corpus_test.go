package corpus

import (
	"reflect"
	"slices"
	"strings"
	"testing"

	"gongkai/internal/publish"
)

func collect(c *Corpus) []*Doc {
	var out []*Doc
	for d := range c.Docs() {
		out = append(out, d)
	}
	return out
}

func TestSameSeedSameDocuments(t *testing.T) {
	a, b := collect(New(500, 7)), collect(New(500, 7))
	if len(a) != 500 {
		t.Fatalf("%d documents, want 500", len(a))
	}
	if !reflect.DeepEqual(a, b) {
		t.Fatal("two corpora of the same size and seed differ")
	}
	if again := collect(New(500, 7)); !reflect.DeepEqual(a, again) {
		t.Fatal("a second pass over the same corpus differs")
	}
	other := collect(New(500, 8))
	same := 0
	for i := range a {
		if a[i].Title == other[i].Title && a[i].Body() == other[i].Body() {
			same++
		}
	}
	if same > 0 {
		t.Errorf("seeds 7 and 8 give %d identical documents", same)
	}
}

// The words' document frequencies follow their ranks: the very common
// words are in more than half the documents, the last ranks in almost none.
func TestZipfShape(t *testing.T) {
	const n = 3000
	docs := collect(New(n, 1))
	v := Vocabulary()
	if len(v) != VocabularySize || len(slices.Compact(slices.Sorted(slices.Values(v)))) != VocabularySize {
		t.Fatalf("vocabulary: %d words, want %d distinct", len(v), VocabularySize)
	}
	df := func(w string) float64 {
		k := 0
		for _, d := range docs {
			if strings.Contains(d.Body(), w) {
				k++
			}
		}
		return float64(k) / n
	}
	for _, w := range veryCommon {
		if f := df(w); f < 0.5 {
			t.Errorf("very common %q in %.1f%% of documents, want > 50%%", w, 100*f)
		}
	}
	common, mid, rare := df(v[120]), df(v[1500]), df(v[5999])
	if !(common > 0.05 && common < 0.5) {
		t.Errorf("rank 120 %q in %.2f%% of documents, want 5–50%%", v[120], 100*common)
	}
	if !(mid < common && mid > rare) {
		t.Errorf("document frequencies not falling with rank: %.3f%%, %.3f%%, %.3f%%", 100*common, 100*mid, 100*rare)
	}
	if rare > 0.005 {
		t.Errorf("rank 5999 %q in %.2f%% of documents, want < 0.5%%", v[5999], 100*rare)
	}
	var chars int
	for _, d := range docs {
		chars += len([]rune(d.Body()))
	}
	if avg := chars / n; avg < 400 || avg > 2000 {
		t.Errorf("bodies of %d characters on average, want 400–2000", avg)
	}
}

func TestKnownItems(t *testing.T) {
	c := New(1000, 3)
	docs := collect(c)
	ids, numbers := map[string]bool{}, map[string]bool{}
	byID := map[string]*Doc{}
	for _, d := range docs {
		if ids[d.ID] {
			t.Fatalf("index number %s twice", d.ID)
		}
		ids[d.ID], byID[d.ID] = true, d
		if d.Number != "" {
			if numbers[d.Number] {
				t.Fatalf("发文字号 %s twice", d.Number)
			}
			numbers[d.Number] = true
		}
	}
	if c.Known() != MaxKnown {
		t.Fatalf("%d known items, want %d", c.Known(), MaxKnown)
	}
	found := 0
	for _, q := range c.Queries() {
		if q.Want == "" {
			continue
		}
		d := byID[q.Want]
		if d == nil || d.Known == 0 {
			t.Fatalf("query %q wants %s, which is not a known item of the corpus", q.Text, q.Want)
		}
		switch q.Class {
		case ClassKnownNo:
			if d.Number != q.Text {
				t.Errorf("known item %s has number %q, its query is %q", d.ID, d.Number, q.Text)
			}
		case ClassKnownTitle:
			// Both words in its title, and in a few other documents'
			// text, so the query has to rank it.
			others := 0
			for _, w := range strings.Fields(q.Text) {
				if !strings.Contains(d.Title, w) {
					t.Errorf("known item %s: %q not in its title %q", d.ID, w, d.Title)
				}
			}
			for _, o := range docs {
				if o != d && strings.Contains(o.Body(), strings.Fields(q.Text)[0]) && strings.Contains(o.Body(), strings.Fields(q.Text)[1]) {
					others++
				}
			}
			if others < decoys {
				t.Errorf("known item %s: %d other documents mention %q, want at least %d", d.ID, others, q.Text, decoys)
			}
		}
		found++
	}
	if found != 2*MaxKnown {
		t.Errorf("%d known-item queries, want %d", found, 2*MaxKnown)
	}
}

// The codes the documents carry are the store's: demo departments, default
// themes and genres.
func TestCodesExist(t *testing.T) {
	themes, genres := map[string]bool{}, map[string]bool{}
	for _, th := range publish.DefaultThemes {
		themes[th.Code] = true
	}
	for _, g := range publish.DefaultGenres {
		genres[g.Code] = true
	}
	for _, th := range Themes {
		if !themes[th] {
			t.Errorf("theme %s is not a default theme", th)
		}
	}
	for _, g := range Genres() {
		if !genres[g] || g == publish.GenreInterpretation {
			t.Errorf("genre %s is not a default genre (or is 解读)", g)
		}
	}
}
