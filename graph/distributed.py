"""Extraction on a Dask distributed cluster: records and per-document N-Quads made on the workers."""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable, Iterator
from typing import Any

from govkg.extract import DocumentError, GovkgError, SourceDocument
from govkg.extract.batch import RecordDict

from . import rdf
from .build import build_graph


class ClusterError(GovkgError):
    """The Dask scheduler could not be reached or a worker failed."""


def document_nquads(record: RecordDict, text: str, *, base_iri: str) -> str:
    """The named graph of one document as N-Quads: what a triple store bulk-loads per document.

    The graph of a single record gives every entity the same IRI as the whole corpus's build
    (IRIs come from normalized keys and jurisdiction scopes, never from other documents), so
    the documents' graphs loaded side by side answer ``GRAPH ?doc { … }`` queries like the
    corpus build's TriG does.
    """
    G = build_graph([record], base_iri=base_iri, texts={record["document"]["id"]: text})
    base = rdf._base(G, base_iri)
    data = rdf._sorted(G, base)
    graph_iri = base + record["document"]["id"]
    tail = f" <{graph_iri}> .\n"
    return "".join(data.lines[i] + tail for i in data.graphs.get(graph_iri, ()))


def _work(source: SourceDocument, base_iri: str) -> tuple[RecordDict | DocumentError, str | None]:
    """Runs on a worker: extract one document and write its named graph."""
    from govkg.extract.pipeline import extract_record

    try:
        record = extract_record(source).to_dict()
    except GovkgError as exc:
        return DocumentError(source.source, f"extraction failed: {exc}"), None
    return record, document_nquads(record, source.text, base_iri=base_iri)


def extract_on_dask(
    items: Iterable[SourceDocument | DocumentError],
    scheduler: str,
    *,
    base_iri: str,
    window: int = 256,
) -> Iterator[tuple[SourceDocument | DocumentError, RecordDict | DocumentError, str | None]]:
    """(document, record, N-Quads) for every item, in input order, computed on the cluster at ``scheduler``.

    ``scheduler`` is a ``tcp://HOST:PORT`` address or a ``distributed.Client``. At most
    ``window`` documents are in flight, so the client's memory stays flat on any corpus.
    """
    try:
        from distributed import Client
    except ImportError:  # pragma: no cover - dask is a declared dependency
        raise ClusterError("the dask executor needs the 'distributed' package") from None
    own = not hasattr(scheduler, "submit")
    try:
        client: Any = Client(scheduler, timeout="10s") if own else scheduler
    except (OSError, TimeoutError) as exc:
        raise ClusterError(f"cannot reach the Dask scheduler at {scheduler}: {exc}") from None
    try:
        pending: deque[Any] = deque()
        for n, item in enumerate(items):
            if isinstance(item, DocumentError):
                pending.append((item, None))
            else:
                pending.append((item, client.submit(_work, item, base_iri, key=f"govkg-extract-{n}-{item.id}")))
            while len(pending) > window:
                yield _result(pending.popleft())
        while pending:
            yield _result(pending.popleft())
    finally:
        if own:
            client.close()


def _result(entry: tuple[Any, Any]) -> tuple[Any, RecordDict | DocumentError, str | None]:
    item, future = entry
    if future is None:
        return item, item, None
    try:
        record, quads = future.result()
    except Exception as exc:  # a worker died or raised: name the document, keep the build going
        return item, DocumentError(item.source, f"worker failed: {type(exc).__name__}: {exc}"), None
    return item, record, quads
