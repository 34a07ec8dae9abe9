package account

import (
	"net/http"
	"strconv"
	"strings"

	"gongkai/internal/errs"
	"gongkai/internal/web/kit"
)

const maxWorkdays = 3650

func parseWorkdays(v string) (int, error) {
	n, err := strconv.Atoi(strings.TrimSpace(v))
	if err != nil || n < -maxWorkdays || n > maxWorkdays {
		return 0, errs.Newf(errs.Invalid, "web.parseWorkdays", "invalid_workdays", "工作日数应为 -%d 到 %d 之间的整数。", maxWorkdays, maxWorkdays)
	}
	return n, nil
}

// WorkdaysPage is the public calculator: the N-th working day after a date,
// by the law's convention that the starting day is not counted.
func (s *Handler) WorkdaysPage(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	data := map[string]any{"Title": "工作日计算", "From": q.Get("from"), "N": q.Get("n")}
	if q.Get("from") != "" || q.Get("n") != "" {
		from, err := kit.DateParam("起算日期", q.Get("from"))
		if err == nil {
			var n int
			if n, err = parseWorkdays(q.Get("n")); err == nil {
				cal, cerr := s.Store.Calendar(r.Context())
				if cerr != nil {
					return cerr
				}
				due, provisional := cal.AddWorkdays(from, n)
				data["Result"] = map[string]any{"From": from, "N": n, "Due": due, "Provisional": provisional}
			}
		}
		if err != nil {
			_, data["Error"] = errs.Public(err)
			s.Render(w, r, http.StatusBadRequest, "workdays", data)
			return nil
		}
	}
	s.Render(w, r, http.StatusOK, "workdays", data)
	return nil
}
