package main

import (
	"flag"
	"fmt"
	"net"
	"net/netip"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"gongkai/internal/auth"
	"gongkai/internal/mailer"
	"gongkai/internal/publish"
	"gongkai/internal/web/kit"
)

// Config is every setting of the program: defaults, then GONGKAI_…
// environment variables, then flags. Only this package reads them.
type Config struct {
	Addr         string         // serve: listen address
	DataDir      string         // SQLite file, keys and backups live here
	DB           string         // postgres://… URL; empty = SQLite in DataDir
	Demo         bool           // serve: load the 菊园新区 demo data into an empty store
	SiteName     string         // portal name
	SecureCookie bool           // cookies only over HTTPS
	LogFormat    string         // text or json
	BaseURL      string         // public address for absolute links (feeds, sitemap)
	Hosts        string         // without BaseURL: comma-separated host[:port]s trusted in absolute links (default: the listen address)
	Proxies      string         // comma-separated addresses/CIDRs of reverse proxies whose X-Forwarded-For names the visitor
	trusted      []netip.Prefix // Proxies, parsed by Validate
	Organ        string         // 发文机关 signing FOI notices
	SMTP         mailer.Config
	PDFFont      string // TrueType font of PDF notices
	RemindTo     string // comma-separated addresses for the daily digest of late requests
	TokenDays    int    // lifetime of new API tokens, in days
	MediaMB      int    // serve: largest audio/video attachment, in MB (publish.DefaultMediaLimit)
}

func defaultConfig() Config {
	return Config{Addr: "127.0.0.1:8080", DataDir: "./data", LogFormat: "text", TokenDays: int(auth.DefaultTokenTTL / (24 * time.Hour)),
		MediaMB: publish.DefaultMediaLimit >> 20}
}

// fromEnv applies GONGKAI_… variables.
func (c *Config) fromEnv(getenv func(string) string) error {
	str := func(key string, dst *string) {
		if v := getenv(key); v != "" {
			*dst = v
		}
	}
	str("GONGKAI_ADDR", &c.Addr)
	str("GONGKAI_DATA", &c.DataDir)
	str("GONGKAI_DB", &c.DB)
	str("GONGKAI_SITE_NAME", &c.SiteName)
	str("GONGKAI_LOG_FORMAT", &c.LogFormat)
	str("GONGKAI_BASE_URL", &c.BaseURL)
	str("GONGKAI_HOSTS", &c.Hosts)
	str("GONGKAI_TRUSTED_PROXIES", &c.Proxies)
	str("GONGKAI_ORGAN", &c.Organ)
	str("GONGKAI_SMTP_ADDR", &c.SMTP.Addr)
	str("GONGKAI_SMTP_FROM", &c.SMTP.From)
	str("GONGKAI_SMTP_USER", &c.SMTP.User)
	str("GONGKAI_SMTP_PASSWORD", &c.SMTP.Password)
	str("GONGKAI_PDF_FONT", &c.PDFFont)
	str("GONGKAI_REMIND_TO", &c.RemindTo)
	if v := getenv("GONGKAI_TOKEN_DAYS"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil {
			return fmt.Errorf("GONGKAI_TOKEN_DAYS 应为天数，而不是 %q", v)
		}
		c.TokenDays = n
	}
	if v := getenv("GONGKAI_MEDIA_LIMIT_MB"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil {
			return fmt.Errorf("GONGKAI_MEDIA_LIMIT_MB 应为兆字节数，而不是 %q", v)
		}
		c.MediaMB = n
	}
	if v := getenv("GONGKAI_SECURE_COOKIES"); v != "" {
		b, err := strconv.ParseBool(v)
		if err != nil {
			return fmt.Errorf("GONGKAI_SECURE_COOKIES 应为 true 或 false，而不是 %q", v)
		}
		c.SecureCookie = b
	}
	return nil
}

// storeFlags registers the flags every store-opening command shares.
func (c *Config) storeFlags(fs *flag.FlagSet) {
	fs.StringVar(&c.DataDir, "data", c.DataDir, "数据目录（SQLite 文件 gongkai.db 所在处）；环境变量 GONGKAI_DATA")
	fs.StringVar(&c.DB, "db", c.DB, "PostgreSQL 连接串 postgres://…；为空则使用数据目录中的 SQLite；环境变量 GONGKAI_DB")
}

// StoreURL is what store.Open takes.
func (c *Config) StoreURL() string {
	if c.DB != "" {
		return c.DB
	}
	return filepath.Join(c.DataDir, "gongkai.db")
}

// Validate checks the settings before anything starts.
func (c *Config) Validate(serving bool) error {
	if c.DB != "" && !strings.HasPrefix(c.DB, "postgres://") && !strings.HasPrefix(c.DB, "postgresql://") {
		return fmt.Errorf("--db 应为 postgres:// 开头的连接串；使用 SQLite 时请改用 --data 指定目录")
	}
	if c.DB == "" && c.DataDir == "" {
		return fmt.Errorf("--data 不能为空")
	}
	if c.TokenDays < 1 || c.TokenDays > 3660 {
		return fmt.Errorf("API 令牌有效期应为 1–3660 天，而不是 %d", c.TokenDays)
	}
	if c.MediaMB < 1 || c.MediaMB > publish.MaxAttachment>>20 {
		return fmt.Errorf("音视频附件上限应为 1–%d MB，而不是 %d", publish.MaxAttachment>>20, c.MediaMB)
	}
	if c.LogFormat != "text" && c.LogFormat != "json" {
		return fmt.Errorf("日志格式应为 text 或 json，而不是 %q", c.LogFormat)
	}
	if c.BaseURL != "" {
		if u, err := url.Parse(c.BaseURL); err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			return fmt.Errorf("公开地址 %q 无效，应形如 https://www.example.gov.cn", c.BaseURL)
		}
	}
	if serving && c.SMTP.Addr != "" {
		if err := c.SMTP.Validate(); err != nil {
			return err
		}
	}
	if serving {
		if _, _, err := net.SplitHostPort(c.Addr); err != nil {
			return fmt.Errorf("监听地址 %q 无效，应形如 127.0.0.1:8080", c.Addr)
		}
		var err error
		if c.trusted, err = kit.ParseProxies(c.Proxies); err != nil {
			return fmt.Errorf("反向代理地址 %q 无效：%v", c.Proxies, err)
		}
	}
	return nil
}

func envConfig() (Config, error) {
	c := defaultConfig()
	return c, c.fromEnv(os.Getenv)
}
