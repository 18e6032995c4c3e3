"""``lapekg serve``: the app under waitress, a production WSGI server.

Waitress runs ``threads`` request threads in one process; queries themselves run in the
store's worker processes (``query_workers``), so a slow query holds one worker and one
thread, and the rest keep serving. Waitress rather than gunicorn: the worker pool already
gives process isolation where it matters (query evaluation), waitress runs anywhere, and
one server process keeps one pool (gunicorn's N processes would each start their own).
"""

from __future__ import annotations

import logging
import signal
import sys

from waitress import create_server

from ..config import Settings
from . import create_app

# Room over the app's own body limit, so the app (not waitress) answers a body just over
# it with the JSON 413; far larger bodies are cut off by waitress before buffering.
BODY_SLACK = 64 * 1024


def make_server(settings: Settings, host: str, port: int):
    """A bound (not yet running) waitress server for the app; port 0 picks a free one."""
    overrides = {name: getattr(settings, name) for name in settings.__dataclass_fields__}
    app = create_app(overrides)
    services = app.extensions["lapekg"]
    start = getattr(services.store, "start", None)
    if start is not None:
        start()  # open the store now: a missing build fails here, not on the first query
    server = create_server(app, host=host, port=port, threads=settings.threads,
                           max_request_body_size=settings.max_body + BODY_SLACK,
                           ident="lapekg", clear_untrusted_proxy_headers=True)
    return server, app


def serve(settings: Settings, host: str = "127.0.0.1", port: int = 8080) -> None:
    """Serve until interrupted or terminated; the query workers stop with the server."""
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(message)s")
    server, app = make_server(settings, host, port)
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
