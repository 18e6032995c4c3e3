"""The SHACL shapes (shapes/*.ttl): every shape and every SPARQL constraint, broken once.

Each :class:`Case` builds a small graph that conforms except for one breach, validates it
with :func:`lapekg.validate.validate_graph` (the shapes of ``shapes/`` and the ontology of
``ontology/``), and expects exactly one result: its focus node, its ``sh:resultPath`` (or
none), its constraint component and, for a SPARQL constraint, its ``sh:sourceConstraint``.
``VALID`` proves that every fixture conforms before it is broken.

Adding a shape means adding rows: the coverage tests fail for a node shape, a property
path of a shape, a node-level constraint or a SPARQL constraint that no row breaks, and
for a target class without a valid fixture.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import DCTERMS, FOAF, OWL, PROV, RDF, RDFS, SKOS, XSD
from rdflib.plugins.sparql import processor

from lapekg.namespaces import (
    ADOPTION_KIND,
    AREA,
    CFM,
    EVENT_KIND,
    LAPE,
    LEVEL,
    ORG,
    POPULATION,
    PRACTICE_KIND,
    QB,
    ROLE,
    ROW_KIND,
    SDMX_CODE,
    SDMX_DIMENSION,
    SH,
    STATUS,
    UNIT,
    VOCAB,
    WD,
    YSO,
)
from lapekg.ontology import load_ontology
from lapekg.validate import load_shapes, validate_graph

ROOT = Path(__file__).resolve().parents[1]
SHAPES_DIR = ROOT / "shapes"
BASE = "https://w3id.org/lapekg/"
LAPESH = "https://w3id.org/lapekg/shapes#"


def shape(name: str) -> URIRef:
    return URIRef(LAPESH + name)


def iri(kind: str, key: str) -> URIRef:
    return URIRef(f"{BASE}id/{kind}/{key}")


@pytest.fixture(scope="module")
def shapes() -> Graph:
    return load_shapes(SHAPES_DIR)


@pytest.fixture(scope="module")
def ontology() -> Graph:
    return load_ontology(ROOT)


@pytest.fixture(scope="module", autouse=True)
def _parse_each_query_once():
    """Speed: pySHACL hands rdflib the same SPARQL texts on every run, and rdflib parses
    each anew (~20 ms). Reuse the prepared query, as rdflib's prepareQuery intends; the
    results are the same, only the ~300 validations here get three times faster."""
    original = processor.SPARQLProcessor.query
    prepared: dict = {}

    def query(self, query_object, initBindings=None, initNs=None, base=None, DEBUG=False):
        if isinstance(query_object, str):
            key = (query_object, frozenset((initNs or {}).items()), base)
            if key not in prepared:
                prepared[key] = processor.prepareQuery(query_object, initNs=initNs, base=base)
            query_object = prepared[key]
        return original(self, query_object, initBindings, initNs, base, DEBUG)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(processor.SPARQLProcessor, "query", query)
        yield


# =======================================================================================
# Fixture builders: each adds one valid instance (and whatever it refers to) and returns
# its IRI. Adding the same dependency twice is harmless: a graph is a set of triples.
# =======================================================================================

DOC = iri("document", "porvoo-2018")
QUOTE = "Porvoon kaupungin"
EVIDENCE = URIRef(f"{BASE}id/evidence/porvoo-2018/0-{len(QUOTE)}")


def _evidence_at(g: Graph, node: URIRef, quote: str, start: int, end: int) -> URIRef:
    """An Evidence node on line 1 of :data:`DOC` quoting ``quote`` at ``start``–``end``."""
    g.add((node, RDF.type, LAPE.Evidence))
    g.add((node, LAPE.document, DOC))
    g.add((node, LAPE.quote, Literal(quote)))
    g.add((node, LAPE.startOffset, Literal(start, datatype=XSD.nonNegativeInteger)))
    g.add((node, LAPE.endOffset, Literal(end, datatype=XSD.nonNegativeInteger)))
    g.add((node, LAPE.line, Literal(1, datatype=XSD.positiveInteger)))
    return node


def _evidence_node(g: Graph) -> URIRef:
    return _evidence_at(g, EVIDENCE, QUOTE, 0, len(QUOTE))


def source_document(g: Graph) -> URIRef:
    """The document every evidence node quotes (itself evidenced by its title line)."""
    g.add((DOC, RDF.type, LAPE.SourceDocument))
    for lang, title in (("fi", "Porvoon juurruttamisen suunnitelma"),
                        ("en", "Rooting plan of Porvoo")):
        g.add((DOC, DCTERMS.title, Literal(title, lang=lang)))
        g.add((DOC, RDFS.label, Literal(title, lang=lang)))
    g.add((DOC, DCTERMS.date, Literal("2018-10-01", datatype=XSD.date)))
    g.add((DOC, DCTERMS.publisher, Literal("Lape Uusimaa / City of Porvoo")))
    g.add((DOC, LAPE.fileName, Literal("porvoo-juurruttamissuunnitelma-2018.txt")))
    g.add((DOC, LAPE.sha256, Literal("df9093e79dc7920e4fa75819da3a17ff"
                                     "76c88fb1f6620f88b908dc9b6d1857d3")))
    g.add((DOC, LAPE.evidence, _evidence_node(g)))
    return DOC


def evidence(g: Graph) -> URIRef:
    """The one evidence node every fixture cites (with the document it quotes)."""
    source_document(g)
    return EVIDENCE


def evidenced(g: Graph, node: URIRef) -> URIRef:
    g.add((node, LAPE.evidence, evidence(g)))
    return node


def labels(g: Graph, node: URIRef, fi: str, en: str | None = None, *,
           pref: bool = True) -> None:
    """rdfs:label (and skos:prefLabel) in Finnish and, if given, English."""
    for lang, text in (("fi", fi), ("en", en)):
        if text:
            g.add((node, RDFS.label, Literal(text, lang=lang)))
            if pref:
                g.add((node, SKOS.prefLabel, Literal(text, lang=lang)))


def region(g: Graph, code: str = "01") -> URIRef:
    node = iri("region", code)
    g.add((node, RDF.type, LAPE.Region))
    labels(g, node, f"Maakunta {code}", f"Region {code}")
    g.add((node, LAPE.regionCode, Literal(code)))
    g.add((node, OWL.sameAs, WD.Q5711))
    g.add((node, SKOS.exactMatch, YSO.p94465))
    g.add((node, LAPE.sotkanetRegionId, Literal(488)))
    return evidenced(g, node)


def municipality(g: Graph, code: str = "638") -> URIRef:
    node = iri("municipality", code)
    g.add((node, RDF.type, LAPE.Municipality))
    labels(g, node, f"Kunta {code}", f"Municipality {code}")
    g.add((node, SKOS.altLabel, Literal(f"Kaupunki {code}", lang="fi")))
    g.add((node, LAPE.municipalityCode, Literal(code)))
    g.add((node, LAPE.region, region(g)))
    g.add((node, OWL.sameAs, WD.Q216790))
    g.add((node, SKOS.exactMatch, YSO.p94126))
    g.add((node, LAPE.sotkanetRegionId, Literal(796)))
    return evidenced(g, node)


def country(g: Graph) -> URIRef:
    node = iri("area", "finland")
    g.add((node, RDF.type, LAPE.Country))
    labels(g, node, "koko maa", "whole country", pref=False)
    g.add((node, LAPE.countryName, Literal("Suomi", lang="fi")))
    g.add((node, OWL.sameAs, WD.Q33))
    return evidenced(g, node)


ORGANISATION_CLASSES = (
    LAPE.NonGovernmentalOrganisation, LAPE.Parish, LAPE.JointMunicipalAuthority,
    LAPE.PoliceUnit, LAPE.University, LAPE.GovernmentAgency, LAPE.School,
    LAPE.CompetenceCentre, LAPE.MunicipalUnit, LAPE.ActorCollaboration, LAPE.Company,
)


def organisation(g: Graph, cls: URIRef = LAPE.NonGovernmentalOrganisation) -> URIRef:
    name = str(cls).rsplit("#", 1)[-1]
    node = iri("organisation", name.lower())
    g.add((node, RDF.type, cls))
    labels(g, node, f"Organisaatio {name}", f"Organisation {name}")
    g.add((node, LAPE.municipality, municipality(g)))
    g.add((node, LAPE.businessId, Literal("1567535-0")))
    if cls == LAPE.MunicipalUnit:
        g.add((node, ORG.subOrganizationOf, municipality(g)))
    if cls == LAPE.ActorCollaboration:
        g.add((node, ORG.hasMember, municipality(g, "444")))
        g.add((node, ORG.hasMember, organisation(g)))
    return evidenced(g, node)


def organisation_builder(cls: URIRef) -> Callable[[Graph], URIRef]:
    def build(g: Graph) -> URIRef:
        return organisation(g, cls)
    build.__name__ = f"organisation_{str(cls).rsplit('#', 1)[-1]}"
    return build


def collaboration(g: Graph) -> URIRef:
    return organisation(g, LAPE.ActorCollaboration)


def municipal_unit(g: Graph) -> URIRef:
    return organisation(g, LAPE.MunicipalUnit)


def person(g: Graph) -> URIRef:
    node = iri("person", "maria-andersson")
    g.add((node, RDF.type, LAPE.Person))
    g.add((node, FOAF.name, Literal("Maria Andersson")))
    g.add((node, RDFS.label, Literal("Maria Andersson")))
    g.add((node, LAPE.jobTitle, Literal("palvelualuejohtaja", lang="fi")))
    g.add((node, LAPE.municipality, municipality(g)))
    return evidenced(g, node)


def programme(g: Graph, key: str = "lape-uusimaa") -> URIRef:
    node = iri("programme", key)
    g.add((node, RDF.type, LAPE.Programme))
    labels(g, node, f"Ohjelma {key}", f"Programme {key}")
    if key != "lape":
        g.add((node, DCTERMS.isPartOf, programme(g, "lape")))
        g.add((node, LAPE.startDate, Literal("2017-02", datatype=XSD.gYearMonth)))
        g.add((node, LAPE.endDate, Literal("2018-12", datatype=XSD.gYearMonth)))
        g.add((node, LAPE.grantAmount, Literal("1400000", datatype=XSD.decimal)))
        g.add((node, LAPE.municipalityCount, Literal(18, datatype=XSD.integer)))
        g.add((node, LAPE.region, region(g)))
        g.add((node, LAPE.developmentArea, AREA.peke))
        g.add((node, LAPE.developmentArea, AREA.varko))
    return evidenced(g, node)


def participation(g: Graph) -> URIRef:
    node = iri("participation", "porvoo.lape-uusimaa")
    g.add((node, RDF.type, LAPE.Participation))
    g.add((node, LAPE.participant, municipality(g)))
    g.add((node, LAPE.participatesIn, programme(g)))
    g.add((node, LAPE.inProgramme, programme(g)))
    g.add((node, ORG.role, ROLE.participant))
    labels(g, node, "Porvoo – participant – Lape Uusimaa", "Porvoo – participant – Lape Uusimaa",
           pref=False)
    return evidenced(g, node)


def group(g: Graph) -> URIRef:
    node = iri("group", "porvoo-lape-group")
    g.add((node, RDF.type, LAPE.WorkingGroup))
    labels(g, node, "Porvoon Lape-työryhmä", "Porvoo's Lape working group")
    g.add((node, LAPE.groupLevel, LEVEL.local))
    g.add((node, ORG.subOrganizationOf, programme(g)))
    g.add((node, LAPE.municipality, municipality(g)))
    g.add((node, LAPE.developmentArea, AREA.varko))
    return evidenced(g, node)


def membership(g: Graph) -> URIRef:
    node = iri("membership", "maria-andersson.porvoo-lape-group")
    g.add((node, RDF.type, ORG.Membership))
    g.add((node, ORG.member, person(g)))
    g.add((node, ORG.organization, group(g)))
    g.add((node, ORG.role, ROLE.chair))
    g.add((node, LAPE.represents, municipality(g)))
    g.add((node, LAPE.note, Literal("Shared chair", lang="en")))
    g.add((node, RDFS.label, Literal("Maria Andersson – chair – Porvoon Lape-työryhmä")))
    return evidenced(g, node)


def plan(g: Graph, key: str = "porvoo-rooting-plan", cls: URIRef = LAPE.RootingPlan
         ) -> URIRef:
    node = iri("plan", key)
    g.add((node, RDF.type, cls))
    labels(g, node, f"Suunnitelma {key}", f"Plan {key}")
    g.add((node, LAPE.documentedIn, source_document(g)))
    if cls == LAPE.WelfarePlan:
        g.add((node, LAPE.region, region(g, "08")))
    else:
        g.add((node, LAPE.municipality, municipality(g)))
        g.add((node, DCTERMS.isPartOf, programme(g)))
    g.add((node, LAPE.startDate, Literal("2020", datatype=XSD.gYear)))
    g.add((node, LAPE.endDate, Literal("2024", datatype=XSD.gYear)))
    return evidenced(g, node)


def welfare_plan(g: Graph) -> URIRef:
    return plan(g, "kymenlaakso-welfare-plan", LAPE.WelfarePlan)


def results_report(g: Graph) -> URIRef:
    return plan(g, "uusimaa-results", LAPE.Plan)


def practice(g: Graph) -> URIRef:
    node = iri("practice", "vanhemmuusvalmennus")
    g.add((node, RDF.type, LAPE.Practice))
    labels(g, node, "Vanhemmuusvalmennus", "Parenthood coaching")
    g.add((node, SKOS.altLabel, Literal("Vava-ryhmäneuvola", lang="fi")))
    g.add((node, LAPE.practiceKind, PRACTICE_KIND["agile-experiment"]))
    g.add((node, LAPE.owner, municipality(g)))
    g.add((node, LAPE.developmentArea, AREA.peke))
    g.add((node, LAPE.status, STATUS["made-permanent"]))
    g.add((node, LAPE.status, STATUS.expanded))
    g.add((node, LAPE.responsiblePerson, person(g)))
    g.add((node, DCTERMS.description, Literal("Ryhmäneuvola", lang="fi")))
    g.add((node, DCTERMS.subject, YSO.p6510))
    g.add((node, LAPE.startDate, Literal("2017", datatype=XSD.gYear)))
    g.add((node, LAPE.endDate, Literal("2018", datatype=XSD.gYear)))
    return evidenced(g, node)


def adoption(g: Graph) -> URIRef:
    node = iri("adoption", "lohja.vanhemmuusvalmennus")
    g.add((node, RDF.type, LAPE.Adoption))
    g.add((node, LAPE.adoptedPractice, practice(g)))
    g.add((node, LAPE.adoptedFrom, municipality(g, "638")))
    g.add((node, LAPE.adoptedBy, municipality(g, "444")))
    g.add((node, LAPE.adoptionKind, ADOPTION_KIND.studied))
    g.add((node, LAPE.localName, Literal("Vanhemmuusryhmä", lang="fi")))
    g.add((node, DCTERMS.date, Literal("2018", datatype=XSD.gYear)))
    g.add((node, LAPE.responsiblePerson, person(g)))
    g.add((node, LAPE.isInferred, Literal(False)))
    g.add((node, LAPE.startDate, Literal("2018", datatype=XSD.gYear)))
    g.add((node, LAPE.endDate, Literal("2019", datatype=XSD.gYear)))
    labels(g, node, "Lohja: Vanhemmuusvalmennus (tutustuttu, lähde: Porvoo)",
           "Lohja: Parenthood coaching (studied, from Porvoo)", pref=False)
    return evidenced(g, node)


def inferred_adoption(g: Graph) -> URIRef:
    """An adoption a rule inferred from a local version of a shared method."""
    node = iri("adoption", "inferred.lohja-vanhemmuusvalmennus.municipality-444")
    g.add((node, RDF.type, LAPE.Adoption))
    g.add((node, LAPE.adoptedPractice, shared_practice(g)))
    g.add((node, LAPE.adoptedBy, municipality(g, "444")))
    g.add((node, LAPE.adoptionKind, ADOPTION_KIND.implemented))
    g.add((node, LAPE.localVersion, practice(g)))
    g.add((node, LAPE.isInferred, Literal(True)))
    g.add((node, LAPE.inferredBy, inference_rule(g)))
    labels(g, node, "Lohja: Ryhmäneuvola (toteutettu paikallisesti; päätelty)",
           "Lohja: Group clinic (implemented locally; inferred)", pref=False)
    return evidenced(g, node)


def shared_practice(g: Graph) -> URIRef:
    """A method several actors use: no owner, each actor's version points to it."""
    node = iri("practice", "ryhmaneuvola")
    g.add((node, RDF.type, LAPE.Practice))
    g.add((node, RDF.type, LAPE.SharedPractice))
    labels(g, node, "Ryhmäneuvola", "Group clinic")
    g.add((node, LAPE.practiceKind, PRACTICE_KIND["service-model"]))
    g.add((node, LAPE.offeredTo, region(g)))
    g.add((node, LAPE.offeredUntil, Literal("2024", datatype=XSD.gYear)))
    g.add((node, LAPE.startDate, Literal("2017", datatype=XSD.gYear)))
    g.add((node, LAPE.endDate, Literal("2024", datatype=XSD.gYear)))
    g.add((practice(g), LAPE.versionOf, node))
    return evidenced(g, node)


