"""The SPARQL endpoint as real clients see it: ``govkg serve`` in a subprocess on a free port,
queried with SPARQLWrapper, with curl and the Accept headers clients send, and in Chromium."""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path
from xml.dom.minidom import Document

import pytest
from govkg.graph.cli import main
from govkg.graph.pipeline import run_build
from govkg.graph.query import base_iri_of, find_example, open_store
from govkg.graph.server import QueryPool, _Site, negotiate
from rdflib import Graph

ROOT = Path(__file__).resolve().parent.parent
TIMEOUT = 3  # seconds a query may run in these tests
MAX_ROWS = 300
SLOW = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"  # 50k³ rows
DOCS = "SELECT ?d ?t WHERE { ?d a govkg:Document ; dcterms:title ?t } ORDER BY ?t"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _get(url: str, *, data: bytes | None = None, headers: dict | None = None, timeout: float = 30):
    req = urllib.request.Request(url, data=data, headers=headers or {})
    try:
        with urllib.request.urlopen(req, timeout=timeout) as r:
            return r.status, r.headers.get("Content-Type", ""), r.read()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.headers.get("Content-Type", ""), exc.read()


@pytest.fixture(scope="module")
def build(tmp_path_factory):
    folder = tmp_path_factory.mktemp("serve-seeds")
    result = run_build([ROOT / "seeds"], folder, formats=["nquads"])
    assert not result.failed
    (folder / "index.html").write_text("<!DOCTYPE html><title>views</title>", encoding="utf-8")
    (folder / "docs").mkdir(exist_ok=True)
    (folder / "docs" / "example.html").write_text("<p>a document view</p>", encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def server(build, tmp_path_factory):
    port = _free_port()
    log = tmp_path_factory.mktemp("serve-log") / "serve.log"
    with open(log, "w", encoding="utf-8") as out:
        proc = subprocess.Popen(
            [
                sys.executable,
                "-c",
                "from govkg.graph.cli import main; main()",
                "serve",
                str(build),
                "--port",
                str(port),
                "--timeout",
                str(TIMEOUT),
                "--max-rows",
                str(MAX_ROWS),
            ],
            stdout=out,
            stderr=subprocess.STDOUT,
            cwd=ROOT,
        )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 120
    while True:
        try:
            if _get(url + "/sparql?query=ASK%7B%7D", timeout=5)[0] == 200:
                break
        except OSError:
            pass
        if proc.poll() is not None or time.monotonic() > deadline:
            proc.kill()
            pytest.fail("govkg serve did not start:\n" + log.read_text(encoding="utf-8"))
        time.sleep(0.3)
    yield url
    proc.terminate()
    try:
        proc.wait(15)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()
    assert "Traceback" not in log.read_text(encoding="utf-8")


# ---------------------------------------------------------------- SPARQLWrapper


def wrapper(server, query: str, fmt: str, method: str = "GET"):
    from SPARQLWrapper import SPARQLWrapper

    sw = SPARQLWrapper(server + "/sparql")
    sw.setQuery(query)
    sw.setReturnFormat(fmt)
    sw.setMethod(method)
    sw.setTimeout(30)
    return sw


@pytest.mark.parametrize("method", ["GET", "POST"])
def test_sparqlwrapper_select_json(server, method):
    res = wrapper(server, DOCS, "json", method).queryAndConvert()
    assert res["head"]["vars"] == ["d", "t"]
    rows = res["results"]["bindings"]
    assert len(rows) == 5 and all(r["d"]["type"] == "uri" for r in rows)
    assert [r["t"]["value"] for r in rows] == sorted(r["t"]["value"] for r in rows)


def test_sparqlwrapper_select_xml_csv_tsv(server):
    xml = wrapper(server, DOCS, "xml").queryAndConvert()
    assert isinstance(xml, Document) and len(xml.getElementsByTagName("result")) == 5
    csv = wrapper(server, DOCS, "csv").queryAndConvert()
    assert csv.decode("utf-8").splitlines()[0] == "d,t"
    tsv = wrapper(server, DOCS, "tsv").queryAndConvert()
    assert tsv.decode("utf-8").splitlines()[0] == "?d\t?t"


def test_sparqlwrapper_ask(server):
    assert wrapper(server, "ASK { ?s a govkg:Slogan }", "json").queryAndConvert()["boolean"] is True
    assert (
        wrapper(server, "ASK { ?s a govkg:Nothing }", "json").queryAndConvert()["boolean"] is False
    )


@pytest.mark.parametrize("fmt", ["turtle", "xml", "json-ld", "n3"])
def test_sparqlwrapper_construct(server, fmt):
    q = "CONSTRUCT { ?d dcterms:title ?t } WHERE { ?d a govkg:Document ; dcterms:title ?t }"
    res = wrapper(server, q, fmt).queryAndConvert()
    g = (
        res
        if isinstance(res, Graph)
        else Graph().parse(
            data=res, format={"turtle": "turtle", "n3": "turtle", "json-ld": "json-ld"}[fmt]
        )
    )
    assert len(g) == 5


def test_sparqlwrapper_update_is_refused(server):
    sw = wrapper(
        server, "INSERT DATA { <http://example.org/a> <http://example.org/b> 1 }", "json", "POST"
    )
    with pytest.raises(urllib.error.HTTPError) as err:
        sw.query()
    assert err.value.code == 403
    # and nothing was written
    res = wrapper(server, "ASK { <http://example.org/a> ?p ?o }", "json").queryAndConvert()
    assert res["boolean"] is False


# ---------------------------------------------------------------- curl


def curl(*args: str) -> tuple[int, dict[str, str], str]:
    proc = subprocess.run(
        ["curl", "-s", "-S", "-D", "-", "--max-time", "60", *args], capture_output=True, check=True
    )
    head, _, body = proc.stdout.partition(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    status = int(lines[0].split()[1])
    headers = {
        k.strip().lower(): v.strip() for k, _, v in (line.partition(":") for line in lines[1:])
    }
    return status, headers, body.decode("utf-8")


needs_curl = pytest.mark.skipif(
    shutil.which("curl") is None and not os.environ.get("CI"),
    reason="curl is missing (apt-get install curl)",
)


@needs_curl
@pytest.mark.parametrize(
    "accept, media, check",
    [
        (
            "application/sparql-results+json",
            "application/sparql-results+json",
            lambda b: len(json.loads(b)["results"]["bindings"]) == 5,
        ),
        (
            "application/json",
            "application/sparql-results+json",
            lambda b: json.loads(b)["head"]["vars"] == ["d", "t"],
        ),
        (
            "application/sparql-results+xml",
            "application/sparql-results+xml",
            lambda b: b.count("<result>") == 5,
        ),
        ("text/csv", "text/csv", lambda b: b.split("\r\n")[0] == "d,t" and b.count("\r\n") == 6),
        (
            "text/tab-separated-values",
            "text/tab-separated-values",
            lambda b: b.split("\n")[0] == "?d\t?t",
        ),
        ("*/*", "application/sparql-results+json", lambda b: "bindings" in b),
        # YASGUI's Accept for SELECT
        (
            "application/sparql-results+json,*/*;q=0.9",
            "application/sparql-results+json",
            lambda b: "bindings" in b,
        ),
        # what a browser sends when a link is followed
        (
            "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8",
            "application/sparql-results+xml",
            lambda b: "<sparql" in b,
        ),
    ],
)
def test_curl_select_accept(server, accept, media, check):
    status, headers, body = curl(
        "-H", f"Accept: {accept}", "--data-urlencode", f"query={DOCS}", server + "/sparql"
    )
    assert status == 200 and headers["content-type"].startswith(media)
    assert check(body)


@needs_curl
@pytest.mark.parametrize(
    "accept, media, fmt",
    [
        ("text/turtle", "text/turtle", "turtle"),
        ("application/ld+json", "application/ld+json", "json-ld"),
        ("application/n-triples", "application/n-triples", "nt"),
        ("application/rdf+xml", "application/rdf+xml", "xml"),
        ("text/turtle;q=0.9, application/rdf+xml;q=0.5", "text/turtle", "turtle"),
    ],
)
def test_curl_construct_accept(server, accept, media, fmt):
    q = "CONSTRUCT { ?d dcterms:title ?t } WHERE { ?d a govkg:Document ; dcterms:title ?t }"
    status, headers, body = curl(
        "-G", "-H", f"Accept: {accept}", "--data-urlencode", f"query={q}", server + "/sparql"
    )
    assert status == 200 and headers["content-type"].startswith(media)
    g = Graph().parse(data=body, format=fmt)
    assert len(g) == 5


@needs_curl
def test_curl_post_sparql_query_body(server):
    status, headers, body = curl(
        "-H",
        "Content-Type: application/sparql-query",
        "-H",
        "Accept: text/csv",
        "--data-binary",
        DOCS,
        server + "/sparql",
    )
    assert status == 200 and body.startswith("d,t\r\n")


def test_default_and_named_graph_uri(server):
    docs = wrapper(server, DOCS, "json").queryAndConvert()["results"]["bindings"]
    doc = docs[0]["d"]["value"]
    count = "SELECT (COUNT(DISTINCT ?d) AS ?n) WHERE { ?d a govkg:Document }"
    url = server + "/sparql?" + urllib.parse.urlencode({"query": count, "default-graph-uri": doc})
    status, _, body = _get(url, headers={"Accept": "text/csv"})
    assert status == 200 and body == b"n\r\n1\r\n"  # the document's own named graph only
    graphs = "SELECT (COUNT(DISTINCT ?g) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"
    status, _, body = _get(
        server + "/sparql?" + urllib.parse.urlencode({"query": graphs}),
        headers={"Accept": "text/csv"},
    )
    assert body == b"n\r\n5\r\n"
    url = server + "/sparql?" + urllib.parse.urlencode({"query": graphs, "named-graph-uri": doc})
    assert _get(url, headers={"Accept": "text/csv"})[2] == b"n\r\n1\r\n"


@needs_curl
def test_curl_unacceptable_format_is_406(server):
    status, _, body = curl(
        "-H", "Accept: image/png", "--data-urlencode", f"query={DOCS}", server + "/sparql"
    )
    assert status == 406 and "application/sparql-results+json" in body


@needs_curl
def test_cors_lets_browser_editors_in(server):
    status, headers, _ = curl(
        "-X",
        "OPTIONS",
        "-H",
        "Origin: https://yasgui.example",
        "-H",
        "Access-Control-Request-Method: POST",
        "-H",
        "Access-Control-Request-Headers: content-type",
        server + "/sparql",
    )
    assert status == 200 and headers["access-control-allow-origin"] in (
        "*",
        "https://yasgui.example",
    )
    assert "POST" in headers["access-control-allow-methods"]
    status, headers, _ = curl(
        "-H",
        "Origin: https://yasgui.example",
        "--data-urlencode",
        "query=ASK {}",
        server + "/sparql",
    )
    assert status == 200 and headers["access-control-allow-origin"] == "*"


@needs_curl
@pytest.mark.parametrize(
    "args, message",
    [
        (["--data-urlencode", "update=INSERT DATA { kg:a kg:b kg:c }"], "read-only"),
        (
            ["-H", "Content-Type: application/sparql-update", "--data-binary", "CLEAR ALL"],
            "read-only",
        ),
        (["--data-urlencode", "query=INSERT DATA { kg:a kg:b kg:c }"], "INSERT"),
        (["--data-urlencode", "query=LOAD <http://127.0.0.1:9/x.ttl>"], "LOAD"),
        (
            [
                "--data-urlencode",
                "query=SELECT * { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }",
            ],
            "SERVICE",
        ),
        (
            [
                "-G",
                "--data-urlencode",
                "query=select * { service <http://127.0.0.1:9/s> { ?s ?p ?o } }",
            ],
            "SERVICE",
        ),
    ],
)
def test_updates_load_and_service_are_refused(server, args, message):
    status, _, body = curl(*args, server + "/sparql")
    assert status == 403 and message in body and "refused" in body


@needs_curl
def test_syntax_error_is_400_with_line_and_column(server):
    status, _, body = curl(
        "--data-urlencode", "query=SELECT ?x WHERE {\n ?x ?y\n}", server + "/sparql"
    )
    assert status == 400 and "line 3, column" in body


@needs_curl
def test_answer_larger_than_the_limit_is_refused(server):
    status, _, body = curl("--data-urlencode", "query=SELECT * { ?s ?p ?o }", server + "/sparql")
    assert status == 400 and f"more than {MAX_ROWS} rows" in body
    status, _, body = curl(
        "--data-urlencode", f"query=SELECT * {{ ?s ?p ?o }} LIMIT {MAX_ROWS}", server + "/sparql"
    )
    assert status == 200


def test_slow_query_is_stopped_and_others_are_answered(server):
    slow: dict = {}

    def run_slow():
        started = time.monotonic()
        slow["answer"] = _get(
            server + "/sparql", data=urllib.parse.urlencode({"query": SLOW}).encode(), timeout=60
        )
        slow["seconds"] = time.monotonic() - started

    thread = threading.Thread(target=run_slow)
    thread.start()
    time.sleep(0.5)
    quick = []
    while thread.is_alive() and len(quick) < 20:
        started = time.monotonic()
        status, _, body = _get(
            server + "/sparql?" + urllib.parse.urlencode({"query": DOCS}),
            headers={"Accept": "text/csv"},
        )
        quick.append(time.monotonic() - started)
        assert status == 200 and body.count(b"\r\n") == 6
    thread.join(60)
    status, _, body = slow["answer"]
    assert status == 503 and b"time limit" in body
    assert TIMEOUT <= slow["seconds"] < TIMEOUT + 10
    assert quick and max(quick) < TIMEOUT  # answered while the slow one ran
    # the worker that was stopped has been replaced: every worker answers again
    for _ in range(4):
        assert _get(server + "/sparql?query=ASK%7B%7D")[0] == 200


# ---------------------------------------------------------------- pages


def _an_organization(server) -> str:
    q = (
        "SELECT ?o WHERE { ?o a govkg:Organization ; govkg:mentionCount ?n } "
        "ORDER BY DESC(?n) ?o LIMIT 1"
    )
    res = wrapper(server, q, "json").queryAndConvert()
    return res["results"]["bindings"][0]["o"]["value"]


def test_every_iri_has_a_page(server, build):
    iri = _an_organization(server)
    base = base_iri_of(build)
    path = urllib.parse.urlsplit(base).path + iri[len(base) :]
    status, ctype, body = _get(server + path, headers={"Accept": "text/html"})
    page = body.decode("utf-8")
    assert status == 200 and ctype.startswith("text/html")
    assert "Relations and their evidence" in page and "<mark>" in page
    assert f'href="{urllib.parse.urlsplit(base).path}doc-' in page  # documents are linked
    # asked for Turtle, the same address answers its DESCRIBE
    status, ctype, body = _get(server + path, headers={"Accept": "text/turtle"})
    assert status == 200 and ctype.startswith("text/turtle")
    assert (None, None, None) in Graph().parse(data=body.decode("utf-8"), format="turtle")
    # an IRI outside the base has its page too
    status, _, body = _get(
        server
        + "/describe?"
        + urllib.parse.urlencode({"iri": "https://w3id.org/govkg/ontology#Organization"})
    )
    assert status == 200 and "govkg:Organization" in body.decode("utf-8")
    assert _get(server + urllib.parse.urlsplit(base).path + "org-nothing-here")[0] == 404
    assert _get(server + "/describe?iri=%3Cscript%3E")[0] == 400


def test_query_page_has_the_examples(server):
    status, _, body = _get(server + "/query")
    page = body.decode("utf-8")
    assert status == 200
    for name in ("programs-per-organization", "shared-slogans", "entity-facts"):
        assert f'value="{name}"' in page
    assert find_example("shared-slogans").title.split(" (")[0] in page


def test_build_files_are_served_and_nothing_else(server):
    assert _get(server + "/index.html")[0] == 200
    assert _get(server + "/docs/example.html")[1].startswith("text/html")
    assert _get(server + "/graph.nq")[0] == 200
    assert b"index.html" in _get(server + "/")[2]
    for path in ("/oxigraph/source.json", "/.cache/x", "/nothing.html"):
        assert _get(server + path)[0] == 404
    for path in ("/../../../../etc/passwd", "/%2e%2e/%2e%2e/%2e%2e/etc/passwd", "/docs/../../x"):
        status, _, _ = curl("--path-as-is", server + path)
        assert status == 404


def test_serve_binds_to_loopback_by_default():
    host = next(p for p in main.commands["serve"].params if p.name == "host")
    assert host.default == "127.0.0.1"


# ---------------------------------------------------------------- pieces


@pytest.mark.parametrize(
    "accept, param, expected",
    [
        (None, None, ("json", "turtle")),
        ("application/sparql-results+xml", None, ("xml", None)),
        ("text/turtle", None, (None, "turtle")),
        ("text/csv;q=0.5, application/sparql-results+json", None, ("json", None)),
        ("application/sparql-results+json;q=0", None, (None, None)),
        ("application/*", None, ("json", "turtle")),  # application/x-turtle
        ("image/png", "json", ("json", "jsonld")),  # SPARQLWrapper sends format=json
        ("application/rdf+xml", "xml", ("xml", "rdfxml")),
        ("*/*", "text/tab-separated-values", ("tsv", None)),
    ],
)
def test_negotiate(accept, param, expected):
    assert negotiate(accept, param) == expected


HOSTILE = "<img src=x onerror=alert(1)></script>\"'"


def test_pages_escape_everything(build):
    from govkg.graph.query import Term

    site = _Site(build, base_iri_of(build), QueryPool(build / "oxigraph" / "store", ""))
    html = site.render(
        "resource.html",
        iri="https://w3id.org/govkg/id/x" + HOSTILE,
        short="x",
        label=HOSTILE,
        types=[],
        describe="DESCRIBE <x>",
        doc_view="",
        limit=1,
        facts=[
            {
                "p": "https://w3id.org/govkg/ontology#key",
                "o": Term("literal", HOSTILE),
                "label": None,
            }
        ],
        facts_cut=False,
        incoming=[],
        incoming_cut=False,
        relations=[
            {
                "direction": "→",
                "p": "https://w3id.org/govkg/ontology#runs",
                "other": Term("uri", "https://w3id.org/govkg/id/" + HOSTILE),
                "other_label": HOSTILE,
                "trigger": HOSTILE,
                "weak": False,
                "evidence": [
                    {"before": HOSTILE, "exact": HOSTILE, "after": HOSTILE, "doc": HOSTILE}
                ],
            }
        ],
        mentions=[],
        mentions_cut=False,
        titles={HOSTILE: HOSTILE},
    )
    assert "<img" not in html and '</script>"' not in html
    assert "&lt;img src=x onerror=alert(1)&gt;" in html


def test_store_opens_read_only_in_workers(build):
    """Two read-only opens of one store at once (the server's workers) do not lock each other."""
    import pyoxigraph as ox

    open_store(build)
    a = ox.Store.read_only(str(build / "oxigraph" / "store"))
    b = ox.Store.read_only(str(build / "oxigraph" / "store"))
    assert (
        bool(
            a.query(
                "ASK { ?s a govkg:Document }",
                prefixes={"govkg": "https://w3id.org/govkg/ontology#"},
            )
        )
        and len(list(b.named_graphs())) == 5
    )


# ---------------------------------------------------------------- in a browser

CHROMIUM = Path("/usr/bin/chromium")


def test_query_page_runs_an_example_in_chromium(server):
    problem = None
    if not CHROMIUM.exists():
        problem = f"{CHROMIUM} is missing (apt-get install chromium fonts-noto-cjk)"
    else:
        try:
            import playwright.sync_api  # noqa: F401
        except ImportError:
            problem = "playwright is missing (pip install -e '.[test]')"
    if problem:
        if os.environ.get("CI"):
            pytest.fail(f"the browser test must run in CI: {problem}")
        pytest.skip(problem)
    from playwright.sync_api import sync_playwright

    errors: list[str] = []
    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=str(CHROMIUM),
            headless=True,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
            ],
        )
        try:
            page = browser.new_page()
            page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
            page.on("pageerror", lambda e: errors.append(str(e)))
            page.goto(server + "/query", wait_until="load")
            page.select_option("#example", "shared-slogans")
            assert "govkg:Slogan" in page.input_value("#query")
            page.click("#run")
            page.wait_for_selector("#results tbody tr", timeout=20_000)
            rows = page.locator("#results tbody tr")
            assert rows.count() >= 3
            first = rows.nth(0).locator("td").nth(0).locator("a")
            assert first.inner_text().startswith("kg:slogan-")
            assert "四个意识" in page.inner_text("#results") or "两个维护" in page.inner_text(
                "#results"
            )
            # the IRI is a link to its own page on this server
            first.click()
            page.wait_for_load_state("load")
            assert page.url.startswith(server) and "govkg:Slogan" in page.inner_text("body")
        finally:
            browser.close()
    assert errors == []
