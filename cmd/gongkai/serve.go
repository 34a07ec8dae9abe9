package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/signal"
	"strings"
	"syscall"
	"time"

	"gongkai/internal/auth"
	"gongkai/internal/demo"
	"gongkai/internal/job"
	"gongkai/internal/store"
	"gongkai/internal/web"
)

func cmdServe(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	c, _, err := parse("serve", args, func(fs *flag.FlagSet, c *Config) {
		fs.StringVar(&c.Addr, "addr", c.Addr, "监听地址；环境变量 GONGKAI_ADDR")
		fs.BoolVar(&c.Demo, "demo", c.Demo, "首次启动时载入菊园新区演示数据并显示演示账户")
		fs.StringVar(&c.SiteName, "site-name", c.SiteName, "网站名称；环境变量 GONGKAI_SITE_NAME")
		fs.BoolVar(&c.SecureCookie, "secure-cookies", c.SecureCookie, "仅通过 HTTPS 发送 Cookie（部署在 HTTPS 之后时开启）")
		fs.StringVar(&c.LogFormat, "log-format", c.LogFormat, "日志格式 text 或 json")
		fs.IntVar(&c.MediaMB, "media-limit", c.MediaMB, "音视频附件（MP3、M4A、MP4、WebM）的大小上限，单位 MB（1–20）；环境变量 GONGKAI_MEDIA_LIMIT_MB")
		fs.StringVar(&c.BaseURL, "base-url", c.BaseURL, "网站的公开地址（订阅与站点地图中的绝对链接）；环境变量 GONGKAI_BASE_URL")
		fs.StringVar(&c.Proxies, "trusted-proxies", c.Proxies, "反向代理的地址或网段（逗号分隔），其 X-Forwarded-For 用于识别访问者；环境变量 GONGKAI_TRUSTED_PROXIES")
		fs.StringVar(&c.Hosts, "hosts", c.Hosts, "未设公开地址时，绝对链接可信任的主机名（逗号分隔，默认为监听地址）；环境变量 GONGKAI_HOSTS")
	})
	if err != nil {
		return err
	}
	var handler slog.Handler = slog.NewTextHandler(stderr, nil)
	if c.LogFormat == "json" {
		handler = slog.NewJSONHandler(stderr, nil)
	}
	return withStore(ctx, c, func(st *store.Store) error {
		return serve(ctx, c, st, handler, stdout)
	})
}

// serve runs the web server and the background jobs on st until ctx ends,
// then finishes in-flight requests and the running jobs.
func serve(ctx context.Context, c Config, st *store.Store, handler slog.Handler, stdout io.Writer) error {
	log := slog.New(handler)
	st.MediaLimit = int64(c.MediaMB) << 20
	if c.Demo {
		loaded, err := demo.Load(ctx, st)
		if err != nil {
			return err
		}
		if c.SiteName == "" {
			c.SiteName = demo.SiteName
		}
		st.SiteName = c.SiteName
		if c.Organ == "" {
			c.Organ = demo.Organ
		}
		printDemoAccounts(stdout, loaded)
	}
	authSvc := &auth.Service{Repo: st, Policy: auth.DefaultPolicy, Now: time.Now}
	hosts := []string{c.Addr}
	if c.Hosts != "" {
		hosts = nil
		for h := range strings.SplitSeq(c.Hosts, ",") {
			if h = strings.TrimSpace(h); h != "" {
				hosts = append(hosts, h)
			}
		}
	}
	srv, err := web.New(web.Config{SiteName: c.SiteName, SecureCookie: c.SecureCookie, BaseURL: c.BaseURL, Hosts: hosts, TrustedProxies: c.trusted, Organ: c.Organ,
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

	jobs := job.Platform(st, job.Config{SMTP: c.SMTP, RemindTo: job.SplitAddresses(c.RemindTo), BaseURL: c.BaseURL}, log)
	jobsDone := make(chan struct{})
	jobCtx, stopJobs := context.WithCancel(ctx)
	go func() {
		defer close(jobsDone)
		jobs.Run(jobCtx)
	}()
	// Attachments stored before their text was kept are read once, in the
	// background, so the portal serves at once.
	extracted := make(chan struct{})
	go func() {
		defer close(extracted)
		if n, err := st.ExtractAttachmentTexts(jobCtx); err != nil && jobCtx.Err() == nil {
			log.Error("attachment texts", "err", err, "extracted", n)
		} else if n > 0 {
			log.Info("attachment texts extracted", "n", n)
		}
	}()

	serveErr := make(chan error, 1)
	go func() { serveErr <- httpSrv.Serve(ln) }()
	select {
	case err := <-serveErr:
		stopJobs()
		<-jobsDone
		<-extracted
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
	<-extracted
	log.Info("stopped")
	return err
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
