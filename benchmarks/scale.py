"""Ingestion at scale: documents per second and peak memory with 1 and N Dask workers.

Builds a corpus of --docs articles from the bundled examples and the public-domain VOA stories
(../shared/corpora/voa/stories.jsonl when present): each copy gets its own id, a shifted
publication date and years, and other people's names (two-word capitalized names swapped for
invented ones), written to a temporary JSON Lines file. Then runs ``dkg ingest`` on it, in a
fresh process and a fresh store, once per --workers value, sampling the memory of the whole
process tree (driver and workers) every 0.2 s, and prints:

- documents/s, CPU seconds per document, peak memory of the tree and of the driver;
- the scaling ratio of each worker count against one process (target: 2 workers >= 1.6x on 2 cores);
- with --compare-docs M, peak memory of the --docs run against an M-document run (target <= 1.5x);
- with --doc-chars C, peak memory while extracting one document of C characters.

    python benchmarks/scale.py --docs 10000 --workers 1,2 --compare-docs 1000
    python benchmarks/scale.py --docs 1000 --workers 1,2 --json
    python benchmarks/scale.py --docs 0 --doc-chars 1000000

Resolution is left out of the timings (``--no-resolve``); --resolve times one ``dkg resolve``
over the largest store afterwards.
"""

from __future__ import annotations

import argparse
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
from dataclasses import asdict, dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
VOA = ROOT.parent / "shared" / "corpora" / "voa" / "stories.jsonl"

_FIRST = (
    "Lena Ivo Marta Tomas Ana Karim Sofia Pavel Nadia Jonas Elif Rui Amara Kenji Ines Dmitri Lucia Omar "
    "Freya Tariq Mireille Goran Aiko Bruno Zainab Henrik Priya Mateo Olga Kwame"
).split()
_LAST = (
    "Holm Brandt Kovac Ruiz Tazi Lindqvist Moreau Osei Varga Nakamura Haddad Novak Silva Petrov Mensah "
    "Castillo Berg Rahimi Okafor Jensen Duarte Ilic Sato Farouk Keller Wojcik Amado Larsen Bakr Ferreira"
).split()
_NAME = re.compile(r"\b([A-Z][a-z]{2,}) ([A-Z][a-z]{2,})\b")
_YEAR = re.compile(r"\b(19[5-9]\d|20[0-3]\d)\b")
_KEEP = {"United", "New", "South", "North", "Saudi", "Prime", "Foreign", "White", "Security", "European"}


# ============================================================================ corpus


def base_articles(voa: Path | None) -> list[dict[str, Any]]:
    """The examples (every file dkg reads there) and the VOA stories, as JSON-ready dicts."""
    sys.path.insert(0, str(ROOT))
    from ingest.sources import read_documents

    out = []
    paths: list[Path] = [ROOT / "examples"]
    if voa is not None and voa.exists():
        paths.append(voa)
    for doc in read_documents(paths, on_error=lambda err: None):
        out.append(
            {
                "id": doc.id,
                "title": doc.title,
                "published": (doc.published or date(2023, 6, 1)).isoformat(),
                "text": doc.text,
            }
        )
    return out


def _vary(text: str, rng: random.Random, names: dict[str, str], shift_years: int) -> str:
    def name(m: re.Match[str]) -> str:
        if m.group(1) in _KEEP:
            return m.group(0)
        key = m.group(0)
        if key not in names:
            names[key] = f"{rng.choice(_FIRST)} {rng.choice(_LAST)}"
        return names[key]

    text = _NAME.sub(name, text)
    return _YEAR.sub(lambda m: str(int(m.group(1)) + shift_years), text)


def corpus(n: int, bases: list[dict[str, Any]], seed: int = 11) -> Iterator[dict[str, Any]]:
    """N varied copies of the base articles, round robin; the same N and seed give the same corpus."""
    rng = random.Random(seed)
    for i in range(n):
        base = bases[i % len(bases)]
        round_ = i // len(bases)
        if round_ == 0:
            yield {**base, "id": f"{base['id']}~0"}
            continue
        shift = rng.randint(-3, 3)
        names: dict[str, str] = {}
        published = date.fromisoformat(base["published"]) + timedelta(days=rng.randint(-400, 400))
        yield {
            "id": f"{base['id']}~{round_}",
            "title": _vary(base["title"] or "", rng, names, shift) or None,
            "published": published.isoformat(),
            "text": _vary(base["text"], rng, names, shift),
        }


