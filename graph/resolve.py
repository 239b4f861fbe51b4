"""Which body an organization name means: the jurisdiction a document speaks for, and name scoping.

The rule (README, "Organizations: the resolution rule"):

- a name with a redaction mark (``*市政协``, ``xx大学``) is unknown and stays in its document;
- an absolute name (党中央, 国务院, 民政部, 全国政协, 重庆市民政局, a named enterprise) is one body
  everywhere;
- a relative name (区民政局, 市委, 省厅, 区人大常委会) starts with a level word and means the body of
  that level in the jurisdiction the document speaks for: when that place is known it is written
  out in full (区民政局 in a report of 重庆市渝中区 is 重庆市渝中区民政局, the same body a report
  naming 重庆市渝中区民政局 means); when only a place below it is known the name is scoped to "the
  level above that place" (省厅 in a report of 重庆市 is scoped ``重庆市^省``); otherwise it stays
  in its document;
- a bare form (局党委, 我局, 委机关) is the document's own body: written out when the title names
  that body with a known place, otherwise it stays in its document;
- a body name with no place (民政局, 政协, 婚姻登记处) is the body of the document's own level.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any

from govkg.extract import GovkgError, normalize_name
from govkg.extract.organizations import name_scope
from govkg.extract.text import fold

_HAN = "\u4e00-\u9fff"
_REDACTION = "*"


class ResolveDataError(GovkgError):
    """The jurisdiction data file of the graph layer is missing or malformed."""


@dataclass(frozen=True)
class Lexicon:
    levels: tuple[tuple[str, int], ...]  # longest level word first
    national: tuple[str, ...]
    national_title_words: tuple[str, ...]
    provinces: tuple[tuple[str, str, int], ...]  # (form, full name, depth), longest form first
    generic_first: tuple[str, ...]
    generic_words: frozenset[str]
    self_prefixes: tuple[str, ...]
    self_fallback: tuple[str, ...]
    self_min_count: int
    absolute_prefixes: tuple[str, ...]
    absolute_names: frozenset[str]
    ministry_suffixes: tuple[str, ...]
    not_ministries: tuple[str, ...]
    bare_prefixes: tuple[str, ...]
    named_suffixes: tuple[str, ...]
    body_suffixes: tuple[str, ...]
    level_compounds: tuple[str, ...]
    place_token: re.Pattern[str]


def _words(table: Mapping[str, Any], key: str) -> list[str]:
    value = table.get(key)
    if not isinstance(value, list) or not all(isinstance(w, str) and w for w in value):
        raise ResolveDataError(f"graph/data/jurisdiction.json: {key!r} must be a list of words")
    return value


@lru_cache(maxsize=1)
def lexicon() -> Lexicon:
    """The jurisdiction data of ``graph/data/jurisdiction.json``, checked and compiled."""
    try:
        raw = resources.files(__package__).joinpath("data", "jurisdiction.json").read_text("utf-8")
        data = json.loads(raw)
    except FileNotFoundError:
        raise ResolveDataError("graph/data/jurisdiction.json is missing from the package") from None
    except json.JSONDecodeError as exc:
        raise ResolveDataError(f"graph/data/jurisdiction.json: {exc}") from None
    levels = {k: v for k, v in data["levels"].items() if not k.startswith("_")}
    if not all(isinstance(v, int) and 0 <= v <= 9 for v in levels.values()):
        raise ResolveDataError("graph/data/jurisdiction.json: levels must map words to depths 0-9")
    provinces = {k: v for k, v in data["provinces"].items() if not k.startswith("_")}
    forms = [(full, full, depth) for full, depth in provinces.items()]
    for short, full in data["province_short_forms"].items():
        if full not in provinces:
            raise ResolveDataError(
                f"graph/data/jurisdiction.json: short form {short} names unknown {full}"
            )
        forms.append((short, full, provinces[full]))
    level_words = sorted(levels, key=lambda w: (-len(w), w))
    generic = data["generic_place_words"]
    absolute = data["absolute"]
    token = re.compile(
        rf"(?P<name>[{_HAN}]{{2,6}}?|\*+)(?P<level>{'|'.join(map(re.escape, level_words))})"
    )
    return Lexicon(
        levels=tuple((w, levels[w]) for w in level_words),
        national=tuple(_words(data, "national")),
        national_title_words=tuple(_words(data, "national_title_words")),
        provinces=tuple(sorted(forms, key=lambda f: (-len(f[0]), f[0]))),
        generic_first=tuple(_words(generic, "first_chars")),
        generic_words=frozenset(_words(generic, "words")),
        self_prefixes=tuple(_words(data["self_reference"], "prefixes")),
        self_fallback=tuple(_words(data["self_reference"], "fallback_prefixes")),
        self_min_count=int(data["self_reference"]["min_count"]),
        absolute_prefixes=tuple(_words(absolute, "prefixes")),
        absolute_names=frozenset(_words(absolute, "names")),
        ministry_suffixes=tuple(_words(absolute, "ministry_suffixes")),
        not_ministries=tuple(_words(absolute, "not_ministries")),
        bare_prefixes=tuple(
            sorted(_words(data["bare_forms"], "prefixes"), key=lambda w: (-len(w), w))
        ),
        named_suffixes=tuple(_words(data["named_suffixes"], "words")),
        body_suffixes=tuple(
            sorted(_words(data["body_suffixes"], "words"), key=lambda w: (-len(w), w))
        ),
        level_compounds=tuple(_words(data, "level_compounds")),
        place_token=token,
    )


@dataclass(frozen=True)
class Place:
    """One level of a jurisdiction: ``name`` is None when the text redacts it (``**市``)."""

    name: str | None
    depth: int


@dataclass(frozen=True)
class Jurisdiction:
    """The places a document speaks for, shallow to deep, and the body that wrote it."""

    doc: str
    places: tuple[Place, ...] = ()
    author: str | None = None  # the full name of the writing body when the title names it
    evidence: str = ""  # where the places were read: metadata, title, first line, text

    @property
    def key(self) -> str:
        """The jurisdiction as one string: ``重庆市渝中区``, with ``*`` for a redacted level."""
        return "".join(p.name or _REDACTION for p in self.places)

    def known_prefix(self, index: int) -> str | None:
        """The places down to ``index`` written out, or None when one of them is unknown."""
        names = [p.name for p in self.places[: index + 1]]
        if any(n is None for n in names):
            return None
        return "".join(n for n in names if n)


@dataclass(frozen=True)
class Resolved:
    """What an organization name means in its document: the graph node's key and scope."""

    key: str  # normalized full name (the name written out when its place is known)
    scope: str  # "" for one body everywhere, else a jurisdiction key or the document id
    rule: str  # which clause of the rule decided: absolute, qualified, level-above, document, ...


