"""govkg build at scale: worker processes, the record cache, the Dask executor, quiet progress."""

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from govkg.graph.pipeline import run_build

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
FORMATS = ["turtle", "nquads", "graphml", "json"]


def outputs(folder: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(folder)): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and ".cache" not in p.parts and not p.name.startswith("report")
    }


@pytest.fixture(scope="module")
def serial_build(tmp_path_factory):
    out = tmp_path_factory.mktemp("serial")
    run_build([SEEDS], out, formats=FORMATS, jobs=1)
    return out


def test_jobs_give_byte_identical_output(serial_build, tmp_path):
    result = run_build([SEEDS], tmp_path, formats=FORMATS, jobs=2)
    assert outputs(tmp_path) == outputs(serial_build)
    assert result.report["extraction"]["jobs"] == 2


def test_cache_extracts_only_new_documents(serial_build, tmp_path):
    corpus = tmp_path / "corpus"
    shutil.copytree(SEEDS, corpus)
    cache = tmp_path / "cache"
    first = run_build([corpus], tmp_path / "a", formats=FORMATS, jobs=1, cache_dir=cache)
    assert first.report["extraction"] == {"executor": "local", "jobs": 1, "extracted": 5, "from_cache": 0}
    (corpus / "new.txt").write_text("区民政局开展“千元礼葬”惠民项目，发放补贴**万元。", encoding="utf-8")
    second = run_build([corpus], tmp_path / "b", formats=FORMATS, jobs=1, cache_dir=cache)
    assert second.report["extraction"]["extracted"] == 1
    assert second.report["extraction"]["from_cache"] == 5
    # served from the cache, the build is the same as extracting afresh
    fresh = run_build([corpus], tmp_path / "c", formats=FORMATS, jobs=1)
    assert outputs(tmp_path / "b") == outputs(tmp_path / "c")
    assert fresh.report["extraction"]["from_cache"] == 0


def test_dask_executor_matches_the_local_build(serial_build, tmp_path):
    distributed = pytest.importorskip("distributed")
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                  dashboard_address=None) as cluster:
        result = run_build([SEEDS], tmp_path, formats=FORMATS, executor="dask",
                           scheduler=cluster.scheduler_address)
    got = outputs(tmp_path)
    quads = {k: v for k, v in got.items() if k.startswith("nquads/")}
    assert {k: v for k, v in got.items() if k not in quads} == outputs(serial_build)
    assert len(quads) == 5 and all(v for v in quads.values())
    assert result.report["extraction"]["executor"] == "dask"
    # every per-document named graph is part of the corpus's N-Quads
    whole = set((serial_build / "graph.nq").read_text(encoding="utf-8").splitlines())
    for text in quads.values():
        assert set(text.decode("utf-8").splitlines()) <= whole


def test_dask_needs_a_scheduler(tmp_path):
    from govkg.extract import GovkgError

    with pytest.raises(GovkgError, match="needs a scheduler"):
        run_build([SEEDS], tmp_path, formats=FORMATS, executor="dask")


def test_progress_is_quiet_when_not_a_terminal(tmp_path):
    govkg = Path(sys.executable).parent / "govkg"
    proc = subprocess.run(
        [str(govkg), "build", str(SEEDS), "-o", str(tmp_path), "--format", "json", "--jobs", "1"],
        capture_output=True, text=True, timeout=600,
    )
    assert proc.returncode == 0, proc.stderr
    assert proc.stderr == ""
    report = json.loads((tmp_path / "report.json").read_text(encoding="utf-8"))
    assert report["extraction"]["extracted"] == 5
