"""Query isolation and the per-client limits (issue 8, points 1 and 2).

Four pathological queries — a cartesian product, a regular expression over every pair of
literals, an unbounded property path and a DESCRIBE over a product that never matches —
run from four other clients (other loopback addresses) while cheap queries are timed:
those must keep their normal latency (within 2×), the four must be stopped at the
timeout, and their worker processes must really be gone afterwards.
"""

from __future__ import annotations

import statistics
import sys
import threading
import time
from pathlib import Path

import pytest
import requests

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "bench" / "load"))
from source_address import SourceAddress  # noqa: E402

TIMEOUT = 4.0
PATHOLOGICAL = {
    "cartesian": "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }",
    "regex": 'SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?x . ?c ?d ?y '
             'FILTER(REGEX(CONCAT(STR(?x), STR(?y)), "^(a|aa|aaa)*(b|bb)+$", "i")) }',
    "property path": "SELECT (COUNT(*) AS ?n) WHERE "
                     "{ ?a (<urn:x:p>|!<urn:x:p>)* ?b . ?b (<urn:x:p>|!<urn:x:p>)* ?c }",
    "describe": "DESCRIBE ?s WHERE { ?s ?p ?o . ?a ?b ?c . ?d ?e ?f "
                'FILTER(CONCAT(STR(?o), STR(?c), STR(?f)) = "no such") }',
}
CHEAP = "SELECT ?s WHERE { ?s ?p ?o } LIMIT 3"
SAMPLES = 80


def client(address: str) -> requests.Session:
    session = requests.Session()
    session.mount("http://", SourceAddress(address))
    return session


def _timed(session: requests.Session, url: str, count: int) -> list[float]:
    seconds = []
    for _ in range(count):
        started = time.perf_counter()
        response = session.get(url, params={"query": CHEAP}, timeout=30)
        seconds.append(time.perf_counter() - started)
        assert response.status_code == 200, response.text
    return seconds


def _p90(values: list[float]) -> float:
    return statistics.quantiles(values, n=10)[-1]


def _niceness(pid: int) -> int | None:
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    return int(stat.rsplit(")", 1)[1].split()[16])


def _start(session, url, query, answers, name) -> threading.Thread:
    def run() -> None:
        started = time.monotonic()
        response = session.post(url, data={"query": query}, timeout=60)
        answers[name] = (response, time.monotonic() - started)

    thread = threading.Thread(target=run, name=f"pathological {name}")
    thread.start()
    return thread


@pytest.fixture(scope="module")
def server(live_server_factory, built_dir):
    return live_server_factory(built_dir, query_timeout=TIMEOUT, query_workers=2)


def test_cheap_queries_keep_their_speed_while_four_pathological_ones_run(server):
    cheap = client("127.0.0.1")
    _timed(cheap, server.sparql, 10)  # warm up the workers and the connection
    normal = _timed(cheap, server.sparql, SAMPLES)
    pool = server.app.extensions["lapekg"].store.pool
    demoted_before = pool.demotions

    answers: dict = {}
    threads = [_start(client(f"127.0.0.{n}"), server.sparql, query, answers, name)
               for n, (name, query) in enumerate(PATHOLOGICAL.items(), start=2)]
    time.sleep(1.5)  # past the demotion of all four and the start of their replacements
    busy = _timed(cheap, server.sparql, SAMPLES)
    still_running = [t.name for t in threads if t.is_alive()]
    for thread in threads:
        thread.join()

    assert len(still_running) == 4, "a pathological query ended before the cheap ones"
    for name, (response, seconds) in answers.items():
        assert response.status_code == 503, (name, response.text[:200])
        assert response.json()["error"]["code"] == "query-timeout", name
        assert TIMEOUT <= seconds < TIMEOUT + 2.0, (name, seconds)
    assert pool.demotions - demoted_before == 4
    normal_ms = [s * 1000 for s in normal]
    busy_ms = [s * 1000 for s in busy]
    report = (f"normal median {statistics.median(normal_ms):.2f} ms p90 {_p90(normal_ms):.2f};"
              f" busy median {statistics.median(busy_ms):.2f} ms p90 {_p90(busy_ms):.2f}")
    print(report)
    # The bound on the typical (median) latency; the tail gets a looser one, since
    # on this VM even an idle-priority CPU burner stretches it (~1.4× measured).
    assert statistics.median(busy) <= 2 * statistics.median(normal), report
    assert _p90(busy) <= 3 * _p90(normal), report


def test_stopped_queries_leave_no_process_burning(server):
    pool = server.app.extensions["lapekg"].store.pool
    answers: dict = {}
    thread = _start(client("127.0.0.2"), server.sparql, PATHOLOGICAL["cartesian"], answers,
                    "cartesian")
    time.sleep(1.0)
    demoted = [w.process.pid for w in list(pool._workers) if _niceness(w.process.pid) == 19]
    assert len(demoted) == 1
    thread.join()
    assert answers["cartesian"][0].status_code == 503
    deadline = time.monotonic() + 5
    while _niceness(demoted[0]) is not None and time.monotonic() < deadline:
        time.sleep(0.05)
    assert _niceness(demoted[0]) is None, "the timed-out worker is still running"
    assert requests.get(server.sparql, params={"query": CHEAP}, timeout=30).ok
    assert all(_niceness(w.process.pid) == 0 for w in list(pool._workers))


def test_a_client_over_its_share_gets_429_and_others_do_not(live_server_factory, built_dir):
    limited = live_server_factory(built_dir, query_timeout=2.0, client_queries=2)
    greedy = client("127.0.0.7")
    answers: dict = {}
    threads = [_start(greedy, limited.sparql, PATHOLOGICAL["cartesian"], answers, n)
               for n in ("first", "second")]
    time.sleep(0.5)
    third = greedy.get(limited.sparql, params={"query": CHEAP}, timeout=30)
    named = greedy.get(limited.url + "/api/queries/entities-per-class", timeout=30)
    other = client("127.0.0.8").get(limited.sparql, params={"query": CHEAP}, timeout=30)
    for thread in threads:
        thread.join()
    again = greedy.get(limited.sparql, params={"query": CHEAP}, timeout=30)

    for refused in (third, named):
        assert refused.status_code == 429
        assert refused.headers["Retry-After"] == "1"
        error = refused.json()["error"]
        assert error["code"] == "too-many-queries" and "limit is 2" in error["message"]
    assert other.status_code == 200
    assert again.status_code == 200
    assert {r.status_code for r, _ in answers.values()} == {503}


def test_query_length_limit(app_factory, fixture_dir):
    app = app_factory(fixture_dir, max_query_length=200)
    web = app.test_client()
    at_limit = CHEAP + " #" + "x" * (200 - len(CHEAP) - 2)
    assert len(at_limit) == 200
    assert web.get("/sparql", query_string={"query": at_limit}).status_code == 200
    over = web.post("/sparql", data={"query": at_limit + "x"})
    assert over.status_code == 413
    error = over.get_json()["error"]
    assert error["code"] == "query-too-long" and error["where"] == "query"
    assert "201 characters" in error["message"] and "LAPEKG_MAX_QUERY_LENGTH" in error["hint"]
