"""The researcher's overview on entity pages, above the property tables.

For an actor (a municipality, region or any organisation: the classes under
org:Organization and lape:Region, read from the ontology in the store), what it runs,
takes up, offers and takes part in, its groups and people, its measure rows by main goal,
its roadmap targets by year and its indicator observations, each section with its count
and links (the ``actor-profile`` named query), and a small map of where it is. For a
practice, where it comes from (owner, versions), who is responsible, and its adoptions
as a timeline, dated first in order, with the first adopter and the lag (the
``practice-spread`` named query).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ...queries import IRIREF
from ..render import services
from . import Table, local_page, run_table, store_select
from .compare import SECTIONS
from .diffusion import MAP_SOURCES, OUTLINE, places_of

AGENT_ROOTS = ("http://www.w3.org/ns/org#Organization", "https://w3id.org/lapekg/ontology#Region")
PRACTICE = "https://w3id.org/lapekg/ontology#Practice"


@dataclass
class Section:
    key: str
    rows: list[dict[str, str]]
    groups: list[tuple[str, list[dict[str, str]]]] = field(default_factory=list)


@dataclass
class Overview:
    kind: str  # "agent" | "practice"
    tables: list[Table]
    sections: list[Section] = field(default_factory=list)
    map: dict[str, object] | None = None
    timeline: list[dict[str, str]] = field(default_factory=list)
    origin: list[dict[str, str]] = field(default_factory=list)
    first: dict[str, str] | None = None


def _kinds(iri: str) -> set[str]:
    """Which of the overview's roots ``iri`` is an instance of (through rdfs:subClassOf)."""
    if not IRIREF.match(iri):
        return set()
    roots = " ".join(f"<{root}>" for root in (*AGENT_ROOTS, PRACTICE))
    rows = store_select(f"SELECT DISTINCT ?root WHERE {{ VALUES ?root {{ {roots} }} "
          f"<{iri}> a/rdfs:subClassOf* ?root }}")
    return {row["root"].value for row in rows}


NEEDS = ("actor-profile", "practice-spread")


def overview_for(iri: str, name: str) -> Overview | None:
    """The overview of ``iri`` if it is an actor or a practice, else None (also when the
    app's named-query registry lacks the queries it is made of). At most three queries:
    the entity's kind, its rows, its map point or its origin."""
    if not all(query in services().queries for query in NEEDS):
        return None
    kinds = _kinds(iri)
    if PRACTICE in kinds:
        return practice_overview(iri)
    if kinds & set(AGENT_ROOTS):
        return agent_overview(iri, name)
    return None


def _grouped(rows: list[dict[str, str]], key) -> list[tuple[str, list[dict[str, str]]]]:
    groups: dict[str, list[dict[str, str]]] = {}
    for row in rows:
        groups.setdefault(key(row), []).append(row)
    return sorted(groups.items())


def agent_overview(iri: str, name: str) -> Overview | None:
    table = run_table("actor-profile", {"agent": iri})
    if not table.rows:
        return None
    by_section: dict[str, list[dict[str, str]]] = {}
    for row in table.rows:
        by_section.setdefault(row["section"], []).append(
            {**row, "page": local_page(row["item"]) or ""})
    overview = Overview("agent", [table])
    for key in SECTIONS:
        rows = by_section.get(key, [])
        if not rows:
            continue
        section = Section(key, rows)
        if key == "measures":  # by main goal: "II/5: own content" → "II"
            section.groups = _grouped(rows, lambda row: row["detail"].split("/", 1)[0])
        elif key in ("roadmap", "child-friendly"):  # by year
            section.groups = _grouped(rows, lambda row: row.get("detail", ""))
        overview.sections.append(section)
    places = places_of({iri: name})
    if places:
        overview.map = {"places": places, "edges": [], "outline": OUTLINE,
                        "sources": MAP_SOURCES}
    return overview


def practice_overview(iri: str) -> Overview | None:
    spread = run_table("practice-spread", {"practice": iri})
    rows = store_select(f"""
SELECT ?role ?who ?name WHERE {{
  {{ <{iri}> lape:owner ?who . BIND("owner" AS ?role) }}
  UNION {{ <{iri}> lape:responsiblePerson ?who . BIND("responsible" AS ?role) }}
  UNION {{ <{iri}> lape:versionOf ?who . BIND("version-of" AS ?role) }}
  UNION {{ ?who lape:versionOf <{iri}> . BIND("version" AS ?role) }}
  OPTIONAL {{ ?who rdfs:label|foaf:name ?name . FILTER(LANG(?name) = "fi" || LANG(?name) = "") }}
}}""")
    origin: dict[tuple[str, str], dict[str, str]] = {}
    for row in rows:
        key = (row["role"].value, row["who"].value)
        origin.setdefault(key, {"role": key[0], "who": key[1],
                                "name": row["name"].value if "name" in row else key[1],
                                "page": local_page(key[1]) or ""})
    if not spread.rows and not origin:
        return None
    timeline = sorted(spread.rows, key=lambda row: (row.get("when") is None,
                                                    row.get("when") or "", row["toName"]))
    dated = [row for row in timeline if row.get("when")]
    overview = Overview("practice", [spread], timeline=timeline,
                        origin=sorted(origin.values(), key=lambda o: (o["role"], o["name"])),
                        first=dated[0] if dated else None)
    return overview
