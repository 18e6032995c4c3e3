"""Research views and main pages in a real Chromium: axe-core finds no serious or critical
accessibility violations, the filters work from the keyboard, the pages read without
JavaScript, and a screenshot of each is kept under build/artefacts/screenshots/."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
AXE = REPO / "node_modules" / "axe-core" / "axe.min.js"
ARTEFACTS = REPO / "build" / "artefacts" / "screenshots"

PAGES = {
    "home": "/",
    "search": "/search?q=vanhemmuusvalmennusta",
    "diffusion": "/views/diffusion",
    "measures": "/views/measures",
    "roadmaps": "/views/roadmaps?area=id:municipality/638",
    "indicators": "/views/indicators",
    "compare": "/views/compare?agent=id:municipality/638&agent=id:municipality/444",
    "facets": "/views/browse/practices?area=https://w3id.org/lapekg/vocab/development-area/peke",
    "entity": "/page/practice/vanhemmuusvalmennus",
    "source": "/source/porvoo-2018?start=100&end=200",
}


@pytest.fixture(scope="module")
def server(live_server):
    return live_server


@pytest.fixture()
def axe_page(browser, server):
    """A page whose context lets the test inject axe-core (the service's CSP forbids
    scripts it does not serve; bypassing it is the test's, not the page's)."""
    if not AXE.exists():
        pytest.fail(f"{AXE} is missing: run `npm ci` (make install does)")
    context = browser.new_context(viewport={"width": 1280, "height": 900}, bypass_csp=True)
    page = context.new_page()
    page.set_default_timeout(20_000)
    yield page
    context.close()


@pytest.mark.parametrize("name", list(PAGES))
@pytest.mark.parametrize("lang", ["fi", "en", "sv"])
def test_axe_finds_no_serious_violations(axe_page, server, name, lang):
    path = PAGES[name]
    url = server.url + path + ("&" if "?" in path else "?") + f"lang={lang}"
    response = axe_page.goto(url)
    assert response.status == 200
    axe_page.wait_for_load_state("networkidle")
    if lang == "en":
        ARTEFACTS.mkdir(parents=True, exist_ok=True)
        axe_page.screenshot(path=str(ARTEFACTS / f"{name}.png"), full_page=True)
    assert axe_page.locator("html").get_attribute("lang") == lang
    axe_page.add_script_tag(path=str(AXE))
    result = axe_page.evaluate(
        "axe.run(document, {runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21aa']}})")
    serious = [{"id": v["id"], "impact": v["impact"], "help": v["help"],
                "nodes": [n["target"] for n in v["nodes"]][:5]}
               for v in result["violations"] if v["impact"] in ("serious", "critical")]
    assert not serious, json.dumps(serious, indent=1, ensure_ascii=False)


@pytest.mark.parametrize("view, field, value", [
    ("diffusion", "inferred", "false"),
    ("measures", None, None),
    ("roadmaps", "area", None),
    ("indicators", "indicator", None),
    ("compare?agent=id:municipality/638&agent=id:municipality/444", None, None),
    ("browse/measures", None, None),
])
def test_views_read_without_javascript(browser, server, view, field, value):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(server.url + f"/views/{view}")
    # the data as a table, or as the list a faceted browse is
    assert page.locator("table tbody tr, ol#facet-results li").count() >= 1
    context.close()


def test_the_diffusion_filters_work_from_the_keyboard(page, server):
    page.goto(server.url + "/views/diffusion?lang=en")
    for _ in range(40):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.name") == "inferred":
            break
    else:
        pytest.fail("Tab never reached the 'Basis' filter")
    page.keyboard.press("ArrowDown")  # Stated
    assert page.evaluate("document.activeElement.value") == "false"
    for _ in range(10):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.type") == "submit":
            break
    else:
        pytest.fail("Tab never reached the Show button")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"inferred=false"))
    assert "inferred" not in page.locator("#spread").inner_text()
