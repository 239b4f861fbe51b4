"""Writes the graph for the tools people use: GraphML, GEXF, node-link JSON, Neo4j import files.

Every format has ``generate_X(G) -> str`` (or a dict of file name -> text for a folder)
beside ``write_X(G, path)``; ``FORMATS`` maps format names to their writers and output names,
the way rdflib's plugin table maps names to serializers. All writes are atomic.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

import networkx as nx

from .io import atomic_write
from .rdf import (
    write_jsonld,
    write_nquads,
    write_ntriples,
    write_ontology,
    write_shapes,
    write_trig,
    write_turtle,
)

# XML 1.0 forbids these control characters; a report can still carry them.
_XML_ENTITIES = {'"': "&quot;", "\n": "&#10;", "\r": "&#13;", "\t": "&#9;"}
_XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def _xml_text(value: Any) -> str:
    """Text for an XML attribute or element: lists and dicts as JSON, escaped, legal characters only."""
    text = value if isinstance(value, str) else _json(value)
    # Line breaks and tabs as references: in an attribute, XML would fold them into spaces.
    return escape(_XML_ILLEGAL.sub("\ufffd", text), _XML_ENTITIES)


def _kind(value: Any) -> str:
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int):
        return "long"
    if isinstance(value, float):
        return "double"
    return "string"


def _join_kinds(a: str | None, b: str) -> str:
    if a is None or a == b:
        return b
    if {a, b} == {"long", "double"}:
        return "double"
    return "string"


def _xml_value(value: Any, kind: str) -> str:
    if kind == "boolean":
        return "true" if value else "false"
    if kind == "long":
        return str(int(value))
    if kind == "double":
        return repr(float(value))
    return _xml_text(value)


def _schema(items: Iterable[Mapping[str, Any]], rename: Mapping[str, str]) -> dict[str, str]:
    """Each attribute's name in the file and one type for all its values (None is absent)."""
    kinds: dict[str, str] = {}
    for data in items:
        for name, value in data.items():
            if value is not None:
                out = rename.get(name, name)
                kinds[out] = _join_kinds(kinds.get(out), _kind(value))
    return dict(sorted(kinds.items()))


def _values(
    data: Mapping[str, Any],
    rename: Mapping[str, str],
    schema: Mapping[str, str],
    ids: Mapping[str, str],
) -> Iterator[tuple[str, str]]:
    for name in sorted(data, key=lambda n: rename.get(n, n)):
        value = data[name]
        if value is not None:
            out = rename.get(name, name)
            yield ids[out], _xml_value(value, schema[out])


def edge_id(u: str, v: str, key: str) -> str:
    """A stable id for one edge: source, relation type and target joined by dots."""
    return f"{u}.{key}.{v}"


def _sorted_edges(G: nx.MultiDiGraph) -> list[tuple[str, str, str, dict[str, Any]]]:
    return sorted(G.edges(keys=True, data=True), key=lambda e: (e[0], e[1], e[2]))


def _write_lines(path: str | Path, lines: Iterable[str]) -> None:
    """Line by line into the atomic file, so no second copy of a large export is held."""
    with atomic_write(path) as fh:
        for line in lines:
            fh.write(line + "\n")


# --- GraphML -------------------------------------------------------------------------------
# Written here rather than by networkx, whose writer builds the whole document as an element
# tree first: this one streams, and gives every edge its own id.

_GRAPHML_HEAD = (
    '<?xml version="1.0" encoding="UTF-8"?>\n'
    '<graphml xmlns="http://graphml.graphdrawing.org/xmlns" '
    'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" '
    'xsi:schemaLocation="http://graphml.graphdrawing.org/xmlns '
    'http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd">'
)


