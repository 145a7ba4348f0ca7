"""The web page of ``dkg serve`` in a real browser: headless Chromium driven by Playwright.

``dkg serve`` runs as a subprocess on a free port over the store built from ``examples/``; the page
loads its scripts from the server alone (no network). Skipped where Playwright or Chromium is
missing (``.ci/run`` installs both: ``pip install -e .[test]`` and Debian's ``chromium``).
Screenshots go to each test's ``tmp_path`` and, when ``DKG_SCREENSHOT_DIR`` is set, there too.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlencode
from urllib.request import Request, urlopen

import pytest

sync_api = pytest.importorskip(
    "playwright.sync_api", reason="Playwright is not installed: pip install -e '.[test]' installs it"
)
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
if CHROMIUM is None:
    pytest.skip(
        "Chromium is not installed (no chromium on PATH): 'apt-get install chromium' runs the browser "
        "tests (.ci/run does)",
        allow_module_level=True,
    )

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[2]
ID = "https://w3id.org/dkg/id/"
SADYKOV, GAO = ID + "person/yerlan-sadykov", ID + "person/gao-zhiyuan"


@pytest.fixture(scope="module")
def server(examples_store: Path) -> Iterator[str]:
    """``dkg serve`` (read-only) over the examples' store; yields its base URL."""
    with _dkg_serve(["--store", str(examples_store)]) as url:
        yield url


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        yield b
        b.close()


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    """A fresh page; fails the test on any script error or console error the page reports."""
    context = browser.new_context(viewport={"width": 1400, "height": 900})
    pg = context.new_page()
    problems: list[str] = []
    pg.on("pageerror", lambda exc: problems.append(f"script error: {exc}"))
    pg.on("console", lambda msg: problems.append(f"console: {msg.text}") if msg.type == "error" else None)
    pg.set_default_timeout(20_000)
    pg.problems = problems
    yield pg
    context.close()


class _dkg_serve:  # noqa: N801 - used as a context manager, like a function
    """``dkg serve ARGS --port 0 --quiet`` as a subprocess; the URL it prints, without ``/sparql``."""

    def __init__(self, args: list[str], env: dict[str, str] | None = None) -> None:
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "graph.cli", "serve", *args, "--port", "0", "--quiet"],
            cwd=ROOT,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env={**os.environ, "PYTHONUNBUFFERED": "1", **(env or {})},
        )

    def __enter__(self) -> str:
        assert self.proc.stdout is not None
        line = self.proc.stdout.readline().strip()
        if not line.endswith("/sparql"):
            self.proc.kill()
            raise AssertionError(f"dkg serve did not start: {line!r} {self.proc.communicate()[1]}")
        return line.removesuffix("/sparql")

    def __exit__(self, *exc: object) -> None:
        self.proc.send_signal(signal.SIGINT)
        try:
            self.proc.communicate(timeout=15)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.communicate()


def _screenshot(pg: Any, tmp_path: Path, name: str) -> None:
    pg.screenshot(path=str(tmp_path / name))
    folder = os.environ.get("DKG_SCREENSHOT_DIR")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        pg.screenshot(path=str(Path(folder) / name))


def _http_json(url: str, accept: str = "application/sparql-results+json") -> Any:
    with urlopen(Request(url, headers={"Accept": accept}), timeout=30) as resp:
        return json.loads(resp.read())


def _cells(pg: Any) -> list[list[str]]:
    """The results table's rows, without the row-number column."""
    return [
        [td.inner_text() for td in tr.query_selector_all("td[data-var]")]
        for tr in pg.query_selector_all("#results tbody tr")
    ]


def _node(pg: Any, iri: str) -> Any:
    return pg.locator(f'#nodes .node[data-id="{iri}"]')


def _settle(pg: Any) -> None:
    pg.wait_for_selector('#graph[data-settled="true"]')


