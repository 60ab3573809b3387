"""A second call while talking: it rings softly beside the first with its caller's context; answering holds the first; swap between them; either can be hung up.

Whether the desk accepts an offer while busy: IT's ``calls.call_waiting`` (on | off |
center), else the queue's ``call_waiting`` from the center's login answer (default off: the
queue offers the caller to someone else, as before). The agent stays On call while any call
is connected or held; a call that ends while the other goes on gets its wrap-up after the
last one (``WrapUp.defer``). If the connected call ends while the second one still rings,
the second goes back to the queue (486): nothing is offered to a counselor in wrap-up.
"""

from __future__ import annotations

import dataclasses
import time
from dataclasses import dataclass
from typing import Any, Callable

from PySide6.QtCore import QObject, QTimer, Signal, Slot

from softphone.desk.common import Notices, SessionFacts, desk_tr
from softphone.desk.failures import engine_error_text
from softphone.desk.views import CallPhase, CallView, ContextView, EndedCall, clean_text, context_view
from softphone.domain.agent import State
from softphone.platform import redact
from softphone.sip.events import (CallEnded, CallMediaChanged, CallState, CallStateChanged,
                                  EngineError)

TALKING = CallPhase.TALKING


@dataclass(frozen=True)
class OtherView:
    """The call beside the shown one: ringing (an offer while busy) or held."""
    call: CallView
    context: ContextView | None = None

    @property
    def ringing(self) -> bool:
        return self.call.phase is CallPhase.RINGING


