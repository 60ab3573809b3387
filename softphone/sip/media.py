"""The seam between the SIP engine and the sound: what the engine asks of the audio side.

The engine (``engine.py``) owns pjsua2 and calls these methods on the SIP thread only.
``audio.AudioBridge`` implements it with sounddevice; ``SilentMedia`` is the stand-in when
audio is switched off (benchmarks, some tests). Implementations never call back into the
engine; they report through the ``emit`` callable given at construction (thread-safe).
"""

from __future__ import annotations

import time
from typing import Any, Callable, Protocol

# pjmedia's conference bridge runs at the sound side's rate, so the bridge's 48 kHz port is
# mixed without resampling; each call's stream resamples once, from its codec's rate, with
# pjmedia's small filter (quality 3-4): a third of the clock thread's CPU of the default
# 16 kHz / large filter (bench/audio_bridge.py's per-thread figures).
CLOCK_RATE = 48000
MEDIA_QUALITY = 4
NO_SOUND = "no sound: this phone runs without audio"


class MediaRefused(Exception):
    """The sink cannot do what was asked (an announcement, an evidence clip); ``str()`` is an
    English detail for the event that reports it."""


class MediaSink(Protocol):
    def start(self) -> None:
        """Called once on the SIP thread after libStart() and setNullDev()."""

    def attach(self, call_id: int, audio_media: Any) -> None:
        """Connect the bridge both ways to this call's pjsua2 AudioMedia (the active call).
        The engine asks only for calls the desk owns (``calls.py``: dialled by the desk, or
        an offer it answered); any other call with audio is hung up without reaching here."""

    def detach(self, call_id: int) -> None:
        """Disconnect from this call (hang-up, hold, switching to another call), whether it
        is the attached call or a joined one."""

    def join(self, call_id: int, audio_media: Any) -> None:
        """Conference (``multicall.py``): connect both ways to one more call while another
        stays attached; the headset hears them mixed, each hears the microphone."""

    def leave(self, call_id: int) -> None:
        """Undo ``join`` for this call; nothing when it is not joined."""

    def calls_present(self, present: bool) -> None:
        """True from the moment the engine has a call (offered, dialing, talking or held),
        False when the last one is gone. While False a sink may close its sound devices;
        on True it gets them ready at once (the ring or the dialing covers their opening)."""

    def set_muted(self, muted: bool) -> None: ...

    def start_ring(self) -> None: ...

    def stop_ring(self) -> None: ...

    def play_whisper(self) -> None: ...

    def set_devices(self, input_name: str, output_name: str, ring_name: str) -> None: ...

    def counters(self) -> dict[str, int]: ...

    @property
    def attached_call(self) -> int | None:
        """The engine call id whose audio the sink carries now, if any."""

    def activity(self) -> tuple[float, float]:
        """(heard_silent_s, mic_silent_s) for the attached call: how long the caller's audio
        and our microphone have stayed below about -50 dBFS. (0.0, 0.0) when nothing is
        attached or the sink cannot judge; mic_silent_s is 0.0 while muted."""

    def close(self) -> None:
        """Called on the SIP thread before libDestroy(); must release every pjsua2 object."""

    # protection (sip/protection.py drives these; MediaRefused when a sink cannot)
    def start_announcement(self, call_id: int, pcm: bytes, rate: int, local_level: float) -> float:
        """Play 16-bit LE mono ``pcm`` at ``rate`` to the attached call instead of the
        microphone (the mute state is left as it is and rules again afterwards), and into the
        headset at ``local_level``; replaces one that plays. Returns its length in seconds."""

    def stop_announcement(self, call_id: int) -> None: ...

    def announcement_end(self, call_id: int) -> tuple[str, float] | None:
        """None while it plays into ``call_id``; else (how, time.monotonic() of the end):
        "finished", "detached" (the call left the sink) or "none" (nothing played)."""

    def set_evidence_clip(self, seconds: int) -> None:
        """Keep the last ``seconds`` (0 = off, at most 120) of the attached call in memory,
        both directions; discarded (zeroed) when the call detaches or this changes."""

    def take_evidence_clip(self, call_id: int) -> tuple[int, bytes, float]:
        """(rate, interleaved int16 LE: left from the caller, right to the caller, seconds)."""


class SilentMedia:
    """No sound at all: calls still connect (the conference bridge runs on the null clock)."""

    def __init__(self, emit: Callable[[object], None] | None = None, notice: str = "") -> None:
        self._emit = emit
        self._notice = notice
        self.attached: int | None = None
        self.joined: set[int] = set()
        self.muted = False
        self.ringing = False

    def start(self) -> None:
        if self._emit is not None and self._notice:   # English; the UI translates it
            from softphone.sip.events import AudioStatus
            self._emit(AudioStatus("", "", "", False, False, notice=self._notice,
                                   notice_parts=((self._notice, ()),)))

    def attach(self, call_id: int, audio_media: Any) -> None:
        self.joined.discard(call_id)
        self.attached = call_id

    def detach(self, call_id: int) -> None:
        self.joined.discard(call_id)
        if self.attached == call_id:
            self.attached = None

    def join(self, call_id: int, audio_media: Any) -> None:
        if call_id != self.attached:
            self.joined.add(call_id)

    def leave(self, call_id: int) -> None:
        self.joined.discard(call_id)

    def calls_present(self, present: bool) -> None:
        pass

    def set_muted(self, muted: bool) -> None:
        self.muted = muted

    def start_ring(self) -> None:
        self.ringing = True

    def stop_ring(self) -> None:
        self.ringing = False

    def play_whisper(self) -> None:
        pass

    def set_devices(self, input_name: str, output_name: str, ring_name: str) -> None:
        pass

    def counters(self) -> dict[str, int]:
        return {}

    @property
    def attached_call(self) -> int | None:
        return self.attached

    def activity(self) -> tuple[float, float]:
        return 0.0, 0.0   # no sound at all: nothing to judge, so never a silence warning

    def close(self) -> None:
        self.attached = None
        self.joined.clear()

    # No sound at all: announcements and clips are refused (the engine reports "failed: no
    # sound ..." / an EvidenceClip with that error), never pretended.
    def start_announcement(self, call_id: int, pcm: bytes, rate: int, local_level: float) -> float:
        raise MediaRefused(NO_SOUND)

    def stop_announcement(self, call_id: int) -> None:
        pass

    def announcement_end(self, call_id: int) -> tuple[str, float] | None:
        return "none", time.monotonic()

    def set_evidence_clip(self, seconds: int) -> None:
        pass

    def take_evidence_clip(self, call_id: int) -> tuple[int, bytes, float]:
        raise MediaRefused(NO_SOUND)
