package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"math"
	"strconv"

	"gongkai/internal/calendar"
	"gongkai/internal/errs"
	"gongkai/internal/publish"
	"gongkai/internal/report"
)

// The website self-inspection reads the records its checks need
// (report.SiteFacts) and keeps the rule table's overrides in the settings.

const inspectRulesName = "report.inspect_rules"

// InspectFacts gathers, as of the store's clock, what report.CheckSite
// reads: every column with its newest public item (ColumnFreshness, the
// rule the publishing dashboard uses), the newest publication on the
// portal, the catalog items without a public document, the portal's
// documents with their organs, the letters still open past the escalation
// date and the departments' names.
func (s *Store) InspectFacts(ctx context.Context) (report.SiteFacts, error) {
	const op = "store.InspectFacts"
	now := s.Now()
	f := report.SiteFacts{Now: now}
	var err error
	if f.Calendar, err = s.Calendar(ctx); err != nil {
		return f, err
	}
	if f.Columns, err = s.InspectColumns(ctx); err != nil {
		return f, err
	}
	var newest sql.NullInt64
	if err := s.queryRow(ctx, "SELECT MAX(first_published) FROM public_docs WHERE portal = ?", true).Scan(&newest); err != nil {
		return f, errs.Wrap(op, translate(err))
	}
	if newest.Valid {
		f.NewestPublic = fromMicros(newest.Int64)
	}
	items, err := s.CatalogItems(ctx)
	if err != nil {
		return f, err
	}
	for _, c := range items {
		if _, total, err := s.PublicDocuments(ctx, PublicFilter{CatalogID: c.ID, Size: 1}); err != nil {
			return f, err
		} else if total == 0 {
			f.EmptyCatalog = append(f.EmptyCatalog, c.Code+" "+c.Level1+"／"+c.Level2)
		}
	}
	err = s.queryAll(ctx, op, "SELECT "+inspectDocColumns+" FROM public_docs p JOIN revisions r ON r.id = p.rev_id WHERE p.portal = ? ORDER BY p.index_number",
		[]any{true, true}, func(rows *sql.Rows) error {
			d, err := scanInspectDoc(rows)
			f.Docs = append(f.Docs, d)
			return err
		})
	if err != nil {
		return f, err
	}
	// Each document's organs, the lead first: whom its findings and the
	// problems on its page go to.
	organs := map[string][]int64{}
	err = s.queryAll(ctx, op, `SELECT p.index_number, o.dept_id FROM public_docs p JOIN revision_organs o ON o.rev_id = p.rev_id
		WHERE p.portal = ? ORDER BY p.index_number, o.position`, []any{true}, func(rows *sql.Rows) error {
		var index string
		var dept int64
		if err := rows.Scan(&index, &dept); err != nil {
			return err
		}
		organs[index] = append(organs[index], dept)
		return nil
	})
	if err != nil {
		return f, err
	}
	for i := range f.Docs {
		f.Docs[i].Organs = organs[f.Docs[i].IndexNumber]
	}
	depts, err := s.Departments(ctx)
	if err != nil {
		return f, err
	}
	f.Departments = map[int64]string{}
	for _, d := range depts {
		f.Departments[d.ID] = d.Name
	}
	today := calendar.DateOf(now)
	for page := 1; ; page++ {
		list, total, err := s.Letters(ctx, LetterFilter{Status: "escalated", Today: today, Page: page, Size: MaxLetterPage})
		if err != nil {
			return f, err
		}
		for _, l := range list {
			f.Unanswered = append(f.Unanswered, report.InspectLetter{Number: l.Number, Kind: l.Kind, Subject: l.Subject, ReceivedOn: l.ReceivedOn, DeptID: l.DeptID})
		}
		if len(list) == 0 || page*MaxLetterPage >= total {
			break
		}
	}
	return f, nil
}

// InspectColumns lists every column with the time of its newest public
// item (ColumnFreshness, the rule the publishing dashboard uses).
func (s *Store) InspectColumns(ctx context.Context) ([]report.InspectColumn, error) {
	cols, err := s.Columns(ctx)
	if err != nil {
		return nil, err
	}
	fresh, err := s.ColumnFreshness(ctx)
	if err != nil {
		return nil, err
	}
	out := make([]report.InspectColumn, 0, len(cols))
	for _, c := range cols {
		out = append(out, report.InspectColumn{Column: *c, Last: fresh[c.ID]})
	}
	return out, nil
}

// inspectDocColumns are a portal document's columns as the checks read
// them (scanInspectDoc), from public_docs p joined with its revision r;
// their one argument is true (the interpretation must be on the portal).
// The nested EXISTS keeps both engines on the indexes (a document's
// interpreting revisions, then whether one is public): written as a join,
// SQLite scanned the public documents once per document. interprets <> 0
// points PostgreSQL at revisions_interpreting: with most revisions
// interpreting nothing, it otherwise reckons a quarter of them match and
// scans them all.
const inspectDocColumns = `p.index_number, p.title, p.written_on, p.published_on, r.genre, r.needs_interp,
	EXISTS (SELECT 1 FROM revisions ir WHERE ir.interprets = p.doc_id AND ir.interprets <> 0
		AND EXISTS (SELECT 1 FROM public_docs ip WHERE ip.rev_id = ir.id AND ip.portal = ?))`

