package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"strings"

	"gongkai/internal/auth"
	"gongkai/internal/store"
)

func cmdDept(ctx context.Context, args []string, stdout io.Writer) error {
	if len(args) == 0 || args[0] != "add" {
		return usageError("用法：gongkai dept add --code C --name 名称 [--org-code 代码] [--parent CODE]")
	}
	var d auth.Department
	var parent string
	c, _, err := parse("dept add", args[1:], func(fs *flag.FlagSet, _ *Config) {
		fs.StringVar(&d.Code, "code", "", "部门编码")
		fs.StringVar(&d.Name, "name", "", "部门名称")
		fs.StringVar(&d.OrgCode, "org-code", "", "组织机构代码或统一社会信用代码")
		fs.StringVar(&parent, "parent", "", "上级部门编码")
	})
	if err != nil {
		return err
	}
	return withStore(ctx, c, func(st *store.Store) error {
		if parent != "" {
			p, err := st.DepartmentByCode(ctx, strings.ToLower(parent))
			if err != nil {
				return err
			}
			d.ParentID = p.ID
		}
		if err := st.CreateDepartment(ctx, "cli", &d); err != nil {
			return err
		}
		fmt.Fprintf(stdout, "已创建部门 %s（%s）。\n", d.Name, d.Code)
		return nil
	})
}
