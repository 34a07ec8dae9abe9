package job_test

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"gongkai/internal/calendar"
	"gongkai/internal/job"
	"gongkai/internal/mailer"
	"gongkai/internal/mailer/mailtest"
	"gongkai/internal/store"
	"gongkai/internal/store/storetest"
)

var (
	ctx   = context.Background()
	quiet = slog.New(slog.NewTextHandler(io.Discard, nil))
	// 09:00 in Beijing, after the daily jobs' hour.
	morning = time.Date(2026, 11, 26, 1, 0, 0, 0, time.UTC)
)

func scheduler(c job.Claims, clock *storetest.Clock) *job.Scheduler {
	s := job.New(c, quiet)
	s.Now = clock.Now
	return s
}

// twoInstances opens two stores on one new database, as two instances
// would, and returns the first store and a scheduler on each with j.
func twoInstances(t *testing.T, d store.Dialect, clock *storetest.Clock, j job.Job) (*store.Store, []*job.Scheduler) {
	t.Helper()
	stores := storetest.OpenInstances(t, d, 2)
	var scheds []*job.Scheduler
	for _, s := range stores {
		s.Now = clock.Now
		sched := scheduler(s, clock)
		sched.Register(j)
		scheds = append(scheds, sched)
	}
	return stores[0], scheds
}

// TestDailyJobRunsOnceAcrossInstances: two schedulers on two connections to
// one database race for the same day; the job runs once, and again the
// next day.
func TestDailyJobRunsOnceAcrossInstances(t *testing.T) {
	for _, d := range storetest.Dialects(t) {
		t.Run(string(d), func(t *testing.T) {
			clock := storetest.NewClock(morning)
			var runs atomic.Int32
			a, scheds := twoInstances(t, d, clock, job.Job{Name: "digest", Schedule: job.Daily(8), Run: func(context.Context, time.Time) error {
				runs.Add(1)
				return nil
			}})
			race := func() {
				var wg sync.WaitGroup
				start := make(chan struct{})
				for _, s := range scheds {
					wg.Add(1)
					go func() {
						defer wg.Done()
						<-start
						s.RunDue(ctx)
					}()
				}
				close(start)
				wg.Wait()
			}
			race()
			race()
			if n := runs.Load(); n != 1 {
				t.Fatalf("ran %d times on one day", n)
			}
			run, err := a.DailyJobRun(ctx, "digest", calendar.DateOf(morning))
			if err != nil || run.Done.IsZero() || run.Attempts != 1 {
				t.Fatalf("run row: %+v %v", run, err)
			}
			clock.Advance(24 * time.Hour)
			race()
			if n := runs.Load(); n != 2 {
				t.Fatalf("ran %d times over two days", n)
			}
		})
	}
}

// TestDailyJobBeforeItsHour: nothing runs before 08:00 Beijing time.
func TestDailyJobBeforeItsHour(t *testing.T) {
	clock := storetest.NewClock(time.Date(2026, 11, 25, 23, 0, 0, 0, time.UTC)) // 07:00 in Beijing
	st := storetest.Open(t, store.SQLite)
	s := scheduler(st, clock)
	ran := false
	s.Register(job.Job{Name: "digest", Schedule: job.Daily(8), Run: func(context.Context, time.Time) error { ran = true; return nil }})
	s.RunDue(ctx)
	if ran {
		t.Fatal("ran before its hour")
	}
	clock.Advance(time.Hour)
	s.RunDue(ctx)
	if !ran {
		t.Fatal("did not run at its hour")
	}
}

// TestFailedDailyJobIsTakenOver: a run that fails keeps its day open;
// after the retry delay another instance claims and finishes it.
func TestFailedDailyJobIsTakenOver(t *testing.T) {
	for _, d := range storetest.Dialects(t) {
		t.Run(string(d), func(t *testing.T) {
			clock := storetest.NewClock(morning)
			var calls atomic.Int32
			a, scheds := twoInstances(t, d, clock, job.Job{Name: "digest", Schedule: job.Daily(8), Run: func(context.Context, time.Time) error {
				if calls.Add(1) == 1 {
					return errors.New("database went away")
				}
				return nil
			}})
			sa, sb := scheds[0], scheds[1]
			sa.RunDue(ctx)
			sb.RunDue(ctx) // the failed run's retry time has not come
			if n := calls.Load(); n != 1 {
				t.Fatalf("calls %d", n)
			}
			clock.Advance(sa.Retry)
			sb.RunDue(ctx)
			sa.RunDue(ctx)
			run, err := a.DailyJobRun(ctx, "digest", calendar.DateOf(morning))
			if n := calls.Load(); n != 2 || err != nil || run.Done.IsZero() || run.Attempts != 2 {
				t.Fatalf("calls %d, run %+v %v", n, run, err)
			}
		})
	}
}

