"""Research views: pages over named queries, each with JSON and CSV twins.

A view is a page at a stable URL (``/views/<name>``) whose tables are the rows of named
queries in ``queries/``; ``/views/<name>.json`` and ``/views/<name>.csv`` serve the very
rows the page shows (same query, same bindings), and every table links to its query in
the editor (``/editor?named=<query>``). Filters are the named queries' own parameters,
passed as query-string values, so a filtered view is a shareable URL. Pages are plain
HTML tables: readable without JavaScript.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import json
from dataclasses import dataclass
from functools import lru_cache

from flask import Blueprint, Response, jsonify, request

from ..errors import NotFound, ParameterError
from ..namespaces import ADOPTION_KIND, AREA, STATUS, sparql_prologue
from ..queries import IRIREF, bind
from .dataset import DUMP_STEM, dump_dir, modified_stamp
from .render import TRIG, chosen_language, lang_url, local_path, pick_label, render_page, services

bp = Blueprint("views", __name__)

@dataclass(frozen=True)
class Table:
    """One named query's rows as shown: its name, its bindings and its rows."""

    query: str
    title: str
    bindings: dict[str, str]
    columns: tuple[str, ...]
    rows: list[dict[str, str]]

    def to_dict(self) -> dict[str, object]:
        return {"query": self.query, "title": self.title, "bindings": self.bindings,
                "columns": list(self.columns), "rows": self.rows}


def run_table(name: str, values: dict[str, str]) -> Table:
    """Run named query ``name`` with request ``values``; rows as plain strings."""
    svc = services()
    query = svc.named_query(name)
    bindings = bind(query, values, svc.settings.base)
    rows = svc.store.select(svc.named_text(query), bindings,
                            timeout=svc.settings.query_timeout)
    shown = {key: term.value for key, term in bindings.items()}
    columns = query.variables or tuple(dict.fromkeys(key for row in rows for key in row))
    return Table(name, query.title, shown, columns,
                 [{key: term.value for key, term in row.items()} for row in rows])


# --- diffusion ------------------------------------------------------------------------------


#: The diffusion page's concept filters: query-string name → (named-query parameter,
#: concept scheme). A value is the concept's local name (``peke``, ``made-permanent``).
CONCEPT_FILTERS = {"kind": ("kindConcept", ADOPTION_KIND),
                   "area": ("developmentArea", AREA),
                   "status": ("status", STATUS)}
#: Year filters: query-string name → named-query parameter.
YEAR_FILTERS = {"since": "since", "until": "until"}
DIFFUSION_ARGS = ("practice", "inferred", *CONCEPT_FILTERS, *YEAR_FILTERS, "lang")


def scheme_concepts(scheme: str, lang: str = "en") -> dict[str, str]:
    """The concepts in the vocabulary namespace ``scheme`` as the graph has them: local
    name → label in ``lang`` (with the usual fallback), ordered by label. The filters
    accept exactly these local names. (Not cached: a rebuild may change them, and the
    query is a handful of rows.)"""
    rows = services().store.select(
        "PREFIX skos: <http://www.w3.org/2004/02/skos/core#> SELECT ?c ?label WHERE "
        f"{{ ?c a skos:Concept ; skos:prefLabel ?label FILTER(STRSTARTS(STR(?c), \"{scheme}\")) }}")
    labels: dict[str, list[tuple[str, str]]] = {}
    for row in rows:
        labels.setdefault(row["c"].value[len(scheme):], []).append(
            (row["label"].value, row["label"].language or ""))
    named = {local: pick_label(pairs, lang) or local for local, pairs in labels.items()}
    return dict(sorted(named.items(), key=lambda item: (item[1].casefold(), item[0])))


def diffusion_filters() -> dict[str, str]:
    """The page's filters, checked, as the named query's parameter values."""
    unknown = set(request.args) - set(DIFFUSION_ARGS)
    if unknown:
        raise ParameterError(f"unknown parameter(s) {sorted(unknown)}", where="query string",
                             hint=f"accepted: {', '.join(DIFFUSION_ARGS)}")
    values: dict[str, str] = {}
    practice = request.args.get("practice", "").strip()
    if practice:
        values["practice"] = practice
    inferred = request.args.get("inferred", "").strip()
    if inferred:
        if inferred not in ("true", "false"):
            raise ParameterError(f"parameter 'inferred': {inferred!r} is not true or false",
                                 where="parameter inferred",
                                 hint="true = inferred adoptions only, false = stated only")
        values["isInferred"] = inferred
    for arg, (parameter, scheme) in CONCEPT_FILTERS.items():
        value = request.args.get(arg, "").strip()
        if not value:
            continue
        allowed = scheme_concepts(str(scheme))
        if value not in allowed:
            raise ParameterError(f"parameter {arg!r}: {value!r} is not allowed",
                                 where=f"parameter {arg}", hint=f"one of: {', '.join(allowed)}")
        values[parameter] = str(scheme) + value
    for arg, parameter in YEAR_FILTERS.items():
        value = request.args.get(arg, "").strip()
        if value:
            if not (len(value) == 4 and value.isdigit()):
                raise ParameterError(f"parameter {arg!r}: {value!r} is not a four-digit year",
                                     where=f"parameter {arg}",
                                     hint="since/until: the first/last year of adoptions shown")
            values[parameter] = value
    return values


