"""What the views use: settings, the store, the named-query registry, the retired IRIs.

Built once per app by :func:`lapekg.web.create_app` and kept in
``app.extensions["lapekg"]``. Views call ``services.store.query(...)`` (bytes serialised
natively, for the endpoint and the API) or ``services.store.select(sparql, bindings)``
(rows of pyoxigraph terms, for pages).
"""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from flask import current_app

from ..config import Settings
from ..errors import Forbidden, Gone, NotFound, QueryTooLong, TooManyQueries
from ..queries import NamedQuery, load_queries
from ..redaction import Redactions
from ..redaction import load as load_redactions
from ..retired import Retired
from ..retired import load as load_retired
from ..store import open_store
from ..store.base import Bindings, Dataset, Formats, QueryResult, Store

#: One JSON line per SPARQL Update attempt, applied or refused (see ``run_update``).
admin = logging.getLogger("lapekg.admin")


@dataclass
class Services:
    settings: Settings
    store: Store
    queries: dict[str, NamedQuery]
    retired: dict[str, Retired] = field(default_factory=dict)
    redactions: Redactions = field(default_factory=Redactions)
    # What the published build withdrew, re-read when the file changes (a new build).
    _withdrawn: tuple[int, dict[str, str]] = field(default=(0, {}), init=False, repr=False)
    # Each named query's full text (prologue + body), built once: the registry is fixed
    # for the app's life, and rebuilding the prologue cost ~10 µs per call.
    _texts: dict[str, tuple[NamedQuery, str]] = field(default_factory=dict, init=False, repr=False)
    # Queries running per client address (the per-client limit), under its lock.
    _running: dict[str, int] = field(default_factory=dict, init=False, repr=False)
    _running_lock: threading.Lock = field(default_factory=threading.Lock, init=False,
                                          repr=False)

    @classmethod
    def create(cls, settings: Settings, store: Store | None = None,
               queries_dir: Path | None = None) -> Services:
        """Load the registry now (a broken query file stops the start); open the store."""
        queries = load_queries(queries_dir or settings.root / "queries", settings.base)
        return cls(settings, store if store is not None else open_store(settings), queries,
                   load_retired(settings.root),
                   load_redactions(settings.redactions_file, str(settings.redactions)))

    @contextmanager
    def admitted(self, client: str | None) -> Iterator[None]:
        """Hold one of ``client``'s query slots while the block runs, or raise 429."""
        limit = self.settings.client_queries
        if not limit or not client:
            yield
            return
        with self._running_lock:
            running = self._running.get(client, 0)
            if running >= limit:
                raise TooManyQueries(
                    f"{running} queries from this client are still running; the limit is "
                    f"{limit} at once", where="client",
                    hint="wait for an answer before sending more (LAPEKG_CLIENT_QUERIES)")
            self._running[client] = running + 1
        try:
            yield
        finally:
            with self._running_lock:
                left = self._running.pop(client) - 1
                if left:
                    self._running[client] = left

    def run_sparql(self, sparql: str, dataset: Dataset, formats: Formats,
                   client: str | None = None) -> QueryResult:
        """A query sent to the endpoint, under the length, time, row and client limits."""
        limit = self.settings.max_query_length
        if len(sparql) > limit:
            raise QueryTooLong(f"the query has {len(sparql)} characters; the limit is {limit}",
                               where="query", hint="shorten it (the LAPEKG_MAX_QUERY_LENGTH "
                                                   "setting)")
        with self.admitted(client):
            return self.store.query(sparql, dataset=dataset, formats=formats,
                                    timeout=self.settings.query_timeout,
                                    max_rows=self.settings.max_rows)

    def run_update(self, sparql: str, authorization: str | None, client: str | None = None,
                   request_id: str | None = None) -> None:
        """An update, only with the configured admin token as a Bearer credential (compared
        in constant time). Every attempt is logged to ``lapekg.admin``: who, the outcome,
        and the update's length and SHA-256 (never the token, nor the text itself)."""
        token = self.settings.admin_token
        fields = {"request": request_id, "client": client, "chars": len(sparql),
                  "sha256": hashlib.sha256(sparql.encode("utf-8")).hexdigest()}
        if not token:
            admin.warning(json.dumps({"update": "refused", "reason": "read-only", **fields}))
            raise Forbidden("this SPARQL endpoint is read-only", where="update",
                            hint="the data changes only through `lapekg build`")
        scheme, _, given = (authorization or "").partition(" ")
        if scheme.lower() != "bearer" or not hmac.compare_digest(
                given.strip().encode("utf-8"), token.encode("utf-8")):
            admin.warning(json.dumps({"update": "refused", "reason": "bad token", **fields}))
            raise Forbidden("updates need the admin token", where="Authorization header",
                            hint="send 'Authorization: Bearer <LAPEKG_ADMIN_TOKEN>'")
        try:
            self.store.update(sparql, timeout=self.settings.query_timeout)
        except Exception as exc:
            admin.warning(json.dumps({"update": "failed", "error": type(exc).__name__,
                                      **fields}))
            raise
        admin.info(json.dumps({"update": "applied", **fields}))

    def named_text(self, query: NamedQuery) -> str:
        """The exact SPARQL text a named query runs (prologue included)."""
        cached = self._texts.get(query.name)
        if cached is not None and cached[0] is query:
            return cached[1]
        text = query.text(self.settings.base)
        self._texts[query.name] = (query, text)
        return text

    def named_query(self, name: str) -> NamedQuery:
        if name not in self.queries:
            raise NotFound(f"no named query {name!r}", where="path",
                           hint="GET /api/queries lists them")
        return self.queries[name]

    def run_named(self, query: NamedQuery, bindings: Bindings, formats: Formats,
                  client: str | None = None, max_rows: int | None = None,
                  offset: int = 0) -> QueryResult:
        """A named query's answer: at most ``max_rows`` rows (default: the row cap) from
        row ``offset`` on; ``truncated`` says that more follow."""
        text = self.named_text(query) + (f"\nOFFSET {offset}" if offset else "")
        with self.admitted(client):
            return self.store.query(text, bindings, formats=formats,
                                    timeout=self.settings.query_timeout,
                                    max_rows=max_rows or self.settings.max_rows)

    def withdrawn(self) -> dict[str, str]:
        """Relative IRIs the takedown list withdrew from the published build → the date."""
        path = self.settings.withdrawn_file
        try:
            stamp = path.stat().st_mtime_ns
        except OSError:
            stamp = 0
        if stamp != self._withdrawn[0]:
            try:
                listed = json.loads(path.read_text(encoding="utf-8")) if stamp else {}
            except (OSError, ValueError):
                listed = {}
            self._withdrawn = (stamp, listed if isinstance(listed, dict) else {})
        return self._withdrawn[1]

    def no_resource(self, iri: str, where: str, hint: str | None = None) -> NotFound | Gone:
        """The error for an IRI the store lacks: 410 when it was retired or withdrawn
        (the takedown list; the answer names neither the person nor the reason), else 404."""
        base = self.settings.base
        relative = iri[len(base):] if iri.startswith(base) else None
        if relative is not None:
            person = self.redactions.people.get(relative)
            since = person.since if person else self.withdrawn().get(relative)
            if since:
                return Gone(f"<{iri}> was withdrawn on {since}", where=where,
                            hint="this resource was taken down; it is not coming back")
        item = self.retired.get(relative) if relative is not None else None
        if item is None:
            return NotFound(f"no resource <{iri}> in the dataset", where=where, hint=hint)
        successor = base + item.replaced_by if item.replaced_by else None
        return Gone(f"<{iri}> was retired on {item.retired}: {item.reason}", where=where,
                    hint=(f"see <{successor}>; " if successor else "") + f"why: {item.decision}",
                    successor=successor)

    def close(self) -> None:
        self.store.close()


def services() -> Services:
    """The current app's services (inside a request or app context)."""
    return current_app.extensions["lapekg"]
