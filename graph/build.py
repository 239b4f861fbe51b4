"""Builds the knowledge graph: extraction records in, one resolved NetworkX MultiDiGraph out."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

import networkx as nx
from govkg.extract import GovkgError, Record, normalize_name
from govkg.extract.model import ENTITY_TYPES, short_hash
from govkg.extract.relations import RELATION_TYPES
from govkg.extract.text import fold

from .iri import DEFAULT_BASE_IRI
from .resolve import Jurisdiction, document_jurisdiction, resolve_organization

NODE_TYPES = ("Document", "Organization", "Program", "Slogan", "Policy", "Metric")
#: Relation types whose direction carries no meaning: one edge per unordered pair.
SYMMETRIC = frozenset({"co_occurs"})
_ID_PREFIX = {"Organization": "org", "Program": "program", "Slogan": "slogan", "Policy": "policy"}
_SAFE_ID = re.compile(r"[A-Za-z0-9_.-]+")


class GraphBuildError(GovkgError):
    """A record cannot be put into the graph: the message names the document and the value."""


@lru_cache(maxsize=1 << 16)  # a corpus has tens of thousands of names; pinyin is slow
def slug(text: str, *, limit: int = 32) -> str:
    """An ASCII rendering of a name for ids: pinyin for Chinese, ``x`` for a redaction mark.

    >>> slug("区民政局")
    'quminzhengju'
    >>> slug("*市政协")
    'xshizhengxie'
    """
    from pypinyin import Style, lazy_pinyin

    parts = lazy_pinyin(text.replace("*", "x"), style=Style.NORMAL, errors="default")
    ascii_ = re.sub(r"[^A-Za-z0-9]+", "", "".join(parts)).lower()
    return ascii_[:limit] or "x"


def entity_node_id(entity_type: str, key: str, scope: str) -> str:
    """The node id of an entity: kind, pinyin of its key, and a hash of (kind, key, scope).

    >>> entity_node_id("Organization", "国务院", "")
    'org-guowuyuan-dea1f5387b'
    """
    return f"{_ID_PREFIX[entity_type]}-{slug(key)}-{short_hash(entity_type, key, scope, length=10)}"


@lru_cache(maxsize=65536)
def comparison_key(name: str) -> str:
    """The normalized name in simplified characters.

    The 1954 report's 全國人民代表大會 is the later reports' 全国人民代表大会. Every name is
    converted, not only those that look traditional: a short name like 憲法 has none of the
    characters a whole text is judged by.

    >>> comparison_key("“全國人民代表大會”"), comparison_key("憲法"), comparison_key("区民政局")
    ('全国人民代表大会', '宪法', '区民政局')
    """
    return fold(normalize_name(name), simplify=True)[0]


def metric_node_id(metric_id: str) -> str:
    """Metrics are mentions, one node each: ``doc-<hash>-m<start>-<end>`` -> ``metric-<hash>-m…``."""
    return "metric-" + metric_id.removeprefix("doc-")


@dataclass
class _Node:
    type: str
    key: str
    scope: str
    labels: Counter[str] = field(default_factory=Counter)
    aliases: set[str] = field(default_factory=set)
    mentions: dict[tuple[str, int, int], dict[str, Any]] = field(default_factory=dict)


@dataclass
class _Edge:
    trigger: Counter[str] = field(default_factory=Counter)
    evidence: dict[tuple[str, int, int, str], dict[str, Any]] = field(default_factory=dict)
    occurrences: int = 0


def _unpack(
    item: Record | Mapping[str, Any], texts: Mapping[str, str] | None
) -> tuple[dict[str, Any], str | None]:
    if isinstance(item, Record):
        return item.to_dict(), item.document.text
    if not isinstance(item, Mapping) or not isinstance(item.get("document"), Mapping):
        raise GraphBuildError(f"not an extraction record: {str(item)[:80]!r}")
    record = dict(item)
    doc_id = str(record["document"].get("id", ""))
    text = record.get("text") or record["document"].get("text")
    if text is None and texts is not None:
        text = texts.get(doc_id)
    return record, text


def build_graph(
    records: Iterable[Record | Mapping[str, Any]],
    *,
    base_iri: str = DEFAULT_BASE_IRI,
    texts: Mapping[str, str] | None = None,
    warnings: list[str] | None = None,
) -> nx.MultiDiGraph:
    """The knowledge graph of ``records`` (``Record`` objects or their ``to_dict()`` form).

    Entities are resolved across documents (see ``resolve``), relations become edges with
    their evidence merged, and each document gets a ``mentions`` edge to every entity and
    metric it names. The document text (a ``Record``'s own, a ``"text"`` key, or ``texts``
    by document id) gives each mention its ``sentence_text``; without it that stays "".
    Problems that do not stop the build are appended to ``warnings``. The result does not
    depend on the order of ``records``.
    """
    builder = GraphBuilder(texts=texts)
    for item in records:
        builder.add(item)
    return builder.graph(base_iri=base_iri, warnings=warnings)


class GraphBuilder:
    """Builds the graph from records given one at a time, keeping no record and no text.

    Each document's part is kept apart until ``graph()``, which merges the parts in document
    order, so the result is the same whatever order the records come in. A document given
    twice (the same text from two files) is built once, from the first source in sort order.
    """

    def __init__(self, *, texts: Mapping[str, str] | None = None) -> None:
        self._texts = texts
        self._parts: dict[str, tuple[str, _Builder]] = {}
        self._sources: dict[str, list[str]] = {}

    def add(self, item: Record | Mapping[str, Any], text: str | None = None) -> None:
        record, found = _unpack(item, self._texts)
        doc = record["document"]
        doc_id = str(doc.get("id", ""))
        if not _SAFE_ID.fullmatch(doc_id):
            raise GraphBuildError(
                f"{doc.get('source', '?')}: document id {doc_id!r} is not ASCII-safe"
            )
        source = str(doc.get("source", ""))
        self._sources.setdefault(doc_id, []).append(source)
        if doc_id in self._parts and self._parts[doc_id][0] <= source:
            return
        part = _Builder()
        part.add(record, text if text is not None else found)
        self._parts[doc_id] = (source, part)

    def graph(
        self, *, base_iri: str = DEFAULT_BASE_IRI, warnings: list[str] | None = None
    ) -> nx.MultiDiGraph:
        merged = _Builder()
        notes: list[str] = []
        for doc_id in sorted(self._parts):
            kept, part = self._parts[doc_id]
            merged.merge(part)
            notes += part.notes
            notes += [
                f"{s}: same text as {kept} ({doc_id}); built once"
                for s in sorted(self._sources[doc_id])
                if s != kept
            ]
        if warnings is not None:
            warnings.extend(notes)
        return merged.graph(base_iri)


class _Builder:
    """Nodes and edges of one document, or of several merged; ``graph()`` lays them out sorted."""

    def __init__(self) -> None:
        self.notes: list[str] = []
        self.documents: dict[str, dict[str, Any]] = {}
        self.nodes: dict[str, _Node] = {}
        self.metrics: dict[str, dict[str, Any]] = {}
        self.edges: dict[tuple[str, str, str], _Edge] = {}
        self.mention_counts: Counter[tuple[str, str]] = Counter()
        self.identities: dict[str, tuple[str, str, str]] = {}

    def merge(self, other: _Builder) -> None:
        self.documents.update(other.documents)
        self.metrics.update(other.metrics)
        self.mention_counts.update(other.mention_counts)
        for node_id, identity in other.identities.items():
            if self.identities.setdefault(node_id, identity) != identity:
                raise GraphBuildError(
                    f"node id {node_id} stands for both {self.identities[node_id]} and {identity}"
                )
        for node_id, node in other.nodes.items():
            mine = self.nodes.get(node_id)
            if mine is None:
                self.nodes[node_id] = mine = _Node(node.type, node.key, node.scope)
            mine.labels.update(node.labels)
            mine.aliases.update(node.aliases)
            mine.mentions.update(node.mentions)
        for key, edge in other.edges.items():
            ours = self.edges.get(key)
            if ours is None:
                self.edges[key] = ours = _Edge()
            ours.trigger.update(edge.trigger)
            ours.evidence.update(edge.evidence)
            ours.occurrences += edge.occurrences

    def add(self, record: dict[str, Any], text: str | None) -> None:
        doc = record["document"]
        doc_id = str(doc["id"])
        metadata = doc.get("metadata") or {}
        self.documents[doc_id] = {
            "type": "Document",
            "label": str(doc.get("title") or doc.get("source") or doc_id),
            "title": str(doc.get("title") or ""),
            "source": str(doc.get("source") or ""),
            "sha256": str(doc.get("sha256") or ""),
            "chars": int(doc.get("chars") or (len(text) if text else 0)),
            "format": str(doc.get("format") or ""),
            "metadata": dict(metadata) if isinstance(metadata, Mapping) else {},
        }
        if text is None:
            self.notes.append(
                f"{doc.get('source', doc_id)}: no document text given; sentence_text left empty"
            )
        sentences = record.get("sentences") or []
        jurisdiction = document_jurisdiction(doc, text)
        self.documents[doc_id]["jurisdiction"] = jurisdiction.key

        cache: dict[int, str] = {}

        def sentence_text(index: Any) -> str:
            """One string per sentence, shared by all its mentions."""
            if text is None or not isinstance(index, int) or not 0 <= index < len(sentences):
                return ""
            if index not in cache:
                cache[index] = text[sentences[index][0] : sentences[index][1]]
            return cache[index]

        ids: dict[str, str] = {doc_id: doc_id}
        for entity in record.get("entities") or []:
            node_id = self._add_entity(entity, doc_id, jurisdiction, sentence_text)
            ids[str(entity["id"])] = node_id
        for metric in record.get("metrics") or []:
            node_id = metric_node_id(str(metric["id"]))
            ids[str(metric["id"])] = node_id
            self.metrics[node_id] = {
                "type": "Metric",
                "label": str(metric["text"]),
                "value": metric.get("value"),
                "unit": str(metric.get("unit") or ""),
                "redacted": bool(metric.get("redacted")),
                "approximate": metric.get("approximate"),
                "measure": str(metric.get("measure") or ""),
                "doc": doc_id,
                "start": int(metric["start"]),
                "end": int(metric["end"]),
                "text": str(metric["text"]),
                "sentence": int(metric.get("sentence", -1)),
                "sentence_text": sentence_text(metric.get("sentence")),
            }
            self.mention_counts[(doc_id, node_id)] += 1
        for relation in record.get("relations") or []:
            self._add_relation(relation, doc_id, ids, sentence_text)

    def _add_entity(
        self, entity: Mapping[str, Any], doc_id: str, jurisdiction: Jurisdiction, sentence_text: Any
    ) -> str:
        etype = str(entity.get("type"))
        if etype not in ENTITY_TYPES:
            raise GraphBuildError(
                f"{doc_id}: entity {entity.get('id')!r} has unknown type {etype!r}"
            )
        name = str(entity["name"])
        written = comparison_key(name)
        if etype == "Organization":
            resolved = resolve_organization(written, jurisdiction)
            key, scope = resolved.key, resolved.scope
        else:
            key, scope = written, ""
        if not key:
            raise GraphBuildError(f"{doc_id}: entity {entity.get('id')!r} has an empty name")
        node_id = entity_node_id(etype, key, scope)
        identity = (etype, key, scope)
        if self.identities.setdefault(node_id, identity) != identity:
            raise GraphBuildError(
                f"node id {node_id} stands for both {self.identities[node_id]} and {identity}"
            )
        node = self.nodes.get(node_id)
        if node is None:
            node = self.nodes[node_id] = _Node(etype, key, scope)
        mentions = entity.get("mentions") or []
        # A name written out (区民政局 -> 重庆市渝中区民政局) or simplified is shown as its key.
        node.labels[key if key != normalize_name(name) else name] += max(1, len(mentions))
        node.aliases.add(name)
        node.aliases.update(str(a) for a in entity.get("aliases") or [])
        for m in mentions:
            node.aliases.add(str(m["text"]))
            node.mentions[(doc_id, int(m["start"]), int(m["end"]))] = {
                "doc": doc_id,
                "start": int(m["start"]),
                "end": int(m["end"]),
                "text": str(m["text"]),
                "sentence": int(m.get("sentence", -1)),
                "sentence_text": sentence_text(m.get("sentence")),
            }
        self.mention_counts[(doc_id, node_id)] += len(mentions)
        return node_id

    def _add_relation(
        self, relation: Mapping[str, Any], doc_id: str, ids: Mapping[str, str], sentence_text: Any
    ) -> None:
        rtype = str(relation.get("type"))
        if rtype not in RELATION_TYPES:
            self.notes.append(
                f"{doc_id}: relation {relation.get('id')!r} has unknown type {rtype!r}; skipped"
            )
            return
        source = ids.get(str(relation.get("source")))
        target = ids.get(str(relation.get("target")))
        if source is None or target is None:
            missing = relation.get("source") if source is None else relation.get("target")
            self.notes.append(
                f"{doc_id}: relation {relation.get('id')!r} points at unknown {missing!r}; skipped"
            )
            return
        if source == target:
            return  # two mentions resolved into one node: no edge from a node to itself
        if rtype in SYMMETRIC and target < source:
            source, target = target, source
        edge = self.edges.setdefault((source, target, rtype), _Edge())
        edge.occurrences += 1
        if relation.get("trigger"):
            edge.trigger[str(relation["trigger"])] += 1
        for ev in relation.get("evidence") or []:
            item = {
                "doc": doc_id,
                "start": int(ev["start"]),
                "end": int(ev["end"]),
                "text": str(ev["text"]),
                "sentence": int(ev.get("sentence", -1)),
                "sentence_text": sentence_text(ev.get("sentence")),
            }
            edge.evidence[(doc_id, item["start"], item["end"], item["text"])] = item

    def graph(self, base_iri: str) -> nx.MultiDiGraph:
        G = nx.MultiDiGraph()
        G.graph["base_iri"] = base_iri
        G.graph["documents"] = sorted(self.documents)
        attrs: dict[str, dict[str, Any]] = dict(self.documents)
        for node_id, node in self.nodes.items():
            label = min(node.labels, key=lambda s: (-node.labels[s], s))
            mentions = [node.mentions[k] for k in sorted(node.mentions)]
            attrs[node_id] = {
                "type": node.type,
                "label": label,
                "key": node.key,
                "aliases": sorted(node.aliases - {label}),
                "scope": node.scope,
                "mentions": mentions,
                "documents": sorted({m["doc"] for m in mentions}),
                "mention_count": len(mentions),
            }
        attrs.update(self.metrics)
        for node_id in sorted(attrs):
            G.add_node(node_id, **attrs[node_id])
        edges: dict[tuple[str, str, str], dict[str, Any]] = {}
        for (doc_id, node_id), count in self.mention_counts.items():
            if count:
                edges[(doc_id, node_id, "mentions")] = {
                    "type": "mentions",
                    "weak": False,
                    "evidence": [],
                    "count": count,
                    "trigger": None,
                }
        for (u, v, rtype), edge in self.edges.items():
            evidence = [edge.evidence[k] for k in sorted(edge.evidence)]
            trigger = (
                min(edge.trigger, key=lambda s: (-edge.trigger[s], s)) if edge.trigger else None
            )
            edges[(u, v, rtype)] = {
                "type": rtype,
                "weak": rtype == "co_occurs",
                "evidence": evidence,
                "count": max(len(evidence), edge.occurrences),
                "trigger": trigger,
            }
        for u, v, key in sorted(edges):
            G.add_edge(u, v, key=key, **edges[(u, v, key)])
        return G
