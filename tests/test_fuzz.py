"""Fuzzing: hostile input never crashes dkg, and never writes outside the article's own graph.

A seeded generator makes a few hundred inputs: random bytes, mixed and broken encodings, control
characters, enormous lines, deeply nested and huge JSON, hostile field values, HTML with scripts,
broken and malicious feeds, and text that looks like SPARQL, Turtle or N-Quads. Every input is read
with :func:`ingest.sources.read_documents`; every document is mapped (with a small record whose names
and titles come from the hostile text itself) into a store of its own and checked:

- nothing escapes but :class:`~ingest.errors.SourceError`, reported through ``on_error``;
- every quad is in the article's own graph, every IRI is well formed (pyoxigraph parses it, and it
  holds no space, quote, angle bracket or control character);
- every literal written comes back unchanged, from the store and from an N-Quads round trip;
- looking the article or an actor up by its hostile name (SPARQL built in code) finds it or nothing.

The slow test sends a sample through the real spaCy pipeline and resolution, with the CLI.
"""

from __future__ import annotations

import codecs
import io
import json
import random
import re
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from pyoxigraph import BlankNode, DefaultGraph, Literal, NamedNode, Quad, RdfFormat, Store

from graph.iris import RESOLUTION_GRAPH, article_iri
from graph.mapping import article_quads
from graph.store import OxigraphStore
from ingest.errors import SourceError
from ingest.records import Actor, ArticleRecord, Document, Event, Evidence, Place, Role, TimeValue
from ingest.sources import read_documents

SEED = 20240507
MAX_CHARS = 200_000
#: Characters no IRI written by dkg may hold (RFC 3987 excludes them; N-Quads cannot carry them).
_BAD_IRI = re.compile(r'[\x00-\x20<>"{}|\\^`\x7f-\x9f]')


@dataclass(frozen=True)
class Case:
    """One hostile input: a file named ``name`` holding ``data``."""

    kind: str
    name: str
    data: bytes


# ======================================================================== generators

_WORDS = (
    "minister envoy talks ceasefire summit Oslo Vienna sanctions agreement border navy "
    "explosion pipeline delegation president counterpart spokesman Geneva accord"
).split()
_INJECTIONS = [
    '"} ; DROP ALL ; INSERT DATA { <http://evil.example/s> <http://evil.example/p> "o" } #',
    '<http://evil.example/s> <http://evil.example/p> "o" <https://w3id.org/dkg/id/graph/resolution> .',
    '@prefix dkg: <https://w3id.org/dkg/ontology#> . <> dkg:source "x" .',
    '""" ; CLEAR ALL ; """',
    "''' } } DELETE WHERE { ?s ?p ?o } '''",
    '\\u0022 \\" \\> \\u003E %3E %22',
    "GRAPH <https://w3id.org/dkg/id/article/other> { ?s ?p ?o }",
    "SELECT * WHERE { SERVICE <http://evil.example/sparql> { ?s ?p ?o } }",
    "_:b0 <http://x> _:b1 .",
    "<javascript:alert(1)> <file:///etc/passwd>",
    "\n.\n<a> <b> <c> .\n",
    "}}}}]]]]>>>>''''\"\"\"\"",
]
_CONTROLS = [chr(c) for c in [*range(0, 9), 11, 12, *range(14, 32), 127, *range(0x80, 0xA0)]]
_ODD = [
    "\u2028",
    "\u2029",
    "\u202e",
    "\u200b",
    "\ufeff",
    "\ufffd",
    "\u0301",
    "\U0001f4a3",
    "\u0085",
    "\x1b[31m",
]
_HOSTILE_IDS = [
    "",
    " ",
    "a b",
    "<x>",
    '"quoted"',
    "a\nb",
    "../../etc/passwd",
    "%2F%3E",
    "#frag",
    "?q=1&r=<2>",
    "ü-ñ-中文-العربية",
    "x" * 3000,
    "http://example.org/a b",
    "urn:x:y",
    "{}|\\^`",
    "\t\r",
]


