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

// userColumns read a user with its roles from the user_roles rows
// (string_agg: PostgreSQL, and SQLite since 3.44).
const userColumns = "id, username, name, dept_id, COALESCE((SELECT string_agg(role, ',') FROM user_roles WHERE user_id = users.id), ''), " +
	"disabled, must_change_password, locked_until, password_hash, created_at, updated_at"

func scanUser(sc interface{ Scan(...any) error }) (*auth.User, error) {
	var u auth.User
	var dept sql.NullInt64
	var roles string
	var locked, created, updated int64
	if err := sc.Scan(&u.ID, &u.Username, &u.Name, &dept, &roles, &u.Disabled, &u.MustChangePassword, &locked, &u.PasswordHash, &created, &updated); err != nil {
		return nil, translate(err)
	}
	u.DeptID, u.LockedUntil, u.Created, u.Updated = dept.Int64, fromMicros(locked), fromMicros(created), fromMicros(updated)
	for _, r := range strings.Split(roles, ",") {
		if r != "" {
			u.Roles = append(u.Roles, auth.Role(r))
		}
	}
	u.Roles = auth.SortRoles(u.Roles)
	return &u, nil
}

// setRoles replaces the role rows of user id.
func (tx *Tx) setRoles(id int64, roles []auth.Role) error {
	if _, err := tx.exec("DELETE FROM user_roles WHERE user_id = ?", id); err != nil {
		return err
	}
	for _, r := range roles {
		if _, err := tx.exec("INSERT INTO user_roles (user_id, role) VALUES (?, ?)", id, string(r)); err != nil {
			return err
		}
	}
	return nil
}

// guardAdmins takes the admin_guard row lock, so the changes that the
// last-admin guard checks (roles, disabling) run one at a time: without it
// two security administrators demoting each other would each count the
// other as still in office (write skew) and both succeed.
func (tx *Tx) guardAdmins() error {
	_, err := tx.exec("UPDATE admin_guard SET id = id WHERE id = 1")
	return err
}

// keepLastAdmin refuses a change that leaves no enabled holder of an
// administration role u holds now and would not hold afterwards (after:
// the roles it keeps; disabling keeps none). Call after guardAdmins.
func (tx *Tx) keepLastAdmin(op string, u *auth.User, after []auth.Role) error {
	for _, keep := range []auth.Role{auth.Secadmin, auth.Sysadmin, auth.Auditor} {
		if !u.HasRole(keep) || slices.Contains(after, keep) {
			continue
		}
		var others int
		if err := tx.queryRow("SELECT COUNT(*) FROM user_roles r JOIN users u ON u.id = r.user_id WHERE r.role = ? AND u.id <> ? AND u.disabled = FALSE",
			string(keep), u.ID).Scan(&others); err != nil {
			return translate(err)
		}
		if others == 0 {
			return errs.Newf(errs.Conflict, op, "last_admin", "这是系统中最后一位%s，不能撤销其角色或停用其账户。", keep.Label())
		}
	}
	return nil
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
	return s.createUser(ctx, actor, u, password, auth.CheckPasswordPolicy(password, u.Username, u.Name, s.SiteName))
}

// CreateDemoUser is CreateUser for the accounts of the demo dataset, whose
// password is published with the demo (demo.Password) and is therefore on
// the blocklist: it passes the length and character-class rules, and only
// those are checked. Nothing reachable from the web or the CLI calls it.
func (s *Store) CreateDemoUser(ctx context.Context, u *auth.User, password string) error {
	u.Normalize()
	if err := u.Validate(); err != nil {
		return err
	}
	return s.createUser(ctx, "demo", u, password, auth.CheckPasswordShape(password))
}

