// Command gongkai is the whole platform in one binary: the web server and
// the operator's commands. It is the only code that reads flags and the
// environment; it wires configuration → store → services → server.
package main

import (
	"bufio"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/signal"
	"regexp"
	"runtime/debug"
	"strconv"
	"strings"
	"syscall"
	"time"

	"gongkai/internal/auth"
	"gongkai/internal/calendar"
	"gongkai/internal/demo"
	"gongkai/internal/errs"
	"gongkai/internal/foi"
	"gongkai/internal/mailer"
	"gongkai/internal/remind"
	"gongkai/internal/secret"
	"gongkai/internal/store"
	"gongkai/internal/web"
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
	case "foi":
		err = cmdFOI(rest, stdout)
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
  serve [--addr 127.0.0.1:8080] [--data ./data] [--db URL] [--demo]
                                 启动网站（门户 /、管理后台 /admin/、接口 /api/v1/）
  migrate                        执行数据库迁移
  user add --username U --role R[,R2] [--dept CODE] [--name 姓名]
                                 新建账户，密码从标准输入读取
  dept add --code C --name 名称 [--org-code 代码] [--parent CODE]
                                 新建部门
  token create --username U [--name 说明]
                                 为账户生成 API 令牌（只显示一次）
  backup --out FILE              在线备份 SQLite 存储（PostgreSQL 请用 pg_dump）
  audit verify                   校验审计日志哈希链，失败时指出第一条异常记录
  workday add DATE N             DATE 之后第 N 个工作日（当日不计入）
  workday count FROM TO          (FROM, TO] 内的工作日数
  workday is DATE                判断 DATE 是 workday 还是 rest
  workday set DATE workday|rest [--note 说明]
                                 调整某日（优先于官方数据，记入审计日志）
  foi fee --items N | --pages N  信息处理费（国办函〔2020〕109号）：同一申请人当月 N 件（按件）或一件 N 页（按量），单位元
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
	return s, nil
}

func cmdServe(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	c, _, err := parse("serve", args, func(fs *flag.FlagSet, c *Config) {
		fs.StringVar(&c.Addr, "addr", c.Addr, "监听地址；环境变量 GONGKAI_ADDR")
		fs.BoolVar(&c.Demo, "demo", c.Demo, "首次启动时载入菊园新区演示数据并显示演示账户")
		fs.StringVar(&c.SiteName, "site-name", c.SiteName, "网站名称；环境变量 GONGKAI_SITE_NAME")
		fs.BoolVar(&c.SecureCookie, "secure-cookies", c.SecureCookie, "仅通过 HTTPS 发送 Cookie（部署在 HTTPS 之后时开启）")
		fs.StringVar(&c.LogFormat, "log-format", c.LogFormat, "日志格式 text 或 json")
		fs.StringVar(&c.BaseURL, "base-url", c.BaseURL, "网站的公开地址（订阅与站点地图中的绝对链接）；环境变量 GONGKAI_BASE_URL")
	})
	if err != nil {
		return err
	}
	var handler slog.Handler = slog.NewTextHandler(stderr, nil)
	if c.LogFormat == "json" {
		handler = slog.NewJSONHandler(stderr, nil)
	}
	log := slog.New(handler)

	st, err := openStore(ctx, c)
	if err != nil {
		return err
	}
	defer st.Close()
	if c.Demo {
		loaded, err := demo.Load(ctx, st)
		if err != nil {
			return err
		}
		if c.SiteName == "" {
			c.SiteName = demo.SiteName
		}
		if c.Organ == "" {
			c.Organ = demo.Organ
		}
		printDemoAccounts(stdout, loaded)
	}
	authSvc := &auth.Service{Repo: st, Policy: auth.DefaultPolicy, Now: time.Now}
	srv, err := web.New(web.Config{SiteName: c.SiteName, SecureCookie: c.SecureCookie, BaseURL: c.BaseURL, Organ: c.Organ,
		SMTPAddr: c.SMTP.Addr, SMTPFrom: c.SMTP.From, SMTPUser: c.SMTP.User, SMTPPassword: c.SMTP.Password, PDFFont: c.PDFFont}, st, authSvc, log)
	if err != nil {
		return err
	}
	ln, err := net.Listen("tcp", c.Addr)
	if err != nil {
		return fmt.Errorf("无法监听 %s：%w", c.Addr, err)
	}
	httpSrv := &http.Server{
		Handler:           srv,
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       60 * time.Second,
		WriteTimeout:      60 * time.Second,
		IdleTimeout:       120 * time.Second,
		MaxHeaderBytes:    64 << 10,
		ErrorLog:          slog.NewLogLogger(handler, slog.LevelWarn),
	}
	backend := "SQLite " + c.StoreURL()
	if st.Dialect() == store.Postgres {
		backend = "PostgreSQL"
	}
	fmt.Fprintf(stdout, "gongkai %s listening on http://%s (%s)\n", version(), ln.Addr(), backend)
	if c.Demo {
		fmt.Fprintf(stdout, "定点公开查阅点演示：http://%s/points/dzp-yx?key=%s\n", ln.Addr(), demo.PointKey)
	}

	jobsDone := make(chan struct{})
	jobCtx, stopJobs := context.WithCancel(ctx)
	go func() {
		defer close(jobsDone)
		housekeeping(jobCtx, st, log, c)
	}()

	serveErr := make(chan error, 1)
	go func() { serveErr <- httpSrv.Serve(ln) }()
	select {
	case err := <-serveErr:
		stopJobs()
		<-jobsDone
		return err
	case <-ctx.Done():
	}
	// A second Ctrl-C now ends the process at once.
	signal.Reset(os.Interrupt, syscall.SIGTERM)
	log.Info("shutting down: finishing in-flight requests")
	shutdownCtx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	err = httpSrv.Shutdown(shutdownCtx)
	stopJobs()
	<-jobsDone
	log.Info("stopped")
	return err
}

