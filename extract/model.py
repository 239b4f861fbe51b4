"""The values extraction produces: documents, sentences, sections, mentions, metrics, records."""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass, field
from typing import Any

from .errors import OffsetError

ENTITY_TYPES = ("Organization", "Program", "Slogan", "Policy")

_QUOTES = re.compile("[\u201c\u201d\u2018\u2019\"'\u300c\u300d\u300e\u300f\u300a\u300b]")
_REDACTED = re.compile(r"[*\u00d7\uff0a]+|(?<![A-Za-z])[xX]+(?![A-Za-z])")
_SPACE = re.compile(r"\s+")


def normalize_name(name: str) -> str:
    """The comparison key of a name, as ANNOTATION.md defines it.

    >>> normalize_name("“千元礼葬”惠民 项目")
    '千元礼葬惠民项目'
    >>> normalize_name("**市政协")
    '*市政协'
    >>> normalize_name("《党章》")
    '党章'
    """
    s = unicodedata.normalize("NFKC", name or "")
    s = _SPACE.sub("", s)
    s = _QUOTES.sub("", s)
    return _REDACTED.sub("*", s)


def short_hash(*parts: str, length: int = 12) -> str:
    """A stable hexadecimal digest of the parts, for ids that survive reruns."""
    h = hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()
    return h[:length]


@dataclass(frozen=True, slots=True)
class Sentence:
    index: int
    start: int
    end: int
    section: int | None = None


@dataclass(frozen=True, slots=True)
class Section:
    """A headed part of a document: 一、 is level 1, （一） level 2, 一是 / 1. level 3."""

    index: int
    start: int
    end: int
    heading: str
    level: int
    parent: int | None = None


@dataclass(frozen=True, slots=True)
class Mention:
    """A span of the document that names an entity.

    ``name`` is the entity name the extractor proposes for the span (the quoted core of a
    program, the full form of an organization the text abbreviates); ``text`` is always
    exactly ``document_text[start:end]``.
    """

    start: int
    end: int
    text: str
    label: str
    name: str
    extractor: str
    sentence: int = -1

    @classmethod
    def from_span(
        cls,
        document_text: str,
        start: int,
        end: int,
        label: str,
        *,
        name: str | None = None,
        extractor: str,
        sentence: int = -1,
    ) -> Mention:
        if not (0 <= start < end <= len(document_text)):
            raise OffsetError(f"span {start}:{end} outside a text of {len(document_text)} characters")
        if label not in ENTITY_TYPES:
            raise ValueError(f"unknown entity type {label!r}")
        text = document_text[start:end]
        return cls(start, end, text, label, name if name is not None else text, extractor, sentence)

    def with_sentence(self, sentence: int) -> Mention:
        return Mention(self.start, self.end, self.text, self.label, self.name, self.extractor, sentence)

    def check(self, document_text: str) -> None:
        if document_text[self.start : self.end] != self.text:
            raise OffsetError(f"mention {self.text!r} does not match the text at {self.start}:{self.end}")


@dataclass(frozen=True, slots=True)
class Metric:
    """A reported quantity: ``text`` is the number through its unit, as written."""

    start: int
    end: int
    text: str
    value: float | int | None
    unit: str
    redacted: bool
    approximate: str | None
    measure: str
    extractor: str = "metrics"
    sentence: int = -1
    measure_start: int | None = None
    measure_end: int | None = None

    def with_sentence(self, sentence: int) -> Metric:
        return Metric(
            self.start, self.end, self.text, self.value, self.unit, self.redacted,
            self.approximate, self.measure, self.extractor, sentence,
            self.measure_start, self.measure_end,
        )

    def check(self, document_text: str) -> None:
        if document_text[self.start : self.end] != self.text:
            raise OffsetError(f"metric {self.text!r} does not match the text at {self.start}:{self.end}")


@dataclass(slots=True)
class SourceDocument:
    """A document as read: decoded text (BOM removed, line endings as ``\\n``) and where it came from."""

    source: str
    text: str
    title: str = ""
    format: str = "txt"
    metadata: dict[str, Any] = field(default_factory=dict)

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.text.encode("utf-8")).hexdigest()

    @property
    def id(self) -> str:
        return "doc-" + self.sha256[:16]


@dataclass(slots=True)
class Entity:
    """One thing a document speaks of, with every mention of it in that document."""

    id: str
    type: str
    name: str
    aliases: list[str]
    mentions: list[Mention]

    def to_dict(self, sentences: list[Sentence]) -> dict[str, Any]:
        return {
            "id": self.id,
            "type": self.type,
            "name": self.name,
            "aliases": list(self.aliases),
            "mentions": [
                {
                    "start": m.start,
                    "end": m.end,
                    "text": m.text,
                    "sentence": m.sentence,
                    "section": _section_of(m.sentence, sentences),
                    "extractor": m.extractor,
                }
                for m in self.mentions
            ],
        }


def _section_of(sentence: int, sentences: list[Sentence]) -> int | None:
    if 0 <= sentence < len(sentences):
        return sentences[sentence].section
    return None


@dataclass(slots=True)
class Record:
    """Everything extracted from one document: the contract other tools read."""

    document: SourceDocument
    sentences: list[Sentence]
    sections: list[Section]
    entities: list[Entity]
    metrics: list[Metric]
    relations: list[dict[str, Any]] = field(default_factory=list)
    extractor_version: str = ""

    def to_dict(self) -> dict[str, Any]:
        doc = self.document
        doc_id = doc.id  # hashes the whole text: once, not once per metric id
        document: dict[str, Any] = {
            "id": doc_id,
            "source": doc.source,
            "title": doc.title,
            "sha256": doc.sha256,
            "chars": len(doc.text),
            "format": doc.format,
        }
        if doc.metadata:
            document["metadata"] = doc.metadata
        return {
            "document": document,
            "extractor_version": self.extractor_version,
            "sentences": [[s.start, s.end, s.section] for s in self.sentences],
            "sections": [
                {"index": s.index, "start": s.start, "end": s.end, "heading": s.heading,
                 "level": s.level, "parent": s.parent}
                for s in self.sections
            ],
            "entities": [e.to_dict(self.sentences) for e in self.entities],
            "metrics": [
                {
                    "id": f"{doc_id}-m{m.start}-{m.end}",
                    "start": m.start,
                    "end": m.end,
                    "text": m.text,
                    "value": m.value,
                    "unit": m.unit,
                    "redacted": m.redacted,
                    "approximate": m.approximate,
                    "measure": m.measure,
                    "measure_start": m.measure_start,
                    "measure_end": m.measure_end,
                    "sentence": m.sentence,
                    "section": _section_of(m.sentence, self.sentences),
                }
                for m in self.metrics
            ],
            "relations": list(self.relations),
        }
