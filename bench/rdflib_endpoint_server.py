"""rdflib-endpoint over rdflib's in-memory graph (the pure-Python reference point).

    python bench/rdflib_endpoint_server.py DUMP.trig PORT
"""

from __future__ import annotations

import sys

import rdflib.plugins.sparql
import uvicorn
from rdflib import Dataset
from rdflib_endpoint import SparqlEndpoint

if __name__ == "__main__":
    rdflib.plugins.sparql.SPARQL_LOAD_GRAPHS = False  # never fetch FROM <url> graphs
    dataset = Dataset(default_union=True)
    dataset.parse(sys.argv[1], format="trig")
    port = int(sys.argv[2])
    app = SparqlEndpoint(graph=dataset, path="/sparql", public_url=f"http://127.0.0.1:{port}/")
    uvicorn.run(app, host="127.0.0.1", port=port, log_level="warning")
