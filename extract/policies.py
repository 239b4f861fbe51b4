"""Finds policy documents in a document: titles in 《》, known short titles, quoted 文件.

ANNOTATION.md section 5 and D11, D15, D20: a title in 《》 is a Policy when it ends like a rule,
law, plan, standard or notice (《社区养老服务规范》), not a newspaper, book or project; without
《》 only established short titles of standing rules count (八项规定, 党章, 宪法, 民法典), laws
cited by a short title after a verb that applies or makes them (贯彻实施就业促进法), and titles in
“” that the text calls 文件. A title in 《》 put into effect is a document whatever its ending
(全面实施《中国制造2025》). A rule cited both by its short and its full title takes
the short form as name (党章 / 《中国共产党章程》).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache

from .concepts import original_name
from .lexicon import load_words
from .model import Mention
from .text import Doc, alternation, prefiltered

_EXTRACTOR = "policies"
_NUM = "一二两三四五六七八九十百"
# A line break may sit inside the marks (text copied from linked web pages: 《\n…法\n》).
_TITLE = re.compile(r"《\s*([^《》\n]{2,100}?)\s*》")
# A trailing （试行） or （2021-2025年） is part of the title but not what says its kind.
_TRAILER = re.compile(r"(?:[（(][^（）()]{1,16}[）)])+$")
# Before a title: the document is being read, published or written as a book.
_BOOK_HEAD = re.compile(r"(?:出版|编印|编写|编撰|撰写|阅读|精读|细读|研读|通读|品读|赠阅|读书)$")
_BOOK_TAIL = re.compile(r"^(?:等)?(?:[\u4e00-\u9fff]{0,4})?(?:书目|一书|丛书|读本|书籍|专著|图书)")
_PROJECT_TAIL = re.compile(
    rf"^(?:课题|研究|调研|等[{_NUM}\d*]*[余多]?个?(?:项目|活动|作品)|项目|系列活动|主题活动)"
)
# “A、B、C”等系列文件: titles in quotes that the text calls 文件 (D15).
_QUOTED_FILES = re.compile(
    r"“([^“”\n]{2,200})”(?=(?:等)?(?:系列|一系列|相关|[一二两三四五六七八九十\d]+[个份项])?文件)"
)
# N项规定 with who issued them: 中央八项规定 is the 八项规定; 省市委十项规定 names itself.
_N_RULES = prefiltered(
    re.compile(rf"(中央|省市委|省市|省委|市委|区委|县委|省|市)?([{_NUM}]+项规定)")
)
_NOT_AFTER_SHORT = re.compile(r"^(?:宣传|日|周|月|学习月|知识竞赛)")


@dataclass(frozen=True)
class _Rules:
    kinds_re: re.Pattern[str]
    not_title_re: re.Pattern[str]
    short_re: re.Pattern[str]
    short_of: dict[str, str]
    law_verb_re: re.Pattern[str]
    enacted_re: re.Pattern[str]
    not_law_re: re.Pattern[str]


@lru_cache(maxsize=1)
def _rules() -> _Rules:
    short_of: dict[str, str] = {}
    for entry in load_words("policy_short_titles"):
        short, _, full = entry.partition("=")
        short_of[short] = short
        if full:
            short_of[full] = short
    return _Rules(
        kinds_re=re.compile(rf"(?:{alternation(load_words('policy_title_kinds'))})$"),
        not_title_re=re.compile(rf"(?:{alternation(load_words('policy_not_titles'))})$"),
        short_re=re.compile(alternation(list(short_of))),
        short_of=short_of,
        law_verb_re=re.compile(alternation(load_words("policy_law_verbs"))),
        enacted_re=re.compile(rf"(?:{alternation(load_words('policy_law_verbs'))})$"),
        not_law_re=re.compile(rf"(?:{alternation(load_words('policy_not_laws'))})$"),
    )


def is_policy_title(title: str) -> bool:
    """True when a title (the words inside 《》) names a rule, law, plan, standard or notice.

    >>> is_policy_title("中国共产党支部工作条例（试行）"), is_policy_title("习近平谈治国理政")
    (True, False)
    """
    rules = _rules()
    core = _TRAILER.sub("", title.strip())
    if not core or rules.not_title_re.search(core):
        return False
    kind = rules.kinds_re.search(core)
    # a bare kind word (《纲要》, 《条例》) is a shortened reference, not a title (D15)
    return kind is not None and kind.start() >= 2


def policies(doc: Doc) -> Iterator[Mention]:
    """Policies of ``doc``: each Mention's ``name`` is the title, short form where the text has one.

    >>> doc = Doc.from_text("学习《中国共产党章程》，遵守党章和中央八项规定。")
    >>> [m.name for m in policies(doc)]
    ['党章', '党章', '八项规定']
    """
    rules = _rules()
    norm = doc.norm
    found: list[tuple[int, int, str]] = []
    titles: list[tuple[int, int]] = []
    for m in _TITLE.finditer(norm):
        titles.append((m.start(), m.end()))
        title = m.group(1).strip()
        head = norm[max(0, m.start() - 4) : m.start()]
        # the words after a run of titles (《A》《B》等书目) speak for all of them
        end = m.end()
        while (n := _TITLE.match(norm, end)) is not None or norm[end : end + 1] in "、":
            if n is None:
                n = _TITLE.match(norm, end + 1)
                if n is None:
                    break
            end = n.end()
        after = norm[end : end + 12]
        if _BOOK_HEAD.search(head) or _BOOK_TAIL.match(after) or _PROJECT_TAIL.match(after):
            continue
        if is_policy_title(title) or (
            rules.enacted_re.search(norm, max(0, m.start() - 6), m.start())
            and not rules.not_title_re.search(title)
            and re.search(f"[{_CJK}]", title)
        ):
            # a title put into effect is a document whatever its ending: 实施《中国制造2025》
            found.append((m.start(), m.end(), title))
    for m in _QUOTED_FILES.finditer(norm):
        pos = m.start(1)
        for part in re.split("[、，,]", m.group(1)):
            stripped = part.strip()
            if stripped and is_policy_title(stripped):
                at = pos + part.index(stripped)
                found.append((at, at + len(stripped), stripped))
            pos += len(part) + 1
    found.extend(_laws(norm, titles, rules))
    short_seen: set[str] = set()
    for start, end, short in _short_titles(norm, titles, rules):
        found.append((start, end, short))
        short_seen.add(short)
    for nstart, nend, name in sorted(found):
        if name in rules.short_of and rules.short_of[name] in short_seen:
            name = rules.short_of[name]  # D15: the short form the text also uses is the name
        start, end = doc.span(nstart, nend)
        if start < end:
            yield Mention.from_span(
                doc.text,
                start,
                end,
                "Policy",
                name=original_name(doc, name, nstart),
                extractor=_EXTRACTOR,
            )


_CJK = "\u4e00-\u9fff"
_CLAUSE = re.compile(r"[^，,。；;：:！？!?\n（）()“”]+")
_LAW_PART = re.compile(rf"[{_CJK}]{{1,16}}法")
_LAW_LEAD = re.compile("^(?:了|好|新修订的|新修改的|新的|新)")


def _laws(
    norm: str, titles: list[tuple[int, int]], rules: _Rules
) -> Iterator[tuple[int, int, str]]:
    """Laws cited by a short title after a verb that enacts or applies them (D15):
    认真贯彻实施就业促进法和劳动合同法, 落实好新修订的个人所得税法."""
    for clause in _CLAUSE.finditer(norm):
        for verb in rules.law_verb_re.finditer(norm, clause.start(), clause.end()):
            pos = verb.end()
            lead = _LAW_LEAD.match(norm[pos : clause.end()])
            if lead:
                pos += lead.end()
            for part in re.split("[、和及与]", norm[pos : clause.end()]):
                if not part or _LAW_PART.fullmatch(part) is None:
                    break  # the list of laws ends where a part is no law
                if rules.law_verb_re.match(part):
                    break  # a later verb opens the list: 落实…实施香港特别行政区维护国家安全法
                if (
                    not rules.not_law_re.search(part)
                    and "的" not in part
                    and len(part) >= 3
                    and not _inside(titles, pos, pos + len(part))
                    and part not in rules.short_of
                ):
                    yield pos, pos + len(part), part
                pos += len(part) + 1


def _inside(spans: list[tuple[int, int]], start: int, end: int) -> bool:
    return any(s <= start and end <= e for s, e in spans)


def _in_quoted_phrase(norm: str, start: int, end: int) -> bool:
    """True when the span sits inside a longer quoted phrase (“美好生活民法典相伴”)."""
    left = norm.rfind("“", max(0, start - 30), start)
    if left < 0 or "”" in norm[left:start]:
        return False
    right = norm.find("”", end, end + 30)
    return right >= 0 and (left + 1, right) != (start, end)


def _short_titles(
    norm: str, titles: list[tuple[int, int]], rules: _Rules
) -> Iterator[tuple[int, int, str]]:
    """Short titles without 《》 (D11): 八项规定, 中央八项规定, 省市委十项规定, 党章, 宪法."""
    taken: list[tuple[int, int]] = []
    for m in _N_RULES.finditer(norm):
        if _inside(titles, m.start(), m.end()) or _in_quoted_phrase(norm, m.start(2), m.end()):
            continue
        issuer = m.group(1) or ""
        name = m.group(2) if issuer in ("", "中央") else issuer + m.group(2)
        taken.append((m.start(), m.end()))
        yield m.start(), m.end(), name
    for m in rules.short_re.finditer(norm):
        s, e = m.start(), m.end()
        if _inside(titles, s, e) or _inside(taken, s, e) or _in_quoted_phrase(norm, s, e):
            continue
        if _NOT_AFTER_SHORT.match(norm[e : e + 4]) or norm[e : e + 1] in ("草", "修"):
            continue  # 宪法宣传日 is a day, 宪法草案 / 宪法修正案 are other documents
        yield s, e, rules.short_of[m.group()]
