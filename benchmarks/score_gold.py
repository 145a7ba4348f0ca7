"""Score dkg's graph against the hand-written gold sets with the shared scorer.

For each set, builds a fresh embedded store with ``dkg ingest`` and runs
``../shared/tools/score.py`` on it, which reads the graph only through the
competency queries in ``queries/``; prints the scorer's table and summary,
then one line (or Markdown row) per set.

- seed: ``../shared/dev/seed.jsonl`` against ``../shared/dev/seed-gold.jsonl``;
- voa: the VOA stories (``../shared/corpora/voa/stories.jsonl``, all of them,
  written to a temporary JSON Lines file with id, url, title, published (the
  date part of the timestamp) and text) against ``../shared/dev/voa-gold.jsonl``;
- own: the project's annotated articles, ``tests/data/articles.jsonl`` against
  ``tests/data/articles-gold.jsonl``.

dkg runs as ``python -m graph.cli`` with this interpreter, so any venv works.
Shared data is read where it lies, never copied into the project.

Examples:
    python benchmarks/score_gold.py
    python benchmarks/score_gold.py --set voa --keep-store /tmp/voa-store
    python benchmarks/score_gold.py --markdown
"""

from __future__ import annotations

import argparse
import contextlib
import importlib.util
import json
import shlex
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_SHARED = ROOT.parent / "shared"
SETS = ("seed", "voa", "own", "multi")
COLUMNS = ("persons", "roles", "organizations", "countries", "places", "events")


@dataclass(frozen=True, slots=True)
class GoldSet:
    name: str
    articles: Path  # what dkg ingests (for voa, the stories the input is built from)
    gold: Path


def gold_sets(shared: Path) -> dict[str, GoldSet]:
    return {
        "seed": GoldSet("seed", shared / "dev" / "seed.jsonl", shared / "dev" / "seed-gold.jsonl"),
        "voa": GoldSet(
            "voa", shared / "corpora" / "voa" / "stories.jsonl", shared / "dev" / "voa-gold.jsonl"
        ),
        "own": GoldSet(
            "own", ROOT / "tests" / "data" / "articles.jsonl", ROOT / "tests" / "data" / "articles-gold.jsonl"
        ),
        "multi": GoldSet(
            "multi",
            ROOT / "tests" / "data" / "multisource.jsonl",
            ROOT / "tests" / "data" / "multisource-gold.jsonl",
        ),
    }


def write_voa(stories: Path, gold: Path, out: Path) -> int:
    """The VOA stories as dkg's JSON Lines input; fails when a gold id has no story. Returns the count."""
    rows = [json.loads(line) for line in stories.read_text(encoding="utf-8").splitlines() if line.strip()]
    wanted = {
        json.loads(line)["id"] for line in gold.read_text(encoding="utf-8").splitlines() if line.strip()
    }
    missing = wanted - {str(r["id"]) for r in rows}
    if missing:
        raise SystemExit(f"gold ids without a story in {stories}: {', '.join(sorted(missing))}")
    with out.open("w", encoding="utf-8") as f:
        for r in rows:
            published = str(r.get("published") or "")[:10] or None
            doc = {"id": str(r["id"]), "url": r.get("url"), "title": r.get("title"), "published": published}
            doc["text"] = r["text"]
            f.write(json.dumps(doc, ensure_ascii=False) + "\n")
    return len(rows)


def count_lines(path: Path) -> int:
    return sum(1 for line in path.read_text(encoding="utf-8").splitlines() if line.strip())


def run(cmd: list[str], *, label: str) -> subprocess.CompletedProcess[str]:
    out = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True)
    if out.returncode != 0:
        print(out.stdout, end="")
        print(out.stderr, end="", file=sys.stderr)
        raise SystemExit(f"{label} failed ({out.returncode}): {shlex.join(cmd)}")
    return out


def score_set(
    gs: GoldSet, *, work: Path, scorer: Path, queries: Path, model: str | None, errors: int = 0
) -> tuple[dict[str, Any], float, int]:
    """Ingest one set into ``work/store`` and score it; returns the scores, ingest seconds and articles."""
    articles = gs.articles
    if gs.name == "voa":
        articles = work / "voa-stories.jsonl"
        n = write_voa(gs.articles, gs.gold, articles)
    else:
        n = count_lines(articles)
    store = work / "store"
    dkg = [sys.executable, "-m", "graph.cli"]
    cmd = [*dkg, "ingest", str(articles), "--store", str(store), "--quiet"]
    if model:
        cmd += ["--model", model]
    print(f"[{gs.name}] ingesting {n} articles into {store}", file=sys.stderr)
    started = time.perf_counter()
    run(cmd, label="dkg ingest")
    ingest_s = time.perf_counter() - started
    scores = work / "scores.json"
    out = run(
        [
            sys.executable,
            str(scorer),
            "--gold",
            str(gs.gold),
            "--store",
            str(store),
            "--dkg",
            shlex.join(dkg),
            "--queries",
            str(queries),
            "--json",
            str(scores),
        ],
        label="score.py",
    )
    print(f"== {gs.name}: {n} articles ingested in {ingest_s:.1f} s; gold {gs.gold}")
    print(out.stdout, end="")
    if errors:
        print_errors(gs.name, list_errors(load_scorer(scorer), gs.gold, store, queries), errors)
    return json.loads(scores.read_text(encoding="utf-8")), ingest_s, n


