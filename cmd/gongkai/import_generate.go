package main

import (
	"encoding/json"
	"fmt"
	"io"
	"math/rand/v2"
	"slices"
	"strings"

	"gongkai/internal/publish"
)

// Words of the generated documents: plausible 菊园新区 business.
var (
	genTopics = []string{"老旧小区综合改造", "垃圾分类实效巩固", "防汛防台", "城市更新", "养老服务补贴", "社区卫生服务", "安全生产专项整治",
		"营商环境优化", "重点企业走访", "人才安居", "公共租赁住房", "河道长效管理", "绿化市容", "文明城区创建", "就业援助", "困难家庭临时救助",
		"义务教育招生", "民防工程维护", "消防安全检查", "道路交通整治", "非机动车停放", "物业管理考核", "居委会换届", "网格化管理",
		"政务公开工作", "财政预算执行", "集体资产管理", "农村宅基地管理", "违法建筑治理", "食品安全监管"}
	genKinds   = []string{"实施方案", "工作要点", "管理办法", "工作通知", "情况通报", "工作总结", "考核细则", "推进计划"}
	genOpening = []string{"为深入贯彻落实区委、区政府的工作部署，", "根据《中华人民共和国政府信息公开条例》及本市有关规定，",
		"为进一步提升基层治理能力和服务水平，", "结合菊园新区实际，经管委会研究决定，"}
	genMiddle = []string{"各居委会、各部门要高度重视，明确责任分工，细化工作措施，确保各项任务按时完成。",
		"要坚持问题导向，聚焦群众急难愁盼，建立工作台账，实行销项管理。",
		"要加强统筹协调，形成工作合力，定期报送工作进展，重大情况及时报告。",
		"要做好宣传引导，通过社区公告栏、“菊园新区”微信公众号等渠道广泛告知。"}
	genClosing = []string{"本方案自印发之日起施行。", "特此通知。", "请认真贯彻执行。", "具体解释工作由党政办公室负责。"}
)

// generateImport writes count import records, deterministic for seed and
// the store's reference data: organs among the departments with an
// organisation code, themes and genres among the active ones (no 解读,
// which would need its policy), columns that hold documents, dates over
// the ten years before today, index numbers in the default form past any
// the demo uses.
func generateImport(w io.Writer, refs *importRefs, count int, seed uint64) error {
	rng := rand.New(rand.NewPCG(seed, 0x9e3779b97f4a7c15))
	var organs []string
	orgOf := map[string]string{}
	for _, d := range refs.depts {
		if d.OrgCode != "" && d.ParentID != 0 {
			organs = append(organs, d.Code)
			orgOf[d.Code] = d.OrgCode
		}
	}
	var columns []string
	for _, c := range refs.columns {
		if c.Kind != publish.KindStatic && c.Kind != publish.KindPersonnel {
			columns = append(columns, c.Code)
		}
	}
	var themes, genres []string
	for _, t := range refs.themes {
		if strings.Contains(t, ".") {
			themes = append(themes, t)
		}
	}
	for _, g := range refs.genres {
		if g != publish.GenreInterpretation {
			genres = append(genres, g)
		}
	}
	var catalog []string
	for code := range refs.Catalog {
		catalog = append(catalog, code)
	}
	if len(organs) == 0 || len(columns) == 0 || len(themes) == 0 || len(genres) == 0 {
		return fmt.Errorf("import generate: the store has no departments with an organisation code, columns, themes or genres (load the demo first: serve --demo)")
	}
	slices.Sort(catalog) // map order is random; the output must not be
	pick := func(list []string) string { return list[rng.IntN(len(list))] }
	lastYear := refs.Today.Year - 1
	seq := map[string]int{}
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	for i := range count {
		year := lastYear - rng.IntN(10)
		month, day := 1+rng.IntN(12), 1+rng.IntN(28)
		written := fmt.Sprintf("%04d-%02d-%02d", year, month, day)
		pubDay := min(28, day+rng.IntN(5))
		published := fmt.Sprintf("%04d-%02d-%02d", year, month, pubDay)
		organ := pick(organs)
		key := organ + "/" + fmt.Sprint(year)
		seq[key]++
		topic, kind := pick(genTopics), pick(genKinds)
		r := publish.ImportRecord{
			IndexNumber: fmt.Sprintf("%s/%d-%08d", orgOf[organ], year, 50000+seq[key]),
			Title:       fmt.Sprintf("菊园新区关于%s的%s（%d年第%d号）", topic, kind, year, i+1),
			Organs:      []string{organ},
			WrittenOn:   written,
			PublishedOn: published,
			Theme:       pick(themes),
			Genre:       pick(genres),
			Keywords:    topic,
			Summary:     fmt.Sprintf("菊园新区%d年%s%s。", year, topic, kind),
			Columns:     []string{pick(columns)},
			Validity:    "active",
		}
		if rng.IntN(3) == 0 {
			r.DocNumber = fmt.Sprintf("嘉菊发〔%d〕%d号", year, 1+rng.IntN(200))
		}
		if rng.IntN(4) == 0 {
			r.EffectiveOn = published
		}
		if other := pick(organs); other != organ && rng.IntN(10) == 0 {
			r.Organs = append(r.Organs, other)
		}
		if len(catalog) > 0 && rng.IntN(10) == 0 {
			r.Catalog = []string{pick(catalog)}
		}
		switch v := rng.IntN(20); {
		case v == 0:
			r.Validity = "expired"
		case v == 1:
			r.Validity = "repealed"
		case v == 2:
			r.Validity = "amended"
		}
		var body strings.Builder
		fmt.Fprintf(&body, "<p>%s现就做好%s工作通知如下。</p>", pick(genOpening), topic)
		for n := 2 + rng.IntN(4); n > 0; n-- {
			fmt.Fprintf(&body, "<p>%s</p>", pick(genMiddle))
		}
		fmt.Fprintf(&body, "<p>%s</p>", pick(genClosing))
		r.BodyHTML = body.String()
		if err := enc.Encode(&r); err != nil {
			return err
		}
	}
	return nil
}
