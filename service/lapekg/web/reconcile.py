"""Reconciliation: the W3C Entity Reconciliation Service API (0.2), as OpenRefine speaks it.

A researcher with a spreadsheet column of names ("Porvoossa", "Borgå", "Kymsote") matches
it to the graph's IRIs. ``GET /reconcile`` is the service manifest; ``GET`` or ``POST
/reconcile`` with ``queries`` (a JSON object of queries, form-encoded as OpenRefine sends
it) answers each query with ranked candidates.

- The matching is the search's: :class:`lapekg.matcher.Matcher` over every label. It
  handles inflected Finnish forms, Swedish and English names and typos.
- The types are municipalities, organisations, practices and people.
- ``properties`` with a ``pid`` of ``lape:municipalityCode`` (or its full IRI) and a value
  keep only the candidates with that code.
- A text that matches nothing is tried again without the words a spreadsheet adds to a
  name ("Lohjan kaupunki", "Borgå stad", "City of Lohja").
- A candidate is a ``match`` (safe to accept automatically) when it is the only one whose
  whole label is the query, word for word.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

import pyoxigraph as ox
from flask import Blueprint, Response, jsonify, request

from .. import iri as scheme
from ..errors import ParameterError
from ..matcher import words
from ..namespaces import LAPE
from .entities import INDEX_BY_SLUG, Labels, select, values_of
from .render import settings
from .search import search_index

bp = Blueprint("reconcile", __name__)

MAX_QUERIES = 50
DEFAULT_LIMIT = 3
MAX_LIMIT = 25
ORG = "http://www.w3.org/ns/org#Organization"
#: Words a spreadsheet adds to a municipality's name ("Lohjan kaupunki", "Borgå stad",
#: "City of Lohja"); tried without them when the whole text matches nothing.
GENERIC_WORDS = {"kaupunki", "kaupungin", "kunta", "kunnan", "stad", "staden", "kommun",
                 "kommunen", "city", "town", "municipality", "of"}


@dataclass(frozen=True)
class ReconcileType:
    id: str
    name: str
    classes: tuple[str, ...]


TYPES = (
    ReconcileType(str(LAPE.Municipality), "Municipality (kunta)",
                  INDEX_BY_SLUG["municipalities"].classes),
    ReconcileType(ORG, "Organisation (organisaatio)", INDEX_BY_SLUG["organisations"].classes),
    ReconcileType(str(LAPE.Practice), "Practice (toimintamalli)",
                  INDEX_BY_SLUG["practices"].classes),
    ReconcileType(str(LAPE.Person), "Person (henkilö)", INDEX_BY_SLUG["people"].classes),
)
TYPE_BY_ID = {t.id: t for t in TYPES}
PROPERTIES = {"lape:municipalityCode": str(LAPE.municipalityCode),
              str(LAPE.municipalityCode): str(LAPE.municipalityCode)}


def manifest() -> dict:
    base = settings().base
    return {
        "versions": ["0.2"],
        "name": "LAPE knowledge graph (lapekg)",
        "identifierSpace": scheme.id_space(base),
        "schemaSpace": str(LAPE),
        "defaultTypes": [{"id": t.id, "name": t.name} for t in TYPES],
        "view": {"url": "{{id}}"},
        "batchSize": MAX_QUERIES,
    }


def _queries() -> dict[str, dict]:
    raw = request.values.get("queries")
    if raw is None:
        raise ParameterError("no 'queries' parameter", where="parameter queries",
                             hint='send queries={"q0": {"query": "Porvoo"}} '
                                  "(GET /reconcile alone is the manifest)")
    try:
        queries = json.loads(raw)
    except ValueError as exc:
        raise ParameterError(f"'queries' is not JSON: {exc.msg} at character {exc.pos}",
                             where="parameter queries") from exc
    if not isinstance(queries, dict) or not all(isinstance(q, dict) for q in queries.values()):
        raise ParameterError("'queries' must be a JSON object of query objects",
                             where="parameter queries",
                             hint='{"q0": {"query": "Porvoo", "type": "…", "limit": 3}}')
    if len(queries) > MAX_QUERIES:
        raise ParameterError(f"{len(queries)} queries in one batch; at most {MAX_QUERIES}",
                             where="parameter queries", hint="send them in smaller batches")
    return queries


def _checked(key: str, query: dict) -> tuple[str, tuple[ReconcileType, ...], int, list]:
    where = f"parameter queries, {key}"
    text = query.get("query")
    if not isinstance(text, str) or not text.strip():
        raise ParameterError(f"query {key!r} has no 'query' text", where=where)
    wanted = query.get("type")
    if wanted in (None, ""):
        types = TYPES
    else:
        ids = [wanted] if isinstance(wanted, str) else wanted
        if not isinstance(ids, list) or any(i not in TYPE_BY_ID for i in ids):
            raise ParameterError(f"query {key!r}: unknown type {wanted!r}", where=where,
                                 hint="one of: " + ", ".join(TYPE_BY_ID))
        types = tuple(TYPE_BY_ID[i] for i in ids)
    limit = query.get("limit", DEFAULT_LIMIT)
    if not isinstance(limit, int) or isinstance(limit, bool) or not 1 <= limit <= MAX_LIMIT:
        raise ParameterError(f"query {key!r}: limit {limit!r} is not 1–{MAX_LIMIT}", where=where)
    properties = query.get("properties") or []
    if not isinstance(properties, list):
        raise ParameterError(f"query {key!r}: 'properties' must be a list", where=where)
    for prop in properties:
        if not isinstance(prop, dict) or prop.get("pid") not in PROPERTIES:
            raise ParameterError(f"query {key!r}: unknown property {prop!r}", where=where,
                                 hint="supported: pid lape:municipalityCode")
    return text, types, limit, properties


def _codes(entities: list[str]) -> dict[str, set[str]]:
    if not entities:
        return {}
    block = values_of("e", (ox.NamedNode(e) for e in entities))
    rows = select(f"SELECT ?e ?code WHERE {{ {block} ?e <{LAPE.municipalityCode}> ?code }}")
    found: dict[str, set[str]] = {}
    for row in rows:
        found.setdefault(row["e"].value, set()).add(row["code"].value)
    return found


def reconcile(key: str, query: dict, lang: str) -> dict:
    text, types, limit, properties = _checked(key, query)
    index = search_index()
    allowed = set().union(*(index.of_classes(t.classes) for t in types))
    matches = index.matcher.match(text, allowed)
    if not matches:
        kept = [word for word in words(text) if word not in GENERIC_WORDS]
        if kept and len(kept) < len(words(text)):
            matches = index.matcher.match(" ".join(kept), allowed)
    wanted_codes = {str(p.get("v")).strip() for p in properties}
    if wanted_codes:
        codes = _codes([m.entity for m in matches])
        matches = [m for m in matches if codes.get(m.entity, set()) & wanted_codes]
    matches = sorted(matches, key=lambda m: m.key())
    whole = [m for m in matches if m.rank == 0]
    shown = matches[:limit]
    labels = Labels({m.entity for m in shown}, lang)
    result = []
    for m in shown:
        kinds = [t for t in types if index.types.get(m.entity, set()) & set(t.classes)]
        # 0–100, as OpenRefine shows it: how the label matched first, then how well.
        score = round(max(0.0, 100 - 10 * m.rank) * m.score, 1)
        result.append({"id": m.entity, "name": labels.of(m.entity) or m.label,
                       "type": [{"id": t.id, "name": t.name} for t in kinds],
                       "score": score, "match": len(whole) == 1 and m is whole[0],
                       "description": f"matched {m.label!r}"})
    return {"result": result}


@bp.route("/reconcile", methods=["GET", "POST"])
def endpoint() -> Response:
    if "queries" not in request.values:
        if request.method == "POST":
            _queries()  # raises: a POST without queries is a mistake, not a manifest request
        response = jsonify(manifest())
    else:
        lang = request.values.get("lang", "fi")
        if lang not in ("fi", "sv", "en"):
            raise ParameterError(f"unknown language {lang!r}", where="parameter lang",
                                 hint="fi, sv or en")
        response = jsonify({key: reconcile(key, query, lang)
                            for key, query in _queries().items()})
    response.headers["Access-Control-Allow-Origin"] = "*"
    return response
