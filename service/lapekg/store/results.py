"""Serialise pyoxigraph answers natively, with a row cap that says when it cut.

pyoxigraph can serialise a result set but not stop after *n* solutions, and converting
rows to Python (or rdflib) terms first costs 1.5–2.5× over HTTP. So a SELECT is written
natively, in the format asked for, into a writer that counts a marker each row writes at
least once — ``<result>`` in XML (exact: text escapes ``<``), a newline in TSV (exact: TSV
escapes newlines in literals) or CSV, ``{`` in JSON (an upper bound: one per row, one per
bound term). While the count stays under the cap the result cannot have been cut, and
the bytes go out as written: one pass. When the count passes the cap the writer raises,
which also stops the evaluation; then the query is run again into TSV, whose lines are
exactly its rows, cut there, and re-serialised natively from the parsed TSV. Only results
near or over the cap pay for that second run. Graphs are taken triple by triple up to
the cap and serialised by ``pyoxigraph.serialize``.
"""

from __future__ import annotations

from collections.abc import Callable
from itertools import islice

import pyoxigraph as ox

from .. import formats
from ..errors import NotAcceptable
from .base import ASK, CONSTRUCT, SELECT, Formats, QueryResult

# Media type → pyoxigraph writer, for what the SPARQL endpoint offers (lapekg.formats).
RESULT_FORMATS: dict[str, ox.QueryResultsFormat] = {
    f.media_type: f.writer for f in formats.SPARQL_RESULTS
    if isinstance(f.writer, ox.QueryResultsFormat)}
GRAPH_FORMATS: dict[str, ox.RdfFormat] = {
    f.media_type: f.writer for f in formats.SPARQL_GRAPHS if isinstance(f.writer, ox.RdfFormat)}
_PREFIXED = {ox.RdfFormat.TURTLE, ox.RdfFormat.TRIG, ox.RdfFormat.RDF_XML}


class _Capped(Exception):
    """Raised by a counting writer to stop a serialisation at the cap."""


# Per result format: the marker each row writes at least once, and how many the header
# and framing write besides.
_ROW_MARKERS: dict[ox.QueryResultsFormat, tuple[bytes, int]] = {
    ox.QueryResultsFormat.TSV: (b"\n", 1),
    ox.QueryResultsFormat.CSV: (b"\n", 1),
    ox.QueryResultsFormat.XML: (b"<result>", 0),
    ox.QueryResultsFormat.JSON: (b"{", 3),
}


class _CountingWriter:
    """A binary sink that keeps what is written and raises past ``limit`` markers."""

    def __init__(self, marker: bytes, limit: int):
        self.marker = marker
        self.limit = limit
        self.count = 0
        self.chunks: list[bytes] = []
        self._tail = b""  # a marker may straddle two writes

    def write(self, data: bytes) -> int:
        chunk = bytes(data)
        seen = self._tail + chunk
        self.count += seen.count(self.marker)
        self._tail = seen[-(len(self.marker) - 1):] if len(self.marker) > 1 else b""
        self.chunks.append(chunk)
        if self.count > self.limit:
            raise _Capped
        return len(chunk)

    def flush(self) -> None:
        """Nothing to flush: the chunks are kept in memory."""

    def lines(self, count: int) -> bytes:
        """The first ``count`` lines written (for TSV: the header and ``count - 1`` rows)."""
        text = b"".join(self.chunks)
        end = -1
        for _ in range(count):
            end = text.index(b"\n", end + 1)
        return text[: end + 1]


def _not_acceptable(kind: str, offered: dict) -> NotAcceptable:
    return NotAcceptable(f"no acceptable media type for a {kind}",
                         where="Accept header",
                         hint=f"accept one of: {', '.join(offered)}")


def serialise_boolean(answer: ox.QueryBoolean, formats: Formats) -> QueryResult:
    media = formats.results
    if media is None or media not in RESULT_FORMATS:
        raise _not_acceptable("boolean result", RESULT_FORMATS)
    return QueryResult(answer.serialize(format=RESULT_FORMATS[media]) or b"", media, ASK)


def serialise_solutions(solutions: ox.QuerySolutions, formats: Formats, max_rows: int | None,
                        rerun: Callable[[], ox.QuerySolutions]) -> QueryResult:
    """A result set in the negotiated format, cut at ``max_rows`` (see the module doc)."""
    media = formats.results
    if media is None or media not in RESULT_FORMATS:
        raise _not_acceptable("result set", RESULT_FORMATS)
    target = RESULT_FORMATS[media]
    if max_rows is None:
        return QueryResult(solutions.serialize(format=target) or b"", media, SELECT)
    marker, framing = _ROW_MARKERS[target]
    writer = _CountingWriter(marker, max_rows + framing)
    try:
        solutions.serialize(writer, format=target)  # type: ignore[arg-type]
        return QueryResult(b"".join(writer.chunks), media, SELECT)
    except _Capped:
        pass
    if target is not ox.QueryResultsFormat.TSV:
        writer = _CountingWriter(b"\n", max_rows + 1)
        try:
            rerun().serialize(writer, format=ox.QueryResultsFormat.TSV)  # type: ignore[arg-type]
        except _Capped:
            pass
        else:  # the upper bound overcounted: the whole result fits after all
            tsv = b"".join(writer.chunks)
            parsed = ox.parse_query_results(tsv, ox.QueryResultsFormat.TSV)
            return QueryResult(parsed.serialize(format=target) or b"", media, SELECT)
    tsv = writer.lines(max_rows + 1)
    if target is ox.QueryResultsFormat.TSV:
        return QueryResult(tsv, media, SELECT, truncated=True)
    parsed = ox.parse_query_results(tsv, ox.QueryResultsFormat.TSV)
    return QueryResult(parsed.serialize(format=target) or b"", media, SELECT, truncated=True)


def serialise_triples(triples: ox.QueryTriples, formats: Formats, max_rows: int | None,
                      prefixes: dict[str, str] | None = None) -> QueryResult:
    """CONSTRUCT and DESCRIBE answers (both reported as CONSTRUCT: the result cannot tell)."""
    media = formats.graph
    if media is None or media not in GRAPH_FORMATS:
        raise _not_acceptable("graph", GRAPH_FORMATS)
    taken = list(triples if max_rows is None else islice(triples, max_rows + 1))
    truncated = max_rows is not None and len(taken) > max_rows
    if truncated:
        del taken[max_rows:]
    target = GRAPH_FORMATS[media]
    items: list = taken
    if target.supports_datasets:
        items = [ox.Quad(t.subject, t.predicate, t.object) for t in taken]
    body = ox.serialize(items, format=target,
                        prefixes=prefixes if target in _PREFIXED else None) or b""
    return QueryResult(body, media, CONSTRUCT, truncated=truncated)
