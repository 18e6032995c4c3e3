"""Benchmark of the full build: time per stage and triples per second.

Not a test: it prints a table and writes bench/results/build.json. Runs the real build
(ingest → SHACL → dump → store) several times into temporary build directories and
reports medians, with each stage's share of the total so runs on this noisy 2-core
machine compare as ratios.

    python bench/build_bench.py [--runs 5]
"""

from __future__ import annotations

import argparse
import json
import platform
import statistics
import tempfile
import time
from pathlib import Path

from lapekg.build import build
from lapekg.config import load_config

RESULTS = Path(__file__).resolve().parent / "results" / "build.json"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    runs = []
    for index in range(args.runs):
        with tempfile.TemporaryDirectory() as tmp:
            started = time.perf_counter()
            report = build(load_config({"build_dir": Path(tmp)}))
            wall = time.perf_counter() - started
        runs.append({"wall": wall, "triples": report.triples, **report.seconds})
        print(f"run {index + 1}: {wall:.2f} s, {report.triples} triples")
    stages = [k for k in runs[0] if k not in {"wall", "triples"}]
    wall = statistics.median(r["wall"] for r in runs)
    triples = runs[0]["triples"]
    summary = {
        "runs": args.runs,
        "machine": f"{platform.machine()} {platform.python_implementation()} "
                   f"{platform.python_version()}",
        "triples": triples,
        "wall_seconds_median": round(wall, 3),
        "triples_per_second": round(triples / wall),
        "stages": {
            stage: {
                "median_seconds": round(statistics.median(r[stage] for r in runs), 3),
                "share_of_wall": round(statistics.median(r[stage] / r["wall"] for r in runs), 3),
            }
            for stage in stages
        },
    }
    print(f"\n{triples} triples in {wall:.2f} s (median of {args.runs}): "
          f"{summary['triples_per_second']} triples/s")
    for stage, numbers in summary["stages"].items():
        print(f"  {stage:<12} {numbers['median_seconds']:>7.3f} s  "
              f"{numbers['share_of_wall']:>5.1%} of the build")
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(summary, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
