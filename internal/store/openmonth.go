package store

// 政府开放月: topic polls with one vote per person, events with
// registration up to capacity and a waitlist, check-in and the event
// report. A voter is stored only as the keyed MAC of the mobile number; a
// registrant's name and phone are sealed and masked. Registrations and
// cancellations of one event are serialised by bumping the event's
// version first (a row lock on PostgreSQL; SQLite has one writer), so the
// capacity check that follows sees every committed registration.

import (
	"context"
	"database/sql"
	"fmt"
	"slices"
	"strings"

	"gongkai/internal/calendar"
	"gongkai/internal/errs"
	"gongkai/internal/interact"
	"gongkai/internal/secret"
)

// omBox refuses open-month personal data without a sealing key.
func (s *Store) omBox() error {
	if s.Secrets == nil {
		return errs.New(errs.Unavailable, "store.omBox", "no_key", "未配置个人信息加密密钥，暂不能投票或报名。")
	}
	return nil
}

// checkOMDept refuses a department that does not exist, as a field error.
func checkOMDept(tx *Tx, id int64) error {
	var n int
	if err := tx.queryRow("SELECT COUNT(*) FROM departments WHERE id = ?", id).Scan(&n); err != nil {
		return translate(err)
	}
	if n == 0 {
		return errs.InField("dept_id", errs.New(errs.Invalid, "store", "dept_not_found", "所选组织部门不存在。"))
	}
	return nil
}

func pollDetail(p *interact.Poll) map[string]string {
	return map[string]string{"title": p.Title, "dept_id": itoa(p.DeptID), "opens_on": p.OpensOn.String(),
		"closes_on": p.ClosesOn.String(), "options": fmt.Sprint(len(p.Options))}
}

// CreatePoll validates and stores a topic poll, setting its ID.
func (s *Store) CreatePoll(ctx context.Context, actor string, p *interact.Poll) error {
	p.Normalize()
	if err := p.Validate(); err != nil {
		return err
	}
	return s.update(ctx, "store.CreatePoll", func(tx *Tx) error {
		if err := checkOMDept(tx, p.DeptID); err != nil {
			return err
		}
		id, err := tx.insert(`INSERT INTO om_polls (title, description, dept_id, opens_on, closes_on, created_by, created_at, updated_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?)`, p.Title, p.Description, p.DeptID, p.OpensOn.String(), p.ClosesOn.String(), actor, micros(tx.now), micros(tx.now))
		if err != nil {
			return err
		}
		p.ID, p.Created, p.Updated = id, tx.now, tx.now
		if err := tx.insertPollOptions(p); err != nil {
			return err
		}
		return tx.record(actor, "openmonth.poll_create", "poll:"+itoa(id), pollDetail(p))
	})
}

func (tx *Tx) insertPollOptions(p *interact.Poll) error {
	for i := range p.Options {
		id, err := tx.insert("INSERT INTO om_poll_options (poll_id, seq, text) VALUES (?, ?, ?)", p.ID, i+1, p.Options[i].Text)
		if err != nil {
			return err
		}
		p.Options[i].ID = id
	}
	return nil
}

// UpdatePoll changes a poll. Its options can change only while nobody has
// voted: a vote is for the option as it read.
func (s *Store) UpdatePoll(ctx context.Context, actor string, p *interact.Poll) error {
	const op = "store.UpdatePoll"
	p.Normalize()
	if err := p.Validate(); err != nil {
		return err
	}
	return s.update(ctx, op, func(tx *Tx) error {
		old, err := loadPoll(tx, p.ID)
		if err != nil {
			return err
		}
		if err := checkOMDept(tx, p.DeptID); err != nil {
			return err
		}
		if !slices.Equal(optionTexts(old.Options), optionTexts(p.Options)) {
			if old.Total() > 0 {
				return errs.InField("options", errs.New(errs.Conflict, op, "poll_has_votes", "已有人投票，备选议题不能再修改。"))
			}
			if _, err := tx.exec("DELETE FROM om_poll_options WHERE poll_id = ?", p.ID); err != nil {
				return err
			}
			if err := tx.insertPollOptions(p); err != nil {
				return err
			}
		}
		if _, err := tx.exec("UPDATE om_polls SET title = ?, description = ?, dept_id = ?, opens_on = ?, closes_on = ?, updated_at = ? WHERE id = ?",
			p.Title, p.Description, p.DeptID, p.OpensOn.String(), p.ClosesOn.String(), micros(tx.now), p.ID); err != nil {
			return err
		}
		return tx.record(actor, "openmonth.poll_update", "poll:"+itoa(p.ID), pollDetail(p))
	})
}

