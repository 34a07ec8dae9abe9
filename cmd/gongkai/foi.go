package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"

	"gongkai/internal/foi"
)

func cmdFOI(ctx context.Context, args []string, stdout io.Writer) error {
	const help = "用法：gongkai foi fee --items N（同一申请人当月申请件数，按件）或 --pages N（一件申请的页数，按量）；gongkai foi register --year YYYY --format json|xlsx --out FILE"
	if len(args) > 0 && args[0] == "register" {
		return cmdFOIRegister(ctx, args[1:], stdout)
	}
	if len(args) == 0 || args[0] != "fee" {
		return usageError(help)
	}
	fs := flag.NewFlagSet("gongkai foi fee", flag.ContinueOnError)
	items := fs.Int("items", -1, "同一申请人当月的申请件数（按件）")
	pages := fs.Int("pages", -1, "一件申请的页数（按量）")
	if err := fs.Parse(args[1:]); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return err
		}
		return usageError(err.Error())
	}
	switch {
	case (*items >= 0) == (*pages >= 0) || fs.NArg() > 0:
		return usageError(help + "（二者选一，按件与按量不得同时适用）")
	case *items > 100000 || *pages > 10000000:
		return usageError("数量过大。")
	case *items >= 0:
		fmt.Fprintln(stdout, foi.FeeByItems(*items))
	default:
		fmt.Fprintln(stdout, foi.FeeByPages(*pages))
	}
	return nil
}
