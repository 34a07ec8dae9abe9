// Package corpus generates the search benchmark's documents: notices,
// plans, replies and reports of a district government in the style of
// 菊园新区, their bodies drawn word by word from a ranked vocabulary with a
// Zipf distribution, and the queries run against them. Among the documents
// are known items, each with a title of its own and a 发文字号, and a few
// other documents that mention the same words (as later documents cite
// earlier ones), so finding the one that was meant is a question of ranking.
//
// Everything is a function of the size and the seed: the same two give the
// same documents in the same order.
package corpus

import (
	"fmt"
	"iter"
	"math/rand/v2"
	"strings"
)

// Doc is one generated document, with what the engines index (title,
// number, body) and what the filters test (genre, year).
type Doc struct {
	ID         string // 索引号, e.g. 00001434-9/2024-00000012
	Title      string
	Number     string // 发文字号; empty for documents without one
	Paragraphs []string
	Organ      string // department code in the store
	Genre      string // genre code of the store's default list
	Theme      string // theme code of the store's default tree
	Written    string // YYYY-MM-DD
	Published  string // YYYY-MM-DD
	Year       int    // of publication
	Known      int    // 1, 2, …: the known item of that number; 0: none
}

// Body is the paragraphs as plain text, one a line.
func (d *Doc) Body() string { return strings.Join(d.Paragraphs, "\n") }

// Organ is a department that issues documents: its code in the store, its
// organisation code (the first part of its index numbers) and the prefix
// of its 发文字号.
type Organ struct{ Code, OrgCode, Prefix, Name string }

// Organs are the demo's departments that have an organisation code.
var Organs = []Organ{
	{"jy", "00001434-9", "菊府", "菊园新区管理委员会"},
	{"jy-dzb", "MB2F1203-3", "菊府办", "菊园新区党政办公室"},
	{"jy-sqfw", "MB2F1204-1", "菊社服", "菊园新区社区事务受理服务中心"},
	{"jy-jjfz", "MB2F1205-X", "菊经", "菊园新区经济发展办公室"},
	{"jy-ghjs", "MB2F1206-8", "菊规建", "菊园新区规划建设和环境管理办公室"},
}

// Themes are the theme codes documents are filed under.
var Themes = []string{"02.01", "02.03", "02.09", "03.06", "04.01", "05.01", "06.03", "09.04", "09.05", "10.01", "10.02", "10.03",
	"11.02", "13.01", "15.01", "15.02", "17.03"}

// genre is a genre code with its share of the documents, whether its
// documents carry a 发文字号 and how its titles read.
type genre struct {
	code     string
	weight   int
	numbered bool
	titles   []func(topic, plan string, year int) string
}

var genres = []genre{
	{"tongzhi", 30, true, []func(string, string, int) string{
		func(t, p string, _ int) string { return "关于印发《菊园新区" + t + p + "》的通知" },
		func(t, _ string, y int) string { return fmt.Sprintf("关于做好%d年%s工作的通知", y, t) },
		func(t, _ string, _ int) string { return "关于开展" + t + "专项检查的通知" },
	}},
	{"gongzuodongtai", 15, false, []func(string, string, int) string{
		func(t, _ string, _ int) string { return "菊园新区召开" + t + "工作推进会" },
		func(t, _ string, _ int) string { return "菊园新区" + t + "工作取得阶段性成效" },
	}},
	{"pifu", 10, true, []func(string, string, int) string{
		func(t, _ string, _ int) string { return "关于" + t + "项目的批复" },
		func(t, _ string, _ int) string { return "关于同意" + t + "有关事项的批复" },
	}},
	{"yijian", 8, true, []func(string, string, int) string{
		func(t, _ string, _ int) string { return "关于进一步加强" + t + "的实施意见" },
	}},
	{"tongbao", 8, true, []func(string, string, int) string{
		func(t, _ string, y int) string { return fmt.Sprintf("关于%d年%s情况的通报", y, t) },
	}},
	{"han", 8, true, []func(string, string, int) string{
		func(t, _ string, _ int) string { return "关于商请协助" + t + "有关事项的函" },
	}},
	{"baogao", 6, true, []func(string, string, int) string{
		func(t, _ string, y int) string { return fmt.Sprintf("菊园新区%d年%s工作报告", y, t) },
	}},
	{"gonggao", 6, true, []func(string, string, int) string{
		func(t, _ string, _ int) string { return "关于" + t + "的公告" },
	}},
	{"jiyao", 5, false, []func(string, string, int) string{
		func(t, _ string, _ int) string { return t + "专题会议纪要" },
	}},
	{"guihua", 4, true, []func(string, string, int) string{
		func(t, _ string, y int) string { return fmt.Sprintf("菊园新区%s规划（%d—%d年）", t, y, y+4) },
	}},
}

