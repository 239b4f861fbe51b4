"""Metrics: what counts as one, its value in base units, unit, qualifier, measure (ANNOTATION 4)."""

from __future__ import annotations

import pytest
from govkg.extract.lexicon import load_table
from govkg.extract.metrics import metrics
from govkg.extract.text import Doc
from hypothesis import given, settings
from hypothesis import strategies as st


def found(excerpt: str, **options):
    return list(metrics(Doc.from_text(excerpt), **options))


# (excerpt, text, value, unit): cut from the seeds and the State Council corpus.
QUANTITIES = [
    ("召开民主生活会2次", "2次", 2, "次"),
    ("家庭医生签约服务团队8个，签约1.2万人。", "1.2万人", 12000, "人"),
    ("累计筛查16万余例；", "16万余例", 160000, "例"),
    ("全年服务辖区居民36万人次。", "36万人次", 360000, "人次"),
    ("全年提供助餐服务6万余人次。", "6万余人次", 60000, "人次"),
    ("实体大厅达到85%以上”", "85%以上", 85, "%"),
    ("办结率均为100%，在全市位居前列", "100%", 100, "%"),
    ("为25名残疾学生发放教育补贴5万元。", "5万元", 50000, "元"),
    ("全年共开展社区协商68余场", "68余场", 68, "场"),
    ("每季度开展1 次党建专题调研", "1 次", 1, "次"),
    ("五类基本公共卫生服务项目有效落实", "五类", 5, "类"),
    ("购置xx公务车一辆。", "一辆", 1, "辆"),
    ("河北等地的市州政协客人25批227人次", "227人次", 227, "人次"),
    ("审批事项办理时长压缩至*个工作日内", "*个工作日内", None, "工作日"),
    ("明确**万个（户）纳入保障对象", "**万个（户）", None, "个"),
    ("对政策外围近**万个低保边缘户", "近**万个", None, "个"),
    ("近*亿余元资金监管全覆盖", "近*亿余元", None, "元"),
    ("织密全市近**万困境儿童的分类保障网", "近**万", None, ""),
    ("目前社区工作者人均收入每年*.*万元", "*.*万元", None, "元"),
    ("*3家社工站实体化运营", "*3家", None, "家"),
    ("安全行驶xx万公里", "xx万公里", None, "公里"),
    ("保障出车xx余次", "xx余次", None, "次"),
    ("粮食产量一百二十万吨。", "一百二十万吨", 1200000, "吨"),
    ("二十三个省、自治区", "二十三个", 23, "个"),
    ("全国已有百分之十五的农户", "百分之十五", 15, "%"),
    ("增长百分之十五点五。", "百分之十五点五", 15.5, "%"),
    ("中央财政赤字1.55万亿元，", "1.55万亿元", 1550000000000, "元"),
    ("清洁能源消费比重提高6.3个百分点。", "6.3个百分点", 6.3, "百分点"),
    ("城镇登记失业率控制在4.6％以内；", "4.6％以内", 4.6, "%"),
    ("发电量３，１２０亿度，", "３，１２０亿度", 312000000000, "度"),
    ("粮食产量５．３１亿吨", "５．３１亿吨", 531000000, "吨"),
    ("棉花產量達到三千零九十二萬擔，", "三千零九十二萬擔", 30920000, "担"),
    ("人均预期寿命达到76.7岁。", "76.7岁", 76.7, "岁"),
    ("新建5万千瓦风电项目", "5万千瓦", 50000, "千瓦"),
    ("年产3000辆", "3000辆", 3000, "辆"),
    ("建设4000平方米保鲜库", "4000平方米", 4000, "平方米"),
    ("我国九亿多人民", "九亿多", 900000000, ""),
    ("我们是六万万人口的大国", "六万万", 600000000, ""),
    ("我国有十亿多人口，", "十亿多", 1000000000, ""),
    ("出版总量达到四百五十六亿印张，", "四百五十六亿印张", 45600000000, "印张"),
    ("苏联帮助我国建设的功率为7,000瓩的重水型原子反应堆", "7,000瓩", 7000, "瓩"),
    ("确保完成裁减员额50万的任务", "50万", 500000, ""),
    ("3个月", "3个月", 3, "月"),
    ("集体經济。七万戶的私营工業企業已", "七万戶", 70000, "户"),
    ("全年累计志愿服务时长1200小时。", "1200小时", 1200, "小时"),
    ("办理时限压缩至2小时以内。", "2小时以内", 2, "小时"),
    ("召开会议十余次，", "十余次", 10, "次"),
    ("近百名志愿者参与", "近百名", 100, "名"),
    ("培训千余人次", "千余人次", 1000, "人次"),
    ("税收优惠政策年度规模已超过万亿元。", "超过万亿元", 1000000000000, "元"),
    ("五年铁路正线铺轨总里程1 1 3 4 4 公里，", "1 1 3 4 4 公里", 11344, "公里"),
    ("电话交换机总容量达到1 ．1 亿门。", "1 ．1 亿门", 110000000, "门"),
    ("只用了3个多月时间", "3个多月", 3, "月"),
    ("截至2022，300家企业入驻", "300家", 300, "家"),
    ("共支出1,234,567元", "1,234,567元", 1234567, "元"),
    ("原煤产量达到七亿七千多万吨，", "七亿七千多万吨", 770000000, "吨"),
    ("因爲勞動效率過低損失二十三億五千多萬元，", "二十三億五千多萬元", 2350000000, "元"),
    # a count of times before the action it counts
    ("五次下调金融机构存贷款基准利率，四次下调存款准备金率", "四次", 4, "次"),
    ("三次提高出口退税率，", "三次", 3, "次"),
    # fractions: N分之M is a ratio without unit, 千分之 a per-mille, 成 tenths as written (D4)
    ("约占全年投资总额的三分之二。", "三分之二", 2 / 3, ""),
    ("企业开办时间缩短三分之一以上。", "三分之一以上", 1 / 3, ""),
    ("人口的年自然增长率，必须控制在千分之十三以下。", "千分之十三以下", 13, "‰"),
    ("四川省由千分之二十九降到千分之六点一", "千分之六点一", 6.1, "‰"),
    ("夏粮减产一成以上。", "一成以上", 1, "成"),
    ("重污染天数下降超过五成，", "超过五成", 5, "成"),
    # a size written with scale characters only (D19)
    ("加快全国新增千亿斤粮食生产能力建设", "千亿斤", 100000000000, "斤"),
    ("总额首次突破万亿元，", "万亿元", 1000000000000, "元"),
    # 个 then a measure noun (D4)
    ("人口自然增长率下降1.5个千分点，", "1.5个千分点", 1.5, "千分点"),
    ("死亡率下降０．８个千分点，", "０．８个千分点", 0.8, "千分点"),
]


