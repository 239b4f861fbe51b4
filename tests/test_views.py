"""The HTML views: escaping, highlighted document text, layout, ego views, offline pages."""

from __future__ import annotations

import hashlib
import json
import random
import re
from html.parser import HTMLParser
from pathlib import Path

import networkx as nx
import pytest
from click.testing import CliRunner
from govkg.extract import extract_record, iter_documents
from govkg.graph import build_graph
from govkg.graph.cli import main
from govkg.graph.views import (
    SPRING_LIMIT,
    ViewError,
    ego_subgraph,
    find_node,
    generate_document_html,
    generate_graph_html,
    generate_index_html,
    layout,
    marked_text,
    script_json,
    spring,
    vis_assets,
    write_views,
)
from hypothesis import given, settings
from hypothesis import strategies as st

ROOT = Path(__file__).resolve().parent.parent
HOSTILE = [
    "<img src=x onerror=alert(1)>",
    "</script><script>alert(1)</script>",
    "\"'><svg onload=alert(1)>",
    "a\u2028b\u2029c & &amp; <!-- -->",
    "区民政局</SCRIPT >",
]


def make_record(
    text: str, title: str, entities: list[tuple[str, str]], *, source: str = ""
) -> dict:
    """A record in the form extraction writes, with every occurrence of each name a mention."""
    sha = hashlib.sha256(text.encode("utf-8")).hexdigest()
    doc_id = "doc-" + sha[:16]
    items = []
    for i, (etype, name) in enumerate(entities):
        mentions = [
            {
                "start": m.start(),
                "end": m.end(),
                "text": name,
                "sentence": 0,
                "section": None,
                "extractor": "test",
            }
            for m in re.finditer(re.escape(name), text)
        ]
        items.append(
            {
                "id": f"{doc_id}-e{i}",
                "type": etype,
                "name": name,
                "aliases": [],
                "mentions": mentions,
            }
        )
    return {
        "document": {
            "id": doc_id,
            "source": source or f"{title}.txt",
            "title": title,
            "sha256": sha,
            "chars": len(text),
            "format": "txt",
        },
        "text": text,
        "sentences": [[0, len(text), None]],
        "sections": [],
        "entities": items,
        "metrics": [],
        "relations": [],
    }


@pytest.fixture(scope="module")
def seed_records() -> list[dict]:
    records = []
    for item in iter_documents([ROOT / "seeds"]):
        record = extract_record(item).to_dict()
        record["text"] = item.text
        records.append(record)
    return records


@pytest.fixture(scope="module")
def seed_graph(seed_records) -> nx.MultiDiGraph:
    return build_graph(seed_records)


class Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict]] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))


def tags(html: str) -> list[tuple[str, dict]]:
    parser = Tags()
    parser.feed(html)
    return parser.tags


@pytest.mark.parametrize("value", HOSTILE)
def test_script_json_has_no_markup_and_reads_back(value):
    text = str(script_json({"name": value, "list": [value]}))
    assert not re.search(r"[<>&\u2028\u2029]", text)
    assert json.loads(text) == {"name": value, "list": [value]}


@given(st.text())
@settings(max_examples=200, deadline=None)
def test_script_json_round_trips_any_text(value):
    text = str(script_json(value))
    assert "</" not in text and "<!--" not in text
    assert json.loads(text) == value


@pytest.mark.parametrize(
    ("text", "spans", "expected"),
    [
        # 003: one organization mention
        (
            "在区委、区政府的坚强领导",
            [(1, 3, "org-a", "Organization")],
            '在<span class="anchor" id="m-1-3"></span>'
            '<mark class="m t-Organization" data-node="org-a" data-s="1" data-e="3"'
            ' title="Organization: 区委">区委</mark>、区政府的坚强领导',
        ),
        # a metric inside a program: the inner piece is the metric's, the rest the program's
        (
            "建成7个示范点",
            [(0, 7, "prog", "Program"), (2, 4, "met", "Metric")],
            '<span class="anchor" id="m-0-7"></span>'
            '<mark class="m t-Program" data-node="prog" data-s="0" data-e="2"'
            ' title="Program: 建成7个示范点">建成</mark>'
            '<span class="anchor" id="m-2-4"></span>'
            '<mark class="m t-Metric" data-node="met" data-s="2" data-e="4"'
            ' title="Metric: 7个">7个</mark>'
            '<mark class="m t-Program" data-node="prog" data-s="4" data-e="7"'
            ' title="Program: 建成7个示范点">示范点</mark>',
        ),
        # markup in the text is text
        (
            "<b>“两个维护”</b>",
            [(3, 9, "s", "Slogan")],
            '&lt;b&gt;<span class="anchor" id="m-3-9"></span><mark class="m t-Slogan" data-node="s"'
            ' data-s="3" data-e="9" title="Slogan: 两个维护">“两个维护”</mark>&lt;/b&gt;',
        ),
        # a span past the end of the text is dropped, not drawn
        ("短文", [(1, 9, "x", "Program")], "短文"),
    ],
)
def test_marked_text(text, spans, expected):
    labels = {"org-a": "区委", "prog": "建成7个示范点", "met": "7个", "s": "两个维护", "x": "x"}
    assert str(marked_text(text, spans, labels)) == expected


