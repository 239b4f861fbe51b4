"""govkg eval scores as ANNOTATION.md defines it and prints what the shared score.py prints."""

from __future__ import annotations

import contextlib
import copy
import io
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from govkg.extract import ENTITY_TYPES
from govkg.extract.evaluate import (
    EvaluationError,
    Tally,
    char_f1,
    evaluate,
    evaluate_paths,
    format_table,
    gold_metric_span,
    load_objects,
)
from govkg.graph.cli import main
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

ROOT = Path(__file__).resolve().parent.parent
GOLD = ROOT / "tests" / "gold"
SEEDS = ROOT / "seeds"


def _score_py() -> Path | None:
    for candidate in (Path("/work/shared/score.py"), ROOT.parent / "shared" / "score.py"):
        if candidate.is_file():
            return candidate
    return None


SCORE_PY = _score_py()
needs_score_py = pytest.mark.skipif(
    SCORE_PY is None,
    reason="the reference scorer score.py is neither at /work/shared/score.py nor at "
    "../shared/score.py beside the clone, so govkg eval cannot be compared with it",
)


# Entities: names, aliases, duplicates, redaction, types ---------------------------------------


def one_doc(gold_entities: dict[str, list[dict]], predicted: list[tuple[str, str]]):
    gold = {"document": "r.txt", **gold_entities}
    pred = {
        "document": {"source": "somewhere/r.txt"},
        "entities": [{"type": t, "name": n, "aliases": []} for t, n in predicted],
    }
    return evaluate([gold], [pred], texts={"r.txt": "正文"})


ORG = [{"name": "区民政局", "aliases": ["民政局", "我局"]}]

ENTITY_CASES = [
    # (gold, predicted (type, name), expected (tp, fp, fn) of the type named first in predicted)
    ({"organizations": ORG}, [("Organization", "区民政局")], (1, 0, 0)),
    # any gold alias is an accepted name
    ({"organizations": ORG}, [("Organization", "我局")], (1, 0, 0)),
    # an unmerged duplicate (the body under its name and under an alias) is a false positive
    ({"organizations": ORG}, [("Organization", "区民政局"), ("Organization", "民政局")], (1, 1, 0)),
    # the same name twice is one node, not a duplicate
    (
        {"organizations": ORG},
        [("Organization", "区民政局"), ("Organization", "区民政局")],
        (1, 0, 0),
    ),
    # a shorter form that is no alias is wrong
    ({"organizations": ORG}, [("Organization", "民政")], (0, 1, 1)),
    # redaction marks fold to one *, whatever they are
    (
        {"organizations": [{"name": "**市政协", "aliases": []}]},
        [("Organization", "xx市政协")],
        (1, 0, 0),
    ),
    (
        {"organizations": [{"name": "**日报", "aliases": []}]},
        [("Organization", "×日报")],
        (1, 0, 0),
    ),
    (
        {"organizations": [{"name": "**日报", "aliases": []}]},
        [("Organization", "＊＊日报")],
        (1, 0, 0),
    ),
    # x inside a Latin word is not a redaction mark
    ({"organizations": [{"name": "*市", "aliases": []}]}, [("Organization", "Max市")], (0, 1, 1)),
    # quotes, 《》 and whitespace do not count
    ({"programs": [{"name": "五社联动", "aliases": []}]}, [("Program", "“五社联动”")], (1, 0, 0)),
    (
        {"policies": [{"name": "中国共产党廉洁自律准则", "aliases": []}]},
        [("Policy", "《中国共产党廉洁自律准则》")],
        (1, 0, 0),
    ),
    (
        {"programs": [{"name": "千元礼葬", "aliases": ["千元礼葬惠民项目"]}]},
        [("Program", "“千元礼葬” 惠民项目")],
        (1, 0, 0),
    ),
    # full-width forms fold (NFKC)
    (
        {"programs": [{"name": "互联网+居家养老", "aliases": []}]},
        [("Program", "互联网＋居家养老")],
        (1, 0, 0),
    ),
    # a type error: a Program predicted as a Slogan misses under Program
    ({"programs": [{"name": "三会一课", "aliases": []}]}, [("Slogan", "三会一课")], (0, 1, 0)),
]


