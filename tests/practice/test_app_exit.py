"""``softphone --demo`` as a real process: its practice center ends with it, however it ends."""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from democenter.registrar import kamailio_path
from tests.practice import proctree as pt

ROOT = Path(__file__).resolve().parents[2]
pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc"),
    pytest.mark.skipif(kamailio_path() is None, reason="kamailio is not installed"),
]


class DemoApp:
    """One ``python -m softphone --demo --no-audio`` with its own data/config/runtime dirs."""

    def __init__(self, home: Path, seen: dict[int, pt.Proc]) -> None:
        self.home, self.seen = home, seen
        self.data = home / "data" / "agent-softphone"
        for d in ("data", "config", "run"):
            (home / d).mkdir(mode=0o700, parents=True, exist_ok=True)
        self.log = home / f"app-{time.monotonic_ns()}.log"
        env = {**os.environ, "QT_QPA_PLATFORM": "offscreen",
               "XDG_DATA_HOME": str(home / "data"), "XDG_CONFIG_HOME": str(home / "config"),
               "XDG_RUNTIME_DIR": str(home / "run"),
               "SOFTPHONE_PROVISIONING": str(home / "none.ini")}
        with open(self.log, "ab") as out:
            self.proc = subprocess.Popen(
                [sys.executable, "-m", "softphone", "--demo", "--no-audio"], cwd=str(ROOT),
                env=env, stdout=out, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                start_new_session=True)

    def output(self) -> str:
        return self.log.read_text(errors="replace")[-4000:]

    def practice(self, timeout: float = 90.0) -> dict[int, pt.Proc]:
        """Wait until the practice center answers HTTP and all its processes run; them."""
        deadline = time.monotonic() + timeout
        while True:
            if self.proc.poll() is not None:
                pytest.fail(f"the app exited ({self.proc.returncode}):\n{self.output()}")
            procs = {p.pid: p for p in pt.descendants(self.proc.pid).values()
                     if "democenter" in p.cmd or "kamailio" in p.cmd}
            self.seen.update(procs)
            roles = pt.practice_roles(procs)
            if (all(roles[r] for r in ("api", "acd", "registrar", "colleagues"))
                    and len(roles["kamailio"]) >= 2 and self._answers(roles["api"][0])):
                time.sleep(1.0)         # the last child's own start-up processes are gone
                return {p.pid: p for p in pt.descendants(self.proc.pid).values()
                        if "democenter" in p.cmd or "kamailio" in p.cmd}
            if time.monotonic() > deadline:
                pytest.fail(f"the practice center did not come up:\n{pt.describe(procs)}\n"
                            f"{self.output()}")
            time.sleep(0.2)

    @staticmethod
    def _answers(api: pt.Proc) -> bool:
        port = re.search(r"--port (\d+)", api.cmd)
        try:
            with urllib.request.urlopen(
                    f"http://127.0.0.1:{port.group(1)}/api/v1/openapi.json", timeout=2) as r:
                return r.status == 200
        except (urllib.error.URLError, OSError, AttributeError):
            return False

    def records(self) -> list[Path]:
        return sorted((self.data / "practice").glob("children-*.json"))


@pytest.fixture
def practice(tmp_path):
    """practice(home) starts the app; afterwards everything it or its children started is
    killed by PID, whatever happened."""
    apps: list[DemoApp] = []
    seen: dict[int, pt.Proc] = {}

    def start(home: Path | None = None) -> DemoApp:
        app = DemoApp(home or tmp_path / "home", seen)
        apps.append(app)
        return app

    yield start
    for app in apps:
        if app.proc.poll() is None:
            seen.update(pt.descendants(app.proc.pid))
            app.proc.kill()
        app.proc.wait(10)
    pt.kill_all(seen)


def test_sigterm_closes_the_app_and_its_practice_center(practice):
    app = practice()
    procs = app.practice()
    assert app.records(), "the launcher should record its children"
    os.kill(app.proc.pid, signal.SIGTERM)
    left = pt.wait_gone(procs, 5.0)
    assert not left, (f"still running 5 s after SIGTERM of the app:\n{pt.describe(left)}\n"
                      f"{app.output()}")
    assert app.proc.wait(15) == 0, f"the app did not close normally:\n{app.output()}"
    assert "SIGTERM: closing the app" in app.output()
    assert not app.records(), "a normal close removes the record of the children"


def test_sigint_closes_the_app_and_its_practice_center(practice):
    app = practice()
    procs = app.practice()
    os.kill(app.proc.pid, signal.SIGINT)
    left = pt.wait_gone(procs, 5.0)
    assert not left, f"still running 5 s after SIGINT of the app:\n{pt.describe(left)}"
    assert app.proc.wait(15) == 0, app.output()


def test_sigkill_of_the_app_ends_its_practice_center(practice):
    app = practice()
    procs = app.practice()
    os.kill(app.proc.pid, signal.SIGKILL)
    assert app.proc.wait(5) == -signal.SIGKILL
    left = pt.wait_gone(procs, 5.0)
    assert not left, f"still running 5 s after kill -9 of the app:\n{pt.describe(left)}"


def test_leftovers_of_a_killed_run_are_swept_at_the_next_start(practice, tmp_path):
    home = tmp_path / "home"
    first = practice(home)
    old = first.practice()
    # stopped processes cannot act on the parent-death SIGTERM: kill -9 of the app leaves them
    pt.signal_all(old, signal.SIGSTOP)
    os.kill(first.proc.pid, signal.SIGKILL)
    first.proc.wait(5)
    time.sleep(1.0)
    assert len(pt.left_of(old)) == len(old), "the leftovers should still be there"
    (record,) = first.records()
    recorded = {c["pid"] for c in json.loads(record.read_text())["children"]}
    # api, acd, registrar, Kamailio, the simulated colleagues
    assert recorded <= set(old) and len(recorded) == 5

    second = practice(home)
    new = second.practice()
    left = pt.left_of(old)
    assert not left, f"the next start left these behind:\n{pt.describe(left)}"
    assert len(pt.left_of(new)) == len(new)
    assert "left by an earlier run" in second.output()
    assert [r.name for r in second.records()] != [record.name]
    os.kill(second.proc.pid, signal.SIGTERM)
    assert not pt.wait_gone(new, 5.0)
    assert second.proc.wait(15) == 0
