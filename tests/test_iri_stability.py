"""Published IRIs are stable: every IRI in data/iri-registry.txt is still minted, or
retired (data/retired-iris.yaml) and answered with 410 Gone."""

from __future__ import annotations

import importlib.util
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from rdflib import Dataset, Literal, URIRef
from rdflib.namespace import RDF, RDFS

from lapekg import retired
from lapekg.errors import InputError

SCRIPT = Path(__file__).resolve().parents[1] / "scripts" / "iri_registry.py"
spec = importlib.util.spec_from_file_location("iri_registry", SCRIPT)
assert spec and spec.loader
iri_registry = importlib.util.module_from_spec(spec)
spec.loader.exec_module(iri_registry)


def test_every_registered_iri_is_still_published(built_store, settings) -> None:
    now = iri_registry.published(built_store, settings.base)
    gone = sorted(iri_registry.registered() - now - set(retired.load(settings.root)))
    assert not gone, ("IRIs no longer minted (ids must never change; retiring one needs "
                      f"data/retired-iris.yaml and a decision record): {gone[:20]}")


def test_retired_iris_were_published_and_are_not_minted(built_store, settings) -> None:
    now = iri_registry.published(built_store, settings.base)
    listed = retired.load(settings.root)
    assert listed, "the retired list is read (two workshop memberships are retired)"
    assert set(listed) <= iri_registry.registered(), "only a published IRI can be retired"
    assert not set(listed) & now
    assert {item.replaced_by for item in listed.values() if item.replaced_by} <= now


def test_retired_iri_minted_again_fails_the_build(settings) -> None:
    listed = retired.load(settings.root)
    iri = next(iter(listed))
    data = Dataset()
    data.add((URIRef(settings.base + iri), RDF.type, RDFS.Resource))
    with pytest.raises(InputError, match="retired but the build mints it again") as error:
        retired.check(listed, data, settings.base)
    assert error.value.where.startswith("data/retired-iris.yaml:")
    data = Dataset()
    data.add((URIRef(settings.base + "id/x/y"), RDFS.label, Literal("x")))
    with pytest.raises(InputError, match="does not mint"):
        retired.check(listed, data, settings.base)


def test_bad_retired_entries_name_file_and_line(tmp_path: Path) -> None:
    (tmp_path / "data").mkdir()
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "record.md").write_text("# record\n", encoding="utf-8")
    cases = {
        "decision: docs/missing.md": "decision record docs/missing.md does not exist",
        "decision: docs/record.md\n    retired: yesterday": "not YYYY-MM-DD",
        "decision: docs/record.md\n    colour: red": "unknown field",
    }
    for extra, message in cases.items():
        body = ("retired:\n  - iri: id/membership/x\n    reason: wrong\n"
                f"    {extra}\n")
        if "retired:" not in extra:
            body += "    retired: 2026-12-07\n"
        (tmp_path / "data" / "retired-iris.yaml").write_text(body, encoding="utf-8")
        with pytest.raises(InputError, match=message) as error:
            retired.load(tmp_path)
        assert error.value.where == "data/retired-iris.yaml:2"


def test_every_published_iri_is_registered(built_store, settings) -> None:
    now = iri_registry.published(built_store, settings.base)
    new = sorted(now - iri_registry.registered())
    assert not new, ("register new IRIs with `python scripts/iri_registry.py --update`: "
                     f"{new[:20]}")


def test_registry_detects_a_renamed_id(built_store, settings, tmp_path) -> None:
    registry = tmp_path / "registry.txt"
    registry.write_text("id/person/someone-renamed\nid/municipality/444\n", encoding="utf-8")
    gone = iri_registry.registered(registry) - iri_registry.published(built_store, settings.base)
    assert gone == {"id/person/someone-renamed"}


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def _get(url: str, accept: str = "text/html") -> tuple[int, dict[str, str], str]:
    request = urllib.request.Request(url, headers={"Accept": accept})
    opener = urllib.request.build_opener(_NoRedirect)
    try:
        with opener.open(request, timeout=30) as response:
            return response.status, dict(response.headers), response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read().decode()


def test_a_retired_iri_answers_410_with_its_successor(live_server) -> None:
    """Over HTTP on the built graph: /id, /page and /data of a retired IRI are Gone."""
    item = retired.load(live_server.settings.root)["id/membership/porvoo.lape-uusimaa.workshops"]
    path = item.iri.removeprefix("id/")
    successor = live_server.settings.base + item.replaced_by
    for url, accept in ((f"/id/{path}", "text/html"), (f"/id/{path}", "text/turtle"),
                        (f"/page/{path}", "text/html"), (f"/data/{path}.ttl", "text/turtle")):
        status, headers, body = _get(live_server.url + url, accept)
        assert status == 410, url
        assert headers["Link"] == f'<{successor}>; rel="successor-version"'
        assert "retired on 2026-12-07" in body and "not a" in body and "membership" in body
        assert "2026-12-07-workshop-participation.md" in body
    # the successor itself is served; an IRI never published stays a plain 404
    status, headers, _ = _get(live_server.url + "/id/" + item.replaced_by.removeprefix("id/"))
    assert status == 303
    status, _, _ = _get(live_server.url + "/id/membership/never-published")
    assert status == 404
