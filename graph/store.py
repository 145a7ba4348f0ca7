"""Where the graph lives: the store protocol and the embedded Oxigraph store.

Each article is one named graph. Writing an article replaces its graph as a
whole, in one transaction, and records the article's content hash inside that
same graph, so a graph is either all there (with its hash) or absent, and a
re-run after a crash re-ingests exactly what is missing.

>>> store = OxigraphStore.in_memory()
>>> g = "https://w3id.org/dkg/id/article/a1"
>>> quads = [Quad(NamedNode(g), NamedNode("http://purl.org/dc/terms/title"), Literal("Hi"), NamedNode(g))]
>>> store.replace_articles([(g, "abc", quads)])
>>> store.article_hash(g)
'abc'
>>> store.count_quads()
2
>>> store.remove_article(g)
True
>>> store.count_quads()
0
"""

from __future__ import annotations

import shutil
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import IO, TYPE_CHECKING, Protocol, runtime_checkable

from pyoxigraph import (
    BlankNode,
    DefaultGraph,
    Literal,
    NamedNode,
    Quad,
    QueryBoolean,
    QuerySolutions,
    QueryTriples,
    RdfFormat,
    Store,
    Triple,
)

from graph.errors import StoreError, StoreNotFound
from graph.iris import RESOLUTION_GRAPH
from ontology.namespaces import DKG

if TYPE_CHECKING:
    from graph.sparqlstore import SparqlStore

__all__ = [
    "DEFAULT_STORE",
    "ArticleWrite",
    "GraphStore",
    "OxigraphStore",
    "Quad",
    "last_writes",
    "open_store",
]

DEFAULT_STORE = "dkg-store"

CONTENT_HASH = NamedNode(str(DKG.contentHash))

#: (graph IRI, content hash, quads of that graph)
ArticleWrite = tuple[str, str, Sequence[Quad]]

_MARKER = ".dkg-store"

#: Quads written between two flushes of RocksDB's in-memory tables to disk. Without them the
#: embedded store's memory grows with the corpus, to about 2 GB by 5,000 articles (benchmarks/scale.py).
_FLUSH_QUADS = 250_000


@runtime_checkable
class GraphStore(Protocol):
    """What every store dkg writes to or reads from must do."""

    location: str

    def article_hash(self, graph_iri: str) -> str | None:
        """The content hash recorded with an article's graph, or None if absent."""
        ...

    def replace_articles(self, writes: Iterable[ArticleWrite]) -> None:
        """Replace each article's graph by the given quads, each article atomically.

        Writes take effect in order: when a batch names one graph twice, the later write wins
        (:func:`last_writes`).
        """
        ...

    def remove_article(self, graph_iri: str) -> bool:
        """Drop an article's graph; True if there was one."""
        ...

    def drop_article_hash(self, graph_iri: str) -> bool:
        """Take a graph's content hash away, leaving the rest; True if it had one."""
        ...

    def query(
        self,
        sparql: str,
        *,
        base_iri: str | None = None,
        default_graphs: Sequence[str] | None = None,
        named_graphs: Sequence[str] | None = None,
        union_default_graph: bool = True,
    ) -> QuerySolutions | QueryBoolean | QueryTriples:
        """Run SPARQL over the union of all graphs, or over the dataset given."""
        ...

    def update(self, sparql: str, *, base_iri: str | None = None) -> None:
        """Run a SPARQL Update as one transaction."""
        ...

    def graph_quads(self, graph_iri: str | None) -> Iterator[Quad]:
        """The quads of one named graph, or of the default graph for None."""
        ...

    def has_graph(self, graph_iri: str) -> bool:
        """Whether the store holds a named graph with this IRI."""
        ...

    def put_graph(self, graph_iri: str | None, triples: Iterable[Triple], *, replace: bool) -> None:
        """Replace a graph's content by the triples (``replace``), or add them to it, atomically."""
        ...

    def drop_graph(self, graph_iri: str | None) -> bool:
        """Drop a named graph (clear the default graph for None); True if there was one."""
        ...

    def quads(self) -> Iterator[Quad]:
        """Every quad in the store."""
        ...

    def count_quads(self) -> int:
        """How many quads the store holds."""
        ...

    def close(self) -> None:
        """Flush and release the store."""
        ...


