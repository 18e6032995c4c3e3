"""The state one build threads through every ingest step.

Ingest modules receive a :class:`BuildContext`, add triples to the named graph of the
document they read, and attach evidence through :meth:`BuildContext.add_evidence`, which
refuses any quote not found verbatim in its document.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from rdflib import Dataset, Graph, Literal, URIRef
from rdflib.namespace import RDF, XSD

from ..config import Settings
from ..errors import InputError, UnknownReferenceError
from ..namespaces import LAPE, bind_prefixes
from ..redaction import Redactions
from .iris import Iris
from .sources import SourceDocument


@dataclass
class Declared:
    """An entity some file declared: where, and under which IRI."""

    iri: URIRef
    kind: str
    where: str


@dataclass
class BuildContext:
    settings: Settings
    sources: dict[str, SourceDocument]
    iris: Iris = field(init=False)
    dataset: Dataset = field(init=False)
    declared: dict[str, Declared] = field(default_factory=dict)
    evidence_count: int = 0
    #: labels of entities declared from data/reference/ (kind/key → {lang: label})
    reference_labels: dict[str, dict[str, str]] = field(default_factory=dict)
    #: (entity IRI, key in organizations.csv, where) to link once everything is loaded
    reference_links: list[tuple[URIRef, str, str]] = field(default_factory=list)
    #: YSO concept URIs marked VERIFIED in data/reference/yso-concepts.csv
    yso_concepts: dict[str, dict[str, str]] = field(default_factory=dict)
    #: the takedown list, applied after every ingest step (lapekg.redaction)
    redactions: Redactions = field(default_factory=Redactions)
    #: what each imported statistics file gave (lapekg.ingest.sotkanet.Outcome)
    import_outcomes: list = field(default_factory=list)

    def __post_init__(self) -> None:
        self.iris = Iris(self.settings.base)
        self.dataset = Dataset()
        bind_prefixes(self.dataset, self.settings.base)

    # -- graphs ---------------------------------------------------------------------

    def graph(self, name: str, where: str | None = None) -> Graph:
        """The named graph of a source document id, or of 'ontology' / 'reference'."""
        if name not in self.sources and name not in {"ontology", "reference", "inferred"}:
            raise InputError(f"unknown document {name!r}", where=where,
                             hint=f"one of: {', '.join(sorted(self.sources))}")
        return self.dataset.graph(self.iris.graph(name))

    # -- entities -------------------------------------------------------------------

    def declare(self, reference: str, where: str) -> URIRef:
        """Register ``kind/key`` as declared (once); return its IRI."""
        iri = self.iris.ref(reference, where)
        if reference in self.declared:
            first = self.declared[reference].where
            raise InputError(f"{reference} is declared twice", where=where,
                             hint=f"first declared at {first}")
        self.declared[reference] = Declared(iri, reference.partition("/")[0], where)
        return iri

    def resolve(self, reference: str, where: str, kinds: tuple[str, ...] | None = None) -> URIRef:
        """IRI of a declared entity, or an error naming the entry that refers to it."""
        if kinds and reference.partition("/")[0] not in kinds:
            raise InputError(f"{reference!r} must refer to one of: {', '.join(kinds)}",
                             where=where)
        if reference not in self.declared:
            raise UnknownReferenceError(
                f"unknown reference {reference!r}", where=where,
                hint="declare it in a file under data/curated/ or fix the spelling",
            )
        return self.declared[reference].iri

    def verified_yso(self, uri: str, where: str) -> URIRef:
        """A YSO concept IRI, accepted only when the reference table marks it verified."""
        if uri not in self.yso_concepts:
            raise InputError(f"{uri} is not a verified YSO concept", where=where,
                             hint="use a URI from data/reference/yso-concepts.csv with "
                                  "status VERIFIED")
        return URIRef(uri)

    # -- evidence -------------------------------------------------------------------

    def add_evidence(self, subject: URIRef, doc_id: str, quote: str, *,
                     where: str, occurrence: int = 1,
                     span: tuple[int, int] | None = None) -> URIRef:
        """Attach a verbatim quote from ``doc_id`` to ``subject``.

        Curated entries give the quote and the build finds it; parsers that already know
        where a table row sits pass ``span`` and the build checks the text there.
        """
        if doc_id not in self.sources:
            raise InputError(f"evidence cites unknown document {doc_id!r}", where=where,
                             hint=f"one of: {', '.join(sorted(self.sources))}")
        document = self.sources[doc_id]
        if span is None:
            start, end = document.locate(quote, occurrence, where)
        else:
            start, end = span
            if document.text[start:end] != quote:
                raise InputError(f"span {start}-{end} of {document.file} is not the quote",
                                 where=where)
        evidence = self.iris.evidence(doc_id, start, end)
        graph = self.graph(doc_id)
        if (evidence, RDF.type, LAPE.Evidence) not in graph:
            graph.add((evidence, RDF.type, LAPE.Evidence))
            graph.add((evidence, LAPE.document, self.iris.document(doc_id)))
            graph.add((evidence, LAPE.quote, Literal(document.text[start:end])))
            graph.add((evidence, LAPE.startOffset, Literal(start, datatype=XSD.nonNegativeInteger)))
            graph.add((evidence, LAPE.endOffset, Literal(end, datatype=XSD.nonNegativeInteger)))
            graph.add((evidence, LAPE.line, Literal(document.line_of(start),
                                                    datatype=XSD.positiveInteger)))
            self.evidence_count += 1
        graph.add((subject, LAPE.evidence, evidence))
        return evidence
