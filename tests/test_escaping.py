"""Pages escape data (issue 8, point 5).

The real graph, republished with hostile additions — labels holding ``<script>``,
attribute breakers (``"onmouseover=``), ``javascript:`` IRIs as link targets — is crawled
page by page from the home page and the hostile entity: no page may carry an inline
script, an event-handler attribute or a ``javascript:`` link, every page carries the
security headers, and the JSON twins are JSON with the text intact.
"""

from __future__ import annotations

import shutil
from html.parser import HTMLParser
from urllib.parse import urlsplit

import pytest

from lapekg.store.publish import publish

BASE = "https://w3id.org/lapekg/"
HOSTILE = f"{BASE}id/practice/hostile"
SCRIPT = "<script>alert('label')</script>"
ATTRIBUTE = '" onmouseover="alert(1)" x="'
_ATTRIBUTE_LITERAL = ATTRIBUTE.replace('"', '\\"')  # as a SPARQL string
UPDATE = f"""
PREFIX lape: <https://w3id.org/lapekg/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX owl: <http://www.w3.org/2002/07/owl#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
INSERT DATA {{ GRAPH <{BASE}graph/hostile> {{
  <{HOSTILE}> a lape:Practice ;
      rdfs:label "{SCRIPT}"@fi , "{_ATTRIBUTE_LITERAL}"@en ;
      skos:definition "</p><img src=x onerror=alert(2)><p>"@fi ;
      owl:sameAs <javascript:alert(3)> ;
      rdfs:seeAlso <data:text/html,%3Cscript%3Ealert(4)%3C/script%3E> , <vbscript:msgbox(5)> ;
      lape:owner <{BASE}id/municipality/638> .
  <{BASE}id/adoption/hostile> a lape:Adoption ;
      rdfs:label "{SCRIPT} adoption"@fi ;
      lape:adoptedPractice <{HOSTILE}> ;
      lape:adoptedBy <{BASE}id/municipality/444> ;
      lape:adoptionKind <{BASE}vocab/adoption-kind/implemented> .
  <{BASE}id/municipality/638> skos:altLabel "{SCRIPT}"@fi .
}} }}
"""
TOKEN = "escaping-test-token"
MAX_PAGES = 250
SEEDS = ["/", "/browse", "/id/practice/hostile", "/id/adoption/hostile",
         "/id/municipality/638", "/id/municipality/444",
         "/search?q=script", "/search?q=alert", "/views/diffusion",
         "/views/browse/practices", "/views/compare?agent=" + BASE + "id/municipality/638"
         + "&agent=" + BASE + "id/municipality/444", "/dataset", "/ontology"]


class _Page(HTMLParser):
    """Every tag with its attributes, and the text of inline scripts."""

    def __init__(self):
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.inline_scripts: list[str] = []
        self._in_script = self._data_island = False

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        self.tags.append((tag, attributes))
        self._in_script = tag == "script" and "src" not in attributes
        self._data_island = attributes.get("type") in ("application/json",
                                                       "application/ld+json")

    def handle_endtag(self, tag):
        if tag == "script":
            self._in_script = False

    def handle_data(self, data):
        if self._in_script and data.strip():
            if self._data_island:  # data, not code: but it must not close its element
                assert "<" not in data, f"a data island holds a raw '<': {data[:80]}"
            else:
                self.inline_scripts.append(data)


@pytest.fixture(scope="module")
def web(built_dir, tmp_path_factory):
    from lapekg.web import create_app

    build_dir = tmp_path_factory.mktemp("hostile-build")
    publish(built_dir / "dump" / "lapekg.trig", build_dir)
    shutil.copytree(built_dir / "reports", build_dir / "reports")
    app = create_app({"build_dir": build_dir, "admin_token": TOKEN, "TESTING": True})
    client = app.test_client()
    inserted = client.post("/sparql", data={"update": UPDATE},
                           headers={"Authorization": f"Bearer {TOKEN}"})
    assert inserted.status_code == 204, inserted.get_data(as_text=True)
    yield client
    app.extensions["lapekg"].close()


def _check(path: str, response) -> list[str]:
    """The page's problems; its internal links are returned for the crawl."""
    html = response.get_data(as_text=True)
    assert SCRIPT not in html, f"{path}: a label reached the page unescaped"
    assert "onmouseover=" not in html.replace("onmouseover=&#34;", "") \
        .replace("onmouseover=&quot;", ""), f"{path}: an attribute broke out"
    assert "<img src=x" not in html, path
    page = _Page()
    page.feed(html)
    assert not page.inline_scripts, f"{path}: inline script {page.inline_scripts[0][:80]}"
    links = []
    for tag, attributes in page.tags:
        events = [name for name in attributes if name.startswith("on")]
        assert not events, f"{path}: <{tag}> has event attribute(s) {events}"
        for name in ("href", "src", "action", "formaction"):
            value = (attributes.get(name) or "").strip().lower()
            if tag == "link" and attributes.get("rel") == "icon" and value == "data:,":
                continue  # base.html's empty favicon (no request for /favicon.ico)
            assert not value.startswith(("javascript:", "data:", "vbscript:")), \
                f"{path}: <{tag} {name}={value[:60]}>"
        href = attributes.get("href") or ""
        if tag == "a" and href.startswith("/") and not href.startswith("//"):
            links.append(href.split("#", 1)[0])
    headers = response.headers
    assert "frame-ancestors 'none'" in headers["Content-Security-Policy"], path
    assert "script-src 'self'" in headers["Content-Security-Policy"], path
    assert headers["X-Content-Type-Options"] == "nosniff", path
    return links


def test_every_crawled_page_escapes_hostile_data(web):
    queue, seen, checked = list(SEEDS), set(), 0
    while queue and checked < MAX_PAGES:
        path = queue.pop(0)
        if path in seen:
            continue
        seen.add(path)
        response = web.get(path, headers={"Accept": "text/html"}, follow_redirects=True)
        if not response.content_type.startswith("text/html"):
            continue
        links = _check(path, response)
        checked += 1
        # The hostile entities' neighbourhood first, then the rest of the site.
        near = [link for link in links if "hostile" in link or "municipality/" in link]
        queue[:0] = [link for link in near if link not in seen]
        queue.extend(link for link in links if link not in seen and link not in near)
    assert checked >= 100, f"only {checked} pages crawled"
    assert {"/id/practice/hostile", "/id/adoption/hostile"} <= seen


def test_the_hostile_text_is_shown_escaped_not_dropped(web):
    page = web.get("/id/practice/hostile", follow_redirects=True).get_data(as_text=True)
    assert "&lt;script&gt;alert(" in page, "the label is shown, as text"
    assert "javascript:alert(3)" in page, "the foreign IRI is shown, as text"
    assert 'href="javascript:' not in page.lower()
    search = web.get("/search", query_string={"q": "alert"}).get_data(as_text=True)
    assert "&lt;script&gt;" in search


@pytest.mark.parametrize("path", ["/data/practice/hostile.jsonld", "/search?q=alert",
                                  "/api/queries/practice-spread",
                                  "/views/diffusion.json"])
def test_json_surfaces_are_json_with_the_text_intact(web, path):
    response = web.get(path, headers={"Accept": "application/json"})
    assert response.status_code == 200, path
    assert response.content_type.split(";")[0] in ("application/json",
                                                    "application/sparql-results+json",
                                                    "application/ld+json"), path
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    body = response.get_data(as_text=True)
    if "hostile" in body:
        assert "<script>alert('label')</script>" in body.replace("\\u003c", "<") \
            .replace("\\u003e", ">").replace("\\/", "/")
    assert urlsplit(path).path  # every case names a path
