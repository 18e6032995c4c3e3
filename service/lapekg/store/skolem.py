"""Skolemisation: blank nodes become IRIs when a graph is published (RDF 1.1 §3.5).

Blank nodes (here the OWL lists and restrictions of the ontology) have labels that are
local to one response, so the same node cannot be named in a second request, and the
SPARQL results formats spell them differently (JSON ``"value": "b0"``, CSV ``_:b0``) so
clients comparing formats disagree. Published as ``<base>.well-known/genid/<label>``
they are ordinary IRIs. Labels come from RDFC-1.0 canonicalisation of the quads that
mention blank nodes, so an unchanged ontology keeps the same skolem IRIs build after
build.
"""

from __future__ import annotations

from collections.abc import Iterable

import pyoxigraph as ox

from .. import iri as scheme

GENID = scheme.GENID


def _skolem(term, prefix: str):
    return ox.NamedNode(prefix + term.value) if isinstance(term, ox.BlankNode) else term


def _has_blank(quad: ox.Quad) -> bool:
    return any(isinstance(t, ox.BlankNode) for t in (quad.subject, quad.object, quad.graph_name))


def skolemize(quads: Iterable[ox.Quad], base: str) -> list[ox.Quad]:
    """The quads mentioning blank nodes, rewritten with stable skolem IRIs."""
    with_blanks = [q for q in quads if _has_blank(q)]
    if not with_blanks:
        return []
    dataset = ox.Dataset(with_blanks)
    dataset.canonicalize(ox.CanonicalizationAlgorithm.RDFC_1_0)
    prefix = base + GENID
    return [ox.Quad(_skolem(q.subject, prefix), q.predicate, _skolem(q.object, prefix),
                    _skolem(q.graph_name, prefix)) for q in dataset]


def skolemize_store(store: ox.Store, base: str) -> int:
    """Replace every blank node in ``store`` by a skolem IRI; return the quads rewritten."""
    with_blanks = [q for q in store.quads_for_pattern(None, None, None) if _has_blank(q)]
    rewritten = skolemize(with_blanks, base)
    for quad in with_blanks:
        store.remove(quad)
    store.extend(rewritten)
    return len(with_blanks)
