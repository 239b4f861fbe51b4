"""Relations: each rule on excerpts of real reports, invariants on any text, P/R on the gold."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from govkg.extract import Entity, Mention, Metric, SourceDocument, extract_record
from govkg.extract.lexicon import load_table, load_words
from govkg.extract.relation_eval import (
    Tally,
    evaluate_seeds,
    format_table,
    score_relations,
)
from govkg.extract.relations import RELATION_TYPES, extract_relations, metric_id
from govkg.extract.text import Doc
from hypothesis import given, settings
from hypothesis import strategies as st

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
RELATION_GOLD = ROOT / "tests" / "relations_gold"

ORG, PRG, POL = "Organization", "Program", "Policy"


def entities_in(text: str, specs) -> list[Entity]:
    """Entities of an excerpt: each spec is (type, name, forms...); each form found is a mention."""
    entities = []
    for label, name, *forms in specs:
        mentions = []
        for form in forms or [name]:
            at = text.find(form)
            while at >= 0:
                if not any(m.start < at + len(form) and at < m.end for m in mentions):
                    mentions.append(
                        Mention.from_span(
                            text, at, at + len(form), label, name=name, extractor="test"
                        )
                    )
                at = text.find(form, at + 1)
        assert mentions, f"{form} is not in the excerpt"
        mentions.sort(key=lambda m: m.start)
        entities.append(
            Entity(
                f"{label[0]}:{name}",
                label,
                name,
                sorted({m.text for m in mentions} - {name}),
                mentions,
            )
        )
    return entities


def metrics_in(text: str, forms) -> list[Metric]:
    found = []
    for form, context in forms:
        at = text.index(context) + context.index(form)
        found.append(Metric(at, at + len(form), form, None, "", True, None, ""))
    return found


def typed(text: str, specs, metric_forms=(), *, title: str = "") -> set[tuple[str, str, str]]:
    doc = Doc.from_text(text)
    entities = entities_in(text, specs)
    metrics = metrics_in(text, metric_forms)
    names = (
        {e.id: e.name for e in entities}
        | {metric_id("d", q): q.text for q in metrics}
        | {"d": "DOC"}
    )
    found = set()
    for r in extract_relations(doc, entities, metrics, doc_id="d", title=title):
        ends = (names[r["source"]], names[r["target"]])
        if r["type"] == "partners_with":  # no direction: listed in name order
            ends = tuple(sorted(ends))
        if r["type"] != "co_occurs":
            found.add((r["type"], *ends))
    return found


CASES = [
    pytest.param(
        "任职以来，在区委、区政府的坚强领导和区人大、政协特别是人大常委会的监督指导下，我带领区民政系统干部职工认真学习。我局共办理人大建议*件。",
        [
            (ORG, "区委"),
            (ORG, "区政府"),
            (ORG, "区人大"),
            (ORG, "政协"),
            (ORG, "区人大常委会", "人大常委会"),
            (ORG, "区民政局", "我局"),
        ],
        {
            ("leads", "区委", "区民政局"),
            ("leads", "区政府", "区民政局"),
            ("oversees", "区人大", "区民政局"),
            ("oversees", "政协", "区民政局"),
            ("oversees", "区人大常委会", "区民政局"),
            ("written_by", "DOC", "区民政局"),
            ("part_of", "区人大常委会", "区人大"),
        },
        id="leads-and-oversight-frame",
    ),
    pytest.param(
        "我代表国务院向大会作报告。农业合作化运动在中共中央的正确领导下，发展得特别迅速。",
        [(ORG, "国务院"), (ORG, "中共中央")],
        {("written_by", "DOC", "国务院")},
        id="frame-about-something-else",
    ),
    pytest.param(
        "在区人大关心支持下，我局不断完善政府救助保险工作。",
        [(ORG, "区人大"), (ORG, "区民政局", "我局"), (PRG, "政府救助保险", "政府救助保险工作")],
        {("written_by", "DOC", "区民政局"), ("runs", "区民政局", "政府救助保险")},
        id="support-is-not-leadership",
    ),
    pytest.param(
        "我局工作中主动向市党政分管领导汇报巡察整改落实工作进展情况，主动接受派驻检监察组的监督。",
        [(ORG, "区民政局", "我局"), (ORG, "派驻检监察组")],
        {("written_by", "DOC", "区民政局"), ("oversees", "派驻检监察组", "区民政局")},
        id="accepts-supervision",
    ),
    pytest.param(
        "我局严格遵守规范性文件备案审查制度，已出台的规范性文件均通过了人大法制委审查。",
        [(ORG, "区民政局", "我局"), (ORG, "人大法制委")],
        {("written_by", "DOC", "区民政局"), ("oversees", "人大法制委", "区民政局")},
        id="passes-review",
    ),
    pytest.param(
        "在市委和市政协党组的领导下，在机关全体干部职工的支持下，我认真履行职责。完成市委巡察反馈的意识形态工作方面6个问题的整改。"
        "市政协机关运转顺畅。",
        [(ORG, "市委"), (ORG, "市政协党组"), (ORG, "市政协机关"), (ORG, "市政协")],
        {
            ("written_by", "DOC", "市政协机关"),
            ("leads", "市委", "市政协机关"),
            ("leads", "市政协党组", "市政协机关"),
            ("oversees", "市委", "市政协机关"),
            ("part_of", "市政协党组", "市政协"),
            ("part_of", "市政协机关", "市政协"),
        },
        id="author-by-its-staff-and-inspection",
    ),
    pytest.param(
        "履行机关党组第一责任人职责，代表机关党组就机关党建、重要事项等，及时向市委、市政协党组请示报告。",
        [(ORG, "机关党组"), (ORG, "市委"), (ORG, "市政协党组")],
        {("reports_to", "机关党组", "市委"), ("reports_to", "机关党组", "市政协党组")},
        id="reports-on-behalf-of",
    ),
    pytest.param(
        "我局加强干部选拔使用，向市委推荐正县级领导职务人选1名。",
        [(ORG, "区民政局", "我局"), (ORG, "市委")],
        {("written_by", "DOC", "区民政局")},
        id="recommending-is-not-reporting",
    ),
    pytest.param(
        "今年，市纪委对我局进行专项检查。区民政局与区财政局联合印发《困难群众救助资金管理办法》。",
        [
            (ORG, "市纪委"),
            (ORG, "区民政局", "区民政局", "我局"),
            (ORG, "区财政局"),
            (POL, "困难群众救助资金管理办法"),
        ],
        {
            ("written_by", "DOC", "区民政局"),
            ("oversees", "市纪委", "区民政局"),
            ("partners_with", "区民政局", "区财政局"),
            ("issues", "区民政局", "困难群众救助资金管理办法"),
            ("issues", "区财政局", "困难群众救助资金管理办法"),
        },
        id="inspects-and-co-issues",
    ),
    pytest.param(
        "我代表国务院作报告。我们必须认真执行中共中央和国务院《关于加强职工教育工作的决定》。",
        [(ORG, "国务院"), (ORG, "中共中央"), (POL, "关于加强职工教育工作的决定")],
        {
            ("written_by", "DOC", "国务院"),
            ("issues", "中共中央", "关于加强职工教育工作的决定"),
            ("issues", "国务院", "关于加强职工教育工作的决定"),
            ("implements", "国务院", "关于加强职工教育工作的决定"),
        },
        id="the-bodies-heading-a-title-issued-it",
    ),
    pytest.param(
        "我代表国务院作报告。违背英方关于使香港政制发展同《中华人民共和国香港特别行政区基本法》相衔接的承诺。",
        [(ORG, "国务院"), (POL, "中华人民共和国香港特别行政区基本法")],
        {("written_by", "DOC", "国务院")},
        id="no-cue-across-words",
    ),
    pytest.param(
        "今年以来，局党委坚持以习近平新时代中国特色社会主义思想为指导。狠抓“三会一课”落实，党员领导干部带头讲授2次党课；"
        "大力打造“链式服务”党建品牌。组织参观“清廉好家风”主题展览。为辖区老年人购买“三助一巡护”居家和社区养老服务。",
        [
            (ORG, "局党委"),
            (PRG, "三会一课"),
            (PRG, "链式服务"),
            (PRG, "清廉好家风"),
            (PRG, "三助一巡护"),
        ],
        {
            ("written_by", "DOC", "局党委"),
            ("runs", "局党委", "三会一课"),
            ("runs", "局党委", "链式服务"),
            ("runs", "局党委", "三助一巡护"),
        },
        id="own-voice-after-a-semicolon-and-visits-are-not-run",
    ),
    pytest.param(
        "我局目前正在会同区委组织部草拟《关于加强专职社区工作者职业体系建设的实施办法（试行）》。",
        [
            (ORG, "区民政局", "我局"),
            (ORG, "区委组织部"),
            (ORG, "区委"),
            (POL, "关于加强专职社区工作者职业体系建设的实施办法（试行）"),
        ],
        {
            ("written_by", "DOC", "区民政局"),
            ("partners_with", "区委组织部", "区民政局"),
            ("issues", "区民政局", "关于加强专职社区工作者职业体系建设的实施办法（试行）"),
            ("part_of", "区委组织部", "区委"),
        },
        id="jointly-drafts",
    ),
    pytest.param(
        "会同市纪委在全省率先建成“市县镇村”四级贯通的阳光资金监管平台。",
        [(ORG, "市纪委"), (PRG, "阳光资金监管平台")],
        set(),
        id="unknown-author-gets-no-edge",
    ),
    pytest.param(
        "我区编制的全市首个社区养老服务地方标准《社区养老服务规范》经市质监局批准发布并广泛实施。我局成立了。",
        [(ORG, "区民政局", "我局"), (ORG, "市质监局"), (POL, "社区养老服务规范")],
        {("written_by", "DOC", "区民政局"), ("issues", "市质监局", "社区养老服务规范")},
        id="issued-by-the-agent-after-jing",
    ),
    pytest.param(
        "我局认真学习《老年人权益保障法》《养老机构管理办法》《社会团体登记管理条例》等法律法规。",
        [
            (ORG, "区民政局", "我局"),
            (POL, "老年人权益保障法"),
            (POL, "养老机构管理办法"),
            (POL, "社会团体登记管理条例"),
        ],
        {
            ("written_by", "DOC", "区民政局"),
            ("implements", "区民政局", "老年人权益保障法"),
            ("implements", "区民政局", "养老机构管理办法"),
            ("implements", "区民政局", "社会团体登记管理条例"),
        },
        id="studies-a-list",
    ),
    pytest.param(
        "局党委认真抓好《中国共产党廉洁自律准则》、《中国共产党纪律处分条例》等党内法规的贯彻落实。",
        [(ORG, "局党委"), (POL, "中国共产党廉洁自律准则"), (POL, "中国共产党纪律处分条例")],
        {
            ("written_by", "DOC", "局党委"),
            ("implements", "局党委", "中国共产党廉洁自律准则"),
            ("implements", "局党委", "中国共产党纪律处分条例"),
        },
        id="implementation-said-after",
    ),
    pytest.param(
        "我局近年来出台了《关于调整社区工作者补贴的通知》等文件，持续开展“兴调研转作风促落实”行动。",
        [
            (ORG, "区民政局", "我局"),
            (POL, "关于调整社区工作者补贴的通知"),
            (PRG, "兴调研转作风促落实"),
        ],
        {
            ("written_by", "DOC", "区民政局"),
            ("issues", "区民政局", "关于调整社区工作者补贴的通知"),
            ("runs", "区民政局", "兴调研转作风促落实"),
        },
        id="issues-and-runs",
    ),
    pytest.param(
        "我局围绕区人大“以需求为导向的保障和改善民生战略行动计划”监督重点，重点推动养老服务工作。",
        [
            (ORG, "区民政局", "我局"),
            (ORG, "区人大"),
            (PRG, "以需求为导向的保障和改善民生战略行动计划"),
        ],
        {
            ("written_by", "DOC", "区民政局"),
            ("runs", "区人大", "以需求为导向的保障和改善民生战略行动计划"),
        },
        id="a-body-s-own-program",
    ),
    pytest.param(
        "在机关全体干部职工的支持下，我认真履职。协助省政协联合开展“芒果种子资源”等同题调研。市政协机关运转顺畅。",
        [(ORG, "市政协机关"), (ORG, "省政协"), (PRG, "芒果种子资源")],
        {
            ("written_by", "DOC", "市政协机关"),
            ("partners_with", "市政协机关", "省政协"),
            ("runs", "省政协", "芒果种子资源"),
            ("runs", "市政协机关", "芒果种子资源"),
        },
        id="joint-work",
    ),
    pytest.param(
        "我局成效明显。我区开展的“社会救助领域实施政府购买服务”在全国民政救助专题会上作交流推广。",
        [(ORG, "区民政局", "我局"), (PRG, "社会救助领域实施政府购买服务")],
        {("written_by", "DOC", "区民政局")},
        id="a-place-acts-not-the-author",
    ),
    pytest.param(
        "我局成效明显。全市首批“社区适老化改造试点建设项目”落户我区，正在积极推动。",
        [(ORG, "区民政局", "我局"), (PRG, "社区适老化改造试点建设项目")],
        {("written_by", "DOC", "区民政局"), ("runs", "区民政局", "社区适老化改造试点建设项目")},
        id="a-clause-of-only-a-verb-goes-on",
    ),
    pytest.param(
        "我局成效明显。除规范开展低保、医疗救助、临时救助、特困人员供养、丧葬救助、残疾人双补贴、"
        "政府救助保险、民政惠民济困保外，还积极引入社会力量参与救助工作。",
        [(ORG, "区民政局", "我局"), (PRG, "民政惠民济困保")],
        {("written_by", "DOC", "区民政局"), ("runs", "区民政局", "民政惠民济困保")},
        id="a-verb-governs-a-long-list",
    ),
    pytest.param(
        "*年*月我被区人大常委会任命为本届区政府组成部门民政局局长。",
        [(ORG, "区人大常委会"), (ORG, "区政府"), (ORG, "区民政局", "民政局")],
        {("written_by", "DOC", "区民政局"), ("part_of", "区民政局", "区政府")},
        id="author-by-post-and-constituent-department",
    ),
    pytest.param(
        "2023年，在区委、区政府的正确领导下，本人坚持两手抓，推动民政事业高质量发展。制定区民政局2023年党建工作要点。",
        [(ORG, "区委"), (ORG, "区政府"), (ORG, "区民政局")],
        {
            ("written_by", "DOC", "区民政局"),
            ("leads", "区委", "区民政局"),
            ("leads", "区政府", "区民政局"),
        },
        id="author-by-the-field-the-opening-names",
    ),
    pytest.param(
        "一年来，在市委市政府的正确领导和市政协的有力指导下，我坚持推进政协履职和**事业高质量发展。",
        [(ORG, "市委"), (ORG, "市政府"), (ORG, "市政协")],
        set(),
        id="a-body-above-the-author-is-not-the-author",
    ),
    pytest.param(
        "在市委的领导下，在机关全体干部职工的支持下，我认真履职。以双重身份参加市政协党组、机关党组专题民主生活会，组织修订完善机关党委“三会一课”制度。",
        [
            (ORG, "市委"),
            (ORG, "市政协机关", "机关"),
            (ORG, "市政协"),
            (ORG, "市政协党组"),
            (ORG, "机关党组"),
            (ORG, "机关党委"),
            (PRG, "三会一课"),
        ],
        {
            ("leads", "市委", "市政协机关"),
            ("part_of", "市政协党组", "市政协"),
            ("part_of", "机关党组", "市政协机关"),
            ("part_of", "机关党委", "市政协机关"),
            ("part_of", "市政协机关", "市政协"),
            ("runs", "机关党委", "三会一课"),
        },
        id="part-of-by-name",
    ),
]


@pytest.mark.parametrize(("text", "specs", "expected"), CASES)
def test_relation_rules(text, specs, expected):
    found = typed(text, specs)
    if any(t == "written_by" for t, _, _ in expected) or "written_by" not in {
        t for t, _, _ in found
    }:
        assert found == expected
    else:  # the author is not the point of the case
        assert {f for f in found if f[0] != "written_by"} == expected


@pytest.mark.parametrize(
    ("text", "specs", "metric_forms", "expected"),
    [
        pytest.param(
            "*年，我局共办理人大建议*件，办结率*%，满意率*%。",
            [(ORG, "区民政局", "我局"), (ORG, "区人大", "人大")],
            [("*件", "建议*件"), ("*%", "办结率*%"), ("*%", "满意率*%")],
            {("measures", "*件", "区民政局"), ("measures", "*%", "区民政局")},
            id="the-subject-s-numbers",
        ),
        pytest.param(
            "一年来，精心筹备召开2次全委会议、18次主席会议。",
            [(ORG, "主席会议")],
            [("2次", "2次全委"), ("18次", "18次主席")],
            {("measures", "18次", "主席会议")},
            id="the-body-after-the-number",
        ),
        pytest.param(
            "加强干部选拔使用，向市委推荐正县级领导职务人选1名。",
            [(ORG, "市委")],
            [("1名", "人选1名")],
            set(),
            id="not-whom-one-reports-to",
        ),
        pytest.param(
            "深化“放管服”改革，实行一次性告知等制度，审批事项办理时长压缩至*个工作日内。",
            [(PRG, "放管服")],
            [("*个工作日内", "至*个工作日内")],
            {("measures", "*个工作日内", "放管服")},
            id="the-program-the-sentence-opens-with",
        ),
        pytest.param(
            "本人扎实履行常委职责，指导全局办理政协提案**件，委员来信**件。",
            [(ORG, "市政协", "政协")],
            [("**件", "提案**件")],
            set(),
            id="not-whose-members-send-proposals",
        ),
        pytest.param(
            "落实“银发顾问”制度，为*余名老人提供资源链接；开展“耆乐融融”照护培训项目，惠及*余户家庭。",
            [(PRG, "银发顾问"), (PRG, "耆乐融融")],
            [("*余名", "为*余名"), ("*余户", "惠及*余户")],
            {("measures", "*余名", "银发顾问"), ("measures", "*余户", "耆乐融融")},
            id="the-program-the-clause-before-carries-out",
        ),
        pytest.param(
            "新建1个省级示范儿童“关爱之家”，进一步发挥平台作用。",
            [(PRG, "关爱之家")],
            [("1个", "新建1个")],
            {("measures", "1个", "关爱之家")},
            id="the-program-a-few-words-after",
        ),
        pytest.param(
            "巡察组反馈的36个问题已全部整改完毕。",
            [(ORG, "巡察组")],
            [("36个", "36个问题")],
            set(),
            id="not-the-inspector",
        ),
    ],
)
def test_measures(text, specs, metric_forms, expected):
    found = {f for f in typed(text, specs, metric_forms) if f[0] == "measures"}
    assert {(t, s, tg) for t, s, tg in found} == expected


def test_relations_are_well_formed_on_a_seed():
    path = SEEDS / "003_bab31c466e3fb098.txt"
    source = SourceDocument(str(path), path.read_text(encoding="utf-8"), title=path.stem)
    record = extract_record(source)
    data = record.to_dict()
    ids = (
        {data["document"]["id"]}
        | {e["id"] for e in data["entities"]}
        | {q["id"] for q in data["metrics"]}
    )
    assert data["relations"], "a report this rich has relations"
    seen = set()
    for r in data["relations"]:
        assert r["type"] in RELATION_TYPES
        assert r["source"] in ids and r["target"] in ids
        assert r["extractor"] == "relations"
        assert r["id"] not in seen
        seen.add(r["id"])
        assert r["evidence"]
        for ev in r["evidence"]:
            assert source.text[ev["start"] : ev["end"]] == ev["text"]
        assert r.get("weak", False) == (r["type"] == "co_occurs")
    # the same input gives the same relations, in the same order
    assert extract_record(source).to_dict()["relations"] == data["relations"]


def test_lexicons_are_valid():
    cues = load_table("relation_cues")
    for key, words in cues.items():
        if key.startswith("_"):
            continue
        assert isinstance(words, list) and words, key
        assert all(isinstance(w, str) and w and not any(c.isspace() for c in w) for w in words), key
    assert "党委" in load_words("relation_subbody_suffixes")


@settings(max_examples=60, deadline=None)
@given(
    st.text(
        alphabet=st.sampled_from(
            list("在下领导监督我局会同联合向报告开展出台《》“”，。、的区委市政协机关党组1*个次\n a")
        ),
        max_size=80,
    ),
    st.lists(
        st.tuples(
            st.integers(0, 80), st.integers(1, 6), st.sampled_from([ORG, PRG, POL, "Slogan"])
        ),
        max_size=8,
    ),
    st.lists(st.tuples(st.integers(0, 80), st.integers(1, 3)), max_size=3),
)
def test_relations_never_break_on_any_text(text, spans, metric_spans):
    doc = Doc.from_text(text)
    entities = []
    for i, (start, length, label) in enumerate(spans):
        end = min(start + length, len(text))
        if start < end:
            m = Mention.from_span(
                text, start, end, label, extractor="fuzz", sentence=doc.sentence_at(start)
            )
            entities.append(Entity(f"e{i}", label, m.text, [], [m]))
    metrics = [
        Metric(s, min(s + n, len(text)), text[s : min(s + n, len(text))], None, "", True, None, "")
        for s, n in metric_spans
        if s < len(text)
    ]
    first = extract_relations(doc, entities, metrics, doc_id="d", title=text[:5])
    assert first == extract_relations(doc, entities, metrics, doc_id="d", title=text[:5])
    for r in first:
        assert r["type"] in RELATION_TYPES
        for ev in r["evidence"]:
            assert text[ev["start"] : ev["end"]] == ev["text"]


@settings(max_examples=25, deadline=None)
@given(st.text(max_size=200))
def test_extraction_with_relations_never_breaks(text):
    record = extract_record(SourceDocument("fuzz.txt", text))
    for r in record.relations:
        assert r["type"] in RELATION_TYPES


def test_scorer_counts_matches_misses_and_wrong_edges():
    text = "我局会同区委组织部开展“三社联动”。"
    gold = {
        "document": "x.txt",
        "relations": [
            {
                "source": {"type": ORG, "name": "区民政局"},
                "type": "runs",
                "target": {"type": PRG, "name": "三社联动"},
            },
            {
                "source": {"type": ORG, "name": "区委组织部"},
                "type": "partners_with",
                "target": {"type": ORG, "name": "区民政局"},
            },
            {
                "source": {"type": ORG, "name": "区委组织部"},
                "type": "runs",
                "target": {"type": PRG, "name": "三社联动"},
            },
        ],
    }
    record = {
        "document": {"id": "d"},
        "entities": [
            {"id": "a", "name": "区民政局", "aliases": ["我局"]},
            {"id": "b", "name": "区委组织部"},
            {"id": "c", "name": "“三社联动”"},
        ],
        "metrics": [],
        "relations": [
            {"id": "1", "type": "runs", "source": "a", "target": "c"},
            {"id": "2", "type": "partners_with", "source": "a", "target": "b"},
            {"id": "3", "type": "issues", "source": "a", "target": "c"},
            {"id": "4", "type": "co_occurs", "source": "b", "target": "c"},
        ],
    }
    scores = score_relations(gold, record, text=text)
    assert scores.tallies["runs"] == Tally(tp=1, fn=1)
    assert scores.tallies["partners_with"] == Tally(tp=1)  # matched in either direction
    assert scores.tallies["issues"] == Tally(fp=1)
    assert scores.micro == Tally(tp=2, fp=1, fn=1)


def test_relation_gold_is_annotated_on_the_entity_gold():
    for path in sorted(RELATION_GOLD.glob("*.json")):
        gold = json.loads(path.read_text(encoding="utf-8"))
        text = (SEEDS / gold["document"]).read_text(encoding="utf-8")
        entity_gold = json.loads((ROOT / "tests" / "gold" / path.name).read_text(encoding="utf-8"))
        names = {
            thing["name"]
            for key in ("organizations", "programs", "policies")
            for thing in entity_gold[key]
        }
        for r in gold["relations"]:
            assert r["type"] in RELATION_TYPES and r["type"] != "co_occurs"
            assert r["evidence"] in text
            for end in (r["source"], r["target"]):
                if end["type"] == "Metric":
                    assert end["context"] in text and end["text"] in end["context"]
                elif end["type"] != "Document":
                    assert end["name"] in names, end


# The figures measured when these floors were set (seeds 003 and 004, 132 gold relations):
# rules alone, on the gold entities: P 0.95 R 0.93; the whole pipeline: P 0.95 R 0.92.
# Seed 001 (29 relations) was annotated after the rules: P 0.50 R 0.10 before two rules its
# misses suggested (the author's field of work, numbers after a carried-out program), 0.90 / 0.93
# after. Seed 002 (38 relations) was annotated last: P 0.90 R 0.68 before three more general
# rules (own voice after a semicolon, visits are not runs, 购买/实现/…落实), 0.94 / 0.87 after;
# the two held-out reports together: P 0.92 R 0.90.
# The pipeline floors sit lower because they move with the entity extractors.
def test_relation_rules_on_gold_entities_reach_their_floor():
    scores = evaluate_seeds(SEEDS, RELATION_GOLD, oracle_dir=ROOT / "tests" / "gold")
    micro = scores.micro
    assert micro.precision >= 0.93 and micro.recall >= 0.91, format_table(scores)


def test_relations_on_the_held_out_report_reach_their_floor():
    scores = evaluate_seeds(SEEDS, ROOT / "tests" / "relations_gold_heldout")
    micro = scores.micro
    assert micro.precision >= 0.80 and micro.recall >= 0.80, format_table(scores)


def test_relations_of_the_pipeline_reach_their_floor():
    scores = evaluate_seeds(SEEDS, RELATION_GOLD)
    micro = scores.micro
    assert micro.precision >= 0.85 and micro.recall >= 0.80, format_table(scores)
