"""Named-entity quality on the CoNLL-2003 English test set: bare spaCy against dkg's pipeline.

Both sides are scored the conlleval way: an entity counts when its token span
and its type are exactly those of a gold entity; precision, recall and F1 per
type (PER, ORG, LOC, MISC) and micro-averaged over the four types (and, as a
second figure, over PER, ORG and LOC only, the types dkg is built for).

- bare spaCy: the same model as dkg's, fed the gold tokens of one whole
  document (a ``Doc`` built from the words, as SOURCE.md prescribes); its
  OntoNotes labels are mapped per SOURCE.md (PERSON -> PER; ORG -> ORG; GPE,
  LOC, FAC -> LOC; NORP, EVENT, WORK_OF_ART, LAW, LANGUAGE, PRODUCT -> MISC).
  This is the reference convention (micro F1 0.586 in SOURCE.md).
- bare spaCy, text: the same model over the very text dkg reads (spaCy's own
  tokens, sentences on their own lines), entities mapped back through their
  character offsets. The difference between this column and dkg is what
  dkg's components add or lose; between it and the first, what the input form does.
- dkg: ``ingest.pipeline.extract`` over one ``Document`` per ``-DOCSTART-``
  document, its text the tokens joined by spaces and the sentences by
  newlines; every mention of a record's actors and places is mapped back to
  the gold tokens through its character offsets: person -> PER, organization
  (news outlets too) -> ORG, country -> LOC, place -> LOC, and a country
  mention written as a nationality ("Iranian", "Israelis") -> MISC, where
  CoNLL puts nationalities.

The data is read where it lies (``../shared/benchmarks/conll2003/test.txt``),
never copied into the project.

Examples:
    python benchmarks/ner_conll.py
    python benchmarks/ner_conll.py --limit 20 --errors 10
    python benchmarks/ner_conll.py --markdown
"""

from __future__ import annotations

import argparse
import sys
import time
from bisect import bisect_left, bisect_right
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from spacy.language import Language  # noqa: E402
from spacy.tokens import Doc  # noqa: E402

from ingest import gazetteer  # noqa: E402
from ingest.pipeline import DEFAULT_MODEL, extract, load_pipeline  # noqa: E402
from ingest.records import ArticleRecord, Document  # noqa: E402

DEFAULT_DATA = ROOT.parent / "shared" / "benchmarks" / "conll2003" / "test.txt"
TYPES = ("PER", "ORG", "LOC", "MISC")
CORE_TYPES = ("PER", "ORG", "LOC")

#: OntoNotes -> CoNLL, as SOURCE.md gives it; labels not listed become O.
SPACY_TO_CONLL = {
    "PERSON": "PER",
    "ORG": "ORG",
    "GPE": "LOC",
    "LOC": "LOC",
    "FAC": "LOC",
    "NORP": "MISC",
    "EVENT": "MISC",
    "WORK_OF_ART": "MISC",
    "LAW": "MISC",
    "LANGUAGE": "MISC",
    "PRODUCT": "MISC",
}

#: (first token, end token exclusive, type)
Chunk = tuple[int, int, str]


@dataclass(slots=True)
class ConllDoc:
    """One ``-DOCSTART-`` document: its tokens, gold entities and the text dkg reads."""

    index: int
    words: list[str] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
    sentence_ends: list[int] = field(default_factory=list)  # token index after each sentence
    text: str = ""
    starts: list[int] = field(default_factory=list)  # character offset of each token in text
    ends: list[int] = field(default_factory=list)

    def build_text(self) -> None:
        """Tokens joined by spaces, sentences by newlines; keeps each token's offsets."""
        parts: list[str] = []
        pos = 0
        breaks = set(self.sentence_ends)
        for i, word in enumerate(self.words):
            if i:
                sep = "\n" if i in breaks else " "
                parts.append(sep)
                pos += 1
            self.starts.append(pos)
            parts.append(word)
            pos += len(word)
            self.ends.append(pos)
        self.text = "".join(parts)

    def tokens_of(self, start: int, end: int) -> tuple[int, int] | None:
        """The gold tokens a character span [start, end) touches, as (first, end exclusive)."""
        first = bisect_right(self.ends, start)  # first token ending after start
        stop = bisect_left(self.starts, end)  # tokens starting before end
        return (first, stop) if first < stop else None

    def span_text(self, chunk: Chunk) -> str:
        return " ".join(self.words[chunk[0] : chunk[1]])


