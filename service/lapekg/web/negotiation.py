"""Content negotiation: Accept with q-values and ``format=``, over the one format table.

The media types, aliases and ``format=`` names are :mod:`lapekg.formats`' rows; this
module parses ``Accept`` (RFC 9110: q-values, wildcards, specificity) for every surface.

A SPARQL request is negotiated twice up front — once among result-set types, once among
graph types — because which applies depends on the query form, which only the store
learns by parsing (see ``store.base.Formats``). Pages use :func:`choose` with their own
list of offers (HTML, Turtle, JSON-LD …) so every view resolves types the same way.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from .. import formats
from ..errors import ParameterError
from ..store.base import Formats

# The SPARQL endpoint's offers, from the one format table (lapekg.formats), in server
# preference order (the first is the default for */* or no Accept).
JSON_RESULTS = formats.JSON_RESULTS.media_type
XML_RESULTS = formats.XML_RESULTS.media_type
CSV = formats.CSV.media_type
TSV = formats.TSV.media_type
TURTLE = formats.TURTLE.media_type
JSON_LD = formats.JSON_LD.media_type
N_TRIPLES = formats.N_TRIPLES.media_type
RDF_XML = formats.RDF_XML.media_type
N_QUADS = formats.N_QUADS.media_type
TRIG = formats.TRIG.media_type
HTML = formats.HTML

RESULT_TYPES: tuple[str, ...] = formats.media_types(formats.SPARQL_RESULTS)
GRAPH_TYPES: tuple[str, ...] = formats.media_types(formats.SPARQL_GRAPHS)

GRAPH_FALLBACK = RDF_XML

# Generic or legacy names clients send, and the type we answer with instead.
ALIASES: dict[str, dict[str, str]] = {
    "results": formats.aliases(formats.SPARQL_RESULTS),
    "graph": formats.aliases(formats.SPARQL_GRAPHS),
}


@dataclass(frozen=True)
class MediaRange:
    type: str
    subtype: str
    q: float
    order: int

    def matches(self, media_type: str) -> int:
        """Specificity of the match (3 exact, 2 type/*, 1 */*), or 0."""
        kind, _, sub = media_type.partition("/")
        if self.type == "*":
            return 1
        if self.type != kind:
            return 0
        if self.subtype == "*":
            return 2
        return 3 if self.subtype == sub else 0


def parse_accept(header: str | None) -> list[MediaRange]:
    """Media ranges of an Accept header; malformed entries are skipped, q clamped to 0–1."""
    ranges: list[MediaRange] = []
    for order, item in enumerate((header or "").split(",")):
        parts = [p.strip() for p in item.split(";")]
        kind, slash, sub = parts[0].lower().partition("/")
        if not slash or not kind or not sub:
            continue
        q = 1.0
        for param in parts[1:]:
            name, _, value = param.partition("=")
            if name.strip().lower() == "q":
                try:
                    q = min(max(float(value), 0.0), 1.0)
                except ValueError:
                    q = 0.0
        ranges.append(MediaRange(kind, sub, q, order))
    return ranges


def _quality(ranges: Sequence[MediaRange], media_type: str) -> tuple[float, int]:
    """(q, -order) of the most specific range matching ``media_type`` (RFC 9110 12.5.1)."""
    best: tuple[int, float, int] = (0, 0.0, 0)
    for media_range in ranges:
        specificity = media_range.matches(media_type)
        if specificity > best[0]:
            best = (specificity, media_range.q, media_range.order)
    return best[1], -best[2]


def choose(accept: str | None, offers: Sequence[str],
           aliases: dict[str, str] | None = None) -> str | None:
    """The offer the client prefers (highest q, then its own order, then ours), or None.

    No Accept header means anything: the first offer.
    """
    if not accept or not accept.strip():
        return offers[0] if offers else None
    ranges = parse_accept(accept)
    candidates: dict[str, tuple[float, int]] = {}
    for offer in offers:
        quality = _quality(ranges, offer)
        if quality[0] > 0:
            candidates[offer] = quality
    for alias, target in (aliases or {}).items():  # aliases count only when named exactly
        for media_range in ranges:
            exact = media_range.matches(alias) == 3 and media_range.q > 0
            if exact and target in offers and (media_range.q, -media_range.order) > \
                    candidates.get(target, (0.0, -(10**6))):
                candidates[target] = (media_range.q, -media_range.order)
    if not candidates:
        return None
    return max(candidates, key=lambda offer: (candidates[offer], -offers.index(offer)))


#: The endpoint's ``format=`` names (each row's name and other names).
FORMAT_NAMES: tuple[str, ...] = tuple(sorted({
    n for f in formats.SPARQL_RESULTS + formats.SPARQL_GRAPHS for n in (f.name, *f.names)}))


def _format_parameter(name: str) -> tuple[str | None, str | None]:
    results = formats.named(name, formats.SPARQL_RESULTS)
    graph = formats.named(name, formats.SPARQL_GRAPHS)
    if results is None and graph is None:
        raise ParameterError(f"unknown format {name!r}", where="parameter format",
                             hint="one of: " + ", ".join(FORMAT_NAMES) + " or a media type")
    return (results.media_type if results else None, graph.media_type if graph else None)


@lru_cache(maxsize=512)
def negotiate(accept: str | None, format_name: str | None = None) -> Formats:
    """Result-set and graph media types for a request; ``format=`` wins over Accept.

    Cached: clients send the same few Accept headers over and over (``Formats`` is frozen).

    A format that names only one kind leaves the other at its default, so a browser's
    ``format=csv`` on a CONSTRUCT still gets Turtle rather than an error.
    """
    if format_name:
        results, graph = _format_parameter(format_name)
        return Formats(results or RESULT_TYPES[0], graph or GRAPH_TYPES[0])
    results = choose(accept, RESULT_TYPES, ALIASES["results"])
    graph = choose(accept, GRAPH_TYPES, ALIASES["graph"])
    # A SPARQL client that names only one kind gets the other kind anyway rather than a
    # 406: rdflib's SPARQLStore (returnFormat json) sends only the JSON results type even
    # for CONSTRUCT, and RDF/XML is the graph format its result parser reads.
    if results is not None and graph is None:
        graph = GRAPH_FALLBACK
    elif graph is not None and results is None:
        results = RESULT_TYPES[0]
    return Formats(results, graph)


def negotiate_graph(accept: str | None, format_name: str | None = None) -> str | None:
    """One graph media type (service description, entity data)."""
    return negotiate(accept, format_name).graph