def inference_rule(g: Graph) -> URIRef:
    node = iri("inference-rule", "shared-practice-used-locally")
    g.add((node, RDF.type, LAPE.InferenceRule))
    labels(g, node, "Yhteinen menetelmä paikallisessa käytössä", "Shared method in local use",
           pref=False)
    g.add((node, LAPE.ruleText, Literal("CONSTRUCT { } WHERE { }")))
    return node


def event(g: Graph) -> URIRef:
    node = iri("event", "porvoo-seminaari")
    g.add((node, RDF.type, LAPE.Event))
    labels(g, node, "Porvoon seminaari", "Porvoo seminar")
    g.add((node, LAPE.eventKind, EVENT_KIND.seminar))
    g.add((node, DCTERMS.date, Literal("2018-10-23", datatype=XSD.date)))
    g.add((node, LAPE.municipality, municipality(g)))
    g.add((node, LAPE.organiser, municipality(g)))
    g.add((node, LAPE.aboutPractice, practice(g)))
    g.add((node, LAPE.startDate, Literal("2018-10", datatype=XSD.gYearMonth)))
    g.add((node, LAPE.endDate, Literal("2018-10", datatype=XSD.gYearMonth)))
    return evidenced(g, node)


def uncovered_entity(g: Graph) -> URIRef:
    """An entity of a class no class shape targets: only the catch-all rule sees it."""
    node = iri("remark", "x")
    g.add((node, RDF.type, PROV.Entity))
    return evidenced(g, node)


def national_spread(g: Graph) -> URIRef:
    """A practice spread nationally: the country is the adopter."""
    node = iri("adoption", "vanhemmuusvalmennus.spread-nationally")
    g.add((node, RDF.type, LAPE.Adoption))
    g.add((node, LAPE.adoptedPractice, practice(g)))
    g.add((node, LAPE.adoptedFrom, municipality(g)))
    g.add((node, LAPE.adoptedBy, country(g)))
    g.add((node, LAPE.adoptionKind, ADOPTION_KIND["spread-nationally"]))
    g.add((node, LAPE.isInferred, Literal(False)))
    labels(g, node, "Suomi: Vanhemmuusvalmennus (levinnyt valtakunnallisesti, lähde: Porvoo)",
           "Finland: Parenthood coaching (spread nationally, from Porvoo)", pref=False)
    return evidenced(g, node)


def key_figure(g: Graph) -> URIRef:
    node = iri("key-figure", "lape-uusimaa.workshops")
    g.add((node, RDF.type, LAPE.KeyFigure))
    g.add((node, LAPE.ofProgramme, programme(g)))
    labels(g, node, "maakunnalliset työpajat", "regional workshops")
    g.add((node, LAPE.figureValue, Literal("20", datatype=XSD.decimal)))
    g.add((node, LAPE.comparator, Literal("more-than")))
    return evidenced(g, node)


def child_friendly_status(g: Graph) -> URIRef:
    node = iri("child-friendly-status", "lohja.2016")
    g.add((node, RDF.type, LAPE.ChildFriendlyStatus))
    g.add((node, LAPE.municipality, municipality(g, "444")))
    g.add((node, LAPE.childFriendlyStatus, CFM["in-model"]))
    g.add((node, LAPE.year, Literal("2016", datatype=XSD.gYear)))
    g.add((node, LAPE.isTarget, Literal(False)))
    g.add((node, RDFS.label, Literal("Kunta 444 2016: in-model")))
    return evidenced(g, node)


def structural_change(g: Graph) -> URIRef:
    node = iri("structural-change", "lohja.aluejohtamisen-malli")
    g.add((node, RDF.type, LAPE.StructuralChange))
    g.add((node, LAPE.municipality, municipality(g, "444")))
    for lang, text in (("fi", "Aluejohtamisen malli"), ("en", "Area management model")):
        g.add((node, DCTERMS.description, Literal(text, lang=lang)))
        g.add((node, RDFS.label, Literal(text, lang=lang)))
    return evidenced(g, node)


def roadmap_target(g: Graph) -> URIRef:
    node = iri("roadmap-target", "porvoo-2018.perhekeskus.2019.1")
    g.add((node, RDF.type, LAPE.RoadmapTarget))
    g.add((node, RDFS.label, Literal("2019: Perhekeskus toimii", lang="fi")))
    g.add((node, LAPE.area, municipality(g)))
    g.add((node, LAPE.targetYear, Literal("2019", datatype=XSD.gYear)))
    g.add((node, LAPE.statement, Literal("Perhekeskus toimii", lang="fi")))
    g.add((node, LAPE.theme, Literal("Perhekeskus", lang="fi")))
    g.add((node, LAPE.inPlan, plan(g)))
    return evidenced(g, node)


def _goal(g: Graph, node: URIRef, cls: URIRef, notation: str, label: str,
          plan_iri: URIRef) -> URIRef:
    g.add((node, RDF.type, cls))
    g.add((node, RDF.type, SKOS.Concept))
    g.add((node, SKOS.notation, Literal(notation)))
    g.add((node, RDFS.label, Literal(label, lang="fi")))
    g.add((node, SKOS.prefLabel, Literal(label, lang="fi")))
    g.add((node, LAPE.inPlan, plan_iri))
    return evidenced(g, node)


def main_goal(g: Graph, numeral: str = "I") -> URIRef:
    node = iri("goal", f"kymenlaakso-2020.{numeral.lower()}")
    return _goal(g, node, LAPE.MainGoal, numeral, f"Päätavoite {numeral}", welfare_plan(g))


