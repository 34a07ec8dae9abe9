package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"strings"

	"gongkai/internal/calendar"
	"gongkai/internal/errs"
	"gongkai/internal/foi"
)

// The staff inbox and the reminders read two columns of foi_applications
// that are derived from the clock (migration 00013): status, and due_on
// while the clock runs. Tx.refreshFOIListing writes them from a replay in
// the transaction of every event; a calendar change rewrites those of the
// open cases (Tx.refreshFOIWhere), and Store.Migrate fills rows written
// before the columns existed. Filtering, counting, ordering and paging are
// SQL over them; only a page's rows are loaded and replayed.

// FOIFilter narrows the staff inbox. The zero value is every case.
type FOIFilter struct {
	// Status is "" or "all" (every case), "open" (not answered or
	// withdrawn) or one foi.Status.
	Status string
	// DeptID keeps the cases assigned to exactly this department; 0 keeps
	// every case, assigned or not.
	DeptID int64
	// Light keeps the running clocks whose light is red, yellow or green on
	// Today; "" any case.
	Light foi.Light
	// Today is the day lights are judged on; zero is the store's today.
	Today calendar.Date
	Page  int // from 1
	Size  int // 1–MaxFOIPageSize; 0 is DefaultFOIPageSize
}

// The inbox's page sizes.
const (
	DefaultFOIPageSize = 50
	MaxFOIPageSize     = 500
)

// foiOpenStatuses are the statuses of a case that is not closed.
var foiOpenStatuses = []foi.Status{foi.AwaitingConfirmation, foi.InProgress, foi.AwaitingSupplement, foi.InConsultation, foi.AwaitingFee}

// foiListing is what the listing columns hold for a clock: its status, and
// its due date while it runs ("" otherwise), the cases remind.Due and the
// inbox's lights consider.
func foiListing(c *foi.Clock) (status, dueOn string) {
	if c.Status == foi.InProgress || c.Status == foi.InConsultation {
		dueOn = c.DueOn.String()
	}
	return string(c.Status), dueOn
}

// refreshFOIListing replays app's events on cal (setting app.Clock) and
// writes its listing columns. Every transaction that changes a case's
// events calls it last.
func (tx *Tx) refreshFOIListing(app *foi.Application, cal *calendar.Calendar) error {
	if err := computeClock(cal, app); err != nil {
		return err
	}
	status, due := foiListing(app.Clock)
	return tx.writeFOIListing(app.ID, status, due)
}

func (tx *Tx) writeFOIListing(id int64, status, due string) error {
	_, err := tx.exec("UPDATE foi_applications SET status = ?, due_on = ? WHERE id = ?", status, due, id)
	return err
}

// refreshFOIWhere replays every case matching where on the calendar the
// transaction sees and rewrites the listing columns that changed. A case
// whose events the calendar no longer admits is refused (strict) or left
// as it is.
func (tx *Tx) refreshFOIWhere(strict bool, where string, args ...any) (int, error) {
	cal, err := calendarFrom(tx)
	if err != nil {
		return 0, err
	}
	if tx.s.dialect == Postgres {
		// Lock the cases first, as a new event does, so an event recorded
		// meanwhile is waited for and read, never overwritten with an older
		// replay. (SQLite has one writer at a time.)
		if _, err := tx.exec("SELECT a.id FROM foi_applications a WHERE "+where+" ORDER BY a.id FOR UPDATE", args...); err != nil {
			return 0, err
		}
	}
	apps, err := loadFOIWhere(tx, where, "a.id", args...)
	if err != nil {
		return 0, err
	}
	// What is stored, so only the rows that change are written.
	stored := map[int64][2]string{}
	rows, err := tx.rowsOf("SELECT a.id, a.status, a.due_on FROM foi_applications a WHERE "+where, args...)
	if err != nil {
		return 0, err
	}
	for rows.Next() {
		var id int64
		var st, due string
		if err := rows.Scan(&id, &st, &due); err != nil {
			rows.Close()
			return 0, translate(err)
		}
		stored[id] = [2]string{st, due}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return 0, translate(err)
	}
	for _, a := range apps {
		err := computeClock(cal, a)
		if err == nil {
			if st, due := foiListing(a.Clock); stored[a.ID] != [2]string{st, due} {
				err = tx.writeFOIListing(a.ID, st, due)
			}
		}
		switch {
		case err == nil:
		case errs.KindOf(err) == errs.Internal:
			return 0, err
		case strict:
			_, msg := errs.Public(err)
			return 0, errs.Newf(errs.Conflict, "store.refreshFOI", "calendar_breaks_case",
				"按调整后的日历，申请 %s 已登记的办理环节不再符合期限规则（%s），调整未保存。", a.Number, strings.TrimSuffix(msg, "。"))
		}
	}
	return len(apps), nil
}

