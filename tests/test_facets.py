"""Faceted browsing of practices, measures, people and groups on the built graph: counts
are right and never lead to an empty result, selections combine, the URL is the state,
the twins hold the list, the SPARQL shown is the SPARQL run; and in Chromium a click on a
facet value narrows the list."""

from __future__ import annotations

import json
import re
import urllib.error
import urllib.request
from urllib.parse import urlencode

import pytest

BASE = "https://w3id.org/lapekg/id/"
VOCAB = "https://w3id.org/lapekg/vocab/"
PEKE = VOCAB + "development-area/peke"


@pytest.fixture(scope="module")
def server(live_server):
    return live_server


def get(server, path: str, **params) -> tuple[int, str]:
    url = server.url + path + ("?" + urlencode(params) if params else "")
    try:
        with urllib.request.urlopen(url, timeout=60) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()


def twin(server, slug: str, **params) -> dict:
    status, body = get(server, f"/views/browse/{slug}.json", **params)
    assert status == 200, body
    return json.loads(body)


def practices_with(built_store, where: str) -> set[str]:
    rows = built_store.select("PREFIX lape: <https://w3id.org/lapekg/ontology#> "
                              f"SELECT DISTINCT ?e WHERE {{ ?e a lape:Practice . {where} }}")
    return {row["e"].value for row in rows}


def test_a_facet_value_selects_exactly_its_entities(server, built_store):
    chosen = twin(server, "practices", area=PEKE)
    assert {item["e"] for item in chosen["items"]} == practices_with(
        built_store, f"?e lape:developmentArea <{PEKE}>")
    both = twin(server, "practices", area=PEKE, municipality=BASE + "municipality/638")
    assert 0 < both["total"] < chosen["total"]


@pytest.mark.parametrize("slug", ["practices", "measures", "people", "groups"])
def test_every_offered_count_is_what_choosing_it_gives(server, slug):
    first = twin(server, slug)
    assert first["total"] > 0 and all(facet["values"] for facet in first["facets"][:2])
    for facet in first["facets"]:
        for value in facet["values"][:3]:
            narrowed = twin(server, slug, **{facet["key"]: value["iri"]})
            assert narrowed["total"] == value["count"] > 0, (facet["key"], value)


def test_counts_follow_the_other_selections_and_never_empty(server):
    narrowed = twin(server, "practices", area=PEKE)
    for facet in narrowed["facets"]:
        if facet["key"] == "area":
            # its own counts ignore its own choice: the other areas stay offered
            assert len(facet["values"]) > 1
            continue
        for value in facet["values"][:3]:
            combined = twin(server, "practices", area=PEKE, **{facet["key"]: value["iri"]})
            assert combined["total"] == value["count"] > 0


def test_the_sparql_shown_is_the_sparql_run(server, built_store):
    body = twin(server, "measures", rowkind=VOCAB + "measure-row-kind/blank")
    rows = built_store.select("PREFIX lape: <https://w3id.org/lapekg/ontology#> "
                              "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#> "
                              "PREFIX foaf: <http://xmlns.com/foaf/0.1/> " + body["sparql"])
    assert [row["e"].value for row in rows] == [item["e"] for item in body["items"]]
    assert body["total"] == 6
    status, html = get(server, "/views/browse/measures", rowkind=VOCAB + "measure-row-kind/blank")
    link = re.search(r'<a class="sparql" href="(/editor\?query=[^"]+)"', html)[1]
    status, editor = get(server, link.replace("&amp;", "&"))
    assert status == 200 and "measure-row-kind/blank" in editor


@pytest.mark.parametrize("path, params", [
    ("/views/browse/practices", {"colour": "red"}),
    ("/views/browse/practices", {"area": "not an iri"}),
    ("/views/browse/practices", {"page": "0"}),
])
def test_bad_selections_are_400(server, path, params):
    assert get(server, path, **params)[0] == 400


def test_an_unknown_browse_is_404(server):
    assert get(server, "/views/browse/unicorns")[0] == 404


def test_the_csv_twin_is_the_list(server):
    status, body = get(server, "/views/browse/people.csv")
    lines = body.strip().splitlines()
    assert status == 200 and lines[0] == "e,label"
    assert len(lines) - 1 == twin(server, "people")["total"]


def test_in_chromium_a_facet_value_narrows_the_list(page, server):
    page.goto(server.url + "/views/browse/practices?lang=en")
    before = page.locator("h1 small").inner_text()
    value = page.locator('section.facet[data-facet="area"] a[data-value]').first
    expected = int(value.get_attribute("data-count"))
    value.click()
    page.wait_for_url(re.compile(r"area="))
    assert page.locator("h1 small").inner_text() == f"({expected})" != before
    assert page.locator('section.facet[data-facet="area"] li.chosen').count() == 1
    page.get_by_role("link", name=re.compile("remove this filter")).first.click()
    page.wait_for_url(re.compile(r"/views/browse/practices\?lang=en$"))
    assert page.outside_requests == [] and page.errors == []
