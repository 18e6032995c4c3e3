"""Stores behind one interface (``base.Store``): the embedded Oxigraph store, run in
killable worker processes for the service (``pooled``), or a remote SPARQL 1.1 store
(``remote``)."""

from __future__ import annotations

from .. import iri as scheme
from ..config import Settings
from ..errors import StoreError
from ..namespaces import PREFIXES
from .base import Store


def open_store(settings: Settings) -> Store:
    """The store the settings name; processes start on the first query."""
    from ..federation import TargetPolicy

    prefixes = {prefix: str(namespace) for prefix, namespace in PREFIXES.items()}
    prefixes["id"] = scheme.id_space(settings.base)
    if settings.store_url:
        from .remote import RemoteStore

        if settings.store_auth.lower() not in ("basic", "digest"):
            raise StoreError(f"unknown authentication {settings.store_auth!r}",
                             where="LAPEKG_STORE_AUTH", hint="basic or digest")
        return RemoteStore(settings.store_url, update_url=settings.store_update_url or None,
                           user=settings.store_user or None,
                           password=settings.store_password or None,
                           auth=settings.store_auth, timeout=settings.query_timeout,
                           prefixes=prefixes, targets=TargetPolicy.from_settings(settings))
    from .pooled import PooledStore

    return PooledStore(settings.store_path, workers=settings.query_workers,
                       timeout=settings.query_timeout, prefixes=prefixes,
                       targets=TargetPolicy.from_settings(settings),
                       demote_after=settings.demote_after or None)