def _graphml_lines(G: nx.MultiDiGraph) -> Iterator[str]:
    yield _GRAPHML_HEAD
    schemas = {
        "graph": _schema([G.graph], {}),
        "node": _schema((d for _, d in G.nodes(data=True)), {}),
        "edge": _schema((d for _, _, d in G.edges(data=True)), {}),
    }
    ids: dict[str, dict[str, str]] = {}
    n = 0
    for domain, schema in schemas.items():
        ids[domain] = {}
        for name, kind in schema.items():
            ids[domain][name] = f"d{n}"
            yield (
                f'  <key id="d{n}" for="{domain}" attr.name="{_xml_text(name)}" '
                f'attr.type="{kind}"/>'
            )
            n += 1
    yield '  <graph edgedefault="directed">'
    for key, text in _values(G.graph, {}, schemas["graph"], ids["graph"]):
        yield f'    <data key="{key}">{text}</data>'
    for node in sorted(G.nodes):
        yield f'    <node id="{_xml_text(node)}">'
        for key, text in _values(G.nodes[node], {}, schemas["node"], ids["node"]):
            yield f'      <data key="{key}">{text}</data>'
        yield "    </node>"
    for u, v, k, data in _sorted_edges(G):
        yield (
            f'    <edge id="{_xml_text(edge_id(u, v, k))}" source="{_xml_text(u)}" '
            f'target="{_xml_text(v)}">'
        )
        for key, text in _values(data, {}, schemas["edge"], ids["edge"]):
            yield f'      <data key="{key}">{text}</data>'
        yield "    </edge>"
    yield "  </graph>"
    yield "</graphml>"


def generate_graphml(G: nx.MultiDiGraph, **_: Any) -> str:
    """GraphML for yEd, Cytoscape, Gephi, igraph: scalar attributes only, one edge id per edge."""
    return "".join(line + "\n" for line in _graphml_lines(G))


def write_graphml(G: nx.MultiDiGraph, path: str | Path, **_: Any) -> None:
    _write_lines(path, _graphml_lines(G))


# --- GEXF ----------------------------------------------------------------------------------

# GEXF gives start/end (time) and an edge's type (directed or not) a meaning of its own.
_GEXF_NODE_RENAME = {"start": "span_start", "end": "span_end"}
_GEXF_EDGE_RENAME = {"type": "relation"}
_GEXF_HEAD = (
    '<?xml version="1.0" encoding="UTF-8"?>\n'
    '<gexf xmlns="http://www.gexf.net/1.2draft" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" '
    'xsi:schemaLocation="http://www.gexf.net/1.2draft http://www.gexf.net/1.2draft/gexf.xsd" '
    'version="1.2">\n'
    "  <meta>\n    <creator>govkg</creator>\n  </meta>"  # no date: same input, same bytes
)


def _gexf_lines(G: nx.MultiDiGraph) -> Iterator[str]:
    yield _GEXF_HEAD
    yield '  <graph defaultedgetype="directed" mode="static">'
    node_schema = _schema((d for _, d in G.nodes(data=True)), _GEXF_NODE_RENAME)
    edge_schema = _schema((d for _, _, d in G.edges(data=True)), _GEXF_EDGE_RENAME)
    node_schema.pop("label", None)  # the node's own label attribute
    ids: dict[str, dict[str, str]] = {"node": {}, "edge": {}}
    for domain, schema in (("node", node_schema), ("edge", edge_schema)):
        yield f'    <attributes class="{domain}" mode="static">'
        for i, (name, kind) in enumerate(schema.items()):
            ids[domain][name] = f"{domain[0]}{i}"
            yield f'      <attribute id="{domain[0]}{i}" title="{_xml_text(name)}" type="{kind}"/>'
        yield "    </attributes>"
    yield "    <nodes>"
    for node in sorted(G.nodes):
        data = dict(G.nodes[node])
        label = data.pop("label", node)
        yield f'      <node id="{_xml_text(node)}" label="{_xml_text(label)}">'
        yield "        <attvalues>"
        for key, text in _values(data, _GEXF_NODE_RENAME, node_schema, ids["node"]):
            yield f'          <attvalue for="{key}" value="{text}"/>'
        yield "        </attvalues>"
        yield "      </node>"
    yield "    </nodes>"
    yield "    <edges>"
    for u, v, k, data in _sorted_edges(G):
        yield (
            f'      <edge id="{_xml_text(edge_id(u, v, k))}" source="{_xml_text(u)}" '
            f'target="{_xml_text(v)}" label="{_xml_text(k)}">'
        )
        yield "        <attvalues>"
        for key, text in _values(data, _GEXF_EDGE_RENAME, edge_schema, ids["edge"]):
            yield f'          <attvalue for="{key}" value="{text}"/>'
        yield "        </attvalues>"
        yield "      </edge>"
    yield "    </edges>"
    yield "  </graph>"
    yield "</gexf>"


