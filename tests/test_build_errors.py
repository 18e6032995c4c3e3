"""Bad input gets a clear error naming file and line, a non-zero exit, and nothing published.

Each test copies the project's inputs into a temporary root, breaks one thing, and runs the
real build or the real CLI against it.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from conftest import copy_project

from lapekg.build import build
from lapekg.config import load_config
from lapekg.errors import (
    EvidenceError,
    InputError,
    SourceMissingError,
    UnknownReferenceError,
    ValidationFailed,
)


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A private copy of the build inputs (ontology, shapes, data, queries, and the
    decision records that data/retired-iris.yaml cites)."""
    return copy_project(tmp_path / "project")


def settings_for(root: Path):
    return load_config({"root": root, "build_dir": root / "build"})


def write(path: Path, text: str) -> None:
    path.write_text(text, encoding="utf-8")


def test_malformed_curated_yaml_names_file_and_line(project: Path) -> None:
    write(project / "data/curated/zz-broken.yaml",
          "people:\n  - id: someone\n    name: [unclosed\n")
    with pytest.raises(InputError) as info:
        build(settings_for(project))
    assert "data/curated/zz-broken.yaml:" in str(info.value)
    assert not (project / "build/store").exists()


def test_unknown_reference_names_the_entry(project: Path) -> None:
    write(project / "data/curated/zz-bad-ref.yaml", (
        "memberships:\n"
        "  - id: nobody.nowhere\n"
        "    member: person/no-such-person\n"
        "    group: group/no-such-group\n"
        "    role: chair\n"
        "    evidence:\n"
        "      - doc: porvoo-2018\n"
        "        quote: Porvoon kaupungin Lape-hankkeen juurruttamisen suunnitelma\n"))
    with pytest.raises(UnknownReferenceError) as info:
        build(settings_for(project))
    assert "data/curated/zz-bad-ref.yaml:2" in str(info.value)
    assert "person/no-such-person" in str(info.value)


def test_quote_not_in_document_fails_the_build(project: Path) -> None:
    write(project / "data/curated/zz-bad-quote.yaml", (
        "people:\n"
        "  - id: invented-person\n"
        "    name: Invented Person\n"
        "    evidence:\n"
        "      - doc: lohja-2018\n"
        "        quote: Invented Person toimii puheenjohtajana\n"))
    with pytest.raises(EvidenceError) as info:
        build(settings_for(project))
    assert "data/curated/zz-bad-quote.yaml:5" in str(info.value)
    assert "not found" in str(info.value)


def test_missing_source_document(project: Path) -> None:
    (project / "data/sources/raasepori-juurruttamissuunnitelma-2018.txt").unlink()
    with pytest.raises(SourceMissingError) as info:
        build(settings_for(project))
    assert "raasepori-juurruttamissuunnitelma-2018.txt" in str(info.value)


def test_altered_source_document_is_refused(project: Path) -> None:
    path = project / "data/sources/raasepori-juurruttamissuunnitelma-2018.txt"
    write(path, path.read_text(encoding="utf-8") + "\nextra line\n")
    with pytest.raises(SourceMissingError, match="has changed"):
        build(settings_for(project))


def test_duplicate_id_points_at_both_entries(project: Path) -> None:
    entry = ("  - id: twin\n    name: Twin\n    evidence:\n      - doc: porvoo-2018\n"
             "        quote: Maria Andersson\n")
    write(project / "data/curated/zz-twins.yaml", "people:\n" + entry + entry)
    with pytest.raises(InputError) as info:
        build(settings_for(project))
    message = str(info.value)
    assert "person/twin is declared twice" in message
    assert "zz-twins.yaml:7" in message and "zz-twins.yaml:2" in message


