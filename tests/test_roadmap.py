"""The roadmap parsers on the real source texts, and the targets they put in the graph."""

from __future__ import annotations

from collections import Counter

import pytest
from rdflib import Literal
from rdflib.namespace import RDF, XSD

from lapekg.config import load_config
from lapekg.errors import InputError, UnknownReferenceError
from lapekg.ingest import roadmap
from lapekg.ingest.context import BuildContext
from lapekg.ingest.sources import SourceDocument, load_sources
from lapekg.namespaces import LAPE

EXPECTED_PER_YEAR = {
    "porvoo-2018": {2019: 11, 2022: 11, 2025: 11, 2030: 10},
    "lohja-2018": {2019: 9, 2022: 4, 2025: 3, 2030: 1},
    "raasepori-2018": {2019: 4, 2022: 3, 2030: 1},
    "uusimaa-results-2018": {2019: 19, 2022: 18, 2025: 14, 2030: 14},
}


@pytest.fixture(scope="module")
def sources() -> dict[str, SourceDocument]:
    return load_sources(load_config().data_dir / "sources")


@pytest.fixture(scope="module")
def parsed(sources: dict[str, SourceDocument]) -> dict[str, list[roadmap.RoadmapStatement]]:
    return {spec.doc: spec.parse(spec.doc, sources[spec.doc].text, sources[spec.doc].file)
            for spec in roadmap.ROADMAPS}


def find(records: list[roadmap.RoadmapStatement], text: str) -> roadmap.RoadmapStatement:
    matches = [record for record in records if record.text.startswith(text)]
    assert len(matches) == 1, f"{len(matches)} statements start with {text!r}"
    return matches[0]


@pytest.mark.parametrize("doc", sorted(EXPECTED_PER_YEAR))
def test_targets_per_year(parsed, doc: str) -> None:
    assert dict(Counter(record.year for record in parsed[doc])) == EXPECTED_PER_YEAR[doc]


@pytest.mark.parametrize("doc", sorted(EXPECTED_PER_YEAR))
def test_every_span_is_the_text_it_claims(parsed, sources, doc: str) -> None:
    text = sources[doc].text
    for record in parsed[doc]:
        for span in (record.statement, record.theme_span):
            if span is not None:
                assert text[span.start:span.end] == span.text
                assert sources[doc].line_of(span.start) == span.line
        assert "<" not in record.text and record.text == record.text.strip()


@pytest.mark.parametrize("doc", sorted(EXPECTED_PER_YEAR))
def test_slugs_are_unique(parsed, doc: str) -> None:
    slugs = [record.slug for record in parsed[doc]]
    assert len(slugs) == len(set(slugs))


def test_uusimaa_child_friendly_2022(parsed) -> None:
    record = find(parsed["uusimaa-results-2018"],
                  "Lohja, Raasepori, Loviisa, Hanko ja Porvoo ovat lapsiystävällisiä kuntia.")
    assert record.year == 2022
    assert record.theme == "Toimintakulttuurin muutos"
    assert record.slug == "uusimaa-results-2018.toimintakulttuurin-muutos.2022.1"
    assert record.theme_span is not None and record.theme_span.text == "TOIMINTAKULTTUURIN MUUTOS"


def test_uusimaa_sections_are_themes(parsed) -> None:
    assert Counter(record.theme for record in parsed["uusimaa-results-2018"]) == {
        "Toimintakulttuurin muutos": 19,
        "Perhekeskustoimintamalli": 17,
        "Varhaiskasvatus, koulu ja oppilaitokset": 13,
        "Erityistason ja vaativan tason kehittäminen": 16,
    }
    joining = find(parsed["uusimaa-results-2018"], "Porvoo, Hanko ja Loviisa lähtevät mukaan")
    assert joining.year == 2019


def test_uusimaa_horizon(sources) -> None:
    document = sources["uusimaa-results-2018"]
    rows = roadmap.parse_horizon(document.id, document.text, document.file)
    assert [(row.year, row.label) for row in rows] == [
        (2018, "Mihin päästiin hankeaikana?"),
        (2019, "Välittömät toimet"),
        (2022, "Strategiset toimet Prioriteetti 1"),
        (2025, "Strategiset toimet Prioriteetti 2"),
        (2030, "Visio"),
    ]
    assert rows[1].note == "Heti hankkeen jälkeen"


