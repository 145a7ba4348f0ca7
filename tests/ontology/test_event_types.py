"""ontology/event_types.ttl: a consistent SKOS scheme with PLOVER/CAMEO notations and triggers."""

from __future__ import annotations

import re

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, SKOS

from ontology import EVENT_TYPE_IRI, EVENT_TYPES_PATH
from ontology.namespaces import DKG, EVT

#: PLOVER event categories (PLOVER manual; CAMEO2PLOVER-2021).
PLOVER_CATEGORIES = {
    "AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST", "DEMAND",
    "ACCUSE", "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT",
}  # fmt: skip

REQUIRED = {
    "talks": {
        "meeting", "negotiation", "summit", "phone_call", "visit", "strategic_dialogue", "summons",
        "un_security_council_meeting", "conference",
    },
    "incident": {
        "explosion", "attack", "airstrike", "bombing", "shelling", "sabotage", "seizure", "assassination",
        "missile_launch", "shooting", "kidnapping", "detention", "drone_attack", "cyberattack",
    },
    "sanction": {"sanction_imposed", "sanction_lifted"},
    "agreement": {"agreement_signed", "ceasefire"},
    "other": set(),
}  # fmt: skip


@pytest.fixture(scope="module")
def scheme() -> Graph:
    return Graph().parse(EVENT_TYPES_PATH, format="turtle")


def _name(concept: URIRef) -> str:
    return str(concept)[len(EVENT_TYPE_IRI) :]


def _top_concepts(scheme: Graph) -> set[URIRef]:
    return {c for c in scheme.subjects(SKOS.topConceptOf, EVT.scheme) if isinstance(c, URIRef)}


def _narrower(scheme: Graph) -> set[URIRef]:
    concepts = {c for c in scheme.subjects(RDF.type, SKOS.Concept) if isinstance(c, URIRef)}
    return concepts - _top_concepts(scheme)


def _tops_reached(scheme: Graph, concept: URIRef) -> set[URIRef]:
    tops = _top_concepts(scheme)
    reached, frontier, seen = set(), [concept], set()
    while frontier:
        node = frontier.pop()
        if node in seen:
            continue
        seen.add(node)
        if node in tops:
            reached.add(node)
        frontier.extend(o for o in scheme.objects(node, SKOS.broader) if isinstance(o, URIRef))
    return reached


def _kind(scheme: Graph, concept: URIRef) -> str:
    (top,) = _tops_reached(scheme, concept)
    return str(scheme.value(top, DKG.kind))


def test_event_types_scheme_and_top_concepts(scheme: Graph) -> None:
    assert (EVT.scheme, RDF.type, SKOS.ConceptScheme) in scheme
    tops = _top_concepts(scheme)
    assert {_name(t) for t in tops} == set(REQUIRED)
    assert set(scheme.objects(EVT.scheme, SKOS.hasTopConcept)) == tops
    for top in tops:
        assert list(scheme.objects(top, DKG.kind)) == [Literal(_name(top))]


@pytest.mark.parametrize("kind", sorted(REQUIRED))
def test_event_types_required_concepts_present(scheme: Graph, kind: str) -> None:
    names = {_name(c) for c in _narrower(scheme) if _kind(scheme, c) == kind}
    assert REQUIRED[kind] <= names


def test_event_types_every_concept_reaches_exactly_one_top_concept(scheme: Graph) -> None:
    for concept in _narrower(scheme):
        assert len(_tops_reached(scheme, concept)) == 1, f"{concept} reaches {_tops_reached(scheme, concept)}"
        assert list(scheme.objects(concept, DKG.kind)) == [], f"{concept}: kind comes from the top concept"


def test_event_types_every_concept_is_documented(scheme: Graph) -> None:
    for concept in _top_concepts(scheme) | _narrower(scheme):
        assert (concept, SKOS.inScheme, EVT.scheme) in scheme, concept
        assert len(list(scheme.objects(concept, SKOS.prefLabel))) == 1, concept
        assert scheme.value(concept, SKOS.definition) is not None, concept


