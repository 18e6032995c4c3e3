"""``lapekg import sotkanet``: Sotkanet exports become validated, evidenced observations.

The exports are written here in Sotkanet's formats (a JSON array of flat records; a
``;``-separated CSV with a header). Their numbers are test values, not THL's: they exist
only in the temporary project. Region ids and indicator ids are the verified ones of
data/reference/ (Porvoo 294, Lohja 202, Uusimaa 488; indicators 191 and 127).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pyoxigraph as ox
import pytest
from conftest import copy_project

from lapekg.build import build
from lapekg.config import load_config
from lapekg.errors import InputError
from lapekg.imports import import_sotkanet
from lapekg.ingest.sotkanet_export import read_export
from lapekg.namespaces import sparql_prologue
from lapekg.store.publish import current_store

BASE = "https://w3id.org/lapekg/"

JSON_EXPORT = (
    '[{"indicator":191,"region":294,"year":2018,"gender":"total","value":1.2,"absValue":120},\n'
    '{"indicator":191,"region":294,"year":2019,"gender":"total","value":1.3,"absValue":131},\n'
    '{"indicator":191,"region":294,"year":2019,"gender":"male","value":1.4},\n'
    '{"indicator":191,"region":658,"year":2019,"gender":"total","value":1.4},\n'
    '{"indicator":191,"region":202,"year":2019,"gender":"total"},\n'
    '{"indicator":191,"region":488,"year":2019,"gender":"female","value":0.9,"absValue":44}]\n'
)
CSV_EXPORT = (
    "indicator;region;year;gender;value;absValue\n"
    "127;294;2019;total;50 000;\n"
    "127;202;2019;total;46123;\n"
    "127;202;2020;total;..;\n"
)
CSV_EXPORT = CSV_EXPORT.replace("50 000", "50000")


def _write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return copy_project(tmp_path_factory.mktemp("sotkanet") / "project")


@pytest.fixture(scope="module")
def settings(project: Path):
    return load_config({"root": project})


@pytest.fixture(scope="module")
def imported(settings, tmp_path_factory: pytest.TempPathFactory):
    """Both exports imported (the CSV with its unit given), then a build published."""
    exports = tmp_path_factory.mktemp("exports")
    first = import_sotkanet(settings, _write(exports / "placements.json", JSON_EXPORT))
    second = import_sotkanet(settings, _write(exports / "population.csv", CSV_EXPORT),
                             units={127: "count"})
    build(settings)
    return first, second


@pytest.fixture(scope="module")
def store(imported, settings) -> ox.Store:
    return ox.Store.read_only(str(current_store(settings.build_dir)))


def rows(store: ox.Store, query: str) -> list[dict[str, str]]:
    solutions = store.query(sparql_prologue(BASE) + query, use_default_graph_as_union=True)
    names = [v.value for v in solutions.variables]
    return [{n: s[n].value for n in names if s[n] is not None} for s in solutions]


# -- reading the formats ----------------------------------------------------------------


def test_json_records_keep_their_exact_span_and_line():
    records = read_export(JSON_EXPORT, "x.json")
    assert len(records) == 6
    third = records[2]
    assert JSON_EXPORT[third.start:third.end] == (
        '{"indicator":191,"region":294,"year":2019,"gender":"male","value":1.4}')
    assert (third.line, third.gender, third.value, third.abs_value) == (3, "male",
                                                                        Decimal("1.4"), None)
    assert records[4].skipped == "missing" and records[4].value is None
    assert records[0].abs_value == Decimal(120)


def test_csv_with_semicolons_decimal_comma_and_markers():
    text = ("\ufeffindicator;region;year;gender;value;absValue\r\n"
            "191;294;2019;female;1,25;12\r\n\r\n191;294;2020;female;..;\r\n"
            "191;294;2021;female;;\r\n")
    first, second, third = read_export(text, "x.csv")
    assert first.value == Decimal("1.25") and first.line == 2
    assert text[first.start:first.end] == "191;294;2019;female;1,25;12"
    assert (second.skipped, second.line) == ("suppressed", 4)
    assert third.skipped == "missing"


@pytest.mark.parametrize("text, where, words", [
    ('[{"indicator":191,"region":294,"year":2019,"gender":"all","value":1}]', "x.json:1:2",
     "gender 'all'"),
    ('[{"indicator":191,"region":294,"year":2019,"gender":"total","value":"abc"}]',
     "x.json:1:2", "value 'abc' is not a number"),
    ('[{"indicator":191,"year":2019,"gender":"total","value":1}]', "x.json:1:2",
     "no 'region'"),
    ('[{"indicator":191,"region":294,"year":2019,"gender":"total","value":1}\n{"x":1}]',
     "x.json:2:1", "expected ',' or ']'"),
    ('[{"indicator":191,"region":294,"year":2019,"gender":"total","value":1},\n {"indicator":}]',
     "x.json:2:15", "invalid JSON"),
    ('{"indicator":191}', "x.json:1:1", "array of records"),
], ids=["gender", "value", "no region", "missing comma", "bad json", "not an array"])
def test_bad_json_names_line_and_column(text, where, words):
    with pytest.raises(InputError) as caught:
        read_export(text, "x.json")
    assert caught.value.where == where
    assert words in str(caught.value)


def test_bad_csv_names_the_line():
    with pytest.raises(InputError) as caught:
        read_export("indicator;region;year;value\n191;294;2019;1\n", "x.csv")
    assert caught.value.where == "x.csv:1" and "lacks gender" in str(caught.value)
    with pytest.raises(InputError) as caught:
        read_export("indicator;region;year;gender;value\n191;294;20x9;total;1\n", "x.csv")
    assert caught.value.where == "x.csv:2" and "year" in str(caught.value)


# -- the import and the build -----------------------------------------------------------


def test_import_reports_what_it_made_and_skipped(imported):
    placements, population = imported
    assert placements.outcome.observations == 4
    assert placements.outcome.areas == {"municipality/638", "region/01"}
    assert {reason: [r.line for r in records]
            for reason, records in placements.outcome.skipped.items()} == {
        "unknown region": [4], "missing value": [5]}
    assert population.outcome.observations == 2
    assert [r.line for r in population.outcome.skipped["suppressed value"]] == [4]


def test_files_are_pinned_in_the_manifest(imported, project: Path):
    manifest = (project / "data" / "imports" / "imports.yaml").read_text(encoding="utf-8")
    assert "id: sotkanet-placements" in manifest and "id: sotkanet-population" in manifest
    assert (project / "data/imports/sotkanet-placements.json").read_text() == JSON_EXPORT
    assert (project / "data/imports/sotkanet-population.csv").read_text() == CSV_EXPORT


def test_observations_cite_their_record_verbatim(store):
    found = rows(store, """
        SELECT ?o ?value ?sex ?abs ?quote ?doc ?line WHERE {
          ?o a qb:Observation ; qb:dataSet ?d ; lape:value ?value ; sdmx-dimension:sex ?sex ;
             lape:evidence ?e .
          ?d qb:structure lape:SotkanetStructure .
          ?e lape:quote ?quote ; lape:document ?doc ; lape:line ?line .
          OPTIONAL { ?o lape:absoluteValue ?abs }
        } ORDER BY ?o""")
    assert len(found) == 6
    by_iri = {r["o"].rsplit("/", 1)[-1]: r for r in found}
    male = by_iri["sotkanet-placements.191.municipality-638.2019.male"]
    assert male["quote"] == ('{"indicator":191,"region":294,"year":2019,"gender":"male",'
                             '"value":1.4}')
    assert male["sex"].endswith("code#sex-M") and "abs" not in male
    assert male["doc"] == BASE + "id/document/sotkanet-placements" and male["line"] == "3"
    assert by_iri["sotkanet-placements.191.region-01.2019.female"]["abs"] == "44"
    lohja = by_iri["sotkanet-population.127.municipality-444.2019.total"]
    assert lohja["quote"] == "127;202;2019;total;46123;" and lohja["value"] == "46123"


def test_plan_indicator_is_reused_and_a_verified_one_minted(store):
    found = rows(store, """
        SELECT ?o ?indicator ?unit WHERE {
          ?o qb:dataSet/qb:structure lape:SotkanetStructure ; lape:indicator ?indicator ;
             lape:unit ?unit . }""")
    indicators = {r["indicator"].rsplit("/", 1)[-1] for r in found}
    # 191 is the plan's 16a (lape:sotkanetIndicator); 127 comes from the reference table
    assert indicators == {"kymenlaakso-2020.16a", "sotkanet.127"}
    units = {(r["indicator"].rsplit("/", 1)[-1], r["unit"].rsplit("/", 1)[-1]) for r in found}
    assert units == {("kymenlaakso-2020.16a", "percent"), ("sotkanet.127", "count")}
    minted = rows(store, """
        SELECT ?label ?id ?page WHERE {
          <https://w3id.org/lapekg/id/indicator/sotkanet.127> skos:prefLabel ?label ;
              lape:sotkanetIndicator ?id ; rdfs:seeAlso ?page . FILTER(LANG(?label) = "fi") }""")
    assert minted == [{"label": "Väestö 31.12.", "id": "127",
                       "page": "https://sotkanet.fi/sotkanet/fi/metadata/indicators/127"}]


def test_each_import_is_a_data_set_and_a_named_graph(store):
    graphs = {g.value.rsplit("/", 1)[-1] for g in store.named_graphs()}
    assert {"sotkanet-placements", "sotkanet-population"} <= graphs
    found = rows(store, """
        SELECT ?d ?doc WHERE { ?d a qb:DataSet ; qb:structure lape:SotkanetStructure ;
                                  dcterms:source ?doc . ?doc a lape:SourceDocument . }
        ORDER BY ?d""")
    assert [r["d"].rsplit("/", 1)[-1] for r in found] == ["sotkanet-placements",
                                                          "sotkanet-population"]


def test_named_query_lists_series_beside_the_plan_values(imported, settings):
    from lapekg.queries import bind, load_queries
    from lapekg.store.embedded import EmbeddedStore

    query = load_queries(settings.root / "queries", settings.base)["indicator-observations"]
    store = EmbeddedStore(current_store(settings.build_dir))
    result = store.evaluate(query.text(settings.base), bind(
        query, {"indicator": "id:indicator/kymenlaakso-2020.16a"}, settings.base))
    found = [{v.value: s[v.value].value for v in result.variables if s[v.value] is not None}
             for s in result]
    porvoo = [(r["year"], r["sexName"], r["value"], r.get("absoluteValue")) for r in found
              if r["area"].endswith("/municipality/638")]
    assert porvoo == [("2019", "miehet", "1.4", None), ("2018", "yhteensä", "1.2", "120"),
                      ("2019", "yhteensä", "1.3", "131")]
    plan = [r for r in found if "groupName" in r]
    assert plan and all("sexName" not in r and r["sotkanet"] == "191" for r in plan)


def test_indicators_view_draws_the_imported_series(imported, settings, live_server_factory):
    import requests

    server = live_server_factory(settings.build_dir, root=settings.root)
    charts = requests.get(f"{server.url}/views/indicators.json",
                          params={"indicator": "id:indicator/kymenlaakso-2020.16a"},
                          timeout=30).json()["charts"]
    (chart,) = charts
    assert {"label": "yhteensä, Porvoo", "points": [["2018", 1.2], ["2019", 1.3]]} \
        in chart["series"]
    assert "Porvoo" in chart["areas"]


# -- refusals: nothing written ----------------------------------------------------------


def _state(project: Path) -> dict[str, bytes]:
    directory = project / "data" / "imports"
    return {p.name: p.read_bytes() for p in sorted(directory.iterdir())} if directory.exists() \
        else {}


@pytest.mark.parametrize("name, text, options, words", [
    ("strict.json", JSON_EXPORT.replace('"value":1.2', '"value":1.21'), {"strict": True},
     "cannot be imported; the first: unknown region"),
    ("twice.json", '[{"indicator":191,"region":294,"year":2017,"gender":"total","value":1},'
                   '\n{"indicator":191,"region":294,"year":2017,"gender":"total","value":2}]',
     {}, "declared twice"),
    ("unknown.json", '[{"indicator":999999,"region":294,"year":2017,"gender":"total",'
                     '"value":1}]', {}, "neither in the graph nor verified"),
    ("nounit.csv", "indicator;region;year;gender;value\n3099;294;2017;total;50\n", {},
     "cannot tell the unit of Sotkanet indicator 3099"),
    ("nothing.json", '[{"indicator":191,"region":1,"year":2017,"gender":"total","value":1}]',
     {}, "no record of the file could be imported"),
    ("again.json", JSON_EXPORT, {}, "already imported as 'sotkanet-placements'"),
], ids=["strict", "duplicate record", "unknown indicator", "no unit", "no area", "twice"])
def test_refused_imports_write_nothing(imported, settings, project, tmp_path, name, text,
                                       options, words):
    before = _state(project)
    with pytest.raises(InputError) as caught:
        import_sotkanet(settings, _write(tmp_path / name, text), **options)
    assert words in str(caught.value)
    assert caught.value.where
    assert _state(project) == before


def test_a_duplicate_of_an_imported_series_is_refused_by_the_shapes(imported, settings,
                                                                    project, tmp_path):
    """The same indicator, area, year and sex as an imported record, from another file."""
    from lapekg.errors import ValidationFailed

    before = _state(project)
    text = '[{"indicator":191,"region":294,"year":2018,"gender":"total","value":9.9}]'
    with pytest.raises(ValidationFailed) as caught:
        import_sotkanet(settings, _write(tmp_path / "overlap.json", text))
    assert "ObservationUnique" in caught.value.report_text
    assert _state(project) == before


def test_cli_dry_run_and_errors(imported, project: Path, tmp_path: Path):
    env = {**os.environ, "LAPEKG_ROOT": str(project)}
    export = _write(tmp_path / "dry.json",
                    '[{"indicator":191,"region":294,"year":2016,"gender":"total","value":1},\n'
                    '{"indicator":191,"region":658,"year":2016,"gender":"total","value":1}]')
    before = _state(project)
    done = subprocess.run([sys.executable, "-m", "lapekg.cli", "import", "sotkanet",
                           str(export), "--dry-run", "-q"], env=env, capture_output=True,
                          text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    assert "would import 1 observation(s) of indicator(s) 191" in done.stdout
    assert "Koko maa has Sotkanet id 658" in done.stderr and "VERIFIED_SECONDARY" in done.stderr
    assert _state(project) == before
    bad = subprocess.run([sys.executable, "-m", "lapekg.cli", "import", "sotkanet",
                          str(export), "--unit", "127=kilos"], env=env, capture_output=True,
                         text=True, timeout=300)
    assert bad.returncode == 2 and "--unit '127=kilos' must be INDICATOR=UNIT" in bad.stderr
    assert "Traceback" not in bad.stderr


def test_build_refuses_a_changed_import(imported, settings, project: Path):
    from lapekg.errors import SourceMissingError

    path = project / "data/imports/sotkanet-population.csv"
    original = path.read_bytes()
    try:
        path.write_bytes(original.replace(b"46123", b"46124"))
        with pytest.raises(SourceMissingError) as caught:
            build(settings)
        assert "has changed" in str(caught.value)
    finally:
        path.write_bytes(original)
    assert json.loads((settings.build_dir / "reports/build.json").read_text())["graphs"][
        "sotkanet-population"] > 0


def test_pages_show_the_series_and_the_record(imported, settings, live_server_factory):
    """Over HTTP: the observation's page, its record in the source reader, the API query."""
    import html

    import requests

    server = live_server_factory(settings.build_dir, root=settings.root)
    observation = "sotkanet-placements.191.municipality-638.2019.male"
    page = requests.get(f"{server.url}/id/observation/{observation}",
                        headers={"Accept": "text/html"}, timeout=30)
    assert page.status_code == 200 and "male" in page.text
    data = requests.get(f"{server.url}/id/observation/{observation}",
                        headers={"Accept": "text/turtle"}, timeout=30)
    assert "sdmx-dimension:sex" in data.text or "sdmx/2009/dimension#sex" in data.text
    quote = '{"indicator":191,"region":294,"year":2019,"gender":"male","value":1.4}'
    start = JSON_EXPORT.index(quote)
    source = requests.get(f"{server.url}/source/sotkanet-placements",
                          params={"start": start, "end": start + len(quote)}, timeout=30)
    assert source.status_code == 200
    assert "differs from the pinned text" not in source.text
    assert quote in html.unescape(source.text)
    api = requests.get(f"{server.url}/api/queries/indicator-observations",
                       params={"indicator": "id:indicator/sotkanet.127"},
                       headers={"Accept": "application/json"}, timeout=30)
    assert api.status_code == 200, api.text
    values = sorted(b["value"]["value"] for b in api.json()["results"]["bindings"])
    assert values == ["46123", "50000"]
