"""Query isolation: worker processes that can be killed when a query runs too long.

pyoxigraph cannot cancel a query in-process (oxigraph issue 1926), and a thread stuck in
Rust cannot be stopped. So each query runs in one of ``size`` worker processes (``python -m
lapekg.store.worker``: a plain subprocess, not multiprocessing, so the server's own main
module is never re-imported; a replacement costs ~0.1 s), each holding its own read-only
handle on the published store. The request thread
sends the query down a socket pair and waits ``timeout`` seconds for the answer; past that the
worker is killed (SIGKILL), a replacement is started in the background, and the request
gets :class:`QueryTimeout` — an error response, never a cut-off body. Other requests are
served by the other workers meanwhile. The worker serialises the answer natively and
sends raw bytes, so the parent never decodes or re-encodes results.

A query still running after ``demote_after`` seconds is demoted: its worker is reniced
to the lowest CPU priority (nice 19) and leaves the pool's count, and a fresh worker is
started in its place. So a handful of pathological queries (a cartesian product, an
unbounded property path) burn only the CPU nobody else wants until their timeout kills
them, and cheap queries keep full-priority workers. Niceness cannot be lowered again
without privileges, so a demoted worker is retired after its reply.

A build switches the ``build/store`` symlink; the pool notices within a second and
replaces each worker after its next query, so a new build is served without a restart.
"""

from __future__ import annotations

import atexit
import os
import queue
import socket
import subprocess
import sys
import threading
import time
from dataclasses import dataclass
from pathlib import Path

from .. import errors
from ..errors import LapekgError, QueryTimeout, StoreError
from ..federation import TargetPolicy
from .worker import Channel, ReplyTimeout

START_TIMEOUT = 30.0  # seconds a new worker may take to open the store
RELOAD_CHECK = 1.0  # seconds between looks at the store symlink
RETRY_AFTER = 2.0  # seconds before starting workers again after a failed start
LOWEST_PRIORITY = 19  # the niceness of a demoted worker


def error_from(reply: tuple) -> LapekgError:
    """Rebuild the error a worker reported as ``("error", class, message, where, hint)``."""
    _, name, message, where, hint = reply
    cls = getattr(errors, name, None)
    if not (isinstance(cls, type) and issubclass(cls, LapekgError)):
        cls = LapekgError
    return cls(message, where=where, hint=hint)


@dataclass(eq=False)
class _Worker:
    process: subprocess.Popen
    channel: Channel
    generation: int

    def stop(self, kill: bool = False) -> None:
        if kill:
            self.process.kill()
        self.channel.close()  # an idle worker reads EOF and exits
        try:
            self.process.wait(2.0)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