// housekeeping publishes scheduled documents when their time comes (checked
// every minute) and removes expired sessions and stale login failures
// (every ten minutes). Both are idempotent, so on PostgreSQL several
// instances may run them without harm: a scheduled revision is published
// once, by whichever instance reaches it first.
func housekeeping(ctx context.Context, st *store.Store, log *slog.Logger, c Config) {
	tick := time.NewTicker(time.Minute)
	defer tick.Stop()
	for n := 0; ; n++ {
		if published, err := st.PublishDue(ctx); err != nil && ctx.Err() == nil {
			log.Warn("publish scheduled documents", "err", err.Error())
		} else if published > 0 {
			log.Info("published scheduled documents", "count", published)
		}
		if n%10 == 0 {
			if purged, err := st.PurgeSessions(ctx, auth.DefaultPolicy); err != nil && ctx.Err() == nil {
				log.Warn("purge sessions", "err", err.Error())
			} else if purged > 0 {
				log.Info("purged expired sessions", "count", purged)
			}
		}
		if now := time.Now().In(calendar.Zone); now.Hour() >= 8 {
			if err := dailyReminders(ctx, st, log, c, calendar.DateOf(now)); err != nil && ctx.Err() == nil {
				log.Warn("information-request reminders", "err", err.Error())
			}
		}
		select {
		case <-ctx.Done():
			return
		case <-tick.C:
		}
	}
}