def _sentence(rng: random.Random) -> str:
    words = [rng.choice(_WORDS) for _ in range(rng.randint(4, 14))]
    return " ".join(words).capitalize() + "."


def _prose(rng: random.Random, n: int = 3) -> str:
    return " ".join(_sentence(rng) for _ in range(n))


def _hostile_text(rng: random.Random) -> str:
    parts = [_prose(rng, 2)]
    for _ in range(rng.randint(1, 6)):
        pick = rng.random()
        if pick < 0.4:
            parts.append(rng.choice(_INJECTIONS))
        elif pick < 0.7:
            parts.append("".join(rng.choice(_CONTROLS) for _ in range(rng.randint(1, 5))))
        else:
            parts.append(rng.choice(_ODD))
        parts.append(_sentence(rng))
    return " ".join(parts)


def _random_bytes(rng: random.Random, i: int) -> Case:
    ext = rng.choice([".txt", ".html", ".json", ".jsonl", ".xml", ".md", ".rss", ""])
    data = bytes(rng.getrandbits(8) for _ in range(rng.choice([0, 1, 7, 100, 2000, 9000])))
    if rng.random() < 0.3:  # mostly text with some binary in it
        data = _prose(rng).encode() + data[:50] + _prose(rng).encode()
    return Case("random-bytes", f"bytes-{i}{ext}", data)


def _encodings(rng: random.Random, i: int) -> Case:
    text = _prose(rng) + " Café, naïve, Dvořák, Łódź, Ελλάδα, Москва, 北京, القاهرة — “quotes”."
    choice = rng.randrange(7)
    if choice == 0:
        data = text.encode(rng.choice(["utf-16", "utf-32", "utf-8-sig"]))
    elif choice == 1:
        data = text.encode("utf-16-le")  # no BOM
    elif choice == 2:
        data = text.encode("utf-8") + text.encode("cp1252", "replace") + text.encode("latin-1", "replace")
    elif choice == 3:
        raw = text.encode("utf-8")
        data = raw[: rng.randrange(1, len(raw))] + b"\xe2\x82" + raw  # cut mid-character
    elif choice == 4:
        data = codecs.BOM_UTF8 + codecs.BOM_UTF16_LE + text.encode("utf-8")
    elif choice == 5:
        data = text.encode("utf-8").replace(b"e", b"\xc0\xaf", 3)  # overlong sequences
    else:
        data = (
            text.encode("utf-8", "replace") + b"\xed\xa0\x80" + b"\xf4\x90\x80\x80"
        )  # surrogate, > U+10FFFF
    ext = rng.choice([".txt", ".md", ".html", ".jsonl", ""])
    if ext == ".jsonl":
        data = b'{"id": "enc-%d", "text": "' % i + data.replace(b'"', b"'").replace(b"\\", b"/") + b'"}\n'
    return Case("encoding", f"enc-{i}{ext}", data)


def _controls(rng: random.Random, i: int) -> Case:
    text = _hostile_text(rng)
    if rng.random() < 0.5:
        return Case("controls", f"ctl-{i}.txt", text.encode("utf-8"))
    record = {
        "id": f"ctl-{i}" + rng.choice(_CONTROLS + _ODD),
        "title": rng.choice(_CONTROLS) + "T",
        "text": text,
    }
    return Case("controls", f"ctl-{i}.jsonl", json.dumps(record).encode() + b"\n")


