"""RDF: the ontology is closed, provenance reaches the character span, writers are deterministic
and agree with each other, with rdflib, pyoxigraph, rapper and roqet, and SHACL holds."""

from __future__ import annotations

import csv
import io
import os
import random
import re
import shutil
import subprocess
import sys
from pathlib import Path

import networkx as nx
import pytest
import rdflib
from govkg.graph import rdf
from govkg.graph.vocab import GOVKG, GOVKG_NS, NODE_CLASSES, OA, RELATION_PROPERTIES
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rdflib import Literal, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import RDF, RDFS, SKOS

BASE = "https://example.org/kg/"
# A plain Namespace: rdflib's XSD warns when pytest's doctest collector probes it.
XSD = rdflib.Namespace("http://www.w3.org/2001/XMLSchema#")
KG = rdflib.Namespace(BASE)
PREFIXES = f"""
PREFIX govkg: <{GOVKG_NS}>
PREFIX oa: <http://www.w3.org/ns/oa#>
PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX schema: <https://schema.org/>
PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX kg: <{BASE}>
"""

# Two documents cut from real reports (a district civil affairs bureau's summary and a
# city CPPCC office's report), one sentence each, so every span below is exact.
DOC_A = "doc-aaaa000000000001"
DOC_B = "doc-bbbb000000000002"
TEXT_A = (
    "在区委的坚强领导下，区民政局会同区财政局深入开展“千元礼葬”惠民项目，"
    "全年惠及群众约3.2万人次，认真贯彻落实《社会救助暂行办法》。"
)
TEXT_B = "市政协机关牢固树立“四个意识”，推进“千元礼葬”惠民项目落地，新建站点**个。"
TEXTS = {DOC_A: TEXT_A, DOC_B: TEXT_B}


def span(doc: str, needle: str) -> dict:
    text = TEXTS[doc]
    start = text.index(needle)
    return {
        "doc": doc,
        "start": start,
        "end": start + len(needle),
        "text": needle,
        "sentence": 0,
        "sentence_text": text,
    }


def entity(kind: str, label: str, mentions: list[dict], *, scope: str = "", aliases=()) -> dict:
    return {
        "type": kind,
        "label": label,
        "key": label,
        "aliases": sorted(aliases),
        "scope": scope,
        "mentions": mentions,
        "documents": sorted({m["doc"] for m in mentions}),
        "mention_count": len(mentions),
    }


def metric(
    doc: str, text: str, value, unit: str, *, redacted=False, approximate=None, measure=""
) -> dict:
    s = span(doc, text)
    return {
        "type": "Metric",
        "label": text,
        "value": value,
        "unit": unit,
        "redacted": redacted,
        "approximate": approximate,
        "measure": measure,
        **s,
    }


def edge(kind: str, evidence: list[dict], *, trigger=None, count=None) -> dict:
    return {
        "type": kind,
        "weak": kind == "co_occurs",
        "evidence": evidence,
        "count": count if count is not None else len(evidence),
        "trigger": trigger,
    }


