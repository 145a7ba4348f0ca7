"""Pictures and network files of the graph: GraphML, GEXF, JSON, HTML, SVG, PNG and a map.

Each format is an exporter in :mod:`graph.exports`' registry and takes the
same keyword options:

- ``flt``: a :class:`graph.network.NetworkFilter` (around an actor, hops,
  kinds, dates); None exports the whole network;
- ``network``: ``"events"`` (events linked to their participants and places,
  the default) or ``"actors"`` (actors linked by shared events);
- ``max_nodes``: for ``svg`` and ``png``, how many nodes a picture shows at
  most (the closest to ``around``, then the best connected; default 50).

``graphml`` and ``gexf`` open in Gephi and Cytoscape with every node's
label, type, category, kind, date and source count as attributes (lists are
joined with "; "); ``json`` is networkx node-link JSON; ``html`` is one
self-contained interactive page (its own small force layout in plain
JavaScript, no network access); ``svg`` and ``png`` are static pictures
drawn with matplotlib; ``map`` is one self-contained HTML page with the
events' places on an equirectangular world map (Natural Earth 1:110m
country outlines shipped in ``graph/static/world-110m.json``).

>>> import io
>>> from graph.store import OxigraphStore
>>> buf = io.BytesIO()
>>> write_json(OxigraphStore.in_memory(), buf)
>>> json.loads(buf.getvalue())["nodes"]
[]
"""

from __future__ import annotations

import html
import json
import math
from collections import defaultdict
from collections.abc import Sequence
from functools import lru_cache
from importlib import resources
from typing import IO, Any

from graph.errors import ExportError
from graph.exports import register
from graph.store import GraphStore

__all__ = [
    "COLORS",
    "GRAPH_FORMATS",
    "NETWORKS",
    "network_for",
    "write_gexf",
    "write_graphml",
    "write_html",
    "write_json",
    "write_map",
    "write_png",
    "write_svg",
]

#: The formats this module adds to the export registry (all take the filter options).
GRAPH_FORMATS = ("graphml", "gexf", "json", "html", "svg", "png", "map")
NETWORKS = ("events", "actors")

#: Colour of each node category (actor kinds, places, event kinds): matplotlib's tab10.
COLORS = {
    "person": "#1f77b4",
    "organization": "#9467bd",
    "country": "#ff7f0e",
    "place": "#2ca02c",
    "talks": "#17becf",
    "incident": "#d62728",
    "sanction": "#8c564b",
    "agreement": "#e377c2",
    "other": "#7f7f7f",
}
EVENT_CATS = ("talks", "incident", "sanction", "agreement", "other")
_CATEGORY_NAMES = {
    "person": "person",
    "organization": "organization",
    "country": "country",
    "place": "place",
    "talks": "talks (event)",
    "incident": "incident (event)",
    "sanction": "sanction (event)",
    "agreement": "agreement (event)",
    "other": "other event",
}


# --------------------------------------------------------------------- building
def network_for(store: GraphStore, *, flt: Any = None, network: str = "events") -> Any:
    """The networkx graph an export draws: the filtered event network, or its actor network.

    :raises ExportError: ``network`` is neither "events" nor "actors".
    :raises ActorNotFound: ``flt.around`` names no actor or place.
    """
    from graph.network import actor_network, event_network

    if network not in NETWORKS:
        raise ExportError(f"Unknown network {network!r}; choose events or actors.")
    g = event_network(store, flt)
    g.graph.setdefault("filter", flt.describe() if flt is not None else "whole graph")
    g.graph.setdefault("seeds", ())
    return actor_network(g) if network == "actors" else g


def _flat(value: Any) -> Any:
    """An attribute value GraphML and GEXF can hold: lists joined with '; ', None as ''."""
    if value is None:
        return ""
    if isinstance(value, tuple | list | set | frozenset):
        return "; ".join(str(v) for v in value)
    return value


