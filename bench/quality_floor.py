#!/usr/bin/env python3
"""Rewrites tests/quality_floor.json from a fresh extraction of the seeds, so quality only goes up.

usage: python bench/quality_floor.py [--check] [--allow-lower]

Extracts seeds/, scores it against tests/gold/ with govkg.extract.evaluate, and stores every
figure (per-type F1, concept, micro, measure char-F1) rounded down to 2 decimals as the floor
tests/test_quality.py enforces. A floor never goes down unless --allow-lower is given (say why
in the commit); --check only prints the comparison.
"""

from __future__ import annotations

import argparse
import json
import math
import sys
from pathlib import Path

from govkg.extract.evaluate import format_table, score_extraction

ROOT = Path(__file__).resolve().parent.parent
FLOOR_FILE = ROOT / "tests" / "quality_floor.json"
ABOUT = (
    "Lowest seed scores the extraction may reach (F1, and mean char-F1 for measure), "
    "rounded down to 2 decimals; tests/test_quality.py fails below them. "
    "Raise them with: python bench/quality_floor.py"
)


def round_down(value: float) -> float:
    """Two decimals, rounded down, immune to 0.29 * 100 == 28.999999999999996.

    >>> round_down(0.2999), round_down(0.29), round_down(1.0)
    (0.29, 0.29, 1.0)
    """
    return math.floor(round(value * 100, 6)) / 100


def read_floors(path: Path = FLOOR_FILE) -> dict[str, float]:
    if not path.exists():
        return {}
    return dict(json.loads(path.read_text(encoding="utf-8"))["floors"])


def floor_document(floors: dict[str, float]) -> str:
    return json.dumps({"about": ABOUT, "floors": floors}, ensure_ascii=False, indent=1) + "\n"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument("--check", action="store_true", help="compare only, write nothing")
    ap.add_argument("--allow-lower", action="store_true", help="let a floor go down")
    args = ap.parse_args(argv)

    scores = score_extraction(ROOT / "tests" / "gold", ROOT / "seeds")
    print(format_table(scores))
    old = read_floors()
    new = {name: round_down(value) for name, value in scores.figures().items()}
    lower = [name for name, value in new.items() if value < old.get(name, 0.0)]
    print(f"{'figure':<13}{'floor':>7}{'now':>7}")
    for name, value in new.items():
        mark = "  (lower)" if name in lower else "  (up)" if value > old.get(name, 0.0) else ""
        print(f"{name:<13}{old.get(name, 0.0):>7.2f}{value:>7.2f}{mark}")
    if args.check:
        return 1 if lower else 0
    if lower and not args.allow_lower:
        print(
            f"not written: {', '.join(lower)} would go down (--allow-lower to accept)",
            file=sys.stderr,
        )
        return 1
    FLOOR_FILE.write_text(floor_document(new), encoding="utf-8")
    print(f"wrote {FLOOR_FILE.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
