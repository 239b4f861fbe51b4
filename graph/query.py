"""SPARQL over a build: a persisted Oxigraph store, the shipped example queries, result formats.

``open_store(folder)`` loads the build's ``graph.nq`` into an Oxigraph store under
``folder/oxigraph/`` the first time it is asked (and again whenever ``graph.nq`` changes),
so later queries open it read-only in milliseconds instead of parsing the graph again.
rdflib, the library the rest of govkg builds RDF with, is kept as a second engine
(``engine="rdflib"``) for comparison: its query engine is too slow at corpus scale (the
timings are in the README).

Results are turned into engine-neutral ``Term`` values and written by the functions here:
an aligned table (Chinese aligned by display width), SPARQL 1.1 CSV and TSV, the SPARQL 1.1
Results JSON and XML formats; graphs (CONSTRUCT, DESCRIBE) as Turtle, N-Triples or JSON-LD.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import tempfile
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any, NamedTuple
from xml.sax.saxutils import escape as _xml_escape
from xml.sax.saxutils import quoteattr as _xml_attr

from govkg.extract.errors import GovkgError

from .iri import DEFAULT_BASE_IRI

# rdf.PREFIXES and rdf.DATA_PREFIX written out, so that a query does not import rdflib
# (a tenth of a second of every `govkg query`); a test checks that the two stay the same.
PREFIXES: tuple[tuple[str, str], ...] = (
    ("rdf", "http://www.w3.org/1999/02/22-rdf-syntax-ns#"),
    ("rdfs", "http://www.w3.org/2000/01/rdf-schema#"),
    ("xsd", "http://www.w3.org/2001/XMLSchema#"),
    ("schema", "https://schema.org/"),
    ("prov", "http://www.w3.org/ns/prov#"),
    ("skos", "http://www.w3.org/2004/02/skos/core#"),
    ("dcterms", "http://purl.org/dc/terms/"),
    ("oa", "http://www.w3.org/ns/oa#"),
    ("govkg", "https://w3id.org/govkg/ontology#"),
)
DATA_PREFIX = "kg"

__all__ = [
    "QueryError",
    "QuerySyntaxError",
    "RefusedQuery",
    "NoBuild",
    "Term",
    "Result",
    "Example",
    "examples",
    "find_example",
    "prefixes",
    "base_iri_of",
    "open_store",
    "store_is_current",
    "check_read_only",
    "run_query",
    "run_query_rdflib",
    "format_table",
    "format_csv",
    "format_tsv",
    "format_json",
    "format_xml",
    "format_graph",
    "format_result",
    "RESULT_FORMATS",
    "GRAPH_FORMATS",
]

STORE_DIR = "oxigraph"
SOURCES = ("graph.nq", "graph.trig", "graph.nt", "graph.ttl")
_STAMP = "source.json"
_STORE_VERSION = 1


class QueryError(GovkgError):
    """A query could not be run: the message says why."""


class QuerySyntaxError(QueryError):
    """The query is not SPARQL; ``line`` and ``column`` (from 1) say where it goes wrong."""

    def __init__(
        self, message: str, line: int | None = None, column: int | None = None, query: str = ""
    ) -> None:
        where = f"line {line}, column {column}: " if line is not None else ""
        super().__init__(
            f"syntax error at {where}{message}" if where else f"syntax error: {message}"
        )
        self.message = message
        self.line = line
        self.column = column
        self.query = query

    def pointer(self) -> str:
        """The offending line of the query with a caret under the column, or ""."""
        if self.line is None or self.column is None:
            return ""
        lines = self.query.split("\n")
        if not 1 <= self.line <= len(lines):
            return ""
        text = lines[self.line - 1]
        return text + "\n" + " " * _display_width(text[: max(self.column - 1, 0)]) + "^"


class RefusedQuery(QueryError):
    """A query asks for something a read-only, offline endpoint does not do (Update, SERVICE)."""


class NoBuild(QueryError):
    """The folder holds no graph to query."""


# ---------------------------------------------------------------- prefixes and examples


def prefixes(base_iri: str = DEFAULT_BASE_IRI) -> dict[str, str]:
    """The prefixes every query may use without declaring them: the ontology's and ``kg:``."""
    return {**dict(PREFIXES), DATA_PREFIX: base_iri}


