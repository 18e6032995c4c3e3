"""Caching per data release: values computed once per release, and HTTP validators.

The data change only when a build publishes a new release, or when an admin update is
applied; the store names the data it answers now (``Store.version()``: the published
store directory its workers read, and the updates applied since). Two uses:

- :func:`per_release` keeps a value — counts and statistics behind the home page, the
  class indexes, the dataset description and the linksets — computed once per release in
  this process instead of on every request (they grow with the data: at a million quads
  the dataset page took 1.2 s and the home page 0.4 s, issue 11).
- Every ``GET``/``HEAD`` answer of a page, entity data, view, search, named query or graph
  carries a weak ``ETag`` naming the release, the day (citations carry the retrieval date)
  and what the answer varies on (path and query string, ``Accept``,
  ``Accept-Language``), with ``Cache-Control: no-cache``: a client may keep the answer but
  revalidates it, and a request whose ``If-None-Match`` names the current tag gets ``304 Not
  Modified`` before any query runs.

Not cached: ``/sparql`` (a query may read other endpoints through SERVICE), federated named
queries, the validation report (a refused build rewrites it without a new release), health
and the editor. Over a store that cannot name its data (a remote store), neither applies.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import threading
import time
from collections.abc import Callable
from typing import TypeVar

from flask import Response, current_app, g, request

from .services import services

T = TypeVar("T")

MEMO = "lapekg.per-release"
_lock = threading.Lock()
_key_locks: dict[str, threading.Lock] = {}

#: Paths never given validators (prefixes).
UNCACHED = ("/sparql", "/healthz", "/readyz", "/editor", "/dataset/validation", "/static/",
            "/reconcile")
CACHE_CONTROL = "no-cache"


def per_release(key: str, compute: Callable[[], T], remote_ttl: float | None = None) -> T:
    """``compute()``, kept until the store answers from other data. Over a store that
    cannot name its data, computed each time, or kept ``remote_ttl`` seconds if given.
    One computation per key at a time: a request needing it meanwhile waits for it."""
    store = services().store
    version = store.version()
    if version is None:
        if remote_ttl is None:
            return compute()
        version = f"ttl-{int(time.monotonic() // remote_ttl)}"
    memo: dict[str, tuple[str, object]] = current_app.extensions.setdefault(MEMO, {})
    with _lock:
        key_lock = _key_locks.setdefault(key, threading.Lock())
    with key_lock:
        hit = memo.get(key)
        if hit is not None and hit[0] == version:
            return hit[1]  # type: ignore[return-value]
        value = compute()
        # kept only if the store did not switch while it was computed
        if store.version() in (version, None):
            memo[key] = (version, value)
        return value


def _cacheable() -> bool:
    if request.method not in ("GET", "HEAD") or request.path.startswith(UNCACHED):
        return False
    if request.path.startswith("/api/queries/"):
        name = request.path[len("/api/queries/"):]
        query = services().queries.get(name)
        if query is not None and "federation" in query.tags:
            return False
    return True


def _tag(version: str) -> str:
    material = "\n".join((version, dt.date.today().isoformat(), request.full_path,
                          request.headers.get("Accept", ""),
                          request.headers.get("Accept-Language", "")))
    return hashlib.sha256(material.encode("utf-8")).hexdigest()[:32]


def check_not_modified() -> Response | None:
    """Before a request: 304 when the client holds the current answer."""
    if not _cacheable():
        return None
    version = services().store.version()
    if version is None:
        return None
    tag = g.lapekg_etag = _tag(version)
    if request.if_none_match.contains_weak(tag):
        response = Response(status=304)
        response.set_etag(tag, weak=True)
        response.headers["Cache-Control"] = CACHE_CONTROL
        response.vary.update(("Accept", "Accept-Language"))
        return response
    return None


def add_validators(response: Response) -> Response:
    """After a request: the ETag and Cache-Control of a cacheable 200."""
    tag = g.get("lapekg_etag")
    if tag and response.status_code == 200 and "ETag" not in response.headers:
        response.set_etag(tag, weak=True)
        response.headers.setdefault("Cache-Control", CACHE_CONTROL)
    return response
