"""Every named query parses, runs on the built graph, and answers its competency question.

Expected answers come from ../shared/competency-questions.md (U1–U5, K1–K5); they are the
documents' own facts, so a failing test here means the extraction lost or bent a fact.
"""

from __future__ import annotations

from decimal import Decimal

import pytest

from lapekg.queries import bind, load_queries

BASE = "https://w3id.org/lapekg/"
ID = BASE + "id/"


@pytest.fixture(scope="module")
def run(built_store, federated_store, settings):
    """Run a named query; a federated one (tag ``federation``) with its SERVICE calls
    reaching the local stand-ins of the public endpoints (tests/federation_standins.py)."""
    queries = load_queries(settings.root / "queries", settings.base)

    def _run(name: str, **params: str) -> list[dict[str, str]]:
        query = queries[name]
        store = federated_store if "federation" in query.tags else built_store
        rows = store.select(query.text(settings.base), bind(query, params, settings.base))
        return [{k: v.value for k, v in row.items()} for row in rows]

    return _run


def test_every_named_query_runs_and_returns_rows(run, settings) -> None:
    queries = load_queries(settings.root / "queries", settings.base)
    assert len(queries) >= 20
    for name, query in queries.items():
        rows = run(name, **query.example)
        assert rows, f"{name} returned no rows for its example"


def test_every_competency_question_has_a_named_query(settings) -> None:
    queries = load_queries(settings.root / "queries", settings.base)
    covered = {c for q in queries.values() for c in q.competency}
    assert covered >= {"U1", "U2", "U3", "U4", "U5", "K1", "K2", "K3", "K4", "K5"}


def test_u1_lape_uusimaa_municipalities(run) -> None:
    names = {row["name"] for row in run("lape-uusimaa-municipalities")}
    assert names == {
        "Hanko", "Raasepori", "Siuntio", "Inkoo", "Lohja", "Karkkila", "Vihti", "Nurmijärvi",
        "Hyvinkää", "Mäntsälä", "Pornainen", "Järvenpää", "Tuusula", "Askola", "Loviisa",
        "Sipoo", "Lapinjärvi", "Porvoo",
    }


def test_u2_chairs_and_co_chairs(run) -> None:
    rows = run("working-group-chairs")
    people = {(r["memberName"], r["role"].rsplit("/", 1)[-1]) for r in rows}
    assert ("Maria Andersson", "chair") in people
    assert ("Tuija Öberg", "chair") in people
    assert ("Tuija Öberg", "co-chair") in people
    assert ("Eliisa Roine", "chair") in people
    assert ("Merja Kuusimurto", "chair") in people
    assert ("Eija Tommila", "co-chair") in people
    by_person: dict[str, int] = {}
    for r in rows:
        by_person[r["memberName"]] = by_person.get(r["memberName"], 0) + 1
    assert by_person["Maria Andersson"] == 2
    assert by_person["Merja Kuusimurto"] == 2
    assert by_person["Tuija Öberg"] == 2
    represented = {r["memberName"]: r.get("representsName") for r in rows}
    assert represented["Maria Andersson"] == "Porvoo"
    assert represented["Merja Kuusimurto"] == "Lohja"
    assert represented["Eija Tommila"] == "Lohja"


def test_u3_practices_lohja_takes_up(run) -> None:
    rows = run("practices-adopted-by", adopter="id:municipality/444")
    by_practice: dict[str, list[dict[str, str]]] = {}
    for row in rows:
        by_practice.setdefault(row["practice"].rsplit("/", 1)[-1], []).append(row)
    assert {"opiskeluhuolto-someen", "6-askelta-kouluun", "keinumalli"} <= set(by_practice)
    some = by_practice["opiskeluhuolto-someen"]
    assert {r["fromName"] for r in some} == {"Porvoo"}
    assert any(r.get("localName") == "Opiskeluhoito someen" for r in some)
    assert all("Juha Lemberg" in r["responsible"] for r in some)
    steps = by_practice["6-askelta-kouluun"]
    assert {r["fromName"] for r in steps} == {"Vihti"}
    assert any(r["kind"] == "adapted" and r.get("localName") == "8 askelta kouluun" for r in steps)
    assert {"Juha Lemberg", "Merja Tikkanen"} <= set(steps[0]["responsible"].split(", "))
    assert {r["fromName"] for r in by_practice["keinumalli"]} == {"Espoo"}


