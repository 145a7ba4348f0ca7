"""Errors raised while reading articles; each says what happened and what to try."""

from __future__ import annotations

__all__ = ["IngestError", "ModelNotFound", "SourceError"]


class IngestError(Exception):
    """Base class of every error the ingest layer reports to a user."""


class SourceError(IngestError):
    """One file, line or feed entry could not be read into a document.

    origin: where it happened, as in ``Document.origin``: "examples/a.txt",
        "examples/bad.jsonl:3" (line 3), "feed.xml#2" (second entry), "<stdin>".
    reason: what went wrong, and when there is one, what to do about it.

    ``str()`` gives "origin: reason", e.g.
    "examples/bad.jsonl:3: malformed JSON (Expecting ',' delimiter)".

    >>> str(SourceError("notes/a.txt", "binary file"))
    'notes/a.txt: binary file'
    """

    origin: str
    reason: str

    def __init__(self, origin: str, reason: str) -> None:
        # Passing both to Exception keeps ``args`` complete, so the error pickles
        # (worker processes) and re-raises unchanged.
        super().__init__(origin, reason)
        self.origin = origin
        self.reason = reason

    def __str__(self) -> str:
        return f"{self.origin}: {self.reason}" if self.origin else self.reason

    def __repr__(self) -> str:
        return f"{type(self).__name__}(origin={self.origin!r}, reason={self.reason!r})"

    def __eq__(self, other: object) -> bool:
        if type(other) is not type(self):
            return NotImplemented
        assert isinstance(other, SourceError)
        return (self.origin, self.reason) == (other.origin, other.reason)

    def __hash__(self) -> int:
        return hash((type(self).__name__, self.origin, self.reason))


class ModelNotFound(IngestError):
    """The spaCy pipeline asked for is not installed (dkg never downloads one)."""
