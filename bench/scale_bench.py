"""How page and API latency grow with the data: the built graph replicated k times.

Each copy renames every entity IRI under ``<base>id/`` (``…/municipality/638`` →
``…/municipality/638-c3``) and suffixes its labels, so the copies are distinct entities
with distinct names, in the same named graphs; copy 0 is the graph as built. Each scale
is published into its own build directory (the same release layout as ``lapekg build``)
and served by a real ``lapekg serve`` on loopback; every path is requested ``--runs``
times after one first request, and the first (cold, per release) and the median of the
rest (warm) are reported. Run: ``.venv/bin/python bench/scale_bench.py --copies 1 8 64``.

This is not issue 11's synthetic generator (degree distributions, 10 M triples); it
shows the operations whose cost grows with the data, and what the per-release caches do.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pyoxigraph as ox
import requests

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "service"))

from lapekg.namespaces import DEFAULT_BASE  # noqa: E402
from lapekg.store.publish import publish  # noqa: E402

LABELS = {"http://www.w3.org/2000/01/rdf-schema#label",
          "http://www.w3.org/2004/02/skos/core#prefLabel", "http://xmlns.com/foaf/0.1/name"}
PATHS = {
    "home": "/", "browse": "/browse", "class index": "/browse/municipalities",
    "dataset page": "/dataset.html", "municipality page": "/page/municipality/638",
    "practice page": "/page/practice/vanhemmuusvalmennus",
    "search": "/search?q=porvoo", "entities-per-class": "/api/queries/entities-per-class",
    "person-memberships": "/api/queries/person-memberships",
}


def replicate(dump: Path, copies: int, target: Path, base: str = DEFAULT_BASE) -> int:
    """Write ``copies`` renamed copies of the TriG dump as N-Quads; return the quad count."""
    prefix = base + "id/"
    quads = list(ox.parse(path=str(dump), format=ox.RdfFormat.TRIG))

    def rename(term, copy: int):
        if isinstance(term, ox.NamedNode) and term.value.startswith(prefix) and copy:
            return ox.NamedNode(f"{term.value}-c{copy}")
        return term

    written = 0
    with target.open("wb") as out:
        for copy in range(copies):
            batch = []
            for quad in quads:
                obj = quad.object
                renamed = quad.subject.value.startswith(prefix) if isinstance(
                    quad.subject, ox.NamedNode) else False
                # only the copy's own entities get suffixed labels: a shared concept
                # (a role, a level) with k labels per language would multiply joins
                if (copy and renamed and isinstance(obj, ox.Literal)
                        and quad.predicate.value in LABELS):
                    obj = ox.Literal(f"{obj.value} ({copy})", language=obj.language) \
                        if obj.language else ox.Literal(f"{obj.value} ({copy})")
                else:
                    obj = rename(obj, copy)
                batch.append(ox.Quad(rename(quad.subject, copy), quad.predicate, obj,
                                     quad.graph_name))
            out.write(ox.serialize(batch, format=ox.RdfFormat.N_QUADS))
            written += len(batch)
    return written


def _serve(build_dir: Path, port: int) -> subprocess.Popen:
    env = {**os.environ, "LAPEKG_BUILD_DIR": str(build_dir)}
    process = subprocess.Popen([sys.executable, "-m", "lapekg.cli", "serve", "--host",
                                "127.0.0.1", "--port", str(port)], env=env,
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            if requests.get(f"http://127.0.0.1:{port}/readyz", timeout=2).ok:
                return process
        except requests.ConnectionError:
            pass
        time.sleep(0.2)
    process.kill()
    raise RuntimeError("lapekg serve did not become ready")


def measure(url: str, runs: int) -> dict[str, float | int]:
    headers = {"Accept": "application/json"} if "/api/" in url else {}
    started = time.perf_counter()
    first = requests.get(url, headers=headers, timeout=120)
    cold = (time.perf_counter() - started) * 1000
    first.raise_for_status()
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        requests.get(url, headers=headers, timeout=120).raise_for_status()
        times.append((time.perf_counter() - started) * 1000)
    return {"cold_ms": round(cold, 1), "warm_ms": round(statistics.median(times), 1),
            "bytes": len(first.content)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--build-dir", type=Path, default=ROOT / "build")
    parser.add_argument("--copies", type=int, nargs="+", default=[1, 8, 64])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--port", type=int, default=8797)
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "results" / "scale.json")
    args = parser.parse_args()
    dump = args.build_dir / "dump" / "lapekg.trig"
    results = {"machine": {"cpus": os.cpu_count(), "python": platform.python_version(),
                           "platform": platform.platform()},
               "date": time.strftime("%Y-%m-%d"), "runs": args.runs, "scales": []}
    with tempfile.TemporaryDirectory() as scratch:
        for copies in args.copies:
            quads = Path(scratch) / f"x{copies}.nq"
            count = replicate(dump, copies, quads)
            build_dir = Path(scratch) / f"build-x{copies}"
            started = time.perf_counter()
            publish(quads, build_dir)
            load_s = time.perf_counter() - started
            quads.unlink()
            process = _serve(build_dir, args.port)
            try:
                paths = {name: measure(f"http://127.0.0.1:{args.port}{path}", args.runs)
                         for name, path in PATHS.items()}
            finally:
                process.terminate()
                process.wait(10)
            results["scales"].append({"copies": copies, "quads": count,
                                      "load_s": round(load_s, 1), "paths": paths})
            print(f"x{copies}: {count} quads, load {load_s:.1f} s")
            for name, row in paths.items():
                print(f"  {name:20} cold {row['cold_ms']:8.1f} ms  warm {row['warm_ms']:8.1f} ms"
                      f"  {row['bytes']:>9} bytes")
    args.out.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
