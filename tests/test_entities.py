"""Linked Data pages: dereferencing, entity pages, evidence, indexes, ontology, home.

The pages are tested on the small sample site of tests/pages_site.py (the ``pages_site``,
``pages_app`` and ``pages`` fixtures of conftest.py): the real ontology plus sample
entities whose labels exercise the language fallback, accents and markup, a source
document on disk whose quotes the evidence nodes cite by offset, enough incoming links to
paginate, and a non-conforming validation report.
"""

from __future__ import annotations

import re
from urllib.parse import quote

import pytest
from pages_site import BASE, DOC_ID, DOC_TEXT, HTML, PEOPLE
from rdflib import Graph, Literal, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import OWL, RDF, RDFS, SKOS

from lapekg.namespaces import LAPE


def page_text(response) -> str:
    assert response.status_code == 200, response.get_data(as_text=True)[:500]
    return response.get_data(as_text=True)


# --- dereferencing ------------------------------------------------------------------------


@pytest.mark.parametrize(("accept", "target"), [
    (HTML, "/page/municipality/638"),
    ("text/turtle", "/data/municipality/638.ttl"),
    ("application/ld+json", "/data/municipality/638.jsonld"),
    ("application/n-triples", "/data/municipality/638.nt"),
    ("application/rdf+xml", "/data/municipality/638.rdf"),
    (None, "/page/municipality/638"),
])
def test_id_answers_303_by_accept(pages, accept, target):
    headers = {"Accept": accept} if accept else {}
    response = pages.get("/id/municipality/638", headers=headers)
    assert response.status_code == 303
    assert response.headers["Location"] == target
    assert "Accept" in response.headers["Vary"]


def test_303_keeps_the_chosen_language(pages):
    response = pages.get("/id/municipality/638?lang=sv", headers={"Accept": HTML})
    assert response.headers["Location"] == "/page/municipality/638?lang=sv"


def test_vocabulary_concepts_dereference(pages):
    response = pages.get("/vocab/development-area/peke", headers={"Accept": "text/turtle"})
    assert response.status_code == 303
    data = pages.get(response.headers["Location"])
    graph = Graph().parse(data=data.data, format="turtle")
    assert (URIRef("https://w3id.org/lapekg/vocab/development-area/peke"), RDF.type,
            SKOS.Concept) in graph
    assert "Perhekeskustoimintamalli" in page_text(pages.get("/page/vocab/development-area/peke"))


def test_unknown_entity_is_a_404_page(pages):
    for accept in (HTML, "text/turtle"):
        assert pages.get("/id/municipality/999", headers={"Accept": accept}).status_code == 404
    response = pages.get("/page/municipality/999")
    assert response.status_code == 404
    assert response.mimetype == "text/html"
    assert "municipality/999" in response.get_data(as_text=True)
    assert pages.get("/data/municipality/999.ttl").status_code == 404
    assert pages.get("/id/municipality/%3Cscript%3E").status_code == 404


def test_data_formats_agree_and_mention_the_entity(pages):
    iri = URIRef(BASE + "id/municipality/638")
    graphs = {}
    for suffix, fmt in (("ttl", "turtle"), ("jsonld", "json-ld"), ("nt", "nt"), ("rdf", "xml")):
        response = pages.get(f"/data/municipality/638.{suffix}")
        assert response.status_code == 200
        graphs[suffix] = Graph().parse(data=response.data, format=fmt)
        assert (iri, RDFS.label, Literal("Borgå", lang="sv")) in graphs[suffix]
        assert (URIRef(BASE + "id/practice/kotipesa"), LAPE.owner, iri) in graphs[suffix]
        assert 'rel="alternate"' in response.headers["Link"]
    assert all(isomorphic(graphs["ttl"], g) for g in graphs.values())


def test_data_without_suffix_negotiates_in_place(pages):
    response = pages.get("/data/municipality/638", headers={"Accept": "application/ld+json"})
    assert response.status_code == 200
    assert response.mimetype == "application/ld+json"
    assert response.headers["Content-Location"] == "/data/municipality/638.jsonld"
    assert "Accept" in response.headers["Vary"]
    assert pages.get("/id/municipality/638", headers={"Accept": "image/png"}).status_code == 406


# --- entity pages -------------------------------------------------------------------------