def _file_ready(g: Any, *, viz: bool = False) -> Any:
    """A copy of ``g`` with flat attribute values (and, for GEXF, colours and sizes)."""
    h = g.copy()
    h.graph = {k: _flat(v) for k, v in g.graph.items()}
    degree = dict(g.degree())
    for node, data in h.nodes(data=True):
        for k in list(data):
            data[k] = _flat(data[k])
        data["degree"] = degree[node]
        if viz:
            color = COLORS.get(str(data.get("category", "")), "#7f7f7f")
            data["viz"] = {
                "color": {
                    "r": int(color[1:3], 16),
                    "g": int(color[3:5], 16),
                    "b": int(color[5:7], 16),
                    "a": 1.0,
                },
                "size": round(4.0 + 3.0 * math.sqrt(degree[node]), 2),
            }
    for i, (*_, data) in enumerate(h.edges(data=True)):
        for k in list(data):
            data[k] = _flat(data[k])
        data["id"] = f"e{i}"
    return h


# --------------------------------------------------------------------- file formats
@register("graphml")
def write_graphml(store: GraphStore, out: IO[bytes], **options: Any) -> None:
    """GraphML with label, type, category, kind, date, sources, articles and degree on every node."""
    import networkx as nx

    g = _file_ready(network_for(store, flt=options.get("flt"), network=options.get("network", "events")))
    nx.write_graphml(g, out, encoding="utf-8", prettyprint=True, edge_id_from_attribute="id")


@register("gexf")
def write_gexf(store: GraphStore, out: IO[bytes], **options: Any) -> None:
    """GEXF 1.2 with the same attributes as GraphML, plus colours by category and sizes by degree."""
    import networkx as nx

    g = _file_ready(
        network_for(store, flt=options.get("flt"), network=options.get("network", "events")), viz=True
    )
    nx.write_gexf(g, out, encoding="utf-8", prettyprint=True)


@register("json")
def write_json(store: GraphStore, out: IO[bytes], **options: Any) -> None:
    """networkx node-link JSON (``nodes``, ``links``), lists kept as JSON arrays."""
    import networkx as nx

    g = network_for(store, flt=options.get("flt"), network=options.get("network", "events"))
    try:
        data = nx.node_link_data(g, edges="links")
    except TypeError:  # networkx < 3.4 always calls them links
        data = nx.node_link_data(g)
    out.write(json.dumps(data, ensure_ascii=False, indent=1, default=list).encode("utf-8"))


# --------------------------------------------------------------------- layout
def _limit(g: Any, max_nodes: int) -> Any:
    """At most ``max_nodes`` nodes, nearest the seeds first, then the best connected; no isolated ones.

    In an event network whole events are kept (the event with its participants
    and places) while they fit, so the picture shows who met whom rather than
    events cut from their actors; an event that no longer fits is still kept
    when it links two nodes already shown.
    """
    import networkx as nx

    from graph.network import induced_subgraph

    if g.number_of_nodes() <= max_nodes:
        return g
    und = g.to_undirected(as_view=True)
    seeds = [s for s in g.graph.get("seeds", ()) if s in g]
    far = 1 << 30
    dist: dict[str, int] = {}
    if seeds:
        dist = dict(nx.multi_source_dijkstra_path_length(und, seeds, weight=None))
    degree = dict(und.degree())

    def label(n: str) -> str:
        return str(g.nodes[n].get("label", ""))

    events = [n for n, d in g.nodes(data=True) if d.get("type") == "Event"]
    keep: set[str] = set(seeds)
    if events:
        weight = {e: sum(degree[m] for m in und.neighbors(e)) for e in events}
        for e in sorted(events, key=lambda e: (dist.get(e, far), -weight[e], label(e), e)):
            ends = set(und.neighbors(e))
            new = ({e} | ends) - keep
            if len(keep) + len(new) <= max_nodes:
                keep |= new
            elif len(ends & keep) >= 2 and len(keep) < max_nodes:
                keep.add(e)
    else:
        order = sorted(g, key=lambda n: (dist.get(n, far), -degree[n], label(n), n))
        keep |= set(order[: max(max_nodes - len(keep), 0)])
    sub = g.subgraph(keep)
    keep -= {n for n in sub if sub.degree(n) == 0 and n not in seeds}
    h = induced_subgraph(g, keep)
    h.graph["limited"] = f"{len(keep)} of {g.number_of_nodes()} nodes"
    return h


