"""Tests for ingest.sources: every input format, folders, stdin, errors and laziness."""

from __future__ import annotations

import io
import json
import pickle
from datetime import date
from pathlib import Path

import pytest

from ingest.errors import IngestError, SourceError
from ingest.records import Document
from ingest.sources import read_documents, sniff_format

ARTICLE = (
    "Envoys agree to resume border talks\n"
    "\n"
    "Delegations from Aldoria and Brevenia met in Lisbon on Monday and agreed to resume talks "
    "on their shared river border next month, a spokesperson for the Aldorian foreign ministry said.\n"
)

PAGE = b"""<!DOCTYPE html>
<html lang="en"><head>
<meta charset="utf-8">
<title>Envoys agree to resume border talks | The Example Courier</title>
<link rel="canonical" href="https://courier.example.org/world/envoys-resume-talks">
<meta property="article:published_time" content="2022-05-03T08:15:00+02:00">
<script>var analytics = "tracking script that must not appear";</script>
<style>body { color: black; }</style>
</head><body>
<nav><ul><li><a href="/">Home</a></li><li><a href="/world">World</a></li>
<li><a href="/subscribe">Subscribe to our newsletter</a></li></ul></nav>
<article>
<h1>Envoys agree to resume border talks</h1>
<p>Delegations from Aldoria and Brevenia met in Lisbon on Monday and agreed to resume talks on their
shared river border next month, a spokesperson for the Aldorian foreign ministry said.</p>
<p>The Brevenian deputy foreign minister told reporters that both sides would send technical teams
to survey the disputed river islands before the next round of negotiations in Porto.</p>
</article>
<footer><p>Copyright 2022 The Example Courier. All rights reserved. Privacy policy and cookie settings.</p>
</footer>
<script>document.write("another script");</script>
</body></html>
"""

RSS = b"""<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/">
<channel>
<title>Example Wire: Diplomacy</title>
<link>https://wire.example.org/diplomacy</link>
<description>Diplomatic news</description>
<item>
<title>Ministers sign fisheries accord</title>
<link>https://wire.example.org/diplomacy/fisheries-accord</link>
<guid isPermaLink="false">wire-2022-0503-17</guid>
<pubDate>Tue, 03 May 2022 23:30:00 -0500</pubDate>
<description>A short summary that content:encoded replaces.</description>
<content:encoded><![CDATA[<p>The fisheries ministers of Norland and Sudria signed an accord in Reykjavik.</p>
<p>It caps catches in the northern waters for five years.</p>]]></content:encoded>
</item>
<item>
<title>Talks postponed</title>
<link>https://wire.example.org/diplomacy/talks-postponed</link>
<description>&lt;p&gt;Talks between Norland and Sudria were postponed.&lt;/p&gt;</description>
</item>
</channel>
</rss>
"""

