"""Graceful shutdown of `lapekg serve`, run as a real process and stopped by a real signal.

SIGTERM (or Ctrl-C) closes the listening socket at once — a new connection is refused —
closes idle keep-alive connections, answers the requests in flight, and only then stops
the query workers. ``LAPEKG_SHUTDOWN_GRACE`` bounds the wait; a second signal ends it.

The request in flight is a real query that takes a couple of seconds: a count over the
product of 2000 and 1000 subjects (about 3.6 s on the 2-core machine, and longer under
load, which only widens the window the test needs).
"""

from __future__ import annotations

import http.client
import os
import re
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

SLOW = ("SELECT (COUNT(*) AS ?n) WHERE { { SELECT ?a WHERE { ?a ?p ?o } LIMIT 2000 } "
        "{ SELECT ?b WHERE { ?b ?q ?r } LIMIT 1000 } FILTER(STR(?a) != STR(?b)) }")


class Served:
    """`lapekg serve --port 0` in a child process; its port read from what it prints."""

    def __init__(self, build_dir: Path, **settings: str):
        env = {**os.environ, "LAPEKG_BUILD_DIR": str(build_dir), "LAPEKG_QUERY_TIMEOUT": "120",
               **{f"LAPEKG_{name.upper()}": value for name, value in settings.items()}}
        self.process = subprocess.Popen(
            [sys.executable, "-m", "lapekg.cli", "serve", "--host", "127.0.0.1", "--port", "0"],
            env=env, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
        first = self.process.stdout.readline()
        found = re.search(r"serving on http://127\.0\.0\.1:(\d+)/", first)
        assert found, f"`lapekg serve` did not start: {first!r}"
        self.port = int(found.group(1))
        self.workers = self._children()

    def _children(self) -> set[int]:
        pid = self.process.pid
        children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
        return {int(child) for child in children}

    def connect(self, timeout: float = 60) -> http.client.HTTPConnection:
        return http.client.HTTPConnection("127.0.0.1", self.port, timeout=timeout)

    def stop(self, *, times: int = 1) -> float:
        """Send SIGTERM ``times`` times; return when the first was sent."""
        sent = time.monotonic()
        for _ in range(times):
            self.process.send_signal(signal.SIGTERM)
            time.sleep(0.2)
        return sent

    def finish(self, timeout: float) -> tuple[int, str]:
        """Wait for the process to exit: its status and the rest of what it printed."""
        out, _ = self.process.communicate(timeout=timeout)
        return self.process.returncode, out

    def kill(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
            self.process.communicate()


class Slow(threading.Thread):
    """The slow query, sent on its own connection; records its answer and when it came."""

    def __init__(self, served: Served):
        super().__init__(daemon=True)
        self.connection = served.connect()
        self.status: int | None = None
        self.body = b""
        self.error: BaseException | None = None
        self.answered = 0.0

    def run(self) -> None:
        try:
            self.connection.request("POST", "/sparql", body=SLOW, headers={
                "Content-Type": "application/sparql-query", "Accept": "text/csv"})
            response = self.connection.getresponse()
            self.status, self.body = response.status, response.read()
        except (OSError, http.client.HTTPException) as exc:
            self.error = exc
        self.answered = time.monotonic()


def refused(port: int) -> bool:
    try:
        socket.create_connection(("127.0.0.1", port), timeout=2).close()
    except ConnectionRefusedError:
        return True
    return False


def alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return Path(f"/proc/{pid}/stat").read_text().split()[2] != "Z"


@pytest.fixture()
def served(built_dir):
    running: list[Served] = []

    def start(**settings: str) -> Served:
        running.append(Served(built_dir, **settings))
        return running[-1]

    yield start
    for each in running:
        each.kill()


def _expected_count(built_store) -> list[bytes]:
    (row,) = built_store.select(SLOW)
    return [b"n", row["n"].value.encode()]


def test_sigterm_answers_the_request_in_flight_and_refuses_new_ones(served, built_store):
    server = served()
    assert server.workers, "the query workers should be child processes"
    idle = server.connect()
    idle.request("GET", "/healthz")
    assert idle.getresponse().read()  # kept alive, idle from now on
    slow = Slow(server)
    slow.start()
    time.sleep(0.6)  # the query is running in a worker now
    sent = server.stop()

    assert refused(server.port), "a new connection must be refused once stopping"
    assert slow.answered == 0.0, "the slow query should still be running (make it slower)"
    with pytest.raises((http.client.RemoteDisconnected, ConnectionError)):
        idle.request("GET", "/healthz")  # the idle keep-alive connection was closed
        idle.getresponse()

    slow.join(60)
    assert slow.error is None, f"the request in flight was cut off: {slow.error!r}"
    assert slow.status == 200 and slow.body.split() == _expected_count(built_store)
    assert slow.answered > sent
    status, out = server.finish(timeout=30)
    assert status == 0
    assert "1 request(s) in flight" in out and "every request in flight was answered" in out
    deadline = time.monotonic() + 5
    while any(alive(pid) for pid in server.workers) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not any(alive(pid) for pid in server.workers), "query workers outlived the server"


def test_the_grace_period_bounds_the_wait(served):
    server = served(shutdown_grace="0.5")
    slow = Slow(server)
    slow.start()
    time.sleep(0.6)
    sent = server.stop()
    status, out = server.finish(timeout=30)
    assert status == 0 and "stopped after 0.5 s: 1 request(s) cut off" in out
    slow.join(10)  # cut off, not answered: the server did not wait for the query
    assert slow.status is None and isinstance(slow.error, (ConnectionError,
                                                           http.client.HTTPException))
    assert slow.answered > sent


def test_a_second_signal_stops_at_once(served):
    server = served()
    slow = Slow(server)
    slow.start()
    time.sleep(0.6)
    server.stop(times=2)
    status, out = server.finish(timeout=30)
    assert "stopped at once: 1 request(s) cut off" in out
    slow.join(10)  # cut off although the grace period (30 s) had not run out
    assert slow.status is None and slow.error is not None
