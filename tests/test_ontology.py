"""The ontology and the vocabularies: they parse, say what the data-model decision says,
are labelled in Finnish and English, stay consistent under a reasoner, and the class
diagram in docs/model.md matches them.

The consistency tests run every check on deliberately broken copies too, so a reasoner
that silently reports nothing cannot make them pass.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from rdflib import Dataset, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, OWL, RDF, RDFS, SKOS

from lapekg import namespaces as ns
from lapekg.namespaces import LAPE, ORG, QB, VANN
from lapekg.ontology import (
    ONTOLOGY_FILES,
    REASONERS,
    consistency_problems,
    hermit_available,
    load_ontology,
)

ROOT = Path(__file__).resolve().parent.parent
ONTOLOGY_IRI = URIRef("https://w3id.org/lapekg/ontology")

# Everything the data-model decision (docs/decisions/2026-11-25-data-model.md) names.
CLASSES = {
    "Municipality", "Region", "Country", "JointMunicipalAuthority",
    "NonGovernmentalOrganisation", "Parish", "PoliceUnit", "University", "GovernmentAgency",
    "School", "CompetenceCentre", "MunicipalUnit", "ActorCollaboration", "Person",
    "WorkingGroup", "Programme", "Participation", "Plan", "RootingPlan", "WelfarePlan",
    "SourceDocument", "Practice", "Adoption", "Goal", "MainGoal", "SubGoal", "Measure",
    "Indicator", "PopulationGroup", "SourceSurvey", "RoadmapTarget", "ChildFriendlyStatus",
    "StructuralChange", "KeyFigure", "Evidence",
    # 2026-12-07 decision (spreads): shared methods, events, inference rules
    "SharedPractice", "Event", "InferenceRule",
    # 2026-12-07 decision (named implementers): companies among the implementers
    "Company",
}
OBJECT_PROPERTIES = {
    "evidence", "document", "region", "municipality", "groupLevel", "developmentArea",
    "represents", "participant", "inProgramme", "documentedIn", "practiceKind", "owner",
    "status", "responsiblePerson", "adoptedPractice", "adoptedFrom", "adoptedBy",
    "adoptionKind", "mainGoal", "inPlan", "actor", "subGoal", "rowKind", "refersToMeasure",
    "indicator", "refArea", "populationGroup", "unit", "sourceSurvey", "area",
    "childFriendlyStatus", "ofProgramme",
    "versionOf", "offeredTo", "localVersion", "inferredBy", "participatesIn", "eventKind",
    "organiser", "aboutPractice",
    "implementedBy",
}
DATATYPE_PROPERTIES = {
    "quote", "startOffset", "endOffset", "line", "municipalityCode", "regionCode",
    "sotkanetRegionId", "sotkanetIndicator", "jobTitle", "startDate", "endDate",
    "grantAmount", "municipalityCount", "fileName", "sha256", "localName", "measureItem",
    "metric", "schedule", "implementer", "monitoring", "refPeriod", "value", "surveyYear",
    "theme", "targetYear", "statement", "year", "isTarget", "figureValue", "comparator",
    "note", "countryName",
    "offeredUntil", "isInferred", "ruleText", "forecastFrom", "forecastUntil",
    # 2026-12-07 decision (Sotkanet imports)
    "absoluteValue",
}
SUPERCLASSES = {
    "Municipality": {ORG.Organization, DCTERMS.Location},
    "Region": {DCTERMS.Location},
    "Country": {DCTERMS.Location},
    "MunicipalUnit": {ORG.OrganizationalUnit},
    "ActorCollaboration": {ORG.OrganizationalCollaboration},
    "Company": {ORG.Organization, URIRef("https://schema.org/Corporation")},
    "Person": {URIRef("http://xmlns.com/foaf/0.1/Person")},
    "WorkingGroup": {ORG.Organization},
    "Programme": {URIRef("http://www.w3.org/ns/prov#Activity")},
    "Plan": {URIRef("http://www.w3.org/ns/prov#Plan")},
    "RootingPlan": {LAPE.Plan},
    "WelfarePlan": {LAPE.Plan},
    "SourceDocument": {URIRef("http://xmlns.com/foaf/0.1/Document")},
    "Practice": {URIRef("http://www.w3.org/ns/prov#Entity")},
    "Adoption": {URIRef("http://www.w3.org/ns/prov#Activity")},
    "Goal": {SKOS.Concept},
    "MainGoal": {LAPE.Goal},
    "SubGoal": {LAPE.Goal},
    "Measure": {URIRef("http://www.w3.org/ns/prov#Plan")},
    "Indicator": {SKOS.Concept},
    "PopulationGroup": {SKOS.Concept},
    "Evidence": {URIRef("http://www.w3.org/ns/prov#Entity")},
    "SharedPractice": {LAPE.Practice},
    "Event": {URIRef("http://www.w3.org/ns/prov#Activity"), URIRef("https://schema.org/Event")},
    "InferenceRule": {URIRef("http://www.w3.org/ns/prov#Plan")},
}

# Concept local names per scheme: code and data/curated/*.yaml use exactly these.
SCHEMES = {
    "development-area": {"tomu", "peke", "varko", "eva"},
    "practice-status": {"made-permanent", "continues", "expanded", "not-realised",
                        "discontinued", "planned", "evaluated"},
    "practice-kind": {"agile-experiment", "pilot", "service-model", "method", "training",
                      "tool"},
    "adoption-kind": {"adopted", "adapted", "studied", "planned", "piloted", "extended",
                      "offered", "joint", "implemented", "spread-regionally",
                      "spread-nationally"},
    "role": {"chair", "co-chair", "vice-chair", "member", "deputy-member", "representative",
             "responsible-person", "participant", "partner", "organiser", "trainer",
             "presenter", "coordinator", "implementer", "evaluator"},
    "event-kind": {"seminar", "workshop", "training", "roadshow", "conference", "campaign",
                   "meeting", "evaluation", "annual-cycle"},
    "level": {"local", "regional", "capital-region", "national"},
    "population-group": {"grade-4-5", "grade-8-9", "upper-secondary", "vocational",
                         "guardians-of-4-year-olds", "age-0-6", "age-7-15", "age-0-17",
                         "under-18", "age-15-24", "labour-force", "women-15-49", "all"},
    "measure-row-kind": {"own-content", "outside-remit", "beyond-influence", "see-previous",
                         "blank"},
    "child-friendly-status": {"in-model", "preparing-application", "applying", "joining",
                              "recognised", "child-friendly"},
    "unit": {"percent", "per-thousand", "per-ten-thousand", "count"},
}

PREFIXES_TTL = """
@prefix lape: <https://w3id.org/lapekg/ontology#> .
@prefix org: <http://www.w3.org/ns/org#> .
@prefix qb: <http://purl.org/linked-data/cube#> .
@prefix owl: <http://www.w3.org/2002/07/owl#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix foaf: <http://xmlns.com/foaf/0.1/> .
@prefix dcterms: <http://purl.org/dc/terms/> .
@prefix role: <https://w3id.org/lapekg/vocab/role/> .
@prefix level: <https://w3id.org/lapekg/vocab/level/> .
@prefix area: <https://w3id.org/lapekg/vocab/development-area/> .
@prefix status: <https://w3id.org/lapekg/vocab/practice-status/> .
@prefix practicekind: <https://w3id.org/lapekg/vocab/practice-kind/> .
@prefix adoptionkind: <https://w3id.org/lapekg/vocab/adoption-kind/> .
@prefix popgroup: <https://w3id.org/lapekg/vocab/population-group/> .
@prefix rowkind: <https://w3id.org/lapekg/vocab/measure-row-kind/> .
@prefix cfm: <https://w3id.org/lapekg/vocab/child-friendly-status/> .
@prefix unit: <https://w3id.org/lapekg/vocab/unit/> .
@base <https://w3id.org/lapekg/id/> .
"""

# A small but complete instance graph written the way the ingest writes it: every class
# and the awkward cases (a municipality that is an organisation and a location, gYearMonth
# dates, integer counts, a region or country adopting a practice) must stay consistent.
VALID_INSTANCES = PREFIXES_TTL + """
<region/01> a lape:Region ; lape:regionCode "01" .
<municipality/638> a lape:Municipality ; lape:municipalityCode "638" ;
    lape:region <region/01> ; lape:sotkanetRegionId 612 .
