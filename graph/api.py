"""The Python API: what the CLI does, for notebooks and scripts.

>>> from graph.api import KnowledgeGraph
>>> from ingest.records import Document
>>> kg = KnowledgeGraph.in_memory()
>>> report = kg.ingest_documents([Document(id="n1", published=None,
...     text="Foreign Minister Lena Holm met Chancellor Ivo Brandt in Oslo on May 4, 2023.")])
>>> report.written
1
>>> sorted(r["name"] for r in kg.query_file("persons"))
['Ivo Brandt', 'Lena Holm']
>>> kg.close()
"""

from __future__ import annotations

import pickle
import tempfile
import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import IO, Any

from graph.errors import StoreError
from graph.exports import export as _export
from graph.iris import RESOLUTION_GRAPH
from graph.mapping import article_quads, record_graph_iri
from graph.queries import QueryResult, load_query, run_query
from graph.remove import RemoveReport, find_articles, remove_articles
from graph.resolve import ResolutionReport
from graph.resolve import resolve as _resolve
from graph.store import ArticleWrite, GraphStore, OxigraphStore, open_store
from ingest.errors import SourceError
from ingest.pipeline import DEFAULT_MODEL, extract, extraction_fingerprint, load_pipeline
from ingest.records import ArticleRecord, Document
from ingest.sources import read_documents

__all__ = ["IngestReport", "KnowledgeGraph"]


@dataclass
class IngestReport:
    """What an ingest run did.

    read: documents read from the sources.
    written: articles written (new or changed).
    unchanged: articles skipped because the store already holds the same content.
    superseded: documents skipped because a later document of the input has the same id
        (a feed entry and its update: the later one is the article).
    failed: (origin, reason) for every source that could not be read.
    persons, organizations, countries, places: distinct entities extracted in this run.
    events: events extracted in this run, by kind.
    triples: quads in the store at the end.
    seconds: wall-clock time (resolution included).
    resolution: the cross-article resolution run at the end, or None when skipped or nothing changed.
    """

    read: int = 0
    written: int = 0
    unchanged: int = 0
    superseded: int = 0
    failed: list[tuple[str, str]] = field(default_factory=list)
    persons: int = 0
    organizations: int = 0
    countries: int = 0
    places: int = 0
    events: Counter[str] = field(default_factory=Counter)
    triples: int = 0
    seconds: float = 0.0
    words: int = 0
    resolution: ResolutionReport | None = None

    def as_dict(self) -> dict[str, Any]:
        return {
            "read": self.read,
            "written": self.written,
            "unchanged": self.unchanged,
            "superseded": self.superseded,
            "failed": [{"source": o, "reason": r} for o, r in self.failed],
            "persons": self.persons,
            "organizations": self.organizations,
            "countries": self.countries,
            "places": self.places,
            "events": dict(self.events),
            "triples": self.triples,
            "seconds": round(self.seconds, 3),
            "words": self.words,
            "resolution": self.resolution.as_dict() if self.resolution is not None else None,
        }


