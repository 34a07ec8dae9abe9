package store

import (
	"context"
	"database/sql"
	"strconv"

	"gongkai/internal/calendar"
	"gongkai/internal/enforcement"
	"gongkai/internal/errs"
)

// 双公示 decisions (migration 00033). An entry is published when it is
// entered: its clock (publish_by, light, late) is computed then on the
// store's calendar, inside the transaction. Whether it is public is a
// read-time condition (publicDecision): not repaired and public_until not
// before today, so a period ends without any job having to run.

const decisionColumns = `e.id, e.kind, e.number, e.decided_on, e.party_kind, e.party_public, e.credit_code, e.facts, e.basis,
	e.content, e.category, e.dept_id, d.name, e.publish_by, e.published_on, e.late, e.light, e.public_until,
	e.repaired_at, e.repaired_by, e.repair_reason, e.created_by, e.created_at`

const decisionFrom = " FROM enforcement_decisions e JOIN departments d ON d.id = e.dept_id"

// publicDecision is the one condition of every public surface.
const publicDecision = "e.repaired_at = 0 AND e.public_until >= ?"

func scanDecision(sc interface{ Scan(...any) error }) (*enforcement.Decision, error) {
	var e enforcement.Decision
	var kind, decided, publishBy, published, until, repairedBy, reason string
	var repairedAt, created int64
	if err := sc.Scan(&e.ID, &kind, &e.Number, &decided, &e.PartyKind, &e.PartyMasked, &e.CreditCode, &e.Facts, &e.Basis,
		&e.Content, &e.Category, &e.DeptID, &e.DeptName, &publishBy, &published, &e.Late, &e.Light, &until,
		&repairedAt, &repairedBy, &reason, &e.CreatedBy, &created); err != nil {
		return nil, err
	}
	e.Kind = enforcement.Kind(kind)
	e.DecidedOn, _ = calendar.ParseDate(decided)
	e.PublishBy, _ = calendar.ParseDate(publishBy)
	e.PublishedOn, _ = calendar.ParseDate(published)
	e.PublicUntil, _ = calendar.ParseDate(until)
	if e.PartyKind == enforcement.PartyOrg {
		e.PartyName = e.PartyMasked
	}
	if repairedAt != 0 {
		e.Repair = &enforcement.Repair{By: repairedBy, At: fromMicros(repairedAt), Reason: reason}
	}
	e.Created = fromMicros(created)
	return &e, nil
}