<municipality/444> a lape:Municipality ; lape:municipalityCode "444" .
<area/finland> a lape:Country ; lape:countryName "Suomi"@fi .
<organisation/kymsote> a lape:JointMunicipalAuthority ; lape:businessId "1234567-8" .
<organisation/seurakunnat> a lape:ActorCollaboration ;
    org:hasMember <organisation/kotka-parish> .
<organisation/kotka-parish> a lape:Parish ; lape:municipality <municipality/638> .
<organisation/unit> a lape:MunicipalUnit ; org:subOrganizationOf <municipality/638> .
<person/maria> a lape:Person ; foaf:name "Maria" ; lape:jobTitle "johtaja"@fi ;
    lape:municipality <municipality/638> .
<programme/lape-uusimaa> a lape:Programme ; lape:startDate "2017-02"^^xsd:gYearMonth ;
    lape:endDate "2018"^^xsd:gYear ; lape:grantAmount "1400000"^^xsd:decimal ;
    lape:municipalityCount 18 ; lape:region <region/01> ;
    lape:developmentArea area:tomu .
<group/porvoo> a lape:WorkingGroup ; lape:groupLevel level:local ;
    org:subOrganizationOf <programme/lape-uusimaa> ; lape:municipality <municipality/638> .
<membership/m1> a org:Membership ; org:member <person/maria> ;
    org:organization <group/porvoo> ; org:role role:chair ;
    lape:represents <municipality/638> ; lape:note "jaettu"@fi .
