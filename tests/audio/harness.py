"""Processes for audio tests and benchmarks: the app side and the peer, spoken to in JSON lines."""

from __future__ import annotations

import json
import subprocess
import sys
import threading
import time
from contextlib import contextmanager
from pathlib import Path

import numpy as np

from tests.support import procs
from tests.support.pulse import PulseServer

ROOT = Path(__file__).resolve().parents[2]


@contextmanager
def engine_and_peer(pulse: PulseServer, tmp_path: Path, *extra: str):
    """Kamailio with agent1, the real SipEngine + AudioBridge (tests.audio.engine_side)
    registered as agent1 on the test sinks, and a pjsua2 peer that calls it directly (so
    the engine takes requests from any source here), all ready; yields (app, peer, app_port)
    and stops everything afterwards."""
    from tests.support.kamailio import Kamailio
    kam = Kamailio(tmp_path / "kam", users={"agent1": "secret1"}).start()
    env = pulse.env()
    env["PYTHONPATH"] = str(ROOT)
    app_port, peer_port = procs.free_port(), procs.free_port()
    app = Proc("tests.audio.engine_side",
               ["--port", str(app_port), "--registrar", kam.registrar("udp"),
                "--domain", kam.domain, "--user", "agent1", "--password", "secret1",
                "--input", "mic", "--output", "headset", "--ring", "ring", "--any-source",
                *extra], env, tmp_path / "engine.log")
    peer = Proc("tests.audio.peer", ["--port", str(peer_port)], env, tmp_path / "peer.log")
    try:
        app.wait("ready", 30)
        peer.wait("ready", 30)
        yield app, peer, app_port
    finally:
        peer.close()
        app.close()
        kam.stop()


@contextmanager
def engine_and_parties(pulse: PulseServer, tmp_path: Path, names: tuple[str, ...] = ("a", "b"),
                       *extra: str):
    """Like ``engine_and_peer`` with the engine side in ``--manual`` mode (the test answers)
    and one ``tests.audio.party`` process per name (each answers, follows transfers);
    yields (app, {name: (party, port)}, app_port)."""
    from tests.support.kamailio import Kamailio
    kam = Kamailio(tmp_path / "kam", users={"agent1": "secret1"}).start()
    env = pulse.env()
    env["PYTHONPATH"] = str(ROOT)
    app_port = procs.free_port()
    app = Proc("tests.audio.engine_side",
               ["--port", str(app_port), "--registrar", kam.registrar("udp"),
                "--domain", kam.domain, "--user", "agent1", "--password", "secret1",
                "--input", "mic", "--output", "headset", "--ring", "ring", "--any-source",
                "--manual", *extra], env, tmp_path / "engine.log")
    parties: dict[str, tuple[Proc, int]] = {}
    try:
        for name in names:
            port = procs.free_port()
            parties[name] = (Proc("tests.audio.party", ["--port", str(port)], env,
                                  tmp_path / f"party_{name}.log"), port)
        app.wait("ready", 30)
        for party, _ in parties.values():
            party.wait("ready", 30)
        yield app, parties, app_port
    finally:
        for party, _ in parties.values():
            party.close()
        app.close()
        kam.stop()


class Proc:
    """A test process speaking JSON lines: ``send`` commands, ``wait`` for events. ``prefix``
    runs it through a wrapper (e.g. setpriv/prlimit, to take privileges away)."""

    def __init__(self, module: str, args: list[str], env: dict, log: Path,
                 prefix: list[str] | tuple[str, ...] = ()) -> None:
        self.log = log
        self.events: list[dict] = []
        self._lock = threading.Lock()
        self.p = subprocess.Popen([*prefix, sys.executable, "-u", "-m", module, *args], cwd=ROOT,
                                  env=env,
                                  stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                  stderr=open(log, "ab"), text=True, start_new_session=True)
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        for line in self.p.stdout:
            try:
                ev = json.loads(line)
            except ValueError:
                with open(self.log, "a") as f:
                    f.write(line)
                continue
            with self._lock:
                self.events.append(ev)

    def send(self, line: str) -> None:
        self.p.stdin.write(line + "\n")
        self.p.stdin.flush()

    def find(self, ev: str, since: int = 0, **match) -> dict | None:
        with self._lock:
            for e in self.events[since:]:
                if e["ev"] == ev and all(e.get(k) == v for k, v in match.items()):
                    return e
        return None

    def mark(self) -> int:
        with self._lock:
            return len(self.events)

    def wait(self, ev: str, timeout: float = 20.0, since: int = 0, **match) -> dict:
        def check():
            if self.p.poll() is not None and not self.find(ev, since, **match):
                raise AssertionError(f"process exited with {self.p.returncode}; see {self.log}")
            return self.find(ev, since, **match)
        return procs.wait_for(check, timeout, interval=0.05, what=f"event {ev} {match}")

    def command(self, line: str, timeout: float = 20.0) -> None:
        since = self.mark()
        self.send(line)
        self.wait("ok", timeout, since=since, command=line)

    def errors(self) -> list[dict]:
        with self._lock:
            return [e for e in self.events if e["ev"] == "error"]

    def close(self) -> int | None:
        try:
            self.send("quit")
            self.p.wait(15)
        except Exception:
            pass
        procs.stop(self.p)
        with self._lock, open(self.log.with_suffix(".events"), "w") as f:
            f.writelines(json.dumps(e) + "\n" for e in self.events)
        return self.p.returncode


class Call:
    def __init__(self, pulse: PulseServer, tmp: Path, app_args: list[str],
                 app_env: dict | None = None) -> None:
        self.pulse, self.tmp = pulse, tmp
        env = pulse.env()
        env["PYTHONPATH"] = str(ROOT)
        app_env = {**env, **(app_env or {})}
        self.app_port, self.peer_port = procs.free_port(), procs.free_port()
        self.app = Proc("tests.audio.app_side", ["--port", str(self.app_port), *app_args], app_env,
                        tmp / "app.log")
        self.peer = Proc("tests.audio.peer", ["--port", str(self.peer_port)], env, tmp / "peer.log")

    def connect(self) -> "Call":
        self.app.wait("ready", 30)
        self.peer.wait("ready", 30)
        self.peer.command(f"dial sip:app@127.0.0.1:{self.app_port}")
        self.app.wait("media", 20, active=True)
        self.peer.wait("media", 20, active=True)
        return self

    def capture(self, sink: str, seconds: float, name: str) -> np.ndarray:
        """Record ``sink``'s monitor for ``seconds``; returns the samples."""
        path = self.tmp / f"{name}.raw"
        rec = self.pulse.record(sink, path)
        time.sleep(seconds)
        return self.pulse.stop_recording(rec, path)

    def peer_hears(self, seconds: float, name: str) -> np.ndarray:
        """What the peer received during the next ``seconds``."""
        self.peer.command("clear")
        time.sleep(seconds)
        path = str(self.tmp / f"{name}.npy")
        self.peer.command(f"save {path}")
        return np.load(path)

    def close(self) -> None:
        for p in (self.peer, self.app):
            p.close()