class OxigraphStore:
    """The embedded, persistent default store (pyoxigraph, RocksDB on disk).

    Open with :meth:`open` (a folder, created when ``create`` is true) or
    :meth:`in_memory` for tests and notebooks.
    """

    def __init__(self, store: Store, location: str, *, read_only: bool = False) -> None:
        self._store = store
        self.location = location
        self.read_only = read_only
        self._unflushed = 0

    # ------------------------------------------------------------ opening
    @classmethod
    def in_memory(cls) -> OxigraphStore:
        """A store that lives only as long as the Python object."""
        return cls(Store(), ":memory:")

    @classmethod
    def open(cls, path: str | Path, *, create: bool = True, read_only: bool = False) -> OxigraphStore:
        """Open the store in folder ``path``.

        :param create: make the folder when it does not exist (ingest does;
            query does not, so a typo in ``--store`` is an error, not a new empty store).
        :param read_only: open without taking the write lock, so a reader can
            run beside a writer (``dkg query`` while ``dkg serve`` runs).
        :raises StoreNotFound: no store there and ``create`` is false.
        :raises StoreError: the folder is not a store or is locked by another process.
        """
        folder = Path(path)
        marker = folder / _MARKER
        if not folder.exists() or not any(folder.iterdir()):
            if not create:
                raise StoreNotFound(
                    f"No dkg store at {folder}; run 'dkg ingest PATH --store {folder}' first, "
                    "or point --store at an existing store."
                )
            folder.mkdir(parents=True, exist_ok=True)
            marker.write_text("dkg store (pyoxigraph)\n", encoding="utf-8")
        elif not marker.exists():
            raise StoreError(
                f"{folder} exists but is not a dkg store (no {_MARKER} file); choose another --store folder."
            )
        try:
            store = Store.read_only(str(folder)) if read_only else Store(str(folder))
        except OSError as exc:
            if "lock" in str(exc).lower():
                raise StoreError(
                    f"The store at {folder} is in use by another dkg process (it holds the write lock); "
                    "wait for it to finish, or query it read-only."
                ) from exc
            raise StoreError(f"Could not open the store at {folder}: {exc}") from exc
        return cls(store, str(folder), read_only=read_only)

    # ------------------------------------------------------------ articles
    def article_hash(self, graph_iri: str) -> str | None:
        g = NamedNode(graph_iri)
        for quad in self._store.quads_for_pattern(g, CONTENT_HASH, None, g):
            obj = quad.object
            return obj.value if isinstance(obj, Literal) else None
        return None

    def replace_articles(self, writes: Iterable[ArticleWrite]) -> None:
        """Write a batch of articles.

        Old graphs of the batch are dropped first, then all new quads go in with
        one atomic ``extend``: after a crash an article is either whole (with its
        hash) or missing (without it), never half written. A graph named twice
        gets only its later write (:func:`last_writes`).
        """
        batch: list[Quad] = []
        for graph_iri, content_hash, quads in last_writes(writes):
            g = NamedNode(graph_iri)
            if self._store.contains_named_graph(g):
                self._store.remove_graph(g)
            batch.extend(quads)
            batch.append(Quad(g, CONTENT_HASH, Literal(content_hash), g))
        if batch:
            try:
                self._store.extend(batch)
                self._unflushed += len(batch)
                if self._unflushed >= _FLUSH_QUADS:  # keeps memory flat however many articles come
                    self._store.flush()
                    self._unflushed = 0
            except OSError as exc:
                raise StoreError(f"Could not write to the store at {self.location}: {exc}") from exc

    def remove_article(self, graph_iri: str) -> bool:
        g = NamedNode(graph_iri)
        if not self._store.contains_named_graph(g):
            return False
        self._store.remove_graph(g)
        return True

    def drop_article_hash(self, graph_iri: str) -> bool:
        """Take a graph's content hash away and leave the rest: it now reads as stale.

        A graph without its hash is what an interrupted write leaves, so whatever keeps that graph
        up to date writes it again (``graph.api`` marks the resolution graph so before articles
        change); meanwhile readers still see its old content. True if there was a hash.

        >>> store = OxigraphStore.in_memory()
        >>> g = NamedNode("https://w3id.org/dkg/id/graph/resolution")
        >>> label = Quad(g, NamedNode("http://www.w3.org/2000/01/rdf-schema#label"), Literal("x"), g)
        >>> store.replace_articles([(g.value, "resolution:1", [label])])
        >>> store.drop_article_hash(g.value), store.article_hash(g.value), store.count_quads()
        (True, None, 1)

        :raises StoreError: the store is open read-only.
        """
        self._writable()
        g = NamedNode(graph_iri)
        found = list(self._store.quads_for_pattern(g, CONTENT_HASH, None, g))
        for quad in found:
            self._store.remove(quad)
        return bool(found)

    def article_graphs(self) -> list[str]:
        """IRIs of every article graph in the store (not the derived resolution graph)."""
        return sorted(
            g.value
            for g in self._store.named_graphs()
            if isinstance(g, NamedNode) and g.value != RESOLUTION_GRAPH
        )

    # ------------------------------------------------------------ reading
    def query(
        self,
        sparql: str,
        *,
        base_iri: str | None = None,
        default_graphs: Sequence[str] | None = None,
        named_graphs: Sequence[str] | None = None,
        union_default_graph: bool = True,
    ) -> QuerySolutions | QueryBoolean | QueryTriples:
        """Run a SPARQL query over the union of all article graphs.

        >>> OxigraphStore.in_memory().query("ASK { ?s ?p ?o }")
        <QueryBoolean false>

        :param base_iri: resolves relative IRIs in the query (none: they are a syntax error).
        :param default_graphs: a protocol dataset (``default-graph-uri``): these graphs, merged,
            are the default graph. When this or ``named_graphs`` is given, the other one
            defaults to no graph, and FROM / FROM NAMED in the query are overridden.
        :param named_graphs: a protocol dataset (``named-graph-uri``): the graphs GRAPH reaches.
        :param union_default_graph: false keeps the store's own default graph, so that a
            query's FROM / FROM NAMED clauses take effect (the union would override them).
        :raises SyntaxError: the query does not parse (the message says where).
        :raises ValueError: a graph IRI is not a valid IRI.
        """
        if default_graphs is not None or named_graphs is not None:
            return self._store.query(
                sparql,
                base_iri=base_iri,
                default_graph=[NamedNode(g) for g in default_graphs or ()],
                named_graphs=[NamedNode(g) for g in named_graphs or ()],
            )
        return self._store.query(sparql, base_iri=base_iri, use_default_graph_as_union=union_default_graph)

    # ------------------------------------------------------------ graphs and updates
    def update(self, sparql: str, *, base_iri: str | None = None) -> None:
        """Run a SPARQL Update: all of it is written, or nothing.

        >>> store = OxigraphStore.in_memory()
        >>> store.update("INSERT DATA { GRAPH <http://example.org/g> { <http://example.org/s> <p> 1 } }",
        ...              base_iri="http://example.org/")
        >>> [str(q.predicate) for q in store.graph_quads("http://example.org/g")]
        ['<http://example.org/p>']

        :raises SyntaxError: the update does not parse (the message says where).
        :raises StoreError: the store is open read-only, or could not be written.
        """
        self._writable()
        try:
            self._store.update(sparql, base_iri=base_iri)
        except OSError as exc:
            raise StoreError(f"Could not write to the store at {self.location}: {exc}") from exc

    def graph_quads(self, graph_iri: str | None) -> Iterator[Quad]:
        """The quads of the named graph ``graph_iri``, or of the default graph for None."""
        g = DefaultGraph() if graph_iri is None else NamedNode(graph_iri)
        return iter(self._store.quads_for_pattern(None, None, None, g))

    def has_graph(self, graph_iri: str) -> bool:
        """Whether the store holds a named graph ``graph_iri`` (possibly empty)."""
        return self._store.contains_named_graph(NamedNode(graph_iri))

    def put_graph(self, graph_iri: str | None, triples: Iterable[Triple], *, replace: bool) -> None:
        """Write triples into a named graph (the default graph for None), atomically.

        ``replace`` drops the graph's old content in the same transaction (one SPARQL
        Update), so a reader sees the old graph or the new one, never half of either;
        otherwise the triples are added to what the graph holds. Either way the graph
        exists afterwards, even when no triple was given.

        >>> store = OxigraphStore.in_memory()
        >>> t = Triple(NamedNode("http://example.org/s"), NamedNode("http://example.org/p"), Literal("o"))
        >>> store.put_graph("http://example.org/g", [t], replace=False)
        >>> store.put_graph("http://example.org/g", [], replace=True)
        >>> store.has_graph("http://example.org/g"), store.count_quads()
        (True, 0)

        :raises StoreError: the store is open read-only, or could not be written.
        """
        self._writable()
        g = DefaultGraph() if graph_iri is None else NamedNode(graph_iri)
        try:
            if replace:
                body = " .\n".join(
                    f"{_sparql_term(t.subject)} {_sparql_term(t.predicate)} {_sparql_term(t.object)}"
                    for t in triples
                )
                if graph_iri is None:
                    self._store.update(f"CLEAR SILENT DEFAULT ;\nINSERT DATA {{\n{body}\n}}")
                else:
                    name = _sparql_term(NamedNode(graph_iri))
                    self._store.update(
                        f"DROP SILENT GRAPH {name} ;\nCREATE SILENT GRAPH {name} ;\n"
                        f"INSERT DATA {{ GRAPH {name} {{\n{body}\n}} }}"
                    )
            else:
                self._store.extend(Quad(t.subject, t.predicate, t.object, g) for t in triples)
                if isinstance(g, NamedNode) and not self._store.contains_named_graph(g):
                    self._store.add_graph(g)
        except OSError as exc:
            raise StoreError(f"Could not write to the store at {self.location}: {exc}") from exc

    def drop_graph(self, graph_iri: str | None) -> bool:
        """Drop the named graph ``graph_iri`` (True if there was one); None clears the default graph.

        :raises StoreError: the store is open read-only, or could not be written.
        """
        self._writable()
        if graph_iri is None:
            self._store.remove_graph(DefaultGraph())
            return True
        g = NamedNode(graph_iri)
        if not self._store.contains_named_graph(g):
            return False
        self._store.remove_graph(g)
        return True

    def _writable(self) -> None:
        if self.read_only:
            raise StoreError(
                f"The store at {self.location} is open read-only; open it without read_only to write."
            )

    def quads(self) -> Iterator[Quad]:
        return iter(self._store.quads_for_pattern(None, None, None, None))

    def count_quads(self) -> int:
        return len(self._store)

    def dump(self, output: IO[bytes] | str, fmt: RdfFormat) -> None:
        """Serialize the store; triple-only formats get the union of all graphs."""
        if fmt in (RdfFormat.N_QUADS, RdfFormat.TRIG):
            self._store.dump(output, fmt)
            return
        union = Store()
        union.extend(Quad(q.subject, q.predicate, q.object, DefaultGraph()) for q in self.quads())
        union.dump(output, fmt, from_graph=DefaultGraph(), prefixes=_prefixes())

    def close(self) -> None:
        if not self.read_only:
            try:
                self._store.flush()
            except OSError:  # pragma: no cover - in-memory stores have nothing to flush
                pass
        del self._store

    def __enter__(self) -> OxigraphStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"OxigraphStore({self.location!r})"


