"""Named queries: ``queries/*.rq`` files with a contract in a ``#+`` YAML header.

The header (after grlc's convention) gives a title, a description, typed parameters with
defaults, and an example. Parameters are SPARQL variables of the query; a request's values
are turned into typed RDF terms and *bound* (pyoxigraph ``substitutions``), never pasted
into the query text. Query files use the project prefixes without declaring them; the
registry prepends the PREFIX prologue so the text runs on any SPARQL 1.1 store.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path

import pyoxigraph as ox
import yaml
from rdflib.plugins.sparql.parser import parseQuery
from rdflib.plugins.sparql.parserutils import CompValue

from . import iri as scheme
from .errors import InputError, ParameterError
from .namespaces import sparql_prologue

HEADER = re.compile(r"^#\+ ?(.*)$")
NAME = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
# RFC 3987 IRIREF as SPARQL's grammar restricts it: no spaces, <>"{}|^`\ characters.
IRIREF = re.compile(r'^[A-Za-z][A-Za-z0-9+.-]*:[^\x00-\x20<>"{}|^`\\]*$')
XSD = "http://www.w3.org/2001/XMLSchema#"

PARAMETER_TYPES = ("iri", "string", "integer", "decimal", "year", "boolean")


@dataclass
class Parameter:
    name: str
    type: str
    description: str = ""
    default: str | None = None
    required: bool = False
    enum: list[str] = field(default_factory=list)
    language: str | None = None

    def to_dict(self) -> dict:
        body: dict = {"name": self.name, "type": self.type, "description": self.description,
                      "required": self.required}
        if self.default is not None:
            body["default"] = self.default
        if self.enum:
            body["enum"] = self.enum
        return body


@dataclass
class NamedQuery:
    name: str
    title: str
    description: str
    form: str  # SELECT | ASK | CONSTRUCT | DESCRIBE
    body: str  # the SPARQL text without the header
    path: Path
    parameters: dict[str, Parameter] = field(default_factory=dict)
    example: dict[str, str] = field(default_factory=dict)
    competency: list[str] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
    variables: tuple[str, ...] = ()  # a SELECT's projection, in order (empty for SELECT *)

    def text(self, base: str) -> str:
        """The full SPARQL text (prologue + body) as sent to a store."""
        return sparql_prologue(base) + self.body

    def to_dict(self) -> dict:
        return {"name": self.name, "title": self.title, "description": self.description,
                "form": self.form, "parameters": [p.to_dict() for p in self.parameters.values()],
                "example": self.example, "competency": self.competency, "tags": self.tags}


def _split_header(text: str) -> tuple[str, str]:
    header: list[str] = []
    lines = text.splitlines(keepends=True)
    index = 0
    while index < len(lines) and HEADER.match(lines[index].rstrip("\n")):
        header.append(HEADER.match(lines[index].rstrip("\n")).group(1))  # type: ignore[union-attr]
        index += 1
    return "\n".join(header), "".join(lines[index:])


def _query_form(body: str, base: str, where: str) -> tuple[list[str] | None, str]:
    """(projected variable names in order, or None for SELECT *; the query form)."""
    try:
        parsed = parseQuery(sparql_prologue(base) + body)
    except Exception as exc:  # pyparsing raises ParseException with line/column
        line = getattr(exc, "lineno", None)
        column = getattr(exc, "col", None)
        position = f" at line {line}, column {column} (after the prologue)" if line else ""
        raise InputError(f"SPARQL syntax error{position}: {exc}", where=where) from exc
    query = parsed[1]
    name = query.name if isinstance(query, CompValue) else ""
    # CompValue.get resolves missing keys to the key itself: read the plain dict instead.
    projection = dict.get(query, "projection") if isinstance(query, CompValue) else None
    projected = None if not projection else list(dict.fromkeys(
        str(dict.get(item, "var") or dict.get(item, "evar")) for item in projection))
    return projected, {"SelectQuery": "SELECT", "AskQuery": "ASK", "ConstructQuery": "CONSTRUCT",
            "DescribeQuery": "DESCRIBE"}.get(name, "SELECT")


def load_query(path: Path, base: str) -> NamedQuery:
    where = str(path)
    header_text, body = _split_header(path.read_text(encoding="utf-8"))
    if not header_text.strip():
        raise InputError("named query has no '#+' header", where=f"{where}:1",
                         hint="start the file with '#+ title: ...' lines")
    try:
        header = yaml.safe_load(header_text) or {}
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark is not None else 1
        problem = getattr(exc, "problem", None) or str(exc)
        raise InputError(f"header is not valid YAML: {problem}", where=f"{where}:{line}",
                         hint="quote values that contain ': '") from exc
    name = str(header.get("name", path.stem))
    if not NAME.match(name):
        raise InputError(f"query name {name!r} is not a slug", where=where)
    for key in ("title", "description"):
        if not header.get(key):
            raise InputError(f"header lacks {key!r}", where=f"{where}:1")
    projected, form = _query_form(body, base, where)
    parameters: dict[str, Parameter] = {}
    for pname, spec in (header.get("params") or {}).items():
        spec = spec or {}
        ptype = spec.get("type", "string")
        if ptype not in PARAMETER_TYPES:
            raise InputError(f"parameter {pname!r} has unknown type {ptype!r}", where=where,
                             hint=f"one of: {', '.join(PARAMETER_TYPES)}")
        if not re.search(r"[?$]" + re.escape(pname) + r"\b", body):
            raise InputError(f"parameter {pname!r} is not a variable of the query", where=where)
        if form == "SELECT" and projected is not None and pname not in projected:
            # SEP-0007 substitution (pyoxigraph) binds projected variables only.
            raise InputError(f"parameter {pname!r} is not in the SELECT projection",
                             where=where, hint=f"add ?{pname} to the SELECT clause "
                                               "(and to GROUP BY if the query groups)")
        default = spec.get("default")
        parameters[pname] = Parameter(
            name=pname, type=ptype, description=str(spec.get("description", "")),
            default=None if default is None else str(default),
            required=bool(spec.get("required", default is None)),
            enum=[str(v) for v in spec.get("enum", [])], language=spec.get("language"),
        )
    return NamedQuery(
        name=name, title=str(header["title"]), description=str(header["description"]).strip(),
        form=form, body=body, path=path, parameters=parameters,
        example={k: str(v) for k, v in (header.get("example") or {}).items()},
        competency=[str(c) for c in header.get("competency", []) or []],
        tags=[str(t) for t in header.get("tags", []) or []],
        variables=tuple(projected or ()),
    )


def load_queries(directory: Path, base: str) -> dict[str, NamedQuery]:
    queries: dict[str, NamedQuery] = {}
    for path in sorted(directory.glob("*.rq")):
        query = load_query(path, base)
        if query.name in queries:
            raise InputError(f"query name {query.name!r} used twice", where=str(path))
        queries[query.name] = query
    return queries


def expand(value: str, base: str) -> str:
    """``id:municipality/444`` → ``<base>id/municipality/444``; other values unchanged."""
    return scheme.entity(base, value[3:]) if value.startswith("id:") else value


def to_term(parameter: Parameter, raw: str, base: str) -> ox.NamedNode | ox.Literal:
    """Turn a request value into a typed RDF term, or say which parameter is wrong."""
    def bad(expected: str) -> ParameterError:
        return ParameterError(f"parameter {parameter.name!r}: {raw!r} is not {expected}",
                              where=f"parameter {parameter.name}",
                              hint=parameter.description or None)

    if parameter.enum and raw not in parameter.enum:
        raise ParameterError(f"parameter {parameter.name!r}: {raw!r} is not allowed",
                             where=f"parameter {parameter.name}",
                             hint=f"one of: {', '.join(parameter.enum)}")
    if parameter.type == "iri":
        iri = expand(raw, base)
        if not IRIREF.match(iri):
            raise bad("an absolute IRI")
        return ox.NamedNode(iri)
    if parameter.type == "integer":
        if not re.fullmatch(r"[+-]?\d{1,18}", raw):
            raise bad("an integer")
        return ox.Literal(str(int(raw)), datatype=ox.NamedNode(XSD + "integer"))
    if parameter.type == "decimal":
        try:
            value = Decimal(raw.replace(",", "."))
        except InvalidOperation as exc:
            raise bad("a decimal number") from exc
        if not value.is_finite():
            raise bad("a finite decimal number")
        return ox.Literal(str(value), datatype=ox.NamedNode(XSD + "decimal"))
    if parameter.type == "year":
        if not re.fullmatch(r"\d{4}", raw):
            raise bad("a four-digit year")
        return ox.Literal(raw, datatype=ox.NamedNode(XSD + "gYear"))
    if parameter.type == "boolean":
        if raw.lower() not in {"true", "false", "1", "0"}:
            raise bad("true or false")
        return ox.Literal("true" if raw.lower() in {"true", "1"} else "false",
                          datatype=ox.NamedNode(XSD + "boolean"))
    if parameter.language:
        return ox.Literal(raw, language=parameter.language)
    return ox.Literal(raw)


def bind(query: NamedQuery, values: dict[str, str],
         base: str) -> dict[str, ox.NamedNode | ox.Literal]:
    """Typed bindings for a call: request values, else defaults; unknown names refused."""
    unknown = set(values) - set(query.parameters)
    if unknown:
        raise ParameterError(f"unknown parameter(s) {sorted(unknown)} for {query.name}",
                             where="query string",
                             hint=f"accepted: {', '.join(query.parameters) or 'none'}")
    bindings: dict[str, ox.NamedNode | ox.Literal] = {}
    for name, parameter in query.parameters.items():
        given = values.get(name)
        if given is not None and not str(given).strip():
            # ``?group=``: an empty value is neither the default nor "unbound"; say so
            default = f" for the default ({parameter.default})" \
                if parameter.default is not None else ""
            raise ParameterError(f"parameter {name!r} is empty", where=f"parameter {name}",
                                 hint=f"give a value, or leave it out{default}")
        raw = values.get(name, parameter.default)
        if raw is None or not str(raw).strip():
            if parameter.required:
                raise ParameterError(f"parameter {name!r} is required",
                                     where=f"parameter {name}", hint=parameter.description or None)
            continue
        bindings[name] = to_term(parameter, str(raw), base)
    return bindings
