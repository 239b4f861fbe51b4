"""The HTML views in a real browser: Debian's Chromium driven by Playwright, with no network.

Skipped where Chromium or Playwright is missing, except in CI (``CI`` set), where that fails.
Screenshots of every view are saved in the run's temporary folder (``…/views-seeds/screenshots``).
"""

from __future__ import annotations

import os
import random
from pathlib import Path
from urllib.parse import unquote, urlsplit

import networkx as nx
import pytest
from govkg.graph import build_graph
from govkg.graph.pipeline import run_build
from govkg.graph.views import generate_graph_html, write_ego_view, write_views
from test_views import HOSTILE, make_record

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = Path("/usr/bin/chromium")
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
SEED_003 = "003_bab31c466e3fb098.txt"


def _unavailable() -> str | None:
    if not CHROMIUM.exists():
        return f"{CHROMIUM} is missing (apt-get install chromium fonts-noto-cjk)"
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "playwright is missing (pip install -e '.[test]')"
    return None


# Module scope: a sync Playwright left running breaks every later test that starts its own.
@pytest.fixture(scope="module")
def browser():
    problem = _unavailable()
    if problem:
        if os.environ.get("CI"):
            pytest.fail(f"the browser tests must run in CI: {problem}")
        pytest.skip(problem)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=ARGS)
        yield b
        b.close()


@pytest.fixture(scope="session")
def seeds(tmp_path_factory):
    """The seeds built once, as ``govkg build`` writes them, with one ego view."""
    folder = tmp_path_factory.mktemp("views-seeds")
    result = run_build([ROOT / "seeds"], folder)
    assert not result.failed
    write_ego_view(folder, "三会一课", depth=2, G=result.graph)
    (folder / "screenshots").mkdir()
    return folder, result.graph


def doc_id(G: nx.MultiDiGraph, source: str) -> str:
    return next(n for n, a in G.nodes(data=True) if str(a.get("source", "")).endswith(source))


def local(url: str) -> bool:
    """A URL that stays on this machine: a file with no host (``file://host/…`` would fetch it
    from another machine) or inline data."""
    return url.startswith(("file:///", "data:"))


class Page:
    """A page with every console error, dialog and request that would leave the machine recorded,
    and the local files it loads."""

    def __init__(self, browser, url: str, *, ready: bool = True) -> None:
        self.errors: list[str] = []
        self.dialogs: list[str] = []
        self.outside: list[str] = []
        self.files: list[Path] = []
        self.page = browser.new_page(viewport={"width": 1400, "height": 850})
        self.page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.page.on("dialog", self._dialog)
        self.page.on("request", self._request)
        self.page.route("**/*", self._route)
        self.page.goto(url)
        if ready:
            self.page.wait_for_function("window.govkg && window.govkg.ready", timeout=30_000)

    def _dialog(self, dialog) -> None:
        self.dialogs.append(dialog.message)
        dialog.dismiss()

    def _request(self, request) -> None:
        if not local(request.url):
            self.outside.append(request.url)
        elif request.url.startswith("file:"):
            self.files.append(Path(unquote(urlsplit(request.url).path)))

    def _route(self, route) -> None:
        if local(route.request.url):
            route.continue_()
        else:
            self.outside.append(route.request.url)
            route.abort()

    def js(self, expression: str, arg=None):
        return self.page.evaluate(expression, arg)

    def details_name(self) -> str:
        return self.page.locator("#details h2").inner_text()

    def close(self, shot: Path | None = None) -> None:
        if shot is not None:
            self.page.screenshot(path=str(shot))
        self.page.close()
        assert self.errors == [], self.errors
        assert self.outside == [], self.outside
        assert self.dialogs == [], self.dialogs


@pytest.mark.parametrize(
    ("address", "expected"),
    [
        ("file:///tmp/out/assets/vis-network.min.js", True),
        ("data:image/png;base64,iVBORw0KGgo=", True),
        ("file://fileserver/share/vis-network.min.js", False),  # another machine's file
        ("https://unpkg.com/vis-network/standalone/umd/vis-network.min.js", False),
        ("//cdn.jsdelivr.net/npm/bootstrap.min.css", False),
        ("blob:null/5b4c", False),
    ],
)
def test_request_filter_lets_only_local_files_through(address, expected):
    assert local(address) is expected


