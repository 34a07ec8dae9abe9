package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"time"

	"gongkai/internal/calendar"
	"gongkai/internal/errs"
	"gongkai/internal/mailer"
)

// JobLease is how long a claim on a daily job or an outbox mail holds
// before another instance may take it over: longer than any run takes, so
// only a run that died with its instance is taken over.
const JobLease = 15 * time.Minute

// ClaimDailyJob reports whether this caller may run the named job for day
// now. The first caller claims the day; while its lease runs, and after the
// run is marked done, every other instance (or a restart) gets false. A run
// that failed (DailyJobFailed) or whose lease ran out may be claimed again.
func (s *Store) ClaimDailyJob(ctx context.Context, name string, day calendar.Date) (bool, error) {
	claimed := false
	err := s.update(ctx, "store.ClaimDailyJob", func(tx *Tx) error {
		until := micros(tx.now.Add(JobLease))
		r, err := tx.exec("INSERT INTO job_runs (name, day, at, claimed_until) VALUES (?, ?, ?, ?) ON CONFLICT (name, day) DO NOTHING",
			name, day.String(), micros(tx.now), until)
		if err != nil {
			return err
		}
		if claimed = affected(r) == 1; claimed {
			return nil
		}
		// On PostgreSQL a concurrent claimer's UPDATE waits for this row
		// and then sees the new claimed_until, so only one of them wins.
		r, err = tx.exec("UPDATE job_runs SET claimed_until = ? WHERE name = ? AND day = ? AND done_at = 0 AND claimed_until <= ?",
			until, name, day.String(), micros(tx.now))
		claimed = err == nil && affected(r) == 1
		return err
	})
	return claimed, err
}

// DailyJobDone marks the named job's run for day as finished: nobody
// claims that day again.
func (s *Store) DailyJobDone(ctx context.Context, name string, day calendar.Date) error {
	return s.exec1(ctx, "store.DailyJobDone", func(now time.Time) (string, []any) {
		return "UPDATE job_runs SET done_at = ?, attempts = attempts + 1, last_error = '', claimed_until = 0 WHERE name = ? AND day = ?",
			[]any{micros(now), name, day.String()}
	})
}

// DailyJobFailed records a failed run of the named job for day; the day
// may be claimed again from retryAt.
func (s *Store) DailyJobFailed(ctx context.Context, name string, day calendar.Date, reason string, retryAt time.Time) error {
	return s.exec1(ctx, "store.DailyJobFailed", func(time.Time) (string, []any) {
		return "UPDATE job_runs SET attempts = attempts + 1, last_error = ?, claimed_until = ? WHERE name = ? AND day = ? AND done_at = 0",
			[]any{reason, micros(retryAt), name, day.String()}
	})
}

// DailyJobRun is the state of one daily job's day.
type DailyJobRun struct {
	Name      string
	Day       calendar.Date
	Attempts  int
	Done      time.Time // zero while not done
	LastError string
}

// DailyJobRun returns the named job's run for day.
func (s *Store) DailyJobRun(ctx context.Context, name string, day calendar.Date) (*DailyJobRun, error) {
	r := &DailyJobRun{Name: name, Day: day}
	var done int64
	err := s.queryRow(ctx, "SELECT attempts, done_at, last_error FROM job_runs WHERE name = ? AND day = ?", name, day.String()).
		Scan(&r.Attempts, &done, &r.LastError)
	if err != nil {
		return nil, errs.Wrap("store.DailyJobRun", translate(err))
	}
	r.Done = fromMicros(done)
	return r, nil
}

// EnqueueMail puts m in the outbox for the mail job to send, and returns
// its id. A non-empty key makes it idempotent: a second mail with the same
// key is not added, and the first one's id is returned.
func (s *Store) EnqueueMail(ctx context.Context, actor, key string, m mailer.Message) (int64, error) {
	const op = "store.EnqueueMail"
	if s.Secrets == nil {
		return 0, errs.New(errs.Unavailable, op, "no_key", "未配置个人信息加密密钥，无法发送邮件。")
	}
	raw, err := json.Marshal(m)
	if err != nil {
		return 0, errs.Wrap(op, err)
	}
	var id int64
	err = s.update(ctx, op, func(tx *Tx) error {
		var dedupe any
		if key != "" {
			dedupe = key
		}
		err := tx.queryRow(`INSERT INTO mail_outbox (dedupe_key, message_sealed, created_by, created_at, next_try_at)
			VALUES (?, ?, ?, ?, ?) ON CONFLICT (dedupe_key) DO NOTHING RETURNING id`,
			dedupe, s.Secrets.Seal(string(raw)), actor, micros(tx.now), micros(tx.now)).Scan(&id)
		if errors.Is(err, sql.ErrNoRows) {
			err = tx.queryRow("SELECT id FROM mail_outbox WHERE dedupe_key = ?", key).Scan(&id)
		}
		return translate(err)
	})
	return id, err
}