def nodes_and_edges():
    nodes = {
        DOC_A: {
            "type": "Document",
            "label": "2019年区民政局工作总结",
            "title": "2019年区民政局工作总结",
            "source": "seeds/a.txt",
            "sha256": "a" * 64,
            "chars": len(TEXT_A),
            "metadata": {},
            "format": "txt",
            "jurisdiction": "某市某区",
        },
        DOC_B: {
            "type": "Document",
            "label": "市政协机关工作报告",
            "title": "市政协机关工作报告",
            "source": "corpus.jsonl:2",
            "sha256": "b" * 64,
            "chars": len(TEXT_B),
            "metadata": {"year": "2020", "url": "https://example.org/r/2020"},
        },
        "org-quwei-1": entity("Organization", "区委", [span(DOC_A, "区委")], scope="某市某区"),
        "org-quminzhengju-1": entity(
            "Organization",
            "区民政局",
            [span(DOC_A, "区民政局")],
            scope="某市某区",
            aliases=["民政局"],
        ),
        "org-qucaizhengju-1": entity(
            "Organization", "区财政局", [span(DOC_A, "区财政局")], scope="某市某区"
        ),
        "org-shizhengxiejiguan-1": entity(
            "Organization", "市政协机关", [span(DOC_B, "市政协机关")], scope="某市"
        ),
        "program-qianyuanlizang-1": entity(
            "Program",
            "千元礼葬惠民项目",
            [span(DOC_A, "“千元礼葬”惠民项目"), span(DOC_B, "“千元礼葬”惠民项目")],
            aliases=["“千元礼葬”惠民项目"],
        ),
        "policy-shehuijiuzhuzanxingbanfa-1": entity(
            "Policy", "社会救助暂行办法", [span(DOC_A, "《社会救助暂行办法》")]
        ),
        "slogan-sigeyishi-1": entity("Slogan", "四个意识", [span(DOC_B, "“四个意识”")]),
        "metric-aaaa-m1": metric(
            DOC_A, "约3.2万人次", 3.2, "万人次", approximate="约", measure="惠及群众"
        ),
        "metric-bbbb-m1": metric(DOC_B, "**个", None, "个", redacted=True, measure="新建站点"),
    }
    clause_a = span(DOC_A, "区民政局会同区财政局深入开展“千元礼葬”惠民项目")
    edges = [
        (
            "org-quminzhengju-1",
            "program-qianyuanlizang-1",
            edge("runs", [clause_a], trigger="开展"),
        ),
        (
            "org-shizhengxiejiguan-1",
            "program-qianyuanlizang-1",
            edge("runs", [span(DOC_B, "推进“千元礼葬”惠民项目")], trigger="推进"),
        ),
        ("org-quwei-1", "org-quminzhengju-1", edge("leads", [span(DOC_A, "在区委的坚强领导下")])),
        (
            "org-quminzhengju-1",
            "org-qucaizhengju-1",
            edge("partners_with", [span(DOC_A, "区民政局会同区财政局")], trigger="会同"),
        ),
        (
            "org-quminzhengju-1",
            "policy-shehuijiuzhuzanxingbanfa-1",
            edge("implements", [span(DOC_A, "贯彻落实《社会救助暂行办法》")], trigger="贯彻落实"),
        ),
        (
            "metric-aaaa-m1",
            "program-qianyuanlizang-1",
            edge("measures", [span(DOC_A, "全年惠及群众约3.2万人次")]),
        ),
        (
            "program-qianyuanlizang-1",
            "slogan-sigeyishi-1",
            edge("co_occurs", [span(DOC_B, TEXT_B)]),
        ),
        (DOC_A, "org-quminzhengju-1", edge("written_by", [])),
        (DOC_B, "org-shizhengxiejiguan-1", edge("written_by", [])),
    ]
    for node, data in nodes.items():
        if data["type"] in ("Organization", "Program", "Slogan", "Policy"):
            for doc in data["documents"]:
                count = sum(1 for m in data["mentions"] if m["doc"] == doc)
                edges.append(
                    (
                        doc,
                        node,
                        {
                            "type": "mentions",
                            "weak": False,
                            "evidence": [],
                            "count": count,
                            "trigger": None,
                        },
                    )
                )
        elif data["type"] == "Metric":
            edges.append(
                (
                    data["doc"],
                    node,
                    {
                        "type": "mentions",
                        "weak": False,
                        "evidence": [],
                        "count": 1,
                        "trigger": None,
                    },
                )
            )
    return nodes, edges


def make_graph(seed: int | None = None) -> nx.MultiDiGraph:
    """The hand-built graph of GRAPH.md's schema; ``seed`` shuffles the insertion order."""
    nodes, edges = nodes_and_edges()
    items = list(nodes.items())
    if seed is not None:
        rng = random.Random(seed)
        rng.shuffle(items)
        rng.shuffle(edges)
    G = nx.MultiDiGraph()
    G.graph["base_iri"] = BASE
    G.graph["documents"] = sorted([DOC_A, DOC_B])
    for node, data in items:
        G.add_node(node, **data)
    for u, v, data in edges:
        G.add_edge(u, v, key=data["type"], **data)
    return G


@pytest.fixture(scope="module")
def graph() -> nx.MultiDiGraph:
    return make_graph()


@pytest.fixture(scope="module")
def dataset(graph) -> rdflib.Dataset:
    return rdf.to_rdf(graph, base_iri=BASE)


@pytest.fixture(scope="module")
def default(dataset) -> rdflib.Graph:
    return dataset.default_graph


@pytest.fixture(scope="module")
def ontology() -> rdflib.Graph:
    return rdflib.Graph().parse(data=rdf.generate_ontology(), format="turtle")


@pytest.fixture(scope="module")
def shapes() -> rdflib.Graph:
    return rdflib.Graph().parse(data=rdf.generate_shapes(), format="turtle")


def quads(ds: rdflib.Dataset) -> set[tuple]:
    """(s, p, o, graph name or None) for every statement; the graphs have no blank nodes."""
    out = set()
    for g in ds.graphs():
        name = None if g.identifier == rdflib.graph.DATASET_DEFAULT_GRAPH_ID else g.identifier
        out.update((s, p, o, name) for s, p, o in g)
    return out


# ---------------------------------------------------------------- the closed vocabulary


def test_a_misspelt_term_fails():
    with pytest.raises(AttributeError):
        GOVKG.runz  # noqa: B018
    with pytest.raises(AttributeError):
        OA.begin  # noqa: B018


def test_ontology_defines_exactly_the_vocabulary(ontology):
    declared = {str(getattr(GOVKG, name)) for name in GOVKG.__annotations__}
    defined = {
        str(s) for s in ontology.subjects() if isinstance(s, URIRef) and str(s).startswith(GOVKG_NS)
    }
    assert declared == defined