<participation/p1> a lape:Participation ; lape:participant <municipality/638> ;
    lape:inProgramme <programme/lape-uusimaa> ; org:role role:participant .
<document/porvoo-2018> a lape:SourceDocument ; lape:fileName "porvoo.txt" ;
    lape:sha256 "df90" .
<plan/porvoo> a lape:RootingPlan ; lape:documentedIn <document/porvoo-2018> ;
    lape:municipality <municipality/638> ; lape:startDate "2020"^^xsd:gYear .
<practice/vava> a lape:Practice ; lape:practiceKind practicekind:agile-experiment ;
    lape:owner <municipality/638> ; lape:status status:made-permanent ;
    lape:developmentArea area:peke ; lape:responsiblePerson <person/maria> ;
    lape:selectedForRootingIn <plan/porvoo> .
<adoption/a1> a lape:Adoption ; lape:adoptedPractice <practice/vava> ;
    lape:adoptedFrom <municipality/638> ; lape:adoptedBy <region/01> ;
    lape:adoptionKind adoptionkind:spread-regionally ; lape:localName "Vava"@fi .
<adoption/a2> a lape:Adoption ; lape:adoptedPractice <practice/vava> ;
    lape:adoptedFrom <municipality/638> ; lape:adoptedBy <area/finland> ;
    lape:adoptionKind adoptionkind:spread-nationally .
<goal/i> a lape:MainGoal ; lape:inPlan <plan/porvoo> .
<goal/i-3> a lape:SubGoal ; lape:mainGoal <goal/i> ; lape:inPlan <plan/porvoo> .
<measure/m1> a lape:Measure ; lape:actor <organisation/kymsote> ;
    lape:subGoal <goal/i-3> ; lape:measureItem "kohta"@fi ; lape:metric "mittari"@fi ;
    lape:schedule "2020 alkaen"@fi ; lape:implementer "Johto"@fi ;
    lape:monitoring "seuranta"@fi ; lape:rowKind rowkind:own-content ;
    lape:inPlan <plan/porvoo> .
