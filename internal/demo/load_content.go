package demo

import (
	"context"
	"io/fs"
	"slices"
	"strings"
	"time"

	"gongkai/internal/auth"
	"gongkai/internal/calendar"
	"gongkai/internal/errs"
	"gongkai/internal/publish"
	"gongkai/internal/search"
	"gongkai/internal/store"
)

// PointKey is the device key of every demo point, so the kiosk pages can be
// opened from the printed demo URLs (a real point gets a random key).
const PointKey = "demo-point-key-2024"

// loader carries the ids created so far while the demo content is loaded.
type loader struct {
	s                *store.Store
	editor, reviewer *auth.User
	depts            map[string]int64
	columns          map[string]int64
	catalog          map[string]int64
	points           map[string]int64
	docs             map[string]*publish.Document
	data             *dataset
}

// loadContent loads the columns, catalog, points, pages and documents of data.
// Published documents come in through ImportDocument (they were published
// before the platform existed, with their own dates); revisions, validity,
// withdrawals, withheld and draft documents go through the real workflow.
func loadContent(ctx context.Context, s *store.Store, depts map[string]int64, data *dataset) error {
	editor, err := s.UserByUsername(ctx, "editor")
	if err != nil {
		return err
	}
	reviewer, err := s.UserByUsername(ctx, "reviewer")
	if err != nil {
		return err
	}
	l := &loader{s: s, editor: editor, reviewer: reviewer, depts: depts, columns: map[string]int64{},
		catalog: map[string]int64{}, points: map[string]int64{}, docs: map[string]*publish.Document{}, data: data}
	for _, step := range []func(context.Context) error{l.loadColumns, l.loadCatalog, l.loadPoints, l.loadPages, l.loadDocuments, l.loadLifecycle, l.loadSynonyms, l.loadInteract, l.loadSupervision} {
		if err := step(ctx); err != nil {
			return err
		}
	}
	return nil
}

// loadSynonyms sets the search's synonym table from data/synonyms.txt.
func (l *loader) loadSynonyms(ctx context.Context) error {
	text, err := fs.ReadFile(dataFS(), "synonyms.txt")
	if err != nil {
		return err
	}
	syn, err := search.ParseSynonyms(string(text))
	if err != nil {
		return errs.Wrap("demo.synonyms", err)
	}
	return l.s.SetSearchSynonyms(ctx, "demo", syn)
}

func (l *loader) loadColumns(ctx context.Context) error {
	for i, c := range l.data.Columns {
		col := &publish.Column{Code: c.Code, Name: c.Name, ParentID: l.columns[c.Parent], Kind: publish.ColumnKind(c.Kind), DeptID: l.depts[c.Dept], Position: i}
		if err := l.s.SaveColumn(ctx, "demo", col); err != nil {
			return errs.Wrap("demo.column "+c.Code, err)
		}
		l.columns[c.Code] = col.ID
	}
	return nil
}

func (l *loader) loadCatalog(ctx context.Context) error {
	items := make([]*publish.CatalogItem, len(l.data.Catalog))
	for i, c := range l.data.Catalog {
		items[i] = c.Item(l.depts[c.Dept])
		items[i].Position = i
	}
	if err := l.s.SaveCatalogItems(ctx, "demo", items); err != nil {
		return errs.Wrap("demo.catalog", err)
	}
	for _, it := range items {
		l.catalog[it.Code] = it.ID
	}
	return nil
}

func (l *loader) loadPoints(ctx context.Context) error {
	for _, p := range l.data.Points {
		pt := &publish.Point{Code: p.Code, Name: p.Name, Address: p.Address, Hours: p.Hours, DeptID: l.depts[p.Dept]}
		if err := l.s.CreatePointWithKey(ctx, "demo", pt, PointKey); err != nil {
			return errs.Wrap("demo.point "+p.Code, err)
		}
		l.points[p.Code] = pt.ID
	}
	return nil
}

func (l *loader) loadPages(ctx context.Context) error {
	for _, p := range l.data.Pages {
		if err := l.s.SavePage(ctx, "demo", &publish.Page{Slug: p.Slug, Title: p.Title, Body: p.Body, RevisedOn: p.RevisedOn}); err != nil {
			return errs.Wrap("demo.page "+p.Slug, err)
		}
	}
	return nil
}

func (l *loader) ids(codes []string, m map[string]int64) []int64 {
	out := make([]int64, 0, len(codes))
	for _, c := range codes {
		out = append(out, m[c])
	}
	return out
}

func date(s string) calendar.Date {
	d, _ := calendar.ParseDate(s)
	return d
}

