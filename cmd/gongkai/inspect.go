package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"html"
	"io"
	"os"
	"strings"
	"time"

	"gongkai/internal/linkcheck"
	"gongkai/internal/report"
	"gongkai/internal/reportfile"
	"gongkai/internal/store"
)

const inspectHelp = "用法：gongkai inspect [--base-url URL] [--format json|html|xlsx] [--out FILE] [--max-pages N] [--timeout 15s] [--save] [--data DIR | --db URL]"

// cmdInspect runs the website self-inspection (自查): it crawls the site at
// the base URL, runs the record checks on the store and scores both by the
// rule table (秘函〔2019〕19号). It prints the verdict, the score and the
// problems, each with its department and fix-by date; with --out it also
// writes the whole inspection as JSON, HTML or an XLSX workbook. The exit
// status is 3 when the site fails.
func cmdInspect(ctx context.Context, args []string, stdout io.Writer) error {
	var format, out string
	var save bool
	var opt linkcheck.Options
	c, pos, err := parse("inspect", args, func(fs *flag.FlagSet, c *Config) {
		fs.StringVar(&c.BaseURL, "base-url", c.BaseURL, "受检网站首页地址；默认为环境变量 GONGKAI_BASE_URL")
		fs.StringVar(&format, "format", "json", "json、html 或 xlsx（与 --out 一起使用；不带 --out 时 json 输出到标准输出；xlsx 必须用 --out）")
		fs.StringVar(&out, "out", "", "输出文件（不得已存在）")
		fs.IntVar(&opt.MaxPages, "max-pages", 500, "最多检查的页面数")
		fs.DurationVar(&opt.Timeout, "timeout", 15*time.Second, "每个请求的超时")
		fs.BoolVar(&save, "save", false, "记入自查历史（后台 /admin/inspect 可见；记入审计日志）")
	})
	if err != nil {
		return err
	}
	if len(pos) > 0 || c.BaseURL == "" || (format != "json" && format != "html" && format != "xlsx") || (format == "xlsx" && out == "") {
		return usageError(inspectHelp)
	}
	var ins report.Inspection
	err = withStore(ctx, c, func(st *store.Store) error {
		if ins, err = runInspection(ctx, st, c.BaseURL, opt); err != nil || !save {
			return err
		}
		_, err = st.SaveInspection(ctx, "cli", &ins)
		return err
	})
	if err != nil {
		return err
	}
	switch {
	case out != "":
		if err := writeNew(out, func(w io.Writer) error { return writeInspection(w, ins, format) }); err != nil {
			return err
		}
		printInspection(stdout, ins)
		fmt.Fprintf(stdout, "完整结果已写入 %s。\n", out)
	case format == "json":
		if err := writeInspection(stdout, ins, format); err != nil {
			return err
		}
	default:
		printInspection(stdout, ins)
	}
	if !ins.Verdict.Pass {
		return &exitError{code: 3, msg: "自查结论：不合格。" + ins.Verdict.Reason}
	}
	return nil
}

// runInspection crawls base and checks the store's records.
func runInspection(ctx context.Context, st *store.Store, base string, opt linkcheck.Options) (report.Inspection, error) {
	rules, err := st.InspectRules(ctx)
	if err != nil {
		return report.Inspection{}, err
	}
	crawl, err := linkcheck.Check(ctx, base, opt)
	if err != nil {
		return report.Inspection{}, err
	}
	facts, err := st.InspectFacts(ctx)
	if err != nil {
		return report.Inspection{}, err
	}
	return report.Inspect(facts, crawl.Report(), rules), nil
}

// writeNew creates path (refusing to overwrite it) and fills it with fill.
func writeNew(path string, fill func(io.Writer) error) error {
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if errors.Is(err, os.ErrExist) {
		return fmt.Errorf("%s 已存在，不会覆盖", path)
	}
	if err != nil {
		return err
	}
	err = fill(f)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		os.Remove(path)
	}
	return err
}