func (s *Store) createUser(ctx context.Context, actor string, u *auth.User, password string, policy error) error {
	if policy != nil {
		return policy
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
		id, err := tx.insert("INSERT INTO users (username, name, dept_id, disabled, must_change_password, locked_until, password_hash, created_at, updated_at) VALUES (?, ?, ?, FALSE, FALSE, 0, ?, ?, ?)",
			u.Username, u.Name, nullID(u.DeptID), hash, micros(tx.now), micros(tx.now))
		if err != nil {
			return duplicate(err, "username_taken", "用户名“"+u.Username+"”已被使用。")
		}
		u.ID = id
		if err := tx.setRoles(id, u.Roles); err != nil {
			return err
		}
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
		if err := tx.guardAdmins(); err != nil {
			return err
		}
		if u, err = tx.lockUser(id); err != nil {
			return err
		}
		if disabled && !u.Disabled {
			if u.Username == actor {
				return errs.New(errs.Forbidden, "store.UpdateUserProfile", "own_account", "不能停用自己的账户。")
			}
			if err := tx.keepLastAdmin("store.UpdateUserProfile", u, nil); err != nil {
				return err
			}
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
			if err := tx.endAccess(id, ""); err != nil {
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
		if err := tx.guardAdmins(); err != nil {
			return err
		}
		if u, err = tx.lockUser(id); err != nil {
			return err
		}
		before := auth.JoinRoles(u.Roles)
		// 三员分立: nobody grants themselves rights, and the system keeps
		// someone who can grant them.
		if u.Username == actor {
			return errs.New(errs.Forbidden, "store.SetRoles", "own_roles", "不能修改自己的角色，请由另一位安全管理员办理。")
		}
		if !u.Disabled {
			if err := tx.keepLastAdmin("store.SetRoles", u, roles); err != nil {
				return err
			}
		}
		u.Roles = roles
		if err := u.Validate(); err != nil {
			return err
		}
		if err := tx.setRoles(id, roles); err != nil {
			return err
		}
		if _, err := tx.exec("UPDATE users SET updated_at = ? WHERE id = ?", micros(tx.now), id); err != nil {
			return err
		}
		if _, err := tx.exec("DELETE FROM sessions WHERE user_id = ?", id); err != nil {
			return err
		}
		return tx.record(actor, "user.roles", "user:"+u.Username, map[string]string{"before": before, "after": auth.JoinRoles(roles)})
	})
	return u, err
}

// ResetPassword gives the account a temporary password, which it must
// change at its next login, and ends its sessions and API tokens. by is
// the security administrator doing it, or nil for the server's console
// (`gongkai user reset-password`), the only way to reset the password of
// an administration account (auth.CanResetPassword).
func (s *Store) ResetPassword(ctx context.Context, by *auth.User, id int64, password string) error {
	actor := "cli"
	if by != nil {
		actor = by.Username
	}
	return s.update(ctx, "store.ResetPassword", func(tx *Tx) error {
		u, err := tx.lockUser(id)
		if err != nil {
			return err
		}
		if err := auth.CanResetPassword(by, u); err != nil {
			return err
		}
		if err := s.setPassword(tx, u, password, true); err != nil {
			return err
		}
		if err := tx.endAccess(id, ""); err != nil {
			return err
		}
		return tx.record(actor, "user.password_reset", "user:"+u.Username, nil)
	})
}

// ChangePassword is the user's own change: it ends the user's other
// sessions and clears the demand to change a temporary password.
func (s *Store) ChangePassword(ctx context.Context, u *auth.User, password, keepSession string) error {
	return s.update(ctx, "store.ChangePassword", func(tx *Tx) error {
		cur, err := tx.lockUser(u.ID)
		if err != nil {
			return err
		}
		if err := s.setPassword(tx, cur, password, false); err != nil {
			return err
		}
		if _, err := tx.exec("DELETE FROM sessions WHERE user_id = ? AND id <> ?", u.ID, keepSession); err != nil {
			return err
		}
		return tx.record(u.Username, "user.password", "user:"+u.Username, nil)
	})
}

// setPassword checks password against the policy for u and stores its hash.
func (s *Store) setPassword(tx *Tx, u *auth.User, password string, temporary bool) error {
	if err := auth.CheckPasswordPolicy(password, u.Username, u.Name, s.SiteName); err != nil {
		return err
	}
	hash, err := s.Hasher.Hash(password)
	if err != nil {
		return err
	}
	_, err = tx.exec("UPDATE users SET password_hash = ?, must_change_password = ?, updated_at = ? WHERE id = ?", hash, temporary, micros(tx.now), u.ID)
	return err
}

// endAccess ends the sessions of user id (but keepSession) and revokes its
// API tokens: the account was disabled, or its password reset.
func (tx *Tx) endAccess(id int64, keepSession string) error {
	if _, err := tx.exec("DELETE FROM sessions WHERE user_id = ? AND id <> ?", id, keepSession); err != nil {
		return err
	}
	_, err := tx.exec("UPDATE api_tokens SET revoked_at = ? WHERE user_id = ? AND revoked_at = 0", micros(tx.now), id)
	return err
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

// LoginThrottled implements auth.Repo: the address has failed against
// the account p.MaxFailures times, or on any user names
// p.AddressMaxFailures times, within the failure window.
func (s *Store) LoginThrottled(ctx context.Context, userID int64, address string, p auth.Policy) (bool, error) {
	since := micros(s.Now().Add(-p.FailureWindow))
	var pair, any int
	err := s.queryRow(ctx, "SELECT COALESCE(SUM(CASE WHEN user_id = ? THEN 1 ELSE 0 END), 0), COUNT(*) FROM login_failures WHERE address = ? AND at > ?",
		userID, address, since).Scan(&pair, &any)
	if err != nil {
		return false, errs.Wrap("store.LoginThrottled", translate(err))
	}
	return (userID != 0 && pair >= p.MaxFailures) || any >= p.AddressMaxFailures, nil
}

// RecordLoginFailure implements auth.Repo: it counts the failure and, once
// the account has p.AccountMaxFailures failures from all addresses within
// the window, locks it. Failures on unknown user names count only toward
// their address and are not audited (they name no account).
func (s *Store) RecordLoginFailure(ctx context.Context, userID int64, address string, p auth.Policy) error {
	return s.update(ctx, "store.RecordLoginFailure", func(tx *Tx) error {
		if userID == 0 {
			_, err := tx.exec("INSERT INTO login_failures (user_id, address, at) VALUES (NULL, ?, ?)", address, micros(tx.now))
			return err
		}
		u, err := tx.lockUser(userID)
		if err != nil {
			return err
		}
		if _, err := tx.exec("INSERT INTO login_failures (user_id, address, at) VALUES (?, ?, ?)", userID, address, micros(tx.now)); err != nil {
			return err
		}
		var n int
		if err := tx.queryRow("SELECT COUNT(*) FROM login_failures WHERE user_id = ? AND at > ?", userID, micros(tx.now.Add(-p.FailureWindow))).Scan(&n); err != nil {
			return translate(err)
		}
		if err := tx.record("anonymous", "login.failure", "user:"+u.Username, map[string]string{"recent_failures": strconv.Itoa(n)}); err != nil {
			return err
		}
		if n < p.AccountMaxFailures || u.Locked(tx.now) {
			return nil
		}
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
}
