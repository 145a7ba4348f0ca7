"""The ``dkg_roles`` component: titles people hold, and for whom.

Titles are read where news writes them:

* before a name: "former US President Donald Trump", "Iran's Foreign Minister
  X", "State Department spokesman Ned Price", "Secretary of State X";
* in an apposition after the name: "Ned Price, the State Department
  spokesman,", "Y, a senior fellow at Z and former diplomat,";
* in an apposition before the name: "Pakistan's permanent representative to
  the United Nations, Munir Akram,";
* borrowed through "counterpart": "his Israeli counterpart Y" holds the title
  of the person "his" points to, for Israel.

Title words come from the role lexicon (``ingest/data/roles.json``); the
affiliation is the country, demonym or organization written with the title.
Results land in ``doc._.dkg_roles``.
"""

from __future__ import annotations

from dataclasses import dataclass

from spacy.language import Language
from spacy.tokens import Doc, Token

from ingest.actors import Mention
from ingest.lexicons import role_lexicon

__all__ = ["RoleMention", "RolesComponent"]

_POSSESSIVE_PRONOUNS = frozenset({"his", "her", "their"})
_ARTICLES = frozenset({"the", "a", "an"})
_LINK_PREPS = frozenset({"of", "to", "at", "for", "in", "with", "on"})
_ENDS = frozenset({",", ".", ";", ":", ")", "(", "\u2014", "\u2013", "-", '"', "\u201d", "\u201c", "'"})


@dataclass(slots=True)
class RoleMention:
    """A title found for a person mention (token offsets in the doc)."""

    person: str
    title: str
    affiliation: tuple[str, str] | None
    former: bool
    start: int
    end: int
    confidence: float


@dataclass(slots=True)
class _Phrase:
    words: list[str]
    affiliation: tuple[str, str] | None
    former: bool
    start: int
    end: int
    portfolio: list[str] | None = None  # "of Foreign Affairs and International Cooperation"


def _title_case(words: list[str]) -> str:
    out = []
    for n, w in enumerate(words):
        if n and w.lower() in ("of", "and", "the", "for"):
            out.append(w.lower())
            continue
        if w.isupper() and len(w) > 1 or "." in w:
            out.append(w[:1].upper() + w[1:])
        else:
            out.append("-".join(p[:1].upper() + p[1:].lower() for p in w.split("-")))
    return " ".join(out)