def prologue(base_iri: str = DEFAULT_BASE_IRI) -> str:
    """The same prefixes as SPARQL ``PREFIX`` lines, for clients that need them written out."""
    return "".join(f"PREFIX {p}: <{ns}>\n" for p, ns in prefixes(base_iri).items())


@dataclass(frozen=True)
class Example:
    """A shipped example query: its file name without ``.rq``, what it answers, its text."""

    name: str
    title: str
    description: str
    text: str


def examples() -> list[Example]:
    """The example queries shipped in ``govkg/graph/queries/*.rq``, sorted by name.

    Each file starts with comment lines: the first says what it answers, the rest how.
    """
    folder = resources.files("govkg.graph").joinpath("queries")
    found = []
    for entry in folder.iterdir():
        if not entry.name.endswith(".rq"):
            continue
        text = entry.read_text(encoding="utf-8")
        comments = []
        for line in text.splitlines():
            if not line.startswith("#"):
                break
            comments.append(line.lstrip("#").strip())
        if not comments:
            raise QueryError(f"example query {entry.name} has no comment saying what it answers")
        found.append(Example(entry.name[: -len(".rq")], comments[0], "\n".join(comments[1:]), text))
    return sorted(found, key=lambda e: e.name)


def find_example(name: str) -> Example:
    """The example called ``name`` (with or without ``.rq``)."""
    name = name.removesuffix(".rq")
    known = examples()
    for ex in known:
        if ex.name == name:
            return ex
    raise QueryError(f"no example query {name!r}; known: {', '.join(e.name for e in known)}")


# ---------------------------------------------------------------- read-only check

# SPARQL tokens that can hide a keyword: comments, strings, IRIs, names with a prefix,
# variables, blank nodes and language tags. What is left as a bare word is a keyword.
_TOKENS = re.compile(
    r"""
    (?P<skip>
        \#[^\n]*
      | '''(?:[^'\\]|\\.|'(?!''))*'''
      | \"\"\"(?:[^"\\]|\\.|"(?!""))*\"\"\"
      | '(?:[^'\\\n]|\\.)*'
      | "(?:[^"\\\n]|\\.)*"
      | <[^<>"{}|^`\\\x00-\x20]*>
      | [A-Za-z_][\w.\-]*:[\w.\-%:\\]*
      | :[\w.\-%:\\]*
      | [?$]\w+
      | _:[\w.\-]+
      | @[A-Za-z][A-Za-z0-9\-]*
    )
  | (?P<word>[A-Za-z]+)
    """,
    re.X,
)
_UPDATE_WORDS = {
    "INSERT",
    "DELETE",
    "LOAD",
    "CLEAR",
    "DROP",
    "CREATE",
    "ADD",
    "MOVE",
    "COPY",
    "WITH",
}


def _keywords(query: str) -> Iterator[str]:
    for m in _TOKENS.finditer(query):
        if m.group("word"):
            yield m.group("word").upper()


def check_read_only(query: str) -> None:
    """Raise ``RefusedQuery`` if the query is a SPARQL Update (INSERT, DELETE, LOAD, …) or
    calls another endpoint (SERVICE): govkg only reads its own graph."""
    for word in _keywords(query):
        if word == "SERVICE":
            raise RefusedQuery(
                "SERVICE is refused: this endpoint queries its own graph only and calls no other"
            )
        if word in _UPDATE_WORDS:
            raise RefusedQuery(
                f"SPARQL Update ({word}) is refused: the graph is read-only; rebuild it with "
                "govkg build to change it"
            )


