"""No server-side request forgery: SERVICE, FROM/FROM NAMED and LOAD never reach an
address outside the allowlist.

A real HTTP server on loopback (the canary) records every request it gets and answers
like a SPARQL endpoint; every attack is sent to a real lapekg server over HTTP and must
leave the canary untouched. The positive controls show that the engine really would call
the canary once it is allowlisted — so each refusal is the guard's doing, not the
engine's.
"""

from __future__ import annotations

import json
import subprocess
import sys
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
import requests

from lapekg.config import load_config
from lapekg.errors import ParameterError, TargetRefused
from lapekg.federation import TargetPolicy, normalise_url
from lapekg.sparql_text import keyword_offsets

REPO = Path(__file__).resolve().parents[1]
TOKEN = "outbound-test-token"
EMPTY_RESULTS = json.dumps({"head": {"vars": ["canary"]}, "results": {"bindings": [
    {"canary": {"type": "literal", "value": "reached"}}]}}).encode()


class Canary:
    """A loopback HTTP server that records each request and answers SPARQL JSON."""

    def __init__(self) -> None:
        self.hits: list[tuple[str, str]] = []
        hits = self.hits

        class Handler(BaseHTTPRequestHandler):
            def _answer(self) -> None:
                hits.append((self.command, self.path))
                length = int(self.headers.get("Content-Length") or 0)
                if length:
                    self.rfile.read(length)
                self.send_response(200)
                if self.path.startswith("/data"):
                    body = b"<http://example.org/s> <http://example.org/p> \"loaded\" .\n"
                    self.send_header("Content-Type", "application/n-triples")
                else:
                    body = EMPTY_RESULTS
                    self.send_header("Content-Type", "application/sparql-results+json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            do_GET = do_POST = _answer

            def log_message(self, *args: object) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.port = self.server.server_address[1]
        self.url = f"http://127.0.0.1:{self.port}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture(scope="module")
def canary() -> Iterator[Canary]:
    server = Canary()
    yield server
    server.close()


@pytest.fixture()
def fresh_canary(canary: Canary) -> Canary:
    canary.hits.clear()
    return canary


@pytest.fixture(scope="module")
def guarded(live_server_factory, fixture_dir):
    """lapekg with its default allowlist (public endpoints only) and updates enabled."""
    return live_server_factory(fixture_dir, admin_token=TOKEN)


@pytest.fixture(scope="module")
def open_to_canary(live_server_factory, tmp_path_factory, canary):
    """lapekg with the canary allowlisted for SERVICE and LOAD (loopback allowed)."""
    from conftest import _publish_fixture

    build = _publish_fixture(tmp_path_factory.mktemp("outbound-build"))
    return live_server_factory(build, admin_token=TOKEN, allow_private_targets=True,
                               service_allowlist=f"{canary.url}/sparql",
                               load_allowlist=f"{canary.url}/data/")


def attacks(url: str) -> dict[str, str]:
    """Queries that would make the engine fetch ``url`` (a loopback address)."""
    host = url.removeprefix("http://")

    def service(path: str) -> str:
        return f"SERVICE SILENT <{url}/{path}> {{ ?s ?p ?o }}"

    return {
        "plain": f"SELECT * {{ SERVICE <{url}/sparql> {{ ?s ?p ?o }} }}",
        "silent": f"SELECT * {{ SERVICE SILENT <{url}/sparql> {{ ?s ?p ?o }} }}",
        "lower-case": f"select * {{ service silent <{url}/sparql> {{ ?s ?p ?o }} }}",
        "prefixed": f"PREFIX x: <{url}/> SELECT * {{ SERVICE SILENT x:sparql {{ ?s ?p ?o }} }}",
        "relative-to-base": f"BASE <{url}/> SELECT * {{ SERVICE SILENT <sparql> {{ ?s ?p ?o }} }}",
        "network-path": f"BASE <https://w3id.org/> SELECT * {{ SERVICE SILENT <//{host}/sparql> "
                        "{ ?s ?p ?o } }",
        "in-optional": f"SELECT * {{ ?s ?p ?o OPTIONAL {{ {service('o')} }} }}",
        "in-filter-exists": f"ASK {{ FILTER EXISTS {{ {service('e')} }} }}",
        "in-minus": f"SELECT * {{ ?s ?p ?o MINUS {{ {service('m')} }} }}",
        "in-union": f"SELECT * {{ {{ ?s ?p ?o }} UNION {{ {service('u')} }} }}",
        "in-subquery": f"SELECT * {{ {{ SELECT * {{ {service('q')} }} }} }}",
        "in-construct": f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ {service('c')} }}",
        "in-describe": f"DESCRIBE ?s WHERE {{ {service('d')} }}",
        "unicode-escape-in-iri": "SELECT * { SERVICE SILENT <http://127.0.0.1\\u003A"
                                 f"{url.rsplit(':', 1)[1]}/x> {{ ?s ?p ?o }} }}",
        "comment-between": f"SELECT * {{ SERVICE # a comment\n SILENT # another\n <{url}/k> "
                           "{ ?s ?p ?o } }",
        "two-services": "SELECT * { SERVICE SILENT <https://query.wikidata.org/sparql> "
                        f"{{ ?a ?b ?c }} SERVICE SILENT <{url}/two> {{ ?s ?p ?o }} }}",
        # A string that one tokenizer reads differently from the engine: the independent
        # readings must agree, or the query is refused.
        "lexer-confusion": f"SELECT * {{ ?s ?p ?o FILTER(?o<'x>') SERVICE SILENT <{url}/lx> "
                           "{ ?s ?p ?o } BIND('' AS ?z) }",
        "variable-target": f"SELECT * {{ BIND(<{url}/v> AS ?e) SERVICE SILENT ?e {{ ?s ?p ?o }} }}",
        "metadata-service": "SELECT * { SERVICE SILENT <http://169.254.169.254/latest/meta-data/> "
                            "{ ?s ?p ?o } }",
        "ipv6-loopback": "SELECT * { SERVICE SILENT <http://[::1]:9/sparql> { ?s ?p ?o } }",
        "decimal-ip": "SELECT * { SERVICE SILENT <http://2130706433:9/sparql> { ?s ?p ?o } }",
        "user-info": "SELECT * { SERVICE SILENT <https://query.wikidata.org@127.0.0.1:9/sparql> "
                     "{ ?s ?p ?o } }",
        "file-scheme": "SELECT * { SERVICE SILENT <file:///etc/passwd> { ?s ?p ?o } }",
    }


