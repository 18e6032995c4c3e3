"""The SPARQL 1.1 Protocol at /sparql, through the Flask test client on the fixture store."""

from __future__ import annotations

import csv
import hashlib
import io
import json
import logging
import xml.etree.ElementTree as ET

import pytest
import rdflib

from lapekg.web.negotiation import negotiate, parse_accept

PORVOO = "https://w3id.org/lapekg/id/municipality/638"
GRAPH = "https://w3id.org/lapekg/graph/"
MUNICIPALITIES = ("SELECT ?m ?code WHERE { ?m a <https://w3id.org/lapekg/ontology#Municipality> ;"
                  " <https://w3id.org/lapekg/ontology#municipalityCode> ?code } ORDER BY ?code")
ALL = "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }"
SRJ = "application/sparql-results+json"


def ctype(response) -> str:
    return response.headers["Content-Type"].split(";")[0]


def codes(response) -> list[str]:
    return [b["code"]["value"] for b in response.json["results"]["bindings"]]


# -- operations: GET, form POST, direct POST ------------------------------------------


def test_get(client):
    response = client.get("/sparql", query_string={"query": MUNICIPALITIES})
    assert response.status_code == 200
    assert ctype(response) == SRJ
    assert codes(response) == ["444", "638", "710"]


def test_post_form(client):
    response = client.post("/sparql", data={"query": MUNICIPALITIES})
    assert response.status_code == 200 and codes(response) == ["444", "638", "710"]


def test_post_direct(client):
    response = client.post("/sparql", data=MUNICIPALITIES.encode(),
                           content_type="application/sparql-query")
    assert response.status_code == 200 and codes(response) == ["444", "638", "710"]


def test_get_utf8_values(client):
    query = 'SELECT ?x { VALUES ?x { "Äänekoski ✓" } }'
    response = client.get("/sparql", query_string={"query": query})
    assert response.json["results"]["bindings"][0]["x"]["value"] == "Äänekoski ✓"


# -- result formats --------------------------------------------------------------------


@pytest.mark.parametrize("accept", [SRJ, "application/sparql-results+xml", "text/csv",
                                    "text/tab-separated-values"])
def test_select_formats_agree(client, accept):
    response = client.get("/sparql", query_string={"query": MUNICIPALITIES},
                          headers={"Accept": accept})
    assert response.status_code == 200 and ctype(response) == accept
    text = response.get_data(as_text=True)
    if accept == SRJ:
        rows = [b["code"]["value"] for b in json.loads(text)["results"]["bindings"]]
    elif accept.endswith("xml"):
        ns = "{http://www.w3.org/2005/sparql-results#}"
        rows = [r.find(f"{ns}binding[@name='code']/{ns}literal").text
                for r in ET.fromstring(text).iter(f"{ns}result")]
    elif accept == "text/csv":
        assert "\r\n" in text
        rows = [r["code"] for r in csv.DictReader(io.StringIO(text, newline=""))]
    else:
        rows = [line.split("\t")[1].strip('"') for line in text.splitlines()[1:]]
    assert rows == ["444", "638", "710"]


def test_csv_escaping(client):
    query = 'SELECT ?x { VALUES ?x { "a,b" "say \\"hi\\"" "line1\\nline2" } }'
    response = client.post("/sparql", data={"query": query}, headers={"Accept": "text/csv"})
    values = sorted(r["x"] for r in csv.DictReader(io.StringIO(response.get_data(as_text=True),
                                                               newline="")))
    assert values == sorted(["a,b", 'say "hi"', "line1\nline2"])


@pytest.mark.parametrize("accept", [SRJ, "application/sparql-results+xml"])
def test_ask(client, accept):
    response = client.get("/sparql", query_string={"query": "ASK { FILTER(false) }"},
                          headers={"Accept": accept})
    assert response.status_code == 200 and ctype(response) == accept
    assert b"false" in response.data


@pytest.mark.parametrize("accept,fmt", [
    ("text/turtle", "turtle"), ("application/ld+json", "json-ld"),
    ("application/n-triples", "nt"), ("application/rdf+xml", "xml"),
    ("application/n-quads", "nquads"), ("application/trig", "trig")])
