"""govkg benchmarks on real text: each figure beside its baseline, measured in the same run.

usage: python bench/run.py [--corpus FILE] [--repeat 3] [--only NAME ...] [--record]

Runs on the shared corpus of State Council reports (1.1 M characters) and on the same corpus
repeated 10 times. Prints a table; with --record, appends it to bench/RESULTS.md with the
machine, the date and the command.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
DEFAULT_CORPUS = ROOT.parent / "shared" / "corpus" / "state_council_reports.jsonl"


def load_sources(corpus: Path):
    from govkg.extract import SourceDocument, iter_documents

    return [d for d in iter_documents([corpus]) if isinstance(d, SourceDocument)]


def repeated_corpus(corpus: Path, times: int, folder: Path) -> Path:
    """The corpus ``times`` over; each copy's text differs by a first line, so no two are equal."""
    out = folder / f"corpus_x{times}.jsonl"
    lines = [json.loads(line) for line in corpus.read_text(encoding="utf-8").splitlines() if line.strip()]
    with out.open("w", encoding="utf-8") as fh:
        for k in range(times):
            for obj in lines:
                copy = dict(obj, text=f"（第{k + 1}份）\n" + obj["text"])
                fh.write(json.dumps(copy, ensure_ascii=False) + "\n")
    return out


def timed(fn: Callable[[], object], repeat: int) -> float:
    """Median wall time of ``repeat`` runs."""
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


def bench_extraction(sources, repeat: int) -> list[tuple[str, str, str]]:
    import jieba

    from govkg.extract import extract_record
    from govkg.extract.segment import tokenizer

    jieba.setLogLevel(60)
    jieba.initialize()
    tokenizer()
    extract_record(sources[0])  # both sides warm: lexicons compiled, segmenter loaded
    jieba.lcut(sources[0].text)
    texts = [s.text for s in sources]
    chars = sum(len(t) for t in texts)
    # alternate baseline and subject so both see the same machine state
    base_times, ext_times = [], []
    for _ in range(repeat):
        base_times.append(timed(lambda: [jieba.lcut(t) for t in texts], 1))
        ext_times.append(timed(lambda: [extract_record(s) for s in sources], 1))
    base, ext = statistics.median(base_times), statistics.median(ext_times)
    return [
        ("jieba.lcut (baseline)", f"{chars / base:,.0f} chars/s", f"{base:.2f} s"),
        ("extraction, 1 process", f"{chars / ext:,.0f} chars/s", f"{ext / base:.2f}x jieba.lcut"),
    ]


def bench_parallel(sources, repeat: int, label: str = "") -> list[tuple[str, str, str]]:
    """Wall time of extract_all with one process and with every core, same documents.

    Worker start-up (each worker loads jieba and compiles the lexicons) is part of the
    figure, as it is for a user; on a small corpus it weighs more.
    """
    from govkg.extract.batch import default_jobs, extract_all

    jobs = default_jobs()
    one_times, many_times = [], []
    one_out = many_out = None
    for _ in range(repeat):
        t0 = time.perf_counter()
        one_out = list(extract_all(sources, jobs=1))
        one_times.append(time.perf_counter() - t0)
        t0 = time.perf_counter()
        many_out = list(extract_all(sources, jobs=jobs))
        many_times.append(time.perf_counter() - t0)
    one, many = statistics.median(one_times), statistics.median(many_times)
    same = one_out == many_out
    return [
        (f"extract_all --jobs 1{label}", f"{one:.2f} s", ""),
        (f"extract_all --jobs {jobs}{label}", f"{many:.2f} s",
         f"{one / many:.2f}x speed-up; output {'identical' if same else 'DIFFERENT'}"),
    ]


def _run_measured(cmd: list[str]) -> tuple[float, float]:
    """Wall seconds and peak RSS (MiB) of a child process."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    t0 = time.perf_counter()
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    wall = time.perf_counter() - t0
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return wall, max(peak, before) / 1024


def govkg_cmd() -> str:
    exe = Path(sys.executable).parent / "govkg"
    return str(exe) if exe.exists() else shutil.which("govkg") or "govkg"


def bench_build(corpus: Path, workdir: Path, repeat: int) -> list[tuple[str, str, str]]:
    gk = govkg_cmd()
    extract_only = [gk, "extract", str(corpus), "--format", "jsonl", "-o", str(workdir / "x.jsonl")]
    build = [gk, "build", str(corpus), "-o", str(workdir / "out"), "--jobs", "1", "--no-cache"]
    ext = statistics.median(_run_measured(extract_only)[0] for _ in range(repeat))
    full = statistics.median(_run_measured(build)[0] for _ in range(repeat))
    return [
        ("govkg extract (1 process)", f"{ext:.2f} s", ""),
        ("govkg build, every export (1 process)", f"{full:.2f} s",
         f"graph stages add {(full - ext) / ext:.2f}x on top of extraction"),
    ]


def bench_memory(corpus10: Path, workdir: Path) -> list[tuple[str, str, str]]:
    gk = govkg_cmd()
    cmd = ["/usr/bin/time", "-f", "%M", gk, "build", str(corpus10), "-o", str(workdir / "out10"), "--no-cache"]
    t0 = time.perf_counter()
    proc = subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, check=True)
    wall = time.perf_counter() - t0
    peak_kb = int(proc.stderr.strip().splitlines()[-1])
    return [("govkg build, 10x corpus (all cores)", f"{peak_kb / 1024:,.0f} MiB peak RSS", f"{wall:.1f} s")]


BENCHES = ("extraction", "parallel", "parallel10", "build", "memory")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--only", nargs="*", choices=BENCHES, default=list(BENCHES))
    ap.add_argument("--record", action="store_true", help="append the table to bench/RESULTS.md")
    args = ap.parse_args(argv)
    if not args.corpus.exists():
        print(f"bench: corpus {args.corpus} not found", file=sys.stderr)
        return 2
    rows: list[tuple[str, str, str]] = []
    with tempfile.TemporaryDirectory(prefix="govkg-bench-") as tmp:
        work = Path(tmp)
        sources = load_sources(args.corpus)
        if "extraction" in args.only:
            rows += bench_extraction(sources, args.repeat)
        if "parallel" in args.only:
            rows += bench_parallel(sources, args.repeat)
        if "parallel10" in args.only:
            rows += bench_parallel(load_sources(repeated_corpus(args.corpus, 10, work)), 1, ", 10x corpus")
        if "build" in args.only:
            rows += bench_build(args.corpus, work, args.repeat)
        if "memory" in args.only:
            rows += bench_memory(repeated_corpus(args.corpus, 10, work), work)
    chars = sum(len(s.text) for s in sources)
    header = (f"{time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())} · {platform.node() or 'machine'} · "
              f"{os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f} at the end · Python {platform.python_version()} · "
              f"{len(sources)} documents, {chars:,} characters · `python bench/run.py {' '.join(argv or sys.argv[1:])}`")
    table = ["| benchmark | figure | against the baseline |", "| --- | --- | --- |"]
    table += [f"| {a} | {b} | {c} |" for a, b, c in rows]
    print(header)
    print("\n".join(table))
    if args.record:
        with (HERE / "RESULTS.md").open("a", encoding="utf-8") as fh:
            fh.write(f"\n### {header}\n\n" + "\n".join(table) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
