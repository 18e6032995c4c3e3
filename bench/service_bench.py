"""The cost of our service layer, measured side by side in one run on the same data.

Four ways to answer the same SPARQL over the same built store:

* ``direct``   — pyoxigraph in this process: query + native JSON serialisation (no HTTP);
* ``lapekg``   — ``lapekg serve`` (waitress, worker processes, negotiation, limits, headers)
                 on /sparql, and the named-query API for the adoption query;
* ``minimal``  — bench/minimal_endpoint.py: Flask + pyoxigraph in a few dozen lines under
                 exactly lapekg's waitress settings (``lapekg.web.server.waitress_options``);
* ``rdflib``   — rdflib-endpoint (FastAPI/uvicorn) over rdflib's in-memory graph.

Latency is the median (and p95) of sequential requests on one kept-alive connection;
throughput is ``wrk`` (apt package ``wrk``) with a few connections for a few seconds, in
interleaved rounds (median round), since other work on a small machine comes in bursts;
with it, each server's CPU per request (its process and its children, from /proc), which
is far less noisy than requests per second. ``--compare-with DIR`` runs a second lapekg
from another source tree (a directory holding the ``lapekg`` package, e.g. from
``git archive``) in the same rounds, for before/after numbers measured side by side.
Before the servers start, bench/plan_check.py times every shipped named query against
its hand-ordered form (bench/plans/). Not a test: it prints tables, checks the issue's
targets and writes bench/results/service.json.

    python bench/service_bench.py [--build-dir build] [--seconds 3] [--rounds 3]
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import platform
import re
import shutil
import socket
import statistics
import subprocess
import sys
import time
import urllib.parse
from pathlib import Path

import pyoxigraph as ox
from plan_check import check as check_plans
from plan_check import print_report as print_plans
from plan_check import summary as plans_summary

from lapekg.config import Settings, load_config
from lapekg.queries import load_queries
from lapekg.web.server import waitress_options

BENCH = Path(__file__).resolve().parent
CLOCK_TICKS = os.sysconf("SC_CLK_TCK")
RESULTS = BENCH / "results" / "service.json"
JSON_RESULTS = "application/sparql-results+json"
ADOPTION = "practice-spread"  # the named query on how practices spread (adoptions)
QUERIES = {
    "lookup": "SELECT ?p ?o WHERE { <https://w3id.org/lapekg/id/municipality/444> ?p ?o }",
    "classes": "SELECT ?class (COUNT(?s) AS ?n) WHERE { ?s a ?class } GROUP BY ?class "
               "ORDER BY DESC(?n)",
}


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_ready(port: int, path: str, process: subprocess.Popen, seconds: float = 120) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"server on port {port} exited with {process.returncode}")
        try:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
            connection.request("GET", path)
            if connection.getresponse().status < 500:
                return
        except OSError:
            time.sleep(0.2)
    raise SystemExit(f"server on port {port} did not start")


def latency(port: int, target: str, requests: int) -> dict[str, float]:
    """Median and p95 in ms of sequential GETs on one kept-alive connection."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    times = []
    for index in range(requests + 10):
        started = time.perf_counter()
        connection.request("GET", target, headers={"Accept": JSON_RESULTS})
        response = connection.getresponse()
        body = response.read()
        elapsed = time.perf_counter() - started
        if response.status != 200:
            raise SystemExit(f"{target} on port {port}: HTTP {response.status} {body[:200]!r}")
        if index >= 10:  # warm-up
            times.append(elapsed * 1000)
    connection.close()
    return _summary(times)


def direct_latency(store: ox.Store, sparql: str, requests: int) -> dict[str, float]:
    times = []
    for index in range(requests + 10):
        started = time.perf_counter()
        store.query(sparql, use_default_graph_as_union=True).serialize(
            format=ox.QueryResultsFormat.JSON)
        if index >= 10:
            times.append((time.perf_counter() - started) * 1000)
    return _summary(times)


def _summary(times: list[float]) -> dict[str, float]:
    times.sort()
    return {"p50_ms": round(statistics.median(times), 3),
            "p95_ms": round(times[int(len(times) * 0.95) - 1], 3)}


def _process_tree(pid: int) -> list[int]:
    pids = [pid]
    try:
        for task in os.listdir(f"/proc/{pid}/task"):
            with open(f"/proc/{pid}/task/{task}/children", encoding="ascii") as children:
                for child in children.read().split():
                    pids += _process_tree(int(child))
    except OSError:
        pass
    return pids


def cpu_seconds(pids: list[int]) -> float:
    """User + system CPU of these processes so far (Linux /proc; 0 elsewhere)."""
    total = 0
    for pid in pids:
        try:
            with open(f"/proc/{pid}/stat", encoding="ascii") as stat:
                fields = stat.read().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += int(fields[11]) + int(fields[12])
    return total / CLOCK_TICKS


