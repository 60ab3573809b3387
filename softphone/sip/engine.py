"""SipEngine: the GUI-thread face of the SIP stack; owns the SIP QThread and forwards commands.

Ownership and threads (the one place that crosses them):
- ``SipEngine`` lives on the caller's (GUI) thread. Its public methods never block (except
  ``stop()``, bounded) and never touch pjsua2: they emit ``_command(name, args)`` with plain
  arguments, queued to the ``SipWorker`` living on the SIP thread.
- The worker owns every pjsua2 object and emits ``event(object)`` with frozen dataclasses
  from ``events.py``; Qt queues them back to the receiver's thread.
- Call ids are allocated here from a thread-safe counter so ``make_call`` can return at once.
"""

from __future__ import annotations

import itertools
import threading
from typing import Callable

from PySide6.QtCore import QDeadlineTimer, QObject, Qt, QThread, Signal

from softphone.sip.events import EngineSettings, SipAccountSettings
from softphone.sip.media import MediaSink


class SipEngine(QObject):
    """Start/stop the SIP thread and send it commands; listen to ``event`` for what happens."""

    event = Signal(object)
    _command = Signal(str, object)

    def __init__(self, media_factory: Callable[[Callable[[object], None]], MediaSink] | None = None,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._media_factory = media_factory
        self._ids = itertools.count(1)
        self._ids_lock = threading.Lock()
        self._thread: QThread | None = None
        self._worker = None

    # ------------------------------------------------------------------ lifecycle
    def start(self, settings: EngineSettings) -> None:
        """Start the SIP thread; EngineStarted (or EngineError) follows on ``event``."""
        if self.running:
            raise RuntimeError("SipEngine.start(): already running; call stop() first")
        from softphone.sip.worker import SipWorker   # pjsua2 is imported only when used
        thread = QThread()
        thread.setObjectName("sip")
        worker = SipWorker(settings, self._media_factory, self._alloc_id)
        worker.moveToThread(thread)
        worker.event.connect(self.event)
        self._command.connect(worker.dispatch, Qt.ConnectionType.QueuedConnection)
        thread.started.connect(worker.boot)
        self._thread, self._worker = thread, worker
        thread.start()

    @property
    def running(self) -> bool:
        return self._thread is not None and self._thread.isRunning()

    def stop(self, timeout_s: float = 5.0) -> bool:
        """Hang up, unregister and destroy the stack; waits at most ``timeout_s``.

        Returns True when the SIP thread has finished.
        """
        thread, worker = self._thread, self._worker
        if thread is None:
            return True
        if thread.isRunning():
            self._command.emit("shutdown", ())
            done = thread.wait(QDeadlineTimer(int(timeout_s * 1000)))
        else:
            done = True
        if done:
            self._command.disconnect(worker.dispatch)
            self._thread = self._worker = None
            thread.deleteLater()
        return done

    def _alloc_id(self) -> int:
        with self._ids_lock:
            return next(self._ids)

    def _send(self, name: str, *args) -> None:
        self._command.emit(name, args)

    # ------------------------------------------------------------------ line
    def set_account(self, account: SipAccountSettings, random_retry_s: int = 2) -> None:
        """Register this line (replacing any previous one); RegistrationChanged follows."""
        self._send("set_account", account, int(random_retry_s))

    def unregister(self) -> None:
        self._send("unregister")

    def handle_network_change(self) -> None:
        """Call after the network changed and is usable again: rebind, re-register."""
        self._send("handle_network_change")

    def set_audio_devices(self, input_name: str, output_name: str, ring_name: str) -> None:
        """Pick the headset/speaker devices; AudioStatus follows from the media side."""
        self._send("set_audio_devices", str(input_name), str(output_name), str(ring_name))

    def play_whisper(self) -> None:
        """A short beep on the headset (the call was answered automatically)."""
        self._send("play_whisper")

    # ------------------------------------------------------------------ calls
    def make_call(self, uri: str) -> int:
        """Dial a number or SIP URI; returns the engine call id at once."""
        cid = self._alloc_id()
        self._send("make_call", cid, str(uri))
        return cid

    def answer(self, call_id: int) -> None:
        self._send("answer", int(call_id))

    def reject(self, call_id: int, code: int = 486) -> None:
        self._send("reject", int(call_id), int(code))

    def hangup(self, call_id: int) -> None:
        self._send("hangup", int(call_id))

    def hold(self, call_id: int) -> None:
        self._send("hold", int(call_id))

    def resume(self, call_id: int) -> None:
        self._send("resume", int(call_id))

    def set_mute(self, call_id: int, muted: bool) -> None:
        self._send("set_mute", int(call_id), bool(muted))

    def send_dtmf(self, call_id: int, digits: str) -> None:
        self._send("send_dtmf", int(call_id), str(digits))

    def blind_transfer(self, call_id: int, target_uri: str) -> None:
        self._send("blind_transfer", int(call_id), str(target_uri))

    def consult_transfer(self, call_id: int, other_call_id: int) -> None:
        self._send("consult_transfer", int(call_id), int(other_call_id))