# ---------------------------------------------------------------- terms and results


class Term(NamedTuple):
    """An RDF term as every format here writes it: kind is "uri", "literal", "bnode" or
    "triple"; a literal has a datatype IRI (None for a plain or language-tagged string) or a
    language tag."""

    kind: str
    value: str
    datatype: str | None = None
    lang: str | None = None


_XSD = "http://www.w3.org/2001/XMLSchema#"
_XSD_STRING = _XSD + "string"
_RDF_LANG_STRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"
_NUMERIC = {
    _XSD + t
    for t in (
        "integer",
        "decimal",
        "double",
        "float",
        "int",
        "long",
        "nonNegativeInteger",
        "positiveInteger",
    )
}


@dataclass
class Result:
    """A query's answer: ``kind`` is "solutions" (SELECT), "boolean" (ASK) or "graph"
    (CONSTRUCT, DESCRIBE, as N-Triples lines sorted)."""

    kind: str
    variables: list[str] = field(default_factory=list)
    rows: list[tuple[Term | None, ...]] = field(default_factory=list)
    boolean: bool | None = None
    triples: list[tuple[Term, Term, Term]] = field(default_factory=list)
    truncated: bool = False


def _ox_term(term: Any) -> Term | None:
    import pyoxigraph as ox

    if term is None:
        return None
    if isinstance(term, ox.NamedNode):
        return Term("uri", term.value)
    if isinstance(term, ox.BlankNode):
        return Term("bnode", term.value)
    if isinstance(term, ox.Literal):
        lang = term.language
        dt = term.datatype.value
        return Term("literal", term.value, None if lang or dt == _XSD_STRING else dt, lang)
    return Term("triple", str(term))


def _rdflib_term(term: Any) -> Term | None:
    from rdflib import BNode, Literal, URIRef

    if term is None:
        return None
    if isinstance(term, URIRef):
        return Term("uri", str(term))
    if isinstance(term, BNode):
        return Term("bnode", str(term))
    if isinstance(term, Literal):
        dt = str(term.datatype) if term.datatype is not None else None
        return Term("literal", str(term), None if dt == _XSD_STRING else dt, term.language)
    return Term("triple", str(term))


def _syntax_error(exc: Exception, query: str) -> QuerySyntaxError:
    text = str(exc)
    m = re.match(r"error at (\d+):(\d+): (.*)", text, re.S)
    if not m:
        return QuerySyntaxError(text.split("\n")[0], query=query)
    line, column, message = int(m.group(1)), int(m.group(2)), m.group(3)
    if "Prefix not found" in message:
        lines = query.split("\n")
        before = lines[line - 1][: column - 1] if 0 < line <= len(lines) else ""
        names = re.findall(r"([A-Za-z][\w.\-]*)?:[\w.\-]*$", before)
        name = (names[-1] if names else "") + ":"
        known = ", ".join(p + ":" for p in prefixes())
        message = f"undeclared prefix {name} (predeclared: {known})"
    else:
        # Oxigraph lists every character class it expected: keep the words, drop the ranges.
        listed = re.match(r"expected one of (.*)", message, re.S)
        if listed:
            items = re.findall(
                r'"(?:[^"\\]|\\.)*"|(?<![\'\w{])[A-Z][A-Z0-9_]+(?![\'\w])', listed.group(1)
            )
            if "[" in listed.group(1):
                items.append("a name")
            message = "expected one of " + ", ".join(dict.fromkeys(items))
    return QuerySyntaxError(message, line, column, query)


