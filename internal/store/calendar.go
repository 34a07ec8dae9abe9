package store

import (
	"context"
	"strconv"

	"gongkai/internal/calendar"
	"gongkai/internal/errs"
)

// CalendarOverrides lists every override by date.
func (s *Store) CalendarOverrides(ctx context.Context) ([]calendar.Override, error) {
	out, err := overridesFrom(storeQ{s, ctx})
	return out, errs.Wrap("store.CalendarOverrides", err)
}

// Calendar builds the working-day calendar from the official data and the
// current overrides. Reading the small override table on each use keeps
// every instance in step without a cache to invalidate.
func (s *Store) Calendar(ctx context.Context) (*calendar.Calendar, error) {
	cal, err := calendarFrom(storeQ{s, ctx})
	return cal, errs.Wrap("store.Calendar", err)
}

// overridesFrom reads the overrides from the read pool or a transaction.
func overridesFrom(q reader) ([]calendar.Override, error) {
	rows, err := q.rowsOf("SELECT day, workday, note, updated_by, updated_at FROM calendar_overrides ORDER BY day")
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []calendar.Override
	for rows.Next() {
		var o calendar.Override
		var day string
		var updated int64
		if err := rows.Scan(&day, &o.Workday, &o.Note, &o.UpdatedBy, &updated); err != nil {
			return nil, translate(err)
		}
		o.Updated = fromMicros(updated)
		if o.Date, err = calendar.ParseDate(day); err != nil {
			return nil, err
		}
		out = append(out, o)
	}
	return out, translate(rows.Err())
}

// calendarFrom builds the calendar from what q sees, so a transaction
// computes deadlines on the overrides it reads itself.
func calendarFrom(q reader) (*calendar.Calendar, error) {
	rows, err := overridesFrom(q)
	if err != nil {
		return nil, err
	}
	return calendar.New(rows), nil
}

// SetCalendarOverride creates or replaces the ruling on one date.
func (s *Store) SetCalendarOverride(ctx context.Context, actor string, o calendar.Override) error {
	if o.Date.IsZero() {
		return errs.New(errs.Invalid, "store.SetCalendarOverride", "invalid_date", "请填写日期。")
	}
	if len([]rune(o.Note)) > 100 {
		return errs.New(errs.Invalid, "store.SetCalendarOverride", "note_too_long", "说明不超过 100 个字。")
	}
	return s.update(ctx, "store.SetCalendarOverride", func(tx *Tx) error {
		day := o.Date.String()
		// Delete-then-insert is the upsert both dialects share.
		if _, err := tx.exec("DELETE FROM calendar_overrides WHERE day = ?", day); err != nil {
			return err
		}
		if _, err := tx.exec("INSERT INTO calendar_overrides (day, workday, note, updated_by, updated_at) VALUES (?, ?, ?, ?, ?)",
			day, o.Workday, o.Note, actor, micros(tx.now)); err != nil {
			return err
		}
		kind := "rest"
		if o.Workday {
			kind = "workday"
		}
		if err := tx.calendarChanged(); err != nil {
			return err
		}
		return tx.record(actor, "calendar.override", "date:"+day, map[string]string{"kind": kind, "note": o.Note})
	})
}

// DeleteCalendarOverride removes the ruling on one date, so the official
// data applies again.
func (s *Store) DeleteCalendarOverride(ctx context.Context, actor string, d calendar.Date) error {
	return s.update(ctx, "store.DeleteCalendarOverride", func(tx *Tx) error {
		r, err := tx.exec("DELETE FROM calendar_overrides WHERE day = ?", d.String())
		if err != nil {
			return err
		}
		if n, _ := r.RowsAffected(); n == 0 {
			return errs.New(errs.NotFound, "store.DeleteCalendarOverride", "override_not_found", "该日期没有调整记录。")
		}
		if err := tx.calendarChanged(); err != nil {
			return err
		}
		return tx.record(actor, "calendar.override.delete", "date:"+d.String(), map[string]string{"deleted": strconv.FormatBool(true)})
	})
}

// calendarChanged recomputes what depends on the calendar: the open FOI
// cases' due dates and the accepted letters'.
func (tx *Tx) calendarChanged() error {
	if err := tx.refreshOpenFOI(); err != nil {
		return err
	}
	return tx.refreshOpenLetters()
}
