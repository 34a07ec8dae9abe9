package store

import (
	"context"
	"database/sql"
	"strconv"
	"strings"

	"gongkai/internal/calendar"
	"gongkai/internal/errs"
	"gongkai/internal/report"
)

// The register of government new-media accounts (政务新媒体, migration
// 00027): the account row carries its latest status; newmedia_status keeps
// every change with its date. Which change is allowed is report's.

const newMediaColumns = `a.id, a.platform, a.name, a.dept_id, d.name, a.tier, a.status, a.status_date, a.last_post, a.version`

const newMediaFrom = ` FROM newmedia_accounts a JOIN departments d ON d.id = a.dept_id`

func scanNewMedia(sc interface{ Scan(...any) error }) (*report.NewMediaAccount, error) {
	var a report.NewMediaAccount
	var platform, tier, status, sd, lp string
	if err := sc.Scan(&a.ID, &platform, &a.Name, &a.DeptID, &a.DeptName, &tier, &status, &sd, &lp, &a.Version); err != nil {
		return nil, err
	}
	a.Platform, a.Tier, a.Status = report.Platform(platform), report.Tier(tier), report.AccountStatus(status)
	a.StatusDate, _ = calendar.ParseDate(sd)
	a.LastPost, _ = calendar.ParseDate(lp)
	return &a, nil
}

// NewMediaAccounts lists the accounts by department, platform and name,
// without their history.
func (s *Store) NewMediaAccounts(ctx context.Context) ([]*report.NewMediaAccount, error) {
	var out []*report.NewMediaAccount
	err := s.queryAll(ctx, "store.NewMediaAccounts", "SELECT "+newMediaColumns+newMediaFrom+" ORDER BY d.name, a.platform, a.name, a.id", nil,
		func(rows *sql.Rows) error {
			a, err := scanNewMedia(rows)
			out = append(out, a)
			return err
		})
	return out, err
}

// NewMediaAccount returns one account with its history, oldest first.
func (s *Store) NewMediaAccount(ctx context.Context, id int64) (*report.NewMediaAccount, error) {
	const op = "store.NewMediaAccount"
	a, err := scanNewMedia(s.queryRow(ctx, "SELECT "+newMediaColumns+newMediaFrom+" WHERE a.id = ?", id))
	if err != nil {
		return nil, errs.Wrap(op, notFound(translate(err), "account_not_found", "该新媒体账号不存在。"))
	}
	err = s.queryAll(ctx, op, "SELECT status, status_date, note, created_by, created_at FROM newmedia_status WHERE account_id = ? ORDER BY id",
		[]any{id}, func(rows *sql.Rows) error {
			var c report.StatusChange
			var st, date string
			var at int64
			if err := rows.Scan(&st, &date, &c.Note, &c.By, &at); err != nil {
				return err
			}
			c.Status, c.At = report.AccountStatus(st), fromMicros(at)
			c.Date, _ = calendar.ParseDate(date)
			a.History = append(a.History, c)
			return nil
		})
	return a, err
}

func (tx *Tx) newMediaStatus(id int64, actor string, st report.AccountStatus, date calendar.Date, note string) error {
	_, err := tx.exec("INSERT INTO newmedia_status (account_id, status, status_date, note, created_by, created_at) VALUES (?, ?, ?, ?, ?, ?)",
		id, string(st), date.String(), strings.TrimSpace(note), actor, micros(tx.now))
	return err
}

func newMediaTaken(err error) error {
	if errs.Is(err, errs.Conflict) {
		return errs.InField("name", errs.New(errs.Conflict, "store", "account_exists", "该平台上已登记同名账号。").WithErr(err))
	}
	return err
}

