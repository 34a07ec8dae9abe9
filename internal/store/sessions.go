package store

import (
	"context"
	"database/sql"
	"time"

	"gongkai/internal/auth"
	"gongkai/internal/errs"
)

// CreateSession implements auth.Repo. A successful login clears the
// account's failures from its address and is recorded in the trail.
func (s *Store) CreateSession(ctx context.Context, sess *auth.Session) error {
	return s.update(ctx, "store.CreateSession", func(tx *Tx) error {
		u, err := tx.lockUser(sess.UserID)
		if err != nil {
			return err
		}
		if _, err := tx.exec("DELETE FROM login_failures WHERE user_id = ? AND address = ?", sess.UserID, sess.Address); err != nil {
			return err
		}
		if _, err := tx.exec("INSERT INTO sessions (id, user_id, csrf, created_at, last_seen) VALUES (?, ?, ?, ?, ?)",
			sess.ID, sess.UserID, sess.CSRF, micros(sess.Created), micros(sess.LastSeen)); err != nil {
			return err
		}
		return tx.record(u.Username, "login", "user:"+u.Username, nil)
	})
}

// SessionByID implements auth.Repo.
func (s *Store) SessionByID(ctx context.Context, id string) (*auth.Session, error) {
	var sess auth.Session
	var created, seen int64
	err := s.queryRow(ctx, "SELECT id, user_id, csrf, created_at, last_seen FROM sessions WHERE id = ?", id).
		Scan(&sess.ID, &sess.UserID, &sess.CSRF, &created, &seen)
	if err != nil {
		return nil, errs.Wrap("store.SessionByID", translate(err))
	}
	sess.Created, sess.LastSeen = fromMicros(created), fromMicros(seen)
	return &sess, nil
}

// TouchSession implements auth.Repo. It is a housekeeping write, not a
// state change of the system, so it is not audited.
func (s *Store) TouchSession(ctx context.Context, id string, at time.Time) error {
	return s.update(ctx, "store.TouchSession", func(tx *Tx) error {
		_, err := tx.exec("UPDATE sessions SET last_seen = ? WHERE id = ? AND last_seen < ?", micros(at), id, micros(at))
		return err
	})
}

// DeleteSession implements auth.Repo (logout).
func (s *Store) DeleteSession(ctx context.Context, id, actor string) error {
	return s.update(ctx, "store.DeleteSession", func(tx *Tx) error {
		r, err := tx.exec("DELETE FROM sessions WHERE id = ?", id)
		if err != nil {
			return err
		}
		if n, _ := r.RowsAffected(); n == 0 {
			return nil
		}
		return tx.record(actor, "logout", "user:"+actor, nil)
	})
}

// PurgeSessions deletes sessions idle longer than idle or older than max,
// and login failures older than window. Returns the number of sessions removed.
func (s *Store) PurgeSessions(ctx context.Context, p auth.Policy) (int64, error) {
	var n int64
	err := s.update(ctx, "store.PurgeSessions", func(tx *Tx) error {
		r, err := tx.exec("DELETE FROM sessions WHERE last_seen <= ? OR created_at <= ?",
			micros(tx.now.Add(-p.IdleTimeout)), micros(tx.now.Add(-p.MaxSession)))
		if err != nil {
			return err
		}
		n, _ = r.RowsAffected()
		_, err = tx.exec("DELETE FROM login_failures WHERE at < ?", micros(tx.now.Add(-p.FailureWindow)))
		return err
	})
	return n, err
}