def generate_gexf(G: nx.MultiDiGraph, **_: Any) -> str:
    """GEXF 1.2 for Gephi: span offsets become span_start/span_end, an edge's type its relation."""
    return "".join(line + "\n" for line in _gexf_lines(G))


def write_gexf(G: nx.MultiDiGraph, path: str | Path, **_: Any) -> None:
    _write_lines(path, _gexf_lines(G))


# --- node-link JSON ------------------------------------------------------------------------


def _node_link(G: nx.MultiDiGraph) -> dict[str, Any]:
    data = nx.node_link_data(G, edges="edges")
    data["nodes"].sort(key=lambda n: n["id"])
    data["edges"].sort(key=lambda e: (e["source"], e["target"], e["key"]))
    return data


def generate_node_link(G: nx.MultiDiGraph, **_: Any) -> str:
    """Node-link JSON (D3, Cytoscape.js, ``nx.node_link_graph(..., edges="edges")``), sorted."""
    return json.dumps(_node_link(G), ensure_ascii=False, sort_keys=True, indent=1) + "\n"


def write_node_link(G: nx.MultiDiGraph, path: str | Path, **_: Any) -> None:
    with atomic_write(path) as fh:  # json.dump streams its chunks: no whole-file string
        json.dump(_node_link(G), fh, ensure_ascii=False, sort_keys=True, indent=1)
        fh.write("\n")


# --- Neo4j ---------------------------------------------------------------------------------

#: Neo4j columns of each node label: (attribute, neo4j-admin header type); other attributes
#: follow as string columns. Arrays use ``ARRAY_DELIMITER``; lists of records are JSON text.
NEO4J_NODE_COLUMNS: dict[str, tuple[tuple[str, str], ...]] = {
    "Document": (
        ("label", "string"),
        ("title", "string"),
        ("source", "string"),
        ("sha256", "string"),
        ("chars", "int"),
        ("format", "string"),
        ("jurisdiction", "string"),
        ("metadata", "json"),
    ),
    "Metric": (
        ("label", "string"),
        ("value", "float"),
        ("unit", "string"),
        ("redacted", "boolean"),
        ("approximate", "string"),
        ("measure", "string"),
        ("doc", "string"),
        ("start", "int"),
        ("end", "int"),
        ("text", "string"),
        ("sentence", "int"),
        ("sentence_text", "string"),
    ),
}
_ENTITY_COLUMNS = (
    ("label", "string"),
    ("key", "string"),
    ("scope", "string"),
    ("aliases", "string[]"),
    ("documents", "string[]"),
    ("mention_count", "int"),
    ("mentions", "json"),
)
for _label in ("Organization", "Program", "Slogan", "Policy"):
    NEO4J_NODE_COLUMNS[_label] = _ENTITY_COLUMNS
NEO4J_EDGE_COLUMNS: tuple[tuple[str, str], ...] = (
    ("count", "int"),
    ("weak", "boolean"),
    ("trigger", "string"),
    ("evidence", "json"),
)
ARRAY_DELIMITER = "|"
_TYPE_CAST = {"int": "toInteger", "float": "toFloat", "boolean": "toBoolean"}


def _header(name: str, kind: str) -> str:
    return name if kind in ("string", "json") else f"{name}:{kind}"


def _cell(value: Any, kind: str) -> str:
    if value is None:
        return ""
    if kind == "boolean":
        return "true" if value else "false"
    if kind == "string[]":
        return ARRAY_DELIMITER.join(str(v) for v in value)
    if kind == "json" or not isinstance(value, str | int | float):
        return _json(value)
    if kind == "float":
        return repr(float(value))
    return str(value)


def _csv(rows: Iterable[list[str]]) -> str:
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n", quoting=csv.QUOTE_MINIMAL)
    writer.writerows(rows)
    return buf.getvalue()


def _node_columns(G: nx.MultiDiGraph, label: str, nodes: list[str]) -> list[tuple[str, str]]:
    declared = list(NEO4J_NODE_COLUMNS.get(label, (("label", "string"),)))
    known = {name for name, _ in declared} | {"type"}
    extra = sorted({a for n in nodes for a in G.nodes[n] if a not in known})
    return declared + [(a, "json") for a in extra]


def _file_name(kind: str, name: str) -> str:
    return f"{kind}_{re.sub(r'[^A-Za-z0-9_]', '_', name)}.csv"


