"""The Dask executor on a real LocalCluster of worker processes gives the local build's output."""

from pathlib import Path

import pytest

from govkg.extract import DocumentError, SourceDocument, batch, iter_documents

distributed = pytest.importorskip("distributed")

SEEDS = Path(__file__).resolve().parent.parent / "seeds"
BASE = "https://example.org/kg/"


@pytest.fixture(scope="module")
def cluster():
    with distributed.LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None
    ) as c:
        yield c


def seed_sources():
    return [d for d in iter_documents([SEEDS]) if isinstance(d, SourceDocument)]


def test_records_on_the_cluster_equal_local_records(cluster):
    from govkg.graph.distributed import extract_on_dask

    docs = seed_sources()
    missing = DocumentError("gone.txt", "no such file or directory")
    out = list(extract_on_dask([docs[0], missing, *docs[1:]], cluster.scheduler_address, base_iri=BASE))
    assert out[1] == (missing, missing, None)
    assert [item for item, _, _ in out] == [docs[0], missing, *docs[1:]]
    remote = [r for _, r, _ in out if not isinstance(r, DocumentError)]
    assert remote == list(batch.extract_all(docs, jobs=1))


def test_document_nquads_load_into_oxigraph(cluster):
    import pyoxigraph

    from govkg.graph.distributed import extract_on_dask

    docs = seed_sources()[:2]
    store = pyoxigraph.Store()
    for (_, record, quads), doc in zip(extract_on_dask(docs, cluster.scheduler_address, base_iri=BASE), docs):
        assert quads
        store.load(quads.encode("utf-8"), format=pyoxigraph.RdfFormat.N_QUADS)
    graphs = {str(g.value) for g in store.named_graphs()}
    assert graphs == {BASE + d.id for d in docs}
    # every entity mention keeps its provenance: the document and the span
    rows = list(store.query(
        "PREFIX oa: <http://www.w3.org/ns/oa#> "
        "SELECT ?g (COUNT(?sel) AS ?n) WHERE { GRAPH ?g { ?m oa:hasSelector ?sel . ?sel oa:start ?s } } GROUP BY ?g"
    ))
    assert len(rows) == 2 and all(int(r["n"].value) > 0 for r in rows)


def test_unreachable_scheduler_is_a_clear_error():
    from govkg.graph.distributed import ClusterError, extract_on_dask

    with pytest.raises(ClusterError, match="cannot reach the Dask scheduler"):
        list(extract_on_dask(seed_sources()[:1], "tcp://127.0.0.1:9", base_iri=BASE))
