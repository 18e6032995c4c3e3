"""Outbound links: the graph's links to national and open datasets (Wikidata, YSO).

The links are the triples whose object lies in a target dataset's URI space:

- ``owl:sameAs`` to Wikidata items (municipalities, regions, organisations);
- ``skos:exactMatch`` to YSO places (municipalities, regions);
- ``dcterms:subject`` to YSO concepts (practices).

Every value comes from the verified reference data (``data/reference/``).

- The VoID description (``/dataset``) carries one ``void:Linkset`` for each target and
  predicate, with its triple count.
- ``/dump/lapekg-links.nt`` (also ``.ttl``, ``.nq``, ``.jsonld``, ``.rdf``) is the
  download of every link, read from the published store for the current release.
- Entity pages list an entity's links under "Elsewhere" (entities.external_links).
"""

from __future__ import annotations

from dataclasses import dataclass

import pyoxigraph as ox
from flask import Blueprint, Response

from ..errors import NotFound
from ..namespaces import DCTERMS, FOAF, OWL, RDF, SKOS, VOID, XSD
from . import render
from .caching import per_release
from .entities import select
from .render import BY_SUFFIX, settings

bp = Blueprint("links", __name__)

LINKS_STEM = "lapekg-links"
LINK_PREDICATES = (str(OWL.sameAs), str(SKOS.exactMatch), str(SKOS.closeMatch),
                   str(DCTERMS.subject))


@dataclass(frozen=True)
class Target:
    """A dataset the graph links to."""

    key: str
    title: str
    uri_space: str
    homepage: str


TARGETS = (
    Target("wikidata", "Wikidata", "http://www.wikidata.org/entity/",
           "https://www.wikidata.org/"),
    Target("yso", "YSO – General Finnish Ontology (Finto)", "http://www.yso.fi/onto/yso/",
           "https://finto.fi/yso/"),
)


def _in_targets(var: str) -> str:
    return " || ".join(f'STRSTARTS(STR(?{var}), "{target.uri_space}")' for target in TARGETS)


def _predicates() -> str:
    return " ".join(f"<{p}>" for p in LINK_PREDICATES)


def _links_pattern() -> str:
    """The outbound links ?s ?p ?o (no person is linked out: people are kept to the graph)."""
    return (f"VALUES ?p {{ {_predicates()} }} ?s ?p ?o . "
            f"FILTER(isIRI(?o) && ({_in_targets('o')})) "
            f"FILTER NOT EXISTS {{ ?s a <{FOAF.Person}> }}")


def link_query() -> str:
    """Every outbound link."""
    return f"SELECT DISTINCT ?s ?p ?o WHERE {{ {_links_pattern()} }} ORDER BY ?s ?p ?o"


def link_triples() -> list[ox.Triple]:
    return [ox.Triple(row["s"], row["p"], row["o"]) for row in select(link_query())]


def linkset_counts() -> list[tuple[Target, str, int]]:
    """(target, predicate, number of links) for each linkset that has links, once per data
    release (lapekg.web.caching)."""
    return per_release("linkset-counts", _linkset_counts)


def _linkset_counts() -> list[tuple[Target, str, int]]:
    cases = " ".join(f'IF(STRSTARTS(STR(?o), "{t.uri_space}"), "{t.key}",' for t in TARGETS)
    rows = select(
        f"SELECT ?p ?target (COUNT(DISTINCT *) AS ?n) WHERE {{ {_links_pattern()} "
        f"BIND({cases} \"\"{')' * len(TARGETS)} AS ?target) }} "
        f"GROUP BY ?p ?target ORDER BY ?target ?p")
    by_key = {target.key: target for target in TARGETS}
    return [(by_key[row["target"].value], row["p"].value, int(row["n"].value))
            for row in rows if row["target"].value in by_key]


def linkset_triples(dataset: ox.NamedNode) -> list[ox.Triple]:
    """VoID: each target dataset, and each linkset as a subset of ``dataset``."""
    base = settings().base
    triples: list[ox.Triple] = []

    def add(s, p, o) -> None:
        triples.append(ox.Triple(s, ox.NamedNode(str(p)), o))

    described: set[str] = set()
    for target, predicate, count in linkset_counts():
        other = ox.NamedNode(f"{base}dataset#target-{target.key}")
        if target.key not in described:
            described.add(target.key)
            add(other, RDF.type, ox.NamedNode(str(VOID.Dataset)))
            add(other, DCTERMS.title, ox.Literal(target.title, language="en"))
            add(other, VOID.uriSpace, ox.Literal(target.uri_space))
            add(other, FOAF.homepage, ox.NamedNode(target.homepage))
        name = predicate.rsplit("#", 1)[-1].rsplit("/", 1)[-1]
        linkset = ox.NamedNode(f"{base}dataset#links-{target.key}-{name}")
        add(dataset, VOID.subset, linkset)
        add(linkset, RDF.type, ox.NamedNode(str(VOID.Linkset)))
        add(linkset, VOID.subjectsTarget, dataset)
        add(linkset, VOID.objectsTarget, other)
        add(linkset, VOID.linkPredicate, ox.NamedNode(predicate))
        add(linkset, VOID.triples, ox.Literal(str(count), datatype=ox.NamedNode(str(XSD.integer))))
        add(linkset, VOID.dataDump, ox.NamedNode(f"{base}dump/{LINKS_STEM}.nt"))
    return triples


@bp.get(f"/dump/{LINKS_STEM}.<suffix>")
def links_dump(suffix: str) -> Response:
    """Every outbound link, in the format the suffix names."""
    fmt = BY_SUFFIX.get(suffix)
    if fmt is None:
        raise NotFound(f"no links dump format {suffix!r}",
                       hint="one of: " + ", ".join(sorted(BY_SUFFIX)))
    response = render.rdf_response(link_triples(), fmt, alternates=[
        render.Link(f"/dump/{LINKS_STEM}.{other.suffix}", "alternate", other.media_type)
        for other in BY_SUFFIX.values() if other is not fmt])
    response.headers["Content-Disposition"] = f'attachment; filename="{LINKS_STEM}.{suffix}"'
    return response
