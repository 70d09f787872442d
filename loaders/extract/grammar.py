"""The name grammar: head nouns (suffixes) that type an organisation, and the boundary rules
that tell where a name starts (after verbs, prepositions, dates, list markers, titles).

Only generic vocabulary lives here: no names of particular organisations.
"""

from __future__ import annotations

import re

from innograph.loaders.extract.lexicon import trie_regex

CJK = "\u4e00-\u9fff"

# Head nouns -> organisation kind. Longest suffix wins (the trie regex is leftmost-longest).
SUFFIX_KIND: dict[str, str] = {}


def _add(kind: str, words: str) -> None:
    for w in words.split():
        SUFFIX_KIND[w] = kind


_add("University", "大学 学院 研究生院 医学院 商学院 分校 大学（深圳） 大学（苏州）")
_add("ResearchInstitute", """研究院 研究所 研究总院 实验室 重点实验室 研究中心 技术中心 工程中心 创新中心 研发中心
     设计中心 检测中心 检验所 检测所 数据中心 大数据中心 实验站 科学院 研究局 分院 分中心 合作中心 测试中心
     计量所 计量院 检验检测中心 质检所 质检院 技术研究院 工业研究院 测试所 验证中心 创新研究院 新型研发机构总部
     产研院 工研院""")
_add("Enterprise", """有限公司 有限责任公司 股份有限公司 股份公司 公司 集团 控股集团 银行 分行 支行 分公司 子公司 交易所
     证券交易所 事务所 （有限合伙） (有限合伙) 药业 制药""")
_add("Incubator", """孵化器 众创空间 加速器 加速中心 孵化中心 孵化基地 科技园 产业园 创新园 创业园 科创园 软件园 产业基地
     创新基地 创业基地 大学科技园 创新港 研发社区 创新社区 双创基地 创业中心 创客空间 产业园区 科学园 数字产业基地
     孵化园 创意园 文化产业园 智造园 众创社区 基地 创新工场 加速营 高科技园区 科技园区 创新空间 创业空间 创想空间
     孵化空间 创意产业园 科创产业园 科技产业园""")
_add("Government", """人民政府 政府 管委会 管理委员会 委员会 执委会 管理办 管理办公室 办公室 办事处 国务院 办公厅 总局
     管理局 监管局 执法局 委办 人大办 政协办 人大常委会 理事会 招商中心 服务中心 保护中心
     促进中心 新闻中心 路演中心 政务服务中心 人才服务中心 科技局 工信局 商务局 民政局 财政局 教育局 科技厅 工信厅
     商务厅 教育厅 财政厅 科技部 工信部 发改委 发展和改革委员会 统计局 审计局 税务局 公安局 司法局 市场监管局
     生态环境局 自然资源局 交通运输局 农业农村局 水利局 水务局 文旅局 卫健委 人社局 住建局 应急管理局 数据局
     大数据管理局 行政审批局 城乡发展局 科技创新局 经济发展局 投资促进局 规划局 知识产权局 金融监管局 外办
     科学技术局 科学技术厅 工业和信息化局 工业和信息化厅 工业和信息化部 科学技术部 省委 市委 区委 县委""")
_add("Association", """协会 学会 商会 联盟 联合会 促进会 研究会 基金会 科协 工商联 工作委员会 专业委员会 俱乐部 总会
     仲裁中心 调解中心 工程院 校友会 产业联盟 创新联盟 战略联盟""")

# 委员会 is government unless it is a society's working committee.
SUFFIX_RE = re.compile(trie_regex(SUFFIX_KIND))

# Brand-like heads: only names in an enumeration typed by its category noun (A、B等企业) use them.
BRAND_HEADS = ("科技 生物 医疗 新材 精工 基因 智能 网络 自动化 数控 电子 软件 汽车 医学 药业 制药 动物 实验设备 "
               "信息 材料 能源 环保 光电 半导体 微电子 机器人 云引擎 工控 金融科技 数字科技 汽车配件").split()

