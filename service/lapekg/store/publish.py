"""Atomic publication of a built graph into the embedded Oxigraph store.

Each build loads a fresh store directory under ``build/stores/`` and, only when loading
succeeded, switches the ``build/store`` symlink to it with one ``rename`` (atomic on
POSIX). A failed build — or one killed at any moment, even by SIGKILL — leaves the
previous store serving, untouched; the next successful build removes what it left
(tests/test_crash_safety.py). The store before the current one is kept for readers that
still hold it; older ones are removed.
"""

from __future__ import annotations

import os
import shutil
import time
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


def publish(source: Path, build_dir: Path, base: str = DEFAULT_BASE, dump: Path | None = None,
            prefixes: dict[str, str] | None = None) -> Path:
    """Load ``source`` into a new store and switch ``build_dir/store`` to it atomically."""
    stores = build_dir / "stores"
    stores.mkdir(parents=True, exist_ok=True)
    target = stores / time.strftime("%Y%m%dT%H%M%S")
    suffix = 0
    while target.exists():
        suffix += 1
        target = stores / f"{time.strftime('%Y%m%dT%H%M%S')}-{suffix}"
    try:
        load_store(target, source, base, dump, prefixes)
    except (OSError, SyntaxError, ValueError) as exc:
        shutil.rmtree(target, ignore_errors=True)
        raise StoreError(f"loading the store failed: {exc}", where=str(target)) from exc
    link = build_dir / "store"
    previous = link.resolve() if link.is_symlink() else None
    temporary = build_dir / f".store-{os.getpid()}"
    if temporary.is_symlink() or temporary.exists():
        temporary.unlink()
    temporary.symlink_to(target.relative_to(build_dir))
    os.replace(temporary, link)
    _prune(build_dir, stores, current=target, previous=previous)
    return target


def _prune(build_dir: Path, stores: Path, current: Path, previous: Path | None) -> None:
    """Keep the store just published and the one it replaced (readers may still hold
    it); remove every other store directory — older ones, and the half-loaded ones of
    builds that were killed — and the symlinks such builds left behind."""
    keep = {current} | ({previous} if previous is not None and KEEP_PREVIOUS else set())
    for path in stores.iterdir():
        if path.is_dir() and path not in keep:
            shutil.rmtree(path, ignore_errors=True)
    for leftover in build_dir.glob(".store-*"):
        if leftover.is_symlink() and leftover.name != f".store-{os.getpid()}":
            leftover.unlink(missing_ok=True)


def current_store(build_dir: Path) -> Path:
    link = build_dir / "store"
    if not link.exists():
        raise StoreError("no published store", where=str(link),
                         hint="run `lapekg build` first")
    return link.resolve()
