"""The named-query API answers in pages: ``limit`` rows from ``offset``, a ``next`` link.

Against the built graph over real HTTP: the pages of a list-shaped query, walked through
their ``next`` links, are the unpaged answer, row for row and in order.
"""

from __future__ import annotations

import requests

QUERY = "/api/queries/person-memberships"


def _json(url: str, **params: str) -> requests.Response:
    return requests.get(url, params=params, headers={"Accept": "application/json"},
                        timeout=30)


def test_pages_walked_by_next_links_are_the_whole_answer(live_server) -> None:
    whole = _json(live_server.url + QUERY).json()
    rows = whole["results"]["bindings"]
    assert len(rows) > 25 and whole["query"]["page"] == {"limit": 1000, "offset": 0,
                                                         "next": None}
    paged, url, params, pages = [], live_server.url + QUERY, {"limit": "10"}, 0
    while url:
        response = _json(url, **params)
        assert response.status_code == 200
        body = response.json()
        assert len(body["results"]["bindings"]) <= 10
        paged += body["results"]["bindings"]
        url, params, pages = body["query"]["page"]["next"], {}, pages + 1
        assert body["query"]["truncated"] is bool(url)
        if url:
            assert f'<{url}>; rel="next"' in response.headers["Link"]
            assert response.headers["X-Result-Row-Limit"] == "10"
    assert paged == rows
    assert pages == -(-len(rows) // 10)


def test_offset_and_limit_in_csv(live_server) -> None:
    csv = requests.get(live_server.url + QUERY, params={"limit": "3", "offset": "2"},
                       headers={"Accept": "text/csv"}, timeout=30)
    whole = requests.get(live_server.url + QUERY, headers={"Accept": "text/csv"}, timeout=30)
    lines, all_lines = csv.text.splitlines(), whole.text.splitlines()
    assert lines == [all_lines[0], *all_lines[3:6]]
    assert 'rel="next"' in csv.headers["Link"] and "offset=5" in csv.headers["Link"]


def test_bad_page_parameters_are_400(live_server) -> None:
    for params in ({"limit": "0"}, {"limit": "x"}, {"offset": "-1"}, {"limit": "10001"}):
        response = _json(live_server.url + QUERY, **params)
        assert response.status_code == 400, params
        error = response.json()["error"]
        assert error["code"] == "bad-parameter" and error["where"].startswith("parameter ")
