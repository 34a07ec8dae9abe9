package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"time"

	"gongkai/internal/register"
	"gongkai/internal/report"
	"gongkai/internal/store"
)

const registerHelp = "用法：gongkai foi register --year YYYY --format json|xlsx --out FILE [--data DIR | --db URL]"

// cmdFOIRegister writes a year's register (依申请公开台账) to a new file;
// the export is audited as by "cli".
func cmdFOIRegister(ctx context.Context, args []string, stdout io.Writer) error {
	var year int
	var format, out string
	c, pos, err := parse("foi register", args, func(fs *flag.FlagSet, _ *Config) {
		fs.IntVar(&year, "year", 0, "年度，如 2025")
		fs.StringVar(&format, "format", "", "json 或 xlsx")
		fs.StringVar(&out, "out", "", "输出文件（不得已存在）")
	})
	if err != nil {
		return err
	}
	if len(pos) > 0 || year == 0 || out == "" || (format != register.JSON && format != register.XLSX) {
		return usageError(registerHelp)
	}
	organ := report.SiteOrgan(c.Organ, c.SiteName)
	return withStore(ctx, c, func(st *store.Store) error {
		if _, err := st.FOIRegisterCount(ctx, year); err != nil {
			return err // an invalid year, before a file is created
		}
		f, err := os.OpenFile(out, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
		if errors.Is(err, os.ErrExist) {
			return fmt.Errorf("%s 已存在，不会覆盖", out)
		}
		if err != nil {
			return err
		}
		n, err := writeRegister(ctx, st, f, year, format, organ)
		if cerr := f.Close(); err == nil {
			err = cerr
		}
		if err != nil {
			os.Remove(out)
			return err
		}
		fmt.Fprintf(stdout, "已导出 %d 年依申请公开台账 %d 件到 %s。\n", year, n, out)
		return nil
	})
}

func writeRegister(ctx context.Context, st *store.Store, w io.Writer, year int, format, organ string) (int, error) {
	wr, err := register.New(format, w, register.Header{Year: year, Organ: organ, GeneratedAt: time.Now()})
	if err != nil {
		return 0, err
	}
	if err := st.EachFOIRegisterRow(ctx, year, wr.Add); err != nil {
		_ = wr.Close()
		return 0, err
	}
	if err := wr.Close(); err != nil {
		return 0, err
	}
	return wr.Rows(), st.RecordFOIRegisterExport(ctx, "cli", year, wr.Rows(), format)
}
