"""Exports and the build job: readers govkg did not write load what it writes; builds are repeatable."""

from __future__ import annotations

import csv
import io
import json
import shutil
import subprocess
from pathlib import Path

import igraph
import networkx as nx
import pytest
from click.testing import CliRunner
from govkg.extract import extract_record, iter_documents
from govkg.graph import build_graph
from govkg.graph.cli import main
from govkg.graph.exports import (
    FORMATS,
    generate_gexf,
    generate_graphml,
    generate_neo4j,
    generate_node_link,
    write_graphml,
    write_neo4j,
)
from govkg.graph.pipeline import run_build

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"


@pytest.fixture(scope="module")
def graph():
    return build_graph(extract_record(d) for d in iter_documents([SEEDS]))


def test_graphml_loads_in_networkx_and_igraph_with_the_same_counts(graph, tmp_path):
    path = tmp_path / "g.graphml"
    write_graphml(graph, path)
    H = nx.read_graphml(path)
    assert (H.number_of_nodes(), H.number_of_edges()) == (
        graph.number_of_nodes(),
        graph.number_of_edges(),
    )
    ig = igraph.Graph.Read_GraphML(str(path))
    assert (ig.vcount(), ig.ecount()) == (graph.number_of_nodes(), graph.number_of_edges())
    assert sorted(ig.vs["id"]) == sorted(graph.nodes)
    # lists and dicts become JSON text, scalars keep their type, None is dropped
    node = next(n for n, d in graph.nodes(data=True) if d["type"] == "Organization")
    assert json.loads(H.nodes[node]["aliases"]) == graph.nodes[node]["aliases"]
    assert json.loads(H.nodes[node]["mentions"]) == graph.nodes[node]["mentions"]
    assert H.nodes[node]["mention_count"] == graph.nodes[node]["mention_count"]
    metric = next(
        n for n, d in graph.nodes(data=True) if d["type"] == "Metric" and d["value"] is not None
    )
    assert H.nodes[metric]["value"] == pytest.approx(graph.nodes[metric]["value"])
    assert "approximate" not in H.nodes[metric] or graph.nodes[metric]["approximate"] is not None


def test_graphml_and_gexf_hold_scalars_only(graph):
    for text in (generate_graphml(graph), generate_gexf(graph)):
        assert "[{" not in text.split("<graph", 1)[0]  # nothing but declarations before the graph
        assert 'attr.type="string"' in text or 'type="string"' in text


def test_gexf_loads_in_networkx(graph, tmp_path):
    path = tmp_path / "g.gexf"
    path.write_text(generate_gexf(graph), encoding="utf-8")
    H = nx.read_gexf(path)
    assert (H.number_of_nodes(), H.number_of_edges()) == (
        graph.number_of_nodes(),
        graph.number_of_edges(),
    )
    metric = next(n for n, d in graph.nodes(data=True) if d["type"] == "Metric")
    assert H.nodes[metric]["span_start"] == graph.nodes[metric]["start"]
    assert {d["relation"] for _, _, d in H.edges(data=True)} == {
        k for _, _, k in graph.edges(keys=True)
    }


def test_node_link_json_round_trips(graph):
    data = json.loads(generate_node_link(graph))
    H = nx.node_link_graph(data, edges="edges")
    assert sorted(H.nodes) == sorted(graph.nodes)
    assert sorted(H.edges(keys=True)) == sorted(graph.edges(keys=True))
    node = next(iter(graph.nodes))
    assert H.nodes[node] == graph.nodes[node]
    assert [n["id"] for n in data["nodes"]] == sorted(graph.nodes)


def _rows(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text)))


