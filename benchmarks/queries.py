"""Query latency at scale: every query of queries/*.rq at 100k and 1M triples, embedded and Virtuoso.

The store is built as ``benchmarks/endpoint.py`` builds its own: the corpus (the public-domain VOA
stories, ../shared/corpora/voa/stories.jsonl, or the examples when they are absent; --corpus to
choose) is read by the real extraction pipeline once, and its records are written again under new
ids until the embedded store holds each --triples size in turn (the same store grows from one size
to the next), then resolved (``KnowledgeGraph.resolve``, timed). At each size the script reports,
for every query (the six competency queries and the analyst ones), the median and p90 latency over
--runs runs after one warm-up run:

- embedded: through the store API in this process (``graph.queries.run_query`` over
  ``OxigraphStore``, every row read, as ``dkg query`` does);
- with --serve: over HTTP through ``dkg serve`` (JSON answers, one keep-alive connection);
- with --virtuoso: through ``graph.sparqlstore.SparqlStore`` against a throwaway Virtuoso (Debian's
  ``virtuoso-opensource``, ``benchmarks/virtuoso.py``) on 127.0.0.1, loaded from the embedded store
  graph by graph with SPARQL updates (``SparqlStore.replace_articles``, --batch articles a call,
  requests of up to --request-mb MB; requests of 0.5 to 8 MB loaded at about the same rate here):
  the load rate (quads/s) is reported, the quad counts (and, unless --no-compare,
  an order-independent hash of every quad) are compared, and so is each query's answer (rows
  sorted, GROUP_CONCAT values as sets).

    python benchmarks/queries.py --triples 100000,1000000 --virtuoso --serve
    python benchmarks/queries.py --quick --virtuoso --serve   # examples/, 10,000 and 20,000 triples, 5 runs
    python benchmarks/queries.py --triples 100000 --json

A query stops repeating once its runs took --budget seconds (after at least 5 runs); the tables
say how many runs each figure rests on. Only 127.0.0.1 is contacted.
"""

from __future__ import annotations

import argparse
import functools
import json
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # first: benchmarks/ingest.py must not shadow the ingest package

from benchmarks.endpoint import (  # noqa: E402
    extract_records,
    fill_store,
    latency,
    percentile,
    start_server,
    stop_server,
)
from benchmarks.scale import VIRTUOSO_BUFFERS, graph_digest  # noqa: E402
from benchmarks.virtuoso import group_concat_vars  # noqa: E402

if TYPE_CHECKING:
    from graph.sparqlstore import SparqlStore
    from graph.store import ArticleWrite, GraphStore, OxigraphStore

VOA = ROOT.parent / "shared" / "corpora" / "voa" / "stories.jsonl"
COMPETENCY = ("persons", "roles", "organizations", "countries", "places", "events")


# ============================================================================ answers


def answer_key(terms: list[dict[str, Any]], sparql: str) -> list[tuple[tuple[str, Any], ...]]:
    """An answer in a form two stores agree on: sorted rows, GROUP_CONCAT values as sorted tuples."""
    concat = group_concat_vars(sparql)
    rows = []
    for row in terms:
        out: dict[str, Any] = {k: str(v) for k, v in row.items() if k not in concat}
        for var, sep in concat.items():
            t = row.get(var)
            out[var] = tuple(sorted(x for x in (t.value if t is not None else "").split(sep) if x))
        rows.append(tuple(sorted(out.items())))
    return sorted(rows)


# ============================================================================ timing


def timed(run: Callable[[], Any], runs: int, budget: float) -> tuple[Any, dict[str, float | int]]:
    """One warm-up call (its result returned), then RUNS timed calls (fewer once BUDGET seconds pass)."""
    result = run()
    times: list[float] = []
    while len(times) < runs and not (len(times) >= 5 and sum(times) > budget * 1000):
        started = time.perf_counter()
        run()
        times.append((time.perf_counter() - started) * 1000)
    return result, {
        "runs": len(times),
        "median": round(statistics.median(times), 2),
        "p90": round(percentile(times, 90), 2),
    }


