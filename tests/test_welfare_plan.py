"""The Kymenlaakso measure tables: parser against the pinned text, mapping checks, RDF.

Expected counts are those of the competency questions K1–K4
(../shared/competency-questions.md).
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest
from rdflib import URIRef
from rdflib.namespace import RDF, RDFS, SKOS

from lapekg.config import load_config
from lapekg.errors import InputError, UnknownReferenceError
from lapekg.ingest import implementers
from lapekg.ingest import welfare_plan as wp
from lapekg.ingest.context import BuildContext
from lapekg.ingest.sources import SourceDocument, load_sources
from lapekg.ingest.yamlio import load_yaml
from lapekg.namespaces import LAPE, ROW_KIND

SETTINGS = load_config()
MAPPING = SETTINGS.root / wp.MAPPING_FILE

#: Block number -> (actor, first line, own-content rows) — K4.
ACTORS = {
    1: ("organisation/kymsote", 198, 16),
    2: ("municipality/075", 246, 11),
    3: ("municipality/285", 289, 14),
    4: ("municipality/286", 332, 16),
    5: ("organisation/miehikkala-virolahti", 380, 16),
    6: ("municipality/624", 423, 16),
    7: ("organisation/kymenlaakso-parishes", 466, 16),
    8: ("organisation/jarjesto-2-0", 509, 16),
    9: ("organisation/kymenlaakson-ensi-ja-turvakotiyhdistys", 552, 10),
    10: ("organisation/mll-kaakkois-suomi", 595, 16),
    11: ("organisation/kaakkois-suomen-poliisilaitos-eet", 638, 13),
}


@pytest.fixture(scope="module")
def document() -> SourceDocument:
    return load_sources(SETTINGS.data_dir / "sources")[wp.DOC_ID]


@pytest.fixture(scope="module")
def blocks(document: SourceDocument) -> list[wp.Block]:
    return wp.parse_blocks(document.text, document.file)


def _row(blocks: list[wp.Block], block: int, notation: str) -> wp.Row:
    return next(r for r in blocks[block - 1].rows if r.notation == notation)


# --- parsing ---------------------------------------------------------------------------


def test_eleven_blocks_of_sixteen_rows(blocks: list[wp.Block]) -> None:
    assert len(blocks) == 11
    assert [len(b.rows) for b in blocks] == [16] * 11
    assert sum(len(b.rows) for b in blocks) == 176
    assert [b.first_line for b in blocks] == [first for _, first, _ in ACTORS.values()]
    wp.check_structure(blocks)


def test_sub_goal_sequence(blocks: list[wp.Block]) -> None:
    notations = [r.notation for r in blocks[0].rows]
    assert notations == ([f"I/{n}" for n in range(1, 8)] + [f"II/{n}" for n in range(1, 7)]
                         + [f"III/{n}" for n in range(1, 4)])


def test_main_goals_k1(blocks: list[wp.Block]) -> None:
    mains, subs = wp.goal_labels(blocks)
    assert mains["I"].text == "Lasten, nuorten ja perheiden arjen hyvinvointi lisääntyy"
    assert mains["II"].text == ("Lasten, nuorten ja perheiden osallisuus ja yhteisöllisyys "
                                "vahvistuvat")
    assert mains["III"].text == ("Lasten, nuorten ja perheiden parissa toimivien monialainen "
                                 "verkostotyö kehittyy ja jalkautuu")
    assert Counter(n.split("/")[0] for n in subs) == {"I": 7, "II": 6, "III": 3}
    assert subs["I/3"].label.text == "Lapsen oikeuksien toteutuminen erotilanteessa"


def test_label_variants(blocks: list[wp.Block], document: SourceDocument) -> None:
    variants = wp.label_variants(blocks)
    assert set(variants) == {"III", "II/2"}
    assert [v[0] for v in variants["II/2"]] == [
        "Lapsilla ja nuorilla on tiloja joissa heitä kohdataan yksilönä ja yhteisön jäsenenä"]
    assert "kehittyä ja jalkautuu" in variants["III"][0][0]
    for text, start, end in variants["II/2"]:
        assert document.text[start:end] == text


def test_spans_are_exact(blocks: list[wp.Block], document: SourceDocument) -> None:
    for block in blocks:
        for row in block.rows:
            assert document.text[row.start:row.end] == row.raw
            assert "\n" not in row.raw
            for cell in (row.label, *row.cells):
                assert document.text[cell.start:cell.end] == cell.raw


@pytest.mark.parametrize("block", list(ACTORS))
def test_own_content_per_actor_k4(blocks: list[wp.Block], block: int) -> None:
    assert blocks[block - 1].kind_counts()["own-content"] == ACTORS[block][2]


def test_row_kind_totals(blocks: list[wp.Block]) -> None:
    totals = Counter(row.kind for block in blocks for row in block.rows)
    assert totals == {"own-content": 160, "see-previous": 7, "blank": 6,
                      "outside-remit": 2, "beyond-influence": 1}


def test_police_rows_k3(blocks: list[wp.Block]) -> None:
    police = {r.notation: r.kind for r in blocks[10].rows}
    assert {n for n, k in police.items() if k == "outside-remit"} == {"I/3", "II/5"}
    assert {n for n, k in police.items() if k == "beyond-influence"} == {"II/2"}
    assert sum(k == "own-content" for k in police.values()) == 13


def test_actors_with_measures_under_i3_k2(blocks: list[wp.Block]) -> None:
    owners = [b.number for b in blocks if _row(blocks, b.number, "I/3").kind == "own-content"]
    assert owners == list(range(1, 11))


def test_see_previous_rows_and_targets(blocks: list[wp.Block]) -> None:
    found = {(b.number, r.notation): r.refers_to
             for b in blocks for r in b.rows if r.kind == "see-previous"}
    assert found == {
        (2, "I/6"): 5, (2, "II/3"): 2, (2, "II/6"): None, (2, "III/2"): 1, (2, "III/3"): 2,
        (3, "III/2"): 1, (3, "III/3"): 1,
    }
    # A reference followed by own text is own content (Hamina II/4).
    assert _row(blocks, 2, "II/4").kind == "own-content"


def test_blank_rows(blocks: list[wp.Block]) -> None:
    blank = [r.notation for r in blocks[8].rows if r.kind == "blank"]
    assert blank == ["I/4", "II/2", "II/3", "II/4", "II/5", "III/1"]


def test_items_from_dash_list(blocks: list[wp.Block]) -> None:
    metric = _row(blocks, 1, "I/2").cell("metric").items
    assert metric[0] == "Ihmeelliset vuodet, Voimaperheet, Lapset puheeksi juurtuneet"
    assert len(metric) == 5
    assert _row(blocks, 1, "I/2").cell("implementer").items == (
        "LNPsos ja LNPTer henkilöstö", "Johto", "Muut lapsi/nuorisotoimijat")


def test_spaced_hyphens_inside_items(blocks: list[wp.Block]) -> None:
    """A spaced hyphen before a lower-case word does not start a bullet (audit fix)."""
    assert _row(blocks, 3, "I/2").cell("monitoring").items == (
        "Varhaiskasvatus, Kasva Kotkassa - yhteistyöryhmä",)
    kouvola = _row(blocks, 4, "I/3")
    for column in ("measure", "monitoring"):          # a list whose markers were lost
        assert kouvola.cell(column).items == (
            "Järjestöyhteistyö: MLL:n eroauttamishanke - vertaisryhmät lapsille Verkostotyö "
            "Vanhempien ja vanhemmuuden tukeminen eri toiminnoissa",)
    assert _row(blocks, 10, "I/2").cell("metric").items[1].startswith("vaikutukset, ")


@pytest.mark.parametrize(("raw", "items"), [
    ('<ul style="list-style-type: none"> - a b - Cc - 3-tason d ', ("a b", "Cc", "3-tason d")),
    ('<ul style="list-style-type: none"> • Pysyvää • alkaen syyskuu - 2020 ',
     ("Pysyvää", "alkaen syyskuu - 2020")),
    ("<p>Yksi.</p> <p>Kaksi.</p>", ("Yksi.", "Kaksi.")),
    ("apua mm. - Vertais - Vanhempainpuhelin ja -chat", ("apua mm.", "Vertais",
                                                         "Vanhempainpuhelin ja -chat")),
    ("lukutaitoa ja -suvuutta. -Lukumummi- ja vaaritoiminta",
     ("lukutaitoa ja -suvuutta.", "Lukumummi- ja vaaritoiminta")),
    ("Liikkuva koulu -toimintamalli", ("Liikkuva koulu -toimintamalli",)),
    # A spaced hyphen before a lower-case word is part of the text (Kotka I/2) …
    ("Varhaiskasvatus, Kasva Kotkassa - yhteistyöryhmä",
     ("Varhaiskasvatus, Kasva Kotkassa - yhteistyöryhmä",)),
    # … also in a list whose markers the conversion lost (Kouvola I/3): one item …
    ('<ul style="list-style-type: none"> Järjestöyhteistyö: MLL:n eroauttamishanke - '
     'vertaisryhmät lapsille Verkostotyö ',
     ("Järjestöyhteistyö: MLL:n eroauttamishanke - vertaisryhmät lapsille Verkostotyö",)),
    # … but a marker after a sentence (MLL I/2) or in a dash list (Kymsote II/1).
    ("vapaaehtoisilta. - vaikutukset, asiakasmäärät",
     ("vapaaehtoisilta.", "vaikutukset, asiakasmäärät")),
    ('<ul style="list-style-type: none"> - Neuvola (x) - tarjolla myös ',
     ("Neuvola (x)", "tarjolla myös")),
    ("-", ()),
    ("", ()),
])
def test_split_items(raw: str, items: tuple[str, ...]) -> None:
    assert wp.split_items(raw) == items


def _cells(*texts: str) -> tuple[wp.Cell, ...]:
    return tuple(wp.Cell(t, 0, len(t)) for t in texts)


@pytest.mark.parametrize(("texts", "expected"), [
    (("", "", "", "", ""), ("blank", None)),
    (("-", "-", "-", "-", ""), ("outside-remit", None)),
    (("Ei kuulu poliisin tehtäväkenttään.", "-", "-", "-", "-"), ("outside-remit", None)),
    (("-", "-", "-", "-", "Poliisi ei voi vaikuttaa tähän."), ("beyond-influence", None)),
    (("Ks. edellinen kohta.", "", "", "", ""), ("see-previous", 3)),
    (("Kts. kohta 1", "", "", "", ""), ("see-previous", 1)),
    (("Ks. edelliset kohdat.", "", "", "", ""), ("see-previous", None)),
    (("Ks. kohta x. Oma lause.", "", "", "", ""), ("own-content", None)),
    (("Ks. edellinen kohta.", "mittari", "", "", ""), ("own-content", None)),
    (("Toimenpide", "Kts. ed", "", "", ""), ("own-content", None)),
])
def test_classify_row(texts: tuple[str, ...], expected: tuple[str, int | None]) -> None:
    assert wp.classify_row(_cells(*texts), 4) == expected


# --- the mapping file ------------------------------------------------------------------


def test_mapping_matches_blocks(blocks: list[wp.Block], document: SourceDocument) -> None:
    mapping = wp.load_actor_blocks(MAPPING, wp.MAPPING_FILE)
    wp.check_mapping(blocks, mapping, document, wp.MAPPING_FILE)
    assert {m.block: (m.actor, m.first_line) for m in mapping} == {
        n: (actor, first) for n, (actor, first, _) in ACTORS.items()}


def _entry_lines(text: str) -> list[int]:
    return [i for i, line in enumerate(text.splitlines(), 1) if line.startswith("  - block:")]


def test_mapping_with_a_block_missing_names_file_and_line(
        tmp_path: Path, blocks: list[wp.Block], document: SourceDocument) -> None:
    text = MAPPING.read_text(encoding="utf-8")
    last = _entry_lines(text)[-1]
    lines = text.splitlines(keepends=True)
    copy = tmp_path / "blocks.yaml"
    copy.write_text("".join(lines[:last - 1]), encoding="utf-8")
    mapping = wp.load_actor_blocks(copy)
    with pytest.raises(InputError) as error:
        wp.check_mapping(blocks, mapping, document, str(copy))
    message = str(error.value)
    assert f"{copy}:{_entry_lines(text)[-2]}" in message
    assert "11 table blocks" in message and "maps 10" in message


def test_mapping_with_an_extra_block_names_its_line(
        tmp_path: Path, blocks: list[wp.Block], document: SourceDocument) -> None:
    text = MAPPING.read_text(encoding="utf-8")
    extra = ("  - block: 12\n    first_line: 700\n    actor: organisation/kymsote\n"
             "    slug: extra\n    label: X\n    why: none\n"
             "    evidence:\n      - doc: kymenlaakso-2020\n        quote: \"2.1 Kymsote\"\n")
    end = text.index("\nimplementers:") + 1      # the blocks end where implementers start
    copy = tmp_path / "blocks.yaml"
    copy.write_text(text[:end] + extra + text[end:], encoding="utf-8")
    with pytest.raises(InputError) as error:
        wp.check_mapping(blocks, wp.load_actor_blocks(copy), document, str(copy))
    assert f"{copy}:{text[:end].count(chr(10)) + 1}" in str(error.value)


def test_mapping_with_wrong_first_line(tmp_path: Path, blocks: list[wp.Block],
                                       document: SourceDocument) -> None:
    text = MAPPING.read_text(encoding="utf-8").replace("first_line: 289", "first_line: 290")
    copy = tmp_path / "blocks.yaml"
    copy.write_text(text, encoding="utf-8")
    with pytest.raises(InputError, match="block 3 starts at .*:289"):
        wp.check_mapping(blocks, wp.load_actor_blocks(copy), document, str(copy))


def test_clue_outside_its_block_fails(tmp_path: Path, blocks: list[wp.Block],
                                      document: SourceDocument) -> None:
    text = MAPPING.read_text(encoding="utf-8").replace(
        'quote: "LNPsos ja LNPTer henkilöstö"', 'quote: "Poliisi ei voi vaikuttaa tähän."')
    copy = tmp_path / "blocks.yaml"
    copy.write_text(text, encoding="utf-8")
    with pytest.raises(InputError, match="outside block 1"):
        wp.check_mapping(blocks, wp.load_actor_blocks(copy), document, str(copy))


# --- RDF -------------------------------------------------------------------------------


def implementer_agents(mapping: Path = MAPPING) -> set[str]:
    """The agents the mapping's implementers section names (declared by curated files)."""
    named = implementers.read(load_yaml(mapping), str(mapping))
    return {entry.agent for entry in named if entry.agent is not None}


