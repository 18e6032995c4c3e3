"""The loop of one query worker process (see ``pool.py`` for why processes), and the
framing both ends of its socket pair speak.

Run as ``python -m lapekg.store.worker FD``, FD being its end of a socket pair. Every
message, both ways, is one frame: an 8-byte prefix (header length, body length), a
pickled header tuple, then the body as raw bytes. The parent sends
``("open", path, writable, prefixes, cpus, targets)``, answered ``("ready",)`` (``cpus``: the CPUs
to run on, or None to keep the parent's — ``lapekg serve`` keeps its web process on one
CPU, and a worker must not inherit that; ``targets``: the outbound-request policy as
``(service endpoints, load prefixes, allow private)``, checked here, inside the killable
process, since reading a long query costs CPU); then requests
``("query", sparql, bindings, dataset, formats, max_rows)`` and ``("update", sparql)``
(``dataset`` and ``formats`` as plain tuples: they pickle several times faster than the
dataclasses). Each reply header is ``("ok", media_type, form, truncated)`` or
``("error", class_name, message, where, hint)``, and the body is the answer serialised
natively here, never re-encoded.

The framing is cut to the fewest system calls, because on this path each call that
blocks hands the parent's GIL to another thread and each write wakes the other side
(~40 µs of system time per wake-up measured in a VM): a frame goes out in one
``sendmsg`` (prefix, header and body gathered without concatenating the body) and
normally comes in with one ``recv_into`` into a reused buffer. The parent bounds its wait
with ``SO_RCVTIMEO`` on that same ``recv`` rather than a ``poll`` before it, so a reply
costs the waiting thread one call, and the deadline is still enforced by the kernel.
"""

from __future__ import annotations

import contextlib
import math
import os
import pickle
import socket
import struct
import sys
import time
from pathlib import Path

from ..errors import LapekgError
from ..federation import TargetPolicy
from .base import Dataset, Formats
from .embedded import EmbeddedStore

_PREFIX = struct.Struct("!II")  # header length, body length
_TIMEVAL = struct.Struct("@ll")  # struct timeval for SO_RCVTIMEO
_BUFFER = 64 * 1024  # one frame up to this size arrives in one recv_into
_SMALL_BODY = 16 * 1024  # below this, copying the body is cheaper than gathering it
_TIMEOUT_SLACK = 0.001  # seconds a kept SO_RCVTIMEO may run past the deadline


class ReplyTimeout(Exception):
    """No complete frame before the deadline (not an ``OSError``: the peer is alive)."""


