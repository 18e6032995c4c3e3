"""The dataset as a whole: VoID + DCAT description, dumps, named graphs, validation report.

Dumps: the build writes one TriG file (``build/dump/lapekg.trig``); the other formats are
serialised from it on first request and cached beside it (``lapekg.nq`` …), rebuilt when
the TriG is newer. A conversion writes a temporary file and renames it, so a reader never
sees half a file, and concurrent requests of one process convert once.
"""

from __future__ import annotations

import datetime as dt
import os
import threading
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox
from flask import Blueprint, Response, redirect, send_file
from rdflib import Graph, Literal, URIRef

from .. import iri as scheme
from ..errors import NotFound
from ..ingest.iris import SLUG
from ..namespaces import DCAT, DCTERMS, FOAF, LAPE, ORG, PROV, QB, RDF, SH, SKOS, VOID, XSD
from . import render
from .caching import per_release
from .documents import register_document
from .entities import Labels, Value, select, values
from .links import LINKS_STEM, linkset_counts, linkset_triples
from .render import (
    BY_SUFFIX,
    DUMP_FORMATS,
    SHAPES_IRI,
    TRIG,
    RdfFormat,
    alternates_for,
    chosen_language,
    local_path,
    negotiate,
    render_page,
    settings,
)

bp = Blueprint("dataset", __name__)

DUMP_STEM = "lapekg"
LICENCE = "https://creativecommons.org/licenses/by/4.0/"
SPARQL_PROTOCOL = "https://www.w3.org/TR/sparql11-protocol/"
TITLES = {"fi": "LAPE-tietoverkko", "sv": "LAPE-kunskapsgrafen", "en": "LAPE knowledge graph"}
DESCRIPTION = ("A knowledge graph of the Finnish Programme to address child and family "
               "services (LAPE): actors, working groups, practices and their rooting in "
               "municipalities, welfare-plan goals and measures, and indicators. Every fact "
               "cites a verbatim passage of a source document.")
VOCABULARIES = (LAPE, ORG, QB, SKOS, PROV, FOAF, DCTERMS)
_conversion_lock = threading.Lock()


def dump_dir() -> Path:
    return settings().build_dir / "dump"


def dump_path(fmt: RdfFormat) -> Path:
    """The dump in ``fmt``, converted from the TriG dump when missing or older than it."""
    trig = dump_dir() / f"{DUMP_STEM}.{TRIG.suffix}"
    if not trig.is_file():
        raise NotFound("no dump has been built", where=str(trig), hint="run `lapekg build`")
    if fmt is TRIG:
        return trig
    target = dump_dir() / f"{DUMP_STEM}.{fmt.suffix}"
    with _conversion_lock:
        if not target.is_file() or target.stat().st_mtime < trig.stat().st_mtime:
            convert(trig, target, fmt)
    return target


def convert(trig: Path, target: Path, fmt: RdfFormat) -> None:
    """Serialise the TriG dump as ``fmt``; Turtle gets the union of the graphs."""
    temporary = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    quads = ox.parse(path=str(trig), format=ox.RdfFormat.TRIG)
    try:
        if fmt.dataset or fmt.ox_format == ox.RdfFormat.JSON_LD:
            ox.serialize(quads, str(temporary), format=fmt.ox_format)
        else:
            triples = sorted(dict.fromkeys(quad.triple for quad in quads), key=str)
            ox.serialize(triples, str(temporary), format=fmt.ox_format,
                         prefixes=render.rdf_prefixes(settings().base))
        os.replace(temporary, target)
    finally:
        if temporary.exists():
            temporary.unlink()


def modified_stamp(path: Path) -> str | None:
    """A file's modification time as an ISO 8601 UTC stamp (None if there is no file)."""
    if not path.is_file():
        return None
    stamp = dt.datetime.fromtimestamp(path.stat().st_mtime, tz=dt.UTC)
    return stamp.isoformat(timespec="seconds")


# --- the VoID / DCAT description ------------------------------------------------------------


@dataclass
class Statistics:
    triples: int
    subjects: int
    properties: int
    graphs: list[tuple[str, int]]
    classes: list[tuple[str, int]]


