"""Plain, typed records that carry one article from its source to the graph.

Nothing here knows RDF or spaCy: a :class:`Document` goes into the pipeline,
an :class:`ArticleRecord` comes out, and ``graph.mapping`` turns it into
quads. Character offsets always refer to ``Document.text``, the original
text, never to the cleaned copy the model reads.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import date
from typing import Literal

__all__ = [
    "ActorKind",
    "ArticleRecord",
    "Actor",
    "DatePrecision",
    "Document",
    "Event",
    "EventKind",
    "EventStatus",
    "Evidence",
    "Place",
    "PlaceKind",
    "Role",
    "TimeValue",
]

ActorKind = Literal["person", "organization", "country"]
PlaceKind = Literal["city", "facility", "region", "water", "place"]
EventKind = Literal["talks", "incident", "sanction", "agreement", "other"]
EventStatus = Literal["happened", "planned", "ongoing"]
DatePrecision = Literal["day", "month", "year"]


@dataclass(frozen=True, slots=True)
class Document:
    """One news article as read from its source.

    id: stable identifier (the JSON ``id``, else derived from the url or path).
    text: the article body, exactly as read (offsets in records refer to it).
    url: where the article was published, when known.
    title: the headline, when known.
    published: publication date; anchors relative dates ("on Tuesday").
    origin: where dkg read it (a file path, "<stdin>", a feed entry), for messages.
    """

    id: str
    text: str
    url: str | None = None
    title: str | None = None
    published: date | None = None
    origin: str = ""

    @property
    def source(self) -> str:
        """The article's public name in query results: its url, else its id."""
        return self.url or self.id

    @property
    def content_hash(self) -> str:
        """SHA-256 over everything that changes the extraction of this article."""
        h = hashlib.sha256()
        for part in (
            self.id,
            self.url or "",
            self.title or "",
            self.published.isoformat() if self.published else "",
            self.text,
        ):
            h.update(part.encode("utf-8", "surrogatepass"))
            h.update(b"\x00")
        return h.hexdigest()


@dataclass(frozen=True, slots=True)
class Evidence:
    """Where a fact was read: a span of the original text and how sure we are.

    start, end: character offsets of the supporting span in ``Document.text``.
    sentence_start, sentence_end: offsets of the whole sentence holding it.
    extractor: name of the component that produced the fact (e.g. "dkg_events").
    confidence: 0.0-1.0, the extractor's estimate that the fact is right.
    """

    start: int
    end: int
    sentence_start: int
    sentence_end: int
    extractor: str
    confidence: float


@dataclass(frozen=True, slots=True)
class TimeValue:
    """A calendar date as precise as the text allows.

    value: ISO form matching the precision: "2021-04-13", "2021-04" or "2021".
    precision: "day", "month" or "year".
    """

    value: str
    precision: DatePrecision


@dataclass(frozen=True, slots=True)
class Actor:
    """A person, organization or country acting in the article.

    key: normalized name, unique per kind within an article; also what
        ``graph.iris`` mints the IRI from (so the same name across articles
        gives the same node).
    name: the canonical display name (fullest form; countries by their
        English short name).
    kind: "person", "organization" or "country".
    aliases: other surface forms used in the article for this actor.
    iso_code: ISO 3166-1 alpha-2 code for countries ("US"), else None.
    is_media: True for news outlets and agencies.
    mentions: every span where the actor is named.
    acting: False when the actor is named only as a location or a nationality
        ("talks in Austria", "Chinese fishing boats"): in the article, not of it.
    """

    key: str
    name: str
    kind: ActorKind
    aliases: tuple[str, ...] = ()
    iso_code: str | None = None
    is_media: bool = False
    mentions: tuple[Evidence, ...] = ()
    acting: bool = True


@dataclass(frozen=True, slots=True)
class Place:
    """A location that is not a country: city, facility, region, sea.

    key: normalized name, unique within the article.
    name: display name ("Natanz", "Red Sea").
    kind: "city", "facility", "region", "water" or "place" when unknown.
    geonames_id: GeoNames id when the gazetteer located it.
    latitude, longitude: WGS84 coordinates when located.
    country_code: ISO 3166-1 alpha-2 code of the country it lies in.
    aliases: other surface forms ("Natanz nuclear facility").
    mentions: every span where the place is named.
    """

    key: str
    name: str
    kind: PlaceKind = "place"
    geonames_id: int | None = None
    latitude: float | None = None
    longitude: float | None = None
    country_code: str | None = None
    aliases: tuple[str, ...] = ()
    mentions: tuple[Evidence, ...] = ()


@dataclass(frozen=True, slots=True)
class Role:
    """A title a person holds, as the article states it.

    person: the ``Actor.key`` of the person.
    title: the title in Title Case without the country ("Foreign Minister").
    affiliation: ``(kind, key)`` of the country or organization whose role it
        is, or None when unknown.
    former: True for "former President" and the like.
    evidence: the span stating the role.
    """

    person: str
    title: str
    affiliation: tuple[ActorKind, str] | None
    former: bool
    evidence: Evidence


@dataclass(frozen=True, slots=True)
class Event:
    """A talk, incident, sanction or agreement found in the article.

    local_id: identifier unique within the article ("e1", "e2", ...).
    kind: "talks", "incident", "sanction", "agreement" or "other".
    event_type: local name of the concept in the ontology's event-type
        scheme ("meeting", "explosion", ...).
    trigger: the trigger words as written.
    participants: ``(kind, key)`` of each actor taking part.
    places: ``Place.key`` of each place where it happened (most specific first).
    time: when it happened (or will), or None when the text does not say.
    status: "happened", "planned" or "ongoing".
    evidence: the trigger's span and its sentence.
    """

    local_id: str
    kind: EventKind
    event_type: str
    trigger: str
    participants: tuple[tuple[ActorKind, str], ...]
    places: tuple[str, ...]
    time: TimeValue | None
    status: EventStatus
    evidence: Evidence


@dataclass(frozen=True, slots=True)
class ArticleRecord:
    """Everything extracted from one article; the unit written to the store."""

    document: Document
    actors: tuple[Actor, ...] = ()
    places: tuple[Place, ...] = ()
    roles: tuple[Role, ...] = ()
    events: tuple[Event, ...] = ()
    extractor_version: str = ""
    warnings: tuple[str, ...] = field(default=())
