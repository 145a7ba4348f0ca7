"""The dkg ontology: the vocabulary, the event-type scheme and the SHACL shapes as Turtle,
and the code that loads them.

The Turtle files are the source; Python only loads and checks them. Importing this
package is cheap: rdflib is imported only when a namespace or the scheme is first used.

>>> VOCABULARY_PATH.name, EVENT_TYPES_PATH.name, SHAPES_PATH.name
('dkg.ttl', 'event_types.ttl', 'shapes.ttl')
>>> DATA_IRI
'https://w3id.org/dkg/id/'
>>> from ontology import DKG
>>> str(DKG.Person)
'https://w3id.org/dkg/ontology#Person'
"""

from __future__ import annotations

from importlib import import_module
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ontology.errors import EventTypeError, OntologyError

if TYPE_CHECKING:
    from ontology.namespaces import DKG, EVT, GEO, SEM
    from ontology.scheme import EVENT_KINDS, EventType, load_event_types

__all__ = [
    "BASE_IRI",
    "DATA_IRI",
    "DKG",
    "EVENT_KINDS",
    "EVENT_TYPES_PATH",
    "EVENT_TYPE_IRI",
    "EVT",
    "EventType",
    "EventTypeError",
    "GEO",
    "ONTOLOGY_IRI",
    "OntologyError",
    "SEM",
    "SHAPES_IRI",
    "SHAPES_PATH",
    "VOCABULARY_PATH",
    "load_event_types",
]

#: Root of every IRI dkg mints or defines.
BASE_IRI = "https://w3id.org/dkg/"
#: Namespace of the graph's data: articles, actors, places, events (see ``graph.iris``).
DATA_IRI = "https://w3id.org/dkg/id/"
#: Namespace of the vocabulary (prefix ``dkg:``).
ONTOLOGY_IRI = "https://w3id.org/dkg/ontology#"
#: Namespace of the event-type concepts (prefix ``evt:``).
EVENT_TYPE_IRI = "https://w3id.org/dkg/event-type/"
#: Namespace of the SHACL shapes (prefix ``dkgsh:``).
SHAPES_IRI = "https://w3id.org/dkg/shapes#"

_HERE = Path(__file__).resolve().parent
#: The vocabulary: classes and properties, aligned to SEM, PROV-O, SKOS, DC, schema.org, FOAF, WGS84.
VOCABULARY_PATH: Path = _HERE / "dkg.ttl"
#: The SKOS event-type scheme with PLOVER/CAMEO notations and trigger words.
EVENT_TYPES_PATH: Path = _HERE / "event_types.ttl"
#: SHACL shapes a well-formed article graph conforms to.
SHAPES_PATH: Path = _HERE / "shapes.ttl"

_LAZY = {
    "DKG": "ontology.namespaces",
    "EVT": "ontology.namespaces",
    "GEO": "ontology.namespaces",
    "SEM": "ontology.namespaces",
    "EVENT_KINDS": "ontology.scheme",
    "EventType": "ontology.scheme",
    "load_event_types": "ontology.scheme",
}


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'ontology' has no attribute {name!r}")
    value = getattr(import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *_LAZY})
