"""The practice center as child processes that end with the app, and the sweep of leftovers."""

from __future__ import annotations

import json
import logging
import os
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any, Iterable

import platformdirs

from softphone import APP_ID
from softphone.platform.children import free_port, parent_death_signal

log = logging.getLogger(__name__)

# How the children end with the app, however it ends:
# - each child gets a parent-death signal (Linux prctl PR_SET_PDEATHSIG = SIGTERM), so even
#   kill -9 or a crash of the app stops them. Children that fork stop their own children on
#   SIGTERM (democenter.registrar stops Kamailio, whose main process stops its workers).
#   The signal follows the *thread* that started the child: start them on the main thread.
# - stop() terminates them in order (queue, API and colleagues, then the registrar);
# - every child (and Kamailio, the registrar's child) is recorded with its process start time
#   in practice/children-<app pid>-<id>.json; the next start kills what is left of runs
#   whose app is gone (pid reuse safe: same process group, start time, command line, user).
_LOG_LIMIT = 20 * 1024 * 1024


def proc_stat(pid: int) -> tuple[str, int, int] | None:
    """(state, process group, start time in clock ticks after boot) of a live process."""
    try:
        with open(f"/proc/{pid}/stat", "rb") as f:
            rest = f.read().rsplit(b")", 1)[1].split()
    except (OSError, IndexError):
        return None
    state, pgid, start = rest[0].decode(), int(rest[2]), int(rest[19])
    return None if state in ("Z", "X") else (state, pgid, start)


def proc_cmdline(pid: int) -> str:
    try:
        with open(f"/proc/{pid}/cmdline", "rb") as f:
            return f.read().replace(b"\0", b" ").decode(errors="replace")
    except OSError:
        return ""


def _boot_id() -> str:
    try:
        return Path("/proc/sys/kernel/random/boot_id").read_text().strip()
    except OSError:
        return ""


def _mine(pid: int) -> bool:
    try:
        return os.stat(f"/proc/{pid}").st_uid == os.getuid()
    except OSError:
        return False


def _record(role: str, pid: int, match: str) -> dict[str, Any] | None:
    st = proc_stat(pid)
    return None if st is None else {"role": role, "pid": pid, "pgid": st[1], "start": st[2],
                                    "match": match}


def _members(records: Iterable[dict[str, Any]]) -> dict[int, int]:
    """pid -> start time of the live processes that belong to the recorded groups."""
    groups = {int(r["pgid"]): r for r in records}
    found: dict[int, int] = {}
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        pid = int(entry.name)
        st = proc_stat(pid)
        rec = groups.get(st[1]) if st else None
        if rec is None or st[2] < int(rec["start"]):
            continue        # not in a recorded group, or older than it: another program's
        if pid == int(rec["pid"]) and st[2] != int(rec["start"]):
            continue
        if rec["match"] in proc_cmdline(pid) and _mine(pid):
            found[pid] = st[2]
    return found


def kill_recorded(records: list[dict[str, Any]], grace: float = 5.0) -> list[int]:
    """SIGTERM (and SIGCONT, for stopped ones) what is left of ``records``; SIGKILL what
    still runs after ``grace`` seconds. Returns the pids it signalled."""
    if not records or not os.path.isdir("/proc"):
        return []
    victims = _members(records)

    def alive() -> dict[int, int]:
        return {p: s for p, s in victims.items() if (proc_stat(p) or (0, 0, -1))[2] == s}

    for sig in (signal.SIGTERM, signal.SIGCONT):
        for pid in alive():
            try:
                os.kill(pid, sig)
            except (ProcessLookupError, PermissionError):
                pass
    deadline = time.monotonic() + grace
    while alive() and time.monotonic() < deadline:
        time.sleep(0.05)
    for pid in alive():
        try:
            os.kill(pid, signal.SIGKILL)
        except (ProcessLookupError, PermissionError):
            pass
    return sorted(victims)


