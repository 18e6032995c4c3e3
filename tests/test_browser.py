"""A person's path through the site, in Debian's Chromium driven by Playwright.

home → a municipality → one of its practices → the evidence passage in the source
reader; then a query run in YASGUI at /sparql, showing its results table. No request may
leave the service. Needs ``scripts/install-browser-deps.sh`` (Chromium from apt, YASGUI
from npm, the ``playwright`` package, which downloads no browser: it launches
/usr/bin/chromium). Outside CI a missing browser skips; in CI it fails.
"""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest
from pages_site import DOC_TEXT, PagesSite, build_pages_site


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> PagesSite:
    return build_pages_site(tmp_path_factory.mktemp("browser-pages"))


@pytest.fixture(scope="module")
def server(site: PagesSite, live_server_factory):
    return live_server_factory(site.build_dir, root=site.root)


def test_home_to_municipality_to_practice_to_evidence(page, server):
    page.goto(server.url + "/")
    assert page.locator("h1").inner_text() == "LAPE-tietoverkko"
    page.get_by_role("link", name="Kunnat", exact=True).click()
    page.get_by_role("link", name="Porvoo", exact=True).click()
    assert page.locator("h1").inner_text() == "Porvoo"
    assert page.url.endswith("/page/municipality/638")
    practice = page.locator("#incoming").get_by_role("link", name='Perhekeskus "Kotipesä"',
                                                    exact=True)
    practice.click()
    assert page.locator("h1").inner_text() == 'Perhekeskus "Kotipesä"'
    quote = page.locator("#evidence blockquote").first.inner_text()
    assert quote.startswith('Perhekeskus "Kotipesä" aloittaa')
    page.locator("#evidence a.passage").first.click()
    passage = page.locator("mark#passage")
    passage.wait_for()
    assert "/source/sample-2018?" in page.url
    start = DOC_TEXT.index('Perhekeskus "Kotipesä"')
    assert passage.inner_text().split() == DOC_TEXT[start:start + len(quote) + 10].split()[
        :len(passage.inner_text().split())]
    assert passage.inner_text().split() == quote.split()
    assert passage.is_visible()
    assert "Loppu." in page.locator("pre.source-text").inner_text()
    assert page.outside_requests == []
    assert page.errors == []


def test_language_switch(page, server):
    page.goto(server.url + "/page/municipality/638")
    page.get_by_role("link", name="svenska", exact=True).click()
    assert page.locator("h1").inner_text() == "Borgå"
    assert page.locator("html").get_attribute("lang") == "sv"
    page.locator("#outgoing").get_by_role("link", name="Nyland", exact=True).click()
    assert page.locator("h1").inner_text() == "Nyland"  # the language follows the links
    assert page.url.endswith("/page/region/01?lang=sv")


def test_a_query_in_yasgui_shows_its_results_table(page, server):
    page.goto(server.url + "/")
    page.locator("header.site").get_by_role("link", name="SPARQL-kysely", exact=True).click()
    assert urlsplit(page.url).path == "/sparql"
    page.locator(".yasqe .CodeMirror").wait_for()
    assert "lape:Municipality" in page.locator(".yasqe .CodeMirror").inner_text()
    page.locator(".yasqe_queryButton").click()
    rows = page.locator(".yasr table.dataTable tbody tr")
    rows.first.wait_for()
    assert rows.count() == 3
    table = page.locator(".yasr table.dataTable").inner_text()
    assert "Porvoo" in table and "Äänekoski" in table
    # a named query as an example: loaded into the editor and run
    page.locator("button.example").first.click()
    assert "SELECT" in page.locator(".yasqe .CodeMirror").inner_text()
    assert page.outside_requests == []
    assert page.errors == []


def test_autocompletion_suggests_our_own_terms_without_outside_calls(page, server):
    page.goto(server.url + "/sparql")
    page.locator(".yasqe .CodeMirror").wait_for()
    page.evaluate("""() => {
        const yasqe = window.lapekgEditor.getTab().getYasqe();
        yasqe.setValue('PREFIX lape: <https://w3id.org/lapekg/ontology#>\\n'
                       + 'SELECT * WHERE { ?s a lape:Munic');
        yasqe.focus();
        yasqe.setCursor(yasqe.lineCount() - 1, 1000);
        yasqe.autocomplete();
        return true;
    }""")
    hints = page.locator(".CodeMirror-hints li")
    hints.first.wait_for()
    assert "lape:Municipality" in hints.all_inner_texts()
    assert page.outside_requests == []


# --- the editor page itself (no browser needed) ----------------------------------------------


def test_sparql_answers_a_browser_with_the_editor(server):
    client = server.app.test_client()
    response = client.get("/sparql", headers={"Accept": "text/html,*/*;q=0.8"})
    assert response.status_code == 200 and response.mimetype == "text/html"
    assert 'id="yasgui"' in response.get_data(as_text=True)
    assert "Accept" in response.headers.get("Vary", "")


def test_editor_page_loads_only_local_assets(server):
    import json
    import re

    text = server.app.test_client().get("/editor").get_data(as_text=True)
    sources = re.findall(r'(?:src|href)="([^"]+)"', text)
    assert "/static/yasgui/yasgui.min.js" in sources
    assert "/static/yasgui/yasgui.min.css" in sources
    assert "/static/editor.js" in sources
    assert not [s for s in sources if s.startswith(("http:", "https:", "//"))
                and "creativecommons.org" not in s]
    assert not re.search(r"<script(?![^>]*\b(src|type=\"application/json\"))", text)  # no inline JS
    island = re.search(r'<script type="application/json" id="editor-config">(.*?)</script>',
                       text, re.S)
    config = json.loads(island.group(1))
    assert config["endpoint"].endswith("/sparql")
    assert config["prefixes"]["lape"] == "https://w3id.org/lapekg/ontology#"
    assert {e["name"] for e in config["examples"]} >= {"adoptions", "municipality-search"}
    assert all("PREFIX lape:" in e["query"] for e in config["examples"])
    assert "https://w3id.org/lapekg/ontology#Municipality" in config["terms"]["classes"]
    assert "https://w3id.org/lapekg/ontology#owner" in config["terms"]["properties"]
