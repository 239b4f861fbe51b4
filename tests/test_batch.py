"""Many documents: worker processes give the same records as one, and the cache serves them."""

from pathlib import Path

import pytest

from govkg.extract import DocumentError, SourceDocument, batch, iter_documents

SEEDS = Path(__file__).resolve().parent.parent / "seeds"


def sources():
    return [d for d in iter_documents([SEEDS]) if isinstance(d, SourceDocument)]


def test_parallel_output_equals_serial():
    docs = sources()
    serial = list(batch.extract_all(docs, jobs=1))
    parallel = list(batch.extract_all(docs, jobs=2))
    assert serial == parallel
    assert [r["document"]["source"] for r in serial] == [d.source for d in docs]


def test_errors_keep_their_place():
    docs = sources()[:2]
    err = DocumentError("missing.txt", "no such file or directory")
    out = list(batch.extract_all([docs[0], err, docs[1]], jobs=2))
    assert out[1] is err or (isinstance(out[1], DocumentError) and out[1].source == "missing.txt")
    assert out[2]["document"]["source"] == docs[1].source


def test_cache_serves_unchanged_documents(tmp_path):
    docs = sources()
    cache = batch.RecordCache(tmp_path)
    stats: dict[str, int] = {}
    first = list(batch.extract_all(docs, cache=cache, stats=stats))
    assert stats == {"extracted": len(docs), "cached": 0}
    # one new document: only it is extracted, the rest come from the cache
    extra = SourceDocument("new.txt", "区民政局开展“千元礼葬”惠民项目，发放补贴**万元。")
    stats = {}
    second = list(batch.extract_all([*docs, extra], cache=cache, stats=stats))
    assert stats == {"extracted": 1, "cached": len(docs)}
    assert second[:-1] == first


def test_cache_follows_the_source_path(tmp_path):
    doc = sources()[0]
    cache = batch.RecordCache(tmp_path)
    list(batch.extract_all([doc], cache=cache))
    moved = SourceDocument("elsewhere/copy.txt", doc.text, "copy")
    (record,) = batch.extract_all([moved], cache=cache)
    assert record["document"]["source"] == "elsewhere/copy.txt"
    assert record["document"]["title"] == "copy"


def test_changed_code_or_lexicon_misses_the_cache(tmp_path, monkeypatch):
    doc = sources()[0]
    cache = batch.RecordCache(tmp_path)
    list(batch.extract_all([doc], cache=cache))
    monkeypatch.setattr(batch, "code_digest", lambda: "changed")
    stats: dict[str, int] = {}
    list(batch.extract_all([doc], cache=cache, stats=stats))
    assert stats["extracted"] == 1


def test_damaged_cache_entry_is_extracted_again(tmp_path):
    doc = sources()[0]
    cache = batch.RecordCache(tmp_path)
    list(batch.extract_all([doc], cache=cache))
    (entry,) = tmp_path.rglob("*.json.gz")
    entry.write_bytes(b"\x1f\x8b broken")
    stats: dict[str, int] = {}
    list(batch.extract_all([doc], cache=cache, stats=stats))
    assert stats["extracted"] == 1


@pytest.mark.parametrize("jobs", [0, 1])
def test_jobs_below_two_run_in_process(jobs):
    docs = sources()[:1]
    assert len(list(batch.extract_all(docs, jobs=jobs))) == 1
