"""Named-query answers are citable and reproducible: each names the query text, the data
release (published when, the dump's sha256) and the retrieval date, with a checksum of
the result a reader can recompute; running the query's text with its bindings over the
release's dump, in a store of one's own, gives the same rows."""

from __future__ import annotations

import base64
import hashlib
import json
import urllib.request

import pyoxigraph as ox
import pytest

PRACTICE = "https://w3id.org/lapekg/id/practice/vanhemmuusvalmennus"


@pytest.fixture(scope="module")
def server(live_server):
    return live_server


def fetch(server, path: str, accept: str = "application/json"):
    request = urllib.request.Request(server.url + path, headers={"Accept": accept})
    with urllib.request.urlopen(request, timeout=60) as response:
        return response.headers, response.read()


def canonical_sha256(bindings) -> str:
    return hashlib.sha256(json.dumps(bindings, sort_keys=True, separators=(",", ":"),
                                     ensure_ascii=False).encode("utf-8")).hexdigest()


def test_a_json_answer_carries_its_citation(server):
    headers, body = fetch(server, f"/api/queries/practice-spread?practice={PRACTICE}")
    answer = json.loads(body)
    cite = answer["query"]["citation"]
    assert cite["query"] == server.url + "/api/queries/practice-spread.rq"
    assert cite["request"].endswith(f"practice-spread?practice={PRACTICE}")
    assert len(cite["release"]["dumpSha256"]) == 64 and cite["release"]["published"]
    assert cite["retrieved"][:4].isdigit()
    assert cite["resultSha256"] == canonical_sha256(answer["results"]["bindings"])
    assert headers["X-Lapekg-Result-Sha256"] == cite["resultSha256"]
    assert headers["X-Lapekg-Release"].endswith("dump-sha256=" + cite["release"]["dumpSha256"])
    digest = base64.b64encode(hashlib.sha256(body).digest()).decode()
    assert headers["Content-Digest"] == f"sha-256=:{digest}:"


def test_a_csv_answer_hashes_its_bytes(server):
    headers, body = fetch(server, "/api/queries/top-adopters", accept="text/csv")
    assert headers["X-Lapekg-Result-Sha256"] == hashlib.sha256(body).hexdigest()


def test_the_release_dump_reproduces_the_result(server):
    _, body = fetch(server, f"/api/queries/practice-spread?practice={PRACTICE}")
    answer = json.loads(body)
    dump_url = "/dump/" + "lapekg.trig"
    _, dump = fetch(server, dump_url, accept="application/trig")
    assert hashlib.sha256(dump).hexdigest() == answer["query"]["citation"]["release"]["dumpSha256"]
    _, text = fetch(server, "/api/queries/practice-spread.rq", accept="application/sparql-query")
    store = ox.Store()  # a store of the reader's own, not the service's
    store.load(dump, format=ox.RdfFormat.TRIG)
    # bindings are given in N-Triples form: <iri>
    bound = {ox.Variable(k): ox.NamedNode(v.strip("<>"))
             for k, v in answer["query"]["bindings"].items()}
    rows = store.query(text.decode(), substitutions=bound, use_default_graph_as_union=True)
    mine = sorted(row["adoption"].value for row in rows)
    assert mine == sorted(b["adoption"]["value"] for b in answer["results"]["bindings"])
