"""Practice mode: run the practice center as a child process, and play a scripted shift.

``PracticeCenter`` starts ``python -m democenter`` (API + queue) on free loopback ports with
its data in the user data dir, and stops it (its whole process group) when the app closes.
``scripted_shift`` drives the real desk through a shift for machines without a display:
login -> self-check -> Ready -> two offered calls (answer, hang up, wrap-up) -> logout,
with a screenshot at each step and a one-screen summary at the end.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from contextlib import closing
from pathlib import Path
from typing import Any, Callable

import platformdirs
from PySide6.QtWidgets import QApplication

from softphone import APP_ID
from softphone.health import HealthForm, evaluate

PRACTICE_USER, PRACTICE_PASSWORD = "agent1", "practice"


def free_port() -> int:
    """A port free for both UDP and TCP on 127.0.0.1."""
    for _ in range(50):
        with closing(socket.socket(socket.AF_INET, socket.SOCK_STREAM)) as s:
            s.bind(("127.0.0.1", 0))
            port = s.getsockname()[1]
        try:
            with closing(socket.socket(socket.AF_INET, socket.SOCK_DGRAM)) as u:
                u.bind(("127.0.0.1", port))
        except OSError:
            continue
        return port
    raise RuntimeError("no free port on 127.0.0.1")


def _stop_group(proc: subprocess.Popen | None) -> None:
    if proc is None or proc.poll() is not None:
        return
    try:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(10)
    except (ProcessLookupError, PermissionError):
        pass
    except subprocess.TimeoutExpired:
        try:
            os.killpg(proc.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        proc.wait(5)


class PracticeCenter:
    """The practice center as children of the app: a loopback registrar (unless ``sip_proxy``
    names one), the center API (``python -m democenter``) and its queue (``democenter.acd``)."""

    def __init__(self, data_dir: Path | None = None, sip_proxy: str = "",
                 call_rate: float = 2.0, domain: str = "practice.center") -> None:
        self.data_dir = Path(data_dir or platformdirs.user_data_dir(APP_ID, appauthor=False))
        self.port = free_port()
        self.sip_proxy, self.domain, self.call_rate = sip_proxy, domain, call_rate
        self.registrar: Any = None
        self.api: subprocess.Popen | None = None
        self.acd: subprocess.Popen | None = None
        self.log_path = self.data_dir / "democenter.log"
        self.db_path = self.data_dir / "democenter.sqlite"

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/api/v1"

    def _spawn(self, cmd: list[str]) -> subprocess.Popen:
        with open(self.log_path, "ab") as log:
            return subprocess.Popen(cmd, stdout=log, stderr=subprocess.STDOUT,
                                    stdin=subprocess.DEVNULL, start_new_session=True)

    def start(self, timeout: float = 30.0) -> "PracticeCenter":
        self.data_dir.mkdir(parents=True, exist_ok=True)
        try:
            if not self.sip_proxy:
                from softphone.practice_registrar import PracticeRegistrar
                self.registrar = PracticeRegistrar(free_port(), free_port(), self.domain).start()
                self.sip_proxy = self.registrar.address
            self.api = self._spawn([sys.executable, "-m", "democenter", "--no-acd",
                                    "--host", "127.0.0.1", "--port", str(self.port),
                                    "--data", str(self.db_path), "--sip-proxy", self.sip_proxy,
                                    "--sip-domain", self.domain])
            self._wait_api(timeout)
            self.acd = self._spawn([sys.executable, "-m", "democenter.acd", "--db",
                                    str(self.db_path), "--proxy", self.sip_proxy,
                                    "--domain", self.domain, "--rate", str(self.call_rate)])
        except BaseException:
            self.stop()
            raise
        return self

    def _wait_api(self, timeout: float) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.api.poll() is not None:
                raise RuntimeError(f"The practice center stopped at start; see {self.log_path}")
            try:
                with urllib.request.urlopen(self.url + "/openapi.json", timeout=2) as r:
                    if r.status == 200:
                        return
            except (urllib.error.URLError, OSError):
                time.sleep(0.1)
        raise RuntimeError(f"The practice center did not start in {timeout:.0f} s; "
                           f"see {self.log_path}")

    def stop(self) -> None:
        acd, api, self.acd, self.api = self.acd, self.api, None, None
        _stop_group(acd)
        _stop_group(api)
        if self.registrar is not None:
            self.registrar.stop()
            self.registrar = None


def clearing_answers(form: HealthForm) -> dict[str, Any]:
    """Answers that clear the form (the scripted counselor is well): per question, the first
    plausible value that no rule flags."""
    from softphone.health import OPS
    answers: dict[str, Any] = {}
    for q in form.questions:
        if q.kind == "yes_no":
            candidates: list[Any] = [False, True]
        elif q.kind == "scale":
            lo, hi = int(q.min or 1), int(q.max or 5)
            mid = (lo + hi) // 2
            candidates = sorted(range(lo, hi + 1), key=lambda v: abs(v - mid))
        else:
            lo, hi = q.min or 0.0, q.max or 0.0
            candidates = [v for v in (36.6, (lo + hi) / 2, lo, hi) if lo <= v <= hi]
        rules = [r for r in form.rules if r.question == q.id]
        for v in candidates:
            try:
                if not any(OPS[r.op](v, r.value) for r in rules):
                    answers[q.id] = v
                    break
            except TypeError:
                continue
        else:
            answers[q.id] = candidates[0]
    evaluate(form, answers)     # raises if these are not valid answers
    return answers


def wait_until(app: QApplication, pred: Callable[[], Any], timeout: float, what: str) -> Any:
    deadline = time.monotonic() + timeout
    while True:
        app.processEvents()
        value = pred()
        if value:
            return value
        if time.monotonic() > deadline:
            raise TimeoutError(f"timed out after {timeout:.0f} s waiting for {what}")
        time.sleep(0.02)


def scripted_shift(app: QApplication, window: Any, desk: Any, shots: Path,
                   offer_timeout: float = 150.0, talk_s: float = 4.0, calls: int = 2) -> int:
    """Play one practice shift on the real desk; print a summary; 0 on success."""
    shots.mkdir(parents=True, exist_ok=True)
    log: list[str] = []
    t0 = time.monotonic()

    def step(name: str) -> None:
        app.processEvents()
        path = shots / f"{len(log) + 1:02d}_{name}.png"
        window.grab().save(str(path))
        log.append(f"{time.monotonic() - t0:6.1f}s  {name:<14} {path.name}")

    notices: list[str] = []
    desk.notice.connect(lambda level, text: notices.append(f"{level}: {text}"))
    ok = False
    try:
        window.login.user.setText(PRACTICE_USER)
        window.login.password.setText(PRACTICE_PASSWORD)
        step("login")
        window.login.button.click()
        wait_until(app, lambda: desk.health_form is not None, 30, "the health form")
        step("self_check")
        desk.submit_health(clearing_answers(desk.health_form))
        wait_until(app, lambda: desk.health is not None and desk.health.confirmed, 30,
                   "the self-check to be recorded")
        desk.enter_desk()
        wait_until(app, lambda: desk.line.registered, 30, "the phone line to register")
        desk.request_ready()
        wait_until(app, lambda: desk.machine.state.value == "ready", 10, "Ready")
        step("ready")
        for n in range(1, calls + 1):
            last = n == calls
            wait_until(app, lambda: desk.call is not None, offer_timeout,
                       f"call {n} from the queue")
            wait_until(app, lambda: desk.context is not None, 15, "the caller's context")
            step(f"ringing_{n}")
            desk.answer()
            wait_until(app, lambda: desk.machine.state.value == "on_call", 15,
                       "the call to connect")
            end = time.monotonic() + talk_s
            wait_until(app, lambda: time.monotonic() > end, talk_s + 1, "talking")
            step(f"in_call_{n}")
            desk.hangup()
            wait_until(app, lambda: desk.wrapup is not None and desk.wrapup.dispositions, 15,
                       "the wrap-up")
            window.deskview.wrapup.dispositions.setCurrentRow(0)
            window.deskview.wrapup.notes.setPlainText(f"Scripted practice call {n}.")
            if last:
                # end of the practice: a break requested now applies after wrap-up
                breaks = [o.code for o in desk.reason_codes.values()
                          if o.extra.get("kind") == "break"]
                if breaks:
                    desk.request_break(breaks[0])
            step(f"wrap_up_{n}")
            window.deskview.wrapup.submit.click()
            wait_until(app, lambda: desk.wrapup is None, 5, "the wrap-up to finish")
            outbox = getattr(desk, "_outbox", None)
            if outbox is not None:
                wait_until(app, lambda: outbox.pending_count() == 0, 30,
                           "the wrap-up to be delivered")
            if not last:
                wait_until(app, lambda: desk.machine.state.value == "ready", 15,
                           "Ready again after the wrap-up")
                step(f"ready_again_{n}")
        step("after_calls")
        wait_until(app, lambda: desk.machine.state.value in ("break", "ready", "not_ready"), 10,
                   "the state after wrap-up")
        desk.logout()
        wait_until(app, lambda: desk.stage == "login", 10, "logout")
        step("logged_out")
        ok = True
    except Exception as exc:   # report where the shift stopped, with a last screenshot
        log.append(f"STOPPED: {exc}")
        try:
            step("stopped")
        except Exception:
            pass
    print("=" * 64)
    print(f"Scripted practice shift: {'COMPLETED' if ok else 'DID NOT COMPLETE'}")
    print("-" * 64)
    for line in log:
        print(line)
    for n in notices[-5:]:
        print("notice", n)
    print(f"screenshots in {shots}")
    print("=" * 64)
    return 0 if ok else 1
