"""Records to RDF: every fact of an article as quads in the article's named graph.

The article node is the graph's own IRI; it carries its metadata (Dublin
Core terms), its content hash and ``dkg:mentions`` links to every node the
article speaks of. Each actor, place, position and event is typed, labelled
and linked to :class:`Evidence` nodes (character span, sentence, extractor,
confidence), so every triple traces to the words that support it.
"""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal

from pyoxigraph import Literal, NamedNode, Quad

from graph import iris
from ingest.records import ArticleRecord, Evidence, TimeValue
from ontology.namespaces import DCTERMS, DKG, EVT, GEO, PROV, RDF, RDFS, SDO, SEM, SKOS, XSD

__all__ = ["article_quads", "record_graph_iri"]


def _n(term: object) -> NamedNode:
    return NamedNode(str(term))


# Frequently used terms, made once.
_TYPE = _n(RDF.type)
_LABEL = _n(RDFS.label)
_PREF = _n(SKOS.prefLabel)
_ALT = _n(SKOS.altLabel)
_XSD_DATE = _n(XSD.date)
_XSD_GYM = _n(XSD.gYearMonth)
_XSD_GY = _n(XSD.gYear)
_XSD_INT = _n(XSD.integer)
_XSD_DEC = _n(XSD.decimal)
_XSD_DOUBLE = _n(XSD.double)
_XSD_BOOL = _n(XSD.boolean)
_XSD_URI = _n(XSD.anyURI)

_ACTOR_CLASS = {"person": _n(DKG.Person), "organization": _n(DKG.Organization), "country": _n(DKG.Country)}
_PLACE_CLASS = {
    "city": _n(DKG.City),
    "facility": _n(DKG.Facility),
    "region": _n(DKG.Region),
    "water": _n(DKG.WaterBody),
    "place": _n(DKG.Place),
}
_EVENT_CLASS = {
    "talks": _n(DKG.Talks),
    "incident": _n(DKG.Incident),
    "sanction": _n(DKG.Sanction),
    "agreement": _n(DKG.Agreement),
    "other": _n(DKG.OtherEvent),
}
_DATE_TYPE = {"day": _XSD_DATE, "month": _XSD_GYM, "year": _XSD_GY}


def record_graph_iri(record: ArticleRecord) -> str:
    """The named graph (and article node) IRI of a record."""
    return iris.article_iri(record.document.id)


def _date_literal(value: TimeValue) -> Literal:
    return Literal(value.value, datatype=_DATE_TYPE[value.precision])


def article_quads(record: ArticleRecord) -> list[Quad]:
    """All quads of one article, in its own named graph.

    >>> from ingest.records import Document, ArticleRecord, Actor
    >>> rec = ArticleRecord(Document(id="a1", text="Hi"), actors=(Actor("x", "X", "country", iso_code="XX"),))
    >>> any(str(q.object) == '"X"' for q in article_quads(rec))
    True
    """
    return list(_quads(record))


