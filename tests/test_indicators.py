"""The Kymenlaakso indicator explanations: parser against the pinned text, and RDF (K5)."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
import rdflib.namespace as rdfns
from rdflib import Literal, URIRef
from rdflib.namespace import RDF, SKOS

from lapekg.config import load_config
from lapekg.errors import InputError
from lapekg.ingest import indicators as ind
from lapekg.ingest.context import BuildContext
from lapekg.ingest.sources import SourceDocument, load_sources
from lapekg.namespaces import LAPE, POPULATION, QB, UNIT

SETTINGS = load_config()
K5 = {"7", "9", "12", "13", "18", "22", "25", "27"}


@pytest.fixture(scope="module")
def document() -> SourceDocument:
    return load_sources(SETTINGS.data_dir / "sources")[ind.DOC_ID]


@pytest.fixture(scope="module")
def indicators(document: SourceDocument) -> dict[str, ind.Indicator]:
    return {i.notation: i for i in ind.parse_indicators(document.text, document.file)}


def _value(indicator: ind.Indicator, group: str, area: str = "finland") -> Decimal:
    return next(v.value for v in indicator.values if v.group == group and v.area == area)


# --- parsing ---------------------------------------------------------------------------


def test_thirty_two_indicators_and_three_comparisons(
        indicators: dict[str, ind.Indicator]) -> None:
    assert list(indicators) == ([str(n) for n in range(1, 17)] + ["16a", "16b", "16c"]
                                + [str(n) for n in range(17, 33)])
    assert {n for n, i in indicators.items() if i.broader == "16"} == {"16a", "16b", "16c"}


def test_names_and_definitions(indicators: dict[str, ind.Indicator]) -> None:
    assert indicators["7"].name == "Tyytyväinen elämäänsä"
    assert indicators["7"].definition is None
    assert indicators["11"].definition.startswith("Pitkäaikainen yksinäisyys")
    assert indicators["11"].definition.endswith("vakavia ja kalliita.")
    assert indicators["1"].definition.endswith("ilman muuttoliikettä.")
    assert indicators["16"].name.startswith("Lastensuojeluilmoitukset")
    assert indicators["16"].notes[0][0].startswith("Lastensuojelun indikaattorit ovat")
    assert indicators["16b"].name == ("Toistuvasti sijoitetut 0–17-vuotiaat lapset / 10 000 "
                                      "vastaavanikäistä")
    assert indicators["1"].theme == "Väestön kehitys"
    assert indicators["32"].theme == "Terveys & elintavat"


def test_k5_vocational_above_25(indicators: dict[str, ind.Indicator]) -> None:
    found = {n for n, i in indicators.items()
             for v in i.values if v.group == "vocational" and v.value > 25}
    assert found == K5
    assert all(v.survey.key == "kouluterveyskysely-2019"
               for n in K5 for v in indicators[n].values if v.group == "vocational")


def test_specific_values(indicators: dict[str, ind.Indicator]) -> None:
    assert _value(indicators["13"], "vocational") == Decimal("43")
    assert _value(indicators["7"], "vocational") == Decimal("76.1")
    assert _value(indicators["7"], "grade-4-5") == Decimal("89.5")
    assert _value(indicators["7"], "guardians-of-4-year-olds") == Decimal("90.1")
    assert _value(indicators["1"], "age-0-6") == Decimal("-16.3")
    assert _value(indicators["1"], "age-7-15") == Decimal("-22.7")
    assert _value(indicators["3"], "all") == Decimal("19.2")
    assert _value(indicators["6"], "under-18") == Decimal("11.8")
    assert _value(indicators["16a"], "age-0-17", "kymenlaakso") == Decimal("1.9")
    assert _value(indicators["16a"], "age-0-17", "finland") == Decimal("1.5")
    assert _value(indicators["16c"], "age-0-17", "kymenlaakso") == Decimal("1.3")


def test_value_count_and_groups(indicators: dict[str, ind.Indicator]) -> None:
    assert sum(len(i.values) for i in indicators.values()) == 78
    assert indicators["15"].values == ()
    assert indicators["15"].groups_without_value == ("guardians-of-4-year-olds",)
    assert indicators["16"].values == ()
    groups = {v.group for i in indicators.values() for v in i.values}
    assert groups == set(ind.GROUP_LABELS_FI)


def test_two_sources_in_one_indicator(indicators: dict[str, ind.Indicator]) -> None:
    sources = {v.group: v.survey.key for v in indicators["7"].values}
    assert sources["vocational"] == "kouluterveyskysely-2019"
    assert sources["guardians-of-4-year-olds"] == "lth-2018"
    assert indicators["7"].surveys[1].title == "Lasten terveys, hyvinvointi ja palvelut (LTH)"


def test_survey_keys(indicators: dict[str, ind.Indicator]) -> None:
    keys = {s.key for i in indicators.values() for s in i.surveys}
    assert keys == {"tilastokeskus-2019", "tilastokeskus-2018", "tilastokeskus-2017",
                    "tilastokeskus-ja-tem-2018", "kouluterveyskysely-2019", "lth-2018",
                    "sosiaali-lc-2019"}


def test_units(indicators: dict[str, ind.Indicator]) -> None:
    assert indicators["2"].values[0].unit == "per-thousand"
    assert "41,6%" in indicators["2"].values[0].note
    assert {v.unit for v in indicators["16b"].values} == {"per-ten-thousand"}
    assert indicators["16a"].values[0].unit == "percent"
    assert indicators["7"].values[0].note is None


def test_quotes_are_verbatim(indicators: dict[str, ind.Indicator],
                             document: SourceDocument) -> None:
    vocational = next(v for v in indicators["7"].values if v.group == "vocational")
    assert document.text[vocational.start:vocational.end] == (
        "Ammattikoululaisista, **koko maa 76,1%**")
    comparison = indicators["16a"].values
    assert [document.text[v.start:v.end] for v in comparison] == [
        "Kymenlaakso: 1,9%", "Koko maan tilanne: 1,5%"]
    for indicator in indicators.values():
        assert document.text[indicator.start:indicator.end].strip()
        for value in indicator.values:
            assert value.printed.rstrip("%") in document.text[value.start:value.end]


def test_sotkanet_links_are_verified() -> None:
    verified = ind.verified_sotkanet_ids(SETTINGS.root / ind.SOTKANET_CSV)
    assert set(ind.SOTKANET_LINKS.values()) <= verified
    ind.check_sotkanet_links(verified, "test")


def test_unverified_sotkanet_link_fails(tmp_path: Path) -> None:
    table = tmp_path / "sotkanet.csv"
    rows = ["indicator_id,status", "1065,VERIFIED", "181,VERIFIED", "191,VERIFIED",
            "228,UNVERIFIED"]
    table.write_text("\n".join(rows) + "\n", encoding="utf-8")
    with pytest.raises(InputError, match="228"):
        ind.check_sotkanet_links(ind.verified_sotkanet_ids(table), str(table))


# --- RDF -------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def built() -> BuildContext:
    ctx = BuildContext(SETTINGS, load_sources(SETTINGS.data_dir / "sources"))
    ctx.declare(ind.REGION_REF, "test")
    ind.ingest(ctx)
    return ctx


def _iri(ctx: BuildContext, path: str) -> URIRef:
    return URIRef(f"{ctx.settings.base}id/{path}")


def test_ingest_counts(built: BuildContext) -> None:
    graph = built.graph(ind.DOC_ID)
    assert len(set(graph.subjects(RDF.type, LAPE.Indicator))) == 35
    assert len(set(graph.subjects(RDF.type, QB.Observation))) == 78
    assert len(set(graph.subjects(RDF.type, LAPE.SourceSurvey))) == 7
    for subject in graph.subjects(RDF.type, QB.Observation):
        assert graph.value(subject, LAPE.evidence) is not None


def test_ingest_indicator_and_observation(built: BuildContext) -> None:
    graph = built.graph(ind.DOC_ID)
    seven = _iri(built, "indicator/kymenlaakso-2020.7")
    assert graph.value(seven, SKOS.notation) == Literal("7")
    assert graph.value(seven, SKOS.inScheme) == _iri(built, "indicator/kymenlaakso-2020")
    obs = _iri(built, "observation/kymenlaakso-2020.7.vocational.finland")
    assert graph.value(obs, LAPE.indicator) == seven
    assert graph.value(obs, LAPE.refArea) == _iri(built, "area/finland")
    assert graph.value(obs, LAPE.populationGroup) == POPULATION["vocational"]
    assert graph.value(obs, LAPE.value) == Literal(Decimal("76.1"), datatype=rdfns.XSD.decimal)
    assert graph.value(obs, LAPE.refPeriod) == Literal("2019", datatype=rdfns.XSD.gYear)
    assert graph.value(obs, LAPE.unit) == UNIT["percent"]
    assert graph.value(obs, LAPE.sourceSurvey) == _iri(built, "survey/kouluterveyskysely-2019")
    assert graph.value(obs, QB.dataSet) == _iri(built, "dataset/kymenlaakso-2020-indicators")
    evidence = graph.value(obs, LAPE.evidence)
    assert str(graph.value(evidence, LAPE.quote)) == "Ammattikoululaisista, **koko maa 76,1%**"


def test_ingest_child_protection(built: BuildContext) -> None:
    graph = built.graph(ind.DOC_ID)
    sixteen_a = _iri(built, "indicator/kymenlaakso-2020.16a")
    assert graph.value(sixteen_a, SKOS.broader) == _iri(built, "indicator/kymenlaakso-2020.16")
    sotkanet = graph.value(sixteen_a, LAPE.sotkanetIndicator)
    assert sotkanet == Literal(191, datatype=rdfns.XSD.integer)
    kymenlaakso = _iri(built, "observation/kymenlaakso-2020.16a.age-0-17.kymenlaakso")
    assert graph.value(kymenlaakso, LAPE.refArea) == built.declared["region/08"].iri
    assert graph.value(kymenlaakso, LAPE.value) == Literal(Decimal("1.9"),
                                                           datatype=rdfns.XSD.decimal)


def test_ingest_k5_query(built: BuildContext) -> None:
    query = """
        SELECT ?notation WHERE {
          ?o lape:indicator ?i ; lape:populationGroup popgroup:vocational ;
             lape:refArea ?a ; lape:value ?v .
          ?a a lape:Country .
          ?i skos:notation ?notation .
          FILTER(?v > 25)
        }"""
    rows = built.graph(ind.DOC_ID).query(
        query, initNs={"lape": LAPE, "skos": SKOS, "popgroup": POPULATION})
    assert {str(r.notation) for r in rows} == K5


def test_ingest_sotkanet_links(built: BuildContext) -> None:
    graph = built.graph(ind.DOC_ID)
    links = {str(graph.value(s, SKOS.notation)): int(o)
             for s, o in graph.subject_objects(LAPE.sotkanetIndicator)}
    assert links == {"3": 1065, "5": 181, "6": 228, "16a": 191}


def test_forecast_period_is_read_from_the_definition(indicators: dict[str, ind.Indicator]) -> None:
    assert ind.forecast_period(indicators["1"].definition or "") == ("2019", "2035")
    assert ind.forecast_period("kuvaa väestöä vuonna 2019") is None
    others = [n for n, i in indicators.items()
              if n != "1" and ind.forecast_period(i.definition or "")]
    assert others == []
