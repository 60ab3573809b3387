"""The counselor's call: take or refuse an offer, ring, caller context, in-call controls, auto-answer, silence warnings.

Toggles are requests the engine confirms: hold and mute are shown only when a
CallMediaChanged says so. The desk decides whether an offer rings; the engine obeys.
"""

from __future__ import annotations

import dataclasses
import time
from typing import Any, Callable

from PySide6.QtCore import QObject, QTimer, Signal, Slot

from softphone.desk.availability import AgentStatus
from softphone.desk.common import Notices, SessionFacts, desk_tr
from softphone.desk.consult import Consult
from softphone.desk.failures import (engine_error_text, failure_code,  # noqa: F401
                                     failure_text)  # (failure_* re-exported)
from softphone.desk.second_call import SecondCall
from softphone.desk.views import (CallPhase, CallView, ContextView, EndedCall, QualityView,
                                  clean_text, context_view, quality_level)
from softphone.domain.agent import Event, State
from softphone.platform import redact
from softphone.sip.events import (CallEnded, CallMediaChanged, CallState, CallStateChanged,
                                  CallStats, EngineError, IncomingCall, MediaActivity,
                                  TransferResult)

DTMF_KEYS = set("0123456789*#ABCD")
SILENCE_WARN_S = 10.0     # a side silent this long during a call gets a warning
TALKING = CallPhase.TALKING


