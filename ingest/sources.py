"""Read articles from files, folders and standard input into :class:`Document` records.

:func:`read_documents` is the only entry point the pipeline needs. It is a
generator: JSON Lines files are read line by line and folders file by file,
so a corpus never has to fit in memory. Formats:

- ``.txt``, ``.text``, ``.md``, ``.markdown``: one article per file.
- ``.html``, ``.htm``, ``.xhtml``: one article per page; trafilatura keeps the
  main text and drops navigation, scripts and footers.
- ``.jsonl``, ``.ndjson``: one article per line, an object with ``id`` and
  ``text`` and optionally ``url``, ``title`` and ``published``.
- ``.json``: the same records as JSON Lines, one object, or an array of them.
- ``.xml``, ``.rss``, ``.atom``, ``.rdf``: an RSS or Atom feed, one article per
  entry. Nothing is fetched over the network.

A file named on its own with any other extension, and standard input, are
sniffed (:func:`sniff_format`). Inside folders, files with other extensions,
hidden files and folders, and a folder's own documentation (README, LICENSE,
CHANGELOG, NOTICE, whatever their extension) are skipped silently.

Whatever cannot be read becomes a :class:`~ingest.errors.SourceError` naming the
file (and line or entry); reading then goes on with the next one.
"""

from __future__ import annotations

import codecs
import email.utils
import hashlib
import io
import itertools
import json
import os
import re
import sys
from collections.abc import Callable, Generator, Iterable, Iterator
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path, PurePath
from typing import IO, Any, Literal, TypeAlias, overload

import feedparser
import lxml.html
import trafilatura
from lxml import etree

from ingest.errors import SourceError
from ingest.records import Document

__all__ = ["Format", "read_documents", "sniff_format"]

Format = Literal["text", "html", "jsonl", "json", "feed", "binary"]

_EXTENSIONS: dict[str, Format] = {
    ".txt": "text",
    ".text": "text",
    ".md": "text",
    ".markdown": "text",
    ".html": "html",
    ".htm": "html",
    ".xhtml": "html",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".json": "json",
    ".xml": "feed",
    ".rss": "feed",
    ".atom": "feed",
    ".rdf": "feed",
}
_MARKDOWN = frozenset({".md", ".markdown"})

_SNIFF_BYTES = 8192
_CHUNK_BYTES = 1 << 20
# Pages, feeds and whole-file JSON are parsed in one piece; past this they are refused.
_MAX_WHOLE_FILE_BYTES = 256 << 20
_TITLE_MAX_CHARS = 200

_TRAFILATURA_OPTIONS: dict[str, Any] = {
    "include_comments": False,
    "include_tables": False,
    "favor_precision": True,
    "with_metadata": False,
}

_BINARY_MAGIC = (b"%PDF-", b"PK\x03\x04", b"\x1f\x8b", b"\x89PNG", b"\xff\xd8\xff", b"7z\xbc\xaf")
_UNICODE_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF32_LE, "utf-32"),  # before UTF-16 LE: it starts with the same two bytes
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
# Bytes that occur in text: tab, newlines, form feed, escape and everything from space up.
_TEXT_BYTES = bytes([7, 8, 9, 10, 11, 12, 13, 27, *range(0x20, 0x7F), *range(0x80, 0x100)])
_MAX_CONTROL_RATIO = 0.05

_BLOCK_TAGS = (
    "address", "article", "aside", "blockquote", "br", "dd", "div", "dl", "dt", "figcaption",
    "footer", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr", "li", "main", "ol", "p",
    "pre", "section", "table", "td", "th", "tr", "ul",
)  # fmt: skip

_BINARY_REASON = "binary file; dkg reads plain text, HTML, JSON Lines and RSS/Atom feeds"
_EMPTY_REASON = "empty: no article text found"

_Item: TypeAlias = Document | SourceError


@dataclass(frozen=True, slots=True)
class _Options:
    published: date | None
    max_chars: int


