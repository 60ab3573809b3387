"""Start helper processes for tests and stop them by PID (process group), always."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import time
from contextlib import closing


def free_port(kind: int = socket.SOCK_DGRAM, also_tcp: bool = True) -> int:
    """A port on 127.0.0.1 that is free for UDP (and TCP when ``also_tcp``)."""
    for _ in range(50):
        with closing(socket.socket(socket.AF_INET, kind)) as s:
            s.bind(("127.0.0.1", 0))
            port = s.getsockname()[1]
        if also_tcp:
            try:
                with closing(socket.socket(socket.AF_INET, socket.SOCK_STREAM)) as t:
                    t.bind(("127.0.0.1", port))
                with closing(socket.socket(socket.AF_INET, socket.SOCK_DGRAM)) as u:
                    u.bind(("127.0.0.1", port))
            except OSError:
                continue
        return port
    raise RuntimeError("no free port on 127.0.0.1")


def start(cmd: list[str], *, log_path: str | None = None, env: dict | None = None,
          cwd: str | None = None, stdin=subprocess.DEVNULL) -> subprocess.Popen:
    """Start ``cmd`` in its own process group, output to ``log_path`` (or discarded)."""
    out = open(log_path, "ab") if log_path else subprocess.DEVNULL
    try:
        return subprocess.Popen(cmd, stdout=out, stderr=subprocess.STDOUT, stdin=stdin,
                                env=env, cwd=cwd, start_new_session=True)
    finally:
        if log_path:
            out.close()


def stop(proc: subprocess.Popen | None, timeout: float = 5.0) -> None:
    """SIGTERM the process group, then SIGKILL it if it lingers. Never raises."""
    if proc is None:
        return
    try:
        pgid = os.getpgid(proc.pid)
    except ProcessLookupError:
        pgid = None
    for sig, wait in ((signal.SIGTERM, timeout), (signal.SIGKILL, 5.0)):
        try:
            if pgid is not None:
                os.killpg(pgid, sig)
            else:
                proc.send_signal(sig)
        except (ProcessLookupError, PermissionError):
            pass
        try:
            proc.wait(wait)
            break
        except subprocess.TimeoutExpired:
            continue
    # the group may hold children after the leader exited (kamailio): sweep it
    if pgid is not None:
        try:
            os.killpg(pgid, signal.SIGKILL)
        except (ProcessLookupError, PermissionError):
            pass


def wait_for(predicate, timeout: float, interval: float = 0.02, what: str = "condition"):
    """Poll ``predicate`` until it returns a truthy value; raise TimeoutError otherwise."""
    deadline = time.monotonic() + timeout
    while True:
        value = predicate()
        if value:
            return value
        if time.monotonic() > deadline:
            raise TimeoutError(f"timed out after {timeout:.1f}s waiting for {what}")
        time.sleep(interval)
