"""What is declared is documented: settings, commands, routes, named queries, errors.

Each test reads a declaration from the code — the settings table, the argument parser,
the app's url_map, the queries/ registry, the error classes, the format tables — and
names whatever docs/service.md (or README.md) leaves out, like Datasette's
tests/test_docs.py does for its settings. The README's quick start and CI are pinned too:
`make serve`, `make test`, and .ci/run calling `make test`.
"""

from __future__ import annotations

import argparse
import re
from pathlib import Path

import pytest
from werkzeug.exceptions import HTTPException
from werkzeug.routing import RequestRedirect

import lapekg.web.sparql  # noqa: F401  (declares UnsupportedMediaType)
from lapekg.cli import parser
from lapekg.config import settings_table
from lapekg.errors import LapekgError
from lapekg.namespaces import DEFAULT_BASE
from lapekg.queries import load_queries
from lapekg.web import api, negotiation
from lapekg.web.entities import INDEXES
from lapekg.web.render import BY_SUFFIX, DUMP_FORMATS

REPO = Path(__file__).resolve().parents[1]
SERVICE_MD = REPO / "docs" / "service.md"
MODEL_MD = REPO / "docs" / "model.md"
README = REPO / "README.md"
EXAMPLE_SERVER = "http://127.0.0.1:8080"


def service_doc() -> str:
    return SERVICE_MD.read_text(encoding="utf-8")


def readme() -> str:
    return README.read_text(encoding="utf-8")


def section(text: str, heading: str) -> str:
    """The text under ``heading`` (a whole line) up to the next heading of its level or
    above; lines inside code fences are not headings."""
    level = len(heading.split(" ", 1)[0])
    lines = text.splitlines()
    if heading not in lines:
        raise AssertionError(f"no section {heading!r}")
    body: list[str] = []
    fenced = False
    for line in lines[lines.index(heading) + 1:]:
        if line.startswith("```"):
            fenced = not fenced
        marks = len(line) - len(line.lstrip("#"))
        if not fenced and 0 < marks <= level and line[marks:marks + 1] == " ":
            break
        body.append(line)
    return "\n".join(body)


def table_rows(text: str, first_cell: str = r"`[^`]+`") -> dict[str, list[str]]:
    """Markdown table rows whose first cell matches ``first_cell``, keyed by that cell
    without backticks; values are the row's cells."""
    rows: dict[str, list[str]] = {}
    for line in text.splitlines():
        if not line.startswith("|"):
            continue
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        if re.fullmatch(first_cell, cells[0]):
            rows[cells[0].strip("`")] = cells
    return rows


def mentions(text: str, token: str) -> bool:
    """``token`` occurs as a whole token (not inside a longer option or name)."""
    return re.search(rf"(?<![\w-]){re.escape(token)}(?![\w-])", text) is not None


# --- settings -------------------------------------------------------------------------


def settings_rows() -> dict[str, list[str]]:
    return table_rows(section(service_doc(), "## Settings"), r"`LAPEKG_[A-Z_]+`")


@pytest.mark.parametrize("name,default,help_text", settings_table(),
                         ids=[row[0] for row in settings_table()])
def test_every_setting_is_documented_with_its_default(name, default, help_text):
    rows = settings_rows()
    assert name in rows, f"{name} ({help_text}) is missing from the settings table of {SERVICE_MD}"
    row = " | ".join(rows[name])
    if isinstance(default, Path):
        return  # machine-specific; the row says what it is relative to
    if default in ("", ()):
        assert "empty" in row, f"{name}: say that its default is empty"
    elif isinstance(default, tuple):
        for item in default:
            assert f"`{item}`" in row, f"{name}: the documented default lacks `{item}`"
    else:
        assert f"`{default}`" in row, f"{name}: the documented default is not `{default}`"


def test_only_declared_settings_are_documented():
    declared = {name for name, _, _ in settings_table()}
    assert set(settings_rows()) - declared == set(), "documented settings that do not exist"


# --- the command line -----------------------------------------------------------------


def subcommands() -> dict[str, argparse.ArgumentParser]:
    root = parser()
    for action in root._actions:
        if isinstance(action, argparse._SubParsersAction):
            return dict(action.choices)
    raise AssertionError("lapekg has no subcommands")


