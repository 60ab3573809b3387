"""A wrap-up interrupted by a closed window or a killed app comes back at the next start and reaches the center once, whole (the real app, its practice center, the real keyring)."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from democenter.registrar import kamailio_path
from softphone.platform.credentials import backend_usable
from softphone.practice.scenarios import LONG_NOTES
from tests.support.democenter import query

ROOT = Path(__file__).resolve().parents[2]
pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(kamailio_path() is None, reason="kamailio is not installed"),
    pytest.mark.skipif(not backend_usable(),
                       reason="run under dbus-run-session scripts/with-keyring.sh"),
]


def play(home: Path, scenario: str) -> tuple[int, dict | None, str]:
    """``softphone --demo --no-audio --scenario NAME`` with ``home``'s dirs; (rc, summary, log)."""
    for d in ("data", "config", "run"):
        (home / d).mkdir(mode=0o700, parents=True, exist_ok=True)
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "XDG_DATA_HOME": str(home / "data"),
           "XDG_CONFIG_HOME": str(home / "config"), "XDG_RUNTIME_DIR": str(home / "run"),
           "SOFTPHONE_PROVISIONING": str(home / "none.ini")}
    proc = subprocess.run([sys.executable, "-m", "softphone", "--demo", "--no-audio",
                           "--scenario", scenario], cwd=str(ROOT), env=env, timeout=240,
                          stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    last = [line for line in proc.stdout.splitlines() if line.startswith('{"scenario"')]
    return proc.returncode, (json.loads(last[-1]) if last else None), proc.stdout[-4000:]


def wrapups(home: Path) -> list[tuple]:
    db = home / "data" / "agent-softphone" / "democenter.sqlite"
    return query(db, "SELECT interaction_id, agent_id, disposition, notes FROM wrapups")


@pytest.mark.parametrize("interruption", ["wrapup_close", "wrapup_crash"])
def test_an_interrupted_wrapup_is_finished_after_restart_and_recorded_once(tmp_path,
                                                                           interruption):
    rc, summary, log = play(tmp_path, interruption)
    if interruption == "wrapup_crash":
        assert rc == -signal.SIGKILL, log
    else:
        assert rc == 0 and summary["completed"], log
        assert {c["name"]: c["detail"] for c in summary["checks"]}[
            "closed during wrap-up"].endswith("draft saved on disk")
    assert wrapups(tmp_path) == []          # nothing reached the center yet
    outbox = tmp_path / "data" / "agent-softphone" / "outbox.sqlite"
    assert LONG_NOTES[:40].encode() not in outbox.read_bytes()      # the draft is sealed

    rc, summary, log = play(tmp_path, "wrapup_resume")
    assert rc == 0 and summary["completed"], log
    rows = wrapups(tmp_path)
    assert len(rows) == 1, rows
    (_, agent, disposition, notes), = rows
    assert agent == "agent1" and disposition and notes == LONG_NOTES     # whole, 9000 characters

