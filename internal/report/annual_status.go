package report

import (
	"strings"
	"time"

	"gongkai/internal/auth"
	"gongkai/internal/calendar"
	"gongkai/internal/publish"
)

// Annual report deadlines (条例第四十九条、第五十条; regulatory.md marks them
// unverified, so they are data): every organ publishes its report of the
// previous year by 31 January; the government's own report of the level
// (本级政府, the district as a whole) is published by its 主管部门 by 31
// March.
var (
	OrganReportDue      = DayOfYear{time.January, 31}
	GovernmentReportDue = DayOfYear{time.March, 31}
)

// DayOfYear is a day in the year after the reported one.
type DayOfYear struct {
	Month time.Month
	Day   int
}

// ReportDue is the last day to publish year's report: of the district as
// a whole when organ is "", else of the organ.
func ReportDue(year int, organ string) calendar.Date {
	d := OrganReportDue
	if organ == "" {
		d = GovernmentReportDue
	}
	return calendar.Date{Year: year + 1, Month: d.Month, Day: d.Day}
}

// ReportStatus is where one organ's annual report of a year stands.
type ReportStatus struct {
	Organ       string // department code; "" for the district as a whole
	Name        string
	Due         calendar.Date
	DocID       int64         // the report's document, 0 if none has been made
	State       publish.State // the open revision's state; Published once public with nothing open; "" if none made
	PublishedOn calendar.Date // first publication, zero until published
	Late        bool          // published after Due, or still unpublished after it
}

// StatusOf is the status on today of year's report of organ, from its
// document (nil if none has been made) and the state of the revision
// being worked on ("" if none).
func StatusOf(year int, organ, name string, today calendar.Date, doc *publish.Document, open publish.State) ReportStatus {
	s := ReportStatus{Organ: organ, Name: name, Due: ReportDue(year, organ)}
	if doc != nil {
		s.DocID = doc.ID
		if doc.Public() {
			s.PublishedOn = calendar.DateOf(doc.FirstPublished)
			s.State = publish.Published
		}
		if open != "" {
			s.State = open
		}
	}
	if s.PublishedOn.IsZero() {
		s.Late = s.Due.Before(today)
	} else {
		s.Late = s.Due.Before(s.PublishedOn)
	}
	return s
}

// Label is the status in words.
func (s ReportStatus) Label() string {
	switch {
	case s.DocID == 0:
		return "未生成稿件"
	case !s.PublishedOn.IsZero() && s.State == publish.Published:
		return "已发布"
	case !s.PublishedOn.IsZero():
		return "已发布（修订稿" + s.State.Label() + "）"
	case s.State == publish.Draft:
		return "草稿未提交"
	}
	return "稿件" + s.State.Label()
}

// SiteOrgan is the organ a site belongs to: the configured organ, else the
// site's name less a trailing 政务公开 (嘉定区菊园新区政务公开 → 嘉定区菊园新区).
func SiteOrgan(configured, siteName string) string {
	if name := strings.TrimSpace(configured); name != "" {
		return name
	}
	return strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(siteName), "政务公开"))
}

// OrganName is the name the reports of organ (a department code, "" for
// the district as a whole) carry and the department they are published
// under: the department's own; for the whole district, the department
// whose name ends site (as 菊园新区 ends 嘉定区菊园新区), else site itself
// with id 0. An unknown code gives found false.
func OrganName(site, organ string, depts []*auth.Department) (name string, id int64, found bool) {
	if organ != "" {
		for _, d := range depts {
			if d.Code == organ {
				return d.Name, d.ID, true
			}
		}
		return "", 0, false
	}
	best := (*auth.Department)(nil)
	for _, d := range depts {
		if d.Name != "" && strings.HasSuffix(site, d.Name) && (best == nil || len(d.Name) > len(best.Name)) {
			best = d
		}
	}
	if best != nil {
		return best.Name, best.ID, true
	}
	return site, 0, true
}
