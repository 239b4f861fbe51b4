"""The graph core: entities resolved across reports, organizations scoped to jurisdictions, edges with evidence."""

from __future__ import annotations

import json
import re

import pytest
from govkg.extract import Mention, Record, SourceDocument
from govkg.extract.model import Metric
from govkg.extract.pipeline import group_entities
from govkg.extract.text import Doc
from govkg.graph import build_graph
from govkg.graph.build import GraphBuildError, entity_node_id
from govkg.graph.exports import generate_node_link
from govkg.graph.resolve import (
    Jurisdiction,
    Place,
    document_jurisdiction,
    is_absolute,
    resolve_organization,
)
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

SAFE_ID = re.compile(r"[A-Za-z0-9_.-]+")

# Sentences cut from the seed reports (000, 003, 004).
OPENING_003 = (
    "*年*月我被区人大常委会任命为本届区政府组成部门民政局局长。任职以来，在区委、区政府的坚强领导和"
    "区人大、政协特别是人大常委会的监督指导下，我带领区民政系统干部职工认真学习贯彻党的二十大精神。"
    "牢固树立“四个意识”，每半年研究*次“全面从严治党”工作。"
)
OPENING_004 = (
    "在市委和市政协党组的领导下，在机关全体干部职工的支持下，我紧扣市委、市政府中心工作，围绕市政协年度"
    "目标和任务，认真履行职责。增强“四个意识”、坚定“四个自信”，坚定拥护“两个确立”。"
)
STATE_COUNCIL = "第二次全国地名普查工作代表重庆市接受国务院督查并获高度评价，区民政局获评先进集体。"


def make_record(
    text: str,
    title: str,
    mentions: list[tuple[str, str, str]],
    *,
    source: str | None = None,
    metadata: dict | None = None,
    metrics: list[tuple[str, float | None, str]] = (),
    relations: list[tuple[str, str, str, str]] = (),
) -> Record:
    """A record as extraction makes it: every occurrence of each surface form is a mention.

    ``mentions`` holds (type, surface, name); ``relations`` (type, source name, target name,
    evidence surface) with names of entities, metrics (their text) or "DOC".
    """
    doc = Doc.from_text(text)
    src = SourceDocument(source or f"{title}.txt", text, title, "txt", metadata or {})
    found: list[Mention] = []
    for label, surface, name in mentions:
        for m in re.finditer(re.escape(surface), text):
            found.append(
                Mention.from_span(
                    text,
                    m.start(),
                    m.end(),
                    label,
                    name=name,
                    extractor="test",
                    sentence=doc.sentence_at(m.start()),
                )
            )
    entities = group_entities(src.id, found)
    found_metrics = []
    for surface, value, unit in metrics:
        start = text.index(surface)
        found_metrics.append(
            Metric(
                start,
                start + len(surface),
                surface,
                value,
                unit,
                value is None,
                None,
                "",
                sentence=doc.sentence_at(start),
            )
        )
    ids = {e.name: e.id for e in entities}
    ids["DOC"] = src.id
    for q in found_metrics:
        ids[q.text] = f"{src.id}-m{q.start}-{q.end}"
    rels = []
    for rtype, source_name, target_name, evidence in relations:
        start = text.index(evidence)
        rels.append(
            {
                "id": f"{src.id}-{rtype}-{source_name}-{target_name}",
                "type": rtype,
                "source": ids[source_name],
                "target": ids[target_name],
                "evidence": [
                    {
                        "start": start,
                        "end": start + len(evidence),
                        "text": evidence,
                        "sentence": doc.sentence_at(start),
                    }
                ],
                "trigger": None,
                "extractor": "test",
            }
        )
    return Record(src, doc.sentences, doc.sections, entities, found_metrics, rels, "test")


def nodes_of(G, type_: str, key: str) -> list[str]:
    return sorted(n for n, d in G.nodes(data=True) if d["type"] == type_ and d["key"] == key)


DISTRICT = Jurisdiction("doc-d", (Place("重庆市", 2), Place("渝中区", 3)), "重庆市渝中区民政局")
REDACTED_CITY = Jurisdiction("doc-r", (Place(None, 2),))
CITY = Jurisdiction("doc-c", (Place("重庆市", 2),))
UNKNOWN = Jurisdiction("doc-u", ())


