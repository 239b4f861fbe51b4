"""Finds organizations in a document: names built from the domain's grammar, aliases resolved."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from .lexicon import load_table, load_words
from .model import Mention
from .segment import tokenize, tokenizer
from .text import Doc, prefiltered
from .text import alternation as _alt

_RED = r"(?:\*+(?!\*)|[xX×]{1,4}(?![xX×]))"  # a whole run, never split (no backtracking)
_HAN = "\u4e00-\u9fff"


@dataclass(frozen=True)
class Grammar:
    """The compiled lexicons: the name pattern and the word sets its checks use."""

    name: re.Pattern[str]
    compound: re.Pattern[str]
    pronoun: re.Pattern[str]
    central: re.Pattern[str]
    media: re.Pattern[str]
    stationed: re.Pattern[str]
    formal_cppcc: re.Pattern[str]
    party: re.Pattern[str]
    listed_levels: re.Pattern[str]
    named_kinds: tuple[str, ...]
    enumeration: re.Pattern[str]
    enumeration_items: re.Pattern[str]
    counts: re.Pattern[str]
    levels: frozenset[str]
    generic_levels: frozenset[str]
    bodies: frozenset[str]
    standalone: frozenset[str]
    resolve_only: frozenset[str]
    absolute: frozenset[str]
    functions: frozenset[str]
    checked_heads: frozenset[str]
    head_word_freq: int
    generic_before: tuple[str, ...]
    generic_after: tuple[str, ...]
    positions: tuple[str, ...]
    enumeration_max_freq: int
    class_functions: tuple[str, ...]
    class_heads: frozenset[str]
    place_stop_chars: frozenset[str]
    place_name_max_freq: int
    level_words: tuple[str, ...]
    named_levels: frozenset[str]
    scope_only: re.Pattern[str]
    heads: tuple[str, ...]
    bare_heads: frozenset[str]
    bare_center_functions: frozenset[str]
    verb_after_head: frozenset[str]
    verb_heads: frozenset[str]
    enumeration_stop: tuple[str, ...]
    enumeration_verbs: frozenset[str]
    multi_char_heads: frozenset[str]
    verbal_functions: tuple[str, ...]
    dictionary_heads: re.Pattern[str]
    generic_places: frozenset[str]
    company_suffix: re.Pattern[str]
    company_stop: frozenset[str]
    company_max_name: int
    variants: tuple[tuple[str, str], ...]
    core: re.Pattern[str]


@lru_cache(maxsize=1)
def grammar() -> Grammar:
    """The grammar built from ``lexicons/org_*`` (once per process)."""
    g = load_table("org_grammar")
    functions = load_words("org_functions")
    absolute = load_words("org_absolute")
    level = _alt(g["levels"])
    scope = _alt(g["scopes"])
    place = rf"(?:(?:{_RED}|{_alt(g['provinces'])}){level}?|[A-Z]{level})"
    func = _alt(functions)
    head = _alt(g["heads"])
    body = _alt(g["bodies"])
    sub = rf"(?:{func}{{1,3}}(?:工作)?{head}|{_alt(g['subunits'])})"
    named_heads = _alt(g["named_heads"])
    parent_sub = _alt(w for w in g["subunits"] if len(w) > 1)
    name = prefiltered(re.compile(
        rf"(?P<abs>{_alt(absolute)})(?P<abssub>{sub}{{0,2}})"
        rf"|(?P<npre>{place})(?P<nhead>{named_heads})"
        rf"|(?P<par>{_alt(g['parent_heads'])})(?P<psub>{parent_sub})"
        rf"|(?P<pre>(?:{place}|{level}|{scope}){{0,4}})(?P<core>{func}{{1,3}}(?:工作)?{head}|{body})(?P<sub>{sub}{{0,3}})"
    ))
    single_levels = [w for w in g["levels"] if len(w) == 1 and w in "省市区县州"]
    coord = "|".join(re.escape(c) for c in g["coordinators"] if c)
    compound = re.compile(
        rf"(?P<a>[{''.join(single_levels)}])(?:{coord})?(?P<b>[{''.join(single_levels)}])(?P<body>委|纪委)(?![{''.join(single_levels)}])"
    )
    pron_heads = sorted({h for hs in g["pronouns"].values() for h in hs}, key=len, reverse=True)
    pronoun = re.compile(rf"(?P<p>[{''.join(g['pronouns'])}])(?P<h>{'|'.join(pron_heads)})")
    central = re.compile(rf"(?<!党)中央(?=(?:{coord}){level}|关于|决策部署)")
    media = re.compile(rf"《(?P<m>[^《》\n]{{1,10}}?{_alt(g['media_heads'])})》")
    formal_cppcc = re.compile(
        rf"政协(?P<place>(?:{_RED}|[{_HAN}]{{1,10}}?)?(?P<level>{level}))"
        rf"(?:第[^\s，。、]{{1,4}}?届)?委员会"
    )
    stationed = re.compile(r"派驻[^\s，。、；：“”《》]{0,6}?(?:纪检监察组|监察组|纪检组|巡察组)")
    kinds = _alt(g["enumeration_kinds"])
    item = rf"[{_HAN}A-Za-z]{{2,6}}"
    # found from its 等 + kind, then read leftwards over a bounded window (no quadratic scan)
    enumeration = re.compile(rf"等(?P<mid>[{_HAN}]{{0,8}}?){kinds}")
    enumeration_items = re.compile(rf"{item}(?:、{item}){{1,8}}$")
    return Grammar(
        name=name,
        compound=compound,
        pronoun=pronoun,
        central=central,
        media=media,
        stationed=stationed,
        formal_cppcc=formal_cppcc,
        listed_levels=re.compile(rf"{level}、{level}、$"),
        named_kinds=tuple(sorted(g["dictionary_heads"], key=len, reverse=True)),
        party=re.compile(rf"{_alt(g['party_names'])}(?!{_alt(g['party_not_before'])})"),
        enumeration=enumeration,
        enumeration_items=enumeration_items,
        counts=re.compile(g["counts"]),
        levels=frozenset(g["levels"]),
        generic_levels=frozenset(g.get("generic_levels", ["街道", "社区", "村"])),
        bodies=frozenset(g["bodies"]),
        standalone=frozenset(g["standalone"]),
        resolve_only=frozenset(g["resolve_only"]),
        absolute=frozenset(absolute),
        functions=frozenset(functions),
        checked_heads=frozenset(g["single_char_heads_checked"]),
        head_word_freq=int(g["head_word_freq"]),
        generic_before=tuple(sorted(g["generic_before"], key=len, reverse=True)),
        generic_after=tuple(g["generic_after"]),
        positions=tuple(sorted(g["positions"], key=len, reverse=True)),
        enumeration_max_freq=int(g.get("enumeration_max_freq", 300)),
        class_functions=tuple(sorted(g["class_functions"], key=len, reverse=True)),
        class_heads=frozenset(g["class_heads"]),
        place_stop_chars=frozenset(g["place_stop_chars"]),
        place_name_max_freq=int(g["place_name_max_freq"]),
        level_words=tuple(sorted(g["levels"], key=len, reverse=True)),
        named_levels=frozenset(g["named_levels"]),
        scope_only=re.compile(rf"(?:{scope})+"),
        heads=tuple(sorted(g["heads"], key=len, reverse=True)),
        bare_heads=frozenset(g["bare_heads"]),
        bare_center_functions=frozenset(g["bare_center_functions"]),
        verb_after_head=frozenset(g["verb_after_head"]),
        verb_heads=frozenset(g["verb_heads"]),
        enumeration_stop=tuple(g["enumeration_stop"]),
        enumeration_verbs=frozenset(g["enumeration_verbs"]),
        generic_places=frozenset(g["generic_places"]),
        company_suffix=re.compile(_alt(g["company_suffixes"])),
        company_stop=frozenset(g["company_stop_words"]),
        company_max_name=int(g["company_max_name"]),
        variants=tuple((a, b) for a, b in g["variants"]),
        dictionary_heads=re.compile(_alt(g["dictionary_heads"])),
        verbal_functions=tuple(sorted(g["verbal_functions"], key=len, reverse=True)),
        core=re.compile(rf"{func}{{1,3}}(?:工作)?{head}"),
        multi_char_heads=frozenset(
            w for w in [*g["heads"], *g["bodies"], *g["subunits"]] if len(w) >= 2
        ),
    )


@dataclass
class _Candidate:
    start: int  # offsets into doc.norm
    end: int
    form: str  # the folded text of the name this mention proposes
    bare: bool  # no jurisdiction prefix: may stand for a fuller form in the document
    resolve_only: bool = False  # only kept when a fuller form exists
    pronoun_head: str = ""  # 我局 / 本局: stands for the document's named body with this head
    titled: bool = False  # followed by a position title (县委常委、宣传部部长)
    name: str = ""


def organizations(doc: Doc, *, lexicon: Grammar | None = None) -> Iterator[Mention]:
    """Organization mentions of ``doc``, each named by the fullest form the document gives it.

    >>> doc = Doc.from_text("在区委领导下，区民政局推进工作。我局获评先进，民政局受表彰。")
    >>> [(m.text, m.name) for m in organizations(doc)]
    [('区委', '区委'), ('区民政局', '区民政局'), ('我局', '区民政局'), ('民政局', '区民政局')]
    """
    g = lexicon or grammar()
    norm = doc.norm
    candidates = _find(norm, g)
    _resolve(candidates, g)
    groups: dict[str, list[_Candidate]] = {}
    for c in candidates:
        if c.name:
            groups.setdefault(c.name, []).append(c)
    kept = [c for group in groups.values() if not all(c.titled for c in group) for c in group]
    kept.sort(key=lambda c: (c.start, c.end))
    as_written = _as_written(doc, kept)
    for c in kept:
        start, end = doc.span(c.start, c.end)
        if start >= end:
            continue
        yield Mention.from_span(
            doc.text,
            start,
            end,
            "Organization",
            name=as_written(c.name),
            extractor="organizations",
        )


def _as_written(doc: Doc, candidates: list[_Candidate]) -> Callable[[str], str]:
    """Names are matched on the folded text but given in the document's own characters
    (區民政局 in a traditional report), learnt from the spans that name them."""
    if doc.norm == doc.text:
        return lambda name: name
    chars: dict[str, str] = {}
    for c in candidates:
        start, end = doc.span(c.start, c.end)
        written = doc.text[start:end]
        if len(written) == c.end - c.start:
            for folded, original in zip(doc.norm[c.start : c.end], written, strict=True):
                chars.setdefault(folded, original)
    return lambda name: "".join(chars.get(ch, ch) for ch in name)


def name_scope(name: str, *, lexicon: Grammar | None = None) -> str:
    """How a name points at its body, for linking across documents.

    ``"absolute"``: the name alone identifies the body (国务院, 民政部, 重庆市民政局, 中共**市委);
    ``"relative"``: it names a body of the author's own place or unit (区民政局, 市委, 局党委),
    so the same string in two reports may be two bodies; ``"unqualified"``: no jurisdiction at
    all (民政局, 政协), only the document can tell which.

    >>> [name_scope(n) for n in ("国务院", "重庆市民政局", "区民政局", "局党委", "民政局")]
    ['absolute', 'absolute', 'relative', 'relative', 'unqualified']
    """
    g = lexicon or grammar()
    key = name.strip()
    if key in g.absolute:
        return "absolute"
    m = g.name.fullmatch(key)
    if m is None:
        if key.startswith("派驻"):
            return "relative"  # a team sent by the author's own discipline body
        # a proper name (凯尔, 清华大学) or a named place before a body (渝中区民政局)
        return "absolute"
    if m.group("abs") is not None or m.group("nhead") is not None:
        return "absolute"
    if m.group("par") is not None:
        return "relative"
    pre = m.group("pre")
    if not pre:
        return "unqualified"
    if _prefix_parts(pre, g):
        return "relative"
    return "absolute"  # a named (or redacted) place, or a scope: 全国, 国家, 中共


def _find(norm: str, g: Grammar) -> list[_Candidate]:
    found: list[_Candidate] = []
    taken = bytearray(len(norm))

    def add(c: _Candidate) -> None:
        found.append(c)
        for i in range(c.start, c.end):
            taken[i] = 1

    # special forms first: their spans are not re-read by the name grammar
    for m in g.media.finditer(norm):
        add(_Candidate(m.start("m"), m.end("m"), m.group("m"), bare=False))
    for m in g.stationed.finditer(norm):
        if not any(taken[m.start() : m.end()]):
            add(_Candidate(m.start(), m.end(), m.group(), bare=False))
    for m in g.formal_cppcc.finditer(norm):
        # 政协**市第**届委员会 is the city's 政协: named as the text names it elsewhere (市政协)
        if any(taken[m.start() : m.end()]):
            continue
        place, level = m.group("place"), m.group("level")
        form = place + "政协"
        if place != level and level + "政协" in norm and place[: -len(level)].strip("*xX×") == "":
            form = level + "政协"
        add(_Candidate(m.start(), m.end(), form, bare=False))
    freq = tokenizer().FREQ
    for m in g.compound.finditer(norm):
        if any(taken[m.start() : m.end()]) or _generic_before(norm, m.start(), g):
            continue
        if m.start() and freq.get(norm[m.start() - 1 : m.start() + 1], 0) >= g.head_word_freq:
            continue  # 常州市委: 州 ends a place name, this is no list of levels
        body = m.group("body")
        add(_Candidate(m.start(), m.end(), m.group("a") + body, bare=False))
        # the complete second member keeps its own sub-span
        c = _Candidate(m.start("b"), m.end(), m.group("b") + body, bare=False)
        found.append(c)
    _enumerations(norm, g, add, taken)
    _companies(norm, g, add, taken)

    titles = _titles(norm)
    pos = 0
    name = g.name
    while True:
        found_m = name.search(norm, pos)
        if found_m is None:
            break
        if titles[found_m.start()]:  # a policy title names its issuer, not a body acting here
            pos = found_m.start() + 1
            continue
        cand, pos = _check(norm, found_m, g)
        shorter: re.Match[str] | None = found_m
        tries = 0
        while cand is None and shorter is not None and tries < 4 and len(shorter.group()) > 2:
            # 市政府办公厅 read as 市政府办 + 公厅 fails: try the longest shorter reading
            shorter = name.match(norm, found_m.start(), shorter.end() - 1)
            if shorter is not None:
                cand, next_pos = _check(norm, shorter, g)
                if cand is not None:
                    pos = next_pos
            tries += 1
        if cand is not None and not any(taken[cand.start : cand.end]):
            add(cand)
    _dictionary_bodies(norm, g, add, taken)
    for m in g.party.finditer(norm):
        # the Party itself (在中国共产党领导下), not a party member nor a title it heads
        if not titles[m.start()] and not any(taken[m.start() : m.end()]):
            add(_Candidate(m.start(), m.end(), m.group(), bare=False))
    freq = tokenizer().FREQ
    for m in g.pronoun.finditer(norm):
        head = m.group("h")
        before = norm[m.start() - 1 : m.start() + 1] if m.start() else ""
        if freq.get(before, 0) >= g.head_word_freq or not _head_ends_word(
            norm, m.end(), head[-1], g
        ):
            continue  # 自我, 根本; 本局面
        if not any(taken[m.start() : m.end()]):
            add(_Candidate(m.start(), m.end(), m.group(), bare=True, pronoun_head=head))
    for m in g.central.finditer(norm):
        if not any(taken[m.start() : m.end()]):
            add(_Candidate(m.start(), m.end(), "中央", bare=True))
    for c in found:
        c.titled = _titled(norm, c.end, g)
    found.sort(key=lambda c: (c.start, c.end))
    return found


def _check(norm: str, m: re.Match[str], g: Grammar) -> tuple[_Candidate | None, int]:
    """The candidate a grammar match stands for (None when it names no specific body), and
    where to search next."""
    start, end = m.start(), m.end()
    retry = start + 1
    if m.group("abs") is not None:
        last_word = m.group("abssub") or m.group("abs")
        if _single_char_head(last_word, g) and not _head_ends_word(norm, end, last_word[-1], g):
            return None, retry  # 民政部门 is not 民政部
        return _Candidate(start, end, m.group(), bare=False), end
    if m.group("nhead") is not None:
        if _generic_before(norm, start, g):
            return None, retry
        return _Candidate(start, end, m.group(), bare=False), end
    if m.group("par") is not None:
        par = m.group("par")
        before = norm[start - 1 : start + len(par)] if start else ""
        if start and (
            norm[start - 1] in "省市区县州镇乡"
            or (len(par) == 1 and tokenizer().FREQ.get(before, 0) >= g.head_word_freq)
        ):
            return None, retry  # 格局党委; 区委常委会 is read from 区
        psub = m.group("psub")
        if _single_char_head(psub, g) and not _head_ends_word(norm, end, psub[-1], g):
            return None, retry  # 学校办学
        # 局党委 may stand for 县卫生健康局党委 when the text has it; 局机关 is the author's own
        # bureau (D7) unless the text names it
        return _Candidate(start, end, m.group(), bare=True, resolve_only=psub == "机关"), end
    pre, core, sub = m.group("pre"), m.group("core"), m.group("sub")
    text = m.group()
    if pre:
        start, text = _named_place(norm, start, text, pre, g)
        named = start < m.start()
        if named and norm.endswith("中共", 0, start):  # 中共盘山县委
            start, text = start - 2, "中共" + text
        first = next((pre[:n] for n in (3, 2, 1) if pre[:n] in g.levels), "")
        if not named and first and _inside_word(norm, start, g):
            return None, start + len(first)  # 辖区**社区党委: 区 ends 辖区
        levels_only = _prefix_parts(pre, g)
        if not named and levels_only:
            if all(p in g.generic_levels for p in levels_only):
                # 社区 / 街道 / 村 as a kind of place (社区党委), or 城市 / 社区 read from the
                # middle: the prefix names no jurisdiction, read the rest on its own
                return None, m.start("core")
            if len(levels_only) >= 2 and all(len(p) == 1 for p in levels_only):
                return None, m.start("core")  # 省市县政府, 市县政府: every level, no one body
        if g.scope_only.fullmatch(pre) and (
            core in g.bodies or core.endswith(tuple(g.class_heads))
        ):
            return None, retry  # 全国医院, 国家机关所: a scope over a kind
    else:
        if core in g.bodies and core not in g.standalone:
            return None, retry  # 政府, 机关 alone: generic
        if core not in g.bodies:
            head = next(h for h in g.heads if core.endswith(h))
            if head not in g.bare_heads:
                return None, retry  # 文化站, 农业学校: kinds of facility
            if head.endswith("中心") and core[: -len(head)] not in g.bare_center_functions:
                return None, retry  # 经济中心, 大数据中心
            if not _starts_word(norm, start):
                return None, retry  # 残疾人社会: 人社 read from the middle of a word
    if not pre:
        verb = next((v for v in g.verbal_functions if core.startswith(v)), "")
        if verb and g.core.fullmatch(core, len(verb)):
            return None, start + len(verb)  # 组织机关党组成员: 组织 is the verb here
    last_unit = sub or core
    if _single_char_head(last_unit, g):
        if not _head_ends_word(norm, end, last_unit[-1], g):
            return None, retry
    elif (
        end < len(norm) and tokenizer().FREQ.get(last_unit[-2:] + norm[end], 0) >= g.head_word_freq
    ):
        return None, retry  # 党组织: the head runs on into a longer word
    if _listed_levels(norm, start, g):
        return None, retry  # 省、市、自治区政府: every level of a list, no one body
    if _generic_before(norm, start, g) or _counted(norm, start, g) or _generic_after(norm, end, g):
        return None, retry
    if norm[end - 3 : end] == "委员会" and norm[max(0, start - 1) : start] == "届":
        return None, retry
    bare = start == m.start() and not pre
    resolve_only = bare and not sub and (core in g.resolve_only or _class_name(core, g))
    return _Candidate(start, end, text, bare=bare, resolve_only=resolve_only), end


def _single_char_head(unit: str, g: Grammar) -> bool:
    """True when the last word of a name is a one-character head (民政局, 区委), which may run on
    into a word; 党组, 纪委监委 and 委员会 end where they end."""
    return not unit.endswith(_as_tuple(g.multi_char_heads))


@lru_cache(maxsize=8)
def _as_tuple(words: frozenset[str]) -> tuple[str, ...]:
    """The words in one tuple, for one str.endswith/startswith call over all of them."""
    return tuple(sorted(words))


def _class_name(core: str, g: Grammar) -> bool:
    """养老服务中心, 社会工作室: a kind of facility every place has (unless a fuller form names
    one)."""
    for f in g.class_functions:
        if core.startswith(f):
            return core[len(f) :] in g.class_heads
    return False


def _inside_word(norm: str, start: int, g: Grammar) -> bool:
    """True when the level word opening a match is the end of another word (城市, 社区, 市州)."""
    if start == 0:
        return False
    prev = norm[start - 1]
    if prev in "我本全":
        return False
    if any(norm.endswith(w, 0, start + 1) for w in g.level_words if len(w) > 1):
        return True
    if prev in "省市区县州":
        return True
    return tokenizer().FREQ.get(norm[start - 1 : start + 1], 0) >= g.head_word_freq


def _titles(norm: str) -> bytearray:
    """1 at every character inside 《…》."""
    marks = bytearray(len(norm))
    for m in re.finditer(r"《[^《》\n]{1,80}》", norm):
        for i in range(m.start(), m.end()):
            marks[i] = 1
    return marks


def _prefix_parts(pre: str, g: Grammar) -> list[str]:
    """The jurisdiction words of a prefix; empty when it holds a named place or a scope."""
    parts: list[str] = []
    i = 0
    while i < len(pre):
        for n in (3, 2, 1):
            if pre[i : i + n] in g.levels:
                parts.append(pre[i : i + n])
                i += n
                break
        else:
            return []
    return parts


def _head_ends_word(norm: str, end: int, last: str, g: Grammar) -> bool:
    """False when a one-character head runs on into a word (部署, 局长, 委员, 处理, 会议)."""
    if last not in g.checked_heads or end >= len(norm):
        return True
    if last in g.verb_heads and norm[end] in g.verb_after_head:
        return False  # 办几件实事: 办 is the verb
    freq = tokenizer().FREQ
    for n in (1, 2):
        word = last + norm[end : end + n]
        if len(word) == n + 1 and freq.get(word, 0) >= g.head_word_freq:
            return False
    return True


def _starts_word(norm: str, start: int) -> bool:
    """True when a jieba token starts at ``start`` (judged on a small window)."""
    if start == 0:
        return True
    window_start = max(0, start - 6)
    pos = window_start
    for tok in tokenize(norm[window_start : start + 4]):
        if window_start + tok.start >= start:
            return window_start + tok.start == start
        pos = window_start + tok.end
    return pos == start


def _listed_levels(norm: str, start: int, g: Grammar) -> bool:
    """True when two or more level words listed with 、 come right before ``start``."""
    return g.listed_levels.search(norm, max(0, start - 12), start) is not None


def _generic_before(norm: str, start: int, g: Grammar) -> bool:
    left = norm[max(0, start - 4) : start]
    return any(left.endswith(w) for w in g.generic_before)


def _generic_after(norm: str, end: int, g: Grammar) -> bool:
    right = norm[end : end + 4]
    return any(right.startswith(w) for w in g.generic_after)


def _counted(norm: str, start: int, g: Grammar) -> bool:
    """Preceded by a count (3个党支部, 4家社区养老服务中心): a class, not one body."""
    return g.counts.search(norm[max(0, start - 6) : start]) is not None


def _titled(norm: str, end: int, g: Grammar) -> bool:
    right = norm[end : end + 6]
    if not right.startswith(g.positions):
        return False
    # 委员 is a title, 委员会 a body (区政协委员会)
    return any(right.startswith(p) and right[len(p) : len(p) + 1] != "会" for p in g.positions)


def _named_place(norm: str, start: int, text: str, pre: str, g: Grammar) -> tuple[int, str]:
    """Extend a name that starts with a level word over the place names before it:
    渝中区民政局, 上清寺街道凯尔慈佑社区养老服务中心."""
    first = next((pre[:n] for n in (3, 2, 1) if pre[:n] in g.levels), "")
    new_start = start
    while first and new_start > 0:
        name_start = _place_name(norm, new_start, first, g)
        if name_start is None:
            break
        new_start = name_start
        first = next((w for w in g.level_words if norm.endswith(w, 0, new_start)), "")
        if first:  # 上清寺街道 before 凯尔慈佑社区: the level word joins, then its own name
            below = _place_name(norm, new_start - len(first), first, g)
            if below is None:
                break
            new_start = below
            first = next((w for w in g.level_words if norm.endswith(w, 0, new_start)), "")
    if new_start == start:
        return start, text
    return new_start, norm[new_start:start] + text


def _place_name(norm: str, level_start: int, level: str, g: Grammar) -> int | None:
    """Where the proper name before the level word at ``level_start`` begins, if it has one."""
    window_start = max(0, level_start - 8)
    window = norm[window_start : level_start + len(level)]
    tokens = tokenize(window)
    freq = tokenizer().FREQ
    places = _dictionary_places()
    for tok in tokens:  # a dictionary place name holding the level word: 重庆市, 渝中区
        if tok.end == len(window) and tok.start < len(window) - len(level) and len(tok.text) >= 3:
            if tok.text in places and _proper(tok.text[: -len(level)], g):
                return window_start + tok.start
    if level not in g.named_levels:
        return None  # a county or a city has a name the dictionary knows
    # an unknown name: rare words and single characters right before the level word
    begin = len(window) - len(level)
    rare = False
    place_words = _dictionary_place_words()
    for tok in reversed([t for t in tokens if t.end <= len(window) - len(level)]):
        if tok.end != begin or begin - tok.start + (len(window) - len(level) - begin) > 5:
            break
        if not _proper(tok.text, g):
            break
        if len(tok.text) >= 2:
            if tok.text in place_words and tok.text not in g.generic_places:
                rare = True
            elif freq.get(tok.text, 0) >= g.place_name_max_freq:
                break
            rare = True
        begin = tok.start
    if rare and len(window) - len(level) - begin >= 2:
        return window_start + begin
    return None


@lru_cache(maxsize=1)
def _dictionary_places() -> frozenset[str]:
    """Words of the segmenter's dictionary tagged as proper names (ns, nt, nr, nz) that end in
    a level word: 重庆市, 渝中区, 西藏自治区, but not 边远地区 or 经济特区."""
    return _dictionary_names()[0]


@lru_cache(maxsize=1)
def _dictionary_proper_names() -> tuple[tuple[str, str], ...]:
    """(word, tag) of every proper name (ns, nr, nz, nt) in the segmenter's dictionary, read
    once."""
    with tokenizer().get_dict_file() as f:
        text = f.read().decode("utf-8")
    return tuple(
        (m.group(1), m.group(2)) for m in re.finditer(r"^(\S+) \d+ (n[srzt])$", text, re.M)
    )


@lru_cache(maxsize=1)
def _dictionary_names() -> tuple[frozenset[str], frozenset[str]]:
    levels = tuple(load_table("org_grammar")["levels"])
    names = _dictionary_proper_names()
    with_level = frozenset(w for w, _ in names if w.endswith(levels) and len(w) > 1)
    bare = frozenset(
        w for w, tag in names if tag == "ns" and 2 <= len(w) <= 4 and re.fullmatch(rf"[{_HAN}]+", w)
    )
    return with_level, bare


def _dictionary_place_words() -> frozenset[str]:
    """Place names of the segmenter's dictionary (ns): 东城, 西湖, 上清寺 if it knew it."""
    return _dictionary_names()[1]


