"""Scheduled callbacks, end to end: the whole app in practice mode (its practice center,
Kamailio, the queue, the simulated colleagues and the outside-world gateway, all real
processes) plays ``--scenario callbacks`` with a 10 s retry rule: a callback that is not
answered is recorded as a try and retried per rule, the due-time notice fires, the second
try reaches the caller (the gateway's seeded pattern), done closes the request. Every check
of the JSON summary must hold, and the practice center's records must agree."""

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
RETRY_S = 10


def test_callbacks_retry_per_rule_notify_when_due_and_close_when_done(tmp_path):
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", PYTHONPATH=str(ROOT),
               XDG_CONFIG_HOME=str(tmp_path / "config"), XDG_DATA_HOME=str(tmp_path / "data"),
               XDG_CACHE_HOME=str(tmp_path / "cache"), XDG_STATE_HOME=str(tmp_path / "state"),
               SOFTPHONE_PROVISIONING=str(tmp_path / "none.ini"),
               DEMOCENTER_CALLBACK_RETRY_S=str(RETRY_S))
    log = tmp_path / "callbacks.log"
    app = start([sys.executable, "-m", "softphone", "--demo", "--no-audio", "--scenario",
                 "callbacks", "--shots", str(tmp_path / "shots")], log_path=str(log), env=env,
                cwd=str(ROOT))
    try:
        assert app.wait(300) == 0, log.read_text(errors="replace")[-4000:]
    finally:
        stop(app)
    summary = json.loads(log.read_text(errors="replace").strip().splitlines()[-1])
    failed = [c for c in summary["checks"] if not c["ok"]]
    assert summary["scenario"] == "callbacks" and summary["completed"], failed
    checks = {c["name"]: c for c in summary["checks"]}
    for must in ("the night's requests sorted by when they can be called",
                 "no answer -> retried per rule (my scheduled list, next due time)",
                 "due notification fired", "done -> closed at the center",
                 "second try done -> closed with two attempts"):
        assert checks[must]["ok"], must
    db = next((tmp_path / "data").rglob("democenter.sqlite"))
    # the notice names the caller whose retry came due (in the counselor's language)
    (due_name,), = query(db, "SELECT name FROM callbacks WHERE id = 'cb-002'")
    assert due_name in checks["due notification fired"]["detail"]
    # the center's rows: the first caller closed as done after one try; the second one
    # missed (no_answer, the retry RETRY_S later), then reached
    assert query(db, "SELECT status, closed_as, attempts, agent_id FROM callbacks WHERE "
                     "id = 'cb-001'") == [("done", "done", 1, "agent1")]
    tries = query(db, "SELECT outcome, at FROM callback_attempts WHERE callback_id = 'cb-002'"
                      " ORDER BY id")
    assert [t[0] for t in tries] == ["no_answer", "done"]
    assert tries[1][1] - tries[0][1] >= RETRY_S - 1          # called again only when due
    assert query(db, "SELECT status, closed_as FROM callbacks WHERE id = 'cb-002'") == \
        [("done", "done")]
    assert query(db, "SELECT retry_after_s FROM callback_rules WHERE queue_id = 'hotline'") == \
        [(float(RETRY_S),)]