@pytest.mark.parametrize(
    "name, jurisdiction, key, scope",
    [
        # absolute: one body everywhere
        ("党中央", UNKNOWN, "党中央", ""),
        ("国务院", DISTRICT, "国务院", ""),
        ("民政部", REDACTED_CITY, "民政部", ""),
        ("全国政协", DISTRICT, "全国政协", ""),
        ("重庆市民政局", REDACTED_CITY, "重庆市民政局", ""),
        ("凯尔", UNKNOWN, "凯尔", ""),
        ("上清寺街道凯尔慈佑社区养老服务中心", UNKNOWN, "上清寺街道凯尔慈佑社区养老服务中心", ""),
        # relative: written out where the level's place is known
        ("区民政局", DISTRICT, "重庆市渝中区民政局", ""),
        ("市委", DISTRICT, "重庆市委", ""),
        ("区人大常委会", DISTRICT, "重庆市渝中区人大常委会", ""),
        ("市政府", CITY, "重庆市政府", ""),
        ("市场监管局", DISTRICT, "重庆市渝中区市场监管局", ""),  # 市场 is not the level word 市
        # the level above a known place
        ("省厅", CITY, "省厅", "重庆市^省"),
        # unknown place: stays in its document
        ("区委", CITY, "区委", "doc-c"),
        ("市委", REDACTED_CITY, "市委", "doc-r"),
        ("区人大常委会", UNKNOWN, "区人大常委会", "doc-u"),
        ("**市政协", DISTRICT, "*市政协", "doc-d"),
        ("xx大学", DISTRICT, "*大学", "doc-d"),
        # bare forms of the document's own body
        ("局党委", DISTRICT, "重庆市渝中区民政局党委", ""),
        ("我局", DISTRICT, "重庆市渝中区民政局", ""),
        ("局党委", CITY, "局党委", "doc-c"),
        # a body kind with no place: the own level's body
        ("政协", DISTRICT, "重庆市渝中区政协", ""),
        ("婚姻登记处", REDACTED_CITY, "婚姻登记处", "doc-r"),
    ],
)
def test_resolve_organization(name, jurisdiction, key, scope):
    resolved = resolve_organization(name, jurisdiction)
    assert (resolved.key, resolved.scope) == (key, scope)


@pytest.mark.parametrize(
    "name, absolute",
    [
        ("党中央", True),
        ("国务院", True),
        ("中央纪委", True),
        ("全国人大常委会", True),
        ("财政部", True),
        ("渝中区民政局", True),
        ("合展", True),
        ("区委组织部", False),
        ("组织部", False),
        ("市深改委", False),
        ("社会组织综合党委", False),
        ("**市政协", False),
        ("机关党委", False),
        ("中办", True),
        ("国办", True),
        ("我局", False),
        ("中共**市委", False),
    ],
)
def test_is_absolute(name, absolute):
    assert is_absolute(name) is absolute


@pytest.mark.parametrize(
    "document, text, key",
    [
        ({"title": "重庆市渝中区民政局2023年工作总结"}, None, "重庆市渝中区"),
        ({"title": "四川省成都市武侯区民政局党委2022年度履职报告"}, None, "四川省成都市武侯区"),
        ({"title": "**市政协办公厅2023年述职报告"}, None, "*"),
        (
            {"title": "1954年中华人民共和国国务院政府工作报告"},
            "各位代表：现在，我代表国务院作政府工作报告。",
            "中华人民共和国",
        ),
        ({"title": "004_87fa003bd2d14cb7"}, OPENING_004, ""),
        (
            {"title": "x", "metadata": {"city": "重庆市", "district": "渝中区"}},
            None,
            "重庆市渝中区",
        ),
        # the first line is the title when the file name is not
        ({"title": "003"}, "重庆市渝中区民政局2023年述职报告\n" + OPENING_003, "重庆市渝中区"),
        # a district report of 重庆市 that never names its district: the district level is unknown
        (
            {"title": "003"},
            "代表重庆市接受督查。执行《重庆市城乡居民最低生活保障条例》。我区编制。我区推广。",
            "重庆市*",
        ),
        # 全市 is the frame a district compares itself in: 我区 decides
        ({"title": "003"}, "我区居全市前列，全市推广，全市首个。我区率先。", "*"),
        # 资本市场 is not 本市; one passing mention of a province is not the report's place
        ({"title": "x"}, "发展资本市场，稳定资本市场。支援西藏自治区。", ""),
    ],
)
def test_document_jurisdiction(document, text, key):
    assert document_jurisdiction({"id": "doc-x", **document}, text).key == key


