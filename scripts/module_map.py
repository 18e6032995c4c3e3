"""Write (or check) the module map of docs/architecture.md from the package itself.

Each module of ``service/lapekg`` is listed with the first line of its docstring, between
the ``<!-- module-map -->`` markers; ``tests/test_architecture.py`` runs ``--check`` so
the page cannot drift from the code. Run ``python scripts/module_map.py`` after adding,
removing or redescribing a module.
"""

from __future__ import annotations

import argparse
import ast
import sys
from pathlib import Path

from docblock import replace_between, write_or_check  # scripts/, beside this file

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "service" / "lapekg"
DOC = ROOT / "docs" / "architecture.md"
START, END = "<!-- module-map -->", "<!-- /module-map -->"


def summary(path: Path) -> str:
    doc = ast.get_docstring(ast.parse(path.read_text(encoding="utf-8"))) or ""
    first = doc.strip().split("\n\n")[0].replace("\n", " ").strip()
    return first.replace("|", "\\|") or "(no docstring)"


def table() -> str:
    rows = ["| module | what it is |", "|---|---|"]
    for path in sorted(PACKAGE.rglob("*.py")):
        if "static" in path.parts or path.name == "__init__.py" and path.parent == PACKAGE:
            continue
        module = ".".join(path.relative_to(PACKAGE.parent).with_suffix("").parts)
        module = module.removesuffix(".__init__")
        rows.append(f"| `{module}` | {summary(path)} |")
    return "\n".join(rows)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="fail if the page is stale")
    args = parser.parse_args()
    text = DOC.read_text(encoding="utf-8")
    try:
        updated = replace_between(text, START, END, table())
    except ValueError as error:
        print(f"{DOC}: {error}", file=sys.stderr)
        return 2
    return write_or_check(DOC, text, updated, args.check, "python scripts/module_map.py")


if __name__ == "__main__":
    sys.exit(main())
