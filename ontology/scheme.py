"""The event-type scheme as plain Python data.

``ontology/event_types.ttl`` is a SKOS concept scheme: five top concepts (one per event
kind) and narrower concepts with PLOVER/CAMEO notations and trigger words. This module
reads it once and hands out frozen records, so extractors never touch RDF.

>>> types = {t.name: t for t in load_event_types()}
>>> types["phone_call"].kind, types["phone_call"].plover, types["phone_call"].cameo
('talks', 'CONSULT', '041')
>>> "explode" in types["explosion"].verb_triggers
True
>>> types["incident"].kind, types["incident"].plover
('incident', None)
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from ontology import EVENT_TYPE_IRI, EVENT_TYPES_PATH, ONTOLOGY_IRI
from ontology.errors import EventTypeError

if TYPE_CHECKING:
    from rdflib import Graph
    from rdflib.term import Node, URIRef

__all__ = ["EVENT_KINDS", "EventType", "load_event_types"]

#: The broad kinds of event, each the dkg:kind of one top concept.
EVENT_KINDS: tuple[str, ...] = ("talks", "incident", "sanction", "agreement", "other")

_SKOS = "http://www.w3.org/2004/02/skos/core#"
_RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"


@dataclass(frozen=True, slots=True)
class EventType:
    """One concept of the event-type scheme.

    name: local name of the concept IRI in ``https://w3id.org/dkg/event-type/``
        ("meeting", "explosion"; a top concept's name is its kind, e.g. "talks").
    label: its English skos:prefLabel ("phone call").
    kind: "talks", "incident", "sanction", "agreement" or "other": the dkg:kind of the
        concept or of the top concept it reaches through skos:broader.
    noun_triggers: lowercase noun lemmas or phrases signalling it ("blast", "round of talks"),
        sorted; "talks" is kept plural.
    verb_triggers: lowercase verb lemmas signalling it ("explode"), sorted; a few are
        phrasal ("blow up").
    plover: its PLOVER event category ("CONSULT"), or None for a top concept.
    cameo: its CAMEO event code as a string with leading zeros ("042"), or None.
    """

    name: str
    label: str
    kind: str
    noun_triggers: tuple[str, ...]
    verb_triggers: tuple[str, ...]
    plover: str | None
    cameo: str | None

    @property
    def iri(self) -> str:
        """The concept's IRI, e.g. ``https://w3id.org/dkg/event-type/meeting``."""
        return EVENT_TYPE_IRI + self.name


def load_event_types(path: Path | None = None) -> tuple[EventType, ...]:
    """Every concept of the event-type scheme, top concepts included, sorted by name.

    :param path: a Turtle file in the format of ``ontology/event_types.ttl``; by default
        that file, parsed once per process and cached.
    :raises EventTypeError: when the file is missing or not Turtle, or a concept has no
        kind reachable via skos:broader, no label, two notations of one system, or a
        trigger that is not lowercase or that another concept claims too.

    >>> [t.name for t in load_event_types() if t.kind == "agreement"]
    ['agreement', 'agreement_signed', 'ceasefire']
    """
    if path is None:
        return _load_default()
    return _load(Path(path))


@lru_cache(maxsize=1)
def _load_default() -> tuple[EventType, ...]:
    return _load(EVENT_TYPES_PATH)


def _load(path: Path) -> tuple[EventType, ...]:
    from rdflib import Graph

    graph = Graph()
    try:
        graph.parse(path, format="turtle")
    except FileNotFoundError as exc:
        raise EventTypeError(f"No event-type scheme at {path}; pass the path of a Turtle file") from exc
    except Exception as exc:  # rdflib raises its parser's own errors (BadSyntax, ValueError, ...)
        raise EventTypeError(f"{path} is not valid Turtle ({exc}); fix the syntax and load it again") from exc
    return _Reader(graph, path).event_types()


class _Reader:
    """Walks the scheme's graph; every problem becomes an EventTypeError naming the concept."""

    def __init__(self, graph: Graph, path: Path) -> None:
        from rdflib.term import URIRef

        self.graph = graph
        self.path = path
        self.kind_p = URIRef(ONTOLOGY_IRI + "kind")
        self.noun_p = URIRef(ONTOLOGY_IRI + "nounTrigger")
        self.verb_p = URIRef(ONTOLOGY_IRI + "verbTrigger")
        self.plover_dt = URIRef(ONTOLOGY_IRI + "PLOVER")
        self.cameo_dt = URIRef(ONTOLOGY_IRI + "CAMEO")
        self.broader_p = URIRef(_SKOS + "broader")
        self.label_p = URIRef(_SKOS + "prefLabel")
        self.notation_p = URIRef(_SKOS + "notation")
        self.concept_c = URIRef(_SKOS + "Concept")
        self.type_p = URIRef(_RDF_TYPE)
        self._kinds: dict[Node, str] = {}

    def fail(self, concept: Node | None, message: str) -> EventTypeError:
        where = f"{self.path}: <{concept}>" if concept is not None else f"{self.path}:"
        return EventTypeError(f"{where} {message}")

    def event_types(self) -> tuple[EventType, ...]:
        concepts = sorted(self.graph.subjects(self.type_p, self.concept_c), key=str)
        if not concepts:
            raise self.fail(None, "defines no skos:Concept; is this the event-type scheme?")
        result = [self.event_type(concept) for concept in concepts]
        self.check_triggers(result)
        return tuple(sorted(result, key=lambda t: t.name))

    def event_type(self, concept: Node) -> EventType:
        iri = str(concept)
        if not iri.startswith(EVENT_TYPE_IRI) or len(iri) == len(EVENT_TYPE_IRI):
            raise self.fail(concept, f"is not in the event-type namespace {EVENT_TYPE_IRI}")
        return EventType(
            name=iri[len(EVENT_TYPE_IRI) :],
            label=self.label(concept),
            kind=self.kind(concept, ()),
            noun_triggers=self.triggers(concept, self.noun_p, "dkg:nounTrigger"),
            verb_triggers=self.triggers(concept, self.verb_p, "dkg:verbTrigger"),
            plover=self.notation(concept, self.plover_dt, "dkg:PLOVER"),
            cameo=self.notation(concept, self.cameo_dt, "dkg:CAMEO"),
        )

    def strings(self, subject: Node, predicate: URIRef) -> list[str]:
        return [str(o) for o in self.graph.objects(subject, predicate)]

    def label(self, concept: Node) -> str:
        labels = [
            str(o)
            for o in self.graph.objects(concept, self.label_p)
            if getattr(o, "language", None) in (None, "en")
        ]
        if len(labels) != 1:
            found = "none" if not labels else ", ".join(repr(x) for x in sorted(labels))
            raise self.fail(concept, f"needs exactly one English skos:prefLabel (found {found})")
        return labels[0]

    def kind(self, concept: Node, path: tuple[Node, ...]) -> str:
        if concept in self._kinds:
            return self._kinds[concept]
        if concept in path:
            cycle = " -> ".join(f"<{c}>" for c in (*path, concept))
            raise self.fail(concept, f"is in a skos:broader cycle ({cycle}); remove one link")
        own = self.strings(concept, self.kind_p)
        if len(own) > 1:
            raise self.fail(concept, f"has several dkg:kind values {sorted(own)}; keep one")
        inherited = {self.kind(b, (*path, concept)) for b in self.graph.objects(concept, self.broader_p)}
        if len(inherited) > 1:
            raise self.fail(concept, f"reaches several kinds {sorted(inherited)} via skos:broader; keep one")
        if own and inherited and own[0] not in inherited:
            broader_kind = inherited.pop()
            raise self.fail(concept, f"has dkg:kind {own[0]!r} but its broader concept has {broader_kind!r}")
        kinds = own or sorted(inherited)
        if not kinds:
            raise self.fail(
                concept, "has no kind: give it skos:broader to a top concept (evt:talks, evt:incident, ...)"
            )
        if kinds[0] not in EVENT_KINDS:
            raise self.fail(concept, f"has dkg:kind {kinds[0]!r}; use one of {', '.join(EVENT_KINDS)}")
        self._kinds[concept] = kinds[0]
        return kinds[0]

    def triggers(self, concept: Node, predicate: URIRef, name: str) -> tuple[str, ...]:
        words = self.strings(concept, predicate)
        for word in words:
            if word != " ".join(word.lower().split()) or not word:
                raise self.fail(concept, f"has {name} {word!r}; write it in lowercase with single spaces")
        return tuple(sorted(set(words)))

    def notation(self, concept: Node, datatype: URIRef, name: str) -> str | None:
        notations = self.graph.objects(concept, self.notation_p)
        values = sorted(str(o) for o in notations if getattr(o, "datatype", None) == datatype)
        if len(values) > 1:
            raise self.fail(concept, f"has several {name} notations {values}; keep the closest one")
        return values[0] if values else None

    def check_triggers(self, types: Iterable[EventType]) -> None:
        for pos in ("noun", "verb"):
            owner: dict[str, str] = {}
            for event_type in types:
                words = event_type.noun_triggers if pos == "noun" else event_type.verb_triggers
                for word in words:
                    if word in owner:
                        both = f"evt:{owner[word]} and evt:{event_type.name}"
                        raise self.fail(
                            None, f"{pos} trigger {word!r} is under both {both}; keep it under one"
                        )
                    owner[word] = event_type.name