def test_shape_violation_publishes_nothing_and_keeps_previous_store(project: Path) -> None:
    settings = settings_for(project)
    first = build(settings)
    published = (project / "build/store").resolve()
    assert published == Path(first.store)
    # An adoption whose source and target are the same municipality passes the loader
    # but breaks the SPARQL-based constraint of the Adoption shape.
    write(project / "data/curated/zz-self-adoption.yaml", (
        "adoptions:\n"
        "  - id: porvoo.from-itself\n"
        "    practice: practice/vanhemmuusvalmennus\n"
        "    from: municipality/638\n"
        "    to: municipality/638\n"
        "    kind: adopted\n"
        "    evidence:\n"
        "      - doc: porvoo-2018\n"
        "        quote: Vanhemmuusvalmennus on laajentunut useaan kuntaan\n"))
    with pytest.raises(ValidationFailed) as info:
        build(settings)
    assert "porvoo.from-itself" in info.value.report_text
    assert (project / "build/store").resolve() == published
    assert (project / "build/reports/validation.txt").read_text().startswith("Does not conform")


def test_cli_exit_codes(project: Path) -> None:
    env_root = ["--build-dir", str(project / "build")]
    write(project / "data/curated/zz-broken.yaml", "people: [\n")
    result = subprocess.run(
        [sys.executable, "-m", "lapekg.cli", *env_root, "build", "-q"],
        capture_output=True, text=True, env={"LAPEKG_ROOT": str(project), "PATH": ""},
        check=False,
    )
    assert result.returncode == 2
    assert "zz-broken.yaml:" in result.stderr


def _published(project: Path) -> Path:
    build(settings_for(project))
    return (project / "build/store").resolve()


BAD_ROWS = {
    "unknown municipality": (
        "practices:\n"
        "  - id: ghost-practice\n"
        "    label: {fi: Haamukäytäntö, en: Ghost practice}\n"
        "    kind: method\n"
        "    owner: municipality/999\n"
        "    evidence:\n"
        "      - doc: porvoo-2018\n"
        "        quote: Vankkuri\n",
        UnknownReferenceError, "zz-bad-row.yaml:2", "municipality/999"),
    "unknown practice in version_of": (
        "practices:\n"
        "  - id: ghost-version\n"
        "    label: {fi: Haamuversio, en: Ghost version}\n"
        "    kind: method\n"
        "    owner: municipality/638\n"
        "    version_of: practice/no-such-method\n"
        "    evidence:\n"
        "      - doc: porvoo-2018\n"
        "        quote: Vankkuri\n",
        UnknownReferenceError, "zz-bad-row.yaml:2", "practice/no-such-method"),
    "unknown practice in an adoption": (
        "adoptions:\n"
        "  - id: porvoo.ghost\n"
        "    practice: practice/no-such-practice\n"
        "    to: municipality/638\n"
        "    kind: adopted\n"
        "    evidence:\n"
        "      - doc: porvoo-2018\n"
        "        quote: Vankkuri\n",
        UnknownReferenceError, "zz-bad-row.yaml:2", "practice/no-such-practice"),
    "page number": (
        "people:\n"
        "  - id: paged-person\n"
        "    name: Maria Andersson\n"
        "    evidence:\n"
        "      - doc: porvoo-2018\n"
        "        quote: Maria Andersson\n"
        "        page: 12\n",
        InputError, "zz-bad-row.yaml:5", "no page breaks"),
    "unknown document": (
        "people:\n"
        "  - id: undocumented-person\n"
        "    name: Maria Andersson\n"
        "    evidence:\n"
        "      - doc: helsinki-2019\n"
        "        quote: Maria Andersson\n",
        InputError, "zz-bad-row.yaml:5", "helsinki-2019"),
}


@pytest.mark.parametrize("case", BAD_ROWS.values(), ids=list(BAD_ROWS))
def test_a_bad_curated_row_names_file_row_and_reason_and_keeps_the_store(
        project: Path, case) -> None:
    text, error, where, reason = case
    published = _published(project)
    write(project / "data/curated/zz-bad-row.yaml", text)
    with pytest.raises(error) as info:
        build(settings_for(project))
    assert where in str(info.value) and reason in str(info.value)
    assert (project / "build/store").resolve() == published