def _context(skip: str | None = None) -> BuildContext:
    ctx = BuildContext(SETTINGS, load_sources(SETTINGS.data_dir / "sources"))
    refs = {wp.PLAN_REF, *(actor for actor, _, _ in ACTORS.values()), *implementer_agents()}
    for ref in sorted(refs):
        if ref != skip:
            ctx.declare(ref, "test")
    return ctx


@pytest.fixture(scope="module")
def built() -> BuildContext:
    ctx = _context()
    wp.ingest(ctx)
    return ctx


def test_ingest_counts(built: BuildContext) -> None:
    graph = built.graph(wp.DOC_ID)
    assert len(set(graph.subjects(RDF.type, LAPE.Measure))) == 176
    assert len(set(graph.subjects(RDF.type, LAPE.MainGoal))) == 3
    assert len(set(graph.subjects(RDF.type, LAPE.SubGoal))) == 16
    kinds = Counter(graph.value(m, LAPE.rowKind)
                    for m in graph.subjects(RDF.type, LAPE.Measure))
    assert kinds[ROW_KIND["own-content"]] == 160


def test_ingest_iris_labels_and_evidence(built: BuildContext) -> None:
    graph = built.graph(wp.DOC_ID)
    base = built.settings.base
    measure = URIRef(f"{base}id/measure/kymenlaakso-2020.kymsote.i.3")
    sub_goal = URIRef(f"{base}id/goal/kymenlaakso-2020.i.3")
    assert graph.value(measure, LAPE.subGoal) == sub_goal
    assert graph.value(sub_goal, LAPE.mainGoal) == URIRef(f"{base}id/goal/kymenlaakso-2020.i")
    assert str(graph.value(sub_goal, SKOS.notation)) == "I/3"
    label = graph.value(measure, RDFS.label)
    assert str(label) == "Kymsote – I/3 Lapsen oikeuksien toteutuminen erotilanteessa"
    assert label.language == "fi"
    assert graph.value(measure, LAPE.actor) == built.declared["organisation/kymsote"].iri
    assert graph.value(measure, LAPE.inPlan) == built.declared[wp.PLAN_REF].iri
    quotes = {str(graph.value(e, LAPE.quote)) for e in graph.objects(measure, LAPE.evidence)}
    assert any(q.startswith("3\t<i>Lapsen oikeuksien") or q.startswith("3 <i>Lapsen")
               for q in quotes)
    assert len(quotes) == 1


