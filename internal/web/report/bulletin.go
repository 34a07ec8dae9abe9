package report

import (
	"bytes"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"gongkai/internal/auth"
	"gongkai/internal/calendar"
	"gongkai/internal/errs"
	"gongkai/internal/notice"
	"gongkai/internal/report"
	"gongkai/internal/reportfile"
	"gongkai/internal/web/kit"
)

// The quarterly bulletin (季度通报): the ranking of the departments for a
// quarter, for the supervisor (auth.Supervise) and the heads
// (auth.ApproveExtensions), its workbook and PDF, and the indicators'
// form (the supervisor only).

// bulletinFlash are the page's flash messages.
var bulletinFlash = map[string]string{"bulletin_indicators": "通报指标已保存，排名已按新指标计算。"}

// bulletinBlankRows is how many empty rows the indicators' form offers
// for new indicators.
const bulletinBlankRows = 2

// bulletinQuarter is the quarter a request asks for: ?quarter=2026Q3, else
// the current quarter.
func (h *Handler) bulletinQuarter(r *http.Request) (report.Quarter, error) {
	v := strings.TrimSpace(r.FormValue("quarter"))
	if v == "" {
		return report.QuarterOf(calendar.Today(h.Now())), nil
	}
	return report.ParseQuarter(v)
}

// bulletinLine is one department's row of the page.
type bulletinLine struct {
	Rank        int
	Name        string
	Cells       []bulletinCell
	Score       string
	Change      string
	ScoreChange string
	Direction   string // up | down | same | new, for the row's style
}

type bulletinCell struct{ Value, Points string }

// indicatorRow is one row of the indicators' form, as typed.
type indicatorRow struct {
	N                                  int // 1-based, for the row's labels
	Code, Label, Weight, Scale, Deduct string
}

// bulletinData gathers the page's data for q; rows are the indicators'
// form as typed (nil: the saved indicators).
func (h *Handler) bulletinData(r *http.Request, q report.Quarter, rows []indicatorRow) (map[string]any, error) {
	b, err := h.Store.Bulletin(r.Context(), q)
	if err != nil {
		return nil, err
	}
	var lines []bulletinLine
	for _, x := range b.Ranking {
		vals := b.ValuesOf(x.DeptID)
		l := bulletinLine{Rank: x.Rank, Name: x.Name, Score: report.FormatPoints(x.Score, true), Change: x.Change(), ScoreChange: x.ScoreChange()}
		switch {
		case !x.Previous:
			l.Direction = "new"
		case x.RankDelta > 0:
			l.Direction = "up"
		case x.RankDelta < 0:
			l.Direction = "down"
		default:
			l.Direction = "same"
		}
		for _, in := range b.Indicators {
			v, ok := vals[in.Code]
			p, pok := x.Points[in.Code]
			l.Cells = append(l.Cells, bulletinCell{report.FormatValue(in, v, ok), report.FormatPoints(p, pok)})
		}
		lines = append(lines, l)
	}
	if rows == nil {
		for _, in := range b.Indicators {
			row := indicatorRow{Code: in.Code, Label: in.Label, Weight: strconv.FormatFloat(in.Weight, 'f', -1, 64), Scale: string(in.Scale)}
			if in.Deduct > 0 {
				row.Deduct = strconv.FormatFloat(in.Deduct, 'f', -1, 64)
			}
			rows = append(rows, row)
		}
		for range bulletinBlankRows {
			rows = append(rows, indicatorRow{})
		}
	}
	for i := range rows {
		rows[i].N = i + 1
	}
	u := kit.User(r)
	today := calendar.Today(h.Now())
	return map[string]any{"Title": "季度通报", "Bulletin": b, "Quarter": q.String(), "QuarterLabel": q.Label(),
		"PreviousLabel": q.Previous().Label(), "Lines": lines, "Indicators": b.Indicators, "Cols": 4 + 2*len(b.Indicators), "Rows": rows,
		"Scales": []struct{ Code, Label string }{{string(report.Percent), "百分比（得分等于数值）"}, {string(report.CountUp), "数量，越多越好（按最多的部门折算）"},
			{string(report.CountDown), "问题数，每个扣分"}},
		"Current": report.QuarterOf(today).String(), "CanEdit": u != nil && u.Can(auth.Supervise)}, nil
}

