"""The Flask app, built by :func:`create_app`; importing this module does nothing.

One error handler renders every error: the JSON shape ``{"error": {"code", "message",
"where", "hint"}}`` for /sparql and /api (pinned by tests/test_error_shape.py), an HTML
page for the rest. Every response carries the security headers; /sparql and /api allow
cross-origin use (CORS).
"""

from __future__ import annotations

import json
import logging
import re
import time
import uuid
from pathlib import Path

from flask import Flask, Response, jsonify, render_template, request
from jinja2 import TemplateNotFound
from werkzeug.exceptions import HTTPException

from ..config import load_config
from ..errors import Gone, LapekgError, PayloadTooLarge, TooManyQueries
from ..store.base import Store
from .responses import EXPOSED_HEADERS, wants_json
from .services import Services

log = logging.getLogger(__name__)
#: One JSON line per request: request id, method, path, status and milliseconds until the
#: response's headers (the query's duration, for the endpoint and the API).
access = logging.getLogger("lapekg.access")
#: An X-Request-Id a client or proxy sends is kept when it looks like an id.
_REQUEST_ID = re.compile(r"[A-Za-z0-9._-]{1,64}")

# Content-Security-Policy of every response. No inline scripts; 'unsafe-inline' styles
# and data: images/fonts because the YASGUI query editor sets styles and icons inline.
# The editor's assets are served from /static, so nothing else needs allowing.
CSP = ("default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
       "img-src 'self' data:; font-src 'self' data:; connect-src 'self'; object-src 'none'; "
       "base-uri 'self'; form-action 'self'; frame-ancestors 'none'")


def create_app(config: dict | None = None, store: Store | None = None) -> Flask:
    """The app for ``config`` (setting overrides; UPPERCASE keys go to Flask's config).

    ``store`` replaces the configured store (tests pass their own). Flask keys of ours:
    ``LAPEKG_QUERIES_DIR`` (named queries, default ``<root>/queries``), ``LAPEKG_CSP``.
    """
    overrides = dict(config or {})
    flask_config = {key: overrides.pop(key) for key in list(overrides) if key.isupper()}
    settings = load_config(overrides)
    app = Flask(__name__)
    app.config.update(MAX_CONTENT_LENGTH=settings.max_body, LAPEKG_CSP=CSP)
    app.config.update(flask_config)
    app.json.ensure_ascii = False  # type: ignore[attr-defined]
    queries_dir = app.config.get("LAPEKG_QUERIES_DIR")
    app.extensions["lapekg"] = Services.create(
        settings, store, Path(queries_dir) if queries_dir else None)
    from . import (
        api,
        caching,
        dataset,
        editor,
        entities,
        health,
        links,
        ontology_docs,
        reconcile,
        search,
        source_reader,
        sparql,
        views,
    )

    for module in (sparql, api, entities, ontology_docs, source_reader, search, reconcile,
                   links, dataset, editor, views, health):
        app.register_blueprint(module.bp)
    app.register_error_handler(LapekgError, _lapekg_error)
    app.register_error_handler(HTTPException, _http_error)
    app.register_error_handler(Exception, _unexpected_error)
    app.before_request(_check_size)
    app.before_request(caching.check_not_modified)
    app.after_request(caching.add_validators)
    app.wsgi_app = _ResponseHeaders(app.wsgi_app, app.config)  # type: ignore[method-assign]
    return app


def _is_api() -> bool:
    """Paths answered in JSON and open to other origins: the endpoint and the API."""
    path = request.path
    return path in ("/sparql", "/api", "/reconcile") or path.startswith("/api/")


def _error_as_json() -> bool:
    """JSON for the endpoint and the API, and wherever the client asked for JSON: a
    ``.json`` twin, ``format=json``, or an Accept preferring JSON to HTML."""
    return _is_api() or request.path.endswith(".json") or wants_json()


def render_error(status: int, code: str, message: str, where: str | None = None,
                 hint: str | None = None) -> Response:
    """The one rendering of an error: JSON where the client asked for JSON (always on the
    API and the endpoint), an HTML page otherwise."""
    error = {"code": code, "message": message, "where": where, "hint": hint}
    if _error_as_json():
        response = jsonify({"error": error})
    else:
        try:
            response = Response(render_template("error.html", status=status, **error),
                                content_type="text/html; charset=utf-8")
        except TemplateNotFound:
            text = f"{status} {code}: {message}" + (f"\nwhere: {where}" if where else "") \
                + (f"\nhint: {hint}" if hint else "") + "\n"
            response = Response(text, content_type="text/plain; charset=utf-8")
    response.status_code = status
    return response


