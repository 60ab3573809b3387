"""A private PulseAudio with null sinks: a real, clocked sound card for audio tests.

Usage::

    with PulseServer(tmpdir, sinks=("headset", "ring"), sources=("mic",)) as pa:
        env = pa.env()                     # give this to the app process (before sounddevice loads)
        rec = pa.record("headset", path)   # capture what the app plays on that sink (raw s16le)
        pa.play("mic", samples)            # feed float samples into the "mic" source
        pa.remove_sink("headset"); pa.add_sink("headset")   # hot-unplug / re-plug
        pa.stop()                          # also done by the context manager
    samples = pa.stop_recording(rec, path) # float32 in [-1, 1]
    peak_hz(samples), rms_dbfs(samples)    # what tone, how loud; tone(hz, seconds) makes one

Every sink ``NAME`` is a ``module-null-sink``; its monitor ``NAME.monitor`` is the capture side.
A "source" ``NAME`` is a null sink too: what is played into it comes out of ``NAME.monitor``,
which the app opens as its microphone. For PortAudio (which reaches PulseAudio through the
ALSA ``pulse`` plugin) ``env()`` points HOME at a directory whose ``.asoundrc`` defines one
ALSA device per sink (playback into it; ``NAME_monitor`` captures what it plays) and per
source (``NAME`` captures from ``NAME.monitor``; ``NAME_feed`` plays into it), so the app
sees them by name. Stop is by PID, never by process name.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import tempfile
import time
import wave
from pathlib import Path

import numpy as np

from tests.support import procs

RATE = 48000


class PulseServer:
    def __init__(self, workdir: str | os.PathLike | None = None, *,
                 sinks: tuple[str, ...] = ("headset",), sources: tuple[str, ...] = ("mic",),
                 default_sink: str | None = None, default_source: str | None = None) -> None:
        # sockets need a short path: keep the runtime dir under /tmp, logs in workdir
        self.dir = Path(tempfile.mkdtemp(prefix="pa-"))
        self.workdir = Path(workdir) if workdir else self.dir
        self.sinks = tuple(sinks)
        self.sources = tuple(sources)
        self.default_sink = default_sink or (self.sinks[0] if self.sinks else None)
        self.default_source = default_source or (self.sources[0] if self.sources else None)
        self.pid: int | None = None
        self._modules: dict[str, int] = {}
        self._children: list[subprocess.Popen] = []

    # ------------------------------------------------------------------ lifecycle
    def env(self, base: dict | None = None) -> dict:
        """Environment for a process that should use this server (PortAudio and pactl)."""
        env = dict(os.environ if base is None else base)
        env.update({
            "PULSE_SERVER": f"unix:{self.dir}/native",
            "PULSE_RUNTIME_PATH": str(self.dir),
            "PULSE_STATE_PATH": str(self.dir),
            "XDG_RUNTIME_DIR": str(self.dir),
            "HOME": str(self.dir),
        })
        env.pop("PULSE_SINK", None)
        env.pop("PULSE_SOURCE", None)
        return env

    def start(self, timeout: float = 20.0) -> "PulseServer":
        lines = [f"load-module module-native-protocol-unix socket={self.dir}/native auth-anonymous=1"]
        (self.dir / "custom.pa").write_text("\n".join(lines) + "\n")
        self._write_asoundrc()
        log = self.workdir / "pulseaudio.log"
        cmd = ["pulseaudio", "-n", "-F", str(self.dir / "custom.pa"), "--daemonize=yes",
               "--exit-idle-time=-1", "--use-pid-file=yes", "--log-target=file:" + str(log),
               "--disallow-exit", "--realtime=no", "--high-priority=no"]
        subprocess.run(cmd, env=self.env(), check=True, timeout=timeout,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        pidfile = self.dir / "pid"
        procs.wait_for(lambda: pidfile.exists() and pidfile.read_text().strip(), timeout,
                       what="pulseaudio pid file")
        self.pid = int(pidfile.read_text().split()[0])
        procs.wait_for(lambda: self._pactl_ok("info"), timeout, interval=0.1,
                       what="pulseaudio to answer pactl")
        for name in self.sinks + self.sources:
            self.add_sink(name)
        if self.default_sink:
            self.pactl("set-default-sink", self.default_sink)
        if self.default_source:
            self.pactl("set-default-source", f"{self.default_source}.monitor")
        return self

    def stop(self) -> None:
        """Stop recorders/players we started, then the server by its PID. Never raises."""
        for p in self._children:
            procs.stop(p, timeout=2)
        self._children.clear()
        if self.pid:
            try:
                os.kill(self.pid, signal.SIGTERM)
                for _ in range(100):
                    os.kill(self.pid, 0)
                    time.sleep(0.05)
                os.kill(self.pid, signal.SIGKILL)
            except (ProcessLookupError, PermissionError):
                pass
            self.pid = None
        shutil.rmtree(self.dir, ignore_errors=True)

    def __enter__(self) -> "PulseServer":
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()

    # ------------------------------------------------------------------ control
    def pactl(self, *args: str, timeout: float = 10.0) -> str:
        res = subprocess.run(["pactl", *args], env=self.env(), capture_output=True, text=True,
                             timeout=timeout)
        if res.returncode != 0:
            raise RuntimeError(f"pactl {' '.join(args)} failed: {res.stderr.strip()}")
        return res.stdout

    def _pactl_ok(self, *args: str) -> bool:
        try:
            self.pactl(*args, timeout=3)
            return True
        except (RuntimeError, subprocess.TimeoutExpired):
            return False

    def add_sink(self, name: str) -> int:
        """Load a 48 kHz mono null sink called ``name`` (again, after remove_sink).

        A name not given at construction also gets its ALSA device (``.asoundrc``), which
        PortAudio sees after its next re-scan: a newly plugged headset."""
        if self.pid and name not in self.sinks + self.sources:
            self.sinks = self.sinks + (name,)
            self._write_asoundrc()
        out = self.pactl("load-module", "module-null-sink", f"sink_name={name}",
                         "rate=48000", "channels=1",
                         f"sink_properties=device.description={name}")
        self._modules[name] = int(out.strip())
        return self._modules[name]

    def remove_sink(self, name: str) -> None:
        """Unload the sink (the 'headset unplugged' event); its monitor goes with it."""
        self.pactl("unload-module", str(self._modules.pop(name)))

    def sink_inputs(self) -> str:
        """``pactl list sink-inputs`` text: which streams play where."""
        return self.pactl("list", "sink-inputs")

    # ------------------------------------------------------------------ audio in and out
    def record(self, sink: str, path: str | os.PathLike) -> subprocess.Popen:
        """Start recording ``sink``'s monitor as raw s16le 48 kHz mono into ``path``."""
        p = procs.start(["parec", f"--device={sink}.monitor", "--format=s16le",
                         f"--rate={RATE}", "--channels=1", "--latency-msec=10",
                         "--raw", str(path)],
                        env=self.env())
        self._children.append(p)
        return p

    def stop_recording(self, proc: subprocess.Popen, path: str | os.PathLike) -> np.ndarray:
        """Stop a recorder and return its samples as float32 in [-1, 1]."""
        procs.stop(proc, timeout=2)
        if proc in self._children:
            self._children.remove(proc)
        return read_raw(path)

    def play(self, sink: str, samples: np.ndarray, path: str | os.PathLike | None = None,
             loop: bool = False) -> subprocess.Popen:
        """Play float samples (48 kHz mono) into ``sink`` (a source's sink side for a mic)."""
        path = Path(path) if path else Path(tempfile.mkstemp(suffix=".wav", dir=self.dir)[1])
        write_wav(path, samples)
        if loop:
            script = f'while :; do paplay --device={sink} "{path}" || exit 1; done'
            p = procs.start(["sh", "-c", script], env=self.env())
        else:
            p = procs.start(["paplay", f"--device={sink}", str(path)], env=self.env())
        self._children.append(p)
        return p

    def stop_playing(self, proc: subprocess.Popen) -> None:
        procs.stop(proc, timeout=2)
        if proc in self._children:
            self._children.remove(proc)

    # ------------------------------------------------------------------ ALSA names
    def _write_asoundrc(self) -> None:
        """One ALSA PCM per sink (playback) and per source (capture from its monitor)."""
        parts = []
        for name in self.sinks:
            parts.append(f'pcm.{name} {{\n  type pulse\n  device "{name}"\n'
                         f'  hint {{ show on description "{name}" }}\n}}\n')
            parts.append(f'pcm.{name}_monitor {{\n  type pulse\n  device "{name}.monitor"\n'
                         f'  hint {{ show on description "{name} monitor" }}\n}}\n')
        for name in self.sources:
            parts.append(f'pcm.{name} {{\n  type pulse\n  device "{name}.monitor"\n'
                         f'  hint {{ show on description "{name}" }}\n}}\n')
            parts.append(f'pcm.{name}_feed {{\n  type pulse\n  device "{name}"\n'
                         f'  hint {{ show on description "{name} feed" }}\n}}\n')
        (self.dir / ".asoundrc").write_text("".join(parts))


