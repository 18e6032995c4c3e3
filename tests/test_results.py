"""Native serialisation with the row cap (store/results.py), on an in-memory store."""

from __future__ import annotations

import csv
import io
import json
import xml.etree.ElementTree as ET

import pyoxigraph as ox
import pytest

from lapekg.store.base import Formats
from lapekg.store.embedded import EmbeddedStore
from lapekg.store.results import _CountingWriter

N = 40
# Literals full of the markers the writer counts: braces, newlines, "<result>".
TRICKY = ['{"a":{}}', "two\nlines", "<result></result>", "tab\there", "plain"]
SRX = "{http://www.w3.org/2005/sparql-results#}"


@pytest.fixture(scope="module")
def store() -> EmbeddedStore:
    raw = ox.Store()
    for i in range(N):
        raw.add(ox.Quad(ox.NamedNode(f"urn:s{i:03}"), ox.NamedNode("urn:p"),
                        ox.Literal(TRICKY[i % len(TRICKY)]), ox.NamedNode("urn:g")))
    return EmbeddedStore(store=raw)


def rows(body: bytes, media: str) -> list[str]:
    text = body.decode("utf-8")
    if media.endswith("json"):
        return [b["o"]["value"] for b in json.loads(text)["results"]["bindings"]]
    if media.endswith("xml"):
        return [r.find(f"{SRX}binding[@name='o']/{SRX}literal").text or ""
                for r in ET.fromstring(body).iter(f"{SRX}result")]
    if media == "text/csv":
        return [r["o"] for r in csv.DictReader(io.StringIO(text, newline=""))]
    return [line.split("\t")[0] for line in text.split("\n")[1:] if line]


MEDIA = ["application/sparql-results+json", "application/sparql-results+xml", "text/csv",
         "text/tab-separated-values"]
QUERY = "SELECT ?o ?s WHERE { ?s <urn:p> ?o } ORDER BY ?s"


@pytest.mark.parametrize("media", MEDIA)
@pytest.mark.parametrize("cap", [1, 7, N - 1, N, N + 1, 1000, None])
def test_cap_is_exact_in_every_format(store, media, cap):
    result = store.query(QUERY, formats=Formats(results=media), max_rows=cap)
    expected = N if cap is None else min(cap, N)
    assert len(rows(result.body, media)) == expected
    assert result.truncated == (cap is not None and cap < N)
    assert result.media_type == media


def test_values_survive_the_tsv_fallback(store):
    whole = store.query(QUERY, formats=Formats(results=MEDIA[0]))
    cut = store.query(QUERY, formats=Formats(results=MEDIA[0]), max_rows=N - 1)
    assert rows(cut.body, MEDIA[0]) == rows(whole.body, MEDIA[0])[: N - 1]
    assert "two\nlines" in rows(cut.body, MEDIA[0])


def test_marker_across_writes():
    writer = _CountingWriter(b"<result>", limit=10)
    for piece in (b"<res", b"ult><re", b"sult>", b"<", b"result>"):
        writer.write(piece)
    assert writer.count == 3


def test_graph_cap(store):
    result = store.query("CONSTRUCT WHERE { ?s ?p ?o }",
                         formats=Formats(graph="application/n-triples"), max_rows=5)
    assert result.truncated and len(result.body.strip().splitlines()) == 5
