"""The engine's side of the warning announcement and the evidence clip (protection.py), on a real call with stand-in sinks.

The sound itself is tested in tests/audio/test_announcement.py and test_evidence_clip.py;
here: what the engine reports with no sound at all (SilentMedia refuses, never pretends),
and the announcement's life as the engine keeps it (started, replaced, finished by the
sink's clock, ended with the call), with a sink that only keeps time.
"""

from __future__ import annotations

import time

from softphone.sip.events import AnnouncementState, CallEnded, CallMediaChanged, EngineError
from softphone.sip.events import EvidenceClip
from softphone.sip.media import SilentMedia
from tests.support import sipp


class TimedSink(SilentMedia):
    """An announcement "plays" for its length on the monotonic clock; no clip."""

    def __init__(self, emit=None) -> None:
        super().__init__(emit)
        self.playing: dict[int, float] = {}      # call -> monotonic end

    def start_announcement(self, call_id, pcm, rate, local_level) -> float:
        self.playing = {call_id: time.monotonic() + len(pcm) / 2 / rate}
        return len(pcm) / 2 / rate

    def stop_announcement(self, call_id) -> None:
        self.playing.pop(call_id, None)

    def announcement_end(self, call_id):
        end = self.playing.get(call_id)
        if end is None:
            return "detached" if self.attached != call_id else "none", time.monotonic()
        if time.monotonic() < end:
            return None
        del self.playing[call_id]
        return "finished", end

    def detach(self, call_id) -> None:
        self.playing.pop(call_id, None)
        super().detach(call_id)


def _call(phone, kamailio, tmp_path, name):
    assert phone.register(kamailio).registered
    peer = sipp.Sipp(tmp_path, sipp.uas(), name=name).start()
    cid = phone.engine.make_call(f"sip:svc@{peer.uri_host}")
    phone.events.wait(CallMediaChanged, call_id=cid, active=True)
    return cid


def test_without_sound_the_engine_refuses_and_says_why(phone, kamailio, tmp_path):
    cid = _call(phone, kamailio, tmp_path, "silent")
    ev = phone.events
    phone.engine.play_announcement(cid, b"\x00\x00" * 8000, 8000)
    failed = ev.wait(AnnouncementState, call_id=cid)
    assert not failed.playing and failed.reason.startswith("failed: no sound"), failed
    assert failed.started_at == failed.ended_at > 0
    phone.engine.set_evidence_clip(10)
    phone.engine.take_evidence_clip(cid)
    clip = ev.wait(EvidenceClip, call_id=cid)
    assert clip.pcm == b"" and clip.error.startswith("no sound"), clip
    assert "pcm" not in repr(clip)                 # samples never reach a log line
    phone.engine.stop_announcement(cid)            # nothing plays: quietly ignored
    phone.engine.play_announcement(999, b"\x00\x00", 8000)
    assert ev.wait(AnnouncementState, call_id=999).reason == "failed: the call is over"
    phone.engine.hangup(cid)
    ev.wait(CallEnded, call_id=cid)
    assert not ev.of(EngineError)


def test_the_announcement_starts_is_replaced_finishes_and_ends_with_the_call(
        make_phone, kamailio, tmp_path):
    phone = make_phone(media_factory=TimedSink)
    cid = _call(phone, kamailio, tmp_path, "timed")
    ev = phone.events
    t0 = time.time()
    phone.engine.play_announcement(cid, b"\x00\x00" * 8000 * 5, 8000)      # 5 s
    first = ev.wait(AnnouncementState, call_id=cid, playing=True)
    assert t0 <= first.started_at <= time.time() and first.ended_at == 0.0
    m = ev.mark()
    phone.engine.play_announcement(cid, b"\x00\x00" * 4000, 8000)          # 0.5 s
    replaced = ev.wait(AnnouncementState, after=m, call_id=cid, playing=False)
    assert replaced.reason == "stopped" and replaced.started_at == first.started_at
    second = ev.wait(AnnouncementState, after=m, call_id=cid, playing=True)
    done = ev.wait(AnnouncementState, after=m, call_id=cid, reason="finished")
    assert done.started_at == second.started_at
    assert 0.4 <= done.ended_at - done.started_at <= 0.7, done
    m = ev.mark()
    phone.engine.play_announcement(cid, b"\x00\x00" * 8000 * 5, 8000)
    ev.wait(AnnouncementState, after=m, call_id=cid, playing=True)
    phone.engine.hangup(cid)
    ended = ev.wait(AnnouncementState, after=m, call_id=cid, playing=False)
    assert ended.reason == "call_ended", ended
    assert not ev.of(EngineError)