def statistics() -> Statistics:
    """Counts over the whole graph, once per data release (lapekg.web.caching)."""
    return per_release("statistics", _statistics)


def _statistics() -> Statistics:
    totals = select("SELECT (COUNT(*) AS ?triples) (COUNT(DISTINCT ?s) AS ?subjects) "
                    "(COUNT(DISTINCT ?p) AS ?properties) WHERE { ?s ?p ?o }")
    graphs = select("SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } "
                    "GROUP BY ?g ORDER BY ?g")
    classes = select("SELECT ?class (COUNT(DISTINCT ?s) AS ?n) WHERE { ?s a ?class } "
                     "GROUP BY ?class ORDER BY DESC(?n) ?class")
    row = totals[0] if totals else {}

    def number(term: ox.Literal | None) -> int:
        return int(term.value) if term is not None else 0

    return Statistics(
        triples=number(row.get("triples")), subjects=number(row.get("subjects")),
        properties=number(row.get("properties")),
        graphs=[(r["g"].value, int(r["n"].value)) for r in graphs],
        classes=[(r["class"].value, int(r["n"].value)) for r in classes
                 if isinstance(r["class"], ox.NamedNode)])


def dataset_iri() -> str:
    return settings().base + "dataset"


def void_triples(stats: Statistics) -> list[ox.Triple]:
    """VoID and DCAT in one description: dataset, dumps as distributions, the endpoint."""
    base = settings().base
    ds = ox.NamedNode(dataset_iri())
    triples: list[ox.Triple] = []

    def add(s: ox.NamedNode | ox.BlankNode, p: str, o: ox.NamedNode | ox.BlankNode
            | ox.Literal) -> None:
        triples.append(ox.Triple(s, ox.NamedNode(p), o))

    def integer(n: int) -> ox.Literal:
        return ox.Literal(str(n), datatype=ox.NamedNode(str(XSD.integer)))

    add(ds, RDF.type, ox.NamedNode(str(VOID.Dataset)))
    add(ds, RDF.type, ox.NamedNode(str(DCAT.Dataset)))
    for lang, title in TITLES.items():
        add(ds, DCTERMS.title, ox.Literal(title, language=lang))
    add(ds, DCTERMS.description, ox.Literal(DESCRIPTION, language="en"))
    add(ds, DCTERMS.license, ox.NamedNode(LICENCE))
    add(ds, DCTERMS.language, ox.NamedNode("http://id.loc.gov/vocabulary/iso639-1/fi"))
    add(ds, FOAF.homepage, ox.NamedNode(base))
    add(ds, VOID.uriSpace, ox.Literal(scheme.id_space(base)))
    add(ds, VOID.sparqlEndpoint, ox.NamedNode(base + "sparql"))
    add(ds, VOID.triples, integer(stats.triples))
    add(ds, VOID.distinctSubjects, integer(stats.subjects))
    add(ds, VOID.properties, integer(stats.properties))
    add(ds, VOID.classes, integer(len(stats.classes)))
    for vocabulary in VOCABULARIES:
        add(ds, VOID.vocabulary, ox.NamedNode(str(vocabulary)))
    modified = modified_stamp(dump_dir() / f"{DUMP_STEM}.{TRIG.suffix}")
    if modified:
        add(ds, DCTERMS.modified, ox.Literal(modified, datatype=ox.NamedNode(str(XSD.dateTime))))

    service = ox.NamedNode(base + "sparql")
    add(ds, DCAT.accessService, service)
    add(service, RDF.type, ox.NamedNode(str(DCAT.DataService)))
    add(service, DCAT.endpointURL, service)
    add(service, DCAT.servesDataset, ds)
    add(service, DCTERMS.conformsTo, ox.NamedNode(SPARQL_PROTOCOL))
    add(service, DCTERMS.license, ox.NamedNode(LICENCE))

    for fmt in DUMP_FORMATS:
        url = ox.NamedNode(f"{base}dump/{DUMP_STEM}.{fmt.suffix}")
        add(ds, VOID.dataDump, url)
        add(ds, DCAT.distribution, url)
        add(url, RDF.type, ox.NamedNode(str(DCAT.Distribution)))
        add(url, DCAT.downloadURL, url)
        add(url, DCAT.mediaType,
            ox.NamedNode(f"https://www.iana.org/assignments/media-types/{fmt.media_type}"))
        add(url, DCTERMS.title, ox.Literal(f"{fmt.label} dump", language="en"))
        add(url, DCTERMS.license, ox.NamedNode(LICENCE))

    triples.extend(linkset_triples(ds))
    for graph, count in stats.graphs:
        subset = ox.BlankNode(f"graph{len(triples)}")
        add(ds, VOID.subset, subset)
        add(subset, RDF.type, ox.NamedNode(str(VOID.Dataset)))
        add(subset, "http://www.w3.org/ns/sparql-service-description#name", ox.NamedNode(graph))
        add(subset, VOID.triples, integer(count))
    for cls, count in stats.classes:
        partition = ox.BlankNode(f"class{len(triples)}")
        add(ds, VOID.classPartition, partition)
        add(partition, VOID["class"], ox.NamedNode(cls))
        add(partition, VOID.entities, integer(count))
    return triples