def test_construct_formats(client, accept, fmt):
    response = client.get("/sparql", query_string={"query": ALL}, headers={"Accept": accept})
    assert response.status_code == 200 and ctype(response) == accept
    graph = rdflib.Dataset() if fmt in ("nquads", "trig") else rdflib.Graph()
    graph.parse(data=response.data, format=fmt)
    assert len(graph) == 65


def test_describe(client):
    response = client.get("/sparql", query_string={"query": f"DESCRIBE <{PORVOO}>"},
                          headers={"Accept": "text/turtle"})
    graph = rdflib.Graph().parse(data=response.data, format="turtle")
    assert (rdflib.URIRef(PORVOO), rdflib.RDFS.label, rdflib.Literal("Porvoo", lang="fi")) in graph


def test_format_parameter_wins_over_accept(client):
    response = client.get("/sparql", query_string={"query": MUNICIPALITIES, "format": "csv"},
                          headers={"Accept": SRJ})
    assert ctype(response) == "text/csv"
    graph = client.get("/sparql", query_string={"query": ALL, "format": "csv"})
    assert ctype(graph) == "text/turtle"  # a result-set format leaves graphs at the default


def test_unknown_format_parameter(client):
    response = client.get("/sparql", query_string={"query": "ASK {}", "format": "png"})
    assert response.status_code == 400
    assert response.json["error"]["where"] == "parameter format"


def test_not_acceptable(client):
    response = client.get("/sparql", query_string={"query": "ASK {}"},
                          headers={"Accept": "image/png"})
    assert response.status_code == 406
    assert "application/sparql-results+json" in response.json["error"]["hint"]


# -- negotiation ----------------------------------------------------------------------


def test_accept_parsing():
    ranges = parse_accept("text/*;q=0.3, application/json, bad, */*;q=x")
    assert [(r.type, r.subtype, r.q) for r in ranges] == [
        ("text", "*", 0.3), ("application", "json", 1.0), ("*", "*", 0.0)]


@pytest.mark.parametrize("accept,results,graph", [
    (None, SRJ, "text/turtle"),
    ("*/*", SRJ, "text/turtle"),
    ("application/sparql-results+xml;q=0.2, application/sparql-results+json;q=0.9", SRJ,
     "application/rdf+xml"),
    ("text/turtle", SRJ, "text/turtle"),
    ("application/rdf+xml, application/sparql-results+xml", "application/sparql-results+xml",
     "application/rdf+xml"),
    ("application/json", SRJ, "application/ld+json"),
    ("text/*", "text/csv", "text/turtle"),
    ("application/sparql-results+json;q=0, */*;q=0.5", "application/sparql-results+xml",
     "text/turtle"),
])
def test_negotiate(accept, results, graph):
    formats = negotiate(accept)
    assert (formats.results, formats.graph) == (results, graph)


# -- dataset ---------------------------------------------------------------------------


def test_default_graph_uri(client):
    query = "SELECT DISTINCT ?s WHERE { ?s a <https://w3id.org/lapekg/ontology#Adoption> }"
    response = client.get("/sparql", query_string={"query": query,
                                                   "default-graph-uri": GRAPH + "lohja-2018"})
    values = {b["s"]["value"] for b in response.json["results"]["bindings"]}
    assert values == {"https://w3id.org/lapekg/id/adoption/lohja-perhekeskus",
                      "https://w3id.org/lapekg/id/adoption/lohja-lp"}


def test_missing_default_graph_is_empty(client):
    response = client.get("/sparql", query_string={"query": "ASK { ?s ?p ?o }",
                                                   "default-graph-uri": "urn:x-none"})
    assert response.json["boolean"] is False


def test_named_graph_uri_post_direct(client):
    response = client.post("/sparql?named-graph-uri=" + GRAPH + "reference",
                           data=b"SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }",
                           content_type="application/sparql-query")
    assert [b["g"]["value"] for b in response.json["results"]["bindings"]] == [GRAPH + "reference"]


def test_protocol_dataset_overrides_from(client):
    response = client.get("/sparql", query_string={
        "query": "ASK FROM <urn:x-none> { ?s ?p ?o }", "default-graph-uri": GRAPH + "reference"})
    assert response.json["boolean"] is True


