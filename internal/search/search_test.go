package search_test

import (
	"context"
	"database/sql"
	"fmt"
	"os"
	"slices"
	"strings"
	"testing"

	_ "github.com/jackc/pgx/v5/stdlib"
	_ "modernc.org/sqlite"

	"gongkai/internal/search"
)

func texts(ts []search.Token) []string {
	out := make([]string, len(ts))
	for i, t := range ts {
		out[i] = t.Text
	}
	return out
}

func TestTokens(t *testing.T) {
	for _, c := range []struct {
		in            string
		tokens, tails []string
	}{
		{"加装电梯", []string{"加装", "装电", "电梯"}, []string{"梯"}},
		{"2024年", []string{"2024", "年"}, nil},
		{"菊府发〔2024〕3号", []string{"菊府", "府发", "2024", "3", "号"}, []string{"发"}},
		{"ＰＭ２.５浓度", []string{"pm2", "5", "浓度"}, []string{"度"}},
		{"GB 32100—2015", []string{"gb", "32100", "2015"}, nil},
		{"，。！", nil, nil},
	} {
		tokens, tails := search.Tokens(c.in)
		if got := texts(tokens); !slices.Equal(got, c.tokens) {
			t.Errorf("%s: tokens %q, want %q", c.in, got, c.tokens)
		}
		if got := texts(tails); !slices.Equal(got, c.tails) {
			t.Errorf("%s: tails %q, want %q", c.in, got, c.tails)
		}
		// Offsets point into the original text.
		for _, tk := range tokens {
			if search.Fold(c.in[tk.Start:tk.End]) != strings.Join(strings.Fields(tk.Text), "") && !strings.Contains(search.Fold(c.in[tk.Start:tk.End]), tk.Text) {
				t.Errorf("%s: token %q at %d:%d is %q", c.in, tk.Text, tk.Start, tk.End, c.in[tk.Start:tk.End])
			}
		}
	}
}

func TestDocNumberKey(t *testing.T) {
	want := search.DocNumberKey("菊府发〔2024〕3号")
	for _, s := range []string{"菊府发[2024]3号", "菊府发（2024）3号", "菊府发(2024)3号", "菊府发【2024】3号", "菊府发〔2024〕3 号", "菊府发［２０２４］３号"} {
		if got := search.DocNumberKey(s); got != want {
			t.Errorf("%s: key %q, want %q", s, got, want)
		}
	}
	if search.DocNumberKey("菊府发〔2024〕31号") == want {
		t.Error("another number has the same key")
	}
}

func TestParse(t *testing.T) {
	for _, c := range []struct {
		q, fts5, tsquery string
	}{
		{"加装电梯", `{head body} : "加装 装电 电梯"`, `(('加装':A <-> '装电':A <-> '电梯':A) | ('加装':B <-> '装电':B <-> '电梯':B))`},
		{"2024年", `{head body} : "2024 年"*`, `(('2024':A <-> '年':*A) | ('2024':B <-> '年':*B))`},
		{"查", `({head body} : "查"* OR tails : "查")`, `('查':*AB | '查':C)`},
		{`抽查 -"食品 安全"`, `{head body} : "抽查" NOT {head body} : "食品 品安 安全"`, `('抽查':A | '抽查':B) & !(('食品':A <-> '品安':A <-> '安全':A) | ('食品':B <-> '品安':B <-> '安全':B))`},
		{"政务公开　工作要点", `{head body} : "政务 务公 公开" AND {head body} : "工作 作要 要点"`, `(('政务':A <-> '务公':A <-> '公开':A) | ('政务':B <-> '务公':B <-> '公开':B)) & (('工作':A <-> '作要':A <-> '要点':A) | ('工作':B <-> '作要':B <-> '要点':B))`},
		{`“政务公开 工作要点”`, `{head body} : "政务 务公 公开 开工 工作 作要 要点"`, `(('政务':A <-> '务公':A <-> '公开':A <-> '开工':A <-> '工作':A <-> '作要':A <-> '要点':A) | ('政务':B <-> '务公':B <-> '公开':B <-> '开工':B <-> '工作':B <-> '作要':B <-> '要点':B))`},
		// FTS syntax is text: the quote opens a phrase of its tokens.
		{`MATCH" OR 1=1 --`, `{head body} : "match" AND {head body} : "or 1 1"`, `('match':A | 'match':B) & (('or':A <-> '1':A <-> '1':A) | ('or':B <-> '1':B <-> '1':B))`},
	} {
		q, err := search.Parse(c.q)
		if err != nil {
			t.Errorf("%s: %v", c.q, err)
			continue
		}
		if got := q.FTS5(); got != c.fts5 {
			t.Errorf("%s: FTS5 %s, want %s", c.q, got, c.fts5)
		}
		if got := q.TSQuery(); got != c.tsquery {
			t.Errorf("%s: tsquery %s, want %s", c.q, got, c.tsquery)
		}
	}
	for q, code := range map[string]string{
		"":                         "empty_query",
		"，。？！……":                   "empty_query",
		`""`:                       "empty_query",
		"-电梯":                      "only_exclusions",
		strings.Repeat("长", 201):   "query_too_long",
		strings.Repeat("a ", 11):   "too_many_terms",
		"\xff\xfe":                 "invalid_query",
		strings.Repeat("政务公开", 20): "query_too_long",
	} {
		_, err := search.Parse(q)
		if err == nil || !strings.Contains(err.Error(), "("+code+")") {
			t.Errorf("%.20q: %v, want %s", q, err, code)
		}
	}
}