def sub_goal(g: Graph, numeral: str = "I", number: int = 3) -> URIRef:
    node = iri("goal", f"kymenlaakso-2020.{numeral.lower()}.{number}")
    _goal(g, node, LAPE.SubGoal, f"{numeral}/{number}", f"Välitavoite {numeral}/{number}",
          welfare_plan(g))
    g.add((node, SKOS.altLabel, Literal(f"Välitavoitteen {number} muunnelma", lang="fi")))
    g.add((node, LAPE.mainGoal, main_goal(g, numeral)))
    return node


def actor(g: Graph) -> URIRef:
    return organisation(g, LAPE.JointMunicipalAuthority)


def measure(g: Graph, number: int = 3, kind: str = "own-content") -> URIRef:
    node = iri("measure", f"kymenlaakso-2020.kymsote.i.{number}")
    g.add((node, RDF.type, LAPE.Measure))
    g.add((node, RDFS.label, Literal(f"Kymsote – I/{number}", lang="fi")))
    g.add((node, LAPE.actor, actor(g)))
    g.add((node, LAPE.subGoal, sub_goal(g, "I", number)))
    g.add((node, LAPE.inPlan, welfare_plan(g)))
    g.add((node, LAPE.rowKind, ROW_KIND[kind]))
    if kind == "own-content":
        g.add((node, LAPE.measureItem, Literal("Nopea apu nuorelle", lang="fi")))
        g.add((node, LAPE.measureItem, Literal("Sovittelun malli käytössä", lang="fi")))
        g.add((node, LAPE.metric, Literal("Huoltoriitojen väheneminen", lang="fi")))
        g.add((node, LAPE.schedule, Literal("2020 alkaen", lang="fi")))
        g.add((node, LAPE.implementer, Literal("Johto", lang="fi")))
        g.add((node, LAPE.implementedBy, actor(g)))
        g.add((node, LAPE.monitoring, Literal("Eroverkostot", lang="fi")))
    return evidenced(g, node)


def see_previous_measure(g: Graph) -> URIRef:
    """Row I/4 'Ks. edellinen kohta.', referring to row I/3 of the same actor."""
    node = measure(g, 4, "see-previous")
    g.add((node, LAPE.refersToMeasure, measure(g, 3)))
    return node


def indicator(g: Graph, notation: str = "7") -> URIRef:
    node = iri("indicator", f"kymenlaakso-2020.{notation}")
    g.add((node, RDF.type, LAPE.Indicator))
    g.add((node, RDF.type, SKOS.Concept))
    labels(g, node, f"Indikaattori {notation}")
    g.add((node, SKOS.notation, Literal(notation)))
    g.add((node, SKOS.definition, Literal("Tyytyväinen elämäänsä", lang="fi")))
    g.add((node, LAPE.sotkanetIndicator, Literal(191)))
    g.add((node, DCTERMS.source, survey(g)))
    if notation != "7":
        g.add((node, SKOS.broader, indicator(g, "7")))
    return evidenced(g, node)


def narrower_indicator(g: Graph) -> URIRef:
    return indicator(g, "7a")


def survey(g: Graph) -> URIRef:
    node = iri("survey", "kouluterveyskysely-2019")
    g.add((node, RDF.type, LAPE.SourceSurvey))
    g.add((node, DCTERMS.title, Literal("Kouluterveyskysely", lang="fi")))
    g.add((node, RDFS.label, Literal("Kouluterveyskysely 2019", lang="fi")))
    g.add((node, LAPE.surveyYear, Literal("2019", datatype=XSD.gYear)))
    return evidenced(g, node)


def dataset(g: Graph) -> URIRef:
    node = iri("dataset", "kymenlaakso-2020-indicators")
    g.add((node, RDF.type, QB.DataSet))
    g.add((node, RDFS.label, Literal("Kymenlaakson indikaattorit", lang="fi")))
    g.add((node, QB.structure, LAPE.IndicatorStructure))
    return evidenced(g, node)


def observation(g: Graph, key: str = "kymenlaakso-2020.7.finland.grade-8-9.2019",
                value: str = "75.2") -> URIRef:
    node = iri("observation", key)
    g.add((node, RDF.type, QB.Observation))
    g.add((node, QB.dataSet, dataset(g)))
    g.add((node, LAPE.indicator, indicator(g)))
    g.add((node, LAPE.refArea, country(g)))
    g.add((node, LAPE.populationGroup, POPULATION["grade-8-9"]))
    g.add((node, LAPE.refPeriod, Literal("2019", datatype=XSD.gYear)))
    g.add((node, LAPE.value, Literal(value, datatype=XSD.decimal)))
    g.add((node, LAPE.unit, UNIT.percent))
    g.add((node, LAPE.sourceSurvey, survey(g)))
    return evidenced(g, node)


def sotkanet_dataset(g: Graph) -> URIRef:
    node = iri("dataset", "sotkanet-porvoo")
    g.add((node, RDF.type, QB.DataSet))
    g.add((node, RDFS.label, Literal("Sotkanet-aineisto", lang="fi")))
    g.add((node, QB.structure, LAPE.SotkanetStructure))
    return evidenced(g, node)


def sotkanet_observation(g: Graph, sex: str = "sex-T") -> URIRef:
    """A value imported from Sotkanet: sex instead of a population group."""
    node = iri("observation", f"sotkanet-porvoo.191.municipality-638.2019.{sex.lower()}")
    g.add((node, RDF.type, QB.Observation))
    g.add((node, QB.dataSet, sotkanet_dataset(g)))
    g.add((node, LAPE.indicator, indicator(g)))
    g.add((node, LAPE.refArea, municipality(g)))
    g.add((node, LAPE.refPeriod, Literal("2019", datatype=XSD.gYear)))
    g.add((node, SDMX_DIMENSION.sex, SDMX_CODE[sex]))
    g.add((node, LAPE.value, Literal("1.3", datatype=XSD.decimal)))
    g.add((node, LAPE.absoluteValue, Literal("131", datatype=XSD.decimal)))
    g.add((node, LAPE.unit, UNIT.percent))
    return evidenced(g, node)


def sotkanet_series_by_sex(g: Graph) -> URIRef:
    """The same indicator, area and year for two sexes: two observations, no duplicate."""
    sotkanet_observation(g, "sex-M")
    return sotkanet_observation(g, "sex-F")


# =======================================================================================
# Mutations: each returns the focus node it breaks when that is not the built node.
# =======================================================================================

Mutation = Callable[[Graph, URIRef], "URIRef | None"]


def drop(prop: URIRef) -> Mutation:
    def mutate(g: Graph, node: URIRef) -> None:
        g.remove((node, prop, None))
    return mutate


def _value(g: Graph, value):
    """A term, or a builder called on the fixture (so what it refers to is in the graph)."""
    return value(g) if callable(value) else value


def put(prop: URIRef, *values) -> Mutation:
    """Replace every value of ``prop`` by ``values`` (terms or builders)."""
    def mutate(g: Graph, node: URIRef) -> None:
        g.remove((node, prop, None))
        for value in values:
            g.add((node, prop, _value(g, value)))
    return mutate


def add(prop: URIRef, *values) -> Mutation:
    """Add ``values`` (terms or builders) to ``prop``."""
    def mutate(g: Graph, node: URIRef) -> None:
        for value in values:
            g.add((node, prop, _value(g, value)))
    return mutate


def both(*mutations: Mutation) -> Mutation:
    def mutate(g: Graph, node: URIRef) -> URIRef | None:
        focus = None
        for mutation in mutations:
            focus = mutation(g, node) or focus
        return focus
    return mutate


def rename(new: URIRef) -> Mutation:
    """Give the built node another IRI (every triple it appears in moves along)."""
    def mutate(g: Graph, node: URIRef) -> URIRef:
        for s, p, o in list(g.triples((node, None, None))):
            g.remove((s, p, o))
            g.add((new, p, o))
        for s, p, o in list(g.triples((None, None, node))):
            g.remove((s, p, o))
            g.add((s, p, new))
        return new
    return mutate


def on(target: Callable[[Graph], URIRef], mutation: Mutation) -> Mutation:
    """Apply ``mutation`` to another node of the fixture (built by ``target``)."""
    def mutate(g: Graph, _node: URIRef) -> URIRef | None:
        return mutation(g, target(g))
    return mutate


def extra(build: Callable[[Graph], URIRef]) -> Mutation:
    """Add another node and report it as the focus."""
    def mutate(g: Graph, _node: URIRef) -> URIRef:
        return build(g)
    return mutate


def reversed_evidence(g: Graph) -> URIRef:
    """Evidence whose offsets run backwards (its IRI and quote length agree with them)."""
    return _evidence_at(g, URIRef(f"{BASE}id/evidence/porvoo-2018/20-17"), "abc", 20, 17)


def second_main_goal_i(g: Graph) -> URIRef:
    """Main goal I minted a second time, under a later IRI, in the same plan."""
    return _goal(g, iri("goal", "kymenlaakso-2020.one"), LAPE.MainGoal, "I", "Päätavoite I",
                 welfare_plan(g))


def second_kymsote_row(g: Graph) -> URIRef:
    """A second Kymsote measure under sub-goal I/3 (a later IRI than the first)."""
    node = measure(g)
    twin = URIRef(str(node) + "-twin")
    for _s, p, o in list(g.triples((node, None, None))):
        g.add((twin, p, o))
    return twin


def sub_goal_twin(g: Graph) -> URIRef:
    """Sub-goal I/3 minted a second time, under a later IRI, in the same plan."""
    node = iri("goal", "kymenlaakso-2020.i.3b")
    _goal(g, node, LAPE.SubGoal, "I/3", "Välitavoite I/3", welfare_plan(g))
    g.add((node, LAPE.mainGoal, main_goal(g)))
    return node


def duplicate_sotkanet_observation(g: Graph) -> URIRef:
    """The same indicator, area, year and sex again, under another IRI."""
    node = sotkanet_observation(g)
    copy = iri("observation", "sotkanet-porvoo.191.municipality-638.2019.total.b")
    for _s, p, o in list(g.triples((node, None, None))):
        g.add((copy, p, o))
    return copy


def duplicate_observation(g: Graph) -> URIRef:
    """The same indicator, area, group and year again, with another value."""
    return observation(g, "kymenlaakso-2020.7.finland.grade-8-9.2019.b", "75.3")


# =======================================================================================
# The table
# =======================================================================================


@dataclass(frozen=True)
class Case:
    name: str
    build: Callable[[Graph], URIRef]
    mutate: Mutation
    shape: str                      # local name of the node shape that must report
    path: URIRef | None             # expected sh:resultPath (None: a node-level result)
    component: URIRef               # expected sh:sourceConstraintComponent
    constraint: str | None = None   # local name of the SPARQL constraint, if any

    def __str__(self) -> str:
        return self.name


MIN, MAX = SH.MinCountConstraintComponent, SH.MaxCountConstraintComponent
CLASS, DATATYPE = SH.ClassConstraintComponent, SH.DatatypeConstraintComponent
PATTERN, IN = SH.PatternConstraintComponent, SH.InConstraintComponent
LANG, UNIQUE_LANG = SH.LanguageInConstraintComponent, SH.UniqueLangConstraintComponent
QMIN, OR, XONE = (SH.QualifiedMinCountConstraintComponent, SH.OrConstraintComponent,
                  SH.XoneConstraintComponent)
