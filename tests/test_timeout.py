"""A query past the time limit is stopped and answered with an error; others keep going."""

from __future__ import annotations

import os
import threading
import time
from pathlib import Path

import pytest
import requests

LIMIT = 1.0
MARGIN = 2.0
# Five copies of every triple: billions of combinations on any real graph.
SLOW = ("SELECT (COUNT(*) AS ?n) WHERE "
        "{ ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l . ?m ?n2 ?o }")
CHEAP = "SELECT ?s WHERE { ?s ?p ?o } LIMIT 3"


@pytest.fixture(scope="module")
def server(live_server_factory, built_dir):
    return live_server_factory(built_dir, query_timeout=LIMIT, query_workers=2)


def test_slow_query_is_stopped_while_a_cheap_one_is_served(server):
    slow: dict = {}

    def run_slow() -> None:
        started = time.monotonic()
        slow["response"] = requests.get(server.sparql, params={"query": SLOW}, timeout=30)
        slow["seconds"] = time.monotonic() - started

    thread = threading.Thread(target=run_slow)
    thread.start()
    time.sleep(0.2)
    started = time.monotonic()
    cheap = requests.get(server.sparql, params={"query": CHEAP}, timeout=30)
    cheap_seconds = time.monotonic() - started
    thread.join()

    assert cheap.status_code == 200 and len(cheap.json()["results"]["bindings"]) == 3
    assert cheap_seconds < LIMIT / 2
    response = slow["response"]
    assert response.status_code == 503
    assert response.json()["error"]["code"] == "query-timeout"
    assert "limit" in response.json()["error"]["message"]
    assert LIMIT <= slow["seconds"] < LIMIT + MARGIN


def _workers() -> set[int]:
    """Pids of this process's query workers (Linux /proc)."""
    pids = set()
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
            cmdline = (entry / "cmdline").read_bytes()
        except OSError:
            continue
        ppid = int(stat.rsplit(")", 1)[1].split()[1])
        if ppid == os.getpid() and b"lapekg.store.worker" in cmdline:
            pids.add(int(entry.name))
    return pids


def _settle(expected: int) -> set[int]:
    deadline = time.monotonic() + 10
    while len(_workers()) != expected and time.monotonic() < deadline:
        time.sleep(0.05)
    return _workers()


def test_the_worker_is_killed_and_replaced(server):
    assert requests.get(server.sparql, params={"query": CHEAP}, timeout=30).ok
    before = _settle(expected=server.settings.query_workers)
    response = requests.post(server.sparql, data={"query": SLOW}, timeout=30)
    assert response.status_code == 503
    for _ in range(5):
        assert requests.get(server.sparql, params={"query": CHEAP}, timeout=30).ok
    after = _settle(expected=len(before))
    assert len(before - after) >= 1, "the timed-out worker is still running"
    assert len(after) == len(before)


def test_a_timeout_never_looks_like_success(server):
    for accept in ("text/csv", "application/sparql-results+xml"):
        response = requests.get(server.sparql, params={"query": SLOW},
                                headers={"Accept": accept}, timeout=30)
        assert response.status_code == 503
        assert response.headers["Content-Type"].startswith("application/json")
