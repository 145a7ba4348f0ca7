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
* time: the date expression attached to the trigger or the verb that governs
  it, resolved against the publication date; anchors between events ("two
  days after an explosion") are resolved once every event has its date.

Negated ("no talks", "did not meet"), hypothetical ("would meet", "ready to
review sanctions", "if they meet") and topic-only uses ("talks about talks")
are not events. Mentions of one event in an article ("the talks", "the
strategic dialogue", "the Vienna talks") are merged into one. Events from
more than about a year before publication are history and left out. The
result lands in ``doc._.dkg_events``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span, Token

from ingest import timex
from ingest.actors import Mention
from ingest.lexicons import event_lexicon, event_types
from ingest.records import TimeValue

__all__ = ["EventMention", "EventsComponent"]

_NEG_DETS = frozenset({"no", "any", "neither"})
_HEDGE_ADJ = frozenset({"possible", "potential", "hypothetical", "proposed", "mooted", "alleged", "future"})
_PLANNED_ADJ = frozenset({"upcoming", "planned", "scheduled", "next", "forthcoming", "expected", "proposed"})
_PLAN_VERBS = frozenset(
    {"expect", "schedule", "plan", "set", "due", "prepare", "agree", "intend", "aim", "hope", "seek"}
)
_ONGOING_VERBS = frozenset({"continue", "resume", "underway", "proceed"})
_MODALS = frozenset({"would", "could", "might", "may", "should", "can"})
_CONDITIONAL = frozenset({"if", "unless", "whether"})
_HEDGE_HEADS = frozenset(
    {
        "ready",
        "prepared",
        "willing",
        "open",
        "possibility",
        "prospect",
        "chance",
        "idea",
        "offer",
        "proposal",
        "call",
        "threat",
        "demand",
        "warning",
        "expectation",
        "hope",
        "fear",
        "risk",
        "need",
        "plan",
        "refuse",
        "decline",
        "reject",
    }
)
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
        and cur.head is not cur
        and cur.head.pos_ in ("NOUN", "PROPN")
    ):
        cur = cur.head
    return cur


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

    def add_participant(self, p: tuple[str, str]) -> None:
        if p not in self.participants:
            self.participants.append(p)

    def add_place(self, key: str) -> None:
        if key not in self.places:
            self.places.append(key)


def _verb_chain(tok: Token) -> list[Token]:
    """The token and the heads above it up to the sentence root."""
    chain = [tok]
    while chain[-1].head is not chain[-1] and len(chain) < 12:
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
        self._heads: set[int] = set()
        self._media: set[tuple[str, str]] = set()
        if not Doc.has_extension("dkg_events"):
            Doc.set_extension("dkg_events", default=None)
        if not Doc.has_extension("dkg_published"):
            Doc.set_extension("dkg_published", default=None)

    # ----------------------------------------------------------------- main
    def __call__(self, doc: Doc) -> Doc:
        published: date | None = doc._.dkg_published
        index: dict[int, Mention] = doc._.dkg_token_mention or {}
        self._media = {k for k, e in (doc._.dkg_entities or {}).items() if e.is_media}  # outlets only report
        triggers = self._find_triggers(doc)
        events: list[EventMention] = []
        by_head: dict[int, EventMention] = {}
        trigger_heads = {h for h, *_ in triggers}
        self._heads = trigger_heads
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
            if target is None:
                events.append(em)
                by_head[head] = em
            else:
                self._merge(target, em)
                by_head[head] = target
        if sentence >= 0:
            self._resolve_anchors(doc[sentence:], events, by_head, published)
        self._inherit_rounds(events)
        doc._.dkg_events = [e for e in events if self._keep(e, published)]
        return doc

    # -------------------------------------------------------------- triggers
    def _find_triggers(self, doc: Doc) -> list[tuple[int, int, int, str, str]]:
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
            if objects & rule["objects"] or subjects & rule["subjects"]:
                return str(rule["type"])
            if any(p == q or p.startswith(q + " ") for p in preps for q in rule["preps"]):
                return str(rule["type"])
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
        for child in tok.children:
            if child.dep_ == "neg" or child.lower_ in _NEG_DETS and child.dep_ in ("det", "amod"):
                return True
            if child.dep_ == "amod" and child.lower_ in _HEDGE_ADJ:
                return True
        chain = _verb_chain(tok)
        for depth, anc in enumerate(chain[1:], start=1):
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
                if anc.lemma_.lower() in _HEDGE_HEADS and depth <= 3:
                    return True
            if anc.dep_ == "ROOT":
                break
        if tok.pos_ == "VERB":
            if tok.tag_ in ("VBG",) and tok.dep_ in ("amod", "compound"):
                return True
            for child in tok.children:
                if child.dep_ == "aux" and child.lower_ in _MODALS and not self._reported_plan(tok):
                    return True
            # "agreed to impose sanctions" is a decision (the sanctions are the event); "agree with X" an
            # opinion. An agreement is "agreed to a ceasefire", "agreed on a deal", "agreed that ...".
            if tok.lemma_.lower() == "agree" and not any(
                c.dep_ == "ccomp"
                and any(x.dep_ in ("nsubj", "nsubjpass", "mark") for x in c.children)
                or c.dep_ == "prep"
                and c.lower_ in ("to", "on", "upon")
                and any(o.dep_ == "pobj" for o in c.children)
                for c in tok.children
            ):
                return True
        return False

    def _reported_plan(self, verb: Token) -> bool:
        """ "officials said the ministers would meet in Ankara": "would" reports a plan."""
        if not any(c.lower_ == "would" and c.dep_ == "aux" for c in verb.children):
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
        self._arguments(doc, tok, em, index)
        em.status = self._status(tok)
        tense = "future" if em.status == "planned" else ("past" if em.status == "happened" else "unknown")
        em.time, anchor = self._time(doc, tok, em, published, tense, index)
        em.time_explicit = em.time is not None
        em.anchor = anchor
        if em.status is None and em.time is not None and published is not None:
            em.status = "planned" if em.time.value > published.isoformat()[: len(em.time.value)] else None
        # An agreement is news when it is signed or reached, not when it is proposed or discussed.
        if kind == "agreement" and tok.pos_ != "VERB" and not self._concluded(tok):
            return None
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

    @staticmethod
    def _concluded(tok: Token) -> bool:
        """Signed or reached: "signed a deal", "the accord was reached", "the signed memorandum"."""
        frame = _frame(tok)
        if any(c.lower_ in _CONCLUDED_ADJ for c in (*tok.children, *frame.children)):
            return True
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

        # Modifiers of the trigger: "US-Israel talks", "Vienna talks", "Israeli sabotage", "Iran's talks".
        for c in tok.children:
            if c.dep_ in ("compound", "amod", "poss", "nmod", "npadvmod"):
                ms = self._subtree_mentions(c, index, skip_preps=party_skip)
                take(ms)
        from_preps(tok)
        if tok.pos_ == "VERB":
            for c in tok.children:
                if c.dep_ in ("nsubj", "nsubjpass", "dobj", "dative", "attr"):
                    take(self._subtree_mentions(c, index, skip_preps=party_skip))
            if tok.dep_ in ("xcomp", "pcomp") and not any(c.dep_ == "nsubj" for c in tok.children):
                up = tok.head.head if tok.dep_ == "pcomp" else tok.head
                for c in up.children:  # "X threatened to attack Y", "X took credit for attacking Y"
                    if c.dep_ == "nsubj":
                        take(self._subtree_mentions(c, index, skip_preps=party_skip))
        else:
            frame = _frame(tok)
            head = _governor(tok)
            if frame is not tok:
                from_preps(frame)
                for c in frame.children:
                    if c.dep_ in ("compound", "amod", "poss", "nmod"):
                        take(self._subtree_mentions(c, index, skip_preps=party_skip))
            # "convene ... for talks": the governing verb's subject holds the talks.
            if head.pos_ in ("VERB", "AUX") and head is not tok and head.lemma_.lower() not in _SPEECH_VERBS:
                # (who speaks of an event is a source, not a party: "X told reporters the attack ...")
                role = frame.dep_
                if role in ("dobj", "pobj", "nsubjpass", "attr") or head.lemma_.lower() in _HOST_VERBS:
                    for c in head.children:
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
        for m in parties:
            if m.kind in ("person", "organization", "country") and (m.kind, m.key) not in self._media:
                em.add_participant((m.kind, m.key))
        for m in places:
            em.add_place(m.key)

    @staticmethod
    def _last_place(doc: Doc, before: int, index: dict[int, Mention]) -> list[Mention]:
        """The place named last before a token, within a few sentences ("... in Kalat. ... in the city")."""
        for i in range(before - 1, max(-1, before - 250), -1):
            m = index.get(i)
            if m is not None and m.kind == "place":
                return [m]
        return []

    def _status(self, tok: Token) -> str | None:
        for c in tok.children:
            if c.dep_ == "amod" and c.lower_ in _PLANNED_ADJ:
                return "planned"
        verb = tok
        if tok.pos_ != "VERB":
            head = _governor(tok)
            verb = head if head.pos_ in ("VERB", "AUX") else tok
        chain = [verb, *([verb.head] if verb.dep_ in ("xcomp", "ccomp") else [])]
        for v in chain:
            auxes = [c.lower_ for c in v.children if c.dep_ in ("aux", "auxpass")]
            if any(a in ("will", "'ll", "shall") for a in auxes):
                return "planned"
            if (
                v.lemma_.lower() in _PLAN_VERBS
                and v.dep_ != "ROOT"
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
        frame = _frame(tok) if tok.pos_ != "VERB" else tok
        governing = {tok.i, frame.i}
        h = _governor(tok) if tok.pos_ != "VERB" else tok
        anchored = frame.dep_ == "pobj" and frame.head.lower_ in _ANCHOR_WORDS
        if h.pos_ in ("VERB", "AUX") and not anchored:
            governing.add(h.i)
        for ent in sent.ents:
            if ent.label_ != "DATE":
                continue
            # Where does the date hang? Walk up to the first verb or trigger.
            # Directly ("last month", "Tuesday"), through a preposition ("on Tuesday", "in May"), or
            # through the place named with it ("talks in Nairobi on Monday").
            cur = ent.root
            attach = None
            for _ in range(4):
                if cur.head is cur:
                    break
                cur = cur.head
                if cur.i in governing:
                    attach = cur.i
                    break
                if cur.pos_ != "ADP" and not (cur.pos_ == "PROPN" and index.get(cur.i) is not None):
                    break
            prev = doc[ent.start - 1] if ent.start > 0 else None
            if prev is not None and prev.lower_ in ("by", "until", "till", "through", "since", "throughout"):
                continue  # a deadline or a span ("double capacity by 2027"), not when the event happens
            nxt = doc[ent.end] if ent.end < len(doc) else None
            if nxt is not None and nxt.lower_ in _ANCHOR_WORDS and timex.parse_offset(ent.text) is not None:
                continue  # "two days after X": an anchor for X, handled later
            root = ent.root
            if (
                attach is None
                and root.dep_ in ("npadvmod", "nmod", "compound", "appos")
                and root.head.dep_ in ("dobj", "nsubj", "nsubjpass", "attr")
                and root.head.head.i in governing
            ):
                attach = root.head.head.i  # "attacked a passenger train Tuesday"
            if attach is None:
                continue
            value = timex.resolve(ent.text, published, tense=tense)  # type: ignore[arg-type]
            if value is None:
                continue
            dist = abs(ent.start - tok.i)
            if best is None or dist < best[0]:
                best = (dist, value)
        # A year written inside the trigger phrase that NER missed: "the 2015 nuclear deal".
        if best is None:
            for c in tok.children:
                if c.i < tok.i and c.text.isdigit() and len(c.text) == 4 and c.text[:2] in ("19", "20"):
                    best = (0, TimeValue(c.text, "year"))
        return (best[1] if best else None), anchor

    # ----------------------------------------------------------- coreference
    def _compatible(self, a: EventMention, b: EventMention) -> bool:
        if a.kind != b.kind:
            return False
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
        if a.places and b.places and not set(a.places) & set(b.places):
            return False
        return True

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
            if other is not None and self._compatible(other, em) and anc.sent.start == tok.sent.start:
                return other
        for child in tok.subtree:
            other = by_head.get(child.i)
            if other is not None and child.i != tok.i and self._compatible(other, em):
                return other
        # Earlier mentions of the same event: "the talks", "the Vienna talks"; the same concept first.
        # A clause with its own verb ("militants ambushed a bus") or an indefinite noun ("a roadside
        # bomb") brings a new event, unless it retells one on the same day at the same place.
        frame = _frame(_np_head(tok))
        governor = _governor(tok)
        verbal = tok.pos_ == "VERB" or (
            # "He held talks with X in Riyadh": a clause of its own, not a reference back
            not em.definite
            and frame.dep_ == "dobj"
            and governor.pos_ == "VERB"
            and any(c.dep_ == "nsubj" for c in governor.children)
        )
        indefinite = any(
            c.dep_ in ("det", "amod") and c.lower_ in _NEW_EVENT_WORDS
            for c in (*frame.children, *tok.children)
        )
        ordered = sorted(reversed(events), key=lambda o: o.event_type != em.event_type)
        for other in ordered:
            if not self._compatible(other, em):
                continue
            shares_place = bool(set(other.places) & set(em.places))
            shares_day = bool(em.time and other.time and em.time == other.time and em.time.precision == "day")
            shares_actor = bool(set(em.participants) & set(other.participants))
            if verbal or indefinite:
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

    def _merge(self, target: EventMention, em: EventMention) -> None:
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
        for ent in span.ents:
            if ent.label_ != "DATE" or ent.end >= len(doc):
                continue
            word = doc[ent.end]
            if word.lower_ not in ("after", "before"):
                continue
            offset = timex.parse_offset(ent.text)
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
            verb = ent.root.head
            while verb.pos_ not in ("VERB", "AUX") and verb.head is not verb:
                verb = verb.head
            for _ in range(3):  # "X come two days after Y, and one day before Z resumes": up to X
                for c in verb.children:
                    if c.dep_ in ("nsubj", "nsubjpass"):
                        source = next(
                            (by_head[t.i] for t in c.subtree if t.i in by_head and t.i < ent.start), None
                        )
                if source is not None or verb.dep_ not in ("conj", "advcl") or verb.head is verb:
                    break
                verb = verb.head
            if source is None:
                source = next(
                    (by_head[t.i] for t in reversed(list(sent)) if t.i < ent.start and t.i in by_head), None
                )
            if target is None or source is None or target is source:
                continue
            sign = -1 if word.lower_ == "after" else 1
            if source.time is not None and target.time is None:
                target.time = self._shift(source.time, sign * n, unit)
                self._status_from_date(target, published)
            elif target.time is not None and source.time is None:
                source.time = self._shift(target.time, -sign * n, unit)
                self._status_from_date(source, published)

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
