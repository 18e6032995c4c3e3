"""The shared Linked Data probe (../shared/probe/linked_data_probe.py) scores full marks.

It runs against a live server on the built graph (or, while the build cannot finish, the
conftest's fallback fixture) into which this test injects one entity whose label carries
markup, so ``html_no_injection`` is checked rather than skipped; the real data is never
touched. The ontology, a vocabulary concept and an evidence node are probed on the sample
site of tests/pages_site.py (which loads the real ontology files).
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
from pages_site import BASE, build_pages_site

from lapekg.store.publish import publish

REPO = Path(__file__).resolve().parents[1]
PROBE = REPO.parent / "shared" / "probe" / "linked_data_probe.py"
FIXTURE_TRIG = REPO / "tests" / "fixtures" / "lape.trig"
XSS_ENTITY = BASE + "id/practice/probe-markup"
XSS_TRIG = f"""
@prefix lape: <https://w3id.org/lapekg/ontology#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
<{BASE}graph/probe-markup> {{
  <{XSS_ENTITY}> a lape:Practice ;
    rdfs:label "<script>alert('probe')</script> <img src=x onerror=alert(1)> malli"@fi ;
    lape:owner <{BASE}id/municipality/638> .
}}
"""


@pytest.fixture(scope="module")
def probed_server(built_dir: Path, tmp_path_factory, live_server_factory):
    """A live server on the built graph plus the markup entity (a copy; data untouched)."""
    dump = built_dir / "dump" / "lapekg.trig"
    source = dump if dump.is_file() else FIXTURE_TRIG
    build_dir = tmp_path_factory.mktemp("probe-build")
    combined = build_dir / "probe.trig"
    combined.write_text(source.read_text(encoding="utf-8") + XSS_TRIG, encoding="utf-8")
    publish(combined, build_dir)
    return live_server_factory(build_dir)


def run_probe(server, entity: str, xss: str = XSS_ENTITY) -> tuple[str, str]:
    if not PROBE.is_file():
        pytest.fail(f"the shared probe is missing: {PROBE} (shared/ must sit beside the repo)")
    completed = subprocess.run(
        [sys.executable, str(PROBE), server.url, entity, "--map", f"{BASE}={server.url}/",
         "--xss-entity", xss],
        capture_output=True, text=True, timeout=300, check=False)
    return completed.stdout, completed.stderr


@pytest.fixture(scope="module")
def sample_server(tmp_path_factory, live_server_factory):
    site = build_pages_site(tmp_path_factory.mktemp("probe-pages"))
    return live_server_factory(site.build_dir, root=site.root)


def assert_full_score(output: str, errors: str) -> None:
    score = re.search(r"^linked-data: (\d+)/(\d+)$", output, re.M)
    assert score is not None, output + errors
    assert score.group(1) == score.group(2), output
    assert re.search(r"^PASS\s+html_no_injection", output, re.M), output
    assert not re.search(r"^FAIL", output, re.M), output


@pytest.mark.parametrize("entity", [BASE + "id/municipality/638", XSS_ENTITY])
def test_linked_data_probe_full_score_on_the_built_graph(probed_server, entity):
    assert_full_score(*run_probe(probed_server, entity))


@pytest.mark.parametrize("entity", [
    BASE + "ontology",
    "https://w3id.org/lapekg/vocab/development-area/peke",
    BASE + "id/practice/kotipesa",
    BASE + "id/evidence/sample-2018/65-95",
])
def test_linked_data_probe_full_score_on_other_kinds_of_iri(sample_server, entity):
    assert_full_score(*run_probe(sample_server, entity, BASE + "id/practice/xss"))