class SecondCall(QObject):
    other_changed = Signal(object)          # OtherView | None

    def __init__(self, engine: Any, center: Any, tasks: Any, notices: Notices,
                 session: SessionFacts, calls: Any, clock: Callable[[], float] = time.monotonic,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._engine, self._center, self._tasks = engine, center, tasks
        self._notices, self._session, self._calls, self._clock = notices, session, calls, clock
        self.mode = "center"                # IT's calls.call_waiting: on | off | center
        self._ring = QTimer(self)
        self._ring.setSingleShot(True)
        self._ring.timeout.connect(self._ring_timeout)
        self.other: OtherView | None = None

    def reset(self) -> None:
        self._ring.stop()
        self.other = None
        self.other_changed.emit(None)

    def owns(self, call_id: Any) -> bool:
        return self.other is not None and call_id == self.other.call.call_id

    def allowed(self, queue: str) -> bool:
        if self.mode in ("on", "off"):
            return self.mode == "on"
        return bool(self._session.queue_call_waiting.get(queue, False))

    def wants(self, ev: Any, agent_state: State) -> bool:
        c = self._calls.call
        return (self.other is None and c is not None and c.phase is TALKING
                and agent_state is State.ON_CALL and self._calls.consult.leg is None
                and self.allowed(clean_text(ev.queue, 60)))

    def _emit(self) -> None:
        self.other_changed.emit(self.other)

    # ------------------------------------------------------------------ the offer
    def offer(self, ev: Any) -> None:
        redact.remember(ev.number, ev.display_name)
        call = CallView(call_id=ev.call_id, direction="incoming", number=clean_text(ev.number, 40),
                        name=clean_text(ev.display_name, 120), queue=clean_text(ev.queue, 60),
                        interaction_id=clean_text(ev.interaction_id, 80),
                        queue_name=self._session.queue_names.get(ev.queue, clean_text(ev.queue, 60)))
        self.other = OtherView(call)
        self._engine.ring(ev.call_id)           # beside a call: a soft beep in the headset
        self._ring.start(max(1, self._session.ring_timeout_s) * 1000)
        self._load_context(call)
        self._emit()
        self._notices.info(desk_tr("A second call is waiting: {0}").format(
            call.name or call.number or desk_tr("Unknown caller")))

    def _load_context(self, call: CallView) -> None:
        fn, arg = ((self._center.interaction, call.interaction_id) if call.interaction_id
                   else (self._center.customer_by_number, call.number))
        cid = call.call_id

        def show(view: ContextView) -> None:
            if self.owns(cid):
                redact.remember(view.name)
                self.other = dataclasses.replace(self.other, context=view)
                self._emit()
            elif self._calls.call is not None and self._calls.call.call_id == cid:
                self._calls.set_context(view)
        self._tasks.run(fn, arg, on_done=lambda ctx: show(context_view(ctx)),
                        on_error=lambda exc: show(ContextView(
                            error=desk_tr("Caller details unavailable: {0}").format(
                                getattr(exc, "user_message", "") or desk_tr("lookup failed")))))

    def _ring_timeout(self) -> None:
        if self.other is not None and self.other.ringing:
            self._engine.reject(self.other.call.call_id, 480)
            self._gone(desk_tr("The waiting call went back to the queue."))

    def _gone(self, notice: str = "") -> None:
        self._ring.stop()
        self.other = None
        self._emit()
        if notice:
            self._notices.info(notice)

    # ------------------------------------------------------------------ intents
    @Slot()
    def answer(self) -> None:
        """Answer the waiting call; the connected one goes on hold."""
        o, active = self.other, self._calls.call
        if o is None or not o.ringing or active is None:
            return
        self._ring.stop()
        if not active.on_hold:
            self._engine.hold(active.call_id)
        self._engine.answer(o.call.call_id)
        new = dataclasses.replace(o.call, phase=CallPhase.CONNECTING)
        old, old_ctx = self._calls.swap_active(new, o.context)
        self.other = OtherView(old, old_ctx)
        self._emit()

    @Slot()
    def swap(self) -> None:
        """Talk to the held call; the one on screen goes on hold."""
        o, active = self.other, self._calls.call
        if o is None or o.ringing or active is None or active.phase is not TALKING:
            return
        if not active.on_hold:
            self._engine.hold(active.call_id)
        self._engine.resume(o.call.call_id)
        old, old_ctx = self._calls.swap_active(o.call, o.context)
        self.other = OtherView(old, old_ctx)
        self._emit()

    @Slot()
    def decline(self) -> None:
        if self.other is not None and self.other.ringing:
            self._engine.reject(self.other.call.call_id, 486)
            self._gone(desk_tr("The waiting call went back to the queue."))

    @Slot()
    def hangup(self) -> None:
        if self.other is not None and not self.other.ringing:
            self._engine.hangup(self.other.call.call_id)

    # ------------------------------------------------------------------ its events
    def on_event(self, ev: Any) -> None:
        o = self.other
        if o is None:
            return
        if isinstance(ev, CallStateChanged) and ev.state is CallState.CONFIRMED and \
                o.call.phase is not TALKING:
            self.other = dataclasses.replace(o, call=dataclasses.replace(
                o.call, phase=TALKING, started_monotonic=self._clock()))
            self._emit()
        elif isinstance(ev, CallMediaChanged):
            self.other = dataclasses.replace(o, call=dataclasses.replace(
                o.call, on_hold=ev.local_hold, remote_hold=ev.remote_hold, muted=ev.muted,
                secure=ev.secure))
            self._emit()
        elif isinstance(ev, EngineError):
            self._notices.error(engine_error_text(ev))
        elif isinstance(ev, CallEnded):
            if o.ringing:
                self._calls.history_only(o.call, "abandoned")
                self._gone()
                return
            talked = o.call.phase is TALKING
            duration = int(self._clock() - o.call.started_monotonic) if talked else 0
            self._gone(desk_tr("The call on hold ended."))
            self._calls.call_ended.emit(EndedCall(o.call, talked, duration,
                                                  "answered" if talked else "abandoned", talked))

    def promote(self) -> OtherView | None:
        """The shown call ended: the held one comes to the screen (still held: the counselor
        resumes it); a ringing one goes back to the queue. Returns what came forward."""
        o = self.other
        if o is None:
            return None
        if o.ringing:
            self._engine.reject(o.call.call_id, 486)
            self._gone(desk_tr("The waiting call went back to the queue."))
            return None
        self.other = None
        self._emit()
        return o