def test_a_request_leaving_the_machine_is_caught(browser, tmp_path):
    (tmp_path / "leaks.html").write_text(
        '<!DOCTYPE html><title>x</title><link rel="stylesheet" href="http://192.0.2.1/x.css">'
        '<img src="file://fileserver/share/x.png">',
        encoding="utf-8",
    )
    page = Page(browser, url(tmp_path / "leaks.html"), ready=False)
    page.page.wait_for_timeout(300)
    assert "http://192.0.2.1/x.css" in page.outside
    assert "file://fileserver/share/x.png" in page.outside
    page.page.close()


def url(path: Path, fragment: str = "") -> str:
    return path.resolve().as_uri() + fragment


@pytest.mark.parametrize("view", ["index", "graph", "document", "ego"])
def test_each_view_loads_cleanly_and_offline(browser, seeds, view):
    folder, G = seeds
    path = {
        "index": folder / "index.html",
        "graph": folder / "graph.html",
        "document": folder / "docs" / f"{doc_id(G, SEED_003)}.html",
        "ego": next((folder / "ego").glob("program-sanhuiyike-*.html")),
    }[view]
    page = Page(browser, url(path), ready=view != "index")
    if view != "index":  # vis-network from the one copy beside the pages, nothing from elsewhere
        assets = folder.resolve() / "assets"
        assert {assets / "vis-network.min.js", assets / "vis-network.css"} <= set(page.files)
        assert all(f.is_relative_to(folder.resolve()) for f in page.files), page.files
    if view == "index":
        assert page.page.locator("#documents a").count() == len(G.graph["documents"])
        page.page.screenshot(path=str(folder / "screenshots" / "index.png"))
        page.page.locator("a[href='graph.html']").first.click()
        page.page.wait_for_function("window.govkg && window.govkg.ready", timeout=30_000)
    page.page.wait_for_timeout(300)
    page.close(folder / "screenshots" / f"{view}.png" if view != "index" else None)


def test_network_holds_every_node_and_edge(browser, seeds):
    folder, G = seeds
    page = Page(browser, url(folder / "graph.html"))
    counts = page.js(
        "[govkg.nodes.length, govkg.edges.length, govkg.nodeView.length, govkg.edgeView.length]"
    )
    assert counts == [G.number_of_nodes(), G.number_of_edges()] * 2
    assert page.js("govkg.network.getPositions()[govkg.nodes.getIds()[0]] !== undefined")
    page.close()


@pytest.mark.parametrize("typing", ["fill", "ime"])
def test_search_finds_a_chinese_name(browser, seeds, typing):
    folder, G = seeds
    page = Page(browser, url(folder / "graph.html"))
    if typing == "fill":
        page.page.fill("#search", "区民政局")
    else:  # an input method: nothing is searched until the composition ends
        page.page.focus("#search")
        page.js("""() => {
            const box = document.getElementById('search');
            box.dispatchEvent(new CompositionEvent('compositionstart', {data: ''}));
            box.value = 'qu民政';
            box.dispatchEvent(new InputEvent('input', {data: 'qu', isComposing: true}));
        }""")
        assert page.page.locator("#results button").count() == 0
        page.js("""() => {
            const box = document.getElementById('search');
            box.value = '区民政局';
            box.dispatchEvent(new CompositionEvent('compositionend', {data: '区民政局'}));
        }""")
    buttons = page.page.locator("#results button")
    assert buttons.count() >= 2
    assert "区民政局" in buttons.first.inner_text()
    buttons.first.click()
    assert page.details_name() == "区民政局"
    selected = page.js("govkg.network.getSelectedNodes()")
    assert len(selected) == 1 and G.nodes[selected[0]]["label"] == "区民政局"
    page.close()


