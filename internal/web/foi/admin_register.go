package foi

import (
	"bytes"
	"net/http"
	"strconv"
	"strings"

	"gongkai/internal/calendar"
	"gongkai/internal/errs"
	"gongkai/internal/foi"
	"gongkai/internal/register"
	"gongkai/internal/web/kit"
)

// The yearly register (依申请公开台账): a page with the year's count and the
// downloads, the downloads themselves and the API. Only a foi_head
// (auth.ApproveExtensions) exports it: the register lists every case of
// every department, and an officer of a department outside the FOI office
// sees only the cases assigned to it; a head sees every case.

// registerYear is the year a request asks for: ?year=, else this year.
func (s *Handler) registerYear(r *http.Request) (int, error) {
	v := strings.TrimSpace(r.FormValue("year")) // the page's query, or a download's form
	if v == "" {
		return calendar.Today(s.Now()).Year, nil
	}
	year, err := strconv.Atoi(v)
	if err != nil {
		return 0, foi.CheckRegisterYear(-1)
	}
	return year, foi.CheckRegisterYear(year)
}

// RegisterPage serves GET /admin/foi/register.
func (s *Handler) RegisterPage(w http.ResponseWriter, r *http.Request) error {
	year, err := s.registerYear(r)
	if err != nil {
		return err
	}
	n, err := s.Store.FOIRegisterCount(r.Context(), year)
	if err != nil {
		return err
	}
	s.Render(w, r, http.StatusOK, "admin_foi_register", map[string]any{"Title": "依申请公开台账", "Year": year, "Count": n,
		"MinYear": foi.MinRegisterYear, "MaxYear": calendar.Today(s.Now()).Year + 1,
		"XLSX": "/admin/foi/register.xlsx", "JSON": "/admin/foi/register.json"})
	return nil
}

// writeRegister writes year's register in format into a buffer and records
// the export: a failed export leaves no trace and sends nothing.
func (s *Handler) writeRegister(r *http.Request, year int, format string) (*bytes.Buffer, error) {
	var buf bytes.Buffer
	wr, err := register.New(format, &buf, register.Header{Year: year, Organ: s.organ(), GeneratedAt: s.Now()})
	if err != nil {
		return nil, err
	}
	if err := s.Store.EachFOIRegisterRow(r.Context(), year, wr.Add); err != nil {
		_ = wr.Close()
		return nil, err
	}
	if err := wr.Close(); err != nil {
		return nil, errs.Wrap("web.writeRegister", err)
	}
	if err := s.Store.RecordFOIRegisterExport(r.Context(), kit.User(r).Username, year, wr.Rows(), format); err != nil {
		return nil, err
	}
	return &buf, nil
}

// RegisterExport serves GET /admin/foi/register.xlsx and .json: the file
// as a download, never cached.
func (s *Handler) RegisterExport(format string) kit.Handler {
	return func(w http.ResponseWriter, r *http.Request) error {
		year, err := s.registerYear(r)
		if err != nil {
			return err
		}
		buf, err := s.writeRegister(r, year, format)
		if err != nil {
			return err
		}
		name, ascii := register.FileName(year, format)
		return kit.Download(w, register.ContentType(format), ascii, name, buf)
	}
}

// APIRegister serves GET /api/v1/foi/register: the JSON register.
func (s *Handler) APIRegister(w http.ResponseWriter, r *http.Request) error {
	year, err := s.registerYear(r)
	if err != nil {
		return err
	}
	buf, err := s.writeRegister(r, year, register.JSON)
	if err != nil {
		return err
	}
	h := w.Header()
	h.Set("Content-Type", register.ContentType(register.JSON))
	h.Set("Cache-Control", "no-store")
	_, err = buf.WriteTo(w)
	return err
}
