package demo

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io/fs"

	"gongkai/internal/calendar"
	"gongkai/internal/errs"
	"gongkai/internal/report"
)

// The demo's supervision records (supervision.json): an information
// officer for every department but one village committee, so the
// supervisor's dashboard shows what a missing officer looks like; two
// 政务新媒体 accounts, one of them silent for more than 14 days (dates count
// back from the day the demo is loaded); and which of the demo's documents
// are the published annual reports of their years.

type demoSupervision struct {
	Officers []struct {
		Name      string `json:"name"`
		Dept      string `json:"dept"`
		Duty      string `json:"duty"`
		Username  string `json:"username"`
		SinceDays int    `json:"since_days"`
		Trainee   bool   `json:"trainee"`
	} `json:"officers"`
	NewMedia []struct {
		Platform   string `json:"platform"`
		Name       string `json:"name"`
		Dept       string `json:"dept"`
		Tier       string `json:"tier"`
		OpenedDays int    `json:"opened_days"`
		PostedDays int    `json:"posted_days"`
	} `json:"newmedia"`
	AnnualReports []struct {
		Year     int    `json:"year"`
		Organ    string `json:"organ"` // "" for the district as a whole
		Document string `json:"document"`
	} `json:"annual_reports"`
}

func readSupervision(fsys fs.FS) (*demoSupervision, error) {
	raw, err := fs.ReadFile(fsys, "supervision.json")
	if err != nil {
		return nil, err
	}
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.DisallowUnknownFields()
	var d demoSupervision
	if err := dec.Decode(&d); err != nil {
		return nil, fmt.Errorf("supervision.json: %w", err)
	}
	return &d, nil
}

func (l *loader) loadSupervision(ctx context.Context) error {
	d, err := readSupervision(dataFS())
	if err != nil {
		return err
	}
	today := calendar.DateOf(l.s.Now())
	for _, in := range d.Officers {
		dept, err := l.dept(in.Dept, "supervision.json: officer "+in.Name)
		if err != nil {
			return err
		}
		o := report.Officer{Name: in.Name, DeptID: dept, Duty: report.Duty(in.Duty), Username: in.Username, From: today.AddDays(-in.SinceDays), Trainee: in.Trainee}
		if in.Trainee {
			o.TraineeFiled = o.From
		}
		if _, err := l.s.CreateOfficer(ctx, "demo", o); err != nil {
			return errs.Wrap("demo.registry officer "+in.Name, err)
		}
	}
	for _, in := range d.NewMedia {
		dept, err := l.dept(in.Dept, "supervision.json: account "+in.Name)
		if err != nil {
			return err
		}
		a := report.NewMediaAccount{Platform: report.Platform(in.Platform), Name: in.Name, DeptID: dept, Tier: report.Tier(in.Tier),
			StatusDate: today.AddDays(-in.OpenedDays), LastPost: today.AddDays(-in.PostedDays)}
		if _, err := l.s.CreateNewMediaAccount(ctx, "demo", a); err != nil {
			return errs.Wrap("demo.registry account "+in.Name, err)
		}
	}
	for _, in := range d.AnnualReports {
		doc := l.docs[in.Document]
		if doc == nil {
			return fmt.Errorf("supervision.json: annual report %d names unknown document %q", in.Year, in.Document)
		}
		if err := l.s.SetAnnualDocument(ctx, "demo", in.Year, in.Organ, doc.ID); err != nil {
			return errs.Wrap("demo.supervision annual report", err)
		}
	}
	return nil
}