ATTACKS = sorted(attacks("http://127.0.0.1:1"))


@pytest.mark.parametrize("name", ATTACKS)
def test_service_outside_the_allowlist_is_refused(guarded, fresh_canary, name):
    query = attacks(fresh_canary.url)[name]
    response = requests.post(guarded.sparql, data={"query": query},
                             headers={"Accept": "application/sparql-results+json"}, timeout=30)
    assert response.status_code == 400, response.text
    error = response.json()["error"]
    assert error["code"] == "service-not-allowed"
    assert "SERVICE" in error["message"]
    assert fresh_canary.hits == []


def test_a_refused_query_names_the_target_and_the_setting(guarded, fresh_canary):
    query = f"SELECT * {{ SERVICE <{fresh_canary.url}/sparql> {{ ?s ?p ?o }} }}"
    error = requests.get(guarded.sparql, params={"query": query}, timeout=30).json()["error"]
    assert f"<{fresh_canary.url}/sparql>" in error["message"]
    assert "LAPEKG_SERVICE_ALLOWLIST" in error["hint"]
    assert "https://query.wikidata.org/sparql" in error["hint"]


def test_the_word_service_elsewhere_is_not_a_service_clause(guarded, fresh_canary):
    query = ('PREFIX sd: <http://www.w3.org/ns/sparql-service-description#>\n'
             'SELECT ?service WHERE { BIND("a service" AS ?service) '
             'OPTIONAL { ?service a sd:Service } }  # service')
    response = requests.get(guarded.sparql, params={"query": query}, timeout=30)
    assert response.status_code == 200, response.text
    assert response.json()["results"]["bindings"] == [
        {"service": {"type": "literal", "value": "a service"}}]


@pytest.mark.parametrize("clause", ["FROM", "FROM NAMED"])
def test_from_clauses_name_stored_graphs_and_are_never_fetched(guarded, fresh_canary, clause):
    query = f"SELECT * {clause} <{fresh_canary.url}/graph> WHERE {{ ?s ?p ?o }}"
    response = requests.get(guarded.sparql, params={"query": query}, timeout=30)
    assert response.status_code == 200, response.text
    assert response.json()["results"]["bindings"] == []
    assert fresh_canary.hits == []


@pytest.mark.parametrize("parameter", ["default-graph-uri", "named-graph-uri"])
def test_protocol_dataset_parameters_are_never_fetched(guarded, fresh_canary, parameter):
    response = requests.get(guarded.sparql, params={
        "query": "SELECT * { ?s ?p ?o }", parameter: f"{fresh_canary.url}/graph"}, timeout=30)
    assert response.status_code == 200, response.text
    assert fresh_canary.hits == []


@pytest.mark.parametrize("update", [
    "LOAD <{url}/data/x>",
    "LOAD SILENT <{url}/data/x> INTO GRAPH <https://example.org/g>",
    "PREFIX c: <{url}/data/> LOAD SILENT c:x",
    "INSERT {{ ?s ?p ?o }} WHERE {{ SERVICE SILENT <{url}/sparql> {{ ?s ?p ?o }} }}",
    "LOAD SILENT <file:///etc/passwd>",
])
def test_load_and_service_in_updates_are_refused(guarded, fresh_canary, update):
    response = requests.post(guarded.sparql, data={"update": update.format(url=fresh_canary.url)},
                             headers={"Authorization": f"Bearer {TOKEN}"}, timeout=30)
    assert response.status_code == 400, response.text
    assert response.json()["error"]["code"] == "service-not-allowed"
    assert fresh_canary.hits == []


# --- positive controls: allowlisted, the engine does call out --------------------------------