def test_relative_names_merge_only_within_a_known_jurisdiction():
    mentions = [
        ("Organization", "区民政局", "区民政局"),
        ("Organization", "市委", "市委"),
        ("Organization", "国务院", "国务院"),
        ("Slogan", "“四个意识”", "四个意识"),
    ]
    text = "在市委的领导下，区民政局落实国务院部署，牢固树立“四个意识”。"
    records = [
        make_record(text, "重庆市渝中区民政局2023年工作总结", mentions),
        make_record(text + "区民政局推进。", "重庆市渝中区民政局2022年工作总结", mentions),
        make_record(text + "一", "**市**区民政局2023年工作总结", mentions),
        make_record(text + "二", "**市**区民政局2022年工作总结", mentions),
    ]
    G = build_graph(records)
    # the two 渝中区 reports share their 区民政局 and 市委; the redacted ones share nothing
    assert len(nodes_of(G, "Organization", "重庆市渝中区民政局")) == 1
    assert len(nodes_of(G, "Organization", "重庆市委")) == 1
    assert len(nodes_of(G, "Organization", "区民政局")) == 2
    assert len(nodes_of(G, "Organization", "市委")) == 2
    # absolute names and slogans are one node everywhere
    [state_council] = nodes_of(G, "Organization", "国务院")
    assert G.nodes[state_council]["documents"] == sorted(G.graph["documents"])
    [slogan] = nodes_of(G, "Slogan", "四个意识")
    assert G.nodes[slogan]["mention_count"] == 4
    assert G.nodes[slogan]["aliases"] == ["“四个意识”"]
    [bureau] = nodes_of(G, "Organization", "重庆市渝中区民政局")
    node = G.nodes[bureau]
    assert (
        node["label"] == "重庆市渝中区民政局"
        and "区民政局" in node["aliases"]
        and node["scope"] == ""
    )
    assert node["mention_count"] == 3 and len(node["documents"]) == 2


def test_a_written_out_name_meets_the_same_body_named_in_full():
    a = make_record(
        "市民政局指导，区民政局落实。",
        "重庆市渝中区民政局2023年工作总结",
        [("Organization", "市民政局", "市民政局")],
    )
    b = make_record(
        "重庆市民政局召开会议。", "某报告", [("Organization", "重庆市民政局", "重庆市民政局")]
    )
    G = build_graph([a, b])
    [node] = nodes_of(G, "Organization", "重庆市民政局")
    assert G.nodes[node]["documents"] == sorted([a.document.id, b.document.id])
    assert G.nodes[node]["aliases"] == ["市民政局"]


def test_mentions_keep_offsets_and_sentences():
    record = make_record(
        OPENING_003, "003", [("Organization", "区委", "区委"), ("Slogan", "“四个意识”", "四个意识")]
    )
    G = build_graph([record])
    for node, data in G.nodes(data=True):
        if data["type"] in ("Organization", "Slogan"):
            for m in data["mentions"]:
                assert OPENING_003[m["start"] : m["end"]] == m["text"]
                assert m["text"] in m["sentence_text"] and m["sentence_text"] in OPENING_003
                assert m["doc"] == record.document.id
            assert [(m["doc"], m["start"]) for m in data["mentions"]] == sorted(
                (m["doc"], m["start"]) for m in data["mentions"]
            )
            assert G.edges[record.document.id, node, "mentions"]["count"] == data["mention_count"]


def test_relations_become_edges_with_evidence_merged_across_documents():
    text = "在市委的领导下，市政协党组推进“三聚焦”工作。市委和市政协党组同在一个句子。"
    mentions = [
        ("Organization", "市委", "市委"),
        ("Organization", "市政协党组", "市政协党组"),
        ("Program", "“三聚焦”", "三聚焦"),
    ]
    relations = [
        ("leads", "市委", "市政协党组", "在市委的领导下，市政协党组推进“三聚焦”工作。"),
        ("runs", "市政协党组", "三聚焦", "市政协党组推进“三聚焦”工作"),
        ("co_occurs", "市政协党组", "市委", "市委和市政协党组同在一个句子。"),
    ]
    a = make_record(text, "重庆市政协机关2023年述职报告", mentions, relations=relations)
    b = make_record(text + "再述。", "重庆市政协机关2022年述职报告", mentions, relations=relations)
    G = build_graph([a, b])
    [party] = nodes_of(G, "Organization", "重庆市委")
    [group] = nodes_of(G, "Organization", "重庆市政协党组")
    [program] = nodes_of(G, "Program", "三聚焦")
    leads = G.edges[party, group, "leads"]
    assert leads["type"] == "leads" and leads["weak"] is False and leads["count"] == 2
    assert [e["doc"] for e in leads["evidence"]] == sorted([a.document.id, b.document.id])
    assert all(
        e["sentence_text"] == "在市委的领导下，市政协党组推进“三聚焦”工作。"
        for e in leads["evidence"]
    )
    assert G.has_edge(group, program, "runs")
    # the weak relation is labelled so, and stored once per pair whichever way it was written
    co = [(u, v) for u, v, k in G.edges(keys=True) if k == "co_occurs"]
    assert co == [tuple(sorted((party, group)))]
    assert G.edges[co[0][0], co[0][1], "co_occurs"]["weak"] is True


