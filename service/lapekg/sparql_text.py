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


_VALUES_HEAD = re.compile(r"\s*(?:\(\s*(?:[?$]\w+\s*)*\)|[?$]\w+)", re.DOTALL)


def inline_bindings(sparql: str, terms: dict[str, str]) -> tuple[str, set[str]]:
    """``sparql`` with bound variables written as their terms in its top-level group.

    pyoxigraph evaluates a query with ``substitutions`` as if the plan did not know the
    variables are bound: a named query bound to one municipality took 344 ms on a graph of
    a million quads, against 9 ms with the IRI written in (issue 11). So each variable of
    ``terms`` (name → the term in SPARQL syntax, an IRI or literal) is replaced by its term
    throughout the top-level group — its nested groups, OPTIONALs, UNIONs and filters,
    where it means the same variable — and bound first with ``BIND(term AS ?name)``, so it
    is still projected, grouped and ordered by. Left alone, meaning that part of the query
    sees the variable as the ``BIND`` (a join) does: subqueries and ``MINUS`` (their own
    scope). A variable the query assigns itself (``AS ?name``) or lists in ``VALUES`` is
    not inlined at all; the caller binds it as before. Returns the text and the names
    inlined."""
    start = where_group_offset(sparql)
    if start is None or not terms:
        return sparql, set()
    tokens = [m for m in TOKEN.finditer(sparql) if m.start() >= start]
    refused: set[str] = set()
    previous = ""
    for match in tokens:
        kind, text = match.lastgroup, match.group()
        if kind == "var" and text[1:] in terms and previous.lower() in ("as", "values"):
            refused.add(text[1:])
        if kind == "word" and text.lower() == "values":
            head = _VALUES_HEAD.match(sparql, match.end())
            if head:
                refused.update(v[1:] for v in re.findall(r"[?$]\w+", head.group()))
        if kind not in ("space", "comment"):
            previous = text
    wanted = {name: term for name, term in terms.items() if name not in refused}
    if not wanted:
        return sparql, set()
    out: list[str] = [sparql[:start]]
    depth, skip_depth, position = 1, None, start
    pending_scope = False  # the next "{" opens a scope of its own (MINUS)
    for index, match in enumerate(tokens):
        kind, text = match.lastgroup, match.group()
        out.append(sparql[position:match.start()])
        position = match.end()
        if text == "{":
            depth += 1
            following = next((t for t in tokens[index + 1:]
                              if t.lastgroup not in ("space", "comment")), None)
            opens_subquery = following is not None and following.group().lower() == "select"
            if skip_depth is None and (pending_scope or opens_subquery):
                skip_depth = depth
            pending_scope = False
        elif text == "}":
            if skip_depth == depth:
                skip_depth = None
            depth -= 1
            if depth == 0:  # the end of the top-level group: the rest is modifiers
                out.append(text)
                out.append(sparql[position:])
                break
        elif kind == "word" and text.lower() == "minus":
            pending_scope = True
        if kind == "var" and skip_depth is None and text[1:] in wanted:
            out.append(wanted[text[1:]])
        else:
            out.append(text)
    else:
        out.append(sparql[position:])
    binds = "".join(f" BIND({term} AS ?{name})" for name, term in wanted.items())
    text = "".join(out)
    return text[:start] + binds + text[start:], set(wanted)
