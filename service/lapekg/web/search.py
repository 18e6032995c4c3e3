"""``/search?q=…``: labels in Finnish, Swedish and English, inflected forms, small typos.

The matching is :class:`lapekg.matcher.Matcher`'s (lemmas by simplemma, stems by
PyStemmer, typos by rapidfuzz; the same matcher serves reconciliation): the partitive
"vanhemmuusvalmennusta" finds Vanhemmuusvalmennus, "Hangossa" finds Hanko, "keskus" finds
"perhekeskus", "vanhemuusvalmennus" finds it despite the typo. The index holds every label
of the graph (rdfs:label, skos:prefLabel, skos:altLabel, foaf:name, dcterms:title) and
each labelled entity's types; it is built from the store on the first search (or at
start, by ``lapekg serve``) and again for each new data release (:func:`search_index`).
Request text never reaches a query: it is matched in Python against the index.

Rank: 0 the whole label is the query (word for word, inflected or not), 1 the label
starts with it, 2 every word matched exactly, by an inflected form or as a prefix, 3 some
word only inside a compound or with a typo; within a rank, the better score, then the
shorter label.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import pyoxigraph as ox
from flask import Blueprint, Response, jsonify, request

from ..errors import ParameterError
from ..matcher import Matcher, fold
from ..namespaces import DCTERMS, FOAF, RDFS, SKOS
from .caching import per_release
from .entities import (
    INDEX_BY_SLUG,
    INDEXES,
    Labels,
    Value,
    page_number,
    select,
)
from .render import chosen_language, lang_url, local_path, render_page
from .responses import wants_json

__all__ = ["fold", "search", "search_index"]

bp = Blueprint("search", __name__)

PAGE_SIZE = 20
MAX_QUERY = 200
MAX_WORDS = 6
SEARCH_PROPERTIES = (RDFS.label, SKOS.prefLabel, SKOS.altLabel, FOAF.name, DCTERMS.title)
#: Without a store file to watch (a remote store), the index is rebuilt this often.
REMOTE_REFRESH = 300.0


class SearchIndex:
    """The matcher over every label, and each labelled entity's types."""

    def __init__(self, rows: list[dict], type_rows: list[dict]) -> None:
        self.matcher = Matcher(
            (row["s"].value, row["l"].value, row["l"].language or "") for row in rows
            if isinstance(row["s"], ox.NamedNode) and isinstance(row["l"], ox.Literal))
        self.types: dict[str, set[str]] = {}
        for row in type_rows:
            self.types.setdefault(row["s"].value, set()).add(row["type"].value)

    @classmethod
    def load(cls) -> SearchIndex:
        labels = "|".join(f"<{p}>" for p in SEARCH_PROPERTIES)
        rows = select(f"SELECT ?s ?l WHERE {{ ?s {labels} ?l }}")
        type_rows = select(f"SELECT DISTINCT ?s ?type WHERE {{ ?s {labels} ?l ; a ?type }}")
        return cls(rows, type_rows)

    def of_classes(self, classes: tuple[str, ...]) -> set[str]:
        wanted = set(classes)
        return {entity for entity, types in self.types.items() if types & wanted}


def search_index(load: Callable[[], SearchIndex] = SearchIndex.load) -> SearchIndex:
    """The app's search index for the data it serves now: built once per data release
    (lapekg.web.caching), and every REMOTE_REFRESH seconds over a remote store."""
    return per_release("search-index", load, remote_ttl=REMOTE_REFRESH)


@dataclass
class Hit:
    entity: Value
    matched: str
    rank: int
    score: float
    types: list[Value] = field(default_factory=list)

    def to_dict(self) -> dict[str, object]:
        return {"iri": self.entity.iri, "label": self.entity.text, "matched": self.matched,
                "rank": self.rank, "score": self.score, "url": self.entity.href,
                "types": [t.iri for t in self.types]}


@dataclass
class SearchResult:
    query: str
    type: str
    page: int
    hits: list[Hit]
    has_more: bool
    types: list[tuple[str, str]]

    def to_dict(self) -> dict[str, object]:
        return {"query": self.query, "type": self.type or None, "page": self.page,
                "pageSize": PAGE_SIZE, "hasMore": self.has_more,
                "results": [hit.to_dict() for hit in self.hits]}


def search(text: str, type_slug: str, lang: str, page_no: int) -> SearchResult:
    """One page of ranked hits, with labels in ``lang`` and each hit's types."""
    if len(text) > MAX_QUERY:
        raise ParameterError(f"the search text is longer than {MAX_QUERY} characters",
                             where="parameter q")
    if type_slug and type_slug not in INDEX_BY_SLUG:
        raise ParameterError(f"unknown type {type_slug!r}", where="parameter type",
                             hint="one of: " + ", ".join(INDEX_BY_SLUG))
    type_choices = [(index.slug, index.title.get(lang, index.title["en"])) for index in INDEXES]
    if not fold(text).strip():
        return SearchResult(text, type_slug, page_no, [], False, type_choices)
    index = search_index()
    allowed = index.of_classes(INDEX_BY_SLUG[type_slug].classes) if type_slug else None
    matches = index.matcher.match(text, allowed, max_words=MAX_WORDS)
    first = (page_no - 1) * PAGE_SIZE
    shown = matches[first:first + PAGE_SIZE]
    labels = Labels({match.entity for match in shown}, lang)
    type_iris = {iri for match in shown for iri in index.types.get(match.entity, ())}
    type_labels = Labels(type_iris, lang) if type_iris else labels
    hits = []
    for match in shown:
        entity = labels.value(ox.NamedNode(match.entity))
        if local_path(match.entity) is None:
            entity.href = match.entity
        hits.append(Hit(entity=entity, matched=match.label, rank=match.rank,
                        score=match.score,
                        types=[type_labels.value(ox.NamedNode(iri))
                               for iri in sorted(index.types.get(match.entity, ()))]))
    return SearchResult(text, type_slug, page_no, hits, len(matches) > first + PAGE_SIZE,
                        type_choices)


@bp.get("/search")
def search_view() -> Response:
    text = request.args.get("q", "").strip()
    as_json = wants_json()
    if as_json and not text:
        raise ParameterError("parameter q is required", where="parameter q",
                             hint="e.g. /search?q=porvoo&format=json")
    result = search(text, request.args.get("type", ""), chosen_language(), page_number())
    if as_json:
        response = jsonify(result.to_dict())
    else:
        response = render_page("search.html", result=result, query=text,
                               next_href=lang_url("/search", q=text, type=result.type,
                                                  page=result.page + 1),
                               prev_href=lang_url("/search", q=text, type=result.type,
                                                  page=result.page - 1))
    response.vary.add("Accept")
    return response
