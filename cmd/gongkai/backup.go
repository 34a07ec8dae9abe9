package main

import (
	"context"
	"flag"
	"fmt"
	"io"

	"gongkai/internal/errs"
	"gongkai/internal/store"
)

func cmdBackup(ctx context.Context, args []string, stdout io.Writer) error {
	var out string
	c, _, err := parse("backup", args, func(fs *flag.FlagSet, _ *Config) {
		fs.StringVar(&out, "out", "", "备份文件路径（不得已存在）")
	})
	if err != nil {
		return err
	}
	if out == "" && c.DB == "" {
		return usageError("用法：gongkai backup --out FILE")
	}
	return withStore(ctx, c, func(st *store.Store) error {
		if err := st.Backup(ctx, out); err != nil {
			if errs.Is(err, errs.Invalid) {
				_, msg := errs.Public(err)
				fmt.Fprintln(stdout, msg)
				return nil
			}
			return err
		}
		fmt.Fprintf(stdout, "已备份到 %s。恢复：停止服务后将该文件复制为数据目录中的 gongkai.db。\n", out)
		return nil
	})
}
