"""ontology/namespaces.py: the closed namespaces match the Turtle they are generated from."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest
from rdflib import Graph, URIRef
from rdflib.namespace import RDFS, SKOS

from ontology import EVENT_TYPE_IRI, EVENT_TYPES_PATH, ONTOLOGY_IRI, SHAPES_PATH, VOCABULARY_PATH, namespaces
from ontology.namespaces import DKG, EVT, GEO, SEM

if TYPE_CHECKING:  # not imported at run time: pytest's doctest scan would probe it and rdflib warns
    from rdflib.namespace import DefinedNamespace


def _names(namespace: type) -> set[str]:
    return set(namespace.__annotations__)


def _used(prefix: str, *graphs: Graph) -> set[str]:
    """Local names of every IRI in ``prefix`` found anywhere in the graphs."""
    names = set()
    for graph in graphs:
        for triple in graph:
            for term in triple:
                if isinstance(term, URIRef) and str(term).startswith(prefix) and str(term) != prefix:
                    names.add(str(term)[len(prefix) :])
    return names


@pytest.fixture(scope="module")
def graphs() -> dict[str, Graph]:
    return {
        "vocabulary": Graph().parse(VOCABULARY_PATH, format="turtle"),
        "event_types": Graph().parse(EVENT_TYPES_PATH, format="turtle"),
        "shapes": Graph().parse(SHAPES_PATH, format="turtle"),
    }


def test_namespaces_dkg_matches_turtle(graphs: dict[str, Graph]) -> None:
    vocabulary = graphs["vocabulary"]
    defined = {
        str(s)[len(ONTOLOGY_IRI) :]
        for s in vocabulary.subjects()
        if isinstance(s, URIRef) and str(s).startswith(ONTOLOGY_IRI)
    }
    assert _names(DKG) == defined
    for name in _names(DKG):
        assert vocabulary.value(DKG[name], RDFS.label) is not None, f"dkg:{name} has no rdfs:label"
        assert vocabulary.value(DKG[name], RDFS.comment) is not None, f"dkg:{name} has no rdfs:comment"


def test_namespaces_every_dkg_term_used_in_turtle_is_defined(graphs: dict[str, Graph]) -> None:
    used = _used(ONTOLOGY_IRI, *graphs.values())
    assert used - _names(DKG) == set(), "misspelt or undefined dkg: terms"


def test_namespaces_evt_matches_scheme(graphs: dict[str, Graph]) -> None:
    event_types = graphs["event_types"]
    concepts = {str(c)[len(EVENT_TYPE_IRI) :] for c in event_types.subjects(predicate=SKOS.inScheme)}
    assert _names(EVT) == concepts | {"scheme"}
    assert _used(EVENT_TYPE_IRI, *graphs.values()) <= _names(EVT)


def test_namespaces_module_is_up_to_date() -> None:
    source = open(namespaces.__file__, encoding="utf-8").read()
    assert namespaces.regenerate(source, namespaces.generate()) == source, (
        "ontology/namespaces.py is stale; run: python -m ontology.namespaces --write"
    )


def test_namespaces_check_flag(capsys: pytest.CaptureFixture[str]) -> None:
    assert namespaces.main(["--check"]) == 0


def test_namespaces_print_writes_module_to_stdout(capsys: pytest.CaptureFixture[str]) -> None:
    assert namespaces.main([]) == 0
    assert "class DKG(DefinedNamespace):" in capsys.readouterr().out


@pytest.mark.parametrize("namespace", [DKG, EVT, SEM, GEO])
def test_namespaces_are_closed(namespace: type[DefinedNamespace]) -> None:
    with pytest.raises(AttributeError):
        namespace.NoSuchTerm  # noqa: B018


@pytest.mark.parametrize(
    ("term", "iri"),
    [
        (DKG.Article, "https://w3id.org/dkg/ontology#Article"),
        (DKG.PLOVER, "https://w3id.org/dkg/ontology#PLOVER"),
        (EVT.scheme, "https://w3id.org/dkg/event-type/scheme"),
        (SEM.hasActor, "http://semanticweb.cs.vu.nl/2009/11/sem/hasActor"),
        (SEM.roleType, "http://semanticweb.cs.vu.nl/2009/11/sem/roleType"),
        (GEO.lat, "http://www.w3.org/2003/01/geo/wgs84_pos#lat"),
        (GEO.long, "http://www.w3.org/2003/01/geo/wgs84_pos#long"),
        (namespaces.SDO.NewsArticle, "https://schema.org/NewsArticle"),
    ],
)
def test_namespaces_iris(term: URIRef, iri: str) -> None:
    assert term == URIRef(iri)


def test_namespaces_sem_has_the_terms_dkg_uses() -> None:
    classes = {"Event", "Actor", "Place", "Role"}
    properties = {"hasActor", "hasPlace", "eventType", "hasTimeStamp", "roleType"}
    assert _names(SEM) == classes | properties


def test_namespaces_package_reexports() -> None:
    import ontology

    assert ontology.DKG is DKG
    assert ontology.EVT is EVT
    with pytest.raises(AttributeError):
        ontology.NoSuchName  # noqa: B018
