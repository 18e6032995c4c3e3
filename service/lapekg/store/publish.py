"""Atomic publication of a built graph: its store, its dump and its reports as one release.

Each build writes a fresh release directory under ``build/releases/<stamp>/``:

- ``store/``: the embedded Oxigraph store;
- ``dump/``: the TriG dump, written from that store so the two agree;
- ``reports/``: the reports that describe this very graph (build.json, numbers…).

Only when all of it is written does ``build/release`` switch to the new directory, with
one ``rename`` of a symlink (atomic on POSIX). The paths readers use are fixed symlinks
through it, created once:

- ``build/store`` → ``release/store``;
- ``build/dump`` → ``release/dump``;
- ``build/reports/<name>`` → ``../release/reports/<name>``, for each release report.

So a reader sees either the old release or the new one, never the store of one with the
dump of the other. A failed build, or one killed at any moment (even by SIGKILL), leaves
the previous release serving, untouched, and the next successful build removes what it
left (tests/test_crash_safety.py). The release before the current one is kept for
readers that still hold its store; older ones are removed. A build directory in the
layout before releases (``build/stores/``, a real ``build/dump/``) is taken over by the
first build.
"""

from __future__ import annotations

import os
import shutil
import time
from collections.abc import Callable
from pathlib import Path

import pyoxigraph as ox

from ..errors import StoreError
from ..namespaces import DEFAULT_BASE
from .skolem import skolemize_store

KEEP_PREVIOUS = 1


FORMATS = {".nq": ox.RdfFormat.N_QUADS, ".trig": ox.RdfFormat.TRIG}


def load_store(directory: Path, source: Path, base: str = DEFAULT_BASE,
               dump: Path | None = None, prefixes: dict[str, str] | None = None) -> int:
    """Load an N-Quads or TriG file (by suffix) into a new store at ``directory``.

    Blank nodes are skolemised; when ``dump`` is given the published dataset is written
    there, so dump and store agree. Returns the quad count.
    """
    store = ox.Store(str(directory))
    try:
        store.bulk_load(path=str(source), format=FORMATS.get(source.suffix, ox.RdfFormat.TRIG))
        skolemize_store(store, base)
        store.flush()
        store.optimize()
        if dump is not None:
            store.dump(str(dump), format=ox.RdfFormat.TRIG, prefixes=prefixes)
        return len(store)
    finally:
        del store


def _fresh_release(releases: Path) -> Path:
    stamp = time.strftime("%Y%m%dT%H%M%S")
    target, suffix = releases / stamp, 0
    while target.exists():
        suffix += 1
        target = releases / f"{stamp}-{suffix}"
    return target


def _link(link: Path, target: str) -> None:
    """Make ``link`` a symlink to ``target`` (relative), replacing what is there atomically
    (a real directory of the layout before releases is moved aside first)."""
    if link.is_symlink() and os.readlink(link) == target:
        return
    if link.is_dir() and not link.is_symlink():
        link.rename(link.with_name(f".{link.name}-before-releases-{os.getpid()}"))
    temporary = link.with_name(f".link-{link.name}-{os.getpid()}")
    if temporary.is_symlink() or temporary.exists():
        temporary.unlink()
    temporary.symlink_to(target)
    os.replace(temporary, link)


def publish(source: Path, build_dir: Path, base: str = DEFAULT_BASE,
            dump_name: str | None = None, prefixes: dict[str, str] | None = None,
            reports: dict[str, Callable[[Path], None]] | None = None,
            before_switch: Callable[[Path], None] | None = None) -> Path:
    """Publish ``source`` as a new release of ``build_dir``; the release's store path.

    The store is loaded from ``source``; ``dump_name`` (e.g. ``lapekg.trig``) is written
    from it into the release's ``dump/``; each of ``reports`` (file name → writer) into its
    ``reports/``; ``before_switch(release)`` runs last, before the one atomic switch.
    """
    releases = build_dir / "releases"
    releases.mkdir(parents=True, exist_ok=True)
    release = _fresh_release(releases)
    try:
        release.mkdir()
        (release / "dump").mkdir()
        (release / "reports").mkdir()
        load_store(release / "store", source, base,
                   release / "dump" / dump_name if dump_name else None, prefixes)
        for name, writer in (reports or {}).items():
            writer(release / "reports" / name)
        if before_switch is not None:
            before_switch(release)
    except (OSError, SyntaxError, ValueError) as exc:
        shutil.rmtree(release, ignore_errors=True)
        raise StoreError(f"loading the store failed: {exc}", where=str(release)) from exc
    except BaseException:
        shutil.rmtree(release, ignore_errors=True)
        raise
    store_link = build_dir / "store"
    held = store_link.resolve() if store_link.is_symlink() else None  # a reader may hold it
    # The fixed paths, through build/release (a no-op once they exist).
    _link(store_link, "release/store")
    _link(build_dir / "dump", "release/dump")
    if reports:
        (build_dir / "reports").mkdir(exist_ok=True)
    for name in reports or {}:
        _link(build_dir / "reports" / name, f"../release/reports/{name}")
    current = build_dir / "release"
    previous = current.resolve() if current.is_symlink() else None
    _link(current, f"releases/{release.name}")
    _prune(build_dir, releases, current=release, previous=previous, held=held)
    return release / "store"


def _prune(build_dir: Path, releases: Path, current: Path, previous: Path | None,
           held: Path | None = None) -> None:
    """Keep the release just published and the one it replaced (readers may still hold
    its store); remove every other release — older ones, and the half-written ones of
    builds that were killed — the symlinks such builds left behind, and the directories
    of the layout before releases."""
    keep = {current} | ({previous} if previous is not None and KEEP_PREVIOUS else set())
    for path in releases.iterdir():
        if path.is_dir() and path not in keep:
            shutil.rmtree(path, ignore_errors=True)
    for pattern in (".link-*", ".store-*", "reports/.link-*"):
        for leftover in build_dir.glob(pattern):
            if leftover.is_symlink() and not leftover.name.endswith(f"-{os.getpid()}"):
                leftover.unlink(missing_ok=True)
    for staged in build_dir.glob(".staged-*"):  # the N-Quads of killed builds
        if staged.is_file() and not staged.name.startswith(f".staged-{os.getpid()}."):
            staged.unlink(missing_ok=True)
    for old in build_dir.glob(".*-before-releases-*"):
        if old.is_dir() and not old.is_symlink():
            shutil.rmtree(old, ignore_errors=True)
    legacy = build_dir / "stores"  # the layout before releases: keep the store in use once
    if legacy.is_dir():
        for path in legacy.iterdir():
            if path != held:
                shutil.rmtree(path, ignore_errors=True)
        if not any(legacy.iterdir()):
            legacy.rmdir()


def current_store(build_dir: Path) -> Path:
    link = build_dir / "store"
    if not link.exists():
        raise StoreError("no published store", where=str(link),
                         hint="run `lapekg build` first")
    return link.resolve()
