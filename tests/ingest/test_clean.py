"""Tests for ingest.clean: what is removed, what is split, and the offset map back to the original."""

from __future__ import annotations

import doctest
import json
import pickle
import re
import time
from pathlib import Path

import pytest

import ingest.clean
from ingest.clean import CleanText, clean
from ingest.errors import IngestError

DATA = Path(ingest.clean.__file__).parent / "data"

BODY = (
    "Envoys from both countries met in Oslo on Tuesday.\n\nThe talks will resume next week, officials said."
)

# An article with nothing to clean: names that look glued, abbreviations, quotes, numbers.
CLEAN_ARTICLE = (
    "Harbor talks stall over fishing quotas\n\n"
    "Negotiators from Norland and Westmark failed on Thursday to agree on fishing quotas for the northern "
    "harbor, the U.S. State Department said, after 14 hours of talks hosted by the U.N. in Oslo.\n\n"
    "“We are not there yet,” said Westmark’s deputy minister, Carla DeSantis-Moreau. "
    "“But nobody left the room.”\n\n"
    "Analyst Ryan McDonald of the Harbor Institute said the dispute cost fleets about $3.5 million a month. "
    "He noted that MacArthur Shipping and O'Neill Marine had moved boats to LinkedIn-advertised ports, "
    "and that the iPhone app YouTube creators used to film the protests was made by PayPal alumni.\n\n"
    "By early evening, delegates had left. Photographers waited outside in the rain; reporters filed stories "
    "from a café near the port, where a DeepSeek model translated statements into Norwegian.\n\n"
    "Related talks on shipping lanes begin in Bergen on Monday, and credit agencies are watching closely.\n"
)


def _check_map(ct: CleanText) -> None:
    """Every kept character maps to itself; every inserted space maps to the character after it."""
    swaps = {
        ("\u00a0", " "),
        ("\u202f", " "),
        ("\u2007", " "),
        ("\r", "\n"),
        ("\u2028", "\n"),
        ("\u2029", "\n"),
    }
    for i, ch in enumerate(ct.text):
        j = ct.to_original(i)
        if j < len(ct.original) and ct.original[j] == ch:
            continue
        if ch == " " and ct.to_original(i) == ct.to_original(i + 1):  # inserted space
            continue
        assert (ct.original[j], ch) in swaps, (i, ch, j, ct.original[j])
    positions = [ct.to_original(i) for i in range(len(ct.text) + 1)]
    assert positions == sorted(positions)


# ------------------------------------------------------------------- unchanged


def test_clean_unchanged_article() -> None:
    ct = clean(CLEAN_ARTICLE, title="Harbor talks resume in Oslo")
    assert ct.text == CLEAN_ARTICLE
    assert ct.removed == ()
    assert ct.inserted == ()
    assert ct.dateline is None
    assert [ct.to_original(i) for i in range(len(ct.text) + 1)] == list(range(len(CLEAN_ARTICLE) + 1))


def test_clean_empty() -> None:
    ct = clean("")
    assert ct.text == ""
    assert ct.to_original(0) == 0
    assert ct.span_to_original(0, 0) == (0, 0)


def test_clean_only_boilerplate() -> None:
    text = (
        "By Mara Lind and Tomas Eck, Reuters\n\nAdvertisement\nRead more: Why quotas matter\n"
        "Photo: Nils Berg\nFollow us on Twitter\nShare this article\n"
    )
    ct = clean(text)
    assert ct.text == ""
    assert ct.removed[0][0] == 0 and ct.removed[-1][1] == len(text)
    assert ct.to_original(0) == 0


def test_clean_blank_lines_only_unchanged() -> None:
    assert clean("\n\n  \n").text == "\n\n  \n"


# ------------------------------------------------------------------- title and captions


