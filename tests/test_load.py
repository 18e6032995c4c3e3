"""The load test, briefly: 20 researchers for 20 s against a real `lapekg serve`.

The mix is bench/load/locustfile.py's (entity pages and data, named queries, /sparql,
search, research views, class indexes, the home page), each user a client of its own
address; bench/load_bench.py runs it (the full run there: 50 users for 5 minutes, results
in bench/results/load.json). Here only what must hold at any size is asserted: every
request answered with its expected status and media type, no 5xx in the server's own
log, every kind of request exercised, latencies and memory reported. Timings are
measured in bench/, not asserted.
"""

from __future__ import annotations

import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "bench"))

from load_bench import run_load  # noqa: E402

KINDS = ("/page/", "/id/", "/api/queries/", "/sparql GET", "/sparql POST", "/search",
         "/views/", "/browse/", "/")


def test_a_short_load_run_has_no_errors(built_dir, tmp_path):
    result = run_load(built_dir, tmp_path, users=20, spawn_rate=20, duration=20, warmup=5)
    failures = result["failure_kinds"]
    assert result["failures"] == 0, f"failed requests: {failures}"
    assert result["server_errors"] == 0, result["server_statuses"]
    assert result["requests"] >= 100
    for kind in KINDS:
        mine = [row for row in result["per_kind"]
                if row["name"].startswith(kind) and (kind != "/" or row["name"] == "/")]
        assert sum(row["requests"] for row in mine) > 0, f"no {kind} request was sent"
    assert 0 < result["p50_ms"] <= result["p99_ms"]
    assert len(result["memory_samples"]) >= 5 and result["memory"]["after_warmup_kib"] > 0
    assert result["locust_exit"] == 0
