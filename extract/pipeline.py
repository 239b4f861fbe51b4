"""Runs the extractors over one document and gathers their mentions into the document's record."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator

from . import concepts, metrics, organizations, policies
from .batch import code_digest
from .model import Entity, Mention, Metric, Record, SourceDocument, normalize_name, short_hash
from .relations import extract_relations
from .text import Doc

__version__ = "0.1.0"

MentionExtractor = Callable[[Doc], Iterator[Mention]]

#: The entity extractors, in the order their mentions are gathered.
ENTITY_EXTRACTORS: tuple[tuple[str, MentionExtractor], ...] = (
    ("organizations", organizations.organizations),
    ("concepts", concepts.concepts),
    ("policies", policies.policies),
)


def extractor_version() -> str:
    """Changes whenever the extraction code or any lexicon changes."""
    return f"{__version__}+{code_digest()}"


def extract_record(source: SourceDocument) -> Record:
    """The record of one document: its sentences, sections, entities and metrics."""
    doc = Doc.from_text(source.text)
    mentions: list[Mention] = []
    for _, extractor in ENTITY_EXTRACTORS:
        mentions.extend(extractor(doc))
    found_metrics = [m.with_sentence(doc.sentence_at(m.start)) for m in metrics.metrics(doc)]
    for m in mentions:
        m.check(doc.text)
    for q in found_metrics:
        q.check(doc.text)
    mentions = [m.with_sentence(doc.sentence_at(m.start)) for m in mentions]
    doc_id = source.id  # a hash of the whole text: computed once
    entities = group_entities(doc_id, mentions)
    found_metrics.sort(key=lambda q: (q.start, q.end))
    relations = extract_relations(doc, entities, found_metrics, doc_id=doc_id, title=source.title)
    return Record(source, doc.sentences, doc.sections, entities, found_metrics, relations,
                  extractor_version=extractor_version())


def group_entities(doc_id: str, mentions: Iterable[Mention]) -> list[Entity]:
    """One entity per (type, normalized name); aliases are the other forms the text uses."""
    groups: dict[tuple[str, str], list[Mention]] = {}
    seen: set[tuple[int, int, str]] = set()
    for m in sorted(mentions, key=lambda m: (m.start, m.end, m.label)):
        if (m.start, m.end, m.label) in seen:
            continue
        seen.add((m.start, m.end, m.label))
        groups.setdefault((m.label, normalize_name(m.name)), []).append(m)
    entities: list[Entity] = []
    for (label, key), group in groups.items():
        name = group[0].name
        aliases: list[str] = []
        for m in group:
            if normalize_name(m.text) != key and m.text not in aliases:
                aliases.append(m.text)
        eid = f"{doc_id}-{label.lower()}-{short_hash(label, key)}"
        entities.append(Entity(eid, label, name, aliases, group))
    entities.sort(key=lambda e: (e.mentions[0].start, e.type))
    return entities