ATOM = b"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
<title>Foreign Desk</title>
<id>urn:example:foreign-desk</id>
<updated>2022-05-04T10:00:00Z</updated>
<entry>
<title>Ambassador recalled</title>
<id>urn:example:foreign-desk:101</id>
<link href="https://desk.example.org/101"/>
<published>2022-05-04T01:00:00+09:00</published>
<updated>2022-05-04T10:00:00+09:00</updated>
<content type="html">&lt;p&gt;Estavia recalled its envoy from Montrena.&lt;/p&gt;</content>
</entry>
<entry>
<title>Summit dates set</title>
<id>urn:example:foreign-desk:102</id>
<updated>2022-05-05T09:00:00Z</updated>
<content type="text">Leaders of the two states will meet in Valletta in June &amp; July.</content>
</entry>
</feed>
"""


def _write(path: Path, data: str | bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(data, str):
        path.write_text(data, encoding="utf-8")
    else:
        path.write_bytes(data)
    return path


def _jsonl(*records: object) -> str:
    return "".join(json.dumps(record) + "\n" for record in records)


def _read(*paths: str | Path, **kwargs: object) -> tuple[list[Document], list[SourceError]]:
    errors: list[SourceError] = []
    docs = list(read_documents(paths, on_error=errors.append, **kwargs))  # type: ignore[arg-type]
    return docs, errors


# -- plain text ------------------------------------------------------------------------


def test_sources_text_file(tmp_path: Path) -> None:
    path = _write(tmp_path / "envoys-lisbon.txt", ARTICLE)
    docs, errors = _read(path)
    assert errors == []
    [doc] = docs
    assert doc.id == "envoys-lisbon"
    assert doc.title == "Envoys agree to resume border talks"
    assert doc.text == ARTICLE  # the title line stays: offsets refer to what was read
    assert doc.url is None and doc.published is None
    assert doc.origin == str(path)


@pytest.mark.parametrize(
    ("text", "title"),
    [
        ("Aldoria and Brevenia met in Lisbon.\nThey agreed to meet again.\n", None),
        ("Aldoria and Brevenia met in Lisbon.", None),
        ("A" * 250 + "\n\nBody text follows here.\n", None),
        ("   \n\nBody text after a blank first line.\n", None),
        ("Short headline  \r\n\r\nBody text with Windows line ends.\r\n", "Short headline"),
    ],
)
def test_sources_text_title_only_when_short_and_followed_by_blank_line(
    tmp_path: Path, text: str, title: str | None
) -> None:
    [doc], _ = _read(_write(tmp_path / "a.txt", text))
    assert doc.title == title
    assert doc.text == text


def test_sources_markdown_heading_is_title(tmp_path: Path) -> None:
    [doc], _ = _read(_write(tmp_path / "note.md", "# Talks in Lisbon\n\nThe envoys met on Monday.\n"))
    assert doc.title == "Talks in Lisbon"
    assert doc.text.startswith("# Talks in Lisbon")


def test_sources_text_utf8_bom_is_dropped(tmp_path: Path) -> None:
    [doc], _ = _read(_write(tmp_path / "bom.txt", b"\xef\xbb\xbf" + ARTICLE.encode()))
    assert doc.text == ARTICLE
    assert doc.title == "Envoys agree to resume border talks"


def test_sources_text_cp1252_fallback(tmp_path: Path) -> None:
    text = "Caf\u00e9 talks \u2013 \u201cconstructive\u201d, said the envoy of Aldoria.\n"
    path = _write(tmp_path / "legacy.txt", text.encode("cp1252"))
    docs, errors = _read(path)
    assert errors == []
    assert docs[0].text == text


def test_sources_text_utf16_with_bom(tmp_path: Path) -> None:
    path = _write(tmp_path / "wide.txt", ARTICLE.encode("utf-16"))
    [doc], errors = _read(path)
    assert errors == []
    assert doc.text == ARTICLE


def test_sources_binary_file_is_reported_and_skipped(tmp_path: Path) -> None:
    binary = _write(tmp_path / "scan.txt", b"\x00\x01\x02\x03" * 64 + b"\xff\xfe\x00" * 50)
    good = _write(tmp_path / "good.txt", ARTICLE)
    docs, errors = _read(binary, good)
    assert [d.id for d in docs] == ["good"]
    assert [e.origin for e in errors] == [str(binary)]
    assert errors[0].reason.startswith("binary file")


def test_sources_pdf_is_binary(tmp_path: Path) -> None:
    _, errors = _read(_write(tmp_path / "report.txt", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n"))
    assert errors[0].reason.startswith("binary file")


@pytest.mark.parametrize("name", ["empty.txt", "empty.html", "empty.jsonl", "empty.json", "empty.xml"])
def test_sources_empty_file(tmp_path: Path, name: str) -> None:
    path = _write(tmp_path / name, b" \n\n  \n")
    docs, errors = _read(path)
    assert docs == []
    if name.endswith(".jsonl"):
        assert errors == []  # blank lines are skipped; there is simply nothing to read
    else:
        assert len(errors) == 1 and errors[0].origin == str(path)
        assert errors[0].reason.startswith("empty")


def test_sources_too_long_document_is_skipped(tmp_path: Path) -> None:
    path = _write(tmp_path / "long.txt", "word " * 24)
    docs, errors = _read(path, max_chars=100)
    assert docs == []
    assert errors[0].reason == (
        "document has 120 characters, over the limit of 100; raise --max-chars or split it"
    )


def test_sources_too_large_text_file_is_not_read_whole(tmp_path: Path) -> None:
    path = _write(tmp_path / "huge.txt", "a" * 5000)
    _, errors = _read(path, max_chars=100)
    assert "over the limit of 100 characters" in errors[0].reason


def test_sources_max_chars_must_be_positive() -> None:
    with pytest.raises(ValueError, match="max_chars"):
        list(read_documents([], max_chars=0))


# -- HTML ------------------------------------------------------------------------------


def test_sources_html_keeps_only_the_article(tmp_path: Path) -> None:
    path = _write(tmp_path / "courier" / "envoys.html", PAGE)
    docs, errors = _read(path)
    assert errors == []
    [doc] = docs
    assert doc.id == "envoys"
    assert doc.title == "Envoys agree to resume border talks"
    assert doc.url == "https://courier.example.org/world/envoys-resume-talks"
    assert doc.published == date(2022, 5, 3)
    assert "Delegations from Aldoria and Brevenia met in Lisbon" in doc.text
    assert "technical teams" in doc.text
    for boilerplate in (
        "Subscribe",
        "newsletter",
        "Home",
        "tracking script",
        "another script",
        "Copyright",
        "color",
    ):
        assert boilerplate not in doc.text


def test_sources_html_without_metadata(tmp_path: Path) -> None:
    page = (
        b"<html><head><title>Ministers talk</title></head><body><article>"
        b"<p>On 4 March 2021 the ministers of Aldoria and Brevenia met in Lisbon to discuss port fees "
        b"and shipping lanes along their coasts.</p>"
        b"<p>The meeting lasted three hours and ended with a short joint statement.</p>"
        b"</article></body></html>"
    )
    [doc], errors = _read(_write(tmp_path / "ministers.htm", page), published=date(2021, 3, 5))
    assert errors == []
    assert doc.url is None
    # no date in the page's metadata: the default applies, no date is guessed from the body
    assert doc.published == date(2021, 3, 5)


def test_sources_html_without_text_is_empty(tmp_path: Path) -> None:
    page = (
        b"<html><head><title>Only a title</title><script>x = 1;</script></head><body>"
        b"<div class='cookie-banner'>We use cookies.</div><footer>Contact us</footer></body></html>"
    )
    _, errors = _read(_write(tmp_path / "blank.html", page))
    assert len(errors) == 1 and errors[0].reason.startswith("empty")


# -- JSON Lines and JSON ---------------------------------------------------------------


def test_sources_jsonl_records(tmp_path: Path) -> None:
    path = _write(
        tmp_path / "batch.jsonl",
        _jsonl(
            {
                "id": "a1",
                "url": "https://wire.example.org/a1",
                "title": "Envoys meet",
                "published": "2021-04-12",
                "text": "Envoys of Aldoria and Brevenia met in Lisbon.",
            },
            {"id": "a2", "url": None, "title": None, "published": None, "text": "A second short report."},
            {"id": 17, "text": "A record with a numeric id and no optional fields."},
        ),
    )
    docs, errors = _read(path)
    assert errors == []
    assert [(d.id, d.origin) for d in docs] == [("a1", f"{path}:1"), ("a2", f"{path}:2"), ("17", f"{path}:3")]
    assert docs[0] == Document(
        id="a1",
        text="Envoys of Aldoria and Brevenia met in Lisbon.",
        url="https://wire.example.org/a1",
        title="Envoys meet",
        published=date(2021, 4, 12),
        origin=f"{path}:1",
    )
    assert docs[1].url is None and docs[1].title is None and docs[1].published is None


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2021-04-12", date(2021, 4, 12)),
        ("2021-04-12T10:30:00Z", date(2021, 4, 12)),
        ("2021-04-12 10:30:00+00:00", date(2021, 4, 12)),
        ("2021-04-12T23:30:00-05:00", date(2021, 4, 12)),  # the date as written, not shifted to UTC
        ("2021-04-12T10:30:00.123456", date(2021, 4, 12)),
    ],
)
def test_sources_jsonl_timestamps(tmp_path: Path, value: str, expected: date) -> None:
    path = _write(tmp_path / "t.jsonl", _jsonl({"id": "x", "text": "Talks ended.", "published": value}))
    [doc], errors = _read(path)
    assert errors == []
    assert doc.published == expected


def test_sources_jsonl_bad_lines_are_reported_and_skipped(tmp_path: Path) -> None:
    lines = [
        json.dumps({"id": "ok1", "text": "First envoy report."}),
        '{"id": "broken" "text": "missing comma"}',
        "",
        json.dumps(["not", "an", "object"]),
        json.dumps({"text": "no id here"}),
        json.dumps({"id": "no-text"}),
        json.dumps({"id": "bad-date", "text": "Dated wrongly.", "published": "12/04/2021"}),
        json.dumps({"id": "ok2", "text": "Second envoy report."}),
        json.dumps({"id": "blank", "text": "   "}),
        json.dumps({"id": "bad-url", "text": "Has a list for a url.", "url": ["x"]}),
    ]
    path = _write(tmp_path / "bad.jsonl", "\n".join(lines) + "\n")
    docs, errors = _read(path)
    assert [d.id for d in docs] == ["ok1", "ok2"]
    assert [e.origin for e in errors] == [f"{path}:{n}" for n in (2, 4, 5, 6, 7, 9, 10)]
    assert str(errors[0]) == f"{path}:2: malformed JSON (Expecting ',' delimiter)"
    assert "not a JSON object" in errors[1].reason
    assert errors[2].reason.startswith("missing 'id'")
    assert errors[3].reason.startswith("missing 'text'")
    assert "bad date '12/04/2021'" in errors[4].reason
    assert errors[5].reason.startswith("empty")
    assert "'url' must be a string" in errors[6].reason


def test_sources_jsonl_invalid_utf8_line(tmp_path: Path) -> None:
    good = json.dumps({"id": "ok", "text": "Fine."}).encode()
    path = _write(tmp_path / "mixed.jsonl", b'{"id": "x", "text": "caf\xe9"}\n' + good + b"\n")
    docs, errors = _read(path)
    assert [d.id for d in docs] == ["ok"]
    assert errors[0].origin == f"{path}:1" and errors[0].reason.startswith("not UTF-8")


def test_sources_strict_mode_raises_first_error(tmp_path: Path) -> None:
    path = _write(tmp_path / "bad.jsonl", _jsonl({"id": "a", "text": "Fine."}) + "{oops\n")
    documents = read_documents([path])
    assert next(documents).id == "a"
    with pytest.raises(SourceError) as caught:
        next(documents)
    assert caught.value.origin == f"{path}:2"
    assert isinstance(caught.value, IngestError)


@pytest.mark.parametrize(
    "content",
    [
        json.dumps({"id": "one", "title": "Single", "text": "A single article object."}, indent=2),
        json.dumps([{"id": "one", "title": "Single", "text": "A single article object."}]),
    ],
)
def test_sources_json_object_or_array(tmp_path: Path, content: str) -> None:
    docs, errors = _read(_write(tmp_path / "one.json", content))
    assert errors == []
    assert [(d.id, d.title, d.text) for d in docs] == [("one", "Single", "A single article object.")]


def test_sources_json_array_items_have_index_origin(tmp_path: Path) -> None:
    path = _write(
        tmp_path / "many.json",
        json.dumps([{"id": "a", "text": "First."}, {"id": "b"}, {"id": "c", "text": "Third."}], indent=1),
    )
    docs, errors = _read(path)
    assert [d.origin for d in docs] == [f"{path}#1", f"{path}#3"]
    assert [e.origin for e in errors] == [f"{path}#2"]


def test_sources_json_file_holding_json_lines(tmp_path: Path) -> None:
    path = _write(
        tmp_path / "lines.json", _jsonl({"id": "a", "text": "First."}, {"id": "b", "text": "Second."})
    )
    docs, errors = _read(path)
    assert errors == []
    assert [d.origin for d in docs] == [f"{path}:1", f"{path}:2"]


def test_sources_malformed_json_file_names_the_line(tmp_path: Path) -> None:
    path = _write(tmp_path / "broken.json", '{\n  "id": "a",\n  "text": "x",,\n}\n')
    docs, errors = _read(path)
    assert docs == []
    assert errors[0].origin == f"{path}:3"
    assert errors[0].reason.startswith("malformed JSON")


# -- feeds -----------------------------------------------------------------------------


def test_sources_rss_feed(tmp_path: Path) -> None:
    path = _write(tmp_path / "wire.rss", RSS)
    docs, errors = _read(path, published=date(2022, 1, 1))
    assert errors == []
    first, second = docs
    assert first.id == "wire-2022-0503-17"
    assert first.url == "https://wire.example.org/diplomacy/fisheries-accord"
    assert first.title == "Ministers sign fisheries accord"
    assert first.published == date(2022, 5, 3)  # as written, although it is 4 May in UTC
    assert first.origin == f"{path}#1"
    assert first.text == (
        "The fisheries ministers of Norland and Sudria signed an accord in Reykjavik.\n"
        "It caps catches in the northern waters for five years."
    )
    assert "summary" not in first.text
    assert second.id == "https://wire.example.org/diplomacy/talks-postponed"  # no guid: the link
    assert second.text == "Talks between Norland and Sudria were postponed."
    assert second.published == date(2022, 1, 1)  # no date in the entry: the default
    assert second.origin == f"{path}#2"


def test_sources_atom_feed(tmp_path: Path) -> None:
    path = _write(tmp_path / "desk.atom", ATOM)
    docs, errors = _read(path)
    assert errors == []
    first, second = docs
    assert (first.id, first.url, first.title) == (
        "urn:example:foreign-desk:101",
        "https://desk.example.org/101",
        "Ambassador recalled",
    )
    assert first.published == date(2022, 5, 4)  # 3 May in UTC; the entry's own date wins
    assert first.text == "Estavia recalled its envoy from Montrena."
    assert second.url is None  # feedparser offers the urn id as its link; only web links count
    assert second.published == date(2022, 5, 5)  # from <updated> when there is no <published>
    assert second.text == "Leaders of the two states will meet in Valletta in June & July."


def test_sources_broken_feed(tmp_path: Path) -> None:
    broken = _write(tmp_path / "broken.xml", b"<rss version='2.0'><channel>&bogus; <<< </chan")
    good = _write(tmp_path / "good.txt", ARTICLE)
    docs, errors = _read(broken, good)
    assert [d.id for d in docs] == ["good"]
    assert errors[0].origin == str(broken)
    assert errors[0].reason.startswith("not a readable feed")


def test_sources_truncated_feed_keeps_entries_with_text(tmp_path: Path) -> None:
    truncated = RSS[: RSS.index(b"<item>\n<title>Talks postponed")] + b"<item><title>Cut off"
    docs, errors = _read(_write(tmp_path / "cut.xml", truncated))
    assert [d.id for d in docs] == ["wire-2022-0503-17"]
    assert [e.reason.split(":")[0] for e in errors] == ["empty"]  # the cut entry has no text


def test_sources_xml_that_is_not_a_feed(tmp_path: Path) -> None:
    _, errors = _read(_write(tmp_path / "sitemap.xml", b"<?xml version='1.0'?><urlset><url/></urlset>"))
    assert errors[0].reason.startswith("no RSS or Atom feed")


# -- folders, paths, stdin -------------------------------------------------------------


def test_sources_folder_recursive_sorted_and_filtered(tmp_path: Path) -> None:
    root = tmp_path / "corpus"
    _write(root / "b-notes.txt", ARTICLE)
    _write(root / "a-page.html", PAGE)
    _write(root / "sub" / "batch.jsonl", _jsonl({"id": "j1", "text": "From the lines file."}))
    _write(root / "sub" / "deeper" / "feed.atom", ATOM)
    _write(root / "sub" / "c.md", "A markdown note about talks in Lisbon.\n")
    _write(root / "image.png", b"\x89PNG\r\n\x1a\n\x00\x00")
    _write(root / "README", "no extension: skipped inside folders")
    _write(root / ".hidden.txt", "hidden file")
    _write(root / ".git" / "notes.txt", "hidden folder")
    docs, errors = _read(root)
    assert errors == []
    assert [d.id for d in docs] == [
        "a-page",
        "b-notes",
        "j1",
        "sub/c",
        "urn:example:foreign-desk:101",
        "urn:example:foreign-desk:102",
    ]
    assert docs[0].origin == str(root / "a-page.html")
    assert docs[3].origin == str(root / "sub" / "c.md")


def test_sources_folder_and_files_in_given_order(tmp_path: Path) -> None:
    one = _write(tmp_path / "one.txt", ARTICLE)
    folder = tmp_path / "more"
    _write(folder / "two.txt", ARTICLE)
    docs, _ = _read(str(one), folder, one)
    assert [d.id for d in docs] == ["one", "two", "one"]


def test_sources_missing_path(tmp_path: Path) -> None:
    missing = tmp_path / "nowhere.txt"
    good = _write(tmp_path / "good.txt", ARTICLE)
    docs, errors = _read(missing, good)
    assert [d.id for d in docs] == ["good"]
    assert errors == [SourceError(str(missing), "no such file or folder")]
    with pytest.raises(SourceError, match="no such file or folder"):
        list(read_documents([missing]))


@pytest.mark.parametrize(
    ("data", "expected_id", "expected_title"),
    [
        (ARTICLE.encode(), None, "Envoys agree to resume border talks"),
        (
            PAGE,
            "https://courier.example.org/world/envoys-resume-talks",
            "Envoys agree to resume border talks",
        ),
        (_jsonl({"id": "s1", "title": "Piped", "text": "Read from a pipe."}).encode(), "s1", "Piped"),
        (RSS, "wire-2022-0503-17", "Ministers sign fisheries accord"),
    ],
)
def test_sources_stdin_is_sniffed(data: bytes, expected_id: str | None, expected_title: str) -> None:
    docs, errors = _read("-", stdin=io.BytesIO(data))
    assert errors == []
    doc = docs[0]
    assert doc.title == expected_title
    if expected_id is None:
        assert doc.id.startswith("stdin-")
        assert doc.origin == "<stdin>"
    else:
        assert doc.id == expected_id
        assert doc.origin.startswith("<stdin>")


def test_sources_stdin_text_id_is_stable() -> None:
    first, _ = _read("-", stdin=io.BytesIO(ARTICLE.encode()))
    again, _ = _read("-", stdin=io.BytesIO(ARTICLE.encode()))
    other, _ = _read("-", stdin=io.BytesIO(b"Another report entirely."))
    assert first[0].id == again[0].id != other[0].id


def test_sources_stdin_defaults_to_sys_stdin(monkeypatch: pytest.MonkeyPatch) -> None:
    class FakeStdin:
        buffer = io.BytesIO(b"Talks resumed in Lisbon.")

    monkeypatch.setattr("sys.stdin", FakeStdin())
    [doc], _ = _read("-")
    assert doc.text == "Talks resumed in Lisbon."


def test_sources_empty_stdin() -> None:
    docs, errors = _read("-", stdin=io.BytesIO(b""))
    assert docs == []
    assert errors == [SourceError("<stdin>", "empty: no article text found")]


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (ARTICLE.encode(), "text"),
        (PAGE, "html"),
        (b"  <div><p>Talks resumed in Lisbon on Monday, the ministry said.</p></div>", "html"),
        (RSS, "feed"),
        (ATOM, "feed"),
        (b"<?xml version='1.0'?>\n<!-- old feed -->\n<rdf:RDF xmlns:rdf='x'></rdf:RDF>", "feed"),
        (_jsonl({"id": "a", "text": "b"}).encode(), "jsonl"),
        (json.dumps({"id": "a", "text": "b"}, indent=2).encode(), "json"),
        (b'[{"id": "a", "text": "b"}]', "json"),
        (b"[Reuters] Talks resumed in Lisbon.", "text"),
        (b"{Reuters} Talks resumed in Lisbon.", "text"),
        (b"\x00\x01\x02binary", "binary"),
        (b"", "text"),
    ],
)
def test_sources_sniff_format(data: bytes, expected: str) -> None:
    assert sniff_format(data, "download") == expected


def test_sources_sniff_format_trusts_known_extensions() -> None:
    assert sniff_format(b"Plain words.", "page.htm") == "html"
    assert sniff_format(b"{}", "x.ndjson") == "jsonl"
    assert sniff_format(b"\x00\x00", "x.txt") == "binary"


@pytest.mark.parametrize(
    ("name", "data", "expected_ids"),
    [
        ("article.dat", ARTICLE.encode(), ["article"]),
        ("page.php", PAGE, ["page"]),
        ("export.data", _jsonl({"id": "e1", "text": "x"}, {"id": "e2", "text": "y"}).encode(), ["e1", "e2"]),
        ("feed", ATOM, ["urn:example:foreign-desk:101", "urn:example:foreign-desk:102"]),
    ],
)
def test_sources_named_file_with_unknown_extension_is_sniffed(
    tmp_path: Path, name: str, data: bytes, expected_ids: list[str]
) -> None:
    docs, errors = _read(_write(tmp_path / name, data))
    assert errors == []
    assert [d.id for d in docs] == expected_ids


# -- published default -----------------------------------------------------------------


def test_sources_published_default_and_own_date(tmp_path: Path) -> None:
    default = date(2020, 1, 1)
    path = _write(
        tmp_path / "dates.jsonl",
        _jsonl(
            {"id": "own", "text": "Has its own date.", "published": "2021-04-12"},
            {"id": "none", "text": "Has no date.", "published": None},
            {"id": "absent", "text": "Lacks the key."},
        ),
    )
    text = _write(tmp_path / "plain.txt", ARTICLE)
    page = _write(tmp_path / "page.html", PAGE)
    docs, _ = _read(path, text, page, published=default)
    assert {d.id: d.published for d in docs} == {
        "own": date(2021, 4, 12),
        "none": default,
        "absent": default,
        "plain": default,
        "page": date(2022, 5, 3),
    }


# -- laziness --------------------------------------------------------------------------


def test_sources_is_lazy_over_a_large_stream() -> None:
    record = _jsonl({"id": "x", "text": "Envoys met again in Lisbon. " * 20})
    stream = io.BytesIO((record * 20_000).encode())  # about 12 MB
    documents = read_documents(["-"], stdin=stream)
    first = next(documents)
    assert first.id == "x"
    assert stream.tell() < 100_000  # only the start was read


def test_sources_later_bad_line_is_not_reported_before_it_is_reached(tmp_path: Path) -> None:
    good = _jsonl(*({"id": f"n{i}", "text": f"Report number {i}."} for i in range(5000)))
    path = _write(tmp_path / "big.jsonl", good + "{not json at all\n")
    errors: list[SourceError] = []
    documents = read_documents([path], on_error=errors.append)
    assert [next(documents).id for _ in range(3)] == ["n0", "n1", "n2"]
    assert errors == []
    assert sum(1 for _ in documents) == 4997
    assert [e.origin for e in errors] == [f"{path}:5001"]


def test_sources_reads_paths_one_at_a_time(tmp_path: Path) -> None:
    def paths() -> object:
        yield _write(tmp_path / "first.txt", ARTICLE)
        raise AssertionError("the second path must not be asked for yet")

    documents = read_documents(paths())  # type: ignore[arg-type]
    assert next(documents).id == "first"


# -- errors ----------------------------------------------------------------------------


def test_sources_error_str_repr_and_pickle() -> None:
    error = SourceError("examples/bad.jsonl:3", "malformed JSON (Expecting ',' delimiter)")
    assert str(error) == "examples/bad.jsonl:3: malformed JSON (Expecting ',' delimiter)"
    assert repr(error) == (
        "SourceError(origin='examples/bad.jsonl:3', reason=\"malformed JSON (Expecting ',' delimiter)\")"
    )
    copy = pickle.loads(pickle.dumps(error))
    assert copy == error and copy.origin == error.origin and copy.reason == error.reason


def test_sources_folder_skips_its_own_readme(tmp_path: Path) -> None:
    (tmp_path / "README.md").write_text(
        "# About these files\n\nInvented articles for tests.\n", encoding="utf-8"
    )
    (tmp_path / "LICENSE.txt").write_text("Permission is granted.\n", encoding="utf-8")
    (tmp_path / "talks.txt").write_text(
        "Envoys from two countries met in Lisbon on Monday.\n", encoding="utf-8"
    )
    docs = list(read_documents([tmp_path]))
    assert [d.id for d in docs] == ["talks"]
