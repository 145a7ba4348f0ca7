"""Resolve English date expressions ("last Tuesday", "May of 2018") against a publication date.

The expressions are what spaCy's NER labels DATE, or a date phrase taken from a
sentence. :func:`resolve` turns one into a :class:`~ingest.records.TimeValue`
as precise as the words allow, or None when the words do not name one calendar
day, month or year ("recent days", "the 1990s", "2020-2021", "the week").
A small rule set reads the words; the vocabulary (month and weekday names,
number words, time-of-day words, modifiers, holidays) is data, in
``ingest/data/timex.json``.

Conventions (those of the gold annotations: a careful news analyst's reading):

* Bare weekday ("Tuesday", "on Tuesday", "this Tuesday", "late Tuesday",
  "Tuesday night"): with ``tense="past"`` the most recent such day on or
  before publication, with ``tense="future"`` the first on or after it; in
  both the publication day itself when the weekday matches ("on Monday" in a
  Monday article is that Monday). With ``tense="unknown"`` the nearer of the
  two, which always lies within three days of publication (the two distances
  add up to seven, so there is never a tie).
* "last Tuesday" / "this past Tuesday": the most recent Tuesday strictly
  before publication (1-7 days back); "next Tuesday" / "this coming Tuesday":
  the first strictly after (1-7 days ahead).
* Weeks are not a precision of their own. "the weekend" resolves to the month
  of its Saturday (the last one in the past tense, a Sunday article's own,
  the next one in the future; "last"/"next weekend" likewise); "this week",
  "last week", "next week" resolve to the month of the week's (Monday-Sunday) Wednesday, the
  month that holds most of its working days; "early last week" takes its
  Tuesday, "late last week" its Friday, "earlier this week" the day midway
  between Monday and publication, "later this week" midway to Friday, "the
  past week" publication minus three days. "N weeks ago" and "in N weeks"
  resolve to month precision as well.
* Month without a year ("in March", "mid-April", "early May"): past tense
  the most recent such month up to and including the publication month,
  future the first from it on, unknown the nearer (six months either way:
  the past one, news reporting mostly what happened). "last March" is
  strictly before the publication month, "next March" strictly after, "this
  March" in the publication year.
* Day without a year ("April 13", "Feb. 3", "Christmas"): the same rule over
  days; a weekday given with it ("Tuesday, April 13") picks the year in which
  the two agree, even against the tense. "Friday 16" is the 16th of the
  previous, current or next month that falls on a Friday (None if none does).
* Counted from publication: "two days ago", "in two days", "three days from
  now" give a day; "N weeks ago" a month (see weeks); "N months ago" a month;
  "N years ago" a year. A leading "about"/"around" is ignored; "nearly",
  "more than", "several", "a few" make the expression unresolvable.
* Parts of a month or year ("early May", "late 2020", "the end of last
  year") keep the precision of the whole: May, 2020.
* "the day before", "the next day", "two days later", "the previous year":
  they are measured from another event, not from publication, so ``resolve``
  returns None; :func:`parse_offset` reads the span for the caller.
* Without a publication date only absolute expressions resolve (full dates,
  month and year, years).
"""

from __future__ import annotations

import calendar
import json
import re
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache
from importlib import resources
from typing import Literal, TypeVar

from ingest.records import DatePrecision, TimeValue

__all__ = ["Tense", "latest_day", "parse_offset", "parse_relative", "resolve", "shift"]

Tense = Literal["past", "future", "unknown"]

_V = TypeVar("_V")
_Phrases = dict[str, tuple[tuple[tuple[str, ...], _V], ...]]  # first word -> (words, value), longest first

_MAX_CHARS = 64  # DATE entities are short; longer text is not one expression


@dataclass(frozen=True, slots=True)
class _Lexicon:
    """The vocabulary of ``ingest/data/timex.json``, lowercase and ready for lookup."""

    months: dict[str, int]
    weekdays: dict[str, int]
    numbers: dict[str, int]
    units: dict[str, tuple[str, int]]
    day_words: dict[str, int]
    time_of_day: frozenset[str]
    fillers: frozenset[str]
    modifiers: _Phrases[str]
    week_day: dict[str, int]
    relative: _Phrases[int]
    seasons: frozenset[str]
    holidays: dict[str, tuple[int, int]]
    anchored: dict[str, int]
    anchored_after: dict[str, int]


