package job

import (
	"context"
	"fmt"
	"log/slog"
	"strings"
	"time"

	"gongkai/internal/auth"
	"gongkai/internal/calendar"
	"gongkai/internal/foi"
	"gongkai/internal/interact"
	"gongkai/internal/linkcheck"
	"gongkai/internal/mailer"
	"gongkai/internal/remind"
)

// Store is every store method the platform's jobs use; *store.Store
// implements it.
type Store interface {
	Claims
	Outbox
	ReminderStore
	InspectStore
	PublishDue(ctx context.Context) (int, error)
	PurgeSessions(ctx context.Context, p auth.Policy) (int64, error)
}

// Config is what the platform's jobs need of the program's settings.
type Config struct {
	SMTP     mailer.Config // empty Addr: no mail job, no reminder e-mail
	RemindTo []string      // recipients of the daily digest of late requests
	BaseURL  string        // the site's public address, for links in mail
}

// Platform returns a scheduler with the platform's jobs registered:
//
//	publish_due     every minute: publish scheduled revisions whose time has come
//	purge_sessions  every 10 minutes: expired sessions and stale login failures
//	foi_reminders   daily from 08:00: late and nearly late requests, per department
//	letter_reminders daily from 08:00: late, nearly late and three-month-old letters, per department
//	mail            every minute, when SMTP is configured: send the outbox
//	inspect         daily from 02:00, when the base URL is set: the website self-inspection
func Platform(st Store, c Config, log *slog.Logger) *Scheduler {
	s := New(st, log)
	s.Register(Job{Name: "publish_due", Schedule: Every(time.Minute), Run: func(ctx context.Context, _ time.Time) error {
		n, err := st.PublishDue(ctx)
		if n > 0 {
			log.Info("published scheduled documents", "count", n)
		}
		return err
	}})
	s.Register(Job{Name: "purge_sessions", Schedule: Every(10 * time.Minute), Run: func(ctx context.Context, _ time.Time) error {
		n, err := st.PurgeSessions(ctx, auth.DefaultPolicy)
		if n > 0 {
			log.Info("purged expired sessions", "count", n)
		}
		return err
	}})
	if !c.SMTP.Enabled() {
		c.RemindTo = nil
	}
	s.Register(Reminders(st, c.RemindTo, c.BaseURL, log))
	s.Register(LetterReminders(st, c.RemindTo, c.BaseURL, log))
	if c.SMTP.Enabled() {
		s.Register(MailJob(st, c.SMTP, log))
	}
	if c.BaseURL != "" {
		s.Register(Inspect(st, c.BaseURL, linkcheck.Options{}, log))
	}
	return s
}

// ReminderStore is what the reminder job reads and writes.
type ReminderStore interface {
	DueFOIApplications(ctx context.Context, today calendar.Date) ([]*foi.Application, error)
	Calendar(ctx context.Context) (*calendar.Calendar, error)
	Departments(ctx context.Context) ([]*auth.Department, error)
	EnqueueMail(ctx context.Context, actor, key string, m mailer.Message) (int64, error)
	DueLetters(ctx context.Context, today calendar.Date) ([]*interact.Letter, error)
}

// Reminders lists, once a day from 08:00 across all instances, the
// information requests whose deadline is near (yellow) or past (red), per
// department: in the log always (counts only), and as an e-mail digest to
// each address of to, put in the outbox for the mail job. Each digest has
// a key of its day, department and recipient, so a run that is retried
// after a failure enqueues none twice. Staff also see their department's
// list on the back office's home page.
func Reminders(st ReminderStore, to []string, baseURL string, log *slog.Logger) Job {
	return Job{Name: "foi_reminders", Schedule: Daily(8), Run: func(ctx context.Context, now time.Time) error {
		today := calendar.DateOf(now)
		apps, err := st.DueFOIApplications(ctx, today)
		if err != nil {
			return err
		}
		cal, names, err := reminderRefs(ctx, st, "未分配部门")
		if err != nil {
			return err
		}
		for dept, rs := range remind.Due(apps, cal, today) {
			red, yellow := remind.Counts(rs)
			log.Info("information requests due", "department", names[dept], "red", red, "yellow", yellow)
			for _, addr := range to {
				key := fmt.Sprintf("foi_reminders/%s/%d/%s", today, dept, addr)
				m := mailer.Message{To: addr, Subject: remind.Subject(names[dept], today, rs), Body: remind.Text(names[dept], today, rs, baseURL)}
				if _, err := st.EnqueueMail(ctx, "system", key, m); err != nil {
					return err
				}
			}
		}
		return nil
	}}
}

// LetterReminders is the daily reminder of letters (政民互动), as
// Reminders is of information requests: per department, the letters past
// their due date, those due by the next working day and those unanswered
// for three months, in the log (counts only) and as an e-mail digest per
// recipient through the outbox, keyed by day, department and recipient.
func LetterReminders(st ReminderStore, to []string, baseURL string, log *slog.Logger) Job {
	return Job{Name: "letter_reminders", Schedule: Daily(8), Run: func(ctx context.Context, now time.Time) error {
		today := calendar.DateOf(now)
		letters, err := st.DueLetters(ctx, today)
		if err != nil {
			return err
		}
		cal, names, err := reminderRefs(ctx, st, "待分办")
		if err != nil {
			return err
		}
		for dept, due := range interact.DueByDept(cal, letters, today) {
			log.Info("letters due", "department", names[dept], "red", len(due.Red), "yellow", len(due.Yellow), "escalated", len(due.Escalated))
			for _, addr := range to {
				subject, body := interact.DigestText(names[dept], today, due, baseURL)
				key := fmt.Sprintf("letter_reminders/%s/%d/%s", today, dept, addr)
				if _, err := st.EnqueueMail(ctx, "system", key, mailer.Message{To: addr, Subject: subject, Body: body}); err != nil {
					return err
				}
			}
		}
		return nil
	}}
}

// reminderRefs reads what a reminder job names: the calendar, and the
// departments' names by id with unassigned (0) called none.
func reminderRefs(ctx context.Context, st ReminderStore, none string) (*calendar.Calendar, map[int64]string, error) {
	cal, err := st.Calendar(ctx)
	if err != nil {
		return nil, nil, err
	}
	depts, err := st.Departments(ctx)
	if err != nil {
		return nil, nil, err
	}
	names := map[int64]string{0: none}
	for _, d := range depts {
		names[d.ID] = d.Name
	}
	return cal, names, nil
}

// SplitAddresses splits a comma-separated list of addresses, dropping
// empty entries.
func SplitAddresses(list string) []string {
	var out []string
	for _, a := range strings.Split(list, ",") {
		if a = strings.TrimSpace(a); a != "" {
			out = append(out, a)
		}
	}
	return out
}
