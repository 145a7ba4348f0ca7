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
#: Small words of long official titles ("High Representative for Foreign Affairs and Security Policy"):
#: part of a title only inside one, never on their own ("senior fellow and former diplomat" is two titles).
_CONNECTORS = frozenset({"and", "for", "of", "the", "&"})
_POSSESSIVE = frozenset({"'s", "\u2019s", "'"})
#: Confidence of a title borrowed through "counterpart": its affiliation is the first name's only.
_BORROWED = 0.65


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
    listed: bool = (
        False  # the title was written in the plural, for a list of names ("Foreign ministers X and Y")
    )


@dataclass(slots=True)
class _Phrase:
    words: list[str]
    affiliation: tuple[str, str] | None
    former: bool
    start: int
    end: int
    portfolio: list[str] | None = None  # "of Foreign Affairs and International Cooperation"


def _title_case(words: list[str], abbreviations: dict[str, str] | None = None) -> str:
    out = []
    for n, w in enumerate(words):
        full = (abbreviations or {}).get(w.lower())
        if full is not None:
            w = full  # "Gen." -> "General", as analysts write it
        if n and w.lower() in ("of", "and", "the", "for"):
            out.append(w.lower())
            continue
        if w.isupper() and len(w) > 1 or "." in w:
            out.append(w[:1].upper() + w[1:])
        else:
            out.append("-".join(p[:1].upper() + p[1:].lower() for p in w.split("-")))
    return " ".join(out)


#: Words that do not tell two titles apart ("Minister of Foreign Affairs" is the "Foreign Minister").
_TITLE_FILLER = frozenset({"of", "the", "for", "and", "affairs"})


def _title_words(title: str) -> frozenset[str]:
    return frozenset(w for w in title.lower().split() if w not in _TITLE_FILLER)


def _title_head(title: str) -> str:
    """The noun a title is about: "minister" in "Minister of Foreign Affairs" and in "Foreign Minister"."""
    words = title.lower().split()
    for cut in ("of", "for"):
        if cut in words:
            words = words[: words.index(cut)]
    return words[-1] if words else ""


