package report_test

import (
	"encoding/json"
	"fmt"
	"os"
	"sort"
	"strings"
	"testing"
	"time"

	"gongkai/internal/store"
	"gongkai/internal/web/webtest"
)

// history is one application of testdata/annual_histories.json.
type history struct {
	Key         string         `json:"key"`
	Kind        string         `json:"kind"`
	OrgCategory string         `json:"org_category"`
	Submitted   string         `json:"submitted"`
	Events      []historyEvent `json:"events"`
}

type historyEvent struct {
	Type       string `json:"type"`
	On         string `json:"on"`
	Outcome    string `json:"outcome,omitempty"`
	Reason     string `json:"reason,omitempty"`
	Note       string `json:"note,omitempty"`
	ReplyBy    string `json:"reply_by,omitempty"`
	AmountYuan int    `json:"amount_yuan,omitempty"`
}

type histories struct {
	Years     []int     `json:"years"`
	Histories []history `json:"histories"`
}

func loadHistories(t *testing.T) histories {
	t.Helper()
	raw, err := os.ReadFile("testdata/annual_histories.json")
	if err != nil {
		t.Fatal(err)
	}
	var h histories
	if err := json.Unmarshal(raw, &h); err != nil {
		t.Fatal(err)
	}
	return h
}

// expectedSection3 counts year's table from the histories by the report's
// definitions, written out here from the issue rather than taken from the
// code under test: R is the day of the confirmation, the conclusion the
// first answer or withdrawal (a withdrawal is 其他处理：其他, "other"):
// new = R in year; carried_over = R before year and not concluded before
// 1 January; a result = concluded in year, under its outcome;
// carry_forward = R in or before year and not concluded by 31 December.
func expectedSection3(hs []history, year int) map[string]map[string]int {
	out := map[string]map[string]int{}
	count := func(row, col string) {
		if out[row] == nil {
			out[row] = map[string]int{}
		}
		out[row][col]++
		out[row]["total"]++
	}
	y := func(date string) int {
		var n int
		fmt.Sscanf(date, "%d", &n)
		return n
	}
	for _, h := range hs {
		col := "person"
		if h.Kind == "org" {
			col = h.OrgCategory
			if col == "other" {
				col = "other_org"
			}
		}
		r, done, outcome := "", "", ""
		for _, e := range h.Events {
			switch {
			case e.Type == "confirm" && r == "":
				r = e.On
			case (e.Type == "answer" || e.Type == "withdraw") && done == "":
				done, outcome = e.On, e.Outcome
				if e.Type == "withdraw" {
					outcome = "other"
				}
			}
		}
		if r == "" || y(r) > year || (done != "" && y(done) < year) {
			continue
		}
		if y(r) == year {
			count("new", col)
		} else {
			count("carried_over", col)
		}
		if done != "" && y(done) == year {
			count(outcome, col)
			count("results_total", col)
		} else {
			count("carry_forward", col)
		}
	}
	return out
}

// step is one call of the feed: an application submitted or an event
// recorded, on its day.
type step struct {
	on    string
	h     int // index in the histories
	event int // -1: the submission
}

