"""The ``dkg_actors`` component: who and where an article names.

It reads spaCy's entities and decides what each one is for an analyst:
a person, an organization (a news outlet apart), a country (also from a
demonym, a capital used for its government, or a seat of power), or a place
(city, facility, region, sea). Names are tied together within the article
("Price" -> Ned Price; "Ben-Shabbat" -> Meir Ben Shabbat) and fragments of
titles ("National Security" in "National Security Adviser Jake Sullivan")
are dropped. The result lands in ``doc._.dkg_mentions``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span, Token
from spacy.util import filter_spans

from ingest import gazetteer
from ingest.lexicons import actor_lexicon, ambiguous_outlet_names, outlet_names, role_lexicon

__all__ = ["ActorsComponent", "Mention", "name_key"]

_FACILITY_WORDS = frozenset(
    {
        "facility",
        "facilities",
        "plant",
        "site",
        "reactor",
        "base",
        "airbase",
        "air base",
        "port",
        "airport",
        "refinery",
        "complex",
        "compound",
        "embassy",
        "consulate",
        "prison",
        "mine",
        "pipeline",
        "dam",
        "station",
        "terminal",
        "harbor",
        "harbour",
        "bridge",
        "camp",
        "hospital",
        "palace",
        "headquarters",
        "barracks",
        "border crossing",
        "crossing",
        "checkpoint",
        "oilfield",
        "field",
    }
)
#: Last words of the names of meetings ("the Hanoi Summit", "the Munich Security Conference").
_NAMED_MEETINGS = frozenset({"summit", "conference", "talks", "forum", "dialogue", "meeting", "ministerial"})
_WATER_WORDS = frozenset(
    {"sea", "gulf", "strait", "straits", "ocean", "bay", "channel", "river", "lake", "canal"}
)
_REGION_WORDS = frozenset(
    {"province", "region", "state", "district", "county", "oblast", "governorate", "territory"}
)
_SPEECH_VERBS = frozenset(
    {
        "say",
        "tell",
        "announce",
        "warn",
        "accuse",
        "deny",
        "urge",
        "call",
        "demand",
        "condemn",
        "reject",
        "insist",
        "claim",
        "report",
        "confirm",
        "threaten",
        "vow",
        "agree",
        "refuse",
        "respond",
        "reply",
        "welcome",
        "criticize",
        "criticise",
        "blame",
        "argue",
        "state",
        "add",
        "note",
        "declare",
        "signal",
        "want",
        "seek",
        "plan",
        "decide",
        "pledge",
        "promise",
        "hope",
        "expect",
        "believe",
        "impose",
        "sanction",
        "send",
        "launch",
        "resume",
        "sign",
        "meet",
        "host",
        "attack",
        "strike",
        "seize",
        "retaliate",
        "offer",
        "propose",
        "might",
        "may",
        "will",
        "would",
        "can",
        "could",
        "must",
        "should",
    }
)
#: Prepositions after which a name is a location, not an actor.
_LOCATIVE_PREPS = frozenset(
    {
        "in",
        "at",
        "near",
        "outside",
        "inside",
        "to",
        "into",
        "across",
        "around",
        "within",
        "through",
        "via",
        "toward",
        "towards",
        "throughout",
        "off",
        "along",
        "beyond",
        "over",
        "from",
        "of",
        "onto",
        "in front of",
    }
)
#: Nouns whose modifier names who acts: "U.S. officials", "Iranian forces", "Chinese embassy".
_ACTOR_NOUNS = frozenset(
    {
        "official",
        "officials",
        "government",
        "governments",
        "force",
        "forces",
        "military",
        "troops",
        "troop",
        "army",
        "navy",
        "president",
        "minister",
        "leader",
        "leaders",
        "authorities",
        "authority",
        "diplomat",
        "diplomats",
        "envoy",
        "envoys",
        "ambassador",
        "embassy",
        "delegation",
        "delegations",
        "counterpart",
        "counterparts",
        "administration",
        "regime",
        "side",
        "sides",
        "negotiator",
        "negotiators",
        "spokesman",
        "spokeswoman",
        "spokesperson",
        "ministry",
        "foreign",
        "state",
        "lawmakers",
        "parliament",
        "warplanes",
        "jets",
        "drones",
        "coast",
        "guard",
        "police",
        "soldiers",
        "commander",
        "commanders",
        "intelligence",
        "security",
        "agents",
        "agency",
        "prime",
        "proposal",
        "plan",
        "sanctions",
        "strike",
        "strikes",
        "attack",
        "attacks",
        "offensive",
        "pressure",
        "demand",
        "decision",
        "policy",
        "support",
        "aid",
        "delegate",
    }
)
#: Two sentences run together inside one name ("... al-Sudani said. Militants"): a word of three or more
#: letters before ". ", so initials ("M. Waugh") and abbreviations ("St. Petersburg", "Gen.") pass.
_ABBREVIATIONS = "Gen|Col|Adm|Gov|Sen|Rep|Lt|Maj|Capt|Sgt|Brig|Mt|Ft|Jr|Sr|Dr|Mr|Mrs|Ms|Prof|Rev|St|Ste"
_SENTENCE_GLUE = re.compile(rf"\b(?!(?:{_ABBREVIATIONS})\.)[A-Za-z]*[a-z]{{2}}[a-z]*\. [A-Z]")
_NAME_STRIP = re.compile(r"^(?:the\s+)|(?:['\u2019]s?)$", re.IGNORECASE)


_NAME_WORD = re.compile(r"[^\W\d_]+(?:[-'\u2019][^\W\d_]+)*")
#: Verbs whose subject (or whose inverted subject, "said X") is a person, not a place.
_SAYING = frozenset({"said", "says", "say", "told", "tells", "tell", "added", "adds", "noted", "stressed"})
#: Labels of the model's under which a person's name may hide.
_MISREAD_LABELS = frozenset({"ORG", "GPE", "FAC", "LOC", "PRODUCT", "NORP", "WORK_OF_ART"})
#: Prepositions before which a name is a location whatever the gazetteer knows ("off Porkkala").
_STRONG_LOCATIVE = frozenset({"near", "off", "outside", "inside", "across", "throughout", "along", "around"})
#: ... and those that make a name the gazetteer knows a location ("in Ohrid", "at the garrison at X").
_LOCATIVE = _STRONG_LOCATIVE | {"in", "at", "into", "toward", "towards"}
#: Entity labels the model gives place names it does not know ("in Montevideo" as a product).
_PLACE_MISREADS = frozenset({"PRODUCT", "WORK_OF_ART", "LANGUAGE", "EVENT", "LAW"})
_CONNECTORS = frozenset({"of", "and", "for", "on", "the", "&", "to", "in"})


def _joined_names(doc: Doc, patronymics: frozenset[str] = frozenset()) -> list[Span]:
    """The entities, with a name the model cut in two joined again ("Carolina Mendes" + "Leite"; "Elnur
    Rasim" + "oglu" + "Mammadov", where the model read either piece as an organization)."""
    out: list[Span] = []
    for ent in doc.ents:
        prev = out[-1] if out else None
        if (
            prev is not None
            and prev.label_ == ent.label_ == "PERSON"
            and prev.end == ent.start
            and not doc[prev.end - 1].whitespace_ == ""
        ):
            out[-1] = Span(doc, prev.start, ent.end, label="PERSON")
            continue
        if (
            prev is not None
            and prev.label_ in ("PERSON", "ORG")
            and ent.label_ in ("PERSON", "ORG")
            and prev.end + 1 == ent.start
            and doc[prev.end].lower_ in patronymics
        ):
            out[-1] = Span(doc, prev.start, ent.end, label="PERSON")
            continue
        out.append(ent)
    return out


def _fold(entities: dict, mentions: list, entity: Entity, into: Entity) -> None:
    """Make ``entity`` one more name of ``into``: its names become aliases, its mentions point to
    ``into``, and it leaves ``entities``."""
    into.aliases.add(entity.name)
    into.aliases.update(entity.aliases)
    del entities[(entity.kind, entity.key)]
    for m in mentions:
        if m.kind == entity.kind and m.key == entity.key:
            m.kind, m.key = into.kind, into.key


def name_key(text: str) -> str:
    """Case-, punctuation- and hyphen-insensitive key of a name ("Ben-Shabbat" == "ben shabbat")."""
    return " ".join(re.sub(r"[^\w]+", " ", text.casefold()).split())


@dataclass(slots=True)
class Mention:
    """One mention of an actor or place, in token and (cleaned-text) character offsets.

    kind: "person", "organization", "country" or "place".
    key: the canonical entity this mention refers to (an entity key of its kind).
    how: "ner", "demonym", "metonym", "alias", "facility" — how it was recognised.
    """

    kind: str
    key: str
    text: str
    start: int
    end: int
    start_char: int
    end_char: int
    how: str = "ner"
    confidence: float = 0.8
    acting: bool = True


@dataclass(slots=True)
class Entity:
    """An actor or place of one article, gathered over all its mentions."""

    kind: str
    key: str
    name: str
    aliases: set[str] = field(default_factory=set)
    iso_code: str | None = None
    is_media: bool = False
    place_kind: str = "place"
    geonames_id: int | None = None
    latitude: float | None = None
    longitude: float | None = None
    country_code: str | None = None


def _clean_span_text(span: Span) -> tuple[int, int]:
    """Token bounds of a span without a leading determiner or trailing possessive."""
    start, end = span.start, span.end
    doc = span.doc
    while start < end and doc[start].lower_ in ("the", "a", "an"):
        start += 1
    while (
        end > start
        and doc[end - 1].tag_ == "POS"
        or (end > start and doc[end - 1].text in ("'s", "\u2019s", "'"))
    ):
        end -= 1
    return start, end


class ActorsComponent:
    """spaCy component ``dkg_actors``; see the module docstring.

    nlp (Language): the pipeline.
    name (str): the component's name.
    metonym_capitals (bool): read capitals acting as subjects ("Washington said") as
        their countries. Default True.
    """

    def __init__(self, nlp: Language, name: str, *, metonym_capitals: bool = True) -> None:
        self.name = name
        self.metonym_capitals = metonym_capitals
        self._roles = role_lexicon()
        self._outlets = outlet_names()
        self._lex = actor_lexicon()
        self._facility_words = _FACILITY_WORDS | self._lex.facility_words
        # Nouns of titles that only a person holds ("researcher", "minister"), for "X, a researcher at".
        self._person_heads = frozenset(
            h.split()[-1] for h in self._roles.heads if " of " not in h and " for " not in h
        ) - {"state", "general", "major", "official", "member"}
        self._surnames: dict[str, int] = {}
        self._org_tokens: set[int] = set()
        self._counterparts = self._roles.counterpart_words | {w + "s" for w in self._roles.counterpart_words}
        self._full_names: list[tuple[str, str, str]] = []  # (key, first word, last word) of full names
        #: Words no personal name holds ("Department", "Radio", "Hotel", "district", "Reef").
        self._blocked_name_words = (
            self._lex.org_words
            | self._lex.outlet_words
            | self._facility_words
            | self._lex.place_nouns
            | self._lex.feature_words
        )
        self._known_orgs = PhraseMatcher(nlp.vocab, attr="ORTH")
        for form in self._lex.organizations:
            self._known_orgs.add(self._lex.organizations[form], [nlp.make_doc(form)])
        # Country names are a closed list: found as written even where the model misses them.
        self._country_names = PhraseMatcher(nlp.vocab, attr="ORTH")
        for info in gazetteer.all_countries():
            for form in (info.name, *info.aliases):
                if form[:1].isupper():
                    forms = {form, form.replace("'", "\u2019")}
                    self._country_names.add("COUNTRY", [nlp.make_doc(f) for f in forms])
        if not Doc.has_extension("dkg_mentions"):
            Doc.set_extension("dkg_mentions", default=None)
            Doc.set_extension("dkg_entities", default=None)
            Doc.set_extension("dkg_token_mention", default=None)
        if not Doc.has_extension("dkg_dateline"):
            Doc.set_extension("dkg_dateline", default=None)
        self._article = gazetteer.article_context(None)

    # ----------------------------------------------------------------- main
    def __call__(self, doc: Doc) -> Doc:
        mentions: list[Mention] = []
        entities: dict[tuple[str, str], Entity] = {}
        persons_pending: list[tuple[Span, int, int]] = []
        singles: list[tuple[Span, int, int, str]] = []  # one-word names that may be surnames

        credits = self._credit_sentences(doc)
        # Where the story is (its dateline, the US states it names): context for locating its places.
        self._article = gazetteer.article_context(
            doc._.dkg_dateline, [e.text for e in doc.ents if e.label_ in ("GPE", "LOC")]
        )
        known: dict[
            int, tuple[int, str]
        ] = {}  # start token -> (end token, canonical name) of well-known orgs
        for match_id, start, end in self._known_orgs(doc):
            if start not in known or end > known[start][0]:
                known[start] = (end, doc.vocab.strings[match_id])
        taken: set[int] = set()
        for start, (end, canonical) in known.items():
            span = doc[start:end]
            self._add_org(span, entities, mentions, None, name=span.text.removeprefix("the "), key=canonical)
            taken.update(range(start, end))

        # Surnames and family names of people named in full, so a lone "Leyen" or "Berisha" read as a
        # place or organization still goes to the person.
        self._surnames = {}
        for ent in doc.ents:
            if ent.label_ == "PERSON" and len(ent) >= 2:
                for tok in (ent[-1], ent[0]):
                    self._surnames[name_key(tok.text)] = self._surnames.get(name_key(tok.text), 0) + 1
        person_texts = {name_key(e.text) for e in doc.ents if e.label_ == "PERSON"}
        self._full_names = [
            (name_key(e.text), name_key(e[0].text), name_key(e[-1].text))
            for e in doc.ents
            if e.label_ == "PERSON" and len(e) >= 2
        ]
        candidates = self._candidates(doc)
        in_names: set[int] = set()  # tokens of the personal names read so far
        self._org_tokens = set()  # tokens of the organizations' names read so far
        ships = self._ship_names(doc, candidates)

        for ent in candidates:
            start, end = _clean_span_text(ent)
            if ent.label_ == "PERSON":
                start = self._skip_prepositions(doc, start, end)
            start, end = self._extend(doc, ent.label_, start, end)
            if start >= end or any(i in taken for i in range(start, end)):
                continue
            if ent.label_ == "PERSON":
                if any(i in in_names for i in range(start, end)):
                    continue
                in_names.update(range(start, end))  # "Ursula von der" + "Leyen": the model's "Leyen" is taken
            elif any(i in in_names for i in range(start, end)):
                continue
            span = doc[start:end]
            text = span.text.strip()
            label = ent.label_
            if not text or not any(c.isalpha() for c in text) or _SENTENCE_GLUE.search(text) or "\n" in text:
                continue
            if name_key(text) in ships or (len(span) >= 2 and span[0].text in self._lex.ship_prefixes):
                continue  # a ship ("the tanker Vega Star", "BRP Sierra Madre"): no actor, no place
            if label == "GPE" and self._country_then_name(span, entities, mentions, persons_pending):
                continue  # "the Republic of Azerbaijan Elnur Mamedov" read as one name
            if (
                label in ("FAC", "ORG", "EVENT")
                and len(span) >= 2
                and span[-1].lower_ in _NAMED_MEETINGS
                and not self._body_acting(span)
            ):
                # "the Hanoi Summit": a meeting, not a place or organization; its place is in its name.
                where = doc[span.start : span.end - 1]
                if where.text and self._is_known_place(where.text):
                    self._add_place(where, entities, mentions, None)
                elif where.text and gazetteer.country(where.text) is None:
                    other = self._lex.organizations.get(where.text)
                    if other is not None:
                        self._add_org(where, entities, mentions, None, name=where.text, key=other)
                continue
            if label == "PERSON" and (not text[:1].isupper() or any(c.isdigit() for c in text)):
                continue
            if label == "PERSON" and span.sent.start in credits:
                continue  # a reporter or photographer credited, not an actor
            if label == "PERSON":
                start, end = self._strip_honorifics(doc, start, end)
                if start >= end:
                    continue
                span = doc[start:end]
                if self._as_country(span, entities, mentions, how="ner"):
                    continue
                if " " not in span.text and gazetteer.country_from_capital(span.text) is not None:
                    self._gpe(span, entities, mentions)  # "Tbilisi summons the ambassador"
                    continue
                if self._not_a_person(span, entities, mentions):
                    continue
                if " " not in span.text:
                    singles.append((span, start, end, "PERSON"))
                else:
                    persons_pending.append((span, start, end))
            elif label == "NORP":
                info = gazetteer.country_from_demonym(text)
                if info is not None:
                    self._add_country(info, span, entities, mentions, how="demonym", confidence=0.6)
            elif (
                label in ("GPE", "LOC", "ORG")
                and " " not in text
                and name_key(text) in self._surnames
                and gazetteer.country(text) is None
                and gazetteer.country_from_capital(text) is None
            ):
                singles.append((span, start, end, "PERSON"))
            elif label == "ORG" and " " not in text and name_key(text) in person_texts:
                singles.append((span, start, end, "PERSON"))  # "Trump" read as an organization here only
            elif label == "GPE":
                self._gpe(span, entities, mentions)
            elif label in ("LOC", "FAC"):
                if not self._as_country(span, entities, mentions, how="ner"):
                    self._add_place(span, entities, mentions, "facility" if label == "FAC" else None)
            elif label == "ORG":
                self._org(span, entities, mentions, singles)

        # Full names first (longest first, so "Kiprono Lagat" joins "Moses Kiprono Lagat"), then single words.
        for span, start, end in sorted(persons_pending, key=lambda p: -len(p[0])):
            longer = self._longer_name(name_key(span.text), entities)
            if longer is not None:
                longer.aliases.add(span.text)
                mentions.append(
                    Mention(
                        "person",
                        longer.key,
                        span.text,
                        start,
                        end,
                        span.start_char,
                        span.end_char,
                        how="alias",
                        confidence=0.8,
                    )
                )
                continue
            self._add_person(span, start, end, entities, mentions)
        for span, start, end, label in singles:
            self._single_name(span, start, end, label, entities, mentions)

        self._short_country_names(doc, entities, mentions)
        self._bracketed_acronyms(doc, entities, mentions)
        self._merge_org_prefixes(entities, mentions)
        self._merge_acronyms(entities, mentions)
        mentions.sort(key=lambda m: m.start)
        doc._.dkg_mentions = mentions
        doc._.dkg_entities = entities
        index: dict[int, Mention] = {}
        for m in mentions:
            for i in range(m.start, m.end):
                index[i] = m
        doc._.dkg_token_mention = index
        return doc

    # ------------------------------------------------------------- helpers
    def _short_country_names(self, doc: Doc, entities: dict, mentions: list) -> None:
        """ "the North" for North Korea, "the South" for South Sudan, when the article names that country."""
        taken = {i for m in mentions for i in range(m.start, m.end)}
        for tok in doc[1:]:
            if tok.text not in ("North", "South") or tok.i in taken or doc[tok.i - 1].lower_ != "the":
                continue
            if tok.i + 1 < len(doc) and doc[tok.i + 1].pos_ == "PROPN":
                continue  # "the North Atlantic"
            fits = [e for e in entities.values() if e.kind == "country" and e.name.startswith(tok.text + " ")]
            if len(fits) == 1:
                info = gazetteer.country_by_iso(fits[0].key)
                if info is not None:
                    self._add_country(
                        info, doc[tok.i : tok.i + 1], entities, mentions, how="metonym", confidence=0.6
                    )

    @staticmethod
    def _merge_org_prefixes(entities: dict, mentions: list) -> None:
        """ "Ministry of Foreign Affairs" in an article that also names the "Ministry of Foreign Affairs of
        the Sultanate of Oman": one organization, when only one longer name fits."""
        orgs = [e for e in entities.values() if e.kind == "organization" and not e.is_media]
        for short in orgs:
            longer = [o for o in orgs if o is not short and o.key.startswith(short.key + " of ")]
            if len(longer) != 1 or ("organization", short.key) not in entities:
                continue
            _fold(entities, mentions, short, longer[0])

    @staticmethod
    def _bracketed_acronyms(doc: Doc, entities: dict, mentions: list) -> None:
        """ "Alliance of Sahel States (AES)": the bracketed short form is the organization's alias, and the
        organization the short form names elsewhere in the article is the same one."""
        for m in [m for m in mentions if m.kind == "organization"]:
            k = m.end
            if k + 1 >= len(doc) or doc[k].text != "(":
                continue
            short = doc[k + 1].text
            if not (short.isalpha() and 2 <= len(short) <= 8 and sum(c.isupper() for c in short) >= 2):
                continue
            target = entities.get(("organization", m.key))
            if target is None or name_key(short) == m.key:
                continue
            target.aliases.add(short)
            other = entities.get(("organization", name_key(short)))
            if other is not None:
                _fold(entities, mentions, other, target)

    @staticmethod
    def _merge_person_initials(entities: dict, mentions: list) -> None:
        """ "MBS" for "Mohammed bin Salman": a name written as its initials, when only one person fits."""
        people = [e for e in entities.values() if e.kind == "person" and len(e.name.split()) >= 2]
        for kind in ("person", "organization"):
            for e in [x for x in entities.values() if x.kind == kind]:
                if not (e.name.isupper() and 2 <= len(e.name) <= 4 and " " not in e.name):
                    continue
                fits = [p for p in people if "".join(w[0] for w in p.name.split()).upper() == e.name]
                if len(fits) != 1:
                    continue
                _fold(entities, mentions, e, fits[0])

    @staticmethod
    def _merge_acronyms(entities: dict, mentions: list) -> None:
        """ "BLA" after "Baloch Liberation Army": one organization, the acronym an alias."""
        ActorsComponent._merge_person_initials(entities, mentions)
        orgs = [e for e in entities.values() if e.kind == "organization"]
        by_initials: dict[str, Entity] = {}
        for e in orgs:
            words = [w for w in re.split(r"[\s-]+", e.name) if w and w[0].isupper()]
            if len(words) >= 2:
                by_initials.setdefault("".join(w[0] for w in words), e)
        for e in orgs:
            target = by_initials.get(e.name.replace(".", ""))
            if target is None or target is e or not e.name.isupper():
                continue
            _fold(entities, mentions, e, target)

    def _credit_sentences(self, doc: Doc) -> set[int]:
        """Starts of sentences that credit a reporter ("X contributed to this report")."""
        out: set[int] = set()
        for sent in doc.sents:
            low = sent.text.lower()
            if any(p in low for p in self._lex.credit_phrases):
                out.add(sent.start)
        return out

    # ------------------------------------------------------------- candidates and cues
    def _candidates(self, doc: Doc) -> list[Span]:
        """The model's entities, joined where it cut a name, relabelled where a name it read as an
        organization or place is plainly a person's, plus titled names it missed ("Colonel X Y")."""
        out: list[Span] = []
        for ent in _joined_names(doc, self._lex.patronymics):
            if ent.label_ in _MISREAD_LABELS and self._reads_as_person(ent):
                ent = Span(doc, ent.start, ent.end, label="PERSON")
            elif ent.label_ == "ORG":
                ent = self._name_after_title(ent)
            out.append(ent)
        out += self._titled_runs(doc) + self._listed_runs(doc)
        out = self._with_located_runs(doc, out)
        out = self._with_country_names(doc, out)
        out += self._demonyms_before_actors(doc, out)
        out = [self._capital_as_subject(e) for e in out]
        out.sort(key=lambda e: e.start)
        return out

    def _with_located_runs(self, doc: Doc, found: list[Span]) -> list[Span]:
        """The candidates with place names the model missed or misread after a locative preposition
        ("met in Ohrid", "talks in Asuncion" read as a nationality, "in Montevideo" as a product): a
        run of one to three capitalized proper nouns that the gazetteer knows as a town or region, in
        no entity of a kind dkg reads (or in a nationality that is no demonym)."""
        taken = {
            i
            for e in found
            if e.label_ not in _PLACE_MISREADS
            and not (e.label_ == "NORP" and gazetteer.country_from_demonym(e.text) is None)
            for i in range(e.start, e.end)
        }
        out: list[Span] = []
        i = 0
        while i < len(doc):
            tok = doc[i]
            j = i
            while (
                j < len(doc) and j - i < 3 and doc[j].pos_ == "PROPN" and doc[j].is_title and doc[j].is_alpha
            ):
                j += 1
            if j == i:
                i += 1
                continue
            run = doc[i:j]
            nxt = doc[j] if j < len(doc) else None
            if (
                not taken & set(range(i, j))
                and i > 0
                and doc[i - 1].lower_ in _LOCATIVE
                and doc[i - 1].dep_ == "prep"
                and not (nxt is not None and nxt.text[:1].isupper() and nxt.is_alpha)
                and not tok.is_sent_start
                and gazetteer.country(run.text) is None
                and gazetteer.locate(run.text) is not None
            ):
                out.append(Span(doc, i, j, label="GPE"))
            i = j
        if not out:
            return found
        kept = [e for e in found if not any(e.start < o.end and o.start < e.end for o in out)]
        return kept + out

    def _with_country_names(self, doc: Doc, found: list[Span]) -> list[Span]:
        """The candidates with each country name written in the text ("Senegal hosted ...", "Côte
        d\u2019Ivoire\u2019s") as a GPE, in place of the entities the model made of its words, unless the
        name is part of a larger one ("Niger Delta", "Bank of Ghana", "Jordan Peterson")."""
        out = list(found)
        matches = filter_spans([doc[s:e] for _, s, e in self._country_names(doc)])
        for name in matches:
            if not self._stands_alone(doc, name) or name_key(name.text) in self._surnames:
                continue
            overlapping = [e for e in out if e.start < name.end and name.start < e.end]
            if any(self._larger_name(e, name) for e in overlapping):
                continue
            out = [e for e in out if e not in overlapping]
            out.append(Span(doc, name.start, name.end, label="GPE"))
        return out

    @staticmethod
    def _stands_alone(doc: Doc, name: Span) -> bool:
        """No capitalized word right before or after the name (a sentence's first word apart)."""
        before = doc[name.start - 1] if name.start > 0 else None
        after = doc[name.end] if name.end < len(doc) else None
        if before is not None and before.is_alpha and before.text[:1].isupper() and not before.is_sent_start:
            return False
        return not (after is not None and after.is_alpha and after.text[:1].isupper())

    @staticmethod
    def _larger_name(ent: Span, name: Span) -> bool:
        """The model's entity goes beyond the country's name with words of its own ("Bank of Ghana")."""
        extra = [t for t in ent if t.i < name.start or t.i >= name.end]
        return any(t.is_alpha and t.lower_ != "the" for t in extra)

    def _demonyms_before_actors(self, doc: Doc, found: list[Span]) -> list[Span]:
        """Demonyms the model missed before a noun for forces or officials ("Ghanaian troops")."""
        covered = {i for e in found for i in range(e.start, e.end)}
        out: list[Span] = []
        for tok in doc:
            if tok.i in covered or not tok.text[:1].isupper() or tok.dep_ not in ("amod", "compound", "nmod"):
                continue
            if tok.head.i <= tok.i or tok.head.lemma_.lower() not in _ACTOR_NOUNS:
                continue
            if gazetteer.country_from_demonym(tok.text) is not None:
                out.append(Span(doc, tok.i, tok.i + 1, label="NORP"))
        return out

    @staticmethod
    def _capital_as_subject(ent: Span) -> Span:
        """A capital the model took for an organization or person that agrees or speaks ("Lima and
        Santiago agreed"): a GPE, so it may stand for its state."""
        if ent.label_ not in ("ORG", "PERSON", "LOC") or len(ent) != 1:
            return ent
        if gazetteer.country_from_capital(ent.text) is None or gazetteer.country(ent.text) is not None:
            return ent
        tok = ent.root
        while tok.dep_ == "conj" and tok.head is not tok:
            tok = tok.head
        if tok.dep_ == "nsubj" and tok.head.lemma_.lower() in _SPEECH_VERBS:
            return Span(ent.doc, ent.start, ent.end, label="GPE")
        return ent

    def _name_after_title(self, ent: Span) -> Span:
        """ "Parliament Ruth Wanjiku" read as one organization after "Member of": the title's last words,
        then a person's name; the name alone as a person. Else the entity as it was."""
        doc = ent.doc
        for cut in range(ent.start + 1, ent.end - 1):
            head, rest = doc[ent.start : cut], doc[cut : ent.end]
            if all(self._is_title_or_honorific(t) for t in head) and all(
                self._is_plain_name_word(t) and t.lower_ not in self._blocked_name_words for t in rest
            ):
                return Span(doc, cut, ent.end, label="PERSON")
        return ent

    def _honorific_len(self, doc: Doc, i: int, end: int) -> int:
        """How many tokens from ``i`` (before ``end``) make a form of address ("Dr.", "Datuk Seri")."""
        words: list[str] = []
        best = 0
        j = i
        while j < end and j < i + 4:
            tok = doc[j]
            if tok.text in ("'", "\u2019") and words:
                j += 1
                continue
            words.append(tok.lower_.rstrip(".").rstrip("'\u2019"))
            j += 1
            if " ".join(words) in self._roles.honorifics:
                best = j - i
        return best

    def _is_name_token(self, tok: Token) -> bool:
        """A word that can be part of a personal name: capitalized letters ("Maïga", "Mohammad-Reza",
        "O'Neill"), or a particle inside a name ("bin", "al")."""
        text = tok.text
        if tok.lower_ in self._lex.name_particles and not text[:1].isupper():
            return True
        return bool(text[:1].isupper() and not text.isupper() and _NAME_WORD.fullmatch(text))

    def _body_acting(self, span: Span) -> bool:
        """A standing body named like a meeting that acts ("the ... Forum urged"): an organization."""
        root: Token = span.root
        return (
            span[-1].lower_ in self._lex.body_meeting_words
            and root.dep_ == "nsubj"
            and root.head.lemma_.lower() in _SPEECH_VERBS
        )

    def _is_title_or_honorific(self, tok: Token) -> bool:
        low = tok.lower_
        return tok.text[:1].isupper() and (
            (self._roles.is_title_word(low) and low not in _CONNECTORS)
            or low.rstrip(".") in self._roles.honorifics
        )

    def _titled_before(self, doc: Doc, i: int) -> bool:
        """A title or form of address right before token ``i`` ("Colonel", "Dr.", "Minister")."""
        j = i - 1
        if j >= 0 and doc[j].text == ".":
            j -= 1
        if j < 0:
            return False
        low = doc[j].lower_
        return (
            self._is_title_or_honorific(doc[j])
            or low in self._person_heads
            or low in self._counterparts
            or low in self._roles.head_last_words  # "chief of staff Pak Jong Chon"
        )

    def _appos_title_after(self, doc: Doc, end: int) -> bool:
        """ "X, a researcher at ...", "X, the head of ...": a title right after the name."""
        if end >= len(doc) or doc[end].text != ",":
            return False
        j = end + 1
        if j < len(doc) and doc[j].lower_ in ("a", "an", "the"):
            j += 1
        for k in range(j, min(len(doc), j + 6)):
            tok = doc[k]
            if tok.lower_ in self._person_heads:
                return True
            if tok.is_punct or tok.lower_ in ("of", "at", "in", "for", "and", "who", "which", "said"):
                return False
        return False

    def _appos_title_before(self, doc: Doc, start: int) -> bool:
        """ "the Minister of Foreign Affairs of the Republic of Peru, X": a title, a comma, the name."""
        if start < 2 or doc[start - 1].text != ",":
            return False
        for k in range(start - 2, max(-1, start - 14), -1):
            tok = doc[k]
            if tok.lower_ in self._person_heads:
                return k == start - 2 or doc[k + 1].lower_ in ("of", "for", "to", "at", "in")
            if tok.pos_ in ("VERB", "AUX") or tok.is_punct:
                return False
        return False

    def _person_cue(self, span: Span) -> bool:
        """What only a person's name has: a title or form of address before it, a title in apposition,
        a verb of saying ("X said", "said X"), or a family name of someone the article names in full."""
        doc = span.doc
        if self._titled_before(doc, span.start) or self._appos_title_after(doc, span.end):
            return True
        if self._appos_title_before(doc, span.start):
            return True
        root = span.root
        if root.dep_ in ("nsubj", "nsubjpass") and root.head.lower_ in _SAYING:
            return True
        if root.dep_ == "conj" and root.head.ent_type_ == "PERSON" and self._of_country_after(doc, span.end):
            return True  # "X of Bulgaria and Y of North Macedonia": a name listed like a person's
        if len(span) < 2:
            return False
        own = name_key(span.text)
        words = {name_key(t.text) for t in span}
        return any(
            key != own and not key.endswith(" " + own) and words & {first, last}
            for key, first, last in self._full_names
        )

    def _place_cue(self, span: Span) -> bool:
        """What marks a name as a place's: "the town of X", "the X district", "X (air base)", "... Reef"."""
        doc = span.doc
        if len(span) >= 2 and span[-1].lower_ in self._lex.feature_words and span[-1].text[:1].isupper():
            return True
        s, e = span.start, span.end
        if s >= 2 and doc[s - 1].lower_ == "of" and doc[s - 2].text in self._lex.place_nouns:
            return True
        if (
            e < len(doc)
            and doc[e].text in self._lex.place_nouns | self._facility_words | self._lex.feature_words
        ):
            return True  # "the X district", "the X border crossing", "the X river"
        if e + 1 < len(doc) and doc[e].text == "(":
            inside = [t.text for t in doc[e + 1 : min(len(doc), e + 5)]]
            inside = inside[: inside.index(")")] if ")" in inside else []
            return any(w in self._facility_words or w in self._lex.place_nouns for w in inside)
        return False

    @staticmethod
    def _located(span: Span) -> bool:
        """Object of a locative preposition: any name after "near" or "off"; one the gazetteer knows after
        "in" or "at"."""
        root = span.root
        dep, head = root.dep_, root.head
        while dep == "conj" and head is not head.head:
            dep, head = head.dep_, head.head
        if dep != "pobj":
            return False
        if head.lower_ in _STRONG_LOCATIVE:
            return True
        return head.lower_ in _LOCATIVE and gazetteer.locate(span.text) is not None

    def _reads_as_person(self, span: Span) -> bool:
        """An organization or place by the model's reading that is a person's name: it opens with a form of
        address ("H.E. Dr. X"), or is two to five name words with a person cue and nothing of an
        organization, outlet, place or country."""
        doc = span.doc
        if span[0].lower_ in ("the", "a", "an"):
            return False
        n = self._honorific_len(doc, span.start, span.end - 1)
        k = span.start + n
        while n and k < span.end - 1 and (self._honorific_len(doc, k, span.end - 1) or doc[k].text == "."):
            k += max(1, self._honorific_len(doc, k, span.end - 1))
        rest = doc[k : span.end]
        inner = {t.i for t in rest[1:-1]}
        if not all(self._is_name_token(t) or t.text == "-" and t.i in inner for t in rest):
            return False  # "Mohammad-Reza Karimi" may come as four tokens
        if not rest[0].text[:1].isupper():
            return False
        words = {t.lower_ for t in rest}
        if words & self._blocked_name_words or any(self._roles.is_title_word(w) for w in words):
            return False
        if n:
            return len(rest) >= 2
        text = rest.text
        if not 2 <= len(rest) <= 5 or text in self._lex.organizations or self._outlets.get(text.lower()):
            return False
        if gazetteer.country(text) or gazetteer.country_from_demonym(text):
            return False
        if self._titled_before(doc, rest.start):
            return True  # "his Ecuadorian counterpart Marta León", whatever town has the name
        return not gazetteer.locate(text) and self._person_cue(rest)

    def _titled_runs(self, doc: Doc) -> list[Span]:
        """Names the model missed after a title or form of address: two to four capitalized name words
        outside any entity ("Colonel Souleymane Dembele of Mali", "H.E. Faduma Ali Jama")."""
        out: list[Span] = []
        i = 1
        while i < len(doc):
            if not self._titled_before(doc, i) or doc[i].ent_type_:
                i += 1
                continue
            j = i
            while (
                j < len(doc)
                and j - i < 4
                and not doc[j].ent_type_
                and self._is_name_token(doc[j])
                and doc[j].text[:1].isupper()
                and not self._roles.is_title_word(doc[j].lower_)
                and doc[j].lower_.rstrip(".") not in self._roles.honorifics
                and doc[j].lower_ not in self._lex.org_words
                and gazetteer.country(doc[j].text) is None
                and gazetteer.country_from_demonym(doc[j].text) is None
            ):
                j += 1
            if (
                j - i >= 2
                and (j >= len(doc) or not doc[j].text[:1].isupper())
                and not self._headline(doc[i].sent)
            ):
                out.append(Span(doc, i, j, label="PERSON"))
            i = max(j, i + 1)
        return out

    @staticmethod
    def _of_country_after(doc: Doc, i: int) -> bool:
        """ "of Bulgaria", "of the Philippines" at token ``i``."""
        if i + 1 >= len(doc) or doc[i].lower_ != "of":
            return False
        j = i + 2 if doc[i + 1].lower_ == "the" else i + 1
        if j >= len(doc) or not doc[j].text[:1].isupper():
            return False
        return any(gazetteer.country(doc[j:k].text) for k in range(j + 1, min(len(doc), j + 4) + 1))

    def _listed_runs(self, doc: Doc) -> list[Span]:
        """Names the model missed in a list of people, each with a country: "X of Ethiopia and Y of
        Somalia" where only X was read as a name."""
        out: list[Span] = []
        for ent in doc.ents:
            if ent.label_ != "PERSON":
                continue
            k = ent.end
            if not self._of_country_after(doc, k):
                continue
            while k < len(doc) and doc[k].text not in (",", "and"):
                k += 1
                if k - ent.end > 5:
                    break
            while k < len(doc) and doc[k].text in (",", "and"):
                k += 1
            j = k
            while j < len(doc) and j - k < 4 and not doc[j].ent_type_ and self._is_plain_name_word(doc[j]):
                j += 1
            if j - k >= 2 and self._of_country_after(doc, j):
                out.append(Span(doc, k, j, label="PERSON"))
        return out

    @staticmethod
    def _headline(sent: Span) -> bool:
        """A line in Title Case (a headline), where capitals say nothing about names."""
        words = [t for t in sent if t.is_alpha and len(t) > 3]
        return not any(t.text.islower() for t in words)

    def _ship_names(self, doc: Doc, candidates: list[Span]) -> set[str]:
        """Keys of the names this article gives ships: "the tanker Vega Star", "the vessel X"."""
        out: set[str] = set()
        for ent in candidates:
            start, end = _clean_span_text(ent)
            if start >= end or start == 0:
                continue
            before = doc[start - 1]
            if before.text.islower() and before.lower_ in self._lex.vessel_words:
                out.add(name_key(doc[start:end].text))
        return out

    def _skip_prepositions(self, doc: Doc, start: int, end: int) -> int:
        """Drop a preposition the model took into a name ("Beyond Ukraine", at a sentence's start)."""
        prepositions = self._lex.name_prepositions
        while start < end - 1 and doc[start].lower_ in prepositions and doc[start].pos_ in ("ADP", "SCONJ"):
            start += 1
        return start

    def _country_then_name(
        self, span: Span, entities: dict, mentions: list, persons_pending: list[tuple[Span, int, int]]
    ) -> bool:
        """A country's name run into the name after it ("... of the Republic of Azerbaijan Elnur Mamedov"):
        the country, then the person. False when the span is not that."""
        if len(span) < 3 or gazetteer.country(span.text) is not None:
            return False
        doc = span.doc
        for cut in range(span.end - 2, span.start, -1):
            rest = doc[cut : span.end]
            if len(rest) > 4 or not all(
                self._is_plain_name_word(t) and t.lower_ not in self._blocked_name_words for t in rest
            ):
                continue
            head = doc[span.start : cut]
            info = gazetteer.country(head.text)
            if info is None:
                continue
            self._add_country(info, head, entities, mentions, how="ner")
            persons_pending.append((rest, rest.start, rest.end))
            return True
        return False

    def _extend(self, doc: Doc, label: str, start: int, end: int) -> tuple[int, int]:
        """Repair cut names: "Ursula von der" + "Leyen", "Moses" + "Kiprono Lagat", "Group of" + "Seven"."""
        if label == "PERSON":
            # A given name the model left outside: a capitalized proper noun right before the name that is
            # no title, honorific, place or nationality ("executive secretary, Moses Kiprono Lagat").
            while start > 0 and end - start < 4:
                prev = doc[start - 1]
                # After a title ("Colonel Seydou Maïga" on a signature line) the model's part of speech and
                # sentence breaks say little: the given name is taken all the same.
                titled = self._titled_before(doc, start - 1)
                # A family name spelt like a form of address ("Pak", "Tun") after a title is the name's.
                plain = self._is_plain_name_word(prev) or (
                    titled and prev.lower_ in self._roles.honorifics and prev.text.isalpha()
                )
                if not (
                    (prev.pos_ == "PROPN" or titled and prev.pos_ in ("NOUN", "ADJ"))
                    and plain
                    and prev.ent_type_ in ("", "ORG", "PERSON")
                    and (not prev.is_sent_start or titled)
                ):
                    break
                if prev.ent_type_ == "ORG" and prev.ent_iob_ == "I":
                    break  # the end of a longer organization name
                start -= 1
            # A family name the model left outside ("Wilber Condori" + "Apaza"): one more name word.
            if (
                end - start >= 2
                and end < len(doc)
                and doc[end].pos_ == "PROPN"
                and not doc[end].ent_type_
                and not doc[end].is_sent_start
                and self._is_plain_name_word(doc[end])
            ):
                end += 1
            while (
                end < len(doc)
                and doc[end - 1].lower_ in self._lex.name_particles
                and doc[end].pos_ == "PROPN"
            ):
                end += 1
        elif (
            label == "ORG"
            and doc[end - 1].lower_ == "of"
            and end < len(doc)
            and (doc[end].like_num or doc[end].pos_ == "PROPN")
        ):
            end += 1
        return start, end

    def _is_plain_name_word(self, tok: Token) -> bool:
        """A capitalized word that may be a given or family name: no title, form of address, country or
        nationality."""
        return (
            tok.text[:1].isupper()
            and tok.text.isalpha()
            and not tok.text.isupper()
            and not self._roles.is_title_word(tok.lower_)
            and tok.lower_ not in self._roles.honorifics
            and gazetteer.country(tok.text) is None
            and gazetteer.country_from_demonym(tok.text) is None
        )

    def _strip_honorifics(self, doc: Doc, start: int, end: int) -> tuple[int, int]:
        """Drop forms of address ("Dr.", "H.E.", "Datuk Seri") and titles in front of a name."""
        while start < end - 1:
            n = self._honorific_len(doc, start, end - 1)
            if n:
                start += n
            elif doc[start].text in (".", "'", "\u2019"):
                start += 1
            elif (
                doc[start].text.lower() in self._roles.words
                and doc[start].text[:1].isupper()
                and doc[start].text.lower() not in ("chief", "major", "king", "queen", "prince")
            ):
                start += 1
            else:
                break
        return start, end

    def _is_title_fragment(self, span: Span) -> bool:
        """A title's words read as a name: "National Security" in "National Security Adviser Jake
        Sullivan"; "Foreign Affairs" in "Minister of Foreign Affairs" or "Secretary for Foreign Affairs"."""
        doc = span.doc
        if (
            span.start >= 2
            and doc[span.start - 1].lower_ in ("of", "for")
            and doc[span.start - 2].lower_ in self._roles.head_last_words
            and not any(t.lower_ in self._lex.org_words for t in span)  # "commander of Pacific Air Forces"
        ):
            return True
        nxt = doc[span.end] if span.end < len(doc) else None
        if nxt is None:
            return False
        words = [t.lower_ for t in span]
        all_title = all(self._roles.is_title_word(w) for w in words)
        return nxt.lower_ in self._roles.head_last_words and all_title

    def _as_country(self, span: Span, entities: dict, mentions: list, *, how: str) -> bool:
        info = gazetteer.country(span.text)
        if info is None:
            return False
        self._add_country(info, span, entities, mentions, how=how)
        return True

    def _add_country(
        self,
        info: gazetteer.CountryInfo,
        span: Span,
        entities: dict,
        mentions: list,
        *,
        how: str,
        confidence: float = 0.85,
    ) -> None:
        key = info.iso
        ent = entities.get(("country", key))
        if ent is None:
            ent = entities[("country", key)] = Entity(
                "country",
                key,
                info.name,
                iso_code=info.iso,
                latitude=info.latitude,
                longitude=info.longitude,
                geonames_id=info.geonames_id,
            )
        if span.text != info.name and how != "demonym":
            ent.aliases.add(span.text)
        mentions.append(
            Mention(
                "country",
                key,
                span.text,
                span.start,
                span.end,
                span.start_char,
                span.end_char,
                how=how,
                confidence=confidence,
                acting=self._is_acting(span, how),
            )
        )

    def _add_place(
        self,
        span: Span,
        entities: dict,
        mentions: list,
        kind_hint: str | None,
        name: str | None = None,
        end: int | None = None,
    ) -> None:
        name = name or span.text
        if name.lower() in self._lex.not_places or name.lower().removeprefix("the ") in self._lex.not_places:
            return  # a continent or a broad world region
        words = name.lower().split()
        if len(words) >= 2 and words[-1] in _REGION_WORDS and gazetteer.locate(" ".join(name.split()[:-1])):
            name = " ".join(name.split()[:-1])  # "Balochistan province" -> "Balochistan"
            words = words[:-1]
            kind_hint = kind_hint or "region"
        kind = kind_hint
        if kind is None:
            if words and words[-1] in _WATER_WORDS or (words and words[0] in _WATER_WORDS and "of" in words):
                kind = "water"
            elif words and words[-1] in _REGION_WORDS:
                kind = "region"
        context, near = self._place_context(entities)
        info = gazetteer.locate(name, context=context, near=near)
        if info is None and kind is None and not self._is_location_use(span):
            return  # unknown to the gazetteer and not used as a location: likely no place at all
        key = name_key(name)
        ent = entities.get(("place", key))
        if ent is None:
            ent = entities[("place", key)] = Entity("place", key, name)
            if info is not None:
                ent.geonames_id, ent.latitude, ent.longitude = info.geonames_id, info.latitude, info.longitude
                ent.country_code = info.country_code
                ent.place_kind = kind or info.kind
            else:
                ent.place_kind = kind or "place"
        stop = end if end is not None else span.end
        doc = span.doc
        mentions.append(
            Mention(
                "place",
                key,
                doc[span.start : stop].text,
                span.start,
                stop,
                span.start_char,
                doc[stop - 1].idx + len(doc[stop - 1]),
                how="ner",
            )
        )

    def _place_context(self, entities: dict) -> tuple[list[str], list[tuple[float, float]]]:
        """What locating a place in this article weighs: its countries and regions, places located so far."""
        context = [*self._article.context]
        context += [e.iso_code for e in entities.values() if e.kind == "country" and e.iso_code]
        near = [*self._article.near]
        near += [
            (e.latitude, e.longitude)
            for e in entities.values()
            if e.kind == "place" and e.latitude is not None and e.longitude is not None
        ]
        return context, near

    @staticmethod
    def _is_location_use(span: Span) -> bool:
        """Named as where something is or happens: "in Vienna", "to Beijing", "the Beijing airport"."""
        root: Token = span.root
        dep, head = root.dep_, root.head
        while dep == "conj" and head is not head.head:
            dep, head = head.dep_, head.head
        if dep == "pobj" and head.lower_ in _LOCATIVE_PREPS:
            return True
        if dep in ("compound", "nmod") and head.pos_ in ("NOUN", "PROPN") and head.lower_ not in _ACTOR_NOUNS:
            return True
        if dep == "appos" or dep == "npadvmod" or dep == "ROOT" and len(span.sent) <= 4:
            return True  # "Jeddah, Saudi Arabia"; a dateline or caption
        return False

    def _is_metonym(self, span: Span) -> bool:
        """A capital standing for its government ("Washington said"): any use that is not a location,
        and a capital addressed ("protested to Beijing"); never a capital hit ("a typhoon struck Manila")."""
        root: Token = span.root
        if self._addressed(root):
            return True
        if self._hit_by_disaster(root):
            return False
        return not self._is_location_use(span)

    def _addressed(self, tok: Token) -> bool:
        """The object of "to" after a verb of addressing ("protested to Beijing")."""
        if tok.dep_ != "pobj" or tok.head.lower_ != "to":
            return False
        return tok.head.head.lemma_.lower() in self._lex.addressing_verbs

    def _hit_by_disaster(self, tok: Token) -> bool:
        """The object of a verb whose subject (or agent) is weather or a disaster."""
        if tok.dep_ not in ("dobj", "nsubjpass"):
            return False
        doers = [c for c in tok.head.children if c.dep_ == "nsubj"]
        for agent in (c for c in tok.head.children if c.dep_ == "agent"):
            doers += [g for g in agent.children if g.dep_ == "pobj"]
        return any(d.lemma_.lower() in self._lex.disaster_nouns for d in doers)

    def _is_acting(self, span: Span, how: str) -> bool:
        """A country that acts ("Iran said", "U.S. officials", "talks with Iran"), not only a location."""
        root: Token = span.root
        dep, head = root.dep_, root.head
        while dep == "conj" and head is not head.head:
            dep, head = head.dep_, head.head
        if dep in ("amod", "compound", "nmod") or how == "demonym":
            # a nationality ("Chinese fishing boats") unless it qualifies people who act for the state
            return head.lemma_.lower() in _ACTOR_NOUNS
        if dep == "pobj" and head.lower_ in ("from", "of", "between", "with", "against", "by", "for", "on"):
            return True  # "ministers from France", "talks with Iran", "sanctions on Russia"
        if self._hit_by_disaster(root):
            return False  # "a typhoon struck the Philippines": a place hit, not a state acting
        return self._addressed(root) or not self._is_location_use(span)

    def _gpe(self, span: Span, entities: dict, mentions: list) -> None:
        if self._as_country(span, entities, mentions, how="ner"):
            return
        info = gazetteer.country_from_capital(span.text)
        if info is not None and self.metonym_capitals and self._is_metonym(span):
            context, near = self._place_context(entities)
            if gazetteer.locate_capital(span.text, context=context, near=near) is not None:
                self._add_country(info, span, entities, mentions, how="metonym", confidence=0.7)
                return  # else a namesake of the capital here ("Paris", Texas): a place
        demonym = gazetteer.country_from_demonym(span.text)
        if demonym is not None:
            self._add_country(demonym, span, entities, mentions, how="demonym", confidence=0.6)
            return
        self._add_place(span, entities, mentions, None)

    def _org(self, span: Span, entities: dict, mentions: list, singles: list) -> None:
        doc = span.doc
        trimmed = self._trim_org(span)
        if trimmed is None or any(i in self._org_tokens for i in range(trimmed.start, trimmed.end)):
            return
        span = trimmed
        self._org_tokens.update(range(span.start, span.end))
        if (
            span.start >= 2
            and doc[span.start - 1].lower_ == "of"
            and doc[span.start - 2].lower_ in self._lex.org_words
            and doc[span.start - 2].text[:1].isupper()
        ):
            span = doc[span.start - 2 : span.end]  # "Ministry of" + "Foreign Affairs"
        text = span.text
        lower = text.lower()
        if self._is_title_fragment(span) or not text[:1].isupper() or self._in_title_or_document(span):
            return
        if lower in self._lex.generic_orgs or lower.removeprefix("the ") in self._lex.generic_orgs:
            return
        if lower.removeprefix("the ") in self._lex.not_places or self._is_event_name(span):
            return  # "Indo-Pacific", "Western Balkans": regions; "... Joint Maritime Exercise": an event
        if "-" in text and all(gazetteer.country(p) for p in text.split("-")):
            return  # "U.S.-Japan" (alliance): two countries, no organization
        words = lower.split()
        has_org_word = any(w in self._lex.org_words for w in words)
        if not has_org_word and " and " in text and gazetteer.country(text) is None:
            self._listed_places(span, entities, mentions)  # "Skopje and Sofia", "Crete and Cyprus"
            return
        if (
            not has_org_word
            and gazetteer.country(text) is None
            and (self._place_cue(span) or self._located(span))
        ):
            self._add_place(span, entities, mentions, None)  # "in Ohrid", "the Liptako-Gourma border zone"
            return
        if (
            len(words) >= 2
            and words[-1] in self._lex.outlet_words
            and not has_org_word
            and text not in self._lex.organizations
        ):
            self._add_org(span, entities, mentions, self._outlets.get(lower, text))  # "... Radio", "... Wire"
            return
        demonym = gazetteer.country_from_demonym(text) if " " not in text else None
        if demonym is not None:
            self._add_country(demonym, span, entities, mentions, how="demonym", confidence=0.6)  # "Kazakh"
            return
        seat = gazetteer.country_from_capital(text)
        if seat is not None and not gazetteer.locate(text):
            self._add_country(seat, span, entities, mentions, how="metonym", confidence=0.7)  # "the Kremlin"
            return
        words = lower.split()
        if len(words) >= 2 and words[-1] == "service" and words[-2] in self._lex.service_languages:
            self._add_org(span, entities, mentions, text)  # a language service of an outlet
            return
        if len(words) >= 2 and words[-1] in self._lex.facility_words:
            self._add_place(span, entities, mentions, "facility")  # "Qahira Hotel", "Sohae ... Ground"
            return
        if " " not in text and gazetteer.country(text) is not None:
            self._as_country(span, entities, mentions, how="ner")  # "Niger", not a region of Nigeria
            return
        if not any(w in self._lex.org_words for w in words) and self._is_known_place(text):
            self._add_place(span, entities, mentions, None)
            return
        doc = span.doc
        # "the Natanz nuclear facility": a place, not an organization.
        j = span.end
        while (
            j < len(doc)
            and j < span.end + 3
            and doc[j].pos_ in ("ADJ", "NOUN", "PROPN")
            and doc[j].lower_ not in self._facility_words
        ):
            j += 1
        if j < len(doc) and doc[j].lower_ in self._facility_words and doc[j].pos_ == "NOUN":
            self._add_place(span, entities, mentions, "facility", name=text, end=span.end)
            ent = entities[("place", name_key(text))]
            ent.aliases.add(doc[span.start : j + 1].text)
            return
        if gazetteer.country(text) is not None:
            self._as_country(span, entities, mentions, how="ner")
            return
        if has_org_word:
            span = self._with_country_after(span)  # "Ministry of Foreign Affairs" + "of the Republic of X"
            text = span.text
        canonical_outlet = self._outlets.get(lower) or self._outlets.get(lower.removeprefix("the "))
        if (
            canonical_outlet is None
            and len(words) >= 2
            and words[0] in self._outlets
            and words[0] not in ambiguous_outlet_names()
            and not has_org_word
        ):
            canonical_outlet = text  # "VOA Urdu", "CNN International": the outlet's own brands
        if " " not in text and canonical_outlet is None and span[0].pos_ == "PROPN" and text[:1].isupper():
            singles.append((span, span.start, span.end, "ORG"))
            return
        self._add_org(span, entities, mentions, canonical_outlet)

    def _names_one_body(self, span: Span, nxt: int) -> bool:
        """A short name, "and", then an organization's name that ends the pair ("Cyril and Methodius
        University"): one organization named after two."""
        doc = span.doc
        if len(span) > 2 or any(t.lower_ in self._lex.org_words for t in span) or doc[nxt].ent_iob_ != "B":
            return False
        k = nxt + 1
        while k < len(doc) and doc[k].ent_iob_ == "I":
            k += 1
        return doc[nxt].ent_type_ == "ORG" and doc[k - 1].lower_ in self._lex.org_words

    def _is_event_name(self, span: Span) -> bool:
        """ "the Malabar Joint Maritime Exercise": the name of an event, not of an organization."""
        return len(span) >= 2 and span[-1].lower_ in self._lex.event_words

    def _trim_org(self, span: Span) -> Span | None:
        """An organization's name without what the model ran into it: an opening bracket and what follows
        ("... Development (IGAD"), trailing small words ("Ministry of Foreign Affairs and")."""
        doc = span.doc
        end = span.end
        for k in range(span.start, span.end):
            if doc[k].text == "(":
                end = k
                break
        if (
            end == span.end
            and end + 1 < len(doc)
            and doc[end].lower_ == "and"
            and doc[end + 1].text[:1].isupper()
            and doc[end + 1].ent_type_ in ("", "ORG", "NORP")
            and (
                " of " in span.text
                and (span[-1].pos_ == "ADJ" or span[-1].ent_type_ == "NORP")
                or self._names_one_body(span, end + 1)
            )
        ):
            # "Bureau of European" + "and" + "Eurasian Affairs", "Cyril" + "and" + "Methodius University":
            # one name the model cut at "and"
            end += 1
        if end == span.end + 1 or end == span.end and doc[end - 1].lower_ in ("and", "&"):
            # "Ministry of Foreign Affairs and" + "International Cooperation": the name goes on
            k = end
            while k < len(doc) and k < end + 5 and doc[k].text[:1].isupper() and doc[k].is_alpha:
                k += 1
            end = k
        while end > span.start and doc[end - 1].lower_ in _CONNECTORS:
            end -= 1
        if (
            end == span.end
            and end < len(doc)
            and doc[end].lower_ in self._roles.head_last_words
            and not all(self._roles.is_title_word(t.lower_) for t in span)  # "National Security" + "Adviser"
        ):
            # "IGAD Executive" + "Secretary": the title's first words belong to the title
            while (
                end > span.start + 1
                and self._roles.is_title_word(doc[end - 1].lower_)
                and doc[end - 1].lower_ not in self._lex.org_words  # "U.S. Air Force" + "general" stays
            ):
                end -= 1
        return doc[span.start : end] if end > span.start else None

    def _in_title_or_document(self, span: Span) -> bool:
        """Words of a title or of a document's name read as an organization: "Minister of Foreign Affairs",
        "Veterans Affairs" in "Minister of Defence and Veterans Affairs", "Cross-Border Trade" in
        "Framework on Cross-Border Trade"."""
        doc = span.doc
        words = {t.lower_ for t in span}
        if span[-1].lower_ in self._person_heads and all(self._roles.is_title_word(w) for w in words):
            return True  # "National Security Advisor"
        if (
            span[0].lower_ in self._roles.head_last_words
            and span[0].text[:1].isupper()
            and not words & self._lex.org_words
            and len(span) >= 2
            and span[1].lower_ in ("of", "for")
        ):
            return True
        j = span.start - 1
        while j >= 1 and span.start - j <= 10:
            tok = doc[j]
            before = doc[j - 1]
            if (
                tok.lower_ in ("of", "on", "for")
                and before.text[:1].isupper()
                and (
                    before.lower_ in self._lex.document_words or before.lower_ in self._roles.head_last_words
                )
            ):
                return doc[j + 1].lower_ != "the"  # "Director of the FBI": the FBI is an organization
            if not (tok.text[:1].isupper() or tok.lower_ in ("and", "the", "of", "for", "on", ",")):
                return False
            j -= 1
        return False

    @staticmethod
    def _with_country_after(span: Span) -> Span:
        """An organization's name with the country it belongs to when the name goes on with it: "National
        Police" + "of Peru", "Ministry of Foreign Affairs" + "of the Republic of Bulgaria"."""
        doc = span.doc
        i = span.end
        if i + 1 >= len(doc) or doc[i].lower_ != "of":
            return span
        j = i + 1
        if doc[j].lower_ == "the":
            j += 1
        best = 0
        for k in range(j + 1, min(len(doc), j + 7) + 1):
            if not (doc[k - 1].text[:1].isupper() or doc[k - 1].lower_ in ("of", "the")):
                break
            if doc[k - 1].text[:1].isupper() and gazetteer.country(doc[j:k].text) is not None:
                best = k
        return doc[span.start : best] if best else span

    def _listed_places(self, span: Span, entities: dict, mentions: list) -> None:
        """ "Skopje and Sofia" read as one organization: each part that is a country or a place."""
        doc = span.doc
        start = span.start
        for k in range(span.start, span.end + 1):
            if k < span.end and doc[k].lower_ not in ("and", ","):
                continue
            part = doc[start:k]
            start = k + 1
            if not part.text or not part.text[:1].isupper():
                continue
            if (
                gazetteer.country(part.text) is not None
                or gazetteer.country_from_capital(part.text) is not None
            ):
                self._gpe(part, entities, mentions)
            elif gazetteer.locate(part.text) is not None:
                self._add_place(part, entities, mentions, None)

    def _is_known_place(self, text: str) -> bool:
        """A sizeable city or a region known by this very name (not an alternate spelling)."""
        if text.isupper() and len(text) <= 5:
            return False
        info = gazetteer.locate(text)
        if info is None or name_key(info.name) != name_key(text.removeprefix("the ")):
            return False
        return info.kind in ("region", "water") or info.population >= 50_000

    def _add_org(
        self,
        span: Span,
        entities: dict,
        mentions: list,
        outlet: str | None,
        *,
        name: str | None = None,
        key: str | None = None,
    ) -> None:
        name = name or outlet or span.text
        key = name_key(key or name)
        ent = entities.get(("organization", key))
        if ent is None:
            ent = entities[("organization", key)] = Entity(
                "organization", key, name, is_media=outlet is not None
            )
        if span.text != name:
            ent.aliases.add(span.text)
        mentions.append(
            Mention(
                "organization",
                key,
                span.text,
                span.start,
                span.end,
                span.start_char,
                span.end_char,
                confidence=0.75,
            )
        )

    def _not_a_person(self, span: Span, entities: dict, mentions: list) -> bool:
        """Names the model reads as persons that are something else: a nationality ("Azerbaijani"),
        an outlet ("Meridian Wire"), a place ("Bandar Abbas", "in Ijevan"). Adds what it is instead."""
        text = span.text
        demonym = gazetteer.country_from_demonym(text)
        if demonym is not None:
            self._add_country(demonym, span, entities, mentions, how="demonym", confidence=0.6)
            return True
        words = text.lower().split()
        outlet = self._outlets.get(text.lower()) if text.lower() not in ambiguous_outlet_names() else None
        if outlet is not None or (len(words) >= 2 and words[-1] in self._lex.outlet_words):
            self._add_org(span, entities, mentions, outlet or text)
            return True
        if " " not in text and name_key(text) in self._surnames:
            return False  # "Mr. Herrera" after "Luis Herrera": the person, even where a region has the name
        if self._is_known_place(text) and not self._person_cue(span) or self._is_place_not_person(span):
            self._add_place(span, entities, mentions, None)
            return True
        return False

    def _is_place_not_person(self, span: Span) -> bool:
        """A name read as a person's that the text marks as a place ("the town of Gazakh", "off Porkkala",
        "the Nakhchivan exclave", "Whitsun Reef"), with nothing that only a person's name has."""
        if not (self._place_cue(span) or self._located(span)):
            return False
        return not self._person_cue(span)

    def _add_person(self, span: Span, start: int, end: int, entities: dict, mentions: list) -> None:
        text = span.text
        key = name_key(text)
        # "Meir Ben-Shabbat" and "Meir Ben Shabbat" share a key; "Joe Biden" after "President Joe Biden" too.
        ent = entities.get(("person", key))
        if ent is None:
            ent = entities[("person", key)] = Entity("person", key, text)
        elif text != ent.name:
            ent.aliases.add(text)
        mentions.append(
            Mention("person", key, text, start, end, span.start_char, span.end_char, confidence=0.85)
        )

    @staticmethod
    def _longer_name(key: str, entities: dict) -> Entity | None:
        """The one person whose fuller name ends with this one ("Kiprono Lagat" in "Moses Kiprono Lagat")
        or holds all its words in order ("Suresh Iyer" in "Suresh Kumar Iyer")."""
        words = key.split()
        fits = []
        for e in entities.values():
            if e.kind != "person" or e.key == key:
                continue
            full = e.key.split()
            if len(full) <= len(words):
                continue
            it = iter(full)
            if full[-len(words) :] == words or (
                full[0] == words[0] and full[-1] == words[-1] and all(w in it for w in words)
            ):
                fits.append(e)
        return fits[0] if len(fits) == 1 else None

    def _single_name(
        self, span: Span, start: int, end: int, label: str, entities: dict, mentions: list
    ) -> None:
        """A lone name: a surname of someone named in full, else a person or organization of its own."""
        doc = span.doc
        word = doc[end - 1].text
        key = name_key(word)
        candidates = [
            e
            for e in entities.values()
            if e.kind == "person"
            and (
                e.key.split()[-1] == key
                or e.key.endswith(" " + key)
                or (len(key.split()) > 1 and e.key.endswith(key))
                or key in e.key.split()[1:]  # "Stojanovska" for "Elena Stojanovska Petrova"
            )
        ]
        if not candidates and label == "PERSON":
            # "Kim" for "Kim Jong Un": a family name written first.
            candidates = [
                e
                for e in entities.values()
                if e.kind == "person" and len(e.key.split()) > 1 and e.key.split()[0] == key
            ]
        if len(candidates) > 1:
            # Two people share the surname: the one named last before this mention.
            before = [
                m
                for m in mentions
                if m.kind == "person" and m.start < start and any(m.key == c.key for c in candidates)
            ]
            candidates = [entities[("person", before[-1].key)]] if before else []
        if len(candidates) == 1:
            ent = candidates[0]
            ent.aliases.add(span.text)
            mentions.append(
                Mention(
                    "person",
                    ent.key,
                    span.text,
                    start,
                    end,
                    span.start_char,
                    span.end_char,
                    how="alias",
                    confidence=0.8,
                )
            )
            return
        if self._is_known_place(span.text) or (label == "PERSON" and self._is_place_not_person(span)):
            self._add_place(span, entities, mentions, None)  # "Tapachula" read as a name
        elif label == "PERSON":
            self._add_person(span, start, end, entities, mentions)
        else:
            outlet = self._outlets.get(span.text.lower())
            self._add_org(span, entities, mentions, outlet)


@Language.factory(
    "dkg_actors",
    default_config={"metonym_capitals": True},
    assigns=["doc._.dkg_mentions", "doc._.dkg_entities", "doc._.dkg_token_mention"],
)
def make_actors(nlp: Language, name: str, metonym_capitals: bool) -> ActorsComponent:
    return ActorsComponent(nlp, name, metonym_capitals=metonym_capitals)
