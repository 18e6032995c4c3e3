"""Real clients against the live server: SPARQLWrapper, rdflib's SPARQLStore, the probe."""

from __future__ import annotations

import csv
import io
import subprocess
import sys
from pathlib import Path

import pytest
import rdflib
from rdflib.plugins.stores.sparqlstore import SPARQLStore
from SPARQLWrapper import CSV, JSON, POST, TURTLE, XML, SPARQLWrapper

# CI runs in a fresh clone with shared/ beside it: <repo>/../shared/probe.
PROBE = Path(__file__).resolve().parents[1].parent / "shared" / "probe" / "protocol_probe.py"
SELECT = "SELECT ?s ?p ?o WHERE { ?s ?p ?o } ORDER BY ?s ?p ?o LIMIT 7"
CONSTRUCT = "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o } LIMIT 20"


def wrapper(live_server, query: str, fmt: str, method: str | None = None) -> SPARQLWrapper:
    client = SPARQLWrapper(live_server.sparql)
    client.setQuery(query)
    client.setReturnFormat(fmt)
    client.setTimeout(30)
    if method:
        client.setMethod(method)
    return client


@pytest.mark.parametrize("method", [None, POST])
def test_sparqlwrapper_json(live_server, method):
    data = wrapper(live_server, SELECT, JSON, method).query().convert()
    assert data["head"]["vars"] == ["s", "p", "o"]
    assert len(data["results"]["bindings"]) == 7


def test_sparqlwrapper_xml(live_server):
    document = wrapper(live_server, SELECT, XML).query().convert()
    assert len(document.getElementsByTagName("result")) == 7


def test_sparqlwrapper_csv(live_server):
    data = wrapper(live_server, SELECT, CSV).query().convert()
    rows = list(csv.reader(io.StringIO(data.decode("utf-8"), newline="")))
    assert rows[0] == ["s", "p", "o"] and len(rows) == 8


def test_sparqlwrapper_construct_turtle(live_server):
    data = wrapper(live_server, CONSTRUCT, TURTLE).query().convert()
    graph = rdflib.Graph().parse(data=data, format="turtle")
    assert len(graph) == 20


@pytest.mark.parametrize("method", ["GET", "POST", "POST_FORM"])
def test_rdflib_sparqlstore(live_server, method):
    graph = rdflib.Graph(store=SPARQLStore(live_server.sparql, method=method,
                                           returnFormat="json"))
    assert len(list(graph.query(SELECT))) == 7
    assert graph.query("ASK { }").askAnswer is True
    constructed = graph.query(CONSTRUCT).graph
    assert len(constructed) == 20


def test_protocol_probe_full_score(live_server):
    assert PROBE.exists(), f"the protocol probe is expected at {PROBE}"
    run = subprocess.run([sys.executable, str(PROBE), live_server.url, "/sparql"],
                         capture_output=True, text=True, timeout=600)
    score = run.stdout.strip().splitlines()[-1]
    passed, total = score.removeprefix("protocol: ").split("/")
    assert run.returncode == 0 and passed == total, run.stdout[-3000:]
