"""All IRI minting happens here.

Entity IRIs are ``<base>id/<kind>/<key>``: municipalities and regions use their official
Statistics Finland codes; everything else uses a slug fixed when the entry was first
written (curated files carry it as ``id``), so correcting a label never changes an IRI.
"""

from __future__ import annotations

import re
import unicodedata

from rdflib import URIRef

from .. import iri as scheme
from ..errors import InputError

SLUG = re.compile(r"^[a-z0-9]+(?:[-.][a-z0-9]+)*$")

#: Every kind of entity that gets an IRI under ``id/``.
KINDS = frozenset(
    {
        "municipality", "region", "area", "organisation", "person", "group", "membership",
        "programme", "plan", "document", "practice", "adoption", "goal", "measure",
        "indicator", "observation", "dataset", "survey", "roadmap-target",
        "child-friendly-status", "structural-change", "key-figure", "evidence",
        "participation", "dsd", "event", "inference-rule",
    }
)


def slugify(text: str) -> str:
    """ASCII slug of a label: 'Lukumummi- ja -vaari' -> 'lukumummi-ja-vaari'."""
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^a-z0-9]+", "-", folded.lower()).strip("-")


class Iris:
    """Mints the IRIs of one build under a configurable base."""

    def __init__(self, base: str):
        self.base = base

    def entity(self, kind: str, key: str, where: str | None = None) -> URIRef:
        if kind not in KINDS:
            raise InputError(f"unknown entity kind {kind!r}", where=where,
                             hint=f"one of: {', '.join(sorted(KINDS))}")
        if not SLUG.match(key):
            raise InputError(
                f"identifier {key!r} is not a slug", where=where,
                hint="lower-case ASCII letters and digits separated by '-' or '.'",
            )
        return URIRef(scheme.entity(self.base, f"{kind}/{key}"))

    def ref(self, reference: str, where: str | None = None) -> URIRef:
        """IRI of a reference written ``kind/key`` (e.g. ``municipality/638``)."""
        kind, sep, key = reference.partition("/")
        if not sep:
            raise InputError(f"reference {reference!r} must be written kind/key", where=where,
                             hint="e.g. municipality/638, person/maria-andersson")
        return self.entity(kind, key, where)

    def document(self, doc_id: str) -> URIRef:
        return self.entity("document", doc_id)

    def graph(self, name: str) -> URIRef:
        """Named graph: one per source document, plus 'ontology' and 'reference'."""
        return URIRef(scheme.graph(self.base, name))

    def evidence(self, doc_id: str, start: int, end: int) -> URIRef:
        return URIRef(scheme.entity(self.base, f"evidence/{doc_id}/{start}-{end}"))

    def key_of(self, iri: str) -> tuple[str, str] | None:
        """(kind, key) of an entity IRI minted here, else None."""
        path = scheme.entity_path(self.base, iri)
        if path is None:
            return None
        kind, sep, key = path.partition("/")
        return (kind, key) if sep and kind in KINDS else None
