"""SPARQL from the command line: the shipped examples answer right on the seed build, the
result formats are the W3C ones, syntax errors say where, and nothing writes or calls out."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections import Counter, defaultdict
from pathlib import Path

import pyoxigraph as ox
import pytest
from click.testing import CliRunner
from govkg.graph.build import DEFAULT_BASE_IRI
from govkg.graph.cli import main
from govkg.graph.pipeline import run_build
from govkg.graph.query import (
    RefusedQuery,
    Result,
    Term,
    base_iri_of,
    check_read_only,
    examples,
    find_example,
    format_csv,
    format_json,
    format_table,
    format_tsv,
    format_xml,
    open_store,
    run_query,
    store_is_current,
)
from hypothesis import given, settings
from hypothesis import strategies as st
from wcwidth import wcswidth

ROOT = Path(__file__).resolve().parent.parent
KG = DEFAULT_BASE_IRI
GOVKG = "https://w3id.org/govkg/ontology#"
XSD = "http://www.w3.org/2001/XMLSchema#"


@pytest.fixture(scope="module")
def seeds(tmp_path_factory):
    """The seeds built once (N-Quads only), with the NetworkX graph to check answers against."""
    folder = tmp_path_factory.mktemp("query-seeds")
    result = run_build([ROOT / "seeds"], folder, formats=["nquads"])
    assert not result.failed
    return folder, result.graph, open_store(folder)


def answer(seeds, name: str) -> list[dict[str, str]]:
    folder, _, store = seeds
    result = run_query(store, find_example(name).text, base_iri=base_iri_of(folder))
    assert result.kind == "solutions" and not result.truncated
    return [
        {v: t.value for v, t in zip(result.variables, row, strict=True) if t is not None}
        for row in result.rows
    ]


def edges(G, kind: str):
    return [(u, v, d) for u, v, k, d in G.edges(keys=True, data=True) if k == kind]


def label(G, node: str) -> str:
    return G.nodes[node].get("label") or G.nodes[node]["key"]


# ---------------------------------------------------------------- the examples


def test_prefixes_are_the_rdf_writers_prefixes():
    from govkg.graph import query, rdf

    assert query.PREFIXES == rdf.PREFIXES and query.DATA_PREFIX == rdf.DATA_PREFIX
    assert query.DEFAULT_BASE_IRI == rdf.DEFAULT_BASE_IRI


def test_every_required_example_is_shipped_with_a_comment():
    names = {e.name for e in examples()}
    assert names >= {
        "programs-per-organization",
        "metrics-of-a-program",
        "shared-slogans",
        "organizations-partner-or-lead",
        "most-cited-policies",
        "redacted-metrics-share",
        "entity-facts",
    }
    for e in examples():
        assert e.text.startswith("# ") and e.title and e.title.endswith(")"), e.name


def test_programs_per_organization(seeds):
    _, G, _ = seeds
    runs = defaultdict(set)
    for u, v, _ in edges(G, "runs"):
        runs[u].add(v)
    rows = answer(seeds, "programs-per-organization")
    assert {r["organization"]: int(r["programs"]) for r in rows} == {
        KG + u: len(p) for u, p in runs.items()
    }
    counts = [int(r["programs"]) for r in rows]
    assert counts == sorted(counts, reverse=True)
    for r in rows:
        u = r["organization"][len(KG) :]
        assert r["name"] == label(G, u)
        assert all(label(G, p) in r["names"] for p in runs[u])
    assert len(rows) >= 3  # the seeds' 区民政局, 市政协机关, 局党委 run programs


def test_metrics_of_a_program(seeds):
    _, G, _ = seeds
    with_value = Counter(
        v
        for u, v, _ in edges(G, "measures")
        if G.nodes[u]["type"] == "Metric"
        and G.nodes[u].get("value") is not None
        and G.nodes[v]["type"] == "Program"
    )
    top = min(with_value, key=lambda p: (-with_value[p], KG + p))
    metrics = {u for u, v, _ in edges(G, "measures") if v == top and G.nodes[u]["type"] == "Metric"}
    rows = answer(seeds, "metrics-of-a-program")
    assert {r["program"] for r in rows} == {KG + top}
    assert {r["metric"] for r in rows} == {KG + m for m in metrics}
    for r in rows:
        m = G.nodes[r["metric"][len(KG) :]]
        assert r["programName"] == label(G, top)
        assert r["sentence"] == m["sentence_text"]
        assert r["document"] == KG + m["doc"]
        assert r["redacted"] == ("true" if m["redacted"] else "false")
        assert r.get("unit") == (m.get("unit") or None)
        if m.get("value") is None:
            assert "value" not in r
        else:
            assert float(r["value"]) == pytest.approx(m["value"])
            assert m["text"] in r["sentence"]  # the evidence sentence says the number


def _ranked(rows, key_col, score_cols, expected: dict[str, tuple[int, ...]]):
    """Rows ranked by score: each row's scores are right, the order is descending, and no
    entity left out scores higher than the last row."""
    got = [tuple(int(r[c]) for c in score_cols) for r in rows]
    assert got == sorted(got, reverse=True)
    for r, scores in zip(rows, got, strict=True):
        assert expected[r[key_col][len(KG) :]] == scores, r
    shown = {r[key_col][len(KG) :] for r in rows}
    if len(rows) == 20:
        assert all(s <= got[-1] for n, s in expected.items() if n not in shown)
    else:
        assert shown == set(expected)


def test_shared_slogans(seeds):
    _, G, _ = seeds
    docs = defaultdict(set)
    for u, v, _ in edges(G, "mentions"):
        if G.nodes[v]["type"] == "Slogan":
            docs[v].add(u)
    expected = {s: (len(d), G.nodes[s]["mention_count"]) for s, d in docs.items()}
    rows = answer(seeds, "shared-slogans")
    _ranked(rows, "slogan", ("reports", "mentions"), expected)
    # 四个意识 is in four of the five seed reports (000, 001, 003, 004)
    assert any(r["name"] == "四个意识" and int(r["reports"]) >= 3 for r in rows)


def test_organizations_partner_or_lead(seeds):
    _, G, _ = seeds
    expected = {}
    for kind, prop in (("partners_with", "partnersWith"), ("leads", "leads")):
        for u, v, d in edges(G, kind):
            sentences = [e["sentence_text"] for e in d["evidence"] if e.get("sentence_text")]
            if sentences:
                expected[(KG + u, GOVKG + prop, KG + v)] = (min(sentences), d.get("trigger"))
    rows = answer(seeds, "organizations-partner-or-lead")
    assert {
        (r["source"], r["relation"], r["target"]): (r["evidence"], r.get("trigger")) for r in rows
    } == expected
    assert rows, "the seeds say 在区委、区政府的坚强领导下 and 会同区委组织部"
    for r in rows:
        assert r["sourceName"] in r["evidence"] or r.get("trigger", "") in r["evidence"]


def test_most_cited_policies(seeds):
    _, G, _ = seeds
    docs, orgs = defaultdict(set), defaultdict(set)
    for u, v, _ in edges(G, "mentions"):
        if G.nodes[v]["type"] == "Policy":
            docs[v].add(u)
    for kind in ("issues", "implements"):
        for u, v, _ in edges(G, kind):
            orgs[v].add(u)
    expected = {p: (len(d), len(orgs[p])) for p, d in docs.items()}
    _ranked(answer(seeds, "most-cited-policies"), "policy", ("reports", "organizations"), expected)


def test_redacted_metrics_share(seeds):
    _, G, _ = seeds
    total, hidden = Counter(), Counter()
    for _, m in G.nodes(data=True):
        if m["type"] == "Metric":
            total[m["doc"]] += 1
            hidden[m["doc"]] += bool(m["redacted"])
    rows = answer(seeds, "redacted-metrics-share")
    assert {
        r["document"][len(KG) :]: (int(r["metrics"]), int(r["redactedMetrics"])) for r in rows
    } == {d: (total[d], hidden[d]) for d in total}
    for r in rows:
        assert float(r["percent"]) == pytest.approx(
            round(1000 * int(r["redactedMetrics"]) / int(r["metrics"])) / 10
        )
    percents = [float(r["percent"]) for r in rows]
    assert percents == sorted(percents, reverse=True)
    # seed 003 writes every figure as ** (redacted); seed 002 hides none
    assert percents[0] == 100.0 and percents[-1] == 0.0


def test_entity_facts(seeds):
    _, G, _ = seeds
    policies = [n for n, a in G.nodes(data=True) if a["type"] == "Policy"]
    top = min(policies, key=lambda p: (-G.nodes[p]["mention_count"], KG + p))
    rows = answer(seeds, "entity-facts")
    assert {r["entity"] for r in rows} == {KG + top}
    mentions = {m["sentence_text"] for m in G.nodes[top]["mentions"]}
    assert {r["sentence"] for r in rows if r["property"] == GOVKG + "mention"} == mentions
    assert ("out", "http://www.w3.org/2000/01/rdf-schema#label", label(G, top)) in {
        (r["direction"], r["property"], r["value"]) for r in rows
    }
    related = {
        (r["direction"], r["value"][len(KG) :])
        for r in rows
        if r["property"].startswith(GOVKG)
        and r["property"] != GOVKG + "mention"
        and r["value"].startswith(KG)
    }
    expected = {
        ("in", u) for u, v, k, d in G.in_edges(top, keys=True, data=True) if d.get("evidence")
    } | {("out", v) for u, v, k, d in G.out_edges(top, keys=True, data=True) if d.get("evidence")}
    assert related == expected
    for r in rows:
        assert r["document"].startswith(KG + "doc-")


# ---------------------------------------------------------------- the read-only check


@pytest.mark.parametrize(
    "query, refused",
    [
        ("INSERT DATA { kg:a kg:b kg:c }", "INSERT"),
        ("PREFIX ex: <http://example.org/>\nDELETE WHERE { ?s ?p ?o }", "DELETE"),
        ("LOAD <http://example.org/data.ttl>", "LOAD"),
        ("DROP ALL", "DROP"),
        ("clear default", "CLEAR"),
        ("SELECT * { SERVICE <http://example.org/sparql> { ?s ?p ?o } }", "SERVICE"),
        ("SELECT * { service silent <http://example.org/sparql> { ?s ?p ?o } }", "SERVICE"),
        ("SELECT ?service { ?service a govkg:Program }", None),
        ('SELECT * { ?s rdfs:label "INSERT DATA SERVICE" }', None),
        ("SELECT * { ?s ?p <http://example.org/SERVICE/LOAD> } # DELETE this comment", None),
        ("SELECT * { ?s ?p '''multi\nline DROP''' }", None),
        ("PREFIX load: <http://example.org/>\nSELECT * { ?s load:copy ?o }", None),
        ('SELECT * { ?s ?p "x"@add }', None),
    ],
)
def test_check_read_only(query, refused):
    if refused is None:
        check_read_only(query)
    else:
        with pytest.raises(RefusedQuery, match=refused):
            check_read_only(query)


# ---------------------------------------------------------------- result formats

CHINESE = Result(
    "solutions",
    ["org", "name", "n"],
    [
        (
            Term("uri", KG + "org-quminzhengju-96cc1dd70c"),
            Term("literal", "区民政局", lang="zh"),
            Term("literal", "18", XSD + "integer"),
        ),
        (
            Term("uri", KG + "org-xshizhengxie-db32f0c71c"),
            Term("literal", "xx市政协", lang="zh"),
            Term("literal", "1", XSD + "integer"),
        ),
        (Term("uri", "http://example.org/a%20b"), None, Term("literal", "2", XSD + "integer")),
    ],
)


def test_table_aligns_chinese_by_display_width():
    lines = format_table(CHINESE).splitlines()
    assert lines[-1] == "(3 rows)"
    body = lines[:-1]
    # every column starts at the same display column on every line
    name_col = wcswidth(lines[0][: lines[0].index("name")])
    for line in body[2:4]:
        assert (
            wcswidth(line[: line.index("区民政局" if "区民" in line else "xx市政协")]) == name_col
        )
    # numbers are right-aligned: every line with a number ends at the same display width
    assert len({wcswidth(line) for line in body[2:]}) == 1
    assert "kg:org-quminzhengju-96cc1dd70c" in body[2]  # IRIs shortened with kg:


def test_table_cuts_long_cells_by_display_width():
    long = Result("solutions", ["s"], [(Term("literal", "坚持" * 100),)])
    row = format_table(long, max_width=40).splitlines()[2]
    assert row.endswith("…") and wcswidth(row) <= 40


def test_csv_and_tsv_follow_the_w3c_formats():
    csv = format_csv(CHINESE)
    assert csv.split("\r\n")[0] == "org,name,n"
    assert csv.split("\r\n")[1] == f"{KG}org-quminzhengju-96cc1dd70c,区民政局,18"
    tsv = format_tsv(CHINESE).split("\n")
    assert tsv[0] == "?org\t?name\t?n"
    assert tsv[1] == f'<{KG}org-quminzhengju-96cc1dd70c>\t"区民政局"@zh\t18'
    assert format_csv(Result("boolean", boolean=True)) == "true\r\n"


@pytest.mark.parametrize(
    "writer, fmt",
    [
        (format_json, ox.QueryResultsFormat.JSON),
        (format_xml, ox.QueryResultsFormat.XML),
        (format_tsv, ox.QueryResultsFormat.TSV),
    ],
)
def test_results_read_back_with_oxigraph(writer, fmt):
    parsed = ox.parse_query_results(writer(CHINESE).encode("utf-8"), format=fmt)
    rows = [[s[v] for v in ("org", "name", "n")] for s in parsed]
    assert rows[0][1] == ox.Literal("区民政局", language="zh")
    assert rows[0][2] == ox.Literal("18", datatype=ox.NamedNode(XSD + "integer"))
    assert rows[2][1] is None
    assert (
        bool(ox.parse_query_results(writer(Result("boolean", boolean=False)).encode(), format=fmt))
        is False
    )


@settings(max_examples=60, deadline=None)
@given(
    st.text(
        alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"),
        max_size=30,
    ),
    st.sampled_from([None, "zh"]),
)
def test_any_literal_survives_json_xml_and_tsv(text, lang):
    import xml.etree.ElementTree as ET

    result = Result("solutions", ["x"], [(Term("literal", text, None, lang),)])
    binding = json.loads(format_json(result))["results"]["bindings"][0]["x"]
    assert binding["value"] == text
    tsv = ox.parse_query_results(format_tsv(result).encode(), format=ox.QueryResultsFormat.TSV)
    assert next(iter(tsv))["x"].value == text
    if (
        all(c in "\t\n\r" or c >= " " for c in text)
        and "\ufffe" not in text
        and "\uffff" not in text
    ):
        ns = "{http://www.w3.org/2005/sparql-results#}"
        root = ET.fromstring(format_xml(result).encode())
        assert (root.find(f".//{ns}literal").text or "") == text.replace("\r", "\n")


# ---------------------------------------------------------------- the store


def test_store_is_loaded_once_and_again_when_the_graph_changes(seeds, tmp_path):
    folder, _, _ = seeds
    assert store_is_current(folder)
    copy = tmp_path / "copy"
    copy.mkdir()
    (copy / "graph.nq").write_bytes((folder / "graph.nq").read_bytes())
    store = open_store(copy)
    n = run_query(store, "SELECT (COUNT(*) AS ?n) { ?s a govkg:Document }").rows[0][0].value
    assert n == "5" and store_is_current(copy)
    del store
    with open(copy / "graph.nq", "a", encoding="utf-8") as fh:
        fh.write(
            f"<{KG}doc-extra> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> "
            f"<{GOVKG}Document> .\n"
        )
    assert not store_is_current(copy)
    n = (
        run_query(open_store(copy), "SELECT (COUNT(*) AS ?n) { ?s a govkg:Document }")
        .rows[0][0]
        .value
    )
    assert n == "6"


# ---------------------------------------------------------------- the command


def govkg(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-c", "from govkg.graph.cli import main; main()", *args],
        input=stdin,
        capture_output=True,
        text=True,
        cwd=ROOT,
        env={**os.environ, "PYTHONIOENCODING": "utf-8"},
    )


def test_cli_list_names_every_example():
    out = CliRunner().invoke(main, ["query", "--list"])
    assert out.exit_code == 0
    for e in examples():
        assert e.name in out.output and e.title in out.output


def test_cli_table_csv_tsv_json(seeds):
    folder = str(seeds[0])
    q = "SELECT ?d ?t WHERE { ?d a govkg:Document ; dcterms:title ?t } ORDER BY ?t"
    runner = CliRunner()
    table = runner.invoke(main, ["query", "--data", folder, q])
    assert table.exit_code == 0 and table.output.endswith("(5 rows)\n")
    assert "kg:doc-" in table.output
    csv = runner.invoke(main, ["query", "--data", folder, q, "--format", "csv"]).stdout_bytes
    assert csv.startswith(b"d,t\r\n") and csv.count(b"\r\n") == 6
    tsv = runner.invoke(main, ["query", "--data", folder, q, "--format", "tsv"])
    assert tsv.output.startswith("?d\t?t\n<" + KG)
    js = json.loads(runner.invoke(main, ["query", "--data", folder, q, "--format", "json"]).output)
    assert js["head"]["vars"] == ["d", "t"] and len(js["results"]["bindings"]) == 5
    ask = runner.invoke(main, ["query", "--data", folder, "ASK { ?s a govkg:Slogan }"])
    assert ask.output == "true\n"


def test_cli_construct_prints_turtle(seeds):
    from rdflib import Graph

    out = CliRunner().invoke(
        main,
        [
            "query",
            "--data",
            str(seeds[0]),
            "CONSTRUCT { ?d a govkg:Document } WHERE { ?d a govkg:Document }",
        ],
    )
    assert out.exit_code == 0 and "@prefix govkg:" in out.output
    assert len(Graph().parse(data=out.output, format="turtle")) == 5


def test_cli_file_and_stdin(seeds, tmp_path):
    rq = tmp_path / "q.rq"
    rq.write_text(
        "# how many documents\nSELECT (COUNT(?d) AS ?n) { ?d a govkg:Document }\n", encoding="utf-8"
    )
    out = CliRunner().invoke(
        main, ["query", "--data", str(seeds[0]), "-f", str(rq), "--format", "csv"]
    )
    assert out.stdout_bytes == b"n\r\n5\r\n"
    out = CliRunner().invoke(
        main,
        ["query", "--data", str(seeds[0]), "-f", "-", "--format", "csv"],
        input=rq.read_text(encoding="utf-8"),
    )
    assert out.stdout_bytes == b"n\r\n5\r\n"


@pytest.mark.parametrize(
    "query, where",
    [
        ("SELECT ?x WHERE {\n  ?x ?y \n}", "line 3, column"),
        ("SELECT ?x WHERE { ?x foo:bar ?z }", "line 1, column 29: undeclared prefix foo:"),
        ("SELECT (COUNT(?x) ?n) WHERE { ?x ?y ?z }", "line 1, column 23"),
    ],
)
def test_cli_syntax_error_says_where_and_exits_2(seeds, query, where):
    proc = govkg("query", "--data", str(seeds[0]), query)
    assert proc.returncode == 2
    assert "syntax error at " + where in proc.stderr
    assert proc.stderr.rstrip().endswith("^")  # the line with a caret under the column


@pytest.mark.parametrize(
    "query",
    [
        "INSERT DATA { kg:a kg:b kg:c }",
        "SELECT * { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }",
    ],
)
def test_cli_refuses_updates_and_service(seeds, query):
    proc = govkg("query", "--data", str(seeds[0]), query)
    assert proc.returncode == 2 and "refused" in proc.stderr


def test_cli_without_a_build_says_so(tmp_path):
    out = CliRunner().invoke(main, ["query", "--data", str(tmp_path / "none"), "ASK {}"])
    assert out.exit_code == 1 and "govkg build" in out.output


@pytest.mark.filterwarnings("ignore::DeprecationWarning")  # rdflib's own Dataset internals
@pytest.mark.parametrize("name", ["redacted-metrics-share", "shared-slogans"])
def test_rdflib_engine_gives_the_same_answer(seeds, name):
    out = CliRunner().invoke(
        main,
        ["query", "--data", str(seeds[0]), "-e", name, "--format", "csv", "--engine", "rdflib"],
    )
    ox_out = CliRunner().invoke(
        main, ["query", "--data", str(seeds[0]), "-e", name, "--format", "csv"]
    )
    assert out.exit_code == 0, out.output
    assert out.stdout_bytes.split(b"\r\n") == ox_out.stdout_bytes.split(b"\r\n")


def test_two_first_queries_at_once_load_the_store_once(seeds, tmp_path):
    folder, _, _ = seeds
    copy = tmp_path / "fresh"
    copy.mkdir()
    (copy / "graph.nq").write_bytes((folder / "graph.nq").read_bytes())
    q = "SELECT (COUNT(?d) AS ?n) { ?d a govkg:Document }"
    cmd = [
        sys.executable,
        "-c",
        "from govkg.graph.cli import main; main()",
        "query",
        "--data",
        str(copy),
        q,
        "--format",
        "csv",
    ]
    procs = [
        subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE) for _ in range(2)
    ]
    outs = [p.communicate(timeout=300) for p in procs]
    assert [p.returncode for p in procs] == [0, 0], outs
    assert [o[0] for o in outs] == [b"n\r\n5\r\n"] * 2
    assert store_is_current(copy)
    assert sorted(p.name for p in copy.iterdir() if p.name.startswith(".oxigraph.")) == [
        ".oxigraph.lock"
    ]  # no half-loaded store left behind
