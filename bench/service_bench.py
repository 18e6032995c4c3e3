"""The cost of our service layer, measured side by side in one run on the same data.

Four ways to answer the same SPARQL over the same built store:

* ``direct``   — pyoxigraph in this process: query + native JSON serialisation (no HTTP);
* ``lapekg``   — ``lapekg serve`` (waitress, worker processes, negotiation, limits, headers)
                 on /sparql, and the named-query API for the adoption query;
* ``minimal``  — bench/minimal_endpoint.py: Flask + pyoxigraph in a few dozen lines under
                 the same waitress with the same threads;
* ``rdflib``   — rdflib-endpoint (FastAPI/uvicorn) over rdflib's in-memory graph.

Latency is the median (and p95) of sequential requests on one kept-alive connection;
throughput is ``wrk`` (apt package ``wrk``) with a few connections for a few seconds, in
interleaved rounds (median round), since other work on a small machine comes in bursts.
Not a test: it prints a table, checks the issue's targets and writes
bench/results/service.json.

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

from lapekg.config import load_config
from lapekg.queries import load_queries

BENCH = Path(__file__).resolve().parent
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


def throughput(port: int, target: str, seconds: int, connections: int) -> float:
    """Requests per second by wrk; every response must be 2xx."""
    run = subprocess.run(
        ["wrk", "-t1", f"-c{connections}", f"-d{seconds}s", "-H", f"Accept: {JSON_RESULTS}",
         f"http://127.0.0.1:{port}{target}"], capture_output=True, text=True, check=True)
    if "Non-2xx" in run.stdout:
        raise SystemExit(f"wrk saw errors on {target}:\n{run.stdout}")
    match = re.search(r"Requests/sec:\s+([\d.]+)", run.stdout)
    if match is None:
        raise SystemExit(f"cannot read wrk's output:\n{run.stdout}")
    return float(match.group(1))


def start_servers(build_dir: Path, dump: Path, threads: int, workers: int) -> dict:
    store = str((build_dir / "store").resolve())
    env = dict(os.environ, LAPEKG_BUILD_DIR=str(build_dir), LAPEKG_THREADS=str(threads),
               LAPEKG_QUERY_WORKERS=str(workers))
    ports = {"lapekg": free_port(), "minimal": free_port(), "rdflib": free_port()}
    commands = {
        "lapekg": [sys.executable, "-m", "lapekg.cli", "serve", "--port", str(ports["lapekg"])],
        "minimal": [sys.executable, str(BENCH / "minimal_endpoint.py"), store,
                    str(ports["minimal"]), str(threads)],
        "rdflib": [sys.executable, str(BENCH / "rdflib_endpoint_server.py"), str(dump),
                   str(ports["rdflib"])],
    }
    servers = {}
    for name, command in commands.items():
        servers[name] = (ports[name], subprocess.Popen(command, env=env,
                                                       stdout=subprocess.DEVNULL))
    for _name, (port, process) in servers.items():
        wait_ready(port, "/sparql?query=ASK%7B%7D", process)
    return servers


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
    args = parser.parse_args()
    if shutil.which("wrk") is None:
        raise SystemExit("wrk is needed: apt-get install wrk")
    settings = load_config({"build_dir": args.build_dir} if args.build_dir else None)
    dump = args.dump or settings.build_dir / "dump" / "lapekg.trig"
    named = load_queries(settings.root / "queries", settings.base)[ADOPTION]
    queries = {**QUERIES, "adoption": named.text(settings.base)}
    store = ox.Store.read_only(str(settings.store_path.resolve()))

    servers = start_servers(settings.build_dir, dump, args.threads, args.workers)
    lapekg_port = servers["lapekg"][0]
    rows: dict[str, dict] = {}
    try:
        for name, sparql in queries.items():
            target = "/sparql?" + urllib.parse.urlencode({"query": sparql})
            # (system, port, target): the same SPARQL through every door
            doors = [(system, port, target) for system, (port, _) in servers.items()]
            if name == "adoption":
                doors.append(("lapekg-named", lapekg_port, f"/api/queries/{ADOPTION}"))
            row: dict = {"direct": direct_latency(store, sparql, args.requests)}
            for system, port, path in doors:
                count = args.requests if system != "rdflib" else max(args.requests // 10, 20)
                row[system] = latency(port, path, count)
            # Throughput in interleaved rounds, so a burst of load from elsewhere on the
            # machine hits every system alike; the median round counts.
            rates: dict[str, list[float]] = {system: [] for system, _, _ in doors}
            for _round in range(args.rounds):
                for system, port, path in doors:
                    rates[system].append(throughput(port, path, args.seconds, args.connections))
            for system, values in rates.items():
                row[system]["rps"] = statistics.median(values)
                row[system]["rps_rounds"] = values
            rows[name] = row
    finally:
        for _port, process in servers.values():
            process.terminate()
            process.wait(10)

    report = {"machine": {"cpus": os.cpu_count(), "python": platform.python_version(),
                          "pyoxigraph": ox.__version__ if hasattr(ox, "__version__") else "?"},
              "settings": vars(args) | {"build_dir": str(settings.build_dir),
                                        "dump": str(dump)},
              "results": rows, "targets": targets(rows)}
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(report, indent=1, default=str) + "\n", encoding="utf-8")
    print_table(rows, report["targets"])


def targets(rows: dict[str, dict]) -> dict[str, dict]:
    """The issue's targets, each with its measured value and whether it is met."""
    checks: dict[str, dict] = {}
    for name, row in rows.items():
        ratio = row["lapekg"]["rps"] / row["minimal"]["rps"]
        checks[f"{name}: /sparql throughput vs minimal (>= 0.8)"] = _check(ratio, ratio >= 0.8)
        added = row["lapekg"]["p50_ms"] - row["direct"]["p50_ms"]
        checks[f"{name}: added p50 latency over direct, ms (<= 1)"] = _check(added, added <= 1)
    adoption = rows["adoption"]
    named = adoption["lapekg-named"]["rps"] / adoption["minimal"]["rps"]
    checks["adoption: named-query throughput vs minimal /sparql (>= 0.8)"] = _check(
        named, named >= 0.8)
    versus = adoption["lapekg"]["rps"] / adoption["rdflib"]["rps"]
    checks["adoption: throughput vs rdflib-endpoint (>= 20)"] = _check(versus, versus >= 20)
    return checks


def _check(value: float, met: bool) -> dict:
    return {"value": round(value, 3), "met": met}


def print_table(rows: dict[str, dict], checks: dict[str, dict]) -> None:
    systems = ["direct", "lapekg", "lapekg-named", "minimal", "rdflib"]
    print(f"{'query':10} {'system':13} {'p50 ms':>8} {'p95 ms':>8} {'req/s':>9}")
    for name, row in rows.items():
        for system in systems:
            if system in row:
                cell = row[system]
                rps = f"{cell['rps']:9.0f}" if "rps" in cell else f"{'-':>9}"
                print(f"{name:10} {system:13} {cell['p50_ms']:8.3f} {cell['p95_ms']:8.3f} {rps}")
    print()
    for label, check in checks.items():
        print(f"{'MET ' if check['met'] else 'MISS'} {label}: {check['value']}")


if __name__ == "__main__":
    main()
