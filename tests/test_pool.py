"""The worker pool behind the embedded store: missing store, dead workers, new builds."""

from __future__ import annotations

import os
import signal
import time
from pathlib import Path

import pytest

from lapekg.errors import StoreError
from lapekg.store.pooled import PooledStore
from lapekg.store.publish import publish

COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"


@pytest.fixture()
def pooled(fresh_fixture_dir: Path):
    store = PooledStore(fresh_fixture_dir / "store", workers=2, timeout=10)
    yield store
    store.close()


def count(store: PooledStore) -> int:
    return int(store.select(COUNT)[0]["n"].value)


def test_missing_store_is_a_store_error(tmp_path: Path):
    store = PooledStore(tmp_path / "store", workers=1)
    with pytest.raises(StoreError) as caught:
        store.query("ASK {}")
    assert caught.value.status == 503 and "lapekg build" in (caught.value.hint or "")


def test_select_rows_are_terms(pooled: PooledStore):
    rows = pooled.select("SELECT ?code WHERE { ?m <https://w3id.org/lapekg/ontology#"
                         "municipalityCode> ?code } ORDER BY ?code")
    assert [row["code"].value for row in rows] == ["444", "638", "710"]


def test_a_dead_idle_worker_is_replaced(pooled: PooledStore):
    assert count(pooled) == 65
    worker = pooled.pool._idle.get()
    pooled.pool._idle.put(worker)
    os.kill(worker.process.pid, signal.SIGKILL)
    worker.process.wait()
    for _ in range(4):
        assert count(pooled) == 65


def test_a_new_build_is_served_without_restart(pooled: PooledStore, fresh_fixture_dir: Path,
                                               tmp_path: Path):
    assert count(pooled) == 65
    dump = tmp_path / "more.trig"
    dump.write_text("<urn:g> { <urn:a> <urn:b> <urn:c> }\n", encoding="utf-8")
    publish(dump, fresh_fixture_dir)
    time.sleep(1.1)  # the pool looks at the symlink at most once a second
    assert count(pooled) == 1
    assert count(pooled) == 1


def test_missing_store_fails_fast_every_time(tmp_path: Path):
    store = PooledStore(tmp_path / "store", workers=1, timeout=5)
    for _ in range(3):
        started = time.monotonic()
        with pytest.raises(StoreError):
            store.query("ASK {}")
        assert time.monotonic() - started < 1
