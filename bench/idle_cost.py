"""Benchmark: what a registered phone costs while Ready with no call, and in a call.

    .venv/bin/python bench/idle_cost.py [--quick]

One run starts a private PulseAudio (null sinks: headset, ring, speakers, headset_b; a mic
source), Kamailio with three accounts, and three callees registered to it: our app side (a
real SipEngine with the AudioBridge on the null sinks, answering like the desk's
auto-answer: ring, then answer 1.2 s after the offer), a bare pjsua2 UA (library worker
thread, null sound device) and baresip 1.0 (its ALSA module on the same PulseAudio).
Measured, all on one clock and in the same windows so the machine's noise falls on all alike:

- idle: CPU of each process from /proc/<pid>/stat (utime+stime) once our app has closed its
  sound streams; the median of equal slices and the whole window, in % of one core; context
  switches per second (wake-ups); our threads one by one; RSS (VmRSS) and, for ours, the
  mappings that hold most of it;
- a G.711 call: baresip callers (a 440 Hz sine) call our app and the baresip callee at once;
  answer -> first caller audio on the headset sink's monitor (captured here); then the CPU
  of both callees over the same window.
Prints one JSON object. ``--quick`` (under a minute) uses shorter windows, same keys.
Needs pulseaudio, kamailio and baresip (bash scripts/dev.sh test installs them).
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from democenter.registrar import kamailio_path, options_ok, render_config  # noqa: E402
from softphone.platform.children import free_port, stop_group  # noqa: E402

USERS = {"ours": ("agent1", "pw-ours"), "bare_pjsua2": ("agent2", "pw-bare"),
         "baresip": ("agent3", "pw-baresip")}
DOMAIN = "center.local"
AUTO_ANSWER_S = 1.2                  # desk/calls.py: Calls.set_auto_answer(delay_ms=1200)
RATE = 48000
TICK = os.sysconf("SC_CLK_TCK")


def say(ev: str, **fields) -> None:
    sys.stdout.write(json.dumps({"ev": ev, "t": time.monotonic(), **fields}) + "\n")
    sys.stdout.flush()


# --------------------------------------------------------------------------- served processes

def serve_ours(registrar: str, user: str, password: str) -> int:
    """Our app's side: SipEngine + AudioBridge (mic / headset / ring), the desk's auto-answer."""
    import logging
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    logging.basicConfig(level=logging.INFO, stream=sys.stderr)
    from PySide6.QtCore import QTimer

    from softphone.sip.audio import AudioBridge
    from softphone.sip.engine import SipEngine
    from softphone.sip.events import (
        CallEnded, CallMediaChanged, EngineStarted, EngineSettings, IncomingCall,
        RegistrationChanged, SipAccountSettings, Transport,
    )
    from softphone.platform.eventloop import make_core_app
    app = make_core_app()                # the app's event dispatcher (ui/desktop.py)
    engine = SipEngine(lambda emit: AudioBridge(emit, "mic", "headset", "ring"))
    registered = []

    def answer(cid: int) -> None:
        say("answer", cid=cid)
        engine.answer(cid)

    def on_event(ev) -> None:
        if isinstance(ev, EngineStarted):
            engine.set_account(SipAccountSettings(registrar=registrar, domain=DOMAIN,
                                                  username=user, password=password,
                                                  transport=Transport.UDP))
        elif isinstance(ev, RegistrationChanged) and ev.registered and not registered:
            registered.append(1)
            say("registered")
        elif isinstance(ev, IncomingCall):
            say("offer", cid=ev.call_id)
            engine.ring(ev.call_id)
            QTimer.singleShot(int(AUTO_ANSWER_S * 1000), lambda: answer(ev.call_id))
        elif isinstance(ev, CallMediaChanged):
            say("media", active=ev.active)
        elif isinstance(ev, CallEnded):
            say("ended", code=ev.code)

    engine.event.connect(on_event)
    signal.signal(signal.SIGTERM, lambda *_: app.quit())
    keep = QTimer()
    keep.start(500)                      # lets Python run the signal handler
    keep.timeout.connect(lambda: None)
    engine.start(EngineSettings(bind_address="127.0.0.1", transports=(Transport.UDP,),
                                log_level=1))
    app.exec()
    engine.stop(timeout_s=8)
    return 0


def serve_bare(registrar: str, user: str, password: str) -> int:
    """A bare pjsua2 UA the plain way: library worker thread, null sound device, auto-answer."""
    import pjsua2 as pj
    ep = pj.Endpoint()
    ep.libCreate()
    cfg = pj.EpConfig()
    cfg.logConfig.level = cfg.logConfig.consoleLevel = 1
    cfg.medConfig.noVad = True
    ep.libInit(cfg)
    tc = pj.TransportConfig()
    tc.boundAddress = tc.publicAddress = "127.0.0.1"
    tid = ep.transportCreate(pj.PJSIP_TRANSPORT_UDP, tc)
    ep.libStart()
    ep.audDevManager().setNullDev()
    done = threading.Event()

    class Account(pj.Account):
        def onRegState(self, prm):
            try:
                if prm.code == 200:
                    say("registered", version=ep.libVersion().full)
            except BaseException:  # noqa: BLE001
                pass

    ac = pj.AccountConfig()
    ac.idUri = f"sip:{user}@{DOMAIN}"
    ac.regConfig.registrarUri = f"sip:{registrar}"
    ac.sipConfig.transportId = tid
    ac.sipConfig.authCreds.append(pj.AuthCredInfo("digest", "*", user, 0, password))
    acc = Account()
    acc.create(ac)
    signal.signal(signal.SIGTERM, lambda *_: done.set())
    while not done.wait(0.5):
        pass
    acc.shutdown()
    del acc
    ep.libDestroy()
    return 0


# --------------------------------------------------------------------------- helpers

def start(cmd: list[str], log: Path, env: dict | None = None, stdout=None) -> subprocess.Popen:
    with open(log, "ab") as f:
        return subprocess.Popen(cmd, stdout=stdout or f, stderr=f, stdin=subprocess.DEVNULL,
                                env=env, cwd=str(ROOT), start_new_session=True,
                                text=stdout is not None)


def stop(proc: subprocess.Popen | None) -> None:
    """SIGTERM the process group, SIGKILL what lingers."""
    stop_group(proc, 8.0)


def wait_for(pred, timeout: float, what: str):
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        got = pred()
        if got:
            return got
        time.sleep(0.05)
    raise RuntimeError(f"timed out waiting for {what}")


class Lines:
    """A child's JSON lines on stdout, collected on a thread."""

    def __init__(self, proc: subprocess.Popen) -> None:
        self.proc, self.events = proc, []
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        for line in self.proc.stdout:
            if line.startswith("{"):
                try:
                    self.events.append(json.loads(line))
                except ValueError:
                    pass

    def find(self, ev: str) -> dict | None:
        return next((e for e in list(self.events) if e["ev"] == ev), None)