// CreateToken stores a new API token for the user, valid for ttl (zero:
// auth.DefaultTokenTTL), and returns the token string, which is never
// retrievable again.
func (s *Store) CreateToken(ctx context.Context, actor string, userID int64, name string, ttl time.Duration) (string, error) {
	var token string
	err := s.update(ctx, "store.CreateToken", func(tx *Tx) error {
		u, err := tx.lockUser(userID)
		if err != nil {
			return err
		}
		var t auth.APIToken
		token, t = auth.NewAPIToken(userID, name, tx.now, ttl)
		id, err := tx.insert("INSERT INTO api_tokens (user_id, name, hash, created_at, last_used, revoked_at, expires_at) VALUES (?, ?, ?, ?, 0, 0, ?)",
			t.UserID, t.Name, t.Hash, micros(t.Created), micros(t.Expires))
		if err != nil {
			return err
		}
		return tx.record(actor, "token.create", "user:"+u.Username,
			map[string]string{"token_id": itoa(id), "name": name, "expires": t.Expires.Format(time.RFC3339)})
	})
	return token, err
}

const tokenColumns = "id, user_id, name, hash, created_at, last_used, expires_at, revoked_at"

func scanToken(sc interface{ Scan(...any) error }) (*auth.APIToken, error) {
	var t auth.APIToken
	var created, used, expires, revoked int64
	if err := sc.Scan(&t.ID, &t.UserID, &t.Name, &t.Hash, &created, &used, &expires, &revoked); err != nil {
		return nil, translate(err)
	}
	t.Created, t.LastUsed, t.Expires = fromMicros(created), fromMicros(used), fromMicros(expires)
	if revoked != 0 {
		t.Revoked = fromMicros(revoked)
	}
	return &t, nil
}

// TokenByHash implements auth.Repo; revoked tokens are not found.
func (s *Store) TokenByHash(ctx context.Context, hash string) (*auth.APIToken, error) {
	t, err := scanToken(s.queryRow(ctx, "SELECT "+tokenColumns+" FROM api_tokens WHERE hash = ? AND revoked_at = 0", hash))
	return t, errs.Wrap("store.TokenByHash", err)
}

// Tokens lists the API tokens of a user, newest first, revoked and expired
// ones included.
func (s *Store) Tokens(ctx context.Context, userID int64) ([]*auth.APIToken, error) {
	var out []*auth.APIToken
	err := s.queryAll(ctx, "store.Tokens", "SELECT "+tokenColumns+" FROM api_tokens WHERE user_id = ? ORDER BY id DESC", []any{userID}, func(rows *sql.Rows) error {
		t, err := scanToken(rows)
		out = append(out, t)
		return err
	})
	return out, err
}

// RevokeToken revokes one API token; by is its owner or the security
// administrator (auth.CanRevokeToken), nil the server's console. Another
// user's token is not found, as if it did not exist.
func (s *Store) RevokeToken(ctx context.Context, by *auth.User, id int64) (*auth.APIToken, error) {
	actor := "cli"
	if by != nil {
		actor = by.Username
	}
	var t *auth.APIToken
	err := s.update(ctx, "store.RevokeToken", func(tx *Tx) error {
		var err error
		t, err = scanToken(tx.queryRow("SELECT "+tokenColumns+" FROM api_tokens WHERE id = ?", id))
		if err == nil && !auth.CanRevokeToken(by, t.UserID) {
			err = errs.New(errs.NotFound, "store.RevokeToken", "", "")
		}
		if err != nil {
			return notFound(err, "token_not_found", "API 令牌不存在。")
		}
		owner, err := tx.lockUser(t.UserID)
		if err != nil {
			return err
		}
		if !t.Revoked.IsZero() {
			return nil
		}
		if _, err := tx.exec("UPDATE api_tokens SET revoked_at = ? WHERE id = ?", micros(tx.now), id); err != nil {
			return err
		}
		t.Revoked = tx.now
		return tx.record(actor, "token.revoke", "user:"+owner.Username, map[string]string{"token_id": itoa(id), "name": t.Name})
	})
	return t, err
}

// TouchToken implements auth.Repo (last-used time, not audited).
func (s *Store) TouchToken(ctx context.Context, id int64, at time.Time) error {
	return s.update(ctx, "store.TouchToken", func(tx *Tx) error {
		_, err := tx.exec("UPDATE api_tokens SET last_used = ? WHERE id = ?", micros(at), id)
		return err
	})
}
