// Command gongkai is the whole platform in one binary: the web server and
// the operator's commands, one file per command. It is the only code that
// reads flags and the environment; it wires configuration → store →
// services → server and background jobs.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"regexp"
	"runtime/debug"
	"syscall"

	"gongkai/internal/errs"
	"gongkai/internal/secret"
	"gongkai/internal/store"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	os.Exit(run(ctx, os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
}

// exitError carries a specific exit status (e.g. audit verify's failure).
type exitError struct {
	code int
	msg  string
}

func (e *exitError) Error() string { return e.msg }

// run executes one command and returns the process exit status.
func run(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		usage(stderr)
		return 2
	}
	cmd, rest := args[0], args[1:]
	var err error
	switch cmd {
	case "serve":
		err = cmdServe(ctx, rest, stdout, stderr)
	case "migrate":
		err = cmdMigrate(ctx, rest, stdout)
	case "user":
		err = cmdUser(ctx, rest, stdin, stdout)
	case "dept":
		err = cmdDept(ctx, rest, stdout)
	case "token":
		err = cmdToken(ctx, rest, stdout)
	case "backup":
		err = cmdBackup(ctx, rest, stdout)
	case "audit":
		err = cmdAudit(ctx, rest, stdout)
	case "workday":
		err = cmdWorkday(ctx, rest, stdout, stderr)
	case "import":
		err = cmdImport(ctx, rest, stdout, stderr)
	case "foi":
		err = cmdFOI(ctx, rest, stdout)
	case "inspect":
		err = cmdInspect(ctx, rest, stdout)
	case "report":
		err = cmdReport(ctx, rest, stdout)
	case "enforcement":
		err = cmdEnforcement(ctx, rest, stdout)
	case "version":
		fmt.Fprintln(stdout, "gongkai", version())
	case "help", "-h", "--help":
		usage(stdout)
	default:
		fmt.Fprintf(stderr, "gongkai：未知命令 %q\n\n", cmd)
		usage(stderr)
		return 2
	}
	if err == nil {
		return 0
	}
	var ee *exitError
	if errors.As(err, &ee) {
		fmt.Fprintln(stderr, "gongkai:", ee.msg)
		return ee.code
	}
	if errors.Is(err, flag.ErrHelp) {
		return 0
	}
	if code, msg := errs.Public(err); code != "internal" {
		fmt.Fprintf(stderr, "gongkai: %s（%s）\n", msg, code)
	} else {
		fmt.Fprintln(stderr, "gongkai:", err)
	}
	return 1
}

func usage(w io.Writer) {
	fmt.Fprint(w, `gongkai — 政务公开平台

用法：gongkai <命令> [参数]

命令：
  serve [--addr 127.0.0.1:8080] [--data ./data] [--db URL] [--demo] [--base-url URL]
        [--hosts H1,H2] [--trusted-proxies ADDR,CIDR] [--secure-cookies]
                                 启动网站（门户 /、管理后台 /admin/、接口 /api/v1/）
  migrate                        执行数据库迁移
  user add --username U --role R[,R2] [--dept CODE] [--name 姓名]
                                 新建账户，密码从标准输入读取
  user reset-password --username U
                                 重置密码（临时密码从标准输入读取，下次登录须修改；三员账户只能在此重置）
  dept add --code C --name 名称 [--org-code 代码] [--parent CODE]
                                 新建部门
  token create --username U [--name 说明] [--days N]
                                 为账户生成 API 令牌（只显示一次；默认 90 天后失效）
  token list --username U        列出账户的 API 令牌
  token revoke --id N            吊销 API 令牌
  backup --out FILE              在线备份 SQLite 存储（PostgreSQL 请用 pg_dump）
  audit verify                   校验审计日志哈希链，失败时指出第一条异常记录
  workday add DATE N             DATE 之后第 N 个工作日（当日不计入）
  workday count FROM TO          (FROM, TO] 内的工作日数
  workday is DATE                判断 DATE 是 workday 还是 rest
  workday set DATE workday|rest [--note 说明]
                                 调整某日（优先于官方数据，记入审计日志）
  import documents --file F.jsonl|F.xlsx --as 用户名 [--attachments DIR] [--dry-run] [--partial]
                                 从旧系统批量导入已发布的文件（保留索引号；有一行有误则全部不导入）
  import generate --count N [--seed S]
                                 生成演示用的导入文件（JSON Lines，按本站的部门、栏目和分类）
  import template --out F.xlsx   生成 Excel 导入模板
  foi fee --items N | --pages N  信息处理费（国办函〔2020〕109号）：同一申请人当月 N 件（按件）或一件 N 页（按量），单位元
  foi register --year Y --format json|xlsx --out FILE
                                 导出该年度依申请公开台账（不含申请人个人信息；记入审计日志）
  inspect [--base-url URL] [--format json|html] [--out FILE] [--max-pages N] [--timeout 15s] [--save]
                                 网站自查（秘函〔2019〕19号）：检查链接与栏目更新等，给出结论和得分（不合格时退出码为 3）
  report annual --year Y [--organ CODE] --format json|xlsx|pdf --out FILE
                                 导出该年度政府信息公开工作年度报告的统计表（第二、三、四部分）
  enforcement verify-draw --objects F.csv --inspectors F.csv --seed HEX --commitment HEX
        [--previous F.csv] --objects-n N --per-object K [--objects-hash HEX] [--inspectors-hash HEX] [--expect F.csv]
                                 双随机抽查：由公布的名录、种子和参数重新计算抽取结果并核对承诺值（不符时退出码为 3）
  version                        显示版本
  help                           显示本帮助

所有打开数据库的命令都接受 --data DIR 与 --db URL（环境变量 GONGKAI_DATA、GONGKAI_DB）。
`)
}

