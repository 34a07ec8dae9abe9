package store

import (
	"context"
	"database/sql"
	"strconv"

	"gongkai/internal/calendar"
	"gongkai/internal/errs"
	"gongkai/internal/foi"
	"gongkai/internal/publish"
	"gongkai/internal/report"
)

// The annual report (report/annual.go decides every count). An organ is a
// department code and covers the department and its sub-departments; ""
// is the whole district. Its section 三 and 四 read the cases of the
// year's register (which holds every case received, concluded or still
// open in the year, and every review filed or closed in it) in the
// register's pages, so the report holds one page of applications at a
// time; section 二 reads the public projection's 规章 and 规范性文件.

// annualFiguresSetting names the entered figures of year and organ.
func annualFiguresSetting(year int, organ string) string {
	return "report.annual_figures:" + strconv.Itoa(year) + ":" + organ
}

// organDepts is the set of department ids organ covers (nil for the
// whole district); an unknown code is not found.
func (s *Store) organDepts(ctx context.Context, organ string) (map[int64]bool, error) {
	if organ == "" {
		return nil, nil
	}
	depts, err := s.Departments(ctx)
	if err != nil {
		return nil, err
	}
	in := map[int64]bool{}
	for _, d := range depts {
		if d.Code == organ {
			in[d.ID] = true
		}
	}
	if len(in) == 0 {
		return nil, errs.InField("organ", errs.New(errs.NotFound, "store.AnnualReport", "organ_not_found", "没有该部门（organ 应为部门代码）。"))
	}
	for grew := true; grew; {
		grew = false
		for _, d := range depts {
			if !in[d.ID] && in[d.ParentID] {
				in[d.ID], grew = true, true
			}
		}
	}
	return in, nil
}

// AnnualReport computes the tables of year's annual report for organ.
func (s *Store) AnnualReport(ctx context.Context, year int, organ string) (*report.Annual, error) {
	const op = "store.AnnualReport"
	if err := foi.CheckRegisterYear(year); err != nil {
		return nil, err
	}
	in, err := s.organDepts(ctx, organ)
	if err != nil {
		return nil, err
	}
	covers := func(dept int64) bool { return in == nil || in[dept] }
	out := &report.Annual{Year: year, Organ: organ, Section3: report.NewSection3()}
	var reviews []foi.Review
	err = s.eachRegisterCase(ctx, op, year, registerPage, func(a *foi.Application, _, _ string, rs []foi.Review) error {
		if covers(a.DeptID) {
			out.Section3.Add(year, a)
			reviews = append(reviews, rs...)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	out.Section4 = report.Section4Of(year, reviews)
	var docs []report.DocFact
	err = s.queryAll(ctx, op, `SELECT p.genre, p.published_on, p.effective_on, d.validity, d.validity_on, p.not_in_force, d.dept_id
		FROM public_docs p JOIN documents d ON d.id = p.doc_id WHERE p.genre IN (?, ?) ORDER BY p.doc_id`,
		[]any{publish.GenreRegulation, publish.GenreNormative}, func(rows *sql.Rows) error {
			var f report.DocFact
			var published, effective, validityOn string
			var dept int64
			if err := rows.Scan(&f.Genre, &published, &effective, &f.Validity, &validityOn, &f.NotInForce, &dept); err != nil {
				return err
			}
			if covers(dept) {
				f.PublishedOn, _ = calendar.ParseDate(published)
				f.EffectiveOn, _ = calendar.ParseDate(effective)
				f.ValidityOn, _ = calendar.ParseDate(validityOn)
				docs = append(docs, f)
			}
			return nil
		})
	if err != nil {
		return nil, err
	}
	figures, err := s.AnnualFigures(ctx, year, organ)
	if err != nil {
		return nil, err
	}
	out.Section2 = report.Section2Of(year, docs, *figures)
	return out, nil
}

// AnnualFigures returns the figures entered for year and organ (zero
// until entered).
func (s *Store) AnnualFigures(ctx context.Context, year int, organ string) (*report.Figures, error) {
	f := &report.Figures{}
	_, err := readSetting(storeQ{s, ctx}, annualFiguresSetting(year, organ), f)
	return f, errs.Wrap("store.AnnualFigures", err)
}

// SetAnnualFigures saves the figures of year and organ (audited with the
// values, which are public statistics).
func (s *Store) SetAnnualFigures(ctx context.Context, actor string, year int, organ string, f report.Figures) error {
	const op = "store.SetAnnualFigures"
	if err := foi.CheckRegisterYear(year); err != nil {
		return err
	}
	if err := f.Validate(); err != nil {
		return err
	}
	if _, err := s.organDepts(ctx, organ); err != nil {
		return err
	}
	return s.update(ctx, op, func(tx *Tx) error {
		if err := tx.writeSetting(annualFiguresSetting(year, organ), actor, f); err != nil {
			return err
		}
		return tx.record(actor, "report.annual_figures", "report-annual:"+strconv.Itoa(year)+":"+organ, map[string]string{
			"year": strconv.Itoa(year), "organ": organ, "licensing": strconv.Itoa(f.Licensing), "penalty": strconv.Itoa(f.Penalty),
			"enforcement": strconv.Itoa(f.Enforcement), "fees_wan_yuan": strconv.FormatFloat(f.FeesWanYuan, 'f', -1, 64)})
	})
}