// corpus is the documents of the cross-engine test: each line one
// document, its head before a "|" and its body after, with the pitfalls
// other engines' trackers report.
var corpus = []string{
	"2024年双随机抽查结果公示",          // 0
	"|食品安全抽查工作方案",             // 1
	"广州市政务公开工作要点",             // 2
	"|惠州市政务公开工作要点",            // 3
	"关于简单事项快速处理的通知",           // 4
	"|现代农业产业园建设方案",            // 5
	"2024年度预算公开",              // 6
	"菊府发〔2024〕3号 关于加装电梯的实施意见", // 7
	"政务公开 工作要点（征求意见稿）",        // 8
	"|查询服务指南",                 // 9
	"PM2.5浓度月报",               // 10
	"旧住房更新|增设电梯项目公示",          // 11
	"政务公开|工作要点",               // 12: a phrase never spans head and body
}

// hits are the documents each query must find, on both engines.
var hits = map[string][]int{
	"抽查":           {0, 1},
	"简单":           {4},
	"处理":           {4},
	"农业":           {5},
	"广州":           {2},
	"惠州":           {3},
	"2024年":        {0, 6}, // not 〔2024〕3号
	"查":            {0, 1, 9},
	"政务公开 工作要点":    {2, 3, 8, 12},
	`"政务公开工作要点"`:   {2, 3},
	"政务公开 -广州":     {3, 8, 12},
	"菊府发[2024]3号":  {7},
	"pm2.5":        {10},
	"ＰＭ２．５ 浓度":     {10},
	"食品安全 抽查":      {1},
	"公开 -政务":       {6},
	"加装电梯 实施意见 菊府": {7},
	"加装电梯":         {7, 11}, // through the synonym group
	"电梯 -增设电梯":     {7},
}

// headHits are the documents whose head holds every positive clause.
var headHits = map[string][]int{
	"抽查":        {0},
	"查":         {0},
	"政务公开 工作要点": {2, 8},
	"政务公开 -广州":  {8, 12},
	"加装电梯":      {7},
	"2024年":     {0, 6},
	"更新 电梯":     {},
}

// synonyms is the synonym table of the test.
var synonyms = [][]string{{"加装电梯", "增设电梯"}}

// split is a corpus line's head and body.
func split(d string) (head, body string) {
	head, body, _ = strings.Cut(d, "|")
	return head, body
}