// scanInspectDoc scans inspectDocColumns after the columns of lead.
func scanInspectDoc(rows *sql.Rows, lead ...any) (report.InspectDoc, error) {
	var d report.InspectDoc
	var c publish.Content
	if err := rows.Scan(append(lead, &d.IndexNumber, &d.Title, &d.WrittenOn, &d.PublishedOn, &c.Genre, &c.NeedsInterpret, &d.Interpreted)...); err != nil {
		return d, err
	}
	d.NeedsInterpretation = c.NeedsInterpretation()
	return d, nil
}

// InspectRules returns the inspection's rule table: the defaults with the
// saved overrides applied.
func (s *Store) InspectRules(ctx context.Context) ([]report.Rule, error) {
	var override []report.Rule
	if _, err := readSetting(storeQ{s, ctx}, inspectRulesName, &override); err != nil {
		return nil, errs.Wrap("store.InspectRules", err)
	}
	return report.MergeRules(override)
}

// SaveInspectRules replaces the overrides of the rule table, audited.
func (s *Store) SaveInspectRules(ctx context.Context, actor string, override []report.Rule) error {
	const op = "store.SaveInspectRules"
	if _, err := report.MergeRules(override); err != nil {
		return err
	}
	return s.update(ctx, op, func(tx *Tx) error {
		if err := tx.writeSetting(inspectRulesName, actor, override); err != nil {
			return err
		}
		return tx.record(actor, "report.inspect_rules", "settings:inspect_rules", map[string]string{"rows": strconv.Itoa(len(override))})
	})
}

// SaveInspection keeps ins, dating its problem links from the latest kept
// inspection of the same address (report.CarrySince), audited as actor.
func (s *Store) SaveInspection(ctx context.Context, actor string, ins *report.Inspection) (int64, error) {
	const op = "store.SaveInspection"
	var id int64
	err := s.update(ctx, op, func(tx *Tx) error {
		var prev *report.Inspection
		var raw string
		switch err := tx.queryRow("SELECT result FROM inspections WHERE base_url = ? ORDER BY at DESC, id DESC LIMIT 1", ins.Crawl.Home).Scan(&raw); {
		case errors.Is(err, sql.ErrNoRows):
		case err != nil:
			return translate(err)
		default:
			prev = &report.Inspection{}
			if err := json.Unmarshal([]byte(raw), prev); err != nil {
				return err
			}
		}
		report.CarrySince(prev, ins)
		value, err := json.Marshal(ins)
		if err != nil {
			return err
		}
		sum := ins.Summary()
		if id, err = tx.insert("INSERT INTO inspections (at, base_url, pass, score, broken, findings, result) VALUES (?, ?, ?, ?, ?, ?, ?)",
			micros(ins.At), sum.BaseURL, sum.Pass, int64(math.Round(sum.Score*10)), sum.Broken, sum.Findings, string(value)); err != nil {
			return err
		}
		return tx.record(actor, "report.inspect", "inspection:"+strconv.FormatInt(id, 10), map[string]string{
			"result": ins.Verdict.Result, "score": strconv.FormatFloat(sum.Score, 'f', 1, 64), "broken": strconv.Itoa(sum.Broken)})
	})
	return id, err
}

// Inspections lists the kept inspections, newest first, at most limit.
func (s *Store) Inspections(ctx context.Context, limit int) ([]report.InspectionSummary, error) {
	var out []report.InspectionSummary
	err := s.queryAll(ctx, "store.Inspections", "SELECT id, at, base_url, pass, score, broken, findings FROM inspections ORDER BY at DESC, id DESC LIMIT ?",
		[]any{max(limit, 1)}, func(rows *sql.Rows) error {
			var r report.InspectionSummary
			var at, score int64
			if err := rows.Scan(&r.ID, &at, &r.BaseURL, &r.Pass, &score, &r.Broken, &r.Findings); err != nil {
				return err
			}
			r.At, r.Score = fromMicros(at), float64(score)/10
			out = append(out, r)
			return nil
		})
	return out, err
}

// Inspection returns a kept inspection; id 0 is the latest.
func (s *Store) Inspection(ctx context.Context, id int64) (*report.Inspection, error) {
	const op = "store.Inspection"
	q, args := "SELECT result FROM inspections WHERE id = ?", []any{id}
	if id == 0 {
		q, args = "SELECT result FROM inspections ORDER BY at DESC, id DESC LIMIT 1", nil
	}
	var raw string
	if err := s.queryRow(ctx, q, args...).Scan(&raw); err != nil {
		if errors.Is(err, sql.ErrNoRows) {
			return nil, errs.New(errs.NotFound, op, "inspection_not_found", "没有这次自查记录。")
		}
		return nil, errs.Wrap(op, translate(err))
	}
	var ins report.Inspection
	if err := json.Unmarshal([]byte(raw), &ins); err != nil {
		return nil, errs.Wrap(op, err)
	}
	return &ins, nil
}