<measure/m2> a lape:Measure ; lape:rowKind rowkind:see-previous ;
    lape:refersToMeasure <measure/m1> .
<indicator/7> a lape:Indicator ; lape:sotkanetIndicator 191 .
<survey/kts-2019> a lape:SourceSurvey ; lape:surveyYear "2019"^^xsd:gYear .
<dataset/kymenlaakso> a qb:DataSet ; qb:structure lape:IndicatorStructure .
<observation/o1> a qb:Observation ; qb:dataSet <dataset/kymenlaakso> ;
    lape:indicator <indicator/7> ; lape:refArea <area/finland> ;
    lape:populationGroup popgroup:grade-4-5 ; lape:refPeriod "2019"^^xsd:gYear ;
    lape:value "89.5"^^xsd:decimal ; lape:unit unit:percent ;
    lape:sourceSurvey <survey/kts-2019> .
<roadmap-target/t1> a lape:RoadmapTarget ; lape:area <municipality/638> ;
    lape:theme "teema"@fi ; lape:targetYear "2022"^^xsd:gYear ; lape:statement "x"@fi ;
    lape:inPlan <plan/porvoo> .
<child-friendly-status/s1> a lape:ChildFriendlyStatus ;
    lape:municipality <municipality/444> ; lape:childFriendlyStatus cfm:recognised ;
    lape:year "2018"^^xsd:gYear ; lape:isTarget false .
<structural-change/c1> a lape:StructuralChange ; lape:region <region/01> .
<key-figure/k1> a lape:KeyFigure ; lape:ofProgramme <programme/lape-uusimaa> ;
    lape:figureValue "20"^^xsd:decimal ; lape:comparator "more-than" .
<evidence/porvoo-2018/0-10> a lape:Evidence ; lape:document <document/porvoo-2018> ;
    lape:quote "Porvoo" ; lape:startOffset "0"^^xsd:nonNegativeInteger ;
    lape:endOffset "10"^^xsd:nonNegativeInteger ; lape:line "1"^^xsd:positiveInteger .