def void_response(fmt: RdfFormat, content_location: str | None = None) -> Response:
    return render.rdf_response(void_triples(statistics()), fmt,
                               alternates=alternates_for("/dataset", "/dataset.html"),
                               content_location=content_location)


@bp.get("/.well-known/void")
def well_known_void() -> Response:
    """The VoID document (RFC 8615 well-known location); a browser is sent to the page."""
    fmt = negotiate()
    if fmt is None:
        response = redirect("/dataset.html", code=303)
        response.vary.add("Accept")
        return response
    return void_response(fmt, f"/dataset.{fmt.suffix}")


@bp.get("/dataset")
def dataset() -> Response:
    """The dataset IRI: 303 to its page or to its VoID description by ``Accept``."""
    fmt = negotiate()
    response = redirect("/dataset.html" if fmt is None else f"/dataset.{fmt.suffix}", code=303)
    response.vary.add("Accept")
    return response


@bp.get("/dataset.html")
def dataset_page() -> Response:
    stats = statistics()
    labels = Labels({cls for cls, _ in stats.classes}, chosen_language())
    dumps = []
    for fmt in DUMP_FORMATS:
        path = dump_dir() / f"{DUMP_STEM}.{fmt.suffix}"
        dumps.append({"format": fmt, "href": f"/dump/{DUMP_STEM}.{fmt.suffix}",
                      "size": path.stat().st_size if path.is_file() else None})
    graphs = [(Value(text=iri.rsplit("/", 1)[-1], iri=iri, href=local_path(iri) or iri), n)
              for iri, n in stats.graphs]
    return render_page("dataset.html", stats=stats, dumps=dumps, graphs=graphs,
                       linksets=linkset_counts(), links_stem=LINKS_STEM,
                       classes=[(labels.value(ox.NamedNode(c)), n) for c, n in stats.classes],
                       dataset_iri=dataset_iri(), licence=LICENCE,
                       modified=modified_stamp(dump_dir() / f"{DUMP_STEM}.{TRIG.suffix}"),
                       alternates=alternates_for("/dataset", "/dataset.html"))


@bp.get("/dataset.<suffix>")
def dataset_data(suffix: str) -> Response:
    fmt = BY_SUFFIX.get(suffix)
    if fmt is None:
        raise NotFound(f"no dataset description format {suffix!r}",
                       hint="one of: html, " + ", ".join(BY_SUFFIX))
    return void_response(fmt)


@bp.get("/dump/<name>")
def dump(name: str) -> Response:
    stem, _, suffix = name.partition(".")
    fmt = next((f for f in DUMP_FORMATS if f.suffix == suffix), None)
    if stem != DUMP_STEM or fmt is None:
        raise NotFound(f"no dump {name!r}", hint="one of: " + ", ".join(
            f"{DUMP_STEM}.{f.suffix}" for f in DUMP_FORMATS))
    response = send_file(dump_path(fmt), mimetype=fmt.media_type, conditional=True,
                         download_name=name)
    response.headers["Link"] = f'<{LICENCE}>; rel="license"'
    response.headers.setdefault("Access-Control-Allow-Origin", "*")
    return response


# --- named graphs ---------------------------------------------------------------------------------


