package main

import (
	"bufio"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/xuri/excelize/v2"

	"gongkai/internal/auth"
	"gongkai/internal/calendar"
	"gongkai/internal/errs"
	"gongkai/internal/publish"
	"gongkai/internal/richtext"
	"gongkai/internal/store"
)

const importHelp = `用法：
  gongkai import documents --file F.jsonl|F.xlsx --as 用户名 [--attachments DIR] [--dry-run] [--partial]
  gongkai import generate --count N [--seed S]      生成演示用的导入文件（JSON Lines，写到标准输出）
  gongkai import template --out F.xlsx               生成 Excel 导入模板`

func cmdImport(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	if len(args) == 0 {
		return usageError(importHelp)
	}
	switch args[0] {
	case "documents":
		var o importOptions
		c, rest, err := parse("import documents", args[1:], func(fs *flag.FlagSet, _ *Config) {
			fs.StringVar(&o.File, "file", "", "导入文件：每行一个 JSON 对象（.jsonl），或 Excel 工作簿（.xlsx，首个工作表，首行为字段名）")
			fs.StringVar(&o.As, "as", "", "以哪个政务公开办账户的名义导入（记入审计日志）")
			fs.StringVar(&o.Attachments, "attachments", "", "附件目录：记录中附件的 path 相对于此目录")
			fs.BoolVar(&o.DryRun, "dry-run", false, "只校验，不导入")
			fs.BoolVar(&o.Partial, "partial", false, "导入无误的行，报告有误的行（默认：有一行有误则全部不导入）")
		})
		if err != nil {
			return err
		}
		if o.File == "" || o.As == "" || len(rest) > 0 {
			return usageError(importHelp)
		}
		return withStore(ctx, c, func(st *store.Store) error { return importDocuments(ctx, st, o, stdout, stderr) })
	case "generate":
		var count int
		var seed uint64
		c, rest, err := parse("import generate", args[1:], func(fs *flag.FlagSet, _ *Config) {
			fs.IntVar(&count, "count", 1000, "生成的文件份数")
			fs.Uint64Var(&seed, "seed", 1, "随机种子：同一种子、同一数据生成同样的文件")
		})
		if err != nil {
			return err
		}
		if count < 1 || count > 10_000_000 || len(rest) > 0 {
			return usageError(importHelp)
		}
		return withStore(ctx, c, func(st *store.Store) error {
			refs, err := loadImportRefs(ctx, st)
			if err != nil {
				return err
			}
			w := bufio.NewWriterSize(stdout, 1<<20)
			if err := generateImport(w, refs, count, seed); err != nil {
				return err
			}
			return w.Flush()
		})
	case "template":
		fs := flag.NewFlagSet("gongkai import template", flag.ContinueOnError)
		out := fs.String("out", "", "模板文件（.xlsx）")
		if err := fs.Parse(args[1:]); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				return err
			}
			return usageError(err.Error())
		}
		if *out == "" || fs.NArg() > 0 {
			return usageError(importHelp)
		}
		if err := writeImportTemplate(*out); err != nil {
			return err
		}
		fmt.Fprintf(stdout, "已生成导入模板 %s。\n", *out)
		return nil
	}
	return usageError(importHelp)
}

// importOptions are the flags of `import documents`.
type importOptions struct {
	File, As, Attachments string
	DryRun, Partial       bool
	Batch                 int // documents per transaction; 0: importBatch
}

// importBatch documents are imported per transaction: the per-transaction
// cost (a synced commit on SQLite) is what bounds the rate.
const importBatch = 500

// importRefs is the store's reference data, loaded once per import.
type importRefs struct {
	publish.ImportRefs
	depts   []*auth.Department
	columns []*publish.Column
	themes  []string
	genres  []string
}

