"""Ingest speed on real news: bare spaCy ``nlp.pipe`` against ``dkg ingest`` into the embedded store.

Reads the public-domain VOA stories (../shared/corpora/voa/stories.jsonl),
repeats them with varied ids up to --docs documents, and prints documents
and words per second for both, and their ratio (target: at least 0.8).

    python benchmarks/ingest.py [--docs 300] [--corpus PATH] [--model NAME]
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from graph.api import KnowledgeGraph  # noqa: E402
from ingest.pipeline import DEFAULT_MODEL, load_pipeline  # noqa: E402
from ingest.records import Document  # noqa: E402


def documents(corpus: Path, n: int) -> list[Document]:
    stories = [json.loads(line) for line in corpus.read_text(encoding="utf-8").splitlines() if line.strip()]
    docs: list[Document] = []
    i = 0
    while len(docs) < n:
        s = stories[i % len(stories)]
        round_ = i // len(stories)
        published = date.fromisoformat(str(s["published"])[:10]) if s.get("published") else None
        docs.append(
            Document(
                id=f"{s['id']}-r{round_}", url=None, title=s.get("title"), published=published, text=s["text"]
            )
        )
        i += 1
    return docs


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--docs", type=int, default=300)
    ap.add_argument(
        "--corpus", type=Path, default=ROOT.parent / "shared" / "corpora" / "voa" / "stories.jsonl"
    )
    ap.add_argument("--model", default=DEFAULT_MODEL)
    ap.add_argument("--batch-size", type=int, default=32)
    args = ap.parse_args()
    if not args.corpus.exists():
        print(f"no corpus at {args.corpus}; pass --corpus", file=sys.stderr)
        return 2
    docs = documents(args.corpus, args.docs)
    words = sum(len(d.text.split()) for d in docs)

    import spacy

    bare = spacy.load(args.model)
    list(bare.pipe([d.text for d in docs[:10]]))  # warm up
    t0 = time.perf_counter()
    for _ in bare.pipe((d.text for d in docs), batch_size=args.batch_size):
        pass
    bare_s = time.perf_counter() - t0

    load_pipeline(args.model)  # loading is not ingesting: both sides start warm
    with tempfile.TemporaryDirectory() as tmp:
        kg = KnowledgeGraph.open(Path(tmp) / "store", model=args.model)
        t0 = time.perf_counter()
        report = kg.ingest_documents(docs)
        dkg_s = time.perf_counter() - t0
        triples = kg.store.count_quads()
        kg.close()

    print(f"documents: {len(docs)}  words: {words}  model: {args.model}")
    print(
        f"bare spaCy nlp.pipe: {len(docs) / bare_s:8.1f} docs/s {words / bare_s:9.0f} words/s ({bare_s:.1f}s)"
    )
    print(
        f"dkg ingest (store) : {len(docs) / dkg_s:8.1f} docs/s {words / dkg_s:9.0f} words/s ({dkg_s:.1f} s)"
        f"  {report.written} written, {triples} triples"
    )
    print(f"ratio dkg/bare: {bare_s / dkg_s:.2f}  (target >= 0.80)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
