"""Data safety (issue 8, point 7): a build killed with SIGKILL at any moment leaves the
published graph serving, whole; readers during a rebuild see the old graph or the new one.

A copy of the project is built once (the old graph). Its input is then changed so the
next build differs (a person goes onto the takedown list: one person and three
memberships fewer). Real `lapekg build` processes are killed at seeded random moments
over the whole length of a build while a live server answers a reader that counts
people and memberships in one query — each answer must be the old pair or the new pair,
never a mix — and the published store, dump and reports must still be the old ones.
A last build runs to its end; then the new graph serves and no leftovers remain.
"""

from __future__ import annotations

import hashlib
import os
import random
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
import requests
from conftest import copy_project

from lapekg.build import build
from lapekg.config import load_config

KILLS = 5
SEED = int(os.environ.get("LAPEKG_CRASH_SEED", "20261207"))
COUNTS = """PREFIX lape: <https://w3id.org/lapekg/ontology#>
PREFIX org: <http://www.w3.org/ns/org#>
SELECT (COUNT(DISTINCT ?p) AS ?people) (COUNT(DISTINCT ?m) AS ?memberships)
WHERE { { ?p a lape:Person } UNION { ?m a org:Membership } }"""
REDACTION = """redacted:
  - iri: id/person/merja-tikkanen
    names: [Merja Tikkanen]
    since: 2026-12-07
"""


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _published(build_dir: Path) -> dict[str, object]:
    """What a reader of the build directory sees: the store's target, the dump, reports."""
    return {"store": (build_dir / "store").resolve(),
            "dump": _sha(build_dir / "dump" / "lapekg.trig"),
            "numbers": _sha(build_dir / "reports" / "numbers.json")}


class Reader(threading.Thread):
    """Counts people and memberships over HTTP, as fast as the server answers."""

    def __init__(self, url: str):
        super().__init__(name="crash-safety reader", daemon=True)
        self.url, self.answers, self.errors = url, set(), []
        self.stop = threading.Event()

    def run(self) -> None:
        session = requests.Session()
        while not self.stop.is_set():
            response = session.get(self.url, params={"query": COUNTS},
                                   headers={"Accept": "application/sparql-results+json"},
                                   timeout=30)
            if response.status_code != 200:
                self.errors.append((response.status_code, response.text[:200]))
                continue
            row = response.json()["results"]["bindings"][0]
            self.answers.add((int(row["people"]["value"]), int(row["memberships"]["value"])))
            time.sleep(0.02)


def _build_process(root: Path, build_dir: Path) -> subprocess.Popen:
    env = {**os.environ, "LAPEKG_ROOT": str(root), "LAPEKG_BUILD_DIR": str(build_dir)}
    return subprocess.Popen([sys.executable, "-m", "lapekg.cli", "build", "-q"], env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)


@pytest.fixture(scope="module")
def project(tmp_path_factory) -> Path:
    return copy_project(tmp_path_factory.mktemp("crash") / "project")


def test_killed_builds_leave_the_old_graph_and_readers_never_see_a_mix(
        project, live_server_factory):
    build_dir = project / "build"
    build(load_config({"root": project, "build_dir": build_dir}))
    old = _published(build_dir)
    server = live_server_factory(build_dir)
    reader = Reader(server.sparql)
    reader.start()
    time.sleep(0.5)
    old_counts = set(reader.answers)
    assert len(old_counts) == 1

    (project / "data" / "redactions.yaml").write_text(REDACTION, encoding="utf-8")
    started = time.monotonic()
    finished = _build_process(project, build_dir)
    assert finished.wait(300) == 0, finished.stderr.read().decode()[-2000:]
    length = time.monotonic() - started
    new = _published(build_dir)
    assert new["store"] != old["store"] and new["dump"] != old["dump"]
    time.sleep(1.5)  # the pool follows the symlink within a second
    new_counts = set(reader.answers) - old_counts
    assert len(new_counts) == 1, reader.answers
    (old_pair,), (new_pair,) = old_counts, new_counts
    assert new_pair == (old_pair[0] - 1, old_pair[1] - 3)

    # Back to the old input, built and published again: the "old" graph for the kills.
    (project / "data" / "redactions.yaml").unlink()
    build(load_config({"root": project, "build_dir": build_dir}))
    time.sleep(1.5)
    old = _published(build_dir)
    (project / "data" / "redactions.yaml").write_text(REDACTION, encoding="utf-8")

    moments = random.Random(SEED).sample(range(5, 95), KILLS)
    for percent in sorted(moments):
        process = _build_process(project, build_dir)
        time.sleep(length * percent / 100)
        if process.poll() is None:
            process.send_signal(signal.SIGKILL)
        process.wait(60)
        now = _published(build_dir)
        if process.returncode == 0 or now != old:
            # It switched the release before it died (or it finished first): then the new
            # graph is published whole — store, dump and reports all new, never a mix.
            assert all(now[key] != old[key] for key in old), \
                f"killed at {percent}% (seed {SEED}): a mix of two releases {now} / {old}"
            break
        assert now == old, f"killed at {percent}% (seed {SEED})"
        time.sleep(0.3)
        assert reader.answers <= {old_pair, new_pair}, reader.answers

    final = _build_process(project, build_dir)
    assert final.wait(300) == 0, final.stderr.read().decode()[-2000:]
    time.sleep(1.5)
    reader.stop.set()
    reader.join(30)
    assert not reader.errors, reader.errors[:3]
    assert reader.answers <= {old_pair, new_pair}, f"a mixed graph was served: {reader.answers}"
    assert new_pair in reader.answers
    now = _published(build_dir)
    assert now["store"] != old["store"]
    releases = sorted(p.name for p in (build_dir / "releases").iterdir())
    assert len(releases) <= 2, f"half-written releases of killed builds remain: {releases}"
    leftovers = [p.name for pattern in (".store-*", ".link-*", ".staged-*", "dump/.*",
                                        "reports/.*")
                 for p in build_dir.glob(pattern)]
    assert not leftovers, leftovers