@pytest.mark.parametrize(
    "line",
    [
        "Harbor talks resume in Oslo",
        "Harbor talks resume in OsloReuters",
        "Harbor talks resume in Oslo Reuters",
        "Harbor talks resume in Oslo | AFP",
        "Harbor talks resume in Oslo (AP Photo/Nils Berg)",
        "Harbor talks resume in Oslo REUTERS/Nils Berg",
        "Harbor talks resume in Oslo Nils Berg/AFP via Getty Images",
        "HARBOR TALKS   RESUME IN OSLO",
    ],
)
def test_clean_title_line(line: str) -> None:
    # The headline opening the text is kept (it names people and places); its repeats and captions go.
    text = f"Harbor talks resume in Oslo\n{line}\n{line}\n\n{BODY}"
    ct = clean(text, title="Harbor talks resume in Oslo")
    assert ct.text.startswith("Harbor talks resume in Oslo\n")
    assert ct.text.endswith(BODY)
    assert ct.text.count("Oslo") == BODY.count("Oslo") + 1
    assert {r for _, _, r in ct.removed} <= {"title", "caption:title_credit", "blank"}


def test_clean_title_needs_title() -> None:
    text = f"Harbor talks resume in Oslo\n{BODY}"
    assert clean(text).text == text
    assert clean(text, title="Harbor talks resume in Oslo").text == text  # a headline is content


def test_clean_title_with_curly_quotes() -> None:
    text = f"Minister says ‘no deal’ on quotas\n{BODY}"
    assert (
        clean(f"Minister says ‘no deal’ on quotas\n{text}", title="Minister says 'no deal' on quotas").text
        == text
    )


def test_clean_title_prefix_of_sentence_kept() -> None:
    text = "Harbor talks resume in Oslo after a week of silence, both sides said.\n" + BODY
    assert clean(text, title="Harbor talks resume in Oslo").text == text


@pytest.mark.parametrize(
    "caption",
    [
        "Fishing boats are moored in the northern harbor on Tuesday.Reuters",
        "Fishing boats moored in the northern harborReuters",
        "Fishing boats are moored in the northern harbor. Reuters",
        "Fishing boats are moored in the northern harbor | AFP",
        "Fishing boats are moored in the northern harbor. (AP Photo/Nils Berg)",
        "Fishing boats are moored in the northern harbor (Photo by Nils Berg/AFP via Getty Images)",
        "Fishing boats are moored in the northern harbor. Nils Berg/AFP via Getty Images",
        "Fishing boats are moored in the northern harbor. Getty Images",
        "Fishing boats are moored in the northern harbor, May 2, 2024. REUTERS/Nils Berg/File Photo",
        "Fishing boats are moored in the northern harbor. Photo: Nils Berg",
        "Fishing boats are moored in the northern harbor. Credit: Nils Berg",
        "FILE PHOTO: Fishing boats are moored in the northern harbor, May 2, 2024.",
        "FILE - Fishing boats are moored in the northern harbor, May 2, 2024.",
        "File photo",
        "Photo: Reuters",
        "Photograph: Nils Berg/The Guardian",
        "Reuters",
        "(AFP)",
        "AFP via Getty Images",
        "Nils Berg/AFP",
        "Image source, Getty Images",
        "Image caption, Fishing boats in the northern harbor",
        "Credit: Nils Berg",
        "© 2024 Harbor Daily. All rights reserved.",
    ],
)
def test_clean_caption_line(caption: str) -> None:
    text = f"Envoys met in Oslo on Tuesday.\n{caption}\nThe talks will resume next week."
    ct = clean(text)
    assert ct.text == "Envoys met in Oslo on Tuesday.\nThe talks will resume next week."
    (removed,) = ct.removed
    assert removed[0] == text.index(caption)
    assert removed[2].startswith("caption:")


@pytest.mark.parametrize(
    "line",
    [
        "Credit rating agencies cut the outlook for the harbor authority.",
        "Photographers waited outside the hall.",
        "File sharing between the delegations broke down.",
        "Shares in fishing companies fell 3%.",
        "The deal was first reported by Reuters",
        "He told Reuters the talks were over.",
        "The meeting was hosted by Axios and CNN",
        "Fishing boats at dawn. Dawn",
        "Radio Free Europe/Radio Liberty reported the arrests on Monday.",
        "The minister spoke to the BBC.",
        "The deal was first reported by Agence France-Presse (AFP).",
    ],
)
def test_clean_caption_false_positives(line: str) -> None:
    text = f"Envoys met in Oslo on Tuesday.\n{line}\nThe talks will resume next week."
    assert clean(text).text == text


# ------------------------------------------------------------------- datelines


