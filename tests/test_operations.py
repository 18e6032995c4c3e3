"""Operations: /healthz and /readyz against a real store (and a missing one), a request
id on every response (kept when a proxy sends one), one JSON access-log line per request
with its duration."""

from __future__ import annotations

import json
import logging
import urllib.error
import urllib.request

import pytest


@pytest.fixture(scope="module")
def server(live_server):
    return live_server


def get(url: str, headers: dict[str, str] | None = None):
    request = urllib.request.Request(url, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, response.headers, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read()


def test_health_and_readiness_on_a_serving_store(server):
    status, _, body = get(server.url + "/healthz")
    assert status == 200 and json.loads(body) == {"status": "ok"}
    status, _, body = get(server.url + "/readyz")
    assert status == 200 and json.loads(body) == {"status": "ready"}


def test_not_ready_without_a_published_store(app_factory, tmp_path):
    client = app_factory(tmp_path / "nothing-built").test_client()
    assert client.get("/healthz").status_code == 200  # the process is up
    response = client.get("/readyz")
    assert response.status_code == 503 and response.headers["Retry-After"]
    assert response.get_json()["status"] == "not-ready"


def test_every_response_has_a_request_id(server):
    _, first, _ = get(server.url + "/healthz")
    _, second, _ = get(server.url + "/api/queries")
    assert first["X-Request-Id"] and first["X-Request-Id"] != second["X-Request-Id"]
    _, kept, _ = get(server.url + "/healthz", {"X-Request-Id": "proxy-42.a"})
    assert kept["X-Request-Id"] == "proxy-42.a"
    _, replaced, _ = get(server.url + "/healthz", {"X-Request-Id": "bad id\u00e4<>"})
    assert replaced["X-Request-Id"] != "bad id\u00e4<>" and len(replaced["X-Request-Id"]) == 16
    assert "X-Request-Id" in get(server.url + "/api/queries")[1]["Access-Control-Expose-Headers"]


def test_one_access_log_line_per_request(server, caplog):
    with caplog.at_level(logging.INFO, logger="lapekg.access"):
        _, headers, _ = get(server.url + "/api/queries/top-adopters")
    lines = [json.loads(r.getMessage()) for r in caplog.records if r.name == "lapekg.access"]
    mine = [line for line in lines if line["request"] == headers["X-Request-Id"]]
    assert len(mine) == 1
    assert mine[0]["path"] == "/api/queries/top-adopters" and mine[0]["status"] == 200
    assert mine[0]["method"] == "GET" and mine[0]["ms"] > 0
