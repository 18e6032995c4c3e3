"""Keep data/iri-registry.txt — every entity IRI ever published — in step with the build.

    python scripts/iri_registry.py --check    # exit 1 if a registered IRI is gone unretired
    python scripts/iri_registry.py --update   # add the IRIs the current build mints

IRIs are promises to the people who cite them: tests/test_iri_stability.py fails when a
build stops minting a registered IRI (e.g. because someone "fixed" an id in a curated
file). New IRIs are added with --update; removing one needs a decision record and an
entry in data/retired-iris.yaml (the service then answers it with 410 Gone).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from lapekg.config import load_config
from lapekg.retired import load as load_retired
from lapekg.store.embedded import EmbeddedStore
from lapekg.store.publish import current_store

REGISTRY = Path(__file__).resolve().parents[1] / "data" / "iri-registry.txt"
HEADER = (
    "# Every entity IRI ever published, relative to the base. IRIs are stable: a build that\n"
    "# no longer mints one of these fails tests/test_iri_stability.py. Add new IRIs with\n"
    "# 'python scripts/iri_registry.py --update'; retire one only with a decision record\n"
    "# and an entry in data/retired-iris.yaml (it stays listed here).\n"
)
QUERY = """SELECT DISTINCT ?base ?s WHERE {
  ?s a ?class .
  FILTER(STRSTARTS(STR(?s), CONCAT(?base, "id/"))
         && !STRSTARTS(STR(?s), CONCAT(?base, "id/evidence/")))
}"""


def published(store: EmbeddedStore, base: str) -> set[str]:
    """Entity IRIs (relative to the base) in a published store; evidence nodes excluded
    (their IRIs are offsets into the pinned sources)."""
    import pyoxigraph as ox

    rows = store.select(QUERY, {"base": ox.Literal(base)})
    return {row["s"].value[len(base):] for row in rows}


def registered(path: Path = REGISTRY) -> set[str]:
    lines = path.read_text(encoding="utf-8").splitlines()
    return {line.strip() for line in lines if line.strip() and not line.startswith("#")}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--update", action="store_true")
    args = parser.parse_args()
    settings = load_config()
    store = EmbeddedStore(current_store(settings.build_dir))
    now = published(store, settings.base)
    before = registered()
    gone = sorted(before - now - set(load_retired(settings.root)))
    for iri in gone:
        print(f"no longer published: {iri}")
    if args.update:
        REGISTRY.write_text(HEADER + "\n".join(sorted(before | now)) + "\n", encoding="utf-8")
        print(f"{len(now - before)} new IRI(s) registered")
    return 1 if gone else 0


if __name__ == "__main__":
    sys.exit(main())
