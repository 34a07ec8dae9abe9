package demo

// columns is the 政务公开 section of the demo portal, laid out as a Shanghai
// district or town section usually is: the dynamic columns (政务动态, 通知公告)
// and 政策文件 with its interpretations first, then 规划计划, 人事, 财政
// 预决算, the 重点领域 columns and the statutory columns (年报, 指南, 机构职能).
// Parents come before their children. Kind sets the freshness window
// (publish.ColumnKind); Dept is the department that keeps the column fresh.
var columns = []demoColumn{
	{Code: "zwdt", Name: "政务动态", Kind: "news", Dept: "jy-dzb"},
	{Code: "tzgg", Name: "通知公告", Kind: "notice", Dept: "jy-dzb"},
	{Code: "zcwj", Name: "政策文件", Kind: "policy", Dept: "jy-dzb"},
	{Code: "gfxwj", Name: "行政规范性文件", Parent: "zcwj", Kind: "policy", Dept: "jy-dzb"},
	{Code: "qtwj", Name: "其他文件", Parent: "zcwj", Kind: "policy", Dept: "jy-dzb"},
	{Code: "zcjd", Name: "政策解读", Kind: "policy", Dept: "jy-dzb"},
	{Code: "ghjh", Name: "规划计划", Kind: "plan", Dept: "jy-jjfz"},
	{Code: "rsxx", Name: "人事信息", Kind: "personnel", Dept: "jy-dzb"},
	{Code: "czyjs", Name: "财政预决算", Kind: "plan", Dept: "jy-jjfz"},
	{Code: "zdly", Name: "重点领域信息公开", Kind: "static", Dept: "jy-zwgk"},
	{Code: "shjz", Name: "社会救助", Parent: "zdly", Kind: "notice", Dept: "jy-sqfw"},
	{Code: "ywjy", Name: "义务教育", Parent: "zdly", Kind: "notice", Dept: "jy-sqfw"},
	{Code: "jycy", Name: "就业创业", Parent: "zdly", Kind: "notice", Dept: "jy-sqfw"},
	{Code: "sthj", Name: "生态环境", Parent: "zdly", Kind: "notice", Dept: "jy-ghjs"},
	{Code: "csgx", Name: "城市更新与加装电梯", Parent: "zdly", Kind: "notice", Dept: "jy-ghjs"},
	{Code: "ggzyjy", Name: "公共资源交易", Parent: "zdly", Kind: "notice", Dept: "jy-jjfz"},
	{Code: "ndbg", Name: "政府信息公开年报", Kind: "plan", Dept: "jy-zwgk"},
	{Code: "zwgkgz", Name: "政务公开工作", Kind: "notice", Dept: "jy-zwgk"},
	{Code: "gkzn", Name: "政府信息公开指南", Kind: "static", Dept: "jy-zwgk"},
	{Code: "jgzn", Name: "机构职能", Kind: "static", Dept: "jy-dzb"},
}

