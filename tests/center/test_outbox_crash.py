"""The outbox survives an outage and a kill -9: 100 wrap-ups reach the center exactly once."""

from __future__ import annotations

import os
import signal
import sqlite3
import sys
import time
import uuid

import pytest

from softphone.center.client import CenterApi
from tests.support.democenter import ROOT, start_democenter
from tests.support.procs import start, stop, wait_for

pytestmark = pytest.mark.slow
N = 100


def _count(db_path) -> int:
    with sqlite3.connect(db_path, timeout=10) as db:
        return db.execute("SELECT COUNT(*) FROM wrapups WHERE interaction_id LIKE 'crash-%'"
                          ).fetchone()[0]


def _pending(outbox_path) -> int:
    with sqlite3.connect(outbox_path, timeout=10) as db:
        return db.execute("SELECT COUNT(*) FROM items WHERE status = 'pending'").fetchone()[0]


def test_outage_then_kill9_then_restart_delivers_each_once(tmp_path):
    center = start_democenter(tmp_path)
    with sqlite3.connect(center.data) as db:   # calls the queue would have created
        now = time.time()
        db.executemany(
            "INSERT INTO interactions (id, queue_id, caller_number, state, agent_id,"
            " entered_at, ended_at) VALUES (?, 'procurement', '+82215559999', 'ended',"
            " 'agent3', ?, ?)", [(f"crash-{i:03d}", now - 100, now) for i in range(N)])
    api = CenterApi(center.url)
    api.login("agent3", "practice")
    env = dict(os.environ, OUTBOX_TOKEN=api._token, OUTBOX_REFRESH=api._refresh_token,
               PYTHONPATH=str(ROOT))
    api.close()
    center.stop()                                   # the outage begins

    outbox = tmp_path / "outbox.sqlite"
    log1 = tmp_path / "worker1.log"
    service = f"agent-softphone-test-{uuid.uuid4()}"
    base = [sys.executable, "-m", "tests.center.outbox_worker"]
    opts = ["--outbox", str(outbox), "--url", center.url, "--service", service,
            "--agent", "agent3"]
    worker = start(base + ["enqueue", *opts, "--count", str(N), "--delay", "0.03"],
                   log_path=str(log1), env=env, cwd=str(ROOT))
    try:
        wait_for(lambda: "ENQUEUED 100" in log1.read_text(), 30, 0.1, "100 enqueued")
        wait_for(lambda: "not delivered" in log1.read_text(), 30, 0.1, "a failed attempt")
        assert _pending(outbox) == N

        center.start()                              # the center is back (same port, file)
        wait_for(lambda: _count(center.data) >= 10, 60, 0.01, "deliveries to start")
        os.killpg(os.getpgid(worker.pid), signal.SIGKILL)
        worker.wait(10)
        at_kill = _count(center.data)
        assert 10 <= at_kill < N, "the kill must land mid-delivery"
        pending = _pending(outbox)
        assert pending >= N - at_kill
        # > 0 when the kill landed after the center recorded an item but before the outbox
        # deleted it: the restart must then resend it and the center must replay, not record
        print(f"recorded-but-pending at kill: {at_kill + pending - N}")

        log2 = tmp_path / "worker2.log"
        worker = start(base + ["deliver", *opts], log_path=str(log2), env=env, cwd=str(ROOT))
        assert worker.wait(90) == 0, log2.read_text()[-3000:]
        assert "DONE" in log2.read_text()
    finally:
        stop(worker)
        center.stop()
        try:
            from softphone.platform.credentials import Credentials
            Credentials(service).delete_outbox_key()
        except Exception:
            pass

    with sqlite3.connect(center.data) as db:
        rows = db.execute("SELECT interaction_id, COUNT(*) FROM wrapups WHERE interaction_id"
                          " LIKE 'crash-%' GROUP BY interaction_id").fetchall()
        keys = db.execute("SELECT COUNT(DISTINCT idempotency_key) FROM wrapups WHERE"
                          " interaction_id LIKE 'crash-%'").fetchone()[0]
        stored = db.execute("SELECT COUNT(*) FROM interactions WHERE id LIKE 'crash-%' AND"
                            " disposition = 'resolved' AND notes LIKE 'Confidential note%'"
                            ).fetchone()[0]
        agents = db.execute("SELECT DISTINCT agent_id FROM wrapups WHERE interaction_id"
                            " LIKE 'crash-%'").fetchall()
    assert len(rows) == N and all(n == 1 for _, n in rows), "each wrap-up exactly once"
    assert keys == N and stored == N and agents == [("agent3",)]
    assert _pending(outbox) == 0
