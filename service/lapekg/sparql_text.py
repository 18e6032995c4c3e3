"""A SPARQL tokenizer just good enough to find keywords: what is a keyword, not a string.

Strings (long ones first), IRIs, comments, variables, prefixed names, blank-node labels
and language tags are consumed whole, so a word that remains is a keyword, a function name
or ``a``. Used where a full parse would cost too much or where an independent second
reading is the point (``lapekg.federation``); it never decides what a query means.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

_TOKEN = re.compile(r'''
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
    for match in _TOKEN.finditer(sparql):
        if match.lastgroup == "word" and match.group().lower() == keyword:
            yield match.start()


def has_dataset_clause(sparql: str) -> bool:
    """Whether the query has FROM or FROM NAMED (its own RDF dataset, SPARQL 1.1 §13.2)."""
    return "from" in sparql.lower() and next(keyword_offsets(sparql, "from"), None) is not None
