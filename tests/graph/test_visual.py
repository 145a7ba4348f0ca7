"""The graph formats: GraphML, GEXF, JSON, HTML, SVG, PNG and the map, with their filters and the CLI.

Stores are built from hand-written records through the real mapping (no
spaCy): two articles about talks in Oslo and Vienna (see ``records``), and for
the size limits a bigger synthetic one.
"""

from __future__ import annotations

import io
import json
import re
import struct
import xml.etree.ElementTree as ET
from datetime import date
from pathlib import Path
from typing import Any

import networkx as nx
import pytest
from click.testing import CliRunner

from graph.cli import main
from graph.errors import ExportError
from graph.exports import EXPORTERS, export
from graph.iris import normalize_key
from graph.mapping import article_quads, record_graph_iri
from graph.network import ActorNotFound, NetworkFilter, event_network
from graph.store import OxigraphStore
from graph.visual import GRAPH_FORMATS, _limit, network_for
from ingest.records import Actor, ArticleRecord, Document, Event, Evidence, Place, TimeValue

_EV = Evidence(0, 5, 0, 40, "test", 0.9)


def _actor(name: str, kind: str = "person", iso: str | None = None) -> Actor:
    return Actor(normalize_key(name), name, kind, iso_code=iso)  # type: ignore[arg-type]


def _place(name: str, lat: float, lon: float, cc: str) -> Place:
    return Place(normalize_key(name), name, "city", latitude=lat, longitude=lon, country_code=cc)


def _event(
    i: str, kind: str, trigger: str, who: tuple[Actor, ...], where: tuple[Place, ...], when: str | None
) -> Event:
    precision = {10: "day", 7: "month", 4: "year"}
    return Event(
        i,
        kind,  # type: ignore[arg-type]
        "meeting",
        trigger,
        tuple((a.kind, a.key) for a in who),
        tuple(p.key for p in where),
        TimeValue(when, precision[len(when)]) if when else None,  # type: ignore[arg-type]
        "happened",
        _EV,
    )


HOLM, BRANDT, SATO = _actor("Lena Holm"), _actor("Ivo Brandt"), _actor("Kim Sato")
NORWAY, JAPAN = _actor("Norway", "country", "NO"), _actor("Japan", "country", "JP")
UN = _actor("United Nations", "organization")
OSLO, VIENNA = _place("Oslo", 59.91, 10.75, "NO"), _place("Vienna", 48.21, 16.37, "AT")


def records() -> list[ArticleRecord]:
    return [
        ArticleRecord(
            Document(id="a1", text="x" * 50, url="https://news.example/a1"),
            actors=(HOLM, BRANDT, NORWAY, UN),
            places=(OSLO, VIENNA),
            events=(
                _event("e1", "talks", "met", (HOLM, BRANDT, NORWAY), (OSLO,), "2021-04-12"),
                _event("e2", "incident", "explosion", (UN,), (VIENNA,), "2021-06-01"),
            ),
        ),
        ArticleRecord(
            Document(id="a2", text="y" * 50, url="https://news.example/a2"),
            actors=(HOLM, SATO, JAPAN),
            places=(VIENNA,),
            events=(
                _event("e1", "talks", "held talks", (HOLM, SATO, JAPAN), (VIENNA,), "2021-06-15"),
                _event("e2", "sanction", "sanctions", (JAPAN,), (), None),
            ),
        ),
    ]


def _fill(store: OxigraphStore, recs: list[ArticleRecord]) -> OxigraphStore:
    store.replace_articles((record_graph_iri(r), r.document.content_hash, article_quads(r)) for r in recs)
    return store


@pytest.fixture()
def store() -> OxigraphStore:
    return _fill(OxigraphStore.in_memory(), records())


@pytest.fixture()
def store_dir(tmp_path: Path) -> Path:
    folder = tmp_path / "store"
    with OxigraphStore.open(folder) as st:
        _fill(st, records())
    return folder


def big_records(n: int = 40) -> list[ArticleRecord]:
    """One article with ``n`` meetings, each of a hub (Ana Hub) with two people of its own."""
    hub = _actor("Ana Hub")
    actors = [hub]
    events = []
    for i in range(n):
        a, b = _actor(f"Person A{i}"), _actor(f"Person B{i}")
        actors += [a, b]
        events.append(_event(f"e{i}", "talks", "met", (hub, a, b), (), f"2022-01-{i % 28 + 1:02d}"))
    return [ArticleRecord(Document(id="big", text="z" * 50), actors=tuple(actors), events=tuple(events))]


