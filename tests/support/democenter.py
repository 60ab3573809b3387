"""Start the practice center (``python -m democenter``) for a test and stop it by PID.

By default it listens on 127.0.0.1 of the root network namespace. ``host``/``ns`` run it
inside a test's namespace on one of its addresses (e.g. the center of tests/support/vpn.py:
``start_democenter(tmp, host=vpn.SERVICE, ns=tunnel.center)``); ``http()`` and the
readiness check then connect from inside that namespace.
"""

from __future__ import annotations

import contextlib
import json
import subprocess
import sys
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

from tests.support.procs import free_port, start, stop, wait_for

ROOT = Path(__file__).resolve().parents[2]


@dataclass
class DemoCenter:
    """A running practice center: ``url`` is the API base (``.../api/v1``)."""
    data: Path
    port: int
    log: Path
    args: tuple[str, ...] = ()
    proc: subprocess.Popen | None = field(default=None, repr=False)
    host: str = "127.0.0.1"
    ns: object | None = field(default=None, repr=False)     # a tests.support.netns.Namespace

    @property
    def root_url(self) -> str:
        return f"http://{self.host}:{self.port}"

    def inside(self):
        """A context in which this thread's sockets are made in the center's namespace."""
        return self.ns.entered() if self.ns is not None else contextlib.nullcontext()

    @property
    def url(self) -> str:
        return self.root_url + "/api/v1"

    def _up(self) -> bool:
        if self.proc is not None and self.proc.poll() is not None:
            raise RuntimeError(f"the practice center exited ({self.proc.returncode}); "
                               f"see {self.log}:\n{self.log.read_text(errors='replace')[-3000:]}")
        try:
            with self.inside(), urllib.request.urlopen(self.url + "/openapi.json",
                                                       timeout=2) as r:
                return r.status == 200
        except (urllib.error.URLError, OSError):
            return False

    def start(self, timeout: float = 30.0) -> "DemoCenter":
        cmd = [sys.executable, "-m", "democenter", "--no-acd", "--host", self.host,
               "--port", str(self.port), "--data", str(self.data), *self.args]
        if self.ns is not None:
            cmd = self.ns.command(cmd)
        self.proc = start(cmd, log_path=str(self.log), cwd=str(ROOT))
        wait_for(self._up, timeout, interval=0.1, what="the practice center to answer")
        return self

    def stop(self) -> None:
        stop(self.proc)
        self.proc = None


def start_democenter(tmp_dir: Path, *args: str, port: int | None = None,
                     name: str = "center", host: str = "127.0.0.1",
                     ns=None) -> DemoCenter:
    """Start ``python -m democenter --no-acd`` on a free port with a fresh data file
    (inside namespace ``ns`` on ``host`` when given: every port is free there, 8080 is used)."""
    tmp_dir = Path(tmp_dir)
    center = DemoCenter(data=tmp_dir / f"{name}.sqlite",
                        port=port or (free_port() if ns is None else 8080),
                        log=tmp_dir / f"{name}.log", args=tuple(args), host=host, ns=ns)
    return center.start()


SUPERVISOR = ("supervisor1", "practice")     # the practice supervisor account


def http(center: DemoCenter, method: str, path: str, body=None, token: str | None = None,
         headers: dict | None = None, raw: bytes | None = None, root: bool = False):
    """One raw HTTP exchange: (status, decoded JSON or text, headers with lower-case names).

    ``path`` is under the API base (``/api/v1``), or under the server's root with ``root``."""
    data = raw if raw is not None else (None if body is None else json.dumps(body).encode())
    req = urllib.request.Request((center.root_url if root else center.url) + path, data=data,
                                 method=method)
    req.add_header("Content-Type", "application/json")
    if token:
        req.add_header("Authorization", f"Bearer {token}")
    for k, v in (headers or {}).items():
        req.add_header(k, v)
    try:
        with center.inside(), urllib.request.urlopen(req, timeout=15) as r:
            status, payload, got = r.status, r.read(), r.headers
    except urllib.error.HTTPError as e:
        status, payload, got = e.code, e.read(), e.headers
    names = {k.lower(): v for k, v in got.items()}
    if names.get("content-type", "").startswith("application/json"):
        return status, json.loads(payload or b"null"), names
    return status, payload.decode("utf-8", "replace"), names


def sign_in(center: DemoCenter, user: str, password: str = "practice", **extra) -> dict:
    """POST /sessions for an agent; the login answer (tokens, sip, ...). Fails on refusal."""
    status, body, _ = http(center, "POST", "/sessions",
                           {"username": user, "password": password, **extra})
    assert status == 200, (status, body)
    return body


def supervisor_token(center: DemoCenter, user: str = SUPERVISOR[0],
                     password: str = SUPERVISOR[1]) -> str:
    """Sign the practice supervisor in (POST /supervisor/sessions); the session token."""
    req = urllib.request.Request(center.url + "/supervisor/sessions", method="POST",
                                 data=json.dumps({"username": user,
                                                  "password": password}).encode(),
                                 headers={"Content-Type": "application/json"})
    with center.inside(), urllib.request.urlopen(req, timeout=10) as r:
        return json.loads(r.read())["token"]


def supervisor_page(center: DemoCenter, token: str | None = None) -> str:
    """The /supervisor page's HTML as a signed-in supervisor sees it (session cookie)."""
    token = token or supervisor_token(center)
    req = urllib.request.Request(center.root_url + "/supervisor",
                                 headers={"Cookie": f"supervisor_session={token}"})
    with center.inside(), urllib.request.urlopen(req, timeout=10) as r:
        return r.read().decode()


def query(db: Path, sql: str, params=()) -> list[tuple]:
    """Rows of one SQL query on the practice center's SQLite file."""
    import sqlite3
    conn = sqlite3.connect(db, timeout=10)
    try:
        return [tuple(r) for r in conn.execute(sql, params).fetchall()]
    finally:
        conn.close()


DONE_SQL = ("SELECT COUNT(*) FROM interactions WHERE agent_id='agent1' "
            "AND disposition IS NOT NULL")


def offer_calls_when_ready(db: Path, proc, calls: int, timeout: float, log: Path,
                           before: int | None = None) -> int:
    """The queue has no random callers: offer one practice call each time agent1 is Ready
    with the previous call wrapped up, ``calls`` times; fails with the app's log tail if
    ``proc`` (the app) exits first. ``before``: agent1's finished calls at the start (read
    now when None); returns it."""
    import sqlite3

    from democenter import acd_store
    if before is None:
        before = query(db, DONE_SQL)[0][0]      # the practice data's history
    for n in range(1, calls + 1):
        wait_for(lambda: (query(db, "SELECT state FROM agents WHERE id='agent1'")[0][0]
                          == "ready" and query(db, DONE_SQL)[0][0] == before + n - 1)
                 or proc.poll() is not None, timeout, interval=0.1,
                 what=f"the agent to be Ready for call {n}")
        assert proc.poll() is None, log.read_text(errors="replace")[-3000:]
        conn = sqlite3.connect(db, timeout=10)
        try:
            acd_store.request_call(conn, queue_id="procurement")
        finally:
            conn.close()
    return before