def test_an_allowlisted_service_is_called(open_to_canary, fresh_canary):
    query = f"SELECT ?canary {{ SERVICE <{fresh_canary.url}/sparql> {{ ?canary ?p ?o }} }}"
    response = requests.get(open_to_canary.sparql, params={"query": query}, timeout=30)
    assert response.status_code == 200, response.text
    assert [b["canary"]["value"] for b in response.json()["results"]["bindings"]] == ["reached"]
    assert [method for method, _ in fresh_canary.hits] == ["POST"] or \
        [method for method, _ in fresh_canary.hits] == ["GET"]


def test_only_the_allowlisted_endpoint_not_its_neighbours(open_to_canary, fresh_canary):
    for path in ("/sparql2", "/other", "/sparql/x"):
        query = f"SELECT * {{ SERVICE SILENT <{fresh_canary.url}{path}> {{ ?s ?p ?o }} }}"
        response = requests.get(open_to_canary.sparql, params={"query": query}, timeout=30)
        assert response.status_code == 400, (path, response.text)
    assert fresh_canary.hits == []


def test_an_allowlisted_load_prefix_is_fetched_and_nothing_beside_it(open_to_canary,
                                                                      fresh_canary):
    auth = {"Authorization": f"Bearer {TOKEN}"}
    refused = requests.post(open_to_canary.sparql, headers=auth, timeout=30,
                            data={"update": f"LOAD <{fresh_canary.url}/database>"})
    assert refused.status_code == 400, refused.text
    assert fresh_canary.hits == []
    loaded = requests.post(open_to_canary.sparql, headers=auth, timeout=30, data={
        "update": f"LOAD <{fresh_canary.url}/data/x.nt> INTO GRAPH <https://example.org/g>"})
    assert loaded.status_code == 204, loaded.text
    assert fresh_canary.hits == [("GET", "/data/x.nt")]
    ask = requests.get(open_to_canary.sparql, timeout=30, params={
        "query": 'ASK { GRAPH <https://example.org/g> { ?s ?p "loaded" } }'})
    assert ask.json()["boolean"] is True


# --- the policy itself ----------------------------------------------------------------------


def test_a_private_allowlist_entry_needs_explicit_permission():
    with pytest.raises(ParameterError, match="LAPEKG_ALLOW_PRIVATE_TARGETS"):
        TargetPolicy.from_settings(load_config(
            {"service_allowlist": "http://127.0.0.1:3030/sparql"}))
    with pytest.raises(ParameterError, match="loopback or private"):
        TargetPolicy.from_settings(load_config({"load_allowlist": "http://localhost/data/"}))
    with pytest.raises(ParameterError, match="scheme"):
        TargetPolicy.from_settings(load_config({"service_allowlist": "ftp://example.org/x"}))
    allowed = TargetPolicy.from_settings(load_config(
        {"service_allowlist": "http://127.0.0.1:3030/sparql", "allow_private_targets": True}))
    assert allowed.service_endpoints == ("http://127.0.0.1:3030/sparql",)


def test_the_allowlist_is_read_from_the_environment():
    settings = load_config(env={"LAPEKG_SERVICE_ALLOWLIST": "https://a.example/sparql, "
                                                            "https://b.example/q"})
    assert settings.service_allowlist == ("https://a.example/sparql", "https://b.example/q")


def test_an_allowlisted_host_name_that_resolves_to_loopback_is_refused(canary):
    # Really resolved by the system: localhost is 127.0.0.1 in /etc/hosts.
    policy = TargetPolicy((f"http://localhost:{canary.port}/sparql",))
    with pytest.raises(TargetRefused, match="non-public address"):
        policy.check_query(f"SELECT * {{ SERVICE <http://localhost:{canary.port}/sparql> {{}} }}")


def test_normalised_urls():
    assert normalise_url("HTTPS://Query.Wikidata.org:443/sparql") == \
        "https://query.wikidata.org/sparql"
    assert normalise_url("http://[::1]:80") == "http://[::1]/"
    for bad in ("file:///etc/passwd", "gopher://x/", "http:///x", "http://u:p@h/"):
        with pytest.raises(ValueError):
            normalise_url(bad)


def test_the_tokenizer_skips_strings_comments_iris_and_names():
    query = ('SELECT ?service { ?service <http://x/service> "service" ; :service \'\'\'\n'
             'service\'\'\' # service\n SERVICE <http://e/> {} }')
    assert list(keyword_offsets(query, "service")) == [query.index("SERVICE <http://e/>")]


def test_the_cli_refuses_service_too(built_dir, canary):
    query = f"SELECT * {{ SERVICE SILENT <{canary.url}/sparql> {{ ?s ?p ?o }} }}"
    canary.hits.clear()
    result = subprocess.run([sys.executable, "-m", "lapekg.cli", "--build-dir", str(built_dir),
                             "query", query], capture_output=True, text=True, cwd=REPO,
                            timeout=120, check=False)
    assert result.returncode == 2, result.stdout + result.stderr
    assert "not on this server's allowlist" in result.stderr
    assert canary.hits == []
