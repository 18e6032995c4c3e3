"""Federated named queries (issue 9, point 2) against real local stand-ins of the public
endpoints: Oxigraph servers holding extracts shaped like Wikidata's and Finto's data
(tests/federation_standins.py), configured in the public endpoints' place with
``LAPEKG_SERVICE_MIRRORS``. The queries are the shipped ones; the SERVICE calls are
real HTTP requests made by the embedded engine.
"""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
import requests
from federation_standins import FINTO, WIKIDATA

from lapekg.config import load_config
from lapekg.errors import ParameterError, TargetRefused
from lapekg.federation import TargetPolicy, replace_service_iris

REFERENCE = Path(__file__).resolve().parents[1] / "data" / "reference"
ID = "https://w3id.org/lapekg/id/"


def reference(name: str) -> list[dict[str, str]]:
    with (REFERENCE / name).open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


@pytest.fixture(scope="module")
def served(built_dir, standins, live_server_factory):
    return live_server_factory(built_dir, **standins.settings())


def api(server, name: str, **params: str) -> list[dict[str, str]]:
    answer = requests.get(f"{server.url}/api/queries/{name}", params=params,
                          headers={"Accept": "application/sparql-results+json"}, timeout=60)
    assert answer.status_code == 200, answer.text[:500]
    return [{k: v["value"] for k, v in row.items()}
            for row in answer.json()["results"]["bindings"]]


def municipality_codes(store) -> set[str]:
    return {row["c"].value for row in store.select(
        "SELECT ?c WHERE { ?m <https://w3id.org/lapekg/ontology#municipalityCode> ?c }")}


def test_municipalities_join_wikidata_through_the_official_code(served, built_store):
    rows = api(served, "municipalities-in-wikidata")
    # The stand-in knows every verified municipality of the reference data, the graph
    # those the documents name (not Helsinki, Espoo, Kauniainen): the join keeps these.
    ours = municipality_codes(built_store)
    expected = {row["statfi_municipality_code"]: row for row in reference("municipalities.csv")
                if row["wikidata_status"] == "VERIFIED" and row["code_status"] == "VERIFIED"
                and row["statfi_municipality_code"] in ours}
    got = {row["code"]: row for row in rows}
    assert set(got) == set(expected) == ours and len(rows) == len(ours) == 25
    for code, row in got.items():
        assert row["municipality"] == f"{ID}municipality/{code}"
        assert row["item"] == f"http://www.wikidata.org/entity/{expected[code]['wikidata_qid']}"
        assert row["wikidataName"] == expected[code]["name_fi"] == row["name"]
        # The item found through P1203 is the one the graph names with owl:sameAs.
        assert row["linked"] == "true"


def test_the_wikidata_join_narrows_to_a_region(served, built_store):
    rows = api(served, "municipalities-in-wikidata", region="id:region/08")
    expected = {row["statfi_municipality_code"] for row in reference("municipalities.csv")
                if row["region_code"] == "08"} & municipality_codes(built_store)
    assert {row["code"] for row in rows} == expected and expected


def test_practice_subjects_get_yso_labels_from_finto(served, built_store):
    rows = api(served, "practice-subjects-in-yso")
    labels = {row["yso_uri"]: row for row in reference("yso-concepts.csv")
              if row["status"] == "VERIFIED"}
    subjects = {(str(r["p"]), str(r["c"])) for r in built_store.select(
        "SELECT ?p ?c WHERE { ?p a <https://w3id.org/lapekg/ontology#Practice> ; "
        "<http://purl.org/dc/terms/subject> ?c }")}
    assert {(f"<{r['practice']}>", f"<{r['concept']}>") for r in rows} == subjects
    for row in rows:
        concept = labels[row["concept"]]
        assert row["ysoFi"] == concept["prefLabel_fi"]
        assert row.get("ysoSv", "") == concept["prefLabel_sv"]
        assert row.get("ysoEn", "") == concept["prefLabel_en"]


