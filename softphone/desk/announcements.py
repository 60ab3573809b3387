"""The warning announcements the desk plays into a call: which one, and its sound as the engine takes it.

Pure Python, no Qt: ``pick`` chooses the announcement for a call (the caller's language,
then the counselor's, then English, then any); ``decode_wav`` turns a WAV file's bytes
(the center's, or IT's local file) into 16-bit mono PCM and its rate, with a clear
``AnnouncementError`` for anything else. Announcements are held in memory only.
"""

from __future__ import annotations

import io
import wave
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterable

MAX_BYTES = 5 * 1024 * 1024         # a warning is a few seconds; refuse anything huge
MAX_SECONDS = 60.0
LANGUAGES = ("en", "ko", "ru")


class AnnouncementError(ValueError):
    """The announcement's sound cannot be played (English detail for the log)."""


@dataclass(frozen=True)
class Sound:
    pcm: bytes          # 16-bit signed little-endian, mono
    rate: int

    @property
    def seconds(self) -> float:
        return len(self.pcm) / 2 / self.rate if self.rate else 0.0


def _field(obj: Any, name: str, default: Any = "") -> Any:
    return obj.get(name, default) if isinstance(obj, dict) else getattr(obj, name, default)


def pick(items: Iterable[Any], *languages: str) -> Any | None:
    """The warning for the first of ``languages`` that has one, else English, else any."""
    warnings = [a for a in items if str(_field(a, "kind", "warning") or "warning") == "warning"]
    for lang in (*languages, "en"):
        lang = (lang or "").split("-")[0].lower()
        for a in warnings:
            if lang and str(_field(a, "language", "")).lower() == lang:
                return a
    return warnings[0] if warnings else None


def decode_wav(data: bytes) -> Sound:
    """A PCM WAV (8/16-bit, mono or stereo, 8-48 kHz) -> 16-bit mono PCM."""
    if not isinstance(data, (bytes, bytearray)) or len(data) > MAX_BYTES:
        raise AnnouncementError("not a WAV file of at most 5 MB")
    if data[:4] != b"RIFF" or data[8:12] != b"WAVE":
        raise AnnouncementError("not a RIFF/WAVE file")
    try:
        with wave.open(io.BytesIO(bytes(data)), "rb") as w:
            rate, channels, width = w.getframerate(), w.getnchannels(), w.getsampwidth()
            frames = w.readframes(w.getnframes())
    except (wave.Error, EOFError) as exc:
        raise AnnouncementError(f"unreadable WAV: {exc}") from exc
    if not 8000 <= rate <= 48000 or channels not in (1, 2) or width not in (1, 2):
        raise AnnouncementError(f"unsupported WAV format ({rate} Hz, {channels} ch, "
                                f"{8 * width}-bit): use 16-bit PCM, 8-48 kHz")
    import array
    if width == 1:          # unsigned 8-bit
        samples = array.array("h", ((b - 128) << 8 for b in frames))
    else:
        samples = array.array("h")
        samples.frombytes(frames[: len(frames) // 2 * 2])
        if samples.itemsize != 2:
            raise AnnouncementError("16-bit samples are not available here")
        import sys
        if sys.byteorder == "big":
            samples.byteswap()
    if channels == 2:
        samples = array.array("h", ((samples[i] + samples[i + 1]) // 2
                                    for i in range(0, len(samples) - 1, 2)))
    if not samples:
        raise AnnouncementError("the WAV file holds no sound")
    if len(samples) / rate > MAX_SECONDS:
        raise AnnouncementError(f"longer than {MAX_SECONDS:.0f} s")
    return Sound(samples.tobytes(), rate)


def local_file(folder: str, *languages: str) -> Path | None:
    """IT's own announcement: ``warning_<lang>.wav`` in ``folder`` (caller's language first)."""
    if not folder:
        return None
    base = Path(folder).expanduser()
    for lang in (*languages, "en"):
        lang = (lang or "").split("-")[0].lower()
        if lang in LANGUAGES and (base / f"warning_{lang}.wav").is_file():
            return base / f"warning_{lang}.wav"
    found = sorted(base.glob("warning_*.wav")) if base.is_dir() else []
    return found[0] if found else None