@pytest.mark.parametrize(
    ("opening", "place"),
    [
        ("OSLO (Reuters) - ", "OSLO"),
        ("OSLO (Reuters) — ", "OSLO"),
        ("WASHINGTON — ", "WASHINGTON"),
        ("WASHINGTON -- ", "WASHINGTON"),
        ("KYIV, Ukraine (AP) — ", "KYIV, Ukraine"),
        ("GENEVA, March 3 (Reuters) - ", "GENEVA"),
        ("BEIJING, Jan. 5 (Xinhua) -- ", "BEIJING"),
        ("NEW YORK, 5 May (AFP) - ", "NEW YORK"),
        ("ISLAMABAD/KABUL — ", "ISLAMABAD/KABUL"),
        ("BERGEN, NORWAY — ", "BERGEN, NORWAY"),
        ("ST. PETERSBURG, Russia (AP) — ", "ST. PETERSBURG, Russia"),
        ("Bergen, Norway (CNN) — ", "Bergen, Norway"),
        ("NEW DELHI: ", "NEW DELHI"),
    ],
)
def test_clean_dateline(opening: str, place: str) -> None:
    sentence = "Envoys from both countries met on Tuesday."
    text = f"{opening}{sentence}\n\nThe talks will resume next week."
    ct = clean(text)
    assert ct.text == f"{sentence}\n\nThe talks will resume next week."
    assert ct.dateline == place
    assert ct.removed == ((0, len(opening), "dateline"),)
    assert ct.span_to_original(0, 6) == (len(opening), len(opening) + 6)


def test_clean_dateline_after_title_and_byline() -> None:
    text = "Harbor talks resume\nBy Mara Lind\n3 min read\n\nOSLO (Reuters) - Envoys met on Tuesday."
    ct = clean(text, title="Harbor talks resume")
    assert ct.text == "Harbor talks resume\n\nEnvoys met on Tuesday."
    assert ct.dateline == "OSLO"
    assert ct.span_to_original(21, 27) == (text.index("Envoys"), text.index("Envoys") + 6)


@pytest.mark.parametrize(
    "opening",
    [
        "BREAKING: Talks collapse in Oslo.",
        "EXCLUSIVE: Envoys met in secret.",
        "UPDATE 2-Envoys met in Oslo on Tuesday.",
        "NATO — the alliance — said nothing on Tuesday.",
        "The U.N. — as usual — said nothing.",
        "Oslo — a city of fishermen — hosted the talks.",
        "OSLO talks resumed on Tuesday.",
    ],
)
def test_clean_dateline_false_positives(opening: str) -> None:
    ct = clean(opening)
    assert ct.text == opening
    assert ct.dateline is None


def test_clean_dateline_only_at_start() -> None:
    text = "First paragraph.\nSecond paragraph.\nThird paragraph.\nWASHINGTON — A fourth paragraph."
    ct = clean(text)
    assert ct.text == text
    assert ct.dateline is None


# ------------------------------------------------------------------- bylines and navigation


@pytest.mark.parametrize(
    "line",
    [
        "By Mara Lind",
        "By MARA LIND",
        "By Mara Lind and Tomas Eck, Reuters",
        "By Mara Lind, Tomas Eck and Ines de la Cruz",
        "By Mara Lind | Harbor Daily",
        "By Mara Lind, Chief Fisheries Correspondent",
        "Reporting by Mara Lind; Editing by Tomas Eck",
        "(Reporting by Mara Lind in Oslo; Additional reporting by Ines Cruz; Editing by Tomas Eck)",
        "Writing by Mara Lind",
        "Additional reporting by Ines Cruz in Bergen",
        "Contact: desk@example.org",
        "Mara Lind contributed to this report.",
        "Mara Lind of the Nordic Service contributed reporting from Bergen.",
    ],
)
def test_clean_byline(line: str) -> None:
    text = f"Envoys met in Oslo on Tuesday.\n{line}\nThe talks will resume next week."
    ct = clean(text)
    assert ct.text == "Envoys met in Oslo on Tuesday.\nThe talks will resume next week."
    assert ct.removed[0][2].startswith("byline:")


