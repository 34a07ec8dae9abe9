package store

import (
	"context"
	"database/sql"
	"encoding/hex"
	"strconv"
	"strings"

	"gongkai/internal/calendar"
	"gongkai/internal/enforcement"
	"gongkai/internal/errs"
)

// 双随机 inspection plans (migration 00033). The lists and the commitment
// are fixed at creation; the draw reveals the seed, which must match the
// commitment, and stores the result; the results' publication carries
// the 20-working-day clock.

const planColumns = `p.id, p.title, p.dept_id, d.name, p.objects_n, p.per_object, p.commitment, p.objects_csv, p.objects_hash,
	p.inspectors_csv, p.inspectors_hash, p.previous_csv, p.seed, p.result_csv, p.drawn_at, p.inspection_end, p.results_due,
	p.results_on, p.results_text, p.created_by, p.created_at`

const planFrom = " FROM enforcement_plans p JOIN departments d ON d.id = p.dept_id"

func scanPlan(sc interface{ Scan(...any) error }) (*enforcement.Plan, error) {
	var p enforcement.Plan
	var end, due, on string
	var drawn, created int64
	if err := sc.Scan(&p.ID, &p.Title, &p.DeptID, &p.DeptName, &p.N, &p.PerObject, &p.Commitment, &p.ObjectsCSV, &p.ObjectsHash,
		&p.InspectorsCSV, &p.InspectorsHash, &p.PreviousCSV, &p.Seed, &p.ResultCSV, &drawn, &end, &due, &on, &p.ResultsText,
		&p.CreatedBy, &created); err != nil {
		return nil, err
	}
	p.InspectionEnd, _ = calendar.ParseDate(end)
	p.ResultsDue, _ = calendar.ParseDate(due)
	p.ResultsOn, _ = calendar.ParseDate(on)
	p.Drawn, p.Created = fromMicros(drawn), fromMicros(created)
	return &p, nil
}