# ------------------------------------------------------------------ the query editor
def test_page_runs_an_example_query(server: str, page: Any, tmp_path: Path) -> None:
    example = next(q for q in _http_json(f"{server}/queries")["queries"] if q["name"] == "persons")
    answer = _http_json(f"{server}/sparql?{urlencode({'query': example['query']})}")
    expected = [[b["name"]["value"], b["source"]["value"]] for b in answer["results"]["bindings"]]
    assert len(expected) > 5

    page.goto(server + "/")
    assert page.is_hidden("#update-controls")  # read-only: no update form
    page.wait_for_selector("#examples optgroup[label='Competency queries'] option", state="attached")
    assert page.locator("#examples optgroup[label='Analyst queries'] option").count() >= 1
    page.select_option("#examples", label="persons")
    assert page.input_value("#query") == example["query"]
    assert page.inner_text("#example-description") == example["description"]
    page.click("#run")
    page.wait_for_selector("#results tbody tr")
    assert _cells(page) == expected
    assert page.inner_text("#status").startswith(f"{len(expected)} rows")
    _screenshot(page, tmp_path, "web-page-query.png")

    page.fill("#rows", "3")  # the page's row limit goes to the server as max-rows
    page.click("#run")
    page.wait_for_function("document.querySelectorAll('#results tbody tr').length === 3")
    assert _cells(page) == expected[:3]
    assert "cut at 3 rows" in page.inner_text("#status")
    assert page.problems == []


def test_page_answers_ask_construct_and_reports_errors(server: str, page: Any) -> None:
    page.goto(server + "/")
    page.fill("#query", "PREFIX dkg: <https://w3id.org/dkg/ontology#>\nASK { ?p a dkg:Person }")
    page.press("#query", "Control+Enter")
    page.wait_for_selector("#results .boolean")
    assert page.inner_text("#results .boolean") == "true"

    page.fill(
        "#query",
        "PREFIX skos: <http://www.w3.org/2004/02/skos/core#>\n"
        'CONSTRUCT { ?p skos:prefLabel ?n } WHERE { ?p skos:prefLabel ?n FILTER(?n = "Yerlan Sadykov") }',
    )
    page.press("#query", "Control+Enter")
    page.wait_for_selector("#results pre")
    assert 'skos:prefLabel "Yerlan Sadykov"' in page.inner_text("#results pre")

    page.fill("#query", "SELECT ?x WHERE { ?x")
    page.press("#query", "Control+Enter")
    page.wait_for_selector("#error:not([hidden])")
    assert "(400): Malformed query" in page.inner_text("#error")
    assert page.locator("#results *").count() == 0

    # Text from the store is text, never markup: a literal holding HTML shows as typed.
    page.fill("#query", "SELECT ?x WHERE { BIND(\"<b id='injected'>bold</b>\" AS ?x) }")
    page.press("#query", "Control+Enter")
    page.wait_for_selector("#results tbody tr")
    assert page.inner_text("#results tbody td[data-var=x]") == "<b id='injected'>bold</b>"
    assert page.locator("#injected").count() == 0
    # the failed query's 400 is the only console error expected
    assert [p for p in page.problems if "400" not in p] == []


def test_page_sends_updates_with_the_token(tmp_path: Path, page: Any) -> None:
    with _dkg_serve(
        ["--store", str(tmp_path / "scratch"), "--allow-update"], env={"DKG_TOKEN": "page-token"}
    ) as url:
        page.goto(url + "/")
        page.check("#is-update")
        page.fill("#query", 'INSERT DATA { GRAPH <urn:x:g> { <urn:x:a> <urn:x:p> "x" } }')
        page.fill("#token", "wrong")
        page.click("#run")
        page.wait_for_selector("#error:not([hidden])")
        assert "(403)" in page.inner_text("#error")
        page.fill("#token", "page-token")
        page.click("#run")
        page.wait_for_function("document.getElementById('status').textContent.startsWith('Update applied')")
        page.uncheck("#is-update")
        page.fill("#query", "SELECT ?o WHERE { <urn:x:a> <urn:x:p> ?o }")
        page.click("#run")
        page.wait_for_selector("#results tbody tr")
        assert _cells(page) == [["x"]]