def _quads(record: ArticleRecord) -> Iterator[Quad]:
    doc = record.document
    g = NamedNode(record_graph_iri(record))
    text = doc.text

    def q(s: NamedNode, p: NamedNode, o: NamedNode | Literal) -> Quad:
        return Quad(s, p, o, g)

    def evidence(node: NamedNode, ev: Evidence) -> Iterator[Quad]:
        e = NamedNode(iris.evidence_iri(doc.id, ev.start, ev.end, ev.extractor))
        yield q(node, _n(DKG.evidence), e)
        yield q(e, _TYPE, _n(DKG.Evidence))
        yield q(e, _n(DKG.startChar), Literal(str(ev.start), datatype=_XSD_INT))
        yield q(e, _n(DKG.endChar), Literal(str(ev.end), datatype=_XSD_INT))
        yield q(e, _n(DKG.sentenceStart), Literal(str(ev.sentence_start), datatype=_XSD_INT))
        yield q(e, _n(DKG.sentenceEnd), Literal(str(ev.sentence_end), datatype=_XSD_INT))
        yield q(e, _n(DKG.sentence), Literal(" ".join(text[ev.sentence_start : ev.sentence_end].split())))
        yield q(e, _n(DKG.extractor), Literal(ev.extractor))
        yield q(e, _n(DKG.confidence), Literal(str(Decimal(str(ev.confidence))), datatype=_XSD_DEC))
        yield q(e, _n(PROV.wasDerivedFrom), g)

    labelled: set[NamedNode] = set()

    def labels(node: NamedNode, name: str) -> Iterator[Quad]:
        """One preferred label per node: a second record for the same node ("Kürecik" and "Kurecik",
        "Delhi" and "New Delhi" located at one GeoNames id) adds an alternative label."""
        if node in labelled:
            yield q(node, _ALT, Literal(name))
            return
        labelled.add(node)
        yield q(node, _PREF, Literal(name))
        yield q(node, _LABEL, Literal(name))

    # The article itself.
    yield q(g, _TYPE, _n(DKG.Article))
    yield q(g, _n(DKG.source), Literal(doc.source))
    yield q(g, _n(DCTERMS.identifier), Literal(doc.id))
    if doc.url:
        yield q(g, _n(SDO.url), Literal(doc.url, datatype=_XSD_URI))
    if doc.title:
        yield q(g, _n(DCTERMS.title), Literal(doc.title))
    if doc.published:
        yield q(g, _n(DCTERMS.issued), Literal(doc.published.isoformat(), datatype=_XSD_DATE))
    if record.extractor_version:
        yield q(g, _n(DKG.extractorVersion), Literal(record.extractor_version))

    # Actors.
    actor_node: dict[tuple[str, str], NamedNode] = {}
    for a in record.actors:
        node = NamedNode(iris.actor_iri(a.kind, (a.iso_code or a.key) if a.kind == "country" else a.key))
        actor_node[(a.kind, a.key)] = node
        yield q(g, _n(DKG.mentions), node)
        if a.acting:
            yield q(g, _n(DKG.involves), node)
        yield q(node, _TYPE, _ACTOR_CLASS[a.kind])
        if a.is_media:
            yield q(node, _TYPE, _n(DKG.NewsOutlet))
        yield from labels(node, a.name)
        for alias in a.aliases:
            yield q(node, _ALT, Literal(alias))
        if a.iso_code:
            yield q(node, _n(DKG.isoCode), Literal(a.iso_code))
        for ev in a.mentions[:3]:
            yield from evidence(node, ev)

    # Places.
    place_node: dict[str, NamedNode] = {}
    for p in record.places:
        node = NamedNode(iris.place_iri(p.name, p.geonames_id))
        place_node[p.key] = node
        yield q(g, _n(DKG.mentions), node)
        yield q(node, _TYPE, _PLACE_CLASS.get(p.kind, _n(DKG.Place)))
        if p.kind != "place":
            yield q(node, _TYPE, _n(DKG.Place))
        yield from labels(node, p.name)
        for alias in p.aliases:
            yield q(node, _ALT, Literal(alias))
        if p.geonames_id is not None:
            yield q(node, _n(DKG.geonamesId), Literal(str(p.geonames_id), datatype=_XSD_INT))
        if p.latitude is not None and p.longitude is not None:
            yield q(node, _n(GEO.lat), Literal(repr(float(p.latitude)), datatype=_XSD_DOUBLE))
            yield q(node, _n(GEO.long), Literal(repr(float(p.longitude)), datatype=_XSD_DOUBLE))
        if p.country_code:
            yield q(node, _n(DKG.countryCode), Literal(p.country_code))
            yield q(node, _n(DKG.inCountry), NamedNode(iris.country_iri(p.country_code)))
        for ev in p.mentions[:3]:
            yield from evidence(node, ev)

    # Positions: a person holds a title for an affiliation, attested by this article.
    for r in record.roles:
        person = actor_node.get(("person", r.person))
        if person is None:
            continue
        aff_node = actor_node.get(r.affiliation) if r.affiliation else None
        node = NamedNode(iris.position_iri(r.person, r.title, aff_node.value if aff_node else None))
        yield q(person, _n(DKG.holds), node)
        yield q(node, _TYPE, _n(DKG.Position))
        yield q(node, _n(DKG.title), Literal(r.title))
        yield q(node, _LABEL, Literal(r.title))
        yield q(node, _n(DKG.former), Literal("true" if r.former else "false", datatype=_XSD_BOOL))
        if aff_node is not None:
            yield q(node, _n(DKG.affiliation), aff_node)
        yield from evidence(node, r.evidence)

    # Events.
    for e in record.events:
        node = NamedNode(iris.event_iri(doc.id, e.local_id))
        yield q(g, _n(DKG.mentions), node)
        yield q(node, _n(DKG.reportedBy), g)
        yield q(node, _TYPE, _EVENT_CLASS[e.kind])
        yield q(node, _n(DKG.kind), Literal(e.kind))
        yield q(node, _n(SEM.eventType), NamedNode(str(EVT._NS) + e.event_type))
        yield q(node, _LABEL, Literal(_event_label(e.kind, e.trigger, record, e.places)))
        yield q(node, _n(DKG.trigger), Literal(e.trigger))
        yield q(node, _n(DKG.status), Literal(e.status))
        if e.time is not None:
            yield q(node, _n(DKG.date), _date_literal(e.time))
            yield q(node, _n(DKG.datePrecision), Literal(e.time.precision))
        for who in e.participants:
            actor = actor_node.get(who)
            if actor is not None:
                yield q(node, _n(SEM.hasActor), actor)
        for key in e.places:
            pl = place_node.get(key)
            if pl is not None:
                yield q(node, _n(SEM.hasPlace), pl)
        yield from evidence(node, e.evidence)


def _event_label(kind: str, trigger: str, record: ArticleRecord, places: tuple[str, ...]) -> str:
    where = next((p.name for p in record.places if p.key in places), None)
    return f"{trigger} ({kind}{', ' + where if where else ''})"