class KnowledgeGraph:
    """A store plus the extraction pipeline that fills it.

    :param store: an open store (see :mod:`graph.store`).
    :param model: the spaCy pipeline package used for extraction (loaded on first ingest).
    :param batch_size: articles written per store transaction batch.
    """

    def __init__(self, store: GraphStore, *, model: str = DEFAULT_MODEL, batch_size: int = 64) -> None:
        self.store = store
        self.model = model
        self.batch_size = batch_size

    @classmethod
    def open(
        cls,
        path: str | Path | None = None,
        *,
        create: bool = True,
        read_only: bool = False,
        model: str = DEFAULT_MODEL,
        update_endpoint: str | None = None,
    ) -> KnowledgeGraph:
        """Open (or create) the embedded store in folder ``path`` (default ``./dkg-store``).

        An ``http(s)://`` ``path`` is a SPARQL 1.1 server's query endpoint instead
        (:class:`graph.sparqlstore.SparqlStore`); ``update_endpoint`` is where it takes updates,
        when elsewhere.
        """
        return cls(
            open_store(path, create=create, read_only=read_only, update_endpoint=update_endpoint),
            model=model,
        )

    @classmethod
    def in_memory(cls, *, model: str = DEFAULT_MODEL) -> KnowledgeGraph:
        """A throwaway graph in memory, for tests and notebooks."""
        return cls(OxigraphStore.in_memory(), model=model)

    def _hash(self, doc: Document) -> str:
        """What is stored with an article: its content and the extraction that read it."""
        return f"{doc.content_hash}:{extraction_fingerprint(self.model)}"

    # ------------------------------------------------------------- ingest
    def ingest(
        self,
        paths: Iterable[str | Path],
        *,
        published: date | None = None,
        on_progress: Callable[[IngestReport, Document], None] | None = None,
        on_error: Callable[[SourceError], None] | None = None,
        max_chars: int = 1_000_000,
        stdin: IO[bytes] | None = None,
        resolve: bool = True,
        workers: int = 1,
        scheduler: str | None = None,
    ) -> IngestReport:
        """Read files, folders, feeds or ``-`` (stdin) and add their articles to the graph.

        When the input holds one id twice, the later document is the article (the earlier one is
        ``superseded``); running the same input again writes nothing.

        :param resolve: re-run cross-article resolution (:func:`graph.resolve.resolve`) once at the
            end when anything changed, or when an earlier run died before it finished resolving;
            False skips it (benchmarks, bulk loads followed by ``resolve()``) and drops the now
            stale resolution graph.
        :param workers: extract in this many local Dask worker processes (:mod:`graph.distributed`);
            1 extracts in this process. The graph is the same either way.
        :param scheduler: extract on the running Dask cluster at this address (``tcp://host:8786``).
        """
        report = IngestReport()

        def failed(err: SourceError) -> None:
            report.failed.append((err.origin, err.reason))
            if on_error is not None:
                on_error(err)

        docs = read_documents(paths, published=published, max_chars=max_chars, on_error=failed, stdin=stdin)
        return self._ingest(docs, report, on_progress, resolve=resolve, workers=workers, scheduler=scheduler)

    def ingest_documents(
        self,
        documents: Iterable[Document],
        *,
        on_progress: Callable[[IngestReport, Document], None] | None = None,
        resolve: bool = True,
        workers: int = 1,
        scheduler: str | None = None,
    ) -> IngestReport:
        """Add in-memory documents to the graph (keywords as for :meth:`ingest`)."""
        report = IngestReport()
        return self._ingest(
            iter(documents), report, on_progress, resolve=resolve, workers=workers, scheduler=scheduler
        )

    def _ingest(
        self,
        documents: Iterator[Document],
        report: IngestReport,
        on_progress: Callable[[IngestReport, Document], None] | None,
        *,
        resolve: bool = True,
        workers: int = 1,
        scheduler: str | None = None,
    ) -> IngestReport:
        started = time.perf_counter()
        entities: dict[str, set[str]] = {
            "person": set(),
            "organization": set(),
            "country": set(),
            "place": set(),
        }

        def skipped(doc: Document) -> None:
            if on_progress is not None:
                on_progress(report, doc)

        def counted() -> Iterator[Document]:
            for doc in documents:
                report.read += 1
                report.words += len(doc.text.split())
                yield doc

        write = _ArticleWriter(self.store)
        batch: list[ArticleWrite] = []
        try:
            todo = _changed(counted(), self.store, self._hash, report, skipped)
            for record in self._extract(todo, workers=workers, scheduler=scheduler):
                batch.append(_write_of(record, self._hash(record.document)))
                _count(record, entities, report)
                report.written += 1
                if on_progress is not None:
                    on_progress(report, record.document)
                if len(batch) >= self.batch_size:
                    write(batch)
                    batch = []
            if batch:
                write(batch)
                batch = []
        except StoreError as exc:  # e.g. a SPARQL server gone: say which articles were not written
            if not batch or getattr(exc, "unwritten", None):
                raise  # nothing pending, or the store's message already lists them
            shown = ", ".join(w[0] for w in batch[:10]) + (
                f" and {len(batch) - 10} more" if len(batch) > 10 else ""
            )
            raise StoreError(
                f"{exc} {len(batch)} extracted article{'s were' if len(batch) != 1 else ' was'} not written: "
                f"{shown}. Run the same command again once the store answers: articles already written "
                "are skipped."
            ) from exc
        report.resolution = self._after_change(report.written > 0, resolve)
        report.persons = len(entities["person"])
        report.organizations = len(entities["organization"])
        report.countries = len(entities["country"])
        report.places = len(entities["place"])
        report.triples = self.store.count_quads()
        report.seconds = time.perf_counter() - started
        return report

    def _extract(
        self, documents: Iterator[Document], *, workers: int, scheduler: str | None
    ) -> Iterator[ArticleRecord]:
        """Records in input order: extracted here, or on Dask workers (:mod:`graph.distributed`)."""
        if workers <= 1 and scheduler is None:
            return extract(documents, nlp=load_pipeline(self.model))
        from graph.distributed import extract_distributed

        return extract_distributed(documents, model=self.model, workers=workers, scheduler=scheduler)

    def add_records(self, records: Iterable[ArticleRecord], *, resolve: bool = True) -> int:
        """Write already extracted records (from another process or machine); returns how many.

        ``resolve`` as for :meth:`ingest`.
        """
        n = 0
        write = _ArticleWriter(self.store)
        batch: list[ArticleWrite] = []
        for record in records:
            batch.append(_write_of(record, self._hash(record.document)))
            n += 1
            if len(batch) >= self.batch_size:
                write(batch)
                batch = []
        write(batch)
        self._after_change(n > 0, resolve)
        return n

    def remove(self, source: str, *, resolve: bool = True) -> RemoveReport:
        """Retract the article with this URL, id or IRI: its named graph and everything only it supported.

        What other articles support stays; resolution is re-run so merged events and canonical
        actors lose this article as a source (and vanish when it was their only one).

        :raises graph.remove.ArticleNotFound: no such article in the store.
        """
        if find_articles(self.store, source):  # else remove_articles says nothing matched
            _mark_resolution_stale(self.store)
        report = remove_articles(self.store, source)
        resolution = self._after_change(True, resolve)
        report.resolution = resolution.as_dict() if resolution is not None else None
        return report

    def resolve(self) -> ResolutionReport:
        """Recompute the cross-article resolution graph (canonical actors, merged events) now."""
        return _resolve(self.store)

    def _after_change(self, changed: bool, resolve: bool) -> ResolutionReport | None:
        """Keep the resolution graph in step with the articles: recompute it, or drop it when stale.

        It is stale when articles changed in this call, or when it has no content hash: never
        resolved, or marked stale by a run that died before resolving (:func:`_mark_resolution_stale`).
        A store whose resolution graph holds its hash and whose articles did not change is left alone.
        """
        stale = changed or self.store.article_hash(RESOLUTION_GRAPH) is None
        if resolve:
            return _resolve(self.store) if stale else None
        if stale:
            self.store.remove_article(RESOLUTION_GRAPH)  # better absent than wrong
        return None

    # -------------------------------------------------------------- query
    def query(self, sparql: str) -> list[dict[str, str]]:
        """Rows of a SELECT as plain dicts (variable -> string value)."""
        return run_query(self.store, sparql).rows

    def query_result(self, sparql: str) -> QueryResult:
        """The full answer (SELECT, ASK, CONSTRUCT or DESCRIBE)."""
        return run_query(self.store, sparql)

    def query_file(self, name_or_path: str | Path) -> list[dict[str, str]]:
        """Run a query file, or a shipped query by name ("persons", "events", "who-met-whom")."""
        return self.query(load_query(name_or_path))

    # ------------------------------------------------------------- export
    def export(self, fmt: str, output: IO[bytes] | str | Path) -> None:
        """Write the graph in ``fmt`` (ttl, nt, nq, trig, jsonld) to a path or binary file."""
        _export(self.store, fmt, output)

    def to_rdflib(self) -> Any:
        """The whole store as an ``rdflib.Dataset`` (one graph per article)."""
        import io

        import rdflib

        buf = io.BytesIO()
        _export(self.store, "nq", buf)
        ds = rdflib.Dataset()
        ds.parse(data=buf.getvalue().decode("utf-8"), format="nquads")
        return ds

    def to_networkx(self) -> Any:
        """Actors, places and events as a ``networkx.MultiDiGraph`` (nodes keyed by IRI)."""
        from graph.network import build_network

        return build_network(self.store)

    def close(self) -> None:
        self.store.close()

    def __enter__(self) -> KnowledgeGraph:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _mark_resolution_stale(store: GraphStore) -> None:
    """Before the articles change: mark the resolution graph stale, in the store itself.

    Its content hash goes (its other quads stay, for readers meanwhile); the resolution written at
    the end brings a hash back. A run that dies in between (killed while writing articles or while
    resolving) leaves the graph without a hash, so the next ingest, ``remove`` or ``resolve``
    recomputes it even when nothing else changed.
    """
    store.drop_article_hash(RESOLUTION_GRAPH)


