package store

import (
	"context"
	"database/sql"
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
// documents and the letters still open past the escalation date.
func (s *Store) InspectFacts(ctx context.Context) (report.SiteFacts, error) {
	const op = "store.InspectFacts"
	now := s.Now()
	f := report.SiteFacts{Now: now}
	var err error
	if f.Calendar, err = s.Calendar(ctx); err != nil {
		return f, err
	}
	cols, err := s.Columns(ctx)
	if err != nil {
		return f, err
	}
	fresh, err := s.ColumnFreshness(ctx)
	if err != nil {
		return f, err
	}
	for _, c := range cols {
		f.Columns = append(f.Columns, report.InspectColumn{Column: *c, Last: fresh[c.ID]})
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
	err = s.queryAll(ctx, op, `SELECT p.index_number, p.title, p.written_on, p.published_on, r.genre, r.needs_interp,
		EXISTS (SELECT 1 FROM revisions ir JOIN public_docs ip ON ip.rev_id = ir.id AND ip.portal = ? WHERE ir.interprets = p.doc_id)
		FROM public_docs p JOIN revisions r ON r.id = p.rev_id WHERE p.portal = ? ORDER BY p.index_number`,
		[]any{true, true}, func(rows *sql.Rows) error {
			var d report.InspectDoc
			var c publish.Content
			if err := rows.Scan(&d.IndexNumber, &d.Title, &d.WrittenOn, &d.PublishedOn, &c.Genre, &c.NeedsInterpret, &d.Interpreted); err != nil {
				return err
			}
			d.NeedsInterpretation = c.NeedsInterpretation()
			f.Docs = append(f.Docs, d)
			return nil
		})
	if err != nil {
		return f, err
	}
	today := calendar.DateOf(now)
	for page := 1; ; page++ {
		list, total, err := s.Letters(ctx, LetterFilter{Status: "escalated", Today: today, Page: page, Size: MaxLetterPage})
		if err != nil {
			return f, err
		}
		for _, l := range list {
			f.Unanswered = append(f.Unanswered, report.InspectLetter{Number: l.Number, Kind: l.Kind, Subject: l.Subject, ReceivedOn: l.ReceivedOn})
		}
		if len(list) == 0 || page*MaxLetterPage >= total {
			break
		}
	}
	return f, nil
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
