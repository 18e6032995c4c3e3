"""Published IRIs are stable: every IRI in data/iri-registry.txt is still minted."""

from __future__ import annotations

import importlib.util
from pathlib import Path

SCRIPT = Path(__file__).resolve().parents[1] / "scripts" / "iri_registry.py"
spec = importlib.util.spec_from_file_location("iri_registry", SCRIPT)
assert spec and spec.loader
iri_registry = importlib.util.module_from_spec(spec)
spec.loader.exec_module(iri_registry)


def test_every_registered_iri_is_still_published(built_store, settings) -> None:
    now = iri_registry.published(built_store, settings.base)
    gone = sorted(iri_registry.registered() - now)
    assert not gone, f"IRIs no longer minted (ids must never change): {gone[:20]}"


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
