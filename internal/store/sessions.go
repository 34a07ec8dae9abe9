package store

import (
	"context"
	"time"

	"gongkai/internal/auth"
	"gongkai/internal/errs"
)

// CreateSession implements auth.Repo. A successful login clears the
// account's failure count and is recorded in the trail.
func (s *Store) CreateSession(ctx context.Context, sess *auth.Session) error {
	return s.update(ctx, "store.CreateSession", func(tx *Tx) error {
		u, err := tx.lockUser(sess.UserID)
		if err != nil {
			return err
		}
		if _, err := tx.exec("DELETE FROM login_failures WHERE user_id = ?", sess.UserID); err != nil {
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

// CreateToken stores a new API token for the user and returns the token
// string, which is never retrievable again.
func (s *Store) CreateToken(ctx context.Context, actor string, userID int64, name string) (string, error) {
	var token string
	err := s.update(ctx, "store.CreateToken", func(tx *Tx) error {
		u, err := tx.lockUser(userID)
		if err != nil {
			return err
		}
		var t auth.APIToken
		token, t = auth.NewAPIToken(userID, name, tx.now)
		id, err := tx.insert("INSERT INTO api_tokens (user_id, name, hash, created_at, last_used, revoked_at) VALUES (?, ?, ?, ?, 0, 0)",
			t.UserID, t.Name, t.Hash, micros(t.Created))
		if err != nil {
			return err
		}
		return tx.record(actor, "token.create", "user:"+u.Username, map[string]string{"token_id": itoa(id), "name": name})
	})
	return token, err
}

// TokenByHash implements auth.Repo; revoked tokens are not found.
func (s *Store) TokenByHash(ctx context.Context, hash string) (*auth.APIToken, error) {
	var t auth.APIToken
	var created, used int64
	err := s.queryRow(ctx, "SELECT id, user_id, name, hash, created_at, last_used FROM api_tokens WHERE hash = ? AND revoked_at = 0", hash).
		Scan(&t.ID, &t.UserID, &t.Name, &t.Hash, &created, &used)
	if err != nil {
		return nil, errs.Wrap("store.TokenByHash", translate(err))
	}
	t.Created, t.LastUsed = fromMicros(created), fromMicros(used)
	return &t, nil
}

// TouchToken implements auth.Repo (last-used time, not audited).
func (s *Store) TouchToken(ctx context.Context, id int64, at time.Time) error {
	return s.update(ctx, "store.TouchToken", func(tx *Tx) error {
		_, err := tx.exec("UPDATE api_tokens SET last_used = ? WHERE id = ?", micros(at), id)
		return err
	})
}