@pytest.mark.parametrize("name", sorted(GOVKG.__annotations__))
def test_every_term_is_labelled_in_chinese_and_english_with_comments(ontology, name):
    term = getattr(GOVKG, name)
    labels = {lit.language for lit in ontology.objects(term, RDFS.label)}
    comments = {lit.language for lit in ontology.objects(term, RDFS.comment)}
    assert {"zh", "en"} <= labels
    assert {"zh", "en"} <= comments
    assert (term, RDF.type, None) in ontology


@pytest.mark.parametrize(
    "cls, parent",
    [
        (GOVKG.Organization, URIRef("https://schema.org/Organization")),
        (GOVKG.Document, URIRef("http://www.w3.org/ns/prov#Entity")),
        (GOVKG.Mention, OA.SpecificResource),
        (GOVKG.CoOccurrence, GOVKG.Relation),
        (GOVKG.Relation, RDF.Statement),
    ],
)
def test_classes_reuse_standard_vocabularies(ontology, cls, parent):
    assert (cls, RDFS.subClassOf, parent) in ontology


def test_co_occurrence_is_labelled_weak(ontology):
    for term in (GOVKG.CoOccurrence, GOVKG.coOccursWith):
        english = [str(x) for x in ontology.objects(term, RDFS.label) if x.language == "en"]
        chinese = [str(x) for x in ontology.objects(term, RDFS.label) if x.language == "zh"]
        assert "weak" in english[0] and "弱" in chinese[0]


def test_every_govkg_term_the_data_uses_is_defined(default, ontology):
    defined = {s for s in ontology.subjects() if isinstance(s, URIRef)}
    used = {
        t
        for triple in default
        for t in triple
        if isinstance(t, URIRef) and str(t).startswith(GOVKG_NS)
    }
    used |= {o.datatype for o in default.objects() if isinstance(o, Literal) and o.datatype}
    assert {t for t in used if str(t).startswith(GOVKG_NS)} <= defined
    assert set(RELATION_PROPERTIES.values()) <= defined and set(NODE_CLASSES.values()) <= defined


# ---------------------------------------------------------------- the data


def test_literals_have_the_datatypes_the_ontology_declares(default, ontology):
    ranges = {
        p: r
        for p, r in ontology.subject_objects(RDFS.range)
        if str(r).startswith(str(XSD)) and str(p).startswith(GOVKG_NS)
    }
    assert len(ranges) == 14
    seen = set()
    for s, p, o in default:
        if p in ranges:
            assert isinstance(o, Literal), (s, p, o)
            assert (o.datatype or XSD.string) == ranges[p], (s, p, o)
            seen.add(p)
    assert seen == set(ranges)  # the hand-built graph uses every datatype property


def test_iris_are_ascii_stable_and_chinese_stays_in_labels(default):
    for triple in default:
        for term in triple:
            if isinstance(term, URIRef):
                assert str(term).isascii(), term
                if str(term).startswith(BASE):
                    assert re.fullmatch(r"[A-Za-z0-9_.-]+", str(term)[len(BASE) :]), term
    labels = list(default.objects(KG["org-quminzhengju-1"], RDFS.label))
    assert labels == [Literal("区民政局", lang="zh")]
    assert Literal("民政局", lang="zh") in set(
        default.objects(KG["org-quminzhengju-1"], SKOS.altLabel)
    )


@pytest.mark.parametrize(
    "node, value",
    [
        ("metric-aaaa-m1", Literal("3.2", datatype=XSD.decimal)),
        ("metric-bbbb-m1", None),
    ],
)
def test_metric_value_is_a_typed_literal_and_absent_when_null(default, node, value):
    values = list(default.objects(KG[node], URIRef("https://schema.org/value")))
    assert values == ([value] if value is not None else [])
    if values:
        assert values[0].datatype == XSD.decimal


def test_integer_values_are_xsd_integer():
    G = make_graph()
    G.nodes["metric-aaaa-m1"]["value"] = 32000
    ds = rdf.to_rdf(G)
    assert list(
        ds.default_graph.objects(KG["metric-aaaa-m1"], URIRef("https://schema.org/value"))
    ) == [Literal("32000", datatype=XSD.integer)]


@pytest.mark.parametrize(
    "value, lexical",
    [
        (3.2, "3.2"),
        (1e-05, "0.00001"),
        (1e20, "100000000000000000000.0"),
        (-0.5, "-0.5"),
        (12000000.0, "12000000.0"),
    ],
)
def test_decimals_are_written_without_exponents(value, lexical):
    assert rdf._decimal_lexical(value) == lexical


def test_metric_fields(default):
    q = (
        PREFIXES
        + """SELECT ?redacted ?unit ?measure ?subject ?label WHERE {
        ?m a govkg:Metric ; govkg:redacted ?redacted ; schema:unitText ?unit ;
           govkg:measurePhrase ?measure ; rdfs:label ?label .
        OPTIONAL { ?m govkg:measures ?subject } } ORDER BY ?label"""
    )
    rows = [tuple(None if x is None else str(x) for x in row) for row in default.query(q)]
    assert rows == [
        ("true", "个", "新建站点", None, "**个"),
        ("false", "万人次", "惠及群众", BASE + "program-qianyuanlizang-1", "约3.2万人次"),
    ]


