"""A remote SPARQL 1.1 store (Oxigraph server, Virtuoso, Jena Fuseki, QLever), read
through SPARQLWrapper over the SPARQL 1.1 Protocol.

The answers are the embedded store's, byte for byte: the remote engine is asked for
SPARQL JSON results (SELECT, ASK) or N-Triples (CONSTRUCT, DESCRIBE), which pyoxigraph
parses, and the result is written by the same writers (``results.py``) in the format
the client negotiated, under the same row cap. Named-query bindings, which the protocol
cannot carry, become a ``VALUES`` block first in the query's top-level group
(``sparql_text.with_values``). The SERVICE allowlist is checked here, before the query
leaves, as for the embedded store.

What the remote engine decides stays its own: its default graph must be the union of the
named graphs (Oxigraph: ``--union-default-graph``; Virtuoso does so by default), and a
query that outlives ``timeout`` is abandoned by this side (the remote may go on running
it unless it has a timeout of its own).
"""

from __future__ import annotations

import json
import urllib.error
from http.client import HTTPException

import pyoxigraph as ox
from SPARQLWrapper import POST, SPARQLWrapper
from SPARQLWrapper.SPARQLExceptions import (
    EndPointInternalError,
    EndPointNotFound,
    QueryBadFormed,
    SPARQLWrapperException,
    Unauthorized,
)

from ..errors import LapekgError, QuerySyntaxError, QueryTimeout, StoreError
from ..federation import TargetPolicy
from ..sparql_text import query_form, with_values
from .base import ASK, SELECT, Bindings, Dataset, Formats, QueryResult, Row, solution_rows
from .results import serialise_boolean, serialise_solutions, serialise_triples

_JSON = "application/sparql-results+json"
_GRAPH_ACCEPT = "application/n-triples, text/turtle;q=0.9, application/rdf+xml;q=0.5"
_GRAPH_TYPES = {"application/n-triples": ox.RdfFormat.N_TRIPLES,
                "text/plain": ox.RdfFormat.N_TRIPLES, "text/turtle": ox.RdfFormat.TURTLE,
                "application/rdf+xml": ox.RdfFormat.RDF_XML}


_BOOLEAN = "http://www.w3.org/2001/XMLSchema#boolean"
_CANONICAL_BOOLEAN = {"1": "true", "0": "false"}


def _json_term(term: ox.NamedNode | ox.BlankNode | ox.Literal) -> dict[str, str]:
    if isinstance(term, ox.NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, ox.BlankNode):
        return {"type": "bnode", "value": term.value}
    if term.language:
        return {"type": "literal", "value": term.value, "xml:lang": term.language}
    return {"type": "literal", "value": term.value, "datatype": term.datatype.value}


def canonical_answer(body: bytes, bindings: Bindings | None = None) -> bytes:
    """SPARQL JSON results as every store should give them.

    - xsd:boolean literals in their canonical form: Virtuoso writes ``"1"`` and ``"0"``,
      which are the same values as ``"true"`` and ``"false"`` but other terms (and other
      bytes) than every other store answers.
    - A variable the query's VALUES block bound comes back as the very term sent:
      Virtuoso answers ``"25"^^xsd:decimal`` as ``"25"^^xsd:integer`` (the same value,
      another term).
    """
    bound = {name: _json_term(term) for name, term in (bindings or {}).items()}
    if not bound and _BOOLEAN.encode() not in body:
        return body
    document = json.loads(body)
    for row in document.get("results", {}).get("bindings", []):
        for name, term in row.items():
            if name in bound:
                row[name] = bound[name]
            elif term.get("datatype") == _BOOLEAN and term.get("value") in _CANONICAL_BOOLEAN:
                term["value"] = _CANONICAL_BOOLEAN[term["value"]]
    return json.dumps(document).encode()


def _remote_message(exc: BaseException) -> str:
    text = str(exc).replace("\\n", " ").strip()
    return text[:500] + ("…" if len(text) > 500 else "")


