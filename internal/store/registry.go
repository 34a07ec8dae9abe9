package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"strconv"

	"gongkai/internal/auth"
	"gongkai/internal/calendar"
	"gongkai/internal/errs"
	"gongkai/internal/report"
)

// The registry of information officers (信息员) and their handovers
// (交接), migration 00027. The rules (who may hand over to whom, who signs,
// when a handover is complete) are report's; the store applies them inside
// the transaction that writes the result. The audit trail names the
// department and the duty, never the officer's name.

// rowScanner reads one row, from the read pool or a transaction.
type rowScanner func(q string, args ...any) *sql.Row

const officerColumns = `o.id, o.name, o.dept_id, d.name, o.duty, o.username, o.from_date, o.to_date,
	o.trainee, o.trainee_filed, o.trainee_note, o.version`

const officerFrom = ` FROM officers o JOIN departments d ON d.id = o.dept_id`

func scanOfficer(sc interface{ Scan(...any) error }) (*report.Officer, error) {
	var o report.Officer
	var duty, from, to, filed string
	if err := sc.Scan(&o.ID, &o.Name, &o.DeptID, &o.DeptName, &duty, &o.Username, &from, &to,
		&o.Trainee, &filed, &o.TraineeNote, &o.Version); err != nil {
		return nil, err
	}
	o.Duty = report.Duty(duty)
	o.From, _ = calendar.ParseDate(from)
	o.To, _ = calendar.ParseDate(to)
	o.TraineeFiled, _ = calendar.ParseDate(filed)
	return &o, nil
}

// Officers lists every officer term, by department, the running terms
// first, then the newest.
func (s *Store) Officers(ctx context.Context) ([]*report.Officer, error) {
	var out []*report.Officer
	err := s.queryAll(ctx, "store.Officers", "SELECT "+officerColumns+officerFrom+
		" ORDER BY d.name, CASE WHEN o.to_date = '' THEN 0 ELSE 1 END, o.from_date DESC, o.id DESC", nil,
		func(rows *sql.Rows) error {
			o, err := scanOfficer(rows)
			out = append(out, o)
			return err
		})
	return out, err
}

func officerBy(row rowScanner, id int64) (*report.Officer, error) {
	o, err := scanOfficer(row("SELECT "+officerColumns+officerFrom+" WHERE o.id = ?", id))
	if err != nil {
		return nil, notFound(translate(err), "officer_not_found", "该信息员记录不存在。")
	}
	return o, nil
}

// Officer returns one officer term.
func (s *Store) Officer(ctx context.Context, id int64) (*report.Officer, error) {
	o, err := officerBy(func(q string, a ...any) *sql.Row { return s.queryRow(ctx, q, a...) }, id)
	return o, errs.Wrap("store.Officer", err)
}

func (tx *Tx) deptCode(id int64) (string, error) {
	var code string
	if err := tx.queryRow("SELECT code FROM departments WHERE id = ?", id).Scan(&code); err != nil {
		return "", errs.InField("dept_id", invalid(notFound(translate(err), "department_not_found", "所选部门不存在。")))
	}
	return code, nil
}

// officerAccount checks that a username names an existing account.
func (tx *Tx) officerAccount(username string) error {
	if username == "" {
		return nil
	}
	var admin int
	if err := tx.queryRow("SELECT (SELECT COUNT(*) FROM user_roles r WHERE r.user_id = u.id AND r.role IN (?, ?, ?)) FROM users u WHERE u.username = ?",
		string(auth.Sysadmin), string(auth.Secadmin), string(auth.Auditor), username).Scan(&admin); err != nil {
		return errs.InField("username", invalid(notFound(translate(err), "account_not_found", "没有这个系统账户；没有账户的信息员请留空。")))
	}
	// An administration account (三员) does no business work, so it signs
	// no handover either.
	if admin > 0 {
		return problemOf("store.officerAccount", "username", "administrative_account", "管理员账户（系统管理员、安全管理员、安全审计员）不能登记为信息员的账户。")
	}
	return nil
}

func officerDetail(code string, o *report.Officer) map[string]string {
	d := map[string]string{"department": code, "duty": string(o.Duty), "from": dateText(o.From), "to": dateText(o.To)}
	if o.Trainee {
		d["trainee_filed"] = dateText(o.TraineeFiled)
	}
	return d
}

