"""The loop of one query worker process (see ``pool.py`` for why processes).

Run as ``python -m lapekg.store.worker FD``, FD being its end of a socket pair. Messages
are pickled tuples framed by :class:`multiprocessing.connection.Connection`. First
``("open", path, writable, prefixes)``, answered ``("ready",)``; then requests
``("query", sparql, bindings, dataset, formats, max_rows)`` and ``("update", sparql)``.
Each reply is one frame: a pickled header — ``("ok", media_type, form, truncated)``
or ``("error", class_name, message, where, hint)`` — its length in front, and after it
the body as raw bytes (serialised natively here and never re-encoded). One frame, not
two, because each extra message costs the parent a wake-up (~60 µs measured).
"""

from __future__ import annotations

import pickle
import struct
import sys
from multiprocessing.connection import Connection
from pathlib import Path

from ..errors import LapekgError
from .embedded import EmbeddedStore

_LENGTH = struct.Struct("!I")


def frame(header: tuple, body: bytes = b"") -> bytes:
    """One reply: header length, pickled header, body."""
    pickled = pickle.dumps(header, protocol=pickle.HIGHEST_PROTOCOL)
    return _LENGTH.pack(len(pickled)) + pickled + body


def unframe(data: bytes) -> tuple[tuple, bytes]:
    (length,) = _LENGTH.unpack_from(data)
    end = _LENGTH.size + length
    return pickle.loads(data[_LENGTH.size:end]), data[end:]


def _error(exc: LapekgError) -> bytes:
    return frame(("error", type(exc).__name__, exc.message, exc.where, exc.hint))


def run(conn: Connection) -> None:
    """Open the store, say "ready", then answer requests until the socket closes."""
    try:
        _, path, writable, prefixes = conn.recv()
    except (EOFError, OSError):
        return
    try:
        store = EmbeddedStore(Path(path), writable=writable, prefixes=prefixes)
    except LapekgError as exc:
        conn.send_bytes(_error(exc))
        return
    conn.send_bytes(frame(("ready",)))
    while True:
        try:
            message = conn.recv()
        except (EOFError, OSError):
            return
        try:
            if message[0] == "query":
                _, sparql, bindings, dataset, formats, max_rows = message
                result = store.query(sparql, bindings, dataset, formats, max_rows=max_rows)
                conn.send_bytes(frame(("ok", result.media_type, result.form, result.truncated),
                                      result.body))
            elif message[0] == "update":
                store.update(message[1])
                conn.send_bytes(frame(("ok", "", "UPDATE", False)))
            else:
                raise LapekgError(f"unknown worker request {message[0]!r}")
        except LapekgError as exc:
            conn.send_bytes(_error(exc))
        except Exception as exc:  # a worker must answer, whatever pyoxigraph raised
            conn.send_bytes(frame(("error", "LapekgError", f"{type(exc).__name__}: {exc}",
                                   None, None)))


if __name__ == "__main__":
    run(Connection(int(sys.argv[1])))