def long_options(command: argparse.ArgumentParser) -> list[str]:
    return [option for action in command._actions for option in action.option_strings
            if option.startswith("--") and option != "--help"]


@pytest.mark.parametrize("command", sorted(subcommands()))
def test_every_cli_command_is_documented(command):
    docs = readme() + service_doc()
    assert mentions(docs, f"lapekg {command}"), \
        f"`lapekg {command}` is documented neither in README.md nor in docs/service.md"


@pytest.mark.parametrize("command,option", [
    (name, option) for name, sub in sorted(subcommands().items()) for option in long_options(sub)
] + [("(global)", option) for option in long_options(parser())])
def test_every_cli_option_is_documented(command, option):
    assert mentions(readme() + service_doc(), option), \
        f"lapekg {command} {option} is documented neither in README.md nor in docs/service.md"


def test_every_serve_option_is_in_the_service_guide():
    start = section(service_doc(), "## Starting the service")
    options = table_rows(start, r"`--[a-z-]+`")
    declared = set(long_options(subcommands()["serve"]))
    assert set(options) == declared, \
        f"the option table under 'Starting the service' lists {sorted(options)}, " \
        f"`lapekg serve` has {sorted(declared)}"


# --- named queries --------------------------------------------------------------------

QUERIES = load_queries(REPO / "queries", DEFAULT_BASE)


@pytest.mark.parametrize("name", sorted(QUERIES))
def test_every_named_query_is_listed(name):
    docs = service_doc() + MODEL_MD.read_text(encoding="utf-8")
    assert f"`{name}`" in docs, f"named query {name} is listed neither in service.md nor model.md"


def test_the_named_query_table_matches_the_registry():
    rows = table_rows(section(service_doc(), "### The named queries"), r"`[a-z0-9-]+`")
    assert sorted(rows) == sorted(QUERIES), "the table of named queries is out of date"
    for name, query in QUERIES.items():
        row = " | ".join(rows[name])
        missing = [p for p in query.parameters if f"`{p}`" not in row]
        assert not missing, f"{name}: parameters {missing} are not in its row"
        if not query.parameters:
            assert "—" in rows[name][1], f"{name}: say it takes no parameters"


# --- routes ---------------------------------------------------------------------------


def normalised(rule: str) -> str:
    """``/data/<path:path>`` → ``/data/<path>``: the converter is not the reader's business."""
    return re.sub(r"<(?:[^:<>]+:)?([^<>]+)>", r"<\1>", rule)


def public_rules(app) -> dict[str, set[str]]:
    rules: dict[str, set[str]] = {}
    for rule in app.url_map.iter_rules():
        if rule.endpoint == "static":
            continue
        methods = set(rule.methods or ()) - {"HEAD", "OPTIONS"}
        rules.setdefault(normalised(rule.rule), set()).update(methods)
    return rules


def documented_routes() -> dict[str, set[str]]:
    rows = table_rows(section(service_doc(), "## Routes at a glance"), r"`/[^`]*`")
    return {route: {m.strip() for m in cells[1].split(",")} for route, cells in rows.items()}


def test_every_route_is_documented_with_its_methods(app):
    rules = public_rules(app)
    documented = documented_routes()
    missing = sorted(set(rules) - set(documented))
    assert not missing, f"routes missing from 'Routes at a glance' in {SERVICE_MD}: {missing}"
    wrong = {rule: (documented[rule], rules[rule]) for rule in rules
             if documented[rule] != rules[rule]}
    assert not wrong, f"documented methods differ (documented, actual): {wrong}"


def test_only_existing_routes_are_documented(app):
    extra = sorted(set(documented_routes()) - set(public_rules(app)))
    assert not extra, f"documented routes the app does not have: {extra}"


def test_every_example_url_is_a_route(app):
    adapter = app.url_map.bind("127.0.0.1:8080")
    urls = re.findall(re.escape(EXAMPLE_SERVER) + r"(/[^\s'\"`)<>\\]*)?", service_doc())
    assert urls, "no examples found"
    broken = []
    for url in urls:
        path = re.split(r"[?#]", url or "/")[0] or "/"
        try:
            adapter.match(path, method="GET")
        except (HTTPException, RequestRedirect) as exc:
            broken.append(f"{path}: {type(exc).__name__}")
    assert not broken, f"example URLs that match no route: {broken}"


# --- errors and formats ---------------------------------------------------------------