@pytest.mark.parametrize(("excerpt", "text", "value", "unit"), QUANTITIES)
def test_quantity(excerpt, text, value, unit):
    got = {m.text: m for m in found(excerpt)}
    assert text in got, f"{text!r} not found in {excerpt!r}: {list(got)}"
    m = got[text]
    assert m.value == value and type(m.value) is type(value)
    assert m.unit == unit
    assert m.redacted == (value is None)


# (excerpt, text, approximate)
QUALIFIERS = [
    ("累计筛查16万余例", "16万余例", "余"),
    ("对政策外围近**万个低保边缘户", "近**万个", "近"),
    ("近*亿余元资金监管", "近*亿余元", "近"),
    ("实体大厅达到85%以上", "85%以上", "以上"),
    ("提价幅度超过20%。", "超过20%", "超过"),
    ("覆盖面达到20%左右。", "20%左右", "左右"),
    ("约七十八万吨，", "约七十八万吨", "约"),
    ("组织2000多位专家", "2000多位", "多"),
    ("召开民主生活会2次", "2次", None),
]


@pytest.mark.parametrize(("excerpt", "text", "approximate"), QUALIFIERS)
def test_qualifier(excerpt, text, approximate):
    got = {m.text: m.approximate for m in found(excerpt)}
    assert got.get(text, "missing") == approximate