def store_latency(
    store: GraphStore, queries: dict[str, str], runs: int, budget: float
) -> dict[str, dict[str, Any]]:
    """Latency of each query through the store API, every row read; with each answer's key."""
    from graph.queries import run_query

    out: dict[str, dict[str, Any]] = {}
    for name, sparql in queries.items():
        result, figures = timed(functools.partial(run_query, store, sparql), runs, budget)
        out[name] = {"rows": len(result.terms), **figures, "key": answer_key(result.terms, sparql)}
    return out


# ============================================================================ loading Virtuoso


def copy_graphs(
    local: OxigraphStore, remote: SparqlStore, graphs: list[str], *, batch: int = 200
) -> tuple[int, float]:
    """Write these graphs of the embedded store to the server, ``batch`` graphs per
    ``replace_articles`` call; returns (quads written, seconds spent writing)."""
    from pyoxigraph import NamedNode

    from graph.store import CONTENT_HASH

    quads = 0
    seconds = 0.0
    writes: list[ArticleWrite] = []

    def flush() -> None:
        nonlocal seconds, writes
        started = time.perf_counter()
        remote.replace_articles(writes)
        seconds += time.perf_counter() - started
        writes = []

    for g in graphs:
        content_hash = local.article_hash(g)
        if content_hash is None:
            raise SystemExit(f"Graph {g} of the embedded store has no content hash: rebuild the store.")
        node = NamedNode(g)
        body = [q for q in local.graph_quads(g) if not (q.predicate == CONTENT_HASH and q.subject == node)]
        writes.append((g, content_hash, body))
        quads += len(body) + 1
        if len(writes) >= batch:
            flush()
    if writes:
        flush()
    return quads, seconds


# ============================================================================ one size


@dataclass
class Size:
    """Everything measured at one size."""

    target: int
    triples: int = 0
    articles: int = 0
    build_seconds: float = 0.0
    resolve_seconds: float = 0.0
    load: dict[str, Any] = field(default_factory=dict)
    embedded: dict[str, dict[str, Any]] = field(default_factory=dict)
    serve: dict[str, dict[str, Any]] = field(default_factory=dict)
    virtuoso: dict[str, dict[str, Any]] = field(default_factory=dict)


class Bench:
    """The growing embedded store, the Virtuoso it is copied to, and the measurements."""

    def __init__(self, args: argparse.Namespace, work: Path, log: Callable[..., None]) -> None:
        self.args, self.work, self.log = args, work, log
        self.folder = work / "store"
        self.queries = {p.stem: p.read_text(encoding="utf-8") for p in sorted(args.queries.glob("*.rq"))}
        if not self.queries:
            raise SystemExit(f"No .rq file in {args.queries}: pass --queries with the folder of queries.")
        self.records = extract_records(args.corpus)
        self.round = 0
        self.copied: set[str] = set()
        self.virtuoso: Any = None

    def grow(self, size: Size) -> None:
        from graph.api import KnowledgeGraph

        with KnowledgeGraph.open(self.folder, create=True) as kg:
            started = time.perf_counter()
            self.round = fill_store(kg, self.records, size.target, round_=self.round)
            size.build_seconds = round(time.perf_counter() - started, 1)
            started = time.perf_counter()
            kg.resolve()
            size.resolve_seconds = round(time.perf_counter() - started, 1)
            size.triples = kg.store.count_quads()
            size.articles = len(kg.store.article_graphs())  # type: ignore[attr-defined]
        self.log(
            f"{size.triples:,} triples in {size.articles:,} articles: built in {size.build_seconds} s, "
            f"resolved in {size.resolve_seconds} s"
        )

    def measure_embedded(self, size: Size) -> None:
        from graph.store import OxigraphStore

        with OxigraphStore.open(self.folder, create=False, read_only=True) as st:
            size.embedded = store_latency(st, self.queries, self.args.runs, self.args.budget)
        self.log(f"  embedded: {_summary(size.embedded)}")

    def measure_serve(self, size: Size) -> None:
        proc, url = start_server(self.folder)
        try:
            found = latency(url, self.queries, self.args.runs, budget=self.args.budget)
        finally:
            stop_server(proc)
        size.serve = {
            name: {"rows": v["rows"], "runs": v["runs"], "median": v["median"], "p90": v["p90"]}
            for name, v in found.items()
        }
        self.log(f"  dkg serve: {_summary(size.serve)}")

    def load_virtuoso(self, size: Size) -> None:
        from graph.iris import RESOLUTION_GRAPH
        from graph.sparqlstore import SparqlStore
        from graph.store import OxigraphStore

        url = self.virtuoso.sparql
        request = int(self.args.request_mb * 1_000_000)
        with (
            OxigraphStore.open(self.folder, create=False, read_only=True) as local,
            SparqlStore(url, max_request_bytes=request, timeout=600) as remote,
        ):
            new = [g for g in local.article_graphs() if g not in self.copied]
            quads, seconds = copy_graphs(local, remote, new, batch=self.args.batch)
            r_quads, r_seconds = copy_graphs(local, remote, [RESOLUTION_GRAPH])
            self.copied.update(new)
            size.load = {
                "articles": len(new),
                "quads": quads,
                "seconds": round(seconds, 1),
                "quads_per_s": round(quads / seconds) if seconds else 0,
                "resolution_quads": r_quads,
                "resolution_seconds": round(r_seconds, 1),
                "server_quads": remote.count_quads(),
                "local_quads": local.count_quads(),
            }
        if not self.args.no_compare:
            size.load["same_quads"] = graph_digest(url) == graph_digest(str(self.folder))
        self.log(f"  Virtuoso load: {size.load}")

    def measure_virtuoso(self, size: Size) -> None:
        from graph.sparqlstore import SparqlStore

        with SparqlStore(self.virtuoso.sparql, read_only=True, timeout=3600) as st:
            size.virtuoso = store_latency(st, self.queries, self.args.runs, self.args.budget)
        for name, v in size.virtuoso.items():
            v["same_answer"] = v["key"] == size.embedded[name]["key"]
        self.log(f"  Virtuoso: {_summary(size.virtuoso)}")