def _subclasses(cls: type) -> list[type]:
    found = []
    for sub in cls.__subclasses__():
        found.append(sub)
        found.extend(_subclasses(sub))
    return found


HTTP_ERRORS = sorted({(cls.status, cls.code) for cls in _subclasses(LapekgError)
                      if cls.__module__.startswith("lapekg.") and cls.status != 500}
                     | {(LapekgError.status, LapekgError.code), (405, "method-not-allowed")})


def documented_errors() -> dict[str, int]:
    """code → status, from the rows ``| 404 | `not-found` | … |`` of the error table."""
    rows = [[cell.strip() for cell in line.strip().strip("|").split("|")]
            for line in section(service_doc(), "## Errors").splitlines()
            if line.startswith("|")]
    return {cells[1].strip("`"): int(cells[0]) for cells in rows
            if len(cells) > 1 and cells[0].isdigit()}


@pytest.mark.parametrize("status,code", HTTP_ERRORS, ids=[code for _, code in HTTP_ERRORS])
def test_every_error_code_is_documented_with_its_status(status, code):
    documented = documented_errors()
    assert code in documented, f"error code {code} is not in the error table of {SERVICE_MD}"
    assert documented[code] == status, f"{code} is documented as {documented[code]}, not {status}"


def test_only_real_error_codes_are_documented():
    extra = set(documented_errors()) - {code for _, code in HTTP_ERRORS}
    assert not extra, f"documented error codes the service does not raise: {sorted(extra)}"


def test_the_error_shape_is_documented():
    errors = section(service_doc(), "## Errors")
    for key in ("code", "message", "where", "hint"):
        assert f'"{key}"' in errors, f"the error shape lacks {key}"


@pytest.mark.parametrize("kind,names", [
    ("/sparql format=", sorted(negotiation.FORMAT_NAMES)),
    ("API format=", sorted(api.FORMAT_NAMES)),
    ("class-index slugs", [index.slug for index in INDEXES]),
])
def test_every_format_name_and_slug_is_documented(kind, names):
    missing = [name for name in names if f"`{name}`" not in service_doc()]
    assert not missing, f"{kind} not documented: {missing}"


def test_every_rdf_suffix_and_dump_is_documented():
    doc = service_doc()
    missing = [f".{suffix}" for suffix in BY_SUFFIX if f"`.{suffix}`" not in doc]
    missing += [f"/dump/lapekg.{fmt.suffix}" for fmt in DUMP_FORMATS
                if f"`/dump/lapekg.{fmt.suffix}`" not in doc]
    assert not missing, f"not documented: {missing}"


# --- quick start and CI ---------------------------------------------------------------


def commands_in(text: str) -> list[str]:
    """The commands of the ```sh blocks in ``text``, comments stripped."""
    commands = []
    for block in re.findall(r"```sh\n(.*?)```", text, re.S):
        for line in block.splitlines():
            command = line.split("#", 1)[0].strip()
            if command:
                commands.append(command)
    return commands


def test_readme_quick_start_is_make_serve_and_make_test():
    assert commands_in(section(readme(), "## Quick start")) == ["make serve", "make test"]


def test_ci_runs_make_test():
    lines = (REPO / ".ci" / "run").read_text(encoding="utf-8").splitlines()
    commands = [line.strip() for line in lines if line.strip() and not line.startswith("#")]
    assert commands[-1] == "make test", f".ci/run ends with {commands[-1]!r}, not `make test`"


def test_make_targets_and_default_address_agree_with_the_docs():
    makefile = (REPO / "Makefile").read_text(encoding="utf-8")
    for target in ("serve", "test"):
        assert re.search(rf"^{target}:", makefile, re.M), f"the Makefile has no {target} target"
    host = re.search(r"^HOST\s*\?=\s*(\S+)", makefile, re.M)
    port = re.search(r"^PORT\s*\?=\s*(\S+)", makefile, re.M)
    assert host and port, "the Makefile does not declare HOST ?= and PORT ?="
    serve = subcommands()["serve"]
    assert (host.group(1), int(port.group(1))) == (serve.get_default("host"),
                                                   serve.get_default("port"))
    address = f"http://{host.group(1)}:{port.group(1)}"
    assert address in section(readme(), "## Quick start")
    assert address == EXAMPLE_SERVER and address in service_doc()
