"""``/views/browse/<slug>``: faceted browsing of practices, measures, people and groups.

Each facet is a property path from an entity to a value (the practice's owner's
municipality, its development area, a measure's main goal …). A selection is one value
per facet, all of them holding together; a facet's counts are taken with the *other*
facets' selections applied, and only values with a count above zero are offered, so
choosing any value never leads to an empty result. The selection is the query string
(``?area=…&status=…``): a shareable URL. The page shows the SPARQL of its list (the
editor opens it), and its twins give the facets and the list as JSON and the list as CSV.
Values reach the queries as typed terms in VALUES blocks; the paths are this module's.
"""

from __future__ import annotations

from dataclasses import dataclass

import pyoxigraph as ox
from flask import Response, jsonify, request

from ...errors import NotFound, ParameterError
from ...queries import IRIREF, expand
from ..entities import Labels
from ..render import chosen_language, lang_url_pairs, render_page, settings
from . import (
    Table,
    bp,
    check_args,
    citation,
    csv_response,
    local_page,
    store_select,
)

PAGE = 50
#: From an agent to its municipality: itself, or the municipality it belongs to.
TO_MUNICIPALITY = "(lape:municipality|org:subOrganizationOf|org:unitOf)*"


@dataclass(frozen=True)
class Facet:
    key: str  # the query-string name
    path: str  # SPARQL property path from ?e to the value
    title: dict[str, str]
    value_class: str | None = None  # only values of this class (e.g. lape:Municipality)


@dataclass(frozen=True)
class Browse:
    slug: str
    cls: str
    title: dict[str, str]
    facets: tuple[Facet, ...]


def _t(fi: str, sv: str, en: str) -> dict[str, str]:
    return {"fi": fi, "sv": sv, "en": en}


MUNICIPALITY = _t("Kunta", "Kommun", "Municipality")
REGION = _t("Maakunta", "Landskap", "Region")
BROWSES = {b.slug: b for b in (
    Browse("practices", "lape:Practice", _t("Käytännöt", "Praxis", "Practices"), (
        Facet("municipality", f"lape:owner/{TO_MUNICIPALITY}", MUNICIPALITY, "lape:Municipality"),
        Facet("region", f"lape:owner/{TO_MUNICIPALITY}/lape:region", REGION),
        Facet("area", "lape:developmentArea", _t("Kehittämisalue", "Utvecklingsområde",
                                                 "Development area")),
        Facet("status", "lape:status", _t("Tila", "Status", "Status")),
        Facet("kind", "lape:practiceKind", _t("Laji", "Typ", "Kind")),
        Facet("owner", "lape:owner", _t("Omistaja", "Ägare", "Owner")),
    )),
    Browse("measures", "lape:Measure", _t("Toimenpiteet", "Åtgärder", "Measures"), (
        Facet("actor", "lape:actor", _t("Toimija", "Aktör", "Actor")),
        Facet("goal", "lape:subGoal/lape:mainGoal", _t("Päätavoite", "Huvudmål", "Main goal")),
        Facet("subgoal", "lape:subGoal", _t("Alatavoite", "Delmål", "Sub-goal")),
        Facet("rowkind", "lape:rowKind", _t("Rivin laji", "Radtyp", "Row kind")),
        Facet("implementer", "lape:implementedBy", _t("Toteuttaja", "Genomförare",
                                                      "Implemented by")),
    )),
    Browse("people", "lape:Person", _t("Henkilöt", "Personer", "People"), (
        Facet("group", "^org:member/org:organization", _t("Työryhmä", "Arbetsgrupp",
                                                          "Working group")),
        Facet("represents", "^org:member/lape:represents", _t("Edustaa", "Representerar",
                                                              "Represents")),
        Facet("municipality", f"^org:member/lape:represents/{TO_MUNICIPALITY}", MUNICIPALITY,
              "lape:Municipality"),
        Facet("role", "^org:member/org:role", _t("Rooli", "Roll", "Role")),
    )),
    Browse("groups", "lape:WorkingGroup", _t("Työryhmät", "Arbetsgrupper", "Working groups"), (
        Facet("level", "lape:groupLevel", _t("Taso", "Nivå", "Level")),
        Facet("area", "lape:developmentArea", _t("Kehittämisalue", "Utvecklingsområde",
                                                 "Development area")),
        Facet("municipality", "lape:municipality", MUNICIPALITY),
        Facet("parent", "org:subOrganizationOf", _t("Osa ryhmää", "Del av", "Part of")),
        Facet("member", "^org:organization/(org:member|org:member/lape:represents)",
              _t("Jäsenkunta", "Medlemskommun", "Member municipality"), "lape:Municipality"),
    )),
)}