// CreatePlan records a plan with its commitment and list versions.
func (s *Store) CreatePlan(ctx context.Context, actor string, deptID int64, p enforcement.Plan) (*enforcement.Plan, error) {
	const op = "store.CreatePlan"
	if err := p.Validate(); err != nil {
		return nil, err
	}
	var id int64
	err := s.update(ctx, op, func(tx *Tx) error {
		var err error
		id, err = tx.insert(`INSERT INTO enforcement_plans (title, dept_id, objects_n, per_object, commitment, objects_csv, objects_hash,
			inspectors_csv, inspectors_hash, previous_csv, created_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			p.Title, deptID, p.N, p.PerObject, p.Commitment, p.ObjectsCSV, p.ObjectsHash, p.InspectorsCSV, p.InspectorsHash, p.PreviousCSV,
			actor, micros(tx.now))
		if err != nil {
			return notFound(duplicate(err, "in_use", "部门不存在。"), "department_not_found", "部门不存在。")
		}
		return tx.record(actor, "enforcement.plan.create", "plan:"+strconv.FormatInt(id, 10),
			map[string]string{"commitment": p.Commitment, "objects_hash": p.ObjectsHash, "inspectors_hash": p.InspectorsHash})
	})
	if err != nil {
		return nil, err
	}
	return s.Plan(ctx, id)
}

// Plan returns a plan. Everything in it is public: the lists are the
// published versions and the seed is shown only once revealed.
func (s *Store) Plan(ctx context.Context, id int64) (*enforcement.Plan, error) {
	p, err := scanPlan(s.queryRow(ctx, "SELECT "+planColumns+planFrom+" WHERE p.id = ?", id))
	if err != nil {
		return nil, errs.Wrap("store.Plan", notFound(translate(err), "plan_not_found", "该抽查计划不存在。"))
	}
	return p, nil
}

// Plans lists the newest plans, of department deptID when it is not 0.
func (s *Store) Plans(ctx context.Context, deptID int64, limit int) ([]*enforcement.Plan, error) {
	q, args := "SELECT "+planColumns+planFrom, []any{}
	if deptID != 0 {
		q, args = q+" WHERE p.dept_id = ?", append(args, deptID)
	}
	var out []*enforcement.Plan
	err := s.queryAll(ctx, "store.Plans", q+" ORDER BY p.id DESC LIMIT ?", append(args, limit), func(rows *sql.Rows) error {
		p, err := scanPlan(rows)
		out = append(out, p)
		return err
	})
	return out, err
}

// DrawPlan reveals the seed of a plan and draws: the seed must hash to the
// commitment, and a plan is drawn once.
func (s *Store) DrawPlan(ctx context.Context, actor string, id int64, seedHex string) error {
	const op = "store.DrawPlan"
	seed, err := enforcement.ParseSeed(seedHex)
	if err != nil {
		return err
	}
	return s.update(ctx, op, func(tx *Tx) error {
		p, err := scanPlan(tx.queryRow("SELECT "+planColumns+planFrom+" WHERE p.id = ?", id))
		if err != nil {
			return notFound(translate(err), "plan_not_found", "该抽查计划不存在。")
		}
		if p.Seed != "" {
			return errs.New(errs.Conflict, op, "already_drawn", "该计划已经抽取，结果不能重抽。")
		}
		if err := enforcement.CheckCommitment(seed, p.Commitment); err != nil {
			return err
		}
		in, err := p.Input(seed)
		if err != nil {
			return err
		}
		res, err := enforcement.Draw(in)
		if err != nil {
			return err
		}
		result := string(enforcement.PairsCSV(res.Pairs()))
		if _, err := tx.exec("UPDATE enforcement_plans SET seed = ?, result_csv = ?, drawn_at = ? WHERE id = ? AND seed = ''",
			hex.EncodeToString(seed), result, micros(tx.now), id); err != nil {
			return err
		}
		return tx.record(actor, "enforcement.plan.draw", "plan:"+strconv.FormatInt(id, 10), map[string]string{"seed": hex.EncodeToString(seed)})
	})
}

// PublishPlanResults publishes a drawn plan's results (抽查情况, 查处结果)
// for an inspection that ended on end: due 20 working days later on the
// store's calendar, published today.
func (s *Store) PublishPlanResults(ctx context.Context, actor string, id int64, end calendar.Date, text string) error {
	const op = "store.PublishPlanResults"
	text = strings.TrimSpace(text)
	switch {
	case end.IsZero():
		return errs.InField("inspection_end", errs.New(errs.Invalid, op, "inspection_end_required", "请填写检查结束日期。"))
	case text == "":
		return errs.InField("results_text", errs.New(errs.Invalid, op, "results_required", "请填写抽查情况及查处结果。"))
	case len([]rune(text)) > enforcement.MaxResultsText:
		return errs.InField("results_text", errs.New(errs.Invalid, op, "results_too_long", "抽查情况及查处结果不能超过 5000 个字。"))
	}
	return s.update(ctx, op, func(tx *Tx) error {
		p, err := scanPlan(tx.queryRow("SELECT "+planColumns+planFrom+" WHERE p.id = ?", id))
		if err != nil {
			return notFound(translate(err), "plan_not_found", "该抽查计划不存在。")
		}
		today := calendar.DateOf(tx.now)
		switch {
		case p.Seed == "":
			return errs.New(errs.Conflict, op, "not_drawn", "该计划尚未抽取，不能公布结果。")
		case end.After(today):
			return errs.InField("inspection_end", errs.New(errs.Invalid, op, "inspection_end_future", "检查结束日期不能晚于今天。"))
		}
		cal, err := calendarFrom(tx)
		if err != nil {
			return err
		}
		due := enforcement.ResultDue(cal, end)
		if _, err := tx.exec("UPDATE enforcement_plans SET inspection_end = ?, results_due = ?, results_on = ?, results_text = ? WHERE id = ?",
			end.String(), due.String(), today.String(), text, id); err != nil {
			return err
		}
		return tx.record(actor, "enforcement.plan.results", "plan:"+strconv.FormatInt(id, 10),
			map[string]string{"due": due.String(), "late": strconv.FormatBool(today.After(due))})
	})
}
