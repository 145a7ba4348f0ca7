# Generated from ontology/dkg.ttl; run `python -m ontology.namespaces` to regenerate.
# ruff: noqa: N815
"""Closed rdflib namespaces for the vocabularies dkg writes.

``DKG`` (the project vocabulary, ``ontology/dkg.ttl``) and ``EVT`` (the event-type
scheme, ``ontology/event_types.ttl``) are generated from the Turtle, so the Turtle stays
the source: after editing it, run ``python -m ontology.namespaces --write`` (``--check``
exits 1 when this module is out of date). ``SEM`` and ``GEO`` (WGS84, not rdflib's
GeoSPARQL ``GEO``) list just the terms dkg uses. Each class is closed: a misspelt term
raises instead of minting a new IRI.

>>> DKG.Talks
rdflib.term.URIRef('https://w3id.org/dkg/ontology#Talks')
>>> EVT.phone_call
rdflib.term.URIRef('https://w3id.org/dkg/event-type/phone_call')
>>> DKG.Talk
Traceback (most recent call last):
    ...
AttributeError: term 'Talk' not in namespace 'https://w3id.org/dkg/ontology#'

rdflib's own namespaces are re-exported for convenience: ``SKOS``, ``PROV``, ``DCTERMS``,
``SDO`` (schema.org, ``https://schema.org/``), ``FOAF``, ``RDF``, ``RDFS``, ``XSD``,
``OWL`` and ``SH``.
"""

from __future__ import annotations

import argparse
import sys
import textwrap
from collections.abc import Iterable, Sequence
from pathlib import Path

from rdflib import Graph
from rdflib.namespace import (
    DCTERMS,
    FOAF,
    OWL,
    PROV,
    RDF,
    RDFS,
    SDO,
    SH,
    SKOS,
    XSD,
    DefinedNamespace,
    Namespace,
)
from rdflib.term import URIRef

__all__ = [
    "DCTERMS",
    "DKG",
    "EVT",
    "FOAF",
    "GEO",
    "OWL",
    "PROV",
    "RDF",
    "RDFS",
    "SDO",
    "SEM",
    "SH",
    "SKOS",
    "XSD",
    "main",
]