def test_page_links_its_alternates(pages):
    response = pages.get("/page/municipality/638")
    text = page_text(response)
    for suffix, media_type in (("ttl", "text/turtle"), ("jsonld", "application/ld+json"),
                               ("nt", "application/n-triples"), ("rdf", "application/rdf+xml")):
        assert f'</data/municipality/638.{suffix}>; rel="alternate"; type="{media_type}"' \
            in response.headers["Link"]
        assert (f'<link rel="alternate" type="{media_type}" '
                f'href="/data/municipality/638.{suffix}"') in text
    assert response.headers["Content-Type"] == "text/html; charset=utf-8"


@pytest.mark.parametrize(("lang", "title"), [("fi", "Porvoo"), ("sv", "Borgå"), ("en", "Porvoo")])
def test_label_in_the_chosen_language(pages, lang, title):
    text = page_text(pages.get(f"/page/municipality/638?lang={lang}"))
    assert f'<html lang="{lang}">' in text
    assert f"<h1>{title}</h1>" in text
    assert f"<title>{title} ·" in text


def test_label_falls_back_in_the_stated_order(pages):
    text = page_text(pages.get("/page/municipality/992?lang=sv"))
    assert "<h1>Äänekoski</h1>" in text  # no Swedish label: Finnish next
    assert "sv → fi → en" in text  # the fallback order is stated on the page
    text = page_text(pages.get("/page/practice/kotipesa?lang=sv"))
    assert "<h1>Perhekeskus &#34;Kotipesä&#34;</h1>" in text
    text = page_text(pages.get("/page/practice/kotipesa?lang=en"))
    assert "<h1>Family centre Kotipesä</h1>" in text


def test_language_switch_keeps_the_page(pages):
    text = page_text(pages.get("/page/municipality/638?lang=en"))
    assert 'href="/page/municipality/638?lang=sv"' in text
    assert 'href="/page/municipality/638"' in text  # fi is the default: no parameter
    assert 'href="/id/region/01?lang=en"' in text  # links keep the language


def test_page_shows_types_relations_and_external_links(pages):
    text = page_text(pages.get("/page/municipality/638?lang=en"))
    assert 'href="/ontology?lang=en#Municipality"' in text  # the type, to the ontology docs
    assert 'href="/id/region/01?lang=en">Uusimaa</a>' in text  # outgoing, labelled
    assert 'href="/id/practice/kotipesa?lang=en">Family centre Kotipesä</a>' in text  # incoming
    assert "owner" in text.lower()  # grouped under the property's label
    assert 'href="http://www.wikidata.org/entity/Q193367"' in text
    assert 'href="http://www.yso.fi/onto/yso/p94352"' in text
    assert "http://uri.suomi.fi/codelist/jhs/kunta_1_20230101/code/638" in text
    assert "sotkanet.fi" in text


def test_evidence_quote_links_to_the_highlighted_passage(pages, pages_site):
    text = page_text(pages.get("/page/practice/kotipesa"))
    start, end = pages_site.quotes[BASE + "id/practice/kotipesa"]
    assert "&lt;kaikkia&gt;" in text and "<kaikkia>" not in text
    href = f"/source/{DOC_ID}?start={start}&amp;end={end}#passage"
    assert href in text
    assert 'href="/id/document/sample-2018">Näytekunnan juurruttamissuunnitelma 2018</a>' in text
    source = page_text(pages.get(f"/source/{DOC_ID}?start={start}&end={end}"))
    marked = re.search(r'<mark id="passage">(.*?)</mark>', source, re.S)
    assert marked is not None
    expected = DOC_TEXT[start:end].replace("&", "&amp;").replace("<", "&lt;") \
        .replace(">", "&gt;").replace('"', "&#34;")
    assert marked.group(1) == expected
    assert "Loppu." in source  # the whole document is shown around the passage


def test_source_reader_checks_its_input(pages):
    assert pages.get(f"/source/{DOC_ID}?start=5&end=2").status_code == 400
    assert pages.get(f"/source/{DOC_ID}?start=0&end=100000").status_code == 400
    assert pages.get(f"/source/{DOC_ID}?start=x").status_code == 400
    assert pages.get("/source/no-such-document").status_code == 404
    assert "<mark" not in page_text(pages.get(f"/source/{DOC_ID}"))


