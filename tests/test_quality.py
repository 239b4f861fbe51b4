"""Seed quality only goes up: the scores on the seed gold stay above their floors, and the issue's
targets show as met or not yet met."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from govkg.extract.evaluate import ROWS, Scores, format_table, score_extraction

ROOT = Path(__file__).resolve().parent.parent
FLOORS = json.loads((ROOT / "tests" / "quality_floor.json").read_text(encoding="utf-8"))["floors"]
FIGURES = (*ROWS, "measure")


@pytest.fixture(scope="module")
def scores() -> Scores:
    return score_extraction(ROOT / "tests" / "gold", ROOT / "seeds")


def test_every_figure_has_a_floor():
    assert sorted(FLOORS) == sorted(FIGURES)
    for name, floor in FLOORS.items():
        assert 0.0 <= floor <= 1.0 and round(floor, 2) == floor, (name, floor)


def test_every_seed_is_scored(scores):
    assert scores.documents == len(list((ROOT / "tests" / "gold").glob("*.json")))
    assert scores.unpredicted == []


@pytest.mark.parametrize("figure", FIGURES)
def test_no_figure_falls_below_its_floor(scores, figure):
    value = scores.figures()[figure]
    floor = FLOORS[figure]
    assert value >= floor, f"{figure} fell to {value:.3f} < {floor:.2f}\n{format_table(scores)}"


# The targets of issue 2 on the seed gold. xfail marks only the ones not yet met: when one is
# reached it shows as XPASS, and its mark should go.
TARGETS = {"micro": 0.92, "Metric": 0.98, "Organization": 0.90, "concept": 0.88, "measure": 0.75}
NOT_YET_MET: set[str] = set()  # all five met on the seeds since fe6a188


def _target(figure: str):
    goal = TARGETS[figure]
    if figure in NOT_YET_MET:
        reason = f"issue 2 target {figure} >= {goal:.2f} not yet met on the seed gold"
        return pytest.param(figure, goal, marks=pytest.mark.xfail(strict=False, reason=reason))
    return pytest.param(figure, goal)


@pytest.mark.parametrize(("figure", "goal"), [_target(f) for f in TARGETS])
def test_issue_target(scores, figure, goal):
    value = scores.figures()[figure]
    assert value >= goal, f"{figure} is {value:.3f}, the target is {goal:.2f}"