def _write(store: OxigraphStore, fmt: str, **options: Any) -> bytes:
    buf = io.BytesIO()
    export(store, fmt, buf, **options)
    return buf.getvalue()


# --------------------------------------------------------------------- registry
def test_visual_formats_are_registered() -> None:
    for fmt in GRAPH_FORMATS:
        assert fmt in EXPORTERS
    for fmt in ("ttl", "nt", "nq", "trig", "jsonld"):
        assert fmt in EXPORTERS


def test_visual_rdf_formats_refuse_filters(store: OxigraphStore) -> None:
    with pytest.raises(ExportError, match="RDF formats write the whole graph"):
        _write(store, "ttl", flt=NetworkFilter(kinds=("talks",)))
    assert _write(store, "nt", flt=NetworkFilter())  # an empty filter is no filter


def test_visual_unknown_network_is_an_error(store: OxigraphStore) -> None:
    with pytest.raises(ExportError, match="choose events or actors"):
        _write(store, "json", network="people")


# --------------------------------------------------------------------- files for Gephi and Cytoscape
def test_visual_graphml_round_trip_with_attributes(store: OxigraphStore) -> None:
    data = _write(store, "graphml")
    g = nx.read_graphml(io.BytesIO(data), force_multigraph=True)
    net = event_network(store)
    assert set(g.nodes) == set(net.nodes)
    assert g.number_of_edges() == net.number_of_edges()
    for node, attrs in net.nodes(data=True):
        got = g.nodes[node]
        for key in ("label", "type", "category", "kind", "date", "sources"):
            assert got[key] == attrs[key], (node, key)
        assert got["articles"] == "; ".join(attrs["articles"])
    assert b"None" not in data
    rels = {d["relation"] for *_, d in g.edges(data=True)}
    assert rels == {"participant", "place"}
    ids = re.findall(rb'<edge [^>]*id="([^"]+)"', data)
    assert len(ids) == len(set(ids)) == net.number_of_edges()


def test_visual_gexf_round_trip_with_attributes(store: OxigraphStore) -> None:
    data = _write(store, "gexf")
    g = nx.read_gexf(io.BytesIO(data))
    net = event_network(store)
    assert set(g.nodes) == set(net.nodes)
    met = next(n for n, d in net.nodes(data=True) if d.get("trigger") == "met")
    assert g.nodes[met]["label"] == net.nodes[met]["label"]
    assert (g.nodes[met]["kind"], g.nodes[met]["date"], g.nodes[met]["sources"]) == ("talks", "2021-04-12", 1)
    assert g.nodes[met]["type"] == "Event"
    assert "viz" in g.nodes[met]  # colour and size for Gephi


def test_visual_actor_network_files(store: OxigraphStore) -> None:
    g = nx.read_graphml(io.BytesIO(_write(store, "graphml", network="actors")))
    labels = {d["label"] for _, d in g.nodes(data=True)}
    assert labels == {"Lena Holm", "Ivo Brandt", "Kim Sato", "Norway", "Japan", "United Nations"}
    holm = next(n for n, d in g.nodes(data=True) if d["label"] == "Lena Holm")
    sato = next(n for n, d in g.nodes(data=True) if d["label"] == "Kim Sato")
    assert g.edges[holm, sato]["weight"] == 1 and g.edges[holm, sato]["label"] == "1 talks"


def test_visual_json_is_node_link(store: OxigraphStore) -> None:
    data = json.loads(_write(store, "json", flt=NetworkFilter(kinds=("talks",))))
    assert {"nodes", "links", "directed", "multigraph"} <= set(data)
    g = nx.node_link_graph(data, edges="links")
    triggers = {d["trigger"] for _, d in g.nodes(data=True) if d["type"] == "Event"}
    assert triggers == {"met", "held talks"}
    assert data["graph"]["filter"] == "talks"


# --------------------------------------------------------------------- interactive page
def _page_data(page: str, element: str) -> Any:
    m = re.search(rf'<script type="application/json" id="{element}">(.*?)</script>', page, re.S)
    assert m is not None
    return json.loads(m.group(1))


