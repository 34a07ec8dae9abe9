package main

import (
	"context"
	"fmt"
	"io"

	"gongkai/internal/store"
)

func cmdMigrate(ctx context.Context, args []string, stdout io.Writer) error {
	c, _, err := parse("migrate", args, nil)
	if err != nil {
		return err
	}
	return withStore(ctx, c, func(st *store.Store) error {
		fmt.Fprintln(stdout, "数据库已是最新结构。")
		return nil
	})
}
