"""Clean scraped article text before NER, with a map back to the original.

Scraping leaves page furniture in an article body: the headline repeated as a
photo caption ("Iranian missile display in TehranReuters"), photo credits,
datelines ("TEHRAN (Reuters) -"), bylines, "Read more" links, and words glued
where two HTML blocks met ("said.The"). :func:`clean` removes those pieces
and splits glued words, and returns a :class:`CleanText`: the text the spaCy
model reads plus a map from every offset of it back to the original text, so
that records keep pointing into ``Document.text``.

What counts as boilerplate is data, not code: outlet and agency names in
``ingest/data/outlets.json``, line patterns in ``ingest/data/boilerplate.json``.

Rules, in order:

1. Normalize: zero-width characters, soft hyphens and the ``\\r`` of ``\\r\\n``
   are removed; non-breaking spaces become spaces and lone ``\\r``, U+2028,
   U+2029 and U+0085 become ``\\n`` (one character for one, so offsets hold).
   Quotes are left as written.
2. Whole lines are removed (with their line break) when they repeat the title
   (a headline opening the text stays: it is content),
   optionally glued to a credit, are a photo caption ending with a credit, a
   credit alone, a byline, or navigation ("Read more", "Advertisement").
   Lines longer than ``max_line_length`` (500) are never removed. Blank lines
   left at either end of the text by a removal, or doubled by one, go too.
3. A dateline opening one of the first body lines is removed, and its place
   kept in :attr:`CleanText.dateline`.
4. A space is inserted where scraping glued words: after sentence punctuation
   followed by a capitalized word ("said.The"), before a known outlet glued to
   a lowercase letter ("TehranReuters"), and before a sentence-opening word
   glued to a word of four letters or more ("photosThe"). CamelCase names
   (McDonald, DeSantis, iPhone, YouTube, DeepSeek) are left alone.

No other character of a kept line changes.
"""

from __future__ import annotations

import json
import re
from bisect import bisect_right
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from ingest.errors import IngestError

__all__ = ["CleanText", "clean"]

_DATA = Path(__file__).parent / "data"


@dataclass(frozen=True, slots=True)
class CleanText:
    """An article's text as the NLP model reads it, and the way back to the original.

    text: the cleaned text.
    original: the text as given to :func:`clean` (``Document.text``).
    removed: ``(start, end, reason)`` of every piece of ``original`` left out,
        in original offsets, sorted; reason is "title", "caption:<pattern>",
        "byline:<pattern>", "navigation:<pattern>", "dateline", "blank",
        "invisible" (zero-width characters, soft hyphens) or "cr". For debugging.
    inserted: ``(offset, reason)`` of every space inserted between glued words;
        offset is the original offset of the character the space precedes,
        reason "split:sentence", "split:outlet" or "split:word".
    dateline: the place of a dateline removed from the start of the body as
        written ("TEHRAN", "KYIV, Ukraine", "ISLAMABAD/PENTAGON"), else None.

    Build it with :func:`clean`; ``CleanText(text, text)`` is the identity.
    """

    text: str
    original: str
    removed: tuple[tuple[int, int, str], ...] = ()
    inserted: tuple[tuple[int, str], ...] = ()
    dateline: str | None = None
    _starts: tuple[int, ...] = field(default=(), repr=False, compare=False)
    _origins: tuple[int, ...] = field(default=(), repr=False, compare=False)
    _added: frozenset[int] = field(default=frozenset(), repr=False, compare=False)
    _end: int = field(default=0, repr=False, compare=False)

    def __post_init__(self) -> None:
        if self._starts or not self.text:
            return
        if self.text != self.original:
            raise ValueError(
                "CleanText needs an offset map when text differs from original; build it with clean()"
            )
        object.__setattr__(self, "_starts", (0,))
        object.__setattr__(self, "_origins", (0,))
        object.__setattr__(self, "_end", len(self.original))

    def to_original(self, offset: int) -> int:
        """The offset in ``original`` of the character at ``offset`` in ``text``.

        ``len(text)`` maps to the end of the last kept character, so an end
        offset maps too. An inserted space maps to the character it precedes.

        :raises IndexError: when ``offset`` is outside ``0..len(text)``.

        >>> ct = clean("TEHRAN (Reuters) - Talks resumed.")
        >>> ct.text, ct.to_original(0), ct.dateline
        ('Talks resumed.', 19, 'TEHRAN')
        """
        size = len(self.text)
        if not 0 <= offset <= size:
            raise IndexError(
                f"offset {offset} is outside the cleaned text (0..{size}); pass offsets into CleanText.text, "
                "not into the original"
            )
        if offset == size:
            return self._end
        k = bisect_right(self._starts, offset) - 1
        return self._origins[k] + offset - self._starts[k]

    def span_to_original(self, start: int, end: int) -> tuple[int, int]:
        """``(start, end)`` in ``original`` of the span ``text[start:end]``.

        The span is tight: it neither grows over removed text nor ends with an
        inserted space's neighbour.

        :raises IndexError: when an offset is outside ``0..len(text)``.
        :raises ValueError: when ``start > end``.

        >>> ct = clean("Talks ended.The envoy left.")
        >>> ct.text
        'Talks ended. The envoy left.'
        >>> ct.span_to_original(13, 16)
        (12, 15)
        """
        if start > end:
            raise ValueError(
                f"span start {start} is after its end {end}; pass (start, end) with start <= end"
            )
        begin = self.to_original(start)
        if start == end:
            return begin, begin
        self.to_original(end)
        last = end - 1
        stop = self.to_original(last)
        return begin, stop if last in self._added else stop + 1