// refreshOpenFOI rewrites the due dates of the open cases after a calendar
// change, in its transaction; closed cases have none.
func (tx *Tx) refreshOpenFOI() error {
	in, args := foiStatusIn(foiOpenStatuses)
	_, err := tx.refreshFOIWhere(true, "a.status IN "+in, args...)
	return err
}

// buildFOIListing fills the listing columns of rows written before they
// existed (an empty status), and refreshes the open cases, whose due dates move
// when a new release brings official holiday data for a provisional year.
func (s *Store) buildFOIListing(ctx context.Context) error {
	return s.update(ctx, "store.buildFOIListing", func(tx *Tx) error {
		in, args := foiStatusIn(foiOpenStatuses)
		_, err := tx.refreshFOIWhere(false, "a.status = '' OR a.status IN "+in, args...)
		return err
	})
}

func foiStatusIn(ss []foi.Status) (string, []any) {
	args := make([]any, len(ss))
	for i, s := range ss {
		args[i] = string(s)
	}
	return placeholders(len(ss)), args
}

// loadFOIWhere reads the cases matching where (on foi_applications a) in
// order, each with its events: two queries, whatever the number of cases.
// The clocks are not replayed.
func loadFOIWhere(q reader, where, order string, args ...any) ([]*foi.Application, error) {
	rows, err := q.rowsOf("SELECT "+prefixed("a.", foiColumns)+" FROM foi_applications a WHERE "+where+" ORDER BY "+order, args...)
	if err != nil {
		return nil, err
	}
	var out []*foi.Application
	byID := map[int64]*foi.Application{}
	for rows.Next() {
		a, err := scanApplication(rows)
		if err != nil {
			rows.Close()
			return nil, err
		}
		out = append(out, a)
		byID[a.ID] = a
	}
	rows.Close()
	if err := rows.Err(); err != nil || len(out) == 0 {
		return out, translate(err)
	}
	rows, err = q.rowsOf(`SELECT e.app_id, e.seq, e.on_date, e.detail, e.actor, e.created_at FROM foi_events e
		WHERE e.app_id IN (SELECT a.id FROM foi_applications a WHERE `+where+") ORDER BY e.app_id, e.seq", args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var appID, at int64
		var e foi.RecordedEvent
		var on, detail string
		if err := rows.Scan(&appID, &e.Seq, &on, &detail, &e.Actor, &at); err != nil {
			return nil, translate(err)
		}
		// As eventsOf reads one case's events.
		if err := json.Unmarshal([]byte(detail), &e.Event); err != nil {
			return nil, err
		}
		e.Type = e.Event.Type
		e.On, _ = calendar.ParseDate(on)
		e.At = fromMicros(at)
		if a := byID[appID]; a != nil {
			a.Events = append(a.Events, e)
		}
	}
	return out, translate(rows.Err())
}

// foiConds is the WHERE of a filter over foi_applications a, without the
// light; light is the light's condition alone ("" for none).
type foiConds struct {
	conds []string
	args  []any
}

func (c *foiConds) add(cond string, args ...any) {
	c.conds = append(c.conds, cond)
	c.args = append(c.args, args...)
}

func (c *foiConds) sql() string {
	if len(c.conds) == 0 {
		return "1 = 1"
	}
	return strings.Join(c.conds, " AND ")
}

