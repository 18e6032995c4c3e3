"""``/views/indicators``: the welfare plan's indicators as charts of their values.

Per indicator, a bar chart of its values by population group (or, for series imported
from Sotkanet, by sex), the national reference values and any regional or municipal value
side by side (distinct colours, a legend), and under it the same values as a table. Where
an indicator has values for several periods of the same group and area, they form a
series drawn as a line. The charts are SVG drawn
here, so they read without JavaScript and need no script at all (Vega-Lite would need
``unsafe-eval`` under the service's Content-Security-Policy). The data is the
``indicator-observations`` named query.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from flask import Response

from ...queries import expand
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

QUERY = "indicator-observations"
#: Chart geometry (SVG user units): label column, bar area, value column, row height.
LABEL_W, BAR_W, VALUE_W, ROW_H, PAD = 300, 320, 90, 24, 6
SERIES_W, SERIES_H = 480, 160


@dataclass
class Bar:
    label: str
    area: str
    value: float
    text: str
    x: float
    width: float
    y: float
    observation: str
    page: str


@dataclass
class Series:
    label: str
    points: list[tuple[str, float]]
    path: str = ""


@dataclass
class Chart:
    indicator: str
    notation: str
    name: str
    unit: str
    page: str
    sotkanet: str | None
    rows: list[dict[str, str]] = field(default_factory=list)
    bars: list[Bar] = field(default_factory=list)
    series: list[Series] = field(default_factory=list)
    zero: float = 0.0
    areas: list[str] = field(default_factory=list)

    @property
    def height(self) -> int:
        return PAD * 2 + ROW_H * len(self.bars)

    def to_dict(self) -> dict[str, object]:
        return {"indicator": self.indicator, "notation": self.notation, "name": self.name,
                "unit": self.unit, "sotkanet": self.sotkanet, "areas": self.areas,
                "bars": [{"label": b.label, "area": b.area, "value": b.value,
                          "observation": b.observation} for b in self.bars],
                "series": [{"label": s.label, "points": s.points} for s in self.series]}


def _number(text: str) -> str:
    value = float(text)
    return f"{value:g}"


def _who(row: dict[str, str]) -> str:
    """Whom a value is for: the plan's population group, or Sotkanet's sex."""
    return row.get("groupName") or row.get("sexName") or ""


def layout(chart: Chart) -> None:
    """Bars on one scale from min(0, values) to max(0, values); series as polylines."""
    values = [float(row["value"]) for row in chart.rows]
    low, high = min(0.0, *values), max(0.0, *values)
    span = (high - low) or 1.0
    chart.zero = LABEL_W + BAR_W * (0 - low) / span
    chart.areas = list(dict.fromkeys(row["areaName"] for row in chart.rows))
    for index, row in enumerate(chart.rows):
        value = float(row["value"])
        start = LABEL_W + BAR_W * (min(value, 0) - low) / span
        width = BAR_W * abs(value) / span
        chart.bars.append(Bar(label=f"{_who(row)}, {row['areaName']} {row['year']}",
                              area=row["areaName"], value=value, text=_number(row["value"]),
                              x=round(start, 1), width=round(max(width, 0.5), 1),
                              y=PAD + ROW_H * index, observation=row["observation"],
                              page=local_page(row["observation"]) or ""))
    by_line: dict[tuple[str, str], list[tuple[str, float]]] = {}
    for row in chart.rows:
        by_line.setdefault((_who(row), row["areaName"]), []).append(
            (row["year"], float(row["value"])))
    for (group, area), points in by_line.items():
        if len({year for year, _ in points}) < 2:
            continue
        points.sort()
        years = [int(year[:4]) for year, _ in points]
        first, last = min(years), max(years)
        coords = [(20 + (SERIES_W - 40) * (year - first) / ((last - first) or 1),
                   SERIES_H - 20 - (SERIES_H - 40) * (value - low) / span)
                  for year, (_, value) in zip(years, points, strict=True)]
        chart.series.append(Series(f"{group}, {area}", points,
                                   " ".join(f"{x:.1f},{y:.1f}" for x, y in coords)))


def charts_of(table: Table) -> list[Chart]:
    charts: dict[str, Chart] = {}
    for row in table.rows:
        chart = charts.get(row["indicator"])
        if chart is None:
            chart = charts[row["indicator"]] = Chart(
                row["indicator"], row["notation"], row["indicatorName"], row["unitName"],
                local_page(row["indicator"]) or "", row.get("sotkanet"))
        chart.rows.append(row)
    for chart in charts.values():
        layout(chart)
    return list(charts.values())


def indicator_table() -> Table:
    return filtered_table(QUERY, "indicator", "area")


@bp.get("/views/indicators")
def indicators() -> Response:
    table = indicator_table()
    args = page_args()
    everything = table if not args else run_table(QUERY, {})
    choices = {row["indicator"]: f"{row['notation']} {row['indicatorName']}"
               for row in everything.rows}
    areas = {row["area"]: row["areaName"] for row in everything.rows}
    base = settings().base
    return render_page("indicators.html", table=table, charts=charts_of(table),
                       geometry={"label": LABEL_W, "bar": BAR_W, "value": VALUE_W,
                                 "row": ROW_H, "series_w": SERIES_W, "series_h": SERIES_H},
                       choices=choices, areas=sorted(areas.items(), key=lambda i: i[1]),
                       selected={key: expand(args.get(key, ""), base)
                                 for key in ("indicator", "area")},
                       citation=citation("indicators", [table]),
                       twins=twin_links("indicators", args), page_of=local_page)


@bp.get("/views/indicators.json")
def indicators_json() -> Response:
    table = indicator_table()
    return twin_json("indicators", [table],
                     charts=[chart.to_dict() for chart in charts_of(table)])


@bp.get("/views/indicators.csv")
def indicators_csv() -> Response:
    return csv_response(indicator_table(), "indicators.csv")