def write_corpus(path: Path, n: int, bases: list[dict[str, Any]]) -> tuple[int, int]:
    """Write N articles to PATH (JSON Lines); returns (articles, words)."""
    words = 0
    with path.open("w", encoding="utf-8") as out:
        for article in corpus(n, bases):
            words += len(article["text"].split())
            out.write(json.dumps(article, ensure_ascii=False) + "\n")
    return n, words


# ============================================================================ measuring


@dataclass
class Run:
    """One ``dkg ingest`` run."""

    docs: int
    workers: int
    seconds: float
    docs_per_s: float
    cpu_s_per_doc: float
    peak_tree_mb: float
    peak_driver_mb: float
    processes: int
    written: int
    triples: int


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


def ingest(path: Path, docs: int, workers: int, store: Path, *, model: str | None) -> Run:
    """Run ``dkg ingest`` in a fresh process and measure it."""
    if store.exists():
        shutil.rmtree(store)
    cmd = [sys.executable, "-m", "graph.cli", "ingest", str(path), "--store", str(store), "--json"]
    cmd += ["--no-resolve", "--workers", str(workers)] + (["--model", model] if model else [])
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    sampler = _Sampler(proc.pid)
    sampler.start()
    out, err = proc.communicate()
    seconds = time.perf_counter() - started
    sampler.stop.set()
    sampler.join()
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if proc.returncode != 0:
        raise SystemExit(f"dkg ingest failed ({proc.returncode}):\n{err.decode(errors='replace')[-3000:]}")
    report = json.loads(out)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return Run(
        docs=docs,
        workers=workers,
        seconds=round(seconds, 1),
        docs_per_s=round(docs / seconds, 2),
        cpu_s_per_doc=round(cpu / max(docs, 1), 4),
        peak_tree_mb=round(sampler.peak_tree / 2**20, 1),
        peak_driver_mb=round(sampler.peak_driver / 2**20, 1),
        processes=sampler.processes,
        written=report["written"],
        triples=report["triples"],
    )


def big_document(path: Path, chars: int, bases: list[dict[str, Any]]) -> None:
    """One article of CHARS characters, the base stories one after another."""
    parts: list[str] = []
    total = 0
    i = 0
    while total < chars:
        text = bases[i % len(bases)]["text"]
        parts.append(text)
        total += len(text) + 2
        i += 1
    text = "\n\n".join(parts)[:chars]
    path.write_text(json.dumps({"id": f"big-{chars}", "published": "2024-01-01", "text": text}) + "\n")


def resolve_time(store: Path) -> float:
    started = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "graph.cli", "resolve", "--store", str(store)],
        cwd=ROOT,
        check=True,
        capture_output=True,
    )
    return round(time.perf_counter() - started, 1)


