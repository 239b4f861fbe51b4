"""The build job behind ``govkg build``: read, extract, build the graph, write every output."""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import networkx as nx
from govkg.extract import (
    DocumentError,
    GovkgError,
    extract_record,
    extractor_version,
    iter_documents,
)

from .build import DEFAULT_BASE_IRI, GraphBuilder
from .exports import FORMATS, write_formats
from .io import atomic_write
from .report import build_report, write_report
from .views import write_views

RECORDS_FILE = "records.jsonl"
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
) -> BuildResult:
    """Extracts every document under ``paths`` and writes the graph in each format to ``output``.

    Records stream to ``records.jsonl`` as they are extracted. A file that cannot be read or
    extracted is reported to ``on_error(source, message)`` and in the build report; the rest
    is built. Every file is written atomically, so a failed build leaves the previous
    complete outputs in place.
    """
    if not _BASE_IRI.fullmatch(base_iri):
        raise GovkgError(f"base IRI {base_iri!r} is not an absolute ASCII IRI ending in '/' or '#'")
    folder = Path(output)
    names = list(FORMATS) if formats is None else list(dict.fromkeys(formats))
    unknown = [n for n in names if n not in FORMATS]
    if unknown:
        raise GovkgError(f"unknown format {', '.join(unknown)}; known: {', '.join(FORMATS)}")
    failed: list[tuple[str, str]] = []
    builder = GraphBuilder()
    count = 0

    def fail(source: str, message: str) -> None:
        failed.append((source, message))
        if on_error is not None:
            on_error(source, message)

    with atomic_write(folder / RECORDS_FILE) as fh:
        for item in iter_documents(list(paths)):
            if isinstance(item, DocumentError):
                fail(item.source, item.problem)
                continue
            try:
                record = extract_record(item).to_dict()
            except GovkgError as exc:
                fail(item.source, str(exc))
                continue
            except Exception as exc:  # noqa: BLE001 - an extractor bug on one report must not lose the corpus
                fail(
                    item.source,
                    f"extraction failed ({type(exc).__name__}: {exc}); please report this bug",
                )
                continue
            fh.write(json.dumps(record, ensure_ascii=False) + "\n")
            builder.add(record, item.text)  # the graph keeps what it needs, not the record
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
    for name in names:
        try:
            written += write_formats(G, folder, [name], base_iri=base_iri)
        except (
            GovkgError
        ) as exc:  # the other formats are still written; the report says which failed
            fail(f"{folder / FORMATS[name].filename}", str(exc))
    outputs = [p.name for p in written] + ["report.json", "report.md"]
    report = build_report(
        G, failed=failed, warnings=warnings, outputs=outputs, extractor_version=extractor_version()
    )
    written += write_report(report, folder)
    return BuildResult(G, report, failed, written)
