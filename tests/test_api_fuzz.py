"""The HTTP API fuzzed from its own OpenAPI document with schemathesis (issue 8, point 9).

The schemathesis CLI runs against the live service on loopback with every check on: no
5xx, no schema-violating request accepted (an empty required or IRI parameter, an
integer beyond the bounds), no schema-valid request refused, every response — errors
included — in the documented shape and content type. The seed is fixed, so a failure
reproduces; ``LAPEKG_FUZZ_EXAMPLES`` runs more examples per operation.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import requests

EXAMPLES = os.environ.get("LAPEKG_FUZZ_EXAMPLES", "25")
SEED = "20261207"


def _schemathesis() -> str:
    found = shutil.which("schemathesis", path=str(Path(sys.executable).parent))
    if found is None:
        pytest.fail("schemathesis is not installed: run `make install` (it is a dev extra)")
    return found


def test_schemathesis_finds_nothing(built_dir, standins, live_server_factory, tmp_path):
    # The federated named queries call the local stand-ins of Wikidata and Finto.
    server = live_server_factory(built_dir, **standins.settings())
    run = subprocess.run(
        [_schemathesis(), "run", f"{server.url}/api/openapi.json", "--checks", "all",
         "--max-examples", EXAMPLES, "--seed", SEED, "--workers", "2"],
        capture_output=True, text=True, timeout=900, cwd=tmp_path,
        env={**os.environ, "NO_COLOR": "1", "SCHEMATHESIS_TELEMETRY": "false"})
    report = run.stdout[-6000:] + run.stderr[-2000:]
    assert run.returncode == 0, report
    generated = re.search(r"(\d+) generated, (\d+) passed", run.stdout)
    assert generated, report
    assert int(generated.group(1)) == int(generated.group(2)) >= 500, generated.group(0)


@pytest.mark.parametrize("path", ["/api/queries/practice-spread?status=",
                                  "/api/queries/roadmap-timeline?area=",
                                  "/api/queries/measures-under-subgoal?notation=",
                                  "/api/queries/practice-spread?since=9999999999999999999"])
def test_the_findings_are_400s_naming_the_parameter(live_server, path):
    response = requests.get(live_server.url + path, timeout=30)
    assert response.status_code == 400, response.text[:200]
    error = response.json()["error"]
    name = path.split("?", 1)[1].split("=", 1)[0]
    assert error["code"] == "bad-parameter" and error["where"] == f"parameter {name}"


def test_the_document_bounds_what_the_service_accepts(live_server):
    document = requests.get(live_server.url + "/api/openapi.json", timeout=30).json()
    parameters = [p for operation in document["paths"].values() for method in operation.values()
                  if isinstance(method, dict) for p in method.get("parameters", [])
                  if "schema" in p]
    integers = [p["schema"] for p in parameters if p["schema"].get("type") == "integer"]
    assert integers and all(s["maximum"] == 10**18 - 1 for s in integers)
    strings = [p["schema"] for p in parameters if p["schema"].get("type") == "string"
               and "enum" not in p["schema"] and "pattern" not in p["schema"]]
    assert strings and all(s["minLength"] == 1 for s in strings)