def read_documents(
    paths: Iterable[str | Path],
    *,
    published: date | None = None,
    max_chars: int = 1_000_000,
    on_error: Callable[[SourceError], None] | None = None,
    stdin: IO[bytes] | None = None,
) -> Iterator[Document]:
    """Yield one :class:`Document` per article found in PATHS, lazily, in order.

    paths (Iterable[str | Path]): files, folders (read recursively in sorted
        order) and "-" (the string) for standard input. Folders skip hidden
        entries and files with extensions dkg does not read; symbolic links to
        folders are not followed.
    published (date | None): publication date for documents that carry none;
        a document's own date wins. Defaults to None.
    max_chars (int): documents with more characters are skipped with an
        error. Defaults to 1,000,000.
    on_error (Callable[[SourceError], None] | None): called with each file,
        line or entry that cannot be read; reading then continues. When None,
        the first such error is raised. Defaults to None.
    stdin (IO[bytes] | None): binary stream read for "-". Defaults to
        ``sys.stdin.buffer``.
    RETURNS (Iterator[Document]): the documents; ``Document.origin`` is the
        path, "path:LINE" for JSON Lines, "path#N" for the N-th (from 1) feed
        entry or JSON array item, and "<stdin>" for standard input.

    :raises SourceError: when on_error is None and something cannot be read.
    :raises ValueError: when max_chars is not positive.
    """
    if max_chars < 1:
        raise ValueError(f"max_chars must be positive, got {max_chars}")
    options = _Options(published=published, max_chars=max_chars)
    report = on_error if on_error is not None else _raise
    for path in paths:
        if isinstance(path, str) and path == "-":
            items = _read_stdin(stdin if stdin is not None else sys.stdin.buffer, options)
        else:
            items = _read_path(Path(path), options)
        try:
            for item in items:
                if isinstance(item, SourceError):
                    report(item)
                else:
                    yield item
        finally:
            items.close()  # closes the open file at once when the caller stops early


def sniff_format(data: bytes, name: str) -> Format:
    """Tell how to read a file from its NAME's extension and its first bytes DATA.

    A known extension decides unless the bytes are binary; otherwise the
    content does: markup with an ``rss``, ``feed`` or ``rdf:RDF`` root is a
    feed, other markup HTML, a first line holding a JSON object JSON Lines,
    another JSON start "json", anything else text.

    data (bytes): the start of the file (8 KiB are enough) or all of it.
    name (str): the file name, or "" or "-" when there is none.
    RETURNS (str): "text", "html", "jsonl", "json", "feed" or "binary".

    >>> sniff_format(b'{"id": "a1", "text": "Envoys met."}\\n', "-")
    'jsonl'
    >>> sniff_format(b"<?xml version='1.0'?><rss version='2.0'></rss>", "download")
    'feed'
    >>> sniff_format(b"Envoys met in Oslo.", "notes.html")
    'html'
    """
    if _looks_binary(data):
        return "binary"
    known = _EXTENSIONS.get(PurePath(name).suffix.lower())
    if known is not None:
        return known
    head = _decode_loosely(data).lstrip()
    if head.startswith("<"):
        return "feed" if _is_feed_root(_root_tag(head)) else "html"
    if head.startswith("{"):
        after = head[1:].lstrip()
        if after and after[0] not in '"}':
            return "text"  # "{Reuters} ..." is prose, not JSON
        try:
            first = json.loads(head.partition("\n")[0])
        except (ValueError, RecursionError):
            return "json"  # pretty-printed, or a first line longer than DATA
        return "jsonl" if isinstance(first, dict) else "json"
    if head.startswith("["):
        after = head[1:].lstrip()
        if not after or after[0] in "{]":
            return "json"
    return "text"


# -- paths -----------------------------------------------------------------------------


def _raise(error: SourceError) -> None:
    raise error


def _read_path(path: Path, options: _Options) -> Generator[_Item, None, None]:
    if path.is_dir():
        for found in _walk(path):
            if isinstance(found, SourceError):
                yield found
            else:
                doc_id = found.relative_to(path).with_suffix("").as_posix()
                yield from _read_file(found, doc_id, options)
    elif path.exists():
        yield from _read_file(path, path.stem, options)
    else:
        yield SourceError(str(path), "no such file or folder")


#: Files that describe a folder rather than hold an article.
_FOLDER_DOCS = frozenset({"README", "LICENSE", "LICENCE", "CHANGELOG", "NOTICE", "COPYING"})


def _walk(folder: Path) -> Iterator[Path | SourceError]:
    """Files under FOLDER that dkg reads, depth first in name order."""
    try:
        with os.scandir(folder) as scan:
            entries = sorted(scan, key=lambda entry: entry.name)
    except OSError as error:
        yield SourceError(str(folder), f"cannot list folder ({error.strerror or error})")
        return
    for entry in entries:
        if entry.name.startswith(".") or PurePath(entry.name).stem.upper() in _FOLDER_DOCS:
            continue
        try:
            is_dir = entry.is_dir(follow_symlinks=False)
            is_file = not is_dir and entry.is_file()
        except OSError as error:
            yield SourceError(entry.path, f"cannot read ({error.strerror or error})")
            continue
        if is_dir:
            yield from _walk(Path(entry.path))
        elif is_file and PurePath(entry.name).suffix.lower() in _EXTENSIONS:
            yield Path(entry.path)