PROVENANCE = (
    PREFIXES
    + """
SELECT ?doc ?start ?end ?exact WHERE {
    VALUES ?x { %s }
    ?x govkg:mention|govkg:evidence ?m .
    ?m oa:hasSource ?doc ; oa:hasSelector ?sel .
    ?sel oa:start ?start ; oa:end ?end ; oa:exact ?exact .
} ORDER BY ?doc ?start"""
)


@pytest.mark.parametrize(
    "node, expected",
    [
        (
            "program-qianyuanlizang-1",
            [(DOC_A, "“千元礼葬”惠民项目"), (DOC_B, "“千元礼葬”惠民项目")],
        ),
        ("org-quminzhengju-1", [(DOC_A, "区民政局")]),
        ("metric-aaaa-m1", [(DOC_A, "约3.2万人次")]),
        ("metric-bbbb-m1", [(DOC_B, "**个")]),
        ("slogan-sigeyishi-1", [(DOC_B, "“四个意识”")]),
    ],
)
def test_provenance_from_an_entity_or_metric_to_document_and_span(default, node, expected):
    rows = list(default.query(PROVENANCE % f"kg:{node}"))
    assert [(str(d)[len(BASE) :], str(x)) for d, _, _, x in rows] == expected
    for d, start, end, exact in rows:
        assert TEXTS[str(d)[len(BASE) :]][int(start) : int(end)] == str(exact)


RELATION_EVIDENCE = (
    PREFIXES
    + """
SELECT ?rel ?doc ?start ?end ?exact ?weak WHERE {
    %s govkg:%s %s .
    ?rel rdf:subject %s ; rdf:predicate govkg:%s ; rdf:object %s ; govkg:weak ?weak ;
         govkg:evidence ?m .
    ?m oa:hasSource ?doc ; oa:hasSelector ?sel .
    ?sel oa:start ?start ; oa:end ?end ; oa:exact ?exact .
}"""
)


@pytest.mark.parametrize(
    "source, prop, target, exact, weak",
    [
        (
            "org-quminzhengju-1",
            "runs",
            "program-qianyuanlizang-1",
            "区民政局会同区财政局深入开展“千元礼葬”惠民项目",
            False,
        ),
        ("org-quwei-1", "leads", "org-quminzhengju-1", "在区委的坚强领导下", False),
        (
            "org-quminzhengju-1",
            "implements",
            "policy-shehuijiuzhuzanxingbanfa-1",
            "贯彻落实《社会救助暂行办法》",
            False,
        ),
        (
            "metric-aaaa-m1",
            "measures",
            "program-qianyuanlizang-1",
            "全年惠及群众约3.2万人次",
            False,
        ),
        ("program-qianyuanlizang-1", "coOccursWith", "slogan-sigeyishi-1", TEXT_B, True),
    ],
)
def test_provenance_from_a_relation_to_document_and_span(
    default, source, prop, target, exact, weak
):
    s, o = f"kg:{source}", f"kg:{target}"
    rows = list(default.query(RELATION_EVIDENCE % (s, prop, o, s, prop, o)))
    assert len(rows) == 1
    _, doc, start, end, text, is_weak = rows[0]
    assert str(text) == exact and TEXTS[str(doc)[len(BASE) :]][int(start) : int(end)] == exact
    assert is_weak.toPython() is weak


def test_weak_relations_are_co_occurrences_only(default):
    weak = set(default.subjects(GOVKG.weak, Literal(True)))
    co = set(default.subjects(RDF.type, GOVKG.CoOccurrence))
    assert weak == co and len(co) == 1
    assert (co.pop(), RDF.predicate, GOVKG.coOccursWith) in default


def test_mention_counts_are_on_the_reified_mentions_edge(default):
    q = (
        PREFIXES
        + """SELECT ?n WHERE { ?r rdf:subject kg:%s ; rdf:predicate govkg:mentions ;
                                        rdf:object kg:program-qianyuanlizang-1 ; govkg:count ?n }"""
    )
    assert [int(r[0]) for r in default.query(q % DOC_A)] == [1]
    assert (KG[DOC_A], GOVKG.mentions, KG["program-qianyuanlizang-1"]) in default


def test_document_fields(default):
    d = KG[DOC_B]
    assert (
        d,
        URIRef("http://purl.org/dc/terms/date"),
        Literal("2020", datatype=XSD.gYear),
    ) in default
    assert (d, GOVKG.sha256, Literal("b" * 64)) in default
    assert (d, GOVKG.writtenBy, KG["org-shizhengxiejiguan-1"]) in default
    assert (KG[DOC_A], GOVKG.jurisdiction, Literal("某市某区")) in default
    assert (KG[DOC_A], URIRef("http://purl.org/dc/terms/format"), Literal("txt")) in default
    assert not list(default.objects(d, GOVKG.jurisdiction))


