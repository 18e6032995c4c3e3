"""`lapekg load --to URL`: push the published graph into a remote SPARQL 1.1 store.

Named graph by named graph: the graph is dropped on the remote (``DROP SILENT GRAPH``),
then sent in batches of ``batch`` triples as ``INSERT DATA`` over the SPARQL 1.1 Update
protocol, then every graph's triple count is read back through the query endpoint and
compared with the published store's. A graph is replaced whole, so a load that stopped
halfway is simply run again and ends with the same counts. Nothing but the standard
protocols is used, so any SPARQL 1.1 store will do (docs/stores.md).
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox
import requests
from tqdm import tqdm

from ..errors import StoreError

COUNTS = "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g"


@dataclass
class LoadReport:
    graphs: dict[str, int] = field(default_factory=dict)  # graph → triples sent
    remote: dict[str, int] = field(default_factory=dict)  # graph → triples counted there
    seconds: float = 0.0

    @property
    def triples(self) -> int:
        return sum(self.graphs.values())

    @property
    def mismatches(self) -> dict[str, tuple[int, int]]:
        return {graph: (sent, self.remote.get(graph, 0)) for graph, sent in self.graphs.items()
                if self.remote.get(graph, 0) != sent}


class Loader:
    """Sends updates to ``update_url`` and counts through ``query_url``."""

    def __init__(self, query_url: str, update_url: str, *, user: str | None = None,
                 password: str | None = None, auth: str = "basic", timeout: float = 300):
        self.query_url, self.update_url, self.timeout = query_url, update_url, timeout
        self.session = requests.Session()
        if user:
            self.session.auth = (requests.auth.HTTPDigestAuth(user, password or "")
                                 if auth.lower() == "digest" else (user, password or ""))

    def _post(self, url: str, **kwargs) -> requests.Response:
        try:
            response = self.session.post(url, timeout=self.timeout, **kwargs)
        except requests.RequestException as exc:
            raise StoreError(f"the remote store cannot be reached: {exc}", where=url,
                             hint="is it running? (lapekg load --to / --update)") from exc
        if response.status_code >= 300:
            raise StoreError(f"the remote store answered {response.status_code}: "
                             f"{response.text[:300].strip()}", where=url,
                             hint="check the URLs, the credentials and the store's log")
        return response

    def update(self, sparql: str) -> None:
        self._post(self.update_url, data=sparql.encode("utf-8"),
                   headers={"Content-Type": "application/sparql-update; charset=utf-8"})

    def counts(self) -> dict[str, int]:
        response = self._post(self.query_url, data={"query": COUNTS},
                              headers={"Accept": "application/sparql-results+json"})
        rows = response.json()["results"]["bindings"]
        return {row["g"]["value"]: int(row["n"]["value"]) for row in rows}


def _batches(store: ox.Store, graph: ox.NamedNode, size: int) -> Iterator[list[ox.Triple]]:
    batch: list[ox.Triple] = []
    for quad in store.quads_for_pattern(None, None, None, graph):
        batch.append(quad.triple)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch


def load(store_path: Path, loader: Loader, *, batch: int = 2000,
         progress: bool = True) -> LoadReport:
    """Replace each of the published store's named graphs on the remote; count back."""
    try:
        store = ox.Store.read_only(str(store_path))
    except OSError as exc:
        raise StoreError(f"cannot open the published store: {exc}", where=str(store_path),
                         hint="run `lapekg build` first") from exc
    graphs = sorted((g for g in store.named_graphs() if isinstance(g, ox.NamedNode)),
                    key=lambda g: g.value)
    sizes = {g.value: sum(1 for _ in store.quads_for_pattern(None, None, None, g))
             for g in graphs}
    report = LoadReport()
    started = time.perf_counter()
    with tqdm(total=sum(sizes.values()), unit="triples", disable=not progress,
              desc="lapekg load", leave=False) as bar:
        for graph in graphs:
            loader.update(f"DROP SILENT GRAPH <{graph.value}>")
            for triples in _batches(store, graph, batch):
                body = ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES).decode("utf-8")
                loader.update(f"INSERT DATA {{ GRAPH <{graph.value}> {{\n{body}}} }}")
                bar.update(len(triples))
            report.graphs[graph.value] = sizes[graph.value]
    report.seconds = time.perf_counter() - started
    remote = loader.counts()
    report.remote = {graph: remote.get(graph, 0) for graph in report.graphs}
    return report