def read_raw(path: str | os.PathLike) -> np.ndarray:
    data = Path(path).read_bytes()
    data = data[: len(data) // 2 * 2]
    return np.frombuffer(data, dtype="<i2").astype(np.float32) / 32768.0


def write_wav(path: str | os.PathLike, samples: np.ndarray, rate: int = RATE) -> None:
    pcm = (np.clip(samples, -1.0, 1.0) * 32767).astype("<i2")
    with wave.open(str(path), "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(rate)
        w.writeframes(pcm.tobytes())


def tone(freq: float, seconds: float, amplitude: float = 0.3, rate: int = RATE) -> np.ndarray:
    t = np.arange(int(rate * seconds)) / rate
    return (amplitude * np.sin(2 * np.pi * freq * t)).astype(np.float32)


def peak_hz(samples: np.ndarray, rate: int = RATE) -> float:
    """Frequency of the strongest FFT bin (Hann window), 0.0 for empty input."""
    if len(samples) < 16:
        return 0.0
    x = samples * np.hanning(len(samples))
    spec = np.abs(np.fft.rfft(x))
    spec[:3] = 0  # ignore DC
    return float(np.argmax(spec) * rate / len(samples))


def rms_dbfs(samples: np.ndarray) -> float:
    if len(samples) == 0:
        return -120.0
    r = float(np.sqrt(np.mean(np.square(samples, dtype=np.float64))))
    return 20 * np.log10(max(r, 1e-6))
