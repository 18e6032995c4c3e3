"""IRIs that were published and are no longer minted, each with its reason.

A published IRI is a promise (data/iri-registry.txt keeps every one). When a reading of
the documents turns out wrong and an entity must go, it is listed in
``data/retired-iris.yaml`` with the date, the reason, the decision record that
explains it and, where there is one, what took its place. The build refuses a list
whose entries are still minted, whose decision record is missing, or whose replacement
is not minted; the service answers a retired IRI with ``410 Gone`` (not 404), naming the
reason and the replacement.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from rdflib import Dataset, URIRef
from rdflib.namespace import RDF

from . import iri as scheme
from .errors import InputError
from .ingest.yamlio import Located, load_yaml

RETIRED_FILE = "data/retired-iris.yaml"
FIELDS = {"iri", "retired", "reason", "decision", "replaced_by"}


@dataclass(frozen=True)
class Retired:
    """One retired IRI; ``iri`` and ``replaced_by`` are relative to the base (``id/...``)."""

    iri: str
    retired: str
    reason: str
    decision: str
    replaced_by: str | None
    where: str


def load(root: Path) -> dict[str, Retired]:
    """The retired list by relative IRI; an absent file is an empty list."""
    path = root / RETIRED_FILE
    if not path.exists():
        return {}
    data = load_yaml(path, RETIRED_FILE)
    entries = data.get("retired") if isinstance(data, dict) else None
    if not isinstance(entries, list):
        raise InputError("expected a list under 'retired'", where=f"{RETIRED_FILE}:1")
    result: dict[str, Retired] = {}
    for entry in entries:
        item = _entry(entry, root)
        if item.iri in result:
            raise InputError(f"{item.iri} is retired twice", where=item.where,
                             hint=f"first at {result[item.iri].where}")
        result[item.iri] = item
    return result


def _entry(entry: object, root: Path) -> Retired:
    where = entry.where if isinstance(entry, Located) else f"{RETIRED_FILE}:?"
    if not isinstance(entry, dict):
        raise InputError("each retired entry must be a mapping", where=where)
    unknown = set(entry) - FIELDS
    if unknown:
        raise InputError(f"unknown field(s) {', '.join(sorted(unknown))}", where=where,
                         hint=f"fields: {', '.join(sorted(FIELDS))}")
    for key in ("iri", "retired", "reason", "decision"):
        if not isinstance(entry.get(key), str | dt.date) or not str(entry[key]).strip():
            raise InputError(f"retired entry lacks {key!r}", where=where)
    iri, replaced_by = str(entry["iri"]), entry.get("replaced_by")
    for value in (iri, replaced_by):
        if value is not None and not str(value).startswith(scheme.ID):
            raise InputError(f"{value!r} is not an entity IRI relative to the base",
                             where=where, hint="write it as id/<kind>/<key>")
    try:
        dt.date.fromisoformat(str(entry["retired"]))
    except ValueError as exc:
        raise InputError(f"retired date {entry['retired']!r} is not YYYY-MM-DD",
                         where=where) from exc
    decision = str(entry["decision"])
    if not (root / decision).is_file():
        raise InputError(f"decision record {decision} does not exist", where=where,
                         hint="retiring an IRI needs a record under docs/decisions/")
    return Retired(iri=iri, retired=str(entry["retired"]), reason=str(entry["reason"]),
                   decision=decision, replaced_by=str(replaced_by) if replaced_by else None,
                   where=where)


def check(retired: dict[str, Retired], dataset: Dataset, base: str) -> None:
    """No retired IRI is minted again; every replacement is minted."""
    def minted(relative: str) -> bool:
        return any(True for _ in dataset.quads((URIRef(base + relative), RDF.type, None, None)))

    for item in retired.values():
        if minted(item.iri):
            raise InputError(f"{item.iri} is retired but the build mints it again",
                             where=item.where,
                             hint="a retired IRI is never reused; mint a new id")
        if item.replaced_by and not minted(item.replaced_by):
            raise InputError(f"{item.iri} is replaced by {item.replaced_by}, which the build "
                             "does not mint", where=item.where)