class RemoteStore:
    """:class:`~lapekg.store.base.Store` over a SPARQL endpoint (``query_url``)."""

    def __init__(self, query_url: str, *, update_url: str | None = None,
                 user: str | None = None, password: str | None = None,
                 auth: str = "basic", timeout: float = 10.0,
                 prefixes: dict[str, str] | None = None, targets: TargetPolicy | None = None):
        self.query_url = query_url
        self.update_url = update_url
        self.user, self.password, self.auth = user, password, auth.upper()
        self.timeout = timeout
        self.prefixes = prefixes or {}
        self.targets = targets if targets is not None else TargetPolicy()

    # --- talking to the endpoint ---------------------------------------------------------

    def _client(self, url: str, timeout: float | None) -> SPARQLWrapper:
        client = SPARQLWrapper(url, agent="lapekg")
        client.setMethod(POST)  # long queries and updates fit in a form body
        client.setOnlyConneg(True)  # no format= parameter: Accept alone negotiates
        client.setTimeout(max(1, round(self.timeout if timeout is None else timeout)))
        if self.user:
            client.setHTTPAuth(self.auth)
            client.setCredentials(self.user, self.password or "")
        return client

    def _send(self, client: SPARQLWrapper, where: str) -> tuple[bytes, str]:
        """Run the prepared request: the body and its media type, or our error."""
        try:
            response = client.query().response
            return response.read(), response.headers.get("Content-Type", "").split(";")[0]
        except QueryBadFormed as exc:
            raise QuerySyntaxError(f"the remote store refused the query: "
                                   f"{_remote_message(exc)}", where="query",
                                   hint=f"as parsed by the store at {where}") from exc
        except Unauthorized as exc:
            raise StoreError("the remote store refused the credentials", where=where,
                             hint="check LAPEKG_STORE_USER / LAPEKG_STORE_PASSWORD") from exc
        except EndPointNotFound as exc:
            raise StoreError("no SPARQL endpoint at this address (404)", where=where,
                             hint="check LAPEKG_STORE_URL") from exc
        except EndPointInternalError as exc:
            raise StoreError(f"the remote store failed: {_remote_message(exc)}",
                             where=where) from exc
        except TimeoutError as exc:
            raise QueryTimeout("the remote store did not answer in time", where=where,
                               hint="raise LAPEKG_QUERY_TIMEOUT or simplify the query") from exc
        except urllib.error.HTTPError as exc:
            raise StoreError(f"the remote store answered {exc.code}: "
                             f"{_remote_message(exc.read().decode('utf-8', 'replace'))}",
                             where=where) from exc
        except urllib.error.URLError as exc:
            if isinstance(exc.reason, TimeoutError):
                raise QueryTimeout("the remote store did not answer in time",
                                   where=where) from exc
            raise StoreError(f"the remote store cannot be reached: {exc.reason}",
                             where=where, hint="is it running? (LAPEKG_STORE_URL)") from exc
        except (OSError, HTTPException, SPARQLWrapperException) as exc:
            raise StoreError(f"the remote store failed: {_remote_message(exc)}",
                             where=where) from exc

    def fetch(self, sparql: str, bindings: Bindings | None = None,
              dataset: Dataset | None = None, timeout: float | None = None):
        """Run a query remotely; pyoxigraph's QuerySolutions / QueryBoolean, or triples."""
        sparql = self.targets.check_query(sparql)
        form = query_form(sparql)
        text = with_values(sparql, {name: str(term) for name, term in (bindings or {}).items()})
        client = self._client(self.query_url, timeout)
        client.setQuery(text)
        for graph in dataset.default_graphs if dataset else ():
            client.addDefaultGraph(graph)
        for graph in dataset.named_graphs if dataset else ():
            client.addNamedGraph(graph)
        graph_form = form not in (SELECT, ASK)
        client.addCustomHttpHeader("Accept", _GRAPH_ACCEPT if graph_form else _JSON)
        body, media = self._send(client, self.query_url)
        try:
            if graph_form:
                rdf_format = _GRAPH_TYPES.get(media, ox.RdfFormat.N_TRIPLES)
                return [quad.triple for quad in ox.parse(body, rdf_format)]
            return ox.parse_query_results(canonical_answer(body, bindings),
                                          ox.QueryResultsFormat.JSON)
        except (SyntaxError, ValueError) as exc:
            raise StoreError(f"the remote store's answer does not parse ({media}): {exc}",
                             where=self.query_url) from exc

    # --- the Store interface ----------------------------------------------------------------

    def query(self, sparql: str, bindings: Bindings | None = None,
              dataset: Dataset | None = None, formats: Formats | None = None,
              timeout: float | None = None, max_rows: int | None = None) -> QueryResult:
        formats = formats or Formats()
        answer = self.fetch(sparql, bindings, dataset, timeout)
        if isinstance(answer, ox.QueryBoolean):
            return serialise_boolean(answer, formats)
        if isinstance(answer, ox.QuerySolutions):
            # Re-serialised from the solutions, so rerun must not re-fetch: keep them.
            tsv = answer.serialize(format=ox.QueryResultsFormat.TSV) or b""

            def again() -> ox.QuerySolutions:
                return ox.parse_query_results(tsv, ox.QueryResultsFormat.TSV)

            return serialise_solutions(again(), formats, max_rows, rerun=again)
        return serialise_triples(iter(answer), formats, max_rows,  # type: ignore[arg-type]
                                 self.prefixes)

    def select(self, sparql: str, bindings: Bindings | None = None,
               timeout: float | None = None) -> list[Row]:
        return solution_rows(self.fetch(sparql, bindings, timeout=timeout))

    def update(self, sparql: str, timeout: float | None = None) -> None:
        if not self.update_url:
            raise StoreError("the remote store has no update endpoint configured",
                             where="LAPEKG_STORE_UPDATE_URL",
                             hint="set it to the store's SPARQL Update URL")
        sparql = self.targets.check_update(sparql)
        client = self._client(self.update_url, timeout)
        client.setQuery(sparql)
        self._send(client, self.update_url)

    def check(self) -> None:
        """Ask the store something trivial: a clear error now rather than on a query."""
        try:
            self.select("SELECT * WHERE { } LIMIT 1", timeout=min(self.timeout, 5))
        except LapekgError as exc:
            raise StoreError(f"the remote store does not answer: {exc.message}",
                             where=self.query_url, hint=exc.hint) from exc

    def start(self) -> None:
        """At `lapekg serve`'s start: stop with a clear error if the store is not there."""
        self.check()

    def version(self) -> str | None:
        """Unknown: nothing is cached per release over this store."""
        return None

    def close(self) -> None:
        """Nothing held open: each query is one HTTP exchange."""
