"""The coverage ledger (data/coverage.yaml) accounts for every line of every document.

For each source document the ledger's sections must cover every non-blank line, without
overlapping; each section names what the graph holds from it (references that must be
entities of the built graph) or says what it leaves out and why.
"""

from __future__ import annotations

import pytest
import yaml

from lapekg.ingest.sources import load_sources


@pytest.fixture(scope="module")
def ledger(settings) -> dict:
    return yaml.safe_load((settings.data_dir / "coverage.yaml").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def sources(settings):
    return load_sources(settings.data_dir / "sources")


@pytest.fixture(scope="module")
def subjects(built_store, settings) -> set[str]:
    rows = built_store.select(
        "SELECT DISTINCT ?s WHERE { GRAPH ?g { ?s a ?type } "
        f'FILTER(STRSTARTS(STR(?s), "{settings.base}id/")) }}')
    prefix = len(settings.base + "id/")
    return {row["s"].value[prefix:] for row in rows}


def test_the_ledger_lists_every_document(ledger, sources) -> None:
    assert set(ledger) == set(sources)


def test_sections_cover_every_line_once(ledger, sources) -> None:
    for doc_id, document in sources.items():
        lines = document.text.split("\n")
        seen: dict[int, str] = {}
        for section in ledger[doc_id]:
            first, last = section["lines"]
            assert 1 <= first <= last <= len(lines), f"{doc_id} {section['section']}"
            for number in range(first, last + 1):
                assert number not in seen, \
                    f"{doc_id}:{number} is in both {seen[number]!r} and {section['section']!r}"
                seen[number] = section["section"]
        uncovered = [n for n, text in enumerate(lines, 1) if text.strip() and n not in seen]
        assert not uncovered, f"{doc_id}: lines no section accounts for: {uncovered[:20]}"


def test_every_section_says_what_it_holds_or_why_not(ledger) -> None:
    for doc_id, sections in ledger.items():
        for section in sections:
            assert section.get("extracted") or section.get("left_out"), \
                f"{doc_id} {section['section']}"
            for item in section.get("left_out") or []:
                assert item.get("what") and item.get("why"), f"{doc_id} {section['section']}"


def test_every_reference_is_an_entity_of_the_graph(ledger, subjects) -> None:
    missing = []
    for doc_id, sections in ledger.items():
        for section in sections:
            for ref in section.get("extracted") or []:
                found = any(s.startswith(ref[:-1]) for s in subjects) if ref.endswith("*") \
                    else ref in subjects
                if not found:
                    missing.append(f"{doc_id} [{section['section']}]: {ref}")
    assert not missing, "references the graph does not hold:\n" + "\n".join(missing)


def test_every_practice_and_adoption_is_accounted_for(ledger, subjects) -> None:
    """Each practice and stated adoption is named in some section (prefixes count)."""
    refs = [ref for sections in ledger.values() for section in sections
            for ref in section.get("extracted") or []]

    def listed(entity: str) -> bool:
        return any(entity == ref or (ref.endswith("*") and entity.startswith(ref[:-1]))
                   for ref in refs)

    entities = {s for s in subjects if s.startswith(("practice/", "adoption/", "event/"))
                and not s.startswith("adoption/inferred.")}  # inferred: by rules/, not by hand
    unlisted = sorted(s for s in entities if not listed(s))
    assert not unlisted, f"not in any section of the ledger: {unlisted}"