def test_ingest_refers_to_measure(built: BuildContext) -> None:
    graph = built.graph(wp.DOC_ID)
    base = f"{built.settings.base}id/measure/kymenlaakso-2020."
    assert graph.value(URIRef(base + "kotka.iii.3"), LAPE.refersToMeasure) == URIRef(
        base + "kotka.iii.1")
    assert graph.value(URIRef(base + "hamina.i.6"), LAPE.refersToMeasure) == URIRef(
        base + "hamina.i.5")
    assert graph.value(URIRef(base + "hamina.ii.6"), LAPE.refersToMeasure) is None


def test_ingest_k2_query(built: BuildContext) -> None:
    query = """
        SELECT ?actor WHERE {
          ?m lape:subGoal ?g ; lape:actor ?actor ; lape:rowKind rowkind:own-content .
          ?g skos:notation "I/3" .
        }"""
    rows = built.graph(wp.DOC_ID).query(query, initNs={"lape": LAPE, "skos": SKOS,
                                                       "rowkind": ROW_KIND})
    assert len({r.actor for r in rows}) == 10


def test_unknown_actor_names_the_mapping_line() -> None:
    ctx = _context(skip="organisation/jarjesto-2-0")
    text = MAPPING.read_text(encoding="utf-8")
    line = _entry_lines(text)[7]
    with pytest.raises(UnknownReferenceError) as error:
        wp.ingest(ctx)
    assert f"{wp.MAPPING_FILE}:{line}" in str(error.value)


