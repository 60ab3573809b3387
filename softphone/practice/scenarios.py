"""Named scenarios that drive the real desk and window like a counselor would, for the headless demo, tests and screenshots.

``Counselor`` is the one driver: it clicks the window's buttons and fills its forms, waits by
running the Qt event loop, takes screenshots and records checks. Scenarios are functions in
``SCENARIOS`` (``--scenario NAME``); each returns a summary whose JSON form is
``{"scenario", "completed", "checks": [{"name","ok","detail"}], "shots": [...]}``.
"""

from __future__ import annotations

import json
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, Callable

from PySide6.QtCore import QCoreApplication

from softphone.domain.health import OPS, HealthForm, evaluate

PRACTICE_USER, PRACTICE_PASSWORD = "agent1", "practice"


def clearing_answers(form: HealthForm) -> dict[str, Any]:
    """Answers that clear the form (the scripted counselor is well): per question, the first
    plausible value that no rule flags."""
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


@dataclass
class Check:
    name: str
    ok: bool
    detail: str = ""


@dataclass
class Summary:
    scenario: str
    completed: bool = False
    checks: list[Check] = field(default_factory=list)
    shots: list[str] = field(default_factory=list)

    def to_json(self) -> str:
        return json.dumps(asdict(self), ensure_ascii=False)


