"""SipEngine: the GUI-thread face of the SIP stack; owns the SIP QThread and forwards commands.

Ownership and threads (the one place that crosses them):
- ``SipEngine`` lives on the caller's (GUI) thread. Its public methods never block (except
  ``stop()``, bounded) and never touch pjsua2: they put a typed command from ``commands.py``
  (plain values) in the ``SipWorker``'s inbox and kick it (``_kick``, queued to the SIP
  thread). The worker also drains the inbox as each pass of pjsip's events ends, so a
  command sent while the SIP thread is busy does not wait for another turn of its loop.
- The worker owns every pjsua2 object and emits ``event(object)`` with frozen dataclasses
  from ``events.py``; Qt queues them back to the receiver's thread.
- Call ids are allocated here from a thread-safe counter so ``make_call`` can return at once.
"""

from __future__ import annotations

import itertools
import threading
from typing import Callable

from PySide6.QtCore import QDeadlineTimer, QObject, Qt, QThread, Signal

from softphone.sip.commands import (
    Answer, BlindTransfer, CallWaitingTone, Command, Conference, ConsultTransfer,
    DropFromConference, HandleNetworkChange, Hangup, Hold, MakeCall, PlayAnnouncement,
    PlayWhisper, Reject, Resume, Ring, SendDtmf, SetAccount, SetAudioDevices, SetEvidenceClip,
    SetMute, Shutdown, StopAnnouncement, TakeEvidenceClip, Unregister,
)
from softphone.sip.events import EngineSettings, SipAccountSettings
from softphone.sip.media import MediaSink


class SipEngine(QObject):
    """Start/stop the SIP thread and send it commands; listen to ``event`` for what happens."""

    event = Signal(object)
    _kick = Signal()                   # queued to the SIP thread: the inbox has commands

    def __init__(self, media_factory: Callable[[Callable[[object], None]], MediaSink] | None = None,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._media_factory = media_factory
        self._ids = itertools.count(1)
        self._ids_lock = threading.Lock()
        self._thread: QThread | None = None
        self._worker = None
        self._early: list[Command] = []     # commands sent before start(): go at start

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
        self._kick.connect(worker.drain, Qt.ConnectionType.QueuedConnection)
        thread.started.connect(worker.boot)
        self._thread, self._worker = thread, worker
        worker.inbox.extend(self._early)     # boot's first pass runs them
        self._early = []
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
            worker.inbox.append(Shutdown())
            self._kick.emit()
            self._wake()
            done = thread.wait(QDeadlineTimer(int(timeout_s * 1000)))
        else:
            done = True
        if done:
            self._kick.disconnect(worker.drain)
            self._thread = self._worker = None
            thread.deleteLater()
        return done

    def _alloc_id(self) -> int:
        with self._ids_lock:
            return next(self._ids)

    def _wake(self) -> None:
        """After queuing a command: end the SIP thread's wait at once (sip/wait.py)."""
        wait = getattr(self._worker, "wait", None)
        if wait is not None:
            wait.wake()

    def send(self, cmd: Command) -> None:
        """Queue any command for the SIP thread. One it does not know comes back as an
        EngineError event; use stop(), not Shutdown, to end the engine."""
        if isinstance(cmd, Shutdown):
            raise ValueError("SipEngine.send(Shutdown()): call stop() instead")
        if self._worker is None:        # not started yet (the app starts it after first paint)
            self._early.append(cmd)
            return
        self._worker.inbox.append(cmd)
        self._kick.emit()
        self._wake()

    # ------------------------------------------------------------------ line
    def set_account(self, account: SipAccountSettings, random_retry_s: int = 2) -> None:
        """Register this line (replacing any previous one); RegistrationChanged follows."""
        self.send(SetAccount(account, int(random_retry_s)))

    def unregister(self) -> None:
        self.send(Unregister())

    def handle_network_change(self) -> None:
        """Call after the network changed and is usable again: rebind, re-register."""
        self.send(HandleNetworkChange())

    def set_audio_devices(self, input_name: str, output_name: str, ring_name: str) -> None:
        """Pick the headset/speaker devices; AudioStatus follows from the media side."""
        self.send(SetAudioDevices(str(input_name), str(output_name), str(ring_name)))

    def play_whisper(self) -> None:
        """A short beep on the headset (the call was answered automatically)."""
        self.send(PlayWhisper())

    # ------------------------------------------------------------------ calls
    def make_call(self, uri: str) -> int:
        """Dial a number or SIP URI; returns the engine call id at once."""
        cid = self._alloc_id()
        self.send(MakeCall(cid, str(uri)))
        return cid

    def ring(self, call_id: int) -> None:
        """Sound the ring tone for an offered call (the engine only sends 180 by itself);
        it stops when the call is answered or ends. Ignored once the call is not ringing."""
        self.send(Ring(int(call_id)))

    def answer(self, call_id: int) -> None:
        self.send(Answer(int(call_id)))

    def reject(self, call_id: int, code: int = 486) -> None:
        self.send(Reject(int(call_id), int(code)))

    def hangup(self, call_id: int) -> None:
        self.send(Hangup(int(call_id)))

    def hold(self, call_id: int) -> None:
        self.send(Hold(int(call_id)))

    def resume(self, call_id: int) -> None:
        self.send(Resume(int(call_id)))

    def set_mute(self, call_id: int, muted: bool) -> None:
        self.send(SetMute(int(call_id), bool(muted)))

    def send_dtmf(self, call_id: int, digits: str) -> None:
        self.send(SendDtmf(int(call_id), str(digits)))

    def blind_transfer(self, call_id: int, target_uri: str) -> None:
        self.send(BlindTransfer(int(call_id), str(target_uri)))

    def consult_transfer(self, call_id: int, other_call_id: int) -> None:
        """REFER ``call_id`` to ``other_call_id`` (Replaces); also how the counselor leaves a
        conference of these two: the engine un-joins them first."""
        self.send(ConsultTransfer(int(call_id), int(other_call_id)))

    # ------------------------------------------------------------------ several calls
    def call_waiting_tone(self, on: bool) -> None:
        """A second call rung during a call beeps in the headset (on) or stays silent."""
        self.send(CallWaitingTone(bool(on)))

    def conference(self, call_ids) -> None:
        """Join these connected calls with the counselor (held ones are resumed);
        ConferenceChanged follows."""
        self.send(Conference(tuple(int(i) for i in call_ids)))

    def drop_from_conference(self, call_id: int) -> None:
        """Hang up one party of the conference; the others stay joined."""
        self.send(DropFromConference(int(call_id)))

    # ------------------------------------------------------------------ protection
    def play_announcement(self, call_id: int, pcm: bytes, rate: int,
                          local_level: float = 0.25) -> None:
        """Play a warning (16-bit LE mono ``pcm`` at ``rate``) to the caller instead of the
        microphone, and quietly in the headset; AnnouncementState events follow."""
        self.send(PlayAnnouncement(int(call_id), bytes(pcm), int(rate), float(local_level)))

    def stop_announcement(self, call_id: int) -> None:
        self.send(StopAnnouncement(int(call_id)))

    def set_evidence_clip(self, seconds: int) -> None:
        """Keep the last ``seconds`` (0 = off, at most 120) of the call's audio in memory."""
        self.send(SetEvidenceClip(max(0, min(120, int(seconds)))))

    def take_evidence_clip(self, call_id: int) -> None:
        """An EvidenceClip event follows; call it before hangup() (commands run in order)."""
        self.send(TakeEvidenceClip(int(call_id)))
