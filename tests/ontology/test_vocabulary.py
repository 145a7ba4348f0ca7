"""ontology/dkg.ttl: it parses, declares an ontology, and documents and aligns every term."""

from __future__ import annotations

import pytest
from rdflib import Graph, URIRef
from rdflib.namespace import OWL, RDF, RDFS

from ontology import EVENT_TYPES_PATH, ONTOLOGY_IRI, SHAPES_PATH, VOCABULARY_PATH
from ontology.namespaces import DKG

SEM = "http://semanticweb.cs.vu.nl/2009/11/sem/"


@pytest.fixture(scope="module")
def vocabulary() -> Graph:
    return Graph().parse(VOCABULARY_PATH, format="turtle")


def _terms(graph: Graph) -> set[URIRef]:
    return {s for s in graph.subjects() if isinstance(s, URIRef) and str(s).startswith(ONTOLOGY_IRI)}


@pytest.mark.parametrize("path", [VOCABULARY_PATH, EVENT_TYPES_PATH, SHAPES_PATH], ids=lambda p: p.name)
def test_vocabulary_files_parse(path) -> None:
    graph = Graph().parse(path, format="turtle")
    assert len(graph) > 50


def test_vocabulary_declares_versioned_ontology(vocabulary: Graph) -> None:
    ontology = URIRef(ONTOLOGY_IRI.rstrip("#"))
    assert (ontology, RDF.type, OWL.Ontology) in vocabulary
    assert vocabulary.value(ontology, OWL.versionInfo) is not None
    assert vocabulary.value(ontology, OWL.versionIRI) is not None


def test_vocabulary_every_term_has_english_label_and_comment(vocabulary: Graph) -> None:
    for term in _terms(vocabulary):
        for predicate in (RDFS.label, RDFS.comment):
            values = [v for v in vocabulary.objects(term, predicate) if getattr(v, "language", None) == "en"]
            assert len(values) == 1, f"{term} needs one English {predicate}"


@pytest.mark.parametrize(
    ("term", "parent"),
    [
        (DKG.Article, "http://www.w3.org/ns/prov#Entity"),
        (DKG.Article, "https://schema.org/NewsArticle"),
        (DKG.Actor, SEM + "Actor"),
        (DKG.Person, str(DKG.Actor)),
        (DKG.Person, "http://xmlns.com/foaf/0.1/Person"),
        (DKG.Person, "https://schema.org/Person"),
        (DKG.Organization, str(DKG.Actor)),
        (DKG.Organization, "http://xmlns.com/foaf/0.1/Organization"),
        (DKG.NewsOutlet, str(DKG.Organization)),
        (DKG.Country, str(DKG.Actor)),
        (DKG.Country, "https://schema.org/Country"),
        (DKG.Place, SEM + "Place"),
        (DKG.Place, "https://schema.org/Place"),
        (DKG.City, str(DKG.Place)),
        (DKG.Facility, str(DKG.Place)),
        (DKG.Region, str(DKG.Place)),
        (DKG.WaterBody, str(DKG.Place)),
        (DKG.Event, SEM + "Event"),
        (DKG.Event, "https://schema.org/Event"),
        (DKG.Talks, str(DKG.Event)),
        (DKG.Incident, str(DKG.Event)),
        (DKG.Sanction, str(DKG.Event)),
        (DKG.Agreement, str(DKG.Event)),
        (DKG.OtherEvent, str(DKG.Event)),
        (DKG.Position, SEM + "Role"),
        (DKG.Evidence, "http://www.w3.org/ns/prov#Entity"),
        (DKG.Extraction, "http://www.w3.org/ns/prov#Activity"),
    ],
)
def test_vocabulary_class_alignment(vocabulary: Graph, term: URIRef, parent: str) -> None:
    assert (term, RDFS.subClassOf, URIRef(parent)) in vocabulary


def test_vocabulary_date_is_a_sem_time_stamp(vocabulary: Graph) -> None:
    assert (DKG.date, RDFS.subPropertyOf, URIRef(SEM + "hasTimeStamp")) in vocabulary


@pytest.mark.parametrize(
    ("prop", "domain", "range_"),
    [
        (DKG.holds, DKG.Person, DKG.Position),
        (DKG.affiliation, DKG.Position, DKG.Actor),
        (DKG.inCountry, DKG.Place, DKG.Country),
        (DKG.reportedBy, DKG.Event, DKG.Article),
        (DKG.sameEventAs, DKG.Event, DKG.Event),
        (DKG.evidence, None, DKG.Evidence),
        (DKG.source, DKG.Article, URIRef("http://www.w3.org/2001/XMLSchema#string")),
        (DKG.geonamesId, DKG.Place, URIRef("http://www.w3.org/2001/XMLSchema#integer")),
        (DKG.former, DKG.Position, URIRef("http://www.w3.org/2001/XMLSchema#boolean")),
        (DKG.confidence, DKG.Evidence, URIRef("http://www.w3.org/2001/XMLSchema#decimal")),
        (DKG.startChar, DKG.Evidence, URIRef("http://www.w3.org/2001/XMLSchema#integer")),
    ],
)
def test_vocabulary_property_domain_and_range(vocabulary: Graph, prop, domain, range_) -> None:
    if domain is not None:
        assert vocabulary.value(prop, RDFS.domain) == domain
    assert vocabulary.value(prop, RDFS.range) == range_


def test_vocabulary_properties_are_typed(vocabulary: Graph) -> None:
    object_properties = set(vocabulary.subjects(RDF.type, OWL.ObjectProperty))
    datatype_properties = set(vocabulary.subjects(RDF.type, OWL.DatatypeProperty))
    assert {DKG.mentions, DKG.holds, DKG.affiliation, DKG.evidence} <= object_properties
    assert {DKG.kind, DKG.date, DKG.status, DKG.nounTrigger, DKG.verbTrigger} <= datatype_properties
    assert not object_properties & datatype_properties
