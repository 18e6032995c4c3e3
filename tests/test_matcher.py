"""The label matcher behind /search and reconciliation, with the real language libraries
(simplemma's dictionaries, Snowball stemmers, rapidfuzz): inflected Finnish and Swedish
forms, compounds and typos find their label; nothing else does."""

from __future__ import annotations

import pytest

from lapekg.matcher import Matcher, fold, words

LABELS = [
    ("practice/vanhemmuusvalmennus", "Vanhemmuusvalmennus", "fi"),
    ("practice/vanhemmuusvalmennus", "Parenthood coaching", "en"),
    ("practice/perhekeskus", "Perhekeskus", "fi"),
    ("practice/kotipesa", "Perhekeskus Kotipesä", "fi"),
    ("practice/lahiperhekeskus", "Lähiperhekeskus", "fi"),
    ("municipality/078", "Hanko", "fi"),
    ("municipality/078", "Hangö", "sv"),
    ("municipality/638", "Porvoo", "fi"),
    ("municipality/638", "Borgå", "sv"),
    ("practice/kouluterveyskysely", "Kouluterveyskyselyn tulosten käsittelyn toimintamalli",
     "fi"),
    ("group/kommunerna", "Kommunerna i Östra Nyland", "sv"),
    ("practice/lapsivaikutusten-arviointi", "Lapsivaikutusten arviointi", "fi"),
]


@pytest.fixture(scope="module")
def matcher() -> Matcher:
    return Matcher(LABELS)


@pytest.mark.parametrize(("query", "entity", "how"), [
    ("vanhemmuusvalmennusta", "practice/vanhemmuusvalmennus", 0),  # partitive
    ("vanhemmuusvalmennuksen", "practice/vanhemmuusvalmennus", 0),  # genitive
    ("vanhemmuusvalmennuksessa", "practice/vanhemmuusvalmennus", 0),  # inessive
    ("vanhemuusvalmennus", "practice/vanhemmuusvalmennus", 3),  # one letter missing
    ("vanhemmusvalmenus", "practice/vanhemmuusvalmennus", 3),  # two
    ("parenthood", "practice/vanhemmuusvalmennus", 1),
    ("Porvoossa", "municipality/638", 0),
    ("porv", "municipality/638", 1),  # typing: a prefix
    ("Hangossa", "municipality/078", 0),
    ("Borgå", "municipality/638", 0),
    ("kommun", "group/kommunerna", 1),  # Swedish definite plural → lemma
    ("östra nyland", "group/kommunerna", 2),
    ("kouluterveyskyselyä", "practice/kouluterveyskysely", 2),  # label in genitive
    ("lapsivaikutusten arviointia", "practice/lapsivaikutusten-arviointi", 0),
    ("keskus", "practice/lahiperhekeskus", 3),  # inside a compound
])
def test_inflected_forms_compounds_and_typos_find_their_label(matcher, query, entity, how):
    hits = {match.entity: match for match in matcher.match(query)}
    assert entity in hits, [m.entity for m in matcher.match(query)]
    assert hits[entity].rank == how


def test_ranking_puts_whole_label_then_start_then_part(matcher):
    order = [m.entity for m in matcher.match("perhekeskus")]
    assert order == ["practice/perhekeskus", "practice/kotipesa", "practice/lahiperhekeskus"]
    assert [m.rank for m in matcher.match("perhekeskus")] == [0, 1, 3]


def test_each_entity_once_with_its_best_label(matcher):
    hits = matcher.match("hango")
    assert [m.entity for m in hits] == ["municipality/078"]
    assert hits[0].label == "Hangö" and hits[0].rank == 0


@pytest.mark.parametrize("query", ["xyzzy", "ja", "valmennukset kotipesä", "", "  ", "<>"])
def test_unrelated_text_matches_nothing(matcher, query):
    assert matcher.match(query) == []


def test_every_word_must_match(matcher):
    assert [m.entity for m in matcher.match("perhekeskus kotipesässä")] == ["practice/kotipesa"]


def test_allowed_restricts_the_entities(matcher):
    assert matcher.match("porvoo", allowed={"municipality/078"}) == []
    assert [m.entity for m in matcher.match("porvoo", allowed={"municipality/638"})] \
        == ["municipality/638"]


def test_fold_and_words():
    assert fold("Åbo-ryhmä") == " abo ryhma "
    assert words("Perhekeskus- ja satelliittitoiminta (Miehikkälä–Virolahti)") == [
        "perhekeskus", "ja", "satelliittitoiminta", "miehikkala", "virolahti"]
