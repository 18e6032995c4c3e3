"""docs/competency-questions.md: every query answers, and together they use the ontology.

Each ``### CQn.`` heading is followed by one ```sparql block. The test runs each against
the built graph (the project's prefixes added), requires at least one row, and checks
that the ``lape:`` terms the queries name are exactly declared terms and cover every
class and property of ontology/lape.ttl.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from rdflib import Graph
from rdflib.namespace import OWL, RDF

from lapekg.namespaces import LAPE, sparql_prologue

ROOT = Path(__file__).resolve().parents[1]
DOC = ROOT / "docs" / "competency-questions.md"
QUESTION = re.compile(r"^### (CQ\d+)\. (.+?)\n+```sparql\n(.*?)```", re.MULTILINE | re.DOTALL)
TERM = re.compile(r"\blape:([A-Za-z][A-Za-z0-9]*)")


def questions() -> list[tuple[str, str, str]]:
    return QUESTION.findall(DOC.read_text(encoding="utf-8"))


def declared() -> set[str]:
    graph = Graph().parse(ROOT / "ontology" / "lape.ttl")
    names = set()
    for kind in (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty):
        for term in graph.subjects(RDF.type, kind):
            if str(term).startswith(str(LAPE)):
                names.add(str(term)[len(str(LAPE)):])
    return names


def test_every_heading_has_one_query() -> None:
    text = DOC.read_text(encoding="utf-8")
    headings = re.findall(r"^### (CQ\d+)\.", text, re.MULTILINE)
    assert len(headings) >= 20
    assert [q[0] for q in questions()] == headings
    assert len(set(headings)) == len(headings)


@pytest.mark.parametrize("number,question,query", questions(), ids=[q[0] for q in questions()])
def test_the_question_is_answered(number: str, question: str, query: str, built_store) -> None:
    rows = built_store.select(sparql_prologue() + query)
    assert rows, f"{number} ({question}) has no answer in the built graph"


def test_queries_use_every_class_and_property() -> None:
    used = {term for _n, _q, query in questions() for term in TERM.findall(query)}
    names = declared()
    assert used <= names, f"terms the ontology does not declare: {sorted(used - names)}"
    assert names <= used, f"ontology terms no question uses: {sorted(names - used)}"
