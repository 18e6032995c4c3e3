"""The source documents themselves as entities (lape:SourceDocument)."""

from __future__ import annotations

from rdflib import Literal
from rdflib.namespace import DCTERMS, RDF, RDFS, XSD

from ..errors import InputError
from ..namespaces import LAPE
from .context import BuildContext


def _date(value: str) -> Literal:
    datatype = {4: XSD.gYear, 7: XSD.gYearMonth, 10: XSD.date}.get(len(value))
    if datatype is None:
        raise InputError(f"document date {value!r} is not YYYY, YYYY-MM or YYYY-MM-DD")
    return Literal(value, datatype=datatype)


def ingest(ctx: BuildContext) -> None:
    """One lape:SourceDocument per manifest entry, with its title line as evidence."""
    for doc_id, document in ctx.sources.items():
        meta = document.meta
        where = getattr(meta, "where", f"data/sources/sources.yaml ({doc_id})")
        iri = ctx.declare(f"document/{doc_id}", where)
        graph = ctx.graph(doc_id)
        graph.add((iri, RDF.type, LAPE.SourceDocument))
        for lang, title in meta["title"].items():
            graph.add((iri, DCTERMS.title, Literal(title, lang=lang)))
            graph.add((iri, RDFS.label, Literal(title, lang=lang)))
        graph.add((iri, DCTERMS.date, _date(str(meta["date"]))))
        graph.add((iri, DCTERMS.publisher, Literal(meta["publisher"])))
        graph.add((iri, LAPE.fileName, Literal(document.file)))
        graph.add((iri, LAPE.sha256, Literal(meta["sha256"])))
        graph.add((iri, DCTERMS.language, Literal("fi")))
        if "quote" not in meta:
            raise InputError("document entry lacks 'quote' (its evidence)", where=where)
        ctx.add_evidence(iri, doc_id, str(meta["quote"]), where=where)