def _sparql_term(term: NamedNode | BlankNode | Literal | Triple) -> str:
    """A term in SPARQL (and N-Triples) syntax; triple terms as ``<<( s p o )>>``."""
    if isinstance(term, Triple):
        return (
            f"<<( {_sparql_term(term.subject)} {_sparql_term(term.predicate)} {_sparql_term(term.object)} )>>"
        )
    return str(term)


def _prefixes() -> dict[str, str]:
    from ontology import namespaces as ns

    return {
        "dkg": str(ns.DKG._NS),
        "sem": str(ns.SEM._NS),
        "evt": str(ns.EVT._NS),
        "skos": str(ns.SKOS._NS),
        "prov": str(ns.PROV._NS),
        "dcterms": str(ns.DCTERMS._NS),
        "schema": str(ns.SDO._NS),
        "geo": str(ns.GEO._NS),
        "xsd": str(ns.XSD._NS),
        "rdfs": str(ns.RDFS._NS),
    }


def last_writes(writes: Iterable[ArticleWrite]) -> list[ArticleWrite]:
    """A batch of writes with only the last write of each graph, in the order they take effect.

    An input may hold one article twice (a feed entry and its update); written in one batch,
    the later write replaces the earlier one, as it would in two batches.

    >>> [(g, h) for g, h, _ in last_writes([("a", "1", []), ("b", "2", []), ("a", "3", [])])]
    [('b', '2'), ('a', '3')]
    """
    latest: dict[str, ArticleWrite] = {}
    for write in writes:
        latest.pop(write[0], None)  # re-inserted last: it takes effect after the graphs before it
        latest[write[0]] = write
    return list(latest.values())