def _read_file(path: Path, doc_id: str, options: _Options) -> Iterator[_Item]:
    origin = str(path)
    try:
        with path.open("rb") as stream:
            yield from _read_stream(stream, origin=origin, name=path.name, doc_id=doc_id, options=options)
    except OSError as error:
        yield SourceError(origin, f"cannot read ({error.strerror or error})")


def _read_stdin(stream: IO[bytes], options: _Options) -> Generator[_Item, None, None]:
    try:
        yield from _read_stream(stream, origin="<stdin>", name="", doc_id=None, options=options)
    except OSError as error:
        yield SourceError("<stdin>", f"cannot read ({error.strerror or error})")


def _read_stream(
    stream: IO[bytes], *, origin: str, name: str, doc_id: str | None, options: _Options
) -> Iterator[_Item]:
    """Sniff STREAM from its first bytes, then read it in the format found.

    doc_id: the id for a text or HTML article (None for standard input, where
    one is made from the url or the content).
    """
    head = stream.read(_SNIFF_BYTES)
    fmt = sniff_format(head, name)
    if fmt == "binary":
        yield SourceError(origin, _BINARY_REASON)
        return
    if fmt in ("json", "jsonl"):
        reader = io.BufferedReader(_Prefixed(head, stream))
        if fmt == "jsonl":
            yield from _json_lines(reader, origin, options)
        else:
            yield from _read_json(reader, origin, options)
        return

    if fmt == "text":
        limit = 4 * options.max_chars + 4  # a character takes at most 4 bytes, plus a BOM
    else:
        limit = max(_MAX_WHOLE_FILE_BYTES, 4 * options.max_chars)
    rest = _read_at_most(stream, limit - len(head))
    if rest is None:
        if fmt == "text":
            reason = (
                f"document is over {limit} bytes, so over the limit of {options.max_chars} characters; "
                "raise --max-chars or split it"
            )
        else:
            reason = f"file is over {limit >> 20} MiB, more than dkg parses in one piece; split it"
        yield SourceError(origin, reason)
        return
    data = head + rest
    if not data.strip():
        yield SourceError(origin, _EMPTY_REASON)
        return
    try:
        if fmt == "text":
            markdown = PurePath(name).suffix.lower() in _MARKDOWN
            yield _text_document(data, origin, doc_id, markdown, options)
        elif fmt == "html":
            yield _html_document(data, origin, doc_id, options)
        else:
            yield from _feed_documents(data, origin, options)
    except (ValueError, TypeError, AttributeError, LookupError, etree.LxmlError) as error:
        # trafilatura, feedparser and lxml can trip over odd input; one page must not stop a batch
        yield SourceError(origin, f"could not extract text ({type(error).__name__}: {error})")


class _Prefixed(io.RawIOBase):
    """A stream giving HEAD, then what is left in REST (so a sniffed stdin can be reread)."""

    def __init__(self, head: bytes, rest: IO[bytes]) -> None:
        super().__init__()
        self._head = memoryview(head)
        self._rest = rest
        self._read = getattr(rest, "read1", rest.read)

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        target = memoryview(buffer).cast("B")
        if self._head:
            count = min(len(target), len(self._head))
            target[:count] = self._head[:count]
            self._head = self._head[count:]
            return count
        data = self._read(len(target))
        target[: len(data)] = data
        return len(data)


def _read_at_most(stream: IO[bytes], limit: int) -> bytes | None:
    """The rest of STREAM, or None when it holds more than LIMIT bytes."""
    if limit < 0:
        return None
    chunks: list[bytes] = []
    total = 0
    while True:
        chunk = stream.read(min(_CHUNK_BYTES, limit - total + 1))
        if not chunk:
            return b"".join(chunks)
        chunks.append(chunk)
        total += len(chunk)
        if total > limit:
            return None


# -- plain text ------------------------------------------------------------------------


def _text_document(data: bytes, origin: str, doc_id: str | None, markdown: bool, options: _Options) -> _Item:
    text = _decode_text(data)
    title = _text_title(text, markdown=markdown)
    return _document(origin, doc_id or _content_id(text), text, options=options, title=title)


