"""The sample site the Linked Data page tests run on (a support module, not a test module).

:func:`build_pages_site` writes a small site: the real ontology plus sample entities whose
labels exercise the language fallback, accents and markup, a source document on disk whose
quotes the evidence nodes cite by offset, enough incoming links to paginate, and a
non-conforming validation report. tests/conftest.py builds it for the ``pages_site``,
``pages_app`` and ``pages`` fixtures; test_browser and test_linked_data_probe build their
own copy.
"""

from __future__ import annotations

import hashlib
import shutil
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import rdflib
from rdflib import Dataset, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, FOAF, OWL, RDF, RDFS, SKOS, XSD

from lapekg.namespaces import LAPE, QB, SH

REPO = Path(__file__).resolve().parents[1]
BASE = "https://w3id.org/lapekg/"
ID = Namespace(BASE + "id/")
GRAPH = Namespace(BASE + "graph/")
DOC_ID = "sample-2018"
DOC_TEXT = (
    "Näytekunnan juurruttamissuunnitelma 2018\n"
    "\n"
    'Perhekeskus "Kotipesä" aloittaa Porvoossa vuonna 2018 & palvelee <kaikkia>\n'
    "perheitä. Åbo-ryhmä kokoontuu kuukausittain.\n"
    "Loppu.\n"
)
XSS_LABEL = "<script>alert('lapekg')</script> Paha <b>malli</b>"
OBSERVATIONS = 60  # incoming links to Porvoo, more than one page
PEOPLE = 55  # more than one index page
#: A browser's Accept header.
HTML = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"


@dataclass
class PagesSite:
    """What the sample site holds, for assertions."""

    build_dir: Path
    root: Path
    quotes: dict[str, tuple[int, int]] = field(default_factory=dict)

    @property
    def settings(self) -> dict[str, object]:
        return {"build_dir": self.build_dir, "root": self.root}


def _span(text: str) -> tuple[int, int]:
    start = DOC_TEXT.index(text)
    return start, start + len(text)


def _sample_dataset(site: PagesSite) -> Dataset:
    ds = Dataset()
    ontology = ds.graph(GRAPH.ontology)
    for name in ("lape.ttl", "vocabularies.ttl"):
        ontology.parse(REPO / "ontology" / name, format="turtle")
    g = ds.graph(GRAPH[DOC_ID])
    doc = ID[f"document/{DOC_ID}"]

    def evidence(subject: URIRef, text: str) -> None:
        start, end = _span(text)
        site.quotes[str(subject)] = (start, end)
        node = ID[f"evidence/{DOC_ID}/{start}-{end}"]
        g.add((subject, LAPE.evidence, node))
        g.add((node, RDF.type, LAPE.Evidence))
        g.add((node, LAPE.document, doc))
        g.add((node, LAPE.quote, Literal(text)))
        g.add((node, LAPE.startOffset, Literal(start, datatype=XSD.nonNegativeInteger)))
        g.add((node, LAPE.endOffset, Literal(end, datatype=XSD.nonNegativeInteger)))
        g.add((node, LAPE.line, Literal(DOC_TEXT[:start].count("\n") + 1,
                                        datatype=XSD.positiveInteger)))

    g.add((doc, RDF.type, LAPE.SourceDocument))
    g.add((doc, DCTERMS.title, Literal("Näytekunnan juurruttamissuunnitelma 2018", lang="fi")))
    g.add((doc, RDFS.label, Literal("Näytekunnan juurruttamissuunnitelma 2018", lang="fi")))
    g.add((doc, LAPE.fileName, Literal(f"{DOC_ID}.txt")))
    g.add((doc, LAPE.sha256, Literal(hashlib.sha256(DOC_TEXT.encode()).hexdigest())))
    evidence(doc, "Näytekunnan juurruttamissuunnitelma 2018")

    porvoo, hanko, aane = ID["municipality/638"], ID["municipality/078"], ID["municipality/992"]
    region = ID["region/01"]
    for iri, code, labels in ((porvoo, "638", {"fi": "Porvoo", "sv": "Borgå", "en": "Porvoo"}),
                              (hanko, "078", {"fi": "Hanko", "sv": "Hangö"}),
                              (aane, "992", {"fi": "Äänekoski"})):
        g.add((iri, RDF.type, LAPE.Municipality))
        g.add((iri, LAPE.municipalityCode, Literal(code)))
        g.add((iri, LAPE.region, region))
        for lang, label in labels.items():
            g.add((iri, RDFS.label, Literal(label, lang=lang)))
            g.add((iri, SKOS.prefLabel, Literal(label, lang=lang)))
    g.add((region, RDF.type, LAPE.Region))
    g.add((region, RDFS.label, Literal("Uusimaa", lang="fi")))
    g.add((region, RDFS.label, Literal("Nyland", lang="sv")))
    g.add((porvoo, OWL.sameAs, URIRef("http://www.wikidata.org/entity/Q193367")))
    g.add((porvoo, SKOS.exactMatch, URIRef("http://www.yso.fi/onto/yso/p94352")))
    g.add((porvoo, LAPE.sotkanetRegionId, Literal(294, datatype=XSD.integer)))
    evidence(porvoo, "aloittaa Porvoossa vuonna 2018")

    practice = ID["practice/kotipesa"]
    g.add((practice, RDF.type, LAPE.Practice))
    g.add((practice, RDFS.label, Literal('Perhekeskus "Kotipesä"', lang="fi")))
    g.add((practice, RDFS.label, Literal("Family centre Kotipesä", lang="en")))
    g.add((practice, SKOS.altLabel, Literal("perhekeskusmalli", lang="fi")))
    g.add((practice, LAPE.owner, porvoo))
    g.add((practice, DCTERMS.subject, URIRef("http://www.yso.fi/onto/yso/p23383")))
    evidence(practice, 'Perhekeskus "Kotipesä" aloittaa Porvoossa vuonna 2018 & palvelee '
                       "<kaikkia>\nperheitä.")
    other = ID["practice/perhekeskus"]
    g.add((other, RDF.type, LAPE.Practice))
    g.add((other, RDFS.label, Literal("Perhekeskus", lang="fi")))
    g.add((other, LAPE.owner, hanko))
    prefixed = ID["practice/lahiperhekeskus"]
    g.add((prefixed, RDF.type, LAPE.Practice))
    g.add((prefixed, RDFS.label, Literal("Lähiperhekeskus", lang="fi")))

    group = ID["group/abo-ryhma"]
    g.add((group, RDF.type, LAPE.WorkingGroup))
    g.add((group, RDFS.label, Literal("Åbo-ryhmä", lang="fi")))
    g.add((group, LAPE.municipality, porvoo))
    evidence(group, "Åbo-ryhmä kokoontuu kuukausittain.")

    xss = ID["practice/xss"]
    g.add((xss, RDF.type, LAPE.Practice))
    g.add((xss, RDFS.label, Literal(XSS_LABEL, lang="fi")))
    g.add((xss, LAPE.owner, porvoo))

    for n in range(PEOPLE):
        person = ID[f"person/henkilo-{n:02d}"]
        g.add((person, RDF.type, LAPE.Person))
        g.add((person, FOAF.name, Literal(f"Henkilö {n:02d}")))
    indicator = ID["indicator/sample.1"]
    g.add((indicator, RDF.type, LAPE.Indicator))
    g.add((indicator, SKOS.prefLabel, Literal("Näyteindikaattori", lang="fi")))
    g.add((indicator, LAPE.sotkanetIndicator, Literal("191")))
    for n in range(OBSERVATIONS):
        obs = ID[f"observation/sample-{n:02d}"]
        g.add((obs, RDF.type, QB.Observation))
        g.add((obs, LAPE.refArea, porvoo))
        g.add((obs, LAPE.indicator, indicator))
        g.add((obs, LAPE.value, Literal(f"{n}.5", datatype=XSD.decimal)))
    return ds