// CreateOfficer registers a term (normalised and validated) by actor.
func (s *Store) CreateOfficer(ctx context.Context, actor string, o report.Officer) (*report.Officer, error) {
	const op = "store.CreateOfficer"
	o.Normalize()
	if err := o.Validate(); err != nil {
		return nil, err
	}
	var id int64
	err := s.update(ctx, op, func(tx *Tx) error {
		code, err := tx.deptCode(o.DeptID)
		if err != nil {
			return err
		}
		if err := tx.officerAccount(o.Username); err != nil {
			return err
		}
		id, err = tx.insert(`INSERT INTO officers (name, dept_id, duty, username, from_date, to_date, trainee, trainee_filed, trainee_note,
			version, updated_by, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?)`,
			o.Name, o.DeptID, string(o.Duty), o.Username, dateText(o.From), dateText(o.To), o.Trainee, dateText(o.TraineeFiled),
			o.TraineeNote, actor, micros(tx.now))
		if err != nil {
			return err
		}
		return tx.record(actor, "officer.create", "officer:"+strconv.FormatInt(id, 10), officerDetail(code, &o))
	})
	if err != nil {
		return nil, err
	}
	return s.Officer(ctx, id)
}

// UpdateOfficer saves o over the term o.ID at o.Version.
func (s *Store) UpdateOfficer(ctx context.Context, actor string, o report.Officer) (*report.Officer, error) {
	const op = "store.UpdateOfficer"
	o.Normalize()
	if err := o.Validate(); err != nil {
		return nil, err
	}
	err := s.update(ctx, op, func(tx *Tx) error {
		code, err := tx.deptCode(o.DeptID)
		if err != nil {
			return err
		}
		if err := tx.officerAccount(o.Username); err != nil {
			return err
		}
		res, err := tx.exec(`UPDATE officers SET name = ?, dept_id = ?, duty = ?, username = ?, from_date = ?, to_date = ?, trainee = ?,
			trainee_filed = ?, trainee_note = ?, version = version + 1, updated_by = ?, updated_at = ? WHERE id = ? AND version = ?`,
			o.Name, o.DeptID, string(o.Duty), o.Username, dateText(o.From), dateText(o.To), o.Trainee, dateText(o.TraineeFiled),
			o.TraineeNote, actor, micros(tx.now), o.ID, o.Version)
		if err != nil {
			return err
		}
		if n, err := res.RowsAffected(); err != nil || n == 0 {
			return errs.New(errs.Conflict, op, "stale_version", "该信息员记录已被他人修改或不存在，请刷新页面后重新编辑。")
		}
		return tx.record(actor, "officer.update", "officer:"+strconv.FormatInt(o.ID, 10), officerDetail(code, &o))
	})
	if err != nil {
		return nil, err
	}
	return s.Officer(ctx, o.ID)
}

const handoverColumns = `id, from_id, to_id, handover_date, checklist, note, out_by, out_behalf, out_note, out_at,
	in_by, in_behalf, in_note, in_at, created_by, created_at`

func loadHandover(row rowScanner, sc interface{ Scan(...any) error }) (*report.Handover, error) {
	var h report.Handover
	var fromID, toID, outAt, inAt, created int64
	var date, list string
	if err := sc.Scan(&h.ID, &fromID, &toID, &date, &list, &h.Note, &h.Out.By, &h.Out.OnBehalf, &h.Out.Note, &outAt,
		&h.In.By, &h.In.OnBehalf, &h.In.Note, &inAt, &h.By, &created); err != nil {
		return nil, notFound(translate(err), "handover_not_found", "该交接记录不存在。")
	}
	h.Date, _ = calendar.ParseDate(date)
	h.Out.At, h.In.At, h.Created = fromMicros(outAt), fromMicros(inAt), fromMicros(created)
	if err := json.Unmarshal([]byte(list), &h.Items); err != nil {
		return nil, err
	}
	var err error
	if h.From, err = officerBy(row, fromID); err != nil {
		return nil, err
	}
	if h.To, err = officerBy(row, toID); err != nil {
		return nil, err
	}
	h.DeptID, h.DeptName = h.From.DeptID, h.From.DeptName
	return &h, nil
}

// Handover returns one handover with both officers.
func (s *Store) Handover(ctx context.Context, id int64) (*report.Handover, error) {
	row := func(q string, a ...any) *sql.Row { return s.queryRow(ctx, q, a...) }
	h, err := loadHandover(row, row("SELECT "+handoverColumns+" FROM handovers WHERE id = ?", id))
	return h, errs.Wrap("store.Handover", err)
}

// Handovers lists the handovers, open ones first, newest first.
func (s *Store) Handovers(ctx context.Context) ([]*report.Handover, error) {
	const op = "store.Handovers"
	ids, err := storeQ{s, ctx}.ids("SELECT id FROM handovers ORDER BY CASE WHEN completed_at = 0 THEN 0 ELSE 1 END, created_at DESC, id DESC")
	if err != nil {
		return nil, errs.Wrap(op, err)
	}
	out := make([]*report.Handover, 0, len(ids))
	for _, id := range ids {
		h, err := s.Handover(ctx, id)
		if err != nil {
			return nil, err
		}
		out = append(out, h)
	}
	return out, nil
}

