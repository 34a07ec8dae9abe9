package kit

import (
	"net/http"
	"sync"
	"time"

	"gongkai/internal/errs"
)

// Limiter allows each client address a number of requests per window. It
// guards the public endpoints that invite guessing (query codes) or spam
// (submissions); it is per instance, which bounds a guesser well enough.
type Limiter struct {
	mu     sync.Mutex
	max    int
	window time.Duration
	seen   map[string]*bucket
}

type bucket struct {
	start time.Time
	n     int
}

// NewLimiter allows max requests per window and client address.
func NewLimiter(max int, window time.Duration) *Limiter {
	return &Limiter{max: max, window: window, seen: map[string]*bucket{}}
}

// Allow counts a request from r's address and refuses it over the limit.
func (l *Limiter) Allow(r *http.Request, now time.Time) error {
	ip := ClientAddr(r)
	l.mu.Lock()
	defer l.mu.Unlock()
	if len(l.seen) > 10000 { // forget old clients rather than grow without bound
		for k, b := range l.seen {
			if now.Sub(b.start) > l.window {
				delete(l.seen, k)
			}
		}
	}
	b := l.seen[ip]
	if b == nil || now.Sub(b.start) > l.window {
		b = &bucket{start: now}
		l.seen[ip] = b
	}
	b.n++
	if b.n > l.max {
		return errs.New(errs.RateLimited, "web.Limiter", "too_many_requests", "请求过于频繁，请一分钟后再试。")
	}
	return nil
}