def test_from_sets_the_default_graph(client):
    """A query's own FROM replaces the union default graph (SPARQL 1.1 Query §13.2)."""
    count = "SELECT (COUNT(*) AS ?n) {from_clause} WHERE {{ ?s ?p ?o }}"

    def n(from_clause: str) -> int:
        response = client.get("/sparql", query_string={"query": count.format(
            from_clause=from_clause)})
        return int(response.json["results"]["bindings"][0]["n"]["value"])

    union, reference = n(""), n(f"FROM <{GRAPH}reference>")
    assert 0 < reference < union
    assert n("FROM <urn:x-none>") == 0
    assert n(f"FROM <{GRAPH}reference> FROM <{GRAPH}ontology>") == reference + n(
        f"FROM <{GRAPH}ontology>")
    assert n(f"FROM NAMED <{GRAPH}reference>") == 0  # no FROM: an empty default graph
    assert n("# FROM <urn:x-none> is a comment\n") == union


# -- service description -----------------------------------------------------------------


@pytest.mark.parametrize("accept,fmt", [("text/turtle", "turtle"),
                                        ("application/rdf+xml", "xml"),
                                        ("application/ld+json", "json-ld")])
def test_service_description(client, accept, fmt):
    response = client.get("/sparql", headers={"Accept": accept})
    assert response.status_code == 200 and ctype(response) == accept
    graph = rdflib.Graph().parse(data=response.data, format=fmt, publicID="http://localhost/sparql")
    sd = rdflib.Namespace("http://www.w3.org/ns/sparql-service-description#")
    service = graph.value(predicate=rdflib.RDF.type, object=sd.Service)
    assert str(graph.value(service, sd.endpoint)) == "http://localhost/sparql"
    names = {str(n) for n in graph.objects(None, sd.name)}
    assert GRAPH + "porvoo-2018" in names


# -- refusals ------------------------------------------------------------------------


@pytest.mark.parametrize("request_kwargs,status", [
    ({"method": "PUT", "query_string": {"query": "ASK {}"}}, 405),
    ({"method": "POST", "data": b"ASK {}", "content_type": "text/plain"}, 415),
    ({"method": "POST", "data": b"query=ASK%20%7B%7D"}, 415),
    ({"method": "POST", "data": "ASK {}".encode("utf-16"),
      "content_type": "application/sparql-query; charset=UTF-16"}, 415),
    ({"method": "POST", "data": b"ASK {\xff}", "content_type": "application/sparql-query"}, 400),
    ({"method": "GET", "query_string": [("query", "ASK {}"), ("query", "ASK {}")]}, 400),
    ({"method": "POST", "data": {"default-graph-uri": "urn:x"}}, 400),
    ({"method": "POST", "data": {"query": "ASK {}", "update": "CLEAR ALL"}}, 400),
])
def test_bad_requests(client, request_kwargs, status):
    response = client.open("/sparql", **request_kwargs)
    assert response.status_code == status
    assert response.json["error"]["message"]


def test_syntax_error_has_position(client):
    response = client.get("/sparql", query_string={"query": "SELECT * WHERE { ?s ?p "})
    assert response.status_code == 400
    error = response.json["error"]
    assert error["code"] == "query-syntax-error"
    assert error["where"] == "query line 1, column 24"
    assert "error at 1:24" in error["message"]


@pytest.mark.parametrize("kwargs", [
    {"data": {"update": "CLEAR ALL"}},
    {"data": b"CLEAR ALL", "content_type": "application/sparql-update"},
])
def test_updates_refused_without_token(client, kwargs):
    response = client.post("/sparql", **kwargs)
    assert response.status_code == 403
    assert response.json["error"]["code"] == "forbidden"


def test_update_via_get_refused(client):
    response = client.get("/sparql", query_string={"update": "CLEAR ALL"})
    assert response.status_code == 400


def test_updates_with_admin_token(app_factory, fresh_fixture_dir):
    client = app_factory(fresh_fixture_dir, admin_token="s3cret").test_client()
    update = "INSERT DATA { GRAPH <urn:g> { <urn:a> <urn:b> \"c\" } }"
    wrong = client.post("/sparql", data={"update": update},
                        headers={"Authorization": "Bearer nope"})
    assert wrong.status_code == 403
    right = client.post("/sparql", data={"update": update},
                        headers={"Authorization": "Bearer s3cret"})
    assert right.status_code == 204
    ask = client.get("/sparql", query_string={"query": "ASK { <urn:a> <urn:b> \"c\" }"})
    assert ask.json["boolean"] is True
    sd = client.get("/sparql", headers={"Accept": "text/turtle"})
    assert b"SPARQL11Update" in sd.data


