"""The takedown list (issue 8, point 11; docs/privacy.md).

The real graph is built from a copy of the project with one person on the list — one who
sits in three working groups and is responsible for practices — and every surface is
checked: the store, the dump, entity pages (410), search, named queries, the source
reader. The build must still pass the shapes.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import copy_project

from lapekg.build import build
from lapekg.config import load_config
from lapekg.errors import InputError
from lapekg.redaction import MASK
from lapekg.redaction import load as load_redactions
from lapekg.store.embedded import EmbeddedStore

BASE = "https://w3id.org/lapekg/"
PERSON = "id/person/merja-tikkanen"
NAME = "Merja Tikkanen"
ENTRY = f"""redacted:
  - iri: {PERSON}
    names: [{NAME}]
    since: 2026-12-07
    reference: test ticket 1
"""


def _project(root: Path, redactions: str) -> Path:
    copy_project(root)
    (root / "data" / "redactions.yaml").write_text(redactions, encoding="utf-8")
    return root


@pytest.fixture(scope="module")
def redacted(tmp_path_factory):
    root = _project(tmp_path_factory.mktemp("redacted") / "project", ENTRY)
    settings = load_config({"root": root, "build_dir": root / "build"})
    build(settings)
    return settings


@pytest.fixture(scope="module")
def store(redacted):
    store = EmbeddedStore(redacted.store_path)
    yield store
    store.close()


@pytest.fixture(scope="module")
def web(redacted):
    from lapekg.web import create_app

    app = create_app({"root": redacted.root, "build_dir": redacted.build_dir,
                      "TESTING": True})
    yield app.test_client()
    app.extensions["lapekg"].close()


def _ask(store, query: str) -> bool:
    return json.loads(store.query(query).body)["boolean"]


def test_the_person_and_their_memberships_are_gone_from_the_store(store, built_store):
    person = f"<{BASE}{PERSON}>"
    before = built_store.select(
        f"SELECT ?m WHERE {{ ?m <http://www.w3.org/ns/org#member> {person} }}")
    assert len(before) == 3, "the unredacted graph has her three memberships"
    for query in (f"ASK {{ {person} ?p ?o }}", f"ASK {{ ?s ?p {person} }}",
                  f"ASK {{ ?s ?p ?o FILTER(CONTAINS(STR(?o), {json.dumps(NAME)})) }}"):
        assert not _ask(store, query), query
    for row in before:
        assert not _ask(store, f"ASK {{ <{row['m'].value}> ?p ?o }}")
    masked = store.select(f"SELECT ?q WHERE {{ ?e <{BASE}ontology#quote> ?q "
                          f"FILTER(CONTAINS(?q, {json.dumps(MASK * len(NAME))})) }}")
    assert masked, "quotes that named her elsewhere are kept, with the name masked"


def test_other_people_and_facts_are_kept(store, built_store):
    def count(s, query):
        return int(s.select(query)[0]["n"].value)

    people = "SELECT (COUNT(*) AS ?n) WHERE { ?p a <https://w3id.org/lapekg/ontology#Person> }"
    practices = ("SELECT (COUNT(*) AS ?n) WHERE "
                 "{ ?p a <https://w3id.org/lapekg/ontology#Practice> }")
    assert count(store, people) == count(built_store, people) - 1
    assert count(store, practices) == count(built_store, practices)


def test_the_dump_and_the_report_do_not_hold_her_name(redacted):
    dump = (redacted.build_dir / "dump" / "lapekg.trig").read_text(encoding="utf-8")
    assert NAME not in dump and PERSON not in dump and "merja-tikkanen" not in dump
    validation = (redacted.build_dir / "reports" / "validation.txt").read_text()
    assert "Conforms: True" in validation or "conforms" in validation.lower()
    withdrawn = json.loads(redacted.withdrawn_file.read_text())
    assert withdrawn[PERSON] == "2026-12-07"
    assert sum(key.startswith("id/membership/") for key in withdrawn) == 3


def test_her_iris_answer_410_without_her_name(web, redacted):
    withdrawn = json.loads(redacted.withdrawn_file.read_text())
    for iri in withdrawn:
        for path, accept in ((f"/{iri}", "text/html"), (f"/{iri}", "text/turtle"),
                             (f"/data/{iri.removeprefix('id/')}.ttl", "*/*")):
            response = web.get(path, headers={"Accept": accept})
            assert response.status_code == 410, (path, response.status_code)
            text = response.get_data(as_text=True)
            assert NAME not in text and "test ticket" not in text
            assert "withdrawn on 2026-12-07" in text


def test_search_and_named_queries_do_not_find_her(web):
    for term in (NAME, "Tikkanen", "tikkasen"):
        found = web.get("/search", query_string={"q": term},
                        headers={"Accept": "application/json"})
        assert found.status_code == 200
        for hit in found.get_json()["results"]:
            assert "tikkanen" not in (hit["iri"] + hit["label"]).lower(), (term, hit)
    members = web.get("/api/queries/person-memberships", headers={"Accept": "text/csv"})
    assert members.status_code == 200
    assert NAME not in members.get_data(as_text=True)


def test_the_source_reader_masks_her_name_and_keeps_offsets(web, redacted):
    text = (redacted.data_dir / "sources" / "lohja-juurruttamissuunnitelma-2018.txt") \
        .read_text(encoding="utf-8")
    start = text.index(NAME)
    page = web.get("/source/lohja-2018", query_string={"start": start,
                                                       "end": start + len(NAME)})
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert NAME not in html
    assert MASK * len(NAME) in html


@pytest.mark.parametrize("entry, message", [
    ("  - iri: id/person/nobody-here\n    names: [Nobody Here]\n    since: 2026-12-07\n",
     "is not in the graph"),
    ("  - iri: id/practice/x\n    names: [X Y]\n    since: 2026-12-07\n",
     "is not a person's IRI"),
    ("  - iri: id/person/x\n    names: [X]\n    since: 2026-12-07\n", "'names' must list"),
    ("  - iri: id/person/x\n    names: [X Y]\n    since: soon\n", "is not a YYYY-MM-DD"),
    ("  - iri: id/person/x\n    names: [X Y]\n    since: 2026-12-07\n    why: no\n",
     r"unknown field\(s\) why"),
])
def test_a_bad_entry_names_file_and_line(tmp_path, entry, message):
    path = tmp_path / "redactions.yaml"
    path.write_text("# takedowns\nredacted:\n" + entry, encoding="utf-8")
    if "not in the graph" in message:
        from rdflib import Dataset

        from lapekg.redaction import apply

        with pytest.raises(InputError, match=message) as caught:
            apply(load_redactions(path), Dataset(), BASE)
    else:
        with pytest.raises(InputError, match=message) as caught:
            load_redactions(path)
    assert caught.value.where == "redactions.yaml:3"
