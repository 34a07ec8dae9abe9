package engine

import (
	"context"
	"fmt"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/analysis/lang/cjk"
	"github.com/blevesearch/bleve/v2/search/query"

	"gongkai/bench/corpus"
)

// Bleve is a Bleve v2 index (scorch) of the corpus: title, number and body
// analysed by the CJK analyzer (bigrams), genre as a keyword and year as a
// number for the filters. A query is a conjunction of one match-phrase
// query per term over the three text fields, like gongkai's (every term
// must match, a term's characters in order); hits come by score.
type Bleve struct {
	dir string
	idx bleve.Index
}

// OpenBleve creates a new index in dir (which must not exist yet).
func OpenBleve(dir string) (*Bleve, error) {
	text := bleve.NewTextFieldMapping()
	text.Analyzer = cjk.AnalyzerName
	text.Store = false
	text.IncludeInAll = false
	text.IncludeTermVectors = true // positions, for phrases
	text.DocValues = false
	keyword := bleve.NewKeywordFieldMapping()
	keyword.Store, keyword.IncludeInAll, keyword.DocValues = false, false, false
	number := bleve.NewNumericFieldMapping()
	number.Store, number.IncludeInAll, number.DocValues = false, false, false

	doc := bleve.NewDocumentStaticMapping()
	for _, f := range []string{"title", "number", "body"} {
		doc.AddFieldMappingsAt(f, text)
	}
	doc.AddFieldMappingsAt("genre", keyword)
	doc.AddFieldMappingsAt("year", number)
	m := bleve.NewIndexMapping()
	m.DefaultMapping = doc
	m.DefaultAnalyzer = cjk.AnalyzerName
	m.StoreDynamic, m.IndexDynamic, m.DocValuesDynamic = false, false, false
	if err := m.Validate(); err != nil {
		return nil, err
	}
	idx, err := bleve.New(dir, m)
	if err != nil {
		return nil, err
	}
	return &Bleve{dir: dir, idx: idx}, nil
}

func (b *Bleve) Name() string { return "bleve" }

func (b *Bleve) Load(_ context.Context, docs []*corpus.Doc) error {
	batch := b.idx.NewBatch()
	for _, d := range docs {
		err := batch.Index(d.ID, map[string]any{"title": d.Title, "number": d.Number, "body": d.Body(), "genre": d.Genre, "year": float64(d.Year)})
		if err != nil {
			return err
		}
	}
	return b.idx.Batch(batch)
}

// Flush closes and reopens the index: closing waits for what is being
// persisted.
func (b *Bleve) Flush(context.Context) error {
	if err := b.idx.Close(); err != nil {
		return err
	}
	idx, err := bleve.Open(b.dir)
	if err != nil {
		return err
	}
	b.idx = idx
	return nil
}

// anyField is a phrase in the title, the number or the body.
func anyField(text string) query.Query {
	var qs []query.Query
	for _, f := range []string{"title", "number", "body"} {
		p := bleve.NewMatchPhraseQuery(text)
		p.SetField(f)
		qs = append(qs, p)
	}
	return bleve.NewDisjunctionQuery(qs...)
}

func (b *Bleve) Search(ctx context.Context, q string, f corpus.Filter) ([]string, int, error) {
	bq := bleve.NewBooleanQuery()
	positive := false
	for _, c := range Clauses(q) {
		if c.Not {
			bq.AddMustNot(anyField(c.Text))
		} else {
			bq.AddMust(anyField(c.Text))
			positive = true
		}
	}
	if !positive {
		return nil, 0, fmt.Errorf("bleve: query %q has no term", q)
	}
	if f.Genre != "" {
		t := bleve.NewTermQuery(f.Genre)
		t.SetField("genre")
		bq.AddMust(t)
	}
	if f.YearFrom != 0 || f.YearTo != 0 {
		from, to, incl := float64(f.YearFrom), float64(9999), true
		if f.YearTo != 0 {
			to = float64(f.YearTo)
		}
		r := bleve.NewNumericRangeInclusiveQuery(&from, &to, &incl, &incl)
		r.SetField("year")
		bq.AddMust(r)
	}
	res, err := b.idx.SearchInContext(ctx, bleve.NewSearchRequestOptions(bq, TopK, 0, false))
	if err != nil {
		return nil, 0, err
	}
	ids := make([]string, len(res.Hits))
	for i, h := range res.Hits {
		ids[i] = h.ID
	}
	return ids, int(res.Total), nil
}

func (b *Bleve) Size(context.Context) (int64, int64, error) {
	n, err := dirSize(b.dir)
	return n, n, err
}

func (b *Bleve) Close() error { return b.idx.Close() }
