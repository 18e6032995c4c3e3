"""The graph's numbers: counted by the build, documented in docs/model.md, never typed.

The block between the numbers markers in docs/model.md must be exactly what this
session's build rendered (so a data change without ``lapekg build --write-docs`` fails),
and the counts must agree with SPARQL asked of the published store independently.
"""

from __future__ import annotations

import json
from pathlib import Path

import pyoxigraph as ox
import pytest

from lapekg import numbers
from lapekg.build import BuildReport, write_docs
from lapekg.errors import LapekgError

ROOT = Path(__file__).resolve().parents[1]
MODEL = ROOT / "docs" / "model.md"
LAPE = "https://w3id.org/lapekg/ontology#"


@pytest.fixture(scope="module")
def built_numbers(built_dir: Path) -> dict:
    return json.loads((built_dir / "reports" / "numbers.json").read_text(encoding="utf-8"))


def test_docs_carry_the_numbers_of_this_build(built_dir: Path) -> None:
    rendered = (built_dir / "reports" / "numbers.md").read_text(encoding="utf-8").rstrip("\n")
    documented = numbers.documented_block(MODEL.read_text(encoding="utf-8"))
    assert documented is not None, "docs/model.md has no numbers block"
    assert documented == rendered, (
        "docs/model.md's numbers are stale: run `lapekg build --write-docs` and commit")


def _count(store, query: str) -> int:
    [row] = store.select(query)
    return int(next(iter(row.values())).value)


def test_adoption_numbers_agree_with_the_store(built_store, built_numbers) -> None:
    prefix = f"PREFIX lape: <{LAPE}>\n"
    stated = _count(built_store, prefix + "SELECT (COUNT(DISTINCT ?a) AS ?n) WHERE "
                    "{ ?a a lape:Adoption ; lape:isInferred false }")
    inferred = _count(built_store, prefix + "SELECT (COUNT(DISTINCT ?a) AS ?n) WHERE "
                      "{ GRAPH ?g { ?a a lape:Adoption ; lape:isInferred true } "
                      'FILTER(STRENDS(STR(?g), "/graph/inferred")) }')
    assert (built_numbers["adoptions_stated"], built_numbers["adoptions_inferred"]) == (
        stated, inferred)
    assert stated >= 20 and inferred >= 60


def test_practice_numbers_agree_with_the_store(built_store, built_numbers) -> None:
    prefix = f"PREFIX lape: <{LAPE}>\n"
    shared = _count(built_store, prefix + "SELECT (COUNT(DISTINCT ?p) AS ?n) "
                    "WHERE { ?p a lape:SharedPractice }")
    local = _count(built_store, prefix + "SELECT (COUNT(DISTINCT ?p) AS ?n) "
                   "WHERE { ?p lape:versionOf ?shared }")
    assert (built_numbers["shared_practices"], built_numbers["local_versions"]) == (shared, local)
    assert built_numbers["practices"] >= 200


def test_every_entity_and_claim_is_evidenced(built_numbers) -> None:
    assert built_numbers["entities"] > 1000
    assert built_numbers["entities_with_evidence"] == built_numbers["entities"]
    for name, row in built_numbers["claims"].items():
        assert row["entities"] > 0, name
        assert row["with_evidence"] == row["entities"], name
    assert set(built_numbers["quotes"]) == {
        "porvoo-2018", "lohja-2018", "raasepori-2018", "uusimaa-results-2018",
        "kymenlaakso-2020"}


def _store(turtle: str) -> ox.Store:
    store = ox.Store()
    store.load(turtle.encode(), format=ox.RdfFormat.TRIG)
    return store


def test_a_gap_in_evidence_shows_in_the_numbers() -> None:
    store = _store(f"""
        @prefix lape: <{LAPE}> .
        <https://w3id.org/lapekg/graph/x> {{
          <https://w3id.org/lapekg/id/practice/a> a lape:Practice ;
              lape:evidence <https://w3id.org/lapekg/id/evidence/x/1-2> .
          <https://w3id.org/lapekg/id/practice/b> a lape:Practice .
          <https://w3id.org/lapekg/id/evidence/x/1-2> a lape:Evidence .
          <https://w3id.org/lapekg/id/adoption/c> a lape:Adoption ; lape:isInferred true .
        }}""")
    counted = numbers.count(store)
    assert (counted.entities, counted.entities_with_evidence) == (3, 1)
    assert counted.classes["lape:Practice"] == {"entities": 2, "with_evidence": 1}
    assert (counted.adoptions_stated, counted.adoptions_inferred) == (0, 1)
    assert counted.claims["adoptions"] == {"entities": 1, "with_evidence": 0}
    assert "1 of 3 typed entities" in numbers.render_markdown(counted)


def test_write_docs_rewrites_only_the_block(tmp_path: Path) -> None:
    doc = tmp_path / "model.md"
    doc.write_text(f"# Model\n\nprose\n\n{numbers.START}\nold\n{numbers.END}\n\nafter\n",
                   encoding="utf-8")
    report = BuildReport(numbers=numbers.Numbers(entities=4, entities_with_evidence=4))
    assert write_docs(report, doc) is True
    text = doc.read_text(encoding="utf-8")
    assert text.startswith("# Model\n\nprose\n\n") and text.endswith("\n\nafter\n")
    assert "4 of 4 typed entities" in text and "old" not in text
    assert write_docs(report, doc) is False


def test_a_document_without_markers_is_a_clear_error(tmp_path: Path) -> None:
    doc = tmp_path / "model.md"
    doc.write_text("# Model\n", encoding="utf-8")
    with pytest.raises(LapekgError, match="numbers:start"):
        write_docs(BuildReport(numbers=numbers.Numbers()), doc)
    assert doc.read_text(encoding="utf-8") == "# Model\n"
