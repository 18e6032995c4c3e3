"""The named-query API: /api/queries, /api/queries/{name}, /api/openapi.json.

Request values are type-checked and bound as RDF terms (``lapekg.queries.bind``), never
pasted into the query text; each answer names the query, the exact SPARQL text and the
bindings it ran with. SELECT/ASK answers are JSON (a SPARQL JSON results document with a
``query`` member added — spliced around the store's native bytes, not re-encoded), CSV
or TSV; CONSTRUCT answers are Turtle, JSON-LD or N-Triples.
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import json
import re
from functools import lru_cache
from urllib.parse import urlencode

from flask import Blueprint, Response, jsonify, request, url_for

from .. import formats
from ..errors import NotAcceptable, ParameterError
from ..queries import NamedQuery, bind
from ..store.base import Formats, QueryResult
from . import negotiation as media
from .openapi import openapi_document
from .responses import result_response
from .services import services

bp = Blueprint("api", __name__)

# The API's offers, from the one format table (lapekg.formats).
API_JSON = formats.API_JSON.media_type
RESULT_TYPES = formats.media_types(formats.API_RESULTS)
GRAPH_TYPES = formats.media_types(formats.API_GRAPHS)
FORMAT_NAMES = sorted({n for f in formats.API_RESULTS + formats.API_GRAPHS
                       for n in (f.name, *f.names)})
#: Parameters of the API itself, not of the query: the format, and the page of rows.
RESERVED = ("format", "limit", "offset")
_OWN_LIMIT = re.compile(r"\b(LIMIT|OFFSET)\s+\d+\s*$", re.IGNORECASE)


def _count(name: str, default: int, low: int, high: int) -> int:
    raw = request.args.get(name)
    if raw is None:
        return default
    if not raw.isdigit() or not low <= int(raw) <= high:
        raise ParameterError(f"{name}={raw!r} is not a whole number from {low} to {high}",
                             where=f"parameter {name}",
                             hint=f"e.g. {name}={default}" if default else f"e.g. {name}=100")
    return int(raw)


def page_of(query: NamedQuery) -> tuple[int, int]:
    """(limit, offset) of the page asked for: ``limit`` rows (default: the page size) from
    row ``offset`` (default 0). A query with its own LIMIT or OFFSET is not paged on."""
    settings = services().settings
    reserved = [name for name in ("limit", "offset") if name not in query.parameters]
    limit = _count("limit", min(settings.page_size, settings.max_rows), 1, settings.max_rows) \
        if "limit" in reserved else min(settings.page_size, settings.max_rows)
    offset = _count("offset", 0, 0, 10**9) if "offset" in reserved else 0
    if offset and _OWN_LIMIT.search(query.body.strip()):
        raise ParameterError(f"{query.name} sets its own LIMIT or OFFSET", where="parameter "
                             "offset", hint="its answer is one page; leave offset out")
    return limit, offset


def _next_page(offset: int, limit: int) -> str:
    args = [(k, v) for k, v in request.args.items(multi=True) if k != "offset"]
    return request.base_url + "?" + urlencode([*args, ("offset", str(offset + limit))])


@lru_cache(maxsize=512)
def negotiate(accept: str | None, format_name: str | None) -> Formats:
    """The API's own offers: JSON/CSV/TSV for result sets, RDF for graphs.

    Cached like ``negotiation.negotiate``: a few Accept headers recur (``Formats`` is
    frozen; an unknown format raises, and errors are not cached).
    """
    if format_name is not None:
        results = formats.named(format_name, formats.API_RESULTS)
        graph = formats.named(format_name, formats.API_GRAPHS)
        if results is None and graph is None:
            raise ParameterError(f"unknown format {format_name!r}", where="parameter format",
                                 hint=f"one of: {', '.join(FORMAT_NAMES)}")
        return Formats(results.media_type if results else API_JSON,
                       graph.media_type if graph else media.TURTLE)
    return Formats(
        media.choose(accept, RESULT_TYPES, formats.aliases(formats.API_RESULTS)),
        media.choose(accept, GRAPH_TYPES, formats.aliases(formats.API_GRAPHS)))


def _values(query: NamedQuery) -> dict[str, str]:
    values: dict[str, str] = {}
    for name, given in request.args.lists():
        if name in RESERVED and name not in query.parameters:
            continue
        if len(given) > 1:
            raise ParameterError(f"parameter {name!r} given {len(given)} times",
                                 where=f"parameter {name}", hint="give it once")
        values[name] = given[0]
    return values


@bp.get("/api/queries")
def list_queries() -> Response:
    svc = services()
    return jsonify({"queries": [
        {**query.to_dict(), "url": url_for("api.run", name=query.name, _external=True),
         "sparql": query.body}
        for query in svc.queries.values()]})


@bp.get("/api/queries/<name>.rq")
def query_text(name: str) -> Response:
    """The exact SPARQL text a named query runs (prologue included)."""
    svc = services()
    text = svc.named_text(svc.named_query(name))
    return Response(text, content_type="application/sparql-query; charset=utf-8")


@bp.get("/api/queries/<name>")
def run(name: str) -> Response:
    svc = services()
    query = svc.named_query(name)
    bindings = bind(query, _values(query), svc.settings.base)
    offered = negotiate(request.headers.get("Accept"), request.args.get("format")
                        if "format" not in query.parameters else None)
    if offered.results is None and offered.graph is None:
        raise NotAcceptable("no acceptable media type", where="Accept header",
                            hint=f"accept one of: {', '.join(RESULT_TYPES + GRAPH_TYPES)}")
    wants_json = offered.results == API_JSON
    store_formats = Formats(media.JSON_RESULTS if wants_json else offered.results,
                            offered.graph)
    limit, offset = page_of(query)
    result = svc.run_named(query, bindings, store_formats, request.remote_addr,
                           max_rows=limit, offset=offset)
    following = _next_page(offset, limit) if result.truncated else None
    shown = {variable: str(term) for variable, term in bindings.items()}
    as_json = wants_json and result.media_type == media.JSON_RESULTS
    checksum = result_sha256(result.body, as_json)
    published, dump_sha256 = release_stamp()
    headers = {"X-Lapekg-Query": query.name,
               "X-Lapekg-Bindings": urlencode(shown),
               "X-Lapekg-Result-Sha256": checksum,
               "X-Lapekg-Release": (f"{published or 'unpublished'}; "
                                    f"dump-sha256={dump_sha256 or '-'}"),
               "Link": _describedby(request.script_root, query.name)
               + (f', <{following}>; rel="next"' if following else "")}
    if as_json:
        citation = {"query": request.host_url.rstrip("/")
                    + url_for("api.query_text", name=query.name),
                    "request": request.url, "release": {"published": published,
                                                        "dumpSha256": dump_sha256},
                    "retrieved": dt.date.today().isoformat(), "resultSha256": checksum}
        page = {"limit": limit, "offset": offset, "next": following}
        result = _with_query_member(result, query, shown, svc.named_text(query), citation,
                                    page)
    response = result_response(result, limit, headers)
    response.headers["Content-Digest"] = content_digest(response.get_data())
    return response


def result_sha256(body: bytes, sparql_json: bool) -> str:
    """The checksum a citation gives for a result: for SPARQL JSON, the sha256 of its
    ``results.bindings`` as canonical JSON (keys sorted, separators ``,`` ``:``, UTF-8; the
    same in the answer a client got, whatever member we add); for every other format,
    the sha256 of the body as sent. A boolean (ASK) result hashes ``{"boolean": …}``."""
    if not sparql_json:
        return hashlib.sha256(body).hexdigest()
    document = json.loads(body)
    part = document["results"]["bindings"] if "results" in document \
        else {"boolean": document.get("boolean")}
    canonical = json.dumps(part, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def content_digest(body: bytes) -> str:
    """RFC 9530 ``Content-Digest`` of the body as sent."""
    return "sha-256=:" + base64.b64encode(hashlib.sha256(body).digest()).decode("ascii") + ":"


def release_stamp() -> tuple[str | None, str | None]:
    """When the data release was published, and its dump's sha256 (see the views)."""
    from .views import release

    stamp = release()
    return stamp["published"], stamp["dumpSha256"]