// Genres are the genre codes documents are filed under.
func Genres() []string {
	out := make([]string, len(genres))
	for i, g := range genres {
		out[i] = g.code
	}
	return out
}

var plans = []string{"实施方案", "工作要点", "管理办法", "考核细则", "工作计划", "三年行动计划", "实施细则", "应急预案"}

// Set phrases of official prose, most frequent first (each list is drawn
// from with a Zipf distribution of its own).
var (
	openings = []string{"为深入贯彻落实区委、区政府决策部署，", "根据《中华人民共和国政府信息公开条例》及本市有关规定，",
		"为进一步提升基层治理能力和服务水平，", "结合菊园新区实际，经管委会研究决定，", "为切实保障人民群众生命财产安全，",
		"根据上级部门工作要求，"}
	closings = []string{"特此通知。", "请认真贯彻执行。", "本方案自印发之日起施行。", "具体解释工作由党政办公室负责。",
		"各单位要高度重视，确保各项任务按时完成。", "执行中遇到的问题，请及时向管委会报告。"}
	numerals = []string{"一", "二", "三", "四", "五", "六", "七", "八"}
)

// Known items: at most MaxKnown, one in every knownEvery documents.
const (
	MaxKnown   = 50
	knownEvery = 20
	decoys     = 3 // documents per known item that mention its title's words
)

// known is a known item, fixed before any document is generated.
type known struct {
	pos         int
	organ, year int
	genre       int
	words       [2]string
	number, id  string
	title       string
	month, day  int
}

// Corpus generates n documents for a seed.
type Corpus struct {
	n     int
	seed  uint64
	vocab []string
	known []known
	// reserved sequence numbers (of 发文字号 and of index numbers) that
	// belong to known items; the other documents skip them.
	reserved map[string]bool
}

// New prepares a corpus of n documents (at least knownEvery).
func New(n int, seed uint64) *Corpus {
	n = max(n, knownEvery)
	c := &Corpus{n: n, seed: seed, vocab: Vocabulary(), reserved: map[string]bool{}}
	rng := rand.New(rand.NewPCG(seed, 0x6b6e6f776e)) // "known"
	k := min(MaxKnown, n/knownEvery)
	used := map[string]bool{}
	numbered := c.numberedGenres()
	for i := range k {
		it := known{pos: i*(n/k) + n/(2*k), organ: rng.IntN(len(Organs)), year: 2019 + rng.IntN(8), genre: numbered[rng.IntN(len(numbered))]}
		it.month, it.day = 1+rng.IntN(11), 1+rng.IntN(24)
		for j := range it.words {
			for {
				// Words of the middle of the ranking: each in a few
				// documents of a hundred, the pair in almost none.
				w := c.vocab[600+rng.IntN(2000)]
				if !used[w] {
					used[w], it.words[j] = true, w
					break
				}
			}
		}
		o := Organs[it.organ]
		for {
			seq := 1 + rng.IntN(60)
			key := fmt.Sprintf("n:%s:%d:%d", o.Prefix, it.year, seq)
			if !c.reserved[key] {
				c.reserved[key] = true
				it.number = numberOf(o, genres[it.genre].code, it.year, seq)
				break
			}
		}
		for {
			seq := 1 + rng.IntN(60)
			key := fmt.Sprintf("i:%s:%d:%d", o.OrgCode, it.year, seq)
			if !c.reserved[key] {
				c.reserved[key] = true
				it.id = fmt.Sprintf("%s/%d-%08d", o.OrgCode, it.year, seq)
				break
			}
		}
		g := genres[it.genre]
		it.title = g.titles[rng.IntN(len(g.titles))](it.words[0]+it.words[1], plans[rng.IntN(len(plans))], it.year)
		c.known = append(c.known, it)
	}
	return c
}