def _validation_report(reports: Path) -> None:
    report = Graph()
    node, result = rdflib.BNode(), rdflib.BNode()
    report.add((node, RDF.type, SH.ValidationReport))
    report.add((node, SH.conforms, Literal(False)))
    report.add((node, SH.result, result))
    report.add((result, RDF.type, SH.ValidationResult))
    report.add((result, SH.focusNode, ID["practice/xss"]))
    report.add((result, SH.resultPath, LAPE.owner))
    report.add((result, SH.resultSeverity, SH.Violation))
    report.add((result, SH.resultMessage, Literal("Needs <exactly> one owner")))
    report.add((result, SH.sourceShape, URIRef(BASE + "shapes#PracticeShape")))
    reports.mkdir(parents=True, exist_ok=True)
    report.serialize(reports / "validation.ttl", format="turtle")
    (reports / "validation.txt").write_text(
        "Does not conform: 1 result(s).\nViolation: <script> Paha\n", encoding="utf-8")


def build_pages_site(directory: Path) -> PagesSite:
    """Write the sample site (sources, queries, dump, reports) and publish its store."""
    from lapekg.store.publish import publish

    site = PagesSite(build_dir=directory / "build", root=directory / "root")
    sources = site.root / "data" / "sources"
    sources.mkdir(parents=True)
    (sources / f"{DOC_ID}.txt").write_text(DOC_TEXT, encoding="utf-8")
    shutil.copytree(REPO / "tests" / "fixtures" / "queries", site.root / "queries")
    sample = directory / "sample.trig"
    _sample_dataset(site).serialize(sample, format="trig")
    _validation_report(site.build_dir / "reports")
    publish(sample, site.build_dir, dump_name="lapekg.trig")  # its dump, as a build's
    return site


def pages_app_for(site: PagesSite) -> Iterator:
    """The app on the sample site (closed afterwards), for a fixture to yield from."""
    from lapekg.web import create_app

    app = create_app({**site.settings, "TESTING": True})
    try:
        yield app
    finally:
        app.extensions["lapekg"].close()