// TestAnnualReportMatchesHistories: the histories kept in testdata are
// fed only through the HTTP API — each application submitted by the
// public on its day, each event recorded by the FOI office's head on its
// day, in the order of the days — and every cell of section 三 of the
// report of each year equals the count made from the histories.
func TestAnnualReportMatchesHistories(t *testing.T) {
	data := loadHistories(t)
	// The histories exercise every group of outcomes (and only codes the
	// API takes: each answer is refused otherwise, and its row is checked
	// below to exist in the report).
	groups := map[string]bool{}
	for _, h := range data.Histories {
		for _, e := range h.Events {
			if e.Type == "answer" || e.Type == "withdraw" {
				o := e.Outcome
				if e.Type == "withdraw" {
					o = "other"
				}
				groups[strings.SplitN(o, "_", 2)[0]] = true
			}
		}
	}
	for _, g := range []string{"disclose", "partial", "withhold", "unable", "reject", "other"} {
		if !groups[g] {
			t.Errorf("the histories have no outcome of group %s", g)
		}
	}
	webtest.Dialects(t, func(t *testing.T, d store.Dialect) {
		e := webtest.NewWith(t, d, webtest.Options{Start: time.Date(2024, 1, 2, 1, 0, 0, 0, time.UTC)})
		var steps []step
		for i, h := range data.Histories {
			steps = append(steps, step{h.Submitted, i, -1})
			for j, ev := range h.Events {
				steps = append(steps, step{ev.On, i, j})
			}
		}
		// Days in order; on a day, submissions first, then each history's
		// events in their own order.
		sort.SliceStable(steps, func(a, b int) bool { return steps[a].on < steps[b].on })
		// Tokens expire: the head takes a new one each month of the feed.
		token, month := "", ""
		numbers := make([]string, len(data.Histories))
		for _, s := range steps {
			day, err := time.Parse("2006-01-02", s.on)
			if err != nil {
				t.Fatal(err)
			}
			if at := day.Add(time.Hour); at.After(e.Clock.Now()) {
				e.Clock.Advance(at.Sub(e.Clock.Now()))
			}
			h := data.Histories[s.h]
			if s.event < 0 {
				applicant := `"kind":"person","name":"李明","id_type":"居民身份证","id_number":"11010519491231002X","phone":"13812345678","email":"liming@example.com"`
				if h.Kind == "org" {
					applicant = fmt.Sprintf(`"kind":"org","name":"上海某某有限公司","org_category":%q,"id_type":"统一社会信用代码","id_number":"91310114MA1GT35K5B",`+
						`"legal_rep":"王建国","contact":"欧阳小红","phone":"021-59990000","email":"office@example.com"`, h.OrgCategory)
				}
				status, out := e.API("POST", "/api/v1/foi/applications", "", `{"applicant":{`+applicant+`},"description":"菊园新区道路养护计划（`+h.Key+`）",`+
					`"format":"electronic","delivery":"email"}`)
				if status != 201 {
					t.Fatalf("%s: submit: %d %v", h.Key, status, out)
				}
				numbers[s.h] = out["number"].(string)
				continue
			}
			if s.on[:7] != month {
				token, month = e.Token("foihead"), s.on[:7]
			}
			path := "/api/v1/foi/applications/" + numbers[s.h]
			status, app := e.API("GET", path, token, "")
			if status != 200 {
				t.Fatalf("%s: read: %d %v", h.Key, status, app)
			}
			ev := h.Events[s.event]
			body := map[string]any{"version": app["version"], "type": ev.Type, "on": ev.On}
			for k, v := range map[string]string{"outcome": ev.Outcome, "reason": ev.Reason, "note": ev.Note, "reply_by": ev.ReplyBy} {
				if v != "" {
					body[k] = v
				}
			}
			if ev.AmountYuan != 0 {
				body["amount_yuan"] = ev.AmountYuan
			}
			raw, _ := json.Marshal(body)
			if status, out := e.API("POST", path+"/events", token, string(raw)); status != 201 {
				t.Fatalf("%s: event %s on %s: %d %v", h.Key, ev.Type, ev.On, status, out)
			}
		}
		sup := e.Token("supervisor")
		for _, year := range data.Years {
			status, rep := e.API("GET", fmt.Sprintf("/api/v1/reports/annual/%d", year), sup, "")
			if status != 200 {
				t.Fatalf("%d: %d %v", year, status, rep)
			}
			rows, _ := rep["section3"].(map[string]any)["rows"].(map[string]any)
			want := expectedSection3(data.Histories, year)
			for row := range want {
				if _, ok := rows[row]; !ok {
					t.Errorf("%d: the report has no row %q", year, row)
				}
			}
			if len(rows) != 25 { // 一, 二, the 21 outcomes, 三（七）, 四
				t.Errorf("%d: %d rows, want 25", year, len(rows))
			}
			for row, v := range rows {
				cells := v.(map[string]any)
				if len(cells) != 7 {
					t.Errorf("%d %s: %d columns, want 7", year, row, len(cells))
				}
				for _, col := range []string{"person", "business", "research", "nonprofit", "legal", "other_org", "total"} {
					got, ok := cells[col].(float64)
					if !ok || int(got) != want[row][col] {
						t.Errorf("%d %s.%s = %v, want %d", year, row, col, cells[col], want[row][col])
					}
				}
			}
		}
		// The histories cover the cases the definitions separate.
		w24, w25 := expectedSection3(data.Histories, 2024), expectedSection3(data.Histories, 2025)
		if w24["carry_forward"]["total"] != 3 || w25["carried_over"]["total"] != 3 || w25["carry_forward"]["total"] != 2 || w24["new"]["total"] != 12 {
			t.Errorf("the histories changed: 2024 carry forward %d, new %d; 2025 carried over %d, carry forward %d",
				w24["carry_forward"]["total"], w24["new"]["total"], w25["carried_over"]["total"], w25["carry_forward"]["total"])
		}
	})
}