# Words after which a name starts (verbs, prepositions, conjunctions, determiners, titles).
BOUNDARY_WORDS = """
依托 联合 携手 牵手 联手 签署 签订 签约 共建 合作共建 共同建设 共同打造 落户 入驻 成立 设立 举办 举行 召开 揭牌 启动
推动 推进 打造 建立 建成 引进 引入 培育 支持 包括 其中 作为 成为 获得 荣获 获评 获批 入选 认定 参加 出席 组织
主办 承办 协办 指导 位于 坐落 来自 属于 以及 对接 深化 加强 拓展 聚集 集聚 吸引 拥有 依靠 借助 通过 根据 按照 围绕
面向 覆盖 加快 积极 持续 充分 发挥 鼓励 邀请 组建 发布 公布 授予 颁发 表彰 开展 实施 收购 并购 分别
首家 首个 首批 一批 一家 一个 这 该 此 其 各 全国 全省 全市 全区 我国 我市 我区 本市 本区 省级 市级
区级 国家级 知名 优秀 优质 龙头 骨干 新型 一流 领先 头部 大型 中小 各类 相关 所属 下属 旗下 直属 由 与 和 及
或 在 于 是 为 将 把 被 从 让 等 的 了 暨 赴 以 及其 即将 正式 成功 顺利
新增 累计 共有 现有 新建 筹建 会同 之一 等等 主要 包含 涵盖 带动 服务于 走进 走访 考察 调研
参观 莅临 看望 会见 会谈 座谈 洽谈 宣讲 授牌 挂牌 颁奖 发起 倡议 申报 评选 评审 考核 通报 获
董事长 总经理 院长 校长 主任 书记 局长 厅长 部长 区长 市长 县长 镇长 理事长 会长 秘书长 总裁 副总裁 首席 教授 院士
确定 引导 规范 提高 贯彻落实 落实 标志着 标志 落地 面向 分散在 上级 历届 代表 下简称 简称 并共同为 为了 打通 致力于 助力
依据 经过 对于 关于 围绕着 联合发布 携同 协同推进 配合 服务 需要 可以 能够 应当 希望 正在 已经 同时 此外 另外 以及与 并与 均为
最终 助推 抢抓 针对 为了解 更多 参赛项目 大赛项目 中共 部委办 以下简称 首次 首股 深入 区委 市委 县委 党工委 创建 争创 建设 整合 吸纳 对标 凭借 推进 使 超 建有 调整 凝聚 结合 布局 平方 年内 构建 完善 提升 优化 强化
培养 形成 实现 促进 加大 增强 设在 设有 下设 扶持 认定为 获批为 命名为 申请 承担 参与 牵头 主导 协助 加入 运营 发展
突破 更好 强 已经 截至 目前 期间 方面 其中有 包括了 以及在 重点吸纳 吸引了 集聚了 拥有了 建立了 成立了 设立了 引进了
博士 专家 负责人 代表 嘉宾 领导 同志 先生 女士 创始人 合伙人 研究员 工程师 称号 名单 评为 列入 纳入 荣誉
此次 本次 这次 近日 日前 今年 去年 明年 已有 已在 建设了 一系列 全面 进一步 依托于
"""
BOUNDARY_WORD_LIST = sorted(set(BOUNDARY_WORDS.split()), key=len, reverse=True)
BOUNDARY_RE = re.compile(
    trie_regex(BOUNDARY_WORD_LIST)
    # dates, numbers and counters: 2021年, 3月16日, 12家, 第十二届, 1., (一)
    + r"|\d+(?:\.\d+)?(?:年度?|月|日|号|家|个|所|项|批|位|名|支|届|期|亿元?|万元?|多家|余家|多个|余个)?"
    + r"|[一二三四五六七八九十百千]+(?:家|个|所|项|批|位|名|支|届|期|大)"
    + r"|第[一二三四五六七八九十\d]+[届批期次个]"
    + r"|[（(][一二三四五六七八九十\d]{1,3}[）)]|^\d{1,2}[.．、]|——|第[一二三四五六七八九十]+[章节条]"
)

