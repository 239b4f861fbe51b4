"""The text extractors read: a folded form for matching that maps back to the original offsets."""

from __future__ import annotations

import bisect
import re
import unicodedata

try:  # the parser behind re.compile: lists the characters a pattern can start with
    from re import _constants as _sre_constants  # type: ignore[attr-defined]
    from re import _parser as _sre_parser  # type: ignore[attr-defined]
except ImportError:  # Python 3.10
    import sre_constants as _sre_constants
    import sre_parse as _sre_parser
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from .model import Section, Sentence

# Characters that are frequent in traditional text and never used in simplified text; a
# document with enough of them is converted to simplified characters for matching.
_TRADITIONAL_MARKERS = frozenset(
    "們這個來為國會時說們對業經發實與產動關過當區縣員農兩從還門問開長東車"
    "幾種無將應當間機體現點電義變務條邊聯歷黨數執報導費權議設計讓劃樣"
)

_TRADITIONAL_MARKER = re.compile("[" + "".join(sorted(_TRADITIONAL_MARKERS)) + "]")
_MAY_FOLD = re.compile("[^\x00-\x7f\u4e00-\u9fff]")
_NOT_HAN = re.compile("[^\u4e00-\u9fff]+")
_SENTENCE_END = re.compile(r"[。！？!?]+[”’」』）)]*|\n+")
_NUMERAL = "一二三四五六七八九十百零〇"
_HEADING_PATTERNS: tuple[tuple[int, re.Pattern[str]], ...] = (
    (1, re.compile(rf"第[{_NUMERAL}\d]+[章部编篇节](?=\s|\S)|[{_NUMERAL}]+[、.．](?=\S)")),
    (2, re.compile(rf"[（(][{_NUMERAL}]+[）)]")),
    (3, re.compile(rf"[{_NUMERAL}]+是(?=[^，,、])|[(（]?\d{{1,2}}[)）.．、](?!\d)")),
)


def prefiltered(pattern: re.Pattern[str]) -> re.Pattern[str]:
    """``pattern`` behind a lookahead for the characters a match can start with.

    The same matches, spans and groups; a search skips, in C, every position whose character
    cannot open a match instead of trying each alternative there (a large alternation of
    lexicon words tries hundreds). Returned unchanged when the first characters cannot be
    listed (a class like ``\\S``, a pattern that can match the empty string).

    >>> p = prefiltered(re.compile("(?P<a>市|区)?民政局"))
    >>> p.pattern[:9], p.search("在区民政局").span("a")
    ('(?=[区市民])', (1, 2))
    """
    try:
        parsed = _sre_parser.parse(pattern.pattern, pattern.flags)
    except re.error:  # a pattern compiled with features the parser here does not know
        return pattern
    items = list(parsed)
    if _skips_already(items):
        return pattern
    chars, nullable = _first_chars(items)
    if chars is None or nullable or not chars or pattern.flags & re.IGNORECASE:
        return pattern
    head = "".join(re.escape(c) for c in sorted(chars))
    return re.compile(f"(?=[{head}])(?:{pattern.pattern})", pattern.flags)


def _skips_already(items: list[tuple[object, object]]) -> bool:
    """True when the regex engine itself skips to a literal or a class the pattern opens with
    (its own prefix scan is faster than a lookahead)."""
    c = _sre_constants
    while items and items[0][0] is c.SUBPATTERN:
        items = list(items[0][1][3])  # type: ignore[index]
    if not items:
        return False
    op, av = items[0]
    if op in (c.LITERAL, c.IN):
        return True
    if op is c.BRANCH:
        return all(alt and list(alt)[0][0] is c.LITERAL for alt in av[1])  # type: ignore[index]
    return False


def _first_chars(items: list[tuple[object, object]]) -> tuple[set[str] | None, bool]:
    """The characters a sequence of parsed regex items can start with, and whether it can
    match the empty string; ``None`` when they cannot be listed."""
    chars: set[str] = set()
    for op, av in items:
        first, nullable = _first_of(op, av)
        if first is None:
            return None, False
        chars |= first
        if not nullable:
            return chars, False
    return chars, True