func version() string {
	if info, ok := debug.ReadBuildInfo(); ok {
		for _, s := range info.Settings {
			if s.Key == "vcs.revision" && len(s.Value) >= 12 {
				return "dev-" + s.Value[:12]
			}
		}
		if info.Main.Version != "" && info.Main.Version != "(devel)" {
			return info.Main.Version
		}
	}
	return "dev"
}

// parse reads flags for a command with the shared store flags. Flags may
// follow positional arguments (`workday set 2027-01-04 rest --note …`).
func parse(name string, args []string, setup func(fs *flag.FlagSet, c *Config)) (Config, []string, error) {
	c, err := envConfig()
	if err != nil {
		return c, nil, err
	}
	fs := flag.NewFlagSet("gongkai "+name, flag.ContinueOnError)
	c.storeFlags(fs)
	if setup != nil {
		setup(fs, &c)
	}
	var positional []string
	for {
		// A negative number ("workday add DATE -20") is an argument, not a flag.
		for len(args) > 0 && negativeNumber.MatchString(args[0]) {
			positional, args = append(positional, args[0]), args[1:]
		}
		if err := fs.Parse(args); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				return c, nil, err
			}
			return c, nil, usageError(err.Error())
		}
		args = fs.Args()
		if len(args) == 0 {
			break
		}
		positional = append(positional, args[0])
		args = args[1:]
	}
	return c, positional, c.Validate(name == "serve")
}

var negativeNumber = regexp.MustCompile(`^-[0-9]+$`)

func usageError(msg string) error { return &exitError{code: 2, msg: msg} }

// openStore opens and migrates the store named by c.
func openStore(ctx context.Context, c Config) (*store.Store, error) {
	s, err := store.Open(ctx, c.StoreURL())
	if err != nil {
		return nil, err
	}
	if err := s.Migrate(ctx); err != nil {
		s.Close()
		return nil, err
	}
	// The key that seals applicants' personal data lives outside the
	// database: GONGKAI_KEY (required when several instances share one
	// PostgreSQL), else DATA/gongkai.key, created on first start.
	key, err := secret.LoadKey(os.Getenv("GONGKAI_KEY"), c.DataDir)
	if err != nil {
		s.Close()
		return nil, err
	}
	if s.Secrets, err = secret.New(key); err != nil {
		s.Close()
		return nil, err
	}
	s.SiteName = c.SiteName
	return s, nil
}

// withStore opens and migrates the store of c, runs fn with it and closes
// it: every command that works on the data goes through here.
func withStore(ctx context.Context, c Config, fn func(st *store.Store) error) error {
	st, err := openStore(ctx, c)
	if err != nil {
		return err
	}
	defer st.Close()
	return fn(st)
}
