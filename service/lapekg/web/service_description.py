"""The SPARQL 1.1 Service Description of the endpoint (answer to GET without a query)."""

from __future__ import annotations

import pyoxigraph as ox

from ..namespaces import DCTERMS, RDF, VOID
from ..store.base import Store
from ..store.results import GRAPH_FORMATS, RESULT_FORMATS
from .caching import per_release

SD = "http://www.w3.org/ns/sparql-service-description#"
NAMED_GRAPHS = "SELECT ?g (COUNT(*) AS ?triples) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g"


def _sd(name: str) -> ox.NamedNode:
    return ox.NamedNode(SD + name)


def description(endpoint: str, store: Store, updates: bool, title: str) -> list[ox.Triple]:
    """Triples describing ``endpoint``: languages, formats, features, its named graphs."""
    service = ox.NamedNode(endpoint)
    a = ox.NamedNode(str(RDF.type))
    triples = [
        ox.Triple(service, a, _sd("Service")),
        ox.Triple(service, _sd("endpoint"), service),
        ox.Triple(service, _sd("supportedLanguage"), _sd("SPARQL11Query")),
        ox.Triple(service, _sd("feature"), _sd("UnionDefaultGraph")),
        ox.Triple(service, ox.NamedNode(str(DCTERMS.title)), ox.Literal(title, language="en")),
    ]
    if updates:
        triples.append(ox.Triple(service, _sd("supportedLanguage"), _sd("SPARQL11Update")))
    iris = [f.iri for f in RESULT_FORMATS.values()] + [f.iri for f in GRAPH_FORMATS.values()]
    for iri in iris:
        triples.append(ox.Triple(service, _sd("resultFormat"), ox.NamedNode(iri)))
    dataset = ox.BlankNode()
    default_graph = ox.BlankNode()
    triples += [
        ox.Triple(service, _sd("defaultDataset"), dataset),
        ox.Triple(dataset, a, _sd("Dataset")),
        ox.Triple(dataset, _sd("defaultGraph"), default_graph),
        ox.Triple(default_graph, a, _sd("Graph")),
    ]
    for row in per_release("named-graph-counts", lambda: store.select(NAMED_GRAPHS)):
        named, graph = ox.BlankNode(), ox.BlankNode()
        triples += [
            ox.Triple(dataset, _sd("namedGraph"), named),
            ox.Triple(named, a, _sd("NamedGraph")),
            ox.Triple(named, _sd("name"), row["g"]),
            ox.Triple(named, _sd("graph"), graph),
            ox.Triple(graph, a, _sd("Graph")),
            ox.Triple(graph, ox.NamedNode(str(VOID.triples)), row["triples"]),
        ]
    return triples


def serialise(triples: list[ox.Triple], media_type: str) -> bytes:
    fmt = GRAPH_FORMATS[media_type]
    items: list = triples
    if fmt.supports_datasets:
        items = [ox.Quad(t.subject, t.predicate, t.object) for t in triples]
    prefixes = {"sd": SD, "void": str(VOID)}
    return ox.serialize(items, format=fmt, prefixes=prefixes
                        if fmt in (ox.RdfFormat.TURTLE, ox.RdfFormat.TRIG) else None) or b""