// CreateHandover records a handover from officer fromID to toID on date
// with the checklist items, by actor, as report.NewHandover allows.
func (s *Store) CreateHandover(ctx context.Context, actor string, fromID, toID int64, date calendar.Date, items []report.ChecklistItem, note string) (*report.Handover, error) {
	const op = "store.CreateHandover"
	var id int64
	err := s.update(ctx, op, func(tx *Tx) error {
		from, err := tx.handoverParty("from_id", fromID)
		if err != nil {
			return err
		}
		to, err := tx.handoverParty("to_id", toID)
		if err != nil {
			return err
		}
		h, err := report.NewHandover(from, to, date, items, note)
		if err != nil {
			return err
		}
		list, err := json.Marshal(h.Items)
		if err != nil {
			return err
		}
		id, err = tx.insert(`INSERT INTO handovers (dept_id, from_id, to_id, handover_date, checklist, note, created_by, created_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?)`, h.DeptID, fromID, toID, h.Date.String(), string(list), h.Note, actor, micros(tx.now))
		if err != nil {
			return err
		}
		code, err := tx.deptCode(h.DeptID)
		if err != nil {
			return err
		}
		return tx.record(actor, "handover.create", "handover:"+strconv.FormatInt(id, 10),
			map[string]string{"department": code, "from": "officer:" + strconv.FormatInt(fromID, 10), "to": "officer:" + strconv.FormatInt(toID, 10), "date": h.Date.String()})
	})
	if err != nil {
		return nil, err
	}
	return s.Handover(ctx, id)
}

func (tx *Tx) handoverParty(field string, id int64) (*report.Officer, error) {
	if id == 0 {
		return nil, nil
	}
	o, err := officerBy(tx.queryRow, id)
	if err != nil {
		return nil, errs.InField(field, invalid(err))
	}
	return o, nil
}

// ConfirmHandover records u's sign-off of side on handover id (with note
// when the supervisor signs on the party's behalf). The second sign-off
// completes the handover and, in the same transaction, ends the outgoing
// officer's running term on the handover date.
func (s *Store) ConfirmHandover(ctx context.Context, u *auth.User, id int64, side report.Side, note string) (*report.Handover, error) {
	const op = "store.ConfirmHandover"
	err := s.update(ctx, op, func(tx *Tx) error {
		h, err := loadHandover(tx.queryRow, tx.queryRow("SELECT "+handoverColumns+" FROM handovers WHERE id = ?", id))
		if err != nil {
			return err
		}
		if !h.CanSee(u) {
			return errs.New(errs.NotFound, op, "handover_not_found", "该交接记录不存在。")
		}
		if err := h.Confirm(side, u, note, tx.now); err != nil {
			return err
		}
		sig := h.SignoffOf(side)
		col := "out"
		if side == report.Incoming {
			col = "in"
		}
		completed := int64(0)
		if h.Complete() {
			completed = micros(tx.now)
		}
		// The guard makes a concurrent second sign-off of the same side fail.
		res, err := tx.exec("UPDATE handovers SET "+col+"_by = ?, "+col+"_behalf = ?, "+col+"_note = ?, "+col+"_at = ?, completed_at = ? WHERE id = ? AND "+col+"_by = ''",
			sig.By, sig.OnBehalf, sig.Note, micros(sig.At), completed, id)
		if err != nil {
			return err
		}
		if n, err := res.RowsAffected(); err != nil || n == 0 {
			return errs.New(errs.Conflict, op, "already_confirmed", side.Label()+"已经确认过。")
		}
		detail := map[string]string{"side": string(side), "on_behalf": strconv.FormatBool(sig.OnBehalf)}
		if end, ok := h.EndsTerm(); ok {
			if _, err := tx.exec("UPDATE officers SET to_date = ?, version = version + 1, updated_by = ?, updated_at = ? WHERE id = ? AND to_date = ''",
				end.String(), u.Username, micros(tx.now), h.From.ID); err != nil {
				return err
			}
			detail["term_ended"] = "officer:" + strconv.FormatInt(h.From.ID, 10)
		}
		if h.Complete() {
			detail["complete"] = "true"
		}
		return tx.record(u.Username, "handover.confirm", "handover:"+strconv.FormatInt(id, 10), detail)
	})
	if err != nil {
		return nil, err
	}
	return s.Handover(ctx, id)
}
