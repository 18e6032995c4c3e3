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
import sys
import threading

from waitress import create_server

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


def serve(settings: Settings, host: str = "127.0.0.1", port: int = 8080) -> None:
    """Serve until interrupted or terminated; the query workers stop with the server."""
    # First, before any thread or worker exists (they inherit the placement).
    worker_cpus = place_web_process() if settings.pin_web_cpu else None
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(message)s")
    server, app = make_server(settings, host, port, worker_cpus)
    threading.Thread(target=warm_search, args=(app,), name="lapekg-search-warm-up",
                     daemon=True).start()
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))  # unwind through `finally`
    print(f"lapekg: serving on http://{server.effective_host}:{server.effective_port}/ "
          f"(SPARQL at /sparql, API at /api/queries; {settings.threads} threads, "
          f"{settings.query_workers} query workers)", flush=True)
    try:
        server.run()
    except KeyboardInterrupt:
        pass
    finally:
        server.close()
        app.extensions["lapekg"].close()