def throughput(port: int, target: str, seconds: int, connections: int,
               pid: int) -> tuple[float, float]:
    """Requests per second by wrk (every response must be 2xx), and the server's CPU
    microseconds per request (its process and children, e.g. query workers)."""
    pids = _process_tree(pid)
    before = cpu_seconds(pids)
    run = subprocess.run(
        ["wrk", "-t1", f"-c{connections}", f"-d{seconds}s", "-H", f"Accept: {JSON_RESULTS}",
         f"http://127.0.0.1:{port}{target}"], capture_output=True, text=True, check=True)
    used = cpu_seconds(pids) - before
    if "Non-2xx" in run.stdout:
        raise SystemExit(f"wrk saw errors on {target}:\n{run.stdout}")
    match = re.search(r"Requests/sec:\s+([\d.]+)", run.stdout)
    if match is None:
        raise SystemExit(f"cannot read wrk's output:\n{run.stdout}")
    rate = float(match.group(1))
    return rate, used / max(rate * seconds, 1) * 1e6


def start_servers(settings: Settings, dump: Path, compare_with: Path | None) -> dict:
    build_dir = settings.build_dir
    store = str((build_dir / "store").resolve())
    env = dict(os.environ, LAPEKG_BUILD_DIR=str(build_dir),
               LAPEKG_THREADS=str(settings.threads),
               LAPEKG_QUERY_WORKERS=str(settings.query_workers))
    serve = [sys.executable, "-m", "lapekg.cli", "serve", "--port"]
    commands = {
        "lapekg": (serve, env),
        # exactly lapekg's waitress settings, passed in so the baseline imports no lapekg
        "minimal": ([sys.executable, str(BENCH / "minimal_endpoint.py"), store, "{port}",
                     json.dumps(waitress_options(settings))], env),
        "rdflib": ([sys.executable, str(BENCH / "rdflib_endpoint_server.py"), str(dump),
                    "{port}"], env),
    }
    cpus = sorted(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else []
    if len(cpus) > 1:  # the baseline on one CPU too, as lapekg serve keeps its web process
        commands["minimal-1cpu"] = (commands["minimal"][0] + [str(cpus[0])], env)
    if compare_with is not None:
        commands["lapekg-before"] = (serve, dict(env, PYTHONPATH=str(compare_with.resolve())))
    servers = {}
    for name, (command, environment) in commands.items():
        port = free_port()
        argv = [part.replace("{port}", str(port)) for part in command]
        if argv[-1] == "--port":
            argv.append(str(port))
        servers[name] = (port, subprocess.Popen(argv, env=environment,
                                                stdout=subprocess.DEVNULL))
    for _name, (port, process) in servers.items():
        wait_ready(port, "/sparql?query=ASK%7B%7D", process)
    return servers


def _relative(path: Path) -> str:
    """A path relative to the repository when it lies inside it (results are committed)."""
    root = Path(__file__).resolve().parents[1]
    resolved = Path(path).resolve()
    return str(resolved.relative_to(root)) if resolved.is_relative_to(root) else resolved.name


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--build-dir", type=Path, default=None)
    parser.add_argument("--dump", type=Path, default=None, help="TriG for rdflib-endpoint")
    parser.add_argument("--seconds", type=int, default=3, help="wrk duration per run")
    parser.add_argument("--rounds", type=int, default=3, help="interleaved wrk rounds")
    parser.add_argument("--connections", type=int, default=4)
    parser.add_argument("--requests", type=int, default=300, help="sequential requests")
    parser.add_argument("--threads", type=int, default=8)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--compare-with", type=Path, default=None, metavar="DIR",
                        help="also run lapekg from this source tree (holding lapekg/)")
    parser.add_argument("--plan-budget", type=float, default=0.3,
                        help="seconds per named query in the plan check (0: skip it)")
    args = parser.parse_args()
    if shutil.which("wrk") is None:
        raise SystemExit("wrk is needed: apt-get install wrk")
    overrides: dict[str, object] = {"threads": args.threads, "query_workers": args.workers}
    if args.build_dir:
        overrides["build_dir"] = args.build_dir
    settings = load_config(overrides)
    dump = args.dump or settings.build_dir / "dump" / "lapekg.trig"
    registry = load_queries(settings.root / "queries", settings.base)
    queries = {**QUERIES, "adoption": registry[ADOPTION].text(settings.base)}
    store = ox.Store.read_only(str(settings.store_path.resolve()))

    plans: dict[str, dict] = {}
    if args.plan_budget > 0:  # before the servers start, so neither disturbs the other
        plans = check_plans(store, registry, settings.base, budget=args.plan_budget)
        print_plans(plans)
        print()

    servers = start_servers(settings, dump, args.compare_with)
    rows: dict[str, dict] = {}
    try:
        for name, sparql in queries.items():
            target = "/sparql?" + urllib.parse.urlencode({"query": sparql})
            # (system, port, target, pid): the same SPARQL through every door
            doors = [(system, port, target, process.pid)
                     for system, (port, process) in servers.items()]
            if name == "adoption":
                doors += [(f"{system}-named", port, f"/api/queries/{ADOPTION}", process.pid)
                          for system, (port, process) in servers.items()
                          if system.startswith("lapekg")]
            row: dict = {"direct": direct_latency(store, sparql, args.requests)}
            for system, port, path, _pid in doors:
                count = args.requests if system != "rdflib" else max(args.requests // 10, 20)
                row[system] = latency(port, path, count)
            # Throughput in interleaved rounds, so a burst of load from elsewhere on the
            # machine hits every system alike; the median round counts.
            rates: dict[str, list[tuple[float, float]]] = {door[0]: [] for door in doors}
            for _round in range(args.rounds):
                for system, port, path, pid in doors:
                    rates[system].append(
                        throughput(port, path, args.seconds, args.connections, pid))
            for system, values in rates.items():
                row[system]["rps"] = statistics.median(rate for rate, _ in values)
                row[system]["rps_rounds"] = [rate for rate, _ in values]
                row[system]["cpu_us_per_request"] = round(
                    statistics.median(cpu for _, cpu in values))
            rows[name] = row
    finally:
        for _port, process in servers.values():
            process.terminate()
            process.wait(10)

    checks = targets(rows)
    if plans:
        result = plans_summary(plans)
        checks["named queries: each within 10x of its best hand-ordered form"] = _check(
            result["worst_ratio"], result["met"])
    report = {"machine": {"cpus": os.cpu_count(), "python": platform.python_version(),
                          "pyoxigraph": ox.__version__ if hasattr(ox, "__version__") else "?"},
              "settings": vars(args) | {"build_dir": _relative(settings.build_dir),
                                        "dump": _relative(Path(dump))},
              "waitress": waitress_options(settings),
              "results": rows, "named_query_plans": plans, "targets": checks}
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(report, indent=1, default=str) + "\n", encoding="utf-8")
    print_table(rows, checks)