def test_clicking_a_node_fills_the_details_panel(browser, seeds):
    folder, G = seeds
    node = next(n for n, a in G.nodes(data=True) if a.get("label") == "三会一课")
    page = Page(browser, url(folder / "graph.html"))
    x, y = page.js(
        """(id) => {
            const net = govkg.network;
            net.moveTo({position: net.getPositions([id])[id], scale: 3, animation: false});
            const p = net.canvasToDOM(net.getPositions([id])[id]);
            const box = document.getElementById('network').getBoundingClientRect();
            return [box.left + p.x, box.top + p.y];
        }""",
        node,
    )
    assert page.page.locator("#details h2").count() == 0
    page.page.mouse.click(x, y)
    assert page.details_name() == "三会一课"
    evidence = page.page.locator("#details .evidence li")
    assert evidence.count() == G.nodes[node]["mention_count"]
    assert evidence.first.locator("mark").inner_text() in ("三会一课", "“三会一课”")
    href = evidence.first.locator("a").get_attribute("href")
    first = G.nodes[node]["mentions"][0]
    assert href == f"docs/{first['doc']}.html#m-{first['start']}-{first['end']}"
    page.page.screenshot(path=str(folder / "screenshots" / "graph-details.png"))
    evidence.first.locator("a").click()
    page.page.wait_for_function("window.govkg && window.govkg.ready", timeout=30_000)
    assert page.page.locator("mark.current").count() >= 1
    assert page.js("govkg.network.getSelectedNodes()") == [node]
    page.close(folder / "screenshots" / "document-at-mention.png")


def test_document_view_highlights_mentions_and_selects_their_node(browser, seeds):
    folder, G = seeds
    doc = doc_id(G, SEED_003)
    page = Page(browser, url(folder / "docs" / f"{doc}.html"))
    kinds = page.js(
        "Array.from(new Set(Array.from(document.querySelectorAll('#doctext mark.m'))"
        ".map(m => m.className)))"
    )
    assert {"m t-Organization", "m t-Program", "m t-Slogan", "m t-Policy", "m t-Metric"} <= set(
        kinds
    )
    colours = page.js(
        "Array.from(document.querySelectorAll('#doctext mark.m')).slice(0, 20)"
        ".map(m => getComputedStyle(m).borderBottomColor)"
    )
    assert len(set(colours)) > 1 and "rgba(0, 0, 0, 0)" not in colours
    mark = page.page.locator("#doctext mark.t-Organization").first
    node = mark.get_attribute("data-node")
    mark.click()
    assert page.js("govkg.network.getSelectedNodes()") == [node]
    assert page.details_name() == G.nodes[node]["label"]
    assert page.page.locator(f"#doctext mark.sel[data-node='{node}']").count() >= 1
    page.close(folder / "screenshots" / "document-selected.png")


def test_filters_by_type_and_document(browser, seeds):
    folder, G = seeds
    page = Page(browser, url(folder / "graph.html"))
    page.page.uncheck("input[data-type=Metric]")
    metrics = sum(1 for _, a in G.nodes(data=True) if a["type"] == "Metric")
    assert page.js("govkg.nodeView.length") == G.number_of_nodes() - metrics
    page.page.check("input[data-type=Metric]")
    doc = doc_id(G, SEED_003)
    page.page.select_option("#docfilter", doc)
    expected = {doc} | {n for n in G.successors(doc)}
    shown = set(page.js("govkg.nodeView.getIds()"))
    assert shown == expected
    page.page.uncheck("input[data-relation=co_occurs]")
    assert page.js("govkg.edgeView.get().every(e => e.type !== 'co_occurs')")
    page.close()