class Pulse:
    """A private PulseAudio with 48 kHz mono null sinks and one ALSA device per sink."""

    def __init__(self, work: Path, sinks: tuple[str, ...], source: str) -> None:
        self.dir = Path(tempfile.mkdtemp(prefix="pa-"))        # sockets want a short path
        self.work, self.sinks, self.source = work, sinks, source

    def env(self) -> dict:
        d = str(self.dir)
        return {**os.environ, "PULSE_SERVER": f"unix:{d}/native", "PULSE_RUNTIME_PATH": d,
                "PULSE_STATE_PATH": d, "XDG_RUNTIME_DIR": d, "HOME": d}

    def pactl(self, *args: str) -> str:
        return subprocess.run(["pactl", *args], env=self.env(), capture_output=True, text=True,
                              check=True, timeout=10).stdout

    def start(self) -> "Pulse":
        (self.dir / "custom.pa").write_text(
            f"load-module module-native-protocol-unix socket={self.dir}/native auth-anonymous=1\n")
        pcm = "".join(f'pcm.{n} {{ type pulse\n device "{n}" }}\npcm.{n}_monitor {{ type pulse\n'
                      f' device "{n}.monitor" }}\n' for n in self.sinks)
        pcm += f'pcm.{self.source} {{ type pulse\n device "{self.source}.monitor" }}\n'
        (self.dir / ".asoundrc").write_text(pcm)
        subprocess.run(["pulseaudio", "-n", "-F", str(self.dir / "custom.pa"), "--daemonize=yes",
                        "--exit-idle-time=-1", "--use-pid-file=yes", "--disallow-exit",
                        f"--log-target=file:{self.work / 'pulseaudio.log'}", "--realtime=no",
                        "--high-priority=no"], env=self.env(), check=True, timeout=20)
        wait_for(lambda: subprocess.run(["pactl", "info"], env=self.env(),
                                        capture_output=True).returncode == 0, 20, "pulseaudio")
        for name in (*self.sinks, self.source):
            self.pactl("load-module", "module-null-sink", f"sink_name={name}", "rate=48000",
                       "channels=1")
        self.pactl("set-default-sink", "speakers")
        self.pactl("set-default-source", f"{self.source}.monitor")
        return self

    def streams(self) -> int:
        """Playback and capture streams open on the server now (all clients)."""
        return sum(len(self.pactl("list", "short", kind).strip().splitlines())
                   for kind in ("sink-inputs", "source-outputs"))

    def stop(self) -> None:
        try:
            pid = int((self.dir / "pid").read_text().split()[0])
            os.kill(pid, signal.SIGTERM)
            wait_for(lambda: not Path(f"/proc/{pid}").exists(), 5, "pulseaudio to stop")
        except (OSError, ValueError, RuntimeError):
            pass