def test_u4_lohja_experiments_selected_for_rooting(run) -> None:
    rows = run("experiments-selected-for-rooting", plan="id:plan/lohja-rooting-plan")
    names = {r["name"]: r for r in rows}
    assert set(names) == {"Lapsiasiaan ihminen", "Arki näppärästi haltuun",
                          "Vanhemmuuden tukeminen"}
    assert {"Jani Meling", "Lotta Paakkunainen", "Birgit Aittakumpu"} <= set(
        names["Lapsiasiaan ihminen"]["responsible"].split(", "))
    assert set(names["Arki näppärästi haltuun"]["responsible"].split(", ")) == {
        "Hanna Mäntynen", "Merja Tikkanen"}
    assert names["Vanhemmuuden tukeminen"]["responsible"] == "Taru Rahkamo"


def test_u5_child_friendly_statuses(run) -> None:
    rows = run("child-friendly-status")
    facts = {(r["name"], r["year"], r["status"], r["isTarget"]) for r in rows}
    assert ("Lohja", "2016", "in the model", "false") in facts or any(
        r["name"] == "Lohja" and r["year"] == "2016" and r["isTarget"] == "false" for r in rows)
    lohja_2018 = [r for r in rows if r["name"] == "Lohja" and r["year"] == "2018"]
    assert lohja_2018 and all(r["isTarget"] == "false" for r in lohja_2018)
    porvoo = {(r["year"], r["isTarget"]) for r in rows if r["name"] == "Porvoo"}
    assert {("2019", "false"), ("2022", "true"), ("2025", "true")} <= porvoo
    for name in ("Hanko", "Loviisa"):
        years = {(r["year"], r["isTarget"]) for r in rows if r["name"] == name}
        assert {("2019", "true"), ("2022", "true")} <= years
    raasepori = {r["year"] for r in rows if r["name"] == "Raasepori"}
    assert {"2019", "2022", "2030"} <= raasepori


def test_k1_goals(run) -> None:
    rows = run("welfare-plan-goals")
    per_main: dict[str, int] = {}
    for row in rows:
        per_main[row["mainNotation"]] = per_main.get(row["mainNotation"], 0) + 1
    assert per_main == {"I": 7, "II": 6, "III": 3}
    mains = {r["mainNotation"]: r["mainGoal"] for r in rows}
    assert mains["I"].startswith("Lasten, nuorten ja perheiden arjen hyvinvointi lisääntyy")


def test_k2_actors_under_i3(run) -> None:
    rows = run("actors-under-subgoal", notation="I/3")
    assert len(rows) == 11
    own = [r for r in rows if r["kind"].endswith("/own-content")]
    assert len(own) == 10
    police = [r for r in rows if r["actor"].endswith("kaakkois-suomen-poliisilaitos-eet")]
    assert police and police[0]["kind"].endswith("/outside-remit")


def test_k3_police_remit(run) -> None:
    rows = run("actor-remit")
    kinds = {r["notation"]: r["kind"].rsplit("/", 1)[-1] for r in rows}
    assert kinds == {"I/3": "outside-remit", "II/5": "outside-remit",
                     "II/2": "beyond-influence"}


def test_k4_rows_per_actor(run) -> None:
    rows = run("measure-rows-per-actor")
    assert len(rows) == 11
    assert all(int(r["rows"]) == 16 for r in rows)
    assert sum(int(r["rows"]) for r in rows) == 176
    own = {r["actor"].rsplit("/", 1)[-1]: int(r["ownContent"]) for r in rows}
    assert sum(own.values()) == 160
    assert own["kymsote"] == 16
    assert own["075"] == 11  # Hamina
    assert own["285"] == 14  # Kotka
    assert own["kymenlaakson-ensi-ja-turvakotiyhdistys"] == 10
    assert own["kaakkois-suomen-poliisilaitos-eet"] == 13


def test_k5_vocational_above_25(run) -> None:
    rows = run("indicators-above-threshold")
    values = {r["notation"]: Decimal(r["value"]) for r in rows}
    assert values == {
        "7": Decimal("76.1"), "9": Decimal("51.1"), "12": Decimal("46.1"),
        "13": Decimal("43"), "18": Decimal("38.9"), "22": Decimal("25.1"),
        "25": Decimal("26.9"), "27": Decimal("28.7"),
    }
    assert {r["year"] for r in rows} == {"2019"}


def test_parameters_are_bound_not_pasted(run) -> None:
    hostile = 'I/3" } } SELECT * WHERE { ?s ?p ?o } #'
    assert run("actors-under-subgoal", notation=hostile) == []