class WorkerPool:
    """``size`` worker processes over the store at ``path`` (a directory or symlink)."""

    def __init__(self, path: Path, size: int, prefixes: dict[str, str] | None = None,
                 targets: TargetPolicy | None = None, demote_after: float | None = 0.25):
        self.path = Path(path)
        self.demote_after = demote_after  # None: never demote
        policy = targets if targets is not None else TargetPolicy()
        self.targets = policy.as_tuple()
        self.size = max(1, size)
        self.prefixes = dict(prefixes or {})
        self._idle: queue.LifoQueue[_Worker | None] = queue.LifoQueue()  # hot worker first
        self._lock = threading.Lock()
        self._writer_lock = threading.Lock()
        self._live = 0  # workers alive or starting
        self._generation = 0
        self._target: Path | None = None
        self._checked = 0.0
        self._retry_at = 0.0
        self._error: LapekgError | None = None
        self._paused = False
        self._closed = False
        self._workers: set[_Worker] = set()  # every running worker, for close()
        self.demotions = 0  # queries demoted so far (for tests and the bench)
        # The CPUs workers run on; None = the web process's own (see web/server.py).
        self.worker_cpus: frozenset[int] | None = None
        atexit.register(self.close)

    # -- lifecycle -------------------------------------------------------------------

    def start(self, wait: bool = True) -> None:
        """Start the workers now (else on the first query); raise if the store is missing."""
        self._reload_check(force=True)
        self._top_up()
        if wait:
            worker = self._checkout(time.monotonic() + START_TIMEOUT)
            self._checkin(worker)

    def close(self) -> None:
        """Stop every worker, idle or busy (a busy one is killed mid-query)."""
        with self._lock:
            self._closed = True
            workers = list(self._workers)
            self._workers.clear()
        for worker in workers:
            worker.stop(kill=True)

    def _spawn(self, generation: int, target: Path, writable: bool = False) -> _Worker:
        ours, theirs = socket.socketpair()
        with theirs:
            process = subprocess.Popen(
                [sys.executable, "-m", "lapekg.store.worker", str(theirs.fileno())],
                pass_fds=(theirs.fileno(),), stdin=subprocess.DEVNULL)
        worker = _Worker(process, Channel(ours), generation)
        with self._lock:
            self._workers.add(worker)
        try:
            cpus = sorted(self.worker_cpus) if self.worker_cpus else None
            worker.channel.send(("open", str(target), writable, self.prefixes, cpus,
                                 self.targets))
            reply, _ = worker.channel.receive(time.monotonic() + START_TIMEOUT)
        except ReplyTimeout:
            self._forget(worker)
            raise StoreError("a query worker did not open the store in time",
                             where=str(target)) from None
        except (EOFError, OSError) as exc:
            self._forget(worker)
            raise StoreError("a query worker died while opening the store",
                             where=str(target)) from exc
        except StoreError:
            self._forget(worker)
            raise
        if reply[0] != "ready":
            self._forget(worker)
            raise error_from(reply)
        return worker

    def _forget(self, worker: _Worker) -> None:
        """Stop a worker that never joined the pool."""
        with self._lock:
            self._workers.discard(worker)
        worker.stop(kill=True)

    def _replace(self, generation: int, target: Path) -> None:
        try:
            worker = self._spawn(generation, target)
        except LapekgError as exc:
            with self._lock:
                self._live -= 1
                self._error = exc
                self._retry_at = time.monotonic() + RETRY_AFTER
            self._idle.put(None)  # wake a waiting request so it can report the error
            return
        with self._lock:
            self._error = None
            closed = self._closed
        if closed:
            self._forget(worker)
        else:
            self._idle.put(worker)

    def _top_up(self) -> None:
        """Start workers in the background until ``size`` are alive or starting."""
        with self._lock:
            if self._closed or self._paused or self._target is None:
                return
            missing = self.size - self._live
            if missing <= 0 or time.monotonic() < self._retry_at:
                return
            self._live += missing
            generation, target = self._generation, self._target
        for _ in range(missing):
            threading.Thread(target=self._replace, args=(generation, target),
                             name="lapekg-worker-start", daemon=True).start()

    def _discard(self, worker: _Worker, kill: bool, counted: bool = True) -> None:
        """Stop ``worker`` and start another; ``counted``: it is still in ``_live``."""
        with self._lock:
            if counted:
                self._live -= 1
            self._workers.discard(worker)
        if kill:
            worker.process.kill()
        threading.Thread(target=worker.stop, name="lapekg-worker-stop", daemon=True).start()
        self._top_up()

    def _demote(self, worker: _Worker) -> bool:
        """Renice a long-running query's worker and start a full-priority one in its
        place; False (nothing changed) if the process is already gone."""
        pid = worker.process.pid
        try:
            os.setpriority(os.PRIO_PROCESS, pid, LOWEST_PRIORITY)
            if hasattr(os, "SCHED_IDLE"):  # Linux: any waking task preempts it at once
                os.sched_setscheduler(pid, os.SCHED_IDLE, os.sched_param(0))
        except OSError:
            return False
        with self._lock:
            self._live -= 1
            self.demotions += 1
        self._top_up()
        return True

    def _reload_check(self, force: bool = False) -> None:
        """Follow the store symlink to a new build (checked at most once a second)."""
        now = time.monotonic()
        if self._target is not None and not force and now < self._checked + RELOAD_CHECK:
            return
        self._checked = now
        try:
            target = self.path.resolve(strict=True)
        except OSError as exc:
            if self._target is None:
                raise StoreError("no published store", where=str(self.path),
                                 hint="run `lapekg build` first") from exc
            return  # keep serving the store we have
        with self._lock:
            if target != self._target:
                self._target = target
                self._generation += 1

    def target(self) -> Path | None:
        """The store directory the workers answer from now (after a reload check)."""
        try:
            self._reload_check()
        except LapekgError:
            return None
        return self._target

    # -- requests --------------------------------------------------------------------

    def _checkout(self, deadline: float) -> _Worker:
        self._reload_check()
        self._top_up()
        while True:
            with self._lock:
                if self._live == 0 and self._error is not None:
                    raise self._error
            remaining = deadline - time.monotonic()
            try:
                worker = self._idle.get(timeout=max(remaining, 0.0))
            except queue.Empty:
                raise QueryTimeout(
                    f"no query worker became free within the time limit ({self.size} busy)",
                    hint="try again shortly; long-running queries are stopped at the limit",
                ) from None
            if worker is None:
                self._top_up()
            elif worker.generation != self._generation:
                self._discard(worker, kill=False)  # a newer build was published
            else:
                return worker

    def _checkin(self, worker: _Worker) -> None:
        if worker.generation != self._generation:
            self._discard(worker, kill=False)  # a newer build was published
        else:
            self._idle.put(worker)

    def call(self, message: tuple, timeout: float) -> tuple[tuple, bytes]:
        """Send one request to a free worker; its reply header and body, or an error."""
        deadline = time.monotonic() + timeout
        while True:
            worker = self._checkout(deadline)
            try:
                worker.channel.send(message)
                break
            except OSError:  # it died while idle; nothing ran, so try another
                self._discard(worker, kill=True)
        demoted = False
        try:
            # One blocking recv bounded by SO_RCVTIMEO: the deadline holds for the whole
            # reply, and past it the worker is killed mid-query. A first, shorter wait
            # marks the moment the query is demoted (see the module doc).
            if self.demote_after is not None:
                try:
                    header, body = worker.channel.receive(
                        deadline, first=time.monotonic() + self.demote_after)
                except ReplyTimeout:
                    if time.monotonic() >= deadline:
                        raise
                    demoted = self._demote(worker)
                    header, body = worker.channel.receive(deadline)
            else:
                header, body = worker.channel.receive(deadline)
        except ReplyTimeout:
            self._discard(worker, kill=True, counted=not demoted)
            raise QueryTimeout(
                f"the query ran past the {timeout:g} s limit and was stopped",
                where="query", hint="narrow the patterns or add a LIMIT; "
                                    "the limit is the LAPEKG_QUERY_TIMEOUT setting") from None
        except (EOFError, OSError) as exc:
            self._discard(worker, kill=True, counted=not demoted)
            raise StoreError("the query worker died while answering",
                             hint="the query may need more memory than the worker has") from exc
        if demoted:
            self._discard(worker, kill=False, counted=False)
        else:
            self._checkin(worker)
        if header[0] == "error":
            raise error_from(header)
        return header, body

    def exclusive(self, message: tuple, timeout: float) -> tuple[tuple, bytes]:
        """Run ``message`` in a one-off writable worker while no reader holds the store.

        RocksDB forbids read-only handles while another process writes, so the readers
        are drained and stopped first and started again afterwards (admin updates only).
        """
        with self._writer_lock:
            deadline = time.monotonic() + timeout
            self._reload_check(force=True)
            with self._lock:
                self._paused = True
            try:
                while True:
                    with self._lock:
                        if self._live <= 0:
                            break
                    worker = self._checkout_paused(deadline)
                    if worker is not None:
                        self._discard(worker, kill=False)
                        worker.process.wait(2.0)
                writer = self._spawn(self._generation, self._target, writable=True)  # type: ignore[arg-type]
                finished = False
                try:
                    writer.channel.send(message)
                    try:
                        header, body = writer.channel.receive(deadline)
                    except ReplyTimeout:
                        raise QueryTimeout(f"the update ran past the {timeout:g} s limit "
                                           "and was stopped", where="update") from None
                    finished = True
                finally:
                    with self._lock:
                        self._workers.discard(writer)
                    writer.stop(kill=not finished)  # a clean exit closes RocksDB cleanly
            finally:
                with self._lock:
                    self._paused = False
                self._top_up()
        if header[0] == "error":
            raise error_from(header)
        return header, body

    def _checkout_paused(self, deadline: float) -> _Worker | None:
        try:
            return self._idle.get(timeout=max(deadline - time.monotonic(), 0.0))
        except queue.Empty:
            raise QueryTimeout("running queries did not finish in time for the update",
                               where="update") from None