# --- BEGIN GENERATED: edit ontology/*.ttl, then run `python -m ontology.namespaces --write` ---
class DKG(DefinedNamespace):
    """dkg: diplomatic knowledge graph vocabulary

    Generated from: ontology/dkg.ttl
    Version: 0.1.0
    """

    _fail = True

    # http://www.w3.org/2002/07/owl#Class
    Actor: URIRef  # A person, organization or country that takes part in events.
    Agreement: URIRef  # A deal, accord, treaty or ceasefire signed or reached.
    Article: URIRef  # A news article that facts were read from.
    City: URIRef  # A city, town or village.
    # A country, or country-like actor such as Taiwan or the European Union acting as a party, that acts in a
    # story or is its subject; never a place.
    Country: URIRef
    Event: URIRef  # A distinct real-world event reported by an article.
    # A span of an article's text that supports a fact, with the sentence around it, the component that read
    # it and its confidence.
    Evidence: URIRef
    Extraction: URIRef  # One run of the dkg pipeline over an article, which generated the article's graph.
    # A building, site or installation: a nuclear plant, port, airport, pipeline, base or palace.
    Facility: URIRef
    # An attack, strike, seizure, explosion, missile or rocket launch, kidnapping or detention.
    Incident: URIRef
    NewsOutlet: URIRef  # A news outlet or agency.
    # A government body, international organization, armed group, company or other organization; the UN, the
    # African Union and ECOWAS are organizations.
    Organization: URIRef
    OtherEvent: URIRef  # An event of none of the four main kinds.
    Person: URIRef  # A named real person mentioned in an article.
    Place: URIRef  # A location where something happened: a city, facility, region, sea or pipeline.
    # A title a person holds for an affiliation ("National Security Adviser" of the United States), as
    # attested by an article.
    Position: URIRef
    Region: URIRef  # A region, province, state or other area inside or across countries.
    Sanction: URIRef  # Sanctions imposed, lifted, or threatened as an action.
    # A meeting, negotiation, summit, phone call, visit, diplomatic summons or UN Security Council meeting,
    # held or planned.
    Talks: URIRef
    WaterBody: URIRef  # A sea, gulf, strait, lake or river.

    # http://www.w3.org/2000/01/rdf-schema#Datatype
    # Datatype of skos:notation literals holding a CAMEO event code, such as "042" (make a visit); leading
    # zeros are kept.
    CAMEO: URIRef
    # Datatype of skos:notation literals naming a PLOVER event category, such as "CONSULT" or "ASSAULT".
    PLOVER: URIRef

    # http://www.w3.org/2002/07/owl#ObjectProperty
    affiliation: URIRef  # Links a position to the country or organization it belongs to.
    # Links an actor or event node to the canonical node standing for it across all articles (possibly
    # itself); written by cross-article resolution in its own named graph
    # <https://w3id.org/dkg/id/graph/resolution>, never in an article's graph.
    canonical: URIRef
    evidence: URIRef  # Links any extracted node to a text span supporting it.
    holds: URIRef  # Links a person to a position (title and affiliation) they hold or held.
    inCountry: URIRef  # Links a place to the country it lies in.
    # Links an article to an actor that acts in it or is its subject, as opposed to one named only as a
    # location or a nationality ("talks in Austria", "Chinese fishing boats").
    involves: URIRef
    mentions: URIRef  # Links an article to a node extracted from it: an actor, place, position or event.
    reportedBy: URIRef  # Links an event to each article that mentions it.
    # Links two event nodes, usually from different articles, that describe one real-world event; the nodes
    # stay distinct, unlike owl:sameAs.
    sameEventAs: URIRef

    # http://www.w3.org/2002/07/owl#DatatypeProperty
    confidence: URIRef  # The extractor's estimate, from 0 to 1, that the fact is right.
    contentHash: URIRef  # Hex SHA-256 over everything that changes the extraction of the article.
    countryCode: URIRef  # ISO 3166-1 alpha-2 code of the country a place lies in, in upper case.
    # When the event happened (or will), as precise as the text allows: an xsd:date, xsd:gYearMonth or
    # xsd:gYear.
    date: URIRef
    datePrecision: URIRef  # How precise the event's dkg:date is: "day", "month" or "year".
    # Offset just past the last character of the supporting span in the original article text.
    endChar: URIRef
    extractor: URIRef  # Name of the pipeline component that read the fact, such as "dkg_events".
    # Version of the dkg pipeline that produced an article's graph, on the article or its extraction.
    extractorVersion: URIRef
    former: URIRef  # True when the text says the position is no longer held ("former President").
    geonamesId: URIRef  # The place's GeoNames feature id.
    isoCode: URIRef  # The country's ISO 3166-1 alpha-2 code in upper case, such as "US".
    # The broad kind of an event or of a top concept of the event-type scheme: "talks", "incident",
    # "sanction", "agreement" or "other".
    kind: URIRef
    # A lowercase noun lemma or noun phrase that signals an event of this type ("explosion", "round of
    # talks").
    nounTrigger: URIRef
    sentence: URIRef  # The text of the sentence holding the span.
    # Offset just past the last character of the sentence holding the span in the original article text.
    sentenceEnd: URIRef
    # Offset of the first character of the sentence holding the span in the original article text.
    sentenceStart: URIRef
    source: URIRef  # The article's public name in query results: its URL, else its id, as a plain string.
    # How many articles report a canonical event (the number of its dkg:reportedBy links in the resolution
    # graph).
    sourceCount: URIRef
    startChar: URIRef  # Offset of the first character of the supporting span in the original article text.
    status: URIRef  # Whether the event "happened", is "planned" or is "ongoing" at publication time.
    # The title as the text gives it, in Title Case, without the country, such as "National Security Adviser".
    title: URIRef
    trigger: URIRef  # The words that signal the event, as written in the article ("held talks", "explosion").
    verbTrigger: URIRef  # A lowercase verb lemma that signals an event of this type ("meet", "explode").

    _NS = Namespace("https://w3id.org/dkg/ontology#")


