"""Scores extracted relations against hand-annotated relation gold (``tests/relations_gold``).

A gold relation is ``{"source", "type", "target", "evidence"}`` with each end an entity
``{"type", "name"}``, a metric ``{"type": "Metric", "text", "context"}`` (found in the text as
the entity gold finds it) or the document ``{"type": "Document"}``. A predicted relation of the
same type matches when each end matches: an entity end when the gold name, normalized, is the
predicted entity's name or one of its aliases; a metric end when the spans overlap; the
document end always. ``partners_with`` is matched in either direction. Each gold relation
matches at most one prediction; ``co_occurs`` is weak and never scored.

Run ``python -m govkg.extract.relation_eval [SEEDS_DIR GOLD_DIR]`` for the table.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .errors import GovkgError
from .model import Entity, Mention, Metric, Record, normalize_name
from .evaluate import Tally
from .relations import RELATION_TYPES, SYMMETRIC_TYPES, WEAK_TYPES

#: The rows of the table: every typed relation, then the micro average.
SCORED_TYPES = tuple(t for t in RELATION_TYPES if t not in WEAK_TYPES)


class RelationGoldError(GovkgError):
    """A relation gold file cannot be scored: the message names the document and the value."""


@dataclass(frozen=True, slots=True)
class RelationScores:
    """Per-type tallies, the micro average, and what was missed or wrong (readable strings)."""

    tallies: dict[str, Tally]
    missed: list[str]
    wrong: list[str]

    @property
    def micro(self) -> Tally:
        total = Tally()
        for t in self.tallies.values():
            total = total + t
        return total


def gold_metric_span(text: str, end: Mapping[str, Any], where: str) -> tuple[int, int]:
    context, value = str(end.get("context", "")), str(end.get("text", ""))
    at = text.find(context)
    inner = context.find(value)
    if not context or not value or at < 0 or inner < 0:
        raise RelationGoldError(
            f"{where}: metric {value!r} with context {context!r} is not in the text"
        )
    return at + inner, at + inner + len(value)


def _gold_end(
    text: str, end: Mapping[str, Any], where: str, aliases: Mapping[str, frozenset[str]]
) -> tuple[str, Any]:
    kind = end.get("type")
    if kind == "Document":
        return ("Document", None)
    if kind == "Metric":
        return ("Metric", gold_metric_span(text, end, where))
    if not end.get("name"):
        raise RelationGoldError(f"{where}: relation end {end!r} has no name")
    key = normalize_name(str(end["name"]))
    return ("Entity", aliases.get(key, frozenset({key})))


def _pred_ends(record: Mapping[str, Any]) -> dict[str, tuple[str, Any]]:
    ends: dict[str, tuple[str, Any]] = {str(record["document"]["id"]): ("Document", None)}
    for e in record.get("entities", []):
        ends[e["id"]] = (
            "Entity",
            frozenset(
                {normalize_name(e["name"]), *(normalize_name(a) for a in e.get("aliases", []))}
            ),
        )
    for q in record.get("metrics", []):
        ends[q["id"]] = ("Metric", (q["start"], q["end"]))
    return ends


def _end_matches(gold: tuple[str, Any], pred: tuple[str, Any] | None) -> bool:
    if pred is None or gold[0] != pred[0]:
        return False
    if gold[0] == "Document":
        return True
    if gold[0] == "Metric":
        return gold[1][0] < pred[1][1] and pred[1][0] < gold[1][1]
    return bool(gold[1] & pred[1])


def _describe(end: tuple[str, Any], text: str) -> str:
    if end[0] == "Metric":
        return f"«{text[end[1][0] : end[1][1]]}@{end[1][0]}»"
    if end[0] == "Document":
        return "Document"
    return "/".join(sorted(end[1], key=lambda n: (len(n), n)))[:40]


def score_relations(
    gold: Mapping[str, Any],
    record: Record | Mapping[str, Any],
    *,
    text: str | None = None,
    entity_gold: Mapping[str, Any] | None = None,
) -> RelationScores:
    """Precision and recall of ``record``'s typed relations against one document's gold.

    With ``entity_gold`` (the document's entity annotation), a gold end also matches a
    prediction named by one of the gold entity's aliases, as the entity scorer allows.
    """
    if isinstance(record, Record):
        text = record.document.text if text is None else text
        record = record.to_dict()
    if text is None:
        raise RelationGoldError(
            f"{gold.get('document')}: the document text is needed to place gold metrics"
        )
    where = str(gold.get("document", "?"))
    aliases: dict[str, frozenset[str]] = {}
    for key in ("organizations", "programs", "slogans", "policies"):
        for thing in (entity_gold or {}).get(key, []):
            forms = frozenset(normalize_name(f) for f in (thing["name"], *thing.get("aliases", [])))
            aliases.setdefault(normalize_name(thing["name"]), forms)
    ends = _pred_ends(record)
    preds: list[tuple[str, tuple[str, Any] | None, tuple[str, Any] | None, str]] = []
    seen: set[tuple[str, str, str]] = set()
    for r in record.get("relations", []):
        if r["type"] in WEAK_TYPES or (r["type"], r["source"], r["target"]) in seen:
            continue
        seen.add((r["type"], r["source"], r["target"]))
        preds.append((r["type"], ends.get(r["source"]), ends.get(r["target"]), r["id"]))
    used = [False] * len(preds)
    tallies = {t: Tally() for t in SCORED_TYPES}
    missed: list[str] = []
    for i, g in enumerate(gold.get("relations", [])):
        rtype = g.get("type")
        if rtype not in tallies:
            raise RelationGoldError(
                f"{where}: relation {i} has type {rtype!r}, not one of {SCORED_TYPES}"
            )
        gs, gt = (
            _gold_end(text, g["source"], where, aliases),
            _gold_end(text, g["target"], where, aliases),
        )
        hit = None
        for j, (ptype, ps, pt, _) in enumerate(preds):
            if used[j] or ptype != rtype:
                continue
            if (_end_matches(gs, ps) and _end_matches(gt, pt)) or (
                rtype in SYMMETRIC_TYPES and _end_matches(gs, pt) and _end_matches(gt, ps)
            ):
                hit = j
                break
        if hit is None:
            tallies[rtype] = tallies[rtype] + Tally(fn=1)
            missed.append(f"{rtype}: {_describe(gs, text)} -> {_describe(gt, text)}")
        else:
            used[hit] = True
            tallies[rtype] = tallies[rtype] + Tally(tp=1)
    wrong: list[str] = []
    for j, (ptype, ps, pt, _) in enumerate(preds):
        if not used[j] and ptype in tallies:
            tallies[ptype] = tallies[ptype] + Tally(fp=1)
            wrong.append(
                f"{ptype}: {_describe(ps, text) if ps else '?'} -> "
                f"{_describe(pt, text) if pt else '?'}"
            )
    return RelationScores(tallies, missed, wrong)


def combine(scores: Iterable[RelationScores]) -> RelationScores:
    tallies = {t: Tally() for t in SCORED_TYPES}
    missed: list[str] = []
    wrong: list[str] = []
    for s in scores:
        for t, v in s.tallies.items():
            tallies[t] = tallies[t] + v
        missed.extend(s.missed)
        wrong.extend(s.wrong)
    return RelationScores(tallies, missed, wrong)


def format_table(scores: RelationScores) -> str:
    lines = [f"{'type':<14}{'P':>7}{'R':>7}{'F1':>7}{'tp':>5}{'fp':>5}{'fn':>5}"]
    for name, t in [*scores.tallies.items(), ("micro", scores.micro)]:
        if name != "micro" and not (t.tp or t.fp or t.fn):
            continue
        lines.append(
            f"{name:<14}{t.precision:7.3f}{t.recall:7.3f}{t.f1:7.3f}{t.tp:5d}{t.fp:5d}{t.fn:5d}"
        )
    return "\n".join(lines)


def oracle_entities(
    entity_gold: Mapping[str, Any], text: str, *, doc_id: str
) -> tuple[list[Entity], list[Metric]]:
    """Entities and metrics placed in the text from the entity gold, so the relation rules can
    be measured apart from the entity extractors: every occurrence of a gold name or alias is a
    mention (longest first, no overlaps); gold metrics are found by their context."""
    from .model import short_hash

    keys = {
        "organizations": "Organization",
        "programs": "Program",
        "slogans": "Slogan",
        "policies": "Policy",
    }
    forms: list[tuple[str, str, str]] = []  # (form, type, name)
    for key, label in keys.items():
        for thing in entity_gold.get(key, []):
            for form in (thing["name"], *thing.get("aliases", [])):
                forms.append((form, label, thing["name"]))
    forms.sort(key=lambda f: (-len(f[0]), f[0]))
    # organizations and the other kinds are placed apart, as their extractors run apart: a body
    # named inside a program (机关党委“三会一课”制度) is still a mention of the body
    taken_by = {"Organization": [False] * len(text), "other": [False] * len(text)}
    mentions: dict[tuple[str, str], list[Mention]] = {}
    for form, label, name in forms:
        taken = taken_by["Organization" if label == "Organization" else "other"]
        start = text.find(form)
        while start >= 0 and form:
            end = start + len(form)
            if not any(taken[start:end]):
                for i in range(start, end):
                    taken[i] = True
                mentions.setdefault((label, name), []).append(
                    Mention.from_span(text, start, end, label, name=name, extractor="gold")
                )
            start = text.find(form, start + 1)
    entities = []
    for (label, name), ms in mentions.items():
        ms.sort(key=lambda m: m.start)
        aliases = sorted({m.text for m in ms if normalize_name(m.text) != normalize_name(name)})
        eid = f"{doc_id}-{label.lower()}-{short_hash(label, normalize_name(name))}"
        entities.append(Entity(eid, label, name, aliases, ms))
    entities.sort(key=lambda e: (e.mentions[0].start, e.type))
    metrics = []
    for q in entity_gold.get("metrics", []):
        s, e = gold_metric_span(text, q, str(entity_gold.get("document")))
        metrics.append(
            Metric(
                s,
                e,
                text[s:e],
                q.get("value"),
                q.get("unit", ""),
                q.get("value") is None,
                None,
                q.get("measure", ""),
                extractor="gold",
            )
        )
    metrics.sort(key=lambda q: (q.start, q.end))
    return entities, metrics


def evaluate_seeds(
    seeds: Path, gold_dir: Path, *, oracle_dir: Path | None = None
) -> RelationScores:
    """Extract each annotated seed (on gold entities when ``oracle_dir`` is given) and score it."""
    from .model import SourceDocument
    from .pipeline import extract_record
    from .relations import extract_relations
    from .text import Doc

    entity_gold_dir = oracle_dir or gold_dir.parent / "gold"
    results = []
    for path in sorted(gold_dir.glob("*.json")):
        gold = json.loads(path.read_text(encoding="utf-8"))
        entity_path = entity_gold_dir / path.name
        entity_gold = (
            json.loads(entity_path.read_text(encoding="utf-8")) if entity_path.exists() else None
        )
        text_path = seeds / gold["document"]
        text = text_path.read_text(encoding="utf-8-sig").replace("\r\n", "\n")
        source = SourceDocument(str(text_path), text, title=text_path.stem)
        if oracle_dir is None or entity_gold is None:
            record = extract_record(source)
        else:
            doc = Doc.from_text(text)
            entities, metrics = oracle_entities(entity_gold, text, doc_id=source.id)
            record = Record(source, doc.sentences, doc.sections, entities, metrics)
            record.relations = extract_relations(doc, entities, metrics, doc_id=source.id)
        results.append(score_relations(gold, record, entity_gold=entity_gold))
    return combine(results)


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    show = "--errors" in args
    oracle = "--oracle" in args
    args = [a for a in args if not a.startswith("--")]
    root = Path(__file__).resolve().parent.parent
    seeds = Path(args[0]) if args else root / "seeds"
    gold = Path(args[1]) if len(args) > 1 else root / "tests" / "relations_gold"
    scores = evaluate_seeds(seeds, gold, oracle_dir=(root / "tests" / "gold") if oracle else None)
    sys.stdout.write(format_table(scores) + "\n")
    if show:
        sys.stdout.write("\nmissed:\n" + "".join(f"  {m}\n" for m in scores.missed))
        sys.stdout.write("wrong:\n" + "".join(f"  {w}\n" for w in scores.wrong))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