def _layout(g: Any, *, seed: int = 7) -> dict[str, tuple[float, float]]:
    """Positions in a box about sqrt(n) wide: each connected component laid out apart, then packed."""
    import networkx as nx

    from graph.network import induced_subgraph

    und = nx.Graph(g.to_undirected(as_view=True))
    comps = sorted(nx.connected_components(und), key=lambda c: (-len(c), min(c)))
    boxes: list[tuple[dict[str, tuple[float, float]], float, float]] = []
    for comp in comps:
        sub = induced_subgraph(und, comp)
        n = len(comp)
        if n == 1:
            pos = {next(iter(comp)): (0.0, 0.0)}
        elif n == 2:
            a, b = sorted(comp)
            pos = {a: (-0.5, 0.0), b: (0.5, 0.0)}
        else:
            start = nx.spring_layout(sub, seed=seed, weight=None)
            raw = nx.kamada_kawai_layout(sub, pos=start, weight=None) if n <= 200 else start
            pos = {k: (float(v[0]), float(v[1])) for k, v in raw.items()}
            # Scale so that the mean edge is about one unit long.
            lengths = [math.dist(pos[u], pos[v]) for u, v in sub.edges()]
            mean = sum(lengths) / len(lengths) if lengths else 1.0
            pos = {k: (x / mean, y / mean) for k, (x, y) in pos.items()}
        xs = [p[0] for p in pos.values()]
        ys = [p[1] for p in pos.values()]
        minx, miny = min(xs), min(ys)
        pos = {k: (x - minx, y - miny) for k, (x, y) in pos.items()}
        boxes.append((pos, max(xs) - minx, max(ys) - miny))
    # Shelf packing, rows about as wide as the whole is tall.
    total = sum((w + 1.2) * (h + 1.2) for _, w, h in boxes)
    row_width = max(math.sqrt(total) * 1.5, max((w for _, w, _ in boxes), default=0.0))
    out: dict[str, tuple[float, float]] = {}
    x = y = row_h = 0.0
    for pos, w, h in boxes:
        if x > 0 and x + w > row_width:
            x, y, row_h = 0.0, y + row_h + 1.2, 0.0
        for k, (px, py) in pos.items():
            out[k] = (x + px, -(y + py))
        x += w + 1.2
        row_h = max(row_h, h)
    return _spread(out)


def _spread(pos: dict[str, tuple[float, float]], min_dist: float = 0.55) -> dict[str, tuple[float, float]]:
    """Push apart nodes closer than ``min_dist`` so markers never sit on each other."""
    keys = sorted(pos)
    pts = [list(pos[k]) for k in keys]
    for _ in range(60):
        moved = False
        for i in range(len(pts)):
            for j in range(i + 1, len(pts)):
                dx, dy = pts[j][0] - pts[i][0], pts[j][1] - pts[i][1]
                d = math.hypot(dx, dy)
                if d < min_dist:
                    if d < 1e-9:
                        dx, dy, d = math.cos(i + j), math.sin(i + j), 1.0
                    push = (min_dist - d) / 2 / d
                    pts[i][0] -= dx * push
                    pts[i][1] -= dy * push
                    pts[j][0] += dx * push
                    pts[j][1] += dy * push
                    moved = True
        if not moved:
            break
    return {k: (p[0], p[1]) for k, p in zip(keys, pts, strict=True)}


def _short(text: str, width: int = 28) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "\u2026"


def _node_label(data: dict[str, Any]) -> str:
    """What a picture writes beside a node: the name, or for an event its trigger and date."""
    if data.get("type") == "Event":
        words = data.get("trigger") or data.get("kind", "event")
        date = data.get("date", "")
        return _short(words, 22) + (f"\n{date}" if date else "")
    return _short(str(data.get("label", "")), 30)


# --------------------------------------------------------------------- static pictures
_MARKERS = {"event": "D", "place": "s", "actor": "o"}


def _group(data: dict[str, Any]) -> str:
    if data.get("type") == "Event":
        return "event"
    return "place" if data.get("category") == "place" else "actor"