<practice/vava> lape:evidence <evidence/porvoo-2018/0-10> .
"""

# Each breaks the ontology in a way both reasoners must see.
BROKEN = {
    # Classes the test itself declares disjoint: independent of the ontology's axioms.
    "test-declared disjoint classes": """
        <urn:test:A> a owl:Class . <urn:test:B> a owl:Class ; owl:disjointWith <urn:test:A> .
        <urn:test:x> a <urn:test:A> , <urn:test:B> .
    """,
    # A person is never an organisation (a municipality is one, through subclassing).
    "person typed as municipality": """
        <person/x> a lape:Person , lape:Municipality .
    """,
    # A region given where a municipality belongs: the range makes it a municipality too.
    "region as lape:municipality": """
        <region/01> a lape:Region . <person/x> lape:municipality <region/01> .
    """,
    # A goal used as the plan it belongs to (range lape:Plan, goals and plans disjoint).
    "goal as lape:inPlan": """
        <goal/i> a lape:MainGoal . <measure/m> lape:inPlan <goal/i> .
    """,
}

# HermiT needs Java and owlready2 (a dev dependency); CI has both, so there it must run.
needs_hermit = pytest.mark.skipif(not hermit_available() and not os.environ.get("CI"),
                                  reason="owlready2 or java not available for HermiT")
REASONER_PARAMS = [
    pytest.param("owlrl", id="owlrl"),
    pytest.param("hermit", id="hermit", marks=needs_hermit),
]


@pytest.fixture(scope="module")
def ontology() -> Graph:
    return load_ontology(ROOT)


def with_turtle(graph: Graph, turtle: str) -> Graph:
    """A copy of ``graph`` plus some Turtle (the ontology fixture stays untouched)."""
    copy = Graph()
    for triple in graph:
        copy.add(triple)
    copy.parse(data=PREFIXES_TTL + turtle, format="turtle")
    return copy


def lape_terms(graph: Graph, kind: URIRef) -> set[str]:
    return {str(s)[len(str(LAPE)):] for s in graph.subjects(RDF.type, kind)
            if str(s).startswith(str(LAPE))}


def languages(graph: Graph, subject: URIRef, predicate: URIRef) -> list[str | None]:
    return [getattr(o, "language", None) for o in graph.objects(subject, predicate)]


# -- parsing and metadata --------------------------------------------------------------


@pytest.mark.parametrize("name", ONTOLOGY_FILES)
def test_file_parses_on_its_own(name: str) -> None:
    graph = Graph().parse(ROOT / "ontology" / name, format="turtle")
    assert len(graph) > 100


def test_load_ontology_is_the_union_of_both_files(ontology: Graph) -> None:
    separate = [Graph().parse(ROOT / "ontology" / n, format="turtle") for n in ONTOLOGY_FILES]
    assert len(ontology) == len(separate[0] + separate[1])
    assert len(load_ontology(ROOT / "ontology")) == len(ontology)


def test_ontology_metadata(ontology: Graph) -> None:
    assert (ONTOLOGY_IRI, RDF.type, OWL.Ontology) in ontology
    assert list(ontology.subjects(RDF.type, OWL.Ontology)) == [ONTOLOGY_IRI]
    one = ontology.value
    assert one(ONTOLOGY_IRI, OWL.versionIRI) == URIRef("https://w3id.org/lapekg/ontology/0.1.0")
    assert str(one(ONTOLOGY_IRI, OWL.versionInfo)) == "0.1.0"
    assert sorted(languages(ontology, ONTOLOGY_IRI, DCTERMS.title)) == ["en", "fi", "sv"]
    assert {"fi", "en"} <= set(languages(ontology, ONTOLOGY_IRI, DCTERMS.description))
    assert one(ONTOLOGY_IRI, DCTERMS.license) == URIRef(
        "https://creativecommons.org/licenses/by/4.0/")
    assert str(one(ONTOLOGY_IRI, DCTERMS.creator)) == "lapekg contributors"
    created = one(ONTOLOGY_IRI, DCTERMS.created)
    assert isinstance(created, Literal)
    assert created.datatype == URIRef("http://www.w3.org/2001/XMLSchema#date")
    assert str(one(ONTOLOGY_IRI, VANN.preferredNamespacePrefix)) == "lape"
    assert str(one(ONTOLOGY_IRI, VANN.preferredNamespaceUri)) == str(LAPE)


# -- the contract ----------------------------------------------------------------------


def test_every_contract_term_is_declared_with_its_kind(ontology: Graph) -> None:
    assert lape_terms(ontology, OWL.Class) >= CLASSES
    assert lape_terms(ontology, OWL.ObjectProperty) >= OBJECT_PROPERTIES
    assert lape_terms(ontology, OWL.DatatypeProperty) >= DATATYPE_PROPERTIES


def test_no_property_is_both_object_and_datatype(ontology: Graph) -> None:
    both = lape_terms(ontology, OWL.ObjectProperty) & lape_terms(ontology, OWL.DatatypeProperty)
    assert not both


def test_every_lape_term_used_is_declared(ontology: Graph) -> None:
    """A typo such as lape:Muncipality in either file would otherwise go unnoticed."""
    declared = {s for s in ontology.subjects(RDF.type, None) if str(s).startswith(str(LAPE))}
    used = {term for triple in ontology for term in triple
            if isinstance(term, URIRef) and str(term).startswith(str(LAPE))}
    assert used - declared == set()


@pytest.mark.parametrize("name, expected", sorted(SUPERCLASSES.items()))
def test_superclasses_follow_the_contract(ontology: Graph, name: str,
                                          expected: set[URIRef]) -> None:
    assert set(ontology.objects(LAPE[name], RDFS.subClassOf)) >= expected


def test_organisation_kinds_are_organisations(ontology: Graph) -> None:
    for name in ("JointMunicipalAuthority", "NonGovernmentalOrganisation", "Parish",
                 "PoliceUnit", "University", "GovernmentAgency", "School", "CompetenceCentre",
                 "Company"):
        assert (LAPE[name], RDFS.subClassOf, ORG.Organization) in ontology, name


def test_shared_properties_have_no_domain(ontology: Graph) -> None:
    """Used on several classes: a domain would make reasoners type every subject wrongly."""
    for name in ("municipality", "region", "evidence", "inPlan", "developmentArea",
                 "responsiblePerson", "startDate", "endDate"):
        assert ontology.value(LAPE[name], RDFS.domain) is None, name


@pytest.mark.parametrize("kind", [OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty])
def test_every_lape_term_has_fi_and_en_label_and_definition(ontology: Graph,
                                                            kind: URIRef) -> None:
    missing = []
    for name in sorted(lape_terms(ontology, kind)):
        for predicate in (RDFS.label, SKOS.definition):
            langs = languages(ontology, LAPE[name], predicate)
            if not {"fi", "en"} <= set(langs):
                missing.append(f"{name} {predicate.n3(ontology.namespace_manager)}")
            if len(langs) != len(set(langs)):
                missing.append(f"{name} has two {predicate} in one language")
    assert not missing


def test_data_cube_structure(ontology: Graph) -> None:
    dsd = LAPE.IndicatorStructure
    assert (dsd, RDF.type, QB.DataStructureDefinition) in ontology
    components = list(ontology.objects(dsd, QB.component))

    def declared(role: URIRef) -> set[URIRef]:
        return {o for c in components for o in ontology.objects(c, role)}

    assert declared(QB.dimension) == {LAPE.indicator, LAPE.refArea, LAPE.populationGroup,
                                      LAPE.refPeriod}
    assert declared(QB.measure) == {LAPE.value}
    assert declared(QB.attribute) == {LAPE.unit, LAPE.sourceSurvey}
    for prop, kind in [(LAPE.indicator, QB.DimensionProperty), (LAPE.refArea, QB.DimensionProperty),
                       (LAPE.populationGroup, QB.DimensionProperty),
                       (LAPE.refPeriod, QB.DimensionProperty), (LAPE.value, QB.MeasureProperty),
                       (LAPE.unit, QB.AttributeProperty),
                       (LAPE.sourceSurvey, QB.AttributeProperty)]:
        assert (prop, RDF.type, kind) in ontology, prop
    orders = sorted(int(o) for c in components for o in ontology.objects(c, QB.order))
    assert orders == [1, 2, 3, 4]


def test_sotkanet_structure(ontology: Graph) -> None:
    """Imported Sotkanet series: sex (SDMX) instead of the plan's population group."""
    sex = URIRef("http://purl.org/linked-data/sdmx/2009/dimension#sex")
    dsd = LAPE.SotkanetStructure
    assert (dsd, RDF.type, QB.DataStructureDefinition) in ontology
    components = list(ontology.objects(dsd, QB.component))

    def declared(role: URIRef) -> set[URIRef]:
        return {o for c in components for o in ontology.objects(c, role)}

    assert declared(QB.dimension) == {LAPE.indicator, LAPE.refArea, LAPE.refPeriod, sex}
    assert declared(QB.measure) == {LAPE.value}
    assert declared(QB.attribute) == {LAPE.unit, LAPE.absoluteValue}
    assert (sex, RDF.type, QB.DimensionProperty) in ontology
    assert (LAPE.absoluteValue, RDF.type, QB.AttributeProperty) in ontology
    codes = URIRef("http://purl.org/linked-data/sdmx/2009/code#sex")
    labelled = {c for c in ontology.subjects(SKOS.inScheme, codes)
                if {lit.language for lit in ontology.objects(c, SKOS.prefLabel)} >= {"fi", "en"}}
    assert len(labelled) == 3


