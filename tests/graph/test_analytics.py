"""Analytics on a small hand-built graph: networks, filters, stats, timelines and their commands.

The store is built from hand-written records through the real mapping, so no
spaCy model is needed:

- article a1: Lena Holm and Ivo Brandt (with Norway and Germany) met in Oslo
  on 2021-04-12; Norway and Germany signed an agreement in Oslo in May 2021;
  an explosion involving the United Nations in Vienna on 2021-06-01;
- article a2: Lena Holm held talks with Kim Sato and Japan in Vienna on
  2021-06-15; Japan imposed sanctions (no date, no place).
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner
from pyoxigraph import Literal, NamedNode, Quad

from graph.analytics import format_timeline, stats, timeline
from graph.cli import main
from graph.iris import event_iri, normalize_key, person_iri
from graph.mapping import article_quads, record_graph_iri
from graph.network import (
    RESOLUTION_GRAPH,
    ActorNotFound,
    NetworkFilter,
    actor_network,
    build_network,
    date_span,
    event_network,
    filter_network,
)
from graph.store import OxigraphStore
from ingest.records import Actor, ArticleRecord, Document, Event, Evidence, Place, TimeValue

_EV = Evidence(0, 5, 0, 40, "test", 0.9)


def _person(name: str, *aliases: str) -> Actor:
    return Actor(normalize_key(name), name, "person", aliases=aliases)


def _country(name: str, iso: str) -> Actor:
    return Actor(normalize_key(name), name, "country", iso_code=iso)


def _place(name: str, lat: float, lon: float, cc: str) -> Place:
    return Place(normalize_key(name), name, "city", latitude=lat, longitude=lon, country_code=cc)


def _event(
    local_id: str, kind: str, trigger: str, who: tuple[Actor, ...], where: tuple[Place, ...], when: str | None
) -> Event:
    precision = {10: "day", 7: "month", 4: "year"}
    return Event(
        local_id=local_id,
        kind=kind,  # type: ignore[arg-type]
        event_type="meeting",
        trigger=trigger,
        participants=tuple((a.kind, a.key) for a in who),
        places=tuple(p.key for p in where),
        time=TimeValue(when, precision[len(when)]) if when else None,  # type: ignore[arg-type]
        status="happened",
        evidence=_EV,
    )


HOLM = _person("Lena Holm", "Holm")
BRANDT = _person("Ivo Brandt")
SATO = _person("Kim Sato")
NORWAY = _country("Norway", "NO")
GERMANY = _country("Germany", "DE")
JAPAN = _country("Japan", "JP")
UN = Actor("united-nations", "United Nations", "organization")
OSLO = _place("Oslo", 59.91, 10.75, "NO")
VIENNA = _place("Vienna", 48.21, 16.37, "AT")


def records() -> list[ArticleRecord]:
    a1 = ArticleRecord(
        Document(id="a1", text="x" * 50, url="https://news.example/a1", published=date(2021, 6, 2)),
        actors=(HOLM, BRANDT, NORWAY, GERMANY, UN),
        places=(OSLO, VIENNA),
        events=(
            _event("e1", "talks", "met", (HOLM, BRANDT, NORWAY, GERMANY), (OSLO,), "2021-04-12"),
            _event("e2", "agreement", "signed", (NORWAY, GERMANY), (OSLO,), "2021-05"),
            _event("e3", "incident", "explosion", (UN,), (VIENNA,), "2021-06-01"),
        ),
    )
    a2 = ArticleRecord(
        Document(id="a2", text="y" * 50, url="https://news.example/a2", published=date(2021, 6, 20)),
        actors=(HOLM, SATO, JAPAN),
        places=(VIENNA,),
        events=(
            _event("e1", "talks", "held talks", (HOLM, SATO, JAPAN), (VIENNA,), "2021-06-15"),
            _event("e2", "sanction", "sanctions", (JAPAN,), (), None),
        ),
    )
    return [a1, a2]


def build_store() -> OxigraphStore:
    store = OxigraphStore.in_memory()
    store.replace_articles(
        (record_graph_iri(r), r.document.content_hash, article_quads(r)) for r in records()
    )
    return store


@pytest.fixture()
def store() -> OxigraphStore:
    return build_store()


@pytest.fixture()
def store_dir(tmp_path: Path) -> Path:
    folder = tmp_path / "store"
    with OxigraphStore.open(folder) as st:
        st.replace_articles(
            (record_graph_iri(r), r.document.content_hash, article_quads(r)) for r in records()
        )
    return folder


def _labels(g: object, **attrs: str) -> set[str]:
    return {d["label"] for _, d in g.nodes(data=True) if all(d.get(k) == v for k, v in attrs.items())}  # type: ignore[attr-defined]


# --------------------------------------------------------------------- networks
def test_network_event_graph_has_events_actors_places(store: OxigraphStore) -> None:
    g = event_network(store)
    assert g.is_multigraph() and g.is_directed()
    assert len(_labels(g, type="Event")) == 5
    assert _labels(g, category="person") == {"Lena Holm", "Ivo Brandt", "Kim Sato"}
    assert _labels(g, category="country") == {"Norway", "Germany", "Japan"}
    assert _labels(g, category="place") == {"Oslo", "Vienna"}
    met = g.nodes[event_iri("a1", "e1")]
    assert (met["kind"], met["date"], met["trigger"], met["sources"]) == ("talks", "2021-04-12", "met", 1)
    assert met["articles"] == ("https://news.example/a1",)
    holm = g.nodes[person_iri("Lena Holm")]
    assert holm["type"] == "Person" and holm["events"] == 2 and holm["sources"] == 2
    assert "Holm" in holm["aliases"]
    oslo = next(n for n, d in g.nodes(data=True) if d["label"] == "Oslo")
    assert g.nodes[oslo]["lat"] == pytest.approx(59.91) and g.nodes[oslo]["country"] == "NO"
    assert {k for _, _, k in g.in_edges(oslo, keys=True)} == {"place"}


def test_network_build_network_keeps_its_shape(store: OxigraphStore) -> None:
    g = build_network(store)
    for _, data in g.nodes(data=True):
        assert isinstance(data["label"], str) and isinstance(data["type"], str)
        if data["type"] == "Event":
            assert isinstance(data["sources"], int) and "kind" in data and "date" in data


def test_network_actor_graph_is_weighted_by_shared_events(store: OxigraphStore) -> None:
    a = actor_network(event_network(store))
    no, de = (n for n, d in a.nodes(data=True) if d["label"] in ("Norway", "Germany"))
    edge = a.edges[no, de]
    assert edge["weight"] == 2 and edge["sources"] == 1
    assert edge["label"] == "1 agreement, 1 talks"
    assert (edge["first"], edge["last"]) == ("2021-04-12", "2021-05")
    holm = person_iri("Lena Holm")
    assert a.degree(holm) == 5
    assert a.number_of_nodes() == 7 and a.number_of_edges() == 9
    assert not any(d["category"] == "place" for _, d in a.nodes(data=True))


@pytest.mark.parametrize(
    ("flt", "events"),
    [
        (NetworkFilter(kinds=("talks",)), {"met", "held talks"}),
        (NetworkFilter(kinds=("talks", "sanction")), {"met", "held talks", "sanctions"}),
        (NetworkFilter(start=date(2021, 5, 1), end=date(2021, 5, 31)), {"signed"}),
        (NetworkFilter(start=date(2021, 6, 1)), {"explosion", "held talks"}),
        (NetworkFilter(end=date(2021, 4, 30)), {"met"}),
        (NetworkFilter(around="Ivo Brandt"), {"met"}),
        (NetworkFilter(around="brandt", hops=2), {"met", "signed", "held talks"}),
        (NetworkFilter(around="HOLM"), {"met", "held talks"}),
        (NetworkFilter(around="Vienna"), {"explosion", "held talks"}),
        (NetworkFilter(around="Ivo Brandt", hops=2, kinds=("talks",)), {"met", "held talks"}),
    ],
)
def test_network_filters(store: OxigraphStore, flt: NetworkFilter, events: set[str]) -> None:
    g = event_network(store, flt)
    assert {d["trigger"] for _, d in g.nodes(data=True) if d["type"] == "Event"} == events
    # Every actor or place kept takes part in a kept event, except the node asked about.
    seeds = set(g.graph.get("seeds", ()))
    for node, data in g.nodes(data=True):
        if data["type"] != "Event" and node not in seeds:
            assert g.in_degree(node) > 0


def test_network_around_keeps_neighbours_with_places(store: OxigraphStore) -> None:
    g = event_network(store, NetworkFilter(around="Ivo Brandt"))
    assert _labels(g, category="person") == {"Lena Holm", "Ivo Brandt"}
    assert _labels(g, category="place") == {"Oslo"}
    assert g.graph["seeds"] == (person_iri("Ivo Brandt"),)
    assert g.nodes[person_iri("Lena Holm")]["events"] == 1  # counted within the cut


def test_network_unknown_name_suggests_close_ones(store: OxigraphStore) -> None:
    with pytest.raises(ActorNotFound) as err:
        event_network(store, NetworkFilter(around="Lena Holmm"))
    assert err.value.suggestions[0] == "Lena Holm"
    assert "did you mean 'Lena Holm'" in str(err.value)
    with pytest.raises(ActorNotFound, match="No actor or place named 'Zorro'"):
        event_network(store, NetworkFilter(around="Zorro"))


def test_network_ambiguous_part_of_a_name(store: OxigraphStore) -> None:
    g = filter_network(event_network(store))
    g.add_node("x", label="Lena Holmberg", type="Person", category="person", aliases=())
    g.add_node("y", label="Ivo Holmberg", type="Person", category="person", aliases=())
    with pytest.raises(ActorNotFound, match="could be 'Ivo Holmberg' or 'Lena Holmberg'"):
        filter_network(g, NetworkFilter(around="Holmberg"))


def test_network_label_beats_alias(store: OxigraphStore) -> None:
    g = filter_network(event_network(store))
    norway = next(n for n, d in g.nodes(data=True) if d["label"] == "Norway")
    g.nodes[norway]["aliases"] = ("Oslo",)  # as a capital can be a country's alias
    flt = NetworkFilter(around="Oslo")
    assert filter_network(g, flt).graph["seeds"] == tuple(
        n for n, d in g.nodes(data=True) if d["label"] == "Oslo"
    )


def test_network_date_span() -> None:
    assert date_span("2021-02") == (date(2021, 2, 1), date(2021, 2, 28))
    assert date_span("2021-04-12") == (date(2021, 4, 12), date(2021, 4, 12))
    assert date_span("not a date") is None


def test_network_uses_canonical_nodes_when_resolved(store: OxigraphStore) -> None:
    # A third article names Holm differently and reports the Oslo meeting again.
    l_holm = _person("L. Holm")
    a3 = ArticleRecord(
        Document(id="a3", text="z" * 50, url="https://news.example/a3"),
        actors=(l_holm, BRANDT),
        places=(OSLO,),
        events=(_event("e1", "talks", "talks", (l_holm, BRANDT), (OSLO,), "2021-04-12"),),
    )
    store.replace_articles([(record_graph_iri(a3), a3.document.content_hash, article_quads(a3))])
    before = event_network(store)
    assert len(_labels(before, type="Event")) == 6 and "L. Holm" in _labels(before)

    canonical = NamedNode("https://w3id.org/dkg/ontology#canonical")
    pref = NamedNode("http://www.w3.org/2004/02/skos/core#prefLabel")
    res = NamedNode(RESOLUTION_GRAPH)
    links = [
        Quad(NamedNode(person_iri("L. Holm")), canonical, NamedNode(person_iri("Lena Holm")), res),
        Quad(NamedNode(event_iri("a3", "e1")), canonical, NamedNode(event_iri("a1", "e1")), res),
        Quad(NamedNode(person_iri("Lena Holm")), canonical, NamedNode(person_iri("Lena Holm")), res),
        Quad(NamedNode(person_iri("Lena Holm")), pref, Literal("Lena M. Holm"), res),
    ]
    store.replace_articles([(RESOLUTION_GRAPH, "resolution", links)])
    after = event_network(store)
    assert len(_labels(after, type="Event")) == 5
    assert "L. Holm" not in _labels(after)
    holm = after.nodes[person_iri("Lena Holm")]
    assert holm["label"] == "Lena M. Holm"  # the resolution layer's name wins
    assert {"Lena Holm", "L. Holm", "Holm"} <= set(holm["aliases"])
    assert timeline(store, "L. Holm") == timeline(store, "Lena Holm")
    met = after.nodes[event_iri("a1", "e1")]
    assert met["sources"] == 2
    assert met["articles"] == ("https://news.example/a1", "https://news.example/a3")
    assert after.nodes[person_iri("Lena Holm")]["events"] == 2
    assert stats(store).counts["persons"] == 3
    assert [e.sources for e in timeline(store, "Lena Holm")][0] == met["articles"]


# --------------------------------------------------------------------- stats
def test_analytics_stats_numbers(store: OxigraphStore) -> None:
    s = stats(store)
    assert s.counts["articles"] == 2
    assert s.counts["persons"] == 3
    assert s.counts["countries"] == 3
    assert s.counts["organizations"] == 1
    assert s.counts["places"] == 2
    assert s.counts["events"] == 5
    assert s.events_by_kind == {"talks": 2, "incident": 1, "sanction": 1, "agreement": 1, "other": 0}
    assert (s.actors, s.links) == (7, 9)
    assert s.top_degree[0].label == "Lena Holm" and s.top_degree[0].score == 5
    assert [a.label for a in s.top_betweenness] == ["Lena Holm"]  # the only bridge
    assert s.top_betweenness[0].score == pytest.approx(6 / 15)
    groups = [set(c.members) for c in s.communities]
    assert any({"Ivo Brandt", "Norway", "Germany"} <= g for g in groups)
    assert any({"Kim Sato", "Japan"} <= g for g in groups)
    assert not any({"Ivo Brandt", "Japan"} <= g for g in groups)
    assert [(p.label, p.events) for p in s.busiest_places] == [("Oslo", 2), ("Vienna", 2)]
    assert s.events_per_month == {"2021-04": 1, "2021-05": 1, "2021-06": 2}
    assert s.undated == 1


def test_analytics_stats_is_deterministic_and_serializable(store: OxigraphStore) -> None:
    a, b = stats(store), stats(build_store())
    assert a.to_json() == b.to_json()
    data = json.loads(a.to_json())
    assert data["top_degree"][0]["label"] == "Lena Holm"
    table = a.format_table()
    for heading in ("Counts", "Most connected actors", "Communities", "Busiest places", "Events per month"):
        assert heading in table


def test_analytics_stats_of_an_empty_store() -> None:
    s = stats(OxigraphStore.in_memory())
    assert s.counts["events"] == 0 and s.top_degree == () and s.communities == ()
    assert "(none)" in s.format_table()


# --------------------------------------------------------------------- timeline
def test_analytics_timeline_in_date_order(store: OxigraphStore) -> None:
    entries = timeline(store, "Lena Holm")
    assert [(e.date, e.kind, e.trigger) for e in entries] == [
        ("2021-04-12", "talks", "met"),
        ("2021-06-15", "talks", "held talks"),
    ]
    first = entries[0]
    assert first.participants == ("Germany", "Ivo Brandt", "Norway")
    assert first.places == ("Oslo",)
    assert first.sources == ("https://news.example/a1",)
    assert first.event == event_iri("a1", "e1")


def test_analytics_timeline_undated_last_and_filtered(store: OxigraphStore) -> None:
    assert [e.kind for e in timeline(store, "japan")] == ["talks", "sanction"]
    assert [e.kind for e in timeline(store, "Japan", flt=NetworkFilter(kinds=("sanction",)))] == ["sanction"]
    assert timeline(store, "Japan", flt=NetworkFilter(start=date(2022, 1, 1))) == []
    text = format_timeline(timeline(store, "Japan"))
    assert text.splitlines()[0].split() == ["date", "kind", "event", "with", "where", "sources"]
    assert "(2 events)" in text


def test_analytics_timeline_unknown_actor(store: OxigraphStore) -> None:
    with pytest.raises(ActorNotFound, match="did you mean 'Kim Sato'"):
        timeline(store, "Kim Satoh")


# --------------------------------------------------------------------- commands
def test_cli_stats_table_and_json(store_dir: Path) -> None:
    runner = CliRunner()
    result = runner.invoke(main, ["stats", "--store", str(store_dir)])
    assert result.exit_code == 0, result.output
    assert "Lena Holm" in result.output and "Events per month" in result.output
    result = runner.invoke(main, ["stats", "--store", str(store_dir), "--format", "json", "--top", "1"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["counts"]["events"] == 5 and len(data["top_degree"]) == 1


def test_cli_timeline_formats(store_dir: Path) -> None:
    runner = CliRunner()
    result = runner.invoke(main, ["timeline", "Lena Holm", "--store", str(store_dir)])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[2].startswith("2021-04-12") and lines[3].startswith("2021-06-15")
    result = runner.invoke(main, ["timeline", "holm", "--store", str(store_dir), "--format", "json"])
    assert [e["trigger"] for e in json.loads(result.output)] == ["met", "held talks"]
    result = runner.invoke(
        main, ["timeline", "Japan", "--store", str(store_dir), "--format", "csv", "--kind", "talks"]
    )
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[1].startswith("2021-06-15,talks,")


def test_cli_timeline_unknown_name_is_a_user_error(store_dir: Path) -> None:
    result = CliRunner().invoke(main, ["timeline", "Ivo Brant", "--store", str(store_dir)])
    assert result.exit_code == 1
    assert "did you mean 'Ivo Brandt'" in result.output
    assert "Traceback" not in result.output


def test_cli_stats_and_timeline_have_help_with_examples() -> None:
    for command in ("stats", "timeline"):
        result = CliRunner().invoke(main, [command, "-h"])
        assert result.exit_code == 0 and "Example" in result.output