def clean(text: str, *, title: str | None = None) -> CleanText:
    """Remove captions, credits, datelines, bylines and links; split glued words.

    text (str): the article body as scraped.
    title (str | None): the headline, when known; lines repeating it (alone or
        glued to a photo credit) are removed. Default None.

    Returns a :class:`CleanText` whose ``text`` is unchanged when nothing was found.

    >>> ct = clean("Talks in Vienna\\nTalks in ViennaReuters\\n\\nThe envoys met.", title="Talks in Vienna")
    >>> ct.text
    'Talks in Vienna\\n\\nThe envoys met.'
    >>> [reason for _, _, reason in ct.removed]
    ['caption:title_credit']
    """
    rules = _rules()
    work, map1, removed1 = _normalize(text)
    cuts, dateline = _cut_lines(work, title, rules)
    splits = _find_glue(work, cuts, rules)
    return _build(text, work, map1, removed1, cuts, splits, dateline)


# --------------------------------------------------------------------- rules


@dataclass(frozen=True, slots=True)
class _Check:
    """One boilerplate pattern, tried only when the lowercased text holds one of ``requires``."""

    reason: str
    pattern: re.Pattern[str]
    requires: tuple[str, ...]
    outlet_end: bool  # tried when the line ends with an outlet name


@dataclass(frozen=True, slots=True)
class _Rules:
    max_line: int
    line_re: re.Pattern[str]  # the line patterns without 'requires', as one alternation
    line_reasons: dict[str, str]  # its group names -> reasons
    lines: tuple[_Check, ...]  # the line patterns with 'requires'
    tails: tuple[_Check, ...]
    outlet_ends: dict[str, tuple[str, ...]]  # last character -> outlet names ending with it
    datelines: tuple[re.Pattern[str], ...]
    dateline_lines: int
    not_places: frozenset[str]
    outlet_glue: re.Pattern[str]
    starters: re.Pattern[str]
    min_left: int
    min_outlet_left: int
    name_prefixes: frozenset[str]
    left_reach: int  # letters to look back: enough to tell a name prefix and the minimum lengths


_PLACEHOLDER = re.compile(r"\{([a-z_]+)\}")
_TAIL_WINDOW = 300


def _load(name: str) -> Any:
    return json.loads((_DATA / name).read_text(encoding="utf-8"))


def _alternation(names: set[str]) -> str:
    return "|".join(re.escape(n) for n in sorted(names, key=lambda s: (-len(s), s)))


def _expand(pattern: str, parts: dict[str, str], depth: int = 0) -> str:
    if depth > 8:
        raise IngestError("boilerplate.json: fragments nest too deep; does a fragment refer to itself?")

    def sub(match: re.Match[str]) -> str:
        key = match.group(1)
        if key not in parts:
            raise IngestError(f"boilerplate.json: unknown fragment {{{key}}}; define it under 'fragments'")
        return "(?:" + _expand(parts[key], parts, depth + 1) + ")"

    return _PLACEHOLDER.sub(sub, pattern)


def _check(entry: dict[str, Any], parts: dict[str, str], suffix: str) -> _Check:
    requires = tuple(entry.get("requires", ()))
    return _Check(
        reason=f"{entry['reason']}:{entry['name']}",
        pattern=re.compile(f"(?:{_expand(entry['pattern'], parts)}){suffix}"),
        requires=tuple(r.lower() for r in requires if r != "{outlet_end}"),
        outlet_end="{outlet_end}" in requires,
    )