def graph_triples(name: str) -> list[ox.Triple]:
    if not SLUG.match(name):  # graph names are slugs; anything else is no graph, not an IRI
        raise NotFound(f"no named graph {name!r}", hint="the graphs are listed on /dataset.html")
    graph = ox.NamedNode(scheme.graph(settings().base, name))
    rows = select(f"SELECT ?s ?p ?o WHERE {{ {values(g=graph)} GRAPH ?g {{ ?s ?p ?o }} }}")
    if not rows:
        raise NotFound(f"no named graph {name!r}", hint="the graphs are listed on /dataset.html")
    return [ox.Triple(r["s"], r["p"], r["o"]) for r in rows]


@bp.get("/graph/<name>")
def graph(name: str) -> Response:
    """A named graph's IRI: its triples by ``Accept`` (200), browsers to the dataset page."""
    fmt = negotiate()
    triples = graph_triples(name)
    if fmt is None:
        response = redirect(f"/dataset.html#graph-{name}", code=303)
        response.vary.add("Accept")
        return response
    return render.rdf_response(triples, fmt, alternates=alternates_for(f"/graph/{name}"),
                               content_location=f"/graph/{name}.{fmt.suffix}")


@bp.get("/graph/<name>.<suffix>")
def graph_data(name: str, suffix: str) -> Response:
    fmt = BY_SUFFIX.get(suffix)
    if fmt is None:
        raise NotFound(f"no graph format {suffix!r}", hint="one of: " + ", ".join(BY_SUFFIX))
    return render.rdf_response(graph_triples(name), fmt,
                               alternates=alternates_for(f"/graph/{name}"))


# --- the SHACL shapes and the validation report ------------------------------------------------

@dataclass
class Shape:
    anchor: str
    kind: str
    name: str
    targets: list[Value]
    path: str
    message: str
    constraints: list[tuple[str, str]]
    properties: list[Shape]


def shapes_triples() -> list[ox.Triple]:
    """The shapes the build validates with (``shapes/*.ttl``), as one graph."""
    files = sorted((settings().root / "shapes").glob("*.ttl"))
    if not files:
        raise NotFound("no SHACL shapes on this server", where=str(settings().root / "shapes"))
    return [triple for path in files
            for triple in ox.parse(path=str(path), format=ox.RdfFormat.TURTLE)]


def document_shapes(lang: str) -> list[Shape]:
    """Named node and property shapes, with their targets, paths, constraints, messages."""
    index: dict[ox.NamedNode | ox.BlankNode, dict[str, list]] = {}
    for triple in shapes_triples():
        index.setdefault(triple.subject, {}).setdefault(triple.predicate.value, []).append(
            triple.object)
    labels = Labels(set(), lang)
    shown = {"minCount", "maxCount", "datatype", "class", "nodeKind", "in", "pattern",
             "hasValue", "minInclusive", "maxInclusive", "node"}

    def one(node, name: str) -> str:
        values = index.get(node, {}).get(str(SH[name]), [])
        texts = [(v.value, getattr(v, "language", None) or "") for v in values]
        return render.pick_label(texts, lang) or "" if texts else ""

    def shape(node) -> Shape:
        props = index.get(node, {})
        kinds = {t.value.rsplit("#", 1)[-1] for t in props.get(str(RDF.type), [])}
        path = props.get(str(SH.path), [])
        constraints = [(name, ", ".join(render.curie(v.value) if isinstance(v, ox.NamedNode)
                                        else v.value for v in props.get(str(SH[name]), [])))
                       for name in sorted(shown) if props.get(str(SH[name]))]
        return Shape(
            anchor=node.value.split("#", 1)[1] if isinstance(node, ox.NamedNode)
            and "#" in node.value else "",
            kind=", ".join(sorted(kinds)) or "PropertyShape", name=one(node, "name"),
            targets=[labels.value(t) for t in props.get(str(SH.targetClass), [])],
            path=render.curie(path[0].value) if path and isinstance(path[0], ox.NamedNode)
            else "(complex path)" if path else "",
            message=one(node, "message"), constraints=constraints,
            properties=[shape(p) for p in props.get(str(SH.property), [])])

    named = [node for node in index if isinstance(node, ox.NamedNode)
             and node.value.startswith(SHAPES_IRI + "#")]
    return sorted((shape(node) for node in named), key=lambda s: s.anchor.lower())


