"""One IRI scheme (lapekg.iri): no module hand-joins the base with "id/" or "graph/".

The scheme's own helpers are checked against the IRIs the build mints, so the two cannot
disagree; the grep keeps new code from building IRIs by hand again (issue 12, point 4).
"""

from __future__ import annotations

import re
from pathlib import Path

from lapekg import iri as scheme
from lapekg.ingest.iris import Iris
from lapekg.namespaces import DEFAULT_BASE

PACKAGE = Path(__file__).resolve().parents[1] / "service" / "lapekg"
#: base + "id/…", f"{base}id/…", a bare "id/" or "graph/" literal, ".well-known/genid/"
HAND_BUILT = re.compile(r"""base\W*\+\s*f?["'](?:id|graph)/|\}(?:id|graph)/"""
                        r"""|["'](?:id|graph)/["']|["']\.well-known/genid/""")


def test_no_module_builds_iris_by_hand() -> None:
    found = []
    for path in sorted(PACKAGE.rglob("*.py")):
        if path.name == "iri.py" and path.parent == PACKAGE:
            continue
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if HAND_BUILT.search(line):
                found.append(f"{path.relative_to(PACKAGE)}:{number}: {line.strip()}")
    assert not found, "build these through lapekg.iri:\n" + "\n".join(found)


def test_the_scheme_and_the_minter_agree() -> None:
    iris = Iris(DEFAULT_BASE)
    minted = str(iris.ref("municipality/638"))
    assert minted == scheme.entity(DEFAULT_BASE, "municipality/638")
    assert scheme.entity_path(DEFAULT_BASE, minted) == "municipality/638"
    assert iris.key_of(minted) == ("municipality", "638")
    assert str(iris.graph("reference")) == scheme.graph(DEFAULT_BASE, "reference")
    assert str(iris.document("porvoo-2018")) == scheme.document(DEFAULT_BASE, "porvoo-2018")
    assert scheme.entity_path(DEFAULT_BASE, scheme.id_space(DEFAULT_BASE)) is None
    assert scheme.entity_path(DEFAULT_BASE, "https://example.org/id/x") is None
