"""ontology/shapes.ttl: valid SHACL that accepts a well-formed graph and names what is wrong in others."""

from __future__ import annotations

import pytest
from pyshacl import validate
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, SH

from ontology import SHAPES_PATH
from ontology.namespaces import DKG, SEM

D = "https://w3id.org/dkg/id/"
XSD_STRING = URIRef("http://www.w3.org/2001/XMLSchema#string")
XSD_DECIMAL = URIRef("http://www.w3.org/2001/XMLSchema#decimal")
PREF_LABEL = URIRef("http://www.w3.org/2004/02/skos/core#prefLabel")
ISSUED = URIRef("http://purl.org/dc/terms/issued")
LAT = URIRef("http://www.w3.org/2003/01/geo/wgs84_pos#lat")

GOOD = """\
@prefix dkg: <https://w3id.org/dkg/ontology#> .
@prefix evt: <https://w3id.org/dkg/event-type/> .
@prefix sem: <http://semanticweb.cs.vu.nl/2009/11/sem/> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix prov: <http://www.w3.org/ns/prov#> .
@prefix dcterms: <http://purl.org/dc/terms/> .
@prefix geo: <http://www.w3.org/2003/01/geo/wgs84_pos#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@base <https://w3id.org/dkg/id/> .

<article/seed-001> a dkg:Article ;
    dkg:source "seed-001" ;
    dkg:contentHash "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08" ;
    dkg:extractorVersion "0.1.0" ;
    dcterms:title "Sullivan to host Israeli counterpart" ;
    dcterms:issued "2021-04-12"^^xsd:date ;
    dkg:mentions <person/jake-sullivan> , <country/us> , <event/seed-001/e1> , <place/vienna> .

<person/jake-sullivan> a dkg:Person ;
    skos:prefLabel "Jake Sullivan" ;
    skos:altLabel "Sullivan" ;
    dkg:holds <position/jake-sullivan/national-security-adviser/us> ;
    dkg:evidence <evidence/seed-001/1> .

<position/jake-sullivan/national-security-adviser/us> a dkg:Position ;
    dkg:title "National Security Adviser" ;
    dkg:affiliation <country/us> ;
    dkg:former false .

<country/us> a dkg:Country ; skos:prefLabel "United States" ; dkg:isoCode "US" .
<country/il> a dkg:Country ; skos:prefLabel "Israel" ; dkg:isoCode "IL" .
<organization/state-department> a dkg:Organization ; skos:prefLabel "State Department" .

<place/vienna> a dkg:City ;
    skos:prefLabel "Vienna" ;
    geo:lat 48.20849 ;
    geo:long 16.37208 ;
    dkg:geonamesId 2761369 ;
    dkg:countryCode "AT" ;
    dkg:inCountry <country/at> .

<event/seed-001/e1> a dkg:Event , dkg:Talks ;
    dkg:kind "talks" ;
    sem:eventType evt:meeting , evt:talks ;
    dkg:date "2021-04-13"^^xsd:date ;
    dkg:datePrecision "day" ;
    dkg:status "planned" ;
    dkg:trigger "host" ;
    sem:hasActor <person/jake-sullivan> , <country/us> , <country/il> , <organization/state-department> ;
    sem:hasPlace <place/vienna> ;
    dkg:reportedBy <article/seed-001> ;
    dkg:evidence <evidence/seed-001/1> .

<event/seed-001/e2> a dkg:Incident ;
    dkg:kind "incident" ;
    sem:eventType evt:explosion ;
    dkg:date "2021-04"^^xsd:gYearMonth ;
    dkg:status "happened" ;
    dkg:sameEventAs <event/seed-002/e1> .

<event/seed-002/e1> a dkg:Incident ;
    dkg:kind "incident" ;
    sem:eventType evt:explosion ;
    dkg:date "2021"^^xsd:gYear ;
    dkg:status "happened" .

<evidence/seed-001/1> a dkg:Evidence ;
    dkg:startChar 0 ;
    dkg:endChar 24 ;
    dkg:sentenceStart 0 ;
    dkg:sentenceEnd 80 ;
    dkg:sentence "National Security Adviser Jake Sullivan will host his Israeli counterpart." ;
    dkg:extractor "dkg_events" ;
    dkg:confidence 0.85 ;
    prov:wasDerivedFrom <article/seed-001> .
"""

ARTICLE = URIRef(D + "article/seed-001")
PERSON = URIRef(D + "person/jake-sullivan")
POSITION = URIRef(D + "position/jake-sullivan/national-security-adviser/us")
US = URIRef(D + "country/us")
VIENNA = URIRef(D + "place/vienna")
EVENT = URIRef(D + "event/seed-001/e1")
EVIDENCE = URIRef(D + "evidence/seed-001/1")


@pytest.fixture(scope="module")
def shapes() -> Graph:
    return Graph().parse(SHAPES_PATH, format="turtle")


def _good() -> Graph:
    return Graph().parse(data=GOOD, format="turtle")