func optionTexts(opts []interact.PollOption) []string {
	out := make([]string, len(opts))
	for i, o := range opts {
		out[i] = o.Text
	}
	return out
}

const pollColumns = "p.id, p.title, p.description, p.dept_id, d.name, p.opens_on, p.closes_on, p.created_at, p.updated_at"

func scanPoll(sc interface{ Scan(...any) error }) (*interact.Poll, error) {
	var p interact.Poll
	var opens, closes string
	var created, updated int64
	if err := sc.Scan(&p.ID, &p.Title, &p.Description, &p.DeptID, &p.DeptName, &opens, &closes, &created, &updated); err != nil {
		return nil, translate(err)
	}
	p.OpensOn, _ = calendar.ParseDate(opens)
	p.ClosesOn, _ = calendar.ParseDate(closes)
	p.Created, p.Updated = fromMicros(created), fromMicros(updated)
	return &p, nil
}

// loadPoll reads a poll with its options and their counts.
func loadPoll(q reader, id int64) (*interact.Poll, error) {
	p, err := scanPoll(q.row("SELECT "+pollColumns+" FROM om_polls p JOIN departments d ON d.id = p.dept_id WHERE p.id = ?", id))
	if err != nil {
		return nil, notFound(err, "poll_not_found", "投票不存在。")
	}
	rows, err := q.rowsOf(`SELECT o.id, o.text, (SELECT COUNT(*) FROM om_votes v WHERE v.option_id = o.id)
		FROM om_poll_options o WHERE o.poll_id = ? ORDER BY o.seq`, id)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var o interact.PollOption
		if err := rows.Scan(&o.ID, &o.Text, &o.Votes); err != nil {
			return nil, translate(err)
		}
		p.Options = append(p.Options, o)
	}
	return p, translate(rows.Err())
}

// Poll returns a poll with its counts.
func (s *Store) Poll(ctx context.Context, id int64) (*interact.Poll, error) {
	p, err := loadPoll(storeQ{s, ctx}, id)
	return p, errs.Wrap("store.Poll", err)
}

// Polls lists every poll, newest window first, with their counts.
func (s *Store) Polls(ctx context.Context) ([]*interact.Poll, error) {
	const op = "store.Polls"
	ids, err := storeQ{s, ctx}.ids("SELECT id FROM om_polls ORDER BY opens_on DESC, id DESC")
	if err != nil {
		return nil, err
	}
	out := make([]*interact.Poll, 0, len(ids))
	for _, id := range ids {
		p, err := s.Poll(ctx, id)
		if err != nil {
			return nil, errs.Wrap(op, err)
		}
		out = append(out, p)
	}
	return out, nil
}

// Vote casts one vote for optionID of a poll by the holder of phone. The
// number is kept only as its keyed MAC, unique per poll, so the same
// person voting again is refused.
func (s *Store) Vote(ctx context.Context, pollID, optionID int64, phone string) error {
	const op = "store.Vote"
	if err := s.omBox(); err != nil {
		return err
	}
	phone = interact.NormalizeMobile(phone)
	var list []*errs.Error
	if optionID == 0 {
		list = append(list, errs.New(errs.Invalid, op, "option_required", "请选择一个议题。").WithField("option"))
	}
	if err := interact.CheckMobile("phone", phone); err != nil {
		list = append(list, err.(*errs.Error))
	}
	if err := errs.Join(list...); err != nil {
		return err
	}
	return s.update(ctx, op, func(tx *Tx) error {
		p, err := loadPoll(tx, pollID)
		if err != nil {
			return err
		}
		if err := p.CanVote(calendar.DateOf(tx.now)); err != nil {
			return err
		}
		if !slices.ContainsFunc(p.Options, func(o interact.PollOption) bool { return o.ID == optionID }) {
			return errs.InField("option", errs.New(errs.Invalid, op, "option_not_found", "所选议题不属于本次投票，请重新选择。"))
		}
		if _, err := tx.exec("INSERT INTO om_votes (poll_id, option_id, voter_mac, created_at) VALUES (?, ?, ?, ?)",
			pollID, optionID, s.Secrets.MAC(phone), micros(tx.now)); err != nil {
			return errs.InField("phone", duplicate(err, "already_voted", "该手机号码已经参加过本次投票，每人只能投一票。"))
		}
		return tx.record("anonymous", "openmonth.vote", "poll:"+itoa(pollID), map[string]string{"option": itoa(optionID)})
	})
}

