"""The baseline: a minimal Flask + pyoxigraph SPARQL endpoint, a few dozen lines.

GET /sparql?query=… on a read-only store, JSON or CSV results, Turtle graphs; no
negotiation beyond that, no limits, no isolation, no error shape. Served by waitress with
exactly lapekg's waitress settings, which service_bench.py passes in as JSON (from
``lapekg.web.server.waitress_options``, so nothing of lapekg is imported here): the
difference to lapekg is our service layer, not the server's configuration.

    python bench/minimal_endpoint.py STORE_DIR PORT [WAITRESS_OPTIONS_JSON | THREADS] [CPU]

With CPU, the process is kept on that one CPU (as ``lapekg serve`` keeps its web process),
so the bench can compare against the baseline's better placement: one CPU makes its GIL
hand-overs cheap, two let its queries run in parallel.
"""

from __future__ import annotations

import json
import os
import sys

import pyoxigraph as ox
from flask import Flask, Response, request
from waitress import create_server


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
    options = json.loads(sys.argv[3]) if len(sys.argv) > 3 else 8
    if isinstance(options, int):  # a bare thread count
        options = {"threads": options}
    if len(sys.argv) > 4:
        os.sched_setaffinity(0, {int(sys.argv[4])})  # before waitress starts its threads
    server = create_server(create(sys.argv[1]), host="127.0.0.1", port=int(sys.argv[2]),
                           **options)
    server.run()
