"""Linked Data: every IRI under the base dereferences.

``/id/…`` and ``/vocab/…`` answer 303 See Other to ``/page/…`` (HTML) or
``/data/…​.<suffix>`` (RDF) by ``Accept``; ``/data/…`` without a suffix negotiates in place
(200 with ``Content-Location``). Entity pages, class indexes and the home page live here
too; the ontology documentation is in :mod:`.ontology_docs`, the source reader in
:mod:`.source_reader`.

Every page runs a small, fixed number of bounded queries through ``store.select``: an
entity page runs five (outgoing, incoming counts, a preview or one page of incoming links,
evidence, labels), whatever the entity, and at most three more for the researcher's
overview of an actor or a practice (:mod:`.views.overview`). Request values reach a
query only as typed terms in a VALUES block (:func:`values`); LIMIT and OFFSET are Python
ints computed here.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

import pyoxigraph as ox
from flask import Blueprint, Response, redirect, request

from .. import iri as scheme
from ..errors import NotFound, ParameterError
from ..namespaces import DCTERMS, FOAF, LAPE, OWL, RDF, RDFS, SKOS, sparql_prologue
from ..queries import IRIREF
from . import render
from .caching import per_release
from .render import (
    BY_SUFFIX,
    RDF_FORMATS,
    alternates_for,
    chosen_language,
    lang_url,
    language_order,
    local_path,
    negotiate,
    pick_label,
    render_page,
    resource_iri,
    resource_path,
    services,
    settings,
)

bp = Blueprint("entities", __name__)
bp.app_context_processor(render.chrome)

Term = ox.NamedNode | ox.Literal | ox.BlankNode

OUTGOING_CAP = 2000  # outgoing triples shown or served per entity
INCOMING_PAGE = 50  # incoming links of one property per HTML page
INCOMING_PREVIEW = 10  # links per incoming property on the entity page itself
INCOMING_PROPERTIES = 40  # incoming properties previewed (the rest: count and link)
INCOMING_RDF_CAP = 1000  # incoming triples in an entity's RDF description
INDEX_PAGE = 50
LABEL_PROPERTIES = (RDFS.label, SKOS.prefLabel, FOAF.name, DCTERMS.title)
LABEL_PATH = "|".join(f"<{p}>" for p in LABEL_PROPERTIES)
EVIDENCE_CAP = 200


def select(sparql: str) -> list[dict[str, Term]]:
    """Run a SELECT with the project prefixes through the app's store."""
    return services().store.select(sparql_prologue(settings().base) + sparql)


def values(**terms: Term) -> str:
    """``VALUES (?a ?b) { (<…> "…") }``: one row of typed terms in their N-Triples form.

    How request values reach a query here: as pyoxigraph terms (IRIs checked against the
    IRIREF grammar, literals escaped by pyoxigraph), never as raw text. A VALUES block
    rather than ``substitutions`` because pyoxigraph binds only projected variables and a
    remote store has no substitutions at all.
    """
    names = " ".join(f"?{name}" for name in terms)
    return f"VALUES ({names}) {{ ({' '.join(str(term) for term in terms.values())}) }}"


def values_of(name: str, terms: Iterable[Term]) -> str:
    """``VALUES ?name { t1 t2 … }`` for many terms of one variable."""
    return f"VALUES ?{name} {{ {' '.join(str(term) for term in terms)} }}"


def label_key_sparql(var: str, label: str = "?l") -> str:
    """SPARQL expression ranking a label by language: ``"<rank><text>"``, lowest is best.

    Ranks follow :func:`render.language_order` through the bound variables ?lang1..?lang3;
    untagged labels come next, others last. ``MIN`` over it picks the best label.
    """
    return (f'CONCAT(IF(LANG({label}) = ?lang1, "1", IF(LANG({label}) = ?lang2, "2", '
            f'IF(LANG({label}) = ?lang3, "3", IF(LANG({label}) = "", "4", "5")))), '
            f'STR({label})) AS {var}')


def language_values(lang: str) -> str:
    """The VALUES row binding ?lang1..?lang3 for :func:`label_key_sparql`."""
    return values(**{f"lang{i}": ox.Literal(code)
                     for i, code in enumerate(language_order(lang), 1)})


def page_number(name: str = "page") -> int:
    raw = request.args.get(name, "1")
    if not raw.isdigit() or not 1 <= int(raw) <= 100_000:
        raise ParameterError(f"{name}={raw!r} is not a page number", where=f"parameter {name}",
                             hint="a whole number from 1")
    return int(raw)