class Calls(QObject):
    call_offered = Signal(object)          # CallView
    call_changed = Signal(object)          # CallView
    call_cleared = Signal()
    call_ended = Signal(object)            # EndedCall (for wrap-up and the history)
    context_ready = Signal(object)         # ContextView
    quality_changed = Signal(object)       # QualityView
    silence_changed = Signal(str)          # "" | "heard" | "mic": which side went quiet

    def __init__(self, engine: Any, center: Any, tasks: Any, notices: Notices,
                 session: SessionFacts, agent: AgentStatus,
                 clock: Callable[[], float] = time.monotonic, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._engine, self._center, self._tasks = engine, center, tasks
        self._notices, self._session, self._agent, self._clock = notices, session, agent, clock
        self.consult = Consult(engine, notices, session, lambda: self.call, self)
        self.second = SecondCall(engine, center, tasks, notices, session, self, clock, self)
        self._ring_timer = QTimer(self)
        self._ring_timer.setSingleShot(True)
        self._ring_timer.timeout.connect(self._on_ring_timeout)
        self._auto_timer = QTimer(self)
        self._auto_timer.setSingleShot(True)
        self._auto_timer.timeout.connect(self._auto_answer)
        self.auto_answer_ms: int | None = None     # None: off
        self.whisper_beep = False
        self.reset()

    def reset(self) -> None:
        self._ring_timer.stop()
        self._auto_timer.stop()
        self.consult.reset()
        self.second.reset()
        self.call: CallView | None = None
        self.context: ContextView | None = None
        self._talk_started = 0.0
        self._end_outcome = ""
        self.silence = ""
        redact.forget()

    @Slot()
    def forget_context(self) -> None:
        """Wrap-up is done: the caller's details leave memory (and the log masks)."""
        self.context = None
        redact.forget()

    def set_auto_answer(self, enabled: bool, delay_ms: int = 1200, whisper: bool = False) -> None:
        """The one auto-answer: queue calls are answered ``delay_ms`` after the offer shows."""
        self.auto_answer_ms = max(0, int(delay_ms)) if enabled else None
        self.whisper_beep = bool(whisper)

    # ------------------------------------------------------------------ engine events
    def on_event(self, ev: Any) -> None:
        if isinstance(ev, IncomingCall):
            self._on_incoming(ev)
            return
        cid = getattr(ev, "call_id", None)
        if self.second.owns(cid):
            self.second.on_event(ev)
            return
        if self.consult.owns(cid):
            self.consult.on_event(ev)
            return
        call = self.call
        if call is None or cid != call.call_id:
            return
        if isinstance(ev, MediaActivity):
            self._on_activity(ev)
        elif isinstance(ev, CallStateChanged):
            self._on_call_state(ev)
        elif isinstance(ev, CallMediaChanged):
            self._update(on_hold=ev.local_hold, remote_hold=ev.remote_hold, muted=ev.muted,
                         secure=ev.secure)
        elif isinstance(ev, CallStats):
            self.quality_changed.emit(QualityView(quality_level(ev.mos), ev.mos, ev.jitter_ms,
                                                  ev.loss_pct, ev.rtt_ms, clean_text(ev.codec)))
        elif isinstance(ev, TransferResult):
            self.consult.on_transfer_result(ev.ok)
            if ev.ok:
                self._notices.info(desk_tr("Call transferred."))
            else:
                self._notices.error(desk_tr("The transfer failed ({0}). You are still connected.")
                                    .format(ev.code))
        elif isinstance(ev, EngineError):
            self._notices.error(engine_error_text(ev))
        elif isinstance(ev, CallEnded):
            stays = self.consult.keep_after_caller()    # in a conference: the colleague stays
            if stays is None:
                self.consult.end_with_call()  # the consultation leg must not outlive the call
            self._set_silence("")
            self._on_call_ended(ev, stays)

    def _on_incoming(self, ev: IncomingCall) -> None:
        if self.call is not None and self.second.wants(ev, self._agent.state):
            self.second.offer(ev)                     # rings softly beside the connected call
            return
        if self.call is not None or self._agent.state is not State.READY:
            self._engine.reject(ev.call_id, 486)      # busy here: the queue offers it elsewhere
            return
        self._agent.handle(Event.OFFER)
        redact.remember(ev.number, ev.display_name)        # masked in every log line
        self.call = CallView(call_id=ev.call_id, direction="incoming", number=clean_text(ev.number, 40),
                             name=clean_text(ev.display_name, 120), queue=clean_text(ev.queue, 60),
                             interaction_id=clean_text(ev.interaction_id, 80),
                             queue_name=self._session.queue_names.get(ev.queue, clean_text(ev.queue, 60)))
        self.context = None
        self._engine.ring(ev.call_id)
        # ask the center first: the lookup runs on a worker while the offer screen is built
        self._load_context(self.call)
        self.call_offered.emit(self.call)
        self._ring_timer.start(max(1, self._session.ring_timeout_s) * 1000)
        if self.auto_answer_ms is not None:
            self._auto_timer.start(self.auto_answer_ms)   # a moment to see who it is

    def _auto_answer(self) -> None:
        if self.call is not None and self.call.phase is CallPhase.RINGING:
            self.answer()
            if self.whisper_beep:
                self._engine.play_whisper()

    def _load_context(self, call: CallView) -> None:
        if call.interaction_id:
            fn, arg = self._center.interaction, call.interaction_id
        elif call.number:
            fn, arg = self._center.customer_by_number, call.number
        else:
            self._show_context(ContextView(error=desk_tr("No caller information.")), call.call_id)
            return
        cid = call.call_id
        self._tasks.run(fn, arg, on_done=lambda ctx: self._show_context(context_view(ctx), cid),
                        on_error=lambda exc: self._show_context(
                            ContextView(error=desk_tr("Caller details unavailable: {0}").format(
                                getattr(exc, "user_message", "") or desk_tr("lookup failed"))), cid))

    def _show_context(self, view: ContextView, call_id: int) -> None:
        if self.call is None or self.call.call_id != call_id:
            return      # a late answer for a call that is gone
        self.context = view
        redact.remember(view.name)
        if view.interaction_id and not self.call.interaction_id:
            self._update(interaction_id=view.interaction_id)
        self.context_ready.emit(view)

    def _on_call_state(self, ev: CallStateChanged) -> None:
        if ev.state is CallState.CONFIRMED and self.call.phase is not TALKING:
            self._ring_timer.stop()
            self._auto_timer.stop()
            if self._agent.state is State.RINGING:
                self._agent.handle(Event.ANSWERED)
            self._talk_started = self._clock()
            self._update(phase=TALKING, started_monotonic=self._talk_started)
        elif ev.state is CallState.CONNECTING and self.call.phase is not TALKING:
            self._update(phase=CallPhase.CONNECTING)

    def _on_call_ended(self, ev: CallEnded, stays: CallView | None = None) -> None:
        call, self.call = self.call, None
        self._ring_timer.stop()
        self._auto_timer.stop()
        talked = call.phase is TALKING
        outcome = self._end_outcome or ("answered" if talked else "abandoned")
        self._end_outcome = ""
        duration = int(self._clock() - (call.started_monotonic or self._talk_started)) \
            if talked else 0
        held = self.second.promote() if talked and stays is None else None
        if stays is not None:           # the caller left the conference: the colleague stays
            self.call, self.context = stays, None
            self.call_changed.emit(self.call)
            self.call_ended.emit(EndedCall(call, True, duration, outcome, True))
            return
        if held is not None:            # the held call comes forward; this one's wrap-up waits
            self.call, self.context = held.call, held.context
            self.call_changed.emit(self.call)
            if self.context is not None:
                self.context_ready.emit(self.context)
            self.call_ended.emit(EndedCall(call, True, duration, outcome, True))
            return
        self.second.promote()           # a waiting offer goes back to the queue
        self.call_cleared.emit()
        wrap = talked
        if talked:
            self._agent.handle(Event.CALL_ENDED)
        else:
            self.context = None
            redact.forget()
            if self._agent.state is State.RINGING:
                self._agent.handle(Event.ABANDONED)
            elif self._agent.state is State.ON_CALL:     # a placed call nobody answered:
                self._agent.handle(Event.DIAL_FAILED)    # an attempt, not a conversation
            outcome = outcome if outcome != "answered" else "failed"
            if call.direction == "outgoing":
                outcome = failure_code(ev)
        self.call_ended.emit(EndedCall(call, talked, duration, outcome, wrap))
        if call.direction == "outgoing" and not talked and outcome != "cancelled":
            self._notices.warning(desk_tr("The call did not connect: {0}").format(
                failure_text(outcome)))

    def _on_ring_timeout(self) -> None:
        call = self.call
        if call is None or call.phase is not CallPhase.RINGING or self._agent.state is not State.RINGING:
            return
        self._end_outcome = "missed"
        self._engine.reject(call.call_id, 480)
        self._agent.handle(Event.RING_TIMEOUT)
        self._notices.warning(desk_tr("You missed a call, so you are now Not Ready. "
                                 "Go Ready when you can take calls."))

    def _update(self, **changes: Any) -> None:
        if self.call is not None:
            self.call = dataclasses.replace(self.call, **changes)
            self.call_changed.emit(self.call)

    # ------------------------------------------------------------------ intents
    @Slot()
    def answer(self) -> None:
        if self.call is not None and self.call.phase is CallPhase.RINGING:
            self._auto_timer.stop()
            self._engine.answer(self.call.call_id)
            self._update(phase=CallPhase.CONNECTING)

    @Slot()
    def reject(self) -> None:
        call = self.call
        if call is None or call.phase is not CallPhase.RINGING or self._agent.state is not State.RINGING:
            return
        self._auto_timer.stop()
        self._end_outcome = "rejected"
        self._engine.reject(call.call_id, 486)
        self._agent.handle(Event.REJECTED)

    @Slot()
    def hangup(self) -> None:
        """End the call whatever its phase: a ringing offer is declined, anything else hung up."""
        if self.call is None:
            return
        if self.call.phase is CallPhase.RINGING and self.call.direction == "incoming":
            self.reject()
        else:
            self._engine.hangup(self.call.call_id)

    @Slot()
    def answer_or_hangup(self) -> None:
        """The headset's call button: answer what rings, end what is connected."""
        if self.call is not None and self.call.phase is CallPhase.RINGING \
                and self.call.direction == "incoming":
            self.answer()
        else:
            self.hangup()

    @Slot(bool)
    def set_hold(self, on: bool) -> None:
        if self.call is not None and self.call.phase is TALKING:
            (self._engine.hold if on else self._engine.resume)(self.call.call_id)

    @Slot()
    def toggle_hold(self) -> None:
        if self.call is not None:
            self.set_hold(not self.call.on_hold)

    @Slot(bool)
    def set_mute(self, on: bool) -> None:
        if self.call is not None and self.call.phase is TALKING:
            self._engine.set_mute(self.call.call_id, on)

    @Slot()
    def toggle_mute(self) -> None:
        if self.call is not None:
            self.set_mute(not self.call.muted)

    @Slot(str)
    def send_dtmf(self, digits: str) -> None:
        digits = "".join(d for d in digits.upper() if d in DTMF_KEYS)
        if self.call is not None and self.call.phase is TALKING and digits:
            self._engine.send_dtmf(self.call.call_id, digits)

    @Slot(str)
    def transfer(self, uri: str) -> None:
        if self.call is None or self.call.phase is not TALKING or not uri:
            return
        self._engine.blind_transfer(self.call.call_id, self._session.target_uri(uri))

    def swap_active(self, view: CallView, context: ContextView | None
                    ) -> tuple[CallView, ContextView | None]:
        """Show ``view`` as the call (second call answered, swap); returns the one it replaces."""
        old, old_ctx = self.call, self.context
        self.call, self.context = view, context
        self._set_silence("")
        self.call_changed.emit(view)
        if context is not None:
            self.context_ready.emit(context)
        assert old is not None
        return old, old_ctx

    def set_context(self, view: ContextView) -> None:
        self.context = view
        self.context_ready.emit(view)

    def history_only(self, call: CallView, outcome: str) -> None:
        """A call that never connected, for the history (no wrap-up)."""
        self.call_ended.emit(EndedCall(call, False, 0, outcome, False))

    def talking(self) -> CallView | None:
        """The connected call, if there is one."""
        return self.call if self.call is not None and self.call.phase is TALKING else None

    def dial(self, number: str, name: str, queue: str, callback_id: str) -> bool:
        """Place an outgoing call (a callback); False when the counselor cannot dial now."""
        if self.call is not None or not self._agent.handle(Event.DIAL):
            return False
        redact.remember(number, name)
        call_id = self._engine.make_call(f"sip:{number}@{self._session.sip_domain}")
        self.call = CallView(call_id=call_id, direction="outgoing", number=number, name=name,
                             queue=queue, phase=CallPhase.CONNECTING,
                             queue_name=self._session.queue_names.get(queue, ""),
                             callback_id=callback_id)
        self.context = None
        self._load_context(self.call)           # who is called: the same lookup as an offer
        self.call_offered.emit(self.call)
        return True

    # ------------------------------------------------------------------ silence warnings
    def _on_activity(self, ev: MediaActivity) -> None:
        call = self.call
        if call is None or call.phase is not TALKING or call.on_hold or call.remote_hold:
            self._set_silence("")
            return
        if ev.heard_silent_s >= SILENCE_WARN_S:
            self._set_silence("heard")
        elif ev.mic_silent_s >= SILENCE_WARN_S and not call.muted:
            self._set_silence("mic")
        elif ev.heard_silent_s < 2 and ev.mic_silent_s < 2:
            self._set_silence("")

    def _set_silence(self, side: str) -> None:
        if side == self.silence:
            return
        self.silence = side
        self.silence_changed.emit(side)
        if side == "heard":
            self._notices.warning(desk_tr(
                "You have not heard the caller for a while. Ask if they are still there, "
                "or check the line."))
        elif side == "mic":
            self._notices.warning(desk_tr(
                "Your microphone seems silent. Check that the headset is plugged in and "
                "not muted on its cable."))