func eventDetail(e *interact.Event) map[string]string {
	return map[string]string{"topic": e.Topic, "dept_id": itoa(e.DeptID), "on": e.On.String(), "starts": e.Starts, "ends": e.Ends,
		"place": e.Place, "form": string(e.Form), "capacity": fmt.Sprint(e.Capacity), "reg_opens": e.RegOpens.String(),
		"reg_closes": e.RegCloses.String(), "poll_id": itoa(e.PollID)}
}

// checkEventRefs refuses a department or poll that does not exist.
func checkEventRefs(tx *Tx, e *interact.Event) error {
	if err := checkOMDept(tx, e.DeptID); err != nil {
		return err
	}
	if e.PollID != 0 {
		if _, err := loadPoll(tx, e.PollID); err != nil {
			return errs.InField("poll_id", err)
		}
	}
	return nil
}

// CreateOpenEvent validates and stores an open-month event, setting its ID.
func (s *Store) CreateOpenEvent(ctx context.Context, actor string, e *interact.Event) error {
	e.Normalize()
	if err := e.Validate(); err != nil {
		return err
	}
	return s.update(ctx, "store.CreateOpenEvent", func(tx *Tx) error {
		if err := checkEventRefs(tx, e); err != nil {
			return err
		}
		id, err := tx.insert(`INSERT INTO om_events (topic, dept_id, on_date, starts, ends, place, form, capacity, reg_opens, reg_closes,
			description, poll_id, created_by, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			e.Topic, e.DeptID, e.On.String(), e.Starts, e.Ends, e.Place, string(e.Form), e.Capacity, e.RegOpens.String(), e.RegCloses.String(),
			e.Description, nullID(e.PollID), actor, micros(tx.now), micros(tx.now))
		if err != nil {
			return err
		}
		e.ID, e.Created, e.Updated = id, tx.now, tx.now
		return tx.record(actor, "openmonth.event_create", "openevent:"+itoa(id), eventDetail(e))
	})
}

// UpdateOpenEvent changes an event. The capacity cannot fall below the
// places already confirmed; when it rises, the waitlist moves up.
func (s *Store) UpdateOpenEvent(ctx context.Context, actor string, e *interact.Event) error {
	const op = "store.UpdateOpenEvent"
	e.Normalize()
	if err := e.Validate(); err != nil {
		return err
	}
	return s.update(ctx, op, func(tx *Tx) error {
		old, err := tx.lockEvent(e.ID)
		if err != nil {
			return err
		}
		if err := checkEventRefs(tx, e); err != nil {
			return err
		}
		if e.Capacity < old.Confirmed {
			return errs.InField("capacity", errs.New(errs.Conflict, op, "capacity_below_confirmed",
				fmt.Sprintf("名额不能少于已报名成功的人数（%d 人）。", old.Confirmed)))
		}
		if _, err := tx.exec(`UPDATE om_events SET topic = ?, dept_id = ?, on_date = ?, starts = ?, ends = ?, place = ?, form = ?, capacity = ?,
			reg_opens = ?, reg_closes = ?, description = ?, poll_id = ?, updated_at = ? WHERE id = ?`,
			e.Topic, e.DeptID, e.On.String(), e.Starts, e.Ends, e.Place, string(e.Form), e.Capacity, e.RegOpens.String(), e.RegCloses.String(),
			e.Description, nullID(e.PollID), micros(tx.now), e.ID); err != nil {
			return err
		}
		if err := tx.record(actor, "openmonth.event_update", "openevent:"+itoa(e.ID), eventDetail(e)); err != nil {
			return err
		}
		return tx.promoteWaitlist(e.ID, actor)
	})
}

const eventColumns = `e.id, e.topic, e.dept_id, d.name, e.on_date, e.starts, e.ends, e.place, e.form, e.capacity, e.reg_opens, e.reg_closes,
	e.description, COALESCE(e.poll_id, 0), COALESCE(p.title, ''), e.report, e.report_at, e.created_at, e.updated_at,
	(SELECT COUNT(*) FROM om_registrations r WHERE r.event_id = e.id AND r.status = 'confirmed'),
	(SELECT COUNT(*) FROM om_registrations r WHERE r.event_id = e.id AND r.status = 'waitlisted')`

const eventFrom = " FROM om_events e JOIN departments d ON d.id = e.dept_id LEFT JOIN om_polls p ON p.id = e.poll_id"

func scanOpenEvent(sc interface{ Scan(...any) error }) (*interact.Event, error) {
	var e interact.Event
	var on, opens, closes string
	var reportAt, created, updated int64
	if err := sc.Scan(&e.ID, &e.Topic, &e.DeptID, &e.DeptName, &on, &e.Starts, &e.Ends, &e.Place, &e.Form, &e.Capacity, &opens, &closes,
		&e.Description, &e.PollID, &e.PollTitle, &e.Report, &reportAt, &created, &updated, &e.Confirmed, &e.Waitlisted); err != nil {
		return nil, translate(err)
	}
	e.On, _ = calendar.ParseDate(on)
	e.RegOpens, _ = calendar.ParseDate(opens)
	e.RegCloses, _ = calendar.ParseDate(closes)
	e.ReportAt, e.Created, e.Updated = fromMicros(reportAt), fromMicros(created), fromMicros(updated)
	return &e, nil
}

func loadOpenEvent(q reader, id int64) (*interact.Event, error) {
	e, err := scanOpenEvent(q.row("SELECT "+eventColumns+eventFrom+" WHERE e.id = ?", id))
	return e, notFound(err, "event_not_found", "活动不存在。")
}

// lockEvent bumps the event's version, which every registration,
// cancellation and change of the event does first: on PostgreSQL the row
// lock queues them, on SQLite the single writer does. It then reads the
// event with its counts as they stand after every earlier commit.
func (tx *Tx) lockEvent(id int64) (*interact.Event, error) {
	res, err := tx.exec("UPDATE om_events SET version = version + 1 WHERE id = ?", id)
	if err != nil {
		return nil, err
	}
	if n, err := res.RowsAffected(); err != nil {
		return nil, translate(err)
	} else if n == 0 {
		return nil, errs.New(errs.NotFound, "store", "event_not_found", "活动不存在。")
	}
	return loadOpenEvent(tx, id)
}

// OpenEvent returns an event with its counts.
func (s *Store) OpenEvent(ctx context.Context, id int64) (*interact.Event, error) {
	e, err := loadOpenEvent(storeQ{s, ctx}, id)
	return e, errs.Wrap("store.OpenEvent", err)
}

// OpenEvents lists every event by date.
func (s *Store) OpenEvents(ctx context.Context) ([]*interact.Event, error) {
	var out []*interact.Event
	err := s.queryAll(ctx, "store.OpenEvents", "SELECT "+eventColumns+eventFrom+" ORDER BY e.on_date, e.starts, e.id", nil, func(rows *sql.Rows) error {
		e, err := scanOpenEvent(rows)
		out = append(out, e)
		return err
	})
	return out, err
}

// RegisterForEvent registers a person for an event: a place while there
// is one, else the waitlist. It returns the registration with its query
// code, shown once (only the hash is kept).
func (s *Store) RegisterForEvent(ctx context.Context, eventID int64, r interact.Registrant) (*interact.Registration, string, error) {
	const op = "store.RegisterForEvent"
	if err := s.omBox(); err != nil {
		return nil, "", err
	}
	r.Normalize()
	if err := r.Validate(); err != nil {
		return nil, "", err
	}
	code := newQueryCode()
	var reg *interact.Registration
	err := s.update(ctx, op, func(tx *Tx) error {
		e, err := tx.lockEvent(eventID)
		if err != nil {
			return err
		}
		if err := e.RegistrationOpen(calendar.DateOf(tx.now)); err != nil {
			return err
		}
		b := s.Secrets
		mac := b.MAC(r.Phone)
		var same, all int
		if err := tx.queryRow("SELECT COUNT(*) FROM om_registrations WHERE event_id = ? AND phone_mac = ? AND status <> 'cancelled'", eventID, mac).Scan(&same); err != nil {
			return translate(err)
		}
		if same > 0 {
			return errs.InField("phone", errs.New(errs.Conflict, op, "already_registered", "该手机号码已经报名本活动。如需查询或取消，请使用报名编号和查询码。"))
		}
		if err := tx.queryRow("SELECT COUNT(*) FROM om_registrations WHERE event_id = ?", eventID).Scan(&all); err != nil {
			return translate(err)
		}
		status := interact.Confirmed
		if e.Full() {
			status = interact.Waitlisted
		}
		number := fmt.Sprintf("KF%d-%03d", eventID, all+1)
		id, err := tx.insert(`INSERT INTO om_registrations (event_id, number, code_hash, name_sealed, name_mask, phone_sealed, phone_mask, phone_mac, note, status, created_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, eventID, number, hashQueryCode(code), b.Seal(r.Name), secret.MaskName(r.Name),
			b.Seal(r.Phone), secret.MaskPhone(r.Phone), mac, r.Note, string(status), micros(tx.now))
		if err != nil {
			return err
		}
		if err := tx.record("anonymous", "openmonth.register", "openevent:"+itoa(eventID), map[string]string{"number": number, "status": string(status)}); err != nil {
			return err
		}
		reg, err = loadRegistration(tx, "r.id = ?", id)
		return err
	})
	return reg, code, err
}

const registrationColumns = `r.id, r.number, r.event_id, r.name_mask, r.phone_mask, r.note, r.status, r.checked_in_at, r.created_at,
	CASE WHEN r.status = 'waitlisted' THEN (SELECT COUNT(*) FROM om_registrations w WHERE w.event_id = r.event_id AND w.status = 'waitlisted' AND w.id <= r.id) ELSE 0 END`

func scanRegistration(sc interface{ Scan(...any) error }) (*interact.Registration, error) {
	var r interact.Registration
	var checked, created int64
	if err := sc.Scan(&r.ID, &r.Number, &r.EventID, &r.Name, &r.Phone, &r.Note, &r.Status, &checked, &created, &r.Position); err != nil {
		return nil, translate(err)
	}
	r.CheckedIn, r.Created = fromMicros(checked), fromMicros(created)
	return &r, nil
}

func loadRegistration(q reader, where string, arg any) (*interact.Registration, error) {
	r, err := scanRegistration(q.row("SELECT "+registrationColumns+" FROM om_registrations r WHERE "+where, arg))
	return r, notFound(err, "registration_not_found", "报名记录不存在。")
}

// registrationByCode finds a registration by its number and query code; a
// wrong number and a wrong code are the same not-found.
func registrationByCode(q reader, number, code string) (*interact.Registration, error) {
	number = strings.ToUpper(strings.TrimSpace(number))
	var hash string
	err := q.row("SELECT code_hash FROM om_registrations WHERE number = ?", number).Scan(&hash)
	if err != nil && !errs.Is(translate(err), errs.NotFound) {
		return nil, translate(err)
	}
	if !codeMatches(hash, code) {
		return nil, errs.New(errs.NotFound, "store", "registration_not_found", "没有找到该报名：报名编号或查询码不正确。")
	}
	return loadRegistration(q, "r.number = ?", number)
}

// EventRegistration is a registrant's own look-up with number and code.
func (s *Store) EventRegistration(ctx context.Context, number, code string) (*interact.Registration, error) {
	r, err := registrationByCode(storeQ{s, ctx}, number, code)
	return r, errs.Wrap("store.EventRegistration", err)
}

// CancelEventRegistration cancels a registration with its number and
// code. A confirmed place that is freed goes to the first on the
// waitlist, in the same transaction.
func (s *Store) CancelEventRegistration(ctx context.Context, number, code string) (*interact.Registration, error) {
	const op = "store.CancelEventRegistration"
	var reg *interact.Registration
	err := s.update(ctx, op, func(tx *Tx) error {
		r, err := registrationByCode(tx, number, code)
		if err != nil {
			return err
		}
		e, err := tx.lockEvent(r.EventID)
		if err != nil {
			return err
		}
		// Read again behind the lock: a cancellation of the same
		// registration may have committed meanwhile.
		if r, err = loadRegistration(tx, "r.id = ?", r.ID); err != nil {
			return err
		}
		switch {
		case r.Status == interact.Cancelled:
			return errs.New(errs.Conflict, op, "already_cancelled", "该报名已经取消。")
		case !calendar.DateOf(tx.now).Before(e.On):
			return errs.New(errs.Conflict, op, "event_past", "活动已举行或正在举行，报名不能再取消。")
		}
		if _, err := tx.exec("UPDATE om_registrations SET status = 'cancelled', cancelled_at = ? WHERE id = ?", micros(tx.now), r.ID); err != nil {
			return err
		}
		if err := tx.record("anonymous", "openmonth.cancel", "openevent:"+itoa(e.ID), map[string]string{"number": r.Number, "was": string(r.Status)}); err != nil {
			return err
		}
		if err := tx.promoteWaitlist(e.ID, "anonymous"); err != nil {
			return err
		}
		reg, err = loadRegistration(tx, "r.id = ?", r.ID)
		return err
	})
	return reg, err
}

// promoteWaitlist gives free places to the waitlist in order. The event
// is locked by the caller.
func (tx *Tx) promoteWaitlist(eventID int64, actor string) error {
	e, err := loadOpenEvent(tx, eventID)
	if err != nil {
		return err
	}
	for free := e.Capacity - e.Confirmed; free > 0; free-- {
		var id int64
		var number string
		err := tx.queryRow("SELECT id, number FROM om_registrations WHERE event_id = ? AND status = 'waitlisted' ORDER BY id LIMIT 1", eventID).Scan(&id, &number)
		if errs.Is(translate(err), errs.NotFound) {
			return nil
		}
		if err != nil {
			return translate(err)
		}
		if _, err := tx.exec("UPDATE om_registrations SET status = 'confirmed' WHERE id = ?", id); err != nil {
			return err
		}
		if err := tx.record(actor, "openmonth.promote", "openevent:"+itoa(eventID), map[string]string{"number": number}); err != nil {
			return err
		}
	}
	return nil
}

// EventRegistrations is an event's check-in list: confirmed places, then
// the waitlist, each in order of registration, then the cancelled.
func (s *Store) EventRegistrations(ctx context.Context, eventID int64) ([]*interact.Registration, error) {
	var out []*interact.Registration
	err := s.queryAll(ctx, "store.EventRegistrations", "SELECT "+registrationColumns+` FROM om_registrations r WHERE r.event_id = ?
		ORDER BY CASE r.status WHEN 'confirmed' THEN 0 WHEN 'waitlisted' THEN 1 ELSE 2 END, r.id`, []any{eventID}, func(rows *sql.Rows) error {
		r, err := scanRegistration(rows)
		out = append(out, r)
		return err
	})
	return out, err
}

// CheckInRegistration records that a confirmed registrant has arrived.
func (s *Store) CheckInRegistration(ctx context.Context, actor string, eventID, regID int64) error {
	const op = "store.CheckInRegistration"
	return s.update(ctx, op, func(tx *Tx) error {
		r, err := loadRegistration(tx, "r.id = ?", regID)
		if err != nil {
			return err
		}
		switch {
		case r.EventID != eventID:
			return errs.New(errs.NotFound, op, "registration_not_found", "报名记录不存在。")
		case r.Status != interact.Confirmed:
			return errs.New(errs.Conflict, op, "not_confirmed", "只有报名成功的人员才能签到（候补或已取消的不能签到）。")
		case !r.CheckedIn.IsZero():
			return errs.New(errs.Conflict, op, "already_checked_in", "报名 "+r.Number+" 已经签到。")
		}
		if _, err := tx.exec("UPDATE om_registrations SET checked_in_at = ? WHERE id = ?", micros(tx.now), regID); err != nil {
			return err
		}
		return tx.record(actor, "openmonth.check_in", "openevent:"+itoa(eventID), map[string]string{"number": r.Number})
	})
}

// SaveEventReport publishes the short report of a held event on its
// public page ("" takes it down).
func (s *Store) SaveEventReport(ctx context.Context, actor string, eventID int64, text string) error {
	const op = "store.SaveEventReport"
	text = strings.TrimSpace(text)
	if utf8Len(text) > interact.MaxEventReport {
		return errs.InField("report", errs.New(errs.Invalid, op, "report_too_long", fmt.Sprintf("活动报道不超过 %d 字。", interact.MaxEventReport)))
	}
	return s.update(ctx, op, func(tx *Tx) error {
		e, err := loadOpenEvent(tx, eventID)
		if err != nil {
			return err
		}
		if err := e.CanReport(calendar.DateOf(tx.now)); err != nil {
			return err
		}
		at := micros(tx.now)
		if text == "" {
			at = 0
		}
		if _, err := tx.exec("UPDATE om_events SET report = ?, report_at = ?, updated_at = ? WHERE id = ?", text, at, micros(tx.now), eventID); err != nil {
			return err
		}
		return tx.record(actor, "openmonth.report", "openevent:"+itoa(eventID), map[string]string{"chars": fmt.Sprint(utf8Len(text))})
	})
}

func utf8Len(s string) int { return len([]rune(s)) }
