package foi

import (
	"bytes"
	"html/template"
	"strings"
	"testing"

	"gongkai/internal/calendar"
	"gongkai/internal/foi"
)

// TestNoticePartial renders the foi-notices partial the way the case page
// includes it ({{template "foi-notices" .}} with the page), for a case with
// every notice, one with none, and pages without a case.
func TestNoticePartial(t *testing.T) {
	tpl := template.Must(template.New("t").Funcs(Area().Funcs).ParseFS(templates, "templates/notice_partials.html"))
	d := calendar.MustParse
	events := []foi.Event{
		{Type: foi.Confirm, On: d("2025-09-26")},
		{Type: foi.RequestSupplement, On: d("2025-10-13"), ReplyBy: d("2025-10-31")},
		{Type: foi.SupplementReceived, On: d("2025-10-20")},
		{Type: foi.ConsultStart, On: d("2025-10-22"), Party: "某物业公司", Kind: "third_party"},
		{Type: foi.ConsultStart, On: d("2025-10-23"), Party: "嘉定区住房保障局", Kind: "organ"},
		{Type: foi.ConsultEnd, On: d("2025-10-29"), Party: "某物业公司"},
		{Type: foi.ConsultEnd, On: d("2025-10-29"), Party: "嘉定区住房保障局"},
		{Type: foi.Extend, On: d("2025-11-10"), Reason: "汇总"},
		{Type: foi.Answer, On: d("2025-12-01"), Outcome: foi.Partial},
	}
	app := &foi.Application{Number: "YSQ2025-00031", Channel: foi.Online}
	for i, e := range events {
		app.Events = append(app.Events, foi.RecordedEvent{Event: e, Seq: i + 1})
	}
	var err error
	if app.Clock, err = foi.Compute(calendar.New(nil), foi.DefaultSettings, app.Channel, calendar.Date{}, events); err != nil {
		t.Fatal(err)
	}
	render := func(p any) string {
		t.Helper()
		var b bytes.Buffer
		if err := tpl.ExecuteTemplate(&b, "foi-notices", p); err != nil {
			t.Fatal(err)
		}
		return b.String()
	}
	out := render(map[string]any{"Data": map[string]any{"App": app}})
	base := "/admin/foi/YSQ2025-00031/notices/"
	for _, w := range []string{
		`<a href="` + base + `supplement">补正通知书</a>`,
		`<a href="` + base + `consultation?seq=4">征求意见书（某物业公司）</a>`, `<a href="` + base + `consultation?seq=5">`,
		`<a href="` + base + `extension">延期答复告知书</a>`, `<a href="` + base + `answer">答复告知书</a>`,
	} {
		if !strings.Contains(out, w) {
			t.Errorf("partial lacks %s:\n%s", w, out)
		}
	}
	// The PDF opens the applicant's data: a POST from the notice page, never a link.
	if strings.Contains(out, "/pdf") {
		t.Errorf("the partial links a PDF:\n%s", out)
	}
	if strings.Index(out, "supplement") > strings.Index(out, "answer") {
		t.Error("notices out of order")
	}
	// A case without notices yet.
	fresh := &foi.Application{Number: "YSQ2025-00032", Channel: foi.Online, Clock: &foi.Clock{Status: foi.AwaitingConfirmation}}
	if out := render(map[string]any{"Data": map[string]any{"App": fresh}}); !strings.Contains(out, "尚无可出具的告知书") || strings.Contains(out, "<a ") {
		t.Errorf("fresh case: %s", out)
	}
	// Pages without a case render nothing, and fail nowhere.
	for _, p := range []any{map[string]any{}, map[string]any{"Data": map[string]any{}}, map[string]any{"Data": map[string]any{"App": (*foi.Application)(nil)}}, map[string]any{}} {
		if out := strings.TrimSpace(render(p)); out != "" {
			t.Errorf("%#v: %q", p, out)
		}
	}
}