# ------------------------------------------------------------------ the graph
def test_page_draws_a_neighbourhood_with_its_provenance(server: str, page: Any, tmp_path: Path) -> None:
    page.goto(server + "/")
    page.click("#tab-graph")
    page.fill("#search", "SADYKOV")  # any case, part of the name
    page.press("#search", "Enter")
    page.wait_for_selector(f'#search-results button[data-id="{SADYKOV}"]')
    # One match draws at once: the actor, its events, their participants.
    _node(page, SADYKOV).wait_for()
    page.wait_for_selector("#nodes .node.event")
    _node(page, GAO).wait_for()
    assert "expanded" in (_node(page, SADYKOV).get_attribute("class") or "")
    page.wait_for_selector("#provenance .sentence")
    assert page.inner_text("#provenance h2") == "Yerlan Sadykov"
    assert all("Sadykov" in s for s in page.locator("#provenance .sentence").all_inner_texts())
    assert "Yerlan Sadykov" in page.locator("#provenance .sentence mark").all_inner_texts()

    # Clicking a co-participant expands it and shows its sentences, article by article.
    _settle(page)
    before = page.locator("#nodes .node").count()
    _node(page, GAO).locator(".shape").click()
    page.wait_for_selector("#provenance h2:text-is('Gao Zhiyuan')")
    page.wait_for_selector("#provenance .sentence")
    page.wait_for_function(f"document.querySelector('[data-id=\"{GAO}\"]').classList.contains('expanded')")
    _settle(page)
    assert page.locator("#nodes .node").count() >= before
    assert page.locator("#provenance .article").count() >= 2  # the examples name him in two articles
    # every sentence names him, in full or by his surname alone ("Gao said ...")
    assert all("Gao" in s for s in page.locator("#provenance .sentence").all_inner_texts())

    # Clicking an edge shows what links its ends: the event's sentences.
    edge = page.locator(f'#links .link[data-source="{SADYKOV}"]').first
    edge.locator("line.hit").click()
    page.wait_for_selector("#provenance h3")
    assert page.inner_text("#provenance h2").startswith("Yerlan Sadykov — ")
    assert "takes part in" in page.inner_text("#provenance h3")
    assert page.locator("#provenance .sentence").count() >= 1
    _screenshot(page, tmp_path, "web-page.png")

    # Filters hide events by kind and by date; actors stay while linked to a shown event.
    events = page.locator("#nodes .node.event")
    assert events.count() >= 1
    for kind in ("talks", "incident", "sanction", "agreement", "other"):
        page.uncheck(f"#filters input[value={kind}]")
    assert page.locator("#nodes .node.event:visible").count() == 0
    for kind in ("talks", "incident", "sanction", "agreement", "other"):
        page.check(f"#filters input[value={kind}]")
    assert page.locator("#nodes .node.event:visible").count() == events.count()
    page.uncheck("#undated")
    page.fill("#date-from", "2999")
    assert page.locator("#nodes .node.event:visible").count() == 0
    page.fill("#date-from", "29x")
    assert "YYYY" in page.inner_text("#filter-error")
    assert page.problems == []


def test_page_opens_an_iri_from_the_results_in_the_graph(server: str, page: Any) -> None:
    page.goto(server + "/")
    page.wait_for_selector("#examples option", state="attached")
    page.select_option("#examples", label="events")
    page.press("#query", "Control+Enter")
    first = page.locator("#results td[data-var=event] button").first
    event = (first.get_attribute("title") or "").split(" ")[0]
    first.click()
    assert page.is_visible("#panel-graph")
    _node(page, event).wait_for()
    page.wait_for_selector("#provenance .sentence")
    assert page.inner_text("#provenance .iri-text").startswith("event (")
    page.wait_for_function(f"document.querySelector('[data-id=\"{event}\"]').classList.contains('expanded')")
    assert page.locator("#nodes .node.actor").count() >= 1
    assert page.problems == []
