"""My shift: the shift's figures in memory (calls, handle time, talk, break, incidents, callbacks done), live and as a summary at logout; the wellbeing guard.

The figures come from what the desk itself lives through, the way the center's records do
(democenter/figures.py): the agent's states (a call is an entry into On call; talk time is
the time On call, wrap-up time the time in Wrap-up, break time the time on a Break; handle
time is talk plus wrap-up) and the writes the center confirmed (incidents, callback
outcomes). They live in memory only, from login to logout.
The wellbeing guard: the center's policy (GET /wellbeing-policy; ``DEFAULT_POLICY`` when it
does not say) sets the talk time without a break (a break of at least ``min_break_s``
starts the count again) and the incidents in a shift that prompt a break. Reaching one
shows a prompt (``prompt_changed``) once, warns the counselor and tells the supervisors
(POST /wellbeing-alerts, tried again on the next tick until the center has it); the prompt
goes when a break begins.
"""

from __future__ import annotations

import logging
import time
import uuid
from dataclasses import dataclass
from typing import Any, Callable

from PySide6.QtCore import QObject, QTimer, Signal, Slot

from softphone.desk.availability import AgentStatus
from softphone.desk.common import Notices, SessionFacts, desk_tr
from softphone.desk.views import field as g

log = logging.getLogger(__name__)

TICK_MS = 5000          # the live figures and the guard's check while a state lasts


@dataclass(frozen=True)
class Policy:
    talk_without_break_s: int = 90 * 60
    min_break_s: int = 5 * 60
    incidents_per_shift: int = 2
    break_reason: str = "short_break"


DEFAULT_POLICY = Policy()       # the practice center's, used when the center does not say


@dataclass(frozen=True)
class ShiftFigures:
    calls: int = 0                  # calls handled (entries into On call)
    talk_s: float = 0.0
    wrap_s: float = 0.0
    break_s: float = 0.0
    incidents: int = 0              # incident reports the center confirmed
    callbacks_done: int = 0         # callback outcomes the center confirmed
    talk_since_break_s: float = 0.0
    shift_s: float = 0.0            # since login
    talk_limit_s: int = 0           # the policy's talk time without a break (0: none)

    @property
    def handle_s(self) -> float:
        return self.talk_s + self.wrap_s

    @property
    def average_handle_s(self) -> float:
        return self.handle_s / self.calls if self.calls else 0.0


@dataclass(frozen=True)
class BreakPrompt:
    reason: str                     # talk_time | incidents
    talk_s: int
    incidents: int
    break_reason: str               # the break reason code to take


