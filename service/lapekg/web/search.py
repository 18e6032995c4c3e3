"""``/search?q=…``: labels in every language, case- and accent-insensitive, ranked.

Folding (``Ä`` → ``a``, ``å`` → ``a``, ``é`` → ``e`` …) is done the same way on both sides:
:data:`FOLDS` is the one table; :func:`fold` applies it in Python to the query and
:data:`FOLD_SPARQL` applies it in SPARQL to the labels, so the store needs no text index
and the results follow each new build at once. The query words are *bound* as literals,
never pasted into the SPARQL text.

Rank: 0 the whole label equals the query, 1 the label starts with it, 2 a word of the label
starts with it, 3 the label contains every word of the query anywhere (Finnish compounds:
"keskus" finds "perhekeskus"); ties go to shorter labels.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field

import pyoxigraph as ox
from flask import Blueprint, Response, jsonify, request

from ..errors import ParameterError
from ..namespaces import DCTERMS, FOAF, RDFS, SKOS
from .entities import (
    INDEX_BY_SLUG,
    INDEXES,
    Labels,
    Value,
    page_number,
    select,
    values,
    values_of,
)
from .negotiation import choose
from .render import chosen_language, lang_url, local_path, render_page

bp = Blueprint("search", __name__)

PAGE_SIZE = 20
MAX_QUERY = 200
MAX_WORDS = 6
SEARCH_PROPERTIES = (RDFS.label, SKOS.prefLabel, SKOS.altLabel, FOAF.name, DCTERMS.title)

#: Folded letter ← the characters folded into it (lower case; applied after lower-casing).
FOLDS: dict[str, str] = {
    "a": "àáâãäåāą", "c": "çčć", "e": "èéêëēę", "i": "ìíîïī", "n": "ñń", "o": "òóôõöøō",
    "s": "šś", "u": "ùúûüū", "y": "ýÿ", "z": "žźż", " ": "-–—_/,.;:()\"'",
}
_TABLE = str.maketrans({c: target for target, chars in FOLDS.items() for c in chars})


def _fold_sparql(expression: str) -> str:
    """SPARQL text applying :data:`FOLDS` to ``expression`` (constant, built at import)."""
    for target, chars in FOLDS.items():
        # Inside a SPARQL string: a regex escape is "\\x", a double quote is "\"".
        escaped = "".join('\\"' if c == '"' else "\\\\" + c if c in "\\]^-" else c
                          for c in chars)
        expression = f'REPLACE({expression}, "[{escaped}]", "{target}")'
    single_spaced = f'REPLACE(REPLACE({expression}, "\\\\s+", " "), "^ | $", "")'
    return f'CONCAT(" ", {single_spaced}, " ")'


FOLD_SPARQL = _fold_sparql("LCASE(STR(?l))")


def fold(text: str) -> str:
    """Lower-case, accent-free, punctuation as spaces, single-spaced, padded with spaces.

    The padding makes "a word starts with" a plain ``CONTAINS(" " + word)``.
    """
    folded = unicodedata.normalize("NFC", text).lower().translate(_TABLE)
    return " " + " ".join(folded.split()) + " "


@dataclass
class Hit:
    entity: Value
    matched: str
    rank: int
    types: list[Value] = field(default_factory=list)

    def to_dict(self) -> dict[str, object]:
        return {"iri": self.entity.iri, "label": self.entity.text, "matched": self.matched,
                "rank": self.rank, "url": self.entity.href,
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


def search_sparql(bound: str, words: int, classes: tuple[str, ...], limit: int,
                  offset: int) -> str:
    """The search query for ``words`` words (?w0 …, bound with ?q and ?start in the VALUES
    row ``bound``), optionally within ``classes``."""
    labels = "|".join(f"<{p}>" for p in SEARCH_PROPERTIES)
    every_word = " && ".join(f"CONTAINS(?f, ?w{i})" for i in range(words))
    type_filter = ""
    if classes:
        type_filter = "VALUES ?class { " + " ".join(f"<{c}>" for c in classes) + " } ?s a ?class ."
    return f"""
SELECT ?s (MIN(?k) AS ?key) (MIN(STRLEN(?l)) AS ?length) WHERE {{
  {bound}
  ?s {labels} ?l .
  {type_filter}
  BIND({FOLD_SPARQL} AS ?f)
  FILTER({every_word})
  BIND(IF(?f = ?q, "0", IF(STRSTARTS(?f, ?start), "1",
       IF(CONTAINS(?f, ?start), "2", "3"))) AS ?rank)
  BIND(CONCAT(?rank, STR(?l)) AS ?k)
}} GROUP BY ?s ORDER BY SUBSTR(?key, 1, 1) ?length ?key ?s LIMIT {limit} OFFSET {offset}"""


def search(text: str, type_slug: str, lang: str, page_no: int) -> SearchResult:
    """One page of ranked hits (three queries: hits, their labels, their types)."""
    if len(text) > MAX_QUERY:
        raise ParameterError(f"the search text is longer than {MAX_QUERY} characters",
                             where="parameter q")
    if type_slug and type_slug not in INDEX_BY_SLUG:
        raise ParameterError(f"unknown type {type_slug!r}", where="parameter type",
                             hint="one of: " + ", ".join(INDEX_BY_SLUG))
    type_choices = [(index.slug, index.title.get(lang, index.title["en"])) for index in INDEXES]
    folded = fold(text)
    words = folded.split()[:MAX_WORDS]
    if not words:
        return SearchResult(text, type_slug, page_no, [], False, type_choices)
    bound = values(q=ox.Literal(folded), start=ox.Literal(folded.rstrip()),
                   **{f"w{i}": ox.Literal(word) for i, word in enumerate(words)})
    classes = INDEX_BY_SLUG[type_slug].classes if type_slug else ()
    rows = select(search_sparql(bound, len(words), classes, PAGE_SIZE + 1,
                                (page_no - 1) * PAGE_SIZE))
    has_more = len(rows) > PAGE_SIZE
    rows = rows[:PAGE_SIZE]
    iris = {row["s"].value for row in rows if isinstance(row["s"], ox.NamedNode)}
    labels = Labels(iris, lang)
    types: dict[str, list[Value]] = {}
    if iris:
        block = values_of("r", (ox.NamedNode(i) for i in sorted(iris)))
        type_rows = select(f"SELECT ?r ?type WHERE {{ {block} ?r a ?type }}")
        type_iris = {row["type"].value for row in type_rows}
        type_labels = Labels(type_iris, lang) if type_iris else labels
        for row in type_rows:
            types.setdefault(row["r"].value, []).append(type_labels.value(row["type"]))
    hits = []
    for row in rows:
        if not isinstance(row["s"], ox.NamedNode):
            continue
        key = row["key"].value
        entity = labels.value(row["s"])
        if local_path(row["s"].value) is None:
            entity.href = row["s"].value
        hits.append(Hit(entity=entity, matched=key[1:], rank=int(key[0]),
                        types=types.get(row["s"].value, [])))
    return SearchResult(text, type_slug, page_no, hits, has_more, type_choices)


def wants_json() -> bool:
    """``format=json``, or an Accept preferring JSON (the service's one Accept parser)."""
    if request.args.get("format") == "json":
        return True
    return choose(request.headers.get("Accept"), ["text/html", "application/json"]) \
        == "application/json"


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