# --- values shown on pages ------------------------------------------------------------------


@dataclass
class Value:
    """One RDF term as a page shows it: text, and a link for IRIs."""

    text: str
    iri: str = ""
    href: str = ""
    lang: str = ""
    datatype: str = ""
    external: bool = False


@dataclass
class Group:
    """The values of one property, under the property's label."""

    prop: Value
    values: list[Value] = field(default_factory=list)
    total: int = 0
    more_href: str = ""


@dataclass
class Evidence:
    iri: Value
    document: Value
    doc_id: str
    quote: str
    start: int | None
    end: int | None
    line: int | None
    source_href: str


@dataclass
class EntityPage:
    iri: str
    path: str
    label: str
    types: list[Value]
    outgoing: list[Group]
    incoming: list[Group]
    incoming_total: int
    incoming_page: int
    incoming_pages: int
    incoming_filter: Value | None
    evidence: list[Evidence]
    external: list[Value]
    truncated: bool


class Labels:
    """Labels of many IRIs, fetched in one query (a VALUES block of N-Triples terms)."""

    def __init__(self, iris: set[str], lang: str):
        self.lang = lang
        self.found: dict[str, list[tuple[str, str]]] = {}
        if iris:
            block = values_of("r", (ox.NamedNode(i) for i in sorted(iris)))
            rows = select(f"SELECT ?r ?label WHERE {{ {block} ?r {LABEL_PATH} ?label }}")
            for row in rows:
                label = row["label"]
                if isinstance(label, ox.Literal):
                    self.found.setdefault(row["r"].value, []).append(
                        (label.value, label.language or ""))

    def of(self, iri: str) -> str | None:
        return pick_label(self.found.get(iri, []), self.lang)

    def value(self, term: Term) -> Value:
        if isinstance(term, ox.Literal):
            datatype = term.datatype.value
            shown = "" if datatype.endswith(("#string", "#langString")) else render.curie(datatype)
            return Value(text=term.value, lang=term.language or "", datatype=shown)
        if isinstance(term, ox.BlankNode):
            return Value(text=f"_:{term.value}")
        iri = term.value
        path = local_path(iri)
        text = self.of(iri) or render.curie(iri)
        if path is None:  # linked only where a browser fetches it (never javascript:)
            return Value(text=text, iri=iri, href=external_href(iri), external=True)
        return Value(text=text, iri=iri, href=lang_url(path.split("#")[0]) + _fragment(path))


_LINKABLE = re.compile(r"https?://", re.IGNORECASE)


def external_href(iri: str) -> str:
    """A foreign IRI as a link target: only http(s), never javascript:, data: and the like
    (those are shown as text)."""
    return iri if _LINKABLE.match(iri) else ""


def _fragment(path: str) -> str:
    return "#" + path.split("#", 1)[1] if "#" in path else ""


# --- the entity description -----------------------------------------------------------------

def q_exists(bound: str) -> str:
    return (f"SELECT ?x WHERE {{ {{ {bound} ?s ?p ?x }} UNION {{ {bound} ?x ?p ?s }} }} "
            "LIMIT 1")


def q_outgoing(bound: str) -> str:
    return (f"SELECT ?p ?o WHERE {{ {bound} ?s ?p ?o }} ORDER BY ?p ?o "
            f"LIMIT {OUTGOING_CAP + 1}")


def q_incoming_counts(bound: str) -> str:
    return f"SELECT ?p (COUNT(?x) AS ?n) WHERE {{ {bound} ?x ?p ?s }} GROUP BY ?p ORDER BY ?p"


def q_incoming_preview(subject: ox.NamedNode, props: list[str]) -> str:
    """The first links of each incoming property: one sub-select with LIMIT per property."""
    parts = [f"{{ SELECT ?x ?p WHERE {{ {values(s=subject, p=ox.NamedNode(p))} ?x ?p ?s }} "
             f"ORDER BY ?x LIMIT {INCOMING_PREVIEW} }}" for p in props]
    return "SELECT ?x ?p WHERE { " + " UNION ".join(parts) + " }"


def q_incoming(bound: str, limit: int, offset: int) -> str:
    return (f"SELECT ?x ?p WHERE {{ {bound} ?x ?p ?s }} ORDER BY ?p ?x "
            f"LIMIT {int(limit)} OFFSET {int(offset)}")