class MyShift(QObject):
    figures_changed = Signal(object)    # ShiftFigures: on every change, and each tick
    prompt_changed = Signal(object)     # BreakPrompt (a threshold was reached) or None
    shift_summary = Signal(object)      # ShiftFigures: the shift that just ended (logout)

    def __init__(self, center: Any, tasks: Any, notices: Notices, agent: AgentStatus,
                 session: SessionFacts, clock: Callable[[], float] = time.monotonic,
                 parent: QObject | None = None, tick_ms: int = TICK_MS) -> None:
        super().__init__(parent)
        self._center, self._tasks, self._notices = center, tasks, notices
        self._agent, self._session, self._clock = agent, session, clock
        self._timer = QTimer(self)
        self._timer.setInterval(tick_ms)
        self._timer.timeout.connect(self._tick)
        agent.agent_changed.connect(self._on_agent)
        self._reset()

    def _reset(self) -> None:
        self._timer.stop()
        self._active = False
        self.policy = DEFAULT_POLICY
        self._totals = {"talk": 0.0, "wrap": 0.0, "break": 0.0, "since_break": 0.0}
        self._calls = self._incidents = self._callbacks = 0
        self._state, self._since, self._started = "", 0.0, 0.0
        self._prompted: set[str] = set()
        self._alerts: dict[str, tuple[str, int, int, str]] = {}     # reason -> unsent alert
        self._sending: set[str] = set()

    # ------------------------------------------------------------------ the shift
    def start(self) -> None:
        """A session opened: the figures start at zero; the center's policy is read."""
        self._reset()
        self._active = True
        self._started = self._clock()
        self._tasks.run(self._center.wellbeing_policy, on_done=self._set_policy,
                        on_error=lambda exc: log.warning(
                            "wellbeing policy unavailable (%s): the practice defaults apply",
                            getattr(exc, "detail", type(exc).__name__)))
        view = self._agent.view
        if view is not None and view.state != "logged_out":
            self._state, self._since = view.state, view.since_monotonic
        self._timer.start()
        self._publish()

    def finish(self) -> None:
        """The shift ended (logout): the summary, then the figures leave memory."""
        if not self._active:
            return
        self._close_segment(self._clock())
        summary = self.figures
        self._reset()
        self.shift_summary.emit(summary)
        self.prompt_changed.emit(None)
        self._publish()

    def _set_policy(self, p: Any) -> None:
        if not self._active:
            return
        self.policy = Policy(max(0, int(g(p, "talk_without_break_s", 0))),
                             max(0, int(g(p, "min_break_s", 0))),
                             max(0, int(g(p, "incidents_per_shift", 0))),
                             str(g(p, "break_reason", "") or DEFAULT_POLICY.break_reason))
        self._publish()
        self._check()

    @property
    def figures(self) -> ShiftFigures:
        now = self._clock()
        t = dict(self._totals)
        if self._active and self._state:
            self._add_span(t, self._state, max(0.0, now - self._since))
        return ShiftFigures(self._calls, t["talk"], t["wrap"], t["break"], self._incidents,
                            self._callbacks, t["since_break"],
                            now - self._started if self._active else 0.0,
                            self.policy.talk_without_break_s)

    # ------------------------------------------------------------------ what the desk lives
    @Slot(object)
    def _on_agent(self, view: Any) -> None:
        if not self._active or view.state == self._state:
            return
        since = view.since_monotonic
        self._close_segment(since)
        if view.state == "on_call":
            self._calls += 1
        elif view.state == "break":
            self.prompt_changed.emit(None)      # taken: the prompt has done its job
        self._state, self._since = view.state, since
        self._publish()
        self._check()

    def _close_segment(self, until: float) -> None:
        if not self._state:
            return
        span = max(0.0, until - self._since)
        self._add_span(self._totals, self._state, span)
        if self._state == "break" and span >= self.policy.min_break_s:
            self._totals["since_break"] = 0.0           # a real break: the count starts again
            self._prompted.discard("talk_time")
        self._state = ""

    @staticmethod
    def _add_span(t: dict, state: str, span: float) -> None:
        if state == "on_call":
            t["talk"] += span
            t["since_break"] += span
        elif state == "wrap_up":
            t["wrap"] += span
        elif state == "break":
            t["break"] += span

    @Slot(str)
    def on_delivered(self, kind: str) -> None:
        """The center confirmed a write (softphone.desk.writes.Writes.delivered)."""
        if not self._active or kind not in ("incident", "callback_complete"):
            return
        if kind == "incident":
            self._incidents += 1
        else:
            self._callbacks += 1
        self._publish()
        self._check()

    # ------------------------------------------------------------------ the guard
    def _tick(self) -> None:
        self._publish()
        self._check()
        for reason in list(self._alerts):
            self._send_alert(reason)

    def _check(self) -> None:
        if not self._active:
            return
        f, p = self.figures, self.policy
        if p.talk_without_break_s and f.talk_since_break_s >= p.talk_without_break_s:
            self._prompt("talk_time", f)
        if p.incidents_per_shift and f.incidents >= p.incidents_per_shift:
            self._prompt("incidents", f)

    def _prompt(self, reason: str, f: ShiftFigures) -> None:
        if reason in self._prompted:
            return
        self._prompted.add(reason)
        prompt = BreakPrompt(reason, int(f.talk_since_break_s), f.incidents,
                             self.policy.break_reason)
        if reason == "talk_time":
            self._notices.warning(desk_tr(
                "You have talked for {0} minutes without a break. Take a break: your "
                "supervisor has been told.").format(prompt.talk_s // 60))
        else:
            self._notices.warning(desk_tr(
                "{0} incidents this shift. Take a break: your supervisor has been "
                "told.").format(prompt.incidents))
        self.prompt_changed.emit(prompt)
        self._alerts[reason] = (reason, prompt.talk_s, prompt.incidents, str(uuid.uuid4()))
        self._send_alert(reason)

    def _send_alert(self, reason: str) -> None:
        if reason in self._sending:
            return
        self._sending.add(reason)
        _r, talk_s, incidents, key = self._alerts[reason]
        alerts, sending = self._alerts, self._sending       # this shift's (a logout resets)

        def sent(_id: Any) -> None:
            alerts.pop(reason, None)
            sending.discard(reason)

        def failed(exc: BaseException) -> None:
            sending.discard(reason)                         # the next tick tries again
            log.warning("wellbeing alert not sent yet: %s",
                        getattr(exc, "detail", type(exc).__name__))
        self._tasks.run(self._center.wellbeing_alert, reason, talk_s, incidents, key,
                        lane="wellbeing-alert", on_done=sent, on_error=failed)

    @Slot()
    def take_break(self) -> None:
        """The counselor accepted the prompt: the policy's break (after the call, if any)."""
        code = self.policy.break_reason
        codes = self._session.reason_codes
        if code not in codes or codes[code].extra.get("kind") != "break":
            code = next((c for c, o in codes.items() if o.extra.get("kind") == "break"), "")
        if code:
            self._agent.request_break(code)

    def _publish(self) -> None:
        self.figures_changed.emit(self.figures)
