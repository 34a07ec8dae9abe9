package main

import (
	"context"
	"fmt"
	"io"

	"gongkai/internal/store"
)

func cmdAudit(ctx context.Context, args []string, stdout io.Writer) error {
	if len(args) == 0 || args[0] != "verify" {
		return usageError("用法：gongkai audit verify")
	}
	c, _, err := parse("audit verify", args[1:], nil)
	if err != nil {
		return err
	}
	return withStore(ctx, c, func(st *store.Store) error {
		res, err := st.VerifyAudit(ctx)
		if err != nil {
			return err
		}
		if !res.OK() {
			return &exitError{code: 1, msg: fmt.Sprintf("审计日志校验失败：seq %d —— %s（此前 %d 条记录完好）", res.BadSeq, res.Reason, res.Count)}
		}
		fmt.Fprintf(stdout, "审计日志校验通过：%d 条记录，哈希链完整。\n", res.Count)
		return nil
	})
}
