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


def render(text: str) -> str:
    head, _, rest = text.partition(START)
    _, _, tail = rest.partition(END)
    return f"{head}{START}\n{table()}\n{END}{tail}"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="fail if the page is stale")
    args = parser.parse_args()
    text = DOC.read_text(encoding="utf-8")
    if START not in text or END not in text:
        print(f"{DOC}: no {START} … {END} block", file=sys.stderr)
        return 2
    updated = render(text)
    if args.check:
        if updated != text:
            print(f"{DOC}: the module map is stale; run python scripts/module_map.py",
                  file=sys.stderr)
            return 1
        return 0
    DOC.write_text(updated, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