# ============================================================================ main


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--docs", type=int, default=10_000, help="articles in the corpus (default 10000)")
    ap.add_argument("--workers", default="1,2", help="comma-separated worker counts (default 1,2)")
    ap.add_argument("--compare-docs", type=int, default=0, metavar="M", help="also run M articles (1 worker)")
    ap.add_argument(
        "--doc-chars", type=int, default=0, metavar="C", help="also ingest one C-character article"
    )
    ap.add_argument("--voa", type=Path, default=VOA, help="the VOA stories (JSON Lines)")
    ap.add_argument("--model", default=None)
    ap.add_argument("--resolve", action="store_true", help="time 'dkg resolve' over the largest store")
    ap.add_argument("--keep", type=Path, default=None, help="keep the corpus and stores in this folder")
    ap.add_argument("--json", action="store_true", help="print the results as JSON")
    args = ap.parse_args()

    workers = [int(w) for w in args.workers.split(",") if w.strip()]
    bases = base_articles(args.voa)
    work = Path(args.keep) if args.keep else Path(tempfile.mkdtemp(prefix="dkg-scale-"))
    work.mkdir(parents=True, exist_ok=True)
    results: dict[str, Any] = {"bases": len(bases), "runs": []}
    log = (lambda *a: None) if args.json else (lambda *a: print(*a, file=sys.stderr, flush=True))
    try:
        if args.docs:
            path = work / f"corpus-{args.docs}.jsonl"
            _, words = write_corpus(path, args.docs, bases)
            results.update(docs=args.docs, words=words, words_per_doc=round(words / args.docs))
            log(f"corpus: {args.docs} articles, {words} words, from {len(bases)} base articles -> {path}")
            for w in workers:
                run = ingest(path, args.docs, w, work / f"store-{args.docs}-w{w}", model=args.model)
                results["runs"].append(asdict(run))
                log(f"  {w} worker(s): {run}")
            base = next((r for r in results["runs"] if r["workers"] == 1), None)
            if base:
                results["scaling"] = {
                    str(r["workers"]): round(r["docs_per_s"] / base["docs_per_s"], 2) for r in results["runs"]
                }
        if args.compare_docs:
            small = work / f"corpus-{args.compare_docs}.jsonl"
            write_corpus(small, args.compare_docs, bases)
            run = ingest(
                small, args.compare_docs, 1, work / f"store-{args.compare_docs}-w1", model=args.model
            )
            results["compare"] = asdict(run)
            log(f"  {args.compare_docs} articles, 1 worker: {run}")
            big = next((r for r in results["runs"] if r["workers"] == 1), None)
            if big:
                results["memory_ratio"] = round(big["peak_tree_mb"] / run.peak_tree_mb, 2)
        if args.doc_chars:
            one = work / f"big-{args.doc_chars}.jsonl"
            big_document(one, args.doc_chars, bases)
            flags = ["--max-chars", str(max(args.doc_chars, 1_000_000))]
            single = ingest_one(one, work / "store-big", flags, model=args.model)
            results["big_document"] = {"chars": args.doc_chars, **single}
            log(f"  one article of {args.doc_chars} characters: {single}")
        if args.resolve and args.docs:
            store = work / f"store-{args.docs}-w{workers[0]}"
            results["resolve_seconds"] = resolve_time(store)
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)
    if args.json:
        print(json.dumps(results, indent=2))
    else:
        _print_table(results)
    return 0


def ingest_one(path: Path, store: Path, flags: list[str], *, model: str | None) -> dict[str, Any]:
    """Peak memory and time of ingesting a one-article file."""
    if store.exists():
        shutil.rmtree(store)
    cmd = [
        sys.executable,
        "-m",
        "graph.cli",
        "ingest",
        str(path),
        "--store",
        str(store),
        "--json",
        "--no-resolve",
    ]
    cmd += flags + (["--model", model] if model else [])
    started = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    sampler = _Sampler(proc.pid, interval=0.05)
    sampler.start()
    out, err = proc.communicate()
    sampler.stop.set()
    sampler.join()
    if proc.returncode != 0:
        raise SystemExit(f"dkg ingest failed ({proc.returncode}):\n{err.decode(errors='replace')[-3000:]}")
    report = json.loads(out)
    return {
        "seconds": round(time.perf_counter() - started, 1),
        "peak_mb": round(sampler.peak_tree / 2**20, 1),
        "written": report["written"],
        "triples": report["triples"],
    }


def _print_table(results: dict[str, Any]) -> None:
    runs = results.get("runs", [])
    if runs:
        print(f"{results['docs']} articles ({results['words_per_doc']} words each on average)")
        head = ("workers", "seconds", "docs/s", "CPU s/doc", "peak MB", "driver MB", "scaling")
        print(" ".join(f"{h:>9}" for h in head))
        for r in runs:
            scale = results.get("scaling", {}).get(str(r["workers"]), "")
            row = (r["workers"], r["seconds"], r["docs_per_s"], r["cpu_s_per_doc"], r["peak_tree_mb"])
            print(" ".join(f"{v:>9}" for v in (*row, r["peak_driver_mb"], scale)))
    if "compare" in results:
        c = results["compare"]
        ratio = results.get("memory_ratio")
        print(f"{c['docs']} articles, 1 worker: peak {c['peak_tree_mb']} MB; peak ratio {ratio}")
    if "big_document" in results:
        b = results["big_document"]
        print(f"one article of {b['chars']} characters: peak {b['peak_mb']} MB, {b['seconds']} s")
    if "resolve_seconds" in results:
        print(f"dkg resolve over the largest store: {results['resolve_seconds']} s")


if __name__ == "__main__":
    sys.exit(main())