def _companies(norm: str, g: Grammar, add: Any, taken: bytearray) -> None:
    """安徽奥丰汽车配件有限公司: a registered company name runs back from its legal suffix to
    the word that introduces it (与, 引进, 分别)."""
    for m in g.company_suffix.finditer(norm):
        end = m.end()
        window_start = max(0, m.start() - g.company_max_name)
        tokens = tokenize(norm[window_start : m.start()])
        begin = m.start()
        for tok in reversed(tokens):
            if tok.text in g.company_stop or not re.fullmatch(rf"[{_HAN}A-Za-z*×]+", tok.text):
                break
            begin = window_start + tok.start
        if m.start() - begin < 2 or any(taken[begin:end]):
            continue
        if begin == window_start and window_start > 0:
            continue  # ran out of room: no clear start, no name
        add(_Candidate(begin, end, norm[begin:end], bare=False))


def _dictionary_bodies(norm: str, g: Grammar, add: Any, taken: bytearray) -> None:
    """Bodies the segmenter's dictionary knows by name (nt): 清华大学, 国家开发银行, 创维集团."""
    known = _dictionary_organizations()
    if not known:
        return
    longest = max(len(w) for w in known)
    for m in g.dictionary_heads.finditer(norm):
        end = m.end()
        for n in range(min(longest, end), len(m.group()), -1):
            word = norm[end - n : end]
            if word in known:
                start = end - n
                if (
                    not any(taken[start:end])
                    and _head_ends_word(norm, end, word[-1], g)
                    and _starts_word(norm, start)
                ):
                    add(_Candidate(start, end, word, bare=False))
                break


