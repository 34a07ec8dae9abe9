package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"strings"

	"gongkai/internal/store"
)

func cmdToken(ctx context.Context, args []string, stdout io.Writer) error {
	if len(args) == 0 || args[0] != "create" {
		return usageError("用法：gongkai token create --username U [--name 说明]")
	}
	var username, name string
	c, _, err := parse("token create", args[1:], func(fs *flag.FlagSet, _ *Config) {
		fs.StringVar(&username, "username", "", "用户名")
		fs.StringVar(&name, "name", "命令行生成", "令牌说明")
	})
	if err != nil {
		return err
	}
	return withStore(ctx, c, func(st *store.Store) error {
		u, err := st.UserByUsername(ctx, strings.ToLower(username))
		if err != nil {
			return err
		}
		tok, err := st.CreateToken(ctx, "cli", u.ID, name)
		if err != nil {
			return err
		}
		fmt.Fprintln(stdout, tok)
		return nil
	})
}
