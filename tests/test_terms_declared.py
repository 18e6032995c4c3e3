"""Every term the data and the shapes use is declared in the ontology or its vocabularies.

Scans the built dump (all named graphs) and shapes/*.ttl for IRIs in the lape: ontology
namespace and the vocab: namespace — as predicates, classes and objects — and checks each
is declared (typed) in ontology/lape.ttl + ontology/vocabularies.ttl.
"""

from __future__ import annotations

from rdflib import Dataset, Graph, URIRef
from rdflib.namespace import RDF

from lapekg.namespaces import LAPE, VOCAB
from lapekg.ontology import load_ontology
from lapekg.validate import load_shapes

OURS = (str(LAPE), str(VOCAB))


def _our_terms(graph: Graph) -> set[URIRef]:
    terms: set[URIRef] = set()
    for s, p, o in graph:
        for term in (s, p, o):
            if isinstance(term, URIRef) and str(term).startswith(OURS):
                terms.add(term)
    return terms


def _declared(ontology: Graph) -> set[URIRef]:
    return {s for s in ontology.subjects(RDF.type, None) if isinstance(s, URIRef)}


def test_every_term_in_the_built_data_is_declared(settings) -> None:
    ontology = load_ontology(settings.root)
    dataset = Dataset()
    dataset.parse(settings.build_dir / "dump" / "lapekg.trig", format="trig")
    used: set[URIRef] = set()
    for graph in dataset.graphs():
        used |= _our_terms(graph)
    assert len(used) > 60  # the data really uses the ontology
    missing = sorted(used - _declared(ontology))
    assert not missing, f"used in data/ but not declared in ontology/: {missing}"


def test_every_term_in_the_shapes_is_declared(settings) -> None:
    ontology = load_ontology(settings.root)
    used = _our_terms(load_shapes(settings.root / "shapes"))
    assert len(used) > 60
    missing = sorted(used - _declared(ontology))
    assert not missing, f"used in shapes/ but not declared in ontology/: {missing}"


def test_an_undeclared_term_is_caught(settings) -> None:
    ontology = load_ontology(settings.root)
    graph = Graph()
    graph.add((URIRef("urn:x"), LAPE.noSuchProperty, URIRef("urn:y")))
    assert _our_terms(graph) - _declared(ontology) == {LAPE.noSuchProperty}
