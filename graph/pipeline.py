"""The build job behind ``govkg build``: read, extract, build the graph, write every output."""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import networkx as nx
from govkg.extract import (
    DocumentError,
    GovkgError,
    SourceDocument,
    estimate_documents,
    extractor_version,
    iter_documents,
)
from govkg.extract.batch import RecordCache, RecordDict, default_jobs, extract_with_sources

from .build import DEFAULT_BASE_IRI, GraphBuilder
from .exports import FORMATS, write_formats
from .io import atomic_write
from .rdf import shared_statements
from .report import build_report, write_report
from .views import write_views

RECORDS_FILE = "records.jsonl"
NQUADS_FOLDER = "nquads"
CACHE_FOLDER = ".cache"
EXECUTORS = ("local", "dask")
# An absolute IRI of printable ASCII, without the characters IRIs forbid, ending in / or #.
_BASE_IRI = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*:[^\s<>\"{}|\\^`\x00-\x1f\x7f-\U0010ffff]*[/#]")


class NothingToBuild(GovkgError):
    """No document under the given paths could be read."""


@dataclass
class BuildResult:
    graph: nx.MultiDiGraph
    report: dict[str, Any]
    failed: list[tuple[str, str]] = field(default_factory=list)
    written: list[Path] = field(default_factory=list)


def run_build(
    paths: Sequence[str | Path],
    output: str | Path,
    *,
    base_iri: str = DEFAULT_BASE_IRI,
    formats: Iterable[str] | None = None,
    on_error: Callable[[str, str], None] | None = None,
    jobs: int | None = None,
    cache_dir: str | Path | None = None,
    executor: str = "local",
    scheduler: Any = None,
    progress: bool = False,
) -> BuildResult:
    """Extracts every document under ``paths`` and writes the graph in each format to ``output``.

    Records stream to ``records.jsonl`` as they are extracted. A file that cannot be read or
    extracted is reported to ``on_error(source, message)`` and in the build report; the rest
    is built. Every file is written atomically, so a failed build leaves the previous
    complete outputs in place.

    Documents are extracted in ``jobs`` worker processes (default: every core) with the same
    output as one; records cached in ``cache_dir`` (by content hash and extraction code) are
    not extracted again. ``executor="dask"`` extracts on the Dask cluster at ``scheduler``
    instead, and also writes each document's named graph to ``nquads/<document id>.nq`` for
    a triple store to bulk-load. ``progress`` shows a progress bar on standard error.
    """
    if not _BASE_IRI.fullmatch(base_iri):
        raise GovkgError(f"base IRI {base_iri!r} is not an absolute ASCII IRI ending in '/' or '#'")
    folder = Path(output)
    names = list(FORMATS) if formats is None else list(dict.fromkeys(formats))
    unknown = [n for n in names if n not in FORMATS]
    if unknown:
        raise GovkgError(f"unknown format {', '.join(unknown)}; known: {', '.join(FORMATS)}")
    if executor not in EXECUTORS:
        raise GovkgError(f"unknown executor {executor!r}; known: {', '.join(EXECUTORS)}")
    if executor == "dask" and not scheduler:
        raise GovkgError("the dask executor needs a scheduler address (--scheduler tcp://HOST:PORT)")
    failed: list[tuple[str, str]] = []
    builder = GraphBuilder()
    count = 0
    stats: dict[str, int] = {}

    def fail(source: str, message: str) -> None:
        failed.append((source, message))
        if on_error is not None:
            on_error(source, message)

    with atomic_write(folder / RECORDS_FILE) as fh:
        for item, result, quads in _extracted(
            paths, folder, base_iri=base_iri, jobs=jobs, cache_dir=cache_dir,
            executor=executor, scheduler=scheduler, progress=progress, stats=stats,
        ):
            if isinstance(result, DocumentError):
                fail(result.source, result.problem)
                continue
            assert isinstance(item, SourceDocument)
            fh.write(json.dumps(result, ensure_ascii=False) + "\n")
            builder.add(result, item.text)  # the graph keeps what it needs, not the record
            if quads is not None:
                _write_document_quads(folder, result, quads)
            count += 1
        if not count:
            raise NothingToBuild("no readable document in " + ", ".join(str(p) for p in paths))

    warnings: list[str] = []
    G = builder.graph(base_iri=base_iri, warnings=warnings)
    del builder
    written = [folder / RECORDS_FILE]
    if formats is None:  # a full build also writes the HTML views; they read the texts again
        try:
            texts = (
                (d.id, d.text) for d in iter_documents(list(paths)) if not isinstance(d, DocumentError)
            )
            written += write_views(G, folder, texts=texts)
        except GovkgError as exc:
            fail(str(folder / "graph.html"), str(exc))
    with shared_statements(G):  # the RDF writers collect and sort the statements once
        for name in names:
            try:
                written += write_formats(G, folder, [name], base_iri=base_iri)
            except GovkgError as exc:  # the other formats are still written; the report says which failed
                fail(f"{folder / FORMATS[name].filename}", str(exc))
    outputs = [p.name for p in written] + ["report.json", "report.md"]
    report = build_report(
        G, failed=failed, warnings=warnings, outputs=outputs, extractor_version=extractor_version()
    )
    report["extraction"] = {
        "executor": executor,
        "jobs": 1 if executor == "dask" else (default_jobs() if jobs is None else max(1, jobs)),
        "extracted": stats.get("extracted", count if executor == "dask" else 0),
        "from_cache": stats.get("cached", 0),
    }
    written += write_report(report, folder)
    return BuildResult(G, report, failed, written)


def _extracted(
    paths: Sequence[str | Path],
    folder: Path,
    *,
    base_iri: str,
    jobs: int | None,
    cache_dir: str | Path | None,
    executor: str,
    scheduler: Any,
    progress: bool,
    stats: dict[str, int],
) -> Iterator[tuple[SourceDocument | DocumentError, RecordDict | DocumentError, str | None]]:
    """(document, record or error, N-Quads or None) for every document under ``paths``, in order."""
    items: Iterable[SourceDocument | DocumentError] = iter_documents(list(paths))
    bar = None
    if progress:
        from tqdm import tqdm

        # delay: a build that ends within a second never shows a bar
        bar = tqdm(total=estimate_documents(list(paths)) or None, unit="doc", delay=1.0,
                   desc="extracting", dynamic_ncols=True, leave=False)
    try:
        if executor == "dask":
            from .distributed import extract_on_dask

            for item, result, quads in extract_on_dask(items, scheduler, base_iri=base_iri):
                if bar is not None:
                    bar.update()
                yield item, result, quads
            return
        cache = RecordCache(cache_dir) if cache_dir is not None else None
        for item, result in extract_with_sources(
            items, jobs=default_jobs() if jobs is None else jobs, cache=cache, stats=stats
        ):
            if bar is not None:
                bar.update()
            yield item, result, None
    finally:
        if bar is not None:
            bar.close()


def _write_document_quads(folder: Path, record: RecordDict, quads: str) -> None:
    with atomic_write(folder / NQUADS_FOLDER / f"{record['document']['id']}.nq") as fh:
        fh.write(quads)
