package store

import (
	"context"
	"database/sql"
	"strconv"
	"strings"

	"gongkai/internal/calendar"
	"gongkai/internal/errs"
	"gongkai/internal/interact"
)

// 12345 hotline work orders (migration 00023), imported for statistics.
// Content and reply are sealed like applicants' personal data; the day,
// category and department, which the counts group by, are in clear.

// hotlineBatch is how many orders one INSERT writes (8 parameters each,
// well under both engines' limits).
const hotlineBatch = 200

// ImportHotline stores orders, all or none, in one transaction by actor,
// and gives how many it stored. A 工单号 already stored, or given twice,
// refuses the whole import. The trail records the count and the period,
// never what an order says.
func (s *Store) ImportHotline(ctx context.Context, actor string, orders []interact.HotlineOrder) (int, error) {
	const op = "store.ImportHotline"
	if len(orders) == 0 {
		return 0, errs.New(errs.Invalid, op, "no_orders", "没有可导入的工单。")
	}
	if len(orders) > interact.MaxHotlineRows {
		return 0, errs.Newf(errs.Invalid, op, "too_many_rows", "一次最多导入 %d 条工单。", interact.MaxHotlineRows)
	}
	from, to := orders[0].Date, orders[0].Date
	seen := map[string]bool{}
	for _, o := range orders {
		if o.Date.IsZero() || o.DeptID <= 0 || o.Category == "" || o.Content == "" {
			return 0, errs.Newf(errs.Invalid, op, "incomplete_order", "第 %d 行的工单不完整（日期、类别、部门、内容均须填写）。", o.Row)
		}
		if o.Number != "" {
			if seen[o.Number] {
				return 0, errs.Newf(errs.Conflict, op, "duplicate_order", "工单号“%s”重复。", o.Number)
			}
			seen[o.Number] = true
		}
		if o.Date.Before(from) {
			from = o.Date
		}
		if o.Date.After(to) {
			to = o.Date
		}
	}
	err := s.update(ctx, op, func(tx *Tx) error {
		numbers := make([]string, 0, len(seen))
		for n := range seen {
			numbers = append(numbers, n)
		}
		exists, err := hotlineNumbersIn(tx, numbers)
		if err != nil {
			return err
		}
		for _, o := range orders {
			if exists[o.Number] {
				return errs.Newf(errs.Conflict, op, "duplicate_order", "第 %d 行的工单号“%s”已导入过，本次未导入任何工单。", o.Row, o.Number)
			}
		}
		for start := 0; start < len(orders); start += hotlineBatch {
			part := orders[start:min(start+hotlineBatch, len(orders))]
			args := make([]any, 0, 8*len(part))
			for _, o := range part {
				args = append(args, o.Number, o.Date.String(), o.Category, o.DeptID, s.Secrets.Seal(o.Content), s.Secrets.Seal(o.Reply), actor, micros(tx.now))
			}
			q := "INSERT INTO hotline_orders (number, order_date, category, dept_id, content_sealed, reply_sealed, imported_by, imported_at) VALUES " +
				strings.TrimSuffix(strings.Repeat("(?, ?, ?, ?, ?, ?, ?, ?), ", len(part)), ", ")
			if _, err := tx.exec(q, args...); err != nil {
				return duplicate(invalid(err), "duplicate_order", "有工单号已导入过，本次未导入任何工单。")
			}
		}
		return tx.record(actor, "hotline.import", "hotline:"+from.String()+".."+to.String(),
			map[string]string{"orders": strconv.Itoa(len(orders)), "from": from.String(), "to": to.String()})
	})
	if err != nil {
		return 0, err
	}
	return len(orders), nil
}

// HotlineNumbersExist says which of numbers are already stored.
func (s *Store) HotlineNumbersExist(ctx context.Context, numbers []string) (map[string]bool, error) {
	out, err := hotlineNumbersIn(storeQ{s, ctx}, numbers)
	return out, errs.Wrap("store.HotlineNumbersExist", err)
}

func hotlineNumbersIn(q reader, numbers []string) (map[string]bool, error) {
	out := map[string]bool{}
	for start := 0; start < len(numbers); start += 500 {
		part := numbers[start:min(start+500, len(numbers))]
		args := make([]any, len(part))
		for i, n := range part {
			args[i] = n
		}
		rows, err := q.rowsOf("SELECT number FROM hotline_orders WHERE number IN "+placeholders(len(part)), args...)
		if err != nil {
			return nil, err
		}
		for rows.Next() {
			var n string
			if err := rows.Scan(&n); err != nil {
				rows.Close()
				return nil, translate(err)
			}
			out[n] = true
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, translate(err)
		}
	}
	return out, nil
}

