from __future__ import annotations

import pytest

from graph import iris


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Jake Sullivan", "jake  sullivan"),
        ("Meir Ben-Shabbat", "Meir Ben Shabbat"),
        ("Hossein Amir-Abdollahian", "Hossein Amir Abdollahian"),
        ("José Ramos", "Jose Ramos"),
    ],
)
def test_iris_same_normalized_name_same_iri(a: str, b: str) -> None:
    assert iris.person_iri(a) == iris.person_iri(b)


@pytest.mark.parametrize(
    "hostile",
    ["a> <b", 'x" } ; DROP ALL ; {', "line\nbreak", "tab\there", "{}|^`\\", "\u202e rtl", "<script>", "%00"],
)
def test_iris_never_carry_raw_text(hostile: str) -> None:
    for fn in (iris.person_iri, iris.organization_iri, iris.article_iri, iris.place_iri):
        iri = fn(hostile)
        assert iri.startswith("https://w3id.org/dkg/id/")
        assert not any(c in iri for c in ' <>"{}|^`\\\n\t'), iri


def test_iris_article_ids_stay_distinct() -> None:
    assert iris.article_iri("a/b") != iris.article_iri("a-b")
    assert iris.article_iri("https://x.org/1") != iris.article_iri("https://x.org/2")


def test_iris_non_latin_names_get_an_iri() -> None:
    iri = iris.person_iri("محمد جواد ظریف")
    assert iri.startswith("https://w3id.org/dkg/id/person/") and len(iri) > len(
        "https://w3id.org/dkg/id/person/"
    )


def test_iris_event_ids_are_deterministic() -> None:
    assert iris.event_iri("doc", "e1") == iris.event_iri("doc", "e1")
    assert iris.event_iri("doc", "e1") != iris.event_iri("doc", "e2")


def test_iris_unknown_actor_kind() -> None:
    with pytest.raises(ValueError, match="unknown actor kind"):
        iris.actor_iri("ship", "x")
