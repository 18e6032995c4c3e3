"""YAML loading that remembers where each mapping came from (file and line).

Curated files are edited by people; an error must point at the entry to fix. PyYAML's
composer gives every node a start mark; we copy it onto the dicts we construct.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from ..errors import InputError


class Located(dict):
    """A mapping from a YAML file that knows its file and 1-based line."""

    file: str = "?"
    line: int = 0

    @property
    def where(self) -> str:
        return f"{self.file}:{self.line}"


class _LineLoader(yaml.SafeLoader):
    """SafeLoader whose mappings are :class:`Located` dicts."""


def _construct_mapping(loader: _LineLoader, node: yaml.MappingNode) -> Located:
    loader.flatten_mapping(node)
    mapping = Located()
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        if key in mapping:
            raise InputError(
                f"duplicate key {key!r}",
                where=f"{loader.name}:{key_node.start_mark.line + 1}",
                hint="each key may appear once per entry",
            )
        mapping[key] = loader.construct_object(value_node, deep=True)
    mapping.file = loader.name
    mapping.line = node.start_mark.line + 1
    return mapping


_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)


def load_yaml(path: Path, display_name: str | None = None) -> Any:
    """Parse a YAML file; syntax errors become :class:`InputError` with file and line."""
    name = display_name or str(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError as exc:
        raise InputError("file not found", where=name) from exc
    except UnicodeDecodeError as exc:
        raise InputError(f"not UTF-8 text ({exc.reason})", where=name) from exc
    loader = _LineLoader(text)
    loader.name = name
    try:
        return loader.get_single_data()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else 0
        raise InputError(
            f"YAML syntax error: {exc.problem or exc.context}",
            where=f"{name}:{line}",
            hint="check indentation and quoting on or just above this line",
        ) from exc
    finally:
        loader.dispose()