def _decode_text(data: bytes) -> str:
    """Decode by BOM, else as UTF-8, else cp1252, else latin-1 (which never fails)."""
    for bom, encoding in _UNICODE_BOMS:
        if data.startswith(bom):
            return codecs.decode(data, encoding, "replace")  # these codecs drop the BOM
    for encoding in ("utf-8", "cp1252"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    return data.decode("latin-1")


def _text_title(text: str, *, markdown: bool) -> str | None:
    """The first line, when short and followed by a blank line (it stays in the text)."""
    first, newline, rest = text.partition("\n")
    if not newline or rest.partition("\n")[0].strip():
        return None
    title = first.strip()
    if markdown and title.startswith("#"):
        title = title.lstrip("#").strip()
    return title if title and len(title) < _TITLE_MAX_CHARS else None


# -- HTML ------------------------------------------------------------------------------


def _html_document(data: bytes, origin: str, doc_id: str | None, options: _Options) -> _Item:
    tree = trafilatura.load_html(data)
    if tree is None:
        return SourceError(origin, "not a readable HTML page")
    # Metadata first: extraction may prune the tree. extensive=False keeps to the page's
    # metadata instead of guessing a date from the body text.
    metadata = trafilatura.extract_metadata(tree, extensive=False)
    text = trafilatura.extract(tree, **_TRAFILATURA_OPTIONS) or ""
    url = _web_url(metadata.url)
    published = _iso_date(metadata.date)
    title = metadata.title or None
    return _document(
        origin,
        doc_id or url or _content_id(text),
        text,
        options=options,
        url=url,
        title=title,
        published=published,
    )


def _fragment_text(markup: str) -> str:
    """Plain text of an HTML fragment (a feed entry's content): trafilatura, else lxml."""
    try:
        text = trafilatura.extract(lxml.html.document_fromstring(markup), **_TRAFILATURA_OPTIONS)
    except (etree.ParserError, ValueError):
        text = None
    return text or _lxml_text(markup)


def _lxml_text(markup: str) -> str:
    """All text of MARKUP, one line per block element, scripts and styles left out."""
    try:
        root = lxml.html.document_fromstring(markup)
    except (etree.ParserError, ValueError):
        return ""
    for element in list(root.iter("script", "style", "noscript", "template")):
        element.drop_tree()
    for element in root.iter(*_BLOCK_TAGS):
        element.tail = "\n" + (element.tail or "")
    lines = (" ".join(line.split()) for line in root.text_content().splitlines())
    return "\n".join(line for line in lines if line)


# -- JSON ------------------------------------------------------------------------------


def _json_lines(lines: Iterable[bytes], origin: str, options: _Options) -> Iterator[_Item]:
    for lineno, raw in enumerate(lines, 1):
        if lineno == 1:
            raw = raw.removeprefix(codecs.BOM_UTF8)
        if not raw.strip():
            continue
        where = f"{origin}:{lineno}"
        try:
            line = raw.decode("utf-8")
        except UnicodeDecodeError as error:
            yield SourceError(
                where, f"not UTF-8 ({error.reason} at byte {error.start}); save the file as UTF-8"
            )
            continue
        try:
            value = json.loads(line)
        except json.JSONDecodeError as error:
            yield SourceError(where, f"malformed JSON ({error.msg})")
            continue
        except RecursionError:
            yield SourceError(where, "malformed JSON (nested too deeply)")
            continue
        yield _json_document(value, where, options)


def _read_json(reader: IO[bytes], origin: str, options: _Options) -> Iterator[_Item]:
    """A .json file: JSON Lines when its first line is an object, else one object or an array."""
    consumed: list[bytes] = []
    first = b""
    while not first:
        line = reader.readline()
        if not line:
            break
        consumed.append(line)
        if line.strip():
            first = line
    if not first:
        yield SourceError(origin, _EMPTY_REASON)
        return
    try:
        start = json.loads(first.removeprefix(codecs.BOM_UTF8))
    except (ValueError, RecursionError):
        start = None
    if isinstance(start, dict):
        yield from _json_lines(itertools.chain(consumed, reader), origin, options)
        return

    read = sum(len(line) for line in consumed)
    rest = _read_at_most(reader, _MAX_WHOLE_FILE_BYTES - read)
    if rest is None:
        reason = (
            f"file is over {_MAX_WHOLE_FILE_BYTES >> 20} MiB; convert it to JSON Lines, which dkg streams"
        )
        yield SourceError(origin, reason)
        return
    data = b"".join(consumed) + rest
    try:
        value = json.loads(data.decode("utf-8-sig"))
    except UnicodeDecodeError as error:
        yield SourceError(origin, f"not UTF-8 ({error.reason} at byte {error.start}); save the file as UTF-8")
        return
    except json.JSONDecodeError as error:
        if error.msg == "Extra data":  # several values: JSON Lines after all
            yield from _json_lines(io.BytesIO(data), origin, options)
        else:
            yield SourceError(f"{origin}:{error.lineno}", f"malformed JSON ({error.msg})")
        return
    except RecursionError:
        yield SourceError(origin, "malformed JSON (nested too deeply)")
        return
    if isinstance(value, list):
        for index, item in enumerate(value, 1):
            yield _json_document(item, f"{origin}#{index}", options)
    elif isinstance(value, dict):
        yield _json_document(value, origin, options)
    else:
        yield SourceError(origin, "not a JSON object or array of objects with 'id' and 'text'")


def _json_document(value: object, origin: str, options: _Options) -> _Item:
    if not isinstance(value, dict):
        kind = type(value).__name__ if value is not None else "null"
        return SourceError(origin, f"not a JSON object (got {kind}); each record needs 'id' and 'text'")
    doc_id = value.get("id")
    if doc_id is None:
        return SourceError(origin, "missing 'id'; each record needs 'id' and 'text'")
    if isinstance(doc_id, bool) or not isinstance(doc_id, str | int) or not str(doc_id).strip():
        return SourceError(origin, f"'id' must be a non-empty string, got {doc_id!r}")
    text = value.get("text")
    if text is None:
        return SourceError(origin, "missing 'text'; each record needs 'id' and 'text'")
    if not isinstance(text, str):
        return SourceError(origin, f"'text' must be a string, got {type(text).__name__}")
    fields: dict[str, str | None] = {}
    for key in ("url", "title"):
        field = value.get(key)
        if field is not None and not isinstance(field, str):
            return SourceError(origin, f"'{key}' must be a string or null, got {type(field).__name__}")
        fields[key] = field or None
    raw_date = value.get("published")
    published: date | None = None
    if raw_date is not None and raw_date != "":
        if not isinstance(raw_date, str):
            return SourceError(origin, f"'published' must be a date string or null, got {raw_date!r}")
        try:
            published = _parse_date(raw_date)
        except ValueError:
            return SourceError(
                origin, f"bad date {raw_date!r} in 'published'; use YYYY-MM-DD or an ISO 8601 timestamp"
            )
    return _document(
        origin,
        _no_lone_surrogates(str(doc_id)),
        _no_lone_surrogates(text),
        options=options,
        url=_no_lone_surrogates(fields["url"]),
        title=_no_lone_surrogates(fields["title"]),
        published=published,
    )


_LONE_SURROGATE = re.compile("[\ud800-\udfff]")


@overload
def _no_lone_surrogates(value: str) -> str: ...
@overload
def _no_lone_surrogates(value: None) -> None: ...
def _no_lone_surrogates(value: str | None) -> str | None:
    """JSON may escape half a UTF-16 pair ("\\ud800"): no text can hold it, so it becomes U+FFFD."""
    return _LONE_SURROGATE.sub("\ufffd", value) if value else value


# -- feeds -----------------------------------------------------------------------------


def _feed_documents(data: bytes, origin: str, options: _Options) -> Iterator[_Item]:
    # A stream, never bytes or str: feedparser opens a str that looks like a URL, and
    # bytes that name an existing file.
    parsed = feedparser.parse(io.BytesIO(data))
    entries = parsed.get("entries") or []
    if not entries:
        if parsed.get("bozo"):
            problem = parsed.get("bozo_exception")
            yield SourceError(origin, f"not a readable feed ({problem}); check that it is RSS or Atom XML")
        elif not parsed.get("version"):
            yield SourceError(origin, "no RSS or Atom feed found; dkg reads .xml files as feeds")
        return
    feed_name = "stdin" if origin == "<stdin>" else PurePath(origin).stem
    for index, entry in enumerate(entries, 1):
        where = f"{origin}#{index}"
        try:
            text = _entry_text(entry)
        except (ValueError, TypeError, AttributeError, LookupError, etree.LxmlError) as error:
            yield SourceError(where, f"could not extract text ({type(error).__name__}: {error})")
            continue
        link = entry.get("link") or None
        title = entry.get("title") or None
        entry_id = entry.get("id") or link
        if not entry_id:  # stable across refreshes of the feed, unlike the entry's position
            digest = hashlib.sha256(f"{title}\x00{text}".encode("utf-8", "surrogatepass")).hexdigest()
            entry_id = f"{feed_name}#{digest[:12]}"
        yield _document(
            where,
            entry_id,
            text,
            options=options,
            url=_web_url(link),
            title=title,
            published=_entry_date(entry),
        )


def _entry_text(entry: Any) -> str:
    contents = entry.get("content") or []
    detail = contents[0] if contents else entry.get("summary_detail")
    value = (detail.get("value") if detail else None) or entry.get("summary") or ""
    if not value.strip():
        return ""
    kind = (detail.get("type") if detail else None) or "text/html"
    return value if kind == "text/plain" else _fragment_text(value)


def _entry_date(entry: Any) -> date | None:
    """The entry's date as written (its own time zone), else feedparser's UTC reading."""
    for key in ("published", "updated"):
        raw = entry.get(key)
        if isinstance(raw, str) and raw.strip():
            try:
                return email.utils.parsedate_to_datetime(raw).date()
            except (TypeError, ValueError, IndexError):
                pass
            try:
                return _parse_date(raw)
            except ValueError:
                pass
        parsed = entry.get(f"{key}_parsed")
        if parsed:
            return date(parsed.tm_year, parsed.tm_mon, parsed.tm_mday)
    return None


# -- shared ----------------------------------------------------------------------------


def _document(
    origin: str,
    doc_id: str,
    text: str,
    *,
    options: _Options,
    url: str | None = None,
    title: str | None = None,
    published: date | None = None,
) -> _Item:
    if not text.strip():
        return SourceError(origin, _EMPTY_REASON)
    if len(text) > options.max_chars:
        return SourceError(
            origin,
            f"document has {len(text)} characters, over the limit of {options.max_chars}; "
            "raise --max-chars or split it",
        )
    return Document(
        id=doc_id,
        text=text,
        url=url,
        title=title,
        published=published or options.published,
        origin=origin,
    )


def _parse_date(value: str) -> date:
    """The calendar date of "2021-04-12" or an ISO timestamp, as written (no time zone shift)."""
    value = value.strip()
    try:
        return date.fromisoformat(value)
    except ValueError:
        return datetime.fromisoformat(value).date()


def _iso_date(value: str | None) -> date | None:
    try:
        return _parse_date(value) if value else None
    except ValueError:
        return None


def _web_url(value: str | None) -> str | None:
    """VALUE when it is an absolute http(s) URL (not a relative link or a urn:)."""
    if value and value.lower().startswith(("http://", "https://")):
        return value
    return None


def _content_id(text: str) -> str:
    """An id for an article read from standard input: stable for the same text."""
    return "stdin-" + hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()[:12]


def _looks_binary(data: bytes) -> bool:
    if data.startswith(_BINARY_MAGIC):
        return True
    if not data or data.startswith(tuple(bom for bom, encoding in _UNICODE_BOMS if encoding != "utf-8-sig")):
        return False
    if b"\x00" in data:
        return True
    controls = len(data.translate(None, _TEXT_BYTES))
    return controls > _MAX_CONTROL_RATIO * len(data)


def _decode_loosely(data: bytes) -> str:
    """Enough of DATA as text to look at (it may end mid-character)."""
    for bom, encoding in _UNICODE_BOMS:
        if data.startswith(bom):
            return codecs.decode(data, encoding, "ignore")
    return data.decode("utf-8", "replace")


def _is_feed_root(name: str) -> bool:
    return name == "rdf:rdf" or name.rpartition(":")[2] in ("rss", "feed")


def _root_tag(markup: str) -> str:
    """Lowercased name of the first element in MARKUP, past the XML declaration,
    comments and processing instructions; "html" for an HTML doctype."""
    position = 0
    while True:
        start = markup.find("<", position)
        if start < 0:
            return ""
        if markup.startswith("<?", start):
            end = markup.find("?>", start)
        elif markup.startswith("<!--", start):
            end = markup.find("-->", start)
        elif markup.startswith("<!", start):
            if markup[start + 2 : start + 20].lower().replace(" ", "").startswith("doctypehtml"):
                return "html"
            end = markup.find(">", start)
        else:
            name = markup[start + 1 :].split(maxsplit=1)[0] if markup[start + 1 :].strip() else ""
            return name.partition(">")[0].partition("/")[0].lower()
        if end < 0:
            return ""
        position = end + 1