def test_each_document_has_a_named_graph_of_its_own_facts(dataset):
    names = {str(g.identifier) for g in dataset.graphs()} - {
        str(rdflib.graph.DATASET_DEFAULT_GRAPH_ID)
    }
    assert names == {BASE + DOC_A, BASE + DOC_B}
    q = (
        PREFIXES
        + """SELECT DISTINCT ?doc ?e WHERE {
            GRAPH ?doc { ?e govkg:mention ?m . ?m oa:hasSource ?src } FILTER (?doc != ?src) }"""
    )
    assert list(dataset.query(q)) == []  # a document's graph holds only its own spans
    q = PREFIXES + "SELECT ?doc WHERE { GRAPH ?doc { kg:org-quminzhengju-1 govkg:runs ?p } }"
    assert [str(r[0]) for r in dataset.query(q)] == [BASE + DOC_A]
    q = PREFIXES + "SELECT ?doc WHERE { GRAPH ?doc { ?p a govkg:Program } } ORDER BY ?doc"
    assert [str(r[0]) for r in dataset.query(q)] == [BASE + DOC_A, BASE + DOC_B]
    # The default graph is the whole graph: every named graph's statements are in it.
    default = set(dataset.default_graph)
    for g in dataset.graphs():
        assert set(g) <= default


# ---------------------------------------------------------------- determinism and round trips

WRITERS = ["ntriples", "nquads", "turtle", "trig", "jsonld"]


@pytest.fixture(scope="module")
def outputs(graph) -> dict[str, str]:
    return {fmt: getattr(rdf, f"generate_{fmt}")(graph) for fmt in WRITERS}