def test_event_types_narrower_concepts_have_plover_and_cameo(scheme: Graph) -> None:
    for concept in _narrower(scheme):
        notations = list(scheme.objects(concept, SKOS.notation))
        plover = [str(n) for n in notations if getattr(n, "datatype", None) == DKG.PLOVER]
        cameo = [str(n) for n in notations if getattr(n, "datatype", None) == DKG.CAMEO]
        assert len(plover) == 1 and plover[0] in PLOVER_CATEGORIES, (concept, plover)
        assert len(cameo) == 1 and re.fullmatch(r"(0[1-9]|1[0-9]|20)[0-9]{0,2}", cameo[0]), (concept, cameo)


@pytest.mark.parametrize(
    ("concept", "plover", "cameo"),
    [
        ("phone_call", "CONSULT", "041"),
        ("visit", "CONSULT", "042"),
        ("negotiation", "CONSULT", "046"),
        ("airstrike", "ASSAULT", "195"),
        ("assassination", "ASSAULT", "186"),
        ("kidnapping", "ASSAULT", "181"),
        ("sanction_imposed", "SANCTION", "163"),
        ("agreement_signed", "SUPPORT", "057"),
        ("ceasefire", "RETREAT", "0871"),
    ],
)
def test_event_types_known_codes(scheme: Graph, concept: str, plover: str, cameo: str) -> None:
    notations = set(scheme.objects(EVT[concept], SKOS.notation))
    assert Literal(plover, datatype=DKG.PLOVER) in notations
    assert Literal(cameo, datatype=DKG.CAMEO) in notations


@pytest.mark.parametrize("predicate", [DKG.nounTrigger, DKG.verbTrigger], ids=["noun", "verb"])
def test_event_types_no_trigger_under_two_kinds(scheme: Graph, predicate: URIRef) -> None:
    kinds: dict[str, set[str]] = {}
    for concept, _, word in scheme.triples((None, predicate, None)):
        assert isinstance(concept, URIRef)
        kinds.setdefault(str(word), set()).add(_kind(scheme, concept))
    assert {word: k for word, k in kinds.items() if len(k) > 1} == {}


@pytest.mark.parametrize("predicate", [DKG.nounTrigger, DKG.verbTrigger], ids=["noun", "verb"])
def test_event_types_triggers_are_unique_and_lowercase(scheme: Graph, predicate: URIRef) -> None:
    owners: dict[str, set[URIRef]] = {}
    for concept, _, word in scheme.triples((None, predicate, None)):
        assert isinstance(word, Literal) and word.language is None and word.datatype is None, word
        assert str(word) == " ".join(str(word).lower().split()), word
        owners.setdefault(str(word), set()).add(concept)  # type: ignore[arg-type]
    assert {word: c for word, c in owners.items() if len(c) > 1} == {}


@pytest.mark.parametrize(
    ("word", "predicate", "concept"),
    [
        ("talks", DKG.nounTrigger, "meeting"),
        ("round of talks", DKG.nounTrigger, "meeting"),
        ("blast", DKG.nounTrigger, "explosion"),
        ("strike", DKG.nounTrigger, "attack"),
        ("call", DKG.nounTrigger, "phone_call"),
        ("truce", DKG.nounTrigger, "ceasefire"),
        ("meet", DKG.verbTrigger, "meeting"),
        ("explode", DKG.verbTrigger, "explosion"),
        ("sign", DKG.verbTrigger, "agreement_signed"),
    ],
)
def test_event_types_trigger_examples(scheme: Graph, word: str, predicate: URIRef, concept: str) -> None:
    assert (EVT[concept], predicate, Literal(word)) in scheme


@pytest.mark.parametrize("word", ["call", "strike", "talk"])
def test_event_types_ambiguous_verbs_left_out(scheme: Graph, word: str) -> None:
    assert not list(scheme.subjects(DKG.verbTrigger, Literal(word)))