@pytest.mark.parametrize(("gold", "predicted", "expected"), ENTITY_CASES)
def test_entity_matching(gold, predicted, expected):
    scores = one_doc(gold, predicted)
    t = scores.tallies[predicted[0][0]]
    assert (t.tp, t.fp, t.fn) == expected


def test_concept_forgives_the_program_slogan_line():
    gold = {
        "programs": [{"name": "三会一课", "aliases": []}],
        "slogans": [{"name": "四个意识", "aliases": []}],
    }
    scores = one_doc(
        gold, [("Slogan", "三会一课"), ("Program", "四个意识"), ("Program", "两个维护")]
    )
    assert scores.tallies["Program"] == Tally(0, 2, 1)
    assert scores.tallies["Slogan"] == Tally(0, 1, 1)
    assert scores.tallies["concept"] == Tally(2, 1, 0)
    # concept is a view on two types: micro does not count it twice
    assert scores.tallies["micro"] == Tally(0, 3, 2)


def test_one_name_under_both_types_is_one_concept():
    scores = one_doc(
        {"slogans": [{"name": "四个意识", "aliases": []}]},
        [("Program", "四个意识"), ("Slogan", "四个意识")],
    )
    assert scores.tallies["concept"] == Tally(1, 0, 0)


def test_prediction_aliases_are_not_names():
    scores = one_doc({"organizations": ORG}, [])
    pred = {
        "document": {"source": "r.txt"},
        "entities": [{"type": "Organization", "name": "民政", "aliases": ["区民政局"]}],
    }
    scores = evaluate([{"document": "r.txt", "organizations": ORG}], [pred], texts={"r.txt": ""})
    assert scores.tallies["Organization"] == Tally(0, 1, 1)


def test_errors_name_what_was_missed_and_what_was_extra():
    scores = one_doc(
        {"organizations": ORG + [{"name": "区委", "aliases": []}]},
        [("Organization", "民政局"), ("Organization", "我局"), ("Organization", "乡镇")],
    )
    misses = scores.errors["r.txt"]["Organization"]
    assert misses.missed == ["区委"]
    assert misses.false_positives == ["我局", "乡镇"]


def test_a_document_without_prediction_is_all_misses():
    gold = {"document": "r.txt", "organizations": ORG}
    scores = evaluate([gold], [{"document": {"source": "other.txt"}}], texts={"r.txt": ""})
    assert scores.unpredicted == ["r.txt"]
    assert scores.tallies["micro"] == Tally(0, 0, 1)


# Metrics: overlap, value, unit, measure --------------------------------------------------------

TEXT = "召开民主生活会2次，家庭医生签约1.2万人，投入资金**万元，按时办结率均为100%，新建站点2次。"


def gold_metric(text, context, value, unit, measure):
    return {"text": text, "context": context, "value": value, "unit": unit, "measure": measure}


GOLD_METRICS = [
    gold_metric("2次", "召开民主生活会2次", 2, "次", "民主生活会"),
    gold_metric("1.2万人", "家庭医生签约1.2万人", 12000, "人", "家庭医生签约"),
    gold_metric("**万元", "投入资金**万元", None, "元", "资金"),
    gold_metric("100%", "按时办结率均为100%", 100, "%", "按时办结率"),
]


def predicted(quantity, value, unit, measure="", *, occurrence=0, shift=(0, 0)):
    start = -1
    for _ in range(occurrence + 1):
        start = TEXT.index(quantity, start + 1)
    s, e = start + shift[0], start + len(quantity) + shift[1]
    return {
        "start": s,
        "end": e,
        "text": TEXT[s:e],
        "value": value,
        "unit": unit,
        "measure": measure,
    }