func loadImportRefs(ctx context.Context, st *store.Store) (*importRefs, error) {
	r := &importRefs{ImportRefs: publish.ImportRefs{Departments: map[string]int64{}, Columns: map[string]int64{}, Catalog: map[string]int64{},
		Themes: map[string]bool{}, Genres: map[string]bool{}, Today: calendar.Today(st.Now()), Sanitize: richtext.Sanitize}}
	var err error
	if r.depts, err = st.Departments(ctx); err != nil {
		return nil, err
	}
	for _, d := range r.depts {
		r.Departments[d.Code] = d.ID
	}
	if r.columns, err = st.Columns(ctx); err != nil {
		return nil, err
	}
	for _, c := range r.columns {
		r.Columns[c.Code] = c.ID
	}
	items, err := st.CatalogItems(ctx)
	if err != nil {
		return nil, err
	}
	for _, it := range items {
		r.Catalog[it.Code] = it.ID
	}
	themes, err := st.Themes(ctx)
	if err != nil {
		return nil, err
	}
	for _, t := range themes {
		if t.Active {
			r.Themes[t.Code] = true
			r.themes = append(r.themes, t.Code)
		}
	}
	genres, err := st.Genres(ctx)
	if err != nil {
		return nil, err
	}
	for _, g := range genres {
		if g.Active {
			r.Genres[g.Code] = true
			r.genres = append(r.genres, g.Code)
		}
	}
	return r, nil
}

// importDocuments is `gongkai import documents`: every line is checked
// first (and all bad lines reported); then, unless a line is bad and
// --partial is not given, the good ones are imported in batches.
func importDocuments(ctx context.Context, st *store.Store, o importOptions, stdout, stderr io.Writer) error {
	u, err := st.UserByUsername(ctx, o.As)
	if err != nil {
		return err
	}
	if err := publish.Can(store.ActorOf(u), nil, nil, publish.ActImport); err != nil {
		return err
	}
	refs, err := loadImportRefs(ctx, st)
	if err != nil {
		return err
	}
	if o.Attachments != "" {
		root, err := os.OpenRoot(o.Attachments)
		if err != nil {
			return usageError("附件目录无法打开：" + err.Error())
		}
		defer root.Close()
		refs.ReadFile = func(p string) ([]byte, error) { return readRootFile(root, p) }
	}
	if o.Batch <= 0 {
		o.Batch = importBatch
	}

	// Pass 1: check every line, keep only what is needed to report.
	start := time.Now()
	bad := map[int]bool{}
	report := func(err error) {
		_, msg := errs.Public(err)
		if code, _ := errs.Public(err); code == "internal" {
			msg = err.Error()
		}
		fmt.Fprintln(stderr, msg)
	}
	seen := map[string]int{} // index number → first line
	var numbers []string
	total := 0
	err = eachImportRecord(o.File, func(line int, rec *publish.ImportRecord, err error) error {
		total++
		if err == nil {
			var it *publish.Imported
			if it, err = rec.Resolve(line, &refs.ImportRefs); err == nil && it.IndexNumber != "" {
				if first, dup := seen[it.IndexNumber]; dup {
					err = errs.Newf(errs.Invalid, "import", "duplicate_index_number", "第 %d 行：索引号“%s”与第 %d 行重复。", line, it.IndexNumber, first)
				} else {
					seen[it.IndexNumber] = line
					numbers = append(numbers, it.IndexNumber)
				}
			}
		}
		if err != nil {
			bad[line] = true
			report(err)
		}
		return nil
	})
	if err != nil {
		return err
	}
	taken, err := st.TakenIndexNumbers(ctx, numbers)
	if err != nil {
		return err
	}
	for _, n := range taken {
		bad[seen[n]] = true
		report(errs.Newf(errs.Invalid, "import", "index_number_taken", "第 %d 行：索引号“%s”已被使用。", seen[n], n))
	}
	checked := time.Since(start)
	good := total - len(bad)
	fmt.Fprintf(stdout, "已校验 %d 行：%d 行无误，%d 行有误（用时 %s）。\n", total, good, len(bad), seconds(checked))
	failed := func() error {
		return &exitError{code: 1, msg: fmt.Sprintf("%d 行有误，见上。", len(bad))}
	}
	switch {
	case o.DryRun:
		fmt.Fprintln(stdout, "试运行（--dry-run）：未导入任何文件。")
		if len(bad) > 0 {
			return failed()
		}
		return nil
	case len(bad) > 0 && !o.Partial:
		fmt.Fprintln(stdout, "有误的行须先改正，未导入任何文件（或用 --partial 只导入无误的行）。")
		return failed()
	}

	// Pass 2: read again (nothing is held in memory between the passes)
	// and import the good lines in batches.
	start = time.Now()
	imported := 0
	var batch []*publish.Imported
	flush := func() error {
		if len(batch) == 0 {
			return nil
		}
		docs, err := st.ImportDocuments(ctx, u, batch)
		if err != nil && o.Partial && len(batch) > 1 {
			// One document the first pass could not foresee (a number
			// taken meanwhile): the others go in one by one.
			for _, it := range batch {
				if _, err := st.ImportDocuments(ctx, u, []*publish.Imported{it}); err != nil {
					bad[it.Line] = true
					report(err)
					continue
				}
				imported++
			}
			err = nil
		} else if err != nil {
			return err
		}
		imported += len(docs)
		batch = batch[:0]
		return nil
	}
	err = eachImportRecord(o.File, func(line int, rec *publish.ImportRecord, err error) error {
		if bad[line] {
			return nil
		}
		if err != nil {
			return err
		}
		it, err := rec.Resolve(line, &refs.ImportRefs)
		if err != nil {
			return err
		}
		if batch = append(batch, it); len(batch) >= o.Batch {
			return flush()
		}
		return nil
	})
	if err == nil {
		err = flush()
	}
	took := time.Since(start)
	fmt.Fprintf(stdout, "已导入 %d 份文件，用时 %s（每秒 %.0f 份）。\n", imported, seconds(took), float64(imported)/max(took.Seconds(), 1e-9))
	if err != nil {
		if imported > 0 {
			fmt.Fprintf(stdout, "导入中途出错：此前的 %d 份已导入，其余未导入。\n", imported)
		}
		return err
	}
	if len(bad) > 0 {
		return failed()
	}
	return nil
}