@given(
    st.text(min_size=1, max_size=40),
    st.lists(st.tuples(st.integers(0, 40), st.integers(0, 40)), max_size=8),
)
@settings(max_examples=200, deadline=None)
def test_marked_text_keeps_the_text(text, pairs):
    spans = [(min(a, b), max(a, b), f"n{i}", "Program") for i, (a, b) in enumerate(pairs)]
    html = str(marked_text(text, spans, {}))
    plain = re.sub(r"<[^>]*>", "", html)
    assert plain == str(__import__("markupsafe").escape(text))


def test_vis_network_is_inlined_from_pyvis():
    js, css = vis_assets()
    assert "vis-network" in js and len(js) > 100_000
    assert ".vis-network" in css


def test_graph_page_is_offline_and_has_every_node(seed_graph):
    html = generate_graph_html(seed_graph)
    found = tags(html)
    assert [t for t, a in found if t in ("link", "iframe", "img")] == []
    assert [a for t, a in found if t == "script" and a.get("src")] == []
    assert "bootstrap" not in html.lower() and "tom-select" not in html.lower()
    assert not re.search(r"""(src|href)\s*=\s*["']?(https?:)?//""", html)
    data = json.loads(
        re.search(
            r'<script type="application/json" id="govkg-data">(.*?)</script>', html, re.S
        ).group(1)
    )
    assert len(data["nodes"]) == seed_graph.number_of_nodes()
    assert len(data["edges"]) == seed_graph.number_of_edges()
    assert len({e["id"] for e in data["edges"]}) == len(data["edges"])
    assert all(isinstance(n["x"], float) and isinstance(n["y"], float) for n in data["nodes"])
    assert data["options"]["physics"]["enabled"] is False


def test_views_are_deterministic(seed_records, tmp_path):
    shuffled = list(seed_records)
    random.Random(4).shuffle(shuffled)
    texts = {r["document"]["id"]: r["text"] for r in seed_records}
    write_views(build_graph(seed_records), tmp_path / "a", texts=texts)
    write_views(build_graph(shuffled), tmp_path / "b", texts=list(reversed(texts.items())))
    names = sorted(p.relative_to(tmp_path / "a") for p in (tmp_path / "a").rglob("*.*"))
    assert len(names) == 2 + len(seed_records) + 2  # index, graph, documents, vis-network
    for name in names:
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes(), name


def test_build_pages_share_one_vis_network_beside_them(seed_graph, seed_records, tmp_path):
    write_views(seed_graph, tmp_path, texts={r["document"]["id"]: r["text"] for r in seed_records})
    js, css = vis_assets()
    assert (tmp_path / "assets" / "vis-network.min.js").read_text(encoding="utf-8") == js
    assert (tmp_path / "assets" / "vis-network.css").read_text(encoding="utf-8") == css
    pages = sorted(tmp_path.glob("*.html")) + sorted((tmp_path / "docs").glob("*.html"))
    assert len(pages) == 2 + len(seed_records)
    for page in pages:
        html = page.read_text(encoding="utf-8")
        assert js[:200] not in html and css[:200] not in html, page.name
        found = tags(html)
        local = [a.get("src") or a.get("href") for t, a in found if t in ("script", "link")]
        local = [u for u in local if u]
        if page.name == "index.html":
            assert local == []
            continue
        # relative URLs, so the pages open from the file system, docs/ included
        assert sorted(local) == ["assets/vis-network.css", "assets/vis-network.min.js"] or (
            sorted(local) == ["../assets/vis-network.css", "../assets/vis-network.min.js"]
        ), (page.name, local)
        for url in local:
            assert (page.parent / url).resolve().is_file(), (page.name, url)


