package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"strconv"

	"gongkai/internal/calendar"
	"gongkai/internal/store"
)

func cmdWorkday(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	const help = "用法：gongkai workday add DATE N | count FROM TO | is DATE | set DATE workday|rest [--note 说明]"
	if len(args) == 0 {
		return usageError(help)
	}
	var note string
	c, pos, err := parse("workday "+args[0], args[1:], func(fs *flag.FlagSet, _ *Config) {
		if args[0] == "set" {
			fs.StringVar(&note, "note", "", "说明，如：国庆节（国办发明电〔2027〕X号）")
		}
	})
	if err != nil {
		return err
	}
	want := map[string]int{"add": 2, "count": 2, "is": 1, "set": 2}[args[0]]
	if want == 0 || len(pos) != want {
		return usageError(help)
	}
	dates := make([]calendar.Date, 0, 2)
	for i, p := range pos {
		if (args[0] == "add" || args[0] == "set") && i == 1 {
			break
		}
		d, err := calendar.ParseDate(p)
		if err != nil {
			return err
		}
		dates = append(dates, d)
	}
	if args[0] == "set" && pos[1] != "workday" && pos[1] != "rest" {
		return usageError("第二个参数应为 workday 或 rest")
	}
	return withStore(ctx, c, func(st *store.Store) error {
		if args[0] == "set" {
			if err := st.SetCalendarOverride(ctx, "cli", calendar.Override{Date: dates[0], Workday: pos[1] == "workday", Note: note}); err != nil {
				return err
			}
			fmt.Fprintf(stdout, "%s 已设为 %s。\n", dates[0], pos[1])
			return nil
		}
		cal, err := st.Calendar(ctx)
		if err != nil {
			return err
		}
		var provisional bool
		switch args[0] {
		case "add":
			n, err := strconv.Atoi(pos[1])
			if err != nil || n < -100000 || n > 100000 {
				return usageError("N 应为整数，例如 20")
			}
			var due calendar.Date
			due, provisional = cal.AddWorkdays(dates[0], n)
			fmt.Fprintln(stdout, due)
		case "count":
			var n int
			n, provisional = cal.CountWorkdays(dates[0], dates[1])
			fmt.Fprintln(stdout, n)
		case "is":
			provisional = !cal.Covered(dates[0].Year)
			if cal.IsWorkday(dates[0]) {
				fmt.Fprintln(stdout, "workday")
			} else {
				fmt.Fprintln(stdout, "rest")
			}
		}
		if provisional {
			fmt.Fprintln(stderr, "警告：涉及的年份尚无官方节假日数据，结果为暂定（provisional），可用 gongkai workday set 录入。")
		}
		return nil
	})
}
