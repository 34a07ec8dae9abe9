package demo

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io/fs"
	"strconv"

	"gongkai/internal/calendar"
	"gongkai/internal/errs"
	"gongkai/internal/interact"
)

// The demo's 政民互动 (interact.json): letters written, answered and some
// selected for 留言选登, FAQ entries, an open solicitation, and the open
// month's poll and August event. Dates are counted from the day the demo
// is loaded, so the solicitation and poll are open and the event is ahead.

type demoInteract struct {
	Letters []struct {
		Kind      string `json:"kind"`
		Target    string `json:"target"`
		Name      string `json:"name"`
		Phone     string `json:"phone"`
		Subject   string `json:"subject"`
		Content   string `json:"content"`
		PublishOK bool   `json:"publish_ok"`
		Simple    bool   `json:"simple"`
		Dept      string `json:"dept"` // the department triage assigns when the target names none
		Reply     string `json:"reply"`
		Publish   bool   `json:"publish"`
	} `json:"letters"`
	FAQ []struct {
		Question string   `json:"question"`
		Answer   string   `json:"answer"`
		Dept     string   `json:"dept"`
		Tags     []string `json:"tags"`
	} `json:"faq"`
	Solicitation struct {
		Title     string `json:"title"`
		Dept      string `json:"dept"`
		Kind      string `json:"kind"`
		Days      int    `json:"days"`
		Summary   string `json:"summary"`
		DraftText string `json:"draft_text"`
	} `json:"solicitation"`
	Poll struct {
		Title       string   `json:"title"`
		Description string   `json:"description"`
		Dept        string   `json:"dept"`
		Days        int      `json:"days"`
		Options     []string `json:"options"`
	} `json:"poll"`
	Event struct {
		Topic       string `json:"topic"`
		Dept        string `json:"dept"`
		Form        string `json:"form"`
		Day         int    `json:"day"` // of August
		Starts      string `json:"starts"`
		Ends        string `json:"ends"`
		Place       string `json:"place"`
		Capacity    int    `json:"capacity"`
		Description string `json:"description"`
	} `json:"event"`
}

func readInteract(fsys fs.FS) (*demoInteract, error) {
	raw, err := fs.ReadFile(fsys, "interact.json")
	if err != nil {
		return nil, err
	}
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.DisallowUnknownFields()
	var d demoInteract
	if err := dec.Decode(&d); err != nil {
		return nil, fmt.Errorf("interact.json: %w", err)
	}
	return &d, nil
}

// dept is the id of department code, which what (a file and its entry)
// names.
func (l *loader) dept(code, what string) (int64, error) {
	id := l.depts[code]
	if id == 0 {
		return 0, fmt.Errorf("%s names unknown department %q", what, code)
	}
	return id, nil
}

func (l *loader) loadInteract(ctx context.Context) error {
	d, err := readInteract(dataFS())
	if err != nil {
		return err
	}
	office, err := l.s.UserByUsername(ctx, "supervisor")
	if err != nil {
		return err
	}
	replier, err := l.s.UserByUsername(ctx, "replier")
	if err != nil {
		return err
	}
	today := calendar.DateOf(l.s.Now())
	for i, in := range d.Letters {
		what := "letter " + strconv.Itoa(i+1)
		lt, _, err := l.s.CreateLetter(ctx, interact.Submission{Kind: interact.Kind(in.Kind), Target: in.Target, Name: in.Name, Phone: in.Phone,
			Subject: in.Subject, Content: in.Content, PublishOK: in.PublishOK}, nil)
		if err != nil {
			return errs.Wrap("demo."+what, err)
		}
		var dept int64
		if in.Dept != "" {
			if dept, err = l.dept(in.Dept, "interact.json: "+what); err != nil {
				return err
			}
		}
		type step struct {
			st        interact.Step
			byReplier bool
		}
		steps := []step{{interact.Step{Action: interact.ActAccept, Simple: in.Simple, DeptID: dept}, false}}
		if in.Reply != "" {
			steps = append(steps, step{interact.Step{Action: interact.ActReply, Text: in.Reply}, true})
		}
		if in.Publish {
			steps = append(steps, step{interact.Step{Action: interact.ActPublish}, false})
		}
		for _, st := range steps {
			u := office
			if st.byReplier {
				u = replier
			}
			if lt, err = l.s.LetterStep(ctx, u, lt.Number, lt.Version, st.st); err != nil {
				return errs.Wrap("demo."+what+" "+string(st.st.Action), err)
			}
		}
	}
	for i, in := range d.FAQ {
		dept, err := l.dept(in.Dept, "interact.json: faq "+strconv.Itoa(i+1))
		if err != nil {
			return err
		}
		if _, err := l.s.CreateFAQ(ctx, "demo", interact.FAQ{Question: in.Question, Answer: in.Answer, DeptID: dept, Tags: in.Tags, State: interact.FAQPublished}); err != nil {
			return errs.Wrap("demo.faq", err)
		}
	}
	sol := d.Solicitation
	dept, err := l.dept(sol.Dept, "interact.json: the solicitation")
	if err != nil {
		return err
	}
	if _, err := l.s.CreateSolicitation(ctx, "demo", interact.Solicitation{Title: sol.Title, DeptID: dept, Kind: interact.DraftKind(sol.Kind),
		Summary: sol.Summary, DraftText: sol.DraftText, OpensOn: today, ClosesOn: today.AddDays(sol.Days)}, false); err != nil {
		return errs.Wrap("demo.solicitation", err)
	}
	// The open month of the coming August (this year's while it is ahead).
	year := today.Year
	if today.Month >= 8 {
		year++
	}
	poll := d.Poll
	if dept, err = l.dept(poll.Dept, "interact.json: the poll"); err != nil {
		return err
	}
	p := &interact.Poll{Title: poll.Title, Description: poll.Description, DeptID: dept, OpensOn: today, ClosesOn: today.AddDays(poll.Days)}
	for _, o := range poll.Options {
		p.Options = append(p.Options, interact.PollOption{Text: o})
	}
	if err := l.s.CreatePoll(ctx, "demo", p); err != nil {
		return errs.Wrap("demo.poll", err)
	}
	ev := d.Event
	if dept, err = l.dept(ev.Dept, "interact.json: the event"); err != nil {
		return err
	}
	on := calendar.Date{Year: year, Month: 8, Day: ev.Day}
	e := &interact.Event{Topic: ev.Topic, DeptID: dept, On: on, Starts: ev.Starts, Ends: ev.Ends, Place: ev.Place, Form: interact.EventForm(ev.Form),
		Capacity: ev.Capacity, RegOpens: today, RegCloses: on.AddDays(-1), Description: ev.Description, PollID: p.ID}
	return errs.Wrap("demo.event", l.s.CreateOpenEvent(ctx, "demo", e))
}
