"""One table of settings: name, default, help. Each can be set as ``LAPEKG_<NAME>``.

Nothing is read at import time: :func:`load_config` reads the environment when asked,
and tests pass their own overrides.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import get_origin, get_type_hints

from .errors import ParameterError

# The repository root, for an editable install or a checkout (service/lapekg/config.py).
_REPO_ROOT = Path(__file__).resolve().parents[2]


@dataclass(frozen=True)
class Settings:
    """Every setting of the project, with its default and its meaning."""

    base: str = field(
        default="https://w3id.org/lapekg/",
        metadata={"help": "Base IRI of every minted identifier (ends with '/' or '#')."},
    )
    root: Path = field(
        default=_REPO_ROOT,
        metadata={"help": "Project root holding ontology/, data/, shapes/ and queries/."},
    )
    build_dir: Path = field(
        default=_REPO_ROOT / "build",
        metadata={"help": "Where builds write the store and the dumps (git-ignored)."},
    )
    redactions: Path = field(
        default=Path("data/redactions.yaml"),
        metadata={"help": "The takedown list: people hidden from pages, search and dumps "
                          "(relative to the root unless absolute; see docs/privacy.md)."},
    )
    store_url: str = field(
        default="",
        metadata={"help": "Query URL of a remote SPARQL 1.1 store to serve from; empty = the "
                          "embedded Oxigraph store (see docs/stores.md)."},
    )
    store_update_url: str = field(
        default="",
        metadata={"help": "SPARQL Update URL of the remote store (admin updates, `lapekg "
                          "load`); empty = read-only."},
    )
    store_user: str = field(
        default="", metadata={"help": "User name for the remote store (empty = none)."}
    )
    store_password: str = field(
        default="", metadata={"help": "Password for the remote store."}
    )
    store_auth: str = field(
        default="basic",
        metadata={"help": "HTTP authentication the remote store wants: basic or digest "
                          "(Virtuoso's /sparql-auth)."},
    )
    query_timeout: float = field(
        default=10.0, metadata={"help": "Seconds before a SPARQL query is stopped."}
    )
    max_rows: int = field(
        default=10000, metadata={"help": "Result-row cap; a truncated result says so."}
    )
    page_size: int = field(
        default=1000, metadata={"help": "Rows per page of a named query's answer in the API "
                                        "(`limit` asks for another, up to max_rows; "
                                        "`offset` pages on)."}
    )
    max_body: int = field(
        default=1_000_000, metadata={"help": "Largest accepted request body in bytes."}
    )
    max_query_length: int = field(
        default=100_000,
        metadata={"help": "Longest accepted SPARQL query text in characters (413 beyond)."},
    )
    client_queries: int = field(
        default=4,
        metadata={"help": "Queries one client address may have running at once; one more is "
                          "answered 429 with Retry-After (0 = no limit)."},
    )
    admin_token: str = field(
        default="", metadata={"help": "Bearer token allowing SPARQL Update; empty = read-only."}
    )
    demote_after: float = field(
        default=0.25,
        metadata={"help": "Seconds a query runs at full CPU priority; past that its worker "
                          "is reniced and a fresh one serves other queries (0 = never)."},
    )
    shutdown_grace: float = field(
        default=30.0,
        metadata={"help": "Seconds `lapekg serve` lets in-flight requests finish after "
                          "SIGTERM or Ctrl-C before it stops anyway."},
    )
    query_workers: int = field(
        default=2, metadata={"help": "Worker processes that run SPARQL queries."}
    )
    threads: int = field(default=8, metadata={"help": "WSGI server threads."})
    service_allowlist: tuple[str, ...] = field(
        default=("https://query.wikidata.org/sparql", "https://api.finto.fi/sparql"),
        metadata={"help": "SPARQL endpoints a query's SERVICE clause may call (space-separated "
                          "URLs, matched exactly); any other SERVICE is refused with 400."},
    )
    service_mirrors: tuple[str, ...] = field(
        default=(),
        metadata={"help": "ENDPOINT=MIRROR pairs (space-separated): a SERVICE naming an "
                          "allowlisted ENDPOINT is sent to MIRROR instead (a local copy; "
                          "the federation tests' stand-ins)."},
    )
    load_allowlist: tuple[str, ...] = field(
        default=(),
        metadata={"help": "URL prefixes an admin's SPARQL Update LOAD may fetch "
                          "(space-separated); empty = LOAD is refused."},
    )
    allow_private_targets: bool = field(
        default=False,
        metadata={"help": "Let allowlisted SERVICE/LOAD targets be loopback, private or "
                          "link-local addresses (a local mirror, tests)."},
    )
    pin_web_cpu: bool = field(
        default=True,
        metadata={"help": "Keep the web process of `lapekg serve` on one CPU (its GIL "
                          "hand-overs are cheaper; query workers keep every CPU)."},
    )

    @property
    def data_dir(self) -> Path:
        return self.root / "data"

    @property
    def redactions_file(self) -> Path:
        return self.root / self.redactions

    @property
    def withdrawn_file(self) -> Path:
        """What the published build withdrew (IRI → date), written by each build."""
        return self.build_dir / "reports" / "withdrawn.json"

    @property
    def store_path(self) -> Path:
        """The published store: a symlink switched atomically by each build."""
        return self.build_dir / "store"


def _coerce(name: str, raw: str, kind: type) -> object:
    try:
        if kind is Path:
            return Path(raw)
        if kind is bool:
            return raw.lower() in {"1", "true", "yes", "on"}
        if kind is tuple:
            return tuple(raw.replace(",", " ").split())
        return kind(raw)
    except ValueError as exc:
        raise ParameterError(
            f"setting LAPEKG_{name.upper()}={raw!r} is not a valid {kind.__name__}",
            hint=Settings.__dataclass_fields__[name].metadata["help"],
        ) from exc


def setting_kinds() -> dict[str, type]:
    """Each setting's plain type (``tuple`` for ``tuple[str, ...]``), read from the class."""
    return {name: get_origin(kind) or kind
            for name, kind in get_type_hints(Settings).items()}


def load_config(overrides: dict[str, object] | None = None, env=None) -> Settings:
    """Settings from defaults, then ``LAPEKG_*`` variables, then explicit overrides."""
    env = os.environ if env is None else env
    values: dict[str, object] = {}
    hints = setting_kinds()
    for f in fields(Settings):
        raw = env.get(f"LAPEKG_{f.name.upper()}")
        if raw is not None:
            values[f.name] = _coerce(f.name, raw, hints[f.name])
    if "root" in values and "build_dir" not in values:
        values["build_dir"] = Path(values["root"]) / "build"  # type: ignore[arg-type]
    for key, value in (overrides or {}).items():
        if key not in hints:
            raise ParameterError(f"unknown setting {key!r}", hint=f"one of {sorted(hints)}")
        if hints[key] is Path:
            value = Path(value)  # type: ignore[arg-type]
        elif hints[key] is tuple and isinstance(value, str):
            value = _coerce(key, value, tuple)
        values[key] = value
    settings = Settings(**values)  # type: ignore[arg-type]
    if not settings.base.endswith(("/", "#")):
        raise ParameterError(f"base IRI {settings.base!r} must end with '/' or '#'")
    return settings


def settings_table() -> list[tuple[str, object, str]]:
    """(environment variable, default, help) for ``lapekg settings`` and the docs."""
    return [
        (f"LAPEKG_{f.name.upper()}", f.default, f.metadata["help"]) for f in fields(Settings)
    ]