def q_evidence(bound: str) -> str:
    return f"""
SELECT ?ev ?doc ?quote ?start ?end ?line WHERE {{
  {{ {bound} ?s lape:evidence ?ev }} UNION {{ {bound} ?s a lape:Evidence . BIND(?s AS ?ev) }}
  ?ev lape:document ?doc ; lape:quote ?quote .
  OPTIONAL {{ ?ev lape:startOffset ?start }}
  OPTIONAL {{ ?ev lape:endOffset ?end }}
  OPTIONAL {{ ?ev lape:line ?line }}
}} ORDER BY ?doc ?start ?ev LIMIT {EVIDENCE_CAP}"""


#: Properties whose values are links out (Wikidata, YSO, Statistics Finland, …).
EXTERNAL_PROPERTIES = {str(OWL.sameAs), str(SKOS.exactMatch), str(SKOS.closeMatch),
                       str(DCTERMS.subject), str(RDFS.seeAlso), str(FOAF.homepage)}
EXTERNAL_SITES = (
    ("www.wikidata.org/entity/", "Wikidata"),
    ("www.yso.fi/onto/", "YSO (Finto)"),
    ("uri.suomi.fi/codelist/", "Statistics Finland classification (uri.suomi.fi)"),
    ("sotkanet.fi/", "Sotkanet (THL)"),
)
SOTKANET_INDICATOR = "https://sotkanet.fi/sotkanet/{lang}/metadata/indicators/{id}"
SOTKANET_REGIONS = "https://sotkanet.fi/rest/1.1/regions"
STATFI_MUNICIPALITY = "http://uri.suomi.fi/codelist/jhs/kunta_1_20230101/code/{code}"


def entity_exists(iri: str) -> bool:
    return bool(select(q_exists(values(s=checked_iri(iri)))))


def checked_iri(iri: str) -> ox.NamedNode:
    if not IRIREF.match(iri):
        raise NotFound(f"no resource {iri!r}", hint="identifiers are IRIs without spaces or <>")
    return ox.NamedNode(iri)


def external_links(rows: list[dict[str, Term]], lang: str) -> list[Value]:
    links: list[Value] = []
    for row in rows:
        prop, obj = row["p"].value, row["o"]
        if prop in EXTERNAL_PROPERTIES and isinstance(obj, ox.NamedNode):
            site = next((name for marker, name in EXTERNAL_SITES if marker in obj.value),
                        obj.value.split("/")[2] if obj.value.count("/") >= 2 else obj.value)
            key = obj.value.rstrip("/").rsplit("/", 1)[-1]
            links.append(Value(text=f"{site}: {key}", iri=obj.value,
                               href=external_href(obj.value), external=True))
        elif prop == str(LAPE.sotkanetIndicator):
            links.append(Value(text=f"Sotkanet (THL): indicator {obj.value}",
                               href=SOTKANET_INDICATOR.format(lang=lang, id=obj.value),
                               external=True))
        elif prop == str(LAPE.sotkanetRegionId):
            links.append(Value(text=f"Sotkanet (THL): region {obj.value}",
                               href=SOTKANET_REGIONS, external=True))
        elif prop == str(LAPE.municipalityCode) and obj.value.isdigit():
            links.append(Value(text=f"Statistics Finland municipality code {obj.value}",
                               href=STATFI_MUNICIPALITY.format(code=obj.value), external=True))
    return links