def test_incoming_links_are_previewed_then_paginated(pages):
    text = page_text(pages.get("/page/municipality/638?lang=en"))
    observations = re.findall(r'href="/id/observation/sample-\d+', text)
    assert len(observations) == 10  # a preview per property, not all 60
    ref_area = quote(str(LAPE.refArea), safe="")
    more = f'href="/page/municipality/638?in={ref_area}&amp;lang=en"'
    assert more in text
    page2 = page_text(pages.get(f"/page/municipality/638?in={ref_area}&in_page=2&lang=en"))
    listed = re.findall(r'href="/id/observation/sample-(\d+)', page2)
    assert listed == [f"{n:02d}" for n in range(50, 60)]
    assert 'rel="prev"' in page2 and 'rel="next"' not in page2


class CountingStore:
    """Wraps the app's store and counts queries."""

    def __init__(self, store):
        self.store, self.calls = store, 0

    def select(self, *args, **kwargs):
        self.calls += 1
        return self.store.select(*args, **kwargs)

    def __getattr__(self, name):
        return getattr(self.store, name)


def test_an_entity_page_runs_a_small_fixed_number_of_queries(pages_app):
    services = pages_app.extensions["lapekg"]
    original = services.store
    counts = {}
    try:
        for path in ("/page/municipality/638", "/page/practice/kotipesa",
                     "/page/observation/sample-01"):
            services.store = CountingStore(original)
            page_text(pages_app.test_client().get(path))
            counts[path] = services.store.calls
    finally:
        services.store = original
    assert max(counts.values()) <= 5, counts


def test_markup_in_a_label_is_escaped(pages):
    text = page_text(pages.get("/page/practice/xss"))
    assert "<script>alert" not in text and "<b>malli" not in text
    assert "&lt;script&gt;alert(&#39;lapekg&#39;)&lt;/script&gt; Paha &lt;b&gt;malli" in text
    owner = page_text(pages.get("/page/municipality/638"))
    assert "<script>alert" not in owner and "&lt;script&gt;" in owner


# --- indexes, home, ontology ---------------------------------------------------------------


def test_class_index_lists_counts_and_paginates(pages):
    text = page_text(pages.get("/browse/municipalities?lang=sv"))
    assert "(3)" in text
    assert [m for m in re.findall(r'<li><a href="/id/municipality/\d+\?lang=sv">([^<]+)', text)] \
        == ["Borgå", "Hangö", "Äänekoski"]
    first = page_text(pages.get("/browse/people"))
    assert f"({PEOPLE})" in first
    assert len(re.findall(r'href="/id/person/', first)) == 50
    second = page_text(pages.get("/browse/people?page=2"))
    assert len(re.findall(r'href="/id/person/', second)) == PEOPLE - 50
    assert 'start="51"' in second
    assert pages.get("/browse/people?page=0").status_code == 400
    assert pages.get("/browse/nothing").status_code == 404


def test_home_says_what_it_is_with_counts_and_links(pages):
    text = page_text(pages.get("/?lang=en"))
    assert "The LAPE knowledge graph" in text
    for href in ('href="/browse/municipalities?lang=en"', 'href="/browse/practices?lang=en"',
                 'href="/browse/people?lang=en"', 'href="/browse/groups?lang=en"',
                 'href="/browse/measures?lang=en"', 'href="/browse/indicators?lang=en"',
                 'href="/sparql"', 'href="/dataset?lang=en"', 'action="/search"'):
        assert href in text
    assert re.search(r'municipalities\?lang=en">Municipalities</a></td>\s*<td class="num">3<',
                     text)


def test_ontology_serves_documentation_and_rdf(pages):
    html = pages.get("/ontology", headers={"Accept": HTML})
    text = page_text(html)
    assert html.headers["Content-Location"] == "/ontology.html"
    assert 'id="Municipality"' in text and "lape:Municipality" in text
    assert 'href="/browse/municipalities"' in text
    turtle = pages.get("/ontology", headers={"Accept": "text/turtle"})
    assert turtle.status_code == 200 and turtle.headers["Content-Location"] == "/ontology.ttl"
    graph = Graph().parse(data=turtle.data, format="turtle")
    assert (URIRef(BASE + "ontology"), RDF.type, OWL.Ontology) in graph
    assert "Accept" in turtle.headers["Vary"]
    jsonld = pages.get("/ontology.jsonld")
    assert isomorphic(Graph().parse(data=jsonld.data, format="json-ld"), graph)
    assert pages.get("/ontology#Municipality").status_code == 200