def _lapekg_error(exc: LapekgError) -> Response:
    response = render_error(exc.status, exc.code, exc.message, exc.where, exc.hint)
    if isinstance(exc, Gone) and exc.successor:
        response.headers["Link"] = f'<{exc.successor}>; rel="successor-version"'
    elif isinstance(exc, TooManyQueries):
        response.headers["Retry-After"] = str(exc.retry_after)
    return response


def _http_error(exc: HTTPException) -> Response:
    status = exc.code or 500
    code = (exc.name or "error").lower().replace(" ", "-")
    where = {404: "path", 405: "method", 413: "request body"}.get(status)
    hint = {405: "use GET or POST"}.get(status)
    response = render_error(status, code, exc.description or exc.name, where, hint)
    if status == 405 and exc.get_headers():
        allow = dict(exc.get_headers()).get("Allow")
        if allow:
            response.headers["Allow"] = allow
    return response


def _unexpected_error(exc: Exception) -> Response:
    log.exception("unexpected error on %s %s", request.method, request.path)
    return render_error(500, "internal-error", "an unexpected error happened",
                        hint="the server log has the details")


def _check_size() -> None:
    """Refuse an announced body over the limit before reading it (413)."""
    length = request.content_length
    if length is not None and length > (request.max_content_length or length):
        raise PayloadTooLarge(f"the request body has {length} bytes; "
                              f"the limit is {request.max_content_length}", where="request body",
                              hint="send a shorter query (the LAPEKG_MAX_BODY setting)")


_CORS = (("Access-Control-Allow-Origin", "*"),
         ("Access-Control-Expose-Headers", ", ".join(EXPOSED_HEADERS)))
_PREFLIGHT = (("Access-Control-Allow-Methods", "GET, POST, OPTIONS"),
              ("Access-Control-Allow-Headers", "Accept, Content-Type, Authorization"),
              ("Access-Control-Max-Age", "86400"))


_HeaderSet = tuple[tuple[tuple[str, str], ...], frozenset[str]]  # headers, their names


class _ResponseHeaders:
    """WSGI wrapper adding the headers every response carries, on the way out.

    The security headers on all; CORS on /sparql and /api (and the preflight answers on
    OPTIONS there). Ours replace any of the same name a view set, except a
    Content-Security-Policy a view chose itself. Done here rather than in an
    ``after_request`` hook because werkzeug validates and de-duplicates each header set
    on a ``Response`` (~3 µs apiece), and these constant ones are appended as prebuilt
    tuples instead — on the /sparql hot path that is a tenth of the Flask layer's cost.
    Error responses pass through here too, so they carry the same headers.
    """

    def __init__(self, wsgi_app, config):
        self.wsgi_app = wsgi_app
        self.config = config
        self._csp: str | None = None
        self._sets: dict[tuple[bool, bool], _HeaderSet] = {}

    def _headers(self, api: bool, preflight: bool) -> _HeaderSet:
        csp = self.config.get("LAPEKG_CSP", CSP)
        if csp != self._csp:  # built once per CSP value (it is configurable)
            base = (("Content-Security-Policy", csp), ("X-Content-Type-Options", "nosniff"),
                    ("Referrer-Policy", "strict-origin-when-cross-origin"))
            self._sets = {key: (headers, frozenset(name for name, _ in headers))
                          for key, headers in {(False, False): base, (False, True): base,
                                               (True, False): base + _CORS,
                                               (True, True): base + _CORS + _PREFLIGHT}.items()}
            self._csp = csp
        return self._sets[api, preflight]

    def __call__(self, environ, start_response):
        started = time.perf_counter()
        path = "/" + environ.get("PATH_INFO", "").lstrip("/")
        api = path in ("/sparql", "/api") or path.startswith("/api/")
        ours, names = self._headers(api, api and environ.get("REQUEST_METHOD") == "OPTIONS")
        given = environ.get("HTTP_X_REQUEST_ID", "")
        request_id = given if _REQUEST_ID.fullmatch(given) else uuid.uuid4().hex[:16]
        environ["lapekg.request_id"] = request_id

        def start(status, headers, exc_info=None):
            if access.isEnabledFor(logging.INFO):  # `lapekg serve` logs at INFO
                access.info(json.dumps({
                    "request": request_id, "method": environ.get("REQUEST_METHOD"),
                    "path": path, "status": int(status.split(" ", 1)[0]),
                    "ms": round((time.perf_counter() - started) * 1000, 2)}))
            keep_csp = False
            kept = [("X-Request-Id", request_id)]
            for header in headers:
                name = header[0].title()
                if name == "Content-Security-Policy":
                    keep_csp = True
                elif name in names:
                    continue
                kept.append(header)
            kept.extend(ours[1:] if keep_csp else ours)  # the CSP comes first in ours
            return start_response(status, kept, exc_info)

        return self.wsgi_app(environ, start)
