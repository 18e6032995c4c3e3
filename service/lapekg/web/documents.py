"""Documents whose terms are hash IRIs (the ontology, the SHACL shapes): negotiated in place.

Such an IRI names a document, not a thing, so it answers 200 rather than 303: ``/<name>``
gives HTML or RDF by ``Accept`` (with ``Content-Location``), ``/<name>.html`` the page and
``/<name>.<suffix>`` each RDF form. :func:`register_document` adds the three routes.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

import pyoxigraph as ox
from flask import Blueprint, Response

from ..errors import NotFound
from .render import BY_SUFFIX, Link, alternates_for, negotiate, rdf_response


def register_document(bp: Blueprint, path: str, *, what: str,
                      triples: Callable[[], Iterable[ox.Triple]],
                      page: Callable[[list[Link]], Response]) -> None:
    """Route ``path``, ``path.html`` and ``path.<suffix>`` on ``bp``.

    ``triples`` gives the document's RDF; ``page(alternates)`` renders its HTML with the
    given ``Link`` alternates; ``what`` names the document in the 404 of an unknown suffix.
    Endpoints: ``<name>``, ``<name>_html`` and ``<name>_data`` (``name`` is ``path``
    without its slash).
    """
    name = path.strip("/")
    html_path = f"{path}.html"

    def html() -> Response:
        response = page(alternates_for(path, html_path))
        response.vary.add("Accept")
        return response

    def negotiated() -> Response:
        fmt = negotiate()
        if fmt is None:
            response = html()
            response.headers["Content-Location"] = html_path
            return response
        return rdf_response(triples(), fmt, alternates=alternates_for(path, html_path),
                            content_location=f"{path}.{fmt.suffix}")

    def data(suffix: str) -> Response:
        fmt = BY_SUFFIX.get(suffix)
        if fmt is None:
            raise NotFound(f"no {what} format {suffix!r}", hint="one of: " + ", ".join(BY_SUFFIX))
        return rdf_response(triples(), fmt, alternates=alternates_for(path, html_path))

    bp.add_url_rule(path, f"{name}", negotiated, methods=["GET"])
    bp.add_url_rule(html_path, f"{name}_html", html, methods=["GET"])
    bp.add_url_rule(f"{path}.<suffix>", f"{name}_data", data, methods=["GET"])