def read_conll(path: Path) -> list[ConllDoc]:
    """The documents of a CoNLL file (``TOKEN ... TAG`` lines, blank lines between sentences)."""
    docs: list[ConllDoc] = []
    current: ConllDoc | None = None
    for raw in path.read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if line.startswith("-DOCSTART-"):
            current = ConllDoc(len(docs))
            docs.append(current)
            continue
        if current is None:  # a file without -DOCSTART- lines: one document
            current = ConllDoc(0)
            docs.append(current)
        if not line:
            if current.words and (
                not current.sentence_ends or current.sentence_ends[-1] != len(current.words)
            ):
                current.sentence_ends.append(len(current.words))
            continue
        parts = line.split()
        current.words.append(parts[0])
        current.tags.append(parts[-1])
    docs = [d for d in docs if d.words]
    for d in docs:
        if not d.sentence_ends or d.sentence_ends[-1] != len(d.words):
            d.sentence_ends.append(len(d.words))
        d.build_text()
    return docs


def chunks_from_tags(tags: Sequence[str]) -> set[Chunk]:
    """Entities of an IOB1/IOB2 tag sequence, as conlleval reads them."""
    chunks: set[Chunk] = set()
    start, kind = -1, ""
    for i, tag in enumerate([*tags, "O"]):
        prefix, _, label = tag.partition("-")
        begins = prefix == "B" or (prefix == "I" and label != kind)
        if kind and (prefix == "O" or begins):
            chunks.add((start, i, kind))
            kind = ""
        if begins:
            start, kind = i, label
    return chunks


def resolve_overlaps(spans: Iterable[Chunk]) -> set[Chunk]:
    """At most one entity a token, as a tag sequence allows: longer spans first, then earlier."""
    taken: set[int] = set()
    kept: set[Chunk] = set()
    for s, e, kind in sorted(set(spans), key=lambda c: (c[0] - c[1], c[0], TYPES.index(c[2]))):
        if any(i in taken for i in range(s, e)):
            continue
        taken.update(range(s, e))
        kept.add((s, e, kind))
    return kept


# --------------------------------------------------------------------------- systems


def spacy_chunks(nlp: Language, docs: Sequence[ConllDoc], batch_size: int) -> list[set[Chunk]]:
    """Bare spaCy over the gold tokens, labels mapped to CoNLL types."""
    words = [Doc(nlp.vocab, words=d.words) for d in docs]
    out: list[set[Chunk]] = []
    for doc in nlp.pipe(words, batch_size=batch_size):
        found = {
            (ent.start, ent.end, SPACY_TO_CONLL[ent.label_])
            for ent in doc.ents
            if ent.label_ in SPACY_TO_CONLL
        }
        out.append(resolve_overlaps(found))
    return out


def spacy_text_chunks(nlp: Language, docs: Sequence[ConllDoc], batch_size: int) -> list[set[Chunk]]:
    """Bare spaCy over the text dkg reads (its own tokens), entities mapped back by character offsets."""
    out: list[set[Chunk]] = []
    for d, doc in zip(docs, nlp.pipe((d.text for d in docs), batch_size=batch_size), strict=True):
        found = set()
        for ent in doc.ents:
            span = d.tokens_of(ent.start_char, ent.end_char)
            if ent.label_ in SPACY_TO_CONLL and span is not None:
                found.add((span[0], span[1], SPACY_TO_CONLL[ent.label_]))
        out.append(resolve_overlaps(found))
    return out


def is_demonym(text: str) -> bool:
    """A country mention written as a nationality ("Iranian"), not as the country's name."""
    return gazetteer.country(text) is None and gazetteer.country_from_demonym(text) is not None


def record_chunks(record: ArticleRecord, doc: ConllDoc) -> set[Chunk]:
    """dkg's actors and places as CoNLL entities over the gold tokens."""
    found: list[Chunk] = []
    text = record.document.text
    for actor in record.actors:
        for m in actor.mentions:
            if actor.kind == "person":
                kind = "PER"
            elif actor.kind == "organization":
                kind = "ORG"
            else:
                kind = "MISC" if is_demonym(text[m.start : m.end]) else "LOC"
            span = doc.tokens_of(m.start, m.end)
            if span is not None:
                found.append((span[0], span[1], kind))
    for place in record.places:
        for m in place.mentions:
            span = doc.tokens_of(m.start, m.end)
            if span is not None:
                found.append((span[0], span[1], "LOC"))
    return resolve_overlaps(found)