@settings(
    max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(seed=st.integers(min_value=0, max_value=2**32))
def test_same_graph_in_any_insertion_order_gives_the_same_bytes(outputs, seed):
    G = make_graph(seed)
    for fmt in WRITERS:
        assert getattr(rdf, f"generate_{fmt}")(G) == outputs[fmt], fmt


def test_shared_statements_give_the_same_bytes_and_forget_the_graph_after(outputs):
    G = make_graph()
    with rdf.shared_statements(G):
        shared = {fmt: getattr(rdf, f"generate_{fmt}")(G) for fmt in WRITERS}
        other = make_graph()
        other.nodes["org-quwei-1"]["label"] = "区委员会"
        assert "区委员会" in rdf.generate_turtle(other)  # only G's statements are shared
    assert shared == outputs
    G.nodes["org-quwei-1"]["label"] = "区委员会"
    assert "区委员会" in rdf.generate_turtle(G)


def test_rdflib_view_does_not_depend_on_insertion_order(dataset):
    assert quads(rdf.to_rdf(make_graph(7), base_iri=BASE)) == quads(dataset)


@pytest.mark.parametrize(
    "fmt, rdflib_format, named",
    [
        ("ntriples", "nt", False),
        ("turtle", "turtle", False),
        ("nquads", "nquads", True),
        ("trig", "trig", True),
        ("jsonld", "json-ld", True),
    ],
)
def test_outputs_parse_back_isomorphic(outputs, dataset, fmt, rdflib_format, named):
    if named:
        parsed = rdflib.Dataset()
        parsed.parse(data=outputs[fmt], format=rdflib_format)
        assert quads(parsed) == quads(dataset)
        assert isomorphic(parsed.default_graph, dataset.default_graph)
    else:
        parsed = rdflib.Graph().parse(data=outputs[fmt], format=rdflib_format)
        assert isomorphic(parsed, dataset.default_graph)


@pytest.mark.parametrize(
    "fmt, ox_format",
    [("turtle", "TURTLE"), ("trig", "TRIG"), ("ntriples", "N_TRIPLES"), ("nquads", "N_QUADS")],
)
def test_oxigraph_reads_what_we_write(outputs, fmt, ox_format):
    import pyoxigraph

    parsed = list(
        pyoxigraph.parse(outputs[fmt].encode(), format=getattr(pyoxigraph.RdfFormat, ox_format))
    )
    lines = outputs["nquads" if fmt in ("trig", "nquads") else "ntriples"].splitlines()
    assert sorted(str(q) + " ." for q in parsed) == sorted(lines)


def test_turtle_is_readable(outputs):
    ttl = outputs["turtle"]
    assert "@prefix kg: <https://example.org/kg/> ." in ttl
    assert "kg:org-quminzhengju-1 a govkg:Organization ;" in ttl
    assert '"区民政局"@zh' in ttl and "schema:value 3.2 ;" in ttl


SAFE_TEXT = st.text(st.characters(exclude_categories=("Cs",)), min_size=1, max_size=12)
NODE_ID = st.from_regex(r"[A-Za-z0-9_.-]{1,12}", fullmatch=True).filter(
    lambda s: not re.fullmatch(r"doc-.*|rel-.*", s)
)


@settings(max_examples=40, deadline=None)
@given(
    label=SAFE_TEXT, ids=st.lists(NODE_ID, min_size=2, max_size=2, unique=True), trigger=SAFE_TEXT
)
def test_any_label_and_any_safe_id_round_trip(label, ids, trigger):
    """Quotes, backslashes, control characters, ids like `-a.`: rdflib reads back what we write."""
    text = label + "：" + trigger
    doc = "doc-x"
    TEXTS_LOCAL = {doc: text}
    G = nx.MultiDiGraph()
    G.add_node(
        doc,
        type="Document",
        label=label,
        title=label,
        source=label,
        sha256="c" * 64,
        chars=len(text),
        metadata={"k": label},
    )
    ms = [
        {
            "doc": doc,
            "start": 0,
            "end": len(label),
            "text": label,
            "sentence": 0,
            "sentence_text": text,
        }
    ]
    G.add_node(ids[0], **entity("Organization", label, ms, scope=label, aliases=[trigger]))
    ms2 = [
        {
            "doc": doc,
            "start": len(label) + 1,
            "end": len(text),
            "text": trigger,
            "sentence": 0,
            "sentence_text": TEXTS_LOCAL[doc],
        }
    ]
    G.add_node(ids[1], **entity("Program", trigger, ms2))
    G.add_edge(ids[0], ids[1], key="runs", **edge("runs", ms + ms2, trigger=trigger))
    ds = rdf.to_rdf(G, base_iri=BASE)
    for fmt, rdflib_format in (("turtle", "turtle"), ("ntriples", "nt")):
        parsed = rdflib.Graph().parse(
            data=getattr(rdf, f"generate_{fmt}")(G, base_iri=BASE), format=rdflib_format
        )
        assert isomorphic(parsed, ds.default_graph), fmt
    parsed = rdflib.Dataset()
    parsed.parse(data=rdf.generate_trig(G, base_iri=BASE), format="trig")
    assert quads(parsed) == quads(ds)


# ---------------------------------------------------------------- errors and atomic writes


@pytest.mark.parametrize(
    "change, message",
    [
        (lambda G: G.add_node("org/bad", type="Organization", label="x"), "org/bad"),
        (lambda G: G.add_node("组织", type="Organization", label="x"), "组织"),
        (lambda G: G.add_node("thing-1", type="Person", label="x"), "Person"),
        (lambda G: G.add_edge(DOC_A, "org-quwei-1", key="likes", type="likes"), "likes"),
        (lambda G: G.nodes["metric-aaaa-m1"].update(value=float("nan")), "nan"),
        (lambda G: G.nodes["metric-aaaa-m1"].update(value="3.2"), "3.2"),
        (lambda G: G.nodes["metric-aaaa-m1"].update(start=5, end=5), "5:5"),
        (lambda G: G.nodes["metric-aaaa-m1"].update(redacted="no"), "redacted"),
        (
            lambda G: G.add_node(
                "{doc}.m{start}-{end}".format(**span(DOC_A, "区委")),
                type="Slogan",
                label="x",
                documents=[],
                mentions=[],
            ),
            "collides",
        ),
    ],
)
def test_bad_graphs_raise_errors_that_name_the_value(change, message):
    G = make_graph()
    change(G)
    with pytest.raises(rdf.RDFError, match=re.escape(message)):
        rdf.generate_ntriples(G)


@pytest.mark.parametrize(
    "base", ["example.org/kg/", "https://example.org/kg", "https://例子.org/", "https://x.org/a b/"]
)
def test_bad_base_iris_are_refused(graph, base):
    with pytest.raises(rdf.RDFError, match="base IRI"):
        rdf.to_rdf(graph, base_iri=base)


def test_base_iri_is_configurable(graph):
    ttl = rdf.generate_turtle(graph, base_iri="urn:govkg:test#")
    assert "@prefix kg: <urn:govkg:test#> ." in ttl and "kg:org-quwei-1 a govkg:Organization" in ttl


def test_writes_are_atomic_and_keep_the_old_file_on_failure(tmp_path, graph, outputs):
    path = tmp_path / "graph.ttl"
    rdf.write_turtle(graph, path)
    assert path.read_text(encoding="utf-8") == outputs["turtle"]
    broken = make_graph()
    broken.add_node("x", type="Person", label="x")
    with pytest.raises(rdf.RDFError):
        rdf.write_turtle(broken, path)
    assert path.read_text(encoding="utf-8") == outputs["turtle"]
    assert [p.name for p in tmp_path.iterdir()] == ["graph.ttl"]


@pytest.mark.parametrize("writer, fmt", [("write_ontology", "turtle"), ("write_shapes", "turtle")])
def test_ontology_and_shapes_are_written_from_package_data(tmp_path, writer, fmt):
    path = tmp_path / "out.ttl"
    getattr(rdf, writer)(path)
    assert len(rdflib.Graph().parse(path, format=fmt)) > 100


# ---------------------------------------------------------------- SHACL


def shacl(data: rdflib.Graph, shapes: rdflib.Graph) -> tuple[bool, str]:
    import pyshacl

    conforms, _, text = pyshacl.validate(data, shacl_graph=shapes)
    return conforms, text


def test_the_hand_built_graph_conforms(default, shapes):
    conforms, text = shacl(default, shapes)
    assert conforms, text


def _without(g: rdflib.Graph, s, p) -> rdflib.Graph:
    out = rdflib.Graph()
    for t in g:
        if not (t[0] == s and t[1] == p):
            out.add(t)
    return out


def _with(g: rdflib.Graph, *triples) -> rdflib.Graph:
    out = rdflib.Graph()
    for t in g:
        out.add(t)
    for t in triples:
        out.add(t)
    return out


_S = span(DOC_A, "区民政局")
SEL = KG[f"{DOC_A}.m{_S['start']}-{_S['end']}.sel"]


@pytest.mark.parametrize(
    "mutate, path",
    [
        (lambda g: _without(g, KG["org-quwei-1"], SKOS.prefLabel), "prefLabel"),
        (
            lambda g: _with(
                g, (KG["metric-aaaa-m1"], URIRef("https://schema.org/value"), Literal("3.2"))
            ),
            "value",
        ),
        (
            lambda g: _with(
                g, (KG["metric-bbbb-m1"], URIRef("https://schema.org/value"), Literal(5))
            ),
            "value",
        ),
        (lambda g: _with(_without(g, SEL, OA.start), (SEL, OA.start, Literal(-1))), "start"),
        (
            lambda g: _with(_without(g, SEL, OA.end), (SEL, OA.end, Literal(_S["start"] - 1))),
            "start",
        ),
        (
            lambda g: _with(
                g, (KG["org-quwei-1"], GOVKG.runs, KG["policy-shehuijiuzhuzanxingbanfa-1"])
            ),
            "runs",
        ),
        (
            lambda g: _with(g, (KG["metric-aaaa-m1"], GOVKG.measures, KG["slogan-sigeyishi-1"])),
            "measures",
        ),
        (
            lambda g: _with(g, (KG[DOC_A], GOVKG.writtenBy, KG["program-qianyuanlizang-1"])),
            "writtenBy",
        ),
        (lambda g: _without(g, KG[DOC_A], GOVKG.sha256), "sha256"),
    ],
)
def test_shapes_catch_broken_graphs(default, shapes, mutate, path):
    conforms, text = shacl(mutate(default), shapes)
    assert not conforms
    assert path in text


def test_a_relation_without_its_direct_triple_is_caught(default, shapes):
    broken = _with(default)
    broken.remove((KG["org-quwei-1"], GOVKG.leads, KG["org-quminzhengju-1"]))
    conforms, text = shacl(broken, shapes)
    assert not conforms and "direct triple" in text


def test_a_typed_relation_dressed_up_as_weak_is_caught(default, shapes):
    rel = next(default.subjects(RDF.predicate, GOVKG.runs))
    broken = _with(_without(default, rel, GOVKG.weak), (rel, GOVKG.weak, Literal(True)))
    conforms, _ = shacl(broken, shapes)
    assert not conforms


# ---------------------------------------------------------------- outside readers


def tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        if os.environ.get("CI"):
            pytest.fail(
                f"{name} is not installed (.ci/run installs raptor2-utils and rasqal-utils)"
            )
        pytest.skip(f"{name} is not installed")
    return path


def rapper_count(path: Path, syntax: str) -> int:
    run = subprocess.run(
        [tool("rapper"), "-i", syntax, "-c", str(path)],
        capture_output=True,
        text=True,
        check=False,
        timeout=600,
    )
    assert run.returncode == 0, run.stderr
    match = re.search(r"Parsing returned (\d+) triples", run.stderr)
    assert match, run.stderr
    return int(match.group(1))


def roqet_rows(path: Path, query: str) -> list[tuple[str, ...]]:
    run = subprocess.run(
        [tool("roqet"), "-q", "-i", "sparql", "-r", "csv", "-D", str(path), "-e", query],
        capture_output=True,
        text=True,
        check=False,
        timeout=600,
    )
    assert run.returncode == 0, run.stderr
    rows = list(csv.reader(io.StringIO(run.stdout)))
    return [tuple(r) for r in rows[1:]]


def rdflib_rows(g: rdflib.Graph, query: str) -> list[tuple[str, ...]]:
    return [tuple("" if x is None else str(x) for x in row) for row in g.query(query)]


def write_all(G, directory: Path) -> dict[str, Path]:
    paths = {
        "turtle": directory / "graph.ttl",
        "ntriples": directory / "graph.nt",
        "trig": directory / "graph.trig",
        "nquads": directory / "graph.nq",
    }
    for fmt, path in paths.items():
        getattr(rdf, f"write_{fmt}")(G, path)
    return paths


def check_outside_readers(G, directory: Path, *, every_query_answers: bool = True) -> None:
    paths = write_all(G, directory)
    parsed = rdflib.Graph().parse(paths["turtle"], format="turtle")
    quad_count = len(rdf.statements(G))
    assert rapper_count(paths["turtle"], "turtle") == len(parsed)
    assert rapper_count(paths["ntriples"], "ntriples") == len(parsed)
    assert rapper_count(paths["nquads"], "nquads") == quad_count
    assert rapper_count(paths["trig"], "trig") == quad_count
    assert len(rdflib.Graph().parse(paths["ntriples"], format="nt")) == len(parsed)
    for query in QUERIES:
        expected = rdflib_rows(parsed, query)
        assert expected or not every_query_answers, query
        assert roqet_rows(paths["turtle"], query) == expected, query


# SPARQL 1.0 (what rasqal answers), results fully ordered so both engines list the same rows;
# each query opens with its most selective pattern, since rasqal joins in the order written.
QUERIES = [
    PREFIXES
    + """SELECT ?e ?label ?doc ?start ?end ?exact WHERE {
        ?e a govkg:Policy ; rdfs:label ?label ; govkg:mention ?m .
        ?m oa:hasSource ?doc ; oa:hasSelector ?sel .
        ?sel oa:start ?start ; oa:end ?end ; oa:exact ?exact } ORDER BY ?e ?doc ?start ?end""",
    PREFIXES
    + """SELECT ?s ?o ?trigger ?doc ?start ?end WHERE {
        ?r rdf:predicate govkg:runs ; rdf:subject ?s ; rdf:object ?o ; govkg:trigger ?trigger ;
           govkg:evidence ?m .
        ?m oa:hasSource ?doc ; oa:hasSelector ?sel . ?sel oa:start ?start ; oa:end ?end }
        ORDER BY ?s ?o ?doc ?start ?end""",
    PREFIXES
    + """SELECT ?m ?value ?unit ?doc ?start WHERE {
        ?m a govkg:Metric ; schema:value ?value ; schema:unitText ?unit ; govkg:mention ?x .
        ?x oa:hasSource ?doc ; oa:hasSelector ?sel . ?sel oa:start ?start } ORDER BY ?m""",
    PREFIXES
    + """SELECT ?doc ?e ?n WHERE { ?r rdf:predicate govkg:mentions ; rdf:subject ?doc ;
        rdf:object ?e ; govkg:count ?n } ORDER BY ?doc ?e""",
]


def test_rapper_and_roqet_agree_with_rdflib(graph, tmp_path):
    check_outside_readers(graph, tmp_path)


# ---------------------------------------------------------------- the real build


@pytest.fixture(scope="module")
def seed_records():
    from govkg.extract import DocumentError, extract_record, iter_documents

    root = Path(__file__).resolve().parent.parent / "seeds"
    return [extract_record(d) for d in iter_documents([root]) if not isinstance(d, DocumentError)]


@pytest.fixture(scope="module")
def seed_graph(seed_records):
    from govkg.graph.build import build_graph

    return build_graph(seed_records)


def test_the_seed_build_conforms_to_the_shapes(seed_graph, shapes):
    conforms, text = shacl(rdf.to_rdf(seed_graph).default_graph, shapes)
    assert conforms, text


def test_the_seed_build_is_read_the_same_by_rapper_and_roqet(seed_graph, tmp_path):
    check_outside_readers(seed_graph, tmp_path)


def test_the_seed_build_gives_the_same_bytes_in_any_record_order(seed_graph, seed_records):
    from govkg.graph.build import build_graph

    shuffled = list(seed_records)
    random.Random(3).shuffle(shuffled)
    again = build_graph(reversed(shuffled))
    for fmt in ("turtle", "trig", "nquads"):
        assert getattr(rdf, f"generate_{fmt}")(again) == getattr(rdf, f"generate_{fmt}")(
            seed_graph
        ), fmt


def test_the_readme_sparql_example_answers_with_provenance(default):
    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")
    section = readme[readme.index("## The graph as RDF") :]
    query = re.search(r"```sparql\n(.*?)```", section, re.S).group(1)
    rows = [tuple(str(x) for x in row) for row in default.query(query)]
    assert [(r[0][len(BASE) :], r[1][len(BASE) :], r[2][len(BASE) :], r[5]) for r in rows] == [
        (
            "org-quminzhengju-1",
            "program-qianyuanlizang-1",
            DOC_A,
            "区民政局会同区财政局深入开展“千元礼葬”惠民项目",
        ),
        ("org-shizhengxiejiguan-1", "program-qianyuanlizang-1", DOC_B, "推进“千元礼葬”惠民项目"),
    ]


@pytest.mark.parametrize("hash_seed", ["1", "2"])
def test_same_bytes_in_another_process_with_another_hash_seed(outputs, hash_seed):
    """Set and dict order change with PYTHONHASHSEED; the bytes must not."""
    script = (
        "import sys; sys.path.insert(0, sys.argv[1]); import test_rdf; from govkg.graph import rdf;"
        "G = test_rdf.make_graph(); sys.stdout.buffer.write("
        "rdf.generate_trig(G).encode() + b'\\0' + rdf.generate_nquads(G).encode())"
    )
    env = {**os.environ, "PYTHONHASHSEED": hash_seed}
    run = subprocess.run(
        [sys.executable, "-c", script, str(Path(__file__).resolve().parent)],
        capture_output=True,
        env=env,
        check=True,
        timeout=300,
    )
    trig, nquads = run.stdout.split(b"\0")
    assert trig == outputs["trig"].encode() and nquads == outputs["nquads"].encode()
