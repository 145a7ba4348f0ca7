"""Export the graph to files: a small registry of formats by name.

>>> from graph.store import OxigraphStore
>>> import io
>>> buf = io.BytesIO()
>>> export(OxigraphStore.in_memory(), "nq", buf)
>>> buf.getvalue()
b''
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import IO, Any

from pyoxigraph import RdfFormat

from graph.errors import ExportError
from graph.store import GraphStore

__all__ = ["EXPORTERS", "RDF_FORMATS", "export", "register"]

#: RDF formats: name -> (pyoxigraph format, what it is)
RDF_FORMATS: dict[str, tuple[RdfFormat, str]] = {
    "ttl": (RdfFormat.TURTLE, "Turtle, all article graphs merged into one"),
    "nt": (RdfFormat.N_TRIPLES, "N-Triples, all article graphs merged into one"),
    "nq": (RdfFormat.N_QUADS, "N-Quads, one named graph per article"),
    "trig": (RdfFormat.TRIG, "TriG, one named graph per article"),
    "jsonld": (RdfFormat.JSON_LD, "JSON-LD, all article graphs merged into one"),
}

#: Called as ``fn(store, out, **options)``; graph formats take ``flt``, ``network``, ``max_nodes``.
Exporter = Callable[..., None]

#: Every export format by name; other modules add theirs with :func:`register`.
EXPORTERS: dict[str, Exporter] = {}


def register(name: str) -> Callable[[Exporter], Exporter]:
    """Decorator adding an export format to the registry."""

    def wrap(fn: Exporter) -> Exporter:
        EXPORTERS[name] = fn
        return fn

    return wrap


def _rdf_exporter(fmt: RdfFormat) -> Exporter:
    def run(store: GraphStore, out: IO[bytes], **options: Any) -> None:
        flt = options.get("flt")
        if flt is not None and not flt.is_empty:
            raise ExportError(
                "RDF formats write the whole graph; --around, --kind, --from and --to apply to "
                "graphml, gexf, json, html, svg, png and map."
            )
        dump = getattr(store, "dump", None)  # OxigraphStore and SparqlStore serialize themselves
        if dump is None:
            raise ExportError(f"RDF export needs a store that can dump itself; {store!r} cannot.")
        dump(out, fmt)

    return run


for _name, (_fmt, _) in RDF_FORMATS.items():
    EXPORTERS[_name] = _rdf_exporter(_fmt)


def export(store: GraphStore, fmt: str, output: IO[bytes] | str | Path, **options: Any) -> None:
    """Write the store in format ``fmt`` to a path or a binary file object.

    ``options`` go to the exporter (see :mod:`graph.visual` for the graph formats').

    :raises ExportError: the format is unknown or the file cannot be written.
    """
    fn = EXPORTERS.get(fmt)
    if fn is None:
        raise ExportError(f"Unknown export format {fmt!r}; choose one of {', '.join(sorted(EXPORTERS))}.")
    if isinstance(output, str | Path):
        path = Path(output)
        try:
            with path.open("wb") as fh:
                fn(store, fh, **options)
        except OSError as exc:
            raise ExportError(f"Could not write {path}: {exc.strerror or exc}") from exc
        except Exception:
            path.unlink(missing_ok=True)
            raise
        return
    fn(store, output, **options)


# The graph formats (graphml, gexf, json, html, svg, png, map) register themselves.
from graph import visual as _visual  # noqa: E402, F401