def generate_neo4j(G: nx.MultiDiGraph, **_: Any) -> dict[str, str]:
    """The files of a Neo4j import: nodes CSV per label, relationships CSV per type, scripts."""
    files: dict[str, str] = {}
    node_files: list[tuple[str, str, list[tuple[str, str]]]] = []
    by_label: dict[str, list[str]] = {}
    for node in sorted(G.nodes):
        by_label.setdefault(str(G.nodes[node].get("type", "Node")), []).append(node)
    for label in sorted(by_label):
        nodes = by_label[label]
        columns = _node_columns(G, label, nodes)
        rows = [["id:ID", ":LABEL"] + [_header(n, k) for n, k in columns]]
        for node in nodes:
            data = G.nodes[node]
            rows.append([node, label] + [_cell(data.get(n), k) for n, k in columns])
        name = _file_name("nodes", label)
        files[name] = _csv(rows)
        node_files.append((name, label, columns))
    by_type: dict[str, list[tuple[str, str, dict[str, Any]]]] = {}
    for u, v, key, data in G.edges(keys=True, data=True):
        by_type.setdefault(str(key), []).append((u, v, data))
    rel_files: list[tuple[str, str, list[tuple[str, str]]]] = []
    for rtype in sorted(by_type):
        edges = sorted(by_type[rtype], key=lambda e: (e[0], e[1]))
        rows = [
            [":START_ID", ":END_ID", ":TYPE"]
            + [_header(n, k) for n, k in NEO4J_EDGE_COLUMNS]
            + ["start_label:IGNORE", "end_label:IGNORE"]
        ]
        pairs: set[tuple[str, str]] = set()
        for u, v, data in edges:
            su, sv = str(G.nodes[u].get("type")), str(G.nodes[v].get("type"))
            pairs.add((su, sv))
            rows.append(
                [u, v, neo4j_type(rtype)]
                + [_cell(data.get(n), k) for n, k in NEO4J_EDGE_COLUMNS]
                + [su, sv]
            )
        name = _file_name("relationships", rtype)
        files[name] = _csv(rows)
        rel_files.append((name, rtype, sorted(pairs)))  # type: ignore[arg-type]
    files["import.sh"] = _import_script(node_files, rel_files)
    files["load.cypher"] = _load_cypher(node_files, rel_files)
    return files


def neo4j_type(relation: str) -> str:
    """Neo4j's convention for relationship types: ``reports_to`` -> ``REPORTS_TO``."""
    return relation.upper()


def _import_script(node_files: list[Any], rel_files: list[Any]) -> str:
    lines = [
        "#!/bin/sh",
        "# Imports this folder into a new, stopped Neo4j 5 database (default: neo4j) with neo4j-admin.",
        "# Usage: sh import.sh [DATABASE]   (the database's contents are replaced)",
        "set -eu",
        'cd "$(dirname "$0")"',
        "# The database name comes first: from Neo4j 5.19 on it must precede the options.",
        'neo4j-admin database import full "${1:-neo4j}" \\',
        "  --overwrite-destination=true \\",
        f"  --array-delimiter='{ARRAY_DELIMITER}' \\",
        "  --multiline-fields=true \\",
    ]
    lines += [f"  --nodes={name} \\" for name, _, _ in node_files]
    lines += [f"  --relationships={name} \\" for name, _, _ in rel_files]
    lines[-1] = lines[-1].removesuffix(" \\")
    return "\n".join(lines) + "\n"


def _cypher_value(name: str, kind: str) -> str:
    ref = f"row.`{_header(name, kind)}`"
    if kind == "string[]":
        return f"CASE WHEN {ref} IS NULL OR {ref} = '' THEN [] ELSE split({ref}, '{ARRAY_DELIMITER}') END"
    if kind in _TYPE_CAST:
        return f"{_TYPE_CAST[kind]}({ref})"
    return ref


def _cypher_props(columns: Iterable[tuple[str, str]]) -> str:
    return ", ".join(f"`{n}`: {_cypher_value(n, k)}" for n, k in columns)


