"""The govkg command line: each command parses its options, calls one library function, prints."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from govkg.extract import DocumentError, GovkgError

from .io import atomic_write

DEFAULT_INPUT = "seeds"


def _error(message: str) -> None:
    click.echo(f"govkg: error: {message}", err=True)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="govkg")
def main() -> None:
    """Knowledge graphs from Chinese government reports."""


@main.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option("--format", "fmt", type=click.Choice(["json", "jsonl"]), default="json", show_default=True,
              help="json: an indented array of records; jsonl: one record a line.")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path),
              help="Write to FILE (atomically) instead of standard output.")
def extract(paths: tuple[Path, ...], fmt: str, output: Path | None) -> None:
    """Extract entities and metrics from PATHS (files or folders; default: seeds/)."""
    failures = 0

    def records():
        nonlocal failures
        from govkg.extract import extract_record, iter_documents

        for item in iter_documents(paths or (Path(DEFAULT_INPUT),)):
            if isinstance(item, DocumentError):
                failures += 1
                _error(str(item))
                continue
            try:
                yield extract_record(item).to_dict()
            except GovkgError as exc:
                failures += 1
                _error(f"{item.source}: {exc}")

    def emit(fh) -> int:
        count = 0
        if fmt == "jsonl":
            for rec in records():
                fh.write(json.dumps(rec, ensure_ascii=False) + "\n")
                count += 1
        else:
            fh.write("[")
            for rec in records():
                fh.write(("," if count else "") + "\n" + json.dumps(rec, ensure_ascii=False, indent=1))
                count += 1
            fh.write("\n]\n")
        return count

    if output is None:
        count = emit(sys.stdout)
    else:
        with atomic_write(output) as fh:
            count = emit(fh)
    if count == 0 and failures == 0:
        _error("no readable document in " + ", ".join(str(p) for p in paths or (DEFAULT_INPUT,)))
        sys.exit(1)
    if failures:
        sys.exit(1)


@main.command("eval")
@click.argument("gold", type=click.Path(path_type=Path))
@click.argument("pred", type=click.Path(path_type=Path))
@click.option("--docs", "docs_dir", required=True, type=click.Path(file_okay=False, path_type=Path),
              help="Folder holding the documents the gold files name.")
@click.option("--errors", is_flag=True,
              help="Also list misses and false positives per document and type.")
@click.option("--json", "as_json", is_flag=True, help="Print the summary as JSON.")
def eval_command(gold: Path, pred: Path, docs_dir: Path, errors: bool, as_json: bool) -> None:
    """Score the records in PRED against the gold annotations in GOLD (files or folders)."""
    from govkg.extract.evaluate import evaluate_paths, format_json, format_table

    try:
        scores = evaluate_paths(gold, pred, docs_dir)
    except GovkgError as exc:
        _error(str(exc))
        sys.exit(1)
    for name in scores.unpredicted:
        click.echo(f"warning: no prediction for {name}", err=True)
    report = format_json(scores, errors=errors) if as_json else format_table(scores, errors=errors)
    click.echo(report, nl=False)


@main.command("view")
@click.argument("name")
@click.option("--data", type=click.Path(file_okay=False, path_type=Path), default=Path("output"),
              show_default=True, help="The build folder (as govkg build -o wrote it).")
@click.option("--depth", default=1, show_default=True, type=click.IntRange(0, 10),
              help="How many steps from NAME to show.")
@click.option("--max-nodes", default=200, show_default=True, type=click.IntRange(min=1),
              help="Show at most this many nodes, nearest and most connected first.")
@click.option("--no-open", is_flag=True, help="Write the page without opening it in a browser.")
def view_command(name: str, data: Path, depth: int, max_nodes: int, no_open: bool) -> None:
    """Write (and open) the neighbourhood of the node NAME (a name, an alias or a node id)."""
    from .views import write_ego_view

    try:
        path = write_ego_view(data, name, depth=depth, max_nodes=max_nodes)
    except GovkgError as exc:
        _error(str(exc))
        sys.exit(1)
    click.echo(str(path))
    if not no_open:
        click.launch(str(path.resolve()))


@main.command("build")
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option("-o", "--output", type=click.Path(file_okay=False, path_type=Path), default=Path("output"),
              show_default=True, help="Folder to write records.jsonl, the graph files and the report to.")
@click.option("--base-iri", default=None, help="Base of node IRIs (an IRI ending in / or #).  [default: "
              "https://w3id.org/govkg/id/]")
@click.option("--format", "formats", multiple=True, metavar="NAME",
              help="Write only this format (repeatable): turtle, ntriples, trig, nquads, jsonld, graphml, "
                   "gexf, json, neo4j, ontology, shapes. Default: all.")
@click.option("-j", "--jobs", type=click.IntRange(min=1), default=None,
              help="Extract in N worker processes (same output as 1).  [default: every core]")
@click.option("--cache-dir", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Where records are cached by content hash and extractor version.  [default: OUTPUT/.cache]")
@click.option("--no-cache", is_flag=True, help="Extract every document again; read and write no cache.")
@click.option("--executor", type=click.Choice(["local", "dask"]), default="local", show_default=True,
              help="local: worker processes here; dask: a Dask distributed cluster (needs --scheduler).")
@click.option("--scheduler", metavar="tcp://HOST:PORT", default=None,
              help="Address of the Dask scheduler, with --executor dask.")
def build_command(paths: tuple[Path, ...], output: Path, base_iri: str | None, formats: tuple[str, ...],
                  jobs: int | None, cache_dir: Path | None, no_cache: bool, executor: str,
                  scheduler: str | None) -> None:
    """Extract PATHS (default: seeds/), build the knowledge graph and write it in every format."""
    from .iri import DEFAULT_BASE_IRI
    from .pipeline import CACHE_FOLDER, run_build

    cache = None if no_cache else (cache_dir or output / CACHE_FOLDER)
    try:
        result = run_build(paths or (Path(DEFAULT_INPUT),), output, base_iri=base_iri or DEFAULT_BASE_IRI,
                           formats=formats or None, on_error=lambda source, problem: _error(f"{source}: {problem}"),
                           jobs=jobs, cache_dir=cache, executor=executor, scheduler=scheduler,
                           progress=sys.stderr.isatty())
    except GovkgError as exc:
        _error(str(exc))
        sys.exit(1)
    totals = result.report["totals"]
    click.echo(f"built {totals['documents']} documents: {totals['node_count']} nodes, "
               f"{totals['edge_count']} edges, {len(result.report['warnings'])} warnings -> {output}/")
    if result.failed:
        sys.exit(1)


@main.command("query")
@click.argument("query", required=False)
@click.option("-f", "--file", "query_file", type=click.Path(dir_okay=False, path_type=Path),
              help="Read the query from FILE.rq (- for standard input).")
@click.option("-e", "--example", metavar="NAME", help="Run the shipped example query NAME (see --list).")
@click.option("--data", type=click.Path(file_okay=False, path_type=Path), default=Path("output"),
              show_default=True, help="The build folder to query (as govkg build -o wrote it).")
@click.option("--format", "fmt", type=click.Choice(["table", "csv", "tsv", "json", "xml"]), default="table",
              show_default=True, help="How to write SELECT and ASK answers; CONSTRUCT and DESCRIBE write Turtle.")
@click.option("--list", "list_examples", is_flag=True, help="List the shipped example queries and exit.")
@click.option("--engine", type=click.Choice(["oxigraph", "rdflib"]), default="oxigraph", show_default=True,
              help="oxigraph: the persisted store under DATA/oxigraph/; rdflib: parse the graph each time "
                   "(slow, for comparison).")
def query_command(query: str | None, query_file: Path | None, example: str | None, data: Path, fmt: str,
                  list_examples: bool, engine: str) -> None:
    """Run a SPARQL query on a build; the ontology's prefixes and kg: are predeclared."""
    from . import query as sparql

    try:
        if list_examples:
            for ex in sparql.examples():
                click.echo(f"{ex.name}\n    {ex.title}")
            return
        if sum(x is not None for x in (query, query_file, example)) != 1:
            _error("give exactly one of QUERY, -f FILE or -e NAME (or --list)")
            sys.exit(2)
        if example is not None:
            text = sparql.find_example(example).text
        elif query_file is not None:
            text = sys.stdin.read() if str(query_file) == "-" else query_file.read_text(encoding="utf-8")
        else:
            text = query or ""
        sparql.check_read_only(text)
        base = sparql.base_iri_of(data)
        if engine == "rdflib":
            result = sparql.run_query_rdflib(sparql.load_rdflib(data), text, base_iri=base)
        else:
            result = sparql.run_query(sparql.open_store(data), text, base_iri=base)
        click.echo(sparql.format_result(result, fmt, base_iri=base), nl=False)
    except sparql.QuerySyntaxError as exc:
        _error(str(exc))
        if exc.pointer():
            click.echo(exc.pointer(), err=True)
        sys.exit(2)
    except sparql.RefusedQuery as exc:
        _error(str(exc))
        sys.exit(2)
    except OSError as exc:
        _error(f"{query_file}: {exc.strerror or exc}")
        sys.exit(1)
    except GovkgError as exc:
        _error(str(exc))
        sys.exit(1)