MIN_LENGTH, NODE_KIND = SH.MinLengthConstraintComponent, SH.NodeKindConstraintComponent
DISJOINT, MIN_INCLUSIVE = SH.DisjointConstraintComponent, SH.MinInclusiveConstraintComponent
LESS_THAN = SH.LessThanConstraintComponent
CLOSED = SH.ClosedConstraintComponent
SPARQL = SH.SPARQLConstraintComponent

#: Every class's valid fixture: (name, builder, node shapes that target it).
VALID: list[tuple[str, Callable[[Graph], URIRef], tuple[str, ...]]] = [
    ("evidence", evidence, ("EvidenceShape",)),
    ("source-document", source_document, ("SourceDocumentShape",)),
    ("municipality", municipality, ("MunicipalityShape",)),
    ("region", region, ("RegionShape",)),
    ("country", country, ("CountryShape",)),
    *[(f"organisation-{str(cls).rsplit('#', 1)[-1]}", organisation_builder(cls),
       ("OrganisationShape",)
       + (("ActorCollaborationShape",) if cls == LAPE.ActorCollaboration else ()))
      for cls in ORGANISATION_CLASSES],
    ("person", person, ("PersonShape", "PersonDataShape")),
    ("working-group", group, ("WorkingGroupShape",)),
    ("membership", membership, ("MembershipShape",)),
    ("programme", programme, ("ProgrammeShape",)),
    ("participation", participation, ("ParticipationShape",)),
    ("rooting-plan", plan, ("PlanShape",)),
    ("welfare-plan", welfare_plan, ("PlanShape",)),
    ("results-report", results_report, ("PlanShape",)),
    ("practice", practice, ("PracticeShape", "PracticeOwnerShape")),
    ("adoption", adoption, ("AdoptionShape", "AdoptionInferredByRuleShape")),
    ("adoption-by-the-country", national_spread, ("AdoptionShape", "AdoptionInferredByRuleShape")),
    ("inferred-adoption", inferred_adoption, ("AdoptionShape", "AdoptionInferredByRuleShape")),
    ("shared-practice", shared_practice, ("PracticeShape", "PracticeOwnerShape")),
    ("event", event, ("EventShape",)),
    ("inference-rule", inference_rule, ("InferenceRuleShape",)),
    ("key-figure", key_figure, ("KeyFigureShape",)),
    ("child-friendly-status", child_friendly_status, ("ChildFriendlyStatusShape",)),
    ("structural-change", structural_change, ("StructuralChangeShape",)),
    ("roadmap-target", roadmap_target, ("RoadmapTargetShape",)),
    ("main-goal", main_goal, ("MainGoalShape",)),
    ("sub-goal", sub_goal, ("SubGoalShape",)),
    ("measure", measure, ("MeasureShape",)),
    ("measure-see-previous", see_previous_measure, ("MeasureShape",)),
    ("indicator", indicator, ("IndicatorShape",)),
    ("indicator-narrower", narrower_indicator, ("IndicatorShape",)),
    ("observation", observation, ("ObservationShape",)),
    ("sotkanet-observation", sotkanet_observation, ("ObservationShape",)),
    ("sotkanet-series-by-sex", sotkanet_series_by_sex, ("ObservationShape",)),
    ("dataset", dataset, ("DataSetShape",)),
    ("source-survey", survey, ("SourceSurveyShape",)),
]

#: Which reusable property shapes each class's shape uses, with the fixture to break.
#: (builder, node shape, reusable shapes). Rows are generated from this below.
SHARED: list[tuple[Callable[[Graph], URIRef], str, tuple[str, ...]]] = [
    (source_document, "SourceDocumentShape", ("HasEvidence", "LabelFinnish")),
    (municipality, "MunicipalityShape", ("HasEvidence", "LabelFinnish", "PrefLabelFinnish",
                                         "AltLabelLanguages", "WikidataLink",
                                         "ExactMatchLink", "SotkanetRegionId")),
    (region, "RegionShape", ("HasEvidence", "LabelFinnish", "PrefLabelFinnish",
                             "AltLabelLanguages", "WikidataLink", "ExactMatchLink",
                             "SotkanetRegionId")),
    (country, "CountryShape", ("HasEvidence", "LabelFinnish", "AltLabelLanguages",
                               "WikidataLink", "SotkanetRegionId")),
    (organisation, "OrganisationShape", ("HasEvidence", "LabelFinnish", "PrefLabelFinnish",
                                         "AltLabelLanguages", "WikidataLink")),
    (person, "PersonShape", ("HasEvidence", "PlainLabel")),
    (group, "WorkingGroupShape", ("HasEvidence", "LabelFinnish", "PrefLabelFinnish",
                                  "AltLabelLanguages")),
    (membership, "MembershipShape", ("HasEvidence", "PlainLabel")),
    (programme, "ProgrammeShape", ("HasEvidence", "LabelFinnish", "PrefLabelFinnish",
                                   "AltLabelLanguages", "StartDate", "EndDate",
                                   "PartOfProgramme")),
    (participation, "ParticipationShape", ("HasEvidence", "LabelFinnish")),
    (plan, "PlanShape", ("HasEvidence", "LabelFinnish", "PrefLabelFinnish", "StartDate",
                         "EndDate", "PartOfProgramme")),
    (practice, "PracticeShape", ("HasEvidence", "LabelFinnish", "PrefLabelFinnish",
                                 "AltLabelLanguages", "StartDate", "EndDate")),
    (adoption, "AdoptionShape", ("HasEvidence", "LabelFinnish", "StartDate", "EndDate")),
    (event, "EventShape", ("HasEvidence", "LabelFinnish", "PrefLabelFinnish",
                           "AltLabelLanguages", "StartDate", "EndDate")),
    (inference_rule, "InferenceRuleShape", ("LabelFinnish",)),
    (key_figure, "KeyFigureShape", ("HasEvidence", "LabelFinnish", "PrefLabelFinnish")),
    (child_friendly_status, "ChildFriendlyStatusShape", ("HasEvidence", "PlainLabel")),
    (structural_change, "StructuralChangeShape", ("HasEvidence", "LabelFinnish")),
    (roadmap_target, "RoadmapTargetShape", ("HasEvidence", "LabelFinnish")),
    (main_goal, "MainGoalShape", ("HasEvidence", "LabelFinnish", "PrefLabelFinnish",
                                  "AltLabelLanguages", "GoalPlan")),
    (sub_goal, "SubGoalShape", ("HasEvidence", "LabelFinnish", "PrefLabelFinnish",
                                "AltLabelLanguages", "GoalPlan")),
    (measure, "MeasureShape", ("HasEvidence", "LabelFinnish", "GoalPlan")),
    (indicator, "IndicatorShape", ("HasEvidence", "LabelFinnish", "PrefLabelFinnish",
                                   "AltLabelLanguages")),
    (observation, "ObservationShape", ("HasEvidence",)),
    (dataset, "DataSetShape", ("HasEvidence", "LabelFinnish")),
    (survey, "SourceSurveyShape", ("HasEvidence", "LabelFinnish")),
]


def _english_only(prop: URIRef) -> Mutation:
    """Drop the Finnish values of ``prop``, keeping (or adding) an English one."""
    def mutate(g: Graph, node: URIRef) -> None:
        for text in list(g.objects(node, prop)):
            if isinstance(text, Literal) and text.language == "fi":
                g.remove((node, prop, text))
        if not any(isinstance(t, Literal) and t.language == "en"
                   for t in g.objects(node, prop)):
            g.add((node, prop, Literal("English text only", lang="en")))
    return mutate


#: How to break each reusable property shape: (mutation, path, component).
SHARED_BREACHES: dict[str, tuple[Mutation, URIRef, URIRef]] = {
    "HasEvidence": (drop(LAPE.evidence), LAPE.evidence, MIN),
    "LabelFinnish": (_english_only(RDFS.label), RDFS.label, QMIN),
    "PrefLabelFinnish": (_english_only(SKOS.prefLabel), SKOS.prefLabel, QMIN),
    "AltLabelLanguages": (add(SKOS.altLabel, Literal("untagged alias")), SKOS.altLabel, LANG),
    "WikidataLink": (put(OWL.sameAs, URIRef("https://www.wikidata.org/wiki/Q1")), OWL.sameAs,
                     PATTERN),
    "ExactMatchLink": (add(SKOS.exactMatch, Literal("p94126")), SKOS.exactMatch, NODE_KIND),
    "SotkanetRegionId": (put(LAPE.sotkanetRegionId, Literal("796")), LAPE.sotkanetRegionId,
                         DATATYPE),
    "PlainLabel": (put(RDFS.label, Literal("Nimi", lang="fi")), RDFS.label, DATATYPE),
    "StartDate": (put(LAPE.startDate, Literal("2017-02-01", datatype=XSD.date)),
                  LAPE.startDate, OR),
    "EndDate": (add(LAPE.endDate, Literal("2030", datatype=XSD.gYear)), LAPE.endDate, MAX),
    "PartOfProgramme": (put(DCTERMS.isPartOf, DOC), DCTERMS.isPartOf, CLASS),
    "GoalPlan": (drop(LAPE.inPlan), LAPE.inPlan, MIN),
}

G = LAPE  # brevity in the table below
M638 = iri("municipality", "638")