class EVT(DefinedNamespace):
    """dkg event types

    Generated from: ontology/event_types.ttl
    Version: 0.1.0
    """

    _fail = True

    # http://www.w3.org/2004/02/skos/core#ConceptScheme
    # Types of diplomatic event read from news, with their PLOVER categories, CAMEO codes and trigger words.
    scheme: URIRef

    # http://www.w3.org/2004/02/skos/core#Concept (top concepts: the five kinds)
    agreement: URIRef  # A deal, accord, treaty or ceasefire signed or reached.
    # Attacks, strikes, seizures, explosions, missile or rocket launches, kidnappings, detentions of leaders.
    incident: URIRef
    other: URIRef  # An event of none of the four main kinds.
    sanction: URIRef  # Sanctions imposed, lifted, or threatened as an action.
    # Meetings, negotiations, summits, phone calls, visits with meetings, diplomatic summonses, UN Security
    # Council meetings and votes, held or planned.
    talks: URIRef

    # http://www.w3.org/2004/02/skos/core#Concept (narrower concepts)
    agreement_signed: URIRef  # Parties sign or reach a deal, accord, treaty or memorandum.
    airstrike: URIRef  # An attack from the air by aircraft, missiles or rockets.
    assassination: URIRef  # A targeted killing of a named person, or an attempt at one.
    attack: URIRef  # An armed attack on people, vehicles, ships or buildings, not described more precisely.
    bombing: URIRef  # A bomb is set off deliberately: suicide, car or roadside bombing.
    ceasefire: URIRef  # Parties declare or agree a ceasefire or truce.
    # A multilateral gathering of officials: a ministerial, a peace or donor conference, a forum.
    conference: URIRef
    # An attack on computer systems or networks: a hack, ransomware, a disabling of services.
    cyberattack: URIRef
    detention: URIRef  # Authorities arrest or detain a person, such as a leader, a diplomat or a journalist.
    drone_attack: URIRef  # An attack by unmanned aircraft.
    explosion: URIRef  # Something explodes; the cause or perpetrator may be unknown.
    kidnapping: URIRef  # People are abducted or taken hostage, or a vehicle, ship or aircraft is hijacked.
    # Representatives of two or more parties meet in person, or hold talks without the text saying more.
    meeting: URIRef
    missile_launch: URIRef  # A missile, rocket or satellite launch or test that is not an attack on a target.
    # Parties bargain over the terms of a deal, a ceasefire or a dispute, directly or through a mediator.
    negotiation: URIRef
    phone_call: URIRef  # Two or more parties talk by telephone or video link.
    sabotage: URIRef  # Deliberate damage to a facility, pipeline, cable or ship.
    # A government or bloc imposes sanctions, an embargo, an asset freeze or a blacklisting.
    sanction_imposed: URIRef
    sanction_lifted: URIRef  # Sanctions are lifted, eased or suspended.
    # A party threatens sanctions as a concrete action ("or face additional sanctions").
    sanction_threatened: URIRef
    seizure: URIRef  # A party takes control of a ship, aircraft, cargo, property or territory by force.
    shelling: URIRef  # An attack with artillery, mortars or tanks.
    shooting: URIRef  # An attack with firearms: gunmen open fire, a shootout.
    # A recurring, structured consultation between governments, often in named rounds ("strategic dialogue",
    # "2+2 dialogue").
    strategic_dialogue: URIRef
    summit: URIRef  # A meeting of heads of state or government, in person or virtual.
    summons: URIRef  # A government summons another country's ambassador or envoy to its foreign ministry.
    un_security_council_meeting: URIRef  # A meeting, session or vote of the United Nations Security Council.
    visit: URIRef  # An official travels to another party's country or seat and meets its representatives.

    _NS = Namespace("https://w3id.org/dkg/event-type/")


