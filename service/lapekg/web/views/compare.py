"""``/views/compare``: two or more municipalities, regions or organisations side by side.

For each actor, the ``actor-profile`` named query lists what the graph says it does,
section by section (practices it owns, takes up and offers, groups and people, events,
measures, roadmap targets, child-friendly statuses, indicator observations). The page is
a table: a row per section, a column per actor, each cell the count and the items;
an item that more than one of the compared actors has (the same practice taken up, the
same group) is marked as shared.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pyoxigraph as ox
from flask import Response, request

from ...errors import ParameterError
from ...queries import IRIREF, expand
from ..entities import Labels
from ..render import chosen_language, render_page, settings
from . import (
    Table,
    bp,
    check_args,
    citation,
    csv_response,
    local_page,
    run_table,
    store_select,
    twin_json,
    twin_links,
)

QUERY = "actor-profile"
SECTIONS = ("owns", "adopts", "offers", "member-of", "people", "takes-part", "measures",
            "roadmap", "child-friendly", "indicators")
MAX_AGENTS = 6


@dataclass
class Column:
    agent: str
    name: str
    page: str
    table: Table
    sections: dict[str, list[dict[str, str]]] = field(default_factory=dict)


def chosen_agents() -> list[str]:
    check_args("agent", hint="accepted: agent (two to six times), lang")
    base = settings().base
    agents = []
    for raw in request.args.getlist("agent"):
        raw = raw.strip()
        if not raw:
            continue
        iri = expand(raw, base)
        if not IRIREF.match(iri):
            raise ParameterError(f"parameter 'agent': {raw!r} is not an absolute IRI",
                                 where="parameter agent", hint="e.g. id:municipality/638")
        if iri not in agents:
            agents.append(iri)
    if len(agents) > MAX_AGENTS:
        raise ParameterError(f"at most {MAX_AGENTS} actors can be compared",
                             where="parameter agent")
    return agents


def columns_for(agents: list[str]) -> list[Column]:
    labels = Labels(set(agents), chosen_language()) if agents else None
    columns = []
    for agent in agents:
        table = run_table(QUERY, {"agent": agent})
        name = labels.value(ox.NamedNode(agent)).text if labels else agent
        column = Column(agent, name, local_page(agent) or "", table,
                        {section: [] for section in SECTIONS})
        for row in table.rows:
            column.sections.setdefault(row["section"], []).append(
                {**row, "page": local_page(row["item"]) or ""})
        columns.append(column)
    return columns


def shared_items(columns: list[Column]) -> set[str]:
    """Items listed for two or more of the compared actors (same section)."""
    seen: dict[tuple[str, str], int] = {}
    for column in columns:
        for section, rows in column.sections.items():
            for item in {row["item"] for row in rows}:
                seen[(section, item)] = seen.get((section, item), 0) + 1
    return {f"{section} {item}" for (section, item), count in seen.items() if count > 1}


def agent_choices() -> list[tuple[str, str]]:
    """Actors the graph says something about (the chooser's options), by name."""
    # The distinct actors first, in a subquery: with the label join beside the union the
    # optimiser labelled every (statement, actor) pair before de-duplicating (20× slower).
    rows = store_select("""
SELECT DISTINCT ?agent ?name WHERE {
  { SELECT DISTINCT ?agent WHERE {
      { ?x lape:owner|lape:adoptedBy|lape:adoptedFrom|lape:actor|lape:area|lape:participant
           ?agent }
      UNION { ?m a org:Membership ; lape:represents ?agent } } }
  FILTER NOT EXISTS { ?agent a lape:Person }
  ?agent rdfs:label ?name . FILTER(LANG(?name) = "fi")
}""")
    names = {row["agent"].value: row["name"].value for row in rows}
    return sorted(names.items(), key=lambda item: item[1].casefold())


@bp.get("/views/compare")
def compare() -> Response:
    agents = chosen_agents()
    columns = columns_for(agents)
    tables = [column.table for column in columns]
    twins = twin_links("compare", [("agent", agent) for agent in agents])
    return render_page("compare.html", columns=columns, sections=SECTIONS,
                       shared=shared_items(columns), choices=agent_choices(),
                       selected=agents, slots=max(2, len(agents) + 1) if len(agents) < MAX_AGENTS
                       else MAX_AGENTS, citation=citation("compare", tables) if tables else None,
                       twins=twins, tables=tables, page_of=local_page)


@bp.get("/views/compare.json")
def compare_json() -> Response:
    agents = chosen_agents()
    if not agents:
        raise ParameterError("give at least one actor to profile", where="parameter agent",
                             hint="e.g. /views/compare.json?agent=id:municipality/638"
                                  "&agent=id:municipality/444")
    columns = columns_for(agents)
    shared = shared_items(columns)
    return twin_json("compare", [c.table for c in columns],
                     actors=[{"agent": c.agent, "name": c.name,
                              "counts": {s: len(c.sections.get(s, [])) for s in SECTIONS}}
                             for c in columns],
                     shared=sorted(shared))


@bp.get("/views/compare.csv")
def compare_csv() -> Response:
    agents = chosen_agents()
    if not agents:
        raise ParameterError("give at least one actor to profile", where="parameter agent")
    columns = columns_for(agents)
    rows = [row for column in columns for row in column.table.rows]
    first = columns[0].table
    return csv_response(Table(QUERY, first.title, {"agent": " ".join(agents)}, first.columns,
                              rows), "compare.csv")
