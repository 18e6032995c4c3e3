"""Real remote SPARQL stores on loopback for the parity tests: the Oxigraph server (PyPI
``oxigraph``) and Virtuoso Open Source (Debian's ``virtuoso-t``), each with a database
of its own in a temporary directory, started and stopped by the tests.

Each is filled by the real ``lapekg load`` command; :class:`Remote` carries what the
service needs to read it (query URL, update URL, credentials).
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import requests

VIRTUOSO_VSP = Path("/var/lib/virtuoso-opensource-7/vsp")


@dataclass
class Remote:
    name: str
    query_url: str
    update_url: str
    user: str = ""
    password: str = ""
    auth: str = "basic"
    process: subprocess.Popen | None = None

    def settings(self) -> dict[str, str]:
        """The service's settings for this store (as overrides)."""
        return {"store_url": self.query_url, "store_update_url": self.update_url,
                "store_user": self.user, "store_password": self.password,
                "store_auth": self.auth}

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_for(url: str, process: subprocess.Popen, seconds: float, log: Path) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"{process.args[0]} exited ({process.returncode}): "
                               f"{log.read_text(errors='replace')[-2000:]}")
        try:
            if requests.get(url, params={"query": "ASK {}"}, timeout=2).status_code == 200:
                return
        except requests.RequestException:
            pass
        time.sleep(0.25)
    raise RuntimeError(f"{url} did not answer within {seconds} s; see {log}")


def oxigraph_command() -> str | None:
    """The Oxigraph server beside this Python (the virtualenv), else on the PATH."""
    beside = Path(sys.executable).with_name("oxigraph")
    return str(beside) if beside.exists() else shutil.which("oxigraph")


def start_oxigraph(work: Path) -> Remote:
    command = oxigraph_command()
    if command is None:
        raise RuntimeError("no `oxigraph` command: install the dev extras (pip install "
                           "-e '.[dev]')")
    port = free_port()
    log = work / "oxigraph.log"
    process = subprocess.Popen(
        [command, "serve", "--location", str(work / "oxigraph-db"), "--bind",
         f"127.0.0.1:{port}", "--union-default-graph"],
        stdout=log.open("w"), stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    wait_for(base + "/query", process, 30, log)
    return Remote("oxigraph", base + "/query", base + "/update", process=process)


VIRTUOSO_INI = """\
[Database]
DatabaseFile = {dir}/virtuoso.db
ErrorLogFile = {dir}/virtuoso.log
LockFile = {dir}/virtuoso.lck
TransactionFile = {dir}/virtuoso.trx
xa_persistent_file = {dir}/virtuoso.pxa
ErrorLogLevel = 7
FileExtend = 200
MaxCheckpointRemap = 2000
Striping = 0
TempStorage = TempDatabase

[TempDatabase]
DatabaseFile = {dir}/virtuoso-temp.db
TransactionFile = {dir}/virtuoso-temp.trx
MaxCheckpointRemap = 2000
Striping = 0

[Parameters]
ServerPort = 127.0.0.1:{sql_port}
DisableUnixSocket = 1
DisableTcpSocket = 0
MaxClientConnections = 10
CheckpointInterval = 60
NumberOfBuffers = 20000
MaxDirtyBuffers = 15000
DirsAllowed = ., {dir}
ThreadCleanupInterval = 0
ResourcesCleanupInterval = 0

[HTTPServer]
ServerPort = 127.0.0.1:{http_port}
ServerRoot = {vsp}
ServerThreads = 10
MaxClientConnections = 10
EnabledDavVSP = 0
HTTPProxyEnabled = 0

[SPARQL]
ResultSetMaxRows = 1000000
MaxQueryCostEstimationTime = 0
MaxQueryExecutionTime = 120
DeferInferenceRulesInit = 0
"""


def start_virtuoso(work: Path) -> Remote:
    command = shutil.which("virtuoso-t")
    if command is None:
        raise RuntimeError("no `virtuoso-t`: run scripts/install-stores.sh (make stores)")
    directory = work / "virtuoso-db"
    directory.mkdir()
    http_port, sql_port = free_port(), free_port()
    ini = directory / "virtuoso.ini"
    ini.write_text(VIRTUOSO_INI.format(dir=directory, sql_port=sql_port, http_port=http_port,
                                       vsp=VIRTUOSO_VSP))
    log = work / "virtuoso.out"
    process = subprocess.Popen([command, "+foreground", "+configfile", str(ini)],
                               cwd=directory, stdout=log.open("w"), stderr=subprocess.STDOUT,
                               env={**os.environ})
    base = f"http://127.0.0.1:{http_port}"
    wait_for(base + "/sparql", process, 120, log)
    # A fresh database's DBA is dba/dba; SPARQL Update goes through the digest-protected
    # /sparql-auth endpoint as that user.
    return Remote("virtuoso", base + "/sparql", base + "/sparql-auth", user="dba",
                  password="dba", auth="digest", process=process)


def lapekg_load(remote: Remote, build_dir: Path) -> subprocess.CompletedProcess[str]:
    """The real `lapekg load` command into ``remote``."""
    env = {**os.environ, "LAPEKG_STORE_PASSWORD": remote.password}
    command = [sys.executable, "-m", "lapekg.cli", "--build-dir", str(build_dir), "load",
               "--to", remote.query_url, "--update", remote.update_url, "-q"]
    if remote.user:
        command += ["--user", remote.user, "--auth", remote.auth]
    return subprocess.run(command, env=env, capture_output=True, text=True, timeout=900)
