package report_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"gongkai/internal/linkcheck"
	"gongkai/internal/report"
	"gongkai/internal/store"
	"gongkai/internal/web/webtest"
)

// demoInspectDay is a day shortly after the demo's newest publication
// (2026-11-20): the demo is loaded on it, as `serve --demo` loads it on the
// day it starts, so its letters are received that day.
var demoInspectDay = time.Date(2026, 12, 1, 1, 0, 0, 0, time.UTC)

// offline answers every request to a host other than the site with 200,
// standing in for the internet the tests do not reach; the site's own
// requests go through.
type offline struct {
	site string
	rt   http.RoundTripper
}

func (o offline) RoundTrip(r *http.Request) (*http.Response, error) {
	if r.URL.Host == o.site {
		return o.rt.RoundTrip(r)
	}
	return &http.Response{StatusCode: http.StatusOK, Header: http.Header{}, Body: http.NoBody, Request: r}, nil
}

// TestDemoSitePassesItsOwnInspection starts the real server on the demo,
// crawls the portal from its home page (external links answered by a
// stand-in) and runs the record checks: no broken link and no veto item.
// The score and every finding are logged.
func TestDemoSitePassesItsOwnInspection(t *testing.T) {
	webtest.Dialects(t, func(t *testing.T, d store.Dialect) {
		e := webtest.NewWith(t, d, webtest.Options{Data: webtest.Demo, Start: demoInspectDay})
		ctx := context.Background()
		rules, err := e.St.InspectRules(ctx)
		if err != nil {
			t.Fatal(err)
		}
		site, _ := url.Parse(e.TS.URL)
		res, err := linkcheck.Check(ctx, e.TS.URL, linkcheck.Options{Delay: linkcheck.NoDelay, PerHost: 4, MaxPages: 400,
			Transport: offline{site: site.Host, rt: http.DefaultTransport}})
		if err != nil {
			t.Fatal(err)
		}
		facts, err := e.St.InspectFacts(ctx)
		if err != nil {
			t.Fatal(err)
		}
		ins := report.Inspect(facts, res.Report(), rules)
		t.Logf("%s: %s，得分 %.1f；页面 %d 个，链接 %d 个，截断 %v", d, ins.Verdict.Result, ins.Verdict.Score, res.Pages, res.Links, res.Truncated)
		for _, f := range ins.Findings {
			t.Logf("  %s %s：%s", f.Code, f.Subject, f.Detail)
		}
		for _, p := range res.Problems {
			if p.Class == linkcheck.Broken {
				t.Errorf("broken link %s (%s) on %s", p.URL, p.Reason, strings.Join(p.FoundOn, " "))
			} else {
				t.Logf("  caution %s (%s) on %s", p.URL, p.Reason, strings.Join(p.FoundOn, " "))
			}
		}
		for _, l := range ins.Verdict.Lines {
			if l.Veto {
				t.Errorf("veto: %s (%d)", l.Item, l.Counted)
			}
		}
		if res.Pages < 20 {
			t.Errorf("only %d pages crawled: the crawl did not follow the portal's links", res.Pages)
		}
	})
}