CASES: list[Case] = [
    Case(f"{shape_name}: {shared}", build, SHARED_BREACHES[shared][0], shape_name,
         SHARED_BREACHES[shared][1], SHARED_BREACHES[shared][2])
    for build, shape_name, shared_names in SHARED for shared in shared_names
] + [
    # --- reusable label shapes: language and uniqueness --------------------------------
    Case("label in German", municipality, add(RDFS.label, Literal("Gemeinde", lang="de")),
         "MunicipalityShape", RDFS.label, LANG),
    Case("two Finnish labels", municipality, add(RDFS.label, Literal("Toinen", lang="fi")),
         "MunicipalityShape", RDFS.label, UNIQUE_LANG),
    Case("prefLabel untagged", region, add(SKOS.prefLabel, Literal("Uusimaa")),
         "RegionShape", SKOS.prefLabel, LANG),
    Case("two Finnish prefLabels", region, add(SKOS.prefLabel, Literal("Toinen", lang="fi")),
         "RegionShape", SKOS.prefLabel, UNIQUE_LANG),
    Case("evidence is not Evidence", person, put(G.evidence, DOC),
         "PersonShape", G.evidence, CLASS),
    # --- Evidence ------------------------------------------------------------------------
    Case("evidence IRI form", evidence, rename(URIRef(f"{BASE}id/evidence/porvoo-2018")),
         "EvidenceShape", None, PATTERN),
    Case("evidence without document", evidence, drop(G.document),
         "EvidenceShape", G.document, MIN),
    Case("evidence document untyped", evidence,
         put(G.document, URIRef(f"{BASE}id/other/porvoo-2018")),
         "EvidenceShape", G.document, CLASS),
    Case("evidence two quotes", evidence, add(G.quote, Literal("Porvoon kaupungix")),
         "EvidenceShape", G.quote, MAX),
    Case("evidence quote tagged", evidence, put(G.quote, Literal(QUOTE, lang="fi")),
         "EvidenceShape", G.quote, DATATYPE),
    Case("evidence without quote", evidence, drop(G.quote), "EvidenceShape", G.quote, MIN),
    Case("evidence empty quote", evidence, put(G.quote, Literal("")),
         "EvidenceShape", G.quote, MIN_LENGTH),
    Case("evidence start offset typed integer", evidence,
         put(G.startOffset, Literal(0, datatype=XSD.integer)),
         "EvidenceShape", G.startOffset, DATATYPE),
    Case("evidence without end offset", evidence, drop(G.endOffset),
         "EvidenceShape", G.endOffset, MIN),
    Case("evidence line typed integer", evidence,
         put(G.line, Literal(1, datatype=XSD.integer)), "EvidenceShape", G.line, DATATYPE),
    Case("evidence offsets reversed", evidence, extra(reversed_evidence),
         "EvidenceShape", G.startOffset, LESS_THAN),
    Case("evidence quote length", evidence, put(G.quote, Literal("Porvoon")),
         "EvidenceQuoteLengthShape", G.quote, SPARQL, "EvidenceQuoteLength"),
    Case("evidence IRI offsets", evidence,
         both(put(G.startOffset, Literal(1, datatype=XSD.nonNegativeInteger)),
              put(G.quote, Literal(QUOTE[1:]))),
         "EvidenceIriShape", None, SPARQL, "EvidenceIriMatches"),
    # --- SourceDocument ------------------------------------------------------------------
    Case("document IRI form", source_document, rename(URIRef(f"{BASE}id/doc/porvoo-2018")),
         "SourceDocumentShape", None, PATTERN),
    Case("document title in English only", source_document, _english_only(DCTERMS.title),
         "SourceDocumentShape", DCTERMS.title, QMIN),
    Case("document title untagged", source_document, add(DCTERMS.title, Literal("Title")),
         "SourceDocumentShape", DCTERMS.title, LANG),
    Case("document date as string", source_document, put(DCTERMS.date, Literal("2018")),
         "SourceDocumentShape", DCTERMS.date, OR),
    Case("document without publisher", source_document, drop(DCTERMS.publisher),
         "SourceDocumentShape", DCTERMS.publisher, MIN),
    Case("document file name with folder", source_document,
         put(G.fileName, Literal("data/sources/porvoo.txt")),
         "SourceDocumentShape", G.fileName, PATTERN),
    Case("document digest too short", source_document, put(G.sha256, Literal("df9093")),
         "SourceDocumentShape", G.sha256, PATTERN),
    # --- Municipality, Region, Country ---------------------------------------------------
    Case("municipality IRI form", municipality,
         rename(URIRef(f"{BASE}id/municipality/porvoo")),
         "MunicipalityShape", None, PATTERN),
    Case("municipality without code", municipality, drop(G.municipalityCode),
         "MunicipalityShape", G.municipalityCode, MIN),
    Case("municipality code of two digits", municipality,
         put(G.municipalityCode, Literal("63")), "MunicipalityShape", G.municipalityCode,
         PATTERN),
    Case("municipality code typed integer", municipality,
         put(G.municipalityCode, Literal("638", datatype=XSD.integer)),
         "MunicipalityShape", G.municipalityCode, DATATYPE),
    Case("municipality code not in IRI", municipality, put(G.municipalityCode, Literal("639")),
         "MunicipalityIriCodeShape", G.municipalityCode, SPARQL,
         "MunicipalityIriCode"),
    Case("municipality region not a Region", municipality, put(G.region, DOC),
         "MunicipalityShape", G.region, CLASS),
    Case("region IRI form", region, rename(URIRef(f"{BASE}id/region/1")),
         "RegionShape", None, PATTERN),
    Case("region code of three digits", region, put(G.regionCode, Literal("001")),
         "RegionShape", G.regionCode, PATTERN),
    Case("region code not in IRI", region, put(G.regionCode, Literal("08")),
         "RegionIriCodeShape", G.regionCode, SPARQL, "RegionIriCode"),
    Case("country IRI form", country, rename(URIRef(f"{BASE}id/country/finland")),
         "CountryShape", None, PATTERN),
    Case("country name untagged", country, add(G.countryName, Literal("Finland")),
         "CountryShape", G.countryName, LANG),
    # --- Organisations ---------------------------------------------------------------------
    Case("organisation IRI form", organisation, rename(iri("org", "mll")),
         "OrganisationShape", None, PATTERN),
    Case("organisation parent is a person", organisation,
         add(ORG.subOrganizationOf, iri("person", "maria-andersson")),
         "OrganisationShape", ORG.subOrganizationOf, CLASS),
    Case("organisation in two municipalities", organisation,
         add(G.municipality, lambda g: municipality(g, "444")),
         "OrganisationShape", G.municipality, MAX),
    Case("organisation business id malformed", organisation,
         put(G.businessId, Literal("15675350")), "OrganisationShape", G.businessId, PATTERN),
    Case("collaboration of one", collaboration,
         put(ORG.hasMember, M638), "ActorCollaborationShape", ORG.hasMember, MIN),
    Case("collaboration member is a region", collaboration,
         add(ORG.hasMember, iri("region", "01")),
         "ActorCollaborationShape", ORG.hasMember, CLASS),
    # --- Person -----------------------------------------------------------------------------
    Case("person IRI form", person, rename(iri("people", "maria")), "PersonShape", None,
         PATTERN),
    Case("person without name", person, drop(FOAF.name), "PersonShape", FOAF.name, MIN),
    Case("person with an e-mail address", person, add(FOAF.mbox, URIRef("mailto:m@example.org")),
         "PersonDataShape", FOAF.mbox, CLOSED),
    Case("person name tagged", person, put(FOAF.name, Literal("Maria Andersson", lang="fi")),
         "PersonShape", FOAF.name, DATATYPE),
    Case("person job title untagged", person, put(G.jobTitle, Literal("johtaja")),
         "PersonShape", G.jobTitle, LANG),
    Case("person municipality is a region", person, put(G.municipality, iri("region", "01")),
         "PersonShape", G.municipality, CLASS),
    # --- WorkingGroup -----------------------------------------------------------------------
    Case("group IRI form", group, rename(iri("working-group", "porvoo")),
         "WorkingGroupShape", None, PATTERN),
    Case("group without level", group, drop(G.groupLevel),
         "WorkingGroupShape", G.groupLevel, MIN),
    Case("group level outside the scheme", group, put(G.groupLevel, LEVEL.municipal),
         "WorkingGroupShape", G.groupLevel, IN),
    Case("group parent is a document", group, put(ORG.subOrganizationOf, DOC),
         "WorkingGroupShape", ORG.subOrganizationOf, OR),
    Case("group municipality is a person", group,
         put(G.municipality, iri("person", "maria-andersson")),
         "WorkingGroupShape", G.municipality, CLASS),
    Case("group with two areas", group, add(G.developmentArea, AREA.eva),
         "WorkingGroupShape", G.developmentArea, MAX),
    # --- Membership -------------------------------------------------------------------------
    Case("membership IRI form", membership, rename(iri("member", "maria")),
         "MembershipShape", None, PATTERN),
    Case("membership without member", membership, drop(ORG.member),
         "MembershipShape", ORG.member, MIN),
    Case("membership member is a region", membership, put(ORG.member, iri("region", "01")),
         "MembershipShape", ORG.member, OR),
    Case("membership member is its group", membership,
         put(ORG.member, iri("group", "porvoo-lape-group")),
         "MembershipShape", ORG.member, DISJOINT),
    Case("membership in a programme", membership,
         put(ORG.organization, iri("programme", "lape-uusimaa")),
         "MembershipShape", ORG.organization, CLASS),
    Case("membership with two roles", membership, add(ORG.role, ROLE.member),
         "MembershipShape", ORG.role, MAX),
    Case("membership role outside the scheme", membership, put(ORG.role, ROLE.boss),
         "MembershipShape", ORG.role, IN),
    Case("membership represents a person", membership,
         put(G.represents, iri("person", "maria-andersson")),
         "MembershipShape", G.represents, CLASS),
    Case("membership note untagged", membership, put(G.note, Literal("note")),
         "MembershipShape", G.note, LANG),
    # --- Programme, Participation ----------------------------------------------------------
    Case("programme IRI form", programme, rename(iri("project", "lape-uusimaa")),
         "ProgrammeShape", None, PATTERN),
    Case("programme grant negative", programme,
         put(G.grantAmount, Literal("-1", datatype=XSD.decimal)),
         "ProgrammeShape", G.grantAmount, MIN_INCLUSIVE),
    Case("programme municipality count typed as a string", programme,
         put(G.municipalityCount, Literal("18")),
         "ProgrammeShape", G.municipalityCount, DATATYPE),
    Case("programme in two regions", programme, add(G.region, lambda g: region(g, "08")),
         "ProgrammeShape", G.region, MAX),
    Case("programme area outside the scheme", programme, add(G.developmentArea, AREA.other),
         "ProgrammeShape", G.developmentArea, IN),
    Case("programme ends before it starts", programme,
         put(G.endDate, Literal("2016", datatype=XSD.gYear)),
         "StartNotAfterEndShape", G.endDate, SPARQL, "StartNotAfterEnd"),
    Case("participation IRI form", participation, rename(iri("part", "x")),
         "ParticipationShape", None, PATTERN),
    Case("participation participant is a document", participation, put(G.participant, DOC),
         "ParticipationShape", G.participant, CLASS),
    Case("participation in nothing", participation, drop(G.participatesIn),
         "ParticipationShape", G.participatesIn, MIN),
    Case("participation in a person", participation,
         put(G.participatesIn, iri("person", "maria-andersson")),
         "ParticipationShape", G.participatesIn, OR),
    Case("participation programme is a document", participation, put(G.inProgramme, DOC),
         "ParticipationShape", G.inProgramme, CLASS),
    Case("participation without role", participation, drop(ORG.role),
         "ParticipationShape", ORG.role, MIN),
    # --- Plan -------------------------------------------------------------------------------
    Case("plan IRI form", plan, rename(iri("plans", "porvoo")), "PlanShape", None, PATTERN),
    Case("plan without document", plan, drop(G.documentedIn),
         "PlanShape", G.documentedIn, MIN),
    Case("plan municipality is a region", plan, put(G.municipality, iri("region", "01")),
         "PlanShape", G.municipality, CLASS),
    Case("plan region is a municipality", welfare_plan, put(G.region, municipality),
         "PlanShape", G.region, CLASS),
    Case("plan in a municipality and a region", plan, add(G.region, region),
         "PlanShape", None, XONE),
    Case("plan without area", plan, drop(G.municipality), "PlanShape", None, XONE),
    Case("plan ends before it starts", welfare_plan,
         put(G.startDate, Literal("2025", datatype=XSD.gYear)),
         "StartNotAfterEndShape", G.endDate, SPARQL, "StartNotAfterEnd"),
    # --- Practice, Adoption -----------------------------------------------------------------
    Case("practice IRI form", practice, rename(iri("practices", "vava")),
         "PracticeShape", None, PATTERN),
    Case("practice kind outside the scheme", practice,
         put(G.practiceKind, PRACTICE_KIND.project), "PracticeShape", G.practiceKind, IN),
    Case("practice without owner, not shared", practice, drop(G.owner),
         "PracticeOwnerShape", None, OR),
    Case("practice version of a document", practice, add(G.versionOf, DOC),
         "PracticeShape", G.versionOf, CLASS),
    Case("practice offered to a person", shared_practice,
         put(G.offeredTo, iri("person", "maria-andersson")), "PracticeShape", G.offeredTo, OR),
    Case("practice offered until a string", shared_practice,
         put(G.offeredUntil, Literal("2024")), "PracticeShape", G.offeredUntil, OR),
    # --- Event, InferenceRule, the catch-all evidence rule ---------------------------------
    Case("event IRI form", event, rename(iri("events", "x")), "EventShape", None, PATTERN),
    Case("event in a practice instead of a plan", event,
         put(G.inPlan, iri("practice", "vankkuri")), "EventShape", G.inPlan, CLASS),
    Case("event kind outside the scheme", event, put(G.eventKind, EVENT_KIND.party),
         "EventShape", G.eventKind, IN),
    Case("event date as string", event, put(DCTERMS.date, Literal("2018")),
         "EventShape", DCTERMS.date, OR),
    Case("event in a region", event, put(G.municipality, iri("region", "01")),
         "EventShape", G.municipality, CLASS),
    Case("event organised by a person", event,
         put(G.organiser, iri("person", "maria-andersson")), "EventShape", G.organiser, OR),
    Case("event about a document", event, put(G.aboutPractice, DOC),
         "EventShape", G.aboutPractice, CLASS),
    Case("inference rule IRI form", inference_rule, rename(iri("rule", "x")),
         "InferenceRuleShape", None, PATTERN),
    Case("inference rule without text", inference_rule, drop(G.ruleText),
         "InferenceRuleShape", G.ruleText, MIN),
    Case("entity of an unshaped class without evidence", uncovered_entity, drop(G.evidence),
         "EveryEntityHasEvidenceShape", G.evidence, SPARQL, "EveryEntityHasEvidence"),
    Case("practice owned by a person", practice, add(G.owner, iri("person", "maria-andersson")),
         "PracticeShape", G.owner, CLASS),
    Case("practice with two areas", practice, add(G.developmentArea, AREA.eva),
         "PracticeShape", G.developmentArea, MAX),
    Case("practice status outside the scheme", practice, add(G.status, STATUS.finished),
         "PracticeShape", G.status, IN),
    Case("practice responsible is a municipality", practice, put(G.responsiblePerson, M638),
         "PracticeShape", G.responsiblePerson, CLASS),
    Case("practice description untagged", practice, add(DCTERMS.description, Literal("x")),
         "PracticeShape", DCTERMS.description, LANG),
    Case("practice subject not YSO", practice,
         add(DCTERMS.subject, URIRef("http://www.yso.fi/onto/koko/p1")),
         "PracticeShape", DCTERMS.subject, PATTERN),
    Case("adoption IRI form", adoption, rename(iri("adoptions", "x")),
         "AdoptionShape", None, PATTERN),
    Case("adoption without practice", adoption, drop(G.adoptedPractice),
         "AdoptionShape", G.adoptedPractice, MIN),
    Case("adoption from a person", adoption,
         put(G.adoptedFrom, iri("person", "maria-andersson")),
         "AdoptionShape", G.adoptedFrom, CLASS),
    Case("adoption from itself", adoption, put(G.adoptedFrom, iri("municipality", "444")),
         "AdoptionShape", G.adoptedFrom, DISJOINT),
    Case("adoption by a person", adoption, put(G.adoptedBy, iri("person", "maria-andersson")),
         "AdoptionShape", G.adoptedBy, OR),
    Case("adoption kind outside the scheme", adoption, put(G.adoptionKind, ADOPTION_KIND.copied),
         "AdoptionShape", G.adoptionKind, IN),
    Case("adoption local name in English", adoption,
         put(G.localName, Literal("Parent group", lang="en")),
         "AdoptionShape", G.localName, LANG),
    Case("adoption date as string", adoption, put(DCTERMS.date, Literal("2018")),
         "AdoptionShape", DCTERMS.date, OR),
    Case("adoption without inferred flag", adoption, drop(G.isInferred),
         "AdoptionShape", G.isInferred, MIN),
    Case("adoption inferred by a document", inferred_adoption, put(G.inferredBy, DOC),
         "AdoptionShape", G.inferredBy, CLASS),
    Case("adoption inferred without its rule", adoption, put(G.isInferred, Literal(True)),
         "AdoptionInferredByRuleShape", None, OR),
    Case("adoption local version is a document", inferred_adoption, put(G.localVersion, DOC),
         "AdoptionShape", G.localVersion, CLASS),
    Case("adoption responsible is a group", adoption,
         put(G.responsiblePerson, iri("group", "porvoo-lape-group")),
         "AdoptionShape", G.responsiblePerson, CLASS),
    # --- KeyFigure, ChildFriendlyStatus, StructuralChange -----------------------------------
    Case("key figure IRI form", key_figure, rename(iri("figure", "x")),
         "KeyFigureShape", None, PATTERN),
    Case("key figure without programme", key_figure, drop(G.ofProgramme),
         "KeyFigureShape", G.ofProgramme, MIN),
    Case("key figure value typed integer", key_figure,
         put(G.figureValue, Literal(20, datatype=XSD.integer)),
         "KeyFigureShape", G.figureValue, DATATYPE),
    Case("key figure comparator unknown", key_figure, put(G.comparator, Literal("about")),
         "KeyFigureShape", G.comparator, IN),
    Case("child-friendly status IRI form", child_friendly_status, rename(iri("cfs", "x")),
         "ChildFriendlyStatusShape", None, PATTERN),
    Case("child-friendly status of a region", child_friendly_status,
         put(G.municipality, iri("region", "01")),
         "ChildFriendlyStatusShape", G.municipality, CLASS),
    Case("child-friendly status outside the scheme", child_friendly_status,
         put(G.childFriendlyStatus, CFM.famous),
         "ChildFriendlyStatusShape", G.childFriendlyStatus, IN),
    Case("child-friendly status year as month", child_friendly_status,
         put(G.year, Literal("2016-05", datatype=XSD.gYearMonth)),
         "ChildFriendlyStatusShape", G.year, DATATYPE),
    Case("child-friendly status without target flag", child_friendly_status,
         drop(G.isTarget), "ChildFriendlyStatusShape", G.isTarget, MIN),
    Case("structural change IRI form", structural_change, rename(iri("change", "x")),
         "StructuralChangeShape", None, PATTERN),
    Case("structural change description in English only", structural_change,
         _english_only(DCTERMS.description),
         "StructuralChangeShape", DCTERMS.description, QMIN),
    Case("structural change two Finnish descriptions", structural_change,
         add(DCTERMS.description, Literal("Toinen", lang="fi")),
         "StructuralChangeShape", DCTERMS.description, UNIQUE_LANG),
    Case("structural change municipality is a region", structural_change,
         put(G.municipality, iri("region", "01")),
         "StructuralChangeShape", G.municipality, CLASS),
    Case("structural change region is a municipality", structural_change,
         both(drop(G.municipality), put(G.region, M638)),
         "StructuralChangeShape", G.region, CLASS),
    Case("structural change without area", structural_change, drop(G.municipality),
         "StructuralChangeShape", None, XONE),
    # --- RoadmapTarget ----------------------------------------------------------------------
    Case("roadmap target IRI form", roadmap_target, rename(iri("roadmap", "x")),
         "RoadmapTargetShape", None, PATTERN),
    Case("roadmap target area is a person", roadmap_target,
         put(G.area, iri("person", "maria-andersson")),
         "RoadmapTargetShape", G.area, OR),
    Case("roadmap target theme in English", roadmap_target,
         put(G.theme, Literal("Family centre", lang="en")),
         "RoadmapTargetShape", G.theme, LANG),
    Case("roadmap target year as integer", roadmap_target,
         put(G.targetYear, Literal(2019)), "RoadmapTargetShape", G.targetYear, DATATYPE),
    Case("roadmap target without statement", roadmap_target, drop(G.statement),
         "RoadmapTargetShape", G.statement, MIN),
    Case("roadmap target plan is a programme", roadmap_target,
         put(G.inPlan, iri("programme", "lape-uusimaa")),
         "RoadmapTargetShape", G.inPlan, CLASS),
    Case("roadmap target area is not its plan's", roadmap_target,
         put(G.area, lambda g: municipality(g, "444")),
         "RoadmapTargetAreaOfPlanShape", G.area, SPARQL, "RoadmapTargetAreaOfPlan"),
    # --- Goals ------------------------------------------------------------------------------
    Case("main goal IRI form", main_goal, rename(iri("goals", "i")),
         "MainGoalShape", None, PATTERN),
    Case("main goal notation arabic", main_goal, put(SKOS.notation, Literal("1")),
         "MainGoalShape", SKOS.notation, PATTERN),
    Case("main goal minted twice", main_goal, extra(second_main_goal_i),
         "GoalNotationUniqueShape", SKOS.notation, SPARQL, "GoalNotationUnique"),
    Case("sub-goal IRI form", sub_goal, rename(iri("goals", "i.3")),
         "SubGoalShape", None, PATTERN),
    Case("sub-goal notation without main goal", sub_goal, put(SKOS.notation, Literal("3")),
         "SubGoalShape", SKOS.notation, PATTERN),
    Case("sub-goal without main goal", sub_goal, drop(G.mainGoal),
         "SubGoalShape", G.mainGoal, MIN),
    Case("sub-goal under another main goal", sub_goal,
         put(G.mainGoal, lambda g: main_goal(g, "II")),
         "SubGoalUnderMainGoalShape", SKOS.notation, SPARQL, "SubGoalNotationUnderMainGoal"),
    Case("sub-goal main goal in another plan", sub_goal,
         on(main_goal, put(G.inPlan, lambda g: plan(g, "other-welfare-plan", G.WelfarePlan))),
         "SubGoalPlanShape", G.mainGoal, SPARQL, "SubGoalPlanOfMainGoal"),
    Case("sub-goal minted twice", sub_goal,
         extra(sub_goal_twin),
         "GoalNotationUniqueShape", SKOS.notation, SPARQL, "GoalNotationUnique"),
    # --- Measure ----------------------------------------------------------------------------
    Case("measure IRI form", measure, rename(iri("measures", "x")),
         "MeasureShape", None, PATTERN),
    Case("measure without actor", measure, drop(G.actor), "MeasureShape", G.actor, MIN),
    Case("measure actor is a person", measure,
         put(G.actor, iri("person", "maria-andersson")), "MeasureShape", G.actor, CLASS),
    Case("measure implemented by a person", measure,
         put(G.implementedBy, iri("person", "maria-andersson")), "MeasureShape",
         G.implementedBy, CLASS),
    Case("measure implemented by a name, not an agent", measure,
         put(G.implementedBy, Literal("Saaga")), "MeasureShape", G.implementedBy, CLASS),
    Case("measure under a main goal", measure,
         put(G.subGoal, iri("goal", "kymenlaakso-2020.i")), "MeasureShape", G.subGoal, CLASS),
    Case("measure row kind outside the scheme", measure, put(G.rowKind, ROW_KIND.other),
         "MeasureShape", G.rowKind, IN),
    Case("measure refers to a sub-goal", see_previous_measure,
         put(G.refersToMeasure, iri("goal", "kymenlaakso-2020.i.3")),
         "MeasureShape", G.refersToMeasure, CLASS),
    Case("measure item untagged", measure, add(G.measureItem, Literal("Johto")),
         "MeasureShape", G.measureItem, LANG),
    Case("measure metric empty", measure, add(G.metric, Literal("", lang="fi")),
         "MeasureShape", G.metric, MIN_LENGTH),
    Case("measure schedule in English", measure, put(G.schedule, Literal("from 2020", lang="en")),
         "MeasureShape", G.schedule, LANG),
    Case("measure implementer untagged", measure, put(G.implementer, Literal("Johto")),
         "MeasureShape", G.implementer, LANG),
    Case("measure monitoring untagged", measure, put(G.monitoring, Literal("Seuranta")),
         "MeasureShape", G.monitoring, LANG),
    Case("measure sub-goal of another plan", measure,
         put(G.inPlan, lambda g: plan(g, "other-welfare-plan", G.WelfarePlan)),
         "MeasureSubGoalShape", G.subGoal, SPARQL, "MeasureSubGoalInPlan"),
    Case("measure row twice for one actor", measure, extra(second_kymsote_row),
         "MeasureUniqueShape", G.subGoal, SPARQL, "MeasureUniquePerActorAndSubGoal"),
    Case("blank row with text", measure, put(G.rowKind, ROW_KIND.blank),
         "MeasureRowKindShape", G.rowKind, SPARQL, "MeasureTextMatchesRowKind"),
    Case("own-content row without text", see_previous_measure,
         both(drop(G.refersToMeasure), put(G.rowKind, ROW_KIND["own-content"])),
         "MeasureRowKindShape", G.rowKind, SPARQL, "MeasureTextMatchesRowKind"),
    Case("reference from an outside-remit row", see_previous_measure,
         put(G.rowKind, ROW_KIND["outside-remit"]),
         "MeasureReferenceKindShape", G.refersToMeasure, SPARQL,
         "MeasureReferenceOnlyWhenSeePrevious"),
    Case("reference to itself", see_previous_measure,
         lambda g, node: put(G.refersToMeasure, node)(g, node),
         "MeasureReferenceTargetShape", G.refersToMeasure, SPARQL,
         "MeasureReferenceSameActorAndMainGoal"),
    Case("reference to another actor's row", see_previous_measure,
         on(lambda g: measure(g, 3), put(G.actor, lambda g: organisation(g, G.Parish))),
         "MeasureReferenceTargetShape", G.refersToMeasure, SPARQL,
         "MeasureReferenceSameActorAndMainGoal"),
    # --- Indicator, Observation, DataSet, SourceSurvey --------------------------------------
    Case("indicator IRI form", indicator, rename(iri("indicators", "7")),
         "IndicatorShape", None, PATTERN),
    Case("indicator notation with a dot", indicator, put(SKOS.notation, Literal("7.1")),
         "IndicatorShape", SKOS.notation, PATTERN),
    Case("indicator definition untagged", indicator, add(SKOS.definition, Literal("x")),
         "IndicatorShape", SKOS.definition, LANG),
    Case("indicator broader is a goal", narrower_indicator,
         put(SKOS.broader, iri("goal", "kymenlaakso-2020.i")),
         "IndicatorShape", SKOS.broader, CLASS),
    Case("indicator source is a document", indicator, add(DCTERMS.source, DOC),
         "IndicatorShape", DCTERMS.source, CLASS),
    Case("indicator Sotkanet id typed as a string", indicator,
         put(G.sotkanetIndicator, Literal("191")), "IndicatorShape", G.sotkanetIndicator,
         DATATYPE),
    Case("indicator forecast typed as a string", indicator,
         put(G.forecastUntil, Literal("2035")), "IndicatorShape", G.forecastUntil, DATATYPE),
    Case("indicator forecast ends before it starts", indicator,
         both(put(G.forecastFrom, Literal("2035", datatype=XSD.gYear)),
              put(G.forecastUntil, Literal("2019", datatype=XSD.gYear))),
         "ForecastInOrderShape", None, SPARQL, "ForecastInOrder"),
    Case("indicator forecast start typed as a string", indicator,
         put(G.forecastFrom, Literal("2019")), "IndicatorShape", G.forecastFrom, DATATYPE),
    Case("observation IRI form", observation, rename(iri("obs", "x")),
         "ObservationShape", None, PATTERN),
    Case("observation without data set", observation, drop(QB.dataSet),
         "ObservationShape", QB.dataSet, MIN),
    Case("observation of a goal", observation,
         put(G.indicator, iri("goal", "kymenlaakso-2020.i")),
         "ObservationShape", G.indicator, CLASS),
    Case("observation area is a person", observation,
         put(G.refArea, iri("person", "maria-andersson")), "ObservationShape", G.refArea, OR),
    Case("observation without group", observation, drop(G.populationGroup),
         "ObservationDimensionsShape", G.populationGroup, SPARQL, "ObservationDimensions"),
    Case("observation in two groups", observation, add(G.populationGroup, POPULATION["all"]),
         "ObservationShape", G.populationGroup, MAX),
    Case("sotkanet observation without sex", sotkanet_observation, drop(SDMX_DIMENSION.sex),
         "ObservationDimensionsShape", SDMX_DIMENSION.sex, SPARQL, "ObservationDimensions"),
    Case("observation sex outside the code list", sotkanet_observation,
         put(SDMX_DIMENSION.sex, SDMX_CODE["sex-U"]), "ObservationShape", SDMX_DIMENSION.sex, IN),
    Case("observation with two sexes", sotkanet_observation,
         add(SDMX_DIMENSION.sex, SDMX_CODE["sex-M"]), "ObservationShape", SDMX_DIMENSION.sex, MAX),
    Case("observation absolute value as string", sotkanet_observation,
         put(G.absoluteValue, Literal("131")), "ObservationShape", G.absoluteValue, DATATYPE),
    Case("sotkanet observation given twice", sotkanet_observation,
         extra(duplicate_sotkanet_observation),
         "ObservationUniqueShape", None, SPARQL, "ObservationUnique"),
    Case("observation period as date", observation,
         put(G.refPeriod, Literal("2019-01-01", datatype=XSD.date)),
         "ObservationShape", G.refPeriod, DATATYPE),
    Case("observation value as string", observation, put(G.value, Literal("75,2")),
         "ObservationShape", G.value, DATATYPE),
    Case("observation unit outside the scheme", observation, put(G.unit, UNIT.euro),
         "ObservationShape", G.unit, IN),
    Case("observation survey is a document", observation, put(G.sourceSurvey, DOC),
         "ObservationShape", G.sourceSurvey, CLASS),
    Case("observation given twice", observation, extra(duplicate_observation),
         "ObservationUniqueShape", None, SPARQL, "ObservationUnique"),
    Case("data set IRI form", dataset, rename(iri("data", "x")),
         "DataSetShape", None, PATTERN),
    Case("data set without structure", dataset, drop(QB.structure),
         "DataSetShape", QB.structure, MIN),
    Case("source survey IRI form", survey, rename(iri("surveys", "x")),
         "SourceSurveyShape", None, PATTERN),
    Case("source survey title in English only", survey, _english_only(DCTERMS.title),
         "SourceSurveyShape", DCTERMS.title, QMIN),
    Case("source survey without year", survey, drop(G.surveyYear),
         "SourceSurveyShape", G.surveyYear, MIN),
]