def run_query(
    store: Any,
    query: str,
    *,
    base_iri: str = DEFAULT_BASE_IRI,
    max_rows: int | None = None,
    default_graphs: Sequence[str] = (),
    named_graphs: Sequence[str] = (),
) -> Result:
    """Run ``query`` on an Oxigraph store with the ontology's prefixes and ``kg:`` predeclared.

    With ``max_rows``, at most that many rows (or triples) are read and ``truncated`` says
    whether there were more. ``default_graphs``/``named_graphs`` are the SPARQL Protocol's
    ``default-graph-uri`` and ``named-graph-uri``.
    """
    import pyoxigraph as ox

    kwargs: dict[str, Any] = {}
    if default_graphs:
        kwargs["default_graph"] = [ox.NamedNode(g) for g in default_graphs]
    if named_graphs:
        kwargs["named_graphs"] = [ox.NamedNode(g) for g in named_graphs]
    try:
        answer = store.query(query, base_iri=base_iri, prefixes=prefixes(base_iri), **kwargs)
    except SyntaxError as exc:
        raise _syntax_error(exc, query) from None
    except (OSError, ValueError) as exc:
        raise QueryError(f"query failed: {exc}") from exc
    try:
        if isinstance(answer, ox.QueryBoolean):
            return Result("boolean", boolean=bool(answer))
        if isinstance(answer, ox.QuerySolutions):
            variables = [v.value for v in answer.variables]
            rows: list[tuple[Term | None, ...]] = []
            truncated = False
            for solution in answer:
                if max_rows is not None and len(rows) >= max_rows:
                    truncated = True
                    break
                rows.append(tuple(_ox_term(solution[v]) for v in variables))
            return Result("solutions", variables, rows, truncated=truncated)
        triples: list[tuple[Any, Any, Any]] = []
        truncated = False
        for t in answer:
            if max_rows is not None and len(triples) >= max_rows:
                truncated = True
                break
            triples.append((_ox_term(t.subject), _ox_term(t.predicate), _ox_term(t.object)))
        return Result("graph", triples=_sorted_triples(triples), truncated=truncated)
    except (OSError, ValueError, RuntimeError) as exc:
        raise QueryError(f"query failed: {exc}") from exc


def _sorted_triples(triples: Iterable[tuple[Any, Any, Any]]) -> list[tuple[Term, Term, Term]]:
    unique = {(s, p, o) for s, p, o in triples}
    return sorted(unique, key=lambda t: tuple(_nt(x) for x in t))


# ---------------------------------------------------------------- the Oxigraph store


