"""The command line: exit codes 0 / 1 / 2 and readable output, run as a real subprocess."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def lapekg(*args: str, build_dir: Path | None = None) -> subprocess.CompletedProcess[str]:
    extra = ["--build-dir", str(build_dir)] if build_dir else []
    return subprocess.run([sys.executable, "-m", "lapekg.cli", *extra, *args],
                          capture_output=True, text=True, cwd=REPO, check=False, timeout=300)


def test_validate_the_project_conforms() -> None:
    result = lapekg("validate", "-q")
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.startswith("Conforms")


def test_validate_a_file_that_does_not_conform(tmp_path: Path) -> None:
    data = tmp_path / "bad.ttl"
    data.write_text(
        "@prefix lape: <https://w3id.org/lapekg/ontology#> .\n"
        "@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n"
        "<https://w3id.org/lapekg/id/person/nameless> a lape:Person ;\n"
        "    rdfs:label \"Nameless\" .\n", encoding="utf-8")
    result = lapekg("validate", str(data))
    assert result.returncode == 1
    assert "Does not conform" in result.stdout
    assert "Nameless <https://w3id.org/lapekg/id/person/nameless>" in result.stdout
    assert "path: foaf:name" in result.stdout


def test_validate_an_unparsable_file_is_an_error(tmp_path: Path) -> None:
    data = tmp_path / "broken.ttl"
    data.write_text("<a> <b> .\n", encoding="utf-8")
    result = lapekg("validate", str(data))
    assert result.returncode == 2
    assert "broken.ttl" in result.stderr


def test_query_without_a_store_is_an_error(tmp_path: Path) -> None:
    result = lapekg("query", "ASK {}", build_dir=tmp_path)
    assert result.returncode == 2
    assert "lapekg build" in result.stderr


def test_named_query_with_a_bad_parameter(settings) -> None:
    result = lapekg("query", "--name", "roadmap-targets", "--param", "year=twenty",
                    build_dir=settings.build_dir)
    assert result.returncode == 2
    assert "parameter 'year'" in result.stderr


def test_named_query_runs(settings) -> None:
    result = lapekg("query", "--name", "lape-uusimaa-municipalities",
                    build_dir=settings.build_dir)
    assert result.returncode == 0, result.stderr
    assert result.stdout.count("\n") == 19  # header + 18 municipalities
