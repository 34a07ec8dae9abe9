package search

import (
	"context"
	"fmt"
	"net/http"
	"time"

	"gongkai/internal/calendar"
	domain "gongkai/internal/search"
	"gongkai/internal/store"
	"gongkai/internal/web/kit"
)

// weekOf is the ISO week of t in China, as the dashboard groups queries.
func weekOf(t time.Time) string {
	y, w := t.In(calendar.Zone).ISOWeek()
	return fmt.Sprintf("%d-W%02d", y, w)
}

// add counts one search; every minute the counts are written.
func (l *queryLog) add(now time.Time, q string, empty bool) {
	text := domain.LogText(q)
	if text == "" {
		return
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	if week := weekOf(now); week != l.week {
		if len(l.counts) > 0 {
			l.pending = append(l.pending, l.take())
		}
		l.week = week
	}
	c := l.counts[text]
	if c == nil {
		if len(l.counts) >= maxLogged {
			return
		}
		c = &logCount{}
		l.counts[text] = c
	}
	c.searches++
	if empty {
		c.empty++
	}
}

// batch is one week's counts taken from the log.
type batch struct {
	week   string
	counts []store.SearchCount
}

// take empties the current counts into a batch (the caller holds mu).
func (l *queryLog) take() batch {
	b := batch{week: l.week}
	for q, c := range l.counts {
		b.counts = append(b.counts, store.SearchCount{Query: q, Searches: c.searches, Empty: c.empty})
	}
	l.counts = map[string]*logCount{}
	return b
}

// due takes what is to be written: everything when force, else only when
// a minute has passed since the last write.
func (l *queryLog) due(now time.Time, force bool) []batch {
	l.mu.Lock()
	defer l.mu.Unlock()
	if !force && now.Sub(l.flushed) < time.Minute {
		return nil
	}
	l.flushed = now
	out := l.pending
	l.pending = nil
	if len(l.counts) > 0 {
		out = append(out, l.take())
	}
	return out
}

// flushLog writes the counts that are due.
func (s *Handler) flushLog(ctx context.Context, force bool) error {
	for _, b := range s.log.due(s.Now(), force) {
		if err := s.Store.LogSearches(ctx, b.week, b.counts); err != nil {
			return err
		}
	}
	return nil
}

// writeLog writes batches in the background, logging a failure (the
// counts are statistics: they are not retried).
func (s *Handler) writeLog(batches []batch) {
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	for _, b := range batches {
		if err := s.Store.LogSearches(ctx, b.week, b.counts); err != nil {
			s.Log.Warn("search log not written", "week", b.week, "queries", len(b.counts), "err", err)
			return
		}
	}
}

// statsLimit is how many queries each dashboard list shows.
const statsLimit = 30

// DashboardData gathers GET /admin/search: a week's top queries and
// queries without results (no personal data: the log holds no address or
// account, and masks long digit runs), and the synonym table.
func (s *Handler) DashboardData(r *http.Request) (map[string]any, error) {
	ctx := r.Context()
	if err := s.flushLog(ctx, true); err != nil {
		return nil, err
	}
	week := r.URL.Query().Get("week")
	if week == "" {
		week = weekOf(s.Now())
	}
	top, empty, weeks, err := s.Store.SearchStats(ctx, week, statsLimit)
	if err != nil {
		return nil, err
	}
	syn, err := s.Store.SearchSynonyms(ctx)
	if err != nil {
		return nil, err
	}
	return map[string]any{"Title": "站内搜索统计", "Week": week, "Weeks": weeks, "Top": top, "Empty": empty,
		"Synonyms": syn.String()}, nil
}

// SaveSynonyms serves POST /admin/search/synonyms: the whole table, one
// group per line.
func (s *Handler) SaveSynonyms(w http.ResponseWriter, r *http.Request) error {
	text := r.PostFormValue("synonyms")
	syn, err := domain.ParseSynonyms(text)
	if err == nil {
		err = s.Store.SetSearchSynonyms(r.Context(), kit.Actor(r), syn)
	}
	if err != nil {
		return s.FormPage(w, r, err, func() (string, map[string]any, error) {
			data, err := s.DashboardData(r)
			if data != nil {
				data["Synonyms"] = text
			}
			return "admin_search", data, err
		})
	}
	return kit.Redirect(w, r, "/admin/search", "synonyms_saved")
}
