"""Offline interactive HTML views of the graph: landing page, whole graph, documents, ego views.

The network is built with pyvis (``pyvis.network.Network``: nodes, edges, options) and rendered
through the project's own Jinja templates (``graph/templates/``) with vis-network taken from
pyvis's own package files: a page makes no request to the network. A page a function returns
has vis-network inlined and stands alone; the pages a build writes share one copy written beside
them (``assets/``) and load it by a relative path, so they open from the file system and the 72
document views of a corpus do not each carry 700 KB of the same script. pyvis's bundled template is
not used because it loads Bootstrap from a CDN even with ``cdn_resources='in_line'``, inserts the
heading and node ids as raw HTML, switches every tooltip to innerHTML once one contains "href",
and shows a loading overlay until physics stabilizes (about a minute at 1,000 nodes).

Everything that came from a document reaches a page either through Jinja's autoescaping or
inside one JSON block (``<``, ``>``, ``&``, U+2028 and U+2029 escaped), which the page's script
reads with ``JSON.parse`` and shows with ``textContent``; no data goes through ``innerHTML``.
Positions are computed here with networkx (fixed seed, physics off in the browser), so a page
is interactive as soon as it is drawn, and the same graph gives the same bytes.
"""

from __future__ import annotations

import json
import math
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from functools import lru_cache
from itertools import chain
from pathlib import Path
from typing import Any

import networkx as nx
from govkg.extract import GovkgError
from jinja2 import Environment, FileSystemLoader, select_autoescape
from markupsafe import Markup, escape

from .io import write_text_atomic

TEMPLATES = Path(__file__).resolve().parent / "templates"
DOCS_FOLDER = "docs"
EGO_FOLDER = "ego"
ASSETS_FOLDER = "assets"
#: vis-network's files, as pyvis ships them and as a build writes them in ``assets/``.
VIS_JS = "vis-network.min.js"
VIS_CSS = "vis-network.css"
#: Node type -> (colour, vis-network shape, legend glyph).
NODE_STYLE: dict[str, tuple[str, str, str]] = {
    "Document": ("#6c757d", "square", "■"),
    "Organization": ("#1f77b4", "dot", "●"),
    "Program": ("#2ca02c", "diamond", "◆"),
    "Slogan": ("#d62728", "star", "★"),
    "Policy": ("#9467bd", "triangle", "▲"),
    "Metric": ("#ff7f0e", "triangleDown", "▼"),
}
TYPE_ORDER = tuple(NODE_STYLE)
EDGE_COLORS: dict[str, str] = {
    "mentions": "#d0d4d9",
    "written_by": "#6c757d",
    "runs": "#2ca02c",
    "measures": "#ff7f0e",
    "leads": "#1f3f77",
    "oversees": "#17becf",
    "reports_to": "#8c564b",
    "partners_with": "#bcbd22",
    "issues": "#9467bd",
    "implements": "#e377c2",
    "part_of": "#1f77b4",
    "co_occurs": "#b0b0b0",
}
#: Up to this many nodes a spring layout of the whole graph; above, documents with their own
#: nodes around them (networkx's spring layout needs minutes at 7,000 nodes).
SPRING_LIMIT = 500
#: Up to this many nodes the spring layout is computed on dense arrays (five n x n arrays of
#: 32-bit floats: 180 MB at 3,000); a larger backbone gets networkx's sparse energy-based layout
#: (the 10x corpus's backbone of 2,395 nodes: 9 s dense, 33 s with the energy method).
DENSE_LIMIT = 3000
#: Relation types a large graph starts with hidden: 8,000 document -> mention edges make every
#: frame of the State Council corpus take 300-600 ms to draw in headless Chromium, 60 ms without.
HIDDEN_WHEN_LARGE = ("mentions",)
#: Node types a large graph starts with hidden: the corpus's 5,347 metrics (one node per number
#: written) and their edges take 120 of the 140 ms a frame needs; without them 15 ms.
HIDDEN_TYPES_WHEN_LARGE = ("Metric",)
#: Evidence sentences and relations listed in a node's details panel.
EVIDENCE_LIMIT = 30
RELATION_LIMIT = 60
LABEL_LIMIT = 24
_GOLDEN_ANGLE = math.pi * (3 - math.sqrt(5))


class ViewError(GovkgError):
    """A view cannot be written: an unknown or ambiguous name, a missing graph or asset."""


# ---------------------------------------------------------------------------------------------
# Escaping and assets


def script_json(value: Any) -> Markup:
    """JSON that is safe inside ``<script type="application/json">``: no tag, entity or line end.

    >>> str(script_json({"n": "</script><img src=x onerror=alert(1)>&\\u2028"}))[:34]
    '{"n":"\\\\u003c/script\\\\u003e\\\\u003cimg'
    >>> str(script_json("&\\u2028"))
    '"\\\\u0026\\\\u2028"'
    """
    text = json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    text = (
        text.replace("<", "\\u003c")
        .replace(">", "\\u003e")
        .replace("&", "\\u0026")
        .replace("\u2028", "\\u2028")
        .replace("\u2029", "\\u2029")
    )
    return Markup(text)


