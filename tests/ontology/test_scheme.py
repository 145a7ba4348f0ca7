"""ontology/scheme.py: load_event_types turns the scheme into frozen records, or says what is wrong."""

from __future__ import annotations

import dataclasses
import time
from pathlib import Path

import pytest

from ontology import EVENT_TYPES_PATH, EventTypeError, OntologyError
from ontology.scheme import EVENT_KINDS, EventType, _load, load_event_types

PREFIXES = """\
@prefix evt: <https://w3id.org/dkg/event-type/> .
@prefix dkg: <https://w3id.org/dkg/ontology#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
evt:talks a skos:Concept ; skos:prefLabel "talks"@en ; dkg:kind "talks" .
evt:incident a skos:Concept ; skos:prefLabel "incident"@en ; dkg:kind "incident" .
"""


def _write(tmp_path: Path, body: str) -> Path:
    path = tmp_path / "event_types.ttl"
    path.write_text(PREFIXES + body, encoding="utf-8")
    return path


def test_scheme_load_returns_sorted_records() -> None:
    types = load_event_types()
    assert all(isinstance(t, EventType) for t in types)
    assert [t.name for t in types] == sorted(t.name for t in types)
    assert len({t.name for t in types}) == len(types)
    assert {t.kind for t in types} == set(EVENT_KINDS)
    for field in dataclasses.fields(EventType):
        assert field.name in {"name", "label", "kind", "noun_triggers", "verb_triggers", "plover", "cameo"}


def test_scheme_records_are_frozen_with_slots() -> None:
    event_type = load_event_types()[0]
    assert not hasattr(event_type, "__dict__")
    with pytest.raises(dataclasses.FrozenInstanceError):
        event_type.name = "x"  # type: ignore[misc]


def test_scheme_top_concepts_included() -> None:
    types = {t.name: t for t in load_event_types()}
    for kind in EVENT_KINDS:
        assert types[kind].kind == kind
        assert types[kind].plover is None and types[kind].cameo is None


def test_scheme_narrower_concept_fields() -> None:
    meeting = {t.name: t for t in load_event_types()}["meeting"]
    assert meeting.label == "meeting"
    assert meeting.kind == "talks"
    assert "round of talks" in meeting.noun_triggers and "meet" in meeting.verb_triggers
    assert meeting.noun_triggers == tuple(sorted(meeting.noun_triggers))
    assert (meeting.plover, meeting.cameo) == ("CONSULT", "040")
    assert meeting.iri == "https://w3id.org/dkg/event-type/meeting"


def test_scheme_every_narrower_concept_has_notations() -> None:
    for event_type in load_event_types():
        if event_type.name not in EVENT_KINDS:
            assert event_type.plover and event_type.cameo, event_type.name


def test_scheme_default_is_cached() -> None:
    assert load_event_types() is load_event_types()
    assert load_event_types(EVENT_TYPES_PATH) == load_event_types()


def test_scheme_load_is_fast() -> None:
    load_event_types()  # rdflib imported
    start = time.perf_counter()
    _load(EVENT_TYPES_PATH)
    assert time.perf_counter() - start < 0.3


def test_scheme_custom_file(tmp_path: Path) -> None:
    path = _write(
        tmp_path,
        """evt:blast a skos:Concept ; skos:prefLabel "blast"@en ; skos:broader evt:incident ;
             dkg:nounTrigger "blast" ; skos:notation "ASSAULT"^^dkg:PLOVER , "183"^^dkg:CAMEO .""",
    )
    types = {t.name: t for t in load_event_types(path)}
    assert types["blast"] == EventType("blast", "blast", "incident", ("blast",), (), "ASSAULT", "183")


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ('evt:x a skos:Concept ; skos:prefLabel "x"@en .', "has no kind"),
        ('evt:x a skos:Concept ; skos:prefLabel "x"@en ; skos:broader evt:y .', "has no kind"),
        (
            'evt:x a skos:Concept ; skos:prefLabel "x"@en ; skos:broader evt:y .\n'
            'evt:y a skos:Concept ; skos:prefLabel "y"@en ; skos:broader evt:x .',
            "cycle",
        ),
        (
            'evt:x a skos:Concept ; skos:prefLabel "x"@en ; skos:broader evt:talks , evt:incident .',
            "several kinds",
        ),
        ('evt:x a skos:Concept ; skos:prefLabel "x"@en ; dkg:kind "war" .', "'war'"),
        ("evt:x a skos:Concept ; skos:broader evt:talks .", "prefLabel"),
        (
            'evt:x a skos:Concept ; skos:prefLabel "x"@en ; skos:broader evt:talks ;\n'
            '    dkg:verbTrigger "Meet" .',
            "lowercase",
        ),
        (
            'evt:x a skos:Concept ; skos:prefLabel "x"@en ; skos:broader evt:talks ;\n'
            '    dkg:nounTrigger "call" .\n'
            'evt:y a skos:Concept ; skos:prefLabel "y"@en ; skos:broader evt:talks ;\n'
            '    dkg:nounTrigger "call" .',
            "under both evt:x and evt:y",
        ),
        (
            'evt:x a skos:Concept ; skos:prefLabel "x"@en ; skos:broader evt:talks ;\n'
            '    skos:notation "040"^^dkg:CAMEO , "042"^^dkg:CAMEO .',
            "several dkg:CAMEO",
        ),
        ('<http://example.org/x> a skos:Concept ; skos:prefLabel "x"@en ; dkg:kind "talks" .', "namespace"),
        ("evt:x a skos:Concept ; skos:prefLabel", "not valid Turtle"),
    ],
)
def test_scheme_malformed_files_raise(tmp_path: Path, body: str, message: str) -> None:
    path = _write(tmp_path, body)
    with pytest.raises(EventTypeError, match=message) as info:
        load_event_types(path)
    assert str(path) in str(info.value)
    assert isinstance(info.value, OntologyError)


def test_scheme_missing_file_raises(tmp_path: Path) -> None:
    with pytest.raises(EventTypeError, match="No event-type scheme"):
        load_event_types(tmp_path / "missing.ttl")


def test_scheme_empty_file_raises(tmp_path: Path) -> None:
    path = tmp_path / "empty.ttl"
    path.write_text("", encoding="utf-8")
    with pytest.raises(EventTypeError, match="no skos:Concept"):
        load_event_types(path)
