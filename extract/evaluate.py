"""Scores extraction records against gold annotations, exactly as ANNOTATION.md defines it.

The figures are the ones ``score.py`` (the shared reference scorer) prints: per type
precision, recall and F1 with their counts, ``concept`` (Program and Slogan merged),
``Metric``, ``micro`` over the five types, and the mean character-overlap F1 of ``measure``
over matched metrics. ``tests/test_evaluate.py`` runs both on the same inputs.

>>> gold = [{"document": "a.txt", "organizations": [{"name": "区民政局", "aliases": ["民政局"]}]}]
>>> pred = [{"document": {"source": "in/a.txt"},
...          "entities": [{"type": "Organization", "name": "民政局"},
...                       {"type": "Organization", "name": "区委"}]}]
>>> scores = evaluate(gold, pred, texts={"a.txt": "区民政局会同区委……"})
>>> t = scores.tallies["Organization"]
>>> (t.tp, t.fp, t.fn, round(t.f1, 3))
(1, 1, 0, 0.667)
>>> scores.errors["a.txt"]["Organization"].false_positives
['区委']
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .errors import DocumentError, GovkgError
from .model import ENTITY_TYPES, normalize_name
from .pipeline import extract_record
from .readers import iter_documents

#: The gold file's key for each entity type.
GOLD_KEYS = {
    "Organization": "organizations",
    "Program": "programs",
    "Slogan": "slogans",
    "Policy": "policies",
}
#: The rows of the score table, in the order they are reported.
ROWS = (*ENTITY_TYPES, "concept", "Metric", "micro")
#: The types whose errors are listed per document (``concept`` is a view on two of them).
ERROR_KINDS = (*ENTITY_TYPES, "Metric")
#: The types the micro average counts.
MICRO_TYPES = (*ENTITY_TYPES, "Metric")


class EvaluationError(GovkgError):
    """A gold or prediction file cannot be scored: the message names the file and the value."""


@dataclass(frozen=True, slots=True)
class Tally:
    """True positives, false positives and false negatives of one row of the table."""

    tp: int = 0
    fp: int = 0
    fn: int = 0

    def __add__(self, other: Tally) -> Tally:
        return Tally(self.tp + other.tp, self.fp + other.fp, self.fn + other.fn)

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def to_dict(self) -> dict[str, float | int]:
        return {
            "precision": self.precision,
            "recall": self.recall,
            "f1": self.f1,
            "tp": self.tp,
            "fp": self.fp,
            "fn": self.fn,
        }


@dataclass(frozen=True, slots=True)
class Misses:
    """What one document got wrong for one type: gold things not found, predictions not in gold.

    Entity names are normalized; a missed gold thing is shown by the first of its accepted
    names in sort order. Metrics show the gold ``context`` when missed and the predicted
    text when false.
    """

    missed: list[str] = field(default_factory=list)
    false_positives: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, list[str]]:
        return {"false_positives": list(self.false_positives), "missed": list(self.missed)}


@dataclass(slots=True)
class Scores:
    """The outcome of scoring a set of documents."""

    tallies: dict[str, Tally]
    measures: list[float]
    errors: dict[str, dict[str, Misses]]
    #: Gold documents that had no prediction at all (scored as all misses).
    unpredicted: list[str] = field(default_factory=list)

    @property
    def documents(self) -> int:
        return len(self.errors)

    @property
    def measure_char_f1(self) -> float:
        return sum(self.measures) / len(self.measures) if self.measures else 0.0

    def figures(self) -> dict[str, float]:
        """The headline figures by name: the F1 of every row, and ``measure``."""
        out = {row: self.tallies[row].f1 for row in ROWS}
        out["measure"] = self.measure_char_f1
        return out

    def to_dict(self, *, errors: bool = False) -> dict[str, Any]:
        """The summary as score.py's ``--json`` prints it."""
        out: dict[str, Any] = {
            "scores": {row: self.tallies[row].to_dict() for row in ROWS},
            "measure_char_f1": self.measure_char_f1,
            "documents": self.documents,
        }
        if errors:
            out["errors"] = {
                doc: {kind: m.to_dict() for kind, m in kinds.items()}
                for doc, kinds in self.errors.items()
            }
        return out


# Reading -------------------------------------------------------------------------------------


def load_objects(path: str | Path) -> Iterator[dict[str, Any]]:
    """The JSON objects of a file or of every .json/.jsonl file under a folder, in path order.

    A .json file holds one object or an array of them (``govkg extract --format json``);
    a .jsonl file holds one object a line (``--format jsonl``).
    """
    path = Path(path)
    if not path.exists():
        raise EvaluationError(f"{path}: no such file or directory")
    if path.is_dir():
        files = sorted(p for p in path.rglob("*") if p.suffix in (".json", ".jsonl"))
    else:
        files = [path]
    for f in files:
        try:
            content = f.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise EvaluationError(f"{f}: cannot be read: {exc}") from exc
        if f.suffix == ".jsonl":
            for number, line in enumerate(content.splitlines(), 1):
                if line.strip():
                    yield _object(_parse(line, f"{f}:{number}"), f"{f}:{number}")
        else:
            data = _parse(content, str(f))
            for i, obj in enumerate(data if isinstance(data, list) else [data]):
                yield _object(obj, f"{f}[{i}]")


