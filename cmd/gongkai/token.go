package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"strings"
	"time"

	"gongkai/internal/store"
)

const tokenUsage = "用法：gongkai token create --username U [--name 说明] [--days N] | token list --username U | token revoke --id N"

func cmdToken(ctx context.Context, args []string, stdout io.Writer) error {
	if len(args) == 0 {
		return usageError(tokenUsage)
	}
	var username, name string
	var id int64
	c, _, err := parse("token "+args[0], args[1:], func(fs *flag.FlagSet, c *Config) {
		switch args[0] {
		case "create":
			fs.StringVar(&username, "username", "", "用户名")
			fs.StringVar(&name, "name", "命令行生成", "令牌说明")
			fs.IntVar(&c.TokenDays, "days", c.TokenDays, "有效期（天）；环境变量 GONGKAI_TOKEN_DAYS")
		case "list":
			fs.StringVar(&username, "username", "", "用户名")
		case "revoke":
			fs.Int64Var(&id, "id", 0, "令牌编号（见 token list）")
		}
	})
	if err != nil {
		return err
	}
	return withStore(ctx, c, func(st *store.Store) error {
		switch args[0] {
		case "create":
			u, err := st.UserByUsername(ctx, strings.ToLower(username))
			if err != nil {
				return err
			}
			tok, err := st.CreateToken(ctx, "cli", u.ID, name, time.Duration(c.TokenDays)*24*time.Hour)
			if err != nil {
				return err
			}
			fmt.Fprintln(stdout, tok)
		case "list":
			u, err := st.UserByUsername(ctx, strings.ToLower(username))
			if err != nil {
				return err
			}
			tokens, err := st.Tokens(ctx, u.ID)
			if err != nil {
				return err
			}
			now := st.Now()
			for _, t := range tokens {
				state := "有效"
				switch {
				case !t.Revoked.IsZero():
					state = "已吊销"
				case !t.Active(now):
					state = "已过期"
				}
				fmt.Fprintf(stdout, "%d\t%s\t%s\t至 %s\t%s\n", t.ID, t.Name, t.Created.Format(time.DateOnly), t.Expires.Format(time.DateOnly), state)
			}
		case "revoke":
			t, err := st.RevokeToken(ctx, nil, id)
			if err != nil {
				return err
			}
			fmt.Fprintf(stdout, "已吊销令牌 %d（%s）。\n", t.ID, t.Name)
		default:
			return usageError(tokenUsage)
		}
		return nil
	})
}
