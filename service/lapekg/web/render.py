"""What every HTML page shares, and the negotiation of one resource's RDF.

A format suffix (``/data/…​.ttl``) and an ``Accept`` header resolve through the one format
table (:mod:`lapekg.formats`), so a format is added in one place. HTML pages share the language
choice, label fallback, canonical-IRI → local-path mapping and the ``Link`` headers built
here. Templates are Jinja2 with autoescape on: nothing in this module marks text safe.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

import pyoxigraph as ox
from flask import Response, current_app, render_template, request

from .. import formats
from .. import iri as scheme
from ..errors import NotAcceptable
from ..namespaces import LAPE, PREFIXES, VOCAB
from .negotiation import choose

ONTOLOGY_IRI = str(LAPE).rstrip("#")
SHAPES_IRI = "https://w3id.org/lapekg/shapes"

# --- the format registry ----------------------------------------------------------------


RdfFormat = formats.Format  # one row of the format table (lapekg.formats)
TURTLE, JSON_LD, N_TRIPLES = formats.TURTLE, formats.JSON_LD, formats.N_TRIPLES
RDF_XML, TRIG, N_QUADS = formats.RDF_XML, formats.TRIG, formats.N_QUADS

#: Formats of one resource's description (entity data, ontology, VoID), in offer order.
RDF_FORMATS: tuple[RdfFormat, ...] = formats.DESCRIPTION
#: Formats of the whole-dataset dumps.
DUMP_FORMATS: tuple[RdfFormat, ...] = formats.DUMPS
BY_SUFFIX: dict[str, RdfFormat] = formats.by_suffix(RDF_FORMATS)
HTML_TYPES = formats.HTML_TYPES


def negotiate(offered: Sequence[RdfFormat] = RDF_FORMATS, *,
              html: bool = True) -> RdfFormat | None:
    """The representation the request's ``Accept`` asks for; ``None`` means HTML.

    Resolved by the service's one Accept parser (:func:`negotiation.choose`): a missing
    ``Accept`` takes the first offer (HTML for pages); an ``Accept`` naming nothing we
    have is answered 406 with the list of offers.
    """
    offers: list[str] = list(HTML_TYPES) if html else []
    offers += [fmt.media_type for fmt in offered]
    best = choose(request.headers.get("Accept"), offers, formats.aliases(offered))
    if best is None:
        raise NotAcceptable(f"no representation matches Accept: {request.headers.get('Accept')}",
                            where="Accept header", hint="accepted: " + ", ".join(offers))
    return next((fmt for fmt in offered if fmt.media_type == best), None)


def rdf_prefixes(base: str) -> dict[str, str]:
    prefixes = {name: str(ns) for name, ns in PREFIXES.items()}
    prefixes["id"] = scheme.id_space(base)
    return prefixes


def serialize(triples: Iterable[ox.Triple], fmt: RdfFormat, base: str) -> bytes:
    """Triples in ``fmt``, with the project prefixes where the syntax has them."""
    return ox.serialize(list(triples), format=fmt.ox_format, prefixes=rdf_prefixes(base))


def rdf_response(triples: Iterable[ox.Triple], fmt: RdfFormat, *, alternates: list[Link],
                 content_location: str | None = None) -> Response:
    response = Response(serialize(triples, fmt, settings().base), content_type=fmt.content_type)
    response.headers["Link"] = link_header(alternates)
    if content_location:
        response.headers["Content-Location"] = content_location
    response.vary.add("Accept")
    response.headers.setdefault("Access-Control-Allow-Origin", "*")
    return response


# --- links and alternates ------------------------------------------------------------------


@dataclass(frozen=True)
class Link:
    """A typed link for ``<link rel>`` in the page head and the ``Link`` header."""

    href: str
    rel: str
    media_type: str
    title: str = ""


def alternates_for(data_path: str, html_path: str | None = None) -> list[Link]:
    """``Link`` entries for one resource: its HTML page and each RDF form.

    ``data_path`` is the data document's path without suffix (``/data/municipality/638``).
    """
    links = [Link(f"{data_path}.{f.suffix}", "alternate", f.media_type, f.label)
             for f in RDF_FORMATS]
    if html_path:
        links.insert(0, Link(html_path, "alternate", "text/html", "HTML"))
    return links


def link_header(links: Iterable[Link]) -> str:
    return ", ".join(f'<{link.href}>; rel="{link.rel}"; type="{link.media_type}"'
                     for link in links)


# --- canonical IRIs ↔ local paths ------------------------------------------------------------


def settings():
    return current_app.extensions["lapekg"].settings


def services():
    return current_app.extensions["lapekg"]


def local_path(iri: str) -> str | None:
    """The path this service answers for a canonical IRI, or None for foreign IRIs.

    ``<base>…`` → ``/…``; the fixed vocabulary and ontology namespaces (not under a
    configurable base) → ``/vocab/…``, ``/ontology#…`` and ``/shapes#…``.
    """
    base = settings().base
    vocab = str(VOCAB).rstrip("/")
    if iri == vocab or iri.startswith(vocab + "/"):
        return "/vocab" + iri[len(vocab):]
    for fixed, path in ((ONTOLOGY_IRI, "/ontology"), (SHAPES_IRI, "/shapes")):
        if iri == fixed or iri.startswith(fixed + "#"):
            return path + iri[len(fixed):]
    if iri.startswith(base):
        return "/" + iri[len(base):]
    return None


def resource_iri(path: str) -> str:
    """Canonical IRI of a resource path as used under /page/ and /data/.

    ``municipality/638`` → ``<base>id/municipality/638``; ``vocab/role/chair`` →
    ``https://w3id.org/lapekg/vocab/role/chair``.
    """
    if path == "vocab" or path.startswith("vocab/"):
        return str(VOCAB).rstrip("/") + path[len("vocab"):]
    return scheme.entity(settings().base, path)


def resource_path(iri: str) -> str | None:
    """Inverse of :func:`resource_iri`: the path under /page/ and /data/, or None."""
    vocab = str(VOCAB).rstrip("/")
    if iri == vocab or iri.startswith(vocab + "/"):
        return "vocab" + iri[len(vocab):]
    return scheme.entity_path(settings().base, iri)


def curie(iri: str) -> str:
    """``lape:Municipality``, ``id:municipality/638`` for known namespaces (longest match),
    else the IRI. For display only: a SPARQL prefixed name would need ``/`` escaped."""
    best = ""
    name = iri
    for prefix, namespace in rdf_prefixes(settings().base).items():
        if iri.startswith(namespace) and len(namespace) > len(best):
            rest = iri[len(namespace):]
            if rest and all(c.isalnum() or c in "-_./" for c in rest):
                best, name = namespace, f"{prefix}:{rest}"
    return name


# --- languages and labels -------------------------------------------------------------------

LANGUAGES: tuple[str, ...] = ("fi", "sv", "en")
DEFAULT_LANGUAGE = "fi"
#: After the chosen language: the sources' own language first, then the other two.
FALLBACK: tuple[str, ...] = ("fi", "sv", "en")
LANGUAGE_NAMES = {"fi": "suomi", "sv": "svenska", "en": "English"}


def chosen_language() -> str:
    """``?lang=`` when it names one of :data:`LANGUAGES`, else the default (fi)."""
    lang = request.args.get("lang", "")
    return lang if lang in LANGUAGES else DEFAULT_LANGUAGE


def language_order(lang: str) -> tuple[str, ...]:
    return (lang, *(code for code in FALLBACK if code != lang))


def pick_label(labels: Iterable[tuple[str, str]], lang: str) -> str | None:
    """Best of (text, language) pairs: the chosen language, then the fallback order,
    then an untagged literal, then any language (alphabetically, for stable pages)."""
    by_lang: dict[str, list[str]] = {}
    for text, tag in labels:
        by_lang.setdefault(tag.lower(), []).append(text)
    for code in language_order(lang):
        for tag, texts in sorted(by_lang.items()):
            if tag == code or tag.startswith(code + "-"):
                return sorted(texts)[0]
    if "" in by_lang:
        return sorted(by_lang[""])[0]
    for _tag, texts in sorted(by_lang.items()):
        return sorted(texts)[0]
    return None


def lang_url(path: str, **params: Any) -> str:
    """A local URL keeping the chosen language (omitted when it is the default)."""
    return lang_url_pairs(path, params.items())


def lang_url_pairs(path: str, params: Iterable[tuple[str, Any]]) -> str:
    """:func:`lang_url` for parameters that may repeat (``agent=…&agent=…``)."""
    lang = chosen_language()
    query = [(k, v) for k, v in params if v not in (None, "") and k != "lang"]
    if lang != DEFAULT_LANGUAGE:
        query.append(("lang", lang))
    return path + ("?" + urlencode(query) if query else "")


# --- the page chrome --------------------------------------------------------------------------

UI: dict[str, dict[str, str]] = {
    "home": {"fi": "Etusivu", "sv": "Startsida", "en": "Home"},
    "browse": {"fi": "Selaa", "sv": "Bläddra", "en": "Browse"},
    "search": {"fi": "Haku", "sv": "Sök", "en": "Search"},
    "query": {"fi": "SPARQL-kysely", "sv": "SPARQL-fråga", "en": "SPARQL query"},
    "dataset": {"fi": "Aineisto ja lataukset", "sv": "Datamängd och nedladdning",
                "en": "Dataset and downloads"},
    "ontology": {"fi": "Ontologia", "sv": "Ontologi", "en": "Ontology"},
    "types": {"fi": "Tyypit", "sv": "Typer", "en": "Types"},
    "outgoing": {"fi": "Ominaisuudet", "sv": "Egenskaper", "en": "Properties"},
    "incoming": {"fi": "Viittaukset tähän", "sv": "Hänvisningar hit", "en": "Referenced by"},
    "evidence": {"fi": "Lähteet", "sv": "Källor", "en": "Evidence"},
    "external": {"fi": "Ulkoiset linkit", "sv": "Externa länkar", "en": "External links"},
    "read": {"fi": "Näytä lähteessä", "sv": "Visa i källan", "en": "Show in source"},
    "line": {"fi": "rivi", "sv": "rad", "en": "line"},
    "data": {"fi": "Data", "sv": "Data", "en": "Data"},
    "previous": {"fi": "Edelliset", "sv": "Föregående", "en": "Previous"},
    "next": {"fi": "Seuraavat", "sv": "Nästa", "en": "Next"},
    "count": {"fi": "Määrä", "sv": "Antal", "en": "Count"},
    "label_order": {"fi": "Nimien kielijärjestys", "sv": "Språkordning för namn",
                    "en": "Label language order"},
    "language": {"fi": "Kieli", "sv": "Språk", "en": "Language"},
    "no_results": {"fi": "Ei tuloksia.", "sv": "Inga resultat.", "en": "No results."},
    "all_types": {"fi": "Kaikki tyypit", "sv": "Alla typer", "en": "All types"},
    "showing": {"fi": "Näytetään", "sv": "Visar", "en": "Showing"},
    "of": {"fi": "/", "sv": "av", "en": "of"},
    "more": {"fi": "kaikki", "sv": "alla", "en": "all"},
    "licence": {"fi": "Lisenssi", "sv": "Licens", "en": "Licence"},
    "source": {"fi": "Lähdeasiakirja", "sv": "Källdokument", "en": "Source document"},
    "passage": {"fi": "Kohta", "sv": "Avsnitt", "en": "Passage"},
    "diffusion": {"fi": "Käytäntöjen leviäminen", "sv": "Praxisernas spridning",
                  "en": "Diffusion of practices"},
    "diffusion_intro": {
        "fi": "Kuka otti käyttöön minkä käytännön keneltä, miten ja milloin. Päätellyt "
              "käyttöönotot (yhteinen menetelmä paikallisessa käytössä, toisen toimijan malli) "
              "on merkitty; suodata ne pois tai näytä vain ne.",
        "sv": "Vem tog i bruk vilken praxis från vem, hur och när. Härledda ibruktaganden "
              "(en gemensam metod i lokalt bruk, en annan aktörs modell) är märkta; filtrera "
              "bort dem eller visa bara dem.",
        "en": "Who took up which practice from whom, how and when. Inferred adoptions (a "
              "shared method in local use, another actor's model taken up) are marked; filter "
              "them out or show only them."},
    "practice": {"fi": "Käytäntö", "sv": "Praxis", "en": "Practice"},
    "from": {"fi": "Keneltä", "sv": "Från", "en": "From"},
    "to": {"fi": "Kenelle", "sv": "Till", "en": "To"},
    "kind": {"fi": "Tapa", "sv": "Typ", "en": "Kind"},
    "area": {"fi": "Kehittämisalue", "sv": "Utvecklingsområde", "en": "Development area"},
    "status": {"fi": "Käytännön tila", "sv": "Praxisens status", "en": "Practice status"},
    "since": {"fi": "Vuodesta", "sv": "Från år", "en": "From year"},
    "until": {"fi": "Vuoteen", "sv": "Till år", "en": "To year"},
    "summaries_scope": {
        "fi": "Yhteenvetotaulukot kattavat kaikki käyttöönotot suodattimista riippumatta.",
        "sv": "Sammanfattningstabellerna omfattar alla ibruktaganden oberoende av filtren.",
        "en": "The summary tables cover all adoptions, whatever the filters."},
    "when": {"fi": "Milloin", "sv": "När", "en": "When"},
    "lag": {"fi": "Viive (v)", "sv": "Fördröjning (år)", "en": "Lag (years)"},
    "local_name": {"fi": "Paikallinen nimi", "sv": "Lokalt namn", "en": "Local name"},
    "basis": {"fi": "Peruste", "sv": "Grund", "en": "Basis"},
    "stated": {"fi": "asiakirjassa", "sv": "i dokumentet", "en": "stated"},
    "inferred": {"fi": "päätelty", "sv": "härledd", "en": "inferred"},
    "all": {"fi": "Kaikki", "sv": "Alla", "en": "All"},
    "apply": {"fi": "Näytä", "sv": "Visa", "en": "Show"},
    "show_sparql": {"fi": "Näytä SPARQL", "sv": "Visa SPARQL", "en": "Show the SPARQL"},
    "adoptions": {"fi": "Käyttöönotot", "sv": "Ibruktaganden", "en": "Adoptions"},
    "views": {"fi": "Näkymät", "sv": "Vyer", "en": "Views"},
    "measures_matrix": {"fi": "Toimenpiteet: toimijat × alatavoitteet",
                        "sv": "Åtgärder: aktörer × delmål",
                        "en": "Measures: actors × sub-goals"},
    "measures_intro": {
        "fi": "Hyvinvointisuunnitelman toimenpidetaulukko: rivi kullekin toimijalle, sarake "
              "kullekin alatavoitteelle. Solu kertoo toimenpiteiden määrän tai sen, mitä "
              "suunnitelma sanoo sen sijaan; solu vie toimenpiteen sivulle.",
        "sv": "Välfärdsplanens åtgärdstabell: en rad per aktör, en kolumn per delmål. Cellen "
              "anger antalet åtgärder eller vad planen säger i stället; cellen leder till "
              "åtgärdens sida.",
        "en": "The welfare plan's measures table: a row per actor, a column per sub-goal. A "
              "cell gives the number of measure items, or what the plan says instead; it "
              "links to the measure's page."},
    "facets_intro": {
        "fi": "Rajaa valitsemalla arvoja vasemmalta; luku kertoo, montako tulosta valinta "
              "antaa muiden valintojen kanssa. Osoite säilyttää valinnat.",
        "sv": "Avgränsa genom att välja värden till vänster; talet anger hur många resultat "
              "valet ger tillsammans med de andra valen. Adressen behåller valen.",
        "en": "Narrow down by choosing values on the left; each count says how many results "
              "the choice gives together with the other choices. The address keeps them."},
    "facets": {"fi": "Rajaukset", "sv": "Avgränsningar", "en": "Facets"},
    "results": {"fi": "Tulokset", "sv": "Resultat", "en": "Results"},
    "remove_filter": {"fi": "poista rajaus", "sv": "ta bort avgränsning",
                      "en": "remove this filter"},
    "more_values": {"fi": "arvoa lisää (rajaa muilla ensin)",
                    "sv": "värden till (avgränsa med andra först)",
                    "en": "more values (narrow with the others first)"},
    "overview": {"fi": "Yleiskuva", "sv": "Översikt", "en": "Overview"},
    "relation": {"fi": "suhde", "sv": "relation", "en": "relation"},
    "origin": {"fi": "Alkuperä ja vastuu", "sv": "Ursprung och ansvar",
               "en": "Origin and responsibility"},
    "role_owner": {"fi": "Omistaja", "sv": "Ägare", "en": "Owner"},
    "role_responsible": {"fi": "Vastuuhenkilö", "sv": "Ansvarsperson", "en": "Responsible"},
    "role_version-of": {"fi": "Versio käytännöstä", "sv": "Version av", "en": "Version of"},
    "role_version": {"fi": "Paikallinen versio", "sv": "Lokal version", "en": "Local version"},
    "first_adopter": {"fi": "Ensimmäinen päivätty käyttöönotto",
                      "sv": "Första daterade ibruktagande", "en": "First dated adoption"},
    "undated": {"fi": "päiväämätön", "sv": "odaterad", "en": "undated"},
    "compare": {"fi": "Vertailu", "sv": "Jämförelse", "en": "Comparison"},
    "compare_intro": {
        "fi": "Kaksi tai useampia kuntia, alueita tai organisaatioita rinnakkain: mitä ne "
              "toteuttavat, ottavat käyttöön ja tarjoavat muille, missä ne ovat mukana, "
              "niiden toimenpiteet, tiekarttatavoitteet ja indikaattorit. ★ merkitsee "
              "yhteiset kohteet.",
        "sv": "Två eller flera kommuner, regioner eller organisationer sida vid sida: vad de "
              "driver, tar i bruk och erbjuder andra, var de deltar, deras åtgärder, "
              "färdplansmål och indikatorer. ★ markerar det gemensamma.",
        "en": "Two or more municipalities, regions or organisations side by side: what they "
              "run, take up and offer others, where they take part, their measures, roadmap "
              "targets and indicators. ★ marks what they share."},
    "actor": {"fi": "Toimija", "sv": "Aktör", "en": "Actor"},
    "shared_note": {"fi": "yhteinen vähintään kahdelle vertailluista",
                    "sv": "gemensamt för minst två av de jämförda",
                    "en": "shared by two or more of those compared"},
    "section_owns": {"fi": "Omat käytännöt", "sv": "Egna praxis", "en": "Practices it owns"},
    "section_adopts": {"fi": "Käyttöön otetut", "sv": "Tagna i bruk", "en": "Takes up"},
    "section_offers": {"fi": "Muille levinneet", "sv": "Spridda till andra",
                       "en": "Taken up from it by others"},
    "section_member-of": {"fi": "Työryhmät", "sv": "Arbetsgrupper", "en": "Member of"},
    "section_people": {"fi": "Edustajat", "sv": "Representanter",
                       "en": "People representing it"},
    "section_takes-part": {"fi": "Osallistuminen", "sv": "Deltagande", "en": "Takes part in"},
    "section_measures": {"fi": "Toimenpiderivit", "sv": "Åtgärdsrader", "en": "Measure rows"},
    "section_roadmap": {"fi": "Tiekarttatavoitteet", "sv": "Färdplansmål",
                        "en": "Roadmap targets"},
    "section_child-friendly": {"fi": "Lapsiystävällinen kunta", "sv": "Barnvänlig kommun",
                               "en": "Child-friendly municipality"},
    "section_indicators": {"fi": "Indikaattorihavainnot", "sv": "Indikatorobservationer",
                           "en": "Indicator observations"},
    "indicators_view": {"fi": "Indikaattorit", "sv": "Indikatorer", "en": "Indicators"},
    "indicators_intro": {
        "fi": "Hyvinvointisuunnitelman indikaattorien arvot väestöryhmittäin: valtakunnalliset "
              "vertailuarvot ja alueen arvot rinnakkain, kaaviona ja taulukkona. Arvo vie "
              "havainnon sivulle.",
        "sv": "Värdena för välfärdsplanens indikatorer per befolkningsgrupp: de nationella "
              "referensvärdena och regionens värden sida vid sida, som diagram och tabell. "
              "Ett värde leder till observationens sida.",
        "en": "The welfare plan's indicator values by population group: the national "
              "reference values and the region's side by side, as a chart and a table. A "
              "value links to its observation's page."},
    "no_series_note": {
        "fi": "Aineistossa on kustakin indikaattorista yksi ajankohta väestöryhmää ja aluetta "
              "kohden; aikasarja piirretään, kun samalle ryhmälle ja alueelle on useita.",
        "sv": "Datamängden har en tidpunkt per indikator, befolkningsgrupp och område; en "
              "tidsserie ritas när det finns flera för samma grupp och område.",
        "en": "The graph holds one period per indicator, population group and area; a time "
              "series is drawn where the same group and area have several."},
    "indicator": {"fi": "Indikaattori", "sv": "Indikator", "en": "Indicator"},
    "population_group": {"fi": "Väestöryhmä", "sv": "Befolkningsgrupp",
                         "en": "Population group"},
    "value": {"fi": "Arvo", "sv": "Värde", "en": "Value"},
    "survey": {"fi": "Lähde", "sv": "Källa", "en": "Source"},
    "roadmaps": {"fi": "Tiekartat", "sv": "Färdplaner", "en": "Roadmaps"},
    "roadmaps_intro": {
        "fi": "Juurrutussuunnitelmien ja alueen tulosten yhteenvetotaulukot aikajanana: "
              "teemoittain hankeaikana saavutettu (2018) ja tavoitteet vuosille 2019, 2022, "
              "2025 ja 2030. Jokainen tavoite vie omalle sivulleen ja lähteen kohtaan.",
        "sv": "Förankringsplanernas och regionens sammanfattningstabeller som tidslinje: per "
              "tema det som nåddes under projektet (2018) och målen för 2019, 2022, 2025 och "
              "2030. Varje mål leder till sin sida och till stället i källan.",
        "en": "The rooting plans' and the region's summary tables as a timeline: by theme, "
              "what was reached during the programme (2018) and the targets for 2019, 2022, "
              "2025 and 2030. Each target links to its page and to its passage in the source."},
    "area_of_roadmap": {"fi": "Kunta tai alue", "sv": "Kommun eller region",
                        "en": "Municipality or region"},
    "theme_reached": {"fi": "teema / saavutettu", "sv": "tema / uppnått",
                      "en": "theme / reached"},
    "plan": {"fi": "Suunnitelma", "sv": "Plan", "en": "Plan"},
    "legend": {"fi": "Selite", "sv": "Teckenförklaring", "en": "Legend"},
    "measures_nav": {"fi": "Toimenpiteet", "sv": "Åtgärder", "en": "Measures"},
    "items_in_row": {"fi": "toimenpiteiden määrä", "sv": "antal åtgärder",
                     "en": "number of measure items"},
    "items": {"fi": "toimenpidettä", "sv": "åtgärder", "en": "items"},
    "no_row": {"fi": "suunnitelmassa ei riviä", "sv": "ingen rad i planen",
               "en": "no row in the plan"},
    "actors_by_subgoals": {"fi": "Toimijat ja alatavoitteet", "sv": "Aktörer och delmål",
                           "en": "Actors and sub-goals"},
    "sub_goals": {"fi": "Alatavoitteet", "sv": "Delmål", "en": "Sub-goals"},
    "map": {"fi": "Leviäminen kartalla", "sv": "Spridningen på kartan",
            "en": "The spread on a map"},
    "map_sources": {"fi": "Lähteet", "sv": "Källor", "en": "Sources"},
    "cite": {"fi": "Viittaa tähän", "sv": "Citera", "en": "Cite this"},
    "network": {"fi": "Leviämisverkosto", "sv": "Spridningsnätverket",
                "en": "The spread as a network"},
    "network_help": {
        "fi": "Käytännöt (neliöt) ja toimijat (ympyrät): nuoli käytännöstä sen käyttöön "
              "ottajalle (katkoviiva: päätelty) ja lähteestä käytäntöön. Valitse solmu "
              "nähdäksesi sen naapurit; kaksoisnapsautus avaa sen sivun.",
        "sv": "Praxis (kvadrater) och aktörer (cirklar): en pil från praxisen till den som "
              "tar den i bruk (streckad: härledd) och från ursprunget till praxisen. Välj en "
              "nod för att se dess grannar; dubbelklick öppnar dess sida.",
        "en": "Practices (squares) and actors (circles): an arrow from a practice to each "
              "adopter (dashed: inferred) and from its origin to the practice. Select a node "
              "to see its neighbours; double-click opens its page."},
    "release": {"fi": "Julkaisu", "sv": "Utgåva", "en": "Release"},
    "dump": {"fi": "koko aineisto", "sv": "hela datamängden", "en": "full dump"},
    "retrieved": {"fi": "Haettu", "sv": "Hämtad", "en": "Retrieved"},
    "result_checksum": {"fi": "Tuloksen tarkiste (sha256)",
                        "sv": "Resultatets kontrollsumma (sha256)",
                        "en": "Result checksum (sha256)"},
    "queries": {"fi": "Kyselyt", "sv": "Frågor", "en": "Queries"},
    "map_count": {
        "fi": "Kartalla {drawn} käyttöönottoa {all}:stä: ne, joiden molemmilla osapuolilla on "
              "kuntakeskus (alueet, koko maa ja lähteettömät jäävät vain taulukkoon).",
        "sv": "{drawn} av {all} ibruktaganden på kartan: de vars båda parter har ett "
              "kommuncentrum (landskap, hela landet och de utan ursprung finns i tabellen).",
        "en": "{drawn} of {all} adoptions on the map: those whose two ends have a municipal "
              "centre (regions, the whole country and origin-less ones are in the table)."},
}


#: The HTML the PDF conversion left in the sources (i, u, p, ul and the list items, b, br);
#: anything else in angle brackets is text and stays.
_TAG = re.compile(r"</?(?:i|u|b|p|ul|ol|li|br|em|strong|span)\b[^<>]*>", re.IGNORECASE)


def readable(quote: str) -> str:
    """A verbatim quote for reading: the source's markup (``<i>``, ``<ul …>``, ``<p>``)
    dropped, table cells (tabs) joined by " · ", runs of spaces made one. The data keeps
    the quote verbatim, with its offsets; this is for display only."""
    text = _TAG.sub(" ", quote)
    cells = [" ".join(cell.split()) for cell in re.split(r"\t+", text)]
    return " · ".join(cell for cell in cells if cell)


def translate(key: str, lang: str | None = None) -> str:
    texts = UI.get(key)
    if texts is None:
        return key
    return texts.get(lang or chosen_language(), texts["en"])


def chrome() -> dict[str, Any]:
    """Template globals for the layout: language, switch links, translator, helpers."""
    lang = chosen_language()
    args = {k: v for k, v in request.args.items() if k != "lang"}
    switch = []
    for code in LANGUAGES:
        query = dict(args)
        if code != DEFAULT_LANGUAGE:
            query["lang"] = code
        switch.append({"code": code, "name": LANGUAGE_NAMES[code], "current": code == lang,
                       "href": request.path + ("?" + urlencode(query) if query else "")})
    return {"lang": lang, "language_switch": switch, "t": translate, "url": lang_url,
            "readable": readable,
            "label_order": " → ".join(language_order(lang))}


def render_page(template: str, *, status: int = 200, alternates: Sequence[Link] = (),
                **context: Any) -> Response:
    """An HTML page; its RDF alternates go in both the head and the ``Link`` header."""
    body = render_template(template, alternates=alternates, **context)
    response = Response(body, status=status, content_type="text/html; charset=utf-8")
    if alternates:
        response.headers["Link"] = link_header(alternates)
        response.vary.add("Accept")
    return response
