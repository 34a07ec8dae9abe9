package main

import (
	"bufio"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"strings"

	"gongkai/internal/auth"
	"gongkai/internal/store"
)

const userUsage = "用法：gongkai user add --username U --role R[,R2] [--dept CODE] [--name 姓名] | user reset-password --username U（密码从标准输入读取）"

func cmdUser(ctx context.Context, args []string, stdin io.Reader, stdout io.Writer) error {
	if len(args) > 0 && args[0] == "reset-password" {
		return cmdResetPassword(ctx, args[1:], stdin, stdout)
	}
	if len(args) == 0 || args[0] != "add" {
		return usageError(userUsage)
	}
	var username, roles, deptCode, name string
	c, _, err := parse("user add", args[1:], func(fs *flag.FlagSet, _ *Config) {
		fs.StringVar(&username, "username", "", "用户名")
		fs.StringVar(&roles, "role", "", "角色，逗号分隔："+roleList())
		fs.StringVar(&deptCode, "dept", "", "部门编码")
		fs.StringVar(&name, "name", "", "姓名（默认同用户名）")
	})
	if err != nil {
		return err
	}
	rs, err := auth.ParseRoles(roles)
	if err != nil {
		return err
	}
	password, err := readPassword(stdin)
	if err != nil {
		return err
	}
	return withStore(ctx, c, func(st *store.Store) error {
		if name == "" {
			name = username
		}
		u := &auth.User{Username: username, Name: name, Roles: rs}
		if deptCode != "" {
			d, err := st.DepartmentByCode(ctx, strings.ToLower(deptCode))
			if err != nil {
				return err
			}
			u.DeptID = d.ID
		}
		if err := st.CreateUser(ctx, "cli", u, password); err != nil {
			return err
		}
		fmt.Fprintf(stdout, "已创建用户 %s（%s）。\n", u.Username, auth.JoinRoles(u.Roles))
		return nil
	})
}

// cmdResetPassword is the server-side reset, the only one for the
// administration accounts (三员分立): the new password is temporary and
// must be changed at the next login; the reset is audited as by "cli".
func cmdResetPassword(ctx context.Context, args []string, stdin io.Reader, stdout io.Writer) error {
	var username string
	c, _, err := parse("user reset-password", args, func(fs *flag.FlagSet, _ *Config) {
		fs.StringVar(&username, "username", "", "用户名")
	})
	if err != nil {
		return err
	}
	password, err := readPassword(stdin)
	if err != nil {
		return err
	}
	return withStore(ctx, c, func(st *store.Store) error {
		u, err := st.UserByUsername(ctx, strings.ToLower(username))
		if err != nil {
			return err
		}
		if err := st.ResetPassword(ctx, nil, u.ID, password); err != nil {
			return err
		}
		fmt.Fprintf(stdout, "已重置 %s 的密码（临时密码，下次登录时须修改）；其登录会话和 API 令牌已失效。\n", u.Username)
		return nil
	})
}

func roleList() string {
	names := make([]string, len(auth.AllRoles))
	for i, r := range auth.AllRoles {
		names[i] = string(r)
	}
	return strings.Join(names, ", ")
}

// readPassword reads the first line of stdin, so `echo pw | gongkai user
// add …` and an interactive terminal both work.
func readPassword(r io.Reader) (string, error) {
	line, err := bufio.NewReader(r).ReadString('\n')
	if err != nil && !errors.Is(err, io.EOF) {
		return "", err
	}
	pw := strings.TrimRight(line, "\r\n")
	if pw == "" {
		return "", usageError("请从标准输入提供密码，例如：printf '%s\\n' \"$PASSWORD\" | gongkai user add …")
	}
	return pw, nil
}