# --- implementers named in the rows (lape:implementedBy) ------------------------------


def _named(*entries: tuple[str | None, list[str]]) -> list[implementers.NamedAgent]:
    return [implementers.NamedAgent(agent, tuple(written), "test:1")
            for agent, written in entries]


def test_longest_form_first_and_no_double_claims() -> None:
    forms = implementers._forms(_named(
        ("organisation/mll", ["MLL"]),
        ("organisation/mll-kaakkois-suomi", ["MLL:n Kaakkois-Suomen piiri"]),
        (None, ["MLL:n paikallisyhdistykset"])))
    text = "MLL:n Kaakkois-Suomen piiri ry ja MLL:n paikallisyhdistykset, MLL"
    assert [(form.agent, at) for form, at in implementers.agents_named(text, forms)] == [
        ("organisation/mll-kaakkois-suomi", 0), (None, 34), ("organisation/mll", 62)]


@pytest.mark.parametrize("text, found", [
    ("Kymsoten ICT", []),                  # another word: the form must be written
    ("EET-ryhmä, sosiaalitoimi", ["EET"]),  # a hyphen ends the word
    ("EET:llä päävastuu", ["EET"]),
    ("Saagan perustoimintaa", []),
    ("Saaga/ maahanmuuttajat", ["Saaga"]),
])
def test_forms_match_whole_words(text: str, found: list[str]) -> None:
    forms = implementers._forms(_named(("organisation/x", ["Kymsote", "EET", "Saaga"])))
    assert [form.text for form, _ in implementers.agents_named(text, forms)] == found