def test_porvoo_cells_split_and_2018_is_the_theme(parsed) -> None:
    records = parsed["porvoo-2018"]
    record = find(records, "Porvoo on lapsiystävällinen kunta")
    assert record.text == "Porvoo on lapsiystävällinen kunta"
    assert record.year == 2025
    assert record.theme == "Lapsiystävällinen kunta toimintamalliin valmistautuminen"
    assert find(records, "Lapsivaikutusten arviointi on arkipäivää").slug == (
        "porvoo-2018.lapsiystavallinen-kunta-toimintamalliin-valmistautuminen.2025.2")
    assert all(record.year != 2018 for record in records)
    assert not any(record.text == "Uusia toimintatapoja käyttöön" for record in records)
    assert len({record.theme for record in records}) == 9
    # One space after a full stop is not a separator: this 2030 cell stays whole.
    assert find(records, "Perhekeskus koostuu").text.endswith(
        "Sähköinen perhekeskus on keskeinen osa toimintaa")


def test_lohja_themes_and_continuation(parsed) -> None:
    records = parsed["lohja-2018"]
    record = find(records, "Lava/Eva osataan tehdä")
    assert (record.year, record.theme) == (2022, "Lapsivaikutusten arviointi")
    assert record.text == ("Lava/Eva osataan tehdä ja toimintatapa on juurtunut. "
                           "Hyvät toimivat toimintatavat , sähköinen alusta")
    # The second table (after the page break) continues the last underlined theme ...
    assert find(records, "Mahdollisuuksien ja tarpeen kartoittaminen").theme == (
        "Yhteinen sähköinen alusta")
    assert find(records, "Toimii laaja-alaisesti").year == 2022
    # ... until the heading row whose underline the conversion lost.
    systemic = find(records, "Toimii mahdollisesti kaikilla alueilla")
    assert (systemic.theme, systemic.year) == ("Systeminen työote alueellisessa työssä", 2022)
    assert not any(record.text.startswith("<u>") or record.text.startswith("Systeminen")
                   for record in records)


def test_raasepori_rows_have_no_theme(parsed) -> None:
    records = parsed["raasepori-2018"]
    assert all(record.theme is None for record in records)
    vision = find(records, "Raasepori edelleen Unicefin lapsiystävällinen kunta.")
    assert (vision.year, vision.slug) == (2030, "raasepori-2018.row-1.2030.1")
    assert find(records, "Lapsiperheiden palvelukartta valmis.").slug == (
        "raasepori-2018.row-4.2019.1")


# -- errors ---------------------------------------------------------------------------


def test_missing_summary_table_names_the_document(sources) -> None:
    document = sources["porvoo-2018"]
    text = document.text.replace("#### Yhteenveto", "#### Loppusanat")
    with pytest.raises(InputError, match="porvoo-2018") as error:
        roadmap.parse_summary_tsv(document.id, text, document.file)
    assert error.value.where is not None and error.value.where.startswith(document.file + ":")


def test_summary_without_year_header_names_the_line(sources) -> None:
    document = sources["raasepori-2018"]
    text = document.text.replace("2018\t2019\t2022\t2025\t2030", "2018\t2019")
    with pytest.raises(InputError, match="raasepori-2018") as error:
        roadmap.parse_summary_tsv(document.id, text, document.file)
    assert error.value.where == f"{document.file}:51"


def test_missing_regional_section_names_the_document(sources) -> None:
    document = sources["uusimaa-results-2018"]
    text = document.text.replace("VARHAISKASVATUS, KOULU JA OPPILAITOKSET", "VARHAISKASVATUS")
    with pytest.raises(InputError, match="uusimaa-results-2018.*VARHAISKASVATUS, KOULU"):
        roadmap.parse_regional(document.id, text, document.file)


def test_missing_horizon_names_the_document(sources) -> None:
    document = sources["uusimaa-results-2018"]
    text = document.text.replace(roadmap.HORIZON_HEADING, "AIKAJÄNNE")
    with pytest.raises(InputError, match="uusimaa-results-2018.*AIKAJÄNNE"):
        roadmap.parse_regional(document.id, text, document.file)