def base_iri_of(folder: str | Path) -> str:
    """The base IRI the build in ``folder`` was written with (its report.json says)."""
    try:
        report = json.loads((Path(folder) / "report.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return DEFAULT_BASE_IRI
    base = report.get("base_iri") if isinstance(report, dict) else None
    return base if isinstance(base, str) and base else DEFAULT_BASE_IRI


def _source(folder: Path) -> Path:
    if not folder.is_dir():
        raise NoBuild(f"{folder}: no such folder; build a graph first: govkg build -o {folder}")
    for name in SOURCES:
        path = folder / name
        if path.is_file():
            return path
    raise NoBuild(
        f"{folder}: no graph to query (none of {', '.join(SOURCES)}); "
        f"build one first: govkg build -o {folder}"
    )


def _stamp(source: Path, base_iri: str) -> dict[str, Any]:
    st = source.stat()
    return {
        "version": _STORE_VERSION,
        "source": source.name,
        "size": st.st_size,
        "mtime_ns": st.st_mtime_ns,
        "base_iri": base_iri,
    }


def store_is_current(folder: str | Path) -> bool:
    """Whether ``folder/oxigraph/`` holds the graph of the build's current graph file."""
    folder = Path(folder)
    try:
        stamp = json.loads((folder / STORE_DIR / _STAMP).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    return stamp == _stamp(_source(folder), base_iri_of(folder))


_FORMATS_BY_SUFFIX = {".nq": "N_QUADS", ".trig": "TRIG", ".nt": "N_TRIPLES", ".ttl": "TURTLE"}


def build_store(folder: str | Path) -> Path:
    """Load the build's graph file into a new Oxigraph store and move it into place as
    ``folder/oxigraph/`` (a reader never sees a half-loaded store); returns its path."""
    import pyoxigraph as ox

    folder = Path(folder)
    source = _source(folder)
    base = base_iri_of(folder)
    stamp = _stamp(source, base)
    target = folder / STORE_DIR
    tmp = Path(tempfile.mkdtemp(prefix=f".{STORE_DIR}.", suffix=".part", dir=folder))
    try:
        store = ox.Store(str(tmp / "store"))
        try:
            store.bulk_load(
                path=str(source), format=getattr(ox.RdfFormat, _FORMATS_BY_SUFFIX[source.suffix])
            )
        except (SyntaxError, ValueError) as exc:
            raise QueryError(f"{source}: cannot be loaded: {exc}") from exc
        store.flush()
        del store
        (tmp / _STAMP).write_text(json.dumps(stamp, sort_keys=True) + "\n", encoding="utf-8")
        old = None
        if target.exists():
            old = Path(tempfile.mkdtemp(prefix=f".{STORE_DIR}.", suffix=".old", dir=folder))
            os.replace(target, old / STORE_DIR)
        try:
            os.replace(tmp, target)
        except OSError:
            if not (target / _STAMP).is_file():  # not another process winning the race
                raise
        if old is not None:
            shutil.rmtree(old, ignore_errors=True)
    except OSError as exc:
        raise QueryError(f"{target}: cannot write the query store: {exc}") from exc
    finally:
        if tmp.exists():
            shutil.rmtree(tmp, ignore_errors=True)
    return target


def open_store(folder: str | Path) -> Any:
    """The build's graph as a read-only Oxigraph store, loading it first if it is missing or
    older than the graph file. Where the folder cannot be written (a build on a read-only
    share), the graph is loaded into memory instead, for this process only."""
    import fcntl

    import pyoxigraph as ox

    folder = Path(folder)
    _source(folder)  # a folder without a build says so
    if not store_is_current(folder):
        try:
            # One loader at a time: a second `govkg query` waits, then finds the store current.
            with open(folder / f".{STORE_DIR}.lock", "a+b") as lock:
                fcntl.flock(lock, fcntl.LOCK_EX)
                if not store_is_current(folder):
                    build_store(folder)
        except PermissionError:
            return _memory_store(folder)
        except QueryError as exc:
            if isinstance(exc.__cause__, PermissionError):
                return _memory_store(folder)
            raise
    try:
        return ox.Store.read_only(str(folder / STORE_DIR / "store"))
    except OSError as exc:
        raise QueryError(f"{folder / STORE_DIR}: cannot open the query store: {exc}") from exc


def _memory_store(folder: Path) -> Any:
    import pyoxigraph as ox

    source = _source(folder)
    store = ox.Store()
    try:
        store.bulk_load(
            path=str(source), format=getattr(ox.RdfFormat, _FORMATS_BY_SUFFIX[source.suffix])
        )
    except (SyntaxError, ValueError) as exc:
        raise QueryError(f"{source}: cannot be loaded: {exc}") from exc
    return store


# ---------------------------------------------------------------- rdflib, for comparison


def load_rdflib(folder: str | Path) -> Any:
    """The build's graph file parsed into an rdflib ``Dataset`` (slow: for comparison)."""
    from rdflib import Dataset

    source = _source(Path(folder))
    fmt = {".nq": "nquads", ".trig": "trig", ".nt": "nt", ".ttl": "turtle"}[source.suffix]
    ds = Dataset()
    try:
        ds.parse(str(source), format=fmt)
    except Exception as exc:  # noqa: BLE001 - rdflib's parsers raise many unrelated types
        raise QueryError(f"{source}: rdflib cannot parse it: {exc}") from exc
    return ds


def run_query_rdflib(
    ds: Any, query: str, *, base_iri: str = DEFAULT_BASE_IRI, max_rows: int | None = None
) -> Result:
    """Run ``query`` with rdflib's engine on a ``Dataset`` (its default graph)."""
    from pyparsing import ParseException

    try:
        answer = ds.query(query, initNs=prefixes(base_iri), base=base_iri)
    except ParseException as exc:
        raise QuerySyntaxError(exc.msg, exc.lineno, exc.col, query) from None
    except Exception as exc:  # noqa: BLE001 - rdflib's evaluator raises many unrelated types
        raise QueryError(f"query failed: {exc}") from exc
    if answer.type == "ASK":
        return Result("boolean", boolean=bool(answer.askAnswer))
    if answer.type == "SELECT":
        variables = [str(v) for v in answer.vars]
        rows: list[tuple[Term | None, ...]] = []
        truncated = False
        for row in answer:
            if max_rows is not None and len(rows) >= max_rows:
                truncated = True
                break
            rows.append(tuple(_rdflib_term(row[v]) for v in variables))
        return Result("solutions", variables, rows, truncated=truncated)
    triples = [(_rdflib_term(s), _rdflib_term(p), _rdflib_term(o)) for s, p, o in answer.graph]
    return Result("graph", triples=_sorted_triples(triples))


# ---------------------------------------------------------------- writing results


def _display_width(text: str) -> int:
    from wcwidth import wcswidth

    width = wcswidth(text)
    return width if width >= 0 else len(text)


def _escape_string(text: str) -> str:
    return (
        text.replace("\\", "\\\\")
        .replace('"', '\\"')
        .replace("\n", "\\n")
        .replace("\r", "\\r")
        .replace("\t", "\\t")
    )


def _nt(term: Term | None) -> str:
    """A term in N-Triples/Turtle syntax (the TSV results format uses it too)."""
    if term is None:
        return ""
    if term.kind == "uri":
        return f"<{term.value}>"
    if term.kind == "bnode":
        return f"_:{term.value}"
    if term.kind == "triple":
        return term.value
    text = f'"{_escape_string(term.value)}"'
    if term.lang:
        return f"{text}@{term.lang}"
    if term.datatype:
        return f"{text}^^<{term.datatype}>"
    return text


class _Abbreviate:
    def __init__(self, base_iri: str) -> None:
        self.by_length = sorted(prefixes(base_iri).items(), key=lambda kv: -len(kv[1]))

    def __call__(self, iri: str) -> str:
        for prefix, ns in self.by_length:
            if iri.startswith(ns) and re.fullmatch(r"[\w.\-]*", iri[len(ns) :]):
                return f"{prefix}:{iri[len(ns) :]}"
        return f"<{iri}>"


def _cell(term: Term | None, abbreviate: _Abbreviate) -> str:
    if term is None:
        return ""
    if term.kind == "uri":
        return abbreviate(term.value)
    if term.kind == "bnode":
        return f"_:{term.value}"
    return term.value.replace("\r", "").replace("\n", "⏎").replace("\t", " ")


def _is_number(term: Term | None) -> bool:
    return term is None or (term.kind == "literal" and (term.datatype or "") in _NUMERIC)


def _cut(text: str, width: int) -> str:
    if _display_width(text) <= width:
        return text
    out, used = [], 0
    for ch in text:
        w = _display_width(ch)
        if used + w > width - 1:
            break
        out.append(ch)
        used += w
    return "".join(out) + "…"


def format_table(result: Result, *, base_iri: str = DEFAULT_BASE_IRI, max_width: int = 80) -> str:
    """SELECT rows as a table aligned by display width (a Chinese character is two columns
    wide), IRIs shortened with the predeclared prefixes, numbers right-aligned, each cell cut
    at ``max_width`` columns; ASK as ``true``/``false``."""
    if result.kind == "boolean":
        return ("true" if result.boolean else "false") + "\n"
    if result.kind == "graph":
        return format_graph(result, "turtle", base_iri=base_iri)
    abbreviate = _Abbreviate(base_iri)
    header = list(result.variables)
    cells = [[_cut(_cell(t, abbreviate), max_width) for t in row] for row in result.rows]
    numeric = [
        bool(result.rows) and all(_is_number(r[i]) for r in result.rows) for i in range(len(header))
    ]
    widths = [
        max([_display_width(h)] + [_display_width(r[i]) for r in cells])
        for i, h in enumerate(header)
    ]

    def line(values: Sequence[str]) -> str:
        parts = []
        for i, v in enumerate(values):
            pad = " " * (widths[i] - _display_width(v))
            parts.append(pad + v if numeric[i] else v + pad)
        return "  ".join(parts).rstrip()

    out = [line(header), "  ".join("-" * w for w in widths)]
    out += [line(r) for r in cells]
    n = len(result.rows)
    more = " (more not shown)" if result.truncated else ""
    out.append(f"({n} row{'s' if n != 1 else ''}{more})")
    return "\n".join(out) + "\n"


def _csv_field(text: str) -> str:
    if any(c in text for c in ',"\r\n'):
        return '"' + text.replace('"', '""') + '"'
    return text


def format_csv(result: Result) -> str:
    """SPARQL 1.1 Query Results CSV: plain values, CRLF line ends; ASK (which the W3C format
    leaves out) as ``true`` or ``false`` alone, as Oxigraph writes and reads it."""
    if result.kind == "boolean":
        return ("true" if result.boolean else "false") + "\r\n"
    _need_solutions(result)
    lines = [",".join(_csv_field(v) for v in result.variables)]
    for row in result.rows:
        lines.append(
            ",".join(
                "" if t is None else _csv_field(f"_:{t.value}" if t.kind == "bnode" else t.value)
                for t in row
            )
        )
    return "\r\n".join(lines) + "\r\n"


def format_tsv(result: Result) -> str:
    """SPARQL 1.1 Query Results TSV: ``?var`` header, terms in Turtle syntax; ASK as for CSV."""
    if result.kind == "boolean":
        return ("true" if result.boolean else "false") + "\n"
    _need_solutions(result)
    lines = ["\t".join("?" + v for v in result.variables)]
    for row in result.rows:
        lines.append("\t".join(_tsv_term(t) for t in row))
    return "\n".join(lines) + "\n"


def _tsv_term(term: Term | None) -> str:
    if (
        term is not None
        and term.kind == "literal"
        and term.datatype in (_XSD + "integer", _XSD + "decimal", _XSD + "boolean")
        and re.fullmatch(r"[+-]?[0-9]*\.?[0-9]+|true|false", term.value)
    ):
        return term.value
    return _nt(term)


def _json_term(term: Term) -> dict[str, str]:
    if term.kind == "literal":
        out = {"type": "literal", "value": term.value}
        if term.lang:
            out["xml:lang"] = term.lang
        elif term.datatype:
            out["datatype"] = term.datatype
        return out
    return {"type": term.kind, "value": term.value}


def format_json(result: Result) -> str:
    """SPARQL 1.1 Query Results JSON."""
    if result.kind == "boolean":
        return json.dumps({"head": {}, "boolean": bool(result.boolean)}) + "\n"
    _need_solutions(result)
    bindings = [
        {v: _json_term(t) for v, t in zip(result.variables, row, strict=True) if t is not None}
        for row in result.rows
    ]
    doc = {"head": {"vars": result.variables}, "results": {"bindings": bindings}}
    return json.dumps(doc, ensure_ascii=False, separators=(",", ":")) + "\n"


def format_xml(result: Result) -> str:
    """SPARQL Query Results XML."""
    out = [
        '<?xml version="1.0" encoding="utf-8"?>',
        '<sparql xmlns="http://www.w3.org/2005/sparql-results#">',
    ]
    if result.kind == "boolean":
        out += ["<head/>", f"<boolean>{'true' if result.boolean else 'false'}</boolean>"]
    else:
        _need_solutions(result)
        out.append(
            "<head>"
            + "".join(f"<variable name={_xml_attr(v)}/>" for v in result.variables)
            + "</head>"
        )
        out.append("<results>")
        for row in result.rows:
            out.append("<result>")
            for v, t in zip(result.variables, row, strict=True):
                if t is None:
                    continue
                if t.kind == "uri":
                    body = f"<uri>{_xml_escape(t.value)}</uri>"
                elif t.kind == "bnode":
                    body = f"<bnode>{_xml_escape(t.value)}</bnode>"
                elif t.lang:
                    body = f"<literal xml:lang={_xml_attr(t.lang)}>{_xml_escape(t.value)}</literal>"
                elif t.datatype:
                    body = (
                        f"<literal datatype={_xml_attr(t.datatype)}>"
                        f"{_xml_escape(t.value)}</literal>"
                    )
                else:
                    body = f"<literal>{_xml_escape(t.value)}</literal>"
                out.append(f"<binding name={_xml_attr(v)}>{body}</binding>")
            out.append("</result>")
        out.append("</results>")
    out.append("</sparql>")
    return "\n".join(out) + "\n"


def _need_solutions(result: Result) -> None:
    if result.kind != "solutions":
        raise QueryError(
            "a CONSTRUCT or DESCRIBE answer is a graph: write it as Turtle, N-Triples or JSON-LD"
        )


def format_graph(result: Result, fmt: str = "turtle", *, base_iri: str = DEFAULT_BASE_IRI) -> str:
    """A CONSTRUCT or DESCRIBE answer as ``turtle``, ``ntriples``, ``jsonld`` or ``rdfxml``; an
    ASK or SELECT answer has no graph."""
    if result.kind != "graph":
        raise QueryError("only a CONSTRUCT or DESCRIBE answer is a graph")
    lines = [" ".join(_nt(t) for t in triple) + " .\n" for triple in result.triples]
    if fmt == "ntriples":
        return "".join(lines)
    import pyoxigraph as ox

    quads = list(ox.parse("".join(lines).encode("utf-8"), format=ox.RdfFormat.N_TRIPLES))
    if fmt == "jsonld":
        return (ox.serialize(quads, format=ox.RdfFormat.JSON_LD) or b"").decode("utf-8") + "\n"
    if fmt == "rdfxml":
        return (ox.serialize(quads, format=ox.RdfFormat.RDF_XML) or b"").decode("utf-8") + "\n"
    if fmt != "turtle":
        raise QueryError(f"unknown graph format {fmt!r}; known: {', '.join(GRAPH_FORMATS)}")
    text = ox.serialize(quads, format=ox.RdfFormat.TURTLE, prefixes=prefixes(base_iri)) or b""
    return text.decode("utf-8")


# name -> (media type, writer) for SELECT/ASK answers, and for graphs
RESULT_FORMATS: dict[str, tuple[str, Any]] = {
    "json": ("application/sparql-results+json", format_json),
    "xml": ("application/sparql-results+xml", format_xml),
    "csv": ("text/csv", format_csv),
    "tsv": ("text/tab-separated-values", format_tsv),
}
GRAPH_FORMATS: dict[str, str] = {
    "turtle": "text/turtle",
    "ntriples": "application/n-triples",
    "jsonld": "application/ld+json",
    "rdfxml": "application/rdf+xml",
}


def format_result(result: Result, fmt: str = "table", *, base_iri: str = DEFAULT_BASE_IRI) -> str:
    """``result`` as ``fmt`` (table, csv, tsv, json, xml); a graph is always Turtle."""
    if result.kind == "graph":
        return format_graph(result, "turtle", base_iri=base_iri)
    if fmt == "table":
        return format_table(result, base_iri=base_iri)
    if fmt not in RESULT_FORMATS:
        raise QueryError(
            f"unknown result format {fmt!r}; known: table, {', '.join(RESULT_FORMATS)}"
        )
    return RESULT_FORMATS[fmt][1](result)