# Compounds inside names that contain a boundary character (和/与/及/的).
PROTECTED_RE = re.compile(
    r"工业和信息化|发展和改革|人力资源和社会保障|住房和城乡建设|文化和旅游|自然资源和规划|经济和信息化|卫生和计划生育"
    r"|科学和技术|教育和科技|商务和|交通和|农业和农村|技术与|科学与|设计与|制造与|工程与|管理与|信息与|材料与|装备与"
    r"|规划与|研究与|创新与|环境与|能源与|生命与|健康与|智能与|产品与"
    r"|国家|高等|平等|同等|对外|自由|理由|首都|都市|在线|生产建设兵团|建设投资|建设集团|建设工程|在岸|离岸|以上|以下|以来|使用|超大|超高|强化|发展中心|建设局|建设有限|建设发展|建设投资|运营有限|运营管理|联合协调|联合创新|联合研究|联合国|服务业|服务中心|服务有限|服务集团|企业服务|科技服务|创业服务|有为|为民|和平|和谐|及时|等离子|经济|经开|经贸|经营|以色列|如皋|同济|同方|同程"
    r"|至诚|至纯|向日葵|从化|于都|是否|被动|到家|一家|家园|将军|把握|让渡|的士|了解|着力|即墨|暨南"
)

# Characters that can be part of a name.
NAME_CHAR_RE = re.compile(rf"[{CJK}A-Za-z0-9０-９Ａ-Ｚａ-ｚ·•\-－—–（）()&＆+＋ ]")

# Characters that always end a name on the left.
HARD_STOP = set("，,。、；;：:！!？?“”‘’\"《》〈〉【】[]「」『』 \t\n/／|…")

# Generic vocabulary: a name whose stem is only made of these is a generic phrase (各类科技企业孵化器).
GENERIC_WORDS = """
生产 产业化 实训 培训 实践 离岸孵化 飞地 以上 以下 合资 全资 跨国 子公司 外国 计划单列市 直辖市 自治区 部委办 委办局 党委 党委政府 （ ） 深入 院所 机构 科研院所 高校院所 研究机构 专业 独立 法人 独立法人 细分 公司 实验室 孵化器 加速器 发展 建设 运营 创新发展 高质量 高水平 新型研发 研发机构 科技 企业 创新 创业 技术 产业 研发 孵化 高新 高新技术 工程 重点 国家 国家级 省级 市级 区级 县级 省 市 区 县 镇 新型
专业 综合 公共 服务 平台 各类 优质 知名 一流 国际 国内 海外 境外 外资 民营 国有 中小 大型 龙头 骨干 头部 上市 科创
双创 众创 数字 智能 制造 信息 软件 生物 医药 新材料 材料 能源 金融 文化 教育 医疗 健康 人工智能 集成电路 互联网
工业互联网 大数据 示范 特色 专精特新 瞪羚 独角兽 规上 规模以上 研究 开发 设计 检测 认证 咨询 管理 投资 资本 创投
基金 联合 合作 协同 成果转化 转化 科学 工业 现代 先进 高端 新兴 战略性 未来 离岸 在岸 各 该 本 此 其 一批 多家 若干
首个 首家 共享 开放 实验 中外 中外合作 高等 高校 院校 职业 重大 新 大 小 高 等 级 类 型 化 性 一家 一个 这 那 全球 世界
地方 区域 全国 全省 全市 全区 本地 当地 相关 有关 下属 所属 直属 我国 我省 我市 我区 企业级 科技型 创新型 高成长
科研 学术 产学研 政产学研 成果 知识产权 标准 质量 安全 环境 生态 绿色 低碳 节能 环保 农业 服务业 科技服务 商务 贸易
物流 电子商务 电商 网络 通信 电子 汽车 装备 机械 化工 纺织 建筑 交通 旅游 体育 卫生 社会 人才 人力资源 就业 创客
青年 大学生 留学人员 海归 归国 女性 科技人员 工匠 技能 公益 志愿 社区 街道 园区 开发区 高新区 片区 新区 政府 管理
部门 机关 单位 机构 组织 团队 项目 载体 空间 基地 中心 省属 市属 区属 校企 校地 院地 政企 军民 融合 新一代 第三方 行业
领域 主体 头雁 领军 标杆 示范性 试点 培育 备案 认定 评价 绩效 年度 首批 第一批 第二批 第三批 优秀 先进性 卓越
城市 城乡 市政 园林 人防 档案 大科学装置 科学装置 装置 设施 信息化 数字化 智能化 数字经济 仿制药 创新药 原料药 已建 已有 部委 实体 纳米 半导体 光电 新能源 区块链 车联网 物联网 云计算 仿真 特色 专业化 市场化 国际化 综合性 创新性
"""
GENERIC_RE = re.compile("(?:" + trie_regex(set(GENERIC_WORDS.split())) + ")+")

