"""``lapekg serve``: the app under waitress, a production WSGI server.

Waitress runs ``threads`` request threads in one process; queries themselves run in the
store's worker processes (``query_workers``), so a slow query holds one worker and one
thread, and the rest keep serving. Waitress rather than gunicorn: the worker pool already
gives process isolation where it matters (query evaluation), waitress runs anywhere, and
one server process keeps one pool (gunicorn's N processes would each start their own).
"""

from __future__ import annotations

import logging
import os
import signal
import threading
import time

from waitress import create_server, wasyncore

from ..config import Settings
from . import create_app

# Room over the app's own body limit, so the app (not waitress) answers a body just over
# it with the JSON 413; far larger bodies are cut off by waitress before buffering.
BODY_SLACK = 64 * 1024


def waitress_options(settings: Settings) -> dict[str, object]:
    """Every waitress setting lapekg serves with (the rest are waitress's defaults).

    One place, because bench/service_bench.py hands exactly these to its baseline
    endpoint: the comparison is like with like. Measured and left at the defaults
    (bench/README.md): ``channel_timeout`` (idle connections only), ``asyncore_use_poll``
    (no difference), fewer threads (no difference at 4 connections), ``send_bytes``
    (one ``send`` per response instead of two lifts lapekg and the baseline alike, but
    waitress deprecated it in 1.3).
    """
    return {"threads": settings.threads, "max_request_body_size": settings.max_body + BODY_SLACK,
            "ident": "lapekg", "clear_untrusted_proxy_headers": True}


def place_web_process() -> frozenset[int] | None:
    """Keep this (the web) process on one CPU; return all the CPUs it may use, for the
    query workers. ``None`` (and nothing changed) with one CPU or no affinity support.

    The web process is bound by the GIL: one of its threads runs Python at a time, and
    each hand-over of the GIL to a thread on another CPU costs a cross-CPU wake-up (and
    a query worker woken on the web process's CPU preempts it). On one CPU those
    hand-overs are cheap: on the 2-core machine the web process's CPU per request fell
    from ~510 to ~360 µs and /sparql throughput on a small lookup rose ~1.5× (bench/).
    The workers keep every CPU, the web one included, so queries lose no capacity. Call
    it before any thread is started: threads and child processes inherit the placement.
    """
    if not hasattr(os, "sched_setaffinity"):
        return None
    allowed = frozenset(os.sched_getaffinity(0))
    if len(allowed) < 2:
        return None
    os.sched_setaffinity(0, {min(allowed)})
    return allowed


def make_server(settings: Settings, host: str, port: int,
                worker_cpus: frozenset[int] | None = None):
    """A bound (not yet running) waitress server for the app; port 0 picks a free one.

    ``worker_cpus``: the CPUs query workers run on (see :func:`place_web_process`).
    """
    overrides = {name: getattr(settings, name) for name in settings.__dataclass_fields__}
    app = create_app(overrides)
    services = app.extensions["lapekg"]
    if worker_cpus is not None and hasattr(services.store, "place_workers"):
        services.store.place_workers(worker_cpus)
    start = getattr(services.store, "start", None)
    if start is not None:
        start()  # open the store now: a missing build fails here, not on the first query
    server = create_server(app, host=host, port=port, **waitress_options(settings))
    return server, app


def warm_search(app) -> None:
    """Build the search index in the background, so the first search does not wait for
    the lemma dictionaries and the labels (a failure is logged; search retries)."""
    from .search import search_index

    try:
        with app.app_context():
            search_index()
    except Exception:  # noqa: BLE001 - logged; the first search builds it again
        logging.getLogger("lapekg").exception("search index warm-up failed")


def busy_channels(server) -> list:
    """The connections with a request in flight: being received, being answered, or an
    answer not yet sent in full. The others are idle (kept alive between requests)."""
    return [channel for channel in list(server.active_channels.values())
            if channel.requests or channel.request is not None or channel.total_outbufs_len]


def drain(server, grace: float) -> int:
    """Stop taking connections, let the requests in flight finish for up to ``grace``
    seconds, close idle connections; return how many were still in flight at the end.

    Runs on the thread that ran the server's loop (waitress's channels belong to it).
    The listening socket is closed first, so a new connection is refused at once (a
    balancer moves on) rather than left queueing in the backlog.
    """
    server.accepting = False
    wasyncore.dispatcher.close(server)  # the listening socket; the trigger stays open
    deadline = time.monotonic() + grace
    while True:
        busy = busy_channels(server)
        for channel in list(server.active_channels.values()):
            if channel not in busy:
                channel.will_close = True  # idle: the loop closes it on its next turn
        if not server.active_channels:
            return 0
        if time.monotonic() >= deadline:
            return len(busy)
        wasyncore.loop(timeout=0.05, map=server._map, use_poll=server.adj.asyncore_use_poll,
                       count=1)


def run_until(server, stop: threading.Event) -> None:
    """Run the server's loop until ``stop`` is set (wake it with ``server.pull_trigger``)."""
    while not stop.is_set():
        wasyncore.loop(timeout=server.adj.asyncore_loop_timeout, map=server._map,
                       use_poll=server.adj.asyncore_use_poll, count=1)


def serve(settings: Settings, host: str = "127.0.0.1", port: int = 8080) -> None:
    """Serve until SIGTERM or Ctrl-C, then shut down gracefully: new connections are
    refused, requests in flight are answered (for up to ``shutdown_grace`` seconds; a
    second signal stops at once), then the query workers stop."""
    # First, before any thread or worker exists (they inherit the placement).
    worker_cpus = place_web_process() if settings.pin_web_cpu else None
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(message)s")
    server, app = make_server(settings, host, port, worker_cpus)
    threading.Thread(target=warm_search, args=(app,), name="lapekg-search-warm-up",
                     daemon=True).start()
    stop = threading.Event()

    def on_signal(signum: int, _frame) -> None:
        if stop.is_set():
            raise KeyboardInterrupt  # the second signal: stop now
        stop.set()
        server.pull_trigger()  # wake the loop now rather than at its next timeout

    signal.signal(signal.SIGTERM, on_signal)
    signal.signal(signal.SIGINT, on_signal)
    print(f"lapekg: serving on http://{server.effective_host}:{server.effective_port}/ "
          f"(SPARQL at /sparql, API at /api/queries; {settings.threads} threads, "
          f"{settings.query_workers} query workers)", flush=True)
    try:
        run_until(server, stop)
        busy = len(busy_channels(server))
        print(f"lapekg: stopping: no new connections; {busy} request(s) in flight get up "
              f"to {settings.shutdown_grace:g} s to finish (signal again to stop now)",
              flush=True)
        left = drain(server, settings.shutdown_grace)
        print("lapekg: stopped: every request in flight was answered" if not left else
              f"lapekg: stopped after {settings.shutdown_grace:g} s: {left} request(s) cut "
              "off", flush=True)
    except KeyboardInterrupt:
        print(f"lapekg: stopped at once: {len(busy_channels(server))} request(s) cut off",
              flush=True)
    finally:
        for channel in list(server.active_channels.values()):
            channel.handle_close()
        server.task_dispatcher.shutdown(cancel_pending=True, timeout=2)
        server.close()
        app.extensions["lapekg"].close()