@lru_cache(maxsize=1)
def _rules() -> _Rules:
    """Compile ``outlets.json`` and ``boilerplate.json`` once."""
    any_names: set[str] = set()
    plain_names: set[str] = set()
    for entry in _load("outlets.json")["outlets"]:
        forms = {entry["name"], *entry.get("aliases", [])}
        forms |= {f[4:] for f in forms if f.lower().startswith("the ")}
        any_names |= forms
        if not entry.get("ambiguous", False):
            plain_names |= forms
    glue_names = {n for n in plain_names if n[:1].isupper()}
    glue_names |= {n.upper() for n in glue_names if " " not in n and len(n) >= 3}

    ends: dict[str, set[str]] = {}
    for name in any_names:
        ends.setdefault(name[-1], set()).add(name)

    data = _load("boilerplate.json")
    parts = dict(data["fragments"])
    parts["outlet"] = _alternation(plain_names)
    parts["any_outlet"] = _alternation(any_names)
    always = [e for e in data["line_patterns"] if not e.get("requires")]
    return _Rules(
        max_line=int(data["max_line_length"]),
        line_re=re.compile(
            "|".join(f"(?P<l{i}>{_expand(e['pattern'], parts)})" for i, e in enumerate(always))
        ),
        line_reasons={f"l{i}": f"{e['reason']}:{e['name']}" for i, e in enumerate(always)},
        lines=tuple(_check(e, parts, "") for e in data["line_patterns"] if e.get("requires")),
        tails=tuple(_check(e, parts, r"\s*\Z") for e in data["tail_patterns"]),
        outlet_ends={k: tuple(v) for k, v in ends.items()},
        datelines=tuple(re.compile(_expand(p["pattern"], parts)) for p in data["dateline"]["patterns"]),
        dateline_lines=int(data["dateline"]["lines"]),
        not_places=frozenset(p.upper() for p in data["dateline"]["not_places"]),
        outlet_glue=re.compile(f"(?:{_alternation(glue_names)})(?![A-Za-z])"),
        starters=re.compile(f"(?:{_alternation(set(data['glue']['sentence_starters']))})(?![A-Za-z])"),
        min_left=int(data["glue"]["min_left_letters"]),
        min_outlet_left=int(data["glue"]["min_outlet_left_letters"]),
        name_prefixes=frozenset(p.casefold() for p in data["glue"]["name_prefixes"]),
        left_reach=1
        + max(
            int(data["glue"]["min_left_letters"]),
            int(data["glue"]["min_outlet_left_letters"]),
            *(len(p) for p in data["glue"]["name_prefixes"]),
        ),
    )


# ----------------------------------------------------------------- normalize

_ODD = "\u200b\u200c\u200d\u2060\ufeff\u00ad\u00a0\u2007\u202f\r\u0085\u2028\u2029"
_DROP = re.compile("[\u200b\u200c\u200d\u2060\ufeff\u00ad]+|\r(?=\n)")
_SWAP = str.maketrans(
    {"\u00a0": " ", "\u2007": " ", "\u202f": " ", "\r": "\n", "\u0085": "\n", "\u2028": "\n", "\u2029": "\n"}
)

# (starts in the normalized text, matching starts in the original); None when they are the same text.
_Map = tuple[list[int], list[int]] | None


def _normalize(text: str) -> tuple[str, _Map, list[tuple[int, int, str]]]:
    """Step 1; returns the working text, its map to the original and what it dropped."""
    if (text.isascii() and "\r" not in text) or not any(ch in text for ch in _ODD):
        return text, None, []
    pieces: list[str] = []
    work_starts, orig_starts = [0], [0]
    removed: list[tuple[int, int, str]] = []
    pos = size = 0
    for m in _DROP.finditer(text):
        pieces.append(text[pos : m.start()])
        size += m.start() - pos
        removed.append((m.start(), m.end(), "cr" if m.group() == "\r" else "invisible"))
        pos = m.end()
        work_starts.append(size)
        orig_starts.append(pos)
    pieces.append(text[pos:])
    return "".join(pieces).translate(_SWAP), (work_starts, orig_starts), removed


def _work_to_orig(map1: _Map, offset: int) -> int:
    if map1 is None:
        return offset
    starts, origins = map1
    k = bisect_right(starts, offset) - 1
    return origins[k] + offset - starts[k]


# --------------------------------------------------------------------- lines

_QUOTES = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"'})
_SEPARATORS = " \t-\u2013\u2014|/:\u00b7,."