// TestSameHitsOnBothEngines indexes the corpus in a real SQLite FTS5 table
// and, when GONGKAI_TEST_POSTGRES is set, a real PostgreSQL tsvector, and
// requires both to return exactly the expected documents for every query,
// over all fields and over the heads.
func TestSameHitsOnBothEngines(t *testing.T) {
	ctx := context.Background()
	type engine func(q *search.Query, head bool) []int
	engines := map[string]engine{}

	lite, err := sql.Open("sqlite", "file:"+t.TempDir()+"/fts.db")
	if err != nil {
		t.Fatal(err)
	}
	defer lite.Close()
	if _, err := lite.Exec("CREATE VIRTUAL TABLE fts USING fts5(head, body, tails)"); err != nil {
		t.Fatal(err)
	}
	for i, d := range corpus {
		head, body, tails := search.Index(split(d))
		if _, err := lite.Exec("INSERT INTO fts (rowid, head, body, tails) VALUES (?, ?, ?, ?)", i+1, head, body, tails); err != nil {
			t.Fatal(err)
		}
	}
	engines["sqlite"] = func(q *search.Query, head bool) []int {
		expr := q.FTS5()
		if head {
			expr = q.FTS5Head()
		}
		return ids(t, lite, "SELECT rowid - 1 FROM fts WHERE fts MATCH ? ORDER BY rowid", expr)
	}

	if url := os.Getenv("GONGKAI_TEST_POSTGRES"); url != "" {
		pg, err := sql.Open("pgx", url)
		if err != nil {
			t.Fatal(err)
		}
		defer pg.Close()
		conn, err := pg.Conn(ctx) // the temporary table lives on one connection
		if err != nil {
			t.Fatal(err)
		}
		defer conn.Close()
		if _, err := conn.ExecContext(ctx, `CREATE TEMPORARY TABLE fts (id int, tsv tsvector, head_tsv tsvector)`); err != nil {
			t.Fatal(err)
		}
		for i, d := range corpus {
			head, body, tails := search.Index(split(d))
			if _, err := conn.ExecContext(ctx, `INSERT INTO fts VALUES ($1, setweight(to_tsvector('simple', $2), 'A') || setweight(to_tsvector('simple', $3), 'B') || setweight(to_tsvector('simple', $4), 'C'), to_tsvector('simple', $2))`,
				i, head, body, tails); err != nil {
				t.Fatal(err)
			}
		}
		engines["postgres"] = func(q *search.Query, head bool) []int {
			if head {
				return ids(t, conn, "SELECT id FROM fts WHERE head_tsv @@ to_tsquery('simple', $1) AND tsv @@ to_tsquery('simple', $2) ORDER BY id", q.TSQueryHead(), q.TSQuery())
			}
			return ids(t, conn, "SELECT id FROM fts WHERE tsv @@ to_tsquery('simple', $1) ORDER BY id", q.TSQuery())
		}
	} else if os.Getenv("GONGKAI_REQUIRE_POSTGRES") != "" {
		t.Fatal("GONGKAI_REQUIRE_POSTGRES is set but GONGKAI_TEST_POSTGRES is not")
	}

	for _, set := range []struct {
		head bool
		want map[string][]int
	}{{false, hits}, {true, headHits}} {
		for text, want := range set.want {
			q, err := search.Parse(text)
			if err != nil {
				t.Errorf("%s: %v", text, err)
				continue
			}
			q.Expand(synonyms)
			for name, run := range engines {
				if got := run(q, set.head); !slices.Equal(got, want) {
					t.Errorf("%s on %s (head only %v): %v, want %v (FTS5 %s; tsquery %s)", text, name, set.head, got, want, q.FTS5(), q.TSQuery())
				}
			}
		}
	}
}

// TestMatches: a short record matches when every positive clause (or a
// synonym) stands in it and no excluded one does.
func TestMatches(t *testing.T) {
	for _, c := range []struct {
		q, text string
		want    bool
	}{
		{"财政 预决算", "财政预决算 部门预算", true},
		{"财政 -部门", "财政预决算 部门预算", false},
		{"增设电梯", "既有多层住宅加装电梯", true},
		{"广州", "惠州市", false},
		{"ＰＭ２．５", "PM2.5 浓度", true},
	} {
		q, err := search.Parse(c.q)
		if err != nil {
			t.Fatal(err)
		}
		q.Expand(synonyms)
		if got := q.Matches(c.text); got != c.want {
			t.Errorf("%s in %s: %v, want %v", c.q, c.text, got, c.want)
		}
	}
}

// TestRelevance: a clause in the title outweighs one in the 发文字号 or
// keywords, which outweighs the body; exclusions count nothing; the
// single-character and year-prefix rules are the engines' own.
func TestRelevance(t *testing.T) {
	for _, c := range []struct {
		q, title, number, keywords string
		want                       int
	}{
		{"加装电梯", "关于加装电梯的实施意见", "", "", 4},
		{"加装电梯", "旧住房更新", "", "加装电梯", 2},
		{"加装电梯", "旧住房更新", "", "", 0},
		{"加装电梯 菊府", "关于加装电梯的实施意见", "菊府发〔2024〕3号", "", 6},
		{"2024年", "2024年度预算公开", "", "", 4},
		{"2024年", "预算公开", "菊府发〔2024〕3号", "", 0},
		{"查", "食品安全抽查", "", "", 4},
		{"电梯 -增设", "加装电梯", "", "", 4},
		{"增设电梯", "关于加装电梯的实施意见", "", "", 4}, // a synonym counts as the term
		{"广州", "惠州市政务公开", "", "", 0},
	} {
		q, err := search.Parse(c.q)
		if err != nil {
			t.Fatal(err)
		}
		q.Expand(synonyms)
		if got := q.Relevance(c.title, c.number, c.keywords); got != c.want {
			t.Errorf("%s in %s/%s/%s: %d, want %d", c.q, c.title, c.number, c.keywords, got, c.want)
		}
	}
}