def shapes_page(alternates: list[render.Link]) -> Response:
    return render_page("shapes.html", shapes=document_shapes(chosen_language()),
                       alternates=alternates)


# The shapes' IRI is a hash namespace, like the ontology's: /shapes is negotiated in place.
register_document(bp, "/shapes", what="shapes", triples=shapes_triples, page=shapes_page)


@dataclass
class ReportRow:
    severity: str
    focus: Value
    path: str
    message: str
    value: str
    shape: str
    shape_href: str = ""


@dataclass
class ValidationReport:
    conforms: bool | None
    rows: list[ReportRow]
    text: str
    written: str | None
    published: str | None

    @property
    def refused(self) -> bool:
        """The latest build did not conform, so the published data is an older build."""
        return self.conforms is False


REPORT_ROWS = 1000


def validation_report() -> ValidationReport:
    reports = settings().build_dir / "reports"
    text_path, ttl_path = reports / "validation.txt", reports / "validation.ttl"
    if not text_path.is_file() and not ttl_path.is_file():
        raise NotFound("no validation report has been written", where=str(reports),
                       hint="run `lapekg build`")
    text = text_path.read_text(encoding="utf-8") if text_path.is_file() else ""
    conforms: bool | None = None
    rows: list[ReportRow] = []
    if ttl_path.is_file():
        graph = Graph().parse(ttl_path, format="turtle")
        for report in graph.subjects(RDF.type, SH.ValidationReport):
            conforms = bool(graph.value(report, SH.conforms).toPython())
        results = sorted(graph.objects(None, SH.result), key=str)[:REPORT_ROWS]
        focus_nodes = {str(graph.value(r, SH.focusNode)) for r in results}
        labels = Labels({iri for iri in focus_nodes if iri.startswith(settings().base)},
                        chosen_language())

        def short(term: object) -> str:
            if isinstance(term, URIRef) and str(term).startswith(SHAPES_IRI + "#"):
                return "lapesh:" + str(term)[len(SHAPES_IRI) + 1:]
            if isinstance(term, URIRef):
                return render.curie(str(term))
            return "" if term is None else str(term)

        for result in results:
            focus = graph.value(result, SH.focusNode)
            focus_value = (labels.value(ox.NamedNode(str(focus))) if isinstance(focus, URIRef)
                           else Value(text=short(focus)))
            source_shape = graph.value(result, SH.sourceShape)
            message = graph.value(result, SH.resultMessage)
            rows.append(ReportRow(
                severity=short(graph.value(result, SH.resultSeverity)).split(":")[-1],
                focus=focus_value, path=short(graph.value(result, SH.resultPath)),
                message=str(message) if isinstance(message, Literal) else "",
                value=short(graph.value(result, SH.value)),
                shape=short(source_shape),
                shape_href=local_path(str(source_shape)) or ""
                if isinstance(source_shape, URIRef) else ""))
    return ValidationReport(conforms=conforms, rows=rows, text=text,
                            written=modified_stamp(text_path) or modified_stamp(ttl_path),
                            published=modified_stamp(dump_dir() / f"{DUMP_STEM}.{TRIG.suffix}"))


@bp.get("/dataset/validation")
def validation() -> Response:
    return render_page("validation.html", report=validation_report(), alternates=[
        render.Link("/dataset/validation.ttl", "alternate", "text/turtle", "Turtle")])


@bp.get("/dataset/validation.<suffix>")
def validation_file(suffix: str) -> Response:
    names = {"ttl": ("validation.ttl", "text/turtle"), "txt": ("validation.txt", "text/plain")}
    if suffix not in names:
        raise NotFound(f"no validation report format {suffix!r}", hint="one of: ttl, txt")
    name, media_type = names[suffix]
    path = settings().build_dir / "reports" / name
    if not path.is_file():
        raise NotFound("no validation report has been written", where=str(path),
                       hint="run `lapekg build`")
    # Werkzeug adds "; charset=utf-8" to text/* types itself.
    return send_file(path, mimetype=media_type, conditional=True)