def _implementers(ctx: BuildContext, measure: str) -> set[str]:
    graph = ctx.graph(wp.DOC_ID)
    iri = URIRef(f"{ctx.settings.base}id/measure/kymenlaakso-2020.{measure}")
    by_iri = {d.iri: ref for ref, d in ctx.declared.items()}
    return {by_iri[agent] for agent in graph.objects(iri, LAPE.implementedBy)}


def test_the_ngo_block_names_its_associations(built: BuildContext) -> None:
    # "Saaga KVY Hilma Martat Kakspy ry Näkövammaisten liitto Ehyt" (III/1)
    assert _implementers(built, "jarjesto-2-0.iii.1") == {
        "organisation/monikulttuurisuuskeskus-saaga", "organisation/kvy",
        "organisation/kumppanuustalo-hilma", "organisation/kymenlaakson-martat",
        "organisation/kakspy", "organisation/nakovammaisten-liitto", "organisation/ehyt"}
    # "Monikulttuurisuuskeskus Saaga" alone (I/3)
    assert _implementers(built, "jarjesto-2-0.i.3") == {
        "organisation/monikulttuurisuuskeskus-saaga"}
    # generic groups ("Vanhempainyhdistykset", "Kyläyhdistykset") are no agent (II/5)
    assert _implementers(built, "jarjesto-2-0.ii.5") == {
        "organisation/yhteiset-ympyrat", "organisation/kvy", "organisation/kymenlaakson-martat"}