def _load_cypher(node_files: list[Any], rel_files: list[Any]) -> str:
    out = [
        "// Loads the govkg graph into a running Neo4j server: copy the CSV files of this folder",
        "// into the server's import directory, then: cypher-shell -f load.cypher",
    ]
    for _, label, _ in node_files:
        out.append(
            f"CREATE CONSTRAINT govkg_{label.lower()}_id IF NOT EXISTS FOR (n:`{label}`) REQUIRE n.id IS UNIQUE;"
        )
    for name, label, columns in node_files:
        out.append(f"LOAD CSV WITH HEADERS FROM 'file:///{name}' AS row")
        out.append(f"CREATE (:`{label}` {{id: row.`id:ID`, {_cypher_props(columns)}}});")
    for name, rtype, pairs in rel_files:
        for start, end in pairs:
            out.append(f"LOAD CSV WITH HEADERS FROM 'file:///{name}' AS row")
            out.append(
                f"WITH row WHERE row.`start_label:IGNORE` = '{start}' AND row.`end_label:IGNORE` = '{end}'"
            )
            out.append(
                f"MATCH (a:`{start}` {{id: row.`:START_ID`}}), (b:`{end}` {{id: row.`:END_ID`}})"
            )
            out.append(
                f"CREATE (a)-[:`{neo4j_type(rtype)}` {{{_cypher_props(NEO4J_EDGE_COLUMNS)}}}]->(b);"
            )
    return "\n".join(out) + "\n"


def write_neo4j(G: nx.MultiDiGraph, path: str | Path, **opts: Any) -> None:
    """Writes the Neo4j import folder; CSV files of labels or types no longer present are removed."""
    folder = Path(path)
    files = generate_neo4j(G, **opts)
    folder.mkdir(parents=True, exist_ok=True)
    for name in sorted(files):
        with atomic_write(folder / name) as fh:
            fh.write(files[name])
    for stale in sorted(folder.glob("*.csv")):
        if stale.name not in files and stale.name.startswith(("nodes_", "relationships_")):
            stale.unlink()
    (folder / "import.sh").chmod(0o755)


# --- the table of formats ------------------------------------------------------------------

Writer = Callable[..., None]


@dataclass(frozen=True)
class Format:
    """One output of ``govkg build``: its name on the command line, file (or folder) name, writer."""

    name: str
    filename: str
    write: Writer
    description: str


def _write_ontology(G: nx.MultiDiGraph, path: str | Path, **_: Any) -> None:
    write_ontology(path)


def _write_shapes(G: nx.MultiDiGraph, path: str | Path, **_: Any) -> None:
    write_shapes(path)


def _rdf(writer: Callable[..., None]) -> Writer:
    def write(
        G: nx.MultiDiGraph, path: str | Path, *, base_iri: str | None = None, **_: Any
    ) -> None:
        writer(G, path, base_iri=base_iri)

    return write


FORMATS: dict[str, Format] = {
    f.name: f
    for f in (
        Format("turtle", "graph.ttl", _rdf(write_turtle), "RDF Turtle"),
        Format("ntriples", "graph.nt", _rdf(write_ntriples), "RDF N-Triples"),
        Format("trig", "graph.trig", _rdf(write_trig), "RDF TriG, one named graph per document"),
        Format(
            "nquads", "graph.nq", _rdf(write_nquads), "RDF N-Quads, one named graph per document"
        ),
        Format("jsonld", "graph.jsonld", _rdf(write_jsonld), "JSON-LD"),
        Format(
            "graphml", "graph.graphml", write_graphml, "GraphML (yEd, Cytoscape, Gephi, igraph)"
        ),
        Format("gexf", "graph.gexf", write_gexf, "GEXF 1.2 (Gephi)"),
        Format(
            "json", "graph.json", write_node_link, "node-link JSON (D3, Cytoscape.js, networkx)"
        ),
        Format("neo4j", "neo4j", write_neo4j, "Neo4j import CSVs, import.sh and load.cypher"),
        Format("ontology", "ontology.ttl", _write_ontology, "the govkg ontology (Turtle)"),
        Format("shapes", "shapes.ttl", _write_shapes, "SHACL shapes of the graph (Turtle)"),
    )
}


def write_formats(
    G: nx.MultiDiGraph, folder: str | Path, formats: Iterable[str] | None = None, **opts: Any
) -> list[Path]:
    """Writes each of ``formats`` (default: all) under ``folder``; returns the paths written."""
    folder = Path(folder)
    names = list(FORMATS) if formats is None else list(dict.fromkeys(formats))
    written = []
    for name in names:
        fmt = FORMATS[name]
        target = folder / fmt.filename
        fmt.write(G, target, **opts)
        written.append(target)
    return written
