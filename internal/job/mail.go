package job

import (
	"context"
	"log/slog"
	"time"

	"gongkai/internal/errs"
	"gongkai/internal/mailer"
)

// Outbox is the store's mail outbox as the mail job uses it.
type Outbox interface {
	ClaimMail(ctx context.Context, limit int) ([]*mailer.Queued, error)
	MailSent(ctx context.Context, id int64, messageID string) error
	MailFailed(ctx context.Context, id int64, reason string, retryAt time.Time) error
}

// MaxMailAttempts is how many deliveries of one mail are tried before it
// is given up (about four hours with RetryDelay).
const MaxMailAttempts = 10

// RetryDelay is the wait after the n-th failed delivery of a mail: one
// minute, doubling, at most an hour.
func RetryDelay(n int) time.Duration {
	d := time.Minute
	for i := 1; i < n && d < time.Hour; i++ {
		d *= 2
	}
	return min(d, time.Hour)
}

// MailJob sends the outbox's due mails through the SMTP server of c, every
// minute. A failed delivery is tried again after RetryDelay; after
// MaxMailAttempts, or at once when the mail itself is invalid (a bad
// address), it is given up and logged as an error. The row stays.
func MailJob(o Outbox, c mailer.Config, log *slog.Logger) Job {
	return Job{Name: "mail", Schedule: Every(time.Minute), Run: func(ctx context.Context, now time.Time) error {
		// One mail per claim: a delivery takes at most mailer's timeout, far
		// less than the claim's lease, so no other instance takes a mail
		// over while it is being sent.
		for ctx.Err() == nil {
			mails, err := o.ClaimMail(ctx, 1)
			if err != nil || len(mails) == 0 {
				return err
			}
			if err := deliver(ctx, o, c, log, mails[0], now); err != nil {
				return err
			}
		}
		return nil
	}}
}

// deliver sends one claimed mail and records the outcome; the error is
// the store's, a failed delivery is not an error of the job.
func deliver(ctx context.Context, o Outbox, c mailer.Config, log *slog.Logger, m *mailer.Queued, now time.Time) error {
	id, err := mailer.Send(ctx, c, m.Message)
	if err == nil {
		return o.MailSent(context.WithoutCancel(ctx), m.ID, id)
	}
	attempts := m.Attempts + 1
	var retryAt time.Time
	if attempts < MaxMailAttempts && !errs.Is(err, errs.Invalid) {
		retryAt = now.Add(RetryDelay(attempts))
		log.Warn("mail not sent, will retry", "mail", m.ID, "attempts", attempts, "retry_at", retryAt, "err", err.Error())
	} else {
		log.Error("mail given up", "mail", m.ID, "attempts", attempts, "err", err.Error())
	}
	return o.MailFailed(context.WithoutCancel(ctx), m.ID, err.Error(), retryAt)
}