def best_minimal(row: dict) -> float:
    """The baseline's throughput in its better placement (two CPUs, or one like lapekg's
    web process): the comparison is against the best the minimal endpoint does."""
    return max(row[system]["rps"] for system in ("minimal", "minimal-1cpu") if system in row)


def targets(rows: dict[str, dict]) -> dict[str, dict]:
    """The issue's targets, each with its measured value and whether it is met."""
    checks: dict[str, dict] = {}
    for name, row in rows.items():
        ratio = row["lapekg"]["rps"] / best_minimal(row)
        checks[f"{name}: /sparql throughput vs minimal, better placement (>= 0.8)"] = _check(
            ratio, ratio >= 0.8)
        added = row["lapekg"]["p50_ms"] - row["direct"]["p50_ms"]
        checks[f"{name}: added p50 latency over direct, ms (<= 1)"] = _check(added, added <= 1)
    adoption = rows["adoption"]
    named = adoption["lapekg-named"]["rps"] / best_minimal(adoption)
    label = "adoption: named-query throughput vs minimal /sparql, better placement (>= 0.8)"
    checks[label] = _check(named, named >= 0.8)
    versus = adoption["lapekg"]["rps"] / adoption["rdflib"]["rps"]
    checks["adoption: throughput vs rdflib-endpoint (>= 20)"] = _check(versus, versus >= 20)
    return checks


def _check(value: float, met: bool) -> dict:
    return {"value": round(value, 3), "met": met}


def print_table(rows: dict[str, dict], checks: dict[str, dict]) -> None:
    systems = ["direct", "lapekg-before", "lapekg-before-named", "lapekg", "lapekg-named",
               "minimal", "minimal-1cpu", "rdflib"]
    print(f"{'query':10} {'system':20} {'p50 ms':>8} {'p95 ms':>8} {'req/s':>9} "
          f"{'vs minimal':>10} {'CPU us/req':>10}")
    print(f"{'':10} {'':20} {'':>8} {'':>8} {'':>9} {'(better)':>10}")
    for name, row in rows.items():
        minimal = best_minimal(row)
        for system in systems:
            if system in row:
                cell = row[system]
                rps = f"{cell['rps']:9.0f}" if "rps" in cell else f"{'-':>9}"
                ratio = f"{cell['rps'] / minimal:10.2f}" if "rps" in cell and minimal else \
                    f"{'-':>10}"
                cpu = f"{cell['cpu_us_per_request']:10d}" if "cpu_us_per_request" in cell \
                    else f"{'-':>10}"
                print(f"{name:10} {system:20} {cell['p50_ms']:8.3f} {cell['p95_ms']:8.3f} "
                      f"{rps} {ratio} {cpu}")
    print()
    for label, check in checks.items():
        print(f"{'MET ' if check['met'] else 'MISS'} {label}: {check['value']}")


if __name__ == "__main__":
    main()