def _strip_year(s: str) -> str:
    return re.sub(r"^\s*(?:[0-9一二〇零○]{4}\s*年(?:度)?|[*]+\s*年(?:度)?)?\s*", "", s)


def parse_places(s: str, *, short_forms: bool = True) -> tuple[tuple[Place, ...], int]:
    """The chain of places that ``s`` starts with, and where it ends.

    >>> [(p.name, p.depth) for p in parse_places("重庆市渝中区民政局2023年工作总结")[0]]
    [('重庆市', 2), ('渝中区', 3)]
    >>> [(p.name, p.depth) for p in parse_places("**市政协")[0]]
    [(None, 2)]
    """
    pos = 0
    chain: list[Place] = []
    while pos < len(s):
        step = _place_at(s, pos, chain, short_forms)
        if step is None:
            break
        place, pos = step
        chain.append(place)
    return tuple(chain), pos


def _place_at(s: str, pos: int, chain: list[Place], short_forms: bool) -> tuple[Place, int] | None:
    lex = lexicon()
    if not chain:
        for word in lex.national:
            if s.startswith(word, pos):
                return Place("中华人民共和国", 0), pos + len(word)
    for form, full, depth in lex.provinces:
        if s.startswith(form, pos) and (short_forms or form == full):
            if chain and depth <= chain[-1].depth:
                return None
            return Place(full, depth), pos + len(form)
    m = lex.place_token.match(s, pos)
    if not m or not _is_place_name(m.group("name"), m.group(0)):
        return None
    depth = dict(lex.levels)[m.group("level")]
    if chain and depth <= chain[-1].depth:
        return None
    return Place(m.group(0) if "*" not in m.group("name") else None, depth), m.end()


def _is_place_name(name: str, whole: str) -> bool:
    lex = lexicon()
    if name.startswith("*"):
        return True
    if whole in lex.generic_words or name in lex.generic_words:
        return False
    return not name.startswith(lex.generic_first)


_METADATA_KEYS = (
    "jurisdiction",
    "place",
    "region",
    "area",
    "province",
    "city",
    "county",
    "district",
    "地区",
    "行政区划",
    "省",
    "市",
    "区县",
    "县",
)
_REPORT_WORDS = (
    "关于",
    "工作",
    "述职",
    "履职",
    "年度",
    "报告",
    "总结",
    "班子",
    "领导",
    "党建",
    "党风",
    "落实",
    "的",
    "（",
    "(",
    "-",
    "—",
    "_",
    " ",
)