const mailColumns = `id, COALESCE(dedupe_key, ''), message_sealed, created_by, created_at, attempts, next_try_at,
	sent_at, message_id, failed_at, last_error`

func (s *Store) scanMail(sc interface{ Scan(...any) error }) (*mailer.Queued, error) {
	m := &mailer.Queued{}
	var sealed string
	var created, next, sent, failed int64
	if err := sc.Scan(&m.ID, &m.Key, &sealed, &m.CreatedBy, &created, &m.Attempts, &next, &sent, &m.MessageID, &failed, &m.LastError); err != nil {
		return nil, translate(err)
	}
	m.CreatedAt, m.NextTryAt, m.SentAt, m.FailedAt = fromMicros(created), fromMicros(next), fromMicros(sent), fromMicros(failed)
	if s.Secrets == nil {
		return nil, errs.New(errs.Unavailable, "store.Mail", "no_key", "未配置个人信息加密密钥，无法读取邮件。")
	}
	raw, err := s.Secrets.Open(sealed)
	if err != nil {
		return nil, err
	}
	return m, json.Unmarshal([]byte(raw), &m.Message)
}

// MailByID returns one mail of the outbox.
func (s *Store) MailByID(ctx context.Context, id int64) (*mailer.Queued, error) {
	m, err := s.scanMail(s.queryRow(ctx, "SELECT "+mailColumns+" FROM mail_outbox WHERE id = ?", id))
	return m, errs.Wrap("store.MailByID", err)
}

// ClaimMail claims up to limit mails that are due, for JobLease, and
// returns them. A mail is claimed by one caller only, also across
// instances: the claiming UPDATE re-checks claimed_until, so of two
// instances racing for a row one updates it and the other updates nothing.
func (s *Store) ClaimMail(ctx context.Context, limit int) ([]*mailer.Queued, error) {
	var out []*mailer.Queued
	err := s.update(ctx, "store.ClaimMail", func(tx *Tx) error {
		now := micros(tx.now)
		ids, err := tx.ids(`SELECT id FROM mail_outbox WHERE sent_at = 0 AND failed_at = 0 AND next_try_at <= ? AND claimed_until <= ?
			ORDER BY id LIMIT ?`, now, now, limit)
		if err != nil {
			return err
		}
		for _, id := range ids {
			r, err := tx.exec("UPDATE mail_outbox SET claimed_until = ? WHERE id = ? AND sent_at = 0 AND failed_at = 0 AND claimed_until <= ?",
				micros(tx.now.Add(JobLease)), id, now)
			if err != nil {
				return err
			}
			if affected(r) != 1 {
				continue // another instance has it
			}
			m, err := s.scanMail(tx.queryRow("SELECT "+mailColumns+" FROM mail_outbox WHERE id = ?", id))
			if err != nil {
				return err
			}
			out = append(out, m)
		}
		return nil
	})
	return out, err
}

// MailSent records that the claimed mail id was delivered with messageID.
func (s *Store) MailSent(ctx context.Context, id int64, messageID string) error {
	return s.exec1(ctx, "store.MailSent", func(now time.Time) (string, []any) {
		return "UPDATE mail_outbox SET sent_at = ?, message_id = ?, attempts = attempts + 1, claimed_until = 0, last_error = '' WHERE id = ? AND sent_at = 0",
			[]any{micros(now), messageID, id}
	})
}

// MailFailed records a failed delivery of the claimed mail id. It is tried
// again from retryAt; a zero retryAt gives it up (the row stays, with
// failed_at set).
func (s *Store) MailFailed(ctx context.Context, id int64, reason string, retryAt time.Time) error {
	return s.exec1(ctx, "store.MailFailed", func(now time.Time) (string, []any) {
		q := "UPDATE mail_outbox SET attempts = attempts + 1, last_error = ?, claimed_until = 0, "
		if retryAt.IsZero() {
			return q + "failed_at = ? WHERE id = ? AND sent_at = 0", []any{reason, micros(now), id}
		}
		return q + "next_try_at = ? WHERE id = ? AND sent_at = 0", []any{reason, micros(retryAt), id}
	})
}

// exec1 runs one statement, built with the transaction's now, in a write
// transaction.
func (s *Store) exec1(ctx context.Context, op string, stmt func(now time.Time) (string, []any)) error {
	return s.update(ctx, op, func(tx *Tx) error {
		q, args := stmt(tx.now)
		_, err := tx.exec(q, args...)
		return err
	})
}

func affected(r sql.Result) int64 {
	n, _ := r.RowsAffected()
	return n
}
