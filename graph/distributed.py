"""Distributed ingestion on Dask: extraction in many processes or machines, one writer.

``dkg ingest PATH --workers N`` starts a Dask ``LocalCluster`` of N worker
processes; ``--scheduler tcp://HOST:PORT`` uses a running cluster instead.
Either way the work is split the same way:

- the driver (the process running ``dkg ingest``) reads documents lazily and
  skips unchanged ones by content hash, exactly as a one-process run does;
- the remaining documents travel to the workers in batches (at most
  ``batch_docs`` documents and about a million characters each), with at most
  ``in_flight`` batches out at a time: reading waits for the cluster, so memory
  stays flat however large the corpus (back-pressure);
- each worker process loads the spaCy pipeline once (a per-process cache,
  warmed when the run starts) and runs :func:`ingest.pipeline.extract` over a
  batch; the records, plain picklable dataclasses, come back;
- the driver yields the records **in input order**, and
  :class:`graph.api.KnowledgeGraph` maps and writes them as it does its own, so
  the store holds the same quads whatever the number of workers; resolution
  runs once at the end, over the whole store, as in one process.

Extraction is the costly step (tens to hundreds of milliseconds a document);
mapping and writing stay in one process, which keeps writes ordered, atomic per
article and resumable, and bounds the speed-up near the rate one writer
sustains (see ``docs/scale.md``).

>>> from ingest.records import Document
>>> docs = [Document(id=str(i), text="x") for i in range(5)]
>>> [len(b) for b in _batches(iter(docs), max_docs=2, max_chars=100)]
[1, 2, 2]
"""

from __future__ import annotations

import logging
import threading
from collections import deque
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from graph.errors import KGError
from ingest.pipeline import DEFAULT_MODEL, extract, extraction_fingerprint, load_pipeline
from ingest.records import ArticleRecord, Document

if TYPE_CHECKING:
    from spacy.language import Language

__all__ = ["BATCH_CHARS", "BATCH_DOCS", "DistributedError", "extract_distributed"]

#: Most documents sent to a worker in one task.
BATCH_DOCS = 32
#: Most characters of text in one task (a batch closes early when its documents are long).
BATCH_CHARS = 1_000_000
#: Seconds to wait for a remote scheduler to answer, and for its first worker.
CONNECT_TIMEOUT = 10.0
WORKER_TIMEOUT = 60.0

_LOAD_LOCK = threading.Lock()
_RUN_LOCK = threading.Lock()


class DistributedError(KGError):
    """The Dask cluster could not be started or reached, or a worker failed."""


# ----------------------------------------------------------------------------- workers


def _pipeline(model: str) -> Language:
    """The worker process's pipeline, loaded once (``load_pipeline`` caches it per process)."""
    with _LOAD_LOCK:
        return load_pipeline(model)


def _warm(model: str) -> str:
    """Load the pipeline on a worker; its extraction fingerprint tells the driver it extracts alike."""
    _pipeline(model)
    return extraction_fingerprint(model)


def _extract_batch(model: str, documents: list[Document]) -> list[ArticleRecord]:
    """One task: the records of a batch of documents, in their order."""
    nlp = _pipeline(model)
    with _RUN_LOCK:  # one batch at a time per process, should a worker run several threads
        return list(extract(documents, nlp=nlp))


# ----------------------------------------------------------------------------- driver


def extract_distributed(
    documents: Iterator[Document],
    *,
    model: str = DEFAULT_MODEL,
    workers: int = 2,
    scheduler: str | None = None,
    batch_docs: int = BATCH_DOCS,
    batch_chars: int = BATCH_CHARS,
    in_flight: int | None = None,
) -> Iterator[ArticleRecord]:
    """Extract a record from each document on a Dask cluster; yield them in input order.

    A generator: documents are read only as batches can be sent, and the cluster
    (a local one, when this started it) is shut down when the generator ends or is closed.

    :param documents: consumed lazily.
    :param model: the spaCy pipeline package, installed on every worker.
    :param workers: processes of the local cluster started when ``scheduler`` is None.
    :param scheduler: address of a running Dask scheduler (``tcp://host:8786``); its workers
        need dkg and the model installed, in the same versions as here.
    :param batch_docs: most documents in one task.
    :param batch_chars: most characters of text in one task.
    :param in_flight: most tasks out at a time (default: twice the cluster's worker threads).
    :raises DistributedError: Dask is not installed, the cluster cannot be started or reached,
        a worker extracts differently (other dkg, model or lexicons) or keeps dying.
    """
    client, cluster = _connect(workers=workers, scheduler=scheduler)
    pending: deque[Any] = deque()
    try:
        _check_workers(client, model)
        slots = in_flight or max(2, 2 * sum(client.nthreads().values()))
        for batch in _batches(documents, max_docs=batch_docs, max_chars=batch_chars):
            if len(pending) >= slots:
                yield from _results(pending.popleft())
            pending.append(client.submit(_extract_batch, model, batch, pure=False))
        while pending:
            yield from _results(pending.popleft())
    finally:
        for future in pending:
            future.cancel()
        client.close()
        if cluster is not None:
            cluster.close()