func (l *loader) content(d *demoDoc) publish.Content {
	c := publish.Content{
		Title: d.Title, OrganIDs: l.ids(d.Organs, l.depts), DocNumber: d.DocNumber, WrittenOn: date(d.Written), EffectiveOn: date(d.Effective),
		Theme: d.Theme, Genre: d.Genre, Keywords: d.Keywords, Summary: d.Summary, Body: d.Body,
		Attribute: publish.Attribute(d.Attribute), WithheldReason: publish.WithheldReason(d.Reason),
		ColumnIDs: l.ids(d.Columns, l.columns), CatalogIDs: l.ids(d.Catalog, l.catalog), NeedsInterpret: d.NeedsInterp,
		InterpretForm: publish.InterpretationForm(d.Form), PointIDs: l.ids(d.Points, l.points), Audience: d.Audience,
	}
	if c.Attribute == "" {
		c.Attribute = publish.Active
	}
	if d.Interprets != "" {
		c.Interprets = l.docs[d.Interprets].ID
	}
	return c
}

// loadDocuments imports the published documents and drafts the rest.
func (l *loader) loadDocuments(ctx context.Context) error {
	// In publication order, so each organ's yearly index numbers run with
	// the calendar as they would have; a policy before its interpretation.
	order := make([]*demoDoc, len(l.data.Documents))
	for i := range l.data.Documents {
		order[i] = &l.data.Documents[i]
	}
	slices.SortStableFunc(order, func(a, b *demoDoc) int {
		if c := strings.Compare(a.Published, b.Published); c != 0 {
			return c
		}
		return strings.Compare(a.Interprets, b.Interprets)
	})
	for _, d := range order {
		c := l.content(d)
		var doc *publish.Document
		var err error
		if d.Published != "" && !d.Draft {
			var files []publish.ImportedFile
			for _, f := range d.Figures {
				data, _ := figurePNG(f) // names checked when the data was read
				files = append(files, publish.ImportedFile{Name: f, Data: data})
			}
			doc, err = l.s.ImportDocument(ctx, "demo", l.editor, c, d.IndexNumber, date(d.Published), files...)
		} else {
			doc, err = l.s.CreateDocument(ctx, l.editor, c)
			if err == nil && !d.Draft {
				err = l.submitAndApprove(ctx, doc.ID)
			}
		}
		if err != nil {
			return errs.Wrap("demo.document "+d.Key, err)
		}
		l.docs[d.Key] = doc
	}
	return nil
}

func (l *loader) version(ctx context.Context, key string) (int64, error) {
	d, err := l.s.Document(ctx, l.docs[key].ID)
	if err != nil {
		return 0, err
	}
	return d.Version, nil
}

func (l *loader) submitAndApprove(ctx context.Context, id int64) error {
	d, err := l.s.Document(ctx, id)
	if err != nil {
		return err
	}
	if err := l.s.SubmitDocument(ctx, l.editor, id, d.Version); err != nil {
		return err
	}
	return l.s.ReviewDocument(ctx, l.reviewer, id, d.Version+1, true, "保密审查通过。", time.Time{})
}

// loadLifecycle applies what happened to documents after publication.
func (l *loader) loadLifecycle(ctx context.Context) error {
	for i := range l.data.Documents {
		d := &l.data.Documents[i]
		doc := l.docs[d.Key]
		for _, note := range d.Revisions {
			v, err := l.version(ctx, d.Key)
			if err != nil {
				return err
			}
			if err := l.s.ReviseDocument(ctx, l.editor, doc.ID, v); err != nil {
				return errs.Wrap("demo.revise "+d.Key, err)
			}
			if err := l.s.SaveDraft(ctx, l.editor, doc.ID, v+1, l.content(d), note); err != nil {
				return errs.Wrap("demo.revise "+d.Key, err)
			}
			if err := l.submitAndApprove(ctx, doc.ID); err != nil {
				return errs.Wrap("demo.revise "+d.Key, err)
			}
		}
		if d.Validity != "" {
			v, err := l.version(ctx, d.Key)
			if err != nil {
				return err
			}
			var link int64
			if d.ValidityBy != "" {
				link = l.docs[d.ValidityBy].ID
			}
			if err := l.s.SetValidity(ctx, l.editor, doc.ID, v, publish.Validity(d.Validity), date(d.ValidityOn), link); err != nil {
				return errs.Wrap("demo.validity "+d.Key, err)
			}
		}
		if d.Withdrawn != "" {
			v, err := l.version(ctx, d.Key)
			if err != nil {
				return err
			}
			var repl int64
			if d.ReplacedBy != "" {
				repl = l.docs[d.ReplacedBy].ID
			}
			if err := l.s.WithdrawDocument(ctx, l.reviewer, doc.ID, v, publish.WithdrawReason(d.Withdrawn), repl, ""); err != nil {
				return errs.Wrap("demo.withdraw "+d.Key, err)
			}
		}
	}
	return nil
}
