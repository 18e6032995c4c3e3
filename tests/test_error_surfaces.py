"""Errors in the one documented shape, wherever they happen (issue 12's three bugs).

- An RDF file that does not parse is an input error naming file, line (and column where
  the parser knows it): for the ontology, the shapes and ``lapekg validate FILE``; the
  CLI exits 2 with one line on stderr, never a traceback.
- ``/graph/<name>`` answers 404 for any name that is not a graph, not 500.
- Pages answer errors as JSON when the client asked for JSON (``Accept``,
  ``format=json`` or a ``.json`` twin), as HTML otherwise.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
import requests
from conftest import copy_project

from lapekg.errors import InputError
from lapekg.rdfparse import parse_file

REPO = Path(__file__).resolve().parents[1]


# -- parsing RDF ------------------------------------------------------------------------


@pytest.mark.parametrize("name, text, where", [
    ("a.ttl", "@prefix a: <http://x/> .\na:b a:c a:d .\na:e a:f .\n", "a.ttl:3"),
    ("a.nt", "<http://a> <http://b> <http://c> .\n<http://a> <http://b> .\n", "a.nt:2:23"),
    ("a.nq", "<http://a> <http://b> <http://c> <http://g> .\n<http://a> .\n", "a.nq:2"),
    ("a.trig", "<http://g> {\n  <http://a> <http://b> \n}\n", "a.trig:3"),
    ("a.rdf", "<rdf:RDF xmlns:rdf='http://www.w3.org/1999/02/22-rdf-syntax-ns#'>\n<x>\n"
              "</rdf:RDF>\n", "a.rdf:3:3"),
    ("a.jsonld", '{"@id": "http://a",\n  "http://b": }\n', "a.jsonld:2:15"),
], ids=["turtle", "n-triples", "n-quads", "trig", "rdf-xml", "json-ld"])
def test_parse_failures_name_file_and_position(tmp_path: Path, name: str, text: str,
                                               where: str) -> None:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    with pytest.raises(InputError) as caught:
        parse_file(path)
    assert caught.value.where.startswith(str(tmp_path / where)), caught.value.where
    assert name in caught.value.message and "is not valid" in caught.value.message


def test_unknown_suffix_and_missing_file(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="cannot tell the RDF format"):
        parse_file(tmp_path / "data.txt")
    with pytest.raises(InputError, match="no such file"):
        parse_file(tmp_path / "absent.ttl")


def _lapekg(*args: str, root: Path | None = None) -> subprocess.CompletedProcess[str]:
    import os

    env = {**os.environ, **({"LAPEKG_ROOT": str(root)} if root else {})}
    return subprocess.run([sys.executable, "-m", "lapekg.cli", *args], capture_output=True,
                          text=True, cwd=REPO, env=env, timeout=300, check=False)


def test_a_malformed_ontology_is_exit_2_with_file_and_line(tmp_path: Path) -> None:
    root = copy_project(tmp_path / "project")
    ontology = root / "ontology" / "lape.ttl"
    lines = ontology.read_text(encoding="utf-8").splitlines(keepends=True)
    lines.insert(99, "lape:Broken a owl:Class ;\n    rdfs:label .\n")
    ontology.write_text("".join(lines), encoding="utf-8")
    result = _lapekg("validate", "-q", root=root)
    assert result.returncode == 2, result.stderr
    assert "Traceback" not in result.stderr
    assert f"{ontology}:101" in result.stderr and "is not valid Turtle" in result.stderr
    assert len(result.stderr.strip().splitlines()) <= 2  # the error and its hint


def test_a_malformed_shapes_file_is_exit_2(tmp_path: Path) -> None:
    root = copy_project(tmp_path / "project")
    shapes = root / "shapes" / "places.ttl"
    shapes.write_text(shapes.read_text(encoding="utf-8") + "\nlapesh:X a sh:NodeShape ;;\n",
                      encoding="utf-8")
    result = _lapekg("validate", "-q", root=root)
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert str(shapes) in result.stderr


def test_an_unexpected_exception_is_exit_1_with_a_log(tmp_path: Path) -> None:
    """A bug (here planted: a command that raises RuntimeError) prints one line and where
    the traceback went."""
    result = subprocess.run(
        [sys.executable, "-c", "import sys, lapekg.cli as c\n"
         "def boom(args): raise RuntimeError('kaboom')\n"
         "c.cmd_settings = boom\n"
         "sys.exit(c.main(['settings']))"],
        capture_output=True, text=True, timeout=120, check=False)
    assert result.returncode == 1
    assert "error: unexpected RuntimeError: kaboom" in result.stderr
    assert "Traceback" not in result.stderr
    log = Path(result.stderr.split("the traceback is in ", 1)[1].split(";")[0])
    assert "RuntimeError: kaboom" in log.read_text(encoding="utf-8")
    log.unlink()


# -- the web surfaces ---------------------------------------------------------------------


@pytest.mark.parametrize("path", ["/graph/a%20b", "/graph/%7B", "/graph/a%20b.ttl",
                                  "/graph/nope", "/graph/nope.ttl"])
def test_unknown_graphs_are_404(live_server, path: str) -> None:
    for accept in ("text/turtle", "text/html", "application/json"):
        response = requests.get(live_server.url + path, headers={"Accept": accept},
                                timeout=30)
        assert response.status_code == 404, (path, accept, response.text[:200])


@pytest.mark.parametrize("path, params, headers, code", [
    ("/search", {"q": ""}, {"Accept": "application/json"}, "bad-parameter"),
    ("/search", {"q": "", "format": "json"}, {}, "bad-parameter"),
    ("/search", {"q": "porvoo", "page": "x"}, {"Accept": "application/json"},
     "bad-parameter"),
    ("/views/indicators.json", {"indicator": "nope"}, {}, "bad-parameter"),
    ("/page/municipality/999", {}, {"Accept": "application/json"}, "not-found"),
    ("/nowhere", {}, {"Accept": "application/json"}, "not-found"),
], ids=["search accept", "search format", "search page", "view twin", "page", "no route"])
def test_errors_come_as_json_when_json_was_asked(live_server, path, params, headers, code):
    response = requests.get(live_server.url + path, params=params, headers=headers,
                            timeout=30)
    assert response.status_code in (400, 404)
    assert response.headers["Content-Type"].startswith("application/json"), response.text[:200]
    error = response.json()["error"]
    assert error["code"] == code and error["message"]


def test_errors_stay_html_for_browsers(live_server) -> None:
    response = requests.get(live_server.url + "/search", params={"q": "porvoo", "page": "x"},
                            headers={"Accept": "text/html,application/xhtml+xml,*/*;q=0.8"},
                            timeout=30)
    assert response.status_code == 400
    assert response.headers["Content-Type"].startswith("text/html")
    assert "bad-parameter" in response.text