def test_partners_in_other_tables(built: BuildContext) -> None:
    # Pyhtää: "Terveystalo Varhaiskasvatushenkilöstö Opetustoimi Nuorisotoimi"
    assert "organisation/terveystalo" in _implementers(built, "pyhtaa.ii.4")
    # MLL's district and the central organisation; the local associations link nothing
    assert _implementers(built, "mll-kaakkois-suomi.i.1") == {
        "organisation/mll-kaakkois-suomi", "organisation/mll"}
    # the misspelt "Kymsojen" is Kymsote; "Haminan kaupungin" is Hamina
    assert _implementers(built, "miehikkala-virolahti.iii.1") >= {
        "organisation/kymsote", "municipality/075"}
    # rows whose column names no one: no link
    assert _implementers(built, "kaakkois-suomen-poliisilaitos-eet.ii.5") == set()


def _mapping_with(tmp_path: Path, old: str, new: str) -> Path:
    text = MAPPING.read_text(encoding="utf-8")
    assert old in text
    copy = tmp_path / "blocks.yaml"
    copy.write_text(text.replace(old, new, 1), encoding="utf-8")
    return copy


def _line_of(path: Path, needle: str) -> int:
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if needle in line:
            return number
    raise AssertionError(needle)


def test_a_form_no_row_contains_names_the_mapping_line(tmp_path: Path) -> None:
    copy = _mapping_with(tmp_path, '["Terveystalo"]', '["Terveystalo", "Tervystalo"]')
    with pytest.raises(InputError) as error:
        wp.ingest(_context(), mapping_path=copy)
    message = str(error.value)
    assert "'Tervystalo'" in message
    assert f"{copy}:{_line_of(copy, 'agent: organisation/terveystalo')}" in message


def test_an_undeclared_agent_names_the_mapping_line(tmp_path: Path) -> None:
    copy = _mapping_with(tmp_path, "agent: organisation/terveystalo",
                         "agent: organisation/terveys-oy")
    with pytest.raises(UnknownReferenceError) as error:
        wp.ingest(_context(), mapping_path=copy)
    assert f"{copy}:{_line_of(copy, 'organisation/terveys-oy')}" in str(error.value)


def test_an_unlinked_entry_may_not_name_an_agent(tmp_path: Path) -> None:
    copy = _mapping_with(tmp_path, '  - written: ["MLL:n paikallisyhdistykset"]',
                         '  - written: ["MLL:n paikallisyhdistykset"]\n'
                         '    agent: organisation/mll')
    with pytest.raises(InputError, match="an unlinked entry names no agent"):
        wp.ingest(_context(), mapping_path=copy)