// hotlineWhere is the condition of f.
func hotlineWhere(f interact.HotlineFilter) (string, []any) {
	var where []string
	var args []any
	if !f.From.IsZero() {
		where, args = append(where, "o.order_date >= ?"), append(args, f.From.String())
	}
	if !f.To.IsZero() {
		where, args = append(where, "o.order_date <= ?"), append(args, f.To.String())
	}
	if f.DeptID != 0 {
		where, args = append(where, "o.dept_id = ?"), append(args, f.DeptID)
	}
	if f.Category != "" {
		where, args = append(where, "o.category = ?"), append(args, f.Category)
	}
	if len(where) == 0 {
		return "", nil
	}
	return " WHERE " + strings.Join(where, " AND "), args
}

// HotlineOrders lists one page of the orders f admits, newest day first,
// with their content opened (staff only), and how many f admits.
func (s *Store) HotlineOrders(ctx context.Context, f interact.HotlineFilter) ([]*interact.HotlineOrder, int, error) {
	const op = "store.HotlineOrders"
	cond, args := hotlineWhere(f)
	var total int
	if err := s.queryRow(ctx, "SELECT COUNT(*) FROM hotline_orders o"+cond, args...).Scan(&total); err != nil {
		return nil, 0, errs.Wrap(op, translate(err))
	}
	if f.Size <= 0 || f.Size > interact.MaxHotlinePageSize {
		f.Size = interact.DefaultHotlinePageSize
	}
	page := max(f.Page, 1)
	var out []*interact.HotlineOrder
	err := s.queryAll(ctx, op, `SELECT o.id, o.number, o.order_date, o.category, o.dept_id, d.name, o.content_sealed, o.reply_sealed,
		o.imported_by, o.imported_at FROM hotline_orders o JOIN departments d ON d.id = o.dept_id`+cond+
		" ORDER BY o.order_date DESC, o.id DESC LIMIT ? OFFSET ?", append(args, f.Size, (page-1)*f.Size), func(rows *sql.Rows) error {
		var o interact.HotlineOrder
		var day, content, reply string
		var at int64
		if err := rows.Scan(&o.ID, &o.Number, &day, &o.Category, &o.DeptID, &o.DeptName, &content, &reply, &o.ImportedBy, &at); err != nil {
			return err
		}
		o.Date, _ = calendar.ParseDate(day)
		o.Imported = fromMicros(at)
		var err error
		if o.Content, err = s.Secrets.Open(content); err != nil {
			return err
		}
		if o.Reply, err = s.Secrets.Open(reply); err != nil {
			return err
		}
		out = append(out, &o)
		return nil
	})
	return out, total, err
}

// HotlineCounts is the number of orders per category and department of
// the days from ≤ day ≤ to (zero: unbounded), by category then department
// name.
func (s *Store) HotlineCounts(ctx context.Context, from, to calendar.Date) ([]interact.HotlineCount, error) {
	cond, args := hotlineWhere(interact.HotlineFilter{From: from, To: to})
	var out []interact.HotlineCount
	err := s.queryAll(ctx, "store.HotlineCounts", `SELECT o.category, o.dept_id, d.name, COUNT(*) FROM hotline_orders o
		JOIN departments d ON d.id = o.dept_id`+cond+" GROUP BY o.category, o.dept_id, d.name ORDER BY o.category, d.name", args,
		func(rows *sql.Rows) error {
			var c interact.HotlineCount
			err := rows.Scan(&c.Category, &c.DeptID, &c.DeptName, &c.N)
			out = append(out, c)
			return err
		})
	return out, err
}

// HotlineCategories lists the categories of the stored orders.
func (s *Store) HotlineCategories(ctx context.Context) ([]string, error) {
	var out []string
	err := s.queryAll(ctx, "store.HotlineCategories", "SELECT DISTINCT category FROM hotline_orders ORDER BY category", nil,
		func(rows *sql.Rows) error {
			var c string
			err := rows.Scan(&c)
			out = append(out, c)
			return err
		})
	return out, err
}
