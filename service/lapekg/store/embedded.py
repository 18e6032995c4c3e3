"""The embedded Oxigraph store, read through pyoxigraph directly.

In-process it cannot stop a query (pyoxigraph has no cancellation, oxigraph issue 1926),
so the service runs it inside worker processes (``pool.py``); the CLI and tests use it
directly.
"""

from __future__ import annotations

import re
from pathlib import Path

import pyoxigraph as ox

from ..errors import Forbidden, LapekgError, QuerySyntaxError, StoreError
from ..federation import TargetPolicy, evaluation_failure
from ..sparql_text import has_dataset_clause, inline_bindings
from .base import Bindings, Dataset, Formats, QueryResult, Row, solution_rows
from .results import serialise_boolean, serialise_solutions, serialise_triples

_POSITION = re.compile(r"^error at (\d+):(\d+)")


def syntax_error(exc: SyntaxError) -> QuerySyntaxError:
    """pyoxigraph's parser message, with its line and column as ``where``."""
    message = str(exc)
    match = _POSITION.match(message)
    where = f"query line {match.group(1)}, column {match.group(2)}" if match else "query"
    return QuerySyntaxError(message, where=where,
                            hint="check the query near the position given; "
                                 "undeclared prefixes need a PREFIX line")


class EmbeddedStore:
    """A handle on a published store directory (read-only unless ``writable``).

    The default graph is the union of all named graphs (one per source document plus the
    ontology and reference graphs), so queries need no GRAPH clauses. Every query and
    update first passes ``targets`` (``lapekg.federation``): by default no SERVICE or LOAD
    may reach anywhere.
    """

    def __init__(self, path: Path | None = None, *, writable: bool = False,
                 prefixes: dict[str, str] | None = None, store: ox.Store | None = None,
                 targets: TargetPolicy | None = None):
        if store is None:
            if path is None:
                raise StoreError("no store path given", hint="set LAPEKG_BUILD_DIR")
            try:
                store = ox.Store(str(path)) if writable else ox.Store.read_only(str(path))
            except OSError as exc:
                raise StoreError(f"cannot open the store: {exc}", where=str(path),
                                 hint="run `lapekg build` first") from exc
        self._store = store
        self.path = path
        self.writable = writable
        self.prefixes = prefixes or {}
        self.targets = targets if targets is not None else TargetPolicy()

    def evaluate(self, sparql: str, bindings: Bindings | None = None,
                 dataset: Dataset | None = None):
        """Run a query; returns pyoxigraph's QuerySolutions, QueryBoolean or QueryTriples."""
        sparql = self.targets.check_query(sparql)
        options: dict = {}
        if dataset and (dataset.default_graphs or dataset.named_graphs):
            # A protocol dataset replaces the store's (and the query's FROM clauses).
            options["default_graph"] = [ox.NamedNode(g) for g in dataset.default_graphs]
            options["named_graphs"] = [ox.NamedNode(g) for g in dataset.named_graphs]
        elif not has_dataset_clause(sparql):
            # Oxigraph's union flag would override the query's own FROM / FROM NAMED.
            options["use_default_graph_as_union"] = True
        if bindings:
            # Written into the query where that is the same query (lapekg.sparql_text
            # .inline_bindings: the plan then starts from them); substituted otherwise.
            sparql, inlined = inline_bindings(sparql, {
                name: str(term) for name, term in bindings.items()
                if isinstance(term, ox.NamedNode | ox.Literal)})
            rest = {ox.Variable(k): v for k, v in bindings.items() if k not in inlined}
            if rest:
                options["substitutions"] = rest
        try:
            return self._store.query(sparql, **options)
        except SyntaxError as exc:
            raise syntax_error(exc) from exc
        except RuntimeError as exc:  # e.g. a substituted variable the query does not project
            raise LapekgError(f"the query cannot run with these bindings: {exc}",
                              where="query bindings",
                              hint="pyoxigraph binds only projected variables: SELECT each "
                                   "bound variable (or SELECT *)") from exc
        except (OSError, ValueError) as exc:
            raise evaluation_failure(sparql, exc, str(self.path)) from exc

    def query(self, sparql: str, bindings: Bindings | None = None,
              dataset: Dataset | None = None, formats: Formats | None = None,
              timeout: float | None = None, max_rows: int | None = None) -> QueryResult:
        """Run and serialise natively; ``timeout`` is not enforced in-process."""
        answer = self.evaluate(sparql, bindings, dataset)
        formats = formats or Formats()
        try:
            if isinstance(answer, ox.QueryBoolean):
                return serialise_boolean(answer, formats)
            if isinstance(answer, ox.QuerySolutions):
                return serialise_solutions(answer, formats, max_rows, rerun=lambda: self.evaluate(
                    sparql, bindings, dataset))  # type: ignore[return-value]
            return serialise_triples(answer, formats, max_rows, self.prefixes)
        except (OSError, ValueError) as exc:  # evaluation errors surface while iterating
            raise evaluation_failure(sparql, exc, str(self.path)) from exc

    def select(self, sparql: str, bindings: Bindings | None = None,
               timeout: float | None = None) -> list[Row]:
        """SELECT rows as dicts of variable name → term (unbound variables omitted)."""
        answer = self.evaluate(sparql, bindings)
        try:
            return solution_rows(answer)
        except (OSError, ValueError) as exc:  # evaluation errors surface while iterating
            raise evaluation_failure(sparql, exc, str(self.path)) from exc

    def update(self, sparql: str, timeout: float | None = None) -> None:
        if not self.writable:
            raise Forbidden("the store is open read-only", hint="updates need the admin token")
        sparql = self.targets.check_update(sparql)
        try:
            self._store.update(sparql)
        except SyntaxError as exc:
            raise syntax_error(exc) from exc
        except OSError as exc:
            raise StoreError(f"the update failed: {exc}", where=str(self.path)) from exc

    def version(self) -> str | None:
        """Unknown: nothing is cached per release over this store."""
        return None

    def close(self) -> None:
        self._store = None  # type: ignore[assignment]

    def __len__(self) -> int:
        return len(self._store)
