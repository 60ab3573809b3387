"""The desk's consult transfer (talk to the target, then hand the caller over) and the
warnings when one side of a call goes silent. A mixin of ``softphone.desk.Desk`` (GUI thread).
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QCoreApplication, Slot

from softphone.desk_models import clean_text
from softphone.sip.events import CallEnded, CallState, CallStateChanged, MediaActivity

SILENCE_WARN_S = 10.0     # a side silent this long during a call gets a warning


def _tr(text: str) -> str:
    """Translate in the "Desk" context (desk_calls uses it too; scripts/i18n_update.py
    collects the texts passed to it)."""
    return QCoreApplication.translate("Desk", text)


class ConsultMixin:
    # ------------------------------------------------------------------ silence warnings
    def _on_activity(self, ev: MediaActivity) -> None:
        call = self.call
        if call is None or call.phase != "talking" or call.on_hold or call.remote_hold:
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
            self.notice.emit("warning", _tr(
                "You have not heard the caller for a while. Ask if they are still there, "
                "or check the line."))
        elif side == "mic":
            self.notice.emit("warning", _tr(
                "Your microphone seems silent. Check that the headset is plugged in and "
                "not muted on its cable."))

    # ------------------------------------------------------------------ consult transfer
    @Slot(str)
    def start_consult(self, uri: str) -> None:
        """Put the caller on hold and call the transfer target to talk first."""
        call = self.call
        if call is None or call.phase != "talking" or self.consult is not None or not uri:
            return
        uri = self._target_uri(uri)
        if not call.on_hold:
            self._engine.hold(call.call_id)
        self.consult = {"call_id": self._engine.make_call(uri), "uri": uri, "phase": "calling"}
        self.consult_changed.emit("calling", clean_text(uri, 80))

    @Slot()
    def complete_consult(self) -> None:
        """Hand the caller over to the consulted party (REFER with Replaces)."""
        c, call = self.consult, self.call
        if c is None or call is None or c["phase"] != "talking":
            return
        c["phase"] = "transferring"
        self._engine.consult_transfer(call.call_id, c["call_id"])
        self.consult_changed.emit("transferring", clean_text(c["uri"], 80))

    @Slot()
    def cancel_consult(self) -> None:
        """Hang up on the consulted party; the caller is taken off hold."""
        if self.consult is not None:
            self._engine.hangup(self.consult["call_id"])

    def _on_consult_event(self, ev: Any) -> None:
        c = self.consult
        if isinstance(ev, CallStateChanged) and ev.state is CallState.CONFIRMED:
            c["phase"] = "talking"
            self.consult_changed.emit("talking", clean_text(c["uri"], 80))
        elif isinstance(ev, CallEnded):
            transferring = c["phase"] == "transferring"
            self.consult = None
            self.consult_changed.emit("", "")
            call = self.call
            if call is not None and call.on_hold and not transferring:
                self._engine.resume(call.call_id)
            if ev.code >= 300 and not transferring:
                self.notice.emit("warning", _tr("The consultation call ended: {0}").format(
                    clean_text(ev.reason, 120)))
