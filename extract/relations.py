"""Typed relations between one document's entities and metrics, each with the spans that support it.

The vocabulary is closed (GRAPH.md): ``runs``, ``measures``, ``leads``, ``oversees``,
``reports_to``, ``partners_with``, ``issues``, ``implements``, ``part_of``, ``written_by``, and
``co_occurs`` for entities that only share a sentence (weak, labelled so). Rules read the clause
around each mention: the cue words live in ``lexicons/relation_cues.json`` and the sub-body
suffixes that make ``part_of`` in ``lexicons/relation_subbody_suffixes.txt``.

Who acts in a clause is its explicit subject (an organization at the clause start, or the agent
after 经/由/被), else the subject carried from the sentence's earlier clauses, else the
document's own body when the report speaks in the first person. The own body is the
organization the text calls 我局/本局, one the title names, or the one the opening shows as the
author's (a body that opens the report as its subject, 我代表国务院, 民政局局长, 机关全体干部职工,
推动民政事业), never one the opening puts above the author (在区委领导下); when none is found, no
edge is given to an unknown author. A cue counts only as a whole word (jieba, via ``segment``).

>>> from govkg.extract.model import Entity, Mention
>>> text = "我局会同区委组织部出台《关于加强社区工作的通知》。"
>>> def entity(eid, label, start, end, name=None):
...     m = Mention.from_span(text, start, end, label, name=name, extractor="example", sentence=0)
...     return Entity(eid, label, m.name, [], [m])
>>> found = extract_relations(Doc.from_text(text), [
...     entity("o1", "Organization", 0, 2, name="区民政局"), entity("o2", "Organization", 4, 9),
...     entity("p1", "Policy", 12, 23)], [], doc_id="d")
>>> for r in found:
...     print(r["type"], r["source"], r["target"], r["trigger"])
written_by d o1 None
partners_with o1 o2 会同
issues o1 p1 出台
co_occurs o2 p1 None

"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import cache, lru_cache
from typing import Any

from .lexicon import load_table, load_words
from .model import Entity, Metric, short_hash
from .segment import blocks, tokenize
from .text import Doc

#: The closed vocabulary, in the order relations of one place are listed.
RELATION_TYPES = (
    "written_by",
    "part_of",
    "leads",
    "oversees",
    "reports_to",
    "partners_with",
    "issues",
    "implements",
    "runs",
    "measures",
    "co_occurs",
)
#: Relations that carry no typed meaning: two entities only share a sentence.
WEAK_TYPES = frozenset({"co_occurs"})
#: Relations with no direction: scored and merged as unordered pairs.
SYMMETRIC_TYPES = frozenset({"partners_with", "co_occurs"})

_AUTHOR = "\x00author"  # the document's own body, resolved late
_PLACE = "\x00place"  # a place (我区, 全市) acts: no organization to credit
_CLAUSE_BREAK = frozenset("，,；;：:。！？!?\n")
_OPEN = {"《": "》", "“": "”", "「": "」", "『": "』", "‘": "’"}
_FIRST_PERSON = re.compile(r"(?:我们|本人|我)(?![区市县省镇乡国])")  # not 我区, 我市: a place
_ZAI = re.compile("在")  # opens a frame: 在A的领导下
# every character _clauses reacts to: the rest of a sentence is skipped in C
_CLAUSE_MARKS = re.compile(
    "[" + "".join(map(re.escape, sorted(_CLAUSE_BREAK | set(_OPEN) | set(_OPEN.values())))) + "]"
)
_MASK = "□"
_ONLOOKING = "参观|观看|收看|观摩|观展|旁听"
_RANKING = ("首", "第一", "唯一", "仅有", "最", "前列", "率先", "领先")
_BARE_PREDICATE = re.compile(
    r"\s*(?:目前|现已|现)?(?:正在|正|已经|已|均已|全部)?(?:积极|有序|稳步|全面|加快|扎实)?"
    r"(推进|推动|实施|开展|建设|运行|运营|落实)(?:中|之中)?"
)
_JURISDICTION_PREFIX = re.compile(
    r"^(?:[*＊xX×]+|[\u4e00-\u9fff]{0,6}?(?:自治区|自治州|自治县|省|市|区|县|镇|乡|州|旗))"
)
_KIND_SUFFIX = re.compile(r"(?:局|厅|委员会|委|办公室|办|中心|部|院|处|所|站)$")
# what may stand before 在…领导下 when the author or the next clause's subject is the one led
_FRAME_LEAD_IN = re.compile(
    r"(?:我们|本人|我)?(?:也|还|将|要|会|能|继续|始终|一直|仍|仍然|坚持|都|均|必须|一定|"
    r"进一步|更加|并|同时|现|现在|正)*"
)
#: Kinds of body a report uses bare for its own body (局党委 is the party committee of 我局).
_BARE_KINDS = ("机关", "局", "厅", "委", "院", "办", "处", "所", "中心")
_STAFF_OF = re.compile(
    r"(?:(?<![\u4e00-\u9fff])|(?<=[在全本我]))(机关|局|厅|院|办|中心)(?:全体|各级)?"
    r"(?:干部职工|党员干部|干部|职工)"
)
# what may stand between two members of one list: 区委、区政府, 《A》《B》, “A”“B”, 区人大及其常委会
_LIST_GAP = re.compile(r"[》《“”\"'、，,和及其与以同]{0,4}")
_HEADING = re.compile(
    r"\s*(?:[一二三四五六七八九十]+[是、．.]|[（(][一二三四五六七八九十\d]+[）)]|\d{1,2}[.．、)）])"
)
_TIME = re.compile(
    r"\s*(?:[\d*＊xX×一二三四五六七八九十〇零]+(?:年度?|月份?|日)(?:以来|来|底|初|中|末)?"
    r"|[今去前同当]年(?:以来|来)?|年内|期间)"
)


@dataclass(frozen=True, slots=True)
class _Node:
    """One mention of an entity or one metric, as the rules see it."""

    id: str
    type: str
    start: int
    end: int
    text: str
    sentence: int


@dataclass(slots=True)
class _Found:
    type: str
    source: str
    target: str
    trigger: str | None
    evidence: list[_Node] = field(default_factory=list)


@lru_cache(maxsize=1)
def _cues() -> dict[str, Any]:
    table = load_table("relation_cues")
    return {k: v for k, v in table.items() if not k.startswith("_")}


@cache
def _cue_pattern(key: str) -> re.Pattern[str]:
    words = sorted(_cues()[key], key=lambda w: (-len(w), w))
    return re.compile("|".join(re.escape(w) for w in words))


@cache
def _cue_pattern_overlapping(key: str) -> re.Pattern[str]:
    """Every cue of ``key`` at every position (the longest there), overlapping ones too."""
    return re.compile(f"(?=({_cue_pattern(key).pattern}))")


@lru_cache(maxsize=1)
def _part_of_gap() -> re.Pattern[str]:
    """What stands between a body and its part: 组成部门, 派驻, 直属的单位."""
    words = "|".join(
        map(re.escape, sorted(_cues()["part_of_structure"], key=len, reverse=True))
    )
    return re.compile(f"的?(?:{words})(?:的)?(?:单位|机构|部门)?")


@lru_cache(maxsize=1)
def _place_subjects() -> tuple[str, ...]:
    return tuple(_cues()["place_subjects"])


@lru_cache(maxsize=1)
def _self_reference() -> tuple[str, ...]:
    return tuple(_cues()["self_reference"])


@lru_cache(maxsize=1)
def _subbody_suffixes() -> tuple[str, ...]:
    return tuple(sorted(load_words("relation_subbody_suffixes"), key=lambda w: (-len(w), w)))


def _field_core(name: str) -> str:
    """The field a body works in, from its name: 区民政局 -> 民政, 市司法局 -> 司法 ('' if none)."""
    core = name
    while (shorter := _JURISDICTION_PREFIX.sub("", core, count=1)) != core and shorter:
        core = shorter
    core = _KIND_SUFFIX.sub("", core)
    return core if len(core) >= 2 and core != name else ""


def metric_id(doc_id: str, metric: Metric) -> str:
    """The id a metric has in the record (``Record.to_dict``), which ``measures`` points from."""
    return f"{doc_id}-m{metric.start}-{metric.end}"


def relation_id(doc_id: str, rtype: str, source: str, target: str) -> str:
    """Stable id of a relation: the same document, type and ends give the same id."""
    return f"{doc_id}-rel-{short_hash(doc_id, rtype, source, target, length=16)}"


def extract_relations(
    doc: Doc,
    entities: Sequence[Entity],
    metrics: Sequence[Metric],
    *,
    doc_id: str,
    title: str = "",
) -> list[dict[str, Any]]:
    """The record's ``relations``: typed ones with their cue, then the weak ``co_occurs``."""
    return _Extractor(doc, entities, metrics, doc_id, title).run()


