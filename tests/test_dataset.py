"""The dataset: VoID + DCAT, dumps in four formats with a licence, the validation report."""

from __future__ import annotations

import os
import time

import pytest
from pages_site import BASE, HTML
from rdflib import Dataset, Graph, Literal, URIRef
from rdflib.namespace import DCAT, DCTERMS, RDF, VOID

CC_BY = URIRef("https://creativecommons.org/licenses/by/4.0/")


def void_graph(client) -> Graph:
    response = client.get("/.well-known/void", headers={"Accept": "text/turtle"})
    assert response.status_code == 200 and response.mimetype == "text/turtle"
    assert response.headers["Content-Location"] == "/dataset.ttl"
    return Graph().parse(data=response.data, format="turtle")


def test_void_and_dcat_describe_the_dataset(pages):
    graph = void_graph(pages)
    dataset = URIRef(BASE + "dataset")
    assert (dataset, RDF.type, VOID.Dataset) in graph
    assert (dataset, RDF.type, DCAT.Dataset) in graph
    assert (dataset, DCTERMS.license, CC_BY) in graph
    assert (dataset, VOID.sparqlEndpoint, URIRef(BASE + "sparql")) in graph
    assert (dataset, VOID.uriSpace, Literal(BASE + "id/")) in graph
    assert int(graph.value(dataset, VOID.triples)) > 100
    dumps = set(graph.objects(dataset, VOID.dataDump))
    assert dumps == {URIRef(f"{BASE}dump/lapekg.{s}") for s in ("trig", "nq", "ttl", "jsonld")}
    for dump in dumps:
        assert (dataset, DCAT.distribution, dump) in graph
        assert (dump, DCTERMS.license, CC_BY) in graph
        assert graph.value(dump, DCAT.mediaType) is not None
    partitions = {graph.value(p, VOID["class"]): int(graph.value(p, VOID.entities))
                  for p in graph.objects(dataset, VOID.classPartition)}
    assert partitions[URIRef("https://w3id.org/lapekg/ontology#Municipality")] == 3


def test_void_formats_and_html(pages):
    assert pages.get("/.well-known/void", headers={"Accept": HTML}).headers["Location"] \
        == "/dataset.html"
    assert pages.get("/dataset", headers={"Accept": "text/turtle"}).headers["Location"] \
        == "/dataset.ttl"
    jsonld = pages.get("/dataset.jsonld")
    assert jsonld.mimetype == "application/ld+json"
    assert len(Graph().parse(data=jsonld.data, format="json-ld")) > 20
    text = pages.get("/dataset.html").get_data(as_text=True)
    for needle in ('href="https://creativecommons.org/licenses/by/4.0/"',
                   'href="/dump/lapekg.trig"', 'href="/dump/lapekg.nq"',
                   'href="/dump/lapekg.ttl"', 'href="/dump/lapekg.jsonld"',
                   'href="/dataset/validation"', 'href="/.well-known/void"'):
        assert needle in text


def test_dumps_are_served_with_their_licence(pages, pages_site):
    trig = pages.get("/dump/lapekg.trig")
    assert trig.status_code == 200 and trig.mimetype == "application/trig"
    assert trig.headers["Link"] == f'<{CC_BY}>; rel="license"'
    expected = Dataset()
    expected.parse(data=trig.data, format="trig")
    quads = len(expected)
    for suffix, fmt, media_type in (("nq", "nquads", "application/n-quads"),
                                    ("jsonld", "json-ld", "application/ld+json")):
        response = pages.get(f"/dump/lapekg.{suffix}")
        assert response.status_code == 200 and response.mimetype == media_type
        parsed = Dataset()
        parsed.parse(data=response.data, format=fmt)
        assert len(parsed) == quads, suffix
    turtle = pages.get("/dump/lapekg.ttl")
    assert turtle.mimetype == "text/turtle"
    union = Graph().parse(data=turtle.data, format="turtle")
    assert 0 < len(union) <= quads
    assert pages.get("/dump/other.nq").status_code == 404
    assert pages.get("/dump/lapekg.xml").status_code == 404


def test_converted_dumps_are_cached_until_the_trig_changes(pages, pages_site):
    dump_dir = pages_site.build_dir / "dump"
    assert pages.get("/dump/lapekg.nq").status_code == 200
    cached = dump_dir / "lapekg.nq"
    first = cached.stat().st_mtime_ns
    assert pages.get("/dump/lapekg.nq").status_code == 200
    assert cached.stat().st_mtime_ns == first  # served from the cache
    trig = dump_dir / "lapekg.trig"
    later = time.time() + 5
    os.utime(trig, (later, later))  # a new build
    assert pages.get("/dump/lapekg.nq").status_code == 200
    assert cached.stat().st_mtime_ns != first
    assert not list(dump_dir.glob(".*.tmp"))


def test_validation_report_is_readable(pages):
    response = pages.get("/dataset/validation")
    text = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Does not conform" in text
    assert "Needs &lt;exactly&gt; one owner" in text  # the message, escaped
    assert "lape:owner" in text
    assert 'href="/id/practice/xss"' in text  # the focus node links to its page
    assert "&lt;script&gt; Paha" in text and "<script>" not in text
    assert pages.get("/dataset/validation.ttl").mimetype == "text/turtle"
    assert pages.get("/dataset/validation.txt").mimetype == "text/plain"


def test_named_graphs_dereference(pages):
    response = pages.get("/graph/sample-2018", headers={"Accept": "text/turtle"})
    assert response.status_code == 200
    assert response.headers["Content-Location"] == "/graph/sample-2018.ttl"
    graph = Graph().parse(data=response.data, format="turtle")
    assert (URIRef(BASE + "id/practice/kotipesa"), RDF.type, None) in graph
    assert pages.get("/graph/sample-2018", headers={"Accept": HTML}).status_code == 303
    assert pages.get("/graph/nothing", headers={"Accept": "text/turtle"}).status_code == 404


@pytest.mark.parametrize("path", ["/dump/lapekg.nq", "/dataset/validation"])
def test_missing_build_outputs_are_404_with_a_hint(app_factory, tmp_path, path):
    app = app_factory(tmp_path / "never-built", root=tmp_path)  # the store opens lazily
    response = app.test_client().get(path)
    assert response.status_code == 404
    assert "lapekg build" in response.get_data(as_text=True)
