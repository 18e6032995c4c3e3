"""Curated files (``data/curated/*.yaml``) → RDF.

Two passes: first every entry's id is declared (so entries may refer forward and across
files, and a duplicate id is caught with both locations), then each entry is checked
field by field and emitted into the named graph of its first evidence document. The
format is documented in ``data/curated/README.md``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, FOAF, RDF, RDFS, SKOS, XSD

from ..errors import InputError
from ..namespaces import (
    ADOPTION_KIND,
    AREA,
    CFM,
    EVENT_KIND,
    LAPE,
    LEVEL,
    ORG,
    PRACTICE_KIND,
    ROLE,
    STATUS,
)
from .context import BuildContext
from .yamlio import Located, load_yaml

#: Files under data/curated/ that belong to a parser, not to this loader.
PARSER_FILES = frozenset({"kymenlaakso-actor-blocks.yaml"})

ORGANISATION_CLASSES = {
    "ngo": LAPE.NonGovernmentalOrganisation,
    "parish": LAPE.Parish,
    "joint-municipal-authority": LAPE.JointMunicipalAuthority,
    "police-unit": LAPE.PoliceUnit,
    "university": LAPE.University,
    "government-agency": LAPE.GovernmentAgency,
    "school": LAPE.School,
    "competence-centre": LAPE.CompetenceCentre,
    "municipal-unit": LAPE.MunicipalUnit,
    "collaboration": LAPE.ActorCollaboration,
    "company": LAPE.Company,
}
PLAN_CLASSES = {
    "rooting-plan": LAPE.RootingPlan,
    "welfare-plan": LAPE.WelfarePlan,
    "results-report": LAPE.Plan,
}
AREAS = {"ToMu": AREA.tomu, "PeKe": AREA.peke, "VARKO": AREA.varko, "EVA": AREA.eva}
LEVELS = ("local", "regional", "capital-region", "national")
ROLES = ("chair", "co-chair", "vice-chair", "member", "deputy-member", "representative",
         "responsible-person", "participant")
#: Roles of a participation: the membership roles plus the parts an actor plays in a
#: practice or event run by someone else.
PARTICIPATION_ROLES = ROLES + ("partner", "organiser", "trainer", "presenter", "coordinator",
                               "implementer", "evaluator")
PRACTICE_KINDS = ("agile-experiment", "pilot", "service-model", "method", "training", "tool")
STATUSES = ("made-permanent", "continues", "expanded", "not-realised", "discontinued",
            "planned", "evaluated")
ADOPTION_KINDS = ("adopted", "adapted", "studied", "planned", "piloted", "extended", "offered",
                  "joint", "implemented", "spread-regionally", "spread-nationally")
#: How each adoption kind reads in a label, per language.
ADOPTION_KIND_WORDS = {
    "adopted": ("otettu käyttöön", "adopted"), "adapted": ("sovellettu", "adapted"),
    "studied": ("tutustuttu", "studied"), "planned": ("suunniteltu", "planned"),
    "piloted": ("pilotoitu", "piloted"), "extended": ("laajennettu", "extended"),
    "offered": ("tarjottu", "offered"), "joint": ("yhteinen", "run jointly"),
    "implemented": ("toteutettu", "implemented"),
    "spread-regionally": ("levinnyt maakunnallisesti", "spread regionally"),
    "spread-nationally": ("levinnyt valtakunnallisesti", "spread nationally"),
}
EVENT_KINDS = ("seminar", "workshop", "training", "roadshow", "conference", "campaign",
               "meeting", "evaluation", "annual-cycle")
CFM_STATUSES = ("in-model", "preparing-application", "applying", "joining", "recognised",
                "child-friendly")
COMPARATORS = ("more-than", "exactly")
LANGUAGES = ("fi", "en", "sv")

AGENT_KINDS = ("municipality", "organisation", "group")
AREA_KINDS = ("municipality", "region")


@dataclass
class Entry:
    """One curated entry with the context needed to emit it."""

    section: str
    data: Located
    iri: URIRef

    @property
    def where(self) -> str:
        return self.data.where


# --- field checks --------------------------------------------------------------------


def _require(entry: Entry, *names: str) -> None:
    for name in names:
        if name not in entry.data or entry.data[name] in (None, "", []):
            raise InputError(f"{entry.section} entry lacks {name!r}", where=entry.where)


def _choice(entry: Entry, name: str, allowed) -> str:
    value = entry.data[name]
    if value not in allowed:
        raise InputError(f"{name} {value!r} is not allowed", where=entry.where,
                         hint=f"one of: {', '.join(allowed)}")
    return value


def _as_list(entry: Entry, name: str) -> list:
    value = entry.data.get(name) or []
    return value if isinstance(value, list) else [value]


def _labels(entry: Entry, name: str, *, required: tuple[str, ...] = ()) -> dict[str, str]:
    value = entry.data.get(name) or {}
    if not isinstance(value, dict):
        raise InputError(f"{name} must be a mapping of language to text", where=entry.where,
                         hint="e.g. {fi: '...', en: '...'}")
    for lang in value:
        if lang not in LANGUAGES:
            raise InputError(f"{name} has unknown language {lang!r}", where=entry.where,
                             hint=f"one of: {', '.join(LANGUAGES)}")
    for lang in required:
        if not value.get(lang):
            raise InputError(f"{name} lacks the {lang!r} text", where=entry.where)
    return {lang: str(text).strip() for lang, text in value.items() if text}


def _year_or_month(entry: Entry, name: str) -> Literal | None:
    value = entry.data.get(name)
    if value in (None, ""):
        return None
    text = str(value)
    if len(text) == 4 and text.isdigit():
        return Literal(text, datatype=XSD.gYear)
    if len(text) == 7 and text[:4].isdigit() and text[4] == "-" and text[5:].isdigit():
        return Literal(text, datatype=XSD.gYearMonth)
    if len(text) == 10 and text[:4].isdigit():
        return Literal(text, datatype=XSD.date)
    raise InputError(f"{name} {value!r} is not a year, year-month or date", where=entry.where,
                     hint="write 2018, 2018-11 or 2018-11-06")


PERIOD = (("start", LAPE.startDate), ("end", LAPE.endDate))
DATED = (("date", DCTERMS.date),) + PERIOD


def _add_dates(entry: Entry, g: Graph, fields) -> None:
    """Each (field, property) of ``fields`` the entry gives, as a year, month or date."""
    for name, prop in fields:
        value = _year_or_month(entry, name)
        if value is not None:
            g.add((entry.iri, prop, value))


# --- emission helpers ----------------------------------------------------------------


class Emitter:
    """Emits the curated entries of one build."""

    def __init__(self, ctx: BuildContext):
        self.ctx = ctx
        self.labels: dict[str, dict[str, str]] = {}

    def ref(self, entry: Entry, value, kinds: tuple[str, ...]) -> URIRef:
        if not isinstance(value, str):
            raise InputError(f"reference {value!r} must be a string kind/key", where=entry.where)
        return self.ctx.resolve(value, entry.where, kinds)

    def graph_of(self, entry: Entry) -> Graph:
        evidence = entry.data.get("evidence")
        if not isinstance(evidence, list) or not evidence:
            raise InputError(f"{entry.section} entry has no evidence", where=entry.where,
                             hint="add evidence: [{doc: ..., quote: ...}]; no fact without a quote")
        first = evidence[0]
        if not isinstance(first, dict) or "doc" not in first:
            raise InputError("evidence items need doc and quote", where=entry.where)
        return self.ctx.graph(first["doc"], where=getattr(first, "where", entry.where))

    def evidence(self, entry: Entry, subject: URIRef) -> None:
        for item in entry.data.get("evidence") or []:
            where = getattr(item, "where", entry.where)
            if not isinstance(item, dict) or not item.get("doc") or not item.get("quote"):
                raise InputError("evidence items need doc and quote", where=where)
            extra = set(item) - {"doc", "quote", "occurrence"}
            if "page" in extra:
                raise InputError(
                    f"evidence gives page {item['page']!r}, which cannot be checked: the pinned "
                    "text of the document has no page breaks", where=where,
                    hint="drop `page:`; the build records the quote's line and character "
                         "offsets, which the entity pages link to")
            if extra:
                raise InputError(f"unknown evidence field(s) {sorted(extra)}", where=where)
            self.ctx.add_evidence(subject, item["doc"], str(item["quote"]), where=where,
                                  occurrence=int(item.get("occurrence", 1)))

    def add_labels(self, graph: Graph, subject: URIRef, labels: dict[str, str]) -> None:
        for lang, text in labels.items():
            graph.add((subject, RDFS.label, Literal(text, lang=lang)))
            graph.add((subject, SKOS.prefLabel, Literal(text, lang=lang)))

    def add_alt_labels(self, graph: Graph, subject: URIRef, entry: Entry) -> None:
        alts = entry.data.get("alt_labels") or {}
        if not isinstance(alts, dict):
            raise InputError("alt_labels must map a language to a list", where=entry.where)
        for lang, texts in alts.items():
            if lang not in LANGUAGES:
                raise InputError(f"alt_labels has unknown language {lang!r}", where=entry.where)
            for text in texts if isinstance(texts, list) else [texts]:
                graph.add((subject, SKOS.altLabel, Literal(str(text), lang=lang)))

    def label_of(self, reference: str, lang: str = "fi") -> str:
        """A person-readable name of a referenced entity, never its IRI fragment."""
        labels = self.labels.get(reference) or {}
        text = labels.get(lang) or labels.get("fi") or labels.get("en") or \
            next(iter(labels.values()), None)
        if text is None:
            raise InputError(f"{reference} has no label to name it by",
                             hint="give the entry a label, or declare a label for it")
        return text


# --- one function per section ---------------------------------------------------------


def _organisation(em: Emitter, entry: Entry, g: Graph) -> None:
    _require(entry, "kind", "label")
    kind = _choice(entry, "kind", tuple(ORGANISATION_CLASSES))
    g.add((entry.iri, RDF.type, ORGANISATION_CLASSES[kind]))
    em.add_labels(g, entry.iri, _labels(entry, "label", required=("fi", "en")))
    em.add_alt_labels(g, entry.iri, entry)
    if entry.data.get("parent"):
        g.add((entry.iri, ORG.subOrganizationOf,
               em.ref(entry, entry.data["parent"], ("organisation", "municipality"))))
    if entry.data.get("municipality"):
        g.add((entry.iri, LAPE.municipality,
               em.ref(entry, entry.data["municipality"], ("municipality",))))
    members = _as_list(entry, "members")
    if members and kind != "collaboration":
        raise InputError("only a collaboration has members", where=entry.where)
    for member in members:
        g.add((entry.iri, ORG.hasMember, em.ref(entry, member, AGENT_KINDS)))
    if entry.data.get("reference"):
        em.ctx.reference_links.append((entry.iri, str(entry.data["reference"]), entry.where))


def _person(em: Emitter, entry: Entry, g: Graph) -> None:
    _require(entry, "name")
    name = str(entry.data["name"]).strip()
    g.add((entry.iri, RDF.type, LAPE.Person))
    g.add((entry.iri, FOAF.name, Literal(name)))
    g.add((entry.iri, RDFS.label, Literal(name)))
    for lang, text in _labels(entry, "job_title").items():
        g.add((entry.iri, LAPE.jobTitle, Literal(text, lang=lang)))
    if entry.data.get("municipality"):
        g.add((entry.iri, LAPE.municipality,
               em.ref(entry, entry.data["municipality"], ("municipality",))))


def _group(em: Emitter, entry: Entry, g: Graph) -> None:
    _require(entry, "label", "level")
    g.add((entry.iri, RDF.type, LAPE.WorkingGroup))
    em.add_labels(g, entry.iri, _labels(entry, "label", required=("fi", "en")))
    em.add_alt_labels(g, entry.iri, entry)
    g.add((entry.iri, LAPE.groupLevel, LEVEL[_choice(entry, "level", LEVELS)]))
    if entry.data.get("parent"):
        g.add((entry.iri, ORG.subOrganizationOf,
               em.ref(entry, entry.data["parent"], ("group", "programme", "organisation"))))
    if entry.data.get("municipality"):
        g.add((entry.iri, LAPE.municipality,
               em.ref(entry, entry.data["municipality"], ("municipality",))))
    if entry.data.get("area"):
        g.add((entry.iri, LAPE.developmentArea, AREAS[_choice(entry, "area", tuple(AREAS))]))


def _membership(em: Emitter, entry: Entry, g: Graph) -> None:
    _require(entry, "member", "group", "role")
    member = em.ref(entry, entry.data["member"], ("person",) + AGENT_KINDS)
    group = em.ref(entry, entry.data["group"], ("group",))
    role = _choice(entry, "role", ROLES)
    g.add((entry.iri, RDF.type, ORG.Membership))
    g.add((entry.iri, ORG.member, member))
    g.add((entry.iri, ORG.organization, group))
    g.add((entry.iri, ORG.role, ROLE[role]))
    if entry.data.get("represents"):
        g.add((entry.iri, LAPE.represents,
               em.ref(entry, entry.data["represents"], ("municipality", "organisation"))))
    for lang, text in _labels(entry, "note").items():
        g.add((entry.iri, LAPE.note, Literal(text, lang=lang)))
    label = (f"{em.label_of(entry.data['member'])} – {role} – "
             f"{em.label_of(entry.data['group'])}")
    g.add((entry.iri, RDFS.label, Literal(label)))


def _plan(em: Emitter, entry: Entry, g: Graph) -> None:
    _require(entry, "kind", "label", "document", "area")
    kind = _choice(entry, "kind", tuple(PLAN_CLASSES))
    g.add((entry.iri, RDF.type, PLAN_CLASSES[kind]))
    em.add_labels(g, entry.iri, _labels(entry, "label", required=("fi", "en")))
    doc = str(entry.data["document"])
    if doc not in em.ctx.sources:
        raise InputError(f"unknown document {doc!r}", where=entry.where,
                         hint=f"one of: {', '.join(sorted(em.ctx.sources))}")
    g.add((entry.iri, LAPE.documentedIn, em.ctx.iris.document(doc)))
    area = em.ref(entry, entry.data["area"], AREA_KINDS)
    area_property = LAPE.municipality if entry.data["area"].startswith("municipality/") \
        else LAPE.region
    g.add((entry.iri, area_property, area))
    if entry.data.get("programme"):
        g.add((entry.iri, DCTERMS.isPartOf,
               em.ref(entry, entry.data["programme"], ("programme",))))
    _add_dates(entry, g, PERIOD)


def _programme(em: Emitter, entry: Entry, g: Graph) -> None:
    _require(entry, "label")
    g.add((entry.iri, RDF.type, LAPE.Programme))
    em.add_labels(g, entry.iri, _labels(entry, "label", required=("fi", "en")))
    em.add_alt_labels(g, entry.iri, entry)
    if entry.data.get("part_of"):
        g.add((entry.iri, DCTERMS.isPartOf,
               em.ref(entry, entry.data["part_of"], ("programme",))))
    _add_dates(entry, g, PERIOD)
    if entry.data.get("grant_eur") is not None:
        g.add((entry.iri, LAPE.grantAmount,
               Literal(str(entry.data["grant_eur"]), datatype=XSD.decimal)))
    if entry.data.get("municipality_count") is not None:
        g.add((entry.iri, LAPE.municipalityCount,
               Literal(int(entry.data["municipality_count"]), datatype=XSD.integer)))
    if entry.data.get("region"):
        g.add((entry.iri, LAPE.region, em.ref(entry, entry.data["region"], ("region",))))
    for area in _as_list(entry, "areas"):
        if area not in AREAS:
            raise InputError(f"area {area!r} is not allowed", where=entry.where,
                             hint=f"one of: {', '.join(AREAS)}")
        g.add((entry.iri, LAPE.developmentArea, AREAS[area]))


def _practice(em: Emitter, entry: Entry, g: Graph) -> None:
    _require(entry, "label", "kind")
    shared = entry.data.get("shared", False)
    if not isinstance(shared, bool):
        raise InputError("shared must be true or false", where=entry.where)
    if not shared and not entry.data.get("owner"):
        raise InputError("practices entry lacks 'owner'", where=entry.where,
                         hint="name who runs it, or mark a method used by many `shared: true`")
    g.add((entry.iri, RDF.type, LAPE.Practice))
    if shared:
        g.add((entry.iri, RDF.type, LAPE.SharedPractice))
    if entry.data.get("version_of"):
        origin = em.ref(entry, entry.data["version_of"], ("practice",))
        if origin == entry.iri:
            raise InputError("a practice cannot be a version of itself", where=entry.where)
        g.add((entry.iri, LAPE.versionOf, origin))
    for target in _as_list(entry, "offered_to"):
        g.add((entry.iri, LAPE.offeredTo,
               em.ref(entry, target, AGENT_KINDS + ("region", "area"))))
    _add_dates(entry, g, PERIOD + (("offered_until", LAPE.offeredUntil),))
    em.add_labels(g, entry.iri, _labels(entry, "label", required=("fi", "en")))
    em.add_alt_labels(g, entry.iri, entry)
    g.add((entry.iri, LAPE.practiceKind, PRACTICE_KIND[_choice(entry, "kind", PRACTICE_KINDS)]))
    for owner in _as_list(entry, "owner"):
        g.add((entry.iri, LAPE.owner, em.ref(entry, owner, AGENT_KINDS)))
    if entry.data.get("area"):
        g.add((entry.iri, LAPE.developmentArea, AREAS[_choice(entry, "area", tuple(AREAS))]))
    for status in _as_list(entry, "status"):
        if status not in STATUSES:
            raise InputError(f"status {status!r} is not allowed", where=entry.where,
                             hint=f"one of: {', '.join(STATUSES)}")
        g.add((entry.iri, LAPE.status, STATUS[status]))
    for person in _as_list(entry, "responsible"):
        g.add((entry.iri, LAPE.responsiblePerson, em.ref(entry, person, ("person",))))
    for lang, text in _labels(entry, "description").items():
        g.add((entry.iri, DCTERMS.description, Literal(text, lang=lang)))
    for subject in _as_list(entry, "subjects"):
        g.add((entry.iri, DCTERMS.subject, em.ctx.verified_yso(str(subject), entry.where)))
    for plan in _as_list(entry, "selected_for_rooting_in"):
        g.add((entry.iri, LAPE.selectedForRootingIn, em.ref(entry, plan, ("plan",))))


def _adoption(em: Emitter, entry: Entry, g: Graph) -> None:
    _require(entry, "practice", "to", "kind")
    kind = _choice(entry, "kind", ADOPTION_KINDS)
    # A regional or national spread names no adopter: its target is the region or country.
    target = em.ref(entry, entry.data["to"], AGENT_KINDS + ("region", "area"))
    g.add((entry.iri, RDF.type, LAPE.Adoption))
    g.add((entry.iri, LAPE.adoptedPractice, em.ref(entry, entry.data["practice"], ("practice",))))
    if entry.data.get("from"):  # the text does not always say where a practice came from
        g.add((entry.iri, LAPE.adoptedFrom, em.ref(entry, entry.data["from"], AGENT_KINDS)))
    g.add((entry.iri, LAPE.adoptedBy, target))
    g.add((entry.iri, LAPE.adoptionKind, ADOPTION_KIND[kind]))
    g.add((entry.iri, LAPE.isInferred, Literal(False)))
    if entry.data.get("local_name"):
        g.add((entry.iri, LAPE.localName, Literal(str(entry.data["local_name"]), lang="fi")))
    _add_dates(entry, g, DATED)
    for person in _as_list(entry, "responsible"):
        g.add((entry.iri, LAPE.responsiblePerson, em.ref(entry, person, ("person",))))
    for lang, index, source_word in (("fi", 0, "lähde:"), ("en", 1, "from")):
        words = ADOPTION_KIND_WORDS[kind][index]
        origin = (f", {source_word} {em.label_of(entry.data['from'], lang)}"
                  if entry.data.get("from") else "")
        label = (f"{em.label_of(entry.data['to'], lang)}: "
                 f"{em.label_of(entry.data['practice'], lang)} ({words}{origin})")
        g.add((entry.iri, RDFS.label, Literal(label, lang=lang)))


def _participation(em: Emitter, entry: Entry, g: Graph) -> None:
    _require(entry, "participant", "in", "role")
    participant = em.ref(entry, entry.data["participant"], ("person",) + AGENT_KINDS)
    activity = em.ref(entry, entry.data["in"], ("programme", "practice", "event", "group"))
    role = _choice(entry, "role", PARTICIPATION_ROLES)
    g.add((entry.iri, RDF.type, LAPE.Participation))
    g.add((entry.iri, LAPE.participant, participant))
    g.add((entry.iri, LAPE.participatesIn, activity))
    if entry.data["in"].startswith("programme/"):
        g.add((entry.iri, LAPE.inProgramme, activity))
    g.add((entry.iri, ORG.role, ROLE[role]))
    for lang, text in _labels(entry, "note").items():
        g.add((entry.iri, LAPE.note, Literal(text, lang=lang)))
    for lang in ("fi", "en"):
        label = (f"{em.label_of(entry.data['participant'], lang)} – {role} – "
                 f"{em.label_of(entry.data['in'], lang)}")
        g.add((entry.iri, RDFS.label, Literal(label, lang=lang)))


def _event(em: Emitter, entry: Entry, g: Graph) -> None:
    _require(entry, "label", "kind")
    g.add((entry.iri, RDF.type, LAPE.Event))
    em.add_labels(g, entry.iri, _labels(entry, "label", required=("fi", "en")))
    em.add_alt_labels(g, entry.iri, entry)
    g.add((entry.iri, LAPE.eventKind, EVENT_KIND[_choice(entry, "kind", EVENT_KINDS)]))
    _add_dates(entry, g, DATED)
    if entry.data.get("place"):
        g.add((entry.iri, LAPE.municipality,
               em.ref(entry, entry.data["place"], ("municipality",))))
    for organiser in _as_list(entry, "organiser"):
        g.add((entry.iri, LAPE.organiser, em.ref(entry, organiser, AGENT_KINDS + ("programme",))))
    for practice in _as_list(entry, "about"):
        g.add((entry.iri, LAPE.aboutPractice, em.ref(entry, practice, ("practice",))))
    if entry.data.get("plan"):
        g.add((entry.iri, LAPE.inPlan, em.ref(entry, entry.data["plan"], ("plan",))))
    for lang, text in _labels(entry, "description").items():
        g.add((entry.iri, DCTERMS.description, Literal(text, lang=lang)))


def _child_friendly_status(em: Emitter, entry: Entry, g: Graph) -> None:
    _require(entry, "municipality", "status", "year")
    status = _choice(entry, "status", CFM_STATUSES)
    year = _year_or_month(entry, "year")
    g.add((entry.iri, RDF.type, LAPE.ChildFriendlyStatus))
    g.add((entry.iri, LAPE.municipality,
           em.ref(entry, entry.data["municipality"], ("municipality",))))
    g.add((entry.iri, LAPE.childFriendlyStatus, CFM[status]))
    g.add((entry.iri, LAPE.year, year))
    target = entry.data.get("target", False)
    if not isinstance(target, bool):
        raise InputError("target must be true or false", where=entry.where)
    g.add((entry.iri, LAPE.isTarget, Literal(target)))
    label = f"{em.label_of(entry.data['municipality'])} {year}: {status}" + \
        (" (target)" if target else "")
    g.add((entry.iri, RDFS.label, Literal(label)))


def _structural_change(em: Emitter, entry: Entry, g: Graph) -> None:
    _require(entry, "area", "description")
    area = em.ref(entry, entry.data["area"], AREA_KINDS)
    prop = LAPE.municipality if entry.data["area"].startswith("municipality/") else LAPE.region
    g.add((entry.iri, RDF.type, LAPE.StructuralChange))
    g.add((entry.iri, prop, area))
    for lang, text in _labels(entry, "description", required=("fi",)).items():
        g.add((entry.iri, DCTERMS.description, Literal(text, lang=lang)))
        g.add((entry.iri, RDFS.label, Literal(text, lang=lang)))


def _key_figure(em: Emitter, entry: Entry, g: Graph) -> None:
    _require(entry, "programme", "label", "value", "comparator")
    g.add((entry.iri, RDF.type, LAPE.KeyFigure))
    g.add((entry.iri, LAPE.ofProgramme, em.ref(entry, entry.data["programme"], ("programme",))))
    em.add_labels(g, entry.iri, _labels(entry, "label", required=("fi", "en")))
    try:
        value = Literal(str(float(entry.data["value"])).removesuffix(".0"), datatype=XSD.decimal)
    except (TypeError, ValueError) as exc:
        raise InputError(f"value {entry.data['value']!r} is not a number",
                         where=entry.where) from exc
    g.add((entry.iri, LAPE.figureValue, value))
    g.add((entry.iri, LAPE.comparator, Literal(_choice(entry, "comparator", COMPARATORS))))


#: section → (entity kind, emitter, allowed fields besides id and evidence)
SECTIONS: dict[str, tuple[str, Callable[[Emitter, Entry, Graph], None], frozenset[str]]] = {
    "organisations": ("organisation", _organisation, frozenset(
        {"kind", "label", "alt_labels", "parent", "municipality", "members", "reference"})),
    "people": ("person", _person, frozenset({"name", "job_title", "municipality"})),
    "groups": ("group", _group, frozenset(
        {"label", "alt_labels", "level", "parent", "municipality", "area"})),
    "memberships": ("membership", _membership, frozenset(
        {"member", "group", "role", "represents", "note"})),
    "plans": ("plan", _plan, frozenset(
        {"kind", "label", "document", "area", "programme", "start", "end"})),
    "programmes": ("programme", _programme, frozenset(
        {"label", "alt_labels", "part_of", "start", "end", "grant_eur", "municipality_count",
         "region", "areas"})),
    "practices": ("practice", _practice, frozenset(
        {"label", "alt_labels", "kind", "owner", "area", "status", "responsible",
         "description", "subjects", "selected_for_rooting_in", "shared", "version_of",
         "offered_to", "offered_until", "start", "end"})),
    "adoptions": ("adoption", _adoption, frozenset(
        {"practice", "from", "to", "kind", "local_name", "date", "start", "end",
         "responsible"})),
    "participations": ("participation", _participation, frozenset(
        {"participant", "in", "role", "note"})),
    "events": ("event", _event, frozenset(
        {"label", "alt_labels", "kind", "date", "start", "end", "place", "organiser", "about",
         "description", "plan"})),
    "child_friendly_statuses": ("child-friendly-status", _child_friendly_status, frozenset(
        {"municipality", "status", "year", "target"})),
    "structural_changes": ("structural-change", _structural_change, frozenset(
        {"area", "description"})),
    "key_figures": ("key-figure", _key_figure, frozenset(
        {"programme", "label", "value", "comparator"})),
}


def curated_files(curated_dir: Path) -> list[Path]:
    return sorted(p for p in curated_dir.glob("*.yaml") if p.name not in PARSER_FILES)


def _entries(ctx: BuildContext, path: Path) -> tuple[list[Entry], list[Located]]:
    display = str(path.relative_to(ctx.settings.root)) \
        if path.is_relative_to(ctx.settings.root) else str(path)
    document = load_yaml(path, display)
    if document is None:
        return [], []
    if not isinstance(document, dict):
        raise InputError("a curated file is a mapping of section names to lists",
                         where=f"{display}:1", hint=f"sections: {', '.join(SECTIONS)}, mentions")
    entries: list[Entry] = []
    mentions: list[Located] = []
    for section, items in document.items():
        if section not in SECTIONS and section != "mentions":
            raise InputError(f"unknown section {section!r}", where=f"{display}:{document.line}",
                             hint=f"one of: {', '.join(SECTIONS)}, mentions")
        if not isinstance(items, list):
            raise InputError(f"section {section!r} must be a list", where=display)
        for item in items:
            if not isinstance(item, Located):
                raise InputError(f"entries of {section!r} must be mappings", where=display)
            if section == "mentions":
                mentions.append(item)
                continue
            kind, _, allowed = SECTIONS[section]
            unknown = set(item) - allowed - {"id", "evidence"}
            if unknown:
                raise InputError(f"unknown field(s) {sorted(unknown)} in {section}",
                                 where=item.where,
                                 hint=f"allowed: id, evidence, {', '.join(sorted(allowed))}")
            if "id" not in item:
                raise InputError(f"{section} entry lacks 'id'", where=item.where)
            iri = ctx.declare(f"{kind}/{item['id']}", item.where)
            entries.append(Entry(section, item, iri))
    return entries, mentions


def ingest(ctx: BuildContext) -> int:
    """Load every curated file; return the number of entries emitted."""
    emitter = Emitter(ctx)
    all_entries: list[Entry] = []
    all_mentions: list[Located] = []
    for path in curated_files(ctx.settings.data_dir / "curated"):
        entries, mentions = _entries(ctx, path)
        all_entries.extend(entries)
        all_mentions.extend(mentions)
    for entry in all_entries:  # labels first, so relationship labels can use them
        kind = SECTIONS[entry.section][0]
        label = entry.data.get("label") or ({"fi": entry.data["name"]}
                                             if "name" in entry.data else {})
        if isinstance(label, dict):
            emitter.labels[f"{kind}/{entry.data['id']}"] = {k: str(v) for k, v in label.items()}
    for reference, labels in ctx.reference_labels.items():
        emitter.labels.setdefault(reference, labels)
    for entry in all_entries:
        graph = emitter.graph_of(entry)
        SECTIONS[entry.section][1](emitter, entry, graph)
        emitter.evidence(entry, entry.iri)
    for mention in all_mentions:
        _mention(emitter, mention)
    return len(all_entries)


def _mention(em: Emitter, data: Located) -> None:
    unknown = set(data) - {"ref", "alt_labels", "evidence"}
    if unknown:
        raise InputError(f"unknown field(s) {sorted(unknown)} in mentions", where=data.where,
                         hint="allowed: ref, alt_labels, evidence")
    if "ref" not in data:
        raise InputError("mention lacks 'ref'", where=data.where)
    entry = Entry("mentions", data, em.ctx.resolve(str(data["ref"]), data.where))
    graph = em.graph_of(entry)
    em.add_alt_labels(graph, entry.iri, entry)
    em.evidence(entry, entry.iri)
