"""Caching per data release (lapekg.web.caching), over real HTTP on loopback.

Pages, entity data, views, search and named queries carry a weak ETag naming the release;
``If-None-Match`` with it gives 304 before any query runs; a new release (a build switching
``build/release``) or an applied update changes it, and the counts kept per release follow.
"""

from __future__ import annotations

import re
import time
from pathlib import Path

import pytest
import requests
from conftest import FIXTURE_TRIG

from lapekg.store.publish import publish

CACHED = ["/", "/browse", "/page/municipality/638", "/dataset", "/views/roadmaps.json",
          "/api/queries/lape-uusimaa-municipalities", "/search?q=porvoo", "/graph/reference"]


@pytest.fixture()
def server(fresh_fixture_dir: Path, live_server_factory):
    return live_server_factory(fresh_fixture_dir, admin_token="s3cret")


def _get(server, path: str, **headers: str) -> requests.Response:
    return requests.get(server.url + path, headers=headers, timeout=30)


@pytest.mark.parametrize("path", CACHED)
def test_answers_carry_a_validator_and_revalidate_to_304(server, path: str) -> None:
    first = _get(server, path, Accept="application/json" if "api" in path else "*/*")
    assert first.status_code == 200, first.text[:200]
    tag = first.headers["ETag"]
    assert tag.startswith('W/"') and first.headers["Cache-Control"] == "no-cache"
    again = _get(server, path, Accept="application/json" if "api" in path else "*/*",
                 **{"If-None-Match": tag})
    assert again.status_code == 304 and again.content == b""
    assert again.headers["ETag"] == tag


def test_the_tag_follows_what_the_answer_varies_on(server) -> None:
    turtle = _get(server, "/data/municipality/638", Accept="text/turtle")
    jsonld = _get(server, "/data/municipality/638", Accept="application/ld+json")
    assert turtle.headers["ETag"] != jsonld.headers["ETag"]
    english = _get(server, "/page/municipality/638?lang=en")
    finnish = _get(server, "/page/municipality/638")
    assert english.headers["ETag"] != finnish.headers["ETag"]
    stale = _get(server, "/page/municipality/638", **{"If-None-Match": english.headers["ETag"]})
    assert stale.status_code == 200


@pytest.mark.parametrize("path", ["/sparql?query=ASK%7B%7D", "/healthz",
                                  "/api/queries/municipalities-in-wikidata"])
def test_live_answers_get_no_validator(server, path: str) -> None:
    response = _get(server, path, Accept="application/json")
    assert "ETag" not in response.headers


def _triples_on_home(server) -> int:
    page = _get(server, "/?lang=en").text
    return int(re.search(r"([\d,\u00a0 ]+) triples", page)[1].replace(",", "")
               .replace("\u00a0", "").replace(" ", ""))


def test_a_new_release_changes_the_tag_and_the_counts(server, fresh_fixture_dir: Path,
                                                      tmp_path: Path) -> None:
    before = _get(server, "/")
    count = _triples_on_home(server)
    assert "Testikunta" not in _get(server, "/browse/municipalities").text
    bigger = tmp_path / "bigger.trig"
    municipality = "<https://w3id.org/lapekg/id/municipality/999>"
    bigger.write_text(FIXTURE_TRIG.read_text(encoding="utf-8")
                      + f"\n<urn:x:graph> {{ {municipality} a "
                      "<https://w3id.org/lapekg/ontology#Municipality> ; "
                      "<http://www.w3.org/2000/01/rdf-schema#label> \"Testikunta\"@fi . }\n",
                      encoding="utf-8")
    publish(bigger, fresh_fixture_dir)
    time.sleep(1.2)  # the pool looks at the store symlink at most once a second
    after = _get(server, "/", **{"If-None-Match": before.headers["ETag"]})
    assert after.status_code == 200
    assert after.headers["ETag"] != before.headers["ETag"]
    assert _triples_on_home(server) == count + 2
    # the class index is sorted once per release: the new release lists the newcomer
    assert "Testikunta" in _get(server, "/browse/municipalities").text


def test_an_update_changes_the_tag(server) -> None:
    before = _get(server, "/")
    count = _triples_on_home(server)
    done = requests.post(server.url + "/sparql", timeout=30,
                         data={"update": "INSERT DATA { GRAPH <urn:g> { <urn:a> <urn:b> 1 } }"},
                         headers={"Authorization": "Bearer s3cret"})
    assert done.status_code == 204
    after = _get(server, "/", **{"If-None-Match": before.headers["ETag"]})
    assert after.status_code == 200 and after.headers["ETag"] != before.headers["ETag"]
    assert _triples_on_home(server) == count + 1
