"""Build the generated resources: sounds, compiled translations (.qm), the native audio path.

Sounds (ringtone, beep, hold music, caller voices, the warning announcements that start with
the warning chime, the abusive practice caller) and .qm files go into the package data
folder ``softphone/resources`` (found through importlib.resources, so an editable install uses
them in place and a wheel built afterwards carries them); the native audio path goes to
``softphone/sip/audio/_fastpath.so`` when a C compiler is present, compiled against the
pjproject headers of the installed pjsua2 when it has them (scripts/pjsua2_build.py caches
them; the PyPI wheel has none: then pjmedia 2.15's hand-copied layout). It is rebuilt when
the source or those headers change (a build id is stamped into the file). The SIP source
filter (``softphone/sip/audio/sourcefilter.c`` -> ``_sourcefilter.so``, see
``softphone/sip/source_filter.py``) is compiled only against those headers, stamped with the
pjsua2 build's key; without them it is not built and the app logs that it is off.
Run by ``scripts/dev.sh`` and by ``build_installer.py``, never by the app itself.
Idempotent: skips what exists and is up to date (``--force`` rebuilds).
"""

from __future__ import annotations

import hashlib
import importlib.util
import json
import os
import shutil
import subprocess
import sys
import wave
from importlib.resources import files
from pathlib import Path

import numpy as np

# the package data folder; a plain folder on disk wherever the package is installed
RESOURCES = Path(str(files("softphone.resources")))
SOUNDS = RESOURCES / "sounds"
I18N = RESOURCES / "i18n"
RATE = 48000

# What simulated callers say in the practice center (synthesized at build time).
UTTERANCES = {
    "caller_en": ("en", "Hello, I am calling about my procurement application. "
                        "Could you please tell me the status?"),
    "caller_ko": ("ko", "안녕하세요, 조달 신청 건으로 전화드렸습니다. 진행 상황을 알 수 있을까요?"),
    "caller_ru": ("ru", "Здравствуйте, я звоню по поводу моей заявки. Подскажите, пожалуйста, статус."),
}

# The warning announcements played into an abusive call (the desk's "Warn caller"): the chime,
# then these words. The chime is the same as democenter/protection.py's WARNING_CHIME_*
# (softphone never imports democenter; tests/center/test_protection_api.py compares them).
CHIME_HZ = 1250.0
CHIME_S = 0.6
CHIME_GAP_S = 0.2
CHIME_DBFS = -12.0
WARNINGS = {
    "warning_en": ("en", "This call may be recorded. Our counselors are protected by law from "
                         "abusive language. If the abuse continues, the call will be ended."),
    "warning_ko": ("ko", "이 통화는 녹음될 수 있습니다. 저희 상담사는 산업안전보건법에 따라 "
                         "폭언과 욕설로부터 보호받고 있습니다. 폭언이 계속되면 통화를 "
                         "종료하겠습니다."),
    "warning_ru": ("ru", "Этот разговор может записываться. Наших консультантов закон защищает "
                         "от оскорблений. Если оскорбления продолжатся, разговор будет "
                         "завершён."),
}
# The abusive practice caller (democenter's ACD plays it looped): rude, angry, no obscenities.
ABUSIVE = {
    "abusive_en": ("en", "You are useless! Nobody here ever helps me! I am sick of this, you "
                         "idiots! Are you even listening to me?"),
    "abusive_ko": ("ko", "당신들 정말 쓸모없네요! 여기는 아무도 도와주질 않아요! 이제 "
                         "지긋지긋해요, 바보들 같으니! 내 말 듣고는 있어요?"),
    "abusive_ru": ("ru", "Вы ни на что не годитесь! Здесь мне никто никогда не помогает! Мне "
                         "это надоело, бестолочи! Вы меня вообще слушаете?"),
}