@main.command("serve")
@click.argument("data", required=False, type=click.Path(file_okay=False, path_type=Path), default=Path("output"))
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to listen on (loopback only unless you say otherwise).")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(0, 65535), help="Port to listen on.")
@click.option("--timeout", default=10.0, show_default=True, type=click.FloatRange(min=0.1),
              help="Seconds a query may run before it is stopped.")
@click.option("--max-rows", default=10_000, show_default=True, type=click.IntRange(min=1),
              help="Largest answer (rows or triples) the endpoint returns.")
@click.option("--workers", default=2, show_default=True, type=click.IntRange(1, 64),
              help="Queries run at once, each in its own process.")
def serve_command(data: Path, host: str, port: int, timeout: float, max_rows: int, workers: int) -> None:
    """Serve a build (default: output/) over HTTP: a read-only SPARQL endpoint at /sparql, a query
    page, a page for every IRI, and the build's HTML views."""
    from .server import serve

    def ready(bound: int) -> None:
        shown = f"[{host}]" if ":" in host else host
        click.echo(f"govkg: serving {data}/ on http://{shown}:{bound}/ (SPARQL endpoint: "
                   f"http://{shown}:{bound}/sparql); Ctrl-C stops", err=True)

    try:
        serve(data, host=host, port=port, timeout=timeout, max_rows=max_rows, workers=workers, on_ready=ready)
    except GovkgError as exc:
        _error(str(exc))
        sys.exit(1)
