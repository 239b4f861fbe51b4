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
        "documents": documents,
        "failed": [{"source": s, "error": e} for s, e in failed],
        "warnings": sorted(set(warnings)),
        "outputs": sorted(set(outputs)),
    }


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
