"""Every surface × every media type of the format table (lapekg.formats), over HTTP.

For each surface and each format it offers, ``Accept`` naming the format's media type, or
any of its aliases, gets that format; a q-value ordering and wildcards pick as RFC 9110
says; a type the surface does not offer is 406 naming what it offers. The expectations
come from the table itself, so a format added there is tested on every surface at once.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import quote

import pytest
import requests

from lapekg import formats
from lapekg.formats import Format


@dataclass(frozen=True)
class Surface:
    name: str
    path: str
    offers: tuple[Format, ...]
    html: bool = False  # also offers an HTML page (first, for browsers and */*)
    redirects: bool = False  # answers 303 to a document per format (/id/…)
    refuses: bool = True  # an Accept naming nothing offered is 406
    page: str = ""  # where a browser (text/html, */*) is sent or answered


SELECT = quote("SELECT ?s WHERE { ?s a <https://w3id.org/lapekg/ontology#Municipality> } LIMIT 2")
CONSTRUCT = quote("CONSTRUCT { ?s a ?c } WHERE { ?s a ?c } LIMIT 2")
SURFACES = [
    Surface("entity data", "/data/municipality/638", formats.DESCRIPTION),
    Surface("entity IRI", "/id/municipality/638", formats.DESCRIPTION, html=True,
            redirects=True, page="/page/municipality/638"),
    Surface("dataset", "/dataset", formats.DESCRIPTION, html=True, redirects=True,
            page="/dataset.html"),
    Surface("named graph", "/graph/reference", formats.DESCRIPTION, html=True,
            page="/dataset.html#graph-reference"),
    Surface("sparql select", f"/sparql?query={SELECT}", formats.SPARQL_RESULTS,
            refuses=False),
    Surface("sparql construct", f"/sparql?query={CONSTRUCT}", formats.SPARQL_GRAPHS,
            refuses=False),
    Surface("named query", "/api/queries/lape-uusimaa-municipalities", formats.API_RESULTS),
]


def _asks(surface: Surface) -> list[tuple[str, Format]]:
    """(Accept, the format it must get) for every media type and alias offered."""
    claimed = formats.aliases(surface.offers)
    asks = [(fmt.media_type, fmt) for fmt in surface.offers]
    asks += [(alias, formats.BY_MEDIA_TYPE.get(target) or next(
        f for f in surface.offers if f.media_type == target))
        for alias, target in claimed.items()
        if alias not in formats.media_types(surface.offers)]
    return asks


CASES = [(surface, accept, fmt) for surface in SURFACES for accept, fmt in _asks(surface)]


def _get(server, surface: Surface, accept: str) -> requests.Response:
    return requests.get(server.url + surface.path, headers={"Accept": accept},
                        allow_redirects=False, timeout=30)


def _gets(response: requests.Response, surface: Surface, fmt: Format) -> None:
    if surface.redirects:
        assert response.status_code == 303, response.text[:200]
        assert response.headers["Location"].split("?")[0].endswith(f".{fmt.suffix}")
    else:
        assert response.status_code == 200, response.text[:200]
        assert response.headers["Content-Type"].split(";")[0] == fmt.media_type


@pytest.mark.parametrize("surface, accept, fmt", CASES,
                         ids=[f"{s.name}:{a}" for s, a, _ in CASES])
def test_every_media_type_and_alias(live_server, surface: Surface, accept: str,
                                    fmt: Format) -> None:
    _gets(_get(live_server, surface, accept), surface, fmt)


@pytest.mark.parametrize("surface", SURFACES, ids=[s.name for s in SURFACES])
def test_q_values_and_wildcards(live_server, surface: Surface) -> None:
    first, last = surface.offers[0], surface.offers[-1]
    preferred = f"{first.media_type};q=0.4, {last.media_type};q=0.9"
    _gets(_get(live_server, surface, preferred), surface, last)
    wildcard = _get(live_server, surface, "*/*")
    if surface.html:  # browsers first: */* is the page
        assert wildcard.status_code == 303, wildcard.text[:200]
        assert wildcard.headers["Location"] == surface.page
    else:
        _gets(wildcard, surface, first)
    # q=0 refuses a type outright: the next one offered is chosen
    second = surface.offers[1]
    _gets(_get(live_server, surface, f"{first.media_type};q=0, {second.media_type};q=0.1"),
          surface, second)


@pytest.mark.parametrize("surface", [s for s in SURFACES if s.refuses],
                         ids=[s.name for s in SURFACES if s.refuses])
def test_unknown_types_are_406_naming_the_offers(live_server, surface: Surface) -> None:
    response = _get(live_server, surface, "image/png")
    assert response.status_code == 406, response.text[:200]
    error = response.json()["error"] if "json" in response.headers["Content-Type"] else None
    text = error["hint"] if error else response.text
    for fmt in surface.offers:
        assert fmt.media_type in text


def test_the_sparql_endpoint_answers_a_client_naming_the_other_kind(live_server) -> None:
    """A SELECT asked for with only graph types (rdflib's SPARQLStore does that for a
    CONSTRUCT) gets the first result type, not a 406."""
    select = next(s for s in SURFACES if s.name == "sparql select")
    _gets(_get(live_server, select, "text/turtle"), select, formats.JSON_RESULTS)
