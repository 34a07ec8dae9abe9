package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"gongkai/internal/calendar"
	"gongkai/internal/notice"
	"gongkai/internal/report"
	"gongkai/internal/reportfile"
	"gongkai/internal/store"
)

const reportHelp = "用法：gongkai report annual --year YYYY [--organ 部门代码] --format json|html|xlsx|pdf --out FILE [--data DIR | --db URL]"

// cmdReport runs the report commands: report annual writes the tables of
// a year's annual report (政府信息公开工作年度报告) to a new file.
func cmdReport(ctx context.Context, args []string, stdout io.Writer) error {
	if len(args) == 0 || args[0] != "annual" {
		return usageError(reportHelp)
	}
	var year int
	var organ, format, out string
	c, pos, err := parse("report annual", args[1:], func(fs *flag.FlagSet, _ *Config) {
		fs.IntVar(&year, "year", 0, "年度，如 2025")
		fs.StringVar(&organ, "organ", "", "部门代码（含下级部门）；不填为全区")
		fs.StringVar(&format, "format", "", "json、html、xlsx 或 pdf")
		fs.StringVar(&out, "out", "", "输出文件（不得已存在）")
	})
	if err != nil {
		return err
	}
	if len(pos) > 0 || year == 0 || out == "" || (format != "json" && format != "html" && format != "xlsx" && format != "pdf") {
		return usageError(reportHelp)
	}
	organ = strings.TrimSpace(organ)
	return withStore(ctx, c, func(st *store.Store) error {
		a, err := st.AnnualReport(ctx, year, organ)
		if err != nil {
			return err
		}
		var buf bytes.Buffer
		switch format {
		case "json":
			b, err := json.Marshal(a)
			if err != nil {
				return err
			}
			buf.Write(append(b, '\n'))
		default:
			depts, err := st.Departments(ctx)
			if err != nil {
				return err
			}
			name, _, _ := report.OrganName(report.SiteOrgan(c.Organ, c.SiteName), organ, depts) // AnnualReport has checked the code
			switch format {
			case "html":
				err = annualPage(ctx, st, &buf, a, name)
			case "xlsx":
				err = reportfile.XLSX(&buf, a, name)
			default:
				var font []byte
				if font, err = notice.LoadFont(c.PDFFont); err == nil {
					err = reportfile.PDF(&buf, a, name, font, calendar.Today(time.Now()))
				}
			}
			if err != nil {
				return err
			}
		}
		f, err := os.OpenFile(out, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
		if errors.Is(err, os.ErrExist) {
			return fmt.Errorf("%s 已存在，不会覆盖", out)
		}
		if err != nil {
			return err
		}
		_, err = buf.WriteTo(f)
		if cerr := f.Close(); err == nil {
			err = cerr
		}
		if err != nil {
			os.Remove(out)
			return err
		}
		what := "统计表"
		if format == "html" {
			what = "全文"
		}
		fmt.Fprintf(stdout, "已导出 %d 年政府信息公开工作年度报告%s到 %s。\n", year, what, out)
		for _, p := range report.Check(a.Section3) {
			fmt.Fprintln(stdout, "注意：", p)
		}
		return nil
	})
}

// annualPage writes a's report with its organ's saved text sections, the
// figures filled in, as a standalone HTML page.
func annualPage(ctx context.Context, st *store.Store, w io.Writer, a *report.Annual, name string) error {
	t, err := st.AnnualTexts(ctx, a.Year, a.Organ)
	if err != nil {
		return err
	}
	public, err := st.AnnualPublicCount(ctx, a.Year, a.Organ)
	if err != nil {
		return err
	}
	return reportfile.Page(w, reportfile.Title(a.Year, name), a, t.Filled(report.Values(a, name, public)))
}