@pytest.mark.parametrize(
    "line",
    [
        "Read more: Why the harbor matters",
        "Read more",
        "READ MORE",
        "Related:",
        "Related: Quotas explained",
        "Related stories",
        "Also read: The harbor dispute in five charts",
        "Click here to get our newsletter",
        "Subscribe to our newsletter",
        "Sign up for our morning briefing",
        "Share this article",
        "Advertisement",
        "ADVERTISEMENT",
        "Advertisement - Scroll to continue with content",
        "Follow us on Twitter",
        "Follow Harbor Daily on Telegram",
        "4 min read",
        "Listen to this article",
    ],
)
def test_clean_navigation(line: str) -> None:
    text = f"Envoys met in Oslo on Tuesday.\n{line}\nThe talks will resume next week."
    ct = clean(text)
    assert ct.text == "Envoys met in Oslo on Tuesday.\nThe talks will resume next week."
    assert ct.removed[0][2].startswith("navigation:")


@pytest.mark.parametrize(
    "line",
    [
        "By Monday, the envoys had agreed on a date.",
        "By contrast, the fleet owners were pleased.",
        "Related to the quotas, officials raised shipping lanes.",
        "Subscribers to the harbor bulletin were told first.",
        "Sign-up sheets for the fleet census went missing.",
        "Reading more into the delay would be a mistake, he said.",
        "Following the talks, the minister flew home.",
        "Advertising revenue at the harbor fell by half.",
        "Several agencies contributed money to the harbor fund.",
        "Writers gathered in Bergen on Monday.",
    ],
)
def test_clean_body_lines_kept(line: str) -> None:
    text = f"Envoys met in Oslo on Tuesday.\n{line}\nThe talks will resume next week."
    assert clean(text).text == text


def test_clean_long_line_never_removed() -> None:
    line = "Photo: " + "the envoys talked about quotas and harbors for hours " * 20
    text = f"Envoys met.\n{line}\nThe end."
    assert clean(text).text == text


def test_clean_blank_lines_collapse_around_removed_line() -> None:
    text = "First paragraph.\n\nAdvertisement\n\nSecond paragraph.\n\nReporting by Mara Lind\n"
    ct = clean(text)
    assert ct.text == "First paragraph.\n\nSecond paragraph."
    _check_map(ct)


# ------------------------------------------------------------------- glued words


@pytest.mark.parametrize(
    ("text", "expected", "reason"),
    [
        ("Talks ended.The envoy left.", "Talks ended. The envoy left.", "split:sentence"),
        ("Talks ended in 2024.Officials left.", "Talks ended in 2024. Officials left.", "split:sentence"),
        ("Was it over?Nobody knew.", "Was it over? Nobody knew.", "split:sentence"),
        ("He said “no.”The envoy left.", "He said “no.” The envoy left.", "split:sentence"),
        (
            "He said no.“We will not yield,” he added.",
            "He said no. “We will not yield,” he added.",
            "split:sentence",
        ),
        (
            "Boats moored in OsloReuters reported the talks.",
            "Boats moored in Oslo Reuters reported the talks.",
            "split:outlet",
        ),
        (
            "Boats moored in OsloAFP said on Monday.",
            "Boats moored in Oslo AFP said on Monday.",
            "split:outlet",
        ),
        (
            "The quota numbersThe envoys met on Tuesday.",
            "The quota numbers The envoys met on Tuesday.",
            "split:word",
        ),
        (
            "Harbor scenesAfter the vote, boats left.",
            "Harbor scenes After the vote, boats left.",
            "split:word",
        ),
    ],
)
def test_clean_glued_words_split(text: str, expected: str, reason: str) -> None:
    ct = clean(text)
    assert ct.text == expected
    (inserted,) = ct.inserted
    assert inserted[1] == reason
    _check_map(ct)


CAMEL_CASE = (
    "McDonald McCain MacArthur MacBook DeSantis LeBron DiCaprio VanDyke O'Neill iPhone eBay YouTube PayPal "
    "LinkedIn WhatsApp JPMorgan ExxonMobil DeepSeek WindEurope MarineTraffic GlaxoSmithKline PlayStation "
    "ChatGPT TikTok OpenAI FitzGerald MacThe McThe McNBC U.S.The J.R.Tolkien example.com Node.JS CNNTheater"
).split()


@pytest.mark.parametrize("name", CAMEL_CASE)
def test_clean_camelcase_names_untouched(name: str) -> None:
    text = f"On Monday {name} was mentioned twice, and {name}."
    assert clean(text).text == text