def _violations(data: Graph, shapes: Graph) -> set[tuple[URIRef, URIRef | None]]:
    """(focus node, result path) of every violation; path is None for node-level results."""
    conforms, report, _ = validate(data, shacl_graph=shapes, advanced=True)
    found = set()
    for result in report.objects(predicate=SH.result):  # top-level results, not their sh:detail
        path = report.value(result, SH.resultPath)
        found.add((report.value(result, SH.focusNode), path if isinstance(path, URIRef) else None))
    assert conforms == (not found)
    return found


def test_shapes_is_valid_shacl(shapes: Graph) -> None:
    conforms, _, text = validate(Graph(), shacl_graph=shapes, advanced=True, meta_shacl=True)
    assert conforms, text
    assert len(set(shapes.subjects(RDF.type, SH.NodeShape))) >= 10


def test_shapes_conforming_graph_passes(shapes: Graph) -> None:
    conforms, _, text = validate(_good(), shacl_graph=shapes, advanced=True)
    assert conforms, text


def test_shapes_typed_string_literals_pass(shapes: Graph) -> None:
    data = _good()
    data.set((EVENT, DKG.kind, Literal("talks", datatype=XSD_STRING)))
    data.set((EVENT, DKG.status, Literal("planned", datatype=XSD_STRING)))
    assert _violations(data, shapes) == set()


def test_shapes_broken_graph_names_each_violation(shapes: Graph) -> None:
    data = _good()
    data.set((EVENT, DKG.kind, Literal("war")))
    data.remove((POSITION, DKG.title, None))
    data.set((US, DKG.isoCode, Literal("usa")))
    assert _violations(data, shapes) == {
        (EVENT, DKG.kind),
        (POSITION, DKG.title),
        (US, DKG.isoCode),
    }


def _set(s, p, o):
    return lambda g: g.set((s, p, o))


def _remove(s, p):
    return lambda g: g.remove((s, p, None))


def _add(s, p, o):
    return lambda g: g.add((s, p, o))


@pytest.mark.parametrize(
    ("mutate", "focus", "path"),
    [
        (_remove(ARTICLE, DKG.source), ARTICLE, DKG.source),
        (_add(ARTICLE, DKG.source, Literal("other")), ARTICLE, DKG.source),
        (_remove(ARTICLE, DKG.contentHash), ARTICLE, DKG.contentHash),
        (_set(ARTICLE, ISSUED, Literal("April 12")), ARTICLE, None),
        (_add(PERSON, PREF_LABEL, Literal("J. S.")), PERSON, None),
        (_set(US, PREF_LABEL, Literal("US", lang="en")), US, None),
        (_set(VIENNA, LAT, Literal(95.0)), VIENNA, None),
        (_set(VIENNA, DKG.geonamesId, Literal("2761369")), VIENNA, DKG.geonamesId),
        (_set(VIENNA, DKG.countryCode, Literal("Austria")), VIENNA, DKG.countryCode),
        (_set(VIENNA, DKG.inCountry, Literal("AT")), VIENNA, DKG.inCountry),
        (_remove(EVENT, SEM.eventType), EVENT, SEM.eventType),
        (_set(EVENT, DKG.date, Literal("2021-04-13")), EVENT, DKG.date),
        (_set(EVENT, DKG.status, Literal("rumoured")), EVENT, DKG.status),
        (_add(EVENT, SEM.hasActor, VIENNA), EVENT, SEM.hasActor),
        (_add(EVENT, SEM.hasPlace, US), EVENT, SEM.hasPlace),
        (_set(EVENT, DKG.kind, Literal("incident")), EVENT, DKG.kind),
        (_add(EVENT, RDF.type, DKG.Sanction), EVENT, DKG.kind),
        (_remove(PERSON, DKG.holds), POSITION, None),
        (_set(POSITION, DKG.affiliation, VIENNA), POSITION, DKG.affiliation),
        (_remove(POSITION, DKG.former), POSITION, DKG.former),
        (_set(EVIDENCE, DKG.startChar, Literal(-1)), EVIDENCE, DKG.startChar),
        (_set(EVIDENCE, DKG.startChar, Literal(30)), EVIDENCE, None),
        (_set(EVIDENCE, DKG.sentenceStart, Literal(90)), EVIDENCE, None),
        (_set(EVIDENCE, DKG.confidence, Literal(0.85)), EVIDENCE, DKG.confidence),
        (_set(EVIDENCE, DKG.confidence, Literal("1.5", datatype=XSD_DECIMAL)), EVIDENCE, DKG.confidence),
        (_remove(EVIDENCE, DKG.extractor), EVIDENCE, DKG.extractor),
    ],
)
def test_shapes_each_broken_fact_is_reported(shapes: Graph, mutate, focus: URIRef, path) -> None:
    data = _good()
    mutate(data)
    found = _violations(data, shapes)
    assert found, "expected a violation"
    assert {f for f, _ in found} == {focus}
    if path is not None:
        assert (focus, path) in found