def _author(rest: str, prefix: str) -> str | None:
    """The writing body in a title's remainder (``民政局党委2023年工作报告`` -> 民政局党委)."""
    lex = lexicon()
    rest = rest.strip()
    for j in range(min(len(rest), 16), 0, -1):
        head, tail = rest[:j], _strip_year(rest[j:])
        if not re.fullmatch(rf"[{_HAN}]+", head):
            continue
        if head.endswith(lex.body_suffixes) and (
            not tail or tail.startswith(_REPORT_WORDS) or rest[j : j + 1].isdigit()
        ):
            return prefix + head
    return None


def _from_title(title: str) -> tuple[tuple[Place, ...], str | None]:
    folded = re.sub("^(?:中国共产党|中共)", "", _strip_year(fold(title)[0]))
    places, end = parse_places(folded)
    author = None
    if places and all(p.name for p in places):
        author = _author(folded[end:], "".join(p.name for p in places if p.name))
    if not places and any(w in folded for w in lexicon().national_title_words):
        places = (Place("中华人民共和国", 0),)
    return places, author


def _from_text(text: str) -> tuple[Place, ...]:
    """The most frequent chain that starts at a province-level name in the text."""
    lex = lexicon()
    counts: Counter[tuple[Place, ...]] = Counter()
    fulls = sorted({full for _, full, _ in lex.provinces}, key=lambda f: (-len(f), f))
    pattern = re.compile("|".join(map(re.escape, fulls)))
    for m in pattern.finditer(text):
        chain, _ = parse_places(text[m.start() : m.start() + 40], short_forms=False)
        if chain:
            counts[chain] += 1
    if not counts:
        return ()
    best = min(counts, key=lambda c: (-counts[c], -len(c), [(p.name or "", p.depth) for p in c]))
    return best if counts[best] >= 2 else ()  # one passing mention of a place is not its voice


def _self_depth(text: str, *, fallback: bool) -> int | None:
    """The level a report speaks as (我区, 本区; with ``fallback``, 全区 when it never says 我X/本X)."""
    lex = lexicon()
    for prefixes in (lex.self_prefixes, lex.self_fallback if fallback else ()):
        depth = _most_said_level(text, prefixes) if prefixes else None
        if depth is not None:
            return depth
    return None


def _most_said_level(text: str, prefixes: tuple[str, ...]) -> int | None:
    lex = lexicon()
    # 本地区 and 本社区 name an area in general, not the level the report speaks for
    words = sorted(
        (w for w, d in lex.levels if d > 0 and w not in lex.generic_words),
        key=lambda w: (-len(w), w),
    )
    pattern = re.compile(
        f"(?:{'|'.join(map(re.escape, prefixes))})({'|'.join(map(re.escape, words))})(?![域间别级])"
    )
    depth_of = dict(lex.levels)
    counts: Counter[int] = Counter(
        depth_of[m.group(1)]
        for m in pattern.finditer(text)
        if not text.startswith(lex.level_compounds, m.start(1))  # 资本市场 is not 本市
    )
    if not counts:
        return None
    depth, n = min(counts.items(), key=lambda kv: (-kv[1], kv[0]))
    return depth if n >= lex.self_min_count else None


def document_jurisdiction(document: Mapping[str, Any], text: str | None = None) -> Jurisdiction:
    """The jurisdiction a document speaks for: from its metadata, title, first line or text.

    A redacted place (``**市``) is an unknown level: it never equals another unknown.

    >>> document_jurisdiction({"id": "doc-1", "title": "重庆市渝中区民政局2023年工作总结"}).key
    '重庆市渝中区'
    >>> document_jurisdiction({"id": "doc-1", "title": "1954年中华人民共和国国务院政府工作报告"}).key
    '中华人民共和国'
    """
    doc_id = str(document.get("id", ""))
    metadata = document.get("metadata") or {}
    places: tuple[Place, ...] = ()
    author = None
    evidence = ""
    if isinstance(metadata, Mapping):
        given = "".join(
            str(metadata[k]) for k in _METADATA_KEYS if isinstance(metadata.get(k), str)
        )
        if given:
            places, _ = parse_places(fold(given)[0])
            evidence = "metadata" if places else ""
    if not places:
        places, author = _from_title(str(document.get("title") or ""))
        evidence = "title" if places else ""
    folded_text = fold(text)[0] if text else ""
    if not places and folded_text:
        first = folded_text.lstrip().split("\n", 1)[0].strip()
        if first and len(first) <= 60 and not re.search("[。！？；，]", first):
            places, author = _from_title(first)
            evidence = "first line" if places else ""
    if not places and folded_text:
        places = _from_text(folded_text)
        evidence = "text" if places else ""
    if folded_text:
        own = _self_depth(folded_text, fallback=not places)
        deepest = places[-1].depth if places else None
        if own is not None and own > 0 and (deepest is None or own > deepest):
            places = places + (Place(None, own),)
            author = None
            evidence = (evidence + "+" if evidence else "") + "self-reference"
    return Jurisdiction(doc_id, places, author, evidence)