def _title_form(text: str) -> str:
    return " ".join(text.split()).translate(_QUOTES)


def _classify(line: str, title: str, rules: _Rules) -> str | None:
    """Why a (stripped, non-empty) line is boilerplate, or None to keep it; ``title`` is lowercased."""
    if title and len(line) <= len(title) + rules.max_line:
        form = _title_form(line)
        if form[: len(title)].lower() == title:
            rest = form[len(title) :].strip(_SEPARATORS)
            if not rest:
                return "title"
            credit = rules.line_re.fullmatch(rest)
            if credit and rules.line_reasons[str(credit.lastgroup)].startswith("caption:"):
                return "caption:title_credit"
            if any(check.pattern.match(rest) for check in rules.tails):
                return "caption:title_credit"
    if len(line) > rules.max_line:
        return None
    m = rules.line_re.fullmatch(line)
    if m:
        return rules.line_reasons[str(m.lastgroup)]
    lower = line.lower()
    for check in rules.lines:
        if any(map(lower.__contains__, check.requires)) and check.pattern.fullmatch(line):
            return check.reason
    start = max(0, len(line) - _TAIL_WINDOW)
    window = lower[start:] if start else lower
    outlet_end = _ends_with_outlet(line, rules)
    for check in rules.tails:
        if (outlet_end and check.outlet_end) or any(map(window.__contains__, check.requires)):
            if check.pattern.search(line, start):
                return check.reason
    return None


def _ends_with_outlet(text: str, rules: _Rules) -> bool:
    text = text.rstrip(" .)")
    return bool(text) and text.endswith(rules.outlet_ends.get(text[-1], ()))


def _cut_lines(work: str, title: str | None, rules: _Rules) -> tuple[list[tuple[int, int, str]], str | None]:
    """Steps 2 and 3: ranges of ``work`` to leave out, sorted, and the dateline place."""
    title_form = _title_form(title).lower() if title else ""
    cuts: list[tuple[int, int, str]] = []
    kept: list[tuple[int, int]] = []  # (start, stop) of kept lines with text
    size = len(work)
    last_blank = cut_since = False
    tail_from = 0  # where the text after the last kept line starts
    pos = 0
    while pos < size:
        newline = work.find("\n", pos)
        stop = size if newline < 0 else newline
        end = size if newline < 0 else newline + 1
        line = work[pos:stop]
        stripped = line.strip()
        if not stripped:
            if (not kept or last_blank) and cut_since:
                cuts.append((pos, end, "blank"))
            else:
                last_blank = True
        else:
            reason = _classify(stripped, title_form, rules)
            if reason == "title" and not kept and not cuts:
                reason = None  # the headline opening the text is content (names, places), not a caption
            if reason is None:
                kept.append((pos, stop))
                last_blank = cut_since = False
                tail_from = stop
            else:
                cuts.append((pos, end, reason))
                cut_since = True
        pos = end
    if cut_since:  # drop what the last removal left after the last kept line
        cuts = _fill(cuts, tail_from, size)
    dateline = None
    for start, stop in kept[: rules.dateline_lines]:
        lead = start + len(work[start:stop]) - len(work[start:stop].lstrip())
        found = _dateline(work, lead, stop, rules)
        if found:
            cuts.append((lead, found[0], "dateline"))
            cuts.sort()
            dateline = found[1]
            break
    return cuts, dateline


def _fill(cuts: list[tuple[int, int, str]], start: int, stop: int) -> list[tuple[int, int, str]]:
    """Cuts with the gaps between ``start`` and ``stop`` cut as "blank"."""
    out = [c for c in cuts if c[0] < start]
    cursor = start
    for a, b, reason in cuts:
        if a < start:
            continue
        if a > cursor:
            out.append((cursor, a, "blank"))
        out.append((a, b, reason))
        cursor = b
    if cursor < stop:
        out.append((cursor, stop, "blank"))
    return out


def _dateline(work: str, start: int, stop: int, rules: _Rules) -> tuple[int, str] | None:
    for pattern in rules.datelines:
        m = pattern.match(work, start, stop)
        if m is None:
            continue
        place = m.group("place").strip()
        if place.upper() in rules.not_places:
            return None
        return m.end(), place
    return None


# ---------------------------------------------------------------------- glue

_GLUE_CANDIDATE = re.compile("[a-z0-9.!?\u201d\u2019)][A-Z\u201c\u2018]")
_LOWER_DIGIT = frozenset("abcdefghijklmnopqrstuvwxyz0123456789")