def test_every_update_attempt_is_logged_without_the_token(app_factory, fresh_fixture_dir,
                                                         caplog):
    client = app_factory(fresh_fixture_dir, admin_token="s3cret").test_client()
    update = "INSERT DATA { GRAPH <urn:g> { <urn:a> <urn:b> \"d\" } }"
    caplog.set_level(logging.INFO, logger="lapekg.admin")
    for authorization in ("Bearer nope", "Bearer s\u00e4cret", "Basic s3cret", None,
                          "Bearer s3cret"):
        headers = {"Authorization": authorization} if authorization else {}
        response = client.post("/sparql", data={"update": update},
                               headers={**headers, "X-Request-Id": "req-1"})
        assert response.status_code == (204 if authorization == "Bearer s3cret" else 403)
    lines = [json.loads(r.getMessage()) for r in caplog.records if r.name == "lapekg.admin"]
    assert [line["update"] for line in lines] == ["refused"] * 4 + ["applied"]
    assert {line["reason"] for line in lines[:4]} == {"bad token"}
    assert all(line["request"] == "req-1" and line["chars"] == len(update) for line in lines)
    assert lines[-1]["sha256"] == hashlib.sha256(update.encode()).hexdigest()
    assert "s3cret" not in caplog.text


def test_updates_are_off_by_default_and_refusals_logged(client, caplog):
    caplog.set_level(logging.INFO, logger="lapekg.admin")
    response = client.post("/sparql", data={"update": "CLEAR ALL"},
                           headers={"Authorization": "Bearer anything"})
    assert response.status_code == 403
    assert "read-only" in response.json["error"]["message"]
    [record] = [r for r in caplog.records if r.name == "lapekg.admin"]
    assert json.loads(record.getMessage())["reason"] == "read-only"


# -- limits and headers ------------------------------------------------------------------


def test_row_cap_says_truncated(app_factory, fixture_dir):
    client = app_factory(fixture_dir, max_rows=5).test_client()
    cut = client.get("/sparql", query_string={"query": "SELECT * { ?s ?p ?o }"},
                     headers={"Accept": "text/csv"})
    assert cut.headers["X-Result-Truncated"] == "true"
    assert cut.headers["X-Result-Row-Limit"] == "5"
    assert cut.get_data(as_text=True).count("\r\n") == 6  # header + 5 rows
    graph = client.get("/sparql", query_string={"query": ALL},
                       headers={"Accept": "application/n-triples"})
    assert graph.headers["X-Result-Truncated"] == "true"
    assert len(graph.data.strip().splitlines()) == 5
    whole = client.get("/sparql", query_string={"query": MUNICIPALITIES})
    assert "X-Result-Truncated" not in whole.headers


def test_body_limit(app_factory, fixture_dir):
    client = app_factory(fixture_dir, max_body=1000).test_client()
    response = client.post("/sparql", data={"query": "ASK {}" + " " * 2000})
    assert response.status_code == 413
    assert response.json["error"]["code"] == "payload-too-large"


def test_security_and_cors_headers(client):
    response = client.get("/sparql", query_string={"query": "ASK {}"},
                          headers={"Origin": "https://example.org"})
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert "script-src 'self'" in response.headers["Content-Security-Policy"]
    assert response.headers["Access-Control-Allow-Origin"] == "*"
    assert "X-Result-Truncated" in response.headers["Access-Control-Expose-Headers"]
    preflight = client.options("/sparql", headers={
        "Origin": "https://example.org", "Access-Control-Request-Method": "POST",
        "Access-Control-Request-Headers": "content-type"})
    assert preflight.status_code == 200
    assert "content-type" in preflight.headers["Access-Control-Allow-Headers"].lower()
    assert "POST" in preflight.headers["Access-Control-Allow-Methods"]


def test_browser_without_query_gets_the_editor(client):
    browser = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"
    response = client.get("/sparql", headers={"Accept": browser})
    assert response.headers["Vary"] == "Accept"
    assert response.headers["Content-Type"].startswith("text/html")
    for accept in (None, "*/*", "application/rdf+xml"):
        plain = client.get("/sparql", headers={"Accept": accept} if accept else {})
        assert not plain.headers["Content-Type"].startswith("text/html")
