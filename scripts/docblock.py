"""A generated block inside a hand-written document: replace it, or check it is current.

The scripts that write part of a page (``ontology_diagram.py`` into docs/model.md,
``module_map.py`` into docs/architecture.md) keep the prose around a pair of markers and
share this: :func:`replace_between` swaps the text between the markers, and
:func:`write_or_check` writes the page or, with ``--check``, fails when it is stale.
"""

from __future__ import annotations

import sys
from pathlib import Path


def replace_between(document: str, start: str, end: str, content: str) -> str:
    """``document`` with the text between ``start`` and ``end`` replaced by ``content``."""
    first, last = document.find(start), document.find(end)
    if first < 0 or last < first:
        raise ValueError(f"markers {start} ... {end} not found (in that order)")
    return f"{document[:first + len(start)]}\n{content}\n{document[last:]}"


def write_or_check(doc: Path, current: str, wanted: str, check: bool, command: str) -> int:
    """Exit status: with ``check``, 1 when ``doc`` differs from ``wanted`` (run
    ``command``); otherwise write ``wanted`` when it differs."""
    if check:
        if wanted != current:
            print(f"{doc} is out of date: run {command}", file=sys.stderr)
            return 1
        return 0
    if wanted != current:
        doc.write_text(wanted, encoding="utf-8")
        print(f"updated {doc}")
    return 0