def test_neo4j_csv_headers_parse_and_ids_connect(graph):
    files = generate_neo4j(graph)
    node_ids: set[str] = set()
    for name in sorted(f for f in files if f.startswith("nodes_")):
        header, *rows = _rows(files[name])
        assert header[:2] == ["id:ID", ":LABEL"]
        label = name.removeprefix("nodes_").removesuffix(".csv")
        assert sum(1 for _, d in graph.nodes(data=True) if d["type"] == label) == len(rows)
        for column, cells in zip(header[2:], zip(*[r[2:] for r in rows], strict=True), strict=True):
            kind = column.split(":", 1)[1] if ":" in column else "string"
            assert kind in ("string", "int", "float", "boolean", "string[]"), column
            for cell in cells:
                if cell and kind == "int":
                    int(cell)
                elif cell and kind == "float":
                    float(cell)
                elif cell and kind == "boolean":
                    assert cell in ("true", "false")
        assert all(r[1] == label for r in rows)
        node_ids.update(r[0] for r in rows)
    assert node_ids == set(graph.nodes)
    edges = 0
    for name in sorted(f for f in files if f.startswith("relationships_")):
        header, *rows = _rows(files[name])
        assert header[:3] == [":START_ID", ":END_ID", ":TYPE"] and "count:int" in header
        for row in rows:
            assert row[0] in node_ids and row[1] in node_ids and row[2].isupper()
        edges += len(rows)
    assert edges == graph.number_of_edges()
    csvs = sorted(f for f in files if f.endswith(".csv"))
    assert all(
        f"--{'nodes' if f.startswith('nodes_') else 'relationships'}={f}" in files["import.sh"]
        for f in csvs
    )
    assert 'neo4j-admin database import full "${1:-neo4j}"' in files["import.sh"]
    syntax = subprocess.run(["sh", "-n"], input=files["import.sh"], text=True, capture_output=True)
    assert syntax.returncode == 0, syntax.stderr
    assert not files["import.sh"].rstrip().endswith("\\")
    assert all(f"'file:///{f}'" in files["load.cypher"] for f in csvs)


def test_neo4j_folder_drops_files_of_labels_no_longer_present(graph, tmp_path):
    stale = tmp_path / "nodes_Gone.csv"
    stale.parent.mkdir(exist_ok=True)
    stale.write_text("id:ID\n")
    write_neo4j(graph, tmp_path)
    assert not stale.exists() and (tmp_path / "nodes_Organization.csv").exists()


def test_a_failed_write_leaves_the_previous_file(graph, tmp_path, monkeypatch):
    path = tmp_path / "graph.graphml"
    path.write_text("previous complete file", encoding="utf-8")

    def broken(*args, **kwargs):
        yield "<?xml"
        raise RuntimeError("disk full")

    from govkg.graph import exports

    monkeypatch.setattr(exports, "_graphml_lines", broken)
    with pytest.raises(RuntimeError):
        write_graphml(graph, path)
    assert path.read_text(encoding="utf-8") == "previous complete file"
    assert [p.name for p in tmp_path.iterdir()] == ["graph.graphml"]


@pytest.fixture(scope="module")
def two_builds(tmp_path_factory):
    """The seeds built twice: from the folder, and from its files listed in reverse order."""
    first = tmp_path_factory.mktemp("first")
    second = tmp_path_factory.mktemp("second")
    run_build([SEEDS], first)
    run_build(sorted(SEEDS.iterdir(), reverse=True), second)
    return first, second


def _files(folder: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()
    }


def test_build_writes_every_format(two_builds):
    first, _ = two_builds
    names = set(_files(first))
    for fmt in FORMATS.values():
        assert fmt.filename in names or any(n.startswith(fmt.filename + "/") for n in names), (
            fmt.name
        )
    assert {
        "records.jsonl",
        "report.json",
        "report.md",
        "neo4j/import.sh",
        "neo4j/load.cypher",
    } <= names
    assert not [n for n in names if n.endswith(".part")]


def test_building_in_another_input_order_gives_the_same_bytes(two_builds):
    first, second = two_builds
    a, b = _files(first), _files(second)
    assert sorted(a) == sorted(b)
    # records.jsonl streams in input order by design; it holds the same records
    assert sorted(a.pop("records.jsonl").splitlines()) == sorted(
        b.pop("records.jsonl").splitlines()
    )
    for name in sorted(a):
        assert a[name] == b[name], name


