"""The baseline: a minimal Flask + pyoxigraph SPARQL endpoint, a few dozen lines.

GET /sparql?query=… on a read-only store, JSON or CSV results, Turtle graphs; no
negotiation beyond that, no limits, no isolation, no error shape. Served by waitress with
the same thread count as lapekg, so the difference to lapekg is our service layer.

    python bench/minimal_endpoint.py STORE_DIR PORT [THREADS]
"""

from __future__ import annotations

import sys

import pyoxigraph as ox
from flask import Flask, Response, request
from waitress import serve


def create(store_path: str) -> Flask:
    app = Flask(__name__)
    store = ox.Store.read_only(store_path)

    @app.get("/sparql")
    def sparql() -> Response:
        try:
            result = store.query(request.args["query"], use_default_graph_as_union=True)
        except SyntaxError as exc:
            return Response(str(exc), status=400, content_type="text/plain")
        if isinstance(result, ox.QueryTriples):
            return Response(result.serialize(format=ox.RdfFormat.TURTLE),
                            content_type="text/turtle")
        if "text/csv" in request.headers.get("Accept", ""):
            return Response(result.serialize(format=ox.QueryResultsFormat.CSV),
                            content_type="text/csv")
        return Response(result.serialize(format=ox.QueryResultsFormat.JSON),
                        content_type="application/sparql-results+json")

    return app


if __name__ == "__main__":
    threads = int(sys.argv[3]) if len(sys.argv) > 3 else 8
    serve(create(sys.argv[1]), host="127.0.0.1", port=int(sys.argv[2]), threads=threads)