// BulletinPage serves GET /admin/reports/bulletin?quarter=2026Q3.
func (h *Handler) BulletinPage(w http.ResponseWriter, r *http.Request) error {
	q, err := h.bulletinQuarter(r)
	if err != nil {
		return err
	}
	data, err := h.bulletinData(r, q, nil)
	if err != nil {
		return err
	}
	h.Render(w, r, http.StatusOK, "admin_bulletin", data)
	return nil
}

// parseIndicators reads the indicators' form: parallel fields, one row
// each, empty rows skipped; a number that is not one is refused with its
// row.
func parseIndicators(r *http.Request) ([]report.Indicator, []indicatorRow, error) {
	f := r.PostForm
	get := func(name string, i int) string {
		if v := f[name]; i < len(v) {
			return strings.TrimSpace(v[i])
		}
		return ""
	}
	var ins []report.Indicator
	var rows []indicatorRow
	var bad []*errs.Error
	for i := range len(f["code"]) {
		row := indicatorRow{Code: get("code", i), Label: get("label", i), Weight: get("weight", i), Scale: get("scale", i), Deduct: get("deduct", i)}
		rows = append(rows, row)
		if row.Code == "" && row.Label == "" && row.Weight == "" && row.Deduct == "" {
			continue
		}
		in := report.Indicator{Code: row.Code, Label: row.Label, Scale: report.Scale(row.Scale)}
		num := func(v, what string) float64 {
			if v == "" {
				return 0
			}
			x, err := strconv.ParseFloat(v, 64)
			if err != nil {
				bad = append(bad, errs.New(errs.Invalid, "web.SaveBulletinIndicators", "invalid_number",
					fmt.Sprintf("第 %d 项指标：%s请填写数字。", len(ins)+1, what)).WithField("indicators"))
			}
			return x
		}
		in.Weight, in.Deduct = num(row.Weight, "权重"), num(row.Deduct, "每个问题扣分")
		ins = append(ins, in)
	}
	if err := errs.Join(bad...); err != nil {
		return nil, rows, err
	}
	return ins, rows, report.ValidateIndicators(ins)
}

// SaveBulletinIndicators serves POST /admin/reports/bulletin/indicators:
// the supervisor's indicators and weights.
func (h *Handler) SaveBulletinIndicators(w http.ResponseWriter, r *http.Request) error {
	q, err := h.bulletinQuarter(r)
	if err != nil {
		return err
	}
	if err := r.ParseForm(); err != nil {
		return err
	}
	ins, rows, err := parseIndicators(r)
	if err == nil {
		err = h.Store.SaveBulletinIndicators(r.Context(), kit.Actor(r), ins)
	}
	if err != nil {
		return h.FormPage(w, r, err, func() (string, map[string]any, error) {
			data, lerr := h.bulletinData(r, q, rows)
			if lerr == nil {
				var msgs []string
				for _, e := range errs.All(err) {
					_, m := errs.Public(e)
					msgs = append(msgs, m)
				}
				data["Errors"] = msgs
			}
			return "admin_bulletin", data, lerr
		})
	}
	return kit.Redirect(w, r, "/admin/reports/bulletin?"+url.Values{"quarter": {q.String()}}.Encode(), "bulletin_indicators")
}

// BulletinFile serves POST /admin/reports/bulletin.xlsx and .pdf: the
// quarter's ranking as a workbook or a PDF, never cached.
func (h *Handler) BulletinFile(format string) kit.Handler {
	return func(w http.ResponseWriter, r *http.Request) error {
		q, err := h.bulletinQuarter(r)
		if err != nil {
			return err
		}
		b, err := h.Store.Bulletin(r.Context(), q)
		if err != nil {
			return err
		}
		name := h.siteOrgan()
		var buf bytes.Buffer
		ctype := reportfile.ContentType
		if format == "pdf" {
			ctype = "application/pdf"
			font, err := notice.LoadFont(h.Cfg.PDFFont)
			if err != nil {
				return err
			}
			if err := reportfile.BulletinPDF(&buf, b, name, font, calendar.Today(h.Now())); err != nil {
				return err
			}
		} else if err := reportfile.BulletinXLSX(&buf, b, name); err != nil {
			return err
		}
		file := reportfile.BulletinTitle(q, name) + "." + format
		return kit.Download(w, ctype, "bulletin-"+q.String()+"."+format, file, &buf)
	}
}
