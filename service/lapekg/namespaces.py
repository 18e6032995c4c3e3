"""Every namespace and prefix the project uses, declared once."""

from __future__ import annotations

from rdflib import Namespace
from rdflib.namespace import DCTERMS, FOAF, OWL, PROV, RDF, RDFS, SKOS, XSD

from . import iri as scheme

DEFAULT_BASE = "https://w3id.org/lapekg/"

LAPE = Namespace("https://w3id.org/lapekg/ontology#")
ORG = Namespace("http://www.w3.org/ns/org#")
QB = Namespace("http://purl.org/linked-data/cube#")
SCHEMA = Namespace("https://schema.org/")
SH = Namespace("http://www.w3.org/ns/shacl#")
VANN = Namespace("http://purl.org/vocab/vann/")
TIME = Namespace("http://www.w3.org/2006/time#")
WD = Namespace("http://www.wikidata.org/entity/")
YSO = Namespace("http://www.yso.fi/onto/yso/")
DCAT = Namespace("http://www.w3.org/ns/dcat#")
VOID = Namespace("http://rdfs.org/ns/void#")
SDMX_DIMENSION = Namespace("http://purl.org/linked-data/sdmx/2009/dimension#")
SDMX_CODE = Namespace("http://purl.org/linked-data/sdmx/2009/code#")

# Prefixes bound in every graph we write and offered to query authors.
PREFIXES: dict[str, Namespace] = {
    "lape": LAPE,
    "org": ORG,
    "qb": QB,
    "schema": SCHEMA,
    "prov": PROV,
    "skos": SKOS,
    "dcterms": DCTERMS,
    "foaf": FOAF,
    "owl": OWL,
    "rdf": RDF,
    "rdfs": RDFS,
    "xsd": XSD,
    "sh": SH,
    "vann": VANN,
    "time": TIME,
    "wd": WD,
    "yso": YSO,
    "dcat": DCAT,
    "void": VOID,
    "sdmx-dimension": SDMX_DIMENSION,
    "sdmx-code": SDMX_CODE,
}


def bind_prefixes(graph, base: str = DEFAULT_BASE) -> None:
    """Bind the project prefixes (and ``id:`` for entity IRIs) on an rdflib graph."""
    for prefix, namespace in PREFIXES.items():
        graph.bind(prefix, namespace, override=True)
    graph.bind("id", Namespace(scheme.id_space(base)), override=True)


def sparql_prologue(base: str = DEFAULT_BASE) -> str:
    """PREFIX lines for SPARQL text (query editor, named queries)."""
    lines = [f"PREFIX {p}: <{ns}>" for p, ns in PREFIXES.items()]
    lines.append(f"PREFIX id: <{scheme.id_space(base)}>")
    return "\n".join(lines) + "\n"

# Controlled vocabularies (SKOS concept schemes) live in a fixed namespace, like the
# ontology: ontology/vocabularies.ttl declares every concept. One namespace per scheme.
VOCAB = Namespace("https://w3id.org/lapekg/vocab/")
AREA = Namespace(str(VOCAB) + "development-area/")
STATUS = Namespace(str(VOCAB) + "practice-status/")
PRACTICE_KIND = Namespace(str(VOCAB) + "practice-kind/")
ADOPTION_KIND = Namespace(str(VOCAB) + "adoption-kind/")
ROLE = Namespace(str(VOCAB) + "role/")
EVENT_KIND = Namespace(str(VOCAB) + "event-kind/")
LEVEL = Namespace(str(VOCAB) + "level/")
POPULATION = Namespace(str(VOCAB) + "population-group/")
ROW_KIND = Namespace(str(VOCAB) + "measure-row-kind/")
CFM = Namespace(str(VOCAB) + "child-friendly-status/")
UNIT = Namespace(str(VOCAB) + "unit/")

PREFIXES.update(
    {
        "vocab": VOCAB,
        "area": AREA,
        "status": STATUS,
        "practicekind": PRACTICE_KIND,
        "adoptionkind": ADOPTION_KIND,
        "role": ROLE,
        "eventkind": EVENT_KIND,
        "level": LEVEL,
        "popgroup": POPULATION,
        "rowkind": ROW_KIND,
        "cfm": CFM,
        "unit": UNIT,
    }
)
