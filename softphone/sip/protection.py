"""Protecting counselors: the warning announcement and the evidence clip (a mixin of the SIP worker; SIP thread only).

The media sink does the sound (``audio/extras.py`` on either audio path); this side checks
the call, reports ``AnnouncementState`` and ``EvidenceClip``, and watches a playing
announcement's end with a short timer on the SIP thread (only while one plays). At most one
announcement plays at a time (the sink carries one call): a new one ends the old one first
("stopped"). The end reasons: "finished" (the caller heard the last sample; its time is
the sink's, not the timer's), "stopped" (StopAnnouncement, a newer one, or the call left
the headset: hold, another call), "call_ended", "failed: <detail>". The clip's samples pass
through here into one event and nowhere else: never logged, never written.
"""

from __future__ import annotations

import logging
import time

from PySide6.QtCore import QTimer

from softphone.sip.commands import (
    PlayAnnouncement, SetEvidenceClip, StopAnnouncement, TakeEvidenceClip, handles,
)
from softphone.sip.events import AnnouncementState, EvidenceClip
from softphone.sip.media import MediaRefused

log = logging.getLogger(__name__)

WATCH_MS = 20           # how often a playing announcement's end is looked for
CLIP_CHANNELS = 2


def epoch(mono: float) -> float:
    """A time.monotonic() value as a time.time() one."""
    return time.time() - (time.monotonic() - mono)


class ProtectionCommands:
    """Expects the worker's emit/_settle/calls/media/running (a QObject: the timer's parent)."""

    def __init__(self) -> None:
        self.announcing: dict[int, float] = {}     # call id -> started_at (time.time())
        self._watch: QTimer | None = None

    # ------------------------------------------------------------------ announcement
    @handles(PlayAnnouncement)
    def cmd_play_announcement(self, c: PlayAnnouncement) -> None:
        cid, now = c.call_id, time.time()
        why = self._cannot_announce(cid)
        for playing in list(self.announcing):     # one at a time: the older one ends first
            self.media.stop_announcement(playing)
            self._ended(playing, "stopped", time.time())
        if not why:
            try:
                self.media.start_announcement(cid, bytes(c.pcm), int(c.rate),
                                              float(c.local_level))
            except MediaRefused as e:
                why = str(e)
        if why:
            log.warning("announcement for call %d not played: %s", cid, why)
            self.emit(AnnouncementState(cid, False, f"failed: {why}", now, now))
            return
        now = time.time()                         # it plays from the next frame on
        self.announcing[cid] = now
        self.emit(AnnouncementState(cid, True, "", now, 0.0))
        if self._watch is None:
            self._watch = QTimer(self)
            self._watch.setInterval(WATCH_MS)
            self._watch.timeout.connect(self._watch_announcements)
        self._watch.start()

    def _cannot_announce(self, cid: int) -> str:
        """Why an announcement cannot play into this call now ("" when it can)."""
        call = self.calls.get(cid)
        if call is None or call.ended:
            return "the call is over"
        if call.local_hold or call.remote_hold:
            return "the call is on hold"
        if not call.media_active:
            return "the call has no audio (not answered yet?)"
        if self.media is None or self.media.attached_call != cid:
            return "the call's audio is not connected to the headset"
        return ""

    @handles(StopAnnouncement)
    def cmd_stop_announcement(self, c: StopAnnouncement) -> None:
        """Quietly ignored when nothing plays into that call (it may just have finished)."""
        if c.call_id in self.announcing:
            self.media.stop_announcement(c.call_id)
            self._ended(c.call_id, "stopped", time.time())

    def _watch_announcements(self) -> None:
        """Timer slot: report announcements that ended by themselves or with their call."""
        try:
            for cid in list(self.announcing):
                if not self.running or self.media is None:
                    self._ended(cid, "call_ended", time.time())
                    continue
                end = self.media.announcement_end(cid)
                if end is None:
                    continue
                how, at = end
                if how == "finished":
                    reason = "finished"
                else:
                    call = self.calls.get(cid)
                    reason = "call_ended" if call is None or call.ended else "stopped"
                self._ended(cid, reason, epoch(at))
        except Exception:  # noqa: BLE001 - a timer slot must not raise into Qt
            log.exception("announcement watch failed")
        if not self.announcing and self._watch is not None:
            self._watch.stop()
        self._settle()

    def _ended(self, cid: int, reason: str, ended_at: float) -> None:
        started = self.announcing.pop(cid, None)
        if started is not None:
            self.emit(AnnouncementState(cid, False, reason, started, max(started, ended_at)))

    def announcements_over(self) -> None:
        """The engine is shutting down: every playing announcement ended with its call."""
        for cid in list(self.announcing):
            self._ended(cid, "call_ended", time.time())
        if self._watch is not None:
            self._watch.stop()

    # ------------------------------------------------------------------ evidence clip
    @handles(SetEvidenceClip)
    def cmd_set_evidence_clip(self, c: SetEvidenceClip) -> None:
        self.media.set_evidence_clip(max(0, min(120, int(c.seconds))))

    @handles(TakeEvidenceClip)
    def cmd_take_evidence_clip(self, c: TakeEvidenceClip) -> None:
        try:
            rate, pcm, seconds = self.media.take_evidence_clip(c.call_id)
        except MediaRefused as e:
            self.emit(EvidenceClip(c.call_id, 0, CLIP_CHANNELS, 0.0, b"", error=str(e)))
            return
        self.emit(EvidenceClip(c.call_id, int(rate), CLIP_CHANNELS, round(float(seconds), 3),
                               pcm))