def _draw(g: Any, fmt: str, out: IO[bytes]) -> None:
    """Draw a (limited) network with matplotlib and save it as ``fmt`` (svg or png)."""
    import matplotlib
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure
    from matplotlib.lines import Line2D

    pos = _layout(g)
    n = max(g.number_of_nodes(), 1)
    xs = [p[0] for p in pos.values()] or [0.0]
    ys = [p[1] for p in pos.values()] or [0.0]
    span_x = max(xs) - min(xs) + 3.0
    span_y = max(ys) - min(ys) + 1.3
    # About an inch per layout unit (a mean edge), within a sensible page.
    scale = min(1.1, 15.0 / span_x, 11.0 / span_y)
    width = max(6.0, span_x * scale)
    height = max(3.5, span_y * scale + 0.9)
    seeds = set(g.graph.get("seeds", ()))
    degree = dict(g.degree())

    with matplotlib.rc_context(
        {"svg.fonttype": "none", "svg.hashsalt": "dkg", "font.family": "DejaVu Sans", "path.simplify": True}
    ):
        fig = Figure(figsize=(width, height), dpi=150)
        canvas = FigureCanvasAgg(fig)
        ax = fig.add_axes((0.0, 0.6 / height, 1.0, 1.0 - 0.95 / height))
        ax.set_axis_off()
        ax.set_xlim(min(xs) - 1.5, max(xs) + 1.5)
        ax.set_ylim(min(ys) - 0.7, max(ys) + 0.6)
        ax.set_aspect("equal", adjustable="box")

        # Edges under nodes; a place edge is dashed, an actor-network edge as wide as its shared events.
        for u, v, data in g.edges(data=True):
            (x1, y1), (x2, y2) = pos[u], pos[v]
            dashed = data.get("relation") == "place"
            lw = 0.8 + 0.9 * math.log2(data.get("weight", 1)) if "weight" in data else 0.9
            ax.plot(
                [x1, x2],
                [y1, y2],
                color="#9aa4ae",
                lw=lw,
                ls=(0, (3, 2)) if dashed else "-",
                zorder=1,
                clip_on=False,
                solid_capstyle="round",
            )
            if "weight" in data and data["weight"] > 1:
                ax.text(
                    (x1 + x2) / 2,
                    (y1 + y2) / 2,
                    str(data["weight"]),
                    fontsize=6.5,
                    color="#5b6670",
                    ha="center",
                    va="center",
                    zorder=2,
                    clip_on=False,
                    bbox={"boxstyle": "round,pad=0.15", "fc": "white", "ec": "none", "alpha": 0.85},
                )
        # Nodes by group (shape) and category (colour), sized by degree.
        sizes: dict[str, float] = {}
        for node, data in g.nodes(data=True):
            group = _group(data)
            base = 55.0 if group == "event" else 90.0
            size = base + 45.0 * math.sqrt(degree[node])
            if node in seeds:
                size *= 1.6
            sizes[node] = size
            ax.scatter(
                [pos[node][0]],
                [pos[node][1]],
                s=size,
                marker=_MARKERS[group],
                c=COLORS.get(str(data.get("category")), "#7f7f7f"),
                edgecolors="#222222" if node in seeds else "white",
                linewidths=1.6 if node in seeds else 0.8,
                zorder=3,
                clip_on=False,
            )
        _place_labels(fig, canvas, ax, g, pos, sizes)

        # Title and legend along the bottom.
        events = sum(1 for _, d in g.nodes(data=True) if d.get("type") == "Event")
        title = (
            f"dkg · {g.graph.get('filter', 'whole graph')} · {events} events, {n - events} actors and places"
        )
        if g.graph.get("limited"):
            title += f" (showing {g.graph['limited']})"
        fig.text(0.01, 1 - 0.3 / height, title, fontsize=9, color="#333333", va="top")
        present = sorted({str(d.get("category")) for _, d in g.nodes(data=True)}, key=list(COLORS).index)
        handles = [
            Line2D(
                [],
                [],
                marker=_MARKERS["event" if c in EVENT_CATS else "place" if c == "place" else "actor"],
                ls="",
                color=COLORS[c],
                markeredgecolor="white",
                markersize=8,
                label=_CATEGORY_NAMES[c],
            )
            for c in present
            if c in COLORS
        ]
        if any(d.get("relation") == "place" for *_, d in g.edges(data=True)):
            handles.append(Line2D([], [], color="#9aa4ae", ls=(0, (3, 2)), label="happened at"))
            handles.append(Line2D([], [], color="#9aa4ae", label="took part"))
        if handles:
            fig.legend(
                handles=handles,
                loc="lower center",
                ncol=min(len(handles), max(2, int(width / 1.55))),
                fontsize=8,
                frameon=False,
                bbox_to_anchor=(0.5, 0.0),
                handletextpad=0.3,
                columnspacing=1.2,
            )
        if fmt == "svg":
            fig.savefig(out, format="svg", metadata={"Date": None}, facecolor="white")
        else:
            fig.savefig(out, format="png", metadata={"Software": None}, facecolor="white")


