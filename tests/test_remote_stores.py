"""The service over remote SPARQL stores: the Oxigraph server and Virtuoso, real servers on
loopback (tests/remote_stores.py), filled by the real `lapekg load`.

Parity: every named query (with its example and with its defaults) and every competency
question (docs/competency-questions.md) gives the same answer on each remote store as on
the embedded one — the same solutions, compared as multisets of terms (the order of
rows tied under ORDER BY is each engine's own). Then lapekg serves from the remote store
over HTTP and answers /sparql, the API and an entity page as over the embedded store.
"""

from __future__ import annotations

import subprocess
from collections import Counter

import pytest
import requests
from remote_stores import Remote, lapekg_load, start_oxigraph, start_virtuoso
from test_competency_questions import questions

from lapekg.config import load_config
from lapekg.namespaces import sparql_prologue
from lapekg.queries import bind, load_queries
from lapekg.store import open_store

BACKENDS = {"oxigraph": start_oxigraph, "virtuoso": start_virtuoso}

@pytest.fixture(scope="module", params=sorted(BACKENDS))
def remote(request, built_dir, tmp_path_factory) -> Remote:
    work = tmp_path_factory.mktemp(request.param)
    store = BACKENDS[request.param](work)
    try:
        loaded = lapekg_load(store, built_dir)
        assert loaded.returncode == 0, loaded.stdout + loaded.stderr
        assert "every graph's triple count matches" in loaded.stdout
        store.load_output = loaded.stdout  # type: ignore[attr-defined]
        yield store
    finally:
        store.stop()


@pytest.fixture(scope="module")
def remote_store(remote, built_dir, standins):
    """lapekg's store over the remote one; SERVICE calls go to the local stand-ins of the
    public endpoints (the remote store makes them: it runs the query)."""
    store = open_store(load_config({"build_dir": built_dir, **remote.settings(),
                                    **standins.settings()}))
    yield store
    store.close()


# Virtuoso 7.2 never answered a SERVICE call to the loopback Oxigraph stand-in (not in 30 s,
# not even as dba); the federated queries are compared on the Oxigraph server.
VIRTUOSO_SERVICE = "Virtuoso 7.2's SERVICE to the loopback stand-in does not answer"


def answers(rows) -> Counter:
    return Counter(tuple(sorted((name, str(term)) for name, term in row.items()))
                   for row in rows)


def named_cases():
    settings = load_config({})
    for name, query in sorted(load_queries(settings.root / "queries", settings.base).items()):
        yield pytest.param(name, {}, id=f"{name}-defaults")
        if query.example:
            yield pytest.param(name, dict(query.example), id=f"{name}-example")


@pytest.mark.parametrize("name,values", list(named_cases()))
def test_named_queries_answer_alike(name, values, remote, remote_store, built_store,
                                    federated_store, settings):
    query = load_queries(settings.root / "queries", settings.base)[name]
    federated = "federation" in query.tags
    if federated and remote.name == "virtuoso":
        pytest.skip(VIRTUOSO_SERVICE)
    bindings = bind(query, values, settings.base)
    text = query.text(settings.base)
    expected = (federated_store if federated else built_store).select(text, bindings)
    got = remote_store.select(text, bindings)
    assert answers(got) == answers(expected)


@pytest.mark.parametrize("number,question,query", questions(), ids=[q[0] for q in questions()])
def test_competency_questions_answer_alike(number, question, query, remote, remote_store,
                                           built_store):
    text = sparql_prologue() + query
    assert answers(remote_store.select(text)) == answers(built_store.select(text))


def test_the_load_reports_its_throughput(remote):
    assert "triples/s" in remote.load_output


def test_a_second_load_ends_with_the_same_counts(remote, built_dir):
    again = lapekg_load(remote, built_dir)
    assert again.returncode == 0 and "every graph's triple count matches" in again.stdout


def test_the_service_serves_from_the_remote_store(remote, built_dir, live_server_factory,
                                                  live_server):
    served = live_server_factory(built_dir, **remote.settings())
    for path in ("/api/queries/practice-spread",
                 "/api/queries/group-members?group=id:group/uusimaa-varko",
                 "/sparql?query=SELECT%20%3Fs%20WHERE%20%7B%20%3Fs%20a%20%3Fc%20%7D%20LIMIT%205"):
        mine = requests.get(served.url + path, headers={"Accept": "text/csv"}, timeout=60)
        embedded = requests.get(live_server.url + path, headers={"Accept": "text/csv"},
                                timeout=60)
        assert mine.status_code == embedded.status_code == 200, mine.text[:300]
        assert mine.headers["Content-Type"] == embedded.headers["Content-Type"]
        if "LIMIT" not in path:  # LIMIT without ORDER BY: each engine picks its own rows
            assert sorted(mine.text.splitlines()) == sorted(embedded.text.splitlines())
    page = requests.get(served.url + "/page/municipality/638", timeout=60)
    assert page.status_code == 200 and "Porvoo" in page.text
    ready = requests.get(served.url + "/readyz", timeout=60)
    assert ready.status_code == 200


def test_an_unreachable_store_is_a_clear_start_error(built_dir, tmp_path):
    from remote_stores import free_port

    url = f"http://127.0.0.1:{free_port()}/sparql"
    result = subprocess.run(
        [__import__("sys").executable, "-m", "lapekg.cli", "--build-dir", str(built_dir),
         "serve", "--port", "0"], env={**__import__("os").environ, "LAPEKG_STORE_URL": url},
        capture_output=True, text=True, timeout=60)
    assert result.returncode == 2
    assert "remote store" in result.stderr and url in result.stderr
    assert "Traceback" not in result.stderr


def _injection_cases():
    settings = load_config({})
    queries = load_queries(settings.root / "queries", settings.base)
    return [pytest.param(query.name, parameter.name, id=f"{query.name}-{parameter.name}")
            for query in queries.values() for parameter in query.parameters.values()
            if parameter.type in ("iri", "string") and "federation" not in query.tags]


@pytest.mark.parametrize("name,parameter", _injection_cases())
def test_hostile_values_stay_one_term_on_the_remote_store(name, parameter, remote,
                                                          remote_store, built_store, settings):
    """Issue 8, point 4, on this backend: the VALUES block carries a hostile value as one
    term (the same answer as the embedded store's substitution), never as query text."""
    from hypothesis import HealthCheck, given
    from hypothesis import settings as hypothesis_settings
    from test_injection import HOSTILE, _independent_term

    query = load_queries(settings.root / "queries", settings.base)[name]
    spec = query.parameters[parameter]

    @hypothesis_settings(max_examples=15, deadline=None, database=None,
                         suppress_health_check=list(HealthCheck))
    @given(raw=HOSTILE)
    def check(raw):
        term = _independent_term(spec, raw, settings.base)
        if term is None:
            return
        values = {key: p.default for key, p in query.parameters.items()
                  if p.required and p.default is not None and key != parameter}
        bindings = {**bind(query, values, settings.base), parameter: term}
        text = query.text(settings.base)
        assert answers(remote_store.select(text, bindings)) == \
            answers(built_store.select(text, bindings)), raw

    check()
