"""Generalization only goes up: the extraction scored on the held-out excerpts (annotated blind to
the extractors, see tests/heldout/README.md) stays above the floors measured when they were made."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from govkg.extract.evaluate import (
    ROWS,
    Scores,
    format_table,
    gold_metric_span,
    load_objects,
    read_document_text,
    score_extraction,
)

ROOT = Path(__file__).resolve().parent.parent
HELDOUT = ROOT / "tests" / "heldout"
GOLD, DOCS = HELDOUT / "gold", HELDOUT / "docs"
FLOORS = json.loads((HELDOUT / "floor.json").read_text(encoding="utf-8"))["floors"]
FIGURES = (*ROWS, "measure")
CORPUS = Path("/work/shared/corpus/state_council_reports.jsonl")
GOLD_OBJECTS = list(load_objects(GOLD))


@pytest.fixture(scope="module")
def scores() -> Scores:
    return score_extraction(GOLD, DOCS)


def test_every_figure_has_a_floor():
    assert sorted(FLOORS) == sorted(FIGURES)
    for name, floor in FLOORS.items():
        assert 0.0 <= floor <= 1.0 and round(floor, 2) == floor, (name, floor)


def test_every_excerpt_has_gold_and_the_reverse():
    golds = sorted(Path(g["document"]).stem for g in GOLD_OBJECTS)
    assert golds == sorted(p.stem for p in DOCS.glob("*.txt"))
    assert len(golds) == 4


@pytest.mark.parametrize("gold", GOLD_OBJECTS, ids=lambda g: g["document"])
def test_gold_metrics_are_placed_once(gold):
    """ANNOTATION.md: a metric's context occurs exactly once and contains its text."""
    text = read_document_text(DOCS / gold["document"])
    spans = [gold_metric_span(text, m, gold["document"]) for m in gold["metrics"]]
    assert len(set(spans)) == len(spans)
    for (start, end), m in zip(spans, gold["metrics"], strict=True):
        assert text[start:end] == m["text"]


@pytest.mark.parametrize("doc", sorted(DOCS.glob("*.txt")), ids=lambda p: p.name)
def test_excerpt_is_copied_verbatim_from_the_corpus(doc):
    """Each excerpt is a run of whole paragraphs of one real report, byte for byte."""
    if not CORPUS.exists():
        pytest.skip(f"{CORPUS} is not on this machine")
    year = doc.stem.split("_")[1]
    texts = [r["text"] for r in map(json.loads, CORPUS.open(encoding="utf-8")) if r["year"] == year]
    excerpt = doc.read_text(encoding="utf-8")
    assert excerpt.endswith("\n")
    hits = [t for t in texts if excerpt in t + "\n"]
    assert len(hits) == 1
    at = hits[0].find(excerpt.rstrip("\n"))
    assert at == 0 or hits[0][at - 1] == "\n"


def test_every_excerpt_is_scored(scores):
    assert scores.documents == len(GOLD_OBJECTS)
    assert scores.unpredicted == []


@pytest.mark.parametrize("figure", FIGURES)
def test_no_figure_falls_below_its_floor(scores, figure):
    value = scores.figures()[figure]
    floor = FLOORS[figure]
    assert value >= floor, (
        f"held-out {figure} fell to {value:.3f} < {floor:.2f}\n{format_table(scores, errors=True)}"
    )