// CreateDecision publishes a decision of department deptID entered by
// actor. Who may enter for which department is the caller's to check.
func (s *Store) CreateDecision(ctx context.Context, actor string, deptID int64, e enforcement.Decision) (*enforcement.Decision, error) {
	const op = "store.CreateDecision"
	if err := s.box(); err != nil {
		return nil, err
	}
	e.Normalize()
	today := calendar.Today(s.Now())
	if err := e.Validate(today); err != nil {
		return nil, err
	}
	var id int64
	err := s.update(ctx, op, func(tx *Tx) error {
		cal, err := calendarFrom(tx)
		if err != nil {
			return err
		}
		e.Schedule(cal, calendar.DateOf(tx.now))
		id, err = tx.insert(`INSERT INTO enforcement_decisions (kind, number, decided_on, party_kind, party_public, party_sealed, credit_code,
			facts, basis, content, category, dept_id, publish_by, published_on, late, light, public_until, created_by, created_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			string(e.Kind), e.Number, e.DecidedOn.String(), e.PartyKind, e.PartyMasked, s.Secrets.Seal(e.PartyName), e.CreditCode,
			e.Facts, e.Basis, e.Content, e.Category, deptID, e.PublishBy.String(), e.PublishedOn.String(), e.Late, e.Light,
			e.PublicUntil.String(), actor, micros(tx.now))
		if err != nil {
			err = duplicate(err, "duplicate_number", "本部门已公示过该文号的同类决定。")
			return notFound(duplicate(err, "in_use", "部门不存在。"), "department_not_found", "部门不存在。")
		}
		return tx.record(actor, "enforcement.decision.publish", "decision:"+strconv.FormatInt(id, 10),
			map[string]string{"kind": string(e.Kind), "number": e.Number, "late": strconv.FormatBool(e.Late)})
	})
	if err != nil {
		return nil, err
	}
	return s.Decision(ctx, id)
}

// Decision returns an entry whatever its state, for staff.
func (s *Store) Decision(ctx context.Context, id int64) (*enforcement.Decision, error) {
	e, err := scanDecision(s.queryRow(ctx, "SELECT "+decisionColumns+decisionFrom+" WHERE e.id = ?", id))
	if err != nil {
		return nil, errs.Wrap("store.Decision", notFound(translate(err), "decision_not_found", "该公示信息不存在。"))
	}
	return e, nil
}

// PublicDecision returns an entry while it is public on today; after its
// period or a credit repair it does not exist for the public.
func (s *Store) PublicDecision(ctx context.Context, id int64, today calendar.Date) (*enforcement.Decision, error) {
	e, err := scanDecision(s.queryRow(ctx, "SELECT "+decisionColumns+decisionFrom+" WHERE e.id = ? AND "+publicDecision, id, today.String()))
	if err != nil {
		return nil, errs.Wrap("store.PublicDecision", notFound(translate(err), "decision_not_found", "该公示信息不存在或公示期已满。"))
	}
	return e, nil
}

// Decisions lists one page of the entries f admits, newest decision
// first, and whether a further page exists. Public lists (f.Staff false)
// hold only entries public on f.Today.
func (s *Store) Decisions(ctx context.Context, f enforcement.DecisionFilter) ([]*enforcement.Decision, bool, error) {
	const op = "store.Decisions"
	var where []string
	var args []any
	if !f.Staff {
		where, args = append(where, publicDecision), append(args, f.Today.String())
	}
	if f.Kind != "" {
		where, args = append(where, "e.kind = ?"), append(args, string(f.Kind))
	}
	if f.DeptID != 0 {
		where, args = append(where, "e.dept_id = ?"), append(args, f.DeptID)
	}
	if f.Category != "" {
		where, args = append(where, "e.category = ?"), append(args, f.Category)
	}
	if !f.AfterDate.IsZero() {
		where = append(where, "(e.decided_on < ? OR (e.decided_on = ? AND e.id < ?))")
		args = append(args, f.AfterDate.String(), f.AfterDate.String(), f.AfterID)
	}
	if f.Size <= 0 || f.Size > enforcement.MaxPageSize {
		f.Size = enforcement.DefaultPageSize
	}
	q := "SELECT " + decisionColumns + decisionFrom
	for i, w := range where {
		if i == 0 {
			q += " WHERE " + w
		} else {
			q += " AND " + w
		}
	}
	q += " ORDER BY e.decided_on DESC, e.id DESC LIMIT ?"
	args = append(args, f.Size+1)
	var out []*enforcement.Decision
	err := s.queryAll(ctx, op, q, args, func(rows *sql.Rows) error {
		e, err := scanDecision(rows)
		out = append(out, e)
		return err
	})
	more := len(out) > f.Size
	if more {
		out = out[:f.Size]
	}
	return out, more, err
}

// RepairDecision ends a penalty's publication early on credit repair,
// with its record (who, when, reason), audited.
func (s *Store) RepairDecision(ctx context.Context, actor string, id int64, reason string) error {
	const op = "store.RepairDecision"
	return s.update(ctx, op, func(tx *Tx) error {
		e, err := scanDecision(tx.queryRow("SELECT "+decisionColumns+decisionFrom+" WHERE e.id = ?", id))
		if err != nil {
			return notFound(translate(err), "decision_not_found", "该公示信息不存在。")
		}
		if err := e.CanRepair(calendar.DateOf(tx.now), reason); err != nil {
			return err
		}
		if _, err := tx.exec("UPDATE enforcement_decisions SET repaired_at = ?, repaired_by = ?, repair_reason = ? WHERE id = ? AND repaired_at = 0",
			micros(tx.now), actor, reason, id); err != nil {
			return err
		}
		return tx.record(actor, "enforcement.decision.repair", "decision:"+strconv.FormatInt(id, 10), map[string]string{"reason": reason})
	})
}

// DecisionLights counts, per department, the entries published in year
// by their light on the day of publication (green, yellow, red = late).
func (s *Store) DecisionLights(ctx context.Context, year int) (map[int64]map[string]int, error) {
	out := map[int64]map[string]int{}
	from, to := strconv.Itoa(year)+"-01-01", strconv.Itoa(year)+"-12-31"
	err := s.queryAll(ctx, "store.DecisionLights", `SELECT dept_id, light, COUNT(*) FROM enforcement_decisions
		WHERE published_on >= ? AND published_on <= ? GROUP BY dept_id, light`, []any{from, to}, func(rows *sql.Rows) error {
		var dept int64
		var light string
		var n int
		if err := rows.Scan(&dept, &light, &n); err != nil {
			return err
		}
		if out[dept] == nil {
			out[dept] = map[string]int{}
		}
		out[dept][light] = n
		return nil
	})
	return out, err
}