class _ArticleWriter:
    """Writes batches of articles, marking the resolution graph stale before the first one."""

    def __init__(self, store: GraphStore) -> None:
        self.store = store
        self.marked = False

    def __call__(self, batch: list[ArticleWrite]) -> None:
        if not batch:
            return
        if not self.marked:
            _mark_resolution_stale(self.store)
            self.marked = True
        self.store.replace_articles(batch)


def _changed(
    documents: Iterator[Document],
    store: GraphStore,
    content_hash: Callable[[Document], str],
    report: IngestReport,
    skipped: Callable[[Document], None],
) -> Iterator[Document]:
    """The documents to extract, in input order; the last document of an id is its article.

    A document whose article is not in the store passes at once (the common case, streamed).
    One whose stored article differs, or whose id came before in this input, waits until the
    input ends (in a temporary file), since a later document of the same id would supersede it;
    then the last document of each id is compared with what the store holds or this run
    writes. So an article and its update give the update, and the same input again writes nothing.
    """
    last: dict[str, int] = {}  # graph IRI -> position of its latest document so far
    sent: dict[str, str] = {}  # graph IRI -> content hash of the document passed on for it
    with _Spool() as held:
        for position, doc in enumerate(documents):
            iri, digest = record_graph_iri_for(doc), content_hash(doc)
            again = iri in last
            last[iri] = position
            if not again:
                stored = store.article_hash(iri)
                if stored == digest:
                    report.unchanged += 1
                    skipped(doc)
                    continue
                if stored is None:
                    sent[iri] = digest
                    yield doc
                    continue
            held.append(position, doc)
        for position, doc in held:
            iri, digest = record_graph_iri_for(doc), content_hash(doc)
            if last[iri] != position:
                report.superseded += 1
                skipped(doc)
                continue
            current = sent[iri] if iri in sent else store.article_hash(iri)
            if current == digest:
                report.unchanged += 1
                skipped(doc)
                continue
            sent[iri] = digest
            yield doc