#: Where a label may go around its node: (direction, horizontal and vertical alignment), best first.
_LABEL_SPOTS = (
    ((0.0, -1.0), "center", "top"),
    ((0.0, 1.0), "center", "bottom"),
    ((1.0, 0.0), "left", "center"),
    ((-1.0, 0.0), "right", "center"),
    ((0.8, -0.8), "left", "top"),
    ((-0.8, -0.8), "right", "top"),
    ((0.8, 0.8), "left", "bottom"),
    ((-0.8, 0.8), "right", "bottom"),
)


def _place_labels(
    fig: Any,
    canvas: Any,
    ax: Any,
    g: Any,
    pos: dict[str, tuple[float, float]],
    sizes: dict[str, float],
) -> None:
    """Write each label where it overlaps no other label or marker; drop event labels that cannot fit."""
    from matplotlib.transforms import Bbox

    renderer = canvas.get_renderer()
    trans = ax.transData
    placed: list[Any] = []
    markers = []
    for node, (x, y) in pos.items():
        cx, cy = trans.transform((x, y))
        r = math.sqrt(sizes[node]) / 2 * fig.dpi / 72
        markers.append(Bbox([[cx - r, cy - r], [cx + r, cy + r]]))
    marker_of = dict(zip(pos, markers, strict=True))
    degree = dict(g.degree())
    seeds = set(g.graph.get("seeds", ()))
    order = sorted(
        g.nodes(data=True),
        key=lambda nd: (nd[0] not in seeds, nd[1].get("type") == "Event", -degree[nd[0]], nd[0]),
    )
    for node, data in order:
        text = _node_label(data)
        is_event = data.get("type") == "Event"
        x, y = pos[node]
        r_pt = math.sqrt(sizes[node]) / 2 + 2.5
        candidates = [
            ((dx * r_pt * f, dy * r_pt * f), ha, va) for f in (1.0, 2.2) for (dx, dy), ha, va in _LABEL_SPOTS
        ]
        best: tuple[float, Any] | None = None
        for (dx, dy), ha, va in candidates:
            t = ax.annotate(
                text,
                (x, y),
                xytext=(dx, dy),
                textcoords="offset points",
                ha=ha,
                va=va,
                fontsize=7 if is_event else (9.5 if node in seeds else 8.5),
                fontweight="bold" if node in seeds else "normal",
                fontstyle="italic" if is_event else "normal",
                color="#555555" if is_event else "#111111",
                zorder=4,
                annotation_clip=False,
                linespacing=1.0,
                bbox={"boxstyle": "round,pad=0.08", "fc": "white", "ec": "none", "alpha": 0.75},
            )
            box = t.get_window_extent(renderer).expanded(1.04, 1.1)
            own = marker_of[node]
            overlap = sum(_area(box, b) for b in placed) + sum(_area(box, m) for m in markers if m is not own)
            out_of_axes = not ax.bbox.contains(box.x0, box.y0) or not ax.bbox.contains(box.x1, box.y1)
            overlap += box.width * box.height if out_of_axes else 0.0
            if best is None or overlap < best[0]:
                if best is not None:
                    best[1].remove()
                best = (overlap, t)
            else:
                t.remove()
            if overlap == 0:
                break
        assert best is not None
        overlap, t = best
        box = t.get_window_extent(renderer)
        if is_event and overlap > 0.05 * box.width * box.height:
            t.remove()
            continue
        placed.append(box)


def _area(a: Any, b: Any) -> float:
    w = min(a.x1, b.x1) - max(a.x0, b.x0)
    h = min(a.y1, b.y1) - max(a.y0, b.y0)
    return w * h if w > 0 and h > 0 else 0.0


def _picture(store: GraphStore, out: IO[bytes], fmt: str, options: dict[str, Any]) -> None:
    g = network_for(store, flt=options.get("flt"), network=options.get("network", "events"))
    max_nodes = int(options.get("max_nodes") or 50)
    _draw(_limit(g, max_nodes), fmt, out)


