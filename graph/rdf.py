"""The graph as RDF: the govkg ontology's terms, provenance down to character spans, sorted writers.

One function turns the NetworkX graph (GRAPH.md) into statements; everything else writes
those statements. ``to_rdf`` gives an ``rdflib.Dataset`` for querying in Python. The file
writers do not go through rdflib, which is too slow at corpus scale (76 s to write a
million triples): N-Triples and N-Quads are sorted lines, Turtle and TriG are written from
the same sorted statements by a small writer here, and JSON-LD comes from pyoxigraph.
Sorting is what makes the bytes depend on the graph only, never on insertion order.

Every document's facts are also stored in a named graph whose name is the document's IRI,
so ``GRAPH ?doc { ... }`` works. Every edge is written twice: as a direct triple
(``kg:a govkg:runs kg:b``) for easy queries, and as a ``govkg:Relation`` resource with
``rdf:subject/predicate/object``, its evidence mentions and counts. A mention is a
``govkg:Mention`` (``oa:SpecificResource``) with ``oa:hasSource`` the document and
``oa:hasSelector`` an ``oa:TextPositionSelector`` (``oa:start``, ``oa:end``, ``oa:exact``).
"""

from __future__ import annotations

import contextlib
import contextvars
import io
import itertools
import json
import math
import re
import shutil
from array import array
from collections.abc import Iterable, Iterator, Mapping
from decimal import Decimal
from importlib import resources
from pathlib import Path
from types import MappingProxyType
from typing import Any, NamedTuple

import networkx as nx
from govkg.extract.errors import GovkgError
from govkg.extract.model import short_hash
from rdflib import Dataset, Literal, URIRef
from rdflib import namespace as _ns

from .io import atomic_write
from .vocab import GOVKG, GOVKG_NS, NODE_CLASSES, OA, OA_NS, RELATION_PROPERTIES

__all__ = [
    "DEFAULT_BASE_IRI",
    "RDFError",
    "to_rdf",
    "statements",
    "shared_statements",
    "generate_ntriples",
    "generate_nquads",
    "generate_turtle",
    "generate_trig",
    "generate_jsonld",
    "generate_ontology",
    "generate_shapes",
    "write_ntriples",
    "write_nquads",
    "write_turtle",
    "write_trig",
    "write_jsonld",
    "write_ontology",
    "write_shapes",
]

DEFAULT_BASE_IRI = "https://w3id.org/govkg/id/"


class RDFError(GovkgError):
    """The graph cannot be written as RDF: the message names the node, edge or value."""


class Lit(NamedTuple):
    """A literal: lexical form, datatype IRI (None for a plain string) and language tag."""

    lexical: str
    datatype: str | None = None
    lang: str | None = None


# A statement: (graph, subject, predicate, object); graph "" is the default graph.
Term = str | Lit
Triple = tuple[str, str, Term]
Quad = tuple[str, str, str, Term]


class _IRIs:
    """A namespace's terms as plain strings: DefinedNamespace lookups are slow in the hot loop,
    and a misspelt name still fails here, at import."""

    def __init__(self, ns: Any, names: Iterable[str] | None = None) -> None:
        for name in names if names is not None else ns.__annotations__:
            setattr(self, name, str(getattr(ns, name)))


_GK: Any = _IRIs(GOVKG)
_OA: Any = _IRIs(OA)
_DCTERMS: Any = _IRIs(_ns.DCTERMS, ("date", "format", "source", "title"))
_PROV: Any = _IRIs(_ns.PROV, ("wasDerivedFrom",))
_RDF: Any = _IRIs(_ns.RDF, ("object", "predicate", "subject", "type", "value"))
_RDFS: Any = _IRIs(_ns.RDFS, ("label",))
_SDO: Any = _IRIs(_ns.SDO, ("name", "unitText", "url", "value"))
_SKOS: Any = _IRIs(_ns.SKOS, ("altLabel", "prefLabel"))
_XSD: Any = _IRIs(_ns.XSD, ("anyURI", "boolean", "decimal", "gYear", "integer"))