@lru_cache(maxsize=1024)
def _describedby(script_root: str, name: str) -> str:
    """The Link header to a query's text (the same for every request under one root)."""
    return f'<{url_for("api.query_text", name=name)}>; rel="describedby"'


@lru_cache(maxsize=1024)
def _member_head(name: str, title: str, sparql: str) -> bytes:
    """``{"query":{"name":…,"title":…,"sparql":…,`` — the constant part, encoded once."""
    member = json.dumps({"name": name, "title": title, "sparql": sparql},
                        ensure_ascii=False, separators=(",", ":"))
    return b'{"query":' + member[:-1].encode("utf-8") + b',"bindings":'


def _with_query_member(result: QueryResult, query: NamedQuery, bindings: dict[str, str],
                       sparql: str, citation: dict[str, object],
                       page: dict[str, object]) -> QueryResult:
    """``{"query": {...}, "head": …, "results": …}`` around the store's JSON bytes.

    The member reads ``{"name", "title", "sparql", "bindings", "truncated", "page",
    "citation"}``; only the last four change between requests, so the rest is encoded once
    per query.
    """
    prefix = (_member_head(query.name, query.title, sparql)
              + json.dumps(bindings, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
              + (b',"truncated":true' if result.truncated else b',"truncated":false')
              + b',"page":' + json.dumps(page, separators=(",", ":")).encode("utf-8")
              + b',"citation":'
              + json.dumps(citation, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
              + b"},")
    body = result.body
    if not body.startswith(b"{"):
        raise ValueError("the store sent SPARQL JSON that is not an object")
    return QueryResult(prefix + body[1:], API_JSON, result.form, result.truncated)


@bp.get("/api/openapi.json")
def openapi() -> Response:
    svc = services()
    document = openapi_document(svc.queries, request.host_url.rstrip("/"),
                                svc.settings.max_rows, svc.settings.page_size)
    return jsonify(document)
