"""Finds programs (named initiatives carried out) and slogans (fixed formulations) in a document.

Three sources, in the order ANNOTATION.md sections 2 and 3 and its Decisions rank them:

- quoted phrases “…”: the words around the quote decide. A kind word after it (“千元礼葬”惠民项目)
  or a carrying-out verb before it (开展“…”) makes a Program; a requirement verb before it
  (树牢“四个意识”), a goal word after it (“零感染”底线), a numbered or multi-clause core makes a
  Slogan; honors (D6), metaphors (D12), achievements (D18), policy titles and bodies are left
  to others or not annotated. Quotes in a run (“A”、“B”“C”等活动) share the run's context.
- unquoted initiatives ending in a kind word (殡葬领域突出问题专项整治行动, 阳光资金监管平台,
  新型城镇化战略, 河长制), their left edge found on jieba tokens; plans and inspections only when
  carried out (实施全民健身计划, not 出台…行动计划: D20); a reform of a whole system or tax is a
  field (户籍制度改革); rules and systems only when newly set up (D2).
- lists that share one kind word (开展A、B等试点, 蓝天、碧水、净土保卫战: D17) and events a body
  holds (成功举办第十一届亚运会), not those it attends.
- unquoted numbered formulations (两手抓、两手硬, 一岗双责, 坚持四项基本原则) (D1).

The lexicons ``concept_*.txt`` hold the domain's kind words, verbs and patterns.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache

from .lexicon import load_words
from .model import Mention, normalize_name
from .segment import tokenize
from .text import Doc, alternation

_EXTRACTOR = "concepts"
_NUM = "一二两三四五六七八九十百千万双"
_CJK = "\u4e00-\u9fff"
_REDACTION = "*×xX"

# How far around a quote the context words are looked for.
_HEAD_WINDOW = 14
_TAIL_WINDOW = 18
# Longest modifier between a quote and the kind word that follows it (“两项补贴”信息比对平台).
_MAX_MODIFIER = 10
_MAX_CORE = 40

# Characters and words that cannot sit inside a modifier: a kind word behind them belongs
# to another phrase (“四风”问题进行排查).
_MODIFIER_STOPS = re.compile("[的等是被把将了也都已并]|进行|更加|实现|达到|得到")
# Words right after a quote that say the quoted thing is carried out or spread.
_CARRIED_OUT = re.compile(
    r"(?:落实|落地|落细|实施|开展|运行|推广|全面推开|全面铺开|正式开启|开启|正式启动|启动|开通|启用|上线)"
)
_PREPOSITIONS = frozenset("在为对向从让使由于以被把将")
# What may stand between a verb and the quote it governs: scope, count, level and 的.
_FILLER = re.compile(
    rf"(?:的|了|好|全[市区县省国镇乡局]|[省市区县镇乡村街]级|首批|首届|首个|新一轮|一批|一系列|系列"
    rf"|第[{_NUM}\d*]+[次届期批]|[{_NUM}\d*]+[个项批次场届期家所座条]|[*x×]+[省市区县]"
    rf"|[{_NUM}\d*]+年)$"
)
_HEAD_STOP = re.compile(r"[。；;！？!?\n，,：:“”‘’《》（）()\"「」]")
_TAIL_RUN = re.compile(rf"[{_CJK}]+")
# 等 / 等5个 / 等10余次 / 等系列 before the kind word that closes a run of quotes.
_ETC = re.compile(rf"^等(?:[{_NUM}\d*]+[余多]?[个项次场批类]?|系列|一系列)?")
# “…” and 「…」, and the straight "…" of text typed or scraped without curly quotes
_QUOTE = re.compile(
    rf"“([^“”\n]{{1,{_MAX_CORE}}})”|「([^「」\n]{{1,{_MAX_CORE}}})」|\"([^\"“”\n]{{1,{_MAX_CORE}}})\""
)
_INNER_QUOTE = re.compile(r"‘([^‘’\n]{2,20})’")
_TITLE = re.compile(r"《\s*([^《》\n]{1,100}?)\s*》")
_CHAIN_GAP = re.compile(r"^[、，,和与及]?$")
_NUMBERED = re.compile(rf"^[{_NUM}\d]|第[{_NUM}]|[{_NUM}][个项大]")
_ACHIEVEMENT = re.compile(rf"^[{_NUM}\d]+连[增升涨降冠胜跳]|\d+(?:\.\d+)?%|达到|增长")
# Five-year plan periods (“十四五”, “七五”) name a time, not a program or slogan.
_PLAN_PERIOD = re.compile(rf"^[{_NUM}]+五$")
_ADMIN_LEVELS = re.compile(r"^[省市县区镇乡村街道社区组户、，]+$")
_ROLE = re.compile(r"(?:人|者|员)$")
_ZERO_GOAL = re.compile(r"^零[\u4e00-\u9fff]")
_ORGANIZATION_END = re.compile(r"(?:委|局|厅|署|办|政府|党委|党组|支部)$")
# A campaign to earn a designation is a Program (D16: 创建“五星党支部”).
_EARN_VERBS = frozenset(("创建", "争创", "创评", "争当"))
# A quoted category counted right after (“特色商家”共22家) is what a metric counts.
_COUNTED = re.compile(r"^(?:共|达|计|累计|约|近)?[\d*×]")
_SYMBOLS_ONLY = re.compile(r"^[*×xX+＋\-—·、，,/ ]+$")
_HONOR_HEAD = re.compile(
    r"(?:评为|评选为|获评|荣获|获得|获|授予|命名为|被命名|入选|当选|列为|确定为|认定为)$"
)
_HONOR_TAIL = re.compile(r"^(?:称号|荣誉|等级|等次|奖|表彰|殊荣|单位)")
_HOSTILE_TAIL = re.compile(
    rf"^[{_CJK}]{{0,6}}?(?:集团|团伙|分子|势力|阴谋|谬论|罪行|分裂)|^的?(?:旗号|幌子|论调)|^为名"
)
_COMPLETED = re.compile(
    rf"^[{_CJK}]{{0,6}}?(?:研制成功|建成投产|建成通车|建成|投入使用|投入运行|竣工|投产|通车|发射成功)"
)
_QUANTITY_CHANGE = re.compile("(?:降低|提高|减少|增加|下调|上调|减轻|减免|减征|缴纳)$")
_TREATY_END = re.compile("(?:条约|协定|公约|条例)$")
_GROUP_END = re.compile("(?:帮|派|团伙|集团)$")
_POLICY_TAIL = re.compile(r"^(?:等)?(?:系列)?文件")
# Kinds that name a program only after a quote (“乙类乙管”措施), never inside one (「經濟措施」).
_TAIL_ONLY = frozenset(("措施", "举措", "政策措施", "办法"))
# Verbs by which a body corrects its own faults, named by a numbered formulation (纠正“四风”).
_CORRECTING = re.compile("(?:纠正|整治|力戒|克服|整改|破除)$")
_STRONG_CORE_KINDS = ("项目", "活动", "行动", "示范工作", "专项整治工作")


@dataclass(frozen=True)
class _Rules:
    program_kinds: tuple[str, ...]
    program_kind_re: re.Pattern[str]
    slogan_kind_re: re.Pattern[str]
    program_verbs: frozenset[str]
    slogan_verbs: frozenset[str]
    verb_re: re.Pattern[str]
    program_verb_re: re.Pattern[str]
    not_annotated: frozenset[str]
    honor_end_re: re.Pattern[str]
    named_things: frozenset[str]
    unquoted_re: re.Pattern[str]
    rule_kind_re: re.Pattern[str]
    setup_verbs: frozenset[str]
    boundary_words: frozenset[str]
    stop_end_re: re.Pattern[str]
    modifier_verb_re: re.Pattern[str]
    min_modifier: dict[str, int]
    prefix_re: re.Pattern[str]
    core_kind_re: re.Pattern[str]
    strong_core_re: re.Pattern[str]
    unquoted_end_re: re.Pattern[str]
    policy_titles: frozenset[str]
    idioms: frozenset[str]
    negative_re: re.Pattern[str]
    formulation_verb_re: re.Pattern[str]
    generic_re: re.Pattern[str]
    reform_field_re: re.Pattern[str]
    setup_verb_re: re.Pattern[str]
    rule_end_re: re.Pattern[str]
    carried_kinds: frozenset[str]
    not_programs: frozenset[str]
    name_opening_verbs: frozenset[str]
    event_re: re.Pattern[str]
    host_re: re.Pattern[str]
    shared_kind_re: re.Pattern[str]
    kind_only_re: re.Pattern[str]



@lru_cache(maxsize=1)
def _rules() -> _Rules:
    program_kinds = load_words("concept_program_kinds")
    program_verbs = frozenset(load_words("concept_program_verbs"))
    slogan_verbs = frozenset(load_words("concept_slogan_verbs"))
    min_modifier: dict[str, int] = {}
    for entry in load_words("concept_unquoted_kinds"):
        kind, _, least = entry.partition(":")
        min_modifier[kind] = int(least) if least.isdigit() else 3
    unquoted = tuple(min_modifier)
    rule_kinds = load_words("concept_rule_kinds")
    stop_words = (
        *load_words("concept_boundary_words"),
        *program_verbs,
        *load_words("concept_setup_verbs"),
    )
    policy_titles = frozenset(w.split("=", 1)[0] for w in load_words("policy_short_titles"))
    return _Rules(
        program_kinds=program_kinds,
        program_kind_re=re.compile(alternation(program_kinds)),
        slogan_kind_re=re.compile(
            rf"^[{_CJK}]{{0,2}}?(?:{alternation(load_words('concept_slogan_kinds'))})"
        ),
        program_verbs=program_verbs,
        slogan_verbs=slogan_verbs,
        verb_re=re.compile(rf"(?:{alternation(program_verbs | slogan_verbs)})$"),
        program_verb_re=re.compile(alternation(program_verbs)),
        not_annotated=frozenset(load_words("concept_not_annotated")),
        honor_end_re=re.compile(rf"(?:{alternation(load_words('concept_honor_suffixes'))})$"),
        named_things=frozenset(load_words("concept_named_things")),
        # one kind word or several in a row (…修复工程试点), then 计划 / 活动 / 工作; not the
        # start of a longer word (工程师, 改革开放, 改革发展)
        unquoted_re=re.compile(
            rf"({alternation(unquoted)})(?:{alternation(unquoted)})*(?:计划)?(?:活动|工作)?"
            r"(?!师|院|款|开放|发展|创新|经验)"
        ),
        min_modifier=min_modifier,
        rule_kind_re=re.compile(rf"(?:{alternation(rule_kinds)})"),
        rule_end_re=re.compile(rf"(?:{alternation(rule_kinds)})$"),
        carried_kinds=frozenset(load_words("concept_carried_kinds")),
        not_programs=frozenset(load_words("concept_not_programs")),
        name_opening_verbs=frozenset(load_words("concept_name_opening_verbs")),
        event_re=re.compile(rf"(?:{alternation(load_words('concept_event_kinds'))})$"),
        host_re=re.compile(alternation(load_words("concept_host_verbs"))),
        shared_kind_re=re.compile(
            rf"{_SHARED_KIND}({alternation(k for k in unquoted if k != '改革')})"
        ),
        kind_only_re=re.compile(alternation(k for k in unquoted if k != '改革')),
        setup_verbs=frozenset(load_words("concept_setup_verbs")),
        setup_verb_re=re.compile(alternation(load_words("concept_setup_verbs"))),
        boundary_words=frozenset(load_words("concept_boundary_words")),
        modifier_verb_re=re.compile(
            alternation(
                w
                for w in (*stop_words, *slogan_verbs, *load_words("concept_modifier_verbs"))
                if len(w) > 1
            )
        ),
        stop_end_re=re.compile(rf"(?:{alternation(stop_words)})$"),
        prefix_re=re.compile(
            # scope words, batches and editions (第三届, 第七期) open a fuller form; 第二次 stays
            # in a census's name (第二次全国地名普查)
            rf"^(?:{alternation(load_words('concept_name_prefixes'))}"
            rf"|第[{_NUM}\d]+[批届期]|[{_NUM}\d]+批)+"
        ),
        core_kind_re=re.compile(
            rf"(?:{alternation(k for k in (*program_kinds, *unquoted) if k not in _TAIL_ONLY)})$"
        ),
        # kinds that name an initiative even before a goal word: “…行动计划”监督重点
        unquoted_end_re=re.compile(rf"(?:{alternation(unquoted)})$"),
        strong_core_re=re.compile(
            rf"(?:{alternation(tuple(unquoted) + _STRONG_CORE_KINDS)})(?:活动|工作)?$"
        ),
        policy_titles=policy_titles,
        idioms=frozenset(load_words("concept_numbered_idioms")),
        negative_re=re.compile(alternation(load_words("concept_negative_verbs"))),
        formulation_verb_re=re.compile(
            rf"(?:{alternation(load_words('concept_formulation_verbs'))})$"
        ),
        generic_re=re.compile(rf"(?:{alternation(load_words('concept_generic_modifiers'))})$"),
        reform_field_re=re.compile(rf"(?:{alternation(load_words('concept_reform_fields'))})$"),
    )


def concepts(doc: Doc) -> Iterator[Mention]:
    """Programs and Slogans of ``doc``, each a Mention whose ``name`` is the distinctive core.

    >>> doc = Doc.from_text("开展“走访调研抓落实”活动，树牢“四个意识”。")
    >>> [(m.label, m.name) for m in concepts(doc)]
    [('Program', '走访调研抓落实'), ('Slogan', '四个意识')]
    """
    rules = _rules()
    norm = doc.norm
    titles = [(m.start(), m.end()) for m in _TITLE.finditer(norm)]
    quotes = sorted(
        [(m.start(), m.end()) for m in _QUOTE.finditer(norm)] + list(_misclosed_quotes(norm))
    )
    found: list[tuple[int, int, str, str]] = []
    found.extend(_quoted(norm, quotes, titles, rules))
    found.extend(_titled_programs(norm, titles))
    lists = list(_distributed(norm, rules))
    found.extend(item for item in lists if item[2])
    found.extend(_events(norm, rules))
    covered = _union(quotes + titles + [(s, e) for s, e, label, _ in lists if not label])
    found.extend(_unquoted(norm, covered, rules))
    found.extend(_numbered(norm, covered, rules))
    # D8 within a document: a thing carried out anywhere in it is a Program everywhere in it
    programs = {normalize_name(name) for _, _, label, name in found if label == "Program"}
    seen: set[tuple[int, int, str]] = set()
    for nstart, nend, label, name in sorted(found):
        key = (nstart, nend, normalize_name(name))
        if key in seen or not name:
            continue
        if label == "Slogan" and normalize_name(name) in programs:
            label = "Program"
        seen.add(key)
        start, end = doc.span(nstart, nend)
        if start >= end:
            continue
        yield Mention.from_span(
            doc.text, start, end, label, name=original_name(doc, name, nstart), extractor=_EXTRACTOR
        )


def original_name(doc: Doc, name: str, nstart: int) -> str:
    """``name``, built from the folded text from ``nstart`` on, in the text's own characters.

    Names keep the document's own characters (full-width commas, traditional characters); the
    scorer folds both sides the same way.
    """
    if doc.norm == doc.text:
        return name
    out: list[str] = []
    cursor, last = nstart, -1
    for ch in name:
        p = doc.norm.find(ch, cursor, cursor + 60)
        if p < 0:
            out.append(ch)
            continue
        o = doc.span(p, p + 1)[0]
        if o != last:
            out.append(doc.text[o])
            last = o
        cursor = p + 1
    return "".join(out)


# --- quoted phrases ---------------------------------------------------------------------

# “…“ : a phrase closed by a second opening mark, common in typed and scraped reports. It is
# taken as a quote only when nothing after it up to the sentence end closes a quote.
_MISCLOSED = re.compile(
    rf"“([^“”\n]{{2,{_MAX_CORE}}})“(?=[^“”。；;！？!?\n]*(?:[。；;！？!?\n]|$))"
)


def _misclosed_quotes(norm: str) -> Iterator[tuple[int, int]]:
    for m in _MISCLOSED.finditer(norm):
        yield m.start(), m.end()


def _union(spans: Sequence[tuple[int, int]]) -> list[tuple[int, int]]:
    """Sorted, non-overlapping spans covering the same characters (a quote inside a title)."""
    merged: list[tuple[int, int]] = []
    for s, e in sorted(spans):
        if merged and s < merged[-1][1]:
            merged[-1] = (merged[-1][0], max(e, merged[-1][1]))
        else:
            merged.append((s, e))
    return merged


def _inside(spans: Sequence[tuple[int, int]], start: int, end: int) -> bool:
    """True when [start, end) lies inside one of the sorted, non-overlapping ``spans``."""
    i = bisect.bisect_right(spans, (start, 1 << 60)) - 1
    return i >= 0 and spans[i][0] <= start and end <= spans[i][1] and spans[i] != (start, end)


def _head(norm: str, start: int) -> str:
    """The clause text just before ``start``, back to the nearest punctuation or quote."""
    window = norm[max(0, start - _HEAD_WINDOW) : start]
    cut = None
    for m in _HEAD_STOP.finditer(window):
        cut = m.end()
    return window[cut:] if cut is not None else window


def _tail_run(norm: str, end: int) -> str:
    m = _TAIL_RUN.match(norm, end, min(len(norm), end + _TAIL_WINDOW))
    return m.group() if m else ""


def _tail_text(norm: str, end: int) -> str:
    """The text after a quote through the next punctuation (digits and * kept: 等5个项目)."""
    m = re.compile(rf"[{_CJK}\d*×]+").match(norm, end, min(len(norm), end + _TAIL_WINDOW))
    return m.group() if m else ""


def _program_kind_end(tail: str, rules: _Rules) -> tuple[int, str] | None:
    """Where a Program kind word after a quote ends (furthest within the modifier limit)."""
    etc = _ETC.match(tail)
    offset = etc.end() if etc and etc.end() > 0 else 0
    best: tuple[int, str] | None = None
    i = offset
    if tail[offset : offset + 1] in _PREPOSITIONS:
        return None  # “…”在全国推广: the words after are a new clause, not the quote's kind
    limit = min(len(tail), offset + _MAX_MODIFIER + 1)
    while i < limit:
        if _MODIFIER_STOPS.match(tail, i) or (i > offset and rules.modifier_verb_re.match(tail, i)):
            break  # a verb starts a new phrase: “四人帮”恶毒攻击执行这些政策
        m = rules.program_kind_re.match(tail, i)
        if m:
            end = m.end()
            kind = m.group()
            while (n := rules.program_kind_re.match(tail, end)) is not None:
                end, kind = n.end(), n.group()
            best = (end, kind)
            i = end
            continue
        i += 1
    return best


def _head_verb(head: str, rules: _Rules) -> str | None:
    """The verb that governs a quote: the last word of its head, past scope and count words."""
    h = head.rstrip("、 ")
    for _ in range(4):
        m = _FILLER.search(h)
        if not m or m.start() == len(h):
            break
        h = h[: m.start()]
    m = rules.verb_re.search(h)
    if m is None or _NOUN_BEFORE_VERB.search(h[: m.start()]) and m.group() in _NOUN_VERBS:
        return None  # 社会组织“特色商家”: 组织 here is a noun
    return m.group()


# Verbs that are also the last part of a noun (社会组织, 基层党组织) after these words.
_NOUN_VERBS = frozenset(("组织", "建设"))
_NOUN_BEFORE_VERB = re.compile(r"(?:社会|党|团|群团|基层|自治|经济|群众|[的])$")


def _core_skip(core: str, head: str, tail: str, rules: _Rules) -> bool:
    """Quoted words that are no Program or Slogan here (D6, D12, D18, bodies, policies)."""
    bare = core.strip(_REDACTION + " 、，")
    if len(core) < 2 or not re.search(f"[{_CJK}A-Za-z0-9]", core):
        return True
    if re.search("[。！？!?]", core):
        return True  # a quoted sentence (毛主席说：“…。”) is a quotation, no formulation
    if _TREATY_END.search(core):
        return True  # a treaty or agreement named in quotes is a document (日美“安全条约”)
    if core in rules.not_annotated or core in rules.policy_titles:
        return True
    earning = _head_verb(head, rules) in _EARN_VERBS  # D16: 创建“全国文明城市” is a campaign
    if not earning and (rules.honor_end_re.search(core) or _HONOR_HEAD.search(head)):
        return True
    if _HONOR_TAIL.match(tail) or _POLICY_TAIL.match(tail) or tail.startswith("式"):
        # an award, a document, or a manner (“大水漫灌”式的强刺激: a metaphor, D12)
        return True
    if _HOSTILE_TAIL.match(tail):
        return True  # a group or a plot named in quotes (“四人帮”反党集团, “台独”分裂势力)
    if core.endswith("式") and len(core) <= 4 and not _NUMBERED.search(core):
        return True  # a manner named by a figure (“保姆式”服务); 一窗式 counts its parts
    if _ACHIEVEMENT.search(core) or _ADMIN_LEVELS.match(core) or _PLAN_PERIOD.match(core):
        return True
    if rules.negative_re.search(head.rstrip()) and (
        not _NUMBERED.search(core) or not _CORRECTING.search(head)
    ):
        return True  # 反对“台独”, 制造“两个中国”; a numbered fault corrected stays one (纠正“四风”)
    if _GROUP_END.search(core):
        return True  # a group named in quotes (“四人帮”) is no formulation
    if (
        len(core) <= 8
        and _ORGANIZATION_END.search(core)
        and not earning
        and not _NUMBERED.search(core)
    ):
        return True
    return not bare


def _signal(core: str, head: str, tail: str, rules: _Rules) -> tuple[str, int] | None:
    """A decision from the words around a quote: (label, length of tail taken) or None."""
    pk = _program_kind_end(tail, rules)
    if pk:
        return "Program", pk[0]
    if len(core) >= 6 and not re.search("[、，,；;]", core) and rules.strong_core_re.search(core):
        return "Program", 0  # the quote names its own kind: “…改革试点工作”, “…行动计划”
    if (
        tail.startswith("工作")
        and not rules.slogan_kind_re.match(tail[2:])
        and (len(core) <= 3 or _NUMBERED.search(core))
    ):
        return "Program", 2  # a work area named by a coinage, run as a program: 做好“双减”工作
    if rules.slogan_kind_re.match(tail):
        return "Slogan", 0
    if tail.startswith("的") and len(re.split("[、，,]", core)) > 1:
        return "Slogan", 0  # a principle that qualifies what follows: “一次告知、…”的“信用+”救助
    verb = _head_verb(head, rules)
    if verb in rules.program_verbs:
        return "Program", 0
    if verb in rules.slogan_verbs:
        return "Slogan", 0
    if _distant_program_verb(head, rules):
        return "Program", 0
    if _CARRIED_OUT.match(tail):
        return "Program", 0  # the words after say it is carried out: 狠抓“三会一课”落实
    if _COMPLETED.match(tail):
        return "Program", 0  # a thing built or made: “银河—Ⅱ”巨型计算机研制成功
    return None


def _distant_program_verb(head: str, rules: _Rules) -> bool:
    """A carrying-out verb a few words before the quote (新建1个省级示范儿童“关爱之家”)."""
    last = None
    for m in rules.program_verb_re.finditer(head):
        if not (m.group() in _NOUN_VERBS and _NOUN_BEFORE_VERB.search(head[: m.start()])):
            last = m
    if last is None:
        return False
    gap = head[last.end() :]
    for _ in range(4):
        filler = _FILLER.search(gap)
        if not filler or filler.start() == len(gap):
            break
        gap = gap[: filler.start()]
    gap = re.sub(rf"^(?:{_FILLER.pattern[:-1]})+", "", gap)
    return len(gap) <= 6 and not _MODIFIER_STOPS.search(gap) and rules.verb_re.search(gap) is None


# An attitude or a practice criticized (“宽打窄用”的思想) is no stated formulation.
_ATTITUDE_TAIL = re.compile("的(?:思想|想法|观念|倾向|现象|做法|错误|弊端|习气|偏向|积弊|毛病)")
_SYSTEM_CORE = re.compile(rf"^[{_CJK}]{{1,3}}(?<![体两])制$")


def _from_core(core: str, tail: str, rules: _Rules) -> str | None:
    """A decision from the quoted words alone, when the context says nothing."""
    clauses = [p for p in re.split("[、，,；;]", core) if p]
    if len(clauses) == 1 and rules.core_kind_re.search(core) and len(core) >= 3:
        return "Program"
    if _SYSTEM_CORE.search(core):
        return "Program"  # a system in force: “双轨制”, “河长制” (not “一国两制”, a principle)
    if _NUMBERED.search(core) or _ZERO_GOAL.match(core):
        return "Slogan"
    if len(clauses) >= 2 and all(len(p) >= 2 for p in clauses):
        return "Slogan"
    if _ROLE.search(core) and len(core) <= 6:
        return "Slogan"
    if (
        len(core) == 4
        and re.fullmatch(f"[{_CJK}]+", core)
        and not _COUNTED.match(tail)
        and not _ATTITUDE_TAIL.match(tail)
    ):
        return "Slogan"
    return None


def _chains(norm: str, quotes: Sequence[tuple[int, int]]) -> list[list[int]]:
    """Indexes of quotes that follow one another with at most a separator between them."""
    chains: list[list[int]] = []
    for i, (s, _) in enumerate(quotes):
        if chains and _CHAIN_GAP.match(norm[quotes[i - 1][1] : s]):
            chains[-1].append(i)
        else:
            chains.append([i])
    return chains


def _quoted(
    norm: str,
    quotes: Sequence[tuple[int, int]],
    titles: Sequence[tuple[int, int]],
    rules: _Rules,
) -> Iterator[tuple[int, int, str, str]]:
    for chain in _chains(norm, quotes):
        first_head = _head(norm, quotes[chain[0]][0])
        last_tail = _tail_text(norm, quotes[chain[-1]][1])
        decided: list[tuple[str, int] | None] = []
        for pos, i in enumerate(chain):
            s, e = quotes[i]
            core = norm[s + 1 : e - 1]
            head = first_head if pos == 0 else ""
            tail = last_tail if pos == len(chain) - 1 else ""
            decided.append(_signal(core, head, tail, rules))
        chain_label = next((d[0] for d in decided if d), None)
        for pos, i in enumerate(chain):
            s, e = quotes[i]
            core = norm[s + 1 : e - 1].strip()
            head = first_head if pos == 0 else _head(norm, s)
            tail = last_tail if pos == len(chain) - 1 else _tail_text(norm, e)
            in_title = _inside(titles, s, e)
            if in_title:
                pk = _program_kind_end(_tail_text(norm, e), rules)
                if pk and not _core_skip(core, head, tail, rules):
                    yield s, e + pk[0], "Program", core
                continue
            redacted_only = bool(_SYMBOLS_ONLY.match(core)) and any(c in _REDACTION for c in core)
            if redacted_only:
                # D18: a core of redaction marks names nothing; the fuller form is the name.
                pk = _program_kind_end(tail, rules)
                if pk:
                    yield s, e + pk[0], "Program", core + tail[: pk[0]]
                continue
            if _core_skip(core, head, tail, rules):
                continue
            signal = decided[pos]
            label = signal[0] if signal else chain_label
            taken = signal[1] if signal else 0
            if label is None and not _QUANTITY_CHANGE.search(head):
                # 降低“五险一金”缴费比例: what a quantity is measured on, no formulation
                label = _from_core(core, tail, rules)
            if label is None:
                continue
            name = core
            if label == "Program" and taken and pos == len(chain) - 1:
                kind_tail = tail[:taken]
                if any(
                    kind_tail.endswith(t) and len(kind_tail) > len(t) for t in rules.named_things
                ):
                    name = core + kind_tail  # a platform of its own: “两项补贴”信息比对平台
            shared = _shared_kind_parts(core, rules)
            if shared:
                for part in shared:  # D17: “蓝天、碧水、净土保卫战” is three campaigns
                    yield s, e, "Program", part
                continue
            yield s, e + (taken if pos == len(chain) - 1 else 0), label, name
            for inner in _INNER_QUOTE.finditer(core):
                if not _core_skip(inner.group(1), "", "", rules):
                    ns = s + 1 + inner.start()
                    yield ns, ns + len(inner.group()), label, inner.group(1)


def _shared_kind_parts(core: str, rules: _Rules) -> list[str]:
    """Short alike parts that share the kind word ending the last one: 蓝天、碧水、净土保卫战."""
    parts = core.split("、")
    if len(parts) < 2:
        return []
    kind = rules.unquoted_end_re.search(parts[-1])
    if kind is None:
        return []
    heads = [*parts[:-1], parts[-1][: kind.start()]]
    if len({len(h) for h in heads}) > 1 or not 2 <= len(heads[0]) <= 4:
        return []
    if not all(re.fullmatch(f"[{_CJK}]+", h) for h in heads):
        return []
    return [h + kind.group() for h in heads]


_TITLE_PROGRAM_TAIL = re.compile(
    rf"^(?:课题|研究|调研|等[{_NUM}\d*]*[余多]?个?(?:项目|活动|作品)|项目|系列活动|主题活动)"
)


def _titled_programs(
    norm: str, titles: Sequence[tuple[int, int]]
) -> Iterator[tuple[int, int, str, str]]:
    """Titles in 《》 that name a project or activity, not a document (ANNOTATION section 5)."""
    for i, (s, e) in enumerate(titles):
        # a run of titles shares the words after its last member
        j = i
        while j + 1 < len(titles) and titles[j + 1][0] == titles[j][1]:
            j += 1
        after = norm[titles[j][1] : titles[j][1] + 12]
        if _TITLE_PROGRAM_TAIL.match(after):
            name = norm[s + 1 : e - 1].strip()
            if name:
                yield s, e, "Program", name


# --- unquoted initiatives --------------------------------------------------------------

_FUNCTION_CHARS = frozenset(
    "的了在和与及对把将被为是等以由向从于并也就都又还或其之该各每好要如搞地使让靠给"
)
_LEFT_STOP = re.compile(r"[^\u4e00-\u9fff（）()*×xX]")
_MAX_UNQUOTED = 20


def _left_edge(
    norm: str, start: int, rules: _Rules, *, kind_len: int = 0, max_chars: int = _MAX_UNQUOTED
) -> tuple[int, str | None]:
    """Where a name ending at ``start`` begins, and the word that stopped it (a verb or None)."""
    lo = max(0, start - max_chars)
    window = norm[lo:start]
    cut = 0
    for m in _LEFT_STOP.finditer(window):
        cut = m.end()
    window = window[cut:]
    lo += cut
    if not window:
        return start, None
    tokens = tokenize(window)
    edge = start
    for idx in range(len(tokens) - 1, -1, -1):
        word = tokens[idx].text
        stopper = rules.stop_end_re.search(word) if len(word) > 1 else None
        if stopper and (stopper.start() == 0 or word[: stopper.start()] in rules.boundary_words):
            # a verb, or a token ending in one (大力开展, 抓紧建设), ends the name
            return edge, stopper.group()
        if (
            word in _CONJUNCTIONS
            and start - edge + kind_len >= 6
            and idx > 0
            and len(tokens[idx - 1].text) >= 2
            and not rules.stop_end_re.search(tokens[idx - 1].text)
        ):
            # one name over coordinated parts: 特殊困难群体排查整治和救助帮扶行动
            edge = lo + tokens[idx].start
            continue
        if len(word) == 1 and (word in _FUNCTION_CHARS or word in rules.boundary_words):
            return edge, word
        if word == "发展" and idx > 0 and _opens_object(tokens[idx - 1].text, rules):
            return edge, word  # 巩固和发展农村改革, 大力发展对外承包工程: 发展 is the verb
        if idx == 0 and word in _CLAUSE_OPENING_VERBS and edge < start:
            return edge, word  # 建设基础研究人才培养平台: a verb opening the clause
        edge = lo + tokens[idx].start
    if cut > 0 and norm[lo - 1].isdigit():
        return start, None  # 延长30年整省试点: the words after a number are its unit, no name
    return edge, None


def _opens_object(word: str, rules: _Rules) -> bool:
    """True when ``word`` before a verb shows the verb acts on what follows (和, 大力, 继续)."""
    return (
        word in _CONJUNCTIONS
        or word in _FUNCTION_CHARS
        or word in rules.boundary_words
        or rules.stop_end_re.search(word) is not None
        or not re.fullmatch(f"[{_CJK}]+", word)
    )


# Verbs that also end names (…体系建设), so they end a name only when they open the clause.
_CLAUSE_OPENING_VERBS = frozenset(("建设", "发展", "完善", "提升"))


_CONJUNCTIONS = frozenset("和及与")


def _unquoted(
    norm: str, covered: Sequence[tuple[int, int]], rules: _Rules
) -> Iterator[tuple[int, int, str, str]]:
    for m in rules.unquoted_re.finditer(norm):
        ks, ke = m.start(), m.end()
        if _inside(covered, ks, ke) or (ks > 0 and norm[ks - 1] in _CLOSERS):
            continue
        kind = m.group(1)
        follow = _KIND_CONTINUES.get(kind)
        if follow is not None and follow.match(norm, ke):
            continue  # the start of a longer word: 战略性, 战略布局, 计划生育, 计划经济
        before = _KIND_AFTER.get(kind)
        if before is not None and before.search(norm, max(0, ks - 4), ks):
            continue  # 有计划 (planned), 五年计划 (a period), 主动倡议 (a verb)
        edge, stopper = _left_edge(norm, ks, rules, kind_len=len(kind))
        if edge > 0 and norm[edge - 1] in _CLOSERS:
            conj = _last(_CONJUNCTION_RE.finditer(norm, edge, ks))
            if conj is None:
                continue  # the kind word of a quoted program (“五社联动”社区治理创新项目大赛)
            edge = conj.end()  # “互联网+”行动和国家大数据战略: the quote has its own kind
        if (
            stopper in rules.name_opening_verbs
            and norm.endswith(stopper, 0, edge)
            and _ends_with_program_verb(norm, edge - len(stopper), rules)
        ):
            edge -= len(stopper)  # 实施提升行政执法质量三年行动: the verb opens the name
        if m.group().endswith(tuple(rules.carried_kinds)) and not _ends_with_program_verb(
            norm, edge, rules
        ):
            continue  # a plan issued is a document (D20), an inspection undergone no Program
        yield from _named(norm, edge, ks, ke, kind, rules)
    for m in rules.rule_kind_re.finditer(norm):
        ks, ke = m.start(), m.end()
        if _inside(covered, ks, ke) or (ks > 0 and norm[ks - 1] in _CLOSERS):
            continue
        if _REFORMED.match(norm, ke):
            continue  # the system is what a reform changes (…养老保险制度改革), not set up
        edge, stopper = _left_edge(norm, ks, rules, kind_len=ke - ks)
        if edge > 0 and norm[edge - 1] in _CLOSERS:
            continue  # the kind word of a quoted system (“三会一课”制度)
        verb_edge = edge  # where the verb (or the word that stopped the name) ends
        modifier = norm[edge:ks]
        for conj in _CONJUNCTION_RE.finditer(modifier):
            if rules.rule_kind_re.search(modifier, 0, conj.start()) and rules.rule_end_re.search(
                modifier, 0, conj.start()
            ):
                # 建立会计制度和现代企业管理制度: the left system is a name of its own
                modifier = modifier[conj.end() :]
        modifier = modifier.lstrip("起了着")  # 建立起现代企业制度: the particle is the verb's
        edge = ks - len(modifier)
        if rules.generic_re.search(modifier) or _DESCRIBED.match(modifier):
            continue  # D2: no distinctive modifier (党建工作责任制, 各种节约制度, 多渠道投融资机制)
        if stopper == "的":
            # 建立与经济增长…相适应的救助标准调整机制: the verb stands before the qualifier
            verb = _setup_verb_before(norm, edge - 1, rules)
            if verb is None or _URGED.search(norm, max(0, verb[0] - 8), verb[0]):
                continue
            if len(modifier) >= 3:
                yield verb[1], ke, "Program", norm[edge:ke]
            continue
        if not any(norm.endswith(v, 0, verb_edge) for v in rules.setup_verbs):
            continue  # D2: standing rules kept or followed are not annotated
        verb_start = verb_edge - len(stopper or "")
        if _URGED.search(norm, max(0, verb_start - 8), verb_start):
            continue  # 推动企业建立工资集体协商制度: others set it up
        if len(modifier) < 3:
            continue  # D2: no distinctive modifier (建立长效机制), no name
        yield edge, ke, "Program", modifier + m.group()


def _last(matches: Iterator[re.Match[str]]) -> re.Match[str] | None:
    """The last of ``matches``, or None."""
    last = None
    for last in matches:  # noqa: B007 - the loop keeps the last one
        pass
    return last


# What follows a kind word when it starts a longer word, not a name's end.
_KIND_CONTINUES = {
    "战略": re.compile(
        "武器|导弹|核|性|布局|方针|研究|思想|定位|支撑|举措|机遇|伙伴|重点|意义|地位|眼光|高度|部署|调整|目标|任务|支点|储备|物资|思维|全局"
        "|对话|关系|方向|决策|安排|资源|眼界|定力|考虑|选择|家|上|中"
    ),
    "计划": re.compile("生育|经济|单列|体制|管理|内|外|指标|任务|目标|的|和|生产|价格|工作"),
    # as a noun it ends a phrase; a word after it makes it a verb (主动倡议派代表团)
    "倡议": re.compile(r"[^、和与及等的,，。；;：:！？!?\s”]"),
}
# What stands before a kind word when it is no name's end.
_KIND_AFTER = {
    "计划": re.compile("(?:有|按|无|年|五年)$"),
    "倡议": re.compile("(?:主动|共同|首先|曾经|联合)$"),
    "战略": re.compile("(?:国家|长期|这个|新|抢占)$"),
}


def _ends_with_program_verb(norm: str, at: int, rules: _Rules) -> bool:
    """True when a carrying-out verb (实施, 开展, 启动) ends right at ``at``."""
    return any(norm.endswith(v, 0, at) for v in rules.program_verbs)


# Words that open a description of many systems or of a manner, not a system's name.
_DESCRIBED = re.compile("各种|各类|各项|多种|一系列|一些|多渠道|多元|多层次|多形式|相应")


# An urging verb and who it urges, before a setup verb: others set the system up.
_URGED = re.compile(
    r"(?:推动|督促|鼓励|引导|支持|指导|帮助|要求|促进|促使|动员)[\u4e00-\u9fff]{1,6}$"
)
_CLAUSE_BREAK = re.compile(r"[，,。；;：:！？!?、\n（）()“”]")


def _setup_verb_before(norm: str, at: int, rules: _Rules) -> tuple[int, int] | None:
    """The setup verb (start, end) that opens the clause part ending at ``at``, if any."""
    lo = max(0, at - 24)
    for m in _CLAUSE_BREAK.finditer(norm, lo, at):
        lo = m.end()
    best = None
    for m in rules.setup_verb_re.finditer(norm, lo, at):
        best = (m.start(), m.end())
    if best is None or rules.program_verb_re.search(norm, best[1], at):
        return None
    return best


_CLOSERS = frozenset('”’」》"')
_REFORMED = re.compile("改革|建设|创新")
_GENERIC_TAIL = re.compile(r"(?:活动|工作)$")
# D17: one verb-like kind over coordinated objects names one program per object.
_SPLIT_KINDS = frozenset(("创建", "建设"))


# Who takes part, after the body they belong to, opens a fuller form: 市政协委员党史学习教育.
_PARTICIPANTS = re.compile(
    rf"(?:[{_CJK}*×]{{1,8}}?(?:政协|委|局|机关|部|厅|院|会|单位|系统))?(?:全体)?(?:委员|干部职工|党员干部|干部|党员|职工)"
)
_CONJUNCTION_RE = re.compile("[和及与]")
_PLAN_END = re.compile("(?:规划|纲要|方案|意见)$")
_BROAD = re.compile("(?:重大|重要|重点|一批|若干)$")


def _named(
    norm: str, edge: int, ks: int, ke: int, kind: str, rules: _Rules
) -> Iterator[tuple[int, int, str, str]]:
    conj = _CONJUNCTION_RE.search(norm, edge, ks)
    left_kind = rules.unquoted_end_re.search(norm, edge, conj.start()) if conj else None
    if (
        conj
        and left_kind is None
        and not kind.endswith("试点")
        and (
            rules.rule_end_re.search(norm, edge, conj.start())
            or _PLAN_END.search(norm, edge, conj.start())
        )
    ):
        # a system or a plan beside a program (…奖励制度和少生快富工程, …规划纲要和…战略): the
        # system is named only when set up (D2), by the rule pass; the plan is a document
        yield from _named(norm, conj.end(), ks, ke, kind, rules)
        return
    if conj and left_kind:
        # two programs side by side: 党史学习教育和履职能力提升班
        yield from _named(norm, edge, left_kind.start(), conj.start(), left_kind.group(), rules)
        yield from _named(norm, conj.end(), ks, ke, kind, rules)
        return
    full = norm[edge:ke]
    prefix = rules.prefix_re.match(full)
    name_start = edge + (prefix.end() if prefix else 0)
    participants = _PARTICIPANTS.match(norm, name_start, ks)
    if participants and ks - participants.end() >= 2:
        # 市政协委员党史学习教育: who takes part is no part of the name
        name_start = participants.end()
    name = norm[name_start:ke]
    if re.sub(rf"^[{_NUM}]+[项个批]", "", name) in rules.not_programs:
        return  # 家长制, 一项系统工程
    generic = _GENERIC_TAIL.search(name)
    if generic and name[: generic.start()] and rules.core_kind_re.search(name[: generic.start()]):
        name = name[: generic.start()]
    modifier = norm[name_start:ks]
    if len(re.sub(f"[^{_CJK}*×xX（）()]", "", modifier)) < rules.min_modifier.get(kind, 3):
        return  # a bare kind word, or a generic one (机构改革), names nothing
    if (
        re.search(rf"[{_NUM}\d]", modifier)
        and len(re.sub(rf"[{_NUM}\d多余个年期批第项类这那此该每（）()]", "", modifier)) < 2
    ):
        return  # a count or an ordinal is no name: 两年多试点, 第一期工程
    if rules.generic_re.search(modifier):
        return  # a field, not an initiative: 经济体制改革, 重点领域改革
    if kind == "战略" and re.fullmatch(f"[{_CJK}]{{0,2}}发展", modifier):
        return  # a field's strategy, not a named one: 经济发展战略, 科技发展战略
    broad = _BROAD.search(modifier)
    if broad and broad.start() < 3:
        return  # a class of things, not a name: 区域重大战略, 民生重点工程
    if kind == "改革" and rules.reform_field_re.search(modifier):
        return  # the reform of a whole system or tax: 户籍制度改革, 资源税改革
    if kind in _SPLIT_KINDS:
        parts = [p for p in re.split("[和及与、]", modifier) if p]
        if len(parts) > 1 and all(len(p) >= 3 for p in parts):
            pos = name_start
            for i, part in enumerate(parts):
                at = norm.index(part, pos)
                end = ke if i == len(parts) - 1 else at + len(part)
                yield at, end, "Program", part + kind
                pos = at + len(part)
            return
    yield edge, ke, "Program", name


# --- lists that share one kind word, events held ----------------------------------------

_CLAUSE = re.compile(r"[^，,。；;：:！？!?\n]+")
_ITEM_STOP = "，,。；;：:！？!?\n、"
# A list whose last item is followed by 等 or a count and one kind word: 开展A、B等试点 gives
# A试点 and B试点 (D17); 实施A、B、C三大战略 gives A, B and C, each named already.
_SHARED_KIND = rf"((?:[^{_ITEM_STOP}]{{2,30}}、)+[^{_ITEM_STOP}]{{2,30}}?)(等|[{_NUM}]+[大项个])?"
_LIST_OPENING = re.compile("一批|一系列|若干")
_EVENT_PREFIX = re.compile(rf"^(?:了|地|好|的|成功|第[{_NUM}\d]+届|首届|\d+年)+")
_EVENT_ITEM = re.compile(r"[^、和及与]+")
_HOST_NOUN = re.compile("权|地|城市|国")
_HOST_ADVERB = re.compile("(?:成功|顺利|圆满|隆重|胜利)地?$")


_LISTED = re.compile(f"[^{re.escape(_ITEM_STOP.replace('、', ''))}]*、[^{re.escape(_ITEM_STOP.replace('、', ''))}]*")


def _shared_kind_matches(norm: str, rules: _Rules) -> Iterator[re.Match[str]]:
    for seg in _LISTED.finditer(norm):
        if rules.kind_only_re.search(norm, norm.index("、", seg.start()) + 1, seg.end()):
            yield from rules.shared_kind_re.finditer(norm, seg.start(), seg.end())


def _distributed(norm: str, rules: _Rules) -> Iterator[tuple[int, int, str, str]]:
    """Programs named by a list that shares one kind word; also yields each list's whole span
    with an empty label, so the kind words inside its items are not read again."""
    for m in _shared_kind_matches(norm, rules):
        kind = m.group(3)
        verb = _last(
            rules.program_verb_re.finditer(norm, m.start(1), m.start(1) + m.group(1).find("、"))
        )
        if verb is None:
            continue  # no carrying-out verb governs the list
        counted = m.group(2) not in ("等", None)
        pos = verb.end()
        while norm[pos : pos + 1] in ("好", "了"):
            pos += 1  # 实施好就业促进、创业引领等计划
        parts = norm[pos : m.end(1)].split("、")
        spans: list[tuple[int, int]] = []
        for i, part in enumerate(parts):
            joined = _CONJUNCTION_RE.search(part) if i == len(parts) - 1 else None
            if joined and joined.start() >= 2 and len(part) - joined.end() >= 2:
                spans.append((pos, pos + joined.start()))  # …、净土和碧水保卫战
                spans.append((pos + joined.end(), pos + len(part)))
            else:
                spans.append((pos, pos + len(part)))
            pos += len(part) + 1
        first = _LIST_OPENING.match(norm, spans[0][0]) if spans else None
        if first is not None:
            spans[0] = (first.end(), spans[0][1])  # 实施一批交通、能源、水利工程
        good = [
            (a, b)
            for a, b in spans
            if b - a >= 2
            and re.fullmatch(rf"[{_CJK}]+", norm[a:b])
            and not re.search("[的等]", norm[a:b])
            and not rules.verb_re.search(norm[a:b])
        ]
        if len(good) < 2:
            continue
        if m.group(2) is None and (
            len({b - a for a, b in spans}) > 1 or spans[0][1] - spans[0][0] > 4
        ):
            continue  # with no 等 or count, only parts alike share the kind: 蓝天、碧水、净土保卫战
        for a, b in good:
            if counted or norm.endswith(kind, a, b):
                yield a, b, "Program", norm[a:b]  # 实施科教兴国战略、人才强国战略和…战略
            else:
                yield a, b, "Program", norm[a:b] + kind
        yield spans[0][0], m.end(), "", ""


def _events(norm: str, rules: _Rules) -> Iterator[tuple[int, int, str, str]]:
    """Events a body holds (成功举办第十一届亚运会; 成都大运会、杭州亚运会和亚残运会成功举办)."""
    for clause in _CLAUSE.finditer(norm):
        host = None
        for found_host in rules.host_re.finditer(clause.group()):
            if not _HOST_NOUN.match(clause.group(), found_host.end()):
                host = found_host  # not 举办权, 举办地: the right to hold is not holding
                break
        if host is None:
            continue
        cs = clause.start()
        before = (cs, cs + host.start())
        after = (cs + host.end(), clause.end())
        for lo, hi in (before, after):
            seg = _HOST_ADVERB.sub("", norm[lo:hi])
            cut = seg.find("等")
            if cut >= 0:
                hi, seg = lo + cut, seg[:cut]
            for item in _EVENT_ITEM.finditer(seg):
                a, b = lo + item.start(), lo + item.end()
                text = item.group()
                if not rules.event_re.search(text):
                    continue
                verb = None
                for found_verb in rules.modifier_verb_re.finditer(text):
                    if found_verb.start() == 0 or found_verb.group() not in _NOUN_VERBS:
                        verb = found_verb  # 上合组织青岛峰会: 组织 inside a name is a noun
                if verb is not None:
                    a, text = a + verb.end(), text[verb.end() :]
                qualifier = text.rfind("的")
                if qualifier >= 0:
                    a, text = a + qualifier + 1, text[qualifier + 1 :]  # 精彩的北京冬奥会
                prefix = _EVENT_PREFIX.match(text)
                if prefix:
                    a, text = a + prefix.end(), text[prefix.end() :]
                if 3 <= len(text) <= 24 and re.fullmatch(rf"[{_CJK}“”\-－—·]+", text):
                    yield a, b, "Program", text


# --- unquoted numbered formulations ----------------------------------------------------

_NON_NUMERAL = rf"(?![{_NUM}])[{_CJK}]"
# A part opens with a numeral not used as a count (三年, 五个, 十项 are counts, not parts);
# the parts of one formulation have one length: 三会一课, 两不愁三保障, 两手抓、两手硬 (D1).
_OPEN = rf"[{_NUM}](?![年月日天次个批期季周名位人家户元岁项条类种是号点分之倍亿成多余来届大几])"
_P1 = rf"{_OPEN}{_NON_NUMERAL}"
_P2 = rf"{_OPEN}{_NON_NUMERAL}{{2}}"
_NUMBERED_RUN = re.compile(
    rf"(?<![{_NUM}])(?:{_P2}(?:、{_P2}){{1,3}}(?![{_CJK}])|(?:{_P1}){{2,3}}(?![{_NUM}]))"
)


_COUNTED_FORMULATION = re.compile(
    rf"[两三四五六七八九十](?:个(?![{_NUM}])[{_CJK}]{{2}}|项[{_CJK}]{{0,2}}(?:原则|方针|准则))(?![{_CJK}])"
)


def _numbered(
    norm: str, covered: Sequence[tuple[int, int]], rules: _Rules
) -> Iterator[tuple[int, int, str, str]]:
    """Unquoted numbered formulations (D1): parts that each open with a numeral, and 四个意识-like
    phrases right after a verb that requires them (增强四个意识、坚定四个自信)."""
    for m in _COUNTED_FORMULATION.finditer(norm):
        s, e = m.start(), m.end()
        if _inside(covered, s, e):
            continue
        if rules.formulation_verb_re.search(norm, max(0, s - 6), s):
            yield s, e, "Slogan", m.group()
    for m in _NUMBERED_RUN.finditer(norm):
        s, e = m.start(), m.end()
        if _inside(covered, s, e) or (s > 0 and norm[s - 1] in '“‘「《"'):
            continue
        text = m.group()
        if (
            len(text) < 4
            or text in rules.idioms
            or any(p in rules.idioms for p in text.split("、"))
        ):
            continue
        half = len(text) // 2
        if len(text) % 2 == 0 and text[:half] == text[half:]:
            continue  # a reduplication (一步一步, 一代一代) is no formulation
        tail = _tail_text(norm, e)
        pk = _program_kind_end(tail, rules)
        if pk:
            yield s, e + pk[0], "Program", text
        else:
            yield s, e, "Slogan", text
