package job

import (
	"context"
	"log/slog"
	"time"

	"gongkai/internal/linkcheck"
	"gongkai/internal/report"
)

// InspectStore is what the nightly self-inspection reads and writes.
type InspectStore interface {
	InspectRules(ctx context.Context) ([]report.Rule, error)
	InspectFacts(ctx context.Context) (report.SiteFacts, error)
	SaveInspection(ctx context.Context, actor string, ins *report.Inspection) (int64, error)
}

// Inspect runs the website self-inspection once a day from 02:00, when
// visitors are few: it crawls the site at baseURL, checks the records,
// scores both and keeps the result (the staff see it at /admin/inspect).
func Inspect(st InspectStore, baseURL string, opt linkcheck.Options, log *slog.Logger) Job {
	return Job{Name: "inspect", Schedule: Daily(2), Run: func(ctx context.Context, _ time.Time) error {
		rules, err := st.InspectRules(ctx)
		if err != nil {
			return err
		}
		crawl, err := linkcheck.Check(ctx, baseURL, opt)
		if err != nil {
			return err
		}
		facts, err := st.InspectFacts(ctx)
		if err != nil {
			return err
		}
		ins := report.Inspect(facts, crawl.Report(), rules)
		id, err := st.SaveInspection(ctx, "system", &ins)
		if err != nil {
			return err
		}
		broken, _ := crawl.Count(linkcheck.Broken)
		log.Info("website self-inspection", "id", id, "pass", ins.Verdict.Pass, "score", ins.Verdict.Score, "pages", crawl.Pages, "broken", broken, "findings", len(ins.Findings))
		return nil
	}}
}
