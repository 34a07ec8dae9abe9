package corpus

import (
	"math/rand/v2"
	"slices"
)

// The vocabulary is ranked: a document's words are drawn by a Zipf
// distribution over the ranks, so the first words are in almost every
// document and the last in a handful per hundred thousand. The ranking is
// the same for every seed (the seed picks the documents, not the words), so
// the query set means the same thing at every size.

// veryCommon are the words of almost every document (ranks 0–11).
var veryCommon = []string{"工作", "通知", "公开", "管理", "服务", "社区", "推进", "落实", "加强", "建设", "部门", "开展"}

// function words and set phrases of official prose (the next ranks).
var functionWords = []string{"的", "和", "与", "及", "等", "对", "在", "为", "按照", "根据", "进一步", "有关", "相关", "各项",
	"要求", "情况", "单位", "全面", "切实", "确保", "围绕", "结合", "坚持", "做好", "明确", "各级", "统一", "积极"}

// nouns of the district's business.
var nouns = []string{"居民", "群众", "企业", "项目", "资金", "安全", "环境", "卫生", "教育", "养老", "就业", "住房", "交通", "河道",
	"绿化", "垃圾", "消防", "物业", "小区", "村民", "农田", "文化", "体育", "医疗", "保险", "救助", "补贴", "预算", "审计", "档案",
	"信息", "数据", "平台", "网格", "志愿者", "党员", "干部", "人才", "科技", "产业", "经济", "市场", "价格", "质量", "标准", "规划",
	"土地", "道路", "桥梁", "管网", "雨水", "污水", "燃气", "电力", "通信", "学校", "幼儿园", "医院", "食品", "药品", "农产品", "商户",
	"街区", "厂房", "仓库", "车辆", "停车", "电梯", "老人", "儿童", "妇女", "残疾人", "退役军人", "困难家庭", "低保", "民生", "法治",
	"信访", "调解", "舆情", "应急", "防汛", "台风", "隐患", "执法", "监督", "考核", "评估", "培训", "宣传", "会议", "方案", "制度",
	"机制", "政策", "条例", "办法", "细则", "目录", "清单", "台账", "报告", "指标", "任务", "目标", "成效", "问题", "风险", "合同",
	"招标", "采购", "工程", "设施", "场所", "窗口", "事项", "证照", "许可", "备案", "税收", "统计", "人口", "户籍", "婚姻", "殡葬",
	"宗教", "民族", "侨务", "征兵", "民防", "气象", "水利", "林地", "湿地", "空气", "噪声", "扬尘", "能耗", "碳排放", "光伏", "充电桩"}

// modifiers and verbs that make compounds with the nouns.
var modifiers = []string{"完善", "优化", "提升", "规范", "深化", "健全", "统筹", "保障", "实施", "组织", "督促", "指导", "检查",
	"整治", "改造", "更新", "维护", "申报", "审核", "公示", "发放", "登记", "排查", "治理", "协调", "配合", "研究", "制定", "修订",
	"印发", "执行", "报送", "联动", "共享", "创新", "巩固", "持续", "重点", "专项", "长效", "综合", "基层", "年度", "季度", "日常",
	"有序", "及时", "严格", "智慧", "数字", "绿色", "老旧", "公共", "社会", "集体", "农村", "城市"}

// Characters of place names: roads, estates and villages of a district.
var (
	placeFirst  = []rune("嘉菊园城塔沪叶胜平福永新兴安和树桃李梅兰竹望仓裕民德汇学申宝")
	placeSecond = []rune("新城北南东西康乐华丰盛泰宁林海江湖祥瑞")
	placeKinds  = []string{"路", "公路", "苑", "村", "居委会", "小区"}
)

// VocabularySize is how many ranked words there are.
const VocabularySize = 6000

// vocabSeed fixes the ranking of everything past the function words.
const vocabSeed = 20240601

// Vocabulary returns the ranked words, most frequent first.
func Vocabulary() []string {
	seen := map[string]bool{}
	var head []string
	add := func(list *[]string, w string) {
		if !seen[w] {
			seen[w] = true
			*list = append(*list, w)
		}
	}
	for _, w := range veryCommon {
		add(&head, w)
	}
	for _, w := range functionWords {
		add(&head, w)
	}
	rng := rand.New(rand.NewPCG(vocabSeed, 1))
	// Single nouns and modifiers come before the compounds; each group
	// in an order of its own.
	var singles []string
	for _, w := range nouns {
		add(&singles, w)
	}
	for _, w := range modifiers {
		add(&singles, w)
	}
	rng.Shuffle(len(singles), func(i, j int) { singles[i], singles[j] = singles[j], singles[i] })
	var compounds []string
	for _, m := range modifiers {
		for _, n := range nouns {
			compounds = append(compounds, m+n)
		}
	}
	for _, a := range nouns {
		for _, b := range nouns {
			if a != b && len([]rune(a)) == 2 && len([]rune(b)) == 2 {
				compounds = append(compounds, a+b)
			}
		}
	}
	for _, f := range placeFirst {
		for _, s := range placeSecond {
			if f != s {
				compounds = append(compounds, string(f)+string(s)+placeKinds[int(f+s)%len(placeKinds)])
			}
		}
	}
	rng.Shuffle(len(compounds), func(i, j int) { compounds[i], compounds[j] = compounds[j], compounds[i] })
	out := append(slices.Clone(head), singles...)
	for _, w := range compounds {
		if len(out) == VocabularySize {
			break
		}
		add(&out, w)
	}
	return out
}