def _phrases(table: dict[str, _V]) -> _Phrases[_V]:
    """A phrase table by first word, longest phrase first so "this past" wins over "this"."""
    out: dict[str, list[tuple[tuple[str, ...], _V]]] = {}
    for key, value in table.items():
        words = tuple(key.lower().split())
        out.setdefault(words[0], []).append((words, value))
    return {first: tuple(sorted(items, key=lambda kv: -len(kv[0]))) for first, items in out.items()}


def _load_lexicon() -> _Lexicon:
    text = resources.files("ingest").joinpath("data", "timex.json").read_text(encoding="utf-8")
    data = json.loads(text)

    return _Lexicon(
        months={k.lower(): int(v) for k, v in data["months"].items()},
        weekdays={k.lower(): int(v) for k, v in data["weekdays"].items()},
        numbers={k.lower(): int(v) for k, v in data["numbers"].items()},
        units={k.lower(): (str(v[0]), int(v[1])) for k, v in data["units"].items()},
        day_words={k.lower(): int(v) for k, v in data["day_words"].items()},
        time_of_day=frozenset(w.lower() for w in data["time_of_day"]),
        fillers=frozenset(w.lower() for w in data["fillers"]),
        modifiers=_phrases({k: str(v) for k, v in data["modifiers"].items()}),
        week_day={k: int(v) for k, v in data["week_day"].items()},
        relative=_phrases({k: int(v) for k, v in data["relative"].items()}),
        seasons=frozenset(w.lower() for w in data["seasons"]),
        holidays={k.lower(): (int(v[0]), int(v[1])) for k, v in data["holidays"].items()},
        anchored={k.lower(): int(v) for k, v in data["anchored"].items()},
        anchored_after={k.lower(): int(v) for k, v in data["anchored_after"].items()},
    )


_LEX = _load_lexicon()