class Channel:
    """One end of the socket pair, speaking frames (see the module doc)."""

    def __init__(self, sock: socket.socket):
        sock.setblocking(True)
        self.sock = sock
        self._buffer = bytearray(_BUFFER)
        self._view = memoryview(self._buffer)
        self._timeout: float | None = None  # the SO_RCVTIMEO last set (None = none)

    def fileno(self) -> int:
        return self.sock.fileno()

    def close(self) -> None:
        self.sock.close()

    def send(self, header: tuple, body: bytes = b"") -> None:
        """One frame in one system call (a partial send, rare, is finished in a loop)."""
        pickled = pickle.dumps(header, protocol=pickle.HIGHEST_PROTOCOL)
        prefix = _PREFIX.pack(len(pickled), len(body))
        if len(body) < _SMALL_BODY:
            self.sock.sendall(prefix + pickled + body)
            return
        head = prefix + pickled
        sent = self.sock.sendmsg((head, body))
        if sent < len(head) + len(body):  # cut short by a signal: send the rest plainly
            self.sock.sendall(memoryview(head + body)[sent:])

    def _set_timeout(self, seconds: float | None) -> None:
        if seconds == self._timeout:
            return
        if seconds is None:
            value = _TIMEVAL.pack(0, 0)  # zero: block without limit
        else:
            micros = max(math.ceil(seconds * 1_000_000), 1)  # never zero: that means "none"
            value = _TIMEVAL.pack(micros // 1_000_000, micros % 1_000_000)
        self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVTIMEO, value)
        self._timeout = seconds

    def _recv_into(self, view: memoryview, deadline: float | None) -> int:
        """Bytes read into ``view`` (at least one), waiting until ``deadline`` at most.

        ``SO_RCVTIMEO`` is only changed when the value in force could overshoot the
        deadline (by more than ``_TIMEOUT_SLACK``) or is far shorter than needed: the
        timeout is the same for most queries, so this saves a system call per reply. A
        wait that ends early on a shorter value left from an earlier call is resumed.
        """
        if deadline is None:
            if self._timeout is not None:
                self._set_timeout(None)
        else:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise ReplyTimeout
            current = self._timeout
            if current is None or not remaining / 2 <= current <= remaining + _TIMEOUT_SLACK:
                self._set_timeout(remaining)
        while True:
            try:
                count = self.sock.recv_into(view)
                break
            except BlockingIOError:  # EAGAIN: SO_RCVTIMEO ran out
                remaining = deadline - time.monotonic() if deadline is not None else 0.0
                if remaining <= 0:
                    raise ReplyTimeout from None
                self._set_timeout(remaining)  # a shorter value left from before: wait on
        if count == 0:
            raise EOFError("the other end closed the socket")
        return count

    def receive(self, deadline: float | None = None,
                first: float | None = None) -> tuple[tuple, bytes]:
        """The next frame's header and body; :class:`ReplyTimeout` past ``deadline``
        (a ``time.monotonic`` value), ``EOFError`` or ``OSError`` if the peer is gone.

        ``first`` (earlier than ``deadline``): raise :class:`ReplyTimeout` already then if
        no byte of the frame has come; nothing is consumed, so the call can be repeated.
        """
        view = self._view
        if first is not None:
            first = first if deadline is None else min(first, deadline)
        got = self._recv_into(view, deadline if first is None else first)
        while got < _PREFIX.size:
            got += self._recv_into(view[got:], deadline)
        header_length, body_length = _PREFIX.unpack_from(view)
        start = _PREFIX.size + header_length
        total = start + body_length
        if total > len(view):  # a large frame: the rest goes straight into its own buffer
            frame = bytearray(total)
            frame[:got] = view[:got]
            view = memoryview(frame)
        while got < total:
            got += self._recv_into(view[got:total], deadline)
        header = pickle.loads(view[_PREFIX.size:start])
        body = view[start:total].tobytes() if body_length else b""
        return header, body


def _error(exc: LapekgError) -> tuple:
    return ("error", type(exc).__name__, exc.message, exc.where, exc.hint)


def _query(store: EmbeddedStore, message: tuple):
    _, sparql, bindings, dataset, formats, max_rows = message
    return store.query(sparql, bindings, Dataset(*dataset) if dataset else None,
                       Formats(*formats), max_rows=max_rows)


def run(channel: Channel) -> None:
    """Open the store, say "ready", then answer requests until the socket closes."""
    try:
        (_, path, writable, prefixes, cpus, targets), _ = channel.receive()
    except (EOFError, OSError):
        return
    if cpus and hasattr(os, "sched_setaffinity"):
        # Before the store starts its threads (they inherit it). A CPU gone since the
        # parent looked: keep the inherited placement.
        with contextlib.suppress(OSError):
            os.sched_setaffinity(0, cpus)
    try:
        store = EmbeddedStore(Path(path), writable=writable, prefixes=prefixes,
                              targets=TargetPolicy(*targets))
    except LapekgError as exc:
        channel.send(_error(exc))
        return
    channel.send(("ready",))
    while True:
        try:
            message, _ = channel.receive()
        except (EOFError, OSError):
            return
        try:
            if message[0] == "query":
                result = _query(store, message)
                reply, body = ("ok", result.media_type, result.form, result.truncated), \
                    result.body
            elif message[0] == "update":
                store.update(message[1])
                reply, body = ("ok", "", "UPDATE", False), b""
            else:
                raise LapekgError(f"unknown worker request {message[0]!r}")
        except LapekgError as exc:
            reply, body = _error(exc), b""
        except Exception as exc:  # a worker must answer, whatever pyoxigraph raised
            reply, body = ("error", "LapekgError", f"{type(exc).__name__}: {exc}",
                           None, None), b""
        try:
            channel.send(reply, body)
        except OSError:  # the parent is gone (or killed us mid-reply)
            return


if __name__ == "__main__":
    run(Channel(socket.socket(fileno=int(sys.argv[1]))))
