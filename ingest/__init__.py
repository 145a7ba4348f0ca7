"""ingest: documents to extraction records (plain dataclasses), with spaCy components. No RDF here."""

from __future__ import annotations

__all__: list[str] = []
