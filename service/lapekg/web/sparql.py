"""The SPARQL 1.1 Protocol endpoint at /sparql: parse the request, run it, send the bytes.

Queries by GET, form POST or direct POST (``application/sparql-query``); the dataset from
``default-graph-uri`` / ``named-graph-uri``; the answer in the negotiated format (Accept,
or ``format=`` for browsers); on GET without a query a Service Description, or the query
editor for a browser that prefers HTML. Updates are refused unless an admin token is
configured and sent.
"""

from __future__ import annotations

from dataclasses import dataclass

from flask import Blueprint, Request, Response, request

from ..errors import LapekgError, ParameterError
from ..store.base import Dataset
from . import service_description
from .editor import render_editor
from .negotiation import ALIASES, GRAPH_TYPES, HTML, choose, negotiate, negotiate_graph
from .responses import content_type, result_response
from .services import services

bp = Blueprint("sparql", __name__)

FORM = "application/x-www-form-urlencoded"
DIRECT_QUERY = "application/sparql-query"
DIRECT_UPDATE = "application/sparql-update"


class UnsupportedMediaType(LapekgError):
    """A POST body in a media type the protocol does not allow."""

    status = 415
    code = "unsupported-media-type"


@dataclass(frozen=True)
class ProtocolRequest:
    query: str | None
    update: str | None
    dataset: Dataset
    format: str | None


def _one(values: list[str], name: str) -> str | None:
    if len(values) > 1:
        raise ParameterError(f"{len(values)} '{name}' parameters; send exactly one",
                             where=f"parameter {name}")
    return values[0] if values else None


def _direct_body(req: Request) -> str:
    charset = req.mimetype_params.get("charset", "utf-8").lower()
    if charset not in ("utf-8", "utf8"):
        raise UnsupportedMediaType(f"charset {charset!r} is not supported",
                                   where="Content-Type header", hint="send UTF-8")
    try:
        return req.get_data(cache=False).decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ParameterError(f"the body is not UTF-8 (byte {exc.start})",
                             where="request body", hint="send UTF-8") from exc


_NONE: list[str] = []  # an absent parameter (never mutated)
_NO_DATASET = Dataset()


def parse_protocol(req: Request) -> ProtocolRequest:
    """The operation, dataset and format of a protocol request, or a 4xx error."""
    fields = req.args
    query = update = None
    method = req.method
    if method == "POST":
        mimetype = req.mimetype
        if mimetype == FORM:
            fields = req.form.copy()
            fields.update(req.args)
        elif mimetype == DIRECT_QUERY:
            query = _direct_body(req)
        elif mimetype == DIRECT_UPDATE:
            update = _direct_body(req)
        else:
            raise UnsupportedMediaType(
                f"POST with Content-Type {mimetype or 'missing'!r}", where="Content-Type header",
                hint=f"use {FORM}, {DIRECT_QUERY} or {DIRECT_UPDATE}")
        if mimetype != FORM and ("query" in req.args or "update" in req.args):
            raise ParameterError("the operation is both in the body and the URL",
                                 where="query string", hint="send it once")
    values = dict(fields.lists())  # one pass over the parameters, then plain lookups
    query = query if query is not None else _one(values.get("query", _NONE), "query")
    update = update if update is not None else _one(values.get("update", _NONE), "update")
    if query is not None and update is not None:
        raise ParameterError("a request carries a query or an update, not both",
                             where="parameters")
    if update is not None:
        if method != "POST":
            raise ParameterError("updates must be sent by POST", where="method")
        if values.get("using-graph-uri") or values.get("using-named-graph-uri"):
            raise ParameterError("using-graph-uri / using-named-graph-uri are not supported",
                                 where="parameters", hint="name the graphs in the update")
    elif query is None and method == "POST":
        raise ParameterError("no query in the request", where="request body",
                             hint="send a 'query' form field or an application/sparql-query body")
    default_graphs = values.get("default-graph-uri")
    named_graphs = values.get("named-graph-uri")
    dataset = Dataset(tuple(default_graphs or ()), tuple(named_graphs or ())) \
        if default_graphs or named_graphs else _NO_DATASET
    return ProtocolRequest(query, update, dataset, _one(values.get("format", _NONE), "format"))


@bp.route("/sparql", methods=["GET", "POST"])
def endpoint() -> Response:
    req = request._get_current_object()  # type: ignore[attr-defined]  # once, not per use
    protocol = parse_protocol(req)
    svc = services()
    if protocol.update is not None:
        svc.run_update(protocol.update, req.headers.get("Authorization"), req.remote_addr,
                       req.environ.get("lapekg.request_id"))
        return Response(status=204)
    if protocol.query is None:
        return _service_description(protocol.format)
    formats = negotiate(req.headers.get("Accept"), protocol.format)
    result = svc.run_sparql(protocol.query, protocol.dataset, formats, req.remote_addr)
    return result_response(result, svc.settings.max_rows)


def _service_description(format_name: str | None) -> Response:
    """The Service Description in RDF — or, for a browser, the query editor page."""
    accept = request.headers.get("Accept")
    if format_name is None and choose(accept, (*GRAPH_TYPES, HTML), ALIASES["graph"]) == HTML:
        response = render_editor()
        response.headers["Vary"] = "Accept"
        return response
    svc = services()
    media = negotiate_graph(accept, format_name) or GRAPH_TYPES[0]
    triples = service_description.description(
        request.base_url, svc.store, updates=bool(svc.settings.admin_token),
        title="LAPE knowledge graph SPARQL endpoint")
    response = Response(service_description.serialise(triples, media),
                        content_type=content_type(media))
    response.headers["Vary"] = "Accept"
    return response