// TestMailRetriedThenSentOnce: the SMTP server refuses twice; the mail is
// tried again after the backoff, sent once, and its row counts the attempts.
func TestMailRetriedThenSentOnce(t *testing.T) {
	for _, d := range storetest.Dialects(t) {
		t.Run(string(d), func(t *testing.T) {
			clock := storetest.NewClock(morning)
			st := storetest.Open(t, d)
			st.Now = clock.Now
			srv := mailtest.Start(t, &mailtest.Server{RejectFirst: 2})
			cfg := mailer.Config{Addr: srv.Addr, From: "政务公开 <gongkai@jy.example.gov.cn>"}
			msg := mailer.Message{To: "foi@jy.example.gov.cn", Subject: "依申请公开到期提醒", Body: "逾期 1 件"}
			id, err := st.EnqueueMail(ctx, "system", "digest/2026-11-26", msg)
			if err != nil {
				t.Fatal(err)
			}
			if again, err := st.EnqueueMail(ctx, "system", "digest/2026-11-26", msg); err != nil || again != id {
				t.Fatalf("second enqueue with the same key: %d %v (first %d)", again, err, id)
			}
			s := scheduler(st, clock)
			s.Register(job.MailJob(st, cfg, quiet))
			step := func(advance time.Duration, sessions, attempts int, sent bool) {
				t.Helper()
				clock.Advance(advance)
				s.RunDue(ctx)
				m, err := st.MailByID(ctx, id)
				if err != nil {
					t.Fatal(err)
				}
				if srv.Sessions() != sessions || m.Attempts != attempts || m.SentAt.IsZero() == sent {
					t.Fatalf("after +%v: %d sessions, mail %+v", advance, srv.Sessions(), m)
				}
			}
			step(0, 1, 1, false)
			step(30*time.Second, 1, 1, false) // neither job nor mail due
			step(30*time.Second, 2, 2, false) // first retry after a minute
			step(time.Minute, 2, 2, false)    // second retry waits two
			step(time.Minute, 3, 3, true)
			rec := srv.Next(t)
			if len(rec.Rcpt) != 1 || !strings.Contains(rec.Rcpt[0], "foi@jy.example.gov.cn") {
				t.Fatalf("delivered to %q", rec.Rcpt)
			}
			m, _ := st.MailByID(ctx, id)
			if m.MessageID == "" || m.LastError != "" || m.Pending() || m.Message.Subject != msg.Subject {
				t.Fatalf("sent mail: %+v", m)
			}
			step(time.Hour, 3, 3, true) // never again
			if srv.Waiting() != 0 {
				t.Fatal("mail delivered twice")
			}
		})
	}
}

// TestMailGivenUp: a mail the server always refuses is given up after
// MaxMailAttempts, one with a bad address at once; both rows stay.
func TestMailGivenUp(t *testing.T) {
	clock := storetest.NewClock(morning)
	st := storetest.Open(t, store.SQLite)
	st.Now = clock.Now
	srv := mailtest.Start(t, &mailtest.Server{RejectRcpt: true})
	cfg := mailer.Config{Addr: srv.Addr, From: "gongkai@jy.example.gov.cn"}
	refused, _ := st.EnqueueMail(ctx, "system", "", mailer.Message{To: "nobody@example.com", Subject: "s", Body: "b"})
	invalid, _ := st.EnqueueMail(ctx, "system", "", mailer.Message{To: "not an address", Subject: "s", Body: "b"})
	s := scheduler(st, clock)
	s.Register(job.MailJob(st, cfg, quiet))
	for range job.MaxMailAttempts + 2 {
		s.RunDue(ctx)
		clock.Advance(time.Hour)
	}
	for id, attempts := range map[int64]int{refused: job.MaxMailAttempts, invalid: 1} {
		m, err := st.MailByID(ctx, id)
		if err != nil || m.FailedAt.IsZero() || m.Attempts != attempts || m.LastError == "" {
			t.Errorf("mail %d: %+v %v", id, m, err)
		}
	}
	if srv.Sessions() != job.MaxMailAttempts {
		t.Errorf("%d sessions", srv.Sessions())
	}
}

// TestShutdownWaitsForRunningJob: a job blocked in its work does not hold
// up another job; cancelling Run starts nothing new, and Run returns only
// after the running job has.
func TestShutdownWaitsForRunningJob(t *testing.T) {
	st := storetest.Open(t, store.SQLite)
	s := scheduler(st, storetest.NewClock(morning))
	started, release, otherRan := make(chan struct{}), make(chan struct{}), make(chan struct{})
	var runs atomic.Int32
	var finished atomic.Bool
	s.Register(job.Job{Name: "slow", Schedule: job.Every(time.Minute), Run: func(context.Context, time.Time) error {
		runs.Add(1)
		close(started)
		<-release // ignores cancellation, like a delivery in progress
		finished.Store(true)
		return nil
	}})
	s.Register(job.Job{Name: "publish", Schedule: job.Every(time.Minute), Run: func(context.Context, time.Time) error {
		close(otherRan)
		return nil
	}})
	runCtx, cancel := context.WithCancel(ctx)
	done := make(chan struct{})
	go func() {
		defer close(done)
		s.Run(runCtx)
	}()
	<-started
	<-otherRan
	cancel()
	select {
	case <-done:
		t.Fatal("Run returned while a job was running")
	default:
	}
	close(release)
	select {
	case <-done:
	case <-time.After(10 * time.Second):
		t.Fatal("Run did not return after the job finished")
	}
	if !finished.Load() || runs.Load() != 1 {
		t.Fatalf("finished %v, runs %d", finished.Load(), runs.Load())
	}
}

func TestPlatformJobs(t *testing.T) {
	st := storetest.Open(t, store.SQLite)
	without := job.Platform(st, job.Config{}, quiet).Names()
	with := job.Platform(st, job.Config{SMTP: mailer.Config{Addr: "127.0.0.1:25", From: "a@example.com"}}, quiet).Names()
	if !slices.Equal(without, []string{"publish_due", "purge_sessions", "foi_reminders", "letter_reminders"}) || !slices.Equal(with, append(without, "mail")) {
		t.Fatalf("jobs: %v / %v", without, with)
	}
	if got := job.SplitAddresses(" a@example.com, ,b@example.com,"); !slices.Equal(got, []string{"a@example.com", "b@example.com"}) {
		t.Fatalf("addresses %q", got)
	}
	for n, want := range map[int]time.Duration{1: time.Minute, 2: 2 * time.Minute, 3: 4 * time.Minute, 7: time.Hour, 10: time.Hour} {
		if got := job.RetryDelay(n); got != want {
			t.Errorf("RetryDelay(%d) = %v, want %v", n, got, want)
		}
	}
}
