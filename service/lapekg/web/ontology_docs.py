"""The ontology documentation: ``/ontology`` is the ontology's IRI, its terms hash IRIs.

The page arranges the ontology graph (read once, in one query) for people: classes and
properties with their definitions, domains and ranges, and the concept schemes. The IRI
is negotiated in place (:func:`documents.register_document`), like the shapes'.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pyoxigraph as ox
from flask import Blueprint, Response

from .. import iri as scheme
from ..errors import StoreError
from ..namespaces import DCTERMS, OWL, RDF, RDFS, SKOS
from .documents import register_document
from .entities import INDEXES, LABEL_PROPERTIES, Labels, Term, Value, select, values
from .render import ONTOLOGY_IRI, Link, chosen_language, pick_label, render_page, settings

bp = Blueprint("ontology", __name__)


@dataclass
class OntologyTerm:
    """A class or property of the ontology as documented."""

    iri: str
    anchor: str
    label: str
    definition: str
    facts: dict[str, list[Value]] = field(default_factory=dict)


@dataclass
class OntologyDoc:
    title: str
    description: str
    facts: list[tuple[str, str]]
    classes: list[OntologyTerm]
    properties: list[OntologyTerm]
    schemes: list[Value]
    indexes: dict[str, str]


def ontology_triples() -> list[ox.Triple]:
    graph = ox.NamedNode(scheme.graph(settings().base, "ontology"))
    rows = select(f"SELECT ?s ?p ?o WHERE {{ {values(g=graph)} GRAPH ?g {{ ?s ?p ?o }} }}")
    return [ox.Triple(row["s"], row["p"], row["o"]) for row in rows]


def document_ontology(lang: str) -> OntologyDoc:
    """The ontology graph, read once, arranged for people."""
    triples = ontology_triples()
    if not triples:
        raise StoreError("the store has no ontology graph", hint="run `lapekg build`")
    by_subject: dict[str, dict[str, list[Term]]] = {}
    for t in triples:
        if isinstance(t.subject, ox.NamedNode):
            by_subject.setdefault(t.subject.value, {}).setdefault(t.predicate.value, []).append(
                t.object)

    def texts(iri: str, *props: str) -> str:
        pairs = [(o.value, o.language or "") for p in props
                 for o in by_subject.get(iri, {}).get(p, []) if isinstance(o, ox.Literal)]
        return pick_label(pairs, lang) or ""

    labels = Labels(set(), lang)
    labels.found = {s: [(o.value, o.language or "") for p in map(str, LABEL_PROPERTIES)
                        for o in props.get(p, []) if isinstance(o, ox.Literal)]
                    for s, props in by_subject.items()}
    namespace = ONTOLOGY_IRI + "#"

    def terms(*kinds: str) -> list[OntologyTerm]:
        found = []
        for iri, props in by_subject.items():
            types = _types(props)
            if not iri.startswith(namespace) or not types & set(kinds):
                continue
            facts = {}
            for name, prop in (("subClassOf", RDFS.subClassOf), ("domain", RDFS.domain),
                               ("domainIncludes", "https://schema.org/domainIncludes"),
                               ("range", RDFS.range), ("subPropertyOf", RDFS.subPropertyOf)):
                values = [labels.value(o) for o in props.get(str(prop), [])
                          if isinstance(o, ox.NamedNode)]
                if values:
                    facts[name] = values
            found.append(OntologyTerm(iri=iri, anchor=iri[len(namespace):],
                               label=texts(iri, str(RDFS.label), str(SKOS.prefLabel))
                               or iri[len(namespace):],
                               definition=texts(iri, str(SKOS.definition), str(RDFS.comment)),
                               facts=facts))
        return sorted(found, key=lambda term: term.anchor.lower())

    schemes = sorted((labels.value(ox.NamedNode(iri)) for iri, props in by_subject.items()
                      if str(SKOS.ConceptScheme) in _types(props)),
                     key=lambda value: value.text.lower())
    version = texts(ONTOLOGY_IRI, str(OWL.versionInfo))
    return OntologyDoc(
        title=texts(ONTOLOGY_IRI, str(DCTERMS.title)) or "lapekg ontology",
        description=texts(ONTOLOGY_IRI, str(DCTERMS.description)),
        facts=[("IRI", ONTOLOGY_IRI), ("version", version), ("prefix", f"lape: <{namespace}>")],
        classes=terms(str(OWL.Class)),
        properties=terms(str(OWL.ObjectProperty), str(OWL.DatatypeProperty),
                         str(OWL.AnnotationProperty)),
        schemes=schemes,
        indexes={cls: index.slug for index in INDEXES for cls in index.classes},
    )


def _types(props: dict[str, list[Term]]) -> set[str]:
    return {o.value for o in props.get(str(RDF.type), [])}


def ontology_page(alternates: list[Link]) -> Response:
    return render_page("ontology.html", doc=document_ontology(chosen_language()),
                       alternates=alternates)


register_document(bp, "/ontology", what="ontology", triples=ontology_triples,
                  page=ontology_page)
