"""The embedded store as the service reads it: every query in a killable worker."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox

from ..errors import QuerySyntaxError
from ..federation import TargetPolicy
from .base import SELECT, Bindings, Dataset, Formats, QueryResult, Row, solution_rows
from .pool import WorkerPool

_TSV = "text/tab-separated-values"
_DEFAULT_FORMATS = Formats()


class PooledStore:
    """:class:`~lapekg.store.base.Store` over a :class:`WorkerPool` of embedded stores."""

    def __init__(self, path: Path, workers: int = 2, timeout: float = 10.0,
                 prefixes: dict[str, str] | None = None, targets: TargetPolicy | None = None,
                 demote_after: float | None = 0.25):
        self.pool = WorkerPool(path, workers, prefixes, targets, demote_after)
        self.timeout = timeout
        self._updates = 0  # updates applied through this store (part of version())

    def start(self) -> None:
        self.pool.start()

    def place_workers(self, cpus: frozenset[int]) -> None:
        """Run the query workers on these CPUs (set before :meth:`start`)."""
        self.pool.worker_cpus = frozenset(cpus)

    def query(self, sparql: str, bindings: Bindings | None = None,
              dataset: Dataset | None = None, formats: Formats | None = None,
              timeout: float | None = None, max_rows: int | None = None) -> QueryResult:
        formats = formats or _DEFAULT_FORMATS
        # Plain tuples, not the dataclasses: they pickle several times faster.
        graphs = (dataset.default_graphs, dataset.named_graphs) if dataset and (
            dataset.default_graphs or dataset.named_graphs) else None
        message = ("query", sparql, bindings or None, graphs, (formats.results, formats.graph),
                   max_rows)
        header, body = self.pool.call(message, self.timeout if timeout is None else timeout)
        _, media_type, form, truncated = header
        return QueryResult(body, media_type, form, truncated)

    def select(self, sparql: str, bindings: Bindings | None = None,
               timeout: float | None = None) -> list[Row]:
        """Rows parsed natively from the worker's TSV (a few µs per row)."""
        result = self.query(sparql, bindings, timeout=timeout,
                            formats=Formats(results=_TSV, graph="application/n-triples"))
        if result.form != SELECT:
            raise QuerySyntaxError("select() needs a SELECT query", where="query")
        return solution_rows(ox.parse_query_results(result.body, ox.QueryResultsFormat.TSV))

    def update(self, sparql: str, timeout: float | None = None) -> None:
        self.pool.exclusive(("update", sparql), self.timeout if timeout is None else timeout)
        self._updates += 1

    def version(self) -> str | None:
        """What names the data answered now: the published store directory the workers
        read (a new build switches it) and the updates applied since; None without one."""
        target = self.pool.target()
        return None if target is None else f"{target}#{self._updates}"

    def close(self) -> None:
        self.pool.close()