METRIC_CASES = [
    # (predicted metrics, expected Metric (tp, fp, fn))
    ([predicted("2次", 2, "次")], (1, 0, 3)),
    # any overlap with the gold span is enough
    ([predicted("1.2万人", 12000, "人", shift=(4, 0))], (1, 0, 3)),
    ([predicted("1.2万人", 12000, "人", shift=(-3, -4))], (1, 0, 3)),
    # touching is not overlapping
    ([predicted("1.2万人", 12000, "人", shift=(-3, -5))], (0, 1, 4)),
    # the value must be equal, in base units
    ([predicted("1.2万人", 1.2, "人")], (0, 1, 4)),
    ([predicted("1.2万人", 12000.000001, "人")], (1, 0, 3)),
    ([predicted("1.2万人", "12000", "人")], (1, 0, 3)),
    # the unit must be the same, without the 万 scale
    ([predicted("1.2万人", 12000, "万人")], (0, 1, 4)),
    # redacted: null equals only null
    ([predicted("**万元", None, "元")], (1, 0, 3)),
    ([predicted("**万元", 0, "元")], (0, 1, 4)),
    ([predicted("100%", 100, "%")], (1, 0, 3)),
    ([predicted("100%", None, "%")], (0, 1, 4)),
    # the same quantity elsewhere in the text is not the gold one
    ([predicted("2次", 2, "次", occurrence=1)], (0, 1, 4)),
    # one gold metric matches one prediction: the second is a false positive
    ([predicted("2次", 2, "次"), predicted("2次", 2, "次", shift=(-1, 0))], (1, 1, 3)),
    # a prediction without offsets never matches
    ([{"text": "2次", "value": 2, "unit": "次"}], (0, 1, 4)),
]


@pytest.mark.parametrize(("metrics", "expected"), METRIC_CASES)
def test_metric_matching(metrics, expected):
    gold = {"document": "m.txt", "metrics": GOLD_METRICS}
    scores = evaluate(
        [gold], [{"document": {"source": "m.txt"}, "metrics": metrics}], texts={"m.txt": TEXT}
    )
    t = scores.tallies["Metric"]
    assert (t.tp, t.fp, t.fn) == expected


@pytest.mark.parametrize(
    ("predicted_measure", "gold_measure", "expected"),
    [
        ("民主生活会", "民主生活会", 1.0),
        ("签约", "家庭医生签约", 0.5),
        ("召开民主生活会", "民主生活会", 2 * (5 / 7) * 1 / (5 / 7 + 1)),
        ("资金", "党费", 0.0),
        ("", "", 1.0),
        ("", "资金", 0.0),
        (None, "资金", 0.0),
        # normalized before counting: quotes go, redaction folds
        ("“学习强国”采用", "学习强国采用", 1.0),
        ("xx项目", "**项目", 1.0),
    ],
)
def test_measure_overlap(predicted_measure, gold_measure, expected):
    assert char_f1(predicted_measure, gold_measure) == pytest.approx(expected)


def test_measure_is_averaged_over_matched_metrics_only():
    gold = {"document": "m.txt", "metrics": GOLD_METRICS}
    metrics = [
        predicted("2次", 2, "次", "民主生活会"),
        predicted("1.2万人", 12000, "人", "签约"),
        predicted("100%", 1, "%", "按时办结率"),
    ]
    scores = evaluate(
        [gold], [{"document": {"source": "m.txt"}, "metrics": metrics}], texts={"m.txt": TEXT}
    )
    assert scores.measures == [1.0, 0.5]
    assert scores.measure_char_f1 == 0.75
    assert scores.errors["m.txt"]["Metric"].false_positives == ["100%"]
    assert scores.errors["m.txt"]["Metric"].missed == ["投入资金**万元", "按时办结率均为100%"]


