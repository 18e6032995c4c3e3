"""/search: every language's labels, case- and accent-insensitive, ranked, type filter."""

from __future__ import annotations

import pytest
from pages_site import BASE, XSS_LABEL

from lapekg.web.search import fold


def results(client, **params) -> list[dict]:
    response = client.get("/search", query_string={**params, "format": "json"})
    assert response.status_code == 200, response.get_data(as_text=True)
    return response.get_json()["results"]


def iris(client, **params) -> list[str]:
    return [hit["iri"].removeprefix(BASE + "id/") for hit in results(client, **params)]


def test_fold_ignores_case_accents_and_punctuation():
    assert fold("ÄÄNEKOSKI") == fold("aanekoski") == " aanekoski "
    assert fold("Hangö") == fold("HANGO")
    assert fold("Åbo-ryhmä") == " abo ryhma "
    assert fold("  Perhekeskus  \"Kotipesä\" ") == " perhekeskus kotipesa "


@pytest.mark.parametrize(("query", "expected"), [
    ("aanekoski", "municipality/992"),
    ("ÄÄNEKOSKI", "municipality/992"),
    ("hango", "municipality/078"),  # Swedish label, å/ä/ö folded
    ("borga", "municipality/638"),
    ("abo ryhma", "group/abo-ryhma"),
    ("Åbo-RYHMÄ", "group/abo-ryhma"),
    ("family centre", "practice/kotipesa"),  # English label
    ("henkilo 07", "person/henkilo-07"),  # foaf:name
])
def test_search_is_case_and_accent_insensitive_in_every_language(pages, query, expected):
    assert expected in iris(pages, q=query)


def test_results_are_ranked(pages):
    ranked = results(pages, q="perhekeskus", type="practices")
    order = [hit["iri"].removeprefix(BASE + "id/") for hit in ranked]
    # exact label, then label starting with the words, then an inner match
    assert order[:3] == ["practice/perhekeskus", "practice/kotipesa", "practice/lahiperhekeskus"]
    assert [hit["rank"] for hit in ranked[:3]] == [0, 1, 3]


def test_type_filter(pages):
    assert set(iris(pages, q="porvoo")) >= {"municipality/638"}
    assert iris(pages, q="perhekeskus", type="municipalities") == []
    assert iris(pages, q="borga", type="municipalities") == ["municipality/638"]
    assert pages.get("/search?q=x&type=nonsense").status_code == 400


def test_json_shape_and_negotiation(pages):
    response = pages.get("/search?q=hango", headers={"Accept": "application/json"})
    assert response.status_code == 200 and response.mimetype == "application/json"
    body = response.get_json()
    assert set(body) == {"query", "type", "page", "pageSize", "hasMore", "results"}
    hit = body["results"][0]
    assert hit == {"iri": BASE + "id/municipality/078", "label": "Hanko", "matched": "Hangö",
                   "rank": 0, "score": 1.0, "url": "/id/municipality/078",
                   "types": ["https://w3id.org/lapekg/ontology#Municipality"]}
    assert pages.get("/search?format=json").status_code == 400


def test_html_results_link_entities_in_the_chosen_language(pages):
    response = pages.get("/search?q=hango&lang=sv")
    text = response.get_data(as_text=True)
    assert response.status_code == 200 and response.mimetype == "text/html"
    assert '<a href="/id/municipality/078?lang=sv">Hangö</a>' in text
    assert 'value="hango"' in text


def test_pagination(pages):
    first = pages.get("/search?q=henkilo&format=json").get_json()
    second = pages.get("/search?q=henkilo&format=json&page=2").get_json()
    assert first["hasMore"] and len(first["results"]) == 20
    assert not {h["iri"] for h in first["results"]} & {h["iri"] for h in second["results"]}


@pytest.mark.parametrize("query", ['"}', "') } UNION { ?s ?p ?o", "\\", "<script>", "?s", "#"])
def test_hostile_queries_are_plain_text(pages, query):
    response = pages.get("/search", query_string={"q": query})
    assert response.status_code == 200
    text = response.get_data(as_text=True)
    assert "<script>" not in text.split("<main>", 1)[1]


def test_markup_labels_are_escaped_in_results(pages):
    text = pages.get("/search?q=paha").get_data(as_text=True)
    assert "<script>alert" not in text and "&lt;script&gt;" in text
    assert results(pages, q="paha")[0]["label"] == XSS_LABEL


# --- the real graph, over HTTP -----------------------------------------------------------

def live_results(server, **params) -> list[dict]:
    import json
    import urllib.request
    from urllib.parse import urlencode

    with urllib.request.urlopen(server.url + "/search?" + urlencode({**params, "format": "json"}),
                                timeout=60) as response:
        return json.loads(response.read())["results"]


@pytest.mark.parametrize(("query", "expected", "matched"), [
    ("vanhemmuusvalmennusta", "practice/vanhemmuusvalmennus", "Vanhemmuusvalmennus"),
    # a typo: the nearest of its labels (an alternative spelling of the source's)
    ("vanhemuusvalmennus", "practice/vanhemmuusvalmennus", "Vanhemmusvalmennus"),
    ("Porvoossa", "municipality/638", "Porvoo"),
    ("Lohjalla", "municipality/444", "Lohja"),
    ("Kymenlaaksossa", "region/08", "Kymenlaakso"),
    ("Raaseporissa", "municipality/710", "Raasepori"),
    ("Raseborg", "municipality/710", "Raseborg"),
])
def test_inflected_finnish_and_swedish_names_find_their_entity(live_server, query, expected,
                                                                matched):
    hits = live_results(live_server, q=query)
    assert hits, f"{query!r} finds nothing"
    assert hits[0]["iri"] == BASE + "id/" + expected, [h["iri"] for h in hits[:5]]
    assert hits[0]["matched"] == matched


def test_the_type_filter_and_relevance_on_the_real_graph(live_server):
    practices = live_results(live_server, q="perhekeskusta", type="practices")
    assert practices and all("Practice" in " ".join(h["types"]) for h in practices)
    assert practices[0]["rank"] <= practices[-1]["rank"]
    scores = [(h["rank"], -h["score"]) for h in practices]
    assert scores == sorted(scores)


def test_a_new_build_is_searched_without_restart(app_factory, fresh_fixture_dir, tmp_path):
    import time

    from lapekg.store.publish import publish

    client = app_factory(fresh_fixture_dir).test_client()
    assert client.get("/search?q=sateenkaarikoulu&format=json").get_json()["results"] == []
    dump = tmp_path / "new.trig"
    dump.write_text(f'<{BASE}graph/t> {{ <{BASE}id/practice/sateenkaari> '
                    '<http://www.w3.org/2000/01/rdf-schema#label> "Sateenkaarikoulu"@fi }\n',
                    encoding="utf-8")
    publish(dump, fresh_fixture_dir)
    time.sleep(1.1)  # the pool follows the store link at most once a second
    hits = client.get("/search?q=sateenkaarikoulussa&format=json").get_json()["results"]
    assert [h["iri"] for h in hits] == [f"{BASE}id/practice/sateenkaari"]
