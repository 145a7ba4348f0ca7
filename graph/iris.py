"""Deterministic, safe IRIs for everything dkg puts in the graph.

Every IRI is the project's data namespace plus a kind and a percent-encoded
key, so no text from an article can break out of an IRI (or, through it, out
of a SPARQL string). The same normalized name always gives the same IRI, in
any article and any process.

>>> person_iri("Jake  Sullivan")
'https://w3id.org/dkg/id/person/jake-sullivan'
>>> person_iri("Meir Ben-Shabbat") == person_iri("meir ben shabbat")
True
>>> article_iri("seed-001")
'https://w3id.org/dkg/id/article/seed-001'
>>> article_iri("https://example.org/a?b=1&c=<x>")
'https://w3id.org/dkg/id/article/https%3A%2F%2Fexample.org%2Fa%3Fb%3D1%26c%3D%3Cx%3E'
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from urllib.parse import quote

from ontology import DATA_IRI

__all__ = [
    "RESOLUTION_GRAPH",
    "actor_iri",
    "article_iri",
    "country_iri",
    "event_iri",
    "evidence_iri",
    "normalize_key",
    "organization_iri",
    "person_iri",
    "place_iri",
    "position_iri",
]

_NON_WORD = re.compile(r"[^0-9a-z]+")

#: The named graph holding the derived cross-article layer (``graph.resolve``): canonical actors,
#: merged events, their labels and source counts. Article graphs are never edited by resolution.
RESOLUTION_GRAPH = f"{DATA_IRI}graph/resolution"


def normalize_key(name: str) -> str:
    """Case-, accent-, punctuation- and space-insensitive key of a name.

    >>> normalize_key("  Ḥossein Amir-Abdollahian ")
    'hossein-amir-abdollahian'
    >>> normalize_key("U.S. State Department")
    'u-s-state-department'
    """
    text = unicodedata.normalize("NFKD", name)
    text = "".join(c for c in text if not unicodedata.combining(c)).casefold()
    text = text.replace("\u2019", "'").replace("'s ", " ")
    key = _NON_WORD.sub("-", text).strip("-")
    if key:
        return key
    # A name with no Latin letters or digits at all (e.g. Arabic script): keep it, encoded below.
    return "-".join(name.split()).casefold() or "_"


def _mint(kind: str, key: str) -> str:
    return f"{DATA_IRI}{kind}/{quote(key, safe='-._~')}"


def person_iri(name: str) -> str:
    """IRI of a person from its name (or an already normalized key)."""
    return _mint("person", normalize_key(name))


def organization_iri(name: str) -> str:
    """IRI of an organization from its name."""
    return _mint("organization", normalize_key(name))


def country_iri(iso_code_or_name: str) -> str:
    """IRI of a country: from its ISO 3166 alpha-2 code when it has one.

    >>> country_iri("US")
    'https://w3id.org/dkg/id/country/us'
    """
    return _mint("country", normalize_key(iso_code_or_name))


def actor_iri(kind: str, key: str) -> str:
    """IRI of an actor of ``kind`` ("person", "organization", "country")."""
    if kind not in ("person", "organization", "country"):
        raise ValueError(f"unknown actor kind {kind!r}; expected person, organization or country")
    return _mint(kind, normalize_key(key))


def place_iri(name: str, geonames_id: int | None = None) -> str:
    """IRI of a place: by GeoNames id when located, else by name.

    >>> place_iri("Vienna", 2761369)
    'https://w3id.org/dkg/id/place/geonames-2761369'
    """
    if geonames_id is not None:
        return _mint("place", f"geonames-{int(geonames_id)}")
    return _mint("place", normalize_key(name))


def article_iri(doc_id: str) -> str:
    """IRI of an article, also the IRI of the named graph holding its facts."""
    return f"{DATA_IRI}article/{quote(doc_id, safe='-._~')}"


def _digest(*parts: str) -> str:
    h = hashlib.sha256("\x1f".join(parts).encode("utf-8", "surrogatepass"))
    return h.hexdigest()[:20]


def event_iri(doc_id: str, local_id: str) -> str:
    """IRI of an event as one article reports it."""
    return _mint("event", _digest(doc_id, local_id))


def position_iri(person_key: str, title: str, affiliation: str | None) -> str:
    """IRI of a position (a title held for an affiliation) of a person."""
    return _mint("position", _digest(normalize_key(person_key), normalize_key(title), affiliation or ""))


def evidence_iri(doc_id: str, start: int, end: int, extractor: str) -> str:
    """IRI of an evidence span in an article."""
    return _mint("evidence", _digest(doc_id, str(start), str(end), extractor))
