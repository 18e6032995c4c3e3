"""Load test: many researchers at once against a real `lapekg serve`, with locust.

Starts `lapekg serve` on a free loopback port over a build, runs the mix of
``bench/load/locustfile.py`` headless (``--users`` at once, for ``--duration`` seconds)
and meanwhile samples the server's memory: the proportional set size (PSS) of the web
process and all its children (the query workers), from ``/proc``. PSS rather than RSS
because the workers share pages with one another.

Passes (exit 0) when
  * no request failed (locust: wrong status or media type, or no answer), and the
    server's own access log holds no 5xx;
  * memory is stable: after the warm-up, no sample exceeds the first sample after the
    warm-up by more than ``--growth`` (10 %).

Writes the figures (per request kind: count, failures, p50, p99; the memory samples)
as JSON to ``--out``. The full run: ``.venv/bin/python bench/load_bench.py`` (50 users,
5 minutes, results in ``bench/results/load.json``); tests/test_load.py runs it briefly.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import platform
import re
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
LOCUSTFILE = HERE / "load" / "locustfile.py"


def descendants(pid: int) -> list[int]:
    """``pid`` and every process under it (the query workers and their replacements)."""
    found, todo = [], [pid]
    while todo:
        current = todo.pop()
        found.append(current)
        try:
            for task in Path(f"/proc/{current}/task").iterdir():
                todo.extend(int(child) for child in (task / "children").read_text().split())
        except (FileNotFoundError, ProcessLookupError):
            continue
    return found


def memory_kib(pid: int) -> tuple[int, int]:
    """Summed (PSS, RSS) in KiB of ``pid`` and its descendants."""
    pss = rss = 0
    for each in descendants(pid):
        try:
            text = Path(f"/proc/{each}/smaps_rollup").read_text()
        except (FileNotFoundError, ProcessLookupError, PermissionError):
            continue
        pss += int(re.search(r"^Pss:\s+(\d+)", text, re.M).group(1))
        rss += int(re.search(r"^Rss:\s+(\d+)", text, re.M).group(1))
    return pss, rss


class Sampler(threading.Thread):
    """Memory of the server's process tree every ``every`` seconds, until stopped."""

    def __init__(self, pid: int, every: float):
        super().__init__(daemon=True)
        self.pid, self.every = pid, every
        self.samples: list[dict] = []
        self.done = threading.Event()

    def run(self) -> None:
        started = time.monotonic()
        while not self.done.is_set():
            pss, rss = memory_kib(self.pid)
            self.samples.append({"s": round(time.monotonic() - started, 1), "pss_kib": pss,
                                 "rss_kib": rss, "processes": len(descendants(self.pid))})
            self.done.wait(self.every)


def start_server(build_dir: Path, log: Path, env: dict[str, str]) -> tuple[subprocess.Popen, str]:
    """`lapekg serve --port 0` over ``build_dir``; its access log (stderr) to ``log``."""
    process = subprocess.Popen(
        [sys.executable, "-m", "lapekg.cli", "--build-dir", str(build_dir), "serve",
         "--host", "127.0.0.1", "--port", "0"],
        env={**os.environ, **env}, stdout=subprocess.PIPE, stderr=log.open("w"), text=True)
    line = process.stdout.readline()
    found = re.search(r"serving on (http://127\.0\.0\.1:\d+)/", line)
    if not found:
        process.kill()
        raise SystemExit(f"load_bench: `lapekg serve` did not start: {line!r}; see {log}")
    return process, found.group(1)


def server_statuses(log: Path) -> dict[int, int]:
    """Responses per status, from the server's own JSON access log."""
    counts: dict[int, int] = {}
    for line in log.read_text(errors="replace").splitlines():
        start = line.find(" lapekg.access {")
        if start >= 0:
            status = json.loads(line[start + len(" lapekg.access "):])["status"]
            counts[status] = counts.get(status, 0) + 1
    return counts


def read_stats(prefix: Path) -> list[dict]:
    """Locust's per-request-kind table (``<prefix>_stats.csv``), the aggregate last."""
    with open(f"{prefix}_stats.csv", newline="") as handle:
        return [{"name": row["Name"], "method": row["Type"],
                 "requests": int(row["Request Count"]), "failures": int(row["Failure Count"]),
                 "p50_ms": float(row["50%"] or 0), "p99_ms": float(row["99%"] or 0),
                 "max_ms": float(row["Max Response Time"] or 0),
                 "rps": round(float(row["Requests/s"] or 0), 2)}
                for row in csv.DictReader(handle)]


def read_failures(prefix: Path) -> list[dict]:
    path = Path(f"{prefix}_failures.csv")
    if not path.exists():
        return []
    with path.open(newline="") as handle:
        return [{"name": row["Name"], "error": row["Error"], "count": int(row["Occurrences"])}
                for row in csv.DictReader(handle)]