@lru_cache(maxsize=1)
def vis_assets() -> tuple[str, str]:
    """vis-network's JavaScript and CSS from pyvis's own package files, to inline in a page."""
    import pyvis

    lib = Path(pyvis.__file__).resolve().parent / "lib" / "vis-9.1.2"
    try:
        js = (lib / VIS_JS).read_text(encoding="utf-8")
        css = (lib / VIS_CSS).read_text(encoding="utf-8")
    except OSError as exc:
        raise ViewError(f"vis-network is missing from the pyvis package ({lib}): {exc}") from exc
    if "</script" in js.lower() or "</style" in css.lower():
        raise ViewError(f"{lib}: vis-network cannot be inlined (it contains a closing tag)")
    return js, css


@lru_cache(maxsize=1)
def _environment() -> Environment:
    env = Environment(
        loader=FileSystemLoader(str(TEMPLATES)),
        autoescape=select_autoescape(["html"]),
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.globals.update(
        node_style=NODE_STYLE,
        edge_colors=EDGE_COLORS,
        glyphs=script_json({t: glyph for t, (_, _, glyph) in NODE_STYLE.items()}),
    )
    return env


def write_assets(folder: str | Path) -> list[Path]:
    """Writes vis-network's script and style sheet to ``folder/assets/`` for the pages to share."""
    js, css = vis_assets()
    paths = [Path(folder) / ASSETS_FOLDER / VIS_JS, Path(folder) / ASSETS_FOLDER / VIS_CSS]
    for path, text in zip(paths, (js, css), strict=True):
        write_text_atomic(path, text)
    return paths


def _render(template: str, *, assets: str | None = None, **context: Any) -> str:
    """Renders a page; ``assets`` is the relative URL of the folder holding vis-network (it ends
    with ``/``), or None to inline vis-network in the page."""
    context.setdefault("hidden_relations", [])
    context.setdefault("hidden_types", [])
    vis: dict[str, str]
    if assets is None:
        js, css = vis_assets()
        vis = {"vis_js": Markup(js), "vis_css": Markup(css)}
    else:
        vis = {"vis_js_url": assets + VIS_JS, "vis_css_url": assets + VIS_CSS}
    return _environment().get_template(template).render(assets=assets, **vis, **context)


# ---------------------------------------------------------------------------------------------
# Layout


def _simple(G: nx.MultiDiGraph) -> nx.Graph:
    H = nx.Graph()
    H.add_nodes_from(sorted(G))
    H.add_edges_from(sorted({(u, v) if u < v else (v, u) for u, v in G.edges() if u != v}))
    return H


def layout(
    G: nx.MultiDiGraph, *, seed: int = 7, spacing: float = 30.0
) -> dict[str, tuple[float, float]]:
    """Positions in screen pixels (rounded, so the same graph gives the same page bytes).

    Small graphs get a networkx spring layout with a fixed seed. Larger ones lay out their
    documents and the nodes two or more documents share with a spring layout, and put each
    node that only one document names on a sunflower disk around that document.
    """
    H = _simple(G)
    if len(H) == 0:
        return {}
    if len(H) == 1:
        return {next(iter(H)): (0.0, 0.0)}
    if len(H) <= SPRING_LIMIT:
        scale = spacing * 1.5 * math.sqrt(len(H))
        pos = spring(H, seed=seed, scale=scale)
        return {n: (round(float(x), 1), round(float(y), 1)) for n, (x, y) in sorted(pos.items())}
    return _satellite_layout(G, H, seed=seed, spacing=spacing)


def spring(
    H: nx.Graph, *, seed: int = 7, iterations: int = 100, scale: float = 1.0
) -> dict[str, Any]:
    """Fruchterman-Reingold positions of ``H``'s nodes, rescaled to ``[-scale, scale]``.

    The algorithm of networkx's ``spring_layout(method="force")`` (the same random start for
    the same seed, forces, cooling and stopping rule), vectorized over the x and y arrays with
    its work arrays reused and in 32-bit floats (positions are rounded to a tenth of a pixel
    anyway): 12 times faster on a document's subgraph, where networkx spends the time in
    ``einsum`` and ``linalg.norm`` over n x n x 2 arrays of 64-bit floats, and dense where
    networkx switches to a Python loop over the nodes at 500 of them (the corpus's backbone).
    The same graph gives the same positions.
    """
    import numpy as np

    nodes = list(H)
    n = len(nodes)
    if n == 0:
        return {}
    if n == 1:
        return {nodes[0]: np.zeros(2)}
    index = {node: i for i, node in enumerate(nodes)}
    A = np.zeros((n, n), dtype=np.float32)
    for u, v in H.edges():
        A[index[u], index[v]] = A[index[v], index[u]] = 1.0
    start = np.random.RandomState(seed).rand(n, 2)
    x, y = start[:, 0].astype(np.float32), start[:, 1].astype(np.float32)
    k = math.sqrt(1.0 / n)
    A /= k
    t = max(x.max() - x.min(), y.max() - y.min()) * 0.1
    dt = t / (iterations + 1)
    dx, dy, d2, f = (np.empty((n, n), dtype=np.float32) for _ in range(4))
    for _ in range(iterations):
        np.subtract(x[:, None], x[None, :], out=dx)
        np.subtract(y[:, None], y[None, :], out=dy)
        np.multiply(dx, dx, out=d2)
        np.multiply(dy, dy, out=f)
        d2 += f
        np.maximum(d2, 1e-4, out=d2)  # nodes at least 0.01 apart
        np.sqrt(d2, out=f)
        f *= A  # attraction along edges: distance / k
        np.divide(k * k, d2, out=d2)  # repulsion between every pair: k^2 / distance^2
        d2 -= f
        dx *= d2
        dy *= d2
        mx, my = dx.sum(axis=1), dy.sum(axis=1)
        step = t / np.maximum(np.sqrt(mx * mx + my * my), 0.01)
        mx *= step
        my *= step
        x += mx
        y += my
        t -= dt
        if math.sqrt(float((mx * mx + my * my).sum())) / n < 1e-4:
            break
    pos = nx.rescale_layout(np.column_stack([x, y]), scale=scale)
    return dict(zip(nodes, pos, strict=True))


def _type_rank(G: nx.MultiDiGraph, node: str) -> int:
    order = ("Document", "Organization", "Policy", "Program", "Slogan", "Metric")
    t = G.nodes[node].get("type")
    return order.index(t) if t in order else len(order)


def _satellite_layout(
    G: nx.MultiDiGraph, H: nx.Graph, *, seed: int, spacing: float
) -> dict[str, tuple[float, float]]:
    import numpy as np

    is_doc = {n: G.nodes[n].get("type") == "Document" for n in H}
    home: dict[str, str] = {}
    for n in H:
        if not is_doc[n]:
            docs = [d for d in H[n] if is_doc[d]]
            if len(docs) == 1:
                home[n] = docs[0]
    backbone = sorted(n for n in H if n not in home)
    members: dict[str, list[str]] = defaultdict(list)
    for n, d in home.items():
        members[d].append(n)
    for d in members:
        members[d].sort(key=lambda n: (_type_rank(G, n), -H.degree(n), n))
    B = H.subgraph(backbone)
    raw = (
        spring(B, seed=seed)
        if len(B) <= DENSE_LIMIT
        else nx.spring_layout(B, seed=seed, iterations=100, method="energy")
    )
    radius = {d: spacing * math.sqrt(len(members.get(d, [])) + 1) for d in backbone if is_doc[d]}
    area = sum(math.pi * (r + spacing) ** 2 for r in radius.values()) + len(backbone) * spacing**2
    half = max(math.sqrt(area), spacing)
    pos = {n: np.asarray(raw[n], dtype=float) * half for n in backbone}

    docs = sorted(radius)
    if len(docs) > 1:
        P = np.array([pos[d] for d in docs])
        R = np.array([radius[d] + spacing for d in docs])
        before = P.copy()
        for _ in range(200):
            delta = P[:, None, :] - P[None, :, :]
            dist = np.sqrt((delta**2).sum(axis=2))
            np.fill_diagonal(dist, np.inf)
            overlap = R[:, None] + R[None, :] - dist
            if not (overlap > 0).any():
                break
            safe = np.where(dist > 1e-9, dist, 1.0)
            direction = np.where(
                (dist > 1e-9)[:, :, None], delta / safe[:, :, None], np.array([1.0, 0.0])
            )
            push = np.clip(overlap, 0, None)[:, :, None] * direction / 2
            P = P + push.sum(axis=1)
        moved = {d: P[i] - before[i] for i, d in enumerate(docs)}
        for i, d in enumerate(docs):
            pos[d] = P[i]
        for n in backbone:
            if not is_doc[n]:
                shift = [moved[d] for d in H[n] if d in moved]
                if shift:
                    pos[n] = pos[n] + np.mean(shift, axis=0)

    result: dict[str, tuple[float, float]] = {}
    for n in backbone:
        result[n] = (round(float(pos[n][0]), 1), round(float(pos[n][1]), 1))
    for d, nodes in members.items():
        cx, cy = pos[d]
        for i, n in enumerate(nodes, start=1):
            r = spacing * math.sqrt(i + 0.5)
            a = i * _GOLDEN_ANGLE
            result[n] = (
                round(float(cx + r * math.cos(a)), 1),
                round(float(cy + r * math.sin(a)), 1),
            )
    return dict(sorted(result.items()))


# ---------------------------------------------------------------------------------------------
# The network data a page draws


def _short(label: str, limit: int = LABEL_LIMIT) -> str:
    return label if len(label) <= limit else label[: limit - 1] + "…"


def _node_size(attrs: Mapping[str, Any], degree: int) -> float:
    t = attrs.get("type")
    if t == "Document":
        return round(14 + 2 * math.sqrt(degree), 1)
    if t == "Metric":
        return 6.0
    count = int(attrs.get("mention_count") or 1)
    return round(min(40.0, 8 + 3 * math.sqrt(count)), 1)


def vis_options(*, large: bool) -> dict[str, Any]:
    """vis-network options: physics off (positions are precomputed), labels only when zoomed in."""
    return {
        "autoResize": True,
        "physics": {"enabled": False},
        "layout": {"improvedLayout": False, "randomSeed": 7},
        "interaction": {
            "hover": not large,
            "tooltipDelay": 300,
            "hideEdgesOnDrag": large,
            "hideEdgesOnZoom": large,
            "keyboard": False,
            "multiselect": False,
        },
        "nodes": {
            "borderWidth": 1,
            "font": {
                "size": 14,
                "face": "Noto Sans CJK SC, Noto Sans SC, WenQuanYi Micro Hei, sans-serif",
            },
            "scaling": {"label": {"enabled": False, "drawThreshold": 7}},
        },
        "edges": {
            "smooth": False,
            "width": 1,
            "selectionWidth": 2,
            "color": {"inherit": False},
            "font": {"size": 10, "align": "middle", "color": "#444", "strokeWidth": 3},
            "scaling": {"label": {"enabled": False, "drawThreshold": 7}},
        },
    }


def vis_network(
    G: nx.MultiDiGraph, positions: Mapping[str, tuple[float, float]], *, large: bool | None = None
) -> tuple[list[dict[str, Any]], list[dict[str, Any]], dict[str, Any]]:
    """The nodes, edges and options of ``G`` as a pyvis ``Network`` holds them for vis-network."""
    from pyvis.network import Network

    if large is None:
        large = G.number_of_nodes() > SPRING_LIMIT
    net = Network(directed=True)
    # pyvis checks membership in a list for every node and edge; a set keeps 10,000 edges fast.
    net.node_ids = _IdList()
    degree = dict(G.degree())
    for n in sorted(G):
        attrs = G.nodes[n]
        t = str(attrs.get("type", ""))
        color, shape, _ = NODE_STYLE.get(t, ("#999999", "dot", "●"))
        label = str(attrs.get("label", n))
        x, y = positions.get(n, (0.0, 0.0))
        net.add_node(
            n,
            label=_short(label),
            shape=shape,
            color=color,
            size=_node_size(attrs, degree[n]),
            x=x,
            y=y,
            title=f"{t}: {label}",
            type=t,
        )
    for i, (u, v, key, attrs) in enumerate(
        sorted(G.edges(keys=True, data=True), key=lambda e: e[:3])
    ):
        rtype = str(attrs.get("type", key))
        edge: dict[str, Any] = {
            "id": f"e{i}",
            "label": rtype,
            "type": rtype,
            "color": EDGE_COLORS.get(rtype, "#999999"),
            "title": f"{rtype} ×{attrs.get('count', 1)}",
        }
        if attrs.get("weak"):
            edge["dashes"] = True
        if rtype in ("mentions", "co_occurs"):
            edge["arrows"] = ""
        net.add_edge(u, v, **edge)
    nodes, edges, _heading, _height, _width, _options = net.get_network_data()
    return list(nodes), list(edges), vis_options(large=large)


class _IdList(list):
    """A list with set-speed membership tests, for pyvis's ``node_ids``."""

    def __init__(self) -> None:
        super().__init__()
        self._members: set[Any] = set()

    def append(self, item: Any) -> None:
        super().append(item)
        self._members.add(item)

    def __contains__(self, item: object) -> bool:
        return item in self._members


# ---------------------------------------------------------------------------------------------
# Details panels


def anchor(start: int, end: int) -> str:
    """The id of a mention's place in its document view: ``docs/<doc>.html#m-<start>-<end>``."""
    return f"m-{start}-{end}"


def _evidence(item: Mapping[str, Any]) -> dict[str, Any]:
    sentence = str(item.get("sentence_text") or "")
    text = str(item.get("text") or "")
    at = sentence.find(text) if text else -1
    if at < 0:
        before, mark, after = sentence, "", ""
    else:
        before, mark, after = sentence[:at], text, sentence[at + len(text) :]
    if not sentence:
        mark = text
    return {
        "doc": str(item.get("doc", "")),
        "anchor": anchor(int(item.get("start", 0)), int(item.get("end", 0))),
        "before": before,
        "mark": mark,
        "after": after,
    }


def node_details(
    G: nx.MultiDiGraph, node: str, *, known: dict[str, dict[str, Any]] | None = None
) -> dict[str, Any]:
    """What the details panel shows for ``node``: its names, documents, evidence and relations.

    ``known`` keeps what comes from the node's own attributes (all but its relations, the same
    in the whole graph and in every subgraph) for the next page that shows the node.
    """
    own = known.get(node) if known is not None else None
    if own is None:
        own = _own_details(node, G.nodes[node])
        if known is not None:
            known[node] = own
    relations = [(key, "out", other) for other, keyed in G.succ[node].items() for key in keyed]
    relations += [(key, "in", other) for other, keyed in G.pred[node].items() for key in keyed]
    relations = [r for r in relations if r[0] != "mentions"]
    relations.sort(key=lambda r: (r[0] == "co_occurs", r[0], r[1], r[2]))
    return {
        **own,
        "relations": [list(r) for r in relations[:RELATION_LIMIT]],
        "moreRelations": max(0, len(relations) - RELATION_LIMIT),
    }


def _own_details(node: str, attrs: Mapping[str, Any]) -> dict[str, Any]:
    t = attrs.get("type")
    out: dict[str, Any] = {"type": t, "label": str(attrs.get("label", node))}
    if t == "Document":
        out["documents"] = [node]
        out["title"] = str(attrs.get("title", ""))
        out["source"] = str(attrs.get("source", ""))
        out["chars"] = int(attrs.get("chars") or 0)
        mentions: list[Mapping[str, Any]] = []
    elif t == "Metric":
        out["documents"] = [str(attrs.get("doc", ""))]
        for k in ("value", "unit", "measure", "approximate"):
            if attrs.get(k) not in (None, ""):
                out[k] = attrs[k]
        out["redacted"] = bool(attrs.get("redacted"))
        mentions = [attrs]
    else:
        out["aliases"] = [str(a) for a in attrs.get("aliases") or []]
        out["documents"] = [str(d) for d in attrs.get("documents") or []]
        out["count"] = int(attrs.get("mention_count") or 0)
        mentions = list(attrs.get("mentions") or [])
    out["evidence"] = [_evidence(m) for m in mentions[:EVIDENCE_LIMIT]]
    out["more"] = max(0, len(mentions) - EVIDENCE_LIMIT)
    return out


def _edge_details(G: nx.MultiDiGraph, edges: list[dict[str, Any]]) -> dict[str, Any]:
    out = {}
    for e in edges:
        attrs = G.edges[e["from"], e["to"], e["type"]]
        if e["type"] == "mentions":
            continue
        evidence = list(attrs.get("evidence") or [])
        out[e["id"]] = {
            "type": e["type"],
            "from": e["from"],
            "to": e["to"],
            "count": int(attrs.get("count") or 0),
            "trigger": attrs.get("trigger"),
            "weak": bool(attrs.get("weak")),
            "evidence": [_evidence(ev) for ev in evidence[:3]],
            "more": max(0, len(evidence) - 3),
        }
    return out


def _documents(G: nx.MultiDiGraph) -> list[list[str]]:
    docs = [n for n, t in G.nodes(data="type") if t == "Document"]
    return [[d, str(G.nodes[d].get("label", d))] for d in sorted(docs)]


class _Shared:
    """What the pages drawn from one graph share, computed once for all of them: the list of
    documents evidence links name, each node's own details, each document's mention spans."""

    def __init__(self, G: nx.MultiDiGraph) -> None:
        self.graph = G
        self.documents = _documents(G)
        self.details: dict[str, dict[str, Any]] = {}
        self._spans: dict[str, list[tuple[int, int, str, str]]] | None = None

    def spans(self, doc: str) -> list[tuple[int, int, str, str]]:
        if self._spans is None:
            self._spans = _spans_by_document(self.graph)
        return self._spans.get(doc, [])


def _payload(
    G: nx.MultiDiGraph,
    *,
    doc_base: str,
    shared: _Shared,
    focus: str | None = None,
    large: bool | None = None,
) -> dict[str, Any]:
    """The data a page's script draws. Evidence links may name any document of the whole graph
    (``shared.graph``), so every page lists them all."""
    if large is None:
        large = G.number_of_nodes() > SPRING_LIMIT
    positions = layout(G)
    nodes, edges, options = vis_network(G, positions, large=large)
    return {
        "hiddenRelations": list(HIDDEN_WHEN_LARGE) if large else [],
        "hiddenTypes": list(HIDDEN_TYPES_WHEN_LARGE) if large else [],
        "nodes": nodes,
        "edges": edges,
        "options": options,
        "details": {n: node_details(G, n, known=shared.details) for n in sorted(G)},
        "edgeDetails": _edge_details(G, edges),
        "documents": shared.documents,
        "docBase": doc_base,
        "focus": focus,
    }


def _counts(G: nx.MultiDiGraph) -> list[tuple[str, int]]:
    counts = Counter(str(a.get("type")) for _, a in G.nodes(data=True))
    return [(t, counts.get(t, 0)) for t in TYPE_ORDER]


def _relation_counts(G: nx.MultiDiGraph) -> list[tuple[str, int]]:
    counts = Counter(k for _, _, k in G.edges(keys=True))
    return [(r, counts[r]) for r in EDGE_COLORS if counts.get(r)]


# ---------------------------------------------------------------------------------------------
# Pages


def generate_graph_html(
    G: nx.MultiDiGraph, *, title: str = "govkg: the whole graph", assets: str | None = None
) -> str:
    """``graph.html``: every node and edge, with search, filters, legend and details.

    ``assets`` is the URL of the folder ``write_assets`` wrote, relative to the page (ending
    in ``/``); by default vis-network is inlined and the page stands alone.
    """
    return _graph_page(G, title=title, assets=assets, shared=_Shared(G))


def _graph_page(G: nx.MultiDiGraph, *, title: str, assets: str | None, shared: _Shared) -> str:
    payload = _payload(G, doc_base=f"{DOCS_FOLDER}/", shared=shared)
    return _render(
        "graph.html",
        assets=assets,
        title=title,
        page="graph",
        payload=script_json(payload),
        hidden_relations=payload["hiddenRelations"],
        hidden_types=payload["hiddenTypes"],
        counts=_counts(G),
        relations=_relation_counts(G),
        documents=shared.documents,
        home="index.html",
        nodes_total=G.number_of_nodes(),
        edges_total=G.number_of_edges(),
    )


def document_subgraph(G: nx.MultiDiGraph, doc: str) -> nx.MultiDiGraph:
    """The document, everything it mentions, and the relations its own text supports."""
    keep = {doc} | set(G.successors(doc))
    S = nx.MultiDiGraph()
    S.graph.update(G.graph)
    edges = []
    for u in sorted(keep):
        S.add_node(u, **G.nodes[u])
        # only the edges leaving the document's own nodes: a corpus has 70 times more
        for v, keyed in G.succ[u].items():
            if v not in keep:
                continue
            for k, attrs in keyed.items():
                evidence = attrs.get("evidence") or []
                if u == doc or v == doc or any(ev.get("doc") == doc for ev in evidence):
                    edges.append((u, v, k, attrs))
    for u, v, k, attrs in sorted(edges, key=lambda e: e[:3]):
        S.add_edge(u, v, key=k, **attrs)
    return S


def _spans_by_document(G: nx.MultiDiGraph) -> dict[str, list[tuple[int, int, str, str]]]:
    """Every mention span of every document: (start, end, node, type), sorted."""
    spans: dict[str, set[tuple[int, int, str, str]]] = defaultdict(set)
    for n, attrs in G.nodes(data=True):
        t = str(attrs.get("type"))
        if t == "Metric":
            spans[str(attrs.get("doc"))].add((int(attrs["start"]), int(attrs["end"]), n, t))
        elif t != "Document":
            for m in attrs.get("mentions") or []:
                spans[str(m.get("doc"))].add((int(m["start"]), int(m["end"]), n, t))
    return {doc: sorted(items) for doc, items in spans.items()}


def marked_text(
    text: str, spans: Iterable[tuple[int, int, str, str]], labels: Mapping[str, str]
) -> Markup:
    """The text as HTML with each mention in a ``<mark>`` of its type and an anchor at its start.

    Overlapping mentions split the text at every boundary; each piece is marked with the
    innermost mention covering it.

    >>> html = str(marked_text("在区委<b>", [(1, 3, "o", "Organization")], {"o": "区委"}))
    >>> html.startswith('在<span class="anchor" id="m-1-3"></span><mark class="m t-Organization"')
    True
    >>> html.endswith('data-s="1" data-e="3" title="Organization: 区委">区委</mark>&lt;b&gt;')
    True
    """
    spans = sorted({s for s in spans if 0 <= s[0] < s[1] <= len(text)})
    bounds = sorted({0, len(text)} | {s[0] for s in spans} | {s[1] for s in spans})
    anchors: dict[int, list[str]] = defaultdict(list)
    for start, end, _, _ in spans:
        name = anchor(start, end)
        if name not in anchors[start]:
            anchors[start].append(name)
    parts: list[str] = []
    active: list[tuple[int, int, str, str]] = []
    index = 0
    for a, b in zip(bounds, bounds[1:], strict=False):
        while index < len(spans) and spans[index][0] <= a:
            active.append(spans[index])
            index += 1
        active = [s for s in active if s[1] > a]
        for name in anchors.get(a, []):
            parts.append(f'<span class="anchor" id="{name}"></span>')
        piece = escape(text[a:b])
        if active:
            start, end, node, t = min(active, key=lambda s: (s[1] - s[0], s[0], s[2]))
            label = escape(f"{t}: {labels.get(node, node)}")
            parts.append(
                f'<mark class="m t-{escape(t)}" data-node="{escape(node)}" data-s="{a}" '
                f'data-e="{b}" title="{label}">{piece}</mark>'
            )
        else:
            parts.append(str(piece))
    return Markup("".join(parts))


def generate_document_html(
    G: nx.MultiDiGraph,
    doc: str,
    text: str | None,
    *,
    spans: list[tuple[int, int, str, str]] | None = None,
    assets: str | None = None,
) -> str:
    """``docs/<doc>.html``: the document's own subgraph beside its text, mentions highlighted.

    ``assets`` as for ``generate_graph_html`` (``../assets/`` from ``docs/``).
    """
    shared = _Shared(G)
    if spans is None:
        spans = shared.spans(doc)
    return _document_page(G, doc, text, spans=spans, assets=assets, shared=shared)


def _document_page(
    G: nx.MultiDiGraph,
    doc: str,
    text: str | None,
    *,
    spans: list[tuple[int, int, str, str]],
    assets: str | None,
    shared: _Shared,
) -> str:
    if doc not in G or G.nodes[doc].get("type") != "Document":
        raise ViewError(f"{doc!r} is not a document of the graph")
    S = document_subgraph(G, doc)
    attrs = G.nodes[doc]
    labels = {n: str(a.get("label", n)) for n, a in S.nodes(data=True)}
    body = marked_text(text, spans, labels) if text is not None else None
    counts = Counter(t for _, _, _, t in spans)
    payload = _payload(S, doc_base="", shared=shared, focus=None, large=False)
    # a mention's anchor selects its node; the innermost mention wins where two share a span
    payload["anchors"] = {
        anchor(s, e): node
        for s, e, node, _ in sorted(
            spans, key=lambda x: (x[0], x[1], x[3] == "Metric", x[2]), reverse=True
        )
    }
    return _render(
        "document.html",
        assets=assets,
        title=f"govkg: {attrs.get('label', doc)}",
        page="document",
        doc=doc,
        doc_attrs=attrs,
        payload=script_json(payload),
        text=body,
        mention_counts=[(t, counts[t]) for t in TYPE_ORDER if counts.get(t)],
        counts=_counts(S),
        relations=_relation_counts(S),
        documents=[],
        home="../index.html",
        graph_link="../graph.html",
        nodes_total=S.number_of_nodes(),
        edges_total=S.number_of_edges(),
    )


def _degree_without_documents(G: nx.MultiDiGraph, node: str) -> int:
    others = set(G.successors(node)) | set(G.predecessors(node))
    return sum(1 for o in others if G.nodes[o].get("type") != "Document")


def generate_index_html(G: nx.MultiDiGraph, *, top: int = 10) -> str:
    """``index.html``: the corpus at a glance, with links to every view."""

    def ranked(types: tuple[str, ...], key) -> list[dict[str, Any]]:
        nodes = [n for n, a in G.nodes(data=True) if a.get("type") in types]
        nodes.sort(key=lambda n: (key(n), str(G.nodes[n].get("label", "")), n))
        return [
            {
                "id": n,
                "label": str(G.nodes[n].get("label", n)),
                "type": G.nodes[n].get("type"),
                "degree": _degree_without_documents(G, n),
                "documents": len(G.nodes[n].get("documents") or []),
                "mentions": int(G.nodes[n].get("mention_count") or 0),
            }
            for n in nodes[:top]
        ]

    organizations = ranked(("Organization",), lambda n: -_degree_without_documents(G, n))
    programs = ranked(("Program",), lambda n: -_degree_without_documents(G, n))

    def shared(n: str) -> tuple[int, int]:
        a = G.nodes[n]
        return (-len(a.get("documents") or []), -int(a.get("mention_count") or 0))

    slogans = ranked(("Slogan",), shared)
    policies = ranked(("Policy",), shared)
    docs = []
    for d in sorted(n for n, a in G.nodes(data=True) if a.get("type") == "Document"):
        a = G.nodes[d]
        kinds = Counter(
            G.nodes[v].get("type") for _, v, k in G.out_edges(d, keys=True) if k == "mentions"
        )
        docs.append(
            {
                "id": d,
                "label": str(a.get("label", d)),
                "source": str(a.get("source", "")),
                "chars": int(a.get("chars") or 0),
                "kinds": [(t, kinds.get(t, 0)) for t in TYPE_ORDER if t != "Document"],
            }
        )
    return _render(
        "index.html",
        title="govkg: the corpus at a glance",
        counts=_counts(G),
        relations=_relation_counts(G),
        nodes_total=G.number_of_nodes(),
        edges_total=G.number_of_edges(),
        docs=docs,
        organizations=organizations,
        programs=programs,
        slogans=slogans,
        policies=policies,
        entity_types=TYPE_ORDER[1:],
    )


def write_views(
    G: nx.MultiDiGraph,
    folder: str | Path,
    *,
    texts: Mapping[str, str] | Iterable[tuple[str, str]] | None = None,
) -> list[Path]:
    """Writes ``index.html``, ``graph.html`` and ``docs/<doc>.html`` for every document.

    ``texts`` gives the documents' texts by id, as a mapping or as a stream of ``(id, text)``
    pairs (a build reads its documents again rather than keep every text in memory); a
    document view shows its text with every mention highlighted, and a document without
    text gets its subgraph only. The pages load vis-network from ``assets/``, written once
    beside them. Returns the paths written: the two pages and the two folders.
    """
    folder = Path(folder)
    write_assets(folder)
    shared = _Shared(G)
    page = _graph_page(G, title="govkg: the whole graph", assets=f"{ASSETS_FOLDER}/", shared=shared)
    write_text_atomic(folder / "graph.html", page)
    write_text_atomic(folder / "index.html", generate_index_html(G))
    docs = {d for d, _ in shared.documents}
    pairs = texts.items() if isinstance(texts, Mapping) else (texts or ())
    done: set[str] = set()
    # the texts as they stream by, then every document no text was given for
    for doc, text in chain(pairs, ((d, None) for d in sorted(docs))):
        if doc in docs and doc not in done:
            page = _document_page(
                G, doc, text, spans=shared.spans(doc), assets=f"../{ASSETS_FOLDER}/", shared=shared
            )
            write_text_atomic(folder / DOCS_FOLDER / f"{doc}.html", page)
            done.add(doc)
    return [
        folder / "index.html",
        folder / "graph.html",
        folder / DOCS_FOLDER,
        folder / ASSETS_FOLDER,
    ]


# ---------------------------------------------------------------------------------------------
# Ego views


def load_graph(folder: str | Path) -> nx.MultiDiGraph:
    """The graph a build wrote to ``folder/graph.json`` (node-link JSON)."""
    path = Path(folder) / "graph.json"
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise ViewError(f"{path}: no graph here; run `govkg build -o {folder}` first") from exc
    except (OSError, ValueError) as exc:
        raise ViewError(f"{path}: cannot read the graph: {exc}") from exc
    try:
        G = nx.node_link_graph(data, directed=True, multigraph=True, edges="edges")
    except (KeyError, TypeError, nx.NetworkXError) as exc:
        raise ViewError(f"{path}: not a node-link graph: {exc}") from exc
    return G


def _fold(text: str) -> str:
    return " ".join(text.split()).casefold()


def find_node(G: nx.MultiDiGraph, name: str) -> str:
    """The node named ``name`` (its id, label, key or an alias). Raises ``ViewError`` listing the
    candidates when no node or several nodes carry that name."""
    if name in G:
        return name
    wanted = _fold(name)
    if not wanted:
        raise ViewError("no name given")
    exact = []
    for n, a in G.nodes(data=True):
        names = {str(a.get("label", "")), str(a.get("key", ""))}
        names.update(str(x) for x in a.get("aliases") or [])
        if a.get("type") == "Document":
            names.update({str(a.get("title", "")), str(a.get("source", ""))})
        if wanted in {_fold(x) for x in names if x}:
            exact.append(n)
    if len(exact) == 1:
        return exact[0]
    if exact:
        raise ViewError(
            f"{name!r} names {len(exact)} nodes; give one of these ids instead:\n"
            + _candidates(G, sorted(exact))
        )
    near = sorted(
        (n for n, a in G.nodes(data=True) if wanted in _fold(str(a.get("label", "")))),
        key=lambda n: (-G.degree(n), n),
    )
    if near:
        raise ViewError(
            f"no node is named {name!r}; nodes whose name contains it:\n"
            + _candidates(G, near[:15])
        )
    raise ViewError(f"no node is named {name!r} and no name contains it")


def _candidates(G: nx.MultiDiGraph, nodes: list[str]) -> str:
    lines = []
    for n in nodes:
        a = G.nodes[n]
        scope = str(a.get("scope") or "")
        if scope in G:  # scoped to one document: name it
            scope = f"{scope} ({G.nodes[scope].get('label', '')})"
        scope = f", scope {scope}" if scope else ""
        lines.append(f"  {n}  {a.get('type')} {a.get('label', '')}{scope}")
    return "\n".join(lines)


def ego_subgraph(
    G: nx.MultiDiGraph, center: str, *, depth: int = 1, max_nodes: int = 200
) -> nx.MultiDiGraph:
    """The nodes within ``depth`` steps of ``center`` (edges in either direction), nearest first.

    Documents are reached but not walked through (every document mentions hundreds of nodes),
    unless the centre is a document; past ``max_nodes`` the farthest, least connected go.
    """
    if depth < 0 or max_nodes < 1:
        raise ViewError("depth must be 0 or more and max-nodes 1 or more")
    seen = {center: 0}
    frontier = [center]
    for step in range(1, depth + 1):
        found: set[str] = set()
        for n in frontier:
            if step > 1 and G.nodes[n].get("type") == "Document":
                continue
            found.update(m for m in nx.all_neighbors(G, n) if m not in seen)
        for m in found:
            seen[m] = step
        frontier = sorted(found)
    ranked = sorted(seen, key=lambda n: (seen[n], -G.degree(n), n))[:max_nodes]
    S = G.subgraph(ranked).copy()
    return S


def generate_ego_html(
    G: nx.MultiDiGraph,
    center: str,
    *,
    depth: int = 1,
    max_nodes: int = 200,
    assets: str | None = None,
) -> str:
    """``ego/<node>.html``: the neighbourhood of ``center``; ``assets`` as for
    ``generate_graph_html`` (``../assets/`` from ``ego/``)."""
    S = ego_subgraph(G, center, depth=depth, max_nodes=max_nodes)
    label = str(G.nodes[center].get("label", center))
    # evidence may come from documents outside the view: the payload names every document
    payload = _payload(
        S, doc_base=f"../{DOCS_FOLDER}/", shared=_Shared(G), focus=center, large=False
    )
    return _render(
        "graph.html",
        assets=assets,
        title=f"govkg: {label} (depth {depth})",
        page="ego",
        payload=script_json(payload),
        counts=_counts(S),
        relations=_relation_counts(S),
        documents=_documents(S),
        home="../index.html",
        nodes_total=S.number_of_nodes(),
        edges_total=S.number_of_edges(),
    )


def write_ego_view(
    folder: str | Path,
    name: str,
    *,
    depth: int = 1,
    max_nodes: int = 200,
    G: nx.MultiDiGraph | None = None,
) -> Path:
    """Writes ``folder/ego/<node>.html``, the neighbourhood of the node ``name`` names, and
    vis-network beside it in ``folder/assets/`` (a build without its views has none)."""
    folder = Path(folder)
    if G is None:
        G = load_graph(folder)
    center = find_node(G, name)
    path = folder / EGO_FOLDER / f"{center}.html"
    page = generate_ego_html(
        G, center, depth=depth, max_nodes=max_nodes, assets=f"../{ASSETS_FOLDER}/"
    )
    write_assets(folder)
    write_text_atomic(path, page)
    return path
