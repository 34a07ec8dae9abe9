package store

import (
	"context"
	"database/sql"
	"errors"
	"strconv"
	"time"

	"gongkai/internal/calendar"
	"gongkai/internal/errs"
	"gongkai/internal/foi"
	"gongkai/internal/interact"
	"gongkai/internal/publish"
	"gongkai/internal/report"
)

// The quarterly bulletin (季度通报): each department's raw values for a
// quarter, read from the records the other checks already keep, and the
// indicators' settings. report.Rank turns the values into the ranking.
// A quarter is its days in China, from its first day up to the next
// quarter's first day.

const bulletinIndicatorsName = "report.bulletin_indicators"

// The indicator codes the store fills (report.DefaultIndicators names
// them); an indicator of another code has no value and is left out of
// every department's score.
const (
	bulletinPublished      = "published"
	bulletinPublishOnTime  = "publish_on_time"
	bulletinInterpretation = "interpretation"
	bulletinFOIOnTime      = "foi_on_time"
	bulletinLettersOnTime  = "letters_on_time"
	bulletinStaleColumns   = "stale_columns"
	bulletinBrokenLinks    = "broken_links"
	bulletinInspection     = "inspection"
)

// bulletinPublishedSQL counts the documents first published on the portal
// in a span, by organ and pair of 成文日期 and 发布日期 (so the on-time
// share needs no document rows), over one range of public_docs_first.
const bulletinPublishedSQL = `SELECT o.dept_id, p.written_on, p.published_on, COUNT(*) FROM public_docs p
	JOIN public_doc_organs o ON o.doc_id = p.doc_id
	WHERE p.portal = ? AND p.first_published >= ? AND p.first_published < ?
	GROUP BY o.dept_id, p.written_on, p.published_on`

func bulletinPublishedArgs(start, end time.Time) []any {
	return []any{true, micros(start), micros(end)}
}

// bulletinInterpretationSQL reads the span's documents, by organ, as the
// self-inspection reads them (inspectDocColumns).
// Only the documents that may need one are read (publish.Content's
// NeedsInterpretation: the two genres or the flag).
const bulletinInterpretationSQL = "SELECT o.dept_id, " + inspectDocColumns + ` FROM public_docs p JOIN revisions r ON r.id = p.rev_id
	JOIN public_doc_organs o ON o.doc_id = p.doc_id
	WHERE p.portal = ? AND p.first_published >= ? AND p.first_published < ? AND (r.genre IN (?, ?) OR r.needs_interp)`

func bulletinInterpretationArgs(start, end time.Time) []any {
	return []any{true, true, micros(start), micros(end), publish.GenreRegulation, publish.GenreNormative}
}

// quarterSpan is q's instants in China: [start, end).
func quarterSpan(q report.Quarter) (start, end time.Time) {
	f, n := q.First(), q.Next().First()
	return time.Date(f.Year, f.Month, f.Day, 0, 0, 0, 0, calendar.Zone), time.Date(n.Year, n.Month, n.Day, 0, 0, 0, 0, calendar.Zone)
}

