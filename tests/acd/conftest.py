"""Fixtures for the queue (ACD) tests: a practice-center database, Kamailio, agent UAs, the ACD."""

from __future__ import annotations

import json
import signal
import subprocess
import sys
import time
import wave
from importlib.resources import files
from pathlib import Path

import numpy as np
import pytest

from democenter import db
from tests.support.kamailio import Kamailio
from tests.support.procs import start, stop, wait_for

ROOT = Path(__file__).resolve().parents[2]
AGENT_UA = ROOT / "tests" / "peers" / "agent_ua.py"
SOUNDS = Path(str(files("softphone.resources") / "sounds"))   # callers' voices, resources_build
USERS = {"agent1": "pw-one", "agent2": "pw-two"}
QUEUE = "procurement"


def make_db(path: Path, ring_timeout_s: int = 15) -> None:
    """The shared schema plus the fewest rows the ACD needs: two queues, agents, customers."""
    conn = db.connect(path)
    try:
        db.migrate(conn)
        with db.transaction(conn):
            for q in (QUEUE, "hotline"):
                conn.execute("INSERT INTO queues(id, name_en, name_ko, name_ru, ring_timeout_s) "
                             "VALUES (?,?,?,?,?)", (q, q, q, q, ring_timeout_s))
            for i, name in enumerate(USERS):   # SIP passwords: Kamailio's, not the center's
                conn.execute("INSERT INTO agents(id, password_hash, display_name, sip_username, "
                             "state) VALUES (?,?,?,?, 'logged_out')",
                             (name, "x", f"Agent {i + 1}", name))
                conn.execute("INSERT INTO agent_queues (agent_id, queue_id) VALUES (?,?)",
                             (name, QUEUE))
            conn.execute("INSERT INTO customers(id, name, number, language) VALUES "
                         "('c1', 'Emily \"Em\" Clark', '+12025550121', 'en'), "
                         "('c2', '이서연', '+82215550101', 'ko')")
    finally:
        conn.close()


