"""A requests adapter whose connections leave from one local address: Linux routes all
of 127/8 to the loopback device, so each simulated client can be an address of its own
(the per-client query limit sees them apart). Used by the load test's users
(``locustfile.py``) and by tests/test_isolation.py's clients."""

from __future__ import annotations

from requests.adapters import HTTPAdapter


class SourceAddress(HTTPAdapter):
    """Connections from ``address`` (any local port)."""

    def __init__(self, address: str):
        self.address = address
        super().__init__()

    def init_poolmanager(self, *args, **kwargs):
        kwargs["source_address"] = (self.address, 0)
        super().init_poolmanager(*args, **kwargs)