def test_missing_markdown_table_names_the_document(sources) -> None:
    document = sources["lohja-2018"]
    heading = document.text.index("Yhteenveto")
    with pytest.raises(InputError, match="lohja-2018"):
        roadmap.parse_summary_markdown(document.id, document.text[:heading + 10],
                                       document.file)


def test_stale_unmarked_theme_fails(sources) -> None:
    document = sources["lohja-2018"]
    text = document.text.replace("Systeminen työote", "Systeeminen työote")
    with pytest.raises(InputError, match="unmarked theme rows not found"):
        roadmap.parse_summary_markdown(document.id, text, document.file)


def test_text_outside_paragraphs_fails(sources) -> None:
    document = sources["uusimaa-results-2018"]
    text = document.text.replace("<p>Juurruttamis-suunnitelman arviointi</p>",
                                 "Juurruttamis-suunnitelman arviointi")
    with pytest.raises(InputError, match="text outside <p>"):
        roadmap.parse_regional(document.id, text, document.file)


# -- graph ----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def context(sources) -> BuildContext:
    ctx = BuildContext(load_config(), sources)
    for reference in ("municipality/638", "municipality/444", "municipality/710",
                      "region/01", "plan/porvoo-rooting-plan", "plan/lohja-rooting-plan",
                      "plan/raasepori-rooting-plan", "plan/uusimaa-results"):
        ctx.declare(reference, "test")
    roadmap.ingest(ctx)
    return ctx


def test_ingest_adds_one_target_per_statement(context: BuildContext) -> None:
    for doc, per_year in EXPECTED_PER_YEAR.items():
        graph = context.graph(doc)
        targets = set(graph.subjects(RDF.type, LAPE.RoadmapTarget))
        assert len(targets) == sum(per_year.values())
        for target in targets:
            assert graph.value(target, LAPE.evidence) is not None
            assert graph.value(target, LAPE.inPlan) is not None
    declared = [key for key in context.declared if key.startswith("roadmap-target/")]
    assert len(declared) == sum(sum(per_year.values()) for per_year in EXPECTED_PER_YEAR.values())


def test_ingest_target_triples(context: BuildContext) -> None:
    iris = context.iris
    graph = context.graph("uusimaa-results-2018")
    target = iris.entity("roadmap-target", "uusimaa-results-2018.toimintakulttuurin-muutos.2022.1")
    assert graph.value(target, LAPE.area) == iris.ref("region/01")
    assert graph.value(target, LAPE.inPlan) == iris.ref("plan/uusimaa-results")
    assert graph.value(target, LAPE.targetYear) == Literal("2022", datatype=XSD.gYear)
    assert graph.value(target, LAPE.statement) == Literal(
        "Lohja, Raasepori, Loviisa, Hanko ja Porvoo ovat lapsiystävällisiä kuntia.", lang="fi")
    assert graph.value(target, LAPE.theme) == Literal("Toimintakulttuurin muutos", lang="fi")
    quotes = {str(graph.value(evidence, LAPE.quote))
              for evidence in graph.objects(target, LAPE.evidence)}
    assert quotes == {"Lohja, Raasepori, Loviisa, Hanko ja Porvoo ovat lapsiystävällisiä kuntia.",
                      "TOIMINTAKULTTUURIN MUUTOS"}


def test_ingest_raasepori_has_no_theme(context: BuildContext) -> None:
    graph = context.graph("raasepori-2018")
    target = context.iris.entity("roadmap-target", "raasepori-2018.row-1.2030.1")
    assert graph.value(target, LAPE.area) == context.iris.ref("municipality/710")
    assert graph.value(target, LAPE.theme) is None
    assert graph.value(target, LAPE.statement) == Literal(
        "Raasepori edelleen Unicefin lapsiystävällinen kunta.", lang="fi")


def test_ingest_needs_the_plans(sources) -> None:
    ctx = BuildContext(load_config(), sources)
    for reference in ("municipality/638", "municipality/444", "municipality/710", "region/01"):
        ctx.declare(reference, "test")
    with pytest.raises(UnknownReferenceError, match="plan/porvoo-rooting-plan"):
        roadmap.ingest(ctx)