@lru_cache(maxsize=1)
def _dictionary_organizations() -> frozenset[str]:
    table = load_table("org_grammar")
    heads = tuple(sorted(table["dictionary_heads"], key=len, reverse=True))
    generic = frozenset(table["dictionary_generic_modifiers"])
    names = _dictionary_proper_names()
    proper = frozenset(w for w, _ in names)
    organizations = [w for w, tag in names if tag == "nt" and 3 <= len(w) <= 12]
    freq = tokenizer().FREQ
    known: list[str] = []
    for word in organizations:
        head = next((h for h in heads if word.endswith(h)), "")
        modifier = word[: -len(head)] if head else ""
        # 清华大学, 暨南大学: a proper name (or a word the dictionary lacks) before the head;
        # not 商业银行 or 公立医院
        if (
            len(modifier) >= 2
            and modifier not in generic
            and (modifier in proper or not freq.get(modifier, 0))
        ):
            known.append(word)
    return frozenset(known)


def _proper(word: str, g: Grammar) -> bool:
    return (
        bool(word)
        and re.fullmatch(rf"[{_HAN}]+", word) is not None
        and not (word[0] in g.place_stop_chars or word in g.level_words or word in g.functions)
    )


def _enumerations(norm: str, g: Grammar, add: Any, taken: bytearray) -> None:
    """凯尔、合展、百龄帮等优质养老服务企业: the listed names are bodies of that kind."""
    freq = tokenizer().FREQ
    for m in g.enumeration.finditer(norm):
        if any(w in m.group("mid") for w in g.enumeration_stop):
            continue
        window_start = max(0, m.start() - 64)
        listed = g.enumeration_items.search(norm, window_start, m.start())
        if listed is None:
            continue
        items = listed.group().split("、")
        base = listed.start()
        # the first item may carry words before it (成功引入凯尔): drop common words
        cut = 0
        for tok in tokenize(items[0])[:-1]:
            if tok.text in g.enumeration_verbs or freq.get(tok.text, 0) >= g.enumeration_max_freq:
                cut = tok.end
            else:
                break
        items[0] = items[0][cut:]
        base += cut
        if any(not _name_like(it, g, freq) for it in items):
            continue
        pos = base
        for it in items:
            if not any(taken[pos : pos + len(it)]):
                add(_Candidate(pos, pos + len(it), it, bare=False))
            pos += len(it) + 1