func seconds(d time.Duration) string { return fmt.Sprintf("%.2f 秒", d.Seconds()) }

// readRootFile reads an attachment inside the attachments directory; the
// os.Root refuses paths that leave it (.., symbolic links out).
func readRootFile(root *os.Root, p string) ([]byte, error) {
	f, err := root.Open(filepath.FromSlash(p))
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return io.ReadAll(io.LimitReader(f, publish.MaxAttachment+1))
}

// eachImportRecord calls fn with every record of the file, numbered by its
// line (JSON Lines) or row (XLSX); a record that cannot be read comes with
// its error. Blank lines are skipped.
func eachImportRecord(path string, fn func(line int, rec *publish.ImportRecord, err error) error) error {
	if strings.EqualFold(filepath.Ext(path), ".xlsx") {
		return eachXLSXRecord(path, fn)
	}
	f, err := os.Open(path)
	if err != nil {
		return usageError("导入文件无法打开：" + err.Error())
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 8<<20)
	line := 0
	for sc.Scan() {
		line++
		b := sc.Bytes()
		if len(strings.TrimSpace(string(b))) == 0 {
			continue
		}
		rec, err := publish.ParseImportLine(line, b)
		if err := fn(line, rec, err); err != nil {
			return err
		}
	}
	if err := sc.Err(); err != nil {
		return errs.Newf(errs.Invalid, "import", "invalid_file", "第 %d 行之后无法读取：%v（一行不能超过 8 MB）。", line, err)
	}
	return nil
}