# Numbers that are not metrics: dates, ages, numbering, names, formulations, negated zeros.
NOT_METRICS = [
    "2023年完成审批服务",
    "7月底前全部完成",
    "*年*月，区委召开会议",
    "一九五八年度的计划",
    "对辖区35-60岁已婚妇女开展筛查",
    "为辖区60岁以上老年人购买服务",
    "80周岁以上老年人",
    "一、坚持固本强基",
    "（一）注重理论武装",
    "一是注重制度落实",
    "1.加强党的建设",
    "认真学习宣传贯彻党的二十大精神",
    "狠抓“三会一课”落实",
    "“五个一”工作机制",
    "第十四次全国民政会议",
    "六大功能于一体的智慧化养老服务平台",
    "自觉增强“四个意识”、坚定“四个自信”、做到“两个维护”",
    "全年未发生一起违法乱纪行为",
    "打造一个“*分钟养老服务圈”",
    "贫困重度残疾人两项补贴工作任务",
    "严格落实中央八项规定和省市委十项规定",
    "建立一个中心、两个基本点",
    "同全世界人民一起，坚决反对",
    "科学技术的发展主要是抓好两头。",
    "签发《关于印发2023年工作要点的通知》",
    "第一手资料",
    "进一步加强",
    "一次性临时生活补贴",
    "三次产业协调发展",
    "推动“五位一体”总体布局",
    "票证多达几十种，",
    "建设的兰州、吉林（二期）等肥料厂",
    "已经过去了一年零两个月",
    "投资超5亿元的项目",
    "10蒸吨及以下燃煤锅炉",
    "新建220千伏变电站",
    "排名全省前10名",
    "PM2.5浓度下降",
    "5G基站",
    "十分重要",
    "设立24小时值班电话",
    "打造15分钟生活圈",
    "百姓满意",
    "上百家企业",
    "数百个村",
    "十件实事",
    "开始建设三门峡的水利枢纽",
    "**处长带队检查",
    "**人大常委会",
    "xx项目顺利推进",
    "**司法所所长",
    "为**家庭提供服务",
    "千方百计",
    "五届人大四次会议",
    "一成不变",
    "建设百万吨级乙烯",
    "我们千万不可轻视",
    "社会主义革命两次伟大胜利",
    "国内生产总值达到74.4\n\u200b\n万亿元",  # not 万亿元 alone; the number is cut by a break
]


@pytest.mark.parametrize("excerpt", NOT_METRICS)
def test_not_a_metric(excerpt):
    assert [m.text for m in found(excerpt)] == []


