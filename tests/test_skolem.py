"""Skolemisation of blank nodes at publication (store/skolem.py)."""

from __future__ import annotations

import pyoxigraph as ox

from lapekg.store.skolem import GENID, skolemize_store

BASE = "https://w3id.org/lapekg/"
LIST = """
<urn:g> { <urn:C> <http://www.w3.org/2002/07/owl#unionOf> ( <urn:A> <urn:B> ) . }
<urn:h> { <urn:x> <urn:p> "no blank nodes here" . }
"""


def load() -> ox.Store:
    store = ox.Store()
    store.load(LIST.encode(), format=ox.RdfFormat.TRIG)
    return store


def test_blank_nodes_become_stable_skolem_iris():
    first, second = load(), load()
    assert skolemize_store(first, BASE) == 5
    skolemize_store(second, BASE)
    quads = sorted(str(q) for q in first)
    assert quads == sorted(str(q) for q in second)  # same IRIs from a fresh load
    assert not any(isinstance(t, ox.BlankNode) for q in first
                   for t in (q.subject, q.object, q.graph_name))
    assert sum(BASE + GENID in q for q in quads) == 5
    assert len(first) == 6
    ask = first.query("ASK { GRAPH <urn:g> { <urn:C> <http://www.w3.org/2002/07/owl#unionOf> "
                      "?l . ?l <http://www.w3.org/1999/02/22-rdf-syntax-ns#first> <urn:A> } }")
    assert bool(ask)


def test_nothing_to_do():
    store = ox.Store()
    store.add(ox.Quad(ox.NamedNode("urn:a"), ox.NamedNode("urn:b"), ox.Literal("c")))
    assert skolemize_store(store, BASE) == 0