// CreateNewMediaAccount registers an account, opened (开设) on
// a.StatusDate, by actor.
func (s *Store) CreateNewMediaAccount(ctx context.Context, actor string, a report.NewMediaAccount) (*report.NewMediaAccount, error) {
	const op = "store.CreateNewMediaAccount"
	a.Normalize()
	a.Status, a.History = report.StatusOpen, nil
	if err := a.Validate(); err != nil {
		return nil, err
	}
	var id int64
	err := s.update(ctx, op, func(tx *Tx) error {
		code, err := tx.deptCode(a.DeptID)
		if err != nil {
			return err
		}
		id, err = tx.insert(`INSERT INTO newmedia_accounts (platform, name, dept_id, tier, status, status_date, last_post, version, updated_by, updated_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, 1, ?, ?)`, string(a.Platform), a.Name, a.DeptID, string(a.Tier), string(a.Status),
			a.StatusDate.String(), dateText(a.LastPost), actor, micros(tx.now))
		if err != nil {
			return newMediaTaken(err)
		}
		if err := tx.newMediaStatus(id, actor, a.Status, a.StatusDate, ""); err != nil {
			return err
		}
		return tx.record(actor, "newmedia.create", "newmedia:"+strconv.FormatInt(id, 10),
			map[string]string{"department": code, "platform": string(a.Platform), "name": a.Name, "date": a.StatusDate.String()})
	})
	if err != nil {
		return nil, err
	}
	return s.NewMediaAccount(ctx, id)
}

// ChangeNewMediaStatus moves account id at version to status on date, as
// report.NewMediaAccount.ChangeStatus allows, and keeps the change (with
// its note, e.g. what a 变更 changed) in the history.
func (s *Store) ChangeNewMediaStatus(ctx context.Context, actor string, id, version int64, status report.AccountStatus, date calendar.Date, note string) (*report.NewMediaAccount, error) {
	const op = "store.ChangeNewMediaStatus"
	err := s.update(ctx, op, func(tx *Tx) error {
		a, err := scanNewMedia(tx.queryRow("SELECT "+newMediaColumns+newMediaFrom+" WHERE a.id = ?", id))
		if err != nil {
			return notFound(translate(err), "account_not_found", "该新媒体账号不存在。")
		}
		if a.Version != version {
			return errs.New(errs.Conflict, op, "stale_version", "该账号已被他人修改，请刷新页面后重试。")
		}
		if err := a.ChangeStatus(status, date, note); err != nil {
			return err
		}
		if _, err := tx.exec("UPDATE newmedia_accounts SET status = ?, status_date = ?, version = version + 1, updated_by = ?, updated_at = ? WHERE id = ?",
			string(a.Status), a.StatusDate.String(), actor, micros(tx.now), id); err != nil {
			return err
		}
		if err := tx.newMediaStatus(id, actor, a.Status, a.StatusDate, note); err != nil {
			return err
		}
		return tx.record(actor, "newmedia.status", "newmedia:"+strconv.FormatInt(id, 10),
			map[string]string{"status": string(a.Status), "date": a.StatusDate.String()})
	})
	if err != nil {
		return nil, err
	}
	return s.NewMediaAccount(ctx, id)
}

// SetNewMediaLastPost records the date of account id's latest post, by
// actor: never in the future, never before the account opened, and never
// moving back (an older date than the one on file is ignored).
func (s *Store) SetNewMediaLastPost(ctx context.Context, actor string, id int64, day calendar.Date) (*report.NewMediaAccount, error) {
	const op = "store.SetNewMediaLastPost"
	err := s.update(ctx, op, func(tx *Tx) error {
		a, err := scanNewMedia(tx.queryRow("SELECT "+newMediaColumns+newMediaFrom+" WHERE a.id = ?", id))
		if err != nil {
			return notFound(translate(err), "account_not_found", "该新媒体账号不存在。")
		}
		var opened string
		if err := tx.queryRow("SELECT status_date FROM newmedia_status WHERE account_id = ? ORDER BY id LIMIT 1", id).Scan(&opened); err != nil {
			return translate(err)
		}
		switch {
		case day.IsZero():
			return problemOf(op, "last_post", "last_post_required", "请填写最近更新日期。")
		case day.After(calendar.Today(tx.now)):
			return problemOf(op, "last_post", "last_post_future", "最近更新日期不能晚于今天。")
		case day.Before(calendar.MustParse(opened)):
			return problemOf(op, "last_post", "last_post_before_open", "最近更新日期不能早于开设日期（"+opened+"）。")
		}
		if !a.LastPost.IsZero() && !day.After(a.LastPost) {
			return nil
		}
		if _, err := tx.exec("UPDATE newmedia_accounts SET last_post = ?, updated_by = ?, updated_at = ? WHERE id = ?",
			day.String(), actor, micros(tx.now), id); err != nil {
			return err
		}
		return tx.record(actor, "newmedia.last_post", "newmedia:"+strconv.FormatInt(id, 10), map[string]string{"last_post": day.String()})
	})
	if err != nil {
		return nil, err
	}
	return s.NewMediaAccount(ctx, id)
}
