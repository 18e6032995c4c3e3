"""Per-backend cost: loading the graph into each store and every query on each backend.

Starts a real Oxigraph server and a real Virtuoso on loopback (the same launchers as the
parity tests, ``tests/remote_stores.py``), fills each with the real ``lapekg load``
(``--loads`` times, each a full reload: DROP then INSERT DATA graph by graph, counts
verified), and times the embedded store's own bulk load of the same dump beside them.

Then, in ``--rounds`` interleaved rounds, runs every named query (with its defaults and
with its example) and every competency question on

* ``pyoxigraph``: the published store opened directly (the floor: no lapekg at all);
* ``embedded``: lapekg's store layer over it (``PooledStore``: query worker processes,
  the SERVICE guard, the row cap), as ``lapekg serve`` runs it;
* ``oxigraph-server`` and ``virtuoso``: lapekg's ``RemoteStore`` over the SPARQL 1.1
  Protocol (SPARQLWrapper, JSON results, re-parsed).

and reports each case's median per backend and the ratio to pyoxigraph. Every backend's
answer is checked against the embedded one's (as multisets, as the parity test does);
a disagreement is reported, not timed away.

Writes ``--out`` (JSON) and prints a Markdown table. Needs a build (``make build``) and
the stores (``make stores``; the Oxigraph server comes with the dev extras).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

import pyoxigraph as ox

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(REPO / "tests"))

from remote_stores import lapekg_load, start_oxigraph, start_virtuoso  # noqa: E402
from test_competency_questions import questions  # noqa: E402

from lapekg.config import load_config  # noqa: E402
from lapekg.namespaces import sparql_prologue  # noqa: E402
from lapekg.queries import bind, load_queries  # noqa: E402
from lapekg.store import open_store  # noqa: E402
from lapekg.store.base import solution_rows  # noqa: E402

LAUNCHERS = {"oxigraph-server": start_oxigraph, "virtuoso": start_virtuoso}


def cases(settings) -> list[tuple[str, str, dict]]:
    """(case, query text, bindings) for every named query and competency question."""
    found = []
    named = load_queries(settings.root / "queries", settings.base)
    for name, query in sorted(named.items()):
        if "federation" in query.tags:  # would time Wikidata's and Finto's endpoints
            continue
        text = query.text(settings.base)
        found.append((f"{name}", text, bind(query, {}, settings.base)))
        if query.example:
            found.append((f"{name} (example)", text,
                          bind(query, dict(query.example), settings.base)))
    for number, _question, text in questions():
        found.append((number, sparql_prologue() + text, {}))
    return found


def answers(rows) -> Counter:
    return Counter(tuple(sorted((name, str(term)) for name, term in row.items()))
                   for row in rows)


class Direct:
    """The published store through pyoxigraph alone."""

    def __init__(self, path: Path):
        self.store = ox.Store.read_only(str(path.resolve()))

    def select(self, sparql: str, bindings: dict):
        return solution_rows(self.store.query(sparql, substitutions={
            ox.Variable(name): term for name, term in bindings.items()},
            use_default_graph_as_union=True))

    def close(self) -> None:
        pass


def embedded_load_rate(trig: Path, triples: int, runs: int) -> list[float]:
    """Seconds for pyoxigraph's bulk load of the dump into a fresh store (the build's way)."""
    times = []
    for _ in range(runs):
        with tempfile.TemporaryDirectory() as work:
            store = ox.Store(work)
            start = time.perf_counter()
            store.bulk_load(path=str(trig), format=ox.RdfFormat.TRIG)
            store.flush()
            times.append(time.perf_counter() - start)
            assert len(store) == triples, (len(store), triples)
            del store
    return times


def timed_load(remote, build_dir: Path) -> float:
    start = time.perf_counter()
    result = lapekg_load(remote, build_dir)
    elapsed = time.perf_counter() - start
    if result.returncode != 0 or "every graph's triple count matches" not in result.stdout:
        raise RuntimeError(f"lapekg load into {remote.name} failed:\n{result.stdout}"
                           f"{result.stderr}")
    return elapsed


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--build-dir", type=Path, default=REPO / "build")
    parser.add_argument("--rounds", type=int, default=7)
    parser.add_argument("--loads", type=int, default=3)
    parser.add_argument("--out", type=Path, default=HERE / "results" / "backends.json")
    args = parser.parse_args(argv)

    settings = load_config({"build_dir": args.build_dir})
    trig = args.build_dir / "dump" / "lapekg.trig"
    triples = sum(1 for _ in ox.parse(path=str(trig), format=ox.RdfFormat.TRIG))
    work = Path(tempfile.mkdtemp(prefix="lapekg-backends-"))
    remotes = {}
    report: dict = {"machine": {"python": platform.python_version(),
                                "platform": platform.platform(),
                                "cpus": os.cpu_count()},
                    "triples": triples, "rounds": args.rounds, "load": {}, "queries": {}}
    try:
        seconds = embedded_load_rate(trig, triples, args.loads)
        report["load"]["embedded (pyoxigraph bulk load)"] = {
            "seconds": seconds, "triples_per_s": triples / statistics.median(seconds)}
        for name, launch in LAUNCHERS.items():
            (work / name).mkdir()
            remote = launch(work / name)
            remotes[name] = remote
            seconds = [timed_load(remote, args.build_dir) for _ in range(args.loads)]
            report["load"][f"{name} (lapekg load)"] = {
                "seconds": seconds, "triples_per_s": triples / statistics.median(seconds)}
        for label, figures in report["load"].items():
            print(f"load {label}: {figures['triples_per_s']:,.0f} triples/s "
                  f"(median of {len(figures['seconds'])})", flush=True)

        backends = {"pyoxigraph": Direct(settings.store_path), "embedded": open_store(settings)}
        for name, remote in remotes.items():
            backends[name] = open_store(load_config({"build_dir": args.build_dir,
                                                     **remote.settings()}))
        every = cases(settings)
        times: dict[str, dict[str, list[float]]] = {case: {b: [] for b in backends}
                                                    for case, _, _ in every}
        disagree: dict[str, list[str]] = {}
        for case, text, bindings in every:  # warm-up, and the answers compared once
            expected = answers(backends["embedded"].select(text, bindings))
            for name, backend in backends.items():
                if answers(backend.select(text, bindings)) != expected:
                    disagree.setdefault(case, []).append(name)
        for round_ in range(args.rounds):
            for case, text, bindings in every:
                for name, backend in backends.items():
                    start = time.perf_counter()
                    backend.select(text, bindings)
                    times[case][name].append(time.perf_counter() - start)
            print(f"round {round_ + 1}/{args.rounds}", flush=True)
        for case, per_backend in times.items():
            medians = {name: statistics.median(values) * 1000
                       for name, values in per_backend.items()}
            report["queries"][case] = {
                "median_ms": medians,
                "vs_pyoxigraph": {name: value / medians["pyoxigraph"]
                                  for name, value in medians.items()},
                "disagrees": disagree.get(case, [])}
        totals = {name: sum(report["queries"][case]["median_ms"][name] for case in times)
                  for name in backends}
        report["total_ms"] = totals
        report["disagreements"] = disagree
        for backend in backends.values():
            backend.close()
    finally:
        for remote in remotes.values():
            remote.stop()

    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n")
    names = list(report["total_ms"])
    print("\n| case | " + " | ".join(f"{n} ms" for n in names) + " |")
    print("|---|" + "---|" * len(names))
    for case, figures in report["queries"].items():
        cells = " | ".join(f"{figures['median_ms'][n]:.1f}" for n in names)
        print(f"| {case}{' ≠ ' + ','.join(figures['disagrees']) if figures['disagrees'] else ''}"
              f" | {cells} |")
    print("| **sum of medians** | " + " | ".join(f"**{report['total_ms'][n]:.0f}**"
                                                 for n in names) + " |")
    print(f"\nwritten to {args.out}")
    return 1 if disagree else 0


if __name__ == "__main__":
    sys.exit(main())
