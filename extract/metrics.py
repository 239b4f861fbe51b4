"""Finds metrics in a document: numbers with their unit, scale, qualifiers and what they measure.

A metric is a reported quantity (ANNOTATION.md section 4): 召开民主生活会2次, **万元, 1.2万人,
85%以上, 近*亿余元, 五类, 一百二十万吨, 百分之十五. Matching runs on ``doc.norm`` (half-width
digits, simplified characters) and every span is mapped back to ``doc.text``. The words that
make a number a metric or not (units, scales, qualifiers, negations) live in
``lexicons/metric_units.json``; the function words that bound the measure phrase live in
``lexicons/metric_measure.json``.

The measure is the shortest phrase of the clause saying what is counted. Beyond the noun after
or the phrase before a number, it follows the shapes reports use: a change 由A提高到B (both
values measure what changes), a level reached after a change (钢产量增长42%，达到8000万吨), an
amount a funding verb puts in (payer and use), 分别 lists (the n-th number, the n-th thing),
a clause of only a date or a verb of reaching (the clause before names the thing). A single
line break inside a sentence (hard-wrapped pages) does not end a clause.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from typing import Any

from .lexicon import load_table
from .model import Metric
from .segment import Token, tokenize, tokenizer
from .text import Doc, alternation, fold, prefiltered

_CN_DIGITS = "零〇一二两三四五六七八九"
_CN_CHARS = _CN_DIGITS + "十百千万亿"
_MARKS = "*×xX"
# Characters that end the clause a metric's measure is taken from.
_CLAUSE_BREAK = "，,。；;：:！？!?\n、（）()"
# Blanks (and the zero-width space of pasted web text) a unit may be separated by: 1 次.
# A line break inside a sentence (pages that wrap lines hard, 继⏎续超过4%, or that put a
# zero-width space on a line of its own, 之⏎\u200b⏎比) joins the words around it: one break only,
# after no sentence end, before no indent or blank line (those start a paragraph or a heading).
_SOFT_BREAK = re.compile(r"(?<=[^\s\u200b。！？；：!?;:])(?:\n\u200b\n|\n)(?=[^\s\u200b])")
_BLANKS = " \t\n\u3000\u00a0\u200b"
_GAP = "[ \t\u3000\u00a0\u200b]{0,3}"
# A quoted phrase this short with a number in it is a name or a formulation, not a report.
_SHORT_QUOTE = 14
_LEADING_DATE = re.compile(
    r"^(?:[0-9〇零一二三四五六七八九十]+|年|月|日|月份|月底|月初|年底|年初|年末)$"
    r"|^[0-9〇○零一二两三四五六七八九十]+(?:个)?(?:年|月|年度|年底|年末|年初)$"  # 一九五八年, 五年
    r"|^[〇○]$"
)
# What may follow a span of time (五年间, 五年来) or open one (今后三年, 近五年): when, not what.
_TIME_AFTER = frozenset({"间", "来", "内", "中", "里", "以来", "期间", "末", "底", "初", "的"})
_DATE_WORDS = frozenset({"年", "月", "日", "月份", "月底", "月初", "年底", "年初", "年末"})
_TIME_BEFORE = frozenset({"今后", "过去", "近", "连续", "最近", "未来"})
# What follows the first number of 由A提高到B / 从A增加到B: a short verb, then 到/至 and a number.
_TO_NUMBER = re.compile(
    r"[，,]?[\u4e00-\u9fff]{0,3}(?:到|至)(?:[\u4e00-\u9fff0-9 ]{1,8}?的)?"  # 扩大到年末的11
    r"(?:近|约|超过|不到|将近|接近|超|逾)?(?:[0-9*xX]|百分之|千分之|[一二两三四五六七八九十])"
)
# What may stand between two numbers of one change (…1076亿元增加到1562亿元).
_TO_BETWEEN = re.compile(
    r"^[，,]?[\u4e00-\u9fff]{0,3}(?:到|至)"
    r"(?:[ 0-9〇○零一二三四五六七八九十]+年(?:底|末)?的?|[\u4e00-\u9fff0-9 ]{1,8}?的)?$"
)
# Words marking where a change starts (由/从) and the object whose value changes (将/把).
_FROM_WORDS = ("由", "从")
_OBJECT_MARKERS = ("将", "把")
# Adverbs right before 由/从 (将由去年的…): will, already; not the object marker 将.
_MODALS = ("将", "要", "已", "已经", "均", "都", "分别", "也", "还", "又", "拟", "计划")
# A clause that only says how much more than before (比上年增加167亿元, 增长19%).
_CHANGE_CLAUSE = re.compile(
    r"(?:比|较|同比|增长|增加|下降|减少)[^，,。；;\n]{0,12}[0-9一二三四五六七八九十]"
)
# How much of what a bare verb acted on is taken from earlier in its sentence (家庭医生签约).
_NAMED_BEFORE_CHARS = 6
# Words joining two nouns that one number counts together (低保边缘户和支出型贫困户).
_NOUN_JOINERS = frozenset({"和", "及"})
# Single characters that open a verb of setting up something new (新设7个, 新开放了5个, 再建).
_NEW_WORDS = frozenset({"新", "再", "共", "又", "增", "扩"})
# 一是, 二是: a list marker opening a clause
_LIST_MARKER = re.compile(r"^[一二三四五六七八九十]+是$")
# Traditional characters of numbers and units; simplified text never has them.
_TRADITIONAL_NUMBER_WORDS = re.compile("[萬億餘個戶項噸畝兩擔輛]")
# What stands between the numbers of a list that shares one unit.
_LIST_JOINERS = frozenset({"、", "和", "及", "与", "或", "至", "到"})
# A phrase longer than this that lists things with 等 is measured by what follows the list.
_LIST_MIN = 8
# A token the segmenter's dictionary counts this often is a word, not a guess (行为, not 行+为).
_KNOWN_WORD = 50
_PUNCT_AFTER = frozenset(_CLAUSE_BREAK + "”’」』》〉】]\"' \t\u3000.…—-/～~")


@dataclass(frozen=True)
class _Rules:
    pattern: re.Pattern[str]
    ratio: re.Pattern[str]
    range_low: re.Pattern[str]
    breaks: re.Pattern[str]
    enclosures: re.Pattern[str]
    scales: dict[str, int]
    units_after_ge: frozenset[str]
    time_units: frozenset[str]
    age_units: frozenset[str]
    age_measures: tuple[str, ...]
    clause_end_units: frozenset[str]
    threshold_words: frozenset[str]
    negations: tuple[str, ...]
    cn_word_before: frozenset[str]
    cn_vague_units: frozenset[str]
    approx_word_before: dict[str, str]
    cn_vague_before: frozenset[str]
    fraction_units: dict[str, str]
    tenths_unit: str
    count_verbs: tuple[str, ...]
    lead: frozenset[str]
    light: frozenset[str]
    trail: frozenset[str]
    after_stop: frozenset[str]
    mid_cut: frozenset[str]
    change_words: frozenset[str]
    after_verbs: frozenset[str]
    funding_verbs: frozenset[str]
    funding_nouns: tuple[str, ...]
    purpose_openers: tuple[str, ...]
    max_chars: int
    max_prefix_chars: int
    max_after_chars: int


@lru_cache(maxsize=1)
def _rules() -> _Rules:
    u: dict[str, Any] = load_table("metric_units")
    m: dict[str, Any] = load_table("metric_measure")
    scales = {k: int(v) for k, v in u["scales"].items()}
    not_before = "".join(re.escape(c) for c in u["scale_not_before"])
    scale_alt = "|".join(
        re.escape(s) + (f"(?![{not_before}])" if s[-1] in "千百" else "")
        for s in sorted(scales, key=lambda s: (-len(s), s))
    )
    not_after = u["unit_not_before"]
    units = "|".join(
        re.escape(w) + (f"(?![{re.escape(not_after[w])}])" if w in not_after else "")
        for w in sorted(set(u["units"]), key=lambda w: (-len(w), w))
    )
    ge_units = alternation(u["units_after_ge"])
    pct = alternation(u["percent_units"])
    approx_mid = alternation(u["approx_after_number"])
    post = alternation(list(u["approx_after_unit"]) + list(u["threshold_words"]) + ["内"])
    # 3,120 groups thousands; 2022,300家 is a year and a count (the comma of a folded ，)
    # 1 1 3 4 4: text laid out from PDFs and old pages puts a blank after every digit
    digits = (
        rf"(?:[0-9]{{1,3}}(?:,[0-9]{{3}})+(?![0-9])|[0-9](?: ?[0-9])*(?![{_MARKS}])|[0-9{_MARKS}]+)"
        rf"(?: ?\. ?[0-9{_MARKS}](?: ?[0-9])*)?"
    )
    cn = rf"[{_CN_DIGITS}十百千万][{_CN_CHARS}]*(?:点[{_CN_DIGITS}]+)?"
    pattern = re.compile(
        rf"(?P<pre>{alternation(u['approx_before'])})?"
        rf"(?:(?P<pct>{alternation(list(u['fraction_units']))})(?P<pnum>{cn}|{digits})"
        rf"|(?<![{_CN_CHARS}0-9])(?P<fden>[{_CN_DIGITS}十]+|[0-9]+)分之(?P<fnum>{cn}|{digits})"
        rf"|(?<![A-Za-z0-9.{_MARKS}])(?P<num>{digits})(?![A-Za-z])"
        rf"|(?<![{_CN_CHARS}])(?P<cn>{cn}))"
        rf"(?P<mid>{approx_mid})?(?: ?(?P<scale>{scale_alt}))?(?P<mid2>{approx_mid})?"
        rf"(?:{_GAP}(?P<unit>{pct}|个多?(?P<geunit>{ge_units})|{units}))?"
        rf"(?P<alt>[（(](?:{units})[）)])?"
        rf"(?P<post>{post})?"
    )
    ratio = re.compile(
        r"(?<![0-9.:：∶])\d+(?:\.\d+)?(?:[ \u3000]?[:：∶][ \u3000]?\d+(?:\.\d+)?)+(?![0-9.:：∶])"
    )
    range_low = re.compile(
        rf"(?<![A-Za-z0-9.{_MARKS}])(?P<lo>{digits}|{cn})(?P<lopct>{pct})?"
        r"[ \u3000]?(?:-|~|～|—|–|至|到)[ \u3000]?$"
    )
    breaks = re.compile("[" + re.escape(_CLAUSE_BREAK) + "]")
    enclosures = re.compile(
        r"《[^《》\n]{0,100}》|“[^“”\n]{0,60}”|‘[^‘’\n]{0,60}’|「[^「」\n]{0,60}」"
    )
    return _Rules(
        pattern=prefiltered(pattern),
        ratio=ratio,
        range_low=prefiltered(range_low),
        breaks=breaks,
        enclosures=enclosures,
        scales=scales,
        units_after_ge=frozenset(u["units_after_ge"]),
        time_units=frozenset(u["time_units"]),
        age_units=frozenset(u["age_units"]),
        age_measures=tuple(u["age_measures"]),
        clause_end_units=frozenset(u["clause_end_units"]),
        threshold_words=frozenset(u["threshold_words"]),
        negations=tuple(u["negations"]),
        cn_word_before=frozenset(u["cn_word_before"]),
        cn_vague_units=frozenset(u["cn_vague_units"]),
        approx_word_before=dict(u["approx_word_before"]),
        cn_vague_before=frozenset(u["cn_vague_before"]),
        fraction_units=dict(u["fraction_units"]),
        tenths_unit=str(u["tenths_unit"]),
        count_verbs=tuple(sorted(u["count_verbs"], key=lambda w: (-len(w), w))),
        lead=frozenset(m["lead"]),
        light=frozenset(m["light_verbs"]),
        trail=frozenset(m["trail"]),
        after_stop=frozenset(m["after_stop"]),
        mid_cut=frozenset(m["mid_cut"]),
        change_words=frozenset(m["change_words"]),
        after_verbs=frozenset(m["after_verbs"]),
        funding_verbs=frozenset(m["funding_verbs"]),
        funding_nouns=tuple(m["funding_nouns"]),
        purpose_openers=tuple(sorted(m["purpose_openers"], key=lambda w: (-len(w), w))),
        max_chars=int(m["max_chars"]),
        max_prefix_chars=int(m["max_prefix_chars"]),
        max_after_chars=int(m["max_after_chars"]),
    )


def _is_redacted(number: str) -> bool:
    return any(c in _MARKS for c in number)


_CN_DIGIT_VALUE = {c: i for i, c in enumerate("零一二三四五六七八九")} | {"〇": 0, "两": 2}
_CN_SMALL_UNIT = {"十": 10, "百": 100, "千": 1000}


def _cn_value(numeral: str) -> Decimal | None:
    """The value of a Chinese numeral: 一百二十万 -> 1200000, 十四亿零六百万, 三点五, 一九五八.

    >>> _cn_value("一亿六千三百七十二万"), _cn_value("七十点一")
    (Decimal('163720000'), Decimal('70.1'))
    """
    whole, _, fraction = numeral.replace("万万", "亿").partition("点")  # 六万万: the old 亿
    total = section = number = 0
    previous_digit = False
    for ch in whole:
        if ch in _CN_DIGIT_VALUE:
            d = _CN_DIGIT_VALUE[ch]
            number = number * 10 + d if previous_digit else d  # 一九五八 is read digit by digit
            previous_digit = True
            continue
        previous_digit = False
        if ch in _CN_SMALL_UNIT:
            section += (number or 1) * _CN_SMALL_UNIT[ch]
        elif ch == "万":
            total += ((section + number) or 1) * 10000  # 万余人: a bare 万 is ten thousand
            section = 0
        elif ch == "亿":
            total = ((total + section + number) or 1) * 100000000
            section = 0
        else:
            return None
        number = 0
    value = Decimal(total + section + number)
    if fraction:
        if any(ch not in _CN_DIGIT_VALUE for ch in fraction):
            return None
        value += Decimal("0." + "".join(str(_CN_DIGIT_VALUE[ch]) for ch in fraction))
    return value


def _number(value: Decimal) -> int | float:
    if value == value.to_integral_value():
        return int(value)
    return float(value)


def _next_char(norm: str, end: int) -> str:
    return norm[end] if end < len(norm) else ""


def _at_clause_end(norm: str, end: int) -> bool:
    ch = _next_char(norm, end)
    return ch == "" or ch in _PUNCT_AFTER


def _is_han(ch: str) -> bool:
    return "\u4e00" <= ch <= "\u9fff"


def metrics(doc: Doc, *, measures: bool = True) -> Iterator[Metric]:
    """The metrics of ``doc`` in text order.

    ``measures=False`` skips the measure phrase (it needs segmentation, the slow part).

    >>> [(m.text, m.value, m.unit) for m in metrics(Doc.from_text("签约1.2万人，累计筛查16万余例"))]
    [('1.2万人', 12000, '人'), ('16万余例', 160000, '例')]
    """
    rules = _rules()
    norm = doc.norm
    if _TRADITIONAL_NUMBER_WORDS.search(norm):
        # A text of mostly simplified characters with traditional numbers and units in it (七萬戶)
        # was not converted as a whole; converting it keeps its length, so spans still map back.
        converted = fold(doc.text, simplify=True)[0]
        if len(converted) == len(norm):
            norm = converted
    enclosed = [(m.start(), m.end(), m.group()[0]) for m in rules.enclosures.finditer(norm)]
    enclosed_starts = [s for s, _, _ in enclosed]
    soft = [(m.start(), m.end()) for m in _SOFT_BREAK.finditer(norm)]
    soft_at = {i for s, e in soft for i in range(s, e)}
    breaks = [m.start() for m in rules.breaks.finditer(norm) if m.start() not in soft_at]
    text_of = _Segmenter(norm, soft)
    last_end = 0  # the end of the previous metric: a measure never reaches back over it
    found: list[tuple[int, int, Decimal | None, str, bool, str | None]] = []

    for m in rules.pattern.finditer(norm):
        cand = _candidate(m, norm, rules, enclosed, enclosed_starts, breaks)
        if cand is None:
            continue
        found.extend(cand)
    for m in rules.ratio.finditer(norm):
        found.extend(_ratio_parts(m, norm, breaks))
    found.sort(key=lambda f: (f[0], f[1]))
    for i in range(len(found) - 2, -1, -1):
        # 净减少10.6万、3.8万、3.3万平方公里: a list shares the unit written after its last number
        cur, nxt_found = found[i], found[i + 1]
        if (
            cur[3] == ""
            and nxt_found[3] not in ("", "%", "‰")
            and norm[cur[1] : nxt_found[0]] in _LIST_JOINERS
        ):
            found[i] = (cur[0], cur[1], cur[2], nxt_found[3], cur[4], cur[5])

    taken_until = -1
    last_parts: list[tuple[int, int]] = []
    last_changing = False  # the last metric is the start of a change (由A提高到B)
    last_head: tuple[int, int] | None = None  # what stood before the last number and its noun
    rows: list[_Row] = []
    for nstart, nend, value, unit, redacted, approx in found:
        if nstart < taken_until:
            continue  # overlaps one already given (a ratio part that is also a metric)
        taken_until = nend
        start, end = doc.span(nstart, nend)
        if start >= end:
            continue
        parts: list[tuple[int, int]] = []
        if measures:
            parts, changing = _measure_parts(text_of, nstart, nend, last_end, breaks, rules)
            if last_changing and _TO_BETWEEN.match(norm[last_end:nstart]):
                parts = last_parts  # 由1076亿元增加到1562亿元: the second value of the same thing
            elif (
                not parts and last_parts and not any(c in "。；;\n" for c in norm[last_end:nstart])
            ):
                # 25批227人次; 产量增加109亿公斤，达到4024亿公斤: the same thing again
                parts = last_parts
                if any(c in "，," for c in norm[last_end:nstart]):
                    parts = _without_change(text_of, parts, rules)  # the level, not its change
            elif last_parts and _only_change(text_of, parts, last_end, nstart, rules):
                parts = last_parts + parts  # 总产值1234亿元，增长8.5%: the change of the same thing
            if (
                len(parts) == 1
                and last_head is not None
                and unit != "次"  # 10次专题研究……、10次专题研究……: each count has its own action
                and parts[0][0] >= nend
                and norm[_clause_start(breaks, nstart) - 1 : nstart] == "、"
            ):
                parts = [last_head, parts[0]]  # 新开放了5个沿江城市、18个省会城市: one verb for all
            if (
                unit in ("倍", "%", "‰")
                and len(parts) == 1
                and parts[0][0] < parts[0][1] - 1 < nstart
                and norm[parts[0][1] - 1] == "的"
            ):
                parts = [(parts[0][0], parts[0][1] - 1)]  # 相当于前九年总和的1.6倍: the whole
            if len(parts) == 1 and parts[0][1] - parts[0][0] == 2:
                parts = [_named_before(text_of, parts[0], rules) or parts[0]]
            last_parts, last_changing = parts, changing
            both_sides = len(parts) == 2 and parts[0][1] <= nstart and parts[1][0] >= nend
            last_head = parts[0] if both_sides else None
        last_end = nend
        rows.append(_Row(nstart, nend, start, end, value, unit, redacted, approx, parts))
    if measures:
        _respectively(rows, text_of, breaks, rules)
    for row in rows:
        measure, mstart, mend = ("", None, None)
        if measures:
            measure, mstart, mend = _measure_text(doc, row.parts, text_of)
        yield Metric(
            start=row.start,
            end=row.end,
            text=doc.text[row.start : row.end],
            value=None if row.redacted or row.value is None else _number(row.value),
            unit=row.unit,
            redacted=row.redacted,
            approximate=row.approx,
            measure=measure,
            measure_start=mstart,
            measure_end=mend,
        )


@dataclass
class _Row:
    """A metric found, before its measure is written out."""

    nstart: int
    nend: int
    start: int
    end: int
    value: Decimal | None
    unit: str
    redacted: bool
    approx: str | None
    parts: list[tuple[int, int]]


def _respectively(rows: list[_Row], text_of: _Segmenter, breaks: list[int], rules: _Rules) -> None:
    """二氧化硫、氮氧化物排放量分别下降5.6%和4%: the n-th number measures the n-th thing listed."""
    norm = text_of.norm
    i = 0
    while i < len(rows):
        group = [i]
        while group[-1] + 1 < len(rows) and norm[
            rows[group[-1]].nend : rows[group[-1] + 1].nstart
        ] in ("和", "、", "及"):
            group.append(group[-1] + 1)
        first = rows[i]
        i = group[-1] + 1
        if len(group) < 2 or len(first.parts) != 1:
            continue
        s, e = first.parts[0]
        at = norm.find("分别", s, e)
        if at < 0:
            continue
        items = [(s, at)]
        floor = rows[group[0] - 1].nend if group[0] > 0 else 0
        while len(items) < len(group) and items[0][0] > floor and norm[items[0][0] - 1] == "、":
            begin = max(_clause_start(breaks, items[0][0] - 1), floor)
            if begin >= items[0][0] - 1:
                break
            items.insert(0, (begin, items[0][0] - 1))
        if len(items) < len(group) and len(items) == 1:
            begin = max(_clause_start(breaks, s), floor)
            joined = norm.find("和", begin, at)  # 城镇居民人均可支配收入和农村居民人均纯收入
            if joined > begin:
                items = [(begin, joined), (joined + 1, at)]
        change = (at + 2, e)
        if len(items) != len(group):
            items = [(s, at)] * len(group)  # 城乡低保标准分别提高13.1%和17.7%: one thing, twice
        items = [
            _strip_before(text_of.tokens(a, b), a, rules, rules.lead) or (a, a) for a, b in items
        ]
        shared = first.parts[0]
        for k, item in zip(group, items, strict=True):
            if all(part == shared for part in rows[k].parts):
                rows[k].parts = [p for p in (item, change) if p[0] < p[1]]


class _Segmenter:
    """Tokens of a span of ``norm`` read as if its soft line breaks were not there."""

    def __init__(self, norm: str, soft: list[tuple[int, int]]) -> None:
        self.norm = norm
        self.soft = soft
        self.soft_starts = [s for s, _ in soft]
        self.memo: dict[tuple[int, int], list[Token]] = {}

    def has_soft(self, start: int, end: int) -> bool:
        i = bisect.bisect_left(self.soft_starts, start)
        return i < len(self.soft) and self.soft[i][0] < end

    def tokens(self, start: int, end: int) -> list[Token]:
        """Tokens of norm[start:end] with offsets relative to ``start``."""
        key = (start, end)
        if key not in self.memo:
            self.memo[key] = self._tokens(start, end)
        return list(self.memo[key])

    def _tokens(self, start: int, end: int) -> list[Token]:
        if not self.has_soft(start, end):
            return tokenize(self.norm[start:end])
        kept = [
            i
            for i in range(start, end)
            if not any(s <= i < e for s, e in self.soft if s < end and e > start)
        ]
        compact = "".join(self.norm[i] for i in kept)
        return [
            Token(kept[t.start] - start, kept[t.end - 1] + 1 - start, t.text)
            for t in tokenize(compact)
        ]


def _enclosure_span(
    enclosed: list[tuple[int, int, str]], starts: list[int], pos: int
) -> tuple[int, int] | None:
    """The quoted span (marks included) holding ``pos``, if any."""
    i = bisect.bisect_right(starts, pos) - 1
    if i >= 0 and enclosed[i][0] < pos < enclosed[i][1] and enclosed[i][2] != "《":
        return enclosed[i][0], enclosed[i][1]
    return None


def _enclosure_at(enclosed: list[tuple[int, int, str]], starts: list[int], pos: int) -> str | None:
    i = bisect.bisect_right(starts, pos) - 1
    if i >= 0 and enclosed[i][0] < pos < enclosed[i][1]:
        return enclosed[i][2]
    return None


def _clause_start(breaks: list[int], pos: int) -> int:
    i = bisect.bisect_left(breaks, pos) - 1
    return breaks[i] + 1 if i >= 0 else 0


def _clause_end(breaks: list[int], pos: int, length: int) -> int:
    i = bisect.bisect_left(breaks, pos)
    return breaks[i] if i < len(breaks) else length


_Found = tuple[int, int, "Decimal | None", str, bool, "str | None"]


def _candidate(
    m: re.Match[str],
    norm: str,
    rules: _Rules,
    enclosed: list[tuple[int, int, str]],
    enclosed_starts: list[int],
    breaks: list[int],
) -> list[_Found] | None:
    """The metric (and the low end of a range) a number match stands for, or None."""
    g = m.group
    start, end = m.start(), m.end()
    pre = g("pre")
    if pre and start > 0 and norm[start - 1] in rules.approx_word_before.get(pre, ""):
        pre = None  # 签约1.2万人: the 约 belongs to 签约
        start = m.start("pre") + len(g("pre"))
    fraction = g("fnum")
    if fraction:
        return _fraction(m, rules)
    num_start = m.start("pct") if g("pct") else m.start("num") if g("num") else m.start("cn")
    number = g("pnum") or g("num") or g("cn")
    is_cn = bool(g("cn")) or (
        bool(g("pct")) and not any(c.isdigit() or c in _MARKS for c in number)
    )
    unit_word = g("unit") or ""
    percent = bool(g("pct")) or unit_word in ("%", "‰", rules.tenths_unit)
    unit = rules.fraction_units[g("pct")] if g("pct") else (g("geunit") or unit_word)
    post = g("post")
    scale = g(
        "scale"
    )  # a Chinese numeral carries its own scale (一百二十万) unless 多 splits it (三十多万)

    # what comes right after the whole match decides a few cases
    nxt = _next_char(norm, end)

    if not unit and not percent:
        has_big_scale = (scale is not None and scale not in ("千", "百")) or (
            is_cn and ("万" in number or "亿" in number)
        )
        if not has_big_scale:
            return None
        if post is not None and post not in ("余", "多"):
            return None  # 以上/以内 after a bare number is a threshold of a class (10万以上)
    if post == "内" and unit not in rules.time_units:
        end -= len(post)
        post = None
        nxt = _next_char(norm, end)

    before = norm[num_start - 1] if num_start > 0 else ""
    if before and nxt and before in "（(" and nxt in "）)" and start == num_start:
        return None  # a label in parentheses: 吉林（二期）
    if before == "第" or (before == "前" and unit in ("名", "位")):
        return None
    if _enclosure_at(enclosed, enclosed_starts, num_start) == "《":
        return None  # inside a title
    quoted = _enclosure_span(enclosed, enclosed_starts, num_start)
    if quoted is not None and (is_cn or quoted[1] - quoted[0] <= _SHORT_QUOTE):
        return None  # a numbered formulation or a name in quotes (“五个一”, “15分钟生活圈”)

    if unit in rules.age_units:
        clause = norm[_clause_start(breaks, start) : start]
        if not any(w in clause for w in rules.age_measures):
            return None
    if unit in rules.clause_end_units and not _at_clause_end(norm, end):
        return None
    qualifier = pre or post
    if pre in rules.threshold_words and nxt == "的":
        return None  # 投资超5亿元的项目: a class threshold
    if post in ("及以上", "及以下") and _is_han(nxt):
        return None
    if post in ("以上", "以下") and nxt == "的" and not percent:
        return None

    # the value
    redacted = _is_redacted(number)
    value: Decimal | None = None
    if not redacted:
        if is_cn:
            if number[0] in "百千万" and not (pre or g("mid") or g("mid2")):
                if not _scale_count(number, unit, nxt, norm[:num_start].rstrip(_BLANKS), rules):
                    return None  # 百姓, 千方百计; but 近百名 and 千余人 are counts
            value = _cn_value(number)
            if value is None:
                return None
        else:
            try:
                value = Decimal(number.replace(",", "").replace(" ", ""))
            except InvalidOperation:
                return None
        if scale and is_cn and "亿" in number and scale == "万":
            # 二十三亿五千多万: 多 splits the numeral, the 万 scales only what follows 亿
            value = _cn_value(number + scale)
        elif scale:
            value *= rules.scales[scale]

    if is_cn:
        if before in rules.cn_word_before and len(number) == 1:
            return None
        if before in rules.cn_vague_before or number[0] in "零〇":
            return None  # 几十种, 上百家; 一年零三个月
        if nxt and nxt in _CN_CHARS:
            return None  # 五个一, 五位一体
        window = norm[max(0, num_start - 4) : num_start]
        if any(w in window for w in rules.negations):
            return None  # 未发生一起: a negated zero
        small = value is not None and value <= 10 and not g("pct")
        if number != "一" and unit == "次" and norm.startswith(rules.count_verbs, end):
            small = False  # 两次降低存款准备金率: how often an action was taken
        elif number in ("一", "两") and (
            unit in rules.cn_vague_units or not _at_clause_end(norm, end)
        ):
            return None  # 一起, 抓好两头; but 购置公务车一辆。
        counted = bool(g("mid") or g("mid2") or post)  # 十余次 is never a formulation
        if small and not counted and unit in rules.cn_vague_units and not _at_clause_end(norm, end):
            return None

    approx = qualifier or g("mid") or g("mid2")
    if pre and post:
        approx = pre
    out: list[_Found] = []
    low = rules.range_low.search(norm, max(0, start - 16), start)
    if low and not pre:
        lo = low.group("lo")
        lo_red = _is_redacted(lo)
        lo_value: Decimal | None = None
        if not lo_red:
            if lo[0] in _CN_CHARS:
                lo_value = _cn_value(lo)
            else:
                try:
                    lo_value = Decimal(lo.replace(",", "").replace(" ", ""))
                except InvalidOperation:
                    lo_value = None
            if lo_value is not None and scale:
                lo_value *= rules.scales[scale]
        if lo_red or lo_value is not None:
            out.append(
                (
                    low.start("lo"),
                    low.end("lopct") if low.group("lopct") else low.end("lo"),
                    lo_value,
                    unit,
                    lo_red,
                    None,
                )
            )
    out.append((start, end, value, unit, redacted, approx))
    return out


def _scale_count(number: str, unit: str, nxt: str, before: str, rules: _Rules) -> bool:
    """A numeral of scale characters only with a unit (千亿斤, 万亿元) is a size (D19)."""
    return (
        not before[-1:].isdigit()  # 74.4⏎万亿元: the digits were cut off by a line break
        and len(number) >= 2
        and all(c in "十百千万亿" for c in number)
        and number[-1] in "万亿"
        and bool(unit)
        and unit not in rules.cn_vague_units
        and nxt != "级"  # 百万吨级乙烯: a class
    )


def _fraction(m: re.Match[str], rules: _Rules) -> list[_Found] | None:
    """N分之M (三分之一, 3分之2) as the ratio M/N without a unit."""
    den_text, num_text = m.group("fden"), m.group("fnum")
    values: list[Decimal | None] = []
    for t in (den_text, num_text):
        if _is_redacted(t):
            values.append(None)
        elif t[0] in _CN_CHARS:
            values.append(_cn_value(t))
        else:
            try:
                values.append(Decimal(t.replace(",", "").replace(" ", "")))
            except InvalidOperation:
                return None
    den, num = values
    redacted = _is_redacted(den_text) or _is_redacted(num_text)
    value: Decimal | None = None
    if not redacted:
        if den is None or num is None or den == 0:
            return None
        value = num / den
    start = m.start("pre") if m.group("pre") else m.start("fden")
    post = m.group("post")
    end = m.end("post") if post else m.end("fnum")  # 三分之一左右
    return [(start, end, value, "", redacted, m.group("pre") or post)]


def _ratio_parts(m: re.Match[str], norm: str, breaks: list[int]) -> list[_Found]:
    """The parts of a ratio (3.6:48:48.4) as metrics without a unit (D19)."""
    parts = list(re.finditer(r"\d+(?:\.\d+)?", m.group()))
    clause = norm[_clause_start(breaks, m.start()) : m.start()]
    if len(parts) < 3 and "比" not in clause:
        return []
    out: list[_Found] = []
    for p in parts:
        out.append(
            (m.start() + p.start(), m.start() + p.end(), Decimal(p.group()), "", False, None)
        )
    return out


def _measure_parts(
    text_of: _Segmenter, nstart: int, nend: int, last_end: int, breaks: list[int], rules: _Rules
) -> tuple[list[tuple[int, int]], bool]:
    """Spans of ``norm`` that together say what the metric at norm[nstart:nend] counts, and
    whether the metric is where a change starts (由A提高到B)."""
    cstart = max(_clause_start(breaks, nstart), last_end)
    btokens = text_of.tokens(cstart, nstart)
    changed = _changed_from(text_of, btokens, cstart, nstart, nend, last_end, breaks, rules)
    if changed is not None:
        return [changed], True
    return _measure_spans(text_of, btokens, cstart, nstart, nend, last_end, breaks, rules), False


def _measure_spans(
    text_of: _Segmenter,
    btokens: list[Token],
    cstart: int,
    nstart: int,
    nend: int,
    last_end: int,
    breaks: list[int],
    rules: _Rules,
) -> list[tuple[int, int]]:
    """Spans of ``norm`` that together say what the metric at norm[nstart:nend] counts."""
    norm = text_of.norm
    cend = _clause_end(breaks, nend, len(norm))
    atokens = text_of.tokens(nend, cend)
    before = _strip_before(btokens, cstart, rules, rules.lead)
    after = _noun_after(atokens, nend, rules)
    if after is not None:
        if before is not None and norm[before[1] - 1] == "的":
            return [before, after]
        prefix = _verb_prefix(btokens, cstart, rules)
        return [prefix, after] if prefix is not None else [after]
    if before is not None:
        funded = _funded(text_of, btokens, cstart, nend, cend, last_end, breaks, rules)
        if funded is not None:
            return funded
        b_start, b_end = before
        if b_end - b_start > _LIST_MIN:
            ends = [
                cstart + t.end
                for t in btokens
                if t.text in ("等", "等等") and b_start < cstart + t.start
            ]
            if (
                ends and ends[-1] < b_end - 1
            ):  # 防范化解……等重点调研视察: what is counted follows the list
                b_start = ends[-1]
                for t in btokens:  # 河北等地的市州政协客人: the list's own tail is not counted
                    if cstart + t.start == b_start and t.text in ("地", "地区", "的"):
                        b_start = cstart + t.end
        if b_end - b_start > rules.max_chars:
            b_start = next(
                (cstart + t.start for t in btokens if cstart + t.start >= b_end - rules.max_chars),
                b_start,
            )
        return [(b_start, b_end)]
    verbal = _phrase_after(atokens, nend, rules)
    if verbal is not None:
        return [verbal]
    following = _purpose_after(text_of, nend, cend, breaks, rules)
    if following is not None:
        return [following]  # 投入*万元，为全区养老机构购买保险: the next clause says what for
    plain = _strip_before(btokens, cstart, rules, rules.lead - rules.light)
    if plain is not None:
        return [plain]  # 已投入**亿元: nothing but the verb says what it is
    if all(
        t.text in rules.lead
        or t.text in rules.trail
        or not t.text.strip()
        or t.text in _DATE_WORDS
        or _is_time(btokens, k, len(btokens))
        for k, t in enumerate(btokens)
    ):
        # 分类受理达到,90%以上; 原油产量继续增长，达到1.42亿吨; 农民人均纯收入，1982年为270元:
        # the number (or only a verb of reaching, or a date) opens its clause, the measure
        # closed the one before
        previous = _previous_clause(text_of, cstart, last_end, breaks, rules)
        if previous is not None:
            return [previous]
    return []


def _without_change(
    text_of: _Segmenter, parts: list[tuple[int, int]], rules: _Rules
) -> list[tuple[int, int]]:
    """``parts`` without the words at their end that say how the thing changed (钢产量增长)."""
    s, e = parts[-1]
    tokens = text_of.tokens(s, e)
    j = _change_cut(tokens, rules)
    if j == len(tokens):
        return parts
    return [*parts[:-1], (s, s + tokens[j - 1].end)]


def _change_cut(tokens: list[Token], rules: _Rules) -> int:
    """How many tokens remain when the words at the end saying how a thing changed are cut."""
    j = len(tokens)
    while j > 1 and (
        tokens[j - 1].text in rules.change_words or tokens[j - 1].text in ("继续", "了")
    ):
        j -= 1
    return j


def _named_before(
    text_of: _Segmenter, verb: tuple[int, int], rules: _Rules
) -> tuple[int, int] | None:
    """家庭医生签约服务团队8个，签约1.2万人: a bare verb takes what it acted on where the sentence
    said it before (家庭医生签约)."""
    norm = text_of.norm
    word = norm[verb[0] : verb[1]]
    if not all(_is_han(c) for c in word) or word in rules.lead or word in rules.trail:
        return None
    sentence = max(norm.rfind(c, 0, verb[0]) for c in "。；;！？\n") + 1
    at = norm.rfind(word, sentence, verb[0] - len(word))
    if at < 0:
        return None
    tokens = text_of.tokens(sentence, at + len(word))
    if not tokens or tokens[-1].text != word:
        return None  # 出口 inside 进出口 is not the same word
    i = len(tokens) - 1
    chars = 0
    while i > 0:
        t = tokens[i - 1].text
        if (
            t in rules.lead
            or t in rules.trail
            or t in ("的", "了", "很")
            or _punct(t)
            or _LEADING_DATE.match(t)
            or not all(_is_han(c) for c in t)
            or chars + len(t) > _NAMED_BEFORE_CHARS
        ):
            break
        chars += len(t)
        i -= 1
    if chars < 2:
        return None
    return sentence + tokens[i].start, at + len(word)


def _previous_clause(
    text_of: _Segmenter, cstart: int, last_end: int, breaks: list[int], rules: _Rules
) -> tuple[int, int] | None:
    """The phrase of the clause before ``cstart``, without how it changed (原油产量继续增长)."""
    norm = text_of.norm
    if cstart <= last_end or norm[cstart - 1] not in "，,：:":
        return None
    pstart = max(_clause_start(breaks, cstart - 1), last_end)
    tokens = text_of.tokens(pstart, cstart - 1)
    j = _change_cut(tokens, rules)
    previous = _strip_before(tokens[:j], pstart, rules, rules.lead)
    if previous is None or previous[1] - previous[0] > rules.max_chars:
        return None
    return previous


def _changed_from(
    text_of: _Segmenter,
    btokens: list[Token],
    cstart: int,
    nstart: int,
    nend: int,
    last_end: int,
    breaks: list[int],
    rules: _Rules,
) -> tuple[int, int] | None:
    """What changes in 筹资标准由50元提高到100元: the phrase before 由/从 (or the clause before)."""
    if not _TO_NUMBER.match(text_of.norm, nend):
        return None
    k = next((i for i in range(len(btokens) - 1, -1, -1) if btokens[i].text in _FROM_WORDS), -1)
    if k < 0 or nstart - (cstart + btokens[k].end) > 8:
        return None  # 由 far before the number is not where the change starts
    head = btokens[:k]
    while head and head[-1].text in _MODALS:
        head = head[:-1]
    marker = next((i for i in range(len(head) - 1, -1, -1) if head[i].text in _OBJECT_MARKERS), -1)
    head = head[marker + 1 :]  # 用两年时间将筹资标准由……: what 将 takes is what changes
    if head:
        phrase = _strip_before(head, cstart, rules, rules.lead)
        if phrase is not None:
            return phrase
    if any(not (t.text in rules.lead or t.text in rules.trail) for t in head):
        return None
    return _previous_clause(text_of, cstart, last_end, breaks, rules)


def _funded(
    text_of: _Segmenter,
    btokens: list[Token],
    cstart: int,
    nend: int,
    cend: int,
    last_end: int,
    breaks: list[int],
    rules: _Rules,
) -> list[tuple[int, int]] | None:
    """Payer and use of an amount a funding verb puts in (中央财政将安排832亿元，支持……)."""
    j = len(btokens)
    while j > 0 and (btokens[j - 1].text in rules.trail or not btokens[j - 1].text.strip()):
        j -= 1
    if j == 0 or btokens[j - 1].text not in rules.funding_verbs:
        return None
    verb = j - 1
    while j > 1 and btokens[j - 2].text in _MODALS + ("为此",):
        j -= 1
    payer = _strip_before(btokens[: j - 1], cstart, rules, rules.lead) if j > 1 else None
    use = _purpose_after(text_of, nend, cend, breaks, rules) or _purpose_before(
        text_of, cstart, last_end, breaks, rules
    )
    if use is None:
        if payer is None or j - 1 == verb:
            return None  # no modal to drop: the phrase as it is
        if text_of.norm[payer[0] : payer[1]].endswith(rules.funding_nouns):
            return [payer]  # 中央财政用于“三农”的投入拟安排: the payer phrase names the amount
        v = btokens[verb]
        return [payer, (cstart + v.start, cstart + v.end)]  # 中央财政将安排 -> 中央财政安排
    return [payer, use] if payer is not None else [use]


def _purpose_before(
    text_of: _Segmenter, cstart: int, last_end: int, breaks: list[int], rules: _Rules
) -> tuple[int, int] | None:
    """The 为 clause opening the sentence before an amount (为加快社会保障体系建设，……)."""
    norm = text_of.norm
    if cstart <= last_end or norm[cstart - 1] not in "，,":
        return None
    pstart = _clause_start(breaks, cstart - 1)
    if pstart < last_end or not norm.startswith(("为", "为了"), pstart):
        return None
    tokens = text_of.tokens(pstart, cstart - 1)
    i = 0
    while i < len(tokens) and tokens[i].text in ("为", "为了", "进一步", "加快", "加大", "大力"):
        i += 1
    if i >= len(tokens) or cstart - 1 - (pstart + tokens[i].start) > rules.max_chars:
        return None
    return pstart + tokens[i].start, cstart - 1


def _purpose_after(
    text_of: _Segmenter, nend: int, cend: int, breaks: list[int], rules: _Rules
) -> tuple[int, int] | None:
    """The purpose clause right after an amount that nothing before names (投入*万元，为……)."""
    norm = text_of.norm
    if cend != nend or cend >= len(norm) or norm[cend] not in "，,":
        return None
    start = cend + 1
    if _CHANGE_CLAUSE.match(norm, start):
        # 安排832亿元，比上年增加167亿元，支持……: the use follows the change
        start = _clause_end(breaks, start, len(norm)) + 1
        if start > len(norm) or norm[start - 1] not in "，,":
            return None
    if not norm.startswith(rules.purpose_openers, start):
        return None
    end = _clause_end(breaks, start, len(norm))
    tokens = text_of.tokens(start, end)
    i = 0
    while i < len(tokens) and (
        tokens[i].text in rules.lead
        or tokens[i].text.endswith("用于")  # 用于支持地方……: what it is used for follows
        or all(c in _MARKS or c.isspace() for c in tokens[i].text)
    ):
        i += 1
    if i >= len(tokens) or end - (start + tokens[i].start) > rules.max_chars:
        return None
    return start + tokens[i].start, end


def _only_change(
    text_of: _Segmenter, parts: list[tuple[int, int]], last_end: int, nstart: int, rules: _Rules
) -> bool:
    """True when the measure found only says how something changed (增长, 比上年增加)."""
    norm = text_of.norm
    if len(parts) != 1 or "。" in norm[last_end:nstart] or "\n" in norm[last_end:nstart]:
        return False
    s, e = parts[0]
    if s < last_end:
        return False
    return all(t.text in rules.change_words for t in text_of.tokens(s, e))


def _measure_text(
    doc: Doc, parts: list[tuple[int, int]], text_of: _Segmenter
) -> tuple[str, int | None, int | None]:
    spans = [doc.span(s, e) for s, e in parts]
    text = "".join(doc.text[s:e] for s, e in spans)
    if any(text_of.has_soft(s, e) for s, e in parts):
        return "".join(c for c in text if c not in "\n\u200b"), None, None
    if len(spans) == 1:
        return text, spans[0][0], spans[0][1]
    return text, None, None


def _strip_before(
    tokens: list[Any], offset: int, rules: _Rules, lead: frozenset[str]
) -> tuple[int, int] | None:
    """The phrase before a number without its ``lead`` words (scope, light verbs) and links."""
    i, j = 0, len(tokens)
    while i < j:
        t = tokens[i].text
        if _is_time(tokens, i, j) or _LIST_MARKER.match(t):
            i += 1  # 2023年完成……, 五年共利用外资: when is not what
            if i < j and tokens[i].text in _TIME_AFTER:
                i += 1  # 五年间, 五年来, 一九八五年末
            elif i + 1 < j and tokens[i].text in ("到", "至", "和") and _is_time(tokens, i + 1, j):
                i += 1  # 1到10月
        elif t == "的":
            i += 1
        elif t in _TIME_BEFORE and _is_time(tokens, i + 1, j):
            i += 1  # 今后三年
        elif t in lead or not t.strip() or _punct(t):
            i += 1
        else:
            break
    level = j > i and tokens[j - 1].text in ("到", "至")
    while j > i and (
        tokens[j - 1].text in rules.trail
        or not tokens[j - 1].text.strip()
        or tokens[j - 1].text[0] == "每"
        or (j > i + 1 and _LEADING_DATE.match(tokens[j - 1].text) and _is_time(tokens, j - 1, j))
        or (j > i + 2 and tokens[j - 1].text in ("底", "末") and _is_time(tokens, j - 2, j))
    ):
        j -= 1  # 孤儿保障标准每人每月*元, 外汇储备2000年底达: the period or date is not what
    if level:
        j = i + _change_cut(tokens[i:j], rules)  # 城镇化率提高到66.2%: the level, not the change
        if j == i + 1 and tokens[i].text in rules.change_words:
            return None  # 1987年提高到463元: only the change; the thing is named before
        while j > i and tokens[j - 1].text in rules.trail:
            j -= 1  # 用棉量已降低到: 已
    for k in range(j - 2, i, -1):
        if tokens[k].text in rules.mid_cut and tokens[k].text in lead:
            i = k + 1  # 支持社会组织实施社会服务项目: what the last light verb does is counted
            break
    if i >= j:
        return None
    return offset + tokens[i].start, offset + tokens[j - 1].end - _glued_trail(
        tokens[j - 1].text, rules
    )


def _is_time(tokens: list[Any], i: int, j: int) -> bool:
    """True when tokens[i] says when (一九五八年, 五年, 2023 年), not what."""
    t = tokens[i].text if i < j else ""
    if not _LEADING_DATE.match(t):
        return False
    if not (t[-1].isdigit() or t[-1] in _CN_CHARS) or i + 1 >= j:
        return True  # 一九五八年, 五年, 年
    # a bare number is part of a date (1 9 9 7 年, 一九五 〇 年) unless a word follows (60岁以上)
    nxt = tokens[i + 1].text
    return not _is_han(nxt[0]) or nxt[0] in "年月日〇○到至" or nxt[0] in _CN_CHARS


def _glued_trail(token: str, rules: _Rules) -> int:
    """How many final characters of a token the segmenter glued on from a link word (数达 -> 数)."""
    if tokenizer().FREQ.get(token, 0) >= _KNOWN_WORD:
        return 0
    for k in range(min(3, len(token) - 1), 0, -1):
        if token[-k:] in rules.trail:
            return k
    return 0


def _verb_prefix(tokens: list[Any], offset: int, rules: _Rules) -> tuple[int, int] | None:
    """The content verb right before a number that counts the noun after it (新建4家 -> 新建)."""
    j = len(tokens)
    while j > 0 and (tokens[j - 1].text in rules.trail or not tokens[j - 1].text.strip()):
        j -= 1
    i = j
    chars = 0
    while i > 0:
        t = tokens[i - 1].text
        if (
            t in rules.lead
            or t in rules.light
            or _LIST_MARKER.match(t)
            or _punct(t)
            or chars + len(t) > rules.max_prefix_chars
        ):
            break
        if not all(_is_han(c) for c in t):
            break
        chars += len(t)
        i -= 1
    if i >= j or (len(tokens[i].text) < 2 and tokens[i].text not in _NEW_WORDS):
        return None  # a lone character is a verb's tail (送/去), not a verb; but 新设, 新开放
    return offset + tokens[i].start, offset + tokens[j - 1].end


def _noun_after(tokens: list[Any], offset: int, rules: _Rules) -> tuple[int, int] | None:
    """The noun a number counts when it follows the unit (建成22个“健康自测小屋”)."""
    if tokens and tokens[0].text == "的":
        tokens = tokens[1:]  # 七万户的私营工业企业: the noun follows the 的
    j = 0
    chars = 0
    crossed = -1  # where the one 的 the phrase may cross is (可具推广的“微治理”鲜活样板)
    verb = -1  # where the one verb it may go on through is (老人提供资源链接)
    for k, t in enumerate(tokens):
        text = t.text
        if text == "的" and crossed < 0 and verb < 0 and j > 0:
            crossed = k
        elif text in rules.after_verbs and verb < 0 and crossed < 0 and j > 0:
            verb = k
        elif text in rules.after_stop or any(c.isdigit() or c in _MARKS for c in text):
            break
        elif text in _NOUN_JOINERS and (j == 0 or not _is_han(_first_char(tokens, k + 1))):
            break  # 低保边缘户和支出型贫困户 goes on; 5.6%和4% does not
        if chars + len(text) > rules.max_after_chars:
            break
        chars += len(text)
        j += 1
    if crossed >= 0 and j <= crossed + 1:
        j = crossed  # nothing after the 的: the noun ended before it
    while j > 0 and (
        not tokens[j - 1].text.strip()
        or tokens[j - 1].text in "“‘「"
        or tokens[j - 1].text in _NOUN_JOINERS
    ):
        j -= 1
    if j == 0 or not any(_is_han(c) for t in tokens[:j] for c in t.text):
        return None
    if not _is_han(tokens[0].text[0]) and tokens[0].text[0] not in "“‘「":
        return None
    return offset + tokens[0].start, offset + tokens[j - 1].end


def _first_char(tokens: list[Any], k: int) -> str:
    return tokens[k].text[0] if k < len(tokens) else ""


def _phrase_after(tokens: list[Any], offset: int, rules: _Rules) -> tuple[int, int] | None:
    """The clause after a number when nothing else says what it counts (**万个纳入保障对象)."""
    j = 0
    chars = 0
    for t in tokens:
        if (
            any(c.isdigit() or c in _MARKS for c in t.text)
            or chars + len(t.text) > rules.max_after_chars
        ):
            break
        chars += len(t.text)
        j += 1
    while j > 0 and _punct(tokens[j - 1].text):
        j -= 1
    if j == 0 or not _is_han(tokens[0].text[0]):
        return None
    return offset + tokens[0].start, offset + tokens[j - 1].end


def _punct(text: str) -> bool:
    return all(not (c.isalnum() or _is_han(c)) for c in text) and text not in ("“", "‘", "「")
