"""Turn a store's :class:`QueryResult` into an HTTP response (one place for its headers)."""

from __future__ import annotations

from flask import Response, request

from ..store.base import QueryResult
from .negotiation import choose

TRUNCATED_HEADER = "X-Result-Truncated"
ROW_LIMIT_HEADER = "X-Result-Row-Limit"
EXPOSED_HEADERS = (TRUNCATED_HEADER, ROW_LIMIT_HEADER, "X-Lapekg-Query",
                   "X-Lapekg-Bindings", "X-Lapekg-Result-Sha256", "X-Lapekg-Release",
                   "Content-Digest", "X-Request-Id", "Link")


def content_type(media_type: str) -> str:
    """The media type with ``charset=utf-8`` where the type has a charset parameter."""
    return f"{media_type}; charset=utf-8" if media_type.startswith("text/") else media_type


def result_response(result: QueryResult, max_rows: int,
                    headers: dict[str, str] | None = None) -> Response:
    """200 with the body as the store wrote it; a cut result says so in its headers.

    The headers go in as one list (each added once) rather than set one by one: werkzeug
    scans for duplicates on every set, which was a measurable share of a small query.
    """
    listed = [("Content-Type", content_type(result.media_type)), ("Vary", "Accept")]
    if result.truncated:
        listed += [(TRUNCATED_HEADER, "true"), (ROW_LIMIT_HEADER, str(max_rows))]
    if headers:
        listed += headers.items()
    return Response(result.body, status=200, headers=listed)


def wants_json() -> bool:
    """``format=json``, or an Accept preferring JSON to HTML (the service's one Accept
    parser): how a page's JSON answer, and its errors, are asked for."""
    if request.args.get("format") == "json":
        return True
    return choose(request.headers.get("Accept"), ["text/html", "application/json"]) \
        == "application/json"
