"""Lexicons the extraction components read: titles, outlets, trigger words.

They are data files in ``ingest/data/`` (and the event-type scheme in
``ontology/``); this module only loads them once and gives them typed shapes.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any

from ontology.scheme import EventType, load_event_types

__all__ = [
    "ActorLexicon",
    "RoleLexicon",
    "actor_lexicon",
    "ambiguous_outlet_names",
    "event_types",
    "load_data",
    "outlet_names",
    "role_lexicon",
]


def load_data(name: str) -> Any:
    """Parse ``ingest/data/NAME`` (JSON)."""
    return json.loads(resources.files("ingest").joinpath("data", name).read_text(encoding="utf-8"))


@dataclass(frozen=True, slots=True)
class RoleLexicon:
    """Words that make up titles ("Deputy Foreign Minister"), as lowercase strings.

    heads: words or phrases a title ends with ("minister", "national security adviser").
    domains: words that specialize a title ("foreign", "state department").
    modifiers: words that may open a title ("deputy", "acting", "former").
    former_markers: modifiers meaning the role is no longer held.
    variants: written form -> kept form ("advisor" -> "adviser").
    honorifics: forms of address dropped before names ("mr", "dr").
    counterpart_words: "counterpart" and the like, which borrow another person's title.
    generic_heads: heads too vague to be a title alone ("official").
    plurals: plural of a head's last word or of a counterpart word -> its singular ("ministers").
    abbreviations: abbreviated title word -> the word written out ("gen." -> "general").
    outlet_staff_title: the title of a person written as "<name> of <news outlet>" ("Journalist").
    """

    heads: frozenset[str]
    head_last_words: frozenset[str]
    domains: frozenset[str]
    modifiers: frozenset[str]
    former_markers: frozenset[str]
    variants: dict[str, str]
    honorifics: frozenset[str]
    counterpart_words: frozenset[str]
    generic_heads: frozenset[str]
    words: frozenset[str]
    plurals: dict[str, str]
    abbreviations: dict[str, str]
    outlet_staff_title: str

    def is_title_word(self, word: str) -> bool:
        """True when ``word`` (any case) can be part of a title."""
        return word.lower() in self.words


@lru_cache(maxsize=1)
def role_lexicon() -> RoleLexicon:
    data = load_data("roles.json")
    heads = frozenset(h.lower() for h in data["heads"])
    domains = frozenset(d.lower() for d in data["domains"])
    modifiers = frozenset(m.lower() for m in data["modifiers"])
    words: set[str] = set()
    for phrase in (*heads, *domains, *modifiers):
        words.update(w for w in re.split(r"[\s]+", phrase) if w)
    return RoleLexicon(
        heads=heads,
        head_last_words=frozenset(h.split()[-1] for h in heads),
        domains=domains,
        modifiers=modifiers,
        former_markers=frozenset(m.lower() for m in data["former_markers"]),
        variants={k.lower(): v.lower() for k, v in data["variants"].items()},
        honorifics=frozenset(h.lower().rstrip(".") for h in data["honorifics"]),
        counterpart_words=frozenset(c.lower() for c in data["counterpart_words"]),
        generic_heads=frozenset(g.lower() for g in data["generic_heads"]),
        words=frozenset(words),
        plurals=_plurals(
            {h.split()[-1] for h in heads} | {c for c in data["counterpart_words"] if " " not in c}
        ),
        abbreviations={k.lower(): v for k, v in data["abbreviations"].items()},
        outlet_staff_title=data["outlet_staff_title"],
    )


def _plurals(words: set[str]) -> dict[str, str]:
    """English plurals of title words: "ministers", "secretaries", "spokesmen", "chiefs of staff" aside."""
    out: dict[str, str] = {}
    for w in words:
        if not w.isalpha() or len(w) < 3:
            continue
        if w.endswith("man"):
            plural = w[:-3] + "men"
        elif w.endswith("y") and w[-2] not in "aeiou":
            plural = w[:-1] + "ies"
        elif w.endswith(("s", "x", "ch", "sh")):
            plural = w + "es"
        else:
            plural = w + "s"
        out[plural] = w
    return out


@lru_cache(maxsize=1)
def outlet_names() -> dict[str, str]:
    """Lowercased outlet and agency names and aliases -> canonical name."""
    data = load_data("outlets.json")
    entries = data["outlets"] if isinstance(data, dict) and "outlets" in data else data
    names: dict[str, str] = {}
    for entry in entries:
        if isinstance(entry, str):
            names[entry.lower()] = entry
            continue
        canonical = entry["name"]
        for form in (canonical, *entry.get("aliases", [])):
            names[form.lower()] = canonical
            if form.lower().startswith("the "):
                names[form.lower()[4:]] = canonical
    return names


@lru_cache(maxsize=1)
def ambiguous_outlet_names() -> frozenset[str]:
    """Lowercased names of outlets that are also ordinary words, places or people ("national", "dawn")."""
    data = load_data("outlets.json")
    entries = data["outlets"] if isinstance(data, dict) and "outlets" in data else data
    out: set[str] = set()
    for entry in entries:
        if isinstance(entry, dict) and entry.get("ambiguous"):
            for form in (entry["name"], *entry.get("aliases", [])):
                out.add(form.lower())
                out.add(form.lower().removeprefix("the "))
    return frozenset(out)


@lru_cache(maxsize=1)
def event_types() -> tuple[EventType, ...]:
    """The event-type scheme of the ontology (concepts with their trigger words)."""
    return load_event_types()


@dataclass(frozen=True, slots=True)
class ActorLexicon:
    """Data for ``dkg_actors`` (``ingest/data/actors.json``), lowercased.

    credit_phrases: a person named only in a sentence with one of these is a reporter.
    org_words: words that make a name an organization ("Army", "Council").
    service_languages: "<language> Service" names an outlet's language service.
    name_particles: lowercase words inside personal names ("von", "bin").
    organizations: alias (as written) -> canonical name of well-known organizations.
    generic_orgs: single words that name no particular organization.
    not_places: continents and broad world regions (not places of events).
    facility_words: last words that make a name a facility ("... Hotel", "... Airport").
    outlet_words: last words of news outlets' names ("... Wire", "... Bulletin").
    patronymics: words joining a given name to a family name in one personal name ("oglu").
    vessel_words: nouns after which a name is a ship's ("the tanker ...").
    ship_prefixes: prefixes of ships' names ("MV", "USS"), as written.
    place_nouns: nouns that make a name beside them a place ("the town of ...", "the ... district").
    feature_words: last words of natural features' names ("... Reef", "... Shoal").
    document_words: documents whose titles are no organization ("Agreement on ...").
    name_prepositions: prepositions the model takes into a name at a sentence's start ("Beyond").
    event_words: last words of events' names ("... Exercise"), which are no organizations.
    addressing_verbs: verbs after which "to <capital>" addresses its state ("protested to Beijing").
    disaster_nouns: subjects whose object is a place hit, not a state acting ("a typhoon struck X").
    body_meeting_words: meeting words that also name standing bodies ("... Forum"), organizations when acting.
    """

    credit_phrases: tuple[str, ...]
    org_words: frozenset[str]
    service_languages: frozenset[str]
    name_particles: frozenset[str]
    organizations: dict[str, str]
    generic_orgs: frozenset[str]
    not_places: frozenset[str]
    facility_words: frozenset[str]
    outlet_words: frozenset[str]
    patronymics: frozenset[str]
    vessel_words: frozenset[str]
    ship_prefixes: frozenset[str]
    place_nouns: frozenset[str]
    feature_words: frozenset[str]
    document_words: frozenset[str]
    name_prepositions: frozenset[str]
    event_words: frozenset[str]
    addressing_verbs: frozenset[str]
    disaster_nouns: frozenset[str]
    body_meeting_words: frozenset[str]


@lru_cache(maxsize=1)
def actor_lexicon() -> ActorLexicon:
    data = load_data("actors.json")
    orgs: dict[str, str] = {}
    for entry in data["organizations"]:
        for form in (entry["name"], *entry.get("aliases", [])):
            orgs[form] = entry["name"]
    return ActorLexicon(
        credit_phrases=tuple(c.lower() for c in data["credit_phrases"]),
        org_words=frozenset(w.lower() for w in data["org_words"]),
        service_languages=frozenset(w.lower() for w in data["service_languages"]),
        name_particles=frozenset(w.lower() for w in data["name_particles"]),
        organizations=orgs,
        generic_orgs=frozenset(w.lower() for w in data["generic_orgs"]),
        not_places=frozenset(w.lower() for w in data["not_places"]),
        facility_words=frozenset(w.lower() for w in data["facility_words"]),
        outlet_words=frozenset(w.lower() for w in data["outlet_words"]),
        patronymics=frozenset(w.lower() for w in data["patronymics"]),
        vessel_words=frozenset(w.lower() for w in data["vessel_words"]),
        ship_prefixes=frozenset(data["ship_prefixes"]),
        place_nouns=frozenset(w.lower() for w in data["place_nouns"]),
        feature_words=frozenset(w.lower() for w in data["feature_words"]),
        document_words=frozenset(w.lower() for w in data["document_words"]),
        name_prepositions=frozenset(w.lower() for w in data["name_prepositions"]),
        event_words=frozenset(w.lower() for w in data["event_words"]),
        addressing_verbs=frozenset(w.lower() for w in data["addressing_verbs"]),
        disaster_nouns=frozenset(w.lower() for w in data["disaster_nouns"]),
        body_meeting_words=frozenset(w.lower() for w in data["body_meeting_words"]),
    )


@dataclass(frozen=True, slots=True)
class EventLexicon:
    """Data for ``dkg_events`` (``ingest/data/events.json``).

    verb_arguments: verb lemma -> rules; each rule names the event type and the object or subject
        lemmas, or prepositional phrases, that make the verb an event ("fire" + "missile").
    reporting_verbs: verbs under which "would" reports a plan rather than a hypothesis.
    blocking_modifiers: trigger noun -> modifiers that make it no event ("press" conference).
    actor_object_verbs: verbs that are an event only with an actor or event as object ("host").
    """

    verb_arguments: dict[str, tuple[dict[str, Any], ...]]
    reporting_verbs: frozenset[str]
    blocking_modifiers: dict[str, frozenset[str]]
    actor_object_verbs: frozenset[str]


@lru_cache(maxsize=1)
def event_lexicon() -> EventLexicon:
    data = load_data("events.json")
    rules: dict[str, list[dict[str, Any]]] = {}
    for rule in data["verb_arguments"]:
        rules.setdefault(rule["verb"], []).append(
            {
                "type": rule["type"],
                "objects": frozenset(rule.get("objects", ())),
                "subjects": frozenset(rule.get("subjects", ())),
                "preps": tuple(rule.get("preps", ())),
                "particles": frozenset(rule.get("particles", ())),
                "min_participants": int(rule.get("min_participants", 0)),
            }
        )
    return EventLexicon(
        verb_arguments={k: tuple(v) for k, v in rules.items()},
        reporting_verbs=frozenset(data["reporting_verbs"]),
        blocking_modifiers={k: frozenset(v) for k, v in data["blocking_modifiers"].items()},
        actor_object_verbs=frozenset(data["actor_object_verbs"]),
    )