# (excerpt, text, measure): the shortest phrase of the clause saying what is counted.
MEASURES = [
    ("参加中心组学习**次", "**次", "中心组学习"),
    ("召开民主生活会2次", "2次", "民主生活会"),
    ("其中护理型床位占比**%", "**%", "护理型床位占比"),
    ("全市养老机构数达**家", "**家", "养老机构数"),
    ("总床位数达到**万张", "**万张", "总床位数"),
    ("带头结对帮扶**户儿童", "**户", "结对帮扶儿童"),
    ("开展**次对接帮扶", "**次", "对接帮扶"),
    ("送去**万元帮扶资金", "**万元", "帮扶资金"),
    ("新建4家社区养老服务中心", "4家", "新建社区养老服务中心"),
    ("建成22个“健康自测小屋”", "22个", "“健康自测小屋”"),
    ("巡察组反馈的36个问题", "36个", "巡察组反馈的问题"),
    ("全年共受理联动诉求45件", "45件", "受理联动诉求"),
    ("主动沟通率为100%", "100%", "主动沟通率"),
    ("明确**万个（户）纳入保障对象", "**万个（户）", "纳入保障对象"),
    ("签约1.2万人", "1.2万人", "签约"),
    ("七万户的私营工业企业已经变为", "七万户", "私营工业企业"),
    ("新增等级评估社会组织**家", "**家", "新增等级评估社会组织"),
    ("防范化解安全生产领域重大风险等重点调研视察16次", "16次", "重点调研视察"),
    ("河北等地的市州政协客人25批227人次", "227人次", "市州政协客人"),
    ("支持社会组织实施社会服务项目*个", "*个", "社会服务项目"),
    ("投入*万元，对*日间照料中心提档升级", "*万元", "日间照料中心提档升级"),
    ("为*余名老人提供资源链接", "*余名", "老人提供资源链接"),
    ("实现利润4657亿元，增长8.1%。", "8.1%", "利润增长"),
    ("孤儿保障标准每人每月*元", "*元", "孤儿保障标准"),
    ("2023年完成审批服务事项进驻率达到85%以上", "85%以上", "审批服务事项进驻率"),
    # a line break inside a sentence (hard-wrapped pages) is no clause break
    ("今年广义货币M\n2\n预期增长12%左右，", "12%左右", "广义货币M2预期增长"),
    ("新建\n高速铁路\n投产里程超过1900公里，", "超过1900公里", "新建高速铁路投产里程"),
    ("食糖产量前\n\u200b\n三年共增加了十六万吨", "十六万吨", "食糖产量前三年共增加"),
    ("一是\n发行1000亿元长期国债", "1000亿元", "发行长期国债"),
    # 由A提高到B, 从A增加到B: both values measure what changes, named before 由/从
    ("降低并统一大病保险起付线，报销比例由50%提高到60%，", "50%", "报销比例"),
    ("降低并统一大病保险起付线，报销比例由50%提高到60%，", "60%", "报销比例"),
    (
        "将小规模纳税人增值税起征点从月销售额3万元提高到15万元、",
        "15万元",
        "小规模纳税人增值税起征点",
    ),
    ("中国科学院的科学研究机构将由４４个发展到６０个，", "６０个", "中国科学院的科学研究机构"),
    ("机制纸：从三十七万吨增加到六十五万吨，", "三十七万吨", "机制纸"),
    (
        "我国进出口贸易总额，由一九七八年的三百五十五亿元增加到一九八二年的七百七十二亿元",
        "三百五十五亿元",
        "进出口贸易总额",
    ),
    ("轨道交通运营里程从4500多公里增加到近1万公里，", "近1万公里", "轨道交通运营里程"),
    # a clause of a date and a number is measured by the clause before it
    (
        "农民人均纯收入，１９８２年为２７０元，１９８７年提高到４６３元，",
        "２７０元",
        "农民人均纯收入",
    ),
    (
        "农民人均纯收入，１９８２年为２７０元，１９８７年提高到４６３元，",
        "４６３元",
        "农民人均纯收入",
    ),
    # the level reached after a change measures the thing, not its change
    ("粮食总产量增加１０９亿公斤，达到４０２４亿公斤。", "４０２４亿公斤", "粮食总产量"),
    ("棉花增加了约三百九十万担，达到三千二百八十万担；", "三千二百八十万担", "棉花"),
    # a span of time, a modal or a verb of reaching at either end is not what is measured
    ("五年累计实际利用外资2894亿美元，", "2894亿美元", "实际利用外资"),
    ("今后三年各级政府拟投入8500亿元，", "8500亿元", "各级政府投入"),
    ("一九五八年的工业总产值则为七百一十九亿六千万元，", "七百一十九亿六千万元", "工业总产值"),
    ("我国60岁以上人口已达2.5亿。", "2.5亿", "60岁以上人口"),
    ("高等教育毛入学率提高到30%。", "30%", "高等教育毛入学率"),
    ("病虫的危害损失率一般已降低到百分之二以下。", "百分之二以下", "病虫的危害损失率一般"),
    ("2007年参保人数突破2亿人，", "2亿人", "参保人数"),
    ("电报线路总长度将达到５３．７万公里，", "５３．７万公里", "电报线路总长度"),
    ("现在我国人口已经达到１２亿，", "１２亿", "人口"),
    ("国家外汇储备2000年底达1656亿美元，", "1656亿美元", "国家外汇储备"),
    ("国民生产总值１９８７年达到１０９２０亿元，", "１０９２０亿元", "国民生产总值"),
    (
        "城市居民最低生活保障的覆盖人数，由年初的４００多万人扩大到年末的１１７０万人",
        "４００多万人",
        "城市居民最低生活保障的覆盖人数",
    ),
    ("钢完成９６．４％，", "９６．４％", "钢完成"),
    # the verb before the first number of a list counts every item of it
    ("改造和新建1.88万所乡镇卫生院、786所县医院、285所县中医院", "786所", "新建县医院"),
    ("发展外贸新业态，新设152个跨境电商综试区，", "152个", "新设跨境电商综试区"),
    # a rate of change after a total is the change of that total
    ("国家财政收入达13380亿元，平均每年增长16.5％。", "16.5％", "国家财政收入平均每年增长"),
    (
        "公路通车里程由1997年的123万公里增加到2002年的176万公里，",
        "176万公里",
        "公路通车里程",
    ),
    # one number counting two nouns joined by 和 (not two numbers joined by 和)
    ("对政策外围近**万个低保边缘户和支出型贫困户", "近**万个", "政策外围低保边缘户和支出型贫困户"),
    ("４０多位外国元首和政府首脑来访，", "４０多位", "外国元首和政府首脑来访"),
    # 分别: the n-th number measures the n-th thing listed
    ("城乡低保标准分别提高13.1%和17.7%，", "17.7%", "城乡低保标准提高"),
    ("煤炭、电解铝分别淘汰落后生产能力1.1亿吨和120万吨。", "120万吨", "电解铝淘汰落后生产能力"),
    (
        "城镇居民人均可支配收入和农村居民人均纯收入分别实际增长8.4％和11.4％。",
        "11.4％",
        "农村居民人均纯收入实际增长",
    ),
    # a share or multiple of a whole is measured by the whole, without its 的
    ("这方面的投资占总投资的百分之三十八点五，", "百分之三十八点五", "这方面的投资占总投资"),
    ("棉紗四百六十萬件，等於一九四九年的二點六倍；", "二點六倍", "等於一九四九年"),
    # the noun after an amount stops at the verb saying what it does
    ("使用1000亿元失业保险基金支持稳岗和培训", "1000亿元", "使用失业保险基金"),
    # a bare word takes what the sentence named with it before (家庭医生签约)
    ("家庭医生签约服务团队8个，签约1.2万人。", "1.2万人", "家庭医生签约"),
    ("用于农村寄宿制学校建设工程，7651所学校受益。", "7651所", "农村寄宿制学校"),
    ("外贸进出口总额突破５０００亿美元，其中出口２６６２亿美元，", "２６６２亿美元", "出口"),
    # an amount a funding verb puts in: its payer and its use, not the modal and the verb
    ("今年中央财政拟投入423亿元，用于扶助和促进就业。", "423亿元", "中央财政扶助和促进就业"),
    ("中央财政将投入60亿元。", "60亿元", "中央财政投入"),
    ("今年中央预算内投资拟安排7000亿元。", "7000亿元", "中央预算内投资"),
    (
        "中央财政安排51亿元，用于支持地方加强公共卫生服务，",
        "51亿元",
        "中央财政支持地方加强公共卫生服务",
    ),
]