def _name_like(item: str, g: Grammar, freq: dict[str, int]) -> bool:
    """A proper name rather than a common word or a field (养老、医疗等机构)."""
    if (
        len(item) < 2
        or freq.get(item, 0) >= g.enumeration_max_freq
        or any(c in item for c in "或和及与")
    ):
        return False
    if any(f in item for f in g.functions if len(f) >= 2):
        return False
    if re.fullmatch(r"[*xX×]+", item):
        return False  # a redaction alone names nothing
    head = next((h for h in g.named_kinds if item.endswith(h)), "")
    if head and freq.get(item[: -len(head)], 0) >= g.enumeration_max_freq:
        return False  # 专业银行, 保险公司: a kind of body
    toks = tokenize(item)
    return not any(freq.get(t.text, 0) >= g.enumeration_max_freq and len(t.text) >= 2 for t in toks)


def _resolve(candidates: list[_Candidate], g: Grammar) -> None:
    """Name every candidate by the fullest form the document gives its body (D5, D7)."""
    counts = Counter(c.form for c in candidates if not c.pronoun_head)
    forms = sorted(counts, key=lambda f: (-len(f), f))
    bare_forms = {c.form for c in candidates if c.bare and not c.pronoun_head}
    # 区人民政府 / 区政府, 中共**市委 / **市委: one body, named by its fullest form
    variants: dict[str, list[str]] = {}
    for form in forms:
        variants.setdefault(_variant_key(form, g), []).append(form)
    equivalent = {
        f: max(group, key=lambda f: (len(f), counts[f]))
        for group in variants.values()
        for f in group
    }
    resolved: dict[str, str] = {}
    for form in sorted(forms, key=len, reverse=True):
        if form not in bare_forms:
            resolved[form] = equivalent[form]
            continue
        longer = [f for f in forms if len(f) > len(form) and f.endswith(form)]
        if longer:
            best = max(longer, key=lambda f: (counts[f], -_first(candidates, f)))
            resolved[form] = resolved.get(best, equivalent[best])
        else:
            resolved[form] = equivalent[form]
    named = Counter(resolved[c.form] for c in candidates if not c.pronoun_head)
    for c in candidates:
        if c.pronoun_head:
            targets = [f for f in named if _pronoun_target(f, c.pronoun_head, g)]
            best = max(targets, key=lambda f: (named[f], -len(f)), default="")
            # D7: the author's own body is the one the text names most, and names more than once
            # unless it is the only one
            c.name = best if best and (named[best] >= 2 or len(targets) == 1) else ""
            continue
        name = resolved.get(c.form, c.form)
        if c.resolve_only and name == c.form:
            name = ""
        c.name = name


def _variant_key(form: str, g: Grammar) -> str:
    """The form with the words a body's name may drop removed: 中共 before a committee, 人民 in
    人民政府 / 人民法院 / 人民检察院."""
    key = form[2:] if form.startswith("中共") and len(form) > 3 else form
    for full, short in g.variants:
        key = key.replace(full, short)
    return key


def _pronoun_target(form: str, head: str, g: Grammar) -> bool:
    """我局 may stand for 区民政局 or 民政局, never for 局 alone or for a party committee (区委)."""
    if not form.endswith(head) or form.startswith(("我", "本")):
        return False
    rest = form[: -len(head)]
    return bool(rest) and not _prefix_parts(rest, g)


def _first(candidates: list[_Candidate], form: str) -> int:
    return min(c.start for c in candidates if c.form == form)