// BulletinValues computes every department's raw values for q:
//
//   - published: documents first published on the portal in q naming the
//     department as an organ;
//   - publish_on_time: the share of those published within
//     report.LateAfterWorkdays working days of their 成文日期 (the
//     self-inspection's late_publication rule; without a 成文日期 a
//     document is on time);
//   - interpretation: the share of those needing an interpretation (三同步,
//     as the self-inspection reads them) that have one on the portal;
//   - foi_on_time: the share of the department's FOI applications
//     concluded in q (report.Concluded) that the statutory clock does not
//     call late;
//   - letters_on_time: the share of the letters received in q and
//     answered that were answered on time (interact.Stats);
//   - stale_columns: the columns the department owns that are stale at
//     the end of q (now, for the current quarter), by their newest item;
//   - broken_links: the broken links routed to the department by the
//     newest inspection kept in q;
//   - inspection: that inspection's score, the site's, for every
//     department.
//
// A share without anything to measure, and the two inspection values
// without an inspection in q, are left out.
func (s *Store) BulletinValues(ctx context.Context, q report.Quarter) ([]report.DeptValues, error) {
	const op = "store.BulletinValues"
	depts, err := s.Departments(ctx)
	if err != nil {
		return nil, err
	}
	cal, err := s.Calendar(ctx)
	if err != nil {
		return nil, err
	}
	start, end := quarterSpan(q)
	asOf := s.Now()
	if last := end.Add(-time.Microsecond); asOf.After(last) {
		asOf = last
	}
	type tally struct{ n, ok int }
	published, interp, foiCases := map[int64]*tally{}, map[int64]*tally{}, map[int64]*tally{}
	add := func(m map[int64]*tally, dept int64, n int, ok bool) {
		t := m[dept]
		if t == nil {
			t = &tally{}
			m[dept] = t
		}
		t.n += n
		if ok {
			t.ok += n
		}
	}

	// Publication: one GROUP BY over the quarter's range of
	// public_docs_first, one row per department and pair of dates.
	err = s.queryAll(ctx, op, bulletinPublishedSQL, bulletinPublishedArgs(start, end), func(rows *sql.Rows) error {
		var dept int64
		var written, pub string
		var n int
		if err := rows.Scan(&dept, &written, &pub, &n); err != nil {
			return err
		}
		add(published, dept, n, !report.PublishedLate(cal, written, pub))
		return nil
	})
	if err != nil {
		return nil, err
	}

	// Interpretation: the quarter's documents read as the self-inspection
	// reads them.
	err = s.queryAll(ctx, op, bulletinInterpretationSQL, bulletinInterpretationArgs(start, end), func(rows *sql.Rows) error {
		var dept int64
		d, err := scanInspectDoc(rows, &dept)
		if err == nil && d.NeedsInterpretation {
			add(interp, dept, 1, d.Interpreted)
		}
		return err
	})
	if err != nil {
		return nil, err
	}

	// FOI: the cases with an answer or a withdrawal in q (foi_events_type_on),
	// concluded in q by report.Concluded's rule (their first such event).
	first, last := q.First(), q.Last()
	apps, err := loadFOIWhere(storeQ{s, ctx}, `a.id IN (SELECT e.app_id FROM foi_events e
		WHERE e.type IN (?, ?) AND e.on_date >= ? AND e.on_date <= ?)`, "a.id",
		string(foi.Answer), string(foi.Withdraw), first.String(), last.String())
	if err != nil {
		return nil, errs.Wrap(op, err)
	}
	for _, a := range apps {
		if err := computeClock(cal, a); err != nil {
			return nil, err
		}
		on, _, done := report.Concluded(a)
		if done && !on.Before(first) && !on.After(last) {
			add(foiCases, a.DeptID, 1, a.Clock == nil || !a.Clock.Late)
		}
	}

	// Letters: the period's statistics.
	letters, err := s.LettersReceived(ctx, first, last)
	if err != nil {
		return nil, err
	}
	letterStats := map[int64]interact.DeptStats{}
	for _, st := range interact.Stats(cal, letters, calendar.DateOf(asOf)) {
		letterStats[st.DeptID] = st
	}

	// Columns: stale at the quarter's end, or now, by their newest item
	// published by then.
	cols, err := s.Columns(ctx)
	if err != nil {
		return nil, err
	}
	fresh, err := s.columnFreshnessAt(ctx, asOf)
	if err != nil {
		return nil, err
	}
	stale := map[int64]int{}
	for _, c := range cols {
		if c.DeptID != 0 && c.Stale(fresh[c.ID], asOf) {
			stale[c.DeptID]++
		}
	}

	// The newest inspection kept in the quarter.
	var ins *report.Inspection
	var id int64
	switch err := s.queryRow(ctx, "SELECT id FROM inspections WHERE at >= ? AND at < ? ORDER BY at DESC, id DESC LIMIT 1", micros(start), micros(end)).Scan(&id); {
	case errors.Is(err, sql.ErrNoRows):
	case err != nil:
		return nil, errs.Wrap(op, translate(err))
	default:
		if ins, err = s.Inspection(ctx, id); err != nil {
			return nil, err
		}
	}
	broken := map[int64]int{}
	if ins != nil {
		for _, l := range ins.Crawl.Problems {
			if l.Class != "broken" {
				continue
			}
			for _, d := range l.Depts {
				broken[d]++
			}
		}
	}

	out := make([]report.DeptValues, 0, len(depts))
	for _, d := range depts {
		v := map[string]float64{}
		share := func(code string, t *tally) {
			if t == nil {
				return
			}
			if p, ok := report.Share(t.ok, t.n); ok {
				v[code] = p
			}
		}
		if t := published[d.ID]; t != nil {
			v[bulletinPublished] = float64(t.n)
		} else {
			v[bulletinPublished] = 0
		}
		share(bulletinPublishOnTime, published[d.ID])
		share(bulletinInterpretation, interp[d.ID])
		share(bulletinFOIOnTime, foiCases[d.ID])
		if st, ok := letterStats[d.ID]; ok {
			if p, ok := report.Share(st.OnTime, st.Answered); ok {
				v[bulletinLettersOnTime] = p
			}
		}
		v[bulletinStaleColumns] = float64(stale[d.ID])
		if ins != nil {
			v[bulletinBrokenLinks] = float64(broken[d.ID])
			v[bulletinInspection] = ins.Verdict.Score
		}
		out = append(out, report.DeptValues{DeptID: d.ID, Name: d.Name, Values: v})
	}
	return out, nil
}