@pytest.mark.parametrize(
    ("metric", "problem"),
    [
        (gold_metric("3次", "召开民主生活会3次", 3, "次", ""), "missing"),
        (gold_metric("2次", "2次", 2, "次", ""), "not unique"),
        (gold_metric("3次", "召开民主生活会2次", 3, "次", ""), "not inside"),
    ],
)
def test_a_gold_metric_must_be_placed_exactly(metric, problem):
    with pytest.raises(EvaluationError, match=problem):
        gold_metric_span(TEXT, metric, "m.txt")


def test_gold_metric_span_finds_the_text_inside_its_context():
    start, end = gold_metric_span(TEXT, GOLD_METRICS[1])
    assert TEXT[start:end] == "1.2万人"


# Reading gold and records ----------------------------------------------------------------------


def test_records_are_read_from_json_arrays_objects_jsonl_and_folders(tmp_path):
    a, b, c = ({"document": {"source": f"{n}.txt"}} for n in "abc")
    (tmp_path / "d").mkdir()
    (tmp_path / "d" / "1.json").write_text(json.dumps([a, b]), encoding="utf-8")
    (tmp_path / "d" / "2.jsonl").write_text(json.dumps(c) + "\n\n", encoding="utf-8")
    (tmp_path / "d" / "3.txt").write_text("not a record", encoding="utf-8")
    assert list(load_objects(tmp_path / "d")) == [a, b, c]
    (tmp_path / "one.json").write_text(json.dumps(a), encoding="utf-8")
    assert list(load_objects(tmp_path / "one.json")) == [a]


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("bad.jsonl", '{"document": "a.txt"}\n{"document": \n', r"bad\.jsonl:2: not JSON"),
        ("bad.json", "[1, 2]", r"bad\.json\[0\]: expected a JSON object"),
        ("bad.json", "\xff", r"bad\.json: not JSON"),
    ],
)
def test_unreadable_records_name_the_file(tmp_path, name, content, message):
    (tmp_path / name).write_text(content, encoding="utf-8")
    with pytest.raises(EvaluationError, match=message):
        list(load_objects(tmp_path / name))


def test_a_missing_document_names_the_file(tmp_path):
    (tmp_path / "g.json").write_text(json.dumps({"document": "gone.txt"}), encoding="utf-8")
    with pytest.raises(EvaluationError, match="gone.txt"):
        evaluate_paths(tmp_path / "g.json", tmp_path / "g.json", tmp_path)


def test_document_text_is_read_as_offsets_count_it(tmp_path):
    # BOM and CRLF: the gold context spans a line break that the file writes as \r\n
    (tmp_path / "w.txt").write_bytes("\ufeff第一行\r\n共召开会议3次。".encode())
    gold = {
        "document": "w.txt",
        "metrics": [gold_metric("3次", "行\n共召开会议3次", 3, "次", "会议")],
    }
    pred = {
        "document": {"source": "w.txt"},
        "metrics": [{"start": 10, "end": 12, "value": 3, "unit": "次", "measure": "会议"}],
    }
    scores = evaluate([gold], [pred], tmp_path)
    assert scores.tallies["Metric"] == Tally(1, 0, 0)


# The command -----------------------------------------------------------------------------------


