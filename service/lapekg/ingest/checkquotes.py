"""Check every evidence quote in curated files: ``python -m lapekg.ingest.checkquotes F...``."""

from __future__ import annotations

import sys
from pathlib import Path

from ..config import load_config
from ..errors import LapekgError
from .sources import load_sources
from .yamlio import load_yaml


def _walk(node):
    if isinstance(node, dict):
        if "doc" in node and "quote" in node:
            yield node
        for value in node.values():
            yield from _walk(value)
    elif isinstance(node, list):
        for item in node:
            yield from _walk(item)


def main(argv: list[str]) -> int:
    settings = load_config()
    sources = load_sources(settings.data_dir / "sources")
    failures = checked = 0
    for name in argv:
        try:
            data = load_yaml(Path(name))
        except LapekgError as exc:
            print(exc)
            failures += 1
            continue
        for item in _walk(data):
            checked += 1
            try:
                if item["doc"] not in sources:
                    raise LapekgError(f"unknown doc {item['doc']!r}", where=item.where)
                sources[item["doc"]].locate(str(item["quote"]), int(item.get("occurrence", 1)),
                                            item.where)
            except LapekgError as exc:
                print(exc)
                failures += 1
    print(f"{checked} quotes checked, {failures} failed")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