def describe(iri: str, lang: str, incoming_page: int = 1,
             incoming_property: str | None = None) -> EntityPage:
    """Everything an entity page shows, in five bounded queries; NotFound if unknown.

    Incoming links: by default the first :data:`INCOMING_PREVIEW` of each property (one
    query, a UNION of per-property sub-selects with LIMIT) and a link to the rest; with
    ``incoming_property`` one property's links, :data:`INCOMING_PAGE` per page.
    """
    subject = checked_iri(iri)
    bound = values(s=subject)
    outgoing = select(q_outgoing(bound))
    counts = {row["p"].value: int(row["n"].value)
              for row in select(q_incoming_counts(bound))}
    if not outgoing and not counts:
        raise services().no_resource(iri, request.path,
                                     hint="browse the class indexes or search by name")
    only = checked_iri(incoming_property) if incoming_property else None
    if only is not None:
        offset = (incoming_page - 1) * INCOMING_PAGE
        incoming = select(q_incoming(values(s=subject, p=only), INCOMING_PAGE, offset))
    elif counts:
        incoming = select(q_incoming_preview(subject, sorted(counts)[:INCOMING_PROPERTIES]))
    else:
        incoming = []
    evidence_rows = select(q_evidence(bound))

    truncated = len(outgoing) > OUTGOING_CAP
    outgoing = outgoing[:OUTGOING_CAP]
    iris = {iri} | set(counts)
    for row in outgoing:
        iris.add(row["p"].value)
        if isinstance(row["o"], ox.NamedNode):
            iris.add(row["o"].value)
    iris.update(row["x"].value for row in incoming if isinstance(row["x"], ox.NamedNode))
    iris.update(row["doc"].value for row in evidence_rows)
    labels = Labels(iris, lang)

    total = counts.get(only.value, 0) if only else sum(counts.values())
    return EntityPage(
        iri=iri, path=resource_path(iri) or "", label=labels.of(iri) or render.curie(iri),
        types=[labels.value(row["o"]) for row in outgoing if row["p"].value == str(RDF.type)],
        outgoing=_outgoing_groups(outgoing, labels),
        incoming=_incoming_groups(incoming, counts, labels, only),
        incoming_total=total, incoming_page=incoming_page,
        incoming_pages=max(1, -(-total // INCOMING_PAGE)) if only else 1,
        incoming_filter=labels.value(only) if only else None,
        evidence=[_evidence(row, labels) for row in evidence_rows],
        external=external_links(outgoing, lang), truncated=truncated,
    )


def _outgoing_groups(rows: list[dict[str, Term]], labels: Labels) -> list[Group]:
    hidden = {str(RDF.type), str(LAPE.evidence)}  # shown as types and as evidence
    groups: dict[str, Group] = {}
    for row in rows:
        prop = row["p"].value
        if prop in hidden:
            continue
        group = groups.setdefault(prop, Group(prop=labels.value(row["p"])))
        group.values.append(labels.value(row["o"]))
        group.total += 1
    return sorted(groups.values(), key=_group_order)


def _incoming_groups(rows: list[dict[str, Term]], counts: dict[str, int], labels: Labels,
                     only: ox.NamedNode | None) -> list[Group]:
    groups: dict[str, Group] = {}
    for prop, count in counts.items():
        if only is None or prop == only.value:
            groups[prop] = Group(prop=labels.value(ox.NamedNode(prop)), total=count)
    for row in rows:
        group = groups.get(row["p"].value)
        if group is not None:
            group.values.append(labels.value(row["x"]))
    for prop, group in groups.items():
        if only is None and group.total > len(group.values):
            group.more_href = lang_url(request.path, **{"in": prop})
    return sorted(groups.values(), key=lambda g: g.prop.text.lower())


def _group_order(group: Group) -> tuple[int, str]:
    first = {str(p) for p in LABEL_PROPERTIES} | {str(SKOS.altLabel), str(SKOS.notation)}
    return (0 if group.prop.iri in first else 1, group.prop.text.lower())


def _int(term: Term | None) -> int | None:
    return int(term.value) if term is not None and term.value.isdigit() else None


def document_id(doc_iri: str) -> str:
    """``…/id/document/<doc_id>`` → ``doc_id`` (empty for anything else)."""
    doc_path = resource_path(doc_iri) or ""
    return doc_path.split("/", 1)[1] if doc_path.startswith("document/") else ""


def passage_href(doc_iri: str, start: int | None, end: int | None) -> str:
    """The source reader's link to a passage of a source document ("" for other IRIs)."""
    doc_id = document_id(doc_iri)
    return lang_url(f"/source/{doc_id}", start=start, end=end) + "#passage" if doc_id else ""


def _evidence(row: dict[str, Term], labels: Labels) -> Evidence:
    doc_iri = row["doc"].value
    doc_id = document_id(doc_iri)
    start, end = _int(row.get("start")), _int(row.get("end"))
    href = passage_href(doc_iri, start, end)
    return Evidence(iri=labels.value(row["ev"]), document=labels.value(row["doc"]),
                    doc_id=doc_id, quote=row["quote"].value, start=start, end=end,
                    line=_int(row.get("line")), source_href=href)


def description_triples(iri: str) -> list[ox.Triple]:
    """The RDF served for an entity: its outgoing triples and (capped) incoming ones."""
    subject = checked_iri(iri)
    bound = values(s=subject)
    outgoing = select(q_outgoing(bound))[:OUTGOING_CAP]
    incoming = select(q_incoming(bound, INCOMING_RDF_CAP, 0))
    if not outgoing and not incoming:
        raise services().no_resource(iri, request.path)
    triples = [ox.Triple(subject, row["p"], row["o"]) for row in outgoing]
    triples += [ox.Triple(row["x"], row["p"], subject) for row in incoming]
    return triples


# --- dereferencing ------------------------------------------------------------------------------


def see_other(iri: str) -> Response:
    """303 to the page or the data document of ``iri``, chosen by ``Accept``."""
    path = resource_path(iri)
    if path is None or not entity_exists(iri):
        raise services().no_resource(iri, request.path,
                                     hint="browse the class indexes or search by name")
    fmt = negotiate()
    target = f"/page/{path}" if fmt is None else f"/data/{path}.{fmt.suffix}"
    query = request.query_string.decode("ascii", "replace")
    response = redirect(target + ("?" + query if query else ""), code=303)
    response.vary.add("Accept")
    return response


@bp.get("/id/<path:path>")
def identifier(path: str) -> Response:
    return see_other(scheme.entity(settings().base, path))


@bp.get("/vocab", defaults={"path": ""})
@bp.get("/vocab/<path:path>")
def vocabulary(path: str) -> Response:
    return see_other(resource_iri("vocab/" + path if path else "vocab"))


@bp.get("/page/<path:path>")
def page(path: str) -> Response:
    lang = chosen_language()
    prop = request.args.get("in") or None
    entity = describe(resource_iri(path), lang, page_number("in_page"), prop)
    from .views import local_page
    from .views.overview import overview_for  # the views build on this module

    overview = overview_for(entity.iri, entity.label) if prop is None else None
    return render_page("entity.html", entity=entity, overview=overview, page_of=local_page,
                       alternates=alternates_for(f"/data/{path}", f"/page/{path}"))


@bp.get("/data/<path:path>")
def data(path: str) -> Response:
    stem, _, suffix = path.rpartition(".")
    fmt = BY_SUFFIX.get(suffix) if stem else None
    if fmt is None:  # no suffix: negotiate in place
        stem, fmt = path, negotiate(RDF_FORMATS, html=False)
    triples = description_triples(resource_iri(stem))
    location = None if path != stem else f"/data/{stem}.{fmt.suffix}"
    return render.rdf_response(triples, fmt, alternates=alternates_for(
        f"/data/{stem}", f"/page/{stem}"), content_location=location)


# --- class indexes and home ---------------------------------------------------------------------


@dataclass(frozen=True)
class ClassIndex:
    slug: str
    classes: tuple[str, ...]
    title: dict[str, str]


def _lape(*names: str) -> tuple[str, ...]:
    return tuple(str(LAPE[name]) for name in names)


INDEXES: tuple[ClassIndex, ...] = (
    ClassIndex("municipalities", _lape("Municipality"),
               {"fi": "Kunnat", "sv": "Kommuner", "en": "Municipalities"}),
    ClassIndex("practices", _lape("Practice"),
               {"fi": "Toimintamallit", "sv": "Verksamhetsmodeller", "en": "Practices"}),
    ClassIndex("people", _lape("Person"), {"fi": "Henkilöt", "sv": "Personer", "en": "People"}),
    ClassIndex("groups", _lape("WorkingGroup"),
               {"fi": "Työryhmät", "sv": "Arbetsgrupper", "en": "Working groups"}),
    ClassIndex("measures", _lape("Measure"),
               {"fi": "Toimenpiteet", "sv": "Åtgärder", "en": "Measures"}),
    ClassIndex("indicators", _lape("Indicator"),
               {"fi": "Indikaattorit", "sv": "Indikatorer", "en": "Indicators"}),
    ClassIndex("organisations", _lape(
        "JointMunicipalAuthority", "NonGovernmentalOrganisation", "Parish", "PoliceUnit",
        "University", "GovernmentAgency", "School", "CompetenceCentre", "MunicipalUnit",
        "ActorCollaboration", "Company"), {"fi": "Organisaatiot", "sv": "Organisationer",
                                "en": "Organisations"}),
    ClassIndex("regions", _lape("Region"), {"fi": "Maakunnat", "sv": "Landskap",
                                            "en": "Regions"}),
    ClassIndex("adoptions", _lape("Adoption"),
               {"fi": "Käyttöönotot", "sv": "Införanden", "en": "Adoptions"}),
    ClassIndex("goals", _lape("MainGoal", "SubGoal"),
               {"fi": "Tavoitteet", "sv": "Mål", "en": "Goals"}),
    ClassIndex("plans", _lape("RootingPlan", "WelfarePlan"),
               {"fi": "Suunnitelmat", "sv": "Planer", "en": "Plans"}),
    ClassIndex("programmes", _lape("Programme"),
               {"fi": "Ohjelmat", "sv": "Program", "en": "Programmes"}),
    ClassIndex("documents", _lape("SourceDocument"),
               {"fi": "Lähdeasiakirjat", "sv": "Källdokument", "en": "Source documents"}),
)
INDEX_BY_SLUG = {index.slug: index for index in INDEXES}


def _index_values() -> str:
    return " ".join(f'("{index.slug}" <{cls}>)' for index in INDEXES for cls in index.classes)


def class_counts() -> dict[str, int]:
    """Entities per index, once per data release (lapekg.web.caching)."""
    return per_release("class-counts", _class_counts)


def _class_counts() -> dict[str, int]:
    rows = select(f"SELECT ?index (COUNT(DISTINCT ?s) AS ?n) WHERE {{ "
                  f"VALUES (?index ?class) {{ {_index_values()} }} ?s a ?class }} GROUP BY ?index")
    counts = {row["index"].value: int(row["n"].value) for row in rows}
    return {index.slug: counts.get(index.slug, 0) for index in INDEXES}


@dataclass
class IndexPage:
    index: ClassIndex
    title: str
    total: int
    page: int
    pages: int
    items: list[Value]

    @property
    def offset(self) -> int:
        return (self.page - 1) * INDEX_PAGE


def sorted_members(index: ClassIndex, lang: str) -> list[tuple[str, str | None]]:
    """(IRI, best label in ``lang``) of every member of an index, in the order its pages
    list them. Sorted once per data release and language (lapekg.web.caching): sorting
    the whole class for every page grew with the data (56 ms a page at 1.2 M quads)."""
    def compute() -> list[tuple[str, str | None]]:
        classes = " ".join(f"<{cls}>" for cls in index.classes)
        rows = select(
            f"SELECT ?s ?key WHERE {{ {{ SELECT ?s (MIN(?k) AS ?key) WHERE {{ "
            f"VALUES ?class {{ {classes} }} ?s a ?class . {language_values(lang)} "
            f"OPTIONAL {{ ?s {LABEL_PATH} ?l }} BIND({label_key_sparql('?k')}) }} "
            f"GROUP BY ?s }} }} ORDER BY LCASE(SUBSTR(STR(?key), 2)) ?s")
        return [(row["s"].value, row["key"].value[1:] if row.get("key") is not None else None)
                for row in rows]

    return per_release(f"class-index:{index.slug}:{lang}", compute)


def list_class(slug: str, lang: str, page_no: int) -> IndexPage:
    index = INDEX_BY_SLUG.get(slug)
    if index is None:
        raise NotFound(f"no class index {slug!r}",
                       hint="one of: " + ", ".join(INDEX_BY_SLUG))
    total = class_counts()[index.slug]
    first = (page_no - 1) * INDEX_PAGE
    items = []
    for iri, label in sorted_members(index, lang)[first:first + INDEX_PAGE]:
        path = local_path(iri) or iri
        items.append(Value(text=label if label is not None else render.curie(iri), iri=iri,
                           href=lang_url(path)))
    return IndexPage(index=index, title=index.title.get(lang, index.title["en"]), total=total,
                     page=page_no, pages=max(1, -(-total // INDEX_PAGE)), items=items)


def dataset_summary() -> dict[str, object]:
    def triples() -> int:
        rows = select("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")
        return int(rows[0]["n"].value) if rows else 0

    return {"triples": per_release("triples", triples), "counts": class_counts(),
            "indexes": INDEXES}


@bp.get("/")
def home() -> Response:
    return render_page("home.html", summary=dataset_summary())


@bp.get("/browse")
def browse() -> Response:
    return render_page("browse.html", summary=dataset_summary())


@bp.get("/browse/<slug>")
def class_index(slug: str) -> Response:
    return render_page("index.html", listing=list_class(slug, chosen_language(), page_number()))
