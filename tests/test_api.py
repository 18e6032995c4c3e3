"""The named-query API on the fixture store with tests/fixtures/queries/."""

from __future__ import annotations

import csv
import io
from urllib.parse import parse_qs

import rdflib

from lapekg.config import load_config
from lapekg.queries import load_queries
from lapekg.web.openapi import openapi_document

PERHEKESKUS = "https://w3id.org/lapekg/id/practice/perhekeskus"


def test_list(client):
    response = client.get("/api/queries")
    assert response.status_code == 200
    queries = {q["name"]: q for q in response.json["queries"]}
    assert set(queries) == {"adoptions", "municipality-search", "practice-graph"}
    adoptions = queries["adoptions"]
    assert adoptions["url"] == "http://localhost/api/queries/adoptions"
    assert [p["name"] for p in adoptions["parameters"]] == ["practice", "since"]
    assert "lape:adoptedPractice" in adoptions["sparql"]


def test_run_json_names_the_sparql_and_bindings(client):
    response = client.get("/api/queries/adoptions", query_string={"practice": PERHEKESKUS})
    assert response.status_code == 200
    assert response.headers["Content-Type"].startswith("application/json")
    body = response.json
    assert body["query"]["name"] == "adoptions"
    assert body["query"]["bindings"] == {"practice": f"<{PERHEKESKUS}>",
                                         "since": '"1900"^^<http://www.w3.org/2001/XMLSchema#gYear>'}
    assert "PREFIX lape:" in body["query"]["sparql"]
    assert PERHEKESKUS not in body["query"]["sparql"]  # bound, not pasted
    names = [b["name"]["value"] for b in body["results"]["bindings"]]
    assert names == ["Porvoo", "Lohja"]
    assert body["head"]["vars"][:2] == ["practice", "since"]
    assert response.headers["X-Lapekg-Query"] == "adoptions"
    assert parse_qs(response.headers["X-Lapekg-Bindings"])["practice"] == [f"<{PERHEKESKUS}>"]


def test_run_typed_parameters_and_csv(client):
    response = client.get("/api/queries/adoptions",
                          query_string={"practice": "id:practice/perhekeskus", "since": "2019",
                                        "format": "csv"})
    assert response.headers["Content-Type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(response.get_data(as_text=True), newline="")))
    assert [r["name"] for r in rows] == ["Lohja"]


def test_csv_by_accept(client):
    response = client.get("/api/queries/municipality-search", query_string={"text": "LO"},
                          headers={"Accept": "text/csv"})
    rows = list(csv.DictReader(io.StringIO(response.get_data(as_text=True), newline="")))
    assert sorted(r["label"] for r in rows) == ["Lohja", "Lojo"]


def test_injection_is_a_literal(client):
    evil = '") } UNION { ?municipality ?p ?label } #'
    response = client.get("/api/queries/municipality-search", query_string={"text": evil})
    assert response.status_code == 200
    assert response.json["results"]["bindings"] == []


def test_integer_parameter(client):
    short = client.get("/api/queries/municipality-search",
                       query_string={"text": "o", "longest": "5"})
    labels = sorted(b["label"]["value"] for b in short.json["results"]["bindings"])
    assert labels == ["Borgå", "Lohja", "Lojo"]  # Porvoo and Raseborg are longer
    bad = client.get("/api/queries/municipality-search",
                     query_string={"text": "o", "longest": "five"})
    assert bad.status_code == 400
    assert bad.json["error"]["where"] == "parameter longest"


def test_construct_query(client):
    response = client.get("/api/queries/practice-graph",
                          query_string={"practice": PERHEKESKUS}, headers={"Accept": "text/turtle"})
    graph = rdflib.Graph().parse(data=response.data, format="turtle")
    lape = rdflib.Namespace("https://w3id.org/lapekg/ontology#")
    assert len(set(graph.subjects(lape.adoptedPractice, rdflib.URIRef(PERHEKESKUS)))) == 2
    jsonld = client.get("/api/queries/practice-graph",
                        query_string={"practice": PERHEKESKUS, "format": "jsonld"})
    assert jsonld.headers["Content-Type"].startswith("application/ld+json")


def test_parameter_errors(client):
    missing = client.get("/api/queries/practice-graph")
    assert missing.status_code == 400 and "required" in missing.json["error"]["message"]
    unknown = client.get("/api/queries/adoptions", query_string={"colour": "red"})
    assert unknown.status_code == 400 and "colour" in unknown.json["error"]["message"]
    twice = client.get("/api/queries/adoptions?since=2018&since=2019")
    assert twice.status_code == 400
    not_iri = client.get("/api/queries/adoptions", query_string={"practice": "not an iri"})
    assert not_iri.status_code == 400
    assert not_iri.json["error"]["where"] == "parameter practice"


def test_unknown_query_is_404(client):
    response = client.get("/api/queries/nope")
    assert response.status_code == 404
    assert response.json["error"]["code"] == "not-found"


def test_query_text(client):
    response = client.get("/api/queries/adoptions.rq")
    assert response.headers["Content-Type"].startswith("application/sparql-query")
    assert response.get_data(as_text=True).startswith("PREFIX lape:")


def test_openapi(client):
    document = client.get("/api/openapi.json").json
    assert document["openapi"].startswith("3.")
    operation = document["paths"]["/api/queries/adoptions"]["get"]
    parameters = {p["name"]: p for p in operation["parameters"] if "name" in p}
    assert parameters["practice"]["schema"]["format"] == "iri"
    assert parameters["since"]["schema"]["pattern"] == "^[0-9]{4}$"
    assert parameters["practice"]["example"] == "id:practice/perhekeskus"
    assert "application/json" in operation["responses"]["200"]["content"]
    graph = document["paths"]["/api/queries/practice-graph"]["get"]
    assert "text/turtle" in graph["responses"]["200"]["content"]
    assert document["components"]["schemas"]["Error"]["properties"]["error"]["required"] == [
        "code", "message", "where", "hint"]


def test_project_queries_generate_openapi():
    """The real queries/ directory loads and every query gets an operation."""
    settings = load_config()
    queries = load_queries(settings.root / "queries", settings.base)
    document = openapi_document(queries, "http://localhost")
    assert len(document["paths"]) == len(queries) + 1



def test_an_empty_parameter_with_a_default_is_a_400_naming_it(client):
    for path, parameter in (("/api/queries/adoptions?practice=", "practice"),
                            ("/api/queries/adoptions?since=%20", "since")):
        response = client.get(path)
        assert response.status_code == 400, response.get_data(as_text=True)
        error = response.get_json()["error"]
        assert error["where"] == f"parameter {parameter}" and "empty" in error["message"]
    assert client.get("/api/queries/adoptions").status_code == 200  # left out: the default