func printInspection(w io.Writer, ins report.Inspection) {
	v := ins.Verdict
	fmt.Fprintf(w, "网站自查（%s）：%s，得分 %.1f\n", ins.Crawl.Home, v.Result, v.Score)
	if v.Reason != "" {
		fmt.Fprintln(w, v.Reason)
	}
	fmt.Fprintf(w, "检查页面 %d 个、链接 %d 个", ins.Crawl.Pages, ins.Crawl.Links)
	if ins.Crawl.Truncated {
		fmt.Fprint(w, "（已达页面上限，未检查全部页面）")
	}
	fmt.Fprintln(w)
	for _, l := range v.Lines {
		if l.Count == 0 && !l.Veto {
			continue
		}
		mark := ""
		if l.Veto {
			mark = "【否决】"
		}
		fmt.Fprintf(w, "%s%s：%d 项，扣 %.1f 分\n", mark, l.Item, l.Count, l.Deducted)
	}
	for _, f := range ins.Findings {
		fmt.Fprintf(w, "  - [%s] %s：%s（%s，%s 前整改）\n", f.Code, f.Subject, f.Detail, ins.Owner(f.Depts), f.FixBy)
	}
	for _, l := range ins.Crawl.Problems {
		if l.Class == "caution" {
			fmt.Fprintf(w, "  ? 需人工核对 %s：%s（见于 %s）\n", l.URL, l.Reason, strings.Join(l.FoundOn, "、"))
		}
	}
}

func writeInspection(w io.Writer, ins report.Inspection, format string) error {
	if format == "xlsx" {
		return reportfile.InspectionXLSX(w, &ins)
	}
	if format == "json" {
		enc := json.NewEncoder(w)
		enc.SetIndent("", "  ")
		return enc.Encode(ins)
	}
	e := html.EscapeString
	var b strings.Builder
	fmt.Fprintf(&b, "<!doctype html>\n<html lang=\"zh-CN\"><head><meta charset=\"utf-8\"><title>网站自查结果</title></head><body>\n")
	fmt.Fprintf(&b, "<h1>网站自查结果</h1>\n<p>受检网站：%s；检查时间：%s</p>\n", e(ins.Crawl.Home), e(ins.At.Format("2006-01-02 15:04")))
	fmt.Fprintf(&b, "<p><strong>%s</strong>，得分 %.1f。%s</p>\n", e(ins.Verdict.Result), ins.Verdict.Score, e(ins.Verdict.Reason))
	b.WriteString("<table><caption>指标</caption><thead><tr><th scope=\"col\">类别</th><th scope=\"col\">指标</th><th scope=\"col\">问题数</th><th scope=\"col\">扣分</th><th scope=\"col\">否决</th></tr></thead><tbody>\n")
	for _, l := range ins.Verdict.Lines {
		veto := ""
		if l.Veto {
			veto = "是"
		}
		fmt.Fprintf(&b, "<tr><td>%s</td><td>%s</td><td>%d</td><td>%.1f</td><td>%s</td></tr>\n", e(l.Group), e(l.Item), l.Count, l.Deducted, veto)
	}
	b.WriteString("</tbody></table>\n<table><caption>问题</caption><thead><tr><th scope=\"col\">代码</th><th scope=\"col\">对象</th><th scope=\"col\">说明</th><th scope=\"col\">责任部门</th><th scope=\"col\">整改期限</th></tr></thead><tbody>\n")
	for _, f := range ins.Findings {
		fmt.Fprintf(&b, "<tr><td>%s</td><td>%s</td><td>%s</td><td>%s</td><td>%s</td></tr>\n", e(f.Code), e(f.Subject), e(f.Detail), e(ins.Owner(f.Depts)), f.FixBy)
	}
	b.WriteString("</tbody></table>\n<table><caption>链接检查</caption><thead><tr><th scope=\"col\">链接</th><th scope=\"col\">结论</th><th scope=\"col\">原因</th><th scope=\"col\">所在页面</th><th scope=\"col\">责任部门</th></tr></thead><tbody>\n")
	for _, l := range ins.Crawl.Problems {
		class := map[string]string{"broken": "不可用", "caution": "需人工核对"}[l.Class]
		fmt.Fprintf(&b, "<tr><td>%s</td><td>%s</td><td>%s</td><td>%s</td><td>%s</td></tr>\n", e(l.URL), class, e(l.Reason), e(strings.Join(l.FoundOn, " ")), e(ins.Owner(l.Depts)))
	}
	b.WriteString("</tbody></table>\n</body></html>\n")
	_, err := io.WriteString(w, b.String())
	return err
}