# =======================================================================================
# Running the shapes
# =======================================================================================


@dataclass(frozen=True)
class Result:
    focus: URIRef
    path: URIRef | None
    component: URIRef
    constraint: URIRef | None
    source: URIRef | BNode
    severity: URIRef
    message: str


def run(data: Graph, shapes: Graph, ontology: Graph) -> tuple[bool, list[Result]]:
    outcome = validate_graph(data, shapes, ontology)
    report = outcome.report
    results = []
    for node in report.subjects(RDF.type, SH.ValidationResult):
        messages = [str(m) for m in report.objects(node, SH.resultMessage)]
        results.append(Result(
            focus=report.value(node, SH.focusNode),
            path=report.value(node, SH.resultPath),
            component=report.value(node, SH.sourceConstraintComponent),
            constraint=report.value(node, SH.sourceConstraint),
            source=report.value(node, SH.sourceShape),
            severity=report.value(node, SH.resultSeverity),
            message=" | ".join(messages),
        ))
    return outcome.conforms, results


def _describe(results: list[Result]) -> str:
    return "\n".join(f"  {r.focus} {r.path} {r.component.rsplit('#', 1)[-1]} "
                     f"{r.constraint or ''}: {r.message}" for r in results)


def _messages(shapes: Graph) -> set[str]:
    return {str(m) for m in shapes.objects(None, SH.message)}