def test_every_evidence_link_has_its_anchor(seed_graph, seed_records, tmp_path):
    write_views(seed_graph, tmp_path, texts={r["document"]["id"]: r["text"] for r in seed_records})
    pages = {p.stem: p.read_text(encoding="utf-8") for p in (tmp_path / "docs").glob("*.html")}
    checked = 0
    for _, attrs in seed_graph.nodes(data=True):
        for m in attrs.get("mentions") or []:
            assert f'id="m-{m["start"]}-{m["end"]}"' in pages[m["doc"]]
            checked += 1
    assert checked > 300


def test_document_view_marks_every_mention(seed_graph, seed_records):
    record = next(
        r for r in seed_records if r["document"]["source"].endswith("003_bab31c466e3fb098.txt")
    )
    html = generate_document_html(seed_graph, record["document"]["id"], record["text"])
    marked = re.findall(r'<mark class="m t-(\w+)" data-node="([^"]+)"', html)
    kinds = {k for k, _ in marked}
    assert {"Organization", "Program", "Slogan", "Policy", "Metric"} <= kinds
    assert all(n in seed_graph for _, n in marked)
    plain = re.sub(
        r"<[^>]*>",
        "",
        re.search(r'<section id="doctext" lang="zh">(.*?)</section>', html, re.S).group(1),
    )
    assert plain == str(__import__("markupsafe").escape(record["text"]))


def test_document_without_text_still_gets_its_subgraph(seed_graph):
    doc = seed_graph.graph["documents"][0]
    html = generate_document_html(seed_graph, doc, None)
    assert "was not given to the build" in html


def test_index_lists_documents_and_links_every_view(seed_graph):
    html = generate_index_html(seed_graph)
    hrefs = [a["href"] for t, a in tags(html) if t == "a"]
    assert "graph.html" in hrefs
    for doc in seed_graph.graph["documents"]:
        assert f"docs/{doc}.html" in hrefs
    assert any(h.startswith("graph.html#node=org-") for h in hrefs)
    assert "三会一课" in html


def test_hostile_names_are_escaped_everywhere():
    text = "开头。" + "。".join(HOSTILE) + "。结尾"
    record = make_record(
        text,
        HOSTILE[0] + HOSTILE[1],
        [("Program", HOSTILE[0]), ("Slogan", HOSTILE[1]), ("Policy", HOSTILE[2])],
    )
    G = build_graph([record])
    doc = record["document"]["id"]
    for html in (
        generate_graph_html(G),
        generate_index_html(G),
        generate_document_html(G, doc, text),
    ):
        found = tags(html)
        assert [t for t, _ in found if t in ("img", "svg")] == []
        assert len([t for t, _ in found if t == "script"]) == (
            0 if "corpus at a glance" in html else 3
        )
        assert not any(k.startswith("on") for _, attrs in found for k in attrs)


def test_large_graph_layout_puts_each_documents_nodes_around_it():
    G = nx.MultiDiGraph()
    for d in range(12):
        doc = f"doc-{d:02d}"
        G.add_node(doc, type="Document", label=doc)
        for i in range(60):
            n = f"metric-{d:02d}-{i:02d}"
            G.add_node(n, type="Metric", label=n)
            G.add_edge(doc, n, key="mentions", type="mentions")
    for s in range(20):
        n = f"program-shared-{s:02d}"
        G.add_node(n, type="Program", label=n)
        for d in (s % 12, (s + 5) % 12):
            G.add_edge(f"doc-{d:02d}", n, key="mentions", type="mentions")
    assert G.number_of_nodes() > SPRING_LIMIT
    pos = layout(G)
    assert pos == layout(G)
    assert set(pos) == set(G)
    assert len(set(pos.values())) == len(pos)

    def dist(a, b):
        return ((pos[a][0] - pos[b][0]) ** 2 + (pos[a][1] - pos[b][1]) ** 2) ** 0.5

    for d in range(12):
        own = f"doc-{d:02d}"
        for i in (0, 30, 59):
            n = f"metric-{d:02d}-{i:02d}"
            nearest = min((f"doc-{e:02d}" for e in range(12)), key=lambda x: dist(n, x))
            assert nearest == own


