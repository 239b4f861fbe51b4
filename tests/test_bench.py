"""The benchmark script runs (its figures are read from bench/RESULTS.md, never asserted here)."""

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_bench_runs_on_a_small_corpus(tmp_path):
    corpus = tmp_path / "small.jsonl"
    with corpus.open("w", encoding="utf-8") as fh:
        for seed in sorted((ROOT / "seeds").glob("*.txt"))[:2]:
            fh.write(json.dumps({"title": seed.stem, "text": seed.read_text(encoding="utf-8")},
                                ensure_ascii=False) + "\n")
    proc = subprocess.run(
        [sys.executable, str(ROOT / "bench" / "run.py"), "--corpus", str(corpus),
         "--only", "extraction", "parallel", "--repeat", "1"],
        capture_output=True, text=True, timeout=600,
    )
    assert proc.returncode == 0, proc.stderr
    rows = [line for line in proc.stdout.splitlines() if line.startswith("| ")]
    assert [r.split("|")[1].strip() for r in rows[2:]] == [
        "jieba.lcut (baseline)", "extraction, 1 process", "extract_all --jobs 1",
        f"extract_all --jobs {rows[-1].split('--jobs ')[1].split()[0]}",
    ]
    assert "output identical" in rows[-1]


def test_repeated_corpus_copies_differ(tmp_path):
    sys.path.insert(0, str(ROOT / "bench"))
    try:
        import run as bench
    finally:
        sys.path.remove(str(ROOT / "bench"))
    src = tmp_path / "c.jsonl"
    src.write_text(json.dumps({"text": "区民政局"}, ensure_ascii=False) + "\n", encoding="utf-8")
    out = bench.repeated_corpus(src, 3, tmp_path)
    texts = [json.loads(line)["text"] for line in out.read_text(encoding="utf-8").splitlines()]
    assert len(texts) == 3 and len(set(texts)) == 3 and all(t.endswith("区民政局") for t in texts)