def test_relation_to_an_unknown_id_is_a_warning_not_a_crash():
    record = make_record("市委领导。", "x", [("Organization", "市委", "市委")]).to_dict()
    record["relations"] = [
        {
            "id": "r1",
            "type": "leads",
            "source": record["entities"][0]["id"],
            "target": "doc-nowhere-organization-1",
            "evidence": [],
            "trigger": None,
        }
    ]
    warnings: list[str] = []
    G = build_graph([record], warnings=warnings)
    assert G.number_of_edges() == 1  # only the mentions edge
    assert any("doc-nowhere-organization-1" in w for w in warnings)
    assert any("no document text" in w for w in warnings)


def test_metrics_are_nodes_with_their_value_and_sentence():
    text = "组织召开民主生活会2次，签约1.2万人，投入**万元。"
    record = make_record(
        text, "x", [], metrics=[("2次", 2, "次"), ("1.2万人", 12000, "人"), ("**万元", None, "元")]
    )
    G = build_graph([record])
    metrics = {d["text"]: d for _, d in G.nodes(data=True) if d["type"] == "Metric"}
    assert metrics["1.2万人"]["value"] == 12000 and metrics["1.2万人"]["unit"] == "人"
    assert metrics["**万元"]["value"] is None and metrics["**万元"]["redacted"] is True
    assert all(
        d["sentence_text"] == text and d["doc"] == record.document.id for d in metrics.values()
    )


def test_record_objects_and_their_dicts_give_the_same_graph():
    record = make_record(
        OPENING_004, "x", [("Organization", "市委", "市委"), ("Slogan", "“两个确立”", "两个确立")]
    )
    as_dict = record.to_dict()
    as_dict["text"] = record.document.text
    assert generate_node_link(build_graph([record])) == generate_node_link(build_graph([as_dict]))


def test_the_same_document_twice_is_built_once():
    a = make_record(OPENING_004, "x", [("Organization", "市委", "市委")], source="a/004.txt")
    b = make_record(OPENING_004, "x", [("Organization", "市委", "市委")], source="b/004.txt")
    warnings: list[str] = []
    G = build_graph([b, a], warnings=warnings)
    assert G.nodes[a.document.id]["source"] == "a/004.txt"
    assert warnings == [f"b/004.txt: same text as a/004.txt ({a.document.id}); built once"]


def test_not_a_record_is_an_error_naming_it():
    with pytest.raises(GraphBuildError, match="not an extraction record"):
        build_graph([{"entities": []}])


def test_node_ids_are_ascii_stable_and_depend_on_scope():
    assert entity_node_id("Organization", "国务院", "") == "org-guowuyuan-dea1f5387b"
    assert entity_node_id("Organization", "区委", "doc-a") != entity_node_id(
        "Organization", "区委", "doc-b"
    )
    assert entity_node_id("Slogan", "四个意识", "") != entity_node_id("Program", "四个意识", "")
    assert SAFE_ID.fullmatch(entity_node_id("Program", "1+1+2+*", ""))


@pytest.fixture(scope="module")
def seed_records():
    from govkg.extract import extract_record, iter_documents

    return [extract_record(d) for d in iter_documents(["seeds"])]


def test_seed_graph_follows_the_schema(seed_records):
    G = build_graph(seed_records)
    assert G.graph["documents"] == sorted(r.document.id for r in seed_records)
    texts = {r.document.id: r.document.text for r in seed_records}
    for node, d in G.nodes(data=True):
        assert SAFE_ID.fullmatch(node) and "/" not in node
        assert (
            d["type"] in ("Document", "Organization", "Program", "Slogan", "Policy", "Metric")
            and d["label"]
        )
        if d["type"] in ("Organization", "Program", "Slogan", "Policy"):
            assert d["aliases"] == sorted(d["aliases"]) and d["label"] not in d["aliases"]
            assert d["mention_count"] == len(d["mentions"]) > 0
            assert d["documents"] == sorted({m["doc"] for m in d["mentions"]})
            assert d["type"] == "Organization" or d["scope"] == ""
            for m in d["mentions"]:
                assert texts[m["doc"]][m["start"] : m["end"]] == m["text"]
        elif d["type"] == "Metric":
            assert texts[d["doc"]][d["start"] : d["end"]] == d["text"]
            assert d["value"] is None or isinstance(d["value"], int | float)
    for u, _, k, e in G.edges(keys=True, data=True):
        assert k == e["type"] and isinstance(e["count"], int) and e["count"] >= 1
        assert e["weak"] is (k == "co_occurs")
        if k == "mentions":
            assert G.nodes[u]["type"] == "Document"
        for ev in e["evidence"]:
            assert texts[ev["doc"]][ev["start"] : ev["end"]] == ev["text"]