def baresip_dir(work: Path, name: str, lines: list[str], account: str) -> Path:
    d = work / name
    d.mkdir()
    (d / "config").write_text("\n".join([
        "poll_method epoll", f"sip_listen 127.0.0.1:{free_port()}", "net_interface 127.0.0.1",
        "sip_trans_def udp", "module_path /usr/lib/baresip/modules", "module g711.so",
        "module_app account.so", "module_app menu.so", "audio_level no", "rtcp_mux no",
        *lines, ""]))
    (d / "accounts").write_text(account + "\n")
    (d / "contacts").write_text("")
    return d


# --------------------------------------------------------------------------- measuring

def cpu_s(pid: int) -> float:
    f = open(f"/proc/{pid}/stat").read().rsplit(")", 1)[1].split()
    return (int(f[11]) + int(f[12])) / TICK


def threads(pid: int) -> dict[str, tuple[float, int]]:
    """Per thread ("name/tid"): (CPU seconds, context switches)."""
    out = {}
    for tid in os.listdir(f"/proc/{pid}/task"):
        try:
            name = open(f"/proc/{pid}/task/{tid}/comm").read().strip()
            f = open(f"/proc/{pid}/task/{tid}/stat").read().rsplit(")", 1)[1].split()
            st = open(f"/proc/{pid}/task/{tid}/status").read()
        except OSError:
            continue
        sw = sum(int(line.split()[1]) for line in st.splitlines() if "ctxt_switches" in line)
        out[f"{name}/{tid}"] = ((int(f[11]) + int(f[12])) / TICK, sw)
    return out


def rss_mib(pid: int) -> float:
    for line in open(f"/proc/{pid}/status"):
        if line.startswith("VmRSS:"):
            return round(int(line.split()[1]) / 1024, 1)
    return 0.0