class _Spool:
    """Documents set aside until the input ends, with their positions, in a temporary file."""

    def __init__(self) -> None:
        self._file: IO[bytes] | None = None
        self._count = 0

    def append(self, position: int, doc: Document) -> None:
        if self._file is None:
            self._file = tempfile.TemporaryFile(prefix="dkg-held-")
        pickle.dump((position, doc), self._file, protocol=pickle.HIGHEST_PROTOCOL)
        self._count += 1

    def __iter__(self) -> Iterator[tuple[int, Document]]:
        if self._file is None:
            return
        self._file.seek(0)
        for _ in range(self._count):
            position, doc = pickle.load(self._file)  # our own file, written just above
            yield position, doc

    def __enter__(self) -> _Spool:
        return self

    def __exit__(self, *exc: object) -> None:
        if self._file is not None:
            self._file.close()
            self._file = None


def record_graph_iri_for(doc: Document) -> str:
    from graph.iris import article_iri

    return article_iri(doc.id)


def _write_of(record: ArticleRecord, content_hash: str) -> ArticleWrite:
    return (record_graph_iri(record), content_hash, article_quads(record))


def _count(record: ArticleRecord, entities: dict[str, set[str]], report: IngestReport) -> None:
    for a in record.actors:
        entities[a.kind].add(a.iso_code or a.key)
    for p in record.places:
        entities["place"].add(p.key)
    for e in record.events:
        report.events[e.kind] += 1
