package mailer

import "time"

// Queued is one message of the outbox: what to send and how its delivery
// went. The store keeps it; the mail job sends it.
type Queued struct {
	ID        int64
	Key       string // dedupe key; "" for none
	Message   Message
	CreatedBy string
	CreatedAt time.Time
	Attempts  int       // delivery attempts so far
	NextTryAt time.Time // when the next attempt is due
	SentAt    time.Time // zero until sent
	MessageID string    // the Message-ID it was sent with
	FailedAt  time.Time // when delivery was given up; zero otherwise
	LastError string
}

// Pending reports whether the mail still waits for delivery.
func (m *Queued) Pending() bool { return m.SentAt.IsZero() && m.FailedAt.IsZero() }
