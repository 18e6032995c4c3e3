"""The embedded Oxigraph store, read through pyoxigraph directly (the hot path)."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox

from ..errors import QuerySyntaxError, StoreError

Term = ox.NamedNode | ox.Literal | ox.BlankNode


class EmbeddedStore:
    """A read-only handle on a published store directory.

    The default graph is the union of all named graphs (one per source document plus the
    ontology and reference graphs), so queries need no GRAPH clauses.
    """

    def __init__(self, path: Path):
        try:
            self._store = ox.Store.read_only(str(path))
        except OSError as exc:
            raise StoreError(f"cannot open the store: {exc}", where=str(path),
                             hint="run `lapekg build` first") from exc
        self.path = path

    def query(self, sparql: str, bindings: dict[str, Term] | None = None,
              default_graphs: list[str] | None = None,
              named_graphs: list[str] | None = None):
        """Run a query; returns pyoxigraph's QuerySolutions, QueryBoolean or QueryTriples."""
        options: dict = {}
        if default_graphs:
            options["default_graph"] = [ox.NamedNode(g) for g in default_graphs]
        else:
            options["use_default_graph_as_union"] = True
        if named_graphs:
            options["named_graphs"] = [ox.NamedNode(g) for g in named_graphs]
        if bindings:
            options["substitutions"] = {ox.Variable(k): v for k, v in bindings.items()}
        try:
            return self._store.query(sparql, **options)
        except SyntaxError as exc:
            raise QuerySyntaxError(str(exc), hint="check the query near the position given") \
                from exc

    def select(self, sparql: str, bindings: dict[str, Term] | None = None) -> list[dict[str, Term]]:
        """SELECT rows as dicts of variable name → term (unbound variables omitted)."""
        solutions = self.query(sparql, bindings)
        names = [v.value for v in solutions.variables]
        rows = []
        for solution in solutions:
            rows.append({name: solution[name] for name in names if solution[name] is not None})
        return rows

    def __len__(self) -> int:
        return len(self._store)
