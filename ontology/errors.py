"""Errors raised while loading the ontology's data files; each says what to fix."""

from __future__ import annotations

__all__ = ["EventTypeError", "OntologyError"]


class OntologyError(Exception):
    """Base class of every error raised by ``ontology``: a data file is missing or malformed."""


class EventTypeError(OntologyError):
    """The event-type scheme (``ontology/event_types.ttl``) cannot be parsed or is inconsistent."""