func (c *Corpus) numberedGenres() []int {
	var out []int
	for i, g := range genres {
		if g.numbered {
			out = append(out, i)
		}
	}
	return out
}

// numberOf is a 发文字号: the organ's prefix, 发 or 函, the year in 〔〕
// and the number.
func numberOf(o Organ, genre string, year, seq int) string {
	kind := "发"
	if genre == "han" || genre == "pifu" {
		kind = "函"
	}
	return fmt.Sprintf("%s%s〔%d〕%d号", o.Prefix, kind, year, seq)
}

// N is the number of documents.
func (c *Corpus) N() int { return c.n }

// Docs yields the documents in order. Each call starts again from the
// beginning and yields the same documents.
func (c *Corpus) Docs() iter.Seq[*Doc] {
	return func(yield func(*Doc) bool) {
		g := c.newGen()
		for i := range c.n {
			if !yield(g.doc(i)) {
				return
			}
		}
	}
}

// gen is the state of one pass over the corpus.
type gen struct {
	c        *Corpus
	rng      *rand.Rand
	words    *rand.Zipf
	openings *rand.Zipf
	closings *rand.Zipf
	seq      map[string]int
	weights  int
	knownAt  map[int]int // position → known item index
	decoyOf  map[int][]decoy
}

// decoy is a document that mentions known item k's title words; the first
// of them (j == 1) also cites its title and number.
type decoy struct{ k, j int }

func (c *Corpus) newGen() *gen {
	rng := rand.New(rand.NewPCG(c.seed, 0x646f6373)) // "docs"
	g := &gen{c: c, rng: rng, seq: map[string]int{}, knownAt: map[int]int{}, decoyOf: map[int][]decoy{},
		words:    rand.NewZipf(rng, 1.3, 2, uint64(len(c.vocab)-1)),
		openings: rand.NewZipf(rng, 1.5, 1, uint64(len(openings)-1)),
		closings: rand.NewZipf(rng, 1.5, 1, uint64(len(closings)-1)),
	}
	for _, gr := range genres {
		g.weights += gr.weight
	}
	gap := c.n / max(len(c.known), 1)
	for k, it := range c.known {
		g.knownAt[it.pos] = k
		for j := 1; j <= decoys; j++ {
			p := (it.pos + j*gap/(decoys+1)) % c.n
			g.decoyOf[p] = append(g.decoyOf[p], decoy{k, j})
		}
	}
	return g
}

// next is the next free sequence number of a series, past the known
// items' reserved ones.
func (g *gen) next(series string) int {
	for {
		g.seq[series]++
		if !g.c.reserved[fmt.Sprintf("%s:%d", series, g.seq[series])] {
			return g.seq[series]
		}
	}
}

// word is one word drawn from the ranked vocabulary; content words (for
// titles) skip the function words and the very common ones.
func (g *gen) word(content bool) string {
	for {
		r := int(g.words.Uint64())
		if !content || r >= len(veryCommon)+len(functionWords) {
			return g.c.vocab[r]
		}
	}
}

