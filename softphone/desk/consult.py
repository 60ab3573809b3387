"""The consult transfer: put the caller on hold, talk to the target first, then hand the caller over (REFER with Replaces)."""

from __future__ import annotations

import dataclasses
import time
from typing import Any, Callable

from PySide6.QtCore import QObject, Signal, Slot

from softphone.desk.common import Notices, SessionFacts, desk_tr
from softphone.desk.failures import failure_code, failure_text
from softphone.desk.views import CallPhase, CallView, ConsultLeg, ConsultPhase, clean_text
from softphone.sip.events import CallEnded, CallState, CallStateChanged


class Consult(QObject):
    """The consultation leg (``leg``) of the counselor's call; at most one at a time."""

    consult_changed = Signal(str, str)     # phase (calling|talking|transferring|""), target

    def __init__(self, engine: Any, notices: Notices, session: SessionFacts,
                 current_call: Callable[[], CallView | None], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._engine, self._notices, self._session = engine, notices, session
        self._call = current_call
        self.leg: ConsultLeg | None = None

    def reset(self) -> None:
        self.leg = None

    def owns(self, call_id: Any) -> bool:
        return self.leg is not None and call_id == self.leg.call_id

    def _set(self, phase: ConsultPhase) -> None:
        assert self.leg is not None
        self.leg = dataclasses.replace(self.leg, phase=phase)
        self.consult_changed.emit(phase.value, clean_text(self.leg.name or self.leg.uri, 80))

    # ------------------------------------------------------------------ intents
    @Slot(str)
    def start_consult(self, uri: str, name: str = "") -> None:
        """Put the caller on hold and call the transfer target to talk first."""
        call = self._call()
        if call is None or call.phase is not CallPhase.TALKING or self.leg is not None or not uri:
            return
        uri = self._session.target_uri(uri)
        if not call.on_hold:
            self._engine.hold(call.call_id)
        self.leg = ConsultLeg(self._engine.make_call(uri), uri, name=clean_text(name, 80))
        self.consult_changed.emit(ConsultPhase.CALLING.value, clean_text(name or uri, 80))

    @Slot()
    def conference(self) -> None:
        """Join the caller, the consulted party and the counselor (everyone hears everyone)."""
        leg, call = self.leg, self._call()
        if leg is None or call is None or leg.phase is not ConsultPhase.TALKING:
            return
        self._engine.conference((call.call_id, leg.call_id))    # it resumes the held caller
        self._set(ConsultPhase.CONFERENCE)

    def on_conference(self, call_ids: tuple[int, ...]) -> None:
        """The engine's ``ConferenceChanged``: a conference ended while the leg remains (the
        engine un-joined it): back to talking with the consulted party, caller on hold."""
        if self.leg is not None and self.leg.phase is ConsultPhase.CONFERENCE and \
                self.leg.call_id not in call_ids:
            self._set(ConsultPhase.TALKING)

    @Slot()
    def complete_consult(self) -> None:
        """Hand the caller over to the consulted party (also: leave the conference)."""
        leg, call = self.leg, self._call()
        if leg is None or call is None or leg.phase not in (ConsultPhase.TALKING,
                                                            ConsultPhase.CONFERENCE):
            return
        self._set(ConsultPhase.TRANSFERRING)
        self._engine.consult_transfer(call.call_id, leg.call_id)

    @Slot()
    def cancel_consult(self) -> None:
        """Hang up on the consulted party (in a conference: drop them); the caller stays."""
        if self.leg is None:
            return
        if self.leg.phase is ConsultPhase.CONFERENCE:
            self._engine.drop_from_conference(self.leg.call_id)
        else:
            self._engine.hangup(self.leg.call_id)

    # ------------------------------------------------------------------ what happened
    def on_event(self, ev: Any) -> None:
        leg = self.leg
        if isinstance(ev, CallStateChanged) and ev.state is CallState.CONFIRMED:
            if leg.phase is ConsultPhase.CALLING:
                self._set(ConsultPhase.TALKING)
        elif isinstance(ev, CallEnded):
            transferring = leg.phase is ConsultPhase.TRANSFERRING
            self.leg = None
            self.consult_changed.emit("", "")
            call = self._call()
            if call is not None and call.on_hold and not transferring:
                self._engine.resume(call.call_id)
            if ev.code >= 300 and not transferring:
                self._notices.warning(desk_tr("The consultation call ended: {0}").format(
                    failure_text(failure_code(ev))))     # ev.reason: English, for the log

    def on_transfer_result(self, ok: bool) -> None:
        """A failed transfer leaves the counselor talking to the consulted party."""
        if not ok and self.leg is not None and self.leg.phase is ConsultPhase.TRANSFERRING:
            self._set(ConsultPhase.TALKING)

    @Slot()
    def drop_caller(self) -> None:
        """In a conference: the caller leaves; the counselor stays with the colleague."""
        call = self._call()
        if self.leg is not None and self.leg.phase is ConsultPhase.CONFERENCE and call:
            self._engine.drop_from_conference(call.call_id)

    def keep_after_caller(self) -> CallView | None:
        """The caller's call ended during a conference: the colleague's leg becomes the call
        (None, and nothing changes, outside a conference)."""
        leg = self.leg
        if leg is None or leg.phase is not ConsultPhase.CONFERENCE:
            return None
        self.leg = None
        self.consult_changed.emit("", "")
        return CallView(call_id=leg.call_id, direction="outgoing", number=clean_text(leg.uri, 64),
                        name=leg.name, phase=CallPhase.TALKING,
                        started_monotonic=time.monotonic())

    def end_with_call(self) -> None:
        """The caller's call ended: the consultation leg must not outlive it."""
        if self.leg is not None:
            self._engine.hangup(self.leg.call_id)