def _owned_by(shapes: Graph, node_shape: URIRef, source) -> bool:
    """True if ``source`` is ``node_shape`` or one of its property shapes."""
    return source == node_shape or (node_shape, SH.property, source) in shapes


@pytest.mark.parametrize("name, build, targets", VALID, ids=[row[0] for row in VALID])
def test_valid_fixture_conforms(name, build, targets, shapes, ontology):
    data = Graph()
    build(data)
    conforms, results = run(data, shapes, ontology)
    assert conforms and not results, f"{name} should conform:\n{_describe(results)}"


@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
def test_breach_is_reported_exactly(case: Case, shapes, ontology):
    data = Graph()
    node = case.build(data)
    focus = case.mutate(data, node) or node
    conforms, results = run(data, shapes, ontology)
    assert not conforms
    assert len(results) == 1, f"expected one result, got:\n{_describe(results)}"
    result = results[0]
    assert result.focus == focus
    assert result.path == case.path
    assert result.component == case.component
    expected_constraint = shape(case.constraint) if case.constraint else None
    assert result.constraint == expected_constraint
    assert _owned_by(shapes, shape(case.shape), result.source), \
        f"reported by {result.source}, not by {case.shape} or its property shapes"
    assert result.severity == SH.Violation
    if case.constraint:  # a SPARQL message is a template: every {?var} must be filled
        assert "{?" not in result.message and "{$" not in result.message, result.message
        assert result.message
    else:
        assert result.message in _messages(shapes), \
            f"pySHACL's default message instead of ours: {result.message!r}"


# =======================================================================================
# Coverage: no shape, property path or constraint without a row
# =======================================================================================

#: Every instance class of the data-model contract (docs/decisions/2026-11-25-data-model.md).
CONTRACT_CLASSES = (
    LAPE.Municipality, LAPE.Region, LAPE.Country, *ORGANISATION_CLASSES, LAPE.Person,
    LAPE.WorkingGroup, ORG.Membership, LAPE.Programme, LAPE.Participation, LAPE.Plan,
    LAPE.RootingPlan, LAPE.WelfarePlan, LAPE.SourceDocument, LAPE.Practice, LAPE.Adoption,
    LAPE.MainGoal, LAPE.SubGoal, LAPE.Measure, LAPE.Indicator, QB.Observation, QB.DataSet,
    LAPE.SourceSurvey, LAPE.RoadmapTarget, LAPE.ChildFriendlyStatus, LAPE.StructuralChange,
    LAPE.KeyFigure, LAPE.Evidence,
)


def _node_shapes(shapes: Graph) -> set[URIRef]:
    return set(shapes.subjects(RDF.type, SH.NodeShape))


def _local(node: URIRef) -> str:
    return str(node).removeprefix(LAPESH)


def _superclasses(ontology: Graph, cls: URIRef) -> set[URIRef]:
    return set(ontology.transitive_objects(cls, RDFS.subClassOf))


def test_every_node_shape_has_a_breach_row(shapes):
    covered = {case.shape for case in CASES}
    missing = sorted(_local(s) for s in _node_shapes(shapes) if _local(s) not in covered)
    assert not missing, f"node shapes without a breach row: {missing}"


def test_every_property_path_has_a_breach_row(shapes):
    covered = {(case.shape, case.path) for case in CASES}
    missing = []
    for node_shape in _node_shapes(shapes):
        for prop in shapes.objects(node_shape, SH.property):
            path = shapes.value(prop, SH.path)
            if (_local(node_shape), path) not in covered:
                missing.append(f"{_local(node_shape)} {path}")
    assert not missing, f"property shapes without a breach row: {sorted(missing)}"


NODE_LEVEL = {SH.pattern: PATTERN, SH["or"]: OR, SH.xone: XONE}


