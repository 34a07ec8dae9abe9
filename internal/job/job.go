// Package job owns the platform's background work: one scheduler that runs
// named jobs, each on an interval or once a day, until its context ends.
//
// Every job has its own loop, so a slow job (mail, waiting on an SMTP
// server) never holds up another (scheduled publishing). A daily job's day
// is a row (store.ClaimDailyJob): with several instances on one PostgreSQL
// only the instance that claims it runs it; a run that fails, or dies with
// its instance, is claimed again later the same day. Interval jobs run on
// every instance and must be idempotent: their units of work are rows that
// are claimed once (outbox mails) or re-checked (a scheduled revision).
//
// Shutdown: when the context passed to Run ends, no job starts again, and
// Run returns once the running jobs have returned. Jobs see the same
// context and stop between units of work; a unit cut short is retried
// (its claim expires), never lost.
package job

import (
	"context"
	"fmt"
	"log/slog"
	"sync"
	"time"

	"gongkai/internal/calendar"
)

// Schedule says when a job runs: Every(d) or Daily(hour).
type Schedule struct {
	every time.Duration
	hour  int // daily: from this hour (calendar.Zone)
}

// Every runs a job at start and then every d, on every instance.
func Every(d time.Duration) Schedule { return Schedule{every: d} }

// Daily runs a job once a day across all instances, from hour o'clock
// (Beijing time) on.
func Daily(hour int) Schedule { return Schedule{hour: hour} }

// Job is one named piece of background work.
type Job struct {
	Name     string
	Schedule Schedule
	// Run does the work; now is the scheduler's clock at the start of the
	// run. An error is logged; a daily job is then tried again later.
	Run func(ctx context.Context, now time.Time) error
}

// Claims is how the scheduler claims a daily job's day once across
// instances; *store.Store implements it.
type Claims interface {
	ClaimDailyJob(ctx context.Context, name string, day calendar.Date) (bool, error)
	DailyJobDone(ctx context.Context, name string, day calendar.Date) error
	DailyJobFailed(ctx context.Context, name string, day calendar.Date, reason string, retryAt time.Time) error
}

// Scheduler runs registered jobs. Set its fields before Run.
type Scheduler struct {
	Claims Claims
	Log    *slog.Logger
	// Now is the clock; tests replace it.
	Now func() time.Time
	// Tick is how often each job's loop looks whether it is due.
	Tick time.Duration
	// Retry is how long a daily job waits after a failed run, or after
	// finding its day claimed by another instance, before it tries again.
	Retry time.Duration

	mu   sync.Mutex
	jobs []*entry
}

type entry struct {
	Job
	mu   sync.Mutex // one run of a job at a time
	next time.Time  // not due before
	done calendar.Date
}

// New returns a scheduler with the real clock, checking every minute.
func New(c Claims, log *slog.Logger) *Scheduler {
	return &Scheduler{Claims: c, Log: log, Now: time.Now, Tick: time.Minute, Retry: 10 * time.Minute}
}

// Register adds j. A job without a name, a Run or a schedule, or with a
// name already registered, is a programming error and panics.
func (s *Scheduler) Register(j Job) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if j.Name == "" || j.Run == nil || j.Schedule.every < 0 || j.Schedule.hour < 0 || j.Schedule.hour > 23 {
		panic(fmt.Sprintf("job: invalid job %q", j.Name))
	}
	for _, e := range s.jobs {
		if e.Name == j.Name {
			panic(fmt.Sprintf("job: %q registered twice", j.Name))
		}
	}
	s.jobs = append(s.jobs, &entry{Job: j})
}

// Names lists the registered jobs in order of registration.
func (s *Scheduler) Names() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	names := make([]string, len(s.jobs))
	for i, e := range s.jobs {
		names[i] = e.Name
	}
	return names
}

func (s *Scheduler) entries() []*entry {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]*entry(nil), s.jobs...)
}

// Run runs every job in its own loop until ctx ends, then waits for the
// running jobs to return.
func (s *Scheduler) Run(ctx context.Context) {
	s.each(func(e *entry) {
		tick := time.NewTicker(s.Tick)
		defer tick.Stop()
		for {
			s.runIfDue(ctx, e)
			select {
			case <-ctx.Done():
				return
			case <-tick.C:
			}
		}
	})
}

// RunDue runs, side by side, every job that is due now, and waits for them.
func (s *Scheduler) RunDue(ctx context.Context) {
	s.each(func(e *entry) { s.runIfDue(ctx, e) })
}

func (s *Scheduler) each(fn func(*entry)) {
	var wg sync.WaitGroup
	for _, e := range s.entries() {
		wg.Add(1)
		go func() {
			defer wg.Done()
			fn(e)
		}()
	}
	wg.Wait()
}

func (s *Scheduler) runIfDue(ctx context.Context, e *entry) {
	e.mu.Lock()
	defer e.mu.Unlock()
	now := s.Now()
	if ctx.Err() != nil || now.Before(e.next) {
		return
	}
	if e.Schedule.every > 0 {
		e.next = now.Add(e.Schedule.every)
		if err := run(ctx, e.Job, now); err != nil && ctx.Err() == nil {
			s.Log.Warn("job failed", "job", e.Name, "err", err.Error())
		}
		return
	}
	day := calendar.DateOf(now)
	if e.done == day || now.In(calendar.Zone).Hour() < e.Schedule.hour {
		return
	}
	ok, err := s.Claims.ClaimDailyJob(ctx, e.Name, day)
	if err != nil || !ok {
		// Claimed by another instance (which may yet fail) or done.
		e.next = now.Add(s.Retry)
		if err != nil && ctx.Err() == nil {
			s.Log.Warn("job claim failed", "job", e.Name, "err", err.Error())
		}
		return
	}
	// The outcome is recorded even when shutdown cut the run short, so
	// that another instance may take the day over at once.
	record := context.WithoutCancel(ctx)
	if err := run(ctx, e.Job, now); err != nil {
		e.next = now.Add(s.Retry)
		retryAt := e.next
		if ctx.Err() != nil {
			retryAt = now
		}
		s.Log.Warn("job failed", "job", e.Name, "day", day.String(), "err", err.Error())
		if err := s.Claims.DailyJobFailed(record, e.Name, day, err.Error(), retryAt); err != nil {
			s.Log.Warn("job failure not recorded", "job", e.Name, "err", err.Error())
		}
		return
	}
	if err := s.Claims.DailyJobDone(record, e.Name, day); err != nil {
		s.Log.Warn("job completion not recorded", "job", e.Name, "err", err.Error())
	}
	e.done = day
}

// run calls the job, turning a panic into an error so that one broken job
// does not end the process.
func run(ctx context.Context, j Job, now time.Time) (err error) {
	defer func() {
		if p := recover(); p != nil {
			err = fmt.Errorf("panic: %v", p)
		}
	}()
	return j.Run(ctx, now)
}