@register("svg")
def write_svg(store: GraphStore, out: IO[bytes], **options: Any) -> None:
    """A static SVG picture (labels as text) of at most ``max_nodes`` nodes."""
    _picture(store, out, "svg", options)


@register("png")
def write_png(store: GraphStore, out: IO[bytes], **options: Any) -> None:
    """A static PNG picture (150 dpi) of at most ``max_nodes`` nodes."""
    _picture(store, out, "png", options)


# --------------------------------------------------------------------- interactive page
def _script_json(data: Any) -> str:
    """JSON safe inside a <script> element."""
    return (
        json.dumps(data, ensure_ascii=False, separators=(",", ":"), default=list)
        .replace("</", "<\\/")
        .replace("<!--", "<\\!--")
        .replace("\u2028", "\\u2028")
        .replace("\u2029", "\\u2029")
    )


def _html_data(g: Any) -> dict[str, Any]:
    pos = _layout(g) if g.number_of_nodes() else {}
    index = {n: i for i, n in enumerate(g)}
    degree = dict(g.degree())
    # Names always shown: every actor and place in a small graph, the 30 best connected in a big one.
    named = sorted(
        (n for n, d in g.nodes(data=True) if d.get("type") != "Event"),
        key=lambda n: (-degree[n], str(g.nodes[n].get("label", "")), n),
    )
    major = set(named if len(g) <= 60 else named[:30])
    nodes = []
    for node, data in g.nodes(data=True):
        x, y = pos.get(node, (0.0, 0.0))
        item = {
            "id": node,
            "label": str(data.get("label", "")),
            "short": _node_label(data).replace("\n", " · "),
            "type": data.get("type", ""),
            "category": data.get("category", ""),
            "kind": data.get("kind", ""),
            "date": data.get("date", ""),
            "sources": data.get("sources", 0),
            "degree": degree[node],
            "x": round(x * 80, 1),
            "y": round(-y * 80, 1),
            "color": COLORS.get(str(data.get("category")), "#7f7f7f"),
            "event": data.get("type") == "Event",
            "major": node in major,
        }
        if data.get("type") == "Event":
            item["articles"] = list(data.get("articles", ()))
            item["status"] = data.get("status", "")
        else:
            item["events"] = data.get("events", 0)
        nodes.append(item)
    links = []
    for u, v, data in g.edges(data=True):
        links.append(
            {
                "source": index[u],
                "target": index[v],
                "label": str(data.get("label", data.get("relation", ""))),
                "relation": data.get("relation", "shared"),
                "weight": data.get("weight", 1),
                "date": data.get("date", "") or data.get("last", ""),
            }
        )
    counts: dict[str, int] = defaultdict(int)
    for item in nodes:
        counts[item["category"]] += 1
    legend = [
        {
            "category": c,
            "name": _CATEGORY_NAMES[c],
            "color": COLORS[c],
            "count": counts[c],
            "event": c in EVENT_CATS,
        }
        for c in COLORS
        if counts.get(c)
    ]
    seeds = [index[s] for s in g.graph.get("seeds", ()) if s in index]
    return {"nodes": nodes, "links": links, "legend": legend, "seeds": seeds}


@register("html")
def write_html(store: GraphStore, out: IO[bytes], **options: Any) -> None:
    """One self-contained interactive page: drag, zoom, search, tooltips with dates and sources."""
    g = network_for(store, flt=options.get("flt"), network=options.get("network", "events"))
    data = _html_data(g)
    events = sum(1 for n in data["nodes"] if n["event"])
    what = (
        f"{events} events, {len(data['nodes']) - events} actors and places"
        if events
        else (f"{len(data['nodes'])} actors, {len(data['links'])} links")
    )
    title = f"dkg network · {g.graph.get('filter', 'whole graph')}"
    page = f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1"><meta name="generator" content="dkg">
