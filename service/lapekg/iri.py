"""The IRI scheme, in one place: where entities, named graphs and skolem IRIs live.

Under the configurable base (``https://w3id.org/lapekg/`` by default): entities at
``<base>id/<kind>/<key>`` (minted by :class:`lapekg.ingest.iris.Iris`), named graphs at
``<base>graph/<name>``, skolemised blank nodes at ``<base>.well-known/genid/<label>``.
Every module that builds or parses one of these IRIs goes through here;
``tests/test_iri_scheme.py`` finds any hand-joined ``"id/"`` or ``"graph/"`` elsewhere.
"""

from __future__ import annotations

ID = "id/"
GRAPH = "graph/"
GENID = ".well-known/genid/"


def id_space(base: str) -> str:
    """``<base>id/``: the namespace of every entity (the ``id:`` prefix, VoID uriSpace)."""
    return base + ID


def entity(base: str, path: str) -> str:
    """``municipality/638`` → ``<base>id/municipality/638``."""
    return base + ID + path


def entity_path(base: str, iri: str) -> str | None:
    """Inverse of :func:`entity`: the path after ``<base>id/``, or None."""
    prefix = base + ID
    return iri[len(prefix):] if iri.startswith(prefix) and len(iri) > len(prefix) else None


def document(base: str, doc_id: str) -> str:
    """A source document's IRI, ``<base>id/document/<doc_id>``."""
    return entity(base, f"document/{doc_id}")


def graph(base: str, name: str) -> str:
    """A named graph's IRI, ``<base>graph/<name>`` (one per document, plus ontology,
    reference and inferred)."""
    return base + GRAPH + name