_NODE_ID = re.compile(r"[A-Za-z0-9_.-]+")
# A base IRI: a scheme, then characters that need no escaping anywhere, ending in / or #.
_BASE_IRI = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*:[A-Za-z0-9\-._~:/?\[\]@!$&'()*+,;=%]*[/#]")
# Local names every Turtle and SPARQL reader takes without escapes (rdflib rejects `kg:\-a\.`).
_SAFE_LOCAL = re.compile(r"[A-Za-z0-9_](?:[A-Za-z0-9_.-]*[A-Za-z0-9_-])?")
_TURTLE_DECIMAL = re.compile(r"[+-]?[0-9]*\.[0-9]+")
_YEAR = re.compile(r"[0-9]{4}")

_XSD_INTEGER = _XSD.integer
_XSD_DECIMAL = _XSD.decimal
_XSD_BOOLEAN = _XSD.boolean
_XSD_GYEAR = _XSD.gYear
_XSD_ANYURI = _XSD.anyURI
_RDF_TYPE = _RDF.type
_TRUE = Lit("true", _XSD_BOOLEAN)
_FALSE = Lit("false", _XSD_BOOLEAN)

# Prefixes written in Turtle and TriG, in this order; the data's own base comes last as kg:.
PREFIXES: tuple[tuple[str, str], ...] = (
    ("rdf", str(_ns.RDF)),
    ("rdfs", str(_ns.RDFS)),
    ("xsd", str(_ns.XSD)),
    ("schema", str(_ns.SDO)),
    ("prov", str(_ns.PROV)),
    ("skos", str(_ns.SKOS)),
    ("dcterms", str(_ns.DCTERMS)),
    ("oa", OA_NS),
    ("govkg", GOVKG_NS),
)
DATA_PREFIX = "kg"

ENTITY_TYPES = ("Organization", "Program", "Slogan", "Policy")

# ---------------------------------------------------------------- escaping

_NT_ESCAPES = {
    ord("\\"): "\\\\",
    ord('"'): '\\"',
    ord("\n"): "\\n",
    ord("\r"): "\\r",
    ord("\t"): "\\t",
}
# Other control characters as \\uXXXX: raptor 2.0 reads those but not the newer \\b and \\f.
_NT_ESCAPES.update({c: f"\\u{c:04X}" for c in [*range(0x20), 0x7F] if c not in _NT_ESCAPES})


_NEEDS_ESCAPE = re.compile(r'[\x00-\x1f\x7f"\\]')


def _quote(lexical: str) -> str:
    if _NEEDS_ESCAPE.search(lexical) is None:  # most text: skip the slower translate
        return '"' + lexical + '"'
    return '"' + lexical.translate(_NT_ESCAPES) + '"'


def _nt_term(term: Term) -> str:
    if isinstance(term, Lit):
        text = _quote(term.lexical)
        if term.lang:
            return f"{text}@{term.lang}"
        if term.datatype:
            return f"{text}^^<{term.datatype}>"
        return text
    return f"<{term}>"


# ---------------------------------------------------------------- the graph as statements


def _check_base(base_iri: str) -> str:
    if not isinstance(base_iri, str) or not _BASE_IRI.fullmatch(base_iri):
        raise RDFError(f"base IRI {base_iri!r} is not an absolute ASCII IRI ending in '/' or '#'")
    return base_iri


def _check_id(node_id: Any, what: str) -> str:
    if not isinstance(node_id, str) or not _NODE_ID.fullmatch(node_id):
        raise RDFError(f"{what} id {node_id!r} is not an ASCII-safe id matching [A-Za-z0-9_.-]+")
    return node_id


def _decimal_lexical(value: float) -> str:
    if not math.isfinite(value):
        raise RDFError(f"metric value {value!r} is not a finite number")
    text = format(Decimal(repr(value)), "f")
    return text if "." in text else text + ".0"


def _number(value: Any, where: str) -> Lit | None:
    if value is None:
        return None
    if isinstance(value, bool):
        raise RDFError(f"{where}: value {value!r} is a boolean, not a number")
    if isinstance(value, int):
        return Lit(str(value), _XSD_INTEGER)
    if isinstance(value, float):
        return Lit(_decimal_lexical(value), _XSD_DECIMAL)
    raise RDFError(f"{where}: value {value!r} is not a number")


def _integer(value: Any, where: str) -> Lit:
    if isinstance(value, bool) or not isinstance(value, int):
        raise RDFError(f"{where}: {value!r} is not an integer")
    return Lit(str(value), _XSD_INTEGER)


def _zh(text: Any) -> Lit | None:
    return Lit(str(text), None, "zh") if text not in (None, "") else None


def _plain(text: Any) -> Lit | None:
    return Lit(str(text)) if text not in (None, "") else None


class _Statements:
    """Collects unique triples, each with the named graphs (documents) it also belongs to.

    A triple is kept as its N-Triples line (``<s> <p> o`` without the final " ."), the one
    string every writer needs, mapped to a shared tuple of graph IRIs: a million triples
    then cost a string and a dict entry each, not tuples, literals and sets. An ``rdf:type``
    line is kept as ``<s> \\0<o>`` (NUL sorts before "<"), so that plain sorting puts a
    subject's types first, as Turtle readers expect; ``_collect`` restores the predicate.
    """

    def __init__(self, base_iri: str, watch: frozenset[str] = frozenset()) -> None:
        self.base = base_iri
        self.lines: dict[str, tuple[str, ...]] = {}
        # Node ids shaped like a minted IRI's local name; the ones minted here clash.
        self.watch = watch
        self.clash: set[str] = set()
        self._one: dict[str, tuple[str, ...]] = {}
        self._sentences: set[tuple[str, int, Lit | None]] = set()
        # A span is named by entities and again as relations' evidence: described once.
        self._mentions: dict[tuple[Any, ...], str] = {}

    def iri(self, local: str) -> str:
        return self.base + local

    def graph(self, iri: str) -> tuple[str, ...]:
        """The one-graph tuple of ``iri``, shared by every triple of that graph alone."""
        found = self._one.get(iri)
        if found is None:
            found = self._one[iri] = (iri,)
        return found

    def minted(self, local: str) -> None:
        if local in self.watch:
            self.clash.add(local)

    def add(self, s: str, p: str, o: Term | None, graphs: tuple[str, ...] = ()) -> None:
        if o is None:
            return
        if p == _RDF_TYPE:
            line = f"<{s}> \0<{o}>"
        elif o.__class__ is str:
            line = f"<{s}> <{p}> <{o}>"
        else:
            line = f"<{s}> <{p}> {_nt_term(o)}"  # type: ignore[arg-type]
        lines = self.lines
        known = lines.get(line)
        if known is None:
            lines[line] = graphs
        elif known is not graphs and known != graphs:
            extra = [g for g in graphs if g not in known]
            if extra:
                lines[line] = known + tuple(extra) if known else self._tuple(extra)

    def _tuple(self, graphs: list[str]) -> tuple[str, ...]:
        return self.graph(graphs[0]) if len(graphs) == 1 else tuple(graphs)

    def mention(
        self,
        doc: str,
        start: Any,
        end: Any,
        text: Any,
        sentence: Any,
        sentence_text: Any,
        where: str,
    ) -> str:
        """The IRI of the span ``doc[start:end]``, described with its sentence in doc's graph."""
        try:
            seen = (doc, start, end, text, sentence, sentence_text)
            known = self._mentions.get(seen)
        except TypeError:  # an unhashable value: checked and reported below
            seen, known = None, None
        if known is not None and start.__class__ is int and end.__class__ is int:
            return known
        _check_id(doc, f"{where}: document")
        if (
            isinstance(start, bool)
            or isinstance(end, bool)
            or not isinstance(start, int)
            or not isinstance(end, int)
            or not 0 <= start < end
        ):
            raise RDFError(f"{where}: span {start!r}:{end!r} is not 0 <= start < end")
        if not isinstance(text, str) or len(text) != end - start:
            raise RDFError(f"{where}: span text {text!r} does not have {end - start} characters")
        local = f"{doc}.m{start}-{end}"
        if self.watch:
            self.minted(local)
            self.minted(local + ".sel")
        m, sel, d = self.iri(local), self.iri(local + ".sel"), self.iri(doc)
        g = self.graph(d)
        add = self.add
        add(m, _RDF_TYPE, _GK.Mention, g)
        add(m, _OA.hasSource, d, g)
        add(m, _OA.hasSelector, sel, g)
        add(sel, _RDF_TYPE, _OA.TextPositionSelector, g)
        add(sel, _RDF_TYPE, _OA.TextQuoteSelector, g)
        add(sel, _OA.start, Lit(str(start), _XSD_INTEGER), g)
        add(sel, _OA.end, Lit(str(end), _XSD_INTEGER), g)
        add(sel, _OA.exact, Lit(text), g)
        if isinstance(sentence, int) and not isinstance(sentence, bool) and sentence >= 0:
            slocal = f"{doc}.s{sentence}"
            if self.watch:
                self.minted(slocal)
            s = self.iri(slocal)
            add(m, _GK.sentence, s, g)
            # A sentence holds many mentions: describe it once (same text, same triples).
            value = _plain(sentence_text)
            described = (doc, sentence, value)
            if described not in self._sentences:
                self._sentences.add(described)
                add(s, _RDF_TYPE, _GK.Sentence, g)
                add(s, _OA.hasSource, d, g)
                add(s, _GK.sentenceIndex, Lit(str(sentence), _XSD_INTEGER), g)
                add(s, _RDF.value, value, g)
        if seen is not None:
            self._mentions[seen] = m
        return m


def _node_docs(node: str, data: dict[str, Any]) -> tuple[str, ...]:
    kind = data.get("type")
    if kind == "Document":
        return (node,)
    if kind == "Metric":
        return (str(data["doc"]),) if data.get("doc") else ()
    return tuple(data.get("documents") or ())


def _document(st: _Statements, node: str, data: dict[str, Any]) -> None:
    d = st.iri(node)
    g = st.graph(d)
    where = f"document {node}"
    st.add(d, _RDF_TYPE, _GK.Document, g)
    st.add(d, _RDFS.label, _zh(data.get("label") or data.get("title") or node), g)
    st.add(d, _DCTERMS.title, _zh(data.get("title")), g)
    st.add(d, _DCTERMS.source, _plain(data.get("source")), g)
    st.add(d, _GK.sha256, _plain(data.get("sha256")), g)
    st.add(d, _DCTERMS.format, _plain(data.get("format")), g)
    st.add(d, _GK.jurisdiction, _plain(data.get("jurisdiction")), g)
    if data.get("chars") is not None:
        st.add(d, _GK.characterCount, _integer(data["chars"], where + " chars"), g)
    metadata = data.get("metadata") or {}
    if not isinstance(metadata, dict):
        raise RDFError(f"{where}: metadata {metadata!r} is not a mapping")
    if metadata:
        try:
            text = json.dumps(metadata, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
        except (TypeError, ValueError) as exc:
            raise RDFError(f"{where}: metadata is not JSON-serializable: {exc}") from exc
        st.add(d, _GK.metadata, Lit(text), g)
        year = str(metadata.get("year", ""))
        if _YEAR.fullmatch(year):
            st.add(d, _DCTERMS.date, Lit(year, _XSD_GYEAR), g)
        url = metadata.get("url")
        if isinstance(url, str) and re.fullmatch(r"https?://\S+", url):
            st.add(d, _SDO.url, Lit(url, _XSD_ANYURI), g)


def _entity(st: _Statements, node: str, data: dict[str, Any]) -> None:
    e = st.iri(node)
    kind = data["type"]
    docs = tuple(
        dict.fromkeys(
            st.iri(_check_id(doc, f"{kind} {node}: document"))
            for doc in data.get("documents") or ()
        )
    )
    if len(docs) == 1:
        docs = st.graph(docs[0])
    label = data.get("label") or data.get("key")
    if not label:
        raise RDFError(f"{kind} {node} has no label")
    st.add(e, _RDF_TYPE, str(NODE_CLASSES[kind]), docs)
    st.add(e, _RDFS.label, _zh(label), docs)
    st.add(e, _SKOS.prefLabel, _zh(label), docs)
    st.add(e, _SDO.name, _zh(label), docs)
    for alias in data.get("aliases") or ():
        if alias and alias != label:
            st.add(e, _SKOS.altLabel, _zh(alias))
    st.add(e, _GK.key, _plain(data.get("key") or label))
    st.add(e, _GK.scope, _plain(data.get("scope")))
    mentions = data.get("mentions") or ()
    count = data.get("mention_count", len(mentions))
    st.add(e, _GK.mentionCount, _integer(count, f"{kind} {node} mention_count"))
    for d in docs:
        st.add(e, _PROV.wasDerivedFrom, d, st.graph(d))
    for i, m in enumerate(mentions):
        where = f"{kind} {node} mention {i}"
        try:
            doc = m["doc"]
            iri = st.mention(
                doc,
                m["start"],
                m["end"],
                m["text"],
                m.get("sentence"),
                m.get("sentence_text"),
                where,
            )
        except KeyError as exc:
            raise RDFError(f"{where} lacks {exc}") from exc
        g = st.graph(st.iri(doc))
        st.add(e, _GK.mention, iri, g)
        st.add(e, _PROV.wasDerivedFrom, g[0], g)


def _metric(st: _Statements, node: str, data: dict[str, Any]) -> None:
    where = f"Metric {node}"
    doc = data.get("doc")
    if not doc:
        raise RDFError(f"{where} has no document")
    d = st.iri(_check_id(doc, where + ": document"))
    g = st.graph(d)
    x = st.iri(node)
    redacted = data.get("redacted")
    if not isinstance(redacted, bool):
        raise RDFError(f"{where}: redacted {redacted!r} is not a boolean")
    st.add(x, _RDF_TYPE, _GK.Metric, g)
    st.add(x, _RDFS.label, _zh(data.get("label") or data.get("text") or node), g)
    st.add(x, _SDO.value, _number(data.get("value"), where), g)
    st.add(x, _GK.redacted, _TRUE if redacted else _FALSE, g)
    st.add(x, _SDO.unitText, _plain(data.get("unit")), g)
    st.add(x, _GK.approximation, _plain(data.get("approximate")), g)
    st.add(x, _GK.measurePhrase, _plain(data.get("measure")), g)
    st.add(x, _PROV.wasDerivedFrom, d, g)
    try:
        m = st.mention(
            doc,
            data["start"],
            data["end"],
            data["text"],
            data.get("sentence"),
            data.get("sentence_text"),
            where,
        )
    except KeyError as exc:
        raise RDFError(f"{where} lacks {exc}") from exc
    st.add(x, _GK.mention, m, g)


def _relation(
    st: _Statements, G: nx.MultiDiGraph, u: str, v: str, key: Any, data: dict[str, Any]
) -> None:
    kind = data.get("type", key)
    where = f"edge {u} -[{kind}]-> {v}"
    prop = RELATION_PROPERTIES.get(kind)
    if prop is None:
        raise RDFError(f"{where}: unknown relation type {kind!r}")
    evidence = data.get("evidence") or ()
    docs = {ev.get("doc") for ev in evidence if ev.get("doc")}
    if not docs:
        # No evidence (a document's mentions, written_by): the documents its ends belong to.
        for n in (u, v):
            if G.nodes[n].get("type") in ("Document", "Metric"):
                docs.update(_node_docs(n, G.nodes[n]))
    graphs = tuple(st.iri(_check_id(doc, where + ": document")) for doc in sorted(docs))
    if len(graphs) == 1:
        graphs = st.graph(graphs[0])
    s, o, p = st.iri(u), st.iri(v), str(prop)
    st.add(s, p, o, graphs)
    local = f"rel-{kind}-{short_hash(u, kind, v, length=16)}"
    if st.watch:
        st.minted(local)
    r = st.iri(local)
    weak = kind == "co_occurs"
    st.add(r, _RDF_TYPE, str(GOVKG.CoOccurrence if weak else GOVKG.Relation), graphs)
    st.add(r, _RDF.subject, s, graphs)
    st.add(r, _RDF.predicate, p, graphs)
    st.add(r, _RDF.object, o, graphs)
    st.add(r, _GK.weak, _TRUE if weak else _FALSE, graphs)
    st.add(r, _GK.trigger, _plain(data.get("trigger")), graphs)
    if data.get("count") is not None:
        st.add(r, _GK.count, _integer(data["count"], where + " count"))
    for d in graphs:
        st.add(r, _PROV.wasDerivedFrom, d, st.graph(d))
    for i, ev in enumerate(evidence):
        w = f"{where} evidence {i}"
        try:
            doc = ev["doc"]
            m = st.mention(
                doc,
                ev["start"],
                ev["end"],
                ev["text"],
                ev.get("sentence"),
                ev.get("sentence_text"),
                w,
            )
        except KeyError as exc:
            raise RDFError(f"{w} lacks {exc}") from exc
        st.add(r, _GK.evidence, m, st.graph(st.iri(doc)))


def _base(G: nx.MultiDiGraph, base_iri: str | None) -> str:
    return _check_base(base_iri or G.graph.get("base_iri") or DEFAULT_BASE_IRI)


class _Sorted(NamedTuple):
    """The statements in the one order every writer follows, so that the bytes depend on the
    graph alone: triples by their N-Triples form (code point order; a subject's rdf:type
    first), and each named graph's triples in that same order."""

    lines: list[str]  # "<s> <p> o" of each triple of the default graph, without the final " ."
    graphs: dict[str, array[int]]  # named graph IRI (sorted keys) -> indexes into lines


# The graphs inside ``shared_statements`` blocks: id(G) -> {base IRI: statements}.
_SHARED: contextvars.ContextVar[Mapping[int, dict[str, _Sorted]]] = contextvars.ContextVar(
    "govkg_rdf_shared", default=MappingProxyType({})
)


@contextlib.contextmanager
def shared_statements(G: nx.MultiDiGraph) -> Iterator[None]:
    """Compute ``G``'s statements once for every writer called on it inside the block.

    Writing five RDF formats otherwise collects and sorts the same statements five times
    (most of the time each writer takes). ``G`` must not change inside the block. JSON-LD
    written after N-Quads in the block is made from that file, by pyoxigraph alone, and
    TriG after Turtle indents the Turtle file's statements as its default graph.
    """
    token = _SHARED.set({**_SHARED.get(), id(G): {}})
    written = _WRITTEN.set({**_WRITTEN.get(), id(G): {}})
    try:
        yield
    finally:
        _WRITTEN.reset(written)
        _SHARED.reset(token)


def _sorted(G: nx.MultiDiGraph, base: str) -> _Sorted:
    shared = _SHARED.get().get(id(G))
    if shared is None:
        return _collect(G, base)
    if base not in shared:
        shared[base] = _collect(G, base)
    return shared[base]


# The local names minted for mentions, selectors, sentences and relations.
_MINTED_SHAPE = re.compile(r".*\.(?:m[0-9]+-[0-9]+(?:\.sel)?|s[0-9]+)|rel-.*")
_TYPE_KEY = " \0<"
_TYPE_LINE = f" <{_RDF_TYPE}> <"


def _collect(G: nx.MultiDiGraph, base: str) -> _Sorted:
    watch = frozenset(n for n in G.nodes if isinstance(n, str) and _MINTED_SHAPE.fullmatch(n))
    st = _Statements(base, watch)
    for node, data in G.nodes(data=True):
        _check_id(node, "node")
        kind = data.get("type")
        if kind == "Document":
            _document(st, node, data)
        elif kind in ENTITY_TYPES:
            _entity(st, node, data)
        elif kind == "Metric":
            _metric(st, node, data)
        else:
            raise RDFError(f"node {node}: unknown type {kind!r}")
    for u, v, key, data in G.edges(keys=True, data=True):
        _relation(st, G, u, v, key, data)
    if st.clash:
        clash = min(st.clash)
        raise RDFError(f"node id {clash!r} collides with a mention, sentence or relation IRI")
    graphs_of = st.lines
    lines = sorted(graphs_of)
    buckets: dict[str, array[int]] = {}
    last: tuple[str, ...] = ()
    targets: list[array[int]] = []
    for i, line in enumerate(lines):
        graphs = graphs_of[line]
        if graphs is not last:
            last = graphs
            targets = []
            for g in graphs:
                bucket = buckets.get(g)
                if bucket is None:
                    bucket = buckets[g] = array("q")
                targets.append(bucket)
        for bucket in targets:
            bucket.append(i)
        if "\0" in line:  # the sort key of an rdf:type line back to the line itself
            lines[i] = line.replace(_TYPE_KEY, _TYPE_LINE, 1)
    del graphs_of, st
    return _Sorted(lines, {g: buckets[g] for g in sorted(buckets)})


_NT_UNESCAPE = re.compile(r'\\(?:u([0-9A-Fa-f]{4})|(["\\nrt]))')
_NT_UNESCAPED = {'"': '"', "\\": "\\", "n": "\n", "r": "\r", "t": "\t"}


def _unquote(quoted: str) -> str:
    body = quoted[1:-1]
    if "\\" not in body:
        return body
    return _NT_UNESCAPE.sub(
        lambda m: chr(int(m.group(1), 16)) if m.group(1) else _NT_UNESCAPED[m.group(2)], body
    )


def _split(line: str) -> tuple[str, str, str]:
    """``<s> <p> o`` -> (s, p, o in N-Triples form); IRIs hold neither spaces nor ``>``."""
    i = line.index("> <")
    j = line.index("> ", i + 3)
    return line[1:i], line[i + 3 : j], line[j + 2 :]


def _term(nt: str) -> Term:
    """An object in N-Triples form back to an IRI or a ``Lit``."""
    if nt[0] == "<":
        return nt[1:-1]
    if nt[-1] == ">":
        quoted, _, datatype = nt.rpartition("^^<")
        return Lit(_unquote(quoted), datatype[:-1])
    if nt[-1] == '"':
        return Lit(_unquote(nt))
    quoted, _, lang = nt.rpartition("@")
    return Lit(_unquote(quoted), None, lang)


def _triple(line: str) -> Triple:
    s, p, o = _split(line)
    return s, p, _term(o)


def _quads(data: _Sorted) -> Iterator[Quad]:
    for line in data.lines:
        yield ("", *_triple(line))
    for g, indexes in data.graphs.items():
        for i in indexes:
            yield (g, *_triple(data.lines[i]))


def statements(G: nx.MultiDiGraph, *, base_iri: str | None = None) -> list[Quad]:
    """Every statement of the graph as ``(graph, s, p, o)``; graph "" is the default graph.

    The default graph (the whole graph) first, then each document's graph; the order every
    writer follows.
    """
    return list(_quads(_sorted(G, _base(G, base_iri))))


# ---------------------------------------------------------------- rdflib


def to_rdf(G: nx.MultiDiGraph, *, base_iri: str | None = None) -> Dataset:
    """The graph as an rdflib ``Dataset``: the whole graph in the default graph, and each
    document's facts again in the named graph of the document's IRI."""
    base = _base(G, base_iri)
    quads = _quads(_sorted(G, base))
    ds = Dataset()
    for prefix, ns in (*PREFIXES, (DATA_PREFIX, base)):
        ds.bind(prefix, ns, override=True, replace=True)
    iris: dict[str, URIRef] = {}
    graphs: dict[str, Any] = {}

    def iri(value: str) -> URIRef:
        ref = iris.get(value)
        if ref is None:
            ref = iris[value] = URIRef(value)
        return ref

    default = ds.default_graph
    for g, s, p, o in quads:
        if isinstance(o, Lit):
            obj: Any = (
                Literal(o.lexical, lang=o.lang)
                if o.lang
                else Literal(o.lexical, datatype=iri(o.datatype) if o.datatype else None)
            )
        else:
            obj = iri(o)
        if g:
            target = graphs.get(g)
            if target is None:
                target = graphs[g] = ds.graph(iri(g))
        else:
            target = default
        target.add((iri(s), iri(p), obj))
    return ds


# ---------------------------------------------------------------- N-Triples and N-Quads


def _ntriples_chunks(G: nx.MultiDiGraph, base_iri: str | None) -> Iterator[str]:
    for line in _sorted(G, _base(G, base_iri)).lines:
        yield line + " .\n"


def _nquads_chunks(G: nx.MultiDiGraph, base_iri: str | None) -> Iterator[str]:
    base = _base(G, base_iri)
    for line in _sorted(G, base).lines:
        yield line + " .\n"
    yield from _named_nquads_chunks(G, base)


def _named_nquads_chunks(G: nx.MultiDiGraph, base: str) -> Iterator[str]:
    data = _sorted(G, base)
    lines = data.lines
    for g, indexes in data.graphs.items():
        tail = f" <{g}> .\n"
        for i in indexes:
            yield lines[i] + tail


def generate_ntriples(G: nx.MultiDiGraph, *, base_iri: str | None = None) -> str:
    """The default graph (the whole graph) as sorted N-Triples lines."""
    return "".join(_ntriples_chunks(G, base_iri))


def generate_nquads(G: nx.MultiDiGraph, *, base_iri: str | None = None) -> str:
    """The default graph then each document's named graph, as sorted N-Quads lines."""
    return "".join(_nquads_chunks(G, base_iri))


# ---------------------------------------------------------------- Turtle and TriG

_TURTLE_INTEGER = re.compile(r"[+-]?[0-9]+")
# Abbreviations remembered per writer: predicates, classes and graph names recur, most
# subjects and objects do not, and a corpus has millions of those.
_ABBREVIATIONS_KEPT = 1 << 16


class _Abbreviator:
    def __init__(self, base: str) -> None:
        self.prefixes = (*PREFIXES, (DATA_PREFIX, base))
        # Longest namespace first, so kg: under a base inside another namespace still wins.
        self._by_length = sorted(self.prefixes, key=lambda item: -len(item[1]))
        self._cache: dict[str, str] = {}
        # Most IRIs are the data's own: abbreviated directly when no longer namespace
        # lies under the base (the loop below would find kg: first anyway).
        self._base = base if not any(ns.startswith(base) for _, ns in PREFIXES) else None
        self._bare = {_XSD_INTEGER: _TURTLE_INTEGER, _XSD_DECIMAL: _TURTLE_DECIMAL}

    def header(self) -> str:
        return "".join(f"@prefix {p}: <{ns}> .\n" for p, ns in self.prefixes)

    def iri(self, value: str) -> str:
        base = self._base
        if base is not None and value.startswith(base):
            local = value[len(base) :]
            if _SAFE_LOCAL.fullmatch(local):
                return DATA_PREFIX + ":" + local
        short = self._cache.get(value)
        if short is None:
            short = f"<{value}>"
            for prefix, ns in self._by_length:
                if value.startswith(ns) and _SAFE_LOCAL.fullmatch(value[len(ns) :]):
                    short = f"{prefix}:{value[len(ns) :]}"
                    break
            if len(self._cache) < _ABBREVIATIONS_KEPT:
                self._cache[value] = short
        return short

    def nt_term(self, nt: str) -> str:
        """An object in N-Triples form as Turtle: IRIs abbreviated, numbers and booleans bare.

        The quoted lexical form is the same in both languages, so it is kept as it is.
        """
        last = nt[-1]
        if nt[0] == "<":
            return self.iri(nt[1:-1])
        if last != ">":  # a plain or language-tagged literal
            return nt
        quoted, _, datatype = nt.rpartition("^^<")
        datatype = datatype[:-1]
        lexical = quoted[1:-1]
        if datatype == _XSD_BOOLEAN:
            if lexical in ("true", "false"):
                return lexical
        else:
            bare = self._bare.get(datatype)
            if bare is not None and bare.fullmatch(lexical):
                return lexical
        return f"{quoted}^^{self.iri(datatype)}"


def _turtle_blocks(lines: Iterable[str], ab: _Abbreviator, indent: str) -> Iterator[str]:
    """Subject blocks ``s p o1 , o2 ; p2 o3 .`` from the lines of one graph in sorted order
    (sorting by the N-Triples line keeps each subject's, and each predicate's, together)."""
    subject = predicate = None
    term = ab.nt_term
    for line in lines:
        i = line.index("> <")
        j = line.index("> ", i + 3)
        s = line[1:i]
        p = line[i + 3 : j]
        obj = term(line[j + 2 :])
        if s != subject:
            if subject is not None:
                yield " .\n\n"
            yield f"{indent}{ab.iri(s)} {'a' if p == _RDF_TYPE else ab.iri(p)} {obj}"
            subject, predicate = s, p
        elif p != predicate:
            yield f" ;\n{indent}    {'a' if p == _RDF_TYPE else ab.iri(p)} {obj}"
            predicate = p
        else:
            yield f" ,\n{indent}        {obj}"
    if subject is not None:
        yield " .\n"


def _turtle_chunks(G: nx.MultiDiGraph, base_iri: str | None) -> Iterator[str]:
    base = _base(G, base_iri)
    ab = _Abbreviator(base)
    yield ab.header() + "\n"
    yield from _turtle_blocks(_sorted(G, base).lines, ab, "")


def _trig_chunks(G: nx.MultiDiGraph, base_iri: str | None) -> Iterator[str]:
    base = _base(G, base_iri)
    ab = _Abbreviator(base)
    # The default graph in bare braces: TriG 1.1 and raptor's older TriG reader both take it.
    yield ab.header() + "\n{\n"
    yield from _turtle_blocks(_sorted(G, base).lines, ab, "    ")
    yield "}\n"
    yield from _trig_named_chunks(G, base, ab)


def _trig_named_chunks(G: nx.MultiDiGraph, base: str, ab: _Abbreviator) -> Iterator[str]:
    """TriG's blocks of the documents' named graphs."""
    data = _sorted(G, base)
    lines = data.lines
    for g, indexes in data.graphs.items():
        yield f"\n{ab.iri(g)} {{\n"
        yield from _turtle_blocks((lines[i] for i in indexes), ab, "    ")
        yield "}\n"


def generate_turtle(G: nx.MultiDiGraph, *, base_iri: str | None = None) -> str:
    """The default graph (the whole graph) as Turtle, subjects in sorted order."""
    return "".join(_turtle_chunks(G, base_iri))


def generate_trig(G: nx.MultiDiGraph, *, base_iri: str | None = None) -> str:
    """The default graph, then one block per document's named graph, as TriG."""
    return "".join(_trig_chunks(G, base_iri))


# ---------------------------------------------------------------- JSON-LD


class _ChunkReader(io.RawIOBase):
    """A binary file whose bytes are ``chunks`` encoded, made as they are read."""

    def __init__(self, chunks: Iterator[str]) -> None:
        self._chunks = chunks
        self._pending = b""

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        while not self._pending:
            batch = list(itertools.islice(self._chunks, 4096))
            if not batch:
                return 0
            self._pending = "".join(batch).encode("utf-8")
        n = min(len(buffer), len(self._pending))
        buffer[:n] = self._pending[:n]
        self._pending = self._pending[n:]
        return n


def _oxigraph_quads(G: nx.MultiDiGraph, base_iri: str | None) -> Any:
    """The statements as pyoxigraph quads, in the writers' order: our N-Quads lines parsed by
    pyoxigraph as they are made (in Rust, far faster than building each term in Python)."""
    import pyoxigraph as ox

    reader = io.BufferedReader(_ChunkReader(_nquads_chunks(G, base_iri)), 1 << 20)
    # lenient: the lines are ours, their IRIs checked when they were made
    return ox.parse(reader, format=ox.RdfFormat.N_QUADS, lenient=True)


def generate_jsonld(G: nx.MultiDiGraph, *, base_iri: str | None = None) -> str:
    """The dataset as expanded JSON-LD (named graphs as ``@graph``), written by pyoxigraph."""
    import pyoxigraph as ox

    out = ox.serialize(_oxigraph_quads(G, base_iri), format=ox.RdfFormat.JSON_LD) or b""
    return out.decode("utf-8") + "\n"


# ---------------------------------------------------------------- ontology and shapes


def _package_text(name: str) -> str:
    try:
        return resources.files("govkg.graph").joinpath("ontology", name).read_text(encoding="utf-8")
    except OSError as exc:
        raise RDFError(f"package data ontology/{name} cannot be read: {exc}") from exc


def generate_ontology() -> str:
    """The govkg ontology (classes and properties labelled @zh and @en) as Turtle."""
    return _package_text("govkg.ttl")


def generate_shapes() -> str:
    """The SHACL shapes every graph govkg writes conforms to, as Turtle."""
    return _package_text("shapes.ttl")


# ---------------------------------------------------------------- writers


def _write(path: str | Path, chunks: Iterable[str]) -> None:
    """Stream ``chunks`` into ``path`` as UTF-8, atomically: a failure leaves the old file."""
    with atomic_write(path, "wb", encoding=None) as fh:
        _write_chunks(fh, path, chunks)


def _write_chunks(fh: Any, path: str | Path, chunks: Iterable[str]) -> None:
    batch: list[str] = []
    for chunk in chunks:
        batch.append(chunk)
        if len(batch) >= 8192:
            fh.write(_encode(path, "".join(batch)))
            batch.clear()
    fh.write(_encode(path, "".join(batch)))


def _encode(path: str | Path, text: str) -> bytes:
    try:
        return text.encode("utf-8")
    except UnicodeEncodeError as exc:
        raise RDFError(f"{path}: text cannot be encoded as UTF-8: {exc}") from exc


def write_ntriples(G: nx.MultiDiGraph, path: str | Path, *, base_iri: str | None = None) -> None:
    _write(path, _ntriples_chunks(G, base_iri))
    _remember(G, "ntriples", base_iri, path)


# The files written inside ``shared_statements`` blocks: id(G) -> {(format, base IRI): the
# file and its (size, mtime) then}. JSON-LD is the N-Quads' quads, read by pyoxigraph from
# there; TriG's default graph is the Turtle file's body, indented; N-Quads start with the
# N-Triples file.
_WRITTEN: contextvars.ContextVar[
    Mapping[int, dict[tuple[str, str], tuple[Path, tuple[int, int]]]]
] = contextvars.ContextVar("govkg_rdf_written", default=MappingProxyType({}))


def _remember(G: nx.MultiDiGraph, kind: str, base_iri: str | None, path: str | Path) -> None:
    written = _WRITTEN.get().get(id(G))
    stamp = _stamp(Path(path))
    if written is not None and stamp is not None:
        written[(kind, _base(G, base_iri))] = (Path(path), stamp)


def _recall(G: nx.MultiDiGraph, kind: str, base: str) -> Path | None:
    """The file of ``kind`` written for ``G`` in this block, if it is still as written."""
    found = _WRITTEN.get().get(id(G), {}).get((kind, base))
    if found is not None and _stamp(found[0]) == found[1]:
        return found[0]
    return None


def _stamp(path: Path) -> tuple[int, int] | None:
    try:
        info = path.stat()
    except OSError:
        return None
    return info.st_size, info.st_mtime_ns


def write_nquads(G: nx.MultiDiGraph, path: str | Path, *, base_iri: str | None = None) -> None:
    base = _base(G, base_iri)
    ntriples = _recall(G, "ntriples", base)
    if ntriples is None:
        _write(path, _nquads_chunks(G, base))
    else:  # the default graph's lines are the N-Triples file: copied, then the named graphs
        with atomic_write(path, "wb", encoding=None) as fh:
            with ntriples.open("rb") as src:
                shutil.copyfileobj(src, fh, 1 << 20)
            _write_chunks(fh, path, _named_nquads_chunks(G, base))
    _remember(G, "nquads", base, path)


def write_turtle(G: nx.MultiDiGraph, path: str | Path, *, base_iri: str | None = None) -> None:
    _write(path, _turtle_chunks(G, base_iri))
    _remember(G, "turtle", base_iri, path)


def write_trig(G: nx.MultiDiGraph, path: str | Path, *, base_iri: str | None = None) -> None:
    base = _base(G, base_iri)
    turtle = _recall(G, "turtle", base)
    if turtle is None:
        _write(path, _trig_chunks(G, base_iri))
        return
    ab = _Abbreviator(base)
    with atomic_write(path, "wb", encoding=None) as fh:
        fh.write(_encode(path, ab.header() + "\n{\n"))
        with turtle.open("rb") as body:
            for line in body:  # the prefixes, up to the blank line after them
                if line == b"\n":
                    break
            # Literals hold no raw line breaks (escaped), so every line is a line of the
            # statements: indented as _turtle_blocks indents them, blank lines kept bare.
            batch: list[bytes] = []
            for line in body:
                batch.append(line if line == b"\n" else b"    " + line)
                if len(batch) >= 8192:
                    fh.write(b"".join(batch))
                    batch.clear()
            fh.write(b"".join(batch))
        fh.write(b"}\n")
        _write_chunks(fh, path, _trig_named_chunks(G, base, ab))


def write_jsonld(G: nx.MultiDiGraph, path: str | Path, *, base_iri: str | None = None) -> None:
    import pyoxigraph as ox

    base = _base(G, base_iri)
    nquads = _recall(G, "nquads", base)
    if nquads is not None:
        quads = ox.parse(path=nquads, format=ox.RdfFormat.N_QUADS, lenient=True)
    else:
        quads = _oxigraph_quads(G, base)
    with atomic_write(path, "wb", encoding=None) as fh:
        ox.serialize(quads, fh, format=ox.RdfFormat.JSON_LD)
        fh.write(b"\n")


def write_ontology(path: str | Path) -> None:
    _write(path, (generate_ontology(),))


def write_shapes(path: str | Path) -> None:
    _write(path, (generate_shapes(),))
