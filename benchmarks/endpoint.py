"""SPARQL endpoint speed: competency-query latency over HTTP, then a bounded load test, against `dkg serve`.

Builds (or takes, with --store) a store of at least --triples triples, starts
`dkg serve` on it (read-only, 127.0.0.1, a free port), and reports for every
query in queries/*.rq the median and p95 latency over --runs requests (JSON
answers, one keep-alive connection, each answer read in full). Then --clients
clients query it at once for --duration seconds, cycling through the same
queries, and the script prints throughput, p50/p99 latency and errors (a
status other than 200, a connection failure, or an answer that differs from
the one measured alone). For comparison it also times each query run by
pyoxigraph in-process (no HTTP, no serialization): the floor the endpoint adds
to. Ends with rows to paste into docs/performance.md.

The store: the public-domain VOA stories (../shared/corpora/voa/stories.jsonl)
are read by the real extraction pipeline once (spaCy), and their records are
written again under new ids ("8011115-r1", "-r2", ...) until the store holds
--triples triples: real extraction output at any size, without re-running
spaCy for every copy; resolution runs once at the end. Actors and places keep
their IRIs across copies, as they would across articles; articles, events and
evidence are new each time. --keep DIR keeps the store for later runs (--store
DIR). ``benchmarks/queries.py`` builds its stores the same way.

    python benchmarks/endpoint.py [--triples 100000] [--runs 30] [--clients 20] [--duration 60]
    python benchmarks/endpoint.py --store /tmp/endpoint-store --duration 10

Only 127.0.0.1 is ever contacted.
"""

from __future__ import annotations

import argparse
import dataclasses
import hashlib
import http.client
import json
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urlencode, urlsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # first: benchmarks/ingest.py must not shadow the ingest package

if TYPE_CHECKING:
    from graph.api import KnowledgeGraph
    from ingest.records import ArticleRecord

COMPETENCY = ("persons", "roles", "organizations", "countries", "places", "events")


def extract_records(corpus: Path | list[Path]) -> list[ArticleRecord]:
    """Read the corpus (anything ``dkg ingest`` reads: JSON Lines, a folder) and extract it once (spaCy)."""
    from ingest.pipeline import extract, load_pipeline
    from ingest.sources import read_documents

    paths = corpus if isinstance(corpus, list) else [corpus]
    docs = list(read_documents(paths, on_error=lambda err: None))
    started = time.perf_counter()
    records = list(extract(iter(docs), nlp=load_pipeline()))
    print(f"extracted {len(records)} articles in {time.perf_counter() - started:.1f} s", file=sys.stderr)
    return records


def fill_store(kg: KnowledgeGraph, records: list[ArticleRecord], triples: int, *, round_: int = 0) -> int:
    """Write the records again and again under new ids ("ID-r0", "ID-r1", ...), 64 at a time, until the
    store holds ``triples``; no resolution (run ``kg.resolve()`` once afterwards). Returns the next round."""
    if not records:
        raise SystemExit("The corpus holds no article: nothing to copy.")
    while kg.store.count_quads() < triples:
        for i in range(0, len(records), 64):
            kg.add_records(
                (
                    dataclasses.replace(
                        r, document=dataclasses.replace(r.document, id=f"{r.document.id}-r{round_}")
                    )
                    for r in records[i : i + 64]
                ),
                resolve=False,
            )
            if kg.store.count_quads() >= triples:
                break
        round_ += 1
    return round_


def build_store(folder: Path, corpus: Path | list[Path], triples: int) -> int:
    """Fill ``folder`` with the corpus's records, copied under new ids until it holds ``triples``,
    resolved once at the end; returns the number of triples."""
    from graph.api import KnowledgeGraph

    records = extract_records(corpus)
    with KnowledgeGraph.open(folder, create=True) as kg:
        fill_store(kg, records, triples)
        kg.resolve()
        count = kg.store.count_quads()
        articles = len(kg.store.article_graphs()) if hasattr(kg.store, "article_graphs") else 0
    print(f"store: {count:,} triples in {articles} articles at {folder}", file=sys.stderr)
    return count


