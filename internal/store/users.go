package store

import (
	"context"
	"database/sql"
	"slices"
	"strconv"
	"strings"

	"gongkai/internal/auth"
	"gongkai/internal/errs"
)

const userColumns = "id, username, name, dept_id, roles, disabled, locked_until, password_hash, created_at, updated_at"

func scanUser(sc interface{ Scan(...any) error }) (*auth.User, error) {
	var u auth.User
	var dept sql.NullInt64
	var roles string
	var locked, created, updated int64
	if err := sc.Scan(&u.ID, &u.Username, &u.Name, &dept, &roles, &u.Disabled, &locked, &u.PasswordHash, &created, &updated); err != nil {
		return nil, translate(err)
	}
	u.DeptID, u.LockedUntil, u.Created, u.Updated = dept.Int64, fromMicros(locked), fromMicros(created), fromMicros(updated)
	for _, r := range strings.Split(roles, ",") {
		if r != "" {
			u.Roles = append(u.Roles, auth.Role(r))
		}
	}
	return &u, nil
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }

// Users lists all staff accounts ordered by username.
func (s *Store) Users(ctx context.Context) ([]*auth.User, error) {
	var out []*auth.User
	err := s.queryAll(ctx, "store.Users", "SELECT "+userColumns+" FROM users ORDER BY username", nil, func(rows *sql.Rows) error {
		u, err := scanUser(rows)
		out = append(out, u)
		return err
	})
	return out, err
}

// UserByID returns one user.
func (s *Store) UserByID(ctx context.Context, id int64) (*auth.User, error) {
	u, err := scanUser(s.queryRow(ctx, "SELECT "+userColumns+" FROM users WHERE id = ?", id))
	return u, errs.Wrap("store.UserByID", notFound(err, "user_not_found", "用户不存在。"))
}

// UserByUsername returns one user.
func (s *Store) UserByUsername(ctx context.Context, username string) (*auth.User, error) {
	u, err := scanUser(s.queryRow(ctx, "SELECT "+userColumns+" FROM users WHERE username = ?", username))
	return u, errs.Wrap("store.UserByUsername", notFound(err, "user_not_found", "用户“"+username+"”不存在。"))
}

// CreateUser validates and stores u with the given password.
func (s *Store) CreateUser(ctx context.Context, actor string, u *auth.User, password string) error {
	u.Normalize()
	if err := u.Validate(); err != nil {
		return err
	}
	if err := auth.CheckPasswordPolicy(password); err != nil {
		return err
	}
	hash, err := s.Hasher.Hash(password)
	if err != nil {
		return err
	}
	return s.update(ctx, "store.CreateUser", func(tx *Tx) error {
		if err := tx.checkDepartment(u.DeptID); err != nil {
			return err
		}
		u.PasswordHash, u.Created, u.Updated = hash, tx.now, tx.now
		id, err := tx.insert("INSERT INTO users (username, name, dept_id, roles, disabled, locked_until, password_hash, created_at, updated_at) VALUES (?, ?, ?, ?, FALSE, 0, ?, ?, ?)",
			u.Username, u.Name, nullID(u.DeptID), auth.JoinRoles(u.Roles), hash, micros(tx.now), micros(tx.now))
		if err != nil {
			return duplicate(err, "username_taken", "用户名“"+u.Username+"”已被使用。")
		}
		u.ID = id
		return tx.record(actor, "user.create", "user:"+u.Username,
			map[string]string{"name": u.Name, "dept_id": itoa(u.DeptID), "roles": auth.JoinRoles(u.Roles)})
	})
}

func (tx *Tx) checkDepartment(id int64) error {
	if id == 0 {
		return nil
	}
	var one int
	err := tx.queryRow("SELECT 1 FROM departments WHERE id = ?", id).Scan(&one)
	return notFound(translate(err), "department_not_found", "所选部门不存在。")
}

// lockUser loads a user inside tx for a change; on PostgreSQL the no-op
// UPDATE takes the row lock so concurrent changes to one account queue up.
func (tx *Tx) lockUser(id int64) (*auth.User, error) {
	if _, err := tx.exec("UPDATE users SET id = id WHERE id = ?", id); err != nil {
		return nil, err
	}
	u, err := scanUser(tx.queryRow("SELECT "+userColumns+" FROM users WHERE id = ?", id))
	return u, notFound(err, "user_not_found", "用户不存在。")
}

// UpdateUserProfile changes name, department and the disabled flag: the
// system administrator's part of an account. Disabling ends its sessions.
func (s *Store) UpdateUserProfile(ctx context.Context, actor string, id int64, name string, deptID int64, disabled bool) (*auth.User, error) {
	var u *auth.User
	err := s.update(ctx, "store.UpdateUserProfile", func(tx *Tx) error {
		var err error
		if u, err = tx.lockUser(id); err != nil {
			return err
		}
		u.Name, u.DeptID, u.Disabled = name, deptID, disabled
		u.Normalize()
		if err := u.Validate(); err != nil {
			return err
		}
		if err := tx.checkDepartment(deptID); err != nil {
			return err
		}
		if _, err := tx.exec("UPDATE users SET name = ?, dept_id = ?, disabled = ?, updated_at = ? WHERE id = ?",
			u.Name, nullID(deptID), disabled, micros(tx.now), id); err != nil {
			return err
		}
		if disabled {
			if _, err := tx.exec("DELETE FROM sessions WHERE user_id = ?", id); err != nil {
				return err
			}
		}
		return tx.record(actor, "user.update", "user:"+u.Username,
			map[string]string{"name": u.Name, "dept_id": itoa(deptID), "disabled": strconv.FormatBool(disabled)})
	})
	return u, err
}