// foiBounds are the due dates that separate the lights on a day: red
// before today, yellow from today until greenFrom (excluded), green from
// greenFrom. foi.LightOf turns yellow at YellowDays working days left or
// fewer, so greenFrom is the working day YellowDays+1 after today.
type foiBounds struct{ today, greenFrom string }

func boundsOf(cal *calendar.Calendar, today calendar.Date) foiBounds {
	g, _ := cal.AddWorkdays(today, foi.YellowDays+1)
	return foiBounds{today.String(), g.String()}
}

func (b foiBounds) light(l foi.Light) (string, []any) {
	switch l {
	case foi.Red:
		return "a.due_on > '' AND a.due_on < ?", []any{b.today}
	case foi.Yellow:
		return "a.due_on >= ? AND a.due_on < ?", []any{b.today, b.greenFrom}
	case foi.Green:
		return "a.due_on >= ?", []any{b.greenFrom}
	}
	return "", nil
}

// conds checks the filter and turns it into SQL; the calendar is read
// only when a light needs it.
func (s *Store) foiConds(ctx context.Context, op string, f *FOIFilter, withLight bool) (*foiConds, foiBounds, error) {
	var c foiConds
	switch f.Status {
	case "", "all":
	case "open":
		in, args := foiStatusIn(foiOpenStatuses)
		c.add("a.status IN "+in, args...)
	default:
		if foi.Status(f.Status).Label() == "" {
			return nil, foiBounds{}, errs.New(errs.Invalid, op, "invalid_status", "办理状态应为 open、all 或一个具体状态（如 in_progress）。")
		}
		c.add("a.status = ?", f.Status)
	}
	if f.DeptID != 0 {
		c.add("a.dept_id = ?", f.DeptID)
	}
	switch f.Light {
	case "", foi.Red, foi.Yellow, foi.Green:
	default:
		return nil, foiBounds{}, errs.New(errs.Invalid, op, "invalid_light", "期限状态应为 red、yellow 或 green。")
	}
	if f.Today.IsZero() {
		f.Today = calendar.DateOf(s.Now())
	}
	cal, err := s.Calendar(ctx)
	if err != nil {
		return nil, foiBounds{}, err
	}
	b := boundsOf(cal, f.Today)
	if withLight && f.Light != "" {
		cond, args := b.light(f.Light)
		c.add(cond, args...)
	}
	return &c, b, nil
}

// FOICounts counts the cases f selects (all of them, not a page): total,
// and how many of them have a red, yellow or green light on f.Today.
// With f.Light set, total is that light's count and the other lights 0.
func (s *Store) FOICounts(ctx context.Context, f FOIFilter) (red, yellow, green, total int, err error) {
	const op = "store.FOICounts"
	c, b, err := s.foiConds(ctx, op, &f, true)
	if err != nil {
		return 0, 0, 0, 0, err
	}
	// The lights range over the running clocks' index entries; the total
	// counts the rest as well.
	args := append(append([]any{b.today, b.today, b.greenFrom, b.greenFrom}, c.args...), c.args...)
	err = s.queryRow(ctx, `SELECT COALESCE(SUM(CASE WHEN a.due_on < ? THEN 1 ELSE 0 END), 0),
		COALESCE(SUM(CASE WHEN a.due_on >= ? AND a.due_on < ? THEN 1 ELSE 0 END), 0),
		COALESCE(SUM(CASE WHEN a.due_on >= ? THEN 1 ELSE 0 END), 0),
		(SELECT COUNT(*) FROM foi_applications a WHERE `+c.sql()+`)
		FROM foi_applications a WHERE `+c.sql()+" AND a.due_on > ''", args...).Scan(&red, &yellow, &green, &total)
	return red, yellow, green, total, errs.Wrap(op, translate(err))
}

