"""Atomic publication of a built graph into the embedded Oxigraph store.

Each build loads a fresh store directory under ``build/stores/`` and, only when loading
succeeded, switches the ``build/store`` symlink to it with one ``rename`` (atomic on
POSIX). A failed build leaves the previous store serving. Older store directories beyond
the previous one are removed.
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
    temporary = build_dir / f".store-{os.getpid()}"
    if temporary.is_symlink() or temporary.exists():
        temporary.unlink()
    temporary.symlink_to(target.relative_to(build_dir))
    os.replace(temporary, link)
    _prune(stores, current=target)
    return target


def _prune(stores: Path, current: Path) -> None:
    """Remove store directories older than the current and the previous one."""
    candidates = sorted((p for p in stores.iterdir() if p.is_dir()), key=lambda p: p.name)
    keep = {current}
    older = [p for p in candidates if p != current]
    keep.update(older[-KEEP_PREVIOUS:])
    for path in candidates:
        if path not in keep:
            shutil.rmtree(path, ignore_errors=True)


def current_store(build_dir: Path) -> Path:
    link = build_dir / "store"
    if not link.exists():
        raise StoreError("no published store", where=str(link),
                         hint="run `lapekg build` first")
    return link.resolve()