def _first_of(op: object, av: Any) -> tuple[set[str] | None, bool]:
    c = _sre_constants
    if op is c.LITERAL:
        return {chr(av)}, False
    if op is c.IN:
        chars: set[str] = set()
        for iop, iav in av:
            if iop is c.LITERAL:
                chars.add(chr(iav))
            elif iop is c.RANGE and iav[1] - iav[0] <= 4096:
                chars.update(map(chr, range(iav[0], iav[1] + 1)))
            else:  # a negated class, a category, a huge range: anything may start here
                return None, False
        return chars, False
    if op is c.SUBPATTERN:
        return _first_chars(list(av[3]))
    if op is c.BRANCH:
        chars = set()
        any_nullable = False
        for alternative in av[1]:
            first, nullable = _first_chars(list(alternative))
            if first is None:
                return None, False
            chars |= first
            any_nullable = any_nullable or nullable
        return chars, any_nullable
    if op in (c.MAX_REPEAT, c.MIN_REPEAT):
        low, _, sub = av
        first, nullable = _first_chars(list(sub))
        return first, nullable or low == 0
    if op in (c.ASSERT, c.ASSERT_NOT, c.AT):  # zero-width: they only narrow what follows
        return set(), True
    return None, False


def alternation(words: Iterable[str]) -> str:
    """A regex alternation of ``words`` built as a trie: longer words win, matching stays fast.

    It matches what ``"|".join`` of the words sorted longest first matches, in the same order
    of preference, but tries one branch per character instead of every word in turn.

    >>> alternation(["民政", "民政局", "司法局"])
    '(?:(?:司法局|民政(?:局)?))'
    """
    trie: dict[str, Any] = {}
    for word in words:
        node = trie
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = True

    def emit(node: dict[str, Any]) -> str:
        ends = "" in node
        branches = [re.escape(ch) + emit(child) for ch, child in sorted(node.items()) if ch]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        if ends:
            return "(?:" + body + ")?"
        return body

    return "(?:" + emit(trie) + ")"


@lru_cache(maxsize=1)
def _t2s():  # type: ignore[no-untyped-def]
    import opencc

    return opencc.OpenCC("t2s")


def looks_traditional(text: str, *, sample: int = 20000) -> bool:
    """True when the text is written in traditional characters (judged on a prefix)."""
    head = text[:sample]
    hits = len(_TRADITIONAL_MARKER.findall(head))
    han = len(head) - len(_NOT_HAN.sub("", head))
    return han > 0 and hits / han > 0.01


def fold(text: str, *, simplify: bool | None = None) -> tuple[str, list[int] | None]:
    """Fold ``text`` for matching and return it with a map back to the original offsets.

    Each character is NFKC-normalized on its own (full-width digits, letters and signs become
    half-width), and traditional characters become simplified when the text is traditional.
    The map gives, for each index of the folded text, the index of the original character it
    came from; it is ``None`` when the two texts align index by index.

    >>> fold("签约１.２万人")
    ('签约1.2万人', None)
    >>> fold("㈠是")[0], fold("㈠是")[1]
    ('(一)是', [0, 0, 0, 1])
    """
    # NFKC of each distinct character once, then one replace per changed character: a
    # document has a few dozen such characters and a million positions (ASCII and the CJK
    # unified ideographs have no compatibility decomposition: they never change)
    table: dict[str, str] = {}
    grown: list[str] = []  # characters that fold to more or fewer than one character
    for ch in sorted(set(_MAY_FOLD.findall(text))):
        n = unicodedata.normalize("NFKC", ch)
        if len(n) != 1:
            if not n:  # a character that folds to nothing still needs a place
                n = ch
            grown.append(ch)
        if n != ch:
            table[ch] = n
    if any(c in table for n in table.values() for c in n):  # a chain: replace would fold twice
        folded = text.translate({ord(ch): n for ch, n in table.items()})
    else:
        folded = text
        for ch, n in table.items():
            folded = folded.replace(ch, n)
    mapping: list[int] | None = None
    if grown:
        mapping = []
        pos = 0
        for m in re.finditer("[" + "".join(sorted(map(re.escape, grown))) + "]", text):
            i = m.start()
            mapping.extend(range(pos, i))
            mapping.extend([i] * len(table.get(text[i], text[i])))
            pos = i + 1
        mapping.extend(range(pos, len(text)))
    if simplify is None:
        simplify = looks_traditional(text)
    if simplify:
        converted = _t2s().convert(folded)
        if len(converted) == len(folded):
            folded = converted
        else:  # phrase conversion changed the length: convert one character at a time
            convert = _t2s().convert
            folded = "".join(c if len(c2 := convert(c)) != 1 else c2 for c in folded)
    return folded, mapping