def open_store(
    location: str | Path | None = None,
    *,
    create: bool = False,
    read_only: bool = False,
    update_endpoint: str | None = None,
) -> OxigraphStore | SparqlStore:
    """Open the store a command was pointed at (``--store``), the default when None.

    A folder is the embedded store; an ``http(s)://`` URL is a SPARQL 1.1 server's query endpoint
    (:class:`graph.sparqlstore.SparqlStore`), written through ``update_endpoint`` when the server
    takes updates elsewhere. Credentials come from the environment (``DKG_SPARQL_USER``,
    ``DKG_SPARQL_PASSWORD`` or ``DKG_SPARQL_TOKEN``), never from the URL.

    :raises StoreError: ``update_endpoint`` given for a folder, or a malformed URL.
    """
    from graph.sparqlstore import SparqlStore, is_url

    if is_url(location):
        return SparqlStore(str(location), update_endpoint=update_endpoint, read_only=read_only)
    if update_endpoint:
        raise StoreError(
            "--update-endpoint applies to a SPARQL server (--store http(s)://HOST/PATH), "
            f"not to the store folder {location or DEFAULT_STORE}."
        )
    return OxigraphStore.open(location or DEFAULT_STORE, create=create, read_only=read_only)


def delete_store(path: str | Path) -> None:
    """Delete a store folder (only if it is a dkg store)."""
    folder = Path(path)
    if not (folder / _MARKER).exists():
        raise StoreError(f"{folder} is not a dkg store; refusing to delete it.")
    shutil.rmtree(folder)