<title>{html.escape(title)}</title><style>
{_asset("visual-network.css")}</style></head>
<body><header><h1>{html.escape(title)}</h1><span class="sub">{html.escape(what)}</span>
<input id="search" type="search" list="names" placeholder="Find an actor or place" aria-label="Find">
<datalist id="names"></datalist><label><input id="elabels-toggle" type="checkbox"> edge labels</label>
<button id="fit" type="button">Fit</button><div id="legend"></div></header>
<svg id="net" xmlns="http://www.w3.org/2000/svg" role="img" aria-label="{html.escape(title)}">
<g id="view"><g id="edges"></g><g id="elabels"></g><g id="nodes"></g><g id="nlabels"></g></g></svg>
<div id="tip" role="tooltip"></div>
<footer>drag to move · wheel to zoom · click a node to highlight its neighbours</footer>
<script type="application/json" id="dkg-data">{_script_json(data)}</script>
<script>{_asset("visual-network.js")}</script>
</body></html>
"""
    out.write(page.encode("utf-8"))


# --------------------------------------------------------------------- map
_MAP_W = 1000.0
_MAP_K = _MAP_W / 360.0


def _project(lat: float, lon: float) -> tuple[float, float]:
    """Equirectangular projection onto a 1000 x 500 plane (x east, y south)."""
    return round((lon + 180.0) * _MAP_K, 2), round((90.0 - lat) * _MAP_K, 2)


@lru_cache(maxsize=8)
def _asset(name: str) -> str:
    """A file shipped in ``graph/static`` (the pages' scripts and styles, the world outlines)."""
    return resources.files("graph").joinpath("static", name).read_text(encoding="utf-8")


@lru_cache(maxsize=1)
def _world_paths() -> tuple[tuple[str, str], ...]:
    """(country name, SVG path) of every country in the shipped Natural Earth 1:110m TopoJSON."""
    topo = json.loads(_asset("world-110m.json"))
    (sx, sy), (tx, ty) = topo["transform"]["scale"], topo["transform"]["translate"]
    arcs: list[list[tuple[float, float]]] = []
    for arc in topo["arcs"]:
        x = y = 0
        pts = []
        for dx, dy in arc:
            x += dx
            y += dy
            pts.append(_project(y * sy + ty, x * sx + tx))
        arcs.append(pts)

    def ring(indexes: Sequence[int]) -> str:
        pts: list[tuple[float, float]] = []
        for i in indexes:
            a = arcs[i] if i >= 0 else arcs[~i][::-1]
            pts.extend(a if not pts else a[1:])
        # Rings that cross the antimeridian are unwrapped, then drawn again a world away (the map clips).
        unwrapped: list[tuple[float, float]] = []
        for x, y in pts:
            if unwrapped:
                px = unwrapped[-1][0]
                while x - px > _MAP_W / 2:
                    x -= _MAP_W
                while px - x > _MAP_W / 2:
                    x += _MAP_W
            unwrapped.append((x, y))
        shifts = [0.0]
        if min(x for x, _ in unwrapped) < 0:
            shifts.append(_MAP_W)
        if max(x for x, _ in unwrapped) > _MAP_W:
            shifts.append(-_MAP_W)
        return "".join("M" + " ".join(f"{x + dx:.1f},{y:.1f}" for x, y in unwrapped) + "Z" for dx in shifts)

    out = []
    for geom in topo["objects"]["countries"]["geometries"]:
        polys = geom["arcs"] if geom["type"] == "MultiPolygon" else [geom["arcs"]]
        d = "".join(ring(r) for poly in polys for r in poly)
        out.append((geom.get("properties", {}).get("name", ""), d))
    return tuple(out)


def _map_data(g: Any) -> tuple[list[dict[str, Any]], int]:
    """The located places of an event network with their events; and how many events have no located place."""
    places = []
    located_events: set[str] = set()
    for node, data in g.nodes(data=True):
        if data.get("category") != "place" or "lat" not in data:
            continue
        evs = []
        for ev in sorted(
            g.predecessors(node), key=lambda e: (g.nodes[e]["date"] == "", g.nodes[e]["date"], e)
        ):
            ed = g.nodes[ev]
            who = sorted(
                {g.nodes[n]["label"] for _, n, rel in g.out_edges(ev, keys=True) if rel == "participant"}
            )
            evs.append(
                {
                    "date": ed["date"],
                    "kind": ed["kind"],
                    "label": ed["label"],
                    "with": who,
                    "articles": list(ed.get("articles", ())),
                }
            )
            located_events.add(ev)
        if not evs:
            continue
        x, y = _project(float(data["lat"]), float(data["lon"]))
        kinds = sorted({e["kind"] for e in evs})
        places.append(
            {
                "label": data["label"],
                "type": data["type"],
                "country": data.get("country", ""),
                "lat": data["lat"],
                "lon": data["lon"],
                "x": x,
                "y": y,
                "events": evs,
                "color": COLORS[kinds[0]] if len(kinds) == 1 and kinds[0] in COLORS else "#444444",
            }
        )
    places.sort(key=lambda p: (-len(p["events"]), p["label"]))
    total_events = sum(1 for _, d in g.nodes(data=True) if d.get("type") == "Event")
    return places, total_events - len(located_events)


@register("map")
def write_map(store: GraphStore, out: IO[bytes], **options: Any) -> None:
    """One self-contained HTML map: events at their geocoded places on Natural Earth outlines, offline."""
    g = network_for(store, flt=options.get("flt"), network="events")
    places, unlocated = _map_data(g)
    title = f"dkg map · {g.graph.get('filter', 'whole graph')}"
    grat = []
    for lon in range(-180, 181, 30):
        x, _ = _project(0, lon)
        grat.append(f'<path class="grat" d="M{x},0V500"/>')
    for lat in range(-60, 61, 30):
        _, y = _project(lat, 0)
        grat.append(f'<path class="grat{" eq" if lat == 0 else ""}" d="M0,{y}H1000"/>')
    land = "".join(
        f'<path class="land" fill-rule="evenodd" d="{d}"><title>{html.escape(name)}</title></path>'
        for name, d in _world_paths()
    )
    dots = []
    labels = []
    items = []
    for i, p in enumerate(places):
        r = round(3.5 + 3.0 * math.sqrt(len(p["events"])), 1)
        n = len(p["events"])
        tooltip = f"{html.escape(p['label'])}: {n} event{'s' if n != 1 else ''}"
        dots.append(
            f'<circle class="pt" data-i="{i}" data-r="{r}" cx="{p["x"]}" cy="{p["y"]}" r="{r}" '
            f'fill="{p["color"]}"><title>{tooltip}</title></circle>'
        )
        labels.append(
            f'<text class="plabel" data-i="{i}" x="{p["x"]}" y="{p["y"]}">{html.escape(p["label"])}</text>'
        )
        items.append(
            f'<li data-i="{i}">{html.escape(p["label"])} <span class="k">{html.escape(p["country"])} · '
            f"{n} event{'s' if n != 1 else ''}</span></li>"
        )
    # Big dots first so small ones stay on top and clickable.
    order = sorted(range(len(places)), key=lambda i: -len(places[i]["events"]))
    dots = [dots[i] for i in order]
    legend = " ".join(
        f'<span class="key"><i style="background:{COLORS[k]}"></i>{k}</span>' for k in EVENT_CATS
    )
    note = (
        f'<p class="note">{unlocated} event{"s" if unlocated != 1 else ""} in this selection '
        f"{'have' if unlocated != 1 else 'has'} no located place and {'are' if unlocated != 1 else 'is'} "
        "not on the map.</p>"
        if unlocated
        else ""
    )
    page = f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1"><meta name="generator" content="dkg">
<title>{html.escape(title)}</title><style>
{_asset("visual-map.css")}</style></head>
<body><main><svg id="map" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 1000 500" role="img"
aria-label="{html.escape(title)}">
<defs><clipPath id="world"><rect width="1000" height="500"/></clipPath></defs>
<g id="view"><rect width="1000" height="500" fill="#dfeaf3"/>{"".join(grat)}
<g clip-path="url(#world)">{land}</g><g>{"".join(dots)}</g><g>{"".join(labels)}</g></g></svg></main>
<aside><h1>{html.escape(title)}</h1><p class="sub">{len(places)} place{"s" if len(places) != 1 else ""} with
events · dot size: number of events · colour: kind (dark grey: several kinds)</p><p>{legend}</p>
<button id="fit" type="button">Fit to places</button><ol id="list">{"".join(items)}</ol>{note}
<p class="note">Country outlines: Natural Earth 1:110m (public domain), via world-atlas (ISC).
Equirectangular projection; wheel to zoom, drag to pan, hover a dot for its events.</p></aside>
<div id="tip" role="tooltip"></div>
<script type="application/json" id="dkg-places">{_script_json(places)}</script>
<script>{_asset("visual-map.js")}</script>
</body></html>
"""
    out.write(page.encode("utf-8"))