def _find_glue(work: str, cuts: list[tuple[int, int, str]], rules: _Rules) -> list[tuple[int, str]]:
    """Step 4: positions of ``work`` (kept text only) where a space goes, with the reason."""
    splits: list[tuple[int, str]] = []
    k = 0
    size = len(work)
    for m in _GLUE_CANDIDATE.finditer(work):
        left_at, here = m.start(), m.start() + 1
        while k < len(cuts) and cuts[k][1] <= left_at:
            k += 1
        if k < len(cuts) and cuts[k][0] <= here:
            continue  # a removed piece holds one of the two characters
        reason = _glue_reason(work, left_at, here, size, rules)
        if reason:
            splits.append((here, reason))
    return splits


def _glue_reason(work: str, left_at: int, here: int, size: int, rules: _Rules) -> str | None:
    left, right = work[left_at], work[here]
    after = work[here + 1] if here + 1 < size else ""
    if left in ".!?":
        if left_at == 0 or work[left_at - 1] not in _LOWER_DIGIT:
            return None
        if right in "\u201c\u2018":
            return "split:sentence" if after.isupper() else None
        return "split:sentence" if after.islower() else None
    if left in "\u201d\u2019)":
        if left_at >= 2 and work[left_at - 1] in ".!?" and work[left_at - 2] in _LOWER_DIGIT:
            if right.isupper() and after.islower():
                return "split:sentence"
        return None
    if not left.islower() or not right.isupper():
        return None
    if rules.outlet_glue.match(work, here):
        reason, least = "split:outlet", rules.min_outlet_left
    elif rules.starters.match(work, here):
        reason, least = "split:word", rules.min_left
    else:
        return None
    begin = left_at
    while begin > 0 and here - begin < rules.left_reach and work[begin - 1].isalpha():
        begin -= 1
    word = work[begin:here]  # the glued word's left part, cut at left_reach letters
    if len(word) < least or word.casefold() in rules.name_prefixes:
        return None
    return reason


# --------------------------------------------------------------------- build


def _build(
    original: str,
    work: str,
    map1: _Map,
    removed1: list[tuple[int, int, str]],
    cuts: list[tuple[int, int, str]],
    splits: list[tuple[int, str]],
    dateline: str | None,
) -> CleanText:
    if not cuts and not splits and map1 is None:
        return CleanText(original, original)
    pieces: list[str] = []
    segments: list[tuple[int, int, int, bool]] = []  # (clean start, work start, length, inserted)
    clean_pos = pos = 0

    def copy(upto: int) -> None:
        nonlocal clean_pos
        if upto > pos:
            pieces.append(work[pos:upto])
            segments.append((clean_pos, pos, upto - pos, False))
            clean_pos += upto - pos

    events = sorted([(a, 0, b) for a, b, _ in cuts] + [(p, 1, p) for p, _ in splits])
    for at, kind, until in events:
        copy(at)
        if kind == 0:
            pos = max(pos, until)
        else:
            pos = at
            pieces.append(" ")
            segments.append((clean_pos, at, 1, True))
            clean_pos += 1
    copy(len(work))

    starts: list[int] = []
    origins: list[int] = []
    added: set[int] = set()
    end = 0  # original offset just past the last copied character
    fresh = True  # the next copied piece opens a new segment
    bounds, firsts = map1 if map1 is not None else ([0], [0])
    for c, w, length, inserted in segments:
        if inserted:
            starts.append(c)
            origins.append(_work_to_orig(map1, w))
            added.add(c)
            fresh = True
            continue
        k = bisect_right(bounds, w) - 1
        while length > 0:
            limit = bounds[k + 1] if k + 1 < len(bounds) else len(work)
            n = min(length, limit - w)
            if n > 0:
                o = firsts[k] + w - bounds[k]
                if fresh or o != end:
                    starts.append(c)
                    origins.append(o)
                end, fresh = o + n, False
                c, w, length = c + n, w + n, length - n
            k += 1

    removed = list(removed1)
    for a, b, reason in cuts:
        removed.append((_work_to_orig(map1, a), _work_to_orig(map1, b - 1) + 1, reason))
    removed.sort()
    return CleanText(
        text="".join(pieces),
        original=original,
        removed=tuple(removed),
        inserted=tuple((_work_to_orig(map1, p), reason) for p, reason in splits),
        dateline=dateline,
        _starts=tuple(starts),
        _origins=tuple(origins),
        _added=frozenset(added),
        _end=end,
    )