class SEM(DefinedNamespace):
    """Simple Event Model (SEM): the terms dkg uses.

    See: http://semanticweb.cs.vu.nl/2009/11/sem/
    """

    _fail = True

    # http://www.w3.org/2002/07/owl#Class
    Actor: URIRef  # Actors are entities that take part in an Event, either actively or passively.
    Event: URIRef  # Events are things that happen.
    Place: URIRef  # Places are locations where an Event happens.
    Role: URIRef  # Roles are properties with a subspecified function or position indicated by a RoleType.

    # http://www.w3.org/2002/07/owl#ObjectProperty
    eventType: URIRef  # Has type is used to assign a type to an Event.
    hasActor: URIRef  # Has actor is used to state which Actors or Objects participate in an Event.
    hasPlace: URIRef  # Has place is used to state in which Place(s) an Event happened.
    roleType: URIRef  # The type of a Role.

    # http://www.w3.org/2002/07/owl#DatatypeProperty
    hasTimeStamp: URIRef  # Has time stamp is used to indicate a point in time.

    _NS = Namespace("http://semanticweb.cs.vu.nl/2009/11/sem/")


class GEO(DefinedNamespace):
    """WGS84 Geo Positioning (not GeoSPARQL): the terms dkg uses.

    See: https://www.w3.org/2003/01/geo/
    """

    _fail = True

    # http://www.w3.org/2002/07/owl#DatatypeProperty
    lat: URIRef  # The WGS84 latitude of a SpatialThing (decimal degrees).
    long: URIRef  # The WGS84 longitude of a SpatialThing (decimal degrees).

    _NS = Namespace("http://www.w3.org/2003/01/geo/wgs84_pos#")


# --- END GENERATED ---


# The generator. It rewrites only the lines between the two markers above.

_BEGIN = "# --- BEGIN GENERATED"
_END = "# --- END GENERATED ---"
_LINE_LENGTH = 110

DKG_IRI = "https://w3id.org/dkg/ontology#"
EVT_IRI = "https://w3id.org/dkg/event-type/"
SEM_IRI = "http://semanticweb.cs.vu.nl/2009/11/sem/"
GEO_IRI = "http://www.w3.org/2003/01/geo/wgs84_pos#"

#: The terms of external vocabularies that dkg uses, with what each means.
_SEM_TERMS: dict[str, tuple[tuple[str, str], ...]] = {
    "http://www.w3.org/2002/07/owl#Class": (
        ("Actor", "Actors are entities that take part in an Event, either actively or passively."),
        ("Event", "Events are things that happen."),
        ("Place", "Places are locations where an Event happens."),
        ("Role", "Roles are properties with a subspecified function or position indicated by a RoleType."),
    ),
    "http://www.w3.org/2002/07/owl#ObjectProperty": (
        ("eventType", "Has type is used to assign a type to an Event."),
        ("hasActor", "Has actor is used to state which Actors or Objects participate in an Event."),
        ("hasPlace", "Has place is used to state in which Place(s) an Event happened."),
        ("roleType", "The type of a Role."),
    ),
    "http://www.w3.org/2002/07/owl#DatatypeProperty": (
        ("hasTimeStamp", "Has time stamp is used to indicate a point in time."),
    ),
}
_GEO_TERMS: dict[str, tuple[tuple[str, str], ...]] = {
    "http://www.w3.org/2002/07/owl#DatatypeProperty": (
        ("lat", "The WGS84 latitude of a SpatialThing (decimal degrees)."),
        ("long", "The WGS84 longitude of a SpatialThing (decimal degrees)."),
    ),
}

