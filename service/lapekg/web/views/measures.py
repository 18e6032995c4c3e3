"""``/views/measures``: a welfare plan's measures as a matrix of actors × sub-goals.

One row per actor, one column per sub-goal (grouped under the main goals), one cell per
measure row of the plan: it links to the measure's page and shows how many measure items
the row lists, or what the plan says instead (outside the actor's remit, beyond its
influence, "see previous", blank). A cell the plan has no row for is marked apart from a
blank row. The data is the ``measures-matrix`` named query; the JSON twin adds the
matrix's axes, the CSV twin is the query's rows.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from flask import Response

from ...namespaces import ROW_KIND
from ..render import chosen_language, render_page
from . import (
    Table,
    bp,
    citation,
    csv_response,
    filtered_table,
    local_page,
    page_args,
    scheme_concepts,
    twin_json,
    twin_links,
)

QUERY = "measures-matrix"
OWN = "own-content"


@dataclass
class Matrix:
    """The axes and the cells of one plan's measures table."""

    actors: list[dict[str, str]] = field(default_factory=list)
    goals: list[dict[str, object]] = field(default_factory=list)
    cells: dict[tuple[str, str], dict[str, str]] = field(default_factory=dict)

    @property
    def sub_goals(self) -> list[dict[str, str]]:
        return [sub for goal in self.goals for sub in goal["subGoals"]]  # type: ignore[union-attr]

    def cell(self, actor: str, sub_goal: str) -> dict[str, str] | None:
        return self.cells.get((actor, sub_goal))

    def counts(self) -> dict[str, int]:
        """Cells per row kind (local name), and ``missing`` for cells without a row."""
        counts: dict[str, int] = {}
        for row in self.cells.values():
            kind = row["kind"].rsplit("/", 1)[-1]
            counts[kind] = counts.get(kind, 0) + 1
        counts["missing"] = len(self.actors) * len(self.sub_goals) - len(self.cells)
        return counts

    def to_dict(self) -> dict[str, object]:
        return {"actors": self.actors, "goals": self.goals,
                "cells": [{"actor": actor, "subGoal": sub, "measure": row["measure"],
                           "kind": row["kind"], "items": int(row.get("items", "0"))}
                          for (actor, sub), row in self.cells.items()],
                "counts": self.counts()}


def _notation_key(notation: str) -> tuple[str, int]:
    main, _, number = notation.partition("/")
    return main, int(number) if number.isdigit() else 0


def matrix_of(table: Table) -> Matrix:
    matrix = Matrix()
    actors: dict[str, str] = {}
    subs: dict[str, dict[str, str]] = {}
    for row in table.rows:
        actors[row["actor"]] = row["actorName"]
        subs[row["subGoal"]] = {"iri": row["subGoal"], "notation": row["notation"],
                                "name": row["subGoalName"], "main": row["mainNotation"],
                                "page": local_page(row["subGoal"]) or ""}
        matrix.cells[(row["actor"], row["subGoal"])] = row
    matrix.actors = [{"iri": iri, "name": name, "page": local_page(iri) or ""}
                     for iri, name in sorted(actors.items(), key=lambda item: item[1])]
    ordered = sorted(subs.values(), key=lambda sub: _notation_key(sub["notation"]))
    for sub in ordered:
        if not matrix.goals or matrix.goals[-1]["notation"] != sub["main"]:
            matrix.goals.append({"notation": sub["main"], "subGoals": []})
        matrix.goals[-1]["subGoals"].append(sub)  # type: ignore[union-attr]
    return matrix


def measures_table() -> Table:
    return filtered_table(QUERY, "plan")


@bp.get("/views/measures")
def measures() -> Response:
    table = measures_table()
    args = page_args()
    kinds = scheme_concepts(str(ROW_KIND), chosen_language())
    return render_page("measures.html", table=table, matrix=matrix_of(table), kinds=kinds,
                       own=OWN, citation=citation("measures", [table]),
                       twins=twin_links("measures", args), page_of=local_page)


@bp.get("/views/measures.json")
def measures_json() -> Response:
    table = measures_table()
    return twin_json("measures", [table], matrix=matrix_of(table).to_dict())


@bp.get("/views/measures.csv")
def measures_csv() -> Response:
    return csv_response(measures_table(), "measures.csv")