func (g *gen) sentence(b *strings.Builder) {
	n := 8 + g.rng.IntN(7)
	comma := 3 + g.rng.IntN(4)
	for i := range n {
		b.WriteString(g.word(false))
		if i == comma && i < n-2 {
			b.WriteString("，")
			comma += 3 + g.rng.IntN(4)
		}
	}
	b.WriteString("。")
}

func (g *gen) pickGenre() int {
	v := g.rng.IntN(g.weights)
	for i, gr := range genres {
		if v -= gr.weight; v < 0 {
			return i
		}
	}
	return 0
}

func (g *gen) doc(i int) *Doc {
	rng := g.rng
	var d Doc
	var gi, month, day int
	var o Organ
	k, isKnown := g.knownAt[i]
	topic := g.word(true)
	if rng.IntN(2) == 0 {
		topic += g.word(true)
	}
	if isKnown {
		it := g.c.known[k]
		o, gi, d.Year, month, day = Organs[it.organ], it.genre, it.year, it.month, it.day
		d.ID, d.Number, d.Title, d.Known = it.id, it.number, it.title, k+1
		topic = it.words[0] + it.words[1]
	} else {
		o, gi, d.Year = Organs[rng.IntN(len(Organs))], g.pickGenre(), 2019+rng.IntN(8)
		month, day = 1+rng.IntN(12), 1+rng.IntN(24)
		if d.Year == 2026 {
			month = 1 + rng.IntN(11) // nothing is published after the benchmark's today
		}
		d.ID = fmt.Sprintf("%s/%d-%08d", o.OrgCode, d.Year, g.next(fmt.Sprintf("i:%s:%d", o.OrgCode, d.Year)))
		gr := genres[gi]
		d.Title = gr.titles[rng.IntN(len(gr.titles))](topic, plans[rng.IntN(len(plans))], d.Year)
		if gr.numbered && rng.IntN(10) < 7 {
			d.Number = numberOf(o, gr.code, d.Year, g.next(fmt.Sprintf("n:%s:%d", o.Prefix, d.Year)))
		}
	}
	d.Organ, d.Genre, d.Theme = o.Code, genres[gi].code, Themes[rng.IntN(len(Themes))]
	d.Written = fmt.Sprintf("%04d-%02d-%02d", d.Year, month, day)
	d.Published = fmt.Sprintf("%04d-%02d-%02d", d.Year, month, day+rng.IntN(5))

	var b strings.Builder
	b.WriteString(openings[g.openings.Uint64()])
	if gi == 0 {
		b.WriteString("现就" + topic + "有关事项通知如下：")
	} else {
		g.sentence(&b)
	}
	d.Paragraphs = append(d.Paragraphs, b.String())
	for p := range 3 + rng.IntN(5) {
		b.Reset()
		b.WriteString(numerals[p] + "、")
		if rng.IntN(4) == 0 {
			// Documents cite others by number; most cited numbers exist.
			ref := Organs[rng.IntN(len(Organs))]
			y := 2019 + rng.IntN(d.Year-2019+1)
			fmt.Fprintf(&b, "根据%s（%s）要求，", "相关文件", numberOf(ref, "tongzhi", y, 1+rng.IntN(60)))
		}
		for range 2 + rng.IntN(4) {
			g.sentence(&b)
		}
		d.Paragraphs = append(d.Paragraphs, b.String())
	}
	for _, dc := range g.decoyOf[i] {
		it := g.c.known[dc.k]
		b.Reset()
		fmt.Fprintf(&b, "关于%s和%s，", it.words[0], it.words[1])
		if dc.j == 1 {
			fmt.Fprintf(&b, "按照《%s》（%s）执行，", it.title, it.number)
		}
		g.sentence(&b)
		d.Paragraphs = append(d.Paragraphs, b.String())
	}
	d.Paragraphs = append(d.Paragraphs, closings[g.closings.Uint64()], o.Name, fmt.Sprintf("%d年%d月%d日", d.Year, month, day))
	return &d
}
