"""Fidelity: facts read from the five documents, asked of the running service.

``tests/fidelity.yaml`` lists facts curated by hand from the source documents — not from
the graph. Each names its document, the words that state it (``says``, verbatim; checked
here against the pinned text) and the shape the graph must hold: a node of a class,
named as the document names it, with property values, and with evidence from that
document. Every fact becomes one SPARQL ASK sent with SPARQLWrapper to the live server
on loopback; a fact the graph does not answer fails with the query that was asked.

Value forms in ``with``: ``~words`` a resource whose label, alt label or name contains
the words (case-insensitive); ``@kind/key`` an entity IRI under id/; ``prefix:local`` a
term; ``*words`` a literal containing the words; ``=text`` a literal whose string is
text; a number a numeric literal equal to it. A key may be a property path
(``lape:evidence/lape:quote``); a list of values asks for each.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from pathlib import Path

import pytest
import yaml
from SPARQLWrapper import JSON, POST, SPARQLWrapper

from lapekg.ingest.sources import load_sources
from lapekg.namespaces import DEFAULT_BASE, PREFIXES, sparql_prologue

ROOT = Path(__file__).resolve().parents[1]
FACTS_FILE = Path(__file__).with_name("fidelity.yaml")
FACTS: list[dict] = yaml.safe_load(FACTS_FILE.read_text(encoding="utf-8"))
DOCUMENTS = {"porvoo-2018", "lohja-2018", "raasepori-2018", "uusimaa-results-2018",
             "kymenlaakso-2020"}
#: Classes whose instances are machinery, not what a document says.
NOT_FROM_DOCUMENTS = {"lape:Evidence", "lape:InferenceRule", "qb:DataStructureDefinition",
                      "skos:Concept", "skos:ConceptScheme", "qb:DataSet"}
NAME = "(rdfs:label|skos:prefLabel|skos:altLabel|foaf:name)"
TERM = re.compile(r"^([a-z]+):([A-Za-z0-9][A-Za-z0-9_.-]*)$")

PROLOGUE = sparql_prologue()


def _literal(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)


class _Query:
    def __init__(self) -> None:
        self.lines: list[str] = []
        self.count = 0

    def var(self) -> str:
        self.count += 1
        return f"?v{self.count}"

    def named(self, subject: str, words: str) -> None:
        name = self.var()
        self.lines.append(f"{subject} {NAME} {name} . "
                          f"FILTER(CONTAINS(LCASE(STR({name})), LCASE({_literal(words)})))")

    def value(self, subject: str, path: str, value: object) -> None:
        if isinstance(value, bool):
            self.lines.append(f"{subject} {path} {'true' if value else 'false'} .")
        elif isinstance(value, (int, float)):
            v = self.var()
            self.lines.append(f"{subject} {path} {v} . FILTER({v} = {value})")
        elif not isinstance(value, str):
            raise ValueError(f"unsupported value {value!r}")
        elif value.startswith("~"):
            v = self.var()
            self.lines.append(f"{subject} {path} {v} .")
            self.named(v, value[1:])
        elif value.startswith("@"):
            self.lines.append(f"{subject} {path} <{DEFAULT_BASE}id/{value[1:]}> .")
        elif value.startswith("*"):
            v = self.var()
            self.lines.append(f"{subject} {path} {v} . "
                              f"FILTER(CONTAINS(LCASE(STR({v})), LCASE({_literal(value[1:])})))")
        elif value.startswith("="):
            v = self.var()
            self.lines.append(f"{subject} {path} {v} . FILTER(STR({v}) = {_literal(value[1:])})")
        elif TERM.match(value) and TERM.match(value).group(1) in PREFIXES:
            self.lines.append(f"{subject} {path} {value} .")
        else:
            raise ValueError(f"value {value!r}: use ~name, @kind/key, prefix:local, *words "
                             "or =text")


def ask_text(fact: dict) -> str:
    query = _query_for(fact)
    return PROLOGUE + "ASK {\n  " + "\n  ".join(query.lines) + "\n}"


def _query_for(fact: dict) -> _Query:
    query = _Query()
    node = f"<{DEFAULT_BASE}id/{fact['iri'][1:]}>" if "iri" in fact else "?node"
    query.lines.append(f"{node} a/rdfs:subClassOf* {fact['class']} .")
    if "name" in fact:
        query.named(node, fact["name"])
    for path, values in (fact.get("with") or {}).items():
        for value in values if isinstance(values, list) else [values]:
            query.value(node, path, value)
    if fact.get("evidence", True):
        query.lines.append(f"{node} lape:evidence/lape:document "
                           f"<{DEFAULT_BASE}id/document/{fact['doc']}> .")
    return query


def _id(fact: dict) -> str:
    return f"{fact['doc']}:{fact['class']}:{fact.get('name') or fact.get('iri') or ''}"[:90]


def _normalise(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


@pytest.fixture(scope="module")
def texts(settings) -> dict[str, str]:
    return {doc: _normalise(source.text)
            for doc, source in load_sources(settings.data_dir / "sources").items()}


@pytest.fixture(scope="module")
def sparql(live_server) -> SPARQLWrapper:
    client = SPARQLWrapper(live_server.sparql)
    client.setReturnFormat(JSON)
    client.setMethod(POST)
    return client


@pytest.mark.parametrize("fact", FACTS, ids=[_id(f) for f in FACTS])
def test_the_service_answers_the_fact(fact: dict, sparql: SPARQLWrapper) -> None:
    text = ask_text(fact)
    sparql.setQuery(text)
    answer = sparql.query().convert()
    assert answer["boolean"] is True, (
        f"{fact['doc']} says {fact['says']!r}, but the graph does not answer:\n{text}")


def test_every_fact_is_said_by_its_document(texts: dict[str, str]) -> None:
    missing = []
    for fact in FACTS:
        for says in fact["says"] if isinstance(fact["says"], list) else [fact["says"]]:
            if _normalise(says) not in texts[fact["doc"]]:
                missing.append(f"{fact['doc']}: {says!r}")
    assert not missing, "not verbatim in the document:\n" + "\n".join(missing)


def test_facts_span_every_document_and_class(built_store) -> None:
    assert len(FACTS) >= 150
    per_document = Counter(fact["doc"] for fact in FACTS)
    assert set(per_document) == DOCUMENTS
    assert min(per_document.values()) >= 10, per_document
    rows = built_store.select(
        "SELECT DISTINCT ?class WHERE { GRAPH ?g { ?s a ?class } "
        'FILTER(!STRENDS(STR(?g), "/graph/ontology")) }')
    in_graph = set()
    for row in rows:
        iri = row["class"].value
        for prefix, namespace in PREFIXES.items():
            local = iri[len(str(namespace)):]
            if iri.startswith(str(namespace)) and TERM.match(f"{prefix}:{local}"):
                in_graph.add(f"{prefix}:{local}")
    asked = {fact["class"] for fact in FACTS}
    assert in_graph - NOT_FROM_DOCUMENTS <= asked, sorted(in_graph - NOT_FROM_DOCUMENTS - asked)


def test_the_checker_can_fail(sparql: SPARQLWrapper) -> None:
    """A fact the documents do not state is not answered (the ASK is not vacuous)."""
    false_facts = [
        {"doc": "porvoo-2018", "class": "org:Membership",
         "with": {"org:member": "~Maria Andersson", "org:organization": "~Lohjan Lape-ryhmä",
                  "org:role": "role:chair"}},
        {"doc": "lohja-2018", "class": "lape:Adoption",
         "with": {"lape:adoptedPractice": "~Keinumalli", "lape:adoptedFrom": "@municipality/444"}},
        {"doc": "kymenlaakso-2020", "class": "qb:Observation",
         "with": {"lape:indicator": "~Tuntee itsensä yksinäiseksi", "lape:value": 99.9}},
    ]
    for fact in false_facts:
        sparql.setQuery(ask_text(fact))
        assert sparql.query().convert()["boolean"] is False, fact
