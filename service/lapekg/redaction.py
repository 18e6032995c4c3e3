"""The takedown list: people hidden from pages, search and dumps at their request.

The people the documents name are officials and professionals, published with their name,
role and organisation; the graph holds nothing else about them. When one asks to be
removed, an entry in ``data/redactions.yaml`` (the ``LAPEKG_REDACTIONS`` setting names
another file) and a rebuild take them out:

- the build drops the person's node, every triple pointing at it, their memberships
  (an ``org:Membership`` is about its member) and the evidence nodes only those cited;
- every remaining literal and the source reader's text mask the listed name forms with
  one ``█`` per character, so citation offsets into the documents stay valid;
- the service answers the person's IRI (and their memberships' IRIs) with ``410 Gone``,
  saying only that it was withdrawn and when — never the name or the reason.

Nothing else changes, so the build still passes the shapes (a practice keeps its other
responsible people; a group keeps its other members).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import Dataset, Literal, URIRef
from rdflib.namespace import RDF

from . import iri as scheme
from .errors import InputError
from .ingest.yamlio import Located, load_yaml
from .namespaces import LAPE, ORG

FIELDS = {"iri", "names", "since", "reference"}
MASK = "█"


@dataclass(frozen=True)
class Redaction:
    """One hidden person: ``iri`` relative to the base, the name forms to mask."""

    iri: str
    names: tuple[str, ...]
    since: str
    where: str


@dataclass
class Redactions:
    """The list, and after :func:`apply` every IRI it withdrew (relative to the base)."""

    people: dict[str, Redaction] = field(default_factory=dict)
    withdrawn: dict[str, str] = field(default_factory=dict)  # relative IRI → since

    @property
    def names(self) -> tuple[str, ...]:
        """Every name form, longest first (so a full name is masked before a part)."""
        forms = {name for person in self.people.values() for name in person.names}
        return tuple(sorted(forms, key=lambda name: (-len(name), name)))

    def mask(self, text: str) -> str:
        for name in self.names:
            if name in text:
                text = text.replace(name, MASK * len(name))
        return text

    def __bool__(self) -> bool:
        return bool(self.people)


def load(path: Path, label: str | None = None) -> Redactions:
    """The list in ``path``; an absent file is an empty list."""
    label = label or path.name
    if not path.exists():
        return Redactions()
    data = load_yaml(path, label)
    if data is None:
        return Redactions()
    entries = data.get("redacted") if isinstance(data, dict) else None
    if entries is None:
        entries = []
    if not isinstance(entries, list):
        raise InputError("expected a list under 'redacted'", where=f"{label}:1")
    people: dict[str, Redaction] = {}
    for entry in entries:
        item = _entry(entry, label)
        if item.iri in people:
            raise InputError(f"{item.iri} is listed twice", where=item.where,
                             hint=f"first at {people[item.iri].where}")
        people[item.iri] = item
    return Redactions(people)


def _entry(entry: object, label: str) -> Redaction:
    where = entry.where if isinstance(entry, Located) else f"{label}:?"
    if not isinstance(entry, dict):
        raise InputError("each redacted entry must be a mapping", where=where,
                         hint="fields: iri, names, since (and an optional reference)")
    unknown = set(entry) - FIELDS
    if unknown:
        raise InputError(f"unknown field(s) {', '.join(sorted(unknown))}", where=where,
                         hint=f"fields: {', '.join(sorted(FIELDS))}")
    iri = str(entry.get("iri") or "")
    if not iri.startswith(scheme.ID + "person/"):
        raise InputError(f"{iri or 'an empty iri'!r} is not a person's IRI", where=where,
                         hint="write it relative to the base: id/person/<key>")
    names = entry.get("names")
    names = [names] if isinstance(names, str) else names
    if not isinstance(names, list) or not names or not all(
            isinstance(name, str) and len(name.strip()) >= 3 for name in names):
        raise InputError("'names' must list the name as published (3 characters or more)",
                         where=where, hint="e.g. names: [Anna Esimerkki]")
    try:
        since = dt.date.fromisoformat(str(entry.get("since")))
    except ValueError as exc:
        raise InputError(f"'since' {entry.get('since')!r} is not a YYYY-MM-DD date",
                         where=where) from exc
    return Redaction(iri, tuple(name.strip() for name in names), since.isoformat(), where)


def apply(redactions: Redactions, dataset: Dataset, base: str) -> None:
    """Take the listed people out of ``dataset`` (see the module doc), in place."""
    if not redactions:
        return
    drop: set[URIRef] = set()
    for item in redactions.people.values():
        person = URIRef(base + item.iri)
        if not any(True for _ in dataset.quads((person, RDF.type, None, None))):
            raise InputError(f"{item.iri} is not in the graph", where=item.where,
                             hint="check the IRI on the person's page")
        drop.add(person)
        redactions.withdrawn[item.iri] = item.since
        for membership, _, _, _ in dataset.quads((None, ORG.member, person, None)):
            drop.add(membership)  # type: ignore[arg-type]
            if str(membership).startswith(base):
                redactions.withdrawn[str(membership)[len(base):]] = item.since
    evidence = {e for node in drop for _, _, e, _ in dataset.quads((node, LAPE.evidence, None,
                                                                    None))}
    _remove(dataset, drop)
    # An evidence node goes with the facts it cited, unless another fact cites it too.
    orphans = {e for e in evidence
               if not any(True for _ in dataset.quads((None, None, e, None)))}
    _remove(dataset, orphans)  # type: ignore[arg-type]
    _mask_literals(dataset, redactions)


def _remove(dataset: Dataset, nodes: Iterable[URIRef]) -> None:
    nodes = set(nodes)
    doomed = [quad for quad in dataset.quads((None, None, None, None))
              if quad[0] in nodes or quad[2] in nodes]
    for s, p, o, g in doomed:
        dataset.remove((s, p, o, g))


def _mask_literals(dataset: Dataset, redactions: Redactions) -> None:
    names = redactions.names
    changed = []
    for s, p, o, g in dataset.quads((None, None, None, None)):
        if isinstance(o, Literal) and any(name in str(o) for name in names):
            changed.append((s, p, o, g))
    for s, p, o, g in changed:
        dataset.remove((s, p, o, g))
        masked = Literal(redactions.mask(str(o)), lang=o.language, datatype=o.datatype)
        dataset.add((s, p, masked, g))