_APOSTROPHES = "\u2019\u2018\u02bc`"
_DASHES = "\u2010\u2011\u2012\u2013\u2014\u2212"
_SEPARATORS = ',.()[];:!?"\u201c\u201d\u00a0'
_PUNCT = str.maketrans(
    _APOSTROPHES + _DASHES + _SEPARATORS,
    "'" * len(_APOSTROPHES) + "-" * len(_DASHES) + " " * len(_SEPARATORS),
)
_POSSESSIVE = re.compile(r"(?<=[a-z0-9])'s\b|(?<=s)'(?=\s|$)")
_ORDINAL = re.compile(r"\b(\d{1,2})(?:st|nd|rd|th)\b")
_PART_HYPHEN = re.compile(r"\b(mid|early|late)-(?=[a-z0-9])")
_ISO_DAY = re.compile(r"(\d{4})-(\d{2})-(\d{2})", re.ASCII)
_VALUE = re.compile(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?", re.ASCII)


@dataclass(frozen=True, slots=True)
class _Spec:
    """What an expression says, before the publication date turns it into a value.

    kind: "value" (absolute: ``value``), "dayoff" (``rel`` days from publication),
        "weekday" (``weekday``, ``mode`` "", "last" or "next"), "dom" (day of
        month ``day`` falling on ``weekday``), "monthday" (``month``/``day``, with
        ``weekday`` when given), "month" (``month``, ``mode`` "", "last", "next"
        or "this"), "monthyear" (``month`` of the year ``rel`` from publication),
        "monthrel" / "yearrel" (``rel`` months / years from publication), "week"
        (the week ``rel`` weeks from publication, ``part`` of it), "pastweek",
        "offset" (``rel`` ``unit``s from publication, negative for "ago").
    """

    kind: str
    value: TimeValue | None = None
    month: int = 0
    day: int = 0
    weekday: int = -1
    rel: int = 0
    unit: str = ""
    mode: str = ""
    part: str = ""


# ------------------------------------------------------------------ public API


def resolve(expression: str, published: date | None, *, tense: Tense = "unknown") -> TimeValue | None:
    """The calendar value a date expression names, read against the publication date.

    expression (str): the words, as found ("on Tuesday", "May of 2018", "Feb. 3",
        "last week", "two days ago"); case, possessives ("Monday's"),
        time-of-day words ("Tuesday night") and leading "on"/"in"/"the" do
        not matter.
    published (date | None): the article's publication date; relative
        expressions need it and give None without it.
    tense (str): "past" when the event happened, "future" when it is planned,
        "unknown" (default) otherwise; it decides which Tuesday or which March
        a bare name means (see the module docstring).
    RETURNS (TimeValue | None): day, month or year precision, or None when the
        expression names no single day, month or year, needs another anchor
        ("the next day"), or is relative and ``published`` is None. Never raises
        on a string.

    >>> resolve("Tuesday", date(2021, 4, 12), tense="future")
    TimeValue(value='2021-04-13', precision='day')
    >>> resolve("last week", date(2021, 4, 12))
    TimeValue(value='2021-04', precision='month')
    >>> resolve("May of 2018", None)
    TimeValue(value='2018-05', precision='month')
    >>> resolve("recent days", date(2021, 4, 12)) is None
    True
    """
    if not isinstance(expression, str):
        return None
    spec = _parse(expression)
    if spec is None:
        return None
    if spec.kind == "value":
        return spec.value
    if published is None:
        return None
    try:
        return _evaluate(spec, published, tense)
    except (ValueError, OverflowError):  # a result outside date's range (years 1-9999)
        return None


def shift(value: TimeValue, *, days: int = 0, months: int = 0, years: int = 0) -> TimeValue:
    """Move a value by a span of time, keeping its precision.

    A day moves exactly (a month or year onto a shorter month ends on its last
    day: 2020-02-29 plus one year is 2021-02-28). A month or a year moves by
    its middle (the 15th, 1 July) and keeps its precision: "2021-04" plus
    three days is still "2021-04", plus 20 days "2021-05".

    value (TimeValue): the value to move.
    days, months, years (int): the span, negative to move back.
    RETURNS (TimeValue): the moved value, of the same precision.
    :raises ValueError: when ``value`` is malformed or the result falls outside years 1-9999.

    >>> shift(TimeValue("2021-04-12", "day"), days=-2)
    TimeValue(value='2021-04-10', precision='day')
    >>> shift(TimeValue("2021-01", "month"), months=-1)
    TimeValue(value='2020-12', precision='month')
    """
    base, precision = _parse_value(value)
    total = base.year * 12 + (base.month - 1) + months + 12 * years
    year, month0 = divmod(total, 12)
    if not 1 <= year <= 9999:
        raise ValueError(f"Shifting {value.value!r} by {years}y {months}m leaves years 1-9999; check it")
    day = min(base.day, calendar.monthrange(year, month0 + 1)[1])
    try:
        moved = date(year, month0 + 1, day) + timedelta(days=days)
    except OverflowError as exc:
        raise ValueError(f"Shifting {value.value!r} by {days} days leaves years 1-9999; check it") from exc
    return _as_value(moved, precision)


def latest_day(value: TimeValue) -> date | None:
    """The last calendar day a value covers (the last of its month or year), None when malformed.

    >>> latest_day(TimeValue("2021-02", "month"))
    datetime.date(2021, 2, 28)
    """
    try:
        base, precision = _parse_value(value)
    except ValueError:
        return None
    if precision == "day":
        return base
    if precision == "month":
        return date(base.year, base.month, calendar.monthrange(base.year, base.month)[1])
    return date(base.year, 12, 31)


def parse_offset(expression: str) -> tuple[int, str] | None:
    """The length of an exact span of time, for anchoring one event on another.

    expression (str): a duration as found ("two days", "2 days", "a week",
        "three weeks", "a month", "a decade"); a leading "just", "only" or
        "exactly" is allowed.
    RETURNS (tuple[int, str] | None): ``(count, unit)`` with unit "day", "week",
        "month" or "year" (a decade is 10 years, a fortnight 2 weeks), or None
        for vague or other words ("several days", "days", "a few weeks",
        "two-day", "two days later": the direction is the caller's to read).

    >>> parse_offset("two days")
    (2, 'day')
    >>> parse_offset("a week")
    (1, 'week')
    >>> parse_offset("several days") is None
    True
    """
    if not isinstance(expression, str) or len(expression) > _MAX_CHARS:
        return None
    tokens = _tokens(expression)
    while tokens and tokens[0] in ("just", "only", "exactly"):
        tokens = tokens[1:]
    return _duration(tokens)


def parse_relative(expression: str) -> tuple[int, str] | None:
    """A time measured from another event, as a signed span: "the previous day" (-1, "day"), "the
    following week" (1, "week"), "the same day" (0, "day"), "two days later" (2, "day"), "the day
    before" (-1, "day"), "later that day" (0, "day"). Time-of-day words ("the next morning") do not
    matter. None for anything else, vague spans included ("days later", "some time later").

    >>> parse_relative("the previous day")
    (-1, 'day')
    >>> parse_relative("three days later")
    (3, 'day')
    >>> parse_relative("two days ago") is None
    True
    """
    if not isinstance(expression, str) or len(expression) > _MAX_CHARS:
        return None
    tokens = _tokens(expression)
    if not tokens:
        return None
    if len(tokens) >= 3 and tokens[0] in ("later", "earlier") and tokens[1] == "that":
        tokens = tokens[1:]  # "later that day": the day of the other event
    part_of_day = False
    while len(tokens) > 1 and tokens[-1] in _LEX.time_of_day:
        tokens, part_of_day = tokens[:-1], True
    if part_of_day and tokens[-1] in _LEX.anchored and len(tokens) <= 2 and tokens[0] in ("the", tokens[-1]):
        return _LEX.anchored[tokens[-1]], "day"  # "the next morning", "that evening"
    direction = _LEX.anchored_after.get(tokens[-1])
    if direction is not None:
        rest = tokens[:-1]
        if rest and rest[0] == "the" and len(rest) == 2 and rest[1] in _LEX.units:
            unit = _LEX.units[rest[1]]
            return direction * unit[1], unit[0]  # "the day before"
        span = _duration(rest)
        return (direction * span[0], span[1]) if span is not None else None
    if tokens[0] == "the":
        tokens = tokens[1:]
    if len(tokens) == 2 and tokens[0] in _LEX.anchored and tokens[1] in _LEX.units:
        unit = _LEX.units[tokens[1]]
        return _LEX.anchored[tokens[0]] * unit[1], unit[0]
    return None


# ------------------------------------------------------------------- parsing


def _tokens(expression: str) -> list[str]:
    s = expression.translate(_PUNCT).lower()
    if "'" in s:
        s = _POSSESSIVE.sub("", s)
    s = _ORDINAL.sub(r"\1", s)
    if "-" in s:
        s = _PART_HYPHEN.sub(r"\1 ", s)
    return s.split()


def _strip_fillers(tokens: list[str]) -> list[str]:
    i = 0
    while i < len(tokens) and tokens[i] in _LEX.fillers:
        i += 1
    return tokens[i:]


def _prefix(tokens: list[str], table: _Phrases[_V]) -> tuple[tuple[str, ...], _V] | None:
    """The longest phrase of ``table`` that ``tokens`` open with, and its value."""
    for words, value in table.get(tokens[0], ()) if tokens else ():
        if len(words) == 1 or tuple(tokens[: len(words)]) == words:
            return words, value
    return None


def _int(token: str, max_digits: int) -> int | None:
    if token.isascii() and token.isdigit() and len(token) <= max_digits:
        return int(token)
    return None


def _year(token: str) -> int | None:
    if len(token) == 4:
        y = _int(token, 4)
        if y is not None and 1000 <= y <= 2999:
            return y
    return None


def _dom(token: str) -> int | None:
    d = _int(token, 2)
    return d if d is not None and 1 <= d <= 31 else None


def _month_day(month: int, day: int | None) -> bool:
    """Whether ``day`` exists in ``month`` of some year (29 February included)."""
    return day is not None and day <= calendar.monthrange(2000, month)[1]


def _duration(tokens: list[str]) -> tuple[int, str] | None:
    if len(tokens) != 2:
        return None
    n = _LEX.numbers.get(tokens[0])
    if n is None:
        n = _int(tokens[0], 4)
    unit = _LEX.units.get(tokens[1])
    if n is None or unit is None:
        return None
    return n * unit[1], unit[0]


@lru_cache(maxsize=8192)
def _parse(expression: str) -> _Spec | None:
    if len(expression) > _MAX_CHARS:
        return None
    tokens = _tokens(expression)
    if not tokens:
        return None
    if tokens[0] == "in":  # "in two days": ahead of publication, before "in" is read as a filler
        span = _duration(tokens[1:])
        if span is not None:
            return _Spec("offset", rel=span[0], unit=span[1])
    tokens = _strip_fillers(tokens)
    part = ""
    modifier = _prefix(tokens, _LEX.modifiers)
    if modifier is not None:
        part, tokens = modifier[1], tokens[len(modifier[0]) :]
    tokens = _strip_fillers(tokens)
    offset = _LEX.day_words.get(" ".join(tokens))  # before time-of-day words go: "this morning"
    if offset is not None:
        return _Spec("dayoff", rel=offset)
    while tokens and tokens[-1] in _LEX.time_of_day:
        tokens = tokens[:-1]
    spec = _core(tokens)
    if spec is not None and spec.kind == "week" and part:
        return _Spec("week", rel=spec.rel, part=part)
    return spec


def _core(t: list[str]) -> _Spec | None:
    n = len(t)
    if n == 0:
        return None
    joined = " ".join(t)
    offset = _LEX.day_words.get(joined)
    if offset is not None:
        return _Spec("dayoff", rel=offset)
    holiday = _LEX.holidays.get(joined)
    if holiday is not None:
        return _Spec("monthday", month=holiday[0], day=holiday[1])
    if n == 1:
        m = _ISO_DAY.fullmatch(t[0])
        if m:
            try:
                return _Spec("value", value=_as_value(date(int(m[1]), int(m[2]), int(m[3])), "day"))
            except ValueError:
                return None
    if t[-1] == "ago":
        span = _duration(t[:-1])
        return _Spec("offset", rel=-span[0], unit=span[1]) if span else None
    if n == 4 and t[-2:] == ["from", "now"]:
        span = _duration(t[:2])
        return _Spec("offset", rel=span[0], unit=span[1]) if span else None
    if t in (["weekend"], ["this", "weekend"], ["last", "weekend"], ["next", "weekend"]):
        return _Spec("weekend", mode={"last": "last", "next": "next"}.get(t[0], ""))
    relative = _prefix(t, _LEX.relative)
    if relative is not None:
        words, rel = relative
        return _relative(words, rel, t[len(words) :])
    weekday = _LEX.weekdays.get(t[0])
    if weekday is not None:
        if n == 1:
            return _Spec("weekday", weekday=weekday)
        if n == 2:
            day = _dom(t[1])
            if day is not None:  # "Thursday 30"
                return _Spec("dom", day=day, weekday=weekday)
        spec = _explicit(t[1:])
        if spec is not None and spec.kind == "monthday":
            return _Spec("monthday", month=spec.month, day=spec.day, weekday=weekday)
        if spec is not None and spec.kind == "value" and spec.value and spec.value.precision == "day":
            return spec
        return None
    return _explicit(t)


def _relative(words: tuple[str, ...], rel: int, rest: list[str]) -> _Spec | None:
    """After "last", "this", "next", "past", ...: a week, month, year, weekday or month name."""
    if len(rest) != 1:
        return None
    word = rest[0]
    past = words[-1] == "past"
    mode = "last" if rel < 0 else "next" if rel > 0 else ""
    if word == "week":
        return _Spec("pastweek") if past else _Spec("week", rel=rel)
    if word in ("month", "year"):
        if past:  # "the past month", "the past year": the last 30 or 365 days
            return None
        return _Spec("monthrel" if word == "month" else "yearrel", rel=rel)
    weekday = _LEX.weekdays.get(word)
    if weekday is not None:
        return _Spec("weekday", weekday=weekday, mode=mode)
    month = _LEX.months.get(word)
    if month is not None:
        return _Spec("month", month=month, mode=mode or "this")
    return None


def _explicit(tokens: list[str]) -> _Spec | None:
    """Calendar names: "2015", "May 2018", "May of 2018", "April 13, 2021", "13 April", "July last year"."""
    t = [w for w in tokens if w != "of"]
    n = len(t)
    if n == 0:
        return None
    if n == 1:
        year = _year(t[0])
        if year is not None:
            return _Spec("value", value=TimeValue(f"{year:04d}", "year"))
        month = _LEX.months.get(t[0])
        return _Spec("month", month=month) if month is not None else None
    month = _LEX.months.get(t[0])
    if month is not None:
        if n == 2:
            year = _year(t[1])
            if year is not None:
                return _Spec("value", value=TimeValue(f"{year:04d}-{month:02d}", "month"))
            day = _dom(t[1])
            return _Spec("monthday", month=month, day=day) if day and _month_day(month, day) else None
        if n == 3:
            if t[2] == "year":  # "July last year", "January of this year"
                relative = _prefix(t[1:2], _LEX.relative)
                if relative is None or relative[0] != (t[1],) or t[1] == "past":
                    return None
                return _Spec("monthyear", month=month, rel=relative[1])
            return _full_date(_year(t[2]), month, _dom(t[1]))
        return None
    day = _dom(t[0])
    month = _LEX.months.get(t[1])
    if day is not None and month is not None:
        if n == 2:
            return _Spec("monthday", month=month, day=day) if _month_day(month, day) else None
        if n == 3:
            return _full_date(_year(t[2]), month, day)
        return None
    if n == 2 and t[0] in _LEX.seasons:  # "summer 2020": the year is all that is certain
        year = _year(t[1])
        return _Spec("value", value=TimeValue(f"{year:04d}", "year")) if year is not None else None
    return None


def _full_date(year: int | None, month: int, day: int | None) -> _Spec | None:
    if year is None or day is None:
        return None
    try:
        return _Spec("value", value=_as_value(date(year, month, day), "day"))
    except ValueError:  # "February 30, 2021"
        return None


# ---------------------------------------------------------------- evaluation


def _evaluate(spec: _Spec, pub: date, tense: str) -> TimeValue | None:
    kind = spec.kind
    if kind == "dayoff":
        return _as_value(pub + timedelta(days=spec.rel), "day")
    if kind == "weekday":
        back = (pub.weekday() - spec.weekday) % 7
        ahead = (spec.weekday - pub.weekday()) % 7
        if spec.mode == "last":
            delta = -(back or 7)
        elif spec.mode == "next":
            delta = ahead or 7
        elif tense == "past":
            delta = -back
        elif tense == "future":
            delta = ahead
        else:
            delta = -back if back <= ahead else ahead
        return _as_value(pub + timedelta(days=delta), "day")
    if kind == "dom":
        candidates = []
        for k in (-1, 0, 1):
            y, m0 = divmod(pub.year * 12 + pub.month - 1 + k, 12)
            if spec.day <= calendar.monthrange(y, m0 + 1)[1]:
                candidates.append(date(y, m0 + 1, spec.day))
        matching = [c for c in candidates if c.weekday() == spec.weekday]  # none: not a day of the month
        return _pick(matching, pub, tense) if matching else None
    if kind == "monthday":
        span = 4 if (spec.month, spec.day) == (2, 29) else 1  # 29 February: the leap years around
        years = [y for y in range(pub.year - span, pub.year + span + 1) if _valid(y, spec.month, spec.day)]
        candidates = [date(y, spec.month, spec.day) for y in years]
        return _pick(_on_weekday(candidates, spec.weekday), pub, tense)
    if kind == "month":
        back = (pub.month - spec.month) % 12
        ahead = (spec.month - pub.month) % 12
        if spec.mode == "this":
            delta = spec.month - pub.month
        elif spec.mode == "last":
            delta = -(back or 12)
        elif spec.mode == "next":
            delta = ahead or 12
        elif tense == "past":
            delta = -back
        elif tense == "future":
            delta = ahead
        else:
            delta = -back if back <= ahead else ahead
        return _month_value(pub, delta)
    if kind == "monthyear":
        return _month_value(date(pub.year, spec.month, 1), 12 * spec.rel)
    if kind == "monthrel":
        return _month_value(pub, spec.rel)
    if kind == "yearrel":
        return _as_value(date(pub.year + spec.rel, 1, 1), "year")
    if kind == "week":
        monday = pub - timedelta(days=pub.weekday()) + timedelta(weeks=spec.rel)
        if spec.rel == 0 and spec.part == "earlier":
            day = monday + (pub - monday) // 2
        elif spec.rel == 0 and spec.part == "later":
            end = max(pub, monday + timedelta(days=4))
            day = end - (end - pub) // 2
        else:
            part = {"earlier": "early", "later": "late"}.get(spec.part, spec.part)
            day = monday + timedelta(days=_LEX.week_day.get(part, _LEX.week_day[""]))
        return _as_value(day, "month")
    if kind == "weekend":
        # The Saturday of the weekend meant: the last one on or before publication in the past tense
        # (a Sunday article's "the weekend" is its own), the next one on or after it in the future.
        back = (pub.weekday() - 5) % 7
        ahead = (5 - pub.weekday()) % 7
        if spec.mode == "last" or spec.mode != "next" and tense != "future":
            saturday = pub - timedelta(days=back if spec.mode != "last" or back > 1 else back + 7)
        else:
            saturday = pub + timedelta(days=ahead if spec.mode != "next" or ahead > 0 else 7)
        return _as_value(saturday, "month")
    if kind == "pastweek":
        return _as_value(pub - timedelta(days=3), "month")
    if kind == "offset":
        if spec.unit == "day":
            return _as_value(pub + timedelta(days=spec.rel), "day")
        if spec.unit == "week":
            return _as_value(pub + timedelta(weeks=spec.rel), "month")
        if spec.unit == "month":
            return _month_value(pub, spec.rel)
        return _as_value(date(pub.year + spec.rel, 1, 1), "year")
    return None


def _valid(year: int, month: int, day: int) -> bool:
    return 1 <= year <= 9999 and day <= calendar.monthrange(year, month)[1]


def _on_weekday(candidates: list[date], weekday: int) -> list[date]:
    """The candidates falling on ``weekday`` (-1: any), or all when none does."""
    if weekday < 0:
        return candidates
    matching = [c for c in candidates if c.weekday() == weekday]
    return matching or candidates


def _pick(candidates: list[date], pub: date, tense: str) -> TimeValue | None:
    """The candidate the tense points to: latest on or before publication (past), first on or
    after it (future), else the nearest, a tie going to the past. A weekday given with the
    date ("Tuesday, April 13") can leave only candidates against the tense: then the nearest."""
    chosen = None
    if tense == "past":
        chosen = max((c for c in candidates if c <= pub), default=None)
    elif tense == "future":
        chosen = min((c for c in candidates if c >= pub), default=None)
    if chosen is None:
        chosen = min(candidates, key=lambda c: (abs((c - pub).days), c > pub), default=None)
    return _as_value(chosen, "day") if chosen is not None else None


def _month_value(pub: date, delta: int) -> TimeValue:
    """The month ``delta`` months from the publication month."""
    y, m0 = divmod(pub.year * 12 + pub.month - 1 + delta, 12)
    if not 1 <= y <= 9999:
        raise ValueError(f"year {y} is outside 1-9999")
    return TimeValue(f"{y:04d}-{m0 + 1:02d}", "month")


def _as_value(d: date, precision: DatePrecision) -> TimeValue:
    if precision == "day":
        return TimeValue(d.isoformat(), "day")
    if precision == "month":
        return TimeValue(f"{d.year:04d}-{d.month:02d}", "month")
    return TimeValue(f"{d.year:04d}", "year")


def _parse_value(value: TimeValue) -> tuple[date, DatePrecision]:
    """The date standing for ``value`` (the middle of a month or year) and its precision."""
    m = _VALUE.fullmatch(value.value)
    shape = {"day": 3, "month": 2, "year": 1}.get(value.precision)
    if m is None or shape is None or shape != sum(g is not None for g in m.groups()):
        raise ValueError(
            f"TimeValue {value.value!r} with precision {value.precision!r} is malformed; "
            "use 'YYYY-MM-DD'/day, 'YYYY-MM'/month or 'YYYY'/year"
        )
    year = int(m[1])
    try:
        if value.precision == "day":
            return date(year, int(m[2]), int(m[3])), "day"
        if value.precision == "month":
            return date(year, int(m[2]), 15), "month"
        return date(year, 7, 1), "year"
    except ValueError as exc:
        raise ValueError(f"TimeValue {value.value!r} is not a calendar date; check month and day") from exc