_TYPE_ORDER = (
    OWL.Class,
    RDFS.Datatype,
    OWL.ObjectProperty,
    OWL.DatatypeProperty,
    OWL.AnnotationProperty,
)


def _first_sentence(text: str) -> str:
    text = " ".join(text.split())
    end = text.find(". ")
    return text if end < 0 else text[: end + 1]


def _term_lines(name: str, comment: str) -> list[str]:
    """``name: URIRef  # comment``; a long comment is cut at its first ";" or else put above the term."""
    for text in (comment, comment.split(";")[0].rstrip(".") + "."):
        line = f"    {name}: URIRef  # {text}" if text.strip(".") else f"    {name}: URIRef"
        if len(line) <= _LINE_LENGTH:
            return [line]
    wrapped = textwrap.wrap(comment, width=_LINE_LENGTH - 6)
    return [*(f"    # {part}" for part in wrapped), f"    {name}: URIRef"]


def _class_source(
    name: str, doc: str, iri: str, groups: Iterable[tuple[str, Sequence[tuple[str, str]]]]
) -> list[str]:
    doc_lines = [f"    {line}".rstrip() for line in doc.strip().splitlines()]
    lines = [f"class {name}(DefinedNamespace):", '    """' + doc_lines[0].lstrip(), *doc_lines[1:]]
    lines += ['    """', "", "    _fail = True"]
    for heading, terms in groups:
        if not terms:
            continue
        lines += ["", f"    # {heading}"]
        for term, comment in terms:
            lines += _term_lines(term, comment)
    lines += ["", f'    _NS = Namespace("{iri}")']
    return lines


def _graph(path: Path) -> Graph:
    return Graph().parse(path, format="turtle")


def _text(graph: Graph, subject: URIRef, predicate: URIRef) -> str:
    """The English (or untagged) value of ``predicate``, or ""."""
    values = [
        str(o) for o in graph.objects(subject, predicate) if getattr(o, "language", None) in (None, "en")
    ]
    return min(values) if values else ""


def _dkg_groups(path: Path) -> tuple[str, list[tuple[str, list[tuple[str, str]]]]]:
    graph = _graph(path)
    ontology = next((s for s in graph.subjects(RDF.type, OWL.Ontology) if isinstance(s, URIRef)), None)
    title = _text(graph, ontology, DCTERMS.title) if ontology is not None else "dkg vocabulary"
    version = _text(graph, ontology, OWL.versionInfo) if ontology is not None else ""
    doc = f"{title}\n\nGenerated from: ontology/{path.name}" + (f"\nVersion: {version}" if version else "")
    groups: dict[URIRef, list[tuple[str, str]]] = {t: [] for t in _TYPE_ORDER}
    subjects = {s for s in graph.subjects() if isinstance(s, URIRef) and str(s).startswith(DKG_IRI)}
    for subject in sorted(subjects, key=str):
        types = set(graph.objects(subject, RDF.type))
        kind = next((t for t in _TYPE_ORDER if t in types), None)
        if kind is None:
            raise SystemExit(f"{path}: {subject} has no rdf:type among {', '.join(map(str, _TYPE_ORDER))}")
        name = str(subject)[len(DKG_IRI) :]
        groups[kind].append((name, _first_sentence(_text(graph, subject, RDFS.comment))))
    return doc, [(str(t), terms) for t, terms in groups.items()]


