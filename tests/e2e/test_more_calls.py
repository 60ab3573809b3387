"""More than one call, end to end: the whole app in practice mode (``--demo``: its practice
center, Kamailio, the queue, the simulated colleagues and the outside-world gateway, all real
processes) plays ``--scenario transfer`` and ``--scenario second-call``; every check of their
JSON summaries must hold, and the practice center's records must agree.

Audio between the parties (conference, leave, second call) is checked at their own UAs in
tests/sip/test_conference.py and tests/sip/test_second_call.py.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

import pytest

from tests.support.democenter import query
from tests.support.procs import start, stop

pytestmark = pytest.mark.slow
ROOT = Path(__file__).resolve().parents[2]


def run_scenario(tmp_path: Path, name: str) -> tuple[dict, Path]:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", PYTHONPATH=str(ROOT),
               XDG_CONFIG_HOME=str(tmp_path / "config"), XDG_DATA_HOME=str(tmp_path / "data"),
               XDG_CACHE_HOME=str(tmp_path / "cache"), XDG_STATE_HOME=str(tmp_path / "state"),
               SOFTPHONE_PROVISIONING=str(tmp_path / "none.ini"))
    log = tmp_path / f"{name}.log"
    app = start([sys.executable, "-m", "softphone", "--demo", "--no-audio", "--scenario", name,
                 "--shots", str(tmp_path / "shots")], log_path=str(log), env=env, cwd=str(ROOT))
    try:
        assert app.wait(300) == 0, log.read_text(errors="replace")[-4000:]
    finally:
        stop(app)
    summary = json.loads(log.read_text(errors="replace").strip().splitlines()[-1])
    failed = [c for c in summary["checks"] if not c["ok"]]
    assert summary["scenario"] == name and summary["completed"], failed
    db = next((tmp_path / "data").rglob("democenter.sqlite"))
    return summary, db


def test_transfers_conference_and_a_failed_call(tmp_path):
    summary, db = run_scenario(tmp_path, "transfer")
    names = {c["name"] for c in summary["checks"]}
    for must in ("conference", "blind transfer to a typed extension",
                 "consult transfer to a typed extension", "blind transfer to a directory entry",
                 "busy number: a translated reason, no wrap-up"):
        assert must in names, must
    wrapups = query(db, "SELECT COUNT(*) FROM wrapups w JOIN interactions i ON "
                        "i.id = w.interaction_id WHERE i.agent_id = 'agent1'")[0][0]
    assert wrapups >= 4


def test_second_call_answered_and_swapped(tmp_path):
    summary, db = run_scenario(tmp_path, "second-call")
    rows = query(db, "SELECT id, answered_at, ended_at FROM interactions WHERE "
                     "agent_id = 'agent1' AND answered_at IS NOT NULL ORDER BY answered_at")
    overlapping = [(a, b) for a, b in zip(rows, rows[1:]) if b[1] < (a[2] or 1e18)]
    assert overlapping, rows                 # two callers connected to agent1 at once
    assert any("two wrap-ups" in c["name"] and c["ok"] for c in summary["checks"])
