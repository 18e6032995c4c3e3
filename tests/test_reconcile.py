"""/reconcile: the W3C Entity Reconciliation Service API (0.2) with the requests OpenRefine
sends (a form-encoded `queries` JSON object, by POST and GET), against a live server."""

from __future__ import annotations

import json

import pytest
import requests

ID = "https://w3id.org/lapekg/id/"
MUNICIPALITY = "https://w3id.org/lapekg/ontology#Municipality"
ORGANISATION = "http://www.w3.org/ns/org#Organization"
PRACTICE = "https://w3id.org/lapekg/ontology#Practice"
PERSON = "https://w3id.org/lapekg/ontology#Person"


def reconcile(server, queries: dict, method: str = "POST") -> dict:
    payload = {"queries": json.dumps(queries)}
    if method == "POST":  # OpenRefine: application/x-www-form-urlencoded
        answer = requests.post(f"{server.url}/reconcile", data=payload, timeout=60)
    else:
        answer = requests.get(f"{server.url}/reconcile", params=payload, timeout=60)
    assert answer.status_code == 200, answer.text[:300]
    assert answer.headers["Content-Type"].startswith("application/json")
    return answer.json()


def best(result: dict) -> dict:
    assert result["result"], result
    return result["result"][0]


def test_the_manifest_describes_the_service(live_server):
    answer = requests.get(f"{live_server.url}/reconcile", timeout=30)
    assert answer.status_code == 200
    manifest = answer.json()
    assert "0.2" in manifest["versions"]
    assert manifest["identifierSpace"] == ID
    assert manifest["schemaSpace"] == "https://w3id.org/lapekg/ontology#"
    assert {t["id"] for t in manifest["defaultTypes"]} == \
        {MUNICIPALITY, ORGANISATION, PRACTICE, PERSON}
    assert manifest["view"]["url"] == "{{id}}"
    assert answer.headers["Access-Control-Allow-Origin"] == "*"


@pytest.mark.parametrize("text,expected", [
    ("Porvoo", "municipality/638"),
    ("Porvoossa", "municipality/638"),       # inessive
    ("Borgå", "municipality/638"),           # Swedish
    ("Raaseporissa", "municipality/710"),
    ("Raseborg", "municipality/710"),
    ("Hangö", "municipality/078"),
    ("Lohjan kaupunki", "municipality/444"),  # "the city of Lohja"
    ("Borgå stad", "municipality/638"),
    ("Lohja", "municipality/444"),
])
def test_municipality_names_in_any_form(live_server, text, expected):
    answers = reconcile(live_server, {"q0": {"query": text, "type": MUNICIPALITY}})
    top = best(answers["q0"])
    assert top["id"] == ID + expected
    assert top["match"] is True and top["score"] > 80
    assert {"id": MUNICIPALITY, "name": "Municipality (kunta)"} in top["type"]


def test_a_batch_of_every_type_as_openrefine_sends_it(live_server, built_store):
    person = built_store.select(
        "SELECT ?p ?name WHERE { ?p a <https://w3id.org/lapekg/ontology#Person> ; "
        "<http://xmlns.com/foaf/0.1/name> ?name } ORDER BY ?p LIMIT 1")[0]
    queries = {
        "q0": {"query": "Kymsote", "type": ORGANISATION, "limit": 3},
        "q1": {"query": "vanhemmuusvalmennusta", "type": PRACTICE, "limit": 2},
        "q2": {"query": person["name"].value, "type": PERSON},
        "q3": {"query": "Hanko", "properties": [{"pid": "lape:municipalityCode", "v": "078"}]},
    }
    for method in ("POST", "GET"):
        answers = reconcile(live_server, queries, method)
        assert set(answers) == set(queries)
        assert best(answers["q0"])["id"] == ID + "organisation/kymsote"
        assert len(answers["q1"]["result"]) <= 2
        assert best(answers["q1"])["id"] == ID + "practice/vanhemmuusvalmennus"
        assert best(answers["q2"])["id"] == person["p"].value
        assert [c["id"] for c in answers["q3"]["result"]] == [ID + "municipality/078"]


def test_a_type_keeps_other_kinds_out_and_ambiguity_is_no_match(live_server):
    answers = reconcile(live_server, {"q0": {"query": "Porvoo", "type": PRACTICE},
                                      "q1": {"query": "lapsivaikutusten"}})
    assert all("/practice/" in c["id"] for c in answers["q0"]["result"])
    # Many labels start with "lapsivaikutusten": candidates, none accepted automatically.
    assert answers["q1"]["result"] and not any(c["match"] for c in answers["q1"]["result"])


def test_a_property_that_disagrees_removes_the_candidate(live_server):
    answers = reconcile(live_server, {"q0": {
        "query": "Porvoo", "properties": [{"pid": "lape:municipalityCode", "v": "078"}]}})
    assert answers["q0"]["result"] == []


@pytest.mark.parametrize("queries,where", [
    ("{not json", "parameter queries"),
    ('["Porvoo"]', "parameter queries"),
    ('{"q0": {"query": ""}}', "parameter queries, q0"),
    ('{"q0": {"query": "Porvoo", "type": "https://example.org/Thing"}}', "parameter queries, q0"),
    ('{"q0": {"query": "Porvoo", "limit": 0}}', "parameter queries, q0"),
    ('{"q0": {"query": "Porvoo", "properties": [{"pid": "P17", "v": "x"}]}}',
     "parameter queries, q0"),
])
def test_bad_requests_say_what_and_where(live_server, queries, where):
    answer = requests.post(f"{live_server.url}/reconcile", data={"queries": queries}, timeout=30)
    assert answer.status_code == 400
    error = answer.json()["error"]
    assert error["code"] == "bad-parameter" and error["where"] == where


def test_a_post_without_queries_is_refused(live_server):
    answer = requests.post(f"{live_server.url}/reconcile", data={}, timeout=30)
    assert answer.status_code == 400 and answer.json()["error"]["where"] == "parameter queries"