# -- vocabularies ----------------------------------------------------------------------


def concepts(graph: Graph) -> set[URIRef]:
    return {c for c in graph.subjects(RDF.type, SKOS.Concept)
            if str(c).startswith(str(ns.VOCAB))}


@pytest.mark.parametrize("scheme, names", sorted(SCHEMES.items()))
def test_scheme_has_exactly_the_contract_concepts(ontology: Graph, scheme: str,
                                                  names: set[str]) -> None:
    scheme_iri = ns.VOCAB[scheme]
    assert (scheme_iri, RDF.type, SKOS.ConceptScheme) in ontology
    assert {"fi", "en"} <= set(languages(ontology, scheme_iri, SKOS.prefLabel))
    members = set(ontology.subjects(SKOS.inScheme, scheme_iri))
    assert {str(m).removeprefix(f"{scheme_iri}/") for m in members} == names
    assert all(str(m).startswith(f"{scheme_iri}/") for m in members)
    assert set(ontology.subjects(SKOS.topConceptOf, scheme_iri)) == members
    assert set(ontology.objects(scheme_iri, SKOS.hasTopConcept)) == members


def test_no_scheme_beyond_the_contract(ontology: Graph) -> None:
    schemes = set(ontology.subjects(RDF.type, SKOS.ConceptScheme))
    assert schemes == {ns.VOCAB[s] for s in SCHEMES}