// catalog is the demo 基层政务公开标准目录 of 菊园新区, in the columns of the
// national template (国办发〔2019〕54号). It covers eight of the 26 pilot
// areas. Channels are values of publish.Channels; Audience all/specific,
// Mode active/on_request, Level county/township/village.
var catalog = []demoCatalog{
	// 财政预决算
	{
		Code: "czyjs-01", Area: "财政预决算", Level1: "预算公开", Level2: "部门预算",
		Content:   "部门预算说明（部门职责、机构设置、预算收支情况、“三公”经费、机关运行经费、政府采购、国有资产占用、绩效目标等）；部门收支总表、收入总表、支出总表、财政拨款收支总表、一般公共预算支出功能分类表、一般公共预算基本支出经济分类表、政府性基金预算支出表、“三公”经费支出表。",
		Basis:     "《中华人民共和国预算法》第十四条；《中华人民共和国预算法实施条例》第六条；《政府信息公开条例》第二十条第（七）项",
		TimeLimit: "财政部门批复后20日内",
		Subject:   "菊园新区管委会",
		Channels:  []string{"政府网站", "公开查阅点"},
		Audience:  "all", Mode: "active", Level: "township", Dept: "jy-jjfz",
	},
	{
		Code: "czyjs-02", Area: "财政预决算", Level1: "决算公开", Level2: "部门决算",
		Content:   "部门决算说明（收支决算总体情况、“三公”经费支出决算、机关运行经费、政府采购支出、国有资产占用、预算绩效情况、名词解释）；部门决算收支总表及相关报表。",
		Basis:     "《中华人民共和国预算法》第十四条；《中华人民共和国预算法实施条例》第六条；《政府信息公开条例》第二十条第（七）项",
		TimeLimit: "财政部门批复后20日内",
		Subject:   "菊园新区管委会",
		Channels:  []string{"政府网站", "公开查阅点"},
		Audience:  "all", Mode: "active", Level: "township", Dept: "jy-jjfz",
	},
	{
		Code: "czyjs-03", Area: "财政预决算", Level1: "预算执行", Level2: "村级财务收支",
		Content:   "村级组织财务收支明细、集体资产资源发包租赁情况、村级公益事业建设项目资金使用情况。",
		Basis:     "《中华人民共和国村民委员会组织法》第三十条；《政府信息公开条例》第二十一条",
		TimeLimit: "每季度结束后15日内",
		Subject:   "黄墙村村民委员会",
		Channels:  []string{"社区/企事业单位/村公示栏（电子屏）", "入户/现场"},
		Audience:  "specific", Mode: "active", Level: "village", Dept: "jy-c-hb",
	},
	// 社会救助
	{
		Code: "shjz-01", Area: "社会救助", Level1: "最低生活保障", Level2: "政策法规及办事指南",
		Content:   "最低生活保障政策依据、保障标准、申请条件、申请材料、办理流程、办理时限、受理地点、咨询电话。",
		Basis:     "《社会救助暂行办法》第二章；《最低生活保障审核确认办法》；《上海市社会救助条例》；《政府信息公开条例》第二十条第（十一）项",
		TimeLimit: "信息形成或者变更之日起20个工作日内",
		Subject:   "菊园新区管委会",
		Channels:  []string{"政府网站", "两微一端", "公开查阅点", "政务服务中心", "便民服务站"},
		Audience:  "all", Mode: "active", Level: "township", Dept: "jy-sqfw",
	},
	{
		Code: "shjz-02", Area: "社会救助", Level1: "最低生活保障", Level2: "审核对象公示",
		Content:   "拟新增最低生活保障对象的户主姓名（部分隐去）、所在居村、保障人数、拟保障金额，公示期限及监督电话。",
		Basis:     "《社会救助暂行办法》第十一条；《上海市社会救助条例》",
		TimeLimit: "审核确认后及时公示，公示期7日",
		Subject:   "菊园新区管委会",
		Channels:  []string{"社区/企事业单位/村公示栏（电子屏）"},
		Audience:  "specific", Mode: "active", Level: "village", Dept: "jy-sqfw",
	},
	{
		Code: "shjz-03", Area: "社会救助", Level1: "监督管理", Level2: "救助资金发放情况",
		Content:   "按季度汇总的最低生活保障、特困人员供养、临时救助的救助人次和资金发放总额（不含个人信息）。",
		Basis:     "《社会救助暂行办法》第十一章；《政府信息公开条例》第二十条第（十一）项",
		TimeLimit: "每季度结束后20个工作日内",
		Subject:   "菊园新区管委会",
		Channels:  []string{"政府网站", "公开查阅点"},
		Audience:  "all", Mode: "active", Level: "township", Dept: "jy-sqfw",
	},
	// 义务教育
	{
		Code: "ywjy-01", Area: "义务教育", Level1: "招生入学", Level2: "入学政策及信息登记",
		Content:   "义务教育阶段招生入学政策、适龄儿童入学信息登记时间和方式、公办学校对口入学地段、咨询电话。",
		Basis:     "《中华人民共和国义务教育法》第十二条；《政府信息公开条例》第二十条第（十一）项",
		TimeLimit: "信息形成或者变更之日起20个工作日内，入学登记开始前",
		Subject:   "嘉定区教育局、菊园新区管委会",
		Channels:  []string{"政府网站", "两微一端", "纸质媒体", "社区/企事业单位/村公示栏（电子屏）", "12345热线"},
		Audience:  "all", Mode: "active", Level: "county", Dept: "jd",
	},
	{
		Code: "ywjy-02", Area: "义务教育", Level1: "校外培训", Level2: "校外培训机构信息",
		Content:   "学科类校外培训机构白名单，包括机构名称、办学地址、办学许可证编号、收费标准、监督举报电话。",
		Basis:     "《政府信息公开条例》第二十条第（五）项",
		TimeLimit: "信息形成或者变更之日起20个工作日内",
		Subject:   "菊园新区管委会",
		Channels:  []string{"政府网站", "社区/企事业单位/村公示栏（电子屏）"},
		Audience:  "all", Mode: "active", Level: "township", Dept: "jy-sqfw",
	},
	{
		Code: "ywjy-03", Area: "义务教育", Level1: "学生资助", Level2: "家庭经济困难学生资助",
		Content:   "资助政策、资助对象和标准、申请条件、申请程序及受理地点。",
		Basis:     "《中华人民共和国义务教育法》第四十四条；《政府信息公开条例》第二十条第（十一）项",
		TimeLimit: "每学期开学前",
		Subject:   "菊园新区管委会",
		Channels:  []string{"政府网站", "精准推送"},
		Audience:  "specific", Mode: "active", Level: "township", Dept: "jy-sqfw",
	},
	// 就业
	{
		Code: "jiuye-01", Area: "就业", Level1: "就业创业政策", Level2: "扶持政策及申请指南",
		Content:   "稳岗扶持、创业带动就业、职业技能培训补贴等政策的适用对象、补贴标准、申请材料、办理流程和受理地点。",
		Basis:     "《中华人民共和国就业促进法》第二章；《政府信息公开条例》第二十条第（十一）项",
		TimeLimit: "信息形成或者变更之日起20个工作日内",
		Subject:   "菊园新区管委会",
		Channels:  []string{"政府网站", "两微一端", "政务服务中心", "精准推送"},
		Audience:  "all", Mode: "active", Level: "township", Dept: "jy-sqfw",
	},
	{
		Code: "jiuye-02", Area: "就业", Level1: "公益性岗位", Level2: "岗位招用信息",
		Content:   "公益性岗位名称、数量、招用条件、报名方式和时间、招用结果。",
		Basis:     "《中华人民共和国就业促进法》第五十二条；《政府信息公开条例》第二十条第（十一）项",
		TimeLimit: "招用工作开始前5个工作日",
		Subject:   "菊园新区管委会",
		Channels:  []string{"政府网站", "公开查阅点", "便民服务站", "社区/企事业单位/村公示栏（电子屏）"},
		Audience:  "all", Mode: "active", Level: "township", Dept: "jy-sqfw",
	},
	// 生态环境
	{
		Code: "sthj-01", Area: "生态环境", Level1: "环境质量", Level2: "环境质量状况",
		Content:   "辖区空气质量优良天数、主要污染物浓度，地表水考核断面水质类别，声环境质量概况。",
		Basis:     "《中华人民共和国环境保护法》第五十四条；《政府信息公开条例》第二十条第（十三）项",
		TimeLimit: "每季度结束后20个工作日内",
		Subject:   "菊园新区管委会",
		Channels:  []string{"政府网站", "两微一端"},
		Audience:  "all", Mode: "active", Level: "township", Dept: "jy-ghjs",
	},
	{
		Code: "sthj-02", Area: "生态环境", Level1: "环境监管", Level2: "“双随机、一公开”检查结果",
		Content:   "抽查事项、检查对象名称、检查时间、检查结果及处理情况。",
		Basis:     "《中华人民共和国环境保护法》第五十四条；《国务院办公厅关于推广随机抽查规范事中事后监管的通知》（国办发〔2015〕58号）",
		TimeLimit: "检查结束后20个工作日内",
		Subject:   "菊园新区管委会",
		Channels:  []string{"政府网站"},
		Audience:  "all", Mode: "active", Level: "township", Dept: "jy-ghjs",
	},
	{
		Code: "sthj-03", Area: "生态环境", Level1: "生活垃圾分类", Level2: "分类实效测评结果",
		Content:   "各居住区、村生活垃圾分类实效测评得分、等级及整改要求。",
		Basis:     "《上海市生活垃圾管理条例》；《政府信息公开条例》第二十一条",
		TimeLimit: "每季度测评结束后20个工作日内",
		Subject:   "菊园新区管委会",
		Channels:  []string{"政府网站", "社区/企事业单位/村公示栏（电子屏）"},
		Audience:  "all", Mode: "active", Level: "township", Dept: "jy-ghjs",
	},
	// 公共资源交易
	{
		Code: "ggzy-01", Area: "公共资源交易", Level1: "政府采购", Level2: "中标、成交结果",
		Content:   "采购项目名称、项目编号、采购人、采购代理机构、中标（成交）供应商名称和地址、中标（成交）金额、主要标的信息。",
		Basis:     "《中华人民共和国政府采购法》第十一条；《中华人民共和国政府采购法实施条例》第四十三条",
		TimeLimit: "中标、成交供应商确定之日起2个工作日内",
		Subject:   "菊园新区管委会",
		Channels:  []string{"政府网站"},
		Audience:  "all", Mode: "active", Level: "township", Dept: "jy-jjfz",
	},
	{
		Code: "ggzy-02", Area: "公共资源交易", Level1: "工程建设项目招标投标", Level2: "中标候选人公示",
		Content:   "项目名称、招标人、中标候选人名称及排序、投标报价、公示期、异议渠道。",
		Basis:     "《中华人民共和国招标投标法》第十六条；《中华人民共和国招标投标法实施条例》第五十四条",
		TimeLimit: "收到评标报告之日起3日内，公示期不少于3日",
		Subject:   "菊园新区管委会",
		Channels:  []string{"政府网站"},
		Audience:  "all", Mode: "active", Level: "township", Dept: "jy-jjfz",
	},
	// 城乡规划
	{
		Code: "cxgh-01", Area: "城乡规划", Level1: "规划编制", Level2: "规划草案公示及批后公布",
		Content:   "规划草案、公示时间和意见反馈方式；经批准的规划文本及图件（涉密内容除外）。",
		Basis:     "《中华人民共和国城乡规划法》第八条、第二十六条",
		TimeLimit: "草案公告不少于30日；批准后20个工作日内公布",
		Subject:   "菊园新区管委会",
		Channels:  []string{"政府网站", "发布会/听证会", "公开查阅点", "社区/企事业单位/村公示栏（电子屏）"},
		Audience:  "all", Mode: "active", Level: "township", Dept: "jy-ghjs",
	},
	// 重大建设项目
	{
		Code: "zdxm-01", Area: "重大建设项目", Level1: "批准服务信息", Level2: "项目审批及实施信息",
		Content:   "项目名称、建设地点、建设规模、总投资、审批（核准、备案）结果、招标投标、施工进度、竣工验收情况。",
		Basis:     "《国务院办公厅关于推进重大建设项目批准和实施领域政府信息公开的意见》（国办发〔2017〕94号）；《政府信息公开条例》第二十条第（十）项",
		TimeLimit: "信息形成或者变更之日起20个工作日内",
		Subject:   "菊园新区管委会",
		Channels:  []string{"政府网站", "社区/企事业单位/村公示栏（电子屏）"},
		Audience:  "all", Mode: "active", Level: "township", Dept: "jy-ghjs",
	},
	// 市政服务
	{
		Code: "szfw-01", Area: "市政服务", Level1: "城市更新", Level2: "既有多层住宅加装电梯",
		Content:   "加装电梯补贴政策、申请条件和流程；拟补贴项目名单（小区、楼栋、补贴金额）及公示期、异议反馈渠道。",
		Basis:     "《政府信息公开条例》第二十一条；《菊园新区既有多层住宅加装电梯补贴实施办法》",
		TimeLimit: "信息形成或者变更之日起20个工作日内；拟补贴名单公示期10日",
		Subject:   "菊园新区管委会",
		Channels:  []string{"政府网站", "便民服务站", "社区/企事业单位/村公示栏（电子屏）"},
		Audience:  "all", Mode: "active", Level: "township", Dept: "jy-ghjs",
	},
	{
		Code: "szfw-02", Area: "市政服务", Level1: "城市更新", Level2: "旧住房更新改造",
		Content:   "年度旧住房更新改造项目计划、改造内容、施工单位、施工期限、投诉电话。",
		Basis:     "《政府信息公开条例》第二十一条",
		TimeLimit: "项目开工前",
		Subject:   "菊园新区管委会",
		Channels:  []string{"政府网站", "入户/现场", "社区/企事业单位/村公示栏（电子屏）"},
		Audience:  "all", Mode: "active", Level: "township", Dept: "jy-ghjs",
	},
	{
		Code: "szfw-03", Area: "市政服务", Level1: "公用事业", Level2: "停水停电及道路施工信息",
		Content:   "计划停水、停电、道路施工的时间、范围、交通组织方式和咨询电话。",
		Basis:     "《政府信息公开条例》第二十一条",
		TimeLimit: "实施前3日",
		Subject:   "菊园新区管委会",
		Channels:  []string{"政府网站", "两微一端", "社区/企事业单位/村公示栏（电子屏）", "精准推送"},
		Audience:  "all", Mode: "active", Level: "township", Dept: "jy-ghjs",
	},
}

// points are the 公共查阅点 and 电子信息屏 for 定点公开. The addresses are
// fictitious.
var points = []demoPoint{
	{
		Code:    "cyd-sqfw",
		Name:    "菊园新区社区事务受理服务中心政务公开查阅点",
		Address: "上海市嘉定区平城路1211号一楼大厅",
		Hours:   "周一至周五 9:00—17:00，周六 9:00—12:00（法定节假日除外）",
		Dept:    "jy-sqfw",
	},
	{
		Code:    "dzp-yx",
		Name:    "园新居委会电子信息屏",
		Address: "上海市嘉定区菊园新区园新路288弄居委会门前",
		Hours:   "每日 7:00—21:00 滚动播放",
		Dept:    "jy-jw-yx",
	},
	{
		Code:    "gsl-hb",
		Name:    "黄墙村村务公开栏（电子屏）",
		Address: "上海市嘉定区菊园新区黄墙村村民委员会办公楼东侧",
		Hours:   "全天",
		Dept:    "jy-c-hb",
	},
}