def diffusion_tables(summaries: bool = True) -> list[Table]:
    """The adoptions table, the cascades (of the chosen practice, if one is) and, unless
    one practice is chosen (or ``summaries`` is false), the summary tables."""
    values = diffusion_filters()
    tables = [run_table("practice-spread", values)]
    if summaries:
        tables.append(run_table("adoption-cascades",
                                {"practice": values["practice"]} if "practice" in values else {}))
        if "practice" not in values:
            tables += [run_table("practices-adopted-widely", {"minAdopters": "2"}),
                       run_table("top-adopters", {}), run_table("first-adopters", {})]
    return tables


# --- citation --------------------------------------------------------------------------------


def result_checksum(tables: list[Table]) -> str:
    """sha256 of the tables as canonical JSON (sorted keys, no spaces): the JSON twin's
    ``tables`` member hashed the same way gives the same value."""
    canonical = json.dumps([table.to_dict() for table in tables], sort_keys=True,
                           separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


@lru_cache(maxsize=4)
def _file_sha256(path: str, mtime: float) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def release() -> dict[str, str | None]:
    """The data release the answer comes from: when the dump was published, its sha256."""
    dump = dump_dir() / f"{DUMP_STEM}.{TRIG.suffix}"
    if not dump.is_file():
        return {"published": None, "dump": None, "dumpSha256": None}
    return {"published": modified_stamp(dump), "dump": f"/dump/{dump.name}",
            "dumpSha256": _file_sha256(str(dump), dump.stat().st_mtime)}


def citation(view: str, tables: list[Table]) -> dict[str, object]:
    """What a researcher cites: the view's URL, its queries, the release, date, checksum."""
    args = {k: v for k, v in request.args.items() if k != "lang"}
    url = request.host_url.rstrip("/") + request.script_root + lang_url(f"/views/{view}", **args)
    return {"view": url, "queries": [request.host_url.rstrip("/") + request.script_root
                                     + f"/api/queries/{table.query}.rq" for table in tables],
            "release": release(), "retrieved": dt.date.today().isoformat(),
            "resultSha256": result_checksum(tables)}


# --- the map ---------------------------------------------------------------------------------

CENTRES_FILE = "data/reference/municipality-centres.csv"
CENTRES_SOURCE = ("municipal centres after SRC-CENTRES (data/reference/README.md; "
                  "third-party, checked against a second list for four)")


@lru_cache(maxsize=4)
def municipality_centres(root: str) -> dict[str, tuple[float, float]]:
    """Statistics Finland code → (lat, lon) of the municipal centre, for map points only.

    Not data of the graph (the values are VERIFIED_SECONDARY, see the reference README):
    they place a point on the diffusion map and nothing else.
    """
    with open(f"{root}/{CENTRES_FILE}", encoding="utf-8", newline="") as handle:
        return {row["statfi_municipality_code"]: (float(row["lat"]), float(row["lon"]))
                for row in csv.DictReader(handle) if row["lat"] and row["lon"]}


def map_data(spread: Table) -> dict[str, object]:
    """Places (agents with a municipal centre) and edges (adoptions) of the spread rows."""
    agents = sorted({row[key] for row in spread.rows for key in ("from", "to") if row.get(key)})
    codes: dict[str, str] = {}
    if agents:
        listed = " ".join(f"<{iri}>" for iri in agents if IRIREF.match(iri))
        rows = services().store.select(
            sparql_prologue(services().settings.base)
            + f"SELECT ?agent ?code WHERE {{ VALUES ?agent {{ {listed} }} "
              "?agent lape:municipalityCode|lape:municipality/lape:municipalityCode ?code }")
        codes = {row["agent"].value: row["code"].value for row in rows}
    centres = municipality_centres(str(services().settings.root))
    names = {row[key]: row.get(key + "Name", row[key]) for row in spread.rows
             for key in ("from", "to") if row.get(key)}
    places = {iri: {"name": names[iri], "lat": centres[code][0], "lon": centres[code][1],
                    "page": local_page(iri)}
              for iri, code in codes.items() if code in centres}
    edges = [{"adoption": row["adoption"], "from": row.get("from"), "to": row["to"],
              "practice": row["practiceName"], "kind": row["kind"], "when": row.get("when"),
              "inferred": row["isInferred"] == "true"} for row in spread.rows]
    return {"places": places, "edges": edges, "outline": "/static/maps/finland.geo.json",
            "sources": {"points": CENTRES_SOURCE,
                        "outline": "Natural Earth 1:50m (public domain), via world-atlas"}}


def network_data(spread: Table) -> dict[str, list[dict[str, object]]]:
    """The spread as a network: practices and agents as nodes; an edge from a practice
    to each adopter (one per adoption) and from a stated origin to the practice."""
    nodes: dict[str, dict[str, object]] = {}
    edges: list[dict[str, object]] = []
    origins: set[tuple[str, str]] = set()
    for row in spread.rows:
        practice, adopter = row["practice"], row["to"]
        nodes.setdefault(practice, {"id": practice, "label": row["practiceName"],
                                    "type": "practice", "page": local_page(practice)})
        nodes.setdefault(adopter, {"id": adopter, "label": row["toName"], "type": "agent",
                                   "page": local_page(adopter)})
        edges.append({"id": row["adoption"], "source": practice, "target": adopter,
                      "kind": row["kind"], "when": row.get("when"),
                      "inferred": row["isInferred"] == "true", "origin": False})
        origin = row.get("from")
        if origin and (origin, practice) not in origins:
            origins.add((origin, practice))
            nodes.setdefault(origin, {"id": origin, "label": row.get("fromName", origin),
                                      "type": "agent", "page": local_page(origin)})
            edges.append({"id": f"{origin} {practice}", "source": origin, "target": practice,
                          "kind": "origin", "when": None, "inferred": False, "origin": True})
    return {"nodes": list(nodes.values()), "edges": edges}


@bp.get("/views/diffusion")
def diffusion() -> Response:
    tables = diffusion_tables()
    args = {k: v for k, v in request.args.items() if k != "lang"}
    spread = tables[0]
    lang = chosen_language()
    concepts = {arg: scheme_concepts(str(scheme), lang)
                for arg, (_parameter, scheme) in CONCEPT_FILTERS.items()}
    return render_page(
        "diffusion.html", tables=tables, spread=spread, concepts=concepts,
        kind_label=lambda iri: concepts["kind"].get(iri.rsplit("/", 1)[-1], iri),
        map=map_data(spread), network=network_data(spread),
        citation=citation("diffusion", tables),
        selected={arg: args.get(arg, "") for arg in DIFFUSION_ARGS if arg != "lang"},
        twins={"json": lang_url("/views/diffusion.json", **args),
               "csv": lang_url("/views/diffusion.csv", **args)},
        practices=_practices(spread if "practice" not in args
                             else run_table("practice-spread", {})), page_of=local_page)


@bp.get("/views/diffusion.json")
def diffusion_json() -> Response:
    tables = diffusion_tables()
    return jsonify({"view": "diffusion", "tables": [t.to_dict() for t in tables],
                    "map": map_data(tables[0]), "network": network_data(tables[0]),
                    "citation": citation("diffusion", tables)})


@bp.get("/views/diffusion.csv")
def diffusion_csv() -> Response:
    """The adoptions table (the page's first), as CSV."""
    table = diffusion_tables(summaries=False)[0]
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(table.columns), lineterminator="\r\n")
    writer.writeheader()
    writer.writerows(table.rows)
    return Response(out.getvalue(), content_type="text/csv; charset=utf-8",
                    headers={"Content-Disposition": 'inline; filename="diffusion.csv"'})


@bp.get("/views/<name>")
def unknown_view(name: str) -> Response:
    raise NotFound(f"no view {name!r}", where="path", hint="views: /views/diffusion")


def _practices(table: Table) -> list[tuple[str, str]]:
    seen = {row["practice"]: row.get("practiceName", row["practice"]) for row in table.rows}
    return sorted(seen.items(), key=lambda item: item[1])


def local_page(iri: str | None) -> str | None:
    """The local link of ``iri`` as entity pages make it (its /id/ IRI path, which a
    browser follows to the page); None for foreign IRIs."""
    if not iri:
        return None
    path = local_path(iri)
    return None if path is None else lang_url(path)