class Center:
    """The test's handle on the database file (fresh connection per call, like another process)."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def q(self, sql: str, params=()) -> list[tuple]:
        conn = db.connect(self.path)
        try:
            return [tuple(r) for r in conn.execute(sql, params).fetchall()]
        finally:
            conn.close()

    def x(self, sql: str, params=()) -> None:
        conn = db.connect(self.path)
        try:
            with db.transaction(conn):
                conn.execute(sql, params)
        finally:
            conn.close()

    def conn(self):
        return db.connect(self.path)

    def set_ready(self, agent_id: str, since: float | None = None) -> None:
        self.x("UPDATE agents SET state='ready', reason_code='', state_since=? WHERE id=?",
               (time.time() if since is None else since, agent_id))

    def agent(self, agent_id: str) -> tuple[str, str]:
        return self.q("SELECT state, reason_code FROM agents WHERE id=?", (agent_id,))[0]

    def ix(self, ix_id: str) -> dict:
        conn = db.connect(self.path)
        try:
            cur = conn.execute("SELECT * FROM interactions WHERE id=?", (ix_id,))
            row = cur.fetchone()
            return dict(zip([c[0] for c in cur.description], row)) if row else {}
        finally:
            conn.close()

    def command_result(self, cid: int, timeout: float = 10.0) -> str:
        return wait_for(lambda: (self.q("SELECT result FROM acd_commands WHERE id=?",
                                        (cid,)) or [(None,)])[0][0],
                        timeout, what=f"the ACD to run command {cid}")


def json_events(path: Path) -> list[dict]:
    try:
        lines = path.read_text(errors="replace").splitlines()
    except OSError:
        return []
    out = []
    for line in lines:
        if line.startswith("{"):
            try:
                out.append(json.loads(line))
            except ValueError:
                pass
    return out


class AgentUA:
    """tests/peers/agent_ua.py in its own process; its JSON events read from its log file."""

    def __init__(self, kam: Kamailio | None, user: str, workdir: Path, **opts) -> None:
        self.user, self.log = user, workdir / f"ua-{user}.log"
        self.record = str(workdir / f"rx-{user}.wav")
        cmd = [sys.executable, str(AGENT_UA), "--user", user, "--password", USERS[user],
               "--record", self.record, "--workdir", str(workdir), "--sip-log", "3"]
        if kam is not None:
            cmd += ["--proxy", kam.registrar("udp"), "--domain", kam.domain]
        for key, value in opts.items():
            cmd += [f"--{key.replace('_', '-')}", str(value)]
        self.proc = start(cmd, log_path=str(self.log), stdin=subprocess.PIPE)
        self.port = self.wait("started")["sip_port"]
        if kam is not None:
            self.wait("registration", lambda e: e.get("active"), timeout=15)

    def events(self, kind: str | None = None) -> list[dict]:
        return [e for e in json_events(self.log) if kind is None or e["event"] == kind]

    def wait(self, kind: str, pred=lambda e: True, timeout: float = 15.0) -> dict:
        def found():
            if self.proc.poll() is not None:
                raise AssertionError(f"agent UA {self.user} exited; its log:\n"
                                     + self.log.read_text(errors="replace")[-4000:])
            return next((e for e in self.events(kind) if pred(e)), None)
        return wait_for(found, timeout, what=f"agent {self.user} event {kind}")

    def send(self, line: str) -> None:
        self.proc.stdin.write((line + "\n").encode())
        self.proc.stdin.flush()

    def stop(self) -> None:
        stop(self.proc)


class AcdProc:
    """python -m democenter.acd on the test database, routed through Kamailio."""

    def __init__(self, dbfile: Path, kam: Kamailio | None, workdir: Path, *extra: str) -> None:
        self.log = workdir / "acd.log"
        self.record_dir = workdir / "acd-rec"
        route = ["--proxy", kam.registrar("udp"), "--domain", kam.domain] if kam else []
        cmd = [sys.executable, "-m", "democenter.acd", "--db", str(dbfile), "--sip-port", "0",
               *route, "--record-dir", str(self.record_dir), "--rate", "0", "--seed", "7",
               *extra]
        self.proc = start(cmd, log_path=str(self.log), cwd=str(ROOT))

        def ready():
            if self.proc.poll() is not None:
                raise AssertionError(f"the ACD exited:\n{self.log.read_text()}")
            for line in self.log.read_text(errors="replace").splitlines():
                if line.startswith("ACD READY sip=127.0.0.1:"):
                    return int(line.rsplit(":", 1)[1])
            return None
        self.port = wait_for(ready, 20, what="ACD READY")

    def terminate(self, timeout: float = 15.0) -> int:
        self.proc.send_signal(signal.SIGTERM)
        return self.proc.wait(timeout)

    def stop(self) -> None:
        stop(self.proc)


def read_wav(path: str) -> tuple[np.ndarray, int]:
    with wave.open(path, "rb") as w:
        rate = w.getframerate()
        data = np.frombuffer(w.readframes(w.getnframes()), dtype="<i2").astype(np.float64)
        if w.getnchannels() > 1:
            data = data.reshape(-1, w.getnchannels())[:, 0]
    return data, rate


def wait_wav(path, min_seconds: float, timeout: float = 10.0) -> tuple[np.ndarray, int]:
    """A recording once pjsua2 has closed it (the recorder closes on a later clock tick)."""
    def ready():
        try:
            data, rate = read_wav(str(path))
        except (OSError, EOFError, wave.Error):
            return None
        return (data, rate) if data.size >= min_seconds * rate else None
    return wait_for(ready, timeout, interval=0.1, what=f"the recording {path}")


def dominant_hz(samples: np.ndarray, rate: int) -> float:
    spectrum = np.abs(np.fft.rfft(samples * np.hanning(len(samples))))
    return float(np.fft.rfftfreq(len(samples), 1 / rate)[int(np.argmax(spectrum[1:])) + 1])


@pytest.fixture
def center(tmp_path) -> Center:
    if not (SOUNDS / "caller_en.wav").exists():
        pytest.fail(f"{SOUNDS}/caller_en.wav is missing: run .venv/bin/python -m "
                    "softphone.resources_build")
    path = tmp_path / "center.sqlite"
    make_db(path)
    return Center(path)


@pytest.fixture
def kamailio(tmp_path):
    kam = Kamailio(tmp_path, users=dict(USERS)).start()
    yield kam
    kam.stop()


@pytest.fixture
def spawn(tmp_path, kamailio, center):
    """spawn.agent(user, **opts) / spawn.acd(*args): started now, stopped after the test."""
    procs: list = []

    class Spawn:
        def agent(self, user: str, direct: bool = False, **opts) -> AgentUA:
            """An agent UA registered through Kamailio (``direct``: not registered)."""
            ua = AgentUA(None if direct else kamailio, user, tmp_path, **opts)
            procs.append(ua)
            return ua

        def acd(self, *extra: str, direct: bool = False) -> AcdProc:
            """The ACD routing via Kamailio (``direct``: to agents.contact_uri)."""
            acd = AcdProc(center.path, None if direct else kamailio, tmp_path, *extra)
            procs.append(acd)
            return acd

    yield Spawn()
    for p in procs:                 # all at once: each pjsua2 process needs ~1 s to stop
        try:
            p.proc.send_signal(signal.SIGTERM)
        except OSError:
            pass
    for p in reversed(procs):
        p.stop()
    crashes = []
    for p in procs:                 # a pjsua2 object outliving libDestroy aborts at exit
        text = p.log.read_text(errors="replace") if p.log.exists() else ""
        if p.proc.returncode in (-signal.SIGABRT, -signal.SIGSEGV) or "Assertion `" in text \
                or "Traceback (most recent call last)" in text:
            crashes.append(f"{p.log.name} (exit {p.proc.returncode}):\n{text[-3000:]}")
    assert not crashes, "a process crashed or raised:\n" + "\n".join(crashes)
