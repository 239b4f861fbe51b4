"""Extracts many documents: in worker processes, in input order, with a content-addressed cache."""

from __future__ import annotations

import gzip
import hashlib
import json
import os
import tempfile
from collections.abc import Iterable, Iterator
from collections import deque
from concurrent.futures import Future, ProcessPoolExecutor
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

from .errors import DocumentError, GovkgError
from .lexicon import lexicon_digest
from .model import SourceDocument

RecordDict = dict[str, Any]

# The modules whose code decides what a record holds: a change to any of them, or to any
# lexicon, gives a new cache key, so a stale record is never served.
_EXTRACTION_MODULES = (
    "model", "text", "segment", "lexicon", "pipeline", "organizations", "concepts",
    "policies", "metrics", "relations",
)


@lru_cache(maxsize=1)
def code_digest() -> str:
    """A digest of the extraction code and lexicons: the version a cached record belongs to."""
    h = hashlib.sha256(lexicon_digest().encode())
    package = resources.files(__package__)
    for name in _EXTRACTION_MODULES:
        entry = package.joinpath(f"{name}.py")
        if entry.is_file():
            h.update(name.encode())
            h.update(entry.read_bytes())
    return h.hexdigest()[:16]


class RecordCache:
    """Records on disk, keyed by document content hash and extraction code digest.

    A record does not depend on where its document came from, so the cached copy is stored
    without ``source`` and given the current one when it is served.
    """

    def __init__(self, folder: str | Path) -> None:
        self.folder = Path(folder)

    def _path(self, sha256: str) -> Path:
        return self.folder / code_digest() / sha256[:2] / f"{sha256}.json.gz"

    def get(self, source: SourceDocument) -> RecordDict | None:
        path = self._path(source.sha256)
        try:
            with gzip.open(path, "rt", encoding="utf-8") as fh:
                record = json.load(fh)
        except (OSError, EOFError, ValueError):
            return None  # absent, or damaged: extract again
        record["document"]["source"] = source.source
        record["document"]["title"] = source.title
        if source.metadata:
            record["document"]["metadata"] = source.metadata
        else:
            record["document"].pop("metadata", None)
        return record

    def put(self, record: RecordDict) -> None:
        path = self._path(record["document"]["sha256"])
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, suffix=".part")
        try:
            with os.fdopen(fd, "wb") as raw, gzip.GzipFile(fileobj=raw, mode="wb", mtime=0) as fh:
                fh.write(json.dumps(record, ensure_ascii=False).encode("utf-8"))
            os.replace(tmp, path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise


def _extract_one(source: SourceDocument) -> RecordDict | DocumentError:
    from .pipeline import extract_record

    try:
        return extract_record(source).to_dict()
    except GovkgError as exc:
        return DocumentError(source.source, f"extraction failed: {exc}")
    except Exception as exc:  # noqa: BLE001 - an extractor bug on one report must not lose the corpus
        return DocumentError(
            source.source, f"extraction failed ({type(exc).__name__}: {exc}); please report this bug"
        )


def _warm_up() -> None:
    from .segment import tokenizer

    tokenizer()


def default_jobs() -> int:
    return max(1, len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1)


def extract_all(
    items: Iterable[SourceDocument | DocumentError],
    *,
    jobs: int = 1,
    cache: RecordCache | None = None,
    stats: dict[str, int] | None = None,
) -> Iterator[RecordDict | DocumentError]:
    """Records for ``items`` in input order; read errors pass through in their place.

    With ``jobs > 1`` documents are extracted in worker processes; the output is the same
    as with one. Records found in ``cache`` are served from it, new ones are added to it.
    ``stats``, when given, counts ``extracted`` and ``cached`` documents.
    """
    for _, result in extract_with_sources(items, jobs=jobs, cache=cache, stats=stats):
        yield result


def extract_with_sources(
    items: Iterable[SourceDocument | DocumentError],
    *,
    jobs: int = 1,
    cache: RecordCache | None = None,
    stats: dict[str, int] | None = None,
) -> Iterator[tuple[SourceDocument | DocumentError, RecordDict | DocumentError]]:
    """``(item, record or error)`` pairs in input order: ``extract_all`` with the documents."""
    counts = stats if stats is not None else {}
    counts.setdefault("extracted", 0)
    counts.setdefault("cached", 0)

    def cached(item: SourceDocument | DocumentError) -> RecordDict | DocumentError | None:
        if isinstance(item, DocumentError):
            return item
        if cache is not None:
            hit = cache.get(item)
            if hit is not None:
                counts["cached"] += 1
                return hit
        return None

    def finish(result: RecordDict | DocumentError) -> RecordDict | DocumentError:
        if not isinstance(result, DocumentError):
            counts["extracted"] += 1
            if cache is not None:
                cache.put(result)
        return result

    if jobs <= 1:
        for item in items:
            done = cached(item)
            yield item, (done if done is not None else finish(_extract_one(item)))  # type: ignore[arg-type]
        return

    # A bounded window of submitted documents keeps memory flat on a large corpus while
    # every core stays busy; results are yielded strictly in input order.
    window = jobs * 4
    with ProcessPoolExecutor(max_workers=jobs, initializer=_warm_up) as pool:
        pending: deque[tuple[SourceDocument | DocumentError, Any]] = deque()
        for item in items:
            done = cached(item)
            pending.append((item, done if done is not None else pool.submit(_extract_one, item)))
            while len(pending) > window:
                yield _settle(pending.popleft(), finish)
        while pending:
            yield _settle(pending.popleft(), finish)


def _settle(entry: tuple[Any, Any], finish: Any) -> tuple[Any, RecordDict | DocumentError]:
    item, result = entry
    if isinstance(result, Future):
        return item, finish(result.result())
    return item, result
