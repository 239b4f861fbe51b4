"""Policies: titles in 《》 that end like rules, short titles of standing rules, quoted 文件."""

import pytest
from govkg.extract.lexicon import load_words
from govkg.extract.policies import is_policy_title, policies
from govkg.extract.text import Doc
from hypothesis import given, settings
from hypothesis import strategies as st


def names(text):
    return [m.name for m in policies(Doc.from_text(text))]


@pytest.mark.parametrize(
    ("excerpt", "expected"),
    [
        (
            "认真抓好《中国共产党廉洁自律准则》、《中国共产党纪律处分条例》等党内法规",
            "中国共产党纪律处分条例",
        ),
        (
            "率先出台《关于完善事实无人抚养儿童保障制度的若干措施》，在政策上",
            "关于完善事实无人抚养儿童保障制度的若干措施",
        ),
        (
            "正在会同区委组织部草拟《关于加强专职社区工作者职业体系建设的实施办法（试行）》。",
            "关于加强专职社区工作者职业体系建设的实施办法（试行）",
        ),
        (
            "研究制定《*区居家和社区养老服务改革试点工作实施方案（*-*年）》，确定了",
            "*区居家和社区养老服务改革试点工作实施方案（*-*年）",
        ),
        ("首个社区养老服务地方标准《社区养老服务规范》经市质监局批准发布", "社区养老服务规范"),
        (
            "制定《机关党组落实意识形态工作责任制责任清单》《市政协机关意识形态工作要点》，",
            "市政协机关意识形态工作要点",
        ),
        (
            "请有关方面领导和专家解读《中华人民共和国促进科技成果转化法》等法律法规",
            "中华人民共和国促进科技成果转化法",
        ),
        # D11, D15: short titles without 《》
        ("严格落实中央八项规定和省市委十项规定，定期对“四风”问题进行排查", "八项规定"),
        ("严格落实中央八项规定和省市委十项规定，定期对“四风”问题进行排查", "省市委十项规定"),
        ("模范遵守中央“八项规定”精神，做廉洁表率。", "八项规定"),
        ("主动学习宪法、民法典及有关法律法规，严格落实", "民法典"),
        ("把党章和党内政治生活若干准则作为净化政治生态的重要内容", "党内政治生活若干准则"),
        # D15: laws cited by a short title after a verb that applies or makes them
        ("努力扩大就业。认真贯彻实施就业促进法和劳动合同法。坚持实行", "劳动合同法"),
        ("努力扩大就业。认真贯彻实施就业促进法和劳动合同法。坚持实行", "就业促进法"),
        ("认真贯彻行政许可法、公务员法和全面推进依法行政实施纲要", "公务员法"),
        ("全面实施新的企业所得税法，统一内外资企业税收", "企业所得税法"),
        # a title put into effect is a document whatever its ending
        ("深入推进“互联网+”行动和国家大数据战略，全面实施《中国制造2025》，落实", "中国制造2025"),
        # D15: titles in “” that the text calls 文件
        (
            "制定出台“社会组织双重管理机制、社会组织资金管理办法、社会组织论坛活动管理办法”等系列文件。",
            "社会组织资金管理办法",
        ),
        (
            "制定出台“社会组织双重管理机制、社会组织资金管理办法、社会组织论坛活动管理办法”等系列文件。",
            "社会组织双重管理机制",
        ),
    ],
)
def test_finds(excerpt, expected):
    assert expected in names(excerpt)


def test_line_breaks_inside_the_marks():
    # text copied from linked web pages puts the title on a line of its own
    assert names("根据《\n中华人民共和国著作权法\n》第五条第一项") == ["中华人民共和国著作权法"]


def test_short_form_names_the_full_title():
    # D15: 党章 / 《中国共产党章程》 are one policy named by the short form
    found = names(
        "组织机关党组成员集中学习《中国共产党章程》《中国共产党党组工作条例》。做党章党规党纪的自觉尊崇者"
    )
    assert found.count("党章") == 2 and "中国共产党章程" not in found


def test_full_title_alone_keeps_its_name():
    assert names("集中学习《中国共产党章程》。") == ["中国共产党章程"]


@pytest.mark.parametrize(
    ("excerpt", "name"),
    [
        ("精研细读《习近平谈治国理政》等纲领性书目，扎实开展", "习近平谈治国理政"),
        ("在《xx政协报》《**日报》上刊登政协履职专版，", "xx政协报"),
        ("协助开展《新阶段**产业创新发展战略研究》课题研究，支持", "新阶段**产业创新发展战略研究"),
        ("大宗物品采购、出版《**脱贫攻坚亲历者说》等均严格按照有关法律", "**脱贫攻坚亲历者说"),
        ("围绕“*”防灾减灾日、“*”宪法宣传日等重要时间节点", "宪法"),
        ("开展“美好生活民法典相伴”等宣教活动", "民法典"),
        (
            "认真学习《习近平新时代中国特色社会主义思想学习纲要》，",
            "习近平新时代中国特色社会主义思想学习纲要",
        ),
        # ways, acts and fields ending in 法 are no laws
        ("要认真执行上述办法，严格执法，推进科学立法", "上述办法"),
        ("实施相结合的办法，发展农村合作医疗", "相结合的办法"),
        ("稳步推进房地产税立法。规范地方政府举债", "房地产税立法"),
        ("认真学习《习近平谈治国理政》，", "习近平谈治国理政"),
        # D20: plans cited without 《》
        ("做好“十三五”规划纲要编制工作", "规划纲要"),
    ],
)
def test_does_not_find(excerpt, name):
    assert name not in names(excerpt)


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        ("中国共产党支部工作条例（试行）", True),
        ("关于调整社区工作者补贴的通知", True),
        ("国民经济和社会发展第十三个五年规划纲要(草案)", True),
        ("习近平谈治国理政", False),
        ("闪亮的“微”光", False),
        ("人民日报", False),
        ("纲要(草案)", False),
        ("条例", False),
    ],
)
def test_is_policy_title(title, expected):
    assert is_policy_title(title) is expected


@pytest.mark.parametrize(
    "name",
    [
        "policy_title_kinds",
        "policy_not_titles",
        "policy_short_titles",
        "policy_law_verbs",
        "policy_not_laws",
    ],
)
def test_lexicons_are_valid(name):
    words = load_words(name)
    assert words
    for w in words:
        assert all("\u4e00" <= ch <= "\u9fff" or ch == "=" for ch in w), (name, w)


@settings(max_examples=200, deadline=None)
@given(
    st.one_of(
        st.text(max_size=80),
        st.text(
            st.sampled_from(list("《》“”（）党章宪法八项规定中央条例通知等系列文件、x*\n")),
            max_size=80,
        ),
    )
)
def test_any_text_gives_valid_spans(text):
    for m in policies(Doc.from_text(text)):
        assert text[m.start : m.end] == m.text
        assert m.label == "Policy" and m.name