def start_server(store: Path) -> tuple[subprocess.Popen[str], str]:
    proc = subprocess.Popen(
        [sys.executable, "-m", "graph.cli", "serve", "--store", str(store), "--port", "0", "--quiet"],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert proc.stdout is not None
    url = proc.stdout.readline().strip()
    if not url.startswith("http://127.0.0.1:"):
        proc.kill()
        raise SystemExit(f"dkg serve did not start: {url}{proc.stderr.read() if proc.stderr else ''}")
    return proc, url


def stop_server(proc: subprocess.Popen[str]) -> None:
    """Stop a server from :func:`start_server`: terminate, then kill after 10 s."""
    proc.terminate()
    try:
        proc.wait(10)
    except subprocess.TimeoutExpired:
        proc.kill()


class Client:
    """One keep-alive connection to the endpoint."""

    def __init__(self, url: str) -> None:
        parts = urlsplit(url)
        assert parts.hostname == "127.0.0.1"
        self.path = parts.path
        self.conn = http.client.HTTPConnection("127.0.0.1", parts.port, timeout=120)

    def query(self, sparql: str) -> tuple[int, bytes, float]:
        body = urlencode({"query": sparql})
        started = time.perf_counter()
        try:
            self.conn.request(
                "POST",
                self.path,
                body=body,
                headers={
                    "Content-Type": "application/x-www-form-urlencoded",
                    "Accept": "application/sparql-results+json",
                },
            )
            resp = self.conn.getresponse()
            data = resp.read()
        except (OSError, http.client.HTTPException):
            self.conn.close()
            raise
        return resp.status, data, time.perf_counter() - started


def digest(body: bytes) -> str:
    """Order-insensitive: the endpoint writes one binding per line."""
    return hashlib.sha1(b"\n".join(sorted(body.split(b"\n")))).hexdigest()


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


def direct(store: Path, queries: dict[str, str], runs: int) -> dict[str, float]:
    """Median ms of each query run in this process by pyoxigraph itself (the floor for the endpoint)."""
    from graph.store import OxigraphStore

    out = {}
    with OxigraphStore.open(store, create=False, read_only=True) as st:
        for name, sparql in queries.items():
            times = []
            for _ in range(runs + 1):
                started = time.perf_counter()
                for _row in st.query(sparql):  # type: ignore[union-attr]
                    pass
                times.append((time.perf_counter() - started) * 1000)
            out[name] = statistics.median(times[1:])
    return out


def latency(
    url: str, queries: dict[str, str], runs: int, *, budget: float | None = None
) -> dict[str, dict[str, float | int | str]]:
    """Median, p90 and p95 ms of each query over HTTP, after one warm-up request.

    :param budget: stop repeating a query once its runs took this many seconds (after at least 5).
    """
    client = Client(url)
    out: dict[str, dict[str, float | int | str]] = {}
    for name, sparql in queries.items():
        status, body, _ = client.query(sparql)  # warm up (caches, first-touch of the data)
        if status != 200:
            raise SystemExit(f"{name}: status {status}: {body[:300]!r}")
        times: list[float] = []
        while len(times) < runs and not (budget and len(times) >= 5 and sum(times) > budget * 1000):
            status, body, seconds = client.query(sparql)
            if status != 200:
                raise SystemExit(f"{name}: status {status}: {body[:300]!r}")
            times.append(seconds * 1000)
        out[name] = {
            "rows": len(json.loads(body)["results"]["bindings"]),
            "runs": len(times),
            "median": statistics.median(times),
            "p90": percentile(times, 90),
            "p95": percentile(times, 95),
            "digest": digest(body),
        }
    return out


def load_test(
    url: str, queries: dict[str, str], expected: dict[str, str], clients: int, duration: float
) -> dict[str, float]:
    names = list(queries)
    latencies: list[float] = []
    errors: list[str] = []
    lock = threading.Lock()
    stop_at = time.perf_counter() + duration

    def worker(offset: int) -> None:
        client = Client(url)
        i = offset
        mine: list[float] = []
        while time.perf_counter() < stop_at:
            name = names[i % len(names)]
            i += 1
            try:
                status, body, seconds = client.query(queries[name])
            except (OSError, http.client.HTTPException) as exc:
                with lock:
                    errors.append(f"{name}: {exc!r}")
                client = Client(url)
                continue
            mine.append(seconds * 1000)
            if status != 200 or digest(body) != expected[name]:
                with lock:
                    errors.append(f"{name}: status {status}, {len(body)} bytes")
        with lock:
            latencies.extend(mine)

    threads = [threading.Thread(target=worker, args=(k,)) for k in range(clients)]
    started = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    elapsed = time.perf_counter() - started
    for e in errors[:10]:
        print("  error:", e, file=sys.stderr)
    return {
        "requests": len(latencies),
        "seconds": elapsed,
        "throughput": len(latencies) / elapsed,
        "p50": percentile(latencies, 50) if latencies else float("nan"),
        "p99": percentile(latencies, 99) if latencies else float("nan"),
        "errors": len(errors),
    }


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--store", type=Path, help="Use this existing store instead of building one.")
    ap.add_argument("--keep", type=Path, help="Build the store here and keep it (reuse with --store).")
    ap.add_argument("--triples", type=int, default=100_000, help="Least triples in the built store.")
    ap.add_argument(
        "--corpus", type=Path, default=ROOT.parent / "shared" / "corpora" / "voa" / "stories.jsonl"
    )
    ap.add_argument("--queries", type=Path, default=ROOT / "queries", help="Folder of .rq files to time.")
    ap.add_argument("--runs", type=int, default=30, help="Requests per query for the latency figures.")
    ap.add_argument("--clients", type=int, default=20, help="Concurrent clients in the load test.")
    ap.add_argument("--duration", type=float, default=60.0, help="Seconds the load test lasts (0: none).")
    args = ap.parse_args()

    tmp = None
    if args.store is not None:
        store = args.store
    else:
        if not args.corpus.exists():
            print(f"no corpus at {args.corpus}; pass --corpus or --store", file=sys.stderr)
            return 2
        if args.keep is not None:
            store = args.keep
        else:
            tmp = tempfile.TemporaryDirectory(prefix="dkg-endpoint-")
            store = Path(tmp.name) / "store"
        build_store(store, args.corpus, args.triples)

    from pyoxigraph import Store

    ro = Store.read_only(str(store))
    triples = len(ro)
    del ro

    queries = {p.stem: p.read_text(encoding="utf-8") for p in sorted(args.queries.glob("*.rq"))}
    floor = direct(store, queries, args.runs)
    proc, url = start_server(store)
    try:
        print(f"endpoint {url} over {triples:,} triples", file=sys.stderr)
        lat = latency(url, queries, args.runs)
        load = None
        if args.duration > 0:
            expected = {name: str(v["digest"]) for name, v in lat.items()}
            load = load_test(url, queries, expected, args.clients, args.duration)
            alive = proc.poll() is None and Client(url).query("ASK {}")[0] == 200
        else:
            alive = proc.poll() is None
    finally:
        stop_server(proc)
        if tmp is not None:
            tmp.cleanup()

    today = date.today().isoformat()
    print(
        f"\n### Query latency over HTTP ({triples:,} triples, {args.runs} runs each, JSON answers, {today})\n"
    )
    print("| query | rows | median ms | p95 ms | pyoxigraph alone, median ms |")
    print("| --- | ---: | ---: | ---: | ---: |")
    for name, v in lat.items():
        label = f"`{name}.rq`" + (" (competency)" if name in COMPETENCY else "")
        print(
            f"| {label} | {v['rows']:,} | {float(v['median']):.1f} | {float(v['p95']):.1f} "
            f"| {floor[name]:.1f} |"
        )
    worst = max(float(v["median"]) for n, v in lat.items() if n in COMPETENCY)
    print(f"\nSlowest competency query median: {worst:.1f} ms (target < 100 ms).")
    if load is not None:
        print(
            f"\n### Load test: {args.clients} clients for {args.duration:g} s against 127.0.0.1 ({today})\n"
        )
        print("| requests | throughput req/s | p50 ms | p99 ms | errors | server up after |")
        print("| ---: | ---: | ---: | ---: | ---: | --- |")
        print(
            f"| {load['requests']:,} | {load['throughput']:.1f} | {load['p50']:.1f} | {load['p99']:.1f} "
            f"| {load['errors']} | {'yes' if alive else 'NO'} |"
        )
    return 0 if alive and (load is None or load["errors"] == 0) else 1


if __name__ == "__main__":
    sys.exit(main())