def test_every_node_level_constraint_has_a_breach_row(shapes):
    covered = {(case.shape, case.component) for case in CASES if case.path is None}
    missing = [f"{_local(node_shape)} {component.rsplit('#', 1)[-1]}"
               for node_shape in _node_shapes(shapes)
               for parameter, component in NODE_LEVEL.items()
               if (node_shape, parameter, None) in shapes
               and (_local(node_shape), component) not in covered]
    assert not missing, f"node-level constraints without a breach row: {sorted(missing)}"


def test_every_sparql_constraint_has_a_breach_row(shapes):
    covered = {(case.shape, case.constraint) for case in CASES if case.constraint}
    missing = [f"{_local(s)} {_local(c)}" for s, c in shapes.subject_objects(SH.sparql)
               if (_local(s), _local(c)) not in covered]
    assert not missing, f"SPARQL constraints without a breach row: {sorted(missing)}"


def test_every_constraint_component_in_use_is_broken_once(shapes):
    parameters = {
        SH.minCount: MIN, SH.maxCount: MAX, SH["class"]: CLASS, SH.datatype: DATATYPE,
        SH.pattern: PATTERN, SH["in"]: IN, SH.languageIn: LANG, SH.uniqueLang: UNIQUE_LANG,
        SH.qualifiedMinCount: QMIN, SH["or"]: OR, SH.xone: XONE, SH.minLength: MIN_LENGTH,
        SH.nodeKind: NODE_KIND, SH.disjoint: DISJOINT, SH.minInclusive: MIN_INCLUSIVE,
        SH.lessThan: LESS_THAN, SH.sparql: SPARQL, SH.closed: CLOSED,
    }
    used = {component for parameter, component in parameters.items()
            if (None, parameter, None) in shapes}
    broken = {case.component for case in CASES}
    assert used <= broken, f"never broken: {sorted(used - broken)}"
    known = set(parameters) | {SH.path, SH.property, SH.targetClass, SH.message, SH.name,
                               SH.qualifiedValueShape, SH.prefixes, SH.select, SH.declare,
                               SH.prefix, SH.namespace, SH.target, SH.ignoredProperties}
    unknown = {p for p in shapes.predicates() if str(p).startswith(str(SH))} - known
    assert not unknown, f"constraint parameters the table does not know: {sorted(unknown)}"


def test_every_contract_class_is_targeted_and_has_a_valid_fixture(shapes, ontology):
    targeted = set(shapes.objects(None, SH.targetClass))
    untargeted = [c for c in CONTRACT_CLASSES if not _superclasses(ontology, c) & targeted]
    assert not untargeted, f"contract classes no shape targets: {untargeted}"
    fixtures: set[URIRef] = set()
    for _name, build, _targets in VALID:
        data = Graph()
        node = build(data)
        fixtures |= set(data.objects(node, RDF.type))
    missing = sorted(str(c) for c in targeted | set(CONTRACT_CLASSES) if c not in fixtures)
    assert not missing, f"classes without a valid fixture: {missing}"


def test_valid_rows_name_the_shapes_that_target_them(shapes, ontology):
    for name, build, targets in VALID:
        data = Graph()
        node = build(data)
        classes = set().union(*(_superclasses(ontology, c) for c in data.objects(node, RDF.type)))
        expected = {_local(s) for s in _node_shapes(shapes)
                    if set(shapes.objects(s, SH.targetClass)) & classes}
        assert expected == set(targets), name


def test_catch_all_evidence_rule_skips_exactly_the_shaped_classes(shapes):
    """The catch-all rule leaves to the class shapes the classes whose shape requires
    evidence, so a missing quote is reported once; its list must stay in step with them."""
    evidence_shape = shape("HasEvidence")
    requiring = {c for s in _node_shapes(shapes) if (s, SH.property, evidence_shape) in shapes
                 for c in shapes.objects(s, SH.targetClass)}
    target = shapes.value(shape("EveryEntityHasEvidenceShape"), SH.target)
    text = str(shapes.value(target, SH.select))
    values = text.split("VALUES ?covered {", 1)[1].split("}", 1)[0].split()
    namespaces = dict(shapes.namespaces())
    listed = {URIRef(str(namespaces[v.split(":")[0]]) + v.split(":")[1]) for v in values}
    assert listed == requiring


def test_every_instance_shape_requires_evidence(shapes, ontology):
    """Evidence on every instance (the evidence nodes themselves excepted)."""
    evidence_shape = shape("HasEvidence")
    requiring = {c for s in _node_shapes(shapes) if (s, SH.property, evidence_shape) in shapes
                 for c in shapes.objects(s, SH.targetClass)}
    for cls in CONTRACT_CLASSES:
        if cls == LAPE.Evidence:
            continue
        assert _superclasses(ontology, cls) & requiring, f"{cls} does not require evidence"


# =======================================================================================
# The shapes themselves: names, messages, vocabularies
# =======================================================================================


def test_every_shape_is_named_and_explains_itself(shapes):
    for node_shape in _node_shapes(shapes):
        assert shapes.value(node_shape, SH.name), node_shape
        assert shapes.value(node_shape, RDFS.label), node_shape
        for prop in shapes.objects(node_shape, SH.property):
            assert shapes.value(prop, SH.name), f"{node_shape} {shapes.value(prop, SH.path)}"
            message = shapes.value(prop, SH.message)
            assert message is not None and message.language == "en", \
                f"{node_shape} {shapes.value(prop, SH.path)}: needs an English sh:message"
        if any((node_shape, p, None) in shapes for p in NODE_LEVEL):
            assert shapes.value(node_shape, SH.message) is not None, node_shape
        assert len(list(shapes.objects(node_shape, SH.message))) <= 1, node_shape
    for constraint in shapes.objects(None, SH.sparql):
        message = shapes.value(constraint, SH.message)
        assert message is not None and message.language == "en", constraint
        assert shapes.value(constraint, RDFS.label), constraint
    for severity in shapes.objects(None, SH.severity):
        assert severity == SH.Violation


def test_dimension_table_matches_the_data_cube_structures(shapes, ontology):
    """ObservationDimensions lists each structure's dimensions as the ontology defines them."""
    import re

    shape = URIRef(LAPESH + "ObservationDimensions")
    query = str(shapes.value(shape, SH.select))
    listed: dict[str, set[str]] = {}
    for block in re.findall(r"qb:structure lape:(\w+) \.(.*?)\} \}", query, flags=re.S):
        listed[block[0]] = set(re.findall(r"BIND \(([\w:-]+) AS \?path\)", block[1]))
    expected = {}
    for dsd in ontology.subjects(RDF.type, QB.DataStructureDefinition):
        dimensions = {ontology.namespace_manager.normalizeUri(d)
                      for c in ontology.objects(dsd, QB.component)
                      for d in ontology.objects(c, QB.dimension)}
        expected[str(dsd).rsplit("#", 1)[-1]] = dimensions
    assert listed == expected
    target = next(shapes.objects(URIRef(LAPESH + "ObservationDimensionsShape"), SH.target))
    assert (str(shapes.value(target, SH.select)).count("BIND (")
            == query.count("BIND ("))


def test_value_sets_match_the_vocabularies(shapes, ontology):
    """Every sh:in list of concept IRIs is exactly one concept scheme of vocabularies.ttl."""
    schemes: dict[URIRef, set[URIRef]] = {}
    for concept, scheme in ontology.subject_objects(SKOS.inScheme):
        schemes.setdefault(scheme, set()).add(concept)
    checked = 0
    for head in shapes.objects(None, SH["in"]):
        values = set(Collection(shapes, head))
        if not all(isinstance(v, URIRef) and str(v).startswith(str(VOCAB)) for v in values):
            continue
        scheme = URIRef(str(next(iter(values))).rsplit("/", 1)[0])
        assert scheme in schemes, f"{scheme} is not a concept scheme of the vocabularies"
        if scheme == VOCAB.role and values < schemes[scheme]:
            continue  # memberships take the membership roles only; participations take all
        assert values == schemes[scheme], (
            f"sh:in of {scheme}: missing {sorted(schemes[scheme] - values)}, "
            f"unknown {sorted(values - schemes[scheme])}")
        checked += 1
    assert checked >= 8


def test_value_sets_match_what_curated_emits(shapes):
    """The curated loader's allowed values and the shapes' value sets agree."""
    from lapekg.ingest import curated

    def in_values(path: URIRef) -> set[str]:
        found: set[str] = set()
        for prop in shapes.subjects(SH.path, path):
            head = shapes.value(prop, SH["in"])
            if head is not None:
                found |= {str(v).rsplit("/", 1)[-1] for v in Collection(shapes, head)}
        return found

    assert in_values(ORG.role) == set(curated.PARTICIPATION_ROLES)
    assert set(curated.ROLES) < set(curated.PARTICIPATION_ROLES)
    assert in_values(LAPE.groupLevel) == set(curated.LEVELS)
    assert in_values(LAPE.practiceKind) == set(curated.PRACTICE_KINDS)
    assert in_values(LAPE.status) == set(curated.STATUSES)
    assert in_values(LAPE.adoptionKind) == set(curated.ADOPTION_KINDS)
    assert in_values(LAPE.childFriendlyStatus) == set(curated.CFM_STATUSES)
    assert in_values(LAPE.eventKind) == set(curated.EVENT_KINDS)
    assert in_values(LAPE.comparator) == set(curated.COMPARATORS)
    assert in_values(LAPE.developmentArea) == {str(v).rsplit("/", 1)[-1]
                                                for v in curated.AREAS.values()}


def test_sparql_checks_prefilter_their_focus_nodes(shapes):
    """A SPARQL constraint sits on a node shape whose SPARQL target selects the offenders.

    pySHACL would otherwise run (and parse) the query once per instance of a class, which
    on the build's thousands of evidence nodes takes minutes. And a node shape with
    sh:sparql must have no sh:message: pySHACL appends it to every SPARQL result.
    """
    for node_shape in set(shapes.subjects(SH.sparql, None)):
        targets = list(shapes.objects(node_shape, SH.target))
        assert targets and all((t, RDF.type, SH.SPARQLTarget) in shapes for t in targets), \
            f"{node_shape}: select the focus nodes with an sh:SPARQLTarget"
        assert (node_shape, SH.targetClass, None) not in shapes, node_shape
        assert (node_shape, SH.message, None) not in shapes, node_shape
        assert (node_shape, SH.property, None) not in shapes, node_shape


def test_the_ontology_as_data_conforms(shapes, ontology):
    """The build validates the union of all named graphs, the ontology's included."""
    data = Graph()
    for triple in ontology:
        data.add(triple)
    measure(data)
    conforms, results = run(data, shapes, ontology)
    assert conforms, _describe(results)


def test_shared_table_matches_the_shapes(shapes):
    """SHARED names exactly the reusable property shapes each node shape uses (the label
    language checks aside: rows break those once, on MunicipalityShape and RegionShape)."""
    tested_once = {shape("LabelLanguages"), shape("PrefLabelLanguages")}
    for _build, shape_name, names in SHARED:
        named = {p for p in shapes.objects(shape(shape_name), SH.property)
                 if isinstance(p, URIRef)}
        assert named - tested_once == {shape(n) for n in names}, shape_name
    used = {p for p in shapes.objects(None, SH.property) if isinstance(p, URIRef)}
    listed = {shape(n) for _b, _s, names in SHARED for n in names} | tested_once
    assert used == listed, f"reusable shapes SHARED does not list: {sorted(used - listed)}"
