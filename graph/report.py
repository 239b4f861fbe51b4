"""The build report: what a build read, what the graph holds per type and per document, what failed."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

import networkx as nx

from .build import NODE_TYPES, RELATION_TYPES
from .io import write_text_atomic

_ENTITY_AND_METRIC = ("Organization", "Program", "Slogan", "Policy", "Metric")


def build_report(
    G: nx.MultiDiGraph,
    *,
    failed: Iterable[tuple[str, str]] = (),
    warnings: Iterable[str] = (),
    outputs: Iterable[str] = (),
    extractor_version: str = "",
) -> dict[str, Any]:
    """Counts per type and per document, warnings and failed files, as one JSON-ready dict.

    ``failed`` holds ``(source, error line)`` pairs. Nothing in the report depends on time or
    on input order, so building twice gives the same report.
    """
    failed = sorted(failed)
    node_counts = Counter(str(d.get("type")) for _, d in G.nodes(data=True))
    edge_counts = Counter(str(k) for _, _, k in G.edges(keys=True))
    per_doc_nodes: dict[str, Counter[str]] = {d: Counter() for d in G.graph.get("documents", [])}
    per_doc_mentions: dict[str, Counter[str]] = {d: Counter() for d in per_doc_nodes}
    per_doc_relations: dict[str, Counter[str]] = {d: Counter() for d in per_doc_nodes}
    for u, v, key, data in G.edges(keys=True, data=True):
        if key == "mentions" and u in per_doc_nodes:
            vtype = str(G.nodes[v].get("type"))
            per_doc_nodes[u][vtype] += 1
            per_doc_mentions[u][vtype] += int(data.get("count", 0))
        else:
            for doc in sorted({str(e["doc"]) for e in data.get("evidence") or []}):
                if doc in per_doc_relations:
                    per_doc_relations[doc][str(key)] += 1
    documents = []
    for doc in sorted(per_doc_nodes):
        attrs = G.nodes[doc]
        documents.append(
            {
                "id": doc,
                "source": attrs.get("source", ""),
                "title": attrs.get("title", ""),
                "chars": attrs.get("chars", 0),
                "jurisdiction": attrs.get("jurisdiction", ""),
                "nodes": {t: per_doc_nodes[doc][t] for t in _ENTITY_AND_METRIC},
                "mentions": {t: per_doc_mentions[doc][t] for t in _ENTITY_AND_METRIC},
                "relations": {
                    t: per_doc_relations[doc][t]
                    for t in RELATION_TYPES
                    if per_doc_relations[doc][t]
                },
            }
        )
    return {
        "extractor_version": extractor_version,
        "base_iri": G.graph.get("base_iri", ""),
        "totals": {
            "documents": len(documents),
            "failed": len(failed),
            "nodes": {t: node_counts[t] for t in NODE_TYPES},
            "edges": {t: edge_counts[t] for t in ("mentions", *RELATION_TYPES)},
            "node_count": G.number_of_nodes(),
            "edge_count": G.number_of_edges(),
        },
        "organizations_by_scope": _organization_scopes(G),
        "most_mentioned": _most_mentioned(G),
        "documents": documents,
        "failed": [{"source": s, "error": e} for s, e in failed],
        "warnings": sorted(set(warnings)),
        "outputs": sorted(set(outputs)),
    }


def _organization_scopes(G: nx.MultiDiGraph) -> dict[str, int]:
    """How organization names resolved: one body everywhere, above a known place, or per document."""
    counts = {"everywhere": 0, "level_above_a_place": 0, "jurisdiction": 0, "document": 0}
    for _, d in G.nodes(data=True):
        if d.get("type") != "Organization":
            continue
        scope = str(d.get("scope", ""))
        if not scope:
            counts["everywhere"] += 1
        elif scope in G.graph.get("documents", ()):
            counts["document"] += 1
        elif "^" in scope:
            counts["level_above_a_place"] += 1
        else:
            counts["jurisdiction"] += 1
    return counts


def _most_mentioned(G: nx.MultiDiGraph, *, top: int = 10) -> dict[str, list[dict[str, Any]]]:
    """The entities of each type named by the most documents, then the most often."""
    by_type: dict[str, list[tuple[int, int, str]]] = {}
    for node, d in G.nodes(data=True):
        if d.get("type") in ("Organization", "Program", "Slogan", "Policy"):
            by_type.setdefault(d["type"], []).append(
                (-len(d.get("documents", [])), -int(d.get("mention_count", 0)), node)
            )
    out: dict[str, list[dict[str, Any]]] = {}
    for etype in ("Organization", "Program", "Slogan", "Policy"):
        rows = sorted(by_type.get(etype, []))[:top]
        out[etype] = [
            {"id": n, "label": G.nodes[n]["label"], "documents": -docs, "mentions": -count}
            for docs, count, n in rows
        ]
    return out


def generate_report_markdown(report: Mapping[str, Any]) -> str:
    """A readable summary of ``build_report``'s dict."""
    totals = report["totals"]
    out = [
        "# govkg build report",
        "",
        f"{totals['documents']} documents built, {totals['failed']} failed; "
        f"{totals['node_count']} nodes, {totals['edge_count']} edges. "
        f"Extractor {report.get('extractor_version') or '?'}; base IRI `{report.get('base_iri', '')}`.",
        "",
        "## Nodes per type",
        "",
        "| type | nodes |",
        "| --- | ---: |",
    ]
    out += [f"| {t} | {n} |" for t, n in totals["nodes"].items()]
    out += ["", "## Edges per type", "", "| type | edges |", "| --- | ---: |"]
    out += [f"| {t} | {n} |" for t, n in totals["edges"].items()]
    scopes = report.get("organizations_by_scope", {})
    if scopes:
        out += ["", "## Organizations by how their names resolved", ""]
        out += [
            "| one body everywhere | the level above a known place | within a known jurisdiction | per document (place unknown) |"
        ]
        out += ["| ---: | ---: | ---: | ---: |"]
        out += [
            f"| {scopes['everywhere']} | {scopes['level_above_a_place']} | {scopes['jurisdiction']} | {scopes['document']} |"
        ]
    for etype, rows in report.get("most_mentioned", {}).items():
        if rows:
            out += [
                "",
                f"## Most mentioned: {etype}",
                "",
                "| label | documents | mentions |",
                "| --- | ---: | ---: |",
            ]
            out += [f"| {_cell(r['label'])} | {r['documents']} | {r['mentions']} |" for r in rows]
    out += ["", "## Documents", ""]
    out += [
        "| document | source | jurisdiction | chars | "
        + " | ".join(_ENTITY_AND_METRIC)
        + " | relations |"
    ]
    out += [
        "| --- | --- | --- | ---: | " + " | ".join("---:" for _ in _ENTITY_AND_METRIC) + " | ---: |"
    ]
    for d in report["documents"]:
        counts = " | ".join(f"{d['nodes'][t]} ({d['mentions'][t]})" for t in _ENTITY_AND_METRIC)
        out.append(
            f"| {d['id']} | {_cell(d['source'])} | {_cell(d['jurisdiction']) or '?'} | {d['chars']} | "
            f"{counts} | {sum(d['relations'].values())} |"
        )
    out += ["", "Per type: distinct nodes (mentions).", ""]
    out += ["## Failed files", ""]
    out += [f"- `{f['source']}`: {_cell(f['error'])}" for f in report["failed"]] or ["None."]
    out += ["", "## Warnings", ""]
    out += [f"- {_cell(w)}" for w in report["warnings"]] or ["None."]
    out += ["", "## Outputs", ""]
    out += [f"- `{o}`" for o in report["outputs"]] or ["None."]
    return "\n".join(out) + "\n"


def _cell(text: Any) -> str:
    return str(text).replace("|", "\\|").replace("\n", " ")


def write_report(report: Mapping[str, Any], folder: str | Path) -> list[Path]:
    """Writes report.json and report.md under ``folder`` (atomically); returns their paths."""
    folder = Path(folder)
    json_path, md_path = folder / "report.json", folder / "report.md"
    write_text_atomic(
        json_path, json.dumps(report, ensure_ascii=False, indent=1, sort_keys=True) + "\n"
    )
    write_text_atomic(md_path, generate_report_markdown(report))
    return [json_path, md_path]