# --------------------------------------------------------------------------- error listing


def load_scorer(path: Path) -> ModuleType:
    """The shared scorer as a module, so errors are listed with its own matching rules."""
    spec = importlib.util.spec_from_file_location("dkg_shared_score", path)
    if spec is None or spec.loader is None:
        raise SystemExit(f"cannot load {path}")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def list_errors(sc: ModuleType, gold_path: Path, store: Path, queries: Path) -> dict[str, list[str]]:
    """Every false positive and false negative, keyed "fn persons", "fp events:talks" ...

    Re-runs the competency queries and the scorer's one-to-one matching per article;
    each entry is "article: text".
    """
    gold = {}
    for line in gold_path.read_text(encoding="utf-8").splitlines():
        if line.strip():
            g = json.loads(line)
            gold[g["id"]] = g
    dkg = [sys.executable, "-m", "graph.cli"]
    rows = {t: sc.run_query(dkg, str(store), queries / f"{t}.rq") for t in COLUMNS}
    out: dict[str, list[str]] = {}

    def add(key: str, gid: str, text: str) -> None:
        out.setdefault(key, []).append(f"{gid}: {text}")

    for gid, g in gold.items():
        found_people: dict[str, str] = {}
        for table, key, loose in (
            ("persons", sc.norm, False),
            ("organizations", sc.norm, True),
            ("countries", sc.norm_country, True),
            ("places", sc.norm, True),
        ):
            pred = {
                r["name"]
                for r in rows[table]
                if r.get("name") and sc.doc_key(r.get("source", ""), gold) == gid
            }
            items = sc.as_items(g.get(table, []))
            _, _, _, found = sc.match_names(items, pred, key, loose)
            if table == "persons":
                found_people = found
            for item in items:
                if item["name"] not in found and not item.get("optional"):
                    add(f"fn {table}", gid, item["name"])
            for name in sorted(pred - set(found.values())):
                add(f"fp {table}", gid, name)
        pred_roles = {
            (r["name"], r["role"])
            for r in rows["roles"]
            if r.get("name") and r.get("role") and sc.doc_key(r.get("source", ""), gold) == gid
        }
        used: set[tuple[str, str]] = set()
        for person in sc.as_items(g.get("persons", [])):
            if person.get("optional"):
                continue
            pname = found_people.get(person["name"])
            for role in person.get("roles", []):
                hit = next(
                    (
                        pr
                        for pr in sorted(pred_roles)
                        if pname
                        and sc.norm(pr[0]) == sc.norm(pname)
                        and pr not in used
                        and (
                            sc.norm_role(pr[1]) == sc.norm_role(role)
                            or sc.contains(sc.norm_role(pr[1]), sc.norm_role(role))
                        )
                    ),
                    None,
                )
                if hit:
                    used.add(hit)
                else:
                    got = sorted(pr[1] for pr in pred_roles if pname and sc.norm(pr[0]) == sc.norm(pname))
                    add("fn roles", gid, f"{person['name']} / {role} (dkg: {', '.join(got) or 'none'})")
        matched = {sc.norm(v) for v in found_people.values()}
        for pr in sorted(pred_roles - used):
            if sc.norm(pr[0]) in matched:
                add("fp roles", gid, f"{pr[0]} / {pr[1]}")
        events: dict[str, dict[str, Any]] = {}
        for r in rows["events"]:
            if sc.doc_key(r.get("source", ""), gold) != gid:
                continue
            e = events.setdefault(
                r["event"],
                {
                    "kind": sc.norm(r.get("kind")),
                    "date": r.get("date") or None,
                    "places": set(),
                    "participants": set(),
                },
            )
            if r.get("place"):
                e["places"].add(r["place"])
            if r.get("participant"):
                e["participants"].add(r["participant"])
        forms = sc.actor_forms(g)
        free = [e for e in events.values() if e["kind"] in sc.KINDS]
        for ge in g.get("events", []):
            if ge.get("type") not in sc.KINDS:
                continue
            event = next((p for p in free if sc.event_matches(p, ge, forms)), None)
            if event is not None:
                free.remove(event)
            elif not ge.get("optional"):
                who = ", ".join(ge.get("participants", []))
                add(f"fn events:{ge['type']}", gid, f"{ge.get('date')} @ {ge.get('place')} [{who}]")
        for p in free:
            who = ", ".join(sorted(p["participants"]))
            add(
                f"fp events:{p['kind']}",
                gid,
                f"{p['date']} @ {', '.join(sorted(p['places'])) or '-'} [{who}]",
            )
    return out