// SetRoles replaces a user's roles: the security administrator's part. The
// user's sessions end, so new rights apply from the next login.
func (s *Store) SetRoles(ctx context.Context, actor string, id int64, roles []auth.Role) (*auth.User, error) {
	var u *auth.User
	err := s.update(ctx, "store.SetRoles", func(tx *Tx) error {
		var err error
		if u, err = tx.lockUser(id); err != nil {
			return err
		}
		before := auth.JoinRoles(u.Roles)
		// 三员分立: nobody grants themselves rights, and the system keeps
		// someone who can grant them.
		if u.Username == actor {
			return errs.New(errs.Forbidden, "store.SetRoles", "own_roles", "不能修改自己的角色，请由另一位安全管理员办理。")
		}
		for _, keep := range []auth.Role{auth.Secadmin, auth.Sysadmin, auth.Auditor} {
			if u.HasRole(keep) && !slices.Contains(roles, keep) {
				var others int
				if err := tx.queryRow("SELECT COUNT(*) FROM users WHERE id <> ? AND disabled = FALSE AND (roles = ? OR roles LIKE ? OR roles LIKE ? OR roles LIKE ?)",
					id, string(keep), string(keep)+",%", "%,"+string(keep), "%,"+string(keep)+",%").Scan(&others); err != nil {
					return translate(err)
				}
				if others == 0 {
					return errs.Newf(errs.Conflict, "store.SetRoles", "last_admin", "这是系统中最后一位%s，不能撤销其角色。", keep.Label())
				}
			}
		}
		u.Roles = roles
		if err := u.Validate(); err != nil {
			return err
		}
		if _, err := tx.exec("UPDATE users SET roles = ?, updated_at = ? WHERE id = ?", auth.JoinRoles(roles), micros(tx.now), id); err != nil {
			return err
		}
		if _, err := tx.exec("DELETE FROM sessions WHERE user_id = ?", id); err != nil {
			return err
		}
		return tx.record(actor, "user.roles", "user:"+u.Username, map[string]string{"before": before, "after": auth.JoinRoles(roles)})
	})
	return u, err
}

// SetPassword replaces a user's password (a reset by the security
// administrator, or the user's own change) and ends their other sessions.
func (s *Store) SetPassword(ctx context.Context, actor string, id int64, password string, keepSession string) error {
	if err := auth.CheckPasswordPolicy(password); err != nil {
		return err
	}
	hash, err := s.Hasher.Hash(password)
	if err != nil {
		return err
	}
	return s.update(ctx, "store.SetPassword", func(tx *Tx) error {
		u, err := tx.lockUser(id)
		if err != nil {
			return err
		}
		if _, err := tx.exec("UPDATE users SET password_hash = ?, updated_at = ? WHERE id = ?", hash, micros(tx.now), id); err != nil {
			return err
		}
		if _, err := tx.exec("DELETE FROM sessions WHERE user_id = ? AND id <> ?", id, keepSession); err != nil {
			return err
		}
		return tx.record(actor, "user.password", "user:"+u.Username, nil)
	})
}

// Unlock clears a lockout and the failure count.
func (s *Store) Unlock(ctx context.Context, actor string, id int64) error {
	return s.update(ctx, "store.Unlock", func(tx *Tx) error {
		u, err := tx.lockUser(id)
		if err != nil {
			return err
		}
		if _, err := tx.exec("UPDATE users SET locked_until = 0, updated_at = ? WHERE id = ?", micros(tx.now), id); err != nil {
			return err
		}
		if _, err := tx.exec("DELETE FROM login_failures WHERE user_id = ?", id); err != nil {
			return err
		}
		return tx.record(actor, "user.unlock", "user:"+u.Username, nil)
	})
}

// RecordLoginFailure implements auth.Repo: it counts the failure and locks
// the account once the policy's limit is reached within its window.
func (s *Store) RecordLoginFailure(ctx context.Context, userID int64, p auth.Policy) (bool, error) {
	locked := false
	err := s.update(ctx, "store.RecordLoginFailure", func(tx *Tx) error {
		u, err := tx.lockUser(userID)
		if err != nil {
			return err
		}
		if _, err := tx.exec("INSERT INTO login_failures (user_id, at) VALUES (?, ?)", userID, micros(tx.now)); err != nil {
			return err
		}
		var n int
		if err := tx.queryRow("SELECT COUNT(*) FROM login_failures WHERE user_id = ? AND at > ?", userID, micros(tx.now.Add(-p.FailureWindow))).Scan(&n); err != nil {
			return translate(err)
		}
		if err := tx.record("anonymous", "login.failure", "user:"+u.Username, map[string]string{"recent_failures": strconv.Itoa(n)}); err != nil {
			return err
		}
		if n < p.MaxFailures {
			return nil
		}
		locked = true
		until := tx.now.Add(p.LockFor)
		if _, err := tx.exec("UPDATE users SET locked_until = ? WHERE id = ?", micros(until), userID); err != nil {
			return err
		}
		if _, err := tx.exec("DELETE FROM login_failures WHERE user_id = ?", userID); err != nil {
			return err
		}
		if _, err := tx.exec("DELETE FROM sessions WHERE user_id = ?", userID); err != nil {
			return err
		}
		return tx.record("system", "user.lock", "user:"+u.Username, map[string]string{"until": until.Format("2006-01-02T15:04:05Z07:00")})
	})
	return locked, err
}