def top_mappings(pid: int, n: int = 8) -> dict[str, float]:
    """RSS by mapped file (or [heap] / [anon]), MiB, largest first."""
    by: dict[str, int] = {}
    name = ""
    for line in open(f"/proc/{pid}/smaps"):
        head = line.split()
        if "-" in head[0] and len(head) >= 5 and not line.startswith(("Rss", "Pss")):
            name = Path(head[5]).name if len(head) >= 6 else "[anon]"
        elif head[0] == "Rss:":
            by[name] = by.get(name, 0) + int(head[1])
    top = sorted(by.items(), key=lambda kv: -kv[1])[:n]
    return {k: round(v / 1024, 1) for k, v in top}


def measure(pids: dict[str, int], seconds: float, slices: int, detail: str) -> dict:
    """Per process: CPU % of one core (median of equal slices, and the whole window) and
    wake-ups (context switches) per second; ``detail``'s threads one by one."""
    marks = [({k: cpu_s(p) for k, p in pids.items()}, time.monotonic())]
    th0 = {k: threads(p) for k, p in pids.items()}
    for _ in range(slices):
        time.sleep(seconds / slices)
        marks.append(({k: cpu_s(p) for k, p in pids.items()}, time.monotonic()))
    th1 = {k: threads(p) for k, p in pids.items()}
    wall = marks[-1][1] - marks[0][1]
    out = {}
    for k in pids:
        per = [100 * (b[0][k] - a[0][k]) / (b[1] - a[1]) for a, b in zip(marks, marks[1:])]
        switches = sum(v[1] for v in th1[k].values()) - sum(
            th0[k].get(t, (0, v[1]))[1] for t, v in th1[k].items())
        out[k] = {"cpu_pct_median": round(statistics.median(per), 2),
                  "cpu_pct_window": round(100 * (marks[-1][0][k] - marks[0][0][k]) / wall, 2),
                  "wakeups_per_s": round(switches / wall, 1)}
    rows = {t: (round(100 * (v[0] - th0[detail].get(t, (0.0, 0))[0]) / wall, 2),
                round((v[1] - th0[detail].get(t, (0.0, v[1]))[1]) / wall, 1))
            for t, v in th1[detail].items()}
    out[detail]["threads_cpu_pct_and_wakeups_per_s"] = {
        t: list(v) for t, v in sorted(rows.items(), key=lambda kv: (-kv[1][0], -kv[1][1]))
        if v[0] > 0 or v[1] >= 1}
    out["seconds"] = round(wall, 1)
    return out


class Headset:
    """This process records the headset sink's monitor: (block start time, RMS) per block."""

    def __init__(self) -> None:
        import numpy as np
        import sounddevice as sd                  # after PULSE_SERVER is set
        self.blocks: list[tuple[float, float]] = []

        def cb(indata, frames, time_info, status) -> None:
            x = indata[:, 0]
            self.blocks.append((time.monotonic() - frames / RATE,
                                float(np.sqrt(np.mean(x * x)))))
        self.stream = sd.InputStream(device="headset_monitor", samplerate=RATE, channels=1,
                                     dtype="float32", blocksize=240, latency="low", callback=cb)
        self.stream.start()

    def first_sound_after(self, t: float, level: float = 0.003) -> float | None:
        return next((at for at, rms in list(self.blocks) if at >= t - 0.005 and rms > level),
                    None)

    def close(self) -> None:
        self.stream.abort()
        self.stream.close()


# --------------------------------------------------------------------------- the run

def start_kamailio(work: Path) -> tuple[subprocess.Popen, int]:
    exe = kamailio_path()
    if exe is None:
        raise SystemExit("kamailio is not installed (bash scripts/dev.sh test installs it)")
    kdir = work / "kamailio"
    kdir.mkdir()
    udp = free_port()
    (kdir / "kamailio.cfg").write_text(render_config(
        udp, free_port(), DOMAIN, users=dict(USERS.values())))
    proc = start([exe, "-DD", "-E", "-f", str(kdir / "kamailio.cfg"), "-Y", str(kdir), "-w",
                  str(kdir)], work / "kamailio.log")
    wait_for(lambda: options_ok(udp), 10, "kamailio")
    return proc, udp