class RolesComponent:
    """spaCy component ``dkg_roles``; needs ``dkg_actors`` before it.

    nlp (Language): the pipeline.
    name (str): the component's name.
    max_title_words (int): longest title read. Default 7.
    """

    def __init__(self, nlp: Language, name: str, *, max_title_words: int = 7) -> None:
        self.name = name
        self.max_title_words = max_title_words
        self.lex = role_lexicon()
        self._of_heads = {h for h in self.lex.heads if " of " in h}
        if not Doc.has_extension("dkg_roles"):
            Doc.set_extension("dkg_roles", default=None)

    def __call__(self, doc: Doc) -> Doc:
        mentions: list[Mention] = doc._.dkg_mentions or []
        index: dict[int, Mention] = doc._.dkg_token_mention or {}
        roles: list[RoleMention] = []
        for m in mentions:
            if m.kind != "person":
                continue
            for found in (
                self._before(doc, m, index, roles),
                *self._after(doc, m, index),
                self._appos_before(doc, m, index),
            ):
                if found is not None and not any(
                    r.person == found.person and r.title == found.title for r in roles
                ):
                    roles.append(found)
        doc._.dkg_roles = roles
        return doc

    # ------------------------------------------------------------ phrases
    def _is_word(self, tok: Token) -> bool:
        low = tok.lower_
        return self.lex.is_title_word(low) or low in self.lex.counterpart_words

    def _valid(
        self, words: list[str], affiliation: object, capitalized: bool, portfolio: list[str] | None = None
    ) -> str | None:
        """The title these words make, or None: it must end with a head; vague heads need support."""
        kept = [w for w in words if w.lower() not in self.lex.former_markers and w.lower() not in _ARTICLES]
        while kept and kept[0].lower() in _LINK_PREPS | {"and", "or"}:
            kept.pop(0)  # "and Colonel", "of Deputy Prime Minister"
        if portfolio and kept and kept[-1].lower() in self.lex.head_last_words:
            return _title_case([*kept, "of", *portfolio])
        # "President of" (the country was taken as affiliation): drop a dangling preposition.
        while kept and kept[-1].lower() in _LINK_PREPS:
            kept.pop()
        if not kept:
            return None
        text = " ".join(kept).lower()
        if " of " in text and not any(text.endswith(h) for h in self._of_heads):
            kept = kept[: [w.lower() for w in kept].index("of")]  # "Director of X" keeps "Director"
            text = " ".join(kept).lower()
        if not kept or kept[-1].lower() not in self.lex.head_last_words:
            return None
        if kept[-1].lower() in self.lex.generic_heads and len(kept) == 1 and not (affiliation or capitalized):
            return None
        if len(kept) == 1 and kept[0].lower() not in self.lex.heads:
            return None  # "State" alone is no title
        return _title_case(kept)

    @staticmethod
    def _portfolio(doc: Doc, i: int, stop: int, index: dict[int, Mention]) -> tuple[list[str], int]:
        """Capitalized words after "of" that name a portfolio ("National Defence", "Information and Public
        Relations of the Armed Forces"); empty when a country or person follows ("President of France")."""
        out: list[str] = []
        j = i
        while j < stop and len(out) < 10:
            tok = doc[j]
            m = index.get(j)
            if m is not None and m.kind in ("country", "person", "place"):
                break
            if tok.text[:1].isupper() and tok.is_alpha:
                out.append(tok.text)
            elif (
                tok.lower_ in ("and", "the", "of", "for")
                and out
                and j + 1 < stop
                and doc[j + 1].text[:1].isupper()
            ):
                out.append(tok.lower_)
            else:
                break
            j += 1
        while out and out[-1].lower() in ("and", "the", "of", "for"):
            out.pop()
            j -= 1
        if out and out[0].lower() == "the":
            return [], i  # "head of the X": an organization, the affiliation
        return out, j

    def _parse_forward(self, doc: Doc, i: int, stop: int, index: dict[int, Mention]) -> _Phrase | None:
        """Read one title phrase from token ``i``: [the|a] [former] [Country's|ORG] title-words [of ORG]."""
        words: list[str] = []
        affiliation: tuple[str, str] | None = None
        former = False
        start = i
        while i < stop and len(words) <= self.max_title_words:
            tok = doc[i]
            low = tok.lower_
            other = index.get(i)
            if other is not None and other.kind in ("country", "organization"):
                if affiliation is None:
                    affiliation = (other.kind, other.key)
                i = other.end
                if i < stop and doc[i].text in ("'s", "\u2019s", "'"):
                    i += 1
                continue
            if other is not None and other.kind == "person":
                break
            if low in _ARTICLES and not words:
                i += 1
                continue
            if low == "of" and words and words[-1].lower() in self.lex.head_last_words:
                portfolio, j = self._portfolio(doc, i + 1, stop, index)
                if portfolio:
                    # "Minister of Fisheries and Aquatic Resources": an official title in Title Case
                    return _Phrase(words, affiliation, former, start, j, portfolio)
            if low in self.lex.former_markers:
                former = True
                i += 1
                continue
            if self._is_word(tok) or low == "of" and words and i + 1 < stop and self._is_word(doc[i + 1]):
                words.append(tok.text)
                i += 1
                continue
            if low in _LINK_PREPS and words:
                # "... of the military's media wing": an affiliation may follow; the title ends here.
                j = i + 1
                while j < stop and j < i + 4 and index.get(j) is None and doc[j].text not in _ENDS:
                    j += 1
                other = index.get(j) if j < stop else None
                if other is not None and other.kind in ("country", "organization") and affiliation is None:
                    affiliation = (other.kind, other.key)
                i = stop
                break
            break
        return _Phrase(words, affiliation, former, start, i) if words else None

    # ------------------------------------------------------------ before
    def _before(
        self, doc: Doc, m: Mention, index: dict[int, Mention], done: list[RoleMention]
    ) -> RoleMention | None:
        """Title words right before the name: walk back over them, then read forward."""
        i = m.start - 1
        start = m.start
        counterpart = False
        possessor: Token | None = None
        while i >= 0 and m.start - i <= self.max_title_words + 6:
            tok = doc[i]
            other = index.get(i)
            if other is not None and other.kind in ("country", "organization"):
                start = i = other.start
                i -= 1
                continue
            if tok.text in ("'s", "\u2019s") and i > 0 and index.get(i - 1) is not None:
                i -= 1
                continue
            low = tok.lower_
            if low in self.lex.counterpart_words:
                counterpart = True
            if self._is_word(tok) or low in self.lex.former_markers or low == "of" and start < m.start:
                start = i
                i -= 1
                continue
            if tok.text == "-" and start < m.start:
                i -= 1
                continue
            if low in _POSSESSIVE_PRONOUNS:
                possessor = tok
            break
        if start >= m.start:
            return None
        phrase = self._parse_forward(doc, start, m.start, index)
        if phrase is None:
            return None
        if counterpart:
            return self._counterpart(doc, m, phrase.affiliation, possessor, done)
        capitalized = doc[m.start - 1].text[:1].isupper()
        title = self._valid(phrase.words, phrase.affiliation, capitalized, phrase.portfolio)
        if title is None:
            return None
        return RoleMention(m.key, title, phrase.affiliation, phrase.former, start, m.start, 0.8)

    def _counterpart(
        self,
        doc: Doc,
        m: Mention,
        affiliation: tuple[str, str] | None,
        possessor: Token | None,
        done: list[RoleMention],
    ) -> RoleMention | None:
        """ "his Israeli counterpart Y": Y holds the title of the person "his" points to."""
        sent_start = doc[m.start].sent.start
        earlier = [r for r in done if r.end <= m.start and r.start >= sent_start]
        if not earlier and possessor is not None:
            earlier = [r for r in done if r.end <= m.start][-1:]
        if not earlier:
            return None
        ref = earlier[-1]
        return RoleMention(m.key, ref.title, affiliation, False, m.start, m.end, 0.65)

    # ------------------------------------------------------------ apposition after
    def _after(self, doc: Doc, m: Mention, index: dict[int, Mention]) -> list[RoleMention]:
        """ "Ned Price, the State Department spokesman," and "Y, a fellow at Z and former diplomat,"."""
        if m.end >= len(doc) or doc[m.end].text != ",":
            return []
        sent_end = doc[m.start].sent.end
        stop = min(sent_end, m.end + 1 + 3 * (self.max_title_words + 4))
        i = m.end + 1
        out: list[RoleMention] = []
        while i < stop:
            phrase = self._parse_forward(doc, i, stop, index)
            if phrase is None:
                break
            title = self._valid(phrase.words, phrase.affiliation, False, phrase.portfolio)
            if title is None:
                break
            out.append(
                RoleMention(m.key, title, phrase.affiliation, phrase.former, phrase.start, phrase.end, 0.75)
            )
            i = phrase.end
            # skip what the preposition introduced, up to "and" or the end of the apposition
            while i < stop and doc[i].lower_ != "and" and doc[i].text not in _ENDS:
                i += 1
            if i < stop and doc[i].lower_ == "and":
                i += 1
                continue
            break
        return out

    # ------------------------------------------------------------ apposition before
    def _appos_before(self, doc: Doc, m: Mention, index: dict[int, Mention]) -> RoleMention | None:
        """ "Pakistan's permanent representative to the United Nations, Munir Akram,"."""
        root = doc[m.end - 1]
        head = root.head
        if root.dep_ != "appos" or head.i >= m.start or head.lower_ not in self.lex.head_last_words:
            return None
        phrase = self._parse_forward(doc, head.left_edge.i, head.i + 1, index)
        if phrase is None:
            return None
        title = self._valid(phrase.words, phrase.affiliation, False, phrase.portfolio)
        if title is None:
            return None
        return RoleMention(m.key, title, phrase.affiliation, phrase.former, phrase.start, head.i + 1, 0.7)


@Language.factory(
    "dkg_roles",
    default_config={"max_title_words": 7},
    assigns=["doc._.dkg_roles"],
    requires=["doc._.dkg_mentions"],
)
def make_roles(nlp: Language, name: str, max_title_words: int) -> RolesComponent:
    return RolesComponent(nlp, name, max_title_words=max_title_words)
