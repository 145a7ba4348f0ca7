"""Errors raised by the graph layer; each says what happened and what to try."""

from __future__ import annotations

__all__ = ["ExportError", "KGError", "QueryError", "StoreError", "StoreNotFound"]


class KGError(Exception):
    """Base class of every error dkg reports to a user."""


class StoreError(KGError):
    """The store could not be opened, read or written."""


class StoreNotFound(StoreError):
    """A command that reads a store was pointed at a folder holding none."""


class QueryError(KGError):
    """A SPARQL query is malformed or cannot be answered in the requested format."""


class ExportError(KGError):
    """An export format is unknown or cannot be written."""
