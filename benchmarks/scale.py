"""Ingestion at scale: documents per second and peak memory with 1 and N Dask workers, embedded and Virtuoso.

The corpus: --docs articles made from the bundled examples (and, with --voa PATH, the VOA
stories too), written to a temporary JSON Lines file. The first copy of each base article is the
article itself; every further copy gets its own id (``BASE~N``), a publication date moved by up
to two years (the years in its text move with it), and other people: each person dkg finds in the
base article (extracted once, with spaCy) gets an invented name in each copy, every mention of
them replaced (the full name by the full name, a surname alone by the surname). A copy whose text
repeats an earlier copy's is drawn again, so the copies differ; the script prints how many texts
are distinct.

Then it runs ``dkg ingest`` on the corpus in a fresh process and a fresh store, once per --workers
value, sampling the memory of the whole process tree (driver and workers) every 0.2 s, into:

- the embedded store (always);
- with --virtuoso, a throwaway Virtuoso (Debian's ``virtuoso-opensource``; ``benchmarks/virtuoso.py``)
  started on 127.0.0.1 on free ports with a fresh database for each run; its memory is reported too;
- with --store-url URL, an existing SPARQL server, which must hold no dkg graph: the graphs the
  benchmark writes are dropped after each run (credentials from DKG_SPARQL_USER/DKG_SPARQL_PASSWORD).

It prints documents/s, CPU seconds per document, peak memory of the tree and of the driver, the
scaling ratio of each worker count against one process on the same store (target: 2 workers >= 1.6x
on 2 cores), and whether every run left the same graph, quad for quad (a count and an
order-independent hash of the N-Quads lines of every quad; target: identical for 1 and 2 workers
and for the embedded store and Virtuoso). With --compare-docs M, the peak memory of the --docs run
against an M-document run (1 worker, embedded; target <= 1.5x); with --doc-chars C, the peak memory
while extracting one document of C characters; with --resolve, the time of one ``dkg resolve`` over
the first store of each kind, and the graphs compared again after it.

    python benchmarks/scale.py --docs 10000 --workers 1,2 --compare-docs 1000 --virtuoso --resolve
    python benchmarks/scale.py --docs 1000 --workers 1,2 --voa ../shared/corpora/voa/stories.jsonl --json
    python benchmarks/scale.py --docs 0 --doc-chars 1000000
    python benchmarks/scale.py --quick --virtuoso        # 120 articles: checks every path in a few minutes

Resolution is left out of the ingest timings (``--no-resolve``). Only 127.0.0.1 is contacted, unless
--store-url names another server.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import random
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from dataclasses import asdict, dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # first: benchmarks/ingest.py must not shadow the ingest package

VOA = ROOT.parent / "shared" / "corpora" / "voa" / "stories.jsonl"
#: Buffer pool of the benchmark's Virtuoso: 8 KB pages, about 1.3 GB (Virtuoso's advice for 2 GB free).
VIRTUOSO_BUFFERS = 170_000

_FIRST = (
    "Lena Ivo Marta Tomas Ana Karim Sofia Pavel Nadia Jonas Elif Rui Amara Kenji Ines Dmitri Lucia Omar "
    "Freya Tariq Mireille Goran Aiko Bruno Zainab Henrik Priya Mateo Olga Kwame Leila Anders Chidi Noor "
    "Viktor Hana Esteban Yusuf Greta Malik"
).split()
_LAST = (
    "Holm Brandt Kovac Ruiz Tazi Lindqvist Moreau Osei Varga Nakamura Haddad Novak Silva Petrov Mensah "
    "Castillo Berg Rahimi Okafor Jensen Duarte Ilic Sato Farouk Keller Wojcik Amado Larsen Bakr Ferreira "
    "Quiroga Sandoval Adeyemi Lund Halvorsen Demir Tanaka Marsh Olsen Vidal"
).split()
_YEAR = re.compile(r"\b(19[5-9]\d|20[0-3]\d)\b")
_DEFAULT_PUBLISHED = date(2023, 6, 1)


# ============================================================================ corpus


@dataclass
class Base:
    """A base article and how it names each person (from dkg's own extraction)."""

    article: dict[str, Any]
    #: per person, every form of their name: the display name, the aliases, each mention as written
    persons: list[list[str]] = field(default_factory=list)


def base_articles(voa: Path | None, model: str | None) -> list[Base]:
    """The examples (every file dkg reads there) and, when given, the VOA stories, with their persons."""
    from ingest.pipeline import DEFAULT_MODEL, extract, load_pipeline
    from ingest.sources import read_documents

    paths: list[Path] = [ROOT / "examples"]
    if voa is not None:
        if not voa.exists():
            raise SystemExit(
                f"No VOA stories at {voa}: pass --voa with the path of stories.jsonl, or leave it out."
            )
        paths.append(voa)
    docs = list(read_documents(paths, on_error=lambda err: None))
    out = []
    for record in extract(iter(docs), nlp=load_pipeline(model or DEFAULT_MODEL)):
        doc = record.document
        persons = [
            sorted({actor.name, *actor.aliases, *(doc.text[m.start : m.end] for m in actor.mentions)})
            for actor in record.actors
            if actor.kind == "person"
        ]
        article = {
            "id": doc.id,
            "title": doc.title,
            "published": (doc.published or _DEFAULT_PUBLISHED).isoformat(),
            "text": doc.text,
        }
        out.append(Base(article, persons))
    return out


def new_names(persons: list[list[str]], rng: random.Random) -> dict[str, str]:
    """An invented person for each person: what each form of their name becomes.

    A form of several words becomes the new full name; the first word of the fullest form, alone,
    the new first name; any other single word (a surname, "Al-Sharafi") the new surname.
    """
    out: dict[str, str] = {}
    for forms in persons:
        first, last = rng.choice(_FIRST), rng.choice(_LAST)
        words = max(forms, key=len).split()
        if len(words) > 1:
            out[words[-1]] = out[words[-1][:1].upper() + words[-1][1:]] = last
            if len(words[0]) > 2:
                out[words[0]] = first
        for form in forms:
            if len(form.split()) > 1:
                out[form] = f"{first} {last}"
            elif form not in out:
                out[form] = last
    return out


def replace_names(text: str, names: dict[str, str]) -> str:
    """Every whole-word occurrence of a name form replaced, longest forms first."""
    if not names:
        return text
    pattern = "|".join(re.escape(form) for form in sorted(names, key=len, reverse=True))
    return re.sub(rf"(?<!\w)(?:{pattern})(?!\w)", lambda m: names[m.group(0)], text)


def vary(base: Base, round_: int, rng: random.Random) -> dict[str, Any]:
    """Copy ROUND_ of a base article: its own id, a moved date (and years), other people."""
    article = base.article
    if round_ == 0:
        return {**article, "id": f"{article['id']}~0"}
    published = date.fromisoformat(article["published"])
    moved = published + timedelta(days=rng.randint(-730, 730))
    years = moved.year - published.year

    def shift(text: str) -> str:
        return _YEAR.sub(lambda m: str(int(m.group(1)) + years), text) if years else text

    names = new_names(base.persons, rng)
    return {
        "id": f"{article['id']}~{round_}",
        "title": shift(replace_names(article["title"] or "", names)) or None,
        "published": moved.isoformat(),
        "text": shift(replace_names(article["text"], names)),
    }


def corpus(n: int, bases: list[Base], seed: int = 11) -> Iterator[dict[str, Any]]:
    """N varied copies of the base articles, round robin; the same N and seed give the same corpus.

    A copy whose text equals an earlier copy's is drawn again (up to 20 times), so copies differ
    in text wherever the base article has a person or a year to change.
    """
    rng = random.Random(seed)
    seen: set[bytes] = set()
    for i in range(n):
        base = bases[i % len(bases)]
        for _ in range(20):
            article = vary(base, i // len(bases), rng)
            key = hashlib.blake2b(article["text"].encode(), digest_size=12).digest()
            if key not in seen:
                break
        seen.add(key)
        yield article


def write_corpus(path: Path, n: int, bases: list[Base]) -> dict[str, int]:
    """Write N articles to PATH (JSON Lines); returns articles, words and distinct texts."""
    words = 0
    texts: set[bytes] = set()
    with path.open("w", encoding="utf-8") as out:
        for article in corpus(n, bases):
            words += len(article["text"].split())
            texts.add(hashlib.blake2b(article["text"].encode(), digest_size=12).digest())
            out.write(json.dumps(article, ensure_ascii=False) + "\n")
    return {"docs": n, "words": words, "distinct_texts": len(texts)}


# ============================================================================ stores


def graph_digest(location: str, *, update_endpoint: str | None = None) -> tuple[int, str]:
    """(quads, hash) of a store: an order-independent hash of the N-Quads line of every quad.

    Two stores holding the same quads give the same pair, whatever their order or engine.
    """
    from graph.store import open_store

    total = count = 0
    store = open_store(location, create=False, read_only=True, update_endpoint=update_endpoint)
    try:
        for quad in store.quads():
            line = str(quad).encode("utf-8")
            total += int.from_bytes(hashlib.blake2b(line, digest_size=16).digest(), "big")
            count += 1
    finally:
        store.close()
    return count, f"{total % 2**128:032x}"


def check_empty(url: str, update_endpoint: str | None) -> None:
    from graph.sparqlstore import SparqlStore

    with SparqlStore(url, update_endpoint=update_endpoint) as st:
        n = st.count_quads()
    if n:
        raise SystemExit(
            f"{url} already holds {n:,} dkg quads; the benchmark needs a server (or dataset) without "
            "dkg graphs, because it drops what it wrote after each run. Point --store-url at an empty one."
        )


def clear_server(url: str, update_endpoint: str | None, chunk: int = 200) -> None:
    """Drop every dkg graph on the server (what one benchmark run wrote)."""
    from graph.iris import RESOLUTION_GRAPH
    from graph.sparqlstore import SparqlStore

    with SparqlStore(url, update_endpoint=update_endpoint) as st:
        graphs = [*st.article_graphs(), RESOLUTION_GRAPH]
        for i in range(0, len(graphs), chunk):
            st.update(" ;\n".join(f"DROP SILENT GRAPH <{g}>" for g in graphs[i : i + chunk]))


# ============================================================================ measuring


@dataclass
class Run:
    """One ``dkg ingest`` run."""

    store: str
    docs: int
    workers: int
    seconds: float
    docs_per_s: float
    cpu_s_per_doc: float
    peak_tree_mb: float
    peak_driver_mb: float
    peak_server_mb: float
    processes: int
    written: int
    triples: int
    quads: int = 0
    digest: str = ""


class _Sampler(threading.Thread):
    """Peak resident memory of a process and all its descendants, sampled every INTERVAL seconds."""

    def __init__(self, pid: int, interval: float = 0.2) -> None:
        super().__init__(daemon=True)
        self.pid, self.interval = pid, interval
        self.peak_tree = self.peak_driver = 0
        self.processes = 1
        self.stop = threading.Event()

    def run(self) -> None:
        import psutil

        try:
            root = psutil.Process(self.pid)
        except psutil.NoSuchProcess:
            return
        while not self.stop.is_set():
            try:
                procs = [root, *root.children(recursive=True)]
                rss = []
                for p in procs:
                    try:
                        rss.append(p.memory_info().rss)
                    except psutil.NoSuchProcess:
                        pass
                self.peak_driver = max(self.peak_driver, rss[0] if rss else 0)
                self.peak_tree = max(self.peak_tree, sum(rss))
                self.processes = max(self.processes, len(procs))
            except psutil.NoSuchProcess:
                return
            self.stop.wait(self.interval)

    def finish(self) -> None:
        self.stop.set()
        self.join()


def ingest(
    path: Path,
    docs: int,
    workers: int,
    target: str,
    *,
    kind: str,
    model: str | None,
    extra: tuple[str, ...] = (),
    server_pid: int | None = None,
) -> Run:
    """Run ``dkg ingest`` into TARGET (a folder or a URL) in a fresh process and measure it.

    :param server_pid: a store server on this machine, whose peak memory is sampled too.
    """
    cmd = [sys.executable, "-m", "graph.cli", "ingest", str(path), "--store", target, "--json"]
    cmd += ["--no-resolve", "--workers", str(workers), *extra] + (["--model", model] if model else [])
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    server = _Sampler(server_pid) if server_pid else None
    if server:
        server.start()
    started = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    sampler = _Sampler(proc.pid)
    sampler.start()
    out, err = proc.communicate()
    seconds = time.perf_counter() - started
    sampler.finish()
    if server:
        server.finish()
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if proc.returncode != 0:
        raise SystemExit(f"dkg ingest failed ({proc.returncode}):\n{err.decode(errors='replace')[-3000:]}")
    report = json.loads(out)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return Run(
        store=kind,
        docs=docs,
        workers=workers,
        seconds=round(seconds, 1),
        docs_per_s=round(docs / seconds, 2),
        cpu_s_per_doc=round(cpu / max(docs, 1), 4),
        peak_tree_mb=round(sampler.peak_tree / 2**20, 1),
        peak_driver_mb=round(sampler.peak_driver / 2**20, 1),
        peak_server_mb=round(server.peak_tree / 2**20, 1) if server else 0.0,
        processes=sampler.processes,
        written=report["written"],
        triples=report["triples"],
    )


def big_document(path: Path, chars: int, bases: list[Base]) -> None:
    """One article of CHARS characters, the base stories one after another."""
    parts: list[str] = []
    total = 0
    i = 0
    while total < chars:
        text = bases[i % len(bases)].article["text"]
        parts.append(text)
        total += len(text) + 2
        i += 1
    text = "\n\n".join(parts)[:chars]
    path.write_text(json.dumps({"id": f"big-{chars}", "published": "2024-01-01", "text": text}) + "\n")


def resolve_time(target: str, extra: tuple[str, ...] = ()) -> float:
    """Seconds of one ``dkg resolve`` over TARGET (a folder or a URL)."""
    started = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-m", "graph.cli", "resolve", "--store", target, *extra],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    if done.returncode != 0:
        raise SystemExit(f"dkg resolve --store {target} failed:\n{done.stderr[-3000:]}")
    return round(time.perf_counter() - started, 1)


def ingest_one(path: Path, store: Path, flags: list[str], *, model: str | None) -> dict[str, Any]:
    """Peak memory and time of ingesting a one-article file."""
    if store.exists():
        shutil.rmtree(store)
    cmd = [sys.executable, "-m", "graph.cli", "ingest", str(path), "--store", str(store), "--json"]
    cmd += ["--no-resolve", *flags] + (["--model", model] if model else [])
    started = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    sampler = _Sampler(proc.pid, interval=0.05)
    sampler.start()
    out, err = proc.communicate()
    sampler.finish()
    if proc.returncode != 0:
        raise SystemExit(f"dkg ingest failed ({proc.returncode}):\n{err.decode(errors='replace')[-3000:]}")
    report = json.loads(out)
    return {
        "seconds": round(time.perf_counter() - started, 1),
        "peak_mb": round(sampler.peak_tree / 2**20, 1),
        "written": report["written"],
        "triples": report["triples"],
    }


# ============================================================================ the runs


@dataclass
class Plan:
    """What to run, from the command line."""

    path: Path
    docs: int
    workers: list[int]
    work: Path
    model: str | None
    virtuoso: bool
    virtuoso_buffers: int
    store_url: str | None
    update_endpoint: str | None
    resolve: bool
    compare: bool
    log: Any


def run_embedded(plan: Plan, results: dict[str, Any]) -> None:
    for i, w in enumerate(plan.workers):
        store = plan.work / f"store-{plan.docs}-w{w}"
        if store.exists():
            shutil.rmtree(store)
        run = ingest(plan.path, plan.docs, w, str(store), kind="embedded", model=plan.model)
        _finish(plan, results, run, str(store), (), first=i == 0)


def run_virtuoso(plan: Plan, results: dict[str, Any]) -> None:
    from benchmarks.virtuoso import start_virtuoso

    for i, w in enumerate(plan.workers):
        folder = plan.work / f"virtuoso-{plan.docs}-w{w}"
        shutil.rmtree(folder, ignore_errors=True)
        folder.mkdir(parents=True)
        with start_virtuoso(
            folder, buffers=plan.virtuoso_buffers, max_rows=1_000_000, max_seconds=3600
        ) as server:
            run = ingest(
                plan.path,
                plan.docs,
                w,
                server.sparql,
                kind="virtuoso",
                model=plan.model,
                server_pid=server.pid,
            )
            _finish(plan, results, run, server.sparql, (), first=i == 0)
        shutil.rmtree(folder, ignore_errors=True)


def run_server(plan: Plan, results: dict[str, Any]) -> None:
    assert plan.store_url is not None
    extra = ("--update-endpoint", plan.update_endpoint) if plan.update_endpoint else ()
    for i, w in enumerate(plan.workers):
        try:
            run = ingest(
                plan.path, plan.docs, w, plan.store_url, kind="server", model=plan.model, extra=extra
            )
            _finish(plan, results, run, plan.store_url, extra, first=i == 0)
        finally:
            clear_server(plan.store_url, plan.update_endpoint)


def _finish(
    plan: Plan, results: dict[str, Any], run: Run, target: str, extra: tuple[str, ...], *, first: bool
) -> None:
    """Digest the store a run left (untimed); on the first run of a store, time a resolution too."""
    update = extra[1] if extra else None
    if plan.compare:
        run.quads, run.digest = graph_digest(target, update_endpoint=update)
    results["runs"].append(asdict(run))
    plan.log(f"  {run.store}, {run.workers} worker(s): {run}")
    if plan.resolve and first:
        seconds = resolve_time(target, extra)
        entry: dict[str, Any] = {"store": run.store, "workers": run.workers, "seconds": seconds}
        if plan.compare:
            entry["quads"], entry["digest"] = graph_digest(target, update_endpoint=update)
        results["resolve"].append(entry)
        plan.log(f"  dkg resolve over {run.store}: {entry}")


def scaling(runs: list[dict[str, Any]]) -> dict[str, dict[str, float]]:
    """docs/s of each worker count against one worker, per store."""
    out: dict[str, dict[str, float]] = {}
    for store in dict.fromkeys(r["store"] for r in runs):
        mine = [r for r in runs if r["store"] == store]
        base = next((r for r in mine if r["workers"] == 1), None)
        if base:
            out[store] = {str(r["workers"]): round(r["docs_per_s"] / base["docs_per_s"], 2) for r in mine}
    return out


def identity(entries: list[dict[str, Any]]) -> dict[str, Any]:
    """Whether every entry (a run or a resolution) left the same graph."""
    digests = {(e["quads"], e["digest"]) for e in entries if e.get("digest")}
    return {
        "identical": len(digests) == 1,
        "compared": [f"{e['store']} w{e['workers']}" for e in entries if e.get("digest")],
        "graphs": sorted(f"{q} quads, {d[:16]}" for q, d in digests),
    }


# ============================================================================ main


def _args() -> argparse.Namespace:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--docs", type=int, default=None, help="articles in the corpus (default 10000)")
    ap.add_argument("--workers", default="1,2", help="comma-separated worker counts (default 1,2)")
    ap.add_argument(
        "--compare-docs", type=int, default=None, metavar="M", help="also run M articles (1 worker)"
    )
    ap.add_argument(
        "--doc-chars", type=int, default=0, metavar="C", help="also ingest one C-character article"
    )
    ap.add_argument("--voa", type=Path, default=None, help=f"add the VOA stories to the bases (e.g. {VOA})")
    ap.add_argument("--virtuoso", action="store_true", help="also ingest into a throwaway Virtuoso per run")
    ap.add_argument(
        "--virtuoso-buffers", type=int, default=VIRTUOSO_BUFFERS, help="its NumberOfBuffers (8 KB pages)"
    )
    ap.add_argument(
        "--store-url", default=None, help="also ingest into this SPARQL server (no dkg graphs on it)"
    )
    ap.add_argument("--update-endpoint", default=None, help="where --store-url takes updates, when elsewhere")
    ap.add_argument(
        "--no-compare", action="store_true", help="do not check that every run left the same graph"
    )
    ap.add_argument("--model", default=None)
    ap.add_argument(
        "--resolve", action="store_true", help="time 'dkg resolve' over the first store of each kind"
    )
    ap.add_argument(
        "--quick", action="store_true", help="a small run checking every path: 120 and 60 articles"
    )
    ap.add_argument("--keep", type=Path, default=None, help="keep the corpus and stores in this folder")
    ap.add_argument("--json", action="store_true", help="print the results as JSON")
    args = ap.parse_args()
    if args.docs is None:
        args.docs = 120 if args.quick else 10_000
    if args.compare_docs is None:
        args.compare_docs = 60 if args.quick else 0
    return args


def main() -> int:
    args = _args()
    workers = [int(w) for w in args.workers.split(",") if w.strip()]
    if args.store_url and args.docs:
        check_empty(args.store_url, args.update_endpoint)
    log = (lambda *a: None) if args.json else (lambda *a: print(*a, file=sys.stderr, flush=True))
    started = time.perf_counter()
    fingerprint = _fingerprint(args.model)
    bases = base_articles(args.voa, args.model)
    log(f"{len(bases)} base articles read and extracted in {time.perf_counter() - started:.1f} s")
    work = Path(args.keep) if args.keep else Path(tempfile.mkdtemp(prefix="dkg-scale-"))
    work.mkdir(parents=True, exist_ok=True)
    results: dict[str, Any] = {"bases": len(bases), "runs": [], "resolve": []}
    try:
        if args.docs:
            path = work / f"corpus-{args.docs}.jsonl"
            stats = write_corpus(path, args.docs, bases)
            results.update(stats, words_per_doc=round(stats["words"] / args.docs))
            log(f"corpus: {stats} from {len(bases)} base articles -> {path}")
            plan = Plan(
                path=path,
                docs=args.docs,
                workers=workers,
                work=work,
                model=args.model,
                virtuoso=args.virtuoso,
                virtuoso_buffers=args.virtuoso_buffers,
                store_url=args.store_url,
                update_endpoint=args.update_endpoint,
                resolve=args.resolve,
                compare=not args.no_compare,
                log=log,
            )
            run_embedded(plan, results)
            if args.virtuoso:
                run_virtuoso(plan, results)
            if args.store_url:
                run_server(plan, results)
            results["scaling"] = scaling(results["runs"])
            if plan.compare:
                results["same_graph"] = identity(results["runs"])
                if len(results["resolve"]) > 1:
                    results["same_graph_resolved"] = identity(results["resolve"])
        if args.compare_docs:
            small = work / f"corpus-{args.compare_docs}.jsonl"
            write_corpus(small, args.compare_docs, bases)
            store = work / f"store-{args.compare_docs}-w1"
            shutil.rmtree(store, ignore_errors=True)
            run = ingest(small, args.compare_docs, 1, str(store), kind="embedded", model=args.model)
            results["compare"] = asdict(run)
            log(f"  {args.compare_docs} articles, 1 worker: {run}")
            big = next((r for r in results["runs"] if r["workers"] == 1 and r["store"] == "embedded"), None)
            if big:
                results["memory_ratio"] = round(big["peak_tree_mb"] / run.peak_tree_mb, 2)
        if args.doc_chars:
            one = work / f"big-{args.doc_chars}.jsonl"
            big_document(one, args.doc_chars, bases)
            flags = ["--max-chars", str(max(args.doc_chars, 1_000_000))]
            single = ingest_one(one, work / "store-big", flags, model=args.model)
            results["big_document"] = {"chars": args.doc_chars, **single}
            log(f"  one article of {args.doc_chars} characters: {single}")
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)
    if _fingerprint(args.model) != fingerprint:
        results["warning"] = (
            "dkg's code, lexicons or model changed during the benchmark, so the runs may differ for that "
            "reason alone: run it again on a checkout nobody edits."
        )
    if args.json:
        print(json.dumps(results, indent=2))
    else:
        _print_table(results)
    same = [results[k]["identical"] for k in ("same_graph", "same_graph_resolved") if k in results]
    return 0 if all(same) else 1


def _fingerprint(model: str | None) -> str:
    """dkg's extraction fingerprint (version, model, lexicons) and a digest of its source files."""
    from ingest.pipeline import DEFAULT_MODEL, extraction_fingerprint

    h = hashlib.sha256(extraction_fingerprint(model or DEFAULT_MODEL).encode())
    for path in sorted((*ROOT.glob("ingest/**/*.py"), *ROOT.glob("graph/**/*.py"), *ROOT.glob("ontology/*"))):
        if path.is_file():
            h.update(path.read_bytes())
    return h.hexdigest()


def _print_table(results: dict[str, Any]) -> None:
    runs = results.get("runs", [])
    if runs:
        print(
            f"\n{results['docs']:,} articles ({results['words_per_doc']} words each on average, "
            f"{results['distinct_texts']:,} distinct texts, from {results['bases']} base articles)\n"
        )
        head = ("store", "workers", "seconds", "docs/s", "CPU s/doc", "peak MB", "driver MB", "server MB")
        print("| " + " | ".join(head) + " | scaling | quads |")
        print("| --- " + "| ---: " * (len(head) + 1) + "|")
        for r in runs:
            scale = results.get("scaling", {}).get(r["store"], {}).get(str(r["workers"]), "")
            row = [r["store"], r["workers"], r["seconds"], r["docs_per_s"], r["cpu_s_per_doc"]]
            row += [r["peak_tree_mb"], r["peak_driver_mb"], r["peak_server_mb"] or "", scale]
            row.append(f"{r['quads']:,}" if r["digest"] else "")
            print("| " + " | ".join(str(v) for v in row) + " |")
    for key, label in (("same_graph", "after ingest"), ("same_graph_resolved", "after dkg resolve")):
        if key in results:
            same = results[key]
            verdict = "IDENTICAL" if same["identical"] else "DIFFERENT"
            where = ", ".join(same["compared"])
            print(f"\nGraphs {label}: {verdict} across {where} ({'; '.join(same['graphs'])})")
    for r in results.get("resolve", []):
        print(f"dkg resolve over {r['store']} ({r['workers']} worker run): {r['seconds']} s")
    if "compare" in results:
        c = results["compare"]
        ratio = results.get("memory_ratio")
        print(f"{c['docs']:,} articles, 1 worker, embedded: peak {c['peak_tree_mb']} MB; peak ratio {ratio}")
    if "big_document" in results:
        b = results["big_document"]
        print(f"one article of {b['chars']:,} characters: peak {b['peak_mb']} MB, {b['seconds']} s")
    if "warning" in results:
        print(f"\nWARNING: {results['warning']}")


if __name__ == "__main__":
    sys.exit(main())