// FOIApplications returns one page of the cases f selects, most urgent
// first: running clocks by due date (then number), then the others newest
// first, each with its events and clock. The page is found in SQL over the
// listing columns' indexes (the running part, then the rest), so only its
// rows are loaded and replayed.
func (s *Store) FOIApplications(ctx context.Context, f FOIFilter) ([]*foi.Application, error) {
	const op = "store.FOIApplications"
	switch {
	case f.Size <= 0:
		f.Size = DefaultFOIPageSize
	case f.Size > MaxFOIPageSize:
		f.Size = MaxFOIPageSize
	}
	f.Page = max(f.Page, 1)
	c, _, err := s.foiConds(ctx, op, &f, true)
	if err != nil {
		return nil, err
	}
	offset := (f.Page - 1) * f.Size
	ids := make([]any, 0, f.Size)
	collect := func(q string, args ...any) error {
		return s.queryAll(ctx, op, q, args, func(rows *sql.Rows) error {
			var id int64
			ids = append(ids, &id)
			return rows.Scan(&id)
		})
	}
	running := c.sql() + " AND a.due_on > ''"
	if err := collect("SELECT a.id FROM foi_applications a WHERE "+running+" ORDER BY a.due_on, a.id LIMIT ? OFFSET ?",
		append(c.args, f.Size, offset)...); err != nil {
		return nil, err
	}
	if len(ids) < f.Size && f.Light == "" {
		// The page reaches past the running clocks: the rest starts at the
		// offset less the number of running clocks.
		rest := 0
		if len(ids) == 0 && offset > 0 {
			var n int
			if err := s.queryRow(ctx, "SELECT COUNT(*) FROM foi_applications a WHERE "+running, c.args...).Scan(&n); err != nil {
				return nil, errs.Wrap(op, translate(err))
			}
			rest = max(offset-n, 0)
		}
		if err := collect("SELECT a.id FROM foi_applications a WHERE "+c.sql()+" AND a.due_on = '' ORDER BY a.id DESC LIMIT ? OFFSET ?",
			append(c.args, f.Size-len(ids), rest)...); err != nil {
			return nil, err
		}
	}
	return s.foiPage(ctx, op, ids)
}

// foiPage loads the cases of ids (pointers to int64) in that order with
// their clocks.
func (s *Store) foiPage(ctx context.Context, op string, ids []any) ([]*foi.Application, error) {
	if len(ids) == 0 {
		return nil, nil
	}
	order := make([]int64, len(ids))
	for i, p := range ids {
		order[i] = *p.(*int64)
		ids[i] = order[i]
	}
	apps, err := loadFOIWhere(storeQ{s, ctx}, "a.id IN "+placeholders(len(ids)), "a.id", ids...)
	if err != nil {
		return nil, errs.Wrap(op, err)
	}
	cal, err := s.Calendar(ctx)
	if err != nil {
		return nil, err
	}
	byID := make(map[int64]*foi.Application, len(apps))
	for _, a := range apps {
		byID[a.ID] = a
	}
	out := make([]*foi.Application, 0, len(order))
	for _, id := range order {
		if a := byID[id]; a != nil { // gone since the ids were read: skipped
			if err := computeClock(cal, a); err != nil {
				return nil, err
			}
			out = append(out, a)
		}
	}
	return out, nil
}

// DueFOIApplications lists the cases whose running clock is overdue or
// due within the yellow window on today (YellowDays working days or
// fewer left), by due date, with their clocks: what the daily reminders
// and the dashboard need (remind.Due), read through the due_on index
// rather than every open case.
func (s *Store) DueFOIApplications(ctx context.Context, today calendar.Date) ([]*foi.Application, error) {
	const op = "store.DueFOIApplications"
	cal, err := s.Calendar(ctx)
	if err != nil {
		return nil, err
	}
	b := boundsOf(cal, today)
	apps, err := loadFOIWhere(storeQ{s, ctx}, "a.due_on > '' AND a.due_on < ?", "a.due_on, a.id", b.greenFrom)
	if err != nil {
		return nil, errs.Wrap(op, err)
	}
	for _, a := range apps {
		if err := computeClock(cal, a); err != nil {
			return nil, err
		}
	}
	return apps, nil
}
