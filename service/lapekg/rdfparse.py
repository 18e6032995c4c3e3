"""Parsing RDF files into rdflib graphs, with every failure as the project's input error.

rdflib raises a different exception per parser, and not all of them say where: Turtle
and N3 say the line (``BadSyntax``), RDF/XML line and column (SAX), JSON-LD line and
column (``json``), N-Triples and N-Quads only the offending text. :func:`parse_file`
turns each into one :class:`~lapekg.errors.InputError` whose ``where`` is
``file:line[:column]``. The position comes from reading the file again with
pyoxigraph's parser where it reads the format (its errors carry exact line and column),
else from rdflib's exception.
"""

from __future__ import annotations

import json
import xml.sax
from pathlib import Path

import pyoxigraph as ox
from rdflib import Graph
from rdflib.plugins.parsers.notation3 import BadSyntax

from .errors import InputError

#: file suffix → (rdflib parser name, pyoxigraph format or None, name for messages)
FORMATS: dict[str, tuple[str, ox.RdfFormat | None, str]] = {
    ".ttl": ("turtle", ox.RdfFormat.TURTLE, "Turtle"),
    ".nt": ("nt", ox.RdfFormat.N_TRIPLES, "N-Triples"),
    ".nq": ("nquads", ox.RdfFormat.N_QUADS, "N-Quads"),
    ".trig": ("trig", ox.RdfFormat.TRIG, "TriG"),
    ".n3": ("n3", ox.RdfFormat.N3, "N3"),
    ".rdf": ("xml", ox.RdfFormat.RDF_XML, "RDF/XML"),
    ".owl": ("xml", ox.RdfFormat.RDF_XML, "RDF/XML"),
    ".xml": ("xml", ox.RdfFormat.RDF_XML, "RDF/XML"),
    ".jsonld": ("json-ld", None, "JSON-LD"),
    ".json": ("json-ld", None, "JSON-LD"),
}


def format_of(path: Path) -> tuple[str, ox.RdfFormat | None, str]:
    try:
        return FORMATS[path.suffix.lower()]
    except KeyError:
        raise InputError(f"cannot tell the RDF format of {path.name}", where=str(path),
                         hint="name the file .ttl, .nt, .nq, .trig, .n3, .rdf or .jsonld"
                         ) from None


def parse_file(path: Path | str, graph: Graph | None = None) -> Graph:
    """Parse ``path`` into ``graph`` (a new one by default); raise InputError on failure."""
    path = Path(path)
    parser, oxformat, name = format_of(path)
    if not path.is_file():
        raise InputError("no such file", where=str(path))
    target = graph if graph is not None else Graph()
    try:
        target.parse(path, format=parser)
    except Exception as exc:  # each rdflib parser raises its own exception types
        line, column, reason = _position(path, oxformat, exc)
        where = str(path) + (f":{line}" if line else "") + (f":{column}" if column else "")
        raise InputError(f"{path.name} is not valid {name}: {reason}", where=where,
                         hint="fix the syntax at that position") from None
    return target


def _position(path: Path, oxformat: ox.RdfFormat | None, exc: Exception
              ) -> tuple[int | None, int | None, str]:
    # pyoxigraph's position first: rdflib's Turtle/TriG parser reports the line where its
    # tokenizer stopped, often a few lines past the error.
    if oxformat is not None:
        try:
            for _ in ox.parse(path=str(path), format=oxformat):
                pass
        except SyntaxError as precise:
            if precise.lineno:  # its RDF/XML errors carry no position
                reason = str(precise).split(": ", 1)[-1].rsplit(" (", 1)[0]
                return precise.lineno, precise.offset, reason
        except (OSError, ValueError):
            pass
    if isinstance(exc, BadSyntax):
        return exc.lines + 1, None, str(exc._why)
    if isinstance(exc, xml.sax.SAXParseException):
        return exc.getLineNumber(), exc.getColumnNumber() + 1, exc.getMessage()
    if isinstance(exc, json.JSONDecodeError):
        return exc.lineno, exc.colno, exc.msg
    return None, None, str(exc).strip().splitlines()[0] if str(exc).strip() else type(
        exc).__name__