// columnFreshnessAt is ColumnFreshness as of at: for a past instant,
// each column's newest 发布日期 on or before at's day (that day's start in
// China), one seek of the column's index range; for now, ColumnFreshness.
func (s *Store) columnFreshnessAt(ctx context.Context, at time.Time) (map[int64]time.Time, error) {
	if !at.Before(s.Now()) {
		return s.ColumnFreshness(ctx)
	}
	out := map[int64]time.Time{}
	err := s.queryAll(ctx, "store.columnFreshnessAt", `SELECT c.id, (SELECT MAX(x.published_on) FROM public_doc_columns x
		WHERE x.column_id = c.id AND x.published_on <= ?) FROM columns c`, []any{calendar.DateOf(at).String()}, func(rows *sql.Rows) error {
		var id int64
		var day sql.NullString
		if err := rows.Scan(&id, &day); err != nil {
			return err
		}
		if d, err := calendar.ParseDate(day.String); day.Valid && err == nil {
			out[id] = time.Date(d.Year, d.Month, d.Day, 0, 0, 0, 0, calendar.Zone)
		}
		return nil
	})
	return out, err
}

// BulletinIndicators returns the bulletin's indicators: the saved ones,
// else report.DefaultIndicators.
func (s *Store) BulletinIndicators(ctx context.Context) ([]report.Indicator, error) {
	var ins []report.Indicator
	found, err := readSetting(storeQ{s, ctx}, bulletinIndicatorsName, &ins)
	if err != nil {
		return nil, errs.Wrap("store.BulletinIndicators", err)
	}
	if !found || len(ins) == 0 {
		return report.DefaultIndicators(), nil
	}
	return ins, nil
}

// SaveBulletinIndicators replaces the bulletin's indicators, audited.
func (s *Store) SaveBulletinIndicators(ctx context.Context, actor string, ins []report.Indicator) error {
	const op = "store.SaveBulletinIndicators"
	if err := report.ValidateIndicators(ins); err != nil {
		return err
	}
	return s.update(ctx, op, func(tx *Tx) error {
		if err := tx.writeSetting(bulletinIndicatorsName, actor, ins); err != nil {
			return err
		}
		return tx.record(actor, "report.bulletin_indicators", "settings:bulletin_indicators", map[string]string{"rows": strconv.Itoa(len(ins))})
	})
}

// Bulletin ranks the departments for q on the current indicators,
// compared with the previous quarter's ranking on the same indicators.
// The ranking is best first, so a dashboard shows its head and tail.
func (s *Store) Bulletin(ctx context.Context, q report.Quarter) (*report.Bulletin, error) {
	ins, err := s.BulletinIndicators(ctx)
	if err != nil {
		return nil, err
	}
	prev, err := s.BulletinValues(ctx, q.Previous())
	if err != nil {
		return nil, err
	}
	cur, err := s.BulletinValues(ctx, q)
	if err != nil {
		return nil, err
	}
	return &report.Bulletin{Quarter: q, Indicators: ins, Values: cur, Ranking: report.Rank(ins, cur, report.Rank(ins, prev, nil))}, nil
}