// xlsxList splits a spreadsheet cell holding a list: values separated by ;.
func xlsxList(s string) []string {
	var out []string
	for _, v := range strings.FieldsFunc(s, func(r rune) bool { return r == ';' || r == '；' }) {
		if v = strings.TrimSpace(v); v != "" {
			out = append(out, v)
		}
	}
	return out
}

// eachXLSXRecord reads the first sheet: the header row names the fields
// (those of the JSON lines), each further row is a record. Lists are
// separated by ";"; an attachment is "path" or "name|path".
func eachXLSXRecord(path string, fn func(line int, rec *publish.ImportRecord, err error) error) error {
	x, err := excelize.OpenFile(path)
	if err != nil {
		return usageError("导入文件无法打开：" + err.Error())
	}
	defer x.Close()
	rows, err := x.Rows(x.GetSheetName(0))
	if err != nil {
		return err
	}
	defer rows.Close()
	var header []string
	line := 0
	for rows.Next() {
		line++
		cells, err := rows.Columns()
		if err != nil {
			return err
		}
		if header == nil {
			header = cells
			for _, h := range header {
				if h = strings.TrimSpace(h); h != "" && !slices.Contains(publish.ImportFields, h) {
					return errs.Newf(errs.Invalid, "import", "unknown_field", "第 1 行：未知字段“%s”；可用字段：%s。", h, strings.Join(publish.ImportFields, "、"))
				}
			}
			continue
		}
		var rec publish.ImportRecord
		empty := true
		for i, v := range cells {
			if i >= len(header) || strings.TrimSpace(v) == "" {
				continue
			}
			empty = false
			setXLSXField(&rec, strings.TrimSpace(header[i]), v)
		}
		if empty {
			continue
		}
		if err := fn(line, &rec, nil); err != nil {
			return err
		}
	}
	return rows.Error()
}

func setXLSXField(r *publish.ImportRecord, field, v string) {
	text := map[string]*string{"index_number": &r.IndexNumber, "title": &r.Title, "doc_number": &r.DocNumber, "written_on": &r.WrittenOn,
		"published_on": &r.PublishedOn, "effective_on": &r.EffectiveOn, "theme": &r.Theme, "genre": &r.Genre, "keywords": &r.Keywords,
		"summary": &r.Summary, "body_html": &r.BodyHTML, "validity": &r.Validity}
	lists := map[string]*[]string{"organs": &r.Organs, "columns": &r.Columns, "catalog": &r.Catalog}
	switch {
	case text[field] != nil:
		*text[field] = v
	case lists[field] != nil:
		*lists[field] = xlsxList(v)
	case field == "attachments":
		for _, a := range xlsxList(v) {
			name, p, ok := strings.Cut(a, "|")
			if !ok {
				name, p = "", a
			}
			r.Attachments = append(r.Attachments, publish.ImportFileRef{Name: strings.TrimSpace(name), Path: strings.TrimSpace(p)})
		}
	}
}

// writeImportTemplate writes the spreadsheet template: the header row and
// one example row.
func writeImportTemplate(path string) error {
	x := excelize.NewFile()
	defer x.Close()
	sheet := x.GetSheetName(0)
	example := []string{"00001434-9/2019-00000101", "菊园新区关于做好2019年防汛防台工作的通知", "jy-dzb", "嘉菊发〔2019〕12号", "2019-05-20",
		"2019-05-22", "2019-06-01", "02.05", "tongzhi", "防汛;防台", "部署2019年汛期工作。", "<p>各居委会、各部门：</p><p>……</p>",
		"tzgg", "", "active", "附件1.pdf|fujian/2019-12-1.pdf"}
	for i, f := range publish.ImportFields {
		cell, _ := excelize.CoordinatesToCellName(i+1, 1)
		if err := x.SetCellStr(sheet, cell, f); err != nil {
			return err
		}
		cell, _ = excelize.CoordinatesToCellName(i+1, 2)
		if err := x.SetCellStr(sheet, cell, example[i]); err != nil {
			return err
		}
	}
	return x.SaveAs(path)
}