def test_every_concept_has_labels_and_exactly_one_scheme(ontology: Graph) -> None:
    problems = []
    for concept in sorted(concepts(ontology)):
        labels = languages(ontology, concept, SKOS.prefLabel)
        if not {"fi", "en"} <= set(labels) or len(labels) != len(set(labels)):
            problems.append(f"{concept}: prefLabels {labels}")
        if "en" not in languages(ontology, concept, SKOS.definition):
            problems.append(f"{concept}: no en definition")
        if len(list(ontology.objects(concept, SKOS.inScheme))) != 1:
            problems.append(f"{concept}: not in exactly one scheme")
    assert not problems


def test_code_namespaces_match_the_schemes(ontology: Graph) -> None:
    """lapekg.namespaces mints concept IRIs; each namespace must be one of our schemes."""
    by_namespace = {ns.AREA: "development-area", ns.STATUS: "practice-status",
                    ns.PRACTICE_KIND: "practice-kind", ns.ADOPTION_KIND: "adoption-kind",
                    ns.ROLE: "role", ns.LEVEL: "level", ns.POPULATION: "population-group",
                    ns.ROW_KIND: "measure-row-kind", ns.CFM: "child-friendly-status",
                    ns.UNIT: "unit"}
    for namespace, scheme in by_namespace.items():
        for name in SCHEMES[scheme]:
            assert (namespace[name], SKOS.inScheme, ns.VOCAB[scheme]) in ontology, name


def test_typed_concepts(ontology: Graph) -> None:
    for name in SCHEMES["role"]:
        assert (ns.ROLE[name], RDF.type, ORG.Role) in ontology, name
    for name in SCHEMES["population-group"]:
        assert (ns.POPULATION[name], RDF.type, LAPE.PopulationGroup) in ontology, name
    notations = {str(ontology.value(ns.AREA[name], SKOS.notation))
                 for name in SCHEMES["development-area"]}
    assert notations == {"ToMu", "PeKe", "VARKO", "EVA"}


def test_glossary_swedish_labels(ontology: Graph) -> None:
    expected = {ns.AREA.peke: "Familjecenter", ns.ROLE["deputy-member"]: "ersättare",
                ns.LEVEL["capital-region"]: "huvudstadsregionen",
                ns.PRACTICE_KIND["agile-experiment"]: "agilt försök"}
    for concept, label in expected.items():
        assert Literal(label, lang="sv") in set(ontology.objects(concept, SKOS.prefLabel))


# -- consistency -----------------------------------------------------------------------


@pytest.mark.parametrize("reasoner", REASONER_PARAMS)
def test_ontology_is_consistent(ontology: Graph, reasoner: str) -> None:
    size = len(ontology)
    assert consistency_problems(ontology, reasoner) == []
    assert len(ontology) == size, "the check must reason on a copy"


