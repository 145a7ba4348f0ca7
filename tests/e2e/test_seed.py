"""End to end on the seed article: the CLI builds a store and the competency queries find the facts."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from graph.cli import main

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[2]


def _rows(store: Path, name: str) -> list[dict[str, str]]:
    result = CliRunner().invoke(
        main,
        ["query", "--store", str(store), "--format", "json", "--file", str(ROOT / "queries" / f"{name}.rq")],
    )
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    return [{k: v["value"] for k, v in b.items()} for b in data["results"]["bindings"]]


def test_seed_persons(seed_store: Path) -> None:
    names = {r["name"] for r in _rows(seed_store, "persons")}
    assert {"Jake Sullivan", "Meir Ben Shabbat", "Ned Price", "Joe Biden"} <= names
    assert "Price" not in names and "Biden" not in names  # one person, one node


def test_seed_places(seed_store: Path) -> None:
    places = {r["name"] for r in _rows(seed_store, "places")}
    assert {"Vienna", "Natanz", "Tehran"} <= places


def test_seed_talks_and_incident(seed_store: Path) -> None:
    events: dict[str, dict[str, set[str] | str]] = {}
    for r in _rows(seed_store, "events"):
        e = events.setdefault(
            r["event"], {"kind": r["kind"], "date": r.get("date", ""), "participants": set(), "places": set()}
        )
        if r.get("participant"):
            e["participants"].add(r["participant"])  # type: ignore[union-attr]
        if r.get("place"):
            e["places"].add(r["place"])  # type: ignore[union-attr]
    talks = [e for e in events.values() if e["kind"] == "talks" and e["date"] == "2021-04-13"]
    assert any({"Jake Sullivan", "Meir Ben Shabbat"} <= e["participants"] for e in talks), events  # type: ignore[operator]
    assert any(e["kind"] == "incident" and "Natanz" in e["places"] for e in events.values()), events  # type: ignore[operator]


def test_seed_roles(seed_store: Path) -> None:
    roles = {(r["name"], r["role"]) for r in _rows(seed_store, "roles")}
    assert ("Jake Sullivan", "National Security Adviser") in roles
    assert ("Ned Price", "Spokesman") in roles


def test_seed_score_runs(seed_store: Path, shared: Path) -> None:
    out = subprocess.run(
        [
            sys.executable,
            str(shared / "tools" / "score.py"),
            "--gold",
            str(shared / "dev" / "seed-gold.jsonl"),
            "--store",
            str(seed_store),
            "--dkg",
            f"{sys.executable} -m graph.cli",
            "--queries",
            str(ROOT / "queries"),
        ],
        capture_output=True,
        text=True,
        timeout=300,
        cwd=ROOT,
    )
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip().splitlines()[-1].startswith("summary: persons F1")
