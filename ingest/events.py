"""The ``dkg_events`` component: talks, incidents, sanctions and agreements.

Trigger words come from the ontology's event-type scheme (nouns and verb
lemmas per concept), so adding a trigger is editing Turtle. For each trigger
the dependency parse gives the arguments:

* participants: the subject and object of a verb trigger ("X met Y"), the
  agent of a passive ("led by X and Y"), "between X and Y", "with X",
  possessives and modifiers ("US-Israel talks", "Israeli sabotage"), and for
  incidents the target ("attacks on X");
* places: locative phrases ("in Vienna", "at the Natanz facility") and
  modifiers ("the Vienna talks");
* time: the date expression attached to the trigger, a clause telling it
  ("the agreement, signed on April 9") or the verb that holds it ("held talks
  on Monday"), not a verb that only comments on it ("praised on Thursday the
  deal"); resolved against the publication date, or against the last date
  told for "the previous day", "two days later". Anchors between events ("two
  days after an explosion") are resolved once mentions are joined; talks and
  the agreement reached at them share their day; "three days of talks" and
  "a two-day conference" are dated to the month. Without a publication date
  only what the text dates absolutely is resolved.

The verb governing a trigger may set its type ("lifted sanctions", "threatened to impose
sanctions"); some verbs name an event only with a named actor as object ("X called Y on Thursday":
a phone call, not "called Y a friend"); a light verb whose object is itself a trigger ("launched
an offensive", "signed a deal") leaves the event to its object.

Negated ("no talks", "did not meet", "neither X nor Y asked for a meeting"),
hypothetical or wanted ("would meet", "ready to review sanctions", "sought a
meeting", "must be agreed"), generic ("more than a dozen launches", "talks
have been frozen since 2019", "an attack on one is an attack on all") and
topic-only uses ("talks about talks") are not events.

Mentions of one event in an article are joined into one record with all
their evidence: the same clause ("convene ... for talks"), a later reference
("the talks", "Tuesday's session"), a retelling in a clause of its own ("X
hosted Y" after "talks in Nairobi"), a headline. Mentions stay apart when
something tells them apart: their dates, places, types (a phone call is no
summit), parties (each names a party the other lacks), ordinals ("the second
round"), planned against held, a modifier ("another attack", "separate
meetings"), the sentence's own time ("days later, a bomb ..."), or a side
meeting told beside a summit ("on the sidelines of the summit, X met Y": the summit only sets the
scene). Events from more than about a year before
publication are history and left out. The result lands in
``doc._.dkg_events``.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass, field
from datetime import date

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span, Token

from ingest import timex
from ingest.actors import Entity, Mention
from ingest.lexicons import event_lexicon, event_types, load_data
from ingest.records import TimeValue

__all__ = ["EventMention", "EventsComponent"]

_NEG_DETS = frozenset({"no", "any", "neither"})
_PLANNED_ADJ = frozenset(
    {"upcoming", "planned", "scheduled", "next", "forthcoming", "expected", "proposed", "due"}
)
_PLAN_VERBS = frozenset(
    {
        "expect",
        "schedule",
        "plan",
        "set",
        "due",
        "prepare",
        "agree",
        "intend",
        "aim",
        "hope",
        "seek",
        "arrange",
        "organize",
        "organise",
    }
)
_ONGOING_VERBS = frozenset({"continue", "resume", "underway", "proceed"})
_MODALS = frozenset({"would", "could", "might", "may", "should", "can", "must"})
_CONDITIONAL = frozenset({"if", "unless", "whether"})
_TOPIC_PREPS = frozenset({"on", "about", "over", "regarding", "concerning", "for"})
_LOC_PREPS = frozenset(
    {"in", "at", "near", "outside", "inside", "off", "into", "across", "along", "from", "within", "through"}
)
_PARTY_PREPS = frozenset({"between", "with", "among", "by", "involving", "of"})
_TARGET_PREPS = frozenset({"on", "against", "at", "targeting"})
_HOST_VERBS = frozenset(
    {
        "hold",
        "have",
        "attend",
        "join",
        "lead",
        "resume",
        "host",
        "conduct",
        "begin",
        "start",
        "convene",
        "open",
        "launch",
        "carry",
        "stage",
        "chair",
        "co-chair",
        "wrap",
        "end",
        "conclude",
        "finish",
        "continue",
        "take",
        "make",
        "pay",
        "sign",
        "reach",
        "agree",
        "impose",
        "announce",
        "broker",
        "seal",
        "strike",
        "finalize",
        "finalise",
        "approve",
        "extend",
        "claim",
        "commit",
        "perpetrate",
        "mount",
        "order",
        "target",
        "suffer",
        "witness",
        "arrange",
        "organize",
        "organise",
        "complete",
        "participate",
        "engage",
        "enter",
    }
)
_ORDINALS = frozenset(
    {
        "first",
        "second",
        "third",
        "fourth",
        "fifth",
        "sixth",
        "seventh",
        "eighth",
        "ninth",
        "tenth",
        "last",
        "latest",
        "final",
        "next",
        "new",
        "previous",
    }
)
#: An undated event that happened is taken to be at most this many days old when matched to a dated one.
_RECENT_DAYS = 31
#: Prepositions that make an event the time frame of another: "during the conference, X met Y on Wednesday".
_TEMPORAL_PREPS = frozenset({"after", "before", "following", "since", "until", "ahead", "despite"})
#: Prepositions that make a long event the time frame of a short one, not a short one ("during a raid").
_FRAME_PREPS = frozenset({"during", "amid", "throughout"})
#: First words of a time measured from another event: "the following day", "a day after", "later that day".
_RELATIVE_OPENERS = frozenset({"the", "a", "an", "one", "that", "later", "earlier", "just", "only"})
#: Words before a date that make it a deadline or a span, not when an event happens.
_SPAN_WORDS = frozenset({"by", "until", "till", "through", "since", "throughout"})
_ANCHOR_WORDS = frozenset({"after", "before", "later", "earlier"})
#: Words that introduce an event not told before: "a separate meeting", "another attack".
_NEW_EVENT_WORDS = frozenset(
    {
        "a",
        "an",
        "another",
        "separate",
        "different",
        "further",
        "fresh",
        "new",
        "second",
        "third",
        "latest",
        "additional",
        "earlier",
        "previous",
        "subsequent",
    }
)
_CONCLUDING_VERBS = frozenset(
    {
        "sign",
        "reach",
        "conclude",
        "seal",
        "strike",
        "ink",
        "agree",
        "finalize",
        "finalise",
        "broker",
        "clinch",
        "approve",
        "ratify",
        "adopt",
        "initial",
        "secure",
        "accept",
        "announce",
        "hold",
        "violate",
        "breach",
        "extend",
        "implement",
        "welcome",
        "take",
    }
)
_PAST_DAYS = frozenset(
    {"yesterday", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"}
)
_DAY_PARTS = frozenset({"morning", "afternoon", "evening", "night", "dawn", "noon", "midnight"})

#: How the parser attaches the particle of a phrasal verb ("called in", "brought ... together").
_PARTICLE_DEPS = frozenset({"prt", "prep", "advmod"})
_PARTICLE_WORDS = frozenset({"in", "up", "out", "off", "down", "over", "together"})

#: Nouns any of which may name the talks another one named ("the talks" ... "the meeting").
_TALK_NOUNS = frozenset({"talk", "talks", "meeting", "session", "discussion", "negotiation", "consultation"})

_RELATIVES = frozenset({"who", "which", "that", "whom"})

#: Conjunctions after which the present tense tells what is to come ("before X hosts Y").
_FUTURE_MARKS = frozenset({"before", "until", "till", "once"})

#: Conjunctions that tell a clause in the past as a fact, whatever the main clause says.
_FACTIVE_MARKS = frozenset({"after", "since", "when", "once"})

_SPEECH_VERBS = frozenset(
    {
        "say",
        "tell",
        "report",
        "confirm",
        "add",
        "state",
        "note",
        "describe",
        "comment",
        "explain",
        "recall",
        "deny",
        "stress",
        "insist",
        "write",
        "post",
        "tweet",
        "brief",
    }
)
#: Nouns that stand for a place named before: "in the city", "near the town".
_PLACE_NOUNS = frozenset(
    {
        "city",
        "town",
        "village",
        "capital",
        "port",
        "district",
        "province",
        "region",
        "area",
        "facility",
        "site",
        "base",
        "camp",
        "compound",
    }
)
_URGING_VERBS = frozenset(
    {
        "urge",
        "call",
        "ask",
        "press",
        "want",
        "propose",
        "demand",
        "push",
        "seek",
        "hope",
        "encourage",
        "invite",
        "plan",
        "aim",
        "try",
        "expect",
        "need",
        "refuse",
        "decline",
        "reject",
        "prepare",
        "offer",
    }
)
_CONCLUDED_ADJ = frozenset({"signed", "agreed", "new", "landmark", "historic", "fragile"})
#: Nouns that frame an event without being one: "a second round of talks", "a series of strikes".
_FRAME_NOUNS = frozenset(
    {
        "round",
        "rounds",
        "series",
        "session",
        "sessions",
        "wave",
        "spate",
        "string",
        "day",
        "days",
        "week",
        "weeks",
        "resumption",
        "start",
        "end",
        "outcome",
        "result",
        "part",
    }
)


@dataclass(frozen=True, slots=True)
class _Coreference:
    """How mentions of one event are told apart (``coreference`` in ``ingest/data/events.json``)."""

    exclusive: frozenset[str]
    generic: dict[str, str]
    gatherings: frozenset[str]
    novel: frozenset[str]
    settings: frozenset[str]


@dataclass(frozen=True, slots=True)
class _Modality:
    """Words that make a trigger no event (``modality`` in ``ingest/data/events.json``)."""

    hedge_heads: frozenset[str]
    hedge_modifiers: frozenset[str]
    request_verbs: frozenset[str]
    series: frozenset[str]
    state_verbs: frozenset[str]
    habitual: frozenset[str]
    experiential: frozenset[str]
    bare_generic: frozenset[str]
    idiom_preps: dict[str, frozenset[str]]
    factive: frozenset[str]


def _modality_rules() -> _Modality:
    data = load_data("events.json")["modality"]
    return _Modality(
        hedge_heads=frozenset(w.lower() for w in data["hedge_heads"]),
        hedge_modifiers=frozenset(w.lower() for w in data["hedge_modifiers"]),
        request_verbs=frozenset(w.lower() for w in data["request_verbs"]),
        series=frozenset(w.lower() for w in data["series_quantifiers"]),
        state_verbs=frozenset(w.lower() for w in data["state_verbs"]),
        habitual=frozenset(w.lower() for w in data["habitual_adverbs"]),
        experiential=frozenset(w.lower() for w in data["experiential_adverbs"]),
        bare_generic=frozenset(w.lower() for w in data["bare_generic_nouns"]),
        idiom_preps={str(k): frozenset(v) for k, v in data["idiom_preps"].items()},
        factive=frozenset(w.lower() for w in data["factive_verbs"]),
    )


@dataclass(frozen=True, slots=True)
class _ActorVerb:
    """A verb that names an event with a named actor as object ("X called Y": a phone call)."""

    event_type: str
    object_kinds: frozenset[str]


def _actor_verbs() -> dict[str, _ActorVerb]:
    return {
        str(r["verb"]): _ActorVerb(str(r["type"]), frozenset(r["object_kinds"]))
        for r in load_data("events.json")["actor_object_verbs_typed"]
    }


def _coreference_rules() -> _Coreference:
    data = load_data("events.json")["coreference"]
    return _Coreference(
        exclusive=frozenset(data["exclusive_types"]),
        generic={str(k): str(v) for k, v in data["generic_types"].items()},
        gatherings=frozenset(data["gathering_types"]),
        novel=frozenset(w.lower() for w in data["novel_words"]),
        settings=frozenset(w.lower() for w in data["setting_nouns"]),
    )


def _frame(tok: Token) -> Token:
    """The noun that frames a trigger: "round" in "the second round of strategic talks"."""
    cur = tok
    for _ in range(2):
        if cur.dep_ == "pobj" and cur.head.lower_ == "of" and cur.head.head.lower_ in _FRAME_NOUNS:
            cur = cur.head.head
        else:
            break
    return cur


def _np_head(tok: Token) -> Token:
    """The head of the noun phrase a trigger sits in: "blast" for "bomb" in "a roadside bomb blast"."""
    cur = tok
    while (
        cur.dep_ in ("compound", "amod", "nmod")
        and cur.head.i != cur.i
        and cur.head.pos_ in ("NOUN", "PROPN")
    ):
        cur = cur.head
    return cur


def _phrase_words(head: Token) -> set[str]:
    """The lowercased words of a noun phrase, without adverbs the parser hung on it ("a week earlier
    the same two men") or punctuation."""
    out: set[str] = set()
    stack = [head]
    while stack:
        t = stack.pop()
        if not t.is_punct:
            out.add(t.lower_)
        stack.extend(c for c in t.children if c.dep_ not in ("advmod", "npadvmod"))
    return out


def _governor(tok: Token) -> Token:
    """The verb a (framed) noun trigger hangs on: "convene" in "convene ... for talks"."""
    cur = _frame(tok)
    if cur.dep_ == "pobj" and cur.head.dep_ in ("prep", "agent"):
        cur = cur.head
    return cur.head


@dataclass(slots=True)
class EventMention:
    """One event as the article tells it, possibly over several mentions."""

    kind: str
    event_type: str
    trigger: str
    start: int  # trigger tokens of the first mention
    end: int
    sent_start: int
    sent_end: int
    participants: list[tuple[str, str]] = field(default_factory=list)
    places: list[str] = field(default_factory=list)
    time: TimeValue | None = None
    time_explicit: bool = False
    status: str | None = None
    ordinal: str | None = None
    definite: bool = False
    confidence: float = 0.7
    triggers: list[int] = field(default_factory=list)  # token index of every mention's head
    anchor: tuple[int, int, str, str] | None = None  # (source head, n, unit, after|before)
    introduced: bool = False  # told in a clause of its own or with an indefinite article
    indefinite: bool = False  # "a summit", "another attack": with an indefinite article
    cues: list[TimeValue | None] = field(default_factory=list)  # the sentence's times (None: vague)
    novel: bool = False  # "another attack", "separate meetings": not an event told before
    multiday: bool = False  # "three days of talks", "a two-day conference": dated to the month
    lemmas: set[str] = field(default_factory=set)  # every mention's trigger lemma
    anaphoric: bool = False  # only a mention of an event told before ("the agreement"), never a new one
    joined_into: EventMention | None = None  # the event this mention was merged into

    def add_participant(self, p: tuple[str, str]) -> None:
        if p not in self.participants:
            self.participants.append(p)

    def add_place(self, key: str) -> None:
        if key not in self.places:
            self.places.append(key)


def _anchor_offset(text: str) -> tuple[int, str] | None:
    """The span before "after" or "before" that measures one event from another: "two days", "a
    week", and "the day" ("the day after the explosion": one day)."""
    if " ".join(text.lower().split()) == "the day":
        return (1, "day")
    return timex.parse_offset(text)


def _planned_modifiers(tok: Token) -> list[Token]:
    """Adjectives that make a noun trigger planned: "the upcoming summit", "a session due in X", "a
    session of the commission due in X" (the parser may hang them on the "of" complement)."""
    nouns = [tok, *(o for c in tok.children if c.lower_ == "of" for o in c.children if o.dep_ == "pobj")]
    return [c for n in nouns for c in n.children if c.dep_ == "amod" and c.lower_ in _PLANNED_ADJ]


def _verb_above(tok: Token) -> Token:
    """The first verb above a token (the sentence root when there is none)."""
    chain = _verb_chain(tok)
    return next((t for t in chain[1:] if t.pos_ in ("VERB", "AUX")), chain[-1])


def _verb_chain(tok: Token) -> list[Token]:
    """The token and the heads above it up to the sentence root."""
    chain = [tok]
    while chain[-1].head.i != chain[-1].i and len(chain) < 12:
        chain.append(chain[-1].head)
    return chain


class EventsComponent:
    """spaCy component ``dkg_events``; needs ``dkg_actors`` before it.

    nlp (Language): the pipeline.
    name (str): the component's name.
    history_days (int): events dated more than this many days before
        publication are history and not extracted. Default 400.
    """

    def __init__(self, nlp: Language, name: str, *, history_days: int = 400) -> None:
        self.name = name
        self.history_days = history_days
        self.nouns: dict[str, tuple[str, str]] = {}
        self.verbs: dict[str, tuple[str, str]] = {}
        self.phrases = PhraseMatcher(nlp.vocab, attr="LOWER")
        for et in event_types():
            for noun in et.noun_triggers:
                if " " in noun:
                    self.phrases.add(et.name, [nlp.make_doc(noun)])
                    # plural of the last word: "phone calls"
                    self.phrases.add(et.name, [nlp.make_doc(noun + "s")])
                else:
                    self.nouns.setdefault(noun.lower(), (et.kind, et.name))
            for verb in et.verb_triggers:
                self.verbs.setdefault(verb.lower(), (et.kind, et.name))
        self.kind_of = {et.name: et.kind for et in event_types()}
        self.lex = event_lexicon()
        self.coref = _coreference_rules()
        self.modality = _modality_rules()
        data = load_data("events.json")
        self.governed_types: dict[str, dict[str, str]] = {
            str(k): {str(v): str(t) for v, t in m.items()} for k, m in data["governed_types"].items()
        }
        self.destination_preps = {str(k): frozenset(v) for k, v in data["destination_preps"].items()}
        self.linking_verbs = frozenset(w.lower() for w in data["linking_verbs"])
        self.actor_verbs = _actor_verbs()
        self._affiliations: dict[tuple[str, str], set[tuple[str, str]]] = {}
        self._published: date | None = None
        self._timeline: list[tuple[int, TimeValue]] = []
        self._last_parties: list[tuple[str, str]] = []
        # (anchored event, event it is measured from, signed span, unit): "two days after the attack"
        self._anchors: list[tuple[EventMention, EventMention, int, str]] = []
        self._place_info: dict[str, Entity] = {}
        self.group_words = frozenset(w.lower() for w in load_data("events.json")["group_words"])
        self.group_counts = {str(k): int(v) for k, v in load_data("events.json")["group_counts"].items()}
        self.group_people = frozenset(w.lower() for w in load_data("events.json")["group_people"])
        self._dates: list[Span] = []
        self.day_words = frozenset(
            {"today", "yesterday", "tomorrow", "tonight"} | {calendar.day_name[d].lower() for d in range(7)}
        )
        self.commentary = frozenset(w.lower() for w in load_data("events.json")["commentary_verbs"])
        self._heads: set[int] = set()
        self._kinds: dict[int, str] = {}
        self._media: set[tuple[str, str]] = set()
        if not Doc.has_extension("dkg_events"):
            Doc.set_extension("dkg_events", default=None)
        if not Doc.has_extension("dkg_published"):
            Doc.set_extension("dkg_published", default=None)

    # ----------------------------------------------------------------- main
    def __call__(self, doc: Doc) -> Doc:
        published: date | None = doc._.dkg_published
        self._published = published
        self._anchors = []
        self._last_parties = []
        self._place_info = {k[1]: e for k, e in (doc._.dkg_entities or {}).items() if e.kind == "place"}
        self._find_dates(doc)
        self._build_timeline(doc, published)
        index: dict[int, Mention] = doc._.dkg_token_mention or {}
        self._media = {k for k, e in (doc._.dkg_entities or {}).items() if e.is_media}  # outlets only report
        self._retag_verbs(doc)
        triggers = self._find_triggers(doc, index)
        events: list[EventMention] = []
        by_head: dict[int, EventMention] = {}
        trigger_heads = {h for h, *_ in triggers}
        self._heads = trigger_heads
        self._kinds = {h: kind for h, _, _, kind, _ in triggers}
        sentence = -1
        for head, start, end, kind, etype in triggers:
            tok = doc[head]
            if tok.sent.start != sentence:
                if sentence >= 0:
                    self._resolve_anchors(doc[sentence : tok.sent.start], events, by_head, published)
                sentence = tok.sent.start
            if self._not_an_event(tok, trigger_heads):
                continue
            em = self._build(doc, tok, start, end, kind, etype, index, published)
            if em is None:
                continue
            target = self._antecedent(em, events, doc, by_head)
            if target is None and em.anaphoric:
                continue
            if target is None:
                events.append(em)
                by_head[head] = em
            else:
                self._merge(target, em)
                by_head[head] = target
            told = by_head[head]
            if told.kind in ("talks", "agreement") and len(told.participants) >= 2:
                self._last_parties = list(told.participants)
        if sentence >= 0:
            self._resolve_anchors(doc[sentence:], events, by_head, published)
        self._inherit_rounds(events)
        self._affiliations = {}
        for r in doc._.dkg_roles or []:
            if r.affiliation is not None:
                self._affiliations.setdefault(("person", r.person), set()).add(r.affiliation)
        self._link_outcomes(doc, events)  # mentions told in one sentence with an agreement
        events = self._coalesce(events)
        self._link_outcomes(doc, events)
        self._apply_anchors(published)
        for e in events:
            if e.multiday and e.time is not None and e.time.precision == "day":
                e.time = TimeValue(e.time.value[:7], "month")  # "three days of talks" ending on a day
        doc._.dkg_events = [e for e in events if self._keep(e, published)]
        return doc

    # -------------------------------------------------------------- triggers
    def _retag_verbs(self, doc: Doc) -> None:
        """A trigger verb the tagger read as a noun although the parser gave it a subject ("when the
        two meet in X"): a noun has no subject, so it is the verb."""
        for tok in doc:
            if (
                tok.pos_ == "NOUN"
                and tok.lower_ in self.verbs
                and any(c.dep_ == "nsubj" for c in tok.children)
                and not any(c.dep_ == "det" for c in tok.children)
            ):
                tok.pos_ = "VERB"
                tok.tag_ = "VBZ" if tok.lower_.endswith("s") else "VBP"

    def _find_triggers(self, doc: Doc, index: dict[int, Mention]) -> list[tuple[int, int, int, str, str]]:
        found: dict[int, tuple[int, int, int, str, str]] = {}
        covered: set[int] = set()
        for match_id, start, end in self.phrases(doc):
            span = doc[start:end]
            etype = doc.vocab.strings[match_id]
            head = span.root.i
            if any(i in covered for i in range(start, end)):
                continue
            covered.update(range(start, end))
            found[head] = (head, start, end, self.kind_of[etype], etype)
        for tok in doc:
            if tok.i in covered:
                continue
            low = tok.lower_
            named_event = (
                tok.ent_iob_ in ("I", "B")
                and tok.ent_type_ in ("FAC", "ORG", "EVENT")
                and (tok.i + 1 == len(doc) or doc[tok.i + 1].ent_iob_ != "I")
            )  # "the Hanoi Summit", "the Munich Security Conference": a named meeting
            # "signed the Agreement on Border Security": a named agreement (an event only when concluded)
            named_event = named_event or (
                tok.is_title
                and tok.ent_type_ not in ("PERSON", "GPE")
                and self.nouns.get(low, ("",))[0] == "agreement"
            )
            if tok.pos_ in ("NOUN", "PROPN") and (
                tok.ent_type_ not in ("PERSON", "GPE", "ORG", "NORP") or named_event
            ):
                hit = self.nouns.get(low) or self.nouns.get(tok.lemma_.lower())
                if hit is not None and (
                    tok.pos_ == "NOUN" or low.endswith("s") or tok.is_lower or named_event
                ):
                    found[tok.i] = (tok.i, tok.i, tok.i + 1, hit[0], hit[1])
            elif tok.pos_ == "VERB":
                hit = self.verbs.get(tok.lemma_.lower())
                arg_type = None if hit is not None else self._verb_with_arguments(tok)
                arg_type = arg_type or (None if hit is not None else self._actor_object_type(tok, index))
                if hit is not None:
                    found[tok.i] = (tok.i, tok.i, tok.i + 1, hit[0], hit[1])
                elif arg_type is not None and arg_type in self.kind_of:
                    found[tok.i] = (tok.i, tok.i, tok.i + 1, self.kind_of[arg_type], arg_type)
        return [found[k] for k in sorted(found)]

    def _verb_with_arguments(self, tok: Token) -> str | None:
        """Verbs that name an event only with certain arguments: "fired two missiles", "warplanes struck"."""
        rules = self.lex.verb_arguments.get(tok.lemma_.lower())
        if not rules:
            return None
        objects = {c.lemma_.lower() for c in tok.children if c.dep_ in ("dobj", "nsubjpass")}
        subjects = {c.lemma_.lower() for c in tok.children if c.dep_ == "nsubj"}
        preps = [" ".join(t.lower_ for t in c.subtree) for c in tok.children if c.dep_ == "prep"]
        for rule in rules:
            if rule["particles"]:
                # A phrasal verb: "brought the two sides together", "called in the ambassador" (which
                # the parser may read as a preposition with its object).
                near = [*tok.children, *(g for c in tok.children if c.dep_ == "prep" for g in c.children)]
                parts = [c for c in near if c.lower_ in rule["particles"] and c.dep_ in _PARTICLE_DEPS]
                if not parts:
                    continue
                if not rule["objects"]:
                    return str(rule["type"])
                held = objects | {o.lemma_.lower() for c in parts for o in c.children if o.dep_ == "pobj"}
                if held & rule["objects"]:
                    return str(rule["type"])
                continue
            if objects & rule["objects"] or subjects & rule["subjects"]:
                return str(rule["type"])
            if any(p == q or p.startswith(q + " ") for p in preps for q in rule["preps"]):
                return str(rule["type"])
        return None

    def _actor_object_type(self, tok: Token, index: dict[int, Mention]) -> str | None:
        """Verbs that name an event with a named actor as object: "X called Y on Thursday" (not
        "called Y a liar", "called Y to account", "called for talks")."""
        rule = self.actor_verbs.get(tok.lemma_.lower())
        if rule is None or not any(c.dep_ == "nsubj" for c in tok.children):
            return None
        if any(
            c.dep_ in ("oprd", "ccomp", "acomp", "prt") or c.dep_ == "xcomp" and c.pos_ != "VERB"
            for c in tok.children
        ):
            return None
        for c in tok.children:
            m = index.get(c.i)
            if c.dep_ == "dobj" and m is not None and m.kind in rule.object_kinds:
                return rule.event_type
        return None

    def _not_an_event(self, tok: Token, trigger_heads: set[int]) -> bool:
        """Negated, hypothetical, generic or topic-only uses."""
        blocking = self.lex.blocking_modifiers.get(tok.lower_) or self.lex.blocking_modifiers.get(
            tok.lemma_.lower()
        )
        if blocking and any(
            c.lower_ in blocking for c in tok.children if c.dep_ in ("compound", "amod", "nmod")
        ):
            return True  # "a press conference", "a hunger strike"
        idiom = self.modality.idiom_preps.get(tok.lower_) or self.modality.idiom_preps.get(tok.lemma_.lower())
        if (
            idiom
            and tok.dep_ == "pobj"
            and tok.head.lower_ in idiom
            and not any(c.dep_ in ("det", "poss", "amod", "compound") for c in tok.children)
        ):
            return True  # "teachers went on strike"
        if tok.pos_ == "VERB" and tok.lemma_.lower() in _HOST_VERBS:
            objects = [
                c for c in tok.children if c.dep_ == "dobj" and c.i in trigger_heads and c.pos_ != "VERB"
            ]
            if objects and all(self._not_an_event(c, trigger_heads) for c in objects):
                return True  # "launched a charm offensive": what is launched is no event, nor the launch
        frame = _frame(_np_head(tok)) if tok.pos_ != "VERB" else tok
        for child in (*tok.children, *(frame.children if frame is not tok else ())):
            if child.dep_ == "neg" or child.lower_ in _NEG_DETS and child.dep_ in ("det", "amod"):
                return True  # "no talks", "any resumption of dialogue"
            if child.dep_ in ("amod", "predet", "det") and child.lower_ in self.modality.hedge_modifiers:
                return True  # "a possible summit", "such a meeting"
        if self._generic(tok, frame):
            return True
        chain = _verb_chain(tok)
        for depth, anc in enumerate(chain[1:], start=1):
            if (
                self._kinds.get(tok.i) == "incident"
                and chain[depth - 1].lemma_.lower() in self.modality.factive
            ):
                break  # "called on them to investigate the attack": what is investigated happened
            below = chain[depth - 1]
            if below.dep_ == "prep" and below.lower_ in _FACTIVE_MARKS | {"following"}:
                break  # "the meeting was called after Sunday's ambush": the ambush happened
            if any(t.text in (";", ":") for t in tok.doc[min(tok.i, anc.i) + 1 : max(tok.i, anc.i)]):
                break  # "a bomb killed five soldiers; the AU has not published a toll": another clause
            if (
                below.tag_ == "VBD"
                and below.dep_ == "advcl"
                and any(c.dep_ == "mark" and c.lower_ in _FACTIVE_MARKS for c in below.children)
            ):
                break  # "a week after the ministers signed it, nobody is talking about it": it happened
            # "talks about talks", "expectations for talks": the inner one is a topic.
            if (
                anc.i in trigger_heads
                and depth <= 3
                and chain[depth - 1].dep_ == "pobj"
                and chain[depth - 1].head.lower_ in ("about", "on", "over")
            ):
                return True
            if anc.pos_ in ("VERB", "AUX", "ADJ", "NOUN"):
                for child in anc.children:
                    if child.dep_ == "neg" and depth <= 2:
                        return True
                    if (
                        child.dep_ == "aux"
                        and child.lower_ in _MODALS
                        and depth <= 3
                        and not self._reported_plan(anc)
                    ):
                        return True
                    if child.dep_ == "mark" and child.lower_ in _CONDITIONAL and depth <= 3:
                        return True
                coordinated = any(t.dep_ == "conj" for t in chain[:depth])
                if anc.lemma_.lower() in self.modality.hedge_heads and depth <= 3 and not coordinated:
                    return True  # (not "called the damage a pattern and said she would host them")
                if (
                    anc.lemma_.lower() in self.modality.request_verbs
                    and depth <= 3
                    and chain[depth - 1].lower_ == "for"
                ):
                    return True  # "asked for a meeting"
                if depth <= 2 and any(
                    c.dep_ in ("nsubj", "nsubjpass")
                    and any(x.lower_ in ("neither", "no") for x in c.children)
                    for c in anc.children
                ):
                    return True  # "neither Athens nor Ankara has asked for such a meeting"
            if anc.dep_ == "ROOT":
                break
        if tok.pos_ == "VERB":
            if tok.tag_ in ("VBG",) and tok.dep_ in ("amod", "compound"):
                return True
            for child in tok.children:
                if child.dep_ == "aux" and child.lower_ in _MODALS and not self._reported_plan(tok):
                    return True
            if tok.lemma_.lower() == "agree" and self._agree_form(tok) is None:
                return True
        return False

    def _agree_form(self, tok: Token) -> str | None:
        """How "agree" is an agreement: "agreed to a ceasefire", "agreed on a deal" (object), "agreed
        that ..." (clause), "Ecuador and Colombia agreed to mount joint patrols" (action, if two
        parties agree: see ``_build``). None for an opinion ("agree with X"), a date ("agreed on
        Monday") or a decision whose object is another event ("agreed to impose sanctions", "agreed
        to hold talks": that event is the news)."""
        if tok.tag_ == "VBN" and (
            tok.dep_ in ("acl", "amod") or any(c.dep_ == "auxpass" for c in tok.children)
        ):
            return "object"  # "the text agreed in Kota Kinabalu", "a ceasefire was agreed"
        for c in tok.children:
            if c.dep_ == "ccomp" and any(x.dep_ in ("nsubj", "nsubjpass", "mark") for x in c.children):
                return "clause"
            if (
                c.dep_ == "prep"
                and c.lower_ in ("to", "on", "upon")
                and any(o.dep_ == "pobj" and o.ent_type_ not in ("DATE", "TIME") for o in c.children)
            ):
                return "object"
        for c in tok.children:
            if c.dep_ != "xcomp":
                continue
            decided = [c, *(o for o in c.children if o.dep_ in ("dobj", "xcomp", "nsubjpass"))]
            if not any(
                self._kinds.get(_frame(t).i if t.pos_ != "VERB" else t.i, "agreement") != "agreement"
                or self._kinds.get(t.i, "agreement") != "agreement"
                for t in decided
            ):
                return "action"
        return None

    def _generic(self, tok: Token, frame: Token) -> bool:
        """A series, a process or a general statement, not one event: "more than a dozen launches",
        "a series of strikes", "talks have been frozen since 2019", "an attack on one is an attack on all"."""
        if frame is not tok and (
            frame.lower_ in self.modality.series
            or frame.tag_ == "NNS"
            and any(
                c.lower_ in self.modality.series and c.dep_ in ("amod", "nummod", "det")
                for c in frame.children
            )
        ):
            return True  # "a series of strikes", "several weeks of calls"
        if tok.tag_ in ("NNS", "NNPS"):
            for c in tok.children:
                if c.lower_ in self.modality.series and c.dep_ in ("amod", "nummod", "quantmod", "det"):
                    return True
                if c.dep_ == "nummod" and any(x.lower_ in self.modality.series for x in c.subtree):
                    return True
        verb = tok if tok.pos_ == "VERB" else _governor(tok)
        perfect = any(c.dep_ == "aux" and c.lower_ in ("has", "have", "'ve") for c in verb.children)
        if any(
            c.dep_ == "advmod"
            and (c.lower_ in self.modality.habitual or perfect and c.lower_ in self.modality.experiential)
            for c in verb.children
        ):
            return True  # "they regularly meet", "Oman, which has mediated between them before"
        if (
            tok.lower_ in self.modality.bare_generic
            and frame is tok
            and not any(c.dep_ in ("det", "poss", "amod", "compound", "nmod", "nummod") for c in tok.children)
        ):
            return True  # "supporting dialogue", "patrols rarely end kidnapping"
        head = frame.head
        if frame.dep_ in ("nsubj", "nsubjpass") and head.lemma_.lower() in self.modality.state_verbs:
            return True
        if (
            frame.dep_ in ("nsubj", "attr")
            and head.lemma_ == "be"
            and head.tag_ in ("VBZ", "VBP")
            and any(c.lower_ in ("a", "an") and c.dep_ == "det" for c in frame.children)
        ):
            return True  # a definition in the present tense, not a report
        if (
            frame.dep_ == "attr"
            and head.lemma_ == "be"
            and any(c.dep_ == "nsubj" and c.pos_ == "NOUN" and c.i not in self._heads for c in head.children)
        ):
            return True  # "the budget was an attack on the poor": a judgement of a thing, no event
        return False

    def _reported_plan(self, verb: Token) -> bool:
        """ "officials said the ministers would meet in Ankara": "would" reports a plan (but not
        "said Cairo would host talks if both sides wanted them")."""
        if not any(c.lower_ == "would" and c.dep_ == "aux" for c in verb.children):
            return False
        if any(
            c.dep_ == "advcl" and any(m.lower_ in _CONDITIONAL and m.dep_ == "mark" for m in c.children)
            for c in verb.children
        ):
            return False
        head = verb.head
        return verb.dep_ in ("ccomp", "xcomp", "conj") and head.lemma_.lower() in self.lex.reporting_verbs

    # -------------------------------------------------------------- building
    def _build(
        self,
        doc: Doc,
        tok: Token,
        start: int,
        end: int,
        kind: str,
        etype: str,
        index: dict[int, Mention],
        published: date | None,
    ) -> EventMention | None:
        sent = tok.sent
        frame = _frame(_np_head(tok)) if tok.pos_ != "VERB" else tok
        if frame is not tok and frame.i < start:
            start = frame.i
        em = EventMention(
            kind, etype, doc[start:end].text, start, end, sent.start, sent.end, triggers=[tok.i]
        )
        em.definite = any(
            c.dep_ in ("det", "poss")
            and c.lower_ in ("the", "this", "that", "these", "those", "its", "their")
            for c in (*frame.children, *tok.children)
            if c.i < tok.i
        )
        for c in (*tok.children, *frame.children):
            if c.lower_ in _ORDINALS and c.dep_ in ("amod", "nummod"):
                em.ordinal = c.lower_
        em.introduced, em.novel = self._introduction(tok, em.definite)
        em.indefinite = any(
            c.dep_ == "det" and c.lower_ in ("a", "an")
            for c in (*_frame(_np_head(tok)).children, *tok.children)
        )
        em.multiday = self._multiday(tok, frame)
        em.event_type = self._governed_type(tok, kind, etype)
        em.lemmas = {tok.lemma_.lower()}
        self._arguments(doc, tok, em, index)
        em.status = self._status(tok)
        tense = "future" if em.status == "planned" else ("past" if em.status == "happened" else "unknown")
        em.time, anchor = self._time(doc, tok, em, published, tense, index)
        em.time_explicit = em.time is not None
        em.cues = self._time_cues(doc, tok.sent, published, tense)
        em.anchor = anchor
        if em.status is None and em.time is not None and published is not None:
            em.status = "planned" if em.time.value > published.isoformat()[: len(em.time.value)] else None
        # An agreement is news when it is signed or reached, not when it is proposed or discussed.
        if (
            kind == "agreement"
            and tok.pos_ == "VERB"
            and tok.dep_ in ("xcomp", "ccomp")
            and tok.head.lemma_.lower() in _URGING_VERBS - _PLAN_VERBS
        ):
            return None  # "urged Chile to sign a trade agreement"
        if kind == "agreement" and tok.pos_ != "VERB" and not self._concluded(tok):
            if not (em.definite and frame is tok and tok.lower_ in self.nouns):
                return None
            em.anaphoric = True  # "the agreement came five days after ...": only a mention of one told
        if (
            tok.lemma_.lower() == "agree"
            and self._agree_form(tok) == "action"
            and len({a for a in self._actors(em) if a[0] != "person"} or em.participants) < 2
        ):
            return None  # "EU ministers agreed to ...": one party deciding, not an agreement
        # An incident verb needs someone or somewhere: "attack the proposal" is no attack.
        if tok.pos_ == "VERB" and kind == "incident" and not em.participants and not em.places:
            return None
        if tok.pos_ == "VERB" and tok.lemma_.lower() in self.lex.actor_object_verbs:
            objects = [c for c in tok.children if c.dep_ in ("dobj", "nsubjpass")]
            if not any(
                index.get(t.i) is not None and index[t.i].kind != "place" or t.i in self._heads
                for o in objects
                for t in o.subtree
            ):
                return None  # "Kenya hosts refugees" is no meeting
        if tok.pos_ == "VERB" and tok.lemma_.lower() not in self.verbs:
            needed = max(
                (
                    int(r["min_participants"])
                    for r in self.lex.verb_arguments.get(tok.lemma_.lower(), ())
                    if r["type"] == etype
                ),
                default=0,
            )
            if len(em.participants) < needed:
                return None  # "X spoke with reporters" is no meeting; "X spoke with Y" is
        if tok.pos_ == "VERB" and kind == "talks" and not em.participants and not em.places:
            return None
        return em

    def _governed_type(self, tok: Token, kind: str, etype: str) -> str:
        """The type the verb governing a trigger gives it: "lifted sanctions" are sanctions lifted."""
        table = self.governed_types.get(kind, {})
        verb = tok if tok.pos_ == "VERB" else _governor(tok)
        governed = table.get(verb.lemma_.lower())
        if governed is None and verb.dep_ == "xcomp":
            governed = table.get(verb.head.lemma_.lower())  # "threatened to impose sanctions"
        return governed if governed is not None and self.kind_of.get(governed) == kind else etype

    @staticmethod
    def _multiday(tok: Token, frame: Token) -> bool:
        """ "three days of negotiations", "weeks of talks", "the two-day conference"."""
        if (
            frame is not tok
            and frame.lower_ in ("days", "weeks")
            and any(c.dep_ in ("nummod", "amod") for c in frame.children)
        ):
            return True
        return any(
            c.dep_ in ("amod", "compound", "nummod")
            and c.lower_.endswith(("-day", "-week"))
            and not c.lower_.startswith(("one-", "1-"))
            for c in tok.subtree
            if c.i < tok.i
        )

    def _introduction(self, tok: Token, definite: bool) -> tuple[bool, bool]:
        """Whether a mention tells an event in a clause of its own or with an indefinite article
        ("militants ambushed a bus", "he held talks with X", "a roadside bomb"), and whether a
        modifier marks it as not told before ("another attack", "separate meetings")."""
        frame = _frame(_np_head(tok))
        governor = _governor(tok)
        verbal = tok.pos_ == "VERB" or (
            not definite
            and frame.dep_ == "dobj"
            and governor.pos_ == "VERB"
            and any(c.dep_ == "nsubj" for c in governor.children)
        )
        modifiers = [c for c in (*frame.children, *tok.children) if c.dep_ in ("det", "amod")]
        indefinite = any(c.lower_ in _NEW_EVENT_WORDS for c in modifiers)
        novel = any(c.lower_ in self.coref.novel for c in modifiers)
        # "they will meet again": a verb told again is a new occurrence
        again = (governor if tok.pos_ != "VERB" else tok).children
        novel = novel or any(c.dep_ == "advmod" and c.lower_ in self.coref.novel for c in again)
        return verbal or indefinite, novel

    @staticmethod
    def _concluded(tok: Token) -> bool:
        """Signed or reached: "signed a deal", "the accord was reached", "the signed memorandum"."""
        frame = _frame(tok)
        if any(c.lower_ in _CONCLUDED_ADJ for c in (*tok.children, *frame.children)):
            return True
        if any(
            c.dep_ == "poss"
            and c.ent_type_ == "DATE"
            and (c.i > 0 and tok.doc[c.i - 1].lower_ in ("last", "yesterday") or c.lower_ in _PAST_DAYS)
            for c in (*tok.children, *frame.children)
        ):
            return True  # "last week's patrol arrangement", "Tuesday's accord": made then
        verb = _governor(tok)
        if verb.dep_ in ("xcomp", "ccomp") and verb.head.lemma_.lower() in _URGING_VERBS:
            return False  # "urged Russia to accept a ceasefire"
        for v in (verb, verb.head if verb.dep_ in ("xcomp", "conj") else verb):
            if v.lemma_.lower() in _CONCLUDING_VERBS:
                return True
        return any(c.dep_ in ("acl", "relcl") and c.lemma_.lower() in _CONCLUDING_VERBS for c in tok.children)

    def _mentions_in(self, tokens: list[Token] | Span, index: dict[int, Mention]) -> list[Mention]:
        seen: list[Mention] = []
        for t in tokens:
            m = index.get(t.i)
            if m is not None and m not in seen:
                seen.append(m)
        return seen

    def _subtree_mentions(
        self, tok: Token, index: dict[int, Mention], *, skip_preps: frozenset[str]
    ) -> list[Mention]:
        """Mentions in a token's subtree, not entering topic phrases or clauses."""
        out: list[Mention] = []
        stack = [tok]
        while stack:
            t = stack.pop()
            m = index.get(t.i)
            if m is not None and m not in out:
                out.append(m)
            for c in t.children:
                if c.dep_ in ("relcl", "acl", "advcl", "ccomp", "xcomp", "parataxis"):
                    continue
                if c.dep_ == "prep" and c.lower_ in skip_preps:
                    continue
                stack.append(c)
        return out

    def _arguments(self, doc: Doc, tok: Token, em: EventMention, index: dict[int, Mention]) -> None:
        incident = em.kind == "incident"
        targeted = incident or em.kind == "sanction"
        party_skip = _TOPIC_PREPS if not targeted else _TOPIC_PREPS - {"on"}
        parties: list[Mention] = []
        places: list[Mention] = []

        def take(m_list: list[Mention], *, located: bool = False) -> None:
            for m in m_list:
                if m.kind == "place":
                    places.append(m)
                elif located and m.kind == "country":
                    continue  # "in Iran": where, not who
                else:
                    parties.append(m)

        def from_preps(head: Token) -> None:
            for c in head.children:
                if c.dep_ != "prep" and c.dep_ != "agent":
                    continue
                objs = [o for o in c.children if o.dep_ in ("pobj", "pcomp")]
                low = c.lower_
                for o in objs:
                    ms = self._subtree_mentions(o, index, skip_preps=_TOPIC_PREPS)
                    if c.dep_ == "agent" or low in _PARTY_PREPS:
                        take(ms)
                    elif low in self.destination_preps.get(em.event_type, ()):
                        take(ms)  # "a state visit to X": the visited country takes part
                    elif low in _LOC_PREPS:
                        if (
                            not ms
                            and o.lemma_.lower() in _PLACE_NOUNS
                            and any(d.lower_ in ("the", "this", "that") for d in o.children)
                        ):
                            ms = self._last_place(doc, o.i, index)  # "in the city": the city named last
                        take(ms, located=True)
                    elif targeted and low in _TARGET_PREPS:
                        take(ms)  # "attacks on X", "sanctions on X"

        if incident and tok.pos_ != "VERB":
            # "the attack in which two officers lost their lives", "the bombing, which X claimed"
            for r in tok.children:
                if r.dep_ == "relcl":
                    for x in r.children:
                        if x.dep_ in ("nsubj", "nsubjpass", "agent"):
                            take(self._subtree_mentions(x, index, skip_preps=party_skip))
        # Modifiers of the trigger: "US-Israel talks", "Vienna talks", "Israeli sabotage", "Iran's talks".
        for c in tok.children:
            if c.dep_ in ("compound", "amod", "poss", "nmod", "npadvmod"):
                ms = self._subtree_mentions(c, index, skip_preps=party_skip)
                take(ms)
        from_preps(tok)
        if tok.pos_ == "VERB":
            for c in tok.children:
                if c.dep_ in ("prt", "advmod") and c.lower_ in _PARTICLE_WORDS:
                    from_preps(c)  # "had them over in Tallinn"
        for c in _planned_modifiers(tok):
            from_preps(c)  # "a first session due in Lusaka"
        if tok.pos_ == "VERB":
            for c in tok.children:
                if c.dep_ in ("nsubj", "nsubjpass", "dobj", "dative", "attr"):
                    take(self._subtree_mentions(c, index, skip_preps=party_skip))
                if c.dep_ == "prep" and self._particle_object(tok, c):
                    for o in c.children:  # "called in Iran's envoy", read as a preposition
                        if o.dep_ == "pobj":
                            take(self._subtree_mentions(o, index, skip_preps=party_skip))
                if c.dep_ in ("nsubj", "nsubjpass") and c.lower_ in _RELATIVES and tok.dep_ == "relcl":
                    # "the members of the AU mission who lost their lives": the noun "who" stands for
                    take(self._subtree_mentions(tok.head, index, skip_preps=party_skip))
                if incident and c.dep_ in ("dobj", "nsubjpass"):
                    for r in c.children:  # "damaged the cable that links X and Y under the Z"
                        if r.dep_ == "relcl" and r.lemma_.lower() in self.linking_verbs:
                            for x in r.children:
                                if x.dep_ in ("dobj", "prep"):
                                    take(self._subtree_mentions(x, index, skip_preps=_TOPIC_PREPS))
            if tok.dep_ in ("xcomp", "pcomp") and not any(c.dep_ == "nsubj" for c in tok.children):
                up = tok.head.head if tok.dep_ == "pcomp" else tok.head
                for c in up.children:  # "X threatened to attack Y", "X is expected to meet Y"
                    if c.dep_ in ("nsubj", "nsubjpass"):
                        take(self._subtree_mentions(c, index, skip_preps=party_skip))
        else:
            frame = _frame(tok)
            head = _governor(tok)
            if frame is not tok:
                from_preps(frame)
                for c in frame.children:
                    if c.dep_ in ("compound", "amod", "poss", "nmod"):
                        take(self._subtree_mentions(c, index, skip_preps=party_skip))
            # "convene ... for talks": the governing verb's subject holds the talks; not in "before the
            # talks, gunmen took ...", where the talks only tell the time.
            anchoring = frame.dep_ == "pobj" and frame.head.lower_ in _TEMPORAL_PREPS
            if (
                head.pos_ in ("VERB", "AUX")
                and head is not tok
                and head.lemma_.lower() not in _SPEECH_VERBS
                and not anchoring
                and not self._commentary(head)
            ):
                # (who speaks of an event is a source, not a party: "X told reporters the attack ...";
                # who condemns it is no party either; "the G7 talks follow the Jeddah talks": an event
                # as subject lends no parties)
                role = frame.dep_
                if role in ("dobj", "pobj", "nsubjpass", "attr") or head.lemma_.lower() in _HOST_VERBS:
                    for c in head.children:
                        if c.i in self._heads:
                            continue
                        if c.dep_ in ("nsubj", "nsubjpass", "agent") and c is not frame:
                            if c.dep_ == "agent":
                                for o in c.children:
                                    take(self._subtree_mentions(o, index, skip_preps=party_skip))
                            else:
                                take(self._subtree_mentions(c, index, skip_preps=party_skip))
                        if c.dep_ == "dobj" and c is not frame and em.kind != "talks":
                            take(self._subtree_mentions(c, index, skip_preps=party_skip))
                    from_preps(head)
                    if head.dep_ == "xcomp" and not any(c.dep_ == "nsubj" for c in head.children):
                        for c in head.head.children:  # "ECOWAS threatened to impose sanctions on Y"
                            if c.dep_ == "nsubj":
                                take(self._subtree_mentions(c, index, skip_preps=party_skip))
                elif role == "nsubj":
                    from_preps(head)
        if incident and tok.pos_ != "VERB" and not places:
            places = self._clause_places(tok, index)  # "the seizure of a tanker, which was taken in X"
        for m in parties:
            if m.kind in ("person", "organization", "country") and (m.kind, m.key) not in self._media:
                em.add_participant((m.kind, m.key))
        for m in places:
            em.add_place(m.key)
        if not em.participants and em.kind in ("talks", "agreement") and self._group_subject(tok, em.kind):
            # "the three ministers signed": the three people named last; "... after the two spoke by
            # phone": the parties told just before
            for p in self._counted_people(tok, index) or self._last_parties:
                em.add_participant(p)

    def _group_subject(self, tok: Token, kind: str) -> bool:
        """Whether the event's subject only counts the parties told before: "the two", "both sides",
        "the three ministers", "they" (for an agreement, not "agreed to ...": who agrees to what is
        told, not assumed; "the parties agreed to hold the next meeting" does tell who meets)."""
        subject = self._subject(tok, through_agree=kind == "talks")
        if subject is None:
            return False
        words = _phrase_words(subject)
        return words <= self.group_words and bool(words - {"the", "all", "same"})

    @staticmethod
    def _subject(tok: Token, *, through_agree: bool = True) -> Token | None:
        """The subject of the verb a trigger is or hangs on, through infinitives ("agreed to hold")."""
        verb = tok if tok.pos_ == "VERB" else _governor(tok)
        if verb.pos_ not in ("VERB", "AUX"):
            return None
        while True:
            if verb.lemma_.lower() == "agree" and not through_agree:
                return None
            subject = next((c for c in verb.children if c.dep_ == "nsubj"), None)
            if subject is not None or verb.dep_ != "xcomp":
                return subject
            verb = verb.head

    def _particle_object(self, verb: Token, prep: Token) -> bool:
        """Whether a "preposition" of the verb is the particle of a phrasal verb rule whose object
        follows it ("called in the ambassador")."""
        objects = {o.lemma_.lower() for o in prep.children if o.dep_ == "pobj"}
        return any(
            prep.lower_ in rule["particles"] and objects & rule["objects"]
            for rule in self.lex.verb_arguments.get(verb.lemma_.lower(), ())
        )

    @staticmethod
    def _clause_places(tok: Token, index: dict[int, Mention]) -> list[Mention]:
        """Places a noun trigger's own phrase locates it at through the clauses describing what was hit
        ("the seizure of the tanker X, which was bound for Y when it was taken in the Strait of Z"):
        objects of "in", "at", "near" or "off" anywhere in the phrase."""
        out: list[Mention] = []
        for t in tok.subtree:
            m = index.get(t.i)
            if (
                m is not None
                and m.kind == "place"
                and m not in out
                and t.dep_ == "pobj"
                and t.head.lower_ in ("in", "at", "near", "off")
            ):
                out.append(m)
        return out[:1]

    def _counted_people(self, tok: Token, index: dict[int, Mention]) -> list[tuple[str, str]]:
        """The people a counted group subject stands for ("the three ministers", "both leaders"): the
        last that many people named before it, within a few sentences; [] when fewer are named or
        the subject counts no people."""
        subject = self._subject(tok)
        if subject is None:
            return []
        words = _phrase_words(subject)
        count = next((self.group_counts[w] for w in words if w in self.group_counts), 0)
        if not count or not words & self.group_people:
            return []
        found: list[tuple[str, str]] = []
        for i in range(subject.left_edge.i - 1, max(-1, subject.left_edge.i - 300), -1):
            m = index.get(i)
            if m is None or m.kind != "person" or not m.acting:
                continue
            p = (m.kind, m.key)
            if p not in found and p not in self._media:
                found.append(p)
                if len(found) == count:
                    return list(reversed(found))
        return []

    @staticmethod
    def _last_place(doc: Doc, before: int, index: dict[int, Mention]) -> list[Mention]:
        """The place named last before a token, within a few sentences ("... in Kalat. ... in the city")."""
        for i in range(before - 1, max(-1, before - 250), -1):
            m = index.get(i)
            if m is not None and m.kind == "place":
                return [m]
        return []

    def _status(self, tok: Token) -> str | None:
        if (
            tok.pos_ == "VERB"
            and tok.dep_ == "acl"
            and not any(c.dep_.startswith("aux") for c in tok.children)
        ):
            return None  # "the session ... convened in Niamey": the participle tells no tense
        if _planned_modifiers(tok):
            return "planned"
        verb = tok
        if tok.pos_ != "VERB":
            head = _governor(tok)
            verb = head if head.pos_ in ("VERB", "AUX") else tok
        chain = [verb]
        while (
            chain[-1].dep_ in ("xcomp", "ccomp", "advcl", "pcomp")
            and len(chain) < 4
            and not self._commentary(chain[-1].head)
        ):
            chain.append(chain[-1].head)  # "the next step will be for X to come ... to sign"
        for k, v in enumerate(chain):
            auxes = [c.lower_ for c in v.children if c.dep_ in ("aux", "auxpass")]
            if any(a in ("will", "'ll", "shall") for a in auxes) or self._reported_plan(v):
                return "planned"  # "will meet", "said their presidents would meet"
            if (
                v.tag_ in ("VBZ", "VBP")
                and not auxes
                and any(c.dep_ == "mark" and c.lower_ in _FUTURE_MARKS for c in v.children)
            ):
                return "planned"  # "days before X hosts Y": the present after "before" tells the future
            if (
                v.lemma_.lower() in _PLAN_VERBS
                and (v.dep_ != "ROOT" or k > 0 and chain[k - 1].dep_ == "xcomp" and v.lemma_ != "agree")
                or any(
                    c.dep_ == "xcomp" and c.lemma_ in ("be", "hold", "meet")
                    for c in v.children
                    if v.lemma_.lower() in _PLAN_VERBS
                )
            ):
                return "planned"
            if v.tag_ == "VBG" and any(a in ("is", "are", "'re", "being") for a in auxes):
                return "ongoing"
            if (
                v.tag_ in ("VBD",)
                or v.tag_ == "VBN"
                and any(a in ("has", "have", "had", "was", "were") for a in auxes)
            ):
                return "happened"
            if v.tag_ in ("VBZ", "VBP") and v.lemma_.lower() in _ONGOING_VERBS:
                return "ongoing"
        return None

    def _time(
        self,
        doc: Doc,
        tok: Token,
        em: EventMention,
        published: date | None,
        tense: str,
        index: dict[int, Mention],
    ) -> tuple[TimeValue | None, tuple[int, int, str, str] | None]:
        """The date expression attached to the trigger (or its verb), and an anchor to another event."""
        sent = tok.sent
        best: tuple[int, TimeValue] | None = None
        anchor: tuple[int, int, str, str] | None = None
        governing = self._governing(tok)
        for ent in self._dates_in(sent):
            prev = doc[ent.start - 1] if ent.start > 0 else None
            if prev is not None and prev.lower_ in _SPAN_WORDS:
                continue  # a deadline or a span ("double capacity by 2027"), not when the event happens
            nxt = doc[ent.end] if ent.end < len(doc) else None
            if nxt is not None and nxt.lower_ in _ANCHOR_WORDS and _anchor_offset(ent.text) is not None:
                continue  # "two days after X": an anchor for X, handled later
            # (a verb of comment may carry "the previous day": "protested an attack the previous day";
            # one not yet done, a past date: "urged them to investigate the attack in X on 7 June")
            governor = _governor(tok)
            borrowed = False
            if self._attachment(ent, governing, index) is None:
                if self._attachment(ent, governing | {governor.i}, index) is None:
                    continue
                borrowed = True
                if timex.parse_relative(ent.text) is None and not self._unrealized(governor):
                    continue
            value = self._resolve(ent, published, tense)
            if value is None:
                continue
            if borrowed and published is not None and timex.parse_relative(ent.text) is None:
                if value.value >= published.isoformat()[: len(value.value)]:
                    continue  # (when it is to be investigated, not when the attack happened)
            dist = abs(ent.start - tok.i)
            if best is None or dist < best[0]:
                best = (dist, value)
        # A year written inside the trigger phrase that NER missed: "the 2015 nuclear deal".
        if best is None:
            for c in tok.children:
                if c.i < tok.i and c.text.isdigit() and len(c.text) == 4 and c.text[:2] in ("19", "20"):
                    best = (0, TimeValue(c.text, "year"))
        return (best[1] if best else None), anchor

    @staticmethod
    def _unrealized(verb: Token) -> bool:
        """An infinitive not yet done: "to investigate" in "called on them to investigate ..."."""
        return (
            verb.pos_ == "VERB"
            and verb.tag_ == "VB"
            and any(c.dep_ == "aux" and c.lower_ == "to" for c in verb.children)
        )

    def _governing(self, tok: Token) -> set[int]:
        """The tokens a date of the event may hang on: the trigger, the noun framing it, clauses that
        tell it ("the agreement, signed on April 9") and the verb that holds it ("held talks on
        Monday", "agreed on Monday to impose sanctions"); not a verb that only comments on it
        ("praised the agreement on Thursday") nor one it is the time frame of ("during the
        conference, X met Y on Wednesday")."""
        frame = _frame(tok) if tok.pos_ != "VERB" else tok
        governing = {tok.i, frame.i}
        for c in (*tok.children, *frame.children):
            if c.dep_ in ("acl", "relcl") and c.pos_ == "VERB" and not self._commentary(c):
                governing.add(c.i)
        if tok.pos_ == "VERB":
            head = tok
        else:
            head = _governor(tok)
            temporal = frame.dep_ == "pobj" and (
                frame.head.lower_ in _TEMPORAL_PREPS
                or frame.head.lower_ in _FRAME_PREPS
                and self.kind_of.get(tok.lemma_.lower(), "") != "incident"
                and self._long(tok)
            )
            if head.pos_ not in ("VERB", "AUX") or temporal or self._commentary(head):
                return governing
            if frame.dep_ == "pobj" and _planned_modifiers(tok):
                return governing  # "signed a deal on Monday, with a session due in X": not the session's day
            governing.add(head.i)
        while head.dep_ == "xcomp" and not self._commentary(head.head):
            head = head.head  # "threatened on Sunday to impose sanctions"
            governing.add(head.i)
        return governing

    def _long(self, tok: Token) -> bool:
        """A gathering or anything told as lasting days: the time frame of what happens during it."""
        hit = self.nouns.get(tok.lower_) or self.nouns.get(tok.lemma_.lower())
        return hit is not None and hit[1] in self.coref.gatherings or _frame(tok).lower_ in ("days", "weeks")

    def _commentary(self, verb: Token) -> bool:
        """A verb of saying or judging: its date is when something was said about an event."""
        lemma = verb.lemma_.lower()
        return lemma in _SPEECH_VERBS or lemma in self.commentary

    def _attachment(self, ent: Span, governing: set[int], index: dict[int, Mention]) -> int | None:
        """Where a date hangs among ``governing``, walking up: directly ("last month", "Tuesday"),
        through a preposition or an adverb ("on Tuesday", "early on Tuesday"), through the place
        named with it ("talks in Nairobi on Monday") or through one argument of the verb the
        parser attached it to ("summoned the ambassador on Wednesday")."""
        cur = ent.root
        if cur.dep_ in ("compound", "nmod") and cur.head.lower_ in _DAY_PARTS:
            cur = cur.head  # "on Sunday evening": the date hangs where the part of the day does
        through_noun = False
        for _ in range(7):
            if cur.head.i == cur.i:
                return None
            cur = cur.head
            if cur.i in governing:
                return cur.i
            if cur.pos_ in ("ADP", "ADV") or index.get(cur.i) is not None and cur.i not in self._heads:
                continue  # (a place the parser took for a verb: "in Sagaing on Sunday")
            if (
                not through_noun
                and cur.pos_ in ("NOUN", "PROPN")
                and (
                    cur.dep_ in ("dobj", "nsubjpass", "attr", "nsubj")
                    or cur.dep_ == "pobj"
                    and cur.head.lower_ in _LOC_PREPS | _TARGET_PREPS
                    and cur.lemma_.lower() in _PLACE_NOUNS
                    # "called in the ambassador on Tuesday", read as a preposition with its object
                    or cur.dep_ == "pobj"
                    and cur.head.head.i in governing
                    and cur.head.lower_ in _PARTICLE_WORDS
                )
                and cur.i not in self._heads
            ):  # "an airstrike on a village in X on Sunday"
                through_noun = True
                continue
            break
        root = ent.root
        if (
            root.dep_ in ("npadvmod", "nmod", "compound", "appos")
            and root.head.dep_ in ("dobj", "nsubj", "nsubjpass", "attr")
            and root.head.head.i in governing
        ):
            return root.head.head.i  # "attacked a passenger train Tuesday"
        return None

    def _resolve(self, ent: Span, published: date | None, tense: str) -> TimeValue | None:
        """A date entity's value: from publication, from the last date told ("the previous day"),
        or from its first part when the model ran two expressions together ("April 9 after three days")."""
        if ent.start > 0 and ent.doc[ent.start - 1].lower_ in ("a", "an", "every", "each"):
            return None  # "on a Sunday night": some Sunday
        value = timex.resolve(ent.text, published, tense=tense)  # type: ignore[arg-type]
        if value is None:
            value = self._from_reference(ent)
        if value is None:
            cut = next((t.i for t in ent[1:] if t.pos_ in ("ADP", "CCONJ") or t.text == ","), None)
            if cut is not None:
                value = timex.resolve(ent.doc[ent.start : cut].text, published, tense=tense)  # type: ignore[arg-type]
        return value

    def _from_reference(self, ent: Span) -> TimeValue | None:
        """ "the previous day", "two days later", "the same day": from the last date told before."""
        rel = timex.parse_relative(ent.text)
        if rel is None:
            return None
        reference = next((v for start, v in reversed(self._timeline) if start < ent.start), None)
        if reference is None or rel[1] in ("day", "week") and reference.precision != "day":
            return None
        return self._shift(reference, rel[0], rel[1])

    def _find_dates(self, doc: Doc) -> None:
        """The article's time expressions: the model's dates and times, and day words it left out
        ("Today, in Ijevan, the meeting was held")."""
        spans = [e for e in doc.ents if e.label_ in ("DATE", "TIME")]
        covered = {i for e in doc.ents for i in range(e.start, e.end)}
        for t in doc:
            if t.i in covered:
                continue
            if t.lower_ in self.day_words and (t.is_title or t.is_lower):
                spans.append(doc[t.i : t.i + 1])
            elif t.like_num or t.lower_ in _RELATIVE_OPENERS:
                span = self._relative_span(doc, t.i, covered)  # "the following day", "a day after"
                if span is not None:
                    spans.append(span)
                    covered.update(range(span.start, span.end))
        self._dates = sorted(spans, key=lambda e: e.start)

    @staticmethod
    def _relative_span(doc: Doc, start: int, covered: set[int]) -> Span | None:
        """A time measured from another event that the model did not mark: "the following day",
        "two days later", "a day after" (the span without "after")."""
        for end in range(min(len(doc), start + 4), start + 1, -1):
            if any(i in covered for i in range(start, end)):
                continue
            span = doc[start:end]
            if timex.parse_relative(span.text) is not None:
                return span
            after = doc[end] if end < len(doc) else None
            if after is not None and after.lower_ in ("after", "before") and _anchor_offset(span.text):
                return span
        return None

    def _dates_in(self, span: Span) -> list[Span]:
        return [e for e in self._dates if span.start <= e.start and e.end <= span.end]

    def _build_timeline(self, doc: Doc, published: date | None) -> None:
        """Every date the article tells, in order: the reference of "the previous day"."""
        self._timeline = []
        for ent in self._dates:
            if ent.root.dep_ in ("amod", "compound"):
                continue
            prev = doc[ent.start - 1] if ent.start > 0 else None
            if prev is not None and prev.lower_ in _SPAN_WORDS:
                continue
            verb = _verb_above(ent.root)
            value = self._resolve(ent, published, "past" if verb.tag_ in ("VBD", "VBN") else "unknown")
            if value is not None:
                self._timeline.append((ent.start, value))

    def _time_cues(self, doc: Doc, sent: Span, published: date | None, tense: str) -> list[TimeValue | None]:
        """The times a sentence tells its events at ("Days later, a bomb ... while X attacked Y"):
        resolved, or None when vague; not when something was said, not spans or durations."""
        cues: list[TimeValue | None] = []
        for ent in self._dates_in(sent):
            if ent.root.dep_ in ("amod", "compound"):
                continue
            prev = doc[ent.start - 1] if ent.start > 0 else None
            if prev is not None and prev.lower_ in _SPAN_WORDS:
                continue
            nxt = doc[ent.end] if ent.end < len(doc) else None
            relative = nxt is not None and nxt.lower_ in _ANCHOR_WORDS
            if (
                timex.parse_offset(ent.text) is not None
                and not relative
                and not ent.text.lower().endswith(tuple(_ANCHOR_WORDS))
            ):
                continue  # "three days of talks": a duration
            verb = _verb_above(ent.root)
            if verb.lemma_.lower() in _SPEECH_VERBS or verb.lemma_.lower() in self.lex.reporting_verbs:
                continue
            value = None if relative else self._resolve(ent, published, tense)
            if value is not None or ent.label_ != "TIME":  # clock times and hours tell no day
                cues.append(value)
        return cues

    # ----------------------------------------------------------- coreference
    def _compatible(self, a: EventMention, b: EventMention) -> bool:
        if a.kind != b.kind:
            return False
        generic = self.coref.generic.get(a.kind)
        if (
            a.event_type != b.event_type
            and any(e.event_type in self.coref.exclusive for e in (a, b))
            and generic not in (a.event_type, b.event_type)
        ):
            return False  # "spoke by phone ... to thank Tashkent for hosting the negotiations"
        if a.ordinal and b.ordinal and a.ordinal != b.ordinal:
            return False
        if (
            a.time
            and b.time
            and not (a.time.value.startswith(b.time.value) or b.time.value.startswith(a.time.value))
        ):
            return False
        if {a.status, b.status} == {"planned", "happened"}:
            return False
        return self._compatible_places(a, b)

    def _antecedent(
        self,
        em: EventMention,
        events: list[EventMention],
        doc: Doc,
        by_head: dict[int, EventMention],
    ) -> EventMention | None:
        tok = doc[em.triggers[0]]
        # Same clause: "convene ... for talks", "sabotage" describing the "explosion".
        for anc in _verb_chain(tok)[1:5]:
            other = by_head.get(anc.i)
            if (
                other is not None
                and self._compatible(other, em)
                and anc.sent.start == tok.sent.start
                and not self._setting(tok, anc)
            ):
                return other
        for child in tok.subtree:
            other = by_head.get(child.i)
            if (
                other is not None
                and child.i != tok.i
                and self._compatible(other, em)
                and not self._setting(child, tok)
            ):
                return other
        # Earlier mentions of the same event: "the talks", "the Vienna talks"; the same concept first.
        # A clause with its own verb ("militants ambushed a bus") or an indefinite noun ("a roadside
        # bomb") brings a new event, unless it retells one on the same day at the same place.
        ordered = sorted(reversed(events), key=lambda o: o.event_type != em.event_type)
        for other in ordered:
            if not self._compatible(other, em):
                continue
            shares_place = bool(set(other.places) & set(em.places))
            shares_day = bool(em.time and other.time and em.time == other.time and em.time.precision == "day")
            shares_actor = bool(set(em.participants) & set(other.participants))
            if em.introduced:
                if shares_day and (shares_place or shares_actor):
                    return other
                continue
            shares_time = bool(em.time and other.time and em.time == other.time)
            bare = not em.time and not em.places and not em.ordinal
            if em.definite and (bare or shares_place or shares_time):
                return other
            if shares_place and (shares_time or not em.time or not other.time):
                return other
            if bare and not em.participants:
                return other
            if not em.participants and not em.places and not em.ordinal and shares_time:
                return other  # "the attack on Tuesday" after "militants attacked a train on Tuesday"
            if bare and shares_actor:
                return other
        return None

    def _setting(self, inner: Token, outer: Token) -> bool:
        """Whether a trigger inside another's clause only sets the scene: "on the sidelines of the
        summit, X met Y", "during the conference, X met Y", "after the talks, X signed"."""
        cur = inner
        for _ in range(12):
            if cur.i == outer.i or cur.head.i == cur.i:
                return False
            cur = cur.head
            if cur.i == outer.i:
                return False
            if cur.lower_ in self.coref.settings or (
                cur.dep_ == "prep" and cur.lower_ in _TEMPORAL_PREPS | _FRAME_PREPS
            ):
                return True
        return False

    def _coalesce(self, events: list[EventMention]) -> list[EventMention]:
        """Join the mentions of one event told apart earlier: a later sentence retelling it ("X hosted
        Y for talks" after "talks in Nairobi"), a headline, a second name ("the sabotage")."""
        out: list[EventMention] = []
        for e in events:
            candidates = [o for o in reversed(out) if self._same_event(o, e)]
            # the mention that shares most with it, the nearest among equals
            target = max(candidates, key=lambda o: self._affinity(o, e), default=None)
            if target is None:
                out.append(e)
            else:
                self._merge(target, e)
        return out

    def _affinity(self, a: EventMention, b: EventMention) -> tuple[bool, bool, bool, bool]:
        """What two mentions share: parties, place, day, type (compared in that order)."""
        return (
            bool(self._actors(a) & self._actors(b)),
            bool(set(a.places) & set(b.places)),
            bool(a.time and b.time and a.time == b.time and a.time.precision == "day"),
            a.event_type == b.event_type,
        )

    def _same_event(self, a: EventMention, b: EventMention) -> bool:
        """Whether ``b`` (told later) is ``a`` again: nothing tells them apart."""
        if not self._compatible(a, b) or not (self._recent(a, b) and self._recent(b, a)):
            return False
        shares_place = bool(set(a.places) & set(b.places))
        shares_day = bool(a.time and b.time and a.time == b.time and a.time.precision == "day")
        shares_actor = bool(self._actors(a) & self._actors(b))
        if b.introduced and b.participants and not (a.participants or a.places or a.time):
            return False  # nothing tells that "X spoke with Y on Thursday" is the "talks" named before
        if b.novel or b.introduced and not all(self._same_time(c, a) for c in b.cues):
            return shares_day and (shares_place or shares_actor)
        gathering = [e.event_type in self.coref.gatherings for e in (a, b)]
        if b.indefinite and any(gathering) and not (shares_day or shares_place):
            return False  # "a summit" after "three days of negotiations": another event
        # "the session" after "a session", "hosting the meeting" after "the talks"
        repeated = b.definite and bool(
            a.lemmas & b.lemmas
            or a.lemmas & _TALK_NOUNS
            and b.lemmas & _TALK_NOUNS
            and shares_day
            and shares_place
        )
        if a.kind != "incident" and not repeated and self._parties_differ(a, b):
            return False
        persons = {p for p in b.participants if p[0] == "person"}
        if b.indefinite and persons - set(a.participants):
            return False  # "a pull-aside meeting with X": its own parties, another event
        if gathering[0] != gathering[1] and (b.introduced if gathering[0] else a.introduced):
            return False  # a meeting told in its own clause beside a summit is a side meeting
        return True

    def _link_outcomes(self, doc: Doc, events: list[EventMention]) -> None:
        """An agreement is reached at talks: "at the end of the meeting the ministers signed a
        protocol", "X and Y agreed on Tuesday ... after talks in Quito". Told in one sentence, each
        lends the other the parties, place and day it lacks; between the same parties, the day, and
        the place when both were on that day."""
        agreements = [e for e in events if e.kind == "agreement" and e.status != "planned"]
        talks = [e for e in events if e.kind == "talks" and e.status != "planned"]
        for a in agreements:
            sents = {doc[i].sent.start for i in a.triggers}
            for t in talks:
                together = bool(sents & {doc[i].sent.start for i in t.triggers})
                shared = len(self._actors(a) & self._actors(t)) >= 2 or bool(set(a.places) & set(t.places))
                if not (together or shared) or not self._compatible_places(a, t):
                    continue
                if a.time and t.time and not self._dates_agree(a.time, t.time):
                    continue
                # (between the same parties on the same day, the signing took place at the talks)
                da, dt = a.time or t.time, t.time or a.time
                same_day = bool(da and dt and da.precision == dt.precision == "day" and da.value == dt.value)
                for x, y in ((a, t), (t, a)):
                    if together and not x.participants:
                        x.participants = list(y.participants)
                    if (together or same_day) and not x.places:
                        x.places = list(y.places)
                    if x.time is None and y.time is not None and y.time.precision == "day":
                        x.time = y.time
        # "The talks took place two days after ...", in a story of the accord signed at them: talks
        # told by a definite mention without a place (and without another day) are those where the
        # one accord the article reports was signed.
        signed = [a for a in agreements if a.time is not None and a.time.precision == "day"]
        if len(signed) == 1:
            a = signed[0]
            for t in talks:
                if t.definite and not t.places and not t.novel and t.time in (None, a.time):
                    t.time, t.places = (
                        a.time,
                        list(a.places),
                    )  # (its parties may be more than the signatories)

    @staticmethod
    def _dates_agree(a: TimeValue, b: TimeValue) -> bool:
        return a.value.startswith(b.value) or b.value.startswith(a.value)

    def _compatible_places(self, a: EventMention, b: EventMention) -> bool:
        """Places that may be one: the same, a building or site not located on the map beside a
        city ("at the Ras El Tin Palace", "in Alexandria"), or a region and a place in its country."""
        if not a.places or not b.places or set(a.places) & set(b.places):
            return True
        return any(self._place_within(p, q) or self._place_within(q, p) for p in a.places for q in b.places)

    def _place_within(self, inner: str, outer: str) -> bool:
        i, o = self._place_info.get(inner), self._place_info.get(outer)
        if i is None or o is None:
            return False
        if i.place_kind == "facility" and i.latitude is None:
            return o.place_kind in ("city", "place", "region")
        return (
            o.place_kind == "region"
            and i.place_kind in ("city", "place", "facility")
            and i.country_code is not None
            and i.country_code == o.country_code
        )

    def _same_time(self, cue: TimeValue | None, a: EventMention) -> bool:
        """Whether a sentence's time is that of ``a`` (as precise as ``a``'s date or more)."""
        if cue is None:
            return False
        if a.time is None:
            latest = timex.latest_day(cue)
            return (
                self._published is None or latest is None or (self._published - latest).days <= _RECENT_DAYS
            )
        return cue.value.startswith(a.time.value)

    def _recent(self, a: EventMention, b: EventMention) -> bool:
        """An undated event that happened is news: not ``b`` if ``b`` is dated well before publication
        ("the bloc last imposed sanctions in 2023")."""
        if a.time is not None or b.time is None or self._published is None or a.status == "planned":
            return True
        latest = timex.latest_day(b.time)
        return latest is None or (self._published - latest).days <= _RECENT_DAYS

    def _actors(self, e: EventMention) -> set[tuple[str, str]]:
        """The participants, with the country or organization each person acts for."""
        out = set(e.participants)
        for p in e.participants:
            out |= self._affiliations.get(p, set())
        return out

    def _parties_differ(self, a: EventMention, b: EventMention) -> bool:
        """Each names a person, or a country or organization, that the other lacks."""
        for kinds in (("person",), ("country", "organization")):
            pa = {p for p in (self._actors(a) if kinds[0] != "person" else a.participants) if p[0] in kinds}
            pb = {p for p in (self._actors(b) if kinds[0] != "person" else b.participants) if p[0] in kinds}
            if pa and pb and pa - pb and pb - pa:
                return True
        return False

    def _merge(self, target: EventMention, em: EventMention) -> None:
        em.joined_into = target
        for p in em.participants:
            target.add_participant(p)
        for pl in em.places:
            target.add_place(pl)
        if target.time is None and em.time is not None:
            target.time, target.time_explicit = em.time, em.time_explicit
        elif target.time is not None and em.time is not None and len(em.time.value) > len(target.time.value):
            target.time = em.time
        if target.status is None:
            target.status = em.status
        if target.ordinal is None:
            target.ordinal = em.ordinal
        target.multiday = target.multiday or em.multiday
        target.definite = target.definite or em.definite  # "hosted the meeting": a retelling
        target.lemmas |= em.lemmas
        if target.anchor is None:
            target.anchor = em.anchor
        target.triggers.append(em.triggers[0])
        # The most specific concept wins over a generic one ("talks" < "strategic dialogue").
        if em.event_type != target.event_type and target.event_type in (
            "talks",
            "meeting",
            "incident",
            "attack",
        ):
            target.event_type = em.event_type
        target.confidence = min(0.95, target.confidence + 0.05)

    # --------------------------------------------------------------- anchors
    def _resolve_anchors(
        self,
        span: Span,
        events: list[EventMention],
        by_head: dict[int, EventMention],
        published: date | None,
    ) -> None:
        """ "The talks come two days after an explosion": date one event from another (within a sentence)."""
        doc = span.doc
        for ent in self._dates_in(span):
            if ent.end >= len(doc):
                continue
            word = doc[ent.end]
            if word.lower_ not in ("after", "before"):
                continue
            offset = _anchor_offset(ent.text)
            if offset is None:
                continue
            n, unit = offset
            sent = ent.sent
            # the anchored event: the first trigger after the preposition, inside its phrase
            scope = list(word.subtree) if word.dep_ != "mark" else list(word.head.subtree)
            if len(scope) <= 1:
                scope = [t for t in sent if t.i > word.i]
            target = next((by_head[t.i] for t in scope if t.i > word.i and t.i in by_head), None)
            # the event the span is measured from: the subject of the verb the date hangs on, else the nearest
            source = None
            verb = held = _verb_above(ent.root)
            for _ in range(3):  # "X come two days after Y, and one day before Z resumes": up to X
                for c in verb.children:
                    if c.dep_ in ("nsubj", "nsubjpass"):
                        source = next(
                            (by_head[t.i] for t in c.subtree if t.i in by_head and t.i < ent.start), None
                        )
                if source is not None or verb.dep_ not in ("conj", "advcl") or verb.head.i == verb.i:
                    break
                verb = verb.head
            if source is None and held.i in by_head and held.i not in {t.i for t in scope}:
                source = by_head[held.i]  # "a day after the explosion, X and Y met"
            if source is None:
                source = next(
                    (by_head[t.i] for t in reversed(list(sent)) if t.i < ent.start and t.i in by_head), None
                )
            if target is None or source is None or target is source:
                continue
            self._anchors.append((target, source, (-1 if word.lower_ == "after" else 1) * n, unit))
        self._apply_anchors(published)

    def _apply_anchors(self, published: date | None) -> None:
        """Date each anchored pair from whichever of the two has a date (again once mentions are
        joined: "the meetings came three days after gunmen fired" once the meetings are dated)."""
        for _ in range(2):
            for target, source, offset, unit in self._anchors:
                target, source = self._current(target), self._current(source)
                if target is source:
                    continue
                if source.time is not None and target.time is None:
                    target.time = self._shift(source.time, offset, unit)
                    self._status_from_date(target, published)
                elif target.time is not None and source.time is None:
                    source.time = self._shift(target.time, -offset, unit)
                    self._status_from_date(source, published)

    @staticmethod
    def _current(e: EventMention) -> EventMention:
        """The event a mention was joined into (itself if none)."""
        seen = 0
        while e.joined_into is not None and seen < 50:
            e, seen = e.joined_into, seen + 1
        return e

    @staticmethod
    def _status_from_date(e: EventMention, published: date | None) -> None:
        """An event dated after publication is planned, whatever the tense said."""
        if e.time is None or published is None or e.status == "happened":
            return
        if e.time.value > published.isoformat()[: len(e.time.value)]:
            e.status = "planned"

    @staticmethod
    def _shift(value: TimeValue, n: int, unit: str) -> TimeValue | None:
        if unit == "day":
            return timex.shift(value, days=n) if value.precision == "day" else value
        if unit == "week":
            return timex.shift(value, days=7 * n) if value.precision == "day" else value
        if unit == "month":
            return timex.shift(value, months=n)
        if unit == "year":
            return timex.shift(value, years=n)
        return None

    def _inherit_rounds(self, events: list[EventMention]) -> None:
        """ "The first round of talks" with no parties belongs to the series another round names."""
        for e in events:
            if e.participants or not e.ordinal:
                continue
            donors = [
                o
                for o in events
                if o is not e
                and o.kind == e.kind
                and o.participants
                and o.ordinal
                and (not e.places or set(e.places) & set(o.places))
            ]
            if donors:
                for p in donors[0].participants:
                    e.add_participant(p)

    def _keep(self, e: EventMention, published: date | None) -> bool:
        if not e.participants and not e.places:
            return False  # nothing to tell it from any other event of its kind
        if e.time is not None and published is not None:
            year = int(e.time.value[:4])
            if e.time.precision == "year":
                return year >= published.year - 1
            try:
                y, m = year, int(e.time.value[5:7])
                d = int(e.time.value[8:10]) if e.time.precision == "day" else 28
                return (published - date(y, m, d)).days <= self.history_days
            except ValueError:
                return False
        return True


@Language.factory(
    "dkg_events",
    default_config={"history_days": 400},
    assigns=["doc._.dkg_events"],
    requires=["doc._.dkg_mentions"],
)
def make_events(nlp: Language, name: str, history_days: int) -> EventsComponent:
    return EventsComponent(nlp, name, history_days=history_days)