def _connect(*, workers: int, scheduler: str | None) -> tuple[Any, Any]:
    try:
        from distributed import Client, LocalCluster
    except ImportError as exc:  # pragma: no cover - a dependency of dkg
        raise DistributedError("Distributed ingestion needs Dask: pip install 'dask[distributed]'.") from exc
    if scheduler is not None:
        try:
            client = Client(scheduler, timeout=CONNECT_TIMEOUT, set_as_default=False)
        except (OSError, ValueError, TypeError) as exc:
            raise DistributedError(
                f"Could not reach the Dask scheduler at {scheduler} ({exc}); start one with "
                "'dask scheduler' and workers with 'dask worker ADDRESS', or check the address."
            ) from exc
        try:
            client.wait_for_workers(1, timeout=WORKER_TIMEOUT)
        except TimeoutError as exc:
            client.close()
            raise DistributedError(
                f"The Dask scheduler at {scheduler} has no workers after {WORKER_TIMEOUT:.0f} s; "
                f"start some with 'dask worker {scheduler} --nthreads 1'."
            ) from exc
        return client, None
    import dask

    try:
        # Dask makes glibc return freed memory to the system eagerly (MALLOC_TRIM_THRESHOLD_); spaCy
        # allocates and frees so much that this costs a fifth of the extraction time. Keep glibc's default.
        # The workers' sampling profiler (every 10 ms) serves the dashboard, which is off.
        settings = {
            "distributed.nanny.pre-spawn-environ.MALLOC_TRIM_THRESHOLD_": None,
            "distributed.worker.profile.enabled": False,
        }
        with dask.config.set(settings):
            cluster = LocalCluster(
                n_workers=workers,
                threads_per_worker=1,
                processes=True,
                host="127.0.0.1",
                dashboard_address=None,
                silence_logs=logging.ERROR,
            )
    except (OSError, RuntimeError) as exc:
        raise DistributedError(f"Could not start {workers} local Dask workers: {exc}") from exc
    return Client(cluster, set_as_default=False), cluster


def _check_workers(client: Any, model: str) -> None:
    """Load the pipeline on every worker now, and refuse workers that would extract differently."""
    expected = extraction_fingerprint(model)
    addresses = sorted(client.nthreads())
    futures = [
        client.submit(_warm, model, workers=[a], allow_other_workers=False, pure=False) for a in addresses
    ]
    for address, future in zip(addresses, futures, strict=True):
        try:
            found = future.result()
        except KGError:
            raise
        except Exception as exc:
            from ingest.errors import IngestError

            if isinstance(exc, IngestError):  # e.g. the model is not installed on that worker
                raise DistributedError(f"Dask worker {address}: {exc}") from exc
            raise
        if found != expected:
            raise DistributedError(
                f"Dask worker {address} extracts with fingerprint {found}, this process with {expected}: "
                "install the same dkg version, model and lexicons on every worker."
            )


def _results(future: Any) -> list[ArticleRecord]:
    from distributed import KilledWorker

    try:
        records: list[ArticleRecord] = future.result()
    except KilledWorker as exc:
        raise DistributedError(
            f"Dask workers kept dying on one batch of documents ({exc}); a document may need more "
            "memory than a worker has: lower --max-chars, or give workers more memory."
        ) from exc
    future.release()
    return records


def _batches(documents: Iterator[Document], *, max_docs: int, max_chars: int) -> Iterator[list[Document]]:
    """Batches in input order. The first ones are small, so every worker gets going soon."""
    size = max(1, max_docs // 8)
    batch: list[Document] = []
    chars = 0
    for doc in documents:
        if batch and (len(batch) >= size or chars + len(doc.text) > max_chars):
            yield batch
            batch, chars = [], 0
            size = min(max_docs, size * 2)
        batch.append(doc)
        chars += len(doc.text)
    if batch:
        yield batch