class Counselor:
    """Drives one window and its desk; every wait runs the event loop (the window stays live)."""

    def __init__(self, window: Any, desk: Any, shots: Path | None = None,
                 summary: Summary | None = None, suffix: str = "", practice: Any = None) -> None:
        self.window, self.desk, self.shots, self.suffix = window, desk, shots, suffix
        self.practice = practice        # the practice center's processes (outage practice)
        self.summary = summary or Summary("adhoc")
        self.t0 = time.monotonic()
        self.notices: list[str] = []
        desk.notices.notice.connect(lambda level, text: self.notices.append(f"{level}: {text}"))
        if shots is not None:
            shots.mkdir(parents=True, exist_ok=True)

    # ------------------------------------------------------------------ primitives
    def wait(self, pred: Callable[[], Any], timeout: float, what: str) -> Any:
        deadline = time.monotonic() + timeout
        while True:
            QCoreApplication.processEvents()
            value = pred()
            if value:
                return value
            if time.monotonic() > deadline:
                raise TimeoutError(f"timed out after {timeout:.0f} s waiting for {what}")
            time.sleep(0.02)

    def pause(self, seconds: float) -> None:
        end = time.monotonic() + seconds
        self.wait(lambda: time.monotonic() >= end, seconds + 1, "a pause")

    def shot(self, name: str) -> str | None:
        """Save the window as ``NN_name.png`` in the shots folder (none: no folder)."""
        QCoreApplication.processEvents()
        if self.shots is None:
            return None
        path = self.shots / f"{len(self.summary.shots) + 1:02d}_{name}{self.suffix}.png"
        self.window.grab().save(str(path))
        self.summary.shots.append(path.name)
        return str(path)

    def check(self, name: str, ok: bool, detail: str = "") -> bool:
        self.summary.checks.append(Check(name, bool(ok), f"{time.monotonic() - self.t0:.1f}s {detail}".strip()))
        return bool(ok)

    def state(self) -> str:
        """The agent state as the screens show it (the desk's last AgentView)."""
        view = self.desk.agent.view
        return view.state if view is not None else "logged_out"

    # ------------------------------------------------------------------ steps of a shift
    def sign_in(self, user: str = PRACTICE_USER, password: str = PRACTICE_PASSWORD) -> None:
        lg = self.window.login
        lg.user.setText(user)
        lg.password.setText(password)
        self.shot("login")
        lg.button.click()
        self.wait(lambda: self.desk.selfcheck.health_form is not None, 30, "the health form")
        self.check("signed in", self.desk.shift.stage == "checklist", user)

    def answer_self_check(self, answers: dict | None = None) -> bool:
        """Fill the form on screen and submit it; True when cleared."""
        sc = self.desk.selfcheck
        answers = answers if answers is not None else clearing_answers(sc.health_form)
        self.window.checklist.health.set_answers(answers)
        self.shot("self_check")
        self.window.checklist.health.submit.click()
        self.wait(lambda: sc.health is not None and sc.health.confirmed, 30,
                  "the self-check to be recorded")
        self.check("self-check recorded", True, "cleared" if sc.health.cleared else "not cleared")
        return sc.health.cleared

    def enter_desk(self) -> None:
        if self.desk.shift.stage != "desk":
            self.window.checklist.cont.click()
        self.wait(lambda: self.desk.shift.stage == "desk", 10, "the desk")

    def go_ready(self) -> None:
        bar = self.window.deskview.bar
        self.wait(lambda: bar.ready.isEnabled(), 30, "Ready to be possible (line and self-check)")
        bar.ready.click()
        self.wait(lambda: self.state() == "ready", 10, "Ready")
        self.check("ready", True)

    def answer_offer(self, timeout: float, n: int = 1) -> Any:
        self.wait(lambda: self.desk.calls.call is not None, timeout, f"call {n} from the queue")
        self.wait(lambda: self.desk.calls.context is not None, 15, "the caller's context")
        call = self.desk.calls.call
        self.check(f"call {n} offered with context", not self.desk.calls.context.error,
                   self.desk.calls.context.error)
        self.shot(f"ringing_{n}")
        self.window.deskview.offer.answer.click()
        self.wait(lambda: self.state() == "on_call", 15, "the call to connect")
        return call

    def hang_up(self, n: int = 1) -> None:
        self.shot(f"in_call_{n}")
        self.window.deskview.incall.hangup.click()
        self.wait(lambda: self.desk.wrapup.view is not None and self.desk.wrapup.view.dispositions,
                  15, "the wrap-up")

    def wrap_up(self, n: int, notes: str, then_break: bool = False) -> str:
        wv = self.window.deskview.wrapup
        wv.dispositions.setCurrentRow(0)
        code = wv.current_code()
        wv.notes.setPlainText(notes)
        if then_break:      # a break asked for now applies after wrap-up
            breaks = [o for o in self.desk.session.reason_codes.values()
                      if o.extra.get("kind") == "break"]
            if breaks:
                self.desk.agent.request_break(breaks[0].code)
        self.shot(f"wrap_up_{n}")
        wv.submit.click()
        self.wait(lambda: self.desk.wrapup.view is None, 5, "the wrap-up to finish")
        outbox = self.desk.writes.outbox
        if outbox is not None:
            self.wait(lambda: outbox.pending_count() == 0, 30, "the wrap-up to be delivered")
            self.check(f"wrap-up {n} delivered", True, code)
        return code

    def stop_taking_calls(self) -> None:
        """Not Ready now: an offered call is declined, a call in progress is finished. The
        queue may offer the next caller between a wrap-up and the request (a Not Ready asked
        while ringing waits for the call's end): such an offer is declined too."""
        if self.state() == "on_call":
            self.hang_up()
        if self.desk.wrapup.view is not None:
            self.wait(lambda: self.desk.wrapup.view.dispositions, 15, "the dispositions")
            self.wrap_up(0, "Finished before a break.")
        reasons = [o.code for o in self.desk.session.reason_codes.values()
                   if o.extra.get("kind") == "not_ready"]
        declined: set[int] = set()

        def settled() -> bool:
            state, call = self.state(), self.desk.calls.call
            if state == "ringing" and call is not None and id(call) not in declined:
                declined.add(id(call))
                self.window.deskview.offer.reject.click()
            elif state == "ready":
                self.desk.agent.request_not_ready(reasons[0] if reasons else "technical")
            return state in ("not_ready", "break")
        self.wait(settled, 15, "Not Ready")

    def sign_out(self) -> None:
        self.desk.shift.logout()
        self.wait(lambda: self.desk.shift.stage == "login", 10, "logout")
        self.check("logged out, caller data gone",
                   self.desk.calls.context is None and not self.desk.worklist.history)
        self.shot("logged_out")


