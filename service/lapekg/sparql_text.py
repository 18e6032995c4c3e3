"""A SPARQL tokenizer just good enough to find keywords: what is a keyword, not a string.

Strings (long ones first), IRIs, comments, variables, prefixed names, blank-node labels
and language tags are consumed whole, so a word that remains is a keyword, a function name
or ``a``. Used where a full parse would cost too much or where an independent second
reading is the point (``lapekg.federation``); it never decides what a query means.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

TOKEN = re.compile(r'''
    (?P<space>\s+)
  | (?P<comment>\#[^\n\r]*)
  | (?P<long>"""(?:(?:"|"")?(?:[^"\\]|\\.))*"""|\'\'\'(?:(?:\'|\'\')?(?:[^'\\]|\\.))*\'\'\')
  | (?P<short>"(?:[^"\\\n\r]|\\.)*"|'(?:[^'\\\n\r]|\\.)*')
  | (?P<iri><(?:[^<>"{}|^`\\\x00-\x20]|\\u[0-9A-Fa-f]{4}|\\U[0-9A-Fa-f]{8})*>)
  | (?P<var>[?$][^\s{}()<>\[\],;."'\#=!|&+*/^-]+)
  | (?P<pname>(?:[^\W\d][\w.\-]*)?:(?:[\w.\-:%]|\\.)*)
  | (?P<lang>@[A-Za-z][A-Za-z0-9\-]*)
  | (?P<word>[^\W\d][\w\-]*)
  | (?P<other>.)
''', re.VERBOSE | re.DOTALL)


def keyword_offsets(sparql: str, keyword: str) -> Iterator[int]:
    """Offsets of ``keyword`` (any case) where it stands as a keyword in ``sparql``."""
    keyword = keyword.lower()
    for match in TOKEN.finditer(sparql):
        if match.lastgroup == "word" and match.group().lower() == keyword:
            yield match.start()


def has_dataset_clause(sparql: str) -> bool:
    """Whether the query has FROM or FROM NAMED (its own RDF dataset, SPARQL 1.1 §13.2)."""
    return "from" in sparql.lower() and next(keyword_offsets(sparql, "from"), None) is not None


_FORMS = ("select", "ask", "construct", "describe")


def query_form(sparql: str) -> str:
    """The query's form (``SELECT``, ``ASK``, ``CONSTRUCT`` or ``DESCRIBE``): its first
    form keyword, since the prologue holds none and subqueries come after it."""
    for match in TOKEN.finditer(sparql):
        if match.lastgroup == "word" and match.group().lower() in _FORMS:
            return match.group().upper()
    from .errors import QuerySyntaxError

    raise QuerySyntaxError("not a SPARQL query: no SELECT, ASK, CONSTRUCT or DESCRIBE",
                           where="query", hint="updates go to the update endpoint")


def where_group_offset(sparql: str) -> int | None:
    """The offset just inside the query's top-level group pattern (after its ``{``), or
    ``None`` when it has none (``DESCRIBE <iri>``). A CONSTRUCT's template is skipped."""
    depth = 0
    template = False  # inside, or still to skip, a CONSTRUCT template
    seen_form = False
    for match in TOKEN.finditer(sparql):
        kind, text = match.lastgroup, match.group()
        if kind == "word" and not seen_form and text.lower() in _FORMS:
            seen_form = True
            template = text.lower() == "construct"
        elif kind == "word" and text.lower() == "where" and depth == 0:
            template = False  # CONSTRUCT WHERE { … }: the group is the template
        elif text == "{":
            if depth == 0 and not template:
                return match.end()
            depth += 1
        elif text == "}":
            depth -= 1
            if depth == 0:
                template = False
    return None


def with_values(sparql: str, bindings: dict[str, str]) -> str:
    """``sparql`` with ``VALUES`` binding each variable (name → a term in SPARQL syntax)
    placed first in its top-level group: the variables are bound before the rest of the
    group is joined, optionals and filters included — what pyoxigraph's substitutions do
    in-process, for an engine that has none."""
    if not bindings:
        return sparql
    offset = where_group_offset(sparql)
    if offset is None:
        return sparql
    names = list(bindings)
    values = (f" VALUES ({' '.join('?' + name for name in names)}) "
              f"{{ ({' '.join(bindings[name] for name in names)}) }} ")
    return sparql[:offset] + values + sparql[offset:]