def _evt_groups(path: Path) -> tuple[str, list[tuple[str, list[tuple[str, str]]]]]:
    graph = _graph(path)
    scheme = URIRef(EVT_IRI + "scheme")
    title = _text(graph, scheme, DCTERMS.title) or "dkg event types"
    version = _text(graph, scheme, OWL.versionInfo)
    doc = f"{title}\n\nGenerated from: ontology/{path.name}" + (f"\nVersion: {version}" if version else "")
    top: list[tuple[str, str]] = []
    narrower: list[tuple[str, str]] = []
    concepts = {
        s
        for s in graph.subjects(RDF.type, SKOS.Concept)
        if isinstance(s, URIRef) and str(s).startswith(EVT_IRI)
    }
    for concept in sorted(concepts, key=str):
        name = str(concept)[len(EVT_IRI) :]
        entry = (name, _first_sentence(_text(graph, concept, SKOS.definition)))
        (top if (concept, SKOS.topConceptOf, scheme) in graph else narrower).append(entry)
    groups = [
        (str(SKOS.ConceptScheme), [("scheme", _first_sentence(_text(graph, scheme, DCTERMS.description)))]),
        (f"{SKOS.Concept} (top concepts: the five kinds)", top),
        (f"{SKOS.Concept} (narrower concepts)", narrower),
    ]
    return doc, groups


def _static_groups(terms: dict[str, tuple[tuple[str, str], ...]]) -> list[tuple[str, list[tuple[str, str]]]]:
    return [(heading, sorted(entries)) for heading, entries in terms.items()]


def generate(*, vocabulary: Path | None = None, event_types: Path | None = None) -> str:
    """The source of the generated classes (the lines between the markers), from the Turtle."""
    from ontology import EVENT_TYPES_PATH, VOCABULARY_PATH

    dkg_doc, dkg_groups = _dkg_groups(vocabulary or VOCABULARY_PATH)
    evt_doc, evt_groups = _evt_groups(event_types or EVENT_TYPES_PATH)
    sem_doc = "Simple Event Model (SEM): the terms dkg uses.\n\nSee: http://semanticweb.cs.vu.nl/2009/11/sem/"
    geo_doc = (
        "WGS84 Geo Positioning (not GeoSPARQL): the terms dkg uses.\n\nSee: https://www.w3.org/2003/01/geo/"
    )
    blocks = [
        _class_source("DKG", dkg_doc, DKG_IRI, dkg_groups),
        _class_source("EVT", evt_doc, EVT_IRI, evt_groups),
        _class_source("SEM", sem_doc, SEM_IRI, _static_groups(_SEM_TERMS)),
        _class_source("GEO", geo_doc, GEO_IRI, _static_groups(_GEO_TERMS)),
    ]
    return "\n\n\n".join("\n".join(block) for block in blocks) + "\n\n\n"


def regenerate(source: str, generated: str) -> str:
    """``source`` (this module's text) with the generated region replaced by ``generated``."""
    lines = source.splitlines(keepends=True)
    begin = next(i for i, line in enumerate(lines) if line.startswith(_BEGIN))
    end = next(i for i, line in enumerate(lines) if line.startswith(_END))
    return "".join([*lines[: begin + 1], generated, *lines[end:]])


def main(argv: Sequence[str] | None = None) -> int:
    """Regenerate this module from the Turtle: print it, or ``--write`` it in place.

    Example: ``python -m ontology.namespaces --write``
    """
    parser = argparse.ArgumentParser(prog="python -m ontology.namespaces", description=main.__doc__)
    action = parser.add_mutually_exclusive_group()
    action.add_argument("--write", action="store_true", help="rewrite ontology/namespaces.py in place")
    action.add_argument("--check", action="store_true", help="exit 1 if ontology/namespaces.py is stale")
    args = parser.parse_args(argv)
    path = Path(__file__).resolve()
    current = path.read_text(encoding="utf-8")
    updated = regenerate(current, generate())
    if args.check:
        if updated != current:
            print(f"{path} is out of date; run: python -m ontology.namespaces --write", file=sys.stderr)
            return 1
        return 0
    if args.write:
        if updated != current:
            path.write_text(updated, encoding="utf-8")
            print(f"wrote {path}", file=sys.stderr)
        return 0
    sys.stdout.write(updated)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