def memory_verdict(samples: list[dict], warmup: float, growth: float) -> dict:
    """The first sample at or after the warm-up, the largest after it, and their ratio."""
    after = [sample for sample in samples if sample["s"] >= warmup]
    if not after:
        return {"stable": False, "reason": "no sample after the warm-up"}
    base = after[0]["pss_kib"]
    peak = max(sample["pss_kib"] for sample in after)
    return {"stable": peak <= base * (1 + growth), "after_warmup_kib": base, "peak_kib": peak,
            "last_kib": after[-1]["pss_kib"], "growth": round(peak / base - 1, 4),
            "allowed_growth": growth}


def run_load(build_dir: Path, work: Path, *, users: int, spawn_rate: float, duration: int,
             warmup: float, growth: float = 0.10, sample_every: float = 2.0,
             env: dict[str, str] | None = None) -> dict:
    """One load run; returns the figures and the verdict (see the module docstring)."""
    work.mkdir(parents=True, exist_ok=True)
    log = work / "server.log"
    process, url = start_server(build_dir, log, env or {})
    sampler = Sampler(process.pid, sample_every)
    sampler.start()
    prefix = work / "locust"
    started = time.monotonic()
    try:
        locust = subprocess.run(
            [sys.executable, "-m", "locust", "-f", str(LOCUSTFILE), "--headless",
             "--host", url, "--users", str(users), "--spawn-rate", str(spawn_rate),
             "--run-time", f"{duration}s", "--stop-timeout", "10", "--csv", str(prefix),
             "--only-summary", "--loglevel", "WARNING"],
            capture_output=True, text=True, timeout=duration + 120)
    finally:
        elapsed = time.monotonic() - started
        sampler.done.set()
        sampler.join()
        process.terminate()
        process.communicate(timeout=60)
    (work / "locust.log").write_text(locust.stdout + locust.stderr)
    stats = read_stats(prefix)
    statuses = server_statuses(log)
    server_errors = sum(count for status, count in statuses.items() if status >= 500)
    total = stats[-1]
    memory = memory_verdict(sampler.samples, warmup, growth)
    return {
        "config": {"users": users, "spawn_rate": spawn_rate, "duration_s": duration,
                   "warmup_s": warmup, "wait_s": [0.5, 2.0], "sample_every_s": sample_every,
                   "machine": f"{platform.machine()}, {os.cpu_count()} CPUs",
                   "python": platform.python_version(), "elapsed_s": round(elapsed, 1),
                   "settings": env or {}},
        "ok": total["failures"] == 0 and server_errors == 0 and memory["stable"]
              and total["requests"] > 0,
        "requests": total["requests"], "failures": total["failures"],
        "server_statuses": {str(status): count for status, count in sorted(statuses.items())},
        "server_errors": server_errors, "p50_ms": total["p50_ms"], "p99_ms": total["p99_ms"],
        "rps": total["rps"], "per_kind": stats[:-1], "failure_kinds": read_failures(prefix),
        "memory": memory, "memory_samples": sampler.samples,
        "locust_exit": locust.returncode,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--build-dir", type=Path, default=REPO / "build")
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--spawn-rate", type=float, default=10)
    parser.add_argument("--duration", type=int, default=300, help="seconds")
    parser.add_argument("--warmup", type=float, default=60, help="seconds")
    parser.add_argument("--growth", type=float, default=0.10)
    parser.add_argument("--out", type=Path, default=HERE / "results" / "load.json")
    args = parser.parse_args(argv)
    if not (args.build_dir / "store").exists():
        raise SystemExit(f"load_bench: no published store in {args.build_dir}: run "
                         "`lapekg build` first")
    with tempfile.TemporaryDirectory(prefix="lapekg-load-") as work:
        result = run_load(args.build_dir, Path(work), users=args.users,
                          spawn_rate=args.spawn_rate, duration=args.duration,
                          warmup=args.warmup, growth=args.growth, sample_every=5.0)
    result["date"] = time.strftime("%Y-%m-%d")
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, indent=1, ensure_ascii=False) + "\n")
    memory = result["memory"]
    print(f"load_bench: {result['requests']} requests, {result['failures']} failures, "
          f"{result['server_errors']} server errors; p50 {result['p50_ms']:g} ms, "
          f"p99 {result['p99_ms']:g} ms, {result['rps']:g} req/s; memory after warm-up "
          f"{memory.get('after_warmup_kib', 0) / 1024:.0f} MiB, peak "
          f"{memory.get('peak_kib', 0) / 1024:.0f} MiB ({memory.get('growth', 0):+.1%}) "
          f"→ {'pass' if result['ok'] else 'FAIL'}; {args.out}")
    return 0 if result["ok"] else 1


if __name__ == "__main__":
    sys.exit(main())