# Categories of an enumeration "A、B、C等<category>" and the kind they give their items.
ENUM_CATEGORY_KIND: dict[str, str] = {}
for _w in "优势企业 代表企业 创新型企业 高新技术企业 科技型企业 明星企业 企业 公司 龙头企业 科技企业 重点企业 骨干企业 知名企业 行业龙头 头部企业 上市企业 上市公司 互联网公司 平台企业 车企 药企 优质企业 创新企业 领军企业".split():
    ENUM_CATEGORY_KIND[_w] = "Enterprise"
for _w in "高校 大学 知名高校 院校 国际一流院校 一流院校 名校 高等院校".split():
    ENUM_CATEGORY_KIND[_w] = "University"
for _w in "院所 科研院所 研究机构 研发机构 大院大所 高校院所 科研机构 新型研发机构 创新平台 实验室 研究院".split():
    ENUM_CATEGORY_KIND[_w] = "ResearchInstitute"
for _w in "载体 园区 孵化器 众创空间 孵化载体 科创载体 产业园 创新载体 特色载体".split():
    ENUM_CATEGORY_KIND[_w] = "Incubator"
for _w in "协会 联盟 商会 社会组织".split():
    ENUM_CATEGORY_KIND[_w] = "Association"
for _w in "部门 单位 政府部门 委办局".split():
    ENUM_CATEGORY_KIND[_w] = "Government"
ENUM_CATEGORY_RE = re.compile(r"等(?:\d+|[一二三四五六七八九十百多几]+)?(?:家|个|所|批|余家|多家)?(?:国内外|国际|国内|知名|一批|重点|优秀|行业|大型|领先|优质)?(" + trie_regex(ENUM_CATEGORY_KIND) + ")")

# Territorial prefixes that stand for "the province/city/district of this document": 省科技厅, 市科协, 区政府.
RELATIVE_PREFIX_RE = re.compile(r"^(省|市|区|县|镇)(?=[" + CJK + r"]{2,})")

# Canonical spellings of government-department abbreviations (surface forms stay as aliases).
DEPT_CANON: list[tuple[str, str]] = [
    ("产研院", "产业技术研究院"),
    ("工研院", "工业技术研究院"),
    ("科技局", "科学技术局"),
    ("科技厅", "科学技术厅"),
    ("工信局", "工业和信息化局"),
    ("工信厅", "工业和信息化厅"),
    ("发改委", "发展和改革委员会"),
    ("管委会", "管理委员会"),
    ("市场监管局", "市场监督管理局"),
    ("人社局", "人力资源和社会保障局"),
    ("住建局", "住房和城乡建设局"),
    ("卫健委", "卫生健康委员会"),
]


# Determiners and counters (首个, 一批) end a name on the left even though they are generic words.
SOFT_BOUNDARIES = ({w for w in BOUNDARY_WORD_LIST if GENERIC_RE.fullmatch(w)} | {"联合", "发展", "运营", "服务", "促进"}) - {
    "建设", "深入", "以下简称", "等", "首个", "首家", "首批", "一批", "一家", "一个", "已建", "已有", "城市"}
# A head noun followed by one of these characters is part of a longer word (院长, 大学生, 细分行业).
HEAD_NEXT_BAD = set("长士业生员")
