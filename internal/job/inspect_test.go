package job_test

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"slices"
	"testing"
	"time"

	"gongkai/internal/job"
	"gongkai/internal/linkcheck"
	"gongkai/internal/store"
	"gongkai/internal/store/storetest"
)

// TestInspectJob: with a base URL the platform runs the self-inspection
// daily; a run crawls the site, checks the store and keeps the result with
// its broken link.
func TestInspectJob(t *testing.T) {
	site := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/" {
			http.NotFound(w, r)
			return
		}
		w.Header().Set("Content-Type", "text/html")
		fmt.Fprint(w, `<img src="/missing.png" alt="">`)
	}))
	defer site.Close()
	st := storetest.Open(t, store.SQLite)
	names := job.Platform(st, job.Config{BaseURL: site.URL}, quiet).Names()
	if !slices.Contains(names, "inspect") {
		t.Fatalf("jobs with a base URL: %v", names)
	}
	j := job.Inspect(st, site.URL, linkcheck.Options{Delay: linkcheck.NoDelay}, quiet)
	if j.Schedule != job.Daily(2) {
		t.Errorf("schedule %+v", j.Schedule)
	}
	if err := j.Run(context.Background(), time.Now()); err != nil {
		t.Fatal(err)
	}
	list, err := st.Inspections(context.Background(), 5)
	if err != nil {
		t.Fatal(err)
	}
	ins, err := st.Inspection(context.Background(), 0)
	if err != nil {
		t.Fatal(err)
	}
	// Nothing was ever published: the home page is not updated (a veto).
	if len(list) != 1 || list[0].Broken != 1 || list[0].Pass || len(ins.Crawl.Problems) != 1 || ins.Crawl.Problems[0].URL != site.URL+"/missing.png" {
		t.Errorf("kept %+v / %+v", list, ins.Crawl)
	}
}