def dkg_chunks(nlp: Language, docs: Sequence[ConllDoc], batch_size: int) -> list[set[Chunk]]:
    documents = [Document(id=f"conll-test-{d.index:03d}", text=d.text) for d in docs]
    records = extract(documents, nlp=nlp, batch_size=batch_size)
    return [record_chunks(r, d) for r, d in zip(records, docs, strict=True)]


# --------------------------------------------------------------------------- scoring


@dataclass(slots=True)
class Counts:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    def add(self, other: Counts) -> None:
        self.tp += other.tp
        self.fp += other.fp
        self.fn += other.fn

    @property
    def p(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def r(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        return 2 * self.p * self.r / (self.p + self.r) if self.p + self.r else 0.0


def score(gold: Sequence[set[Chunk]], pred: Sequence[set[Chunk]]) -> dict[str, Counts]:
    """Counts per type, plus "micro" (all four types) and "micro PER/ORG/LOC"."""
    per_type = {t: Counts() for t in TYPES}
    for g, p in zip(gold, pred, strict=True):
        for t in TYPES:
            gt = {c for c in g if c[2] == t}
            pt = {c for c in p if c[2] == t}
            per_type[t].add(Counts(len(gt & pt), len(pt - gt), len(gt - pt)))
    result = dict(per_type)
    micro, core = Counts(), Counts()
    for t in TYPES:
        micro.add(per_type[t])
        if t in CORE_TYPES:
            core.add(per_type[t])
    result["micro"] = micro
    result["micro PER/ORG/LOC"] = core
    return result


def error_patterns(
    docs: Sequence[ConllDoc], gold: Sequence[set[Chunk]], pred: Sequence[set[Chunk]]
) -> dict[str, list[str]]:
    """Every error, keyed by its pattern, with the entity texts.

    missed G: no prediction touches the gold entity; spurious P: the prediction
    touches no gold entity; G as P: right span, wrong type; boundary G: a
    prediction of the same type overlaps but does not match; boundary G as P:
    overlap with another type. A spurious or boundary prediction is shown with
    its own text, the others with the gold text (and the prediction after "->").
    """
    out: dict[str, list[str]] = defaultdict(list)
    for doc, g, p in zip(docs, gold, pred, strict=True):
        for chunk in sorted(g - p):
            s, e, t = chunk
            over = [c for c in p if c[0] < e and s < c[1]]
            same_span = [c for c in over if c[:2] == (s, e)]
            if same_span:
                out[f"{t} as {same_span[0][2]}"].append(doc.span_text(chunk))
            elif any(c[2] == t for c in over):
                c = next(c for c in over if c[2] == t)
                out[f"boundary {t}"].append(f"{doc.span_text(chunk)} -> {doc.span_text(c)}")
            elif over:
                c = over[0]
                out[f"boundary {t} as {c[2]}"].append(f"{doc.span_text(chunk)} -> {doc.span_text(c)}")
            else:
                out[f"missed {t}"].append(doc.span_text(chunk))
        for chunk in sorted(p - g):
            s, e, _ = chunk
            if not any(c[0] < e and s < c[1] for c in g):
                out[f"spurious {chunk[2]}"].append(doc.span_text(chunk))
    return out


def print_patterns(title: str, patterns: dict[str, list[str]], n: int) -> None:
    print()
    print(f"{title}: the {n} most frequent error patterns (count, share in ALL CAPS, commonest texts)")
    ranked = sorted(patterns.items(), key=lambda kv: -len(kv[1]))[:n]
    for name, texts in ranked:
        caps = sum(1 for t in texts if t.split(" -> ")[0].isupper()) / len(texts)
        common = ", ".join(f"{t} x{k}" if k > 1 else t for t, k in Counter(texts).most_common(8))
        print(f"  {name:<22} {len(texts):5d}  {caps:4.0%}  {common}")


def lost_to_dkg(
    docs: Sequence[ConllDoc],
    gold: Sequence[set[Chunk]],
    base: Sequence[set[Chunk]],
    dkg: Sequence[set[Chunk]],
) -> dict[str, list[str]]:
    """Gold entities bare spaCy gets right and dkg does not, by what dkg made of them."""
    only_base = [g & b - d for g, b, d in zip(gold, base, dkg, strict=True)]
    patterns = error_patterns(docs, only_base, dkg)
    return {k: v for k, v in patterns.items() if not k.startswith("spurious")}


# --------------------------------------------------------------------------- output


def table(results: dict[str, dict[str, Counts]], gold_counts: Counter[str], *, markdown: bool) -> list[str]:
    systems = list(results)
    rows = [*TYPES, "micro", "micro PER/ORG/LOC"]
    lines = []
    if markdown:
        head = " | ".join(f"{s} P | {s} R | {s} F1" for s in systems)
        lines.append(f"| type | gold | {head} |")
        lines.append("| --- | ---: |" + " ---: |" * (3 * len(systems)))
    else:
        head = "".join(f"  {s:^17.17}" for s in systems)
        lines.append(f"{'':18} {'gold':>5}{head}")
        lines.append(f"{'':18} {'':>5}" + f"  {'P     R     F1':^17}" * len(systems))
    for row in rows:
        if row == "micro":
            n = sum(gold_counts[t] for t in TYPES)
        elif row.startswith("micro"):
            n = sum(gold_counts[t] for t in CORE_TYPES)
        else:
            n = gold_counts[row]
        figures = [(results[s][row].p, results[s][row].r, results[s][row].f1) for s in systems]
        if markdown:
            bold = "**" if row == "micro" else ""
            cells = " | ".join(f"{p:.3f} | {r:.3f} | {bold}{f:.3f}{bold}" for p, r, f in figures)
            lines.append(f"| {row} | {n} | {cells} |")
        else:
            lines.append(f"{row:18} {n:5d}" + "".join(f"  {p:.3f} {r:.3f} {f:.3f}" for p, r, f in figures))
    return lines


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--data", type=Path, default=DEFAULT_DATA, help=f"CoNLL file (default: {DEFAULT_DATA})"
    )
    parser.add_argument("--limit", type=int, default=0, help="score only the first N documents")
    parser.add_argument("--model", default=DEFAULT_MODEL, help=f"spaCy pipeline (default: {DEFAULT_MODEL})")
    parser.add_argument("--batch-size", type=int, default=16)
    parser.add_argument("--errors", type=int, default=0, help="print the N most frequent error patterns")
    parser.add_argument("--markdown", action="store_true", help="print the table as Markdown rows")
    args = parser.parse_args(argv)
    if not args.data.is_file():
        parser.error(f"no file at {args.data}; pass --data PATH/TO/conll2003/test.txt")

    import spacy

    docs = read_conll(args.data)
    if args.limit:
        docs = docs[: args.limit]
    gold = [chunks_from_tags(d.tags) for d in docs]
    gold_counts: Counter[str] = Counter(c[2] for g in gold for c in g)
    n_words = sum(len(d.words) for d in docs)
    print(
        f"CoNLL-2003 test: {len(docs)} documents, {sum(gold_counts.values())} entities,"
        f" {n_words} tokens; model {args.model}"
    )

    started = time.perf_counter()
    bare = spacy.load(args.model)
    dkg_nlp = load_pipeline(args.model)
    load_s = time.perf_counter() - started

    timings: dict[str, float] = {}
    preds: dict[str, list[set[Chunk]]] = {}
    for name, system, nlp in (
        ("bare spaCy", spacy_chunks, bare),
        ("bare spaCy, text", spacy_text_chunks, bare),
        ("dkg", dkg_chunks, dkg_nlp),
    ):
        started = time.perf_counter()
        preds[name] = system(nlp, docs, args.batch_size)
        timings[name] = time.perf_counter() - started

    results = {name: score(gold, pred) for name, pred in preds.items()}
    print()
    for line in table(results, gold_counts, markdown=args.markdown):
        print(line)
    if args.errors:
        for name, pred in preds.items():
            print_patterns(name, error_patterns(docs, gold, pred), args.errors)
        base, dkg = preds["bare spaCy, text"], preds["dkg"]
        print_patterns(
            "dkg, on entities bare spaCy (text) gets right", lost_to_dkg(docs, gold, base, dkg), args.errors
        )
        print_patterns(
            "bare spaCy (text), on entities dkg gets right", lost_to_dkg(docs, gold, dkg, base), args.errors
        )
    print()
    print(
        f"time: models loaded in {load_s:.1f} s; "
        + "; ".join(f"{name} {s:.1f} s ({n_words / s:,.0f} tokens/s)" for name, s in timings.items())
    )
    b, d = results["bare spaCy"]["micro"], results["dkg"]["micro"]
    verdict = "meets" if d.f1 >= b.f1 else "misses"
    print(
        f"summary: micro F1 bare spaCy {b.f1:.3f} (P {b.p:.3f} R {b.r:.3f}) | dkg {d.f1:.3f}"
        f" (P {d.p:.3f} R {d.r:.3f}) | dkg {verdict} the target (>= bare spaCy)"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