def _parse(content: str, where: str) -> Any:
    try:
        return json.loads(content)
    except json.JSONDecodeError as exc:
        raise EvaluationError(f"{where}: not JSON: {exc}") from exc


def _object(value: Any, where: str) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise EvaluationError(f"{where}: expected a JSON object, found {type(value).__name__}")
    return value


def document_key(obj: Mapping[str, Any]) -> str:
    """The file name a gold or predicted object is about: gold names it, records give its source."""
    d = obj.get("document")
    if isinstance(d, dict):
        d = d.get("source") or d.get("path") or d.get("id") or ""
    return Path(str(d)).name


def read_document_text(path: Path) -> str:
    """A document's text as offsets count it: UTF-8, BOM removed, line endings as ``\\n``."""
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise EvaluationError(
            f"{path}: the gold names this document but it cannot be read: {exc}"
        ) from exc
    try:
        text = raw.removeprefix(b"\xef\xbb\xbf").decode("utf-8")
    except UnicodeDecodeError as exc:
        raise EvaluationError(f"{path}: not UTF-8: {exc}") from exc
    return text.replace("\r\n", "\n").replace("\r", "\n")


# Matching ------------------------------------------------------------------------------------


def gold_things(gold: Mapping[str, Any], key: str) -> list[frozenset[str]]:
    """Each gold thing under ``key`` as the set of normalized names that match it."""
    return [
        frozenset({normalize_name(e["name"]), *(normalize_name(a) for a in e.get("aliases", []))})
        for e in gold.get(key, [])
    ]


def predicted_names(pred: Mapping[str, Any], etype: str) -> list[str]:
    """The distinct normalized names of the predicted entities of one type, first seen first."""
    names = (
        normalize_name(e.get("name", ""))
        for e in pred.get("entities", [])
        if e.get("type") == etype
    )
    return list(dict.fromkeys(names))


def match_things(gold: list[frozenset[str]], names: Iterable[str]) -> tuple[Tally, Misses]:
    """Each prediction takes the first gold thing it names that no earlier prediction took."""
    taken = [False] * len(gold)
    tp = 0
    false_positives: list[str] = []
    for name in names:
        i = next((i for i, accepted in enumerate(gold) if not taken[i] and name in accepted), None)
        if i is None:
            false_positives.append(name)
        else:
            taken[i] = True
            tp += 1
    missed = [min(accepted) for accepted, t in zip(gold, taken, strict=True) if not t]
    return Tally(tp, len(false_positives), len(missed)), Misses(missed, false_positives)


def gold_metric_span(text: str, metric: Mapping[str, Any], where: str = "") -> tuple[int, int]:
    """Where a gold metric is: its ``text`` inside its ``context``, found once in the document."""
    context, quantity = metric["context"], metric["text"]
    at = text.find(context)
    if at < 0:
        raise EvaluationError(f"{where}: metric context {context!r} is missing in the document")
    if text.find(context, at + 1) >= 0:
        raise EvaluationError(f"{where}: metric context {context!r} is not unique in the document")
    inner = context.find(quantity)
    if inner < 0:
        raise EvaluationError(
            f"{where}: metric text {quantity!r} is not inside context {context!r}"
        )
    return at + inner, at + inner + len(quantity)


def same_value(predicted: Any, gold: Any) -> bool:
    """Equal up to a relative 1e-6; a redacted (null) value only equals null."""
    if predicted is None or gold is None:
        return predicted is None and gold is None
    try:
        p, g = float(predicted), float(gold)
    except (TypeError, ValueError):
        return False
    return abs(p - g) <= 1e-6 * max(1.0, abs(g))


def char_f1(predicted: str | None, gold: str | None) -> float:
    """F1 of the characters two phrases share, counted with multiplicity, after normalization.

    >>> round(char_f1("家庭医生签约", "签约"), 3)
    0.5
    """
    a, b = normalize_name(predicted or ""), normalize_name(gold or "")
    if not a or not b:
        return float(a == b)
    common = sum(min(a.count(c), b.count(c)) for c in set(a))
    if not common:
        return 0.0
    p, r = common / len(a), common / len(b)
    return 2 * p * r / (p + r)


