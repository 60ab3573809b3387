"""Real process lists from /proc for the practice tests: who descends from whom, who is left."""

from __future__ import annotations

import os
import signal
import time
from dataclasses import dataclass


@dataclass(frozen=True)
class Proc:
    pid: int
    ppid: int
    pgid: int
    start: int      # clock ticks after boot: with the pid, one process for good
    cmd: str


def read(pid: int) -> Proc | None:
    """The process ``pid`` as /proc shows it now; None when gone (or a zombie)."""
    try:
        with open(f"/proc/{pid}/stat", "rb") as f:
            rest = f.read().rsplit(b")", 1)[1].split()
        with open(f"/proc/{pid}/cmdline", "rb") as f:
            cmd = f.read().replace(b"\0", b" ").decode(errors="replace").strip()
    except (OSError, IndexError):
        return None
    if rest[0] in (b"Z", b"X"):
        return None
    return Proc(pid, int(rest[1]), int(rest[2]), int(rest[19]), cmd)


def all_procs() -> dict[int, Proc]:
    found = {}
    for name in os.listdir("/proc"):
        if name.isdigit():
            p = read(int(name))
            if p is not None:
                found[p.pid] = p
    return found


def descendants(root: int) -> dict[int, Proc]:
    """Every live process below ``root`` (children, their children, ...)."""
    procs = all_procs()
    kids: dict[int, list[int]] = {}
    for p in procs.values():
        kids.setdefault(p.ppid, []).append(p.pid)
    out, todo = {}, list(kids.get(root, ()))
    while todo:
        pid = todo.pop()
        if pid in procs and pid not in out:
            out[pid] = procs[pid]
            todo += kids.get(pid, ())
    return out


def alive(p: Proc) -> bool:
    """Still the same process (pid reuse safe)."""
    now = read(p.pid)
    return now is not None and now.start == p.start


def left_of(procs: dict[int, Proc] | list[Proc]) -> list[Proc]:
    return [p for p in (procs.values() if isinstance(procs, dict) else procs) if alive(p)]


def wait_gone(procs, timeout: float) -> list[Proc]:
    """Wait up to ``timeout`` s for ``procs`` to end; the ones still there."""
    deadline = time.monotonic() + timeout
    while True:
        left = left_of(procs)
        if not left or time.monotonic() > deadline:
            return left
        time.sleep(0.05)


def signal_all(procs, sig: int) -> None:
    for p in left_of(procs):
        try:
            os.kill(p.pid, sig)
        except (ProcessLookupError, PermissionError):
            pass


def kill_all(procs) -> None:
    """SIGCONT + SIGKILL whatever of ``procs`` is still there (cleanup; never raises)."""
    signal_all(procs, signal.SIGKILL)
    signal_all(procs, signal.SIGCONT)
    wait_gone(procs, 5)


def practice_roles(procs: dict[int, Proc]) -> dict[str, list[Proc]]:
    """The practice center's processes by role (api, acd, registrar, kamailio, colleagues)."""
    roles: dict[str, list[Proc]] = {"api": [], "acd": [], "registrar": [], "kamailio": [],
                                    "colleagues": []}
    for p in procs.values():
        if "-m democenter.colleagues" in p.cmd:
            roles["colleagues"].append(p)
        elif "-m democenter.registrar" in p.cmd:
            roles["registrar"].append(p)
        elif "-m democenter.acd" in p.cmd:
            roles["acd"].append(p)
        elif "-m democenter " in p.cmd + " ":
            roles["api"].append(p)
        elif "kamailio" in p.cmd.split(" ")[0]:
            roles["kamailio"].append(p)
    return roles


def describe(procs) -> str:
    return "\n".join(f"  {p.pid} (ppid {p.ppid}): {p.cmd[:150]}"
                     for p in (procs.values() if isinstance(procs, dict) else procs))