def test_the_yso_join_narrows_to_a_concept(served):
    rows = api(served, "practice-subjects-in-yso", concept="http://www.yso.fi/onto/yso/p23383")
    assert rows and {row["concept"] for row in rows} == {"http://www.yso.fi/onto/yso/p23383"}
    assert {row["ysoSv"] for row in rows} == {"familjecentraler"}


def test_sparql_endpoint_federates_through_the_mirror_and_refuses_others(served):
    query = ("SELECT ?item WHERE { SERVICE <https://query.wikidata.org/sparql> { "
             '?item <http://www.wikidata.org/prop/direct/P1203> "638" } }')
    answer = requests.post(f"{served.url}/sparql", data={"query": query},
                           headers={"Accept": "application/sparql-results+json"}, timeout=60)
    assert answer.status_code == 200, answer.text[:300]
    assert [b["item"]["value"] for b in answer.json()["results"]["bindings"]] == \
        ["http://www.wikidata.org/entity/Q193367"]
    # The stand-in itself, named directly, is not on the allowlist: refused, with the list.
    direct = query.replace("https://query.wikidata.org/sparql", served.settings.service_mirrors[0]
                           .split("=", 1)[1])
    refused = requests.post(f"{served.url}/sparql", data={"query": direct},
                            headers={"Accept": "application/json"}, timeout=60)
    assert refused.status_code == 400
    assert "allowlist" in refused.text and WIKIDATA in refused.text and FINTO in refused.text


def test_an_unreachable_endpoint_is_a_502_naming_it(built_dir, live_server_factory):
    from remote_stores import free_port

    closed = f"http://127.0.0.1:{free_port()}/sparql"
    server = live_server_factory(built_dir, service_mirrors=f"{WIKIDATA}={closed}",
                                 allow_private_targets=True)
    answer = requests.get(f"{server.url}/api/queries/municipalities-in-wikidata",
                          headers={"Accept": "application/json"}, timeout=60)
    assert answer.status_code == 502, answer.text[:300]
    error = answer.json()["error"]
    assert error["code"] == "service-unavailable" and "SERVICE" in error["message"]
    assert "LAPEKG_SERVICE_MIRRORS" in error["hint"]


def test_a_prefixed_mirrored_endpoint_is_refused_not_sent_to_the_public_one(standins):
    policy = TargetPolicy.from_settings(load_config(standins.settings()))
    query = ("PREFIX wq: <https://query.wikidata.org/> "
             "SELECT * WHERE { SERVICE wq:sparql { ?s ?p ?o } }")
    with pytest.raises(TargetRefused, match="full IRI"):
        policy.check_query(query)


def test_only_service_iris_are_rewritten():
    text = ('SELECT * WHERE { BIND("SERVICE <https://query.wikidata.org/sparql>" AS ?s) '
            "# SERVICE <https://query.wikidata.org/sparql>\n"
            "SERVICE SILENT <https://query.wikidata.org/sparql> "
            "{ ?a ?b <https://query.wikidata.org/sparql> } }")
    mirror = {"https://query.wikidata.org/sparql": "http://127.0.0.1:9/q"}
    out, replaced = replace_service_iris(text, mirror.get)
    assert replaced == 1
    assert out.count("<http://127.0.0.1:9/q>") == 1
    assert "SERVICE SILENT <http://127.0.0.1:9/q>" in out
    assert out.count("https://query.wikidata.org/sparql") == 3


def test_a_mirror_must_replace_an_allowlisted_endpoint():
    with pytest.raises(ParameterError, match="not on the allowlist"):
        TargetPolicy.from_settings(load_config({
            "service_mirrors": "https://example.org/sparql=http://127.0.0.1:9/q",
            "allow_private_targets": True}))
    with pytest.raises(ParameterError, match="ENDPOINT=MIRROR"):
        TargetPolicy.from_settings(load_config({"service_mirrors": "https://x"}))
    # A loopback mirror needs the private-targets switch, like any loopback target.
    with pytest.raises(ParameterError, match="loopback or private"):
        TargetPolicy.from_settings(load_config({
            "service_mirrors": f"{WIKIDATA}=http://127.0.0.1:9/q"}))