# ---------------------------------------------------------------------- the scenarios
def shift(c: Counselor, calls: int = 2, offer_timeout: float = 150.0, talk_s: float = 4.0) -> None:
    """Login -> self-check -> Ready -> ``calls`` offered calls (answer, talk, hang up, wrap-up,
    the last followed by a break) -> logout."""
    c.sign_in()
    c.check("cleared", c.answer_self_check())
    c.enter_desk()
    c.go_ready()
    c.shot("ready")
    for n in range(1, calls + 1):
        last = n == calls
        c.answer_offer(offer_timeout, n)
        c.pause(talk_s)
        c.hang_up(n)
        c.wrap_up(n, f"Scripted practice call {n}.", then_break=last)
        if not last:        # the queue may offer the next caller the moment Ready is back
            c.wait(lambda: c.state() in ("ready", "ringing") or c.desk.calls.call is not None,
                   15, "Ready again after the wrap-up")
            c.shot(f"ready_again_{n}")
    c.shot("after_calls")
    c.wait(lambda: c.state() in ("break", "ready", "not_ready"), 10, "the state after wrap-up")
    c.sign_out()


LONG_NOTES = ("Заметка по звонку, 상담 메모, call note. " * 400)[:9000]   # 9000 characters


def _to_wrapup(c: Counselor) -> None:
    """Sign in, clear the self-check, take one call and hang up: wrap-up is on screen."""
    c.sign_in()
    c.check("cleared", c.answer_self_check())
    c.enter_desk()
    c.go_ready()
    c.answer_offer(150.0)
    c.pause(2.0)
    c.hang_up()
    wv = c.window.deskview.wrapup
    wv.dispositions.setCurrentRow(0)
    wv.notes.setPlainText(LONG_NOTES)
    c.check("notes of 9000 characters taken whole", wv.notes.toPlainText() == LONG_NOTES,
            str(len(wv.notes.toPlainText())))
    c.shot("wrap_up_draft")


def wrapup_close(c: Counselor) -> None:
    """Close the window in the middle of a wrap-up: the draft is saved, the shift ends."""
    _to_wrapup(c)
    c.window.close()
    c.wait(lambda: not c.window.isVisible(), 10, "the window to close")
    c.check("closed during wrap-up", c.desk.agent.state.value == "logged_out",
            "draft saved on disk" if c.desk.drafts.durable else "draft NOT on disk")


def wrapup_crash(c: Counselor) -> None:
    """The laptop dies in the middle of a wrap-up (the process is killed without a word)."""
    import os
    import signal
    _to_wrapup(c)
    c.pause(2.0)                    # the draft follows edits within a second
    print("wrapup_crash: killing the app now", flush=True)
    os.kill(os.getpid(), signal.SIGKILL)


def wrapup_resume(c: Counselor) -> None:
    """After a close or a crash during wrap-up: sign in, and the same wrap-up is back, whole;
    Ready waits until it is finished; it is delivered once."""
    c.sign_in()
    c.check("cleared", c.answer_self_check())
    c.enter_desk()
    wv = c.window.deskview.wrapup
    c.wait(lambda: c.desk.wrapup.view is not None and wv.current_code(), 30,
           "the wrap-up from before, with its disposition")
    c.check("wrap-up notes back whole", wv.notes.toPlainText() == LONG_NOTES,
            str(len(wv.notes.toPlainText())))
    c.check("Ready waits for the wrap-up", not c.window.deskview.bar.ready.isEnabled())
    c.shot("wrap_up_resumed")
    wv.submit.click()
    c.wait(lambda: c.desk.wrapup.view is None, 5, "the wrap-up to finish")
    outbox = c.desk.writes.outbox
    if c.check("outbox open", outbox is not None):
        c.wait(lambda: outbox.pending_count() == 0, 30, "the wrap-up to be delivered")
        c.check("resumed wrap-up delivered", True)
    c.sign_out()


