"""Agents named in the implementer column of the Kymenlaakso measure tables.

The column (``toimija(t) / toteuttaja(t)``) is free text: "Saaga KVY Hilma Martat",
"Varhaiskasvatus yhdessä HILMA-kumppanuustalon ja kumppanuusverkoston kanssa.",
"EET-ryhmä, sosiaalitoimi + muut yhteistyötahot". Its full text stays on the measure as
``lape:implementer``; this module adds ``lape:implementedBy`` for the agents it names.

No guessing: the ``implementers`` section of the reviewed mapping file
(``data/curated/kymenlaakso-actor-blocks.yaml``) lists, per agent, every form the
document writes its name in (inflections and misspellings included, as written). A form
matches as a whole word, longest form first, and a character claimed by a longer form
is not matched again (so "MLL:n Kaakkois-Suomen piiri" is the district, not also MLL).
``unlinked`` forms claim their text without naming an agent: groups the document names
but that are no single organisation ("MLL:n paikallisyhdistykset").

The build fails, naming the mapping file and line, on a form that no row contains (a
typo in the mapping would otherwise pass silently) and on an agent that nothing declares.
The link's evidence is the measure's own: the raw row, which contains the form.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from rdflib import Graph, URIRef

from ..errors import InputError
from ..namespaces import LAPE
from .context import BuildContext
from .yamlio import Located

SECTION = "implementers"
UNLINKED = "unlinked"


@dataclass(frozen=True)
class NamedAgent:
    """One agent (``None`` for an unlinked group) and the forms its name is written in."""

    agent: str | None
    written: tuple[str, ...]
    where: str


def read(data: object, name: str) -> list[NamedAgent]:
    """The ``implementers`` and ``unlinked`` sections of the mapping file (both optional)."""
    if not isinstance(data, dict):
        return []
    result: list[NamedAgent] = []
    for section, needs_agent in ((SECTION, True), (UNLINKED, False)):
        entries = data.get(section, [])
        if not isinstance(entries, list):
            raise InputError(f"{section!r} must be a list", where=f"{name}:1")
        for entry in entries:
            result.append(_entry(entry, section, needs_agent, name))
    return result


def _entry(entry: object, section: str, needs_agent: bool, name: str) -> NamedAgent:
    where = entry.where if isinstance(entry, Located) else f"{name}:?"
    if not isinstance(entry, dict):
        raise InputError(f"each {section} entry must be a mapping", where=where)
    written = entry.get("written")
    if (not isinstance(written, list) or not written
            or not all(isinstance(form, str) and form.strip() for form in written)):
        raise InputError("'written' must be a non-empty list of names as written",
                         where=where)
    agent = entry.get("agent")
    if needs_agent and not isinstance(agent, str):
        raise InputError(f"{section} entry lacks 'agent' (organisation/... or "
                         "municipality/<code>)", where=where)
    if not needs_agent and agent is not None:
        raise InputError("an unlinked entry names no agent", where=where,
                         hint=f"move it under {SECTION!r}")
    return NamedAgent(agent=agent, written=tuple(written), where=where)


@dataclass(frozen=True)
class _Form:
    text: str
    agent: str | None
    where: str
    pattern: re.Pattern[str]


def _forms(named: Iterable[NamedAgent]) -> list[_Form]:
    forms: dict[str, _Form] = {}
    for entry in named:
        for text in entry.written:
            if text in forms:
                raise InputError(f"{text!r} is listed twice", where=entry.where,
                                 hint=f"first at {forms[text].where}")
            pattern = re.compile(rf"(?<!\w){re.escape(text)}(?!\w)")
            forms[text] = _Form(text, entry.agent, entry.where, pattern)
    return sorted(forms.values(), key=lambda form: -len(form.text))


def agents_named(text: str, forms: Sequence[_Form]) -> list[tuple[_Form, int]]:
    """Forms found in ``text`` with their offsets, longest first, never overlapping."""
    claimed = [False] * len(text)
    found: list[tuple[_Form, int]] = []
    for form in forms:
        for match in form.pattern.finditer(text):
            if any(claimed[match.start():match.end()]):
                continue
            claimed[match.start():match.end()] = [True] * (match.end() - match.start())
            found.append((form, match.start()))
    return sorted(found, key=lambda hit: hit[1])


def emit(ctx: BuildContext, graph: Graph, named: list[NamedAgent],
         rows: Iterable[tuple[URIRef, str]]) -> int:
    """``lape:implementedBy`` for each (measure, implementer text); returns links added."""
    forms = _forms(named)
    agents = {entry.agent: ctx.resolve(entry.agent, entry.where,
                                       kinds=("organisation", "municipality"))
              for entry in named if entry.agent is not None}
    used: set[str] = set()
    links: set[tuple[URIRef, URIRef]] = set()
    for measure, text in rows:
        for form, _ in agents_named(text, forms):
            used.add(form.text)
            if form.agent is not None:
                links.add((measure, agents[form.agent]))
    for measure, agent in links:
        graph.add((measure, LAPE.implementedBy, agent))
    for form in forms:
        if form.text not in used:
            raise InputError(f"no implementer cell contains {form.text!r}", where=form.where,
                             hint="write the name exactly as the document does, or drop it")
    return len(links)
