package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"strconv"
	"strings"
	"time"

	"gongkai/internal/calendar"
	"gongkai/internal/errs"
	"gongkai/internal/foi"
)

// The yearly register (依申请公开台账): which cases are in a year's
// register is foi's rule (foi/register.go), written here once as SQL
// (registerWhere). The cases are read in pages of registerPage by id
// (keyset), each page with one query for its events and one for its
// reviews, so an export costs three queries per page whatever the size of
// the year, and holds one page of full applications at a time. The filter
// scans foi_applications once, probing each case's events and reviews
// through their (app_id, …) indexes: O(cases on record), not O(year).

// registerPage is how many cases one page of the register reads.
const registerPage = 500

// registerWhere selects the cases of a year's register; its arguments come
// from registerArgs.
const registerWhere = `(a.created_at >= ? AND a.created_at < ?
	OR a.received_on >= ? AND a.received_on <= ?
	OR EXISTS (SELECT 1 FROM foi_events e WHERE e.app_id = a.id AND e.on_date >= ? AND e.on_date <= ?)
	OR EXISTS (SELECT 1 FROM foi_reviews v WHERE v.app_id = a.id AND (v.filed_on >= ? AND v.filed_on <= ? OR v.closed_on >= ? AND v.closed_on <= ?))
	OR a.created_at < ? AND NOT EXISTS (SELECT 1 FROM foi_events e WHERE e.app_id = a.id AND e.type IN ('answer', 'withdraw') AND e.on_date < ?))`

// registerArgs are registerWhere's arguments for year: the year's instants
// in China (created_at) and its first and last days (the date columns).
func registerArgs(year int) []any {
	start := micros(time.Date(year, 1, 1, 0, 0, 0, 0, calendar.Zone))
	end := micros(time.Date(year+1, 1, 1, 0, 0, 0, 0, calendar.Zone))
	first, last := strconv.Itoa(year)+"-01-01", strconv.Itoa(year)+"-12-31"
	return []any{start, end, first, last, first, last, first, last, first, last, start, first}
}

// FOIRegisterCount counts the cases of year's register.
func (s *Store) FOIRegisterCount(ctx context.Context, year int) (int, error) {
	if err := foi.CheckRegisterYear(year); err != nil {
		return 0, err
	}
	var n int
	err := s.queryRow(ctx, "SELECT COUNT(*) FROM foi_applications a WHERE "+registerWhere, registerArgs(year)...).Scan(&n)
	return n, errs.Wrap("store.FOIRegisterCount", translate(err))
}

// FOIRegister returns the rows of year's register, in the order the cases
// were registered.
func (s *Store) FOIRegister(ctx context.Context, year int) ([]foi.RegisterRow, error) {
	var out []foi.RegisterRow
	err := s.EachFOIRegisterRow(ctx, year, func(r *foi.RegisterRow) error {
		out = append(out, *r)
		return nil
	})
	return out, err
}

// EachFOIRegisterRow calls fn with each row of year's register, in the
// order the cases were registered, page by page. The pages are separate
// reads: a case changed during an export shows as it was when its page
// was read.
func (s *Store) EachFOIRegisterRow(ctx context.Context, year int, fn func(*foi.RegisterRow) error) error {
	return s.eachFOIRegisterRow(ctx, year, registerPage, fn)
}

// eachFOIRegisterRow is EachFOIRegisterRow with pages of size cases.
func (s *Store) eachFOIRegisterRow(ctx context.Context, year, size int, fn func(*foi.RegisterRow) error) error {
	return s.eachRegisterCase(ctx, "store.FOIRegister", year, size, func(a *foi.Application, code, name string, reviews []foi.Review) error {
		row := foi.NewRegisterRow(a, code, name, reviews)
		return fn(&row)
	})
}