def test_cli_prints_the_table_and_fails_cleanly(tmp_path):
    gold = {"document": "m.txt", "metrics": GOLD_METRICS, "organizations": ORG}
    (tmp_path / "m.txt").write_text(TEXT, encoding="utf-8")
    (tmp_path / "gold.json").write_text(json.dumps(gold, ensure_ascii=False), encoding="utf-8")
    pred = {
        "document": {"source": "m.txt"},
        "entities": [{"type": "Organization", "name": "区委"}],
        "metrics": [predicted("2次", 2, "次", "民主生活会")],
    }
    (tmp_path / "pred.jsonl").write_text(
        json.dumps(pred, ensure_ascii=False) + "\n", encoding="utf-8"
    )
    runner = CliRunner()
    result = runner.invoke(
        main,
        [
            "eval",
            str(tmp_path / "gold.json"),
            str(tmp_path / "pred.jsonl"),
            "--docs",
            str(tmp_path),
            "--errors",
        ],
    )
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0].split() == ["type", "P", "R", "F1", "tp", "fp", "fn"]
    assert [line.split()[0] for line in lines[1:8]] == [
        "Organization",
        "Program",
        "Slogan",
        "Policy",
        "concept",
        "Metric",
        "micro",
    ]
    assert lines[6].split() == ["Metric", "1.000", "0.250", "0.400", "1", "0", "3"]
    assert "measure char-F1 over matched metrics: 1.000 (1 documents)" in lines
    assert "m.txt Organization" in lines and "  false positives: ['区委']" in lines

    as_json = runner.invoke(
        main,
        [
            "eval",
            str(tmp_path / "gold.json"),
            str(tmp_path / "pred.jsonl"),
            "--docs",
            str(tmp_path),
            "--json",
        ],
    )
    assert json.loads(as_json.stdout)["scores"]["micro"]["tp"] == 1

    missing = runner.invoke(
        main,
        [
            "eval",
            str(tmp_path / "nope.json"),
            str(tmp_path / "pred.jsonl"),
            "--docs",
            str(tmp_path),
        ],
    )
    assert missing.exit_code == 1
    assert missing.stderr.strip().splitlines() == [
        f"govkg: error: {tmp_path / 'nope.json'}: no such file or directory"
    ]
    assert "Traceback" not in missing.output


# Same figures as score.py ----------------------------------------------------------------------


