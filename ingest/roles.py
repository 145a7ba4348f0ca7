"""The ``dkg_roles`` component: titles people hold, and for whom.

Reads titles written before a name ("former US President Donald Trump",
"Iran's Foreign Minister X", "State Department spokesman Ned Price"), in an
apposition ("Ned Price, the State Department spokesman,"), and borrowed
through "counterpart" ("his Israeli counterpart Y" holds the title of the
person "his" refers to, for Israel). The title words come from the role
lexicon (data); the affiliation is the country, demonym or organization
written with the title. Results land in ``doc._.dkg_roles``.
"""

from __future__ import annotations

from dataclasses import dataclass

from spacy.language import Language
from spacy.tokens import Doc, Token

from ingest.actors import Mention
from ingest.lexicons import role_lexicon

__all__ = ["RoleMention", "RolesComponent"]

_POSSESSIVE_PRONOUNS = frozenset({"his", "her", "their"})


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


def _title_case(words: list[str]) -> str:
    out = []
    for w in words:
        if w.isupper() and len(w) > 1:
            out.append(w)
        else:
            out.append("-".join(p[:1].upper() + p[1:].lower() for p in w.split("-")))
    return " ".join(out)


class RolesComponent:
    """spaCy component ``dkg_roles``; needs ``dkg_actors`` before it.

    nlp (Language): the pipeline.
    name (str): the component's name.
    max_title_words (int): longest title read before a name. Default 6.
    """

    def __init__(self, nlp: Language, name: str, *, max_title_words: int = 6) -> None:
        self.name = name
        self.max_title_words = max_title_words
        self.lex = role_lexicon()
        if not Doc.has_extension("dkg_roles"):
            Doc.set_extension("dkg_roles", default=None)

    def __call__(self, doc: Doc) -> Doc:
        mentions: list[Mention] = doc._.dkg_mentions or []
        index: dict[int, Mention] = doc._.dkg_token_mention or {}
        roles: list[RoleMention] = []
        for m in mentions:
            if m.kind != "person":
                continue
            found = self._before(doc, m, index, roles) or self._apposition(doc, m, index)
            if found is not None:
                roles.append(found)
        doc._.dkg_roles = roles
        return doc

    # ------------------------------------------------------------ pre-title
    def _before(
        self, doc: Doc, m: Mention, index: dict[int, Mention], done: list[RoleMention]
    ) -> RoleMention | None:
        """Title words right before the name, with an affiliation and "former" among them."""
        i = m.start - 1
        words: list[Token] = []
        affiliation: tuple[str, str] | None = None
        former = False
        counterpart = False
        possessor: Token | None = None
        while i >= 0 and m.start - i <= self.max_title_words + 4:
            tok = doc[i]
            other = index.get(i)
            low = tok.lower_
            if other is not None and other.kind in ("country", "organization") and other is not m:
                if affiliation is None:
                    affiliation = (other.kind, other.key)
                i = other.start - 1
                continue
            if tok.text in ("'s", "\u2019s") and i > 0 and index.get(i - 1) is not None:
                i -= 1
                continue
            if low in self.lex.counterpart_words:
                counterpart = True
                words.insert(0, tok)
                i -= 1
                continue
            if low in self.lex.former_markers and tok.pos_ in ("ADJ", "ADV", "NOUN", "PROPN", "X"):
                former = True
                i -= 1
                continue
            if self.lex.is_title_word(low) and tok.pos_ in ("PROPN", "NOUN", "ADJ", "VERB", "X"):
                words.insert(0, tok)
                i -= 1
                continue
            if tok.text == "-" and words:
                i -= 1
                continue
            if low in _POSSESSIVE_PRONOUNS:
                possessor = tok
            break
        if not words:
            return None
        last = words[-1].lower_
        if counterpart:
            return self._counterpart(doc, m, affiliation, possessor, done)
        if (
            last not in self.lex.head_last_words
            or words[-1].i != m.start - 1
            and last in self.lex.generic_heads
        ):
            return None
        if last in self.lex.generic_heads and len(words) == 1:
            return None
        # Only the longest run of title words that ends on a head counts.
        title_words = [w.text for w in words]
        title = self._normalize_title(title_words)
        if not title:
            return None
        return RoleMention(m.key, title, affiliation, former, words[0].i, m.start, 0.8)

    def _normalize_title(self, words: list[str]) -> str:
        kept = [w for w in words if w.lower() not in self.lex.former_markers]
        while kept and kept[0].lower() in ("the", "a", "an"):
            kept.pop(0)
        if not kept:
            return ""
        return _title_case(kept)

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

    # ------------------------------------------------------------ apposition
    def _apposition(self, doc: Doc, m: Mention, index: dict[int, Mention]) -> RoleMention | None:
        """ "Ned Price, the State Department spokesman, said" / "Y, Iran's foreign minister"."""
        if m.end >= len(doc) or doc[m.end].text != ",":
            return None
        j = m.end + 1
        words: list[str] = []
        affiliation: tuple[str, str] | None = None
        former = False
        while j < len(doc) and j - m.end <= self.max_title_words + 5:
            tok = doc[j]
            low = tok.lower_
            other = index.get(j)
            if other is not None and other.kind in ("country", "organization"):
                if affiliation is None:
                    affiliation = (other.kind, other.key)
                j = other.end
                continue
            if low in ("the", "a", "an", "'s", "\u2019s") and not words:
                j += 1
                continue
            if low in self.lex.former_markers:
                former = True
                j += 1
                continue
            if self.lex.is_title_word(low):
                words.append(tok.text)
                j += 1
                continue
            if low in ("of", "for", "to") and words and j + 1 < len(doc) and index.get(j + 1) is not None:
                other = index[j + 1]
                if other.kind in ("country", "organization") and affiliation is None:
                    affiliation = (other.kind, other.key)
                j = other.end
                break
            break
        if not words or words[-1].lower() not in self.lex.head_last_words:
            return None
        if words[-1].lower() in self.lex.generic_heads and len(words) == 1:
            return None
        if j < len(doc) and doc[j].text not in (",", ".", ";", ")", "\u2014", "-", "said", "says", "told"):
            return None
        title = self._normalize_title(words)
        return RoleMention(m.key, title, affiliation, former, m.end + 1, j, 0.75) if title else None


@Language.factory(
    "dkg_roles",
    default_config={"max_title_words": 6},
    assigns=["doc._.dkg_roles"],
    requires=["doc._.dkg_mentions"],
)
def make_roles(nlp: Language, name: str, max_title_words: int) -> RolesComponent:
    return RolesComponent(nlp, name, max_title_words=max_title_words)
