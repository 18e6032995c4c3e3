"""lapekg.client against a live server on loopback: typed DataFrames from named queries
and from ad-hoc SPARQL (through SPARQLWrapper), the service's errors as ClientError, and
the example in docs/examples/client.py run as a researcher would run it."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from lapekg.client import Client, ClientError

EXAMPLE = Path(__file__).resolve().parents[1] / "docs" / "examples" / "client.py"


@pytest.fixture(scope="module")
def kg(live_server) -> Client:
    return Client(live_server.url)


def test_a_named_query_becomes_a_typed_frame(kg, built_store):
    table = kg.named("practices-adopted-widely", minAdopters=3)
    assert str(table["adopters"].dtype) == "Int64"
    assert str(table["firstYear"].dtype) == "Int64"
    assert str(table["practiceName"].dtype) == "string"
    assert (table["adopters"] >= 3).all() and table["adopters"].is_monotonic_decreasing
    # The same answer as the store gives directly.
    direct = built_store.select(
        "PREFIX lape: <https://w3id.org/lapekg/ontology#> "
        "SELECT ?p (COUNT(DISTINCT ?to) AS ?n) WHERE { ?a a lape:Adoption ; "
        "lape:adoptedPractice ?p ; lape:adoptedBy ?to ; lape:isInferred ?i . "
        "?p <http://www.w3.org/2000/01/rdf-schema#label> ?l . ?to "
        "<http://www.w3.org/2000/01/rdf-schema#label> ?m . FILTER(LANG(?l) = 'fi' "
        "&& LANG(?m) = 'fi') } GROUP BY ?p HAVING (COUNT(DISTINCT ?to) >= 3)")
    assert dict(zip(table["practice"], table["adopters"], strict=True)) == \
        {row["p"].value: int(row["n"].value) for row in direct}
    assert table.attrs["query"] == "practices-adopted-widely"
    # The bindings as the service echoed them: the typed term it ran the query with.
    assert table.attrs["bindings"] == {
        "minAdopters": '"3"^^<http://www.w3.org/2001/XMLSchema#integer>'}
    assert table.attrs["truncated"] is False


def test_unbound_values_are_missing_and_booleans_typed(kg):
    table = kg.named("practice-spread")
    assert str(table["isInferred"].dtype) == "boolean"
    assert table["when"].isna().any() and table["when"].notna().any()
    assert table["lagYears"].dtype == "Int64"


def test_ad_hoc_sparql_goes_through_the_protocol(kg, built_store):
    query = ("PREFIX lape: <https://w3id.org/lapekg/ontology#> "
             "PREFIX xsd: <http://www.w3.org/2001/XMLSchema#> "
             "SELECT ?code ?half WHERE { ?m lape:municipalityCode ?code "
             "BIND(xsd:decimal(?code) / 2 AS ?half) } ORDER BY ?code")
    table = kg.sparql(query)
    assert list(table.columns) == ["code", "half"]
    assert str(table["code"].dtype) == "string" and str(table["half"].dtype) == "Float64"
    assert table["code"].tolist() == [row["code"].value for row in built_store.select(query)]
    assert (table["half"] * 2 == table["code"].astype(float)).all()
    asked = kg.sparql("ASK { ?s ?p ?o }")
    assert bool(asked["boolean"].iloc[0]) is True


def test_errors_come_back_in_the_service_shape(kg):
    with pytest.raises(ClientError) as bad:
        kg.named("practices-adopted-widely", minAdopters="many")
    assert bad.value.status == 400 and bad.value.code == "bad-parameter"
    assert bad.value.where == "parameter minAdopters"
    with pytest.raises(ClientError) as missing:
        kg.named("no-such-query")
    assert missing.value.status == 404
    with pytest.raises(ClientError) as syntax:
        kg.sparql("SELECT ?s WHERE { ?s ")
    assert syntax.value.status == 400 and syntax.value.code == "query-syntax-error"
    assert "line" in (syntax.value.where or "")


def test_the_catalogue_lists_every_named_query(kg, settings):
    catalogue = kg.queries()
    shipped = {path.stem for path in (settings.root / "queries").glob("*.rq")}
    assert set(catalogue["name"]) == shipped
    assert isinstance(catalogue, pd.DataFrame)


def test_the_documented_example_runs(live_server):
    run = subprocess.run([sys.executable, str(EXAMPLE)], capture_output=True, text=True,
                         timeout=120, env={**os.environ, "LAPEKG_URL": live_server.url})
    assert run.returncode == 0, run.stderr[-2000:]
    out = run.stdout
    assert "named queries" in out and "Lapsivaikutusten arviointi" in out
    assert "column types: {'adopters': 'Int64', 'firstYear': 'Int64'}" in out
    assert "refused: bad-parameter at parameter minAdopters" in out
    assert "False" in out and "True" in out  # the stated / inferred split