def seed_texts() -> dict[str, str]:
    return {p.name: p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt"))}


def gold_objects() -> list[dict]:
    return [json.loads(p.read_text(encoding="utf-8")) for p in sorted(GOLD.glob("*.json"))]


def record_from_gold(
    gold: dict, text: str, *, name_of=lambda e: e["name"], metric=lambda m, s, e: (s, e)
):
    """A prediction that says what the gold says, through hooks that bend names and spans."""
    entities = []
    for etype, key in (
        ("Organization", "organizations"),
        ("Program", "programs"),
        ("Slogan", "slogans"),
        ("Policy", "policies"),
    ):
        for e in gold.get(key, []):
            names = name_of(e)
            for name in names if isinstance(names, list) else [names]:
                entities.append(
                    {"type": etype, "name": name, "aliases": list(e.get("aliases", []))}
                )
    metrics = []
    for m in gold.get("metrics", []):
        s = text.index(m["context"]) + m["context"].index(m["text"])
        span = metric(m, s, s + len(m["text"]))
        if span is None:
            continue
        s, e = span
        metrics.append(
            {
                "start": s,
                "end": e,
                "text": text[s:e],
                "value": m["value"],
                "unit": m["unit"],
                "measure": m["measure"],
            }
        )
    return {
        "document": {"source": f"seeds/{gold['document']}"},
        "entities": entities,
        "metrics": metrics,
    }


def _first_alias(e):
    return e["aliases"][0] if e.get("aliases") else e["name"]


def _all_forms(e):
    return [e["name"], *e.get("aliases", [])]


def _redaction_spelled_otherwise(e):
    return re.sub(r"\*+", lambda m: "x" * (len(m.group()) + 1), e["name"]).replace("中", "×")


def _bent_metric(m, s, e):
    """Bends each metric a different way: overlap, adjacency, value, unit, measure, omission."""
    k = s % 7
    if k == 0:
        return s + 1, e + 2  # overlaps the end, spills over
    if k == 1:
        return max(s - 3, 0), s  # touches only: no overlap
    if k == 2:
        m["value"] = 0 if m["value"] is None else m["value"] * 10
    elif k == 3:
        m["unit"] = m["unit"] + "次"
    elif k == 4:
        m["measure"] = m["measure"][1:] + "数量"
    elif k == 5:
        return None  # missed
    return s, e


def variants(texts):
    golds = gold_objects()

    def build(**hooks):
        return [record_from_gold(copy.deepcopy(g), texts[g["document"]], **hooks) for g in golds]

    perfect = build()
    swapped = copy.deepcopy(perfect)
    for rec in swapped:
        for ent in rec["entities"][::3]:
            ent["type"] = {"Program": "Slogan", "Slogan": "Program"}.get(ent["type"], ent["type"])
    duplicated_metrics = copy.deepcopy(perfect)
    for rec in duplicated_metrics:
        rec["metrics"] = rec["metrics"] + rec["metrics"][::2]
    return {
        "perfect": perfect,
        "aliases": build(name_of=_first_alias),
        "duplicates": build(name_of=_all_forms),
        "redaction": build(name_of=_redaction_spelled_otherwise),
        "types-swapped": swapped,
        "metrics-bent": build(metric=_bent_metric),
        "metrics-duplicated": duplicated_metrics,
        "one-document-missing": perfect[1:],
        "empty": [],
    }


def write_records(records: list[dict], path: Path, fmt: str) -> Path:
    if fmt == "jsonl":
        path.write_text(
            "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8"
        )
    else:
        path.write_text(json.dumps(records, ensure_ascii=False, indent=1), encoding="utf-8")
    return path


def run_score_py(pred: Path, *options: str) -> str:
    out = subprocess.run(
        [sys.executable, str(SCORE_PY), str(GOLD), str(pred), "--docs", str(SEEDS), *options],
        capture_output=True,
        text=True,
        encoding="utf-8",
        check=True,
    )
    return out.stdout


def run_govkg_eval(pred: Path, *options: str) -> str:
    result = CliRunner().invoke(
        main, ["eval", str(GOLD), str(pred), "--docs", str(SEEDS), *options]
    )
    assert result.exit_code == 0, result.output
    return result.stdout


def assert_same_as_score_py(pred: Path):
    assert run_govkg_eval(pred) == run_score_py(pred)
    assert run_govkg_eval(pred, "--errors") == run_score_py(pred, "--errors")
    assert json.loads(run_govkg_eval(pred, "--json", "--errors")) == json.loads(
        run_score_py(pred, "--json", "--errors")
    )


def test_the_hand_made_predictions_cover_what_they_claim():
    texts = seed_texts()
    v = variants(texts)
    score = {name: evaluate(gold_objects(), recs, texts=texts) for name, recs in v.items()}
    assert score["perfect"].figures() == {row: 1.0 for row in score["perfect"].figures()}
    assert score["aliases"].tallies["micro"].f1 == 1.0
    assert score["duplicates"].tallies["Organization"].fp > 0
    assert (
        score["redaction"].tallies["Organization"].f1 < 1.0
        or score["redaction"].tallies["Program"].f1 < 1.0
    )
    assert score["redaction"].tallies["Program"].tp > 0
    assert score["types-swapped"].tallies["Program"].f1 < 1.0
    assert score["types-swapped"].tallies["concept"].f1 == 1.0
    bent = score["metrics-bent"]
    assert 0 < bent.tallies["Metric"].tp < bent.tallies["Metric"].tp + bent.tallies["Metric"].fn
    assert 0 < bent.measure_char_f1 < 1
    assert score["metrics-duplicated"].tallies["Metric"].fp > 0
    assert score["one-document-missing"].unpredicted == [gold_objects()[0]["document"]]


@needs_score_py
@pytest.mark.parametrize("fmt", ["jsonl", "json"])
@pytest.mark.parametrize(
    "variant",
    [
        "perfect",
        "aliases",
        "duplicates",
        "redaction",
        "types-swapped",
        "metrics-bent",
        "metrics-duplicated",
        "one-document-missing",
        "empty",
    ],
)
def test_same_figures_as_score_py_on_hand_made_predictions(tmp_path, variant, fmt):
    records = variants(seed_texts())[variant]
    assert_same_as_score_py(write_records(records, tmp_path / f"pred.{fmt}", fmt))


@needs_score_py
def test_same_figures_as_score_py_on_a_folder_of_predictions(tmp_path):
    records = variants(seed_texts())["metrics-bent"]
    (tmp_path / "pred").mkdir()
    write_records(records[:2], tmp_path / "pred" / "a.json", "json")
    write_records(records[2:], tmp_path / "pred" / "b.jsonl", "jsonl")
    assert_same_as_score_py(tmp_path / "pred")


@needs_score_py
@pytest.mark.parametrize("fmt", ["jsonl", "json"])
def test_same_figures_as_score_py_on_the_seed_extraction(tmp_path, fmt):
    out = tmp_path / f"records.{fmt}"
    result = CliRunner().invoke(main, ["extract", str(SEEDS), "--format", fmt, "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert_same_as_score_py(out)


def test_format_table_has_score_py_rows():
    scores = evaluate([], [])
    assert (
        format_table(scores).splitlines()[-1]
        == "measure char-F1 over matched metrics: 0.000 (0 documents)"
    )


# Differential: random predictions near the gold, scored by both ------------------------------


def _load_score_py():
    import importlib.util

    spec = importlib.util.spec_from_file_location("reference_score", SCORE_PY)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@st.composite
def near_gold_records(draw):
    """Records that say roughly what the gold says: names, aliases and bent forms under random
    types, metric spans around the gold ones with right or wrong values, units and measures."""
    texts = seed_texts()
    records = []
    for gold in gold_objects():
        text = texts[gold["document"]]
        forms = [
            f
            for key in ("organizations", "programs", "slogans", "policies")
            for e in gold.get(key, [])
            for f in (e["name"], *e.get("aliases", []))
        ]
        bend = st.sampled_from(
            [
                lambda f: f,
                lambda f: f"“{f}”",
                lambda f: f.replace("*", "x"),
                lambda f: f[1:],
                lambda f: f + " ",
                lambda f: f.replace("*", "×"),
            ]
        )
        entities = [
            {
                "type": draw(st.sampled_from(ENTITY_TYPES)),
                "name": draw(bend)(draw(st.sampled_from(forms))),
            }
            for _ in range(draw(st.integers(0, 25)))
        ]
        metrics = []
        for m in draw(st.lists(st.sampled_from(gold.get("metrics", [])), max_size=20)):
            s = text.index(m["context"]) + m["context"].index(m["text"])
            s += draw(st.integers(-3, 3))
            e = s + len(m["text"]) + draw(st.integers(-3, 3))
            s, e = max(s, 0), max(e, max(s, 0) + 1)
            metrics.append(
                {
                    "start": s,
                    "end": e,
                    "text": text[s:e],
                    "value": draw(
                        st.sampled_from([m["value"], None, 0, 1.0 * (m["value"] or 0) + 0.5])
                    ),
                    "unit": draw(st.sampled_from([m["unit"], "", "次", "%"])),
                    "measure": m["measure"][draw(st.integers(0, 2)) :],
                }
            )
        records.append(
            {"document": {"source": gold["document"]}, "entities": entities, "metrics": metrics}
        )
    return draw(st.permutations(records))[: draw(st.integers(3, 5))]


@needs_score_py
@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(records=near_gold_records())
def test_same_figures_as_score_py_on_random_predictions(tmp_path, records):
    reference = _load_score_py()
    pred = write_records(records, tmp_path / "random.jsonl", "jsonl")
    out = io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(io.StringIO()):
        reference.main([str(GOLD), str(pred), "--docs", str(SEEDS), "--json", "--errors"])
    ours = evaluate(gold_objects(), records, SEEDS).to_dict(errors=True)
    assert ours == json.loads(out.getvalue())