def goal(name: str, value, target, met: bool) -> dict:
    return {"name": name, "value": value, "target": target, "met": bool(met)}


def ratio(a, b):
    return round(a / b, 2) if a is not None and b else None


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--quick", action="store_true", help="under a minute: shorter windows")
    ap.add_argument("--idle-seconds", type=float, default=None)
    ap.add_argument("--call-seconds", type=float, default=None)
    ap.add_argument("--serve-ours", nargs=3, help=argparse.SUPPRESS)
    ap.add_argument("--serve-bare", nargs=3, help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.serve_ours:
        return serve_ours(*args.serve_ours)
    if args.serve_bare:
        return serve_bare(*args.serve_bare)
    idle_s = args.idle_seconds or (15.0 if args.quick else 60.0)
    call_s = args.call_seconds or (12.0 if args.quick else 60.0)
    slices = 3 if args.quick else 6          # /proc counts 10 ms ticks: slices of >= 5 s
    work = Path(tempfile.mkdtemp(prefix="idle_cost-"))
    t0 = time.monotonic()
    pulse = Pulse(work, ("headset", "ring", "speakers", "headset_b"), "mic").start()
    os.environ.update(pulse.env())             # this process records the headset sink
    env = pulse.env()
    kam = ours = bare = bs = head = None
    callers: list[subprocess.Popen] = []
    try:
        kam, port = start_kamailio(work)
        reg = f"127.0.0.1:{port}"
        me = [sys.executable, str(Path(__file__).resolve())]
        ours = start([*me, "--serve-ours", reg, *USERS["ours"]], work / "ours.log", env,
                     stdout=subprocess.PIPE)
        bare = start([*me, "--serve-bare", reg, *USERS["bare_pjsua2"]], work / "bare.log", env,
                     stdout=subprocess.PIPE)
        user, pw = USERS["baresip"]
        bdir = baresip_dir(work, "baresip", [
            "module alsa.so", "audio_player alsa,headset_b", "audio_source alsa,mic",
            "audio_alert alsa,speakers", "ausrc_srate 48000", "auplay_srate 48000",
            "ausrc_channels 1", "auplay_channels 1"],
            f'<sip:{user}@{DOMAIN}>;auth_pass={pw};outbound="sip:{reg}";regint=300;'
            "answermode=auto;audio_codecs=PCMU")
        bs = start(["baresip", "-f", str(bdir)], work / "baresip.log", env)
        out = {"ours": Lines(ours), "bare_pjsua2": Lines(bare)}
        for k, lines in out.items():
            wait_for(lambda: lines.find("registered") or lines.proc.poll() is not None, 30,
                     f"{k} to register")
            if lines.find("registered") is None:
                raise RuntimeError(f"{k} exited; see {work}")
        wait_for(lambda: "200 OK" in (work / "baresip.log").read_text(errors="replace"), 30,
                 "baresip to register")
        # Ready with no call: wait until our app has closed its sound streams (none is open on
        # the sound server; the idle peers open none)
        try:
            wait_for(lambda: pulse.streams() == 0, 30, "the idle sound streams to close")
        except RuntimeError:
            pass                             # an app that keeps them open: measured as it is
        settled_s = time.monotonic() - t0
        streams_idle = pulse.streams()
        time.sleep(1.0)
        pids = {"ours": ours.pid, "bare_pjsua2": bare.pid, "baresip": bs.pid}
        idle = measure(pids, idle_s, slices, "ours")
        rss = {k: rss_mib(p) for k, p in pids.items()}
        mappings = top_mappings(ours.pid)

        # a G.711 call to each of ours and baresip, at once
        head = Headset()
        time.sleep(0.5)
        sine = ["module ausine.so", "module aubridge.so", "audio_source ausine,440",
                "audio_player aubridge,nil", "audio_alert aubridge,nil", "ausrc_srate 48000",
                "ausrc_channels 2", "auplay_srate 48000", "auplay_channels 2"]
        for who in ("ours", "baresip"):
            d = baresip_dir(work, f"caller_{who}", sine,
                            f'<sip:caller_{who}@caller.invalid>;regint=0;outbound="sip:{reg}";'
                            "audio_codecs=PCMU")
            callers.append(start(["baresip", "-f", str(d), "-e",
                                  f"/dial sip:{USERS[who][0]}@{DOMAIN}"],
                                 work / f"caller_{who}.log", env))
        offer = wait_for(lambda: out["ours"].find("offer"), 20, "the offer to our app")
        answer = wait_for(lambda: out["ours"].find("answer"), 20, "our app to answer")
        try:
            heard = wait_for(lambda: head.first_sound_after(answer["t"]), 5,
                             "the caller's audio on the headset")
        except RuntimeError:
            heard = None
        answer_ms = round(1000 * (heard - answer["t"]), 1) if heard else None
        time.sleep(2.0)                      # the ring stream closes a second after the answer
        call = measure({"ours": ours.pid, "baresip": bs.pid}, call_s, slices, "ours")
        still_up = out["ours"].find("ended") is None
    finally:
        for p in callers:
            stop(p)
        if head is not None:
            head.close()
        for p in (ours, bare, bs, kam):
            stop(p)
        pulse.stop()

    ours_idle, ours_call = idle["ours"]["cpu_pct_median"], call["ours"]["cpu_pct_median"]
    mode = next((line.split("SIP wait: ", 1)[1].strip() for line in
                 (work / "ours.log").read_text(errors="replace").splitlines()
                 if "SIP wait: " in line), "?")
    results = {
        "pjsua2": out["bare_pjsua2"].find("registered").get("version"), "sip_wait": mode,
        "idle": idle, "call": call, "rss_mib": rss, "ours_rss_top_mappings_mib": mappings,
        "answer_to_first_audio_ms": answer_ms,
        "offer_to_answer_ms": round(1000 * (answer["t"] - offer["t"]), 1),
        "ratios": {
            "idle_cpu_ours_vs_bare_pjsua2": ratio(ours_idle, idle["bare_pjsua2"]["cpu_pct_median"]),
            "idle_cpu_ours_vs_baresip": ratio(ours_idle, idle["baresip"]["cpu_pct_median"]),
            "call_cpu_ours_vs_baresip": ratio(ours_call, call["baresip"]["cpu_pct_median"]),
            "idle_rss_ours_vs_bare_pjsua2": ratio(rss["ours"], rss["bare_pjsua2"])},
        "sound_streams_open_while_idle": streams_idle,
        "call_still_up_at_end": still_up, "settled_after_s": round(settled_s, 1),
        "wall_s": round(time.monotonic() - t0, 1), "workdir": str(work),
    }
    call_ratio = results["ratios"]["call_cpu_ours_vs_baresip"]
    goals = [
        goal("registered and idle: CPU, % of one core (median of slices)", ours_idle, "<= 1.0",
             ours_idle <= 1.0),
        goal("answer -> first caller audio at the headset, auto-answer (ms)", answer_ms, "<= 300",
             answer_ms is not None and answer_ms <= 300),
        goal(f"CPU in a {call_s:.0f} s G.711 call vs baresip (ratio of medians)", call_ratio,
             "<= 2.0", call_ratio is not None and call_ratio <= 2.0 and still_up),
        goal("idle RSS after login (MiB)", rss["ours"], "<= 120", rss["ours"] <= 120),
    ]
    print(json.dumps({"benchmark": "idle_cost", "results": results, "goals": goals}, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