def split_sentences(text: str) -> list[tuple[int, int]]:
    """Sentence spans: ends at 。！？ (with closing quotes) and at line breaks; blank spans dropped."""
    spans: list[tuple[int, int]] = []
    start = 0
    for m in _SENTENCE_END.finditer(text):
        end = m.end() if m.group()[0] != "\n" else m.start()
        if text[start:end].strip():
            spans.append(_strip(text, start, end))
        start = m.end()
    if start < len(text) and text[start:].strip():
        spans.append(_strip(text, start, len(text)))
    return spans


def _strip(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def find_headings(text: str) -> list[tuple[int, int, int]]:
    """(start, end, level) of section headings: 一、/第一章 at a line start, （一）, 一是 and 1."""
    found: list[tuple[int, int, int]] = []
    for line in re.finditer(r"[^\n]+", text):
        line_start = line.start()
        body = line.group()
        offset = len(body) - len(body.lstrip())
        for level, pattern in _HEADING_PATTERNS:
            m = pattern.match(body, offset)
            if m:
                found.append((line_start + offset, _heading_end(text, line_start + offset, line.end()), level))
                break
        # 一是 / 二是 also open a part inside a running paragraph, after a full stop
        for m in re.finditer(rf"(?<=[。；;])\s*([{_NUMERAL}]+是)(?=[^，,、])", body):
            found.append((line_start + m.start(1), _heading_end(text, line_start + m.start(1), line.end()), 3))
    found.sort()
    return found


def _heading_end(text: str, start: int, line_end: int) -> int:
    stop = min(line_end, start + 80)
    m = re.compile(r"[。；;：:]").search(text, start, stop)
    return m.end() if m else stop


def build_sections(text: str) -> list[Section]:
    """Sections with parents: a heading's part runs to the next heading of its level or above."""
    heads = find_headings(text)
    sections: list[Section] = []
    stack: list[int] = []
    for i, (start, hend, level) in enumerate(heads):
        end = len(text)
        for nstart, _, nlevel in heads[i + 1 :]:
            if nlevel <= level:
                end = nstart
                break
        while stack and sections[stack[-1]].level >= level:
            stack.pop()
        parent = stack[-1] if stack else None
        heading = text[start:hend].strip()
        sections.append(Section(len(sections), start, end, heading, level, parent))
        stack.append(len(sections) - 1)
    return sections


def innermost_section(sections: Sequence[Section], offset: int) -> int | None:
    best: int | None = None
    for s in sections:
        if s.start <= offset < s.end and (best is None or s.level >= sections[best].level):
            best = s.index
    return best


@dataclass
class Doc:
    """One document as the extractors see it.

    ``text`` is the document as read; ``norm`` is the folded text the extractors match on,
    with ``span()`` mapping a folded span back to ``text``. Extractors never modify it.
    """

    text: str
    norm: str
    _map: list[int] | None
    sentences: list[Sentence]
    sections: list[Section]
    _sentence_starts: list[int] = field(default_factory=list, repr=False)

    @classmethod
    def from_text(cls, text: str) -> Doc:
        norm, mapping = fold(text)
        sections = build_sections(text)
        sentences = [
            Sentence(i, s, e, innermost_section(sections, s)) for i, (s, e) in enumerate(split_sentences(text))
        ]
        return cls(text, norm, mapping, sentences, sections, [s.start for s in sentences])

    def span(self, nstart: int, nend: int) -> tuple[int, int]:
        """The span of ``text`` that the folded span ``norm[nstart:nend]`` came from."""
        if self._map is None:
            return nstart, nend
        if nend <= nstart:
            return self._map[nstart], self._map[nstart]
        return self._map[nstart], self._map[nend - 1] + 1

    def sentence_at(self, offset: int) -> int:
        """Index of the sentence holding ``offset`` (of ``text``), or of the one before it."""
        i = bisect.bisect_right(self._sentence_starts, offset) - 1
        return max(i, 0) if self.sentences else -1