def _constraint(facet: Facet, var: str) -> str:
    typed = f" ?{var} a {facet.value_class} ." if facet.value_class else ""
    return f"?e {facet.path} ?{var} .{typed}"


def selection(browse: Browse) -> dict[str, ox.NamedNode]:
    """The chosen value of each facet, checked (an IRI, or id:KIND/KEY)."""
    keys = {facet.key for facet in browse.facets}
    check_args(*keys, "page", hint=f"facets of {browse.slug}: {', '.join(sorted(keys))}")
    chosen: dict[str, ox.NamedNode] = {}
    for facet in browse.facets:
        raw = request.args.get(facet.key, "").strip()
        if not raw:
            continue
        iri = expand(raw, settings().base)
        if not IRIREF.match(iri):
            raise ParameterError(f"parameter {facet.key!r}: {raw!r} is not an absolute IRI",
                                 where=f"parameter {facet.key}")
        chosen[facet.key] = ox.NamedNode(iri)
    return chosen


def list_sparql(browse: Browse, chosen: dict[str, ox.NamedNode], limit: int | None = None,
                offset: int = 0) -> str:
    """The entities of the selection: the SPARQL the page shows and runs."""
    lines = [f"  ?e a {browse.cls} ."]
    for facet in browse.facets:
        if facet.key in chosen:
            lines.append(f"  VALUES ?{facet.key.replace('-', '_')} {{ {chosen[facet.key]} }}")
            lines.append("  " + _constraint(facet, facet.key.replace("-", "_")))
    page = f"\nLIMIT {limit} OFFSET {offset}" if limit is not None else ""
    return ("SELECT DISTINCT ?e (SAMPLE(?l) AS ?label) WHERE {\n" + "\n".join(lines)
            + "\n  OPTIONAL { ?e rdfs:label|foaf:name ?l . FILTER(LANG(?l) = \"fi\" || "
              "LANG(?l) = \"\") }\n}\nGROUP BY ?e\nORDER BY LCASE(STR(?label)) ?e" + page)


def count_sparql(browse: Browse, facet: Facet, chosen: dict[str, ox.NamedNode]) -> str:
    lines = [f"?e a {browse.cls} ."]
    for other in browse.facets:
        if other.key in chosen and other.key != facet.key:
            var = "s_" + other.key.replace("-", "_")
            lines.append(f"VALUES ?{var} {{ {chosen[other.key]} }} " + _constraint(other, var))
    lines.append(_constraint(facet, "v"))
    return ("SELECT ?v (COUNT(DISTINCT ?e) AS ?n) WHERE { " + " ".join(lines)
            + " FILTER(isIRI(?v)) } GROUP BY ?v ORDER BY DESC(?n)")


@dataclass
class FacetView:
    facet: Facet
    values: list[dict[str, object]]
    chosen: str | None


def facet_views(browse: Browse, chosen: dict[str, ox.NamedNode], lang: str) -> list[FacetView]:
    found = []
    for facet in browse.facets:
        rows = store_select(count_sparql(browse, facet, chosen))
        found.append((facet, rows))
    labels = Labels({row["v"].value for _, rows in found for row in rows}, lang)
    views = []
    for facet, rows in found:
        values = [{"iri": row["v"].value, "label": labels.value(row["v"]).text,
                   "count": int(row["n"].value)} for row in rows]
        values.sort(key=lambda v: (-v["count"], str(v["label"]).casefold()))
        views.append(FacetView(facet, values, chosen[facet.key].value
                               if facet.key in chosen else None))
    return views