def _summary(found: dict[str, dict[str, Any]]) -> str:
    return ", ".join(f"{n} {v['median']:.1f} ms" for n, v in found.items())


# ============================================================================ main


def _args() -> argparse.Namespace:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--triples", default=None, help="comma-separated store sizes (default 100000,1000000)")
    ap.add_argument(
        "--corpus",
        type=Path,
        action="append",
        default=None,
        help="what to extract and copy (repeatable; default the VOA stories, else examples/)",
    )
    ap.add_argument("--queries", type=Path, default=ROOT / "queries", help="folder of .rq files to time")
    ap.add_argument("--runs", type=int, default=None, help="timed runs per query and store (default 20)")
    ap.add_argument("--budget", type=float, default=60.0, help="seconds per query and store before stopping")
    ap.add_argument("--serve", action="store_true", help="also time the queries through 'dkg serve'")
    ap.add_argument("--virtuoso", action="store_true", help="also load a throwaway Virtuoso and time it")
    ap.add_argument(
        "--virtuoso-buffers", type=int, default=VIRTUOSO_BUFFERS, help="its NumberOfBuffers (8 KB pages)"
    )
    ap.add_argument(
        "--request-mb",
        type=float,
        default=4.0,
        help="largest update request (default 4, dkg's; Virtuoso: < 10)",
    )
    ap.add_argument("--batch", type=int, default=200, help="articles per replace_articles call when loading")
    ap.add_argument("--no-compare", action="store_true", help="skip the quad-for-quad comparison")
    ap.add_argument(
        "--quick",
        action="store_true",
        help="examples/ at 10,000 and 20,000 triples, 5 runs: checks every path",
    )
    ap.add_argument(
        "--keep", type=Path, default=None, help="build the embedded store in this folder and keep it"
    )
    ap.add_argument("--json", action="store_true", help="print the results as JSON")
    args = ap.parse_args()
    args.triples = args.triples or ("10000,20000" if args.quick else "100000,1000000")
    args.runs = args.runs or (5 if args.quick else 20)
    args.corpus = args.corpus or [VOA if VOA.exists() and not args.quick else ROOT / "examples"]
    return args