class _WordBounds:
    """Offsets where a word starts or ends in one sentence: jieba's tokens and given edges.

    Segmenting is the cost, and a cue is checked at a few places of a sentence: the sentence
    is segmented block by block (``segment.blocks``), only the blocks asked about, which gives
    the very tokens that segmenting it whole does.
    """

    def __init__(self, view: str, start: int, end: int, edges: set[int]) -> None:
        self.view = view
        self.edges = frozenset(edges)
        spans = blocks(view[start:end])
        self.starts = [start + s for s, _ in spans]
        self.ends = [start + e for _, e in spans]
        self.cuts: dict[int, frozenset[int]] = {}

    def __contains__(self, pos: int) -> bool:
        if pos in self.edges:
            return True
        i = bisect.bisect_right(self.starts, pos) - 1
        if i < 0 or pos > self.ends[i]:
            return False  # outside the sentence
        bstart, bend = self.starts[i], self.ends[i]
        if pos in (bstart, bend):
            return True
        cuts = self.cuts.get(bstart)
        if cuts is None:
            cuts = frozenset(bstart + t.end for t in tokenize(self.view[bstart:bend]))
            self.cuts[bstart] = cuts
        return pos in cuts


class _Extractor:
    """Holds one document's mentions while the rules run over its sentences."""

    def __init__(
        self,
        doc: Doc,
        entities: Sequence[Entity],
        metrics: Sequence[Metric],
        doc_id: str,
        title: str,
    ) -> None:
        self.doc = doc
        self.doc_id = doc_id
        self.title = title
        # matching reads the folded text where it aligns with the original, else the original
        self.view = (
            doc.norm
            if getattr(doc, "_map", None) is None and len(doc.norm) == len(doc.text)
            else doc.text
        )
        self.entities = {e.id: e for e in entities}
        self.found: dict[tuple[str, str, str], _Found] = {}
        nodes: list[_Node] = []
        n = len(doc.text)
        for e in entities:
            for m in e.mentions:
                if 0 <= m.start < m.end <= n:
                    nodes.append(
                        _Node(
                            e.id,
                            e.type,
                            m.start,
                            m.end,
                            doc.text[m.start : m.end],
                            doc.sentence_at(m.start),
                        )
                    )
        for q in metrics:
            if 0 <= q.start < q.end <= n:
                nodes.append(
                    _Node(
                        metric_id(doc_id, q),
                        "Metric",
                        q.start,
                        q.end,
                        doc.text[q.start : q.end],
                        doc.sentence_at(q.start),
                    )
                )
        nodes.sort(key=lambda x: (x.start, -x.end, x.type, x.id))
        self.nodes = nodes
        self.metrics = {metric_id(doc_id, q): q for q in metrics}
        self.by_sentence: dict[int, list[_Node]] = {}
        for x in nodes:
            self.by_sentence.setdefault(x.sentence, []).append(x)
        self.author: str | None = None
        self.author_evidence: _Node | None = None
        self._carried_out: set[_Node] = set()  # programs a cue says are carried out
        self._bounds: dict[int, _WordBounds] = {}

    # ---------------------------------------------------------------- driver
    def run(self) -> list[dict[str, Any]]:
        self._find_author()
        if self.author is not None:
            self._add(
                "written_by",
                self.doc_id,
                self.author,
                None,
                [self.author_evidence] if self.author_evidence else [],
            )
        self._part_of_by_name()
        for sentence in self.doc.sentences:
            self._sentence(sentence.index, sentence.start, sentence.end)
        self._co_occurs()
        return self._emit()

    def _add(
        self,
        rtype: str,
        source: str | None,
        target: str | None,
        trigger: str | None,
        evidence: Iterable[_Node | None],
    ) -> None:
        if not source or not target or source == target:
            return
        if source.startswith("\x00") or target.startswith("\x00"):
            return
        if rtype in SYMMETRIC_TYPES and target < source:
            source, target = target, source
        key = (rtype, source, target)
        found = self.found.get(key)
        if found is None:
            found = self.found[key] = _Found(rtype, source, target, trigger)
        elif found.trigger is None and trigger:
            found.trigger = trigger
        found.evidence.extend(x for x in evidence if x is not None)

    def _emit(self) -> list[dict[str, Any]]:
        order = {t: i for i, t in enumerate(RELATION_TYPES)}
        out: list[tuple[tuple[Any, ...], dict[str, Any]]] = []
        for f in self.found.values():
            spans = sorted({(x.start, x.end, x.sentence) for x in f.evidence})
            evidence = [
                {"start": s, "end": e, "text": self.doc.text[s:e], "sentence": i}
                for s, e, i in spans
            ]
            first = spans[0][0] if spans else -1
            rel: dict[str, Any] = {
                "id": relation_id(self.doc_id, f.type, f.source, f.target),
                "type": f.type,
                "source": f.source,
                "target": f.target,
                "evidence": evidence,
                "trigger": f.trigger,
                "extractor": "relations",
            }
            if f.type in WEAK_TYPES:
                rel["weak"] = True
            out.append(((f.type in WEAK_TYPES, first, order[f.type], f.source, f.target), rel))
        out.sort(key=lambda pair: pair[0])
        return [rel for _, rel in out]

    # ---------------------------------------------------------------- the author's own body
    def _find_author(self) -> None:
        cues = _cues()
        selfref = set(cues["self_reference"])
        orgs = [e for e in self.entities.values() if e.type == "Organization" and e.mentions]
        # 1. the body the text calls 我局 / 本局
        best: tuple[int, int, str] | None = None
        for e in orgs:
            hits = [m for m in e.mentions if m.text.strip() in selfref]
            if hits and (best is None or (-len(hits), hits[0].start) < best[:2]):
                best = (-len(hits), hits[0].start, e.id)
        if best is not None:
            self._set_author(best[2])
            return
        # 2. a body the title names
        if self.title:
            named = [
                (len(form), e.id)
                for e in orgs
                for form in (e.name, *e.aliases)
                if len(form) >= 2 and form in self.title
            ]
            if named:
                self._set_author(max(named)[1])
                return
        # 3. the opening: a body that opens the report as its subject, that the speaker speaks for
        #    (我代表国务院), or whose post or staff the author names (民政局局长, 机关全体干部职工)
        sentences = self.doc.sentences[:3]
        positions = _cue_pattern("author_positions")
        for sentence in sentences:
            for x in self.by_sentence.get(sentence.index, []):
                if x.type != "Organization":
                    continue
                start = self._clause_body_start(
                    self._clause_start(x.start, sentence.start), x.start
                )
                after = self.view[x.end : min(x.end + 12, sentence.end)]
                if (
                    sentence.index == self.doc.sentences[0].index
                    and start == x.start
                    and not after.startswith("的")
                ):
                    self._set_author(x.id, x)
                    return
                m = positions.match(after.lstrip("的全体各"))
                speaks_for = re.search(
                    r"我(?:现在|谨)?代表(?:中华人民共和国)?$",
                    self.view[max(0, x.start - 12) : x.start],
                )
                if speaks_for or (m and not after.startswith("的领导")):
                    self._set_author(x.id, x)
                    return
        # 4. the opening speaks of the author's staff by the bare kind of body (在机关全体干部职工的
        #    支持下, 全局干部职工): the one body of that kind the document names
        for sentence in sentences:
            for m in _STAFF_OF.finditer(self.view, sentence.start, sentence.end):
                if any(
                    x.start <= m.start(1) < x.end
                    for x in self.by_sentence.get(sentence.index, [])
                    if x.type == "Organization"
                ):
                    continue
                kind = m.group(1)
                same_kind = sorted(
                    (-len(e.mentions), e.mentions[0].start, e.id)
                    for e in orgs
                    if e.mentions and e.name.endswith(kind) and e.name != kind
                )
                if same_kind:
                    self._set_author(same_kind[0][2])
                    return
        # 5. the opening names the author's own field of work (推动民政事业高质量发展): the body of
        #    that field the document names, unless the opening puts it above the author (在…领导下)
        opening = self.doc.sentences[0] if self.doc.sentences else None
        if opening is not None:
            first = self.view[opening.start : opening.end]
            above = {
                x.id for x in self.by_sentence.get(opening.index, []) if x.type == "Organization"
            }
            fields = sorted(
                (-len(e.mentions), e.mentions[0].start, e.id)
                for e in orgs
                if e.mentions
                and e.id not in above
                and (core := _field_core(e.name))
                and re.search(re.escape(core) + "(?:事业|工作|系统)", first)
            )
            if fields:
                self._set_author(fields[0][2])
                return
        # 6. the text says 我局 but the extractor did not tie it to a body: the body of that kind
        text = self.view
        heads = {w[1:] for w in selfref if w in text and w.startswith(("我", "本"))}
        candidates = sorted(
            (
                (-len(e.mentions), e.mentions[0].start, e.id)
                for e in orgs
                if e.mentions and any(e.name.endswith(h) for h in heads)
            ),
        )
        if candidates:
            self._set_author(candidates[0][2])

    def _set_author(self, eid: str, node: _Node | None = None) -> None:
        self.author = eid
        if node is None:
            entity = self.entities[eid]
            m = entity.mentions[0]
            node = _Node(
                eid,
                entity.type,
                m.start,
                m.end,
                self.doc.text[m.start : m.end],
                self.doc.sentence_at(m.start),
            )
        self.author_evidence = node

    # ---------------------------------------------------------------- part_of from names
    def _part_of_by_name(self) -> None:
        orgs = [e for e in self.entities.values() if e.type == "Organization" and e.mentions]
        suffixes = _subbody_suffixes()
        for a in orgs:
            a_forms = {f for f in (a.name, *a.aliases) if f}
            for b in orgs:
                if a.id == b.id:
                    continue
                b_forms = {f for f in (b.name, *b.aliases) if len(f) >= 2}
                if any(
                    af.startswith(bf) and af[len(bf) :] in suffixes
                    for af in a_forms
                    for bf in b_forms
                ):
                    self._add("part_of", a.id, b.id, None, self._pair_evidence(a, b))
            # 局党委, 机关党组: the bare kind of body stands for the author's own body of that kind
            author = self.entities.get(self.author or "")
            if author is not None and author.id != a.id:
                for af in a_forms:
                    for head in _BARE_KINDS:
                        rest = af[len(head) :]
                        if (
                            af.startswith(head)
                            and rest in suffixes
                            and author.name.endswith(head)
                            and author.name != head
                        ):
                            self._add(
                                "part_of", a.id, author.id, None, self._pair_evidence(a, author)
                            )

    def _pair_evidence(self, a: Entity, b: Entity) -> list[_Node]:
        def node(e: Entity, m: Any) -> _Node:
            return _Node(
                e.id,
                e.type,
                m.start,
                m.end,
                self.doc.text[m.start : m.end],
                self.doc.sentence_at(m.start),
            )

        b_sentences = {self.doc.sentence_at(m.start): m for m in b.mentions}
        for m in a.mentions:
            s = self.doc.sentence_at(m.start)
            if s in b_sentences:
                return [node(a, m), node(b, b_sentences[s])]
        return [node(a, a.mentions[0])]

    # ---------------------------------------------------------------- clauses
    def _clause_start(self, pos: int, floor: int) -> int:
        """Start of the clause holding ``pos``: after the last break outside quotes and 《》."""
        depth: list[str] = []
        start = floor
        view = self.view
        for i in range(floor, pos):
            ch = view[i]
            if depth and ch == depth[-1]:
                depth.pop()
            elif ch in _OPEN:
                depth.append(_OPEN[ch])
            elif not depth and ch in _CLAUSE_BREAK:
                start = i + 1
        return start

    def _clauses(self, start: int, end: int) -> list[tuple[int, int]]:
        spans: list[tuple[int, int]] = []
        depth: list[str] = []
        cstart = start
        for found in _CLAUSE_MARKS.finditer(self.view, start, end):
            i = found.start()
            ch = found.group()
            if depth and ch == depth[-1]:
                depth.pop()
            elif ch in _OPEN:
                depth.append(_OPEN[ch])
            elif not depth and ch in _CLAUSE_BREAK:
                if i > cstart:
                    spans.append((cstart, i))
                cstart = i + 1
        if end > cstart:
            spans.append((cstart, end))
        return spans

    def _clause_body_start(self, cstart: int, limit: int) -> int:
        """Skip headings (一是, （二）), times (*年, 今年以来) and adverbs at a clause start."""
        view = self.view
        prefixes = _cue_pattern("clause_prefixes")
        pos = cstart
        while pos < limit:
            for pattern in (_HEADING, _TIME, prefixes):
                m = pattern.match(view, pos, limit)
                if m and m.end() > pos:
                    pos = m.end()
                    break
            else:
                if view[pos] in " \t\u3000":
                    pos += 1
                    continue
                break
        return pos

    def _list_head(self, x: _Node, nodes: Sequence[_Node]) -> int:
        """Start of the list ``x`` belongs to (区委、区政府 -> 区委's start)."""
        start = x.start
        changed = True
        while changed:
            changed = False
            for y in nodes:
                if y.end <= start and y.type == x.type and start - y.end <= 4:
                    if _LIST_GAP.fullmatch(self.view[y.end : start]):
                        start = y.start
                        changed = True
        return start

    def _preceding_word(self, pos: int, floor: int) -> str:
        return self.view[max(floor, pos - 4) : pos]

    def _is_framed(
        self, x: _Node, nodes: Sequence[_Node], floor: int, words: Sequence[str]
    ) -> bool:
        """True when one of ``words`` (a preposition or verb) governs the mention's list."""
        head = self._list_head(x, nodes)
        return self._preceding_word(head, floor).endswith(tuple(words))

    # ---------------------------------------------------------------- one sentence
    def _sentence(self, index: int, start: int, end: int) -> None:
        all_nodes = self.by_sentence.get(index, [])
        if not all_nodes:
            return  # every rule relates mentions of the sentence: none, nothing to relate
        named = [x for x in all_nodes if x.type != "Metric"]
        # a mention nested in another entity's name is part of that name, not an actor
        outer = [
            x
            for x in named
            if not any(
                y is not x
                and y.start <= x.start
                and x.end <= y.end
                and (y.end - y.start) > (x.end - x.start)
                for y in named
            )
        ]
        nested_owner = {}
        for x in named:
            if x not in outer and x.type == "Organization":
                for y in outer:
                    # 机关党委“三会一课”制度 names its owner; 市政协委员党史学习教育 names members
                    if (
                        y.start == x.start
                        and y.end > x.end
                        and y.type == "Program"
                        and self.view[x.end : x.end + 1] in ("“", "《", "的", "「")
                    ):
                        nested_owner[y] = x
        metrics = [x for x in all_nodes if x.type == "Metric"]
        nodes = outer
        topic: str | None = _AUTHOR if self.author else None
        explicit_topic: _Node | None = None
        clauses = self._clauses(start, end)
        topics: list[tuple[int, _Node | None]] = []
        masked = self._masked(start, end, all_nodes)
        self._possessives(nodes, nested_owner)
        self._part_of_structure(nodes)
        for c_index, (cs, ce) in enumerate(clauses):
            in_clause = [x for x in nodes if cs <= x.start < ce]
            subject, subject_node = self._clause_subject(cs, ce, in_clause)
            if subject is not None:
                topic = subject
                explicit_topic = subject_node
            elif cs > start and self.view[cs - 1] in "；;":
                # after a semicolon a new item begins: back to the report's own voice, and a
                # number no longer counts the earlier subject
                topic = _AUTHOR if self.author else None
                explicit_topic = None
            if not in_clause:  # the rules below relate the clause's own mentions
                topics.append((cs, explicit_topic))
                continue
            agents = [
                (x.end, x)
                for x in in_clause
                if x.type == "Organization"
                and self._preceding_word(self._list_head(x, in_clause), cs).endswith(
                    tuple(_cues()["agents_before"])
                )
            ]
            ctx = _Clause(
                cs,
                ce,
                in_clause,
                topic,
                agents,
                masked,
                start,
                self._possessed,
                topic_node=explicit_topic,
                sentence_nodes=nodes,
                next_span=clauses[c_index + 1] if c_index + 1 < len(clauses) else None,
            )
            topics.append((cs, explicit_topic))
            next_clause = ctx.next_span
            self._frames(ctx, next_clause)
            self._oversight(ctx)
            self._reports(ctx)
            self._partners(ctx)
            self._policies(ctx)
            self._programs(ctx)
        self._measures(start, end, clauses, nodes, metrics, topics)

    def _masked(self, start: int, end: int, nodes: Sequence[_Node]) -> str:
        """The view with every mention blanked, so that cues inside names are not read."""
        chars = list(self.view[start:end])
        for x in nodes:
            for i in range(max(x.start, start), min(x.end, end)):
                chars[i - start] = _MASK
        return "".join(chars)

    def _clause_subject(
        self, cs: int, ce: int, in_clause: Sequence[_Node]
    ) -> tuple[str | None, _Node | None]:
        body = self._clause_body_start(cs, ce)
        for x in in_clause:
            if x.start == body and x.type == "Organization":
                after = self.view[x.end : x.end + 1]
                if after in ("的", "“", "《") or self._followed_by_entity(x, in_clause):
                    return None, None
                return x.id, x
        rest = self.view[body:ce]
        places = _place_subjects()
        place = (
            next((w for w in places if rest.startswith(w)), None)
            if rest.startswith(places)
            else None
        )
        # 全市首批…, 全省率先…: the place ranks what follows, it does not act
        if place is not None and not rest[len(place) :].startswith(_RANKING):
            return _PLACE, None
        if rest.startswith(_self_reference()) or _FIRST_PERSON.match(rest):
            return _AUTHOR, None
        return None, None

    def _followed_by_entity(self, x: _Node, nodes: Sequence[_Node]) -> bool:
        return any(y.start == x.end and y.type in ("Program", "Policy") for y in nodes)

    def _actor(self, ctx: _Clause, pos: int) -> tuple[str | None, _Node | None]:
        """Who acts at ``pos``: an agent (经/由/被 X) before it, else the clause's topic."""
        agents = [(end, x) for end, x in ctx.agents if end <= pos]
        if agents:
            x = max(agents, key=lambda pair: pair[0])[1]
            return x.id, x
        if ctx.topic == _AUTHOR:
            return self.author, None
        if ctx.topic == _PLACE or ctx.topic is None:
            return None, None
        return ctx.topic, ctx.topic_node

    def _cue_before(
        self, ctx: _Clause, pos: int, key: str, *, reach: int = 40
    ) -> tuple[int, int, str] | None:
        """The nearest cue of ``key`` that ends before ``pos`` in the clause (masked text)."""
        lo = max(ctx.start, pos - reach)
        text = ctx.masked[lo - ctx.offset : pos - ctx.offset]
        best: tuple[int, int, str] | None = None
        bounds = self._word_bounds(ctx)
        for m in _cue_pattern_overlapping(key).finditer(text):
            cand = (lo + m.start(), lo + m.start() + len(m.group(1)), m.group(1))
            # the cue must end where a word ends (政制发展 holds 制发, 实施方案 holds 实施: no
            # verb there) and start where one starts, or be the tail of a word (认真学习)
            if cand[1] not in bounds or (
                cand[0] not in bounds and any(b in bounds for b in range(cand[0] + 1, cand[1]))
            ):
                continue
            if best is None or cand[1] > best[1] or (cand[1] == best[1] and cand[0] < best[0]):
                best = cand
        if best is None:
            # 规范开展低保、医疗救助、…、民政惠民济困保: a verb governs every item of the list
            # it opens, however long the list of short items is
            parts = ctx.masked[ctx.start - ctx.offset : pos - ctx.offset].split("、")
            if len(parts) > 2 and all(0 < len(p) <= 12 for p in parts[1:-1]) and parts[-1] == "":
                head_end = ctx.start + len(parts[0])
                if head_end - ctx.start > 0 and head_end < lo:
                    return self._cue_before(ctx, head_end, key, reach=reach)
        return best

    def _word_bounds(self, ctx: _Clause) -> _WordBounds:
        """Offsets where a word starts or ends in the sentence (jieba tokens, mention edges)."""
        key = ctx.offset
        if key not in self._bounds:
            end = ctx.offset + len(ctx.masked)
            edges = {ctx.offset, end}
            for x in self.nodes:
                if ctx.offset <= x.start < end:
                    edges.update((x.start, x.end))
            self._bounds[key] = _WordBounds(self.view, ctx.offset, end, edges)
        return self._bounds[key]

    def _after_list(self, ctx: _Clause, x: _Node) -> int:
        """End of the list of same-type mentions that ``x`` opens or continues."""
        end = x.end
        changed = True
        while changed:
            changed = False
            for y in ctx.nodes:
                if y.start >= end and y.type == x.type and y.start - end <= 4:
                    if _LIST_GAP.fullmatch(self.view[end : y.start]):
                        end = y.end
                        changed = True
        return end

    # ---------------------------------------------------------------- rules
    def _frames(self, ctx: _Clause, next_clause: tuple[int, int] | None) -> None:
        """在A的领导下 (leads), 在A的监督指导下 (oversees): A over whoever the clause is about."""
        view = self.view
        for m in _ZAI.finditer(ctx.masked, ctx.start - ctx.offset, ctx.end - ctx.offset):
            p = ctx.offset + m.start()
            if p < ctx.start or p >= ctx.end:
                continue
            close = view.find("下", p + 1, ctx.end)
            if close < 0:
                continue
            inner = [
                x for x in ctx.nodes if p < x.start and x.end <= close and x.type == "Organization"
            ]
            if not inner:
                continue
            frames = _cue_pattern("leads_frames"), _cue_pattern("oversees_frames")
            target, target_node = self._frame_target(ctx, p, next_clause)
            if target is None:
                continue
            for x in inner:
                seg = ctx.masked[x.end - ctx.offset : close - ctx.offset]
                # the first frame word after the mention governs it
                best: tuple[int, str, str] | None = None
                for rtype, pattern in zip(("leads", "oversees"), frames, strict=True):
                    fm = pattern.search(seg)
                    if fm and (best is None or fm.start() < best[0]):
                        best = (fm.start(), rtype, fm.group())
                if best is None:
                    continue
                # 关心支持 / 支持 between the mention and the frame word belong to another frame
                gap = seg[: best[0]]
                if re.search("支持|帮助|关心|关怀|配合", gap) and "和" not in gap:
                    continue
                self._add(best[1], x.id, target, best[2], [x, target_node])

    def _frame_target(
        self, ctx: _Clause, p: int, next_clause: tuple[int, int] | None
    ) -> tuple[str | None, _Node | None]:
        body = self._clause_body_start(ctx.start, p)
        before = [
            x for x in ctx.nodes if x.start < p and x.type == "Organization" and x.start == body
        ]
        if before:
            return before[0].id, before[0]
        lead_in = self.view[body:p]
        if lead_in and not _FRAME_LEAD_IN.fullmatch(lead_in):
            return (
                None,
                None,
            )  # 农业合作化运动在…领导下: the clause is about something that is no body
        if re.match("(?:我们|本人|我)(?![区市县省镇乡国])", lead_in):
            return self.author, None
        close = self.view.find("下", p + 1, ctx.end)
        if 0 <= close < ctx.end - 1:
            rest = close + 1
            nodes = [x for x in ctx.nodes if x.start >= rest]
            subject, node = self._clause_subject(rest, ctx.end, nodes)
            if subject == _AUTHOR:
                return self.author, None
            if subject == _PLACE:
                return None, None
            if subject is not None:
                return subject, node
            return self._actor(ctx, p)
        if next_clause is not None:
            ns, ne = next_clause
            nodes = [x for x in self.nodes if ns <= x.start < ne and x.type != "Metric"]
            subject, node = self._clause_subject(ns, ne, nodes)
            if subject == _AUTHOR:
                return self.author, None
            if subject is not None and subject != _PLACE:
                return subject, node
            if subject == _PLACE:
                return None, None
        return self._actor(ctx, p)

    def _oversight(self, ctx: _Clause) -> None:
        cues = _cues()
        frames = _cue_pattern("oversees_frames")
        befores = tuple(cues["oversees_before"])
        afters = tuple(cues["oversees_after"])
        bodies = tuple(cues["oversight_body_suffixes"])
        for x in ctx.nodes:
            if x.type != "Organization":
                continue
            head = self._list_head(x, ctx.nodes)
            pre = self.view[max(ctx.start, head - 6) : head]
            last = self._after_list(ctx, x)
            post = ctx.masked[last - ctx.offset : ctx.end - ctx.offset]
            trigger: str | None = None
            if pre.endswith("对"):
                # 市纪委对我局进行专项检查: the clause's actor oversees the body after 对
                fm = frames.match(
                    re.sub("^(?:的)?(?:工作)?(?:进行|开展|实施)?了?(?:专项|全面)?", "", post)
                )
                if fm:
                    overseer, onode = self._actor(ctx, head)
                    if overseer is not None and overseer != x.id:
                        self._add("oversees", overseer, x.id, fm.group(), [onode, x])
                continue
            if pre.endswith(befores):
                fm = frames.match(post.lstrip("的各等"))
                if fm:
                    trigger = fm.group()
            if trigger is None and post.startswith(afters):
                trigger = next(
                    a for a in sorted(afters, key=len, reverse=True) if post.startswith(a)
                )
            if (
                trigger is None
                and self.entities[x.id].name.endswith(bodies)
                and post.startswith("反馈")
            ):
                trigger = "反馈"
            if trigger is None:
                continue
            target, node = self._actor(ctx, head)
            if target == x.id:
                target, node = (
                    (self.author, None)
                    if ctx.topic == _AUTHOR or ctx.topic == x.id
                    else (None, None)
                )
            self._add("oversees", x.id, target, trigger, [x, node])

    def _reports(self, ctx: _Clause) -> None:
        reports = _cue_pattern("reports")
        for x in ctx.nodes:
            if x.type != "Organization":
                continue
            head = self._list_head(x, ctx.nodes)
            if not self.view[max(ctx.start, head - 1) : head] == "向":
                continue
            last = self._after_list(ctx, x)
            post = ctx.masked[last - ctx.offset : min(ctx.end, last + 12) - ctx.offset]
            m = reports.search(post)
            if not m or m.start() > 8 or re.search("推荐|提出|反映|争取|申请", post[: m.start()]):
                continue
            source, node = self._representative(ctx, head)
            self._add("reports_to", source, x.id, m.group(), [node, x])

    def _representative(self, ctx: _Clause, pos: int) -> tuple[str | None, _Node | None]:
        """代表X ... : X acts; else whoever acts at ``pos``."""
        for x in ctx.sentence_nodes:
            if (
                x.type == "Organization"
                and x.end <= pos
                and self.view[max(0, x.start - 2) : x.start] == "代表"
            ):
                return x.id, x
        return self._actor(ctx, pos)

    def _partners(self, ctx: _Clause) -> None:
        cues = _cues()
        befores = _cue_pattern("partners_before")
        with_yu = tuple(cues["partners_with_yu"])
        for x in ctx.nodes:
            if x.type != "Organization":
                continue
            head = self._list_head(x, ctx.nodes)
            pre = ctx.masked[max(ctx.start, head - 4) - ctx.offset : head - ctx.offset]
            last = self._after_list(ctx, x)
            post = ctx.masked[last - ctx.offset : ctx.end - ctx.offset]
            # 区民政局与区财政局联合印发…: two bodies joined by 与 act together
            partner = next(
                (
                    y
                    for y in ctx.nodes
                    if y.type == "Organization"
                    and y.end < x.start
                    and self.view[y.end : x.start] in ("与", "同")
                ),
                None,
            )
            if partner is not None and post.startswith(with_yu):
                word = next(w for w in sorted(with_yu, key=len, reverse=True) if post.startswith(w))
                self._add("partners_with", partner.id, x.id, word, [partner, x])
                continue
            trigger = None
            ending = [m for m in befores.finditer(pre) if m.end() == len(pre)]
            if ending and ending[-1].group() != "配合":
                trigger = ending[-1].group()
            elif pre.endswith(("与", "同", "和")) and post.startswith(with_yu):
                # only when 与 opens the clause's predicate: 与A结对, not 专委会与A联合
                before_yu = head - 1
                body = self._clause_body_start(ctx.start, before_yu)
                prev = [y for y in ctx.nodes if y.end == before_yu and y.type == "Organization"]
                if body != before_yu and not prev:
                    continue
                trigger = next(
                    w for w in sorted(with_yu, key=len, reverse=True) if post.startswith(w)
                )
                if prev:
                    self._add("partners_with", prev[0].id, x.id, trigger, [prev[0], x])
                    continue
            elif re.search("(?:协助|配合|会同|联合)$", pre) and post.startswith(("联合", "共同")):
                trigger = post[:2]
            if trigger is None:
                continue
            source, node = self._actor(ctx, head)
            self._add("partners_with", source, x.id, trigger, [node, x])

    def _policies(self, ctx: _Clause) -> None:
        issues_after = tuple(_cues()["issues_after"])
        implements_after = tuple(_cues()["implements_after"])
        for x in ctx.nodes:
            if x.type != "Policy":
                continue
            head = self._list_head(x, ctx.nodes)
            last = self._after_list(ctx, x)
            post = ctx.masked[last - ctx.offset : ctx.end - ctx.offset]
            # 《…》经市质监局批准发布: the body after 经/由 issued it
            issuer = None
            for y in ctx.nodes:
                if (
                    y.type == "Organization"
                    and last <= y.start <= last + 4
                    and re.fullmatch("[》”]?(?:等文件)?(?:经过?|由)", self.view[last : y.start])
                ):
                    tail = ctx.masked[y.end - ctx.offset : min(ctx.end, y.end + 6) - ctx.offset]
                    if any(w in tail for w in issues_after):
                        issuer = y
            if issuer is not None:
                trigger = next(
                    w for w in issues_after if w in self.view[issuer.end : issuer.end + 6]
                )
                self._add("issues", issuer.id, x.id, trigger, [issuer, x])
                continue
            best: tuple[int, str, str] | None = None
            for rtype, key in (("issues", "issues"), ("implements", "implements")):
                cue = self._cue_before(ctx, head, key, reach=50)
                if cue and (best is None or cue[1] > best[0]):
                    best = (cue[1], rtype, cue[2])
            trail = re.match(
                r"^[等及和、]*[^，；。□]{0,8}?(" + "|".join(map(re.escape, implements_after)) + ")",
                post,
            )
            if trail:
                best = (last, "implements", trail.group(1).lstrip("的"))
            elif best is None:
                tm = re.match(
                    r"^[等]?(?:文件)?(" + "|".join(map(re.escape, issues_after)) + ")", post
                )
                if tm:
                    best = (last, "issues", tm.group(1))
            if best is None:
                continue
            source, node = self._actor(ctx, head)
            self._add(best[1], source, x.id, best[2], [node, x])
            # 区民政局与区财政局联合印发《…》: the partner issues it too
            if best[1] == "issues":
                for y in ctx.nodes:
                    if (
                        y.type == "Organization"
                        and y.end <= head
                        and self.view[y.end : y.end + 2] in ("联合", "共同")
                    ):
                        self._add("issues", y.id, x.id, best[2], [y, x])

    def _programs(self, ctx: _Clause) -> None:
        runs_after = tuple(_cues()["runs_after"])
        for x in ctx.nodes:
            if x.type != "Program" or x in ctx.possessed:
                continue
            head = self._list_head(x, ctx.nodes)
            cue = self._cue_before(ctx, head, "runs", reach=50)
            trigger = cue[2] if cue else None
            if cue is not None and re.search(
                _ONLOOKING, ctx.masked[cue[1] - ctx.offset : head - ctx.offset]
            ):
                continue  # 组织参观“清廉好家风”主题展览: visited, not run
            if trigger is None:
                last = self._after_list(ctx, x)
                post = ctx.masked[last - ctx.offset : ctx.end - ctx.offset]
                m = re.match(
                    r"^[^，；。□]{0,8}?(?:正在|正|已|全面|有序|积极|稳步|深入|在全[市区县省国])?("
                    + "|".join(map(re.escape, runs_after))
                    + ")",
                    post,
                )
                if m:
                    trigger = m.group(1)
            if trigger is None and ctx.next_span is not None and x is ctx.nodes[-1]:
                # “…试点建设项目”落户我区，正在积极推动: a clause of only a verb goes on
                # with the program the clause before named
                ns, ne = ctx.next_span
                if self.view[ns - 1 : ns] in "，," and not any(
                    ns <= y.start < ne for y in self.nodes
                ):
                    m = _BARE_PREDICATE.fullmatch(self.view[ns:ne])
                    if m:
                        trigger = m.group(1)
            if trigger is None:
                continue
            self._carried_out.add(x)
            source, node = self._actor(ctx, head)
            self._add("runs", source, x.id, trigger, [node, x])
            # 省政协联合开展…, 与xx市政协共同举办…: the partner runs it too
            for y in ctx.nodes:
                if (
                    y.type == "Organization"
                    and y.end <= head
                    and self.view[y.end : y.end + 2] in ("联合", "共同")
                ):
                    self._add("runs", y.id, x.id, trigger, [y, x])

    def _possessives(self, nodes: Sequence[_Node], nested_owner: dict[_Node, _Node]) -> None:
        """区人大“以需求为导向…计划”, 机关党委“三会一课”制度: the body owns and runs the program."""
        self._possessed: set[_Node] = set()
        for y, x in nested_owner.items():
            self._add("runs", x.id, y.id, None, [x, y])
            self._possessed.add(y)
        for x in nodes:
            if x.type != "Organization":
                continue
            # 中共中央和国务院《关于…的决定》: the bodies that head a policy's title issued it
            for y in nodes:
                if (
                    y.type == "Policy"
                    and x.end <= y.start <= x.end + 2
                    and re.fullmatch("的?《?", self.view[x.end : y.start])
                ):
                    head = self._list_head(x, nodes)
                    for z in nodes:
                        if z.type == "Organization" and head <= z.start and z.end <= x.end:
                            self._add("issues", z.id, y.id, None, [z, y])
            for y in nodes:
                if (
                    y.type == "Program"
                    and x.end <= y.start <= x.end + 2
                    and re.fullmatch("的?[“《]?", self.view[x.end : y.start])
                ):
                    self._add("runs", x.id, y.id, None, [x, y])
                    self._possessed.add(y)

    def _part_of_structure(self, nodes: Sequence[_Node]) -> None:
        """区政府组成部门民政局, 市纪委派驻纪检组: the body named second is part of the first."""
        gap_pattern = _part_of_gap()
        orgs = [x for x in nodes if x.type == "Organization"]
        for b in orgs:
            a = next((y for y in orgs if b.end < y.start <= b.end + 10), None)
            if a is not None and a.id != b.id:
                gap = self.view[b.end : a.start]
                if gap_pattern.fullmatch(gap):
                    self._add("part_of", a.id, b.id, gap.strip("的"), [b, a])

    def _measures(
        self,
        start: int,
        end: int,
        clauses: Sequence[tuple[int, int]],
        nodes: Sequence[_Node],
        metrics: Sequence[_Node],
        topics: Sequence[tuple[int, _Node | None]],
    ) -> None:
        oversight = tuple(_cues()["oversees_after"])
        inputs = tuple(_cues()["input_nouns"])
        # a body that inspects (市委巡察反馈的6个问题), whose members send things in (人大建议*件,
        # 政协提案*件) or that the clause reports to, works with or follows (向市委推荐…1名) is not
        # what the number counts
        targets = [
            x
            for x in nodes
            if x.type == "Program"
            or (
                x.type == "Organization"
                and not self.view[x.end : x.end + 4].startswith(oversight)
                and not self.view[x.end : x.end + 4].startswith(inputs)
                and not self._is_framed(
                    x,
                    nodes,
                    self._clause_start(x.start, start),
                    tuple(_cues()["not_counted_before"]),
                )
            )
        ]
        if not targets:
            return
        first_clause_end = clauses[0][1] if clauses else end
        for q in metrics:
            metric = self.metrics.get(q.id)
            chosen: _Node | None = None
            cs, ce = next(((a, b) for a, b in clauses if a <= q.start < b), (start, end))
            before = [x for x in targets if cs <= x.start and x.end <= q.start]
            # 1. the body its clause opens with: 我局共办理人大建议*件 counts 我局's work
            body = self._clause_body_start(cs, q.start)
            chosen = next((x for x in before if x.type == "Organization" and x.start == body), None)
            # 2. the thing the measure phrase names
            if (
                chosen is None
                and metric is not None
                and metric.measure_start is not None
                and metric.measure_end is not None
            ):
                inside = [
                    x
                    for x in targets
                    if x.start < metric.measure_end and metric.measure_start < x.end
                ]
                if inside:
                    chosen = max(inside, key=lambda x: x.end)
            # 3. the thing named right after the number (18次主席会议, 新建1个…“关爱之家”)
            if chosen is None:
                chosen = next(
                    (
                        x
                        for x in targets
                        if q.end <= x.start < ce
                        and (
                            x.start <= q.end + 1
                            or (
                                x.type == "Program"
                                and x.start <= q.end + 10
                                and not re.search("[，、；的和及与]", self.view[q.end : x.start])
                            )
                        )
                    ),
                    None,
                )
            # 4. the nearest thing before it in its clause that no 、 parts from it (another item)
            if chosen is None:
                near = [x for x in before if "、" not in self.view[x.end : q.start]]
                if near:
                    chosen = near[-1]
            # 5. the program the sentence opens by carrying out (深化“放管服”改革，…压缩至*个工作日)
            if chosen is None:
                chosen = next(
                    (
                        x
                        for x in targets
                        if x.type == "Program"
                        and x in self._carried_out
                        and x.end <= min(q.start, first_clause_end)
                        and not re.search("[；;]", self.view[x.end : q.start])
                        and sum(1 for a, _ in clauses if x.start < a <= q.start) <= 4
                    ),
                    None,
                )
            # 6. the program the clause before carries out, when only a comma parts them
            #    (开展“耆乐融融”照护培训项目，惠及*余户家庭)
            if chosen is None:
                previous = next(
                    (
                        (a, b)
                        for a, b in clauses
                        if b < cs and not any(a2 > b and b2 <= cs for a2, b2 in clauses)
                    ),
                    None,
                )
                if previous is not None and self.view[cs - 1 : cs] in "，,":
                    carried = [
                        x
                        for x in targets
                        if x in self._carried_out and previous[0] <= x.start < previous[1]
                    ]
                    if carried:
                        chosen = carried[-1]
            # 7. the organization the sentence names as its subject
            # (only over the next four clauses: further on, the sentence has moved to other things)
            if chosen is None:
                topic = next((t for c, t in reversed(topics) if c <= q.start), None)
                if topic is not None and topic.start < q.start:
                    between = sum(1 for a, _ in clauses if topic.start < a <= q.start)
                    chosen = topic if between <= 4 else None
            if chosen is not None:
                self._add("measures", q.id, chosen.id, None, [q, chosen])

    def _co_occurs(self) -> None:
        typed = {frozenset((f.source, f.target)) for f in self.found.values()}
        for index in sorted(self.by_sentence):
            firsts: dict[str, _Node] = {}
            for x in self.by_sentence[index]:
                if x.type != "Metric" and x.id not in firsts:
                    firsts[x.id] = x
            ids = sorted(firsts)
            for i, a in enumerate(ids):
                for b in ids[i + 1 :]:
                    if frozenset((a, b)) in typed:
                        continue
                    self._add("co_occurs", a, b, None, [firsts[a], firsts[b]])


@dataclass(slots=True)
class _Clause:
    start: int
    end: int
    nodes: list[_Node]
    topic: str | None
    agents: list[tuple[int, _Node]]
    masked: str
    offset: int
    possessed: set[_Node] = field(default_factory=set)
    topic_node: _Node | None = None
    sentence_nodes: Sequence[_Node] = ()
    next_span: tuple[int, int] | None = None
