"""``/views/diffusion``: who took up which practice from whom, how and when."""

from __future__ import annotations

import csv
from functools import lru_cache

from flask import Response, request

from ...errors import ParameterError
from ...namespaces import ADOPTION_KIND, AREA, STATUS
from ...queries import IRIREF
from ..render import chosen_language, render_page, services
from . import (
    Table,
    bp,
    check_args,
    citation,
    csv_response,
    local_page,
    page_args,
    run_table,
    scheme_concepts,
    store_select,
    twin_json,
    twin_links,
)

#: The diffusion page's concept filters: query-string name → (named-query parameter,
#: concept scheme). A value is the concept's local name (``peke``, ``made-permanent``).
CONCEPT_FILTERS = {"kind": ("kindConcept", ADOPTION_KIND),
                   "area": ("developmentArea", AREA),
                   "status": ("status", STATUS)}
#: Year filters: query-string name → named-query parameter.
YEAR_FILTERS = {"since": "since", "until": "until"}
DIFFUSION_ARGS = ("practice", "inferred", *CONCEPT_FILTERS, *YEAR_FILTERS, "lang")


def diffusion_filters() -> dict[str, str]:
    """The page's filters, checked, as the named query's parameter values."""
    check_args(*DIFFUSION_ARGS)
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


MAP_SOURCES = {"points": CENTRES_SOURCE,
               "outline": "Natural Earth 1:50m (public domain), via world-atlas"}
OUTLINE = "/static/maps/finland.geo.json"


def places_of(names: dict[str, str]) -> dict[str, dict[str, object]]:
    """The agents of ``names`` (IRI → name) that have a municipal centre (their own code,
    or their municipality's), placed there."""
    codes: dict[str, str] = {}
    listed = " ".join(f"<{iri}>" for iri in sorted(names) if IRIREF.match(iri))
    if listed:
        rows = store_select(f"SELECT ?agent ?code WHERE {{ VALUES ?agent {{ {listed} }} "
              "?agent lape:municipalityCode|lape:municipality/lape:municipalityCode ?code }")
        codes = {row["agent"].value: row["code"].value for row in rows}
    centres = municipality_centres(str(services().settings.root))
    return {iri: {"name": names[iri], "lat": centres[code][0], "lon": centres[code][1],
                  "page": local_page(iri)}
            for iri, code in codes.items() if code in centres}


def map_data(spread: Table) -> dict[str, object]:
    """Places (agents with a municipal centre) and edges (adoptions) of the spread rows."""
    names = {row[key]: row.get(key + "Name", row[key]) for row in spread.rows
             for key in ("from", "to") if row.get(key)}
    edges = [{"adoption": row["adoption"], "from": row.get("from"), "to": row["to"],
              "practice": row["practiceName"], "kind": row["kind"], "when": row.get("when"),
              "inferred": row["isInferred"] == "true"} for row in spread.rows]
    return {"places": places_of(names), "edges": edges, "outline": OUTLINE,
            "sources": MAP_SOURCES}


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
    args = page_args()
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
        twins=twin_links("diffusion", args),
        practices=_practices(spread if "practice" not in args
                             else run_table("practice-spread", {})), page_of=local_page)


@bp.get("/views/diffusion.json")
def diffusion_json() -> Response:
    tables = diffusion_tables()
    return twin_json("diffusion", tables, map=map_data(tables[0]),
                     network=network_data(tables[0]))


@bp.get("/views/diffusion.csv")
def diffusion_csv() -> Response:
    """The adoptions table (the page's first), as CSV."""
    return csv_response(diffusion_tables(summaries=False)[0], "diffusion.csv")


def _practices(table: Table) -> list[tuple[str, str]]:
    seen = {row["practice"]: row.get("practiceName", row["practice"]) for row in table.rows}
    return sorted(seen.items(), key=lambda item: item[1])