def test_build_twice_from_the_same_paths_is_byte_identical(tmp_path):
    run_build([SEEDS], tmp_path / "a", formats=["graphml", "gexf", "json", "neo4j", "turtle"])
    run_build([SEEDS], tmp_path / "b", formats=["graphml", "gexf", "json", "neo4j", "turtle"])
    assert _files(tmp_path / "a") == _files(tmp_path / "b")


def test_report_counts_per_type_and_per_document(two_builds):
    first, _ = two_builds
    report = json.loads((first / "report.json").read_text(encoding="utf-8"))
    assert report["totals"]["documents"] == 5 == len(report["documents"])
    assert report["failed"] == []
    G = nx.read_graphml(first / "graph.graphml")
    assert report["totals"]["node_count"] == G.number_of_nodes()
    assert sum(report["totals"]["nodes"].values()) == G.number_of_nodes()
    assert all(
        set(d["nodes"]) == {"Organization", "Program", "Slogan", "Policy", "Metric"}
        for d in report["documents"]
    )
    assert "| Organization |" in (first / "report.md").read_text(encoding="utf-8")
    # every seed is redacted or unnamed: only absolute names are shared, the rest stay per document
    scopes = report["organizations_by_scope"]
    assert sum(scopes.values()) == report["totals"]["nodes"]["Organization"]
    assert scopes["document"] > scopes["everywhere"] > 0 and scopes["level_above_a_place"] == 0
    top = report["most_mentioned"]["Program"][0]
    assert top["documents"] >= max(r["documents"] for r in report["most_mentioned"]["Program"])


def test_cli_build_reports_a_bad_file_and_builds_the_rest(tmp_path):
    corpus = tmp_path / "in"
    corpus.mkdir()
    shutil.copy(SEEDS / "004_87fa003bd2d14cb7.txt", corpus / "004.txt")
    (corpus / "broken.jsonl").write_text(
        '{"title": "x", "text": "ok"}\n{not json\n', encoding="utf-8"
    )
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["build", str(corpus), "-o", str(out), "--format", "json"])
    assert result.exit_code == 1
    errors = [line for line in result.stderr.splitlines() if line.startswith("govkg: error:")]
    assert len(errors) == 1 and "broken.jsonl" in errors[0]
    report = json.loads((out / "report.json").read_text(encoding="utf-8"))
    # the good line of the corpus is still read, the bad one is the one failure
    assert report["totals"]["documents"] == 2 and len(report["failed"]) == 1
    assert "broken.jsonl" in report["failed"][0]["source"]
    assert (out / "graph.json").exists() and not (out / "graph.ttl").exists()


def test_cli_build_with_nothing_readable_fails_without_writing(tmp_path):
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["build", str(tmp_path / "missing"), "-o", str(out)])
    assert result.exit_code == 1 and "no such file" in result.stderr
    assert not (out / "records.jsonl").exists()


def test_cli_build_rejects_an_unknown_format(tmp_path):
    result = CliRunner().invoke(main, ["build", str(SEEDS), "-o", str(tmp_path), "--format", "pdf"])
    assert result.exit_code == 1 and "unknown format pdf" in result.stderr


def test_an_extractor_bug_on_one_report_fails_that_report_only(tmp_path, monkeypatch):
    import govkg.extract.pipeline as pipeline

    real = pipeline.extract_record

    def flaky(source):
        if "001_" in source.source:
            raise IndexError("string index out of range")
        return real(source)

    # in this process (jobs=1), so the worker sees the patched extractor
    monkeypatch.setattr(pipeline, "extract_record", flaky)
    errors: list[tuple[str, str]] = []
    result = run_build(
        [SEEDS], tmp_path, formats=["json"], on_error=lambda s, m: errors.append((s, m)), jobs=1
    )
    assert len(errors) == 1 and "001_" in errors[0][0] and "IndexError" in errors[0][1]
    assert result.report["totals"]["documents"] == 4 and result.report["totals"]["failed"] == 1


