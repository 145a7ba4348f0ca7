"""Crash safety: ``dkg ingest`` killed with SIGKILL mid-run, then run again, gives the graph of one clean run.

The store writes each article in one transaction together with its content hash, so after a kill
an article is either whole or absent, and the next run skips exactly the committed ones.
"""

from __future__ import annotations

import io
import json
import os
import random
import signal
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

import pytest
from pyoxigraph import Literal, NamedNode, RdfFormat

from graph.api import KnowledgeGraph
from graph.iris import RESOLUTION_GRAPH
from graph.store import OxigraphStore
from ingest.records import Document
from ontology.namespaces import DKG

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[2]
ARTICLES = 300
CONTENT_HASH = NamedNode(str(DKG.contentHash))
SOURCE = NamedNode(str(DKG.source))

_FIRST = ["Lena", "Ivo", "Marta", "Tomas", "Ana", "Karim", "Sofia", "Pavel", "Nadia", "Jonas", "Elif", "Rui"]
_LAST = ["Holm", "Brandt", "Kovac", "Ruiz", "Tazi", "Lindqvist", "Moreau", "Osei", "Varga", "Nakamura"]
_TITLES = ["Foreign Minister", "Defense Minister", "Prime Minister", "President", "Trade Minister"]
_PLACES = [
    ("Norway", "Oslo"),
    ("Portugal", "Lisbon"),
    ("Kenya", "Nairobi"),
    ("Chile", "Santiago"),
    ("Poland", "Warsaw"),
    ("Japan", "Tokyo"),
    ("Egypt", "Cairo"),
    ("Canada", "Ottawa"),
]
_TOPICS = ["fisheries", "energy links", "border crossings", "grain exports", "prisoners", "water rights"]
_MONTHS = ["January", "February", "March", "April", "May", "June", "July", "September", "October"]