def test_spring_layout_pulls_linked_nodes_together():
    """Two dense clusters joined by one edge: each node sits nearer its own cluster's centre."""
    H = nx.Graph()
    rng = random.Random(3)
    clusters = [[f"{c}-{i:02d}" for i in range(40)] for c in "ab"]
    for nodes in clusters:
        H.add_nodes_from(nodes)
        H.add_edges_from((u, v) for u in nodes for v in nodes if u < v and rng.random() < 0.3)
    H.add_edge("a-00", "b-00")
    pos = spring(H, seed=7, scale=100.0)
    assert pos.keys() == set(H)
    assert max(abs(c) for p in pos.values() for c in p) == pytest.approx(100.0)
    centres = [
        (sum(pos[n][0] for n in nodes) / 40, sum(pos[n][1] for n in nodes) / 40)
        for nodes in clusters
    ]
    for own, nodes in enumerate(clusters):
        for n in nodes:
            d = [(pos[n][0] - x) ** 2 + (pos[n][1] - y) ** 2 for x, y in centres]
            assert d[own] < d[1 - own], n
    again = spring(H, seed=7, scale=100.0)
    assert all((pos[n] == again[n]).all() for n in H)
    assert spring(nx.Graph()) == {} and list(spring(nx.path_graph(["x"]))) == ["x"]


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("三会一课", "program-sanhuiyike-"),
        ("“三会一课”", "program-sanhuiyike-"),  # the mention as written, quotes and all
        ("民政", None),  # part of many names: unknown, the names that contain it listed
        ("区民政局", None),  # two district bureaus of two reports: ambiguous
        ("我局", "org-"),  # an alias
    ],
)
def test_find_node(seed_graph, name, expected):
    if expected is None:
        with pytest.raises(ViewError) as err:
            find_node(seed_graph, name)
        assert (
            "org-" in str(err.value) or "program-" in str(err.value) or "no node" in str(err.value)
        )
    else:
        assert find_node(seed_graph, name).startswith(expected)


def test_ambiguous_name_lists_every_candidate(seed_graph):
    ids = sorted(n for n, a in seed_graph.nodes(data=True) if a.get("label") == "区民政局")
    assert len(ids) == 2
    with pytest.raises(ViewError) as err:
        find_node(seed_graph, "区民政局")
    for n in ids:
        assert n in str(err.value)
    assert find_node(seed_graph, ids[0]) == ids[0]


def test_ego_subgraph_depth_and_cap(seed_graph):
    center = find_node(seed_graph, "三会一课")
    one = ego_subgraph(seed_graph, center, depth=1)
    assert center in one
    assert set(one) == {center} | set(nx.all_neighbors(seed_graph, center))
    assert len(one) < 25
    two = ego_subgraph(seed_graph, center, depth=2, max_nodes=25)
    assert len(two) == 25 and set(one) <= set(two)
    # documents are reached, not walked through: depth 2 stays far from the whole graph
    assert (
        len(ego_subgraph(seed_graph, center, depth=2, max_nodes=10_000))
        < seed_graph.number_of_nodes() / 2
    )


def test_view_command_writes_the_ego_page(seed_graph, tmp_path):
    from govkg.graph.exports import write_formats

    write_formats(seed_graph, tmp_path, ["json"])
    runner = CliRunner()
    result = runner.invoke(
        main, ["view", "三会一课", "--data", str(tmp_path), "--no-open", "--depth", "2"]
    )
    assert result.exit_code == 0, result.output
    path = Path(result.output.strip())
    assert path.parent == tmp_path / "ego" and path.is_file()
    html = path.read_text(encoding="utf-8")
    assert '"focus":"program-sanhuiyike-' in html and "../docs/" in html
    assert '<script src="../assets/vis-network.min.js"></script>' in html
    assert (tmp_path / "assets" / "vis-network.min.js").read_text(encoding="utf-8") == (
        vis_assets()[0]
    )
    result = runner.invoke(main, ["view", "区民政局", "--data", str(tmp_path), "--no-open"])
    assert result.exit_code == 1
    assert "names 2 nodes" in result.output and "org-quminzhengju-" in result.output
    result = runner.invoke(main, ["view", "x", "--data", str(tmp_path / "nowhere"), "--no-open"])
    assert result.exit_code == 1 and "govkg build" in result.output