def _level_word(key: str) -> tuple[str, int] | None:
    lex = lexicon()
    if key.startswith(lex.level_compounds):
        return None
    for word, depth in lex.levels:
        if key.startswith(word) and len(key) > len(word):
            return word, depth
    return None


def is_absolute(key: str) -> bool:
    """True for a name that means one body everywhere, whatever document says it.

    >>> [is_absolute(n) for n in ("党中央", "民政部", "重庆市民政局", "区民政局", "局党委", "凯尔")]
    [True, True, True, False, False, True]
    """
    lex = lexicon()
    if _REDACTION in key:
        return False
    if key in lex.absolute_names or key.startswith(lex.absolute_prefixes):
        return True
    if _level_word(key) or key.startswith(lex.bare_prefixes):
        return False
    places, end = parse_places(key)
    if places and end < len(key) and all(p.name for p in places):
        return True
    if key.endswith(lex.ministry_suffixes) and not key.endswith(lex.not_ministries):
        return True
    if key.endswith(lex.named_suffixes):
        return True
    # the organization extractor's own list of bodies named the same everywhere (中办, 国办)
    if name_scope(key) == "absolute" and key.endswith(lex.body_suffixes):
        return True
    return not key.endswith(lex.body_suffixes)


def resolve_organization(name: str, jurisdiction: Jurisdiction) -> Resolved:
    """The node key and scope of organization ``name`` in a document of ``jurisdiction``.

    >>> j = Jurisdiction("doc-1", (Place("重庆市", 2), Place("渝中区", 3)))
    >>> resolve_organization("区民政局", j)
    Resolved(key='重庆市渝中区民政局', scope='', rule='qualified')
    >>> resolve_organization("省厅", j)
    Resolved(key='省厅', scope='重庆市^省', rule='level-above')
    >>> resolve_organization("区委", Jurisdiction("doc-1", (Place(None, 2),)))
    Resolved(key='区委', scope='doc-1', rule='document')
    """
    lex = lexicon()
    key = normalize_name(name)
    doc = jurisdiction.doc
    if _REDACTION in key:
        return Resolved(key, doc, "redacted")
    if is_absolute(key):
        return Resolved(key, "", "absolute")
    places = jurisdiction.places
    bare = next((p for p in lex.bare_prefixes if key.startswith(p)), None)
    if bare is not None and not _level_word(key):
        qualified = _qualify_bare(key, jurisdiction.author)
        if qualified:
            return Resolved(qualified, "", "own-body")
        return Resolved(key, doc, "document")
    level = _level_word(key)
    if level is not None:
        word, depth = level
        for i, place in enumerate(places):
            if place.depth == depth:
                prefix = jurisdiction.known_prefix(i)
                if prefix is None:
                    return Resolved(key, doc, "document")
                if depth == 0:
                    return Resolved(key, prefix, "national")
                return Resolved(prefix + key[len(word) :], "", "qualified")
        below = [i for i, p in enumerate(places) if p.depth > depth]
        if below:
            prefix = jurisdiction.known_prefix(below[0])
            if prefix is not None:
                return Resolved(key, f"{prefix}^{word}", "level-above")
        return Resolved(key, doc, "document")
    # a body with no place before it: the body of the document's own level
    if places:
        prefix = jurisdiction.known_prefix(len(places) - 1)
        if prefix is not None:
            if places[-1].depth == 0:
                return Resolved(key, prefix, "national")
            return Resolved(prefix + key, "", "qualified")
    return Resolved(key, doc, "document")


def _qualify_bare(key: str, author: str | None) -> str | None:
    """局党委 of the document's own 重庆市渝中区民政局 is 重庆市渝中区民政局党委."""
    if not author:
        return None
    unit = re.sub("(?:机关)?(?:党委|党组|党总支|党支部)$", "", author) or author
    rest = re.sub("^[我本全]", "", key)
    if not rest:
        return unit
    if rest[0] == unit[-1]:
        return unit + rest[1:]
    if rest.startswith(("机关", "党组", "党委")):
        return unit + rest
    return None