def test_redacted_seed_reports_keep_their_relative_bodies_apart(seed_records):
    """Every seed is redacted (**市, 我区): 市委 of one is never 市委 of another."""
    G = build_graph(seed_records)
    for node in nodes_of(G, "Organization", "市委"):
        assert len(G.nodes[node]["documents"]) == 1 and G.nodes[node]["scope"].startswith("doc-")


@settings(
    max_examples=8, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.randoms(use_true_random=False))
def test_input_order_does_not_change_the_graph(seed_records, rnd):
    """Seeds plus reports that share bodies, names in two scripts, relations and a duplicate."""
    mentions = [
        ("Organization", "区民政局", "区民政局"),
        ("Organization", "市委", "市委"),
        ("Organization", "全國人民代表大會", "全國人民代表大會"),
        ("Organization", "全国人民代表大会", "全国人民代表大会"),
        ("Slogan", "“四个意识”", "四个意识"),
    ]
    relations = [
        ("leads", "市委", "区民政局", "在市委的领导下，区民政局树立“四个意识”。"),
        ("co_occurs", "区民政局", "市委", "在市委的领导下，区民政局树立“四个意识”。"),
    ]
    text = "在市委的领导下，区民政局树立“四个意识”。全國人民代表大會。全国人民代表大会。"
    shared = [
        make_record(text, "重庆市渝中区民政局2023年工作总结", mentions, relations=relations),
        make_record(text + "一", "重庆市渝中区民政局2022年工作总结", mentions, relations=relations),
        make_record(
            text + "一",
            "重庆市渝中区民政局2022年工作总结",
            mentions,
            relations=relations,
            source="copy.txt",
        ),
    ]
    records = list(seed_records) + shared
    expected = generate_node_link(build_graph(records))
    shuffled = list(records)
    rnd.shuffle(shuffled)
    assert generate_node_link(build_graph(shuffled)) == expected
    assert json.loads(expected)["graph"]["documents"] == sorted({r.document.id for r in records})


def test_jurisdiction_data_is_consistent():
    """graph/data/jurisdiction.json: levels, provinces and word lists load and agree."""
    from govkg.graph.resolve import lexicon, parse_places

    lex = lexicon()
    depths = dict(lex.levels)
    assert depths["省"] == 1 and depths["市"] == 2 and depths["区"] == 3 and depths["街道"] == 4
    for form, full, depth in lex.provinces:
        assert full.startswith(form) and depth in (1, 2)
        assert [(p.name, p.depth) for p in parse_places(full)[0]] == [(full, depth)]
    # every absolute prefix and named body reads as absolute, no level word reads as absolute
    assert all(is_absolute(p + "委员会") for p in lex.absolute_prefixes)
    assert all(is_absolute(n) for n in lex.absolute_names)
    assert not any(is_absolute(w + "民政局") for w, _ in lex.levels if w not in lex.generic_words)


def test_traditional_and_simplified_names_are_one_node():
    a = make_record(
        "我們召開全國人民代表大會。",
        "1954年中华人民共和国国务院政府工作报告",
        [("Organization", "全國人民代表大會", "全國人民代表大會")],
    )
    b = make_record(
        "我们召开全国人民代表大会。",
        "2024年中华人民共和国国务院政府工作报告",
        [("Organization", "全国人民代表大会", "全国人民代表大会")],
    )
    G = build_graph([a, b])
    [node] = nodes_of(G, "Organization", "全国人民代表大会")
    assert G.nodes[node]["label"] == "全国人民代表大会" and G.nodes[node]["aliases"] == [
        "全國人民代表大會"
    ]
    assert len(G.nodes[node]["documents"]) == 2


def test_a_short_traditional_title_meets_its_simplified_form():
    """憲法 has none of the characters a whole text is judged traditional by."""
    a = make_record("遵守憲法。", "a", [("Policy", "憲法", "憲法")])
    b = make_record("遵守宪法。", "b", [("Policy", "宪法", "宪法")])
    G = build_graph([a, b])
    [node] = nodes_of(G, "Policy", "宪法")
    assert G.nodes[node]["documents"] == sorted([a.document.id, b.document.id])