def browse_of(slug: str) -> Browse:
    browse = BROWSES.get(slug)
    if browse is None:
        raise NotFound(f"no faceted browse {slug!r}", where="path",
                       hint="one of: " + ", ".join(f"/views/browse/{s}" for s in BROWSES))
    return browse


def page_no() -> int:
    raw = request.args.get("page", "1")
    if not raw.isdigit() or int(raw) < 1:
        raise ParameterError(f"parameter 'page': {raw!r} is not a page number",
                             where="parameter page")
    return int(raw)


def run_list(browse: Browse, chosen: dict[str, ox.NamedNode], limit: int | None,
             offset: int = 0) -> Table:
    rows = store_select(list_sparql(browse, chosen, limit, offset))
    return Table(f"browse-{browse.slug}", browse.title["en"],
                 {key: value.value for key, value in chosen.items()}, ("e", "label"),
                 [{"e": row["e"].value, "label": row["label"].value if "label" in row
                   else row["e"].value} for row in rows])


def _args(chosen: dict[str, ox.NamedNode]) -> list[tuple[str, str]]:
    return [(key, value.value) for key, value in chosen.items()]


@bp.get("/views/browse/<slug>")
def faceted(slug: str) -> Response:
    browse = browse_of(slug)
    chosen = selection(browse)
    lang = chosen_language()
    number = page_no()
    table = run_list(browse, chosen, PAGE + 1, (number - 1) * PAGE)
    more = len(table.rows) > PAGE
    table.rows[:] = table.rows[:PAGE]
    total = int(store_select(f"SELECT (COUNT(DISTINCT ?e) AS ?n) WHERE {{ "
                       f"{{ {list_sparql(browse, chosen)} }} }}")[0]["n"].value)
    facets = facet_views(browse, chosen, lang)
    labels = Labels({row["e"] for row in table.rows}, lang)
    items = [{"iri": row["e"], "label": labels.value(ox.NamedNode(row["e"])).text,
              "page": local_page(row["e"]) or ""} for row in table.rows]
    here = _args(chosen)

    def toggle(key: str, value: str | None) -> str:
        pairs = [(k, v) for k, v in here if k != key] + ([(key, value)] if value else [])
        return lang_url_pairs(f"/views/browse/{slug}", pairs)

    return render_page(
        "facets.html", browse=browse, facets=facets, items=items, total=total, page=number,
        more=more, toggle=toggle, browses=BROWSES, sparql=list_sparql(browse, chosen),
        next_href=lang_url_pairs(f"/views/browse/{slug}", here + [("page", str(number + 1))]),
        prev_href=lang_url_pairs(f"/views/browse/{slug}", here + [("page", str(number - 1))]),
        twins={"json": lang_url_pairs(f"/views/browse/{slug}.json", here),
               "csv": lang_url_pairs(f"/views/browse/{slug}.csv", here)},
        citation=citation(f"browse/{slug}", [table]))


@bp.get("/views/browse/<slug>.json")
def faceted_json(slug: str) -> Response:
    browse = browse_of(slug)
    chosen = selection(browse)
    table = run_list(browse, chosen, None)
    facets = facet_views(browse, chosen, chosen_language())
    return jsonify({"view": f"browse/{slug}", "class": browse.cls,
                    "selection": {key: value.value for key, value in chosen.items()},
                    "total": len(table.rows), "items": table.rows,
                    "facets": [{"key": view.facet.key, "path": view.facet.path,
                                "chosen": view.chosen, "values": view.values}
                               for view in facets],
                    "sparql": list_sparql(browse, chosen),
                    "citation": citation(f"browse/{slug}", [table])})


@bp.get("/views/browse/<slug>.csv")
def faceted_csv(slug: str) -> Response:
    browse = browse_of(slug)
    return csv_response(run_list(browse, selection(browse), None), f"{slug}.csv")