@pytest.mark.parametrize(("excerpt", "text", "measure"), MEASURES)
def test_measure(excerpt, text, measure):
    got = {m.text: m for m in found(excerpt)}
    m = got[text]
    assert m.measure == measure
    if m.measure_start is not None:
        assert excerpt[m.measure_start : m.measure_end] == m.measure


def test_ratio_parts_are_metrics_without_unit():
    got = [(m.text, m.value, m.unit) for m in found("三次产业结构比例为3.6:48:48.4。")]
    assert got == [("3.6", 3.6, ""), ("48", 48, ""), ("48.4", 48.4, "")]


def test_a_list_shares_the_unit_after_its_last_number():
    got = [
        (m.text, m.value, m.unit)
        for m in found("沙化土地面积分别净减少10.6万、3.8万、3.3万平方公里。")
    ]
    assert got == [
        ("10.6万", 106000, "平方公里"),
        ("3.8万", 38000, "平方公里"),
        ("3.3万平方公里", 33000, "平方公里"),
    ]


def test_a_clock_time_is_not_a_ratio():
    assert found("上午8:30召开会议") == []


def test_range_gives_both_ends():
    got = [(m.text, m.value, m.unit) for m in found("每年新增3-5万人")]
    assert got == [("3", 30000, "人"), ("5万人", 50000, "人")]


def test_offsets_point_into_the_text_as_read():
    text = "棉花產量達到３，０３６萬擔，比上年增長９％。"
    for m in found(text):
        assert text[m.start : m.end] == m.text
    assert [m.text for m in found(text)] == ["３，０３６萬擔", "９％"]


def test_measures_can_be_skipped():
    assert [m.measure for m in found("召开民主生活会2次", measures=False)] == [""]


def test_lexicons_are_well_formed():
    units = load_table("metric_units")
    for key in (
        "units",
        "units_after_ge",
        "scales",
        "approx_before",
        "approx_after_number",
        "approx_after_unit",
        "negations",
        "cn_vague_units",
    ):
        assert units[key], key
    for word in units["units"]:
        assert word and not any(c.isspace() or c.isdigit() for c in word), word
    assert all(isinstance(v, int) and v > 1 for v in units["scales"].values())
    measure = load_table("metric_measure")
    for key in ("lead", "light_verbs", "trail", "after_stop"):
        assert all(w and not any(c.isspace() for c in w) for w in measure[key]), key


_ALPHABET = st.sampled_from(
    list(
        "0123456789.,%％*×xX一二两三四五六七八九十百千万亿零余多近约超以上左右第年月日岁个次人元家"
        "项件名户类萬億餘戶個㈠½㎡万亿“”《》（）()、，。；：\n 　签约召开民主生活会率达到为的"
    )
)


@settings(max_examples=300, deadline=None)
@given(st.one_of(st.text(), st.text(_ALPHABET, max_size=60)))
def test_any_text_gives_metrics_that_slice_back(text):
    doc = Doc.from_text(text)
    for m in metrics(doc):
        assert 0 <= m.start < m.end <= len(text)
        assert text[m.start : m.end] == m.text
        assert m.redacted == (m.value is None)
        if m.measure_start is not None:
            assert text[m.measure_start : m.measure_end] == m.measure


@settings(max_examples=300, deadline=None)
@given(st.integers(min_value=0, max_value=10**13))
def test_chinese_numerals_read_as_cn2an_writes_them(n):
    import cn2an
    from govkg.extract.metrics import _cn_value

    assert _cn_value(cn2an.an2cn(n)) == n