# ------------------------------------------------------------------- normalization


def test_clean_normalizes_spaces_and_invisible_characters() -> None:
    text = "Envoys\u00a0met\u200b in\u00adOslo.\r\nThe talks\u202fresume.\rNext week.\ufeff"
    ct = clean(text)
    assert ct.text == "Envoys met inOslo.\nThe talks resume.\nNext week."
    assert [r for _, _, r in ct.removed] == ["invisible", "invisible", "cr", "invisible"]
    _check_map(ct)
    assert ct.span_to_original(ct.text.index("Oslo"), ct.text.index("Oslo") + 4) == (
        text.index("Oslo"),
        text.index("Oslo") + 4,
    )


def test_clean_keeps_curly_quotes() -> None:
    text = "“We agreed,” she said. ‘Not yet,’ he replied."
    assert clean(text).text == text


def test_clean_crlf_lines_removed() -> None:
    text = "Envoys met.\r\nAdvertisement\r\nThe talks resume.\r\n"
    ct = clean(text)
    assert ct.text == "Envoys met.\nThe talks resume.\n"
    _check_map(ct)


# ------------------------------------------------------------------- offset map


MESSY = (
    "Harbor talks resume in Oslo\nHarbor talks resume in OsloReuters\n\nBy Mara Lind\n"
    "OSLO (Reuters) - Envoys met on Tuesday.The talks ended late.\n\n"
    "Boats moored in the harbor. (AP Photo/Nils Berg)\n\n"
    "Officials said the\u00a0quota numbersThe envoys agreed.\u200b Fleet owners waited in OsloReuters said.\n"
    "Read more: Why quotas matter\n(Reporting by Mara Lind; Editing by Tomas Eck)\n"
)


def test_clean_offset_map_exact() -> None:
    ct = clean(MESSY, title="Harbor talks resume in Oslo")
    assert ct.text == (
        "Harbor talks resume in Oslo\n\n"
        "Envoys met on Tuesday. The talks ended late.\n\n"
        "Officials said the quota numbers The envoys agreed. Fleet owners waited in Oslo Reuters said."
    )
    assert ct.dateline == "OSLO"
    _check_map(ct)
    # removed pieces never overlap what is kept
    kept = {ct.to_original(i) for i in range(len(ct.text))}
    for start, end, _ in ct.removed:
        assert not kept & set(range(start, end))


def test_clean_span_to_original_after_removed_lines() -> None:
    ct = clean(MESSY, title="Harbor talks resume in Oslo")
    start = ct.text.index("Officials")
    assert ct.span_to_original(start, start + 9) == (MESSY.index("Officials"), MESSY.index("Officials") + 9)
    start = ct.text.index("Envoys")
    begin, end = ct.span_to_original(start, start + len("Envoys met on Tuesday."))
    assert MESSY[begin:end] == "Envoys met on Tuesday."


def test_clean_span_to_original_after_inserted_spaces() -> None:
    ct = clean(MESSY, title="Harbor talks resume in Oslo")
    i = ct.text.index("The envoys")
    assert ct.text[i - 1] == " " and ct.to_original(i - 1) == ct.to_original(i)
    begin, end = ct.span_to_original(i, i + len("The envoys agreed."))
    assert MESSY[begin:end] == "The envoys agreed."
    # a span ending with the inserted space stops before the glued word
    j = ct.text.index("quota numbers")
    begin, end = ct.span_to_original(j, i)
    assert MESSY[begin:end] == "quota numbers"
    # a span across the inserted space covers both words and nothing else
    begin, end = ct.span_to_original(j, i + 3)
    assert MESSY[begin:end] == "quota numbersThe"
    k = ct.text.index("Reuters said")
    begin, end = ct.span_to_original(k, k + 7)
    assert MESSY[begin:end] == "Reuters"


def test_clean_to_original_end_offset() -> None:
    ct = clean("Envoys met.\nReporting by Mara Lind\n")
    assert ct.text == "Envoys met."
    assert ct.to_original(len(ct.text)) == len("Envoys met.")
    assert ct.span_to_original(0, len(ct.text)) == (0, len("Envoys met."))
    identity = clean("Envoys met.")
    assert identity.to_original(len(identity.text)) == len("Envoys met.")