def print_errors(name: str, errors: dict[str, list[str]], n: int) -> None:
    print(f"{name}: errors by pattern, most frequent first (count, examples as article: text)")
    if not errors:
        print("  (none)")
    for key, items in sorted(errors.items(), key=lambda kv: (-len(kv[1]), kv[0]))[:n]:
        texts = Counter(i.split(": ", 1)[1] for i in items)
        shown = "; ".join(f"{t} x{k}" if k > 1 else t for t, k in texts.most_common(6))
        print(f"  {key:<22} {len(items):4d}  {shown}")


def summary_row(name: str, result: dict[str, Any], seconds: float, n: int, *, markdown: bool) -> str:
    f1 = [f"{result.get(c, {}).get('f1', 0.0):.2f}" for c in COLUMNS]
    merges = f"{result['merges']['f1']:.2f}" if "merges" in result else "-"
    d, p = result["event_dates"], result["event_places"]
    cells = [
        name,
        str(n),
        *f1,
        merges,
        f"{d['exact']}/{d['of']}",
        f"{p['right']}/{p['of']}",
        f"{seconds:.1f}",
    ]
    if markdown:
        return "| " + " | ".join(cells) + " |"
    return _plain(cells)


SUMMARY_HEADER = ("set", "docs", *COLUMNS, "merges", "event dates", "event places", "ingest s")


def _plain(cells: Sequence[str]) -> str:
    """A plain-text row aligned under SUMMARY_HEADER."""
    return "  ".join(
        c.ljust(max(5, len(h))) if i == 0 else c.rjust(max(5, len(h)))
        for i, (c, h) in enumerate(zip(cells, SUMMARY_HEADER, strict=True))
    )


def detail_rows(name: str, result: dict[str, Any]) -> list[str]:
    """The scorer's table as Markdown rows (one per scored item)."""
    rows = []
    for item, s in result.items():
        if isinstance(s, dict) and "f1" in s:
            counts = f"{s['tp']}/{s['fp']}/{s['fn']}"
            rows.append(f"| {name} | {item} | {s['p']:.2f} | {s['r']:.2f} | {s['f1']:.2f} | {counts} |")
    return rows


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--set", choices=(*SETS, "all"), default="all", help="which gold set (default: all)")
    parser.add_argument(
        "--shared", type=Path, default=DEFAULT_SHARED, help=f"shared folder (default: {DEFAULT_SHARED})"
    )
    parser.add_argument("--scorer", type=Path, help="score.py (default: SHARED/tools/score.py)")
    parser.add_argument("--queries", type=Path, default=ROOT / "queries", help="competency queries folder")
    parser.add_argument("--model", help="installed spaCy pipeline passed to dkg ingest --model")
    parser.add_argument(
        "--keep-store",
        type=Path,
        metavar="DIR",
        help="build the stores in DIR/<set> and keep them (else temporary)",
    )
    parser.add_argument("--markdown", action="store_true", help="also print the figures as Markdown rows")
    parser.add_argument(
        "--errors", type=int, default=0, help="list the N most frequent error patterns per set"
    )
    args = parser.parse_args(argv)
    scorer = args.scorer or args.shared / "tools" / "score.py"
    sets = gold_sets(args.shared)
    chosen = list(SETS) if args.set == "all" else [args.set]
    for name in chosen:
        for path in (sets[name].articles, sets[name].gold, scorer):
            if not path.is_file():
                parser.error(f"no file at {path}; pass --shared DIR (or --scorer)")
        if args.keep_store is not None and (args.keep_store / name / "store").exists():
            parser.error(
                f"{args.keep_store / name / 'store'} exists; pick another --keep-store DIR or remove it"
            )

    results: list[tuple[str, dict[str, Any], float, int]] = []
    started = time.perf_counter()
    for name in chosen:
        with contextlib.ExitStack() as stack:
            if args.keep_store is not None:
                work = args.keep_store / name
                work.mkdir(parents=True, exist_ok=True)
            else:
                work = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix=f"dkg-score-{name}-")))
            scores, seconds, n = score_set(
                sets[name],
                work=work,
                scorer=scorer,
                queries=args.queries,
                model=args.model,
                errors=args.errors,
            )
            results.append((name, scores, seconds, n))
            if args.keep_store is not None:
                print(f"store kept in {work / 'store'}")
        print()
    total = time.perf_counter() - started

    print(
        "F1 per set (merges: one event across articles; event dates/places: matched events with the gold one)"
    )
    if args.markdown:
        print("| " + " | ".join(SUMMARY_HEADER) + " |")
        print("| --- |" + " ---: |" * (len(SUMMARY_HEADER) - 1))
    else:
        print(_plain(SUMMARY_HEADER))
    for name, result, seconds, n in results:
        print(summary_row(name, result, seconds, n, markdown=args.markdown))
    if args.markdown:
        print()
        print("| set | item | P | R | F1 | tp/fp/fn |")
        print("| --- | --- | ---: | ---: | ---: | ---: |")
        for name, result, _, _ in results:
            for line in detail_rows(name, result):
                print(line)
    print()
    print(f"time: {total:.1f} s in all")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