// eachRegisterCase calls fn with each case of year's register, its clock
// computed, with its department's code and name and its reviews, in pages
// of size cases (the register's rows and the annual report read the same
// cases).
func (s *Store) eachRegisterCase(ctx context.Context, op string, year, size int, fn func(a *foi.Application, code, name string, reviews []foi.Review) error) error {
	if err := foi.CheckRegisterYear(year); err != nil {
		return err
	}
	cal, err := s.Calendar(ctx)
	if err != nil {
		return err
	}
	type dept struct{ code, name string }
	var after int64
	for {
		var page []*foi.Application
		depts := map[int64]dept{}
		err := s.queryAll(ctx, op, "SELECT "+registerColumns+`, COALESCE(d.code, ''), COALESCE(d.name, '')
			FROM foi_applications a LEFT JOIN departments d ON d.id = a.dept_id
			WHERE a.id > ? AND `+registerWhere+" ORDER BY a.id LIMIT ?", append(append([]any{after}, registerArgs(year)...), size),
			func(rows *sql.Rows) error {
				var d dept
				a, err := scanApplication(registerScan{rows, &d.code, &d.name})
				if err != nil {
					return err
				}
				page, depts[a.ID] = append(page, a), d
				return nil
			})
		if err != nil || len(page) == 0 {
			return err
		}
		ids := make([]any, len(page))
		byID := make(map[int64]*foi.Application, len(page))
		for i, a := range page {
			ids[i], byID[a.ID] = a.ID, a
		}
		in := "(?" + strings.Repeat(", ?", len(ids)-1) + ")"
		err = s.queryAll(ctx, op, "SELECT app_id, seq, type, on_date, detail, actor, created_at FROM foi_events WHERE app_id IN "+in+" ORDER BY app_id, seq",
			ids, func(rows *sql.Rows) error {
				var id int64
				e, err := scanFOIEvent(rows, &id)
				if err != nil {
					return err
				}
				byID[id].Events = append(byID[id].Events, e)
				return nil
			})
		if err != nil {
			return err
		}
		reviews := map[int64][]foi.Review{}
		err = s.queryAll(ctx, op, "SELECT app_id, kind, filed_on, result, closed_on FROM foi_reviews WHERE app_id IN "+in+" ORDER BY app_id, id",
			ids, func(rows *sql.Rows) error {
				var id int64
				var r foi.Review
				var filed, closed string
				if err := rows.Scan(&id, &r.Kind, &filed, &r.Result, &closed); err != nil {
					return err
				}
				r.FiledOn, _ = calendar.ParseDate(filed)
				r.ClosedOn, _ = calendar.ParseDate(closed)
				reviews[id] = append(reviews[id], r)
				return nil
			})
		if err != nil {
			return err
		}
		for _, a := range page {
			if err := computeClock(cal, a); err != nil {
				return errs.Wrap(op, err)
			}
			if err := fn(a, depts[a.ID].code, depts[a.ID].name, reviews[a.ID]); err != nil {
				return err
			}
		}
		if len(page) < size {
			return nil
		}
		after = page[len(page)-1].ID
	}
}

// registerColumns are foiColumns qualified with the applications' alias
// (the departments table has columns of the same names).
var registerColumns = func() string {
	cols := strings.Split(foiColumns, ",")
	for i, c := range cols {
		cols[i] = "a." + strings.TrimSpace(c)
	}
	return strings.Join(cols, ", ")
}()

// registerScan scans an application row followed by its department's
// code and name.
type registerScan struct {
	rows       *sql.Rows
	code, name *string
}

func (r registerScan) Scan(dst ...any) error { return r.rows.Scan(append(dst, r.code, r.name)...) }

// scanFOIEvent scans a foi_events row led by its app_id, as eventsOf reads
// one application's.
func scanFOIEvent(rows *sql.Rows, appID *int64) (foi.RecordedEvent, error) {
	var e foi.RecordedEvent
	var on, detail string
	var at int64
	if err := rows.Scan(appID, &e.Seq, &e.Type, &on, &detail, &e.Actor, &at); err != nil {
		return e, err
	}
	if err := json.Unmarshal([]byte(detail), &e.Event); err != nil {
		return e, err
	}
	e.Type = e.Event.Type
	e.On, _ = calendar.ParseDate(on)
	e.At = fromMicros(at)
	return e, nil
}

// RecordFOIRegisterExport records an export of year's register: who, which
// year, how many rows and in which format (the register holds no personal
// data, and neither does the trail).
func (s *Store) RecordFOIRegisterExport(ctx context.Context, actor string, year, rows int, format string) error {
	return s.update(ctx, "store.RecordFOIRegisterExport", func(tx *Tx) error {
		return tx.record(actor, "foi.register_export", "foi-register:"+strconv.Itoa(year),
			map[string]string{"year": strconv.Itoa(year), "rows": strconv.Itoa(rows), "format": format})
	})
}
