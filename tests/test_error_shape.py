"""One JSON error shape for /sparql and /api, pinned; HTML pages for the rest."""

from __future__ import annotations

from pathlib import Path

import pytest

from lapekg.errors import QueryTimeout, StoreError
from lapekg.store.base import Store

SHAPE = {"code", "message", "where", "hint"}
FIXTURE_QUERIES = Path(__file__).resolve().parent / "fixtures" / "queries"


def assert_shape(response, status: int, code: str) -> dict:
    assert response.status_code == status
    assert response.headers["Content-Type"].startswith("application/json")
    body = response.json
    assert set(body) == {"error"}
    assert set(body["error"]) == SHAPE
    assert body["error"]["code"] == code
    assert isinstance(body["error"]["message"], str) and body["error"]["message"]
    for key in ("where", "hint"):
        assert body["error"][key] is None or isinstance(body["error"][key], str)
    assert "Traceback" not in response.get_data(as_text=True)
    return body["error"]


@pytest.mark.parametrize("method,path,kwargs,status,code", [
    ("GET", "/sparql", {"query_string": {"query": "SELEKT *"}}, 400, "query-syntax-error"),
    ("GET", "/sparql", {"query_string": {"query": "ASK {}"}, "headers": {"Accept": "image/png"}},
     406, "not-acceptable"),
    ("PUT", "/sparql", {}, 405, "method-not-allowed"),
    ("POST", "/sparql", {"data": b"ASK {}", "content_type": "text/plain"}, 415,
     "unsupported-media-type"),
    ("POST", "/sparql", {"data": {"update": "CLEAR ALL"}}, 403, "forbidden"),
    ("GET", "/api/queries/nope", {}, 404, "not-found"),
    ("GET", "/api/nothing-here", {}, 404, "not-found"),
    ("GET", "/api/queries/adoptions", {"query_string": {"since": "soon"}}, 400, "bad-parameter"),
    ("POST", "/api/queries", {}, 405, "method-not-allowed"),
])
def test_error_shape(client, method, path, kwargs, status, code):
    assert_shape(client.open(path, method=method, **kwargs), status, code)


def test_errors_say_where_and_how(client):
    error = assert_shape(client.get("/api/queries/adoptions", query_string={"since": "soon"}),
                         400, "bad-parameter")
    assert error["where"] == "parameter since"
    assert error["hint"]


def test_payload_too_large_shape(app_factory, fixture_dir):
    client = app_factory(fixture_dir, max_body=100).test_client()
    assert_shape(client.post("/sparql", data={"query": "ASK {}" + " " * 200}), 413,
                 "payload-too-large")


class FailingStore:
    """A store that fails the way a remote or overloaded one does (the store is swappable)."""

    def __init__(self, error: Exception):
        self.error = error

    def query(self, *args, **kwargs):
        raise self.error

    def select(self, *args, **kwargs):
        raise self.error

    def update(self, *args, **kwargs):
        raise self.error

    def close(self) -> None:
        pass

    def version(self) -> None:
        return None  # like a remote store: nothing is cached per release


@pytest.mark.parametrize("error,status,code", [
    (QueryTimeout("the query ran past the 10 s limit and was stopped"), 503, "query-timeout"),
    (StoreError("cannot open the store"), 503, "store-unavailable"),
    (RuntimeError("boom"), 500, "internal-error"),
])
def test_store_failures(fixture_dir, error, status, code):
    from lapekg.web import create_app

    store = FailingStore(error)
    assert isinstance(store, Store)
    app = create_app({"build_dir": fixture_dir, "LAPEKG_QUERIES_DIR": FIXTURE_QUERIES},
                     store=store)
    body = assert_shape(app.test_client().get("/sparql", query_string={"query": "ASK {}"}),
                        status, code)
    assert "boom" not in body["message"]  # no internals leak


def test_pages_get_html_errors(client):
    response = client.get("/no/such/page")
    assert response.status_code == 404
    assert response.headers["Content-Type"].startswith(("text/html", "text/plain"))
