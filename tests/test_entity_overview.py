"""The researcher's overview on entity pages, over HTTP on the built graph and in
Chromium: an actor's page groups what it does with counts that match the graph and a
small map; a practice's page shows its origin and its adoptions as a timeline; evidence
reads without the source's markup."""

from __future__ import annotations

import json
import re
import urllib.request

import pytest

BASE = "https://w3id.org/lapekg/id/"
LAPE = "PREFIX lape: <https://w3id.org/lapekg/ontology#> PREFIX org: <http://www.w3.org/ns/org#> "


@pytest.fixture(scope="module")
def server(live_server):
    return live_server


def fetch(server, path: str) -> str:
    with urllib.request.urlopen(server.url + path, timeout=60) as response:
        return response.read().decode()


def count(built_store, where: str) -> int:
    return int(built_store.select(LAPE + f"SELECT (COUNT(DISTINCT ?x) AS ?n) WHERE {{ {where} }}")
               [0]["n"].value)


def sections(html: str) -> dict[str, int]:
    return {key: int(n) for key, n in re.findall(
        r'class="overview-section" data-section="([a-z-]+)" data-count="(\d+)"', html)}


def test_a_municipality_page_groups_what_it_does(server, built_store):
    html = fetch(server, "/page/municipality/638")
    found = sections(html)
    porvoo = f"<{BASE}municipality/638>"
    assert found["owns"] == count(built_store, f"?x a lape:Practice ; lape:owner {porvoo}")
    assert found["adopts"] == count(built_store, f"?x a lape:Adoption ; lape:adoptedBy {porvoo}")
    assert found["offers"] == count(built_store,
                                    f"?x a lape:Adoption ; lape:adoptedFrom {porvoo}")
    assert found["roadmap"] == count(built_store, f"?x a lape:RoadmapTarget ; lape:area {porvoo}")
    assert found["people"] == count(built_store, f"?x a org:Membership ; lape:represents {porvoo}")
    assert "measures" not in found  # Porvoo has no welfare-plan table: no empty section
    island = re.search(r'<script type="application/json" id="diffusion-data">(.*?)</script>',
                       html, re.S)[1]
    assert list(json.loads(island)["places"]) == [f"{BASE}municipality/638"]


def test_a_plan_actor_has_its_measures_by_main_goal(server):
    html = fetch(server, "/page/municipality/075")  # Hamina, an actor of the Kymenlaakso plan
    assert sections(html)["measures"] == 16
    block = html[html.index('data-section="measures"'):]
    assert [g for g in re.findall(r"<dt>([IV]+) <small>", block)][:3] == ["I", "II", "III"]


def test_a_practice_page_has_origin_and_a_timeline(server):
    html = fetch(server, "/page/practice/vanhemmuusvalmennus?lang=en")
    timeline = html[html.index('id="adoption-timeline"'):]
    entries = re.findall(r'<li data-adoption="([^"]+)"><span class="when">([^<]+)</span>',
                         timeline)
    with urllib.request.urlopen(server.url + "/api/queries/practice-spread?practice="
                                + BASE + "practice/vanhemmuusvalmennus", timeout=60) as r:
        spread = json.loads(r.read())["results"]["bindings"]
    assert sorted(a for a, _ in entries) == sorted(b["adoption"]["value"] for b in spread)
    assert entries[0][1] == "2018"  # dated first
    assert "undated" in [when for _, when in entries]
    assert "First dated adoption" in html and ">Uusimaa</a>, 2018" in html
    origin = html[html.index("Origin and responsibility"):html.index('id="adoption-timeline"')]
    assert ">Porvoo</a>" in origin and "Local version" in origin


@pytest.mark.parametrize("path", ["/page/goal/kymenlaakso-2020.i.1",
                                  "/page/vocab/adoption-kind/adopted"])
def test_other_entities_have_no_overview(server, path):
    assert 'id="overview"' not in fetch(server, path)


def test_evidence_reads_without_the_sources_markup(server, built_store):
    rows = built_store.select(LAPE + "SELECT ?x ?q WHERE { ?x a lape:Measure ; lape:evidence ?e . "
                              "?e lape:quote ?q FILTER(CONTAINS(?q, '<i>')) } LIMIT 1")
    entity, quote = rows[0]["x"].value, rows[0]["q"].value
    html = fetch(server, "/page/" + entity.removeprefix(BASE))
    quotes = re.findall(r"<blockquote>(.*?)</blockquote>", html, re.S)
    assert quotes and not any("&lt;i&gt;" in q or "\t" in q for q in quotes)
    shown = re.sub(r"<[^>]+>", " ", quote).split("\t")[1].strip()
    assert any(shown in q for q in quotes)


def test_in_chromium_the_overview_map_draws_the_municipality(page, server):
    page.goto(server.url + "/page/municipality/638?lang=en")
    page.locator("#diffusion-map[data-ready=true]").wait_for()
    assert page.locator("#diffusion-map circle.place").count() == 1
    page.get_by_role("link", name="Roadmap targets").first.click()
    assert page.evaluate("location.hash") == "#ov-roadmap"
    assert page.outside_requests == [] and page.errors == []
