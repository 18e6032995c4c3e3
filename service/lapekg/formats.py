"""Every format the service reads or writes, in one table: media type, aliases, names.

A row is one serialisation: its short name (the ``format=`` value, and the URL suffix of
``/data/…`` and the dumps), its media type, the other media types clients send meaning it
(``aliases``: ``text/plain`` for N-Triples, ``application/json`` for JSON-LD among graphs),
the pyoxigraph writer, and its kind — ``results`` (SPARQL result sets), ``graph``
(triples) or ``dataset`` (quads). Each surface offers a subset of the rows, in its order of
preference, and resolves ``Accept`` through :func:`lapekg.web.negotiation.choose` with the
rows' aliases, so ``Accept: text/plain`` means N-Triples on ``/sparql``, ``/data`` and
``/id`` alike (issue 12). ``tests/test_formats.py`` runs every surface against every media
type and alias here.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import pyoxigraph as ox

HTML = "text/html"
XHTML = "application/xhtml+xml"
HTML_TYPES = (HTML, XHTML)


@dataclass(frozen=True)
class Format:
    name: str
    media_type: str
    label: str
    kind: str  # "results" | "graph" | "dataset"
    writer: ox.RdfFormat | ox.QueryResultsFormat
    aliases: tuple[str, ...] = ()
    names: tuple[str, ...] = ()

    @property
    def suffix(self) -> str:
        return self.name

    @property
    def content_type(self) -> str:
        if self.media_type in ("application/rdf+xml", "application/sparql-results+xml"):
            return self.media_type  # XML declares its own encoding
        return f"{self.media_type}; charset=utf-8"

    @property
    def dataset(self) -> bool:
        return self.kind == "dataset"

    @property
    def ox_format(self) -> ox.RdfFormat:
        assert isinstance(self.writer, ox.RdfFormat)
        return self.writer

    def answers(self, name: str) -> bool:
        """Whether ``format=<name>`` (or the media type itself) asks for this row."""
        value = name.strip().lower()
        return value in (self.name, self.media_type, *self.names)


JSON_RESULTS = Format("srj", "application/sparql-results+json", "SPARQL JSON results",
                      "results", ox.QueryResultsFormat.JSON, aliases=("application/json",),
                      names=("json",))
XML_RESULTS = Format("srx", "application/sparql-results+xml", "SPARQL XML results",
                     "results", ox.QueryResultsFormat.XML,
                     aliases=("application/xml", "text/xml"), names=("xml",))
CSV = Format("csv", "text/csv", "CSV", "results", ox.QueryResultsFormat.CSV)
TSV = Format("tsv", "text/tab-separated-values", "TSV", "results", ox.QueryResultsFormat.TSV)
TURTLE = Format("ttl", "text/turtle", "Turtle", "graph", ox.RdfFormat.TURTLE,
                aliases=("application/x-turtle", "text/n3"), names=("turtle",))
JSON_LD = Format("jsonld", "application/ld+json", "JSON-LD", "graph", ox.RdfFormat.JSON_LD,
                 aliases=("application/json",), names=("json-ld", "json"))
N_TRIPLES = Format("nt", "application/n-triples", "N-Triples", "graph",
                   ox.RdfFormat.N_TRIPLES, aliases=("text/plain",),
                   names=("ntriples", "n-triples"))
RDF_XML = Format("rdf", "application/rdf+xml", "RDF/XML", "graph", ox.RdfFormat.RDF_XML,
                 aliases=("application/xml", "text/xml"), names=("rdfxml", "xml"))
TRIG = Format("trig", "application/trig", "TriG", "dataset", ox.RdfFormat.TRIG)
N_QUADS = Format("nq", "application/n-quads", "N-Quads", "dataset", ox.RdfFormat.N_QUADS,
                 names=("nquads", "n-quads"))

#: The named-query API's JSON: SPARQL JSON results with a ``query`` member (name, bindings,
#: page, citation), sent as application/json.
API_JSON = Format("json", "application/json", "JSON (results and the query)", "results",
                  ox.QueryResultsFormat.JSON, aliases=("application/sparql-results+json",))

#: The table: every format, results first, then graphs, then datasets.
FORMATS: tuple[Format, ...] = (JSON_RESULTS, XML_RESULTS, CSV, TSV, TURTLE, JSON_LD,
                               N_TRIPLES, RDF_XML, TRIG, N_QUADS)

#: What each surface offers, in its order of preference (the first answers ``*/*``).
SPARQL_RESULTS = (JSON_RESULTS, XML_RESULTS, CSV, TSV)
SPARQL_GRAPHS = (TURTLE, JSON_LD, N_TRIPLES, RDF_XML, N_QUADS, TRIG)
#: One resource's description (entity data, ontology, VoID, a named graph).
DESCRIPTION = (TURTLE, JSON_LD, N_TRIPLES, RDF_XML)
#: The whole-dataset dumps.
DUMPS = (TRIG, N_QUADS, TURTLE, JSON_LD)
#: The named-query API.
API_RESULTS = (API_JSON, CSV, TSV)
API_GRAPHS = (TURTLE, JSON_LD, N_TRIPLES)

BY_MEDIA_TYPE = {fmt.media_type: fmt for fmt in FORMATS}


def media_types(formats: Iterable[Format]) -> tuple[str, ...]:
    return tuple(fmt.media_type for fmt in formats)


def aliases(formats: Iterable[Format]) -> dict[str, str]:
    """Alias → media type, the first offer claiming an alias keeping it."""
    found: dict[str, str] = {}
    for fmt in formats:
        for alias in fmt.aliases:
            found.setdefault(alias, fmt.media_type)
    return found


def by_suffix(formats: Iterable[Format]) -> dict[str, Format]:
    return {fmt.suffix: fmt for fmt in formats}


def named(name: str, formats: Iterable[Format]) -> Format | None:
    """The first of ``formats`` that ``format=<name>`` asks for."""
    return next((fmt for fmt in formats if fmt.answers(name)), None)
