"""The one interface the web layer reads the graph through.

Two kinds of store satisfy :class:`Store`: the embedded Oxigraph store (in-process, see
``embedded.py``, or isolated in worker processes, see ``pool.py``) and, later, a remote
SPARQL 1.1 endpoint reached over HTTP. Views never see pyoxigraph result objects: the
endpoint gets bytes already serialised in the negotiated format, pages get rows of terms.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Protocol, runtime_checkable

import pyoxigraph as ox

Term = ox.NamedNode | ox.Literal | ox.BlankNode | ox.Triple
Bindings = Mapping[str, Term]
Row = dict[str, Term]


def solution_rows(solutions: object) -> list[Row]:
    """SELECT solutions as dicts of variable name → term (unbound variables omitted)."""
    from ..errors import QuerySyntaxError

    if not isinstance(solutions, ox.QuerySolutions):
        raise QuerySyntaxError("select() needs a SELECT query", where="query")
    names = [v.value for v in solutions.variables]
    return [{name: solution[name] for name in names if solution[name] is not None}
            for solution in solutions]

# The four SPARQL query forms, as a store reports which one it ran.
SELECT, ASK, CONSTRUCT, DESCRIBE = "SELECT", "ASK", "CONSTRUCT", "DESCRIBE"


@dataclass(frozen=True)
class Formats:
    """The media types a client accepts, one per kind of result.

    The query form decides which applies (SELECT/ASK → ``results``, CONSTRUCT/DESCRIBE →
    ``graph``), and only the store knows the form once it has parsed the query — so the
    caller negotiates both up front. ``None`` means nothing acceptable (406).
    """

    results: str | None = "application/sparql-results+json"
    graph: str | None = "text/turtle"


@dataclass(frozen=True)
class Dataset:
    """The RDF dataset of a request (SPARQL 1.1 Protocol 2.1.4); empty = the store's own.

    Without ``default_graphs`` the default graph is the union of all named graphs.
    """

    default_graphs: tuple[str, ...] = ()
    named_graphs: tuple[str, ...] = ()


@dataclass
class QueryResult:
    """A query answer serialised natively by the store, ready to send."""

    body: bytes
    media_type: str
    form: str
    truncated: bool = False


@runtime_checkable
class Store(Protocol):
    """What a store offers the service: run a query, get rows, apply an update."""

    def query(self, sparql: str, bindings: Bindings | None = None,
              dataset: Dataset | None = None, formats: Formats | None = None,
              timeout: float | None = None, max_rows: int | None = None) -> QueryResult:
        """Run any query form and serialise its answer in the negotiated format."""
        ...

    def select(self, sparql: str, bindings: Bindings | None = None,
               timeout: float | None = None) -> list[Row]:
        """SELECT rows as dicts of variable name → term (unbound variables omitted)."""
        ...

    def update(self, sparql: str, timeout: float | None = None) -> None:
        """Apply a SPARQL Update (only stores opened for writing accept it)."""
        ...

    def close(self) -> None:
        """Release processes, files and connections."""
        ...

    def version(self) -> str | None:
        """A name for the data answered now, changing whenever the data does; None when
        the store cannot tell (a remote store, changed behind our back): then nothing is
        cached per release and no ETag is given (lapekg.web.caching)."""
        ...
