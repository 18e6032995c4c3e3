"""Turn a store's :class:`QueryResult` into an HTTP response (one place for its headers)."""

from __future__ import annotations

from flask import Response

from ..store.base import QueryResult

TRUNCATED_HEADER = "X-Result-Truncated"
ROW_LIMIT_HEADER = "X-Result-Row-Limit"
EXPOSED_HEADERS = (TRUNCATED_HEADER, ROW_LIMIT_HEADER, "X-Lapekg-Query",
                   "X-Lapekg-Bindings", "Link")


def content_type(media_type: str) -> str:
    """The media type with ``charset=utf-8`` where the type has a charset parameter."""
    return f"{media_type}; charset=utf-8" if media_type.startswith("text/") else media_type


def result_response(result: QueryResult, max_rows: int,
                    headers: dict[str, str] | None = None) -> Response:
    """200 with the body as the store wrote it; a cut result says so in its headers."""
    response = Response(result.body, status=200, content_type=content_type(result.media_type))
    response.headers["Vary"] = "Accept"
    if result.truncated:
        response.headers[TRUNCATED_HEADER] = "true"
        response.headers[ROW_LIMIT_HEADER] = str(max_rows)
    for name, value in (headers or {}).items():
        response.headers[name] = value
    return response