def main() -> int:
    args = _args()
    sizes = [Size(int(t)) for t in sorted(int(x) for x in args.triples.split(",") if x.strip())]
    log = (lambda *a: None) if args.json else (lambda *a: print(*a, file=sys.stderr, flush=True))
    work = args.keep or Path(tempfile.mkdtemp(prefix="dkg-queries-"))
    work.mkdir(parents=True, exist_ok=True)
    if (work / "store").exists():
        raise SystemExit(f"{work / 'store'} exists: pass an empty --keep folder (the store grows there).")
    running = None
    try:
        bench = Bench(args, work, log)
        if args.virtuoso:
            from benchmarks.virtuoso import start_virtuoso

            (work / "virtuoso").mkdir()
            running = start_virtuoso(
                work / "virtuoso", buffers=args.virtuoso_buffers, max_rows=10_000_000, max_seconds=3600
            )
            bench.virtuoso = running.server
        for size in sizes:
            bench.grow(size)
            bench.measure_embedded(size)
            if args.serve:
                bench.measure_serve(size)
            if args.virtuoso:
                bench.load_virtuoso(size)
                bench.measure_virtuoso(size)
    finally:
        if running is not None:
            running.stop()
        if args.keep is None:
            shutil.rmtree(work, ignore_errors=True)
        else:
            shutil.rmtree(work / "virtuoso", ignore_errors=True)
    results = [_public(s) for s in sizes]
    if args.json:
        print(json.dumps({"corpus": [str(c) for c in args.corpus], "sizes": results}, indent=2))
    else:
        for s in results:
            _print_size(s, args)
    ok = all(v.get("same_answer", True) for s in results for v in s["virtuoso"].values()) and all(
        s["load"].get("same_quads", True) for s in results
    )
    return 0 if ok else 1


def _public(size: Size) -> dict[str, Any]:
    """A size's figures without the answer keys."""
    out = dict(size.__dict__)
    for kind in ("embedded", "virtuoso"):
        out[kind] = {n: {k: v for k, v in f.items() if k != "key"} for n, f in getattr(size, kind).items()}
    return out


def _print_size(s: dict[str, Any], args: argparse.Namespace) -> None:
    today = date.today().isoformat()
    print(
        f"\n### {s['triples']:,} triples ({s['articles']:,} articles; built in {s['build_seconds']} s, "
        f"resolved in {s['resolve_seconds']} s; {today})\n"
    )
    if s["load"]:
        ld = s["load"]
        same = {True: "yes", False: "NO"}.get(ld.get("same_quads"), "not compared")
        print(
            f"Virtuoso load through SPARQL Update: {ld['quads']:,} quads of {ld['articles']:,} new articles "
            f"in {ld['seconds']} s ({ld['quads_per_s']:,} quads/s), resolution graph "
            f"{ld['resolution_quads']:,} quads in {ld['resolution_seconds']} s; "
            f"server {ld['server_quads']:,} quads, embedded {ld['local_quads']:,}; "
            f"identical quad for quad: {same}\n"
        )
    head = ["query", "rows", "embedded median ms", "p90"]
    if s["serve"]:
        head += ["dkg serve median ms", "p90"]
    if s["virtuoso"]:
        head += ["Virtuoso median ms", "p90", "same answer"]
    print("| " + " | ".join(head) + " |")
    print("| --- " + "| ---: " * (len(head) - 1) + "|")
    for name, e in s["embedded"].items():
        label = f"`{name}.rq`" + (" (competency)" if name in COMPETENCY else "")
        cells = [label, f"{e['rows']:,}", f"{e['median']:.1f}", f"{e['p90']:.1f}"]
        if s["serve"]:
            v = s["serve"][name]
            cells += [f"{v['median']:.1f}", f"{v['p90']:.1f}"]
        if s["virtuoso"]:
            v = s["virtuoso"][name]
            cells += [f"{v['median']:.1f}", f"{v['p90']:.1f}", "yes" if v["same_answer"] else "NO"]
        print("| " + " | ".join(cells) + " |")
    runs = sorted({v["runs"] for kind in ("embedded", "serve", "virtuoso") for v in s[kind].values()})
    print(f"\nRuns per figure: {', '.join(map(str, runs))} (--runs {args.runs}, --budget {args.budget:g} s).")


if __name__ == "__main__":
    sys.exit(main())
