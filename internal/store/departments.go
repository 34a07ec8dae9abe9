package store

import (
	"context"
	"database/sql"

	"gongkai/internal/auth"
	"gongkai/internal/errs"
)

const departmentColumns = "id, code, name, org_code, parent_id, head, phone, address, created_at, updated_at"

func scanDepartment(sc interface{ Scan(...any) error }) (*auth.Department, error) {
	var d auth.Department
	var parent sql.NullInt64
	var created, updated int64
	if err := sc.Scan(&d.ID, &d.Code, &d.Name, &d.OrgCode, &parent, &d.Head, &d.Phone, &d.Address, &created, &updated); err != nil {
		return nil, translate(err)
	}
	d.ParentID, d.Created, d.Updated = parent.Int64, fromMicros(created), fromMicros(updated)
	return &d, nil
}

func nullID(id int64) sql.NullInt64 { return sql.NullInt64{Int64: id, Valid: id != 0} }

// Departments lists all departments ordered by code.
func (s *Store) Departments(ctx context.Context) ([]*auth.Department, error) {
	var out []*auth.Department
	err := s.queryAll(ctx, "store.Departments", "SELECT "+departmentColumns+" FROM departments ORDER BY code", nil, func(rows *sql.Rows) error {
		d, err := scanDepartment(rows)
		out = append(out, d)
		return err
	})
	return out, err
}

// Department returns one department by id.
func (s *Store) Department(ctx context.Context, id int64) (*auth.Department, error) {
	d, err := scanDepartment(s.queryRow(ctx, "SELECT "+departmentColumns+" FROM departments WHERE id = ?", id))
	return d, errs.Wrap("store.Department", notFound(err, "department_not_found", "部门不存在。"))
}

// DepartmentByCode returns one department by its code.
func (s *Store) DepartmentByCode(ctx context.Context, code string) (*auth.Department, error) {
	d, err := scanDepartment(s.queryRow(ctx, "SELECT "+departmentColumns+" FROM departments WHERE code = ?", code))
	return d, errs.Wrap("store.DepartmentByCode", notFound(err, "department_not_found", "部门“"+code+"”不存在。"))
}

// CreateDepartment validates and stores d, setting its ID.
func (s *Store) CreateDepartment(ctx context.Context, actor string, d *auth.Department) error {
	d.Normalize()
	if err := d.Validate(); err != nil {
		return err
	}
	return s.update(ctx, "store.CreateDepartment", func(tx *Tx) error {
		if err := tx.checkParent(d.ID, d.ParentID); err != nil {
			return err
		}
		d.Created, d.Updated = tx.now, tx.now
		id, err := tx.insert("INSERT INTO departments (code, name, org_code, parent_id, head, phone, address, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
			d.Code, d.Name, d.OrgCode, nullID(d.ParentID), d.Head, d.Phone, d.Address, micros(tx.now), micros(tx.now))
		if err != nil {
			return duplicate(err, "department_code_taken", "部门编码“"+d.Code+"”已被使用。")
		}
		d.ID = id
		return tx.record(actor, "department.create", "department:"+d.Code, departmentDetail(d))
	})
}

// UpdateDepartment changes the name, org code, parent and public contact
// of a department (the code is its stable identity and never changes).
func (s *Store) UpdateDepartment(ctx context.Context, actor string, d *auth.Department) error {
	d.Normalize()
	if err := d.Validate(); err != nil {
		return err
	}
	return s.update(ctx, "store.UpdateDepartment", func(tx *Tx) error {
		if err := tx.checkParent(d.ID, d.ParentID); err != nil {
			return err
		}
		r, err := tx.exec("UPDATE departments SET name = ?, org_code = ?, parent_id = ?, head = ?, phone = ?, address = ?, updated_at = ? WHERE id = ? AND code = ?",
			d.Name, d.OrgCode, nullID(d.ParentID), d.Head, d.Phone, d.Address, micros(tx.now), d.ID, d.Code)
		if err != nil {
			return err
		}
		if n, _ := r.RowsAffected(); n != 1 {
			return errs.New(errs.NotFound, "store.UpdateDepartment", "department_not_found", "部门不存在。")
		}
		// Listed documents carry their organs' names.
		if err := tx.refreshPublicWhere(`SELECT p.doc_id FROM revision_organs ro JOIN revisions r ON r.id = ro.rev_id
			JOIN public_docs p ON p.doc_id = r.doc_id AND p.rev_id = r.id WHERE ro.dept_id = ? ORDER BY p.doc_id`, d.ID); err != nil {
			return err
		}
		d.Updated = tx.now
		return tx.record(actor, "department.update", "department:"+d.Code, departmentDetail(d))
	})
}

// checkParent refuses a parent that does not exist or would make a cycle.
func (tx *Tx) checkParent(id, parent int64) error {
	const op = "store.checkParent"
	for depth := 0; parent != 0; depth++ {
		if parent == id || depth > 64 {
			return errs.New(errs.Invalid, op, "department_cycle", "上级部门不能是本部门或其下级部门。")
		}
		var next sql.NullInt64
		if err := tx.queryRow("SELECT parent_id FROM departments WHERE id = ?", parent).Scan(&next); err != nil {
			return notFound(translate(err), "parent_not_found", "上级部门不存在。")
		}
		parent = next.Int64
	}
	return nil
}

func departmentDetail(d *auth.Department) map[string]string {
	return map[string]string{"name": d.Name, "org_code": d.OrgCode, "parent_id": itoa(d.ParentID), "head": d.Head, "phone": d.Phone, "address": d.Address}
}

// notFound gives a not-found error its own code and Chinese message.
func notFound(err error, code, message string) error {
	if errs.Is(err, errs.NotFound) {
		return errs.New(errs.NotFound, "store", code, message).WithErr(err)
	}
	return err
}