type querier interface {
	QueryContext(ctx context.Context, q string, args ...any) (*sql.Rows, error)
}

func ids(t *testing.T, db querier, q string, args ...any) []int {
	t.Helper()
	rows, err := db.QueryContext(context.Background(), q, args...)
	if err != nil {
		t.Fatalf("%s %v: %v", q, args, err)
	}
	defer rows.Close()
	out := []int{}
	for rows.Next() {
		var id int
		if err := rows.Scan(&id); err != nil {
			t.Fatal(err)
		}
		out = append(out, id)
	}
	return out
}

// FuzzParse: any query is parsed or refused with a message, and what is
// parsed renders to expressions both engines accept (checked on SQLite).
func FuzzParse(f *testing.F) {
	for q := range hits {
		f.Add(q)
	}
	for _, q := range []string{`"`, `-"`, `*`, `"a" OR "b"`, `NEAR(a b)`, `tokens:x`, `'; DROP TABLE x; --`, "\x00", "年年年", "-", "--a"} {
		f.Add(q)
	}
	lite, err := sql.Open("sqlite", "file:"+f.TempDir()+"/fuzz.db")
	if err != nil {
		f.Fatal(err)
	}
	defer lite.Close()
	if _, err := lite.Exec("CREATE VIRTUAL TABLE fts USING fts5(head, body, tails)"); err != nil {
		f.Fatal(err)
	}
	head, body, tails := search.Index(split(strings.Join(corpus, "。")))
	if _, err := lite.Exec("INSERT INTO fts (head, body, tails) VALUES (?, ?, ?)", head, body, tails); err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, text string) {
		q, err := search.Parse(text)
		if err != nil {
			if !strings.Contains(err.Error(), "search.Parse") {
				t.Fatalf("%q: unexpected error %v", text, err)
			}
			return
		}
		q.Expand(synonyms)
		for _, expr := range []string{q.FTS5(), q.FTS5Head()} {
			rows, err := lite.Query("SELECT rowid FROM fts WHERE fts MATCH ?", expr)
			if err != nil {
				t.Fatalf("%q → %s: %v", text, expr, err)
			}
			rows.Close()
		}
		for _, expr := range []string{q.TSQuery(), q.TSQueryHead()} {
			if strings.Count(expr, "(") != strings.Count(expr, ")") {
				t.Fatalf("%q → unbalanced tsquery %s", text, expr)
			}
		}
		_ = fmt.Sprint(q)
	})
}

func TestPlainText(t *testing.T) {
	got := search.PlainText(`<h1>标题</h1><p>第一段<b>加粗</b>&amp;实体</p><script>alert("x")</script><style>p{}</style><p>第二段</p>`)
	if strings.Join(strings.Fields(got), "|") != "标题|第一段加粗&实体|第二段" {
		t.Errorf("%q", got)
	}
}

func TestSnippet(t *testing.T) {
	q, _ := search.Parse("ＰＭ2.5 浓度")
	text := "本月全区空气质量总体良好。\n\n  各监测站点的PM2.5月均浓度为28微克每立方米，较上月下降。"
	var b strings.Builder
	for _, f := range search.Snippet(text, q, 30) {
		if f.Mark {
			b.WriteString("[" + f.Text + "]")
		} else {
			b.WriteString(f.Text)
		}
	}
	if got := b.String(); got != "…各监测站点的[PM2.5]月均[浓度]为28微克每立方米，较…" {
		t.Errorf("snippet %q", got)
	}
	q, _ = search.Parse("不存在的词")
	if got := search.Snippet("短文本", q, 30); len(got) != 1 || got[0].Text != "短文本" || got[0].Mark {
		t.Errorf("snippet without a match: %+v", got)
	}
}