def match_metrics(
    text: str, gold: Mapping[str, Any], pred: Mapping[str, Any], where: str = ""
) -> tuple[Tally, Misses, list[float]]:
    """Each predicted metric takes the first untaken gold metric whose span it overlaps with the
    same value and unit; matched pairs also give their measure overlap."""
    spans = [(gold_metric_span(text, g, where), g) for g in gold.get("metrics", [])]
    taken = [False] * len(spans)
    false_positives: list[str] = []
    measures: list[float] = []
    for m in pred.get("metrics", []):
        start, end = m.get("start"), m.get("end")
        hit = None
        if start is not None and end is not None:
            for i, ((gs, ge), g) in enumerate(spans):
                if (
                    not taken[i]
                    and start < ge
                    and gs < end
                    and same_value(m.get("value"), g.get("value"))
                    and normalize_name(m.get("unit")) == normalize_name(g.get("unit"))
                ):
                    hit = i
                    break
        if hit is None:
            shown = (
                text[start:end]
                if isinstance(start, int) and isinstance(end, int)
                else str(m.get("text"))
            )
            false_positives.append(shown)
        else:
            taken[hit] = True
            measures.append(char_f1(m.get("measure", ""), spans[hit][1].get("measure", "")))
    missed = [g["context"] for (_, g), t in zip(spans, taken, strict=True) if not t]
    tally = Tally(len(measures), len(false_positives), len(missed))
    return tally, Misses(missed, false_positives), measures


# Scoring -------------------------------------------------------------------------------------


def evaluate(
    gold_objs: Iterable[Mapping[str, Any]],
    pred_objs: Iterable[Mapping[str, Any]],
    docs_dir: str | Path | None = None,
    *,
    texts: Mapping[str, str] | None = None,
) -> Scores:
    """Score predicted records against gold objects, one gold object per document.

    The text of each gold document (needed to place gold metrics) is taken from ``texts``
    by file name, else read from ``docs_dir``. A prediction is found by the file name of its
    ``document.source``; when two predictions name one file, the later wins.
    """
    preds = {document_key(p): p for p in pred_objs}
    tallies = {row: Tally() for row in ROWS}
    measures: list[float] = []
    errors: dict[str, dict[str, Misses]] = {}
    unpredicted: list[str] = []
    for gold in gold_objs:
        if "document" not in gold:
            raise EvaluationError(f"a gold object has no 'document' field (keys: {sorted(gold)})")
        name = document_key(gold)
        if texts is not None and name in texts:
            text = texts[name]
        elif docs_dir is not None:
            text = read_document_text(Path(docs_dir) / name)
        else:
            raise EvaluationError(f"{name}: no text given for this gold document")
        pred = preds.get(name) or {}
        if not pred:
            unpredicted.append(name)
        errors[name] = {}
        for etype in ENTITY_TYPES:
            tally, misses = match_things(
                gold_things(gold, GOLD_KEYS[etype]), predicted_names(pred, etype)
            )
            tallies[etype] += tally
            errors[name][etype] = misses
        concepts = dict.fromkeys(predicted_names(pred, "Program") + predicted_names(pred, "Slogan"))
        tally, _ = match_things(
            gold_things(gold, "programs") + gold_things(gold, "slogans"), concepts
        )
        tallies["concept"] += tally
        tally, misses, matched = match_metrics(text, gold, pred, name)
        tallies["Metric"] += tally
        errors[name]["Metric"] = misses
        measures.extend(matched)
    micro = Tally()
    for etype in MICRO_TYPES:
        micro += tallies[etype]
    tallies["micro"] = micro
    return Scores(tallies, measures, errors, unpredicted)


def evaluate_paths(gold: str | Path, pred: str | Path, docs_dir: str | Path) -> Scores:
    """Score the records in the file or folder ``pred`` against the gold in ``gold``."""
    return evaluate(list(load_objects(gold)), list(load_objects(pred)), docs_dir)


def score_extraction(gold: str | Path, docs_dir: str | Path) -> Scores:
    """Extract every document under ``docs_dir`` and score the records against ``gold``.

    This is how the seed scores are measured for the quality floor and the benches.
    """
    records = []
    for item in iter_documents([Path(docs_dir)]):
        if isinstance(item, DocumentError):
            raise EvaluationError(f"cannot score the extraction: {item}")
        records.append(extract_record(item).to_dict())
    return evaluate(list(load_objects(gold)), records, docs_dir)


# Reporting -----------------------------------------------------------------------------------


def format_table(scores: Scores, *, errors: bool = False) -> str:
    """The score table as score.py prints it (same rows, same 3-decimal figures), then with
    ``errors`` the misses and false positives of each document and type."""
    lines = [f"{'type':<13}{'P':>7}{'R':>7}{'F1':>7}{'tp':>6}{'fp':>6}{'fn':>6}"]
    for row in ROWS:
        t = scores.tallies[row]
        lines.append(
            f"{row:<13}{t.precision:>7.3f}{t.recall:>7.3f}{t.f1:>7.3f}{t.tp:>6}{t.fp:>6}{t.fn:>6}"
        )
    lines.append(
        f"measure char-F1 over matched metrics: {scores.measure_char_f1:.3f}"
        f" ({scores.documents} documents)"
    )
    if errors:
        for name, kinds in scores.errors.items():
            for kind, m in kinds.items():
                if m.missed or m.false_positives:
                    lines.append(f"\n{name} {kind}\n  missed: {m.missed}")
                    lines.append(f"  false positives: {m.false_positives}")
    return "\n".join(lines) + "\n"


def format_json(scores: Scores, *, errors: bool = False) -> str:
    """The summary as JSON, as score.py's ``--json`` prints it."""
    return json.dumps(scores.to_dict(errors=errors), ensure_ascii=False, indent=1) + "\n"