def _enormous(rng: random.Random, i: int) -> Case:
    size = rng.choice([MAX_CHARS - 10, MAX_CHARS + 1, 3 * MAX_CHARS, 50_000])
    line = ("word " * (size // 5 + 1))[:size] if rng.random() < 0.5 else "x" * size
    kind = rng.randrange(3)
    if kind == 0:
        return Case("enormous", f"big-{i}.txt", line.encode())
    if kind == 1:
        return Case("enormous", f"big-{i}.jsonl", json.dumps({"id": f"big-{i}", "text": line}).encode())
    return Case("enormous", f"big-{i}.html", f"<html><body><p>{line}</p></body></html>".encode())


def _json(rng: random.Random, i: int) -> Case:
    kind = rng.randrange(9)
    if kind == 0:
        depth = rng.choice([50, 1000, 100_000])
        return Case("json", f"deep-{i}.json", b"[" * depth + b"]" * depth)
    if kind == 1:
        depth = rng.choice([50, 5000, 100_000])
        return Case(
            "json", f"deep-{i}.jsonl", b'{"id": "d", "text": ' + b'{"a": ' * depth + b"1" + b"}" * depth
        )
    if kind == 2:
        items = [{"id": f"many-{i}-{n}", "text": _sentence(rng)} for n in range(rng.choice([10, 200]))]
        return Case("json", f"many-{i}.json", json.dumps(items).encode())
    if kind == 3:
        wide: dict[str, object] = {f"k{n}": n for n in range(20_000)}
        record = wide | {"id": f"wide-{i}", "text": _prose(rng)}
        return Case("json", f"wide-{i}.jsonl", json.dumps(record).encode())
    if kind == 4:  # wrong types in every field
        value = rng.choice([None, True, 3, 2.5, [], {}, ["a"], {"x": 1}, "", " "])
        field = rng.choice(["id", "text", "title", "url", "published"])
        typed: dict[str, object] = {"id": f"typed-{i}", "text": _prose(rng)}
        record = typed | {field: value}
        return Case("json", f"typed-{i}.jsonl", json.dumps(record).encode())
    if kind == 5:  # hostile values in every field
        record = {
            "id": rng.choice(_HOSTILE_IDS) + rng.choice(["", str(i)]),
            "url": rng.choice(
                ["javascript:alert(1)", "http://a b/<x>", "https://example.org/\"'>", "ftp://x"]
            ),
            "title": rng.choice(_INJECTIONS),
            "published": rng.choice(
                ["2024-13-45", "0000-01-01", "9999-12-31", "2024-02-30T25:61", "yesterday"]
            ),
            "text": _hostile_text(rng),
        }
        return Case("json", f"fields-{i}.jsonl", json.dumps(record).encode())
    if kind == 6:  # broken JSON lines among good ones
        good = json.dumps({"id": f"ok-{i}", "text": _prose(rng)})
        lines = [good, "{broken", '{"id": 1', "[]", "null", '"text"', good.replace(f"ok-{i}", f"ok2-{i}")]
        return Case("json", f"mixed-{i}.jsonl", "\n".join(lines).encode())
    if kind == 7:
        return Case(
            "json", f"scalar-{i}.json", rng.choice([b"42", b'"str"', b"null", b"true", b"{}", b"[1,2]"])
        )
    long_string = json.dumps({"id": f"long-{i}", "text": "a" * 10 + "\\u00e9" * 20_000})
    return Case("json", f"long-{i}.jsonl", long_string.encode())


def _html(rng: random.Random, i: int) -> Case:
    body = _prose(rng, 6)
    inject = rng.choice(_INJECTIONS).replace("<", "&lt;")
    parts = [
        "<!DOCTYPE html><html><head>",
        f"<title>{rng.choice(_INJECTIONS)}</title>",
        f'<meta property="og:title" content="{inject}&quot;&gt;&lt;script&gt;">',
        f'<meta property="article:published_time" content="{rng.choice(["2024-02-30", "no", "2021-04"])}">',
        f'<link rel="canonical" href="{rng.choice(["javascript:alert(1)", "https://x.org/a b<c>", "/r"])}">',
        "<script>document.write('<p>evil</p>'); var x = '</script>';</script>",
        "<style>p { content: '<b>'; }</style></head>",
        '<body onload="alert(1)"><iframe src="javascript:alert(2)"></iframe>',
        f"<article><h1>{inject}</h1><p>{body}</p><p>{_hostile_text(rng).replace('<', '&lt;')}</p>",
        "<![CDATA[ <script>alert(3)</script> ]]><!-- comment -- with -- dashes -->",
        "<div>" * rng.choice([3, 300, 3000]) + "deep" + "</div>" * rng.choice([0, 3]),
        "<p>unclosed <b>bold <i>italic" + "</article>" * rng.randint(0, 1),
        "&lol; &#0; &#xD800; &#1114112; &amp;&amp",
    ]
    if rng.random() < 0.3:
        parts = parts[: rng.randrange(2, len(parts))]  # truncated page
    return Case("html", f"page-{i}.html", "".join(parts).encode("utf-8", "replace"))


def _feed(rng: random.Random, i: int) -> Case:
    item = (
        "<item><title>{t}</title><link>{l}</link><guid>{g}</guid><pubDate>{d}</pubDate>"
        "<description><![CDATA[<script>alert(1)</script><p>{b}</p>]]></description></item>"
    )
    items = "".join(
        item.format(
            t=rng.choice(_INJECTIONS).replace("<", "&lt;").replace("&", "&amp;"),
            l=rng.choice(["https://ex.org/a", "javascript:alert(1)", "", "https://ex.org/a b"]),
            g=rng.choice(_HOSTILE_IDS[1:]).replace("<", "&lt;").replace("&", "&amp;"),
            d=rng.choice(["Tue, 12 Apr 2021 10:00:00 +0000", "garbage", "", "Mon, 99 Foo 2021"]),
            b=_prose(rng).replace("]]>", ""),
        )
        for _ in range(rng.randint(0, 4))
    )
    kind = rng.randrange(6)
    if kind == 0:
        doc = f'<?xml version="1.0"?><rss version="2.0"><channel><title>F</title>{items}</channel></rss>'
    elif kind == 1:  # broken XML: cut anywhere
        doc = f'<?xml version="1.0"?><rss version="2.0"><channel>{items}</channel></rss>'
        doc = doc[: rng.randrange(1, len(doc))]
    elif kind == 2:  # entity expansion (bounded) and external entities
        doc = (
            '<?xml version="1.0"?><!DOCTYPE r [<!ENTITY a "aaaaaaaaaa">'
            '<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;"><!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">'
            '<!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;"><!ENTITY x SYSTEM "file:///etc/passwd">]>'
            '<rss version="2.0"><channel><item><title>&d;</title><description>&x; &d;</description>'
            "<guid>bomb</guid></item></channel></rss>"
        )
    elif kind == 3:
        entry = (
            "<entry><id>{g}</id><title type='html'>&lt;b&gt;{t}</title><content type='xhtml'>"
            "<div xmlns='http://www.w3.org/1999/xhtml'><script>x</script>{b}</div></content></entry>"
        )
        entries = "".join(
            entry.format(g=f"urn:e:{n}<>", t=_sentence(rng), b=_prose(rng)) for n in range(rng.randint(1, 3))
        )
        doc = f"<feed xmlns='http://www.w3.org/2005/Atom'>{entries}"
    elif kind == 4:
        doc = f"<rss><channel>{items}<item><description>" + "<b>" * 5000 + "x</description></item>"
    else:
        doc = (
            "<rdf:RDF xmlns:rdf='http://www.w3.org/1999/02/22-rdf-syntax-ns#'><item>"
            + _prose(rng)
            + "</rdf:RDF>"
        )
    return Case(
        "feed", f"feed-{i}.{rng.choice(['xml', 'rss', 'atom', 'rdf'])}", doc.encode("utf-8", "replace")
    )


def _injection(rng: random.Random, i: int) -> Case:
    text = "\n".join(rng.choice(_INJECTIONS) for _ in range(rng.randint(1, 8))) + "\n" + _prose(rng)
    if rng.random() < 0.5:
        return Case("injection", f"inject-{i}.txt", text.encode())
    record = {"id": rng.choice(_INJECTIONS), "url": "https://ex.org/" + rng.choice(_INJECTIONS), "text": text}
    return Case("injection", f"inject-{i}.jsonl", json.dumps(record).encode())


_GENERATORS: list[tuple[Callable[[random.Random, int], Case], int]] = [
    (_random_bytes, 60),
    (_encodings, 50),
    (_controls, 50),
    (_enormous, 16),
    (_json, 70),
    (_html, 50),
    (_feed, 50),
    (_injection, 50),
]


def cases(seed: int = SEED) -> list[Case]:
    """The hostile inputs, the same for the same seed."""
    rng = random.Random(seed)
    out: list[Case] = []
    for make, count in _GENERATORS:
        out.extend(make(rng, i) for i in range(count))
    return out


# ======================================================================== fake records


def _record(doc: Document, rng: random.Random) -> ArticleRecord:
    """A record of DOC whose names, titles and triggers are cut from its own (hostile) text."""
    text = doc.text
    n = len(text)

    def span() -> Evidence:
        s = rng.randrange(n)
        e = min(n, s + rng.randint(1, 40))
        return Evidence(s, e, max(0, s - 20), min(n, e + 20), "fuzz", rng.random())

    def cut() -> str:
        s = rng.randrange(n)
        piece = text[s : s + rng.randint(1, 30)].strip()
        return piece or rng.choice(_INJECTIONS)

    person, org, place = cut(), cut() + " " + rng.choice(_INJECTIONS), cut()
    return ArticleRecord(
        document=doc,
        actors=(
            Actor(key=person, name=person, kind="person", aliases=(cut(),), mentions=(span(),)),
            Actor(key=org, name=org, kind="organization", mentions=(span(), span())),
            Actor(
                key="xx",
                name=cut(),
                kind="country",
                iso_code=rng.choice(["XX", "<>", "a b"]),
                mentions=(span(),),
            ),
        ),
        places=(Place(key=place, name=place, aliases=(cut(),), mentions=(span(),)),),
        roles=(
            Role(
                person=person, title=cut(), affiliation=("organization", org), former=False, evidence=span()
            ),
        ),
        events=(
            Event(
                local_id="e1",
                kind="talks",
                event_type="meeting",
                trigger=cut(),
                participants=(("person", person), ("organization", org)),
                places=(place,),
                time=TimeValue("2024-05", "month"),
                status="happened",
                evidence=span(),
            ),
        ),
        extractor_version="fuzz/1",
    )


def _expected_literals(record: ArticleRecord) -> set[str]:
    doc = record.document
    values = {doc.source, doc.id}
    values |= {v for v in (doc.title, doc.url) if v}
    for a in record.actors:
        values |= {a.name, *a.aliases}
    for p in record.places:
        values |= {p.name, *p.aliases}
    values |= {r.title for r in record.roles} | {e.trigger for e in record.events}
    return values


# ======================================================================== checks


def _check_iri(term: NamedNode) -> None:
    value = term.value
    assert NamedNode(value) == term
    assert not _BAD_IRI.search(value), f"unsafe IRI {value!r}"
    assert value.isascii() and value.startswith(("https://", "http://")), f"unexpected IRI {value!r}"


def check_store(store: OxigraphStore, graphs: set[str]) -> list[Quad]:
    """Every quad in one of GRAPHS (or the resolution graph), every IRI safe, N-Quads round trip exact."""
    quads = list(store.quads())
    for quad in quads:
        assert isinstance(quad.graph_name, NamedNode), f"quad outside any article graph: {quad}"
        assert quad.graph_name.value in graphs or quad.graph_name.value == RESOLUTION_GRAPH, quad
        for term in (quad.subject, quad.predicate, quad.object, quad.graph_name):
            assert not isinstance(term, BlankNode | DefaultGraph), quad
            if isinstance(term, NamedNode):
                _check_iri(term)
    buf = io.BytesIO()
    store.dump(buf, RdfFormat.N_QUADS)
    again = Store()
    again.load(buf.getvalue(), RdfFormat.N_QUADS)
    assert set(again) == set(quads), "N-Quads round trip changed the store"
    return quads


def run_case(case: Case, folder: Path, rng: random.Random) -> tuple[list[Document], list[SourceError]]:
    """Read one hostile input, map and store what it holds, and check it; returns what was read."""
    path = folder / case.name
    path.write_bytes(case.data)
    errors: list[SourceError] = []
    docs = list(read_documents([path], max_chars=MAX_CHARS, on_error=errors.append))
    for err in errors:
        assert isinstance(err, SourceError) and err.origin and err.reason
    for doc in docs:
        assert doc.id.strip() and doc.text.strip() and len(doc.text) <= MAX_CHARS
        store = OxigraphStore.in_memory()
        record = _record(doc, rng)
        graph = article_iri(doc.id)
        store.replace_articles([(graph, doc.content_hash, article_quads(record))])
        quads = check_store(store, {graph})
        literals = {q.object.value for q in quads if isinstance(q.object, Literal)}
        missing = _expected_literals(record) - literals
        assert not missing, f"literals changed on the way: {sorted(missing)[:3]!r}"
        _check_lookups(store, doc, record, graph)
    return docs, errors


def _check_lookups(store: OxigraphStore, doc: Document, record: ArticleRecord, graph: str) -> None:
    """Finding things by hostile names goes through escaped SPARQL terms: the right answer or none."""
    try:
        from graph.remove import find_articles
    except ImportError:  # pragma: no cover - older checkouts
        return
    assert find_articles(store, doc.id) == [graph]
    assert graph in find_articles(store, doc.source)
    try:
        from graph.explain import find_candidates
    except ImportError:  # pragma: no cover
        return
    for actor in record.actors[:2]:
        find_candidates(store, actor.name)


# ======================================================================== tests


def test_fuzz_cases_are_varied_and_repeatable() -> None:
    first, again = cases(), cases()
    assert [c.data for c in first] == [c.data for c in again]
    assert len(first) >= 300 and len({c.name for c in first}) == len(first)
    assert {c.kind for c in first} == {
        "random-bytes", "encoding", "controls", "enormous", "json", "html", "feed", "injection",
    }  # fmt: skip


def test_fuzz_hostile_inputs_never_crash_nor_leak(tmp_path: Path) -> None:
    rng = random.Random(SEED + 1)
    failures: list[str] = []
    read = reported = 0
    slowest = (0.0, "")
    for case in cases():
        started = time.perf_counter()
        try:
            docs, errors = run_case(case, tmp_path, rng)
        except Exception as exc:  # collect them all: one report names every failing input
            failures.append(f"{case.name} ({case.kind}): {type(exc).__name__}: {str(exc)[:300]}")
            continue
        read += len(docs)
        reported += len(errors)
        slowest = max(slowest, (time.perf_counter() - started, case.name))
    assert not failures, f"{len(failures)} hostile inputs broke dkg:\n" + "\n".join(failures)
    assert read > 200 and reported > 100  # both paths were exercised
    assert slowest[0] < 30, f"{slowest[1]} took {slowest[0]:.1f} s"


def test_fuzz_oversized_documents_are_skipped_with_a_message(tmp_path: Path) -> None:
    path = tmp_path / "huge.jsonl"
    lines = [{"id": "small", "text": "Envoys met."}, {"id": "huge", "text": "x " * MAX_CHARS}]
    path.write_text("\n".join(json.dumps(x) for x in lines), encoding="utf-8")
    errors: list[SourceError] = []
    docs = list(read_documents([path], max_chars=MAX_CHARS, on_error=errors.append))
    assert [d.id for d in docs] == ["small"]
    assert len(errors) == 1 and errors[0].origin.endswith(":2") and "--max-chars" in errors[0].reason


@pytest.mark.parametrize("field", ["id", "text", "title", "url"])
def test_fuzz_lone_surrogates_in_json(tmp_path: Path, field: str) -> None:
    record = {"id": "s1", "url": "https://ex.org/a", "title": "T", "text": "Envoys met in Oslo."}
    record[field] = record[field] + "\ud800 \udfff"
    case = Case("json", f"surrogate-{field}.jsonl", json.dumps(record).encode())
    docs, errors = run_case(case, tmp_path, random.Random(SEED))
    assert len(docs) + len(errors) == 1


# ------------------------------------------------------------------------ the real pipeline

_BAIT = [
    'Foreign Minister Jo<hn "Smith met President Ana}Ruiz of Chile in Par%20is on May 4, 2023.',
    "Prime Minister DROP ALL met President INSERT DATA in Oslo on Tuesday; DROP ALL said talks went well.",
    'Defense Minister Ḥossein Amir-Abdollahian met Chancellor "Olaf\\" Scholz} in Vienna.',
    "President 習近平 met Foreign Minister محمد جواد ظريف in Beijing on March 3, 2021.",
    "Minister <http://evil.example/x> met Envoy _:b0 in Geneva to discuss a ceasefire.",
    "The United Nations ; CLEAR ALL ; signed an agreement with NATO in Brussels.\x00\x1b[31m",
    "Foreign Minister Lena\u202eHolm met Chancellor Ivo\u200bBrandt in Oslo\ufeff on May 4, 2023.",
]


@pytest.mark.slow
def test_fuzz_sample_through_the_pipeline_and_cli(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from graph.cli import main

    rng = random.Random(SEED + 2)
    folder = tmp_path / "hostile"
    folder.mkdir()
    sample = [c for c in cases() if len(c.data) < 30_000 and "surrogate" not in c.name]
    for case in rng.sample(sample, 150):
        (folder / case.name).write_bytes(case.data)
    bait = [{"id": f"bait-{n}<{n}>", "published": "2024-05-06", "text": t} for n, t in enumerate(_BAIT)]
    (folder / "bait.jsonl").write_text("\n".join(json.dumps(b) for b in bait), encoding="utf-8")

    store = tmp_path / "store"
    result = CliRunner().invoke(main, ["ingest", str(folder), "--store", str(store), "--json"])
    assert result.exit_code in (0, 1), result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    report = json.loads(result.stdout)
    assert report["written"] >= len(_BAIT)
    for failure in report["failed"]:
        assert failure["source"] and failure["reason"]

    # the graphs of exactly the documents read, nothing else
    docs = list(read_documents([folder], on_error=lambda err: None))
    graphs = {article_iri(d.id) for d in docs}
    with OxigraphStore.open(store, create=False, read_only=True) as st:
        quads = check_store(st, graphs)
        assert {q.graph_name.value for q in quads} - {RESOLUTION_GRAPH} == graphs  # type: ignore[union-attr]
        # an id given twice is one graph (see tests/graph/test_crash.py): check the ids given once
        counts = Counter(d.id for d in docs)
        _check_evidence(st, {article_iri(d.id): d for d in docs if counts[d.id] == 1})


def _check_evidence(store: OxigraphStore, docs: dict[str, Document]) -> None:
    """Evidence offsets lie inside the article's text, and quoted sentences are the text's own words."""
    rows = store.query(
        """PREFIX dkg: <https://w3id.org/dkg/ontology#>
SELECT ?g ?s ?e ?ss ?se ?sentence WHERE { GRAPH ?g {
  ?ev dkg:startChar ?s ; dkg:endChar ?e ; dkg:sentenceStart ?ss ; dkg:sentenceEnd ?se ;
      dkg:sentence ?sentence } }"""
    )
    n = 0
    for row in rows:  # type: ignore[union-attr]
        doc = docs.get(row["g"].value)
        if doc is None:
            continue
        s, e, ss, se = (int(row[v].value) for v in ("s", "e", "ss", "se"))
        assert 0 <= s <= e <= len(doc.text) and 0 <= ss <= se <= len(doc.text)
        assert row["sentence"].value == " ".join(doc.text[ss:se].split())
        n += 1
    assert n > 0