def _without_repeats(roles: list[RoleMention]) -> list[RoleMention]:
    """One title per post and person: "Minister" and "Foreign Minister of X" after "Minister of Foreign
    Affairs" (read from other mentions of the same person) add nothing. A rank and a post stay apart
    ("General" beside "Chief of General Staff": different heads)."""
    out: list[RoleMention] = []
    for r in roles:
        words, head = _title_words(r.title), _title_head(r.title)
        if any(
            o.person == r.person
            and o.former == r.former
            and _title_head(o.title) == head
            and (words < _title_words(o.title) or words == _title_words(o.title) and o in out)
            for o in roles
            if o is not r
        ):
            continue
        out.append(r)
    return out


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
        # Nouns a title ends with that are no complement of another title ("minister", not "affairs" or
        # "staff"): where an apposition before a name is looked for.
        self._head_nouns = (
            frozenset(h.split()[-1] for h in self.lex.heads if " of " not in h and " for " not in h)
            | frozenset(self.lex.plurals)
        ) - {"state", "general", "major"}
        if not Doc.has_extension("dkg_roles"):
            Doc.set_extension("dkg_roles", default=None)

    def __call__(self, doc: Doc) -> Doc:
        mentions: list[Mention] = doc._.dkg_mentions or []
        index: dict[int, Mention] = doc._.dkg_token_mention or {}
        roles: list[RoleMention] = []

        def add(found: RoleMention) -> None:
            if not any(r.person == found.person and r.title == found.title for r in roles):
                roles.append(found)

        for m in mentions:
            if m.kind != "person":
                continue
            before = self._before(doc, m, index, roles)
            line = self._title_line_before(doc, m, index)
            for found in (
                *([before] if before else []),
                *self._appos_before(doc, m, index),
                *([line] if line else []),
            ):
                if found.affiliation is None:
                    found.affiliation = self._affiliation_after(doc, m.end, index)[0]
                add(found)
                if found.listed:
                    for other in self._listed(doc, m, found, index):
                        add(other)
            for found in self._after(doc, m, index):
                add(found)
            staff = self._outlet_staff(doc, m, index)
            if staff is not None and not any(r.person == m.key for r in roles):
                add(staff)
        doc._.dkg_roles = _without_repeats(roles)
        return doc

    def _outlet_staff(self, doc: Doc, m: Mention, index: dict[int, Mention]) -> RoleMention | None:
        """ "Jonas Berg of Reuters": the person works for the news outlet named right after "of"."""
        i = m.end
        if i >= len(doc) or doc[i].lower_ != "of":
            return None
        i += 1
        if i < len(doc) and doc[i].lower_ == "the":
            i += 1
        outlet = index.get(i)
        if outlet is None or outlet.kind != "organization" or outlet.start != i:
            return None
        entity = (doc._.dkg_entities or {}).get(("organization", outlet.key))
        if entity is None or not entity.is_media:
            return None
        title = self.lex.outlet_staff_title
        return RoleMention(m.key, title, ("organization", outlet.key), False, m.start, outlet.end, 0.7)

    # ------------------------------------------------------------ phrases
    def _is_word(self, tok: Token) -> bool:
        low = tok.lower_
        if low in _CONNECTORS:
            return False
        return self.lex.is_title_word(low) or low in self.lex.counterpart_words or low in self.lex.plurals

    def _abbreviated(self, doc: Doc, i: int) -> bool:
        """An abbreviated title word cut from its full stop: "Lt" + "."."""
        return (
            i + 1 < len(doc)
            and doc[i + 1].text == "."
            and not doc[i].whitespace_
            and self.lex.is_title_word(doc[i].lower_ + ".")
        )

    def _singular(self, word: str) -> str:
        return self.lex.plurals.get(word.lower(), word)

    def _valid(
        self,
        words: list[str],
        affiliation: object,
        capitalized: bool,
        portfolio: list[str] | None = None,
        former: bool = False,
    ) -> str | None:
        """The title these words make, or None: it must end with a head; vague heads need support (a
        country or organization, capitals, or "former": "a former diplomat")."""
        kept = [w for w in words if w.lower() not in self.lex.former_markers and w.lower() not in _ARTICLES]
        while kept and kept[0].lower() in _LINK_PREPS | {"and", "or"}:
            kept.pop(0)  # "and Colonel", "of Deputy Prime Minister"
        if kept:
            kept[-1] = self._singular(kept[-1])  # "foreign ministers X and Y": each is a Foreign Minister
        if portfolio and kept and kept[-1].lower() in self.lex.head_last_words:
            return _title_case(self._kept_form([*kept, "of", *portfolio]), self.lex.abbreviations)
        # "President of" (the country was taken as affiliation): drop a dangling preposition.
        while kept and kept[-1].lower() in _LINK_PREPS | {"and"}:
            kept.pop()
        if not kept:
            return None
        text = " ".join(kept).lower()
        if " of " in text and not any(text.endswith(h) for h in self._of_heads):
            kept = kept[: [w.lower() for w in kept].index("of")]  # "Director of X" keeps "Director"
            text = " ".join(kept).lower()
        if kept and kept[-1].lower() not in self.lex.head_last_words and "for" in [w.lower() for w in kept]:
            kept = kept[: [w.lower() for w in kept].index("for")]  # "coordinator for arms control"
        if not kept or kept[-1].lower() not in self.lex.head_last_words:
            return None
        if (
            kept[-1].lower() in self.lex.generic_heads
            and len(kept) == 1
            and not (affiliation or capitalized or former)
        ):
            return None
        if len(kept) == 1 and kept[0].lower() not in self.lex.heads:
            return None  # "State" alone is no title
        # A lone abbreviated rank is written out ("Gen." -> "General"); "Lt. Gen." stays as written.
        return _title_case(self._kept_form(kept), self.lex.abbreviations if len(kept) == 1 else None)

    def _kept_form(self, words: list[str]) -> list[str]:
        """The words with each written variant the lexicon lists in its kept form ("advisor" -> "adviser")."""
        out = list(words)
        for written, kept_form in sorted(self.lex.variants.items(), key=lambda kv: -len(kv[0].split())):
            pattern = written.split()
            n = len(pattern)
            i = 0
            while i + n <= len(out):
                if [w.lower() for w in out[i : i + n]] == pattern:
                    out[i : i + n] = kept_form.split()
                    i += len(kept_form.split())
                else:
                    i += 1
        return out

    def _is_plural(self, words: list[str]) -> bool:
        return bool(words) and words[-1].lower() in self.lex.plurals

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

    def _modifiers_to_head(self, doc: Doc, i: int, stop: int, index: dict[int, Mention]) -> int:
        """In an apposition, words outside the lexicon before a title's head ("a maritime security
        researcher", "a Sabah assemblyman"): the index of the head they lead to, or -1."""
        j = i
        while j < stop and j < i + 4:
            tok = doc[j]
            other = index.get(j)
            if tok.lower_ in self._head_nouns and other is None:
                return j if j > i else -1
            if other is not None and other.kind == "place":
                j = other.end
                continue
            if tok.text in _POSSESSIVE and j > i:
                j += 1  # "the agency's spokeswoman"
                continue
            if other is not None or not (tok.is_alpha and tok.text.islower() and tok.pos_ in ("ADJ", "NOUN")):
                return -1
            j += 1
        return -1

    def _parse_forward(
        self, doc: Doc, i: int, stop: int, index: dict[int, Mention], *, loose: bool = False
    ) -> _Phrase | None:
        """Read one title phrase from token ``i``: [the|a] [former] [Country's|ORG] title-words [of ORG].

        loose: also take lowercase words outside the lexicon that lead to a title's head (appositions).
        """
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
                if i < stop and doc[i].text in _POSSESSIVE:
                    i += 1
                continue
            if other is not None and other.kind == "person":
                break
            if tok.text in _POSSESSIVE and words:
                words = []  # "the prime minister's adviser": the title is the adviser's
                i += 1
                continue
            if (low in _ARTICLES or tok.like_num) and not words:
                i += 1  # "the two foreign ministers"
                continue
            if low == "and" and not words and affiliation is not None:
                i += 1  # "her Finnish and Latvian counterparts"
                continue
            if low == "of" and words and self._singular(words[-1]).lower() in self.lex.head_last_words:
                portfolio, j = self._portfolio(doc, i + 1, stop, index)
                if portfolio:
                    # "Minister of Fisheries and Aquatic Resources": an official title in Title Case
                    return _Phrase(words, affiliation, former, start, j, portfolio)
            if low in self.lex.former_markers:
                former = True
                i += 1
                if i < stop and doc[i].text == "-":
                    i += 1  # "Ex-President"
                continue
            if (
                tok.text == "-"
                and words
                and i + 1 < stop
                and self._is_word(doc[i + 1])
                and not tok.whitespace_
            ):
                words[-1] = f"{words[-1]}-{doc[i + 1].text}"  # "Secretary-General"
                i += 2
                continue
            if i + 1 < stop and self._abbreviated(doc, i):
                words.append(tok.text + ".")  # "Lt" + "."
                i += 2
                continue
            if self._is_word(tok) or self._joins_title(doc, i, stop, words):
                words.append(tok.text)
                i += 1
                continue
            if loose and not words or loose and words and tok.text.islower():
                head = self._modifiers_to_head(doc, i, stop, index)
                if head > i:
                    words += [t.text for t in doc[i:head] if t.is_alpha and index.get(t.i) is None]
                    i = head
                    continue
            if low in _LINK_PREPS and words:
                # "... of the military's media wing": an affiliation may follow; the title ends here.
                j = i + 1
                while j < stop and j < i + 4 and index.get(j) is None and doc[j].text not in _ENDS:
                    j += 1
                other = index.get(j) if j < stop else None
                if other is not None and other.kind in ("country", "organization") and affiliation is None:
                    affiliation = (other.kind, other.key)
                break
            break
        return _Phrase(words, affiliation, former, start, i) if words else None

    def _joins_title(self, doc: Doc, i: int, stop: int, words: list[str]) -> bool:
        """ "of", "for" or "and" inside a title: "Minister of State", "Secretary for Foreign Affairs",
        "Minister of Defence and Veterans Affairs" (Title Case on both sides)."""
        low = doc[i].lower_
        if not words or i + 1 >= stop or not self._is_word(doc[i + 1]):
            return False
        if low == "of":
            return True
        if low == "for":
            return self._singular(words[-1]).lower() in self.lex.head_last_words
        return low == "and" and words[-1][:1].isupper() and doc[i + 1].text[:1].isupper()

    # ------------------------------------------------------------ forms of address
    def _address_before(self, doc: Doc, i: int) -> int:
        """Token ``i`` moved back over forms of address that end there ("Dr.", "Ms.", "Datuk Seri")."""
        while i >= 0:
            if doc[i].text in (".", "'", "\u2019"):
                i -= 1
                continue
            for n in (3, 2, 1):
                if i - n + 1 < 0:
                    continue
                words = [
                    t.lower_.rstrip(".").rstrip("'\u2019")
                    for t in doc[i - n + 1 : i + 1]
                    if t.is_alpha or "." in t.text
                ]
                if (
                    len(words) == n
                    and " ".join(words) in self.lex.honorifics
                    and not (n == 1 and self.lex.is_title_word(doc[i].lower_))  # "Canciller", "Gen."
                ):
                    i -= n
                    break
            else:
                return i
        return i

    def _affiliation_after(
        self, doc: Doc, i: int, index: dict[int, Mention]
    ) -> tuple[tuple[str, str] | None, int]:
        """ "X of Bulgaria": the country or organization right after a name, and where it ends."""
        if i + 1 >= len(doc) or doc[i].lower_ != "of":
            return None, i
        j = i + 1
        if doc[j].lower_ == "the" and j + 1 < len(doc):
            j += 1
        other = index.get(j)
        if other is None or other.kind not in ("country", "organization") or other.start != j:
            return None, i
        return (other.kind, other.key), other.end

    # ------------------------------------------------------------ before
    def _before(
        self, doc: Doc, m: Mention, index: dict[int, Mention], done: list[RoleMention]
    ) -> RoleMention | None:
        """Title words right before the name: walk back over them, then read forward."""
        i = self._address_before(doc, m.start - 1)
        if i >= 1 and doc[i].text == "," and doc[i - 1].lower_ in self.lex.counterpart_words:
            i -= 1  # "her Ethiopian counterpart, Dawit Alemu"
        stop = i + 1
        start = stop
        counterpart = False
        possessor: Token | None = None
        while i >= 0 and stop - i <= self.max_title_words + 6:
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
            if self._is_word(tok) or low in self.lex.former_markers or low in ("of", "the") and start < stop:
                start = i
                i -= 1
                continue
            if low == "and" and start < stop and i > 0 and index.get(i - 1) is not None:
                i -= 1  # "her Finnish and Latvian counterparts"
                continue
            if tok.text == "-" and start < stop:
                i -= 1
                continue
            if tok.text == "." and i > 0 and self._abbreviated(doc, i - 1):
                start = i - 1  # "Lt" + "." + "Gen."
                i -= 2
                continue
            if low in _POSSESSIVE_PRONOUNS:
                possessor = tok
            break
        while start < stop and doc[start].lower_ in _CONNECTORS:
            start += 1  # "the office of" + "Deputy Prime Minister X"
        if start >= stop:
            return None
        phrase = self._parse_forward(doc, start, stop, index)
        if phrase is None:
            return None
        if counterpart:
            return self._counterpart(doc, m, phrase, possessor, done)
        capitalized = doc[stop - 1].text[:1].isupper()
        title = self._valid(phrase.words, phrase.affiliation, capitalized, phrase.portfolio)
        if title is None:
            return None
        listed = self._is_plural(phrase.words)
        return RoleMention(m.key, title, phrase.affiliation, phrase.former, start, m.start, 0.8, listed)

    def _counterpart(
        self,
        doc: Doc,
        m: Mention,
        phrase: _Phrase,
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
        listed = any(w.lower() in self.lex.plurals for w in phrase.words)
        return RoleMention(m.key, ref.title, phrase.affiliation, False, m.start, m.end, _BORROWED, listed)

    def _listed(
        self, doc: Doc, m: Mention, role: RoleMention, index: dict[int, Mention]
    ) -> list[RoleMention]:
        """The names listed after the first under a plural title: "Foreign ministers X of Bulgaria and Y
        of North Macedonia", "her Finnish and Latvian counterparts, X and Y"."""
        out: list[RoleMention] = []
        _, k = self._affiliation_after(doc, m.end, index)
        while k < len(doc):
            sep = False
            if doc[k].text == ",":
                k, sep = k + 1, True
            if k < len(doc) and doc[k].lower_ == "and":
                k, sep = k + 1, True
            while k < len(doc) and (doc[k].lower_.rstrip(".") in self.lex.honorifics or doc[k].text == "."):
                k += 1
            other = index.get(k)
            if not sep or other is None or other.kind != "person" or other.start != k or other.key == m.key:
                break
            affiliation, k = self._affiliation_after(doc, other.end, index)
            if affiliation is None and role.confidence != _BORROWED:
                affiliation = role.affiliation  # "EU foreign ministers X and Y"
            out.append(
                RoleMention(
                    other.key, role.title, affiliation, role.former, role.start, other.start, 0.6, True
                )
            )
            k = max(k, other.end)
        return out

    # ------------------------------------------------------------ apposition after
    def _after(self, doc: Doc, m: Mention, index: dict[int, Mention]) -> list[RoleMention]:
        """ "Ned Price, the State Department spokesman," and "Y, a fellow at Z and former diplomat,"."""
        if m.end + 1 >= len(doc) or doc[m.end].text != ",":
            return []
        first = doc[m.end + 1]
        other = index.get(m.end + 1)
        if not (
            first.lower_ in _ARTICLES
            or first.lower_ in self.lex.former_markers
            or self._is_word(first)
            or other is not None
            and other.kind in ("country", "organization", "place")
            or first.pos_ in ("ADJ", "NOUN")
        ):
            return []  # "X, who ...", "X, 45, ...": no apposition of a title
        sent_end = doc[m.start].sent.end
        stop = min(sent_end, m.end + 1 + 3 * (self.max_title_words + 4))
        i = m.end + 1
        out: list[RoleMention] = []
        while i < stop:
            phrase = self._parse_forward(doc, i, stop, index, loose=True)
            title = None
            if phrase is not None:
                # "head of the ministry's special tasks department": the complement supports a vague head
                supported = phrase.end < stop and doc[phrase.end].lower_ in _LINK_PREPS
                title = self._valid(
                    phrase.words, phrase.affiliation, supported, phrase.portfolio, phrase.former
                )
            if phrase is not None and title is not None:
                out.append(
                    RoleMention(
                        m.key, title, phrase.affiliation, phrase.former, phrase.start, phrase.end, 0.75
                    )
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
    def _appos_before(self, doc: Doc, m: Mention, index: dict[int, Mention]) -> list[RoleMention]:
        """ "Pakistan's permanent representative to the United Nations, Munir Akram,"; "The Minister of
        State, Minister of Defence, Colonel X," (a rank before the name is its own title)."""
        i = self._address_before(doc, m.start - 1)
        while i >= 0 and doc[i].text[:1].isupper() and self._is_word(doc[i]) and index.get(i) is None:
            i -= 1  # ", Colonel X", ", Ambassador X"
        if i < 1 or doc[i].text != "," or m.end < len(doc) and doc[m.end].text in _POSSESSIVE:
            return []
        sent_start = doc[m.start].sent.start
        out: list[RoleMention] = []
        comma = i
        while len(out) < 3:
            phrase = self._title_ending_at(doc, comma, sent_start, index)
            if phrase is None:
                break
            # A complement ("the leader of the X movement, Y") supports even a vague head.
            supported = phrase.end < comma
            title = self._valid(phrase.words, phrase.affiliation, supported, phrase.portfolio, phrase.former)
            if title is None:
                break
            listed = self._is_plural(phrase.words)
            out.append(
                RoleMention(
                    m.key, title, phrase.affiliation, phrase.former, phrase.start, m.start, 0.7, listed
                )
            )
            comma = phrase.start - 1
            if comma <= sent_start or doc[comma].text != ",":
                break
        return out

    def _title_line_before(self, doc: Doc, m: Mention, index: dict[int, Mention]) -> RoleMention | None:
        """A title on the line above the name, as statements are signed ("The Director of Information
        and Public Relations" / "Colonel X")."""
        i = self._address_before(doc, m.start - 1)
        while i >= 0 and doc[i].text[:1].isupper() and self._is_word(doc[i]) and index.get(i) is None:
            i -= 1  # the rank on the name's line
        if i < 1 or "\n" not in doc[i].text:
            return None
        start = i - 1
        while start > 0 and "\n" not in doc[start - 1].text and i - start < 20:
            start -= 1
        phrase = self._parse_forward(doc, start, i, index)
        if phrase is None:
            return None
        title = self._valid(phrase.words, phrase.affiliation, True, phrase.portfolio, phrase.former)
        if title is None:
            return None
        return RoleMention(m.key, title, phrase.affiliation, phrase.former, start, m.start, 0.65)

    def _title_ending_at(
        self, doc: Doc, comma: int, sent_start: int, index: dict[int, Mention]
    ) -> _Phrase | None:
        """The title phrase that ends at a comma: its head is the last title noun before it, followed by
        the comma or by a complement ("representative to the United Nations", "chief of general staff")."""
        head = -1
        for k in range(comma - 1, max(sent_start, comma - 14) - 1, -1):
            tok = doc[k]
            if tok.pos_ in ("VERB", "AUX") or tok.text in _ENDS and tok.text not in ("(", ")", "-"):
                return None
            if (
                tok.lower_ in self._head_nouns
                and index.get(k) is None
                and (k == comma - 1 or doc[k + 1].lower_ in _LINK_PREPS)
            ):
                head = k
                break
        if head < 0:
            return None
        left = head
        j = head - 1
        while j >= sent_start:
            tok = doc[j]
            other = index.get(j)
            if other is not None and other.kind in ("country", "organization"):
                left = j = other.start
                j -= 1
                continue
            if tok.text in _POSSESSIVE and index.get(j - 1) is not None and index[j - 1].kind != "person":
                j -= 1
                continue
            if tok.lower_ in _ARTICLES:
                left = j
                break
            if self._is_word(tok) or tok.lower_ in self.lex.former_markers or tok.like_num or tok.text == "-":
                left = j
                j -= 1
                continue
            break
        phrase = self._parse_forward(doc, left, comma, index, loose=True)
        if phrase is None or phrase.end <= head:
            return None
        return phrase


@Language.factory(
    "dkg_roles",
    default_config={"max_title_words": 7},
    assigns=["doc._.dkg_roles"],
    requires=["doc._.dkg_mentions"],
)
def make_roles(nlp: Language, name: str, max_title_words: int) -> RolesComponent:
    return RolesComponent(nlp, name, max_title_words=max_title_words)