def sweep_leftovers(run_dir: Path) -> list[int]:
    """Kill what earlier runs whose app is gone left behind (their records in ``run_dir``)."""
    swept: list[int] = []
    boot = _boot_id()
    for path in sorted(run_dir.glob("children-*.json")):
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            owner = data["owner"]
            if (proc_stat(int(owner["pid"])) or (0, 0, -1))[2] == int(owner["start"]):
                continue                  # that app still runs (or it is this one)
            if data.get("boot_id") == boot:
                swept += kill_recorded(list(data["children"]))
        except (OSError, ValueError, KeyError, TypeError) as exc:
            log.warning("practice center: unreadable record %s (%s)", path.name, exc)
        path.unlink(missing_ok=True)
    if swept:
        log.warning("practice center: stopped %d processes left by an earlier run: %s",
                    len(swept), swept)
    return swept


def _private_dir(path: Path) -> Path:
    path.mkdir(mode=0o700, parents=True, exist_ok=True)
    if path.stat().st_mode & 0o077:
        os.chmod(path, 0o700)
    return path


def _write_private(path: Path, text: str) -> None:
    tmp = path.with_name(f".{path.name}.tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as f:
        f.write(text)
    os.replace(tmp, path)


def _terminate(procs: list[subprocess.Popen], timeout: float = 10.0) -> None:
    """SIGTERM the process groups of ``procs`` together; SIGKILL those still there after
    ``timeout`` seconds."""
    live = [p for p in procs if p is not None and p.poll() is None]
    for p in live:
        try:
            os.killpg(p.pid, signal.SIGTERM)
        except (ProcessLookupError, PermissionError):
            pass
    deadline = time.monotonic() + timeout
    for p in live:
        try:
            p.wait(max(0.1, deadline - time.monotonic()))
        except subprocess.TimeoutExpired:
            try:
                os.killpg(p.pid, signal.SIGKILL)
            except (ProcessLookupError, PermissionError):
                pass
            p.wait(5)


class PracticeCenter:
    """The practice center as children of the app: a loopback registrar
    (``python -m democenter.registrar``, unless ``sip_proxy`` names one), the center API
    (``python -m democenter --no-acd``; it hands the registrar out as the outbound proxy
    too, so the app's calls to numbers and extensions go through it), its queue
    (``python -m democenter.acd``) and the simulated colleagues with the outside world
    (``python -m democenter.colleagues``). Their output goes to ``democenter.log`` in the
    data dir."""

    def __init__(self, data_dir: Path | None = None, sip_proxy: str = "",
                 call_rate: float = 2.0, domain: str = "practice.center") -> None:
        self.data_dir = Path(data_dir or platformdirs.user_data_dir(APP_ID, appauthor=False))
        self.port = free_port()
        self.sip_proxy, self.domain, self.call_rate = sip_proxy, domain, call_rate
        self.sip_address = sip_proxy         # the registrar the center hands out
        self.registrar: subprocess.Popen | None = None
        self.api: subprocess.Popen | None = None
        self.acd: subprocess.Popen | None = None
        self.colleagues: subprocess.Popen | None = None
        self.log_path = self.data_dir / "democenter.log"
        self.db_path = self.data_dir / "democenter.sqlite"
        self.run_dir = self.data_dir / "practice"
        self._tag = f"{os.getpid()}-{id(self):x}"
        self.record_path = self.run_dir / f"children-{self._tag}.json"
        self.children: list[dict[str, Any]] = []
        self.swept: list[int] = []

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/api/v1"

    def start(self, timeout: float = 30.0) -> "PracticeCenter":
        _private_dir(self.data_dir)
        _private_dir(self.run_dir)
        self.swept = sweep_leftovers(self.run_dir)
        self._open_log()
        try:
            if not self.sip_proxy:
                self._start_registrar(timeout)
            self.api = self._spawn("api", "democenter", [
                "-m", "democenter", "--no-acd", "--host", "127.0.0.1", "--port", str(self.port),
                "--data", str(self.db_path), "--sip-proxy", self.sip_address,
                "--sip-domain", self.domain])
            self._wait_api(timeout)
            self.acd = self._spawn("acd", "democenter.acd", [
                "-m", "democenter.acd", "--db", str(self.db_path), "--proxy", self.sip_address,
                "--domain", self.domain, "--rate", str(self.call_rate)])
            self.colleagues = self._spawn("colleagues", "democenter.colleagues", [
                "-m", "democenter.colleagues", "--db", str(self.db_path),
                "--proxy", self.sip_address, "--domain", self.domain])
        except BaseException:
            self.stop()
            raise
        return self

    def pause(self) -> int:
        """Practise an outage: freeze the center's API and its registrar (SIGSTOP) until
        ``resume``, as a VPN that drops would look from the app. Returns how many processes."""
        self._paused = sorted(_members(r for r in self.children if r["role"] in ("api", "kamailio")))
        for pid in self._paused:
            try:
                os.kill(pid, signal.SIGSTOP)
            except (ProcessLookupError, PermissionError):
                pass
        return len(self._paused)

    def resume(self) -> None:
        for pid in getattr(self, "_paused", []):
            try:
                os.kill(pid, signal.SIGCONT)
            except (ProcessLookupError, PermissionError):
                pass
        self._paused = []

    def stop(self) -> None:
        self.resume()
        acd, api, registrar, team = self.acd, self.api, self.registrar, self.colleagues
        self.acd = self.api = self.registrar = self.colleagues = None
        _terminate([acd, api, team])           # the colleagues unregister: registrar last
        _terminate([registrar])
        kill_recorded(self.children, grace=3.0)   # e.g. Kamailio if its registrar was killed
        self.children = []
        self.record_path.unlink(missing_ok=True)

    # ------------------------------------------------------------------ children
    def _open_log(self) -> None:
        fd = os.open(self.log_path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
        try:
            os.fchmod(fd, 0o600)
            if os.fstat(fd).st_size > _LOG_LIMIT:        # keep one older log, not all of them
                os.replace(self.log_path, self.log_path.with_name(self.log_path.name + ".1"))
        finally:
            os.close(fd)

    def _spawn(self, role: str, match: str, args: list[str]) -> subprocess.Popen:
        env = {**os.environ, "PYTHONUNBUFFERED": "1"}
        fd = os.open(self.log_path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
        with os.fdopen(fd, "ab") as out:
            proc = subprocess.Popen([sys.executable, *args], stdout=out, stderr=subprocess.STDOUT,
                                    stdin=subprocess.DEVNULL, env=env, start_new_session=True,
                                    preexec_fn=parent_death_signal())
        self._remember(role, proc.pid, match)
        return proc

    def _remember(self, role: str, pid: int, match: str) -> None:
        rec = _record(role, pid, match)
        me = _record("app", os.getpid(), "")
        if rec is None or me is None:    # not Linux, or it is gone already
            return
        self.children.append(rec)
        _write_private(self.record_path, json.dumps(
            {"boot_id": _boot_id(), "owner": {"pid": me["pid"], "start": me["start"]},
             "children": self.children}, indent=1))

    def _start_registrar(self, timeout: float) -> None:
        ready = self.run_dir / f"registrar-{self._tag}.json"
        ready.unlink(missing_ok=True)
        self.registrar = self._spawn("registrar", "democenter.registrar", [
            "-m", "democenter.registrar", "--domain", self.domain, "--ready-file", str(ready),
            "--timeout", str(timeout)])
        deadline = time.monotonic() + timeout
        while not ready.exists():
            if self.registrar.poll() is not None:
                raise RuntimeError("The practice registrar (Kamailio) did not start; "
                                   f"see {self.log_path}")
            if time.monotonic() > deadline:
                raise RuntimeError(f"The practice registrar did not start in {timeout:.0f} s; "
                                   f"see {self.log_path}")
            time.sleep(0.05)
        info = json.loads(ready.read_text(encoding="utf-8"))
        ready.unlink(missing_ok=True)
        self._remember("kamailio", int(info["kamailio_pid"]), "kamailio")
        self.sip_address = str(info["address"])

    def _wait_api(self, timeout: float) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.api.poll() is not None:
                raise RuntimeError(f"The practice center stopped at start; see {self.log_path}")
            try:
                with urllib.request.urlopen(self.url + "/openapi.json", timeout=2) as r:
                    if r.status == 200:
                        return
            except (urllib.error.URLError, OSError):
                time.sleep(0.1)
        raise RuntimeError(f"The practice center did not start in {timeout:.0f} s; "
                           f"see {self.log_path}")