def test_a_failing_format_is_reported_and_the_others_are_written(graph, tmp_path, monkeypatch):
    from govkg.extract import GovkgError
    from govkg.graph import exports

    def broken(G, path, **opts):
        raise GovkgError("gexf writer broke")

    monkeypatch.setitem(
        exports.FORMATS, "gexf", exports.Format("gexf", "graph.gexf", broken, "broken")
    )
    result = run_build([SEEDS / "004_87fa003bd2d14cb7.txt"], tmp_path, formats=["gexf", "json"])
    assert [m for _, m in result.failed] == ["gexf writer broke"]
    assert (tmp_path / "graph.json").exists() and not (tmp_path / "graph.gexf").exists()
    assert "graph.gexf" not in result.report["outputs"]


@pytest.mark.parametrize(
    "base", ["foo", "http://example.org/id", "http://例子.org/", "http://x.org/a b/"]
)
def test_cli_build_rejects_a_bad_base_iri_before_reading(tmp_path, base):
    result = CliRunner().invoke(
        main, ["build", str(SEEDS), "-o", str(tmp_path), "--base-iri", base]
    )
    assert result.exit_code == 1 and "base IRI" in result.stderr
    assert not list(tmp_path.iterdir())


def test_cli_build_uses_the_base_iri(tmp_path):
    source = str(SEEDS / "004_87fa003bd2d14cb7.txt")
    args = [
        "build",
        source,
        "-o",
        str(tmp_path),
        "--base-iri",
        "https://example.org/kg#",
        "--format",
        "ntriples",
    ]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 0, result.stderr
    assert "<https://example.org/kg#doc-e2f5504a25833c7b>" in (tmp_path / "graph.nt").read_text(
        encoding="utf-8"
    )


@pytest.mark.parametrize(
    "name, generate",
    [("graphml", generate_graphml), ("gexf", generate_gexf), ("json", generate_node_link)],
)
def test_writers_write_what_generators_give(graph, tmp_path, name, generate):
    path = tmp_path / FORMATS[name].filename
    FORMATS[name].write(graph, path)
    assert path.read_text(encoding="utf-8") == generate(graph)


def test_gexf_carries_no_date(graph):
    """networkx's writer stamps today's date: a build tomorrow would differ from one today."""
    assert "lastmodifieddate" not in generate_gexf(graph)


@pytest.mark.parametrize("text", ["a<b>&\"c'", "控制\x0b字符", "line\nbreak", "｜|;"])
def test_xml_exports_escape_any_text(text, tmp_path):
    G = nx.MultiDiGraph(base_iri="https://example.org/", documents=["doc-a"])
    G.add_node("doc-a", type="Document", label=text, title=text, chars=3, metadata={"k": text})
    G.add_node("org-b", type="Organization", label=text, aliases=[text], mention_count=1)
    G.add_edge(
        "doc-a",
        "org-b",
        key="mentions",
        type="mentions",
        weak=False,
        count=1,
        evidence=[],
        trigger=None,
    )
    (tmp_path / "g.graphml").write_text(generate_graphml(G), encoding="utf-8")
    (tmp_path / "g.gexf").write_text(generate_gexf(G), encoding="utf-8")
    H = nx.read_graphml(tmp_path / "g.graphml")
    expected = text.replace("\x0b", "\ufffd")
    assert H.nodes["org-b"]["label"] == expected
    assert json.loads(H.nodes["org-b"]["aliases"]) == [
        text
    ]  # JSON escapes control characters itself
    assert nx.read_gexf(tmp_path / "g.gexf").nodes["doc-a"]["label"] == expected
    assert igraph.Graph.Read_GraphML(str(tmp_path / "g.graphml")).vcount() == 2