def _article(i: int, rng: random.Random) -> dict[str, str]:
    """One short invented news item; ids take several shapes (plain, URL-like, with odd characters)."""
    (c1, city), (c2, _) = rng.sample(_PLACES, 2)
    a, b = (f"{rng.choice(_FIRST)} {rng.choice(_LAST)}" for _ in range(2))
    t1, t2 = rng.sample(_TITLES, 2)
    month, day, year = rng.choice(_MONTHS), rng.randint(1, 28), rng.choice([2022, 2023, 2024])
    topic = rng.choice(_TOPICS)
    text = (
        f"{c1}'s {t1} {a} met {t2} {b} of {c2} in {city} on {month} {day}, {year}, for talks on {topic}. "
        f"The two sides agreed to meet again next month, a spokesperson for the {c1} government said. "
        f"{b.split()[1]} told reporters the talks were useful."
    )
    shapes = [f"crash-{i:04d}", f"https://news.example.org/{year}/{i}", f"wire #{i} <{c1}>", f"crash:{i}/ü"]
    doc_id = shapes[i % 4]
    return {"id": doc_id, "title": f"Talks in {city}", "published": f"{year}-12-01", "text": text}


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    rng = random.Random(7)
    path = tmp_path_factory.mktemp("crash") / "news.jsonl"
    path.write_text("".join(json.dumps(_article(i, rng)) + "\n" for i in range(ARTICLES)), encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def clean(corpus: Path, tmp_path_factory: pytest.TempPathFactory, nlp: object) -> Path:
    """The same corpus ingested once, without interruption."""
    folder = tmp_path_factory.mktemp("clean") / "store"
    with KnowledgeGraph.open(folder) as kg:
        report = kg.ingest([corpus])
    assert report.written == ARTICLES and not report.failed
    return folder


def _dump(folder: Path) -> list[str]:
    with OxigraphStore.open(folder, create=False, read_only=True) as store:
        buf = io.BytesIO()
        store.dump(buf, RdfFormat.N_QUADS)
    return sorted(buf.getvalue().decode("utf-8").splitlines())


def _graphs(folder: Path) -> dict[str, list[str]]:
    """Sorted quads of each graph."""
    out: dict[str, list[str]] = {}
    with OxigraphStore.open(folder, create=False, read_only=True) as store:
        for quad in store.quads():
            out.setdefault(str(quad.graph_name.value), []).append(str(quad))  # type: ignore[union-attr]
    return {g: sorted(q) for g, q in out.items()}


def _committed(folder: Path) -> int:
    """Articles the running writer has committed, read beside it (0 when the store cannot be read yet)."""
    try:
        with OxigraphStore.open(folder, create=False, read_only=True) as store:
            return len(store.article_graphs())
    except Exception:  # the writer is creating the store, or RocksDB files move under us
        return 0


def _ingest_cmd(corpus: Path, store: Path, workers: int) -> list[str]:
    return [sys.executable, "-m", "graph.cli", "ingest", str(corpus), "--store", str(store), "--json",
            "--workers", str(workers)]  # fmt: skip


def _descendants(pid: int) -> list[int]:
    import psutil

    try:
        return [p.pid for p in psutil.Process(pid).children(recursive=True)]
    except psutil.NoSuchProcess:
        return []


def _alive(pid: int) -> bool:
    import psutil

    try:
        return psutil.Process(pid).status() != psutil.STATUS_ZOMBIE
    except psutil.NoSuchProcess:
        return False


def _wait_gone(pids: list[int], timeout: float) -> list[int]:
    deadline = time.monotonic() + timeout
    alive = [p for p in pids if _alive(p)]
    while alive and time.monotonic() < deadline:
        time.sleep(0.2)
        alive = [p for p in alive if _alive(p)]
    return alive


@pytest.mark.parametrize("workers", [1, 2])
def test_crash_sigkill_then_rerun_gives_the_clean_graph(
    corpus: Path, clean: Path, tmp_path: Path, workers: int
) -> None:
    store = tmp_path / "store"
    proc = subprocess.Popen(
        _ingest_cmd(corpus, store, workers),
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    seen, helpers = 0, list[int]()
    deadline = time.monotonic() + 300
    try:
        while proc.poll() is None and time.monotonic() < deadline:
            helpers = _descendants(proc.pid) or helpers
            seen = _committed(store)
            if seen > 0:
                break
            time.sleep(0.05)
        assert proc.poll() is None, f"ingest ended before it could be killed: {proc.stderr.read()!r}"  # type: ignore[union-attr]
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait(timeout=30)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
        if proc.stderr is not None:
            proc.stderr.close()
    assert proc.returncode == -signal.SIGKILL
    assert 0 < seen < ARTICLES
    # Dask workers notice their parent is gone and stop (killed here after a while, to clean up).
    left = _wait_gone(helpers, timeout=30)
    for pid in left:
        os.kill(pid, signal.SIGKILL)
    assert not left, f"worker processes {left} outlived the killed ingest"

    # RocksDB recovers; every article present is whole: its hash once, and the quads of a clean run.
    reference = _graphs(clean)
    with OxigraphStore.open(store, create=False):  # write mode: replays the log, takes the lock
        pass
    after_kill = _graphs(store)
    articles = [g for g in after_kill if g != RESOLUTION_GRAPH]
    print(f"killed with {workers} worker(s) after {seen} articles were seen committed; {len(articles)} were")
    assert seen <= len(articles) < ARTICLES
    for g in articles:
        assert after_kill[g] == reference[g], f"half-written article {g}"

    # The same command again finishes the job, skipping what was committed.
    rerun = subprocess.run(_ingest_cmd(corpus, store, workers), cwd=ROOT, capture_output=True, timeout=600)
    assert rerun.returncode == 0, rerun.stderr.decode()
    report = json.loads(rerun.stdout)
    assert report["read"] == ARTICLES
    assert report["unchanged"] == len(articles)
    assert report["written"] == ARTICLES - len(articles)

    assert _dump(store) == _dump(clean)
    final = _graphs(store)
    assert len([g for g in final if g != RESOLUTION_GRAPH]) == ARTICLES
    with OxigraphStore.open(store, create=False, read_only=True) as st:
        hashes = Counter(str(q.graph_name) for q in st.quads() if q.predicate == CONTENT_HASH)
        sources = Counter(
            q.object.value for q in st.quads() if q.predicate == SOURCE and isinstance(q.object, Literal)
        )
    assert all(n == 1 for n in hashes.values()) and len(hashes) == len(final)
    assert len(sources) == ARTICLES and all(n == 1 for n in sources.values())


def _quads_of(docs: list[Document]) -> list[str]:
    kg = KnowledgeGraph.in_memory()
    kg.ingest_documents(docs, resolve=False)
    return sorted(map(str, kg.store.quads()))


_FIRST_DOC = Document(id="dup", text="Foreign Minister Lena Holm met Chancellor Ivo Brandt in Oslo on May 4.")
_LATER_DOC = Document(id="dup", text="President Ana Ruiz visited Lima on Tuesday.")


@pytest.mark.parametrize("batch_size", [64, 1])
def test_crash_same_article_twice_in_one_run_keeps_the_later_one(nlp: object, batch_size: int) -> None:
    """An input naming one id twice (a feed and its update) leaves one article, not a mix of both."""
    first, later = _FIRST_DOC, _LATER_DOC
    other = Document(id="other", text="Trade Minister Karim Tazi met Defense Minister Rui Osei in Cairo.")
    kg = KnowledgeGraph.in_memory()
    kg.batch_size = batch_size
    kg.ingest_documents([first, other, later], resolve=False)
    assert sorted(map(str, kg.store.quads())) == _quads_of([other, later])

    again = kg.ingest_documents([first, other, later], resolve=False)  # the same input: nothing to write
    assert (again.read, again.written, again.unchanged, again.superseded) == (3, 0, 2, 1)
    assert sorted(map(str, kg.store.quads())) == _quads_of([other, later])

    back = kg.ingest_documents([first], resolve=False)  # a later run's document replaces the article
    assert (back.written, back.superseded) == (1, 0)
    assert sorted(map(str, kg.store.quads())) == _quads_of([other, first])


def test_crash_same_article_back_and_forth_keeps_the_last_one(nlp: object) -> None:
    first, later = _FIRST_DOC, _LATER_DOC
    kg = KnowledgeGraph.in_memory()
    report = kg.ingest_documents([first, later, first], resolve=False)
    assert (report.written, report.superseded) == (1, 1)  # the two equal ones make one article
    assert sorted(map(str, kg.store.quads())) == _quads_of([first])
    again = kg.ingest_documents([first, later, first], resolve=False)
    assert (again.written, again.unchanged, again.superseded) == (0, 2, 1)
    assert sorted(map(str, kg.store.quads())) == _quads_of([first])


def test_crash_during_resolution_is_repaired_by_the_next_run(
    corpus: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, nlp: object
) -> None:
    import graph.api

    lines = corpus.read_text(encoding="utf-8").splitlines(True)[:40]
    half, full = tmp_path / "half.jsonl", tmp_path / "full.jsonl"
    half.write_text("".join(lines[:20]), encoding="utf-8")
    full.write_text("".join(lines), encoding="utf-8")
    with KnowledgeGraph.open(tmp_path / "ref") as ref:
        ref.ingest([full])
        expected = sorted(map(str, ref.store.graph_quads(RESOLUTION_GRAPH)))

    with KnowledgeGraph.open(tmp_path / "store") as kg:
        kg.ingest([half])

        def killed(store: object) -> None:
            raise KeyboardInterrupt("killed while resolving")

        with monkeypatch.context() as m:
            m.setattr(graph.api, "_resolve", killed)
            with pytest.raises(KeyboardInterrupt):
                kg.ingest([full])
        report = kg.ingest([full])
        assert report.written == 0
        assert sorted(map(str, kg.store.graph_quads(RESOLUTION_GRAPH))) == expected


def _killed_resolution(store: object) -> None:
    raise KeyboardInterrupt("killed while resolving")


def test_crash_during_resolution_after_remove_is_repaired_by_the_next_run(
    corpus: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, nlp: object
) -> None:
    import graph.api
    from graph.resolve import resolve

    some = tmp_path / "some.jsonl"
    some.write_text("".join(corpus.read_text(encoding="utf-8").splitlines(True)[:12]), encoding="utf-8")
    with KnowledgeGraph.open(tmp_path / "store") as kg:
        kg.ingest([some])
        gone = json.loads(some.read_text(encoding="utf-8").splitlines()[3])["id"]
        with monkeypatch.context() as m:
            m.setattr(graph.api, "_resolve", _killed_resolution)
            with pytest.raises(KeyboardInterrupt):
                kg.remove(gone)
        rest = tmp_path / "rest.jsonl"
        lines = some.read_text(encoding="utf-8").splitlines(True)
        rest.write_text("".join(line for line in lines if json.loads(line)["id"] != gone), encoding="utf-8")
        report = kg.ingest([rest])
        assert report.written == 0 and report.resolution is not None
        assert not resolve(kg.store).changed  # what the repair wrote is the resolution of what is left


def test_crash_nothing_changed_and_resolution_clean_resolves_nothing(
    corpus: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, nlp: object
) -> None:
    import graph.api

    some = tmp_path / "some.jsonl"
    some.write_text("".join(corpus.read_text(encoding="utf-8").splitlines(True)[:8]), encoding="utf-8")
    with KnowledgeGraph.open(tmp_path / "store") as kg:
        kg.ingest([some])
        with monkeypatch.context() as m:
            m.setattr(graph.api, "_resolve", _killed_resolution)  # would raise if called
            report = kg.ingest([some])
        assert (report.written, report.resolution) == (0, None)

        with monkeypatch.context() as m:  # a run that dies resolving, then one that does not resolve
            m.setattr(graph.api, "_resolve", _killed_resolution)
            with pytest.raises(KeyboardInterrupt):
                kg.ingest_documents([_LATER_DOC])
        kg.ingest([some], resolve=False)
        assert not kg.store.has_graph(RESOLUTION_GRAPH)  # stale, so dropped rather than kept
