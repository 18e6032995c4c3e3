"""``/views/roadmaps``: each municipality's and the region's roadmap as a timeline.

The rooting plans and the regional results end with a summary table: a row per theme,
the state reached during the programme (2018) and the targets for 2019, 2022, 2025 and
2030. The view redraws each table as a timeline, a row per theme and a column per year,
every target linking to its page and to its passage in the source reader. The data is
the ``roadmap-timeline`` named query (one row per target).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from flask import Response

from ...queries import expand
from ..entities import passage_href
from ..render import render_page, settings
from . import (
    Table,
    bp,
    citation,
    csv_response,
    filtered_table,
    local_page,
    page_args,
    run_table,
    twin_json,
    twin_links,
)

QUERY = "roadmap-timeline"
#: The summary tables' columns: the state reached during the programme, then the targets.
YEARS = ("2019", "2022", "2025", "2030")
START_YEAR = "2018"


@dataclass
class Theme:
    name: str
    cells: dict[str, list[dict[str, str]]] = field(default_factory=dict)
    first: int = 0


@dataclass
class Roadmap:
    """One area's roadmap: its plan, and its targets by theme and year."""

    area: str
    area_name: str
    plan: str
    plan_name: str
    themes: list[Theme] = field(default_factory=list)

    def count(self) -> int:
        return sum(len(targets) for theme in self.themes for targets in theme.cells.values())

    def to_dict(self) -> dict[str, object]:
        return {"area": self.area, "areaName": self.area_name, "plan": self.plan,
                "planName": self.plan_name, "years": [START_YEAR, *YEARS],
                "themes": [{"theme": theme.name or None,
                            "years": {year: [target["target"] for target in targets]
                                      for year, targets in theme.cells.items()}}
                           for theme in self.themes]}


def roadmaps_of(table: Table) -> list[Roadmap]:
    """The rows grouped by area (alphabetically) and theme (in the table's order: by
    the first passage), each target once."""
    by_area: dict[str, Roadmap] = {}
    themes: dict[tuple[str, str], Theme] = {}
    seen: set[str] = set()
    for row in table.rows:
        if row["target"] in seen:
            continue
        seen.add(row["target"])
        roadmap = by_area.setdefault(row["area"], Roadmap(
            row["area"], row["areaName"], row["plan"], row["planName"]))
        key = (row["area"], row.get("theme", ""))
        theme = themes.get(key)
        start = int(row["start"])
        if theme is None:
            theme = themes[key] = Theme(row.get("theme", ""), first=start)
            roadmap.themes.append(theme)
        theme.first = min(theme.first, start)
        theme.cells.setdefault(row["year"], []).append(
            {"target": row["target"], "statement": row["statement"],
             "page": local_page(row["target"]) or "",
             "source": passage_href(row["document"], int(row["start"]), int(row["end"]))})
    for roadmap in by_area.values():
        roadmap.themes.sort(key=lambda theme: theme.first)
    return sorted(by_area.values(), key=lambda roadmap: roadmap.area_name)


def roadmap_table() -> Table:
    return filtered_table(QUERY, "area")


@bp.get("/views/roadmaps")
def roadmaps() -> Response:
    table = roadmap_table()
    args = page_args()
    areas = roadmaps_of(table if "area" not in args else run_table(QUERY, {}))
    return render_page("roadmaps.html", table=table, roadmaps=roadmaps_of(table),
                       years=YEARS, start_year=START_YEAR,
                       areas=[(r.area, r.area_name) for r in areas],
                       selected_iri=expand(args.get("area", ""), settings().base),
                       citation=citation("roadmaps", [table]),
                       twins=twin_links("roadmaps", args), page_of=local_page)


@bp.get("/views/roadmaps.json")
def roadmaps_json() -> Response:
    table = roadmap_table()
    return twin_json("roadmaps", [table], roadmaps=[r.to_dict() for r in roadmaps_of(table)])


@bp.get("/views/roadmaps.csv")
def roadmaps_csv() -> Response:
    return csv_response(roadmap_table(), "roadmaps.csv")