def _assert_self_contained(page: str) -> None:
    assert not re.search(r"<(script|link|img|iframe)\b[^>]*\b(src|href)\s*=", page, re.I)
    assert "@import" not in page and "url(http" not in page
    assert page.count("<script") >= 2 and "</html>" in page


def test_visual_html_is_self_contained_and_holds_the_nodes(store: OxigraphStore) -> None:
    page = _write(store, "html").decode("utf-8")
    _assert_self_contained(page)
    assert len(page.encode()) < 1_000_000
    data = _page_data(page, "dkg-data")
    labels = {n["label"] for n in data["nodes"]}
    assert {"Lena Holm", "Ivo Brandt", "Oslo", "Vienna", "Japan"} <= labels
    met = next(n for n in data["nodes"] if n["label"].startswith("met"))
    assert met["date"] == "2021-04-12" and met["articles"] == ["https://news.example/a1"]
    assert met["color"] != next(n for n in data["nodes"] if n["label"] == "Oslo")["color"]
    assert all(isinstance(n["x"], float | int) for n in data["nodes"])
    assert {link["label"] for link in data["links"]} == {"took part", "at"}
    assert len(data["links"]) == event_network(store).number_of_edges()


def test_visual_html_escapes_article_text(tmp_path: Path) -> None:
    evil = _actor("</script><script>alert(1)</script>")
    rec = ArticleRecord(
        Document(id="x", text="x" * 50),
        actors=(evil, HOLM),
        events=(_event("e1", "talks", "met", (evil, HOLM), (), None),),
    )
    store = _fill(OxigraphStore.in_memory(), [rec])
    page = _write(store, "html").decode("utf-8")
    assert "</script><script>alert(1)" not in page
    labels = {n["label"] for n in _page_data(page, "dkg-data")["nodes"]}
    assert "</script><script>alert(1)</script>" in labels


# --------------------------------------------------------------------- static pictures
def _png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", data[16:24])
    return width, height


def test_visual_png_has_a_sensible_size(store: OxigraphStore) -> None:
    width, height = _png_size(_write(store, "png"))
    assert 600 <= width <= 3000 and 400 <= height <= 3000


def test_visual_svg_parses_with_a_label_per_node(store: OxigraphStore) -> None:
    root = ET.fromstring(_write(store, "svg"))
    assert root.tag.endswith("svg")
    texts = ["".join(t.itertext()) for t in root.iter("{http://www.w3.org/2000/svg}text")]
    joined = "\n".join(texts)
    for label in ("Lena Holm", "Ivo Brandt", "Kim Sato", "Norway", "Japan", "Oslo", "Vienna"):
        assert label in joined
    n = event_network(store).number_of_nodes()
    assert n <= len(texts) <= n + 15  # node labels, the title and the legend


def test_visual_pictures_are_limited_to_max_nodes() -> None:
    store = _fill(OxigraphStore.in_memory(), big_records(40))
    g = network_for(store)
    assert g.number_of_nodes() == 121
    small = _limit(g, 30)
    assert small.number_of_nodes() <= 30
    assert not [n for n in small if small.degree(n) == 0]
    root = ET.fromstring(_write(store, "svg", max_nodes=30))
    texts = ["".join(t.itertext()) for t in root.iter("{http://www.w3.org/2000/svg}text")]
    names = [t for t in texts if t.startswith(("Person", "Ana Hub"))]
    assert 10 <= len(names) <= 30
    assert any("showing" in t for t in texts)


def test_visual_limit_keeps_the_neighbourhood_first() -> None:
    store = _fill(OxigraphStore.in_memory(), big_records(40))
    g = network_for(store, flt=NetworkFilter(around="Person A3", hops=2))
    small = _limit(g, 10)
    labels = {d["label"] for _, d in small.nodes(data=True)}
    assert {"Person A3", "Person B3", "Ana Hub"} <= labels


def test_visual_svg_of_an_empty_store() -> None:
    root = ET.fromstring(_write(OxigraphStore.in_memory(), "svg"))
    assert root.tag.endswith("svg")