def vpn_flap(c: Counselor, down_s: float = 5.0) -> None:
    """The connection drops for ``down_s`` seconds while the counselor is Ready (the practice
    center freezes, as a VPN that drops looks from the app): Not Ready with a lasting banner;
    back: asked before Ready; then the network check page."""
    if not c.check("practice center to freeze", c.practice is not None, "--demo only"):
        return
    c.sign_in()
    c.check("cleared", c.answer_self_check())
    c.enter_desk()
    c.go_ready()
    conn = c.desk.connection
    c.practice.pause()
    t0 = time.monotonic()
    try:
        c.wait(lambda: not conn.view.ok, 30, "the desk to see the connection lost")
        c.check("lost: Not Ready and a lasting banner", c.state() == "not_ready"
                and c.window.deskview.connection.isVisible(), f"after {time.monotonic() - t0:.1f} s")
        c.shot("connection_lost")
        c.pause(max(0.0, down_s - (time.monotonic() - t0)))
    finally:
        c.practice.resume()
    t1 = time.monotonic()
    c.wait(lambda: conn.view.ok, 30, "the connection to come back")
    banner = c.window.deskview.connection
    c.wait(lambda: banner.ready.isVisible(), 10, "the question to go Ready again")
    c.check("back: asked, still Not Ready", c.state() == "not_ready",
            f"after {time.monotonic() - t1:.1f} s")
    c.shot("connection_back")
    banner.ready.click()
    c.wait(lambda: c.state() in ("ready", "ringing"), 10, "Ready after saying yes")
    c.check("ready again", True)
    c.stop_taking_calls()
    readiness = c.desk.readiness        # a fresh check now the connection is back
    c.wait(lambda: not readiness.running, 60, "the shift-start network check to end")
    readiness.run()
    c.window.show_network_check()
    c.wait(lambda: readiness.view is not None and not readiness.running, 60,
           "the network check to finish")
    c.check("network check", readiness.view is not None,
            str(getattr(readiness.view, "verdict", "")))
    QCoreApplication.processEvents()
    if c.shots is not None and c.window.network_dialog is not None:
        path = c.shots / f"{len(c.summary.shots) + 1:02d}_network_check{c.suffix}.png"
        c.window.network_dialog.grab().save(str(path))
        c.summary.shots.append(path.name)
    c.window.network_dialog.hide()
    c.sign_out()


from softphone.practice.abusive import abusive_caller  # noqa: E402 (they drive a Counselor)
from softphone.practice.more_calls import second_call, transfer  # noqa: E402
from softphone.practice.callbacks import callbacks  # noqa: E402 (scheduled callbacks)

SCENARIOS: dict[str, Callable[..., None]] = {
    "shift": shift, "wrapup_close": wrapup_close, "wrapup_crash": wrapup_crash,
    "wrapup_resume": wrapup_resume, "vpn-flap": vpn_flap, "abusive-caller": abusive_caller,
    "transfer": transfer, "second-call": second_call, "callbacks": callbacks}


def run(name: str, window: Any, desk: Any, shots: Path | None, practice: Any = None,
        **options: Any) -> Summary:
    """Play scenario ``name``; the summary says how far it got (never raises for a failed step)."""
    summary = Summary(name)
    c = Counselor(window, desk, shots, summary, practice=practice)
    try:
        SCENARIOS[name](c, **options)
        summary.completed = all(ch.ok for ch in summary.checks)
    except Exception as exc:   # report where it stopped, with a last screenshot
        c.check("stopped", False, f"{type(exc).__name__}: {exc}")
        try:
            c.shot("stopped")
        except Exception:
            pass
    for n in c.notices[-5:]:
        summary.checks.append(Check("notice", True, n))
    return summary


def print_summary(summary: Summary) -> None:
    """A few lines for people, then the JSON summary as the last line (for scripts)."""
    print(f"Scenario {summary.scenario}: {'COMPLETED' if summary.completed else 'DID NOT COMPLETE'}")
    for ch in summary.checks:
        print(f"  {'ok ' if ch.ok else 'FAIL'} {ch.name:<32} {ch.detail}")
    print(summary.to_json(), flush=True)