def test_clean_offset_errors() -> None:
    ct = clean("Envoys met.")
    with pytest.raises(IndexError, match="outside the cleaned text"):
        ct.to_original(12)
    with pytest.raises(IndexError):
        ct.to_original(-1)
    with pytest.raises(ValueError, match="after its end"):
        ct.span_to_original(5, 2)
    with pytest.raises(IndexError):
        ct.span_to_original(0, 99)


def test_clean_cleantext_identity() -> None:
    ct = CleanText("Envoys met.", "Envoys met.")
    assert ct.to_original(3) == 3 and ct.to_original(11) == 11
    with pytest.raises(ValueError, match="clean"):
        CleanText("Envoys", "Envoys met.")


def test_clean_cleantext_pickles() -> None:
    ct = clean(MESSY, title="Harbor talks resume in Oslo")
    again = pickle.loads(pickle.dumps(ct))
    assert again == ct
    assert [again.to_original(i) for i in range(len(ct.text) + 1)] == [
        ct.to_original(i) for i in range(len(ct.text) + 1)
    ]


def test_clean_cleantext_frozen() -> None:
    ct = clean("Envoys met.")
    with pytest.raises(AttributeError):
        ct.text = "x"  # type: ignore[misc]


# ------------------------------------------------------------------- speed


@pytest.mark.parametrize(
    "text",
    [
        "a" * 200_000,
        "aA" * 100_000,
        "a.Ab" * 50_000,
        "By " + "Aa " * 66_666,
        "OSLO, " * 33_333 + "- x",
        "O" * 200_000,
        "Reuters" * 28_571,
        "(" * 200_000,
        ("(AP Photo/" + "a" * 140 + "\n") * 1_300,
        ("Nils Berg/" * 50 + "\n") * 400,
        ("Photo photo Photo: " * 25 + "\n") * 400,
        ("By Aa, " * 70 + "x\n") * 400,
        "a\r\n" * 66_666,
        "a\u200b" * 100_000,
    ],
    ids=lambda t: repr(t[:12]),
)
def test_clean_pathological_input_is_fast(text: str) -> None:
    clean("warm up")  # compile the patterns outside the timing
    started = time.perf_counter()
    ct = clean(text, title=text[:200])
    assert time.perf_counter() - started < 2.0  # generous: guards against catastrophic backtracking only
    assert len(ct.text) <= 2 * len(text)


# ------------------------------------------------------------------- data and docs


def test_clean_outlets_data() -> None:
    outlets = json.loads((DATA / "outlets.json").read_text(encoding="utf-8"))["outlets"]
    assert len(outlets) >= 80
    owner: dict[str, str] = {}
    for entry in outlets:
        assert set(entry) <= {"name", "aliases", "kind", "country", "ambiguous"}, entry
        assert entry["kind"] in {"agency", "photo_agency", "broadcaster", "newspaper", "magazine", "online"}
        assert re.fullmatch(r"[A-Z]{2}", entry["country"]), entry
        for form in (entry["name"], *entry["aliases"]):
            assert owner.setdefault(form.lower(), entry["name"]) == entry["name"], form
    for name in ("Reuters", "AP", "AFP", "Xinhua", "TASS", "IRNA", "KCNA", "VOA", "Kyiv Independent"):
        assert name.lower() in owner


def test_clean_boilerplate_data() -> None:
    data = json.loads((DATA / "boilerplate.json").read_text(encoding="utf-8"))
    names = [(p["reason"], p["name"]) for p in data["line_patterns"] + data["tail_patterns"]]
    assert all(reason in {"caption", "byline", "navigation"} for reason, _ in names)
    for entry in data["line_patterns"] + data["tail_patterns"]:
        assert all(r == "{outlet_end}" or r == r.lower() for r in entry.get("requires", ())), entry["name"]
    assert ingest.clean._rules().lines  # compiles


def test_clean_bad_fragment_names_the_fix() -> None:
    with pytest.raises(IngestError, match="define it under 'fragments'"):
        ingest.clean._expand("{nope}", {})


def test_clean_doctests() -> None:
    result = doctest.testmod(ingest.clean)
    assert result.attempted > 0 and result.failed == 0
