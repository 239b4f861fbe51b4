"""The govkg SPARQL endpoint: the SPARQL 1.1 Protocol, a page per IRI and the build's HTML views.

``create_app(folder)`` is a Starlette application; ``serve(folder)`` runs it with uvicorn.
Queries run in worker processes that open the build's Oxigraph store read-only: a query that
outlives the time limit is stopped by killing its worker (Oxigraph has no cancellation), a
new worker takes its place, and the other workers go on answering. The endpoint is
read-only: SPARQL Update, ``LOAD`` and ``SERVICE`` are refused before anything runs.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import multiprocessing
import re
import threading
from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, quote, urlsplit

from . import query as sparql

__all__ = ["create_app", "serve", "QueryPool", "negotiate", "DEFAULT_TIMEOUT", "DEFAULT_MAX_ROWS"]

DEFAULT_TIMEOUT = 10.0
DEFAULT_MAX_ROWS = 10_000
MAX_BODY = 1 << 20  # a query of more than 1 MiB is refused
STATIC_SUFFIXES = {
    ".html": "text/html; charset=utf-8",
    ".css": "text/css; charset=utf-8",
    ".js": "text/javascript; charset=utf-8",
    ".png": "image/png",
    ".svg": "image/svg+xml",
    ".json": "application/json",
    ".jsonl": "application/jsonl; charset=utf-8",
    ".md": "text/markdown; charset=utf-8",
    ".ttl": "text/turtle; charset=utf-8",
    ".trig": "application/trig; charset=utf-8",
    ".nt": "application/n-triples; charset=utf-8",
    ".nq": "application/n-quads; charset=utf-8",
    ".jsonld": "application/ld+json",
    ".graphml": "application/xml",
    ".gexf": "application/xml",
}

# ---------------------------------------------------------------- content negotiation

_RESULT_MEDIA = {
    "application/sparql-results+json": "json",
    "application/json": "json",
    "application/sparql-results+xml": "xml",
    "application/xml": "xml",
    "text/xml": "xml",
    "text/csv": "csv",
    "text/tab-separated-values": "tsv",
}
_GRAPH_MEDIA = {
    "text/turtle": "turtle",
    "application/x-turtle": "turtle",
    "text/n3": "turtle",  # Turtle is N3's subset every N3 reader takes
    "application/ld+json": "jsonld",
    "application/json": "jsonld",
    "application/n-triples": "ntriples",
    "text/plain": "ntriples",
    "application/rdf+xml": "rdfxml",
    "application/xml": "rdfxml",
    "text/xml": "rdfxml",
}
# The ?format= / ?output= / ?results= values clients send (SPARQLWrapper sends all three):
# name -> (format for SELECT/ASK, format for CONSTRUCT/DESCRIBE)
_FORMAT_PARAMS = {
    "json": ("json", "jsonld"),
    "xml": ("xml", "rdfxml"),
    "csv": ("csv", None),
    "tsv": ("tsv", None),
    "turtle": (None, "turtle"),
    "ttl": (None, "turtle"),
    "n3": (None, "turtle"),
    "rdf": (None, "rdfxml"),
    "rdf+xml": (None, "rdfxml"),
    "json-ld": (None, "jsonld"),
    "jsonld": (None, "jsonld"),
    "nt": (None, "ntriples"),
    "ntriples": (None, "ntriples"),
}


def _accept(header: str) -> list[tuple[str, float]]:
    """The media ranges of an Accept header, best first (ties keep the client's order)."""
    ranges = []
    for i, part in enumerate(header.split(",")):
        fields = [f.strip() for f in part.split(";")]
        media = fields[0].lower()
        if not media:
            continue
        q = 1.0
        for f in fields[1:]:
            if f.lower().startswith("q="):
                try:
                    q = float(f[2:])
                except ValueError:
                    q = 0.0
        if q > 0:
            ranges.append((i, media, q))
    ranges.sort(key=lambda r: (-r[2], r[0]))
    return [(m, q) for _, m, q in ranges]


def _pick(ranges: list[tuple[str, float]], table: dict[str, str], default: str) -> str | None:
    for media, _ in ranges:
        if media in table:
            return table[media]
        if media == "*/*":
            return default
        if media.endswith("/*"):
            kind = media[:-1]
            for name, fmt in table.items():
                if name.startswith(kind):
                    return fmt
    return None


def negotiate(accept: str | None, format_param: str | None = None) -> tuple[str | None, str | None]:
    """The formats to answer in: (for SELECT/ASK, for CONSTRUCT/DESCRIBE); None where the
    client accepts none we write. A ``format`` parameter wins over the Accept header."""
    if format_param:
        value = format_param.strip().lower()
        if value in _FORMAT_PARAMS:
            return _FORMAT_PARAMS[value]
        if value in _RESULT_MEDIA or value in _GRAPH_MEDIA:
            return _RESULT_MEDIA.get(value), _GRAPH_MEDIA.get(value)
    ranges = _accept(accept) if accept and accept.strip() else [("*/*", 1.0)]
    return _pick(ranges, _RESULT_MEDIA, "json"), _pick(ranges, _GRAPH_MEDIA, "turtle")


# ---------------------------------------------------------------- the worker processes


@dataclass
class Answer:
    status: int
    media_type: str
    body: bytes


def _text(status: int, message: str) -> Answer:
    return Answer(
        status, "text/plain; charset=utf-8", (message.rstrip("\n") + "\n").encode("utf-8")
    )


def _execute(store: Any, task: dict[str, Any], base_iri: str, max_rows: int) -> Answer:
    try:
        result = sparql.run_query(
            store,
            task["query"],
            base_iri=base_iri,
            max_rows=max_rows,
            default_graphs=task.get("default_graphs", ()),
            named_graphs=task.get("named_graphs", ()),
        )
    except sparql.QuerySyntaxError as exc:
        pointer = exc.pointer()
        return _text(400, str(exc) + ("\n" + pointer if pointer else ""))
    except sparql.QueryError as exc:
        return _text(500, str(exc))
    if result.truncated:
        return _text(
            400,
            f"the answer has more than {max_rows} "
            f"{'triples' if result.kind == 'graph' else 'rows'}, this endpoint's "
            "limit: add a LIMIT or narrow the query",
        )
    if result.kind == "graph":
        fmt = task.get("graph_format")
        if fmt is None:
            return _text(
                406,
                "a CONSTRUCT or DESCRIBE answer is a graph: accept text/turtle, "
                "application/ld+json, application/n-triples or application/rdf+xml",
            )
        body = sparql.format_graph(result, fmt, base_iri=base_iri)
        return Answer(200, sparql.GRAPH_FORMATS[fmt] + "; charset=utf-8", body.encode("utf-8"))
    fmt = task.get("result_format")
    if fmt is None:
        return _text(
            406,
            "a SELECT or ASK answer is written as application/sparql-results+json, "
            "application/sparql-results+xml, text/csv or text/tab-separated-values",
        )
    media, writer = sparql.RESULT_FORMATS[fmt]
    return Answer(200, media + "; charset=utf-8", writer(result).encode("utf-8"))


def _worker_main(conn: Any, store_path: str, base_iri: str, max_rows: int) -> None:
    """A worker process: answers one task at a time from the pipe until the pipe closes."""
    import pyoxigraph

    store = pyoxigraph.Store.read_only(store_path)
    conn.send("ready")
    while True:
        try:
            task = conn.recv()
        except (EOFError, OSError):
            return
        answer = _execute(store, task, base_iri, max_rows)
        conn.send((answer.status, answer.media_type, answer.body))


class _Worker:
    def __init__(self, ctx: Any, store_path: str, base_iri: str, max_rows: int) -> None:
        self.conn, child = ctx.Pipe()
        self.process = ctx.Process(
            target=_worker_main,
            args=(child, store_path, base_iri, max_rows),
            daemon=True,
            name="govkg-sparql-worker",
        )
        self.process.start()
        child.close()

    def wait_ready(self, timeout: float) -> None:
        if not self.conn.poll(timeout) or self.conn.recv() != "ready":
            self.kill()
            raise sparql.QueryError("a query worker did not start: is the store readable?")

    def kill(self) -> None:
        with contextlib.suppress(OSError):
            self.conn.close()
        if self.process.is_alive():
            self.process.kill()
        self.process.join(5)


class QueryPool:
    """Worker processes that run queries under a time limit, each on its own read-only store."""

    def __init__(
        self,
        store_path: str | Path,
        base_iri: str,
        *,
        workers: int = 2,
        timeout: float = DEFAULT_TIMEOUT,
        max_rows: int = DEFAULT_MAX_ROWS,
    ) -> None:
        self.store_path = str(store_path)
        self.base_iri = base_iri
        self.size = max(1, workers)
        self.timeout = timeout
        self.max_rows = max_rows
        self._ctx = multiprocessing.get_context("spawn")  # no fork of a threaded server
        self._idle: asyncio.Queue[_Worker] | None = None
        self._all: set[_Worker] = set()
        self._lock = threading.Lock()

    def _spawn(self) -> _Worker:
        worker = _Worker(self._ctx, self.store_path, self.base_iri, self.max_rows)
        worker.wait_ready(60)
        with self._lock:
            self._all.add(worker)
        return worker

    async def start(self) -> None:
        self._idle = asyncio.Queue()
        for worker in await asyncio.gather(
            *(asyncio.to_thread(self._spawn) for _ in range(self.size))
        ):
            self._idle.put_nowait(worker)

    def close(self) -> None:
        with self._lock:
            workers, self._all = list(self._all), set()
        for worker in workers:
            worker.kill()

    def _call(self, worker: _Worker, task: dict[str, Any]) -> Answer | None:
        try:
            worker.conn.send(task)
            if not worker.conn.poll(self.timeout):
                return None
            status, media, body = worker.conn.recv()
            return Answer(status, media, body)
        except (EOFError, OSError):
            return _text(500, "the query worker died; the query was not answered")

    def _replace(self, worker: _Worker) -> _Worker:
        worker.kill()
        with self._lock:
            self._all.discard(worker)
        return self._spawn()

    async def run(self, task: dict[str, Any]) -> Answer:
        assert self._idle is not None, "QueryPool.start() was not awaited"
        worker = await self._idle.get()
        answer = None
        try:
            answer = await asyncio.to_thread(self._call, worker, task)
        finally:
            if answer is None or answer.status == 500:
                # Stopped at the limit (or dead): a fresh worker takes its place, in the background.
                async def replace(old: _Worker = worker) -> None:
                    assert self._idle is not None
                    self._idle.put_nowait(await asyncio.to_thread(self._replace, old))

                asyncio.get_running_loop().create_task(replace())
            else:
                self._idle.put_nowait(worker)
        if answer is None:
            return _text(
                503,
                f"the query was stopped at this endpoint's time limit of "
                f"{self.timeout:g} s: narrow it or add a LIMIT",
            )
        return answer

    async def select(self, query: str) -> list[dict[str, sparql.Term]]:
        """Rows of a SELECT the pages run, as Terms (raises QueryError on any failure)."""
        answer = await self.run({"query": query, "result_format": "json", "graph_format": None})
        if answer.status != 200:
            raise sparql.QueryError(answer.body.decode("utf-8", "replace").strip())
        data = json.loads(answer.body)
        rows = []
        for binding in data["results"]["bindings"]:
            rows.append(
                {
                    k: sparql.Term(
                        v["type"] if v["type"] != "typed-literal" else "literal",
                        v["value"],
                        v.get("datatype"),
                        v.get("xml:lang"),
                    )
                    for k, v in binding.items()
                }
            )
        return rows


# ---------------------------------------------------------------- pages

_BASE_HTML = """<!DOCTYPE html>
<html lang="zh">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="icon" href="data:,">
<title>{% block title %}govkg{% endblock %}</title>
<style>
body { font: 15px/1.5 system-ui, "Noto Sans CJK SC", sans-serif; margin: 0 auto; max-width: 72rem;
       padding: 1rem 1.5rem; color: #1d232b; }
nav a { margin-right: 1rem; }
table { border-collapse: collapse; margin: .5rem 0 1.5rem; width: 100%; }
th, td { border-bottom: 1px solid #d7dce2; padding: .25rem .5rem; text-align: left;
         vertical-align: top; }
th { background: #f2f4f7; }
td.num { text-align: right; font-variant-numeric: tabular-nums; }
code, textarea { font: 13px/1.4 ui-monospace, "Noto Sans Mono CJK SC", monospace; }
textarea { width: 100%; box-sizing: border-box; }
mark { background: #ffe58a; }
.muted { color: #66707c; }
.weak { color: #8a6d3b; }
.error { color: #a40e26; white-space: pre-wrap; }
</style>
</head>
<body>
<nav><a href="/">govkg</a><a href="/query">SPARQL 查询 / query</a>
<a href="/sparql">endpoint</a></nav>
{% block body %}{% endblock %}
</body>
</html>
"""

_HOME_HTML = """{% extends "base.html" %}
{% block body %}
<h1>govkg</h1>
<p>SPARQL endpoint: <code>{{ endpoint }}</code> (SPARQL 1.1 Protocol, GET or POST).
   <a href="/query">Run a query</a>.</p>
{% if pages %}<h2>Views of the build</h2>
<ul>{% for page in pages %}<li><a href="/{{ page }}">{{ page }}</a></li>{% endfor %}</ul>{% endif %}
{% if documents %}<h2>Documents</h2>
<ul>{% for d in documents %}<li><a href="{{ d.href }}">{{ d.label }}</a></li>{% endfor %}</ul>
{% endif %}
{% endblock %}
"""

_QUERY_HTML = """{% extends "base.html" %}
{% block title %}govkg · SPARQL{% endblock %}
{% block body %}
<h1>SPARQL</h1>
<p class="muted">Prefixes predeclared:
{% for p, ns in prefixes %}<code title="{{ ns }}">{{ p }}:</code>
{% endfor %}</p>
<form id="query-form" method="get" action="/sparql">
<label>Example:
<select id="example">
<option value="">—</option>
{% for ex in examples %}<option value="{{ ex.name }}">{{ ex.title }}</option>{% endfor %}
</select></label>
<textarea id="query" name="query" rows="16" spellcheck="false">{{ initial }}</textarea>
<input type="hidden" name="format" value="json">
<button id="run" type="submit">Run</button>
<a id="csv" href="#">CSV</a>
<span id="status" class="muted"></span>
</form>
<div id="error" class="error"></div>
<table id="results"></table>
<script type="application/json" id="config">{{ config|tojson }}</script>
<script>
"use strict";
const config = JSON.parse(document.getElementById("config").textContent);
const form = document.getElementById("query-form");
const text = document.getElementById("query");
const select = document.getElementById("example");
const status = document.getElementById("status");
const error = document.getElementById("error");
const table = document.getElementById("results");
const csv = document.getElementById("csv");

function localHref(iri) {
  if (config.basePath && iri.startsWith(config.base)) {
    return config.basePath + iri.slice(config.base.length);
  }
  return "/describe?iri=" + encodeURIComponent(iri);
}
function shorten(iri) {
  for (const [prefix, ns] of config.prefixes) {
    const local = iri.slice(ns.length);
    if (iri.startsWith(ns) && /^[A-Za-z0-9_.-]*$/.test(local)) return prefix + ":" + local;
  }
  return "<" + iri + ">";
}
function cell(term) {
  const td = document.createElement("td");
  if (!term) return td;
  if (term.type === "uri") {
    const a = document.createElement("a");
    a.href = localHref(term.value);
    a.textContent = shorten(term.value);
    a.title = term.value;
    td.appendChild(a);
  } else {
    td.textContent = term.value;
    if (term.datatype && /#(integer|decimal|double)$/.test(term.datatype)) td.className = "num";
  }
  return td;
}
function show(data) {
  table.replaceChildren();
  if ("boolean" in data) {
    const tr = table.insertRow();
    tr.appendChild(cell({type: "literal", value: String(data.boolean)}));
    status.textContent = "ASK";
    return;
  }
  const head = table.createTHead().insertRow();
  for (const v of data.head.vars) {
    const th = document.createElement("th");
    th.textContent = v;
    head.appendChild(th);
  }
  const body = table.createTBody();
  for (const b of data.results.bindings) {
    const tr = body.insertRow();
    for (const v of data.head.vars) tr.appendChild(cell(b[v]));
  }
  status.textContent = data.results.bindings.length + " rows";
}
async function run(event) {
  if (event) event.preventDefault();
  error.textContent = "";
  status.textContent = "running…";
  const started = performance.now();
  const response = await fetch("/sparql", {
    method: "POST",
    headers: {"Content-Type": "application/sparql-query",
              "Accept": "application/sparql-results+json, text/turtle;q=0.9"},
    body: text.value,
  });
  const type = response.headers.get("Content-Type") || "";
  if (!response.ok) {
    table.replaceChildren();
    status.textContent = "";
    error.textContent = response.status + " " + await response.text();
    return;
  }
  if (type.startsWith("application/sparql-results+json")) {
    show(await response.json());
  } else {
    table.replaceChildren();
    const pre = document.createElement("pre");
    pre.textContent = await response.text();
    const td = table.insertRow().insertCell();
    td.appendChild(pre);
    status.textContent = "graph";
  }
  status.textContent += " · " + Math.round(performance.now() - started) + " ms";
}
form.addEventListener("submit", run);
select.addEventListener("change", () => {
  const ex = config.examples.find(e => e.name === select.value);
  if (ex) text.value = ex.text;
});
csv.addEventListener("click", (event) => {
  event.preventDefault();
  location.href = "/sparql?format=csv&query=" + encodeURIComponent(text.value);
});
const params = new URLSearchParams(location.search);
if (params.get("example")) {
  select.value = params.get("example");
  select.dispatchEvent(new Event("change"));
}
if (params.get("run")) run();
</script>
{% endblock %}
"""

_RESOURCE_HTML = """{% extends "base.html" %}
{% block title %}{{ label or iri }} · govkg{% endblock %}
{% block body %}
<h1>{{ label or short }}</h1>
<p><code>{{ iri }}</code>{% if types %} ·
{% for t in types %}{{ link(t) }}{% if not loop.last %}, {% endif %}{% endfor %}{% endif %}
 · <a href="/sparql?format=turtle&amp;query={{ describe|urlencode }}">Turtle</a>
{% if doc_view %} · <a href="{{ doc_view }}">document view</a>{% endif %}</p>
{% if not facts and not incoming %}
<p class="muted">Nothing in the graph is about this IRI.</p>{% endif %}
{% if facts %}<h2>Facts</h2>
<table><tr><th>property</th><th>value</th></tr>
{% for f in facts %}<tr><td>{{ link(f.p) }}</td><td>{{ value(f.o, f.label) }}</td></tr>{% endfor %}
</table>{% if facts_cut %}<p class="muted">First {{ limit }} facts shown.</p>{% endif %}{% endif %}
{% if relations %}<h2>Relations and their evidence</h2>
<table><tr><th>relation</th><th>with</th><th>cue</th><th>evidence</th></tr>
{% for r in relations %}<tr{% if r.weak %} class="weak"{% endif %}>
<td>{{ r.direction }} {{ link(r.p) }}{% if r.weak %} (weak){% endif %}</td>
<td>{{ value(r.other, r.other_label) }}</td><td>{{ r.trigger }}</td>
<td>{% for e in r.evidence %}<div>{{ e.before }}<mark>{{ e.exact }}</mark>{{ e.after }}
  <span class="muted">—
  {{ link(e.doc, titles.get(e.doc)) }}</span></div>{% endfor %}</td></tr>{% endfor %}
</table>{% endif %}
{% if mentions %}<h2>Mentions</h2>
<table><tr><th>document</th><th>offset</th><th>sentence</th></tr>
{% for m in mentions %}<tr>
<td>{{ link(m.doc, titles.get(m.doc)) }}</td><td class="num">{{ m.start }}</td>
<td>{{ m.before }}<mark>{{ m.exact }}</mark>{{ m.after }}</td></tr>{% endfor %}
</table>{% if mentions_cut %}<p class="muted">First {{ limit }} mentions shown.</p>{% endif %}
{% endif %}
{% if incoming %}<h2>Referred to by</h2>
<table><tr><th>subject</th><th>property</th></tr>
{% for f in incoming %}<tr><td>{{ value(f.s, f.label) }}</td><td>{{ link(f.p) }}</td></tr>
{% endfor %}
</table>{% if incoming_cut %}<p class="muted">First {{ limit }} shown.</p>{% endif %}{% endif %}
{% endblock %}
"""

_PAGE_LIMIT = 500


def _sparql_iri(iri: str) -> str:
    if re.search(r'[\x00-\x20<>"{}|^`\\]', iri):
        raise sparql.QueryError(f"{iri!r} is not an IRI")
    return f"<{iri}>"


def _highlight(sentence: str | None, exact: str) -> dict[str, str]:
    if not sentence:
        return {"before": "", "exact": exact, "after": ""}
    at = sentence.find(exact)
    if at < 0:
        return {"before": sentence + " ", "exact": exact, "after": ""}
    return {"before": sentence[:at], "exact": exact, "after": sentence[at + len(exact) :]}


class _Site:
    """What the pages need to know about the build: its folder, base IRI and pool."""

    def __init__(self, folder: Path, base_iri: str, pool: QueryPool) -> None:
        from jinja2 import DictLoader, Environment, select_autoescape
        from markupsafe import Markup, escape

        self.folder = folder
        self.base = base_iri
        self.pool = pool
        split = urlsplit(base_iri)
        self.base_path = split.path if base_iri.endswith("/") and split.path.startswith("/") else ""
        self.prefixes = sorted(sparql.prefixes(base_iri).items(), key=lambda kv: -len(kv[1]))
        self.env = Environment(
            loader=DictLoader(
                {
                    "base.html": _BASE_HTML,
                    "home.html": _HOME_HTML,
                    "query.html": _QUERY_HTML,
                    "resource.html": _RESOURCE_HTML,
                }
            ),
            autoescape=select_autoescape(default=True, default_for_string=True),
        )

        def link(iri: str, label: str | None = None) -> Markup:
            return Markup('<a href="{}" title="{}">{}</a>').format(
                self.href(iri), iri, label or self.short(iri)
            )

        def value(term: sparql.Term | None, label: str | None = None) -> Markup:
            if term is None:
                return Markup("")
            if term.kind == "uri":
                return link(term.value, label)
            suffix = f"@{term.lang}" if term.lang else ""
            return escape(term.value) + Markup('<span class="muted">{}</span>').format(suffix)

        self.env.globals.update(link=link, value=value)

    def short(self, iri: str) -> str:
        for prefix, ns in self.prefixes:
            if iri.startswith(ns) and re.fullmatch(r"[\w.\-]*", iri[len(ns) :]):
                return f"{prefix}:{iri[len(ns) :]}"
        return iri

    def href(self, iri: str) -> str:
        if (
            self.base_path
            and iri.startswith(self.base)
            and re.fullmatch(r"[A-Za-z0-9_.\-]+", iri[len(self.base) :])
        ):
            return self.base_path + iri[len(self.base) :]
        return "/describe?iri=" + quote(iri, safe="")

    def render(self, name: str, **values: Any) -> str:
        return self.env.get_template(name).render(**values)

    def static_file(self, path: str) -> Path | None:
        """The build's file at URL path ``path``, if it is one the server shows."""
        if not path or any(part.startswith(".") for part in path.split("/")):
            return None
        candidate = (self.folder / path).resolve()
        root = self.folder.resolve()
        if not candidate.is_relative_to(root) or candidate.is_relative_to(root / sparql.STORE_DIR):
            return None
        if candidate.suffix.lower() not in STATIC_SUFFIXES or not candidate.is_file():
            return None
        return candidate

    def pages(self) -> list[str]:
        return sorted(p.name for p in self.folder.glob("*.html"))

    async def documents(self) -> list[dict[str, str]]:
        rows = await self.pool.select(
            "SELECT ?d ?t WHERE { ?d a govkg:Document . OPTIONAL { ?d dcterms:title ?t } } "
            f"ORDER BY ?t ?d LIMIT {_PAGE_LIMIT}"
        )
        return [
            {
                "href": self.href(r["d"].value),
                "label": r["t"].value if "t" in r else self.short(r["d"].value),
            }
            for r in rows
        ]

    async def resource(self, iri: str) -> dict[str, Any]:
        """Everything a resource page shows about ``iri``."""
        s = _sparql_iri(iri)
        n = _PAGE_LIMIT + 1
        facts = await self.pool.select(
            f"SELECT ?p ?o ?label WHERE {{ {s} ?p ?o . FILTER(?p != govkg:mention) "
            "OPTIONAL { ?o rdfs:label ?label } } "
            f"ORDER BY ?p ?o LIMIT {n}"
        )
        incoming = await self.pool.select(
            f"SELECT ?s ?p ?label WHERE {{ ?s ?p {s} . "
            "FILTER(?p NOT IN (rdf:subject, rdf:object, govkg:mention, oa:hasSource)) "
            f"OPTIONAL {{ ?s rdfs:label ?label }} }} ORDER BY ?p ?s LIMIT {n}"
        )
        relations = await self.pool.select(
            "SELECT ?r ?dir ?p ?other ?label ?trigger ?weak ?sentence ?exact ?doc WHERE { "
            f"{{ ?r rdf:subject {s} ; rdf:predicate ?p ; rdf:object ?other . BIND('→' AS ?dir) }} "
            f"UNION {{ ?r rdf:object {s} ; rdf:predicate ?p ; rdf:subject ?other . "
            "BIND('←' AS ?dir) } FILTER(?p != govkg:mentions) "
            "OPTIONAL { ?other rdfs:label ?label } OPTIONAL { ?r govkg:trigger ?trigger } "
            "OPTIONAL { ?r govkg:weak ?weak } "
            "OPTIONAL { ?r govkg:evidence ?m . ?m oa:hasSource ?doc ; "
            "oa:hasSelector/oa:exact ?exact . OPTIONAL { ?m govkg:sentence/rdf:value ?sentence } } "
            f"}} ORDER BY ?weak ?p ?dir ?other ?doc ?sentence LIMIT {n}"
        )
        mentions = await self.pool.select(
            f"SELECT ?doc ?start ?exact ?sentence WHERE {{ {s} govkg:mention ?m . "
            "?m oa:hasSource ?doc ; oa:hasSelector ?sel . ?sel oa:start ?start ; oa:exact ?exact . "
            "OPTIONAL { ?m govkg:sentence/rdf:value ?sentence } } "
            f"ORDER BY ?doc ?start LIMIT {n}"
        )
        grouped: dict[tuple[str, str, str], dict[str, Any]] = {}
        for r in relations:
            key = (r["r"].value, r["dir"].value, r["other"].value)
            entry = grouped.setdefault(
                key,
                {
                    "direction": r["dir"].value,
                    "p": r["p"].value,
                    "other": r["other"],
                    "other_label": r["label"].value if "label" in r else None,
                    "trigger": r["trigger"].value if "trigger" in r else "",
                    "weak": "weak" in r and r["weak"].value == "true",
                    "evidence": [],
                },
            )
            if "exact" in r:
                ev = {
                    **_highlight(
                        r["sentence"].value if "sentence" in r else None, r["exact"].value
                    ),
                    "doc": r["doc"].value,
                }
                if ev not in entry["evidence"]:
                    entry["evidence"].append(ev)
        docs = {r["doc"].value for r in relations if "doc" in r}
        docs.update(m["doc"].value for m in mentions)
        titles = {}
        if docs:
            values = " ".join(_sparql_iri(d) for d in sorted(docs))
            for row in await self.pool.select(
                f"SELECT ?d ?t WHERE {{ VALUES ?d {{ {values} }} ?d dcterms:title ?t }}"
            ):
                titles[row["d"].value] = row["t"].value
        label = next((f["o"].value for f in facts if f["p"].value.endswith("#label")), None)
        types = [f["o"].value for f in facts if f["p"].value.endswith("22-rdf-syntax-ns#type")]
        local = iri[len(self.base) :] if iri.startswith(self.base) else ""
        doc_view = f"/docs/{local}.html" if local and self.static_file(f"docs/{local}.html") else ""
        return {
            "iri": iri,
            "titles": titles,
            "short": self.short(iri),
            "label": label,
            "types": types,
            "describe": f"DESCRIBE {s}",
            "doc_view": doc_view,
            "limit": _PAGE_LIMIT,
            "facts": [
                {
                    "p": f["p"].value,
                    "o": f["o"],
                    "label": f["label"].value if "label" in f else None,
                }
                for f in facts[:_PAGE_LIMIT]
            ],
            "facts_cut": len(facts) > _PAGE_LIMIT,
            "incoming": [
                {
                    "s": f["s"],
                    "p": f["p"].value,
                    "label": f["label"].value if "label" in f else None,
                }
                for f in incoming[:_PAGE_LIMIT]
            ],
            "incoming_cut": len(incoming) > _PAGE_LIMIT,
            "relations": list(grouped.values()),
            "mentions": [
                {
                    "doc": m["doc"].value,
                    "start": m["start"].value,
                    **_highlight(
                        m["sentence"].value if "sentence" in m else None, m["exact"].value
                    ),
                }
                for m in mentions[:_PAGE_LIMIT]
            ],
            "mentions_cut": len(mentions) > _PAGE_LIMIT,
        }


# ---------------------------------------------------------------- the application


def _service_description(endpoint: str) -> str:
    formats = [
        "SPARQL_Results_JSON",
        "SPARQL_Results_XML",
        "SPARQL_Results_CSV",
        "SPARQL_Results_TSV",
        "Turtle",
        "JSON-LD",
        "N-Triples",
        "RDF_XML",
    ]
    return (
        "@prefix sd: <http://www.w3.org/ns/sparql-service-description#> .\n"
        "@prefix format: <http://www.w3.org/ns/formats/> .\n\n"
        f"<{endpoint}> a sd:Service ;\n"
        f"    sd:endpoint <{endpoint}> ;\n"
        "    sd:supportedLanguage sd:SPARQL11Query ;\n"
        "    sd:resultFormat " + " , ".join(f"format:{f}" for f in formats) + " .\n"
    )


def create_app(
    folder: str | Path,
    *,
    timeout: float = DEFAULT_TIMEOUT,
    max_rows: int = DEFAULT_MAX_ROWS,
    workers: int = 2,
) -> Any:
    """The endpoint and pages of the build in ``folder`` as a Starlette application.

    The Oxigraph store is loaded (or reloaded, if the build changed) before it returns.
    """
    from starlette.applications import Starlette
    from starlette.middleware import Middleware
    from starlette.middleware.cors import CORSMiddleware
    from starlette.requests import Request
    from starlette.responses import (
        FileResponse,
        HTMLResponse,
        PlainTextResponse,
        RedirectResponse,
        Response,
    )
    from starlette.routing import Route

    folder = Path(folder)
    sparql.open_store(folder)  # loads graph.nq into folder/oxigraph/ when needed
    base = sparql.base_iri_of(folder)
    pool = QueryPool(
        folder / sparql.STORE_DIR / "store",
        base,
        workers=workers,
        timeout=timeout,
        max_rows=max_rows,
    )
    site = _Site(folder, base, pool)

    @contextlib.asynccontextmanager
    async def lifespan(app: Any) -> AsyncIterator[None]:
        await pool.start()
        try:
            yield
        finally:
            pool.close()

    def error(status: int, message: str) -> Response:
        return PlainTextResponse(message.rstrip("\n") + "\n", status_code=status)

    async def endpoint(request: Request) -> Response:
        params = {k: v for k, v in parse_qs(request.url.query, keep_blank_values=True).items()}
        query: str | None = None
        if request.method == "POST":
            ctype = request.headers.get("content-type", "").split(";")[0].strip().lower()
            body = await request.body()
            if len(body) > MAX_BODY:
                return error(413, f"a query of more than {MAX_BODY} bytes is refused")
            try:
                text = body.decode("utf-8")
            except UnicodeDecodeError:
                return error(400, "the request body is not UTF-8")
            if ctype == "application/sparql-update":
                return error(403, "SPARQL Update is refused: this endpoint is read-only")
            if ctype == "application/x-www-form-urlencoded":
                for k, v in parse_qs(text, keep_blank_values=True).items():
                    params.setdefault(k, []).extend(v)
            elif ctype == "application/sparql-query":
                query = text
            else:
                return error(
                    415,
                    "POST a query as application/sparql-query or as the query "
                    "field of application/x-www-form-urlencoded",
                )
        if "update" in params:
            return error(403, "SPARQL Update is refused: this endpoint is read-only")
        if query is None:
            values = params.get("query")
            if not values:
                if "text/html" in request.headers.get("accept", ""):
                    return RedirectResponse("/query", status_code=303)
                return Response(
                    _service_description(str(request.url_for("sparql"))),
                    media_type="text/turtle; charset=utf-8",
                )
            if len(values) > 1:
                return error(400, "give one query parameter, not several")
            query = values[0]
        try:
            sparql.check_read_only(query)
        except sparql.RefusedQuery as exc:
            return error(403, str(exc))
        fmt_param = next(
            (params[k][0] for k in ("format", "output", "results") if params.get(k)), None
        )
        result_format, graph_format = negotiate(request.headers.get("accept"), fmt_param)
        if result_format is None and graph_format is None:
            return error(
                406,
                "no format this endpoint writes is acceptable: ask for "
                "application/sparql-results+json, +xml, text/csv, "
                "text/tab-separated-values, text/turtle or application/ld+json",
            )
        answer = await pool.run(
            {
                "query": query,
                "result_format": result_format,
                "graph_format": graph_format,
                "default_graphs": params.get("default-graph-uri", []),
                "named_graphs": params.get("named-graph-uri", []),
            }
        )
        return Response(
            answer.body,
            status_code=answer.status,
            media_type=answer.media_type,
            headers={"Vary": "Accept"},
        )

    async def query_page(request: Request) -> Response:
        exs = sparql.examples()
        initial = request.query_params.get("query") or exs[0].text
        config = {
            "base": base,
            "basePath": site.base_path,
            "prefixes": site.prefixes,
            "examples": [{"name": e.name, "title": e.title, "text": e.text} for e in exs],
        }
        return HTMLResponse(
            site.render(
                "query.html",
                examples=exs,
                initial=initial,
                prefixes=sparql.prefixes(base).items(),
                config=config,
            )
        )

    async def resource_page(request: Request, iri: str) -> Response:
        accept = request.headers.get("accept", "")
        ranges = _accept(accept) if accept else []
        wants_html = any(m in ("text/html", "application/xhtml+xml") for m, _ in ranges[:1])
        graph_format = (
            _pick(ranges[:1], _GRAPH_MEDIA, "turtle") if ranges and not wants_html else None
        )
        if graph_format and ranges[0][0] != "*/*":
            answer = await pool.run(
                {
                    "query": f"DESCRIBE {_sparql_iri(iri)}",
                    "result_format": None,
                    "graph_format": graph_format,
                }
            )
            return Response(
                answer.body,
                status_code=answer.status,
                media_type=answer.media_type,
                headers={"Vary": "Accept"},
            )
        try:
            data = await site.resource(iri)
        except sparql.QueryError as exc:
            return error(503 if "time limit" in str(exc) else 400, str(exc))
        status = 200 if data["facts"] or data["incoming"] else 404
        return HTMLResponse(
            site.render("resource.html", **data), status_code=status, headers={"Vary": "Accept"}
        )

    async def describe(request: Request) -> Response:
        iri = request.query_params.get("iri", "")
        if not iri:
            return error(400, "give the IRI to describe: /describe?iri=…")
        return await resource_page(request, iri)

    async def home(request: Request) -> Response:
        documents = await site.documents()
        return HTMLResponse(
            site.render(
                "home.html",
                endpoint=str(request.url_for("sparql")),
                pages=site.pages(),
                documents=documents,
            )
        )

    async def anything(request: Request) -> Response:
        path = request.path_params["path"]
        file = site.static_file(path)
        if file is not None:
            return FileResponse(file, media_type=STATIC_SUFFIXES[file.suffix.lower()])
        if site.base_path and ("/" + path).startswith(site.base_path):
            local = ("/" + path)[len(site.base_path) :]
            if re.fullmatch(r"[A-Za-z0-9_.\-]+", local):
                return await resource_page(request, base + local)
        return error(404, f"/{path}: not found")

    routes = [
        Route("/sparql", endpoint, methods=["GET", "POST"], name="sparql"),
        Route("/query", query_page),
        Route("/describe", describe),
        Route("/", home),
        Route("/favicon.ico", lambda request: Response(status_code=204)),
        Route("/{path:path}", anything),
    ]
    middleware = [
        Middleware(
            CORSMiddleware,
            allow_origins=["*"],
            allow_methods=["GET", "POST"],
            allow_headers=["*"],
            max_age=600,
        )
    ]
    return Starlette(routes=routes, middleware=middleware, lifespan=lifespan)


def serve(
    folder: str | Path,
    *,
    host: str = "127.0.0.1",
    port: int = 8000,
    timeout: float = DEFAULT_TIMEOUT,
    max_rows: int = DEFAULT_MAX_ROWS,
    workers: int = 2,
    on_ready: Any = None,
) -> None:
    """Serve the build in ``folder`` until interrupted; ``on_ready(port)`` is called once it
    listens, with the port it listens on (the one the system chose, for port 0)."""
    import uvicorn

    app = create_app(folder, timeout=timeout, max_rows=max_rows, workers=workers)
    config = uvicorn.Config(
        app, host=host, port=port, log_level="warning", access_log=False, lifespan="on"
    )
    server = uvicorn.Server(config)
    if on_ready is not None:
        original = server.startup

        async def startup(sockets: Any = None) -> None:
            await original(sockets=sockets)
            if server.started:
                bound = [
                    sock.getsockname()[1]
                    for srv in getattr(server, "servers", [])
                    for sock in (srv.sockets or ())
                ]
                on_ready(bound[0] if bound else port)

        server.startup = startup  # type: ignore[method-assign]
    server.run()