@pytest.mark.parametrize("reasoner", REASONER_PARAMS)
def test_contract_shaped_instances_are_consistent(ontology: Graph, reasoner: str) -> None:
    """The ranges and disjointness accept data written as the decision prescribes."""
    data = with_turtle(ontology, VALID_INSTANCES)
    assert consistency_problems(data, reasoner) == []


@pytest.mark.parametrize("reasoner", REASONER_PARAMS)
@pytest.mark.parametrize("case", sorted(BROKEN))
def test_inconsistency_is_reported(ontology: Graph, reasoner: str, case: str) -> None:
    """The negative control: without it a checker reporting nothing would pass above."""
    broken = with_turtle(ontology, BROKEN[case])
    assert consistency_problems(broken, reasoner) != []


def test_owlrl_names_the_clash(ontology: Graph) -> None:
    problems = consistency_problems(with_turtle(ontology, BROKEN["region as lape:municipality"]))
    assert any("Municipality" in p and "Region" in p and "id/region/01" in p for p in problems)


def test_dataset_is_checked_as_the_union_of_its_graphs(ontology: Graph) -> None:
    """The build holds one named graph per document; a clash across graphs still counts."""
    dataset = Dataset()
    graph_ontology = dataset.graph(URIRef("urn:test:graph/ontology"))
    for triple in ontology:
        graph_ontology.add(triple)
    dataset.graph(URIRef("urn:test:graph/doc")).parse(
        data=PREFIXES_TTL + BROKEN["person typed as municipality"], format="turtle")
    assert consistency_problems(dataset) != []


@needs_hermit
def test_hermit_finds_unsatisfiable_classes(ontology: Graph) -> None:
    """Beyond OWL RL: a class no individual can belong to, even with no instances."""
    broken = with_turtle(ontology, """
        <urn:test:PersonMunicipality> a owl:Class ;
            rdfs:subClassOf lape:Person , lape:Municipality .
    """)
    assert consistency_problems(broken, "owlrl") == []  # the reason HermiT is offered
    assert consistency_problems(broken, "hermit") == [
        "HermiT: class urn:test:PersonMunicipality is unsatisfiable"]


@needs_hermit
def test_hermit_checks_datatype_ranges(ontology: Graph) -> None:
    broken = with_turtle(ontology, '<observation/o> lape:value "many" .')
    assert consistency_problems(broken, "hermit") != []


def test_unknown_reasoner_is_refused(ontology: Graph) -> None:
    with pytest.raises(ValueError, match="unknown reasoner"):
        consistency_problems(ontology, "pellet")
    assert set(REASONERS) == {"owlrl", "hermit"}


# -- diagram ---------------------------------------------------------------------------

SCRIPT = ROOT / "scripts" / "ontology_diagram.py"


def run_diagram(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, str(SCRIPT), *args], capture_output=True,
                          text=True, cwd=ROOT, check=False)


def test_model_diagram_is_up_to_date() -> None:
    result = run_diagram("--check")
    assert result.returncode == 0, result.stderr


def test_diagram_check_fails_on_a_stale_document(tmp_path: Path) -> None:
    stale = tmp_path / "model.md"
    stale.write_text("# Model\n\n<!-- diagram:start -->\nold\n<!-- diagram:end -->\n",
                     encoding="utf-8")
    assert run_diagram("--check", "--doc", str(stale)).returncode == 1
    assert run_diagram("--doc", str(stale)).returncode == 0
    assert run_diagram("--check", "--doc", str(stale)).returncode == 0
    text = stale.read_text(encoding="utf-8")
    assert text.startswith("# Model\n") and "classDiagram" in text
    assert 'class lape_Municipality["municipality"]' in text
    assert "org_Organization <|-- lape_Municipality" in text
    assert "lape_SubGoal --> lape_MainGoal : main goal" in text


def test_diagram_refuses_a_document_without_markers(tmp_path: Path) -> None:
    doc = tmp_path / "model.md"
    doc.write_text("# Model\n", encoding="utf-8")
    assert run_diagram("--doc", str(doc)).returncode == 2
    assert doc.read_text(encoding="utf-8") == "# Model\n"
