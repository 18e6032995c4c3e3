"""Stores behind one interface (``base.Store``): the embedded Oxigraph store, run in
killable worker processes for the service (``pooled``), and a remote SPARQL store later."""

from __future__ import annotations

from ..config import Settings
from ..errors import StoreError
from ..namespaces import PREFIXES
from .base import Store


def open_store(settings: Settings) -> Store:
    """The store the settings name; processes start on the first query."""
    if settings.store_url:
        raise StoreError("remote SPARQL stores are not supported yet",
                         where="LAPEKG_STORE_URL", hint="leave it empty for the embedded store")
    from ..federation import TargetPolicy
    from .pooled import PooledStore

    prefixes = {prefix: str(namespace) for prefix, namespace in PREFIXES.items()}
    prefixes["id"] = settings.base + "id/"
    return PooledStore(settings.store_path, workers=settings.query_workers,
                       timeout=settings.query_timeout, prefixes=prefixes,
                       targets=TargetPolicy.from_settings(settings),
                       demote_after=settings.demote_after or None)