# --------------------------------------------------------------------- map
def test_visual_map_places_events_offline(store: OxigraphStore) -> None:
    page = _write(store, "map").decode("utf-8")
    _assert_self_contained(page)
    assert len(page.encode()) < 1_000_000
    places = _page_data(page, "dkg-places")
    by_label = {p["label"]: p for p in places}
    assert set(by_label) == {"Oslo", "Vienna"}
    assert len(by_label["Vienna"]["events"]) == 2
    assert by_label["Oslo"]["events"][0]["with"] == ["Ivo Brandt", "Lena Holm", "Norway"]
    # Equirectangular on a 1000 x 500 plane.
    assert by_label["Oslo"]["x"] == pytest.approx((10.75 + 180) * 1000 / 360, abs=0.01)
    assert by_label["Oslo"]["y"] == pytest.approx((90 - 59.91) * 1000 / 360, abs=0.01)
    assert page.count('class="land"') > 150  # Natural Earth country outlines
    assert page.count('class="pt"') == 2
    assert "1 event in this selection has no located place" in page


def test_visual_map_follows_filters(store: OxigraphStore) -> None:
    page = _write(store, "map", flt=NetworkFilter(kinds=("incident",))).decode("utf-8")
    assert [p["label"] for p in _page_data(page, "dkg-places")] == ["Vienna"]


# --------------------------------------------------------------------- commands
@pytest.mark.parametrize("fmt", GRAPH_FORMATS)
def test_cli_export_graph_formats(store_dir: Path, tmp_path: Path, fmt: str) -> None:
    out = tmp_path / f"out.{fmt}"
    result = CliRunner().invoke(
        main,
        [
            "export",
            "--store",
            str(store_dir),
            "--format",
            fmt,
            "--around",
            "Holm",
            "--hops",
            "2",
            "-o",
            str(out),
        ],
    )
    assert result.exit_code == 0, result.output
    assert out.stat().st_size > 100
    assert f"Wrote {out}" in result.output


def test_cli_export_filters(store_dir: Path) -> None:
    result = CliRunner().invoke(
        main,
        ["export", "--store", str(store_dir), "--format", "json", "--kind", "talks", "--from", "2021-06-01"],
    )
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert [n["trigger"] for n in data["nodes"] if n["type"] == "Event"] == ["held talks"]


def test_cli_export_errors(store_dir: Path, tmp_path: Path) -> None:
    runner = CliRunner()
    result = runner.invoke(main, ["export", "--store", str(store_dir), "--format", "ttl", "--kind", "talks"])
    assert result.exit_code == 2 and "apply to graphml" in result.output
    out = tmp_path / "x.png"
    result = runner.invoke(
        main,
        ["export", "--store", str(store_dir), "--format", "png", "--around", "Lena Holn", "-o", str(out)],
    )
    assert result.exit_code == 1 and "did you mean 'Lena Holm'" in result.output
    assert not out.exists()
    result = runner.invoke(
        main,
        [
            "export",
            "--store",
            str(store_dir),
            "--format",
            "svg",
            "--from",
            "2021-07-01",
            "--to",
            "2021-01-01",
        ],
    )
    assert result.exit_code == 2 and "is after" in result.output
    result = runner.invoke(main, ["export", "--store", str(store_dir), "--format", "svg", "--from", "July"])
    assert result.exit_code == 2 and "YYYY-MM-DD" in result.output


def test_cli_export_help_lists_the_graph_formats() -> None:
    result = CliRunner().invoke(main, ["export", "-h"])
    assert result.exit_code == 0
    for word in ("graphml", "gexf", "html", "png", "map", "--around", "--hops", "--kind", "--from", "--to"):
        assert word in result.output


def test_visual_actor_not_found_from_the_api(store: OxigraphStore) -> None:
    with pytest.raises(ActorNotFound):
        _write(store, "html", flt=NetworkFilter(around="Nobody", start=date(2021, 1, 1)))


def test_visual_files_do_not_depend_on_the_hash_seed(store_dir: Path, tmp_path: Path) -> None:
    """Layouts, node order and ids stay the same from one process to the next."""
    import os
    import subprocess
    import sys

    outputs = []
    for seed in ("1", "2"):
        out = tmp_path / f"seed{seed}"
        out.mkdir()
        code = (
            "import sys; from graph.cli import main; "
            "[main(['export', '--store', sys.argv[1], '--format', f, '-o', sys.argv[2] + '/x.' + f], "
            "standalone_mode=False) for f in ('graphml', 'svg')]"
        )
        env = dict(os.environ, PYTHONHASHSEED=seed)
        subprocess.run([sys.executable, "-c", code, str(store_dir), str(out)], check=True, env=env)
        outputs.append(((out / "x.graphml").read_bytes(), (out / "x.svg").read_bytes()))
    assert outputs[0] == outputs[1]