// dailyReminders lists, once a day across all instances, the information
// requests whose deadline is near (yellow) or past (red), per department:
// in the log always (counts only) and by e-mail to GONGKAI_REMIND_TO when
// SMTP is configured. Staff also see their department's list on the
// back office's home page.
func dailyReminders(ctx context.Context, st *store.Store, log *slog.Logger, c Config, today calendar.Date) error {
	if ok, err := st.ClaimDailyJob(ctx, "foi_reminders", today); err != nil || !ok {
		return err
	}
	apps, err := st.OpenFOIApplications(ctx)
	if err != nil {
		return err
	}
	cal, err := st.Calendar(ctx)
	if err != nil {
		return err
	}
	depts, err := st.Departments(ctx)
	if err != nil {
		return err
	}
	names := map[int64]string{0: "未分配部门"}
	for _, d := range depts {
		names[d.ID] = d.Name
	}
	var failed []error
	for dept, rs := range remind.Due(apps, cal, today) {
		red, yellow := remind.Counts(rs)
		log.Info("information requests due", "department", names[dept], "red", red, "yellow", yellow)
		if !c.SMTP.Enabled() || c.RemindTo == "" {
			continue
		}
		for _, to := range strings.Split(c.RemindTo, ",") {
			if to = strings.TrimSpace(to); to == "" {
				continue
			}
			_, err := mailer.Send(ctx, c.SMTP, mailer.Message{To: to, Subject: remind.Subject(names[dept], today, rs),
				Body: remind.Text(names[dept], today, rs, c.BaseURL)})
			failed = append(failed, err)
		}
	}
	return errors.Join(failed...)
}

func printDemoAccounts(w io.Writer, loaded bool) {
	if loaded {
		fmt.Fprintln(w, "已载入菊园新区演示数据。")
	}
	fmt.Fprintf(w, "演示账户（密码均为 %s，管理后台 /admin/login）：\n", demo.Password)
	for _, a := range demo.Accounts {
		roles := make([]string, len(a.Roles))
		for i, r := range a.Roles {
			roles[i] = r.Label()
		}
		fmt.Fprintf(w, "  %-11s %s  %s\n", a.Username, a.Name, strings.Join(roles, "、"))
	}
}

func cmdMigrate(ctx context.Context, args []string, stdout io.Writer) error {
	c, _, err := parse("migrate", args, nil)
	if err != nil {
		return err
	}
	st, err := openStore(ctx, c)
	if err != nil {
		return err
	}
	defer st.Close()
	fmt.Fprintln(stdout, "数据库已是最新结构。")
	return nil
}

func cmdUser(ctx context.Context, args []string, stdin io.Reader, stdout io.Writer) error {
	if len(args) == 0 || args[0] != "add" {
		return usageError("用法：gongkai user add --username U --role R[,R2] [--dept CODE] [--name 姓名]（密码从标准输入读取）")
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
	st, err := openStore(ctx, c)
	if err != nil {
		return err
	}
	defer st.Close()
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

var negativeNumber = regexp.MustCompile(`^-[0-9]+$`)

func usageError(msg string) error { return &exitError{code: 2, msg: msg} }

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
	st, err := openStore(ctx, c)
	if err != nil {
		return err
	}
	defer st.Close()
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
}

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
	st, err := openStore(ctx, c)
	if err != nil {
		return err
	}
	defer st.Close()
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
}

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
	st, err := openStore(ctx, c)
	if err != nil {
		return err
	}
	defer st.Close()
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
}

func cmdAudit(ctx context.Context, args []string, stdout io.Writer) error {
	if len(args) == 0 || args[0] != "verify" {
		return usageError("用法：gongkai audit verify")
	}
	c, _, err := parse("audit verify", args[1:], nil)
	if err != nil {
		return err
	}
	st, err := openStore(ctx, c)
	if err != nil {
		return err
	}
	defer st.Close()
	res, err := st.VerifyAudit(ctx)
	if err != nil {
		return err
	}
	if !res.OK() {
		return &exitError{code: 1, msg: fmt.Sprintf("审计日志校验失败：seq %d —— %s（此前 %d 条记录完好）", res.BadSeq, res.Reason, res.Count)}
	}
	fmt.Fprintf(stdout, "审计日志校验通过：%d 条记录，哈希链完整。\n", res.Count)
	return nil
}

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
	st, err := openStore(ctx, c)
	if err != nil {
		return err
	}
	defer st.Close()
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
}

func cmdFOI(args []string, stdout io.Writer) error {
	const help = "用法：gongkai foi fee --items N（同一申请人当月申请件数，按件）或 --pages N（一件申请的页数，按量）"
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
