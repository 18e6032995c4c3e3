"""The diffusion view over the built graph: HTTP on loopback, then a real Chromium.

The page, its JSON and CSV twins and its "show the SPARQL" links, against the live
server on the built graph: the twins hold exactly the rows the page draws, the filters
are the named query's parameters (a filtered view is a shareable URL), and bad filter
values get the usual 400.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import json
import re
import urllib.error
import urllib.request
from urllib.parse import urlencode

import pytest

VANHEMMUUS = "https://w3id.org/lapekg/id/practice/vanhemmuusvalmennus"


@pytest.fixture(scope="module")
def server(live_server):
    return live_server


def get(server, path: str, **params: str) -> tuple[int, str, str]:
    """GET ``path``; a list value repeats its parameter (``agent=…&agent=…``)."""
    url = server.url + path + ("?" + urlencode(params, doseq=True) if params else "")
    try:
        with urllib.request.urlopen(url, timeout=60) as response:
            return response.status, response.headers["Content-Type"], response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.headers["Content-Type"], error.read().decode()


def drawn_adoptions(html: str) -> list[str]:
    return re.findall(r'<tr data-adoption="([^"]+)"', html)


def twin_of(server, view: str, **params: str) -> dict:
    status, media, body = get(server, f"/views/{view}.json", **params)
    assert status == 200 and media.startswith("application/json")
    return json.loads(body)


def twin(server, **params: str) -> dict:
    return twin_of(server, "diffusion", **params)


@pytest.mark.parametrize("params", [{}, {"inferred": "false"}, {"inferred": "true"},
                                    {"practice": VANHEMMUUS}, {"kind": "planned"}])
def test_the_json_twin_holds_the_rows_the_page_draws(server, params) -> None:
    status, media, html = get(server, "/views/diffusion", **params)
    assert status == 200 and media.startswith("text/html")
    spread = twin(server, **params)["tables"][0]
    assert spread["query"] == "practice-spread"
    assert drawn_adoptions(html) == [row["adoption"] for row in spread["rows"]]


def test_filters_change_what_is_shown(server) -> None:
    everything = twin(server)["tables"][0]["rows"]
    stated = twin(server, inferred="false")["tables"][0]["rows"]
    inferred = twin(server, inferred="true")["tables"][0]["rows"]
    assert stated and inferred
    assert len(stated) + len(inferred) == len(everything)
    assert {row["isInferred"] for row in stated} == {"false"}
    assert all(row.get("rule") for row in inferred)  # every inferred one names its rule
    assert not any(row.get("rule") for row in stated)
    one = twin(server, practice=VANHEMMUUS)["tables"][0]["rows"]
    # Porvoo's parenting coaching: spread to Uusimaa in 2018, planned nationally,
    # taken up by Lohja under its own name (inferred)
    facts = {(row.get("fromName"), row["toName"], row["kind"], row.get("when")) for row in one}
    assert ("Porvoo", "Uusimaa", "spread regionally", "2018") in facts
    assert ("Porvoo", "Suomi", "adoption planned", None) in facts
    lohja = [row for row in one if row["toName"] == "Lohja"]
    assert lohja and lohja[0]["localName"].startswith("Vanhemmuusvalmennus 6 kk")
    planned = twin(server, kind="planned")["tables"][0]["rows"]
    assert planned and {row["kind"] for row in planned} == {"adoption planned"}


AREA = "https://w3id.org/lapekg/vocab/development-area/"
STATUS = "https://w3id.org/lapekg/vocab/practice-status/"


def adoptions_of_practices_with(built_store, prop: str, concept: str) -> set[str]:
    rows = built_store.select(
        "PREFIX lape: <https://w3id.org/lapekg/ontology#> SELECT DISTINCT ?a WHERE "
        f"{{ ?a a lape:Adoption ; lape:adoptedPractice ?p . ?p lape:{prop} <{concept}> }}")
    return {row["a"].value for row in rows}


@pytest.mark.parametrize("arg, prop, concept", [("area", "developmentArea", AREA + "peke"),
                                                ("area", "developmentArea", AREA + "varko"),
                                                ("status", "status", STATUS + "made-permanent")])
def test_area_and_status_filters_keep_exactly_the_practices_that_have_them(
        server, built_store, arg, prop, concept) -> None:
    rows = twin(server, **{arg: concept.rsplit("/", 1)[-1]})["tables"][0]["rows"]
    expected = adoptions_of_practices_with(built_store, prop, concept)
    assert rows and {row["adoption"] for row in rows} == expected
    assert len(rows) < len(twin(server)["tables"][0]["rows"])


def test_year_filters_keep_dated_adoptions_in_the_range(server) -> None:
    everything = twin(server)["tables"][0]["rows"]
    dated = [row for row in everything if row.get("when")]
    in_range = twin(server, since="2019", until="2020")["tables"][0]["rows"]
    assert in_range and {row["adoption"] for row in in_range} == {
        row["adoption"] for row in dated if 2019 <= int(row["when"][:4]) <= 2020}
    only_2018 = twin(server, until="2018")["tables"][0]["rows"]
    assert ("Porvoo", "Uusimaa", "spread regionally", "2018") in {
        (row.get("fromName"), row["toName"], row["kind"], row["when"]) for row in only_2018}
    assert not twin(server, since="2031")["tables"][0]["rows"]
    # filters combine: stated, family-centre area, since 2019
    combined = twin(server, since="2019", area="peke", inferred="false")["tables"][0]["rows"]
    assert {row["adoption"] for row in combined} <= {row["adoption"] for row in in_range}


def test_kinds_read_in_the_interface_language(server) -> None:
    _, _, fi = get(server, "/views/diffusion", practice=VANHEMMUUS)
    _, _, en = get(server, "/views/diffusion", practice=VANHEMMUUS, lang="en")
    assert ">levinnyt maakunnallisesti</a>" in fi and ">spread regionally</a>" in en
    assert 'value="peke"' in fi and ">Perhekeskustoimintamalli</option>" in fi
    assert ">Family centre (model)</option>" in en


def test_cascades_follow_a_practice_from_hand_to_hand(server) -> None:
    tables = {table["query"]: table for table in twin(server)["tables"]}
    chains = {(row["viaName"], row["toName"], row.get("nextWhen"))
              for row in tables["adoption-cascades"]["rows"]}
    # Kymsote takes up the family-centre model and runs its areas jointly with Hamina
    # (2020); Hamina passes its family-centre work on to Miehikkälä and Virolahti.
    assert ("Kymenlaakson sosiaali- ja terveyspalvelujen kuntayhtymä Kymsote", "Hamina",
            "2020") in chains
    assert ("Hamina", "Miehikkälän ja Virolahden kunnat", None) in chains
    for row in tables["adoption-cascades"]["rows"]:
        assert row["firstAdoption"] != row["nextAdoption"] and row["to"] != row["via"]
    one = twin(server, practice=VANHEMMUUS)["tables"]
    assert [table["query"] for table in one] == ["practice-spread", "adoption-cascades"]
    assert one[1]["rows"] == []  # Porvoo's coaching spreads from Porvoo only


def test_adoptions_without_an_origin_are_listed(server) -> None:
    rows = twin(server)["tables"][0]["rows"]
    assert any("from" not in row for row in rows), "origin-less spreads must not vanish"
    assert any(row.get("lagYears") == "0" for row in rows)


def test_summary_tables_answer_the_diffusion_questions(server) -> None:
    tables = {table["query"]: table for table in twin(server)["tables"]}
    widely = tables["practices-adopted-widely"]["rows"]
    assert widely and all(int(row["adopters"]) >= 2 for row in widely)
    lva = next(row for row in widely if row["practiceName"] == "Lapsivaikutusten arviointi")
    assert int(lva["adopters"]) >= 10 and lva["firstYear"] == "2019"
    top = tables["top-adopters"]["rows"]
    assert top[0]["adopterName"] == "Lohja"
    assert [int(r["practices"]) for r in top] == sorted((int(r["practices"]) for r in top),
                                                        reverse=True)
    first = tables["first-adopters"]["rows"]
    assert ("Vanhemmuusvalmennus", "2018", "Uusimaa") in {
        (r["practiceName"], r["firstYear"], r["adopterName"]) for r in first}


def test_the_csv_twin_is_the_adoptions_table(server) -> None:
    status, media, body = get(server, "/views/diffusion.csv", inferred="false")
    assert status == 200 and media.startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(body)))
    assert [row["adoption"] for row in rows] == [
        row["adoption"] for row in twin(server, inferred="false")["tables"][0]["rows"]]
    assert list(rows[0])[:3] == ["practice", "practiceName", "from"]


def test_show_the_sparql_opens_the_query_in_the_editor(server) -> None:
    _, _, html = get(server, "/views/diffusion")
    links = set(re.findall(r'href="(/editor\?named=[^"]+)"', html))
    assert {"/editor?named=practice-spread", "/editor?named=top-adopters"} <= links
    status, _, editor = get(server, "/editor", named="practice-spread")
    assert status == 200
    assert "How practices spread between municipalities" in editor
    assert "lape:adoptedPractice" in editor
    assert get(server, "/editor", named="no-such-query")[0] == 404


@pytest.mark.parametrize("params, where", [({"kind": "borrowed"}, "parameter kind"),
                                           ({"inferred": "maybe"}, "parameter inferred"),
                                           ({"practice": "not an iri"}, "parameter practice"),
                                           ({"area": "sote"}, "parameter area"),
                                           ({"status": "done"}, "parameter status"),
                                           ({"since": "19"}, "parameter since"),
                                           ({"until": "2020-01"}, "parameter until"),
                                           ({"colour": "red"}, "query string")])
def test_bad_filters_are_400_naming_the_parameter(server, params, where) -> None:
    status, _, body = get(server, "/views/diffusion.json", **params)
    assert status == 400
    assert where in body


def test_in_chromium_the_filter_form_narrows_the_table(page, server) -> None:
    page.goto(server.url + "/views/diffusion?lang=en")
    assert page.locator("h1").inner_text() == "Diffusion of practices"
    rows = page.locator("#spread tbody tr")
    everything = rows.count()
    assert everything == len(twin(server)["tables"][0]["rows"])
    page.get_by_label("Development area").select_option("peke")
    page.get_by_role("button", name="Show").click()
    page.wait_for_url(re.compile(r"area=peke"))
    assert rows.count() == len(twin(server, area="peke")["tables"][0]["rows"]) < everything
    page.get_by_label("Development area").select_option("")
    page.get_by_label("Basis").select_option("false")
    page.get_by_role("button", name="Show").click()
    page.wait_for_url(re.compile(r"inferred=false"))
    assert rows.count() == len(twin(server, inferred="false")["tables"][0]["rows"]) < everything
    assert page.locator("#spread").get_by_text("inferred", exact=False).count() == 0
    page.locator("#diffusion-map[data-ready=true]").wait_for()
    data = twin(server, inferred="false")["map"]
    drawn = page.locator("#diffusion-map path.arc")
    assert drawn.count() == int(page.locator("#diffusion-map").get_attribute("data-arcs"))
    expected = {e["adoption"] for e in data["edges"] if e["from"] in data["places"]
                and e["to"] in data["places"]
                and (data["places"][e["from"]]["lat"], data["places"][e["from"]]["lon"])
                != (data["places"][e["to"]]["lat"], data["places"][e["to"]]["lon"])}
    assert expected and {drawn.nth(i).get_attribute("data-adoption")
                         for i in range(drawn.count())} == expected
    assert page.locator("#diffusion-map circle.place").count() == len(data["places"])
    page.locator("a.sparql").first.click()
    page.locator(".yasqe .CodeMirror").wait_for()
    # the whole text, not what CodeMirror has rendered of it (it draws visible lines only)
    text = page.evaluate("document.querySelector('.yasqe .CodeMirror').CodeMirror.getValue()")
    assert "lape:adoptedPractice" in text
    assert page.outside_requests == []
    assert page.errors == []


def test_the_map_places_agents_at_their_municipal_centres(server) -> None:
    data = twin(server)["map"]
    places = data["places"]
    porvoo = places["https://w3id.org/lapekg/id/municipality/638"]
    assert porvoo["name"] == "Porvoo" and porvoo["page"] == "/id/municipality/638"
    assert round(porvoo["lat"], 1) == 60.4 and round(porvoo["lon"], 1) == 25.7
    # a unit is placed at its municipality's centre
    assert places["https://w3id.org/lapekg/id/organisation/porvoon-perhekeskus"]["lat"] == (
        porvoo["lat"])
    assert all(59.5 < p["lat"] < 70.5 and 19 < p["lon"] < 32 for p in places.values())
    assert len(data["edges"]) == len(twin(server)["tables"][0]["rows"])
    assert "SRC-CENTRES" in data["sources"]["points"]
    assert "Natural Earth" in data["sources"]["outline"]
    status, media, body = get(server, data["outline"])
    assert status == 200 and json.loads(body)["type"] == "FeatureCollection"


def test_the_view_is_citable_with_a_checksum_of_its_result(server) -> None:
    body = twin(server, inferred="false")
    cite = body["citation"]
    canonical = json.dumps(body["tables"], sort_keys=True, separators=(",", ":"),
                           ensure_ascii=False)
    assert cite["resultSha256"] == hashlib.sha256(canonical.encode("utf-8")).hexdigest()
    assert cite["view"].endswith("/views/diffusion?inferred=false")
    assert cite["retrieved"] == dt.date.today().isoformat()
    assert {q.rsplit("/", 1)[-1] for q in cite["queries"]} >= {"practice-spread.rq"}
    dump = server.settings.build_dir / "dump" / "lapekg.trig"
    assert cite["release"]["dumpSha256"] == hashlib.sha256(dump.read_bytes()).hexdigest()
    # the page shows the same checksum; another filter gives another result and checksum
    _, _, html = get(server, "/views/diffusion", inferred="false")
    assert f'<code id="result-sha256">{cite["resultSha256"]}</code>' in html
    assert twin(server, inferred="true")["citation"]["resultSha256"] != cite["resultSha256"]


def test_the_network_holds_every_adoption_and_its_origin(server) -> None:
    body = twin(server)
    network, rows = body["network"], body["tables"][0]["rows"]
    adoption_edges = [e for e in network["edges"] if not e["origin"]]
    assert sorted(e["id"] for e in adoption_edges) == sorted(r["adoption"] for r in rows)
    origins = {(r["from"], r["practice"]) for r in rows if r.get("from")}
    assert {(e["source"], e["target"]) for e in network["edges"] if e["origin"]} == origins
    ids = {n["id"] for n in network["nodes"]}
    assert all(e["source"] in ids and e["target"] in ids for e in network["edges"])


def test_in_chromium_the_network_draws_the_twin_and_selects_a_neighbourhood(page, server):
    page.goto(server.url + f"/views/diffusion?lang=en&practice={VANHEMMUUS}")
    holder = page.locator("#diffusion-network[data-ready=true]")
    holder.wait_for()
    network = twin(server, practice=VANHEMMUUS)["network"]
    assert int(holder.get_attribute("data-nodes")) == len(network["nodes"])
    assert int(holder.get_attribute("data-edges")) == len(network["edges"])
    faded = page.evaluate("""iri => {
        const cy = window.lapekgNetwork;
        cy.$id(iri).emit("tap");
        return cy.elements(".faded").length;
    }""", "https://w3id.org/lapekg/id/municipality/444")
    assert holder.get_attribute("data-selected") == "https://w3id.org/lapekg/id/municipality/444"
    assert 0 < faded < len(network["nodes"]) + len(network["edges"])
    assert page.outside_requests == []
    assert page.errors == []


# --- the measures matrix -------------------------------------------------------------------

def kinds_in_store(built_store) -> dict[str, int]:
    rows = built_store.select(
        "PREFIX lape: <https://w3id.org/lapekg/ontology#> SELECT ?kind (COUNT(?m) AS ?n) "
        "WHERE { ?m a lape:Measure ; lape:inPlan "
        "<https://w3id.org/lapekg/id/plan/kymenlaakso-welfare-plan> ; lape:rowKind ?kind } "
        "GROUP BY ?kind")
    return {row["kind"].value.rsplit("/", 1)[-1]: int(row["n"].value) for row in rows}


def test_the_measures_matrix_is_eleven_actors_by_sixteen_sub_goals(server, built_store):
    status, media, body = get(server, "/views/measures.json")
    assert status == 200 and media.startswith("application/json")
    matrix = json.loads(body)["matrix"]
    assert len(matrix["actors"]) == 11
    assert [goal["notation"] for goal in matrix["goals"]] == ["I", "II", "III"]
    notations = [sub["notation"] for goal in matrix["goals"] for sub in goal["subGoals"]]
    assert len(notations) == 16 and notations[:2] == ["I/1", "I/2"] and notations[-1] == "III/3"
    assert len(matrix["cells"]) == 176
    counts = dict(matrix["counts"])
    assert counts.pop("missing") == 0
    assert counts == kinds_in_store(built_store)
    assert counts["blank"] == 6 and counts["outside-remit"] == 2


def test_the_page_draws_every_cell_of_the_twin_distinctly(server):
    _, _, html = get(server, "/views/measures")
    matrix = twin_of(server, "measures")["matrix"]
    drawn = {measure: kind for kind, measure
             in re.findall(r'data-kind="([a-z-]+)" data-measure="([^"]+)"', html)}
    assert drawn == {cell["measure"]: cell["kind"].rsplit("/", 1)[-1]
                     for cell in matrix["cells"]}
    # blank and outside-remit cells look different from own content and from each other
    assert 'class="cell kind-blank"' in html and 'class="cell kind-outside-remit"' in html
    police = "Kaakkois-Suomen poliisilaitoksen ennalta estävän toiminnan ryhmä (EET)"
    assert re.search(r'aria-label="' + re.escape(police) + r', I/3 [^"]*: ei kuulu', html)


def test_a_cell_links_to_its_measure(server):
    _, _, html = get(server, "/views/measures")
    href = re.search(r'<td class="cell kind-own-content"[^>]*><a href="([^"]+)"', html)[1]
    status, _, page = get(server, href)
    assert status == 200 and "toimenpide (kohta)" in page  # lape:measureItem, in Finnish


def test_the_measures_csv_twin_is_the_query(server):
    status, media, body = get(server, "/views/measures.csv")
    assert status == 200 and media.startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(body)))
    assert len(rows) == 176
    assert [row["measure"] for row in rows] == [
        row["measure"] for row in twin_of(server, "measures")["tables"][0]["rows"]]


@pytest.mark.parametrize("params, status", [({"plan": "not an iri"}, 400),
                                            ({"actor": "x"}, 400),
                                            ({"plan": "id:plan/porvoo-rooting-plan"}, 200)])
def test_measures_parameters(server, params, status):
    code, _, body = get(server, "/views/measures.json", **params)
    assert code == status
    if status == 200:  # a plan without a measures table: an empty matrix, not an error
        assert json.loads(body)["matrix"]["cells"] == []


def test_in_chromium_the_matrix_renders_and_a_cell_opens_the_measure(page, server):
    page.goto(server.url + "/views/measures?lang=en")
    assert page.locator("#matrix tbody tr").count() == 11
    assert page.locator("#matrix td.cell").count() == 176
    first = page.locator("#matrix td.kind-outside-remit a").first
    label = first.get_attribute("aria-label")
    assert "outside the actor's remit" in label
    first.click()
    page.wait_for_url(re.compile(r"/page/measure/"))
    assert page.outside_requests == [] and page.errors == []


# --- roadmaps -------------------------------------------------------------------------------

def targets_per_area(built_store) -> dict[str, int]:
    rows = built_store.select(
        "PREFIX lape: <https://w3id.org/lapekg/ontology#> SELECT ?area (COUNT(?t) AS ?n) "
        "WHERE { ?t a lape:RoadmapTarget ; lape:area ?area } GROUP BY ?area")
    return {row["area"].value: int(row["n"].value) for row in rows}


def test_every_roadmap_target_is_on_its_areas_timeline(server, built_store):
    roadmaps = twin_of(server, "roadmaps")["roadmaps"]
    drawn = {r["area"]: sum(len(targets) for theme in r["themes"]
                            for targets in theme["years"].values()) for r in roadmaps}
    assert drawn == targets_per_area(built_store)
    assert [r["areaName"] for r in roadmaps] == ["Lohja", "Porvoo", "Raasepori", "Uusimaa"]
    assert all(r["years"] == ["2018", "2019", "2022", "2025", "2030"] for r in roadmaps)
    _, _, html = get(server, "/views/roadmaps")
    assert sorted(re.findall(r'<p class="target" data-target="([^"]+)"', html)) == sorted(
        target for r in roadmaps for theme in r["themes"]
        for targets in theme["years"].values() for target in targets)


def test_the_area_filter_and_themes_in_table_order(server):
    porvoo = twin_of(server, "roadmaps", area="id:municipality/638")["roadmaps"]
    assert [r["areaName"] for r in porvoo] == ["Porvoo"]
    themes = [theme["theme"] for theme in porvoo[0]["themes"]]
    # the summary table's first rows, in the plan's order
    assert themes[:2] == ["Uusia toimintatapoja käyttöön", "Asiakasosallisuus"]
    raasepori = twin_of(server, "roadmaps", area="id:municipality/710")["roadmaps"][0]
    assert [theme["theme"] for theme in raasepori["themes"]] == [None]  # no themes in its table
    assert get(server, "/views/roadmaps", area="not an iri")[0] == 400
    assert get(server, "/views/roadmaps", year="2019")[0] == 400


def test_a_target_links_to_the_passage_that_states_it(server):
    rows = twin_of(server, "roadmaps", area="id:municipality/444")["tables"][0]["rows"]
    _, _, html = get(server, "/views/roadmaps", area="id:municipality/444")
    for row in rows[:5]:
        href = re.search(r'data-target="' + re.escape(row["target"])
                         + r'">.*?<a class="passage" href="([^"]+)"', html, re.S)[1]
        status, _, page = get(server, href.replace("&amp;", "&"))
        marked = re.search(r'<mark id="passage">(.*?)</mark>', page, re.S)[1]
        assert status == 200 and marked == row["statement"].replace("&", "&amp;") \
            .replace("<", "&lt;").replace(">", "&gt;").replace('"', "&#34;").replace("'", "&#39;")


def test_in_chromium_the_roadmap_filter_shows_one_timeline(page, server):
    page.goto(server.url + "/views/roadmaps?lang=en")
    assert page.locator("section.roadmap").count() == 4
    page.get_by_label("Municipality or region").select_option(label="Porvoo")
    page.get_by_role("button", name="Show").click()
    page.wait_for_url(re.compile(r"area="))
    assert page.locator("section.roadmap").count() == 1
    assert page.locator("section.roadmap p.target").count() == len(
        twin_of(server, "roadmaps", area="id:municipality/638")["tables"][0]["rows"])
    page.locator("section.roadmap a.passage").first.click()
    page.locator("mark#passage").wait_for()
    assert page.outside_requests == [] and page.errors == []


# --- indicators -----------------------------------------------------------------------------

def observations_in_store(built_store) -> set[str]:
    rows = built_store.select("PREFIX qb: <http://purl.org/linked-data/cube#> "
                              "SELECT ?o WHERE { ?o a qb:Observation }")
    return {row["o"].value for row in rows}


def test_every_observation_is_a_bar_of_its_indicators_chart(server, built_store):
    charts = twin_of(server, "indicators")["charts"]
    bars = [bar["observation"] for chart in charts for bar in chart["bars"]]
    assert sorted(bars) == sorted(observations_in_store(built_store))
    _, _, html = get(server, "/views/indicators")
    assert sorted(re.findall(r'<g class="bar area-\d" data-observation="([^"]+)"', html)) \
        == sorted(bars)
    assert html.count('role="group" aria-labelledby="ind-') == len(charts)


def test_bars_are_to_scale_and_negative_values_go_left(server):
    _, _, html = get(server, "/views/indicators", indicator="id:indicator/kymenlaakso-2020.7")
    bars = re.findall(r'data-value="([-\d.]+)">.*?<rect x="([\d.]+)" y="[\d.]+" '
                      r'width="([\d.]+)"', html, re.S)
    assert len(bars) == 5
    (v0, _, w0), *rest = [(float(v), float(x), float(w)) for v, x, w in bars]
    for value, _, width in rest:
        assert abs(width / w0 - value / v0) < 0.01
    _, _, forecast = get(server, "/views/indicators",
                         indicator="id:indicator/kymenlaakso-2020.1")
    zero = float(re.search(r'<line class="zero" x1="([\d.]+)"', forecast)[1])
    for value, x, width in re.findall(r'data-value="([-\d.]+)">.*?<rect x="([\d.]+)" '
                                      r'y="[\d.]+" width="([\d.]+)"', forecast, re.S):
        assert float(value) < 0 and abs(float(x) + float(width) - zero) < 0.2


def test_indicator_and_area_filters(server):
    one = twin_of(server, "indicators", indicator="id:indicator/kymenlaakso-2020.7")
    assert [chart["notation"] for chart in one["charts"]] == ["7"]
    region = twin_of(server, "indicators", area="id:region/08")
    assert sum(len(chart["bars"]) for chart in region["charts"]) == 3
    assert {bar["area"] for chart in region["charts"] for bar in chart["bars"]} == {"Kymenlaakso"}
    assert get(server, "/views/indicators", indicator="nope")[0] == 400
    assert get(server, "/views/indicators", group="x")[0] == 400


def test_in_chromium_the_chart_draws_and_a_bar_opens_its_observation(page, server):
    page.goto(server.url + "/views/indicators?lang=en&indicator=id:indicator/kymenlaakso-2020.7")
    bars = page.locator("svg.bars g.bar rect")
    assert bars.count() == 5
    assert bars.first.bounding_box()["width"] > 100
    page.locator("svg.bars g.bar a").first.click()
    page.wait_for_url(re.compile(r"/page/observation/"))
    assert page.outside_requests == [] and page.errors == []


# --- comparison -----------------------------------------------------------------------------

PORVOO = "https://w3id.org/lapekg/id/municipality/638"
LOHJA = "https://w3id.org/lapekg/id/municipality/444"


def count_in_store(built_store, pattern: str, agent: str) -> int:
    rows = built_store.select(
        "PREFIX lape: <https://w3id.org/lapekg/ontology#> PREFIX org: <http://www.w3.org/ns/org#> "
        f"SELECT (COUNT(DISTINCT ?x) AS ?n) WHERE {{ {pattern.replace('AGENT', f'<{agent}>')} }}")
    return int(rows[0]["n"].value)


def test_the_comparison_counts_what_the_graph_holds(server, built_store):
    body = twin_of(server, "compare", agent=[PORVOO, LOHJA])  # type: ignore[arg-type]
    actors = {actor["agent"]: actor["counts"] for actor in body["actors"]}
    assert list(actors) == [PORVOO, LOHJA]
    for agent in (PORVOO, LOHJA):
        assert actors[agent]["owns"] == count_in_store(
            built_store, "?x a lape:Practice ; lape:owner AGENT", agent)
        assert actors[agent]["adopts"] == count_in_store(
            built_store, "?x a lape:Adoption ; lape:adoptedBy AGENT", agent)
        assert actors[agent]["roadmap"] == count_in_store(
            built_store, "?x a lape:RoadmapTarget ; lape:area AGENT", agent)
        assert actors[agent]["member-of"] == count_in_store(
            built_store, "?x a org:Membership ; org:member AGENT", agent)
    assert actors[PORVOO]["offers"] > 0 and actors[LOHJA]["offers"] == 0
    assert "adopts https://w3id.org/lapekg/id/practice/perhekeskustoimintamalli" in body["shared"]
    assert body["citation"]["view"].count("agent=") == 2


def test_shared_items_are_marked_on_the_page(server):
    body = twin_of(server, "compare", agent=[PORVOO, LOHJA])  # type: ignore[arg-type]
    _, _, html = get(server, "/views/compare", agent=[PORVOO, LOHJA])  # type: ignore[arg-type]
    marked = set(re.findall(r'<li class="shared" data-item="([^"]+)"', html))
    assert marked == {entry.split(" ", 1)[1] for entry in body["shared"]}
    columns = re.findall(r'<th scope="col" data-agent="([^"]+)"', html)
    assert columns == [PORVOO, LOHJA]


@pytest.mark.parametrize("params, status", [
    ({"agent": "not an iri"}, 400), ({"who": PORVOO}, 400),
    ({"agent": [f"id:municipality/{n:03d}" for n in range(7)]}, 400)])
def test_comparison_parameters(server, params, status):
    assert get(server, "/views/compare", **params)[0] == status  # type: ignore[arg-type]


def test_the_comparison_twins_need_an_actor(server):
    assert get(server, "/views/compare")[0] == 200  # the chooser
    assert get(server, "/views/compare.json")[0] == 400
    status, media, body = get(server, "/views/compare.csv", agent=[PORVOO, LOHJA])  # type: ignore[arg-type]
    rows = list(csv.DictReader(io.StringIO(body)))
    assert status == 200 and {row["agent"] for row in rows} == {PORVOO, LOHJA}


def test_in_chromium_two_actors_are_compared(page, server):
    page.goto(server.url + "/views/compare?lang=en")
    page.get_by_label("Actor 1").select_option(label="Porvoo")
    page.get_by_label("Actor 2").select_option(label="Lohja")
    page.get_by_role("button", name="Show").click()
    page.wait_for_url(re.compile(r"agent=.*agent="))
    assert page.locator("#compare thead th").count() == 2
    assert page.locator("#compare li.shared").count() > 0
    assert page.outside_requests == [] and page.errors == []
