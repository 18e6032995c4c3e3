"""Bound variables written into the query (lapekg.sparql_text.inline_bindings) answer
exactly what pyoxigraph's substitutions answer, only faster.

Checked two ways on real pyoxigraph stores: hand-made query shapes where scoping matters
(OPTIONAL, UNION, FILTER NOT EXISTS, subqueries, MINUS, GROUP BY, CONSTRUCT), and every
shipped named query with its example bindings on the built graph.
"""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest

from lapekg.namespaces import DEFAULT_BASE
from lapekg.queries import bind, load_queries
from lapekg.sparql_text import inline_bindings
from lapekg.store.embedded import EmbeddedStore
from lapekg.store.publish import current_store

ROOT = Path(__file__).resolve().parents[1]
X = "http://x/"
DATA = f"""
<{X}a> <{X}p> <{X}b> , <{X}c> . <{X}b> <{X}q> "bee"@en . <{X}c> <{X}r> 1 .
<{X}d> <{X}p> <{X}b> . <{X}b> <{X}s> <{X}a> . <{X}e> <{X}p> <{X}e> .
"""
SHAPES = {
    "optional": "SELECT ?s ?o ?l WHERE { ?s <http://x/p> ?o OPTIONAL { ?o <http://x/q> ?l } }",
    "union": "SELECT ?s ?o WHERE { { ?s <http://x/p> ?o } UNION { ?o <http://x/s> ?s } }",
    "not exists": "SELECT ?s ?o WHERE { ?s <http://x/p> ?o "
                  "FILTER NOT EXISTS { ?o <http://x/r> ?any } }",
    "subquery": "SELECT ?s ?n WHERE { ?s <http://x/p> ?o "
                "{ SELECT ?s (COUNT(*) AS ?n) WHERE { ?s <http://x/p> ?z } GROUP BY ?s } }",
    "minus": "SELECT ?s ?o WHERE { ?x <http://x/p> ?o MINUS { ?s <http://x/p> ?o } }",
    "group": "SELECT ?s (COUNT(?o) AS ?n) WHERE { ?s <http://x/p> ?o } GROUP BY ?s",
    "order": "SELECT ?s ?o WHERE { ?s <http://x/p> ?o } ORDER BY DESC(?o) LIMIT 1",
    "filter": "SELECT ?s ?o WHERE { ?s <http://x/p> ?o FILTER(?s != ?o) }",
    "literal": "SELECT ?o ?l WHERE { ?o <http://x/q> ?l }",
}


@pytest.fixture(scope="module")
def store() -> ox.Store:
    memory = ox.Store()
    memory.load(DATA.encode(), ox.RdfFormat.TURTLE)
    return memory


def _rows(solutions) -> list[tuple]:
    if isinstance(solutions, ox.QueryTriples):
        return sorted(str(t) for t in solutions)
    names = [v.value for v in solutions.variables]
    return sorted(tuple(str(s[n]) if s[n] is not None else None for n in names)
                  for s in solutions)


BOUND = {"s=a": ("s", ox.NamedNode(X + "a")), "o=b": ("o", ox.NamedNode(X + "b")),
         "s=e": ("s", ox.NamedNode(X + "e")), "l=bee": ("l", ox.Literal("bee", language="en"))}
#: (shape, binding) pairs whose variable the shape projects (pyoxigraph substitutes only
#: projected variables, so only those have an answer to compare with)
PAIRS = [(shape, key) for shape, query in SHAPES.items() for key, (name, _) in BOUND.items()
         if f"?{name}" in query.split("WHERE")[0].split("(")[0]]


@pytest.mark.parametrize("shape, key", PAIRS, ids=[f"{s}-{k}" for s, k in PAIRS])
def test_inlined_answers_equal_substituted(store: ox.Store, shape: str, key: str) -> None:
    query = SHAPES[shape]
    name, term = BOUND[key]
    expected = _rows(store.query(query, substitutions={ox.Variable(name): term}))
    text, inlined = inline_bindings(query, {name: str(term)})
    assert inlined == {name}
    assert _rows(store.query(text)) == expected, text


def test_construct_template_keeps_the_variable(store: ox.Store) -> None:
    query = "CONSTRUCT { ?s <http://x/seen> ?o } WHERE { ?s <http://x/p> ?o }"
    text, inlined = inline_bindings(query, {"s": f"<{X}a>"})
    assert inlined == {"s"} and text.startswith("CONSTRUCT { ?s <http://x/seen> ?o }")
    assert len(_rows(store.query(text))) == 2


@pytest.mark.parametrize("query", [
    "SELECT ?s WHERE { ?s <http://x/p> ?o BIND(?o AS ?t) BIND(1 AS ?s) }",
    "SELECT ?s WHERE { VALUES ?s { <http://x/a> } ?s <http://x/p> ?o }",
    "SELECT ?s WHERE { VALUES (?o ?s) { (<http://x/b> <http://x/a>) } ?s <http://x/p> ?o }",
], ids=["assigned", "values", "values list"])
def test_variables_the_query_assigns_are_left_to_substitution(query: str) -> None:
    assert inline_bindings(query, {"s": f"<{X}a>"}) == (query, set())


def test_every_named_query_answers_the_same(built_dir: Path) -> None:
    """EmbeddedStore (inlined) against pyoxigraph's substitutions, example bindings."""
    queries = load_queries(ROOT / "queries", DEFAULT_BASE)
    path = current_store(built_dir)
    embedded = EmbeddedStore(path)
    plain = ox.Store.read_only(str(path))
    compared = 0
    for query in queries.values():
        if "federation" in query.tags or not query.example:
            continue
        bindings = bind(query, {k: str(v) for k, v in query.example.items()}, DEFAULT_BASE)
        text = query.text(DEFAULT_BASE)
        expected = _rows(plain.query(text, use_default_graph_as_union=True,
                                     substitutions={ox.Variable(k): v
                                                    for k, v in bindings.items()}))
        assert _rows(embedded.evaluate(text, bindings)) == expected, query.name
        compared += 1
    assert compared >= 15