def test_hostile_report_renders_as_text(browser, tmp_path):
    text = "开头。" + "。".join(HOSTILE) + "。结尾"
    record = make_record(
        text,
        HOSTILE[0] + HOSTILE[1],
        [("Program", HOSTILE[0]), ("Slogan", HOSTILE[1]), ("Policy", HOSTILE[2])],
    )
    G = build_graph([record])
    write_views(G, tmp_path, texts={record["document"]["id"]: text})
    page = Page(browser, url(tmp_path / "graph.html"))
    page.page.fill(
        "#search", HOSTILE[0]
    )  # the program's name exactly, ahead of the title containing it
    page.page.locator("#results button").first.click()
    assert page.details_name() == HOSTILE[0]
    assert page.page.locator("#details .evidence mark").first.inner_text() == HOSTILE[0]
    for name in HOSTILE[:3]:
        page.page.fill("#search", name)
        assert name in page.page.locator("#results button").first.inner_text()
    assert page.js("document.querySelectorAll('img, svg, iframe').length") == 0
    assert page.js("document.scripts.length") == 3
    page.close(tmp_path / "hostile-graph.png")
    doc = record["document"]["id"]
    page = Page(browser, url(tmp_path / "docs" / f"{doc}.html"))
    assert page.page.locator("#doctext").inner_text() == text
    assert page.page.locator("header h1").inner_text() == HOSTILE[0] + HOSTILE[1]
    assert page.js("document.querySelectorAll('img, svg, iframe').length") == 0
    page.close(tmp_path / "hostile-document.png")
    page = Page(browser, url(tmp_path / "index.html"), ready=False)
    assert HOSTILE[0] in page.page.locator("body").inner_text()
    page.close()


def test_hostile_file_through_the_whole_build(browser, tmp_path):
    source = tmp_path / "in" / "report.txt"
    source.parent.mkdir()
    source.write_text(
        "“<img src=x onerror=alert(1)>”工作。区民政局开展“</script><script>alert(2)</script>”活动，"
        "落实《\"'><svg onload=alert(3)>条例》，服务群众1200人次。\n",
        encoding="utf-8",
    )
    result = run_build([source.parent], tmp_path / "out")
    assert not result.failed
    (doc,) = result.graph.graph["documents"]
    for path in (tmp_path / "out" / "graph.html", tmp_path / "out" / "docs" / f"{doc}.html"):
        page = Page(browser, url(path))
        assert page.js("document.querySelectorAll('img, svg, iframe').length") == 0
        page.close()


def corpus_sized_graph(seed: int = 1) -> nx.MultiDiGraph:
    """A graph shaped like the State Council corpus: 72 documents, ~7,000 nodes, ~10,000 edges."""
    rng = random.Random(seed)
    G = nx.MultiDiGraph()
    shared = [f"program-shared-{i:03d}" for i in range(380)]
    for n in shared:
        G.add_node(
            n, type="Program", label=f"共享工作{n[-3:]}", mention_count=3, documents=[], mentions=[]
        )
    for d in range(72):
        doc = f"doc-{d:016x}"
        G.add_node(doc, type="Document", label=f"政府工作报告 {1954 + d}")
        own = []
        for i in range(88):
            kind = "Metric" if i < 74 else "Program"
            n = f"{kind.lower()}-{d:02d}-{i:02d}"
            G.add_node(
                n, type=kind, label=f"{kind}{d}-{i}", doc=doc, text="1200人次", start=i, end=i + 1
            )
            G.add_edge(doc, n, key="mentions", type="mentions", count=1, evidence=[])
            own.append(n)
        for n in rng.sample(shared, 15):
            G.add_edge(doc, n, key="mentions", type="mentions", count=1, evidence=[])
        for _ in range(25):
            a, b = rng.sample(own[74:] + shared, 2)
            key = rng.choice(["runs", "co_occurs", "measures"])
            G.add_edge(a, b, key=key, type=key, count=1, evidence=[], weak=key == "co_occurs")
    return G


def test_corpus_sized_graph_is_interactive_within_five_seconds(browser, tmp_path):
    G = corpus_sized_graph()
    assert G.number_of_nodes() > 6_500 and G.number_of_edges() > 9_000
    (tmp_path / "graph.html").write_text(generate_graph_html(G), encoding="utf-8")
    page = Page(browser, url(tmp_path / "graph.html"))
    ready = page.js("govkg.readyAt")
    frame = page.js(
        "() => { const t = performance.now(); govkg.network.redraw();"
        " return performance.now() - t; }"
    )
    assert page.js("govkg.nodes.length") == G.number_of_nodes()
    page.close(tmp_path / "corpus-sized.png")
    assert ready < 5_000, f"interactive after {ready:.0f} ms"
    assert frame < 500, f"a frame takes {frame:.0f} ms"