def _write_wav(path: Path, samples: np.ndarray, rate: int = RATE) -> None:
    pcm = np.clip(samples, -1.0, 1.0)
    pcm = (pcm * 32767).astype("<i2")
    tmp = path.with_suffix(".tmp")
    with wave.open(str(tmp), "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(rate)
        w.writeframes(pcm.tobytes())
    tmp.replace(path)


def _envelope(n: int, rate: int, ramp_ms: float = 10.0) -> np.ndarray:
    env = np.ones(n)
    r = max(1, int(rate * ramp_ms / 1000))
    env[:r] = np.linspace(0, 1, r)
    env[-r:] = np.linspace(1, 0, r)
    return env


def ringtone() -> np.ndarray:
    """Two-tone ring (440+480 Hz), 2 s on, 1 s off; one cycle, looped by the player."""
    t = np.arange(int(RATE * 2.0)) / RATE
    tone = 0.25 * (np.sin(2 * np.pi * 440 * t) + np.sin(2 * np.pi * 480 * t))
    tone *= _envelope(len(tone), RATE)
    return np.concatenate([tone, np.zeros(RATE)])


def beep(freq: float = 1000.0, ms: float = 150.0) -> np.ndarray:
    t = np.arange(int(RATE * ms / 1000)) / RATE
    return 0.3 * np.sin(2 * np.pi * freq * t) * _envelope(len(t), RATE, 5)


def hold_music() -> np.ndarray:
    """A soft arpeggio loop, 8 s."""
    notes = [261.63, 329.63, 392.0, 523.25, 392.0, 329.63, 293.66, 349.23]
    out = []
    for f in notes * 2:
        t = np.arange(int(RATE * 0.5)) / RATE
        out.append(0.15 * np.sin(2 * np.pi * f * t) * np.exp(-3 * t) * _envelope(len(t), RATE, 5))
    return np.concatenate(out)


def chime() -> np.ndarray:
    """The warning chime: CHIME_S of a pure CHIME_HZ sine peaking at CHIME_DBFS, 10 ms fades,
    then CHIME_GAP_S of silence."""
    t = np.arange(int(RATE * CHIME_S)) / RATE
    tone = 10 ** (CHIME_DBFS / 20) * np.sin(2 * np.pi * CHIME_HZ * t) * _envelope(len(t), RATE)
    return np.concatenate([tone, np.zeros(int(RATE * CHIME_GAP_S))])


def _stand_in(seconds: float, hz: float, gate_hz: float, level: float) -> np.ndarray:
    """No synthesizer: a voice-band tone pattern, so the words are still audible as something."""
    t = np.arange(int(RATE * seconds)) / RATE
    return level * np.sin(2 * np.pi * hz * t) * (np.sin(2 * np.pi * gate_hz * t) > 0)


def _speak(espeak: str | None, lang: str, text: str, tmp: Path, *opts: str) -> np.ndarray | None:
    """``text`` spoken by espeak-ng at RATE (mono, -1..1); None without espeak-ng."""
    if not espeak:
        return None
    subprocess.run([espeak, "-v", lang, *opts, "-w", str(tmp), text], check=True,
                   capture_output=True)
    try:
        data = _read_resampled(tmp)
    finally:
        tmp.unlink(missing_ok=True)
    peak = float(np.abs(data).max()) if data.size else 0.0
    return data * (0.9 / peak) if peak > 0.9 else data      # never clipped


def build_sounds(force: bool = False, dest: Path | None = None) -> list[Path]:
    """The sounds into ``dest`` (default the package data folder); existing ones are kept
    unless ``force``."""
    dest = dest or SOUNDS
    dest.mkdir(parents=True, exist_ok=True)
    made = []
    for name, fn in (("ringtone", ringtone), ("whisper_beep", beep), ("hold_music", hold_music)):
        p = dest / f"{name}.wav"
        if force or not p.exists():
            _write_wav(p, fn())
            made.append(p)
    espeak = shutil.which("espeak-ng")
    voices = [(name, lang, text, ("-s", "150"), lambda: _stand_in(3, 300, 3, 0.2), None)
              for name, (lang, text) in UTTERANCES.items()]
    voices += [(name, lang, text, ("-s", "145"), lambda: _stand_in(3, 300, 3, 0.2), chime)
               for name, (lang, text) in WARNINGS.items()]
    voices += [(name, lang, text, ("-s", "190", "-p", "72", "-a", "130"),
                lambda: _stand_in(3, 420, 6, 0.35), None) for name, (lang, text) in ABUSIVE.items()]
    for name, lang, text, opts, stand_in, lead in voices:
        p = dest / f"{name}.wav"
        if p.exists() and not force:
            continue
        spoken = _speak(espeak, lang, text, dest / f"{name}.raw.wav", *opts)
        words = stand_in() if spoken is None else spoken
        _write_wav(p, words if lead is None else np.concatenate([lead(), words]))
        made.append(p)
    return made


def _read_resampled(src: Path) -> np.ndarray:
    with wave.open(str(src), "rb") as w:
        rate, n, ch = w.getframerate(), w.getnframes(), w.getnchannels()
        data = np.frombuffer(w.readframes(n), dtype="<i2").astype(np.float64) / 32768
    if ch > 1:
        data = data.reshape(-1, ch).mean(axis=1)
    if rate != RATE:
        x_old = np.arange(len(data)) / rate
        x_new = np.arange(int(len(data) * RATE / rate)) / RATE
        data = np.interp(x_new, x_old, data)
    return data


def build_translations() -> list[Path]:
    """Compile softphone/resources/i18n/*.ts to .qm with Qt's lrelease (shipped with PySide6)."""
    made = []
    ts_files = sorted(I18N.glob("*.ts"))
    if not ts_files:
        return made
    lrelease = shutil.which("pyside6-lrelease") or str(Path(sys.executable).parent / "pyside6-lrelease")
    for ts in ts_files:
        qm = ts.with_suffix(".qm")
        if qm.exists() and qm.stat().st_mtime >= ts.stat().st_mtime:
            continue
        subprocess.run([lrelease, "-silent", str(ts), "-qm", str(qm)], check=True)
        made.append(qm)
    return made


# ------------------------------------------------------------------ the native audio path
BUILD_TAG = b"fastpath-build:"      # + build id + ";" (fastpath.c's BUILD_TAG)


def pjproject_flags() -> tuple[list[str] | None, str]:
    """-I/-D flags for the pjproject headers of the installed pjsua2 and where they are, or
    (None, why not). A pjsua2 built by scripts/pjsua2_build.py names its cached headers in
    ``pjsua2/_build_info.json``; the PyPI wheel ships none."""
    spec = importlib.util.find_spec("pjsua2")          # finds it without importing it
    if spec is None or not spec.submodule_search_locations:
        return None, "pjsua2 is not installed"
    info_file = Path(list(spec.submodule_search_locations)[0]) / "_build_info.json"
    if not info_file.exists():
        return None, "the installed pjsua2 ships no pjproject headers (the PyPI wheel)"
    info = json.loads(info_file.read_text())
    inc = Path(info.get("include_dir", ""))
    if not (inc / "pjlib" / "include" / "pj" / "config.h").exists():
        return None, (f"the headers of pjsua2 {info.get('pj_version')} are gone from {inc}: "
                      f"rebuild it (scripts/dev.sh install with PJPROJECT_TARBALL set)")
    return list(info["cflags"]), f"pjproject {info['pj_version']} headers in {inc}"


class BuildError(RuntimeError):
    pass


def build_id(pj_flags: list[str] | None = None) -> str:
    """What a build of fastpath.c with these flags is called (sha256, 16 digits)."""
    from softphone.sip.audio.fastpath import SOURCE
    return hashlib.sha256(SOURCE.read_bytes() + "\0".join(pj_flags or ()).encode()).hexdigest()[:16]


def built_id(path: Path, tag: bytes = BUILD_TAG) -> str | None:
    """The build id stamped into a compiled library (read from the file, never loaded)."""
    try:
        data = path.read_bytes()
    except OSError:
        return None
    at = data.find(tag)
    return data[at + len(tag):data.find(b";", at)].decode(errors="replace") if at >= 0 else None


def build_native(dest: Path | None = None, force: bool = False,
                 pj_flags: list[str] | None = None) -> Path | None:
    """Compile the library next to its source; None (and no error) when it is up to date or
    there is no C compiler. ``pj_flags`` (-I/-D for the pjproject headers of the installed
    pjsua2) compile it against the real pjmedia types; without, pjmedia 2.15's layout."""
    from softphone.sip.audio.fastpath import LIBRARY, SOURCE
    dest = dest or LIBRARY
    flags = ["-DFP_PJ_HEADERS=1", *pj_flags] if pj_flags else []
    bid = build_id(flags)
    if dest.exists() and not force and built_id(dest) == bid:
        return None
    return _compile_shared(SOURCE, dest, ["-pthread", f'-DFP_BUILD_ID="{bid}"', *flags],
                           ["-lm"])


def _compile_shared(source: Path, dest: Path, args: list[str], libs: list[str] = ()) -> Path | None:
    """cc -shared ``source`` -> ``dest`` (atomically: a running app keeps its mapped copy);
    None when there is no C compiler."""
    cc = os.environ.get("CC") or shutil.which("cc") or shutil.which("gcc")
    if not cc:
        return None
    tmp = dest.with_suffix(".tmp.so")
    cmd = [cc, "-O2", "-std=c11", "-Wall", "-shared", "-fPIC", "-fvisibility=hidden", *args,
           "-o", str(tmp), str(source), *libs]
    res = subprocess.run(cmd, capture_output=True, text=True)
    if res.returncode != 0:
        raise BuildError(f"{' '.join(cmd)} failed:\n{res.stderr}")
    os.replace(tmp, dest)
    return dest


PP_BUILD_TAG = b"pulsepath-build:"      # + build id + ";" (pulsepath.c's BUILD_TAG)


def build_pulse_path(dest: Path | None = None, force: bool = False) -> Path | None:
    """Compile pulsepath.c (streams straight on PulseAudio, softphone/sip/audio/pulsepath.py);
    None when up to date, off Linux, or without libpulse's and ALSA's headers (then PortAudio
    opens every stream, as before)."""
    from softphone.sip.audio.pulsepath import LIBRARY, SOURCE
    dest = dest or LIBRARY
    if not sys.platform.startswith("linux"):
        return None
    if not (Path("/usr/include/pulse/pulseaudio.h").exists()
            and Path("/usr/include/alsa/asoundlib.h").exists()):
        return None
    bid = hashlib.sha256(SOURCE.read_bytes()).hexdigest()[:16]
    if dest.exists() and not force and built_id(dest, PP_BUILD_TAG) == bid:
        return None
    return _compile_shared(SOURCE, dest, ["-pthread", f'-DPP_BUILD_ID="{bid}"'],
                           ["-lpulse", "-lasound"])


SF_BUILD_TAG = b"sourcefilter-build:"   # + build id + ";" (sourcefilter.c's BUILD_TAG)


def pjsua2_build_key() -> str:
    """The build key of the installed pjsua2 (scripts/pjsua2_build.py), '' for another one."""
    spec = importlib.util.find_spec("pjsua2")
    if spec is None or not spec.submodule_search_locations:
        return ""
    info_file = Path(list(spec.submodule_search_locations)[0]) / "_build_info.json"
    try:
        return str(json.loads(info_file.read_text()).get("key", ""))
    except (OSError, ValueError):
        return ""


def build_source_filter(dest: Path | None = None, force: bool = False,
                        pj_flags: list[str] | None = None, key: str = "") -> Path | None:
    """Compile sourcefilter.c (softphone/sip/source_filter.py) against the pjproject headers
    of the installed pjsua2, stamped with its build ``key``; None when up to date, when
    there are no headers (then the filter stays off, and says so) or no C compiler."""
    from softphone.sip.source_filter import LIBRARY, SOURCE
    dest = dest or LIBRARY
    if not pj_flags:
        return None
    flags = [f'-DSF_BUILD_KEY="{key}"', *pj_flags]
    bid = hashlib.sha256(SOURCE.read_bytes() + "\0".join(flags).encode()).hexdigest()[:16]
    if dest.exists() and not force and built_id(dest, SF_BUILD_TAG) == bid:
        return None
    return _compile_shared(SOURCE, dest, [f'-DSF_BUILD_ID="{bid}"', *flags])


def main(argv: list[str] | None = None) -> int:
    force = "--force" in (argv or sys.argv[1:])
    made = build_sounds(force) + build_translations()
    from softphone.sip.audio import fastpath, pulsepath
    flags, where = pjproject_flags()
    lib = build_native(force=force, pj_flags=flags)
    if lib is not None:
        made.append(lib)
        print(f"native audio path compiled against {where}" if flags else
              f"native audio path compiled with pjmedia 2.15's layout ({where})")
    elif not fastpath.LIBRARY.exists():
        print("note: no C compiler found: the call's audio will run on its Python path "
              "(install gcc and rerun to build softphone/sip/audio/_fastpath.so)")
    pp = build_pulse_path(force=force)
    if pp is not None:
        made.append(pp)
    elif sys.platform.startswith("linux") and not pulsepath.LIBRARY.exists():
        print("note: libpulse-dev or libasound2-dev is missing: call audio on PulseAudio "
              "devices goes through PortAudio's ALSA plugin (more CPU per call)")
    sf = build_source_filter(force=force, pj_flags=flags, key=pjsua2_build_key())
    if sf is not None:
        made.append(sf)
    elif not flags:
        print(f"note: the SIP source filter is not built ({where}): requests are not checked "
              "against the registrar's address")
    for p in made:
        print(f"built {p}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
