"""graph: extraction records to RDF, the store, queries, exports and the CLI."""

from __future__ import annotations

__all__ = ["KnowledgeGraph"]


def __getattr__(name: str) -> object:
    # The API pulls in spaCy; load it only when asked for.
    if name == "KnowledgeGraph":
        from graph.api import KnowledgeGraph

        return KnowledgeGraph
    raise AttributeError(name)
