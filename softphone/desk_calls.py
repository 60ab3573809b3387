"""The desk's call half: offers, caller context, in-call commands, wrap-up, callbacks, history.

A mixin of ``softphone.desk.Desk`` (same object, same thread: the GUI thread). Toggles are
requests the engine confirms: hold and mute are shown only when a CallMediaChanged says so.
"""

from __future__ import annotations

import dataclasses
import logging
import time
from typing import Any

from PySide6.QtCore import QTimer, Slot

from softphone.agent import Event, State, TransitionError
from softphone.center import callback_complete_item, incident_item, wrapup_item
from softphone.desk_models import (CallView, ContextView, HistoryEntry, QualityView,
                                   WrapupView, clean_text, mask_number, quality_level)
from softphone.sip.events import (CallEnded, CallMediaChanged, CallState, CallStateChanged,
                                  CallStats, EngineError, IncomingCall, MediaActivity,
                                  TransferResult)
from softphone.desk_consult import ConsultMixin, _tr

log = logging.getLogger(__name__)

DTMF_KEYS = set("0123456789*#ABCD")


def _g(obj: Any, name: str, default: Any = None) -> Any:
    return obj.get(name, default) if isinstance(obj, dict) else getattr(obj, name, default)


class CallsMixin(ConsultMixin):
    def _init_calls(self) -> None:
        self._ring_timer = QTimer(self)
        self._ring_timer.setSingleShot(True)
        self._ring_timer.timeout.connect(self._on_ring_timeout)
        self._acw_timer = QTimer(self)
        self._acw_timer.setInterval(1000)
        self._acw_timer.timeout.connect(self._on_acw_tick)
        self._reset_calls()

    def _reset_calls(self) -> None:
        if hasattr(self, "_ring_timer"):
            self._ring_timer.stop()
            self._acw_timer.stop()
        self.call: CallView | None = None
        self.context: ContextView | None = None
        self.wrapup: WrapupView | None = None
        self.history: list[HistoryEntry] = []
        self._acw_deadline = 0.0
        self._offered_at = 0.0
        self._talk_started = 0.0
        self._end_outcome = ""
        self.consult: dict | None = None      # the consultation leg of a consult transfer
        self.silence = ""                     # "" | "heard" | "mic"

    def current_interaction_id(self) -> str:
        if self.call is not None:
            return self.call.interaction_id
        return self.wrapup.interaction_id if self.wrapup else ""

    # ------------------------------------------------------------------ engine events
    def _on_call_event(self, ev: Any) -> None:
        if isinstance(ev, IncomingCall):
            self._on_incoming(ev)
            return
        if self.consult is not None and getattr(ev, "call_id", None) == self.consult["call_id"]:
            self._on_consult_event(ev)
            return
        call = self.call
        if call is None or getattr(ev, "call_id", None) != call.call_id:
            return
        if isinstance(ev, MediaActivity):
            self._on_activity(ev)
        elif isinstance(ev, CallStateChanged):
            self._on_call_state(ev)
        elif isinstance(ev, CallMediaChanged):
            self._update_call(on_hold=ev.local_hold, remote_hold=ev.remote_hold, muted=ev.muted,
                              secure=ev.secure)
        elif isinstance(ev, CallStats):
            self.quality_changed.emit(QualityView(quality_level(ev.mos), ev.mos, ev.jitter_ms,
                                                  ev.loss_pct, ev.rtt_ms, clean_text(ev.codec)))
        elif isinstance(ev, TransferResult):
            c = self.consult
            if not ev.ok and c is not None and c["phase"] == "transferring":
                c["phase"] = "talking"            # still talking to the consulted party
                self.consult_changed.emit("talking", clean_text(c["uri"], 80))
            level = "info" if ev.ok else "error"
            self.notice.emit(level, _tr("Call transferred.") if ev.ok else
                             _tr("The transfer failed ({0}). You are still connected.").format(ev.code))
        elif isinstance(ev, EngineError):
            self.notice.emit("error", clean_text(ev.message))
        elif isinstance(ev, CallEnded):
            if self.consult is not None:      # the consultation leg must not outlive the call
                self._engine.hangup(self.consult["call_id"])
            self._set_silence("")
            self._on_call_ended(ev)

    def _on_incoming(self, ev: IncomingCall) -> None:
        if self.call is not None or self.machine.state is not State.READY:
            self._engine.reject(ev.call_id, 486)      # busy here: the queue offers it elsewhere
            return
        self.machine.handle(Event.OFFER)
        self._offered_at = self._clock()
        self.call = CallView(call_id=ev.call_id, direction="incoming", number=clean_text(ev.number, 40),
                             name=clean_text(ev.display_name, 120), queue=clean_text(ev.queue, 60),
                             interaction_id=clean_text(ev.interaction_id, 80), phase="ringing",
                             queue_name=self.queue_names.get(ev.queue, clean_text(ev.queue, 60)))
        self.context = None
        # ask the center first: the lookup runs on a worker while the offer screen is built
        self._load_context(self.call)
        self.call_offered.emit(self.call)
        self._ring_timer.start(max(1, self.ring_timeout_s) * 1000)

    def _load_context(self, call: CallView) -> None:
        if call.interaction_id:
            fn, arg = self._center.interaction, call.interaction_id
        elif call.number:
            fn, arg = self._center.customer_by_number, call.number
        else:
            self._show_context(ContextView(error=_tr("No caller information.")), call.call_id)
            return
        cid = call.call_id
        self._tasks.run(fn, arg, on_done=lambda ctx: self._show_context(self._context_view(ctx), cid),
                        on_error=lambda exc: self._show_context(
                            ContextView(error=_tr("Caller details unavailable: {0}").format(
                                getattr(exc, "user_message", "") or _tr("lookup failed"))), cid))

    @staticmethod
    def _context_view(ctx: Any) -> ContextView:
        cust = _g(ctx, "customer")
        recent = tuple((clean_text(_g(r, "at"), 40), clean_text(_g(r, "disposition"), 60),
                        clean_text(_g(r, "notes"), 200)) for r in (_g(ctx, "recent_contacts") or ()))
        cases = tuple((clean_text(_g(c, "id"), 40), clean_text(_g(c, "title"), 120),
                       clean_text(_g(c, "status"), 30)) for c in (_g(ctx, "open_cases") or ()))
        return ContextView(
            interaction_id=clean_text(_g(ctx, "interaction_id") or "", 80),
            name=clean_text(_g(cust, "name", ""), 120) if cust else "",
            segment=clean_text(_g(cust, "segment", ""), 40) if cust else "",
            language=clean_text(_g(cust, "language", ""), 10) if cust else "",
            notes=clean_text(_g(cust, "notes", ""), 500) if cust else "",
            waited_s=int(_g(ctx, "waited_s", 0) or 0),
            ivr_path=tuple(clean_text(s, 60) for s in (_g(ctx, "ivr_path") or ())),
            recent=recent, open_cases=cases, known=cust is not None)

    def _show_context(self, view: ContextView, call_id: int) -> None:
        if self.call is None or self.call.call_id != call_id:
            return      # a late answer for a call that is gone
        self.context = view
        if view.interaction_id and not self.call.interaction_id:
            self._update_call(interaction_id=view.interaction_id)
        self.context_ready.emit(view)

    def _on_call_state(self, ev: CallStateChanged) -> None:
        if ev.state is CallState.CONFIRMED and self.call.phase != "talking":
            self._ring_timer.stop()
            if self.machine.state is State.RINGING:
                self.machine.handle(Event.ANSWERED)
            self._talk_started = self._clock()
            self._update_call(phase="talking", started_monotonic=self._talk_started)
        elif ev.state in (CallState.CONNECTING, CallState.EARLY, CallState.CALLING) \
                and self.call.phase != "talking":
            self._update_call(phase="connecting" if ev.state is CallState.CONNECTING else self.call.phase)

    def _on_call_ended(self, ev: CallEnded) -> None:
        call, self.call = self.call, None
        self._ring_timer.stop()
        talked = call.phase == "talking"
        outcome = self._end_outcome or ("answered" if talked else "abandoned")
        self._end_outcome = ""
        duration = int(self._clock() - self._talk_started) if talked else 0
        self.call_cleared.emit()
        if talked:
            self.machine.handle(Event.CALL_ENDED)
            self._start_wrapup(call, duration)
            return
        self._add_history(call, 0, "", outcome if outcome != "answered" else "failed")
        self.context = None
        if self.machine.state is State.RINGING:
            self.machine.handle(Event.ABANDONED)
        elif self.machine.state is State.ON_CALL:     # an outgoing callback that never connected
            self.machine.handle(Event.CALL_ENDED)
            self._start_wrapup(call, 0)
        if ev.code >= 400 and call.direction == "outgoing":
            self.notice.emit("warning", _tr("The call did not connect: {0}").format(clean_text(ev.reason)))

    def _on_ring_timeout(self) -> None:
        call = self.call
        if call is None or call.phase != "ringing" or self.machine.state is not State.RINGING:
            return
        self._end_outcome = "missed"
        self._engine.reject(call.call_id, 480)
        self.machine.handle(Event.RING_TIMEOUT)
        self.notice.emit("warning", _tr("You missed a call, so you are now Not Ready. "
                                        "Go Ready when you can take calls."))

    def _update_call(self, **changes: Any) -> None:
        if self.call is not None:
            self.call = dataclasses.replace(self.call, **changes)
            self.call_changed.emit(self.call)

    # ------------------------------------------------------------------ intents
    @Slot()
    def answer(self) -> None:
        if self.call is not None and self.call.phase == "ringing":
            self._engine.answer(self.call.call_id)
            self._update_call(phase="connecting")

    @Slot()
    def reject(self) -> None:
        call = self.call
        if call is None or call.phase != "ringing" or self.machine.state is not State.RINGING:
            return
        self._end_outcome = "rejected"
        self._engine.reject(call.call_id, 486)
        self.machine.handle(Event.REJECTED)

    @Slot()
    def hangup(self) -> None:
        if self.call is not None:
            self._engine.hangup(self.call.call_id)

    @Slot(bool)
    def set_hold(self, on: bool) -> None:
        if self.call is not None and self.call.phase == "talking":
            (self._engine.hold if on else self._engine.resume)(self.call.call_id)

    @Slot(bool)
    def set_mute(self, on: bool) -> None:
        if self.call is not None and self.call.phase == "talking":
            self._engine.set_mute(self.call.call_id, on)

    @Slot(str)
    def send_dtmf(self, digits: str) -> None:
        digits = "".join(d for d in digits.upper() if d in DTMF_KEYS)
        if self.call is not None and self.call.phase == "talking" and digits:
            self._engine.send_dtmf(self.call.call_id, digits)

    @Slot(str)
    def transfer(self, uri: str) -> None:
        if self.call is None or self.call.phase != "talking" or not uri:
            return
        self._engine.blind_transfer(self.call.call_id, self._target_uri(uri))

    def _target_uri(self, uri: str) -> str:
        if "@" not in uri and not uri.startswith("sip:"):
            uri = f"sip:{uri}@{self.sip_domain}"
        return uri

    @Slot(str)
    def end_abusive_call(self, description: str = "") -> None:
        """Record an incident, end the call, and take a recovery break after wrap-up."""
        call = self.call
        if call is None or call.phase != "talking":
            return
        text = description.strip()[:2000] or "Abusive caller: call ended by the counselor."
        self._enqueue(*incident_item("high", text, call.interaction_id or None))
        recovery = [c for c, o in self.reason_codes.items()
                    if o.extra.get("kind") == "break" and c == "recovery"]
        if recovery:
            self.machine.handle(Event.GO_BREAK, recovery[0])
        self._engine.hangup(call.call_id)
        self.notice.emit("info", _tr("The incident was reported to your supervisor. "
                                     "Take a moment before the next call."))

    # ------------------------------------------------------------------ wrap-up
    def _start_wrapup(self, call: CallView, duration: int) -> None:
        limit = self.queue_acw.get(call.queue, self.acw_limit_s)
        self.wrapup = WrapupView(call.call_id, call.interaction_id, call.callback_id, (), limit, True)
        self._wrap_call, self._wrap_duration = call, duration
        self._acw_deadline = self._clock() + limit
        self.wrapup_started.emit(self.wrapup)
        self._acw_timer.start()
        self.wrapup_tick.emit(limit)
        if call.callback_id:
            self._set_dispositions(None)
        else:
            self._tasks.run(self._center.dispositions, call.queue or None,
                            on_done=self._set_dispositions,
                            on_error=lambda e: self._set_dispositions(None))

    def _set_dispositions(self, items: Any) -> None:
        if self.wrapup is None:
            return
        if items is None:       # callback outcomes, or the center could not list dispositions
            opts = (("reached", _tr("Reached")), ("no_answer", _tr("No answer")),
                    ("wrong_number", _tr("Wrong number")))
            if not self.wrapup.callback_id:
                opts = (("resolved", _tr("Resolved")), ("follow_up", _tr("Needs follow-up")))
        else:
            opts = tuple((_g(d, "code"), clean_text(_g(d, "label"), 80)) for d in items)
        self.wrapup = dataclasses.replace(self.wrapup, dispositions=opts, loading=False)
        self.wrapup_started.emit(self.wrapup)

    def _on_acw_tick(self) -> None:
        if self.wrapup is None:
            self._acw_timer.stop()
            return
        self.wrapup_tick.emit(int(round(self._acw_deadline - self._clock())))

    @Slot(str, str)
    def submit_wrapup(self, disposition: str, notes: str) -> None:
        w = self.wrapup
        if w is None or not disposition:
            return
        notes = notes.strip()[:4000]
        if w.callback_id:
            self._enqueue(*callback_complete_item(w.callback_id, disposition, notes))
        elif w.interaction_id:
            self._enqueue(*wrapup_item(w.interaction_id, disposition, notes))
        else:
            log.info("wrap-up without an interaction id: kept in the session history only")
        self._acw_timer.stop()
        self._add_history(self._wrap_call, self._wrap_duration,
                          dict(w.dispositions).get(disposition, disposition),
                          "answered" if self._wrap_call.direction == "incoming" else "outgoing")
        self.wrapup, self.context = None, None
        self.wrapup_finished.emit()
        try:
            self.machine.handle(Event.WRAPUP_DONE)
        except TransitionError:
            pass

    def _enqueue(self, kind: str, path: str, payload: dict) -> None:
        if self._outbox is None:        # only in tests that do not look at writes
            log.warning("no outbox: %s not delivered", kind)
            return
        self._outbox.enqueue(kind, path, payload)
        self.outbox_changed.emit(self._outbox.pending_count())

    def _on_outbox_event(self, ev: Any) -> None:
        """An outbox item was delivered, is being retried, or was refused for good."""
        if self._outbox is not None:
            self.outbox_changed.emit(self._outbox.pending_count())
        if _g(ev, "outcome") == "failed":
            self.notice.emit("error", _tr("The center refused a saved {0}: {1}").format(
                _g(ev, "kind", ""), _g(ev, "user_message", "") or _tr("contact your supervisor")))

    # ------------------------------------------------------------------ callbacks worklist
    @Slot(str)
    def call_back(self, callback_id: str) -> None:
        if self.call is not None or self.machine.state not in (State.READY, State.NOT_READY):
            self.notice.emit("warning", _tr("Finish the current call before calling back."))
            return
        self._tasks.run(self._center.claim_callback, callback_id, on_done=self._dial_callback,
                        on_error=self._fail("claim callback"))

    def _dial_callback(self, cb: Any) -> None:
        if self.call is not None or self.machine.state not in (State.READY, State.NOT_READY):
            return
        number = "".join(c for c in str(_g(cb, "number", "")) if c.isdigit() or c == "+")
        if not number:
            self.notice.emit("error", _tr("This callback has no usable number."))
            return
        try:
            self.machine.handle(Event.DIAL)
        except TransitionError as exc:
            self.notice.emit("warning", str(exc))
            return
        call_id = self._engine.make_call(f"sip:{number}@{self.sip_domain}")
        self.call = CallView(call_id=call_id, direction="outgoing", number=number,
                             name=clean_text(_g(cb, "name", ""), 120),
                             queue=clean_text(_g(cb, "queue_id", ""), 60), phase="connecting",
                             queue_name=self.queue_names.get(_g(cb, "queue_id", ""), ""),
                             callback_id=clean_text(_g(cb, "id", ""), 80))
        self.call_offered.emit(self.call)
        self.refresh_callbacks()

    # ------------------------------------------------------------------ history
    def _add_history(self, call: CallView, duration: int, disposition: str, outcome: str) -> None:
        self.history.insert(0, HistoryEntry(time.time(), call.direction, mask_number(call.number),
                                            duration, disposition, outcome))
        del self.history[50:]
        self.history_changed.emit(tuple(self.history))
